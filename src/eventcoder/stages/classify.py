"""Classify: ACLED type and sub-type, disorder type, PLOVER type and modes, CAMEO root.

The detector hands each mention its trigger hits (``DetectNotes.hits``), each with an event
class from ``data/ontology.json``. The classifier picks the mention's class by the ACLED
hierarchy (chemical > suicide > territory > air > other remote violence > targeted violence
> clashes > generic attacks), refines protests/riots and generic attacks from the sentence
(who is hit, by whom, with what), then reads the ACLED/PLOVER/CAMEO codes off the class.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from eventcoder.document import ClassNotes, Mention, StageSpec, TriggerHit, WorkDoc, filled
from eventcoder.facts.event_types import EVENTFUL
from eventcoder.stages.detect import Lexicon, load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

REMOTE = ("shelling", "ied", "grenade")
REPORTING = {"say", "tell", "report", "state", "announce", "confirm", "add", "claim", "note",
             "quote", "disclose", "reveal", "inform", "declare"}
PROTEST_CLS = ("protest", "strike_labour", "hunger", "blockade")
FORCE_CLS = ("shooting", "kill", "beat", "attack", "massacre", "torture")
THREAT_MODES = {"violence": "violence", "protest": "restrict", "arrest": "arrest",
                "strategic": "violence", "verbal": "restrict"}
PRIMITIVE = {"stick", "rod", "stone", "machete", "knife", "sword", "axe", "bamboo", "club",
             "spear", "arrow", "bow", "brick", "communal", "sectarian", "villager", "mob"}
RANK = ["chemical", "suicide", "capture", "regain", "air", "drone", "shelling", "ied", "grenade",
        "sexual", "abduction", "massacre", "torture", "clash", "mob", "shooting", "attack",
        "beat", "kill"]


def _same_clause(doc: Any, clash: TriggerHit, remote: TriggerHit) -> bool:
    """A battle word that is the predicate or a co-subject of the remote-violence clause
    ("artillery fire and gun battles raged"; "shelled ... and clashed"), not a mere
    circumstance ("during clashes")."""
    c, r = doc[clash.head], doc[remote.head]
    if c.pos_ == "VERB":
        return True
    if c.dep_ == "pobj":
        return False

    def verb(t: Any) -> Any:
        for _ in range(4):
            if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
                return t
            t = t.head
        return t

    return bool(verb(c).i == verb(r).i)


def _rank(cls: str) -> int:
    """Hierarchy position; the three ground remote-violence classes share one level."""
    return RANK.index("shelling") if cls in REMOTE else RANK.index(cls)


def _words(toks: Any) -> set[str]:
    return {t.lemma_.lower() for t in toks} | {t.lower_ for t in toks}


def _phrase_in(cues: frozenset[str], words: set[str], text: str) -> bool:
    return bool(words & cues) or any(" " in c and c in text for c in cues)


def _related(tok: Token) -> list[Token]:
    """The trigger's arguments: objects, passive subjects, "on/against" objects, compounds."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "pobj", "compound", "amod", "poss", "attr", "nsubj"):
            out += list(c.subtree)
        elif c.dep_ == "prep" and c.lower_ in ("on", "against", "at", "of", "targeting", "in"):
            out += list(c.subtree)
    if tok.dep_ in ("dobj", "pobj", "nsubjpass", "nsubj"):
        out.append(tok.head)
        out += [c for c in tok.head.children if c.dep_ in ("nsubjpass", "dobj")]
    return out


def _victims(
    tok: Token, sent: SpacySpan, lex: Lexicon, fallback: bool = True
) -> tuple[bool, bool]:
    """(civilians hit, armed side hit) judged from the trigger's arguments, else from the
    sentence minus the attacker's words."""
    civ, armed = lex.cue("civilian_victims"), lex.cue("armed_targets")
    agent = _subject_words(tok)
    args = _words(_related(tok)) - agent
    c, a = bool(args & civ), bool(args & armed)
    if not (c or a) and fallback:
        words = _words(sent) - agent
        c, a = bool(words & civ), bool(words & armed)
    return c, a


