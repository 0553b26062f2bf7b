"""``eventcoder batch``: the pipeline as an Apache Spark job (docs/spark.md, docs/cli.md)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from eventcoder.batch.spark_job import INPUT_FORMATS, run_job, spark_session
from eventcoder.cli.options import add_quality_options, settings_from_args
from eventcoder.errors import EventcoderError, InputError


def _conf(value: str) -> tuple[str, str]:
    key, sep, val = value.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"{value!r} is not KEY=VALUE")
    return key, val


def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a YYYY-MM-DD date") from exc


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders or URIs Spark reads (s3a://, hdfs://, dbfs:/ ...)")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="output folder or URI (events/, problems/, merged/; overwritten)")
    p.add_argument("--format", choices=list(INPUT_FORMATS),
                   help="input format (default: from the first input's suffix, else jsonl)")
    p.add_argument("--master", metavar="URL",
                   help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
    p.add_argument("--partitions", type=_positive, metavar="N",
                   help="split the articles into N partitions (default: the parallelism)")
    p.add_argument("--no-merge", dest="merge", action="store_false",
                   help="skip the cross-article merge stage")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="publication date for articles without one")
    p.add_argument("--gazetteer", metavar="PATH",
                   help="gazetteer DuckDB file as workers see it (a relative name is also "
                        "looked up among files shipped with --files)")
    p.add_argument("--ship-gazetteer", action="store_true",
                   help="copy the driver's gazetteer file to every executor (SparkFiles)")
    p.add_argument("--conf", type=_conf, action="append", default=[], metavar="KEY=VALUE",
                   help="extra Spark setting (repeatable)")
    add_quality_options(p)


def check_local_inputs(inputs: Sequence[str]) -> None:
    """``InputError`` for a local input path that does not exist, before Spark starts (an
    URI such as s3a://... or dbfs:/..., or a glob, is left to Spark)."""
    for raw in inputs:
        if ":" in raw or any(c in raw for c in "*?[{"):
            continue
        if not Path(raw).exists():
            raise InputError(raw, "no such file or folder")


def run_from_args(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)  # a bad config or flag: one line, before Spark
    check_local_inputs(args.inputs)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("eventcoder: error: pyspark is not installed (pip install '.[spark]' in the"
              " eventcoder checkout)",
              file=sys.stderr)
        return 2
    start = time.monotonic()
    spark = spark_session(args.master, conf=args.conf)
    try:
        report = run_job(
            spark, args.inputs, args.output, settings, fmt=args.format,
            partitions=args.partitions, merge=args.merge, published=args.published,
            ship_gazetteer=args.ship_gazetteer,
        )
    finally:
        spark.stop()
    for line in report.lines():
        print(line, file=sys.stderr)
    print(f"eventcoder batch: {time.monotonic() - start:.1f} s", file=sys.stderr)
    return 1 if report.failed else 0


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``batch`` to the CLI's subcommands."""
    p = subparsers.add_parser("batch", help="run the pipeline as an Apache Spark job")
    add_arguments(p)
    p.set_defaults(func=run_from_args)


def standalone_parser() -> argparse.ArgumentParser:
    """The same options, for ``spark-submit .../eventcoder/cli/batch.py``."""
    p = argparse.ArgumentParser(prog="eventcoder-spark",
                                description="eventcoder batch as a spark-submit application")
    add_arguments(p)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """``spark-submit .../eventcoder/cli/batch.py INPUT... --output DIR`` (same options as
    ``eventcoder batch``)."""
    try:
        return run_from_args(standalone_parser().parse_args(argv))
    except EventcoderError as exc:
        print(f"eventcoder: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # run as a file by spark-submit
    sys.exit(main())
