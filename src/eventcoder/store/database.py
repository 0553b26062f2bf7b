"""The embedded database (DuckDB): articles, event mentions, merged events, run provenance.

The schema is built by the numbered migrations of ``store/schema.py``, applied when a file
is opened; ``store/ingest.py`` fills the store from articles. docs/store.md has the schema,
the merge rules and how ``serve`` and a scheduled ``ingest`` share one file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Unpack

import duckdb

from eventcoder.errors import StoreBusyError, StoreError
from eventcoder.model import Article, ArticleResult, Event, check_event
from eventcoder.store import dedup
from eventcoder.store.export import ArticleInfo, ExportOptions, write_file
from eventcoder.store.filters import FilterFields, Filters
from eventcoder.store.merge import Merged, event_from_dict, merge_events
from eventcoder.store.schema import SCHEMA_VERSION, migrate

DEFAULT_DB = "eventcoder.duckdb"
MERGE_MARGIN_DAYS = 35  # a month-precision date can match anything in its month
LOCK_WAIT_S = 30.0  # how long Store.open waits for another process's lock


def _duckdb_reason(exc: duckdb.Error) -> str:
    """DuckDB's message without its "IO Error: " kind prefix."""
    msg = str(exc).strip()
    head, sep, rest = msg.partition(": ")
    return rest if sep and head.endswith("Error") and " " in head else msg


