"""Quality controls, the config file, the shared filter vocabulary, progress and the
end-of-run summary (issue 18; docs/cli.md, "Quality controls and the config file")."""

from __future__ import annotations

import dataclasses
import json
import socket
import sys
from collections import Counter
from pathlib import Path

import pytest

from _serve_seed import FakePipeline, articles, fake_event, seed
from eventcoder.cli.main import main
from eventcoder.errors import SettingsError, UnknownValueError
from eventcoder.pipeline import keep_record
from eventcoder.settings import Settings, read_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles.jsonl"
ARTICLE = (
    "Gunmen kill villagers in attack\n\n"
    "Gunmen killed seven villagers in an attack on a village in Zamfara State, Nigeria, on"
    " Tuesday, police said.\n"
)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def ids(recs: list[dict]) -> list[str]:
    return [r["event_id"] for r in recs]


# -- Settings.load: file, environment, flags ------------------------------------------


def test_precedence_is_flags_then_environment_then_file_then_defaults(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('min_confidence = 0.4\nonly = "acled"\nkeep_background = false\n'
                   'countries = ["Syria", "IQ"]\nsince = 2024-01-01\n')
    assert Settings.load(env={}).min_confidence == Settings().min_confidence == 0.3
    from_file = Settings.load(cfg, env={})
    assert (from_file.min_confidence, from_file.only, from_file.keep_background) == \
        (0.4, "acled", False)
    assert from_file.countries == ("SYR", "IRQ") and from_file.since == "2024-01-01"
    env = {"EVENTCODER_MIN_CONFIDENCE": "0.5", "EVENTCODER_ONLY": "plover",
           "EVENTCODER_COUNTRIES": "Yemen"}
    from_env = Settings.load(cfg, env=env)
    assert (from_env.min_confidence, from_env.only, from_env.countries) == \
        (0.5, "plover", ("YEM",))
    assert from_env.keep_background is False  # the file's value where env says nothing
    flags = Settings.load(cfg, env=env, overrides={"min_confidence": "0.6", "only": None})
    assert flags.min_confidence == 0.6
    assert flags.only == "plover"  # a flag not given (None) leaves the lower layers
    named = Settings.load(env={"EVENTCODER_CONFIG": str(cfg)})  # the file from the env
    assert named.min_confidence == 0.4


def test_config_paths_are_read_from_the_file_folder(tmp_path):
    (tmp_path / "conf").mkdir()
    cfg = tmp_path / "conf" / "c.toml"
    cfg.write_text('actor_files = ["mine.jsonl", "/abs/other.jsonl"]\n')
    assert Settings.load(cfg, env={}).actor_files == (tmp_path / "conf" / "mine.jsonl",
                                                      Path("/abs/other.jsonl"))


@pytest.mark.parametrize(("text", "key", "reason"), [
    ("min_confidance = 0.5\n", "min_confidance", "did you mean 'min_confidence'"),
    ('min_confidence = "high"\n', "min_confidence", "'high' is not a number"),
    ("min_confidence = 3\n", "min_confidence", "must be between 0 and 1"),
    ('only = "acledd"\n', "only", "must be one of all, acled, plover"),
    ('countries = ["Sirya"]\n', "countries", "did you mean"),
    ('since = "last week"\n', "since", "is not a YYYY-MM-DD date"),
    ("keep_background = 3\n", "keep_background", "is not true or false"),
])
def test_bad_config_key_or_value_is_one_line_naming_file_and_key(tmp_path, capsys, text, key,
                                                                reason):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text)
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    assert main(["extract", str(art), "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"eventcoder: error: {cfg}: {key}: ")
    assert reason in err


def test_config_that_is_not_toml_or_missing_is_one_line(tmp_path, capsys):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("min_confidence = [\n")
    for path, reason in ((cfg, "not valid TOML"), (tmp_path / "none.toml", "no such config")):
        assert main(["ingest", str(EXAMPLES), "--db", str(tmp_path / "x.duckdb"),
                     "--config", str(path)]) == 2
        err = capsys.readouterr().err
        assert err == f"eventcoder: error: {path}: {reason}" + err.split(reason, 1)[1]
        assert err.count("\n") == 1
    assert not (tmp_path / "x.duckdb").exists()  # refused before any work


def test_bad_flag_or_environment_value_names_it(tmp_path, capsys, monkeypatch):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    assert main(["extract", str(art), "--min-confidence", "1.5"]) == 2
    assert "eventcoder: error: --min-confidence: must be between 0 and 1" in \
        capsys.readouterr().err
    assert main(["extract", str(art), "--countries", "Narnia"]) == 2
    assert "eventcoder: error: --countries: unknown country 'Narnia'" in capsys.readouterr().err
    assert main(["extract", str(art), "--since", "2024-05-01", "--until", "2024-04-01"]) == 2
    assert "is after until" in capsys.readouterr().err
    monkeypatch.setenv("EVENTCODER_MIN_CONFIDENCE", "lots")
    assert main(["extract", str(art)]) == 2
    assert "eventcoder: error: EVENTCODER_MIN_CONFIDENCE: 'lots' is not a number" in \
        capsys.readouterr().err


def test_example_config_file_loads_and_every_key_is_a_setting():
    example = ROOT / "examples" / "eventcoder.toml"
    values = read_config(example)
    assert values and set(values) <= {f.name for f in dataclasses.fields(Settings)}
    Settings.load(example, env={})


def test_settings_countries_accept_names_and_codes():
    assert Settings(countries=("syria", "SY", "SYR", "Yemen,SDN")).countries == \
        ("SYR", "YEM", "SDN")
    with pytest.raises(UnknownValueError) as exc:
        Settings(countries=("Yemem",))
    assert "Yemen" in exc.value.suggestions and exc.value.origin == "countries"
    with pytest.raises(SettingsError):
        Settings(only="acled-only")


# -- the record filter ----------------------------------------------------------------


def test_keep_record_applies_each_filter():
    e = fake_event(articles(1)[0])  # a Battles event in Syria (SYR) on 2024-03-01
    assert e.event_type and e.location is not None and e.location.iso3 == "SYR"
    no_acled = dataclasses.replace(e, event_type=None, sub_event_type=None)
    undated = dataclasses.replace(e, event_date=None, date_precision=None)
    s = Settings()
    assert keep_record(e, s) and keep_record(no_acled, s) and keep_record(undated, s)
    assert not keep_record(no_acled, s.with_(only="acled"))
    assert keep_record(no_acled, s.with_(only="plover"))
    assert keep_record(e, s.with_(countries=("Syria",)))
    assert not keep_record(e, s.with_(countries=("YE", "SD")))
    assert not keep_record(dataclasses.replace(e, location=None), s.with_(countries=("SYR",)))
    assert keep_record(e, s.with_(since=e.event_date, until=e.event_date))
    assert not keep_record(e, s.with_(since="2024-03-02"))
    assert not keep_record(e, s.with_(until="2024-02-29"))
    assert not keep_record(undated, s.with_(since="2000-01-01"))


# -- the flags, end to end, against the unfiltered run --------------------------------


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, pipeline):
    """The examples' records with no filter (the oracle the filtered runs are held to)."""
    from eventcoder import pipeline as pipeline_module

    out = tmp_path_factory.mktemp("base") / "all.jsonl"
    pipeline_module._PIPELINES.setdefault(Settings(), pipeline)
    assert main(["extract", str(EXAMPLES), "-o", str(out), "--quiet"]) == 0
    recs = records(out.read_text())
    assert len(recs) >= 5
    return recs


def _run(tmp_path, capsys, *flags: str) -> list[dict]:
    out = tmp_path / "o.jsonl"
    assert main(["extract", str(EXAMPLES), "-o", str(out), "--quiet", *flags]) == 0
    capsys.readouterr()
    return records(out.read_text())


def test_only_acled_and_plover(tmp_path, capsys, baseline, cli_uses_session_pipeline):
    acled = _run(tmp_path, capsys, "--only", "acled")
    assert ids(acled) == ids([r for r in baseline if r["event_type"]])
    assert len(acled) < len(baseline)  # the examples hold a record with no ACLED type
    assert ids(_run(tmp_path, capsys, "--only", "plover")) == \
        ids([r for r in baseline if r["plover_type"]])


def test_countries_flag_takes_names_and_codes(tmp_path, capsys, baseline,
                                              cli_uses_session_pipeline):
    kept = _run(tmp_path, capsys, "--countries", "Kenya,ML")
    expected = [r for r in baseline if (r["location"] or {}).get("iso3") in ("KEN", "MLI")]
    assert ids(kept) == ids(expected) and 0 < len(kept) < len(baseline)


def test_since_until(tmp_path, capsys, baseline, cli_uses_session_pipeline):
    dates = sorted(r["event_date"] for r in baseline if r["event_date"])
    since, until = dates[1], dates[-2]
    kept = _run(tmp_path, capsys, "--since", since, "--until", until)
    assert ids(kept) == ids([r for r in baseline
                             if r["event_date"] and since <= r["event_date"] <= until])
    assert 0 < len(kept) < len(baseline)


def test_min_confidence_and_background(tmp_path, capsys, baseline, cli_uses_session_pipeline):
    levels = sorted({r["confidence"] for r in baseline})
    cut = round((levels[0] + levels[-1]) / 2, 3)
    kept = _run(tmp_path, capsys, "--min-confidence", str(cut))
    # mentions below the cut are left out before records are made, so a kept record may
    # be made of fewer mentions than in the baseline: hold each record to the cut
    assert kept and all(r["confidence"] >= cut for r in kept)
    assert len(kept) < len(baseline)
    fg = _run(tmp_path, capsys, "--no-background")
    assert all(not r["background"] for r in fg)
    assert set(ids(fg)) <= set(ids(baseline))
    assert ids(_run(tmp_path, capsys, "--background")) == ids(baseline)


def test_flag_wins_over_config_file(tmp_path, capsys, baseline, cli_uses_session_pipeline):
    cfg = tmp_path / "c.toml"
    cfg.write_text('only = "acled"\ncountries = ["Kenya"]\n')
    from_file = _run(tmp_path, capsys, "--config", str(cfg))
    assert ids(from_file) == ids([r for r in baseline if r["event_type"]
                                  and (r["location"] or {}).get("iso3") == "KEN"])
    both = _run(tmp_path, capsys, "--config", str(cfg), "--only", "all", "--countries", "ML")
    assert ids(both) == ids([r for r in baseline if (r["location"] or {}).get("iso3") == "MLI"])


def test_actor_file_flag(tmp_path, capsys, cli_uses_session_pipeline):
    mine = tmp_path / "mine.jsonl"
    mine.write_text(json.dumps({"name": "Zorblax Brigade", "aliases": [
        "Zorblax fighters", "Zorblax Brigade"], "type": "Rebel group", "inter": 2,
        "country": "NGA", "sector": "REB", "wikidata": None}) + "\n")
    art = tmp_path / "a.txt"
    art.write_text("Rebels attack police post\n\nZorblax fighters attacked a police post in"
                   " Maiduguri, Nigeria, on Tuesday, killing three officers, police said.\n")

    def actor_names(*flags: str) -> set[str]:
        assert main(["extract", str(art), "--published", "2024-05-02", "--quiet", *flags]) == 0
        recs = records(capsys.readouterr().out)
        assert recs
        return {(r[k] or {}).get("name") for r in recs for k in ("actor1", "actor2")}

    assert "Zorblax Brigade" not in actor_names()
    assert "Zorblax Brigade" in actor_names("--actors", str(mine))
    assert main(["extract", str(art), "--actors", str(tmp_path / "none.jsonl")]) == 2
    assert "none.jsonl" in capsys.readouterr().err


# -- progress and summary -------------------------------------------------------------


@pytest.fixture()
def mixed(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x00\x01")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Police fired tear gas at protesters in Nairobi,"
                    " Kenya, on Tuesday, witnesses said.", "published": "2021-06-10"})
        + "\n{oops\n"
        + json.dumps({"id": "j2", "text": "The weather was mild on Tuesday."}) + "\n")
    (tmp_path / "french.txt").write_text(
        "Titre\nLes combattants ont attaqué un convoi militaire près de la ville, selon des"
        " sources locales citées par plusieurs médias de la région.\n", encoding="utf-8")
    return tmp_path


