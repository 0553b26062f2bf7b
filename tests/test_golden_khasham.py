"""Golden test: the worked example of DESIGN.md, end to end through the real pipeline."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from eventcoder.inputs.readers import article_from_text
from eventcoder.model import Event


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def khasham(shared, pipeline):
    path = shared / "examples" / "khasham.txt"
    article = article_from_text(path.read_text(encoding="utf-8"), str(path), dt.date(2018, 2, 8))
    [result] = list(pipeline.process([article]))
    return article, list(result.events)


@pytest.fixture(scope="module")
def main_event(khasham) -> Event:
    _, events = khasham
    current = [e for e in events if not e.background]
    assert len(current) == 1, [(e.sub_event_type, e.event_date) for e in current]
    return current[0]


@pytest.fixture(scope="module")
def background_event(khasham) -> Event:
    _, events = khasham
    bg = [e for e in events if e.background]
    assert len(bg) == 1, [(e.sub_event_type, e.event_date) for e in bg]
    return bg[0]


def test_main_event_is_first_and_most_confident(khasham, main_event):
    _, events = khasham
    assert events[0] == main_event
    assert all(main_event.confidence >= e.confidence for e in events)


def test_main_event_type(main_event):
    assert main_event.event_type == "Explosions/Remote violence"
    assert main_event.sub_event_type == "Air/drone strike"
    assert main_event.disorder_type == "Political violence"
    assert main_event.plover_type == "ASSAULT"
    assert "aerial" in main_event.plover_mode
    assert main_event.cameo_root in ("18", "19")


def test_main_event_actors(main_event):
    a1, a2 = main_event.actor1, main_event.actor2
    assert a1 is not None and a2 is not None
    assert "coalition" in (a1.name + " " + a1.text).lower()
    assert a1.inter == 8 and a1.type == "External/Other forces"
    assert a2.inter == 1 and a2.country == "SYR"
    assert main_event.interaction == 18


def test_main_event_place(main_event):
    loc = main_event.location
    assert loc is not None
    assert loc.country == "Syria" and loc.iso3 == "SYR"
    assert loc.lat is not None and loc.lon is not None
    assert _km(loc.lat, loc.lon, 35.30088, 40.28916) <= 25
    assert loc.admin1 is not None and "deir" in loc.admin1.lower()
    assert loc.geo_precision in (1, 2)


def test_main_event_date_and_counts(main_event):
    assert main_event.event_date == "2018-02-07"
    assert main_event.date_precision == "day"
    assert main_event.date_source == "text"
    assert main_event.fatalities == 100
    assert main_event.fatalities_low == 100
    assert main_event.fatalities_high is not None and main_event.fatalities_high >= 100
    assert any("100" in t for t in main_event.fatalities_text)
    assert main_event.injured == 1


def test_main_event_sources_and_note(main_event):
    names = " ".join(s.name + " " + s.quote for s in main_event.sources).lower()
    assert "coalition" in names
    assert "radio free europe" in names or "official" in names
    assert main_event.notes and "2018" in main_event.notes


def test_every_filled_field_has_evidence_pointing_into_the_text(khasham, main_event):
    article, _ = khasham
    for field in ("event_type", "actor1", "actor2", "location", "event_date", "fatalities",
                  "injured", "sources"):
        assert main_event.evidence.get(field), f"no evidence for {field}"
    for spans in main_event.evidence.values():
        for s in spans:
            assert s.article_id == article.id
            assert article.text[s.start : s.end] == s.quote


def test_background_event(background_event):
    assert background_event.event_date == "2017-05-18"
    assert background_event.plover_type == "ASSAULT"
    assert background_event.location is None or background_event.location.country == "Syria"


def test_nothing_from_the_inserted_line(khasham):
    article, events = khasham
    start = article.text.index("More news:")
    end = article.text.index("\n", start)
    for e in events:
        for spans in e.evidence.values():
            for s in spans:
                assert not (start <= s.start < end), (e.sub_event_type, s.quote)
