"""The embedded gazetteer: GeoNames places in a DuckDB file, built on first use."""

from __future__ import annotations

from .settings import Settings


class Gazetteer:
    """Look up place names. (First version: empty.)"""

    version = "empty"

    def close(self) -> None:
        pass


def open_gazetteer(settings: Settings) -> Gazetteer:
    return Gazetteer()
