"""CI accuracy gate: the real pipeline on every public gold file, each metric >= its floor.

The pipeline runs over ``shared/eval`` ONCE per session (``eval_report``); every
(file, metric) pair in ``tests/floors.json`` is one test. Metric names are the keys of
``eventcoder.eval.evaluate.flat_metrics`` (higher is better for all of them). To re-pin the
floors a little under a fresh measurement:

    eventcoder evaluate ../shared/eval --report out/accuracy.json
    python tests/test_accuracy_floors.py out/accuracy.json > tests/floors.json
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from eventcoder.eval.evaluate import flat_metrics

FLOORS_PATH = Path(__file__).with_name("floors.json")
MARGIN = 0.02  # floors sit this far under the measured value (then rounded down to 0.01)
METRIC_GROUPS = ("events", "fields", "document", "toponyms")


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
    assert name in measured, f"gold file {name}.jsonl is not in the eval folder"
    got = measured[name].get(metric)
    assert got is not None, f"{name}: metric {metric} was not measured"
    assert got >= floor - 1e-9, f"{name}: {metric} = {got:.4f}, below its floor {floor:.2f}"


@pytest.mark.model
def test_reading_only_event_sentences_keeps_accuracy_within_001(
    measured: dict[str, dict[str, float]], resources: Any, settings: Any, shared: Path
) -> None:
    """Issue 9: the trigger screen (the default) scores within 0.01 of the model reading
    every sentence (``full_parse``) on every figure of every public gold set."""
    from eventcoder.eval.evaluate import evaluate_paths
    from eventcoder.pipeline import Pipeline

    full = Pipeline(settings.with_(full_parse=True), resources)
    whole = flat_metrics(evaluate_paths([str(shared / "eval")], full))
    drops = [f"{name} {metric}: {value:.4f} with the screen, {whole[name][metric]:.4f} without"
             for name, metrics in measured.items() for metric, value in metrics.items()
             if value < whole[name][metric] - 0.01]
    assert not drops, drops


@pytest.mark.model
def test_every_gold_file_has_floors(eval_report: dict[str, Any]) -> None:
    missing = sorted(set(eval_report["files"]) - set(FLOORS))
    assert not missing, f"no floors for {missing}: re-pin tests/floors.json"


def test_floors_file_is_well_formed() -> None:
    assert FLOORS, "tests/floors.json has no files"
    for name, metrics in FLOORS.items():
        assert isinstance(metrics, dict) and metrics, name
        for metric, floor in metrics.items():
            assert metric.split(".")[0] in METRIC_GROUPS, f"{name}: unknown metric {metric}"
            assert isinstance(floor, int | float) and 0.0 <= floor <= 1.0, f"{name}: {metric}"


def suggest_floors(report: dict[str, Any], margin: float = MARGIN) -> dict[str, Any]:
    """Floors a little under each measured per-file metric (the 'overall' row is left out)."""
    out: dict[str, Any] = {
        "_about": (
            "Accuracy floors for tests/test_accuracy_floors.py: {gold file stem: {metric: "
            "floor}}; metric names are eventcoder.eval.evaluate.flat_metrics keys. Re-pin with "
            "`python tests/test_accuracy_floors.py out/accuracy.json > tests/floors.json`."
        )
    }
    for name, metrics in sorted(flat_metrics(report).items()):
        if name == "overall":
            continue
        out[name] = {
            m: max(0.0, math.floor((v - margin) * 100) / 100) for m, v in sorted(metrics.items())
        }
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/test_accuracy_floors.py REPORT.json > tests/floors.json")
    rep = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(json.dumps(suggest_floors(rep), indent=2))
