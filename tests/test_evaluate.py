"""The scorer's arithmetic, checked exactly on tiny gold files and a fake pipeline."""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from eventcoder.errors import EvaluationError
from eventcoder.eval.evaluate import evaluate_paths, flat_metrics, format_report
from eventcoder.eval.halves import half_of
from eventcoder.eval.scoring import (
    actor_matches,
    classification_scores,
    confidence_bin,
    country_iso3,
    haversine_km,
    place_key,
)
from eventcoder.inputs.readers import article_id_for
from eventcoder.model import Actor, Article, ArticleResult, Event, Place, Toponym


def ev(**kw: Any) -> Event:
    base: dict[str, Any] = dict(
        event_id="e", article_ids=("a",), event_date=None, date_precision="day",
        date_source="text", background=False, event_type=None, sub_event_type=None,
        disorder_type=None, plover_type="ASSAULT", plover_mode=(), cameo_root="19",
        actor1=None, actor2=None, confidence=0.5,
    )
    base.update(kw)
    return Event(**base)


def actor(name: str, text: str | None = None, country: str | None = None) -> Actor:
    return Actor(name=name, text=text or name, country=country)


BATTLE = dict(event_type="Battles", sub_event_type="Armed clash")
AIR = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")
PROTEST = dict(event_type="Protests", sub_event_type="Peaceful protest", plover_type="PROTEST")


class FakePipeline:
    """Answers by text; records what it was given."""

    def __init__(self, events: dict[str, list[Event]] | None = None,
                 toponyms: dict[str, list[Toponym]] | None = None) -> None:
        self.events = events or {}
        self.toponyms = toponyms or {}
        self.processed: list[Article] = []
        self.geoparsed: list[Article] = []

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            self.processed.append(a)
            yield ArticleResult(a.id, tuple(self.events.get(a.text, [])))

    def geoparse(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Toponym]]]:
        for a in articles:
            self.geoparsed.append(a)
            yield a, self.toponyms.get(a.text, [])


def write_gold(path: Path, docs: list[dict[str, Any]]) -> Path:
    lines = []
    for n, d in enumerate(docs):
        rec = {"doc_id": f"test-{n}", "title": None, "published": None, **d}
        lines.append(json.dumps(rec))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(tmp_path: Path, docs: list[dict[str, Any]], pipe: FakePipeline,
        name: str = "gold.jsonl") -> dict[str, Any]:
    path = write_gold(tmp_path / name, docs)
    report = evaluate_paths([str(path)], pipe)
    json.dumps(report)  # must be JSON-serialisable
    return report["files"][path.stem]


# ---------------------------------------------------------------- pairing and event P/R/F1


def test_pairing_prefers_same_type_and_counts_fp_fn(tmp_path: Path) -> None:
    labels = ["acled_event_type", "acled_sub_event_type"]
    g_air = {"acled_event_type": AIR["event_type"], "acled_sub_event_type": AIR["sub_event_type"]}
    docs: list[dict[str, Any]] = [
        {"text": "doc one", "labels": labels, "events": [g_air]},
        {"text": "doc two", "labels": labels, "events": []},
        {"text": "doc three", "labels": labels, "events": [
            {"acled_event_type": "Battles", "acled_sub_event_type": "Armed clash"}]},
    ]
    pipe = FakePipeline({
        "doc one": [ev(**BATTLE, confidence=0.9), ev(**AIR, confidence=0.4)],
        "doc two": [ev(**PROTEST)],
        "doc three": [ev(**PROTEST)],  # incompatible type, no place or date: not paired
    })
    rep = run(tmp_path, docs, pipe)
    e = rep["events"]
    assert (e["tp"], e["fp"], e["fn"]) == (1, 3, 1)
    assert e["precision"] == pytest.approx(1 / 4)
    assert e["recall"] == pytest.approx(1 / 2)
    assert e["f1"] == pytest.approx(2 * 0.25 * 0.5 / 0.75)
    # the air strike paired with the air-strike gold, so the sub-type is right
    assert rep["fields"]["acled_sub_event_type"] == {
        "correct": 1, "paired": 1, "gold": 2, "accuracy": 1.0, "recall": 0.5}


def test_matching_date_allows_pairing_across_types(tmp_path: Path) -> None:
    docs = [{"text": "t", "labels": ["acled_event_type", "date"], "events": [
        {"acled_event_type": "Battles", "date": "2020-01-02"}]}]
    pipe = FakePipeline({"t": [ev(**PROTEST, event_date="2020-01-02")]})
    rep = run(tmp_path, docs, pipe)
    assert rep["events"]["tp"] == 1
    assert rep["fields"]["acled_event_type"]["accuracy"] == 0.0
    assert rep["fields"]["date"]["accuracy"] == 1.0


