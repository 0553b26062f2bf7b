"""Actors stage: dictionary loading and role assignment on hand-written sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import make_workdoc
from eventcoder.actors.dictionary import ActorDictionary
from eventcoder.actors.tagger import ActorTagger
from eventcoder.document import ClassNotes, Mention, WorkDoc
from eventcoder.errors import ActorFileError
from eventcoder.facts.interaction import interaction_code
from eventcoder.model import Toponym
from eventcoder.settings import Settings

VAC = "Violence against civilians"
ERV = "Explosions/Remote violence"


def tag(nlp, tagger: ActorTagger, text: str, trigger: str, event_type: str | None,
        class_notes: ClassNotes | None = None) -> tuple[WorkDoc, Mention]:
    """Tag one mention whose trigger is the last sentence's first match of ``trigger``."""
    wd = make_workdoc(nlp, text)
    sents = wd.sentences()
    k = len(sents) - 1
    s = sents[k]
    found = re.search(rf"\b{re.escape(trigger)}\b", s.text)
    assert found, f"trigger {trigger!r} not in last sentence"
    start = s.start_char + found.start()
    m = Mention(k, (s.start_char, s.end_char), (start, start + len(trigger)), trigger,
                event_type=event_type, class_notes=class_notes)
    wd.mentions.append(m)
    tagger(wd)
    return wd, m


