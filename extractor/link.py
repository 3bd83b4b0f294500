"""Linking: each trigger to its instrument, actor, products and partners, by the parse.

For every action trigger of a sentence, ``link_sentence`` finds the measure it acts on
(the nearest instrument in the dependency tree, or the instrument the trigger implies:
"banned exports" is an export ban), the party that acts (subject, passive agent,
possessive, or a party modifying the instrument), and the products and partners in the
trigger's own arguments. Triggers with no instrument are not measures ("easing tensions").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .actor import find_actor, party_before
from .arguments import attach_arguments
from .conventions import action_of, proposal_between
from .instrument import Instrument, find_instrument
from .recognize import Mention, Mentions, in_sentence
from .syntax import is_ancestor, noun_phrase_tokens, path_cost, subject_of


@dataclass
class Link:
    """What the parse says about one trigger."""

    trigger: Mention
    action: str
    instrument: Instrument
    actor_token: Token | None = None        # subject, agent or possessor, when the parse has one
    actor_parties: list[Mention] = field(default_factory=list)
    actor_source: str = "none"
    products: list[tuple[str | None, str, str]] = field(default_factory=list)   # (id, text, rule)
    partners: list[Mention] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)
    extra_anchor: int | None = None         # the verb of "the suspension takes effect"
    modality: str | None = None             # set by the link itself: dropping a proposed ban is negated


def link_sentence(sent: Span, mentions: Mentions, previous: Instrument | None = None) -> list[Link]:
    """Every trade-policy trigger of a sentence with its instrument, actor and arguments.

    ``previous`` is the measure the discourse last spoke of: an exemption with no measure
    in its sentence ("Britain was exempted") is an exemption from it.
    """
    links = []
    for trigger in in_sentence(mentions.triggers, sent):
        if trigger.rule.into_force:
            continue   # handled as a coming-into-force mention of its subject
        if _themeless(trigger.anchor, mentions) or trigger.rule.id in INTRANSITIVE_RULES \
                and not _measure_subject(trigger.anchor, mentions):
            continue
        if trigger.rule.after_party and party_before(trigger, mentions) is None:
            continue
        instrument = find_instrument(trigger, mentions, sent)
        if instrument is None and trigger.rule.action == "exempt" and previous is not None:
            instrument = Instrument(previous.type, previous.subtype, previous.text, None, 2, "link.previous_measure")
        if instrument is None:
            instrument = _halt_antecedent(trigger.anchor, [link.instrument for link in links] + [previous])
        if instrument is None:
            continue
        if trigger.rule.noun and _remains_in_place(trigger.anchor):
            continue
        if _private_advocacy(trigger.anchor, mentions):
            continue
        link = Link(trigger, action_of(trigger, instrument, mentions), instrument,
                    provenance=[trigger.rule.id, instrument.rule_id])
        if trigger.rule.action == "lift" and link.action == "impose":
            link.modality = "negated"
        find_actor(link, mentions)
        links.append(link)
    links = _drop_inside_dropped_proposals(_drop_folded_nouns(links))
    attach_arguments(links, mentions, sent)
    return links


HALT_NOUNS = frozenset({"halt", "suspension", "moratorium", "freeze", "pause", "stoppage"})


def _halt_antecedent(anchor: Token, before: list[Instrument | None]) -> Instrument | None:
    """"halted cobalt exports ..., and in June it extended the halt": the ban a definite halt
    noun refers back to, the last one named in the sentence or, failing that, before it."""
    halt = next((c for c in anchor.children if c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in HALT_NOUNS
                 and any(d.dep_ in {"det", "poss"} and d.lower_ != "a" for d in c.children)), None)
    if halt is None or any(c.dep_ == "prep" for c in halt.children):
        return None     # "a halt", or "the halt of nickel exports" (that one names its own measure)
    bans = [found for found in before if found is not None and found.type.endswith("_ban")]
    if not bans:
        return None
    return Instrument(bans[-1].type, bans[-1].subtype, bans[-1].text, None, 2, "link.halt_antecedent")


def _drop_inside_dropped_proposals(links: list[Link]) -> list[Link]:
    """"A proposal to cap shipments through a quota was dropped": one negated record, from the
    drop; the cap inside the proposal is not a measure of its own."""
    dropped = [proposal_between(link.trigger.anchor, link.instrument.token) for link in links
               if link.modality == "negated" and link.instrument.token is not None]
    dropped = [proposal for proposal in dropped if proposal is not None]
    return [link for link in links
            if not any(link.modality != "negated" and is_ancestor(proposal, link.trigger.anchor) for proposal in dropped)]


# Verbs of asking for a measure: when a company, a trade group or an analyst asks, no state
# has proposed anything ("exporters called for the duty to be removed").
ADVOCACY_VERBS = frozenset({"call", "urge", "demand", "ask", "press", "lobby", "push", "want", "seek", "petition"})


def _private_advocacy(anchor: Token, mentions: Mentions) -> bool:
    """A trigger asked for by a subject that is neither a party nor an office of state."""
    for verb in anchor.ancestors:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in ADVOCACY_VERBS:
            continue
        subject, _ = subject_of(verb)
        if subject is None or subject.pos_ in {"PRON", "PROPN"}:
            return False
        phrase = noun_phrase_tokens(subject)
        if any(mentions.at(mentions.parties, t.i) is not None for t in phrase):
            return False
        return not any(t.lemma_.lower() in STATE_WORDS for t in phrase)
    return False


# Nouns for a state's own people and bodies: their requests are the state's.
STATE_WORDS = frozenset({
    "government", "ministry", "minister", "official", "president", "premier", "lawmaker", "legislator",
    "senator", "parliament", "congress", "senate", "commission", "council", "regulator", "authority",
    "administration", "department", "agency", "cabinet", "state", "country", "member", "leader", "negotiator",
    "delegation", "envoy", "ambassador", "representative", "governor", "party", "bloc", "office",
})


INTRANSITIVE_RULES = frozenset({"action.increase.intransitive", "action.reduce.intransitive"})


def _themeless(anchor: Token, mentions: Mentions) -> bool:
    """"Talks resume", "shipments halted": an intransitive use whose subject is no measure."""
    if anchor.pos_ != "VERB" or anchor.dep_ in {"amod", "acl", "xcomp", "relcl"}:
        return False
    if any(c.dep_ in {"dobj", "nsubjpass", "xcomp", "ccomp", "dative", "attr", "prt"} for c in anchor.children):
        return False
    subject = next((c for c in anchor.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    phrase = noun_phrase_tokens(subject)
    return not any(mentions.at(mentions.parties, t.i) or mentions.at(mentions.instruments, t.i)
                   or mentions.at(mentions.triggers, t.i) for t in phrase) and subject.pos_ != "PRON"


def _measure_subject(anchor: Token, mentions: Mentions) -> bool:
    """"Tariffs rose to 100%": the verb of rising has a measure for its subject."""
    subject = next((c for c in anchor.children if c.dep_ == "nsubj"), None)
    return subject is not None and mentions.at(mentions.instruments, subject.i) is not None


STATIVE_VERBS = frozenset({"remain", "stay", "continue", "persist", "last"})


def _remains_in_place(anchor: Token) -> bool:
    """"the halt remains in place", "the suspension is set to expire": no new action."""
    head = anchor.head
    if anchor.dep_ in {"nsubj", "nsubjpass"} and head.lemma_.lower() in STATIVE_VERBS:
        return True
    return anchor.dep_ == "nsubj" and any(c.lemma_.lower() in {"expire", "end", "lapse"} for c in head.children
                                          if c.dep_ == "xcomp")


def _drop_folded_nouns(links: list[Link]) -> list[Link]:
    """A noun trigger that is the object of a verb trigger is that verb's mention."""
    verbs = [link for link in links if not link.trigger.rule.noun]
    kept = []
    for link in links:
        anchor = link.trigger.anchor
        folded = link.trigger.rule.noun and any(
            is_ancestor(v.trigger.anchor, anchor) and path_cost(v.trigger.anchor, anchor) <= 1
            for v in verbs)
        if not folded:
            kept.append(link)
    return kept
