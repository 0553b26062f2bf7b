"""Detect: find the sentences that report an event and the words that trigger it.

Rules, not a model: a lexicon of trigger lemmas/phrases (``data/triggers.tsv``) with context
conditions is matched on each sentence's lemmas; each hit is then checked against the
dependency parse for negation, modality, conditionals and irrealis governors ("threatened to
attack", "plans to", "called for") using the cue lists in ``data/cues.json``. Surviving hits
are grouped into mentions: a sentence reporting two events gives two mentions. The hits
travel to the classifier in ``Mention.detect_notes`` (``DetectNotes.hits``). See
docs/events.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from eventcoder.document import DetectNotes, Mention, StageSpec, TriggerHit, WorkDoc
from eventcoder.lexicon.events import (
    LIVE,
    OBLIGATION_WORDS,
    VERBAL,
    WINDOW,
    Hit,
    Lexicon,
    circumstances,
    clause_verb,
    habitual,
    load_lexicon,
    main_verbal,
    match_triggers,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["EventDetector", "Hit", "Lexicon", "load_lexicon", "match_triggers"]


# ------------------------------------------------------------------ factuality


def _modal(verb: Token, lex: Lexicon) -> str | None:
    """"future" (will, would, shall), "possible" (could, may, might...) or None."""
    for c in verb.children:
        if c.dep_ != "aux":
            continue
        words = {c.lower_, c.lemma_.lower()}
        if words & lex.cue("future_modals"):
            return "future"
        if words & {"must", "should"}:
            return "obligation"
        if words & lex.cue("modal"):
            return "possible"
    if any(c.dep_ == "aux" and c.lower_ == "going" for c in verb.children):
        return "future"
    return None


def _negated(tok: Token, verb: Token, lex: Lexicon) -> bool:
    neg_det = lex.cue("negation_det")
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if any(c.dep_ == "det" and c.lower_ in neg_det for c in tok.children):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return True
    # "no one was killed", "nobody was hurt": the subject is negative
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and (
            c.lower_ in ("nobody", "none")
            or any(d.dep_ == "det" and d.lower_ in neg_det for d in c.children)
        ):
            return True
    return False


def _governor_status(tok: Token, lex: Lexicon) -> tuple[str, int | None]:
    """Walk up the head chain; an irrealis governor makes the hit non-factual."""
    kinds = ("intent", "decide", "threat", "plan", "call", "deny", "commentary", "attribution",
             "reaction")
    marks = lex.cue("conditional_marks")
    if _in_conditional(tok, marks):
        return "hypothetical", None
    t = tok
    for _ in range(6):
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in t.children):
            return "hypothetical", t.i
        if t.dep_ in ("acl", "advcl") and t.pos_ == "VERB" and any(
            c.dep_ == "aux" and c.tag_ == "TO" for c in t.children
        ):
            return "purpose", t.head.i  # purpose: "an attack to capture the base"
        if t.head.i == t.i:
            break
        dep, gov = t.dep_, t.head
        if dep in ("nsubj", "csubj"):
            t = gov  # the doer of a governing verb is not its content: look further up
            continue
        if dep in ("conj", "appos") and gov.pos_ in ("NOUN", "PROPN"):
            t = gov
            continue
        lemma = gov.lemma_.lower()
        for kind in kinds:
            if lemma in lex.cue(f"irrealis_governors.{kind}"):
                if kind == "attribution" and not any(
                    x.lemma_.lower() == "responsibility" for x in gov.subtree
                ):
                    continue
                if kind in ("threat", "plan", "call", "deny") and dep == "ccomp" and t.tag_ in (
                    "VBD", "VBN"
                ) and lemma not in ("deny", "plan", "try"):
                    continue  # "... attacked the town, the ministry warned": a report
                if kind == "plan" and lemma == "go" and dep != "xcomp":
                    continue
                if lemma == "rule" and not any(c.lower_ == "out" for c in gov.children):
                    continue  # "ruled out" denies; "Taliban-ruled Afghanistan" does not
                status = {"threat": "threat", "plan": "plan", "call": "call", "deny": "denied",
                          "commentary": "referenced", "attribution": "attribution",
                          "reaction": "reaction", "intent": "intent",
                          "decide": "decided"}[kind]
                return status, gov.i
        if dep in ("relcl", "acl") and tok.i != t.i:
            break
        t = gov
    return "ok", None


def _in_conditional(tok: Token, marks: frozenset[str]) -> bool:
    """Inside an "if/unless" clause, at any depth."""
    t = tok
    for _ in range(8):
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in t.children):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _sentence_status(sent: SpacySpan, lex: Lexicon) -> str:
    low = " " + sent.text.lower() + " "
    if any(p in low for p in lex.cue("commentary_phrases")):
        return "commentary"
    words = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    if words & {"anniversary", "commemorate", "commemoration", "remembrance"}:
        return "anniversary"
    return "ok"


def assess(hit: Hit, sent: SpacySpan, lex: Lexicon, sent_status: str) -> str:
    """The hit's factuality; may turn it into AGREE / THREATEN / REJECT (PLOVER rules:
    cooperation in future tense is AGREE, non-cooperation or force in future tense is
    THREATEN, refused cooperation is REJECT)."""
    doc = sent.doc
    tok = doc[hit.head]
    verb = clause_verb(tok)
    verbal = lex.family(hit.cls) == VERBAL
    coop = hit.cls in lex.cue("cooperative_classes")
    if _descriptor(tok, hit, verbal, lex) or _equipment(tok, hit, lex):
        return "descriptor"
    if habitual(verb, lex):
        return "habitual"  # "militants have repeatedly attacked convoys": no one event
    if _negated(tok, verb, lex):
        if verbal and coop:
            hit.content, hit.cls = hit.cls, "reject"
            return "ok"
        return "negated"
    modal = _modal(verb, lex)
    status, gov = _governor_status(tok, lex)
    hit.governor = gov
    if status == "hypothetical":
        return status
    if verbal:
        if status == "decided" and gov is not None and doc[gov].lemma_.lower() in INTENDS:
            status = "intent"  # "plans to impose restrictions": announced intent (PLOVER)
        if status in ("purpose", "decided"):
            status = "ok"
        if status == "call" and gov is not None and _commanded(hit, doc[gov], lex):
            return "ok"  # "ordered the paper to suspend publication": the order is the act
        if status in ("plan", "call", "threat", "denied") and gov is not None:
            return "governed"  # "pledged to meet", "urged X to negotiate": the governor is
        if modal == "obligation" and hit.cls not in ("demand", "request"):
            hit.content, hit.cls = hit.cls, "demand"
        elif status == "intent" or modal is not None and hit.cls != "threaten":
            hit.content, hit.cls = hit.cls, "agree" if coop else "threaten"
        return "ok"
    if status == "intent" and gov is not None and doc[gov].lemma_.lower() == "agree" and (
        lex.family(hit.cls) == "strategic"
    ):
        return "ok"  # "agreed to a ceasefire" is the Agreement itself
    if status == "decided":
        return "plan"
    if status == "intent" and gov is not None and doc[gov].lemma_.lower() in PLANS:
        return "plan"  # "plans to launch an offensive": a future plan, not an event
    if status == "intent" or modal == "future" and _reported(verb, lex):
        hit.content, hit.cls = hit.cls, "agree" if coop else "threaten"
        return "ok"
    if modal == "obligation" and _reported(verb, lex):
        hit.content, hit.cls = hit.cls, "demand"
        return "ok"
    if modal is not None:
        return "hypothetical"
    if status in ("ok", "referenced") and sent_status != "ok":
        return sent_status
    return status


def _commanded(hit: Hit, gov: Token, lex: Lexicon) -> bool:
    """An authority's order carried out ("ordered the newspaper to suspend publication",
    "ordered patrols"): a coercive or mobilising act, not a request (PLOVER COERCE,
    MOBILIZE, SANCTION rather than REQUEST)."""
    return gov.lemma_.lower() in lex.cue("command_governors") and hit.cls in lex.cue(
        "commanded_classes"
    )


def _descriptor(tok: Token, hit: Hit, verbal: bool, lex: Lexicon) -> bool:
    """Words that describe an actor or a thing rather than report an act: "the attacking
    forces", "the agreed-upon line", "warning shots", "the coalition fighting ISIS",
    "units who fight for the government", "Russia and Iran back Assad"."""
    if hit.end - hit.start == 1 and tok.dep_ == "amod" and tok.tag_ in ("VBG", "VBN", "JJ"):
        return True
    if tok.pos_ == "PROPN" and tok.ent_type_ in ("ORG", "FAC", "LAW", "WORK_OF_ART"):
        return True  # part of a name: "the Ceasefire Violations Committee"
    if verbal and hit.end - hit.start == 1 and tok.dep_ == "compound" and (
        tok.tag_ in ("VBG", "VBN")
        or tok.tag_ == "NN" and tok.head.lemma_.lower() not in lex.cue("act_heads")
    ):
        return True  # "aid convoys", "aid workers": a kind of thing; not "mediation effort"
    if tok.dep_ == "acl" and (
        tok.tag_ == "VBN" and verbal or tok.tag_ == "VBG" and hit.cls in ("clash", "attack")
    ):
        return True  # "the coalition fighting ISIS", "forces backed by Iran"
    if tok.tag_ in ("VBP", "VBZ") and tok.dep_ == "relcl":
        return not any(c.dep_ == "aux" for c in tok.children)
    return False


def _equipment(tok: Token, hit: Hit, lex: Lexicon) -> bool:
    """A weapon named as equipment, not used: "backed by artillery and mortars"."""
    if tok.pos_ not in ("NOUN", "PROPN") or lex.family(hit.cls) != "violence":
        return False
    t = tok
    for _ in range(5):
        if t.dep_ in ("conj", "pobj", "prep", "appos", "dobj", "agent", "compound"):
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                return t.lemma_.lower() in lex.cue("equipment_governors")
            continue
        return False
    return False


def _reported(verb: Token, lex: Lexicon) -> bool:
    """A future-tense clause reported as someone's statement ("said they would ...")."""
    head = verb.head
    return verb.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in lex.cue("reporting_heads")


