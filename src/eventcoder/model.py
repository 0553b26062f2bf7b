"""The data model: articles in, event records out.

Every record type is a frozen dataclass. ``Event.to_dict()`` gives the output record
exactly as DESIGN.md's contract describes it (every key present, ``None`` for unknown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from eventcoder.errors import RecordError


class DatePrecision(StrEnum):
    """ACLED time_precision 1/2/3 as words."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def acled_code(self) -> int:
        return {"day": 1, "week": 2, "month": 3}[self.value]


class DateSource(StrEnum):
    TEXT = "text"
    PUBLICATION = "publication"


class GeoPrecision(IntEnum):
    """ACLED geo_precision: 1 the town, 2 near a town / part of a region, 3 a larger region."""

    TOWN = 1
    NEAR = 2
    REGION = 3


@dataclass(frozen=True)
class Span:
    """Character offsets into one article's text exactly as given, with the quoted words."""

    article_id: str
    start: int
    end: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Article:
    """One input article. ``text`` is kept exactly as given: every offset points into it."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    origin: str | None = None  # the input path (and line) it came from, for error messages

    def span(self, start: int, end: int) -> Span:
        return Span(self.id, start, end, self.text[start:end])


@dataclass(frozen=True)
class Actor:
    name: str
    text: str
    type: str | None = None
    inter: int | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # PLOVER sector code
    wikidata: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Place:
    name: str
    text: str
    feature: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None  # English short name
    iso3: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    geo_precision: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # statement | official | media | witness | local | ngo | other
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Toponym:
    """A place mentioned in an article, resolved against the gazetteer (geoparse output)."""

    start: int
    end: int
    text: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country: str | None = None  # ISO2
    admin1: str | None = None
    feature: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


RECORD_FIELDS: tuple[str, ...] = (
    "event_id",
    "article_ids",
    "event_date",
    "date_precision",
    "date_source",
    "background",
    "event_type",
    "sub_event_type",
    "disorder_type",
    "plover_type",
    "plover_mode",
    "cameo_root",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    "interaction",
    "civilian_targeting",
    "location",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "fatalities_text",
    "attacker_fatalities",
    "injured",
    "arrested",
    "sources",
    "notes",
    "confidence",
    "evidence",
)


@dataclass(frozen=True)
class Event:
    """One event record: the output contract of DESIGN.md."""

    event_id: str
    article_ids: tuple[str, ...]
    event_date: str | None
    date_precision: str | None  # None when event_date is None
    date_source: str
    background: bool
    event_type: str | None
    sub_event_type: str | None
    disorder_type: str | None
    plover_type: str
    plover_mode: tuple[str, ...]
    cameo_root: str
    actor1: Actor | None
    actor2: Actor | None
    assoc_actor_1: tuple[Actor, ...] = ()
    assoc_actor_2: tuple[Actor, ...] = ()
    interaction: int | None = None
    civilian_targeting: bool = False
    location: Place | None = None
    fatalities: int = 0
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatalities_text: tuple[str, ...] = ()
    attacker_fatalities: int = 0  # of ``fatalities``, the attackers' own dead
    injured: int | None = None
    arrested: int | None = None
    sources: tuple[Source, ...] = ()
    notes: str = ""
    confidence: float = 0.0
    evidence: dict[str, tuple[Span, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def actor(a: Actor | None) -> dict[str, Any] | None:
            return a.to_dict() if a is not None else None

        return {
            "event_id": self.event_id,
            "article_ids": list(self.article_ids),
            "event_date": self.event_date,
            "date_precision": self.date_precision,
            "date_source": self.date_source,
            "background": self.background,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "disorder_type": self.disorder_type,
            "plover_type": self.plover_type,
            "plover_mode": list(self.plover_mode),
            "cameo_root": self.cameo_root,
            "actor1": actor(self.actor1),
            "actor2": actor(self.actor2),
            "assoc_actor_1": [a.to_dict() for a in self.assoc_actor_1],
            "assoc_actor_2": [a.to_dict() for a in self.assoc_actor_2],
            "interaction": self.interaction,
            "civilian_targeting": self.civilian_targeting,
            "location": self.location.to_dict() if self.location else None,
            "fatalities": self.fatalities,
            "fatalities_low": self.fatalities_low,
            "fatalities_high": self.fatalities_high,
            "fatalities_text": list(self.fatalities_text),
            "attacker_fatalities": self.attacker_fatalities,
            "injured": self.injured,
            "arrested": self.arrested,
            "sources": [s.to_dict() for s in self.sources],
            "notes": self.notes,
            "confidence": round(self.confidence, 4),
            "evidence": {k: [s.to_dict() for s in v] for k, v in self.evidence.items()},
        }


@dataclass(frozen=True)
class ArticleResult:
    """What processing one input gave: its events, or the reason it was skipped.

    A skipped article (not English, no text) is a result with ``skipped`` set, not an error.
    """

    article_id: str
    events: tuple[Event, ...] = ()
    skipped: str | None = None
    origin: str | None = None
    filtered: int = 0  # records left out by the record filters (pipeline.keep_record)


MAX_COUNT = 10_000_000
"""The largest casualty or arrest count a record may carry (docs/reliability.md): a bigger
figure is a typo or a misread number, and is rejected with a reason."""
COUNT_FIELDS: tuple[str, ...] = (
    "fatalities", "fatalities_low", "fatalities_high", "attacker_fatalities", "injured",
    "arrested",
)


def check_count(name: str, value: object, origin: str = "") -> int | None:
    """``value`` as a count (an ``int`` in 0..``MAX_COUNT``, or None); ``RecordError``
    naming ``origin`` and the field otherwise (a bool, a float, text, a negative or absurd
    number)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(origin or name, f"{name} {value!r} is not a whole number")
    if value < 0:
        raise RecordError(origin or name, f"{name} {value} is negative")
    if value > MAX_COUNT:
        raise RecordError(origin or name,
                          f"{name} {value} is above the maximum count {MAX_COUNT:,}")
    return value


def check_event(event: Event) -> Event:
    """``event`` unchanged when every count is in range; ``RecordError`` (origin: the
    event id) naming the first count that is not."""
    for name in COUNT_FIELDS:
        check_count(name, getattr(event, name), f"event {event.event_id}")
    return event


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored or written as UTF-8 (a lone surrogate), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"holds a lone surrogate (U+{ord(text[exc.start]):04X}) at character {exc.start}"
    return None


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be read: the path (and line) and the reason, in words."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"

    def to_dict(self) -> dict[str, str]:
        """The line of a ``--rejects`` file: ``{"origin": ..., "reason": ...}``."""
        return {"origin": self.origin, "reason": self.reason}


def checked_result(result: ArticleResult) -> tuple[ArticleResult, list[InputFailure]]:
    """``result`` without the events whose counts are out of range, and one
    ``InputFailure`` per event left out (origin: the article's input, else its id)."""
    kept: list[Event] = []
    rejected: list[InputFailure] = []
    for e in result.events:
        try:
            kept.append(check_event(e))
        except RecordError as exc:
            where = result.origin or result.article_id
            rejected.append(InputFailure(where, f"{exc.origin} rejected: {exc.reason}"))
    if not rejected:
        return result, []
    return ArticleResult(result.article_id, tuple(kept), result.skipped, result.origin,
                         result.filtered), rejected
