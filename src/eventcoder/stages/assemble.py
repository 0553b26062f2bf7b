"""Assemble: aggregate an article's draft mentions and freeze them into Event records.

ACLED aggregation inside one article: mentions with the same type, actors, place, date
and background flag are one event; their evidence is pooled, each field keeps its most
specific value (a town over a country, a day over a month, a named actor over an
unidentified one) and fatalities follow the lowest-reported rule with the range of the
reports kept as low/high. An incident's side acts (looting or arson during an attack,
weapons found at the scene, the attackers' withdrawal, the blame laid for it, a demoted
follow-up) are parts of that incident, not events of their own. Aggregation works on
mentions as far as they are filled (a field no stage filled stays ``None`` when two mentions
are pooled); ``freeze`` needs every field.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any, ClassVar

from eventcoder.document import Mention, Offsets, StageSpec, WorkDoc, filled
from eventcoder.facts.event_types import (
    ARMED_VIOLENCE,
    EVENTFUL,
    LETHAL,
    STRATEGIC_DEVELOPMENTS,
    TWO_SIDED,
)
from eventcoder.facts.interaction import interaction_code
from eventcoder.model import Actor, Event, Place, Span
from eventcoder.stages.notes import write_note


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    """``data/aggregation.json``: side acts, separation cues, distances."""
    with resources.files("eventcoder.data").joinpath("aggregation.json").open(
            encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@lru_cache(maxsize=1)
def _separate_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Adverbs anywhere in the sentence; determiners just before a trigger word (one
    modifier may stand between: "another suicide bombing")."""
    cues = _rules()["separate_cues"]
    adverbs = "|".join(re.escape(w) for w in cues["adverbs"])
    determiners = "|".join(re.escape(w) for w in cues["determiners"])
    return (re.compile(rf"\b(?:{adverbs})\b", re.I),
            re.compile(rf"\b(?:{determiners})\s+(?:[\w-]+\s+)?$", re.I))


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
# the main hit's factuality when the event is only named inside commentary, a diplomatic
# reaction or a responsibility claim: such a record is not an incident to attach parts to
COMMENTARY = frozenset({"referenced", "reaction", "attribution"})
FINE_FEATURES = ("city", "site", "town", "village")
UNIDENTIFIED = "Unidentified"  # ACLED's name for an armed group nobody named


def _same_place(a: Mention, b: Mention) -> bool:
    p, q = a.location, b.location
    if p is None or q is None:
        return True
    if p.name == q.name or (p.geonameid is not None and p.geonameid == q.geonameid):
        return True
    # one is only a region, river or "near" a town: compatible with a place in its country
    coarse = max(p.geo_precision or 1, q.geo_precision or 1) >= 2 or not (
        p.feature in FINE_FEATURES and q.feature in FINE_FEATURES
    )
    return coarse and p.country == q.country


def _known(a: Actor | None) -> str:
    """The actor's name, or "" when nobody is named (none, or an unidentified group: the
    same group may be named in another sentence)."""
    return "" if a is None or a.name.startswith(UNIDENTIFIED) else a.name


def _same_actors(a: Mention, b: Mention) -> bool:
    """Unknown sides are compatible; two known, disjoint sets of actors are not."""
    x = {n for n in (_known(a.actor1), _known(a.actor2)) if n}
    y = {n for n in (_known(b.actor1), _known(b.actor2)) if n}
    return not x or not y or bool(x & y)


def _refers_back(m: Mention) -> bool:
    """"The attack", "the strikes", "the incident", or a bare "killed"/"clashes" sentence."""
    notes = m.detect_notes
    return notes is not None and (notes.anaphoric or notes.generic)


def _anaphoric(m: Mention) -> bool:
    return m.detect_notes is not None and m.detect_notes.anaphoric


def _same_doer(a: Mention, b: Mention) -> bool:
    """Actor 1 unknown (or unidentified) on either side, or the same."""
    x, y = _known(a.actor1), _known(b.actor1)
    return not x or not y or x == y


