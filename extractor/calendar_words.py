"""Calendar words shared by dates and durations: month, weekday and season names, the
words that lead into an expression ("on", "as of", "effective"), and expression cleaning.

Pure functions, no spaCy.
"""

from __future__ import annotations

import re

_MONTH_NAMES = "january february march april may june july august september october november december"
MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES.split(), 1)}
MONTHS |= {name[:3]: i for name, i in list(MONTHS.items())} | {"sept": 9}
WEEKDAYS = {name: i for i, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
WEEKDAYS |= {name[:3]: i for name, i in list(WEEKDAYS.items())} | {"tues": 1, "thur": 3, "thurs": 3}
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12)}


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first so "sept" wins over "sep"."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


MONTH = rf"(?:{alternation(MONTHS)})\.?"
WEEKDAY = rf"(?:{alternation(WEEKDAYS)})\.?"
LEADING_WORDS = re.compile(
    r"^(?:(?:on|in|at|from|until|till|til|through|thru|since|as of|as early as|during|to|by|before|"
    r"after|effective|starting|beginning(?! of)|of|for|earlier|later)\s+)+")


def clean_expression(text: str) -> str:
    """Lower-case ``text``, squeeze spaces, drop edge punctuation, possessives and prepositions."""
    core = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip(" ,;:!?()[]\"")
    core = re.sub(r"'s$|(?<=s)'$", "", core).rstrip(" ,")
    if core.endswith(".") and not re.search(rf"\b{MONTH}$|\b{WEEKDAY}$", core):
        core = core[:-1]
    return LEADING_WORDS.sub("", core).strip()
