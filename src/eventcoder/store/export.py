"""Export event records: JSON Lines, JSON, ACLED-column CSV, GeoJSON, PLOVER JSON."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from eventcoder.errors import OutputError, SettingsError
from eventcoder.model import Actor, Event

FORMATS = ("jsonl", "json", "csv", "geojson", "plover")

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

_PRECISION_CODE: dict[str | None, int] = {"day": 1, "week": 2, "month": 3}


def _iso_numeric(iso3: str | None) -> str:
    if not iso3:
        return ""
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return str(int(country.numeric)) if country is not None else ""


def _names(actors: Iterable[Actor]) -> str:
    return "; ".join(a.name for a in actors)


def acled_row(e: Event, timestamp: int | None = None) -> dict[str, Any]:
    loc = e.location
    iso3 = loc.iso3 if loc else None
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{e.event_id[3:11].upper()}",
        "event_date": e.event_date or "",
        "year": (e.event_date or "")[:4],
        "time_precision": _PRECISION_CODE.get(e.date_precision, ""),
        "disorder_type": e.disorder_type or "",
        "event_type": e.event_type or "",
        "sub_event_type": e.sub_event_type or "",
        "actor1": e.actor1.name if e.actor1 else "",
        "assoc_actor_1": _names(e.assoc_actor_1),
        "inter1": e.actor1.inter if e.actor1 and e.actor1.inter is not None else "",
        "actor2": e.actor2.name if e.actor2 else "",
        "assoc_actor_2": _names(e.assoc_actor_2),
        "inter2": e.actor2.inter if e.actor2 and e.actor2.inter is not None else "",
        "interaction": e.interaction if e.interaction is not None else "",
        "civilian_targeting": "Civilian targeting" if e.civilian_targeting else "",
        "iso": _iso_numeric(iso3),
        "region": "",
        "country": loc.country if loc and loc.country else "",
        "admin1": loc.admin1 if loc and loc.admin1 else "",
        "admin2": loc.admin2 if loc and loc.admin2 else "",
        "admin3": "",
        "location": loc.name if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": loc.geo_precision if loc and loc.geo_precision else "",
        "source": "; ".join(s.name for s in e.sources),
        "source_scale": "",
        "notes": e.notes,
        "fatalities": e.fatalities,
        "tags": "",
        "timestamp": timestamp if timestamp is not None else int(time.time()),
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
    single quote, and carriage returns inside a cell written as line feeds (so the cell is
    quoted); numbers are left as they are (docs/reliability.md)."""
    return {k: _safe_cell(v) if isinstance(v, str) else v for k, v in row.items()}


def geojson_feature(e: Event) -> dict[str, Any]:
    props = e.to_dict()
    loc = e.location
    geometry = None
    if loc is not None and loc.lat is not None and loc.lon is not None:
        geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]}
    props.pop("evidence", None)
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


def write_events(events: Iterable[Event], out: IO[str], fmt: str) -> int:
    """Write ``events`` to ``out`` in ``fmt``; returns how many were written."""
    n = 0
    if fmt == "jsonl":
        for e in events:
            out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "json":
        rows = [e.to_dict() for e in events]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        n = len(rows)
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
        writer.writeheader()
        now = int(time.time())
        for e in events:
            if e.event_type is None:
                continue
            writer.writerow(csv_safe(acled_row(e, now)))
            n += 1
    elif fmt == "geojson":
        feats = [geojson_feature(e) for e in events]
        json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
        out.write("\n")
        n = len(feats)
    elif fmt == "plover":
        rows = [plover_record(e) for e in events]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        n = len(rows)
    else:
        raise SettingsError("format", f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return n