def test_gold_without_type_pairs_with_any_prediction(tmp_path: Path) -> None:
    docs = [{"text": "t", "labels": ["location"], "events": [
        {"location": {"name": "Bria town", "lat": 6.5, "lon": 22.0}}]}]
    pipe = FakePipeline({"t": [ev(**PROTEST)]})
    rep = run(tmp_path, docs, pipe)
    assert rep["events"]["tp"] == 1
    assert rep["fields"]["location_name"]["accuracy"] == 0.0  # no predicted place


# ---------------------------------------------------------------- actors


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        (["Taleban"], actor("Taleban fighters"), True),
        (["Government of Syria"], actor("Military Forces of Syria", "the Syrian army"), False),
        (["Hungarian", "Romanian"], actor("Government of Hungary", "Hungarian officials"), True),
        (["US"], actor("Military Forces of Russia", "Russian forces"), False),
        (["US-led coalition"], actor("Coalition"), True),  # containment either way
        (["U.S."], actor("US military"), True),
        (["Khushām fighters"], actor("Khusham Fighters"), True),  # accents and case
        ([], None, True),
        ([], actor("Civilians"), False),
        (["Civilians"], None, False),
    ],
)
def test_actor_matches(gold: list[str], pred: Actor | None, ok: bool) -> None:
    assert actor_matches(pred, gold) is ok


@pytest.mark.parametrize(
    ("gold_type", "swapped_ok"), [("Battles", True), ("Violence against civilians", False)]
)
def test_sides_may_swap_only_for_battles(tmp_path: Path, gold_type: str, swapped_ok: bool) -> None:
    labels = ["acled_event_type", "actor1", "actor2", "actor1_country", "actor2_country"]
    gold = {"acled_event_type": gold_type, "actor1": ["Government of Syria"], "actor2": ["IS"],
            "actor1_country": "SYR", "actor2_country": "SYR"}
    pred = ev(event_type=gold_type, actor1=actor("Islamic State (IS)", "IS fighters"),
              actor2=actor("Government of Syria", "regime", country="SYR"))
    rep = run(tmp_path, [{"text": "t", "labels": labels, "events": [gold]}],
              FakePipeline({"t": [pred]}))
    f = rep["fields"]
    assert f["actor1"]["correct"] == int(swapped_ok)
    assert f["actor2"]["correct"] == int(swapped_ok)
    assert f["actor1_country"]["correct"] == int(swapped_ok)  # countries follow the sides
    # swapped, actor2 is IS (no country); straight, actor2 is the Syrian government
    assert f["actor2_country"]["correct"] == int(not swapped_ok)


# ---------------------------------------------------------------- places, dates, counts


def test_location_fields(tmp_path: Path) -> None:
    gold_loc = {"name": "Bria town", "admin1": "Haute-Kotto prefecture",
                "country": "Central African Republic", "lat": 6.5423, "lon": 21.9863}
    docs = [
        {"text": "a", "labels": ["location"], "location_country_format": "name",
         "events": [{"location": gold_loc}]},
        {"doc_id": "test-2", "text": "b", "labels": ["location"],  # dev half
         "location_country_format": "iso2",
         "events": [{"location": {"name": "Khashām", "country": "SY",
                                  "lat": 35.30, "lon": 40.29}}]},
    ]
    near = Place(name="Bria", text="Bria", admin1="Haute-Kotto", iso3="CAF",
                 lat=6.6, lon=22.0)
    far = Place(name="Khasham", text="Khasham", country="Syria", lat=35.30, lon=40.70)
    pipe = FakePipeline({"a": [ev(location=near)], "b": [ev(location=far)]})
    rep = run(tmp_path, docs, pipe)
    f = rep["fields"]
    assert f["location_name"]["correct"] == 2  # kind words, accents and case ignored
    assert f["location_admin1"] == {"correct": 1, "paired": 1, "gold": 1, "accuracy": 1.0,
                                    "recall": 1.0}
    assert f["location_country"]["correct"] == 2  # name and ISO2 both resolve to ISO3
    assert haversine_km(35.30, 40.29, 35.30, 40.70) > 25
    assert f["location_25km"]["correct"] == 1
    (miss,) = rep["mistakes"]["location_25km"]  # the report shows the wrong field
    assert miss["doc"] == "test-2" and miss["predicted"]["lon"] == 40.70