def _connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, retrying a lock conflict for ``wait`` seconds; its failures as
    ``StoreError`` / ``StoreBusyError`` naming ``path``."""
    deadline = time.monotonic() + wait
    delay = 0.05
    intent = writer_intent(path)
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.IOException as exc:
                if not read_only and _is_lock(exc):
                    with contextlib.suppress(OSError):  # readers make way (ReadGate)
                        intent.touch()
                _lock_retry(exc, path, deadline, wait)
            except duckdb.Error as exc:
                raise StoreError(str(path), _duckdb_reason(exc)) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.1 if read_only else 1.0)  # readers retry often
    finally:
        if not read_only:
            with contextlib.suppress(OSError):
                intent.unlink(missing_ok=True)


def writer_intent(path: Path) -> Path:
    """The file a writer waiting for ``path``'s lock keeps touching (``ReadGate`` closes
    its read-only connection while it is fresh)."""
    return path.with_name(path.name + ".writer-waiting")


def _is_lock(exc: duckdb.IOException) -> bool:
    return re.search(r"\block\b", _duckdb_reason(exc), re.IGNORECASE) is not None


def _lock_retry(exc: duckdb.IOException, path: Path, deadline: float, wait: float) -> None:
    """Raise unless ``exc`` is a lock conflict and ``deadline`` has not passed."""
    reason = _duckdb_reason(exc)
    if not _is_lock(exc):  # not "block": a lock
        if "not a valid DuckDB database file" in reason:
            reason = "not a DuckDB database file"
        raise StoreError(str(path), reason) from exc
    if time.monotonic() >= deadline:
        holder = re.search(r"\(PID (\d+)\)", reason)
        who = f"another process (PID {holder.group(1)})" if holder else "another process"
        raise StoreBusyError(
            str(path), f"locked by {who}; gave up after waiting {wait:g} s"
        ) from exc


def _check_store(conn: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
    """``StoreError`` unless the file is an eventcoder store (or, to be written, empty)."""
    tables = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "schema_version" in tables:
        row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        found = int(row[0]) if row and row[0] is not None else 0
        if found > SCHEMA_VERSION and not read_only:
            raise StoreError(str(path), f"written by a newer eventcoder (schema {found}; this"
                                        f" version knows schemas up to {SCHEMA_VERSION})")
    elif read_only or tables:
        raise StoreError(str(path), "not an eventcoder database (no schema_version table)")


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:32]


class Store:
    """One open DuckDB file. Use ``Store.open``; close it (or use ``with``) when done."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(
        cls,
        path: str | Path = DEFAULT_DB,
        read_only: bool = False,
        target_version: int | None = None,
        wait: float = LOCK_WAIT_S,
    ) -> Store:
        """Open (and create or upgrade, unless ``read_only``) the database at ``path``.

        DuckDB lets one process write, or several read, at a time: when another process
        holds a conflicting lock, retry for up to ``wait`` seconds before giving up with
        ``StoreBusyError``. A path that is a folder, not a DuckDB file, or a DuckDB file
        that is not an eventcoder store raises ``StoreError`` naming the path.
        """
        path = Path(path)
        if path.is_dir():
            raise StoreError(str(path), "is a folder, not a database file")
        if read_only and not path.exists():
            raise StoreError(str(path), "no such database")
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                why = exc.strerror or exc
                raise StoreError(str(path), f"cannot create its folder ({why})") from exc
        conn = _connect(path, read_only, wait)
        try:
            _check_store(conn, path, read_only)
            if not read_only:
                migrate(conn, SCHEMA_VERSION if target_version is None else target_version)
        except duckdb.Error as exc:
            conn.close()
            raise StoreError(str(path), f"cannot open the store ({_duckdb_reason(exc)})") from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, path, read_only)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def count(self, table: str) -> int:
        assert table in ("articles", "mentions", "events", "runs", "article_bands")
        row = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def known(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(from_json(?, '[\"VARCHAR\"]')))",
            [json.dumps(list(ids))],
        ).fetchall()
        return {r[0] for r in rows}

    # -- runs --------------------------------------------------------------------------

    def start_run(self, versions: dict[str, str], fingerprint: str) -> str:
        run_id = f"run-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        self.conn.execute(
            "INSERT INTO runs (run_id, started, eventcoder_version, model_version,"
            " gazetteer_version, settings_fingerprint) VALUES (?, now(), ?, ?, ?, ?)",
            [run_id, versions.get("eventcoder"), versions.get("model"),
             versions.get("gazetteer"), fingerprint],
        )
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, int]) -> None:
        self.conn.execute(
            "UPDATE runs SET finished = now(), articles_read = ?, articles_new = ?,"
            " articles_skipped = ?, inputs_failed = ?, mentions_new = ?, events_total = ?"
            " WHERE run_id = ?",
            [counts.get("read", 0), counts.get("new", 0), counts.get("skipped", 0),
             counts.get("failed", 0), counts.get("mentions", 0), self.count("events"), run_id],
        )

    # -- writes ------------------------------------------------------------------------

    def _dedup_index(self, hashes: Iterable[int]) -> dedup.DedupIndex:
        """An index of the stored articles that share a band with any of ``hashes``."""
        index = dedup.DedupIndex()
        rows = self.conn.execute(
            "SELECT b.band_hash, a.id, a.minhash, coalesce(a.dup_of, a.id)"
            " FROM article_bands b JOIN articles a ON a.id = b.article_id"
            " WHERE b.band_hash IN (SELECT unnest(from_json(?, '[\"BIGINT\"]')))"
            " ORDER BY a.ingested_at, a.id",
            [json.dumps(sorted(set(hashes)))],
        ).fetchall()
        for band, aid, blob, root in rows:
            if blob is not None:
                index.sigs.setdefault(aid, dedup.from_bytes(blob))
                index.root[aid] = root
                index.bands.setdefault(band, []).append(aid)
        return index

    def add_batch(
        self, items: Sequence[tuple[Article, ArticleResult]], run_id: str | None
    ) -> list[str]:
        """Store articles and their mentions in one transaction (whole articles only);
        returns the ids stored, skipping those already in the database."""
        c = self.conn
        c.execute("BEGIN TRANSACTION")
        try:
            known = self.known([a.id for a, _ in items])
            todo: dict[str, tuple[Article, ArticleResult]] = {}
            for a, r in items:
                if a.id not in known and a.id not in todo:
                    todo[a.id] = (a, r)
            sigs = {aid: dedup.signature(a.text) for aid, (a, _) in todo.items()}
            bands = {aid: dedup.band_hashes(sig) for aid, sig in sigs.items()}
            index = self._dedup_index(h for hs in bands.values() for h in hs)
            arts: list[dict[str, Any]] = []
            mentions: list[dict[str, Any]] = []
            band_rows: list[dict[str, Any]] = []
            for aid, (a, r) in todo.items():
                dup_of = index.find(sigs[aid], bands[aid])
                index.sigs[aid] = sigs[aid]
                index.root[aid] = dup_of or aid
                for h in bands[aid]:
                    index.bands.setdefault(h, []).append(aid)
                    band_rows.append({"article_id": aid, "band_hash": h})
                arts.append({
                    "id": aid, "text": a.text, "title": a.title,
                    "published": a.published.isoformat() if a.published else None,
                    "url": a.url, "outlet": a.outlet, "origin": a.origin,
                    "text_hash": text_hash(a.text), "skipped": r.skipped, "run_id": run_id,
                    "dup_of": dup_of, "minhash": dedup.to_bytes(sigs[aid]).hex(),
                })
                mentions += [_mention_row(aid, e) for e in r.events]
            if arts:
                _insert_json(c, "articles", ARTICLE_COLUMNS, arts)
                _insert_json(c, "article_bands", BAND_COLUMNS, band_rows)
            if mentions:
                _insert_json(c, "mentions", MENTION_COLUMNS, mentions, "ON CONFLICT DO NOTHING")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return list(todo)

    def mentions(self, ids: Sequence[str] | None = None) -> list[Event]:
        """Stored mentions (all, or those with the given ids), ordered by id."""
        where, params = "", []
        if ids is not None:
            where = " WHERE event_id IN (SELECT unnest(from_json(?, '[\"VARCHAR\"]')))"
            params = [json.dumps(list(ids))]
        rows = self.conn.execute(f"SELECT record FROM mentions{where} ORDER BY event_id",
                                 params).fetchall()
        return [event_from_dict(json.loads(r[0])) for r in rows]

    def roots(self) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT id, dup_of FROM articles WHERE dup_of IS NOT NULL").fetchall()
        return {a: d for a, d in rows}

    def needs_merge(self) -> bool:
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM mentions),"
            " (SELECT coalesce(sum(len(mention_ids)), 0) FROM events)").fetchone()
        return bool(row and row[0] != row[1])

    def remerge(self) -> int:
        """Merge every stored mention again and replace the events table (one transaction)."""
        merged = merge_events(self.mentions(), self.roots())
        self._replace_events(merged, "DELETE FROM events", [])
        return len(merged)

    def _replace_events(self, merged: list[Merged], delete_sql: str | None,
                        params: list[str]) -> None:
        """Delete with ``delete_sql`` and insert ``merged`` events, in one transaction."""
        c = self.conn
        c.execute("BEGIN TRANSACTION")
        try:
            if delete_sql:
                c.execute(delete_sql, params)
            for i in range(0, len(merged), 20_000):
                rows = [_event_row(m) for m in merged[i : i + 20_000]]
                _insert_json(c, "events", EVENT_COLUMNS, rows)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def merge_plan(self) -> MergePlan | None:
        """What an incremental merge needs (None when every mention is merged): the
        mentions that are in no event yet, the stored mentions dated within
        ``MERGE_MARGIN_DAYS`` of them and the whole events those belong to. Reads only,
        so a read-only connection will do."""
        c = self.conn
        unmerged = "SELECT event_id FROM mentions WHERE event_id NOT IN" \
                   " (SELECT unnest(mention_ids) FROM events)"
        row = c.execute(f"SELECT min(event_date), max(event_date) FROM mentions"
                        f" WHERE event_id IN ({unmerged})").fetchone()
        new_ids = [r[0] for r in c.execute(unmerged).fetchall()]
        if not new_ids:
            return None
        old: list[tuple[str, list[str]]] = []
        if row and row[0] is not None:
            margin = dt.timedelta(days=MERGE_MARGIN_DAYS)
            old = c.execute(
                "SELECT DISTINCT e.event_id, e.mention_ids FROM events e,"
                " unnest(e.mention_ids) AS u(mid) JOIN mentions m ON m.event_id = u.mid"
                " WHERE m.event_date BETWEEN ? AND ?",
                [row[0] - margin, row[1] + margin],
            ).fetchall()
        ids = new_ids + [mid for _, mids in old for mid in mids]
        return MergePlan(self._state(), self.mentions(ids), self.roots(),
                         [eid for eid, _ in old])

    def _state(self) -> tuple[Any, ...]:
        """A fingerprint of the mentions and events stored (changes with any write)."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM mentions),"
            " (SELECT coalesce(sum(hash(event_id)), 0) FROM mentions),"
            " (SELECT count(*) FROM events),"
            " (SELECT coalesce(sum(hash(event_id)), 0) FROM events),"
            " (SELECT count(*) FROM articles WHERE dup_of IS NOT NULL)").fetchone()
        return tuple(row) if row else ()

    def apply_merge(self, plan: MergePlan, merged: list[Merged] | list[dict[str, Any]]) -> bool:
        """Replace the plan's old events by ``merged`` (or their rows, ``event_rows``) in
        one transaction, unless the store changed since the plan was read (then nothing
        is written: False)."""
        c = self.conn
        rows_all = event_rows(merged)
        c.execute("BEGIN TRANSACTION")
        try:
            if self._state() != plan.state:
                c.execute("ROLLBACK")
                return False
            if plan.old_events:
                c.execute("DELETE FROM events WHERE event_id IN"
                          " (SELECT unnest(from_json(?, '[\"VARCHAR\"]')))",
                          [json.dumps(plan.old_events)])
            for i in range(0, len(rows_all), 20_000):
                _insert_json(c, "events", EVENT_COLUMNS, rows_all[i : i + 20_000])
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return True

    def merge_new(self) -> int:
        """Merge the mentions that are in no event yet (``merge_plan``) on this
        connection; only the events they touch are replaced (one transaction). Returns
        how many events were written."""
        plan = self.merge_plan()
        if plan is None:
            return 0
        merged = merge_events(plan.mentions, plan.roots)
        self.apply_merge(plan, merged)
        return len(merged)

    # -- queries -----------------------------------------------------------------------

    def events(self, filters: Filters | None = None, **kw: Unpack[FilterFields]) -> list[Event]:
        """Merged events matching ``filters`` (or the same fields as keywords), by date."""
        f = filters or Filters(**kw)
        where, params = f.where()
        rows = self.conn.execute(
            f"SELECT record FROM events WHERE {where} ORDER BY event_date, event_id", params
        ).fetchall()
        return [event_from_dict(json.loads(r[0])) for r in rows]

    def article_infos(self) -> dict[str, ArticleInfo]:
        """Every stored article's outlet and the run that stored it (``article_infos``)."""
        return article_infos(self.conn)

    def export_file(self, out: str | Path, fmt: str, filters: Filters | None = None,
                    options: ExportOptions | None = None) -> int:
        """Write the selected events to ``out`` as Parquet or GeoPackage
        (``export.write_file``; outlets and provenance from the stored articles)."""
        opts = options or ExportOptions()
        reports = {r[0]: (r[1], r[2]) for r in self.conn.execute(
            "SELECT event_id, n_articles, n_independent FROM events").fetchall()}
        opts = replace(opts, articles=opts.articles or self.article_infos(),
                       reports=opts.reports or reports)
        return write_file(self.events(filters), out, fmt, opts).written

    def export_parquet(self, out: str | Path, filters: Filters | None = None) -> int:
        """Write the selected events as Parquet: every field of the record, the evidence
        spans and the provenance (docs/exports.md)."""
        return self.export_file(out, "parquet", filters)


