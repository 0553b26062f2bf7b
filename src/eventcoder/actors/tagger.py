"""Actors: who did it and to whom, named in ACLED's style.

For each mention the tagger reads the dependency tree around the trigger:

- verbs: the subject is actor1 and the object (or "against/on/at/with X") actor2; in the
  passive ("X was attacked by Y") the agent is actor1 and the subject actor2; a verb
  without its own subject inherits it ("conducted strikes ..., killing X"; "threatened
  to shell X"); relative clauses and participles take the noun they hang on.
- nouns ("the coalition's strikes on X", "Russian airstrikes", "an attack by militants"):
  possessor, compound, "by" phrase -> actor1; "on/against/targeting X" -> actor2; the
  subject of a light verb ("launched an attack") -> actor1; "clashes between X and Y".
- coordination ("Russian and Iranian forces") gives associated actors; pronouns and
  definite generic nouns ("they", "the militants", "the group") point back to an actor
  named earlier in the article ("they" attacking: the article's most salient attacker).
- a trigger in the headline takes missing sides from its twin in the first paragraph;
  places are never actors by themselves; a force named without a country shares the
  country of the nearest same-kind force named with one ("soldiers" / "Malian soldiers").

Then ACLED's rules: civilians are never actor1; in Violence against civilians the victims
are actor2 "Civilians (Country)"; protesters / rioters for Protests / Riots; state forces
fighting outside their own country are External/Other forces (inter 8).
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from eventcoder.actors.candidates import Cand, find_candidates, to_actor, token_cand
from eventcoder.actors.claims import find_claim, victim_verbs
from eventcoder.actors.dictionary import ActorDictionary
from eventcoder.actors.linebreaks import crosses_break, line_breaks
from eventcoder.actors.syntax import Memory, Roles, trigger_token
from eventcoder.document import ActorNotes, Mention, StageSpec, WorkDoc
from eventcoder.facts.event_types import ARMED_VIOLENCE, DEMONSTRATIONS
from eventcoder.facts.folding import fold_ascii
from eventcoder.facts.media import is_outlet
from eventcoder.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

__all__ = ["ActorDictionary", "ActorTagger"]


def _no_outlets(doc: Doc, cands: list[Cand], outlet: str | None) -> list[Cand]:
    """News outlets report events; they are never actors ("told Reuters", "the Guardian
    has learned", "Lusa news agency"): neither is the article's own outlet."""
    own = fold_ascii(outlet) if outlet else None
    return [c for c in cands if c.kind == "country" or not (
        is_outlet(c.text(doc)) or own is not None and fold_ascii(c.text(doc)) == own)]

@dataclass
class _Sent:
    cands: list[Cand]
    context: str | None


class ActorTagger:
    """Fills actor1 / actor2 / associated actors of every mention (see module doc)."""

    spec: ClassVar[StageSpec] = StageSpec(
        "actors",
        reads=frozenset({"doc", "toponyms", "focus_country", "mentions", "sent_index",
                         "trigger", "event_type", "sub_event_type", "plover_type",
                         "class_notes"}),
        fills=frozenset({"actor1", "actor2", "assoc_actor_1", "assoc_actor_2",
                         "actor_notes"}),
    )

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        doc = wd.doc
        if doc is None or not wd.mentions:
            return wd
        sents = wd.sentences()
        ents: list[list[SpacySpan]] = [[] for _ in sents]
        starts = [s.start for s in sents]
        for ent in doc.ents:  # each sentence's entities (``Span.ents`` reads the whole Doc)
            k = bisect.bisect_right(starts, ent.start) - 1
            if k >= 0 and ent.end <= sents[k].end:
                ents[k].append(ent)
        outlet = wd.article.outlet
        info = [_Sent(_no_outlets(doc, find_candidates(self.dictionary, s, e), outlet), None)
                for s, e in zip(sents, ents, strict=True)]
        _mark_places(doc, wd, info)
        focus = self.article_country(doc, info, wd)
        for k, s in enumerate(sents):
            info[k].context = self._sentence_country(doc, info[k].cands, wd, s) or focus
        _share_demonyms(doc, [c for s in info for c in s.cands])
        memory = Memory(doc, [s.cands for s in info], starts)
        for m in wd.mentions:
            # no actor until one is found (a trigger outside the sentences has none)
            m.actor1 = m.actor2 = None
            m.assoc_actor_1, m.assoc_actor_2 = [], []
            m.actor_notes = ActorNotes()
            index = self._sent_index(sents, m)
            if index is not None:
                self._tag(wd, doc, m, info, index, memory)
        return wd

    # ------------------------------------------------------------------ countries
    def article_country(self, doc: Doc, info: list[_Sent], wd: WorkDoc) -> str | None:
        """The country the article is set in: places where things happen ("in Syria",
        toponyms) count most, actor modifiers ("US officials") least; the geoparser's
        ``focus_country`` adds a vote."""
        votes: Counter[str] = Counter()
        actor_words: set[int] = set()
        for s in info:
            for c in s.cands:
                if not c.country or c.kind not in ("country", "role", "norp"):
                    continue
                if c.kind == "country" and self._at_border(doc, c):
                    continue  # "on the Thai border": the other side
                if c.kind == "country" and c.is_locative(doc):
                    votes[c.country] += 6  # "in Syria": where things happen
                    continue
                start, end = c.chars(doc)
                actor_words.update(range(start, end))
                head = doc[c.head(doc)]
                if c.kind == "role" and c.group == "police" and not (
                    head.dep_ == "nsubj"
                    and head.head.lemma_.lower() in self.dictionary.reporting_verbs
                ):  # (not "Thai police said": a source may speak from abroad)
                    votes[c.country] += 3  # police act at home ("Turkish police")
                    continue
                votes[c.country] += 2 if c.kind == "country" and c.form == "name" else 1
        for t in self._places(wd, actor_words):
            votes[t] += 4
        if wd.focus_country:
            votes[wd.focus_country] += 5
        return votes.most_common(1)[0][0] if votes else None

    def _at_border(self, doc: Doc, c: Cand) -> bool:
        """"near the Thai border": the country across a border, not the event's."""
        head = doc[c.head(doc)]
        return head.dep_ in ("amod", "compound") and head.head.lower_ in (
            self.dictionary.border_nouns)

    @staticmethod
    def _places(wd: WorkDoc, actor_words: set[int], start: int = 0, end: int = -1) -> list[str]:
        """ISO3 codes of the toponyms in [start, end) that are not words of an actor."""
        out = []
        for t in wd.toponyms:
            if t.start < start or (end >= 0 and t.start >= end) or t.start in actor_words:
                continue
            iso3 = _iso3(t.country)
            if iso3:
                out.append(iso3)
        return out

    def _sentence_country(self, doc: Doc, cands: list[Cand], wd: WorkDoc, s: object) -> str | None:
        actor_words: set[int] = set()
        for c in cands:
            if c.kind == "country" and c.is_locative(doc) and c.country and (
                not self._at_border(doc, c)
            ):
                return c.country
            if c.kind in ("place", "people"):
                continue
            start, end = c.chars(doc)
            actor_words.update(range(start, end))
        # a place name modifying a noun ("U.S. coalition", "Kabul government") says whose,
        # not where
        for t in wd.toponyms:
            if s.start_char <= t.start < s.end_char:  # type: ignore[attr-defined]
                span = doc.char_span(t.start, t.end, alignment_mode="expand")
                if span is not None and span.root.dep_ in ("compound", "amod", "poss", "nmod"):
                    actor_words.add(t.start)
        places = self._places(wd, actor_words, s.start_char, s.end_char)  # type: ignore[attr-defined]
        return places[0] if places else None

    @staticmethod
    def _sent_index(sents: list[SpacySpan], m: Mention) -> int | None:
        if 0 <= m.sent_index < len(sents) and sents[m.sent_index].start_char <= m.trigger[0] < (
            sents[m.sent_index].end_char
        ):
            return m.sent_index
        for k, s in enumerate(sents):
            if s.start_char <= m.trigger[0] < s.end_char:
                return k
        return None

    # ------------------------------------------------------------------ one mention
    def _roles(self, doc: Doc, m: Mention, cands: list[Cand], memory: Memory,
               trig: Token) -> Roles:
        # ACLED: the source of "..., officials said" is not an actor; PLOVER / CAMEO code
        # statements, so there the speaker is the actor ("US authorities said ...")
        reporting = self.dictionary.reporting_verbs if m.event_type else frozenset()
        roles = Roles(doc, cands, memory, reporting)
        roles.assign(trig, m.event_type == "Battles", m.event_type in ARMED_VIOLENCE
                     or m.event_type in DEMONSTRATIONS,
                     m.event_type in DEMONSTRATIONS or m.plover_type == "PROTEST")
        return roles

    def _tag(self, wd: WorkDoc, doc: Doc, m: Mention, info: list[_Sent], index: int,
             memory: Memory) -> None:
        s = info[index]
        trig = trigger_token(doc, m)
        if trig is None:
            return
        # "Gunmen killed seven villagers": a trigger word that names the actor ("gunmen")
        # gives way to the event's other word ("killed"); the actor stays actor1
        doer = _actor_trigger(s.cands, trig)
        if doer is not None:
            trig = _other_word(doc, m, trig, s.cands) or trig
        roles = self._roles(doc, m, s.cands, memory, trig)
        if doer is not None and not roles.a1 and all(c is not doer for c in roles.a2):
            roles.a1 = [doer]
        if not roles.a1 or not roles.a2:
            twin = _twin(doc, trig)
            if twin is not None:  # a headline word: its first-paragraph twin has the roles
                k = index if twin.sent.start == trig.sent.start else index + 1
                other = self._roles(doc, m, info[k].cands if k < len(info) else [], memory,
                                    twin)
                if not roles.a1 and other.a1:
                    roles.a1, roles.a2 = other.a1, other.a2 or [
                        c for c in roles.a2 if all(c is not x for x in other.a1)]
                elif not roles.a2 and other.a2:
                    roles.a2 = [c for c in other.a2 if all(c is not x for x in roles.a1)]
        if m.event_type in ARMED_VIOLENCE and not roles.a2:
            self._other_trigger(doc, m, s, memory, trig, roles)
        d, ctx = self.dictionary, s.context
        picked: dict[str, list[tuple[Actor, tuple[int, int]]]] = {"1": [], "2": []}
        own: dict[str, list[bool]] = {"1": [], "2": []}
        violent = m.event_type in ARMED_VIOLENCE
        for side, cands in (("1", roles.a1), ("2", roles.a2)):
            for c in cands:
                actor = to_actor(d, doc, c, ctx)
                if violent and c.kind == "country" and c.form != "plural" and c.country:
                    # "a U.S. airstrike", "Turkey shelled ...": the state's armed forces
                    actor = d.role_actor("military", c.country, actor.text)
                if all(actor.name != a.name for a, _ in picked[side]):
                    picked[side].append((actor, c.chars(doc)))
                    own[side].append(_own_country(c))
        if picked["1"]:  # one actor is not both sides ("Serbia promised to reform Serbia")
            first = picked["1"][0][0]
            keep = [
                p for p, own2 in zip(picked["2"], own["2"], strict=True)
                if p[0].text.lower() != first.text.lower()
                and not (p[0].name == first.name and not _may_fight_itself(m, p[0])
                         and ((own["1"][0] and own2) or m.event_type in ARMED_VIOLENCE))
            ]
            picked["2"] = keep
        if m.sub_event_type == "Agreement" and len(picked["1"]) > 1 and not picked["2"]:
            picked["2"] = [picked["1"].pop(1)]  # "X and Y agreed": the two parties
        a1 = picked["1"][0] if picked["1"] else None
        a2 = picked["2"][0] if picked["2"] else None
        a1, a2 = self._acled_rules(doc, m, s, a1, a2, ctx)
        claim_cue: tuple[int, int] | None = None
        if self._claim_may_name(doc, m, trig, a1):
            claim = find_claim(doc, [x.cands for x in info], index, trig)
            if claim is not None:
                a1 = (to_actor(d, doc, claim.cand, ctx), claim.cand.chars(doc))
                claim_cue = claim.cue
                if a2 is not None and a2[0].name == a1[0].name:
                    a2 = None
                if ctx and et_armed(m):
                    a1 = _external(a1, ctx)
        if violent and a1 is not None and roles.a1 and a1[1] == roles.a1[0].chars(doc):
            memory.initiators.append((a1[0].name, roles.a1[0]))
        if a1 is not None:
            m.actor1 = a1[0]
            m.add_evidence("actor1", *a1[1])
            if claim_cue is not None:  # the claim's word ("claimed", "blamed on")
                m.add_evidence("actor1", *claim_cue)
        if a2 is not None:
            m.actor2 = a2[0]
            m.add_evidence("actor2", *a2[1])
        # "the militants" / "the group": the words of the group named earlier are evidence too
        named_before = {c.chars(doc): doc[c.antecedent[0]: c.antecedent[1]]
                        for c in (*roles.a1, *roles.a2) if c.antecedent is not None}
        for side, chosen in (("actor1", a1), ("actor2", a2)):
            before = named_before.get(chosen[1]) if chosen is not None else None
            if before is not None:
                m.add_evidence(side, before.start_char, before.end_char)
        m.assoc_actor_1 = [a for a, _ in picked["1"][1:] if m.actor1 is None or a != m.actor1]
        m.assoc_actor_2 = [a for a, _ in picked["2"][1:] if m.actor2 is None or a != m.actor2]
        for field_name, lst in (("assoc_actor_1", picked["1"][1:]), ("assoc_actor_2",
                                                                    picked["2"][1:])):
            for _a, span in lst:
                m.add_evidence(field_name, *span)

    def _claim_may_name(self, doc: Doc, m: Mention, trig: Token,
                        a1: tuple[Actor, tuple[int, int]] | None) -> bool:
        """A claim or attribution ("X claimed the attack") may name actor1 of a violent
        event (or looting) when actor1 is missing, generic ("Unidentified Armed Group"),
        named outside the event's sentence, or only the source of a statement ("Police
        blamed the bombing on X"); never over a named actor1 of the event's own sentence."""
        if not (et_armed(m) or m.sub_event_type == "Looting/property destruction"):
            return False
        if a1 is None or a1[0].name.startswith("Unidentified"):
            return True
        sent = trig.sent
        if not sent.start_char <= a1[1][0] < sent.end_char:
            return True
        span = doc.char_span(a1[1][0], a1[1][1], alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        if root.dep_ == "nsubj" and root.head.lemma_.lower() in victim_verbs():
            return True  # "two of its soldiers died in the shelling": victims
        return root.dep_ == "nsubj" and root.head.lemma_.lower() in (
            self.dictionary.reporting_verbs) and root.head.i != trig.i

    def _other_trigger(self, doc: Doc, m: Mention, s: _Sent, memory: Memory, trig: Token,
                       roles: Roles) -> None:
        """A violent event found by several words ("aircraft using missiles killed 4
        Iraqis"): the victims of another trigger word of the same sentence fill actor2."""
        for start, end in m.evidence.get("event_type", []):
            other = trigger_token(doc, m, (start, end))
            if other is None or other.i == trig.i or other.sent.start != trig.sent.start:
                continue
            alt = self._roles(doc, m, s.cands, memory, other)
            a2 = [c for c in alt.a2 if all(c is not x for x in roles.a1)]
            if a2 and not roles.a1 and alt.a1 and alt.distinct:
                roles.a1 = alt.a1  # "Sunday's attack by gunmen on a police post": both sides
            if a2:
                roles.a2 = a2
                return

    def _acled_rules(
        self, doc: Doc, m: Mention, s: _Sent,
        a1: tuple[Actor, tuple[int, int]] | None, a2: tuple[Actor, tuple[int, int]] | None,
        ctx: str | None,
    ) -> tuple[tuple[Actor, tuple[int, int]] | None, tuple[Actor, tuple[int, int]] | None]:
        d, et = self.dictionary, m.event_type
        vac = et == "Violence against civilians" or bool(
            m.class_notes is not None and m.class_notes.civilian_victims)
        if et in ARMED_VIOLENCE and a1 is not None and _passive_victim(doc, a1[1]):
            # "soldiers were killed when their vehicle struck an IED": victims, not attackers
            a1, a2 = None, a2 or a1
        if (et is not None and et not in DEMONSTRATIONS) or vac:
            if a1 is not None and a1[0].inter == 7:  # ACLED: civilians are never actor1
                if a2 is None:
                    a2 = a1
                a1 = None
        if et in ARMED_VIOLENCE or vac:
            if vac and (a2 is None or a2[0].inter != 7):
                victims = next((c for c in s.cands if c.group == "civilians"), None)
                if victims is not None:
                    a2 = (to_actor(d, doc, victims, ctx), victims.chars(doc))
                elif a2 is None or a2[0].inter in (5, 6, None):
                    text = a2[0].text if a2 else doc.text[m.trigger[0] : m.trigger[1]]
                    span = a2[1] if a2 else m.trigger
                    a2 = (d.role_actor("civilians", ctx, text), span)
        if (et in ARMED_VIOLENCE and a1 is not None and a2 is not None
                and a1[0].name == a2[0].name and not _may_fight_itself(m, a1[0])):
            # one force on both sides is a misreading ("soldiers were killed when their
            # vehicle struck a mine"): keep the victims, the attacker is unknown
            a1 = None
        if et == "Battles" and (a1 is None) != (a2 is None):
            a1, a2 = self._other_side(doc, m, s, a1 or a2, ctx)  # sides of a battle: either
        elif et == "Explosions/Remote violence" and a1 is None and a2 is not None:
            # only the victims are named ("12 militants killed in airstrikes"): the other
            # side, inferred, is the attacker
            a2, a1 = self._other_side(doc, m, s, a2, ctx)
        if et in DEMONSTRATIONS:
            a1, a2 = self._demonstrators(doc, m, a1, a2, ctx)
        if et in ARMED_VIOLENCE and ctx:
            a1 = _external(a1, ctx)
            a2 = _external(a2, ctx)
        return a1, a2


    def _demonstrators(
        self, doc: Doc, m: Mention,
        a1: tuple[Actor, tuple[int, int]] | None, a2: tuple[Actor, tuple[int, int]] | None,
        ctx: str | None,
    ) -> tuple[tuple[Actor, tuple[int, int]] | None, tuple[Actor, tuple[int, int]] | None]:
        """Protests / Riots: the demonstrators are actor1 ("Police dispersed protesters":
        protesters first, police second)."""
        group, want = ("protesters", 6) if m.event_type == "Protests" else ("rioters", 5)
        if a2 is not None and a2[0].inter in (6, 7) and a1 is not None and a1[0].inter in (
            6, 7
        ):
            a2 = None  # "people kicked off the protests with a crowd": one side only
        if a1 is not None and a1[0].inter == want:
            return a1, a2
        if a2 is not None and a2[0].inter in (5, 6, 7, None) and (
            a1 is None or a1[0].inter in (1, 2, 3, 4, 8)
        ):
            a1, a2 = a2, a1
        if a1 is not None and a1[0].inter in (1, 2, 3, 4, 8):
            a1, a2 = None, a2 or a1
        text = a1[0].text if a1 else doc.text[m.trigger[0] : m.trigger[1]]
        span = a1[1] if a1 else m.trigger
        iso3 = (a1[0].country if a1 else None) or ctx
        return (self.dictionary.role_actor(group, iso3, text), span), a2

    def _other_side(
        self, doc: Doc, m: Mention, s: _Sent, known: tuple[Actor, tuple[int, int]] | None,
        ctx: str | None,
    ) -> tuple[tuple[Actor, tuple[int, int]] | None, tuple[Actor, tuple[int, int]] | None]:
        """A battle has two sides. When the text names one, the other is an actor of the
        opposite kind named elsewhere in the sentence ("ISIS resurgence: 20 regime soldiers
        killed"); failing that it is inferred ("24 militants killed in clashes" -> the
        state's forces; "soldiers killed in clashes" -> an unidentified armed group),
        noted in ``actor_notes.inferred``, with the trigger as evidence."""
        if known is None:
            return known, None
        words = known[0]
        want: tuple[int, ...]
        if words.inter in (2, 3, 4):
            want, group = (1, 8), "military"
        elif words.inter in (1, 8):
            want, group = (2, 3, 4), "armed_group"
        else:
            return known, None
        for c in s.cands:
            if c.kind not in ("named", "role", "country") or c.chars(doc) == known[1]:
                continue
            if c.kind == "country" and c.is_locative(doc):
                continue  # "in Mali" is a place, not a side
            actor = to_actor(self.dictionary, doc, c, ctx)
            if c.kind == "country":
                if c.form == "plural":
                    continue
                actor = self.dictionary.role_actor("military", c.country, actor.text)
            if actor.inter in want and actor.name != words.name:
                return known, (actor, c.chars(doc))
        if ctx is None:
            return known, None
        other = self.dictionary.role_actor(group, ctx, doc.text[m.trigger[0] : m.trigger[1]])
        m.actor_notes = ActorNotes(inferred=True)
        return known, (other, m.trigger)


_VICTIM_VERBS = frozenset({"kill", "wound", "injure", "hurt", "abduct", "kidnap", "shoot",
                           "behead", "execute", "massacre", "slaughter", "murder"})


def et_armed(m: Mention) -> bool:
    return m.event_type in ARMED_VIOLENCE


def _actor_trigger(cands: list[Cand], trig: Token) -> Cand | None:
    """The armed actor the trigger word itself names ("Gunmen" found as a shooting word)."""
    c = token_cand(cands, trig.i)
    if c is None or c.kind not in ("role", "named"):
        return None
    if c.kind == "role" and c.group not in ("armed_group", "rebels"):
        return None
    if c.kind == "named" and (c.entry is None or (c.entry.inter or 0) not in (2, 3, 4)):
        return None
    return c


def _other_word(doc: Doc, m: Mention, trig: Token, cands: list[Cand]) -> Token | None:
    """Another trigger word of the mention in the same sentence that names no actor,
    a verb first ("Gunmen killed ...": "killed")."""
    words = []
    for start, end in m.evidence.get("event_type", []):
        tok = trigger_token(doc, m, (start, end))
        if tok is None or tok.i == trig.i or tok.sent.start != trig.sent.start:
            continue
        if token_cand(cands, tok.i) is None:
            words.append(tok)
    words.sort(key=lambda t: (t.pos_ != "VERB", abs(t.i - trig.i)))
    return words[0] if words else None


def _passive_victim(doc: Doc, chars: tuple[int, int]) -> bool:
    """The words are the passive subject of a verb of harm ("soldiers were killed")."""
    span = doc.char_span(chars[0], chars[1], alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "nsubjpass" and root.head.lemma_.lower() in _VICTIM_VERBS


def _mark_places(doc: Doc, wd: WorkDoc, info: list[_Sent]) -> None:
    """Entities the geoparser read as places ("Saltivka", "Goma") are places, never
    actors by themselves (spaCy may tag a district as an organisation)."""
    spans = [(t.start, t.end) for t in wd.toponyms]
    for s in info:
        for c in s.cands:
            if c.kind in ("org", "person"):
                start, end = c.chars(doc)
                if any(a < end and start < b for a, b in spans):
                    c.kind = "place"


_SHARE_GROUPS = ("military", "police")


def _share_demonyms(doc: Doc, cands: list[Cand]) -> None:
    """A role noun with no country of its own ("soldiers", "the army") is the same force
    as the nearest one of its group named with a country ("Four Malian soldiers"):
    earlier in the article first, else later in the next sentence or two (a headline
    before its first paragraph). The words' own country beats the context country."""
    owned = [c for c in cands if c.kind == "role" and c.country and c.group in _SHARE_GROUPS]
    if not owned:
        return
    for c in cands:
        if c.kind != "role" or c.country or c.norp or c.group not in _SHARE_GROUPS:
            continue
        before = [o for o in owned if o.group == c.group and o.end <= c.start
                  and c.start - o.end < 250]
        after = [o for o in owned if o.group == c.group and o.start >= c.end
                 and o.start - c.end < 60]
        donor = before[-1] if before else (after[0] if after else None)
        if donor is not None:
            c.country, c.shared = donor.country, True


def _twin(doc: Doc, trig: Token) -> Token | None:
    """For a trigger in the article's first line (its headline), the same word in the
    first paragraph ("Shelling hits ..." / "Russian forces shelled ...")."""
    first = next((t for t in doc if not t.is_space), None)
    if first is None or crosses_break(doc, first.i, trig.i):
        return None
    breaks = line_breaks(doc)
    k = bisect.bisect_left(breaks, trig.i)
    end = breaks[k] if k < len(breaks) else len(doc)
    if end >= len(doc):  # (an empty Span at the Doc's end costs a pass over the Doc)
        return None
    lemma, low = trig.lemma_.lower(), trig.lower_
    for tok in doc[end : end + 80]:
        if tok.is_space or tok.is_punct:
            continue
        if tok.lemma_.lower() == lemma or (
            len(low) >= 5 and len(tok.lower_) >= 5 and tok.lower_[:5] == low[:5]
        ):
            return tok
    return None


def _may_fight_itself(m: Mention, a: Actor) -> bool:
    """Two unnamed groups of one kind can fight each other ("gunmen clashed with militiamen")."""
    return m.event_type == "Battles" and ("Unidentified" in a.name or "Militia" in a.name)


def _own_country(c: Cand) -> bool:
    """The candidate's country comes from its own words or the dictionary."""
    if c.shared:
        return False
    return c.country is not None or c.kind == "named" or (c.kind == "country" and
                                                          c.form != "ethnic")


def _external(
    a: tuple[Actor, tuple[int, int]] | None, ctx: str
) -> tuple[Actor, tuple[int, int]] | None:
    """State forces fighting outside their own country are External/Other forces."""
    if a is None or a[0].inter != 1 or not a[0].country or a[0].country == ctx:
        return a
    return replace(a[0], type="External/Other forces", inter=8), a[1]


def _iso3(code: str | None) -> str | None:
    if not code:
        return None
    if len(code) == 3:
        return code.upper()
    import pycountry  # noqa: PLC0415

    c = pycountry.countries.get(alpha_2=code.upper())
    return c.alpha_3 if c else None
