"""The domain model: values that refuse to be invalid."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import desistkit as dk

D = dt.date


def note(text: str = "noted", perspective: dk.Perspective = dk.Perspective.CLIENT) -> dk.Note:
    return dk.Note(text, perspective)


def test_rating_outside_0_to_4_names_the_field() -> None:
    """A rating of 7 is refused with a message naming the field and the range."""
    with pytest.raises(ValueError, match="rating must be from 0 to 4"):
        dk.FactorReflection("friends", rating=7)
    with pytest.raises(TypeError, match="rating must be an integer"):
        dk.FactorReflection("friends", rating=True)  # type: ignore[arg-type]


def test_notes_are_not_shareable_unless_marked() -> None:
    """A note stays inside the team unless the caseworker marks it shareable."""
    assert dk.Note("x", dk.Perspective.PROFESSIONAL).shareable is False
    with pytest.raises(ValueError, match="non-empty"):
        dk.Note("   ", dk.Perspective.CLIENT)


def test_strongest_stance_is_known_then_assumed_then_open() -> None:
    """A factor's stance is the strongest one with a note; None when nothing is written."""
    r = dk.FactorReflection("friends", open=[note()], assumed=[note()])
    assert r.stance is dk.Stance.ASSUMED
    assert r.stances == {dk.Stance.ASSUMED, dk.Stance.OPEN}
    assert attrs.evolve(r, known=[note()]).stance is dk.Stance.KNOWN
    assert dk.FactorReflection("friends", rating=2).stance is None


def test_session_refuses_the_same_factor_twice() -> None:
    """Each factor is reflected at most once per session."""
    with pytest.raises(ValueError, match="duplicate factor_id friends"):
        dk.Session(
            "s1",
            D(2025, 1, 1),
            dk.SessionKind.COUNSELLING,
            reflections=[dk.FactorReflection("friends"), dk.FactorReflection("friends")],
        )


def test_goal_status_follows_its_history() -> None:
    """The current status is the last change; status_on answers for any day."""
    goal = dk.Goal(
        "g1",
        "Start vocational training",
        dk.GoalAgreement.AGREED,
        history=[
            dk.StatusChange(dk.GoalStatus.OPEN, D(2025, 1, 10)),
            dk.StatusChange(dk.GoalStatus.IN_PROGRESS, D(2025, 3, 1)),
            dk.StatusChange(dk.GoalStatus.ACHIEVED, D(2025, 6, 30)),
        ],
    )
    assert goal.status is dk.GoalStatus.ACHIEVED
    assert goal.status_on(D(2025, 1, 9)) is None
    assert goal.status_on(D(2025, 3, 1)) is dk.GoalStatus.IN_PROGRESS
    with pytest.raises(ValueError, match="date order"):
        attrs.evolve(goal, history=list(reversed(goal.history)))
    with pytest.raises(ValueError, match="at least 1"):
        attrs.evolve(goal, history=[])


def test_consent_covers_factor_audience_and_purpose_while_valid() -> None:
    """Consent holds from the day given to its expiry, and ends on the day it is withdrawn."""
    consent = dk.Consent(
        "c1",
        audiences=["case-conference"],
        purposes=["case-planning"],
        given=D(2025, 2, 1),
        factors=["employment"],
        topics=["goals"],
        expires=D(2025, 12, 31),
    )
    ok = {"audience": "case-conference", "purpose": "case-planning"}
    assert consent.covers(**ok, on=D(2025, 6, 1), factor_id="employment")
    assert consent.covers(**ok, on=D(2025, 6, 1), topic="goals")
    assert not consent.covers(**ok, on=D(2025, 6, 1), factor_id="friends")
    assert not consent.covers(**ok, on=D(2025, 1, 31), factor_id="employment")
    assert consent.covers(**ok, on=D(2025, 12, 31), factor_id="employment")
    assert not consent.covers(**ok, on=D(2026, 1, 1), factor_id="employment")
    assert not consent.covers(
        audience="security", purpose="case-planning", on=D(2025, 6, 1), factor_id="employment"
    )
    withdrawn = attrs.evolve(consent, withdrawn=D(2025, 5, 1))
    assert withdrawn.covers(**ok, on=D(2025, 4, 30), factor_id="employment")
    assert not withdrawn.covers(**ok, on=D(2025, 5, 1), factor_id="employment")
    with pytest.raises(ValueError, match="at least one factor or topic"):
        attrs.evolve(consent, factors=[], topics=[])


def test_case_finds_sessions_and_orders_them_by_date() -> None:
    """Sessions may be stored in any order; views see them by date."""
    s1 = dk.Session("s1", D(2025, 3, 1), dk.SessionKind.PRISON_VISIT)
    s2 = dk.Session("s2", D(2025, 1, 1), dk.SessionKind.PRISON_VISIT)
    case = dk.Case("HH-1", dk.Setting.PRISON, sessions=[s1, s2])
    assert [s.id for s in case.chronological] == ["s2", "s1"]
    assert case.latest == s1
    with pytest.raises(dk.UnknownSessionError, match="the case has s1, s2"):
        case.session("s3")
    with pytest.raises(ValueError, match="duplicate id s1"):
        dk.Case("HH-1", dk.Setting.PRISON, sessions=[s1, s1])


def test_case_reference_must_be_a_token() -> None:
    """The case reference is a pseudonymous token, not a name with spaces."""
    with pytest.raises(ValueError, match="reference must match"):
        dk.Case("Anna Müller", dk.Setting.PRISON)


def test_enums_are_checked_when_built_in_python() -> None:
    """Passing a plain string where an enum belongs fails at construction, not at export."""
    with pytest.raises(TypeError, match="setting"):
        dk.Case("HH-1", "prison")  # type: ignore[arg-type]


def test_client_identity_lists_every_name() -> None:
    """The identity record gathers the names the sharing rules must never let out."""
    client = dk.ClientIdentity(
        given_names=["Jonas"],
        family_names=["Brenner"],
        aliases=["@grauwolf_95"],
        contacts=[dk.Contact("Marta Brenner", "mother")],
    )
    assert client.names == ("Jonas", "Brenner", "@grauwolf_95", "Marta Brenner")
