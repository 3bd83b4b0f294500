"""Date and duration normalisation: expression text plus an anchor date to ISO 8601 values.

Pure functions, no spaCy. :func:`normalize_date` resolves calendar expressions ("Nov. 9",
"late 2024", "the fourth quarter", "last week") to the grain the text gives;
:func:`normalize_duration` turns lengths of time ("a one-year period") into ISO 8601
durations. The shapes common in news are parsed by the rules below, tried in order;
dateparser handles what is left ("7/1/2025", "the 4th of July"). :func:`resolve_anaphor`
values expressions that count from a time the text gave before ("a year earlier" after
"the third quarter", "the following month"), and :func:`advance` tracks that time.

Durations live in :mod:`extractor.durations` and the calendar words and arithmetic shared
with them in :mod:`extractor.calendar_words`; both are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser

# timex also takes HOLIDAYS, MONTHS, SEASONS, WEEKDAYS, Prefer, alternation, clean_expression and
# normalize_duration from here.
from .calendar_words import (HOLIDAYS, LEADING_WORDS, MONTH, MONTHS, SEASONS, WEEKDAY, WEEKDAYS, Bounds, Prefer,
                             alternation, clean_expression, holiday_date, iso_week, month_bounds, pick_year,
                             shift_month, shift_unit)
from .durations import normalize_duration, parse_number


@dataclass(frozen=True)
class DateValue:
    """A normalised date: ISO 8601 ``value`` (None when it cannot be anchored) and ``mod``."""

    value: str | None
    mod: str | None = None


UNANCHORED = DateValue(None)

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
UNIT_OFFSETS = {"last": -1, "past": -1, "previous": -1, "latest": -1, "this past": -1, "this": 0,
                "current": 0, "present": 0, "next": 1, "coming": 1, "this coming": 1}
BACKWARD, FORWARD = ("last", "past", "previous", "this past"), ("next", "coming", "this coming")


PART_OF_DAY = r"(?: (?:morning|afternoon|evening|night|noon|midnight))?"
RELATIVE = r"(?:(?P<rel>last|this past|this coming|this|next|past|previous|coming) )?"
YEAR = r"(?P<year>\d{4}|'\d\d)"
CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)? ?(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d\d\b|\b(?:noon|midnight|midday)\b"
                   r"|\bo'clock\b", re.I)

_MODIFIERS = (
    ("end", re.compile(r"^(?:the )?(?:very )?(?:late|latter part of|last part of|end of|close of|end|"
                       r"final (?:days|weeks|months) of|last (?:few )?(?:days|weeks|months) of)(?: in)?[ -]")),
    ("start", re.compile(r"^(?:the )?(?:very )?(?:early hours of|early|beginning of|start of|first part of|"
                         r"outset of|first (?:few )?(?:days|weeks|months) of)(?: in)?[ -]")),
    ("mid", re.compile(r"^(?:the )?(?:middle of|mid)[ -]?(?=[a-z0-9'])(?!day|night|afternoon|morning)")),
    ("approx", re.compile(r"^(?:about|around|roughly|approximately|circa|nearly|almost) ")),
)


def normalize_date(text: str, anchor: dt.date | None, prefer: Prefer = "nearest") -> DateValue | None:
    """Normalise a calendar expression against ``anchor`` (the document date).

    ``prefer`` ("past", "future" or "nearest") says which way to resolve underspecified
    text ("Friday", "Nov. 9"). Returns None when ``text`` is not a calendar date at all
    ("90 days", "years"); a DateValue with ``value=None`` when it is relative and there
    is no anchor.
    """
    return _normalize(clean_expression(text), anchor, prefer)


@lru_cache(maxsize=16384)
def _normalize(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """Cached core of :func:`normalize_date`: split off the modifier, then try each rule."""
    mod = None
    if CLOCK.search(core) and not (core := _without_clock(core)):
        return None  # a bare time of day is no calendar date
    if match := re.fullmatch(r"(?:the )?(year|month|quarter|week)(?:[- ]|'s )end", core):
        mod, core = "end", "the " + match.group(1)  # "by year-end"
    for name, pattern in _MODIFIERS:
        if match := pattern.match(core):
            mod, core = name, LEADING_WORDS.sub("", core[match.end():])
            break
    for rule in _RULES:
        if (found := rule(core, anchor, prefer)) is not None:
            return DateValue(found.value, mod or found.mod)
    return None


def _without_clock(core: str) -> str:
    """The day part of "12:01 a.m. EST Friday" or "Friday at 5 p.m.", which keeps the day's grain."""
    core = re.sub(r"\b(?:[ecmp][sd]t|et|gmt|utc)\b", "", CLOCK.sub("", core))
    core = re.sub(r"\s+(?:at|on)$", "", core.strip(" ,"))
    return LEADING_WORDS.sub("", core).strip(" ,")


