"""The batch pipeline as an Apache Spark job (docs/spark.md).

    read articles (JSONL / Parquet / CSV, any URI Spark reads)
      -> mapInPandas: ``article_from_record`` + the process-wide ``Pipeline`` (the code path
         of ``process_article`` and of ``eventcoder extract``), one spaCy model per Python
         worker, loaded lazily on first use, never pickled or broadcast
      -> <output>/events   Parquet, one row per event (record JSON + flat columns),
                           partitioned by year/month of the event date
      -> <output>/problems JSON, one row per input that failed or was skipped, with reason
      -> <output>/merged   (with merge) the cross-article merge of ``store/merge.py``, run per
                           block (country x year x month of the event) in applyInPandas

Only ``Settings`` (a small frozen dataclass) travels to the workers. pyspark is imported
inside the functions so that the package imports without it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.errors import InputError, SettingsError
from eventcoder.inputs.readers import article_from_record
from eventcoder.model import Article, Event
from eventcoder.pipeline import get_pipeline
from eventcoder.settings import Settings
from eventcoder.store.merge import event_from_dict, merge_events

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

INPUT_FORMATS = ("jsonl", "parquet", "csv")
ARTICLE_FIELDS = ("id", "text", "title", "published", "url", "outlet")
_SUFFIX_FORMAT = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".csv": "csv",
}
_CORRUPT = "_corrupt_record"

# Flat columns beside the record JSON (name, Spark type, pandas dtype: float64 or object).
FLAT: tuple[tuple[str, str, str], ...] = (
    ("event_id", "string", "object"),
    ("article_id", "string", "object"),
    ("event_date", "string", "object"),
    ("date_precision", "string", "object"),
    ("background", "boolean", "object"),
    ("event_type", "string", "object"),
    ("sub_event_type", "string", "object"),
    ("disorder_type", "string", "object"),
    ("plover_type", "string", "object"),
    ("cameo_root", "string", "object"),
    ("actor1", "string", "object"),
    ("actor2", "string", "object"),
    ("location", "string", "object"),
    ("admin1", "string", "object"),
    ("admin2", "string", "object"),
    ("country", "string", "object"),
    ("iso3", "string", "object"),
    ("lat", "double", "float64"),
    ("lon", "double", "float64"),
    ("geo_precision", "int", "object"),
    ("fatalities", "int", "object"),
    ("confidence", "double", "float64"),
    ("year", "int", "object"),
    ("month", "int", "object"),
    ("record", "string", "object"),
)
# What the map stage emits: events and problems in one frame, told apart by ``kind``.
HEAD: tuple[tuple[str, str, str], ...] = (
    ("kind", "string", "object"),  # article | event | failed | skipped
    ("seq", "long", "object"),  # input order of the article (orders the merge like one machine)
    ("n", "int", "object"),  # the event's index within its article
    ("origin", "string", "object"),
    ("reason", "string", "object"),
)
MERGE_HEAD: tuple[tuple[str, str, str], ...] = (
    ("mention_ids", "array<string>", "object"),
    ("n_articles", "int", "object"),
    ("n_independent", "int", "object"),
)


def _ddl(cols: Sequence[tuple[str, str, str]]) -> str:
    return ", ".join(f"{name} {kind}" for name, kind, _ in cols)


def _frame(rows: list[dict[str, Any]], cols: Sequence[tuple[str, str, str]]) -> pd.DataFrame:
    import pandas as pd

    df = pd.DataFrame(rows, columns=[c for c, _, _ in cols], dtype=object)
    # ints and bools stay Python objects (None for null): pandas' nullable extension
    # dtypes do not convert to Arrow record batches in every pyspark version
    return df.astype({c: d for c, _, d in cols if d == "float64"})


def flat_row(e: Event) -> dict[str, Any]:
    """One event as the flat columns plus its full record (``Event.to_dict``) as JSON."""
    loc = e.location
    year = month = None
    if e.event_date and len(e.event_date) >= 7:
        year, month = int(e.event_date[:4]), int(e.event_date[5:7])
    return {
        "event_id": e.event_id,
        "article_id": e.article_ids[0] if e.article_ids else None,
        "event_date": e.event_date,
        "date_precision": e.date_precision,
        "background": e.background,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "disorder_type": e.disorder_type,
        "plover_type": e.plover_type,
        "cameo_root": e.cameo_root,
        "actor1": e.actor1.name if e.actor1 else None,
        "actor2": e.actor2.name if e.actor2 else None,
        "location": loc.name if loc else None,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "country": loc.country if loc else None,
        "iso3": loc.iso3 if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "geo_precision": loc.geo_precision if loc else None,
        "fatalities": e.fatalities,
        "confidence": round(e.confidence, 4),
        "year": year,
        "month": month,
        "record": json.dumps(e.to_dict(), ensure_ascii=False),
    }


# --- the worker side ---------------------------------------------------------------------


def worker_settings(settings: Settings) -> Settings:
    """Settings as seen in a worker: a gazetteer named by a relative path that is not
    there is looked up among the files shipped with the job (``--files`` / addFile)."""
    gaz = settings.gazetteer_path
    if gaz is None or Path(gaz).is_absolute() or Path(gaz).exists():
        return settings
    try:
        from pyspark import SparkFiles

        shipped = Path(SparkFiles.get(Path(gaz).name))
    except Exception:  # noqa: BLE001 - no SparkContext files here: keep the path as given
        return settings
    return settings.with_(gazetteer_path=shipped) if shipped.exists() else settings


def process_frame(
    pdf: pd.DataFrame, settings: Settings, published: str | None = None
) -> pd.DataFrame:
    """Articles (one per row) in, event and problem rows out: the body of the map stage."""
    default_pub = dt.date.fromisoformat(published) if published else None
    rows: list[dict[str, Any]] = []
    todo: list[tuple[int, Article]] = []
    for rec in pdf.to_dict("records"):
        seq = int(rec["seq"])
        origin = str(rec.get("origin") or "?")
        bad = rec.get(_CORRUPT)
        if isinstance(bad, str) and bad:
            rows.append({"kind": "failed", "seq": seq, "origin": origin,
                         "reason": "malformed record (not a JSON object / CSV row)"})
            continue
        clean = {k: (rec.get(k) if isinstance(rec.get(k), str) else None) for k in ARTICLE_FIELDS}
        try:
            todo.append((seq, article_from_record(clean, origin, default_pub)))
        except InputError as exc:
            rows.append({"kind": "failed", "seq": seq, "origin": origin,
                         "article_id": clean.get("id"), "reason": exc.reason})
    if todo:
        pipe = get_pipeline(settings)  # built once per Python worker, on first use
        for (seq, art), result in zip(todo, pipe.process(a for _, a in todo), strict=True):
            rows.append({"kind": "article", "seq": seq, "origin": art.origin,
                         "article_id": art.id})
            if result.skipped is not None:
                rows.append({"kind": "skipped", "seq": seq, "origin": art.origin,
                             "article_id": art.id, "reason": result.skipped})
            for n, e in enumerate(result.events):
                rows.append({"kind": "event", "seq": seq, "n": n, **flat_row(e)})
    return _frame(rows, HEAD + FLAT)


def _map_articles(
    settings: Settings, published: str | None
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        local = worker_settings(settings)
        for pdf in batches:
            yield process_frame(pdf, local, published)

    return run


def merge_frame(pdf: pd.DataFrame) -> pd.DataFrame:
    """One block's mentions in, merged events out (``merge.merge_events``), in the order
    one machine would see them (article input order, then event order)."""
    pdf = pdf.sort_values(["seq", "n"], kind="stable")
    mentions = [event_from_dict(json.loads(r)) for r in pdf["record"]]
    rows = [{"mention_ids": list(m.mention_ids), "n_articles": m.n_articles,
             "n_independent": m.n_independent, **flat_row(m.event)}
            for m in merge_events(mentions)]
    return _frame(rows, MERGE_HEAD + FLAT)


# --- the driver side ---------------------------------------------------------------------


@dataclass
class JobReport:
    """What a job did: counts, and the reasons inputs failed or were skipped."""

    articles: int = 0
    events: int = 0
    merged: int | None = None
    failed: int = 0
    skipped: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    output: str = ""

    def lines(self) -> list[str]:
        out = [f"eventcoder batch: {self.articles} articles, {self.events} events"
               + (f", {self.merged} merged events" if self.merged is not None else "")
               + f" ({self.failed} inputs failed, {self.skipped} skipped) in {self.output}"]
        for reason, n in sorted(self.reasons.items(), key=lambda kv: -kv[1]):
            out.append(f"  {n:>8}  {reason}")
        return out


def spark_session(master: str | None = None, app: str = "eventcoder",
                  conf: Sequence[tuple[str, str]] = ()) -> SparkSession:
    """A SparkSession with OPENBLAS_NUM_THREADS=1 in the driver and every executor."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName(app)
    if master:
        b = b.master(master)
    elif not SparkConf().contains("spark.master"):
        master = "local[*]"
        b = b.master(master)
    master = master or SparkConf().get("spark.master", "")
    if master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        os.environ["PYSPARK_PYTHON"] = sys.executable  # workers run this interpreter
    b = (b.config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
         .config("spark.sql.execution.arrow.maxRecordsPerBatch", "256")
         .config("spark.ui.showConsoleProgress", "false"))
    for k, v in conf:
        b = b.config(k, v)
    return b.getOrCreate()


