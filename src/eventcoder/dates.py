"""Dates: resolve each event's date against the publication date."""

from __future__ import annotations

from .document import WorkDoc


class DateResolver:
    def __call__(self, wd: WorkDoc) -> WorkDoc:
        for m in wd.mentions:
            m.event_date = wd.published
            m.date_source = "publication"
        return wd
