"""Calibrated confidence (stages/calibration.py) and what the assembler does with it."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from eventcoder.stages.calibration import Calibration, packaged_calibration, pool_adjacent_violators


def test_map_interpolates_between_points_and_clamps_at_the_ends() -> None:
    cal = Calibration(((0.5, 0.4), (0.7, 0.8)))
    assert cal(0.6) == pytest.approx(0.6)
    assert cal(0.1) == 0.4 and cal(0.99) == 0.8
    assert Calibration(())(0.42) == 0.42  # no points: the rule score itself


def test_pool_adjacent_violators_is_monotone_and_keeps_totals() -> None:
    bins = [(0.35, 4, 3), (0.45, 10, 2), (0.55, 10, 6), (0.65, 20, 18)]
    fit = pool_adjacent_violators(bins)
    values = [v for _s, v in fit]
    assert values == sorted(values)
    assert values[0] == values[1] == pytest.approx(5 / 14, abs=1e-4)  # 3/4 > 2/10: pooled
    assert [s for s, _v in fit] == [b[0] for b in bins]


def test_packaged_map_is_fitted_and_monotone() -> None:
    data = json.loads(resources.files("eventcoder.data").joinpath("calibration.json")
                      .read_text("utf-8"))
    assert data["points"], "run tools/calibrate.py --write"
    assert all(f.endswith("@dev") for f in data["fitted_on"])  # never the test halves
    cal = packaged_calibration()
    scores = [i / 100 for i in range(101)]
    values = [cal(s) for s in scores]
    assert values == sorted(values) and 0.0 <= values[0] and values[-1] <= 1.0


@pytest.mark.model
def test_records_carry_calibrated_confidence_and_the_threshold_reads_it(
        resources, settings) -> None:
    from eventcoder.model import Article
    from eventcoder.pipeline import Pipeline

    text = ("Gunmen killed five villagers in an attack on a village in central Mali on "
            "Tuesday, local officials said.")
    art = Article("cal-1", text, None, None)
    raw = next(Pipeline(settings.with_(calibrated_confidence=False), resources)
               .process([art])).events
    cal = next(Pipeline(settings, resources).process([art])).events
    assert raw and len(raw) == len(cal)
    for r, c in zip(raw, cal, strict=True):
        assert c.confidence == pytest.approx(packaged_calibration()(r.confidence))
    strict = Pipeline(settings.with_(min_confidence=min(1.0, cal[0].confidence + 0.001)),
                      resources)
    assert all(e.confidence >= cal[0].confidence + 0.001
               for e in next(strict.process([art])).events)
