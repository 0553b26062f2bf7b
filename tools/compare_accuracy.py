"""Compare two ``eventcoder evaluate --report`` files figure by figure.

    python tools/compare_accuracy.py out/accuracy_full.json out/accuracy.json

Prints a Markdown table of every figure (per gold file, ``overall`` left out) that differs,
then how many figures there are and the largest drop from the first report to the second.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eventcoder.eval.evaluate import flat_metrics


def main(first: str, second: str) -> int:
    a = flat_metrics(json.loads(Path(first).read_text()))
    b = flat_metrics(json.loads(Path(second).read_text()))
    print(f"| file | figure | {Path(first).name} | {Path(second).name} | change |")
    print("|---|---|---|---|---|")
    worst, count = 0.0, 0
    for ds in sorted(a):
        for name in sorted(a[ds]):
            x, y = a[ds][name], b.get(ds, {}).get(name)
            if y is None:
                sys.exit(f"compare_accuracy: {second} lacks {ds} {name}")
            count += 1
            worst = min(worst, y - x)
            if abs(y - x) > 1e-9 and ds != "overall":
                print(f"| {ds} | {name} | {x:.4f} | {y:.4f} | {y - x:+.4f} |")
    print(f"\n{count} figures (overall included); largest drop {worst:+.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
