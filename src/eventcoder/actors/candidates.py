"""Actor candidates: the phrases of a sentence that can name an actor.

A candidate is a token range with what the dictionary says about it: a named actor
("al-Shabaab"), a role noun with its country ("Malian soldiers", "forces of Syria"), a
bare country word ("Jordan", "Israeli"), or a spaCy entity the dictionary does not know
(an organisation, a person, a place). Role assignment (actors/tagger.py) then picks candidates
by their position in the dependency tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventcoder.actors.dictionary import ActorDictionary, ActorEntry
from eventcoder.actors.linebreaks import crosses_break, is_break, segment
from eventcoder.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# prepositions that make their object a place, not a participant
LOCATIVE = frozenset(
    "in at near around across inside into outside within throughout from along over "
    "towards toward behind beyond off onto through under via".split()
)
ENTITY_KINDS = {"ORG": "org", "NORP": "norp", "PERSON": "person", "GPE": "place", "LOC": "place",
                "FAC": "place"}
STRENGTH = {"named": 0, "role": 0, "country": 1, "org": 1, "norp": 2, "place": 3, "person": 3}
# after a named actor these nouns are its members ("BSF men", "Hamas members")
MEMBER_NOUNS = frozenset({"men", "man", "members", "member", "personnel", "cadres", "operatives",
                          "loyalists", "commander", "commanders"})
# role nouns that name a weapon: an actor only with a country ("Russian jets")
WEAPON_NOUNS = frozenset({"warplanes", "warplane", "jets", "fighter jets", "aircraft",
                          "military aircraft", "helicopters", "helicopter gunships", "gunships",
                          "military helicopters"})
_SKIP_LEFT_POS = {"ADJ", "ADV", "NUM", "PUNCT", "PART", "VERB"}
_SKIP_LEFT_WORDS = {"pro", "-", "regime", "government", "senior", "top", "'s", "’s", "armed"}


@dataclass
class Cand:
    start: int  # token indices into the Doc, end exclusive
    end: int
    kind: str  # named | role | country | org | norp | person | place
    entry: ActorEntry | None = None
    country: str | None = None  # ISO3 given by the words themselves
    form: str = ""  # for country candidates: name | demonym | plural | metonym
    norp: str | None = None  # an ethnic / religious modifier ("Fulani")
    mod_token: int | None = None  # the country word merged into a role noun
    shared: bool = False  # country taken from another mention of the same force
    antecedent: tuple[int, int] | None = None  # "the militants": the tokens of the group named

    def head(self, doc: Doc) -> int:
        span = doc[self.start : self.end]
        for tok in span:
            if not (self.start <= tok.head.i < self.end) or tok.head.i == tok.i:
                return tok.i
        return self.end - 1

    def _last(self, doc: Doc) -> int:
        """The last token without a possessive clitic ("Saddam Hussein's" -> "Hussein")."""
        last = self.end - 1
        return last - 1 if last > self.start and doc[last].tag_ == "POS" else last

    def chars(self, doc: Doc) -> tuple[int, int]:
        last = doc[self._last(doc)]
        return doc[self.start].idx, last.idx + len(last.text)

    def text(self, doc: Doc) -> str:
        return doc[self.start : self._last(doc) + 1].text

    @property
    def group(self) -> str:
        return self.entry.group if self.entry is not None else ""

    def is_locative(self, doc: Doc) -> bool:
        """True when the candidate is the object of a place preposition ("in Syria",
        "in Nigeria's Niger State"); a link across a paragraph break (a headline parsed
        together with the first paragraph) is no link."""
        tok = doc[self.head(doc)]
        while tok.head.i != tok.i and not crosses_break(doc, tok.i, tok.head.i) and (
            tok.dep_ in ("conj", "appos", "compound", "amod")
            or (tok.dep_ == "poss" and self.kind == "country" and _place_head(tok.head))
        ):
            tok = tok.head
        if self.kind == "country" and tok.head.lower_ == "at":
            return False  # "fired at Saudi Arabia": a target, not a place
        if crosses_break(doc, tok.i, tok.head.i):  # parse broken by a line break: read
            j = self.start - 1  # the words before ("in central Mali")
            while j >= 0 and doc[j].pos_ in ("ADJ", "DET", "PROPN") and not is_break(doc[j]):
                j -= 1
            return j >= 0 and doc[j].lower_ in LOCATIVE
        return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE


def _place_head(tok: Token) -> bool:
    """A proper-noun place ("Niger State", "Idlib") that a possessive country locates."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("GPE", "LOC", "FAC")


