"""Assembly: from a parsed Doc and its links to ``Measure`` records.

For each sentence: link the triggers, add coming-into-force mentions, resolve actors from
context, give each date, duration and amount to the trigger that governs it, decide
modality and historical status, and build one record per trigger and actor with its
evidence and provenance. Offsets are mapped back to the caller's text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .context import Actor, Discourse, resolve_actors
from .actor import find_actor
from .arguments import attach_arguments
from .instrument import Instrument, describe_instrument
from .link import Link, link_sentence
from .modality import historical_cues, modality_of
from .recognize import Mentions
from .schema import Measure, direction_of
from .segment import CleanText
from .slots import AmountSlot, DateSlot, attach_amounts, attach_immediate, attach_times
from .syntax import subject_of
from .timex import Timex

HISTORICAL_AGE_DAYS = 30
# Nouns naming the act that carries a measure: their coming into force is the measure's.
DOCUMENT_NOUNS = frozenset({"announcement", "notice", "decision", "order", "decree", "regulation", "rule",
                            "proclamation", "law", "measure", "notification", "directive", "policy", "change"})


@dataclass
class Draft:
    """A link on its way to becoming records: slots gathered from the sentence."""

    link: Link
    sent: Span
    modality: str = "asserted"
    historical: bool = False
    dates: list[DateSlot] = field(default_factory=list)
    duration: tuple[str, int, int] | None = None
    amounts: list[AmountSlot] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Frame:
    """Where a Doc sits: its offset in the clean text, the map back, and the caller's text."""

    base: int
    clean: CleanText
    original: str
    doc_id: str
    published: dt.date | None

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        lo, hi = self.clean.to_original(self.base + start, self.base + end)
        return lo, hi, self.original[lo:hi]


def into_force_links(sent: Span, mentions: Mentions, links: list[Link], discourse: Discourse) -> list[Link]:
    """"The ban took effect on Sunday": a mention of the measure that took effect."""
    extra = []
    for trigger in mentions.triggers:
        if not (trigger.rule.into_force and sent.start <= trigger.start < sent.end):
            continue
        verb = trigger.span[0]
        subject, _ = subject_of(verb)
        if subject is not None and subject.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
            subject = verb.head     # "the suspension, which took effect on Saturday"
        if subject is None:
            continue
        noun = next((link for link in links if link.trigger.start <= subject.i < link.trigger.end), None)
        if noun is not None:
            noun.provenance.append(trigger.rule.id)
            noun.extra_anchor = verb.i
            continue
        inst = mentions.at(mentions.instruments, subject.i)
        instrument = None
        if inst is not None:
            instrument = describe_instrument(inst, mentions)
        elif (subject.lower_ in {"it", "they"} or subject.lemma_.lower() in DOCUMENT_NOUNS) \
                and isinstance(discourse.last_instrument, Instrument):
            instrument = discourse.last_instrument   # "This announcement shall take effect on ..."
        if instrument is None:
            continue
        link = Link(trigger, "impose", instrument, provenance=[trigger.rule.id, instrument.rule_id])
        find_actor(link, mentions)
        extra.append(link)
    attach_arguments(extra, mentions, sent)
    return extra


def _period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of the period an ISO date value names ("2024", "2024-Q4", "2025-11")."""
    if value is None or not value[:4].isdigit():
        return None
    year, rest = int(value[:4]), value[5:]
    try:
        if rest[:1] == "Q" and rest[1:2].isdigit():
            quarter = int(rest[1])
            return dt.date(year, 3 * quarter - 2, 1), dt.date(year, 3 * quarter, 28)
        if len(rest) >= 5 and rest[:2].isdigit() and rest[3:5].isdigit():
            day = dt.date(year, int(rest[:2]), int(rest[3:5]))
            return day, day
        if len(rest) >= 2 and rest[:2].isdigit():
            return dt.date(year, int(rest[:2]), 1), dt.date(year, int(rest[:2]), 28)
    except ValueError:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _age_days(value: str | None, published: dt.date | None) -> int | None:
    """Days from the end of a date value's period to the publication date."""
    period = _period(value)
    return (published - period[1]).days if period and published else None


def _starts_after(value: str | None, published: dt.date | None) -> bool:
    period = _period(value)
    return bool(period and published and period[0] > published)


