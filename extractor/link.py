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

from .recognize import Mention, Mentions
from .syntax import FAR, in_arguments, in_subtree, is_ancestor, noun_phrase_tokens, path_cost, subject_of

MAX_INSTRUMENT_COST = 3
MAX_ARGUMENT_COST = 4
# Heads that make a product mention describe an industry or a firm, not the goods covered.
NON_PRODUCT_HEADS = frozenset({
    "manufacturing", "industry", "sector", "firm", "company", "maker", "producer", "production",
    "supply", "chain", "giant", "group", "stock", "share", "price", "output", "plant", "mine",
    "miner", "technology", "application", "use", "demand", "market", "capacity", "executive",
    "material", "metal", "spat", "war", "dispute", "row", "talk", "rivalry", "tension", "exporter",
    "importer", "buyer", "user", "factory", "project", "smelter", "refinery", "price", "glut",
})
# Verbs that describe what a product is for, not what the measure covers ("metals used in chips").
PURPOSE_VERBS = frozenset({"use", "make", "produce", "manufacture", "build", "power", "need", "go"})
GOODS_LEMMAS = frozenset({"import", "good", "product", "shipment", "export"})
HALT_ACTIONS = frozenset({"suspend"})
FOLDING_VERBS = {"extend": {"exempt", "suspend", "delay"}}


@dataclass
class Instrument:
    type: str
    subtype: str | None
    text: str | None
    token: Token | None
    cost: int
    rule_id: str


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

    @property
    def root(self) -> Token:
        return self.trigger.root


def _in_sentence(items: list[Mention], sent: Span) -> list[Mention]:
    return [m for m in items if sent.start <= m.start < sent.end]


def _trigger_anchor(trigger: Mention) -> Token:
    """The token that stands for a trigger in the tree (the verb of "rolled back")."""
    return trigger.span[0] if trigger.span[0].pos_ in {"VERB", "NOUN"} else trigger.root


def _flow_near(token: Token, flows: list[Mention]) -> Mention | None:
    """A trade flow ("exports") in the arguments of a token, nearest first."""
    near = [(path_cost(token, f.root), f) for f in flows
            if (in_subtree(token, f.root) or path_cost(token, f.root) <= 1)
            and not (f.root.dep_ == "nsubj" and f.root.head.i == token.i)]   # "sales had stopped"
    near = [item for item in near if item[0] <= 2]
    return min(near, key=lambda item: item[0])[1] if near else None


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
    if flow is not None and flow.rule.flow == "export" and instrument_type == "tariff":
        return "export_tax"
    return _refine_type(instrument_type, flow)


def _is_agentive_subject(token: Token, anchor: Token) -> bool:
    """"the counter-tariffs had raised costs": a measure doing something is not acted on."""
    return token.dep_ == "nsubj" and token.head.i == anchor.i and any(c.dep_ == "dobj" for c in anchor.children)


def _candidate_instruments(anchor: Token, instruments: list[Mention], triggers: list[Mention]):
    for inst in instruments:
        if _is_agentive_subject(inst.root, anchor):
            continue
        cost = path_cost(anchor, inst.root)
        if cost > MAX_INSTRUMENT_COST:
            continue
        if is_ancestor(inst.root, anchor):     # "the ban, which it had imposed in 2023"
            yield cost, abs(inst.root.i - anchor.i), inst
            continue
        rival = min((path_cost(_trigger_anchor(t), inst.root) for t in triggers
                     if _trigger_anchor(t).i != anchor.i and not _coordinated(t, anchor)
                     and not _describes_object(_trigger_anchor(t), anchor)), default=FAR)
        if rival < cost:
            continue
        yield cost, abs(inst.root.i - anchor.i), inst


def _describes_object(other: Token, anchor: Token) -> bool:
    """A trigger in a clause on this trigger's object ("postponed a rule that would have added")."""
    return other.dep_ in {"relcl", "acl"} and is_ancestor(anchor, other)


def _coordinated(trigger: Mention, anchor: Token) -> bool:
    other = _trigger_anchor(trigger)
    return other in anchor.conjuncts or other.head.i == anchor.i and other.dep_ == "xcomp" \
        or anchor.head.i == other.i and anchor.dep_ == "xcomp"


