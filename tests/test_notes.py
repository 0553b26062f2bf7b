"""Notes: ACLED-style summaries written from the fields, deterministic."""

from __future__ import annotations

import datetime as dt

from eventcoder.document import CasualtyNotes, Mention
from eventcoder.model import Actor, Place
from eventcoder.stages.notes import write_note


def _mention(**fields) -> Mention:
    """A finished mention: an air strike on 7 February 2018, no casualty figure."""
    m = Mention(0, (0, 10), (0, 5), "strike", event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike", plover_type="ASSAULT",
                event_date=dt.date(2018, 2, 7), date_precision="day", date_source="text",
                background=False, fatalities=0, fatalities_text=[],
                casualty_notes=CasualtyNotes())
    for k, v in fields.items():
        setattr(m, k, v)
    return m


def test_full_note():
    m = _mention(
        actor1=Actor("US-led coalition", "US-led coalition", inter=8),
        actor2=Actor("pro-government forces", "pro-regime forces", inter=1),
        location=Place("Khasham", "Khusham", admin1="Deir ez-Zor", country="Syria",
                       geo_precision=2),
        fatalities=100, fatalities_low=100, fatalities_high=100,
        fatalities_text=["killing over 100 pro-regime fighters"], injured=1,
        casualty_notes=CasualtyNotes(victims=("pro-regime fighters",),
                                     injured_victims=("SDF fighter",)),
    )
    assert write_note(m) == (
        "On 7 February 2018, US-led coalition conducted air/drone strikes on pro-government "
        "forces near Khasham (Deir ez-Zor). Over 100 pro-regime fighters were reportedly "
        "killed; 1 SDF fighter was injured.")
    assert write_note(m) == write_note(m)


def test_note_without_actors_place_or_counts():
    m = _mention(sub_event_type=None, event_type=None, plover_type="PROTEST",
                 date_precision="month", event_date=dt.date(2020, 3, 15))
    assert write_note(m) == "In March 2020, Unidentified actors protested."


def test_background_and_range():
    m = _mention(background=True, fatalities=10, fatalities_low=10, fatalities_high=15,
                 fatalities_text=["between 10 and 15 people were killed"])
    note = write_note(m)
    assert "(an earlier event recalled in the report)" in note
    assert "reports range from 10 to 15" in note


def test_zero_reported_and_publication_date():
    m = _mention(fatalities=0, fatalities_text=["No one was killed"], date_source="publication")
    note = write_note(m)
    assert note.startswith("On or before 7 February 2018")
    assert note.endswith("No fatalities were reported.")


def test_attackers_share_is_said_and_a_list_names_no_one_word():
    m = _mention(fatalities=7, attacker_fatalities=3, fatalities_low=7, fatalities_high=7,
                 fatalities_text=["Four policemen were killed", "three of the attackers"],
                 casualty_notes=CasualtyNotes(victims=("policemen", "attackers")))
    assert write_note(m).endswith("7 were reportedly killed, including 3 attackers.")
    m = _mention(fatalities=5, fatalities_low=5, fatalities_high=5,
                 fatalities_text=["Three soldiers and two civilians were killed"],
                 casualty_notes=CasualtyNotes(victims=("soldiers; civilians",)))
    assert write_note(m).endswith(" 5 were reportedly killed.")
