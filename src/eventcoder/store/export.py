"""Export event records: JSON Lines, JSON, ACLED-column CSV, GeoJSON, GeoPackage, Parquet,
PLOVER JSON (docs/exports.md).

One flat view of a record (``flat_record``: one value per column, ``None`` when unknown)
feeds every tabular format, so CSV, GeoJSON, GeoPackage and Parquet agree; the HTTP
server's downloads use the same writers (``export_chunks``). A missing value is an empty
cell in CSV and ``null`` in JSON, never ``""``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import duckdb

from eventcoder.errors import OutputError, SettingsError
from eventcoder.facts.folding import fold_ascii
from eventcoder.model import Actor, Event
from eventcoder.version import __version__

FORMATS = ("jsonl", "json", "csv", "geojson", "plover")
FILE_FORMATS = ("parquet", "gpkg")  # written by DuckDB to a path, not to a text stream

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# ACLED's actor types by inter code, the words of its text interaction labels
INTER_LABELS: dict[int, str] = {
    1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
DEFAULT_SOURCE_SCALE = "Other"  # an outlet that data/outlet_scales.tsv does not list
SCALE_ORDER = ("Local", "Subnational", "National", "Regional", "International",
               "New media", "Other")
LIST_SEP = "; "  # ACLED's separator inside a cell (several sources, associated actors)

_PRECISION_CODE: dict[str | None, int] = {"day": 1, "week": 2, "month": 3}

# The flat view of a record: (column, DuckDB type of one value, a list of values?).
# CSV, GeoJSON and GeoPackage join a list with "; "; Parquet keeps it a list.
FLAT_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("event_id", "VARCHAR", False),
    ("article_ids", "VARCHAR", True),
    ("event_date", "DATE", False),
    ("year", "INTEGER", False),
    ("date_precision", "VARCHAR", False),
    ("time_precision", "INTEGER", False),
    ("date_source", "VARCHAR", False),
    ("background", "BOOLEAN", False),
    ("event_type", "VARCHAR", False),
    ("sub_event_type", "VARCHAR", False),
    ("disorder_type", "VARCHAR", False),
    ("plover_type", "VARCHAR", False),
    ("plover_mode", "VARCHAR", True),
    ("cameo_root", "VARCHAR", False),
    ("actor1", "VARCHAR", False),
    ("actor1_text", "VARCHAR", False),
    ("actor1_type", "VARCHAR", False),
    ("inter1", "INTEGER", False),
    ("actor1_country", "VARCHAR", False),
    ("actor1_sector", "VARCHAR", False),
    ("actor1_wikidata", "VARCHAR", False),
    ("actor2", "VARCHAR", False),
    ("actor2_text", "VARCHAR", False),
    ("actor2_type", "VARCHAR", False),
    ("inter2", "INTEGER", False),
    ("actor2_country", "VARCHAR", False),
    ("actor2_sector", "VARCHAR", False),
    ("actor2_wikidata", "VARCHAR", False),
    ("assoc_actor_1", "VARCHAR", True),
    ("assoc_actor_2", "VARCHAR", True),
    ("interaction", "INTEGER", False),
    ("civilian_targeting", "BOOLEAN", False),
    ("location", "VARCHAR", False),
    ("location_text", "VARCHAR", False),
    ("location_feature", "VARCHAR", False),
    ("admin1", "VARCHAR", False),
    ("admin2", "VARCHAR", False),
    ("country", "VARCHAR", False),
    ("iso3", "VARCHAR", False),
    ("region", "VARCHAR", False),
    ("latitude", "DOUBLE", False),
    ("longitude", "DOUBLE", False),
    ("geonameid", "BIGINT", False),
    ("geo_precision", "INTEGER", False),
    ("fatalities", "INTEGER", False),
    ("fatalities_low", "INTEGER", False),
    ("fatalities_high", "INTEGER", False),
    ("fatalities_text", "VARCHAR", True),
    ("injured", "INTEGER", False),
    ("arrested", "INTEGER", False),
    ("sources", "VARCHAR", True),
    ("source_kinds", "VARCHAR", True),
    ("source_quotes", "VARCHAR", True),
    ("outlets", "VARCHAR", True),
    ("source_scale", "VARCHAR", False),
    ("tags", "VARCHAR", True),
    ("notes", "VARCHAR", False),
    ("confidence", "DOUBLE", False),
)
FLAT_NAMES: tuple[str, ...] = tuple(c[0] for c in FLAT_COLUMNS)

# Parquet only: provenance (distinct values over the event's articles) and the evidence
PROVENANCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("n_articles", "INTEGER"),
    ("n_independent", "INTEGER"),
    ("run_ids", "VARCHAR[]"),
    ("eventcoder_versions", "VARCHAR[]"),
    ("settings_fingerprints", "VARCHAR[]"),
    ("model_versions", "VARCHAR[]"),
    ("gazetteer_versions", "VARCHAR[]"),
    ("exported_by", "VARCHAR"),
)
EVIDENCE_TYPE = 'STRUCT(field VARCHAR, article_id VARCHAR, "start" INTEGER, "end" INTEGER,' \
                " quote VARCHAR)[]"


@dataclass(frozen=True)
class ArticleInfo:
    """What an export knows of one article: its outlet and the run that stored it."""

    outlet: str | None = None
    run_id: str | None = None
    eventcoder_version: str | None = None
    settings_fingerprint: str | None = None
    model_version: str | None = None
    gazetteer_version: str | None = None


@dataclass(frozen=True)
class ExportOptions:
    """How to write: ``articles`` (article id -> ``ArticleInfo``) gives the outlets
    (ACLED ``source``, ``source_scale``) and the provenance; ``interaction_labels`` writes
    ACLED's text labels in ``inter1``, ``inter2`` and ``interaction`` of the CSV;
    ``timestamp`` (Unix seconds) the CSV's ``timestamp`` column (default: now);
    ``reports`` the Parquet ``n_articles``/``n_independent`` of merged events."""

    articles: Mapping[str, ArticleInfo] = field(default_factory=dict)
    interaction_labels: bool = False
    timestamp: int | None = None
    # event id -> (reports, independent reports), from the store's events table
    reports: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class ExportCount:
    """How many events were written, and how many of them went to the non-ACLED file
    (CSV: events with no ACLED type) or were left out for want of one."""

    written: int = 0
    non_acled: int = 0
    left_out: int = 0


# -- reference data ------------------------------------------------------------------------


def _data_rows(name: str) -> Iterator[list[str]]:
    text = resources.files("eventcoder").joinpath("data", name).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def acled_regions() -> dict[str, str]:
    """ISO3 -> ACLED region name (``data/acled_regions.tsv``)."""
    return {r[0]: r[1] for r in _data_rows("acled_regions.tsv")}


def _outlet_key(name: str) -> str:
    key = fold_ascii(name.replace("-", " "))
    return key[4:] if key.startswith("the ") else key


@lru_cache(maxsize=1)
def outlet_scales() -> dict[str, tuple[str, str]]:
    """Folded outlet name -> (home ISO3, reach) (``data/outlet_scales.tsv``)."""
    return {_outlet_key(r[0]): (r[1], r[2]) for r in _data_rows("outlet_scales.tsv")}


def source_scale(outlet: str, iso3: str | None) -> str:
    """ACLED's source scale of ``outlet`` for an event in ``iso3`` (docs/exports.md)."""
    known = outlet_scales().get(_outlet_key(outlet))
    if known is None:
        return DEFAULT_SOURCE_SCALE
    home, reach = known
    if reach == "new media":
        return "New media"
    if iso3 is not None and iso3 == home:
        return {"subnational": "Subnational", "local": "Local"}.get(reach, "National")
    return "Regional" if reach == "regional" else "International"


