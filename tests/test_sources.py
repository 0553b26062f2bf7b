"""Sources: who reports each fact, and of what kind."""

from __future__ import annotations

import pytest

from _dcs_helpers import run
from eventcoder.stages.sources import find_attributions

# (sentence, [(name, kind)])
ATTRIBUTIONS = [
    ("The coalition conducted strikes, killing over 100 fighters, the coalition said in a "
     "statement.", [("the coalition", "statement")]),
    ('"Pro-regime forces included 500 personnel", a USA military official said, according to '
     "Radio Free Europe.", [("a USA military official", "official"),
                            ("Radio Free Europe", "media")]),
    ("Three people were killed, witnesses told AFP.", [("witnesses", "witness"),
                                                       ("AFP", "media")]),
    ("Local media reported that 12 people died.", [("Local media", "local")]),
    ("Human Rights Watch said the strike killed 20 civilians.", [("Human Rights Watch", "ngo")]),
    ("At least 156 people were killed, the UN refugee agency reported.",
     [("the UN refugee agency", "ngo")]),
    ("Two people were killed, according to a police spokesman who asked not to be named.",
     [("a police spokesman", "official")]),
    ('"We will respond," said Defence Minister John Smith.',
     [("Defence Minister John Smith", "official")]),
    ("Gunmen attacked the bus, residents said.", [("residents", "local")]),
    ("The raid killed 5 militants, Reuters reported, citing security sources.",
     [("Reuters", "media"), ("security sources", "official")]),
    ("Islamic State claimed responsibility for the attack in a statement.",
     [("Islamic State", "statement")]),
    ("He said the attack was carried out by gunmen.", []),
    ("The United States and Turkey support differing rebel groups.", []),
    ("No group has claimed responsibility for the attack.", []),
    ("Nobody said anything about the blast, the army said.", [("the army", "official")]),
]


@pytest.mark.parametrize("text,expected", ATTRIBUTIONS)
def test_attributions(text, expected):
    found = [(a.name, a.kind) for a in find_attributions(text) if not a.denial]
    assert found == expected


def test_quote_is_the_attributing_words():
    text = "Gunmen killed 4 people, the police said in a statement on Monday."
    [a] = find_attributions(text)
    assert text[a.start:a.end] == "the police said in a statement"


def test_denial_is_not_a_source(blank):
    text = ("Gunmen attacked the village, police said. "
            "The army denied any involvement in the attack.")
    m = run(blank, text).mentions[0]
    assert [(s.name, s.kind) for s in m.sources] == [("police", "official")]
    assert m.source_notes is not None and m.source_notes.denials == ("The army denied",)


def test_sources_carry_evidence_and_outlet(blank):
    text = "Gunmen killed 4 people on Monday, witnesses told AFP."
    m = run(blank, text, outlet="The Daily Star").mentions[0]
    assert [(s.name, s.kind) for s in m.sources] == [
        ("witnesses", "witness"), ("AFP", "media"), ("The Daily Star", "media")]
    spans = m.evidence["sources"]
    assert [text[s:e] for s, e in spans] == ["witnesses told", "told AFP"]


def test_sources_from_a_later_sentence_of_the_same_event(blank):
    text = ("Jets struck a convoy on Wednesday.\n\n"
            "One fighter was wounded in the incident, the official said.")
    m = run(blank, text, "2018-02-08", mentions=[(0, "struck")]).mentions[0]
    assert [(s.name, s.kind) for s in m.sources] == [("the official", "official")]
    assert m.injured == 1


def test_told_reporters_is_not_a_second_source():
    found = find_attributions("Two soldiers died, a police spokesman told reporters.")
    assert [(a.name, a.kind) for a in found] == [("a police spokesman", "official")]


@pytest.mark.parametrize("text,expected", [
    ("KABUL (Reuters) - A bomb killed 5 people on Friday.", [("Reuters", "media")]),
    ("Kabul, Afghanistan (AP) — A bomb killed 5 people on Friday.", [("AP", "media")]),
    # not a dateline: the bracket does not name a news agency
    ("The Syrian Observatory (SOHR) - a monitor - counted 5 dead.", []),
])
def test_dateline_agency_is_a_media_source(blank, text, expected):
    m = run(blank, text).mentions[0]
    assert [(s.name, s.kind) for s in m.sources] == expected
