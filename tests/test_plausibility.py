"""The arithmetic of benchmarks/plausibility.py on hand-made records (no pipeline run)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import plausibility as pl  # noqa: E402


def span(art: str, quote: str, start: int = 0) -> dict[str, Any]:
    return {"article_id": art, "start": start, "end": start + len(quote), "quote": quote}


def actor(name: str, text: str | None = None, type_: str | None = None) -> dict[str, Any]:
    return {"name": name, "text": text or name, "type": type_, "inter": None, "country": None,
            "sector": None, "wikidata": None}


def place(name: str, geonameid: int | None, text: str | None = None) -> dict[str, Any]:
    return {"name": name, "text": text or name, "feature": "city", "admin1": None,
            "admin2": None, "country": "Syria", "iso3": "SYR", "lat": 0.0, "lon": 0.0,
            "geonameid": geonameid, "geo_precision": 1}


def record(art: str, *, event_type: str | None = "Battles", sub: str | None = "Armed clash",
           plover: str = "ASSAULT", date: str = "2018-02-08", background: bool = False,
           actor1: dict[str, Any] | None = None, location: dict[str, Any] | None = None,
           fatalities: int = 0, fat_quote: str | None = None) -> dict[str, Any]:
    evidence: dict[str, list[dict[str, Any]]] = {"event_type": [span(art, "clashed")]}
    if actor1:
        evidence["actor1"] = [span(art, actor1["text"], 10)]
    if fat_quote:
        evidence["fatalities"] = [span(art, fat_quote, 20)]
    return {
        "event_id": f"ev-{art}-{len(evidence)}", "article_ids": [art], "event_date": date,
        "date_precision": "day", "date_source": "text", "background": background,
        "event_type": event_type, "sub_event_type": sub, "disorder_type": None,
        "plover_type": plover, "plover_mode": [], "cameo_root": "19", "actor1": actor1,
        "actor2": None, "assoc_actor_1": [], "assoc_actor_2": [], "interaction": None,
        "civilian_targeting": False, "location": location, "fatalities": fatalities,
        "fatalities_low": fatalities or None, "fatalities_high": fatalities or None,
        "fatalities_text": [fat_quote] if fat_quote else [], "injured": None,
        "arrested": None, "sources": [], "notes": "", "confidence": 0.5,
        "evidence": evidence,
    }


LISTS = pl.Lists(pl.load_outlets(), pl.country_names())
ARTS = [pl.ArticleInfo("a", "Guardian"), pl.ArticleInfo("b", "Guardian"),
        pl.ArticleInfo("c", "Daily Planet"), pl.ArticleInfo("d", None)]
ALEPPO, IDLIB = place("Aleppo", 170063), place("Idlib", 169388)


def test_records_per_article_counts_articles_without_records() -> None:
    recs = [record("a")] * 5 + [record("b")] * 2 + [record("c")]
    fig = pl.per_article(recs, ARTS)  # counts 5, 2, 1, 0
    assert fig["median"] == 1.5
    assert fig["p90"] == 5.0
    assert fig["max"] == 5 and fig["max_article"] == "a"
    assert fig["articles_with_none"] == 1
    assert fig["mean"] == 2.0


def test_nearest_rank() -> None:
    assert pl.nearest_rank(list(range(1, 11)), 0.9) == 9.0
    assert pl.nearest_rank([3.0], 0.9) == 3.0
    assert pl.nearest_rank([], 0.9) == 0.0


def test_type_and_background_shares() -> None:
    recs = [record("a"), record("a", event_type=None, sub=None, plover="CONSULT"),
            record("b", background=True), record("b", event_type=None, background=True)]
    fig = pl.type_shares(recs)
    assert fig["no_acled_type"] == 2 and fig["no_acled_type_share"] == 0.5
    assert fig["background"] == 2 and fig["background_share"] == 0.5


def test_fatalities_sum_large_and_evidence() -> None:
    recs = [record("a", fatalities=500000, background=True,
                   fat_quote="more than 500,000 people have been killed"),
            record("a", fatalities=12, fat_quote="killing 12"),
            record("b", event_type=None, sub=None, plover="THREATEN", fatalities=500,
                   fat_quote="500 could die"),
            record("c")]
    fig = pl.fatality_figures(recs, top=2)
    assert fig["sum"] == 500512
    assert fig["sum_non_background"] == 512
    assert fig["records_with_fatalities"] == 3
    assert fig["records_ge_500"] == 2
    assert [f["fatalities"] for f in fig["largest"]] == [500000, 500]
    first, second = fig["largest"]
    assert first["evidence"] == ["more than 500,000 people have been killed"]
    assert first["background"] is True and first["sub_event_type"] == "Armed clash"
    assert second["plover_type"] == "THREATEN" and second["article_id"] == "b"


def test_near_duplicates_same_type_and_place_whatever_the_date() -> None:
    recs = [
        record("a", location=ALEPPO),
        record("a", location=ALEPPO, date="2014-07-01", background=True),  # duplicate
        record("a", location=place("Halab", 170063)),  # same geonameid: duplicate
        record("a", location=IDLIB),  # other place
        record("a", event_type="Riots", sub="Mob violence", location=ALEPPO),  # other type
        record("b", location=ALEPPO),  # other article
        record("b", event_type=None, sub=None, plover="ACCUSE", location=ALEPPO),
        record("b", event_type=None, sub=None, plover="ACCUSE", location=ALEPPO),  # duplicate
        record("b", event_type=None, sub=None, plover="CONSULT", location=ALEPPO),
        record("c", location=place("Somewhere", None)),
        record("c", location=place("somewhere", None)),  # same name, no id: duplicate
        record("d"), record("d"),  # no place: counted apart
    ]
    fig = pl.near_duplicates(recs)
    assert fig["count"] == 4
    assert fig["share"] == round(4 / 13, 4)
    assert fig["articles_with_any"] == 3
    assert fig["most"][0] == {"article_id": "a", "near_duplicates": 2}
    assert fig["same_type_no_place"] == 1
    assert fig["examples"][0]["dates"] == ["2018-02-08", "2014-07-01"]


def test_actor1_outlets_dates_numbers_places() -> None:
    recs = [
        record("a", actor1=actor("Guardian"), location=ALEPPO),
        record("a", actor1=actor("Reuters", "Reuters's"), location=ALEPPO),
        record("b", actor1=actor("al-Jazeera"), location=ALEPPO),
        record("c", actor1=actor("Daily Planet"), location=ALEPPO),  # the article's outlet
        record("a", actor1=actor("Friday"), location=ALEPPO),
        record("a", actor1=actor("March 2018"), location=ALEPPO),
        record("a", actor1=actor("2019"), location=ALEPPO),
        record("a", actor1=actor("Theresa May"), location=ALEPPO),  # not a date
        record("a", actor1=actor("May"), location=ALEPPO),  # a name: not a date
        record("b", actor1=actor("2,000"), location=ALEPPO),
        record("b", actor1=actor("three"), location=ALEPPO),
        record("b", actor1=actor("Aleppo"), location=ALEPPO),  # the record's place
        record("b", actor1=actor("Kobane"), location=place("Kobani", 1, "Kobane")),
        record("b", actor1=actor("Sochi"), location=IDLIB),  # not a place of b
        record("c", actor1=actor("Sochi"), location=IDLIB),
        record("c", location=place("Sochi", 491422)),  # ... Sochi is a place of c
        record("b", actor1=actor("Iran"), location=ALEPPO),  # bare country name
        record("b", actor1=actor("Government of Turkey", "Turkey", "State forces"),
               location=ALEPPO),  # metonymy, resolved: not counted
        record("b", actor1=actor("Military Forces of Syria", "forces", "State forces"),
               location=ALEPPO),
        record("d", actor1=None, location=ALEPPO),
    ]
    fig = pl.actor1_checks(recs, ARTS, LISTS)
    assert fig["records_with_actor1"] == 18
    assert fig["outlet"]["count"] == 4
    assert fig["outlet"]["values"] == {"Guardian": 1, "Reuters": 1, "al-Jazeera": 1,
                                       "Daily Planet": 1}
    assert fig["outlet"]["examples"][0]["evidence"] == ["Guardian"]
    assert fig["date"]["count"] == 3
    assert set(fig["date"]["values"]) == {"Friday", "March 2018", "2019"}
    assert fig["number"]["count"] == 2  # a year is a date only
    assert fig["place"]["count"] == 4
    assert set(fig["place"]["values"]) == {"Aleppo", "Kobane", "Sochi", "Iran"}
    assert fig["place"]["by_reason"] == {"location": 2, "place in article": 1, "country": 1}


def test_date_and_number_shapes() -> None:
    assert pl.looks_like_date("last Friday")
    assert pl.looks_like_date("12 March")
    assert pl.looks_like_date("2018-02-08")
    assert not pl.looks_like_date("April Bidi")
    assert not pl.looks_like_date("Friday prayers")
    assert pl.looks_like_number("more than 200")
    assert pl.looks_like_number("dozens")
    assert not pl.looks_like_number("three men")
    assert not pl.looks_like_number("G20")


def test_score_keeps_the_selected_articles_only() -> None:
    recs = [record("a", location=ALEPPO), record("zzz", location=ALEPPO)]
    fig = pl.score(recs, ARTS[:2], LISTS)
    assert fig["articles"] == 2 and fig["records"] == 1
    assert fig["records_per_article"]["median"] == 0.5
    assert pl.fold("The Guardian’s") == "guardian"
