"""What a query or an export selects: dates, country, type, actor, a radius around a point."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypedDict


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
