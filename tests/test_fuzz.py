"""Fuzzing the edges with Hypothesis: the readers (JSON Lines, CSV, text bytes), the number
and date parsing, the API's query parameters and the exporters. Nothing raises an
uncaught exception and no answer is a 500 (docs/reliability.md).

The seed is fixed (``derandomize``) and the examples few, so this runs in seconds in CI;
``make fuzz`` runs many more (``EVENTCODER_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _serve_seed import articles, fake_event, seed
from eventcoder.errors import InputError, RecordError
from eventcoder.inputs.readers import parse_date, read_bytes
from eventcoder.model import MAX_COUNT, Actor, Article, InputFailure, Place, check_count
from eventcoder.serve.app import create_app
from eventcoder.store.export import FORMATS, FORMULA_PREFIXES, write_events

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EXAMPLES = int(os.environ.get("EVENTCODER_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# text that an HTTP client can put in a URL (no lone surrogates)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8)
RECORDS = st.fixed_dictionaries({}, optional={
    k: JSON_VALUES | TEXT for k in ("id", "text", "title", "published", "url", "outlet")})


def _check_items(data: bytes, suffix: str) -> None:
    for item in read_bytes(data, "fuzz" + suffix, suffix, None):
        assert isinstance(item, Article | InputFailure)
        if isinstance(item, Article):
            item.text.encode("utf-8")  # storable: no lone surrogate gets through
            assert item.text.strip()


@FUZZ
@given(st.binary(max_size=600), st.sampled_from([".jsonl", ".csv", ".txt"]))
def test_readers_take_any_bytes(data: bytes, suffix: str) -> None:
    _check_items(data, suffix)


@FUZZ
@given(st.lists(RECORDS, max_size=4), st.sampled_from(["\n", "\r\n"]))
def test_jsonl_reader_takes_any_records(records: list[dict[str, object]], sep: str) -> None:
    import json

    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    _check_items(sep.join(lines).encode("utf-8", "surrogatepass"), ".jsonl")


@FUZZ
@given(st.lists(st.lists(st.text(max_size=20).map(lambda s: s.replace("\x00", "")),
                         min_size=1, max_size=4), max_size=5))
def test_csv_reader_takes_any_rows(rows: list[list[str]]) -> None:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "text", "published"])
    writer.writerows(rows)
    _check_items(buf.getvalue().encode("utf-8", "surrogatepass"), ".csv")


@FUZZ
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT))
def test_counts_are_checked_or_rejected_with_a_reason(value: object) -> None:
    try:
        got = check_count("fatalities", value)
    except RecordError as exc:
        assert exc.reason
    else:
        assert got is None or 0 <= got <= MAX_COUNT


@FUZZ
@given(st.one_of(st.none(), st.integers(), st.floats(), TEXT, st.dates()))
def test_dates_are_parsed_or_rejected_with_a_reason(value: object) -> None:
    try:
        got = parse_date(value, "published")
    except InputError as exc:
        assert exc.origin == "published" and exc.reason
    else:
        assert got is None or isinstance(got, dt.date)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = seed(tmp_path_factory.mktemp("fuzz") / "seed.duckdb", 12)
    return TestClient(create_app(db), client=("127.0.0.1", 50000))


PARAMS = ("since", "until", "country", "admin1", "type", "sub-type", "actor", "bbox", "q",
          "min_fatalities", "limit", "offset", "sort")
VALUES = TEXT | st.integers().map(str) | st.floats().map(str) | st.sampled_from(
    ["2024-03-01", "-date", "SYR", "36,35,41,37", "-1", "1e400", "nan", "%", "'--"])


@FUZZ
@given(st.sampled_from(["/api/events", "/api/aggregates", "/api/timeline",
                        "/api/export.csv", "/api/export.geojson"]),
       st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=4))
def test_api_query_parameters_never_answer_500(client: TestClient, path: str,
                                               params: dict[str, str]) -> None:
    r = client.get(path, params=params)
    assert r.status_code < 500, (path, params, r.text)
    if r.status_code >= 400:
        assert r.json()["detail"]


@FUZZ
@given(TEXT, st.sampled_from(["/api/articles/", "/api/events/"]))
def test_api_ids_never_answer_500(client: TestClient, ident: str, path: str) -> None:
    from urllib.parse import quote

    r = client.get(path + quote(ident, safe=""))
    assert r.status_code in (200, 404, 422), (ident, r.status_code)


@FUZZ
@given(TEXT, TEXT, TEXT, st.integers(0, MAX_COUNT), st.sampled_from(FORMATS))
def test_exporters_write_any_record(name: str, notes: str, place: str, killed: int,
                                    fmt: str) -> None:
    import csv
    import dataclasses

    base = fake_event(articles(1)[0])
    assert base.location is not None
    e = dataclasses.replace(base, notes=notes, fatalities=killed, actor1=Actor(name, name),
                            location=dataclasses.replace(base.location, name=place))
    buf = io.StringIO()
    assert write_events([e], buf, fmt) == 1
    if fmt == "csv":
        row = next(csv.DictReader(io.StringIO(buf.getvalue())))
        for col in ("notes", "actor1", "location"):
            assert not row[col].startswith(FORMULA_PREFIXES), row[col]


def test_fuzz_settings_are_fixed() -> None:
    assert FUZZ.derandomize and Path(__file__).name == "test_fuzz.py" and Place
