"""Modality and historical status of a trigger, in the manner of ConText.

Cues are data (``patterns/modality.jsonl``: a category and a direction). A cue applies to a
trigger when it stands in the trigger's scope: the trigger itself and the chain of heads
that govern it through complements and coordination ("threatened to impose", "agreed to
reduce ... and delay"), with the cue either being one of those heads or one of their
auxiliaries, negations, adverbs and determiners ("would have added", "did not lift", "no
new tariffs"). One table maps cue categories to the output field; when several apply,
the most marked one wins.
"""

from __future__ import annotations

from spacy.tokens import Token

from .recognize import Mention

# Cue category -> modality value; the order is the precedence when several cues apply.
MODALITY_OF_CUE = {
    "negated": "negated",
    "threatened": "threatened",
    "hypothetical": "hypothetical",
    "proposed": "proposed",
    "agreed": "agreed",
    "planned": "planned",
}
PRECEDENCE = list(MODALITY_OF_CUE)
SCOPE_DEPS = frozenset({"xcomp", "conj", "ccomp", "dobj", "pobj", "prep", "advcl", "pcomp",
                        "nsubjpass", "acl", "compound", "appos", "attr", "oprd", "acomp"})  # "will be exempt"
MODIFIER_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "det", "mark", "amod", "prt", "npadvmod"})
MAX_SCOPE_STEPS = 4
REPORTING = frozenset({"say", "announce", "state", "confirm", "tell", "report", "add", "note"})


def scope_heads(anchor: Token) -> list[Token]:
    """The trigger and the heads governing it within its clause chain, nearest first."""
    heads = [anchor]
    token = anchor
    for _ in range(MAX_SCOPE_STEPS):
        if token.dep_ not in SCOPE_DEPS or token.head.i == token.i:
            break
        token = token.head
        heads.append(token)
    return heads


def _cue_tokens(cue: Mention) -> set[int]:
    return {token.i for token in cue.span}


def _direction_ok(cue: Mention, anchor: Token) -> bool:
    direction = cue.rule.direction
    if direction == "forward":
        return cue.start <= anchor.i
    if direction == "backward":
        return cue.start > anchor.i
    return True


def cues_in_scope(anchor: Token, trigger: Mention, cues: list[Mention]) -> list[Mention]:
    """The cues that govern a trigger."""
    heads = scope_heads(anchor)
    found = []
    for cue in cues:
        if cue.start < trigger.end and trigger.start < cue.end:
            continue
        if not _direction_ok(cue, anchor):
            continue
        tokens = _cue_tokens(cue)
        for level, head in enumerate(heads):
            is_head = level > 0 and head.i in tokens
            is_modifier = any(c.i in tokens and c.dep_ in MODIFIER_DEPS for c in head.children)
            if is_head or is_modifier:
                found.append(cue)
                break
    return found


def modality_of(anchor: Token, trigger: Mention, cues: list[Mention]) -> tuple[str, list[str]]:
    """The trigger's modality and the ids of the cues that decided it."""
    applying = [c for c in cues_in_scope(anchor, trigger, cues) if c.rule.cue in MODALITY_OF_CUE]
    applying = _drop_outer_conditions(anchor, applying)
    if not applying and _counterfactual(anchor):
        return "hypothetical", ["modality.inverted_conditional"]
    if not applying and _headline_infinitive(anchor):
        return "planned", ["modality.headline_infinitive"]
    if not applying:
        if trigger.rule.modality is not None:   # "proposed tariffs", "threatened duties"
            return trigger.rule.modality, [trigger.rule.id]
        return "asserted", []
    best = min(applying, key=lambda c: PRECEDENCE.index(c.rule.cue))
    return MODALITY_OF_CUE[best.rule.cue], [best.rule.id]


def _counterfactual(anchor: Token) -> bool:
    """"Had Beijing restricted ...", "had the halt been lifted": an inverted conditional."""
    for head in scope_heads(anchor)[:2]:
        aux = [c for c in head.children if c.dep_ in {"aux", "auxpass"} and c.lower_ == "had"]
        subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if aux and subjects and aux[0].i < subjects[0].i:
            return True
    return False


def _headline_infinitive(anchor: Token) -> bool:
    """"Gabon to ban manganese ore exports": a headline's bare infinitive announces a plan."""
    for head in scope_heads(anchor):
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children) and (
                head.dep_ == "ROOT" or head.head.pos_ in {"NOUN", "PROPN"} and head.dep_ in {"acl", "relcl"}
                and head.head.dep_ == "ROOT"):
            return True
    return False


def _drop_outer_conditions(anchor: Token, cues: list[Mention]) -> list[Mention]:
    """"if" makes hypothetical only the clause it introduces, not the main clause's threat."""
    return [c for c in cues if c.rule.id != "cue.hypothetical.condition" or c.root.head.i == anchor.i]


def historical_cues(anchor: Token, trigger: Mention, cues: list[Mention]) -> list[str]:
    """Why a trigger recalls an earlier action: cue words, past perfect, participle modifiers."""
    reasons = [c.rule.id for c in cues_in_scope(anchor, trigger, cues) if c.rule.cue == "historical"]
    reported = anchor.dep_ == "ccomp" and anchor.head.lemma_.lower() in REPORTING
    if anchor.tag_ == "VBN" and not reported and any(
            c.lemma_ == "have" and c.tag_ == "VBD" for c in anchor.children if c.dep_ == "aux"):
        reasons.append("historical.past_perfect")   # "had imposed", but not "said it had expanded"
    if anchor.tag_ in {"VBN", "JJ"} and anchor.dep_ in {"amod", "acl"} and not trigger.rule.noun:
        reasons.append("historical.participle_modifier")
    return reasons