def article_infos(conn: duckdb.DuckDBPyConnection) -> dict[str, ArticleInfo]:
    """Article id -> its outlet and the versions and settings of the run that stored it
    (what exports write as ``source``, ``source_scale`` and provenance)."""
    rows = conn.execute(
        "SELECT a.id, a.outlet, a.run_id, r.eventcoder_version, r.settings_fingerprint,"
        " r.model_version, r.gazetteer_version FROM articles a"
        " LEFT JOIN runs r ON r.run_id = a.run_id").fetchall()
    return {r[0]: ArticleInfo(*r[1:]) for r in rows}


@dataclass
class MergePlan:
    """The input of an incremental merge, read in one go (``Store.merge_plan``)."""

    state: tuple[Any, ...]
    mentions: list[Event]
    roots: dict[str, str]
    old_events: list[str]


def merge_file(path: str | Path, wait: float = LOCK_WAIT_S, tries: int = 3) -> int:
    """The incremental merge of the store at ``path``, holding the write lock only to
    write: the plan is read through a read-only connection (shared with readers such
    as ``serve``), the clustering runs with the file closed, and the events are written
    in one short transaction, which first checks that nothing changed meanwhile (else
    the merge is planned again; after ``tries`` the whole merge runs under the lock).
    Returns how many events were written (docs/store.md)."""
    for _ in range(tries):
        with Store.open(path, read_only=True, wait=wait) as r:
            plan = r.merge_plan()
        if plan is None:
            return 0
        rows = event_rows(merge_events(plan.mentions, plan.roots))
        with Store.open(path, wait=wait) as w:
            if w.apply_merge(plan, rows):
                return len(rows)
    with Store.open(path, wait=wait) as w:
        return w.merge_new()


