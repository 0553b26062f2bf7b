"""The pipeline: stages in order, heavy resources loaded once and passed in.

    clean -> annotate (spaCy) -> geoparse -> detect -> classify -> actors
          -> locate -> dates -> casualties -> sources -> assemble

``STEPS`` lists the step classes in that order; each declares in its ``spec`` the fields it
reads and fills (``document.StageSpec``), and ``Pipeline`` checks when it is built that
every field a step reads is filled by an earlier one.

``process_article(article, settings)`` is the per-article entry point shared by the CLI,
the HTTP server and the distributed batch job: it holds no engine or storage code. It
keeps one ``Pipeline`` per settings in the calling process, built on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventcoder.actors.tagger import ActorDictionary, ActorTagger
from eventcoder.document import Stage, Step, WorkDoc, check_order
from eventcoder.geo.gazetteer import Gazetteer
from eventcoder.geo.locations import EventLocator, Geoparser
from eventcoder.geo.provision import open_gazetteer
from eventcoder.model import Article, ArticleResult, Event, Toponym
from eventcoder.nlp.annotate import Annotator
from eventcoder.nlp.loading import load_nlp, model_version
from eventcoder.nlp.scope import TriggerScreen
from eventcoder.settings import Settings
from eventcoder.stages.assemble import Assembler
from eventcoder.stages.calibration import packaged_calibration
from eventcoder.stages.casualties import CasualtyCounter
from eventcoder.stages.classify import EventClassifier
from eventcoder.stages.clean import Cleaner
from eventcoder.stages.dates import DateResolver
from eventcoder.stages.detect import EventDetector
from eventcoder.stages.sources import SourceFinder
from eventcoder.version import __version__

if TYPE_CHECKING:
    from spacy.language import Language

# The per-article stages, in the order they run, and every step of the pipeline in order:
# the article-level work (batched), the stages, the assembly of records.
STAGES: tuple[type[Stage], ...] = (
    EventDetector,
    EventClassifier,
    ActorTagger,
    EventLocator,
    DateResolver,
    CasualtyCounter,
    SourceFinder,
)
STEPS: tuple[type[Step], ...] = (Cleaner, Annotator, Geoparser, *STAGES, Assembler)


@dataclass
class Resources:
    """The heavy, shared resources. Build with ``Resources.load`` or pass fakes in tests."""

    nlp: Language
    gazetteer: Gazetteer
    actors: ActorDictionary

    @classmethod
    def load(cls, settings: Settings) -> Resources:
        return cls(
            nlp=load_nlp(settings.spacy_model),
            gazetteer=open_gazetteer(settings),
            actors=ActorDictionary.load(settings),
        )

    def versions(self) -> dict[str, str]:
        return {
            "eventcoder": __version__,
            "model": model_version(self.nlp),
            "gazetteer": str(getattr(self.gazetteer, "version", "unknown")),
        }


class Pipeline:
    """Runs every stage over articles; ``process`` streams results in input order.

    ``stages`` (default ``STAGES``) are the per-article stage classes in the order to run
    them; a stage that reads a field no earlier step fills raises ``PipelineError``."""

    def __init__(self, settings: Settings | None = None, resources: Resources | None = None,
                 stages: Sequence[type[Stage]] = STAGES):
        self.settings = settings or Settings()
        self.resources = resources or Resources.load(self.settings)
        r = self.resources
        self.cleaner = Cleaner(self.settings.min_english_ratio)
        screen = None
        if not self.settings.full_parse and "parser" in r.nlp.pipe_names:
            screen = TriggerScreen.for_model(r.nlp)
        self.annotator = Annotator(r.nlp, self.settings.batch_size, screen)
        self.geoparser = Geoparser(r.gazetteer)
        self.assembler = Assembler(
            self.settings.min_confidence, self.settings.keep_background,
            packaged_calibration() if self.settings.calibrated_confidence else None)
        steps: tuple[type[Step], ...] = (Cleaner, Annotator, Geoparser, *stages, Assembler)
        check_order(step.spec for step in steps)
        build: dict[type[Stage], Callable[[], Stage]] = {
            ActorTagger: lambda: ActorTagger(r.actors),
            EventLocator: lambda: EventLocator(r.gazetteer),
        }
        self.stages: list[tuple[str, Stage]] = [
            (cls.spec.name, build.get(cls, cls)()) for cls in stages
        ]

    def _prepare(self, articles: Iterable[Article]) -> Iterator[WorkDoc]:
        limit = self.settings.max_chars
        for article in articles:
            if len(article.text) > limit:
                article = Article(
                    article.id,
                    article.text[:limit],
                    article.title,
                    article.published,
                    article.url,
                    article.outlet,
                    article.origin,
                )
            yield self.cleaner(WorkDoc(article=article))

    def annotated(self, articles: Iterable[Article], full: bool = False) -> Iterator[WorkDoc]:
        """Clean, annotate and geoparse: the article-level work, batched. ``full``: the
        model reads every sentence, whatever ``Settings.full_parse`` says."""
        for wd in self.annotator.pipe(self._prepare(articles), full):
            if wd.skipped is None:
                wd = self.geoparser(wd)
            yield wd

    def run_stages(self, wd: WorkDoc) -> WorkDoc:
        if wd.skipped is None:
            for _name, stage in self.stages:
                wd = stage(wd)
        return wd

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for wd in self.annotated(articles):
            yield self.result(self.run_stages(wd))

    def result(self, wd: WorkDoc) -> ArticleResult:
        if wd.skipped is not None:
            return ArticleResult(wd.article.id, (), wd.skipped, wd.article.origin)
        made = self.assembler(wd)
        kept = tuple(e for e in made if keep_record(e, self.settings))
        return ArticleResult(wd.article.id, kept, None, wd.article.origin,
                             filtered=len(made) - len(kept))

    def geoparse(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Toponym]]]:
        for wd in self.annotated(articles, full=True):
            yield wd.article, wd.toponyms


def keep_record(event: Event, settings: Settings) -> bool:
    """Whether a record passes the record filters of ``settings``: ``min_confidence`` (its
    confidence), ``keep_background``, ``only`` (records with an ACLED type, or with a
    PLOVER type), ``countries`` (located in one of them) and ``since``/``until`` (dated
    within; an undated record is left out when either is set). The ``Assembler`` also
    leaves out mentions below ``min_confidence`` or in the background before it makes
    records; this is the last word on every record the pipeline returns, so extract,
    ingest, the server's writes and the Spark job all keep the same records."""
    if event.confidence < settings.min_confidence:
        return False
    if event.background and not settings.keep_background:
        return False
    if settings.only == "acled" and not event.event_type:
        return False
    if settings.only == "plover" and not event.plover_type:
        return False
    if settings.countries:
        iso3 = event.location.iso3 if event.location is not None else None
        if iso3 not in settings.countries:
            return False
    if settings.since or settings.until:
        if not event.event_date:
            return False
        day = event.event_date[:10]  # a month or year date is compared by its first day
        if settings.since and day < settings.since:
            return False
        if settings.until and day > settings.until:
            return False
    return True


