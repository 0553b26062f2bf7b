"""Golden table: short texts written for these tests, with their exact coding.

Each row: text, expected ACLED sub-event type of the main event (None = no ACLED event),
expected PLOVER type of the main event (None = no event at all). The main event is the
highest-confidence mention at or above the assembler's default threshold (0.3).
"""

from __future__ import annotations

import pytest

from conftest import make_workdoc
from eventcoder.stages.classify import EventClassifier
from eventcoder.stages.detect import EventDetector

GOLDEN = [
    # --- Battles
    ("Government troops recaptured the town of Kalam from rebels on Monday.",
     "Government regains territory", "ASSAULT"),
    ("Jihadist militants seized control of two villages near the border after heavy fighting.",
     "Non-state actor overtakes territory", "ASSAULT"),
    ("Soldiers clashed with insurgents near the provincial capital, leaving five fighters dead.",
     "Armed clash", "ASSAULT"),
    ("Rebels ambushed an army convoy on the highway, killing three soldiers.",
     "Armed clash", "ASSAULT"),
    ("Artillery fire and gun battles raged between the army and rebels around the city.",
     "Armed clash", "ASSAULT"),
    # --- Protests
    ("Thousands of teachers marched through the capital to protest against low wages.",
     "Peaceful protest", "PROTEST"),
    ("Police fired tear gas and water cannon to disperse hundreds of student protesters.",
     "Protest with intervention", "ASSAULT"),
    ("Security forces opened fire on peaceful demonstrators, killing four protesters.",
     "Excessive force against protesters", "ASSAULT"),
    # --- Riots
    ("Protesters threw stones at police and set tyres on fire during the demonstration.",
     "Violent demonstration", "PROTEST"),
    ("An angry mob lynched a man accused of theft in the village.",
     "Mob violence", "ASSAULT"),
    # --- Explosions/Remote violence
    ("Warplanes carried out airstrikes on the rebel-held town, killing 12 people.",
     "Air/drone strike", "ASSAULT"),
    ("A drone strike hit a vehicle carrying militant commanders.",
     "Air/drone strike", "ASSAULT"),
    ("The coalition conducted air and artillery strikes against the attacking forces.",
     "Air/drone strike", "ASSAULT"),
    ("Mortar shells landed on a residential district, wounding seven residents.",
     "Shelling/artillery/missile attack", "ASSAULT"),
    ("A roadside bomb exploded near a police patrol, killing two officers.",
     "Remote explosive/landmine/IED", "ASSAULT"),
    ("A suicide bomber blew himself up at a crowded market, killing 20 people.",
     "Suicide bomb", "ASSAULT"),
    ("Unidentified attackers hurled a grenade at a police station, injuring three officers.",
     "Grenade", "ASSAULT"),
    ("Government helicopters dropped barrels of chlorine gas on the town, residents said.",
     "Chemical weapon", "ASSAULT"),
    # --- Violence against civilians
    ("Gunmen opened fire on worshippers leaving a mosque, killing six civilians.",
     "Attack", "ASSAULT"),
    ("Soldiers raped several women during a raid on the village, a rights group said.",
     "Sexual violence", "ASSAULT"),
    ("Armed men kidnapped a local journalist from his home on Sunday night.",
     "Abduction/forced disappearance", "ASSAULT"),
    # --- Strategic developments
    ("The warring parties agreed to a ceasefire and a prisoner exchange on Friday.",
     "Agreement", "AGREE"),
    ("Police arrested 45 opposition activists in the capital overnight.",
     "Arrests", "COERCE"),
    ("Hundreds of fighters defected from the rebel group to the government side.",
     "Change to group/activity", "MOBILIZE"),
    ("Soldiers seized a large cache of weapons and ammunition during a search.",
     "Disrupted weapons use", "COERCE"),
    ("Police found and defused an improvised explosive device near the airport.",
     "Disrupted weapons use", "COERCE"),
    ("Foreign troops set up a new military base near the northern town.",
     "Headquarters or base established", "MOBILIZE"),
    ("Militiamen looted shops and burned houses in the market town.",
     "Looting/property destruction", "ASSAULT"),
    ("Rebel fighters withdrew from the town under an evacuation deal with the government.",
     "Non-violent transfer of territory", "RETREAT"),
    ("Investigators discovered a mass grave containing dozens of bodies near the city.",
     "Other", "COERCE"),
    # --- non-violent PLOVER events: no ACLED type
    ("The two foreign ministers held talks in Geneva on Tuesday.", None, "CONSULT"),
    ("The president threatened to expel the ambassador over the dispute.", None, "THREATEN"),
    ("The government rejected the opposition's proposal for early elections.", None, "REJECT"),
    ("The opposition leader accused the government of rigging the vote.", None, "ACCUSE"),
    ("The UN urged both sides to return to the negotiating table.", None, "REQUEST"),
    ("The European Union imposed new sanctions on the regime.", None, "SANCTION"),
    ("Japan donated 10 tons of medicine to the flood victims.", None, "AID"),
    ("The minister praised the army's efforts to restore order.", None, "SUPPORT"),
    # --- non-events: nothing at all
    ("Officials denied that any airstrike had taken place in the area.", None, None),
    ("No one was attacked and no shots were fired, police said.", None, None),
    ("If the talks fail, the rebels could attack the capital.", None, None),
    ("The army plans to launch an offensive against the rebels next month.", None, None),
    ("Opposition leaders called for protests across the country.", None, "REQUEST"),
    ("This is not the first time the militia has clashed with the army.", None, None),
    ("Residents gathered to mark the anniversary of the 2015 massacre.", None, None),
    ("A strong earthquake killed eight people and damaged hundreds of buildings.", None, None),
    ("A gas cylinder explosion at a restaurant killed two workers.", None, None),
    ("Police arrested three men suspected of drug smuggling.", None, "COERCE"),
    ("The pro-government forces, backed by artillery and tanks, hold the ridge.", None, None),
]


