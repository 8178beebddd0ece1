"""Derived views of a case: pure functions from a case (and the catalogue) to plain values.

Sessions are partial snapshots: each holds only the factors addressed that time. The *state* of a
case at a session is therefore cumulative: for each factor, its latest reflection up to and
including that session. Every view below is computed on such states.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from desistkit.core.catalogue import Catalogue
from desistkit.core.model import (
    Case,
    FactorReflection,
    GoalAgreement,
    GoalStatus,
    Note,
    Priority,
    SessionKind,
    Stance,
    Valence,
)

__all__ = [
    "BlindSpot",
    "BlindSpotReason",
    "CategoryKnowledge",
    "FactorState",
    "GoalSummary",
    "OpenQuestion",
    "PriorityAgreement",
    "Progress",
    "RatingChange",
    "StanceMove",
    "blind_spots",
    "goal_summary",
    "knowledge_map",
    "knowledge_maps",
    "open_questions",
    "priority_agreement",
    "progress",
    "since_last_case_conference",
    "state_at",
]


@attrs.frozen
class FactorState:
    """A factor's latest reflection up to some session, and the session it comes from."""

    reflection: FactorReflection
    session_id: str
    date: dt.date

    @property
    def factor_id(self) -> str:
        return self.reflection.factor_id


def state_at(case: Case, session_id: str | None = None) -> Mapping[str, FactorState]:
    """Each factor's latest reflection up to and including a session (default: the latest).

    Factors never addressed by then are absent.
    """
    sessions = case.chronological
    if session_id is not None:
        target = case.session(session_id)
        sessions = sessions[: sessions.index(target) + 1]
    state: dict[str, FactorState] = {}
    for session in sessions:
        for r in session.reflections:
            state[r.factor_id] = FactorState(r, session.id, session.date)
    return state


# --- progress -----------------------------------------------------------------------------------


@attrs.frozen
class RatingChange:
    """How a factor's rating changed between two sessions (None: not rated then)."""

    factor_id: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@attrs.frozen
class StanceMove:
    """A factor's strongest stance changed, e.g. assumed -> known (None: not addressed)."""

    factor_id: str
    before: Stance | None
    after: Stance | None


@attrs.frozen
class Progress:
    """What moved between two sessions, in catalogue order."""

    from_session: str
    to_session: str
    rating_changes: tuple[RatingChange, ...]
    stance_moves: tuple[StanceMove, ...]
    new_resources: tuple[str, ...]
    lost_resources: tuple[str, ...]
    newly_addressed: tuple[str, ...]
    goals_achieved: tuple[str, ...]

    @property
    def now_known(self) -> tuple[str, ...]:
        """Factors that moved from assumed or open to known: assumptions checked."""
        return tuple(
            m.factor_id
            for m in self.stance_moves
            if m.after is Stance.KNOWN and m.before in (Stance.ASSUMED, Stance.OPEN)
        )


def progress(case: Case, from_session: str, to_session: str, catalogue: Catalogue) -> Progress:
    """What changed between two sessions of a case (cumulative states)."""
    start, end = case.session(from_session), case.session(to_session)
    before, after = state_at(case, from_session), state_at(case, to_session)
    order = _order(catalogue, before, after)
    ratings, moves, gained, lost, new = [], [], [], [], []
    for fid in order:
        b, a = before.get(fid), after.get(fid)
        rb = b.reflection.rating if b else None
        ra = a.reflection.rating if a else None
        if rb != ra:
            ratings.append(RatingChange(fid, rb, ra))
        sb = b.reflection.stance if b else None
        sa = a.reflection.stance if a else None
        if sb != sa:
            moves.append(StanceMove(fid, sb, sa))
        vb = b.reflection.valence if b else None
        va = a.reflection.valence if a else None
        if va is Valence.RESOURCE and vb is not Valence.RESOURCE:
            gained.append(fid)
        if vb is Valence.RESOURCE and va is not Valence.RESOURCE:
            lost.append(fid)
        if b is None and a is not None:
            new.append(fid)
    achieved = tuple(
        g.id
        for g in case.goals
        if g.status_on(end.date) is GoalStatus.ACHIEVED and g.status_on(start.date) is not GoalStatus.ACHIEVED
    )
    return Progress(
        from_session,
        to_session,
        tuple(ratings),
        tuple(moves),
        tuple(gained),
        tuple(lost),
        tuple(new),
        achieved,
    )


