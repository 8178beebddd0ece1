"""A fictional multi-agency case conference for the tests and the previews (issue #16): three
agencies whose views differ in every way compare_conference() flags, two agreed actions,
recommendations, what the client was told and the next date."""

from __future__ import annotations

import datetime as dt

import attrs

import desistkit as dk

__all__ = ["AGENCIES", "ROLES", "SECRET_ACTION", "with_three_agency_conference"]

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