def test_fatalities_exact_mae_and_not_stated_counts(tmp_path: Path) -> None:
    labels = ["acled_event_type", "fatalities", "injured"]
    docs = [
        {"text": "a", "labels": labels,
         "events": [{"acled_event_type": "Battles", "fatalities": 10, "injured": 3}]},
        {"text": "b", "labels": labels, "events": [{"acled_event_type": "Battles"}]},
        {"text": "c", "labels": labels,
         "events": [{"acled_event_type": "Battles", "fatalities": 4}]},
    ]
    pipe = FakePipeline({
        "a": [ev(**BATTLE, fatalities=7, injured=3)],
        "b": [ev(**BATTLE, fatalities=2, injured=None)],  # not stated = 0 killed, none injured
        "c": [ev(**BATTLE, fatalities=4, injured=0)],
    })
    f = run(tmp_path, docs, pipe)["fields"]
    assert (f["fatalities"]["correct"], f["fatalities"]["paired"]) == (1, 3)
    assert f["fatalities"]["mae"] == pytest.approx((3 + 2 + 0) / 3)
    assert (f["injured"]["correct"], f["injured"]["paired"]) == (3, 3)


def test_not_stated_fields_are_skipped(tmp_path: Path) -> None:
    labels = ["acled_event_type", "date", "actor1_country"]
    docs = [{"text": "a", "labels": labels, "events": [
        {"acled_event_type": "Battles", "date": "2018-02-07", "actor1_country": "USA"},
        {"acled_event_type": "Battles", "background": True}]}]
    pipe = FakePipeline({"a": [
        ev(**BATTLE, event_date="2018-02-07", actor1=actor("US forces", country="USA")),
        ev(**BATTLE, event_date="2017-05-18", background=True, confidence=0.2)]})
    f = run(tmp_path, docs, pipe)["fields"]
    assert f["date"] == {"correct": 1, "paired": 1, "gold": 1, "accuracy": 1.0, "recall": 1.0}
    assert f["actor1_country"]["paired"] == 1


def test_plover_mode_string_or_list(tmp_path: Path) -> None:
    labels = ["plover_event_type", "plover_mode"]
    docs = [
        {"text": "a", "labels": labels, "events": [{"plover_event_type": "ASSAULT",
                                                    "plover_mode": "aerial"}]},
        {"text": "b", "labels": labels, "events": [{"plover_event_type": "ASSAULT",
                                                    "plover_mode": ["firearms"]}]},
    ]
    pipe = FakePipeline({"a": [ev(plover_mode=("aerial",))],
                         "b": [ev(plover_mode=("aerial",))]})
    f = run(tmp_path, docs, pipe)["fields"]
    assert f["plover_event_type"]["correct"] == 2
    assert f["plover_mode"]["correct"] == 1


# ---------------------------------------------------------------- document label (CASE)


