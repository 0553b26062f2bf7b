"""Geoparsing: find the place names of an article (toponym recognition) and resolve them.

Recognition: spaCy GPE/LOC/FAC entities (trimmed of generic trailing words, with dropped
Arabic article prefixes restored), plus capitalised proper-noun runs the model missed
that the gazetteer knows. Demonyms ("Syrian") are not toponyms.

Resolution scores every gazetteer candidate of a name: population, feature type (countries,
admin1 and curated places first), main name vs alias vs consonant-skeleton match, the
countries the article mentions, the admin hierarchy written next to it ("Al-Bab,
Aleppo") and distance to the article's other places. All names of an article go to the
gazetteer in one batched lookup. The article context (hierarchy phrases, one sense per
discourse, names of people and organisations, focus country) lives in geo/context.py.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import TYPE_CHECKING

from eventcoder.document import WorkDoc
from eventcoder.facts.distance import haversine_km
from eventcoder.facts.folding import fold
from eventcoder.geo.context import (
    LOCATIVE,
    agree_with_children,
    article_focus,
    constrain_by_parents,
    drop_person_names,
    in_title,
    local_anchor,
    repeated_mentions,
    written_parents,
)
from eventcoder.geo.gazetteer import Candidate, GazetteerLookup
from eventcoder.geo.names import cut_short, name_key
from eventcoder.geo.spans import PlaceSpan
from eventcoder.model import Toponym

if TYPE_CHECKING:
    from spacy.tokens import Doc

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# trailing lowercase words that belong to a place name ("Euphrates river", "Idlib province")
GENERIC = frozenset({"river", "valley", "province", "governorate", "district", "region",
                     "mountains", "mountain", "lake", "sea", "strait", "camp", "crossing",
                     "island", "islands", "peninsula", "desert", "state", "county", "city"})
# admin1 names that are also everyday words: not taken from outside a place entity
GENERIC_NAMES = frozenset({"centre", "center", "central", "western", "eastern", "northern",
                           "southern", "north", "south", "east", "west", "capital", "coast",
                           "mission", "valley", "lakes", "islands", "upper", "lower", "border",

                           "federal", "national", "mountain", "plateau", "island", "littoral"})
DEMONYM = re.compile(r"(?:an|ans|ian|ians|ese|ish|i|is|ic|iot|iots|ite|ites)$")
PREFIX = re.compile(r"(?:^|(?<=[\s(\"']))(?:al|el|ad|as|at|az|ar|an|ash|ed|es|ez)(?:-|\s)$",
                    re.IGNORECASE)
# an upper-case dateline: "SAN ANTONIO —", "PLEASANTON, Calif.", "Associated Press WASHINGTON ("
DATELINE = re.compile(r"(?:^|\n|Press |Reuters |AFP )[ \t]*"
                      r"([A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3})"
                      r"(?=,? ?(?:\(|—|–|- |&|, [A-Z][a-z]+\.|\n| [A-Z][a-z]))")
ABBREVS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "port"}
ABBREV = re.compile(r"^(st|ste|mt|ft|pt)\b")
PLACE_OF = re.compile(r"(?:(?:\b(?:in|near|across|throughout)(?:\s+the)?|['’]s)\s+|[(,]\s*)$")
ADMIN_WORD_AFTER = re.compile(r"\s+(?:state|province|region|governorate|oblast|prefecture|"
                              r"department|emirate|county|district)\b")
ADMIN_WORDS = frozenset({"state", "province", "region", "governorate", "oblast", "prefecture",
                         "department", "emirate", "county", "district"})
FEATURE_BONUS = {"country": 5.0, "admin1": 2.5, "river": 8.0, "site": 8.0, "region": 8.0,
                 "water": 8.0, "terrain": 8.0, "admin2": 1.0, "city": 0.0}


def _trim(doc: Doc, start_tok: int, end_tok: int) -> tuple[int, int]:
    """Drop a leading "the" and trailing lowercase words that are not generic place words."""
    while start_tok < end_tok and doc[start_tok].lower_ in ("the", "'s"):
        start_tok += 1
    while end_tok > start_tok:
        t = doc[end_tok - 1]
        if t.is_punct or t.lower_ in ("'s", "’s") or (
            t.text[:1].islower() and t.lower_ not in GENERIC
        ):
            end_tok -= 1
        else:
            break
    # a generic word only when a capitalised name comes before it
    return start_tok, end_tok


def _with_prefix(text: str, start: int) -> int:
    """Restore a dropped article prefix: "al-Raqqa", "Ar Raqqah" (capitalised, mid-sentence)."""
    before = text[max(0, start - 4):start]
    m = PREFIX.search(before)
    if not m:
        return start
    word = m.group(0)
    if word.endswith(" ") and not word[0].isupper():
        return start
    return start - len(word)


TAIL = re.compile(r"(?:[\s-](?:al|el|ez|az|ad|as|ar|an|ash|es|ed|ul)-"
                  r"|\s(?:al|el|ez|az|ash|ad|ar)\s)[A-Z][\w'’]+")


GENERIC_TAIL = re.compile(r" (?:" + "|".join(w.title() for w in sorted(GENERIC)) + r")\b")


def _with_tail(text: str, end: int) -> int:
    """Extend "Deir" to "Deir ez-Zor" when the model cut a name at its inner article."""
    m = TAIL.match(text, end)
    end = m.end() if m else end
    g = GENERIC_TAIL.match(text, end)  # "Deir ez-Zor Governorate": the generic word left out
    return g.end() if g else end


def demonym_countries(words: list[str], gaz: GazetteerLookup) -> Counter[str]:
    """ISO2 codes of countries whose demonyms are written ("Syrian" -> SY), by trying the
    usual English suffix changes against the gazetteer's country names."""
    variants: dict[str, str] = {}
    for w in words:
        if len(w) < 4 or not w[:1].isupper():
            continue
        for v in (w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-3] + "a", w + "a", w[:-1] + "a"):
            variants[v] = w
    found = gaz.lookup(list(variants)) if variants else {}
    out: Counter[str] = Counter()
    for cands in found.values():
        for c in cands:
            if c.feature == "country" and c.primary and not c.fuzzy and c.country:
                out[c.country] += 1
                break
    return out


