"""The deck's slides that draw lists and tables of the content: title, goals, since the last case
conference, open questions and blind spots; and what every slide builder shares (symbols, fills,
notes as paragraphs, withheld markers). The factor slides are in :mod:`.slides_factors`, the charts
in :mod:`.slides_charts`. Every builder draws a part of :class:`~desistkit.export.content.CaseContent`
and computes nothing about the case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from desistkit.core.model import Priority, Stance, Valence
from desistkit.export.content import CaseContent, GoalView, Notes, TitleFacts, Withheld
from desistkit.export.deck.layout import (
    INK,
    LINE,
    MUTED,
    RGB,
    WHITE,
    Cell,
    Grid,
    Para,
    Row,
    fits_box,
    largest_size,
    par,
)
from desistkit.export.deck.writer import Deck, fit_into, subtitle_placeholder
from desistkit.formats import deck as contract
from desistkit.i18n.localizer import Localizer

__all__ = [
    "PRIORITY_SYMBOLS",
    "STANCE_SYMBOLS",
    "VALENCE_FILL",
    "VALENCE_SYMBOLS",
    "blank_goals_slide",
    "blank_title_slide",
    "facts_below",
    "goals_slide",
    "note_paras",
    "priorities_hint",
    "prompts",
    "questions_slide",
    "since_slide",
    "subtitle_head",
    "tint",
    "title_slide",
    "withheld_text",
]

STANCE_SYMBOLS: Mapping[Stance | None, str] = {
    Stance.KNOWN: "●",
    Stance.ASSUMED: "◐",
    Stance.OPEN: "○",
    None: "–",  # not addressed
}
VALENCE_SYMBOLS: Mapping[Valence, str] = {
    Valence.RESOURCE: "+",
    Valence.CHALLENGE: "−",
    Valence.AMBIVALENT: "±",
    Valence.UNCLEAR: "?",
}
PRIORITY_SYMBOLS = {Priority.HIGH: "★", Priority.MEDIUM: "☆"}
VALENCE_FILL: Mapping[Valence, RGB] = {
    Valence.RESOURCE: (214, 236, 218),
    Valence.CHALLENGE: (246, 220, 208),
    Valence.AMBIVALENT: (248, 236, 196),
    Valence.UNCLEAR: (232, 232, 232),
}
_GOAL_FILL: RGB = (46, 125, 140)


def tint(colour: RGB, amount: float) -> RGB:
    r, g, b = (round(c + (255 - c) * amount) for c in colour)
    return (r, g, b)


def prompts(loc: Localizer) -> list[str]:
    """The caseworker's reflection prompts, for the speaker notes."""
    return [
        loc.text(f"reflector.prompts.{k}")
        for k in ("knowing", "projecting", "client_view", "resources", "next_time")
    ]


def priorities_hint(loc: Localizer) -> str:
    """The speaker note of a blank deck that says how to write priorities in a factor's last box
    (the importer reads "<client's / caseworker's priority>: <high, medium, low>" there)."""
    example = (
        f"{loc.text('priority.client')}: {loc.enum(Priority.HIGH)}; "
        f"{loc.text('priority.caseworker')}: {loc.enum(Priority.MEDIUM)}"
    )
    return loc.text("reflector.contribution.priorities_hint", example=example)


def withheld_text(loc: Localizer, text: str | Withheld) -> str:
    """A goal's wording, or "(wording not released)" in its place: the goal exists, its words are
    not for this audience (never a sentence that reads like a goal's name)."""
    return loc.text("withheld.wording") if isinstance(text, Withheld) else text


def note_paras(loc: Localizer, notes: Notes) -> tuple[Para, ...]:
    """One paragraph per readable note with its perspective; withheld notes as one count at the end."""
    paras = [Para(((n.text, ""), (f" ({n.perspective})", "I")), colour=INK) for n in notes.lines]
    if notes.withheld is not None:
        count = loc.plural("plural.notes_withheld", notes.withheld.count)
        paras.append(par(count, "I", scale=0.85, colour=MUTED))
    return tuple(paras)


# --- title -------------------------------------------------------------------------------------


