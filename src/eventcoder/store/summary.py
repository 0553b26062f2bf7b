"""The end-of-run summary of a batch command (``extract``, ``ingest``): how many articles
were read, gave records, were skipped (by reason) or rejected, and the records by ACLED
event type and by country. The command line prints it as a table and writes it with
``--summary-json FILE`` (docs/cli.md, "Progress and summary")."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from eventcoder.model import ArticleResult, Event, InputFailure

NO_TYPE = "(no ACLED type)"
NO_COUNTRY = "(no country)"


def reason_kind(reason: str) -> str:
    """A rejection reason without its particulars ("malformed JSON (Expecting ...)" ->
    "malformed JSON"; "E1 rejected: fatalities 20000000 ..." -> "fatalities out of range")."""
    _, sep, rest = reason.partition(" rejected: ")
    text = rest if sep else reason
    text = text.split(" (", 1)[0]
    return re.sub(r"\s*\d[\d,._]*", " N", text).strip() or reason


@dataclass
class RunSummary:
    """Counts gathered while a run goes: feed it every article result (``add``) and every
    rejected input or record (``reject``)."""

    read: int = 0  # articles read from the inputs
    processed: int = 0  # articles the pipeline ran over (ingest: those not stored before)
    with_records: int = 0
    without_records: int = 0  # processed, not skipped, no record kept
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> articles
    rejected_inputs: Counter[str] = field(default_factory=Counter)  # reason kind -> inputs
    rejected_records: Counter[str] = field(default_factory=Counter)  # reason kind -> records
    records: int = 0
    filtered: int = 0  # records left out by the record filters (Settings.only, ...)
    by_event_type: Counter[str] = field(default_factory=Counter)
    by_country: Counter[str] = field(default_factory=Counter)

    def add(self, result: ArticleResult) -> None:
        self.processed += 1
        if result.skipped is not None:
            self.skipped[result.skipped] += 1
            return
        if result.events:
            self.with_records += 1
        else:
            self.without_records += 1
        self.filtered += result.filtered
        for e in result.events:
            self.count(e)

    def count(self, e: Event) -> None:
        """Count one kept record by type and country."""
        self.records += 1
        self.by_event_type[e.event_type or NO_TYPE] += 1
        loc = e.location
        self.by_country[(loc.iso3 or loc.country or NO_COUNTRY) if loc else NO_COUNTRY] += 1

    def reject(self, failure: InputFailure, record: bool) -> None:
        """One rejected input (``record`` False) or record (True)."""
        (self.rejected_records if record else self.rejected_inputs)[
            reason_kind(failure.reason)] += 1

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (the ``--summary-json`` file); counters sorted
        by count, then name."""

        def ordered(c: Counter[str]) -> dict[str, int]:
            return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

        return {
            "articles": {
                "read": self.read,
                "processed": self.processed,
                "with_records": self.with_records,
                "without_records": self.without_records,
                "skipped": sum(self.skipped.values()),
                "rejected": sum(self.rejected_inputs.values()),
            },
            "skipped_by_reason": ordered(self.skipped),
            "rejected_inputs_by_reason": ordered(self.rejected_inputs),
            "rejected_records_by_reason": ordered(self.rejected_records),
            "records": {
                "kept": self.records,
                "filtered_out": self.filtered,
                "rejected": sum(self.rejected_records.values()),
            },
            "records_by_event_type": ordered(self.by_event_type),
            "records_by_country": ordered(self.by_country),
        }
