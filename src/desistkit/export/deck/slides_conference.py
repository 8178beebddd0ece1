"""The conference deck's slides: title, the factor x agency grid, where views differ, convergence
since the previous conference, the action plan, recommendations and the next date.

Each builder draws a part of :class:`~desistkit.export.content.ConferenceContent` with the
CaseReflector's symbols, fills, writer and fitting (:mod:`.slides`, :mod:`.writer`, :mod:`.layout`)
and computes nothing about the case.
"""

from __future__ import annotations

from collections.abc import Sequence

from desistkit.export.content import (
    ActionLine,
    AgencyCell,
    ConferenceCategory,
    ConferenceContent,
    FactorRow,
)
from desistkit.export.deck import layout
from desistkit.export.deck.layout import Cell, Grid, Para, Region, Row, par
from desistkit.export.deck.slides import (
    STANCE_SYMBOLS,
    VALENCE_FILL,
    VALENCE_SYMBOLS,
    facts_below,
    note_paras,
    subtitle_head,
    tint,
    withheld_text,
)
from desistkit.export.deck.slides_factors import legend, name_share
from desistkit.export.deck.writer import Deck, fit_into, hex_rgb, subtitle_placeholder
from desistkit.i18n.localizer import Localizer

__all__ = [
    "DIFFERS",
    "actions_slide",
    "conference_title_slide",
    "convergence_slide",
    "divergence_slides",
    "grid_slides",
    "recommendations_slide",
]

DIFFERS = "≠"  # the mark of a factor on which the agencies' views differ
_DIFFERS_FILL: layout.RGB = (250, 214, 165)
_DIFFERS_LINE: layout.RGB = (200, 110, 30)
_TABLE_FILL: layout.RGB = (46, 125, 140)  # the goals table's header colour


def prompts(loc: Localizer) -> list[str]:
    """The chair's reflection prompts on stances and projection, for the speaker notes."""
    return [loc.text(f"conference.prompts.{k}") for k in ("stances", "projection", "client", "resources")]


# --- title -------------------------------------------------------------------------------------


def conference_title_slide(deck: Deck, content: ConferenceContent) -> None:
    """The case (its pseudonym for an external audience), the occasion and the day, the marking;
    below them the agencies with the role of their point of contact, and the notices."""
    loc, title = deck.loc, content.title
    slide, _ = deck.slide("title", f"{loc.text('conference.title')}: {title.title}")
    subtitle = subtitle_placeholder(slide)
    place = subtitle_head(deck, subtitle, 0.4)
    occasion = f"{loc.text('conference.occasion_label')}: {content.occasion.value} · {content.date.value}"
    fit_into(deck, subtitle, [par(occasion), par(title.marking, "B")])
    lines = [par(loc.text("conference.participants"), "B", scale=0.9, colour=layout.MUTED)]
    lines += [par(f"{p.label} – {p.value}", scale=0.85, colour=layout.MUTED) for p in content.participants]
    notices = (title.exported, title.pseudonym_notice, *title.withheld)
    lines += [par(f.line, "I", scale=0.8, colour=layout.MUTED) for f in notices if f is not None]
    facts_below(deck, slide, Cell(tuple(lines), name="conference:facts"), place)


# --- the factor x agency grid ------------------------------------------------------------------


def _symbols(cell: AgencyCell) -> str:
    if not cell.addressed:
        return STANCE_SYMBOLS[None]
    view = cell.view
    parts = [STANCE_SYMBOLS[view.stance]]
    if view.valence is not None:
        parts.append(VALENCE_SYMBOLS[view.valence])
    if view.rating is not None:
        parts.append(str(view.rating))
    return "\u00a0".join(parts)  # kept on one line


def _cell_fill(cell: AgencyCell, light: layout.RGB) -> layout.RGB:
    valence = cell.view.valence
    return VALENCE_FILL[valence] if cell.addressed and valence is not None else light


_HEADER_SCALE = 0.85  # the column headers: agency names, some of them long compound words


def _widths(deck: Deck, agencies: Sequence[str], names: Sequence[str], marker: float) -> tuple[float, ...]:
    """Column shares: the factor names' column wide enough for their longest word (as on the
    CaseReflector's slides), and narrower, down to a floor, where the agencies' columns need the
    room for the longest word of an agency's name ("Staatsschutzdezernat") at the smallest size."""
    total = deck.slide_region().width
    first = name_share(deck, names, total, 0.2, 0.3)
    widest = max(
        (deck.m.widest_word(par(a, "B", scale=_HEADER_SCALE), layout.SMALLEST) for a in agencies), default=0.0
    )
    needed = (widest / 0.98 + 2 * layout.INSET + layout.CELL_GAP + 0.5) / total
    count = max(len(agencies), 1)
    if first + marker + count * needed > 1.0:
        floor = name_share(deck, names, total, 0.14, 0.3)  # never below the factor names' longest word
        first = max(floor, 1.0 - marker - count * needed)
    each = (1.0 - first - marker) / count
    return (first, *(each for _ in range(count)), *((marker,) if marker else ()))