class Recogniser:
    """Finds candidate toponym spans in an annotated document."""

    def __init__(self, gazetteer: GazetteerLookup) -> None:
        self.gaz = gazetteer

    def spans(self, wd: WorkDoc) -> list[PlaceSpan]:
        doc = wd.doc
        if doc is None:
            return []
        text = wd.clean_text or wd.text  # noise (a repeated headline) is blanked out here
        found: list[PlaceSpan] = []
        taken = [False] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                taken[i] = True
            if ent.label_ not in PLACE_LABELS:
                if ent.label_ in ("ORG", "PERSON", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"):
                    end = _with_tail(text, ent.end_char)
                    after_prep = ent.start > 0 and doc[ent.start - 1].lower_ in LOCATIVE
                    begin = ent.start_char + (4 if ent.text.lower().startswith("the ") else 0)
                    found.append(PlaceSpan(begin, end, text[begin:end], False,
                                       strict=not after_prep))
                continue
            s, e = _trim(doc, ent.start, ent.end)
            if s >= e:
                continue
            start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
            start, end = _with_prefix(text, start), _with_tail(text, end)
            found.append(PlaceSpan(start, end, text[start:end], True))
        found += self._proper_runs(wd, taken)
        ents = list(doc.ents)
        for a, b in zip(ents, ents[1:], strict=False):  # "Trinidad" + "Tobago", "Boa" + "Vista"
            if text[a.end_char:b.start_char] in (" ", " and ", " & ", "-") and (
                    a.text[:1].isupper() and b.text[:1].isupper()):
                found.append(PlaceSpan(a.start_char, b.end_char, text[a.start_char:b.end_char],
                                   False, strict=True))
        for m in DATELINE.finditer(text):  # "SAN ANTONIO —", "PLEASANTON, Calif."
            found.append(PlaceSpan(m.start(1), m.end(1), m.group(1), False, dateline=True))
        return found

    def _proper_runs(self, wd: WorkDoc, taken: list[bool]) -> list[PlaceSpan]:
        """Runs of capitalised proper nouns outside any entity (the model missed them)."""
        doc = wd.doc
        assert doc is not None
        out: list[PlaceSpan] = []
        i = 0
        while i < len(doc):
            t = doc[i]
            if taken[i] or not _capitalised(t.text) or t.tag_ not in PROPER_TAGS:
                i += 1
                continue
            j = i + 1
            while j < len(doc) and j - i < 4 and not taken[j] and (
                (_capitalised(doc[j].text) and doc[j].tag_ in PROPER_TAGS)
                or doc[j].lower_ in ("al", "el", "ez", "az", "-")
            ):
                j += 1
            while j > i + 1 and not _capitalised(doc[j - 1].text):
                j -= 1
            sent_start = t.is_sent_start
            prev = doc[i - 1].lower_ if i > 0 else ""
            start, end = t.idx, doc[j - 1].idx + len(doc[j - 1])
            start = _with_prefix(wd.text, start)
            dateline = t.text.isupper() and len(t.text) > 2 and (
                wd.text[end:end + 2].startswith((",", " (", " —", " -", " –")))
            if dateline or not (sent_start and prev not in LOCATIVE):
                # kept only when the gazetteer agrees; after "in"/"near" a transliteration
                # variant may match (fuzzy), elsewhere only exact well-known names
                out.append(PlaceSpan(start, end, wd.text[start:end], False,
                                 strict=prev not in LOCATIVE))
            i = j
        return out


# proper-noun tags; "" is a word the model did not read (outside the scope of events, see
# nlp/scope.py): a capitalised word there may be a place named for context
PROPER_TAGS = frozenset({"NNP", "NNPS", ""})


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) > 1) and not word.isdigit()


