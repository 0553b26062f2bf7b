"""Print the per-file scores of an `eventcoder evaluate --report` JSON as a Markdown table.

    eventcoder evaluate ../shared/eval --report out/accuracy.json
    python tools/accuracy_table.py out/accuracy.json
"""

from __future__ import annotations

import json
import sys

from eventcoder.eval.evaluate import flat_metrics


def main(path: str) -> None:
    metrics = flat_metrics(json.loads(open(path, encoding="utf-8").read()))
    print("| file | metric | paired accuracy (or value) | end to end |")
    print("|---|---|---|---|")
    for name in sorted(metrics):
        if name == "overall":
            continue
        rows = metrics[name]
        fields = sorted({k.split(".")[1] for k in rows if k.startswith("fields.")})
        first = True

        def row(metric: str, value: str, e2e: str = "", label: str = name) -> None:
            nonlocal first
            print(f"| {label if first else ''} | {metric} | {value} | {e2e} |")
            first = False

        if "events.f1" in rows:
            row("events P / R / F1", " / ".join(f"{rows[f'events.{k}']:.3f}"
                                                  for k in ("precision", "recall", "f1")))
        for key in ("accuracy", "macro_f1", "weighted_f1", "type_accuracy"):
            if f"document.{key}" in rows:
                row(f"document label {key.replace('_', ' ')}", f"{rows[f'document.{key}']:.3f}")
        for f in fields:
            row(f, f"{rows[f'fields.{f}.accuracy']:.3f}", f"{rows[f'fields.{f}.recall']:.3f}")
        for key in ("precision", "recall", "f1", "acc161", "acc161_found"):
            if f"toponyms.{key}" in rows:
                row(f"toponyms {key}", f"{rows[f'toponyms.{key}']:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