def _nonpolitical(words: set[str], text: str, lex: Lexicon) -> str | None:
    political = lex.cue("political_context")
    for kind in ("disaster", "accident", "crime"):
        cues = lex.cue(f"nonpolitical.{kind}")
        multi = [c for c in cues if " " in c]
        if (words & cues or any(c in text for c in multi)) and not (words & political):
            return kind
    return None


# ------------------------------------------------------------------ grouping


def _group(hits: list[Hit], sent: SpacySpan, lex: Lexicon) -> list[list[Hit]]:
    """Split a sentence's hits into events: one physical event unless two clauses joined by
    a conjunction report specific events of different ACLED types."""
    fam = {id(h): lex.family(h.cls) for h in hits}
    physical = [h for h in hits if fam[id(h)] in ("violence", "protest")]
    arrests = [h for h in hits if fam[id(h)] == "arrest"]
    strategic = [h for h in hits if fam[id(h)] == "strategic"]
    verbal = [h for h in hits if fam[id(h)] == VERBAL]
    seized = [h for h in strategic if h.cls == "weapons_seized"]
    if seized:
        # "explosive devices were found", "seized grenades": the weapon is the object
        objs = [h for h in physical if h.cls in ("ied", "grenade", "shelling", "air", "drone")
                and any(abs(h.head - s.head) <= 2 * WINDOW + 2 for s in seized)]
        physical = [h for h in physical if h not in objs]
        strategic += objs
    if any(h.cls == "transfer" for h in strategic) and physical and all(
        h.cls in ("capture", "regain") for h in physical
    ):
        strategic += physical  # "entered the town after the YPG pulled out": no fight
        physical = []
    if arrests or seized:
        # "arrested 100 people during raids", "seized weapons in a raid": the raid is the
        # arrest or seizure operation itself
        physical = [h for h in physical if h.key not in lex.cue("operation_words")]
    if physical:
        # "clashed ..., forcing thousands to flee": displacement caused by the fighting is
        # part of that event, not a separate strategic development
        strategic = [h for h in strategic if not _consequence(h, physical, sent, lex)]
    if any(h.cls == "peacekeeping" for h in verbal):
        # "the first deployment of peacekeeping troops arrived": aid, not a troop movement
        strategic = [h for h in strategic if h.cls not in ("change", "base")]
        verbal = [h for h in verbal if h.cls != "mobilize"]
    groups: list[list[Hit]] = []
    if physical:
        if any(fam[id(h)] == "protest" or h.cls == "mob" for h in physical):
            physical += arrests + [h for h in strategic if h.cls == "looting"]
            arrests = []
            strategic = [h for h in strategic if h.cls != "looting"]
        groups += _split_clauses(physical, sent, lex)
    if arrests:
        groups.append(arrests)
    by_cls: dict[str, list[Hit]] = {}
    for h in strategic:
        key = h.cls if lex.family(h.cls) == "strategic" else (
            "transfer" if h.cls in ("capture", "regain") else "weapons_seized"
        )
        by_cls.setdefault(key, []).append(h)
    groups += list(by_cls.values())
    # a verbal hit in the same clause as a factual material event is part of it
    # ("agreed a truce"); one governing a referenced event stays ("condemned the attack")
    ok_verbs = {clause_verb(sent.doc[h.head]).i for g in groups for h in g if h.status == "ok"}
    verbal = [h for h in verbal if clause_verb(sent.doc[h.head]).i not in ok_verbs]
    if any(fam[id(h)] == "protest" for g in groups for h in g):
        # the protest's demands and what it opposes ("marched to oppose a bill")
        heads = {h.head for g in groups for h in g if fam.get(id(h)) == "protest"}
        verbal = [h for h in verbal if h.cls not in lex.cue("protest_content_classes")
                  and not heads & {a.i for a in sent.doc[h.head].ancestors}]
    # a verbal hit naming the same act as a material event of the sentence ("agree to
    # truce" beside "a two-month truce"): one event
    material = {str(lex.classes[h.cls]["plover"]) for g in groups for h in g}
    verbal = [h for h in verbal if str(lex.classes[h.cls]["plover"]) not in material]
    if verbal:
        groups += [[h] for h in main_verbal(verbal, sent, lex)]
    return groups


