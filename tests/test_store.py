"""The embedded database: migrations, idempotent and crash-safe ingest, queries, exports."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pytest

from eventcoder.cli.db import add_commands, cmd_ingest
from eventcoder.errors import StoreBusyError
from eventcoder.model import Actor, Article, ArticleResult, Event, Place, Source, Span
from eventcoder.store.database import Store
from eventcoder.store.export import ACLED_COLUMNS
from eventcoder.store.filters import Filters
from eventcoder.store.ingest import ingest
from eventcoder.store.schema import SCHEMA_VERSION

HERE = Path(__file__).resolve().parent

# Each fake article's text is "date|lat|lon|event_type|fatalities|actor|place" + filler.
WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
         "november oscar papa quebec romeo sierra tango uniform victor whiskey xray").split()


def fake_text(n: int, date: str, lat: float, lon: float, etype: str = "Battles",
              fat: int = 1, actor: str = "Military Forces of Syria", place: str = "Town") -> str:
    filler = " ".join(WORDS[(n * 7 + i * (n % 5 + 1)) % len(WORDS)] + str(n * 31 + i)
                      for i in range(40))
    return f"{date}|{lat}|{lon}|{etype}|{fat}|{actor}|{place}\n{filler}"


def fake_event(article: Article) -> Event:
    date, lat, lon, etype, fat, actor, place = article.text.split("\n")[0].split("|")
    span = Span(article.id, 0, 10, article.text[:10])
    return Event(
        event_id=f"ev-{article.id}", article_ids=(article.id,), event_date=date,
        date_precision="day", date_source="text", background=False, event_type=etype,
        sub_event_type="Armed clash" if etype == "Battles" else "Peaceful protest",
        disorder_type="Political violence", plover_type="FIGHT", plover_mode=(),
        cameo_root="19", actor1=Actor(actor, actor.lower(), "State forces", 1, "SYR", "MIL"),
        actor2=None, location=Place(place, place, "city", "Adm1", None, "Syria", "SYR",
                                    float(lat), float(lon), 1, 1),
        fatalities=int(fat), fatalities_low=int(fat), fatalities_high=int(fat),
        sources=(Source("the army", "statement", "the army said"),), notes="n",
        confidence=0.8, evidence={"event_type": (span,), "location": (span,)},
    )


class FakePipeline:
    """Stands in for the real pipeline: one event per article, parsed from its text."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            time.sleep(self.delay)
            yield ArticleResult(a.id, (fake_event(a),))


def fake_articles(n: int) -> list[Article]:
    out = []
    for i in range(n):
        date = (dt.date(2023, 1, 1) + dt.timedelta(days=i % 9)).isoformat()
        text = fake_text(i, date, 35.0 + (i % 4) * 0.01, 40.0 + (i % 3) * 2.0)
        out.append(Article(f"art-{i:03d}", text, None, dt.date(2023, 2, 1), None, f"o{i % 3}"))
    return out


def table(store: Store, sql: str) -> list[tuple]:
    return store.conn.execute(sql).fetchall()


def test_new_database_has_every_migration(tmp_path):
    with Store.open(tmp_path / "db.duckdb") as s:
        assert s.schema_version() == SCHEMA_VERSION >= 2
        for t in ("articles", "mentions", "events", "runs", "article_bands"):
            assert s.count(t) == 0


