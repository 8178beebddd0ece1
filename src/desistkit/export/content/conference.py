"""What a document about a multi-agency case conference says, built once from a shared case.

:func:`conference_content` compares the chosen conference of a SharedCase
(:func:`~desistkit.core.conference.compare_conference`: it sees only what the audience may see),
and turns the comparison, the convergence since the conference before it, the agreed actions and
the recommendations into frozen values in the document's language. The conference deck draws them;
nothing here knows a document format.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from desistkit.core.model import ActionStatus, AgreedAction, Conference, Priority, Stance, Valence
from desistkit.export.content.build import _notes, _withheld, rating_text
from desistkit.export.content.model import Fact, Listing, Notes, Withheld
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = [
    "DIVERGENCE_ORDER",
    "ActionLine",
    "AgencyCell",
    "ConferenceCategory",
    "ConferenceContent",
    "ConferenceTitle",
    "ConvergenceContent",
    "FactorRow",
    "chosen_conference",
    "conference_content",
    "divergence_phrase",
]

#: The order in which a factor's divergences are named: disagreements between agencies first.
DIVERGENCE_ORDER = (
    Divergence.VALENCE,
    Divergence.RATING_SPREAD,
    Divergence.KNOWN_VS_ASSUMED,
    Divergence.NOBODY_KNOWS,
    Divergence.CLIENT_PRIORITY,
)


@attrs.frozen
class ConferenceTitle:
    """What the title slide says: the case (pseudonymised for external audiences), the occasion,
    the day as the audience may see it, and the agencies with the role of their point of contact."""

    title: str  # "Case <reference>"
    marking: str  # the audience marking
    occasion: str
    date: str
    participants: tuple[Fact, ...]  # agency: role of its point of contact
    notices: tuple[Fact, ...]  # export date, pseudonym notice, why texts are withheld


@attrs.frozen
class AgencyCell:
    """One agency's view of one factor, as symbols' values and as words."""

    agency: str
    addressed: bool
    stance: Stance | None
    valence: Valence | None
    rating: int | None
    lines: tuple[str, ...]  # stance, valence, rating, priorities in words; "no contribution" if none


@attrs.frozen
class FactorRow:
    """A factor of the conference: every agency's view and what diverges, in words."""

    factor_id: str
    name: str
    cells: tuple[AgencyCell, ...]  # one per contributing agency, in contribution order
    divergences: tuple[Divergence, ...]  # in DIVERGENCE_ORDER
    phrases: tuple[str, ...]  # the divergences in words, in the same order
    agree: bool  # no disagreement between agencies
    questions: tuple[str, ...]  # the card's reflection questions, for the speaker notes


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
        return tuple(f for f in self.factors if f.divergences and any(c.addressed for c in f.cells))


@attrs.frozen
class ConvergenceContent:
    """The agreement at the previous conference and at this one, and how the factors moved."""

    previous_date: str
    date: str
    agreed_before: int
    agreed_after: int
    total: int
    listings: tuple[Listing, ...]  # converged, diverged, mixed: the factors' names


@attrs.frozen
class ActionLine:
    """An agreed action: what (or a withheld marker), who, by when, on which factors, its status."""

    action_id: str
    what: str | Withheld
    owner: str
    due: str  # as the audience may see it, or "–"
    factors: str  # the linked factors' names, or "–"
    status: ActionStatus
    status_word: str


@attrs.frozen
class ConferenceContent:
    """Everything a document about one case conference says, built once."""

    conference_id: str
    title: ConferenceTitle
    agencies: tuple[str, ...]
    agreed: int
    total: int
    agreement: str  # "Agencies agree on 17 of 29 factors"
    categories: tuple[ConferenceCategory, ...]
    convergence: ConvergenceContent | None  # None: no earlier conference
    actions: tuple[ActionLine, ...]
    recommendations: Notes
    client_informed: Notes
    next_date: str | None


def chosen_conference(shared: SharedCase, conference_id: str | None) -> tuple[Conference, Conference | None]:
    """The conference asked for (default: the latest) from the shared case's
    :attr:`~desistkit.Case.conference_history` ([UnknownConferenceError][desistkit.UnknownConferenceError]
    naming the known ids), and the latest conference before it at which at least two agencies
    contributed: agreement between agencies means nothing at a conference with one contribution
    (a format-1 case conference session), so convergence is measured from the one before."""
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
    return ConferenceContent(
        conference_id=conference.id,
        title=_title(shared, loc, conference),
        agencies=compared.agencies,
        agreed=compared.agreed,
        total=compared.total,
        agreement=loc.plural(
            "conference.agreement", compared.total, agreed=loc.format_number(compared.agreed)
        ),
        categories=tuple(
            ConferenceCategory(
                c.id,
                c.name,
                c.colour,
                tuple(_row(loc, cat, compared.factor(f.id)) for f in cat.factors_in(c.id)),
            )
            for c in cat.categories
        ),
        convergence=None
        if previous is None
        else _convergence(shared, loc, cat, previous, conference, compared),
        actions=tuple(_action(shared, loc, cat, a) for a in conference.actions),
        recommendations=_notes(loc, conference.recommendations),
        client_informed=_notes(loc, [conference.client_informed] if conference.client_informed else []),
        next_date=shared.date_label(conference.next_date, loc) if conference.next_date else None,
    )