PLACE_HEADS = frozenset({"county", "street", "st", "avenue", "ave", "road", "rd", "river",
                         "township", "cathedral", "church", "chapel", "tower", "square", "park",
                         "hills", "hill", "bridge", "airport", "station", "hospital", "stadium",
                         "lake", "bay", "beach", "mountain", "mountains", "valley", "island",
                         "islands", "district", "province", "region", "village",
                         "camp", "base", "border", "crossing", "market", "mosque", "palace",
                         "prison", "highway", "boulevard", "lane",
                         "canal", "harbour", "harbor", "port", "forest", "desert", "gardens"})


def _looks_like_place(text: str) -> bool:
    """An entity the gazetteer lacks is kept when its last word names a kind of place."""
    words = fold(text).split()
    return len(words) >= 2 and words[-1] in PLACE_HEADS


def _is_demonym(span: PlaceSpan, cands: list[Candidate]) -> bool:
    words = span.text.split()
    if len(words) != 1 or any(not c.fuzzy for c in cands):
        return False
    return bool(DEMONYM.search(words[0].lower())) or words[0].lower().endswith("s")


class Resolver:
    """Chooses one gazetteer place per name, using the whole article as context."""

    def score(self, c: Candidate, context: dict[str, float], anchors: list[Candidate],
              parents: set[str]) -> float:
        s = 1.3 * math.log10(c.population + 10)
        s += FEATURE_BONUS.get(c.feature, 1.0)
        s += 0.5 if c.primary else 0.0
        s -= 3.0 if c.fuzzy else 0.0
        s += 3.0 * min(context.get(c.country or "", 0.0), 1.0)
        s += 1.5 if c.feature == "city" and c.population >= 1_000_000 else 0.0
        s += 2.0 if c.capital else 0.0
        if parents and (name_key(c.admin1 or "") in parents or c.country in parents):
            s += 6.0
        if "parent" in parents and c.feature in ("admin1", "country"):
            s += 3.0  # the Y of "X, Y" is a region
        others = [a for a in anchors if a.geonameid != c.geonameid]
        if others and c.feature != "country":
            near = min(haversine_km(c.lat, c.lon, a.lat, a.lon) for a in others)
            s += 1.0 if near < 200 else 0.5 if near < 600 else 0.0
        return s

    def resolve(self, spans: list[PlaceSpan], text: str,
                demonyms: Counter[str] | None = None) -> None:
        # pass 1: the countries the article names (or whose people it names) give the context
        context: dict[str, float] = {}
        for cc, n in (demonyms or Counter()).items():
            context[cc] = context.get(cc, 0.0) + 0.5 * n
        for sp in spans:
            exact = [c for c in sp.candidates if not c.fuzzy and c.feature == "country"]
            if exact:
                cc = exact[0].country or ""
                context[cc] = context.get(cc, 0.0) + 1.0
        parents = written_parents(spans, text)
        for sp in spans:
            admin_named = sp.text.split()[-1].lower() in ADMIN_WORDS or bool(
                ADMIN_WORD_AFTER.match(text, sp.end))
            key = name_key(sp.text)
            short = any(cut_short(key, name_key(c.name)) for c in sp.candidates)
            sp.candidates = _prune(sp.candidates, context, -1 - sp.start in parents,
                                   key, sp.text.endswith("."), admin_named)
            # a place name whose only matches were cut short ("Kissy" of a longer town):
            # a local place of the article (its main town), not a town elsewhere
            sp.local = short and not sp.candidates and sp.from_ner
        constrain_by_parents(spans, parents)
        self._choose(spans, context, [], parents)
        # pass 2: the countries of pass 1's choices, and distance to the other places
        for sp in spans:
            if sp.best is not None and sp.best.feature != "country" and sp.best.country:
                context[sp.best.country] = context.get(sp.best.country, 0.0) + 0.25
        unique = {sp.best.geonameid: sp.best for sp in spans
                  if sp.best is not None and sp.best.feature != "country"}
        self._choose(spans, context, list(unique.values())[:30], parents)
        agree_with_children(spans, parents)

    def _choose(self, spans: list[PlaceSpan], context: dict[str, float], anchors: list[Candidate],
                parents: dict[int, set[str]]) -> None:
        chosen: dict[tuple[str, frozenset[str]], Candidate | None] = {}
        for sp in spans:
            up = frozenset(parents.get(sp.start, set()) | parents.get(-1 - sp.start, set()))
            key = (sp.text, up)
            if key not in chosen:
                chosen[key] = max(sp.candidates, default=None,
                                  key=lambda c: self.score(c, context, anchors, set(up)))
            sp.best = chosen[key]


