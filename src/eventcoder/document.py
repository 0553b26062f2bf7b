"""The working document passed from stage to stage, and the contract between the stages.

A stage reads the fields filled by earlier stages and fills its own; each step of the
pipeline declares which in its ``spec`` (a ``StageSpec``), and ``check_order`` checks that
every field a step reads is filled by an earlier one (``Pipeline`` runs it when it is
built). Every field a stage fills starts as ``None`` and the stage that owns it always sets
it, so a stage that did not run leaves ``None``, never a plausible answer. What a stage
notes for later stages (beyond the record's own fields) travels in a small frozen
dataclass of that stage (``DetectNotes``, ``ClassNotes`` ...).

Offsets are always character offsets into ``article.text`` exactly as given: cleaning
blanks noise out with spaces instead of deleting it, so the spaCy ``Doc`` built over
``clean_text`` has the same offsets as the original.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar

from eventcoder.errors import PipelineError
from eventcoder.model import Actor, Article, Place, Source, Toponym

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan


Offsets = tuple[int, int]
T = TypeVar("T")


# ---------------------------------------------------------------- what stages note


@dataclass(frozen=True)
class TriggerHit:
    """One trigger hit as detect judged it (a frozen copy of ``lexicon.events.Hit``)."""

    start: int  # token indices (doc level), end exclusive
    end: int
    head: int
    cls: str  # the event class (data/ontology.json)
    weight: float
    key: str  # the lexicon entry
    status: str  # factuality: "ok", "referenced", "intent", "negated" ...
    governor: int | None  # the token of the governing irrealis verb, if any
    content: str  # for THREATEN/AGREE made from a future or negated hit: its class


@dataclass(frozen=True)
class DetectNotes:
    """detect: the mention's trigger hits and how its words refer to the event."""

    hits: tuple[TriggerHit, ...] = ()  # the hits grouped into this mention, in text order
    first_hit: int | None = None  # token index of the first of them
    sentence_hits: tuple[TriggerHit, ...] = ()  # every hit of the sentence, live or not
    status: str = "ok"  # factuality of the main hit ("referenced", "reaction", "intent" ...)
    anaphoric: bool = False  # a definite noun referring back ("the attack", "the strikes")
    generic: bool = False  # only generic words ("killed", "clashes")
    generic_blast: bool = False  # "a blast", "the explosion": any explosive
    predicate: bool = False  # reported as an act ("police arrested 40 people")


@dataclass(frozen=True)
class ClassNotes:
    """classify: the event class chosen and what the classifier saw of the victims."""

    cls: str | None  # the class (data/ontology.json); None when the mention had no hits
    follow_up: bool = False  # a side act of the main event, demoted to PLOVER only
    civilian_victims: bool = False  # the violent triggers' arguments name civilians only


@dataclass(frozen=True)
class ActorNotes:
    """actors: how the sides were found."""

    inferred: bool = False  # one side of the battle inferred, not named (evidence: trigger)


@dataclass(frozen=True)
class LocationNotes:
    """locate: the toponym the place was read from."""

    toponym: Offsets | None = None  # None: the place is the article's focus country


@dataclass(frozen=True)
class DateNotes:
    """dates: what the date resolver saw in the sentence."""

    recap: bool = False  # the sentence recalls earlier events ("not the first time")
    recalled: bool = False  # the trigger is in a recalled clause ("a year after a bombing ...")
    period: bool = False  # the trigger is in a toll over a period ("the war has killed ...")


@dataclass(frozen=True)
class CasualtyNotes:
    """casualties: who the figures are about."""

    victims: tuple[str, ...] = ()  # the words naming the dead ("villagers")
    injured_victims: tuple[str, ...] = ()  # ... and the injured of the coded figure
    civilian_victims: bool = False  # the dead are named as civilians
    in_main_event: bool = False  # the main event's restatement: counted there, not here


@dataclass(frozen=True)
class SourceNotes:
    """sources: attributions that are not sources of the event."""

    denials: tuple[str, ...] = ()  # "The army denied": the denying words


# ---------------------------------------------------------------- the work document


