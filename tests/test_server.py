"""The HTTP API of ``eventcoder serve``, in-process, against a seeded database.

Expected answers come from the seed's own records (``_serve_seed.fake_event``), filtered
in Python, so every query is checked against an independent oracle.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from _serve_seed import FakePipeline, article_text, articles, fake_event, seed
from eventcoder.cli.serve import add_commands, is_loopback
from eventcoder.model import Event
from eventcoder.serve.app import create_app, find_vendor_dir
from eventcoder.store.database import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

N = 40
LOCAL = ("127.0.0.1", 50000)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed(tmp_path_factory.mktemp("serve") / "seed.duckdb", N)


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), client=LOCAL)


@pytest.fixture(scope="module")
def oracle() -> list[Event]:
    return [fake_event(a) for a in articles(N)]


def count(events: list[Event], pred: Callable[[Event], bool]) -> int:
    return sum(1 for e in events if pred(e))


def loc(e: Event) -> Any:
    assert e.location is not None
    return e.location


FILTERS: list[tuple[dict[str, Any], Callable[[Event], bool]]] = [
    ({}, lambda e: True),
    ({"country": "syr"}, lambda e: loc(e).iso3 == "SYR"),
    ({"admin1": "river state"}, lambda e: loc(e).admin1 == "River State"),
    ({"type": "Battles"}, lambda e: e.event_type == "Battles"),
    ({"type": "PROTEST"}, lambda e: e.plover_type == "PROTEST"),
    ({"sub-type": "Attack"}, lambda e: e.sub_event_type == "Attack"),
    ({"actor": "brigade"}, lambda e: e.actor1 is not None and "Brigade" in e.actor1.name),
    ({"bbox": "36,35,41,37"}, lambda e: 35 <= loc(e).lat <= 37 and 36 <= loc(e).lon <= 41),
    ({"q": "gammaburg"}, lambda e: loc(e).name == "Gammaburg"),
    ({"min_fatalities": 6}, lambda e: e.fatalities >= 6),
    ({"since": "2024-03-20", "until": "2024-04-10"},
     lambda e: "2024-03-20" <= (e.event_date or "") <= "2024-04-10"),
    ({"country": "SYR", "type": "Battles", "min_fatalities": 1},
     lambda e: loc(e).iso3 == "SYR" and e.event_type == "Battles" and e.fatalities >= 1),
]


@pytest.mark.parametrize(("params", "pred"), FILTERS)
def test_event_filters_match_the_oracle(client: TestClient, oracle: list[Event],
                                        params: dict[str, Any], pred: Callable) -> None:
    expected = count(oracle, pred)
    body = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert body["total"] == expected
    assert len(body["items"]) == expected
    agg = client.get("/api/aggregates", params=params).json()
    assert sum(b["events"] for b in agg["per_day"]) == expected
    assert sum(b["events"] for b in agg["per_type"]) == expected
    assert sum(b["fatalities"] for b in agg["per_admin1"]) == sum(
        e.fatalities for e in oracle if pred(e))
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export.csv", params=params).text)))
    assert len(rows) == expected
    geo = client.get("/api/export.geojson", params=params).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == expected


def test_pagination_and_sorting(client: TestClient, oracle: list[Event]) -> None:
    pages = [client.get("/api/events", params={"limit": 15, "offset": o}).json()
             for o in (0, 15, 30)]
    ids = [it["event_id"] for p in pages for it in p["items"]]
    assert len(ids) == N == len(set(ids))
    dates = [it["event_date"] for p in pages for it in p["items"]]
    assert dates == sorted(dates)
    top = client.get("/api/events", params={"sort": "-fatalities", "limit": 5}).json()["items"]
    assert [t["fatalities"] for t in top] == sorted((e.fatalities for e in oracle),
                                                    reverse=True)[:5]
    assert client.get("/api/events", params={"offset": 1000}).json()["items"] == []


def test_export_chunks_cover_every_event_once_in_date_order(db: Path) -> None:
    from eventcoder.serve.queries import Query, ReadGate, iter_records

    gate = ReadGate(db)
    whole = [json.loads(r) for r in iter_records(gate, Query(), chunk=1000)]
    chunked = [json.loads(r) for r in iter_records(gate, Query(), chunk=7)]
    assert [e["event_id"] for e in chunked] == [e["event_id"] for e in whole]
    assert len(whole) == N
    assert [e["event_date"] for e in whole] == sorted(e["event_date"] for e in whole)
    syr = [json.loads(r) for r in iter_records(gate, Query(country="SYR"), chunk=3)]
    assert syr and all(e["location"]["iso3"] == "SYR" for e in syr)


def test_event_detail_has_sources_and_evidence_pointing_into_the_article(
        client: TestClient) -> None:
    body = client.get("/api/events/ev-art-0005").json()
    e = body["event"]
    assert e["sources"][0]["name"] == "local council"
    assert body["articles"][0]["id"] == "art-0005" and body["n_articles"] == 1
    text = client.get("/api/articles/art-0005").json()["text"]
    assert set(e["evidence"]) >= {"event_type", "actor1", "location", "fatalities"}
    for spans in e["evidence"].values():
        for s in spans:
            assert text[s["start"]:s["end"]] == s["quote"]
    assert text == articles(N)[5].text


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/articles/nope",
                                  "/api/events/%00%27%22", "/api/articles/" + "x" * 150])
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


BAD = [
    {"since": "2024-13-01"}, {"since": "yesterday"}, {"since": "2024-05-01", "until": "2024-04-01"},
    {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"},
    {"bbox": "0,50,10,40"}, {"bbox": "0,0,200,10"}, {"bbox": "nan,0,1,1"},
    {"min_fatalities": -1}, {"min_fatalities": "many"}, {"limit": 0}, {"limit": 100000},
    {"offset": -1}, {"sort": "name"}, {"sort": "date; DROP TABLE events"}, {"q": "x" * 500},
]


@pytest.mark.parametrize("params", BAD)
def test_bad_input_is_a_clear_422(client: TestClient, params: dict[str, Any]) -> None:
    for path in ("/api/events", "/api/aggregates", "/api/export.csv"):
        if path != "/api/events" and set(params) & {"limit", "offset", "sort"}:
            continue
        r = client.get(path, params=params)
        assert r.status_code == 422, (path, r.text)
        assert r.json()["detail"]


def test_sql_like_text_is_only_text(client: TestClient) -> None:
    for q in ("%", "_", "' OR 1=1 --", "\\"):
        if q in ("%", "' OR 1=1 --"):  # no record holds these; neither is a wildcard
            assert client.get("/api/events", params={"q": q}).json()["total"] == 0
        r = client.get("/api/events", params={"actor": q})  # no stored actor holds it
        assert r.status_code == 400 and "unknown actor" in r.json()["detail"]


@pytest.mark.parametrize("value", ["SYR", "syr", "SY", "Syria", "syria", "Syrian Arab Republic"])
def test_country_filter_takes_names_and_iso_codes(client: TestClient, oracle: list[Event],
                                                  value: str) -> None:
    r = client.get("/api/events", params={"country": value, "limit": 1000})
    assert r.status_code == 200, r.text
    assert r.json()["total"] == count(oracle, lambda e: loc(e).iso3 == "SYR") > 0
    assert {i["country"] for i in r.json()["items"]} == {"SYR"}


@pytest.mark.parametrize(("params", "hint"), [
    ({"country": "Sirya"}, "Syria"), ({"country": "Yemem"}, "Yemen"),
    ({"type": "Batles"}, "Battles"), ({"type": "Peacefull protest"}, "Peaceful protest"),
    ({"actor": "Northern Brigades"}, "Northern Brigade"),
])
def test_unknown_filter_value_is_400_with_suggestions(client: TestClient,
                                                      params: dict[str, str],
                                                      hint: str) -> None:
    for path in ("/api/events", "/api/aggregates", "/api/export.csv", "/api/export.geojson"):
        r = client.get(path, params=params)
        assert r.status_code == 400, (path, r.text)
        body = r.json()
        assert hint in body["suggestions"], body
        assert body["field"] == next(iter(params))  # the page marks this filter
        assert f"did you mean {hint!r}" in body["detail"] or hint in body["detail"]
        assert str(next(iter(params.values()))) in body["detail"]


def test_stored_types_outside_the_vocabulary_are_accepted(client: TestClient,
                                                          oracle: list[Event]) -> None:
    r = client.get("/api/events", params={"type": "fight", "limit": 1000})  # seed's PLOVER
    assert r.status_code == 200, r.text
    assert r.json()["total"] == count(oracle, lambda e: e.plover_type == "FIGHT") > 0
    assert client.get("/api/health").json()["events"] == N


def test_page_and_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/events"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    if find_vendor_dir() is not None:  # npm ci done: the docs page needs no CDN
        assert "/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
        assert client.get("/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
        assert client.get("/vendor/leaflet/leaflet.js").status_code == 200
        assert client.get("/vendor/playwright-core/package.json").status_code == 404
    scripts = sorted((Path(__file__).parent.parent / "src/eventcoder/serve/web").glob("*.js"))
    assert len(scripts) >= 2
    for path in scripts:
        assert client.get(f"/static/{path.name}").status_code == 200
        js = path.read_text()
        assert "innerHTML" not in js and "insertAdjacentHTML" not in js, path.name
        assert "document.write" not in js and "eval(" not in js, path.name


# -- writes -----------------------------------------------------------------------------

POST_TEXT = article_text(100)


@pytest.fixture()
def write_db(tmp_path: Path) -> Path:
    return seed(tmp_path / "w.duckdb", 4)


def test_writes_are_off_by_default(client: TestClient) -> None:
    r = client.post("/api/articles", json={"text": POST_TEXT})
    assert r.status_code == 403 and "allow-write" in r.json()["detail"]


def test_post_one_and_a_batch_ingests_and_is_idempotent(write_db: Path) -> None:
    c = TestClient(create_app(write_db, allow_write=True, pipeline=FakePipeline()), client=LOCAL)
    one = {"id": "art-0100", "text": POST_TEXT, "published": "2024-03-05", "title": "T"}
    r = c.post("/api/articles", json=one)
    assert r.status_code == 200, r.text
    assert r.json()["new"] == 1 and r.json()["mentions"] == 1
    assert c.get("/api/events/ev-art-0100").status_code == 200
    assert c.get("/api/articles/art-0100").json()["text"] == POST_TEXT
    batch = {"articles": [one, {"id": "art-0101", "text": article_text(101)},
                          {"text": "No event in this text at all."}]}
    r = c.post("/api/articles", json=batch)
    assert r.status_code == 200, r.text
    assert r.json()["read"] == 3 and r.json()["new"] == 2
    assert r.json()["article_ids"][2].startswith("a-")
    assert c.get("/api/health").json()["articles"] == 4 + 3


@pytest.mark.parametrize("body", [
    {}, {"text": ""}, {"text": 5}, {"text": "x", "published": "2024-02-30"},
    {"articles": []}, {"articles": [{"text": "x"}] * 101}, [{"text": "x"}],
])
def test_post_validation(write_db: Path, body: Any) -> None:
    c = TestClient(create_app(write_db, allow_write=True, pipeline=FakePipeline()), client=LOCAL)
    assert c.post("/api/articles", json=body).status_code == 422
    r = c.post("/api/articles", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_token_and_loopback_rules(write_db: Path) -> None:
    app = create_app(write_db, allow_write=True, token="s3cret-token-0123456789",
                     pipeline=FakePipeline())
    remote = TestClient(app, client=("203.0.113.9", 40000))
    assert remote.post("/api/articles", json={"text": POST_TEXT}).status_code == 401
    bad = {"Authorization": "Bearer wrong"}
    assert remote.post("/api/articles", json={"text": POST_TEXT}, headers=bad).status_code == 401
    good = {"Authorization": "Bearer s3cret-token-0123456789"}
    assert remote.post("/api/articles", json={"text": POST_TEXT}, headers=good).status_code == 200
    open_app = create_app(write_db, allow_write=True, pipeline=FakePipeline())
    r = TestClient(open_app, client=("203.0.113.9", 40000)).post(
        "/api/articles", json={"text": POST_TEXT})
    assert r.status_code == 403 and "--token" in r.json()["detail"]


@pytest.mark.parametrize(("host", "loop"), [("127.0.0.1", True), ("::1", True),
                                            ("localhost", True), ("::ffff:127.0.0.1", True),
                                            ("0.0.0.0", False), ("192.168.1.4", False),
                                            ("example.org", False)])
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


# -- sharing the file with another process ------------------------------------------------

def test_connection_is_closed_between_requests_so_a_writer_can_get_in(db: Path,
                                                                       tmp_path: Path) -> None:
    c = TestClient(create_app(db), client=LOCAL)
    assert c.get("/api/events").status_code == 200
    time.sleep(1.0)  # idle longer than the gate's 0.5 s: it has closed the file
    code = f"from eventcoder.store.database import Store; Store.open({str(db)!r}, wait=0).close()"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
    assert c.get("/api/events").status_code == 200  # and reopens it on demand


def test_locked_database_is_a_503_with_retry_after(write_db: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from eventcoder.store.database import Store;"
         f" s = Store.open({str(write_db)!r}); print('locked', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        c = TestClient(create_app(write_db, read_wait=0.2), client=LOCAL)
        for path in ("/api/events", "/api/export.csv", "/api/export.geojson"):
            r = c.get(path)
            assert r.status_code == 503 and r.headers["retry-after"], path
    finally:
        holder.kill()
        holder.wait()
    assert TestClient(create_app(write_db), client=LOCAL).get("/api/events").status_code == 200


def test_concurrent_readers_share_the_gate(db: Path) -> None:
    c = TestClient(create_app(db), client=LOCAL)
    codes: list[int] = []

    def work() -> None:
        for _ in range(10):
            codes.append(c.get("/api/events", params={"limit": 5}).status_code)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * 80
    time.sleep(1.0)
    with Store.open(db, wait=0) as s:  # nothing left open in this process either
        assert s.count("events") == N


def test_cli_refuses_unsafe_setups(tmp_path: Path, db: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    p = argparse.ArgumentParser()
    add_commands(p.add_subparsers())
    for argv, msg in [
        (["serve", "--db", str(tmp_path / "none.duckdb")], "no such database"),
        (["serve", "--db", str(db), "--host", "0.0.0.0", "--allow-write"], "needs --token"),
        (["serve", "--db", str(db), "--token", "short"], "at least 16"),
        (["serve", "--db", str(db), "--workers", "0"], "at least 1"),
    ]:
        args = p.parse_args(argv)
        assert args.func(args) == 2
        assert msg in capsys.readouterr().err
    with pytest.raises(SystemExit):
        p.parse_args(["serve", "--port", "70000"])
    assert json.dumps(vars(p.parse_args(["serve"])), default=str)


@pytest.mark.model
def test_post_with_the_real_pipeline(pipeline: Any, shared: Path, tmp_path: Path) -> None:
    db = seed(tmp_path / "real.duckdb", 2)
    c = TestClient(create_app(db, allow_write=True, pipeline=pipeline), client=LOCAL)
    text = (shared / "examples" / "khasham.txt").read_text(encoding="utf-8")
    r = c.post("/api/articles", json={"id": "khasham", "text": text, "published": "2018-02-08"})
    assert r.status_code == 200, r.text
    assert r.json()["new"] == 1 and r.json()["mentions"] >= 1
    items = c.get("/api/events", params={"country": "SYR", "since": "2018-01-01",
                                         "until": "2018-12-31"}).json()["items"]
    assert items, "the posted article's events are listed"
    event = c.get(f"/api/events/{items[0]['event_id']}").json()["event"]
    stored = c.get("/api/articles/khasham").json()["text"]
    assert stored == text
    spans = [s for v in event["evidence"].values() for s in v]
    assert spans and all(stored[s["start"]:s["end"]] == s["quote"] for s in spans)


def test_a_writer_gets_in_under_continuous_reads(db: Path) -> None:
    from eventcoder.serve.queries import ReadGate

    gate = ReadGate(db, period=3600.0, pause=0.4)  # no pause window: the intent file
    stop = threading.Event()
    done: list[int] = []

    def read() -> None:  # until the writer has finished
        while not stop.is_set():
            with gate.cursor() as cur:
                row = cur.execute("SELECT count(*) FROM events").fetchone()
            done.append(row[0] if row else -1)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    code = ("import sys, time; from eventcoder.store.database import Store; t = time.monotonic();"
            f" Store.open({str(db)!r}, wait=3.5).close(); print(time.monotonic() - t)")
    try:
        writer = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                timeout=60)
    finally:
        stop.set()
    for t in threads:
        t.join()
    assert writer.returncode == 0, writer.stderr
    assert done and set(done) == {N}
    assert float(writer.stdout) < 2.0  # the readers made way once it said it waited
    assert not (db.parent / (db.name + ".writer-waiting")).exists()