def decide_modality(draft: Draft, cues) -> None:
    """The draft's modality from the cues that govern its trigger."""
    anchor = draft.link.trigger.span[0]
    draft.modality, why = modality_of(anchor, draft.link.trigger, cues)
    if draft.link.extra_anchor is not None and draft.modality == "asserted":
        # "the hike would take effect": the coming-into-force verb carries the modality
        draft.modality, why = modality_of(anchor.doc[draft.link.extra_anchor], draft.link.trigger, cues)
    if draft.link.modality is not None:
        draft.modality, why = draft.link.modality, ["link.unrealised_measure"]
    draft.provenance += why


def decide_future(draft: Draft, published: dt.date | None) -> None:
    """"The extra duty takes effect on Aug. 6", written before Aug. 6: a plan, in the present tense."""
    anchor = draft.link.trigger.span[0]
    verb = anchor.doc[draft.link.extra_anchor] if draft.link.extra_anchor is not None else anchor
    if draft.modality != "asserted" or verb.tag_ not in {"VBZ", "VBP", "VB"} or published is None:
        return
    if any(_starts_after(d.value, published) for d in draft.dates if d.role == "effective"):
        draft.modality = "planned"
        draft.provenance.append("modality.present_tense_future_date")


def decide_historical(draft: Draft, cues, published: dt.date | None) -> None:
    """Historical from cue words, tense and the age of the measure's own dates."""
    reasons = historical_cues(draft.link.trigger.span[0], draft.link.trigger, cues)
    ages = [_age_days(d.value, published) for d in draft.dates if d.role in {"effective", "announced"}]
    dated = any(age is not None and age > HISTORICAL_AGE_DAYS for age in ages)
    if dated:
        reasons.append("historical.dated_before_publication")
    # a plan or an agreement recalled from weeks ago is background too
    draft.historical = bool(reasons) and (draft.modality in {"asserted", "agreed"} or dated)
    draft.provenance += reasons[:1]


def _record_id(doc_id: str, start: int, end: int, country: str | None) -> str:
    key = f"{doc_id}:{start}:{end}:{country or '-'}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _confidence(draft: Draft, actor: Actor) -> float:
    score = 0.45
    score += {"subject": 0.25, "agent": 0.25, "possessive": 0.2, "sentence": 0.15, "joint": 0.15}.get(actor.source, 0.05)
    score += 0.15 if draft.link.instrument.cost <= 1 and draft.link.instrument.rule_id != draft.link.trigger.rule.id else 0.05
    score += 0.1 if draft.link.products else 0.0
    return round(min(score, 0.99), 2)


def build_records(draft: Draft, actors: list[Actor], frame: Frame) -> list[Measure]:
    """One Measure per actor of a draft."""
    link, trig = draft.link, draft.link.trigger.span
    t_start, t_end, t_text = frame.span(trig.start_char, trig.end_char)
    e_start, e_end, e_text = frame.span(*_evidence_chars(draft.sent))
    records = []
    for actor in actors:
        records.append(Measure.model_validate({
            "id": _record_id(frame.doc_id, t_start, t_end, actor.country),
            "actor": {"country": actor.country, "text": actor.text},
            "action": {"type": link.action, "text": t_text, "start": t_start, "end": t_end},
            "direction": direction_of(link.action, link.instrument.type),
            "instrument": {"type": link.instrument.type, "subtype": link.instrument.subtype,
                           "text": link.instrument.text},
            "products": _products(link),
            "partners": _partners(link, actor, actors),
            "magnitudes": [_amount(a, frame) for a in _unique_amounts(draft.amounts)],
            "dates": _dates(draft.dates, frame),
            "duration": _duration(draft.duration, frame),
            "modality": draft.modality,
            "historical": draft.historical,
            "evidence": {"start": e_start, "end": e_end, "text": e_text},
            "provenance": _unique_list(link.provenance + draft.provenance),
            "confidence": _confidence(draft, actor),
        }))
    return records


def _evidence_chars(sent: Span) -> tuple[int, int]:
    text = sent.text
    stripped = text.rstrip()
    lead = len(text) - len(text.lstrip())
    return sent.start_char + lead, sent.start_char + len(stripped)