def test_document_label_accuracy_macro_and_weighted_f1(tmp_path: Path) -> None:
    labels = ["acled_event_type", "acled_sub_event_type"]
    g_air = {"acled_event_type": AIR["event_type"], "acled_sub_event_type": AIR["sub_event_type"]}
    g_pro = {"acled_event_type": "Protests", "acled_sub_event_type": "Peaceful protest"}
    docs: list[dict[str, Any]] = [
        {"text": "1", "labels": labels, "events": [g_air]},
        {"text": "2", "labels": labels, "events": [g_air]},
        {"text": "3", "labels": labels, "events": [g_pro]},
        {"text": "4", "labels": labels, "events": []},
    ]
    pipe = FakePipeline({
        # the background event has the highest confidence but is not the main event
        "1": [ev(**AIR, confidence=0.6), ev(**PROTEST, background=True, confidence=0.9)],
        "2": [ev(**PROTEST)],
        "3": [ev(**PROTEST, confidence=0.8), ev(**AIR, confidence=0.3)],
        "4": [ev(**AIR)],
    })
    d = run(tmp_path, docs, pipe)["document"]
    # AIR: P 1/2 R 1/2 F .5 (support 2); PROTEST: P 1/2 R 1 F 2/3 (1); NONE: F 0 (1)
    assert d["n"] == 4
    assert d["accuracy"] == pytest.approx(0.5)
    assert d["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert d["weighted_f1"] == pytest.approx((0.5 * 2 + 2 / 3) / 4)
    assert d["type_accuracy"] == pytest.approx(0.5)
    assert d["labels"]["NONE"]["support"] == 1
    assert ["NONE", "Air/drone strike", 1] in d["confusions"]


def test_classification_scores_perfect_and_empty() -> None:
    s = classification_scores(["A", "B"], ["A", "B"])
    assert (s["accuracy"], s["macro_f1"], s["weighted_f1"]) == (1.0, 1.0, 1.0)
    assert classification_scores([], [])["accuracy"] is None


# ---------------------------------------------------------------- toponyms


def test_toponym_spans_and_accuracy_at_161km(tmp_path: Path) -> None:
    text = "Fighting in Aleppo and Homs spread to Idlib, officials in Paris said."
    def span(word: str) -> tuple[int, int]:
        s = text.index(word)
        return s, s + len(word)
    gold = []
    places = [("Aleppo", 36.2, 37.16), ("Homs", 34.73, 36.71), ("Idlib", 35.93, 36.63)]
    for word, lat, lon in places:
        s, e = span(word)
        gold.append({"start": s, "end": e, "text": word, "lat": lat, "lon": lon})
    a, h, p = span("Aleppo"), span("Homs"), span("Paris")
    preds = [
        Toponym(a[0], a[1] + 4, "Aleppo and", lat=36.6, lon=37.16),  # overlaps, ~44 km
        Toponym(h[0], h[1], "Homs", lat=30.0, lon=36.71),  # overlaps, ~526 km off
        Toponym(p[0], p[1], "Paris", lat=48.85, lon=2.35),  # no gold: a false positive
    ]
    docs = [{"text": text, "labels": ["toponyms"], "events": None, "toponyms": gold}]
    pipe = FakePipeline(toponyms={text: preds})
    rep = run(tmp_path, docs, pipe)
    t = rep["toponyms"]
    assert (t["gold"], t["predicted"], t["found"]) == (3, 3, 2)
    assert t["precision"] == pytest.approx(2 / 3)
    assert t["recall"] == pytest.approx(2 / 3)
    assert t["acc161"] == pytest.approx(1 / 3)  # the miss (Idlib) counts as wrong
    assert t["acc161_found"] == pytest.approx(1 / 2)
    d1 = haversine_km(36.6, 37.16, 36.2, 37.16)
    d2 = haversine_km(30.0, 36.71, 34.73, 36.71)
    assert d1 < 161 < d2
    assert t["median_error_km"] == pytest.approx(statistics.median([d1, d2]))
    assert "events" not in rep  # events: null documents are scored for toponyms only
    assert pipe.processed == []


def test_haversine_known_distance() -> None:
    # one degree of latitude is about 111.2 km
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.19, abs=0.05)
    assert math.isclose(haversine_km(10, 20, 10, 20), 0.0, abs_tol=1e-9)


# ---------------------------------------------------------------- what the extractor sees


def test_extractor_gets_only_text_title_published(tmp_path: Path) -> None:
    docs = [{"text": "Troops clashed.", "title": "Clash", "published": "2020-03-04",
             "labels": ["acled_event_type"], "events": []}]
    pipe = FakePipeline()
    run(tmp_path, docs, pipe)
    (a,) = pipe.processed
    assert a.id == article_id_for("Troops clashed.")
    assert "test-0" not in a.id
    assert (a.title, a.published, a.origin, a.url) == ("Clash", dt.date(2020, 3, 4), None, None)


def test_folder_overall_and_table(tmp_path: Path) -> None:
    labels = ["acled_event_type"]
    write_gold(tmp_path / "one.jsonl", [{"text": "a", "labels": labels,
                                        "events": [{"acled_event_type": "Battles"}]}])
    write_gold(tmp_path / "two.jsonl", [{"text": "b", "labels": labels, "events": []}])
    (tmp_path / "notes.txt").write_text("not gold")
    pipe = FakePipeline({"a": [ev(**BATTLE)], "b": [ev(**BATTLE)]})
    report = evaluate_paths([str(tmp_path)], pipe)
    assert sorted(report["files"]) == ["one", "two"]
    o = report["overall"]["events"]
    assert (o["tp"], o["fp"], o["fn"]) == (1, 1, 0)
    flat = flat_metrics(report)
    assert flat["one"]["events.f1"] == 1.0
    assert flat["overall"]["fields.acled_event_type.accuracy"] == 1.0
    text = format_report(report)
    assert "one" in text and "two" in text and "overall" in text


# ---------------------------------------------------------------- malformed gold


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('{"text": "x", "labels": [], "events": [', "not valid JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"labels": [], "events": []}', "text"),
        ('{"text": "x", "labels": "date", "events": []}', "labels"),
        ('{"text": "x", "labels": [], "events": [], "published": "March"}', "published"),
        ('{"text": "x", "labels": []}', "events"),
        ('{"text": "x", "labels": [], "events": [{"fatalities": "many"}]}', "fatalities"),
        ('{"text": "x", "labels": [], "events": [{"date": "5 May"}]}', "date"),
        ('{"text": "abc", "labels": [], "events": null, '
         '"toponyms": [{"start": 0, "end": 2, "text": "bc"}]}', "toponyms[0]"),
    ],
)
def test_malformed_gold_line_names_file_and_line(tmp_path: Path, line: str, why: str) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"text": "ok", "labels": [], "events": []})
    path.write_text(good + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError) as info:
        evaluate_paths([str(path)], FakePipeline())
    assert f"{path}:3" in str(info.value)
    assert why in str(info.value)


