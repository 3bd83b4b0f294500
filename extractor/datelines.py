"""Publication dates from wire datelines: "BEIJING, Nov 9 (Reuters) -" at the head of a story.

A dateline gives the day and month of the story; the year comes from the dateline when it
has one ("Nov 9, 2025"), else from the page address ("/2025/11/09/" or "/2025/"). Without a
year the date stays unknown, with a warning saying so: a guessed year would misdate every
relative expression of the article.
"""

from __future__ import annotations

import datetime
import re

from .calendar_words import MONTHS, alternation

DATELINE = re.compile(
    r"^[ \t]*(?P<place>(?-i:[A-Z][\w.'-]*(?:[ ,/]+[A-Z][\w.'-]*){0,4})),[ \t]+"
    rf"(?P<month>{alternation(MONTHS)})\.?[ \t]+(?P<day>\d{{1,2}})(?:,?[ \t]+(?P<year>(?:19|20)\d\d))?"
    r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?[-\u2013\u2014]",
    re.MULTILINE | re.IGNORECASE)
URL_YEAR = re.compile(r"/((?:19|20)\d\d)(?:/|-|$)")
LINES_SEARCHED = 6


def dateline_date(text: str, url: str | None = None) -> tuple[datetime.date | None, str | None]:
    """The date of the story's dateline and a warning, if any; (None, None) without a dateline."""
    head = "\n".join(line for line in text.splitlines()[:LINES_SEARCHED * 2] if line.strip())
    found = DATELINE.search(head)
    if found is None:
        return None, None
    month, day = MONTHS[found["month"].lower()], int(found["day"])
    year = found["year"] or _url_year(url)
    shown = found.group(0).strip().rstrip("-\u2013\u2014").strip()
    if year is None:
        return None, f"the dateline '{shown}' gives no year; pass --published or a sidecar date"
    try:
        return datetime.date(int(year), month, day), None
    except ValueError:
        return None, f"the dateline '{shown}' is not a calendar date"


def _url_year(url: str | None) -> str | None:
    found = URL_YEAR.search(url or "")
    return found.group(1) if found else None
