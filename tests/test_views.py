"""Derived views: progress, knowledge map, blind spots, priorities, goals."""

from __future__ import annotations

import datetime as dt

import pytest

import desistkit as dk
from conftest import EXAMPLES

D = dt.date
P = dk.Perspective
K = dk.SessionKind


def n(text: str = "x", p: dk.Perspective = P.PROFESSIONAL) -> dk.Note:
    return dk.Note(text, p)


@pytest.fixture
def case() -> dk.Case:
    s1 = dk.Session(
        "s1",
        D(2025, 1, 10),
        K.PRISON_VISIT,
        reflections=[
            dk.FactorReflection(
                "family_of_origin",
                assumed=[n()],
                rating=1,
                valence=dk.Valence.AMBIVALENT,
                client_priority=dk.Priority.HIGH,
                caseworker_priority=dk.Priority.HIGH,
            ),
            dk.FactorReflection("employment", open=[n("What work did he like?")], rating=1),
            dk.FactorReflection("retaliation", assumed=[n()], valence=dk.Valence.CHALLENGE),
        ],
        working_relationship=dk.WorkingRelationship(1),
    )
    s2 = dk.Session(
        "s2",
        D(2025, 2, 20),
        K.CASE_CONFERENCE,
        reflections=[
            dk.FactorReflection(
                "family_of_origin",
                known=[n()],
                rating=2,
                valence=dk.Valence.RESOURCE,
                client_priority=dk.Priority.HIGH,
                caseworker_priority=dk.Priority.MEDIUM,
            ),
        ],
    )
    s3 = dk.Session(
        "s3",
        D(2025, 4, 2),
        K.PRISON_VISIT,
        reflections=[
            dk.FactorReflection(
                "employment",
                known=[n()],
                rating=3,
                valence=dk.Valence.RESOURCE,
                client_priority=dk.Priority.MEDIUM,
            ),
            dk.FactorReflection("friends", open=[n("Who visits him?")]),
            dk.FactorReflection("family_of_origin", known=[n()], rating=1, valence=dk.Valence.AMBIVALENT),
        ],
    )
    goal = dk.Goal(
        "g1",
        "Start the welding course",
        dk.GoalAgreement.AGREED,
        history=[
            dk.StatusChange(dk.GoalStatus.OPEN, D(2025, 1, 10)),
            dk.StatusChange(dk.GoalStatus.ACHIEVED, D(2025, 3, 30)),
        ],
        factors=["employment"],
    )
    goal2 = dk.Goal(
        "g2",
        "Call his sister monthly",
        dk.GoalAgreement.PROPOSED,
        history=[dk.StatusChange(dk.GoalStatus.OPEN, D(2025, 2, 20))],
        review_date=D(2025, 3, 20),
    )
    return dk.Case("HH-1", dk.Setting.PRISON, sessions=[s3, s1, s2], goals=[goal, goal2])


def test_state_is_each_factors_latest_reflection(case: dk.Case) -> None:
    """A session holds only what was addressed; earlier reflections carry forward."""
    state = dk.state_at(case, "s2")
    assert {fid: s.session_id for fid, s in state.items()} == {
        "family_of_origin": "s2",
        "employment": "s1",
        "retaliation": "s1",
    }
    assert dk.state_at(case)["employment"].reflection.rating == 3


def test_progress_between_sessions(case: dk.Case, catalogue: dk.Catalogue) -> None:
    """Rating changes, stance moves, new resources and achieved goals, in catalogue order."""
    p = dk.progress(case, "s1", "s3", catalogue)
    assert [(c.factor_id, c.before, c.after, c.delta) for c in p.rating_changes] == [("employment", 1, 3, 2)]
    assert [(m.factor_id, m.before, m.after) for m in p.stance_moves] == [
        ("family_of_origin", dk.Stance.ASSUMED, dk.Stance.KNOWN),
        ("friends", None, dk.Stance.OPEN),
        ("employment", dk.Stance.OPEN, dk.Stance.KNOWN),
    ]
    assert p.now_known == ("family_of_origin", "employment")
    assert p.new_resources == ("employment",)
    assert p.lost_resources == ()
    assert p.newly_addressed == ("friends",)
    assert p.goals_achieved == ("g1",)


def test_since_last_case_conference(case: dk.Case, catalogue: dk.Catalogue) -> None:
    """Compares the last conference before the latest session with the latest session."""
    p = dk.since_last_case_conference(case, catalogue)
    assert p is not None
    assert (p.from_session, p.to_session) == ("s2", "s3")
    assert p.lost_resources == ("family_of_origin",)
    assert [(c.factor_id, c.delta) for c in p.rating_changes] == [
        ("family_of_origin", -1),
        ("employment", 2),
    ]
    assert p.goals_achieved == ("g1",)
    only_visits = dk.Case("HH-2", dk.Setting.PRISON, sessions=[s for s in case.sessions if s.id != "s2"])
    assert dk.since_last_case_conference(only_visits, catalogue) is None