def test_summary_json_counts_are_right(mixed, tmp_path_factory, capsys,
                                       cli_uses_session_pipeline):
    out = tmp_path_factory.mktemp("o")
    code = main(["extract", str(mixed), "--published", "2021-06-10", "-o",
                 str(out / "ev.jsonl"), "--summary-json", str(out / "s.json")])
    assert code == 3  # three inputs rejected
    err = capsys.readouterr().err
    recs = records((out / "ev.jsonl").read_text())
    s = json.loads((out / "s.json").read_text())
    with_records = {a for r in recs for a in r["article_ids"]}
    assert s["articles"] == {"read": 4, "processed": 4, "with_records": len(with_records),
                             "without_records": 3 - len(with_records), "skipped": 1,
                             "rejected": 3}
    assert with_records and "j2" not in with_records
    assert list(s["skipped_by_reason"]) == ["not English (function words of another language)"]
    assert s["rejected_inputs_by_reason"] == {"binary file, not text": 1, "empty file": 1,
                                              "malformed JSON": 1}
    assert s["records"] == {"kept": len(recs), "filtered_out": 0, "rejected": 0}
    assert s["records_by_event_type"] == dict(Counter(
        r["event_type"] or "(no ACLED type)" for r in recs))
    assert s["records_by_country"] == dict(Counter(
        (r["location"] or {}).get("iso3") or "(no country)" for r in recs))
    assert "articles read" in err and "records kept" in err  # the table, on stderr
    assert "ETA" not in err  # no progress bar: stderr is no terminal


