"""Building a document's content from a shared case: pure functions over the core views.

Each function decides what one part of every document says; none knows a document format. The
views (:mod:`desistkit.core.views`) are computed on the shared case, so what the audience may not
see is already gone, and withheld texts become :class:`~.model.Withheld` markers here, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.model import RATING_MAX, RATING_MIN, Case, FactorReflection, Note, Stance
from desistkit.core.views import (
    FactorState,
    blind_spots,
    knowledge_maps,
    open_questions,
    since_last_case_conference,
    state_at,
)
from desistkit.export.content.model import (
    CaseContent,
    CategoryView,
    Chart,
    ChartKind,
    Fact,
    FactorView,
    GoalView,
    Listing,
    NoteLine,
    Notes,
    PriorityMark,
    RelationshipEntry,
    Series,
    Since,
    Table,
    TitleFacts,
    Withheld,
)
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared, withheld_sentences

__all__ = [
    "RADAR_SPOKES",
    "STANCE_COLOURS",
    "blank_categories",
    "case_content",
    "categories",
    "notes_content",
    "rating_text",
    "title_facts",
    "without_notes",
]

#: One palette for the knowledge state in every document's charts.
STANCE_COLOURS: Mapping[Stance, str] = {
    Stance.KNOWN: "#2E7D8C",
    Stance.ASSUMED: "#D6A032",
    Stance.OPEN: "#AABEC8",
}
_FIRST, _LATEST = "#969696", "#2E7D8C"  # the first and the latest session's series

#: A radar reads with this many spokes (fewer: no shape; more: the labels crowd) and only when every
#: factor has a first rating (a missing value draws a dent that means nothing). Otherwise: bars.
RADAR_SPOKES = (3, 8)


def case_content(shared: SharedCase, loc: Localizer, catalogue: Catalogue | None = None) -> CaseContent:
    """What every document about ``shared`` says, in ``loc``'s language."""
    shared = require_shared(shared).localized(loc)
    cat = loc.catalogue(catalogue or default_catalogue())
    case = shared.case
    state = state_at(case)
    return CaseContent(
        title=title_facts(shared, loc),
        categories=categories(loc, cat, state),
        goals=_goals(shared, loc, cat),
        relationship=_relationship(shared, loc),
        relationship_chart=_relationship_chart(shared, loc),
        ratings_chart=_ratings_chart(case, loc, cat),
        stances_chart=_stances_chart(shared, loc, cat),
        since=_since(shared, loc, cat),
        questions=tuple(_questions(case, cat, withheld=False)),
        questions_withheld=_marker(len(list(_questions(case, cat, withheld=True)))),
        blind_spots=tuple(
            Fact(cat.factor(s.factor_id).name, loc.text(f"document.{s.reason.value}"))
            for s in blind_spots(case, cat)
        ),
        participants=_participants(case, loc),
    )


def without_notes(content: CaseContent) -> CaseContent:
    """The same content without the notes on factors and on the working relationship (their
    stances, ratings and counts stay): for a summary that lies beside the case file."""
    empty = Notes()
    return attrs.evolve(
        content,
        categories=tuple(
            attrs.evolve(
                c,
                factors=tuple(
                    attrs.evolve(
                        f, notes=tuple(empty for _ in f.notes), gender_lens=empty, discrimination=empty
                    )
                    for f in c.factors
                ),
            )
            for c in content.categories
        ),
        relationship=tuple(attrs.evolve(e, note=empty) for e in content.relationship),
    )


def title_facts(shared: SharedCase, loc: Localizer) -> TitleFacts:
    """Setting, programme, period, export date and the pseudonym notice, dates as precise as the
    audience may see them."""
    case, sessions = shared.case, shared.case.chronological
    period = None
    if sessions:
        start, end = shared.date_label(sessions[0].date, loc), shared.date_label(sessions[-1].date, loc)
        period = Fact(None, loc.text("document.period", start=start, end=end))
    latest = shared.date_label(sessions[-1].date, loc) if sessions else ""
    return TitleFacts(
        title=loc.text("document.case", reference=case.reference),
        reference=case.reference,
        marking=loc.audience(shared.audience, marking=True),
        setting=Fact(loc.text("document.setting"), loc.enum(case.setting)),
        programme=Fact(loc.text("document.programme"), case.programme) if case.programme else None,
        period=period,
        exported=Fact(None, loc.text("document.exported_on", date=loc.format_date(shared.on))),
        pseudonym_notice=None if shared.internal else Fact(None, loc.text("document.pseudonym_notice")),
        latest_session=latest,
        latest_session_iso=sessions[-1].date.isoformat() if sessions and shared.dates == "day" else None,
        withheld=tuple(Fact(None, sentence) for sentence in withheld_sentences(shared, loc)),
        setting_id=case.setting.value,
        session_date_iso=sessions[-1].date.isoformat() if sessions else None,
    )


