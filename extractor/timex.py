"""Temporal expressions (TimeML TIMEX3): where they are, their type and their value.

The public entry point is :func:`tag`::

    from extractor.timex import tag
    tag("Exports resumed on Friday, a year after the ban.", "2025-11-08")
    # [Timex(start=19, end=25, text='Friday', type='DATE', value='2025-11-07', mod=None),
    #  Timex(start=27, end=33, text='a year', type='DURATION', value='P1Y', mod=None)]

``tag(text, dct, *, nlp=None)`` takes the text (or a spaCy ``Doc`` of it) and the document
creation time (a date, an ISO string, or None to leave relative expressions unresolved) and
returns :class:`Timex` records with character offsets into the text given, a TIMEX3 ``type``
(DATE, TIME, DURATION, SET), a TimeML ``value`` ("2025-11-07", "2025-11", "2024-Q4",
"2025-W45", "P1Y", "XXXX-WXX-1", "PRESENT_REF", "PAST_REF", "FUTURE_REF"...) and a ``mod``
("start", "mid", "end", "approx": TimeML's START, MID, END, APPROX in lower case).

The engine, in order, with the module that does each step:

1. the statistical model's DATE and TIME entities. :func:`tag` runs the entity recogniser
   only on windows around temporal head words ("March", "year", "1998", "noon"), since every
   expression it keeps holds one: four tokens on each side, as far as the model's features
   reach, so the windows are about a sixth of a news article and a 600-word article is
   tagged in well under 20 ms (:mod:`extractor.timex_windows`);
2. the entities are split at conjunctions and punctuation and trimmed to TimeML's extent;
3. what is not temporal is dropped (ages, "quarterly" as an adjective);
4. a day and its time of day are joined ("Friday" + "morning");
5. cue phrases the model misses are added ("Nov. 9", "now", "every Monday");
   steps 2-5 are :func:`extractor.timex_spans.find_spans`, in :mod:`extractor.timex_spans`;
6. each span is classified and normalised (:func:`describe`, here, with :mod:`extractor.dates`),
   past or future readings being chosen by the governing verb (:mod:`extractor.tense`;
   :func:`tag` tags only the clauses of the expressions whose value depends on it, with
   :func:`extractor.timex_windows.tag_clauses`);
7. anaphoric expressions ("a year earlier", "the following month") are re-valued from the
   times mentioned before them (:func:`resolve_in_discourse`, here).

:func:`find_timexes` runs steps 2-7 on a Doc the caller has fully parsed; the extraction
pipeline uses it, so ``Measure.dates`` and ``duration`` come from the same engine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.calendar_words import DAY_PARTS
from extractor.dates import (CLOCK, WEEKDAYS, Discourse, Prefer, advance, clean_expression, normalize_date,
                             normalize_duration, resolve_anaphor)
from extractor.durations import SET_VALUES, normalize_set
from extractor.tense import tense_preference
from extractor.timex_spans import find_spans, is_time_of_day, names_day
from extractor.timex_windows import needs_tense, recognise_in_windows, tag_clauses

__all__ = ["Timex", "tag", "find_timexes", "tense_preference"]


@dataclass(frozen=True)
class Timex:
    """A temporal expression: character offsets into ``doc.text``, TimeML type and value."""

    start: int
    end: int
    text: str
    type: str  # "DATE" | "DURATION" | "TIME" | "SET"
    value: str | None
    mod: str | None = None


REFERENCES = {
    "PRESENT_REF": {"now", "right now", "currently", "current", "nowadays", "at present", "the present", "present",
                    "these days", "just now", "for now", "by now", "until now", "till now", "so far"},
    "PAST_REF": {"recently", "lately", "the past", "in the past", "previously", "formerly", "the recent past",
                 "recent"},
    "FUTURE_REF": {"the future", "future", "soon", "the near future", "the foreseeable future",
                   "the distant future", "in the future", "the near term", "the short term"},
}
PLURAL_WEEKDAYS = {name + "s": day for name, day in WEEKDAYS.items() if len(name) > 4}


def tag(text: str | Doc, dct: dt.date | str | None, *, nlp: Language | None = None) -> list[Timex]:
    """The TIMEX3 expressions of ``text`` (a string or a spaCy Doc of it), resolved against the
    document creation time ``dct``; offsets are characters into the text given.

    ``nlp`` is a pipeline with the statistical "ner" and "tagger" components (default: the
    project's, from :func:`extractor.nlp.load_pipeline`). A Doc that already has entities is
    tagged as it is; anything else gets the entity recogniser on candidate windows only.
    """
    anchor = as_anchor(dct)
    if isinstance(text, Doc) and text.has_annotation("ENT_IOB"):
        return find_timexes(text, anchor)
    if nlp is None:
        from extractor.nlp import load_pipeline  # late: the pipeline modules import this one
        nlp = load_pipeline()
    doc = text if isinstance(text, Doc) else nlp.make_doc(text)
    plain = doc.text
    recognise_in_windows(nlp, doc, plain)
    spans = find_spans(doc, plain)
    tag_clauses(nlp, doc, [span for span in spans if needs_tense(span, anchor)])
    return value_spans(spans, anchor)


def as_anchor(dct: dt.date | str | None) -> dt.date | None:
    """The document date from a date, a datetime, or an ISO date or datetime string."""
    if dct is None or isinstance(dct, dt.datetime):
        return dct.date() if dct is not None else None
    if isinstance(dct, dt.date):
        return dct
    try:
        return dt.date.fromisoformat(dct.strip()[:10])
    except ValueError:
        raise ValueError(f"dct must be a date or an ISO string like 2025-11-08, not {dct!r}") from None


def find_timexes(doc: Doc, anchor: dt.date | None) -> list[Timex]:
    """Tag the temporal expressions of a parsed ``doc``, resolving relative ones against ``anchor``
    (steps 2-7 of the module docstring)."""
    return value_spans(find_spans(doc), anchor)

def value_spans(spans: list[Span], anchor: dt.date | None) -> list[Timex]:
    """Classify and value each span, then re-value the anaphoric ones from the discourse."""
    return resolve_in_discourse(spans, [describe(span, anchor) for span in spans], anchor)


def resolve_in_discourse(spans: list[Span], timexes: list[Timex], anchor: dt.date | None) -> list[Timex]:
    """Re-value anaphoric timexes ("a year earlier", "the following month") from the times
    mentioned before them, in text order."""
    discourse, resolved = Discourse(), []
    for span, timex in zip(spans, timexes):
        found = resolve_anaphor(timex.text, anchor, discourse) if timex.type in ("DATE", "DURATION") else None
        if found is not None:
            timex = replace(timex, type="DATE", value=found.value, mod=found.mod)
        elif timex.type == "TIME" and timex.value and is_bare_time(timex.text) \
                and re.fullmatch(r"\d{4}-\d\d-\d\d(?:T\S+)?", discourse.last or ""):
            timex = replace(timex, value=discourse.last[:10] + timex.value[10:])  # "He left Friday. At 9 a.m. ..."
        if timex.type in ("DATE", "TIME"):
            discourse = advance(discourse, timex.text, timex.value)
        resolved.append(timex)
    return resolved


def describe(span: Span, anchor: dt.date | None) -> Timex:
    """Classify ``span`` (DATE, TIME, DURATION, SET) and normalise its value."""
    text, lower = span.text, clean_expression(span.text)
    prefer = tense_preference(span)
    if lower in SET_VALUES or re.match(r"(?:every|each|per) ", lower) or lower.split(" ")[0] in PLURAL_WEEKDAYS:
        return Timex(span.start_char, span.end_char, text, "SET", normalize_set(lower), None)
    for ref, words in REFERENCES.items():
        if lower in words:
            return Timex(span.start_char, span.end_char, text, "DATE", ref, None)
    if is_year_to_date(span):
        return Timex(span.start_char, span.end_char, text, "DURATION", "P1Y", None)
    if CLOCK.search(lower) or is_time_of_day(span) and not names_day(span):
        return Timex(span.start_char, span.end_char, text, "TIME", time_value(lower, anchor, prefer), None)
    date = normalize_date(text, anchor, prefer)
    duration = normalize_duration(text)
    if duration is not None and (date is None or date.value is None and anchor is not None):
        return Timex(span.start_char, span.end_char, text, "DURATION", duration, None)
    if date is None or date.value is None and re.search(r" ago$", lower):
        return Timex(span.start_char, span.end_char, text, "DATE", vague_reference(lower), None)
    return Timex(span.start_char, span.end_char, text, "DATE", with_part_of_day(date.value, lower), date.mod)


def is_year_to_date(span: Span) -> bool:
    """True for "the (fiscal) year" closed by a date ("for the year ended March 31", "the fiscal
    year ending June 30"): twelve months up to that day, a length (P1Y) and no calendar year."""
    following = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    return following in ("ended", "ending") and bool(re.fullmatch(r"(?:the |its |a )?(?:fiscal )?year",
                                                                   span.text.lower()))


def with_part_of_day(value: str | None, lower: str) -> str | None:
    """A day's value with the TimeML code of the part of day the text names ("Friday night" ->
    "2025-11-07TNI"); TimeML keeps such days as DATE."""
    part = next((code for word, code in DAY_PARTS.items() if word != "tonight" and re.search(rf"\b{word}\b", lower)),
                None)
    return f"{value}T{part}" if part and value and re.fullmatch(r"\d{4}-\d\d-\d\d", value) else value


def vague_reference(lower: str) -> str | None:
    """PAST_REF or FUTURE_REF for vague spans ("a few years ago", "coming weeks"), else None."""
    if re.search(r" ago$|^(?:the )?(?:past|recent) \w+s$", lower):
        return "PAST_REF"
    if re.fullmatch(r"(?:the )?(?:coming|upcoming|future) \w+s", lower):
        return "FUTURE_REF"
    return None


def time_value(lower: str, anchor: dt.date | None, prefer: Prefer) -> str | None:
    """TimeML value of a TIME: the day's value plus "T10:35" or a part of day ("TMO")."""
    clock = CLOCK.search(lower)
    part = next((code for word, code in DAY_PARTS.items() if re.search(rf"\b{word}\b", lower)), None)
    day_text = "yesterday" if lower.startswith("last night") else _day_words(lower)
    day = normalize_date(day_text, anchor, prefer) if day_text not in ("", "this", "in the", "that") else None
    base = day.value if day is not None else (anchor.isoformat() if anchor else None)
    if base is None:
        return None
    return f"{base}T{_clock_text(clock.group(0)) if clock else part or 'XX'}"


def _day_words(lower: str) -> str:
    """What a time expression says of its day, the clock and part of day taken out: "friday" for
    "10 p.m. friday", "this" for "this morning", "" for "6 a.m." or "the evening"."""
    day_text = CLOCK.sub(" ", lower)
    day_text = re.sub(r"\b(?:morning|afternoon|evening|overnight|night|est|edt|gmt|utc|the|early|late|mid|at|about|"
                      r"around|in)\b", " ", day_text)
    return re.sub(r"^[\s,-]*|[\s,-]*$", "", day_text)


def is_bare_time(text: str) -> bool:
    """True for a clock time or part of day that names no day ("at 10:35 a.m.", "that night"):
    it falls on the day the narrative is at, not necessarily the document's."""
    return _day_words(clean_expression(text)) in ("", "that")


def _clock_text(clock: str) -> str:
    """"10:35 a.m." -> "10:35", "6 p.m." -> "18:00", "noon" -> "12:00"."""
    if clock in ("noon", "midday"):
        return "12:00"
    if clock == "midnight":
        return "24:00"
    hour, minute = (re.findall(r"\d+", clock) + ["0"])[:2]
    hour = int(hour) % 12 + (12 if "p" in clock else 0) if re.search(r"[ap]\.?m", clock) else int(hour)
    return f"{hour:02d}:{int(minute):02d}"
