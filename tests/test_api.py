"""The public API: ``eventcoder.__all__`` is importable, documented in docs/api.md (with
examples that run), and ``import eventcoder`` stays cheap."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import eventcoder

API_DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_public_name_is_importable() -> None:
    assert len(set(eventcoder.__all__)) == len(eventcoder.__all__)
    for name in eventcoder.__all__:
        assert getattr(eventcoder, name) is not None, name
    namespace: dict[str, object] = {}
    exec("from eventcoder import *", namespace)
    assert set(eventcoder.__all__) <= set(namespace)


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        eventcoder.nope  # noqa: B018


def test_every_public_name_is_documented() -> None:
    text = API_DOC.read_text(encoding="utf-8")
    for name in eventcoder.__all__:
        assert re.search(rf"^(#+ |\| )`{re.escape(name)}`", text, re.M), (
            f"{name} has no heading or table row in docs/api.md")
    documented = set(re.findall(r"^#+ `(\w+)`", text, re.M))
    assert documented <= set(eventcoder.__all__), documented - set(eventcoder.__all__)


def test_readme_links_the_api_page() -> None:
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1]
    assert "docs/api.md" in section.split("\n## ", 1)[0]


def test_import_loads_no_model_and_no_database() -> None:
    code = ("import sys, eventcoder; eventcoder.Settings(); eventcoder.EventcoderError;"
            " print(sorted(m for m in ('spacy', 'duckdb', 'trafilatura') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.model
def test_the_examples_of_docs_api_run(tmp_path: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", API_DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 20
    script = tmp_path / "examples.py"
    script.write_text("\n".join(blocks), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    r = subprocess.run([sys.executable, str(script)], cwd=work, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "2023-05-02 Attack 5 Kafanchan" in r.stdout
    assert "my_actors.jsonl:1 - 'inter' must be an ACLED code" in r.stdout
