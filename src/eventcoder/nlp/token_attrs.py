"""Token attributes: the model's attribute ruler and lemmatizer, remembered per word.

In ``en_core_web_sm`` the attribute ruler (coarse part of speech and morphology from the
fine tag, plus word exceptions) and the rule lemmatizer are pure functions of a token's
text, fine tag and dependency label, except for a few two-word patterns ("gon na",
"there is"). Run per token in Python they cost about a fifth of the model's time.
``RememberedTokenAttrs`` asks the two real components once per distinct (word, tag,
dependency), for all new triples of a Doc at once, and copies the answer to every later
token with the same triple; the two words of a two-word pattern are read by the real
components together. The result is the same as the real components' (tests/test_scope.py
checks it on real text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

TOKEN_ATTRS = "eventcoder_token_attrs"
MEMO_LIMIT = 500_000  # remembered triples at most (then forgotten and learnt again)
REPLACED = ("attribute_ruler", "lemmatizer")


class RememberedTokenAttrs:
    """Sets POS, MORPH and LEMMA as ``attribute_ruler`` then ``lemmatizer`` would."""

    # ``ruler`` is spaCy's AttributeRuler, read as Any: the stub's pattern type (a union
    # with int and bare dict) and MorphAnalysis (no ``key``) are looser than the data
    def __init__(self, ruler: Any, lemmatizer: Callable[[Doc], Doc]) -> None:
        self.ruler = ruler
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], tuple[int, int, int]] = {}
        self.pairs: set[tuple[str, str]] = set()  # literal two-word patterns
        self.after_dep: dict[str, set[str]] = {}  # dependency label -> next words
        self._hashed: tuple[set[tuple[int, int]], dict[int, set[int]]] | None = None
        # the dependency label matters only to tokens a pattern with DEP could match
        # single-token patterns that read DEP, as (attribute, IN | NOT_IN, values) checks
        self.dep_patterns: list[list[tuple[str, str, frozenset[Any]]]] = []
        self.signatures: dict[tuple[int, int, int, int], int] = {}
        self.dep_always = False
        for spec in ruler.patterns:
            for pattern in spec["patterns"]:
                if len(pattern) > 1:
                    self._add_pair(pattern)
                elif "DEP" in pattern[0]:
                    self._add_dep_pattern(pattern[0])

    def _add_dep_pattern(self, tok: dict[str, Any]) -> None:
        checks: list[tuple[str, str, frozenset[Any]]] = []
        for attr, value in tok.items():
            if attr not in ("DEP", "LOWER", "TAG", "IS_SPACE"):
                self.dep_always = True  # a pattern this class cannot read
                return
            if isinstance(value, (str, bool)):
                checks.append((attr, "IN", frozenset([value])))
            elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in (
                "IN", "NOT_IN"
            ):
                op = next(iter(value))
                checks.append((attr, op, frozenset(value[op])))
            else:
                self.dep_always = True
                return
        self.dep_patterns.append(checks)

    def _add_pair(self, pattern: list[dict[str, Any]]) -> None:
        def words(tok: dict[str, Any]) -> set[str]:
            low = tok.get("LOWER")
            if isinstance(low, str):
                return {low}
            if isinstance(low, dict) and "IN" in low:
                return set(low["IN"])
            if isinstance(low, dict) and "REGEX" in low:  # ^n'?t$, ^y'?$: spelled out
                body = low["REGEX"].strip("^$")
                return {body.replace("'?", ""), body.replace("'?", "'")}
            return set()

        first, second = pattern[0], pattern[1]
        if "DEP" in first and "LOWER" not in first:
            self.after_dep.setdefault(first["DEP"], set()).update(words(second))
            return
        self.pairs.update((a, b) for a in words(first) for b in words(second))

    def _pairs_in(self, lowers: list[int], deps: list[int], doc: Doc) -> list[int]:
        """Start positions of the two-word patterns in a Doc."""
        strings = doc.vocab.strings
        if self._hashed is None:
            self._hashed = (
                {(strings.add(a), strings.add(b)) for a, b in self.pairs},
                {strings.add(d): {strings.add(w) for w in ws} for d, ws in self.after_dep.items()},
            )
        pairs, after_dep = self._hashed
        found = []
        for i, pair in enumerate(zip(lowers, lowers[1:], strict=False)):
            nxt = after_dep.get(deps[i])
            if pair in pairs or (nxt and pair[1] in nxt):
                found.append(i)
        return found

    def _dep_signature(self, lower: str, tag: str, space: bool, dep: str) -> int:
        """Which DEP patterns match this token: the only way its label counts."""
        signature = 0
        values = {"LOWER": lower, "TAG": tag, "IS_SPACE": space, "DEP": dep}
        for k, checks in enumerate(self.dep_patterns):
            if all((values[attr] in allowed) == (op == "IN") for attr, op, allowed in checks):
                signature |= 1 << k
        return signature

    def _run_real(self, doc: Doc, tokens: list[int], apart: bool) -> list[tuple[int, int, int]]:
        """The real components' POS, MORPH and LEMMA for ``tokens`` of ``doc``, read in a
        small Doc of their own; ``apart``: a blank token between each two, so that no
        two-word pattern can join them."""
        from spacy.tokens import Doc as SpacyDoc

        words: list[str] = []
        tags: list[str] = []
        deps: list[str] = []
        where: list[int] = []
        for i in tokens:
            if apart and words:
                words.append("\n")
                tags.append("_SP")
                deps.append("dep")
            tok = doc[i]
            where.append(len(words))
            words.append(tok.text)
            tags.append(tok.tag_)
            deps.append(tok.dep_ or "dep")
        small = SpacyDoc(doc.vocab, words=words, spaces=[False] * len(words), tags=tags,
                         deps=deps, heads=list(range(len(words))))
        small = self.lemmatizer(self.ruler(small))
        # MorphAnalysis.key (the hash of the analysis) exists; spaCy's stub leaves it out
        return [(small[j].pos, small[j].morph.key, small[j].lemma)  # type: ignore[attr-defined]
                for j in where]

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        if len(self.memo) > MEMO_LIMIT or len(self.signatures) > MEMO_LIMIT:
            self.memo.clear()  # bounded memory over years of news
            self.signatures.clear()
        import numpy
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG

        rows = doc.to_array([ORTH, TAG, DEP, LOWER, IS_SPACE]).tolist()
        pairs = self._pairs_in([r[3] for r in rows], [r[2] for r in rows], doc)
        if not self.dep_always:  # the label counts only as far as a pattern reads it
            text, signatures = doc.vocab.strings, self.signatures
            for r in rows:
                key = (r[3], r[1], r[4], r[2])
                sig = signatures.get(key)
                if sig is None:
                    sig = signatures[key] = self._dep_signature(
                        text[r[3]], text[r[1]], bool(r[4]), text[r[2]])
                r[2] = sig
        in_pair = {j for i in pairs for j in (i, i + 1)}
        memo = self.memo
        known: dict[tuple[int, int, int], tuple[int, int, int]] = {}  # this Doc's answers
        new: dict[tuple[int, int, int], int] = {}  # triples to learn -> a token with one
        for i, r in enumerate(rows):
            k = (r[0], r[1], r[2])
            if i in in_pair or k in known or k in new:
                continue
            found = memo.get(k)
            if found is None:
                new[k] = i
            else:
                known[k] = found
        if new:
            for k, found in zip(new, self._run_real(doc, list(new.values()), True), strict=True):
                memo[k] = known[k] = found
        out = [known[(r[0], r[1], r[2])] if i not in in_pair else (0, 0, 0)
               for i, r in enumerate(rows)]
        for i in pairs:
            out[i], out[i + 1] = self._run_real(doc, [i, i + 1], False)
        values = numpy.array(out, dtype="uint64")
        # spaCy's stub wants thinc's Ints2d; a uint64 numpy array is what it reads
        doc.from_array([POS, MORPH, LEMMA], values)  # type: ignore[arg-type]
        return doc


def remember_token_attrs(nlp: Language) -> None:
    """Put ``RememberedTokenAttrs`` in place of ``nlp``'s attribute ruler and lemmatizer
    (left in the pipeline, disabled). Does nothing when the model lacks either."""
    from spacy.language import Language

    if not all(name in nlp.pipe_names for name in REPLACED):
        return
    if not Language.has_factory(TOKEN_ATTRS):

        @Language.factory(TOKEN_ATTRS)
        def _make(nlp: Language, name: str) -> RememberedTokenAttrs:
            return RememberedTokenAttrs(nlp.get_pipe(REPLACED[0]), nlp.get_pipe(REPLACED[1]))

    nlp.add_pipe(TOKEN_ATTRS, after=REPLACED[1])
    for name in REPLACED:
        nlp.disable_pipe(name)