def _prune(cands: list[Candidate], context: dict[str, float], is_parent: bool = False,
           key: str = "", abbreviation: bool = False, admin_named: bool = False,
           ) -> list[Candidate]:
    """Drop fuzzy matches outside the article's countries, admin2 unless written as one
    ("X district", "X County": a district name alone is weak evidence), and an admin1 that
    shares its name with a large city of the same country (news means the city: "New York")."""
    out = [c for c in cands if not c.fuzzy or (c.country in context and c.population < 10**6)]
    out = [c for c in out if c.feature != "admin2" or admin_named]
    # no prefix matches: "Newcomers" is an alias of "Newcomerstown" only by cutting it short;
    # kept inside the article's countries (a short form or spelling used there), and for an
    # abbreviation written with its stop ("Calif.", "Wash.")
    out = [c for c in out if abbreviation or c.country in context
           or not cut_short(key, name_key(c.name))]
    if any(not c.fuzzy and c.country in context for c in out):
        out = [c for c in out if not c.fuzzy]  # an exact name in the article's countries wins
    if any(c.feature != "admin2" and not c.fuzzy for c in out):
        # an admin2 ("Toronto" division, "Union County") only when the name has no other place
        out = [c for c in out if c.feature != "admin2"]
    out = sorted(out, key=lambda c: -c.population)[:25]
    # a city beats a same-named admin1 when it is the capital, a very large city, or
    # carries the name itself and holds a good share of the region's people
    def city_wins(a1: Candidate) -> bool:
        return any(
            o.capital or o.population >= 5_000_000
            or (o.primary and name_key(o.name) == key and o.population * 5 >= a1.population)
            for o in out
            if o.feature == "city" and o.country == a1.country and o.population >= 100_000
        )

    kept = [c for c in out if is_parent or c.feature != "admin1" or not city_wins(c)] or out
    full = ABBREV.sub(lambda m: ABBREVS[m.group(1)], key)  # "St. Petersburg": Saint...
    kept = [Candidate(**{**c.__dict__, "primary": True}) if not c.primary and full != key
            and name_key(c.name) == full else c for c in kept]
    if any(c.primary and c.population >= 1000 for c in kept):
        # a name that is some place's own name rarely means a place it is only an alias of
        kept = [c if c.primary or (c.capital and name_key(c.name).startswith(key))
                else Candidate(**{**c.__dict__, "population": c.population // 10,
                                  "capital": False})
                for c in kept]
    return kept


