"""The event-type vocabulary of filters: ACLED event types, ACLED sub-event types and
PLOVER types, as ``data/ontology.json`` spells them (docs/cli.md, "Filter values")."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from eventcoder.errors import UnknownValueError
from eventcoder.facts.event_types import ACLED_EVENT_TYPES
from eventcoder.facts.vocabulary import suggest, unknown_reason


@lru_cache(maxsize=1)
def event_type_names() -> tuple[str, ...]:
    """Every ACLED type, ACLED sub-type and PLOVER type a record can carry."""
    onto = json.loads(resources.files("eventcoder").joinpath("data", "ontology.json")
                      .read_text(encoding="utf-8"))
    names: list[str] = list(ACLED_EVENT_TYPES)
    for spec in onto["classes"].values():
        acled = spec.get("acled") or []
        names.extend(str(a) for a in acled if a)
        if spec.get("plover"):
            names.append(str(spec["plover"]))
    return tuple(dict.fromkeys(names))


def resolve_event_type(value: str, origin: str = "type") -> str:
    """``value`` as the vocabulary spells it (any case is accepted);
    ``UnknownValueError`` with the nearest names otherwise."""
    wanted = value.strip().casefold()
    for name in event_type_names():
        if name.casefold() == wanted:
            return name
    hints = suggest(value, event_type_names())
    raise UnknownValueError(origin, unknown_reason("event type", value, hints), hints)

