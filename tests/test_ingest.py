from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from eventcoder.errors import InputError
from eventcoder.inputs.readers import article_id_for, parse_date, read_inputs
from eventcoder.model import Article, InputFailure


def _items(*paths, published=None):
    return list(read_inputs([str(p) for p in paths], published))


def test_txt_first_line_is_title_and_text_is_whole_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Title line\n\nBody of the article here.\n", encoding="utf-8")
    [a] = _items(p, published=dt.date(2020, 1, 2))
    assert isinstance(a, Article)
    assert a.title == "Title line"
    assert a.text == "Title line\n\nBody of the article here.\n"
    assert a.published == dt.date(2020, 1, 2)
    assert a.origin == str(p)


def test_ids_are_stable_and_whitespace_insensitive():
    assert article_id_for("A  b\nc") == article_id_for("a b c")
    assert article_id_for("a b c") != article_id_for("a b d")


def test_jsonl_fields_and_per_line_errors(tmp_path):
    p = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(
            {"id": "n1", "text": "Troops clashed.", "published": "2021-03-04", "outlet": "X"}
        ),
        "{not json",
        json.dumps({"id": "n3", "title": "no text"}),
        json.dumps({"id": "n4", "text": "Fine again.", "published": "04/03/2021"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "No id given."}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _items(p)
    ok = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, InputFailure)]
    assert [a.id for a in ok] == ["n1", article_id_for("No id given.")]
    assert ok[0].published == dt.date(2021, 3, 4) and ok[0].outlet == "X"
    assert [b.origin for b in bad] == [f"{p}:2", f"{p}:3", f"{p}:4", f"{p}:5"]
    assert "malformed JSON" in bad[0].reason
    assert "no 'text'" in bad[1].reason
    assert "not a YYYY-MM-DD" in bad[2].reason
    assert "not an object" in bad[3].reason


def test_csv(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('id,text,published\nc1,"Police arrested ten, officials said.",2019-05-06\n')
    [a] = _items(p)
    assert a.id == "c1" and a.text.startswith("Police") and a.published == dt.date(2019, 5, 6)


def test_csv_without_text_column(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("id,body\n1,x\n")
    [f] = _items(p)
    assert isinstance(f, InputFailure) and "no 'text' column" in f.reason


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n", "empty file"),
        ("binary.txt", b"\x00\x01\x02PNG\x00", "binary file"),
        ("latin1.txt", "Caf\u00e9 attack".encode("latin-1"), "not valid UTF-8"),
        ("page.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
        ("x.warc", b"not a warc at all", "not a WARC"),
    ],
)
def test_bad_inputs_name_the_input_and_reason(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    [f] = _items(p)
    assert isinstance(f, InputFailure)
    assert f.origin == str(p)
    assert reason in f.reason


def test_missing_path_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    items = _items(tmp_path / "nope.txt", tmp_path / "empty")
    assert [type(i) for i in items] == [InputFailure, InputFailure]
    assert "no such file" in items[0].reason
    assert "no readable article files" in items[1].reason


def test_folder_recursive_and_sorted(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Second\nbody two")
    (tmp_path / "sub" / "a.txt").write_text("First\nbody one")
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    items = _items(tmp_path)
    assert [i.title for i in items] == ["Second", "First"]


HTML = """<html><head><title>Clashes in the north</title></head><body>
<nav>Home | World | Sport</nav>
<article><h1>Clashes in the north</h1>
<p>Government troops clashed with rebels near the northern town on Monday, officials said.</p>
<p>At least ten fighters were killed in the fighting, which lasted several hours, and many
residents fled their homes to nearby villages, according to local aid workers.</p>
<p>The army said it had regained control of the main road by the evening.</p>
</article><footer>Copyright</footer></body></html>"""


def test_html_article_body(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML)
    [a] = _items(p)
    assert isinstance(a, Article)
    assert "Government troops clashed" in a.text
    assert "Home | World" not in a.text


def test_warc_gz_reads_html_responses(tmp_path):
    body = HTML.encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    rec = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/a\r\n"
        b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n"
    )
    info = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(gzip.compress(info + rec))
    [a] = _items(p)
    assert isinstance(a, Article)
    assert a.url == "http://example.org/a"
    assert "regained control" in a.text


def test_parse_date():
    assert parse_date("2018-02-08T10:00:00Z", "x") == dt.date(2018, 2, 8)
    assert parse_date(None, "x") is None
    with pytest.raises(InputError, match="x: published '2018-02-30' is not a valid date"):
        parse_date("2018-02-30", "x")