def test_old_schema_is_upgraded_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store.open(path, target_version=1) as s:
        assert s.schema_version() == 1
        s.conn.execute("INSERT INTO articles (id, text) VALUES ('old-1', 'kept text')")
        cols = {r[0] for r in table(s, "DESCRIBE articles")}
        assert "dup_of" not in cols
        tables = {r[0] for r in table(s, "SHOW TABLES")}
        assert "events" not in tables
    with Store.open(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert table(s, "SELECT id, text, dup_of FROM articles") == [("old-1", "kept text", None)]
        assert s.count("events") == 0
        versions = [r[0] for r in table(s, "SELECT version FROM schema_version ORDER BY 1")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_ingest_is_idempotent(tmp_path):
    path = tmp_path / "db.duckdb"
    arts = fake_articles(12)
    first = ingest(path, arts, FakePipeline())
    assert (first.new, first.mentions) == (12, 12)
    with Store.open(path, read_only=True) as s:
        before = table(s, "SELECT event_id, record FROM events ORDER BY 1")
        counts = [s.count(t) for t in ("articles", "mentions", "events")]
    second = ingest(path, arts + arts[:3], FakePipeline())
    assert (second.new, second.mentions) == (0, 0)
    with Store.open(path, read_only=True) as s:
        assert [s.count(t) for t in ("articles", "mentions", "events")] == counts
        assert table(s, "SELECT event_id, record FROM events ORDER BY 1") == before
        assert s.count("runs") == 2


def test_run_records_provenance(tmp_path):
    class Versioned(FakePipeline):
        class resources:  # noqa: N801 - stands in for Resources
            @staticmethod
            def versions() -> dict[str, str]:
                return {"eventcoder": "9.9", "model": "m-1", "gazetteer": "g-2"}

        class settings:  # noqa: N801
            @staticmethod
            def fingerprint() -> str:
                return "abc123"

    report = ingest(tmp_path / "db.duckdb", fake_articles(3), Versioned())
    with Store.open(tmp_path / "db.duckdb", read_only=True) as s:
        row = table(s, "SELECT run_id, eventcoder_version, model_version, gazetteer_version,"
                       " settings_fingerprint, articles_new, finished IS NOT NULL FROM runs")
        assert row == [(report.run_id, "9.9", "m-1", "g-2", "abc123", 3, True)]
        assert {r[0] for r in table(s, "SELECT DISTINCT run_id FROM articles")} == {report.run_id}


def _child(db: str, n: int) -> None:
    ingest(db, fake_articles(n), FakePipeline(delay=0.05), batch_size=1,
           on_article=lambda aid: print(aid, flush=True))


def test_killed_ingest_resumes_with_nothing_lost_or_doubled(tmp_path):
    db = tmp_path / "db.duckdb"
    n = 40
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, str(Path(__file__)), "child", str(db), str(n)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    done = [proc.stdout.readline() for _ in range(10)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert all(line.startswith("art-") for line in done)
    with Store.open(db) as s:
        stored = s.count("articles")
        assert 10 <= stored < n
        assert s.count("mentions") == stored
        assert table(s, "SELECT count(*) FROM runs WHERE finished IS NULL") == [(1,)]
    report = ingest(db, fake_articles(n), FakePipeline())
    assert report.new == n - stored
    with Store.open(db, read_only=True) as s:
        assert s.count("articles") == n
        assert s.count("mentions") == n
        assert table(s, "SELECT count(DISTINCT event_id) FROM mentions") == [(n,)]
        assert table(s, "SELECT sum(len(mention_ids)) FROM events") == [(n,)]
        assert not s.needs_merge()


def _stocked(tmp_path: Path) -> Path:
    path = tmp_path / "db.duckdb"
    arts = [
        Article("a1", fake_text(1, "2023-03-01", 35.30, 40.29, fat=5, place="Khusham"),
                None, None, None, "x"),
        Article("a2", fake_text(2, "2023-03-01", 35.31, 40.30, fat=3, place="Khusham"),
                None, None, None, "y"),
        Article("a3", fake_text(3, "2023-03-09", 33.51, 36.29, "Protests", 0,
                                "Protesters (Syria)", "Damascus"), None, None, None, "x"),
        Article("a4", fake_text(4, "2023-04-02", 36.20, 37.16, place="Aleppo"),
                None, None, None, "z"),
    ]
    ingest(path, arts, FakePipeline())
    return path


def test_mentions_merge_across_articles_with_lowest_fatalities(tmp_path):
    with Store.open(_stocked(tmp_path), read_only=True) as s:
        assert (s.count("mentions"), s.count("events")) == (4, 3)
        merged = [e for e in s.events() if len(e.article_ids) == 2][0]
        assert set(merged.article_ids) == {"a1", "a2"}
        assert (merged.fatalities, merged.fatalities_low, merged.fatalities_high) == (3, 3, 5)
        assert {sp.article_id for sp in merged.evidence["event_type"]} == {"a1", "a2"}
        assert table(s, "SELECT n_articles, n_independent FROM events WHERE n_articles = 2") \
            == [(2, 2)]


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(), ["2023-03-01", "2023-03-09", "2023-04-02"]),
        (Filters(since="2023-03-05"), ["2023-03-09", "2023-04-02"]),
        (Filters(since="2023-03-01", until="2023-03-31"), ["2023-03-01", "2023-03-09"]),
        (Filters(country="syr"), ["2023-03-01", "2023-03-09", "2023-04-02"]),
        (Filters(country="IRQ"), []),
        (Filters(type="Protests"), ["2023-03-09"]),
        (Filters(type="armed clash"), ["2023-03-01", "2023-04-02"]),
        (Filters(actor="protesters"), ["2023-03-09"]),
        (Filters(near=(35.3, 40.3, 10.0)), ["2023-03-01"]),
        (Filters(near=(35.3, 40.3, 500.0)), ["2023-03-01", "2023-03-09", "2023-04-02"]),
        (Filters(near=(33.5, 36.3, 100.0)), ["2023-03-09"]),
    ],
)
def test_queries(tmp_path, filters, expected):
    with Store.open(_stocked(tmp_path), read_only=True) as s:
        assert [e.event_date for e in s.events(filters)] == expected


