"""Article context for geoparsing: the admin hierarchy written next to a name ("X, Y",
"X in the Y region"), one sense per discourse, person and organisation names that contain a
place name, the article's main town and its focus country. Used by geo/toponyms.py."""

from __future__ import annotations

import re
from collections import Counter

from eventcoder.document import WorkDoc
from eventcoder.geo.gazetteer import Candidate, GazetteerLookup
from eventcoder.geo.names import name_key
from eventcoder.geo.spans import PlaceSpan

OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW",
                          "LANGUAGE", "DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL"})
# words that put a place name in a locative phrase ("in Raqqa", "near Boni")
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "around", "into", "across",
                      "from", "to", "towards", "toward", "through", "of", "on", "between",
                      "throughout", "within", "nearby"})
# words of an organisation's name: a place inside one is not a toponym ("Toronto Police")
ORG_WORDS = frozenset({"police", "department", "society", "council", "authority", "commission",
                       "times", "post", "chamber", "bank", "ministry", "army", "airlines",
                       "airways", "guard", "group", "board", "limited", "ltd", "inc", "services",
                       "agency", "company", "corporation", "association", "federation",
                       "foundation", "party", "news", "herald", "tribune", "journal"})
HIER = re.compile(r",\s*|\s+in\s+(?:the\s+)?|\s*\(\s*")  # "X, Y", "X in the Y", "X (Y)"
POSSESSIVE = re.compile(r"['’]s\s+")
LIST_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?[A-Z]|(?:and|or|&)\s+[A-Z])")


def constrain_by_parents(spans: list[PlaceSpan], parents: dict[int, set[str]]) -> None:
    """A name written inside a region ("X in the Y region", "X, Y") means a place inside it:
    its candidates elsewhere are dropped; with none inside (and an explicit hierarchy) it is
    a local place of Y. Other mentions of the same name follow (one sense per discourse)."""
    rule: dict[str, tuple[list[Candidate], PlaceSpan | None]] = {}
    for sp in spans:
        keys = parents.get(sp.start)
        if not keys or sp.parent is None:
            continue
        up_country = any(c.feature == "country" for c in sp.parent.candidates)
        inside = [c for c in sp.candidates
                  if c.country in keys or name_key(c.admin1 or "") in keys]
        # "Lebanon, Pennsylvania", "Georgia, Vermont": a town inside the region written
        # after it, although the name is also a country's
        towns = [c for c in inside if c.feature in ("city", "site") and not c.fuzzy
                 and sp.hard and name_key(c.admin1 or "") in keys]
        if not towns and any(not c.fuzzy and (
                c.feature == "country" or (c.feature == "admin1" and not up_country))
                for c in sp.candidates):
            continue  # "Utah, Colorado": two regions side by side, not one inside the other
        inside = towns or inside
        if inside:
            sp.candidates = inside
            if sp.hard:
                rule.setdefault(sp.text, (inside, None))
        elif sp.hard:
            rule[sp.text] = ([], sp.parent)
    for sp in spans:
        if sp.text in rule and (sp.start not in parents or rule[sp.text][1] is not None):
            sp.candidates, up = rule[sp.text]
            sp.parent = up or sp.parent
            sp.hard = up is not None


def written_parents(spans: list[PlaceSpan], text: str) -> dict[int, set[str]]:
    """For "X, Y" and "X in (the) Y [region]" / "X in C's Y State" (Y an admin1 or country),
    Y's keys and ISO2 codes as parents of X; ``sp.parent`` is set to Y's span."""
    out: dict[int, set[str]] = {}
    by_start = {sp.start: sp for sp in spans}
    for sp in spans:
        m = HIER.match(text, sp.end)
        nxt = by_start.get(m.end()) if m else None
        if m is None or nxt is None:
            continue
        ups = [nxt]
        poss = POSSESSIVE.match(text, nxt.end)  # "in Nigeria's Niger State"
        if poss and poss.end() in by_start and m.group(0).strip() != ",":
            ups.append(by_start[poss.end()])
        keys: set[str] = set()
        for up in ups:
            for c in up.candidates:
                if c.feature in ("admin1", "country") and not c.fuzzy:
                    keys.add(name_key(c.name))
                    if c.feature == "country" and c.country:
                        keys.add(c.country)
                    if c.feature == "admin1":
                        keys.add(name_key(c.admin1 or c.name))
        if not keys:
            continue
        out[sp.start] = keys
        sp.parent = ups[-1]
        sp.hard = m.group(0).strip() != "," or not LIST_NEXT.match(text, ups[-1].end)
        if m.group(0).strip() == "(" and not re.match(r"\s*\)", text[ups[-1].end:]):
            sp.hard = False  # "Gao (Mali, Niger...)": not one region in brackets
        out.setdefault(-1 - ups[-1].start, set()).add("parent")
    return out