def geoparse(wd: WorkDoc, gaz: GazetteerLookup) -> None:
    """Fill ``wd.toponyms`` and ``wd.focus_country``."""
    spans = Recogniser(gaz).spans(wd)
    if not spans:
        wd.toponyms, wd.focus_country = [], None
        return
    found = gaz.lookup(sp.text for sp in spans)
    _without_generic_word(spans, found, gaz)
    spans = spans + _split_lists(spans, found, gaz)
    kept: list[PlaceSpan] = []
    for sp in spans:
        cands = found.get(sp.text, [])
        if _is_demonym(sp, [c for c in cands if c.feature != "admin2"]) or (  # "Canadian"
                not cands and not _looks_like_place(sp.text)):
            continue
        if name_key(sp.text) in GENERIC_NAMES or (
                cands and re.search(r"[a-z][A-Z]", sp.text)
                and not any(c.primary for c in cands)):
            continue  # "MoD" is no alias of "Maud"
        if not sp.from_ner:
            # a name the model missed: only exact matches of well-known places
            least = 100_000 if sp.strict else 1000 if sp.dateline else 20_000
            if not sp.strict and cands and all(c.fuzzy for c in cands):
                sp.candidates = cands  # "in Kondoz": a spelling variant, checked by context
                kept.append(sp)
                continue
            if re.search(r"(?<![\w-])" + re.escape(sp.text.lower()) + r"(?![\w-])", wd.text):
                continue  # also written in lower case: an everyday word ("Police")
            admin_word = ((sp.text.split()[-1].lower() in ADMIN_WORDS  # "in Niger State"
                           or bool(ADMIN_WORD_AFTER.match(wd.text, sp.end)))  # "X district"
                          and bool(PLACE_OF.search(wd.text[max(0, sp.start - 16):sp.start])))
            cands = [c for c in cands if not c.fuzzy and (
                c.feature not in ("city", "admin1", "admin2")
                or (c.feature != "admin2" and c.population >= least and c.primary)
                or (admin_word and c.feature in ("admin1", "admin2")))]
            if not cands and not _looks_like_place(sp.text):
                continue  # "Royal Street" tagged ORG is still a place
        sp.candidates = cands
        kept.append(sp)
    kept = drop_person_names(_dedupe(kept + repeated_mentions(kept, wd, found)), wd)
    norp = [e.text for e in wd.doc.ents if e.label_ == "NORP"] if wd.doc is not None else []
    Resolver().resolve(kept, wd.text, demonym_countries(norp, gaz))
    kept = [sp for sp in kept if sp.best is not None or _looks_like_place(sp.text) or sp.local
            or (sp.hard and sp.parent is not None and sp.parent.best is not None)]
    anchor = local_anchor(kept)
    wd.toponyms = [_toponym(sp, anchor) for sp in kept if not in_title(sp, wd)]
    wd.focus_country = article_focus(kept, gaz, wd)