# (column, JSON type, SQL expression turning the JSON value into the column's type)
Column = tuple[str, str | list[str] | None, str | None]
ARTICLE_COLUMNS: tuple[Column, ...] = (
    ("id", "VARCHAR", None), ("text", "VARCHAR", None), ("title", "VARCHAR", None),
    ("published", "VARCHAR", "CAST({} AS DATE)"), ("url", "VARCHAR", None),
    ("outlet", "VARCHAR", None), ("origin", "VARCHAR", None), ("text_hash", "VARCHAR", None),
    ("skipped", "VARCHAR", None), ("run_id", "VARCHAR", None),
    ("ingested_at", None, "now()"), ("dup_of", "VARCHAR", None),
    ("minhash", "VARCHAR", "unhex({})"),
)
BAND_COLUMNS: tuple[Column, ...] = (("article_id", "VARCHAR", None), ("band_hash", "BIGINT", None))
_COMMON: tuple[Column, ...] = (
    ("event_type", "VARCHAR", None), ("sub_event_type", "VARCHAR", None),
    ("plover_type", "VARCHAR", None), ("country", "VARCHAR", None), ("lat", "DOUBLE", None),
    ("lon", "DOUBLE", None), ("fatalities", "INTEGER", None), ("background", "BOOLEAN", None),
)
MENTION_COLUMNS: tuple[Column, ...] = (
    ("event_id", "VARCHAR", None), ("article_id", "VARCHAR", None),
    ("event_date", "VARCHAR", "CAST({} AS DATE)"), *_COMMON,
    ("record", "VARCHAR", "CAST({} AS JSON)"),
)
EVENT_COLUMNS: tuple[Column, ...] = (
    ("event_id", "VARCHAR", None), ("event_date", "VARCHAR", "CAST({} AS DATE)"), *_COMMON,
    ("actors", "VARCHAR", None), ("n_articles", "INTEGER", None),
    ("n_independent", "INTEGER", None), ("mention_ids", ["VARCHAR"], None),
    ("record", "VARCHAR", "CAST({} AS JSON)"),
)


