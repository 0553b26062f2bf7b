"""The Spark job's throughput and overhead against the single-machine path, same articles.

    python benchmarks/spark_throughput.py --shared ../shared [--limit 60]
        [--masters local[1],local[2]]

Runs, in this order and on the first ``--limit`` articles of the corpus
(``<shared>/corpus/*.jsonl``, or ``--corpus FILE``):

- ``single``: ``Pipeline(settings)`` built (load time reported apart), then
  ``Pipeline.process`` over the articles in this process: the work itself;
- ``spark <master>``: ``eventcoder batch`` as a library call: SparkSession start, then
  ``run_job`` (read, map with one pipeline per Python worker, Parquet write, merge stage).

Overhead = Spark wall time (session start + job) with ``local[1]`` minus the single-machine
wall time (load + process + ``merge_events``): what Spark adds for the same work on one core.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _corpus(args: argparse.Namespace) -> Path:
    if args.corpus:
        return Path(args.corpus)
    files = sorted((Path(args.shared) / "corpus").glob("*.jsonl"))
    if not files:
        sys.exit(f"no corpus under {args.shared}/corpus; pass --corpus FILE")
    return files[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpus", help="a JSON Lines file of articles")
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--masters", default="local[1],local[2]")
    ap.add_argument("--json", help="write the results here too")
    args = ap.parse_args()

    from eventcoder.inputs.readers import read_inputs
    from eventcoder.model import Article
    from eventcoder.settings import Settings

    lines = _corpus(args).read_text(encoding="utf-8").splitlines()[: args.limit]
    tmp = Path(tempfile.mkdtemp(prefix="ec-spark-bench-"))
    src = tmp / "articles.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = [a for a in read_inputs([src]) if isinstance(a, Article)]
    words = sum(len(a.text.split()) for a in articles)
    settings = Settings()
    results: dict[str, Any] = {"articles": len(articles), "words": words}

    from eventcoder.pipeline import Pipeline

    t0 = time.perf_counter()
    pipe = Pipeline(settings)
    t1 = time.perf_counter()
    events = [e for r in pipe.process(articles) for e in r.events]
    t2 = time.perf_counter()
    from eventcoder.store.merge import merge_events

    n_merged = len(merge_events(events))
    t3 = time.perf_counter()
    results["single"] = {"load_s": round(t1 - t0, 2), "run_s": round(t2 - t1, 2),
                         "merge_s": round(t3 - t2, 2), "events": len(events),
                         "merged": n_merged,
                         "articles_per_s": round(len(articles) / (t2 - t1), 2)}
    print(f"single: load {t1 - t0:.1f} s, run {t2 - t1:.1f} s, merge {t3 - t2:.1f} s, "
          f"{len(events)} events ({n_merged} merged), "
          f"{len(articles) / (t2 - t1):.2f} articles/s, {words / (t2 - t1):.0f} words/s")

    from eventcoder.batch.spark_job import run_job, spark_session

    for i, master in enumerate(args.masters.split(",")):
        t0 = time.perf_counter()
        spark = spark_session(master, app="eventcoder-bench")
        spark.sparkContext.setLogLevel("ERROR")
        t1 = time.perf_counter()
        report = run_job(spark, [str(src)], str(tmp / f"out-{i}"), settings)
        t2 = time.perf_counter()
        spark.stop()
        results[f"spark {master}"] = {"start_s": round(t1 - t0, 2), "job_s": round(t2 - t1, 2),
                                      "events": report.events, "merged": report.merged,
                                      "articles_per_s": round(len(articles) / (t2 - t0), 2)}
        print(f"spark {master}: session {t1 - t0:.1f} s, job {t2 - t1:.1f} s, "
              f"{report.events} events ({report.merged} merged), "
              f"{len(articles) / (t2 - t0):.2f} articles/s overall")
    single = sum(results["single"][k] for k in ("load_s", "run_s", "merge_s"))
    one = results.get("spark local[1]")
    if one:
        over = one["start_s"] + one["job_s"] - single
        results["overhead_s"] = round(over, 1)
        print(f"overhead of Spark local[1] over the single-machine path: {over:.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
