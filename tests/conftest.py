"""Shared fixtures. Heavy resources (spaCy model, gazetteer, pipeline) load once per session."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from eventcoder.document import WorkDoc
from eventcoder.model import Article
from eventcoder.nlp.annotate import Annotator
from eventcoder.nlp.loading import blank_nlp
from eventcoder.settings import Settings
from eventcoder.stages.clean import Cleaner

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    return Path(os.environ.get("EVENTCODER_SHARED", ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not path.is_dir():
        pytest.fail(f"shared folder not found at {path}; set EVENTCODER_SHARED")
    return path


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model, loaded once."""
    from eventcoder.nlp.loading import load_nlp

    return load_nlp(Settings().spacy_model)


@pytest.fixture(scope="session")
def resources(nlp, settings):
    from eventcoder.actors.tagger import ActorDictionary
    from eventcoder.geo.provision import open_gazetteer
    from eventcoder.pipeline import Resources

    return Resources(
        nlp=nlp, gazetteer=open_gazetteer(settings), actors=ActorDictionary.load(settings)
    )


@pytest.fixture(scope="session")
def pipeline(resources, settings):
    """The full real pipeline, built once per test session."""
    from eventcoder.pipeline import Pipeline

    return Pipeline(settings, resources)


@pytest.fixture(scope="session")
def blank():
    """A fake spaCy: tokenizer + sentencizer, no statistical model."""
    return blank_nlp()


def make_workdoc(nlp, text: str, published: str | None = None, article_id: str = "t1") -> WorkDoc:
    """A cleaned and annotated WorkDoc for one text (use with ``nlp`` or ``blank``)."""
    pub = dt.date.fromisoformat(published) if published else None
    wd = Cleaner()(WorkDoc(article=Article(article_id, text, None, pub)))
    return Annotator(nlp)(wd)


@pytest.fixture()
def cli_uses_session_pipeline(pipeline, settings, monkeypatch):
    """Make CLI commands run in-process reuse the session pipeline instead of loading anew."""
    from eventcoder import pipeline as pipeline_module

    monkeypatch.setitem(pipeline_module._PIPELINES, settings, pipeline)
    return pipeline


@pytest.fixture(scope="session")
def dictionary():
    """The packaged actor dictionary, loaded once."""
    from eventcoder.actors.dictionary import ActorDictionary

    return ActorDictionary.load(Settings())


@pytest.fixture(scope="session")
def tagger(dictionary):
    from eventcoder.actors.tagger import ActorTagger

    return ActorTagger(dictionary)
