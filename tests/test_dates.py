"""Dates: explicit, weekday, relative and month expressions; context; background."""

from __future__ import annotations

import datetime as dt

import pytest

from _dcs_helpers import run
from eventcoder.stages.dates import find_dates

# (sentence, published, date, precision, background)
DATES = [
    # weekdays: the latest such day not after publication, across month and year ends
    ("Troops attacked the village on Wednesday.", "2018-02-08", "2018-02-07", "day", False),
    ("Troops attacked the village on Thursday.", "2018-02-08", "2018-02-08", "day", False),
    ("Troops attacked the village last Thursday.", "2018-02-08", "2018-02-01", "day", False),
    ("Rebels shelled the town on Sunday.", "2018-01-02", "2017-12-31", "day", False),
    ("Rebels shelled the town on Friday night.", "2018-03-01", "2018-02-23", "day", False),
    ("Rebels shelled the town on Saturday.", "2018-03-05", "2018-03-03", "day", False),
    ("Police fired on protesters on Monday.", "2020-01-01", "2019-12-30", "day", False),
    # explicit dates; a date without a year is the most recent one not after publication
    ("On May 18, they attacked pro-regime forces.", "2018-02-08", "2017-05-18", "day", True),
    ("They attacked pro-regime forces on 18 May 2017.", "2018-02-08", "2017-05-18", "day", True),
    ("Gunmen attacked the convoy on January 30.", "2018-02-08", "2018-01-30", "day", False),
    ("Gunmen attacked the convoy on 7th February.", "2018-02-08", "2018-02-07", "day", False),
    ("Gunmen attacked the convoy on December 31.", "2018-01-02", "2017-12-31", "day", False),
    ("The strike on 2014-02-12 killed 3.", "2014-02-13", "2014-02-12", "day", False),
    ("The strike on 28/7/2012 killed 3.", "2012-07-30", "2012-07-28", "day", False),
    ("Fighters attacked on May 27th 2017.", None, "2017-05-27", "day", False),
    # relative
    ("A bomb exploded in the market yesterday.", "2018-01-01", "2017-12-31", "day", False),
    ("A bomb exploded in the market last night.", "2018-03-01", "2018-02-28", "day", False),
    ("A bomb exploded in the market today.", "2018-03-01", "2018-03-01", "day", False),
    ("A bomb exploded in the market three days ago.", "2018-03-01", "2018-02-26", "day", False),
    ("Clashes erupted in the city last week.", "2018-02-08", "2018-02-01", "week", False),
    ("Clashes erupted in the city earlier this week.", "2018-02-08", "2018-02-08", "week", False),
    ("Clashes erupted in the city over the weekend.", "2018-02-05", "2018-02-03", "week", False),
    ("Clashes erupted in the city earlier this month.", "2018-02-20", "2018-02-15", "month",
     False),
    # months: midpoint, or first/last day for beginning/end
    ("Clashes erupted in January 2018.", "2018-02-08", "2018-01-15", "month", False),
    ("Clashes erupted at the end of January 2018.", "2018-03-08", "2018-01-31", "month", True),
    ("Clashes erupted in early January.", "2018-02-08", "2018-01-01", "month", True),
    ("Clashes erupted in mid-January.", "2018-02-20", "2018-01-15", "month", True),
    ("Clashes erupted last September.", "2018-02-08", "2017-09-15", "month", True),
    # recalled years
    ("Militants attacked the base in 2014.", "2018-02-08", "2014-07-01", "month", True),
    ("Militants attacked the base last year.", "2018-02-08", "2017-07-01", "month", True),
]


@pytest.mark.parametrize("text,published,date,precision,background", DATES)
def test_dates(blank, text, published, date, precision, background):
    m = run(blank, text, published).mentions[0]
    assert m.event_date == dt.date.fromisoformat(date)
    assert m.date_precision == precision
    assert m.date_source == "text"
    assert m.background is background
    assert m.evidence.get("event_date")


@pytest.mark.parametrize("text", [
    "Officials said more people may have been killed.",
    "March organisers said the rally was peaceful.",
    "Gunmen attacked a checkpoint, killing 4 soldiers.",
])
def test_no_date_falls_back_to_publication(blank, text):
    m = run(blank, text, "2019-06-12").mentions[0]
    assert m.event_date == dt.date(2019, 6, 12)
    assert m.date_source == "publication" and m.date_precision == "day"
    assert not m.background and "event_date" not in m.evidence


def test_no_publication_and_no_date_gives_none(blank):
    m = run(blank, "Gunmen attacked a checkpoint.").mentions[0]
    assert m.event_date is None and m.date_source == "publication"


