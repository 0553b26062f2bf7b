"""Encoded answers of the read endpoints, kept per generation of the store (docs/serve.md).

An answer is keyed by the request (endpoint and normalized parameters) and the generation
of the read snapshot it was computed on (``serve.snapshots``). A snapshot never changes,
so a kept answer of the current generation is served on the event loop without touching
the database. When a write elsewhere commits, the next snapshot is taken in the
background, the answers asked for lately are computed on it (``warm``) while the old one
serves, and only then do requests switch: a reader sees the whole state before the write
until then, the whole state after it from then on, never a mix, and never waits for the
write. Concurrent misses of one key share one computation.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import duckdb
from fastapi.concurrency import run_in_threadpool

from eventcoder.serve.snapshots import Snapshots

MAX_BYTES = 64 * 1024 * 1024  # encoded answers kept, all keys and generations together
MAX_ENTRY = 4 * 1024 * 1024  # an answer larger than this is not kept
WARM_KEYS = 64  # answers recomputed on a new snapshot before it serves, most recent first
WARM_S = 2.0  # and for at most this long


class ResponseCache:
    """Least-recently-used encoded answers keyed by (request key, generation); thread-safe.
    The answers of the two newest generations are kept (the one serving and the one being
    prepared), older ones are dropped."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_entry: int = MAX_ENTRY) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self._items: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self._size = 0
        self._newest = 0
        self._lock = threading.Lock()

    def get(self, key: str, generation: int) -> bytes | None:
        with self._lock:
            body = self._items.get((key, generation))
            if body is not None:
                self._items.move_to_end((key, generation))
            return body

    def put(self, key: str, generation: int, body: bytes) -> None:
        if len(body) > self.max_entry:
            return
        with self._lock:
            if generation < self._newest - 1:
                return
            if generation > self._newest:
                self._newest = generation
                for k in [k for k in self._items if k[1] < generation - 1]:
                    self._size -= len(self._items.pop(k))
            old = self._items.pop((key, generation), None)
            self._size += len(body) - (len(old) if old is not None else 0)
            self._items[(key, generation)] = body
            while self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)


Compute = Callable[[duckdb.DuckDBPyConnection], bytes]


class CachedReads:
    """Answers read endpoints through ``snapshots`` and ``cache`` (one per application);
    computes the answers asked for lately on each new snapshot before it serves."""

    def __init__(self, snapshots: Snapshots, cache: ResponseCache | None = None) -> None:
        self.snapshots = snapshots
        self.cache = cache or ResponseCache()
        # computations in flight, per event loop (a test client runs one per thread)
        self._inflight: dict[tuple[asyncio.AbstractEventLoop, str], asyncio.Future[bytes]] = {}
        self._recent: OrderedDict[str, Compute] = OrderedDict()  # most recent last
        self._recent_lock = threading.Lock()
        snapshots.warm = self.warm

    def _fill(self, key: str, compute: Compute) -> bytes:
        """In a worker thread: the answer of ``key`` on the current snapshot."""
        with self.snapshots.snapshot() as (cur, generation):
            body = self.cache.get(key, generation)
            if body is None:
                body = compute(cur)
                self.cache.put(key, generation, body)
        with self._recent_lock:
            self._recent[key] = compute
            self._recent.move_to_end(key)
            while len(self._recent) > WARM_KEYS:
                self._recent.popitem(last=False)
        return body

    def warm(self, cur: duckdb.DuckDBPyConnection, generation: int) -> None:
        """On a new snapshot (``cur``), before it serves: compute the answers asked for
        lately, newest first, for up to ``WARM_S`` seconds."""
        with self._recent_lock:
            todo = list(reversed(self._recent.items()))
        deadline = time.monotonic() + WARM_S
        for key, compute in todo:
            if time.monotonic() > deadline:
                break
            try:
                self.cache.put(key, generation, compute(cur))
            except Exception:  # noqa: BLE001 - a 404 or a bad query: asked for again, it says
                continue

    async def answer(self, key: str, compute: Compute) -> bytes:
        """The encoded answer of ``key``: from the cache on the event loop when it is
        kept for the current snapshot, else computed once in a worker thread for all the
        requests waiting for it."""
        self.snapshots.poke()
        generation = self.snapshots.current_generation()
        if generation is not None:
            body = self.cache.get(key, generation)
            if body is not None:
                with self._recent_lock:
                    if key in self._recent:
                        self._recent.move_to_end(key)
                return body
        slot = (asyncio.get_running_loop(), key)
        fut = self._inflight.get(slot)
        if fut is None:
            fut = asyncio.ensure_future(run_in_threadpool(self._fill, key, compute))
            self._inflight[slot] = fut
            fut.add_done_callback(lambda f: self._done(slot, f))
        return await asyncio.shield(fut)

    def _done(self, slot: tuple[asyncio.AbstractEventLoop, str],
              fut: asyncio.Future[bytes]) -> None:
        self._inflight.pop(slot, None)
        if not fut.cancelled():
            fut.exception()  # retrieved here too: every waiter may have gone