def _salience(tok: Token, sent: SpacySpan) -> float:
    """The main predicate of a sentence reports its news; an event named inside a
    subordinate clause or a noun's modifier is more likely background or context."""
    verb = tok
    depth = 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and depth < 4:
        verb = verb.head
        depth += 1
    root = sent.root
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    main = verb.i == root.i or (
        verb.dep_ in ("ccomp", "xcomp") and verb.head.i == root.i
        and root.lemma_.lower() in REPORTING
    )
    if main and _antecedent(tok):
        return -0.12
    if main:
        direct = depth == 0 or tok.dep_ in ("nsubj", "nsubjpass", "dobj", "compound") or (
            tok.head.dep_ in ("nsubj", "nsubjpass", "dobj")
        )
        return 0.1 if direct else 0.03
    if verb.dep_ in ("advcl", "relcl", "acl", "pcomp") or _antecedent(tok):
        return -0.12
    return 0.0


ANTECEDENT = {"after", "following", "before", "since", "amid", "despite", "over"}


def _antecedent(tok: Token) -> bool:
    """Named as the context of another act: "a curfew after a demonstration", "talks
    despite the air strikes", "sanctions over the bombing"."""
    t = tok
    for _ in range(4):
        if t.dep_ == "pobj" and t.head.lower_ in ANTECEDENT:
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "for" and t.head.head.lemma_.lower() in (
            "revenge", "retaliation", "response", "punishment"
        ):
            return True
        if t.dep_ not in ("pobj", "prep", "compound", "conj") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _subject_words(tok: Token) -> set[str]:
    """Words of the trigger's agent: active subject or passive "by" phrase."""
    verb = tok
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "nsubj":
            out += _np(c)
        if c.dep_ == "agent":
            out += [x for p in c.children if p.dep_ == "pobj" for x in _np(p)]
    return _words(out)


