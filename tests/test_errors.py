"""Honest errors: every failure a user can cause is an ``EventcoderError`` naming the input
and the reason, and the command line reports it in one line (no traceback)."""

from __future__ import annotations

import ast
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import eventcoder.cli.main as cli_main
from eventcoder import errors
from eventcoder.actors.dictionary import ActorDictionary
from eventcoder.cli.main import main
from eventcoder.errors import (
    ActorFileError,
    EventcoderError,
    GazetteerError,
    OutputError,
    SettingsError,
    StoreError,
)
from eventcoder.geo.gazetteer import Gazetteer
from eventcoder.geo.provision import import_geonames, open_gazetteer
from eventcoder.settings import Settings
from eventcoder.store.database import Store
from eventcoder.store.export import write_events

SRC = Path(__file__).resolve().parent.parent / "src" / "eventcoder"
SMALL = Path(__file__).parent / "data" / "geonames_small"


def error_classes() -> list[str]:
    tree = ast.parse((SRC / "errors.py").read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, ast.ClassDef)]


def run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    """The real command line in a process of its own, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "eventcoder.cli.main", *argv],
                          capture_output=True, text=True, timeout=120)


def assert_one_line(err: str, start: str) -> None:
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith(start), err


# ---------------------------------------------------------------- the tree


def test_every_error_class_is_raised_somewhere_in_src() -> None:
    sources = {p: p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")
               if p.name != "errors.py" and p != SRC / "__init__.py"}
    for name in error_classes():
        made = rf"\b{name}\(" if name != "EventcoderError" else rf"\b{name}\b"
        where = [p for p, text in sources.items() if re.search(made, text)]
        assert where, f"{name} is defined in errors.py but never raised in src/"


@pytest.mark.parametrize("name", error_classes())
def test_errors_carry_origin_and_reason_and_pickle(name: str) -> None:
    cls = getattr(errors, name)
    assert issubclass(cls, EventcoderError)
    exc = cls("in.jsonl:3", "not valid JSON")
    assert (exc.origin, exc.reason, str(exc)) == ("in.jsonl:3", "not valid JSON",
                                                   "in.jsonl:3: not valid JSON")
    back = pickle.loads(pickle.dumps(exc))  # a --workers process hands errors back
    assert type(back) is cls and str(back) == str(exc)


def test_every_error_class_is_public() -> None:
    import eventcoder

    assert set(error_classes()) <= set(eventcoder.__all__)


def test_settings_name_the_setting() -> None:
    with pytest.raises(SettingsError) as info:
        Settings(batch_size=0)
    assert info.value.origin == "batch_size" and "at least 1" in info.value.reason
    with pytest.raises(SettingsError, match="format: unknown format 'xml'"):
        write_events([], sys.stdout, "xml")


# ---------------------------------------------------------------- actor files


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"name": "Zorro Brigade", "inter": 2', "not valid JSON"),
        ('["Zorro Brigade"]', "not a JSON object"),
        ('{"aliases": ["Zorro"], "inter": 2}', "no 'name' string"),
        ('{"name": "", "inter": 2}', "no 'name' string"),
        ('{"name": "Zorro Brigade", "inter": "2"}', "'inter' must be an ACLED code 1..8"),
        ('{"name": "Zorro Brigade", "inter": 9}', "'inter' must be an ACLED code 1..8"),
        ('{"name": "Zorro Brigade", "inter": true}', "'inter' must be an ACLED code 1..8"),
        ('{"name": "Zorro Brigade", "aliases": "Zorro"}', "'aliases' must be a list"),
        ('{"name": "Zorro Brigade", "country": 466}', "'country' must be a string or null"),
    ],
)
def test_bad_actor_line_names_file_line_and_reason(tmp_path: Path, line: str,
                                                   reason: str) -> None:
    path = tmp_path / "mine.jsonl"
    good = json.dumps({"name": "Ok Group", "inter": 3})
    path.write_text(f"# my actors\n{good}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ActorFileError) as info:
        ActorDictionary.load(Settings(actor_files=(path,)))
    assert info.value.origin == f"{path}:4"
    assert info.value.reason.startswith(reason), info.value.reason


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: None, "cannot read (No such file or directory)"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_bytes(b'{"name": "\xff"}\n'), "not valid UTF-8"),
    ],
)
def test_unreadable_actor_file_is_named(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "mine.jsonl"
    make(path)
    with pytest.raises(ActorFileError) as info:
        ActorDictionary.load(Settings(actor_files=(path,)))
    assert info.value.origin == str(path) and info.value.reason.startswith(reason)


def test_cli_reports_a_bad_actor_file_in_one_line(tmp_path: Path, monkeypatch,
                                                  capsys) -> None:
    # the command line has no actor-file option: a command whose settings list a bad file
    bad = tmp_path / "mine.jsonl"
    bad.write_text('{"name": "Zorro Brigade", "inter": "two"}\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Gunmen attacked a village on Monday.", encoding="utf-8")

    def pipeline_with_my_actors(settings: Settings) -> None:
        ActorDictionary.load(settings.with_(actor_files=(bad,)))

    monkeypatch.setattr(cli_main, "get_pipeline", pipeline_with_my_actors)
    assert main(["extract", str(article), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert_one_line(err, f"eventcoder: error: {bad}:1: 'inter' must be an ACLED code 1..8")


# ---------------------------------------------------------------- the store


@pytest.fixture()
def not_a_db(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    path.write_text("id,text\n1,hello\n", encoding="utf-8")
    return path


@pytest.fixture()
def other_db(tmp_path: Path) -> Path:
    """A DuckDB file that is not an eventcoder store."""
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    return path


@pytest.mark.parametrize("read_only", [True, False])
def test_store_open_names_the_path(tmp_path: Path, not_a_db: Path, other_db: Path,
                                   read_only: bool) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = [(not_a_db, "not a DuckDB database file"), (folder, "is a folder"),
             (other_db, "not an eventcoder database")]
    if read_only:
        cases.append((tmp_path / "none.duckdb", "no such database"))
    for path, reason in cases:
        with pytest.raises(StoreError) as info:
            Store.open(path, read_only=read_only, wait=0)
        assert info.value.origin == str(path) and info.value.reason.startswith(reason)
    con = duckdb.connect(str(other_db))
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (1,)  # untouched
    con.close()


def test_export_of_a_file_that_is_not_a_database(not_a_db: Path) -> None:
    r = run_cli("export", "--db", str(not_a_db))
    assert r.returncode == 2 and r.stdout == ""
    assert_one_line(r.stderr, f"eventcoder: error: {not_a_db}: not a DuckDB database file")


def test_export_of_a_folder(tmp_path: Path) -> None:
    r = run_cli("export", "--db", str(tmp_path))
    assert r.returncode == 2
    assert_one_line(r.stderr, f"eventcoder: error: {tmp_path}: is a folder")


def test_export_of_a_database_that_is_no_store(other_db: Path) -> None:
    r = run_cli("export", "--db", str(other_db), "--format", "csv")
    assert r.returncode == 2
    assert_one_line(r.stderr, f"eventcoder: error: {other_db}: not an eventcoder database")


def test_export_to_a_folder_is_an_output_error(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db.duckdb"
    Store.open(db).close()
    for fmt in ("jsonl", "parquet"):
        assert main(["export", "--db", str(db), "--format", fmt, "-o", str(tmp_path)]) == 2
        assert_one_line(capsys.readouterr().err,
                        f"eventcoder: error: {tmp_path}: cannot write")
    with pytest.raises(OutputError):
        with Store.open(db, read_only=True) as s:
            s.export_parquet(tmp_path)


def test_serve_refuses_a_file_that_is_not_a_database(not_a_db: Path, capsys) -> None:
    assert main(["serve", "--db", str(not_a_db)]) == 2
    assert_one_line(capsys.readouterr().err,
                    f"eventcoder: error: {not_a_db}: not a DuckDB database file")


# ---------------------------------------------------------------- the gazetteer


@pytest.mark.parametrize("kind", ["folder", "garbage", "store", "missing"])
def test_unusable_gazetteer_is_a_gazetteer_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "gaz.duckdb"
    if kind == "folder":
        path.mkdir()
    elif kind == "garbage":
        path.write_bytes(b"\x00garbage" * 100)
    elif kind == "store":
        Store.open(path).close()
    with pytest.raises(GazetteerError) as info:
        Gazetteer(path)
    assert info.value.origin == str(path)
    if kind != "missing":  # a missing file is built on first use
        with pytest.raises(GazetteerError) as info:
            open_gazetteer(Settings(gazetteer_path=path))
        assert info.value.origin == str(path)


def test_cli_gazetteer_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "gaz.duckdb"
    path.write_text("not a gazetteer\n", encoding="utf-8")
    r = run_cli("gazetteer", "--gazetteer", str(path), "build", "--quiet")
    assert r.returncode == 2
    assert_one_line(r.stderr, f"eventcoder: error: {path}: not a DuckDB database file")


def test_import_names_the_bad_dump_line(tmp_path: Path) -> None:
    places = tmp_path / "allCountries.txt"
    lines = (SMALL / "allCountries.txt").read_text(encoding="utf-8").splitlines()
    cols = lines[1].split("\t")
    cols[4] = "north"
    places.write_text("\n".join([lines[0], "\t".join(cols), *lines[2:]]) + "\n",
                      encoding="utf-8")
    out = tmp_path / "gaz.duckdb"
    with pytest.raises(GazetteerError) as info:
        import_geonames(out, places)
    assert info.value.origin == f"{places}:2"
    assert info.value.reason == "latitude 'north' is not a number"
    places.write_text("1\tKhasham\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"allCountries.txt:1: 2 tab-separated columns"):
        import_geonames(out, places)
    with pytest.raises(GazetteerError, match="no such GeoNames dump file"):
        import_geonames(out, tmp_path / "none.txt")
    assert not out.exists()


# ---------------------------------------------------------------- worker processes


def test_a_worker_that_cannot_load_reports_instead_of_hanging() -> None:
    # a pool whose initializer raises would start new workers for ever
    code = (
        "from eventcoder.batch.parallel import process_parallel\n"
        "from eventcoder.model import Article\n"
        "from eventcoder.settings import Settings\n"
        "from eventcoder.errors import ResourceError\n"
        "arts = [Article(str(i), 'Protesters marched.') for i in range(4)]\n"
        "try:\n"
        "    list(process_parallel(arts, Settings(spacy_model='no_such_model'), 2, 2))\n"
        "except ResourceError as exc:\n"
        "    print('raised', exc.origin)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=180)
    assert r.stdout.strip() == "raised no_such_model", r.stderr[-2000:]


def test_batch_names_a_missing_local_input_before_spark_starts(tmp_path: Path,
                                                               capsys) -> None:
    missing = tmp_path / "news.jsonl"
    assert main(["batch", str(missing), "-o", str(tmp_path / "out")]) == 2
    assert_one_line(capsys.readouterr().err,
                    f"eventcoder: error: {missing}: no such file or folder")