def test_summary_counts_filtered_records(tmp_path, capsys, baseline, cli_uses_session_pipeline):
    out = tmp_path / "s.json"
    assert main(["extract", str(EXAMPLES), "--only", "acled", "--quiet", "--summary-json",
                 str(out)]) == 0
    kept = records(capsys.readouterr().out)
    s = json.loads(out.read_text())
    assert s["records"]["kept"] == len(kept)
    assert s["records"]["filtered_out"] == len(baseline) - len(kept) > 0
    assert "(no ACLED type)" not in s["records_by_event_type"]


def test_ingest_summary_json(tmp_path, capsys):
    from eventcoder.cli.db import cmd_ingest
    from eventcoder.cli.main import build_parser

    src = tmp_path / "in.jsonl"
    arts = articles(6)
    src.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in arts))
    db, out = tmp_path / "db.duckdb", tmp_path / "s.json"
    argv = ["ingest", str(src), "--db", str(db), "--published", "2024-03-01",
            "--summary-json", str(out)]
    assert cmd_ingest(build_parser().parse_args(argv), pipeline=FakePipeline()) == 0
    s = json.loads(out.read_text())
    events = [fake_event(a) for a in arts]
    assert s["articles"]["read"] == s["articles"]["processed"] == 6
    assert s["records_by_event_type"] == dict(Counter(e.event_type for e in events))
    assert s["records_by_country"] == dict(Counter(
        e.location.iso3 for e in events if e.location))
    assert "articles read" in capsys.readouterr().err
    assert cmd_ingest(build_parser().parse_args([*argv, "--quiet"]),
                      pipeline=FakePipeline()) == 0
    again = json.loads(out.read_text())
    assert again["articles"]["read"] == 6 and again["articles"]["processed"] == 0
    assert capsys.readouterr().err.count("\n") == 1  # --quiet: the one-line report only


