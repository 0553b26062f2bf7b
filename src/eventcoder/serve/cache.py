"""Encoded answers of the read endpoints, kept per generation of the store (docs/serve.md).

An answer is keyed by the request (endpoint and normalized parameters) and the
``ReadGate.generation`` it was computed under. While the gate's connection is open the
file cannot change, so a hit is served on the event loop without touching the database;
while a writer holds or wants the file (a merge, an ingest, an in-process write), the
answers of the last generation are served as they are: a reader sees the whole state
before the write until it commits, never part of it, and never waits for it. Concurrent
misses of one key share one computation.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable

import duckdb
from fastapi.concurrency import run_in_threadpool

from eventcoder.serve.queries import Busy, ReadGate

MAX_BYTES = 64 * 1024 * 1024  # encoded answers kept, all keys and generations together
MAX_ENTRY = 4 * 1024 * 1024  # an answer larger than this is not kept


class ResponseCache:
    """Least-recently-used encoded answers keyed by (request key, generation); thread-safe.
    Answers of a generation older than the newest put are dropped."""

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
            if generation < self._newest:
                return
            if generation > self._newest:
                self._newest = generation
                for k in [k for k in self._items if k[1] < generation]:
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
    """Answers read endpoints through ``gate`` and ``cache`` (one per application)."""

    def __init__(self, gate: ReadGate, cache: ResponseCache | None = None) -> None:
        self.gate = gate
        self.cache = cache or ResponseCache()
        # computations in flight, per event loop (a test client runs one per thread)
        self._inflight: dict[tuple[asyncio.AbstractEventLoop, str], asyncio.Future[bytes]] = {}

    def _fill(self, key: str, compute: Compute) -> bytes:
        """In a worker thread: the answer of ``key`` for the store as it is now, or, while
        a writer holds the file, as it was (the last generation), if known."""
        try:
            with self.gate.cursor(wait=False) as cur:
                return self._under(key, compute, cur)
        except Busy:
            body = self.cache.get(key, self.gate.generation)
            if body is not None:
                return body
        with self.gate.cursor() as cur:  # not known: wait for the writer, as before
            return self._under(key, compute, cur)

    def _under(self, key: str, compute: Compute, cur: duckdb.DuckDBPyConnection) -> bytes:
        generation = self.gate.generation  # fixed while the cursor is held
        body = self.cache.get(key, generation)
        if body is None:
            body = compute(cur)
            self.cache.put(key, generation, body)
        return body

    async def answer(self, key: str, compute: Compute) -> bytes:
        """The encoded answer of ``key``: from the cache on the event loop when it is
        current (or a writer holds the file), else computed once in a worker thread
        for all the requests waiting for it."""
        generation = self.gate.current_generation()
        if generation is None and self.gate.writer_active():
            generation = self.gate.generation
        if generation is not None:
            body = self.cache.get(key, generation)
            if body is not None:
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
