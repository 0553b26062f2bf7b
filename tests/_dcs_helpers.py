"""Shared helpers for the dates / casualties / sources / notes tests."""

from __future__ import annotations

from conftest import make_workdoc
from eventcoder.document import Mention, WorkDoc
from eventcoder.stages.casualties import CasualtyCounter
from eventcoder.stages.dates import DateResolver
from eventcoder.stages.sources import SourceFinder


def mention_at(wd: WorkDoc, sent_index: int, word: str | None = None, **fields) -> Mention:
    """A Mention in sentence ``sent_index``, triggered by ``word`` (else the first token),
    classified (ASSAULT, confidence 0.8) unless ``fields`` say otherwise."""
    s = wd.sentences()[sent_index]
    start = s.start_char
    if word is not None:
        start = wd.text.index(word, s.start_char)
    end = start + (len(word) if word else 1)
    m = Mention(sent_index, (s.start_char, s.end_char), (start, end), word or "x",
                plover_type=fields.pop("plover_type", "ASSAULT"),
                confidence=fields.pop("confidence", 0.8))
    for k, v in fields.items():
        setattr(m, k, v)
    return m


def run(nlp, text: str, published: str | None = None, mentions=None, outlet=None) -> WorkDoc:
    """Annotate ``text``, add mentions (default: one in the first sentence), run the stages."""
    wd = make_workdoc(nlp, text, published)
    if outlet is not None:
        from dataclasses import replace

        wd.article = replace(wd.article, outlet=outlet)
    wd.mentions = [mention_at(wd, *spec) if isinstance(spec, tuple) else spec(wd)
                   for spec in (mentions or [(0,)])]
    for stage in (DateResolver(), CasualtyCounter(), SourceFinder()):
        wd = stage(wd)
    return wd
