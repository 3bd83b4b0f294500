"""Magnitudes in trade-policy sentences: rates, changes, trade values and volumes.

Pure string functions, no spaCy. `find_magnitudes` returns every amount in a sentence
with its value in base units, its unit and its kind (see the contract's "Magnitudes"):

    >>> [(m.value, m.unit, m.kind) for m in find_magnitudes("a 25% tariff on $300 bln of goods")]
    [(25.0, 'percent', 'rate'), (300000000000.0, 'USD', 'coverage')]

Recognition needs a unit: a bare number (a year, "Section 232", "90 days", "Nov. 10") is
never a magnitude. Counts of listed companies or goods ("added 140 entities", "1,200 tariff
lines") are returned as kind "coverage", unit "unit", but only when written in digits.
Percentages that describe markets rather than measures (shares of world supply, price and
trade moves, growth) get kind "other"; callers building records should drop those.

Values are computed with Decimal so that "1.2 bln" is exactly 1200000000.0. The words
amounts are written with (scales, currencies, units...) are tables in ``extractor.magnitude_words``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

# The vocabulary tables the patterns below are built from.
from .magnitude_words import (BARE_POINT_WORDS, COUNT_NOUNS, CURRENCY_PREFIXES, CURRENCY_WORDS, FRACTIONS,
                              MASS_UNITS, MULTIPLIERS, ONES, PERCENT_WORDS, POINT_UNITS, SCALES, TENS)

__all__ = ["MagnitudeMention", "find_magnitudes", "parse_amount"]


@dataclass(frozen=True)
class MagnitudeMention:
    """One amount as written: offsets into the text given, value in base units, unit, kind."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    kind: str


def _alternation(words, flags: str = "") -> str:
    """Regex alternation of literal words, longest first; a space matches spaces or hyphens."""
    ordered = sorted(words, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in ordered)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _key(word: str) -> str:
    """Normalise a unit word for table look-up: lower case, dots and hyphens as spaces."""
    return " ".join(re.sub(r"[.-]", " ", word.lower()).split())


_CURRENCY_BY_KEY = {_key(word): code for word, code in CURRENCY_WORDS.items()}
_MASS_BY_KEY = {_key(word): factor for word, factor in MASS_UNITS.items()}
_WORD_NUMBER = (rf"\b(?:half\s+an?|(?:a|one)\s+hundred|{_alternation(ONES)}"
                rf"|{_alternation(TENS)}(?:[\s-]+{_alternation(ONES)})?)\b")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_START = r"(?<![\w.,])(?<![A-Za-z]-)"  # not inside "40,000", "1.5" or "COVID-19"


def _number(name: str, words: bool = True) -> str:
    """A number in digits (or spelled out), captured as group `name`."""
    spelled = f"|(?i:{_WORD_NUMBER})" if words else ""
    return rf"(?P<{name}>{_DIGITS}{spelled})"


def _scale(name: str) -> str:
    """An optional scale word ("bln", "million", "bn"), captured as group `name`."""
    return rf"(?:[\s-]*(?P<{name}>{_alternation(SCALES, 'i')})\b)?"


_POINT_NOT_UNIT = (  # "a 12-point plan" is not a magnitude
    r"(?![\s-]+(?:plan|agenda|list|programme|program|proposal|framework|deal|roadmap))")
_SUFFIX_UNIT = (
    rf"[\s-]*(?:(?P<pp>{_alternation(POINT_UNITS, 'i')}){_POINT_NOT_UNIT}"
    rf"|(?P<pct>{_alternation(PERCENT_WORDS, 'i')})"
    rf"|(?P<cur>{_alternation(CURRENCY_WORDS, 'i')})"
    rf"|(?P<mass>{_alternation(MASS_UNITS, 'i')}))(?!\w)"
)
_SUFFIXED = re.compile(_NUMBER_START + _number("num") + _scale("scale") + _SUFFIX_UNIT)
_PREFIXED = re.compile(
    rf"(?<![A-Za-z0-9$])(?P<cur_pre>{_alternation(CURRENCY_PREFIXES)})\s?"
    + _number("num", words=False) + _scale("scale")
)
_COUNTED = re.compile(
    _NUMBER_START + _number("num", words=False)
    + r"\s+(?P<count>(?:(?:[A-Z][\w.'-]*|additional|new|more|foreign|other)\s+){0,2}"
    + rf"{_alternation(COUNT_NOUNS)})\b"
)
_FRACTION = re.compile(
    rf"(?i:\bby\s+(?P<frac>{_alternation(FRACTIONS)})\b(?!\s+an?\b)"
    r"|\bin\s+(?P<in_half>half)\b|\b(?P<halve>halv(?:e|ed|es|ing))\b)"
)


