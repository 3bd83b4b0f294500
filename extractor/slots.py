"""Slots of a measure that come from its own clause: dates, duration and magnitudes.

Each temporal expression or amount of a sentence goes to the trigger that governs it in
the dependency tree (or, for amounts, the nearest trigger). A date's role comes from the
words that govern it: "until" and "expire" give ``until``, "from" and "take effect" give
``effective``, a reporting verb above the trigger ("announced Friday that it would...")
gives ``announced``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .dates import normalize_date, normalize_duration
from .magnitudes import find_magnitudes
from .syntax import FAR, path_cost
from .timex import Timex, tense_preference

if TYPE_CHECKING:
    from .assemble import Draft

REPORTING_LEMMAS = frozenset({"announce", "say", "unveil", "publish", "state", "confirm", "declare",
                              "tell", "notify", "report", "reveal", "issue", "release", "decide",
                              "agree", "threaten", "warn", "pledge", "vow", "approve", "sign", "propose",
                              "adopt", "order", "direct", "plan"})
UNTIL_PREPS = frozenset({"until", "till", "til", "through", "thru", "to", "into"})
UNTIL_GOVERNORS = frozenset({"expire", "end", "last", "run", "lapse"})
EFFECTIVE_PREPS = frozenset({"from", "since", "starting", "beginning", "after", "as"})
EFFECTIVE_GOVERNORS = frozenset({"effective", "start", "begin", "take", "come", "enter", "go", "kick", "apply",
                                 "become"})
MAX_MAGNITUDE_COST = 4
ISO_DURATION = re.compile(r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")


@dataclass(frozen=True)
class DateSlot:
    role: str
    value: str | None
    mod: str | None
    start: int           # character offsets in the Doc
    end: int


@dataclass(frozen=True)
class AmountSlot:
    value: float
    unit: str
    kind: str
    start: int
    end: int


def _anchors(drafts: list[Draft]) -> tuple[dict[int, Draft], dict[int, Draft]]:
    anchors, instruments = {}, {}
    for draft in drafts:
        anchors[draft.link.trigger.span[0].i] = draft
        if draft.link.extra_anchor is not None:
            anchors[draft.link.extra_anchor] = draft
        if draft.link.instrument.token is not None:
            instruments.setdefault(draft.link.instrument.token.i, draft)
    return anchors, instruments


def attach_times(drafts: list[Draft], sent: Span, timexes: list[Timex], published: dt.date | None) -> None:
    """Give each date and duration of a sentence to the trigger that governs it."""
    anchors, instruments = _anchors(drafts)
    for timex in timexes:
        span = timex_span(sent.doc, timex)
        if span is None or not (sent.start <= span.start < sent.end) or timex.type not in {"DATE", "DURATION"}:
            continue
        if inside_name(span):
            continue
        owner, _ = owner_of(span, {**instruments, **anchors})
        reported = reporting_owner(span, anchors) if owner is None else []
        if timex.type == "DURATION":
            value = is_duration(timex, span, owner.link.action) if owner is not None else None
            if owner is not None and value is not None and owner.duration is None:
                owner.duration = (value, timex.start, timex.end)
            continue
        owners = [owner] + _coordinated_before(owner, span, anchors) if owner is not None else reported
        for draft in owners:
            anchor = draft.link.trigger.span[0]
            role = "announced" if owner is None else date_role(span, anchor, draft.link.action)
            if draft is not owner and owner is not None and role != "effective":
                continue    # only a start date closes coordinated clauses; "until" is the delay's own
            prefer = tense_preference(span)
            if prefer == "nearest":
                prefer = prefer_for(role, anchor, draft.modality)
            normalised = normalise_date(timex.text, published, prefer)
            if normalised is not None:
                draft.dates.append(DateSlot(role, normalised[0], normalised[1], timex.start, timex.end))


def _coordinated_before(owner, span: Span, anchors: dict[int, object]) -> list:
    """Coordinated triggers before a date that closes their clause share it: "restored the
    steel tariff and raised the aluminium rate, with effect from March 12"."""
    anchor = owner.link.trigger.span[0]
    shared = []
    for conjunct in anchor.conjuncts:
        other = anchors.get(conjunct.i)
        if other is not None and other is not owner and conjunct.i < anchor.i < span.start \
                and not any(d.role != "announced" for d in other.dates):
            shared.append(other)
    return shared


