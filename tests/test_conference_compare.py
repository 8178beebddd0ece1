"""The comparison of agencies' views at a case conference (core/conference.py): each flag, the
agreement count, and convergence between two conferences; properties over generated conferences."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import desistkit as dk
from conftest import EXAMPLES
from desistkit.core.conference import (
    AGENCY_DIVERGENCES,
    ConferenceComparison,
    ConvergenceTrend,
    Divergence,
    compare_conference,
    convergence,
)
from strategies import conferences

CATALOGUE = dk.default_catalogue()
DAY = dt.date(2026, 3, 2)
FACTOR = "family_of_origin"


def _note(text: str = "A fictional note.") -> tuple[dk.Note, ...]:
    return (dk.Note(text, dk.Perspective.PROFESSIONAL),)


def view(
    agency: str,
    *,
    valence: dk.Valence = dk.Valence.UNCLEAR,
    rating: int | None = None,
    stance: dk.Stance | None = None,
    own: dk.Priority | None = None,
    client: dk.Priority | None = None,
    factor_id: str = FACTOR,
) -> dk.Contribution:
    """One agency's contribution with a single reflection on ``factor_id``."""
    notes = {stance.value: _note()} if stance else {}
    reflection = dk.FactorReflection(factor_id, valence=valence, rating=rating, caseworker_priority=own,
                                     client_priority=client, **notes)  # fmt: skip
    return dk.Contribution(agency, reflections=(reflection,))


def conference(*contributions: dk.Contribution, conference_id: str = "c1") -> dk.Conference:
    return dk.Conference(
        conference_id, DAY, dk.ConferenceOccasion.REGULAR_REVIEW, contributions=contributions
    )


def flags(*contributions: dk.Contribution) -> frozenset[Divergence]:
    return compare_conference(conference(*contributions), CATALOGUE).factor(FACTOR).divergences


# --- each flag --------------------------------------------------------------------------------------


def test_valence_is_flagged_only_between_named_valences() -> None:
    """A resource for one agency and a challenge for another diverge; "unclear" disagrees with no one."""
    R, C, U = dk.Valence.RESOURCE, dk.Valence.CHALLENGE, dk.Valence.UNCLEAR
    assert Divergence.VALENCE in flags(view("A", valence=R), view("B", valence=C))
    assert Divergence.VALENCE in flags(view("A", valence=R), view("B", valence=dk.Valence.AMBIVALENT))
    assert Divergence.VALENCE not in flags(view("A", valence=R), view("B", valence=U), view("C", valence=R))
    assert Divergence.VALENCE not in flags(view("A", valence=C))


def test_ratings_two_apart_are_a_spread() -> None:
    """Ratings 1 and 3 diverge, 2 and 3 do not; one rating alone has no spread."""
    assert Divergence.RATING_SPREAD in flags(view("A", rating=1), view("B", rating=3))
    assert Divergence.RATING_SPREAD not in flags(view("A", rating=2), view("B", rating=3), view("C"))
    comparison = compare_conference(conference(view("A", rating=4), view("B")), CATALOGUE).factor(FACTOR)
    assert Divergence.RATING_SPREAD not in comparison.divergences and comparison.rating_spread is None


def test_one_agency_knows_what_another_only_assumes() -> None:
    """Known against assumed diverges; known against open is a question, not a disagreement."""
    known, assumed, unknown = dk.Stance.KNOWN, dk.Stance.ASSUMED, dk.Stance.OPEN
    assert Divergence.KNOWN_VS_ASSUMED in flags(view("A", stance=known), view("B", stance=assumed))
    assert Divergence.KNOWN_VS_ASSUMED not in flags(view("A", stance=known), view("B", stance=unknown))
    assert Divergence.KNOWN_VS_ASSUMED not in flags(view("A", stance=assumed), view("B", stance=assumed))


def test_nobody_knows_is_a_shared_blind_spot() -> None:
    """No agency has a note under "known": flagged, also when nobody addressed the factor; it is
    not a disagreement between agencies."""
    assert Divergence.NOBODY_KNOWS in flags(
        view("A", stance=dk.Stance.ASSUMED), view("B", stance=dk.Stance.OPEN)
    )
    assert Divergence.NOBODY_KNOWS not in flags(view("A", stance=dk.Stance.KNOWN), view("B"))
    empty = compare_conference(conference(view("A", factor_id="friends")), CATALOGUE).factor(FACTOR)
    assert empty.divergences == {Divergence.NOBODY_KNOWS} and empty.agree and empty.addressed == ()