# Settings that only choose which records are kept: pipelines that differ only in these
# share their loaded resources (model, gazetteer, actors).
RECORD_FILTERS = ("min_confidence", "keep_background", "only", "countries", "since", "until",
                  "calibrated_confidence")

_PIPELINES: dict[Settings, Pipeline] = {}
_LOCK = threading.Lock()


def get_pipeline(settings: Settings | None = None) -> Pipeline:
    """The process-wide pipeline for ``settings``, built on first use (lazy, once). A
    pipeline whose settings differ from a built one's only in ``RECORD_FILTERS`` reuses
    its resources."""
    settings = settings or Settings()
    with _LOCK:
        pipe = _PIPELINES.get(settings)
        if pipe is None:
            neutral = {k: getattr(Settings(), k) for k in RECORD_FILTERS}
            base = settings.with_(**neutral)
            twin = next((p for s, p in _PIPELINES.items() if s.with_(**neutral) == base), None)
            pipe = Pipeline(settings, twin.resources if twin is not None else None)
            _PIPELINES[settings] = pipe
        return pipe


def process_article(article: Article, settings: Settings | None = None) -> list[Event]:
    """Extract the events of one article. The same function runs in CLI, server and batch."""
    result = next(get_pipeline(settings).process([article]))
    return list(result.events)
