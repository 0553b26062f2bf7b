"""Casualty counts: numbers, number words, vague quantities, ranges, double reports."""

from __future__ import annotations

import pytest

from _dcs_helpers import run
from eventcoder.stages.casualties import find_figures

# (sentence, fatalities, low, high); low/high None when no figure was reported
FATALITIES = [
    ("The coalition conducted strikes, killing over 100 pro-regime fighters.", 100, 100, 100),
    ("A rare U.S. airstrike has killed approximately 100 pro-government troops.", 100, 100, 100),
    ("At least 25 people were killed in the attack.", 25, 25, 25),
    ("Nearly 30 people died in the fire set by rioters.", 30, 30, 30),
    ("More than 40 civilians were killed.", 40, 40, 40),
    ("Between 10 and 15 people were killed in the raid.", 10, 10, 15),
    ("10-15 people were killed in the raid.", 10, 10, 15),
    ("Dozens of people were killed in the shelling.", 12, 12, 12),
    ("Hundreds were killed in the fighting.", 100, 100, 100),
    ("Scores of villagers were killed by the militia.", 20, 20, 20),
    ("Tens of fighters were killed.", 10, 10, 10),
    ("Several soldiers were killed in the ambush.", 3, 3, 3),
    ("Many people were killed in the massacre.", 10, 10, 10),
    ("A dozen soldiers were killed near the border.", 12, 12, 12),
    ("Twenty-five people died when the bomb exploded.", 25, 25, 25),
    ("One hundred and twenty people were killed.", 120, 120, 120),
    ("The army said 1,200 rebels were killed.", 1200, 1200, 1200),
    ("Two Palestinian suicide bombers killed 23 people in Tel Aviv.", 23, 23, 23),
    ("Gunmen killed five soldiers and three civilians on Tuesday.", 8, 8, 8),
    ("The bombing killed 12 people, including 5 children.", 12, 12, 12),
    ("The death toll from the blast has risen to 45.", 45, 45, 45),
    ("The explosion left 10 people dead.", 10, 10, 10),
    ("Twenty-five people died on May 18, 2017.", 25, 25, 25),
    ("No one was killed in the blast.", 0, 0, 0),
    # not death counts
    ("Militants threatened to kill 20 hostages.", 0, None, None),
    ("Strikes killed and wounded 80 fighters.", 0, None, None),
    ("The attack caused casualties among the troops.", 0, None, None),
    ("3 casualties were reported in the bombing.", 0, None, None),
    ("Approximately 500 personnel attacked the base with tanks.", 0, None, None),
    ("The convoy was attacked 4 miles east of the river.", 0, None, None),
    ("Troops attacked the town on May 18.", 0, None, None),
]


@pytest.mark.parametrize("text,value,low,high", FATALITIES)
def test_fatalities(blank, text, value, low, high):
    m = run(blank, text).mentions[0]
    assert (m.fatalities, m.fatalities_low, m.fatalities_high) == (value, low, high)
    if low is not None:
        assert m.fatalities_text and m.evidence.get("fatalities")
    else:
        assert m.fatalities_text == []


# (sentence, injured, arrested)
OTHER_COUNTS = [
    ("One SDF fighter was wounded in the incident, the official said.", 1, None),
    ("A bombing killed one U.S. soldier and wounded two others.", 2, None),
    ("At least 30 killed, 45 injured in two mosque attacks.", 45, None),
    ("Dozens were injured when police fired tear gas.", 12, None),
    ("No one was hurt in the explosion.", 0, None),
    ("Gunmen killed three people in the market.", None, None),
    ("Police opened fire, killing one person and arresting 12.", None, 12),
    ("Police rounded up 35 protesters in the capital.", None, 35),
    ("Ten people were detained after the riot.", None, 10),
]


@pytest.mark.parametrize("text,injured,arrested", OTHER_COUNTS)
def test_injured_and_arrested(blank, text, injured, arrested):
    m = run(blank, text).mentions[0]
    assert m.injured == injured
    assert m.arrested == arrested
    if injured is not None:
        assert m.evidence.get("injured")


@pytest.mark.parametrize("text,value", [
    ("A journalist was killed in a car bomb explosion in Beirut.", 1),
    ("Hezbollah guerrillas killed the deputy chief of the militia.", 1),
    ("A Palestinian prisoner died in police custody.", 1),
    ("Soldiers killed civilians in the village.", 3),
    ("Teen killed as town protests for third day.", 1),
    ("A 25-year-old man was killed.", 1),
])
def test_counts_without_a_number_need_the_parse(nlp, text, value):
    assert run(nlp, text).mentions[0].fatalities == value


