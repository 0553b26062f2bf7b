"""Golden tests: the bundled example articles (examples/articles.jsonl), whole articles
through the real pipeline. Each row is what a human coder would write for the article's
main event."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.inputs.readers import read_inputs
from eventcoder.model import Article, Event

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles.jsonl"

# article id: (sub-event type or PLOVER type, date, ISO3, place, fatalities, injured, actor names)
EXPECTED = {
    "example-kenya-protest": ("Excessive force against protesters", "2024-06-25", "KEN",
                              "Nairobi", 5, 12, {"Protesters (Kenya)", "Police Forces of Kenya"}),
    "example-mali-ied": ("Remote explosive/landmine/IED", "2023-03-08", "MLI", "Boni", 4, 7,
                         {"Military Forces of Mali"}),
    "example-drc-clash": ("Armed clash", "2022-11-13", "COD", "Rutshuru", 15, None,
                          {"Military Forces of Democratic Republic of Congo"}),
    "example-nigeria-abduction": ("Abduction/forced disappearance", "2021-02-17", "NGA",
                                  "Kagara", 1, None, {"Civilians (Nigeria)"}),
    "example-ukraine-shelling": ("Shelling/artillery/missile attack", "2022-05-02", "UKR",
                                 "Kharkiv", 2, 9, {"Military Forces of Russia",
                                                   "Civilians (Ukraine)"}),
    "example-yemen-agreement": ("Agreement", "2022-04-01", "YEM", None, 0, None,
                                {"Coalition: Saudi-led Coalition"}),
}


@pytest.fixture(scope="module")
def results(pipeline) -> dict[str, list[Event]]:
    articles = [a for a in read_inputs([EXAMPLES]) if isinstance(a, Article)]
    assert {a.id for a in articles} == set(EXPECTED)
    return {r.article_id: list(r.events) for r in pipeline.process(articles)}


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_main_event(results, article_id):
    kind, date, iso3, place, killed, injured, actors = EXPECTED[article_id]
    main = results[article_id][0]
    assert not main.background
    assert (main.sub_event_type or main.plover_type) == kind
    assert main.event_date == date and main.date_source == "text"
    assert main.location is not None and main.location.iso3 == iso3
    if place is not None:
        assert main.location.name == place
    assert main.fatalities == killed
    assert main.injured == injured
    names = {a.name for a in (main.actor1, main.actor2) if a is not None}
    assert actors <= names, names
    assert main.sources and main.notes


def test_one_record_per_reported_event(results):
    current = {aid: [e for e in evs if not e.background] for aid, evs in results.items()}
    # the truce, the shelling, the abduction and the protest are each one event
    for aid in ("example-yemen-agreement", "example-ukraine-shelling",
                "example-nigeria-abduction", "example-kenya-protest"):
        assert len(current[aid]) == 1, [(e.sub_event_type, e.plover_type) for e in current[aid]]


def test_recalled_seizure_is_background(results):
    bg = [e for e in results["example-drc-clash"] if e.background]
    assert [e.sub_event_type for e in bg] == ["Non-state actor overtakes territory"]
    assert bg[0].date_precision == "month" and bg[0].event_date == "2022-10-15"


def test_protest_arrests_are_kept_on_the_protest(results):
    assert results["example-kenya-protest"][0].arrested == 40