def rating_text(loc: Localizer, rating: int | None) -> str:
    """A rating on the scale, or "not rated"."""
    if rating is None:
        return loc.text("document.not_rated")
    return f"{loc.format_number(rating)} / {RATING_MAX}"


def categories(loc: Localizer, cat: Catalogue, state: Mapping[str, FactorState]) -> tuple[CategoryView, ...]:
    """Every visible factor by category, as reflected at ``state`` (empty: nothing reflected yet)."""
    return tuple(
        CategoryView(
            category.id,
            category.name,
            category.colour,
            tuple(
                _factor(loc, f.id, f.name, state[f.id].reflection if f.id in state else None)
                for f in cat.factors_in(category.id)
            ),
        )
        for category in cat.categories
    )


def blank_categories(loc: Localizer, catalogue: Catalogue | None = None) -> tuple[CategoryView, ...]:
    """The factors of a blank reflection: names and categories, nothing reflected."""
    return categories(loc, loc.catalogue(catalogue or default_catalogue()), {})


def notes_content(loc: Localizer, notes: Iterable[Note]) -> Notes:
    """The readable notes with their perspective in words, and one marker counting those whose
    words are withheld ([SharedCase.is_withheld][desistkit.SharedCase.is_withheld]): how every
    document shows a list of notes."""
    notes = tuple(notes)
    lines = tuple(NoteLine(n.text, loc.enum(n.perspective)) for n in notes if not _withheld(n.text))
    return Notes(lines, _marker(len(notes) - len(lines)))


def _withheld(text: str) -> bool:
    return SharedCase.is_withheld(text)


def _marker(count: int) -> Withheld | None:
    return Withheld(count) if count else None


def _factor(loc: Localizer, factor_id: str, name: str, r: FactorReflection | None) -> FactorView:
    not_addressed = loc.text("stance.not_addressed.name")
    if r is None:
        return FactorView(
            factor_id, name, False, (), not_addressed, None, "", "", (), "",
            tuple(Notes() for _ in Stance), Notes(), Notes(),
        )  # fmt: skip
    stances = tuple(s for s in Stance if r.notes(s))
    given = (("client", r.client_priority), ("caseworker", r.caseworker_priority))
    return FactorView(
        factor_id=factor_id,
        name=name,
        reflected=True,
        stances=stances,
        stance_words=", ".join(loc.enum(s) for s in stances) or not_addressed,
        valence=r.valence,
        valence_word=loc.enum(r.valence),
        rating=rating_text(loc, r.rating),
        priorities=tuple(
            PriorityMark(who, loc.text(f"priority.{who}"), p, loc.enum(p))
            for who, p in given
            if p is not None
        ),
        priority_words=" / ".join(loc.enum(p) if p else "–" for _, p in given),
        notes=tuple(notes_content(loc, r.notes(s)) for s in Stance),
        gender_lens=notes_content(loc, r.gender_lens),
        discrimination=notes_content(loc, r.discrimination),
    )


def _goals(shared: SharedCase, loc: Localizer, cat: Catalogue) -> tuple[GoalView, ...]:
    day = shared.date_precision("goal.dates") == "day"
    return tuple(
        GoalView(
            goal_id=goal.id,
            wording=Withheld(1) if _withheld(goal.wording) else goal.wording,
            linked=", ".join(cat.factor(f).name for f in goal.factors if f in cat) or "–",
            agreement=loc.enum(goal.agreement),
            status=goal.status,
            status_word=loc.enum(goal.status),
            review=shared.date_label(goal.review_date, loc, "goal.dates") if goal.review_date else "–",
            review_iso=goal.review_date.isoformat() if goal.review_date and day else None,
        )
        for goal in shared.case.goals
    )


def _relationship(shared: SharedCase, loc: Localizer) -> tuple[RelationshipEntry, ...]:
    entries = []
    for s in shared.case.chronological:
        wr = s.working_relationship
        if wr is None:
            continue
        line = f"{shared.date_label(s.date, loc)} ({loc.enum(s.kind)}): {wr.rating} / {RATING_MAX}"
        entries.append(
            RelationshipEntry(s.id, line, wr.rating, notes_content(loc, [wr.note] if wr.note else []))
        )
    return tuple(entries)


def _relationship_chart(shared: SharedCase, loc: Localizer) -> Chart | None:
    sessions = [s for s in shared.case.chronological if s.working_relationship is not None]
    if not sessions:
        return None
    ratings = tuple(s.working_relationship.rating for s in sessions if s.working_relationship)
    return _chart(
        loc, ChartKind.LINE, "chart_relationship",
        tuple(shared.date_label(s.date, loc) for s in sessions),
        (Series(loc.text("document.working_relationship"), ratings, _LATEST),),
        RATING_MIN, RATING_MAX,
    )  # fmt: skip


