"""Event classification (codes, hierarchy, modes, evidence, confidence) and within-article
aggregation (assemble.aggregate)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_workdoc
from eventcoder.document import DetectNotes, Mention
from eventcoder.model import Actor, Place
from eventcoder.stages.assemble import aggregate
from eventcoder.stages.classify import EventClassifier
from eventcoder.stages.detect import EventDetector, load_lexicon

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def classify(nlp, text: str) -> list[Mention]:
    wd = make_workdoc(nlp, text)
    return EventClassifier()(EventDetector()(wd)).mentions


def main(nlp, text: str) -> Mention:
    return max(classify(nlp, text), key=lambda m: m.confidence)


def test_ontology_uses_exact_codebook_spellings() -> None:
    lex = load_lexicon()
    allowed = {
        "Battles": {"Government regains territory", "Non-state actor overtakes territory",
                    "Armed clash"},
        "Protests": {"Excessive force against protesters", "Protest with intervention",
                     "Peaceful protest"},
        "Riots": {"Violent demonstration", "Mob violence"},
        "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                       "Shelling/artillery/missile attack",
                                       "Remote explosive/landmine/IED", "Grenade"},
        "Violence against civilians": {"Sexual violence", "Attack",
                                       "Abduction/forced disappearance"},
        "Strategic developments": {"Agreement", "Arrests", "Change to group/activity",
                                   "Disrupted weapons use", "Headquarters or base established",
                                   "Looting/property destruction",
                                   "Non-violent transfer of territory", "Other"},
    }
    seen = set()
    for info in lex.classes.values():
        assert info["plover"] in PLOVER
        if info["acled"]:
            etype, sub = info["acled"]
            assert sub in allowed[etype]
            seen.add(sub)
    assert seen == set().union(*allowed.values())


def test_air_outranks_ground_fire_and_keeps_evidence(nlp) -> None:
    text = "The coalition conducted air and artillery strikes, killing over 100 fighters."
    m = main(nlp, text)
    assert (m.event_type, m.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert m.disorder_type == "Political violence"
    assert m.plover_type == "ASSAULT" and "aerial" in m.plover_mode
    assert m.cameo_root == "19"
    quotes = {text[s:e] for s, e in m.evidence["event_type"]}
    assert "air and artillery strikes" in quotes
    assert m.evidence["plover_type"] and m.evidence["sub_event_type"]
    assert 0.0 <= m.confidence <= 1.0


def test_remote_violence_inside_a_battle_is_a_battle(nlp) -> None:
    m = main(nlp, "Troops and rebels clashed and shelled each other's positions near the town.")
    assert m.sub_event_type == "Armed clash"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Gunmen shot dead four villagers in their homes.", True),
        ("Gunmen attacked an army checkpoint, killing two soldiers.", False),
    ],
)
def test_civilian_victims_flag(nlp, text: str, flagged: bool) -> None:
    m = main(nlp, text)
    assert m.class_notes is not None and m.class_notes.civilian_victims is flagged
    assert m.sub_event_type == ("Attack" if flagged else "Armed clash")


@pytest.mark.parametrize(
    ("text", "plover", "mode"),
    [
        ("The rebels said they would attack the capital.", "THREATEN", "violence"),
        ("The minister will visit Paris next week.", "AGREE", None),
        ("The president refused to meet the rebel leaders.", "REJECT", None),
        ("The foreign minister telephoned his Iranian counterpart.", "CONSULT", "phone"),
    ],
)
def test_plover_tense_rules(nlp, text: str, plover: str, mode: str | None) -> None:
    m = main(nlp, text)
    assert m.plover_type == plover
    assert m.event_type is None and m.sub_event_type is None and m.disorder_type is None
    if mode:
        assert mode in m.plover_mode


@pytest.mark.parametrize(
    ("text", "plover", "absent"),
    [
        # the governing verbal act wins over its purpose or subordinate clause
        ("The foreign minister will visit Kenya to mediate between the parties.", "AGREE",
         "CONSULT"),
        ("The minister resigned on Friday as protesters threatened to occupy parliament.",
         "RETREAT", "THREATEN"),
        ("The governor shortened the curfew in the northern districts on Monday.", "CONCEDE",
         "COERCE"),
        # a light verb gives way to its object; an order carried out is the act ordered
        ("The European Union imposed sanctions on three generals.", "SANCTION", "COERCE"),
        ("The court ordered the weekly magazine to suspend publication for a month.", "COERCE",
         "REQUEST"),
        ("The army ordered patrols in the city after the riots.", "MOBILIZE", "REQUEST"),
        # withdrawing non-military personnel is SANCTION 'withdraw'; announced, THREATEN
        ("The Security Council withdrew its observers from the border zone.", "SANCTION",
         "RETREAT"),
        ("The government said it would withdraw its ambassador and its aid workers from the "
         "country.", "THREATEN", "AGREE"),
        ("The first contingent of peacekeepers arrived in the capital on Sunday.", "AID",
         "MOBILIZE"),
        # coordinated acts of different types are two events
        ("The government opened the border crossing but refused entry to journalists.",
         "REJECT", None),
        ("Dozens of activists began collecting signatures for a referendum.", "PROTEST", None),
        ("The government plans to impose restrictions on foreign media.", "THREATEN", "COERCE"),
        ("The rebels said they will release the kidnapped engineers.", "AGREE", None),
    ],
)
def test_verbal_act_selection(nlp, text: str, plover: str, absent: str | None) -> None:
    types = {m.plover_type for m in classify(nlp, text)}
    assert plover in types, types
    assert absent not in types, types


def test_coordinated_acts_give_two_verbal_events(nlp) -> None:
    types = [m.plover_type for m in classify(
        nlp, "The government opened the border crossing but refused entry to journalists.")]
    assert sorted(types) == ["REJECT", "RETREAT"]


def test_referenced_event_ranks_below_the_reporting_act(nlp) -> None:
    ms = classify(nlp, "The government condemned the bombing of the market on Monday.")
    best = max(ms, key=lambda m: m.confidence)
    assert best.plover_type == "ACCUSE"


# ---------------------------------------------------------------- aggregation


def _m(i: int, sub: str, etype: str = "Explosions/Remote violence", **kw: object) -> Mention:
    m = Mention(sent_index=i, sent=(i * 10, i * 10 + 9), trigger=(i * 10, i * 10 + 3),
                trigger_key="x", event_type=etype, sub_event_type=sub)
    for k, v in kw.items():
        setattr(m, k, v)
    return m


DAY = dt.date(2018, 2, 7)
TOWN = Place("Khasham", "Khasham", "city", "Deir ez-Zor", None, "Syria", "SYR", 35.3, 40.3,
             1, 1)
OTHER = Place("Raqqa", "Raqqa", "city", "Raqqa", None, "Syria", "SYR", 35.9, 39.0, 2, 1)
A = Actor("Coalition", "coalition", "External/Other forces", 8, None, "MIL", None)
B = Actor("Military Forces of Syria", "regime", "State forces", 1, "SYR", "MIL", None)
C = Actor("Islamic State", "IS", "Rebel group", 2, None, "REB", None)


def test_restatement_and_back_reference_fold_into_one_event() -> None:
    first = _m(0, "Air/drone strike", actor1=A, actor2=B, location=TOWN, event_date=DAY,
               fatalities=100, fatalities_text=["over 100"])
    again = _m(3, "Air/drone strike", actor1=A, location=TOWN, event_date=DAY, fatalities=120)
    anaphor = _m(5, "Attack", "Violence against civilians", location=OTHER, event_date=DAY,
                 detect_notes=DetectNotes(anaphoric=True))
    out = aggregate([first, again, anaphor])
    assert len(out) == 1
    assert out[0].sub_event_type == "Air/drone strike"
    assert out[0].fatalities == 100  # lowest reported
    assert out[0].merged == [3, 5]


@pytest.mark.parametrize(
    ("other", "n"),
    [
        (_m(2, "Air/drone strike", actor1=A, actor2=B, location=OTHER, event_date=DAY), 2),
        (_m(2, "Air/drone strike", actor1=C, location=TOWN, event_date=DAY), 2),
        (_m(2, "Air/drone strike", actor2=B, location=TOWN, event_date=DAY), 1),
        (_m(2, "Air/drone strike", actor1=A, location=TOWN, event_date=dt.date(2017, 5, 18),
            background=True), 2),
        (_m(2, "Armed clash", "Battles", actor1=A, actor2=B, location=TOWN, event_date=DAY), 2),
        (_m(2, "Armed clash", "Battles", location=TOWN, event_date=DAY,
            detect_notes=DetectNotes(generic=True)), 1),
    ],
)
def test_aggregation_keeps_distinct_events_apart(other: Mention, n: int) -> None:
    first = _m(0, "Air/drone strike", actor1=A, actor2=B, location=TOWN, event_date=DAY)
    assert len(aggregate([first, other])) == n


def test_generic_first_mention_adopts_the_specific_type() -> None:
    first = _m(0, "Attack", "Violence against civilians", detect_notes=DetectNotes(generic=True))
    later = _m(1, "Suicide bomb", actor1=C, event_date=DAY)
    out = aggregate([first, later])
    assert len(out) == 1
    assert out[0].sub_event_type == "Suicide bomb" and out[0].actor1 == C


def test_aggregation_survives_missing_fields() -> None:
    ms = [_m(i, "Armed clash", "Battles") for i in range(3)]
    assert len(aggregate(ms)) == 1


# ---------------------------------------------------------------- precision: one record each


def test_routine_troop_movement_beside_an_attack_is_only_mobilize(nlp) -> None:
    text = ("A roadside bomb killed four soldiers near the town on Tuesday. "
            "The army said reinforcements had been sent to the area.")
    ms = classify(nlp, text)
    move = [m for m in ms if m.plover_type == "MOBILIZE"]
    assert len(move) == 1 and move[0].event_type is None
    assert any(m.sub_event_type == "Remote explosive/landmine/IED" for m in ms)


def test_troop_movement_as_the_news_is_a_change_to_group_activity(nlp) -> None:
    ms = classify(nlp, "The army deployed reinforcements to the northern border region.")
    assert [m.sub_event_type for m in ms] == ["Change to group/activity"]


KIEV = Place("Kyiv", "Kyiv", "city", "Kyiv", None, "Ukraine", "UKR", 50.45, 30.52, 3, 1)
CIV = Actor("Civilians (Ukraine)", "civilians", "Civilians", 7, "UKR", "CVL", None)
DISTRICT = Actor("Obolon", "Obolon", "Civilians", 7, "UKR", "CVL", None)
POLICE = Actor("Police Forces of Syria", "police", "State forces", 1, "SYR", "COP", None)


@pytest.mark.parametrize(
    ("first", "later", "n", "sub"),
    [
        # a detail sentence: same type and town, victims named differently
        (_m(0, "Shelling/artillery/missile attack", actor2=CIV, location=KIEV, event_date=DAY),
         _m(1, "Shelling/artillery/missile attack", actor2=DISTRICT, location=KIEV),
         1, "Shelling/artillery/missile attack"),
        # ... but another doer is another event
        (_m(0, "Shelling/artillery/missile attack", actor1=A, location=KIEV, event_date=DAY),
         _m(1, "Shelling/artillery/missile attack", actor1=C, location=KIEV),
         2, "Shelling/artillery/missile attack"),
        # "the truce" refers back to the agreement, whoever the actors read
        (_m(0, "Agreement", "Strategic developments", actor1=A, actor2=B, event_date=DAY),
         _m(1, "Agreement", "Strategic developments", actor2=C,
            detect_notes=DetectNotes(anaphoric=True)), 1, "Agreement"),
        # arrests reported as an act at the protest: one protest with intervention
        (_m(0, "Peaceful protest", "Protests", location=TOWN, event_date=DAY),
         _m(1, "Arrests", "Strategic developments", actor1=POLICE, location=TOWN,
            event_date=DAY, detect_notes=DetectNotes(predicate=True)),
         1, "Protest with intervention"),
        # arrests named as the protest's topic fold in without changing its kind
        (_m(0, "Peaceful protest", "Protests", location=TOWN, event_date=DAY),
         _m(1, "Arrests", "Strategic developments", location=TOWN, event_date=DAY),
         1, "Peaceful protest"),
        # arrests in another town stay apart
        (_m(0, "Peaceful protest", "Protests", location=TOWN, event_date=DAY),
         _m(1, "Arrests", "Strategic developments", location=OTHER, event_date=DAY),
         2, "Peaceful protest"),
        # "the blast" restates the suicide bombing (any explosive)
        (_m(0, "Suicide bomb", actor1=C, location=TOWN, event_date=DAY),
         _m(1, "Remote explosive/landmine/IED", location=TOWN, event_date=DAY,
            detect_notes=DetectNotes(generic_blast=True)), 1, "Suicide bomb"),
        # a bare "killed" sentence after protesters were shot is the same event
        (_m(0, "Excessive force against protesters", "Protests", actor1=POLICE,
            location=TOWN, event_date=DAY),
         _m(1, "Attack", "Violence against civilians", actor2=A,
            detect_notes=DetectNotes(generic=True)),
         1, "Excessive force against protesters"),
        # a bare "killed" sentence with no place of its own restates the attack
        (_m(0, "Attack", "Violence against civilians", actor1=C, actor2=B, location=TOWN),
         _m(1, "Attack", "Violence against civilians", actor2=POLICE,
            detect_notes=DetectNotes(generic=True)), 1, "Attack"),
    ],
)
def test_aggregation_folds_details_into_the_event(
    first: Mention, later: Mention, n: int, sub: str
) -> None:
    out = aggregate([first, later])
    assert len(out) == n
    assert out[0].sub_event_type == sub


def test_plover_only_restatement_folds_into_the_agreement() -> None:
    first = _m(0, "Agreement", "Strategic developments", location=TOWN, event_date=DAY)
    first.plover_type = "AGREE"
    verbal = _m(1, None, None, location=TOWN, event_date=DAY)  # type: ignore[arg-type]
    verbal.plover_type = "AGREE"
    other = _m(2, None, None, location=TOWN, event_date=DAY)  # type: ignore[arg-type]
    other.plover_type = "ACCUSE"
    assert len(aggregate([first, verbal, other])) == 2


@pytest.mark.parametrize(
    ("text", "arrests"),
    [
        # the arrest of the attack's suspect is a follow-up: PLOVER COERCE only
        ("A grenade attack on a bus station killed three people on Sunday. Police said "
         "the attacker was arrested hours later.", 0),
        # an arrest that is the news stays an ACLED Arrests event
        ("Police arrested 45 opposition activists in the capital overnight.", 1),
    ],
)
def test_arrest_of_suspects_after_an_attack_is_a_follow_up(nlp, text: str, arrests: int) -> None:
    ms = classify(nlp, text)
    assert sum(m.sub_event_type == "Arrests" for m in ms) == arrests
    assert any(m.plover_type == "COERCE" for m in ms)
