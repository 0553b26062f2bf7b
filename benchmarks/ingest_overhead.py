"""Ingest throughput with the database versus extract alone, on the same articles.

    python benchmarks/ingest_overhead.py --shared ../shared --limit 100 --repeat 3

Runs, in one process with the pipeline loaded once, ``Pipeline.process`` over the articles
(extract alone) and ``store.ingest`` into a fresh DuckDB file (extract + store + merge),
alternating, ``--repeat`` times; prints each pair and the median overhead in percent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from eventcoder.inputs.readers import read_inputs
from eventcoder.model import Article
from eventcoder.pipeline import get_pipeline
from eventcoder.store.ingest import ingest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared", help="the shared folder (corpus/)")
    ap.add_argument("--corpus", nargs="*", help="JSONL files or folders (default: shared corpus)")
    ap.add_argument("--limit", type=int, default=100, help="articles to use")
    ap.add_argument("--repeat", type=int, default=3, help="alternating extract/ingest pairs")
    ap.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    args = ap.parse_args(argv)

    sources = args.corpus or [str(Path(args.shared) / "corpus")]
    articles = [a for a in read_inputs(sources) if isinstance(a, Article)][: args.limit]
    if not articles:
        print(f"no articles found in {sources}", file=sys.stderr)
        return 1
    pipe = get_pipeline()
    list(pipe.process(articles[:5]))  # warm up: model and gazetteer caches
    pairs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_events = sum(len(r.events) for r in pipe.process(articles))
        extract_s = time.perf_counter() - t0
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            report = ingest(Path(tmp) / "bench.duckdb", articles, pipe)
            ingest_s = time.perf_counter() - t0
        overhead = 100 * (ingest_s - extract_s) / extract_s
        pairs.append({"extract_s": extract_s, "ingest_s": ingest_s, "overhead_pct": overhead,
                      "events": n_events, "merged_events": report.events})
        print(f"extract {extract_s:6.2f} s   ingest {ingest_s:6.2f} s   overhead {overhead:+5.1f}%"
              f"   ({len(articles)} articles, {n_events} event records)")
    median = statistics.median(p["overhead_pct"] for p in pairs)
    print(f"median overhead of ingest over extract: {median:+.1f}%")
    if args.json:
        Path(args.json).write_text(json.dumps({"articles": len(articles), "pairs": pairs,
                                               "median_overhead_pct": median}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