def input_format(inputs: Sequence[str], fmt: str | None) -> str:
    if fmt:
        if fmt not in INPUT_FORMATS:
            raise SettingsError(
                "format", f"unknown input format {fmt!r} (one of {', '.join(INPUT_FORMATS)})"
            )
        return fmt
    for raw in inputs:
        name = raw.rstrip("/").lower().removesuffix(".gz")
        for suffix, f in _SUFFIX_FORMAT.items():
            if name.endswith(suffix):
                return f
    return "jsonl"


def read_articles(spark: SparkSession, inputs: Sequence[str], fmt: str) -> DataFrame:
    """The articles as string columns id, text, title, published, url, outlet, plus
    ``origin`` (the file) and ``seq`` (input order); malformed rows keep _corrupt_record."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    paths = list(inputs)
    if fmt == "jsonl":
        fields = [StructField(c, StringType()) for c in (*ARTICLE_FIELDS, _CORRUPT)]
        df = (spark.read.schema(StructType(fields)).option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", _CORRUPT).json(paths))
        df = df.select(*ARTICLE_FIELDS, _CORRUPT, F.col("_metadata.file_path"))
    else:
        if fmt == "csv":  # columns by name from the header, every value a string
            df = (spark.read.option("header", True).option("multiLine", True)
                  .option("escape", '"').csv(paths))
        else:
            df = spark.read.parquet(*paths)
        df = df.select(*[F.col(c).cast("string").alias(c) if c in df.columns
                         else F.lit(None).cast("string").alias(c) for c in ARTICLE_FIELDS],
                       F.lit(None).cast("string").alias(_CORRUPT), F.col("_metadata.file_path"))
    return (df.withColumnRenamed("file_path", "origin")
            .withColumn("seq", F.monotonically_increasing_id()))


def run_job(
    spark: SparkSession,
    inputs: Sequence[str],
    output: str,
    settings: Settings | None = None,
    fmt: str | None = None,
    partitions: int | None = None,
    merge: bool = True,
    published: str | None = None,
    ship_gazetteer: bool = False,
) -> JobReport:
    """Run the whole job; ``output`` is a folder (or URI) that is overwritten."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    settings = settings or Settings()
    if ship_gazetteer:
        gaz = settings.resolved_gazetteer_path()
        spark.sparkContext.addFile(str(gaz))
        settings = settings.with_(gazetteer_path=Path(gaz.name))
    out = output.rstrip("/")
    articles = read_articles(spark, inputs, input_format(inputs, fmt))
    n = partitions or spark.sparkContext.defaultParallelism
    if partitions or articles.rdd.getNumPartitions() < n:
        articles = articles.repartition(n)
    rows = articles.mapInPandas(_map_articles(settings, published), _ddl(HEAD + FLAT))
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        report = JobReport(output=out)
        for r in rows.groupBy("kind", "reason").count().collect():
            if r["kind"] in ("event", "article"):
                setattr(report, r["kind"] + "s", getattr(report, r["kind"] + "s") + r["count"])
                continue
            report.reasons[f"{r['kind']}: {r['reason']}"] = r["count"]
            if r["kind"] == "failed":
                report.failed += r["count"]
            else:
                report.skipped += r["count"]
        events = rows.filter(F.col("kind") == "event").drop("kind", "origin", "reason")
        events.write.mode("overwrite").partitionBy("year", "month").parquet(f"{out}/events")
        (rows.filter(F.col("kind").isin("failed", "skipped"))
         .select("kind", "article_id", "origin", "reason")
         .coalesce(1).write.mode("overwrite").json(f"{out}/problems"))
        if merge:  # from the cached rows: no second read of the output (it may be a glob)
            blocked = events.withColumn("block", F.coalesce(F.col("iso3"), F.lit("")))
            # n blocks per task rather than spark.sql.shuffle.partitions (200) tiny Python
            # tasks; the groupBy reuses this hash partitioning (no second shuffle)
            blocked = blocked.repartition(n, "block", "year", "month")
            merged = blocked.groupBy("block", "year", "month").applyInPandas(
                merge_frame, _ddl(MERGE_HEAD + FLAT)).persist(StorageLevel.MEMORY_AND_DISK)
            try:
                merged.write.mode("overwrite").partitionBy("year", "month").parquet(
                    f"{out}/merged")
                report.merged = merged.count()
            finally:
                merged.unpersist()
    finally:
        rows.unpersist()
    return report
