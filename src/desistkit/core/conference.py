"""How the agencies at a case conference see the client: side by side, where they differ, and
whether their views came closer since the last conference.

Pure functions over a [Conference][desistkit.Conference]. They see only what they are given: an
exporter compares the conference of a [SharedCase][desistkit.SharedCase], so the grid an audience
sees is built from what that audience may see.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

import attrs

from desistkit.core.catalogue import Catalogue
from desistkit.core.model import Conference, FactorReflection, Priority, Stance, Valence

__all__ = [
    "AGENCY_DIVERGENCES",
    "AgencyView",
    "ConferenceComparison",
    "Convergence",
    "ConvergenceTrend",
    "Divergence",
    "FactorComparison",
    "FactorConvergence",
    "compare_conference",
    "convergence",
]


class Divergence(enum.Enum):
    """Something about a factor worth talking about at the conference."""

    VALENCE = "valence"  # one agency sees a resource where another sees a challenge (or ambivalence)
    RATING_SPREAD = "rating_spread"  # the agencies' ratings lie 2 or more apart
    KNOWN_VS_ASSUMED = "known_vs_assumed"  # one agency knows what another only assumes
    NOBODY_KNOWS = "nobody_knows"  # no agency knows anything about it (no note under "known")
    CLIENT_PRIORITY = "client_priority"  # an agency's priority differs from the client's


AGENCY_DIVERGENCES = frozenset({Divergence.VALENCE, Divergence.RATING_SPREAD, Divergence.KNOWN_VS_ASSUMED})
"""The divergences that are disagreements between agencies: "agencies agree on a factor" means
none of these. The other two are about the client's view and shared blind spots."""

RATING_SPREAD = 2
"""Ratings this far apart (on the 0-4 scale) count as a divergence."""


@attrs.frozen
class AgencyView:
    """One agency's reflection on one factor, reduced to what can be compared."""

    agency: str
    addressed: bool  # the agency reflected on the factor at all
    stance: Stance | None  # the strongest stance with a note: known over assumed over open
    valence: Valence | None  # None when not addressed
    rating: int | None
    priority: Priority | None  # the agency's own priority (a reflection's caseworker_priority)
    client_priority: Priority | None  # the client's priority, as this agency recorded it


@attrs.frozen
class FactorComparison:
    """All agencies' views of one factor and what diverges."""

    factor_id: str
    views: tuple[AgencyView, ...]  # one per contributing agency, in contribution order
    divergences: frozenset[Divergence]

    @property
    def addressed(self) -> tuple[AgencyView, ...]:
        """The views of the agencies that reflected on this factor."""
        return tuple(v for v in self.views if v.addressed)

    @property
    def agree(self) -> bool:
        """No disagreement between agencies (see [AGENCY_DIVERGENCES][desistkit.AGENCY_DIVERGENCES])."""
        return not self.divergences & AGENCY_DIVERGENCES

    @property
    def rating_spread(self) -> int | None:
        """Highest minus lowest rating; None when fewer than two agencies rated the factor."""
        ratings = [v.rating for v in self.views if v.rating is not None]
        return max(ratings) - min(ratings) if len(ratings) >= 2 else None

    def view(self, agency: str) -> AgencyView | None:
        """This agency's view, or None when it did not contribute."""
        return next((v for v in self.views if v.agency == agency), None)


@attrs.frozen
class ConferenceComparison:
    """Every factor of the catalogue compared across the conference's contributions."""

    conference_id: str
    agencies: tuple[str, ...]
    factors: tuple[FactorComparison, ...]  # in catalogue order

    @property
    def agreed(self) -> int:
        """How many factors the agencies agree on."""
        return sum(f.agree for f in self.factors)

    @property
    def total(self) -> int:
        """How many factors were compared."""
        return len(self.factors)

    @property
    def divergent(self) -> tuple[FactorComparison, ...]:
        """The factors the agencies disagree on, in catalogue order."""
        return tuple(f for f in self.factors if not f.agree)

    def with_divergence(self, kind: Divergence) -> tuple[FactorComparison, ...]:
        """The factors flagged with one kind of divergence."""
        return tuple(f for f in self.factors if kind in f.divergences)

    def factor(self, factor_id: str) -> FactorComparison:
        """The comparison of one factor (KeyError when it was not compared)."""
        for f in self.factors:
            if f.factor_id == factor_id:
                return f
        raise KeyError(factor_id)


def compare_conference(conference: Conference, catalogue: Catalogue) -> ConferenceComparison:
    """Each factor of the catalogue (its visible factors, in order), as every contributing agency
    sees it, with the divergences flagged.

    - ``VALENCE``: the agencies that named a valence (not "unclear") named more than one;
    - ``RATING_SPREAD``: ratings lie `RATING_SPREAD` (2) or more apart;
    - ``KNOWN_VS_ASSUMED``: one agency's strongest stance is "known", another's only "assumed";
    - ``NOBODY_KNOWS``: no agency has a note under "known" (also when nobody addressed the factor);
    - ``CLIENT_PRIORITY``: an agency's own priority differs from a client priority an agency recorded.

    The result does not depend on the order of the contributions, except the order of ``views``.
    """
    factors = tuple(_compare(factor.id, conference) for factor in catalogue)
    return ConferenceComparison(conference_id=conference.id, agencies=conference.agencies, factors=factors)


