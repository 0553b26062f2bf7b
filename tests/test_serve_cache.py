"""The read snapshots and read cache of ``eventcoder serve`` (serve/snapshots.py,
serve/cache.py): reads use a copy of the store, an answer is kept per snapshot, a reader
sees the whole state before a write in another process (or this one) until it commits
and the next snapshot is ready, then the whole state after it, and never a mix; no
reader waits for the write, not even for a page never asked before."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
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


def _eventually(get: Callable[[], int], want: int, within: float = 30.0) -> int:
    """``get()`` until it returns ``want`` (a new snapshot is taken in the background)."""
    deadline = time.monotonic() + within
    got = get()
    while got != want and time.monotonic() < deadline:
        time.sleep(0.05)
        got = get()
    return got


def test_a_read_during_a_write_elsewhere_is_the_state_before_or_after_it(db: Path) -> None:
    c = TestClient(create_app(db, read_wait=1.0), client=LOCAL)
    before = c.get(PAGE)
    assert before.status_code == 200 and before.json()["total"] == N
    proc = _writer(db)  # holds the write lock from here on
    assert proc.stdin is not None and proc.stdout is not None
    try:
        during = c.get(PAGE)  # answered from the last state, not made to wait
        assert during.status_code == 200 and during.content == before.content
        # a page never answered before is answered too, from the snapshot (before: 503)
        new_page = c.get("/api/events?limit=999&sort=-date")
        assert new_page.status_code == 200 and new_page.json()["total"] == N
        assert c.get(f"/api/events/{before.json()['items'][0]['event_id']}").status_code == 200
        seen: list[bytes] = []
        stop = threading.Event()

        def read() -> None:
            while not stop.is_set():
                r = c.get(PAGE)
                assert r.status_code == 200  # never 503: the snapshot serves
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
    assert _eventually(lambda: c.get(PAGE).json()["total"], N + MORE) == N + MORE
    after = c.get(PAGE)
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
    with Store.open(db, read_only=True) as s:  # written to the file, not to a snapshot
        assert s.count("events") == N + 1
    assert 1 <= len(_snapshots(db)) <= 2


def test_a_write_elsewhere_while_the_server_is_idle_is_seen(db: Path) -> None:
    c = TestClient(create_app(db), client=LOCAL)
    first = c.get(PAGE).json()
    detail = c.get(f"/api/events/{first['items'][0]['event_id']}").json()
    code = ("import sys; sys.path[:0] = sys.argv[2:]; from _serve_seed import seed;"
            f" seed(sys.argv[1], {N + MORE})")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([sys.executable, "-c", code, str(db), str(Path(__file__).parent)],
                   check=True, timeout=120, env=env)  # waits for the gate to let go
    assert _eventually(lambda: c.get(PAGE).json()["total"], N + MORE) == N + MORE
    again = c.get(f"/api/events/{first['items'][0]['event_id']}").json()
    assert again["event"] == detail["event"]  # untouched events read the same


def _snapshots(db: Path) -> list[Path]:
    return sorted(db.parent.glob(db.name + ".snapshot-*"))


def test_snapshots_are_bounded_and_deleted_at_shutdown(db: Path) -> None:
    code = ("import sys; sys.path[:0] = sys.argv[3:]; from _serve_seed import seed;"
            " seed(sys.argv[1], int(sys.argv[2]))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with TestClient(create_app(db), client=LOCAL) as c:  # runs the shutdown too
        assert c.get(PAGE).json()["total"] == N
        first = _snapshots(db)
        assert len(first) == 1  # a copy beside the file, no write-ahead log
        for n in (N + 3, N + 6, N + 9):  # three writes elsewhere, each seen in turn
            subprocess.run([sys.executable, "-c", code, str(db), str(n),
                            str(Path(__file__).parent)], check=True, timeout=120, env=env)
            assert _eventually(lambda: c.get(PAGE).json()["total"], n) == n
            assert 1 <= len(_snapshots(db)) <= 2  # at most the old and the new copy
        assert first[0] not in _snapshots(db)  # the first copy was deleted once replaced
    assert _snapshots(db) == []
    with Store.open(db, read_only=True) as s:  # the file itself holds every write
        assert s.count("events") == N + 9


def test_snapshots_left_by_a_killed_server_are_removed(db: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    stale = [db.with_name(f"{db.name}.snapshot-{pid}-1"),
             db.with_name(f"{db.name}.snapshot-{pid}-1.wal")]
    alive = db.with_name(f"{db.name}.snapshot-{os.getppid()}-1")  # a server still running
    for f in (*stale, alive):
        f.write_bytes(b"x")
    c = TestClient(create_app(db), client=LOCAL)
    assert c.get(PAGE).status_code == 200
    assert not any(f.exists() for f in stale) and alive.exists()


def test_a_write_ahead_log_left_by_a_killed_writer_is_read(db: Path) -> None:
    """Committed writes still in ``DB.wal`` (the writer was killed before a checkpoint)
    are in the snapshot: the log is copied with the file and replayed on the copy, and
    the file and its log are left as they were."""
    c = TestClient(create_app(db), client=LOCAL)
    first = c.get(PAGE).json()
    gone = first["items"][0]["event_id"]
    code = ("import os, sys, duckdb; con = duckdb.connect(sys.argv[1]);"
            " con.execute(\"SET checkpoint_threshold = '1GB'\");"
            " con.execute('DELETE FROM events WHERE event_id = ?', [sys.argv[2]]);"
            " os.kill(os.getpid(), 9)")
    subprocess.run([sys.executable, "-c", code, str(db), gone], timeout=120)
    wal = db.with_name(db.name + ".wal")
    assert wal.exists() and wal.stat().st_size > 0
    size = wal.stat().st_size
    assert _eventually(lambda: c.get(PAGE).json()["total"], N - 1) == N - 1
    assert gone not in {e["event_id"] for e in c.get(PAGE).json()["items"]}
    assert wal.exists() and wal.stat().st_size == size  # the server wrote nothing


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
    cache.put("a", 2, b"new")  # the next generation (being prepared): both kept
    assert (cache.get("a", 1), cache.get("a", 2)) == (b"x" * 40, b"new")
    cache.put("a", 3, b"newer")  # two generations on: the oldest answers are dropped
    assert (cache.get("a", 1), cache.get("c", 1), cache.get("a", 2)) == (None, None, b"new")
    cache.put("late", 1, b"old")  # an answer computed under an old state is not kept
    assert cache.get("late", 1) is None and len(cache) == 2


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "child":
    _child(sys.argv[2])
