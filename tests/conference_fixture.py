"""A fictional case with two three-agency conferences (shared by the minutes and tracker tests)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

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
