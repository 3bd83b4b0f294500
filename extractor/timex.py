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

The engine, in order:

1. the statistical model's DATE and TIME entities. :func:`tag` runs the entity recogniser
   only on windows around temporal head words ("March", "year", "1998", "noon"), since every
   expression it keeps holds one: four tokens on each side, as far as the model's features
   reach, so the windows are about a sixth of a news article and a 600-word article is
   tagged in well under 20 ms;
2. the entities are split at conjunctions and punctuation and trimmed to TimeML's extent;
3. what is not temporal is dropped (ages, "quarterly" as an adjective);
4. a day and its time of day are joined ("Friday" + "morning");
5. cue phrases the model misses are added ("Nov. 9", "now", "every Monday");
6. each span is classified and normalised by :mod:`extractor.dates`, past or future readings
   being chosen by the governing verb (:mod:`extractor.tense`; :func:`tag` tags only the
   clauses of the expressions whose value depends on it);
7. anaphoric expressions ("a year earlier", "the following month") are re-valued from the
   times mentioned before them.

:func:`find_timexes` runs steps 2-7 on a Doc the caller has fully parsed; the extraction
pipeline uses it, so ``Measure.dates`` and ``duration`` come from the same engine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractor.calendar_words import DAY_PARTS, SPELLED_YEAR
from extractor.dates import (CLOCK, HOLIDAYS, MONTHS, SEASONS, WEEKDAYS, Discourse, Prefer, advance, alternation,
                             clean_expression, normalize_date, normalize_duration, resolve_anaphor)
from extractor.durations import SET_VALUES, normalize_set
from extractor.tense import CLAUSE_REACH, tense_preference

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


UNIT_WORDS = {"second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month",
              "quarter", "year", "decade", "century", "centuries", "semester"}
NAMED_DAYS = {"today", "tonight", "yesterday", "tomorrow"}
REFERENCES = {
    "PRESENT_REF": {"now", "right now", "currently", "current", "nowadays", "at present", "the present", "present",
                    "these days", "just now", "for now", "by now", "until now", "till now", "so far"},
    "PAST_REF": {"recently", "lately", "the past", "in the past", "previously", "formerly", "the recent past",
                 "recent"},
    "FUTURE_REF": {"the future", "future", "soon", "the near future", "the foreseeable future",
                   "the distant future", "in the future"},
}
ADJECTIVE_PERIODS = {"quarterly", "annual", "biannual", "semiannual"}
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "final"}
PLURAL_WEEKDAYS = {name + "s": day for name, day in WEEKDAYS.items() if len(name) > 4}
DECADE_WORDS = {"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"}
HOLIDAY_WORDS = {"christmas", "thanksgiving", "easter", "ramadan", "new year's", "halloween"}
FUNCTION_WORDS = {
    "the", "a", "an", "of", "this", "that", "these", "those", "last", "next", "past", "coming", "early",
    "late", "mid", "earlier", "later", "first", "second", "third", "fourth", "final", "few", "several",
    "couple", "recent", "same", "ago", "more", "than", "less", "least", "at", "over", "about", "nearly",
    "almost", "fiscal", "calendar", "half", "end", "beginning", "start", "middle", "-", "every", "each",
    "per", "previous", "following", "current", "latest", "and", "or", "some", "many", "year-earlier",
    "year-ago", "entire", "whole", "full", "remaining", "upcoming", "ahead", "around", "since",
    "up", "to", "within", "dozen", "hundred", "thousand", "its", "their", "his", "her", "our", "new",
    "one", "so", "'", "'s", "o'clock", "a.m", "p.m", "am", "pm", "est", "edt", "gmt", "utc",
}
SPLITTERS = {",", ";", ":", "(", ")", "between", "from", "to", "until", "till", "through", "and",
             "ended", "ending", "since", "--", "\u2013", "\u2014", "/"}
LEADING_TRIMS = {"only", "just", "barely", "as", "long", "about", "roughly", "approximately", "around",
                 "its", "their", "his", "her", "our", "my", "your",
                 "and", "or", "of", "to", "than", "at", "in", "on", "by", "for", "since", "until", "from",
                 "between", "-", "'s", "'"}
