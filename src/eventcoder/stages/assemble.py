"""Assemble: aggregate an article's draft mentions and freeze them into Event records.

ACLED aggregation inside one article: mentions with the same type, actors, place, date
and background flag are one event; their evidence is pooled and fatalities follow the
lowest-reported rule. Aggregation works on mentions as far as they are filled (a field no
stage filled stays ``None`` when two mentions are pooled); ``freeze`` needs every field.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import ClassVar

from eventcoder.document import Mention, Offsets, StageSpec, WorkDoc, filled
from eventcoder.facts.event_types import LETHAL, TWO_SIDED
from eventcoder.facts.interaction import interaction_code
from eventcoder.model import Actor, DatePrecision, DateSource, Event, Span
from eventcoder.stages.calibration import Calibration
from eventcoder.stages.notes import write_note


def _actor_key(a: Actor | None) -> str:
    return a.name if a is not None else ""


def aggregation_key(m: Mention) -> tuple[object, ...]:
    """ACLED's identity of an event: type, actors, place, day (and the background flag)."""
    return (
        m.event_type or m.plover_type,
        m.sub_event_type,
        _actor_key(m.actor1),
        _actor_key(m.actor2),
        m.location.name if m.location else None,
        m.event_date,
        m.background,
    )


DEMO = {"Peaceful protest": 0, "Protest with intervention": 1,
        "Excessive force against protesters": 2, "Violent demonstration": 3}
# PLOVER types whose PLOVER-only mention (e.g. a verbal "agreed") restates the ACLED
# strategic development of the same type (the Agreement, the troop movement, the withdrawal)
SAME_ACT_PLOVER = {"AGREE", "MOBILIZE", "RETREAT"}
DEMO_LETHAL = "Excessive force against protesters"


def _same_place(a: Mention, b: Mention) -> bool:
    p, q = a.location, b.location
    if p is None or q is None:
        return True
    if p.name == q.name or (p.geonameid is not None and p.geonameid == q.geonameid):
        return True
    # one is only a region, river or "near" a town: compatible with a place in its country
    fine = ("city", "site", "town", "village")
    coarse = max(p.geo_precision or 1, q.geo_precision or 1) >= 2 or not (
        p.feature in fine and q.feature in fine
    )
    return coarse and p.country == q.country


def _same_actors(a: Mention, b: Mention) -> bool:
    """Unknown sides are compatible; two known, disjoint sets of actors are not."""
    x = {n for n in (_actor_key(a.actor1), _actor_key(a.actor2)) if n}
    y = {n for n in (_actor_key(b.actor1), _actor_key(b.actor2)) if n}
    return not x or not y or bool(x & y)


def _refers_back(m: Mention) -> bool:
    """"The attack", "the strikes", "the incident", or a bare "killed"/"clashes" sentence."""
    notes = m.detect_notes
    return notes is not None and (notes.anaphoric or notes.generic)


def _same_doer(a: Mention, b: Mention) -> bool:
    """Actor 1 unknown on either side, or the same."""
    x, y = _actor_key(a.actor1), _actor_key(b.actor1)
    return not x or not y or x == y


def _own_place(m: Mention) -> bool:
    """The mention's place was read from its own sentence (not carried over)."""
    top = m.location_notes.toponym if m.location_notes is not None else None
    return top is not None and m.sent[0] <= top[0] and top[1] <= m.sent[1]


def _elaborates(keep: Mention, m: Mention) -> bool:
    """A later sentence that gives details of the event: the same sub-event type at a
    compatible place on the same (or no new) day by the same (or an unnamed) doer; its
    victims or targets may be named differently ("The shells hit apartment blocks and a
    school ..." after "X shelled a district of the city on Monday, killing two civilians").
    A generic or back-referring violent mention with no place of its own ("12 people were
    killed") restates the violent event before it whatever its actors."""
    if keep.event_type is None:
        return False
    if keep.sub_event_type == m.sub_event_type and _same_place(keep, m) and (
        keep.event_type in TWO_SIDED or keep.sub_event_type in TWO_SIDED
    ):
        return True  # the sides of a battle or a handover are often read differently
    if not _same_doer(keep, m):
        return False
    if keep.sub_event_type == m.sub_event_type and _same_place(keep, m):
        return True
    if _blast(m) and keep.event_type == m.event_type and (
        _same_place(keep, m)
    ):
        return True  # "the blast" after "a suicide bomber blew himself up"
    lethal = keep.event_type in LETHAL or keep.sub_event_type == DEMO_LETHAL
    return _refers_back(m) and not _own_place(m) and lethal and m.event_type in LETHAL