def attach_immediate(drafts: list[Draft], sent: Span, published: dt.date | None) -> None:
    """"with immediate effect", "took effect immediately": effective on the day it was announced."""
    anchors, instruments = _anchors(drafts)
    for token in sent:
        if token.lower_ not in {"immediately", "immediate"}:
            continue
        phrase = sent.doc[token.i:token.i + 2] if token.lower_ == "immediate" else sent.doc[token.i:token.i + 1]
        owner, _ = owner_of(phrase, {**instruments, **anchors})
        if owner is None or any(d.role == "effective" for d in owner.dates):
            continue
        announced = next((d.value for d in owner.dates if d.role == "announced"), None)
        value = announced or (published.isoformat() if published else None)
        owner.dates.append(DateSlot("effective", value, None, phrase.start_char, phrase.end_char))


def attach_amounts(drafts: list[Draft], sent: Span) -> None:
    anchors, instruments = _anchors(drafts)
    for span, amount in find_amounts(sent):
        owner = nearest_owner(span, anchors, instruments)
        if owner is not None:
            owner.amounts.append(amount)


def timex_span(doc, timex: Timex) -> Span | None:
    return doc.char_span(timex.start, timex.end, alignment_mode="expand")


def _walk_up(token: Token, stop_at: set[int]):
    """Yield (ancestor, child-on-path) pairs from a token up to the sentence root."""
    child = token
    for ancestor in token.ancestors:
        yield ancestor, child
        if ancestor.i in stop_at:
            return
        child = ancestor


def owner_of(span: Span, anchors: dict[int, object]) -> tuple[object | None, Token | None]:
    """The link whose anchor governs a span, and the word right under it on the path."""
    for ancestor, child in _walk_up(span.root, set(anchors)):
        if ancestor.i in anchors:
            return anchors[ancestor.i], child
    return None, None


def reporting_owner(span: Span, anchors: dict[int, object]) -> list[object]:
    """Links under a reporting verb that governs the span ("announced Friday that ...",
    "..., the ministry said on Monday", "agreed on Monday to cut")."""
    verb = span.root
    while verb.dep_ in {"pobj", "prep", "npadvmod", "tmod", "nmod", "compound"} and verb.head.i != verb.i:
        verb = verb.head
    if verb.lemma_.lower() not in REPORTING_LEMMAS:
        return []
    return [link for index, link in anchors.items() if any(a.i == verb.i for a in span.doc[index].ancestors)]


def inside_name(span: Span) -> bool:
    """A date that is part of a name ("the Trade Act of 1974") belongs to no measure."""
    if any(t.ent_type_ in {"LAW", "ORG", "WORK_OF_ART", "EVENT"} for t in span):
        return True
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "PROPN"


def date_role(span: Span, anchor: Token, action: str) -> str:
    """The role of a date from the preposition or verb that governs it."""
    root = span.root
    prep = root.head if root.dep_ == "pobj" else None
    governor = prep.head if prep is not None else root.head
    words = {t.lower_ for t in span.doc[max(span.start - 2, span.sent.start):span.start]}
    if anchor.lemma_.lower() in REPORTING_LEMMAS and governor.i == anchor.i and prep is None or (
            prep is not None and prep.lower_ in {"on", "in"} and governor.i == anchor.i
            and anchor.lemma_.lower() in REPORTING_LEMMAS):
        return "announced"   # "announced controls on July 3"
    if prep is not None and prep.lower_ in UNTIL_PREPS:
        if prep.lower_ not in {"to", "into"} or action in {"delay", "extend", "suspend"}:
            return "until"
    if prep is not None and prep.lower_ == "by" and action in {"exempt", "delay", "suspend"}:
        return "until"      # relief that lasts "if they clear customs by Sept. 17"
    if governor.lemma_.lower() in UNTIL_GOVERNORS or words & {"until", "through", "till"}:
        return "until"
    if prep is not None and prep.lower_ in EFFECTIVE_PREPS or words & {"effective", "from", "starting"}:
        return "effective"
    if governor.lemma_.lower() in EFFECTIVE_GOVERNORS:
        return "effective"
    if governor.lemma_.lower() in REPORTING_LEMMAS and governor.i != anchor.i:
        return "announced"
    return "effective"


