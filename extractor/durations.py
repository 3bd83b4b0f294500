"""Duration normalisation: lengths of time to ISO 8601 durations, and numbers in words.

Pure functions, no spaCy. :func:`normalize_duration` turns lengths of time ("a one-year
period", "90 days", "several years") into ISO 8601 durations ("P1Y", "P90D", "PXY");
:func:`parse_number` reads the counts they are written with ("18", "5 1/2", "twenty-four");
:func:`normalize_set` gives the values of frequencies ("daily" -> "P1D").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .calendar_words import DAY_PARTS, MONTHS, WEEKDAYS, alternation, clean_expression

SET_VALUES = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
              "annually": "P1Y", "hourly": "PT1H", "biweekly": "P2W"}
VAGUE_LENGTHS = {"a while": "PXX", "some time": "PXX", "a long time": "PXX"}  # no unit is given either
_ONES = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_WORD_AMOUNTS = {"a": 1, "an": 1, "half a": 0.5, "half an": 0.5, "a half": 0.5, "a couple": 2, "couple": 2,
                 "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12}
_VAGUE = re.compile(r"(?:a )?(?:few|several|some|many|recent|dozens of|hundreds of)|\S+ (?:to|or|-) \S+")
# unit -> (ISO designator, is a time unit, multiplier)
_UNITS = {"second": ("S", True, 1), "minute": ("M", True, 1), "hour": ("H", True, 1), "day": ("D", False, 1),
          "night": ("D", False, 1), "week": ("W", False, 1), "fortnight": ("W", False, 2),
          "month": ("M", False, 1), "quarter": ("M", False, 3), "year": ("Y", False, 1),
          "decade": ("Y", False, 10), "century": ("Y", False, 100), "centurie": ("Y", False, 100)}
# a fraction of a unit spills into the next smaller one: "5 1/2 hours" -> PT5H30M
_SPILL = {("Y", False): ("M", False, 12), ("W", False): ("D", False, 7), ("D", False): ("H", True, 24),
          ("H", True): ("M", True, 60), ("M", True): ("S", True, 60)}
_ORDER = [("Y", False), ("M", False), ("W", False), ("D", False), ("H", True), ("M", True), ("S", True)]
_DURATION_LEAD = re.compile(
    r"^(?:(?:for|over|within|in|during|after|another|an additional|additional|a further|further|an extra|"
    r"extra|no more than|more than|less than|at least|least|up to|about|around|nearly|almost|roughly|approximately|some|"
    r"only|just|barely|a period of|the (?:past|last|next|coming|first|final|previous|following|ensuing|"
    r"remaining|full|entire|whole|latest|year-earlier|year-ago)|(?:past|last|next|coming)(?= \d)|the|a|an|its|"
    r"their|of|over the)\s+)+(?=\S)")
_DURATION_TAIL = re.compile(
    r"(?:\s*-?\s*(?:period|term|span|window|timeframe|time frame|stretch|run|long|or so|ahead|in a row|"
    r"straight|running|more|interval|phase|cycle|deadline|plan|moratorium|ban|pause|suspension|extension|"
    r"delay|truce|freeze|programme|program))+$")


def parse_number(words: str) -> float | None:
    """A number written as digits ("18", "1,000", "2.5", "5 1/2") or words ("twenty-four", "a")."""
    words = words.strip().replace("-", " ")
    if words in _WORD_AMOUNTS:
        return _WORD_AMOUNTS[words]
    if match := re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)?(?: ?(\d)/(\d))?", words):
        whole, top, bottom = match.groups()
        if whole is None and top is None or bottom == "0":
            return None
        return float((whole or "0").replace(",", "")) + (int(top) / int(bottom) if top else 0)
    total, current = 0, 0
    for word in words.split():
        if word in _ONES or word in _TENS:
            current += _ONES.get(word, 0) + _TENS.get(word, 0)
        elif word in ("hundred", "thousand"):
            total, current = (total, (current or 1) * 100) if word == "hundred" else (total + (current or 1) * 1000, 0)
        elif word not in ("and", "a"):
            return None
    return float(total + current) if words else None


@lru_cache(maxsize=8192)
def normalize_duration(text: str) -> str | None:
    """ISO 8601 duration of a length of time: "a one-year period" -> "P1Y", "90 days" -> "P90D".

    Vague counts keep an X ("several years" -> "PXY", as in TimeML); ages ("6-year-old"),
    anchored expressions ("two years ago") and anything else give None.
    """
    core = clean_expression(text)
    if core in VAGUE_LENGTHS:
        return VAGUE_LENGTHS[core]
    if re.search(r"\bold\b|(?<!year-)\bago\b|\bfrom now\b|(?<!year-)\bearlier\b|\blater\b", core):
        return None
    core = _DURATION_TAIL.sub("", _DURATION_LEAD.sub("", core))
    core = re.sub(r"\b(?:trading|business|working|calendar|consecutive|straight|full|more) (?=\w)", "", core)
    core = re.sub(r"^(\S+) and an? half (?=\S)", _and_a_half, core.replace("-", " "))  # "two and a half years"
    core = re.sub(r"\band an? half\b", "+half", core)
    amounts: dict[tuple[str, bool], float | str] = {}
    for part in re.split(r",? and |, ", core):
        if (parsed := _duration_part(part)) is None:
            return None
        key, amount = parsed
        both_known = not isinstance(amount, str) and not isinstance(amounts.get(key), str)
        amounts[key] = amounts.get(key, 0) + amount if both_known else "X"
    return _format_duration(amounts)


def _and_a_half(match: re.Match) -> str:
    """"two and a half " -> "2.5 " (left as it was when the count is not a number)."""
    count = parse_number(match.group(1))
    return f"{count + 0.5:g} " if count is not None else match.group(0)


def _duration_part(part: str) -> tuple[tuple[str, bool], float | str] | None:
    """One "<quantity> <unit>" piece: ((designator, is_time), amount or "X")."""
    match = re.fullmatch(rf"(?:(?P<qty>.+?) )?(?P<unit>{alternation(_UNITS)})(?P<plural>s)?(?: (?P<half>\+half))?",
                         part)
    if not match:
        return None
    designator, is_time, multiplier = _UNITS[match["unit"]]
    qty = match["qty"]
    if qty is None:
        amount: float | str | None = "X" if match["plural"] else 1
    elif qty not in _WORD_AMOUNTS and _VAGUE.fullmatch(qty):
        amount = "X"
    else:
        amount = parse_number(qty)
    if amount is None or re.fullmatch(r"[12]\d{3}", qty or "") and not match["plural"]:
        return None  # "the 1988 quarter" names a year
    if not isinstance(amount, str):
        amount = (amount + (0.5 if match["half"] else 0)) * multiplier
    return (designator, is_time), amount


def _format_duration(amounts: dict[tuple[str, bool], float | str]) -> str | None:
    """Write designator amounts as "P1Y6M", "PT5H30M" or "PXY"."""
    for key in _ORDER:
        amount = amounts.get(key)
        if isinstance(amount, float) and amount != int(amount) and key in _SPILL:
            smaller, is_time, factor = _SPILL[key]
            amounts[key] = float(int(amount))
            amounts[(smaller, is_time)] = amounts.get((smaller, is_time), 0) + (amount % 1) * factor
    text = {False: "", True: ""}
    for key in _ORDER:
        if amount := amounts.get(key):
            number = amount if isinstance(amount, str) else f"{amount:g}"
            text[key[1]] += number + key[0]
    if not text[False] and not text[True]:
        return None
    return "P" + text[False] + ("T" + text[True] if text[True] else "")


def normalize_set(lower: str) -> str | None:
    """TimeML value of a SET (a frequency) from its cleaned text: "daily" -> "P1D", "every Monday"
    -> "XXXX-WXX-1", "every quarter" -> "P3M"."""
    if lower in SET_VALUES:
        return SET_VALUES[lower]
    rest = re.sub(r"^(?:every|each|per) ", "", lower)
    day, _, part = rest.partition(" ")
    if day.rstrip("s") in WEEKDAYS:
        part_code = DAY_PARTS.get(part.rstrip("s"))
        return f"XXXX-WXX-{WEEKDAYS[day.rstrip('s')] + 1}" + (f"T{part_code}" if part_code else "")
    if rest in MONTHS:
        return f"XXXX-{MONTHS[rest]:02d}"
    return normalize_duration(rest if re.match(r"\d|a |an |one |two |three ", rest) else "one " + rest)