# ---------------------------------------------------------------------------- roles
# (text, trigger, event type, actor1 name, actor2 name); the trigger is in the last sentence
CASES = [
    # active voice
    ("Nigerian troops killed 12 Boko Haram fighters near Maiduguri.", "killed", "Battles",
     "Military Forces of Nigeria", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
    ("Al-Shabaab militants attacked a Kenyan police post in Mandera.", "attacked", "Battles",
     "Al Shabaab", "Police Forces of Kenya"),
    ("Malian soldiers clashed with JNIM fighters near Mopti.", "clashed", "Battles",
     "Military Forces of Mali", "JNIM: Group for Support of Islam and Muslims"),
    ("The Taliban attacked an Afghan army checkpoint in Helmand.", "attacked", "Battles",
     "Taliban", "Military Forces of Afghanistan"),
    ("Houthi rebels fired a missile at Saudi Arabia.", "fired", ERV,
     "Houthi Movement - Ansar Allah", "Military Forces of Saudi Arabia"),
    ("Hezbollah fired rockets at northern Israel.", "fired", ERV, "Hezbollah",
     "Military Forces of Israel"),
    ("Police arrested 20 protesters in Nairobi, Kenya.", "arrested", "Protests",
     "Protesters (Kenya)", "Police Forces of Kenya"),
    ("Gunmen killed five villagers in Zamfara, Nigeria.", "killed", VAC,
     "Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)"),
    # passive voice
    ("Five soldiers were killed by ISWAP militants in Borno, Nigeria.", "killed", "Battles",
     "Islamic State West Africa Province", "Military Forces of Nigeria"),
    ("A Syrian army convoy was attacked by Islamic State fighters near Palmyra.", "attacked",
     "Battles", "Islamic State (Syria)", "Military Forces of Syria"),
    ("Three farmers were abducted by bandits in Kaduna, Nigeria.", "abducted", VAC,
     "Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)"),
    ("Two journalists were shot dead by gunmen in Mogadishu, Somalia.", "shot", VAC,
     "Unidentified Armed Group (Somalia)", "Civilians (Somalia)"),
    # nominalisations
    ("The coalition's strikes on Islamic State positions killed 30 fighters in Raqqa, Syria.",
     "strikes", ERV, "Coalition: US-led Coalition against Islamic State", "Islamic State (Syria)"),
    ("Russian airstrikes on rebel positions in Idlib, Syria, killed ten people.", "airstrikes",
     ERV, "Military Forces of Russia", "Unidentified Rebel Group (Syria)"),
    ("An attack by al-Shabaab on an AMISOM base in Somalia left 20 dead.", "attack", "Battles",
     "Al Shabaab", "ATMIS: African Union Transition Mission in Somalia"),
    ("Israeli strikes on Hamas targets continued in Gaza.", "strikes", ERV,
     "Military Forces of Israel", "Hamas Movement"),
    ("Clashes between the RSF and the Sudanese army erupted in Khartoum.", "Clashes", "Battles",
     "RSF: Rapid Support Forces", "Military Forces of Sudan"),
    ("The army launched an offensive against M23 rebels in North Kivu, Congo.", "offensive",
     "Battles", "Military Forces of Democratic Republic of Congo", "M23: March 23 Movement"),
    # appositions
    ("Al-Shabaab, the Somali militant group, attacked a hotel in Mogadishu.", "attacked", VAC,
     "Al Shabaab", "Civilians (Somalia)"),
    ("The SDF, a US-backed alliance, captured the town from ISIS in Syria.", "captured",
     "Battles", "SDF: Syrian Democratic Forces", "Islamic State (Syria)"),
    ("Abu Bakar, a commander of Boko Haram, led the raid on Gwoza, Nigeria.", "raid", "Battles",
     "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", None),
    # coordination
    ("Russian and Iranian forces attacked rebel positions in Aleppo, Syria.", "attacked",
     "Battles", "Military Forces of Russia", "Unidentified Rebel Group (Syria)"),
    ("Protesters and students marched in Khartoum, Sudan.", "marched", "Protests",
     "Protesters (Sudan)", None),
    ("Chadian and Nigerien troops fought Boko Haram near Lake Chad.", "fought", "Battles",
     "Military Forces of Chad", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
    # relative clauses
    ("Militants who attacked the village killed 15 civilians in Burkina Faso.", "attacked", VAC,
     "Unidentified Armed Group (Burkina Faso)", "Civilians (Burkina Faso)"),
    ("The troops, which were ambushed by JNIM, lost four men in Mali.", "ambushed", "Battles",
     "JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali"),
    ("Villagers who were attacked by gunmen fled to Maiduguri, Nigeria.", "attacked", VAC,
     "Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)"),
    # across sentences
    ("Boko Haram fighters entered Konduga in Nigeria on Monday. They killed nine people.",
     "killed", VAC, "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
     "Civilians (Nigeria)"),
    ("Al-Shabaab claimed the raid in Somalia. The militants attacked a military base.",
     "attacked", "Battles", "Al Shabaab", "Military Forces of Somalia"),
    ("ISWAP fighters overran a base in Borno, Nigeria. The group then attacked soldiers.",
     "attacked", "Battles", "Islamic State West Africa Province", "Military Forces of Nigeria"),
    # one-sided violence: civilians are actor2, never actor1
    ("Civilians were killed in an airstrike by the Syrian air force in Idlib.", "airstrike", VAC,
     "Military Forces of Syria", "Civilians (Syria)"),
    ("Ten civilians died when soldiers opened fire in Mali.", "opened", VAC,
     "Military Forces of Mali", "Civilians (Mali)"),
    ("Armed men killed two traders in Ouagadougou, Burkina Faso.", "killed", VAC,
     "Unidentified Armed Group (Burkina Faso)", "Civilians (Burkina Faso)"),
    # generic actors get the country of the context
    ("Security forces killed three militants in central Mali.", "killed", "Battles",
     "Military Forces of Mali", "Unidentified Armed Group (Mali)"),
    ("Demonstrators clashed with riot police in Lagos, Nigeria.", "clashed", "Protests",
     "Protesters (Nigeria)", "Police Forces of Nigeria"),
    ("Rioters torched a police station in Bamako, Mali.", "torched", "Riots", "Rioters (Mali)",
     "Police Forces of Mali"),
    ("Pro-government forces shelled opposition areas in Syria.", "shelled", ERV,
     "Military Forces of Syria", None),
    # leaders by title, countries as actors (non-violent PLOVER events)
    ("Kenyan President William Ruto met Ugandan officials in Kampala.", "met", None,
     "Government of Kenya", "Government of Uganda"),
    ("Jordan and Britain agreed to hold joint exercises.", "agreed", None,
     "Government of Jordan", None),
    ("The European Union gave Mali 20 million euros in aid.", "gave", None, "European Union",
     "Government of Mali"),
    ("Nigeria's government accused Amnesty International of bias.", "accused", None,
     "Government of Nigeria", "Amnesty International"),
    ("The Prime Minister of Pakistan visited China.", "visited", None, "Government of Pakistan",
     "Government of China"),
    # own means are no target; "-led" is an agent; "from" after take-verbs is the other side
    ("Syria offered its troops to Lebanon.", "offered", None, "Government of Syria",
     "Government of Lebanon"),
    ("US-led airstrikes hit Islamic State positions in Raqqa, Syria.", "airstrikes", ERV,
     "Military Forces of United States", "Islamic State (Syria)"),
    ("Police confiscated weapons from Hamas militants in Gaza.", "confiscated", None,
     "Police Forces of Palestine", "Hamas Movement"),
    # a place acted upon stands for its people (PLOVER), not for violent events
    ("Turkish authorities imposed a curfew in Cizre.", "imposed", None,
     "Government of Turkey", "Civilians (Turkey)"),
    # abbreviations and aliases
    ("Daesh militants attacked Iraqi police in Kirkuk.", "attacked", "Battles",
     "Islamic State (Iraq)", "Police Forces of Iraq"),
    ("The IDF struck PIJ targets in Gaza.", "struck", ERV, "Military Forces of Israel",
     "PIJ: Palestinian Islamic Jihad"),
    ("NPA rebels ambushed Philippine soldiers in Samar.", "ambushed", "Battles",
     "NPA: New People's Army", "Military Forces of Philippines"),
    ("MONUSCO peacekeepers repelled an ADF attack near Beni, Congo.", "repelled", "Battles",
     "MONUSCO: United Nations Organization Stabilization Mission in the Democratic Republic "
     "of the Congo", "ADF: Allied Democratic Forces"),
]


@pytest.mark.parametrize(("text", "trigger", "event_type", "actor1", "actor2"), CASES)
def test_roles(nlp, tagger, text, trigger, event_type, actor1, actor2):
    wd, m = tag(nlp, tagger, text, trigger, event_type)
    got1 = m.actor1.name if m.actor1 else None
    got2 = m.actor2.name if m.actor2 else None
    assert got1 == actor1, (got1, got2)
    if actor2 is not None or event_type in (None, "Protests"):
        assert got2 == actor2, (got1, got2)
    if m.actor1 is not None:
        start, end = m.evidence["actor1"][0]
        assert wd.text[start:end] == m.actor1.text
        assert m.actor1.inter != 7  # civilians are never actor1


def test_battle_other_side_is_inferred(nlp, tagger):
    _, m = tag(nlp, tagger, "Twenty militants were killed in clashes in Mali.", "killed",
               "Battles")
    assert m.actor1 is not None and m.actor1.name == "Unidentified Armed Group (Mali)"
    assert m.actor2 is not None and m.actor2.name == "Military Forces of Mali"
    assert m.actor_notes is not None and m.actor_notes.inferred is True
    assert m.evidence["actor2"] == [m.trigger]


def test_battle_other_side_named_elsewhere(nlp, tagger):
    _, m = tag(nlp, tagger, "ISIS resurgence: 20 regime soldiers killed in Syria.", "killed",
               "Battles")
    names = {m.actor1.name if m.actor1 else None, m.actor2.name if m.actor2 else None}
    assert names == {"Military Forces of Syria", "Islamic State (Syria)"}
    assert m.actor_notes is not None and not m.actor_notes.inferred


def test_same_actor_is_not_both_sides(nlp, tagger):
    _, m = tag(nlp, tagger, "Serbia promised to democratize Serbia.", "promised", None)
    assert m.actor1 is not None and m.actor1.name == "Government of Serbia"
    assert m.actor2 is None


def test_coordination_gives_associated_actor(nlp, tagger):
    _, m = tag(nlp, tagger, "Russian and Iranian forces attacked rebels in Aleppo, Syria.",
               "attacked", "Battles")
    assert [a.name for a in m.assoc_actor_1] == ["Military Forces of Iran"]
    assert m.evidence["assoc_actor_1"]


def test_khasham_style_interaction(nlp, tagger):
    text = ("The US-led coalition conducted air strikes against pro-regime forces in Syria, "
            "killing 100 pro-regime fighters.")
    _, m = tag(nlp, tagger, text, "strikes", ERV)
    assert m.actor1 is not None and m.actor2 is not None
    assert (m.actor1.type, m.actor1.inter, m.actor1.country) == ("External/Other forces", 8, "USA")
    assert (m.actor2.name, m.actor2.inter, m.actor2.country) == ("Military Forces of Syria", 1,
                                                                 "SYR")
    assert m.actor2.text == "pro-regime forces"
    assert interaction_code(m.actor1, m.actor2) == 18


def test_foreign_state_forces_are_external(nlp, tagger):
    _, m = tag(nlp, tagger, "Turkish troops shelled Kurdish positions in northern Syria.",
               "shelled", ERV)
    assert m.actor1 is not None
    assert (m.actor1.name, m.actor1.inter, m.actor1.type) == (
        "Military Forces of Turkey", 8, "External/Other forces")


def test_civilian_victims_flag_makes_civilian_actor2(nlp, tagger):
    _, m = tag(nlp, tagger, "Gunmen opened fire on a bus in Mandera, Kenya.", "opened", None,
               ClassNotes("attack", civilian_victims=True))
    assert m.actor2 is not None and m.actor2.name == "Civilians (Kenya)"
    assert m.actor2.inter == 7 and m.actor2.type == "Civilians"


def test_none_event_type_is_tolerated(nlp, tagger):
    _, m = tag(nlp, tagger, "Somebody did something somewhere.", "did", None)
    assert m.actor1 is None or m.actor1.inter is None


def test_tagger_without_doc_or_mentions(tagger, blank):
    wd = make_workdoc(blank, "Nothing happened.")
    assert tagger(wd).mentions == []


# ---------------------------------------------------------------------------- dictionary
@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("ISIS", "Islamic State ({country})"),
        ("ISIL", "Islamic State ({country})"),
        ("Daesh", "Islamic State ({country})"),
        ("al-Shabab", "Al Shabaab"),
        ("Ansar Allah", "Houthi Movement - Ansar Allah"),
        ("Taleban", "Taliban"),
        ("YPG", "YPG: People's Protection Units"),
        ("AMISOM", "ATMIS: African Union Transition Mission in Somalia"),
        ("U.S.-led coalition", "Coalition: US-led Coalition against Islamic State"),
        ("Hizbollah", "Hezbollah"),
    ],
)
def test_aliases(dictionary, alias, name):
    entry = dictionary.lookup_named(alias)
    assert entry is not None and entry.name == name


