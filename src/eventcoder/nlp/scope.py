"""Scope: which sentences of an article the full spaCy model reads.

The statistical model (tagger, parser, entity recogniser) costs most of a run, and many
sentences of a news article cannot hold an event. So annotation runs in two passes:

1. every sentence gets the cheap part: spaCy's tokenizer and a rule-based sentence
   splitter (sentence punctuation; a blank line always ends a sentence);
2. a trigger screen keeps the sentences in which some entry of the event lexicon
   (``data/triggers.tsv``) could match, or that hold an obligation auxiliary ("must",
   the detector's one trigger outside the lexicon), and only those get the whole model.

The screen never drops a sentence the detector could use: it tries, for every word,
each lemma the English lemmatizer could give it under any part of speech (its suffix
rules and exception tables, read from the loaded model); an entry's context words are
looked for among every such lemma of the sentence and the sentences beside it, and its
negative-context and part-of-speech conditions, which can only remove a hit, are not
tested. The
sentences left out keep their tokens and sentence boundaries, without tags, parse or
entities; no stage finds an event in them, exactly as no trigger can match there.

``Settings.full_parse`` turns the screen off (the model reads every sentence); the
``geoparse`` command always reads every sentence, since a place can be named anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

from eventcoder.lexicon.events import OBLIGATION_WORDS, Lexicon, load_lexicon
from eventcoder.nlp.paragraphs import PARAGRAPH_BREAKS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

_HYPHENS = ("-", "–")
# remembered words at most (then forgotten and learnt again), so that a process reading
# years of news keeps a bounded memory
MEMO_LIMIT = 500_000


class TriggerScreen:
    """Says whether a sentence could hold a trigger of the event lexicon."""

    def __init__(self, lexicon: Lexicon, rules: list[list[str]], exceptions: dict[str, set[str]]):
        self.lexicon = lexicon
        self.rules = [(old, new) for old, new in rules if old]
        self.exceptions = exceptions
        self._keys: dict[str, frozenset[str]] = {}

    @classmethod
    def for_model(cls, nlp: Language, lexicon: Lexicon | None = None) -> TriggerScreen:
        """A screen using the suffix rules and exceptions of ``nlp``'s lemmatizer."""
        rules: list[list[str]] = []
        exceptions: dict[str, set[str]] = {}
        if "lemmatizer" in nlp.component_names:  # (disabled when token_attrs stands in)
            lookups = cast("Lemmatizer", nlp.get_pipe("lemmatizer")).lookups
            if lookups.has_table("lemma_rules"):
                for table in lookups.get_table("lemma_rules").values():
                    rules.extend(r for r in table if r not in rules)
            if lookups.has_table("lemma_exc"):
                for table in lookups.get_table("lemma_exc").values():
                    for form, lemmas in table.items():
                        exceptions.setdefault(form, set()).update(lemmas)
        return cls(lexicon or load_lexicon(), rules, exceptions)

    def keys(self, word: str) -> frozenset[str]:
        """The lower-cased word and every lemma the lemmatizer could give it."""
        keys = self._keys.get(word)
        if keys is None:
            low = word.lower()
            found = {low, *self.exceptions.get(low, ())}
            for old, new in self.rules:
                if low.endswith(old) and len(low) > len(old):
                    found.add(low[: len(low) - len(old)] + new)
            if len(self._keys) >= MEMO_LIMIT:
                self._keys.clear()
            keys = self._keys[word] = frozenset(found)
        return keys

    def may_hold_event(self, words: Iterable[str], around: Iterable[str] = ()) -> bool:
        """True when a lexicon entry could match these words (one sentence, in order).

        An entry's context words (``ctx=``, ``near=``) are looked for among every key of
        the sentence and of ``around`` (the words of the sentences beside it, since the
        model may join them into one sentence); ``nctx=`` and ``pos=`` are not tested."""
        words = list(words)
        if any(w.lower() in OBLIGATION_WORDS for w in words):
            return True  # "X said Y must do Z": the detector's one trigger outside the lexicon
        content = [self.keys(w) for w in words if w not in _HYPHENS and not w.isspace()]
        entries = self.lexicon.entries
        context: set[str] | None = None
        for i, keys in enumerate(content):
            for first in keys:
                for entry in entries.get(first, ()):
                    n = len(entry.words)
                    if i + n > len(content) or not all(
                        w == "*" or w in content[i + k] for k, w in enumerate(entry.words)
                    ):
                        continue
                    if not (entry.ctx or entry.near):
                        return True
                    if context is None:
                        context = {k for ks in content for k in ks}
                        context.update(k for w in around for k in self.keys(w))
                    if entry.ctx & context or entry.near & context:
                        return True
        return False