def test_an_agencys_priority_that_differs_from_the_clients() -> None:
    """An agency's own priority against the client's as recorded: flagged when they differ, or when
    agencies recorded different client priorities; not when either side is missing."""
    H, L = dk.Priority.HIGH, dk.Priority.LOW
    assert Divergence.CLIENT_PRIORITY in flags(view("A", own=H, client=L))
    assert Divergence.CLIENT_PRIORITY in flags(view("A", own=H, client=H), view("B", client=L))
    assert Divergence.CLIENT_PRIORITY not in flags(view("A", own=H, client=H), view("B", own=H))
    assert Divergence.CLIENT_PRIORITY not in flags(view("A", own=H), view("B", own=L))
    assert Divergence.CLIENT_PRIORITY not in AGENCY_DIVERGENCES


def test_agencies_agree_on_n_of_the_catalogues_factors() -> None:
    """The count a conference reads: every factor of the catalogue compared, disagreements counted;
    the prison example's second conference agrees on 27 of 29."""
    case = dk.load_case(next(p for p in EXAMPLES if p.name == "prison-case.json"))
    later = compare_conference(case.conference("cc-before-escorted-leave"), CATALOGUE)
    assert (later.agreed, later.total) == (27, len(list(CATALOGUE))) == (27, 29)
    assert [f.factor_id for f in later.divergent] == ["family_of_origin", "home_environment"]
    assert {f.factor_id for f in later.with_divergence(Divergence.CLIENT_PRIORITY)} == {
        "family_of_origin", "home_environment", "financial_situation"}  # fmt: skip
    family = later.factor("family_of_origin")
    assert family.divergences == {Divergence.VALENCE, Divergence.RATING_SPREAD, Divergence.KNOWN_VS_ASSUMED,
                                  Divergence.CLIENT_PRIORITY}  # fmt: skip
    assert family.view("Probation service") is not None and family.view("Nobody") is None
    scene = later.factor("contact_with_scene")
    assert scene.divergences == {Divergence.NOBODY_KNOWS} and len(scene.addressed) == 3


# --- convergence ------------------------------------------------------------------------------------


def _pair(before: list[dk.Contribution], after: list[dk.Contribution]) -> tuple[Any, Any]:
    return (compare_conference(conference(*before), CATALOGUE),
            compare_conference(conference(*after, conference_id="c2"), CATALOGUE))  # fmt: skip


def test_convergence_by_disagreements_and_rating_spread() -> None:
    """Fewer disagreements or closer ratings converge; more or further diverge; one of each is
    mixed; nothing moved is unchanged. The example's views converged between its conferences."""
    R, C = dk.Valence.RESOURCE, dk.Valence.CHALLENGE
    apart = [view("A", valence=R, rating=4), view("B", valence=C, rating=0)]
    closer = [view("A", valence=R, rating=3), view("B", valence=R, rating=2)]
    moved = convergence(*_pair(apart, closer))
    assert moved.factors[0].factor_id == "family_of_origin"
    assert {f.factor_id: f.trend for f in moved.factors}[FACTOR] is ConvergenceTrend.CONVERGED
    assert convergence(*_pair(closer, apart)).trend is ConvergenceTrend.DIVERGED
    mixed = [view("A", valence=R, rating=4), view("B", valence=R, rating=1)]  # one disagreement, 3 apart
    half = [view("A", valence=R, rating=3), view("B", valence=C, rating=1)]  # two disagreements, 2 apart
    trend = {f.factor_id: f.trend for f in convergence(*_pair(mixed, half)).factors}[FACTOR]
    assert trend is ConvergenceTrend.MIXED
    same = convergence(*_pair(apart, apart))
    assert same.trend is ConvergenceTrend.UNCHANGED and same.count(ConvergenceTrend.UNCHANGED) == 29
    case = dk.load_case(next(p for p in EXAMPLES if p.name == "prison-case.json"))
    earlier, later = (compare_conference(c, CATALOGUE) for c in case.conferences)
    example = convergence(earlier, later)
    assert example.trend is ConvergenceTrend.CONVERGED
    assert example.count(ConvergenceTrend.CONVERGED) == 3 and example.count(ConvergenceTrend.DIVERGED) == 1


