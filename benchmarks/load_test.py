"""Bounded load test of ``eventcoder serve`` on loopback (docs/serve.md).

Starts the real server (uvicorn, one process) over a synthetic database, then runs
``--clients`` concurrent HTTP clients for ``--seconds``: each loops over a mix of list
queries with filters, single events, articles, aggregates and a small GeoJSON export.
Optionally (``--writer``) another process takes the database's write lock halfway
through, as a scheduled ``eventcoder ingest`` would, and reports how long it waited.
Exits 1 if any request failed (transport error or a status other than 200).

    .venv/bin/python benchmarks/load_test.py --clients 200 --seconds 30 --writer
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SERVE = ("import argparse, sys; from eventcoder.cli.serve import add_commands;"
         " p = argparse.ArgumentParser(); add_commands(p.add_subparsers());"
         " a = p.parse_args(sys.argv[1:]); sys.exit(a.func(a))")
WRITER = ("import sys, time; from eventcoder.store.database import Store; t = time.monotonic();"
          " s = Store.open(sys.argv[1], wait=60); w = time.monotonic() - t;"
          " time.sleep(0.5); s.close(); print(round(w, 3))")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_db(path: Path, n: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from _serve_seed import seed

    seed(path, n)


def event_ids(db: Path) -> list[tuple[str, str]]:
    """(event id, one of its article ids) for every event (read before the load starts)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT event_id, json_extract_string(record, '$.article_ids[0]')"
                           " FROM events").fetchall()
    finally:
        con.close()
    return [(e, a) for e, a in rows]


def request_mix(rng: random.Random, ids: list[tuple[str, str]]) -> str:
    r = rng.random()
    event_id, article_id = rng.choice(ids)
    if r < 0.35:
        params = rng.choice(["", "country=SYR", "type=Battles", "min_fatalities=5",
                             "bbox=36,35,41,37", "q=brigade", "since=2024-04-01&until=2024-06-30",
                             "sort=-fatalities"])
        return f"/api/events?limit=50&offset={rng.randrange(0, 200)}&{params}"
    if r < 0.6:
        return f"/api/events/{event_id}"
    if r < 0.8:
        return f"/api/articles/{article_id}"
    if r < 0.95:
        return rng.choice(["/api/aggregates", "/api/aggregates?country=SDN"])
    return "/api/export.geojson?since=2024-03-01&until=2024-03-20"


async def client(base: str, http: httpx.AsyncClient, stop: float, ids: list[tuple[str, str]],
                 seed: int,
                 lat: list[float], codes: Counter[str]) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop:
        url = request_mix(rng, ids)
        t = time.monotonic()
        try:
            r = await http.get(base + url)
            codes[str(r.status_code)] += 1
        except httpx.HTTPError as exc:
            codes[type(exc).__name__] += 1
            continue
        lat.append(time.monotonic() - t)


async def run_load(base: str, clients: int, seconds: float,
                   ids: list[tuple[str, str]]) -> dict[str, object]:
    lat: list[float] = []
    codes: Counter[str] = Counter()
    # Expire idle connections before the server does (its keep-alive is 20 s): the client's
    # event loop, saturated by 200 clients, can leave a connection idle for seconds.
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients,
                          keepalive_expiry=10.0)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        t0 = time.monotonic()
        stop = t0 + seconds
        await asyncio.gather(*(client(base, http, stop, ids, k, lat, codes)
                               for k in range(clients)))
        elapsed = time.monotonic() - t0
    lat.sort()

    def pct(p: float) -> float:
        return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else 0.0

    total = sum(codes.values())
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": total,
            "requests_per_s": round(total / elapsed, 1), "status": dict(codes),
            "errors": total - codes.get("200", 0),
            "latency_ms": {"mean": round(1000 * statistics.fmean(lat), 1) if lat else 0.0,
                           "p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99),
                           "max": pct(1.0)}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--articles", type=int, default=2000, help="synthetic articles to seed")
    ap.add_argument("--db", help="use this database instead of a synthetic one")
    ap.add_argument("--workers", type=int, default=1, help="serve --workers")
    ap.add_argument("--writer", action="store_true",
                    help="take the write lock from another process halfway through")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "load.duckdb"
        if not args.db:
            t = time.monotonic()
            build_db(db, args.articles)
            print(f"seeded {args.articles} articles in {time.monotonic() - t:.1f} s",
                  file=sys.stderr)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-c", SERVE, "serve", "--db", str(db),
                                   "--port", str(port), "--log-level", "error",
                                   "--workers", str(args.workers)], cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            ids = event_ids(db)
            print(f"{len(ids)} events in {db}", file=sys.stderr)
            writer = None
            if args.writer:
                writer = subprocess.Popen(
                    ["bash", "-c", f"sleep {args.seconds / 2}; exec {sys.executable} -c"
                     f" '{WRITER}' {db}"], stdout=subprocess.PIPE, text=True)
            result = asyncio.run(run_load(base, args.clients, args.seconds, ids))
            if writer is not None:
                out, _ = writer.communicate(timeout=120)
                result["writer_lock_wait_s"] = float(out.strip()) if out.strip() else None
        finally:
            server.terminate()
            server.wait(timeout=30)
    result["workers"] = args.workers
    print(json.dumps(result, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
