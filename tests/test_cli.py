from __future__ import annotations

import csv
import io
import json
import os

import pytest

from eventcoder.cli.main import main, summary_table
from eventcoder.store.export import ACLED_COLUMNS

ARTICLE = (
    "Gunmen kill villagers in attack\n\n"
    "Gunmen killed seven villagers in an attack on a village in Zamfara State, Nigeria, on"
    " Tuesday, police said.\n"
)


@pytest.fixture()
def batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x00\x01")
    (tmp_path / "bad.jsonl").write_text(
        '{"id": "j1", "text": "Troops clashed with rebels."}\n{oops\n'
    )
    (tmp_path / "french.txt").write_text(
        "Titre\nLes combattants ont attaqué un convoi militaire près de la ville, selon des"
        " sources locales citées par plusieurs médias de la région.\n",
        encoding="utf-8",
    )
    return tmp_path


def test_extract_batch_reports_bad_inputs_and_goes_on(batch, capsys, cli_uses_session_pipeline):
    code = main(["extract", str(batch), "--published", "2021-06-10"])
    out, err = capsys.readouterr()
    assert code == 3  # some inputs rejected, the rest ran
    assert f"{batch / 'empty.txt'}: empty file" in err
    assert f"{batch / 'binary.txt'}: binary file" in err
    assert f"{batch / 'bad.jsonl'}:2: malformed JSON" in err
    assert "french.txt): not English" in err
    records = [json.loads(line) for line in out.splitlines()]
    ids = {aid for r in records for aid in r["article_ids"]}
    assert "j1" in ids  # the good line of the bad JSONL file still ran
    assert len(ids) == 2
    for r in records:
        assert len(r["article_ids"]) == 1


def test_extract_stdin_and_output_file(tmp_path, monkeypatch, capsys, cli_uses_session_pipeline):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    out = tmp_path / "o" / "events.jsonl"
    assert main(["extract", "-", "--published", "2021-06-10", "-o", str(out), "--summary"]) == 0
    err = capsys.readouterr().err
    assert f"written to {out}" in err
    assert "date" in err.splitlines()[0]
    lines = out.read_text().splitlines()
    assert lines and json.loads(lines[0])["event_date"]


def test_extract_csv_has_acled_columns(tmp_path, capsys, cli_uses_session_pipeline):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    assert main(["extract", str(p), "--published", "2021-06-10", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert len(rows[0]) == 31
    assert len(rows) >= 2


def test_extract_geojson(tmp_path, capsys, cli_uses_session_pipeline):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    assert main(["extract", str(p), "--published", "2021-06-10", "--format", "geojson"]) == 0
    fc = json.loads(capsys.readouterr().out)
    assert fc["type"] == "FeatureCollection" and fc["features"]
    assert "evidence" not in fc["features"][0]["properties"]


def test_bad_published_flag_is_a_clear_error(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    assert main(["extract", str(p), "--published", "yesterday"]) == 2
    assert "--published: published 'yesterday' is not a YYYY-MM-DD date" in capsys.readouterr().err


def test_geoparse_writes_one_line_per_article(tmp_path, capsys, cli_uses_session_pipeline):
    p = tmp_path / "a.jsonl"
    p.write_text(
        json.dumps({"id": "g1", "text": "Fighting spread from Aleppo to Idlib."}) + "\n"
        + json.dumps({"id": "g2", "text": "Nothing here."}) + "\n"
    )
    assert main(["geoparse", str(p)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["article_id"] for x in lines] == ["g1", "g2"]
    for t in lines[0]["toponyms"]:
        assert "Fighting spread from Aleppo to Idlib."[t["start"] : t["end"]] == t["text"]


def test_summary_table_truncates_long_cells():
    assert summary_table([]).splitlines()[0].startswith("date")


def test_workers_give_the_same_records_as_one_process(tmp_path, capsys, cli_uses_session_pipeline):
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": f"w{i}", "text": text, "published": "2021-06-10"}) + "\n"
            for i, text in enumerate(
                [
                    ARTICLE,
                    "Police fired tear gas at protesters in Nairobi on Tuesday.",
                    "Rebels seized the town of Kidal on Monday, the army said.",
                ]
            )
        )
    )
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(src), "-o", str(one)]) == 0
    assert main(["extract", str(src), "-o", str(two), "--workers", "2"]) == 0
    assert one.read_text() == two.read_text()
    assert len(one.read_text().splitlines()) >= 3


@pytest.mark.parametrize(
    ("requested", "articles", "expected"),
    [(3, 1, 3), (1, 500, 1), (None, 1, 1), (None, 7, 1), (None, 16, min(2, os.cpu_count() or 1))],
)
def test_worker_count(requested, articles, expected):
    from eventcoder.cli.main import _worker_count

    assert _worker_count(requested, articles) == expected


def test_zero_workers_is_a_clear_error(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    assert main(["extract", str(p), "--workers", "0"]) == 2
    assert "eventcoder: error: --workers: must be at least 1" in capsys.readouterr().err