def test_progress_shows_on_a_terminal_unless_quiet(tmp_path, capsys, monkeypatch,
                                                   cli_uses_session_pipeline):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["extract", str(art), "--published", "2021-06-10"]) == 0
    assert "extract" in capsys.readouterr().err.split("ETA")[0]
    assert main(["extract", str(art), "--published", "2021-06-10", "--quiet"]) == 0
    assert capsys.readouterr().err == ""



PROGRESS_COMMANDS = ["extract", "ingest", "evaluate", "export", "gazetteer build"]


@pytest.fixture
def progress_argv(tmp_path, monkeypatch):
    """The arguments of each command that draws a progress bar, with a fake pipeline and
    a fake gazetteer build (the bar, not the work, is under test)."""
    from eventcoder.cli import db as cli_db
    from eventcoder.cli import main as cli_main

    monkeypatch.setattr(cli_main, "get_pipeline", lambda settings: FakePipeline())
    monkeypatch.setattr(cli_db, "get_pipeline", lambda settings: FakePipeline())

    def build(path, force=False, progress=None):
        for step, label in enumerate(("countries and admin1", "places", "writing DuckDB")):
            if progress is not None:
                progress(label, step + 1, 3)
        return {"path": str(path), "built": True}

    monkeypatch.setattr(cli_main, "build_gazetteer", build)
    art = tmp_path / "a.jsonl"
    art.write_text("".join(json.dumps({"id": a.id, "text": a.text, "published": "2024-03-01"})
                           + "\n" for a in articles(3)))
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "g-0", "title": None, "published": "2024-03-01",
                                "text": articles(1)[0].text, "labels": [], "events": []}) + "\n")
    db = seed(tmp_path / "seeded.duckdb", 6)
    runs = iter(range(1000))

    def argv(command: str) -> list[str]:
        n = next(runs)
        return {
            "extract": ["extract", str(art), "-o", str(tmp_path / f"x{n}.jsonl")],
            "ingest": ["ingest", str(art), "--db", str(tmp_path / f"i{n}.duckdb")],
            "evaluate": ["evaluate", str(gold)],
            "export": ["export", "--db", str(db), "-o", str(tmp_path / f"e{n}.jsonl")],
            "gazetteer build": ["gazetteer", "--gazetteer", str(tmp_path / "g.duckdb"),
                                "build"],
        }[command]

    return argv


