"""Non-events (issue 15): reporting language, forecasts, warnings, plans, counterfactuals,
denials, and outlets as actors. Short sentences written for these tests."""

from __future__ import annotations

import pytest

from conftest import make_workdoc
from eventcoder import Article
from eventcoder.facts.media import is_outlet
from eventcoder.stages.detect import EventDetector, load_lexicon, match_triggers


def _mentions(nlp, text: str) -> list[str]:
    """The classes of the hits that became mentions."""
    wd = EventDetector()(make_workdoc(nlp, text))
    return [h.cls for m in wd.mentions if m.detect_notes for h in m.detect_notes.hits]


def _status(nlp, text: str, key: str) -> str:
    wd = make_workdoc(nlp, text)
    hits = EventDetector().sentence_hits(wd.sentences()[0])
    found = [h for h in hits if h.key == key]
    assert found, [(h.key, h.status) for h in hits]
    return found[0].status


@pytest.mark.parametrize(
    "text",
    [
        "The officer said the fighting lasted two hours, asking not to be named.",
        "A spokesman for the ministry declined to comment.",
        "The rebels did not respond to a request for comment.",
        "A junta spokesman did not answer calls seeking comment.",
        "The minister told a news conference that the border was calm.",
    ],
)
def test_reporting_frames_give_no_trigger(nlp, text: str) -> None:
    doc = nlp(text)
    hits = match_triggers(next(iter(doc.sents)), load_lexicon())
    assert not [h for h in hits if h.cls in ("request", "reject", "summit", "consult")], [
        (h.key, h.cls) for h in hits]


@pytest.mark.parametrize(
    "text",
    [
        "A military officer told Reuters by phone that the base was quiet.",
        "A resident who spoke by phone from the town said the market was closed.",
        "Residents reached by telephone said the roads were empty.",
        "The governor said by phone that schools would reopen.",
    ],
)
def test_talking_to_the_press_by_phone_is_no_consultation(nlp, text: str) -> None:
    assert "phone" not in _mentions(nlp, text)


def test_leaders_talking_by_phone_is_a_consultation(nlp) -> None:
    assert "phone" in _mentions(nlp, "The president spoke by phone with the prime minister.")
    assert "phone" in _mentions(nlp, "The foreign minister telephoned his counterpart on Monday.")


@pytest.mark.parametrize(
    ("text", "key", "status"),
    [
        ("Analysts warned that violence could spread to the south.", "warn", "sourcing"),
        ("The agency warned that the crisis could push millions into hunger.", "warn",
         "forecast"),
        ("The ministry warned of a humanitarian catastrophe.", "warn", "forecast"),
    ],
)
def test_forecasts_are_not_threats(nlp, text: str, key: str, status: str) -> None:
    assert _status(nlp, text, key) == status


@pytest.mark.parametrize(
    "text",
    [
        "The council warned that security forces would deal firmly with the protesters.",
        "The group warned voters to stay away from the polls.",
        "The government warned of retaliation.",
    ],
)
def test_a_warning_of_ones_own_force_is_a_threat(nlp, text: str) -> None:
    assert _status(nlp, text, "warn") == "ok"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Had it exploded, dozens of people could have been killed.", "explode"),
        ("Clashes between the two parties are likely.", "clash"),
        ("The withdrawal of the troops would leave a vacuum, officials said.", "withdrawal"),
        ("The opposition said they could threaten the capital.", "threaten"),
    ],
)
def test_counterfactuals_and_forecasts_are_not_events(nlp, text: str, key: str) -> None:
    assert _status(nlp, text, key) in ("hypothetical", "plan")


@pytest.mark.parametrize(
    "text",
    [
        "Police prepared for a march planned for Thursday.",
        "Security was tightened ahead of the march.",
    ],
)
def test_planned_events_are_not_events(nlp, text: str) -> None:
    assert "protest" not in _mentions(nlp, text)


def test_a_denial_covers_every_act_it_denies(nlp) -> None:
    text = "Police denied reports that gunmen had attacked a school and abducted pupils."
    assert _mentions(nlp, text) == []


def test_no_one_killed_keeps_the_event(nlp) -> None:
    text = "A bomb exploded near a police station on Monday, but no one was killed."
    assert "ied" in _mentions(nlp, text)


def test_heard_gunfire_is_a_witness_account(nlp) -> None:
    assert _status(nlp, "A resident said he heard gunfire in the night.", "gunfire") == (
        "perceived")


def test_protest_leaders_are_people_not_a_protest(nlp) -> None:
    assert "protest" not in _mentions(nlp, "Protest leaders met the governor on Monday.")


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("Reuters", True), ("the Guardian", True), ("AFP", True),
        ("Lusa news agency", True), ("Radio Free Asia", True), ("state television", True),
        ("Guardian Council", False), ("Syrian Democratic Forces", False),
        ("International Atomic Energy Agency", False), ("Taliban", False),
    ],
)
def test_outlets(name: str, outlet: bool) -> None:
    assert is_outlet(name) is outlet


def test_an_outlet_is_never_an_actor(pipeline) -> None:
    text = ("Gunmen killed four soldiers near the border on Monday, "
            "Lusa news agency reported, citing a military source.")
    (result,) = pipeline.process([Article("o1", text)])
    names = [a.name for e in result.events for a in (e.actor1, e.actor2) if a is not None]
    assert names and not any(is_outlet(n) for n in names), names