def _iso_numeric(iso3: str | None) -> int | None:
    if not iso3:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return int(country.numeric) if country is not None else None


def interaction_label(inter1: int | None, inter2: int | None) -> str | None:
    """ACLED's text interaction: "State forces-Civilians" (lower code first), or
    "Protesters only" for one actor type alone."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    words = [INTER_LABELS.get(c, str(c)) for c in codes]
    return f"{words[0]} only" if len(words) == 1 else "-".join(words)


# -- the flat view -------------------------------------------------------------------------


def _outlets(e: Event, articles: Mapping[str, ArticleInfo]) -> list[str]:
    seen: list[str] = []
    for aid in e.article_ids:
        info = articles.get(aid)
        if info is not None and info.outlet and info.outlet not in seen:
            seen.append(info.outlet)
    return seen


def _scale(outlets: Sequence[str], iso3: str | None) -> str | None:
    scales = {source_scale(o, iso3) for o in outlets}
    if not scales:
        return None
    return "-".join(s for s in SCALE_ORDER if s in scales)


def coding_tags(e: Event) -> list[str]:
    """Coding notes for ACLED's ``tags`` column (docs/exports.md): crowd size for
    demonstrations (the reports' size is not extracted: "no report", as ACLED writes when
    a report gives none), the fatality range when reports differ, injured and arrested
    counts, a background event, a date taken from the publication date, and the PLOVER
    type of an event with no ACLED type."""
    tags: list[str] = []
    if e.event_type in ("Protests", "Riots"):
        tags.append("crowd size=no report")
    low, high = e.fatalities_low, e.fatalities_high
    if low is not None and high is not None and low != high:
        tags.append(f"fatalities reported={low}-{high}")
    if e.injured is not None:
        tags.append(f"injured={e.injured}")
    if e.arrested is not None:
        tags.append(f"arrested={e.arrested}")
    if e.background:
        tags.append("background event")
    if e.event_date is not None and e.date_source == "publication":
        tags.append("date=publication date")
    if e.event_type is None:
        tags.append(f"plover type={e.plover_type}")
    return tags


def _actor(prefix: str, inter: str, a: Actor | None) -> dict[str, Any]:
    return {
        prefix: a.name if a else None,
        f"{prefix}_text": a.text if a else None,
        f"{prefix}_type": a.type if a else None,
        inter: a.inter if a else None,
        f"{prefix}_country": a.country if a else None,
        f"{prefix}_sector": a.sector if a else None,
        f"{prefix}_wikidata": a.wikidata if a else None,
    }


def flat_record(e: Event, options: ExportOptions | None = None) -> dict[str, Any]:
    """The record as one value per ``FLAT_COLUMNS`` column (lists as lists; ``None`` for
    an unknown value, never "")."""
    opts = options or ExportOptions()
    loc = e.location
    iso3 = loc.iso3 if loc else None
    outlets = _outlets(e, opts.articles)
    return {
        "event_id": e.event_id,
        "article_ids": list(e.article_ids),
        "event_date": e.event_date,
        "year": int(e.event_date[:4]) if e.event_date else None,
        "date_precision": e.date_precision,
        "time_precision": _PRECISION_CODE.get(e.date_precision),
        "date_source": e.date_source,
        "background": e.background,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "disorder_type": e.disorder_type,
        "plover_type": e.plover_type,
        "plover_mode": list(e.plover_mode),
        "cameo_root": e.cameo_root,
        **_actor("actor1", "inter1", e.actor1),
        **_actor("actor2", "inter2", e.actor2),
        "assoc_actor_1": [a.name for a in e.assoc_actor_1],
        "assoc_actor_2": [a.name for a in e.assoc_actor_2],
        "interaction": e.interaction,
        "civilian_targeting": e.civilian_targeting,
        "location": loc.name if loc else None,
        "location_text": loc.text if loc else None,
        "location_feature": loc.feature if loc else None,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "country": loc.country if loc else None,
        "iso3": iso3,
        "region": acled_regions().get(iso3) if iso3 else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geonameid": loc.geonameid if loc else None,
        "geo_precision": loc.geo_precision if loc else None,
        "fatalities": e.fatalities,
        "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
        "fatalities_text": list(e.fatalities_text),
        "injured": e.injured,
        "arrested": e.arrested,
        "sources": [s.name for s in e.sources],
        "source_kinds": [s.kind for s in e.sources],
        "source_quotes": [s.quote for s in e.sources],
        "outlets": outlets,
        "source_scale": _scale(outlets, iso3),
        "tags": coding_tags(e),
        "notes": e.notes or None,
        "confidence": round(e.confidence, 4),
    }


def joined(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with each list joined by "; " (an empty list: ``None``)."""
    return {k: (LIST_SEP.join(str(x) for x in v) or None) if isinstance(v, list) else v
            for k, v in row.items()}


