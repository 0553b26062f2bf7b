"""The paragraph-break component: a sentence never runs across a blank line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


PARAGRAPH_BREAKS = "eventcoder_paragraph_breaks"


def register_paragraph_breaks() -> None:
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