VERB_BEFORE_LAST = {"will", "would", "could", "can", "may", "might", "should", "must", "to", "'ll", "did", "does",
                    "not", "n't"}
ARTICLE_TAKERS = ORDINAL_WORDS | {"past", "next", "last", "coming", "previous", "following", "same", "latest",
                                   "early", "late", "end", "beginning", "middle", "summer", "winter", "spring",
                                   "fall", "autumn"}
PERIOD_NOUNS = {"period", "term", "window", "span", "stretch", "timeframe"}
_MONTH_WORD = "(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_WEEKDAY_WORD = "(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# Expressions the model often misses; a match replaces the model pieces it covers.
CUE_PATTERNS = (
    r"now|right now|currently|recently|nowadays|today|tonight|yesterday|tomorrow|daily",
    r"current(?= [a-z])",  # "current market conditions": the present, as TimeML tags it
    r"the (?:near |foreseeable )?future|(?<=in )the past",
    rf"(?:(?:last|this|next|early|late) )?{_WEEKDAY_WORD}(?: (?:morning|afternoon|evening|night))?",
    r"(?:jan|feb|aug|sept?|oct|nov|dec)\. \d{1,2}(?:, \d{4})?",
    rf"{_MONTH_WORD} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} (?!may\b){_MONTH_WORD}(?: \d{{4}})?",  # not "5 may"
    r"(?:late|early|mid)[- ](?:19|20)\d\d|q[1-4] (?:19|20)\d\d",
    r"(?:the )?(?:first|second|third|fourth) quarter(?: of (?:19|20)\d\d)?",
    r"the (?:latest|most recent|year-(?:ago|earlier)|(?:19|20)\d\d) (?:fiscal )?(?:period|quarter)",
    r"(?:last|this|next) (?:week|month|year|quarter)",
    r"(?:the )?(?:past|last|next|coming) (?:few|several|\w+) (?:days|weeks|months|years)",
    rf"(?:every|each) (?:day|week|month|year|quarter|morning|night|evening|{_WEEKDAY_WORD}|{_MONTH_WORD})",
    rf"{_WEEKDAY_WORD}s(?: (?:mornings|afternoons|evenings|nights))?",
    rf"(?:(?:the )?(?:{_MONTH_WORD}|spring|summer|fall|autumn|winter)(?: of)? )?{SPELLED_YEAR.pattern}",
    rf"(?:(?:last|this|next) )?(?:{alternation(HOLIDAYS)})",
)
CUES = re.compile(r"\b(?:" + "|".join(CUE_PATTERNS) + r")\b", re.I)


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


def find_spans(doc: Doc, text: str | None = None) -> list[Span]:
    """The extents of the temporal expressions of ``doc``, from its DATE and TIME entities and
    cue phrases, in text order; ``text`` is ``doc.text``, passed when the caller has it."""
    entities = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME") and not is_age(ent)]
    pieces = [piece for ent in entities for piece in split_span(ent)]
    pieces = [with_article(with_period_noun(p)) for p in merge_day_and_time([p for p in pieces if is_temporal(p)])]
    return [p for p in add_cue_spans(doc, pieces, text or doc.text) if not is_other_sense(p) and not is_bare_plural(p)]


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
        if timex.type in ("DATE", "TIME"):
            discourse = advance(discourse, timex.text, timex.value)
        resolved.append(timex)
    return resolved


def split_span(span: Span) -> list[Span]:
    """Cut ``span`` at splitters and foreign words, then trim each piece's edges."""
    doc, pieces, start = span.doc, [], span.start
    for token in span:
        if _is_split_point(token, span):
            pieces.append(doc[start:token.i])
            start = token.i + 1
    pieces.append(doc[start:span.end])
    return [trimmed for piece in pieces if (trimmed := trim_span(piece)) is not None]


def _is_split_point(token: Token, span: Span) -> bool:
    """True when ``token`` separates two expressions inside a model entity ("1994 and 1997")."""
    lower, doc = token.lower_, span.doc
    if token.is_space or "\n" in token.text:
        return True
    if lower == "," and span.start < token.i < span.end - 1:  # keep "Nov. 7, 2025" and "Friday, Nov. 7"
        before, after = doc[token.i - 1], doc[token.i + 1]
        date_then_year = re.fullmatch(r"\d{4}", after.text) and (re.fullmatch(r"\d{1,2}", before.text)
                                                                  or _word(before) in MONTHS)
        return not (date_then_year or _word(after) in MONTHS)
    if lower == "and" and doc[token.i + 1:token.i + 3].text.lower() in ("a half", "an half"):
        return False
    if lower in SPLITTERS or not _known(token):  # "two to three weeks" is one expression
        return lower not in ("to", "-") or any(_is_head_word(_word(t)) for t in doc[span.start:token.i])
    if lower == "of":  # "the first nine months | of | 1997"
        following = doc[token.i + 1:span.end].text.lower()
        return bool(re.match(r"\d{4}|(?:the|this|last|next) (?:fiscal )?year", following)) \
            and normalize_duration(doc[span.start:token.i].text) is not None
    return False


def trim_span(span: Span) -> Span | None:
    """Strip edge tokens TimeML leaves out: prepositions, "only", punctuation, possessive "'s",
    the article in "the Dec. 21" or "the weeks", and "earlier" in "earlier Friday"."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and _drops_first(doc, start, end):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text != "." or doc[end - 1].is_space
                           or doc[end - 1].lower_ in LEADING_TRIMS | {"the", "a", "an", "later"}
                           or not _known(doc[end - 1])):
        end -= 1
    return doc[start:end] if start < end else None


def _drops_first(doc: Doc, start: int, end: int) -> bool:
    """True when the token at ``start`` is outside the TimeML extent of ``doc[start:end]``."""
    token, following = doc[start], (_word(doc[start + 1]) if start + 1 < end else "")
    if token.lower_ == "at" and following == "least":
        return False
    if token.lower_ == "last" and start > 0 and doc[start - 1].lower_ in VERB_BEFORE_LAST:
        return True  # the verb in "will last 90 days"
    if token.lower_ in ("earlier", "later"):  # TimeML keeps "earlier this year", not "earlier Friday"
        return following in WEEKDAYS
    if token.lower_ in ("a", "an", "the") and (following in ORDINAL_WORDS or following in MONTHS
                                                or re.fullmatch(r"\d+(?:st|nd|rd|th)|\d{4}", following)):
        return token.lower_ != "the" or following in MONTHS  # "a fourth-quarter", "the Dec. 21"
    if token.lower_ == "the" and end - start == 2 and re.fullmatch(r"(?:day|week|month|year)s", following):
        return True
    if token.lower_ in ("a", "an", "the") and _is_length_modifier(doc[start + 1:end]):
        return True  # "a | two-day visit": the article belongs to the noun the length modifies
    return token.lower_ in LEADING_TRIMS or token.is_punct or token.is_space or not _known(token)


def _is_length_modifier(span: Span) -> bool:
    """True for a count and a singular unit, as in "two-day" or "14 day" before a noun."""
    words = re.split(r"[- ]+", span.text.lower())
    cardinal = len(span) > 0 and span[0].like_num and not re.search(r"(?:st|nd|rd|th)$", words[0])
    return len(words) == 2 and (cardinal or words[0] in ("several", "few", "multi")) and words[1] in UNIT_WORDS


def _word(token: Token) -> str:
    """Lower-case token text without a trailing abbreviation point."""
    return token.lower_.rstrip(".")


def _known(token: Token) -> bool:
    """True for words that may sit inside a temporal expression."""
    word = _word(token)
    return (token.like_num or word in FUNCTION_WORDS or _is_head_word(word) or token.text == "."
            or bool(re.fullmatch(r"[\d/:.,-]+|\d+(?:st|nd|rd|th|s)|'\d\ds?", word)))


def _is_head_word(word: str) -> bool:
    """True for words that make an expression temporal on their own."""
    singular = re.sub(r"(?<=[a-z])s$", "", word)
    return (word in MONTHS or singular in WEEKDAYS or singular in SEASONS or singular in UNIT_WORDS
            or word in DAY_PARTS or word in NAMED_DAYS or word in SET_VALUES or word in HOLIDAY_WORDS
            or word in ("now", "currently", "recently", "future", "past", "present", "noon", "midnight",
                        "midday", "nowadays", "lately", "previously", "formerly", "centuries")
            or bool(re.fullmatch(r"(?:mid-)?(?:1[5-9]|20)\d\d(?:s)?|'\d0s|q[1-4]|h[12]|\d{1,2}:\d\d", word)
                    or word in DECADE_WORDS))


def is_age(span: Span) -> bool:
    """True for ages ("6-year-old", "52 years old", "aged 50"), which TimeML does not tag."""
    around = span.doc[max(span.start - 1, 0):span.end + 2].text.lower()
    return bool(re.search(r"\bold\b|\baged?\b", around))


BARE_PART_OF_DAY = re.compile(r"(?:the )?(?:morning|afternoon|evening|night)")
DEFINED_BY_WHAT_FOLLOWS = {"of", "when", "that", "the", "before", "after", "he", "she", "they", "it", "we", "i"}


def is_other_sense(span: Span) -> bool:
    """True for time words used otherwise: a sentence-opening "Now," that moves the argument
    on, "daily" naming a newspaper ("the party daily Granma"), and a bare part of day that
    what follows defines ("the night of Oct. 23", "the night the plane went down")."""
    doc, lower = span.doc, span.text.lower()
    following = doc[span.end] if span.end < len(doc) else None
    if BARE_PART_OF_DAY.fullmatch(lower) and following is not None and following.lower_ in DEFINED_BY_WHAT_FOLLOWS:
        return True
    if lower == "daily":
        return following is not None and (following.tag_ in ("NNP", "NNPS") if following.tag_ else following.is_title)
    opens = span.start == 0 or doc[span.start - 1].is_punct or doc[span.start - 1].is_space \
        or doc.has_annotation("SENT_START") and span.start == span.sent.start
    return lower == "now" and opens and following is not None and following.text == ","


def is_bare_plural(span: Span) -> bool:
    """True for a plural unit with no count ("for years", "after weeks of talks"): news
    annotation in TimeML practice leaves such vague lengths untagged."""
    return bool(re.fullmatch(r"(?:days|nights|weeks|months|years|decades|centuries|hours|minutes)", span.text.lower()))


def is_temporal(span: Span) -> bool:
    """True when ``span`` holds a temporal head and is not a bare "day" or an adjective ("quarterly")."""
    lower = span.text.lower()
    if lower in ADJECTIVE_PERIODS or lower in ("the day", "day", "that day"):
        return False
    return bool(CLOCK.search(span.text)) or any(_is_head_word(_word(t)) for t in span)


def with_period_noun(span: Span) -> Span:
    """Extend a hyphenated length to its noun: "one-year" -> "a one-year period"."""
    doc = span.doc
    if span.end >= len(doc) or re.sub(r"s$", "", doc[span.end].lower_) not in PERIOD_NOUNS or span[-1].lower_ == "-" \
            or not any(t.text == "-" for t in span):
        return span
    start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ in ("a", "an") else span.start
    return doc[start:span.end + 1]


def with_article(span: Span) -> Span:
    """Extend a span that starts with an ordinal or a relative word to the article before it,
    which TimeML includes: "second half of the year" -> "the second half of the year"."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ == "the" and span[0].lower_ in ARTICLE_TAKERS \
            and "-" not in span.text:  # "the | third-quarter results": the article is the noun's
        return doc[span.start - 1:span.end]
    return span


def merge_day_and_time(pieces: list[Span]) -> list[Span]:
    """Join neighbours like "Friday" + "morning" or "9 a.m." + "Tuesday" into one span."""
    merged: list[Span] = []
    for piece in sorted(pieces, key=lambda s: s.start):
        previous = merged[-1] if merged else None
        if previous is not None and piece.start <= previous.end + 1 and _joins(previous, piece):
            merged[-1] = piece.doc[previous.start:max(piece.end, previous.end)]
        elif previous is None or piece.start >= previous.end:
            merged.append(piece)
    return merged


def _joins(left: Span, right: Span) -> bool:
    """True when one side is a time of day and the other a day, with at most a comma or "on"
    between ("12:01 a.m. on Friday")."""
    between = left.doc[left.end:right.start].text.strip()
    if between not in ("", ",", "on"):
        return False
    return (_is_time_of_day(left) and _names_day(right)) or (_names_day(left) and _is_time_of_day(right))


def _is_time_of_day(span: Span) -> bool:
    """A clock time or a part of the day ("noon", "morning")."""
    return bool(CLOCK.search(span.text)) or any(_word(t) in DAY_PARTS for t in span)


def _names_day(span: Span) -> bool:
    """A weekday, a named day or a month-day date."""
    words = {_word(t) for t in span}
    if words & (set(WEEKDAYS) | NAMED_DAYS):
        return True
    return bool(words & set(MONTHS)) and any(t.like_num for t in span)


def add_cue_spans(doc: Doc, pieces: list[Span], text: str) -> list[Span]:
    """Add cue-regex matches; a match that covers model pieces replaces them, overlaps are skipped."""
    result = list(pieces)
    for match in CUES.finditer(text):
        cue = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if cue is not None and cue[0].lower_ == "last" and _drops_first(doc, cue.start, cue.end):
            cue = doc[cue.start + 1:cue.end]  # "will | last 90 days"
        if cue is None:
            continue
        overlapping = [p for p in result if p.start < cue.end and cue.start < p.end]
        if all(cue.start <= p.start and p.end <= cue.end for p in overlapping) and \
                not any((p.start, p.end) == (cue.start, cue.end) for p in overlapping):
            result = [p for p in result if p not in overlapping] + [cue]
    return sorted(result, key=lambda s: s.start)


def describe(span: Span, anchor: dt.date | None) -> Timex:
    """Classify ``span`` (DATE, TIME, DURATION, SET) and normalise its value."""
    text, lower = span.text, clean_expression(span.text)
    prefer = tense_preference(span)
    if lower in SET_VALUES or re.match(r"(?:every|each|per) ", lower) or lower.split(" ")[0] in PLURAL_WEEKDAYS:
        return Timex(span.start_char, span.end_char, text, "SET", normalize_set(lower), None)
    for ref, words in REFERENCES.items():
        if lower in words:
            return Timex(span.start_char, span.end_char, text, "DATE", ref, None)
    if CLOCK.search(lower) or _is_time_of_day(span) and not _names_day(span):
        return Timex(span.start_char, span.end_char, text, "TIME", time_value(lower, anchor, prefer), None)
    date = normalize_date(text, anchor, prefer)
    duration = normalize_duration(text)
    if duration is not None and (date is None or date.value is None and anchor is not None):
        return Timex(span.start_char, span.end_char, text, "DURATION", duration, None)
    if date is None or date.value is None and re.search(r" ago$", lower):
        return Timex(span.start_char, span.end_char, text, "DATE", vague_reference(lower), None)
    return Timex(span.start_char, span.end_char, text, "DATE", with_part_of_day(date.value, lower), date.mod)


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
    day_text = CLOCK.sub(" ", lower)
    day_text = re.sub(r"\b(?:morning|afternoon|evening|overnight|night|est|edt|gmt|utc|the|early|late|mid)\b",
                      " ", day_text)
    day_text = re.sub(r"^[\s,-]*|[\s,-]*$", "", day_text)
    if lower.startswith("last night"):
        day_text = "yesterday"
    day = normalize_date(day_text, anchor, prefer) if day_text not in ("", "this", "in the", "that") else None
    base = day.value if day is not None else (anchor.isoformat() if anchor else None)
    if base is None:
        return None
    return f"{base}T{_clock_text(clock.group(0)) if clock else part or 'XX'}"


def _clock_text(clock: str) -> str:
    """"10:35 a.m." -> "10:35", "6 p.m." -> "18:00", "noon" -> "12:00"."""
    if clock in ("noon", "midday"):
        return "12:00"
    if clock == "midnight":
        return "24:00"
    hour, minute = (re.findall(r"\d+", clock) + ["0"])[:2]
    hour = int(hour) % 12 + (12 if "p" in clock else 0) if re.search(r"[ap]\.?m", clock) else int(hour)
    return f"{hour:02d}:{int(minute):02d}"


# --- the statistical model on windows: tag() runs it only where an expression can be --------

NER_CONTEXT = 4  # tokens of context on each side of a head word; the model's features reach four
TAGGER_CONTEXT = 2  # tokens of context beyond the reach of the clause's verb search
_HEAD_NAMES = [" ".join(word.capitalize() for word in name.split())
               for name in (*MONTHS, *HOLIDAY_WORDS)]
# The words the cue patterns find on their own ("now", "today", "daily") open no window.
_HEAD_WORDS = (UNIT_WORDS | set(DAY_PARTS) | set(SEASONS) | DECADE_WORDS
               | {"future", "past", "present", "noon", "midnight", "midday", "lately", "previously", "formerly",
                  "weekly", "monthly", "yearly", "annually", "hourly"}) - {"tonight", "second"}
# Month and holiday names count when capitalised only, so that "may" and "march" open no window; weekday
# names open none, since the cue patterns find them with their modifiers ("last Friday", "Friday night").
HEAD_WORD = re.compile(rf"(?-i:\b(?:{alternation(_HEAD_NAMES)})s?\b)|\b(?:{alternation(_HEAD_WORDS)})s?\b"
                       rf"|\b(?:mid-)?(?:1[5-9]|20)\d\ds?\b|'\d0s\b|\b[qh][1-4]\b|\d:\d\d|\d ?[ap]\.m\b", re.I)


def head_windows(doc: Doc, text: str, context: int) -> list[tuple[int, int]]:
    """Token ranges of ``doc`` (whose text is ``text``) around temporal head words, ``context``
    tokens on each side, overlapping ranges merged."""
    windows: list[tuple[int, int]] = []
    for match in HEAD_WORD.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        start, end = max(span.start - context, 0), min(span.end + context, len(doc))
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _run_on_windows(nlp: Language, doc: Doc, windows: list[tuple[int, int]], components: tuple[str, ...]):
    """Yield (character offset, annotated Doc) for each window of ``doc``, run through ``components``."""
    missing = [name for name in components if not nlp.has_pipe(name)]
    if missing:
        raise ValueError(f"the spaCy pipeline has no {', '.join(missing)} component; tag() needs a statistical "
                         "English model such as en_core_web_sm")
    offsets = [doc[start].idx for start, _ in windows]
    pieces = (nlp.make_doc(doc[start:end].text) for start, end in windows)
    for name in components:
        pieces = nlp.get_pipe(name).pipe(pieces)
    return zip(offsets, pieces)


def recognise_in_windows(nlp: Language, doc: Doc, text: str) -> None:
    """Set ``doc``'s DATE and TIME entities by running the entity recogniser on the windows
    around temporal head words (``text`` is ``doc.text``); other tokens are marked outside any entity."""
    entities = []
    for offset, piece in _run_on_windows(nlp, doc, head_windows(doc, text, NER_CONTEXT), ("ner",)):
        for ent in piece.ents:
            span = doc.char_span(offset + ent.start_char, offset + ent.end_char, label=ent.label_)
            if ent.label_ in ("DATE", "TIME") and span is not None:
                entities.append(span)
    doc.set_ents(entities, default="outside")


def needs_tense(span: Span, anchor: dt.date | None) -> bool:
    """True when the value of ``span`` depends on reading it as past or future ("Friday")."""
    return anchor is not None and normalize_date(span.text, anchor, "past") != normalize_date(span.text, anchor,
                                                                                                "future")


def tag_clauses(nlp: Language, doc: Doc, spans: list[Span]) -> None:
    """Give the tokens of the clauses around ``spans`` their part-of-speech tags, which
    :func:`extractor.tense.tense_preference` reads when there is no parse."""
    reach = CLAUSE_REACH + TAGGER_CONTEXT
    windows: list[tuple[int, int]] = []
    for span in spans:
        start, end = max(span.start - reach, 0), min(span.end + reach, len(doc))
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    for offset, piece in _run_on_windows(nlp, doc, windows, ("tok2vec", "tagger")):
        for token in piece:
            span = doc.char_span(offset + token.idx, offset + token.idx + len(token))
            if span is not None and len(span) == 1:
                span[0].tag_ = token.tag_
