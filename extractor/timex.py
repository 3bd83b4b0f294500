"""Temporal expressions (TimeML TIMEX3 style) in a spaCy Doc: spans, types and values.

:func:`find_timexes` starts from the model's DATE and TIME entities, cuts them to the
extent TimeML annotates, adds what the model misses ("Nov. 9", "Friday", "now"), and
normalises each expression with :mod:`extractor.dates`, choosing past or future readings
from the tense of the governing verb, then re-values anaphoric expressions ("a year
earlier", "the following month") from the times mentioned before them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from extractor.calendar_words import DAY_PARTS, SPELLED_YEAR
from extractor.dates import (CLOCK, HOLIDAYS, MONTHS, SEASONS, WEEKDAYS, Discourse, Prefer, advance, alternation,
                             clean_expression, normalize_date, normalize_duration, resolve_anaphor)
from extractor.durations import SET_VALUES, normalize_set


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
    "PRESENT_REF": {"now", "right now", "currently", "nowadays", "at present", "the present", "present",
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
PERIOD_NOUNS = {"period", "term", "window", "span", "stretch", "timeframe"}
SCHEDULING_VERBS = {"plan", "schedule", "expect", "postpone", "delay", "defer", "slate", "extend", "push", "set"}
INTENTION_VERBS = {"plan", "schedule", "expect", "slate", "set", "intend", "hope", "aim", "agree", "decide", "want",
                   "prepare", "seek", "vow", "promise", "propose", "pledge", "threaten", "due", "likely", "ready",
                   "go", "wish", "invite"}
FUTURE_CUES = {"until", "till", "from", "by", "starting", "beginning", "effective", "next", "before"}
PAST_CUES = {"since", "ago", "last", "earlier"}
_MONTH_WORD = "(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_WEEKDAY_WORD = "(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# Expressions the model often misses; a match replaces the model pieces it covers.
CUE_PATTERNS = (
    r"now|right now|currently|recently|nowadays|today|tonight|yesterday|tomorrow|daily",
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


def find_timexes(doc: Doc, anchor: dt.date | None) -> list[Timex]:
    """Tag the temporal expressions of ``doc``, resolving relative ones against ``anchor``.

    1. start from the model's DATE and TIME entities;
    2. split them at conjunctions and punctuation and trim words TimeML leaves out;
    3. drop what is not temporal (ages, bare numbers, "quarterly" as an adjective);
    4. join a day to its time of day ("Friday" + "morning");
    5. add cue-phrase matches the model missed;
    6. classify each span and normalise its value;
    7. resolve anaphoric ones ("a year earlier", "the following month") against earlier times.
    """
    entities = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME") and not is_age(ent)]
    pieces = [piece for ent in entities for piece in split_span(ent)]
    pieces = [with_period_noun(p) for p in merge_day_and_time([p for p in pieces if is_temporal(p)])]
    pieces = [p for p in add_cue_spans(doc, pieces) if not is_other_sense(p)]
    return resolve_in_discourse(pieces, [describe(span, anchor) for span in pieces], anchor)


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


def is_other_sense(span: Span) -> bool:
    """True for time words used otherwise: a sentence-opening "Now," that moves the argument
    on, and "daily" naming a newspaper ("the party daily Granma")."""
    doc, lower = span.doc, span.text.lower()
    following = doc[span.end] if span.end < len(doc) else None
    if lower == "daily":
        return following is not None and following.pos_ == "PROPN"
    opens = span.start == span.sent.start or doc[span.start - 1].is_punct or doc[span.start - 1].is_space
    return lower == "now" and opens and following is not None and following.text == ","


def is_temporal(span: Span) -> bool:
    """True when ``span`` holds a temporal head and is not a bare "day" or an adjective ("quarterly")."""
    lower = span.text.lower()
    if lower in ADJECTIVE_PERIODS or lower in ("the day", "day", "that day"):
        return False
    return bool(CLOCK.search(span.text)) or any(_is_head_word(_word(t)) for t in span)


def with_period_noun(span: Span) -> Span:
    """Extend a hyphenated length to its noun: "one-year" -> "a one-year period"."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lemma_.lower() not in PERIOD_NOUNS or span[-1].lower_ == "-" \
            or not any(t.text == "-" for t in span):
        return span
    start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ in ("a", "an") else span.start
    return doc[start:span.end + 1]


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
    """True when one side is a time of day and the other a day, with at most a comma between."""
    between = left.doc[left.end:right.start].text.strip()
    if between not in ("", ","):
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


def add_cue_spans(doc: Doc, pieces: list[Span]) -> list[Span]:
    """Add cue-regex matches; a match that covers model pieces replaces them, overlaps are skipped."""
    result = list(pieces)
    for match in CUES.finditer(doc.text):
        cue = doc.char_span(match.start(), match.end(), alignment_mode="expand")
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
    return Timex(span.start_char, span.end_char, text, "DATE", date.value, date.mod)


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


def tense_preference(span: Span) -> Prefer:
    """"past", "future" or "nearest" for ``span``, from the words around it and its governing verb.

    "until Tuesday", "payable Dec. 1", "will ... Friday", the targets of scheduling verbs
    ("postponed to March", "scheduled for Monday") and infinitives of intention ("plans to
    close Monday") look ahead; possessives ("Friday's meeting") and past-tense verbs look back.
    """
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in ("until", "till", "payable") or doc[max(span.start - 2, 0):span.start].text.lower() == "of record":
        return "future"
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "\u2019s"):
        return "past"
    verb = _governing_verb(span.root)
    if verb is not None and (tense := _verb_tense(verb, before)) is not None:
        return tense
    if before in FUTURE_CUES:
        return "future"
    if before in PAST_CUES:
        return "past"
    return "nearest"


def _verb_tense(verb: Token, before: str) -> Prefer | None:
    """"future" or "past" from ``verb`` and its auxiliaries, None when they do not say."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    scheduled = verb.lemma_ in SCHEDULING_VERBS and before in ("for", "to", "until", "till", "by")
    if auxiliaries & {"will", "shall", "'ll", "would", "wo"} or verb.lower_ in ("will", "would") or scheduled:
        return "future"
    if verb.tag_ == "VB" and "to" in auxiliaries:  # an infinitive takes its time from the verb above
        head = verb.head
        above = {c.lower_ for c in head.children} | ({c.lower_ for c in head.head.children} if head.pos_ == "ADJ" else set())
        ahead = head.lemma_ in INTENTION_VERBS and "had" not in above or head.tag_ in ("VBZ", "VBP", "MD") \
            or bool(above & {"will", "'ll"})
        return "future" if ahead else None
    if verb.tag_ in ("VBD", "VBN") or auxiliaries & {"had", "was", "were", "did", "has", "have"}:
        return "past"
    return None


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb or auxiliary at or above ``token`` in the dependency tree."""
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None
