"""Fit the confidence calibration on the dev halves and write src/eventcoder/data/calibration.json.

    python tools/calibrate.py [--shared ../shared] [--write]

Runs the pipeline with raw rule scores (``Settings(calibrated_confidence=False,
min_confidence=0)``) over the dev half of every gold set in ``shared/eval`` (the test
halves are never read), pools the confidence bins of the evaluator's report over the sets
(records, and how many of them were paired with a gold event), fits a monotone map with
pool-adjacent-violators and prints it; ``--write`` stores it. See
src/eventcoder/stages/calibration.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

from eventcoder.eval.evaluate import evaluate_paths
from eventcoder.pipeline import Pipeline
from eventcoder.settings import Settings
from eventcoder.stages.calibration import pool_adjacent_violators

OUT = Path(__file__).resolve().parent.parent / "src" / "eventcoder" / "data" / "calibration.json"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--write", action="store_true", help=f"write {OUT.name}")
    args = ap.parse_args()
    pipe = Pipeline(Settings(calibrated_confidence=False, min_confidence=0.0))
    report = evaluate_paths([str(args.shared / "eval")], pipe, half="dev")
    pooled: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    used = []
    for name, rep in sorted(report["files"].items()):
        bins = rep.get("halves", {}).get("dev", {}).get("confidence", {}).get("calibration", [])
        if bins:
            used.append(name)
        for b in bins:
            pooled[round(b["low"] + 0.05, 2)][0] += b["records"]
            pooled[round(b["low"] + 0.05, 2)][1] += b["paired"]
    bins3 = [(score, n, right) for score, (n, right) in sorted(pooled.items())]
    points = pool_adjacent_violators(bins3)
    print("score  records  right  raw-precision  calibrated")
    for (score, n, right), (_s, cal) in zip(bins3, points, strict=True):
        print(f"{score:5.2f}  {n:7d}  {right:5d}  {right / n:13.3f}  {cal:10.3f}")
    if args.write:
        OUT.write_text(json.dumps({
            "_about": "Confidence calibration (src/eventcoder/stages/calibration.py): rule score "
                      "-> share of records paired with a gold event on the dev halves. Written "
                      "by tools/calibrate.py; do not edit by hand.",
            "fitted_on": [f"{n}@dev" for n in used],
            "fitted": dt.date.today().isoformat(),
            "bins": [{"score": s, "records": n, "right": r} for s, n, r in bins3],
            "points": [[s, c] for s, c in points],
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