def test_missing_gold_path(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no such"):
        evaluate_paths([str(tmp_path / "nope.jsonl")], FakePipeline())


# ---------------------------------------------------------------- name helpers


@pytest.mark.parametrize(
    ("value", "iso3"),
    [
        ("SY", "SYR"), ("Syria", "SYR"), ("SYR", "SYR"), ("DR Congo (Zaire)", "COD"),
        ("Bosnia-Herzegovina", "BIH"), ("Russia (Soviet Union)", "RUS"),
        ("Yemen (North Yemen)", "YEM"), ("Myanmar (Burma)", "MMR"),
        ("Central African Republic", "CAF"), ("Nowhereland", None), ("", None),
    ],
)
def test_country_iso3(value: str, iso3: str | None) -> None:
    assert country_iso3(value) == iso3


@pytest.mark.parametrize(
    ("name", "key"),
    [("Bria town", "bria"), ("Baghdād city", "baghdad"), ("Mopti region", "mopti"),
     ("Deir ez-Zor", "deir ez zor"), ("The Hague", "hague"), ("Kaga Bandoro town", "kaga bandoro"),
     ("Central African Republic", "central african republic"),
     ("Kabardino-Balkaria republic", "kabardino balkaria"), ("Al-Bab", "al bab"),
     ("Ijumu lga", "ijumu"), ("Jagdalpur sub-district", "jagdalpur")],
)
def test_place_key(name: str, key: str) -> None:
    assert place_key(name) == key


# ---------------------------------------------------------------- alias routes


def test_government_of_country_matches_its_state_forces() -> None:
    army = Actor("Military Forces of Syria", "the army", type="State forces", country="SYR")
    rebels = Actor("Syrian rebels", "rebels", type="Rebel group", country="SYR")
    assert actor_matches(army, ["Government of Syria"])
    assert not actor_matches(army, ["Government of Iraq"])
    assert not actor_matches(rebels, ["Government of Syria"])
    russia = Actor("Police Forces of Russia", "police", type="State forces", country="RUS")
    assert actor_matches(russia, ["Government of Russia (Soviet Union)"])


class _Entry:
    def __init__(self, name: str) -> None:
        self.name = name


class _Dictionary:
    """The two lookups eval/evaluate.py uses from the real actor dictionary."""

    def lookup_named(self, text: str) -> _Entry | None:
        return {"Taleban": _Entry("Taliban"), "IS": _Entry("Islamic State ({country})")}.get(text)

    def lookup_role(self, text: str) -> _Entry | None:
        return None


class _Resources:
    actors = _Dictionary()


def test_gold_aliases_resolve_through_the_pipeline_actor_dictionary(tmp_path: Path) -> None:
    labels = ["acled_event_type", "actor1", "actor2"]
    gold = {"acled_event_type": "Battles", "actor1": ["Taleban"], "actor2": ["IS"]}
    pred = ev(**BATTLE, actor1=actor("Taliban", "insurgents"),
              actor2=actor("Islamic State (Afghanistan)", "militants"))
    docs = [{"text": "t", "labels": labels, "events": [gold]}]
    plain = run(tmp_path, docs, FakePipeline({"t": [pred]}), "plain.jsonl")
    assert plain["fields"]["actor1"]["correct"] == 0  # "Taleban" != "Taliban" as words
    pipe = FakePipeline({"t": [pred]})
    pipe.resources = _Resources()  # type: ignore[attr-defined]
    path = write_gold(tmp_path / "dict.jsonl", docs)
    report = evaluate_paths([str(path)], pipe)
    assert report["actor_aliases"] == "actor dictionary"
    f = report["files"]["dict"]["fields"]
    assert (f["actor1"]["correct"], f["actor2"]["correct"]) == (1, 1)


def test_toponyms_without_predictions_score_zero(tmp_path: Path) -> None:
    text = "Shelling hit Aleppo."
    gold = [{"start": 13, "end": 19, "text": "Aleppo", "lat": 36.2, "lon": 37.16}]
    docs = [{"text": text, "labels": ["toponyms"], "events": None, "toponyms": gold}]
    t = run(tmp_path, docs, FakePipeline())["toponyms"]
    assert (t["precision"], t["recall"], t["f1"], t["acc161"]) == (None, 0.0, 0.0, 0.0)
    assert t["acc161_found"] is None and t["median_error_km"] is None


def test_found_toponym_without_coordinates_counts_as_wrong(tmp_path: Path) -> None:
    text = "Shelling hit Aleppo and Homs."
    gold = [{"start": 13, "end": 19, "text": "Aleppo", "lat": 36.2, "lon": 37.16},
            {"start": 24, "end": 28, "text": "Homs", "lat": 34.73, "lon": 36.71}]
    preds = [Toponym(13, 19, "Aleppo", lat=36.2, lon=37.16), Toponym(24, 28, "Homs")]
    docs = [{"text": text, "labels": ["toponyms"], "events": None, "toponyms": gold}]
    t = run(tmp_path, docs, FakePipeline(toponyms={text: preds}))["toponyms"]
    assert (t["found"], t["acc161"], t["acc161_found"]) == (2, 0.5, 0.5)
    assert t["median_error_km"] == pytest.approx(0.0, abs=1e-6)


class _LosingPipeline(FakePipeline):
    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        yield from list(super().process(articles))[:-1]


def test_pipeline_losing_an_article_is_an_error(tmp_path: Path) -> None:
    path = write_gold(tmp_path / "g.jsonl", [{"text": "a", "labels": [], "events": []},
                                            {"text": "b", "labels": [], "events": []}])
    with pytest.raises(EvaluationError, match="1 results for 2"):
        evaluate_paths([str(path)], _LosingPipeline())


def test_background_and_admin2_when_labelled(tmp_path: Path) -> None:
    labels = ["acled_event_type", "background", "location"]
    docs = [{"text": "a", "labels": labels, "events": [
        {"acled_event_type": "Battles", "location": {"name": "Kafr Nabl", "admin2": "Maarrat"}},
        {"acled_event_type": "Protests", "background": True}]}]
    pipe = FakePipeline({"a": [
        ev(**BATTLE, location=Place(name="Kafr Nabl", text="Kafr Nabl", admin2="Maarrat")),
        ev(**PROTEST, background=False)]})
    f = run(tmp_path, docs, pipe)["fields"]
    assert (f["background"]["correct"], f["background"]["paired"]) == (1, 2)
    assert (f["location_admin2"]["correct"], f["location_admin2"]["paired"]) == (1, 1)
    assert f["location_name"]["gold"] == 1  # the recalled protest states no place


def test_folder_without_gold_files_is_an_error(tmp_path: Path) -> None:
    write_gold(tmp_path / "one.jsonl", [{"text": "a", "labels": [], "events": []}])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EvaluationError, match="no \\*.jsonl"):
        evaluate_paths([str(tmp_path / "one.jsonl"), str(empty)], FakePipeline())


