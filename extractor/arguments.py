"""Arguments: the products and partners of each trigger of a sentence.

Each product and partner mention goes to the trigger (or the trigger's measure) nearest to
it in the dependency tree, within the trigger's own arguments; industries and purposes
("semiconductor manufacturing", "metals used in chips") are not goods covered, treaty
names are not partners, and "tariffs on Chinese imports" covers all goods of the partner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .recognize import Mention, Mentions, in_sentence, is_region
from .syntax import FAR, in_arguments, in_subtree, path_cost

if TYPE_CHECKING:
    from .link import Link

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


def _argument_roots(link: Link) -> list[Token]:
    roots = [link.trigger.anchor]
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
    for product in in_sentence(mentions.products, sent):
        if _describes_industry(product):
            continue
        for link in _nearest_link(product.root, links):
            link.products.append((product.rule.product, product.span.text, product.rule.id))
    for party in in_sentence(mentions.parties, sent):
        if _may_be_partner(party, links, mentions):
            _attach_partner(party, links)
    for link in links:
        _add_all_goods(link, mentions)
        _ban_on_foreign_goods(link, mentions)


# Heads a country's adjective modifies when it names no target: "largely Chinese investment".
NON_TARGET_HEADS = frozenset({"investment", "investor", "demand", "economy", "market", "price", "official",
                              "leader", "government", "ministry", "rival", "competitor", "counterpart", "invasion",
                              "war", "election", "currency", "bank", "stock", "share", "capital", "interest",
                              "policy", "negotiator", "delegation", "talk", "visit", "response", "retaliation"})
# Prepositions that set an event beside the measure, not a target of it ("after Moscow's invasion of Ukraine").
SETTING_PREPS = frozenset({"after", "before", "amid", "following", "despite", "during", "since", "because"})


def _may_be_partner(party: Mention, links: list[Link], mentions: Mentions) -> bool:
    actor_tokens = {p.root.i for link in links for p in link.actor_parties}
    if party.rule.generic or is_region(party) or party.root.i in actor_tokens or _inside_name(party) \
            or _counterpart(party) or _in_setting(party):
        return False
    root = party.root
    if root.dep_ in {"amod", "compound"} and root.head.lemma_.lower() in NON_TARGET_HEADS:
        return False    # "largely Chinese investment"
    in_measure = any(link.instrument.token is not None and in_subtree(link.instrument.token, root)
                     and root.head.i != link.instrument.token.i for link in links)
    owner_of_object = root.dep_ == "poss" and root.head.dep_ in {"dobj", "pobj"} and not any(
        link.instrument.token is not None and root.head.i == link.instrument.token.i for link in links)
    if in_measure or owner_of_object:     # "added China's Huawei to its list"
        return True
    return not (root.dep_ in {"nsubj", "nsubjpass", "poss"} or _is_subject_phrase(party))


def _in_setting(party: Mention) -> bool:
    return any(t.dep_ == "prep" and t.lower_ in SETTING_PREPS for t in party.root.ancestors
               if t.i < party.start and t.head.pos_ in {"VERB", "AUX"})


def _attach_partner(party: Mention, links: list[Link]) -> None:
    for link in _nearest_link(party.root, links):
        if any(in_arguments(root, party.root) for root in _argument_roots(link)) \
                or party.root.head.i == link.trigger.anchor.i:
            link.partners.append(party)


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


def _counterpart(party: Mention) -> bool:
    """"agreements with Mexico", "talks with Washington": a counterpart, not a target."""
    root = party.root
    return root.dep_ == "pobj" and root.head.lower_ in {"with", "between", "among"}


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