def _main(nlp, text: str):
    wd = make_workdoc(nlp, text)
    EventClassifier()(EventDetector()(wd))
    ms = [m for m in wd.mentions if m.confidence >= 0.3]
    return max(ms, key=lambda m: m.confidence) if ms else None, ms


@pytest.mark.parametrize(("text", "sub_type", "plover"), GOLDEN)
def test_golden(nlp, text: str, sub_type: str | None, plover: str | None) -> None:
    main, mentions = _main(nlp, text)
    acled = [m for m in mentions if m.event_type]
    if sub_type is None:
        assert not acled, [(m.sub_event_type, m.trigger_key) for m in acled]
    else:
        best = max(acled, key=lambda m: m.confidence) if acled else None
        assert best is not None and best.sub_event_type == sub_type, (
            best and (best.sub_event_type, best.trigger_key)
        )
    if plover is None:
        assert main is None, (main.plover_type, main.trigger_key)
    else:
        assert main is not None and main.plover_type == plover, (
            main and (main.plover_type, main.trigger_key)
        )


def test_golden_covers_every_sub_type() -> None:
    from eventcoder.stages.detect import load_lexicon

    expected = {tuple(c["acled"])[1] for c in load_lexicon().classes.values() if c["acled"]}
    assert expected <= {row[1] for row in GOLDEN}


# ---------------------------------------------------------------- whole articles: precision

ARTICLES = [
    # a detail sentence about the same shelling (same town, no new date) folds in
    ("Artillery shelled a market in Donetsk on Sunday, killing three civilians, the mayor "
     "said.\n\nThe shells struck a bus stop and a pharmacy near the market, he said.",
     ["Shelling/artillery/missile attack"]),
    # the agreement, its headline verb and "the ceasefire" are one Agreement
    ("Sudan's army and the RSF agree to ceasefire\n\nSudan's army and the Rapid Support "
     "Forces agreed on Saturday to a week-long ceasefire, Saudi mediators said.\n\n"
     "The ceasefire allows aid convoys to reach Khartoum, the mediators said.",
     ["Agreement"]),
    # a routine troop movement after an ambush is no ACLED event of its own; a habitual
    # statement is none at all
    ("Gunmen ambushed a police patrol near Maiduguri on Thursday, killing six officers, a "
     "police spokesman said.\n\nInsurgents have frequently attacked patrols on the road. "
     "Police said reinforcements had been deployed to the area.",
     ["Armed clash", "MOBILIZE"]),
    # displacement caused by the fighting is part of the battle
    ("Troops clashed with rebels on Tuesday near Bunia, officials said, forcing hundreds "
     "of families to flee.", ["Armed clash"]),
    # arrests at the protest are its intervention, not a separate Arrests record
    ("Thousands of teachers marched in Lagos on Monday to oppose a pay cut.\n\n"
     "Police arrested 25 protesters, a police spokesman said.",
     ["Protest with intervention"]),
]


@pytest.mark.parametrize(("text", "expected"), ARTICLES)
def test_one_record_per_event_in_an_article(pipeline, text: str, expected: list[str]) -> None:
    import datetime as dt

    from eventcoder.model import Article

    article = Article("p1", text, None, dt.date(2023, 5, 20))
    [result] = list(pipeline.process([article]))
    got = sorted(e.sub_event_type or e.plover_type for e in result.events if not e.background)
    assert got == sorted(expected), [(e.sub_event_type, e.plover_type) for e in result.events]
