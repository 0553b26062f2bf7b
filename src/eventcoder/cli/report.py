"""What a batch command reports: rejected inputs and records (standard error and
``--rejects PATH``), long articles, and the exit status (docs/cli.md, "Exit codes")."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence

from eventcoder.inputs.readers import read_inputs
from eventcoder.model import Article, InputFailure
from eventcoder.settings import Settings
from eventcoder.store.export import open_output
from eventcoder.store.summary import RunSummary

EXIT_OK = 0  # every input read, every record kept
EXIT_FAILED = 1  # inputs were given but none could be read
EXIT_ERROR = 2  # a usage or fatal error
EXIT_REJECTED = 3  # some inputs or records were rejected (reported); the rest went on


def exit_code(read: int, rejected: int) -> int:
    """The exit status of a batch command (docs/cli.md, "Exit codes")."""
    if not rejected:
        return EXIT_OK
    return EXIT_REJECTED if read else EXIT_FAILED


class Rejects:
    """Reports each rejected input or record on standard error and, with ``--rejects
    PATH``, as one JSON line ``{"origin", "reason"}`` in that file."""

    def __init__(self, path: str | None) -> None:
        self.count = 0
        self.failures: list[InputFailure] = []
        self._out = open_output(path) if path else None

    @staticmethod
    def is_record(f: InputFailure) -> bool:
        """Whether ``f`` rejects one record (``model.checked_result``), not a whole input."""
        return " rejected: " in f.reason

    def add_to(self, summary: RunSummary, inputs: int) -> None:
        """Count every rejection in ``summary``: the first ``inputs`` are inputs that
        could not be read; of the rest, records, or articles the pipeline failed on."""
        for n, f in enumerate(self.failures):
            summary.reject(f, record=n >= inputs and self.is_record(f))

    def __call__(self, f: InputFailure) -> None:
        self.count += 1
        self.failures.append(f)
        print(f"eventcoder: error: {f.origin}: {f.reason}", file=sys.stderr)
        if self._out is not None:
            self._out.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
            self._out.flush()

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


def warn_long(articles: Sequence[Article], settings: Settings) -> int:
    """Warn on standard error about each article longer than ``Settings.max_chars`` (only
    its first ``max_chars`` characters are read); returns how many."""
    n = 0
    for a in articles:
        if len(a.text) > settings.max_chars:
            n += 1
            where = f" ({a.origin})" if a.origin else ""
            print(f"eventcoder: warning: {a.id}{where}: text of {len(a.text):,} characters;"
                  f" only the first {settings.max_chars:,} (Settings.max_chars) are read",
                  file=sys.stderr)
    return n


def read_run(inputs: Sequence[str], published: dt.date | None,
             rejects: Rejects) -> tuple[list[Article], int, RunSummary]:
    """The start of an extract or ingest run: the articles of ``inputs``, how many inputs
    could not be read (in ``rejects``), and the run's summary with its articles counted."""
    articles = read_articles(inputs, published, rejects)
    summary = RunSummary()
    summary.read = len(articles)
    return articles, rejects.count, summary


def read_articles(inputs: Sequence[str], published: dt.date | None,
                  rejects: Rejects) -> list[Article]:
    """Every article of ``inputs``; each input that cannot be read goes to ``rejects``."""
    articles: list[Article] = []
    for item in read_inputs(inputs, published):
        if isinstance(item, InputFailure):
            rejects(item)
        else:
            articles.append(item)
    return articles
