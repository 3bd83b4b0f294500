"""extractor.timex.tag on news-style sentences: one expression per case, its TIMEX3 type,
value and mod, with the real statistical model (the session's pipeline).

The document creation time is Saturday 8 November 2025 (ISO week 45) unless a case says
otherwise.
"""

import datetime as dt

import pytest

from extractor.timex import Timex, tag

DCT = dt.date(2025, 11, 8)

CASES = [
    # weekdays: the tense of the governing verb says which week
    ("The ministry said on Friday that the quota would stay.", "Friday", "DATE", "2025-11-07", None),
    ("Exporters rushed shipments out on Monday.", "Monday", "DATE", "2025-11-03", None),
    ("The minister will meet his U.S. counterpart on Tuesday.", "Tuesday", "DATE", "2025-11-11", None),
    ("Talks are scheduled for Wednesday in Geneva.", "Wednesday", "DATE", "2025-11-12", None),
    ("Beijing announced the controls on Thursday.", "Thursday", "DATE", "2025-11-06", None),
    ("The rules take effect until Sunday.", "Sunday", "DATE", "2025-11-09", None),
    ("Officials plan to publish the list Monday.", "Monday", "DATE", "2025-11-10", None),
    ("Customs officers seized the cargo last Tuesday.", "last Tuesday", "DATE", "2025-11-04", None),
    ("A decision is due next Friday, officials said.", "next Friday", "DATE", "2025-11-14", None),
    ("Friday's announcement surprised traders.", "Friday", "DATE", "2025-11-07", None),
    ("The port reopened on Wednesday morning.", "Wednesday morning", "DATE", "2025-11-05TMO", None),
    ("Shares fell on Thursday night after the announcement.", "Thursday night", "DATE", "2025-11-06TNI",
     None),
    # named days
    ("The ban was lifted today, the ministry said.", "today", "DATE", "2025-11-08", None),
    ("The ministry published the decree yesterday.", "yesterday", "DATE", "2025-11-07", None),
    ("New tariffs will be announced tomorrow.", "tomorrow", "DATE", "2025-11-09", None),
    ("The president will address the nation tonight.", "tonight", "DATE", "2025-11-08", None),
    # month and day
    ("Beijing said on Nov. 9 that exports would resume.", "Nov. 9", "DATE", "2025-11-09", None),
    ("The quota was cut on Oct. 14.", "Oct. 14", "DATE", "2025-10-14", None),
    ("Exports of gallium will resume from Aug. 1.", "Aug. 1", "DATE", "2026-08-01", None),
    ("The measure was first imposed on March 4, 2024.", "March 4, 2024", "DATE", "2024-03-04", None),
    ("The decree dated 12 December 2023 set the quota.", "12 December 2023", "DATE", "2023-12-12", None),
    ("The duties will expire on Jan. 31, 2026.", "Jan. 31, 2026", "DATE", "2026-01-31", None),
    ("The levy was doubled on Sept. 3.", "Sept. 3", "DATE", "2025-09-03", None),
    # months
    ("Exports collapsed in October, customs data showed.", "October", "DATE", "2025-10", None),
    ("The tariff was raised in February.", "February", "DATE", "2025-02", None),
    ("The tariff will rise again in January.", "January", "DATE", "2026-01", None),
    ("Shipments resumed in July 2024.", "July 2024", "DATE", "2024-07", None),
    ("The commission will rule in early December.", "early December", "DATE", "2025-12", "START"),
    ("Restrictions were tightened in mid-October.", "mid-October", "DATE", "2025-10", "MID"),
    # years and parts of years
    ("The controls were imposed in late 2024.", "late 2024", "DATE", "2024", "END"),
    ("Output fell in early 2023.", "early 2023", "DATE", "2023", "START"),
    ("The agreement was signed in 2019.", "2019", "DATE", "2019", None),
    ("Imports rose sharply last year.", "last year", "DATE", "2024", None),
    ("The quota will be reviewed next year.", "next year", "DATE", "2026", None),
    ("Shipments have doubled this year.", "this year", "DATE", "2025", None),
    ("Exports were weak earlier this year.", "earlier this year", "DATE", "2025", None),
    ("Prices peaked in the 1990s.", "the 1990s", "DATE", "199", None),
    ("The first restrictions date from the 20th century.", "the 20th century", "DATE", "19", None),
    ("The tariff regime was set up in the summer of 2023.", "the summer of 2023", "DATE", "2023-SU", None),
    ("Demand slowed last winter.", "last winter", "DATE", "2024-WI", None),
    # quarters, halves and fiscal years
    ("Steel imports fell in the fourth quarter of 2024.", "the fourth quarter of 2024", "DATE", "2024-Q4",
     None),
    ("The company expects a recovery in the first quarter.", "the first quarter", "DATE", "2026-Q1", None),
    ("Sales dropped in the third quarter.", "the third quarter", "DATE", "2025-Q3", None),
    ("Revenue rose 4 pct in Q2 2025.", "Q2 2025", "DATE", "2025-Q2", None),
    ("Shipments fell in the first half of 2025.", "the first half of 2025", "DATE", "2025-H1", None),
    ("The subsidy covers fiscal 2025.", "fiscal 2025", "DATE", "2025", None),
    ("The budget for fiscal 2026 includes the levy.", "fiscal 2026", "DATE", "2026", None),
    ("Output slowed in the second half of the year.", "the second half of the year", "DATE", "2025-H2",
     None),
    # weeks and months relative to the document date
    ("The ministry issued the licences this week.", "this week", "DATE", "2025-W45", None),
    ("Officials met last week in Brussels.", "last week", "DATE", "2025-W44", None),
    ("The panel will report next week.", "next week", "DATE", "2025-W46", None),
    ("Exports dropped last month.", "last month", "DATE", "2025-10", None),
    ("The decision is expected next month.", "next month", "DATE", "2025-12", None),
    ("Prices have risen this month.", "this month", "DATE", "2025-11", None),
    ("Negotiators met over the weekend.", "the weekend", "DATE", "2025-W45-WE", None),
    ("The ban was announced earlier this month.", "earlier this month", "DATE", "2025-11", None),
    ("The duties will be lifted by year-end.", "year-end", "DATE", "2025", "END"),
    # counting back and forward
    ("The quota was introduced two years ago.", "two years ago", "DATE", "2023", None),
    ("The rules changed three months ago.", "three months ago", "DATE", "2025-08", None),
    ("The licence was granted a week ago.", "a week ago", "DATE", "2025-W44", None),
    ("The inquiry opened two days ago.", "two days ago", "DATE", "2025-11-06", None),
    # durations
    ("Imports have doubled over the past two years.", "the past two years", "DURATION", "P2Y", None),
    ("The ban was suspended for a one-year period.", "a one-year period", "DURATION", "P1Y", None),
    ("The exemption will last 90 days.", "90 days", "DURATION", "P90D", None),
    ("Cobalt exports were halted for four months.", "four months", "DURATION", "P4M", None),
    ("Talks lasted six hours.", "six hours", "DURATION", "PT6H", None),
    ("The moratorium runs for 18 months.", "18 months", "DURATION", "P18M", None),
    ("Tariffs will be phased out over the next five years.", "the next five years", "DURATION", "P5Y",
     None),
    ("The dispute has dragged on for several years.", "several years", "DURATION", "PXY", None),
    ("Prices rose over the past few weeks.", "the past few weeks", "DURATION", "PXW", None),
    ("The quota was extended for a decade.", "a decade", "DURATION", "P10Y", None),
    ("The truce held for two and a half years.", "two and a half years", "DURATION", "P2Y6M", None),
    ("A 30-day comment period opened.", "30-day", "DURATION", "P30D", None),
    ("The pause was extended by 90 days.", "90 days", "DURATION", "P90D", None),
    # sets
    ("The ministry reviews the list every year.", "every year", "SET", "P1Y", None),
    ("Quotas are reset each month.", "each month", "SET", "P1M", None),
    ("The agency publishes the figures every Monday.", "every Monday", "SET", "XXXX-WXX-1", None),
    ("Prices are published daily by the exchange.", "daily", "SET", "P1D", None),
    ("The licence fee is paid annually.", "annually", "SET", "P1Y", None),
    ("The committee meets weekly during the talks.", "weekly", "SET", "P1W", None),
    # references to the present, past and future
    ("The tariffs are now in force.", "now", "DATE", "PRESENT_REF", None),
    ("The ministry recently tightened the rules.", "recently", "DATE", "PAST_REF", None),
    ("Exports are currently banned.", "currently", "DATE", "PRESENT_REF", None),
    ("More curbs are likely in the near future.", "the near future", "DATE", "FUTURE_REF", None),
    ("Such bans were rare in the past.", "the past", "DATE", "PAST_REF", None),
    ("Under current market conditions, the quota binds.", "current", "DATE", "PRESENT_REF", None),
    # times of day
    ("The suspension took effect at 12:01 a.m. on Friday.", "12:01 a.m. on Friday", "TIME",
     "2025-11-07T00:01", None),
    ("Trading was halted at 3 p.m. on Thursday.", "3 p.m. on Thursday", "TIME", "2025-11-06T15:00", None),
    ("The order was signed this morning.", "this morning", "TIME", "2025-11-08TMO", None),
    # a clock time with no day falls on the day the narrative is at
    ("The blast hit the port on Thursday. Rescuers arrived at 10:35 a.m. and found nothing.", "10:35 a.m.", "TIME",
     "2025-11-06T10:35", None),
    # "until" looks ahead unless the clause is told in the past
    ("Until Thursday, investigators had not called him a suspect.", "Thursday", "DATE", "2025-11-06", None),
    # weekdays with their date, and a weekday after "the day"
    ("Outflows peaked Friday Oct. 31 alone.", "Friday Oct. 31", "DATE", "2025-10-31", None),
    ("During the day Friday, the port stayed shut.", "Friday", "DATE", "2025-11-07", None),
    # the fiscal year closed by a date is a length, not a calendar year
    ("The unit had revenue of $76 million for the year ended March 31.", "the year", "DURATION", "P1Y", None),
    ("Sales rose in the fiscal year ending June 30.", "the fiscal year", "DURATION", "P1Y", None),
    ("It earned $5 million in the fiscal-first quarter.", "the fiscal-first quarter", "DATE", "2025-Q1", None),
    ("Net for the year-earlier nine months included a gain.", "the year-earlier nine months", "DURATION", "P9M",
     None),
    # lengths the model reads as quantities, and vague ones after "for", "within", "in"
    ("The minister then spent about 5 1/2 hours in Nairobi.", "5 1/2 hours", "DURATION", "PT5H30M", None),
    ("The ban stays for at least two more weeks.", "at least two more weeks", "DURATION", "P2W", None),
    ("Inspectors may visit for no more than sixty days.", "no more than sixty days", "DURATION", "P60D", None),
    ("Eight trading days after the plunge, the index recovered.", "Eight trading days", "DURATION", "P8D", None),
    ("The appeal could take as long as a month or two.", "a month", "DURATION", "P1M", None),
    ("Exporters have waited for years for the licences.", "years", "DURATION", "PXY", None),
    ("Troops are expected within weeks, officials said.", "weeks", "DURATION", "PXW", None),
    ("The mine will stay closed for a while.", "a while", "DURATION", "PXX", None),
    ("Analysts see no relief in the near term.", "the near term", "DATE", "FUTURE_REF", None),
    # edge words that belong to something else
    ("The company runs 13 plants, up from seven a year ago.", "a year ago", "DATE", "2024", None),
    ("The dividend increase was the company's second this year.", "this year", "DATE", "2025", None),
    ("The offer expires at the the end of November.", "the the end of November", "DATE", "2025-11", "END"),
]

