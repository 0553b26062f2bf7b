"""Locations: every toponym resolved (geoparse) and the place of each event.

``Geoparser`` fills the article's toponyms (see geo/toponyms.py). ``EventLocator`` picks each
event's place: the toponym tied to the event by a locative phrase in its sentence
("in", "near", "4 miles east of" ...), else the sentence's place, else the article's
focus (earlier sentences' places, then the focus country at geo_precision 3). A country
or region is refined to the article's most specific place inside it that no other event
uses. ACLED geo_precision: 1 the town itself, 2 near a town / part of a region, 3 a region.
The dateline ("BEIRUT (Reuters) -") is where the story was filed: its toponym is left out
when the article names any other place that does not contain it (a later mention of the
same city still counts as the event's place).
"""

from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

from eventcoder.document import LocationNotes, Mention, StageSpec, WorkDoc
from eventcoder.geo.gazetteer import Gazetteer, GazetteerLookup
from eventcoder.geo.toponyms import DATELINE, geoparse
from eventcoder.model import Place, Toponym

TOWN_FEATURES = frozenset({"city", "site"})
REGION_FEATURES = frozenset({"country", "admin1", "region", "water", "terrain", "admin2"})
NEAR = re.compile(
    r"(?:(?:about|some|around|roughly|nearly|approximately)\s+)?"
    r"(?:\d[\d.,]*|a few|several|a|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|"
    r"twenty|thirty|forty|fifty)[\s-]*(?:km|kms|kilometers|kilometres|miles|mile|mi)\b"
    r"(?:\s*\([^)]{0,20}\))?\s+(?:to the\s+)?(?:north|south|east|west|northeast|northwest|"
    r"southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+of\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}$"
    r"|(?:near|nearby|outside|outskirts of|close to|around|vicinity of|just off|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|"
    r"(?:north|south|east|west)(?:ern)? part of|on the road (?:to|from|between)|"
    r"(?:road|highway) (?:to|from|between))\s+(?:the\s+)?(?:town of\s+|city of\s+|village of\s+)?$",
    re.IGNORECASE,
)
IN = re.compile(r"(?:in|at|inside|into|on|across|throughout|within|across|over|"
                r"town of|city of|village of|province of|region of)\s+(?:the\s+)?$",
                re.IGNORECASE)


class Geoparser:
    """Fills the article's toponyms and focus country (none from blanked-out noise)."""

    spec: ClassVar[StageSpec] = StageSpec(
        "geoparse",
        reads=frozenset({"article", "clean_text", "noise", "doc"}),
        fills=frozenset({"toponyms", "focus_country"}),
    )

    def __init__(self, gazetteer: Gazetteer | GazetteerLookup) -> None:
        self.gazetteer = gazetteer

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        if wd.doc is not None:
            geoparse(wd, self.gazetteer)
            # nothing from text that cleaning blanked out (a repeated headline, "More news:")
            wd.toponyms = [t for t in wd.toponyms if not wd.is_noise(t.start, t.end)]
        return wd