@dataclass(frozen=True)
class _Amount:
    """A recognised amount before classification; value = number * scale * factor."""

    start: int
    end: int
    number: Decimal
    scale: Decimal | None
    factor: Decimal
    unit: str
    kind: str | None = None  # set when the form itself fixes the kind ("by half")

    @property
    def value(self) -> float:
        return float(self.number * (self.scale or 1) * self.factor)


def _parse_number(written: str) -> Decimal:
    """'40,000' -> 40000, '1.2' -> 1.2, 'twenty-five' -> 25, 'half a' -> 0.5."""
    if written[0].isdigit():
        return Decimal(written.replace(",", ""))
    parts = written.lower().replace("-", " ").split()
    if parts[0] == "half":
        return Decimal("0.5")
    if parts[-1] == "hundred":
        return Decimal(100)
    return Decimal(sum(TENS.get(p, ONES.get(p, 0)) for p in parts))


def _unit_of(groups: dict[str, str | None]) -> tuple[str, Decimal] | None:
    """Map the matched unit words to (unit, factor to base units)."""
    if groups.get("cur_pre"):
        return CURRENCY_PREFIXES[groups["cur_pre"]], Decimal(1)
    if groups.get("pp"):
        word = _key(groups["pp"])
        if word in BARE_POINT_WORDS and not groups["num"][0].isdigit():
            return None
        return "percentage_point", Decimal(POINT_UNITS[word])
    if groups.get("pct"):
        return "percent", Decimal(1)
    if groups.get("cur"):
        return _CURRENCY_BY_KEY[_key(groups["cur"])], Decimal(1)
    if groups.get("mass"):
        return "tonne", Decimal(_MASS_BY_KEY[_key(groups["mass"])])
    return ("unit", Decimal(1)) if groups.get("count") else None


def _amount_from_match(match: re.Match) -> _Amount | None:
    """The amount a pattern match states, or None when its unit words are not trusted."""
    groups = match.groupdict()
    if groups.get("frac") or groups.get("in_half") or groups.get("halve"):
        share = FRACTIONS.get(_key(groups.get("frac") or "half"), 50)
        return _Amount(match.start(), match.end(), Decimal(share), None, Decimal(1),
                       "percent", kind="change")
    unit = _unit_of(groups)
    if unit is None:
        return None
    scale = Decimal(SCALES[groups["scale"].lower()]) if groups.get("scale") else None
    return _Amount(match.start(), match.end(), _parse_number(groups["num"]), scale,
                   unit[1], unit[0])


def _scan(text: str) -> list[_Amount]:
    """All amounts in text order; where two overlap, the one starting first (or longer) wins."""
    found = [a for pattern in (_PREFIXED, _SUFFIXED, _COUNTED, _FRACTION)
             for m in pattern.finditer(text) if (a := _amount_from_match(m))]
    found.sort(key=lambda a: (a.start, a.start - a.end))
    kept: list[_Amount] = []
    for amount in found:
        if not kept or amount.start >= kept[-1].end:
            kept.append(amount)
    return kept


# Kind: decided from the words around the amount.

_ADV = (r"(?:(?:about|around|roughly|nearly|almost|approximately|some|over|under|just|only|"
        r"another|further|extra|additional|an|a|more\s+than|less\s+than|as\s+much\s+as|"
        r"as\s+high\s+as|up\s+to|at\s+least)\s+)*")
