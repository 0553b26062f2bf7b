"""Ingest: read articles from files, folders and standard input.

Formats: ``.txt`` (first line = title; the text is the whole file), ``.html``/``.htm``
(article body extracted with trafilatura), ``.jsonl`` and ``.csv`` (fields ``id``,
``text``, ``title``, ``published``, ``url``, ``outlet``), ``.warc``/``.warc.gz`` (HTML
responses), and ``-`` for standard input (JSON Lines when every line is a JSON object,
else one plain-text article).

``read_inputs`` yields ``Article`` or ``InputFailure`` items: a bad input, or a bad
record inside one (a JSON line, a CSV row, a WARC record), is reported with its path, line
or record number and reason, and the rest goes on (docs/reliability.md). JSON Lines are
split on ``"\\n"`` only and streamed from files; a text file with a UTF-8, UTF-16 or UTF-32
byte order mark is decoded by it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from eventcoder.errors import InputError
from eventcoder.model import Article, InputFailure, text_problem

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
WARC_SUFFIXES = (".warc", ".warc.gz")
ALL_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + WARC_SUFFIXES

Item = Article | InputFailure

MAX_CSV_FIELD = 10_000_000
"""The most characters one CSV field may hold (Python's default limit is 131,072); a longer
field is reported with its line and the rows after it are still read."""
RECORD_FIELDS = ("id", "title", "published", "url", "outlet")
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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


def _bom(data: bytes) -> str | None:
    """The encoding a byte order mark at the start of ``data`` names, or None."""
    return next((enc for bom, enc in BOMS if data.startswith(bom)), None)


def _decode(data: bytes, origin: str) -> str:
    """Text from a file's bytes: by its byte order mark (UTF-8, UTF-16, UTF-32), else
    UTF-8; ``InputError`` for an empty, binary or undecodable file."""
    encoding = _bom(data)
    if encoding is not None and encoding != "utf-8-sig":
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(origin, f"not valid {encoding.upper()} (byte {exc.start})") from exc
        if not text.strip():
            raise InputError(origin, "empty file")
        return text
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
    for name in RECORD_FIELDS:
        value = rec.get(name)
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            continue
        if value is not None and not isinstance(value, str):
            raise InputError(origin, f"'{name}' must be a string or null, not"
                                     f" {type(value).__name__}")
    for name in ("text", *RECORD_FIELDS):
        value = rec.get(name)
        if isinstance(value, str) and (why := text_problem(value)) is not None:
            raise InputError(origin, f"'{name}' {why}")
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


def _jsonl_record(line: str, where: str, published: dt.date | None) -> Item:
    """One JSON line as an Article, or the reason it is not one."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputFailure(where, f"malformed JSON ({exc.msg})")
    except RecursionError:
        return InputFailure(where, "JSON nested too deeply")
    if not isinstance(rec, dict):
        return InputFailure(where, "JSON line is not an object")
    try:
        return article_from_record(rec, where, published)
    except InputError as exc:
        return InputFailure(exc.origin, exc.reason)


def _jsonl_stream(stream: IO[bytes], origin: str, published: dt.date | None) -> Iterator[Item]:
    """JSON Lines read line by line from a byte stream: lines end at ``b"\\n"`` only (a
    U+2028, U+0085, form feed or vertical tab inside a string is part of the string)."""
    head = stream.read(8192)
    encoding = _bom(head)
    if encoding not in (None, "utf-8-sig"):  # UTF-16/32: decode whole, then split
        try:
            text = _decode(head + stream.read(), origin)
        except InputError as exc:
            yield InputFailure(exc.origin, exc.reason)
            return
        lines: Iterable[bytes | str] = text.split("\n")
    else:
        if b"\x00" in head:
            yield InputFailure(origin, "binary file, not text")
            return
        if head.startswith(codecs.BOM_UTF8):
            head = head[len(codecs.BOM_UTF8):]
        lines = _lines(head, stream)
    any_line = False
    for n, raw in enumerate(lines, 1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                any_line = any_line or bool(raw.strip())
                yield InputFailure(f"{origin}:{n}", f"not valid UTF-8 (byte {exc.start})")
                continue
        else:
            line = raw
        if not line.strip():
            continue
        any_line = True
        yield _jsonl_record(line, f"{origin}:{n}", published)
    if not any_line:
        yield InputFailure(origin, "empty file")


def _lines(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """The lines of ``head`` followed by the rest of ``stream``, split on ``b"\\n"``."""
    first, nl, tail = head.rpartition(b"\n")
    if nl:
        yield from first.split(b"\n")
        carry = tail
    else:
        carry = head
    for line in stream:  # binary streams split lines on b"\n" only
        yield carry + line.removesuffix(b"\n") if line.endswith(b"\n") else carry + line
        carry = b""
    if carry:
        yield carry


def _shape(value: str) -> str:
    """A value's shape: runs of digits as 9, of letters as a (``"a-17"`` -> ``"a-9"``)."""
    return re.sub(r"\d+", "9", re.sub(r"[^\W\d_]+", "a", value.strip()))


def _swallowed(row: list[str], ncols: int) -> bool:
    """Whether a record that spans lines looks like rows swallowed by a stray quote: it
    has the wrong number of fields, or a later line inside one of its fields reads as a
    whole row starting like this record (``2,Next article,2020-01-02``)."""
    if len(row) != ncols:
        return True
    first = _shape(row[0])
    for value in row:
        for line in value.split("\n")[1:]:
            try:
                inner = next(csv.reader([line]), [])
            except csv.Error:
                continue
            if len(inner) == ncols and first and _shape(inner[0]) == first:
                return True
    return False


def _csv_items(text: str, origin: str, published: dt.date | None) -> Iterator[Item]:
    """One article per CSV row. A field longer than ``MAX_CSV_FIELD`` characters, a
    malformed row, or a stray quote that swallows the rows after it is reported with its
    line number; the other rows are read."""
    csv.field_size_limit(MAX_CSV_FIELD)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield InputFailure(f"{origin}:1", f"malformed CSV header ({exc})")
        return
    if header is None or "text" not in header:
        yield InputFailure(origin, "CSV has no 'text' column")
        return
    n = 1
    last_line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            n += 1
            last_line = reader.line_num
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = f"a field is longer than {MAX_CSV_FIELD:,} characters"
            yield InputFailure(f"{origin}:{reader.line_num}", f"malformed CSV row ({reason})")
            continue
        lines = reader.line_num - last_line
        start = last_line + 1
        last_line = reader.line_num
        if not row:
            continue
        n += 1
        if lines > 1 and _swallowed(row, len(header)):
            yield InputFailure(f"{origin}:{start}", f"a stray quote seems to swallow the rows"
                                                    f" after it (lines {start}-{reader.line_num}"
                                                    f" read as one row); check the quoting")
            continue
        rec = {k: (row[i] if i < len(row) else None) for i, k in enumerate(header)}
        try:
            yield article_from_record(rec, f"{origin}:{n}", published)
        except InputError as exc:
            yield InputFailure(exc.origin, exc.reason)


GZIP_MAGIC = b"\x1f\x8b\x08"
READ_CHUNK = 1 << 16  # bytes read from a WARC file at a time


def _gzip_members(fh: IO[bytes]) -> Iterator[tuple[int, bytes | str]]:
    """The decompressed members of a multi-member gzip stream, read ``READ_CHUNK`` bytes
    at a time (a WARC file holds one record per member, so memory follows the largest
    record, not the file), each with its byte offset: bytes, or the reason a member is
    corrupt or truncated (reading goes on at the next gzip header after it)."""
    pos = 0  # the file offset of buf[0]
    buf = b""
    while True:
        if not buf:
            buf = fh.read(READ_CHUNK)
            if not buf:
                return
        skip = len(buf) - len(buf.lstrip(b"\x00"))  # padding between members
        pos, buf = pos + skip, buf[skip:]
        if not buf:
            continue
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        raw: list[bytes] = []  # this member's compressed bytes, to look past a bad one
        out: list[bytes] = []
        data = buf
        try:
            while True:
                raw.append(data)
                out.append(d.decompress(data))
                if d.eof:
                    break
                data = fh.read(READ_CHUNK)
                if not data:
                    yield pos, "truncated gzip member"
                    return
        except zlib.error as exc:
            yield pos, f"corrupt gzip member ({exc})"
            held = b"".join(raw)
            while (nxt := held.find(GZIP_MAGIC, 1)) < 0:
                more = fh.read(READ_CHUNK)
                if not more:
                    return
                keep = held[-(len(GZIP_MAGIC) - 1):]
                pos += len(held) - len(keep)
                held = keep + more
            pos, buf = pos + nxt, held[nxt:]
            continue
        yield pos, b"".join(out)
        used = sum(len(r) for r in raw) - len(d.unused_data)
        pos, buf = pos + used, d.unused_data


def _warc_records(fh: IO[bytes], origin: str) -> Iterator[tuple[str, Any] | InputFailure]:
    """``(where, record)`` for each WARC record (read with warcio, streamed), or an
    ``InputFailure`` for a corrupt gzip member or record, which is skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    head = fh.read(2)
    fh.seek(0)
    chunks: Iterable[tuple[int, bytes | str | IO[bytes]]]
    chunks = _gzip_members(fh) if head == b"\x1f\x8b" else [(0, fh)]
    n = 0
    for offset, chunk in chunks:
        if isinstance(chunk, str):
            n += 1
            yield InputFailure(f"{origin}#{n}", f"{chunk} at byte {offset}; skipped")
            continue
        stream = io.BytesIO(chunk) if isinstance(chunk, bytes) else chunk
        if n == 0:
            start = stream.read(64)
            stream.seek(0)
            if not start.lstrip().startswith(b"WARC/"):
                yield InputFailure(origin, "not a WARC file")
                return
        records = iter(ArchiveIterator(stream))
        while True:
            try:
                rec = next(records)
            except StopIteration:
                break
            except (ArchiveLoadFailed, ValueError, EOFError, OSError, zlib.error) as exc:
                n += 1
                yield InputFailure(f"{origin}#{n}", f"corrupt WARC record ({exc}); skipped")
                break
            n += 1
            yield f"{origin}#{n}", rec


def read_warc(fh: IO[bytes], origin: str, published: dt.date | None = None) -> Iterator[Item]:
    """The HTML responses of a WARC stream (``.warc`` or ``.warc.gz``; seekable), as
    articles, read as they come: a record is yielded before the rest is read."""
    yield from _warc_items(fh, origin, published)


def _warc_items(fh: IO[bytes], origin: str, published: dt.date | None) -> Iterator[Item]:
    """The HTML responses of a WARC file (``.warc`` or ``.warc.gz``), as articles."""
    found = 0
    for item in _warc_records(fh, origin):
        if isinstance(item, InputFailure):
            yield item
            if item.origin == origin:
                return
            continue
        where, rec = item
        if rec.rec_type != "response":
            continue
        try:
            body = rec.content_stream().read()
        except Exception as exc:  # a broken body (bad chunking, bad encoding): skip it
            yield InputFailure(where, f"corrupt WARC record body ({exc}); skipped")
            continue
        uri = rec.rec_headers.get_header("WARC-Target-URI")
        try:
            html = body.decode("utf-8", errors="replace")
            art = article_from_html(html, where, published)
        except InputError as exc:
            yield InputFailure(exc.origin, exc.reason)
            continue
        found += 1
        if uri and not art.url:
            art = Article(art.id, art.text, art.title, art.published, uri, art.outlet,
                          art.origin)
        yield art
    if found == 0:
        yield InputFailure(origin, "WARC file holds no HTML response with article text")


def read_bytes(data: bytes, origin: str, suffix: str, published: dt.date | None) -> Iterator[Item]:
    """Parse one input's bytes by its suffix."""
    if suffix in WARC_SUFFIXES:
        yield from _warc_items(io.BytesIO(data), origin, published)
        return
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_stream(io.BytesIO(data), origin, published)
        return
    try:
        text = _decode(data, origin)
    except InputError as exc:
        yield InputFailure(exc.origin, exc.reason)
        return
    try:
        if suffix in CSV_SUFFIXES:
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
    lines = [ln for ln in data.split(b"\n") if ln.strip()]
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
    suffix = _suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:  # streamed: a large file is never read whole
            with path.open("rb") as fh:
                yield from _jsonl_stream(fh, str(path), published)
            return
        if suffix in WARC_SUFFIXES:  # streamed too, record by record
            with path.open("rb") as fh:
                yield from _warc_items(fh, str(path), published)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputFailure(str(path), f"cannot read ({exc.strerror or exc})")
        return
    yield from read_bytes(data, str(path), suffix, published)
