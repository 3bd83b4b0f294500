"""Where the temporal expressions are: the span-extent rules of :mod:`extractor.timex`.

:func:`find_spans` turns a Doc's DATE and TIME entities and the cue phrases the model misses
into TimeML extents (steps 2-5 of the engine in :mod:`extractor.timex`):

- :func:`split_span` cuts an entity at conjunctions and punctuation ("1994 and 1997") and
  :func:`trim_span` strips the edge words TimeML leaves out ("only", "the" in "the Dec. 21");
- :func:`is_age`, :func:`is_temporal`, :func:`is_other_sense` and :func:`is_bare_plural` drop
  what is not a temporal expression ("52 years old", "quarterly", "the party daily Granma",
  "for years");
- :func:`merge_day_and_time` joins a day and its time of day ("Friday" + "morning"), and
  :func:`with_period_noun` and :func:`with_article` extend a span to the words TimeML includes;
- :func:`add_cue_spans` adds the matches of :data:`CUES` ("Nov. 9", "now", "every Monday").

The functions read tokens only (text, ``like_num``, and ``tag_`` where set), so they work on a
fully parsed Doc and on one with entities alone.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from extractor.calendar_words import DAY_PARTS, SPELLED_YEAR
from extractor.dates import CLOCK, HOLIDAYS, MONTHS, SEASONS, WEEKDAYS, alternation, normalize_duration
from extractor.durations import SET_VALUES

UNIT_WORDS = {"second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month",
              "quarter", "year", "decade", "century", "centuries", "semester"}
NAMED_DAYS = {"today", "tonight", "yesterday", "tomorrow"}
ADJECTIVE_PERIODS = {"quarterly", "annual", "biannual", "semiannual"}
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "final"}
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
_COUNT_WORD = ("(?:\\d[\\d,.]*(?: \\d/\\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
               "twenty|thirty|forty|fifty|sixty|ninety|several|a few|a couple of|a dozen)")
_LENGTH_LEAD = "(?:(?:more than|less than|at least|no more than|up to) )"  # inside the extent, as "about" is not
# Expressions the model often misses; a match replaces the model pieces it covers.
CUE_PATTERNS = (
    # lengths the model takes for quantities: "5 1/2 hours", "two more weeks", "over a week"
    rf"{_LENGTH_LEAD}?(?!one day\b){_COUNT_WORD}(?: more| trading| business| straight| consecutive)? "
    r"(?:second|minute|hour|day|night|week|month|year|decade)s?(?: ago| earlier)?",  # not "one day" (some day)
    "(?:" + "|".join(rf"(?<=\b{lead} )" for lead in ("for", "within", "over", "than", "least", "as")) + ")"
    r"an? (?:hour|day|week|month|year|decade)",
    r"(?<=for )(?:some time|a while)|the (?:near|short) term(?![- ]\w)",  # a length and the time ahead
    r"now|right now|currently|recently|nowadays|today|tonight|yesterday|tomorrow|daily",
    r"current(?= [a-z])",  # "current market conditions": the present, as TimeML tags it
    r"the (?:near |foreseeable )?future|(?<=in )the past",
    rf"(?:(?:last|this|next|early|late) )?{_WEEKDAY_WORD}(?: (?:morning|afternoon|evening|night)"
    rf"|,? (?:{_MONTH_WORD}|(?:jan|feb|aug|sept?|oct|nov|dec)\.) \d{{1,2}}\b(?!:))?",  # "Friday Oct. 13"
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


def find_spans(doc: Doc, text: str | None = None) -> list[Span]:
    """The extents of the temporal expressions of ``doc``, from its DATE and TIME entities and
    cue phrases, in text order; ``text`` is ``doc.text``, passed when the caller has it."""
    entities = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME") and not is_age(ent)]
    pieces = [piece for ent in entities for piece in split_span(ent)]
    pieces = [with_article(with_period_noun(p)) for p in merge_day_and_time([p for p in pieces if is_temporal(p)])]
    return [p for p in add_cue_spans(doc, pieces, text or doc.text)
            if not is_other_sense(p) and not is_bare_plural(p) and not is_age(p)]


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
    if token.like_num and following in ("a", "an"):
        return True  # "up from seven | a year ago": the number counts something else
    if token.lower_ in ORDINAL_WORDS and following in ("this", "last", "next"):
        return True  # "Du Pont's second | this year": the ordinal counts something else
    if token.lower_ == "day" and following in WEEKDAYS:
        return True  # "during the day | Friday": the weekday is the expression
    if token.lower_ == "the" and following == "day" and start + 2 < end and _word(doc[start + 2]) in WEEKDAYS:
        return True
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
    if is_quoted_title(span):
        return True
    opens = span.start == 0 or doc[span.start - 1].is_punct or doc[span.start - 1].is_space \
        or doc.has_annotation("SENT_START") and span.start == span.sent.start
    return lower == "now" and opens and following is not None and following.text == ","


LENGTH_PREPOSITIONS = {"for", "within", "over", "in"}


QUOTES = {'"', "``", "''", "\u201c", "'"}


def is_quoted_title(span: Span) -> bool:
    """True for a title in quotes, every word capitalised: ABC's "This Week", CBS's "60 Minutes"."""
    words = [t for t in span if t.is_alpha]
    return len(span) > 1 and span.start > 0 and span.doc[span.start - 1].text in QUOTES \
        and bool(words) and all(t.is_title for t in words)


def is_bare_plural(span: Span) -> bool:
    """True for a plural unit with no count that names no length ("after weeks of talks", "the
    weeks before"), which TimeML leaves untagged; a length it does tag as a vague duration
    ("for years", "within weeks", "the first time in years": PXY, PXW)."""
    if not re.fullmatch(r"(?:days|nights|weeks|months|years|decades|centuries|hours|minutes)", span.text.lower()):
        return False
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return before not in LENGTH_PREPOSITIONS


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
    return (is_time_of_day(left) and names_day(right)) or (names_day(left) and is_time_of_day(right))


def is_time_of_day(span: Span) -> bool:
    """A clock time or a part of the day ("noon", "morning")."""
    return bool(CLOCK.search(span.text)) or any(_word(t) in DAY_PARTS for t in span)


def names_day(span: Span) -> bool:
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
