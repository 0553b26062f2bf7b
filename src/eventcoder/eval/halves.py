"""The fixed dev / test split of every gold set, by a hash of ``doc_id``.

A document is in the *dev* half when the first byte of ``sha256(doc_id)`` is even, else in
the *test* half. Rules, lexicon entries and thresholds are written from the dev half (and
from articles written for the project); the test half is read only as scores. The split
depends on nothing but the id, so it never moves when a gold file grows or is reordered.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Half = Literal["dev", "test"]
HALVES: tuple[Half, Half] = ("dev", "test")


def half_of(doc_id: str) -> Half:
    """The half ``doc_id`` belongs to.

    >>> half_of("doc-1"), half_of("doc-2")
    ('test', 'dev')
    """
    return "dev" if hashlib.sha256(doc_id.encode("utf-8")).digest()[0] % 2 == 0 else "test"