def since_last_case_conference(case: Case, catalogue: Catalogue) -> Progress | None:
    """Progress from the last case conference before the latest session to the latest session.

    None when there is no earlier case conference to compare with.
    """
    sessions = case.chronological
    if len(sessions) < 2:
        return None
    latest = sessions[-1]
    earlier = [s for s in sessions[:-1] if s.kind is SessionKind.CASE_CONFERENCE]
    if not earlier:
        return None
    return progress(case, earlier[-1].id, latest.id, catalogue)


# --- knowledge map, blind spots, open questions -------------------------------------------------


@attrs.frozen
class CategoryKnowledge:
    """For one category: how many factors have notes under each stance, and how many have none.

    A factor with notes under several stances counts under each: "known" and "open" often go
    together. ``factors`` is the number of visible factors in the category.
    """

    category_id: str
    known: int
    assumed: int
    open: int
    not_addressed: int
    factors: int


def knowledge_map(
    case: Case, catalogue: Catalogue, session_id: str | None = None
) -> tuple[CategoryKnowledge, ...]:
    """Per category, the factors with known, assumed and open notes at a session (default: latest).

    A factor reflected only with a rating or valence, without a note, counts as not addressed:
    nothing is written down about it yet.
    """
    knowledge = _Knowledge(catalogue)
    for state in state_at(case, session_id).values():
        knowledge.reflect(state.reflection)
    return knowledge.now()


def knowledge_maps(case: Case, catalogue: Catalogue) -> list[tuple[CategoryKnowledge, ...]]:
    """:func:`knowledge_map` at every session, in chronological order, in one pass over the case
    (rather than a pass up to each session): each reflection moves its factor's counts once."""
    knowledge = _Knowledge(catalogue)
    maps = []
    for session in case.chronological:
        for r in session.reflections:
            knowledge.reflect(r)
        maps.append(knowledge.now())
    return maps


class _Knowledge:
    """The running state behind :func:`knowledge_map`: per category of the catalogue, how many of
    its factors have known, assumed and open notes and any note at all, in their latest reflection;
    each reflection moves its factor's counts (a factor outside the catalogue's categories none)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.categories = catalogue.categories
        self.sizes = [len(catalogue.factors_in(c.id)) for c in self.categories]
        # factor id -> the categories counting it: one, in a catalogue made by the loader, which
        # refuses a factor id or category id twice (one made in code is counted as it lists them)
        self.where: dict[str, list[int]] = {}
        for i, category in enumerate(self.categories):
            for factor in catalogue.factors_in(category.id):
                self.where.setdefault(factor.id, []).append(i)
        self.counts = [[0, 0, 0, 0] for _ in self.categories]  # known, assumed, open, with any note
        self.latest: dict[str, frozenset[Stance]] = {}

    def reflect(self, r: FactorReflection) -> None:
        """Count ``r`` as its factor's latest reflection, instead of the one before it."""
        where = self.where.get(r.factor_id)
        if where is None:
            return
        before, now = self.latest.get(r.factor_id, frozenset()), r.stances
        self.latest[r.factor_id] = now
        for i in where:
            row = self.counts[i]
            for n, stance in enumerate((Stance.KNOWN, Stance.ASSUMED, Stance.OPEN)):
                row[n] += (stance in now) - (stance in before)
            row[3] += bool(now) - bool(before)

    def now(self) -> tuple[CategoryKnowledge, ...]:
        return tuple(
            CategoryKnowledge(category_id=c.id, known=k, assumed=a, open=o, not_addressed=size - noted,
                              factors=size)
            for c, size, (k, a, o, noted) in zip(self.categories, self.sizes, self.counts, strict=True)
        )  # fmt: skip


