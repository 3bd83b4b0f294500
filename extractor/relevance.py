"""The relevance gate: a cheap test, before the statistical model, of whether an article can hold a measure.

A measure record is a state acting on trade, and reporting about one says so in a sentence
that names all three: an actor (a country, capital or institution of the party patterns, or
a government word: "the ministry", "officials"), an action (a word that starts a trigger of
``patterns/actions.jsonl``, in any inflection: "impose", "lifted", "extension") and a trade
instrument or flow (exports or imports, tariffs, duties or customs, sanctions, embargoes,
quotas, entity lists, anti-dumping or safeguard cases, shipments, investment screening, or
the critical minerals the measures are mostly about); or a restriction within six words of
a country ("a ban on Chinese seafood"). An article with no such sentence is not parsed at
all: the gate costs a fraction of a millisecond, the parse tens, and most of a general
news stream is about something else.

The vocabulary leans to recall: letting an off-topic article through costs only time (the
pipeline's own rules still decide), while dropping a relevant one loses records.
``tests/test_relevance.py`` checks that no corpus article holding a gold measure is
dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .patterns import PatternRule, load_rules
from .settings import DEFAULT_PATTERNS

# Regular expressions of trade-policy vocabulary, each matched as whole words, case-insensitively.
# Words that are as common outside trade policy ("trade", "quota", "licence", "lithium") only
# count in a trade phrase.
TRADE_TERMS = (
    # flows
    r"(?:re-?)?export(?:s|ed|er|ers|ing)?", r"import(?:s|ed|er|ers|ing)?", r"shipments?",
    r"(?:sell|sells|sold|sale|sales|ship|ships|shipped|shipping|send|sent|sending)\W+(?:\w+\W+){0,3}?"
    r"(?:abroad|overseas|foreign buyers)",
    r"trading partners?", r"cross-border trade", r"smuggl(?:e|ed|ing|ers?)",
    # instruments
    r"tariffs?", r"dut(?:y|ies)", r"customs", r"surcharges?", r"surtax(?:es)?", r"embargo(?:es|ed)?",
    r"sanctions?", r"(?:export|import|production|mining|tariff-rate) quotas?", r"entity list",
    r"unverified list", r"unreliable entit(?:y|ies)", r"dual[- ]use", r"anti-?dumping", r"countervailing",
    r"anti-subsidy", r"section (?:232|301)", r"outbound investments?",
    r"investment (?:review|screening|restrictions?)", r"CFIUS", r"divest(?:s|ed|ing|ment|iture)?",
    # trade policy itself
    r"trade (?:war|wars|deal|deals|talks|truce|measures?|barriers?|restrictions?|polic(?:y|ies)|tensions?|"
    r"disputes?|remed(?:y|ies)|agreements?|pact|minister|representative)",
    r"WTO", r"World Trade Organi[sz]ation", r"free[- ]trade", r"duty[- ]free", r"tariff[- ]free",
    r"preferential (?:access|treatment|tariffs?)", r"(?:Generali[sz]ed )?System of Preferences",
    # the goods the measures are mostly about
    r"rare[- ]earths?", r"critical (?:minerals?|raw materials)",
)

# "a ban on Chinese seafood", "halted purchases of American soybeans": a restriction next to
# a country (name, demonym, capital or institution, from the party patterns) within six words.
RESTRICTION_WORDS = (r"ban|bans|banned|banning|halt|halts|halted|halting|suspend|suspends|suspended|suspension|"
                     r"curb|curbs|curbed|restrict|restricts|restricted|restriction|restrictions|block|blocks|"
                     r"blocked|purchases|buying")


# Words for a state actor besides the names of the party patterns.
GOVERNMENT_WORDS = (r"governments?|ministry|ministries|ministers?|department|treasury|president|premier|"
                    r"commission|council|parliament|congress|senate|authorit(?:y|ies)|officials?|agency|"
                    r"administration|cabinet|customs|regulators?|executive order|decree|regulations?|law|"
                    r"country|countries|nations?|state|states|bloc")
# Past forms the stems of the action words do not reach.
IRREGULAR_FORMS = {"rise": "rose|risen", "fall": "fell|fallen", "freeze": "froze|frozen", "take": "took|taken",
                   "strike": "struck", "withdraw": "withdrew|withdrawn", "bring": "brought", "hold": "held",
                   "come": "came", "become": "became", "go": "went|gone", "set": "set", "put": "put",
                   "cut": "cut", "hit": "hit"}
# Words of multi-word triggers ("do away with", "no longer") that mean nothing alone.
NOT_ACTIONS = frozenset({"no", "not", "never", "do", "go"})
# A full stop after a lower-case letter, a digit or a closing mark, before a capital; or a
# line break. "U.S. pork" does not end a sentence.
SENTENCE_END = re.compile(r"(?<=[a-z0-9%)\"'\u2019\u201d])[.!?]+\s+(?=[A-Z\"'\u2018\u201c(])|\n")


@dataclass(frozen=True)
class Gate:
    """The gate's compiled expressions, built once per pattern folder."""

    trade: re.Pattern  # trade terms
    action: re.Pattern  # the words that start an action trigger, any inflection
    restriction: re.Pattern  # restriction words
    country: re.Pattern  # country names, demonyms, capitals, institutions (case-sensitive)
    government: re.Pattern  # government words

    def passes(self, text: str) -> bool:
        for match in self.trade.finditer(text):
            start, end = _sentence_around(text, match.start(), match.end())
            if not self.action.search(text, start, end):
                continue
            # The actor may be named in the sentence before ("Beijing and Washington met.
            # Both sides agreed to lower tariffs").
            start = _sentence_around(text, start - 2, start - 1)[0] if start > 1 else start
            if self.country.search(text, start, end) or self.government.search(text, start, end):
                return True
        for match in self.restriction.finditer(text):
            window = _words_around(text, match.start(), match.end(), 6)
            if self.country.search(window):
                return True
        return False


