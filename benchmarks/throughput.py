"""Throughput and peak memory of ``eventcoder extract`` beside spaCy's own pipeline.

    python benchmarks/throughput.py --shared ../shared [--limit N] [--workers 1,2] [--json OUT]

The corpus is ``<shared>/corpus/*.jsonl`` when present, else ``examples/*.jsonl`` repeated
(``--corpus`` names files or folders instead). Each configuration runs in a fresh
subprocess so that its peak memory (``resource.getrusage`` ``ru_maxrss``, which sees
spaCy's native allocations, unlike tracemalloc) is its own:

- ``spacy_xN``: spaCy's stock pipeline alone (``spacy.load``, every component, every
  sentence), ``nlp.pipe`` over the same texts with ``n_process=N``;
- ``extract_xN``: the whole eventcoder pipeline, ``N`` worker processes
  (``eventcoder.batch.parallel.process_parallel`` for N > 1; in-process ``Pipeline.process``
  for N = 1);
- ``extract_full_xN`` (with ``--full-parse``): the same with ``Settings.full_parse``, the
  model reading every sentence.

Load time (model, gazetteer, dictionaries) is reported apart from run time for spaCy and
for one worker; with N > 1 workers the workers load their own pipelines inside the run,
so their run time includes that load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _peak_mb(who: int) -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(who).ru_maxrss / scale


# ---------------------------------------------------------------- child: one configuration


def time_stages(pipe: Any) -> dict[str, float]:
    """Wrap the pipeline's stages (clean, geoparse, each stage, assemble) with timers."""
    spent: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        spent[name] = 0.0

        def call(wd: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(wd)
            finally:
                spent[name] += time.perf_counter() - t

        return call

    pipe.cleaner = timed("clean", pipe.cleaner)
    pipe.geoparser = timed("geoparse", pipe.geoparser)
    pipe.stages = [(name, timed(name, stage)) for name, stage in pipe.stages]
    pipe.assembler = timed("assemble", pipe.assembler)
    return spent


def run_child(config: str, input_path: Path) -> dict[str, Any]:
    from eventcoder.inputs.readers import read_inputs
    from eventcoder.model import Article
    from eventcoder.settings import Settings

    settings = Settings(full_parse=config.startswith("extract_full"))
    articles = [a for a in read_inputs([str(input_path)]) if isinstance(a, Article)]
    texts = [a.text for a in articles]
    events = 0
    stage_s: dict[str, float] = {}
    t0 = time.perf_counter()
    if config.startswith("spacy"):
        import spacy

        # the stock pipeline, as spaCy ships it (no eventcoder component), every sentence
        nlp = spacy.load(settings.spacy_model)
        procs = int(config.rsplit("x", 1)[1]) if "_x" in config else 1
        t1 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=settings.batch_size, n_process=procs):
            pass
    else:
        workers = int(config.rsplit("x", 1)[1])
        if workers == 1:
            from eventcoder.pipeline import Pipeline

            pipe = Pipeline(settings)
            stage_s = time_stages(pipe)
            t1 = time.perf_counter()
            results = pipe.process(articles)
        else:
            from eventcoder.batch.parallel import process_parallel

            t1 = time.perf_counter()
            results = process_parallel(articles, settings, workers)
        for r in results:
            events += len(r.events)
    t2 = time.perf_counter()
    if stage_s:  # what is left of the run is spaCy (nlp.pipe) and the generator plumbing
        stage_s["annotate (spaCy)"] = (t2 - t1) - sum(stage_s.values())
    return {
        "config": config,
        "articles": len(articles),
        "words": sum(len(t.split()) for t in texts),
        "chars": sum(len(t) for t in texts),
        "events": events,
        "load_s": round(t1 - t0, 3),
        "run_s": round(t2 - t1, 3),
        "peak_rss_mb": round(_peak_mb(resource.RUSAGE_SELF), 1),
        "worker_peak_rss_mb": round(_peak_mb(resource.RUSAGE_CHILDREN), 1),
        "stages_s": {k: round(v, 3) for k, v in stage_s.items()},
    }


# ---------------------------------------------------------------- parent: corpus and table


def corpus_files(args: argparse.Namespace) -> tuple[list[Path], bool]:
    """The corpus files, and whether they are the small examples (to be repeated)."""
    if args.corpus:
        out: list[Path] = []
        for p in map(Path, args.corpus):
            out += sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
        return out, False
    shared = sorted((Path(args.shared) / "corpus").glob("*.jsonl"))
    if shared:
        return shared, False
    return sorted((ROOT / "examples").glob("*.jsonl")), True


