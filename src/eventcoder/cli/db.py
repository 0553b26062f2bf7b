"""The database commands: ``eventcoder ingest`` and ``eventcoder export`` (docs/cli.md)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from eventcoder.cli.options import add_quality_options, settings_from_args
from eventcoder.cli.report import Rejects, exit_code, read_run, warn_long
from eventcoder.cli.terminal import Bar, report_summary, shows_progress
from eventcoder.errors import SettingsError
from eventcoder.inputs.readers import parse_date
from eventcoder.model import Event
from eventcoder.pipeline import get_pipeline
from eventcoder.settings import Settings
from eventcoder.store.database import DEFAULT_DB, Store
from eventcoder.store.export import (
    FILE_FORMATS,
    ExportCount,
    ExportOptions,
    open_output,
    write_export,
)
from eventcoder.store.filters import Filters, checked_filters
from eventcoder.store.ingest import Extractor, ingest

EXPORT_FORMATS = ("csv", "jsonl", "geojson", "gpkg", "plover", "parquet")


def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a YYYY-MM-DD date") from exc


def cmd_ingest(args: argparse.Namespace, pipeline: Extractor | None = None) -> int:
    published = parse_date(args.published, "--published") if args.published else None
    if args.batch_size < 1:
        raise SettingsError("--batch-size", f"must be at least 1, not {args.batch_size}")
    settings = settings_from_args(args)  # a bad config or flag: one line, before any work
    rejects = Rejects(args.rejects)
    try:
        articles, failed, summary = read_run(args.inputs, published, rejects)
        Store.open(args.db).close()  # a corrupt or foreign file: one line, before the model loads
        if pipeline is None:
            pipeline = get_pipeline(settings)
        own = getattr(pipeline, "settings", None)
        long = warn_long(articles, own if isinstance(own, Settings) else Settings())
        with Bar("ingest", len(articles), shows_progress(args.quiet)) as bar:
            report = ingest(args.db, articles, pipeline, batch_size=args.batch_size,
                            progress=bar.update, failed=failed, on_reject=rejects,
                            on_result=summary.add)
    finally:
        rejects.close()
    rejects.add_to(summary, failed)
    report_summary(summary, f"eventcoder ingest ({args.db})", args.quiet, args.summary_json)
    cut = f", {long} cut to max_chars" if long else ""
    print(
        f"eventcoder: {report.read} articles read, {report.new} new, {report.mentions} mentions"
        f" stored, {report.events} events in {args.db} ({failed} inputs failed,"
        f" {len(report.rejected)} records rejected, {report.skipped} articles skipped{cut};"
        f" run {report.run_id})",
        file=sys.stderr,
    )
    return exit_code(len(articles), rejects.count)


def cmd_export(args: argparse.Namespace) -> int:

    if not Path(args.db).exists():
        print(f"eventcoder: error: {args.db}: no such database", file=sys.stderr)
        return 2
    given = Filters(since=args.since, until=args.until, country=args.country, type=args.type,
                    actor=args.actor)
    with Store.open(args.db, read_only=True) as store:
        filters = checked_filters(lambda: contextlib.nullcontext(store.conn), given,
                                  {"country": "--country", "type": "--type",
                                   "actor": "--actor"})
        options = ExportOptions(store.article_infos(), args.interaction_labels)
        with Bar("export", None, shows_progress(args.quiet)) as bar:
            if args.format in FILE_FORMATS:
                if args.output in (None, "-"):
                    print(f"eventcoder: error: --format {args.format} needs -o OUT",
                          file=sys.stderr)
                    return 2
                n = store.export_file(args.output, args.format, filters, options)
            else:
                events: list[Event] = list(store.events(filters))
                bar.update(0, len(events))
                with non_acled_output(args) as other:
                    if args.output in (None, "-"):
                        count = write_export(bar.track(events), sys.stdout, args.format,
                                             options, other)
                    else:
                        with open_output(args.output) as fh:
                            count = write_export(bar.track(events), fh, args.format,
                                                 options, other)
                report_non_acled(count, args.non_acled)
                n = count.written
    if args.output not in (None, "-"):
        print(f"eventcoder: {n} events written to {args.output}", file=sys.stderr)
    return 0


@contextlib.contextmanager
def non_acled_output(args: argparse.Namespace) -> Iterator[IO[str] | None]:
    """The ``--non-acled FILE`` opened for writing (None when not given, or when the
    format is not CSV: only the CSV leaves events out)."""
    if not getattr(args, "non_acled", None) or args.format != "csv":
        yield None
        return
    with open_output(args.non_acled) as fh:
        yield fh


def report_non_acled(count: ExportCount, path: str | None) -> None:
    """One line on stderr about the events a CSV leaves out (no ACLED type)."""
    if count.non_acled:
        print(f"eventcoder: {count.non_acled} events with no ACLED type written to {path}",
              file=sys.stderr)
    elif count.left_out:
        print(f"eventcoder: {count.left_out} events with no ACLED type are not in the CSV"
              " (--non-acled FILE writes them)", file=sys.stderr)


def add_export_options(p: argparse.ArgumentParser) -> None:
    """``--non-acled`` and ``--interaction-labels`` (extract and export)."""
    p.add_argument("--non-acled", metavar="FILE",
                   help="CSV: write the events with no ACLED type to FILE (same columns)")
    p.add_argument("--interaction-labels", action="store_true",
                   help="CSV: ACLED's text labels in inter1, inter2 and interaction")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ingest`` and ``export`` to the ``eventcoder`` sub-command parsers."""
    ing = sub.add_parser("ingest", help="extract, store and merge articles into the database")
    ing.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder or - (stdin)")
    ing.add_argument("--db", default=DEFAULT_DB, metavar="PATH",
                     help=f"database file (default: {DEFAULT_DB})")
    ing.add_argument("--published", metavar="YYYY-MM-DD",
                     help="publication date for inputs without one")
    ing.add_argument("--batch-size", type=int, default=32, metavar="N",
                     help="articles per database transaction batch")
    ing.add_argument("--quiet", action="store_true",
                     help="no progress bar and no end-of-run summary table")
    ing.add_argument("--gazetteer", metavar="PATH", help="gazetteer DuckDB file to use")
    ing.add_argument("--rejects", metavar="PATH",
                     help="write each rejected input or record as a JSON line (origin, reason)")
    ing.add_argument("--summary-json", metavar="FILE",
                     help="write the end-of-run summary (counts) as JSON")
    add_quality_options(ing)
    ing.set_defaults(func=cmd_ingest)

    exp = sub.add_parser("export", help="merged events from the database, in a format")
    exp.add_argument("--db", default=DEFAULT_DB, metavar="PATH",
                     help=f"database file (default: {DEFAULT_DB})")
    exp.add_argument("--format", default="jsonl", choices=list(EXPORT_FORMATS))
    exp.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    exp.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="events on or after")
    exp.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="events on or before")
    exp.add_argument("--country", metavar="COUNTRY",
                     help="events in this country (a name, or an ISO2 or ISO3 code)")
    exp.add_argument("--type", metavar="TYPE",
                     help="ACLED event type or sub-event type, or PLOVER type")
    exp.add_argument("--actor", metavar="TEXT", help="events with an actor whose name holds TEXT")
    exp.add_argument("--quiet", action="store_true", help="no progress bar")
    add_export_options(exp)
    exp.set_defaults(func=cmd_export)