def _own_place(m: Mention) -> bool:
    """The mention's place was read from its own sentence (not carried over)."""
    top = m.location_notes.toponym if m.location_notes is not None else None
    return top is not None and m.sent[0] <= top[0] and top[1] <= m.sent[1]


def _dates_agree(a: Mention, b: Mention) -> bool:
    """The same day, or one of the dates is not known from the text (the publication date
    stands in), or the coarser date (week, month) holds the finer one."""
    x, y = a.event_date, b.event_date
    if x is None or y is None or x == y:
        return True
    if a.background or b.background:
        return False  # recalled events are told by their own dates
    if "publication" in (a.date_source, b.date_source):
        return True
    for coarse, fine in ((a, b), (b, a)):
        c, f = filled(coarse.event_date, "event_date"), filled(fine.event_date, "event_date")
        if coarse.date_precision == "month" and fine.date_precision != "month" and (
                (c.year, c.month) == (f.year, f.month)):
            return True
        if coarse.date_precision == "week" and fine.date_precision == "day" and (
                abs((c - f).days) <= 3):
            return True
    return False


def _later_report(keep: Mention, m: Mention) -> bool:
    """"The attack" dated a few days after the incident, with no place of its own: the later
    statement about it ("Prosecutors said on Saturday that the attack had left seven dead")."""
    if not _anaphoric(m) or _own_place(m) or keep.event_type not in LETHAL:
        return False
    if keep.event_date is None or m.event_date is None or keep.background:
        return False
    lag = (m.event_date - keep.event_date).days
    return 0 < lag <= int(_rules()["report_lag_days"])


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
    lethal = keep.event_type in LETHAL or keep.sub_event_type == DEMO_LETHAL
    if _refers_back(m) and not _own_place(m) and lethal and m.event_type in LETHAL:
        return True  # "The number of people killed by the army rose to 35"
    if not _same_doer(keep, m):
        return False
    if keep.sub_event_type == m.sub_event_type and _same_place(keep, m):
        return True
    return _blast(m) and keep.event_type == m.event_type and _same_place(keep, m)


