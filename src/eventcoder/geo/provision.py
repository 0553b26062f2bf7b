"""The gazetteer file: opened read-only, built from the packaged data on first use (once,
when processes start together), or imported from full GeoNames dumps."""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict

from eventcoder.errors import GazetteerError
from eventcoder.geo.build import (
    ProgressFn,
    build_from_geonames,
    build_from_packaged,
    packaged_version,
)
from eventcoder.geo.gazetteer import Gazetteer, open_readonly
from eventcoder.settings import Settings


def open_gazetteer(settings: Settings) -> Gazetteer:
    """Open the gazetteer read-only, building it first if the file is missing."""
    path = settings.resolved_gazetteer_path()
    build_gazetteer(path, force=False)  # no work when present and current
    return Gazetteer(path)


class GazetteerInfo(TypedDict):
    """What ``build_gazetteer`` and ``import_geonames`` report (``eventcoder gazetteer``)."""

    path: str
    version: str | None
    places: int
    names: int
    seconds: float
    bytes: int
    skipped: bool  # present and current: nothing was built


class GazetteerStatus(TypedDict):
    """The gazetteer file as it is now, without building it (``eventcoder --version``)."""

    path: str
    built: bool  # the file exists
    version: str | None  # meta ``version``: packaged-<schema>-<hash of the data>, or imported
    built_at: str | None  # the file's modification time, "YYYY-MM-DD HH:MM UTC": when written
    places: int | None
    problem: str | None  # why the file is unusable, when it is


def gazetteer_status(path: Path) -> GazetteerStatus:
    """Describe the gazetteer file at ``path``: "not built" when missing, the reason when
    it is not a gazetteer; never builds it and never raises ``GazetteerError``."""
    path = Path(path)
    status: GazetteerStatus = {"path": str(path), "built": False, "version": None,
                               "built_at": None, "places": None, "problem": None}
    if not path.exists():
        return status
    status["built"] = True
    try:
        mtime = path.stat().st_mtime
        info = _info(path, 0.0, skipped=True)
    except GazetteerError as exc:
        status["problem"] = exc.reason
        return status
    except OSError as exc:
        status["problem"] = exc.strerror or str(exc)
        return status
    when = datetime.datetime.fromtimestamp(mtime, tz=datetime.UTC)
    status["built_at"] = when.strftime("%Y-%m-%d %H:%M UTC")
    status["version"] = info["version"]
    status["places"] = info["places"]
    return status


def build_gazetteer(path: Path, force: bool = False,
                    progress: ProgressFn | None = None) -> GazetteerInfo:
    """Build the DuckDB gazetteer from the packaged data (skipped when present and built
    from the current packaged data). Processes starting together build it once.
    ``progress(step, done, total)`` is told how the build goes.
    ``GazetteerError`` naming ``path`` when it is unusable or cannot be built."""
    path = Path(path)

    def current() -> GazetteerInfo | None:
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
    with _building(path):
        with open(path.with_name(path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be building it right now
            info = None if force else current()
            if info is not None:
                return info
            t0 = time.perf_counter()
            build_from_packaged(path, progress)
    return _info(path, time.perf_counter() - t0)


@contextlib.contextmanager
def _building(path: Path) -> Iterator[None]:
    """Writing the gazetteer at ``path``: file-system and DuckDB failures as
    ``GazetteerError`` naming it."""
    import duckdb

    if path.is_dir():
        raise GazetteerError(str(path), "is a folder, not a gazetteer file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(path) else ""
        raise GazetteerError(str(path), f"cannot build: {exc.strerror or exc}{where}") from exc
    except duckdb.Error as exc:
        raise GazetteerError(str(path), f"cannot build: {exc}") from exc


def import_geonames(
    path: Path,
    places: Path,
    admin1: Path | None = None,
    admin2: Path | None = None,
    alternate_names: Path | None = None,
    progress: ProgressFn | None = None,
) -> GazetteerInfo:
    """Build the gazetteer from full GeoNames dump files (allCountries.txt format).
    ``GazetteerError`` names a dump file that cannot be read, or its first bad line."""
    path = Path(path)
    for dump in (places, admin1, admin2, alternate_names):
        if dump is not None and not Path(dump).is_file():
            raise GazetteerError(str(dump), "no such GeoNames dump file")
    t0 = time.perf_counter()
    with _building(path):
        build_from_geonames(path, Path(places), admin1, admin2, alternate_names, progress)
    return _info(path, time.perf_counter() - t0)


def _info(path: Path, seconds: float, skipped: bool = False) -> GazetteerInfo:
    import duckdb

    con = open_readonly(path)
    try:
        places = con.execute("SELECT count(*) FROM places").fetchone()
        names = con.execute("SELECT count(*) FROM names").fetchone()
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except duckdb.Error as exc:
        raise GazetteerError(str(path), "not a gazetteer (no places, names or meta table)") from exc
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
