"""The event lexicon: trigger entries (``data/triggers.tsv``), event classes and their
ACLED / PLOVER / CAMEO codes (``data/ontology.json``) and cue words (``data/cues.json``),
loaded once on first use; the matcher that finds trigger hits in a sentence; and small
syntactic tests over cue lists shared by the detector (clause verb, habitual statements,
events named only as a circumstance)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

WINDOW = 8
VERBAL = "verbal"
# hits whose status lets them make a mention; "referenced" = real event named inside
# commentary ("condemned the attack"), kept with lower confidence
LIVE = ("ok", "referenced", "attribution", "reaction")


# auxiliaries that make a reported obligation an event without any lexicon trigger
OBLIGATION_WORDS = frozenset({"must", "should"})


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]
    cls: str
    weight: float
    near: frozenset[str] = frozenset()
    ctx: frozenset[str] = frozenset()
    nctx: frozenset[str] = frozenset()
    pos: frozenset[str] = frozenset()


@dataclass
class Lexicon:
    entries: dict[str, list[Entry]]  # first word -> entries
    classes: dict[str, dict[str, Any]]
    disorder: dict[str, str]
    cues: dict[str, Any]
    sets: dict[str, frozenset[str]] = field(default_factory=dict)

    def family(self, cls: str) -> str:
        return str(self.classes[cls]["family"])

    def cue(self, name: str) -> frozenset[str]:
        return self.sets[name]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in phrase.lower().replace("-", " ").split() if w)


def _parse_entry(line: str) -> Entry:
    cols = line.rstrip("\n").split("\t")
    cond: dict[str, frozenset[str]] = {}
    if len(cols) > 3 and cols[3].strip():
        for part in cols[3].split(";"):
            key, _, vals = part.partition("=")
            cond[key.strip()] = frozenset(v.strip().lower() for v in vals.split("|") if v)
    return Entry(
        _words(cols[0]),
        cols[1].strip(),
        float(cols[2]),
        cond.get("near", frozenset()),
        cond.get("ctx", frozenset()),
        cond.get("nctx", frozenset()),
        frozenset(p.upper() for p in cond.get("pos", frozenset())),
    )


def _read(name: str) -> str:
    return resources.files("eventcoder").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load triggers.tsv, ontology.json and cues.json (once per process, on first use)."""
    onto = json.loads(_read("ontology.json"))
    cues = json.loads(_read("cues.json"))
    entries: dict[str, list[Entry]] = {}
    for line in _read("triggers.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        e = _parse_entry(line)
        if e.cls not in onto["classes"]:
            raise ValueError(f"triggers.tsv: unknown class {e.cls!r} in {line!r}")
        entries.setdefault(e.words[0], []).append(e)
    lex = Lexicon(entries, onto["classes"], onto["disorder"], cues)
    for key, val in cues.items():
        if isinstance(val, list):
            lex.sets[key] = frozenset(val)
        elif isinstance(val, dict):
            for sub, items in val.items():
                lex.sets[f"{key}.{sub}"] = frozenset(items)
    return lex


@dataclass
class Hit:
    start: int  # token indices (doc level), end exclusive
    end: int
    head: int
    cls: str
    weight: float
    key: str
    status: str = "ok"
    governor: int | None = None
    content: str = ""  # for THREATEN/AGREE made from a future or negated hit: its class

    def as_flag(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _keys(tok: Token) -> tuple[str, str]:
    return tok.lemma_.lower(), tok.lower_


def _content_tokens(sent: SpacySpan) -> list[Token]:
    return [t for t in sent if not t.is_space and t.text not in ("-", "–")]


def _span_head(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[-1]


def _conditions_hold(e: Entry, toks: list[Token], i: int, j: int, sent_words: set[str]) -> bool:
    if e.pos and _span_head(toks[i:j]).pos_ not in e.pos:
        return False
    if e.nctx and e.nctx & sent_words:
        return False
    if e.ctx and not e.ctx & sent_words:
        return False
    if e.near:
        lo, hi = max(0, i - WINDOW), min(len(toks), j + WINDOW)
        around = {k for t in toks[lo:i] + toks[j:hi] for k in _keys(t)}
        if not e.near & around:
            return False
    return True


def match_triggers(sent: SpacySpan, lex: Lexicon) -> list[Hit]:
    """All lexicon hits in a sentence; overlapping spans keep the longest, then heaviest."""
    toks = _content_tokens(sent)
    sent_words = {k for t in toks for k in _keys(t)}
    cands: list[tuple[int, int, Entry]] = []
    for i, tok in enumerate(toks):
        for first in set(_keys(tok)):
            for e in lex.entries.get(first, ()):
                n = len(e.words)
                if i + n > len(toks):
                    continue
                if all(w == "*" or w in _keys(toks[i + k]) for k, w in enumerate(e.words)):
                    if _conditions_hold(e, toks, i, i + n, sent_words):
                        cands.append((i, i + n, e))
    cands.sort(key=lambda c: (-(c[1] - c[0]), -c[2].weight, c[0]))
    taken: set[int] = set()
    hits: list[Hit] = []
    for i, j, e in cands:
        if taken & set(range(i, j)):
            continue
        taken.update(range(i, j))
        span = toks[i:j]
        hits.append(Hit(span[0].i, span[-1].i + 1, _span_head(span).i, e.cls, e.weight,
                        " ".join(e.words)))
    hits.sort(key=lambda h: h.start)
    return hits


# ------------------------------------------------------------------ syntactic cue tests


def clause_verb(tok: Token) -> Token:
    """The verb governing a token (the token itself when it is a verb)."""
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def habitual(verb: Token, lex: Lexicon) -> bool:
    """A habitual or generic statement: a frequency adverb ("repeatedly", "often") on a
    present or present-perfect clause ("have repeatedly targeted", "often ambush"). A simple
    past with a frequency adverb ("shelled the town repeatedly on Monday") stays an event."""
    if not any(c.dep_ == "advmod" and c.lower_ in lex.cue("habitual") for c in verb.children):
        return False
    if verb.tag_ in ("VBP", "VBZ"):
        return True
    return any(
        c.dep_ == "aux" and c.lower_ in ("have", "has", "'ve", "used") for c in verb.children
    )


def _circumstance(tok: Token, lex: Lexicon) -> bool:
    """An event noun that only dates or explains another act: "agreed to a ceasefire *after
    two days of fighting*", "surrendered *following a government offensive*", "talks started
    *despite the air strikes*", "asylum *since last month's invasion*"."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    preps = lex.cue("circumstance_preps")
    t = tok
    for _ in range(5):
        if t.dep_ in ("conj", "compound", "appos", "poss"):
            t = t.head
            continue
        if t.dep_ == "dobj" and t.head.lower_ == "following":
            return True  # "following" parsed as a verb
        if t.dep_ != "pobj":
            return False
        prep = t.head
        if prep.lower_ in preps or prep.lower_ == "of" and prep.head.lower_ in preps:
            return True  # "after", "following", "in the wake of", "because of"
        if prep.lower_ != "of" or prep.head.pos_ not in ("NOUN", "PROPN"):
            return False
        t = prep.head  # "after two days *of* fighting"
    return False


def circumstances(hits: list[Hit], sent: SpacySpan, lex: Lexicon) -> None:
    """Background events named as the circumstance of the sentence's reported act are not
    separate records (the act is the news); kept when nothing else is reported."""
    doc = sent.doc
    marked = [h for h in hits if h.status == "ok" and _circumstance(doc[h.head], lex)]
    # a diplomatic act in the main clause ("rejected an ultimatum to hand over a guard
    # *involved in a shooting*", "suspended air links one day *after a jet shot down* a
    # helicopter"): events inside its relative or "after" clauses are background
    commentary = lex.cue("irrealis_governors.commentary")
    if any(
        h.status == "ok" and lex.family(h.cls) == VERBAL
        and clause_verb(doc[h.head]).dep_ == "ROOT"
        and clause_verb(doc[h.head]).lemma_.lower() not in commentary
        for h in hits
    ):
        marked += [h for h in hits if h.status == "ok" and h not in marked
                   and lex.family(h.cls) in ("violence", "protest")
                   and _embedded(doc[h.head], lex)]
    if any(h.status == "ok" and h not in marked for h in hits):
        for h in marked:
            h.status = "circumstance"


def _embedded(tok: Token, lex: Lexicon) -> bool:
    """Inside a relative or participial clause, or an "after/since/because" clause."""
    preps = lex.cue("circumstance_preps")
    for t in [tok, *tok.ancestors]:
        if t.dep_ in ("relcl", "acl"):
            return True
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in preps for c in t.children):
            return True
    return False


def main_verbal(verbal: list[Hit], sent: SpacySpan, lex: Lexicon) -> list[Hit]:
    """The sentence's verbal acts: a hit that no other verbal hit governs (the others are
    its content or purpose: "will visit X *to mediate*", "resigned *as the opposition
    threatened* ...", "shortened *the curfew*"), then the heaviest. A light verb ("imposed
    sanctions", "announced a ban") and an order carried out ("ordered the paper to suspend
    publication") give way to the act they govern. A second act coordinated with the main
    one ("opened its borders ... but refused entry to ...", "was indicted ... and will
    resign") is an event of its own when its PLOVER type differs."""
    doc = sent.doc
    heads = {h.head for h in verbal}
    light = lex.cue("light_verbs")

    def conj_root(h: Hit) -> Token:
        t = doc[h.head]
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head  # coordinated acts ("opened ... but refused ...") are siblings
        return t

    def governors(h: Hit) -> set[int]:
        return heads & {a.i for a in conj_root(h).ancestors}

    weak = {g for h in verbal for g in governors(h) if doc[g].lemma_.lower() in light}
    weak |= {h.governor for h in verbal if h.governor is not None
             and doc[h.governor].lemma_.lower() in lex.cue("command_governors")
             and h.cls in lex.cue("commanded_classes")}
    cand = [h for h in verbal if h.head not in weak] or verbal
    top = [h for h in cand if not governors(h) - weak] or cand
    main = max(top, key=lambda h: h.weight)
    out = [main]
    for h in sorted(top, key=lambda h: -h.weight):
        tok = doc[h.head]
        if tok.pos_ == "VERB" and doc[main.head].pos_ == "VERB" and conj_root(h).i == conj_root(
            main
        ).i and all(lex.classes[h.cls]["plover"] != lex.classes[o.cls]["plover"] for o in out):
            out.append(h)
    return out
