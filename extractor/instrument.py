"""Instruments: the measure a trigger acts on, and the action type it comes out as.

``find_instrument`` takes the nearest instrument mention in the dependency tree (prepositions
and pass-through nouns cost nothing: "delay enforcement of tariffs"), unless another trigger
is closer to it; a pronoun object takes the last measure named ("put them on hold"); a
bare noun ("the duties") takes the type of a specific mention nearby ("countervailing
duties"); and a trigger with none may imply one ("banned exports" is an export ban,
"its suspension of cobalt exports" a halt of trade). ``action_of`` applies the conventions
that change an action's type.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .conventions import HALT_ACTIONS, RESUMING
from .recognize import Mention, Mentions, in_sentence
from .syntax import PASS_THROUGH, FAR, in_subtree, is_ancestor, path_cost, subject_of

MAX_INSTRUMENT_COST = 3



@dataclass
class Instrument:
    type: str
    subtype: str | None
    text: str | None
    token: Token | None
    cost: int
    rule_id: str


def _flow_near(token: Token, flows: list[Mention]) -> Mention | None:
    """A trade flow ("exports") in the arguments of a token, nearest first."""
    near = [(path_cost(token, f.root), f) for f in flows
            if (in_subtree(token, f.root) or path_cost(token, f.root) <= 1)
            and not (f.root.dep_ == "nsubj" and f.root.head.i == token.i)   # "sales had stopped"
            and not _conjoined_clause(token, f.root)]
    near = [item for item in near if item[0] <= 2]
    return min(near, key=lambda item: item[0])[1] if near else None


def _conjoined_clause(token: Token, flow_root: Token) -> bool:
    """"slapped a tariff on soybeans and shipments fell": a flow in a coordinated clause is another event."""
    node = flow_root
    while node.i != token.i and node.head.i != node.i:
        if node.dep_ == "conj" and node.pos_ in {"VERB", "AUX"} | ({"NOUN"} if node.head.pos_ == "VERB" else set()):
            return True
        node = node.head
    return False


def _refine_type(instrument_type: str, flow: Mention | None) -> str:
    """An import flow turns export-side instruments into their import counterpart."""
    if flow is None or flow.rule.flow != "import":
        return instrument_type
    if flow.rule.id == "flow.import_goods":     # "a ban on Chinese goods" keeps them out
        return {"export_ban": "import_ban"}.get(instrument_type, instrument_type)
    return {"export_ban": "import_ban", "export_quota": "import_quota", "export_control": "import_ban",
            "export_tax": "tariff"}.get(instrument_type, instrument_type)


def _refine_for_exports(instrument_type: str, flow: Mention | None) -> str:
    """A duty or levy on exports is an export tax."""
    if flow is not None and flow.rule.flow == "export" and instrument_type == "tariff" and flow.root.pos_ == "NOUN":
        return "export_tax"
    return _refine_type(instrument_type, flow)


def _is_agentive_subject(token: Token, anchor: Token) -> bool:
    """"the counter-tariffs had raised costs": a measure doing something is not acted on."""
    return token.dep_ == "nsubj" and token.head.i == anchor.i and any(c.dep_ == "dobj" for c in anchor.children)


def _candidate_instruments(anchor: Token, instruments: list[Mention], triggers: list[Mention]):
    for inst in instruments:
        if _is_agentive_subject(inst.root, anchor):
            continue
        if inst.rule.id in DEAL_INSTRUMENTS and not _blocks_deals(anchor):
            continue    # "boost its stake": a company's deal, not a measure
        if inst.rule.id in NEEDS_ANTECEDENT and _levy_nearby(inst, instruments) is None:
            continue
        cost = path_cost(anchor, inst.root)
        if cost > MAX_INSTRUMENT_COST:
            continue
        if is_ancestor(inst.root, anchor):     # "the ban, which it had imposed in 2023"
            yield cost, abs(inst.root.i - anchor.i), inst
            continue
        rival = min((path_cost(t.anchor, inst.root) for t in triggers
                     if t.anchor.i != anchor.i and not _coordinated(t, anchor)
                     and not _describes_object(t.anchor, anchor)), default=FAR)
        if rival < cost:
            continue
        yield cost, abs(inst.root.i - anchor.i), inst


def _describes_object(other: Token, anchor: Token) -> bool:
    """A trigger in a clause on this trigger's object ("postponed a rule that would have added")."""
    return other.dep_ in {"relcl", "acl"} and is_ancestor(anchor, other)


