"""Process-level parallelism on one machine: one pipeline per worker, loaded once.

Each worker process builds its own ``Pipeline`` in the pool initializer; articles go
out in chunks and results come back in input order. spaCy's own multiprocessing is
never used inside a worker.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterator, Sequence

from eventcoder.model import Article, ArticleResult
from eventcoder.pipeline import Pipeline
from eventcoder.settings import Settings

_WORKER_PIPELINE: Pipeline | None = None
_WORKER_ERROR: Exception | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_PIPELINE, _WORKER_ERROR
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        _WORKER_PIPELINE = Pipeline(settings)
    except Exception as exc:
        # handed to the parent by the first task: a pool whose initializer raises starts
        # new workers for ever and never returns
        _WORKER_ERROR = exc


def _work(chunk: list[Article]) -> list[ArticleResult]:
    if _WORKER_ERROR is not None:
        raise _WORKER_ERROR  # e.g. a GazetteerError: the parent reports it in one line
    assert _WORKER_PIPELINE is not None
    return list(_WORKER_PIPELINE.process(chunk))


def process_parallel(
    articles: Sequence[Article], settings: Settings, workers: int, chunk_size: int = 8
) -> Iterator[ArticleResult]:
    chunks = [list(articles[i : i + chunk_size]) for i in range(0, len(articles), chunk_size)]
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
        for results in pool.imap(_work, chunks):
            yield from results