@dataclass(frozen=True)
class _Line:
    """The token facts ``_match_at`` reads, taken from a sentence once."""

    base: int  # the sentence's first token index
    text: str  # the sentence's text
    offset: int  # its first character
    words: list[str]
    starts: list[int]
    ends: list[int]
    space: list[bool]
    newline: list[bool]
    pos: list[str]

    def phrase(self, k: int, n: int) -> str:
        """The text of ``n`` tokens from the sentence's ``k``-th."""
        return self.text[self.starts[k] - self.offset : self.ends[k + n - 1] - self.offset]

    @classmethod
    def of(cls, sent: SpacySpan) -> _Line:
        toks = list(sent)
        return cls(sent.start, sent.text, sent.start_char, [t.text for t in toks],
                   [t.idx for t in toks], [t.idx + len(t) for t in toks],
                   [t.is_space for t in toks], ["\n" in t.text for t in toks],
                   [t.pos_ for t in toks])


def _match_at(d: ActorDictionary, line: _Line, i: int) -> Cand | None:
    k = i - line.base
    if line.space[k] or not d.may_start(line.words[k]):
        return None
    lengths: list[int] = []  # phrase lengths that may still name a key, growing
    for n in range(1, min(d.max_tokens, len(line.words) - k) + 1):
        if line.newline[k + n - 1]:
            break
        if not d.may_grow(line.phrase(k, n)):
            break
        if not line.space[k + n - 1]:
            lengths.append(n)
    for n in reversed(lengths):
        text = line.phrase(k, n)
        entry = d.lookup_named(text)
        if entry is not None:
            return Cand(i, i + n, "named", entry)
        entry = d.lookup_role(text)
        if entry is not None and (n > 1 or line.pos[k] in ("NOUN", "PROPN", "")):
            return Cand(i, i + n, "role", entry)
        ref = d.lookup_country(text)
        if ref is not None and ref.form == "name" and k + n < len(line.words) and (
            line.words[k + n] in d.place_suffixes
        ):
            continue  # "Niger State", "Kurdistan Region": a place named after a country
        if ref is not None:
            return Cand(i, i + n, "country", None, ref.iso3, ref.form)
    return None


def find_candidates(
    d: ActorDictionary, sent: SpacySpan, ents: Sequence[SpacySpan] | None = None
) -> list[Cand]:
    """Every actor candidate of one sentence, left to right, without overlaps. ``ents``:
    the sentence's entities when the caller has them (``Span.ents`` reads the whole Doc)."""
    doc = sent.doc
    cands: list[Cand] = []
    line = _Line.of(sent)
    i = sent.start
    while i < sent.end:
        c = _match_at(d, line, i)
        if c is None:
            i += 1
            continue
        cands.append(c)
        i = c.end
    cands = [c for c in cands if not _qualified_common_noun(doc, c, cands)
             and not (c.kind == "country" and _stance_prefix(doc, c, sent))]
    cands = _merge(d, doc, cands, sent)
    _add_entities(cands, sent.ents if ents is None else ents)
    cands.sort(key=lambda c: c.start)
    return cands


def _stance_prefix(doc: Doc, c: Cand, sent: SpacySpan) -> bool:
    """"anti-Syria", "pro-Russian": a stance toward a country, not the country;
    "Russian-made rockets": where a thing was made."""
    before = doc[max(sent.start, c.start - 2) : c.start].text.replace(" ", "").lower()
    after = doc[c.end : min(sent.end, c.end + 2)].text.replace(" ", "").lower()
    return before.endswith(("anti", "anti-", "pro-")) or after.startswith(ORIGIN_SUFFIXES)


ORIGIN_SUFFIXES = ("-made", "-built", "-manufactured", "-designed", "-supplied", "-produced")