def _consequence(hit: Hit, physical: list[Hit], sent: SpacySpan, lex: Lexicon) -> bool:
    """A displacement hit inside the clause of a violent hit ("clashed ..., forcing
    residents to flee"): a consequence of that event."""
    if hit.cls != "sd_other" or hit.key.split()[0] not in lex.cue("displacement"):
        return False
    doc = sent.doc
    above = {a.i for a in doc[hit.head].ancestors}
    for h in physical:
        if lex.family(h.cls) != "violence":
            continue
        verb = clause_verb(doc[h.head])
        # "X clashed with Y, officials said, forcing ...": the participle hangs on "said"
        said = verb.head.i if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in lex.cue(
            "reporting_heads") else -1
        if above & {h.head, verb.i, said}:
            return True
    return False


WEAPON_CLASSES = {"grenade", "ied", "suicide", "chemical", "air", "drone", "shelling",
                  "weapons_seized"}
PLANS = {"plan", "intend", "decide", "prepare", "aim"}
INTENDS = PLANS - {"decide"}  # a verbal act planned is announced intent; decided is done
GENERIC = {"attack", "kill", "shooting", "clash", "beat", "massacre", "torture"}


def _split_clauses(hits: list[Hit], sent: SpacySpan, lex: Lexicon) -> list[list[Hit]]:
    """Hits of different clauses that report specific events of different ACLED types are
    different events, unless one clause is the other's consequence or purpose ("killing",
    "to disperse")."""
    doc = sent.doc
    clusters: list[list[Hit]] = []
    for h in hits:
        v = clause_verb(doc[h.head])
        placed = False
        for cl in clusters:
            w = clause_verb(doc[cl[0].head])
            linked = (v.head.i == w.i and v.dep_ not in ("conj", "ccomp")) or (
                w.head.i == v.i and w.dep_ not in ("conj", "ccomp")
            )
            types = {_split_type(x.cls, lex) for x in cl}
            specific = h.cls not in GENERIC and all(x.cls not in GENERIC for x in cl)
            if v.i != w.i and not linked and specific and _split_type(h.cls, lex) not in types:
                continue
            cl.append(h)
            placed = True
            break
        if not placed:
            clusters.append([h])
    return clusters


