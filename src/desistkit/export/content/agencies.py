"""What a document about a multi-agency case conference says: who took part, how each agency sees
each factor, where their views diverge, whether they came closer since the previous conference, who
does what by when, and what was decided and told to the client.

Built once from a [SharedCase][desistkit.SharedCase] with the pure comparison of
:mod:`desistkit.core.conference`; the Word minutes and the tracker's Agencies sheet draw it. Every
word is in the document's language; a withheld text is a :class:`~.model.Withheld` marker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.conference import (
    AgencyView,
    ConferenceComparison,
    ConvergenceTrend,
    Divergence,
    FactorComparison,
    compare_conference,
    convergence,
)
from desistkit.core.errors import OptionError
from desistkit.core.model import ActionStatus, AgreedAction, Conference, ConferenceOccasion, Note
from desistkit.export.content.build import rating_text, title_facts
from desistkit.export.content.model import Fact, NoteLine, Notes, TitleFacts, Withheld
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = [
    "CONFERENCE_DATES",
    "ActionLine",
    "AgencyLine",
    "ConferenceContent",
    "FactorLine",
    "action_status_word",
    "conference_content",
    "divergence_word",
    "occasion_word",
    "pick_conference",
]

CONFERENCE_DATES = "conference.date"
"""The policy's date field for a conference's dates (the day, the actions' due dates, the next
date). A policy without a rule for it shows them as precisely as the session dates."""

_DASH = "–"


@attrs.frozen
class AgencyLine:
    """One agency's view of one factor, in words (empty words where it did not address it)."""

    agency: str
    view: AgencyView
    stance: str
    valence: str
    rating: str
    client_priority: str
    agency_priority: str


@attrs.frozen
class FactorLine:
    """A factor at least one agency addressed: each agency's view and what diverges, in words."""

    factor_id: str
    name: str
    category: str
    comparison: FactorComparison
    agencies: tuple[AgencyLine, ...]
    divergences: tuple[Divergence, ...]  # in the order of the Divergence enum
    details: tuple[Fact, ...]  # per divergence: its label and what differs ("Police: 1; Probation: 3")

    @property
    def agree(self) -> bool:
        return self.comparison.agree


@attrs.frozen
class ActionLine:
    """An agreed action: what (or a withheld marker), who, by when, for which factors, its status."""

    action_id: str
    what: str | Withheld
    owner: str
    due: str  # as the audience may see it, or "–"
    factors: str  # the factors' names, or "–"
    status: ActionStatus
    status_word: str


@attrs.frozen
class ConferenceContent:
    """Everything the minutes say about one conference, in the document's language."""

    conference: Conference
    title: TitleFacts
    occasion: Fact
    date: Fact
    participants: tuple[tuple[str, str], ...]  # (agency, role of its point of contact)
    comparison: ConferenceComparison
    factors: tuple[FactorLine, ...]  # addressed by at least one agency, in catalogue order
    not_addressed: tuple[str, ...]  # names of the factors no agency addressed
    agreement: str  # "Agencies agree on 12 of 29 factors."
    also: tuple[Fact, ...]  # agreed factors still worth discussing (client's priority, nobody knows)
    previous: str | None  # the previous conference's date; None: this is the first
    convergence: tuple[str, ...]  # lines: closer / further apart / mixed / unchanged
    actions: tuple[ActionLine, ...]
    recommendations: Notes
    client_informed: Notes
    next_date: str | None

    @property
    def divergent(self) -> tuple[FactorLine, ...]:
        """The factors the agencies disagree on."""
        return tuple(f for f in self.factors if not f.agree)

    @property
    def free_text(self) -> frozenset[str]:
        """What people typed (agencies, roles, actions, recommendations): not hyphenated with the
        document's patterns, whose language may not be theirs."""
        texts = {a for a, _ in self.participants} | {r for _, r in self.participants}
        texts |= {a.owner for a in self.actions} | {a.what for a in self.actions if isinstance(a.what, str)}
        texts |= {line.text for notes in (self.recommendations, self.client_informed) for line in notes.lines}
        texts |= set(self.comparison.agencies)
        return frozenset(t for t in texts if t and t != _DASH)