_MOVE_VERBS = (r"r[io]s(?:e|es|en|ing)|f[ae]ll(?:s|en|ing)?|drop(?:s|ped|ping)?|declin\w*|"
               r"jump\w*|climb\w*|surg\w*|soar\w*|plung\w*|tumbl\w*|slump\w*|slid(?:e|es|ing)?|"
               r"sank|sink\w*|gain\w*|gr[eo]w\w*|lost|los(?:e|es|ing)|shed\w*|rall\w*|dipp?\w*|"
               r"increas\w*|decreas\w*|contract\w*|expand\w*|spik\w*|weaken\w*|"
               r"strengthen\w*|appreciat\w*|depreciat\w*|slipp?\w*|"
               r"edg\w*\s+(?:up|down|higher|lower)")


def _ends_with(cue: str) -> re.Pattern:
    """Pattern matching a left context that ends with `cue`, then optional adverbs."""
    return re.compile(rf"(?i:\b(?:{cue})\s+{_ADV}$)")


_SHARE_LEFT = _ends_with(
    r"account(?:s|ed|ing)?\s+for|makes?\s+up|made\s+up|control(?:s|led|ling)?|"
    r"produc(?:e|es|ed|ing)|suppl(?:y|ies|ied|ying)|represent(?:s|ed|ing)?|"
    r"(?:market\s+)?share\s+of|stake\s+of|holds?|held|"
    r"content(?:\s+(?:of|below|above|under|over|exceeding))?|purity\s+of|grade\s+of")
_SHARE_RIGHT = re.compile(  # "90% of world supply", "a 60% share"; not "25% of the value"
    r"(?i:^[\s-]*(?:of\b(?!\s+(?:the\s+|its\s+|their\s+)?(?:[\w']+\s+)?(?:value|price|cost)\b)"
    r"|(?:market\s+)?(?:share|stake)\b|(?:or\s+more\s+)?(?:owned|ownership|held)\b))")
_SHARE_NOUN = re.compile(r"(?i:\b(?:share|stake|proportion)\b)")
_MARKET_NOUN = re.compile(
    r"(?i:\b(?:shares|stocks?|prices?|exports|imports|shipments|output|production|sales|"
    r"revenues?|profits?|index|economy|gdp|demand|volumes?|yuan|currency|nikkei|futures)\b)")
_MOVE_LEFT = _ends_with(
    rf"(?:{_MOVE_VERBS})(?:\s+(?:by|to))?|up|down|"
    r"(?:growth|inflation|expansion|contraction|gain|loss|decline|drop|fall|rise|surge|jump)\s+of")
_MOVE_RIGHT = re.compile(
    r"(?i:^[\s-]*(?:year[\s-]on[\s-]year|y/y|yoy|on\s+the\s+year|from\s+a\s+year\s+"
    r"(?:earlier|ago|before)|(?:month|quarter)[\s-]on[\s-](?:month|quarter)|"
    r"(?:drop|fall|decline|slump|plunge|jump|surge|gain|growth|rise)\b))")
_INSTRUMENT = re.compile(
    r"(?i:\b(?:tariffs?|dut(?:y|ies)|lev(?:y|ies)|tax(?:es)?|surcharges?|quotas?|rates?)\b)")
# "was increased to 25%" is a decision, not a market move: moves have no passive.
_PASSIVE = _ends_with(r"(?:is|are|was|were|be|been|being)\s+\w+ed(?:\s+(?:by|to))?")
_RANGING_FROM = _ends_with(r"(?:rang|var)(?:e|es|ed|ing|y|ies|ied|ying)\s+from")
_FROM, _BY, _TO = (_ends_with(cue) for cue in ("from", "by", "to"))
_CHANGE_LEFT = _ends_with(r"(?:increase|hike|cut|reduction|decrease)\s+of")
_CHANGE_RIGHT = re.compile(r"(?i:^[\s-]*(?:increase|hike|cut|reduction|decrease)\b)")
_PER_UNIT = re.compile(
    r"(?i:^\s*(?:(?:per|a|an|each|/)\s*(?:metric\s+)?(?:tonnes?|tons?|kg|kilograms?|units?|"
    r"vehicles?|cars?|barrels?|ounces?|pieces?|items?)\b|(?:floor|minimum(?:\s+export)?|reference)\s+price))")