def _products(link: Link) -> list[dict]:
    seen, out = set(), []
    for product_id, text, _ in link.products:
        if (product_id, text) not in seen:
            seen.add((product_id, text))
            out.append({"id": product_id, "text": text})
    return out


def _partners(link: Link, actor: Actor, actors: list[Actor]) -> list[dict]:
    """The link's partners; for a joint agreement with none named, the other side."""
    seen, out = {actor.country}, []
    for party in link.partners:
        if party.rule.country not in seen:
            seen.add(party.rule.country)
            out.append({"country": party.rule.country, "text": party.span.text})
    if not out:
        out = [{"country": other.country, "text": other.text} for other in actors if other.country not in seen]
    return out


def _unique_amounts(amounts: list[AmountSlot]) -> list[AmountSlot]:
    seen, out = set(), []
    for amount in amounts:
        key = (amount.value, amount.unit, amount.kind)
        if key not in seen:
            seen.add(key)
            out.append(amount)
    return out


def _amount(amount: AmountSlot, frame: Frame) -> dict:
    return {"value": amount.value, "unit": amount.unit, "kind": amount.kind,
            "text": frame.span(amount.start, amount.end)[2]}


def _dates(dates: list[DateSlot], frame: Frame) -> list[dict]:
    seen, out = set(), []
    for date in dates:
        if (date.role, date.value) in seen:
            continue
        seen.add((date.role, date.value))
        out.append({"role": date.role, "value": date.value, "mod": date.mod, "text": frame.span(date.start, date.end)[2]})
    return out


def _duration(duration: tuple[str, int, int] | None, frame: Frame) -> dict | None:
    if duration is None:
        return None
    return {"value": duration[0], "text": frame.span(duration[1], duration[2])[2]}


def _unique_list(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def assemble_doc(doc: Doc, mentions: Mentions, timexes: list[Timex], frame: Frame,
                 discourse: Discourse) -> list[Measure]:
    """All records of one Doc, sentence by sentence, in text order."""
    records: list[Measure] = []
    for sent in doc.sents:
        previous = discourse.last_instrument if isinstance(discourse.last_instrument, Instrument) else None
        links = link_sentence(sent, mentions, previous)
        links += into_force_links(sent, mentions, links, discourse)
        drafts = [Draft(link, sent) for link in sorted(links, key=lambda link: link.trigger.start)]
        cues = [c for c in mentions.cues if sent.start <= c.start < sent.end]
        for draft in drafts:
            decide_modality(draft, cues)     # before dates: a plan's dates lie ahead
        attach_times(drafts, sent, timexes, frame.published)
        attach_immediate(drafts, sent, frame.published)
        attach_amounts(drafts, sent)
        for draft in drafts:
            decide_future(draft, frame.published)
            decide_historical(draft, cues, frame.published)
            actors = resolve_actors(draft.link, sent, mentions, discourse)
            records.extend(build_records(draft, actors, frame))
            _remember(draft, actors, discourse)
        _remember_subject(sent, mentions, discourse, acted=bool(drafts))
    return records


def _remember_subject(sent: Span, mentions: Mentions, discourse: Discourse, acted: bool) -> None:
    """A named party as the main subject ("Ottawa responded ...") is who "it" means next."""
    subject = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
    acting = acted or any(sent.start <= t.start < sent.end for t in mentions.triggers) \
        or sent.root.lemma_.lower() in {"respond", "retaliate", "answer", "hit", "vow", "warn", "say", "announce"}
    if subject is None or not acting:
        return
    for token in subject.subtree:
        if token.i > subject.i:
            break       # the head and its left modifiers: not "prices in London"
        party = mentions.at(mentions.parties, token.i)
        if party is not None and party.rule.country is not None:
            discourse.last_actor = Actor(party.rule.country, party.span.text, "subject")
            return


def _remember(draft: Draft, actors: list[Actor], discourse: Discourse) -> None:
    discourse.acted.update(a.country for a in actors if a.country)
    if len(actors) == 1 and actors[0].source in {"subject", "agent", "possessive", "sentence"}:
        discourse.last_actor = actors[0]
    if draft.link.instrument.token is not None:
        discourse.last_instrument = draft.link.instrument