def occasion_word(loc: Localizer, occasion: ConferenceOccasion) -> str:
    """Why the conference was held, in words."""
    return loc.text(f"conference.occasion.{occasion.value}")


def divergence_word(loc: Localizer, divergence: Divergence) -> str:
    """What a factor's views diverge in, as a short label."""
    return loc.text(f"minutes.divergence.{divergence.value}")


def action_status_word(loc: Localizer, status: ActionStatus) -> str:
    """Where an agreed action stands, in words."""
    return loc.text(f"conference.action_status.{status.value}")


def pick_conference(shared: SharedCase, conference_id: str | None) -> Conference:
    """The conference asked for, or the latest one the audience may see.

    Raises:
        UnknownConferenceError: No conference has this id (the message lists those there are).
        OptionError: No id was given and the shared case has no conference.
    """
    if conference_id is not None:
        return shared.case.conference(conference_id)
    history = shared.case.conference_history
    if not history:
        raise OptionError(
            "conference",
            "a case with a conference (recorded, or a session of kind case_conference) this audience may see",
            "a case without one",
        )
    return history[-1]


def conference_content(
    shared: SharedCase,
    loc: Localizer,
    conference_id: str | None = None,
    catalogue: Catalogue | None = None,
) -> ConferenceContent:
    """What the minutes of one conference say (default: the latest), in ``loc``'s language."""
    shared = require_shared(shared).localized(loc)
    cat = loc.catalogue(catalogue or default_catalogue())
    conference = pick_conference(shared, conference_id)
    history = shared.case.conference_history
    comparison = compare_conference(conference, cat)
    factors = tuple(_factor(loc, cat, f) for f in comparison.factors if f.addressed)
    place = [c.id for c in history].index(conference.id)
    previous = history[place - 1] if place > 0 else None
    return ConferenceContent(
        conference=conference,
        title=title_facts(shared, loc),
        occasion=Fact(loc.text("minutes.occasion"), occasion_word(loc, conference.occasion)),
        date=Fact(loc.text("document.date"), _date(shared, loc, conference.date)),
        participants=_participants(shared, conference),
        comparison=comparison,
        factors=factors,
        not_addressed=tuple(cat.factor(f.factor_id).name for f in comparison.factors if not f.addressed),
        agreement=loc.text(
            "minutes.agreement",
            number=loc.format_number(comparison.agreed),
            total=loc.format_number(comparison.total),
        ),
        also=tuple(_also(loc, factors)),
        previous=None if previous is None else _date(shared, loc, previous.date),
        convergence=()
        if previous is None
        else _convergence(loc, cat, compare_conference(previous, cat), comparison),
        actions=tuple(_action(shared, loc, cat, a) for a in conference.actions),
        recommendations=_notes(shared, loc, conference.recommendations),
        client_informed=_notes(
            shared, loc, () if conference.client_informed is None else (conference.client_informed,)
        ),
        next_date=None if conference.next_date is None else _date(shared, loc, conference.next_date),
    )


def _date(shared: SharedCase, loc: Localizer, day: dt.date) -> str:
    return shared.date_label(day, loc, CONFERENCE_DATES)


def _participants(shared: SharedCase, conference: Conference) -> tuple[tuple[str, str], ...]:
    """The participants; for a conference that records none (a format-1 case conference session),
    the contributing agencies with their role in the case team."""
    if conference.participants:
        return tuple((p.agency, p.contact_role) for p in conference.participants)
    roles = {m.agency: m.role for m in shared.case.team}
    return tuple((agency, roles.get(agency, _DASH)) for agency in conference.agencies)


def _agency(loc: Localizer, view: AgencyView) -> AgencyLine:
    if not view.addressed:
        blank = ""
        return AgencyLine(
            view.agency, view, loc.text("stance.not_addressed.name"), blank, blank, blank, blank
        )
    return AgencyLine(
        agency=view.agency,
        view=view,
        stance=loc.enum(view.stance) if view.stance else _DASH,
        valence=loc.enum(view.valence) if view.valence else _DASH,
        rating=rating_text(loc, view.rating),
        client_priority=loc.enum(view.client_priority) if view.client_priority else _DASH,
        agency_priority=loc.enum(view.priority) if view.priority else _DASH,
    )