def test_views_that_only_moved_both_ways_are_mixed_overall_not_unchanged() -> None:
    """A conference whose only movement is a factor closer in one respect and further in another has
    not left the views unchanged: overall it is mixed."""
    R, C = dk.Valence.RESOURCE, dk.Valence.CHALLENGE
    before = [view("A", valence=R, rating=4), view("B", valence=R, rating=1)]
    after = [view("A", valence=R, rating=3), view("B", valence=C, rating=1)]
    moved = convergence(*_pair(before, after))
    assert moved.count(ConvergenceTrend.MIXED) == 1
    assert moved.trend is ConvergenceTrend.MIXED


# --- properties ---------------------------------------------------------------------------------------


def _signature(comparison: ConferenceComparison) -> list[tuple[str, frozenset[Divergence]]]:
    return [(f.factor_id, f.divergences) for f in comparison.factors]


@settings(max_examples=60, deadline=None)
@given(conferences("c1"), st.randoms(use_true_random=False))
def test_agreement_does_not_depend_on_the_order_of_contributions(c: dk.Conference, rnd: Any) -> None:
    """Shuffled contributions give the same divergences and the same count of agreed factors."""
    shuffled = list(c.contributions)
    rnd.shuffle(shuffled)
    a = compare_conference(c, CATALOGUE)
    b = compare_conference(attrs.evolve(c, contributions=shuffled), CATALOGUE)
    assert _signature(a) == _signature(b) and (a.agreed, a.total) == (b.agreed, b.total)
    assert [sorted(v.agency for v in f.views) for f in a.factors] == [
        sorted(v.agency for v in f.views) for f in b.factors
    ]


@st.composite
def agreeing(draw: Any, c: dk.Conference) -> dk.Contribution:
    """A new agency that agrees with all on every factor it addresses: a valence another agency
    named (or unclear), a rating within the others' range, a stance another agency has (or open),
    and priorities another agency recorded."""
    reflections = []
    for factor in CATALOGUE:
        if not draw(st.booleans()):
            continue
        views = [r for x in c.contributions if (r := x.reflection(factor.id)) is not None]
        named = sorted({r.valence for r in views} - {dk.Valence.UNCLEAR}, key=lambda v: v.value)
        valence = draw(st.sampled_from([dk.Valence.UNCLEAR, *named]))
        rated = [r.rating for r in views if r.rating is not None]
        rating = draw(st.none() | st.integers(min(rated), max(rated))) if rated else None
        stances = sorted(
            {r.stance for r in views if r.stance is not None} | {dk.Stance.OPEN}, key=lambda s: s.value
        )
        stance = draw(st.none() | st.sampled_from(stances))
        own, client = draw(
            st.sampled_from([(None, None)] + [(r.caseworker_priority, r.client_priority) for r in views])
        )
        notes = {stance.value: _note()} if stance else {}
        reflection = dk.FactorReflection(
            factor.id,
            valence=valence,
            rating=rating,
            caseworker_priority=own,
            client_priority=client,
            **notes,
        )
        reflections.append(reflection)
    name = next(n for n in (f"new agency {i}" for i in itertools.count()) if n not in c.agencies)
    return dk.Contribution(name, reflections=reflections)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_an_agency_that_agrees_with_all_adds_no_divergence(data: st.DataObject) -> None:
    """Adding an agency whose view lies within the others' on every factor never adds a divergence,
    so the agencies agree on at least as many factors as before."""
    c = data.draw(conferences("c1"))
    new = data.draw(agreeing(c))
    before = compare_conference(c, CATALOGUE)
    after = compare_conference(attrs.evolve(c, contributions=(*c.contributions, new)), CATALOGUE)
    for old, more in zip(before.factors, after.factors, strict=True):
        assert more.divergences <= old.divergences, old.factor_id
    assert after.agreed >= before.agreed