def load_corpus(args: argparse.Namespace) -> tuple[list[dict[str, Any]], str]:
    from eventcoder.inputs.readers import read_inputs
    from eventcoder.model import Article

    files, small = corpus_files(args)
    if not files:
        sys.exit("throughput: no corpus found (give --corpus or --shared)")
    arts = [a for a in read_inputs([str(f) for f in files]) if isinstance(a, Article)]
    if not arts:
        sys.exit("throughput: the corpus has no readable articles")
    recs = [
        {"id": a.id, "text": a.text, "title": a.title,
         "published": a.published.isoformat() if a.published else None}
        for a in arts
    ]
    if small:  # repeat the examples up to the limit (or 50 articles)
        want = args.limit or 50
        recs = [dict(recs[i % len(recs)], id=f"{recs[i % len(recs)]['id']}-{i}")
                for i in range(want)]
    if args.limit:
        recs = recs[: args.limit]
    what = ", ".join(str(f) for f in files) + (" (repeated)" if small else "")
    return recs, what


def measure(config: str, input_path: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", config,
           "--input", str(input_path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        sys.exit(f"throughput: {config} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def total_mb(r: dict[str, Any]) -> float:
    """Parent peak plus N times the largest worker's peak (an upper estimate for N > 1)."""
    workers = int(r["config"].rsplit("x", 1)[1]) if "_x" in r["config"] else 1
    if workers == 1:
        return float(r["peak_rss_mb"])
    return float(r["peak_rss_mb"] + workers * r["worker_peak_rss_mb"])


def table(results: list[dict[str, Any]]) -> str:
    head = ["config", "articles", "words", "events", "load s", "run s", "articles/s",
            "words/s", "peak RSS MB", "worker peak MB", "est. total MB"]
    rows = [head]
    for r in results:
        run_s = r["run_s"] or float("nan")
        rows.append([
            r["config"], str(r["articles"]), str(r["words"]),
            "-" if r["config"].startswith("spacy") else str(r["events"]),
            f"{r['load_s']:.1f}" if r["load_s"] > 0.05 else "(in run)",
            f"{r['run_s']:.1f}", f"{r['articles'] / run_s:.2f}", f"{r['words'] / run_s:.0f}",
            f"{r['peak_rss_mb']:.0f}",
            f"{r['worker_peak_rss_mb']:.0f}" if r["worker_peak_rss_mb"] else "-",
            f"{total_mb(r):.0f}",
        ])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder")
    p.add_argument("--corpus", nargs="+", metavar="PATH", help="JSONL files or folders")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="first N articles only")
    p.add_argument("--workers", default="1,2", help="worker counts for extract (default 1,2)")
    p.add_argument("--no-spacy", action="store_true", help="skip the spaCy-alone baseline")
    p.add_argument("--full-parse", action="store_true",
                   help="also run extract with Settings.full_parse (every sentence read)")
    p.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--input", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(args.child, Path(args.input))))
        return 0
    recs, what = load_corpus(args)
    configs = []
    for n in (int(n) for n in args.workers.split(",") if n.strip()):
        configs += ([] if args.no_spacy else [f"spacy_x{n}"]) + [f"extract_x{n}"]
        configs += [f"extract_full_x{n}"] if args.full_parse else []
    print(f"corpus: {what}: {len(recs)} articles", file=sys.stderr)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        for config in configs:
            print(f"running {config} ...", file=sys.stderr)
            results.append(measure(config, path))
    for r in results:
        r["est_total_mb"] = round(total_mb(r), 1)
    print(table(results))
    by = {r["config"]: r for r in results}
    for r in results:
        base = by.get(r["config"].replace("extract_full", "spacy").replace("extract", "spacy"))
        if r["config"].startswith("extract") and base and r["run_s"]:
            print(f"{r['config']}: {base['run_s'] / r['run_s']:.2f}x the throughput of "
                  f"{base['config']} (spaCy's full pipeline alone, same processes)")
    one, two = by.get("extract_x1"), by.get("extract_x2")
    if one and two and two["run_s"]:
        print(f"extract_x2: {one['run_s'] / two['run_s']:.2f}x extract_x1")
    for r in results:
        if r.get("stages_s"):
            total = sum(r["stages_s"].values()) or 1.0
            print(f"\n{r['config']}: where the run time goes")
            for name, sec in sorted(r["stages_s"].items(), key=lambda kv: -kv[1]):
                print(f"  {name:<18} {sec:7.2f} s  {100 * sec / total:5.1f}%")
    if args.json:
        meta = {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "corpus": what,
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "python": platform.python_version(),
            "machine": platform.machine(),
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