def _split_type(cls: str, lex: Lexicon) -> str | None:
    """ACLED type, with protests and riots as one demonstration family."""
    etype = _acled_type(cls, lex)
    return "demo" if etype in ("Protests", "Riots") and cls != "mob" else etype


def _acled_type(cls: str, lex: Lexicon) -> str | None:
    acled = lex.classes[cls]["acled"]
    return str(acled[0]) if acled else None


def _anaphoric(hits: list[Hit], sent: SpacySpan, lex: Lexicon) -> bool:
    """The trigger is a definite noun phrase referring back ("the attack", "the strikes")."""
    doc = sent.doc
    nouns = lex.cue("anaphoric_nouns")
    dets = lex.cue("anaphoric_dets")
    main = max(hits, key=lambda h: h.weight)
    tok = doc[main.head]
    if tok.pos_ != "NOUN" or tok.lower_ not in nouns and tok.lemma_.lower() not in nouns:
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        tok = tok.head.head  # "the combination of air and artillery strikes"
    return any(c.dep_ in ("det", "poss") and c.lower_ in dets for c in tok.children)


def _obligations(sent: SpacySpan, lex: Lexicon, hits: list[Hit]) -> list[Hit]:
    """"X said Y must do Z": a reported obligation is a PLOVER REQUEST (CAMEO 10)."""
    out: list[Hit] = []
    taken = {h.head for h in hits if h.status in LIVE}
    for tok in sent:
        if tok.dep_ == "aux" and tok.lower_ in OBLIGATION_WORDS:
            verb = tok.head
            if verb.dep_ == "ccomp" and verb.head.lemma_.lower() not in ("fear", "doubt"):
                if verb.i not in taken:
                    out.append(Hit(verb.i, verb.i + 1, verb.i, "demand", 0.6, "must"))
    return out


