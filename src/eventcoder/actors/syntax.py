"""Syntactic roles: which candidates of a sentence are actor1 and actor2 for a trigger.

See the module documentation of ``actors`` for the constructions handled.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import TYPE_CHECKING

from eventcoder.actors.candidates import Cand, protest_target, subtree_cand, token_cand
from eventcoder.actors.linebreaks import crosses_break, segment
from eventcoder.document import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TARGET_PREPS = ("against", "on", "upon", "at", "targeting", "with", "to", "into", "toward",
                "towards", "over")
PRONOUNS = frozenset({"they", "them", "it", "he", "she", "we", "who", "which", "that"})
ANAPHOR_SENTENCES = 3  # "the militants" refers to a group named at most this many sentences back
ANAPHORIC_NOUNS = frozenset({"group", "organisation", "organization", "movement", "outfit"})
PATIENT_OF = frozenset({"killing", "killings", "massacre", "arrest", "arrests", "detention",
                        "abduction", "kidnapping", "murder", "execution", "shelling", "bombing",
                        "bombardment", "capture", "siege", "assassination", "torture"})
TAKE_FROM = frozenset({"capture", "seize", "take", "retake", "recapture", "wrest", "liberate",
                       "free", "rescue", "recover", "snatch", "steal", "grab", "confiscate",
                       "demand", "request", "seek", "accept", "receive", "win", "obtain"})

def trigger_token(doc: Doc, m: Mention, chars: tuple[int, int] | None = None) -> Token | None:
    """The head-most token of the trigger words (or of other words ``chars``)."""
    start, end = chars or m.trigger
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    ids = {t.i for t in span}
    top = [t for t in span if t.head.i not in ids or t.head.i == t.i]
    tok = top[0] if top else span[0]
    while tok.dep_ == "compound" and tok.head.i != tok.i and tok.head.pos_ == "NOUN":
        tok = tok.head  # "a bomb attack", "a minefield explosion": the head noun
    return tok


class Memory:
    """Actors named earlier in the article, for "they" and "the militants"."""

    def __init__(self, doc: Doc, sentences: list[list[Cand]],
                 starts: list[int] | None = None) -> None:
        self.doc = doc
        self.items: list[Cand] = [c for cands in sentences for c in cands]
        # the first token of each sentence: "the militants" looks back ANAPHOR_SENTENCES
        self.starts = starts or []
        # (actor name, candidate) of actor1 of every violent mention tagged so far
        self.initiators: list[tuple[str, Cand]] = []

    def salient_initiator(self, before: int) -> Cand | None:
        """The actor that initiated most of the article's earlier violent events (ties:
        the earliest): "they" as the subject of an attack usually means the attacker
        the article is about, not the group named last."""
        earlier = [(n, c) for n, c in self.initiators if c.end <= before]
        if not earlier:
            return None
        counts = Counter(n for n, _ in earlier)
        top = max(counts.values())
        return next(c for n, c in earlier if counts[n] == top)

    def resolve(self, tok: Token, armed_only: bool, violent: bool = False) -> Cand | None:
        """The most recent fitting actor before ``tok`` (within about 200 tokens); a
        subject pronoun ("they attacked") prefers an earlier subject, and in a violent
        event the article's most salient attacker (``salient_initiator``)."""
        if violent and tok.dep_ == "nsubj" and tok.lower_ in ("they", "it"):
            salient = self.salient_initiator(tok.i)
            if salient is not None:
                return salient
        best: Cand | None = None
        best_subject: Cand | None = None
        limit = tok.sent.start - 200
        if armed_only and self.starts:  # the group named in this or the last sentences
            k = bisect.bisect_right(self.starts, tok.i) - 1
            limit = max(limit, self.starts[max(0, k - ANAPHOR_SENTENCES)])
        for c in self.items:
            if c.end > tok.i:
                break
            if c.start < limit or c.start >= tok.i:
                continue
            if c.kind not in ("named", "role", "country", "org") or c.group == "civilians":
                continue
            if c.kind == "role" and _is_anaphoric(self.doc, c):
                continue
            if c.is_locative(self.doc) and not (c.kind == "named" and _armed(c)):
                continue  # (an armed group is no place: "came under fire from JNIM fighters")
            if armed_only and not _armed(c):
                continue
            best = c
            if _is_subject(self.doc[c.head(self.doc)]):
                best_subject = c
        if tok.dep_ in ("nsubj", "nsubjpass") and best_subject is not None:
            return best_subject
        return best


