"""CI accuracy gate: the real pipeline on every public gold file, each metric >= its floor.

The pipeline runs over ``shared/eval`` ONCE per session (``eval_report``); every
(file, metric) pair in ``tests/floors.json`` is one test. Metric names are the keys of
``eventcoder.eval.evaluate.flat_metrics`` (higher is better for all of them); each gold file
has floors as a whole (``ucdp``) and on each held-out half that has figures (``ucdp@dev``,
``ucdp@test``; eval/halves.py). The confidence-threshold figures of the report are
measurements for choosing ``min_confidence`` and are not floored (``flat_metrics`` leaves
them out). To re-pin the floors a little under a fresh measurement:

    eventcoder evaluate ../shared/eval --report out/accuracy.json
    python tests/test_accuracy_floors.py out/accuracy.json > tests/floors.json
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eventcoder.eval.evaluate import flat_metrics

FLOORS_PATH = Path(__file__).with_name("floors.json")
MARGIN = 0.02  # floors sit this far under the measured value (then rounded down to 0.01)
METRIC_GROUPS = ("events", "fields", "document", "toponyms")
HALF_SUFFIXES = ("@dev", "@test")  # "file@dev": the file's dev half (eval/halves.py)


def gold_name(row: str) -> str:
    """The gold file of a floors row: "ucdp@test" -> "ucdp"."""
    return row.split("@", 1)[0]


def load_floors(path: Path = FLOORS_PATH) -> dict[str, dict[str, float]]:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if not text.strip():  # missing or being rewritten: test_floors_file_is_well_formed fails
        return {}
    data = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


FLOORS = load_floors()
CASES = [(f, m, v) for f, metrics in sorted(FLOORS.items()) for m, v in sorted(metrics.items())]


@pytest.fixture(scope="session")
def eval_report(pipeline: Any, shared: Path) -> dict[str, Any]:
    """The whole public eval folder scored once per test session."""
    from eventcoder.eval.evaluate import evaluate_paths

    return evaluate_paths([str(shared / "eval")], pipeline)


@pytest.fixture(scope="session")
def measured(eval_report: dict[str, Any]) -> dict[str, dict[str, float]]:
    return flat_metrics(eval_report)


@pytest.mark.model
@pytest.mark.parametrize(("name", "metric", "floor"), CASES, ids=[f"{f}:{m}" for f, m, _ in CASES])
def test_metric_at_or_above_floor(
    measured: dict[str, dict[str, float]], name: str, metric: str, floor: float
) -> None:
    assert name in measured, f"{name}: gold file {gold_name(name)}.jsonl is not in the eval " \
        "folder (or that half has no figures)"
    got = measured[name].get(metric)
    assert got is not None, f"{name}: metric {metric} was not measured"
    assert got >= floor - 1e-9, f"{name}: {metric} = {got:.4f}, below its floor {floor:.2f}"


@pytest.mark.model
def test_reading_only_event_sentences_keeps_accuracy_within_001(
    measured: dict[str, dict[str, float]], resources: Any, settings: Any, shared: Path
) -> None:
    """Issue 9: the trigger screen (the default) scores within 0.01 of the model reading
    every sentence (``full_parse``) on every figure of every public gold set (whole files;
    the halves, with half the documents, are not held to 0.01)."""
    from eventcoder.eval.evaluate import evaluate_paths
    from eventcoder.pipeline import Pipeline

    full = Pipeline(settings.with_(full_parse=True), resources)
    whole = flat_metrics(evaluate_paths([str(shared / "eval")], full))
    drops = [f"{name} {metric}: {value:.4f} with the screen, {whole[name][metric]:.4f} without"
             for name, metrics in measured.items() if "@" not in name
             for metric, value in metrics.items() if value < whole[name][metric] - 0.01]
    assert not drops, drops


@pytest.mark.model
def test_every_gold_file_has_floors(
    eval_report: dict[str, Any], measured: dict[str, dict[str, float]]
) -> None:
    """Each gold file, and each of its halves that has figures, has floors."""
    rows = [n for n in measured if gold_name(n) in eval_report["files"]]
    missing = sorted(set(rows) - set(FLOORS))
    assert not missing, f"no floors for {missing}: re-pin tests/floors.json"


def test_floors_file_is_well_formed() -> None:
    assert FLOORS, "tests/floors.json has no files"
    for name, metrics in FLOORS.items():
        assert isinstance(metrics, dict) and metrics, name
        assert "@" not in name or name.endswith(HALF_SUFFIXES), f"{name}: unknown half"
        assert gold_name(name) != "overall", f"{name}: the pooled rows are not floored"
        for metric, floor in metrics.items():
            assert metric.split(".")[0] in METRIC_GROUPS, f"{name}: unknown metric {metric}"
            assert isinstance(floor, int | float) and 0.0 <= floor <= 1.0, f"{name}: {metric}"


def _floors_at(rev: str) -> dict[str, dict[str, float]] | None:
    """tests/floors.json as committed at ``rev`` (None: no such commit or file)."""
    root = FLOORS_PATH.parent.parent
    rel = FLOORS_PATH.relative_to(root).as_posix()
    proc = subprocess.run(["git", "show", f"{rev}:{rel}"], cwd=root, capture_output=True,
                          text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        return None
    return {k: v for k, v in json.loads(proc.stdout).items() if not k.startswith("_")}


def _reasons(path: Path = FLOORS_PATH) -> dict[str, str]:
    """``"_reasons": {"file:metric": "why this floor went down"}`` in the floors file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: str(v) for k, v in data.get("_reasons", {}).items() if str(v).strip()}