def test_earlier_sentence_of_the_paragraph_gives_the_date(blank):
    text = "On Monday, gunmen attacked the village of Kuki. They burned 20 houses."
    m = run(blank, text, "2021-11-17", mentions=[(1, "burned")]).mentions[0]
    assert m.event_date == dt.date(2021, 11, 15) and m.date_source == "text"


def test_lead_date_serves_later_paragraphs(blank):
    text = ("Coalition jets struck a convoy on Wednesday.\n\n"
            "A rare airstrike has killed 100 troops.")
    wd = run(blank, text, "2018-02-08", mentions=[(0, "struck"), (1, "airstrike")])
    assert [m.event_date for m in wd.mentions] == [dt.date(2018, 2, 7)] * 2
    assert not wd.mentions[1].background


def test_recap_is_background(blank):
    text = ("Jets struck a convoy on Wednesday.\n\n"
            "This is not the first time the army has clashed with the rebels.")
    wd = run(blank, text, "2018-02-08", mentions=[(0, "struck"), (1, "clashed")])
    notes = wd.mentions[1].date_notes
    assert wd.mentions[1].background and notes is not None and notes.recap
    assert not wd.mentions[0].background


def test_background_paragraph_keeps_its_date(blank):
    text = ("Jets struck a convoy on Wednesday.\n\n"
            "On May 18, they attacked pro-regime forces. Aircraft have struck regime forces.")
    wd = run(blank, text, "2018-02-08", mentions=[(0, "struck"), (1, "attacked"),
                                                  (2, "struck")])
    assert [m.background for m in wd.mentions] == [False, True, True]
    assert wd.mentions[2].event_date == dt.date(2017, 5, 18)


def test_date_nearest_the_trigger_wins():
    hits = find_dates("On Tuesday officials said the raid on Sunday killed 4.",
                      dt.date(2018, 2, 8))
    assert [h.date.isoformat() for h in hits] == ["2018-02-06", "2018-02-04"]


@pytest.mark.parametrize("text,date", [
    ("Officials said on Thursday that gunmen killed 5 people on Tuesday.", "2018-02-06"),
    ("On Thursday, police said that gunmen had attacked the village on Monday.", "2018-02-05"),
    ("Gunmen killed 5 people on Tuesday, officials said on Thursday.", "2018-02-06"),
])
def test_the_report_date_is_not_the_event_date(blank, text, date):
    m = run(blank, text, "2018-02-08", mentions=[(0, "killed" if "killed" in text else
                                                  "attacked")]).mentions[0]
    assert m.event_date == dt.date.fromisoformat(date)


def test_since_a_year_is_not_a_date(blank):
    text = "Boko Haram, active since 2009, attacked a village in Borno."
    m = run(blank, text, "2018-02-08", mentions=[(0, "attacked")]).mentions[0]
    assert not m.background and m.date_source == "publication"


def test_an_earlier_calendar_month_is_background(blank):
    text = ("Troops clashed with rebels on Sunday near the town.\n\n"
            "The rebels seized the town last month.")
    wd = run(blank, text, "2022-11-14", mentions=[(0, "clashed"), (1, "seized")])
    assert not wd.mentions[0].background
    assert wd.mentions[1].background
    assert wd.mentions[1].date_precision == "month"
    assert wd.mentions[1].event_date == dt.date(2022, 10, 15)


# -- issue 15: what is not a current event (recalled clauses, period tolls) -----------------


def test_no_date_at_all_claims_no_precision(blank):
    m = run(blank, "Gunmen attacked a checkpoint.").mentions[0]
    assert m.event_date is None and m.date_precision is None


def test_recalled_clause_without_a_date_has_none(blank):
    text = "Hundreds protested in the town on Saturday, a year after an air strike killed 14."
    wd = run(blank, text, "2019-09-02", mentions=[(0, "protested"), (0, "air strike")])
    protest, strike = wd.mentions
    assert protest.event_date == dt.date(2019, 8, 31) and not protest.background
    assert strike.background and strike.event_date is None and strike.date_precision is None
    assert strike.date_notes is not None and strike.date_notes.recalled


def test_recalled_clause_keeps_its_own_date(blank):
    text = ("Fighting near the town killed seven fighters on Tuesday. The clashes were the "
            "heaviest since 12 October 2019, when an air strike killed 11 people.")
    wd = run(blank, text, "2020-06-11", mentions=[(0, "Fighting"), (1, "air strike")])
    assert wd.mentions[0].event_date == dt.date(2020, 6, 9) and not wd.mentions[0].background
    assert wd.mentions[1].event_date == dt.date(2019, 10, 12) and wd.mentions[1].background


def test_anniversary_is_not_the_attack(blank):
    text = ("Relatives gathered on Tuesday to mark three years since gunmen ambushed a bus "
            "and killed 19 passengers.")
    m = run(blank, text, "2022-05-04", mentions=[(0, "ambushed")]).mentions[0]
    assert m.background and m.event_date is None


