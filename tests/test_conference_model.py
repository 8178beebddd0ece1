"""Multi-agency case conferences in the case file (issue #16): format 1 files load unchanged, and a
conference's problems are located by their JSON path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import desistkit as dk

DATA = Path(__file__).parent / "data"


def test_a_format_1_file_loads_and_its_case_conference_session_is_a_conference() -> None:
    old = DATA / "format-1-prison-case.json"
    assert json.loads(old.read_text("utf-8"))["format_version"] == 1
    case = dk.load_case(old)
    sessions = [s for s in case.sessions if s.kind is dk.SessionKind.CASE_CONFERENCE]
    assert sessions and case.conferences == ()
    derived = case.conference(sessions[0].id)
    assert len(derived.contributions) == 1
    assert derived.contributions[0].reflections == sessions[0].reflections
    assert json.loads(dk.dumps_case(case))["format_version"] == dk.casefile.CASE_FORMAT_VERSION


def test_an_unknown_conference_id_lists_the_known_ones() -> None:
    case = dk.load_case(DATA / "format-1-prison-case.json")
    with pytest.raises(dk.UnknownConferenceError, match="the case has"):
        case.conference("c99")


def _conference_case() -> dict[str, object]:
    return {
        "format_version": 2,
        "reference": "X-1",
        "setting": "prison",
        "team": [{"agency": "Probation service", "role": "probation officer"}],
        "conferences": [
            {
                "id": "c1",
                "date": "2026-11-02",
                "occasion": "before_release",
                "participants": [
                    {"agency": "Probation service", "contact_role": "probation officer"},
                    {"agency": "Probation service", "contact_role": "team lead"},
                ],
                "contributions": [
                    {"agency": "Prison social service", "reflections": {"famliy": {"rating": 2}}},
                ],
                "actions": [
                    {
                        "id": "a1",
                        "what": "Book an appointment at the job centre",
                        "owner": "Probaton service",
                        "factors": ["work"],
                        "history": [
                            {"status": "open", "date": "2026-11-02"},
                            {"status": "done", "date": "2026-10-01"},
                        ],
                    },
                    {
                        "id": "a1",
                        "what": "x",
                        "owner": "Prison social service",
                        "history": [{"status": "open", "date": "2026-11-02"}],
                    },
                ],
            }
        ],
    }


def test_conference_problems_are_located_by_their_path() -> None:
    with pytest.raises(dk.CaseFileError) as info:
        dk.case_from_dict(_conference_case())
    problems = [str(p) for p in info.value.problems]
    text = "\n".join(problems)
    assert "conferences[0].participants[1].agency: the agency is already listed" in text
    assert "conferences[0].contributions[0].reflections.famliy: unknown factor id" in text
    assert "conferences[0].actions[0].owner: is not an agency of the conference or the case team" in text
    assert "did you mean 'Probation service'" in text
    assert "conferences[0].actions[1].id: duplicate action id" in text
    assert "conferences[0].actions[0].history[1].date: is earlier than the entry before it" in text
    # free text never echoed
    assert "job centre" not in text


def test_a_conference_built_in_python_is_checked_alike() -> None:
    conference = dk.Conference(
        id="c1",
        date=dt.date(2026, 11, 2),
        occasion=dk.ConferenceOccasion.CRISIS,
        contributions=(dk.Contribution(agency="Police", reflections=(dk.FactorReflection("famliy"),)),),
    )
    case = dk.Case("X-1", dk.Setting.PRISON, conferences=(conference,))
    problems = [str(p) for p in dk.check_case(case)]
    assert any(p.startswith("conferences[0].contributions[0].reflections.famliy") for p in problems)
