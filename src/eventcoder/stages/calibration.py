"""Calibrated confidence: a record's confidence is the share of records with the same rule
score that were right on the dev halves of the gold sets.

The rules score each mention (trigger weight, factuality, context: ``classify``); that
score ranks records well but is not a probability. ``data/calibration.json`` holds a
monotone map from score to the precision measured on the dev halves (pool-adjacent-
violators over confidence bins, written by ``tools/calibrate.py``); ``calibrate`` applies
it with linear interpolation between the bins' centres. The map never changes the order of
records, so ranking (the main event of an article) is the same with or without it.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Calibration:
    """Points (score, calibrated) with strictly increasing scores and non-decreasing values."""

    points: tuple[tuple[float, float], ...]

    def __call__(self, score: float) -> float:
        pts = self.points
        if not pts:
            return score
        xs = [x for x, _ in pts]
        if score <= xs[0]:
            return pts[0][1]
        if score >= xs[-1]:
            return pts[-1][1]
        i = bisect_left(xs, score)
        (x0, y0), (x1, y1) = pts[i - 1], pts[i]
        return round(y0 + (y1 - y0) * (score - x0) / (x1 - x0), 4)


def pool_adjacent_violators(bins: Sequence[tuple[float, int, int]]) -> list[tuple[float, float]]:
    """Isotonic fit over (score, records, right) bins sorted by score: each run of bins whose
    precision would fall as the score rises is pooled into one value.

    >>> pool_adjacent_violators([(0.35, 10, 2), (0.45, 10, 6), (0.55, 10, 4), (0.65, 10, 9)])
    [(0.35, 0.2), (0.45, 0.5), (0.55, 0.5), (0.65, 0.9)]
    """
    blocks: list[list[float]] = []  # [right, records, first index, last index]
    for k, (_score, n, right) in enumerate(bins):
        blocks.append([float(right), float(n), k, k])
        while len(blocks) > 1 and (blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]):
            r, m, _a, b = blocks.pop()
            blocks[-1][0] += r
            blocks[-1][1] += m
            blocks[-1][3] = b
    out: list[tuple[float, float]] = []
    for r, m, a, b in blocks:
        for k in range(int(a), int(b) + 1):
            out.append((bins[k][0], round(r / m, 4)))
    return out


@lru_cache(maxsize=1)
def packaged_calibration() -> Calibration:
    """The map in ``data/calibration.json`` (identity when the file has no points)."""
    text = resources.files("eventcoder.data").joinpath("calibration.json").read_text("utf-8")
    data = json.loads(text)
    return Calibration(tuple((float(x), float(y)) for x, y in data.get("points", [])))