_QUOTA_CUE = re.compile(r"(?i:\bquotas?\b|\bcap(?:s|ped|ping)?\b|\bceiling\b|"
                        r"\blimit(?:s|ed)?\s+(?:of|to|at)\b)")
_MULTIPLIER = re.compile(rf"(?i:\b(?P<stem>{'|'.join(MULTIPLIERS)})(?:e|ed|es|ing)\b)")


def _near_left(text: str, start: int) -> str:
    """The clause before `start`: at most 60 characters, cut after the last , ; : or (."""
    return re.split(r"[,;:(]", text[max(0, start - 60):start])[-1]


def _wide_left(text: str, start: int) -> str:
    """The sentence part before `start`: at most 120 characters, cut after the last ;."""
    return text[max(0, start - 120):start].split(";")[-1]


def _is_share(near: str, right: str) -> bool:
    """Market shares and statistics: "accounts for 90%", "its share ... is around 90%"."""
    if _SHARE_LEFT.search(near) or _SHARE_RIGHT.search(right):
        return True
    return bool(_SHARE_NOUN.search(near)) and not _INSTRUMENT.search(near)


def _is_market_move(near: str, wide: str, right: str) -> bool:
    """Price, trade or growth figures ("shares fell 5%"), unless a tariff is the subject."""
    if _MOVE_RIGHT.search(right):
        return True
    if not _MOVE_LEFT.search(near) or _PASSIVE.search(near):
        return False
    return bool(_MARKET_NOUN.search(near)) or not _INSTRUMENT.search(wide)


def _rate_kind(near: str, wide: str, right: str, unit: str) -> str:
    """Kind of a percent or percentage-point amount, given its left and right context."""
    if (unit == "percent" and _is_share(near, right)) or _is_market_move(near, wide, right):
        return "other"
    if _RANGING_FROM.search(near):
        return "rate"
    if _FROM.search(near):
        return "previous_rate"
    if _BY.search(near) or _CHANGE_LEFT.search(near) or _CHANGE_RIGHT.search(right):
        return "change"
    if _TO.search(near):
        return "rate"
    return "change" if unit == "percentage_point" else "rate"


def _kind(text: str, start: int, end: int, unit: str) -> str:
    """Kind of the amount at text[start:end], read from its left and right context."""
    near, wide, right = _near_left(text, start), _wide_left(text, start), text[end:end + 60]
    if unit in ("percent", "percentage_point"):
        return _rate_kind(near, wide, right, unit)
    if unit in ("tonne", "unit"):
        clause_right = re.split(r"[,;:.]\s", right)[0]
        if _QUOTA_CUE.search(wide) or _QUOTA_CUE.search(clause_right):
            return "quota"
    if _is_market_move(near, wide, right):
        return "other"
    if _PER_UNIT.search(right):
        return "rate"
    return "coverage"


# Ranges: "10 to 25 percent", "between 1 and 2 billion dollars", "$10 to $15 billion".

_RANGE_START = re.compile(
    _NUMBER_START + _number("lo") + _scale("lo_scale") + r"\s*(?P<conn>-|–|—|to|and)\s*$")
_LABELLED = re.compile(r"(?i:\b(?:section|article|no\.?|chapter)\s*$)")
_BETWEEN = re.compile(r"(?i:\bbetween\s+$)")


def _range_start(text: str, high: _Amount, floor: int) -> _Amount | None:
    """The bare first number of a range ending in `high`, taking `high`'s unit and scale."""
    match = _RANGE_START.search(text, floor, high.start)
    if not match or high.kind:
        return None
    number, conn, before = _parse_number(match["lo"]), match["conn"], text[:match.start()]
    scale = Decimal(SCALES[match["lo_scale"].lower()]) if match["lo_scale"] else None
    rejected = (
        (scale is None and re.fullmatch(r"(?:19|20)\d\d", match["lo"]))  # "in 2025 to 25%"
        or _LABELLED.search(before)  # "Section 232 and 25%"
        or (conn == "and" and not _BETWEEN.search(before))
        or (conn != "to" and scale is None and number > high.number))
    if rejected:
        return None
    if scale is None and high.scale is not None and number <= high.number:
        scale = high.scale
    end = max(match.end("lo"), match.end("lo_scale"))
    return _Amount(match.start(), end, number, scale, high.factor, high.unit)


