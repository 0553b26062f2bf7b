"""Extract a corpus with and without ``Settings.full_parse`` and compare the records.

    python tools/compare_extracts.py ../shared/corpus/guardian_syria_2017_2019.jsonl [--workers 2]

Events are matched by article and trigger evidence; for matched events every record field
is compared (the event id and the free-text note left out, since they follow from the
rest). Prints the counts and how often each field differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any


def records(path: str, full_parse: bool, workers: int) -> list[dict[str, Any]]:
    from eventcoder.batch.parallel import process_parallel
    from eventcoder.inputs.readers import read_inputs
    from eventcoder.model import Article
    from eventcoder.settings import Settings

    articles = [a for a in read_inputs([path]) if isinstance(a, Article)]
    out = []
    for result in process_parallel(articles, Settings(full_parse=full_parse), workers):
        for event in result.events:
            d = event.to_dict()
            for key in ("event_id", "notes", "run"):
                d.pop(key, None)
            out.append(d)
    return out


def key(d: dict[str, Any]) -> tuple[str, str]:
    evidence = d.get("evidence", {})
    return json.dumps(d["article_ids"]), json.dumps(
        evidence.get("trigger") or evidence.get("event_type") or evidence.get("plover_type"),
        sort_keys=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", help="a JSONL file of articles")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    full = records(args.corpus, True, args.workers)
    scoped = records(args.corpus, False, args.workers)
    canon = Counter(json.dumps(d, sort_keys=True) for d in full)
    same = sum((canon & Counter(json.dumps(d, sort_keys=True) for d in scoped)).values())
    print(f"records: full parse {len(full)}, default {len(scoped)}; "
          f"identical {same} ({same / max(1, len(full)):.3f} of the full parse's)")
    by_full, by_scoped = {key(d): d for d in full}, {key(d): d for d in scoped}
    both = set(by_full) & set(by_scoped)
    print(f"events matched {len(both)}; only with full parse {len(set(by_full) - both)}; "
          f"only by default {len(set(by_scoped) - both)}")
    differ: Counter[str] = Counter()
    for k in both:
        a, b = by_full[k], by_scoped[k]
        for field in a:
            if field != "evidence" and json.dumps(a[field], sort_keys=True) != json.dumps(
                    b.get(field), sort_keys=True):
                differ[field] += 1
    for field, n in differ.most_common():
        print(f"  {field:<20} differs in {n:>5} of {len(both)} ({n / len(both):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