def find_instrument(trigger: Mention, mentions: Mentions, sent: Span) -> Instrument | None:
    """The measure a trigger acts on: nearest in the tree, else implied by the trigger or flow."""
    anchor = _trigger_anchor(trigger)
    instruments = [i for i in _in_sentence(mentions.instruments, sent)
                   if not (i.start < trigger.end and trigger.start < i.end)]
    triggers = _in_sentence(mentions.triggers, sent)
    candidates = sorted(_candidate_instruments(anchor, instruments, triggers), key=lambda c: c[:2])
    if trigger.rule.needs_instrument_object:
        candidates = [c for c in candidates if _is_object(c[2].root, anchor)]
    if anchor.dep_ in {"amod", "acl"} and anchor.tag_ in {"VBN", "VBD", "JJ"} and not trigger.rule.noun:
        # a participle reports an action only on a measure: "tightened rules", not "blacklisted companies"
        candidates = [c for c in candidates if c[2].root.i == anchor.head.i]
        if not candidates:
            return None
    pronoun = _pronoun_object(anchor)
    if pronoun is not None and not any(c[0] <= 1 for c in candidates):
        antecedent = _antecedent_instrument(pronoun, mentions)
        if antecedent is not None:
            return antecedent
    flows = _in_sentence(mentions.flows, sent)
    if trigger.rule.instrument and any(f.root.head.i == anchor.i and f.root.dep_ == "dobj" for f in flows):
        candidates = [c for c in candidates if _is_object(c[2].root, anchor)]   # "restrict sales": implied
    halted = _halted_trade(anchor, mentions, flows)
    if halted is not None and (not candidates or candidates[0][0] > 1):
        return halted
    if candidates:
        cost, _, inst = candidates[0]
        flow = _flow_near(inst.root, flows) or _flow_near(anchor, flows)
        kind, subtype = _refine_for_exports(inst.rule.instrument, flow), inst.rule.subtype
        if flow is None and inst.rule.id in GENERIC_INSTRUMENTS:
            kind, subtype = _antecedent_type(inst, mentions) or (kind, subtype)
        return Instrument(kind, subtype, inst.span.text, inst.root, cost, inst.rule.id)
    return _implied_instrument(trigger, anchor, flows, mentions)


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
    inst = before[-1]
    return Instrument(inst.rule.instrument, inst.rule.subtype, inst.span.text, inst.root, 1, inst.rule.id)


def _is_object(token: Token, anchor: Token) -> bool:
    """The instrument is what the trigger acts on: its object, or the noun its clause modifies."""
    if token.head.i == anchor.i and token.dep_ in {"dobj", "nsubjpass", "attr", "oprd", "conj"}:
        return True
    if token.dep_ == "pobj" and token.head.head.i == anchor.i:
        return True
    return anchor.dep_ in {"relcl", "acl"} and anchor.head.i == token.i


# Rules matching a bare head noun ("the duties", "the curbs"), whose type may be refined by
# a fully specified mention of the same kind nearby ("anti-dumping duties", "export taxes").
GENERIC_INSTRUMENTS = {
    "instrument.tariff.noun": "levy", "instrument.export_control.noun": "control",
    "instrument.export_ban.noun": "ban", "instrument.export_quota.noun": "quota",
}
FAMILY_OF_TYPE = {"tariff": "levy", "trade_remedy": "levy", "export_tax": "levy",
                  "export_control": "control", "import_ban": "ban", "export_ban": "ban",
                  "export_quota": "quota", "import_quota": "quota"}
ANTECEDENT_WINDOW = 3   # sentences


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
        if 0 < gap <= ANTECEDENT_WINDOW and (best is None or gap < best[0]):
            best = (gap, other)
    if best is None or best[1].rule.instrument == inst.rule.instrument:
        return None
    return best[1].rule.instrument, best[1].rule.subtype


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
    if implied is None or trigger.rule.needs_instrument_object:
        return None
    if implied in {"export_control", "export_ban"} and flow is None and not _product_object(anchor, mentions):
        return None   # "curb a glut", "limit content": no trade flow or product restricted
    text = flow.span.text if flow is not None else None
    return Instrument(_refine_type(implied, flow), None, text, flow.root if flow else None, 1, trigger.rule.id)