def test_acled_only_gold_ignores_predictions_without_acled_type(tmp_path: Path) -> None:
    consult = ev(event_type=None, plover_type="CONSULT")
    acled = ["acled_event_type", "acled_sub_event_type"]
    docs = [
        {"text": "a", "labels": acled, "events": []},
        {"text": "b", "labels": ["plover_event_type"], "events": []},
        {"text": "c", "labels": [*acled, "plover_event_type"], "events": []},
    ]
    pipe = FakePipeline({"a": [consult], "b": [consult], "c": [consult]})
    report = evaluate_paths([str(write_gold(tmp_path / "g.jsonl", docs))], pipe)
    e = report["files"]["g"]["events"]
    assert (e["predicted"], e["fp"]) == (2, 2)  # only the PLOVER-labelled documents count it


# ---------------------------------------------------------------- held-out halves


def _ids_in(half: str, n: int) -> list[str]:
    """The first ``n`` ids "h-0", "h-1", ... that fall in ``half``."""
    out = []
    k = 0
    while len(out) < n:
        if half_of(f"h-{k}") == half:
            out.append(f"h-{k}")
        k += 1
    return out


def _half_gold(tmp_path: Path) -> Path:
    """Two dev documents (one right, one wrong) and one test document (right)."""
    labels = ["acled_event_type", "acled_sub_event_type"]
    g_battle = {"acled_event_type": "Battles", "acled_sub_event_type": "Armed clash"}
    dev1, dev2 = _ids_in("dev", 2)
    (test1,) = _ids_in("test", 1)
    docs = [(dev1, "dev one", [g_battle]), (test1, "test one", [g_battle]),
            (dev2, "dev two", [g_battle])]
    path = tmp_path / "halved.jsonl"
    path.write_text("".join(
        json.dumps({"doc_id": i, "text": t, "title": None, "published": None,
                    "labels": labels, "events": e}) + "\n" for i, t, e in docs),
        encoding="utf-8")
    return path


