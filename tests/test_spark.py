"""The Spark job, run for real in local mode with 2 workers, gives the single-machine output.

One SparkSession (master local[2]) for the module; about 50 short generated articles.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventcoder.batch.spark_job import input_format, run_job, spark_session
from eventcoder.model import Article, Event
from eventcoder.store.merge import merge_events

pytestmark = pytest.mark.model

PLACES = [
    ("Aleppo", "Syria"), ("Mosul", "Iraq"), ("Kandahar", "Afghanistan"),
    ("Maiduguri", "Nigeria"), ("Mogadishu", "Somalia"), ("Khartoum", "Sudan"),
    ("Taiz", "Yemen"), ("Gao", "Mali"), ("Goma", "DR Congo"), ("Peshawar", "Pakistan"),
]
TEMPLATES = [
    "{place}, {country} - Militants attacked an army checkpoint near {place} on {day}, "
    "killing {n} soldiers, the defence ministry said. Officials said the attackers fled.",
    "Thousands of protesters marched through {place} on {day} to demand the release of "
    "detained students. Police fired tear gas and arrested {n} people, witnesses said.",
    "A roadside bomb exploded in {place}, {country}, on {day}, killing {n} civilians, "
    "a local official told reporters. No group claimed responsibility for the blast.",
    "Gunmen killed {n} villagers in an attack on a village outside {place} on {day}, "
    "residents said. The army said it had sent troops to the area.",
    "Government forces clashed with rebels in {place} on {day}. At least {n} fighters "
    "were killed in the fighting, according to a monitoring group.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBERS = ["two", "three", "four", "five", "seven", "12", "15", "20"]


def make_articles(n: int = 48) -> list[dict[str, str | None]]:
    """Articles from sentence templates with varied places, numbers and dates (mid-month,
    so that no event crosses a month boundary). Every fifth one is a second report of the
    one before it (another wording), which the merge stage should join."""
    out: list[dict[str, str | None]] = []
    for i in range(n):
        place, country = PLACES[i % len(PLACES)]
        pub = dt.date(2021, 3 + (i % 4), 12 + (i % 7))
        k = i % len(TEMPLATES)
        if i % 5 == 4 and out:  # a second report of the previous article's event
            prev = out[-1]
            text = str(prev["text"]).replace(" said.", " reported.", 1)
            pub = dt.date.fromisoformat(str(prev["published"]))
        else:
            day = WEEKDAYS[(pub.weekday() - 1) % 7]  # "yesterday" as a weekday name
            text = TEMPLATES[k].format(place=place, country=country, day=day,
                                       n=NUMBERS[i % len(NUMBERS)])
        out.append({"id": f"art-{i:03d}", "title": f"Report {i}", "text": text,
                    "published": pub.isoformat(), "url": f"https://news.example/{i}",
                    "outlet": "Example News" if i % 2 else "Daily Example"})
    return out


BAD = [
    {"id": "bad-notext", "title": "no text here", "published": "2021-03-14"},
    {"id": "bad-date", "text": "Police arrested four people in Lagos on Monday.",
     "published": "14/03/2021"},
]


def _article(rec: dict[str, str | None]) -> Article:
    return Article(str(rec["id"]), str(rec["text"]), rec.get("title"),
                   dt.date.fromisoformat(str(rec["published"])), rec.get("url"),
                   rec.get("outlet"))


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]", app="eventcoder-test")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def records() -> list[dict[str, str | None]]:
    return make_articles()


@pytest.fixture(scope="module")
def expected(pipeline, records) -> list[Event]:
    events: list[Event] = []
    for result in pipeline.process(_article(r) for r in records):
        events.extend(result.events)
    return events


@pytest.fixture(scope="module")
def job(spark, records, tmp_path_factory):
    base = tmp_path_factory.mktemp("spark")
    src = base / "articles.jsonl"
    lines = [json.dumps(r) for r in records[:20]] + [json.dumps(b) for b in BAD]
    lines += ["{not json", ""] + [json.dumps(r) for r in records[20:]]
    src.write_text("\n".join(lines) + "\n")
    out = base / "out"
    report = run_job(spark, [str(src)], str(out), partitions=2)
    return report, out


def _read(spark, path: Path) -> list[dict]:
    return [r.asDict() for r in spark.read.parquet(str(path)).collect()]


def test_the_articles_hold_events(expected):
    assert len(expected) >= 30
    assert len({e.location.iso3 for e in expected if e.location}) >= 5


def test_events_equal_the_single_machine_output(spark, job, expected):
    report, out = job
    rows = _read(spark, out / "events")
    got = {r["event_id"]: json.loads(r["record"]) for r in rows}
    assert len(rows) == len(got) == len(expected) == report.events
    assert got == {e.event_id: e.to_dict() for e in expected}


def test_flat_columns_and_date_partitions(spark, job, expected):
    _report, out = job
    rows = {r["event_id"]: r for r in _read(spark, out / "events")}
    for e in expected:
        r = rows[e.event_id]
        assert r["event_date"] == e.event_date
        assert r["sub_event_type"] == e.sub_event_type
        assert r["iso3"] == (e.location.iso3 if e.location else None)
        assert r["fatalities"] == e.fatalities
        assert r["actor1"] == (e.actor1.name if e.actor1 else None)
        if e.event_date:
            assert (r["year"], r["month"]) == (int(e.event_date[:4]), int(e.event_date[5:7]))
    years = {p.name for p in (out / "events").iterdir() if p.is_dir()}
    assert "year=2021" in years
    assert any(p.name.startswith("month=") for p in (out / "events" / "year=2021").iterdir())


def test_bad_rows_are_reported_and_the_rest_goes_on(spark, job, records):
    report, out = job
    assert report.failed == 3
    assert report.articles == len(records)
    reasons = " | ".join(report.reasons)
    assert "no 'text'" in reasons
    assert "not a YYYY-MM-DD date" in reasons
    assert "malformed record" in reasons
    problems = [r.asDict() for r in spark.read.json(str(out / "problems")).collect()]
    failed = {r["article_id"] for r in problems if r["kind"] == "failed"}
    assert {"bad-notext", "bad-date"} <= failed
    assert all(r["origin"].endswith("articles.jsonl") for r in problems)


def test_merge_stage_equals_merge_events(spark, job, expected):
    report, out = job
    rows = _read(spark, out / "merged")
    assert report.merged == len(rows)
    want = {m.event.event_id: (m.event.to_dict(), sorted(m.mention_ids), m.n_articles)
            for m in merge_events(expected)}
    got = {r["event_id"]: (json.loads(r["record"]), sorted(r["mention_ids"]), r["n_articles"])
           for r in rows}
    assert got == want
    assert any(n > 1 for _rec, _ids, n in got.values())  # some reports were joined


def test_workers_get_openblas_single_thread(spark):
    def env(batches):
        import os

        import pandas as pd

        for _ in batches:
            yield pd.DataFrame({"v": [os.environ.get("OPENBLAS_NUM_THREADS", "")]})

    got = {r["v"] for r in spark.range(4, numPartitions=2).mapInPandas(env, "v string").collect()}
    assert got == {"1"}


@pytest.mark.parametrize(
    ("inputs", "fmt", "want"),
    [
        (["a/b.jsonl"], None, "jsonl"),
        (["s3a://bucket/news.parquet"], None, "parquet"),
        (["x.csv.gz"], None, "csv"),
        (["folder/"], None, "jsonl"),
        (["folder/"], "parquet", "parquet"),
    ],
)
def test_input_format(inputs, fmt, want):
    assert input_format(inputs, fmt) == want


def test_parquet_and_csv_inputs_give_the_same_events(spark, records, expected, tmp_path):
    import pandas as pd

    df = pd.DataFrame(records[:8])
    df.to_parquet(tmp_path / "a.parquet")
    df.to_csv(tmp_path / "a.csv", index=False)
    ids = {e.event_id for e in expected if e.article_ids[0] in set(df["id"])}
    for name in ("a.parquet", "a.csv"):
        out = tmp_path / f"out-{name}"
        report = run_job(spark, [str(tmp_path / name)], str(out), merge=False)
        assert report.failed == 0 and report.merged is None
        got = {r["event_id"] for r in _read(spark, out / "events")}
        assert got == ids, name


def test_a_shipped_gazetteer_is_found_by_the_workers(spark, records, expected, tmp_path):
    from eventcoder.settings import Settings

    name = Settings().resolved_gazetteer_path().name
    sub = records[:6]
    out = tmp_path / "out"
    report = run_job(spark, [_jsonl(tmp_path, sub)], str(out), merge=False, ship_gazetteer=True)
    ids = {e.event_id for e in expected if e.article_ids[0] in {r["id"] for r in sub}}
    assert report.events == len(ids) > 0
    assert {r["event_id"] for r in _read(spark, out / "events")} == ids

    def where(batches):
        from pathlib import Path

        import pandas as pd

        from eventcoder.batch.spark_job import worker_settings

        for _ in batches:
            got = worker_settings(Settings(gazetteer_path=Path(name))).gazetteer_path
            yield pd.DataFrame({"p": [str(got)], "ok": [Path(str(got)).is_file()]})

    rows = spark.range(2, numPartitions=2).mapInPandas(where, "p string, ok boolean").collect()
    assert all(r["ok"] and r["p"] != name for r in rows)


def test_worker_settings_keeps_paths_it_cannot_resolve(tmp_path):
    from eventcoder.batch.spark_job import worker_settings
    from eventcoder.settings import Settings

    for gaz in (None, tmp_path / "absent.duckdb"):
        s = Settings(gazetteer_path=gaz)
        assert worker_settings(s) == s


def _jsonl(base: Path, recs: list[dict[str, str | None]]) -> str:
    path = base / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    return str(path)


def test_batch_command_line_options():
    import argparse

    from eventcoder.cli.batch import add_commands, standalone_parser

    p = argparse.ArgumentParser()
    add_commands(p.add_subparsers(dest="command"))
    args = p.parse_args(["batch", "a.jsonl", "s3a://b/c/", "-o", "out", "--format", "csv",
                         "--master", "local[2]", "--partitions", "4", "--no-merge",
                         "--published", "2021-03-14", "--gazetteer", "g.duckdb",
                         "--ship-gazetteer", "--conf", "spark.executor.memory=2g"])
    assert args.inputs == ["a.jsonl", "s3a://b/c/"] and args.output == "out"
    assert (args.format, args.master, args.partitions, args.merge) == ("csv", "local[2]", 4, False)
    assert (args.published, args.gazetteer, args.ship_gazetteer) == ("2021-03-14", "g.duckdb", True)
    assert args.conf == [("spark.executor.memory", "2g")]
    assert standalone_parser().parse_args(["x", "-o", "y"]).merge is True
    for bad in (["--partitions", "0"], ["--published", "14/03/2021"], ["--conf", "novalue"]):
        with pytest.raises(SystemExit):
            p.parse_args(["batch", "a.jsonl", "-o", "out", *bad])