def in_title(sp: PlaceSpan, wd: WorkDoc) -> bool:
    """A country heading a longer proper name or a title ("U.S. Attorney's Office", "US
    President Donald Trump") is part of that name, not a toponym (unless after "in")."""
    if sp.best is None or sp.best.feature != "country" or wd.doc is None:
        return False
    before = [w for w in wd.text[max(0, sp.start - 16):sp.start].lower().split() if w != "the"]
    nxt = wd.doc.char_span(sp.end + 1, sp.end + 2, alignment_mode="expand")
    return (not before or before[-1] not in LOCATIVE) and wd.text[sp.end:sp.end + 1] == " " \
        and nxt is not None and nxt[0].tag_ in ("NNP", "NNPS") and nxt[0].text[:1].isupper() \
        and nxt[0].ent_type_ not in ("GPE", "LOC", "FAC", "DATE", "TIME")


def repeated_mentions(spans: list[PlaceSpan], wd: WorkDoc,
             found: dict[str, list[Candidate]]) -> list[PlaceSpan]:
    """One sense per discourse: other occurrences of an accepted name are toponyms too
    (the model often tags a second "Harare" as ORG or PERSON), except inside a longer
    name of another kind ("Toronto Police Services Board", "Cambridge Analytica")."""

    text = wd.text
    inside = [(e.start_char, e.end_char) for e in (wd.doc.ents if wd.doc is not None else [])
              if e.label_ in OTHER_LABELS and len(e) > 1 and (
                  {t.lower_ for t in e} & ORG_WORDS or e[-1].tag_ == "NNPS")]
    out: list[PlaceSpan] = []
    names = {sp.text: sp.candidates for sp in spans if sp.candidates}
    for name, cands in names.items():
        if len(name) < 3 or not name[:1].isupper():
            continue
        for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
            if any(a <= m.start() and m.end() <= b for a, b in inside):
                continue
            out.append(PlaceSpan(m.start(), m.end(), name, False, candidates=cands))
    return out


TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Prof|Rev|President|Senator|"
    r"Governor|Judge|Justice|Minister|Secretary|Coach|Officer|Detective|Mayor|Sheriff)\.?\s+$")
SPEECH_AFTER = re.compile(r"\s+(?:said|says|told|added|wrote|argued|asked|explained|"
                          r"testified|tweeted|insisted|claimed|recalled|admitted)\b")
ADMINISTRATION_AFTER = re.compile(r"\s+(?:administration|presidency|White House|era)\b")


def person_context(sp: PlaceSpan, wd: WorkDoc) -> bool:
    """The words around a name make it a person: "Mr. Jackson", "Jackson said" (a name
    the model tags as a person or did not read), "the Obama administration"."""
    text = wd.text
    before = text[max(0, sp.start - 14):sp.start]
    if TITLE_BEFORE.search(before):
        return True
    # tagged as a person, or in words the model did not read (nlp/scope.py); not a name
    # the model tags as an organisation or place ("Liverpool said": the club)
    labels = {e.label_ for e in (wd.doc.ents if wd.doc is not None else [])
              if e.start_char <= sp.start and sp.end <= e.end_char}
    if SPEECH_AFTER.match(text, sp.end) and labels <= {"PERSON"} and not sp.from_ner:
        words = before.lower().split()
        return not words or words[-1] not in LOCATIVE  # "doctors in Montpellier said"
    return bool(ADMINISTRATION_AFTER.match(text, sp.end)) and before.lower().endswith("the ")


