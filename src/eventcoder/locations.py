"""Locations: every toponym resolved (geoparse) and the place of each event."""

from __future__ import annotations

from .document import WorkDoc
from .gazetteer import Gazetteer


class Geoparser:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        return wd


class EventLocator:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        return wd
