"""One event told twice in an article with dates of different looseness is one record
(issue 15 item 1): a mention dated only by the publication date, or to a week or a month,
may be the day another mention names; the merged record keeps the most specific date."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.document import Mention
from eventcoder.model import Article
from eventcoder.pipeline import Pipeline
from eventcoder.stages.assemble import same_time, take_date


def _m(day: dt.date | None, precision: str | None = "day", source: str | None = "text") -> Mention:
    return Mention(0, (0, 10), (0, 5), "attack", event_date=day, date_precision=precision,
                   date_source=source)


PUB = dt.date(2019, 3, 9)


def test_publication_date_covers_the_week_before_it() -> None:
    fallback = _m(PUB, "day", "publication")
    assert same_time(fallback, _m(dt.date(2019, 3, 7)))  # "on Thursday"
    assert same_time(_m(dt.date(2019, 3, 2)), fallback)  # either order
    assert not same_time(fallback, _m(dt.date(2019, 2, 20)))  # weeks earlier: another event
    assert not same_time(fallback, _m(dt.date(2019, 3, 12)))  # after publication


def test_a_month_or_week_takes_in_its_days_only() -> None:
    month = _m(dt.date(2019, 2, 15), "month")
    assert same_time(month, _m(dt.date(2019, 2, 3)))
    assert not same_time(month, _m(dt.date(2019, 3, 1)))
    week = _m(dt.date(2019, 2, 16), "week")
    assert same_time(week, _m(dt.date(2019, 2, 14)))
    assert not same_time(week, _m(dt.date(2019, 2, 9)))


def test_two_different_days_read_from_the_text_are_two_events() -> None:
    assert not same_time(_m(dt.date(2019, 3, 7)), _m(dt.date(2019, 3, 8)))
    assert same_time(_m(dt.date(2019, 3, 7)), _m(None))


def test_the_merged_record_keeps_the_most_specific_date() -> None:
    keep = _m(PUB, "day", "publication")
    take_date(keep, _m(dt.date(2019, 3, 7), "day", "text"))
    assert (keep.event_date, keep.date_source) == (dt.date(2019, 3, 7), "text")
    week = _m(dt.date(2019, 3, 6), "week")
    take_date(week, _m(dt.date(2019, 3, 5), "day"))
    assert (week.event_date, week.date_precision) == (dt.date(2019, 3, 5), "day")
    day = _m(dt.date(2019, 3, 5), "day")
    take_date(day, _m(dt.date(2019, 3, 1), "month"))  # a looser date never replaces a day
    assert (day.event_date, day.date_precision) == (dt.date(2019, 3, 5), "day")


@pytest.mark.model
def test_one_attack_told_twice_with_and_without_a_day_is_one_record(pipeline: Pipeline) -> None:
    text = ("Gunmen attacked a police checkpoint in Maiduguri, killing three officers, "
            "officials said on Saturday.\n\n"
            "The attack on the checkpoint in Maiduguri happened on Thursday night, a police "
            "spokesman said, adding that three officers were killed.")
    [result] = pipeline.process([Article("a", text, None, dt.date(2019, 3, 9))])
    events = result.events
    violent = [e for e in events if e.event_type is not None and not e.background]
    assert len(violent) == 1, [(e.sub_event_type, e.event_date) for e in violent]
