"""Perpetrators from claims and attributions (issue 16).

"Al-Shabaab claimed responsibility for the attack", "JNIM said it carried out an ambush",
"Police blamed the bombing on Boko Haram", "attributed to CODECO militiamen", "suspected
ISWAP fighters", "gunmen believed to be members of the ELN": the claimed or suspected
group is actor1 of the attack, as in the ACLED and GTD codebooks. The tagger asks for a
claim only when actor1 is missing, generic ("Unidentified Armed Group") or merely the
source of a statement; the claim's words are kept as evidence. Cue words are in
``data/claim_cues.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from eventcoder.actors.candidates import Cand

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Claim", "find_claim", "victim_verbs"]

_GROUP_INTER = (2, 3, 4)  # rebels, political militias, identity militias


@dataclass(frozen=True)
class _Cues:
    claim_verbs: frozenset[str]
    deed_words: frozenset[str]
    blame_verbs: frozenset[str]
    blame_preps: frozenset[str]
    belief_words: frozenset[str]
    modifier_words: frozenset[str]
    attack_words: frozenset[str]
    victim_verbs: frozenset[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    text = resources.files("eventcoder.data").joinpath("claim_cues.json").read_text("utf-8")
    data = json.loads(text)
    return _Cues(*(frozenset(w.lower() for w in data[k]) for k in (
        "claim_verbs", "deed_words", "blame_verbs", "blame_preps", "belief_words",
        "modifier_words", "attack_words", "victim_verbs")))


def victim_verbs() -> frozenset[str]:
    """Verbs whose subject is a victim, not an attacker ("two soldiers died")."""
    return _cues().victim_verbs


@dataclass(frozen=True)
class Claim:
    cand: Cand  # the claimed / suspected group
    cue: tuple[int, int]  # characters of the claim's word ("claimed", "blamed", ...)


def _cue_token(doc: Doc, c: Cand, cues: _Cues) -> Token | None:
    """The word that makes the group the claimed / suspected doer, if any."""
    h = doc[c.head(doc)]
    sent = h.sent
    for i in range(max(sent.start, c.start - 3), c.start):  # "suspected ISWAP fighters"
        if doc[i].lower_ in cues.modifier_words:
            return doc[i]
    if h.dep_ == "nsubj":
        v = h.head
        lemma = v.lemma_.lower()
        if lemma in cues.claim_verbs:  # "X claimed (responsibility for) the attack"
            return v
        if any((t.lemma_.lower() in cues.deed_words or t.lower_ in cues.deed_words)
               and not any(ch.dep_ == "auxpass" for ch in t.children)  # "were killed"
               for t in v.subtree if t.i != h.i and not (c.start <= t.i < c.end)):
            if lemma in ("say", "announce", "state", "confirm", "declare"):
                return v  # "X said it carried out ..."
    if h.dep_ in ("dobj", "pobj"):
        up = h.head.head if h.dep_ == "pobj" else h.head
        if h.dep_ == "pobj" and h.head.lower_ not in cues.blame_preps:
            up = h.head  # (not a blame preposition: look further up)
        if up.lemma_.lower() in cues.blame_verbs:
            return up  # "blamed the bombing on X", "blamed X for", "attributed to X"
    anc = h
    for _ in range(4):  # "gunmen believed to be members of X"
        if anc.head.i == anc.i:
            break
        below, anc = anc, anc.head
        if anc.pos_ == "VERB" and anc.lemma_.lower() in cues.belief_words and (
            anc.tag_ == "VBN" or (below.lemma_ == "be" and below.dep_ == "xcomp")
        ):
            return anc
        if anc.lemma_.lower() in cues.blame_verbs and anc.pos_ == "VERB":
            return anc
    return None


def _names_attack(tok: Token, trig: Token, cues: _Cues) -> bool:
    """The claim's sentence speaks of an attack (or of the event's own word)."""
    lemma = trig.lemma_.lower()
    return any(t.lemma_.lower() in cues.attack_words or t.lower_ in cues.attack_words
               or t.lemma_.lower() == lemma for t in tok.sent)


def find_claim(doc: Doc, sentences: list[list[Cand]], index: int, trig: Token) -> Claim | None:
    """A named armed group that the event's sentence, or one of the two sentences
    before or after it in the same stretch, says claimed, carried out, was blamed for
    or is suspected of the attack."""
    cues = _cues()
    order = [index, index + 1, index + 2, index - 1, index - 2]
    for k in order:
        if not 0 <= k < len(sentences):
            continue
        for c in sentences[k]:
            if c.kind != "named" or c.entry is None or c.entry.inter not in _GROUP_INTER:
                continue
            cue = _cue_token(doc, c, cues)
            if cue is None:
                continue
            if k != index and not _names_attack(cue, trig, cues):
                continue
            return Claim(c, (cue.idx, cue.idx + len(cue.text)))
    return None