def _country_of_phrase(doc: Doc, c: Cand, cands: list[Cand]) -> str | None:
    """The country named in an "of / in" phrase on the candidate's head."""
    for prep in doc[c.head(doc)].children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
            inside = {t.i for t in prep.subtree}
            for other in cands:
                if other is not c and other.kind == "country" and other.start in inside and (
                    other.form == "name"
                ):
                    return other.country
    return None


def _qualified_common_noun(doc: Doc, c: Cand, cands: list[Cand]) -> bool:
    """A named actor matched by one common noun ("coalition") that its own phrase
    qualifies otherwise ("the opposition coalition", "the ruling coalition") is another
    group, unknown to the dictionary."""
    if c.kind != "named" or c.end - c.start != 1 or doc[c.start].pos_ != "NOUN":
        return False
    tok = doc[c.start]
    covered = {i for o in cands if o is not c for i in range(o.start, o.end)}
    return any(ch.dep_ in ("compound", "amod", "nmod") and ch.i < tok.i and ch.i not in covered
               and ch.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") for ch in tok.children)


def _merge(d: ActorDictionary, doc: Doc, cands: list[Cand], sent: SpacySpan) -> list[Cand]:
    by_end = {c.end: c for c in cands}
    drop: set[int] = set()
    for k, c in enumerate(cands):
        if id(c) in drop:
            continue
        if c.kind == "role":
            _merge_left(doc, c, by_end, cands, drop, sent)
            _merge_right(doc, c, cands, drop)
            _merge_person(doc, c, sent)
        # "Boko Haram fighters", "ISWAP militants": a role noun after a named actor
        if c.kind == "named" and k + 1 < len(cands):
            nxt = cands[k + 1]
            if nxt.start == c.end and nxt.kind == "named" and nxt.entry is not None and (
                nxt.entry.name.startswith("UN: ")  # "MONUSCO peacekeepers"
            ):
                c.end = nxt.end
                drop.add(id(nxt))
            elif (
                nxt.kind == "role"
                and nxt.start == c.end
                and (nxt.group in ("military", "armed_group", "rebels", "communal_militia",
                                   "government", "police")
                     or doc[nxt.start : nxt.end].text.lower() in MEMBER_NOUNS)
            ):
                c.end = nxt.end
                drop.add(id(nxt))
    for k, c in enumerate(cands):
        if c.kind == "country" and c.form == "plural" and id(c) not in drop:
            left = cands[k - 1] if k > 0 else None
            if left is not None and left.kind == "country" and left.end == c.start and (
                left.form == "demonym"
            ):
                c.start, c.country = left.start, left.country  # "Bosnian Serbs"
                drop.add(id(left))
            elif c.start > sent.start and doc[c.start - 1].lower_ == "ethnic":
                c.start, c.form, c.country = c.start - 1, "ethnic", None
            where = _country_of_phrase(doc, c, cands)
            if where is not None and where != c.country:  # "the Albanians of Serbia"
                c.form, c.country = "ethnic", None
    out = [
        c for c in cands
        if id(c) not in drop
        and not (c.kind == "role" and c.country is None and c.norp is None
                 and doc[c.start : c.end].text.lower() in WEAPON_NOUNS)
    ]
    # "Russian and Iranian forces": a bare country coordinated with a role's country word
    extra: list[Cand] = []
    for c in out:
        if c.kind != "role" or c.mod_token is None:
            continue
        conj = {t.i for t in doc[c.mod_token].conjuncts}
        for other in out:
            if other.kind == "country" and other.head(doc) in conj and other.form != "metonym":
                other.kind, other.entry = "role", c.entry
    return out + extra


def _merge_left(
    doc: Doc, c: Cand, by_end: dict[int, Cand], cands: list[Cand], drop: set[int],
    sent: SpacySpan,
) -> None:
    j = c.start - 1
    head = doc[c.head(doc)]
    while head.dep_ == "compound" and head.head.i != head.i:  # "army bulldozers"
        head = head.head
    while j >= sent.start and c.start - j <= 5:
        if head not in doc[j].ancestors and doc[j].dep_ != "case":
            return  # only the words of the role's own noun phrase
        left = by_end.get(j + 1)
        if left is not None and id(left) not in drop:
            if left.kind == "country" and left.form != "plural":
                c.start, c.country, c.mod_token = left.start, left.country, left.head(doc)
                drop.add(id(left))
                outer = by_end.get(left.start)  # "Croatian Serb refugees": where they live
                if outer is not None and outer.kind == "country" and outer.form == "demonym" \
                        and left.form == "demonym" and id(outer) not in drop:
                    c.start, c.country = outer.start, outer.country
                    drop.add(id(outer))
            elif left.kind == "named" and left.entry is not None and c.group not in (
                "civilians", "protesters", "rioters"
            ):  # "U.N. war crimes court", "Hamas armed wing fighters"
                c.start, c.kind, c.entry = left.start, "named", left.entry
                drop.add(id(left))
            elif left.kind == "role" and left.end == c.start:  # "intelligence officials"
                c.start, c.country, c.mod_token = left.start, left.country, left.mod_token
                c.norp = c.norp or left.norp
                drop.add(id(left))
            return
        tok = doc[j]
        if tok.ent_type_ == "NORP" and c.norp is None:
            ent_start = j
            while ent_start - 1 >= sent.start and doc[ent_start - 1].ent_iob_ == "I":
                ent_start -= 1
            if doc[ent_start].ent_iob_ == "I":
                ent_start -= 1
            c.norp = doc[ent_start : j + 1].text
            c.start = ent_start
            j = ent_start - 1
            continue
        if tok.ent_type_ in ("PERSON", "ORG") and tok.dep_ == "compound":  # "Bush administration"
            c.start = j
            j -= 1
            continue
        if tok.pos_ in _SKIP_LEFT_POS or tok.lower_ in _SKIP_LEFT_WORDS or tok.dep_ in (
            "amod", "compound", "nummod", "advmod", "quantmod"
        ):
            j -= 1
            continue
        return


def _merge_right(doc: Doc, c: Cand, cands: list[Cand], drop: set[int]) -> None:
    if c.country is not None:
        return
    head = doc[c.head(doc)]
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "in", "from"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            inside = {t.i for t in obj.subtree}  # "inhabitants of the Syrian Golan Heights"
            for other in cands:
                if other.kind == "country" and (other.start <= obj.i < other.end or (
                    other.start in inside and other.form in ("name", "demonym")
                    and doc[other.head(doc)].dep_ in ("amod", "compound")
                )):
                    c.country = other.country
                    if prep.lower_ == "of":
                        c.end = max(c.end, other.end)
                        drop.add(id(other))
                    return


def _merge_person(doc: Doc, c: Cand, sent: SpacySpan) -> None:
    """"President Mugabe", "opposition leader Fazl-ur-Rehman": a title followed by a
    person's name is one candidate."""
    if c.group in ("civilians", "protesters", "rioters") or c.end >= sent.end:
        return
    if doc[c.end].ent_type_ == "PERSON" and doc[c.end].ent_iob_ == "B":
        end = c.end + 1
        while end < sent.end and doc[end].ent_iob_ == "I":
            end += 1
        c.end = end


def _add_entities(cands: list[Cand], ents: Sequence[SpacySpan]) -> None:
    taken = {i for c in cands for i in range(c.start, c.end)}
    for ent in ents:
        kind = ENTITY_KINDS.get(ent.label_)
        if kind is None:
            continue
        inside = [c for c in cands if c.start < ent.end and ent.start < c.end]
        if kind in ("org", "place") and len(inside) == 1 and inside[0].kind == "country" and (
            inside[0].form == "metonym" and ent.start <= inside[0].start < inside[0].end < ent.end
        ):  # "Baghdad University", "Kabul airport": a capital names the organisation / place
            country = inside[0].country
            cands.remove(inside[0])
            taken.difference_update(range(inside[0].start, inside[0].end))
            if kind == "org":
                cands.append(Cand(ent.start + (ent[0].lower_ == "the"), ent.end, "org",
                                  country=country))
                continue
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        if start >= ent.end or len(ent.doc[start : ent.end].text.strip(".")) < 3:
            continue
        new = Cand(start, ent.end, kind)
        if kind == "norp":  # "Iraqi Kurds": the demonym before gives the country
            left = next((c for c in cands if c.kind == "country" and c.end == start), None)
            if left is not None and left.form == "demonym":
                new.start, new.country = left.start, left.country
                cands.remove(left)
        cands.append(new)


def to_actor(d: ActorDictionary, doc: Doc, c: Cand, context: str | None) -> Actor:
    """The ``Actor`` a candidate stands for; ``context`` is the ISO3 of the event's country.
    The words' own country (a demonym, "of Mali") always wins over the context."""
    text = c.text(doc)
    if c.kind == "named" and c.entry is not None:
        return d.actor(c.entry, text, context)
    if c.kind == "role" and c.entry is not None:
        iso3 = c.country or context
        if c.norp and c.group in ("armed_group", "communal_militia") and c.country is None:
            cname = d.country_name(iso3)
            name = f"{c.norp} Ethnic Militia" + (f" ({cname})" if cname else "")
            return Actor(name, text, "Identity militia", 4, iso3, "UAF", None)
        return d.actor(c.entry, text, iso3)
    if c.kind == "country" and c.form == "ethnic":  # "ethnic Albanians": where they live
        return d.role_actor("civilians", context, text)
    if c.kind == "people":  # a place standing for the people there
        return d.role_actor("civilians", c.country or context, text)
    if c.kind == "country" and c.country is not None:
        if c.form == "plural":
            return d.role_actor("civilians", c.country, text)
        return d.government(c.country, text)
    # an organisation or person the dictionary does not know: of the event's country
    return Actor(text, text, None, None, c.country or context, None, None)


def token_cand(cands: list[Cand], i: int) -> Cand | None:
    for c in cands:
        if c.start <= i < c.end:
            return c
    return None


def subtree_cand(
    doc: Doc, cands: list[Cand], tok: Token, exclude: set[int] | None = None
) -> Cand | None:
    """The nearest candidate at or below ``tok``, not crossing clauses; below a place
    preposition ("in", "from") only an actor that is no place ("an appeal from the UN")."""
    exclude = exclude or set()
    frontier: list[tuple[Token, bool]] = [(tok, False)]
    for _depth in range(4):
        found = []
        for t, placed in frontier:
            c = token_cand(cands, t.i)
            if c is None or id(c) in exclude:
                continue
            if placed and c.kind in ("place", "country", "people"):
                continue
            found.append(c)
        if found:
            return min(found, key=lambda c: (STRENGTH.get(c.kind, 3), c.start))
        nxt: list[tuple[Token, bool]] = []
        for t, placed in frontier:
            for ch in t.children:
                if ch.dep_ in ("relcl", "acl", "advcl", "ccomp", "punct", "cc", "conj", "det"):
                    continue
                if ch.dep_ == "poss" and ch.pos_ == "PRON":
                    continue
                nxt.append((ch, placed or (ch.dep_ == "prep" and ch.lower_ in LOCATIVE)))
        frontier = nxt
        if not frontier:
            break
    return None


PROTEST_PREPS = frozenset({"against", "at", "over", "for", "from"})


def protest_target(doc: Doc, cands: list[Cand], trig: Token, taken: set[int]) -> list[Cand]:
    """PLOVER PROTEST: the target is the actor protested against ("to protest against
    Sweden's decision", "disapproval for the United States' policies", "independence
    from Iraq"), else the country protested in ("demonstrated in Serbia")."""
    clause = trig if trig.pos_ in ("VERB", "AUX") or trig.head.i == trig.i else trig.head
    start, end = segment(doc, trig.i)
    sub = [t for t in clause.subtree if start <= t.i < end]
    ok = [c for c in cands if id(c) not in taken and c.kind in (
        "country", "named", "org", "role") and c.group not in (
        "protesters", "rioters", "civilians") and start <= c.start < end]
    for prep in sub:
        if prep.dep_ == "prep" and prep.lower_ in PROTEST_PREPS:
            inside = {t.i for t in prep.subtree}
            hit = [c for c in ok if c.head(doc) in inside]
            if hit:
                return hit[:1]
    ids = {t.i for t in sub}
    return [c for c in ok if c.kind == "country" and c.form == "name"
            and c.head(doc) in ids and c.start > trig.i
            and doc[c.head(doc)].dep_ == "pobj"][:1]  # not "Khartoum, Sudan"