def _insert_json(
    c: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[Column],
    rows: list[dict[str, Any]],
    suffix: str = "",
) -> None:
    """Insert ``rows`` with one statement and one JSON parameter (binding a parameter per
    value is slow in the DuckDB Python client)."""
    shape = {name: typ for name, typ, _ in columns if typ is not None}
    exprs = []
    for name, typ, expr in columns:
        value = f"r.{name}" if typ is not None else ""
        exprs.append(expr.format(value) if expr else value)
    c.execute(
        f"INSERT INTO {table} ({', '.join(n for n, _, _ in columns)})"
        f" SELECT {', '.join(exprs)} FROM (SELECT unnest(json_transform(?, ?)) AS r) {suffix}",
        [json.dumps(rows, ensure_ascii=False), json.dumps([shape])],
    )


def _located(e: Event) -> dict[str, Any]:
    check_event(e)  # a count out of range is a RecordError, never a NULL in the store
    loc = e.location
    return {
        "event_type": e.event_type, "sub_event_type": e.sub_event_type,
        "plover_type": e.plover_type, "country": loc.iso3 if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "fatalities": e.fatalities, "background": e.background,
    }


def _mention_row(article_id: str, e: Event) -> dict[str, Any]:
    return {"event_id": e.event_id, "article_id": article_id, "event_date": e.event_date,
            **_located(e), "record": json.dumps(e.to_dict(), ensure_ascii=False)}


def event_rows(merged: list[Merged] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``events`` rows of merged events (rows given are returned as they are)."""
    return [m if isinstance(m, dict) else _event_row(m) for m in merged]


def _event_row(m: Merged) -> dict[str, Any]:
    e = m.event
    actors = [a.name for a in (e.actor1, e.actor2, *e.assoc_actor_1, *e.assoc_actor_2) if a]
    actors += [a.text for a in (e.actor1, e.actor2) if a]
    return {"event_id": e.event_id, "event_date": e.event_date, **_located(e),
            "actors": " | ".join(actors), "n_articles": m.n_articles,
            "n_independent": m.n_independent, "mention_ids": list(m.mention_ids),
            "record": json.dumps(e.to_dict(), ensure_ascii=False)}