# a date taken from the publication date stands for "lately": a day the text names in the
# week before publication may be the same day
RECENT_DAYS = 7
# a week-precision date is the middle of its week
HALF_WEEK = 3


def _covers(x: Mention, y: Mention) -> bool:
    """``x``'s date, as loose as it is, may be ``y``'s day."""
    if x.event_date is None or y.event_date is None:
        return True
    gap = (x.event_date - y.event_date).days
    if x.date_source == DateSource.PUBLICATION and y.date_source == DateSource.TEXT:
        return 0 <= gap <= RECENT_DAYS
    if x.date_precision == DatePrecision.MONTH:
        return (x.event_date.year, x.event_date.month) == (y.event_date.year, y.event_date.month)
    if x.date_precision == DatePrecision.WEEK:
        return abs(gap) <= HALF_WEEK
    return gap == 0


def same_time(a: Mention, b: Mention) -> bool:
    """Two dates that may name the same day: equal, or one is looser (a month, a week, or
    only the publication date) and takes in the other."""
    return _covers(a, b) or _covers(b, a)


def _date_rank(m: Mention) -> tuple[int, int]:
    """How specific a mention's date is: read from the text over the publication date,
    then a day over a week over a month."""
    source = 1 if m.date_source == DateSource.TEXT else 0
    ranks = {DatePrecision.DAY.value: 2, DatePrecision.WEEK.value: 1}
    precision = ranks.get(m.date_precision or "", 0)
    return source, precision


def same_event(keep: Mention, m: Mention) -> bool:
    """Whether ``m`` reports again the event ``keep`` already holds."""
    if keep.background != m.background:
        return False
    if not same_time(keep, m):
        return False
    anaphor = m.detect_notes is not None and m.detect_notes.anaphoric and (
        keep.event_type in LETHAL
        or keep.event_type is not None and keep.sub_event_type == m.sub_event_type
    )
    demo = keep.sub_event_type in DEMO and m.sub_event_type in DEMO
    if demo:  # one demonstration, coded by its most severe moment (actors may be renamed)
        return _same_place(keep, m)
    if keep.sub_event_type in DEMO and m.sub_event_type == "Arrests":
        return _same_place(keep, m)  # arrests at a protest are its intervention (ACLED)
    if _elaborates(keep, m):
        return True
    if not anaphor and not (_same_place(keep, m) and _same_actors(keep, m)):
        return False
    if keep.event_type is None or m.event_type is None:
        if m.event_type is None and keep.plover_type == m.plover_type:
            # "agreed ..." after the Agreement record; "deployed ..." after the change
            return keep.event_type is None or m.plover_type in SAME_ACT_PLOVER
        return False
    if keep.sub_event_type == m.sub_event_type or anaphor and m.event_type in LETHAL:
        return True
    return (
        _refers_back(m) or _refers_back(keep)
    ) and keep.event_type in LETHAL and m.event_type in LETHAL


def _adopt_type(keep: Mention, other: Mention) -> None:
    """A generic first mention ("killed") takes the specific type of a later one."""
    for name in ("event_type", "sub_event_type", "disorder_type", "plover_type", "cameo_root"):
        setattr(keep, name, getattr(other, name))
    keep.plover_mode = list(other.plover_mode) if other.plover_mode is not None else None
    keep.trigger, keep.trigger_key = other.trigger, other.trigger_key
    if keep.detect_notes is not None:  # no longer a generic or back-referring mention
        keep.detect_notes = replace(keep.detect_notes, generic=False, anaphoric=False)
    if other.civilian_victims and keep.class_notes is not None:
        keep.class_notes = replace(keep.class_notes, civilian_victims=True)
    for name in ("actor1", "actor2", "location"):
        if getattr(keep, name) is None:
            setattr(keep, name, getattr(other, name))
    take_date(keep, other)


def take_date(keep: Mention, other: Mention) -> None:
    """``keep`` takes ``other``'s date when it has none or a looser one (the most specific
    date of the event's mentions), with its precision and source (a date never travels
    without them)."""
    if other.event_date is not None and (
            keep.event_date is None or _date_rank(other) > _date_rank(keep)):
        keep.event_date = other.event_date
        keep.date_precision, keep.date_source = other.date_precision, other.date_source