def _is_subject(tok: Token) -> bool:
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass")


def _armed(c: Cand) -> bool:
    if c.kind == "named":
        return c.entry is not None and (c.entry.inter or 0) in (2, 3, 4, 8)
    return c.kind == "role" and c.group in ("armed_group", "rebels") and c.norp is not None


def _is_anaphoric(doc: Doc, c: Cand) -> bool:
    """"the militants", "the gunmen": a definite generic noun with no country of its own."""
    if c.kind != "role" or c.country is not None or c.norp is not None:
        return False
    if c.group not in ("armed_group", "rebels"):
        return False
    head = doc[c.head(doc)]
    return any(ch.dep_ == "det" and ch.lower_ in ("the", "these", "those") for ch in head.children)


class Roles:
    """Which candidates play actor1 and actor2 for one trigger."""

    def __init__(self, doc: Doc, cands: list[Cand], memory: Memory,
                 reporting: frozenset[str] = frozenset()) -> None:
        self.doc, self.cands, self.memory = doc, cands, memory
        self.reporting = reporting  # lemmas of "said", "told": their subjects are sources
        self.a1: list[Cand] = []
        self.a2: list[Cand] = []
        self.distinct = False  # both sides are different phrases of the text
        self.violent = False

    # -- collecting heads
    def assign(self, trig: Token, battle: bool, violent: bool, protest: bool = False) -> None:
        self.violent = violent
        h1: list[Token] = []
        h2: list[Token] = []
        if trig.pos_ in ("VERB", "AUX") or trig.tag_.startswith("VB"):
            self._verb(trig, h1, h2)
        else:
            self._noun(trig, h1, h2)
        self.a1 = self._resolve(h1, set())
        self.a2 = self._resolve(h2, {id(c) for c in self.a1})
        passive = any(c.dep_ == "auxpass" for c in trig.children)
        if not self.a1 and not (passive and not self.a2):
            self.a1 = self._fallback(trig, before=True, taken={id(c) for c in self.a2})
        elif not self.a1:  # "four soldiers were killed": the word before is the victim
            self.a2 = self._fallback(trig, before=True, taken=set())
        if battle and not self.a2 and len(self.a1) > 1:
            self.a2 = [self.a1.pop(1)]
        compound = len(self.a1) > 1 and not violent  # "Jordan and Britain agreed ..."
        if compound:
            self.a2 = []  # PLOVER: partners of one act, no target ("X and Y held talks")
        if not violent and self.a2 and self._own_means(self.a2[0]):
            self.a2 = []  # "Britain mobilized army reservists": its own forces, no target
        if not self.a2 and not compound:
            self.a2 = self._fallback(trig, before=False, taken={id(c) for c in self.a1})
        self.distinct = bool(
            self.a1 and self.a2 and self.a1[0].start != self.a2[0].start
            and self.a2[0].start >= trig.sent.start
        )
        if not self.a2 and not violent and not compound:
            self.a2 = self._place_target(trig, {id(c) for c in self.a1})
        if not self.a2 and protest:
            self.a2 = protest_target(self.doc, self.cands, trig, {id(c) for c in self.a1})

    def _verb(self, v: Token, h1: list[Token], h2: list[Token]) -> None:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children) or (
            v.dep_ == "acl" and v.tag_ == "VBN"
        )
        against = any(ch.dep_ == "prep" and ch.lower_ == "against" for ch in v.children)
        agent = any(ch.dep_ == "agent" for ch in v.children)
        if not self.violent and v.dep_ == "ccomp" and any(
            c.dep_ == "aux" and c.lower_ in ("must", "should") for c in v.children
        ):  # "Russia said that Sudan must return ...": Russia demands, Sudan is addressed
            boss = [c for c in v.head.children if c.dep_ == "nsubj"]
            h1.extend(boss)
            h2.extend(c for c in v.children if c.dep_ == "nsubj" and boss)
        for ch in v.children:
            if ch.dep_ == "nsubj" or (ch.dep_ == "nsubjpass" and against and not agent):
                h1.append(ch)
            elif ch.dep_ == "nsubjpass":
                h2.append(ch)
            elif ch.dep_ == "agent":
                h1.extend(g for g in ch.children if g.dep_ == "pobj")
            elif ch.dep_ in ("dobj", "dative", "attr") and not passive:
                h2.append(ch)
                if not self.violent:  # "closed its borders with Iran and Turkey"
                    h2.extend(self._prep_objects(ch, ("with", "to", "on", "against")))
            elif ch.dep_ == "prep" and ch.lower_ == "from" and v.lemma_ in TAKE_FROM:
                h2[:0] = [g for g in ch.children if g.dep_ == "pobj"]
        if passive and v.dep_ == "acl":
            h2.append(v.head)
        elif not h1 and v.dep_ in ("relcl", "acl"):
            h1.append(v.head)
        elif not h1:
            subj = _inherited_subject(v, self.reporting)
            if subj is not None:
                h1.append(subj)
        h2.extend(self._prep_objects(v))
        for subj in v.children:  # "riots against Israeli policies are continuing"
            if subj.dep_ == "nsubj" and token_cand(self.cands, subj.i) is None:
                h2.extend(self._prep_objects(subj, ("against", "on", "targeting", "upon")))
        if True:
            for ch in v.children:
                if ch.dep_ in ("xcomp", "ccomp"):
                    h2.extend(g for g in ch.children if g.dep_ in ("dobj", "nsubj"))
                    h2.extend(self._prep_objects(ch))
        # "was killed in an attack by militants", "killed in a clash with UN troops"
        for prep in v.children:
            if prep.dep_ == "prep":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        h1.extend(self._noun_agents(obj))
                        if passive:
                            h1.extend(self._prep_objects(obj, ("with", "against", "between")))

    def _noun(self, n: Token, h1: list[Token], h2: list[Token]) -> None:
        h1.extend(self._noun_agents(n))
        late: list[Token] = []  # "of" objects: after the subject of the governing verb
        for prep in n.children:
            if prep.dep_ != "prep":
                continue
            objs = [g for g in prep.children if g.dep_ == "pobj"]
            if prep.lower_ == "between" and objs:
                first = objs[0]
                if n.dep_ == "dobj" and any(c.dep_ == "nsubj" for c in n.head.children):
                    h2.append(first)  # "X launched a mediation effort between A and B"
                else:
                    h1.append(first)
                    h2.extend(first.conjuncts[:1])
            elif prep.lower_ in TARGET_PREPS:
                h2.extend(objs)
            elif prep.lower_ == "of":
                (h2 if n.lower_ in PATIENT_OF else late).extend(objs)
                for obj in objs:  # "a suspension of air links with Serbia"
                    h2.extend(self._prep_objects(obj, ("with", "to", "on", "against")))
        verb = n.head
        if n.dep_ == "pobj" and verb.head.dep_ == "dobj" and verb.lower_ == "of":
            n, verb = verb.head, verb.head.head  # "gave X 5 million dollars of aid"
        if n.dep_ in ("dobj", "attr") and verb.pos_ in ("VERB", "AUX"):
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            subj = subj or _inherited_subject(verb, self.reporting)
            if subj is not None:  # after the noun's own agents ("a grant of ..." has none)
                h1.append(subj)
            # "give Tanzania a grant", "imposed sanctions on Iraq"
            h2.extend(c for c in verb.children if c.dep_ == "dative")
            h2.extend(self._prep_objects(verb))
        elif n.dep_ in ("nsubj", "nsubjpass") and verb.pos_ in ("VERB", "AUX"):
            if not h2:
                h2.extend(c for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))
                h2.extend(self._prep_objects(verb))
        elif n.dep_ == "pobj" and verb.lower_ == "under" and verb.head.pos_ in ("VERB", "AUX"):
            # "Y came / was under attack from X": X attacks, the subject Y is the target
            clause = verb.head
            h1[:0] = [*self._prep_objects(n, ("from", "by")),
                      *self._prep_objects(clause, ("from", "by"))]
            h2[:0] = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        elif n.dep_ == "pobj" and verb.dep_ in ("prep", "agent"):
            clause = verb.head
            if clause.pos_ in ("VERB", "AUX"):
                if clause.dep_ == "acl" and clause.tag_ == "VBN":
                    h2.append(clause.head)  # "12 militants killed in airstrikes"
                for ag in clause.children:
                    if ag.dep_ == "agent":
                        h1.extend(g for g in ag.children if g.dep_ == "pobj")
                if not any(c.dep_ == "nsubjpass" for c in clause.children):
                    h1.extend(c for c in clause.children if c.dep_ == "nsubj")
                # after the noun's own targets ("attack on Thursday" has none)
                h2.extend(c for c in clause.children if c.dep_ in ("nsubjpass", "dobj"))
        h1.extend(late)

    def _noun_agents(self, n: Token) -> list[Token]:
        out: list[Token] = []
        for ch in n.children:
            if ch.dep_ == "poss" or (ch.dep_ in ("compound", "amod", "nmod") and
                                     token_cand(self.cands, ch.i) is not None):
                out.append(ch)
            elif ch.dep_ == "amod" and ch.lower_ in ("led", "-led"):  # "US-led raids"
                out.extend(g for g in ch.children if token_cand(self.cands, g.i) is not None)
            elif ch.dep_ == "prep" and ch.lower_ == "by":
                out.extend(g for g in ch.children if g.dep_ == "pobj")
            elif ch.dep_ == "agent":
                out.extend(g for g in ch.children if g.dep_ == "pobj")
        return out

    def _prep_objects(self, v: Token, preps: tuple[str, ...] = TARGET_PREPS) -> list[Token]:
        out: list[Token] = []
        for prep in v.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                out.extend(g for g in prep.children if g.dep_ == "pobj")
        return out

    # -- from heads to candidates
    def _resolve(self, heads: list[Token], taken: set[int]) -> list[Cand]:
        """Candidates of the first head that has one, with its coordinated partners
        ("X and Y"; "Russian and Iranian forces"), in text order."""
        for h in heads:
            out: list[Cand] = []
            for tok in [h, *h.conjuncts]:
                c = self._cand_for(tok, taken | {id(x) for x in out})
                if c is not None and all(c is not x for x in out):
                    out.append(c)
            if out:
                for c in list(out):
                    if c.kind == "country" and c.form == "demonym":  # "Turkish and Greek sides"
                        conj = {t.i for t in self.doc[c.head(self.doc)].conjuncts}
                        out.extend(x for x in self.cands if x.kind == "country" and x is not c
                                   and x.head(self.doc) in conj and all(x is not y for y in out))
                    if c.mod_token is None:
                        continue
                    conj = {t.i for t in self.doc[c.mod_token].conjuncts}
                    out.extend(x for x in self.cands if x.kind == "role" and x is not c
                               and x.head(self.doc) in conj and all(x is not y for y in out))
                out.sort(key=lambda c: c.start)
                return out
        return []

    def _cand_for(self, tok: Token, taken: set[int]) -> Cand | None:
        doc = self.doc
        if tok.dep_ in ("dobj", "nsubjpass") and any(
            ch.dep_ == "poss" and ch.lower_ in ("its", "their", "his", "her", "our")
            for ch in tok.children
        ):
            return None  # "withdrew its troops": the actor's own means, not a target
        if tok.lower_ in PRONOUNS or tok.pos_ == "PRON":
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "relcl":
                return self._cand_for(tok.head.head, taken)
            if tok.lower_ not in ("they", "them", "it", "he", "she"):
                return None
            return self.memory.resolve(tok, armed_only=False, violent=self.violent)
        c = subtree_cand(doc, self.cands, tok, taken)
        if c is not None:
            c = self._better(tok, c, taken)
        if c is None:
            if tok.lower_ in ANAPHORIC_NOUNS and any(ch.lower_ == "the" for ch in tok.children):
                return self.memory.resolve(tok, armed_only=True)
            return None
        if _is_anaphoric(doc, c):
            earlier = self.memory.resolve(tok, armed_only=True)
            if earlier is not None:
                return Cand(c.start, c.end, earlier.kind, earlier.entry, earlier.country,
                            earlier.form, earlier.norp,
                            antecedent=earlier.antecedent or (earlier.start, earlier.end))
        if not self.usable(c) or (c.kind == "country" and c.is_locative(doc)):
            return None
        if self.violent and c.kind == "country" and c.form == "metonym":
            return None  # in violence "Santiago" is where it happened, not the government
        return c

    def _better(self, tok: Token, c: Cand, taken: set[int]) -> Cand:
        """A person named by apposition ("Oshima, the UN coordinator"), or a spokesman
        "of" an organisation, stands for the organisation."""
        doc = self.doc
        head = doc[c.head(doc)]
        if c.kind in ("person", "org"):
            mods = [ch for ch in head.children
                    if ch.dep_ in ("compound", "amod", "nmod") and ch.i < c.start]
            while mods:  # "U.N. mediator Diego Cordovez": the modifiers' own modifiers too
                ch = mods.pop(0)
                alt = token_cand(self.cands, ch.i)
                if alt is not None and alt.kind in ("named", "role", "country") and (
                    id(alt) not in taken
                ):
                    return alt
                mods.extend(g for g in ch.children if g.dep_ in ("compound", "amod", "nmod"))
            for ch in head.children:
                if ch.dep_ == "appos":
                    alt = subtree_cand(doc, self.cands, ch, taken)
                    if alt is not None and alt.kind in ("named", "role", "country"):
                        return alt
        if c.group == "government" and c.country is None and c.entry is not None:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        alt = subtree_cand(doc, self.cands, obj, taken)
                        if alt is not None and alt.kind in ("named", "org", "role"):
                            return alt
        return c

    def _own_means(self, c: Cand) -> bool:
        """A state's own forces deployed, withdrawn or mobilised are its means, not the
        target: a military / police noun with no other country ("troops", "its
        peacekeeping force") after a state actor1."""
        if not self.a1:
            return False
        head = self.doc[c.head(self.doc)]
        if any(ch.dep_ == "poss" and ch.lower_ in ("its", "their", "our") for ch in
               head.children):
            return True
        first = self.a1[0]
        state = (first.kind == "country" and first.form not in ("plural", "ethnic")) or (
            first.kind == "role" and first.group in (
            "government", "military", "police"))
        if not state:
            return False
        generic = c.kind == "role" or (c.kind == "named" and c.text(self.doc).islower())
        group = c.group if c.kind == "role" else ("military" if c.entry is not None and (
            c.entry.sector == "MIL") else "")
        return generic and group in ("military", "police") and (
            c.country is None or c.country == first.country)

    def _loose_demonym(self, c: Cand) -> bool:
        """"the Russian language", "a Senegalese peace plan": a demonym on a noun that
        names no actor is no target by itself."""
        if c.kind != "country" or c.form != "demonym":
            return False
        head = self.doc[c.head(self.doc)]
        return head.dep_ in ("amod", "compound", "nmod") and token_cand(
            self.cands, head.head.i) is None and head.head.pos_ in ("NOUN", "PROPN")

    def usable(self, c: Cand) -> bool:
        """Places are never actors by themselves ("flee towards Goma"); a capital stands
        for its government only as a head noun ("Kremlin denies"), not as a modifier
        ("Sanaa airport")."""
        if c.kind == "place":
            return False
        head = self.doc[c.head(self.doc)]
        return not (c.kind == "country" and c.form == "metonym"
                    and head.dep_ in ("compound", "amod", "nmod", "poss"))

    def _is_source(self, c: Cand) -> bool:
        """The subject of "said", "told": who reports the event, not who acted."""
        tok = self.doc[c.head(self.doc)]
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in self.reporting

    def _place_target(self, trig: Token, taken: set[int]) -> list[Cand]:
        """PLOVER / CAMEO: with no other target, the place acted upon is the target
        ("imposed a curfew in Cizre"); it stands for the people there."""
        root, steps = trig, 0  # "imposed a curfew in Cizre": the clause of the trigger noun
        while root.pos_ not in ("VERB", "AUX") and root.head.i != root.i and steps < 4 and (
                root.dep_ in ("dobj", "pobj", "prep", "nsubj", "nsubjpass", "compound")):
            root, steps = root.head, steps + 1
        sub = {t.i for t in root.subtree}
        for c in self.cands:
            if c.kind == "country" and c.form in ("plural", "ethnic"):
                continue  # people, not a place
            if c.kind in ("country", "place") and id(c) not in taken and c.head(self.doc) in sub:
                if c.start > trig.i:
                    return [Cand(c.start, c.end, "people", None, c.country, c.form)]
        return []

    def _fallback(self, trig: Token, before: bool, taken: set[int]) -> list[Cand]:
        """The nearest candidate before the trigger (actor1) or after it, inside the
        trigger's own phrase (actor2: not the source of a "..., officials said")."""
        start, end = segment(self.doc, trig.i)  # not across a headline break
        clause = trig if trig.pos_ in ("VERB", "AUX") else trig.head
        if crosses_break(self.doc, clause.i, trig.i):
            clause = trig
        inside = {t.i for t in clause.subtree} if before or self.violent else _own_phrase(
            clause)  # in violence "..., as Boko Haram pursues its campaign" names a side

        pool = [
            c for c in self.cands
            if start <= c.start < end and id(c) not in taken
            and self.usable(c) and not self._is_source(c)
            and (before or c.head(self.doc) in inside)
            and c.kind in (("named", "role", "country", "org") if before else (
                "named", "role", "country", "org", "person"))
            and not (self.violent and c.kind == "country")
            and (before or not self._loose_demonym(c))
            and (before or self.violent or not self._own_means(c))
            and not c.is_locative(self.doc)
            and ((c.end <= trig.i) if before else (c.start > trig.i))
        ]
        if not pool:
            return []
        if not before:
            return [pool[0]]
        last = pool[-1]  # with its coordinated partners ("the government and SPLM/A")
        conj = {t.i for t in self.doc[last.head(self.doc)].conjuncts}
        return [c for c in pool if c is last or (c.head(self.doc) in conj and c.kind in (
            "named", "role", "country"))]


