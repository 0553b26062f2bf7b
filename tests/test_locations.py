"""Geoparsing and event locations, with the real spaCy model and a fake gazetteer."""

from __future__ import annotations

import pytest

from conftest import make_workdoc
from eventcoder.document import Mention, WorkDoc
from eventcoder.geo.gazetteer import Candidate, FakeGazetteer
from eventcoder.geo.locations import EventLocator, Geoparser, ascii_name

COUNTRIES = {"SY": ("Syria", "SYR"), "US": ("United States", "USA"), "FR": ("France", "FRA"),
             "IQ": ("Iraq", "IRQ")}


def cand(gid: int, name: str, feature: str, cc: str | None, lat: float, lon: float,
         pop: int = 0, admin1: str | None = None) -> Candidate:
    return Candidate(gid, name, feature, cc, admin1, None, lat, lon, pop)


PLACES = [
    (["Syria"], cand(163843, "Syria", "country", "SY", 35.0, 38.0, 22_000_000)),
    (["Iraq"], cand(99237, "Iraq", "country", "IQ", 33.0, 44.0, 40_000_000)),
    (["United States", "US", "U.S."], cand(6252001, "United States", "country", "US",
                                            39.76, -98.5, 300_000_000)),
    (["France"], cand(3017382, "France", "country", "FR", 46.0, 2.0, 67_000_000)),
    (["Deir ez-Zor Governorate", "Deir ez-Zor"],
     cand(170792, "Dayr az Zawr", "admin1", "SY", 35.0, 40.5, 1_200_000, "Dayr az Zawr")),
    (["Dayr az Zawr", "Deir al-Zour"],
     cand(170794, "Deir ez-Zor", "city", "SY", 35.34, 40.14, 242_000, "Dayr az Zawr")),
    (["Khusham"], cand(167899, "Khushām", "city", "SY", 35.30, 40.29, 0, "Dayr az Zawr")),
    (["al-Tanf", "Tanf"], cand(900000009, "At Tanf", "site", "SY", 33.5, 38.62)),
    (["Euphrates"], cand(900000001, "Euphrates River", "river", "SY", 35.33, 40.15)),
    (["Lutece"], cand(2988507, "Paris", "city", "FR", 48.85, 2.35, 2_138_551)),
    ([], cand(4717560, "Paris", "city", "US", 33.66, -95.55, 24_782, "Texas")),
    (["TX"], cand(4736286, "Texas", "admin1", "US", 31.25, -99.25, 22_000_000, "Texas")),
    (["Raqqa"], cand(163345, "Ar Raqqah", "city", "SY", 35.95, 39.01, 530_000, "Ar Raqqah")),
]


@pytest.fixture(scope="module")
def fake() -> FakeGazetteer:
    return FakeGazetteer(PLACES, COUNTRIES)


def geoparse(nlp, fake: FakeGazetteer, text: str) -> WorkDoc:
    return Geoparser(fake)(make_workdoc(nlp, text))


def found(wd: WorkDoc) -> dict[str, tuple[str | None, str | None]]:
    return {t.text: (t.name, t.feature) for t in wd.toponyms}


def test_demonyms_are_not_toponyms(nlp, fake) -> None:
    wd = geoparse(nlp, fake, "Syrian and Iraqi troops clashed with Kurdish fighters in Syria.")
    texts = [t.text for t in wd.toponyms]
    assert "Syria" in texts
    assert not {"Syrian", "Iraqi", "Kurdish"} & set(texts)
    assert wd.focus_country == "SYR"


def test_river_inside_longer_phrase(nlp, fake) -> None:
    wd = geoparse(nlp, fake, "The attack came 4 miles east of the agreed-upon Euphrates River "
                             "de-confliction line in Syria.")
    assert found(wd).get("Euphrates River") == ("Euphrates River", "river")