def test_query_keywords_match_filters(tmp_path):
    with Store.open(_stocked(tmp_path), read_only=True) as s:
        assert [e.event_id for e in s.events(country="SYR", since="2023-03-05")] == \
               [e.event_id for e in s.events(Filters(country="SYR", since="2023-03-05"))]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="eventcoder")
    add_commands(p.add_subparsers(dest="command"))
    return p


def _export(path: Path, fmt: str, out: Path, *extra: str) -> int:
    args = _parser().parse_args(["export", "--db", str(path), "--format", fmt, "-o", str(out),
                                 *extra])
    return int(args.func(args))


def test_export_csv_has_the_acled_columns(tmp_path):
    out = tmp_path / "e.csv"
    assert _export(_stocked(tmp_path), "csv", out) == 0
    with open(out, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    assert [r["event_date"] for r in rows] == ["2023-03-01", "2023-03-09", "2023-04-02"]
    assert rows[0]["fatalities"] == "3" and rows[0]["iso"] == "760"


def test_export_jsonl_geojson_plover_read_back(tmp_path):
    db = _stocked(tmp_path)
    assert _export(db, "jsonl", tmp_path / "e.jsonl", "--since", "2023-03-05") == 0
    recs = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert [r["event_date"] for r in recs] == ["2023-03-09", "2023-04-02"]
    assert _export(db, "geojson", tmp_path / "e.geojson", "--type", "Protests") == 0
    gj = json.loads((tmp_path / "e.geojson").read_text())
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 1
    assert gj["features"][0]["geometry"] == {"type": "Point", "coordinates": [36.29, 33.51]}
    assert _export(db, "plover", tmp_path / "e.json", "--country", "SYR") == 0
    pl = json.loads((tmp_path / "e.json").read_text())
    assert len(pl) == 3 and pl[0]["event"] == "FIGHT" and len(pl[0]["article_ids"]) == 2


def test_export_parquet_read_back_by_duckdb(tmp_path):
    out = tmp_path / "e.parquet"
    assert _export(_stocked(tmp_path), "parquet", out, "--since", "2023-03-01") == 0
    rows = duckdb.sql(f"SELECT event_date, n_articles, record, n_independent"
                      f" FROM read_parquet('{out}') ORDER BY event_date").fetchall()
    assert [(str(r[0]), r[1]) for r in rows] == [("2023-03-01", 2), ("2023-03-09", 1),
                                                 ("2023-04-02", 1)]
    assert [r[3] for r in rows] == [2, 1, 1]
    assert json.loads(rows[0][2])["fatalities"] == 3


def test_export_parquet_read_back_by_pandas(tmp_path):
    import pandas as pd

    out = tmp_path / "e.parquet"
    assert _export(_stocked(tmp_path), "parquet", out) == 0
    frame = pd.read_parquet(out)
    assert len(frame) >= 3
    assert {"event_date", "n_articles", "record"} <= set(frame.columns)
    assert all(json.loads(r)["event_id"] for r in frame["record"])


def test_cli_ingest_reports_bad_inputs_and_goes_on(tmp_path, capsys):
    good = tmp_path / "in.jsonl"
    good.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n"
                            for a in fake_articles(3)))
    bad = tmp_path / "missing.txt"
    db = tmp_path / "db.duckdb"
    args = _parser().parse_args(["ingest", str(good), str(bad), "--db", str(db),
                                 "--published", "2023-02-01"])
    assert cmd_ingest(args, pipeline=FakePipeline()) == 3  # some inputs rejected
    err = capsys.readouterr().err
    assert f"eventcoder: error: {bad}: " in err
    assert "ETA" not in err  # no progress bar: stderr is no terminal
    with Store.open(db, read_only=True) as s:
        assert s.count("articles") == 3
        assert table(s, "SELECT DISTINCT published FROM articles") == [(dt.date(2023, 2, 1),)]


