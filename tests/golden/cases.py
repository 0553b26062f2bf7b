"""Golden cases: load them, match partial records, say why a case fails (README.md here)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "floors.json"

EXACT = ("event_type", "sub_event_type", "plover_type", "disorder_type", "background",
         "date_precision", "event_date", "fatalities", "fatalities_low", "fatalities_high",
         "injured", "arrested", "interaction", "civilian_targeting")


@dataclass(frozen=True)
class Case:
    file: str
    id: str
    category: str
    text: str
    title: str | None
    published: str | None
    expect: tuple[Mapping[str, Any], ...]
    forbid: tuple[Mapping[str, Any], ...]
    max_records: int | None
    max_current: int | None


def case_files() -> list[Path]:
    return sorted(HERE.glob("*.jsonl"))


def load_cases(path: Path) -> list[Case]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        for key in ("id", "text", "expect"):
            if key not in d:
                raise ValueError(f"{path.name}:{n}: case without {key!r}")
        out.append(Case(path.name, d["id"], d.get("category", ""), d["text"], d.get("title"),
                        d.get("published"), tuple(d["expect"]), tuple(d.get("forbid", ())),
                        d.get("max_records"), d.get("max_current")))
    return out


def _contains(value: Any, wanted: str) -> bool:
    return isinstance(value, str) and wanted.lower() in value.lower()


def _actor_ok(actor: Mapping[str, Any] | None, want: Any) -> bool:
    if want is None:
        return actor is None
    if actor is None:
        return False
    options = [want] if isinstance(want, str) else list(want)
    return any(_contains(actor.get("name"), w) or _contains(actor.get("text"), w)
               for w in options)


def field_ok(record: Mapping[str, Any], key: str, want: Any) -> bool:
    """Whether ``record`` agrees with one field of a partial record."""
    if key in EXACT:
        return record.get(key) == want
    if key in ("actor1", "actor2"):
        return _actor_ok(record.get(key), want)
    if key.endswith(("_inter", "_country")) and key.startswith(("actor1", "actor2")):
        actor = record.get(key[:6])
        return actor is not None and actor.get(key[7:]) == want
    place = record.get("location")
    if key == "location":
        if want is None:
            return place is None
        return place is not None and (_contains(place.get("name"), want)
                                      or _contains(place.get("text"), want))
    if key == "country":
        return place is not None and want in (place.get("country"), place.get("iso3"))
    if key == "admin1":
        return place is not None and _contains(place.get("admin1"), want)
    if key == "plover_mode":
        return set(want) <= set(record.get("plover_mode") or [])
    raise KeyError(f"unknown field in a golden case: {key}")


def matches(record: Mapping[str, Any], partial: Mapping[str, Any]) -> bool:
    return all(field_ok(record, k, v) for k, v in partial.items())


def _assign(expect: Sequence[Mapping[str, Any]], records: Sequence[Mapping[str, Any]],
            used: frozenset[int] = frozenset()) -> bool:
    """Every expected partial record gets its own output record (small: backtracking)."""
    if not expect:
        return True
    first, rest = expect[0], expect[1:]
    return any(_assign(rest, records, used | {i})
               for i, r in enumerate(records) if i not in used and matches(r, first))


def problems(case: Case, records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Why ``records`` do not satisfy ``case`` (empty: the case passes)."""
    out: list[str] = []
    if not _assign(case.expect, records):
        for partial in case.expect:
            if not any(matches(r, partial) for r in records):
                near = max(records, default=None,
                           key=lambda r: sum(field_ok(r, k, v) for k, v in partial.items()))
                wrong = ({k: _show(near, k) for k, v in partial.items()
                          if not field_ok(near, k, v)} if near else {})
                out.append(f"missing {json.dumps(partial)}; closest record differs in {wrong}")
        if not out:
            out.append("expected records share one output record")
    for partial in case.forbid:
        if any(matches(r, partial) for r in records):
            out.append(f"forbidden record present: {json.dumps(partial)}")
    if case.max_records is not None and len(records) > case.max_records:
        out.append(f"{len(records)} records, at most {case.max_records} allowed")
    current = [r for r in records if not r.get("background")]
    if case.max_current is not None and len(current) > case.max_current:
        out.append(f"{len(current)} current records, at most {case.max_current} allowed")
    return out


def _show(record: Mapping[str, Any], key: str) -> Any:
    if key.startswith(("actor1", "actor2")):
        actor = record.get(key[:6])
        return actor and (actor.get("name") if len(key) == 6 else actor.get(key[7:]))
    if key in ("location", "country", "admin1"):
        place = record.get("location")
        return place and place.get({"location": "name"}.get(key, key))
    return record.get(key)


def load_floors() -> dict[str, float]:
    data = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    return {k: float(v) for k, v in data.items() if not k.startswith("_")}


def pass_rate(results: Iterable[bool]) -> float:
    items = list(results)
    return sum(items) / len(items) if items else 0.0