def _rule_sentences(nlp: Language, doc: Doc) -> None:
    """Sentence starts by punctuation, and after every blank line (as the model's pipeline
    does with ``paragraphs.PARAGRAPH_BREAKS``)."""
    from spacy.pipeline import Sentencizer


    Sentencizer()(doc)
    if PARAGRAPH_BREAKS in nlp.pipe_names:
        nlp.get_pipe(PARAGRAPH_BREAKS)(doc)


def _runs(doc: Doc, screen: TriggerScreen) -> list[tuple[int, int, bool]]:
    """Token ranges of consecutive sentences with the same verdict, in order."""
    runs: list[tuple[int, int, bool]] = []
    words = [t.text for t in doc]
    bounds = [(s.start, s.end) for s in doc.sents]
    for k, (start, end) in enumerate(bounds):
        lo, hi = bounds[max(0, k - 1)][0], bounds[min(len(bounds) - 1, k + 1)][1]
        keep = screen.may_hold_event(words[start:end], words[lo:start] + words[end:hi])
        if runs and runs[-1][2] == keep:
            runs[-1] = (runs[-1][0], end, keep)
        else:
            runs.append((start, end, keep))
    return runs


# what the model adds to a token, copied from the pieces it read into the whole Doc
_COPIED = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE")


def _copy_back(doc: Doc, pieces: list[tuple[int, Doc]]) -> Doc:
    """Write the annotation of each piece (a Doc made from ``doc[start:...]``) into
    ``doc``; the tokens of no piece keep their rule-based sentence starts."""
    from spacy.attrs import SENT_START

    whole = doc.to_array(list(_COPIED))
    starts = doc.to_array([SENT_START])
    for start, piece in pieces:
        end = start + len(piece)
        whole[start:end] = piece.to_array(list(_COPIED))
        starts[start:end] = piece.to_array([SENT_START])
    # spaCy's stubs say to_array gives float64 and from_array wants thinc's Ints2d; both
    # are uint64 arrays at run time
    doc.from_array(list(_COPIED), whole)  # type: ignore[arg-type]
    # a parse sets sentence starts from the heads alone: the sentences the model did not
    # read would run into the sentence before them
    doc.from_array([SENT_START], starts.reshape(-1, 1))  # type: ignore[arg-type]  # (as above)
    return doc


def _unsplit(doc: Doc) -> Doc:
    """Forget the rule-based sentence starts of a piece the model will read: its parser
    respects starts already set, and should split the piece as it splits a whole text."""
    import numpy
    from spacy.attrs import SENT_START

    zeros = numpy.zeros((len(doc), 1), dtype="uint64")
    doc.from_array([SENT_START], zeros)  # type: ignore[arg-type]  # stub: wants thinc Ints2d
    return doc


def annotate_in_scope(
    nlp: Language, texts: Iterable[str], screen: TriggerScreen, batch_size: int = 256
) -> Iterator[Doc]:
    """Docs for ``texts`` (in order) where only sentences that pass ``screen`` went through
    the whole model; the others are tokenized and split into sentences only."""
    plans: list[tuple[Doc, list[int]]] = []
    chosen: list[Doc] = []
    for text in texts:
        doc = nlp.make_doc(text)
        starts: list[int] = []
        if len(doc):
            _rule_sentences(nlp, doc)
            for start, end, keep in _runs(doc, screen):
                if keep and (start, end) == (0, len(doc)):
                    starts = [-1]  # the whole Doc: the model reads it as it is
                    chosen.append(_unsplit(doc))
                elif keep:
                    starts.append(start)
                    chosen.append(_unsplit(doc[start:end].as_doc()))
        plans.append((doc, starts))
    annotated = iter(nlp.pipe(chosen, batch_size=batch_size))
    for doc, starts in plans:
        if starts == [-1]:
            yield next(annotated)
        elif not starts:
            yield doc
        else:
            yield _copy_back(doc, [(start, next(annotated)) for start in starts])
