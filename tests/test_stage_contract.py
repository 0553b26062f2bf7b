"""The stage contract: every step declares what it reads and fills, the pipeline checks the
order when it is built, a stage that did not run leaves None, and each stage sets every field
it declares. Runs on the fakes (blank spaCy, an in-memory gazetteer)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from eventcoder.document import FIELDS, Mention, StageSpec, WorkDoc, check_order, filled
from eventcoder.errors import EventcoderError, PipelineError
from eventcoder.geo.gazetteer import Candidate, FakeGazetteer
from eventcoder.model import Article
from eventcoder.nlp.loading import blank_nlp
from eventcoder.pipeline import STAGES, STEPS, Pipeline, Resources
from eventcoder.settings import Settings
from eventcoder.stages.classify import EventClassifier
from eventcoder.stages.detect import EventDetector

TEXT = ("Gunmen killed four villagers in Raqqa on Sunday, officials said.\n\n"
        "An airstrike hit a market in Syria on Monday, wounding 12 people, witnesses told AFP. "
        "The army denied any involvement.\n\n"
        "This is not the first time the town was attacked.")
ARTICLE = Article("c1", TEXT, None, dt.date(2018, 2, 7), outlet="The Paper")
PLACES = [
    (["Syria"], Candidate(163843, "Syria", "country", "SY", None, None, 35.0, 38.0,
                          22_000_000)),
    (["Raqqa"], Candidate(163345, "Ar Raqqah", "city", "SY", "Ar Raqqah", None, 35.95, 39.01,
                          530_000)),
]
UNSET = object()  # stands in a field before the stage that fills it runs


@pytest.fixture(scope="module")
def resources(dictionary) -> Resources:
    return Resources(nlp=blank_nlp(), gazetteer=FakeGazetteer(PLACES, {"SY": ("Syria", "SYR")}),
                     actors=dictionary)


def _mention_fills(spec: StageSpec) -> list[str]:
    names = {f.name for f in dataclasses.fields(Mention)}
    return sorted(spec.fills & names)


def test_the_real_order_passes_the_check(resources) -> None:
    check_order(step.spec for step in STEPS)
    pipe = Pipeline(Settings(), resources)
    assert [name for name, _stage in pipe.stages] == [cls.spec.name for cls in STAGES]
    assert [step.spec.name for step in STEPS] == [
        "clean", "annotate", "geoparse", "detect", "classify", "actors", "locate", "dates",
        "casualties", "sources", "assemble"]


def test_every_declared_name_is_a_field() -> None:
    for step in STEPS:
        assert step.spec.reads | step.spec.fills <= FIELDS, step.spec.name
    with pytest.raises(PipelineError, match="unknown field"):
        check_order([StageSpec("odd", frozenset({"no_such_field"}), frozenset())])


def test_a_stage_moved_before_what_it_reads_is_refused(resources) -> None:
    moved = (EventClassifier, EventDetector, *STAGES[2:])
    with pytest.raises(PipelineError) as caught:
        Pipeline(Settings(), resources, stages=moved)
    err = caught.value
    assert isinstance(err, EventcoderError)
    assert err.origin == "classify"
    assert "detect_notes" in err.reason and "detect" in err.reason.replace("detect_notes", "")
    assert str(err) == "classify: reads detect_notes, which step detect fills only after it"


def test_a_missing_stage_is_refused(resources) -> None:
    without = tuple(cls for cls in STAGES if cls is not EventClassifier)
    with pytest.raises(PipelineError, match="actors: reads class_notes, which no earlier step"):
        Pipeline(Settings(), resources, stages=without)


def test_a_mention_fresh_from_detect_has_none_in_later_outputs(resources) -> None:
    pipe = Pipeline(Settings(), resources)
    wd = EventDetector()(next(pipe.annotated([ARTICLE])))
    assert wd.mentions
    later = [cls for cls in STAGES if cls is not EventDetector]
    for m in wd.mentions:
        assert m.detect_notes is not None and m.detect_notes.hits
        for cls in later:
            for name in _mention_fills(cls.spec):
                assert getattr(m, name) is None, (cls.spec.name, name)
    with pytest.raises(PipelineError, match="confidence: not filled"):
        filled(wd.mentions[0].confidence, "confidence")


def test_every_stage_sets_every_field_it_fills(resources) -> None:
    pipe = Pipeline(Settings(), resources)
    wd: WorkDoc = next(pipe.annotated([ARTICLE]))
    assert wd.doc is not None and wd.toponyms
    for name, stage in pipe.stages:
        fills = _mention_fills(stage.spec)
        for m in wd.mentions:
            for field in fills:
                setattr(m, field, UNSET)
        wd = stage(wd)
        assert wd.mentions, name
        for m in wd.mentions:
            missed = [f for f in fills if getattr(m, f) is UNSET]
            assert not missed, (name, m.trigger_key, missed)
    events = pipe.assembler(wd)
    assert events
    kept = [m for m in wd.mentions if filled(m.confidence, "confidence") >= 0.3]
    assert kept and all(m.merged is not None for m in kept)