def prefer_for(role: str, anchor: Token, modality: str) -> str:
    """Which way an underspecified date resolves: the past for what was done or announced."""
    if role == "announced" or anchor.tag_ in {"VBD", "VBN"} and modality == "asserted":
        return "past"
    if role in {"until", "effective"} and (modality != "asserted" or anchor.tag_ in {"VB", "VBZ", "VBP", "MD"}):
        return "future"
    return "nearest"


SPEC_VALUE = re.compile(r"^\d{4}(-(\d{2}(-\d{2})?|Q[1-4]|W\d{2}))?$")
COARSER = (  # TimeML values the record spec has no form for, and the spec value they fall back to
    (re.compile(r"^(\d{4})-(SP|SU)$"), None), (re.compile(r"^(\d{4})-(FA|WI)$"), None),
    (re.compile(r"^(\d{4})-H1$"), "start"), (re.compile(r"^(\d{4})-H2$"), "end"),
    (re.compile(r"^(\d{4}-W\d{2})-WE$"), None), (re.compile(r"^(\d{4}-\d{2}-\d{2})T"), None),
)


def normalise_date(text: str, published: dt.date | None, prefer: str) -> tuple[str | None, str | None] | None:
    """A measure date as the record spec writes it: ISO day, month, quarter, week or year.

    TimeML-only values coarsen ("2025-FA" is 2025, "2025-H2" is 2025 with mod end); references
    such as PRESENT_REF say no date at all."""
    value = normalize_date(text, published, prefer)
    if value is None:
        return None
    if value.value is None or SPEC_VALUE.match(value.value):
        return value.value, value.mod
    for pattern, mod in COARSER:
        match = pattern.match(value.value)
        if match:
            return match.group(1), value.mod or mod
    return None


def is_duration(timex: Timex, span: Span, action: str) -> str | None:
    """The ISO duration of a measure: "for 90 days", "a 90-day pause", "extended by three months"."""
    if timex.type != "DURATION":
        return None
    value = normalize_duration(timex.text)
    if value is None or not ISO_DURATION.match(value):
        return None     # "years", "several months": no length to record
    root = span.root
    path = [root, *root.ancestors][:4]
    preps = {t.lower_ for t in path if t.dep_ == "prep"}
    if "for" in preps or "by" in preps and action in {"extend", "delay"}:
        return value
    modifies_noun = root.dep_ in {"amod", "compound", "nummod"} and root.head.pos_ == "NOUN"
    return value if modifies_noun else None


def find_amounts(sent: Span) -> list[tuple[Span, AmountSlot]]:
    """Amounts of a sentence that can be slots (market shares and price moves left out)."""
    found = []
    for mention in find_magnitudes(sent.text):
        if mention.kind == "other" or mention.unit == "unit":
            continue   # market moves, shares and counts of firms are not measure amounts
        start, end = sent.start_char + mention.start, sent.start_char + mention.end
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.append((span, AmountSlot(mention.value, mention.unit, mention.kind, start, end)))
    return found


def nearest_owner(span: Span, anchors: dict[int, object], instruments: dict[int, object]) -> object | None:
    """The link governing an amount, else the one nearest to it in the tree."""
    owner, _ = owner_of(span, {**instruments, **anchors})
    if owner is not None:
        return owner
    best, best_cost = None, FAR
    for index, link in {**instruments, **anchors}.items():
        cost = path_cost(span.doc[index], span.root)
        if cost < best_cost:
            best, best_cost = link, cost
    return best if best_cost <= MAX_MAGNITUDE_COST else None
