"""Regular expressions built from word lists (the data files' cue and keyword lists)."""

from __future__ import annotations

import re


def alternation(words: list[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace."""
    parts = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)
