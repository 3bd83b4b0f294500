"""The words magnitudes are written with: scales, currencies, mass and point units,
percent words, counted nouns, numbers in words, fractions and multipliers.

Plain tables, no logic: ``extractor.magnitudes`` builds its patterns from them.
"""

from __future__ import annotations

SCALES: dict[str, int] = {
    "thousand": 10**3, "k": 10**3, "lakh": 10**5, "million": 10**6, "mln": 10**6,
    "mn": 10**6, "m": 10**6, "crore": 10**7, "billion": 10**9, "bln": 10**9, "bn": 10**9,
    "b": 10**9, "trillion": 10**12, "tln": 10**12, "trn": 10**12, "tn": 10**12,
}
# Written before the number; matched case-sensitively ("Rs", "RMB").
CURRENCY_PREFIXES: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD",
    "AU$": "AUD", "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "RMB": "CNY", "Rmb": "CNY", "Rs": "INR", "Rs.": "INR",
    **{code: code for code in "USD EUR GBP JPY CNY INR CAD AUD KRW CHF".split()},
}
# Written after the number; matched case-insensitively.
CURRENCY_WORDS: dict[str, str] = {
    "dlrs": "USD", "dollars": "USD", "dollar": "USD", "U.S. dollars": "USD",
    "US dollars": "USD", "usd": "USD", "Canadian dollars": "CAD", "Australian dollars": "AUD",
    "Hong Kong dollars": "HKD", "Singapore dollars": "SGD", "Taiwan dollars": "TWD",
    "euros": "EUR", "euro": "EUR", "eur": "EUR", "yuan": "CNY", "renminbi": "CNY",
    "rmb": "CNY", "cny": "CNY", "yen": "JPY", "jpy": "JPY", "pounds sterling": "GBP",
    "pounds": "GBP", "sterling": "GBP", "stg": "GBP", "gbp": "GBP", "rupees": "INR",
    "inr": "INR", "won": "KRW", "krw": "KRW", "cad": "CAD", "aud": "AUD",
    "Swiss francs": "CHF", "chf": "CHF", "roubles": "RUB", "rubles": "RUB",
}
MASS_UNITS: dict[str, str] = {  # word -> tonnes per unit
    "tonnes": "1", "tonne": "1", "tons": "1", "ton": "1", "metric tons": "1", "metric ton": "1",
    "metric tonnes": "1", "metric tonne": "1", "kilotonnes": "1000", "kilotons": "1000",
    "kt": "1000", "kilograms": "0.001", "kilogram": "0.001", "kilos": "0.001", "kg": "0.001"}
POINT_UNITS: dict[str, str] = {  # word -> percentage points per unit
    "percentage points": "1", "percentage point": "1", "pct points": "1", "pct point": "1",
    "ppts": "1", "ppt": "1", "pp": "1", "points": "1", "point": "1",
    "basis points": "0.01", "basis point": "0.01", "bps": "0.01", "bp": "0.01",
}
# Point words that are too loose to trust after a spelled-out number ("one point").
BARE_POINT_WORDS = frozenset({"points", "point", "pp", "ppt", "ppts"})
PERCENT_WORDS = ("%", "percent", "per cent", "pct", "pc")
COUNT_NOUNS = ("entities", "companies", "firms", "enterprises", "individuals", "organisations",
               "organizations", "products", "items", "tariff lines", "product lines")
ONES = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
# "by half" and "halve" state a 50 percent change without a number.
FRACTIONS: dict[str, int] = {"half": 50, "a half": 50, "one half": 50, "a quarter": 25}
MULTIPLIERS: dict[str, int] = {"doubl": 2, "tripl": 3, "quadrupl": 4}
