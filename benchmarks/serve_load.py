"""Load on `eventcoder serve`: N concurrent clients on `/api/events?limit=100`.

Builds (once, reused) a store from the first ``--limit`` Guardian articles
(``$EVENTCODER_SHARED/corpus/guardian_syria_2017_2019.jsonl``) with ``eventcoder ingest``
into ``out/``, starts ``eventcoder serve`` on 127.0.0.1 (a free port, ``--workers``), and
drives it for ``--seconds`` per level with asyncio + httpx clients (each client its own
connection and ``AsyncClient``, as separate users are: one pool shared by 200 clients
cost the load generator 10 ms of CPU a request, five times the server's); prints
requests/s, p50, p99, the longest request, errors, and the CPU time a request cost the
server and the clients (on a machine shared with them, the first to run out of CPU sets
the figures). ``--writer`` runs each level again
with a merge looping in another process meanwhile (it deletes the events of the latest
60 days and merges their mentions again with ``merge_file``, as ``ingest`` does), so the
longest request shows the read stall a merge causes. Only 127.0.0.1 is contacted; every
loop is bounded.

    .venv/bin/python benchmarks/serve_load.py --levels 10 50 200 --seconds 15
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import ssl
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

CLI = [sys.executable, "-c", "import sys; from eventcoder.cli.main import main; sys.exit(main())"]


def build(db: Path, limit: int) -> None:
    if db.exists():
        return
    shared = Path(os.environ.get("EVENTCODER_SHARED", "../shared"))
    src = shared / "corpus" / "guardian_syria_2017_2019.jsonl"
    part = db.with_suffix(".jsonl")
    db.parent.mkdir(parents=True, exist_ok=True)
    with src.open(encoding="utf-8") as f, part.open("w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i >= limit:
                break
            out.write(line)
    subprocess.run([*CLI, "ingest", str(part), "--db", str(db), "--quiet"], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (Linux /proc), 0.0 if unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def level(url: str, clients: int, seconds: float,
                server_pid: int | None = None) -> dict[str, float]:
    times: list[float] = []
    errors = 0
    tls = ssl.create_default_context()  # one for all clients (each would load the CAs)
    pool = [httpx.AsyncClient(timeout=30.0, verify=tls,
                              limits=httpx.Limits(max_connections=1)) for _ in range(clients)]

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.monotonic() < end:
            t0 = time.monotonic()
            try:
                r = await client.get(url)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                times.append(time.monotonic() - t0)
            else:
                errors += 1

    mine, theirs = resource.getrusage(resource.RUSAGE_SELF), cpu_seconds(server_pid or 0)
    t0 = time.monotonic()
    end = t0 + seconds
    await asyncio.gather(*(one(c) for c in pool))
    took = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = cpu_seconds(server_pid or 0) - theirs
    for c in pool:
        await c.aclose()
    client_cpu = after.ru_utime + after.ru_stime - mine.ru_utime - mine.ru_stime
    times.sort()
    q = statistics.quantiles(times, n=100) if len(times) > 1 else [0.0] * 99
    longest = round(times[-1] * 1000, 1) if times else 0.0
    n = max(len(times), 1)
    return {"clients": clients, "max_ms": longest, "requests": len(times),
            "rps": round(len(times) / took, 1),
            "p50_ms": round(q[49] * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
            "errors": errors, "server_cpu_ms_per_req": round(server_cpu * 1000 / n, 2),
            "client_cpu_ms_per_req": round(client_cpu * 1000 / n, 2)}


def writer(db: str, seconds: float) -> None:
    """Merge again and again for ``seconds``: each round un-merges the latest 60 days."""
    from eventcoder.store.database import Store, merge_file

    end, rounds, worst = time.monotonic() + seconds, 0, 0.0
    while time.monotonic() < end:
        with Store.open(db) as s:
            s.conn.execute("DELETE FROM events WHERE event_date >="
                           " (SELECT max(event_date) - INTERVAL 60 DAY FROM events)")
        t0 = time.monotonic()
        merge_file(db)
        worst = max(worst, time.monotonic() - t0)
        rounds += 1
        time.sleep(1.0)
    print(json.dumps({"writer_merges": rounds, "longest_merge_s": round(worst, 2)}), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, default=Path("out/serve_load.duckdb"))
    ap.add_argument("--limit", type=int, default=150, help="Guardian articles to ingest")
    ap.add_argument("--levels", type=int, nargs="+", default=[10, 50, 200])
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--writer", action="store_true", help="also run each level with merges")
    ap.add_argument("--writer-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.writer_child:
        writer(args.writer_child[0], float(args.writer_child[1]))
        return
    build(args.db, args.limit)
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--db", str(args.db), "--port", str(port),
                               "--workers", str(args.workers), "--log-level", "warning"])
    try:
        url = f"http://127.0.0.1:{port}/api/events?limit=100"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(url, timeout=2.0).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        for n in args.levels:
            print(json.dumps({"workers": args.workers, **asyncio.run(
                level(url, n, args.seconds, server.pid))}), flush=True)
            if args.writer:
                w = subprocess.Popen([sys.executable, __file__, "--writer-child",
                                      str(args.db), str(args.seconds)])
                try:
                    print(json.dumps({"workers": args.workers, "writer": True, **asyncio.run(
                        level(url, n, args.seconds, server.pid))}), flush=True)
                finally:
                    w.wait(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
