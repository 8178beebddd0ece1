"""What a document about a multi-agency case conference says, built once from a shared case: who
took part, how each agency sees each factor, where their views diverge, whether they came closer
since the previous conference, who does what by when, and what was decided and told to the client.

:func:`conference_content` compares the chosen conference of a SharedCase
(:func:`~desistkit.core.conference.compare_conference`: it sees only what the audience may see) and
turns it into frozen values in the document's language. The conference deck, the minutes and the
tracker's Agencies sheet draw them, each in its own layout, so they cannot disagree; nothing here
knows a document format. A withheld text is a :class:`~.model.Withheld` marker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

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
from desistkit.core.errors import UnknownConferenceError
from desistkit.core.model import ActionStatus, AgreedAction, Conference, Priority
from desistkit.export.content.build import notes_content, rating_text, title_facts
from desistkit.export.content.model import Fact, Listing, Notes, TitleFacts, Withheld
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = [
    "ACTION_DATES",
    "CONFERENCE_DATES",
    "DIVERGENCE_ORDER",
    "ActionLine",
    "AgencyCell",
    "ConferenceCategory",
    "ConferenceContent",
    "ConvergenceContent",
    "FactorRow",
    "chosen_conference",
    "conference_content",
    "divergence_phrase",
    "divergence_word",
]

CONFERENCE_DATES = "conference.date"
"""The policy's date field for a conference's own dates (its day, the day before it, the next
date). A policy without a rule for it shows them as precisely as the session dates."""

ACTION_DATES = "action.dates"
"""The policy's date field for the agreed actions' due dates. A policy without a rule for it shows
them as precisely as the session dates."""

#: The order in which a factor's divergences are named: disagreements between agencies first.
DIVERGENCE_ORDER = tuple(Divergence)

_DASH = "–"


@attrs.frozen
class AgencyCell:
    """One agency's view of one factor: the values (for symbols and filters) and the same in words.

    The words are a table's cells (empty where the agency did not address the factor, "–" for what
    it left open); ``lines`` are the same view as a few short lines for a slide's cell."""

    view: AgencyView
    stance: str
    valence: str
    rating: str
    client_priority: str
    agency_priority: str
    lines: tuple[str, ...]  # stance, valence, rating, priorities; "no contribution" if not addressed

    @property
    def agency(self) -> str:
        return self.view.agency

    @property
    def addressed(self) -> bool:
        return self.view.addressed


@attrs.frozen
class FactorRow:
    """A factor of the conference: every contributing agency's view and what diverges, in words."""

    factor_id: str
    name: str
    category: str  # the category's name
    comparison: FactorComparison
    cells: tuple[AgencyCell, ...]  # one per contributing agency, in contribution order
    divergences: tuple[Divergence, ...]  # in DIVERGENCE_ORDER
    phrases: tuple[str, ...]  # the divergences as sentences, in the same order (slides)
    details: tuple[Fact, ...]  # per divergence: its short label and what differs, agency by agency
    questions: tuple[str, ...]  # the card's reflection questions, for the speaker notes

    @property
    def agree(self) -> bool:
        """No disagreement between agencies."""
        return self.comparison.agree

    @property
    def addressed(self) -> bool:
        """At least one agency wrote about the factor."""
        return bool(self.comparison.addressed)


@attrs.frozen
class ConferenceCategory:
    category_id: str
    name: str
    colour: str  # "#RRGGBB"
    factors: tuple[FactorRow, ...]

    @property
    def diverging(self) -> tuple[FactorRow, ...]:
        """The factors with anything to talk about: a divergence, and at least one agency that wrote
        about the factor (one nobody addressed shows as such in the grid; listing it again with an
        empty cell per agency would bury the differences), in catalogue order."""
        return tuple(f for f in self.factors if f.divergences and f.addressed)


@attrs.frozen
class ConvergenceContent:
    """The agreement at the previous conference and at this one, and how the factors moved."""

    previous_date: str
    date: str
    agreed_before: int
    agreed_after: int
    total: int
    moved: tuple[tuple[ConvergenceTrend, tuple[str, ...]], ...]  # converged, diverged, mixed: names
    unchanged: int
    listings: tuple[Listing, ...]  # the same moves under their labels, empty ones left out