def _compare(factor_id: str, conference: Conference) -> FactorComparison:
    views = tuple(_view(factor_id, c.agency, c.reflection(factor_id)) for c in conference.contributions)
    return FactorComparison(factor_id=factor_id, views=views, divergences=_divergences(views))


def _view(factor_id: str, agency: str, reflection: FactorReflection | None) -> AgencyView:
    if reflection is None:
        return AgencyView(agency, False, None, None, None, None, None)
    return AgencyView(
        agency=agency,
        addressed=True,
        stance=reflection.stance,
        valence=reflection.valence,
        rating=reflection.rating,
        priority=reflection.caseworker_priority,
        client_priority=reflection.client_priority,
    )


def _divergences(views: Sequence[AgencyView]) -> frozenset[Divergence]:
    found = set()
    valences = {v.valence for v in views if v.valence not in (None, Valence.UNCLEAR)}
    if len(valences) > 1:
        found.add(Divergence.VALENCE)
    ratings = [v.rating for v in views if v.rating is not None]
    if ratings and max(ratings) - min(ratings) >= RATING_SPREAD:
        found.add(Divergence.RATING_SPREAD)
    stances = {v.stance for v in views}
    if Stance.KNOWN in stances and Stance.ASSUMED in stances:
        found.add(Divergence.KNOWN_VS_ASSUMED)
    if Stance.KNOWN not in stances:
        found.add(Divergence.NOBODY_KNOWS)
    client = {v.client_priority for v in views if v.client_priority is not None}
    own = {v.priority for v in views if v.priority is not None}
    if client and own and (len(client) > 1 or own != client):
        found.add(Divergence.CLIENT_PRIORITY)
    return frozenset(found)


class ConvergenceTrend(enum.Enum):
    """How the agencies' views of a factor moved between two conferences."""

    CONVERGED = "converged"  # fewer disagreements, or ratings closer, and nothing further apart
    DIVERGED = "diverged"  # more disagreements, or ratings further apart, and nothing closer
    MIXED = "mixed"  # closer in one respect, further apart in another
    UNCHANGED = "unchanged"


@attrs.frozen
class FactorConvergence:
    """One factor at the earlier and the later conference."""

    factor_id: str
    before: FactorComparison
    after: FactorComparison
    trend: ConvergenceTrend


@attrs.frozen
class Convergence:
    """Did the agencies' views converge between two conferences?"""

    before: ConferenceComparison
    after: ConferenceComparison
    factors: tuple[FactorConvergence, ...]  # the factors compared at both, in catalogue order

    def count(self, trend: ConvergenceTrend) -> int:
        """How many factors moved this way."""
        return sum(f.trend is trend for f in self.factors)

    @property
    def trend(self) -> ConvergenceTrend:
        """Overall: converged when more factors converged than diverged, and the other way round;
        mixed when as many did, or when the only factors that moved moved both ways; unchanged
        only when no factor moved."""
        closer, further = self.count(ConvergenceTrend.CONVERGED), self.count(ConvergenceTrend.DIVERGED)
        if closer > further:
            return ConvergenceTrend.CONVERGED
        if further > closer:
            return ConvergenceTrend.DIVERGED
        moved = closer or self.count(ConvergenceTrend.MIXED)
        return ConvergenceTrend.MIXED if moved else ConvergenceTrend.UNCHANGED


def convergence(before: ConferenceComparison, after: ConferenceComparison) -> Convergence:
    """How each factor compared at both conferences moved: by the number of disagreements between
    agencies and by the spread of their ratings."""
    earlier = {f.factor_id: f for f in before.factors}
    moved = tuple(
        FactorConvergence(f.factor_id, earlier[f.factor_id], f, _trend(earlier[f.factor_id], f))
        for f in after.factors
        if f.factor_id in earlier
    )
    return Convergence(before=before, after=after, factors=moved)


def _trend(before: FactorComparison, after: FactorComparison) -> ConvergenceTrend:
    signs = {
        _sign(len(after.divergences & AGENCY_DIVERGENCES) - len(before.divergences & AGENCY_DIVERGENCES))
    }
    if before.rating_spread is not None and after.rating_spread is not None:
        signs.add(_sign(after.rating_spread - before.rating_spread))
    signs.discard(0)
    if signs == {-1}:
        return ConvergenceTrend.CONVERGED
    if signs == {1}:
        return ConvergenceTrend.DIVERGED
    return ConvergenceTrend.MIXED if signs else ConvergenceTrend.UNCHANGED


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)