def _coordinated(trigger: Mention, anchor: Token) -> bool:
    other = trigger.anchor
    return other in anchor.conjuncts or other.head.i == anchor.i and other.dep_ == "xcomp" \
        or anchor.head.i == other.i and anchor.dep_ == "xcomp"


def find_instrument(trigger: Mention, mentions: Mentions, sent: Span) -> Instrument | None:
    """The measure a trigger acts on, trying in order:

    1. a pronoun object's antecedent ("put them on hold");
    2. an action noun as object ("suspending the expansion"): that noun's measure;
    3. a halt of trade ("its suspension of cobalt exports");
    4. the nearest instrument mention in the tree;
    5. the instrument the trigger implies ("banned exports").
    """
    anchor = trigger.anchor
    candidates = _ranked_candidates(trigger, mentions, sent)
    if candidates is None:
        return None
    flows = in_sentence(mentions.flows, sent)
    close = bool(candidates) and candidates[0][0] <= 1
    pronoun = _pronoun_object(anchor)
    if pronoun is not None and not close:
        found = _antecedent_instrument(pronoun, mentions)
        if found is not None:
            return found
    if not close:
        found = _object_action_measure(trigger, mentions, sent)
        if found is not None:
            return found
    halted = _halted_trade(anchor, mentions, flows)
    if halted is not None and not close:
        return halted
    if candidates:
        return _candidate_instrument(candidates[0], anchor, flows, mentions)
    return _implied_instrument(trigger, anchor, flows, mentions)


def _ranked_candidates(trigger: Mention, mentions: Mentions, sent: Span) -> list | None:
    """Instrument mentions a trigger may act on, best first; None when the trigger is no measure."""
    anchor = trigger.anchor
    instruments = [i for i in in_sentence(mentions.instruments, sent)
                   if not (i.start < trigger.end and trigger.start < i.end)]
    candidates = sorted(_candidate_instruments(anchor, instruments, in_sentence(mentions.triggers, sent)),
                        key=lambda c: c[:2])
    if trigger.rule.needs_instrument_object:
        candidates = [c for c in candidates if _is_object(c[2].root, anchor)]
    if anchor.dep_ in {"amod", "acl"} and anchor.tag_ in {"VBN", "VBD", "JJ"} and not trigger.rule.noun:
        # a participle reports an action only on a measure: "tightened rules", not "blacklisted companies"
        candidates = [c for c in candidates if c[2].root.i == anchor.head.i]
        return candidates or None
    flows = in_sentence(mentions.flows, sent)
    if trigger.rule.instrument and any(f.root.head.i == anchor.i and f.root.dep_ == "dobj" for f in flows):
        candidates = [c for c in candidates if _is_object(c[2].root, anchor)   # "restrict sales": implied
                      and c[2].root.dep_ != "appos"]
    return candidates


def describe_instrument(inst: Mention, mentions: Mentions, cost: int = 0) -> Instrument:
    """An instrument mention as the measure it names, refined by its flows and antecedents."""
    flows = in_sentence(mentions.flows, inst.span.sent)
    return _candidate_instrument((cost, 0, inst), inst.root, flows, mentions)


def _candidate_instrument(candidate, anchor: Token, flows: list[Mention], mentions: Mentions) -> Instrument:
    cost, _, inst = candidate
    # a flow modifying another measure is that measure's: "a counter-tariff and export curbs"
    others = {m.root.i for m in mentions.instruments if m is not inst}
    flows = [f for f in flows if f.root.head.i not in others]
    flow = _flow_near(inst.root, flows) or _flow_near(anchor, flows)
    kind, subtype = _refine_for_exports(inst.rule.instrument, flow), inst.rule.subtype
    owned = any(c.dep_ == "poss" for c in inst.root.children)    # "its own steel tariffs"
    if flow is None and inst.rule.id in GENERIC_INSTRUMENTS and not owned:
        kind, subtype = _antecedent_type(inst, mentions) or (kind, subtype)
    if kind == "export_quota" and flow is None and _limits_imports(inst):
        kind = "import_quota"
    if kind == "entity_list" and "control list" in inst.span.text.lower() and _product_object(anchor, mentions):
        kind = "export_control"     # items added to a control list are controlled goods, not entities
    if kind == "export_ban" and flow is None and inst.rule.id != "instrument.export_ban.export" \
            and (_inbound(inst.root, mentions) or _inbound(anchor, mentions) or _only_imports(inst, flows)):
        kind = "import_ban"
    return Instrument(kind, subtype, inst.span.text, inst.root, cost, inst.rule.id)