# Words that look temporal and are not expressions here.
NOT_TAGGED = [
    ("His car was seen in the weeks before the shooting.", "weeks"),  # no count and no length
    ('Baker said on ABC\'s "This Week" that the request stood.', "This Week"),  # a programme's title
    ("He hopes he one day follows his father into politics.", "one day"),  # some day, not a length
]


def _find(timexes: list[Timex], expression: str) -> Timex:
    matches = [t for t in timexes if t.text == expression]
    assert matches, f"{expression!r} not tagged; got {[t.text for t in timexes]}"
    return matches[0]


@pytest.mark.parametrize("sentence, expression, kind, value, mod", CASES,
                         ids=[f"{case[1]}|{case[0][:40]}" for case in CASES])
def test_expression_type_value_and_mod(nlp, sentence, expression, kind, value, mod):
    timexes = tag(sentence, DCT, nlp=nlp)
    assert all(sentence[t.start:t.end] == t.text for t in timexes)
    found = _find(timexes, expression)
    assert (found.type, found.value, found.mod.upper() if found.mod else None) == (kind, value, mod)


@pytest.mark.parametrize("sentence, words", NOT_TAGGED, ids=[case[1] for case in NOT_TAGGED])
def test_look_alikes_are_not_tagged(nlp, sentence, words):
    assert words not in [t.text for t in tag(sentence, DCT, nlp=nlp)]