def _chart(
    loc: Localizer,
    kind: ChartKind,
    key: str,
    categories: tuple[str, ...],
    series: tuple[Series, ...],
    minimum: int | None = None,
    maximum: int | None = None,
) -> Chart:
    title, alt = loc.text(f"reflector.{key}"), loc.text(f"reflector.{key}_alt")
    return Chart(kind, key, title, alt, categories, series, minimum, maximum)


def _ratings_chart(case: Case, loc: Localizer, cat: Catalogue) -> Chart:
    """Every factor rated in the first or the latest session, with both ratings."""
    sessions = case.chronological
    states = (state_at(case, sessions[0].id), state_at(case)) if sessions else ({}, {})

    def rating(st: Mapping[str, FactorState], factor_id: str) -> int | None:
        return st[factor_id].reflection.rating if factor_id in st else None

    rated = [f for f in cat.factors if any(rating(st, f.id) is not None for st in states)]
    series = tuple(
        Series(loc.text(key), tuple(rating(st, f.id) for f in rated), colour)
        for key, st, colour in zip(
            ("reflector.first_session", "reflector.latest_session"), states, (_FIRST, _LATEST), strict=True
        )
    )
    names = tuple(f.name for f in rated)
    first = series[0].values if series else ()
    if RADAR_SPOKES[0] <= len(rated) <= RADAR_SPOKES[1] and all(v is not None for v in first):
        return _chart(loc, ChartKind.RADAR, "chart_ratings", names, series, RATING_MIN, RATING_MAX)
    chart = _chart(loc, ChartKind.CLUSTERED_BAR, "chart_ratings", names, series, RATING_MIN, RATING_MAX)
    return attrs.evolve(chart, alt=loc.text("progress_chart.bars_alt"))


def _stances_chart(shared: SharedCase, loc: Localizer, cat: Catalogue) -> Chart:
    """The knowledge state per session: how many factors have, at that session (their latest
    reflection up to it), notes that are known, assumed or open. A factor counts under each stance
    it has notes for."""
    case = shared.case
    sessions = case.chronological
    maps = knowledge_maps(case, cat)
    series = tuple(
        Series(loc.enum(stance), tuple(sum(getattr(k, stance.value) for k in km) for km in maps),
               STANCE_COLOURS[stance])
        for stance in Stance
    )  # fmt: skip
    labels = tuple(shared.date_label(s.date, loc) for s in sessions)
    return _chart(loc, ChartKind.STACKED_COLUMN, "chart_stances", labels, series)


def _since(shared: SharedCase, loc: Localizer, cat: Catalogue) -> Since:
    case = shared.case
    moved = since_last_case_conference(case, cat)
    if moved is None:
        return Since(False, loc.text("document.no_earlier_conference"), ())
    start, end = case.session(moved.from_session).date, case.session(moved.to_session).date
    sentence = loc.text(
        "summary.progress_sentence",
        start=shared.date_label(start, loc),
        end=shared.date_label(end, loc),
        goals_achieved=loc.plural("plural.goals_achieved", len(moved.goals_achieved)),
        new_resources=loc.plural("plural.new_resources", len(moved.new_resources)),
    )

    def names(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(cat.factor(i).name for i in ids if i in cat)

    achieved = [g.wording for g in case.goals if g.id in moved.goals_achieved]
    reached = tuple(w for w in achieved if not _withheld(w))
    listings = (
        Listing(loc.text("document.now_known"), names(moved.now_known)),
        Listing(loc.text("document.new_resources"), names(moved.new_resources)),
        Listing(loc.text("document.lost_resources"), names(moved.lost_resources)),
        Listing(
            loc.text("document.rating_changes"),
            tuple(
                f"{cat.factor(c.factor_id).name} {c.before} → {c.after}"
                for c in moved.rating_changes
                if c.before is not None and c.after is not None and c.factor_id in cat
            ),
        ),
        Listing(loc.text("document.goals_reached"), reached, _marker(len(achieved) - len(reached))),
    )
    return Since(True, sentence, tuple(item for item in listings if item.items or item.withheld))


def _questions(case: Case, cat: Catalogue, *, withheld: bool) -> Iterable[Fact]:
    for q in open_questions(case, cat):
        if q.factor_id in cat and _withheld(q.note.text) is withheld:
            yield Fact(cat.factor(q.factor_id).name, q.note.text)


def _participants(case: Case, loc: Localizer) -> Table | None:
    if not case.team:
        return None
    lead = f" ({loc.text('document.lead_agency')})"
    return Table(
        loc.text("summary.participants_caption"),
        (loc.text("document.agency"), loc.text("document.role")),
        tuple((m.agency, m.role + (lead if m.lead else "")) for m in case.team),
    )
