"""The working document passed from stage to stage.

A stage reads the fields filled by earlier stages and fills its own; the field comments
say which stage fills what. Offsets are always character offsets into ``article.text``
exactly as given: cleaning blanks noise out with spaces instead of deleting it, so the
spaCy ``Doc`` built over ``clean_text`` has the same offsets as the original.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventcoder.model import Actor, Article, Place, Source, Toponym

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan


Offsets = tuple[int, int]


@dataclass
class Mention:
    """A draft event found in one sentence; stages fill it in, assembly freezes it."""

    # detect: where and why
    sent_index: int
    sent: Offsets  # the sentence's offsets
    trigger: Offsets  # the trigger words' offsets
    trigger_key: str  # the lexicon entry that fired (e.g. "airstrike")
    # classify
    event_type: str | None = None
    sub_event_type: str | None = None
    disorder_type: str | None = None
    plover_type: str = "ASSAULT"
    plover_mode: list[str] = field(default_factory=list)
    cameo_root: str = "18"
    confidence: float = 0.5
    # actors
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: list[Actor] = field(default_factory=list)
    assoc_actor_2: list[Actor] = field(default_factory=list)
    # locations
    location: Place | None = None
    # dates
    event_date: dt.date | None = None
    date_precision: str = "day"
    date_source: str = "publication"
    background: bool = False
    # casualties
    fatalities: int = 0
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatalities_text: list[str] = field(default_factory=list)
    injured: int | None = None
    arrested: int | None = None
    # sources
    sources: list[Source] = field(default_factory=list)
    # every stage: field name -> offsets of the words that support it
    evidence: dict[str, list[Offsets]] = field(default_factory=dict)
    # free-form notes stages leave for later stages (e.g. "civilian_victims": True)
    flags: dict[str, Any] = field(default_factory=dict)

    def add_evidence(self, field_name: str, start: int, end: int) -> None:
        spans = self.evidence.setdefault(field_name, [])
        if (start, end) not in spans and end > start:
            spans.append((start, end))


@dataclass
class WorkDoc:
    """One article on its way through the pipeline."""

    article: Article
    # clean: the text with noise blanked out by spaces (same length as article.text)
    clean_text: str = ""
    noise: list[Offsets] = field(default_factory=list)
    # annotate: the spaCy Doc over clean_text
    doc: Doc | None = None
    # locations (article level): every place mentioned, resolved
    toponyms: list[Toponym] = field(default_factory=list)
    # actors / locations (article level): ISO3 of the country the article is set in
    focus_country: str | None = None
    # detect: the draft events
    mentions: list[Mention] = field(default_factory=list)
    # why the article was skipped (not English, empty...); None when processed
    skipped: str | None = None
    # the Doc and its sentences, listed on first use by ``sentences()``
    _sents: tuple[Doc, list[SpacySpan]] | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> dt.date | None:
        return self.article.published

    def sentences(self) -> list[SpacySpan]:
        """The Doc's sentences, listed once per Doc (stages never change the Doc)."""
        if self.doc is None:
            return []
        cached = self._sents
        if cached is None or cached[0] is not self.doc:
            cached = self._sents = (self.doc, list(self.doc.sents))
        return cached[1]

    def sentence(self, index: int) -> SpacySpan:
        return self.sentences()[index]

    def is_noise(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside text that cleaning blanked out."""
        return any(s <= start and end <= e for s, e in self.noise)