def same_event(keep: Mention, m: Mention) -> bool:
    """Whether ``m`` reports again the event ``keep`` already holds."""
    if keep.background != m.background:
        return False
    if not _dates_agree(keep, m) and not _later_report(keep, m):
        return False
    anaphor = _anaphoric(m) and (
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


# ---------------------------------------------------------------- parts of an incident


def _incident(m: Mention) -> bool:
    """Armed violence or a demonstration reported as having happened (not only named in
    commentary, a reaction or a claim)."""
    status = m.detect_notes.status if m.detect_notes is not None else "ok"
    return m.event_type in EVENTFUL and status not in COMMENTARY


def side_act(m: Mention) -> bool:
    """A kind of mention that is a part of an incident when told beside it: looting or
    property destruction, weapons found or seized, arrests; the PLOVER-only blame or
    withdrawal. A follow-up that classify demoted (reinforcements sent, the attackers'
    arrest) is a response, not a part: it keeps its PLOVER record."""
    sides = _rules()["side_acts"]
    if m.event_type == STRATEGIC_DEVELOPMENTS:
        return m.sub_event_type in sides["acled"]
    follow_up = m.class_notes is not None and m.class_notes.follow_up
    return m.event_type is None and not follow_up and m.plover_type in sides["plover"]


def _names(m: Mention) -> set[str]:
    actors = [m.actor1, m.actor2, *(m.assoc_actor_1 or []), *(m.assoc_actor_2 or [])]
    return {a.name for a in actors if a is not None}


def _forces_against(demo: Mention, m: Mention) -> bool:
    """Violence at a demonstration by the force facing the demonstrators, or against them:
    the demonstration's intervention (ACLED codes it as the protest event)."""
    a1, a2 = _actor_key(m.actor1), _actor_key(m.actor2)
    return bool(a1 and a1 == _actor_key(demo.actor2)) or bool(
        a2 and a2 == _actor_key(demo.actor1))


@dataclass
class _Record:
    """A record being assembled: its mention (the kept one) and every mention in it."""

    keep: Mention
    members: list[Mention] = field(default_factory=list)
    parts: list[Mention] = field(default_factory=list)  # the side acts folded in

    def sentences(self) -> set[int]:
        return {x.sent_index for x in (self.keep, *self.members, *self.parts)}


class _Text:
    """What aggregation reads of the article's text: paragraphs and separation cues."""

    def __init__(self, text: str | None) -> None:
        self.text = text

    def separate(self, m: Mention) -> bool:
        """The mention is marked as another event: "in a separate attack", "elsewhere",
        "again" (not "wounding another three")."""
        if self.text is None:
            return False
        adverbs, determiners = _separate_res()
        if adverbs.search(self.text[m.sent[0]: m.sent[1]]):
            return True
        words = [*m.evidence.get("event_type", []), *m.evidence.get("plover_type", []), m.trigger]
        return any(determiners.search(self.text[max(m.sent[0], s - 40): s]) for s, _e in words)

    def same_paragraph(self, a: Mention, b: Mention) -> bool:
        if self.text is None:
            return False
        first, last = sorted((a, b), key=lambda x: x.sent[0])
        between = self.text[first.sent[1]: max(first.sent[1], last.sent[0])]
        return re.search(r"\n[ \t\r]*\n", between) is None

    def near(self, rec: _Record, m: Mention) -> bool:
        """``m`` is told in the paragraph of one of the record's mentions, or just after."""
        close = int(_rules()["near_sentences"])
        mentions = (rec.keep, *rec.members, *rec.parts)
        return any(0 <= m.sent_index - x.sent_index <= close or self.same_paragraph(x, m)
                   for x in mentions)


def part_of(rec: _Record, m: Mention, text: _Text) -> bool:
    """Whether the side act ``m`` is a part of the incident ``rec`` holds: told in the same
    sentence as one of its mentions, or close by (same paragraph, or the next sentences) at
    a compatible place and date with no actor but the incident's own (ACLED: looting and
    arson during an attack are part of that event). Violence by the force facing a
    demonstration, or against the demonstrators, is the demonstration's intervention."""
    keep = rec.keep
    if not _incident(keep) or keep.background != m.background:
        return False
    demo = keep.sub_event_type in DEMO
    violent = demo and m.event_type in ARMED_VIOLENCE and _forces_against(keep, m)
    if not (side_act(m) or violent):
        return False
    if m.sent_index in rec.sentences():
        return True
    if not (_same_place(keep, m) and _dates_agree(keep, m) and text.near(rec, m)):
        return False
    if violent:
        return True
    if m.sub_event_type in _rules()["side_acts"]["scene"]:
        return True  # weapons found at the scene: by whoever responded
    own = {n for n in (_known(m.actor1), _known(m.actor2)) if n}
    return not own or bool(own & _names(keep))


def _absorb(keep: Mention, part: Mention) -> None:
    """Fold the side act ``part`` into the incident ``keep``: its words become evidence of the
    record's note, its sources and counts are pooled, the incident's type and actors stay."""
    if keep.sub_event_type in DEMO and part.event_type in ARMED_VIOLENCE:
        lethal = (part.fatalities or 0) > 0
        if lethal and DEMO[str(keep.sub_event_type)] < DEMO[DEMO_LETHAL]:
            keep.sub_event_type = DEMO_LETHAL  # protesters killed by the forces facing them
        elif keep.sub_event_type == "Peaceful protest":
            keep.sub_event_type = "Protest with intervention"
    for name in ("event_type", "sub_event_type", "plover_type"):
        for s, e in part.evidence.get(name, []):
            keep.add_evidence("notes", s, e)
    if not keep.fatalities and part.fatalities:
        _pool_fatalities(keep, part)
    _pool_counts(keep, part)
    _pool_sources(keep, part)
    for name in ("location", "event_date"):
        if getattr(part, name) == getattr(keep, name):
            for s, e in part.evidence.get(name, []):
                keep.add_evidence(name, s, e)
    keep.merged = [*(keep.merged or []), part.sent_index]


# ---------------------------------------------------------------- pooling


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
    for name in ("actor1", "actor2", "location", "event_date"):
        if getattr(keep, name) is None:
            setattr(keep, name, getattr(other, name))


def _place_rank(p: Place) -> tuple[int, int]:
    """Lower is more specific: the geo precision, then a town before a region or country."""
    return (p.geo_precision or 3, 0 if p.feature in FINE_FEATURES else 1)


def _more_specific_place(keep: Mention, other: Mention) -> bool:
    p, q = keep.location, other.location
    if q is None:
        return False
    return p is None or p.country == q.country and _place_rank(q) < _place_rank(p)


_PRECISION = {"day": 0, "week": 1, "month": 2}


def _more_specific_date(keep: Mention, other: Mention) -> bool:
    """A day over a week or month, a date read in the text over the publication date."""
    if other.event_date is None:
        return False
    if keep.event_date is None:
        return True
    if keep.date_source == "publication" and other.date_source != "publication":
        return True
    if other.date_source == "publication":
        return False
    return _PRECISION.get(other.date_precision or "", 3) < _PRECISION.get(
        keep.date_precision or "", 3)


def _more_specific_actor(mine: Actor | None, theirs: Actor | None) -> bool:
    """Any actor over none; a named, typed actor over an unidentified one of its kind."""
    if theirs is None or mine is None:
        return mine is None and theirs is not None
    if theirs.inter is None or theirs.name.startswith(UNIDENTIFIED):
        return False
    return mine.name.startswith(UNIDENTIFIED) and mine.inter == theirs.inter


def _take_specific(keep: Mention, other: Mention) -> None:
    """Each field keeps its most specific value among the mentions of one event."""
    if _more_specific_place(keep, other):
        keep.location, keep.location_notes = other.location, other.location_notes
    if _more_specific_date(keep, other):
        keep.event_date = other.event_date
        keep.date_precision, keep.date_source = other.date_precision, other.date_source
    for name in ("actor1", "actor2"):
        if _more_specific_actor(getattr(keep, name), getattr(other, name)):
            setattr(keep, name, getattr(other, name))


def _pool_fatalities(keep: Mention, other: Mention) -> None:
    """The lowest reported figure (ACLED), the range of the reports as low/high, every
    phrase the figures came from."""
    figures = [f for f in (keep.fatalities, other.fatalities) if f is not None and f > 0]
    if figures:
        keep.fatalities = min(figures)
    elif keep.fatalities is None:
        keep.fatalities = other.fatalities  # 0 or None: no figure
    lows = [x for x in (keep.fatalities_low, other.fatalities_low, *figures) if x is not None]
    highs = [x for x in (keep.fatalities_high, other.fatalities_high, *figures) if x is not None]
    keep.fatalities_low = min(lows) if lows else None
    keep.fatalities_high = max(highs) if highs else None
    if other.fatalities_text is not None:
        text = keep.fatalities_text if keep.fatalities_text is not None else []
        keep.fatalities_text = text + [t for t in other.fatalities_text if t not in text]
    for s, e in other.evidence.get("fatalities", []):
        keep.add_evidence("fatalities", s, e)


def _pool_counts(keep: Mention, other: Mention) -> None:
    if other.injured is not None:
        keep.injured = min(x for x in (keep.injured, other.injured) if x is not None)
        for s, e in other.evidence.get("injured", []):
            keep.add_evidence("injured", s, e)
    if other.arrested is not None:
        keep.arrested = max(x for x in (keep.arrested, other.arrested) if x is not None)
        for s, e in other.evidence.get("arrested", []):
            keep.add_evidence("arrested", s, e)


def _pool_sources(keep: Mention, other: Mention) -> None:
    if other.sources is not None:
        sources = keep.sources if keep.sources is not None else []
        names = {s.name for s in sources}
        keep.sources = sources + [s for s in other.sources if s.name not in names]
        for s, e in other.evidence.get("sources", []):
            keep.add_evidence("sources", s, e)


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
    if keep.sub_event_type == other.sub_event_type or keep.event_type in TWO_SIDED:
        _take_specific(keep, other)
    else:  # another kind of mention: its actors may play other roles; fill the gaps only
        for name in ("actor1", "actor2"):
            if getattr(keep, name) is None and getattr(other, name) is not None:
                setattr(keep, name, getattr(other, name))
        if _more_specific_place(keep, other) or _more_specific_date(keep, other):
            _take_specific(keep, replace(other, actor1=None, actor2=None))
    _pool_fatalities(keep, other)
    _pool_counts(keep, other)
    _pool_sources(keep, other)
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


def aggregate(mentions: list[Mention], text: str | None = None,
              parts: dict[int, list[Mention]] | None = None) -> list[Mention]:
    """One record per distinct event of the article (ACLED: same actors, place, day and
    type are one event). A later mention folds into an earlier one when it reports the same
    event again: same type, or a back-reference ("the attack", a bare "killed") to a violent
    event, with compatible date, place and actors. Back-references fold into the most recent
    compatible event; restatements into the first one. A side act (looting, weapons found,
    the attackers' withdrawal or arrest, the blame) told with an incident is a part of the
    most recent such incident. ``text`` (the article's) gives paragraphs and the cues of a
    separate event ("in a separate attack"); ``parts``, when given, receives the side acts
    folded into each record (keyed by ``id`` of the record's mention) for its note."""
    article = _Text(text)
    records: list[_Record] = []
    for m in sorted(mentions, key=lambda x: (x.sent_index, x.trigger)):
        cands = [r for r in records if same_event(r.keep, m)]
        exact = [r for r in cands if aggregation_key(r.keep) == aggregation_key(m)]
        if article.separate(m) and not exact and not _anaphoric(m):
            cands = []  # "in a separate attack", "elsewhere", "again": another event
        if cands:
            if exact:
                target = exact[0]
            elif _refers_back(m):
                target = cands[-1]
            else:
                target = cands[0]
            _merge_into(target.keep, m)
            target.members.append(m)
            continue
        owners = [r for r in records if part_of(r, m, article)]
        if owners:
            owner = owners[-1]
            _absorb(owner.keep, m)
            owner.parts.append(m)
            continue
        records.append(_Record(m))
    if parts is not None:
        for r in records:
            if r.parts:
                parts[id(r.keep)] = r.parts
    return [r.keep for r in records]


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


def freeze(wd: WorkDoc, m: Mention, parts: Sequence[Mention] = ()) -> Event:
    """The event record of a finished mention (every stage's fields filled); ``parts``: the
    side acts folded into it, which its note names."""
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
        injured=m.injured,
        arrested=m.arrested,
        sources=tuple(filled(m.sources, "sources")),
        notes=write_note(m, parts),
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
            "fatalities_high", "fatalities_text", "injured", "arrested", "casualty_notes",
            "sources",
        }),
        fills=frozenset({"merged"}),
    )

    def __init__(self, min_confidence: float = 0.3, keep_background: bool = True) -> None:
        self.min_confidence = min_confidence
        self.keep_background = keep_background

    def __call__(self, wd: WorkDoc) -> list[Event]:
        kept = [
            m
            for m in wd.mentions
            if filled(m.confidence, "confidence") >= self.min_confidence
            and (self.keep_background or not m.background)
            # an earlier event without a date of its own, or a toll over a period: no record
            and not (m.background and m.event_date is None)
        ]
        for m in kept:
            m.merged = []  # none folded in yet
        parts: dict[int, list[Mention]] = {}
        records = aggregate(fold_headline(wd, kept), wd.text, parts)
        events = [freeze(wd, m, parts.get(id(m), ())) for m in records]
        events.sort(key=lambda e: (e.background, -e.confidence))
        return events
