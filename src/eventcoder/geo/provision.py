"""The gazetteer file: opened read-only, built from the packaged data on first use (once,
when processes start together), or imported from full GeoNames dumps."""

from __future__ import annotations

import fcntl
import time
from pathlib import Path
from typing import Any

from eventcoder.geo.build import build_from_geonames, build_from_packaged, packaged_version
from eventcoder.geo.gazetteer import Gazetteer
from eventcoder.settings import Settings


def open_gazetteer(settings: Settings) -> Gazetteer:
    """Open the gazetteer read-only, building it first if the file is missing."""
    path = settings.resolved_gazetteer_path()
    build_gazetteer(path, force=False, progress=False)  # no work when present and current
    return Gazetteer(path)


def build_gazetteer(path: Path, force: bool = False, progress: bool = True) -> dict[str, Any]:
    """Build the DuckDB gazetteer from the packaged data (skipped when present and built
    from the current packaged data). Processes starting together build it once."""


    path = Path(path)

    def current() -> dict[str, Any] | None:
        if force or not path.exists():
            return None
        info = _info(path, 0.0, skipped=True)
        version = str(info.get("version") or "")
        # a file built from older packaged data is rebuilt; an imported one is kept
        if not version.startswith("packaged-") or version == packaged_version():
            return info
        return None

    info = current()
    if info is not None:
        return info
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be building it right now
        info = None if force else current()
        if info is not None:
            return info
        t0 = time.perf_counter()
        build_from_packaged(path, progress)
        return _info(path, time.perf_counter() - t0)


def import_geonames(
    path: Path,
    places: Path,
    admin1: Path | None = None,
    admin2: Path | None = None,
    alternate_names: Path | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Build the gazetteer from full GeoNames dump files (allCountries.txt format)."""

    t0 = time.perf_counter()
    build_from_geonames(Path(path), Path(places), admin1, admin2, alternate_names, progress)
    return _info(Path(path), time.perf_counter() - t0)


def _info(path: Path, seconds: float, skipped: bool = False) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        places = con.execute("SELECT count(*) FROM places").fetchone()
        names = con.execute("SELECT count(*) FROM names").fetchone()
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    finally:
        con.close()
    return {
        "path": str(path),
        "version": meta.get("version"),
        "places": int(places[0]) if places else 0,
        "names": int(names[0]) if names else 0,
        "seconds": round(seconds, 2),
        "bytes": path.stat().st_size,
        "skipped": skipped,
    }