def _title_fields(deck: Deck, slide: Any, reference: str, date: str) -> None:
    """Two small named boxes the import reads: the case reference and the date of the reflection."""
    loc = deck.loc
    y = deck.height - deck.margin - 12
    width = (deck.width - 2 * deck.margin) / 4
    for i, (key, name, value) in enumerate(
        (
            ("document.case", contract.CASE_REFERENCE, reference),
            ("document.date", contract.SESSION_DATE, date),
        )
    ):
        label = loc.text(key, reference="").strip() if key == "document.case" else loc.text(key)
        x = deck.margin + i * 2 * width
        for cell, left, box_width in (
            (Cell((par(label, "B", colour=MUTED),)), x, width * 0.75),
            (Cell((par(value),), name=name, border=LINE, autofit=not value), x + width * 0.75, width),
        ):
            size = largest_size(partial(fits_box, deck.m, cell, box_width, 10.0), 10.0, 6.0)
            deck.box(slide, cell, left, y, box_width, 10, size or 6.0)


def title_slide(deck: Deck, title: TitleFacts) -> None:
    """The title; the subtitle and the audience marking; the facts below them in one box. No form
    boxes to fill in (those are the blank deck's): what the importer needs (reference, setting, the
    latest session's date as the shared case holds it) is in the facts box's name, which PowerPoint
    shows in its selection pane and LibreOffice keeps (it renames placeholders)."""
    loc = deck.loc
    slide, _ = deck.slide("title", f"{loc.text('reflector.title')}: {title.title}")
    subtitle = subtitle_placeholder(slide)
    place = subtitle_head(deck, subtitle, 0.4)
    fit_into(deck, subtitle, [par(loc.text("reflector.subtitle")), par(title.marking, "B")])
    name = contract.facts_name(title.reference, title.setting_id, title.session_date_iso)
    facts = Cell(tuple(par(f.line, scale=0.85, colour=MUTED) for f in title.facts), name=name)
    facts_below(deck, slide, facts, place)


def subtitle_head(deck: Deck, subtitle: Any, share: float) -> tuple[float, float, float, float]:
    """Shrink a title slide's subtitle placeholder to the top ``share`` of its area (22 mm at
    most), to make room below it; its place before, in mm: (left, top, width, the head kept)."""
    left, top = subtitle.left / 36000, subtitle.top / 36000
    width, height = subtitle.width / 36000, subtitle.height / 36000
    head = min(height * share, 22.0)
    # All four: a placeholder that inherits its place from the layout gets it written out whole.
    subtitle.left, subtitle.top = deck.Mm(left), deck.Mm(top)
    subtitle.width, subtitle.height = deck.Mm(width), deck.Mm(head)
    return left, top, width, head


def facts_below(deck: Deck, slide: Any, facts: Cell, place: tuple[float, float, float, float]) -> None:
    """The facts box under a subtitle shrunk by :func:`subtitle_head`, down to the slide's margin,
    in the largest size from 14 to 6 pt that fits."""
    left, top, width, head = place
    below = top + head + 1
    room = max(deck.height - deck.margin - below, 20.0)
    size = largest_size(partial(fits_box, deck.m, facts, width, room), 14.0, 6.0)
    deck.box(slide, facts, left, below, width, room, size or 6.0)


def blank_title_slide(deck: Deck, notes: Sequence[str], agency: str | None = None) -> None:
    """The blank deck's title; made for one agency, "Contribution of <agency>" under the subtitle
    in a box whose name (:func:`~desistkit.formats.deck.contribution_name`) the importer reads:
    the visible words may be edited, the name stays."""
    loc = deck.loc
    slide, _ = deck.slide("title", loc.text("reflector.title"), notes)
    subtitle = subtitle_placeholder(slide)
    if agency is None or subtitle is None:
        fit_into(deck, subtitle, [par(loc.text("reflector.blank_subtitle"), "B")])
    else:
        height = subtitle.height / 36000
        left, top, width, head = subtitle_head(deck, subtitle, 0.45)
        fit_into(deck, subtitle, [par(loc.text("reflector.blank_subtitle"))])
        words = par(loc.text("reflector.contribution.of", agency=agency.strip()), "B")
        box = Cell((words,), name=contract.contribution_name(agency))
        room = max(min(height - head - 1, 30.0), 12.0)
        size = largest_size(partial(fits_box, deck.m, box, width, room), 24.0, 8.0)
        deck.box(slide, box, left, top + head + 1, width, room, size or 8.0)
    _title_fields(deck, slide, "", "")