class EventLocator:
    """Fills the place of every mention (see module doc)."""

    spec: ClassVar[StageSpec] = StageSpec(
        "locate",
        reads=frozenset({"article", "doc", "toponyms", "focus_country", "mentions", "sent",
                         "sent_index", "trigger", "actor1", "actor2", "assoc_actor_1",
                         "assoc_actor_2"}),
        fills=frozenset({"location", "location_notes"}),
    )

    def __init__(self, gazetteer: Gazetteer | GazetteerLookup) -> None:
        self.gazetteer = gazetteer

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        filed = _filed_at(wd)
        places = [t for t in wd.toponyms if t.lat is not None and id(t) not in filed]
        # the towns of a list ("air bases at A, B, C and D") are the place of the events of
        # their own sentence only, never the article's place for other sentences
        listed = _listed(wd.text, places)
        aside = filed | listed
        context = [t for t in places if id(t) not in listed]
        direct: dict[int, tuple[Toponym, int, int]] = {}
        for i, m in enumerate(wd.mentions):
            pick = self._in_sentence(wd, m, places)
            if pick is not None:
                direct[i] = pick
        used = {t.geonameid for t, _s, _p in direct.values()}
        main = self._main_place(wd, context, used, aside)
        for i, m in enumerate(wd.mentions):
            if i in direct:
                top, start, prec = direct[i]
                if top.feature in REGION_FEATURES:
                    finer = self._refine(wd, top, used, m, aside)
                    if finer is not None:
                        top, start, prec = finer, finer.start, 2
            elif (near := self._neighbour(wd, m, context)) is not None:
                top, start, prec = near
            elif main is not None:
                top, start, prec = main, main.start, 2
            else:
                earlier = [t for t in context if t.end <= m.sent[0]]
                if not earlier:
                    m.location = self._focus_place(wd, places, m)
                    m.location_notes = LocationNotes(toponym=None)
                    continue
                top, start, prec = earlier[-1], earlier[-1].start, max(2, _precision(earlier[-1]))
            m.location = self._place(wd, top, start, prec)
            m.add_evidence("location", start, top.end)
            m.location_notes = LocationNotes(toponym=(top.start, top.end))
        return wd

    def _neighbour(self, wd: WorkDoc, m: Mention,
                   places: list[Toponym]) -> tuple[Toponym, int, int] | None:
        """A specific place in the sentence before or after, in the same paragraph."""
        sents = wd.sentences()
        for j in (m.sent_index - 1, m.sent_index + 1):
            if not 0 <= j < len(sents):
                continue
            a, b = sorted(((sents[j].start_char, sents[j].end_char), m.sent))
            if "\n" in wd.text[a[1]:b[0]]:
                continue  # another paragraph
            probe = Mention(j, (sents[j].start_char, sents[j].end_char), m.trigger, "")
            probe.evidence = m.evidence
            pick = self._in_sentence(wd, probe, places)
            if pick is not None and pick[0].feature in TOWN_FEATURES:
                return pick[0], pick[1], max(2, pick[2])
        return None

    def _main_place(self, wd: WorkDoc, places: list[Toponym], used: set[int | None],
                    filed: set[int]) -> Toponym | None:
        """The article's most mentioned specific place in its focus country."""
        iso2 = self.gazetteer.iso2_from_iso3(wd.focus_country)
        country = next((t for t in places if t.feature == "country" and t.country == iso2), None)
        if country is None:
            return None
        return self._refine(wd, country, used, None, filed)

    def _in_sentence(self, wd: WorkDoc, m: Mention,
                     places: list[Toponym]) -> tuple[Toponym, int, int] | None:
        s0, s1 = m.sent
        blocked = [sp for f in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
                   for sp in m.evidence.get(f, [])]
        best: tuple[float, Toponym, int, int] | None = None
        for t in places:
            if not (s0 <= t.start < s1) or any(a <= t.start < b for a, b in blocked):
                continue
            before = wd.text[max(s0, t.start - 60):t.start]
            near = NEAR.search(before)
            score = 0.0
            start, prec = t.start, _precision(t)
            if near:
                score += 3.0
                start, prec = t.start - (len(before) - near.start()), 2
            elif IN.search(before):
                score += 2.5
            elif t.feature == "country":
                continue  # a country as a modifier ("U.S. coalition") is not the place
            if _after(wd.text, t.end).startswith(("-based", " -based", "'s ", "’s ")):
                score -= 3.0
            score += {"city": 1.0, "site": 1.2, "admin1": 0.5}.get(t.feature or "", 0.0)
            if _governed_by(wd, t, m.trigger):
                score += 2.0  # the place phrase hangs off the event's own words
            gap = min(abs(t.start - m.trigger[1]), abs(m.trigger[0] - t.end))
            score -= gap / 200.0
            if best is None or score > best[0]:
                best = (score, t, start, prec)
        if best is None:
            return None
        return best[1], best[2], best[3]

    def _refine(self, wd: WorkDoc, top: Toponym, used: set[int | None],
                m: Mention | None, filed: set[int]) -> Toponym | None:
        """The article's most specific place inside ``top`` that no other event uses."""
        inside = [t for t in wd.toponyms if t.lat is not None and t.feature in TOWN_FEATURES
                  and id(t) not in filed
                  and t.geonameid not in used and t.geonameid != top.geonameid
                  and (top.feature != "admin1" or t.admin1 == top.admin1)
                  and t.country == top.country and top.country is not None]
        if not inside:
            return None
        counts: dict[int | None, int] = {}
        for t in inside:
            counts[t.geonameid] = counts.get(t.geonameid, 0) + 1
        at = m.trigger[0] if m is not None else 0
        return max(inside, key=lambda t: (counts[t.geonameid], -abs(t.start - at)))

    def _place(self, wd: WorkDoc, t: Toponym, start: int, prec: int) -> Place:
        gaz = self.gazetteer
        admin1 = ascii_name(t.admin1) if t.admin1 and t.feature != "country" else None
        return Place(
            name=ascii_name(t.name or t.text),
            text=wd.text[start:t.end],
            feature=t.feature,
            admin1=admin1,
            admin2=None if t.feature in REGION_FEATURES else gaz.admin2_of(t.geonameid),
            country=gaz.country_name(t.country),
            iso3=gaz.country_iso3(t.country),
            lat=t.lat,
            lon=t.lon,
            geonameid=t.geonameid,
            geo_precision=prec,
        )

    def _focus_place(self, wd: WorkDoc, places: list[Toponym], m: Mention) -> Place | None:
        if not wd.focus_country:
            return None
        iso2 = self.gazetteer.iso2_from_iso3(wd.focus_country)
        mention = next((t for t in places if t.feature == "country" and t.country == iso2),
                       None)
        if mention is not None:
            m.add_evidence("location", mention.start, mention.end)
            return self._place(wd, mention, mention.start, 3)
        name = self.gazetteer.country_name(iso2)
        if name is None:
            return None
        cands = [c for c in self.gazetteer.candidates(name)
                 if c.feature == "country" and c.country == iso2]
        c = cands[0] if cands else None
        return Place(name, name, "country", None, None, name, wd.focus_country,
                     c.lat if c else None, c.lon if c else None, c.geonameid if c else None, 3)