@pytest.mark.parametrize(
    ("text", "span", "name"),
    [
        ("Coalition aircraft struck forces near a base at At Tanf, Syria.", "At Tanf", "At Tanf"),
        ("Weapons were sent to the al-Tanf area in Syria.", "al-Tanf", "At Tanf"),
        ("Fighters took back oil fields in Khasham in eastern Syria.", "Khasham", "Khushām"),
        ("Shelling hit Deir al-Zour in Syria on Monday.", "Deir al-Zour", "Deir ez-Zor"),
    ],
)
def test_prefixes_and_transliterations(nlp, fake, text: str, span: str, name: str) -> None:
    wd = geoparse(nlp, fake, text)
    assert found(wd).get(span, (None,))[0] == name


def test_english_as_is_not_an_article_suffix(nlp, fake) -> None:
    wd = geoparse(nlp, fake, "Turkey has shelled a city in northeastern Syria as Turkish "
                             "forces pressed on.")
    assert "Syria" in found(wd)


def test_admin_hierarchy_in_text(nlp, fake) -> None:
    wd = geoparse(nlp, fake, "He was born in Paris, Texas, and never went to Paris, France.")
    paris = [t for t in wd.toponyms if t.text == "Paris"]
    assert [t.country for t in paris] == ["US", "FR"]


def test_country_and_admin1_features(nlp, fake) -> None:
    wd = geoparse(nlp, fake, "Clashes spread across Deir ez-Zor Governorate in Syria.")
    assert found(wd).get("Syria") == ("Syria", "country")
    assert found(wd).get("Deir ez-Zor Governorate") == ("Dayr az Zawr", "admin1")


def locate(nlp, fake, text: str, trigger: str, sentence: int = 0) -> Mention:
    wd = geoparse(nlp, fake, text)
    sent = wd.sentences()[sentence]
    start = wd.text.index(trigger, sent.start_char)
    m = Mention(sentence, (sent.start_char, sent.end_char), (start, start + len(trigger)), "x")
    wd.mentions = [m]
    EventLocator(fake)(wd)
    return m


@pytest.mark.parametrize(
    ("text", "trigger", "name", "precision", "place_text"),
    [
        ("An airstrike hit a market in Raqqa on Monday.", "airstrike", "Ar Raqqah", 1, "Raqqa"),
        ("Gunmen attacked a checkpoint near Raqqa on Monday.", "attacked", "Ar Raqqah", 2,
         "near Raqqa"),
        ("Troops were attacked about 4 miles east of Raqqa.", "attacked", "Ar Raqqah", 2,
         "about 4 miles east of Raqqa"),
        ("Officials in the United States said rebels shelled a village in Syria.", "shelled",
         "Syria", 3, "Syria"),
    ],
)
def test_event_location_by_syntax(nlp, fake, text: str, trigger: str, name: str,
                                  precision: int, place_text: str) -> None:
    m = locate(nlp, fake, text, trigger)
    assert m.location is not None
    assert (m.location.name, m.location.geo_precision, m.location.text) == (
        name, precision, place_text)
    start, end = m.evidence["location"][0]
    assert m.location.text == text[start:end]
    assert m.location.country == COUNTRIES[
        {"Ar Raqqah": "SY", "Syria": "SY"}[name]][0]


def test_country_refined_to_article_place(nlp, fake) -> None:
    text = ("The coalition struck pro-regime forces in Syria on Wednesday. "
            "The forces were trying to take back oil fields in Khusham.")
    m = locate(nlp, fake, text, "struck")
    assert m.location is not None and m.location.name == "Khusham"
    assert m.location.geo_precision == 2 and m.location.admin1 == "Dayr az Zawr"


def test_place_from_next_sentence_of_same_paragraph(nlp, fake) -> None:
    text = ("Syria has been at war for years.\n\nOn May 18, jets attacked the forces. "
            "They threatened a base at At Tanf, Syria.")
    m = locate(nlp, fake, text, "attacked", sentence=1)
    assert m.location is not None and m.location.name == "At Tanf"


