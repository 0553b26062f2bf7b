"""kill -9 during ingest and during merge, ``--kills`` times each: is anything lost or doubled?

The articles and the fake pipeline are the server tests' (tests/_serve_seed.py: one event
per article, parsed from its text; nearby ones merge). A clean single ``ingest`` of all
``--articles`` gives the reference. Then, on another file:

1. ``--kills`` times: a child process ingests every article one per transaction (a short
   pause per article) and is sent SIGKILL at a random moment after it stored its first
   one. After each kill the store must hold whole articles only (one mention each) and
   no fewer than before.
2. A resumed ingest stores the rest and merges.
3. ``--kills`` times: events of the latest ``--unmerge-days`` are deleted (as if their
   mentions were new), and a child merges (``merge_file``, as ``ingest`` does) and is
   killed: in turn while clustering, inside the write transaction after the old events
   were deleted (both held there until killed), and at a random moment of a merge left
   to run. After each kill the events must be those before the merge, or those after it.
4. A resumed ingest merges; the events (ids, mention ids, records) must equal the clean
   run's, every mention in exactly one event, every article once.

Prints one JSON line per phase and a summary; exits 1 if anything was lost or doubled.

    .venv/bin/python benchmarks/kill_ingest.py --kills 20
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _serve_seed import FakePipeline, articles  # noqa: E402
from eventcoder.model import Article, ArticleResult  # noqa: E402
from eventcoder.store import database  # noqa: E402
from eventcoder.store.database import Store, merge_file  # noqa: E402
from eventcoder.store.ingest import ingest  # noqa: E402

EVENTS = "SELECT event_id, mention_ids, CAST(record AS VARCHAR) FROM events ORDER BY 1"


class SlowPipeline(FakePipeline):
    def process(self, items: Iterable[Article]) -> Iterator[ArticleResult]:
        for r in super().process(items):
            time.sleep(0.01)
            yield r


def child(db: str, n: int, mode: str) -> None:
    """``ingest``: store ``n`` articles one per transaction, printing each id. ``compute`` /
    ``write``: merge, printing MERGING and stalling at that point; ``merge``: merge."""
    if mode == "ingest":
        ingest(db, articles(n), SlowPipeline(), batch_size=1,
               on_article=lambda aid: print(aid, flush=True))
        return

    def stall() -> None:
        print("MERGING", flush=True)
        time.sleep(120)

    real_merge, real_insert = database.merge_events, database._insert_json

    def merge_events(*args: Any, **kw: Any) -> Any:
        if mode == "compute":
            stall()
        return real_merge(*args, **kw)

    def insert_json(c: Any, table: str, *args: Any, **kw: Any) -> None:
        if table == "events" and mode == "write":
            stall()
        real_insert(c, table, *args, **kw)

    database.merge_events = merge_events  # type: ignore[assignment]
    database._insert_json = insert_json  # type: ignore[assignment]
    if mode == "merge":
        print("MERGING", flush=True)
    merge_file(db)


def run_child(db: Path, n: int, mode: str, rng: random.Random) -> list[str]:
    """Start a child, SIGKILL it (after its first line, at a random moment, or as soon as
    it says MERGING for a stalled merge); returns its lines."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(db), str(n), mode],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    lines = [proc.stdout.readline().strip()]
    if mode == "ingest":
        time.sleep(rng.uniform(0.0, 0.15))
    elif mode == "merge":
        time.sleep(rng.uniform(0.0, 0.3))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    lines += [x.strip() for x in proc.stdout.read().splitlines()]
    proc.stdout.close()
    return [x for x in lines if x]


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with Store.open(db, read_only=True) as s:
        return [tuple(r) for r in s.conn.execute(sql).fetchall()]


def unmerge(db: Path, days: int) -> None:
    with Store.open(db) as s:
        s.conn.execute("DELETE FROM events WHERE event_date >="
                       f" (SELECT max(event_date) - INTERVAL {days} DAY FROM events)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=20, help="kills during ingest, and as many"
                    " during merge")
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--unmerge-days", type=int, default=120)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return 0
    rng = random.Random(args.seed)
    n = args.articles
    problems: list[str] = []
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        clean, db = Path(tmp) / "clean.duckdb", Path(tmp) / "db.duckdb"
        ingest(clean, articles(n), FakePipeline())
        reference = rows(clean, EVENTS)

        stored, ingest_kills = 0, 0
        for i in range(args.kills):
            run_child(db, n, "ingest", rng)
            ingest_kills += 1
            got = rows(db, "SELECT (SELECT count(*) FROM articles),"
                           " (SELECT count(DISTINCT id) FROM articles),"
                           " (SELECT count(*) FROM mentions),"
                           " (SELECT count(DISTINCT event_id) FROM mentions)")[0]
            if len(set(got)) != 1:  # an article without its mention, or one twice
                problems.append(f"ingest kill {i + 1}: articles, distinct, mentions,"
                                f" distinct: {got}")
            if got[0] < stored:
                problems.append(f"ingest kill {i + 1}: articles fell from {stored} to {got[0]}")
            stored = got[0]
        print(json.dumps({"phase": "ingest", "kills": ingest_kills,
                          "articles_stored_when_killed_last": stored, "of": n}), flush=True)
        ingest(db, articles(n), FakePipeline())

        merge_kills, outcomes = 0, {"before": 0, "after": 0}
        modes = ("compute", "write", "merge")
        for i in range(args.kills):
            unmerge(db, args.unmerge_days)
            before = rows(db, EVENTS)
            mode = modes[i % 3]
            lines = run_child(db, n, mode, rng)
            merge_kills += 1
            now = rows(db, EVENTS)
            if now == before:
                outcomes["before"] += 1
            elif now == reference:
                outcomes["after"] += 1
            else:
                problems.append(f"merge kill {i + 1} ({mode}, {lines[-1:]}): events are"
                                f" neither those before the merge nor after it")
            if mode != "merge" and now != before:
                problems.append(f"merge kill {i + 1} ({mode}): the killed merge left a trace")
        print(json.dumps({"phase": "merge", "kills": merge_kills,
                          "events_as_before": outcomes["before"],
                          "events_as_after": outcomes["after"]}), flush=True)

        report = ingest(db, articles(n), FakePipeline())
        final = rows(db, EVENTS)
        counts = rows(db, "SELECT (SELECT count(*) FROM articles),"
                          " (SELECT count(DISTINCT id) FROM articles),"
                          " (SELECT count(*) FROM mentions),"
                          " (SELECT coalesce(sum(len(mention_ids)), 0) FROM events),"
                          " (SELECT count(DISTINCT m) FROM events, unnest(mention_ids) AS u(m))")
        articles_n, distinct, mentions_n, in_events, distinct_in = counts[0]
        lost = n - distinct
        doubled = (articles_n - distinct) + (in_events - distinct_in)
        if final != reference:
            problems.append("the resumed store's events differ from a clean run's")
        if report.new != 0 or mentions_n != n or in_events != n or lost or doubled:
            problems.append(f"articles {articles_n} ({distinct} distinct), mentions"
                            f" {mentions_n}, in events {in_events} ({distinct_in} distinct)")
    summary = {"kills_during_ingest": ingest_kills, "kills_during_merge": merge_kills,
               "articles": n, "records_lost": lost, "records_doubled": doubled,
               "events_equal_clean_run": final == reference, "problems": problems,
               "seconds": round(time.monotonic() - t0, 1)}
    print(json.dumps(summary), flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
