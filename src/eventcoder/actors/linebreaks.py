"""Line breaks in a spaCy Doc: headlines, datelines and paragraphs end at them.

spaCy may join a headline and the first paragraph into one sentence; stages that must not
reach across such a boundary (actor roles, a headline's twin in the lede) ask here.
"""

from __future__ import annotations

import bisect
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def is_break(tok: Token) -> bool:
    """A whitespace token holding a line break: a paragraph or headline boundary."""
    return tok.is_space and "\n" in tok.text


_LAST_BREAKS = threading.local()


def line_breaks(doc: Doc) -> list[int]:
    """The indices of the Doc's line-break tokens, ascending (listed once per Doc)."""
    cached = getattr(_LAST_BREAKS, "value", None)
    if cached is None or cached[0] is not doc:
        cached = (doc, [t.i for t in doc if t.is_space and "\n" in t.text])
        _LAST_BREAKS.value = cached
    return cached[1]


def crosses_break(doc: Doc, i: int, j: int) -> bool:
    """True when a line break lies between tokens ``i`` and ``j``."""
    lo, hi = (i, j) if i < j else (j, i)
    breaks = line_breaks(doc)
    k = bisect.bisect_right(breaks, lo)
    return k < len(breaks) and breaks[k] < hi


def segment(doc: Doc, i: int) -> tuple[int, int]:
    """The token range of the line that holds token ``i`` inside its sentence (spaCy may
    join a headline and the first paragraph into one sentence)."""
    sent = doc[i].sent
    start, end = i, i + 1
    while start > sent.start and not is_break(doc[start - 1]):
        start -= 1
    while end < sent.end and not is_break(doc[end]):
        end += 1
    return start, end
