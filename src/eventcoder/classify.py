"""Classify: ACLED type and sub-type, disorder type, PLOVER type and modes, CAMEO root."""

from __future__ import annotations

from .document import WorkDoc


class EventClassifier:
    def __call__(self, wd: WorkDoc) -> WorkDoc:
        for m in wd.mentions:
            key = m.trigger_key
            if key.startswith("protest"):
                m.event_type, m.sub_event_type = "Protests", "Peaceful protest"
                m.disorder_type, m.plover_type, m.plover_mode = "Demonstrations", "PROTEST", ["demo"]
                m.cameo_root = "14"
            elif key.startswith("airstrike"):
                m.event_type, m.sub_event_type = "Explosions/Remote violence", "Air/drone strike"
                m.disorder_type, m.plover_type, m.plover_mode = "Political violence", "ASSAULT", [
                    "aerial"
                ]
                m.cameo_root = "19"
            else:
                m.event_type, m.sub_event_type = "Battles", "Armed clash"
                m.disorder_type, m.plover_type, m.cameo_root = "Political violence", "ASSAULT", "19"
            m.add_evidence("event_type", *m.trigger)
        return wd