def _only_imports(inst: Mention, flows: list[Mention]) -> bool:
    """A bare ban in a sentence whose only trade flows come in ("resumed imports ..., partly
    lifting a blanket ban")."""
    return bool(flows) and all(f.rule.flow == "import" and f.rule.id != "flow.import_goods" for f in flows)


def _inbound(token: Token, mentions: Mentions) -> bool:
    """"bans on Ukrainian grain", "banned seafood from 10 prefectures": what is kept out comes in."""
    for prep in token.children:
        if prep.dep_ != "prep":
            continue
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.lower_ == "from" and any(o.ent_type_ not in {"DATE", "TIME"} and not o.like_num for o in objects):
            return True
        if prep.lower_ == "on" and any(mentions.at(mentions.parties, m.i) is not None
                                       for o in objects for m in o.children if m.dep_ in {"amod", "compound"}):
            return True
    return False


def _limits_imports(inst: Mention) -> bool:
    """"tariff-free steel quotas", "the safeguard quota", "quotas on steel from countries ..."."""
    words = {t.lower_ for t in inst.span.sent}
    return bool(words & IMPORT_QUOTA_CUES) or any(
        c.dep_ == "prep" and c.lower_ == "from" and not _is_time(c) and c.head.dep_ not in {"relcl", "acl"}
        for c in inst.root.subtree)     # not "the quota, which applied from Feb. 15"


def _is_time(prep: Token) -> bool:
    return any(o.ent_type_ in {"DATE", "TIME"} or o.like_num for o in prep.children if o.dep_ == "pobj")


def _object_action_measure(trigger: Mention, mentions: Mentions, sent: Span) -> Instrument | None:
    """"before suspending the expansion": the measure of the action noun a verb acts on."""
    anchor = trigger.anchor
    for child in anchor.children:
        if child.dep_ not in {"dobj", "nsubjpass"}:
            continue
        noun = mentions.at(mentions.triggers, child.i)
        if noun is not None and noun.rule.noun and noun is not trigger:
            found = find_instrument(noun, mentions, sent)
            if found is not None:
                return Instrument(found.type, found.subtype, found.text, found.token, found.cost + 1, found.rule_id)
    return None


PRONOUNS = frozenset({"it", "them", "they", "these", "those"})


def _pronoun_object(anchor: Token) -> Token | None:
    """The pronoun a trigger acts on: "put them on hold", "it was lifted"."""
    return next((c for c in anchor.children if c.dep_ in {"dobj", "nsubjpass"} and c.lower_ in PRONOUNS), None)


def _antecedent_instrument(pronoun: Token, mentions: Mentions) -> Instrument | None:
    """The last measure named before a pronoun, within the sentence and the one before it."""
    sentences = list(pronoun.doc.sents)
    index = next(i for i, s in enumerate(sentences) if s.start <= pronoun.i < s.end)
    floor = sentences[max(index - 1, 0)].start
    before = [m for m in mentions.instruments if floor <= m.start < pronoun.i]
    if not before:
        return None
    acted_on = [m for m in before if m.root.dep_ in {"dobj", "nsubjpass", "nsubj"}]
    # a measure a trigger acted on beats one doing something itself: "imposed the safeguard,
    # after U.S. tariffs threatened to divert metal, and has extended it"
    by_trigger = [m for m in acted_on if m.root.dep_ in {"dobj", "nsubjpass"}
                  and mentions.at(mentions.triggers, m.root.head.i) is not None]
    inst = (by_trigger or acted_on or before)[-1]
    return Instrument(inst.rule.instrument, inst.rule.subtype, inst.span.text, inst.root, 1, inst.rule.id)


