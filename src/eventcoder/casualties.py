"""Casualties: killed, injured and arrested counts by ACLED's rules."""

from __future__ import annotations

from .document import WorkDoc


class CasualtyCounter:
    def __call__(self, wd: WorkDoc) -> WorkDoc:
        return wd
