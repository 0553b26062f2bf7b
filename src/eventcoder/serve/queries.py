"""Database access for ``eventcoder serve``: a shared read-only connection gate and the
event queries behind the HTTP API (docs/serve.md).

DuckDB lets one process write or several read a file. The server opens the file
read-only on demand, shares that connection (a cursor per request) while requests are in
flight, and closes it once no request has used it for ``idle`` seconds; under continuous
load it frees the file as soon as a writer in another process (a scheduled ``eventcoder
ingest``) says it waits for the lock, and, for writers that do not say so, for ``pause``
seconds in every ``period`` (docs/store.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import duckdb

from eventcoder.errors import StoreBusyError, StoreError
from eventcoder.store.database import Store, writer_intent
from eventcoder.store.filters import Filters

INTENT_FRESH_S = 3.0  # a writer retries at least every second, touching its intent file

SORTS = {
    "date": "event_date ASC NULLS LAST, event_id",
    "-date": "event_date DESC NULLS LAST, event_id",
    "fatalities": "fatalities ASC, event_date, event_id",
    "-fatalities": "fatalities DESC, event_date, event_id",
    "country": "country ASC NULLS LAST, event_date, event_id",
    "-country": "country DESC NULLS LAST, event_date, event_id",
    "type": "event_type ASC NULLS LAST, event_date, event_id",
    "-type": "event_type DESC NULLS LAST, event_date, event_id",
}

ADMIN1 = "json_extract_string(record, '$.location.admin1')"
LOCATION = "json_extract_string(record, '$.location.name')"
ACTOR1 = "json_extract_string(record, '$.actor1.name')"
ACTOR2 = "json_extract_string(record, '$.actor2.name')"
CONFIDENCE = "CAST(json_extract(record, '$.confidence') AS DOUBLE)"

SUMMARY_COLUMNS = (
    "event_id", "event_date", "event_type", "sub_event_type", "plover_type", "country",
    "admin1", "location", "lat", "lon", "fatalities", "actor1", "actor2", "n_articles",
    "confidence", "background",
)
SUMMARY_SELECT = (
    f"SELECT event_id, CAST(event_date AS VARCHAR), event_type, sub_event_type, plover_type,"
    f" country, {ADMIN1}, {LOCATION}, lat, lon, fatalities, {ACTOR1}, {ACTOR2}, n_articles,"
    f" {CONFIDENCE}, background FROM events"
)


class Unavailable(Exception):
    """The database could not be opened in time (``busy``: another process holds its
    lock; retry), or is unusable (not busy: corrupt, no store, a schema this server does
    not read); the message says why."""

    def __init__(self, reason: str, busy: bool = True) -> None:
        super().__init__(reason)
        self.busy = busy


class Busy(Exception):
    """A writer holds or wants the file right now (``ReadGate.cursor(wait=False)``)."""


def fingerprint(path: Path, cur: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """What identifies the content of the store at ``path`` while a read-only connection
    to it is open (no other process can write then): the file's and its write-ahead
    log's identity, size and times, and the events' count and ids."""
    row = cur.execute("SELECT count(*), coalesce(sum(hash(event_id, n_articles)), 0)"
                      " FROM events").fetchone()
    return (*file_stats(path), *(row or ()))


def file_stats(path: Path) -> tuple[Any, ...]:
    """The identity, size and times of the file at ``path`` and of its write-ahead log
    (None for one that does not exist): the first two items of ``fingerprint``."""
    stats: list[Any] = []
    for f in (path, path.with_name(path.name + ".wal")):
        try:
            st = os.stat(f)
        except OSError:
            stats.append(None)
            continue
        stats.append((st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(stats)


class ReadGate:
    """Short-lived, shared read-only access to one DuckDB file (thread-safe).

    The connection is closed when idle for ``idle`` seconds and, whatever the traffic,
    as soon as a writer waiting for the lock (``Store.open``) touches its intent file
    (``database.writer_intent``), new reads waiting until it is gone or stale. As a
    fallback for writers that do not announce themselves (another tool), the file is
    also freed during the first ``pause`` seconds of every ``period`` seconds of
    wall-clock time (aligned on the epoch, so every ``serve`` worker frees it at the
    same moments).

    ``generation`` numbers the states of the store the gate has seen: it grows when a
    connection opens on a file whose ``fingerprint`` changed since the last one (another
    process wrote meanwhile) and after each ``exclusive`` (in-process) write. While the
    connection is open no other process can write, so an answer computed under
    generation G stays true until the gate next opens the file (``serve.cache``).
    """

    def __init__(self, path: str | Path, wait: float = 10.0, period: float = 120.0,
                 pause: float = 1.1, idle: float = 0.5) -> None:
        self.path = Path(path)
        self._intent = writer_intent(self.path)
        self.wait = wait
        self.period = period
        self.pause = pause
        self.idle = idle
        self._cond = threading.Condition()
        self._store: Store | None = None
        self._last = 0.0
        self._users = 0
        self._blocked = False  # an in-process write in progress
        self._opening = False  # a thread is opening the connection (without the lock)
        self._reaper: threading.Thread | None = None
        self._failed_until = 0.0
        self._busy_until = 0.0  # a no-wait open just met a writer's lock
        self._seen: tuple[Any, ...] | None = None
        self.generation = 0

    def current_generation(self) -> int | None:
        """The generation, when the connection is open (so the file cannot have changed
        since it opened); None when it is closed. Takes no lock: never blocks."""
        if self._store is None or self._blocked:
            return None
        return self.generation

    def writer_active(self) -> bool:
        """Whether a writer holds or wants the file now (an in-process write, a waiting
        writer's intent file, the periodic pause, or a lock just met); takes no lock."""
        return (self._blocked or time.monotonic() < self._busy_until
                or self._window() > 0)

    def _window(self) -> float:
        """Seconds to keep the file closed: while a writer says it is waiting (its intent
        file touched within ``INTENT_FRESH_S``), recheck in 50 ms; else what is left of
        the periodic pause window (0.0 outside one)."""
        now = time.time()
        try:
            if now - self._intent.stat().st_mtime < INTENT_FRESH_S:
                return 0.05
        except OSError:
            pass
        phase = now % self.period
        return self.pause - phase if phase < self.pause else 0.0

    def _reap(self) -> None:
        """Close the connection once idle for ``idle`` seconds or in a pause window."""
        while True:
            time.sleep(min(self.idle, self.pause) / 2)
            with self._cond:
                if self._store is None:
                    self._reaper = None
                    return
                idle = time.monotonic() - self._last >= self.idle
                if self._users == 0 and (idle or self._window() > 0):
                    self._close()

    def _close(self) -> None:  # with self._cond held and no users
        if self._store is not None:
            self._store.close()
            self._store = None
            self._cond.notify_all()

    def _open(self, wait: bool) -> Store:
        if time.monotonic() < self._failed_until:  # another request just waited in vain
            raise Unavailable("the database is locked by a writer")
        if not wait and time.monotonic() < self._busy_until:
            raise Busy()
        try:
            store = Store.open(self.path, read_only=True, wait=self.wait if wait else 0.0)
        except StoreBusyError as exc:  # locked past ``wait``: 503, retry later
            if not wait:
                self._busy_until = time.monotonic() + 0.05
                raise Busy() from exc
            self._failed_until = time.monotonic() + 1.0
            raise Unavailable(str(exc)) from exc
        except StoreError as exc:  # gone, corrupt, not a store: 503 with the reason
            raise Unavailable(str(exc), busy=False) from exc
        try:
            seen = fingerprint(self.path, store.conn)
        except duckdb.Error:
            seen = None  # an unusable store: the query that follows says why
        if seen is None or seen != self._seen:
            self.generation += 1
        self._seen = seen
        return store

    @contextlib.contextmanager
    def cursor(self, wait: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the shared connection (opened if need be). ``wait=False``: raise
        ``Busy`` at once instead of waiting while a writer holds or wants the file."""
        while True:
            left = self._window()
            if left > 0:
                if not wait:
                    raise Busy()
                time.sleep(left)
                continue
            with self._cond:
                if self._blocked or self._opening:
                    if not wait:
                        raise Busy()
                    self._cond.wait()
                    continue
                if self._store is not None:
                    self._users += 1
                    cur = self._store.conn.cursor()
                    break
                self._opening = True  # opened without the lock: others are not held
            try:
                store = self._open(wait)
            except BaseException:
                with self._cond:
                    self._opening = False
                    self._cond.notify_all()
                raise
            with self._cond:
                self._opening = False
                self._store = store
                self._last = time.monotonic()
                if self._reaper is None:
                    self._reaper = threading.Thread(target=self._reap, daemon=True,
                                                    name="eventcoder-db-reaper")
                    self._reaper.start()
                self._cond.notify_all()
        try:
            yield cur
        finally:
            cur.close()
            with self._cond:
                self._users -= 1
                self._last = time.monotonic()
                if self._users == 0 and (self._blocked or self._window() > 0):
                    self._close()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Close the shared connection and hold off readers (an in-process write)."""
        with self._cond:
            while self._blocked:
                self._cond.wait()
            self._blocked = True
            while self._users > 0 or self._opening:
                self._cond.wait()
            self._close()
        try:
            yield
        finally:
            with self._cond:
                self.generation += 1  # whatever was written, answers from before are old
                self._seen = None
                self._blocked = False
                self._cond.notify_all()


@dataclass
class Query(Filters):
    """The filters of ``GET /api/events`` and the exports (all optional, combined by AND):
    the store's ``Filters`` plus admin1, sub-type, a bounding box, text and fatalities."""

    admin1: str | None = None
    sub_type: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    q: str | None = None
    min_fatalities: int | None = None

    def where(self) -> tuple[str, list[str | float]]:
        sql, params = super().where()
        clauses = [sql]
        if self.admin1:
            clauses.append(f"lower({ADMIN1}) = lower(?)")
            params.append(self.admin1)
        if self.sub_type:
            clauses.append("lower(sub_event_type) = lower(?)")
            params.append(self.sub_type)
        if self.bbox:
            west, south, east, north = self.bbox
            clauses.append("lat BETWEEN ? AND ?")
            params += [south, north]
            if west <= east:
                clauses.append("lon BETWEEN ? AND ?")
                params += [west, east]
            else:  # crosses the antimeridian
                clauses.append("(lon >= ? OR lon <= ?)")
                params += [west, east]
        if self.q:
            clauses.append("contains(lower(CAST(record AS VARCHAR)), lower(?))")
            params.append(self.q)
        if self.min_fatalities is not None:
            clauses.append("fatalities >= ?")
            params.append(self.min_fatalities)
        return " AND ".join(clauses), params


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` in degrees; ValueError with a message if malformed."""
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError("bbox must be four numbers: west,south,east,north")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError as exc:
        raise ValueError("bbox must be four numbers: west,south,east,north") from exc
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError("bbox values must be finite numbers")
    if not (-90 <= south <= north <= 90):
        raise ValueError("bbox latitudes must satisfy -90 <= south <= north <= 90")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ValueError("bbox longitudes must be between -180 and 180")
    return west, south, east, north


def list_events(cur: duckdb.DuckDBPyConnection, query: Query, sort: str, limit: int,
                offset: int) -> tuple[int, list[dict[str, Any]]]:
    where, params = query.where()
    row = cur.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()
    total = int(row[0]) if row else 0
    # The page is chosen first and its JSON fields extracted after: extracting them in the
    # same SELECT as the ORDER BY ... LIMIT read every matching record (40 ms for 1,400).
    rows = cur.execute(
        f"WITH page AS (SELECT * FROM events WHERE {where} ORDER BY {SORTS[sort]}"
        f" LIMIT ? OFFSET ?) {SUMMARY_SELECT.replace(' FROM events', ' FROM page')}"
        f" ORDER BY {SORTS[sort]}",
        [*params, limit, offset],
    ).fetchall()
    return total, [dict(zip(SUMMARY_COLUMNS, r, strict=True)) for r in rows]


class Cursors(Protocol):
    """What hands out cursors on the store: ``ReadGate`` or ``snapshots.Snapshots``."""

    def cursor(self, wait: bool = True) -> contextlib.AbstractContextManager[
            duckdb.DuckDBPyConnection]: ...


def iter_records(gate: Cursors, query: Query, chunk: int = 500) -> Iterator[str]:
    """The JSON records of the selected events, by date then id, ``chunk`` at a time.

    The first chunk is read at once (so an unavailable database fails the request before
    a response starts); each later chunk takes the gate afresh (keyset pagination), so a
    slow download never holds the file: writers and the gate's pause get in between.
    """
    where, params = query.where()
    key = "coalesce(event_date, DATE '9999-12-31')"

    def fetch(last: tuple[dt.date, str] | None) -> list[tuple[dt.date, str, str]]:
        after = ""
        extra: list[object] = []
        if last is not None:
            after, extra = f" AND ({key}, event_id) > (?, ?)", list(last)
        with gate.cursor() as cur:
            return cur.execute(
                f"SELECT {key}, event_id, CAST(record AS VARCHAR) FROM events"
                f" WHERE {where}{after} ORDER BY {key}, event_id LIMIT ?",
                [*params, *extra, chunk]).fetchall()

    def rest(rows: list[tuple[dt.date, str, str]]) -> Iterator[str]:
        while True:
            for r in rows:
                yield r[2]
            if len(rows) < chunk:
                return
            rows = fetch((rows[-1][0], rows[-1][1]))

    return rest(fetch(None))


def event_row(cur: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    row = cur.execute(
        "SELECT CAST(record AS VARCHAR), n_articles, n_independent, mention_ids FROM events"
        " WHERE event_id = ?", [event_id]).fetchone()
    if row is None:
        return None
    return {"record": row[0], "n_articles": row[1], "n_independent": row[2],
            "mention_ids": list(row[3] or [])}


ARTICLE_META = ("id", "title", "published", "url", "outlet", "dup_of", "skipped")


def article_meta(cur: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = cur.execute(
        f"SELECT id, title, CAST(published AS VARCHAR), url, outlet, dup_of, skipped"
        f" FROM articles WHERE id IN ({marks}) ORDER BY published, id", ids).fetchall()
    return [dict(zip(ARTICLE_META, r, strict=True)) for r in rows]


def article(cur: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    row = cur.execute(
        "SELECT id, title, CAST(published AS VARCHAR), url, outlet, dup_of, skipped, text"
        " FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return None
    return dict(zip((*ARTICLE_META, "text"), row, strict=True))


def aggregates(cur: duckdb.DuckDBPyConnection, query: Query) -> dict[str, list[dict[str, Any]]]:
    where, params = query.where()

    def group(key: str, order: str) -> list[dict[str, Any]]:
        rows = cur.execute(
            f"SELECT {key} AS k, count(*), coalesce(sum(fatalities), 0) FROM events"
            f" WHERE {where} GROUP BY k ORDER BY {order}", params).fetchall()
        return [{"key": k, "events": int(n), "fatalities": int(f)} for k, n, f in rows]

    return {
        "per_day": group("CAST(event_date AS VARCHAR)", "k NULLS LAST"),
        "per_type": group("event_type", "count(*) DESC, k NULLS LAST"),
        "per_admin1": group(f"concat_ws(' / ', country, {ADMIN1})",
                            "count(*) DESC, k NULLS LAST"),
    }


def timeline(cur: duckdb.DuckDBPyConnection, query: Query) -> list[dict[str, Any]]:
    """Events and fatalities per ISO week (weeks start on Monday) of the selected dated
    events, oldest first; weeks without an event are left out."""
    where, params = query.where()
    rows = cur.execute(
        f"SELECT CAST(date_trunc('week', event_date) AS DATE) AS w, count(*),"
        f" coalesce(sum(fatalities), 0) FROM events WHERE {where} AND event_date IS NOT NULL"
        f" GROUP BY w ORDER BY w", params).fetchall()
    return [{"week": w.isoformat(), "count": int(n), "fatalities": int(f)} for w, n, f in rows]