def _without_generic_word(spans: list[PlaceSpan], found: dict[str, list[Candidate]],
                          gaz: GazetteerLookup) -> None:
    """"Lagos State", "Idlib province": the admin1 when the name has one ("Niger State" is
    the Nigerian state, not the country); when the whole name is unknown, the name without
    its generic word, as a region or town."""
    retry: dict[str, str] = {}
    for sp in spans:
        words = sp.text.split()
        if len(words) < 2 or words[-1].lower() not in GENERIC:
            continue
        admin = [c for c in found.get(sp.text, []) if c.feature == "admin1" and not c.fuzzy]
        if admin and words[-1].lower() in ADMIN_WORDS:
            found[sp.text] = admin
        elif all(c.fuzzy for c in found.get(sp.text, [])) and (
                name_key(" ".join(words[:-1])) not in GENERIC_NAMES):
            retry[sp.text] = " ".join(words[:-1])
    if not retry:
        return
    more = gaz.lookup(list(retry.values()))
    for full, short in retry.items():
        kind = full.split()[-1].lower()
        want = {"city": ("city",), "river": ("river",), "county": ("admin2",),
                "district": ("admin2", "admin1")}.get(
            kind, ("admin1", "admin2", "region", "terrain", "water", "site"))
        got = [c for c in more.get(short, []) if c.feature in want and not c.fuzzy]
        if kind in ADMIN_WORDS and any(c.feature == "admin1" for c in got):
            got = [c for c in got if c.feature == "admin1"]
        found[full] = got or found.get(full, [])


def _split_lists(spans: list[PlaceSpan], found: dict[str, list[Candidate]],
                 gaz: GazetteerLookup) -> list[PlaceSpan]:
    """An unknown entity that only lists places ("Greece Italy", "Thruxton, Hampshire"):
    its words or comma-separated parts, when every one is a well-known place."""
    groups: list[list[PlaceSpan]] = []
    for sp in spans:
        if found.get(sp.text) or not (sp.from_ner or "(" in sp.text) or " " not in sp.text:
            continue
        pattern = r"[^\s,()]+(?:\s+[^\s,()]+)*" if re.search(r"[,(]", sp.text) else r"\S+"
        parts = [PlaceSpan(sp.start + m.start(), sp.start + m.end(), m.group(0), False, strict=True)
                 for m in re.finditer(pattern, sp.text)]
        if len(parts) > 1 and all(p.text[:1].isupper() for p in parts):
            groups.append(parts)
    if not groups:
        return []
    more = gaz.lookup(p.text for g in groups for p in g)
    out: list[PlaceSpan] = []
    for parts in groups:
        if all(any(not c.fuzzy and (c.feature != "city" or c.population >= 20_000)
                   for c in more.get(p.text, [])) for p in parts):
            out += parts
            found.update({p.text: more[p.text] for p in parts})
    return out


def _dedupe(spans: list[PlaceSpan]) -> list[PlaceSpan]:
    spans = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    out: list[PlaceSpan] = []
    for sp in spans:
        if out and sp.start < out[-1].end:
            continue
        out.append(sp)
    return out


def _toponym(sp: PlaceSpan, anchor: Candidate | None = None) -> Toponym:
    c = sp.best
    if c is None and sp.hard and sp.parent is not None and sp.parent.best is not None:
        up = sp.parent.best  # "X in the Y region", X unknown: a local place of Y, at the
        if anchor is None or anchor.country != up.country or (  # article's town there
                up.feature != "country" and anchor.admin1 != up.admin1):
            anchor = up
    if c is None:
        if anchor is None:
            return Toponym(sp.start, sp.end, sp.text)
        # feature "local": a place the gazetteer lacks, put at the article's main town
        return Toponym(sp.start, sp.end, sp.text, sp.text, anchor.lat, anchor.lon, None,
                       anchor.country, anchor.admin1, "local")
    return Toponym(sp.start, sp.end, sp.text, c.name, c.lat, c.lon, c.geonameid, c.country,
                   c.admin1, c.feature)


