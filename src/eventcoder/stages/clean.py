"""Clean: blank out web-copy noise without moving a single character.

Noise (a repeated headline, inserted link lines such as "More news: ...", share and
subscribe prompts, a doubled word as in "the the") is replaced by spaces of the same
length in ``WorkDoc.clean_text``; newlines are kept. Offsets computed on the clean text
are therefore offsets into the article exactly as given.

Also decides whether the article can be processed at all (empty, not English): such an
article gets ``WorkDoc.skipped`` set to the reason.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import ClassVar

from eventcoder.document import Offsets, StageSpec, WorkDoc

# Lines a web page inserts into an article body: related-link teasers and prompts.
_INSERTED_LINE = re.compile(
    r"^[ \t]*(?:more news|read more|also read|read also|related|related news|see also|"
    r"recommended|you may also like|watch|click here|subscribe|sign up|follow us|"
    r"share this|share on|advertisement|sponsored)\b[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_DOUBLED_WORD = re.compile(r"\b([A-Za-z]+)(\s+)(\1)\b", re.IGNORECASE)
# Words that are legitimately doubled in English ("had had", "that that").
_DOUBLING_ALLOWED = frozenset({"had", "that", "is", "do", "bye", "no", "very", "so"})


@functools.cache
def _language_cues() -> tuple[frozenset[str], frozenset[str]]:
    """English and other languages' function words (data/language_cues.json)."""
    path = resources.files("eventcoder") / "data" / "language_cues.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(data["english"]), frozenset(data["other"])


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\n\r":
            chars[i] = " "


def find_noise(text: str) -> list[Offsets]:
    """Offsets of every noise stretch in ``text`` (sorted, non-overlapping)."""
    spans: list[Offsets] = []
    # 1. a headline repeated as the next non-empty line(s)
    lines: list[Offsets] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            lines.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line)
    seen: set[str] = set()
    for start, end in lines[:6]:
        key = " ".join(text[start:end].split()).lower()
        if key in seen and len(key) > 15:
            spans.append((start, end))
        seen.add(key)
    # 2. inserted link lines and prompts
    for m in _INSERTED_LINE.finditer(text):
        line = m.group(0)
        # a real sentence that happens to start with "Watch" etc. ends with a full stop
        # and is long; inserted teasers are short or end with a colon-introduced title
        if ":" in line[:20] or len(line.split()) <= 12:
            spans.append((m.start(), m.end()))
    # 3. doubled words ("the the")
    for m in _DOUBLED_WORD.finditer(text):
        if m.group(1).lower() in _DOUBLING_ALLOWED:
            continue
        if m.group(3) != m.group(1) and not m.group(3).islower():
            continue  # "in In Amenas": the second word starts a name
        spans.append((m.start(3), m.end(3)))
    spans.sort()
    merged: list[Offsets] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def english_reason(text: str, min_ratio: float) -> str | None:
    """None when ``text`` looks like English, else the reason it does not."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "no text"
    ascii_share = sum(1 for c in letters if c.isascii()) / len(letters)
    if ascii_share < min_ratio:
        return "not English (mostly non-Latin script)"
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    english, other = _language_cues()
    n_en = sum(1 for w in words if w in english)
    n_other = sum(1 for w in words if w in other)
    if n_other >= 2 and n_other > n_en:
        return "not English (function words of another language)"
    if len(words) >= 40 and n_en / len(words) < 0.05:
        return "not English (too few English function words)"
    return None


class Cleaner:
    """Fills ``clean_text`` and ``noise``; sets ``skipped`` for empty or non-English text."""

    spec: ClassVar[StageSpec] = StageSpec(
        "clean",
        reads=frozenset({"article"}),
        fills=frozenset({"clean_text", "noise", "skipped"}),
    )

    def __init__(self, min_english_ratio: float = 0.6) -> None:
        self.min_english_ratio = min_english_ratio

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        text = wd.article.text
        if not text.strip():
            wd.skipped = "empty text"
            wd.clean_text = text
            return wd
        reason = english_reason(text, self.min_english_ratio)
        if reason is not None:
            wd.skipped = reason
            wd.clean_text = text
            return wd
        wd.noise = find_noise(text)
        chars = list(text)
        for s, e in wd.noise:
            _blank(chars, s, e)
        wd.clean_text = "".join(chars)
        return wd