@attrs.frozen
class ActionLine:
    """An agreed action: what (or a withheld marker), who, by when, on which factors, its status."""

    action_id: str
    what: str | Withheld
    owner: str
    due: str  # as the audience may see it, or "–"
    due_day: dt.date | None  # the same as a date, for a spreadsheet cell
    factors: str  # the linked factors' names, or "–"
    status: ActionStatus
    status_word: str


@attrs.frozen
class ConferenceContent:
    """Everything a document about one case conference says, built once."""

    conference: Conference
    title: TitleFacts
    occasion: Fact
    date: Fact
    participants: tuple[Fact, ...]  # agency: role of its point of contact
    comparison: ConferenceComparison
    factors: tuple[FactorRow, ...]  # every factor, in the comparison's (catalogue) order
    categories: tuple[ConferenceCategory, ...]  # the same rows by category
    agreement: str  # "Agencies agree on 17 of 29 factors" (a heading)
    agreement_sentence: str  # "Agencies agree on 17 of 29 factors." (running text)
    also: tuple[Fact, ...]  # agreed factors still worth discussing (client's priority, nobody knows)
    convergence: ConvergenceContent | None  # None: no earlier conference to compare with
    actions: tuple[ActionLine, ...]
    recommendations: Notes
    client_informed: Notes
    next_date: str | None

    @property
    def conference_id(self) -> str:
        return self.conference.id

    @property
    def agencies(self) -> tuple[str, ...]:
        return self.comparison.agencies

    @property
    def agreed(self) -> int:
        return self.comparison.agreed

    @property
    def total(self) -> int:
        return self.comparison.total

    @property
    def addressed(self) -> tuple[FactorRow, ...]:
        """The factors at least one agency wrote about."""
        return tuple(f for f in self.factors if f.addressed)

    @property
    def not_addressed(self) -> tuple[str, ...]:
        """The names of the factors no agency wrote about."""
        return tuple(f.name for f in self.factors if not f.addressed)

    @property
    def divergent(self) -> tuple[FactorRow, ...]:
        """The addressed factors the agencies disagree on."""
        return tuple(f for f in self.addressed if not f.agree)

    @property
    def free_text(self) -> frozenset[str]:
        """What people typed (agencies, roles, actions, recommendations): not hyphenated with the
        document's patterns, whose language may not be theirs."""
        texts = {p.label or "" for p in self.participants} | {p.value for p in self.participants}
        texts |= {a.owner for a in self.actions} | {a.what for a in self.actions if isinstance(a.what, str)}
        texts |= {line.text for notes in (self.recommendations, self.client_informed) for line in notes.lines}
        texts |= set(self.comparison.agencies)
        return frozenset(t for t in texts if t and t != _DASH)


def chosen_conference(shared: SharedCase, conference_id: str | None) -> tuple[Conference, Conference | None]:
    """The conference asked for (default: the latest the audience may see) from the shared case's
    :attr:`~desistkit.Case.conference_history`, and the latest conference before it at which at
    least two agencies contributed: agreement between agencies means nothing at a conference with
    one contribution (a format-1 case conference session), so convergence is measured from the one
    before.

    Raises:
        UnknownConferenceError: No conference has this id (the message lists those there are), or
            none was asked for and the shared case has no conference at all.
    """
    history = require_shared(shared).case.conference_history
    if conference_id is None:
        if not history:
            raise UnknownConferenceError(None, ())
        conference_id = history[-1].id
    chosen = shared.case.conference(conference_id)
    index = [c.id for c in history].index(chosen.id)
    earlier = [c for c in history[:index] if len(c.contributions) >= 2]
    return chosen, earlier[-1] if earlier else None