def _merge_into(keep: Mention, other: Mention) -> None:
    """Pool ``other`` (the same event reported again) into ``keep``."""
    severer = keep.sub_event_type in DEMO and other.sub_event_type in DEMO and (
        DEMO[str(other.sub_event_type)] > DEMO[str(keep.sub_event_type)]
    )
    generic = _generic(keep) and not _generic(other) or (
        _blast(keep) and not _blast(other) and other.event_type == keep.event_type)
    if severer or generic or _refers_back(keep) and not _refers_back(other):
        _adopt_type(keep, other)
    elif keep.sub_event_type == "Peaceful protest" and other.sub_event_type == "Arrests" and (
        other.detect_notes is not None and other.detect_notes.predicate
    ):
        keep.sub_event_type = "Protest with intervention"  # "police arrested 40 people"
    else:
        for name in ("actor1", "actor2", "location"):
            if getattr(keep, name) is None and getattr(other, name) is not None:
                setattr(keep, name, getattr(other, name))
        take_date(keep, other)
    figures = [(f, a or 0) for f, a in ((keep.fatalities, keep.attacker_fatalities),
                                       (other.fatalities, other.attacker_fatalities))
               if f is not None and f > 0]
    if figures:  # the lowest figure, with its attackers' share
        keep.fatalities, keep.attacker_fatalities = min(figures)
    elif keep.fatalities is None:
        keep.fatalities = other.fatalities  # 0 or None: no figure
    lows = [x for x in (keep.fatalities_low, other.fatalities_low) if x is not None]
    highs = [x for x in (keep.fatalities_high, other.fatalities_high) if x is not None]
    keep.fatalities_low = min(lows) if lows else None
    keep.fatalities_high = max(highs) if highs else None
    if other.fatalities_text is not None:
        text = keep.fatalities_text if keep.fatalities_text is not None else []
        keep.fatalities_text = text + [t for t in other.fatalities_text if t not in text]
    if other.injured is not None:
        keep.injured = min(x for x in (keep.injured, other.injured) if x is not None)
    if other.arrested is not None:
        keep.arrested = max(x for x in (keep.arrested, other.arrested) if x is not None)
    if other.sources is not None:
        sources = keep.sources if keep.sources is not None else []
        names = {s.name for s in sources}
        keep.sources = sources + [s for s in other.sources if s.name not in names]
    keep.assoc_actor_1 = _joined(keep.assoc_actor_1, other.assoc_actor_1)
    keep.assoc_actor_2 = _joined(keep.assoc_actor_2, other.assoc_actor_2)
    for field_name, spans in other.evidence.items():
        for s, e in spans:
            keep.add_evidence(field_name, s, e)
    if keep.confidence is None or other.confidence is not None and (
            other.confidence > keep.confidence):
        keep.confidence = other.confidence
    keep.merged = [*(keep.merged or []), other.sent_index]


def _generic(m: Mention) -> bool:
    return m.detect_notes is not None and m.detect_notes.generic


def _blast(m: Mention) -> bool:
    """"a blast", "the explosion": the words name any explosive."""
    return m.detect_notes is not None and m.detect_notes.generic_blast


def _joined(keep: list[Actor] | None, other: list[Actor] | None) -> list[Actor] | None:
    """``keep``'s actors, then ``other``'s not among them (None: neither was filled)."""
    if other is None:
        return keep
    out = keep if keep is not None else []
    for actor in other:
        if actor not in out:
            out.append(actor)
    return out