@pytest.mark.parametrize("command", PROGRESS_COMMANDS)
def test_each_command_draws_progress_only_on_a_terminal_and_never_with_quiet(
        command, progress_argv, capsys, monkeypatch):
    """extract, ingest, evaluate, export and gazetteer build: a bar (rich: label, count
    and ETA) on standard error when it is a terminal; nothing of it into a pipe, and
    nothing with --quiet even on a terminal. The command works the same in all three."""
    label = command.split()[0]
    assert main(progress_argv(command)) == 0  # capsys: standard error is not a terminal
    piped = capsys.readouterr()
    assert "ETA" not in piped.err and "\x1b[" not in piped.err, piped.err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(progress_argv(command)) == 0
    drawn = capsys.readouterr()
    assert "ETA" in drawn.err, drawn.err
    assert label in drawn.err.split("ETA")[0]
    assert main([*progress_argv(command), "--quiet"]) == 0
    quiet = capsys.readouterr()
    assert "ETA" not in quiet.err and "\x1b[" not in quiet.err, quiet.err
    if command in ("evaluate", "gazetteer build"):  # the others write to files here
        assert quiet.out.strip() and quiet.out == drawn.out == piped.out


# -- the filter vocabulary of export and serve ----------------------------------------


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    return seed(tmp_path_factory.mktemp("db") / "seed.duckdb", 24)


@pytest.mark.parametrize("value", ["SYR", "sy", "Syria", "Syrian Arab Republic"])
def test_export_country_takes_names_and_codes(seeded, capsys, value):
    assert main(["export", "--db", str(seeded), "--country", value]) == 0
    got = records(capsys.readouterr().out)
    assert got and {r["location"]["iso3"] for r in got} == {"SYR"}
    expected = [e for e in (fake_event(a) for a in articles(24))
                if e.location and e.location.iso3 == "SYR"]
    assert len(got) == len(expected)


