"""Table tests for the date and duration normaliser (pure functions: no spaCy model is loaded)."""

import datetime as dt

import pytest

from extractor.dates import DateValue, Discourse, advance, normalize_date, normalize_duration, resolve_anaphor

SAT = dt.date(2025, 11, 8)  # a Saturday in ISO week 2025-W45

DATE_CASES = [
    # wire style, months with a day and no year
    ("Nov. 9", SAT, "nearest", "2025-11-09", None),
    ("Nov. 9", SAT, "past", "2025-11-09", None),  # a year back is too far for a soft preference
    ("Sept. 30", SAT, "past", "2025-09-30", None),
    ("Sept. 30", SAT, "future", "2025-09-30", None),  # news drops the year of nearby dates
    ("Aug. 1", SAT, "future", "2026-08-01", None),
    ("from Aug. 1", SAT, "future", "2026-08-01", None),
    ("Aug. 1", SAT, "past", "2025-08-01", None),
    ("Oct. 23", SAT, "nearest", "2025-10-23", None),
    ("Jan. 6", SAT, "nearest", "2026-01-06", None),
    ("Dec 1st", SAT, "nearest", "2025-12-01", None),
    ("the 4th of July", SAT, "past", "2025-07-04", None),
    ("Friday, Nov. 7", SAT, "nearest", "2025-11-07", None),
    ("Nov. 9", None, "past", None, None),
    # full dates
    ("until November 10, 2026", SAT, "future", "2026-11-10", None),
    ("1 July 2025", SAT, "nearest", "2025-07-01", None),
    ("2025-07-01", None, "nearest", "2025-07-01", None),
    ("July 4, 2025", None, "nearest", "2025-07-04", None),
    ("7/1/2025", SAT, "nearest", "2025-07-01", None),
    ("Feb. 29, 2024", SAT, "nearest", "2024-02-29", None),
    # weekdays, past and future
    ("Friday", SAT, "past", "2025-11-07", None),
    ("on Tuesday", SAT, "past", "2025-11-04", None),
    ("Tuesday", SAT, "future", "2025-11-11", None),
    ("Saturday", SAT, "past", "2025-11-08", None),
    ("Saturday", SAT, "future", "2025-11-08", None),
    ("Wednesday", SAT, "nearest", "2025-11-05", None),
    ("last Monday", SAT, "nearest", "2025-11-03", None),
    ("next Monday", SAT, "nearest", "2025-11-10", None),
    ("last Saturday", SAT, "nearest", "2025-11-01", None),
    ("Friday morning", SAT, "past", "2025-11-07", None),
    ("Friday", None, "past", None, None),
    ("the weekend", dt.date(2025, 11, 10), "nearest", "2025-W45-WE", None),
    ("12:01 a.m. EST Friday", SAT, "future", "2025-11-14", None),  # a clock time keeps its day's grain
    ("5 p.m. EST, Nov. 6", SAT, "nearest", "2025-11-06", None),
    # late / early / mid / end
    ("late 2024", SAT, "nearest", "2024", "end"),
    ("late 2024", None, "nearest", "2024", "end"),
    ("early 2025", SAT, "nearest", "2025", "start"),
    ("mid-2026", SAT, "nearest", "2026", "mid"),
    ("the end of 2025", SAT, "nearest", "2025", "end"),
    ("by the end of the year", SAT, "future", "2025", "end"),
    ("early next year", SAT, "nearest", "2026", "start"),
    ("late last year", SAT, "nearest", "2024", "end"),
    ("mid-November", SAT, "nearest", "2025-11", "mid"),
    ("the beginning of next month", SAT, "nearest", "2025-12", "start"),
    ("around March 2025", SAT, "nearest", "2025-03", "approx"),
    ("year-end", SAT, "nearest", "2025", "end"),
    # quarters and halves
    ("the first quarter of 2025", SAT, "nearest", "2025-Q1", None),
    ("Q3 2024", SAT, "nearest", "2024-Q3", None),
    ("the fourth quarter", SAT, "nearest", "2025-Q4", None),
    ("the fourth quarter", dt.date(2026, 1, 20), "nearest", "2025-Q4", None),
    ("this year's third quarter", SAT, "nearest", "2025-Q3", None),
    ("the second half of 2025", SAT, "nearest", "2025-H2", None),
    ("the third quarter", None, "nearest", None, None),
    # ISO weeks and relative units
    ("last week", SAT, "nearest", "2025-W44", None),
    ("this week", SAT, "nearest", "2025-W45", None),
    ("next week", SAT, "nearest", "2025-W46", None),
    ("last week", dt.date(2025, 1, 2), "nearest", "2024-W52", None),
    ("last month", SAT, "nearest", "2025-10", None),
    ("next month", SAT, "nearest", "2025-12", None),
    ("last month", dt.date(2025, 1, 15), "nearest", "2024-12", None),
    ("earlier this month", SAT, "nearest", "2025-11", None),
    ("this year", SAT, "nearest", "2025", None),
    ("last year", SAT, "nearest", "2024", None),
    ("next year", SAT, "nearest", "2026", None),
    ("last quarter", SAT, "nearest", "2025-Q3", None),
    ("yesterday", SAT, "nearest", "2025-11-07", None),
    ("today", SAT, "nearest", "2025-11-08", None),
    ("tomorrow", SAT, "nearest", "2025-11-09", None),
    ("three years ago", SAT, "nearest", "2022", None),
    ("two weeks ago", SAT, "nearest", "2025-W43", None),
    ("last month", None, "nearest", None, None),
    # months with no year: the grain stays a month
    ("in March", SAT, "past", "2025-03", None),
    ("in March", SAT, "future", "2026-03", None),
    ("March", dt.date(2025, 2, 10), "nearest", "2025-03", None),
    ("December", dt.date(2026, 1, 20), "nearest", "2025-12", None),
    ("last March", SAT, "nearest", "2025-03", None),
    ("next March", SAT, "nearest", "2026-03", None),
    ("June last year", SAT, "nearest", "2024-06", None),
    ("July 2025", None, "nearest", "2025-07", None),
    # years, decades, seasons
    ("2024", SAT, "nearest", "2024", None),
    ("2024", None, "nearest", "2024", None),
    ("fiscal 2026", SAT, "nearest", "2026", None),
    ("the 1990s", SAT, "nearest", "199", None),
    ("last summer", SAT, "nearest", "2025-SU", None),
    ("this spring", SAT, "nearest", "2025-SP", None),
    ("the nineties", SAT, "nearest", "199", None),
    ("the mid-1990s", SAT, "nearest", "199", "mid"),
    # years spelled out as transcripts write them
    ("nineteen ninety-six", SAT, "nearest", "1996", None),
    ("January nineteen ninety-seven", SAT, "nearest", "1997-01", None),
    ("the winter of nineteen ninety-four", SAT, "nearest", "1994-WI", None),
    ("the year two thousand", SAT, "nearest", "2000", None),
    # holidays, weeks named by a day, ends
    ("Thanksgiving Day", dt.date(2000, 1, 7), "nearest", "1999-11-25", None),
    ("last Thanksgiving", dt.date(2000, 2, 10), "nearest", "1999-11-25", None),
    ("Thanksgiving", SAT, "future", "2025-11-27", None),
    ("Election Day", dt.date(1998, 10, 26), "nearest", "1998-11-03", None),
    ("Christmas", SAT, "nearest", "2025-12-25", None),
    ("Memorial Day 2024", SAT, "nearest", "2024-05-27", None),
    ("the week of March 6", dt.date(2000, 2, 24), "nearest", "2000-W10", None),
    ("year's end", SAT, "nearest", "2025", "end"),
]

