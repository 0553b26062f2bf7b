"""eventcoder: news articles in, evidence-backed records of political events out.

The Python API is the first interface; the command line is a thin layer over it::

    import eventcoder
    events = eventcoder.extract_events(text, published="2018-02-08")
    for e in events:
        print(e.event_date, e.event_type, e.to_dict()["location"])
"""

from __future__ import annotations

import datetime as _dt

from eventcoder.errors import (
    EvaluationError,
    EventcoderError,
    GazetteerError,
    InputError,
    ResourceError,
    SettingsError,
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

__version__ = "0.1.0"

__all__ = [
    "Actor",
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
    "Pipeline",
    "Place",
    "ResourceError",
    "Settings",
    "SettingsError",
    "Source",
    "Span",
    "Toponym",
    "__version__",
    "extract_events",
    "process_article",
    "read_inputs",
]


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
    Heavy resources load on the first call and are reused afterwards.
    """
    from eventcoder.inputs.readers import article_id_for, parse_date
    from eventcoder.pipeline import process_article as _process

    pub = parse_date(published, "published") if published is not None else None
    article = Article(article_id or article_id_for(text), text, title, pub)
    return _process(article, settings)


def __getattr__(name: str) -> object:
    # Lazy re-exports: importing eventcoder stays cheap (no spaCy import).
    if name in ("Pipeline", "process_article"):
        from eventcoder import pipeline

        return getattr(pipeline, name)
    if name == "read_inputs":
        from eventcoder.inputs.readers import read_inputs

        return read_inputs
    raise AttributeError(name)
