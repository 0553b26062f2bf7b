"""Cross-article merge: mentions that report the same event become one event.

Two mentions (event records of single articles) are the same event when (docs/store.md):
- they come from different articles (one article's records were already aggregated);
- their types are in the same family (political violence, demonstrations, strategic
  developments; otherwise the PLOVER type);
- their date intervals overlap (day: the day; a publication-date fallback: the two days
  before publication too; week: +-3 days; month: the month);
- their places are in the same country (all that a place named only in a dateline such as
  "SANAA -" tells) and within a distance set by the vaguer
  geo_precision (1: 15 km, 2: 30 km, 3: 150 km), or, when one is vague (precision 2+),
  in the same admin2 (or, precision 3, the same admin1);
- their actors are compatible: one side names none, or they share a name, an actor of the
  same country and type, or at least an actor country (reports disagree on "rioters" and
  "protesters", "gunmen" and "militants": actors only split clearly different events).

Clusters are grown by union-find over compatible pairs, never joining two clusters that
hold records of the same article. Candidate pairs come from blocks (day x 1.5-degree
grid cell, and day x admin1) so the work grows near-linearly with the number of mentions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from eventcoder.facts.distance import haversine_km
from eventcoder.facts.interaction import interaction_code
from eventcoder.model import Actor, Event, Place, Source, Span

CELL_DEG = 1.5
RADIUS_KM = {1: 15.0, 2: 30.0, 3: 150.0}
DEFAULT_RADIUS_KM = 30.0
MAX_RADIUS_KM = max(RADIUS_KM.values())
PUBLICATION_SLACK_DAYS = 2
DATELINE_CHARS = 40
FAMILIES = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic",
}


@dataclass(slots=True)
class Key:
    """What the merge compares, taken from one mention."""

    article: str
    family: str
    lo: int  # date interval, as proleptic ordinals
    hi: int
    lat: float | None
    lon: float | None
    precision: int
    iso3: str | None
    admin1: str | None
    admin2: str | None
    names: frozenset[str]
    kinds: frozenset[tuple[str | None, str | None]]
    dateline: bool = False


def family(event_type: str | None, plover_type: str) -> str:
    return FAMILIES.get(event_type or "", f"plover:{plover_type}")


def date_interval(date: str | None, precision: str | None, source: str) -> tuple[int, int] | None:
    if not date:
        return None
    try:
        d = dt.date.fromisoformat(date)
    except ValueError:
        return None
    n = d.toordinal()
    if precision == "week":
        return n - 3, n + 3
    if precision == "month":
        first = d.replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return first.toordinal(), nxt.toordinal() - 1
    if source == "publication":
        return n - PUBLICATION_SLACK_DAYS, n
    return n, n


def _actor_keys(
    actors: Sequence[Actor | None],
) -> tuple[frozenset[str], frozenset[tuple[str | None, str | None]]]:
    names: set[str] = set()
    kinds: set[tuple[str | None, str | None]] = set()
    for a in actors:
        if a is None or a.name.startswith("Unidentified"):
            continue
        names.add(a.name.lower())
        if a.country or a.type:
            kinds.add((a.country, a.type))
    return frozenset(names), frozenset(kinds)


def dateline_only(e: Event) -> bool:
    """Whether the place rests only on a dateline ("SANAA - ..."): where the report was
    filed, not necessarily where the event happened; it then only fixes the country."""
    spans = e.evidence.get("location", ())
    return bool(spans) and all(
        s.start < DATELINE_CHARS and s.quote.isupper() for s in spans
    )


def key_of(e: Event) -> Key | None:
    """The merge key of a mention; None when it cannot be merged (no date or place)."""
    interval = date_interval(e.event_date, e.date_precision, e.date_source)
    loc = e.location
    if interval is None or loc is None or loc.lat is None or loc.lon is None:
        return None
    names, kinds = _actor_keys([e.actor1, e.actor2])
    return Key(
        e.article_ids[0] if e.article_ids else e.event_id,
        family(e.event_type, e.plover_type),
        interval[0],
        interval[1],
        loc.lat,
        loc.lon,
        loc.geo_precision or 2,
        loc.iso3,
        loc.admin1,
        loc.admin2,
        names,
        kinds,
        dateline_only(e),
    )


def places_match(a: Key, b: Key) -> bool:
    if a.iso3 and b.iso3 and a.iso3 != b.iso3:
        return False
    if a.dateline or b.dateline:
        return bool(a.iso3) and a.iso3 == b.iso3
    vague = max(a.precision, b.precision)
    if vague >= 2 and a.iso3 == b.iso3:
        if a.admin2 and a.admin2 == b.admin2 and a.admin1 == b.admin1:
            return True
        if vague >= 3 and a.admin1 and a.admin1 == b.admin1:
            return True
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    radius = RADIUS_KM.get(vague, DEFAULT_RADIUS_KM)
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= radius


def compatible(a: Key, b: Key) -> bool:
    """Whether two mentions can report the same event (see the module docstring)."""
    if a.article == b.article or a.family != b.family:
        return False
    if a.hi < b.lo or b.hi < a.lo:
        return False
    if a.names and b.names and not (a.names & b.names) and not (a.kinds & b.kinds):
        ca = {c for c, _ in a.kinds if c}
        cb = {c for c, _ in b.kinds if c}
        if not ca or not cb or not (ca & cb):
            return False
    return places_match(a, b)


def _cells(lat: float, lon: float, radius_km: float) -> list[tuple[int, int]]:
    dlat = radius_km / 111.0
    coslat = max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 0.02)
    dlon = min(180.0, radius_km / (111.0 * coslat))
    rows = range(math.floor((lat - dlat) / CELL_DEG), math.floor((lat + dlat) / CELL_DEG) + 1)
    lo, hi = math.floor((lon - dlon) / CELL_DEG), math.floor((lon + dlon) / CELL_DEG)
    return [(r, c) for r in rows for c in range(lo, hi + 1)]


def cluster_keys(keys: Sequence[Key | None]) -> list[list[int]]:
    """Group mention indexes into clusters (each a sorted list), in first-index order."""
    n = len(keys)
    parent = list(range(n))
    articles: dict[int, set[str]] = {
        i: {k.article} if k is not None else set() for i, k in enumerate(keys)
    }

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            return
        if len(articles[ri]) < len(articles[rj]):
            ri, rj = rj, ri
        parent[rj] = ri
        articles[ri] |= articles.pop(rj)

    grid: dict[tuple[int, int, int], list[int]] = {}
    admin: dict[tuple[int, str, str], list[int]] = {}
    country: dict[tuple[int, str, str | None], list[int]] = {}  # every mention
    datelined: dict[tuple[int, str, str | None], list[int]] = {}  # dateline-only ones
    kept = {i: k for i, k in enumerate(keys) if k is not None}
    for i in sorted(kept, key=lambda i: kept[i].lo):
        k = kept[i]
        assert k.lat is not None and k.lon is not None
        seen: set[int] = set()
        own = (math.floor(k.lat / CELL_DEG), math.floor(k.lon / CELL_DEG))
        cells = _cells(k.lat, k.lon, MAX_RADIUS_KM)
        akey = f"{k.iso3}|{k.admin1}" if k.admin1 else None
        for day in range(k.lo, k.hi + 1):
            cands: list[list[int]] = [grid.get((day, r, c), []) for r, c in cells]
            if akey is not None:
                cands.append(admin.get((day, k.family, akey), []))
            ckey = (day, k.family, k.iso3)
            cands.append(datelined.get(ckey, []))
            if k.dateline:
                cands.append(country.get(ckey, []))
            for bucket in cands:
                for j in bucket:
                    if j in seen:
                        continue
                    seen.add(j)
                    if find(i) != find(j) and compatible(k, kept[j]):
                        union(i, j)
            grid.setdefault((day, *own), []).append(i)
            if akey is not None:
                admin.setdefault((day, k.family, akey), []).append(i)
            country.setdefault(ckey, []).append(i)
            if k.dateline:
                datelined.setdefault(ckey, []).append(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


# --- the merged record -------------------------------------------------------------------

TYPE_FIELDS = (
    "event_type",
    "sub_event_type",
    "disorder_type",
    "plover_type",
    "plover_mode",
    "cameo_root",
    "civilian_targeting",
)
_PRECISION_RANK: dict[str | None, int] = {"day": 0, "week": 1, "month": 2}
_V = TypeVar("_V", bound=Hashable)  # a value voted on


@dataclass(frozen=True)
class Merged:
    """One merged event, the mentions it was made from, and how many sources back it."""

    event: Event
    mention_ids: tuple[str, ...]
    n_articles: int
    n_independent: int


def merged_id(mention_ids: Sequence[str]) -> str:
    if len(mention_ids) == 1:
        return mention_ids[0]
    digest = hashlib.sha1("|".join(sorted(mention_ids)).encode()).hexdigest()[:16]
    return f"ev-{digest}"


def _vote(items: Sequence[tuple[_V, float]]) -> _V:
    """The value with the highest total weight; ties go to the first seen."""
    totals: dict[_V, float] = {}
    for value, w in items:
        totals.setdefault(value, 0.0)
        totals[value] += w
    best = max(totals.values())
    return next(v for v, _ in items if totals[v] == best)


def _spans(mentions: Sequence[Event], keys: Sequence[str]) -> list[Span]:
    out: list[Span] = []
    for m in mentions:
        for k in keys:
            out.extend(m.evidence.get(k, ()))
    return out


def _actor(ms: Sequence[Event], weight: Callable[[Event], float], skip: set[str]) -> Actor | None:
    """The actor named most (weighted) in either role among ``ms``, skipping names in skip."""
    votes = [
        (a.name, weight(m))
        for m in ms
        for a in (m.actor1, m.actor2)
        if a is not None and a.name not in skip
    ]
    if not votes:
        return None
    name = _vote(votes)
    best = max((m for m in ms if name in _names(m)), key=lambda m: m.confidence)
    return next(a for a in (best.actor1, best.actor2) if a is not None and a.name == name)


def _names(m: Event) -> set[str]:
    return {a.name for a in (m.actor1, m.actor2) if a is not None}


def _actor_evidence(ms: Sequence[Event], actor: Actor | None, field: str) -> list[Span]:
    if actor is None:
        return []
    out: list[Span] = []
    for m in ms:
        for role in ("actor1", "actor2"):
            a = getattr(m, role)
            if a is not None and a.name == actor.name:
                out.extend(m.evidence.get(role, ()))
    return out or _spans(ms, [field])


def _lowest(values: Sequence[int | None]) -> int | None:
    vals = [v for v in values if v is not None]
    return min(vals) if vals else None


def merge_cluster(ms: Sequence[Event], roots: dict[str, str] | None = None) -> Merged:
    """One event from the mentions of one cluster (rules in docs/store.md)."""
    ids = tuple(m.event_id for m in ms)
    if len(ms) == 1:
        m = ms[0]
        return Merged(m, ids, len(set(m.article_ids)), 1)
    roots = roots or {}
    root_of = {m.event_id: roots.get(m.article_ids[0], m.article_ids[0]) for m in ms}
    per_root = Counter(root_of.values())

    def weight(m: Event) -> float:
        return (m.confidence or 0.01) / per_root[root_of[m.event_id]]

    # Type: weighted vote on the (sub-)type; its fields come from the best such mention.
    subtype = _vote([(m.sub_event_type or m.plover_type, weight(m)) for m in ms])
    typed = [m for m in ms if (m.sub_event_type or m.plover_type) == subtype]
    rep = max(typed, key=lambda m: m.confidence)
    # Date: the most precise, text before publication; then vote, ties to the earliest.
    rank = min((_PRECISION_RANK.get(m.date_precision, 3), m.date_source != "text") for m in ms)
    dated = [m for m in ms if (_PRECISION_RANK.get(m.date_precision, 3), m.date_source != "text")
             == rank]
    date = _vote(sorted(((m.event_date, weight(m)) for m in dated), key=lambda t: t[0] or ""))
    date_m = next(m for m in dated if m.event_date == date)
    # Place: the most precise geo_precision, then a vote on the name.
    placed = [m for m in ms if m.location is not None and not dateline_only(m)]
    placed = placed or [m for m in ms if m.location is not None]
    places = [(m, m.location) for m in placed if m.location is not None]
    location: Place | None = None
    if places:
        prec = min((p.geo_precision or 2) for _m, p in places)
        fine = [(m, p) for m, p in places if (p.geo_precision or 2) == prec]
        name = _vote([(p.name, weight(m)) for m, p in fine])
        location = max(((m, p) for m, p in fine if p.name == name),
                       key=lambda mp: mp[0].confidence)[1]
    actor1 = _actor(ms, weight, set())
    actor2 = _actor(ms, weight, {actor1.name} if actor1 else set())
    taken = {a.name for a in (actor1, actor2) if a is not None}
    assoc: dict[int, list[Actor]] = {1: [], 2: []}
    for side, attr in ((1, "assoc_actor_1"), (2, "assoc_actor_2")):
        for m in ms:
            for a in getattr(m, attr):
                if a.name not in taken:
                    taken.add(a.name)
                    assoc[side].append(a)
    # Fatalities: ACLED's rule, the lowest reported figure; the range is kept.
    reporting = [m for m in ms if m.fatalities_text or m.fatalities_low is not None
                 or m.fatalities > 0]
    fatalities = min((m.fatalities for m in reporting), default=0)
    attackers = min((m.attacker_fatalities for m in reporting if m.fatalities == fatalities),
                    default=0)
    lows = [m.fatalities_low for m in reporting if m.fatalities_low is not None]
    highs = [m.fatalities_high for m in reporting if m.fatalities_high is not None]
    texts = list(dict.fromkeys(t for m in ms for t in m.fatalities_text))
    injured = _lowest([m.injured for m in ms])
    arrested = _lowest([m.arrested for m in ms])
    sources: dict[tuple[str, str], Source] = {}
    for m in ms:
        for s in m.sources:
            sources.setdefault((s.name.lower(), s.kind), s)
    confidence = 1.0
    for r in per_root:
        confidence *= 1.0 - max(m.confidence for m in ms if root_of[m.event_id] == r)
    # Evidence: each field keeps the spans of the mentions that agree with its value.
    evidence: dict[str, list[Span]] = {}
    agree = {
        **{f: typed for f in TYPE_FIELDS},
        "event_date": [m for m in ms if m.event_date == date],
        "date_precision": [m for m in ms if m.event_date == date],
        "location": [m for m, p in places if location and p.name == location.name],
        "fatalities": [m for m in reporting if m.fatalities == fatalities],
        "injured": [m for m in ms if injured is not None and m.injured == injured],
        "arrested": [m for m in ms if arrested is not None and m.arrested == arrested],
    }
    fields = list(dict.fromkeys(k for m in ms for k in m.evidence))
    for f in fields:
        if f == "actor1":
            spans = _actor_evidence(ms, actor1, f)
        elif f == "actor2":
            spans = _actor_evidence(ms, actor2, f)
        else:
            spans = _spans(agree.get(f, ms), [f])
        if spans:
            evidence[f] = list(dict.fromkeys(spans))
    article_ids = tuple(dict.fromkeys(a for m in ms for a in m.article_ids))
    n_ind = len(per_root)
    notes = rep.notes
    notes += f" Reported in {len(article_ids)} articles ({n_ind} independent)."
    event = Event(
        event_id=merged_id(ids),
        article_ids=article_ids,
        event_date=date,
        date_precision=date_m.date_precision,
        date_source=date_m.date_source,
        background=all(m.background for m in ms),
        event_type=rep.event_type,
        sub_event_type=rep.sub_event_type,
        disorder_type=rep.disorder_type,
        plover_type=rep.plover_type,
        plover_mode=rep.plover_mode,
        cameo_root=rep.cameo_root,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=tuple(assoc[1]),
        assoc_actor_2=tuple(assoc[2]),
        interaction=interaction_code(actor1, actor2),
        civilian_targeting=rep.civilian_targeting,
        location=location,
        fatalities=fatalities,
        fatalities_low=min(lows) if lows else None,
        fatalities_high=max(highs) if highs else None,
        fatalities_text=tuple(texts),
        attacker_fatalities=attackers,
        injured=injured,
        arrested=arrested,
        sources=tuple(sources.values()),
        notes=notes.strip(),
        confidence=round(1.0 - confidence, 4),
        evidence={k: tuple(v) for k, v in evidence.items()},
    )
    return Merged(event, ids, len(article_ids), n_ind)


def merge_events(mentions: Sequence[Event], roots: dict[str, str] | None = None) -> list[Merged]:
    """Cluster ``mentions`` and merge each cluster. ``roots`` maps a duplicate article's id
    to its original's (articles.dup_of), so a copy is not counted as a second source."""
    clusters = cluster_keys([key_of(m) for m in mentions])
    return [merge_cluster([mentions[i] for i in c], roots) for c in clusters]


