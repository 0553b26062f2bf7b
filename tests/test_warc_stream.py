"""WARC files are streamed (inputs/readers.py): a record is yielded before the rest of the
file is read, and a corrupt or cut member is skipped with a reason, also when members
are larger than one read."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

from eventcoder.inputs.readers import READ_CHUNK, read_inputs, read_warc
from eventcoder.model import Article, InputFailure


def page(i: int, filler: str = "") -> str:
    return (f"<html><head><title>Report {i}</title></head><body><article><h1>Report {i}"
            f"</h1><p>Government troops clashed with rebels near the northern town on day {i},"
            f" officials said, and at least ten fighters were killed.</p><p>{filler}</p>"
            f"</article></body></html>")


def record(i: int, filler: str = "") -> bytes:
    uri = f"http://example.org/{i}".encode()
    body = page(i, filler).encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:r" + uri + b">\r\n"
            b"WARC-Target-URI: " + uri + b"\r\nContent-Type: application/http;"
            b" msgtype=response\r\nContent-Length: " + str(len(http)).encode() + b"\r\n\r\n"
            + http + b"\r\n\r\n")


class Counting(io.BytesIO):
    """A stream that remembers how many bytes were read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        out = super().read(size)
        self.taken += len(out)
        return out


def test_the_first_record_comes_before_the_rest_is_read() -> None:
    data = b"".join(gzip.compress(record(i, os.urandom(20_000).hex())) for i in range(100))
    assert len(data) > 20 * READ_CHUNK
    for blob in (data, gzip.decompress(data)):  # .warc.gz and plain .warc
        stream = Counting(blob)
        items = read_warc(stream, "big.warc.gz")
        first = next(items)
        assert isinstance(first, Article) and first.url == "http://example.org/0"
        assert stream.taken <= 2 * READ_CHUNK < len(blob) // 10
        assert sum(isinstance(i, Article) for i in items) == 99
        assert stream.taken >= len(blob)  # all read by the end (2 bytes peeked first)


def test_a_truncated_warc_gz_file_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    data = b"".join(gzip.compress(record(i)) for i in range(5))
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-30])
    items = list(read_inputs([path]))
    assert [i.url for i in items if isinstance(i, Article)] == \
        [f"http://example.org/{i}" for i in range(4)]
    fails = [i for i in items if isinstance(i, InputFailure)]
    assert len(fails) == 1 and fails[0].origin == f"{path}#5"
    assert "truncated gzip member" in fails[0].reason


def test_a_corrupt_member_larger_than_a_read_is_skipped(tmp_path: Path) -> None:
    big = [gzip.compress(record(i, os.urandom(150_000).hex())) for i in range(3)]
    assert all(len(m) > 2 * READ_CHUNK for m in big)
    bad = big[1][:20] + os.urandom(len(big[1]) - 20).replace(b"\x1f\x8b", b"..")
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(big[0] + bad + big[2])
    items = list(read_inputs([path]))
    assert [i.url for i in items if isinstance(i, Article)] == \
        ["http://example.org/0", "http://example.org/2"]
    fails = [i for i in items if isinstance(i, InputFailure)]
    assert len(fails) == 1 and "corrupt gzip member" in fails[0].reason
    assert f"at byte {len(big[0])}" in fails[0].reason
