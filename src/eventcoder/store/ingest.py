"""``ingest``: extract events from articles not yet stored, store them batch by batch (each
batch one transaction, the file closed between batches so readers get in), then merge."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from eventcoder.model import Article, ArticleResult
from eventcoder.store.database import Store


@dataclass
class IngestReport:
    run_id: str = ""
    read: int = 0
    new: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: int = 0
    events: int = 0

    def as_counts(self) -> dict[str, int]:
        return {"read": self.read, "new": self.new, "skipped": self.skipped,
                "failed": self.failed, "mentions": self.mentions}


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


def ingest(
    db: Store | str | Path,
    articles: Sequence[Article],
    pipeline: Extractor,
    *,
    batch_size: int = 32,
    progress: Callable[[int, int], None] | None = None,
    failed: int = 0,
    on_article: Callable[[str], None] | None = None,
) -> IngestReport:
    """Extract and store ``articles`` not yet in the database, then merge.

    ``db`` is an open ``Store`` (held for the whole run) or a path, opened for each batch
    and closed between them so that readers can get in (docs/store.md). Articles already
    stored are skipped, each batch is written in one transaction, and the merge runs
    whenever stored mentions are not all merged, so a killed run resumes cleanly.
    ``progress(done, total)`` is called after each batch; ``on_article(id)`` after each
    stored article.
    """
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
        pairs = list(zip(todo, pipeline.process(todo), strict=True)) if todo else []
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
    with session() as s:
        if s.needs_merge():
            s.merge_new()
        s.finish_run(report.run_id, report.as_counts())
        report.events = s.count("events")
    return report