@pytest.mark.parametrize(("flag", "value", "hint"), [
    ("--country", "Sirya", "Syria"), ("--type", "Batles", "Battles"),
    ("--type", "armed clashes", "Armed clash"), ("--actor", "Northern Brigadier",
                                                 "Northern Brigade"),
])
def test_export_unknown_value_says_did_you_mean(seeded, capsys, flag, value, hint):
    assert main(["export", "--db", str(seeded), flag, value]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"eventcoder: error: {flag}: unknown ")
    assert f"did you mean {hint!r}" in err or f"{hint!r}" in err


def test_export_type_any_case_matches(seeded, capsys):
    assert main(["export", "--db", str(seeded), "--type", "battles"]) == 0
    got = records(capsys.readouterr().out)
    assert got and {r["event_type"] for r in got} == {"Battles"}


def test_serve_refuses_a_busy_port_in_one_line(seeded, capsys):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["serve", "--db", str(seeded), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err == f"eventcoder: error: --port: port {port} on 127.0.0.1 is already in use" \
        " (choose another with --port)\n"


def test_batch_and_serve_take_the_same_controls(tmp_path, seeded, capsys, monkeypatch):
    """``batch`` hands the Spark job the Settings of its flags and config file; ``serve``
    hands them to each worker process, which builds the app's Settings from them."""
    from eventcoder.cli import batch as cli_batch
    from eventcoder.serve import app as serve_app

    cfg = tmp_path / "c.toml"
    cfg.write_text('only = "acled"\nmin_confidence = 0.45\n')
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": ARTICLE}) + "\n")
    seen: dict[str, Settings] = {}

    class Report:
        failed = 0

        def lines(self) -> list[str]:
            return []

    class Spark:
        def stop(self) -> None:
            pass

    def run_job(spark, inputs, output, settings, **kw):
        seen["batch"] = settings
        return Report()

    monkeypatch.setattr(cli_batch, "spark_session", lambda master, conf: Spark())
    monkeypatch.setattr(cli_batch, "run_job", run_job)
    assert main(["batch", str(src), "-o", str(tmp_path / "out"), "--config", str(cfg),
                 "--countries", "Mali", "--no-background"]) == 0
    s = seen["batch"]
    assert (s.only, s.min_confidence, s.countries, s.keep_background) == \
        ("acled", 0.45, ("MLI",), False)
    assert main(["batch", str(src), "-o", str(tmp_path / "out"), "--min-confidence", "9"]) == 2
    assert main(["batch", str(src), "-o", str(tmp_path / "out"), "--since", "May"]) == 2
    assert "eventcoder: error: --since: 'May' is not a YYYY-MM-DD date" in \
        capsys.readouterr().err

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: None)
    monkeypatch.setattr(serve_app, "create_app",
                        lambda db, settings, **kw: seen.setdefault("serve", settings))
    monkeypatch.delenv(serve_app.CONFIG_ENV, raising=False)
    assert main(["serve", "--db", str(seeded), "--port", "0", "--config", str(cfg),
                 "--since", "2024-01-01", "--actors", str(tmp_path / "mine.jsonl")]) == 0
    serve_app.app_from_env()
    s = seen["serve"]
    assert (s.only, s.min_confidence, s.since) == ("acled", 0.45, "2024-01-01")
    assert s.actor_files == (tmp_path / "mine.jsonl",)
    assert main(["serve", "--db", str(seeded), "--port", "0", "--min-confidence", "-1"]) == 2


def test_gazetteer_steps_relabel_the_bar(capsys):
    from eventcoder.cli.terminal import Bar

    with Bar("gazetteer", None, enabled=True) as bar:
        bar.stage("countries and admin1", 1, 5)
        bar.stage("writing DuckDB", 4, 5)
    assert "writing DuckDB" in capsys.readouterr().err