def _np(tok: Token) -> list[Token]:
    """A noun phrase without its prepositional modifiers ("forces in a crackdown on X")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "conj", "nmod", "poss", "appos", "cc", "det"):
            out += _np(c)
    return out


def _territory(tok: Token, sent: SpacySpan, lex: Lexicon, cls: str) -> str:
    subj = _subject_words(tok)
    state = _phrase_in(lex.cue("state_actors"), subj, " ".join(subj))
    strong = bool(subj & lex.cue("strong_nonstate"))
    nonstate = _phrase_in(lex.cue("nonstate_actors"), subj, " ".join(subj))
    if strong:
        return "capture"
    if state:
        return "regain"
    if nonstate:
        return "capture"
    return cls


class EventClassifier:
    """Sets the ACLED / PLOVER / CAMEO codes, evidence and confidence of each mention."""

    spec: ClassVar[StageSpec] = StageSpec(
        "classify",
        reads=frozenset({"doc", "article", "mentions", "sent", "sent_index", "trigger_key",
                         "detect_notes"}),
        fills=frozenset({"event_type", "sub_event_type", "disorder_type", "plover_type",
                         "plover_mode", "cameo_root", "confidence", "class_notes"}),
    )

    def __init__(self) -> None:
        self.lex = load_lexicon()

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        if wd.doc is None:
            return wd
        for m in wd.mentions:
            notes = m.detect_notes
            sent = wd.doc.char_span(m.sent[0], m.sent[1], alignment_mode="expand")
            if notes is None or not notes.hits or sent is None:
                _unclassified(m)
                continue
            self.classify(m, list(notes.hits), sent)
        self._demote_side_acts(wd, wd.mentions)
        return wd

    def _demote_side_acts(self, wd: WorkDoc, mentions: list[Mention]) -> None:
        """Follow-ups of the article's main violent event or demonstration are not ACLED
        events of their own; they stay PLOVER events. Troop movements ("reinforcements were
        sent") are a `Change to group/activity` only when they are the news, otherwise
        MOBILIZE; the arrest of the attack's suspects ("the attacker was arrested", "arrested
        a man in connection with the assaults") is COERCE (arrest), not `Arrests`."""
        top = max((filled(m.confidence, "confidence") for m in mentions
                   if m.event_type in EVENTFUL), default=0.0)
        moves = self.lex.cue("troop_movements")
        culprits = self.lex.cue("perpetrator_words")
        text = wd.article.text
        for m in mentions:
            confidence = filled(m.confidence, "confidence")
            notes = filled(m.class_notes, "class_notes")
            if confidence > top or m.event_type != "Strategic developments":
                continue
            if notes.cls == "change" and m.trigger_key.split()[0] in moves:
                cls = "mobilize"
            elif notes.cls == "arrest" and _phrase_in(
                culprits, set(re.findall(r"[a-z]+", text[m.sent[0]:m.sent[1]].lower())),
                text[m.sent[0]:m.sent[1]].lower(),
            ):
                cls = "arrest_crime"
            else:
                continue
            m.event_type = m.sub_event_type = m.disorder_type = None
            m.class_notes = replace(notes, cls=cls, follow_up=True)
            m.confidence = round(max(0.0, confidence - 0.08), 3)

    # ------------------------------------------------------------ decision
    def choose(self, hits: list[TriggerHit], sent: SpacySpan) -> tuple[str, TriggerHit]:
        lex = self.lex
        doc = sent.doc
        classes = {h.cls for h in hits}
        words = _words(sent)
        text = sent.text.lower()
        fam = {lex.family(c) for c in classes}
        if "transfer" in classes and classes <= {"transfer", "capture", "regain"}:
            return "transfer", max(
                (h for h in hits if h.cls == "transfer"), key=lambda h: h.weight
            )
        if "weapons_seized" in classes:
            return "weapons_seized", max(
                (h for h in hits if h.cls == "weapons_seized"), key=lambda h: h.weight
            )
        if fam <= {"verbal"}:
            best = max(hits, key=lambda h: h.weight)
            return best.cls, best
        if fam & {"violence", "protest"}:
            protest = bool(classes & set(PROTEST_CLS)) or (
                bool(classes & {"intervene", "riot"}) and bool(words & lex.cue("protest_words"))
            )
            weapon = classes & {"chemical", "suicide", "air", "drone", "shelling", "ied"}
            if weapon and not classes & {"riot", "intervene"} and not (
                words & lex.cue("protest_words") - {"strike", "student", "activist"}
            ):
                protest = False
            elif protest or "riot" in classes or "intervene" in classes:
                return self._protest(hits, classes, words, protest, sent)
            ranked = [h for h in hits if h.cls in RANK]
            if ranked:
                best = min(ranked, key=lambda h: (_rank(h.cls), -h.weight))
                cls = best.cls
                tok = doc[best.head]
                if cls in ("capture", "regain"):
                    cls = _territory(tok, sent, lex, cls)
                elif cls in REMOTE and any(
                    h.cls == "clash" and h.weight >= 0.75 and _same_clause(doc, h, best)
                    for h in hits
                ):
                    cls = "clash"  # remote violence inside a battle: one Battles event
                elif cls in ("clash", "shooting", "attack", "kill", "beat"):
                    cls = self._generic(cls, tok, sent, words, text)
                return cls, best
        best = max(hits, key=lambda h: h.weight)
        return best.cls, best

    def _protest(
        self,
        hits: list[TriggerHit],
        classes: set[str],
        words: set[str],
        protest: bool,
        sent: SpacySpan,
    ) -> tuple[str, TriggerHit]:
        doc = sent.doc
        heads = {h.head for h in hits if h.cls in PROTEST_CLS}

        def topic(h: TriggerHit) -> bool:
            """A force word inside the protest's own phrase is its topic ("against the
            execution of X"), not force used on it."""
            return any(a.i in heads for a in doc[h.head].ancestors)

        hits = [h for h in hits if not (h.cls in FORCE_CLS and topic(h))] or hits
        classes = {h.cls for h in hits}
        if "excessive" in classes:
            return "excessive", max(hits, key=lambda h: h.cls == "excessive")

        def pick(*cls: str) -> TriggerHit:
            cand = [h for h in hits if h.cls in cls] or hits
            return max(cand, key=lambda h: h.weight)

        if "mob" in classes:
            return "mob", pick("mob")
        force = bool(classes & set(FORCE_CLS))
        lethal = force and bool(words & lex_lethal(self.lex))
        if classes & {"riot", "clash", "looting", "blockade"}:
            return "riot", pick("riot", "clash", "looting", "blockade")
        if protest and (lethal or force and "intervene" not in classes):
            return "excessive", pick(*FORCE_CLS)
        if protest and classes & {"intervene", "arrest"}:
            return "intervene", pick("intervene", "arrest")
        if "riot" in classes:
            return "riot", pick("riot")
        return "protest", pick(*PROTEST_CLS)

    def _generic(self, cls: str, tok: Token, sent: SpacySpan, words: set[str], text: str) -> str:
        lex = self.lex
        civ, armed = _victims(tok, sent, lex)
        if cls == "clash":
            if words & PRIMITIVE and not words & lex.cue("armed_targets"):
                return "mob"
            return "clash"
        if words & {"mob", "lynch", "vigilante"}:
            return "mob"
        if armed and not civ:
            return "clash"
        return "attack"

    # ------------------------------------------------------------ coding
    def classify(self, m: Mention, hits: list[TriggerHit], sent: SpacySpan) -> None:
        lex = self.lex
        cls, best = self.choose(hits, sent)
        info = lex.classes[cls]
        acled = info["acled"]
        m.event_type, m.sub_event_type = (acled[0], acled[1]) if acled else (None, None)
        m.disorder_type = lex.disorder.get(m.event_type) if m.event_type else None
        m.plover_type = str(info["plover"])
        m.plover_mode = list(info["modes"])
        m.cameo_root = str(info["cameo"])
        self._refine_modes(m, hits)
        content = best.content or ""
        if m.plover_type == "THREATEN" and content in lex.classes:
            m.plover_mode = [THREAT_MODES.get(lex.family(content), "violence")]
            if content in ("sanction", "expel", "withdraw", "withdraw_rel"):
                m.plover_mode = ["relations"]
            elif content in ("capture", "regain"):
                m.plover_mode = ["territory"]
        doc = sent.doc
        for h in hits:
            s, e = doc[h.start].idx, doc[h.end - 1].idx + len(doc[h.end - 1])
            if h is best or lex.family(h.cls) != "verbal":
                m.add_evidence("event_type", s, e)
                m.add_evidence("sub_event_type", s, e)
                m.add_evidence("plover_type", s, e)
        civilians = False
        if m.event_type in ("Violence against civilians", "Explosions/Remote violence", "Riots"):
            # the victims named as the arguments of any violent trigger ("killing 12 people")
            seen = [_victims(doc[h.head], sent, lex, fallback=False) for h in hits
                    if lex.family(h.cls) == "violence"]
            civilians = any(c for c, _a in seen) and not any(a for _c, a in seen)
        if m.event_type == "Riots" and cls == "riot":
            m.disorder_type = "Demonstrations"
        m.class_notes = ClassNotes(cls, civilian_victims=civilians)
        m.confidence = self._confidence(m, best, sent)

    def _refine_modes(self, m: Mention, hits: list[TriggerHit]) -> None:
        modes = list(filled(m.plover_mode, "plover_mode"))
        for h in hits:
            if m.plover_type == "ASSAULT":
                for mode in self.lex.classes[h.cls]["modes"]:
                    if mode not in modes and self.lex.classes[h.cls]["plover"] == "ASSAULT":
                        modes.append(mode)
        m.plover_mode = modes

    def _confidence(self, m: Mention, best: TriggerHit, sent: SpacySpan) -> float:
        fam = self.lex.family(best.cls)
        w = float(best.weight)
        conf = 0.35 + 0.5 * w if m.event_type is None else 0.4 + 0.55 * w
        if fam == "arrest":
            conf -= 0.05
        conf += _salience(sent.doc[best.head], sent)
        status = filled(m.detect_notes, "detect_notes").status
        if status == "referenced":
            conf *= 0.5
        if status in ("attribution", "reaction"):
            conf = min(conf, 0.25)
        if status == "intent":
            conf *= 0.85
        if _words(sent) & self.lex.cue("hedges"):
            conf *= 0.92
        if m.sent_index == 0:
            conf += 0.03
        return round(max(0.0, min(1.0, conf)), 3)


def _unclassified(m: Mention) -> None:
    """A mention the classifier cannot read (no trigger hits, or a sentence outside the
    Doc): its fallback coding, an unspecified ASSAULT (CAMEO 18) at confidence 0.5."""
    m.event_type = m.sub_event_type = m.disorder_type = None
    m.plover_type, m.plover_mode, m.cameo_root = "ASSAULT", [], "18"
    m.confidence = 0.5
    m.class_notes = ClassNotes(None)


def lex_lethal(lex: Lexicon) -> frozenset[str]:
    return lex.cue("lethal_force")