def test_progress_bar_shows_count_and_eta_when_enabled(monkeypatch, capsys):
    from eventcoder.cli.terminal import Bar

    with Bar("ingest", 10, enabled=True) as bar:
        bar.update(5)
        bar.update(10)
    err = capsys.readouterr().err
    assert "ingest" in err and "10/10" in err and "ETA" in err
    with Bar("ingest", 10, enabled=False) as bar:
        bar.update(5)
    assert capsys.readouterr().err == ""


def test_syndicated_copy_is_one_source(tmp_path):
    base = fake_articles(2)
    copy = Article("copy", base[0].text.replace("alpha", "ALPHA"), None, None, None, "syn")
    ingest(tmp_path / "db.duckdb", [*base, copy], FakePipeline())
    with Store.open(tmp_path / "db.duckdb", read_only=True) as s:
        assert table(s, "SELECT id, dup_of FROM articles WHERE dup_of IS NOT NULL") == \
            [("copy", base[0].id)]
        rows = table(s, "SELECT n_articles, n_independent FROM events ORDER BY 1 DESC")
        assert rows[0] == (2, 1)


def test_real_pipeline_ingest_of_the_worked_example(tmp_path, pipeline, shared):
    from eventcoder.inputs.readers import read_inputs

    arts = [a for a in read_inputs([shared / "examples" / "khasham.txt"], dt.date(2018, 2, 8))]
    report = ingest(tmp_path / "db.duckdb", arts, pipeline)
    assert report.new == 1 and report.mentions >= 1
    with Store.open(tmp_path / "db.duckdb", read_only=True) as s:
        events = s.events(near=(35.30, 40.29, 25.0), since="2018-02-01")
        assert [e.sub_event_type for e in events] == ["Air/drone strike"]
        buf = io.StringIO()
        from eventcoder.store.export import write_events

        assert write_events(events, buf, "jsonl") == 1


def test_reader_waits_for_a_writer_to_let_go(tmp_path):
    db = tmp_path / "db.duckdb"
    ingest(db, fake_articles(2), FakePipeline())
    code = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            " time.sleep(1.5); c.close(); print('free', flush=True); time.sleep(5)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusyError, match="locked by another process"):
            Store.open(db, read_only=True, wait=0)
        with Store.open(db, read_only=True, wait=20) as s:  # retries until the writer closes
            assert s.count("articles") == 2
    finally:
        proc.kill()
        proc.wait()