# --- records back from JSON --------------------------------------------------------------


def _actor_from(d: dict[str, Any] | None) -> Actor | None:
    return Actor(**d) if d else None


def event_from_dict(d: dict[str, Any]) -> Event:
    """The inverse of ``Event.to_dict``."""
    loc = d.get("location")
    return Event(
        event_id=d["event_id"],
        article_ids=tuple(d.get("article_ids") or ()),
        event_date=d.get("event_date"),
        date_precision=d.get("date_precision") or ("day" if d.get("event_date") else None),
        date_source=d.get("date_source") or "text",
        background=bool(d.get("background")),
        event_type=d.get("event_type"),
        sub_event_type=d.get("sub_event_type"),
        disorder_type=d.get("disorder_type"),
        plover_type=d.get("plover_type") or "",
        plover_mode=tuple(d.get("plover_mode") or ()),
        cameo_root=d.get("cameo_root") or "",
        actor1=_actor_from(d.get("actor1")),
        actor2=_actor_from(d.get("actor2")),
        assoc_actor_1=tuple(Actor(**a) for a in d.get("assoc_actor_1") or ()),
        assoc_actor_2=tuple(Actor(**a) for a in d.get("assoc_actor_2") or ()),
        interaction=d.get("interaction"),
        civilian_targeting=bool(d.get("civilian_targeting")),
        location=Place(**loc) if loc else None,
        fatalities=int(d.get("fatalities") or 0),
        fatalities_low=d.get("fatalities_low"),
        fatalities_high=d.get("fatalities_high"),
        fatalities_text=tuple(d.get("fatalities_text") or ()),
        attacker_fatalities=int(d.get("attacker_fatalities") or 0),
        injured=d.get("injured"),
        arrested=d.get("arrested"),
        sources=tuple(Source(**s) for s in d.get("sources") or ()),
        notes=d.get("notes") or "",
        confidence=float(d.get("confidence") or 0.0),
        evidence={k: tuple(Span(**s) for s in v) for k, v in (d.get("evidence") or {}).items()},
    )