def test_fallback_to_focus_country(nlp, fake) -> None:
    text = "Syria has been at war for years. Rebels later shelled the base."
    m = locate(nlp, fake, text, "shelled", sentence=1)
    assert m.location is not None
    assert (m.location.name, m.location.iso3, m.location.geo_precision) == ("Syria", "SYR", 3)


def test_ascii_name() -> None:
    assert ascii_name("Khushām") == "Khusham"


def test_real_gazetteer_worked_example(nlp, resources, shared) -> None:
    text = (shared / "examples" / "khasham.txt").read_text()
    wd = Geoparser(resources.gazetteer)(make_workdoc(nlp, text))
    by_text = {t.text: t for t in wd.toponyms}
    assert wd.focus_country == "SYR"
    kh = by_text["Khusham"]
    assert (kh.country, kh.admin1) == ("SY", "Deir ez-Zor")
    assert by_text["At Tanf"].country == "SY"
    assert by_text["Euphrates River"].feature == "river"
    assert "Syrian" not in by_text


# --- hierarchy phrases, admin1 words and the focus country (West Africa, fake gazetteer) ---

SAHEL_COUNTRIES = {"ML": ("Mali", "MLI"), "DE": ("Germany", "DEU"), "NG": ("Nigeria", "NGA"),
                   "NE": ("Niger", "NER")}
SAHEL = [
    (["Mali"], cand(2453866, "Mali", "country", "ML", 17.0, -4.0, 20_000_000)),
    (["Germany"], cand(2921044, "Germany", "country", "DE", 51.5, 10.5, 83_000_000)),
    (["Nigeria"], cand(2328926, "Nigeria", "country", "NG", 10.0, 8.0, 200_000_000)),
    (["Niger"], cand(2440476, "Niger", "country", "NE", 18.0, 9.0, 24_000_000)),
    (["Segou Region", "Segou"],
     cand(2451184, "Ségou", "admin1", "ML", 13.5, -6.0, 2_300_000, "Ségou")),
    # a German city that has the Malian village's name only as an alternate name
    (["Tiby", "Tibi"], cand(900000101, "Tibingen", "city", "DE", 48.5, 9.05, 250_000,
                            "Baden-Wuerttemberg")),
    (["Markala"], cand(2454530, "Markala", "city", "ML", 13.7, -6.07, 50_000, "Ségou")),
    (["Niger State"], cand(2328925, "Niger", "admin1", "NG", 9.9, 5.6, 3_900_000, "Niger")),
    ([], cand(2335196, "Kano", "admin1", "NG", 11.7, 8.5, 13_000_000, "Kano")),
    ([], cand(2335204, "Kano", "city", "NG", 12.0, 8.52, 3_600_000, "Kano")),
    (["Mokwa"], cand(2331140, "Mokwa", "city", "NG", 9.29, 5.05, 40_000, "Niger")),
    ([], cand(900000102, "Mokwa", "city", "NE", 14.0, 6.0, 3_000, "Tahoua")),
]


@pytest.fixture(scope="module")
def sahel() -> FakeGazetteer:
    return FakeGazetteer(SAHEL, SAHEL_COUNTRIES)


def test_unknown_town_in_a_named_region_is_not_a_foreign_alias(nlp, sahel) -> None:
    text = ("Militants ambushed a supply convoy near Tibi in the Segou region of Mali on "
            "Sunday. Traffic on the road linking Tibi and Markala was halted.")
    wd = Geoparser(sahel)(make_workdoc(nlp, text))
    tibi = [t for t in wd.toponyms if t.text == "Tibi"]
    assert len(tibi) == 2  # the second mention follows the first (one sense per discourse)
    assert {(t.country, t.feature) for t in tibi} == {("ML", "local")}
    assert wd.focus_country == "MLI"