def test_short_abbreviations_are_case_sensitive(dictionary):
    assert dictionary.lookup_named("IS") is not None
    assert dictionary.lookup_named("is") is None
    assert dictionary.lookup_country("US") is not None
    assert dictionary.lookup_country("us") is None
    assert dictionary.lookup_country("turkey") is None


@pytest.mark.parametrize(
    ("word", "iso3", "form"),
    [("Syrian", "SYR", "demonym"), ("Malian", "MLI", "demonym"), ("Syrians", "SYR", "plural"),
     ("Britain", "GBR", "name"), ("Kremlin", "RUS", "metonym"), ("Burkina Faso", "BFA", "name"),
     ("Tuvalu", "TUV", "name")],  # the last comes from pycountry only
)
def test_country_words(dictionary, word, iso3, form):
    ref = dictionary.lookup_country(word)
    assert ref is not None and (ref.iso3, ref.form) == (iso3, form)


def test_generated_state_actors(dictionary):
    for iso3, name in [("MLI", "Mali"), ("SYR", "Syria"), ("KEN", "Kenya")]:
        assert dictionary.role_actor("military", iso3, "x").name == f"Military Forces of {name}"
        assert dictionary.role_actor("police", iso3, "x").name == f"Police Forces of {name}"
        gov = dictionary.government(iso3, "x")
        assert (gov.name, gov.inter, gov.sector) == (f"Government of {name}", 1, "GOV")
    civ = dictionary.role_actor("civilians", "NGA", "villagers")
    assert (civ.name, civ.type, civ.inter, civ.sector) == ("Civilians (Nigeria)", "Civilians", 7,
                                                           "CVL")
    assert dictionary.role_actor("armed_group", None, "gunmen").name == "Unidentified Armed Group"