def _product_object(anchor: Token, mentions: Mentions) -> bool:
    """Whether the verb's object (or passive subject) is a product ("banned gallium")."""
    for child in anchor.children:
        if child.dep_ in {"dobj", "nsubjpass"} and any(
                mentions.at(mentions.products, t.i) is not None for t in child.subtree):
            return True
    return False


def action_of(trigger: Mention, instrument: Instrument, mentions: Mentions) -> str:
    """The action type, with the conventions that change it.

    Halting a trade flow is imposing a ban; extending an exemption is an exemption;
    removing a country from a whitelist tightens the control it now faces.
    """
    action = trigger.rule.action
    if action in HALT_ACTIONS and instrument.type.endswith("_ban") and (
            instrument.rule_id == trigger.rule.id or instrument.token is not None and instrument.token.i == trigger.root.i):
        return "impose"
    if action == "lift" and any(noun.rule.action == "exempt" and noun.rule.noun and noun.root.head.i == trigger.root.i
                                and noun.root.dep_ in {"dobj", "nsubjpass"} for noun in mentions.triggers):
        return "increase"   # "scrapped the remaining exemptions": the measure now bites harder
    if action == "lift" and _is_unrealised(instrument):
        return "impose"     # "drop a proposed ban": the ban is not imposed
    if instrument.subtype == "whitelist":
        return {"lift": "increase", "reinstate": "ease", "impose": "ease"}.get(action, action)
    folded = FOLDING_VERBS.get(action)
    if folded and instrument.token is not None and instrument.rule_id != "link.halted_trade":
        for noun in mentions.triggers:
            if noun.rule.noun and noun.rule.action in folded and in_subtree(_trigger_anchor(trigger), noun.root) \
                    and path_cost(_trigger_anchor(trigger), noun.root) <= 1:
                return noun.rule.action
    return action


UNREALISED = frozenset({"proposed", "planned", "draft", "possible", "potential", "threatened", "mooted"})


def _is_unrealised(instrument: Instrument) -> bool:
    """A measure only proposed or threatened: "the proposed nickel ore export ban"."""
    token = instrument.token
    return token is not None and any(c.lower_ in UNREALISED for c in token.children if c.dep_ in {"amod", "compound"})


def _party_in(tokens: list[Token], mentions: Mentions) -> list[Mention]:
    found: list[Mention] = []
    for token in tokens:
        party = mentions.at(mentions.parties, token.i)
        if party is not None and party not in found and not _is_region(party):
            found.append(party)
    return found


def _is_region(party: Mention) -> bool:
    return party.rule.country is None and not party.rule.generic


def find_actor(link: Link, mentions: Mentions) -> None:
    """Fill the link's actor from the parse: subject, agent, possessor or modifier."""
    anchor = _trigger_anchor(link.trigger)
    owner = link.instrument.token if link.instrument.token is not None else anchor
    if anchor.pos_ == "VERB" and anchor.dep_ not in {"amod", "acl"}:
        subject, via_agent = subject_of(anchor)
        if subject is not None:
            link.actor_token = subject
            phrase = noun_phrase_tokens(subject)
            for conj in subject.conjuncts:
                phrase += noun_phrase_tokens(conj)
            link.actor_parties = _party_in(phrase, mentions)
            link.actor_source = "agent" if via_agent else "subject"
            return
    if anchor.pos_ == "VERB" and anchor.dep_ in {"acl", "xcomp"} and anchor.head.pos_ == "NOUN":
        parties = _noun_agent(anchor.head, mentions)     # "the decision by Washington to add"
        if parties:
            link.actor_token, link.actor_parties, link.actor_source = parties[0].root, parties, "possessive"
            return
    before = _party_before(link.trigger, mentions)
    if before is not None and (anchor.tag_ == "VBG" or link.trigger.rule.after_party):
        # "hours of Washington raising its duty", a headline's "India lifts ban ..."
        link.actor_token, link.actor_parties, link.actor_source = before.root, [before], "subject"
        return
    for head in _owner_candidates(anchor, owner):
        possessor = next((c for c in head.children if c.dep_ == "poss"), None)
        modifiers = [c for c in head.children if c.dep_ in {"poss", "compound", "amod", "nmod"}]
        parties = _party_in([t for m in modifiers for t in m.subtree], mentions)
        if parties or possessor is not None:
            link.actor_token = possessor or parties[0].root
            link.actor_parties = parties
            link.actor_source = "possessive"
            return
    if anchor.pos_ != "VERB" or anchor.dep_ in {"amod", "acl"}:
        _actor_from_governing_verb(link, anchor, mentions)