def _factor(loc: Localizer, cat: Catalogue, comparison: FactorComparison) -> FactorLine:
    factor = cat.factor(comparison.factor_id)
    lines = tuple(_agency(loc, v) for v in comparison.views)
    kinds = tuple(d for d in Divergence if d in comparison.divergences)
    details = tuple(Fact(divergence_word(loc, d), _detail(loc, d, lines)) for d in kinds)
    return FactorLine(factor.id, factor.name, factor.category.name, comparison, lines, kinds, details)


def _detail(loc: Localizer, kind: Divergence, lines: Iterable[AgencyLine]) -> str:
    """What differs, agency by agency: "Police: Challenge; Probation service: Resource"."""
    shown = [line for line in lines if line.view.addressed]
    if kind is Divergence.VALENCE:
        pairs = [(line.agency, line.valence) for line in shown if line.view.valence is not None]
    elif kind is Divergence.RATING_SPREAD:
        pairs = [(line.agency, line.rating) for line in shown if line.view.rating is not None]
    elif kind is Divergence.CLIENT_PRIORITY:
        client, own = loc.text("priority.client"), loc.text("minutes.agency_priority")
        pairs = [
            (line.agency, f"{own} {line.agency_priority}, {client} {line.client_priority}")
            for line in shown
            if line.view.priority is not None or line.view.client_priority is not None
        ]
    else:  # KNOWN_VS_ASSUMED, NOBODY_KNOWS: each agency's knowledge status
        pairs = [(line.agency, line.stance) for line in shown]
    return "; ".join(f"{agency}: {word}" for agency, word in pairs)


def _also(loc: Localizer, factors: Iterable[FactorLine]) -> Iterable[Fact]:
    """For factors the agencies agree on: the client's priority that differs, and the factors
    addressed but known to no agency."""
    agreed = [f for f in factors if f.agree]
    for factor in agreed:
        for detail, kind in zip(factor.details, factor.divergences, strict=True):
            if kind is Divergence.CLIENT_PRIORITY:
                yield Fact(f"{factor.name} ({detail.label})", detail.value)
    unknown = [f.name for f in agreed if Divergence.NOBODY_KNOWS in f.divergences]
    if unknown:
        yield Fact(divergence_word(loc, Divergence.NOBODY_KNOWS), loc.format_list(unknown))


def _convergence(
    loc: Localizer, cat: Catalogue, before: ConferenceComparison, after: ConferenceComparison
) -> tuple[str, ...]:
    moved = convergence(before, after)
    lines = []
    for trend in (ConvergenceTrend.CONVERGED, ConvergenceTrend.DIVERGED, ConvergenceTrend.MIXED):
        names = [cat.factor(f.factor_id).name for f in moved.factors if f.trend is trend]
        if names:
            lines.append(loc.text(f"minutes.{trend.value}", items=loc.format_list(names)))
    unchanged = moved.count(ConvergenceTrend.UNCHANGED)
    lines.append(loc.text("minutes.unchanged", number=loc.format_number(unchanged)))
    return tuple(lines)


def _action(shared: SharedCase, loc: Localizer, cat: Catalogue, action: AgreedAction) -> ActionLine:
    names = [cat.factor(f).name if f in cat else f for f in action.factors]
    return ActionLine(
        action_id=action.id,
        what=Withheld(1) if shared.is_withheld(action.what) else action.what,
        owner=action.owner,
        due=_date(shared, loc, action.due) if action.due else _DASH,
        factors=", ".join(names) if names else _DASH,
        status=action.status,
        status_word=action_status_word(loc, action.status),
    )


def _notes(shared: SharedCase, loc: Localizer, notes: Iterable[Note]) -> Notes:
    notes = tuple(notes)
    readable = tuple(
        NoteLine(n.text, loc.enum(n.perspective)) for n in notes if not shared.is_withheld(n.text)
    )
    withheld = len(notes) - len(readable)
    return Notes(readable, Withheld(withheld) if withheld else None)