@pytest.mark.parametrize(
    ("noun", "group", "inter"),
    [("gunmen", "armed_group", 3), ("militants", "armed_group", 3), ("protesters", "protesters", 6),
     ("demonstrators", "protesters", 6), ("rioters", "rioters", 5), ("mob", "rioters", 5),
     ("villagers", "civilians", 7), ("residents", "civilians", 7),
     ("security forces", "military", 1), ("soldiers", "military", 1),
     ("police", "police", 1), ("rebels", "rebels", 2)],
)
def test_role_nouns(dictionary, noun, group, inter):
    entry = dictionary.lookup_role(noun)
    assert entry is not None and (entry.group, entry.inter) == (group, inter)


@pytest.mark.parametrize(
    ("group1", "group2", "code"),
    [("military", "armed_group", 13), ("rebels", "civilians", 27), ("police", "protesters", 16),
     ("rioters", "civilians", 57), ("protesters", None, 60), ("communal_militia", "civilians", 47)],
)
def test_interaction_inputs(dictionary, group1, group2, code):
    a1 = dictionary.role_actor(group1, "MLI", "x")
    a2 = dictionary.role_actor(group2, "MLI", "y") if group2 else None
    assert interaction_code(a1, a2) == code


def test_named_external_forces_interaction(dictionary):
    coalition = dictionary.lookup_named("US-led coalition")
    assert coalition is not None
    a1 = dictionary.actor(coalition, "US-led coalition", "SYR")
    assert (a1.inter, a1.country, a1.type) == (8, "USA", "External/Other forces")
    assert interaction_code(a1, dictionary.role_actor("military", "SYR", "troops")) == 18