def _half_pipe() -> FakePipeline:
    return FakePipeline({"dev one": [ev(**BATTLE)], "test one": [ev(**BATTLE)],
                         "dev two": [ev(**PROTEST)]})


def test_half_of_is_fixed_by_the_id() -> None:
    assert half_of("seed-khasham") == "dev"
    assert half_of("plover_gsr-PLOVER-GSR01-AGREE-0001") == "test"
    assert {half_of(i) for i in _ids_in("dev", 3)} == {"dev"}


def test_each_file_is_scored_whole_and_per_half(tmp_path: Path) -> None:
    pipe = _half_pipe()
    report = evaluate_paths([str(_half_gold(tmp_path))], pipe)
    rep = report["files"]["halved"]
    assert report["half"] == "both"
    assert (rep["events"]["tp"], rep["events"]["fp"], rep["events"]["fn"]) == (2, 1, 1)
    dev, test = rep["halves"]["dev"], rep["halves"]["test"]
    assert (dev["docs"], test["docs"]) == (2, 1)
    assert (dev["events"]["tp"], dev["events"]["fp"], dev["events"]["fn"]) == (1, 1, 1)
    assert test["events"]["f1"] == 1.0
    assert dev["document"]["accuracy"] == 0.5 and test["document"]["accuracy"] == 1.0
    assert set(dev) <= set(rep)  # the same shape as the file's report
    assert report["overall"]["halves"]["test"]["events"]["tp"] == 1
    assert len(pipe.processed) == 3


@pytest.mark.parametrize(("half", "texts"), [("dev", {"dev one", "dev two"}),
                                             ("test", {"test one"})])
def test_half_filter_runs_the_pipeline_on_that_half_only(
    tmp_path: Path, half: str, texts: set[str]
) -> None:
    pipe = _half_pipe()
    report = evaluate_paths([str(_half_gold(tmp_path))], pipe, half=half)
    assert {a.text for a in pipe.processed} == texts
    rep = report["files"]["halved"]
    assert report["half"] == half and list(rep["halves"]) == [half]
    assert rep["docs"] == len(texts)
    assert rep["events"] == rep["halves"][half]["events"]
    flat = flat_metrics(report)
    other = "test" if half == "dev" else "dev"
    assert f"halved@{half}" in flat and f"halved@{other}" not in flat
    assert f"scored: the {half} half only" in format_report(report)


def test_wrong_fields_are_shown_for_dev_documents_only(tmp_path: Path) -> None:
    gold = str(_half_gold(tmp_path))
    regains = ev(event_type="Battles", sub_event_type="Government regains territory")
    right = [ev(**BATTLE)]
    pipe = FakePipeline({"dev one": right, "test one": right, "dev two": [regains]})
    rep = evaluate_paths([gold], pipe)["files"]["halved"]
    assert [m["doc"] for m in rep["mistakes"]["acled_sub_event_type"]] == [_ids_in("dev", 2)[1]]
    assert rep["halves"]["dev"]["mistakes"] == rep["mistakes"]
    # the same mistake in the test document is counted, not shown
    pipe = FakePipeline({"dev one": right, "test one": [regains], "dev two": right})
    rep = evaluate_paths([gold], pipe)["files"]["halved"]
    assert rep["fields"]["acled_sub_event_type"]["correct"] == 2
    assert "mistakes" not in rep and "mistakes" not in rep["halves"]["test"]


def test_unknown_half_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="not one of"):
        evaluate_paths([str(_half_gold(tmp_path))], _half_pipe(), half="train")


def test_flat_metrics_give_a_row_per_half(tmp_path: Path) -> None:
    flat = flat_metrics(evaluate_paths([str(_half_gold(tmp_path))], _half_pipe()))
    assert flat["halved@dev"]["events.f1"] == pytest.approx(0.5)
    assert flat["halved@test"]["events.f1"] == 1.0
    # dev: gold [clash, clash], predicted [clash, protest]: clash F1 2/3 with support 2
    assert flat["halved@dev"]["document.weighted_f1"] == pytest.approx(2 / 3)
    assert flat["halved"]["events.precision"] == pytest.approx(2 / 3)
    assert "overall@dev" in flat
    # threshold figures are measurements, not floors: not in the flat view
    assert not any(k.startswith("confidence") for m in flat.values() for k in m)


def test_a_half_without_documents_gives_no_flat_row(tmp_path: Path) -> None:
    (dev,) = _ids_in("dev", 1)
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"doc_id": dev, "text": "a", "labels": ["acled_event_type"],
                                "events": [{"acled_event_type": "Battles"}]}) + "\n",
                    encoding="utf-8")
    report = evaluate_paths([str(path)], FakePipeline({"a": [ev(**BATTLE)]}))
    assert report["files"]["one"]["halves"]["test"]["docs"] == 0
    assert "one@test" not in flat_metrics(report) and "one@dev" in flat_metrics(report)