def test_there_are_at_least_eighty_cases():
    assert len(CASES) >= 80


@pytest.mark.parametrize("dct", [DCT, "2025-11-08", "2025-11-08T09:30:00", dt.datetime(2025, 11, 8, 9, 30)])
def test_the_document_date_may_be_a_date_a_datetime_or_iso_text(nlp, dct):
    assert [t.value for t in tag("Officials met on Friday.", dct, nlp=nlp)] == ["2025-11-07"]


def test_without_a_document_date_relative_expressions_have_no_value(nlp):
    timexes = tag("Officials met on Friday and signed the deal in March 2024.", None, nlp=nlp)
    assert [(t.text, t.value) for t in timexes] == [("Friday", None), ("March 2024", "2024-03")]


def test_a_bad_document_date_is_reported(nlp):
    with pytest.raises(ValueError, match="ISO string"):
        tag("Officials met on Friday.", "last Friday", nlp=nlp)


def test_a_parsed_doc_gives_the_same_expressions_as_its_text(nlp):
    text = ("The ministry said on Friday that the controls, imposed in late 2024, would be suspended "
            "for a one-year period from Dec. 1.")
    from_text = tag(text, DCT, nlp=nlp)
    from_doc = tag(nlp(text), DCT, nlp=nlp)
    assert [(t.start, t.end, t.type, t.value, t.mod) for t in from_text] == \
        [(t.start, t.end, t.type, t.value, t.mod) for t in from_doc]


def test_offsets_index_a_longer_article(nlp):
    paragraph = ("Exports of gallium resumed on Monday after a two-month halt. The ministry said last week "
                 "that licences would be issued every month until March 2026.\n\n")
    text = paragraph * 5
    timexes = tag(text, DCT, nlp=nlp)
    assert len(timexes) == 5 * 5  # Monday, two-month, last week, every month, March 2026
    assert all(text[t.start:t.end] == t.text for t in timexes)