@dataclass
class Mention:
    """A draft event found in one sentence; stages fill it in, assembly freezes it.

    Every field below the detect block starts as ``None``: the stage named in its comment
    sets it on every mention (some keep ``None`` as their answer: no actor, no place, no
    ACLED type); ``filled`` reads a field the contract says is set."""

    # detect: where and why
    sent_index: int
    sent: Offsets  # the sentence's offsets
    trigger: Offsets  # the trigger words' offsets
    trigger_key: str  # the lexicon entry that fired (e.g. "airstrike")
    detect_notes: DetectNotes | None = None  # (None only on a mention made by hand)
    # classify (event_type None: not an ACLED event, PLOVER only)
    event_type: str | None = None
    sub_event_type: str | None = None
    disorder_type: str | None = None
    plover_type: str | None = None
    plover_mode: list[str] | None = None
    cameo_root: str | None = None
    confidence: float | None = None
    class_notes: ClassNotes | None = None
    # actors (None: no actor named or inferred)
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: list[Actor] | None = None
    assoc_actor_2: list[Actor] | None = None
    actor_notes: ActorNotes | None = None
    # locate (None: no place)
    location: Place | None = None
    location_notes: LocationNotes | None = None
    # dates (event_date None: no date in the text and no publication date)
    event_date: dt.date | None = None
    date_precision: str | None = None
    date_source: str | None = None
    background: bool | None = None
    date_notes: DateNotes | None = None
    # casualties (fatalities 0 and the rest None: no figure)
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatalities_text: list[str] | None = None
    attacker_fatalities: int | None = None  # of ``fatalities``, the attackers' own dead
    injured: int | None = None
    arrested: int | None = None
    casualty_notes: CasualtyNotes | None = None
    # sources
    sources: list[Source] | None = None
    source_notes: SourceNotes | None = None
    # assemble: the sentence indices of the mentions folded into this one
    merged: list[int] | None = None
    # every stage: field name -> offsets of the words that support it
    evidence: dict[str, list[Offsets]] = field(default_factory=dict)

    def add_evidence(self, field_name: str, start: int, end: int) -> None:
        spans = self.evidence.setdefault(field_name, [])
        if (start, end) not in spans and end > start:
            spans.append((start, end))

    @property
    def civilian_victims(self) -> bool:
        """The classifier or the casualty figures name the victims as civilians."""
        return bool(self.class_notes and self.class_notes.civilian_victims) or bool(
            self.casualty_notes and self.casualty_notes.civilian_victims)


def filled(value: T | None, name: str) -> T:
    """``value`` of the field ``name``, which the stage contract says an earlier stage set;
    ``None`` there means that stage did not run, an error rather than a default."""
    if value is None:
        raise PipelineError(name, "not filled: the stage that fills it did not run")
    return value


@dataclass
class WorkDoc:
    """One article on its way through the pipeline."""

    article: Article
    # clean: the text with noise blanked out by spaces (same length as article.text)
    clean_text: str = ""
    noise: list[Offsets] = field(default_factory=list)
    # annotate: the spaCy Doc over clean_text
    doc: Doc | None = None
    # geoparse (article level): every place mentioned, resolved
    toponyms: list[Toponym] = field(default_factory=list)
    # geoparse (article level): ISO3 of the country the article is set in
    focus_country: str | None = None
    # detect: the draft events
    mentions: list[Mention] = field(default_factory=list)
    # clean: why the article was skipped (not English, empty...); None when processed
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


# ---------------------------------------------------------------- the stage contract

# The names a step may read or fill: the public fields of WorkDoc and Mention.
FIELDS = frozenset(f.name for cls in (WorkDoc, Mention) for f in fields(cls)
                   if not f.name.startswith("_")) - {"evidence"}
# Given before the first step: the article itself.
GIVEN = frozenset({"article"})


@dataclass(frozen=True)
class StageSpec:
    """What one step of the pipeline reads and fills: names of WorkDoc and Mention fields
    (``FIELDS``). Evidence is not declared: a stage adds the evidence of what it fills."""

    name: str  # the step's name in the pipeline ("clean", "detect", "locate" ...)
    reads: frozenset[str]
    fills: frozenset[str]


class Step(Protocol):
    """A step of the pipeline: a class that declares its ``spec``."""

    spec: ClassVar[StageSpec]


class Stage(Step, Protocol):
    """A per-article stage: fills its fields of the WorkDoc and of every mention."""

    def __call__(self, wd: WorkDoc) -> WorkDoc: ...


def check_order(specs: Iterable[StageSpec]) -> None:
    """Raise ``PipelineError`` unless every field a step reads is given or filled by an
    earlier step, and every declared name is a field."""
    steps = list(specs)
    have = set(GIVEN)
    for k, spec in enumerate(steps):
        unknown = sorted((spec.reads | spec.fills) - FIELDS)
        if unknown:
            raise PipelineError(spec.name, f"declares unknown field(s) {', '.join(unknown)}")
        for name in sorted(spec.reads - have):
            later = next((s.name for s in steps[k + 1:] if name in s.fills), None)
            if later is not None:
                raise PipelineError(spec.name, f"reads {name}, which step {later} fills "
                                               f"only after it")
            raise PipelineError(spec.name, f"reads {name}, which no earlier step fills")
        have |= spec.fills