def _title(shared: SharedCase, loc: Localizer, conference: Conference) -> ConferenceTitle:
    from desistkit.sharing import withheld_sentences

    notices = [Fact(None, loc.text("document.exported_on", date=loc.format_date(shared.on)))]
    if not shared.internal:
        notices.append(Fact(None, loc.text("document.pseudonym_notice")))
    notices += [Fact(None, sentence) for sentence in withheld_sentences(shared, loc)]
    return ConferenceTitle(
        title=loc.text("document.case", reference=shared.case.reference),
        marking=loc.audience(shared.audience, marking=True),
        occasion=loc.enum(conference.occasion),
        date=shared.date_label(conference.date, loc),
        participants=tuple(Fact(p.agency, p.contact_role) for p in conference.participants),
        notices=tuple(notices),
    )


def divergence_phrase(loc: Localizer, kind: Divergence, factor: FactorComparison) -> str:
    """A divergence in words; the rating spread with its lowest and highest rating."""
    if kind is Divergence.RATING_SPREAD:
        ratings = [v.rating for v in factor.views if v.rating is not None]
        return loc.text(
            "conference.divergence.rating_spread",
            low=loc.format_number(min(ratings)),
            high=loc.format_number(max(ratings)),
        )
    return loc.text(f"conference.divergence.{kind.value}")


def _row(loc: Localizer, cat: Catalogue, factor: FactorComparison) -> FactorRow:
    found = tuple(k for k in DIVERGENCE_ORDER if k in factor.divergences)
    return FactorRow(
        factor_id=factor.factor_id,
        name=cat.factor(factor.factor_id).name,
        cells=tuple(_cell(loc, view) for view in factor.views),
        divergences=found,
        phrases=tuple(divergence_phrase(loc, k, factor) for k in found),
        agree=factor.agree,
        questions=cat.factor(factor.factor_id).questions,
    )


def _cell(loc: Localizer, view: AgencyView) -> AgencyCell:
    if not view.addressed:
        lines: tuple[str, ...] = (loc.text("conference.not_contributed"),)
    else:
        priorities = [
            loc.text(f"conference.{key}", priority=loc.enum(p))
            for key, p in (("agency_priority", view.priority), ("client_priority", view.client_priority))
            if isinstance(p, Priority)
        ]
        stance = loc.enum(view.stance) if view.stance else loc.text("stance.not_addressed.name")
        valence = loc.enum(view.valence) if view.valence else ""
        lines = tuple(
            line
            for line in (stance, valence, f"{loc.text('document.rating')}: {rating_text(loc, view.rating)}")
            if line
        ) + tuple(priorities)
    return AgencyCell(view.agency, view.addressed, view.stance, view.valence, view.rating, lines)


def _convergence(
    shared: SharedCase,
    loc: Localizer,
    cat: Catalogue,
    previous: Conference,
    conference: Conference,
    after: ConferenceComparison,
) -> ConvergenceContent:
    moved = convergence(compare_conference(previous, cat), after)

    def names(trend: ConvergenceTrend) -> tuple[str, ...]:
        return tuple(cat.factor(f.factor_id).name for f in moved.factors if f.trend is trend)

    trends = (ConvergenceTrend.CONVERGED, ConvergenceTrend.DIVERGED, ConvergenceTrend.MIXED)
    listings = tuple(Listing(loc.text(f"conference.trend.{t.value}"), names(t)) for t in trends)
    return ConvergenceContent(
        previous_date=shared.date_label(previous.date, loc),
        date=shared.date_label(conference.date, loc),
        agreed_before=moved.before.agreed,
        agreed_after=after.agreed,
        total=after.total,
        listings=tuple(item for item in listings if item.items),
    )


def _action(shared: SharedCase, loc: Localizer, cat: Catalogue, action: AgreedAction) -> ActionLine:
    return ActionLine(
        action_id=action.id,
        what=Withheld(1) if _withheld(action.what) else action.what,
        owner=action.owner,
        due=shared.date_label(action.due, loc) if action.due else "–",
        factors=_names(cat, action.factors) or "–",
        status=action.status,
        status_word=loc.enum(action.status),
    )


def _names(cat: Catalogue, ids: Sequence[str]) -> str:
    return ", ".join(cat.factor(i).name for i in ids if i in cat)
