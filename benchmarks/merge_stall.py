"""How long a reader waits while an incremental merge runs in another process.

Builds a store of ``--size`` synthetic mentions (benchmarks/merge_scale.py), merged but
for the latest ``--new`` of them, then merges those in a child process, either holding
the write lock throughout (``Store.merge_new`` on one read-write connection, as before)
or as ``ingest`` does now (``merge_file``: plan read-only, cluster with the file closed,
write in one short transaction). Meanwhile this process reads 100 events in a loop
(``Store.open(read_only=True)`` + a query + close) and reports the longest read.

``--server`` measures what clients of ``eventcoder serve`` see instead: the server runs
on the store (127.0.0.1, a free port), and while ``merge_file`` runs in a child, one
client asks again and again for a page it asked for before the merge
(``/api/events?limit=100``) and another for pages never asked before (a new ``offset``
each time); it reports the longest answer of each, and, for reference, the longest of
each in ``--quiet`` seconds of the same loops before the merge starts (no merge: what a
read costs on the machine as it is).

    .venv/bin/python benchmarks/merge_stall.py --size 100000 --new 1000
    .venv/bin/python benchmarks/merge_stall.py --size 30000 --new 1000 --server
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

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


def measure_server(path: Path, quiet: float) -> dict[str, float]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    cli = [sys.executable, "-c",
           "import sys; from eventcoder.cli.main import main; sys.exit(main())"]
    server = subprocess.Popen([*cli, "serve", "--db", str(path), "--port", str(port),
                               "--log-level", "warning"])
    base = f"http://127.0.0.1:{port}/api/events?limit=100"
    try:
        with httpx.Client(timeout=60.0) as c:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if c.get(base).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.3)
            stop = threading.Event()
            merging = threading.Event()
            calm = {"asked_before": 0.0, "never_asked": 0.0}
            worst = {"asked_before": 0.0, "never_asked": 0.0}
            when = {"asked_before": 0.0, "never_asked": 0.0}
            count = {"asked_before": 0, "never_asked": 0}
            errors = [0]

            def loop(kind: str) -> None:
                with httpx.Client(timeout=60.0) as cc:
                    offset = 0
                    while not stop.is_set():
                        offset += 1
                        url = base if kind == "asked_before" else f"{base}&offset={offset}"
                        during = merging.is_set()
                        r0 = time.monotonic()
                        if cc.get(url).status_code != 200:
                            errors[0] += 1
                        if not during:
                            calm[kind] = max(calm[kind], time.monotonic() - r0)
                            continue
                        if time.monotonic() - r0 > worst[kind]:
                            worst[kind] = time.monotonic() - r0
                            when[kind] = r0 - t0
                        count[kind] += 1
                        time.sleep(0.01)

            threads = [threading.Thread(target=loop, args=(k,)) for k in worst]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            time.sleep(quiet)
            proc = subprocess.Popen([sys.executable, __file__, "--child", str(path),
                                     "merge_file"])
            t0 = time.monotonic()
            merging.set()
            proc.wait(timeout=300)
            took = time.monotonic() - t0
            time.sleep(0.5)  # and a moment after it: the first reads of the new state
            stop.set()
            for t in threads:
                t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"merge_s": round(took, 2), "reads_asked_before": count["asked_before"],
            "longest_asked_before_s": round(worst["asked_before"], 3),
            "asked_before_longest_began_at_s": round(when["asked_before"], 2),
            "reads_never_asked": count["never_asked"],
            "longest_never_asked_s": round(worst["never_asked"], 3),
            "never_asked_longest_began_at_s": round(when["never_asked"], 2),
            "no_merge_longest_asked_before_s": round(calm["asked_before"], 3),
            "no_merge_longest_never_asked_s": round(calm["never_asked"], 3), "errors": errors[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--db", type=Path, default=Path("out/merge_stall.duckdb"))
    ap.add_argument("--server", action="store_true", help="read through eventcoder serve")
    ap.add_argument("--quiet", type=float, default=3.0,
                    help="--server: seconds of reads before the merge starts (reference)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.server:
        args.db.unlink(missing_ok=True)
        args.db.parent.mkdir(parents=True, exist_ok=True)
        build(args.db, args.size, args.new)
        print(json.dumps({"how": "merge_file", "readers": "serve", "size": args.size,
                          "new": args.new, **measure_server(args.db, args.quiet)}), flush=True)
        args.db.unlink(missing_ok=True)
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