@lru_cache(maxsize=4)
def _gate(patterns_dir: Path) -> Gate:
    def words(alternatives) -> re.Pattern:
        return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)

    names = _country_words(patterns_dir)
    countries = sorted(names | {name.upper() for name in names}, key=len, reverse=True)  # "JAKARTA, Sept 2 -"
    return Gate(
        trade=words(TRADE_TERMS),
        action=re.compile(r"(?<![\w-])(?:" + "|".join(_action_forms(patterns_dir)) + ")", re.IGNORECASE),
        restriction=words([RESTRICTION_WORDS]),
        country=re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in countries) + r")(?![\w-])"),
        government=words([GOVERNMENT_WORDS]),
    )


def _action_forms(patterns_dir: Path) -> list[str]:
    """Expressions for every word that starts an action rule: its stem and any ending, plus irregular forms."""
    forms = set()
    for rule in load_rules(patterns_dir):
        if rule.label != "ACTION":
            continue
        for word in _first_words(rule):
            if word in NOT_ACTIONS:
                continue
            stem = word[:-1] if word.endswith("e") and len(word) > 3 else word
            forms.add(re.escape(stem) + r"[\w-]*")
            if word in IRREGULAR_FORMS:
                forms.add(IRREGULAR_FORMS[word])
    return sorted(forms, key=len, reverse=True)


def _first_words(rule: PatternRule) -> list[str]:
    """The words a rule's patterns can start with (lower case)."""
    found = []
    for pattern in [rule.pattern, *rule.variants]:
        if isinstance(pattern, str):
            found.append(pattern.split()[0].lower())
            continue
        for attr in ("LEMMA", "LOWER", "ORTH"):
            value = pattern[0].get(attr) if pattern else None
            if isinstance(value, str):
                found.append(value.lower())
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                found.extend(str(item).lower() for item in value["IN"])
    return found


def _country_words(patterns_dir: Path) -> set[str]:
    """Names, demonyms, capitals and institutions of countries and blocs in the party patterns."""
    words = set()
    for rule in load_rules(patterns_dir):
        if rule.label != "PARTY" or not rule.country:
            continue
        for variant in [rule.pattern, *rule.variants]:
            if isinstance(variant, str):
                words.add(variant)
            elif len(variant) == 1 and isinstance(variant[0].get("ORTH"), str):
                words.add(variant[0]["ORTH"])  # [{"ORTH": "US"}]
    return words


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence (or line) holding ``text[start:end]``, found by punctuation only."""
    floor = max(0, start - 400)
    before = max((m.end() for m in SENTENCE_END.finditer(text, floor, start)), default=floor)
    after = SENTENCE_END.search(text, end, end + 400)
    return before, after.start() + 1 if after else min(len(text), end + 400)


def _words_around(text: str, start: int, end: int, count: int) -> str:
    """``text[start:end]`` with up to ``count`` words on each side."""
    left = text[max(0, start - 120):start].split()[-count:]
    right = text[end:end + 120].split()[:count]
    return " ".join([*left, text[start:end], *right])


def is_relevant(text: str, patterns_dir: Path = DEFAULT_PATTERNS) -> bool:
    """True when some sentence names an actor, an action and trade vocabulary, so that the text must be parsed."""
    return _gate(Path(patterns_dir)).passes(text)


def gate_warning() -> str:
    return "not parsed: the text has no trade-policy vocabulary (relevance gate)"