def conference_content(
    shared: SharedCase,
    loc: Localizer,
    catalogue: Catalogue | None = None,
    conference_id: str | None = None,
) -> ConferenceContent:
    """What every document about the conference ``conference_id`` (default: the latest) of
    ``shared`` says, in ``loc``'s language."""
    shared = require_shared(shared).localized(loc)
    cat = loc.catalogue(catalogue or default_catalogue())
    conference, previous = chosen_conference(shared, conference_id)
    compared = compare_conference(conference, cat)
    rows = {f.factor_id: _row(loc, cat, f) for f in compared.factors}
    addressed = [f for f in rows.values() if f.addressed]
    return ConferenceContent(
        conference=conference,
        title=title_facts(shared, loc),
        occasion=Fact(loc.text("minutes.occasion"), loc.enum(conference.occasion)),
        date=Fact(loc.text("document.date"), _date(shared, loc, conference.date)),
        participants=_participants(shared, conference),
        comparison=compared,
        factors=tuple(rows.values()),
        categories=tuple(
            ConferenceCategory(
                c.id, c.name, c.colour, tuple(rows[f.id] for f in cat.factors_in(c.id) if f.id in rows)
            )
            for c in cat.categories
        ),
        agreement=loc.plural(
            "conference.agreement", compared.total, agreed=loc.format_number(compared.agreed)
        ),
        agreement_sentence=loc.text(
            "minutes.agreement",
            number=loc.format_number(compared.agreed),
            total=loc.format_number(compared.total),
        ),
        also=tuple(_also(loc, addressed)),
        convergence=None
        if previous is None
        else _convergence(shared, loc, cat, previous, conference, compared),
        actions=tuple(_action(shared, loc, cat, a) for a in conference.actions),
        recommendations=notes_content(loc, conference.recommendations),
        client_informed=notes_content(
            loc, [conference.client_informed] if conference.client_informed else []
        ),
        next_date=None if conference.next_date is None else _date(shared, loc, conference.next_date),
    )


def _date(shared: SharedCase, loc: Localizer, day: dt.date) -> str:
    return shared.date_label(day, loc, CONFERENCE_DATES)


def _participants(shared: SharedCase, conference: Conference) -> tuple[Fact, ...]:
    """The participants; for a conference that records none (a format-1 case conference session),
    the contributing agencies with their role in the case team."""
    if conference.participants:
        return tuple(Fact(p.agency, p.contact_role) for p in conference.participants)
    roles = {m.agency: m.role for m in shared.case.team}
    return tuple(Fact(agency, roles.get(agency, _DASH)) for agency in conference.agencies)


def divergence_phrase(loc: Localizer, kind: Divergence, factor: FactorComparison) -> str:
    """A divergence as a sentence; the rating spread with its lowest and highest rating."""
    if kind is Divergence.RATING_SPREAD:
        ratings = [v.rating for v in factor.views if v.rating is not None]
        return loc.text(
            "conference.divergence.rating_spread",
            low=loc.format_number(min(ratings)),
            high=loc.format_number(max(ratings)),
        )
    return loc.text(f"conference.divergence.{kind.value}")


def divergence_word(loc: Localizer, divergence: Divergence) -> str:
    """What a factor's views diverge in, as a short label."""
    return loc.text(f"minutes.divergence.{divergence.value}")


def _row(loc: Localizer, cat: Catalogue, comparison: FactorComparison) -> FactorRow:
    factor = cat.factor(comparison.factor_id)
    cells = tuple(_cell(loc, view) for view in comparison.views)
    kinds = tuple(k for k in DIVERGENCE_ORDER if k in comparison.divergences)
    return FactorRow(
        factor_id=factor.id,
        name=factor.name,
        category=factor.category.name,
        comparison=comparison,
        cells=cells,
        divergences=kinds,
        phrases=tuple(divergence_phrase(loc, k, comparison) for k in kinds),
        details=tuple(Fact(divergence_word(loc, k), _detail(loc, k, cells)) for k in kinds),
        questions=factor.questions,
    )