def aggregate(mentions: list[Mention]) -> list[Mention]:
    """One record per distinct event of the article (ACLED: same actors, place, day and
    type are one event). A later mention folds into an earlier one when it reports the same
    event again: same type, or a back-reference ("the attack", a bare "killed") to a violent
    event, with compatible date, place and actors. Back-references fold into the most recent
    compatible event; restatements into the first one."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda x: (x.sent_index, x.trigger)):
        cands = [k for k in kept if same_event(k, m)]
        if not cands:
            kept.append(m)
            continue
        exact = [k for k in cands if aggregation_key(k) == aggregation_key(m)]
        if exact:
            target = exact[0]
        elif _refers_back(m):
            target = cands[-1]
        else:
            target = cands[0]
        _merge_into(target, m)
    return kept


def _same_kind(a: Mention, b: Mention) -> bool:
    if a.event_type is not None or b.event_type is not None:
        return a.event_type == b.event_type and a.sub_event_type == b.sub_event_type
    return a.plover_type == b.plover_type


def fold_headline(wd: WorkDoc, mentions: list[Mention]) -> list[Mention]:
    """A headline (the article's first line, standing alone before a blank line) announces
    the story the first paragraph then tells with its date and place: a headline mention
    folds into the first later mention of the same kind instead of making its own record."""
    text = wd.text
    first = len(text) - len(text.lstrip())
    out = list(mentions)
    for h in [m for m in mentions if m.sent[0] <= first]:
        line_end = text.find("\n", first)
        if line_end < 0 or not text[line_end:].startswith(("\n\n", "\n\r\n", "\r\n\r\n")):
            continue
        if h.trigger[0] >= line_end:
            continue
        later = [m for m in out if m is not h and m.trigger[0] > line_end and not m.background
                 and _same_kind(h, m)]
        if later:
            _merge_into(later[0], h)
            out.remove(h)
    return out


def event_id(article_id: str, m: Mention) -> str:
    basis = f"{article_id}|{m.trigger[0]}|{m.trigger[1]}|{m.sub_event_type or m.plover_type}"
    return "ev-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def _spans(wd: WorkDoc, offsets: list[Offsets]) -> tuple[Span, ...]:
    return tuple(wd.article.span(s, e) for s, e in sorted(offsets))


def freeze(wd: WorkDoc, m: Mention) -> Event:
    """The event record of a finished mention (every stage's fields filled)."""
    aid = wd.article.id
    evidence = {k: _spans(wd, v) for k, v in m.evidence.items() if v}
    return Event(
        event_id=event_id(aid, m),
        article_ids=(aid,),
        event_date=m.event_date.isoformat() if m.event_date else None,
        # no date, no precision (DESIGN.md: an unknown value is null)
        date_precision=(filled(m.date_precision, "date_precision")
                        if m.event_date is not None else None),
        date_source=filled(m.date_source, "date_source"),
        background=filled(m.background, "background"),
        event_type=m.event_type,
        sub_event_type=m.sub_event_type,
        disorder_type=m.disorder_type,
        plover_type=filled(m.plover_type, "plover_type"),
        plover_mode=tuple(filled(m.plover_mode, "plover_mode")),
        cameo_root=filled(m.cameo_root, "cameo_root"),
        actor1=m.actor1,
        actor2=m.actor2,
        assoc_actor_1=tuple(filled(m.assoc_actor_1, "assoc_actor_1")),
        assoc_actor_2=tuple(filled(m.assoc_actor_2, "assoc_actor_2")),
        interaction=interaction_code(m.actor1, m.actor2),
        civilian_targeting=bool(m.actor2 is not None and m.actor2.inter == 7),
        location=m.location,
        fatalities=filled(m.fatalities, "fatalities"),
        fatalities_low=m.fatalities_low,
        fatalities_high=m.fatalities_high,
        fatalities_text=tuple(filled(m.fatalities_text, "fatalities_text")),
        attacker_fatalities=min(m.attacker_fatalities or 0, m.fatalities or 0),
        injured=m.injured,
        arrested=m.arrested,
        sources=tuple(filled(m.sources, "sources")),
        notes=write_note(m),
        confidence=filled(m.confidence, "confidence"),
        evidence=evidence,
    )


class Assembler:
    """Turns the finished ``WorkDoc`` into frozen events, main event first."""

    spec: ClassVar[StageSpec] = StageSpec(
        "assemble",
        reads=frozenset({
            "article", "mentions", "sent", "sent_index", "trigger", "trigger_key",
            "detect_notes", "event_type", "sub_event_type", "disorder_type", "plover_type",
            "plover_mode", "cameo_root", "confidence", "class_notes", "actor1", "actor2",
            "assoc_actor_1", "assoc_actor_2", "location", "location_notes", "event_date",
            "date_precision", "date_source", "background", "fatalities", "fatalities_low",
            "fatalities_high", "fatalities_text", "attacker_fatalities", "injured", "arrested",
            "casualty_notes",
            "sources",
        }),
        fills=frozenset({"merged"}),
    )

    def __init__(self, min_confidence: float = 0.3, keep_background: bool = True,
                 calibration: Calibration | None = None) -> None:
        self.min_confidence = min_confidence
        self.keep_background = keep_background
        # rule score -> calibrated confidence (None: records carry the rule score)
        self.calibration = calibration

    def confidence(self, score: float) -> float:
        """A record's confidence: the calibrated rule score (see stages/calibration.py)."""
        return self.calibration(score) if self.calibration is not None else score

    def __call__(self, wd: WorkDoc) -> list[Event]:
        kept = [
            m
            for m in wd.mentions
            if self.confidence(filled(m.confidence, "confidence")) >= self.min_confidence
            and (self.keep_background or not m.background)
            # an earlier event without a date of its own, or a toll over a period: no record
            and not (m.background and m.event_date is None)
            # a recalled statement (a background record with no ACLED type: an earlier
            # accusation, request, meeting...) is commentary, not an event to code
            and not (m.background and m.event_type is None)
        ]
        for m in kept:
            m.merged = []  # none folded in yet
        events = [freeze(wd, m) for m in aggregate(fold_headline(wd, kept))]
        if self.calibration is not None:
            events = [replace(e, confidence=self.confidence(e.confidence)) for e in events]
        events.sort(key=lambda e: (e.background, -e.confidence))
        return events
