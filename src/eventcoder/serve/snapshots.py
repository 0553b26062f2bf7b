"""Read snapshots of the store for ``eventcoder serve`` (docs/serve.md).

DuckDB lets no other process read a file while one writes it, so a server that read the
file itself waited for every write of a scheduled ``ingest`` (its merge included). The
server reads a private copy instead: a *snapshot* of the file (and of its write-ahead log,
if one is left), copied while the server holds a read-only connection to the file, so no
writer can be in the middle of a write, and opened read-only. Requests use the current
snapshot and never wait for the file. A background thread, woken by requests, looks at
the file's size and times (at most every ``POKE_S``) and, at least every ``RECHECK_S``
under traffic, at its content; when it changed and no writer holds or wants it, it copies
it again, and requests switch to the new copy only once it is open (and the answers asked
for lately are computed on it: ``warm``). The old copy is closed and deleted when its
last request ends. At most two snapshots exist at a time (per server process): while the
old one still serves a request, no third is made.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from eventcoder.errors import StoreBusyError, StoreError
from eventcoder.serve.queries import INTENT_FRESH_S, Busy, Unavailable, file_stats, fingerprint
from eventcoder.store.database import Store, writer_intent

log = logging.getLogger(__name__)

POKE_S = 0.05  # a request wakes the refresher at most this often
RECHECK_S = 5.0  # the file's content is compared at least this often under traffic
SNAPSHOT_TAG = ".snapshot-"  # DB.snapshot-PID-N beside the file (docs/serve.md)

Warm = Callable[[duckdb.DuckDBPyConnection, int], None]


@dataclass(eq=False)
class Snapshot:
    """One read-only copy of the store and the requests using it."""

    files: list[Path]  # the copy, and its write-ahead log if the file had one
    store: Store
    seen: tuple[Any, ...]  # the original's ``fingerprint`` when it was copied
    generation: int = 0
    users: int = 0
    closed: bool = field(default=False)

    def discard(self) -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(duckdb.Error):
                self.store.close()
        for f in self.files:
            with contextlib.suppress(OSError):
                f.unlink(missing_ok=True)


def _discard_all(snaps: dict[int, Snapshot]) -> None:
    for s in list(snaps.values()):
        s.discard()
    snaps.clear()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def remove_stale(directory: Path, name: str) -> list[Path]:
    """Delete the snapshots of ``name`` in ``directory`` left by server processes that
    are gone (killed before they could clean up); returns the files deleted."""
    pattern = re.compile(re.escape(name + SNAPSHOT_TAG) + r"(\d+)-\d+(\.wal)?$")
    gone: list[Path] = []
    with contextlib.suppress(OSError):
        for f in directory.iterdir():
            m = pattern.match(f.name)
            if m and int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1))):
                with contextlib.suppress(OSError):
                    f.unlink()
                    gone.append(f)
    return gone


def snapshot_dir(path: Path) -> Path:
    """Where the snapshots of ``path`` go: beside it, or in the system's temporary folder
    when its folder cannot be written."""
    folder = path.parent
    return folder if os.access(folder, os.W_OK | os.X_OK) else Path(tempfile.gettempdir())


class Snapshots:
    """Read-only snapshots of the store at ``path`` (thread-safe); the same ``cursor``
    and ``exclusive`` as ``queries.ReadGate``, and ``generation``: the number of the
    current snapshot (it grows with each new copy), which ``serve.cache`` keys its
    answers by."""

    def __init__(self, path: str | Path, wait: float = 10.0,
                 directory: Path | None = None) -> None:
        self.path = Path(path)
        self.wait = wait
        self.directory = directory or snapshot_dir(self.path)
        self.warm: Warm | None = None  # computes answers on a new snapshot before it serves
        self.generation = 0
        self.problem: str | None = None  # why the file itself could not be read, last look
        self._intent = writer_intent(self.path)
        self._cond = threading.Condition()
        self._current: Snapshot | None = None
        self._retired: list[Snapshot] = []
        self._refresh = threading.Lock()  # one copy (or in-process write) at a time
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._poked = 0.0
        self._verified = 0.0
        self._failed_until = 0.0
        self._n = 0
        self._all: dict[int, Snapshot] = {}
        self._finalizer = weakref.finalize(self, _discard_all, self._all)
        remove_stale(self.directory, self.path.name)

    # -- reading ---------------------------------------------------------------------

    def current_generation(self) -> int | None:
        """The current snapshot's generation (None before the first); never blocks."""
        snap = self._current
        return None if snap is None else snap.generation

    @contextlib.contextmanager
    def snapshot(self, wait: bool = True) -> Iterator[tuple[duckdb.DuckDBPyConnection, int]]:
        """A cursor on the current snapshot and its generation. Only the first snapshot
        is waited for (a writer holding the file: up to ``wait`` s, then ``Unavailable``;
        ``wait=False``: ``Busy`` at once)."""
        snap = self._acquire(wait)
        try:
            cur = snap.store.conn.cursor()
            try:
                yield cur, snap.generation
            finally:
                cur.close()
        finally:
            self._release(snap)

    @contextlib.contextmanager
    def cursor(self, wait: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.snapshot(wait) as (cur, _):
            yield cur

    def _acquire(self, wait: bool) -> Snapshot:
        self.poke()
        while True:
            with self._cond:
                if self._closed:
                    raise Unavailable("the server is shutting down", busy=False)
                snap = self._current
                if snap is not None:
                    snap.users += 1
                    return snap
            if not wait:
                raise Busy()
            if time.monotonic() < self._failed_until:  # another request just waited in vain
                raise Unavailable("the database is locked by a writer")
            with self._refresh:  # the first snapshot: made here, waiting for a writer
                if self._current is None:
                    try:
                        self._take(self.wait, force=True)
                    except Unavailable as exc:
                        if exc.busy:
                            self._failed_until = time.monotonic() + 1.0
                        raise

    def _release(self, snap: Snapshot) -> None:
        with self._cond:
            snap.users -= 1
            if snap is not self._current and snap.users == 0:
                self._sweep()

    def _sweep(self) -> None:  # with self._cond held
        for s in [s for s in self._retired if s.users == 0]:
            self._retired.remove(s)
            self._all.pop(id(s), None)
            s.discard()
        self._cond.notify_all()

    # -- refreshing ------------------------------------------------------------------

    def poke(self) -> None:
        """Have the refresher look at the file soon (cheap: at most every ``POKE_S``)."""
        now = time.monotonic()
        if now - self._poked < POKE_S or self._closed:
            return
        self._poked = now
        self._wake.set()
        if self._thread is None:
            with self._cond:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, daemon=True,
                                                    name="eventcoder-snapshots")
                    self._thread.start()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait()
            self._wake.clear()
            if self._closed:
                return
            try:
                with self._refresh:
                    if self._current is not None:
                        self._take(0.0, force=False)
            except Unavailable:
                pass  # busy: kept the old snapshot; the next request pokes again
            except Exception:  # never let the refresher die; the old snapshot serves
                log.exception("taking a read snapshot of %s failed", self.path)

    def _writer_waiting(self) -> bool:
        try:
            return time.time() - self._intent.stat().st_mtime < INTENT_FRESH_S
        except OSError:
            return False

    def _take(self, wait: float, force: bool) -> None:
        """With ``self._refresh`` held: copy the file if it changed since the current
        snapshot, and switch to the copy. ``Unavailable`` when it cannot be read (busy:
        a writer holds it)."""
        old = self._current
        if old is not None:
            with self._cond:
                self._sweep()
                if self._retired:  # at most two snapshots: the old one still serves
                    if not force:
                        return
                    deadline = time.monotonic() + self.wait
                    while self._retired and time.monotonic() < deadline:
                        self._cond.wait(0.05)
                        self._sweep()
                    if self._retired:
                        raise Unavailable("an old read snapshot is still in use")
            stale = time.monotonic() - self._verified >= RECHECK_S
            if not force and not stale and file_stats(self.path) == old.seen[:2]:
                return
            if not force and self._writer_waiting():
                return
        try:
            source = Store.open(self.path, read_only=True, wait=wait)
        except StoreBusyError as exc:
            raise Unavailable(str(exc)) from exc
        except StoreError as exc:
            self.problem = str(exc)
            raise Unavailable(str(exc), busy=False) from exc
        try:
            try:
                seen = fingerprint(self.path, source.conn)
            except duckdb.Error as exc:  # a corrupt block
                self.problem = f"{self.path}: {exc}"
                raise Unavailable(self.problem, busy=False) from exc
            self._verified = time.monotonic()
            self.problem = None
            if old is not None and seen == old.seen:
                return
            files = self._copy()  # while the read lock keeps writers out
        finally:
            source.close()
        try:
            store = Store.open(files[0], read_only=True, wait=0.0)
        except StoreError as exc:
            for f in files:
                f.unlink(missing_ok=True)
            raise Unavailable(str(exc), busy=False) from exc
        snap = Snapshot(files, store, seen, generation=self.generation + 1)
        self._all[id(snap)] = snap
        if self.warm is not None and old is not None:
            cur = store.conn.cursor()
            try:
                self.warm(cur, snap.generation)
            finally:
                cur.close()
        with self._cond:
            self.generation = snap.generation
            self._current = snap
            if old is not None:
                self._retired.append(old)
                self._sweep()

    def _copy(self) -> list[Path]:
        self._n += 1
        target = self.directory / f"{self.path.name}{SNAPSHOT_TAG}{os.getpid()}-{self._n}"
        files = [target]
        try:
            shutil.copyfile(self.path, target)
            wal = self.path.with_name(self.path.name + ".wal")
            if wal.exists():  # committed writes not yet checkpointed: replayed on open
                files.append(target.with_name(target.name + ".wal"))
                shutil.copyfile(wal, files[-1])
        except OSError as exc:
            for f in files:
                f.unlink(missing_ok=True)
            raise Unavailable(f"cannot copy a read snapshot of {self.path} to"
                              f" {self.directory} ({exc.strerror or exc})", busy=False) from exc
        return files

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """An in-process write to the file: the refresher keeps off it meanwhile (readers
        go on with the current snapshot), and a new snapshot is taken right after, so the
        next read sees the write."""
        with self._refresh:
            try:
                yield
            finally:
                try:
                    self._take(self.wait, force=True)
                except Unavailable as exc:  # the write stands; the next request retries
                    log.warning("no new read snapshot after a write: %s", exc)

    def snapshot_files(self) -> list[Path]:
        """The snapshot files that exist now (for tests and docs)."""
        with self._cond:
            return [f for s in self._all.values() for f in s.files if f.exists()]

    def close(self) -> None:
        """Close and delete every snapshot (at shutdown)."""
        with self._cond:
            self._closed = True
            self._current = None
            self._retired.clear()
            self._cond.notify_all()
        self._wake.set()
        self._finalizer()
