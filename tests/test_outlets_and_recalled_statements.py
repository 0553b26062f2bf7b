"""News outlets are never actors; a recalled statement is not a record (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.facts.media import is_outlet
from eventcoder.model import Article


@pytest.mark.parametrize("name", ["Reuters", "the Guardian", "AFP", "Lusa news agency",
                                  "Syrian state television", "Radio Free Asia"])
def test_outlets(name: str) -> None:
    assert is_outlet(name)


@pytest.mark.parametrize("name", ["Guardian Council", "police", "Military Forces of Mali",
                                  "al-Shabaab", "Police Times"[:6]])
def test_not_outlets(name: str) -> None:
    assert not is_outlet(name)


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Reuters reported that gunmen killed five villagers near Gao on Tuesday.",
    "Gunmen killed five villagers near Gao on Tuesday, the Guardian has learned.",
    "Gunmen killed five villagers near Gao on Tuesday, AFP news agency said.",
])
def test_no_outlet_becomes_an_actor(pipeline, text: str) -> None:
    events = next(pipeline.process([Article("o1", text, None, None, outlet="Reuters")])).events
    assert events
    for e in events:
        for actor in (e.actor1, e.actor2):
            assert actor is None or not is_outlet(actor.name), actor


@pytest.mark.model
def test_a_recalled_statement_is_no_record(pipeline) -> None:
    text = ("Gunmen killed five villagers near Gao on Tuesday, officials said.\n\n"
            "In March 2015, the government accused the rebels of violating the ceasefire.")
    article = Article("o2", text, None, dt.date(2021, 6, 10))
    wd = pipeline.run_stages(next(pipeline.annotated([article])))
    # the accusation is read, and dated to 2015: a background mention ...
    assert any(m.background and m.plover_type == "ACCUSE" for m in wd.mentions)
    events = pipeline.result(wd).events
    assert any(e.event_type == "Violence against civilians" for e in events)
    # ... which becomes no record: a recalled statement is commentary
    assert not [e for e in events if e.background and e.event_type is None]


def test_a_pooled_date_travels_with_its_precision_and_source() -> None:
    """Pooling a mention dated in the text into an undated one (an article without a
    publication date) gives the date with its precision and source; before, the date came
    alone and assembly stopped with a PipelineError ("date_precision: not filled")."""
    from eventcoder.document import Mention
    from eventcoder.stages.assemble import take_date

    keep = Mention(0, (0, 10), (0, 5), "protest", event_date=None, date_precision=None,
                   date_source="publication")
    other = Mention(1, (11, 30), (11, 16), "protest", event_date=dt.date(2019, 5, 15),
                    date_precision="month", date_source="text")
    take_date(keep, other)
    assert (keep.event_date, keep.date_precision, keep.date_source) == (
        dt.date(2019, 5, 15), "month", "text")
    dated = Mention(2, (0, 10), (0, 5), "protest", event_date=dt.date(2019, 6, 1),
                    date_precision="day", date_source="text")
    take_date(dated, other)  # a date of its own is kept
    assert (dated.event_date, dated.date_precision) == (dt.date(2019, 6, 1), "day")
