"""What a query or an export selects: dates, country, type, actor, a radius around a point.

The command line (``export``) and the HTTP API (``/api/events`` and the downloads) share
one vocabulary of filter values: ``checked_filters`` turns a country name or ISO2/ISO3
code into the ISO3 code the store holds and an event type into its spelling, and finds an
actor text that matches no stored actor; each unknown value is an ``UnknownValueError``
with "did you mean ..." suggestions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypedDict, TypeVar

import duckdb

from eventcoder.errors import UnknownValueError
from eventcoder.facts.vocabulary import suggest, unknown_reason
from eventcoder.lexicon.types import event_type_names
from eventcoder.settings import resolve_country

ACTOR_SEPARATOR = " | "  # between the names in the store's ``actors`` column


class FilterFields(TypedDict, total=False):
    """The fields of ``Filters``, as keywords of ``Store.events``."""

    since: str | None
    until: str | None
    country: str | None
    type: str | None
    actor: str | None
    near: tuple[float, float, float] | None


@dataclass
class Filters:
    """What a query or an export selects; every field is optional."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    type: str | None = None
    actor: str | None = None
    near: tuple[float, float, float] | None = None  # lat, lon, radius in km

    def where(self) -> tuple[str, list[str | float]]:
        clauses: list[str] = ["TRUE"]
        params: list[str | float] = []
        if self.since:
            clauses.append("event_date >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            clauses.append("event_date <= CAST(? AS DATE)")
            params.append(self.until)
        if self.country:
            clauses.append("country = ?")
            params.append(self.country.upper())
        if self.type:
            clauses.append("(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?)"
                           " OR lower(plover_type) = lower(?))")
            params += [self.type] * 3
        if self.actor:
            clauses.append("contains(lower(actors), lower(?))")  # literal text, no wildcards
            params.append(self.actor)
        if self.near:
            lat, lon, km = self.near
            dlat = km / 111.0
            dlon = min(180.0, km / (111.0 * max(math.cos(math.radians(lat)), 0.01)))
            clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
            params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
            clauses.append(
                "12742.0 * asin(sqrt(pow(sin(radians(lat - ?) / 2), 2) + cos(radians(?))"
                " * cos(radians(lat)) * pow(sin(radians(lon - ?) / 2), 2))) <= ?"
            )
            params += [lat, lat, lon, km]
        return " AND ".join(clauses), params


F = TypeVar("F", bound=Filters)


Cursor = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]


def checked_filters(cursor: Cursor, filters: F, names: Mapping[str, str] | None = None) -> F:
    """``filters`` with the country as an ISO3 code and the type spelled as the vocabulary
    spells it; ``UnknownValueError`` (with "did you mean") for a country that names no
    country, a type that is neither in the vocabulary (``lexicon.types``) nor stored, or
    an actor text that no stored actor holds. ``cursor()`` opens the database, only when a
    type or an actor is to be checked; ``names`` says how each filter was given
    (``{"country": "--country"}``) for the error."""
    where = {"country": "country", "type": "type", "actor": "actor", **(names or {})}
    country = filters.country
    if country:
        country = resolve_country(country, where["country"])
    kind = filters.type
    if kind and kind.strip().casefold() in _vocabulary():
        kind = _vocabulary()[kind.strip().casefold()]
    elif kind or filters.actor:
        with cursor() as conn:
            if kind:
                kind = _stored_type(conn, kind, where["type"])
            check_actor(conn, filters.actor, where["actor"])
    return replace(filters, country=country, type=kind)


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, str]:
    return {n.casefold(): n for n in event_type_names()}


def _stored_type(conn: duckdb.DuckDBPyConnection, kind: str, origin: str) -> str:
    """``kind`` as a stored record spells it; ``UnknownValueError`` with the nearest names
    of the vocabulary and of the store otherwise."""
    rows = conn.execute("SELECT DISTINCT unnest([event_type, sub_event_type, plover_type])"
                        " AS t FROM events").fetchall()
    known = {str(t).casefold(): str(t) for (t,) in rows if t}
    if kind.strip().casefold() in known:
        return known[kind.strip().casefold()]
    hints = suggest(kind, [*event_type_names(), *known.values()])
    raise UnknownValueError(origin, unknown_reason("event type", kind, hints), hints)


def check_actor(conn: duckdb.DuckDBPyConnection, actor: str | None,
                origin: str = "actor") -> None:
    """``UnknownValueError`` when ``actor`` (an actor filter: text within an actor's name)
    matches no actor stored in the events table; its suggestions are the nearest stored
    actor names."""
    if not actor:
        return
    row = conn.execute("SELECT count(*) FROM events WHERE contains(lower(actors), lower(?))",
                       [actor]).fetchone()
    if row and row[0]:
        return
    rows = conn.execute("SELECT DISTINCT actors FROM events WHERE actors IS NOT NULL"
                        " AND actors <> ''").fetchall()
    names = sorted({n for (joined,) in rows for n in str(joined).split(ACTOR_SEPARATOR) if n})
    hints = suggest(actor, names)
    raise UnknownValueError(origin, unknown_reason("actor", actor, hints), hints)
