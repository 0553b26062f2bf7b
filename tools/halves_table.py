"""Print the headline figures of an `eventcoder evaluate --report` JSON on the whole of
each gold file, its dev half, its test half, and the gap (dev - test), as Markdown (for
docs/accuracy.md; the same figures as the "Held-out halves" table of `eventcoder
evaluate`).

    eventcoder evaluate ../shared/eval --report out/accuracy.json
    python tools/halves_table.py out/accuracy.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from eventcoder.eval.evaluate import headline_figures


def _f(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def rows(report: dict[str, Any]) -> list[str]:
    lines = ["| file | figure | all | dev | test | gap |", "|---|---|---|---|---|---|"]
    for name, rep in sorted(report.get("files", {}).items()):
        halves = rep.get("halves", {})
        dev, test = (dict(headline_figures(halves.get(h, {}))) for h in ("dev", "test"))
        counts = f"{rep.get('docs', 0)} | {halves.get('dev', {}).get('docs', 0)} | " \
                 f"{halves.get('test', {}).get('docs', 0)}"
        lines.append(f"| {name} | documents | {counts} |  |")
        for label, value in headline_figures(rep):
            d, t = dev.get(label), test.get(label)
            gap = "-" if d is None or t is None else f"{d - t:+.3f}"
            lines.append(f"|  | {label} | {_f(value)} | {_f(d)} | {_f(t)} | {gap} |")
    return lines


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/halves_table.py REPORT.json")
    print("\n".join(rows(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))))
