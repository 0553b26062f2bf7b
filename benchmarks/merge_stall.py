"""How long a reader waits while an incremental merge runs in another process.

Builds a store of ``--size`` synthetic mentions (benchmarks/merge_scale.py), merged but
for the latest ``--new`` of them, then merges those in a child process, either holding
the write lock throughout (``Store.merge_new`` on one read-write connection, as before)
or as ``ingest`` does now (``merge_file``: plan read-only, cluster with the file closed,
write in one short transaction). Meanwhile this process reads 100 events in a loop
(``Store.open(read_only=True)`` + a query + close) and reports the longest read.

    .venv/bin/python benchmarks/merge_stall.py --size 100000 --new 1000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from merge_scale import synthetic_events  # noqa: E402

from eventcoder.store.database import (  # noqa: E402
    MENTION_COLUMNS,
    Store,
    _insert_json,
    _mention_row,
    merge_file,
)

READ = "SELECT record FROM events ORDER BY event_date DESC, event_id LIMIT 100"


def build(path: Path, size: int, new: int) -> None:
    events = synthetic_events(size)[:size]
    events.sort(key=lambda e: (e.event_date or "", e.event_id))
    rows = [_mention_row(e.article_ids[0], e) for e in events]
    with Store.open(path) as s:
        for i in range(0, len(rows) - new, 20_000):
            _insert_json(s.conn, "mentions", MENTION_COLUMNS, rows[i : min(i + 20_000,
                                                                           len(rows) - new)])
        s.remerge()
        _insert_json(s.conn, "mentions", MENTION_COLUMNS, rows[len(rows) - new :])


def child(path: str, how: str) -> None:
    if how == "locked":
        with Store.open(path) as s:
            s.merge_new()
    else:
        merge_file(path)


def measure(path: Path, how: str) -> dict[str, float]:
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(path), how])
    t0 = time.monotonic()
    worst, reads = 0.0, 0
    while proc.poll() is None and time.monotonic() - t0 < 300:
        r0 = time.monotonic()
        with Store.open(path, read_only=True, wait=120) as s:
            s.conn.execute(READ).fetchall()
        worst = max(worst, time.monotonic() - r0)
        reads += 1
        time.sleep(0.01)
    proc.wait(timeout=60)
    return {"merge_s": round(time.monotonic() - t0, 2), "reads": reads,
            "longest_read_s": round(worst, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--db", type=Path, default=Path("out/merge_stall.duckdb"))
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    for how in ("locked", "merge_file"):
        args.db.unlink(missing_ok=True)
        args.db.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.monotonic()
        build(args.db, args.size, args.new)
        built = time.monotonic() - t0
        print(json.dumps({"how": how, "size": args.size, "new": args.new,
                          "build_s": round(built, 1), **measure(args.db, how)}), flush=True)
    args.db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
