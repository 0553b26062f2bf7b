"""No bad input stops a batch, breaks the server or corrupts the store (docs/reliability.md).

Each test names the guarantee it shows; docs/reliability.md links back to these names.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gzip
import io
import json
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import pytest

from _serve_seed import FakePipeline, article_text, articles, fake_event, seed
from eventcoder.cli.db import add_commands, cmd_ingest
from eventcoder.cli.main import main
from eventcoder.errors import RecordError, StoreError
from eventcoder.inputs.readers import MAX_CSV_FIELD, read_bytes, read_inputs
from eventcoder.model import (
    MAX_COUNT,
    Actor,
    Article,
    ArticleResult,
    InputFailure,
    check_count,
)
from eventcoder.serve.app import create_app
from eventcoder.serve.hosts import allowed_hosts, host_allowed, host_name
from eventcoder.store.database import Store
from eventcoder.store.export import ArticleInfo, ExportOptions, csv_safe, write_events
from eventcoder.store.ingest import ingest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LOCAL = ("127.0.0.1", 50000)
HTML = ("<html><head><title>Clashes</title></head><body><article><h1>Clashes</h1>"
        "<p>Government troops clashed with rebels near the northern town on Monday, officials"
        " said, and at least ten fighters were killed in the fighting.</p></article>"
        "</body></html>")


class Poisoned(FakePipeline):
    """The seed's pipeline, with a poison: an absurd count for ``art-0001``, a crash on
    ``art-0002`` (whenever it is in the batch)."""

    def process(self, items: Iterable[Article]) -> Iterator[ArticleResult]:
        items = list(items)
        if any(a.id == "art-0002" for a in items):
            raise RuntimeError("stage blew up")
        for r in super().process(items):
            if r.article_id == "art-0001":
                e = dataclasses.replace(r.events[0], fatalities=3_000_000_000)
                r = ArticleResult(r.article_id, (e,), r.skipped, r.origin)
            yield r


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser()
    add_commands(p.add_subparsers(dest="command"))
    return p


def _jsonl(path: Path, arts: Iterable[Article]) -> Path:
    path.write_text("".join(json.dumps({"id": a.id, "text": a.text, "published":
                                        a.published.isoformat() if a.published else None})
                            + "\n" for a in arts), encoding="utf-8")
    return path


# ---------------------------------------------------------------- 1. counts at the edge


@pytest.mark.parametrize(("value", "reason"), [
    (3_000_000_000, "above the maximum count 10,000,000"), (-1, "negative"),
    (True, "not a whole number"), (1.5, "not a whole number"), ("7", "not a whole number"),
])
def test_count_out_of_range_is_rejected_with_a_reason(value: Any, reason: str) -> None:
    with pytest.raises(RecordError, match=reason):
        check_count("fatalities", value, "event ev-1")
    assert check_count("fatalities", MAX_COUNT) == MAX_COUNT
    assert check_count("injured", None) is None


def test_an_absurd_count_is_rejected_never_stored_as_null(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    report = ingest(db, [a for a in articles(6) if a.id != "art-0002"], Poisoned())
    assert [f.reason for f in report.rejected] == [
        "event ev-art-0001 rejected: fatalities 3000000000 is above the maximum count"
        " 10,000,000"]
    with Store.open(db, read_only=True) as s:
        nulls = s.conn.execute("SELECT count(*) FROM mentions WHERE fatalities IS NULL")
        assert nulls.fetchone() == (0,)
        assert s.count("articles") == 5 and s.count("mentions") == 4
    with Store.open(db) as s, pytest.raises(RecordError):  # the store itself refuses it
        bad = dataclasses.replace(fake_event(articles(1)[0]), event_id="x", fatalities=-5)
        s.add_batch([(Article("zz", "some text"), ArticleResult("zz", (bad,)))], None)
    c = TestClient(create_app(db), client=LOCAL)
    assert c.get("/api/events").status_code == 200


def test_post_with_an_absurd_count_is_a_rejection_not_a_500(tmp_path: Path) -> None:
    db = seed(tmp_path / "w.duckdb", 1)
    c = TestClient(create_app(db, allow_write=True, pipeline=Poisoned()), client=LOCAL)
    r = c.post("/api/articles", json={"id": "art-0001", "text": article_text(1)})
    assert r.status_code == 200, r.text
    assert "above the maximum count" in r.json()["rejected"][0]["reason"]
    assert c.get("/api/events?sort=-fatalities").status_code == 200


def test_an_old_store_with_a_null_count_still_answers(tmp_path: Path) -> None:
    db = seed(tmp_path / "old.duckdb", 3)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE events SET fatalities = NULL")
    r = TestClient(create_app(db), client=LOCAL).get("/api/events")
    assert r.status_code == 200 and r.json()["items"][0]["fatalities"] is None


# ---------------------------------------------------------------- 2. poison records


def _read(name: str, data: bytes) -> list[Article | InputFailure]:
    return list(read_bytes(data, name, "." + name.split(".", 1)[1], None))


@pytest.mark.parametrize(("line", "reason"), [
    ('{"text": "Troops clashed.", "outlet": {"name": "X"}}', "'outlet' must be a string"),
    ('{"text": "Troops clashed.", "title": 5}', "'title' must be a string"),
    ('{"text": "Troops clashed.", "published": 20200101}', "'published' must be a string"),
    ('{"text": "Troops \\ud800 clashed."}', "lone surrogate"),
    ('{"text": "Troops clashed.", "id": "\\udfff"}', "lone surrogate"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"text": "Troops clashed.", "published": "2020-13-45"}', "not a valid date"),
    ("\udcff\udcfe", "not valid UTF-8"),  # the raw bytes 0xFF 0xFE
])
def test_a_poison_jsonl_line_is_reported_and_the_rest_goes_on(line: str, reason: str) -> None:
    good = json.dumps({"id": "ok", "text": "Police arrested ten."})
    data = (good + "\n" + line + "\n" + good.replace("ok", "ok2") + "\n")
    items = _read("in.jsonl", data.encode("utf-8", "surrogateescape"))
    assert [type(i) for i in items] == [Article, InputFailure, Article]
    assert items[1].origin == "in.jsonl:2" and reason in items[1].reason, items[1]


def test_a_csv_field_over_the_default_limit_is_read_and_one_over_ours_reported() -> None:
    big = "word " * 40_000  # 200,000 characters: over Python's 131,072
    data = f'id,text\nbig,"{big}"\nhuge,"{"x" * (MAX_CSV_FIELD + 1)}"\nlast,Troops clashed.\n'
    items = _read("in.csv", data.encode())
    assert isinstance(items[0], Article) and items[0].text == big
    assert isinstance(items[1], InputFailure) and items[1].origin == "in.csv:3"
    assert "longer than 10,000,000 characters" in items[1].reason
    assert isinstance(items[2], Article) and items[2].id == "last"


def _warc_record(uri: str, html: str) -> bytes:
    body = html.encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:" + uri.encode()
            + b">\r\nWARC-Target-URI: " + uri.encode() + b"\r\nContent-Type: application/http;"
            b" msgtype=response\r\nContent-Length: " + str(len(http)).encode() + b"\r\n\r\n"
            + http + b"\r\n\r\n")


def test_a_corrupt_warc_gz_member_is_skipped_with_a_reason() -> None:
    members = [gzip.compress(_warc_record(f"http://example.org/{i}",
                                          HTML.replace("Monday", f"day {i}")))
               for i in range(3)]
    broken = members[1][:12] + b"\x00garbage\xff" * 20 + members[1][-8:]
    items = _read("c.warc.gz", members[0] + broken + members[2])
    arts = [i for i in items if isinstance(i, Article)]
    fails = [i for i in items if isinstance(i, InputFailure)]
    assert [a.url for a in arts] == ["http://example.org/0", "http://example.org/2"]
    assert len(fails) == 1 and "corrupt gzip member" in fails[0].reason
    assert fails[0].origin == "c.warc.gz#2"


def test_a_truncated_warc_gz_keeps_the_records_before_the_cut() -> None:
    data = b"".join(gzip.compress(_warc_record(f"http://example.org/{i}", HTML))
                    for i in range(2))
    items = _read("t.warc.gz", data[:-40])
    assert isinstance(items[0], Article) and items[0].url == "http://example.org/0"
    assert any(isinstance(i, InputFailure) and "truncated" in i.reason for i in items)


def test_one_article_that_breaks_the_pipeline_does_not_stop_the_ingest(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    report = ingest(db, articles(5), Poisoned(), batch_size=8)
    reasons = {f.reason for f in report.rejected}
    assert "extraction failed (RuntimeError: stage blew up)" in reasons
    assert report.new == 4
    with Store.open(db, read_only=True) as s:
        assert not s.needs_merge()  # the ingest ended merged
        assert s.count("events") == 3  # art-0001's absurd event rejected, the rest merged


# ---------------------------------------------------------------- 3. JSON Lines


def test_jsonl_splits_on_newline_only() -> None:
    texts = ["Troops\u2028clashed.", "Police\u0085arrested ten.", "A\x0bvertical\x0ctab.",
             "Carriage\rreturn."]
    data = "\n".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False)
                     for i, t in enumerate(texts))
    items = _read("s.jsonl", data.encode())
    assert [i.text for i in items if isinstance(i, Article)] == texts


def test_jsonl_files_are_streamed_not_read_whole(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    p = _jsonl(tmp_path / "big.jsonl", articles(3))

    def refuse(self: Path) -> bytes:
        raise AssertionError("read whole")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    items = read_inputs([p])
    first = next(items)  # the first article comes before the file is read to its end
    assert isinstance(first, Article) and first.origin == f"{p}:1"
    assert len([first, *items]) == 3


# ---------------------------------------------------------------- 4. exit codes, rejects


def test_exit_codes_and_the_rejects_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    good = _jsonl(tmp_path / "good.jsonl", articles(3))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": 5}\n{oops\n', encoding="utf-8")
    rejects = tmp_path / "out" / "rejects.jsonl"

    def run(*inputs: Path, extra: tuple[str, ...] = ()) -> int:
        args = _parser().parse_args(["ingest", *map(str, inputs), "--db",
                                     str(tmp_path / "db.duckdb"), *extra])
        return cmd_ingest(args, pipeline=FakePipeline())

    assert run(good) == 0
    assert run(bad) == 1  # nothing could be read
    assert run(good, bad, extra=("--rejects", str(rejects))) == 3  # some rejected
    lines = [json.loads(x) for x in rejects.read_text().splitlines()]
    assert lines == [{"origin": f"{bad}:1", "reason": "record has no 'text' string"},
                     {"origin": f"{bad}:2", "reason": lines[1]["reason"]}]
    assert lines[1]["reason"].startswith("malformed JSON")
    assert "1 records rejected" not in capsys.readouterr().err


def test_extract_rejects_a_poison_article_and_exits_3(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    monkeypatch.setattr("eventcoder.cli.main.get_pipeline", lambda settings=None: Poisoned())
    src = _jsonl(tmp_path / "in.jsonl", articles(4))
    rejects = tmp_path / "r.jsonl"
    out = tmp_path / "e.jsonl"
    code = main(["extract", str(src), "-o", str(out), "--rejects", str(rejects),
                 "--workers", "1"])
    assert code == 3
    reasons = [json.loads(x)["reason"] for x in rejects.read_text().splitlines()]
    assert any("above the maximum count" in r for r in reasons)
    assert any("stage blew up" in r for r in reasons)
    assert {json.loads(x)["event_id"] for x in out.read_text().splitlines()} == {
        "ev-art-0000", "ev-art-0003"}
    assert "2 records rejected" in capsys.readouterr().err


# ---------------------------------------------------------------- 5. the server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = seed(tmp_path_factory.mktemp("rel") / "seed.duckdb", 6)
    odd = Article("feed/2024/01 x?y#z", "Troops clashed near the town. " * 3, "Odd id")
    ingest(db, [odd], FakePipeline())
    return db


def test_body_size_is_limited_before_the_body_is_read(served: Path) -> None:
    c = TestClient(create_app(served, allow_write=True, pipeline=FakePipeline(), max_body=1000),
                   client=LOCAL)
    r = c.post("/api/articles", content=b"x" * 2000, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "larger than 1000 bytes" in r.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"text": "'
        for _ in range(50):
            yield b"y" * 100
        yield b'"}'

    r = c.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = c.post("/api/articles", content=b"{}", headers={"content-length": "abc"})
    assert r.status_code == 400


def test_the_token_is_checked_before_the_body_is_parsed(served: Path) -> None:
    app = create_app(served, allow_write=True, token="s3cret-token-0123456789",
                     pipeline=FakePipeline())
    remote = TestClient(app, client=("203.0.113.9", 40000))
    r = remote.post("/api/articles", content=b"{not json", headers={
        "content-type": "application/json"})
    assert r.status_code == 401  # not 422: an anonymous client learns nothing of the body
    good = {"Authorization": "Bearer s3cret-token-0123456789"}
    r = remote.post("/api/articles", content=b"{not json", headers={
        "content-type": "application/json", **good})
    assert r.status_code == 422
    assert app.openapi()["components"]["schemas"]["ArticleBatch"]


@pytest.mark.parametrize(("header", "bind", "extra", "ok"), [
    ("127.0.0.1:8000", "127.0.0.1", (), True), ("localhost:8000", "127.0.0.1", (), True),
    ("[::1]:8000", "::1", (), True), ("evil.example", "127.0.0.1", (), False),
    ("evil.example:8000", "0.0.0.0", (), False), ("events.example.org", "0.0.0.0",
                                                  ("events.example.org",), True),
    ("EVENTS.example.org.:443", "0.0.0.0", ("events.example.org",), True),
    ("anything", "0.0.0.0", ("*",), True), ("10.1.2.3:8000", "0.0.0.0", (), True),
    ("myhost", "myhost", (), True),
])
def test_host_header_check_against_dns_rebinding(header: str, bind: str, extra: tuple[str, ...],
                                                 ok: bool) -> None:
    assert host_allowed(header, allowed_hosts(bind, extra)) is ok


def test_a_foreign_host_header_is_refused(served: Path) -> None:
    c = TestClient(create_app(served, allowed_hosts=allowed_hosts("127.0.0.1")), client=LOCAL)
    r = c.get("/api/events", headers={"host": "rebind.attacker.example"})
    assert r.status_code == 400 and "--allowed-host" in r.json()["detail"]
    assert c.get("/api/events", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert host_name("[::1]:80") == "::1"


def test_article_ids_with_a_slash_can_be_fetched(served: Path) -> None:
    c = TestClient(create_app(served), client=LOCAL)
    aid = "feed/2024/01 x?y#z"
    r = c.get("/api/articles/" + quote(aid, safe=""))
    assert r.status_code == 200 and r.json()["id"] == aid
    assert c.get("/api/articles/" + quote("feed/2024/01", safe="/")).status_code == 404


@pytest.mark.parametrize("url", [
    "/api/events?limit=0", "/api/events?limit=abc", "/api/events?since=2024-02-30",
    "/api/events?sort=bogus", "/api/events?bbox=1,2,3", "/api/events?min_fatalities=-1",
    "/api/events?offset=99999999999999999999", "/api/events?q=" + "x" * 500,
    "/api/events?country=%00%00%00", "/api/articles/" + "x" * 300,
    "/api/events?since=%ED%A0%80", "/api/export.csv?until=9999-99-99",
])
def test_bad_input_answers_4xx_with_a_json_reason(served: Path, url: str) -> None:
    r = TestClient(create_app(served), client=LOCAL).get(url)
    assert 400 <= r.status_code < 500, (url, r.status_code, r.text)
    assert r.json()["detail"]


def test_security_headers_on_every_answer(served: Path) -> None:
    r = TestClient(create_app(served), client=LOCAL).get("/api/health")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


# ---------------------------------------------------------------- 6. formula injection


def test_csv_exports_escape_formula_prefixes(tmp_path: Path) -> None:
    base = fake_event(articles(1)[0])
    e = dataclasses.replace(base, notes="=HYPERLINK(\"http://x\")", actor1=Actor(
        "+cmd|' /C calc'!A0", "x"), actor2=Actor("@SUM(1)", "y"),
        assoc_actor_1=(Actor("-2+3", "z"),))
    buf = io.StringIO()
    outlets = ExportOptions({e.article_ids[0]: ArticleInfo(outlet="=outlet()")})
    write_events([e], buf, "csv", outlets)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["notes"].startswith("'=") and row["actor1"].startswith("'+")
    assert row["actor2"] == "'@SUM(1)" and row["assoc_actor_1"] == "'-2+3"
    assert row["source"] == "'=outlet()"  # the outlet column too
    assert row["longitude"] == str(base.location.lon)  # numbers are left as they are
    assert csv_safe({"a": "\tx", "b": "\rx", "c": -3.5, "d": "ok"}) == {
        "a": "'\tx", "b": "'\nx", "c": -3.5, "d": "ok"}
    db = tmp_path / "f.duckdb"

    class Formula(FakePipeline):
        def process(self, items: Iterable[Article]) -> Iterator[ArticleResult]:
            for a in items:
                yield ArticleResult(a.id, (dataclasses.replace(e, event_id=f"ev-{a.id}"),))

    ingest(db, articles(1), Formula())
    text = TestClient(create_app(db), client=LOCAL).get("/api/export.csv").text
    api_row = next(csv.DictReader(io.StringIO(text)))
    assert api_row["notes"].startswith("'=") and api_row["actor1"].startswith("'+")


# ---------------------------------------------------------------- 7. nothing silent


def test_text_over_max_chars_is_named_in_the_summary(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    long = Article("long-1", "Troops clashed. " * 13_000)  # 208,000 characters
    src = _jsonl(tmp_path / "long.jsonl", [long])
    args = _parser().parse_args(["ingest", str(src), "--db", str(tmp_path / "d.duckdb")])
    assert cmd_ingest(args, pipeline=FakePipeline()) == 0
    err = capsys.readouterr().err
    assert f"eventcoder: warning: long-1 ({src}:1): text of 208,000 characters" in err
    assert "1 cut to max_chars" in err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_text_file_with_a_bom_is_read(tmp_path: Path, encoding: str) -> None:
    text = "Clashes in Goma\nTroops clashed with rebels near Goma on Monday."
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    [a] = read_inputs([p])
    assert isinstance(a, Article) and a.text == text and a.title == "Clashes in Goma"
    j = tmp_path / "a.jsonl"
    j.write_bytes(json.dumps({"id": "j", "text": text}).encode(encoding)
                  if encoding != "utf-16-be" else b"\xfe\xff" + json.dumps(
                      {"id": "j", "text": text}).encode(encoding))
    [b] = read_inputs([j])
    assert isinstance(b, Article) and b.text == text


def test_a_stray_csv_quote_that_swallows_rows_is_reported() -> None:
    data = ('id,text,published\n1,"He said hi and left,2020-01-01\n'
            '2,Second article text,2020-01-02\n3,"Third",2020-01-03\n4,Fourth,2020-01-04\n')
    items = _read("q.csv", data.encode())
    assert isinstance(items[0], InputFailure) and items[0].origin == "q.csv:2"
    assert "stray quote" in items[0].reason and "lines 2-4" in items[0].reason
    assert isinstance(items[1], Article) and items[1].id == "4"
    legit = ('id,text,published\n1,"Para one, with, commas\nPara two, more, commas",'
             '2020-01-01\n2,x,2020-01-02\n')
    assert all(isinstance(i, Article) for i in _read("ok.csv", legit.encode()))
    at_end = 'id,text,published\n1,"Unclosed,2020-01-01\n2,Next one,2020-01-02\n'
    [f] = _read("end.csv", at_end.encode())
    assert isinstance(f, InputFailure) and "stray quote" in f.reason


# ---------------------------------------------------------------- 8. a corrupt database


def _corrupt(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    for i in range(12288, len(data), 7):
        data[i] = (data[i] + 91) % 256
    path.write_bytes(bytes(data))
    return path


def test_health_reports_a_corrupt_store_as_503_with_the_reason(tmp_path: Path) -> None:
    db = _corrupt(seed(tmp_path / "c.duckdb", 4))
    r = TestClient(create_app(db, read_wait=0.5), client=LOCAL).get("/api/health")
    assert r.status_code == 503
    assert "unusable" in r.json()["detail"] and "Corrupt database file" in r.json()["detail"]


def test_health_reports_a_schema_it_does_not_read(tmp_path: Path) -> None:
    db = seed(tmp_path / "v.duckdb", 2)
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO schema_version VALUES (99, now())")
    r = TestClient(create_app(db), client=LOCAL).get("/api/health")
    assert r.status_code == 503 and "schema 99" in r.json()["detail"]


def test_ingest_into_a_corrupt_file_fails_with_one_line(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    db = _corrupt(seed(tmp_path / "c.duckdb", 4))
    src = _jsonl(tmp_path / "in.jsonl", articles(2))
    with pytest.raises(StoreError):
        cmd_ingest(_parser().parse_args(["ingest", str(src), "--db", str(db)]),
                   pipeline=FakePipeline())
    assert main(["ingest", str(src), "--db", str(db), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"eventcoder: error: {db}: Corrupt"), err


def test_every_test_that_docs_reliability_names_exists() -> None:
    import re

    root = Path(__file__).resolve().parent
    names = set(re.findall(r"`(?:tests/\w+\.py::)?(test_\w+)`",
                           (root.parent / "docs" / "reliability.md").read_text()))
    defined = set(re.findall(r"^def (test_\w+)", "".join(
        p.read_text() for p in root.glob("test_*.py")), re.M))
    assert names and names <= defined, names - defined