class EventDetector:
    """Adds one ``Mention`` per event reported in a sentence (none for non-events)."""

    spec: ClassVar[StageSpec] = StageSpec(
        "detect",
        reads=frozenset({"doc", "noise"}),
        fills=frozenset({"mentions", "sent_index", "sent", "trigger", "trigger_key",
                         "detect_notes"}),
    )

    def __init__(self) -> None:
        self.lex = load_lexicon()

    def sentence_hits(self, sent: SpacySpan) -> list[Hit]:
        lex = self.lex
        hits = match_triggers(sent, lex)
        if not hits:
            return hits
        words = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        np_kind = _nonpolitical(words, sent.text.lower(), lex)
        sent_status = _sentence_status(sent, lex)
        for h in hits:
            h.status = assess(h, sent, lex, sent_status)
            if np_kind == "crime" and h.cls in WEAPON_CLASSES:
                continue  # a grenade or a seized rifle is a security event even in a crime
            if np_kind and lex.family(h.cls) not in (VERBAL, "protest") and h.cls != "mob":
                if h.cls == "arrest":
                    h.cls = "arrest_crime"
                else:
                    h.status = np_kind
        circumstances(hits, sent, lex)
        return hits

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        for i, sent in enumerate(wd.sentences()):
            if not sent.text.strip() or wd.is_noise(sent.start_char, sent.end_char):
                continue
            hits = self.sentence_hits(sent)
            hits += _obligations(sent, self.lex, hits)
            live = [h for h in hits if h.status in LIVE]
            for group in _group(live, sent, self.lex):
                wd.mentions.append(self._mention(wd, i, sent, group, hits))
        return wd

    def _mention(
        self, wd: WorkDoc, i: int, sent: SpacySpan, group: list[Hit], all_hits: list[Hit]
    ) -> Mention:
        doc = sent.doc
        main = max(group, key=lambda h: h.weight)
        first = min(group, key=lambda h: h.start)
        tok = doc[main.head]
        notes = DetectNotes(
            hits=tuple(_frozen(h) for h in sorted(group, key=lambda h: h.start)),
            first_hit=first.start,
            sentence_hits=tuple(_frozen(h) for h in all_hits),
            status=main.status,
            anaphoric=_anaphoric(group, sent, self.lex),
            generic=all(h.cls in GENERIC for h in group),
            generic_blast=all(h.key in self.lex.cue("generic_blasts") for h in group),
            # reported as an act ("police arrested 40 people")
            predicate=tok.pos_ == "VERB" and tok.dep_ in ("ROOT", "ccomp", "conj", "xcomp",
                                                          "advcl"),
        )
        return Mention(
            sent_index=i,
            sent=(sent.start_char, sent.end_char),
            trigger=(doc[main.start].idx, doc[main.end - 1].idx + len(doc[main.end - 1])),
            trigger_key=main.key,
            detect_notes=notes,
        )


def _frozen(h: Hit) -> TriggerHit:
    """The hit as it stands now (detect is done with it)."""
    return TriggerHit(h.start, h.end, h.head, h.cls, h.weight, h.key, h.status, h.governor,
                      h.content)