def test_packaged_entries_are_well_formed():
    path = Path(__file__).resolve().parent.parent / "src/eventcoder/data/actors.jsonl"
    types = {"State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
             "Protesters", "Civilians", "External/Other forces", None}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert row["type"] in types
        assert row["inter"] in (None, 1, 2, 3, 4, 5, 6, 7, 8)
        assert row["source"].startswith("https://")
        assert row["country"] is None or len(row["country"]) == 3
        assert "(20" not in row["name"]  # no ACLED regime periods


def test_user_actor_file(tmp_path, nlp):
    extra = tmp_path / "mine.jsonl"
    extra.write_text(json.dumps({
        "name": "Zorro Brigade", "aliases": ["Zorro fighters", "ZB"], "type": "Rebel group",
        "inter": 2, "country": "MLI", "sector": "REB", "wikidata": None,
        "source": "https://example.org"}) + "\n", encoding="utf-8")
    d = ActorDictionary.load(Settings(actor_files=(extra,)))
    assert d.lookup_named("zorro fighters") is not None
    assert d.lookup_named("ZB") is not None
    assert d.lookup_named("ISIS") is not None  # packaged data still there
    _, m = tag(nlp, ActorTagger(d), "Zorro fighters attacked a Malian army post.", "attacked",
               "Battles")
    assert m.actor1 is not None and (m.actor1.name, m.actor1.country) == ("Zorro Brigade", "MLI")


def test_bad_user_file_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"aliases": []}\n', encoding="utf-8")
    with pytest.raises(ActorFileError, match="bad.jsonl:1: no 'name' string"):
        ActorDictionary.load(Settings(actor_files=(bad,)))


def test_data_is_read_only_when_load_is_called(monkeypatch):
    import importlib

    import eventcoder.actors.dictionary as ad
    import eventcoder.actors.tagger as actors_module

    calls: list[str] = []
    real = ad.resources.files
    monkeypatch.setattr(ad.resources, "files", lambda pkg: calls.append(pkg) or real(pkg))
    importlib.reload(actors_module)
    assert calls == []
    ActorDictionary.load()
    assert calls == ["eventcoder"]


# ---------------------------------------------------------------------------- regressions
def tag_many(nlp, tagger: ActorTagger, text: str, triggers: list[tuple[str, str | None]],
             focus: str | None = None, sub_event: str | None = None) -> list[Mention]:
    """Tag one mention per (trigger, event type), each at the trigger's first occurrence
    after the previous one; ``focus`` stands in for a (possibly wrong) geoparser focus."""
    wd = make_workdoc(nlp, text)
    wd.focus_country = focus
    pos = 0
    for trigger, event_type in triggers:
        found = re.compile(rf"\b{re.escape(trigger)}\b").search(text, pos)
        assert found, trigger
        pos = found.end()
        k, s = next((k, s) for k, s in enumerate(wd.sentences())
                    if s.start_char <= found.start() < s.end_char)
        wd.mentions.append(Mention(k, (s.start_char, s.end_char), found.span(), trigger,
                                   event_type=event_type, sub_event_type=sub_event))
    tagger(wd)
    return wd.mentions


