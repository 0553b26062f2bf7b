"""Ingest: read articles from files, folders and standard input.

Formats: ``.txt`` (first line = title; the text is the whole file), ``.html``/``.htm``
(article body extracted with trafilatura), ``.jsonl`` and ``.csv`` (fields ``id``,
``text``, ``title``, ``published``, ``url``, ``outlet``), ``.warc``/``.warc.gz`` (HTML
responses), and ``-`` for standard input (JSON Lines when every line is a JSON object,
else one plain-text article).

``read_inputs`` yields ``Article`` or ``InputFailure`` items: a bad input is reported
with its path and reason and the rest goes on.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventcoder.errors import InputError
from eventcoder.model import Article, InputFailure

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
WARC_SUFFIXES = (".warc", ".warc.gz")
ALL_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + WARC_SUFFIXES

Item = Article | InputFailure


def article_id_for(text: str) -> str:
    """A stable id from the text: whitespace- and case-normalised, hashed."""
    norm = " ".join(text.split()).lower()
    return "a-" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def parse_date(value: object, origin: str) -> dt.date | None:
    """``value`` (a date, or text starting YYYY-MM-DD) as a date; None for None or "";
    ``InputError(origin)`` for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", s)
    if not m:
        raise InputError(origin, f"published {s!r} is not a YYYY-MM-DD date")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InputError(origin, f"published {s!r} is not a valid date") from exc


def _decode(data: bytes, origin: str) -> str:
    if not data.strip():
        raise InputError(origin, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(origin, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(origin, f"not valid UTF-8 (byte {exc.start})") from exc


def article_from_record(
    rec: dict[str, Any], origin: str, published: dt.date | None = None
) -> Article:
    """An Article from a JSON/CSV record with ``text`` and optional id/title/published..."""
    text = rec.get("text")
    if not isinstance(text, str):
        raise InputError(origin, "record has no 'text' string")
    if not text.strip():
        raise InputError(origin, "record 'text' is empty")
    aid = rec.get("id")
    aid = str(aid) if aid not in (None, "") else article_id_for(text)
    title = rec.get("title")
    pub = parse_date(rec.get("published"), origin) or published
    return Article(
        id=aid,
        text=text,
        title=str(title) if title not in (None, "") else None,
        published=pub,
        url=rec.get("url") or None,
        outlet=rec.get("outlet") or None,
        origin=origin,
    )


def article_from_text(text: str, origin: str, published: dt.date | None = None) -> Article:
    """A plain-text article: the first non-empty line is its title, the text is all of it."""
    if not text.strip():
        raise InputError(origin, "empty file")
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
    return Article(article_id_for(text), text, title, published, origin=origin)


def article_from_html(html: str, origin: str, published: dt.date | None = None) -> Article:
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not body or len(body.split()) < 5:
        raise InputError(origin, "HTML page holds no article text")
    meta = trafilatura.extract_metadata(html)
    title = getattr(meta, "title", None) if meta is not None else None
    date_s = getattr(meta, "date", None) if meta is not None else None
    pub = published
    if pub is None and date_s:
        try:
            pub = parse_date(date_s, origin)
        except InputError:
            pub = None
    url = getattr(meta, "url", None) if meta is not None else None
    outlet = getattr(meta, "sitename", None) if meta is not None else None
    return Article(article_id_for(body), body, title, pub, url, outlet, origin)


def _jsonl_items(text: str, origin: str, published: dt.date | None) -> Iterator[Item]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(where, f"malformed JSON ({exc.msg})")
            continue
        if not isinstance(rec, dict):
            yield InputFailure(where, "JSON line is not an object")
            continue
        try:
            yield article_from_record(rec, where, published)
        except InputError as exc:
            yield InputFailure(exc.origin, exc.reason)


def _csv_items(text: str, origin: str, published: dt.date | None) -> Iterator[Item]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        yield InputFailure(origin, "CSV has no 'text' column")
        return
    for n, rec in enumerate(reader, 2):
        try:
            yield article_from_record(dict(rec), f"{origin}:{n}", published)
        except InputError as exc:
            yield InputFailure(exc.origin, exc.reason)


def _warc_items(data: bytes, origin: str, published: dt.date | None) -> Iterator[Item]:
    """HTML responses of a WARC file (a minimal reader: records split on 'WARC/1.')."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except OSError as exc:
            yield InputFailure(origin, f"corrupt gzip ({exc})")
            return
    if not data.startswith(b"WARC/"):
        yield InputFailure(origin, "not a WARC file")
        return
    found = 0
    for n, rec in enumerate(re.split(rb"(?:^|\r?\n)(?=WARC/1\.[01]\r?\n)", data), 1):
        head, _, rest = rec.partition(b"\r\n\r\n")
        if b"WARC-Type: response" not in head:
            continue
        uri = re.search(rb"WARC-Target-URI: *(\S+)", head)
        _http_head, _, body = rest.partition(b"\r\n\r\n")
        where = f"{origin}#{n}"
        try:
            html = body.decode("utf-8", errors="replace")
            art = article_from_html(html, where, published)
        except InputError as exc:
            yield InputFailure(exc.origin, exc.reason)
            continue
        found += 1
        if uri and not art.url:
            art = Article(art.id, art.text, art.title, art.published,
                          uri.group(1).decode(), art.outlet, art.origin)
        yield art
    if found == 0:
        yield InputFailure(origin, "WARC file holds no HTML response with article text")


def read_bytes(data: bytes, origin: str, suffix: str, published: dt.date | None) -> Iterator[Item]:
    """Parse one input's bytes by its suffix."""
    if suffix in WARC_SUFFIXES:
        yield from _warc_items(data, origin, published)
        return
    try:
        text = _decode(data, origin)
    except InputError as exc:
        yield InputFailure(exc.origin, exc.reason)
        return
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_items(text, origin, published)
        elif suffix in CSV_SUFFIXES:
            yield from _csv_items(text, origin, published)
        elif suffix in HTML_SUFFIXES:
            yield article_from_html(text, origin, published)
        else:
            yield article_from_text(text, origin, published)
    except InputError as exc:
        yield InputFailure(exc.origin, exc.reason)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def _stdin_items(published: dt.date | None) -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    lines = [ln for ln in data.splitlines() if ln.strip()]
    looks_jsonl = bool(lines) and all(ln.lstrip().startswith(b"{") for ln in lines)
    yield from read_bytes(data, "-", ".jsonl" if looks_jsonl else ".txt", published)


def read_inputs(inputs: Iterable[str | Path], published: dt.date | None = None) -> Iterator[Item]:
    """Every article in ``inputs`` (files, folders searched recursively, or '-')."""
    for raw in inputs:
        if str(raw) == "-":
            yield from _stdin_items(published)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and _suffix(p) in ALL_SUFFIXES
            )
            if not files:
                yield InputFailure(str(path), "folder holds no readable article files")
            for p in files:
                yield from _read_file(p, published)
        elif path.is_file():
            yield from _read_file(path, published)
        else:
            yield InputFailure(str(path), "no such file or folder")


def _read_file(path: Path, published: dt.date | None) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputFailure(str(path), f"cannot read ({exc.strerror})")
        return
    yield from read_bytes(data, str(path), _suffix(path), published)