class BlindSpotReason(enum.Enum):
    """Why a factor is a blind spot."""

    NEVER_ADDRESSED = "never_addressed"
    ONLY_ASSUMED = "only_assumed"  # assumptions were noted, nothing is known yet


@attrs.frozen
class BlindSpot:
    """A factor the reflection has not reached yet, and why."""

    factor_id: str
    reason: BlindSpotReason


def blind_spots(case: Case, catalogue: Catalogue) -> tuple[BlindSpot, ...]:
    """Visible factors never addressed in any session, or about which only assumptions exist."""
    ever_known: set[str] = set()
    ever_assumed: set[str] = set()
    addressed: set[str] = set()
    for session in case.sessions:
        for r in session.reflections:
            if r.all_notes or r.rating is not None or r.valence is not Valence.UNCLEAR:
                addressed.add(r.factor_id)
            if r.known:
                ever_known.add(r.factor_id)
            if r.assumed:
                ever_assumed.add(r.factor_id)
    spots = []
    for factor in catalogue.factors:
        if factor.id not in addressed:
            spots.append(BlindSpot(factor.id, BlindSpotReason.NEVER_ADDRESSED))
        elif factor.id in ever_assumed and factor.id not in ever_known:
            spots.append(BlindSpot(factor.id, BlindSpotReason.ONLY_ASSUMED))
    return tuple(spots)


@attrs.frozen
class OpenQuestion:
    """Something the caseworker does not know yet and wants to talk about."""

    factor_id: str
    note: Note
    session_id: str


def open_questions(case: Case, catalogue: Catalogue) -> tuple[OpenQuestion, ...]:
    """The open notes in each factor's latest reflection, in catalogue order."""
    state = state_at(case)
    return tuple(
        OpenQuestion(fid, note, state[fid].session_id)
        for fid in _order(catalogue, state)
        for note in state[fid].reflection.open
    )


# --- priorities and goals -----------------------------------------------------------------------


@attrs.frozen
class PriorityAgreement:
    """The client's and the caseworker's priority for a factor, side by side."""

    factor_id: str
    client: Priority | None
    caseworker: Priority | None

    @property
    def agree(self) -> bool | None:
        """True when both set the same priority, False when they differ, None when one is missing."""
        if self.client is None or self.caseworker is None:
            return None
        return self.client is self.caseworker


def priority_agreement(
    case: Case, catalogue: Catalogue, session_id: str | None = None
) -> tuple[PriorityAgreement, ...]:
    """Every factor with a priority from either side, at a session (default: the latest)."""
    state = state_at(case, session_id)
    rows = []
    for fid in _order(catalogue, state):
        r = state[fid].reflection
        if r.client_priority is not None or r.caseworker_priority is not None:
            rows.append(PriorityAgreement(fid, r.client_priority, r.caseworker_priority))
    return tuple(rows)


@attrs.frozen
class GoalSummary:
    """Goals by status and agreement on a day, and those due for review."""

    by_status: Mapping[GoalStatus, int]
    agreed: int
    proposed: int
    due_for_review: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def goal_summary(case: Case, on: dt.date) -> GoalSummary:
    """Count the goals set by ``on`` by their status that day; list active ones due for review."""
    by_status = dict.fromkeys(GoalStatus, 0)
    agreed = proposed = 0
    due = []
    for goal in case.goals:
        status = goal.status_on(on)
        if status is None:
            continue
        by_status[status] += 1
        if goal.agreement is GoalAgreement.AGREED:
            agreed += 1
        else:
            proposed += 1
        active = status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)
        if active and goal.review_date is not None and goal.review_date <= on:
            due.append(goal.id)
    return GoalSummary(by_status, agreed, proposed, tuple(due))


def _order(catalogue: Catalogue, *states: Mapping[str, object]) -> list[str]:
    """Factor ids present in any state: visible catalogue order first, then hidden ones by id."""
    present = set().union(*states)
    ordered = [fid for fid in catalogue.ids if fid in present]
    return ordered + sorted(present - set(ordered))
