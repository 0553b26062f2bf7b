"""Assemble: aggregate an article's draft mentions and freeze them into Event records.

ACLED aggregation inside one article: mentions with the same type, actors, place, date
and background flag are one event; their evidence is pooled and fatalities follow the
lowest-reported rule.
"""

from __future__ import annotations

import hashlib

from .document import Mention, Offsets, WorkDoc
from .model import Actor, Event, Span
from .notes import write_note


def interaction_code(actor1: Actor | None, actor2: Actor | None) -> int | None:
    """ACLED interaction: the two inter codes, lower first; one actor alone gives N*10."""
    codes = sorted(a.inter for a in (actor1, actor2) if a is not None and a.inter is not None)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def _actor_key(a: Actor | None) -> str:
    return a.name if a is not None else ""


def aggregation_key(m: Mention) -> tuple[object, ...]:
    return (
        m.event_type or m.plover_type,
        m.sub_event_type,
        _actor_key(m.actor1),
        _actor_key(m.actor2),
        m.location.name if m.location else None,
        m.event_date,
        m.background,
    )


def _merge_into(keep: Mention, other: Mention) -> None:
    """Pool ``other`` (the same event reported again) into ``keep``."""
    figures = [f for f in (keep.fatalities, other.fatalities) if f > 0]
    keep.fatalities = min(figures) if figures else 0
    lows = [x for x in (keep.fatalities_low, other.fatalities_low) if x is not None]
    highs = [x for x in (keep.fatalities_high, other.fatalities_high) if x is not None]
    keep.fatalities_low = min(lows) if lows else None
    keep.fatalities_high = max(highs) if highs else None
    keep.fatalities_text += [t for t in other.fatalities_text if t not in keep.fatalities_text]
    if other.injured is not None:
        keep.injured = min(x for x in (keep.injured, other.injured) if x is not None)
    if other.arrested is not None:
        keep.arrested = max(x for x in (keep.arrested, other.arrested) if x is not None)
    names = {s.name for s in keep.sources}
    keep.sources += [s for s in other.sources if s.name not in names]
    for name in other.assoc_actor_1:
        if name not in keep.assoc_actor_1:
            keep.assoc_actor_1.append(name)
    for name in other.assoc_actor_2:
        if name not in keep.assoc_actor_2:
            keep.assoc_actor_2.append(name)
    for field_name, spans in other.evidence.items():
        for s, e in spans:
            keep.add_evidence(field_name, s, e)
    keep.confidence = max(keep.confidence, other.confidence)


def aggregate(mentions: list[Mention]) -> list[Mention]:
    groups: dict[tuple[object, ...], Mention] = {}
    for m in mentions:
        key = aggregation_key(m)
        if key in groups:
            _merge_into(groups[key], m)
        else:
            groups[key] = m
    return list(groups.values())


def event_id(article_id: str, m: Mention) -> str:
    basis = f"{article_id}|{m.trigger[0]}|{m.trigger[1]}|{m.sub_event_type or m.plover_type}"
    return "ev-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def _spans(wd: WorkDoc, offsets: list[Offsets]) -> tuple[Span, ...]:
    return tuple(wd.article.span(s, e) for s, e in sorted(offsets))


def freeze(wd: WorkDoc, m: Mention) -> Event:
    aid = wd.article.id
    evidence = {k: _spans(wd, v) for k, v in m.evidence.items() if v}
    return Event(
        event_id=event_id(aid, m),
        article_ids=(aid,),
        event_date=m.event_date.isoformat() if m.event_date else None,
        date_precision=m.date_precision,
        date_source=m.date_source,
        background=m.background,
        event_type=m.event_type,
        sub_event_type=m.sub_event_type,
        disorder_type=m.disorder_type,
        plover_type=m.plover_type,
        plover_mode=tuple(m.plover_mode),
        cameo_root=m.cameo_root,
        actor1=m.actor1,
        actor2=m.actor2,
        assoc_actor_1=tuple(m.assoc_actor_1),
        assoc_actor_2=tuple(m.assoc_actor_2),
        interaction=interaction_code(m.actor1, m.actor2),
        civilian_targeting=bool(m.actor2 is not None and m.actor2.inter == 7),
        location=m.location,
        fatalities=m.fatalities,
        fatalities_low=m.fatalities_low,
        fatalities_high=m.fatalities_high,
        fatalities_text=tuple(m.fatalities_text),
        injured=m.injured,
        arrested=m.arrested,
        sources=tuple(m.sources),
        notes=write_note(m),
        confidence=m.confidence,
        evidence=evidence,
    )


class Assembler:
    """Turns the finished ``WorkDoc`` into frozen events, main event first."""

    def __init__(self, min_confidence: float = 0.3, keep_background: bool = True) -> None:
        self.min_confidence = min_confidence
        self.keep_background = keep_background

    def __call__(self, wd: WorkDoc) -> list[Event]:
        kept = [
            m
            for m in wd.mentions
            if m.confidence >= self.min_confidence and (self.keep_background or not m.background)
        ]
        events = [freeze(wd, m) for m in aggregate(kept)]
        events.sort(key=lambda e: (e.background, -e.confidence))
        return events