def test_same_deaths_reported_twice_count_once_at_the_lowest_figure(blank):
    text = ("Gunmen killed 12 people at the market on Monday.\n\n"
            "The death toll from the attack later rose to 15.")
    m = run(blank, text).mentions[0]
    assert (m.fatalities, m.fatalities_low, m.fatalities_high) == (12, 12, 15)
    assert len(m.fatalities_text) == 2


def test_a_precise_figure_beats_a_vague_one(blank):
    text = "Dozens were feared dead after the clashes. The UN said 26 were killed in the clashes."
    assert run(blank, text).mentions[0].fatalities == 26


def test_counts_stay_with_their_own_event(blank):
    text = ("A bomb killed 5 people in Kabul on Monday.\n\n"
            "In a separate attack, gunmen killed 3 police officers in Herat on Sunday.")
    wd = run(blank, text, "2018-03-07", mentions=[(0, "bomb"), (1, "attack")])
    assert [m.fatalities for m in wd.mentions] == [5, 3]


def test_restated_event_pools_phrases(blank):
    text = ("The coalition conducted strikes on Wednesday, killing over 100 fighters.\n\n"
            "A rare airstrike has killed approximately 100 pro-government troops.")
    wd = run(blank, text, "2018-02-08", mentions=[(0, "strikes"), (1, "airstrike")])
    main, again = wd.mentions
    assert main.fatalities == 100 and len(main.fatalities_text) == 2
    assert again.casualty_notes is not None
    assert again.fatalities == 0 and again.casualty_notes.in_main_event  # counted once


def test_civilian_victims_are_flagged(blank):
    m = run(blank, "The militia killed 7 villagers on Friday.").mentions[0]
    assert m.casualty_notes is not None
    assert m.casualty_notes.civilian_victims is True
    assert m.casualty_notes.victims == ("villagers",)


def test_figures_give_offsets_into_the_text():
    text = "Witnesses said 14 people were killed."
    [f] = find_figures(text, 100)
    assert (f.start, f.end) == (115, 100 + len(text) - 1)


def test_a_recalled_toll_does_not_lower_the_main_count(blank):
    text = ("Boko Haram fighters killed 30 villagers on Sunday. "
            "Last month, 20 people died in a similar raid nearby.")
    m = run(blank, text, "2018-03-07", mentions=[(0, "killed")]).mentions[0]
    assert m.fatalities == 30 and m.fatalities_text == ["killed 30 villagers"]


@pytest.mark.parametrize("text,value", [
    ("An attack on 5 May killed 12 people.", 12),
    ("Officials said the strike could have killed 20 people.", 0),
    ("The rebels vowed to kill 10 soldiers for every fighter lost.", 0),
])
def test_hypotheticals_and_month_names(blank, text, value):
    assert run(blank, text).mentions[0].fatalities == value


@pytest.mark.parametrize("text,value", [
    ("Two soldiers and three civilians were killed in the blast.", 5),
    ("Two police officers died and 10 rebels were also killed.", 12),
    ("Bomb kills 2 police officers, 3 paramilitaries in the north.", 5),
    ("At least 30 killed, 45 injured in mosque attacks.", 30),
    ("Six persons were killed and 23 others injured in grenade attacks.", 6),
    ("Police seized 234 pistols and 17,000 bullets were captured.", 0),
])
def test_lists_of_victims_add_up(blank, text, value):
    assert run(blank, text).mentions[0].fatalities == value


@pytest.mark.parametrize("text,value", [
    ("Twelve people, including three children, were killed in the blast.", 12),
    ("The bodies of 15 men were found near the river.", 15),
    ("The strike raised the number of dead to 30.", 30),
    ("The attack left at least 12 people dead and 30 wounded.", 12),
    ("Three people were shot dead at a checkpoint.", 3),
])
def test_more_wordings(blank, text, value):
    assert run(blank, text).mentions[0].fatalities == value


# -- issue 15: tolls over a period, recalled events, large numbers -------------------------