def lowered_floors(old: dict[str, dict[str, float]], new: dict[str, dict[str, float]],
                   reasons: dict[str, str]) -> list[str]:
    """Floors of ``old`` that ``new`` lowers or removes without a written reason."""
    out = []
    for name, metrics in sorted(old.items()):
        for metric, floor in sorted(metrics.items()):
            now = new.get(name, {}).get(metric)
            if (now is None or now < floor - 1e-9) and f"{name}:{metric}" not in reasons:
                out.append(f"{name}:{metric} {floor} -> {now if now is not None else 'removed'}")
    return out


def test_lowered_floors_detects_drops_and_removals() -> None:
    old = {"a": {"events.f1": 0.8, "events.recall": 0.7}}
    assert lowered_floors(old, {"a": {"events.f1": 0.81, "events.recall": 0.7}}, {}) == []
    assert lowered_floors(old, {"a": {"events.f1": 0.79}}, {}) == [
        "a:events.f1 0.8 -> 0.79", "a:events.recall 0.7 -> removed"]
    assert lowered_floors(old, {"a": {"events.f1": 0.79, "events.recall": 0.7}},
                          {"a:events.f1": "gold file corrected"}) == []


def test_floors_only_rise() -> None:
    """No floor is lower than in the previous commit's floors file (nor in the working tree
    than in HEAD's) unless ``_reasons`` in tests/floors.json says why."""
    root = FLOORS_PATH.parent.parent
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root,
                           capture_output=True, text=True)
    assert count.returncode == 0, f"git history is needed to compare floors: {count.stderr}"
    reasons = _reasons()
    head = _floors_at("HEAD")
    drops = lowered_floors(head, FLOORS, reasons) if head is not None else []
    if int(count.stdout.strip() or 0) > 1:
        previous = _floors_at("HEAD~1")
        if previous is not None and head is not None:
            drops += [f"HEAD: {d}" for d in lowered_floors(previous, head, reasons)]
    assert not drops, "floors only rise (add a reason in _reasons to lower one):\n" + "\n".join(
        drops)


def suggest_floors(report: dict[str, Any], margin: float = MARGIN,
                   previous: dict[str, dict[str, float]] | None = None) -> dict[str, Any]:
    """Floors a little under each measured per-file metric (the 'overall' row is left out),
    never under the ``previous`` floor of the same metric: the tool never lowers a floor."""
    previous = FLOORS if previous is None else previous
    out: dict[str, Any] = {
        "_about": (
            "Accuracy floors for tests/test_accuracy_floors.py: {gold file stem (or stem@dev, "
            "stem@test): {metric: floor}}; metric names are eventcoder.eval.evaluate."
            "flat_metrics keys. Floors only rise: re-pin with `python "
            "tests/test_accuracy_floors.py out/accuracy.json > tests/floors.json` (it keeps "
            "every floor at least where it was); a floor may go down only with a line in "
            "_reasons (\"file:metric\": why)."
        ),
        "_reasons": _reasons(),
    }
    for name, metrics in sorted(flat_metrics(report).items()):
        if gold_name(name) == "overall" or not metrics:
            continue
        old = previous.get(name, {})
        out[name] = {
            # round first: 0.60 - 0.02 is 0.57999... in floating point (floor 0.57, not 0.58)
            m: max(old.get(m, 0.0), math.floor(round((v - margin) * 100, 6)) / 100)
            for m, v in sorted(metrics.items())
        }
    for name, metrics in previous.items():  # a floor whose metric was not measured stays
        for m, v in metrics.items():
            out.setdefault(name, {}).setdefault(m, v)
    return out


def test_suggested_floors_cover_the_halves_but_not_the_pooled_rows() -> None:
    dev = {"docs": 2, "events": {"precision": 0.9, "recall": 0.8, "f1": 0.85}}
    test = {"docs": 1, "events": {"precision": 0.7, "recall": 0.6, "f1": 0.65},
            "confidence": {"thresholds": {"0.5": {"precision": 0.9}}}}
    report = {"files": {"x": {"events": {"precision": 0.8, "recall": 0.7, "f1": 0.75},
                              "halves": {"dev": dev, "test": test}},
                        "y": {"events": {"precision": 0.5, "recall": 0.5, "f1": 0.5},
                              "halves": {"dev": {"docs": 1, "events": dev["events"]},
                                         "test": {"docs": 0}}}},
              "overall": {"events": dev["events"], "halves": {"dev": dev, "test": test}}}
    out = suggest_floors(report, previous={})
    rows = sorted(k for k in out if not k.startswith("_"))
    assert rows == ["x", "x@dev", "x@test", "y", "y@dev"]  # y's test half has no figures
    assert out["x@dev"]["events.f1"] == 0.83 and out["x@test"]["events.recall"] == 0.58
    assert set(out["x@test"]) == {"events.precision", "events.recall", "events.f1"}


def test_suggested_floors_never_lower_one() -> None:
    report = {"files": {"x": {"events": {"precision": 0.5, "recall": 0.95, "f1": 0.66}}},
              "overall": {}}
    out = suggest_floors(report, previous={"x": {"events.precision": 0.6, "events.f1": 0.5}})
    assert out["x"]["events.precision"] == 0.6  # kept, though measured lower
    assert out["x"]["events.recall"] == 0.93  # new: 0.02 under the measurement
    assert out["x"]["events.f1"] == 0.64  # raised


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/test_accuracy_floors.py REPORT.json > tests/floors.json")
    rep = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(json.dumps(suggest_floors(rep), indent=2))