def test_format_report_shows_each_half_and_the_gap(tmp_path: Path) -> None:
    text = format_report(evaluate_paths([str(_half_gold(tmp_path))], _half_pipe()))
    assert "Held-out halves" in text
    lines = text.split("Held-out halves")[1].splitlines()
    line = next(ln for ln in lines if ln.split()[:2] == ["events", "f1"])  # halved, then overall
    # all 2/3, dev 0.5, test 1.0: gap dev - test = -0.5
    assert line.split()[2:] == ["0.667", "0.500", "1.000", "-0.500"]
    acc = next(ln for ln in lines if ln.split()[:2] == ["acled_sub_event_type", "acc"])
    assert acc.split()[2:] == ["1.000", "1.000", "1.000", "+0.000"]
    weighted = next(ln for ln in lines if ln.split()[:3] == ["document", "weighted", "f1"])
    assert weighted.split()[-1] == "-0.333"  # dev 2/3, test 1


# ---------------------------------------------------------------- confidence thresholds


def test_events_at_confidence_thresholds_are_re_paired(tmp_path: Path) -> None:
    labels = ["acled_event_type", "acled_sub_event_type"]
    g_battle = {"acled_event_type": "Battles", "acled_sub_event_type": "Armed clash"}
    docs: list[dict[str, Any]] = [
        # the sure clash pairs at every threshold
        {"text": "a", "labels": labels, "events": [g_battle]},
        # the best match (same sub-type) is unsure; at >= 0.6 the other clash takes its place
        {"text": "b", "labels": labels, "events": [g_battle]},
        {"text": "c", "labels": labels, "events": []},
    ]
    pipe = FakePipeline({
        "a": [ev(**BATTLE, confidence=0.95)],
        "b": [ev(**BATTLE, confidence=0.55),
              ev(event_type="Battles", sub_event_type="Government regains territory",
                 confidence=0.65)],
        "c": [ev(**BATTLE, confidence=0.35)],
    })
    rep = run(tmp_path, docs, pipe)
    th = rep["confidence"]["thresholds"]
    assert list(th) == ["0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"]
    assert (th["0.3"]["tp"], th["0.3"]["fp"], th["0.3"]["fn"]) == (2, 2, 0)
    assert th["0.3"]["f1"] == rep["events"]["f1"]  # nothing below 0.3: the main score
    assert (th["0.4"]["tp"], th["0.4"]["fp"], th["0.4"]["fn"]) == (2, 1, 0)
    assert (th["0.6"]["tp"], th["0.6"]["fp"], th["0.6"]["fn"], th["0.6"]["predicted"]) == (
        2, 0, 0, 2)  # re-paired: the 0.65 clash now pairs with b's gold
    assert (th["0.7"]["tp"], th["0.7"]["fp"], th["0.7"]["fn"]) == (1, 0, 1)
    assert th["0.7"]["precision"] == 1.0 and th["0.7"]["recall"] == 0.5
    assert th["0.9"]["predicted"] == 1
    cal = {c["bin"]: (c["records"], c["paired"], c["precision"])
           for c in rep["confidence"]["calibration"]}
    # main pairing: a's 0.95 and b's 0.55 are paired; b's 0.65 and c's 0.35 are not
    assert cal == {"0.3-0.4": (1, 0, 0.0), "0.5-0.6": (1, 1, 1.0), "0.6-0.7": (1, 0, 0.0),
                   "0.9-1.0": (1, 1, 1.0)}
    assert rep["halves"]["dev"]["confidence"]["thresholds"]["0.3"]["tp"] + rep["halves"][
        "test"]["confidence"]["thresholds"]["0.3"]["tp"] == 2


def test_confidence_bins_and_the_report_table(tmp_path: Path) -> None:
    assert [confidence_bin(c) for c in (0.0, 0.3, 0.35, 0.7, 0.9999, 1.0)] == [0, 3, 3, 7, 9, 9]
    report = evaluate_paths([str(_half_gold(tmp_path))], _half_pipe())
    text = format_report(report)
    assert "confidence thresholds" in text and "Calibration" in text
    section = text.split("confidence thresholds")[1].splitlines()
    row = next(ln for ln in section if ln.startswith("halved "))
    assert row.split()[1:5] == ["all", "67/67/67", "67/67/67", "67/67/67"]
    assert row.split()[5] == "-/0/0"  # nothing kept at >= 0.6: no precision
    assert "0.67 (3)" in text.split("Calibration")[1]
