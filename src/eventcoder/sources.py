"""Sources: who reported each event."""

from __future__ import annotations

from .document import WorkDoc


class SourceFinder:
    def __call__(self, wd: WorkDoc) -> WorkDoc:
        return wd
