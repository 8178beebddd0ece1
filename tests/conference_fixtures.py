"""The fictional multi-agency case conferences of the tests, the previews and the benchmarks
(issue #16), in one module:

- :func:`with_three_agency_conference` adds to any case (the prison example, the demo case) a
  two-agency review (c0) and a three-agency conference (c1) whose views differ in every way
  compare_conference() flags: the conference deck's tests and preview;
- :func:`conference_case` is the prison example as a case file (JSON) with two three-agency
  conferences (c1, c2) and three actions, read through the case-file loader like a caseworker's
  file: the minutes' and the tracker's tests and preview.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs

import desistkit as dk

__all__ = ["AGENCIES", "ROLES", "SECRET_ACTION", "conference_case", "with_three_agency_conference"]

AGENCIES = ("Exit counselling NGO", "Prison social service", "Probation service")
ROLES = ("exit counsellor", "prison social worker", "probation officer")
SECRET_ACTION = "Ask the client's aunt in the harbour town about a room"  # fictional


def _note(text: str, perspective: dk.Perspective = dk.Perspective.PROFESSIONAL) -> dk.Note:
    return dk.Note(text=text, perspective=perspective)


def with_three_agency_conference(case: dk.Case) -> dk.Case:
    """``case`` (the prison example or the demo case: sessions s2, s3 and s6) with two recorded
    conferences: a two-agency review on 6 May 2025 (c0), and a three-agency conference on
    1 July 2025 (c1): the NGO writes from its latest session, the prison
    social service from an earlier one with other ratings, the probation service only assumes what
    the others know, rates lower and gives everything high priority."""
    latest, middle = case.session("s6"), case.session("s2")

    def probation(r: dk.FactorReflection) -> dk.FactorReflection:
        notes = (*r.known, *r.assumed)
        return attrs.evolve(
            r,
            known=(),
            assumed=notes[:1] or (_note("Assumed from the court's file"),),
            rating=None if r.rating is None else max(0, r.rating - 2),
            caseworker_priority=dk.Priority.HIGH,
        )

    conference = dk.Conference(
        id="c1",
        date=dt.date(2025, 7, 1),
        occasion=dk.ConferenceOccasion.BEFORE_RELEASE,
        participants=tuple(
            dk.Participant(agency=a, contact_role=r) for a, r in zip(AGENCIES, ROLES, strict=True)
        ),
        contributions=(
            dk.Contribution(agency=AGENCIES[0], reflections=latest.reflections),
            dk.Contribution(agency=AGENCIES[1], reflections=middle.reflections),
            dk.Contribution(
                agency=AGENCIES[2], reflections=tuple(probation(r) for r in latest.reflections[:8])
            ),
        ),
        actions=(
            dk.AgreedAction(
                id="a1",
                what=SECRET_ACTION,
                owner=AGENCIES[1],
                due=dt.date(2025, 8, 15),
                factors=("home_environment", "family_of_origin"),
                history=(dk.ActionStatusChange(status=dk.ActionStatus.OPEN, date=dt.date(2025, 7, 1)),),
            ),
            dk.AgreedAction(
                id="a2",
                what="Plan the first appointments after release together",
                owner=AGENCIES[2],
                due=dt.date(2025, 9, 1),
                factors=("employment",),
                history=(
                    dk.ActionStatusChange(status=dk.ActionStatus.OPEN, date=dt.date(2025, 7, 1)),
                    dk.ActionStatusChange(status=dk.ActionStatus.IN_PROGRESS, date=dt.date(2025, 7, 20)),
                ),
                shareable=True,
            ),
        ),
        recommendations=(_note("Keep the counselling going during the first months after release"),),
        client_informed=_note("The client knows the agencies meet and agreed", dk.Perspective.CLIENT),
        next_date=dt.date(2025, 10, 7),
    )
    earlier = dk.Conference(
        id="c0",
        date=dt.date(2025, 5, 6),
        occasion=dk.ConferenceOccasion.REGULAR_REVIEW,
        participants=tuple(
            dk.Participant(agency=a, contact_role=r) for a, r in zip(AGENCIES[:2], ROLES[:2], strict=True)
        ),
        contributions=(
            dk.Contribution(agency=AGENCIES[0], reflections=case.session("s3").reflections),
            dk.Contribution(agency=AGENCIES[1], reflections=middle.reflections),
        ),
    )
    return attrs.evolve(case, conferences=(earlier, conference))


ROOT = Path(__file__).resolve().parents[1]


def conference_case() -> dict[str, Any]:
    """The prison example with two recorded conferences of three agencies each."""
    case = json.loads((ROOT / "examples" / "prison-case.json").read_text("utf-8"))
    agencies = ["Prison social service", "Probation service", "Exit counselling NGO"]
    earlier = {
        "id": "c1",
        "date": "2025-09-15",
        "occasion": "after_risk_assessment",
        "participants": [
            {"agency": a, "contact_role": r}
            for a, r in zip(agencies, ["social worker", "probation officer", "exit counsellor"], strict=True)
        ],
        "contributions": [
            {
                "agency": agencies[0],
                "reflections": {
                    "family_of_origin": {
                        "valence": "resource",
                        "rating": 3,
                        "known": [
                            {
                                "text": "Visits from the sister every month.",
                                "perspective": "professional",
                                "shareable": True,
                            }
                        ],
                    },
                    "employment": {
                        "valence": "challenge",
                        "rating": 0,
                        "assumed": [
                            {"text": "No vocational training so far.", "perspective": "professional"}
                        ],
                    },
                },
            },
            {
                "agency": agencies[1],
                "reflections": {
                    "family_of_origin": {
                        "valence": "challenge",
                        "rating": 1,
                        "assumed": [
                            {
                                "text": "Family contact may pull back to old friends.",
                                "perspective": "professional",
                            }
                        ],
                    },
                    "employment": {
                        "valence": "challenge",
                        "rating": 1,
                        "open": [{"text": "Which training is possible?", "perspective": "professional"}],
                    },
                },
            },
            {
                "agency": agencies[2],
                "reflections": {
                    "family_of_origin": {
                        "valence": "resource",
                        "rating": 4,
                        "known": [
                            {"text": "The client speaks warmly of the sister.", "perspective": "client"}
                        ],
                    },
                },
            },
        ],
        "actions": [
            {
                "id": "a1",
                "what": "Ask the prison school about a vocational course",
                "owner": agencies[0],
                "due": "2025-10-31",
                "factors": ["employment"],
                "history": [
                    {"status": "open", "date": "2025-09-15"},
                    {"status": "done", "date": "2025-10-20"},
                ],
            },
        ],
        "next_date": "2025-12-01",
    }
    later = copy.deepcopy(earlier)
    later.update(id="c2", date="2025-12-01", occasion="before_temporary_release", next_date="2026-03-02")
    later["contributions"][1]["reflections"]["family_of_origin"] = {
        "valence": "resource",
        "rating": 2,
        "client_priority": "high",
        "caseworker_priority": "medium",
        "known": [{"text": "Two family visits went well.", "perspective": "professional"}],
    }
    later["contributions"][0]["reflections"]["employment"] = {
        "valence": "resource",
        "rating": 2,
        "known": [{"text": "Started the welding course.", "perspective": "professional"}],
    }
    later["contributions"][2]["reflections"]["employment"] = {
        "valence": "ambivalent",
        "rating": 2,
        "assumed": [{"text": "Motivation depends on the course teacher.", "perspective": "professional"}],
    }
    later["actions"] = [
        {
            "id": "a1",
            "what": "Prepare the first day release with the family",
            "owner": agencies[0],
            "due": "2026-01-15",
            "factors": ["family_of_origin"],
            "history": [{"status": "open", "date": "2025-12-01"}],
            "shareable": True,
        },
        {
            "id": "a2",
            "what": "Arrange a meeting with the job centre before release",
            "owner": agencies[1],
            "due": "2026-02-27",
            "factors": ["employment"],
            "history": [
                {"status": "open", "date": "2025-12-01"},
                {"status": "in_progress", "date": "2025-12-10"},
            ],
        },
        {
            "id": "a3",
            "what": "Keep weekly counselling sessions",
            "owner": agencies[2],
            "due": "2026-03-02",
            "factors": [],
            "history": [{"status": "in_progress", "date": "2025-12-01"}],
        },
    ]
    later["recommendations"] = [
        {
            "text": "Temporary release is recommended, with exit counselling continuing.",
            "perspective": "professional",
            "shareable": True,
        },
        {"text": "Review the family contacts in three months.", "perspective": "professional"},
    ]
    later["client_informed"] = {
        "text": "The client was told of the recommendation and agreed to the job centre meeting.",
        "perspective": "professional",
    }
    case["conferences"] = [earlier, later]
    case["format_version"] = 2
    return case
