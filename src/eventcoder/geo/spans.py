"""A place name found in an article, with its gazetteer candidates and the choice made."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventcoder.geo.gazetteer import Candidate


@dataclass
class PlaceSpan:
    start: int
    end: int
    text: str
    from_ner: bool
    strict: bool = False  # another entity label: only a well-known place counts
    candidates: list[Candidate] = field(default_factory=list)
    best: Candidate | None = None
    parent: PlaceSpan | None = field(default=None, repr=False)  # Y of "X, Y" / "X in the Y region"
    hard: bool = False  # the hierarchy is explicit: X lies inside Y (else a local place in Y)
    dateline: bool = False  # an upper-case dateline: a smaller town is accepted
    local: bool = False  # a place name whose only matches cut a longer name short: local
