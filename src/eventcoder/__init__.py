"""eventcoder: news articles in, evidence-backed records of political events out.

The Python API is the first interface; the command line is a thin layer over it::

    import eventcoder
    events = eventcoder.extract_events(text, published="2018-02-08")
    for e in events:
        print(e.event_date, e.event_type, e.to_dict()["location"])

Every name of ``__all__`` is described, with an example, in docs/api.md. Importing the
package loads no model: the names that need spaCy, DuckDB or the input readers are
imported on first use.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from eventcoder.errors import (
    ActorFileError,
    EvaluationError,
    EventcoderError,
    GazetteerError,
    InputError,
    OutputError,
    PipelineError,
    RecordError,
    ResourceError,
    SettingsError,
    StoreBusyError,
    StoreError,
    UnknownValueError,
)
from eventcoder.model import (
    Actor,
    Article,
    ArticleResult,
    DatePrecision,
    DateSource,
    Event,
    GeoPrecision,
    InputFailure,
    Place,
    Source,
    Span,
    Toponym,
)
from eventcoder.settings import Settings
from eventcoder.version import __version__

if TYPE_CHECKING:  # what type checkers see of the lazy names below
    from eventcoder.inputs.readers import read_inputs
    from eventcoder.pipeline import Pipeline, Resources, process_article
    from eventcoder.store.database import Store
    from eventcoder.store.export import write_events
    from eventcoder.store.ingest import ingest

__all__ = [
    "Actor",
    "ActorFileError",
    "Article",
    "ArticleResult",
    "DatePrecision",
    "DateSource",
    "EvaluationError",
    "Event",
    "EventcoderError",
    "GazetteerError",
    "GeoPrecision",
    "InputError",
    "InputFailure",
    "OutputError",
    "Pipeline",
    "PipelineError",
    "Place",
    "RecordError",
    "ResourceError",
    "Resources",
    "Settings",
    "SettingsError",
    "Source",
    "Span",
    "Store",
    "StoreBusyError",
    "StoreError",
    "Toponym",
    "UnknownValueError",
    "__version__",
    "extract_events",
    "ingest",
    "process_article",
    "read_inputs",
    "write_events",
]

# name -> the module that defines it, imported on first use (``import eventcoder`` stays
# cheap: no spaCy, no DuckDB)
_LAZY = {
    "Pipeline": "eventcoder.pipeline",
    "Resources": "eventcoder.pipeline",
    "process_article": "eventcoder.pipeline",
    "read_inputs": "eventcoder.inputs.readers",
    "Store": "eventcoder.store.database",
    "ingest": "eventcoder.store.ingest",
    "write_events": "eventcoder.store.export",
}


def extract_events(
    text: str,
    published: str | _dt.date | None = None,
    *,
    title: str | None = None,
    article_id: str | None = None,
    settings: Settings | None = None,
) -> list[Event]:
    """Extract event records from one article's text.

    ``published`` (YYYY-MM-DD or a date) anchors relative dates ("on Wednesday").
    Heavy resources load on the first call and are reused afterwards. A malformed
    ``published`` raises ``InputError``; a missing model or bad resource ``ResourceError``.
    """
    from eventcoder.inputs.readers import article_id_for, parse_date
    from eventcoder.pipeline import process_article as _process

    pub = parse_date(published, "published") if published is not None else None
    article = Article(article_id or article_id_for(text), text, title, pub)
    return _process(article, settings)


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'eventcoder' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found once, then an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