def test_demonym_beats_a_wrong_context_country(nlp, tagger):
    text = ("Landmine kills soldiers near Tillaberi\n\nSix Nigerien soldiers were killed on "
            "Tuesday when their patrol hit a landmine, the army said. The army sent troops.")
    ms = tag_many(nlp, tagger, text, [("kills", ERV), ("sent", None)], focus="FRA")
    assert ms[0].actor2 is not None and ms[0].actor2.name == "Military Forces of Niger"
    assert ms[0].actor2.country == "NER"
    assert ms[1].actor1 is not None and ms[1].actor1.name == "Military Forces of Niger"


@pytest.mark.parametrize(("text", "trigger", "side", "name", "iso3"), [
    ("Croatian Serb refugees protested outside the parliament.", "protested", "actor1",
     "Civilians (Croatia)", "HRV"),
    ("The Kenyan court allowed candidate John Mwangi to run in the election.", "allowed",
     "actor2", "John Mwangi", "KEN"),
])
def test_actor_country_sources(nlp, tagger, text, trigger, side, name, iso3):
    [m] = tag_many(nlp, tagger, text, [(trigger, None)])
    actor = getattr(m, side)
    assert actor is not None and (actor.name, actor.country) == (name, iso3)


def test_headline_trigger_takes_roles_from_first_paragraph(nlp, tagger):
    text = ("Shelling kills three in Donetsk market\n\nRussian troops shelled a market in "
            "eastern Ukraine on Friday, killing three people, officials said.")
    [m] = tag_many(nlp, tagger, text, [("Shelling", ERV)])
    assert m.actor1 is not None and m.actor1.name == "Military Forces of Russia"
    assert m.actor1.inter == 8  # outside its own country
    assert m.actor1.text == "Russian troops"


@pytest.mark.parametrize(("text", "trigger", "event_type", "bad"), [
    ("The fighting forced residents to flee towards Kibati, officials said.", "flee",
     "Strategic developments", "Kibati"),  # spaCy: ORG
    ("The shells hit apartment blocks and a clinic in the Zhovtneve district, he said.", "hit",
     ERV, "Zhovtneve"),  # spaCy: PERSON
])
def test_places_are_not_actors(nlp, tagger, text, trigger, event_type, bad):
    wd = make_workdoc(nlp, text)
    start = text.index(bad)
    wd.toponyms = [Toponym(start, start + len(bad), bad, country="XX")]
    found = text.index(trigger)
    wd.mentions.append(Mention(0, (0, len(text)), (found, found + len(trigger)), trigger,
                               event_type=event_type))
    tagger(wd)
    m = wd.mentions[0]
    assert all(a is None or bad not in a.name for a in (m.actor1, m.actor2))


@pytest.mark.parametrize(("text", "trigger", "iso3"), [
    ("Bandits kidnapped 30 villagers in Nigeria's Niger State on Sunday.", "kidnapped", "NGA"),
    ("Militants blew up a pipeline in Nigeria's Niger Delta on Friday.", "blew", "NGA"),
])
def test_country_word_inside_a_place_name(nlp, tagger, text, trigger, iso3):
    [m] = tag_many(nlp, tagger, text, [(trigger, VAC)])
    assert m.actor1 is not None and m.actor1.country == iso3


def test_agreement_parties_are_both_sides(nlp, tagger):
    text = "The Sudanese government and the SPLM signed a ceasefire deal in Nairobi on Monday."
    [m] = tag_many(nlp, tagger, text, [("signed", "Strategic developments")],
                   sub_event="Agreement")
    assert m.actor1 is not None and m.actor1.name == "Government of Sudan"
    assert m.actor2 is not None and m.actor2.name.startswith("SPLM")