def _is_object(token: Token, anchor: Token) -> bool:
    """The instrument is what the trigger acts on: its object, or the noun its clause modifies."""
    if token.head.i == anchor.i and token.dep_ in {"dobj", "nsubjpass", "attr", "oprd", "conj"}:
        return True
    collection = token.head.head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and collection.lemma_.lower() in PASS_THROUGH:
        # "agreed a package of sanctions", not "banned imports as part of sanctions"
        return collection.head.i == anchor.i and collection.dep_ in {"dobj", "nsubjpass"}
    if token.dep_ == "pobj" and token.head.head.i == anchor.i and token.head.dep_ != "agent":
        return True     # "put X on its list", not "were hit by the ban"
    if anchor.dep_ in {"relcl", "acl"} and anchor.head.i == token.i:
        # "the levy Trump announced" (object relative), not "tariffs that threatened to divert"
        relative_subject = any(c.dep_ == "nsubj" and c.tag_ in {"WDT", "WP"} for c in anchor.children)
        return not relative_subject
    return False


# Rules matching a bare head noun ("the duties", "the curbs"), whose type may be refined by
# a fully specified mention of the same kind nearby ("anti-dumping duties", "export taxes").

GENERIC_INSTRUMENTS = {
    "instrument.tariff.noun": "levy", "instrument.export_control.noun": "control",
    "instrument.export_ban.noun": "ban", "instrument.export_quota.noun": "quota",
    "instrument.tariff.rate": "levy",
}
# A deal ("the takeover", "its stake") is a measure's object only when a state blocks or unwinds it.
DEAL_INSTRUMENTS = frozenset({"instrument.investment_restriction.deal"})
ORDER_VERBS = frozenset({"order", "require", "force", "direct", "compel", "tell"})


def _blocks_deals(anchor: Token) -> bool:
    return anchor.lemma_.lower() in {"block", "veto", "unwind", "reject", "prohibit"} or (
        anchor.lemma_.lower() == "divest" and anchor.head.lemma_.lower() in ORDER_VERBS)


# A bare "rate" is a tariff only where a levy is named nearby.
NEEDS_ANTECEDENT = frozenset({"instrument.tariff.rate"})
# Words around a bare quota that show it limits what comes in.
IMPORT_QUOTA_CUES = frozenset({"tariff-free", "duty-free", "safeguard", "surtax", "import", "imports",
                               "into", "over-quota", "out-of-quota"})

FAMILY_OF_TYPE = {"tariff": "levy", "trade_remedy": "levy", "export_tax": "levy",
                  "export_control": "control", "import_ban": "ban", "export_ban": "ban",
                  "export_quota": "quota", "import_quota": "quota"}

ANTECEDENT_WINDOW = 3   # sentences


def _levy_nearby(inst: Mention, instruments: list[Mention]) -> Mention | None:
    """A tariff, duty or levy named in the same sentence as a bare "rate"."""
    return next((m for m in instruments if m is not inst and FAMILY_OF_TYPE.get(m.rule.instrument) == "levy"
                 and m.rule.id not in NEEDS_ANTECEDENT), None)


def _antecedent_type(inst: Mention, mentions: Mentions) -> tuple[str, str | None] | None:
    """The type of the nearest specific mention of the same kind of measure, for a bare noun.

    "EU imposes duties on Chinese EVs" followed by "the countervailing duties ..." makes the
    headline's duties countervailing; a specific mention before the noun wins over one after.
    """
    if any(c.dep_ in {"amod", "compound"} and c.pos_ in {"ADJ", "NOUN", "PROPN"} and c.lower_ not in {"new", "the"}
           for c in inst.root.children if c.lower_ in {"retaliatory", "punitive"}):
        return None
    family = GENERIC_INSTRUMENTS[inst.rule.id]
    sentences = list(inst.span.doc.sents)
    index = next(i for i, s in enumerate(sentences) if s.start <= inst.start < s.end)
    best = None
    for other in mentions.instruments:
        if other.rule.id in GENERIC_INSTRUMENTS or FAMILY_OF_TYPE.get(other.rule.instrument) != family:
            continue
        other_index = next(i for i, s in enumerate(sentences) if s.start <= other.start < s.end)
        if other.start > inst.start and index > 0:
            continue    # only a headline looks ahead to the lead for what its "duties" are
        gap = index - other_index if other.start < inst.start else (other_index - index) + 0.5
        if gap == 0 and other.start < inst.start and _definite(inst.root):
            gap = 0.1   # "cut the export duty ... and scrapped the duty on brown rice": the same kind
        if 0 < gap <= ANTECEDENT_WINDOW and (best is None or gap < best[0]):
            best = (gap, other)
    if best is None or best[1].rule.instrument == inst.rule.instrument:
        return None
    return best[1].rule.instrument, best[1].rule.subtype


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in {"the", "that", "this", "these", "those"} for c in noun.children)