def ascii_name(name: str) -> str:
    """The name without diacritics ("Ḩalab" -> "Halab"), as ACLED writes places."""
    out = "".join(ch for ch in unicodedata.normalize("NFKD", name)
                  if not unicodedata.combining(ch))
    return out.replace("‘", "").replace("’", "'").replace("ʿ", "")


def _filed_at(wd: WorkDoc) -> set[int]:
    """The dateline toponym (``id``), left out when the article names another place that
    does not contain it: "KABUL (AP) - ... in Kunduz province" -> Kabul is where the story
    was filed. Kept when it is the only place, when the others only contain it
    ("Afghanistan"), or when the text names the city again.
    """
    lead = wd.text[:200]
    starts = {m.start(1) for m in DATELINE.finditer(lead)}
    line = [t for t in wd.toponyms if t.start in starts and t.text.isupper()
            and t.lat is not None]
    out: set[int] = set()
    for d in line:
        if any(t is not d and t.text.lower() == d.text.lower() for t in wd.toponyms):
            continue  # the text names the city again: it may well be the event's place
        for t in wd.toponyms:
            if t is d or t.lat is None or t in line or t.geonameid == d.geonameid:
                continue
            if t.feature == "country" and t.country == d.country:
                continue
            if t.feature == "admin1" and t.country == d.country and t.admin1 == d.admin1:
                continue
            out.add(id(d))
            break
    return out


LIST_GAP = re.compile(r"\s*(?:,|;|,?\s*(?:and|or|&))\s*(?:the\s+)?")


def _listed(text: str, places: list[Toponym]) -> set[int]:
    """The toponyms (``id``) in a list of three or more distinct places (not countries)
    written one after another ("bases at Incirlik, Al Udeid, Ain al-Asad and Erbil")."""
    towns = sorted((t for t in places if t.feature != "country"), key=lambda t: t.start)
    out: set[int] = set()
    run: list[Toponym] = []
    for t in towns:
        if run and not (LIST_GAP.fullmatch(text, run[-1].end, t.start)
                        and "\n" not in text[run[-1].end:t.start]):
            run = []
        run.append(t)
        if len({r.geonameid for r in run}) >= 3:
            out |= {id(r) for r in run}
    return out


def _governed_by(wd: WorkDoc, t: Toponym, trigger: tuple[int, int]) -> bool:
    """True when the toponym's chain of syntactic heads reaches the trigger words."""
    doc = wd.doc
    if doc is None:
        return False
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(6):
        if trigger[0] <= tok.idx < trigger[1]:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _precision(t: Toponym) -> int:
    if t.feature in TOWN_FEATURES:
        return 1
    if t.feature == "local":  # a street or building placed at the article's main town
        return 2
    return 3


def _after(text: str, end: int) -> str:
    return text[end:end + 8]