def _resolve_year(parts: dict, anchor: dt.date | None, prefer: Prefer, bounds: Bounds) -> int | None:
    """The year a match names (explicit, "'98", "this/last/next year"), or one picked around the anchor."""
    if raw := parts.get("year") or parts.get("year_pre"):
        if not raw.startswith("'"):
            return int(raw)
        base = (anchor or dt.date.today()).year  # "'98": the century that puts it nearest
        return min((c * 100 + int(raw[1:]) for c in (base // 100 - 1, base // 100)), key=lambda y: abs(y - base))
    if anchor is None:
        return None
    if year_rel := parts.get("yrel") or parts.get("yrel2"):
        return anchor.year + UNIT_OFFSETS.get(year_rel, 0)  # "of the year": the current one
    rel = parts.get("rel")
    if rel in BACKWARD or rel in FORWARD:
        return pick_year(anchor, "past" if rel in BACKWARD else "future", bounds, strict=True)
    return anchor.year if rel == "this" else pick_year(anchor, prefer, bounds)


# --- rules: each takes (core, anchor, prefer) and returns a DateValue, or None if it does not apply


def _absolute_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """ISO values ("2025-07-01", "2025-W44", "2024-Q4"), years ("fiscal 2024"), decades
    ("the 1990s" -> "199") and centuries ("the 20th century" -> "19")."""
    if re.fullmatch(r"\d{4}-(?:w[0-5]\d|q[1-4]|h[12]|0[1-9]|1[0-2])", core):
        return DateValue(core.upper())
    if re.fullmatch(r"\d{4}-\d\d-\d\d", core):
        try:
            return DateValue(dt.date.fromisoformat(core).isoformat())
        except ValueError:
            return None
    for pattern, value in ((r"(?:(?:fiscal|calendar|fy|the year|year) ?)?([12]\d{3})", lambda g: g),
                           (r"(?:the )?([12]\d\d)0'?s", lambda g: g),
                           (r"the (?:nineteen[- ])?(twen|thir|for|fif|six|seven|eigh|nine)ties",
                            lambda g: f"19{'twen thir for fif six seven eigh nine'.split().index(g) + 2}"),
                           (r"(?:the )?(\d{1,2})(?:st|nd|rd|th)[ -]century", lambda g: f"{int(g) - 1:02d}")):
        if match := re.fullmatch(pattern, core):
            return DateValue(value(match.group(1)))
    return None


def _part_of_year_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """Quarters and halves: "the fourth quarter", "Q3 2024", "this year's third quarter", "H1"."""
    match = (re.fullmatch(
        r"(?:(?P<yrel>this|last|next) year's )?(?:the )?(?:(?P<year_pre>\d{4}) )?(?:(?:fiscal|calendar)[ -])?"
        r"(?P<ord>first|second|third|fourth|final|last(?=[- ]half)|1st|2nd|3rd|4th)[- ](?P<unit>quarter|half)"
        rf"(?: of)?(?: (?:the )?(?:(?:fiscal|calendar|year) )?(?:{YEAR}|(?P<yrel2>this|last|next|the) year))?", core)
        or re.fullmatch(rf"(?:(?P<unit>[qh])(?P<num>[1-4])|(?P<num2>[1-4])(?P<unit2>[qh]))(?:[ -]?{YEAR})?", core))
    if not match:
        return None
    parts = match.groupdict()
    unit = "Q" if (parts.get("unit") or parts.get("unit2"))[0] == "q" else "H"
    if parts.get("ord") in ("final", "last"):
        number = 4 if unit == "Q" else 2
    else:
        number = ORDINALS.get(parts.get("ord")) or int(parts.get("num") or parts.get("num2"))
    if unit == "H" and number > 2:
        return None
    months = 3 if unit == "Q" else 6
    bounds: Bounds = lambda y: (dt.date(y, months * (number - 1) + 1, 1), month_bounds(y, months * number)[1])
    year = _resolve_year(parts, anchor, prefer, bounds)
    return DateValue(None if year is None else f"{year}-{unit}{number}")


def _season_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """Seasons: "last fall", "this summer", "winter 2024" -> "2024-WI"."""
    match = re.fullmatch(rf"{RELATIVE}(?:the )?(?P<season>{alternation(SEASONS)})(?: of)?(?: {YEAR})?", core)
    if not match:
        return None
    code, month = SEASONS[match.group("season")]
    bounds: Bounds = lambda y: (dt.date(y, month, 1), month_bounds(*shift_month(y, month, 2))[1])
    year = _resolve_year(match.groupdict(), anchor, prefer, bounds)
    return DateValue(None if year is None else f"{year}-{code}")


def _month_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """Month expressions: "Nov. 9", "1 July 2025", "Dec 1st", "July 2025", "last March", "June last year"."""
    day = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
    match = re.fullmatch(
        rf"(?:{WEEKDAY},? )?{RELATIVE}(?:the )?(?:(?P<m1>{MONTH}) {day.format('d1')}|{day.format('d2')} "
        rf"(?:of )?(?P<m2>{MONTH})|(?P<m3>{MONTH}))(?:,? (?:of )?(?:{YEAR}|(?P<yrel>this|last|next) year))?",
        core)
    if not match:
        return None
    parts = match.groupdict()
    month = MONTHS[(parts["m1"] or parts["m2"] or parts["m3"]).rstrip(".")]
    day_number = int(parts["d1"] or parts["d2"] or 0)
    if day_number > month_bounds(2000, month)[1].day:
        return None
    if day_number:  # Feb. 29 is compared as Feb. 28 in common years
        bounds: Bounds = lambda y: (dt.date(y, month, min(day_number, month_bounds(y, month)[1].day)),) * 2
    else:
        bounds = lambda y: month_bounds(y, month)
    year = _resolve_year(parts, anchor, prefer, bounds)
    if year is None:
        return UNANCHORED
    if not day_number:
        return DateValue(f"{year}-{month:02d}")
    return DateValue(dt.date(year, month, day_number).isoformat()) if day_number <= bounds(year)[0].day else None


def _weekday_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """Weekdays: "Friday" by ``prefer``, "last Monday" (strictly before), "next Tuesday", "the weekend"."""
    match = re.fullmatch(rf"(?:the )?{RELATIVE}(?:the )?(?P<day>{WEEKDAY}|weekend){PART_OF_DAY}", core)
    if not match:
        return None
    if anchor is None:
        return UNANCHORED
    back = (anchor.weekday() - WEEKDAYS.get(match["day"].rstrip("."), 5)) % 7  # a weekend counts from Saturday
    rel = match["rel"]
    if rel in BACKWARD:
        offset = -(back or 7)
    elif rel in FORWARD:
        offset = 7 - back
    elif rel == "this":
        offset = -back if back <= anchor.weekday() else 7 - back
    elif prefer == "past" or (prefer == "nearest" and back <= 4):  # news looks back more often than ahead
        offset = -back
    else:
        offset = (7 - back) % 7
    day = anchor + dt.timedelta(days=offset)
    return DateValue(iso_week(day) + "-WE" if match["day"] == "weekend" else day.isoformat())


_NAMED_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
               "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}


def _named_day_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """"today", "yesterday", "tomorrow", "tonight", "yesterday afternoon"..."""
    core = re.sub(rf"^(?:(?:early|late|mid)[ -])?(?:morning|afternoon|evening|night) |{PART_OF_DAY}$", "", core)
    if core not in _NAMED_DAYS:
        return None
    return DateValue((anchor + dt.timedelta(days=_NAMED_DAYS[core])).isoformat()) if anchor else UNANCHORED


def _relative_unit_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """"last week" -> ISO week, "next month", "this year", "earlier this month", "the year"."""
    match = re.fullmatch(
        r"(?P<article>the )?(?P<rel>last|past|previous|latest|this|current|present|next|coming|following|"
        r"preceding|same)? ?(?:fiscal |calendar |full )?(?P<unit>day|week|month|quarter|year|decade|century)", core)
    if not match or not (match["rel"] or match["article"] and match["unit"] not in ("day", "decade", "century")):
        return None
    if anchor is None or match["rel"] in ("following", "preceding", "same"):
        return UNANCHORED  # anaphoric: "the following year" counts from an event, not the anchor
    return DateValue(shift_unit(anchor, match["unit"], UNIT_OFFSETS.get(match["rel"], 0)))


def _ago_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """"three days ago", "a year earlier", "two weeks from now", at the grain of the unit."""
    match = re.fullmatch(r"(?P<n>.+?)[ -](?P<unit>day|week|month|quarter|year|decade)s? "
                         r"(?:or so )?(?P<dir>ago|earlier|before that|from now|hence)", core)
    if not match:
        return None
    count = parse_number(match["n"])
    if anchor is None or count is None or count != int(count):
        return UNANCHORED
    steps = int(count) * (1 if match["dir"] in ("from now", "hence") else -1)
    if match["unit"] == "decade":
        return DateValue(shift_unit(anchor, "year", steps * 10))
    return DateValue(shift_unit(anchor, match["unit"], steps))


def _dateparser_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """Fallback for other shapes with a month name or a numeric date ("7/1/2025"), at the grain
    dateparser reports."""
    if not re.search(rf"\b{MONTH}(?!\w)|\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b", core) \
            or "old" in core.split() or normalize_duration(core) is not None:
        return None
    if anchor is None and not re.search(r"\b\d{4}\b", core):
        return UNANCHORED
    settings = {"PREFER_DATES_FROM": {"past": "past", "future": "future"}.get(prefer, "current_period"),
                "RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first"}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time())
    try:
        parsed = DateDataParser(languages=["en"], settings=settings).get_date_data(core)
    except (ValueError, OverflowError):
        return None
    found = parsed.date_obj
    if found is None:
        return None
    if parsed.period == "week":
        return DateValue(iso_week(found.date()))
    if parsed.period == "quarter":
        return DateValue(f"{found.year}-Q{(found.month - 1) // 3 + 1}")
    return DateValue(found.strftime({"year": "%Y", "month": "%Y-%m"}.get(parsed.period, "%Y-%m-%d")))


def _holiday_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """Holidays: "Thanksgiving Day", "last Christmas", "Election Day 1998"."""
    match = re.fullmatch(rf"{RELATIVE}(?P<name>{alternation(HOLIDAYS)})(?:,? {YEAR})?", core)
    if not match:
        return None
    bounds: Bounds = lambda y: (holiday_date(match["name"], y),) * 2
    year = _resolve_year(match.groupdict(), anchor, prefer, bounds)
    return UNANCHORED if year is None else DateValue(bounds(year)[0].isoformat())


def _week_of_rule(core: str, anchor: dt.date | None, prefer: Prefer) -> DateValue | None:
    """"the week of March 6": the ISO week holding the day."""
    if not (match := re.fullmatch(r"(?:the )?week of (.+)", core)):
        return None
    day = _month_rule(match.group(1), anchor, prefer)
    if day is None or day.value is None or len(day.value) != 10:
        return day
    return DateValue(iso_week(dt.date.fromisoformat(day.value)))


_RULES = (_week_of_rule, _holiday_rule, _absolute_rule, _part_of_year_rule, _season_rule, _month_rule, _weekday_rule,
          _named_day_rule, _relative_unit_rule, _ago_rule, _dateparser_rule)


# --- anaphora: expressions that count from a time the text gave earlier -------------------------


@dataclass(frozen=True)
class Discourse:
    """The times an anaphoric expression can count from.

    ``last``: the latest calendar value mentioned before it ("1995-05-22", "1989-Q3");
    ``quarter``: the latest quarter mentioned before it.
    """

    last: str | None = None
    quarter: str | None = None


_ORDINAL = r"(?P<{}>first|second|third|fourth|1st|2nd|3rd|4th)"
_YEAR_AGO = re.compile(
    r"(?:the )?(?:comparable |corresponding |same |year-ago |year-earlier )?(?:"
    rf"(?P<n>\S+) years? (?:ago|earlier|before)|(?P<adj>year-(?:ago|earlier))(?: (?:{_ORDINAL.format('ord')}[ -])?(?P<noun>quarter|period))?"
    rf"|(?P<noun2>quarter|period) (?:a|one) years? (?:ago|earlier)|last year's (?:{_ORDINAL.format('ord3')}[ -])?(?P<noun3>quarter|period))")
_SAME_QUARTER = re.compile(r"(?:the|that) (?:(?P<same>same )|(?P<latest>latest |most recent |recent |just[- ]"
                           r"(?:ended|completed) )|(?P<year>\d{4}) )?(?:fiscal )?(?P<noun>quarter|period)")
_UNIT_STEPS = {"that": 0, "that same": 0, "the same": 0, "the following": 1, "the previous": -1, "the preceding": -1,
               "the prior": -1}
_THAT_UNIT = re.compile(rf"(?P<rel>{alternation(_UNIT_STEPS)}) (?P<unit>day|month|year)")
_GRAIN = {"year": r"\d{4}", "month": r"\d{4}-\d\d", "day": r"\d{4}-\d\d-\d\d"}


def resolve_anaphor(text: str, anchor: dt.date | None, discourse: Discourse) -> DateValue | None:
    """The value of an expression that counts from a time the text gave before (``discourse``).

    Business news compares with the quarter it reports: after "the third quarter", "a year
    earlier", "the year-ago period" and "the quarter" name quarters ("1988-Q3"); "that year"
    and "the following month" count from the latest date. Returns None when ``text`` is not
    such an expression, or nothing fitting was mentioned (the plain normaliser then decides).
    """
    core = clean_expression(text)
    if anchor is None:
        return None
    if match := _YEAR_AGO.fullmatch(core):
        return _year_ago(match, anchor, discourse)
    if match := _SAME_QUARTER.fullmatch(core):
        return _same_quarter(match, anchor, discourse)
    if match := _THAT_UNIT.fullmatch(core):
        return _that_unit(match["unit"], _UNIT_STEPS[match["rel"]], discourse.last)
    return None


def advance(discourse: Discourse, text: str, value: str | None) -> Discourse:
    """The discourse after a date ``value`` written as ``text``: it becomes the time that later
    anaphors count from, unless it only compares ("a year earlier") or repeats ("the quarter")."""
    core = clean_expression(text)
    if not re.match(r"\d{4}", value or "") or _YEAR_AGO.fullmatch(core) or _SAME_QUARTER.fullmatch(core):
        return discourse
    return Discourse(value, value if re.fullmatch(r"\d{4}-Q[1-4]", value) else discourse.quarter)


def _year_ago(match: re.Match, anchor: dt.date, discourse: Discourse) -> DateValue | None:
    """"a year earlier", "the year-ago quarter": the reference quarter a year back, else a year."""
    years = parse_number(match["n"]) if match["n"] else 1
    if years is None or years != int(years):
        return None
    noun = match["noun"] or match["noun2"] or match["noun3"]
    if ordinal := match["ord"] or match["ord3"]:
        return DateValue(f"{anchor.year - int(years)}-Q{ORDINALS[ordinal]}")
    last_is_quarter = re.fullmatch(r"\d{4}-Q[1-4]", discourse.last or "")
    quarter = discourse.quarter if last_is_quarter or noun or match["adj"] else None
    if quarter:
        return DateValue(f"{int(quarter[:4]) - int(years)}{quarter[4:]}")
    return DateValue(str(anchor.year - int(years))) if match["adj"] else None


def _same_quarter(match: re.Match, anchor: dt.date, discourse: Discourse) -> DateValue | None:
    """"the quarter" (the one reported), "the latest quarter" (the last that has ended), "the
    latest period" (the one reported, else the last ended), "the 1988 period" (the same quarter in 1988)."""
    latest = shift_unit(anchor, "quarter", -1)
    if match["year"]:
        return DateValue(match["year"] + (discourse.quarter[4:] if discourse.quarter else ""))
    if match["noun"] == "period":
        return DateValue(discourse.quarter or latest) if match["latest"] else None
    return DateValue(latest if match["latest"] else discourse.quarter) if match["latest"] or discourse.quarter else None


def _that_unit(unit: str, steps: int, last: str | None) -> DateValue | None:
    """"that day", "the following year": ``last`` at the unit's grain, moved ``steps`` units.
    "that day" after "October 1998" keeps what is known ("1998-10-XX"), as TimeML does."""
    if last and re.match(_GRAIN[unit], last):
        return DateValue(_shift_value(last, unit, steps))
    if steps or not (known := re.match(r"\d{4}(?:-\d\d)?", last or "")):
        return None
    unknown = {"year": 0, "month": 1, "day": 2}[unit] - known.group(0).count("-")
    return DateValue(known.group(0) + "-XX" * unknown)


def _shift_value(value: str, unit: str, steps: int) -> str:
    """``value`` ("1995-05-22") at the grain of ``unit``, moved ``steps`` units."""
    year, month, day = (int(part) for part in (value[:10].split("-") + ["1", "1"])[:3])
    return shift_unit(dt.date(year, month, day), unit, steps)
