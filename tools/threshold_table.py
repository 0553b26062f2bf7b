"""Print events precision / recall / F1 by confidence threshold, on the dev halves and the
test halves of an `eventcoder evaluate --report` JSON, as Markdown (for docs/accuracy.md).

    eventcoder evaluate ../shared/eval --report out/accuracy.json
    python tools/threshold_table.py out/accuracy.json

Each row keeps only the records with confidence >= t and pairs them with the gold again
(the pairing of the main score); t = 0.3 is the default `min_confidence`, so its row is the
main score. A second table gives the calibration: per confidence bin, the records and the
share of them the main pairing paired with a gold event (empirical precision).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HALVES = ("dev", "test")


def _f(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def threshold_rows(report: dict[str, Any]) -> list[str]:
    """Markdown rows: file, t, then P / R / F1 and records kept on each half."""
    lines = ["| file | t | dev P | dev R | dev F1 | dev kept | test P | test R | test F1 "
             "| test kept |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, rep in sorted(report.get("files", {}).items()):
        halves = rep.get("halves", {})
        tables = {h: halves.get(h, {}).get("confidence", {}).get("thresholds", {})
                  for h in HALVES}
        ts = sorted(set(tables["dev"]) | set(tables["test"]), key=float)
        for n, t in enumerate(ts):
            cells = []
            for h in HALVES:
                row = tables[h].get(t)
                cells += ([_f(row["precision"]), _f(row["recall"]), _f(row["f1"]),
                           str(row["predicted"])] if row else ["-"] * 4)
            lines.append(f"| {name if n == 0 else ''} | >= {t} | " + " | ".join(cells) + " |")
    return lines


def calibration_rows(report: dict[str, Any]) -> list[str]:
    """Markdown rows: file, bin, then records and paired share on each half."""
    lines = ["| file | confidence | dev records | dev paired share | test records "
             "| test paired share |", "|---|---|---|---|---|---|"]
    for name, rep in sorted(report.get("files", {}).items()):
        halves = rep.get("halves", {})
        bins = {h: {c["bin"]: c for c in halves.get(h, {}).get("confidence", {})
                    .get("calibration", [])} for h in HALVES}
        keys = sorted(set(bins["dev"]) | set(bins["test"]))
        for n, b in enumerate(keys):
            cells = []
            for h in HALVES:
                c = bins[h].get(b)
                cells += [str(c["records"]), _f(c["precision"])] if c else ["0", "-"]
            lines.append(f"| {name if n == 0 else ''} | {b} | " + " | ".join(cells) + " |")
    return lines


def main(path: str) -> None:
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    print("\n".join(threshold_rows(report)))
    print()
    print("\n".join(calibration_rows(report)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/threshold_table.py REPORT.json")
    main(sys.argv[1])