def drop_person_names(spans: list[PlaceSpan], wd: WorkDoc) -> list[PlaceSpan]:
    """A one-word name that is also part of a person's name in the article ("Mohamed
    Salah" ... "Salah") is the person, unless it is a country or admin1; so is a name
    whose words make it a person ("Jackson said", "the Obama administration")."""
    doc = wd.doc
    if doc is None:
        return spans
    named = {sp.text for sp in spans if person_context(sp, wd)}  # other mentions too,
    spans = [sp for sp in spans if (  # unless the model calls them a place
        not person_context(sp, wd) and (sp.text not in named or sp.from_ner)) or any(
        c.feature in ("country", "admin1") or c.capital for c in sp.candidates)]
    people = {t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    # a name the model calls a person more often than a place, unless it is a large place
    tags = Counter((e.text, e.label_ == "PERSON") for e in doc.ents)
    alone = {name for (name, person), n in tags.items() if person and n > tags[(name, False)]
             and " " not in name and not re.search(  # "to Cirencester": a place after all
                 r"\b(?:in|at|near|to|from|of|outside)\s+" + re.escape(name) + r"\b(?!['’]s)",
                 wd.text)}
    return [sp for sp in spans if (sp.text not in people or any(
        c.feature in ("country", "admin1") or c.capital for c in sp.candidates)) and (
        sp.text not in alone or any(c.feature in ("country", "admin1") or c.capital
                                    or c.population >= 100_000 for c in sp.candidates))]


def local_anchor(spans: list[PlaceSpan]) -> Candidate | None:
    """The article's most mentioned town (else region) in its most mentioned country: where
    its unresolved local names (streets, buildings, counties) most likely lie."""
    countries = Counter(sp.best.country for sp in spans if sp.best is not None)
    counts: Counter[int] = Counter()
    by_id: dict[int, Candidate] = {}
    for sp in spans:
        c = sp.best
        if c is not None and c.feature != "country" and c.country == max(
                countries, key=lambda k: countries[k]):
            counts[c.geonameid] += 3 if c.feature in ("city", "site") else 1
            by_id[c.geonameid] = c
    if not counts:
        return None
    return by_id[counts.most_common(1)[0][0]]


def article_focus(spans: list[PlaceSpan], gaz: GazetteerLookup, wd: WorkDoc) -> str | None:
    """The country the article is mostly about: its places' countries, weighted up where
    the text says "in X", in the opening and in the title, down where a country only
    modifies a noun ("US-led", "U.S. officials"). Countries named outright outweigh a
    country inferred from one ambiguous town."""
    votes: dict[str, float] = {}
    text = wd.text
    head = len(text) // 5 + 200
    named = {sp.best.country for sp in spans if sp.best is not None
             and sp.best.feature == "country" and sp.best.country}
    towns: dict[str, set[int]] = {}
    for sp in spans:
        if sp.best is not None and sp.best.feature != "country" and sp.best.country:
            towns.setdefault(sp.best.country, set()).add(sp.best.geonameid)
    title = wd.article.title or ""
    grams = [" ".join(ws[i:j]) for ws in [re.findall(r"[A-Z][\w.'’-]*", title)]
             for i in range(len(ws)) for j in range(i + 1, min(i + 4, len(ws) + 1))]
    for cands in (gaz.lookup(grams).values() if grams else []):
        cc = next((c.country for c in cands if c.feature == "country" and not c.fuzzy), None)
        if cc:
            votes[cc] = votes.get(cc, 0.0) + 3.0
            named.add(cc)
    for sp in spans:
        c = sp.best
        if c is None or not c.country:
            continue
        before = text[max(0, sp.start - 12):sp.start].lower().split()
        after = text[sp.end:sp.end + 2]
        w = 1.0
        if c.feature != "country":
            w = 1.5 if c.country in named or len(towns.get(c.country, ())) > 1 else 0.5
        if before and before[-1] in LOCATIVE:
            w *= 2.0
        elif after.startswith(("-", " -")) or (after[:1] == " " and after[1:2].isalpha()):
            w *= 0.4
        votes[c.country] = votes.get(c.country, 0.0) + w * (1.5 if sp.start < head else 1.0)
    if not votes:
        return None
    return gaz.country_iso3(max(votes, key=lambda k: votes[k]))


def agree_with_children(spans: list[PlaceSpan], parents: dict[int, set[str]]) -> None:
    """The Y of "X, Y" is the region that holds X's place: "Athens, Georgia" with Athens in
    the US state makes Georgia the state, not the country."""
    for sp in spans:
        up, c = sp.parent, sp.best
        if up is None or c is None or sp.start not in parents or up.best is None:
            continue
        holds = [p for p in up.candidates if not p.fuzzy and (
            (p.feature == "admin1" and p.country == c.country
             and name_key(p.admin1 or p.name) == name_key(c.admin1 or ""))
            or (p.feature == "country" and p.country == c.country))]
        if holds and up.best not in holds:
            up.best = max(holds, key=lambda p: p.feature == "admin1")
