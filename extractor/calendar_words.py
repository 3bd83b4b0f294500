"""Calendar words shared by dates and durations: month, weekday and season names, the
words that lead into an expression ("on", "as of", "effective"), expression cleaning, and
calendar arithmetic (moving by months, ISO weeks, shifting a unit from a date, choosing the
year of a period that names none) and the days of holidays.

Pure functions, no spaCy.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Literal

Prefer = Literal["past", "future", "nearest"]
Bounds = Callable[[int], tuple[dt.date, dt.date]]
SOFT_PREFERENCE_RATIO = 3  # a tense preference yields to a reading three times closer (see pick_year)
SOFT_PREFERENCE_DAYS_MAX = 45  # ... but only to one within six weeks: "in August" said in June is last August

_MONTH_NAMES = "january february march april may june july august september october november december"
MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES.split(), 1)}
MONTHS |= {name[:3]: i for name, i in list(MONTHS.items())} | {"sept": 9}
WEEKDAYS = {name: i for i, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
WEEKDAYS |= {name[:3]: i for name, i in list(WEEKDAYS.items())} | {"tues": 1, "thur": 3, "thurs": 3}
DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
             "tonight": "NI"}  # TimeML codes of the parts of a day
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12)}


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first so "sept" wins over "sep"."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


MONTH = rf"(?:{alternation(MONTHS)})\.?"
WEEKDAY = rf"(?:{alternation(WEEKDAYS)})\.?"
LEADING_WORDS = re.compile(
    r"^(?:(?:on|in|at|from|until|till|til|through|thru|since|as of|as early as|during|to|by|before|"
    r"after|effective|starting|beginning(?! of)|of|for|earlier|later)\s+)+")


_DIGITS = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
# Years as broadcast transcripts spell them: "nineteen ninety-four", "the year two thousand".
SPELLED_YEAR = re.compile(rf"\b(?P<century>eighteen|nineteen) (?:(?P<teen>{'|'.join(_TEENS)})|(?P<tens>{'|'.join(_TENS)})"
                          rf"(?:[- ](?P<digit>{'|'.join(_DIGITS)}))?)\b|(?<=\byear )two thousand\b")


def spelled_year(match: re.Match) -> str:
    """The digits of a :data:`SPELLED_YEAR` match: "nineteen ninety-four" -> "1994"."""
    if not match["century"]:
        return "2000"
    century = 18 if match["century"] == "eighteen" else 19
    if match["teen"]:
        return str(century * 100 + 10 + _TEENS.index(match["teen"]))
    digit = _DIGITS.index(match["digit"]) + 1 if match["digit"] else 0
    return str(century * 100 + 20 + 10 * _TENS.index(match["tens"]) + digit)


def clean_expression(text: str) -> str:
    """Lower-case ``text``, squeeze spaces, spell years in digits, drop edge punctuation,
    possessives and prepositions."""
    core = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip(" ,;:!?()[]\"")
    core = re.sub(r"\b(the|a|of) \1\b", r"\1", core)  # a typo's doubled word: "at the the end of November"
    core = SPELLED_YEAR.sub(spelled_year, core)
    core = re.sub(r"'s$|(?<=s)'$", "", core).rstrip(" ,")
    if core.endswith(".") and not re.search(rf"\b{MONTH}$|\b{WEEKDAY}$", core):
        core = core[:-1]
    return LEADING_WORDS.sub("", core).strip()


# --- calendar arithmetic ---------------------------------------------------------------------


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    next_year, next_month = shift_month(year, month, 1)
    return dt.date(year, month, 1), dt.date(next_year, next_month, 1) - dt.timedelta(days=1)


def iso_week(day: dt.date) -> str:
    """ISO week of ``day``, e.g. "2025-W44"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_unit(anchor: dt.date, unit: str, offset: int) -> str:
    """The calendar ``unit`` ``offset`` steps from the one holding ``anchor``, as ISO text."""
    if unit == "day":
        return (anchor + dt.timedelta(days=offset)).isoformat()
    if unit == "week":
        return iso_week(anchor + dt.timedelta(weeks=offset))
    if unit in ("month", "quarter"):
        year, month = shift_month(anchor.year, anchor.month, offset * (3 if unit == "quarter" else 1))
        return f"{year}-Q{(month - 1) // 3 + 1}" if unit == "quarter" else f"{year}-{month:02d}"
    divisor = {"decade": 10, "century": 100}.get(unit, 1)
    return str(anchor.year // divisor + offset)



def pick_year(anchor: dt.date, prefer: Prefer, bounds: Bounds, strict: bool = False) -> int:
    """The year whose period (``bounds(year)``) best fits ``prefer`` relative to ``anchor``.

    "past": the latest period that starts on or before the anchor (ends before it when
    ``strict``, as for "last March"); "future": the earliest that ends on or after it
    (starts after it when ``strict``); "nearest": the one containing the anchor, else the
    closest. The preference is soft: news style drops the year of dates near the current
    one, and a past-tense verb often governs a scheduled date ("set Nov. 10 as the
    deadline", written on Nov. 2), so the nearest reading wins when it is less than a
    third as far away as the preferred one.
    """
    years = range(anchor.year - 2, anchor.year + 3)
    distance = lambda year: max((bounds(year)[0] - anchor).days, (anchor - bounds(year)[1]).days, 0)
    nearest = min(years, key=lambda y: (distance(y), y > anchor.year))
    if prefer == "past":
        chosen = max(y for y in years if (bounds(y)[1] < anchor if strict else bounds(y)[0] <= anchor))
    elif prefer == "future":
        chosen = min(y for y in years if (bounds(y)[0] > anchor if strict else bounds(y)[1] >= anchor))
    else:
        return nearest
    soft = distance(nearest) <= SOFT_PREFERENCE_DAYS_MAX and distance(nearest) * SOFT_PREFERENCE_RATIO < distance(chosen)
    return nearest if soft and not strict else chosen


# Holidays news names by day: (month, day) when fixed; (month, weekday, n, first day) for the
# n-th weekday on or after the first day, as Thanksgiving is the fourth Thursday from Nov. 1.
HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25), "christmas day": (12, 25),
    "christmas eve": (12, 24), "independence day": (7, 4), "halloween": (10, 31), "veterans day": (11, 11),
    "thanksgiving": (11, 3, 4, 1), "thanksgiving day": (11, 3, 4, 1), "labor day": (9, 0, 1, 1),
    "memorial day": (5, 0, 1, 25), "election day": (11, 1, 1, 2), "columbus day": (10, 0, 2, 1),
    "martin luther king day": (1, 0, 3, 1), "presidents day": (2, 0, 3, 1), "presidents' day": (2, 0, 3, 1),
}


def holiday_date(name: str, year: int) -> dt.date:
    """The day of holiday ``name`` (a key of :data:`HOLIDAYS`) in ``year``."""
    rule = HOLIDAYS[name]
    if len(rule) == 2:
        return dt.date(year, *rule)
    month, weekday, nth, first = rule
    start = dt.date(year, month, first)
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7 + 7 * (nth - 1))