NOT_DATES = ["90 days", "years", "the period", "four months", "a one-year period", "tariffs", "25%",
             "44", "6-year-old", "", "the following", "10:35 a.m.", "now"]

DURATION_CASES = [
    ("a one-year period", "P1Y"),
    ("90 days", "P90D"),
    ("four months", "P4M"),
    ("six-month", "P6M"),
    ("two years", "P2Y"),
    ("18 months", "P18M"),
    ("a week", "P1W"),
    ("half a year", "P6M"),
    ("a year and a half", "P1Y6M"),
    ("5 1/2 hours", "PT5H30M"),
    ("90-day", "P90D"),
    ("the past two months", "P2M"),
    ("another 90 days", "P90D"),
    ("within 30 days", "P30D"),
    ("a 30-day window", "P30D"),
    ("two decades", "P20Y"),
    ("a fortnight", "P2W"),
    ("24 hours", "PT24H"),
    ("twenty-five years", "P25Y"),
    ("a couple of years", "P2Y"),
    ("several years", "PXY"),
    ("eight trading days", "P8D"),
    ("two thousand years", "P2000Y"),  # only "the year two thousand" is a year
]

NOT_DURATIONS = ["Friday", "2024", "the period", "6-year-old", "two years ago", "last year", "tariffs",
                 "25 percent", "the 1988 quarter"]