def test_named_country_outweighs_one_ambiguous_town(nlp, sahel) -> None:
    text = "Residents of Tibi fled after the fighting. Aid agencies in Mali said camps were full."
    wd = Geoparser(sahel)(make_workdoc(nlp, text))
    assert wd.focus_country == "MLI"


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Bandits kidnapped traders in Mokwa in Nigeria's Niger State on Friday.",
         "Niger State", ("NG", "admin1")),
        ("Bandits kidnapped traders in Mokwa in Nigeria's Niger State on Friday.",
         "Mokwa", ("NG", "city")),
        ("Flooding displaced thousands of families across Kano State last week.",
         "Kano State", ("NG", "admin1")),
    ],
)
def test_admin_word_prefers_the_admin1(nlp, sahel, text: str, span: str,
                                       expected: tuple[str, str]) -> None:
    wd = Geoparser(sahel)(make_workdoc(nlp, text))
    by_text = {t.text: (t.country, t.feature) for t in wd.toponyms}
    assert by_text.get(span) == expected


def test_real_gazetteer_state_of_nigeria(nlp, resources) -> None:
    text = "Gunmen abducted farmers near Mokwa in Nigeria's Niger State, police said."
    wd = Geoparser(resources.gazetteer)(make_workdoc(nlp, text))
    by_text = {t.text: t for t in wd.toponyms}
    assert (by_text["Niger State"].country, by_text["Niger State"].feature) == ("NG", "admin1")
    assert wd.focus_country == "NGA"


DATELINE_PLACES = [
    (["Syria"], cand(163843, "Syria", "country", "SY", 35.0, 38.0, 22_000_000)),
    (["Lebanon"], cand(272103, "Lebanon", "country", "LB", 33.8, 35.8, 6_000_000)),
    (["Beirut", "BEIRUT"], cand(276781, "Beirut", "city", "LB", 33.89, 35.49, 1_900_000,
                                "Beyrouth")),
    (["Raqqa"], cand(163345, "Ar Raqqah", "city", "SY", 35.95, 39.01, 530_000, "Ar Raqqah")),
]


@pytest.fixture(scope="module")
def dfake() -> FakeGazetteer:
    return FakeGazetteer(DATELINE_PLACES, {"SY": ("Syria", "SYR"), "LB": ("Lebanon", "LBN")})


def _locate(nlp, gaz: FakeGazetteer, text: str, trigger: str) -> WorkDoc:
    wd = Geoparser(gaz)(make_workdoc(nlp, text))
    i = text.index(trigger)
    sents = wd.sentences()
    k = next(j for j, s in enumerate(sents) if s.start_char <= i < s.end_char)
    wd.mentions = [Mention(k, (sents[k].start_char, sents[k].end_char),
                           (i, i + len(trigger)), "")]
    return EventLocator(gaz)(wd)


def test_dateline_is_not_the_event_place_when_another_place_is_named(nlp, dfake) -> None:
    wd = _locate(nlp, dfake, "BEIRUT (Reuters) - An airstrike hit a market in Raqqa on "
                 "Monday, killing four people.", "airstrike")
    loc = wd.mentions[0].location
    assert loc is not None and loc.name == "Ar Raqqah"


def test_dateline_is_the_event_place_when_no_other_place_is_named(nlp, dfake) -> None:
    wd = _locate(nlp, dfake, "BEIRUT (Reuters) - A car bomb killed three people on "
                 "Monday, police said.", "bomb")
    loc = wd.mentions[0].location
    assert loc is not None and loc.name == "Beirut"


def test_dateline_named_again_in_the_event_sentence(nlp, dfake) -> None:
    wd = _locate(nlp, dfake, "BEIRUT (Reuters) - A car bomb exploded in Beirut on Monday. "
                 "Officials in Syria condemned it.", "bomb")
    loc = wd.mentions[0].location
    assert loc is not None and loc.name == "Beirut"


def test_dateline_left_out_for_a_country_named_elsewhere(nlp, dfake) -> None:
    wd = _locate(nlp, dfake, "BEIRUT (Reuters) - Gunmen killed five soldiers in an attack "
                 "in northern Syria, the army said.", "attack")
    loc = wd.mentions[0].location
    assert loc is not None and loc.iso3 == "SYR"