def test_incremental_merge_matches_a_full_merge(tmp_path):
    db = tmp_path / "db.duckdb"
    arts = fake_articles(36)
    ingest(db, arts[::2], FakePipeline())  # every other article, then the rest
    ingest(db, arts[1::2], FakePipeline())
    with Store.open(db) as s:
        incremental = table(s, "SELECT event_id, mention_ids, record FROM events ORDER BY 1")
        assert s.remerge() == len(incremental)
        assert table(s, "SELECT event_id, mention_ids, record FROM events ORDER BY 1") \
            == incremental
        assert any(len(r[1]) > 1 for r in incremental)


def _merge_child(db: str, n: int, where: str) -> None:
    """Ingest ``n`` articles; once the merge reaches ``where`` ("compute": clustering,
    "write": inside the write transaction, after the old events were deleted), say
    "MERGING" and stall there so that the test can kill the process at that point."""
    from eventcoder.store import database

    def stall() -> None:
        print("MERGING", flush=True)
        time.sleep(60)

    real_merge, real_insert = database.merge_events, database._insert_json

    def merge_events(*args, **kw):  # type: ignore[no-untyped-def]
        if where == "compute":
            stall()
        return real_merge(*args, **kw)

    def insert_json(c, table, *args, **kw):  # type: ignore[no-untyped-def]
        if table == "events" and where == "write":
            stall()
        return real_insert(c, table, *args, **kw)

    database.merge_events = merge_events  # type: ignore[assignment]
    database._insert_json = insert_json  # type: ignore[assignment]
    ingest(db, fake_articles(n), FakePipeline(delay=0.02), batch_size=1,
           on_article=lambda aid: print(aid, flush=True))


def _kill_after(db: Path, n: int, mode: str, lines: int) -> list[str]:
    """Run a child ingest of ``n`` articles, SIGKILL it after ``lines`` lines of output
    (an article stored, or "MERGING"); returns the lines read."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, str(Path(__file__)), "merge-child", str(db),
                             str(n), mode], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    got: list[str] = []
    deadline = time.monotonic() + 60
    while len(got) < lines and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        got.append(line.strip())
        if line.startswith("MERGING"):
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    return got


def test_killed_during_ingest_and_merge_loses_or_doubles_nothing(tmp_path):
    """SIGKILL three times while articles are stored and three times while the merge
    runs (twice inside its write transaction, once while clustering): the resumed
    ingest gives exactly the events of a clean single run."""
    n, first = 40, 28
    clean = tmp_path / "clean.duckdb"
    ingest(clean, fake_articles(n), FakePipeline())
    db = tmp_path / "db.duckdb"
    stored = 0
    for _ in range(3):  # killed while storing articles
        got = _kill_after(db, first, "none", 4)
        assert len(got) == 4 and all(g.startswith("art-") for g in got)
        with Store.open(db, read_only=True) as s:
            assert s.count("articles") > stored
            stored = s.count("articles")
            assert s.count("mentions") == stored
    ingest(db, fake_articles(first), FakePipeline())  # resumes, merges the first part
    with Store.open(db, read_only=True) as s:
        assert (s.count("articles"), s.needs_merge()) == (first, False)
        events_before = s.count("events")
    for where in ("write", "compute", "write"):  # killed while merging
        got = _kill_after(db, n, where, 100)
        assert got and got[-1] == "MERGING"
        with Store.open(db, read_only=True) as s:
            assert s.count("articles") == n  # every article stored, the merge not done
            assert s.needs_merge()
            assert s.count("events") == events_before  # the killed merge left no trace
    report = ingest(db, fake_articles(n), FakePipeline())
    assert report.new == 0
    query = "SELECT event_id, mention_ids, record FROM events ORDER BY 1"
    with Store.open(db, read_only=True) as s, Store.open(clean, read_only=True) as c:
        assert not s.needs_merge()
        assert table(s, "SELECT sum(len(mention_ids)) FROM events") == [(n,)]
        assert table(s, query) == table(c, query)
        assert table(s, "SELECT count(*) FROM runs WHERE finished IS NULL") == [(6,)]


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "child":
    _child(sys.argv[2], int(sys.argv[3]))
elif __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "merge-child":
    _merge_child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
