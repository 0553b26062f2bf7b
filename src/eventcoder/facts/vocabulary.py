"""The filter vocabulary shared by the command line, the HTTP API and ``Settings``.

A country is named by its English name (ACLED's spelling and the usual short forms of
``data/demonyms.tsv``, which win, then ``pycountry``'s official and common names; any case,
accents optional) or its ISO 3166-1 alpha-2 or alpha-3 code; it resolves to the alpha-3
code the records and the store carry. For a value that names nothing known, ``suggest``
gives the nearest known values (``difflib``), for "did you mean ..." (``Settings`` and the
store's filters raise ``UnknownValueError`` with them).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from eventcoder.facts.folding import fold

MAX_SUGGESTIONS = 3


def suggest(value: str, known: Iterable[str], n: int = MAX_SUGGESTIONS) -> tuple[str, ...]:
    """The known values closest to ``value`` (case-insensitive), best first, at most ``n``."""
    by_key: dict[str, str] = {}
    for k in known:
        by_key.setdefault(k.casefold(), k)
    close = difflib.get_close_matches(value.casefold(), list(by_key), n=n, cutoff=0.6)
    return tuple(by_key[c] for c in close)


def unknown_reason(what: str, value: str, suggestions: tuple[str, ...]) -> str:
    """``unknown WHAT 'VALUE'; did you mean 'A' or 'B'?`` (no question without suggestions)."""
    reason = f"unknown {what} {value!r}"
    if suggestions:
        reason += "; did you mean " + " or ".join(repr(h) for h in suggestions) + "?"
    return reason


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], tuple[str, ...]]:
    """Folded name or code -> ISO3, and the names to suggest from."""
    import pycountry  # noqa: PLC0415 - a large table, loaded on first use only
    table: dict[str, str] = {}
    names: list[str] = []
    text = resources.files("eventcoder").joinpath("data", "demonyms.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        iso3, name = cols[0].strip(), cols[1].strip()
        names.append(name)
        others = cols[3].split("|") if len(cols) > 3 else []
        for n in (name, *others):
            if n.strip():
                table.setdefault(fold(n), iso3)
    for c in pycountry.countries:
        iso3 = str(c.alpha_3)
        for attr in ("name", "common_name", "official_name"):
            given = getattr(c, attr, None)
            if given:
                table.setdefault(fold(str(given)), iso3)
                if attr != "official_name":
                    names.append(str(given))
        table[fold(str(c.alpha_2))] = iso3
        table[fold(iso3)] = iso3
    return table, tuple(dict.fromkeys(names))


def country_names() -> tuple[str, ...]:
    """Every country's English short (and common) name, for suggestions."""
    return _countries()[1]


def country_code(value: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a country given by name, alpha-2 or alpha-3 code;
    None when ``value`` names no country."""
    table, _names = _countries()
    key = fold(value.strip())
    if key in table:
        return table[key]
    import pycountry  # noqa: PLC0415 - loaded by _countries already

    try:  # pycountry's own lookup also knows historic and alternative spellings
        found = pycountry.countries.lookup(value.strip())
    except LookupError:
        return None
    return str(found.alpha_3)
