"""The package's layers hold: no import cycle, no upward or sideways import, no private name
taken from another module, no function-local import; docs/architecture.md is current."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import architecture  # noqa: E402


def test_imports_follow_the_layers() -> None:
    assert architecture.problems() == []


def test_every_unit_has_a_layer() -> None:
    units = {architecture.unit_of(architecture.module_name(p))
             for p in architecture.PACKAGE.rglob("*.py")}
    for unit in units - {architecture.FACADE}:
        assert architecture.layer_of(unit) >= 0


def test_the_checker_sees_imports_of_every_kind() -> None:
    found = architecture.imports()
    # the facade's lazy imports are seen (and allowed) ...
    assert any(i.source == "eventcoder" and i.local for i in found)
    # ... and the pipeline's imports of the stages are seen
    assert any(i.source == "eventcoder.pipeline" and i.target == "eventcoder.stages.detect"
               for i in found)


def test_cycle_finder() -> None:
    assert architecture.cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert architecture.cycles({"a": {"b"}, "b": {"c"}}) == []


def test_architecture_doc_is_generated_from_the_code() -> None:
    text = architecture.DOC.read_text(encoding="utf-8")
    assert architecture.render_doc(text) == text, "run: python tools/architecture.py --write"
