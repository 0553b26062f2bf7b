"""Actors stage, round 3: targets of giving and demanding, victims named alone, protest
targets, nested targets, trigger words in compounds, and dictionary aliases."""

from __future__ import annotations

import re

import pytest

from conftest import make_workdoc
from eventcoder.actors.tagger import ActorTagger
from eventcoder.document import Mention, WorkDoc

ERV = "Explosions/Remote violence"


def tag(nlp, tagger: ActorTagger, text: str, trigger: str, event_type: str | None,
        also: tuple[str, ...] = (), plover: str = "ASSAULT") -> tuple[WorkDoc, Mention]:
    """Tag one mention whose trigger is the first match of ``trigger``; ``also`` are more
    trigger words of the same event (as the classifier records them)."""
    wd = make_workdoc(nlp, text)
    found = re.search(rf"\b{re.escape(trigger)}\b", text)
    assert found
    s = wd.sentences()[0]
    m = Mention(0, (s.start_char, s.end_char), (found.start(), found.end()), trigger,
                event_type=event_type)
    m.plover_type = plover
    for word in (trigger, *also):
        hit = re.search(rf"\b{re.escape(word)}\b", text)
        assert hit
        m.add_evidence("event_type", hit.start(), hit.end())
    wd.mentions.append(m)
    tagger(wd)
    return wd, m


def names(m: Mention) -> tuple[str | None, str | None]:
    return (m.actor1.name if m.actor1 else None, m.actor2.name if m.actor2 else None)


CASES = [
    # dative: the receiver of a grant or of aid is the target
    ("Finland will give Tanzania a grant of 580 million shillings, officials said.", "grant",
     None, "AGREE", "Government of Finland", "Government of Tanzania"),
    ("The European Union gave Ghana 5 million dollars of aid for farming projects.", "aid",
     None, "AID", "European Union", "Government of Ghana"),
    # "X said that Y must ...": X demands, Y is addressed
    ("Russia said on Tuesday that Sudan must return a captured helicopter.", "return", None,
     "REQUEST", "Government of Russia", "Government of Sudan"),
    ("Britain said that Iran should release the detained sailors.", "release", None,
     "REQUEST", "Government of United Kingdom", "Government of Iran"),
    # targets nested in the object: "borders with Iran", "links with Serbia"
    ("Italy announced a suspension of air links with Serbia on Wednesday.", "suspension",
     None, "SANCTION", "Government of Italy", "Government of Serbia"),
    ("Russia closed its southern borders with Iran on Monday.", "closed", None, "SANCTION",
     "Government of Russia", "Government of Iran"),
    # the place acted upon by a noun trigger's clause (PLOVER)
    ("Turkish authorities have imposed a curfew in the town of Cizre.", "curfew", None,
     "COERCE", "Government of Turkey", "Civilians (Turkey)"),
    # protest targets: protested against, else the country protested in
    ("Turkish students marched in Ankara to protest against Sweden's decision.",
     "protest", "Protests", "PROTEST", "Protesters (Turkey)", "Government of Sweden"),
    ("Demonstrators in Baghdad blocked a road to show disapproval for the United States' policies.",
     "blocked", "Protests", "PROTEST", "Protesters (Iraq)", "Government of United States"),
    ("Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.", "demonstrated",
     "Protests", "PROTEST", "Protesters (Serbia)", "Government of Serbia"),
    # a trigger inside a compound: the head noun carries the roles
    ("Irish nationalist guerrillas wounded two British soldiers in a bomb attack.", "bomb",
     ERV, "ASSAULT", "Unidentified Rebel Group (Ireland)", "Military Forces of United Kingdom"),
]


@pytest.mark.parametrize(("text", "trigger", "event_type", "plover", "actor1", "actor2"),
                         CASES)
def test_roles(nlp, tagger, text, trigger, event_type, plover, actor1, actor2):
    _, m = tag(nlp, tagger, text, trigger, event_type, plover=plover)
    assert names(m) == (actor1, actor2)


@pytest.mark.parametrize(("text", "trigger", "victim", "attacker"), [
    ("12 militants killed in airstrikes in northern Afghanistan", "airstrikes",
     "Unidentified Armed Group (Afghanistan)", "Military Forces of Afghanistan"),
    ("Three Iraqi soldiers were killed by a roadside bomb in Mosul, Iraq.", "bomb",
     "Military Forces of Iraq", "Unidentified Armed Group (Iraq)"),
])
def test_victims_alone_in_remote_violence(nlp, tagger, text, trigger, victim, attacker):
    """Only the victims named: they stay actor2 and the attacker is inferred."""
    _, m = tag(nlp, tagger, text, trigger, ERV)
    assert names(m) == (attacker, victim)
    assert m.actor_notes is not None and m.actor_notes.inferred is True
    assert m.evidence["actor1"] == [m.trigger]


def test_named_attacker_in_remote_violence_infers_nothing(nlp, tagger):
    _, m = tag(nlp, tagger, "Russian forces shelled Kharkiv on Monday.", "shelled", ERV)
    assert m.actor1 is not None and m.actor1.name == "Military Forces of Russia"
    assert m.actor_notes is not None and not m.actor_notes.inferred