def _own_phrase(clause: Token) -> set[int]:
    """Token ids of ``clause`` without its subordinate clauses ("... resigned as the
    opposition threatened", "... if Hamas ran"), relative clauses and coordinated
    clauses with their own subject; purpose clauses ("to demand X") stay."""
    out = {clause.i}
    stack = [clause]
    while stack:
        t = stack.pop()
        for ch in t.children:
            if ch.dep_ == "parataxis" or (ch.dep_ == "advcl" and any(
                g.dep_ == "mark" and g.lower_ != "to" for g in ch.children
            )) or (ch.dep_ == "conj" and any(g.dep_ == "nsubj" for g in ch.children)):
                continue
            out.add(ch.i)
            stack.append(ch)
    return out


def _inherited_subject(v: Token, reporting: frozenset[str] = frozenset()) -> Token | None:
    """The subject a verb shares with the verb it hangs on (xcomp, conj, advcl); never
    the subject of a reporting verb ("..., officials said, forcing residents to flee")."""
    seen = 0
    while v.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp") and seen < 4:
        if crosses_break(v.doc, v.i, v.head.i):
            return None
        v = v.head
        seen += 1
        if v.lemma_.lower() in reporting:
            return None
        for ch in v.children:
            if ch.dep_ == "nsubj":
                return ch
        if v.dep_ in ("relcl", "acl"):
            return v.head
    return None
