"""Annotate: run spaCy over the cleaned text, batched with ``nlp.pipe``.

The pipeline is loaded once by ``loading.load_nlp`` and passed in. Unit tests pass
``loading.blank_nlp()``, a real spaCy tokenizer with a rule-based sentencizer and no model.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

from eventcoder.document import StageSpec, WorkDoc
from eventcoder.nlp.scope import TriggerScreen, annotate_in_scope

if TYPE_CHECKING:
    from spacy.language import Language



class Annotator:
    """Fills ``WorkDoc.doc`` for many documents at once.

    With a ``screen`` (``scope.TriggerScreen``) only the sentences that pass it get the
    whole model and the rest are tokenized and split into sentences (see ``scope``);
    ``pipe(..., full=True)`` runs the model over every sentence all the same."""

    spec: ClassVar[StageSpec] = StageSpec(
        "annotate", reads=frozenset({"clean_text", "skipped"}), fills=frozenset({"doc"}))

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