def _header(
    cells: Sequence[str], widths: Sequence[float], fill: layout.RGB
) -> tuple[tuple[tuple[Cell, float], ...], ...]:
    row = tuple(
        (Cell((par(text, "B", scale=_HEADER_SCALE, colour=layout.WHITE),), fill=fill), w)
        for text, w in zip(cells, widths, strict=True)
    )
    return (row,)


def _grid_row(factor: FactorRow, colour: layout.RGB) -> Row:
    light = tint(colour, 0.88)
    name = Cell(
        (par(factor.name, "" if factor.agree else "B"),),
        name=f"overview:{factor.factor_id}",
        fill=light,
        border=None if factor.agree else _DIFFERS_LINE,
    )
    cells = tuple(
        Cell(
            (par(_symbols(c), "B", scale=0.9, centre=True),),
            name=f"overview:{factor.factor_id}:{n}",
            fill=_cell_fill(c, light),
        )
        for n, c in enumerate(factor.cells, 1)
    )
    mark = Cell(
        (par(DIFFERS if not factor.agree else "", "B", centre=True),),
        name=f"overview:{factor.factor_id}:differs",
        fill=light if factor.agree else _DIFFERS_FILL,
    )
    return Row((name, *cells, mark))


def _bottom(loc: Localizer, agreement: str) -> Cell:
    key = legend(loc).paras[0]
    extra = f"{DIFFERS} {loc.text('conference.differs')}   |   0–4: {loc.text('document.rating')}"
    return Cell(
        (
            par(agreement, "B"),
            Para(((f"{key.text}   |   {extra}", ""),), 0.8, layout.MUTED),
        ),
        name="conference:agreement",
    )


def grid_slides(deck: Deck, content: ConferenceContent) -> None:
    """One grid per category (continued where needed): factors as rows, agencies as columns, each
    cell the agency's stance, valence and rating as the CaseReflector's symbols; a differing factor
    marked. Under it on every slide: the agreement summary and the legend."""
    loc = deck.loc
    bottom = _bottom(loc, content.agreement)
    probe = deck.slide_region()
    reserved = deck.m.cell_height(bottom, probe.width, 10.0) + layout.CELL_GAP
    names = [f.name for c in content.categories for f in c.factors]
    widths = _widths(deck, content.agencies, names, 0.07)
    notes = [
        loc.text("reflector.prompts.knowing"),
        *prompts(loc)[:1],
        loc.text("conference.prompts.resources"),
    ]

    def above_legend(r: Region) -> Region:
        return Region(r.left, r.top, r.width, r.height - reserved)

    for category in content.categories:
        colour = hex_rgb(category.colour)
        # The mark's column is narrow: its header is the mark, explained in the legend below.
        header = _header((category.name, *content.agencies, DIFFERS), widths, colour)
        rows = tuple(_grid_row(f, colour) for f in category.factors)
        title = loc.text("conference.overview_title")
        for slide in deck.grid(title, Grid(widths, rows, header), notes=notes, region=above_legend):
            top = probe.top + probe.height - reserved + layout.CELL_GAP
            deck.box(slide, bottom, probe.left, top, probe.width, reserved - layout.CELL_GAP, 10.0)


# --- where views differ ------------------------------------------------------------------------


def _divergence_row(factor: FactorRow, colour: layout.RGB) -> Row:
    light = tint(colour, 0.88)
    first = (
        par(factor.name, "B"),
        *(par(f"{DIFFERS} {p}", "I", scale=0.85) for p in factor.phrases),
    )
    cells = []
    for n, cell in enumerate(factor.cells, 1):
        paras = [par(_symbols(cell), "B", scale=0.9)]
        paras += [par(line, scale=0.85) for line in cell.lines]
        cells.append(Cell(tuple(paras), name=f"differs:{factor.factor_id}:{n}", fill=_cell_fill(cell, light)))
    return Row((Cell(first, name=f"differs:{factor.factor_id}", fill=light), *cells))