@pytest.mark.parametrize("text, anchor, prefer, value, mod", DATE_CASES,
                         ids=[f"{c[0]}|{c[1]}|{c[2]}" for c in DATE_CASES])
def test_normalize_date(text, anchor, prefer, value, mod):
    assert normalize_date(text, anchor, prefer) == DateValue(value, mod)


@pytest.mark.parametrize("text", NOT_DATES)
def test_non_dates_give_none(text):
    assert normalize_date(text, SAT, "nearest") is None


@pytest.mark.parametrize("text, value", DURATION_CASES)
def test_normalize_duration(text, value):
    assert normalize_duration(text) == value


@pytest.mark.parametrize("text", NOT_DURATIONS)
def test_non_durations_give_none(text):
    assert normalize_duration(text) is None


def test_anchor_is_part_of_the_cache_key():
    assert normalize_date("yesterday", SAT).value == "2025-11-07"
    assert normalize_date("yesterday", dt.date(2024, 3, 1)).value == "2024-02-29"


# (text, anchor, discourse before it, value); None when the expression is no anaphor or has nothing to count from
ANAPHOR_CASES = [
    # earnings reports compare with the quarter they report
    ("a year earlier", dt.date(1989, 10, 26), Discourse("1989-Q3", "1989-Q3"), "1988-Q3"),
    ("the year-ago quarter", dt.date(1989, 10, 26), Discourse("1989-10-25", "1989-Q3"), "1988-Q3"),
    ("year-earlier", dt.date(1989, 10, 26), Discourse(), "1988"),
    ("the year-earlier third quarter", dt.date(1989, 10, 26), Discourse(), "1988-Q3"),
    ("the quarter a year ago", dt.date(1989, 10, 26), Discourse("1989-Q3", "1989-Q3"), "1988-Q3"),
    ("last year's quarter", dt.date(1989, 10, 26), Discourse("1989-09-30", "1989-Q3"), "1988-Q3"),
    ("the quarter", dt.date(1989, 10, 26), Discourse("1989", "1989-Q1"), "1989-Q1"),
    ("the latest quarter", dt.date(1989, 10, 26), Discourse("1989", "1989-Q4"), "1989-Q3"),
    ("the latest period", dt.date(1989, 10, 26), Discourse(), "1989-Q3"),
    ("the 1988 period", dt.date(1989, 10, 26), Discourse("1989-Q2", "1989-Q2"), "1988-Q2"),
    # a year ago with no quarter in view is left to the plain normaliser
    ("a year ago", dt.date(1989, 10, 26), Discourse("1989-10-25"), None),
    ("the quarter", dt.date(1989, 10, 26), Discourse(), None),
    # counting from the latest date
    ("the following year", dt.date(1998, 4, 18), Discourse("1995-05-22"), "1996"),
    ("The following month", dt.date(1989, 10, 27), Discourse("1989-03"), "1989-04"),
    ("later that year", dt.date(2000, 1, 28), Discourse("1998-06"), "1998"),
    ("the previous day", SAT, Discourse("2025-03-01"), "2025-02-28"),
    ("that same day", dt.date(1999, 2, 6), Discourse("1998-10"), "1998-10-XX"),
    ("the following day", SAT, Discourse("2025-03"), None),
    ("that year", SAT, Discourse(), None),
    ("last year", SAT, Discourse("2024"), None),
    ("a year earlier", None, Discourse("1989-Q3", "1989-Q3"), None),
]


@pytest.mark.parametrize("text, anchor, discourse, value", ANAPHOR_CASES,
                         ids=[f"{c[0]}|{c[2].last}" for c in ANAPHOR_CASES])
def test_resolve_anaphor(text, anchor, discourse, value):
    found = resolve_anaphor(text, anchor, discourse)
    assert (found.value if found else None) == value


@pytest.mark.parametrize("text, value, after", [
    ("the third quarter", "1989-Q3", Discourse("1989-Q3", "1989-Q3")),
    ("Oct. 5", "1989-10-05", Discourse("1989-10-05", "1989-Q2")),
    ("the following year", "1990", Discourse("1990", "1989-Q2")),
    ("a year earlier", "1988-Q2", Discourse("1989-06-30", "1989-Q2")),  # a comparison moves nothing
    ("the quarter", "1989-Q2", Discourse("1989-06-30", "1989-Q2")),
    ("now", "PRESENT_REF", Discourse("1989-06-30", "1989-Q2")),
])
def test_advance_moves_the_reference_time_only_for_new_dates(text, value, after):
    assert advance(Discourse("1989-06-30", "1989-Q2"), text, value) == after