def _share_scale(text: str, amounts: list[_Amount]) -> list[_Amount]:
    """'$10 to $15 billion': the first amount of a pair takes the scale of the second."""
    shared = list(amounts)
    for i, (low, high) in enumerate(zip(amounts, amounts[1:])):
        joined = re.fullmatch(r"\s*(?:-|–|—|to|and)\s*", text[low.end:high.start])
        if (joined and low.unit == high.unit and low.scale is None and high.scale
                and low.number <= high.number and not low.kind):
            shared[i] = replace(low, scale=high.scale)
    return shared


def _mention(text: str, amount: _Amount, kind: str) -> MagnitudeMention:
    return MagnitudeMention(amount.start, amount.end, text[amount.start:amount.end],
                            amount.value, amount.unit, kind)


def _classify(text: str, amounts: list[_Amount]) -> list[MagnitudeMention]:
    """Mentions with kinds, adding the bare first number of each range."""
    mentions: list[MagnitudeMention] = []
    floor = 0
    for amount in amounts:
        low = _range_start(text, amount, floor)
        if low is None:
            kind = amount.kind or _kind(text, amount.start, amount.end, amount.unit)
            mentions.append(_mention(text, amount, kind))
        else:
            # A range shares one kind, except "from 10 to 25 percent": previous, then rate.
            low_kind = _kind(text, low.start, amount.end, amount.unit)
            high_kind = low_kind
            if low_kind == "previous_rate":
                high_kind = _kind(text, amount.start, amount.end, amount.unit)
            mentions += [_mention(text, low, low_kind), _mention(text, amount, high_kind)]
        floor = amount.end
    return mentions


def _derived_previous(text: str, mention: MagnitudeMention,
                      mentions: list[MagnitudeMention]) -> MagnitudeMention | None:
    """'doubled to 50%' also states a previous rate of 25%, on the same span."""
    if mention.unit != "percent" or mention.kind != "rate":
        return None
    found = list(_MULTIPLIER.finditer(_wide_left(text, mention.start)))
    if not found or not _TO.search(_near_left(text, mention.start)):
        return None
    multiplier = found[-1]      # the nearest: "quadrupling ... to 100% and a doubling ... to 50%"
    if any(m.kind == "previous_rate" and mention.start - 120 <= m.start < mention.start
           for m in mentions):
        return None
    previous = Decimal(str(mention.value)) / MULTIPLIERS[multiplier.group("stem").lower()]
    return replace(mention, value=float(previous), kind="previous_rate")


def find_magnitudes(text: str) -> list[MagnitudeMention]:
    """All magnitude mentions in `text` (a sentence), in text order.

    Each mention's `text` is `text[start:end]`. A rate reached by doubling or tripling is
    followed by the derived previous rate on the same span.
    """
    mentions = _classify(text, _share_scale(text, _scan(text)))
    result: list[MagnitudeMention] = []
    for mention in mentions:
        result.append(mention)
        derived = _derived_previous(text, mention, mentions)
        if derived:
            result.append(derived)
    return result


def parse_amount(text: str) -> tuple[float, str] | None:
    """Value in base units and unit of a single written amount, else None.

    "300 mln dlrs" -> (300000000.0, "USD"); "10 pct" -> (10.0, "percent"). The amount must
    be the whole string (surrounding spaces and final punctuation aside).
    """
    written = text.strip().rstrip(".,;:")
    amounts = _scan(written)
    if len(amounts) != 1 or (amounts[0].start, amounts[0].end) != (0, len(written)):
        return None
    return amounts[0].value, amounts[0].unit