def test_a_few_days_after_dates_back_from_the_news(blank):
    text = "Two days after police arrested dozens of protesters, the council met on Monday."
    m = run(blank, text, "2020-08-12", mentions=[(0, "arrested")]).mentions[0]
    assert m.event_date == dt.date(2020, 8, 8) and not m.background


def test_a_recalled_date_never_dates_the_current_event(blank):
    text = "The attack on Sunday was the deadliest since 3 May 2019, when gunmen killed 19."
    m = run(blank, text, "2022-05-04", mentions=[(0, "attack")]).mentions[0]
    assert m.event_date == dt.date(2022, 5, 1) and not m.background


@pytest.mark.parametrize("text", [
    "The war has killed more than 500,000 people.",
    "The insurgency, which began in 2017, has killed more than 4,000 people.",
    "At least 180 police officers have been killed so far this year.",
    "The UN said that 1,366 civilians had been killed in the first six months of the year.",
    "Attacks by the group killed at least 1,150 civilians last year.",
    "More than 9,000 civilians have been killed since February 2022.",
])
def test_a_period_toll_is_no_dated_event(blank, text):
    m = run(blank, text, "2023-05-26", mentions=[(0, "killed")]).mentions[0]
    assert m.background and m.event_date is None
    assert m.date_notes is not None and m.date_notes.period
    assert m.fatalities == 0


def test_a_current_toll_is_not_a_period(blank):
    text = "At least 25 people have been killed since the attack on Monday."
    m = run(blank, text, "2023-05-26", mentions=[(0, "killed")]).mentions[0]
    assert not m.background and m.fatalities == 25


# numeric dates: the order the text allows or the document uses; ambiguous ones not guessed
@pytest.mark.parametrize("text,published,date,precision", [
    ("The blockade began on 09/28/2021 and lasted a week.", "2021-10-02", "2021-09-28", "day"),
    ("The blockade began on 28/09/2021 and lasted a week.", "2021-10-02", "2021-09-28", "day"),
    ("The blockade began on 28.09.2021 and lasted a week.", "2021-10-02", "2021-09-28", "day"),
    ("The blockade began on 2021-09-28 and lasted a week.", "2021-10-02", "2021-09-28", "day"),
    ("The blockade began on 03.02.2021 and lasted a week.", "2021-03-20", "2021-02-03", "day"),
    ("The blockade began on 09/09/2021 and lasted a week.", "2021-10-02", "2021-09-09", "day"),
    ("The report for 09/2021 lists the blockade.", "2021-10-02", "2021-09-15", "month"),
    # ambiguous, one reading after publication: the other one
    ("The blockade began on 02/10/2021 and lasted a week.", "2021-02-12", "2021-02-10", "day"),
    ("The blockade began on 10/02/2021 and lasted a week.", "2021-02-12", "2021-02-10", "day"),
])
def test_numeric_dates(text, published, date, precision):
    hits = find_dates(text, dt.date.fromisoformat(published))
    assert [(h.date.isoformat(), h.precision) for h in hits] == [(date, precision)]


def test_ambiguous_numeric_date_follows_the_documents_order():
    text = "Fighting on 03/05/2022 was followed by a raid on 19/05/2022."
    assert [h.date.isoformat() for h in find_dates(text, dt.date(2022, 6, 1))] == [
        "2022-05-03", "2022-05-19"]
    text = "Fighting on 03/05/2022 was followed by a raid on 05/19/2022."
    assert [h.date.isoformat() for h in find_dates(text, dt.date(2022, 6, 1))] == [
        "2022-03-05", "2022-05-19"]
    # the order of one sentence serves the whole document
    from eventcoder.stages.dates import slash_order
    assert slash_order("A raid on 19/05/2022. Fighting on 03/05/2022.") == "dmy"
    assert slash_order("A raid on 19/05/2022 and one on 05/21/2022.") is None


def test_unsettled_ambiguous_numeric_date_is_not_guessed(blank):
    # both readings before publication, no other date: no date (nor month) from it
    assert find_dates("The blockade began on 03/05/2022.", dt.date(2022, 6, 1)) == []
    m = run(blank, "Soldiers shelled the camp on 03/05/2022, killing 3.", "2022-06-01").mentions[0]
    assert m.event_date == dt.date(2022, 6, 1) and m.date_source == "publication"
    # no publication date, no other date: no date and no precision
    m = run(blank, "Soldiers shelled the camp on 03/05/2022, killing 3.").mentions[0]
    assert m.event_date is None and m.date_precision is None


def test_unambiguous_numeric_date_without_publication(blank):
    m = run(blank, "Soldiers shelled the camp on 10/27/2015, killing 3.").mentions[0]
    assert m.event_date == dt.date(2015, 10, 27) and m.date_precision == "day"
