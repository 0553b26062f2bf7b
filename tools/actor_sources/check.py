"""Validate the staging actor file(s) in tools/actor_sources/ before they are merged.

Usage (from the repository root):

    .venv/bin/python tools/actor_sources/check.py     # src/eventcoder/data/armed_groups.jsonl
    .venv/bin/python tools/actor_sources/check.py other.jsonl -q  # another file, errors only

Checks every line of the JSON Lines file against the format of
``src/eventcoder/data/actors.jsonl`` and the rules of docs/actors.md:

- valid JSON object per line, with exactly the keys name, aliases, type, inter, country,
  sector, wikidata, source;
- ``inter`` in 1..8 and equal to the ACLED inter code of ``type``;
- ``country`` a valid ISO 3166-1 alpha-3 code (pycountry, plus the codes of
  ``data/demonyms.tsv`` such as XKX for Kosovo) or null for a transnational actor;
- ``sector`` a PLOVER sector code or null; ``wikidata`` a QID or null;
- ``source`` an https URL;
- no canonical name twice in the file, nor one already in ``data/actors.jsonl``;
- no alias (as the loader keys it: exact for short all-caps acronyms, normalised lower
  case otherwise) shared by two entries with different countries unless one of them is
  transnational (country null); the same alias on two entries of one country is a warning;
- no alias that is already a name or alias in ``data/actors.jsonl`` (the later file would
  override it) unless listed in ``OVERRIDES`` below;
- no alias that is a country name, demonym or capital (``data/demonyms.tsv``, pycountry)
  or a generic role noun of ``data/actor_roles.json`` ("militants", "troops"...), none of
  two characters or less unless listed in ``SHORT_OK``;
- ``existing_aliases.json`` (extra aliases proposed for entries of ``data/actors.jsonl``),
  when present: every key is a canonical name of ``data/actors.jsonl`` and none of its
  aliases collides with the staging file.

Then prints counts by inter code, by region and by country. Exit status 1 on any error.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT / "src" / "eventcoder" / "data"

try:  # the loader's own rules, when the package imports
    from eventcoder.actors.dictionary import _CASE_SENSITIVE, norm
except Exception:  # noqa: BLE001 - a refactor in progress must not stop the check
    _CASE_SENSITIVE = re.compile(r"^[A-Z0-9][A-Z0-9.\-/&]{0,6}$")

    def norm(text: str) -> str:
        return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).lower()


KEYS = ["name", "aliases", "type", "inter", "country", "sector", "wikidata", "source"]
TYPES = {
    "State forces": 1,
    "Rebel group": 2,
    "Political militia": 3,
    "Identity militia": 4,
    "Rioters": 5,
    "Protesters": 6,
    "Civilians": 7,
    "External/Other forces": 8,
}
SECTORS = {
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
}
# aliases of data/actors.jsonl that the staging file deliberately takes over (a separate,
# more precise actor in ACLED): alias -> staging canonical name
OVERRIDES = {
    "SPLA-IO": "SPLM/A-IO: Sudan People's Liberation Movement/Army (In Opposition)",
    "SPLM-IO": "SPLM/A-IO: Sudan People's Liberation Movement/Army (In Opposition)",
    "SPLM-N": "SPLM-N: Sudan People's Liberation Movement-North",
    "Kataib Hezbollah": "Kataib Hezbollah",
    "Kata'ib Hezbollah": "Kataib Hezbollah",
}
SHORT_OK = {"G9"}  # well-known two-character aliases

# ISO3 -> region (ACLED-like regions), for the counts only
REGIONS = {
    "Western Africa": "BEN BFA CIV CPV GHA GIN GMB GNB LBR MLI MRT NER NGA SEN SLE TGO",
    "Middle Africa": "AGO CAF CMR COD COG GAB GNQ STP TCD",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MOZ MUS MWI RWA SDN SOM SSD SYC TZA UGA ZMB ZWE",
    "Northern Africa": "DZA EGY ESH LBY MAR TUN",
    "Southern Africa": "BWA LSO NAM SWZ ZAF",
    "Middle East": "ARE BHR CYP IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR YEM",
    "South Asia": "AFG BGD BTN IND LKA MDV NPL PAK",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "Southeast Asia": "BRN IDN KHM LAO MMR MYS PHL SGP THA TLS VNM",
    "East Asia": "CHN HKG JPN KOR MNG PRK TWN",
    "Europe": "ALB AUT BEL BGR BIH BLR CHE CZE DEU DNK ESP EST FIN FRA GBR GRC HRV HUN IRL "
              "ISL ITA LTU LUX LVA MDA MKD MLT MNE NLD NOR POL PRT ROU RUS SRB SVK SVN SWE UKR XKX",
    "North America": "CAN USA",
    "Central America": "BLZ CRI GTM HND MEX NIC PAN SLV",
    "Caribbean": "BHS CUB DOM HTI JAM TTO",
    "South America": "ARG BOL BRA CHL COL ECU GUY PER PRY SUR URY VEN",
    "Oceania": "AUS FJI NZL PNG SLB VUT",
}
REGION_OF = {iso: region for region, codes in REGIONS.items() for iso in codes.split()}


def key(alias: str) -> tuple[str, str]:
    """How the loader indexes an alias: exact for short all-caps acronyms, else lower case."""
    a = " ".join(alias.split())
    return ("exact", a) if _CASE_SENSITIVE.match(a) else ("norm", norm(a))


def load_jsonl(path: Path) -> list[tuple[int, dict]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append((n, json.loads(line)))
    return rows


def country_codes() -> set[str]:
    import pycountry  # noqa: PLC0415

    codes = {c.alpha_3 for c in pycountry.countries}
    for line in (DATA / "demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            codes.add(line.split("\t")[0].strip())
    return codes


def place_words() -> set[str]:
    """Normalised country names, demonyms and capitals: never an actor alias."""
    import pycountry  # noqa: PLC0415

    words: set[str] = set()
    for line in (DATA / "demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + ["", "", "", ""])[:5]
        for col in cols[1:]:
            words.update(norm(w) for w in col.split("|") if w.strip())
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(c, attr, None):
                words.add(norm(getattr(c, attr)))
    return words


def role_nouns() -> set[str]:
    roles = json.loads((DATA / "actor_roles.json").read_text(encoding="utf-8"))
    return {norm(noun) for spec in roles["groups"].values() for noun in spec["nouns"]}


def main(argv: list[str]) -> int:
    quiet = "-q" in argv
    args = [a for a in argv if not a.startswith("-")]
    path = Path(args[0]) if args else ROOT / "src" / "eventcoder" / "data" / "armed_groups.jsonl"
    errors: list[str] = []
    warnings: list[str] = []

    main_rows = [row for _, row in load_jsonl(DATA / "actors.jsonl")]
    main_names = {r["name"] for r in main_rows}
    main_keys: dict[tuple[str, str], str] = {}
    for r in main_rows:
        for a in [r["name"], *r.get("aliases", [])]:
            if "{" not in a:
                main_keys.setdefault(key(a), r["name"])

    codes = country_codes()
    places = place_words()
    roles = role_nouns()

    rows: list[tuple[int, dict]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            errors.append(f"{path.name}:{n}: invalid JSON: {exc}")
            continue
        if not isinstance(row, dict):
            errors.append(f"{path.name}:{n}: not a JSON object")
            continue
        rows.append((n, row))

    names: dict[str, int] = {}
    owners: dict[tuple[str, str], list[tuple[str, str | None, int]]] = defaultdict(list)
    for n, row in rows:
        where = f"{path.name}:{n}"
        if sorted(row) != sorted(KEYS):
            errors.append(f"{where}: keys {sorted(row)} != {sorted(KEYS)}")
        name, aliases = row.get("name"), row.get("aliases")
        if not isinstance(name, str) or not name.strip():
            errors.append(f"{where}: name missing")
            continue
        if not isinstance(aliases, list) or not all(
            isinstance(a, str) and a.strip() for a in aliases
        ):
            errors.append(f"{where}: aliases must be a list of non-empty strings")
            aliases = []
        typ, inter = row.get("type"), row.get("inter")
        if typ not in TYPES:
            errors.append(f"{where}: unknown type {typ!r}")
        elif inter != TYPES[typ]:
            errors.append(f"{where}: inter {inter!r} does not match type {typ!r} ({TYPES[typ]})")
        if not isinstance(inter, int) or not 1 <= inter <= 8:
            errors.append(f"{where}: inter {inter!r} not in 1..8")
        country = row.get("country")
        if country is not None and country not in codes:
            errors.append(f"{where}: country {country!r} is not an ISO3 code")
        elif country is not None and country not in REGION_OF:
            warnings.append(f"{where}: country {country} has no region in REGIONS")
        sector = row.get("sector")
        if sector is not None and sector not in SECTORS:
            errors.append(f"{where}: sector {sector!r} is not a PLOVER sector code")
        qid = row.get("wikidata")
        if qid is not None and not re.fullmatch(r"Q[1-9][0-9]*", str(qid)):
            errors.append(f"{where}: wikidata {qid!r} is not a QID")
        src = row.get("source")
        if not isinstance(src, str) or not re.fullmatch(r"https://[^\s/]+\.[^\s/]+/\S*", src):
            errors.append(f"{where}: source {src!r} is not an https URL")
        if name in names:
            errors.append(f"{where}: name {name!r} already on line {names[name]}")
        names[name] = n
        if name in main_names:
            errors.append(f"{where}: name {name!r} already in data/actors.jsonl")
        seen_here: set[tuple[str, str]] = set()
        for alias in [name, *aliases]:
            if "{" in alias:
                continue
            k = key(alias)
            if k in seen_here:
                if alias != name:
                    warnings.append(f"{where}: alias {alias!r} repeated in the entry")
                continue
            seen_here.add(k)
            owners[k].append((name, country, n))
            text = norm(alias)
            if k in main_keys and OVERRIDES.get(alias) != name:
                errors.append(
                    f"{where}: alias {alias!r} is already {main_keys[k]!r} in data/actors.jsonl"
                )
            if text in places:
                errors.append(f"{where}: alias {alias!r} is a country, demonym or capital")
            if text in roles:
                errors.append(f"{where}: alias {alias!r} is a role noun of actor_roles.json")
            if len(alias.strip()) <= 2 and alias not in SHORT_OK:
                errors.append(f"{where}: alias {alias!r} is too short")
            if " " not in alias.strip() and alias == alias.lower() and len(alias) < 5:
                warnings.append(f"{where}: short lower-case alias {alias!r}")

    for k, users in owners.items():
        if len({u[0] for u in users}) < 2:
            continue
        countries = {u[1] for u in users}
        listing = "; ".join(f"{u[0]} ({u[1]}, line {u[2]})" for u in users)
        if None in countries or len(countries) == 1:
            warnings.append(f"alias {k[1]!r} shared by {listing}")
        else:
            errors.append(f"alias {k[1]!r} shared across countries: {listing}")

    extra = HERE / "existing_aliases.json"
    n_extra = 0
    if extra.exists() and path.name == "armed_groups.jsonl":
        proposed = json.loads(extra.read_text(encoding="utf-8"))
        for target, aliases in proposed.items():
            if target.startswith("_"):
                continue
            if target not in main_names:
                errors.append(f"existing_aliases.json: {target!r} is not in data/actors.jsonl")
            for alias in aliases:
                n_extra += 1
                k = key(alias)
                if k in owners:
                    errors.append(f"existing_aliases.json: {alias!r} ({target}) is in {path.name}")
                if k in main_keys and main_keys[k] != target:
                    errors.append(
                        f"existing_aliases.json: {alias!r} ({target}) is {main_keys[k]!r} already"
                    )
                if norm(alias) in places or norm(alias) in roles:
                    errors.append(f"existing_aliases.json: {alias!r} is a place word or role noun")

    if not quiet:
        for w in warnings:
            print("warning:", w)
    for e in errors:
        print("ERROR:", e)

    entries = [row for _, row in rows]
    print(f"\n{path.name}: {len(entries)} entries, "
          f"{sum(len(r.get('aliases') or []) for r in entries)} aliases; "
          f"{len(errors)} errors, {len(warnings)} warnings"
          + (f"; existing_aliases.json: {n_extra} aliases" if n_extra else ""))
    print("\nby inter code:")
    by_inter = Counter(r.get("inter") for r in entries)
    for code in sorted(by_inter, key=lambda c: (c is None, c)):
        label = next((t for t, c in TYPES.items() if c == code), "?")
        print(f"  {code}  {label:<22} {by_inter[code]:>4}")
    print("\nby region:")
    by_region = Counter(
        "Transnational" if r.get("country") is None else REGION_OF.get(r["country"], "Other")
        for r in entries
    )
    for region, count in by_region.most_common():
        print(f"  {region:<26} {count:>4}")
    print("\nby country:")
    by_country = Counter(r.get("country") or "-" for r in entries)
    ranked = sorted(by_country.items(), key=lambda x: (-x[1], x[0]))
    print("  " + ", ".join(f"{c} {k}" for c, k in ranked))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
