from __future__ import annotations

import pytest

from eventcoder.document import WorkDoc
from eventcoder.model import Article
from eventcoder.nlp.annotate import Annotator
from eventcoder.nlp.loading import blank_nlp
from eventcoder.stages.clean import Cleaner

TEXT = (
    "Bomb kills four soldiers\n\n"
    "Four soldiers were killed and\nthree wounded on Wednesday.\n\n"
    "The army said the road was closed."
)


def _sents(nlp, text):
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize("which", ["real", "blank"])
def test_sentences_break_at_blank_lines_but_not_inside_wrapped_sentences(which, nlp, blank):
    model = nlp if which == "real" else blank
    assert _sents(model, TEXT) == [
        "Bomb kills four soldiers",
        "Four soldiers were killed and\nthree wounded on Wednesday.",
        "The army said the road was closed.",
    ]


def test_annotator_batches_and_keeps_skipped_docs(blank):
    docs = [
        Cleaner()(WorkDoc(article=Article(str(i), t)))
        for i, t in enumerate(["Troops clashed with rebels in the town.", "", "Police fired."])
    ]
    out = list(Annotator(blank, batch_size=2).pipe(docs))
    assert [wd.article.id for wd in out] == ["0", "1", "2"]
    assert out[1].skipped == "empty text" and out[1].doc is None
    assert out[0].doc is not None and out[0].doc.text == docs[0].clean_text


def test_offsets_of_annotated_tokens_point_into_the_original(blank):
    text = "Title\n\nTitle\n\nMore news: something else\n\nThe the army fired."
    wd = Annotator(blank)(Cleaner()(WorkDoc(article=Article("o", text))))
    assert wd.doc is not None
    for tok in wd.doc:
        if not tok.is_space:
            assert text[tok.idx : tok.idx + len(tok.text)] == tok.text


def test_blank_nlp_is_a_fake_without_a_model():
    nlp = blank_nlp()
    assert "parser" not in nlp.pipe_names and "ner" not in nlp.pipe_names