def test_knowledge_map_counts_factors_per_stance(case: dk.Case, catalogue: dk.Catalogue) -> None:
    """Per category: factors with notes under each stance, and factors without any note."""
    rows = {
        r.category_id: (r.known, r.assumed, r.open, r.not_addressed, r.factors)
        for r in dk.knowledge_map(case, catalogue)
    }
    assert rows == {
        "relationship_belonging": (1, 0, 1, 3, 5),
        "individual_development": (0, 0, 0, 10, 10),
        "practical_life": (1, 0, 0, 5, 6),
        "challenges": (0, 1, 0, 7, 8),
    }
    early = {r.category_id: (r.assumed, r.open) for r in dk.knowledge_map(case, catalogue, "s1")}
    assert early["relationship_belonging"] == (1, 0)
    assert early["practical_life"] == (0, 1)


def _counted(case: dk.Case, catalogue: dk.Catalogue, session_id: str) -> tuple[dk.CategoryKnowledge, ...]:
    """The knowledge map as its documentation defines it, counted afresh from the state at a
    session: per category, its factors' stances in their latest reflection."""
    state = dk.state_at(case, session_id)
    rows = []
    for category in catalogue.categories:
        factors = catalogue.factors_in(category.id)
        stances = [state[f.id].reflection.stances if f.id in state else frozenset() for f in factors]
        rows.append(
            dk.CategoryKnowledge(
                category.id,
                known=sum(dk.Stance.KNOWN in s for s in stances),
                assumed=sum(dk.Stance.ASSUMED in s for s in stances),
                open=sum(dk.Stance.OPEN in s for s in stances),
                not_addressed=sum(not s for s in stances),
                factors=len(factors),
            )
        )
    return tuple(rows)


@pytest.mark.parametrize("listing", ["loaded", "a factor and a category twice"])
def test_knowledge_maps_are_the_knowledge_map_at_each_session(catalogue: dk.Catalogue, listing: str) -> None:
    """The one-pass maps over time say at each session what knowledge_map says there, and both
    what counting the state at that session gives, in the example cases (a factor's stance
    changes, factors addressed late); also with a catalogue made in code that lists a factor and
    a category twice (the loader refuses that), counted as it lists them."""
    if listing != "loaded":
        catalogue = dk.Catalogue(
            categories=(*catalogue.categories, catalogue.categories[1]),
            factors=(*catalogue.factors, catalogue.factors[0]),
        )
    for path in EXAMPLES:
        case = dk.load_case(path)
        expected = [_counted(case, catalogue, s.id) for s in case.chronological]
        assert [dk.knowledge_map(case, catalogue, s.id) for s in case.chronological] == expected, path.name
        assert dk.knowledge_maps(case, catalogue) == expected, path.name
        assert len(expected) == len(case.sessions) > 1


def test_blind_spots(case: dk.Case, catalogue: dk.Catalogue) -> None:
    """Never-addressed factors and factors about which only assumptions exist."""
    spots = dk.blind_spots(case, catalogue)
    only_assumed = [b.factor_id for b in spots if b.reason is dk.BlindSpotReason.ONLY_ASSUMED]
    never = [b.factor_id for b in spots if b.reason is dk.BlindSpotReason.NEVER_ADDRESSED]
    assert only_assumed == ["retaliation"]
    assert len(never) == 29 - 4
    assert "friends" not in never and "family_of_origin" not in never


def test_open_questions_come_from_the_latest_reflections(case: dk.Case, catalogue: dk.Catalogue) -> None:
    """The employment question was answered in s3; the new friends question is open."""
    assert [(q.factor_id, q.note.text) for q in dk.open_questions(case, catalogue)] == [
        ("friends", "Who visits him?")
    ]


def test_priority_agreement(case: dk.Case, catalogue: dk.Catalogue) -> None:
    """Client and caseworker priorities side by side, with whether they agree."""
    rows = [(p.factor_id, p.agree) for p in dk.priority_agreement(case, catalogue)]
    assert rows == [("employment", None)]
    at_s2 = [
        (p.factor_id, p.client, p.caseworker, p.agree) for p in dk.priority_agreement(case, catalogue, "s2")
    ]
    assert at_s2 == [("family_of_origin", dk.Priority.HIGH, dk.Priority.MEDIUM, False)]


def test_goal_summary(case: dk.Case) -> None:
    """Goals by status on a day; active goals past their review date are due."""
    march = dk.goal_summary(case, D(2025, 3, 25))
    assert march.by_status[dk.GoalStatus.OPEN] == 2
    assert (march.agreed, march.proposed, march.due_for_review) == (1, 1, ("g2",))
    april = dk.goal_summary(case, D(2025, 4, 2))
    assert april.by_status[dk.GoalStatus.ACHIEVED] == 1
    assert dk.goal_summary(case, D(2024, 12, 31)).total == 0