@pytest.mark.parametrize("text,value", [
    ("The earlier war left as many as half a million people dead.", 500000),
    ("About 2 million people died in the famine.", 2000000),
    ("1.5 million people were killed.", 1500000),
])
def test_large_numbers(text, value):
    assert [f.count.value for f in find_figures(text) if f.kind == "fatalities"] == [value]


@pytest.mark.parametrize("text", [
    "Hundreds of thousands of people could be killed, he warned.",
    "Thousands will die if the siege continues.",
])
def test_a_modal_between_count_and_verb_is_no_count(text):
    assert find_figures(text) == []


def test_a_war_toll_goes_to_no_record(blank):
    text = ("Shelling killed five civilians in the town on Tuesday. Syria's war, now in its "
            "ninth year, has killed more than 500,000 people.")
    m = run(blank, text, "2020-01-15", mentions=[(0, "Shelling")]).mentions[0]
    assert m.fatalities == 5 and m.fatalities_text == ["killed five civilians"]


def test_a_recalled_toll_stays_with_the_recalled_event(blank):
    text = ("A car bomb killed four people at a checkpoint on Wednesday, a year after a "
            "bombing at the same checkpoint killed 30.")
    wd = run(blank, text, "2018-11-09", mentions=[(0, "car bomb"), (0, "bombing")])
    assert wd.mentions[0].fatalities == 4
    assert wd.mentions[1].fatalities == 30 and wd.mentions[1].background


# issue 16: lists, attackers killed, estimates. (sentence, fatalities, low, high, attackers)
ATTACKERS_AND_LISTS = [
    ("Three soldiers and two civilians were killed when militants attacked the post.",
     5, 5, 5, 0),
    ("A police officer, a teacher and three students were killed when gunmen opened fire.",
     5, 5, 5, 0),
    ("Four policemen were killed when gunmen stormed the station. Police said three of the "
     "attackers were also killed.", 7, 7, 7, 3),
    ("Militants ambushed a convoy. Eleven soldiers and four volunteers were killed, along with "
     "about 20 of the assailants, the army said.", 35, 35, 35, 20),
    ("A suicide bomber detonated his vest at a checkpoint, killing himself and six others.",
     7, 7, 7, 1),
    ("Police killed two gunmen who attacked the post.", 2, 2, 2, 2),
    ("Gunmen attacked the town. Officials said six people were killed, but residents put the "
     "toll at 11.", 6, 6, 11, 0),
    ("Twelve people, including three children and two women, were killed in the blast.",
     12, 12, 12, 0),
    # "a bus" is no victim: the list does not open its clause
    ("Gunmen opened fire on a bus, and three students were killed.", 3, 3, 3, 0),
    ("Two of the soldiers were killed in the ambush.", 2, 2, 2, 0),
]


@pytest.mark.parametrize("text,value,low,high,attackers", ATTACKERS_AND_LISTS)
def test_lists_and_attackers_killed(blank, text, value, low, high, attackers):
    m = run(blank, text).mentions[0]
    assert (m.fatalities, m.fatalities_low, m.fatalities_high) == (value, low, high)
    assert m.attacker_fatalities == attackers


@pytest.mark.parametrize("text,value,attackers", [
    ("Unknown assailants shot dead a village chief and his son on Friday.", 2, 0),
    ("A 20-year-old man was shot dead by police during the protest.", 1, 0),
    ("Gunmen killed a policeman and two civilians at the market.", 3, 0),
    ("Soldiers stormed the house; the bomber also died.", 1, 1),
])
def test_parsed_victim_lists_and_attackers(nlp, text, value, attackers):
    m = next(x for x in run(nlp, text).mentions if x.fatalities)
    assert m.fatalities == value
    assert m.attacker_fatalities == attackers


@pytest.mark.parametrize("text", [
    "Taliban fighters attacked an outpost of the army's 205 Corps, killing two soldiers.",
    "Shelling hit positions of Brigade 93 near the town, killing two soldiers.",
    "A roadside bomb struck a convoy on Route 1, killing two soldiers.",
    "Rebels attacked the 3410th Regiment near the town, killing two soldiers.",
    "Two soldiers were killed as protesters demanded Resolution 2254 be applied.",
    "Fighting flared in the town, scene of the 2014 offensive, killing two soldiers.",
])
def test_unit_road_resolution_and_year_numbers_are_never_counts(blank, text):
    m = run(blank, text).mentions[0]
    assert (m.fatalities, m.fatalities_low, m.fatalities_high) == (2, 2, 2)
