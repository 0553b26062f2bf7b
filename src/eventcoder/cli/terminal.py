"""What a command shows on the terminal: progress bars (``rich``) while it runs, only when
standard error is a terminal and ``--quiet`` is not given, and the end-of-run summary
table (standard error) and ``--summary-json FILE`` (docs/cli.md, "Progress and summary")."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from eventcoder.store.export import open_output
from eventcoder.store.summary import RunSummary

T = TypeVar("T")


def shows_progress(quiet: bool = False) -> bool:
    """Progress is drawn only on a terminal, and never with ``--quiet``."""
    return not quiet and sys.stderr.isatty()


class Bar:
    """A progress bar on standard error (``rich``), or nothing at all when disabled.

    Use as a context manager; ``update(done, total)`` moves it (``total`` may change, as
    for the gazetteer build's steps), ``stage(label, done, total)`` also relabels it."""

    def __init__(self, label: str, total: int | None, enabled: bool) -> None:
        self.label = label
        self.total = total
        self.enabled = enabled
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Bar:
        if self.enabled:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=False)
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def update(self, done: int, total: int | None = None) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done,
                                  total=total if total is not None else self.total)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def stage(self, label: str, done: int, total: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=label, completed=done, total=total)

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, advancing the bar by one for each."""
        for item in items:
            yield item
            self.advance()


def summary_table(summary: RunSummary, title: str) -> Table:
    """The summary as a ``rich`` table: one section per count, rows by count."""
    d = summary.to_dict()
    table = Table(title=title, show_header=True, header_style="bold", title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    arts = d["articles"]
    rows = [("articles read", arts["read"])]
    if arts["processed"] != arts["read"]:
        rows.append(("  extracted (not stored before)", arts["processed"]))
    rows += [("  with records", arts["with_records"]),
             ("  without records", arts["without_records"]),
             ("  skipped", arts["skipped"])]
    rows += [(f"    {k}", v) for k, v in d["skipped_by_reason"].items()]
    rows.append(("  rejected", arts["rejected"]))
    rows += [(f"    {k}", v) for k, v in d["rejected_inputs_by_reason"].items()]
    rec = d["records"]
    rows += [("records kept", rec["kept"]), ("records filtered out", rec["filtered_out"]),
             ("records rejected", rec["rejected"])]
    rows += [(f"    {k}", v) for k, v in d["rejected_records_by_reason"].items()]
    for name, v in rows:
        table.add_row(name, str(v))
    table.add_section()
    for k, v in d["records_by_event_type"].items():
        table.add_row(f"type: {k}", str(v))
    table.add_section()
    for k, v in d["records_by_country"].items():
        table.add_row(f"country: {k}", str(v))
    return table


def report_summary(summary: RunSummary, title: str, quiet: bool, json_path: str | None) -> None:
    """Print the summary table on standard error (not with ``--quiet``) and write it as
    JSON to ``json_path`` when given."""
    if not quiet:
        Console(stderr=True, highlight=False).print(summary_table(summary, title))
    if json_path:
        with open_output(json_path) as fh:
            fh.write(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n")
