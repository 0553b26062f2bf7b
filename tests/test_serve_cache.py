"""The read cache of ``eventcoder serve`` (serve/cache.py): an answer is kept per state
of the store, a reader sees the whole state before a write in another process (or this
one) until it commits, then the whole state after it, and never a mix."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

from _serve_seed import FakePipeline, articles, seed
from eventcoder.serve.app import create_app
from eventcoder.serve.cache import ResponseCache
from eventcoder.store.database import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

N = 30
MORE = 12
LOCAL = ("127.0.0.1", 50000)
PAGE = "/api/events?limit=1000"


def _child(db: str) -> None:
    """Take the write lock, say LOCKED, wait for a line on stdin, then store ``MORE``
    articles and merge them on that connection, say DONE and stall until killed."""
    from eventcoder.store.ingest import extract_isolated

    arts = articles(N + MORE)[N:]
    with Store.open(db) as s:
        print("LOCKED", flush=True)
        sys.stdin.readline()
        results = [(a, r) for a, r in extract_isolated(FakePipeline(), arts)]
        s.add_batch(results, None)  # type: ignore[arg-type]
        s.merge_new()
    print("DONE", flush=True)
    sys.stdin.readline()


def _writer(db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, __file__, "child", str(db)], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "LOCKED"
    return proc


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return seed(tmp_path / "seed.duckdb", N)


def test_a_read_during_a_write_elsewhere_is_the_state_before_or_after_it(db: Path) -> None:
    c = TestClient(create_app(db, read_wait=1.0), client=LOCAL)
    before = c.get(PAGE)
    assert before.status_code == 200 and before.json()["total"] == N
    proc = _writer(db)  # holds the write lock from here on
    assert proc.stdin is not None and proc.stdout is not None
    try:
        during = c.get(PAGE)  # answered from the last state, not made to wait
        assert during.status_code == 200 and during.content == before.content
        # a query never answered before has no earlier state to show: it waits, then 503
        assert c.get("/api/events?limit=999").status_code == 503
        seen: list[bytes] = []
        stop = threading.Event()

        def read() -> None:
            while not stop.is_set():
                r = c.get(PAGE)
                assert r.status_code in (200, 503)
                if r.status_code == 200:
                    seen.append(r.content)

        readers = [threading.Thread(target=read) for _ in range(3)]
        for t in readers:
            t.start()
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "DONE"  # committed, file closed
        stop.set()
        for t in readers:
            t.join()
    finally:
        proc.kill()
        proc.wait()
    after = c.get(PAGE)
    assert after.status_code == 200 and after.json()["total"] == N + MORE
    with Store.open(db, read_only=True) as s:  # the answer after is the store's state
        assert s.count("events") == N + MORE
    assert seen and set(seen) <= {before.content, after.content}


def test_an_in_process_write_makes_the_next_read_fresh(tmp_path: Path) -> None:
    db = seed(tmp_path / "w.duckdb", N)
    c = TestClient(create_app(db, allow_write=True, pipeline=FakePipeline()), client=LOCAL)
    first = c.get(PAGE).json()
    assert first["total"] == N and c.get(PAGE).json() == first  # the kept answer
    new = articles(N + 1)[N]
    r = c.post("/api/articles", json={"id": new.id, "text": new.text})
    assert r.status_code == 200, r.text
    now = c.get(PAGE).json()
    assert now["total"] == N + 1
    assert new.id.replace("art-", "ev-art-") in {e["event_id"] for e in now["items"]}


def test_a_write_elsewhere_while_the_server_is_idle_is_seen(db: Path) -> None:
    c = TestClient(create_app(db), client=LOCAL)
    first = c.get(PAGE).json()
    detail = c.get(f"/api/events/{first['items'][0]['event_id']}").json()
    code = ("import sys; sys.path[:0] = sys.argv[2:]; from _serve_seed import seed;"
            f" seed(sys.argv[1], {N + MORE})")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([sys.executable, "-c", code, str(db), str(Path(__file__).parent)],
                   check=True, timeout=120, env=env)  # waits for the gate to let go
    assert c.get(PAGE).json()["total"] == N + MORE
    again = c.get(f"/api/events/{first['items'][0]['event_id']}").json()
    assert again["event"] == detail["event"]  # untouched events read the same


def test_response_cache_keeps_the_newest_generation_within_its_size() -> None:
    cache = ResponseCache(max_bytes=100, max_entry=60)
    cache.put("a", 1, b"x" * 40)
    cache.put("b", 1, b"y" * 40)
    assert cache.get("a", 1) == b"x" * 40  # now the most recently used
    cache.put("c", 1, b"z" * 40)  # over 100 bytes: the least recently used goes
    assert (cache.get("b", 1), cache.get("a", 1), cache.get("c", 1)) == \
        (None, b"x" * 40, b"z" * 40)
    cache.put("big", 1, b"w" * 61)  # larger than one entry may be: not kept
    assert cache.get("big", 1) is None
    cache.put("a", 2, b"new")  # a newer generation drops the older answers
    assert (cache.get("a", 1), cache.get("c", 1), cache.get("a", 2)) == (None, None, b"new")
    cache.put("late", 1, b"old")  # an answer computed under an older state is not kept
    assert cache.get("late", 1) is None and len(cache) == 1


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "child":
    _child(sys.argv[2])