def acled_row(e: Event, timestamp: int | None = None,
              options: ExportOptions | None = None) -> dict[str, Any]:
    """The 31 ACLED export columns of ``e`` (``None`` where unknown: an empty CSV cell).
    ``inter1``/``inter2``/``interaction`` are 0 for a missing actor or code, as ACLED
    writes 0 for a missing second actor; with ``options.interaction_labels`` they are
    ACLED's text labels instead (empty for a missing actor)."""
    opts = options or ExportOptions()
    f = flat_record(e, opts)
    inter1, inter2 = f["inter1"], f["inter2"]
    if opts.interaction_labels:
        i1: Any = INTER_LABELS.get(inter1) if inter1 else None
        i2: Any = INTER_LABELS.get(inter2) if inter2 else None
        ia: Any = interaction_label(inter1, inter2)
    else:
        i1, i2, ia = inter1 or 0, inter2 or 0, f["interaction"] or 0
    ts = timestamp if timestamp is not None else opts.timestamp
    return {
        "event_id_cnty": f"{f['iso3'] or 'XXX'}{e.event_id[3:11].upper()}",
        "event_date": f["event_date"],
        "year": f["year"],
        "time_precision": f["time_precision"],
        "disorder_type": f["disorder_type"],
        "event_type": f["event_type"],
        "sub_event_type": f["sub_event_type"],
        "actor1": f["actor1"],
        "assoc_actor_1": LIST_SEP.join(f["assoc_actor_1"]) or None,
        "inter1": i1,
        "actor2": f["actor2"],
        "assoc_actor_2": LIST_SEP.join(f["assoc_actor_2"]) or None,
        "inter2": i2,
        "interaction": ia,
        "civilian_targeting": "Civilian targeting" if e.civilian_targeting else None,
        "iso": _iso_numeric(f["iso3"]),
        "region": f["region"],
        "country": f["country"],
        "admin1": f["admin1"],
        "admin2": f["admin2"],
        "admin3": None,  # not in the record: docs/exports.md
        "location": f["location"],
        "latitude": f["latitude"],
        "longitude": f["longitude"],
        "geo_precision": f["geo_precision"],
        "source": LIST_SEP.join(f["outlets"]) or None,
        "source_scale": f["source_scale"],
        "notes": f["notes"],
        "fatalities": f["fatalities"],
        "tags": LIST_SEP.join(f["tags"]) or None,
        "timestamp": ts if ts is not None else int(time.time()),
    }


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: str) -> str:
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    # a carriage return alone would be written unquoted (the line ends are "\n"): as "\n"
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def csv_safe(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with every text cell that a spreadsheet would run as a formula (one that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) prefixed with a
    single quote, carriage returns inside a cell written as line feeds (so the cell is
    quoted) and ``None`` written as an empty cell; numbers are left as they are
    (docs/reliability.md)."""
    return {k: "" if v is None else _safe_cell(v) if isinstance(v, str) else v
            for k, v in row.items()}


def geojson_feature(e: Event, options: ExportOptions | None = None) -> dict[str, Any]:
    """A GeoJSON Feature with flat properties (``FLAT_COLUMNS``, lists joined with "; ",
    ``null`` when unknown): one column per property in QGIS."""
    props = joined(flat_record(e, options))
    geometry = None
    if props["latitude"] is not None and props["longitude"] is not None:
        geometry = {"type": "Point", "coordinates": [props["longitude"], props["latitude"]]}
    return {"type": "Feature", "id": e.event_id, "geometry": geometry, "properties": props}


def plover_record(e: Event) -> dict[str, Any]:
    """A PLOVER-style event object (type, mode, actors with sector codes, location)."""
    loc = e.location

    def actor(a: Actor | None) -> dict[str, Any] | None:
        if a is None:
            return None
        return {"name": a.name, "text": a.text, "country": a.country, "sector": a.sector}

    return {
        "id": e.event_id,
        "date": e.event_date,
        "event": e.plover_type,
        "mode": list(e.plover_mode),
        "context": [],
        "actor": actor(e.actor1),
        "recipient": actor(e.actor2),
        "location": None
        if loc is None
        else {
            "name": loc.name,
            "country": loc.iso3,
            "lat": loc.lat,
            "lon": loc.lon,
            "geonameid": loc.geonameid,
        },
        "fatalities": e.fatalities,
        "injured": e.injured,
        "cameo_root": e.cameo_root,
        "sources": [s.name for s in e.sources],
        "article_ids": list(e.article_ids),
    }


def open_output(path: str | Path) -> IO[str]:
    """``path`` opened for writing text (its folder created first), or ``OutputError``
    naming it and why (a folder, no permission, ...). The caller closes it."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return open(target, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise OutputError(str(path), f"cannot write ({exc.strerror or exc})") from exc


# -- text formats, as chunks (the CLI writes them; the server streams them) ----------------


class _CsvRows:
    """ACLED CSV rows as text, header first."""

    def __init__(self) -> None:
        self.buf = io.StringIO()
        self.writer = csv.DictWriter(self.buf, fieldnames=list(ACLED_COLUMNS),
                                     lineterminator="\n")

    def header(self) -> str:
        self.writer.writeheader()
        return self._take()

    def row(self, row: dict[str, Any]) -> str:
        self.writer.writerow(csv_safe(row))
        return self._take()

    def _take(self) -> str:
        text = self.buf.getvalue()
        self.buf.seek(0)
        self.buf.truncate()
        return text


def export_chunks(events: Iterable[Event], fmt: str, options: ExportOptions | None = None,
                  non_acled: IO[str] | None = None,
                  count: ExportCount | None = None) -> Iterator[str]:
    """``events`` in the text format ``fmt`` (``FORMATS``), a piece of text at a time.

    CSV holds the events that have an ACLED type; the others go, in the same columns, to
    ``non_acled`` when given (with the PLOVER type in ``tags``), else they are counted in
    ``count.left_out``: never dropped without a count (docs/exports.md)."""
    opts = options or ExportOptions()
    n = count if count is not None else ExportCount()
    if fmt not in FORMATS:
        raise SettingsError("format", f"unknown format {fmt!r}; choose from "
                                      f"{', '.join(FORMATS + FILE_FORMATS)}")
    if fmt == "csv":
        if opts.timestamp is None:
            opts = dataclasses.replace(opts, timestamp=int(time.time()))
        main, other = _CsvRows(), _CsvRows()
        yield main.header()
        other_started = False
        for e in events:
            row = acled_row(e, options=opts)
            if e.event_type is not None:
                n.written += 1
                yield main.row(row)
            elif non_acled is not None:
                if not other_started:
                    non_acled.write(other.header())
                    other_started = True
                non_acled.write(other.row(row))
                n.non_acled += 1
            else:
                n.left_out += 1
        if non_acled is not None and not other_started:
            non_acled.write(other.header())
        return
    if fmt == "jsonl":
        for e in events:
            n.written += 1
            yield json.dumps(e.to_dict(), ensure_ascii=False) + "\n"
        return
    if fmt in ("json", "plover"):
        make = (lambda e: e.to_dict()) if fmt == "json" else plover_record
        yield "["
        for e in events:
            yield ("\n" if n.written == 0 else ",\n") + json.dumps(make(e), ensure_ascii=False)
            n.written += 1
        yield "\n]\n"
        return
    yield '{"type": "FeatureCollection", "features": ['
    for e in events:
        feat = json.dumps(geojson_feature(e, opts), ensure_ascii=False)
        yield ("\n" if n.written == 0 else ",\n") + feat
        n.written += 1
    yield "\n]}\n"


def write_export(events: Iterable[Event], out: IO[str], fmt: str,
                 options: ExportOptions | None = None,
                 non_acled: IO[str] | None = None) -> ExportCount:
    """Write ``events`` to ``out`` in the text format ``fmt``; returns the counts."""
    count = ExportCount()
    for chunk in export_chunks(events, fmt, options, non_acled, count):
        out.write(chunk)
    return count


def write_events(events: Iterable[Event], out: IO[str], fmt: str,
                 options: ExportOptions | None = None) -> int:
    """Write ``events`` to ``out`` in ``fmt``; returns how many were written."""
    return write_export(events, out, fmt, options).written


# -- file formats, written by DuckDB -------------------------------------------------------


def spatial_extension() -> Path:
    """The DuckDB spatial extension file of the ``duckdb-extension-spatial`` package (the
    DuckDB version's own build), or ``SettingsError`` when that package is missing."""
    try:
        root = resources.files("duckdb_extension_spatial")
    except ModuleNotFoundError as exc:
        raise SettingsError("gpkg", "needs the duckdb-extension-spatial package"
                                    " (pip install duckdb-extension-spatial==1.5.5)") from exc
    path = Path(str(root.joinpath("extensions", f"v{duckdb.__version__}",
                                  "spatial.duckdb_extension")))
    if not path.is_file():
        raise SettingsError("gpkg", f"duckdb-extension-spatial has no build for DuckDB"
                                    f" {duckdb.__version__}")
    return path


def load_spatial(con: duckdb.DuckDBPyConnection) -> None:
    """Load the spatial extension from its PyPI package (no download)."""
    path = str(spatial_extension()).replace("'", "''")
    con.execute(f"LOAD '{path}'")


def _distinct(values: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def parquet_row(e: Event, options: ExportOptions | None = None) -> dict[str, Any]:
    """One Parquet row: the flat columns (lists kept as lists), the provenance of the
    event's articles, the evidence spans and the whole record as JSON."""
    opts = options or ExportOptions()
    infos = [opts.articles.get(a) for a in e.article_ids]
    known = [i for i in infos if i is not None]
    n_articles, n_independent = opts.reports.get(e.event_id, (len(e.article_ids), None))
    return {
        **flat_record(e, opts),
        "n_articles": n_articles,
        "n_independent": n_independent,
        "run_ids": _distinct(i.run_id for i in known),
        "eventcoder_versions": _distinct(i.eventcoder_version for i in known),
        "settings_fingerprints": _distinct(i.settings_fingerprint for i in known),
        "model_versions": _distinct(i.model_version for i in known),
        "gazetteer_versions": _distinct(i.gazetteer_version for i in known),
        "exported_by": f"eventcoder {__version__}",
        "evidence": [{"field": k, "article_id": s.article_id, "start": s.start, "end": s.end,
                      "quote": s.quote} for k, spans in e.evidence.items() for s in spans],
        "record": json.dumps(e.to_dict(), ensure_ascii=False),
    }


def _shape(columns: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A ``json_transform`` shape for ``columns`` (DuckDB types)."""
    shape: dict[str, Any] = {}
    for name, typ in columns:
        if typ == EVIDENCE_TYPE:
            shape[name] = [{"field": "VARCHAR", "article_id": "VARCHAR", "start": "INTEGER",
                            "end": "INTEGER", "quote": "VARCHAR"}]
        elif typ.endswith("[]"):
            shape[name] = [typ[:-2]]
        else:
            shape[name] = typ
    return shape


def _load_rows(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]],
               columns: Sequence[tuple[str, str]]) -> None:
    """Table ``t`` of ``rows`` with ``columns`` (name, DuckDB type), in one statement."""
    decl = ", ".join(f'"{n}" {t}' for n, t in columns)
    con.execute(f"CREATE TEMP TABLE t ({decl})")
    if rows:
        cols = ", ".join(f'r."{n}"' for n, _ in columns)
        con.execute(f"INSERT INTO t SELECT {cols} FROM"
                    f" (SELECT unnest(json_transform(?, ?)) AS r)",
                    [json.dumps(rows, ensure_ascii=False), json.dumps([_shape(columns)])])


def _copy(con: duckdb.DuckDBPyConnection, sql: str, out: str | Path, how: str) -> None:
    target = str(out).replace("'", "''")
    try:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        if Path(out).exists() and how.startswith("FORMAT gdal"):
            Path(out).unlink()  # GDAL will not overwrite a GeoPackage
        con.execute(f"COPY ({sql}) TO '{target}' ({how})")
    except (OSError, duckdb.IOException) as exc:
        reason = str(exc) if isinstance(exc, duckdb.Error) else exc.strerror
        raise OutputError(str(out), f"cannot write ({reason or exc})") from exc


def write_file(events: Iterable[Event], out: str | Path, fmt: str,
               options: ExportOptions | None = None) -> ExportCount:
    """Write ``events`` to the file ``out`` as ``parquet`` or ``gpkg`` (GeoPackage, via
    DuckDB's spatial extension: one column per ``FLAT_COLUMNS`` property, point geometry
    in EPSG:4326, no geometry for an event without coordinates)."""
    if fmt not in FILE_FORMATS:
        raise SettingsError("format", f"{fmt!r} is not a file format ({', '.join(FILE_FORMATS)})")
    evs = list(events)
    con = duckdb.connect()
    try:
        if fmt == "parquet":
            columns = [(n, f"{t}[]" if is_list else t) for n, t, is_list in FLAT_COLUMNS]
            columns += [*PROVENANCE_COLUMNS, ("evidence", EVIDENCE_TYPE), ("record", "VARCHAR")]
            _load_rows(con, [parquet_row(e, options) for e in evs], columns)
            _copy(con, "SELECT * FROM t", out, "FORMAT parquet")
        else:
            load_spatial(con)
            _load_rows(con, [joined(flat_record(e, options)) for e in evs],
                       [(n, t) for n, t, _ in FLAT_COLUMNS])
            geom = ("CASE WHEN latitude IS NULL OR longitude IS NULL THEN NULL"
                    " ELSE ST_Point(longitude, latitude) END AS geom")
            _copy(con, f"SELECT *, {geom} FROM t", out,
                  "FORMAT gdal, DRIVER 'GPKG', SRS 'EPSG:4326', LAYER_NAME 'events'")
    finally:
        con.close()
    return ExportCount(written=len(evs))


def batched_text(chunks: Iterable[str], size: int = 65_536) -> Iterator[str]:
    """``chunks`` joined into pieces of about ``size`` characters (fewer, larger writes
    for a streamed download)."""
    parts: list[str] = []
    n = 0
    for c in chunks:
        parts.append(c)
        n += len(c)
        if n >= size:
            yield "".join(parts)
            parts, n = [], 0
    if parts:
        yield "".join(parts)