def _divergence_notes(loc: Localizer, factors: Sequence[FactorRow]) -> list[str]:
    """The card questions of each factor on the slide, then the prompts on stances and projection."""
    notes = []
    for factor in factors:
        notes.append(loc.text("conference.prompts.card", name=factor.name))
        notes += [f"– {q}" for q in factor.questions]
    return [*notes, *prompts(loc)]


def divergence_slides(deck: Deck, content: ConferenceContent) -> None:
    """One slide per category with a factor that diverges (continued where needed): what diverges,
    in words, and each agency's stance, valence, rating and priorities; the factor's card questions
    and the chair's prompts in the speaker notes."""
    loc = deck.loc
    for category in content.categories:
        _divergence_slide(deck, loc, content, category)


def _divergence_slide(
    deck: Deck, loc: Localizer, content: ConferenceContent, category: ConferenceCategory
) -> None:
    factors = category.diverging
    if not factors:
        return
    colour = hex_rgb(category.colour)
    names = [f.name for f in factors]
    widths = _widths(deck, content.agencies, names, 0.0)
    first = f"{loc.text('document.factor')} · {loc.text('conference.what_differs')}"
    header = _header((first, *content.agencies), widths, colour)
    grid = Grid(widths, tuple(_divergence_row(f, colour) for f in factors), header)
    title = loc.text("conference.divergence_title", category=category.name)
    deck.grid(title, grid, notes=_divergence_notes(loc, factors))


# --- convergence, actions, recommendations -----------------------------------------------------


def convergence_slide(deck: Deck, content: ConferenceContent) -> None:
    """How many factors the agencies agreed on then and now, and which came closer or moved apart."""
    moved = content.convergence
    if moved is None:
        return
    loc = deck.loc
    label = loc.text("conference.agreed_factors")
    total = loc.format_number(content.total)
    rows = [
        (f"{label}: {loc.text('conference.previous')} ({moved.previous_date})",
         f"{loc.format_number(moved.agreed_before)} / {total}"),
        (f"{label}: {loc.text('conference.this')} ({moved.date})",
         f"{loc.format_number(moved.agreed_after)} / {total}"),
        *((listing.label, loc.format_list(listing.items)) for listing in moved.listings),
    ]  # fmt: skip
    grid = Grid(
        (0.38, 0.62),
        tuple(
            Row((Cell((par(a, "B"),), border=layout.LINE), Cell((par(b),), border=layout.LINE)))
            for a, b in rows
        ),
    )
    deck.grid(loc.text("conference.convergence_title"), grid, notes=prompts(loc)[:2])


def _action_row(loc: Localizer, action: ActionLine) -> Row:
    values = (
        ("what", withheld_text(loc, action.what)),
        ("owner", action.owner),
        ("due", action.due),
        ("factors", action.factors),
        ("status", action.status_word),
    )
    return Row(
        tuple(Cell((par(v),), name=f"action:{action.action_id}:{k}", border=layout.LINE) for k, v in values)
    )


def actions_slide(deck: Deck, content: ConferenceContent) -> None:
    """Who does what by when, on which factors, and where it stands."""
    loc = deck.loc
    widths = (0.34, 0.18, 0.12, 0.24, 0.12)
    keys = (
        "conference.action",
        "conference.responsible",
        "conference.due",
        "document.linked_factors",
        "document.status",
    )
    header = _header([loc.text(k) for k in keys], widths, _TABLE_FILL)
    rows = [_action_row(loc, a) for a in content.actions]
    if not rows:
        rows.append(Row((Cell((par(loc.text("document.none"), "I"),)), *(Cell() for _ in widths[1:]))))
    deck.grid(loc.text("conference.actions_title"), Grid(widths, tuple(rows), header))


def recommendations_slide(deck: Deck, content: ConferenceContent) -> None:
    """The recommendations and decisions, what the client was told, and the next date."""
    loc = deck.loc
    paras: list[Para] = [par(loc.text("conference.recommendations"), "B", scale=1.1)]
    paras += note_paras(loc, content.recommendations) or (par(loc.text("document.none"), "I"),)
    paras.append(par(loc.text("conference.client_informed"), "B", scale=1.1))
    paras += note_paras(loc, content.client_informed) or (par(loc.text("document.none"), "I"),)
    next_date = content.next_date or loc.text("conference.no_next_date")
    paras.append(Para(((f"{loc.text('conference.next_date')}: ", "B"), (next_date, ""))))
    grid = Grid((1.0,), tuple(Row((Cell((p,)),)) for p in paras))
    deck.grid(loc.text("conference.recommendations_title"), grid)
