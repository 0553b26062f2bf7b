"""``ingest``: extract events from articles not yet stored, store them batch by batch (each
batch one transaction, the file closed between batches so readers get in), then merge."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb

from eventcoder.errors import StoreError
from eventcoder.model import Article, ArticleResult, InputFailure, checked_result, text_problem
from eventcoder.store.database import Store, merge_file


@dataclass
class IngestReport:
    run_id: str = ""
    read: int = 0
    new: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: int = 0
    events: int = 0
    rejected: list[InputFailure] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        return {"read": self.read, "new": self.new, "skipped": self.skipped,
                "failed": self.failed + len(self.rejected), "mentions": self.mentions}


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for a in items:
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Extractor(Protocol):
    """What ``ingest`` needs of a pipeline: ``process``, giving one result per article in
    input order. Its ``resources`` (``versions()``) and ``settings`` (``fingerprint()``),
    when it has them, are recorded in the run's provenance."""

    def process(self, articles: list[Article]) -> Iterable[ArticleResult]: ...


def _origin(a: Article) -> str:
    return a.origin or a.id


def article_problem(a: Article) -> str | None:
    """Why ``a`` cannot be extracted and stored (a text field with a lone surrogate), or
    None."""
    for name in ("id", "text", "title", "url", "outlet"):
        value = getattr(a, name)
        if value is not None and (why := text_problem(value)) is not None:
            return f"{name} {why}"
    return None


def extract_isolated(
    pipeline: Extractor, articles: list[Article]
) -> Iterator[tuple[Article, ArticleResult | InputFailure]]:
    """Each article with its result, or with an ``InputFailure`` when the pipeline failed
    on it or one of its records was out of range: one poison article never stops a batch.
    The batch runs as one; only when it fails is each article run alone, to find the one
    at fault (docs/reliability.md)."""
    ok: list[Article] = []
    for a in articles:
        why = article_problem(a)
        if why is not None:
            yield a, InputFailure(_origin(a), why)
        else:
            ok.append(a)
    try:
        pairs = list(zip(ok, pipeline.process(ok), strict=True)) if ok else []
    except Exception:  # one article broke the batch: find it, keep the others
        pairs = []
        for a in ok:
            try:
                [r] = list(pipeline.process([a]))
            except Exception as exc:
                yield a, InputFailure(_origin(a), f"extraction failed ({type(exc).__name__}:"
                                                  f" {exc})")
                continue
            pairs.append((a, r))
    for a, r in pairs:
        kept, rejected = checked_result(r)
        for f in rejected:
            yield a, f
        yield a, kept


def ingest(
    db: Store | str | Path,
    articles: Sequence[Article],
    pipeline: Extractor,
    *,
    batch_size: int = 32,
    progress: Callable[[int, int], None] | None = None,
    failed: int = 0,
    on_article: Callable[[str], None] | None = None,
    on_reject: Callable[[InputFailure], None] | None = None,
    on_result: Callable[[ArticleResult], None] | None = None,
) -> IngestReport:
    """Extract and store ``articles`` not yet in the database, then merge.

    ``db`` is an open ``Store`` (held for the whole run) or a path, opened for each batch
    and closed between them so that readers can get in (docs/store.md). Articles already
    stored are skipped, each batch is written in one transaction, and the merge runs
    whenever stored mentions are not all merged, so a killed run resumes cleanly.
    ``progress(done, total)`` is called after each batch; ``on_article(id)`` after each
    stored article; ``on_reject(failure)`` for each article or record rejected (also kept
    in ``IngestReport.rejected``); ``on_result(result)`` for each article extracted (not
    those stored before). A DuckDB failure inside a file that opened (a corrupt
    block) is a ``StoreError`` naming the file.
    """
    try:
        return _ingest(db, articles, pipeline, batch_size, progress, failed, on_article,
                       on_reject, on_result)
    except duckdb.Error as exc:
        where = db.path if isinstance(db, Store) else Path(db)
        raise StoreError(str(where), f"the store is unusable ({exc})") from exc


def _ingest(
    db: Store | str | Path,
    articles: Sequence[Article],
    pipeline: Extractor,
    batch_size: int,
    progress: Callable[[int, int], None] | None,
    failed: int,
    on_article: Callable[[str], None] | None,
    on_reject: Callable[[InputFailure], None] | None,
    on_result: Callable[[ArticleResult], None] | None = None,
) -> IngestReport:
    held = db if isinstance(db, Store) else None
    path = db.path if isinstance(db, Store) else Path(db)

    @contextlib.contextmanager
    def session() -> Iterator[Store]:
        store = held if held is not None else Store.open(path)
        try:
            yield store
        finally:
            if held is None:
                store.close()

    resources = getattr(pipeline, "resources", None)
    settings = getattr(pipeline, "settings", None)
    report = IngestReport(read=len(articles), failed=failed)
    with session() as s:
        report.run_id = s.start_run(resources.versions() if resources is not None else {},
                                    settings.fingerprint() if settings is not None else "")
    done = 0
    for batch in _batches(articles, batch_size):
        with session() as s:
            known = s.known([a.id for a in batch])
        todo = list({a.id: a for a in batch if a.id not in known}.values())
        pairs: list[tuple[Article, ArticleResult]] = []
        for a, r in extract_isolated(pipeline, todo):
            if isinstance(r, InputFailure):
                report.rejected.append(r)
                if on_reject is not None:
                    on_reject(r)
            else:
                pairs.append((a, r))
                if on_result is not None:
                    on_result(r)
        if pairs:
            with session() as s:
                stored = set(s.add_batch(pairs, report.run_id))
            for a, r in pairs:
                if a.id in stored:
                    report.new += 1
                    report.mentions += len(r.events)
                    report.skipped += r.skipped is not None
                    if on_article is not None:
                        on_article(a.id)
        done += len(batch)
        if progress is not None:
            progress(done, len(articles))
    if held is None:
        merge_file(path)  # reads and clusters without the write lock
    with session() as s:
        if s.needs_merge():
            s.merge_new()
        s.finish_run(report.run_id, report.as_counts())
        report.events = s.count("events")
    return report
