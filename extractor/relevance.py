"""The relevance gate: a cheap test, before the statistical model, of whether an article can hold a measure.

Every trade-policy measure of the record specification acts on cross-border trade or
investment, and reporting about one names it: exports or imports, tariffs, duties or
customs, sanctions, embargoes, quotas, entity lists, anti-dumping or safeguard cases,
shipments, investment screening, or the critical minerals the measures are mostly about.
An article with none of these words is not parsed at all: the gate costs microseconds, the
parse tens of milliseconds, and most of a general news stream is about something else.

The vocabulary leans to recall: letting an off-topic article through costs only time (the
pipeline's own rules still decide), while dropping a relevant one loses records.
``tests/test_relevance.py`` checks that no corpus article holding a gold measure is
dropped.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

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
    r"WTO", r"World Trade Organi[sz]ation", r"free[- ]trade",
    # the goods the measures are mostly about
    r"rare[- ]earths?", r"critical (?:minerals?|raw materials)",
)

# "a ban on Chinese seafood", "halted purchases of American soybeans": a restriction next to
# a country (name, demonym, capital or institution, from the party patterns) within a few words.
RESTRICTION_WORDS = (r"ban|bans|banned|banning|halt|halts|halted|halting|suspend|suspends|suspended|suspension|"
                     r"curb|curbs|curbed|restrict|restricts|restricted|restriction|restrictions|block|blocks|"
                     r"blocked|purchases|buying")


@lru_cache(maxsize=4)
def _gate(patterns_dir: Path) -> re.Pattern:
    """The gate's expression: the trade terms, or a restriction within six words of a country."""
    countries = sorted(_country_words(patterns_dir), key=len, reverse=True)
    country = "(?-i:" + "|".join(re.escape(word) for word in countries) + ")"  # "US", never "us"
    near = r"(?:\W+[\w'-]+){0,5}?\W+"
    restriction = f"(?:{RESTRICTION_WORDS})"
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(TRADE_TERMS)
        + f"|{restriction}{near}{country}|{country}{near}{restriction}" + r")(?![\w-])",
        re.IGNORECASE)


def _country_words(patterns_dir: Path) -> set[str]:
    """Names, demonyms, capitals and institutions of countries and blocs in the party patterns."""
    words = set()
    for line in (patterns_dir / "parties.jsonl").read_text(encoding="utf-8").splitlines():
        rule = json.loads(line) if line.strip() else {}
        if rule.get("country") and isinstance(rule.get("pattern"), str):
            words.update(variant for variant in [rule["pattern"], *rule.get("variants", [])]
                         if isinstance(variant, str))  # token patterns ([{"ORTH": "US"}]) are left out
    return words


def is_relevant(text: str, patterns_dir: Path = DEFAULT_PATTERNS) -> bool:
    """True when the text uses any trade-policy vocabulary, so that it must be parsed."""
    return _gate(Path(patterns_dir)).search(text) is not None


def gate_warning() -> str:
    return "not parsed: the text has no trade-policy vocabulary (relevance gate)"
