"""Within-article aggregation (assemble.aggregate): one record per real event, its side acts
folded in, and distinct events kept apart. Mentions are written by hand, as later stages
would leave them; the short passages in ``TEXT`` give paragraphs and separation cues."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.document import DetectNotes, Mention
from eventcoder.model import Actor, Place
from eventcoder.stages.assemble import aggregate
from eventcoder.stages.notes import write_note

DAY = dt.date(2021, 3, 1)
TOWN = Place("Alpha", "Alpha", "city", "North", None, "Testland", "TST", 1.0, 1.0, 1, 1)
TOWN2 = Place("Beta", "Beta", "city", "South", None, "Testland", "TST", 2.0, 2.0, 2, 1)
REGION = Place("North", "North", "admin1", "North", None, "Testland", "TST", 1.5, 1.5, 3, 3)
COUNTRY = Place("Testland", "Testland", "country", None, None, "Testland", "TST", 1.0, 1.0, 4, 3)
REBELS = Actor("Front of Testland", "the Front", "Rebel group", 2, "TST", "REB", None)
UNNAMED = Actor("Unidentified Armed Group (Testland)", "gunmen", "Political militia", 3, "TST",
                "UAF", None)
NAMED = Actor("Militia of the North", "the militia", "Political militia", 3, "TST", "UAF",
              None)
ARMY = Actor("Military Forces of Testland", "soldiers", "State forces", 1, "TST", "MIL", None)
POLICE = Actor("Police Forces of Testland", "police", "State forces", 1, "TST", "COP", None)
CIVILIANS = Actor("Civilians (Testland)", "villagers", "Civilians", 7, "TST", "CVL", None)
PROTESTERS = Actor("Protesters (Testland)", "protesters", "Protesters", 6, "TST", "CVL", None)

TYPES = {
    "Attack": ("Violence against civilians", "ASSAULT"),
    "Armed clash": ("Battles", "ASSAULT"),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", "ASSAULT"),
    "Peaceful protest": ("Protests", "PROTEST"),
    "Looting/property destruction": ("Strategic developments", "ASSAULT"),
    "Disrupted weapons use": ("Strategic developments", "COERCE"),
    "Arrests": ("Strategic developments", "COERCE"),
    "Agreement": ("Strategic developments", "AGREE"),
}


def _m(i: int, kind: str, text: str | None = None, **kw: object) -> Mention:
    """Mention in sentence ``i``; ``kind``: an ACLED sub-event type or a PLOVER type. With
    ``text`` the sentence offsets are those of its ``i``-th sentence (split on '. ')."""
    start, end = i * 100, i * 100 + 90
    if text is not None:
        sents = _sentences(text)
        start, end = sents[i]
    etype, plover = TYPES.get(kind, (None, kind))
    m = Mention(sent_index=i, sent=(start, end), trigger=(start, start + 3), trigger_key="x",
                detect_notes=DetectNotes(), event_type=etype,
                sub_event_type=kind if etype else None, plover_type=plover,
                background=False, event_date=DAY, date_precision="day", date_source="text",
                fatalities=0, confidence=0.8)
    m.add_evidence("event_type", *m.trigger)
    for k, v in kw.items():
        setattr(m, k, v)
    return m


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] in " \n"):
            out.append((start, i + 1))
            start = i + 2
            while start < len(text) and text[start] in " \n":
                start += 1
    return out


# ---------------------------------------------------------------- one incident, one record

TEXT = ("Gunmen attacked a village near Alpha on Monday, killing nine people. "
        "The attackers burned several houses and stole cattle. "
        "Police found 40 bullet casings at the scene. "
        "The massacre was blamed on the Front.")


def test_an_incident_and_its_side_acts_are_one_record() -> None:
    attack = _m(0, "Attack", TEXT, actor1=REBELS, actor2=CIVILIANS, location=TOWN,
                fatalities=9, fatalities_low=9, fatalities_high=9)
    looting = _m(1, "Looting/property destruction", TEXT, actor1=REBELS, location=TOWN)
    casings = _m(2, "Disrupted weapons use", TEXT, actor1=POLICE, location=TOWN)
    blame = _m(3, "ACCUSE", TEXT, actor2=REBELS, location=TOWN)
    parts: dict[int, list[Mention]] = {}
    out = aggregate([attack, looting, casings, blame], TEXT, parts)
    # the casings: police, not the attack's actors, but the same paragraph and its next
    # sentences; still the scene of the attack
    assert [m.sub_event_type for m in out] == ["Attack"]
    rec = out[0]
    assert rec.actor1 == REBELS and rec.fatalities == 9
    assert sorted(rec.merged or []) == [1, 2, 3]
    note = write_note(_finished(rec), parts[id(rec)])
    assert "property was also looted or destroyed" in note
    assert rec.evidence["notes"]  # the side acts' words support the note


def _finished(m: Mention) -> Mention:
    from eventcoder.document import CasualtyNotes

    m.fatalities_text = m.fatalities_text or []
    m.casualty_notes = CasualtyNotes()
    return m


def test_side_act_of_another_actor_far_away_stays_apart() -> None:
    text = ("Gunmen attacked a village near Alpha on Monday, killing nine people.\n\n"
            "Officials met on Tuesday. Talks went on. "
            "In the capital, police seized a weapons cache from a criminal gang.")
    attack = _m(0, "Attack", text, actor1=REBELS, actor2=CIVILIANS, location=TOWN)
    cache = _m(3, "Disrupted weapons use", text, actor1=POLICE, location=TOWN2)
    assert len(aggregate([attack, cache], text)) == 2


def test_restatements_pool_every_report() -> None:
    first = _m(0, "Remote explosive/landmine/IED", actor1=UNNAMED, location=REGION,
               date_precision="month", event_date=dt.date(2021, 3, 15),
               fatalities=3, fatalities_low=3, fatalities_high=3, fatalities_text=["3 dead"])
    again = _m(1, "Remote explosive/landmine/IED", actor1=NAMED, location=TOWN,
               fatalities=5, fatalities_low=5, fatalities_high=5, fatalities_text=["5 killed"])
    blast = _m(2, "Remote explosive/landmine/IED", detect_notes=DetectNotes(anaphoric=True))
    out = aggregate([first, again, blast])
    assert len(out) == 1
    rec = out[0]
    # the most specific value of each field: the town, the day, the named group
    assert rec.location == TOWN and rec.event_date == DAY and rec.date_precision == "day"
    assert rec.actor1 == NAMED
    # ACLED codes the lowest figure; the range of the reports is kept
    assert (rec.fatalities, rec.fatalities_low, rec.fatalities_high) == (3, 3, 5)
    assert rec.fatalities_text == ["3 dead", "5 killed"]
    assert rec.merged == [1, 2]


def test_a_later_statement_about_the_attack_is_the_same_event() -> None:
    attack = _m(0, "Attack", actor1=UNNAMED, actor2=CIVILIANS, location=TOWN, fatalities=7)
    statement = _m(3, "Armed clash", actor1=POLICE, actor2=UNNAMED,
                   event_date=DAY + dt.timedelta(days=1),
                   detect_notes=DetectNotes(anaphoric=True))
    assert len(aggregate([attack, statement])) == 1


def test_publication_date_is_no_date_of_its_own() -> None:
    first = _m(0, "Armed clash", actor1=ARMY, actor2=REBELS, location=TOWN)
    later = _m(2, "Armed clash", actor1=ARMY, location=TOWN, date_source="publication",
               event_date=DAY + dt.timedelta(days=2))
    out = aggregate([first, later])
    assert len(out) == 1 and out[0].event_date == DAY and out[0].date_source == "text"


def test_violence_by_the_police_at_a_protest_is_its_intervention() -> None:
    protest = _m(0, "Peaceful protest", actor1=PROTESTERS, actor2=POLICE, location=TOWN)
    beating = _m(1, "Attack", actor1=POLICE, actor2=CIVILIANS, location=TOWN)
    out = aggregate([protest, beating])
    assert [m.sub_event_type for m in out] == ["Protest with intervention"]
    shooting = _m(1, "Attack", actor1=POLICE, actor2=CIVILIANS, location=TOWN, fatalities=2)
    out = aggregate([_m(0, "Peaceful protest", actor1=PROTESTERS, actor2=POLICE,
                        location=TOWN), shooting])
    assert [m.sub_event_type for m in out] == ["Excessive force against protesters"]


def test_arrests_by_the_attackers_in_the_same_sentence_are_part_of_it() -> None:
    fire = _m(0, "Attack", actor1=POLICE, actor2=CIVILIANS, fatalities=1)
    arrests = _m(0, "Arrests", actor1=POLICE, arrested=12)
    out = aggregate([fire, arrests])
    assert len(out) == 1 and out[0].arrested == 12


# ---------------------------------------------------------------- distinct events stay apart


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (_m(1, "Attack", actor1=REBELS, actor2=CIVILIANS, location=TOWN2),
         "the same day in another town"),
        (_m(1, "Attack", actor1=REBELS, actor2=CIVILIANS, location=TOWN, background=True,
            event_date=dt.date(2019, 5, 4)), "a recalled attack"),
        (_m(1, "Attack", actor1=REBELS, actor2=CIVILIANS, location=TOWN,
            event_date=DAY - dt.timedelta(days=3)), "another day"),
        (_m(1, "Armed clash", actor1=ARMY, actor2=NAMED, location=TOWN),
         "another kind of event between other actors"),
        (_m(1, "Attack", actor1=NAMED, actor2=ARMY, location=TOWN),
         "other actors on both sides"),
        (_m(1, "Agreement", actor1=ARMY, actor2=NAMED, location=TOWN),
         "a strategic development that is no part of an attack"),
        (_m(1, "ACCUSE", actor1=ARMY, actor2=NAMED, location=TOWN),
         "an accusation between other actors"),
    ],
)
def test_distinct_events_are_not_merged(other: Mention, why: str) -> None:
    first = _m(0, "Attack", actor1=REBELS, actor2=CIVILIANS, location=TOWN)
    assert len(aggregate([first, other])) == 2, why


def test_a_separate_attack_is_not_a_restatement() -> None:
    text = ("Gunmen killed nine people in Alpha on Monday. "
            "In a separate attack, gunmen killed two farmers.")
    first = _m(0, "Attack", text, actor1=UNNAMED, actor2=CIVILIANS, location=TOWN)
    second = _m(1, "Attack", text, location=REGION, actor2=CIVILIANS,
                trigger=(text.index("attack, gunmen"), text.index("attack, gunmen") + 6))
    second.evidence = {"event_type": [second.trigger]}
    assert len(aggregate([first, second], text)) == 2
    # without the cue the unplaced detail sentence folds into the attack
    plain = text.replace("In a separate attack, gunmen", "Gunmen")
    third = _m(1, "Attack", plain, location=REGION, actor2=CIVILIANS)
    assert len(aggregate([_m(0, "Attack", plain, actor1=UNNAMED, actor2=CIVILIANS,
                             location=TOWN), third], plain)) == 1


def test_side_act_never_joins_commentary() -> None:
    named = _m(0, "Attack", actor1=REBELS, location=TOWN,
               detect_notes=DetectNotes(status="referenced"))
    looting = _m(1, "Looting/property destruction", actor1=REBELS, location=TOWN)
    assert len(aggregate([named, looting])) == 2
