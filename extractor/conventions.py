"""Conventions of the record specification that change an action's type.

Halting trade is imposing a ban; extending an exemption or a suspension keeps the relief's
own action; removing a country from a whitelist, revoking a licence or lowering a price cap
tightens the measure; resuming trade eases the ban on it; extending a measure "to" new
targets widens it; dropping a proposed measure is that measure, not imposed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .recognize import Mention, Mentions
from .syntax import in_subtree, is_ancestor, path_cost

if TYPE_CHECKING:
    from .instrument import Instrument

HALT_ACTIONS = frozenset({"suspend"})
FOLDING_VERBS = {"extend": {"exempt", "suspend", "delay"}}
RESUMING = frozenset({"resume", "restart", "reopen"})


def action_of(trigger: Mention, instrument: Instrument, mentions: Mentions) -> str:
    """The action type, with the conventions that change it.

    Halting a trade flow is imposing a ban; extending an exemption is an exemption;
    removing a country from a whitelist tightens the control it now faces, and ending
    duty-free or preferential treatment raises the duty.
    """
    action = trigger.rule.action
    if action in HALT_ACTIONS and instrument.type.endswith("_ban") and (
            instrument.rule_id == trigger.rule.id or instrument.token is not None and instrument.token.i == trigger.root.i):
        return "impose"
    if action == "lift" and any(noun.rule.action == "exempt" and noun.rule.noun and noun.root.head.i == trigger.root.i
                                and noun.root.dep_ in {"dobj", "nsubjpass"} for noun in mentions.triggers):
        return "increase"   # "scrapped the remaining exemptions": the measure now bites harder
    if action == "lift" and _is_unrealised(instrument, trigger.anchor):
        return "impose"     # "drop a proposed ban": the ban is not imposed
    if action == "lift" and _raised_to_rate(trigger.anchor):
        return "increase"   # "lifting the total levy to 50%"
    scoped = _scope_or_ceiling(action, trigger, instrument)
    if scoped is not None:
        return scoped
    if instrument.subtype == "licence":    # a permit: taking it away tightens the control
        return {"lift": "increase", "suspend": "increase", "reduce": "increase"}.get(action, action)
    if instrument.subtype == "preference":    # ending duty-free or preferential treatment raises the duty
        return {"lift": "increase", "suspend": "increase", "reduce": "increase"}.get(action, action)
    if instrument.subtype == "whitelist":
        return {"lift": "increase", "reinstate": "ease", "impose": "ease"}.get(action, action)
    folded = FOLDING_VERBS.get(action)
    if folded and instrument.token is not None and instrument.rule_id != "link.halted_trade":
        for noun in mentions.triggers:
            if noun.rule.noun and noun.rule.action in folded and in_subtree(trigger.anchor, noun.root) \
                    and path_cost(trigger.anchor, noun.root) <= 1 \
                    and not (noun.root.dep_ == "pobj" and noun.root.head.lower_ in {"with", "without"}):
                # "extended the exemption", not "prolonged a ban ... with exemptions for supplies"
                return noun.rule.action
    return action


def _scope_or_ceiling(action: str, trigger: Mention, instrument: Instrument) -> str | None:
    """Actions whose type the measure's nature changes.

    Resuming trade eases the ban on it; extending a measure "to" new targets widens it (an
    increase; "until" a date is an extension); lowering a price cap tightens the sanction.
    """
    anchor = trigger.anchor
    if action == "lift" and any(c.lower_ in {"partly", "partially", "partial"} for c in anchor.children):
        return "ease"       # "partly lifting a blanket ban"
    if action == "reinstate" and anchor.lemma_.lower() in RESUMING and instrument.rule_id == trigger.rule.id:
        return "ease"
    heads = [anchor] + ([instrument.token] if instrument.token is not None else [])
    if action == "extend" and any(p.dep_ == "prep" and p.lower_ == "to" and not any(
            o.ent_type_ in {"DATE", "TIME"} for o in p.children) for head in heads for p in head.children):
        return "increase"
    if instrument.subtype == "price_cap":
        return {"reduce": "increase", "increase": "ease"}.get(action)
    return None


UNREALISED = frozenset({"proposed", "planned", "draft", "possible", "potential", "threatened", "mooted"})


def _raised_to_rate(anchor: Token) -> bool:
    """"lifting the levy to 50%": a verb of lifting with a rate it reaches."""
    for prep in anchor.children:
        if prep.dep_ == "prep" and prep.lower_ == "to":
            words = [t.lower_ for t in prep.subtree]
            if any(w in {"%", "percent", "pct", "per"} for w in words) and any(t.like_num for t in prep.subtree):
                return True
    return False


def _is_unrealised(instrument: Instrument, anchor: Token | None = None) -> bool:
    """A measure only proposed or threatened: "the proposed nickel ore export ban", or one
    inside a proposal the trigger acts on ("a proposal to cap shipments through a quota was dropped")."""
    token = instrument.token
    if token is None:
        return False
    if any(c.lower_ in UNREALISED for c in token.children if c.dep_ in {"amod", "compound"}):
        return True
    return anchor is not None and proposal_between(anchor, token) is not None


# Nouns for a measure not yet decided: dropping one drops the measure it holds.
PROPOSAL_NOUNS = frozenset({"proposal", "plan", "idea", "draft", "scheme", "suggestion", "bill", "option"})


def proposal_between(anchor: Token, token: Token) -> Token | None:
    """A proposal noun on the way up from ``token`` to the trigger ``anchor``, if any."""
    node = token
    while node.head.i != node.i and node.i != anchor.i:
        node = node.head
        if node.i != anchor.i and node.pos_ == "NOUN" and node.lemma_.lower() in PROPOSAL_NOUNS:
            return node if is_ancestor(anchor, node) else None
    return None