def test_victims_from_another_trigger_word(nlp, tagger):
    text = "British aircraft using guided missiles killed 4 Iraqis in an attack in Basra."
    _, m = tag(nlp, tagger, text, "missiles", ERV, also=("killed",))
    assert names(m) == ("Military Forces of United Kingdom", "Civilians (Iraq)")
    start, end = m.evidence["actor2"][0]
    assert text[start:end] == "Iraqis"


def test_protest_in_a_capital_names_no_target(nlp, tagger):
    _, m = tag(nlp, tagger, "Students marched in Khartoum, Sudan.", "marched", "Protests",
               plover="PROTEST")
    assert m.actor2 is None


def test_mediation_between_two_sides(nlp, tagger):
    text = "Qatar's emir launched a mediation effort between Bahrain and Saudi Arabia."
    _, m = tag(nlp, tagger, text, "mediation", None, plover="CONSULT")
    assert m.actor1 is not None and m.actor1.country == "QAT"
    assert m.actor2 is not None and m.actor2.name == "Government of Bahrain"


@pytest.mark.parametrize(("alias", "name"), [
    ("UPC", "UPC: Unity for Peace in Central Africa"),
    ("FPRC", "FPRC: Popular Front for the Rebirth of Central African Republic"),
    ("CPC", "CPC: Coalition of Patriots for Change"),
    ("3R", "3R: Return, Reclamation, Rehabilitation"),
    ("FACA", "Military Forces of Central African Republic"),
    ("Seleka", "Seleka"),
    ("Taleban", "Taliban"),
    ("Forces of the Caucasus Emirate", "Caucasus Emirate"),
])
def test_group_aliases(dictionary, alias, name):
    entry = dictionary.lookup_named(alias)
    assert entry is not None and entry.name == name


@pytest.mark.parametrize(("noun", "group"), [
    ("prisoner", "civilians"), ("detainee", "civilians"), ("inmates", "civilians"),
    ("serviceman", "military"),
])
def test_role_nouns(dictionary, noun, group):
    entry = dictionary.lookup_role(noun)
    assert entry is not None
    assert entry.name == dictionary.templates[group].name


def test_possessive_clitic_is_not_in_the_actor_words(nlp, tagger):
    text = "Iran rejected Iraqi President Saddam Hussein's proposal for a ceasefire."
    _, m = tag(nlp, tagger, text, "rejected", None, plover="REJECT")
    assert m.actor2 is not None and m.actor2.text == "Iraqi President Saddam Hussein"
    start, end = m.evidence["actor2"][0]
    assert text[start:end] == "Iraqi President Saddam Hussein"


def test_one_force_is_never_both_sides_of_an_attack(pipeline):
    import datetime as dt

    from eventcoder.model import Article

    text = ("Roadside bomb kills Chadian soldiers\n\nTwo Chadian soldiers were killed and five "
            "wounded on Friday when their vehicle struck an improvised explosive device near "
            "the lake, the army said.")
    [result] = pipeline.process([Article("chad", text, None, dt.date(2023, 5, 6))])
    [e] = [e for e in result.events if e.event_type == "Explosions/Remote violence"]
    assert e.actor2 is not None and e.actor2.name == "Military Forces of Chad"
    assert e.actor1 is None or e.actor1.name != e.actor2.name


@pytest.mark.parametrize(("text", "trigger", "actor1", "actor2"), [
    # "Y came / was under attack from X": X is the attacker, the subject Y the target
    ("A police station in Quetta came under attack from TTP militants on Friday.", "attack",
     "TTP militants", "police"),
    ("An army base near Mopti was under attack by JNIM fighters on Monday.", "attack",
     "JNIM fighters", "army"),
    # passive: "Y was attacked by X"
    ("An army convoy was attacked by rebels near Goma on Monday.", "attacked", "rebels",
     "army"),
    # "an attack by X on Y"
    ("An attack by militants on a military base in Borno killed four soldiers.", "attack",
     "militants", "soldiers"),
])
def test_attacked_side_is_actor2(nlp, tagger, text, trigger, actor1, actor2):
    _, m = tag(nlp, tagger, text, trigger, "Battles")
    assert m.actor1 is not None and actor1 in m.actor1.text
    assert m.actor2 is not None and actor2 in m.actor2.text


def test_attacker_named_by_another_trigger_word(pipeline):
    """The classifier's word is the attackers' noun ("gunmen"); the attack word names
    both sides ("an attack by gunmen on a police post")."""
    import datetime as dt

    from eventcoder.model import Article

    text = "Monday's attack by gunmen on a police post in Garissa killed three officers."
    [result] = pipeline.process([Article("ke", text, None, dt.date(2022, 12, 14))])
    pairs = [(e.actor1 and e.actor1.name, e.actor2 and e.actor2.name) for e in result.events]
    assert ("Unidentified Armed Group (Kenya)", "Police Forces of Kenya") in pairs