def _party_before(trigger: Mention, mentions: Mentions) -> Mention | None:
    """A named party right before a trigger, adverbs aside ("Beijing also suspends")."""
    index = trigger.start - 1
    doc = trigger.span.doc
    while index >= 0 and doc[index].pos_ == "ADV":
        index -= 1
    party = mentions.at(mentions.parties, index) if index >= 0 else None
    return party if party is not None and party.rule.country is not None else None


def _noun_agent(noun: Token, mentions: Mentions) -> list[Mention]:
    """Who a noun's action belongs to: "China's decision", "the decision by the Commerce Department"."""
    tokens = []
    for child in noun.children:
        if child.dep_ == "poss":
            tokens += list(child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "by":
            tokens += list(child.subtree)
    return _party_in(tokens, mentions)


def _owner_candidates(anchor: Token, owner: Token) -> list[Token]:
    heads = [anchor, owner]
    if anchor.dep_ in {"amod", "acl", "relcl", "compound"}:
        heads.append(anchor.head)
    return heads


def _actor_from_governing_verb(link: Link, anchor: Token, mentions: Mentions) -> None:
    """"China announced a suspension of tariffs": the subject of the verb governing the noun."""
    token = anchor
    while token.dep_ in {"dobj", "pobj", "prep", "conj", "appos", "attr"} and token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB":
            subject, via_agent = subject_of(token)
            if subject is not None:
                link.actor_token = subject
                link.actor_parties = _party_in(noun_phrase_tokens(subject), mentions)
                link.actor_source = "agent" if via_agent else "subject"
            return


def _argument_roots(link: Link) -> list[Token]:
    roots = [_trigger_anchor(link.trigger)]
    if link.instrument.token is not None:
        roots.append(link.instrument.token)
    return roots


def _nearest_link(token: Token, links: list[Link]) -> list[Link]:
    """The links whose trigger or instrument is nearest to a token (ties share).

    A token inside a link's instrument phrase ("curbs on exports of gallium") belongs to
    that link whatever else is near, so coordinated triggers sharing a measure share it.
    """
    scored = []
    for link in links:
        cost = min(path_cost(root, token) for root in _argument_roots(link))
        if link.instrument.token is not None and in_subtree(link.instrument.token, token):
            cost = min(cost, 1)
        scored.append((cost, link))
    best = min((cost for cost, _ in scored), default=FAR)
    if best > MAX_ARGUMENT_COST:
        return []
    return [link for cost, link in scored if cost == best]


def _describes_industry(product: Mention) -> bool:
    """"semiconductor manufacturing", "materials essential for chips": not the goods covered."""
    root = product.root
    if root.dep_ in {"compound", "amod", "nmod"} and root.head.lemma_.lower() in NON_PRODUCT_HEADS:
        return True
    for ancestor in root.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            return ancestor.lemma_.lower() in PURPOSE_VERBS and ancestor.dep_ in {"acl", "relcl", "xcomp", "advcl"}
        if ancestor.pos_ == "ADJ" and ancestor.dep_ in {"amod", "acomp"}:
            return True
    return False


def attach_arguments(links: list[Link], mentions: Mentions, sent: Span) -> None:
    """Give each product and partner mention of a sentence to the nearest trigger."""
    actor_tokens = {p.root.i for link in links for p in link.actor_parties}
    for product in _in_sentence(mentions.products, sent):
        if _describes_industry(product):
            continue
        for link in _nearest_link(product.root, links):
            link.products.append((product.rule.product, product.span.text, product.rule.id))
    for party in _in_sentence(mentions.parties, sent):
        if party.rule.generic or _is_region(party) or party.root.i in actor_tokens or _inside_name(party):
            continue
        in_measure = any(link.instrument.token is not None and in_subtree(link.instrument.token, party.root)
                         and party.root.i != link.instrument.token.i for link in links)
        if not in_measure and (party.root.dep_ in {"nsubj", "nsubjpass", "poss"} or _is_subject_phrase(party)):
            continue
        for link in _nearest_link(party.root, links):
            if any(in_arguments(root, party.root) for root in _argument_roots(link)) \
                    or party.root.head.i == _trigger_anchor(link.trigger).i:
                link.partners.append(party)
    for link in links:
        _add_all_goods(link, mentions)
        _ban_on_foreign_goods(link, mentions)


def _ban_on_foreign_goods(link: Link, mentions: Mentions) -> None:
    """"the ban on Chinese seafood": a bare ban on a partner's products keeps them out."""
    if link.instrument.rule_id != "instrument.export_ban.noun" or link.instrument.type != "export_ban":
        return
    for party in link.partners:
        if party.root.dep_ in {"amod", "compound"} and mentions.at(mentions.products, party.root.head.i):
            link.instrument.type = "import_ban"
            return


NAME_HEADS = frozenset({"agreement", "act", "treaty", "accord", "pact", "partnership", "council", "forum"})


def _inside_name(party: Mention) -> bool:
    """"the Canada-United States-Mexico Agreement": a country named inside a treaty's name."""
    doc = party.span.doc
    following = doc[party.end:min(party.end + 3, len(doc))]
    return any(t.lower_ in NAME_HEADS and t.pos_ == "PROPN" for t in following) or party.root.ent_type_ == "LAW"


def _is_subject_phrase(party: Mention) -> bool:
    """A party inside some verb's subject phrase ("the Chinese commerce ministry said")."""
    token = party.root
    while token.dep_ in {"compound", "amod", "poss", "pobj", "prep", "nmod", "appos"} and token.head.i != token.i:
        token = token.head
        if token.dep_ in {"nsubj", "nsubjpass"}:
            return True
    return False


def _add_all_goods(link: Link, mentions: Mentions) -> None:
    """"Tariffs on Chinese imports", "duties on goods from Canada": all goods of a partner."""
    if link.products or link.instrument.type not in {"tariff", "trade_remedy", "import_ban", "sanction"}:
        return
    for party in link.partners:
        head = party.root.head
        if party.root.dep_ == "pobj":
            head = head.head
        if head.lemma_.lower() in GOODS_LEMMAS and head.pos_ == "NOUN":
            text = head.doc[min(party.start, head.i):max(party.end, head.i + 1)].text
            link.products.append(("all_goods", text, "link.all_goods"))
            return


def link_sentence(sent: Span, mentions: Mentions, previous: Instrument | None = None) -> list[Link]:
    """Every trade-policy trigger of a sentence with its instrument, actor and arguments.

    ``previous`` is the measure the discourse last spoke of: an exemption with no measure
    in its sentence ("Britain was exempted") is an exemption from it.
    """
    links = []
    for trigger in _in_sentence(mentions.triggers, sent):
        if trigger.rule.into_force:
            continue   # handled as a coming-into-force mention of its subject
        if _themeless(_trigger_anchor(trigger), mentions):
            continue
        if trigger.rule.after_party and _party_before(trigger, mentions) is None:
            continue
        instrument = find_instrument(trigger, mentions, sent)
        if instrument is None and trigger.rule.action == "exempt" and previous is not None:
            instrument = Instrument(previous.type, previous.subtype, previous.text, None, 2, "link.previous_measure")
        if instrument is None:
            continue
        if trigger.rule.noun and _remains_in_place(_trigger_anchor(trigger)):
            continue
        link = Link(trigger, action_of(trigger, instrument, mentions), instrument,
                    provenance=[trigger.rule.id, instrument.rule_id])
        if trigger.rule.action == "lift" and link.action == "impose":
            link.modality = "negated"
        find_actor(link, mentions)
        links.append(link)
    links = _drop_folded_nouns(links)
    attach_arguments(links, mentions, sent)
    return links


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
        anchor = _trigger_anchor(link.trigger)
        folded = link.trigger.rule.noun and any(
            is_ancestor(_trigger_anchor(v.trigger), anchor) and path_cost(_trigger_anchor(v.trigger), anchor) <= 1
            for v in verbs)
        if not folded:
            kept.append(link)
    return kept
