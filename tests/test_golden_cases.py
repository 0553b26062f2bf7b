"""Golden cases written for the project (tests/golden/README.md): the real pipeline over each
case; every file's pass rate must stay at or above its floor in tests/golden/floors.json
(floors only rise). ``python tests/golden/report.py`` lists the failing cases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))

from cases import Case, case_files, load_cases, load_floors, matches, pass_rate, problems  # noqa: E402

from eventcoder.inputs.readers import parse_date  # noqa: E402
from eventcoder.model import Article  # noqa: E402

FILES = case_files()


def test_every_case_file_has_a_floor() -> None:
    floors = load_floors()
    assert FILES, "no golden case files"
    for path in FILES:
        assert path.name in floors, f"{path.name}: add a floor to tests/golden/floors.json"


def test_cases_are_well_formed() -> None:
    seen: set[str] = set()
    for path in FILES:
        for case in load_cases(path):
            assert case.id not in seen, f"duplicate case id {case.id}"
            seen.add(case.id)
            assert case.text.strip()
            for partial in (*case.expect, *case.forbid):
                for key, value in partial.items():
                    matches({"location": None, "actor1": None, "actor2": None}, {key: value})


def test_matching_rules() -> None:
    rec = {"sub_event_type": "Attack", "fatalities": 3, "background": False,
           "actor1": {"name": "Unidentified Armed Group (Mali)", "text": "gunmen", "inter": 3,
                      "country": "MLI"},
           "actor2": None, "plover_mode": ["small-arms"],
           "location": {"name": "Gao", "text": "Gao", "country": "Mali", "iso3": "MLI",
                        "admin1": "Gao Region"}}
    case = Case("x", "x", "", "t", None, None, ({"actor1": "armed group", "fatalities": 3},),
                ({"background": True},), 1, None)
    assert problems(case, [rec]) == []
    assert problems(case, [rec, rec]) == ["2 records, at most 1 allowed"]
    assert matches(rec, {"actor2": None, "country": "MLI", "admin1": "gao",
                         "actor1_inter": 3, "plover_mode": ["small-arms"]})
    assert not matches(rec, {"fatalities": 4})
    assert problems(Case("x", "x", "", "t", None, None, ({"fatalities": 3},) * 2, (), None, None),
                    [rec]) == ["expected records share one output record"]


@pytest.mark.model
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_pass_rate_holds_its_floor(path: Path, pipeline) -> None:
    cases = load_cases(path)
    arts = [Article(c.id, c.text, c.title,
                    parse_date(c.published, "published") if c.published else None)
            for c in cases]
    failures: list[str] = []
    ok = []
    for case, result in zip(cases, pipeline.process(arts), strict=True):
        why = problems(case, [e.to_dict() for e in result.events])
        ok.append(not why)
        failures.extend(f"{case.id}: {w}" for w in why)
    rate = pass_rate(ok)
    floor = load_floors()[path.name]
    print(f"{path.name}: {sum(ok)}/{len(ok)} pass ({rate:.3f}), floor {floor}")
    assert rate >= floor, "\n".join(failures)