# --- goals -------------------------------------------------------------------------------------


def _goal_header(loc: Localizer) -> tuple[tuple[tuple[Cell, float], ...], tuple[float, ...]]:
    widths = (38.0, 22.0, 13.0, 13.0, 14.0)
    keys = (
        "document.goal",
        "document.linked_factors",
        "document.agreement",
        "document.status",
        "document.review_date",
    )
    header = tuple(
        (Cell((par(loc.text(k), "B", colour=WHITE),), fill=_GOAL_FILL), w)
        for k, w in zip(keys, widths, strict=True)
    )
    return header, widths


def _goal_row(loc: Localizer, goal: GoalView) -> Row:
    values = (
        ("wording", withheld_text(loc, goal.wording)),
        ("factors", goal.linked),
        ("agreement", goal.agreement),
        ("status", goal.status_word),
        ("review", goal.review_iso or goal.review),  # a full date as ISO 8601: read back on import
    )
    return Row(
        tuple(Cell((par(v),), name=contract.goal_box(goal.goal_id, k), border=LINE) for k, v in values)
    )


def goals_slide(deck: Deck, goals: Sequence[GoalView]) -> None:
    loc = deck.loc
    header, widths = _goal_header(loc)
    rows = [_goal_row(loc, goal) for goal in goals]
    if not rows:
        rows.append(Row((Cell((par(loc.text("document.none"), "I"),)), *(Cell() for _ in widths[1:]))))
    deck.grid(loc.text("reflector.goals_title"), Grid(widths, tuple(rows), (header,)))


def blank_goals_slide(deck: Deck, goals: int, notes: Sequence[str]) -> None:
    """Empty goal rows with the names a filled deck is read back by."""
    header, widths = _goal_header(deck.loc)
    rows = tuple(
        Row(
            tuple(
                Cell(
                    name=contract.goal_box(contract.new_goal_id(n), key),
                    border=LINE,
                    min_height=14.0,
                    autofit=True,
                )
                for key in contract.GOAL_FIELDS
            )
        )
        for n in range(1, goals + 1)
    )
    grid = Grid(widths, rows, (header,), stretch=True)
    deck.grid(deck.loc.text("reflector.goals_title"), grid, notes=notes)


# --- lists -------------------------------------------------------------------------------------


def _column(paras: Sequence[Para]) -> Grid:
    return Grid((1.0,), tuple(Row((Cell((p,)),)) for p in paras))


def since_slide(deck: Deck, content: CaseContent) -> None:
    loc, since = deck.loc, content.since
    paras = [par(since.sentence, "B" if since.compared else "")]
    for listing in since.listings:
        runs = [(f"{listing.label}: ", "B")]
        if listing.items:
            runs.append((loc.format_list(listing.items), ""))
        if listing.withheld is not None:  # a marker after the names, never a name itself
            runs.append((f"{' ' if listing.items else ''}{loc.text('withheld.wording')}", "I"))
        paras.append(Para(tuple(runs)))
    deck.grid(loc.text("reflector.since_title"), _column(paras))


def questions_slide(deck: Deck, content: CaseContent, notes: Sequence[str]) -> None:
    loc = deck.loc
    paras: list[Para] = [par(loc.text("document.open_questions"), "B", scale=1.1)]
    paras += [Para(((f"{q.label}: ", "B"), (q.value, ""))) for q in content.questions]
    if not content.questions:
        paras.append(par(loc.text("document.none"), "I"))
    if content.blind_spots:
        paras.append(par(loc.text("document.blind_spots"), "B", scale=1.1))
        paras += [par(f"{spot.label} ({spot.value})") for spot in content.blind_spots]
    deck.grid(loc.text("reflector.blind_spots_title"), _column(paras), notes=notes)