def _cell(loc: Localizer, view: AgencyView) -> AgencyCell:
    if not view.addressed:
        blank = ""
        not_addressed = loc.text("stance.not_addressed.name")
        lines: tuple[str, ...] = (loc.text("conference.not_contributed"),)
        return AgencyCell(view, not_addressed, blank, blank, blank, blank, lines)
    rating = rating_text(loc, view.rating)
    priorities = tuple(
        loc.text(f"conference.{key}", priority=loc.enum(p))
        for key, p in (("agency_priority", view.priority), ("client_priority", view.client_priority))
        if isinstance(p, Priority)
    )
    stance = loc.enum(view.stance) if view.stance else loc.text("stance.not_addressed.name")
    valence = loc.enum(view.valence) if view.valence else ""
    lines = tuple(line for line in (stance, valence, f"{loc.text('document.rating')}: {rating}") if line)
    return AgencyCell(
        view=view,
        stance=loc.enum(view.stance) if view.stance else _DASH,
        valence=valence or _DASH,
        rating=rating,
        client_priority=loc.enum(view.client_priority) if view.client_priority else _DASH,
        agency_priority=loc.enum(view.priority) if view.priority else _DASH,
        lines=lines + priorities,
    )


def _detail(loc: Localizer, kind: Divergence, cells: Iterable[AgencyCell]) -> str:
    """What differs, agency by agency: "Police: Challenge; Probation service: Resource"."""
    shown = [cell for cell in cells if cell.addressed]
    if kind is Divergence.VALENCE:
        pairs = [(cell.agency, cell.valence) for cell in shown if cell.view.valence is not None]
    elif kind is Divergence.RATING_SPREAD:
        pairs = [(cell.agency, cell.rating) for cell in shown if cell.view.rating is not None]
    elif kind is Divergence.CLIENT_PRIORITY:
        client, own = loc.text("priority.client"), loc.text("minutes.agency_priority")
        pairs = [
            (cell.agency, f"{own} {cell.agency_priority}, {client} {cell.client_priority}")
            for cell in shown
            if cell.view.priority is not None or cell.view.client_priority is not None
        ]
    else:  # KNOWN_VS_ASSUMED, NOBODY_KNOWS: each agency's knowledge status
        pairs = [(cell.agency, cell.stance) for cell in shown]
    return "; ".join(f"{agency}: {word}" for agency, word in pairs)


def _also(loc: Localizer, factors: Iterable[FactorRow]) -> Iterable[Fact]:
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
    shared: SharedCase,
    loc: Localizer,
    cat: Catalogue,
    previous: Conference,
    conference: Conference,
    after: ConferenceComparison,
) -> ConvergenceContent:
    moved = convergence(compare_conference(previous, cat), after)
    trends = (ConvergenceTrend.CONVERGED, ConvergenceTrend.DIVERGED, ConvergenceTrend.MIXED)
    names = tuple(
        (t, tuple(cat.factor(f.factor_id).name for f in moved.factors if f.trend is t)) for t in trends
    )
    return ConvergenceContent(
        previous_date=_date(shared, loc, previous.date),
        date=_date(shared, loc, conference.date),
        agreed_before=moved.before.agreed,
        agreed_after=after.agreed,
        total=after.total,
        moved=names,
        unchanged=moved.count(ConvergenceTrend.UNCHANGED),
        listings=tuple(Listing(loc.text(f"conference.trend.{t.value}"), n) for t, n in names if n),
    )


def _action(shared: SharedCase, loc: Localizer, cat: Catalogue, action: AgreedAction) -> ActionLine:
    return ActionLine(
        action_id=action.id,
        what=Withheld(1) if shared.is_withheld(action.what) else action.what,
        owner=action.owner,
        due=shared.date_label(action.due, loc, ACTION_DATES) if action.due else _DASH,
        due_day=action.due,
        factors=_names(cat, action.factors) or _DASH,
        status=action.status,
        status_word=loc.enum(action.status),
    )


def _names(cat: Catalogue, ids: Sequence[str]) -> str:
    """The linked factors' names; an id the catalogue does not know stays as it is, so that an
    action linked to a factor of another catalogue does not read as linked to none."""
    return ", ".join(cat.factor(i).name if i in cat else i for i in ids)