HALT_NOUNS = frozenset({"suspension", "halt", "freeze", "moratorium", "pause", "stop"})


def _halted_trade(anchor: Token, mentions: Mentions, flows: list[Mention]) -> Instrument | None:
    """"its suspension of cobalt exports": a halt of trade, which is an export ban."""
    nouns = [anchor] + [c for c in anchor.children if c.dep_ in {"dobj", "nsubjpass", "pobj"}]
    for noun in nouns:
        if noun.lemma_.lower() not in HALT_NOUNS or noun.pos_ != "NOUN":
            continue
        flow = next((f for f in flows if in_subtree(noun, f.root) and path_cost(noun, f.root) <= 2), None)
        if flow is not None:
            kind = "import_ban" if flow.rule.flow == "import" else "export_ban"
            return Instrument(kind, None, noun.doc[noun.i:flow.end].text, noun, 1, "link.halted_trade")
    return None


def _implied_instrument(trigger: Mention, anchor: Token, flows: list[Mention],
                        mentions: Mentions) -> Instrument | None:
    """"banned exports", "curbed shipments", "blacklisted firms": the instrument the verb implies."""
    flow = _flow_near(anchor, flows)
    implied = trigger.rule.instrument
    if implied is None and flow is not None and trigger.rule.action in HALT_ACTIONS:
        implied = "export_ban"    # halting trade itself is a ban
    if implied is None and flow is not None and anchor.lemma_.lower() in RESUMING and _state_subject(anchor, mentions):
        implied = "export_ban"    # a state resuming trade eases the ban on it
    if implied is None or trigger.rule.needs_instrument_object:
        return None
    if trigger.rule.id == "action.impose.divest" and not _blocks_deals(anchor):
        return None     # a company selling a business is no divestment order
    if implied in {"export_control", "export_ban", "export_quota"} and flow is None \
            and not _product_object(anchor, mentions):
        return None   # "curb a glut", "limit content": no trade flow or product restricted
    if implied == "export_ban" and _without_licence(anchor):
        implied = "export_control"   # "shall not be exported without a licence" is a licence requirement
    text = flow.span.text if flow is not None else None
    kind = _refine_type(implied, flow)
    if kind == "export_ban" and flow is None and _inbound(anchor, mentions):
        kind = "import_ban"
    return Instrument(kind, None, text, flow.root if flow else None, 1, trigger.rule.id)



def _state_subject(anchor: Token, mentions: Mentions) -> bool:
    """"China has resumed imports", not "Chinese buyers would resume purchases"."""
    subject, _ = subject_of(anchor)
    return subject is not None and (subject.pos_ == "PRON" or mentions.at(mentions.parties, subject.i) is not None)


PERMISSION_NOUNS = frozenset({"licence", "license", "permission", "permit", "approval", "authorisation",
                              "authorization"})


def _without_licence(anchor: Token) -> bool:
    return any(t.lower_ == "without" and any(c.lemma_.lower() in PERMISSION_NOUNS for c in t.subtree)
               for t in anchor.subtree)


def _product_object(anchor: Token, mentions: Mentions) -> bool:
    """Whether the verb's object (or passive subject) is a product ("banned gallium")."""
    for child in anchor.children:
        if child.dep_ in {"dobj", "nsubjpass"} and any(
                mentions.at(mentions.products, t.i) is not None for t in child.subtree):
            return True
    return False
