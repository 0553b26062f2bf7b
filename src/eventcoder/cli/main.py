"""The command line: a thin layer over the Python API. See docs/cli.md for every command."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from eventcoder.batch.parallel import process_parallel
from eventcoder.cli.about import VersionAction
from eventcoder.cli.batch import add_commands as add_batch_commands
from eventcoder.cli.db import add_commands as add_db_commands
from eventcoder.cli.db import add_export_options, non_acled_output, report_non_acled
from eventcoder.cli.options import add_quality_options, settings_from_args
from eventcoder.cli.report import Rejects, exit_code, read_run, warn_long
from eventcoder.cli.serve import add_commands as add_serve_commands
from eventcoder.cli.terminal import Bar, report_summary, shows_progress
from eventcoder.errors import EventcoderError, SettingsError
from eventcoder.eval.evaluate import HALF_CHOICES, evaluate_paths, format_report
from eventcoder.geo.provision import build_gazetteer, import_geonames
from eventcoder.inputs.readers import parse_date, read_inputs
from eventcoder.model import Article, ArticleResult, Event, InputFailure, checked_result
from eventcoder.pipeline import get_pipeline
from eventcoder.settings import Settings
from eventcoder.store.export import FORMATS, ArticleInfo, ExportOptions, open_output, write_export
from eventcoder.store.ingest import extract_isolated
from eventcoder.version import __version__

FULL_PARSE_HELP = "run the whole spaCy model over every sentence (slower; see docs/performance.md)"


def _settings(args: argparse.Namespace) -> Settings:
    return settings_from_args(args)


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    if path in (None, "-"):
        yield sys.stdout
        return
    assert path is not None
    with open_output(path) as fh:
        yield fh


def _report_failure(f: InputFailure) -> None:
    print(f"eventcoder: error: {f.origin}: {f.reason}", file=sys.stderr)


def _report_skip(r: ArticleResult) -> None:
    where = f" ({r.origin})" if r.origin else ""
    print(f"eventcoder: skipped {r.article_id}{where}: {r.skipped}", file=sys.stderr)


def summary_table(events: Sequence[Event]) -> str:
    """A readable table of events: date, type, actors, place, fatalities."""
    rows = [("date", "type", "actor1", "actor2", "place", "killed", "bg")]
    for e in events:
        place = ""
        if e.location is not None:
            place = e.location.name + (f", {e.location.country}" if e.location.country else "")
        rows.append(
            (
                e.event_date or "?",
                e.sub_event_type or e.plover_type,
                e.actor1.name if e.actor1 else "-",
                e.actor2.name if e.actor2 else "-",
                place or "-",
                str(e.fatalities),
                "yes" if e.background else "",
            )
        )
    widths = [min(34, max(len(r[i]) for r in rows)) for i in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        cells = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(r, widths, strict=True)]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


ISOLATION_CHUNK = 256  # articles run as one batch; a failing batch is rerun one by one


def _results(
    articles: list[Article], settings: Settings, workers: int,
    reject: Callable[[InputFailure], None],
) -> Iterator[ArticleResult]:
    """One result per article that could be extracted; the others (and each record out of
    range) go to ``reject``."""
    if workers > 1 and len(articles) > 1:
        for result in process_parallel(articles, settings, workers):
            kept, rejected = checked_result(result)
            for f in rejected:
                reject(f)
            yield kept
        return
    pipeline = get_pipeline(settings)
    for i in range(0, len(articles), ISOLATION_CHUNK):
        for _a, r in extract_isolated(pipeline, articles[i : i + ISOLATION_CHUNK]):
            if isinstance(r, InputFailure):
                reject(r)
            else:
                yield r


ARTICLES_PER_WORKER = 8  # below this many articles per core a pool costs more than it saves


def _worker_count(requested: int | None, n_articles: int) -> int:
    """``--workers N`` as given; by default all cores, but no more than the batch can use
    (each worker loads its own model, about 2 s)."""
    if requested is not None:
        if requested < 1:
            raise SettingsError("--workers", f"must be at least 1, not {requested}")
        return requested
    return max(1, min(os.cpu_count() or 1, n_articles // ARTICLES_PER_WORKER))


def cmd_extract(args: argparse.Namespace) -> int:
    published = parse_date(args.published, "--published") if args.published else None
    settings = _settings(args)
    rejects = Rejects(args.rejects)
    try:
        articles, failed, summary = read_run(args.inputs, published, rejects)
        long = warn_long(articles, settings)
        events: list[Event] = []
        skipped = 0
        workers = _worker_count(args.workers, len(articles))
        with Bar("extract", len(articles), shows_progress(args.quiet)) as bar:

            def reject(f: InputFailure) -> None:
                rejects(f)
                if not Rejects.is_record(f):
                    bar.advance()  # an article the pipeline failed on

            for result in _results(articles, settings, workers, reject):
                bar.advance()
                summary.add(result)
                if result.skipped is not None:
                    _report_skip(result)
                    skipped += 1
                events.extend(result.events)
    finally:
        rejects.close()
    rejects.add_to(summary, failed)
    fingerprint = settings.fingerprint()
    infos = {a.id: ArticleInfo(outlet=a.outlet, eventcoder_version=__version__,
                               settings_fingerprint=fingerprint) for a in articles}
    options = ExportOptions(infos, args.interaction_labels)
    with _output(args.output) as out, non_acled_output(args) as other:
        count = write_export(events, out, args.format, options, other)
    report_non_acled(count, args.non_acled)
    written = count.written
    if args.summary:
        print(summary_table(events), file=sys.stderr)
    report_summary(summary, "eventcoder extract", args.quiet, args.summary_json)
    if args.output not in (None, "-") or args.summary or rejects.count or long:
        where = args.output if args.output not in (None, "-") else "standard output"
        cut = f", {long} cut to max_chars" if long else ""
        print(
            f"eventcoder: {len(articles)} articles, {written} events written to {where}"
            f" ({failed} inputs failed, {rejects.count - failed} records rejected,"
            f" {skipped} articles skipped{cut})",
            file=sys.stderr,
        )
    return exit_code(len(articles), rejects.count)


def cmd_geoparse(args: argparse.Namespace) -> int:

    settings = _settings(args)
    articles: list[Article] = []
    failed = 0
    for item in read_inputs(args.inputs):
        if isinstance(item, InputFailure):
            _report_failure(item)
            failed += 1
        else:
            articles.append(item)
    with _output(args.output) as out:
        for article, toponyms in get_pipeline(settings).geoparse(articles):
            rec = {"article_id": article.id, "toponyms": [t.to_dict() for t in toponyms]}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return exit_code(len(articles), failed)


def cmd_evaluate(args: argparse.Namespace) -> int:

    pipeline = get_pipeline(_settings(args))
    with Bar("evaluate", None, shows_progress(args.quiet)) as bar:
        report = evaluate_paths(args.gold, pipeline, half=args.half, progress=bar.update)
    print(format_report(report))
    if args.report:
        with open_output(args.report) as fh:
            fh.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
    return 0


def cmd_gazetteer(args: argparse.Namespace) -> int:

    settings = _settings(args)
    path = settings.resolved_gazetteer_path()
    with Bar("gazetteer", None, shows_progress(args.quiet)) as bar:
        if args.gaz_command == "build":
            info = build_gazetteer(path, force=args.force, progress=bar.stage)
        else:
            info = import_geonames(
                path,
                places=Path(args.places),
                admin1=Path(args.admin1) if args.admin1 else None,
                admin2=Path(args.admin2) if args.admin2 else None,
                alternate_names=Path(args.alternate_names) if args.alternate_names else None,
                progress=bar.stage,
            )
    print(json.dumps(info, indent=2, default=str))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="eventcoder",
        description="Read news articles and write evidence-backed records of political events.",
    )
    p.add_argument("--version", action=VersionAction)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="articles in, event records out")
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder or - (stdin)")
    ex.add_argument(
        "--published", metavar="YYYY-MM-DD", help="publication date for inputs without one"
    )
    ex.add_argument("--format", default="jsonl", choices=list(FORMATS))
    ex.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    ex.add_argument(
        "--workers", type=int, default=None, metavar="N",
        help="worker processes (default: all cores, when the batch is large enough)",
    )
    ex.add_argument("--summary", action="store_true", help="print a table of the events to stderr")
    ex.add_argument("--rejects", metavar="PATH",
                    help="write each rejected input or record as a JSON line (origin, reason)")
    ex.add_argument("--gazetteer", metavar="PATH", help="gazetteer DuckDB file to use")
    ex.add_argument("--full-parse", action="store_true", help=FULL_PARSE_HELP)
    add_export_options(ex)
    ex.add_argument("--quiet", action="store_true",
                    help="no progress bar and no end-of-run summary table")
    ex.add_argument("--summary-json", metavar="FILE",
                    help="write the end-of-run summary (counts) as JSON")
    add_quality_options(ex)
    ex.set_defaults(func=cmd_extract)

    gp = sub.add_parser("geoparse", help="every place mentioned, resolved")
    gp.add_argument("inputs", nargs="+", metavar="INPUT")
    gp.add_argument("-o", "--output", metavar="OUT")
    gp.add_argument("--gazetteer", metavar="PATH")
    gp.set_defaults(func=cmd_geoparse)

    ev = sub.add_parser("evaluate", help="score against gold files or folders")
    ev.add_argument("gold", nargs="+", metavar="GOLD")
    ev.add_argument("--report", metavar="FILE", help="write the scores as JSON")
    ev.add_argument(
        "--half", choices=HALF_CHOICES, default="both",
        help="score only the documents of this held-out half (default: both, each shown)",
    )
    ev.add_argument("--gazetteer", metavar="PATH")
    ev.add_argument("--full-parse", action="store_true", help=FULL_PARSE_HELP)
    ev.add_argument("--quiet", action="store_true", help="no progress bar")
    ev.set_defaults(func=cmd_evaluate)

    gz = sub.add_parser("gazetteer", help="build or import the embedded gazetteer")
    gz.add_argument("--gazetteer", metavar="PATH", help="gazetteer file (default: in the cache)")
    gz_sub = gz.add_subparsers(dest="gaz_command", metavar="ACTION", required=True)
    gb = gz_sub.add_parser("build", help="build from the packaged GeoNames data")
    gb.add_argument("--force", action="store_true", help="rebuild even if present")
    gb.add_argument("--quiet", action="store_true", help="no progress bar")
    gi = gz_sub.add_parser("import", help="import full GeoNames dump files")
    gi.add_argument("places", metavar="PLACES", help="allCountries.txt or cities500.txt")
    gi.add_argument("--admin1", metavar="FILE", help="admin1CodesASCII.txt")
    gi.add_argument("--admin2", metavar="FILE", help="admin2Codes.txt")
    gi.add_argument("--alternate-names", metavar="FILE", help="alternateNamesV2.txt")
    gi.add_argument("--quiet", action="store_true")
    gz.set_defaults(func=cmd_gazetteer)


    add_db_commands(sub)
    add_serve_commands(sub)
    add_batch_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except EventcoderError as exc:
        print(f"eventcoder: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