def test_plover_compound_subject_has_no_target(nlp, tagger):
    [m] = tag_many(nlp, tagger, "Israel and Jordan held talks with officials on water.",
                   [("held", None)])
    assert m.actor1 is not None and m.actor1.name == "Government of Israel"
    assert [a.name for a in m.assoc_actor_1] == ["Government of Jordan"]
    assert m.actor2 is None


def test_pronoun_resolves_to_the_salient_attacker(nlp, tagger):
    text = ("Al-Shabaab fighters attacked an army base in Lower Shabelle on Sunday. The "
            "militants also ambushed a convoy near Afgoye. Kenyan troops later arrived. "
            "Ethiopian soldiers secured the road. On Monday, they attacked a police station.")
    ms = tag_many(nlp, tagger, text, [("attacked", "Battles"), ("ambushed", "Battles"),
                                      ("attacked", "Battles")])
    assert ms[-1].actor1 is not None and ms[-1].actor1.name == "Al Shabaab"


def test_source_of_report_is_not_actor1(nlp, tagger):
    text = ("Soldiers clashed with rebels near Beni, local officials said, forcing thousands "
            "of residents to flee.")
    [m] = tag_many(nlp, tagger, text, [("flee", "Strategic developments")])
    assert m.actor1 is None or "officials" not in m.actor1.text


@pytest.mark.parametrize(("text", "trigger", "actor2"), [
    ("Kenya withdrew its troops from Somalia on Friday.", "withdrew", "Civilians (Somalia)"),
    ("Britain mobilised army reservists for a possible war against Iraq.", "mobilised",
     "Government of Iraq"),
])
def test_own_forces_are_means_not_targets(nlp, tagger, text, trigger, actor2):
    [m] = tag_many(nlp, tagger, text, [(trigger, None)])
    assert m.actor2 is not None and m.actor2.name == actor2


@pytest.mark.parametrize(("text", "trigger", "event_type", "side", "iso3"), [
    ("An anti-Russia blogger was killed in Kyiv on Monday.", "killed", VAC, "actor2", "UKR"),
    ("Burmese troops attacked a rebel camp near the Thai border.", "attacked", "Battles",
     "actor2", "MMR"),
    ("Israel reinforced its troops in Lebanon after Iranian-made rockets were found.",
     "reinforced", None, "actor2", "LBN"),
])
def test_country_words_that_are_not_the_event_country(nlp, tagger, text, trigger, event_type,
                                                      side, iso3):
    [m] = tag_many(nlp, tagger, text, [(trigger, event_type)])
    actor = getattr(m, side)
    assert actor is not None and actor.country == iso3


def test_qualified_common_noun_is_not_the_named_coalition(nlp, tagger):
    [m] = tag_many(nlp, tagger, "Leaders of the ruling coalition rejected the budget.",
                   [("rejected", None)])
    assert all(a is None or "US-led" not in a.name for a in (m.actor1, m.actor2))


def test_capital_as_modifier_is_no_government(nlp, tagger):
    [m] = tag_many(nlp, tagger, "The truce lets aid flights leave Sanaa airport.",
                   [("leave", None)])
    assert all(a is None or a.name != "Government of Yemen" for a in (m.actor1, m.actor2))


