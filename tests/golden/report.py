"""Run the pipeline over golden cases and print every failure with its reason.

    python tests/golden/report.py                      # every file in tests/golden/
    python tests/golden/report.py tests/golden/x.jsonl --category claims
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import case_files, load_cases, pass_rate, problems  # noqa: E402

from eventcoder import Article, Pipeline, Settings  # noqa: E402
from eventcoder.inputs.readers import parse_date  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--category", help="only cases of this category")
    ap.add_argument("--verbose", "-v", action="store_true", help="print the records too")
    args = ap.parse_args()
    pipe = Pipeline(Settings())
    for path in args.files or case_files():
        cases = [c for c in load_cases(path) if not args.category or c.category == args.category]
        arts = [Article(c.id, c.text, c.title,
                        parse_date(c.published, "published") if c.published else None)
                for c in cases]
        ok = []
        for case, result in zip(cases, pipe.process(arts), strict=True):
            records = [e.to_dict() for e in result.events]
            why = problems(case, records)
            ok.append(not why)
            if why:
                print(f"FAIL {path.name} {case.id} [{case.category}]")
                for line in why:
                    print(f"     {line}")
            if args.verbose or why:
                for r in records:
                    a1, a2, loc = r["actor1"], r["actor2"], r["location"]
                    print(f"       - {r['event_date']} bg={r['background']} "
                          f"{r['sub_event_type'] or r['plover_type']} "
                          f"a1={a1 and a1['name']} a2={a2 and a2['name']} "
                          f"loc={loc and loc['name']} k={r['fatalities']} inj={r['injured']}")
        print(f"{path.name}: {sum(ok)}/{len(ok)} pass ({pass_rate(ok):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