def test_the_public_armed_group_list_is_loaded(dictionary) -> None:
    """data/armed_groups.jsonl (730 groups, militias, coalitions and missions active since
    2000, each with its public source; tools/actor_sources/) is part of the dictionary."""
    import json
    from importlib import resources

    text = resources.files("eventcoder.data").joinpath("armed_groups.jsonl").read_text("utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert len(rows) >= 600
    assert all(r["source"].startswith("https://") and 1 <= r["inter"] <= 8 for r in rows)
    for alias in ("Jaish al-Adl", "Tren de Aragua", "Viv Ansanm"):
        assert alias.lower() in dictionary.named, alias
    assert "ARSA" in dictionary.named_exact  # acronyms match case-sensitively


@pytest.mark.model
def test_a_group_of_the_public_list_is_actor1(pipeline) -> None:
    from eventcoder.model import Article

    text = ("Jaish al-Adl militants attacked a border post near Saravan on Tuesday, killing "
            "two guards.")
    events = next(pipeline.process([Article("ag1", text, None, None)])).events
    assert events and events[0].actor1 is not None
    assert events[0].actor1.name == "Jaish al-Adl"


# ---------------------------------------------------------------------------- claims (issue 16)
@pytest.mark.parametrize(("text", "trigger", "event_type", "want"), [
    ("A bomb exploded at a bus station in Kano, killing six people. Police blamed the "
     "attack on Boko Haram.", "bomb", ERV, "Boko Haram"),
    ("Gunmen believed to be members of the ELN attacked a police patrol in Arauca.",
     "attacked", "Battles", "ELN"),
    ("The attack on the village near Djugu was attributed to CODECO militiamen.",
     "attack", VAC, "CODECO"),
])
def test_claims_name_actor1(nlp, tagger, text, trigger, event_type, want):
    wd = make_workdoc(nlp, text)
    start = text.index(trigger)
    k = next(i for i, s in enumerate(wd.sentences()) if s.start_char <= start < s.end_char)
    s = wd.sentences()[k]
    wd.mentions.append(Mention(k, (s.start_char, s.end_char), (start, start + len(trigger)),
                               trigger, event_type=event_type))
    tagger(wd)
    m = wd.mentions[0]
    assert m.actor1 is not None and want in m.actor1.name


def test_claim_does_not_override_named_actor1(nlp, tagger):
    text = ("Nigerian troops killed 12 fighters near Maiduguri. Boko Haram claimed "
            "responsibility for the attack.")
    [m] = tag_many(nlp, tagger, text, [("killed", "Battles")])
    assert m.actor1 is not None and m.actor1.name == "Military Forces of Nigeria"


def test_statement_of_own_losses_is_not_a_claim(nlp, tagger):
    text = "Hezbollah said that one of its fighters had been killed in southern Lebanon."
    [m] = tag_many(nlp, tagger, text, [("killed", "Battles")])
    assert m.actor1 is None or m.actor1.name != "Hezbollah"


# ------------------------------------------------------------------------ coreference (issue 16)
@pytest.mark.model
@pytest.mark.parametrize(("text", "want"), [
    ("Gunmen killed seven villagers near Bankass in Mali's Mopti region on Tuesday night.",
     "Unidentified Armed Group (Mali)"),
    ("Gunmen stormed a church in Owo, Nigeria, on Sunday, killing 20 worshippers.",
     "Unidentified Armed Group (Nigeria)"),
])
def test_a_trigger_word_naming_the_attacker_is_actor1(pipeline, text, want) -> None:
    """"Gunmen" is also a shooting word: it still names actor1, never an empty one."""
    from eventcoder.model import Article

    events = next(pipeline.process([Article("gm", text, None, None)])).events
    assert events and events[0].actor1 is not None
    assert events[0].actor1.name == want


def test_the_militants_keep_the_evidence_of_the_group_named_before(nlp, tagger):
    text = ("ISWAP fighters stormed the town of Gajiram on Monday. The militants burned the "
            "police station and killed two officers.")
    wd, m = tag(nlp, tagger, text, "killed", "Battles")
    assert m.actor1 is not None and "Islamic State West Africa" in m.actor1.name
    quotes = [wd.text[a:b] for a, b in m.evidence["actor1"]]
    assert "militants" in quotes and "ISWAP" in " ".join(quotes)


def test_the_militants_look_back_only_a_few_sentences(nlp, tagger):
    text = ("Al-Shabaab fighters seized the town of Bulo Burde in 2019. The town has changed "
            "hands several times. Residents fled to the coast. Aid groups warned of hunger. "
            "On Monday the militants attacked an army base near Afgoye.")
    _, m = tag(nlp, tagger, text, "attacked", "Battles")
    assert m.actor1 is not None and m.actor1.name.startswith("Unidentified Armed Group")


def test_the_assailants_refer_to_the_group_they_came_under_fire_from(nlp, tagger):
    text = ("A Malian army patrol came under fire from JNIM fighters near Niono on Friday, "
            "the army said, adding that soldiers had killed 12 of the assailants.")
    _, m = tag(nlp, tagger, text, "killed", "Battles")
    assert m.actor2 is not None and m.actor2.name.startswith("JNIM")
