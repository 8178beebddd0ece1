"""The deck's factor slides: all factors at a glance, and one reflection slide per category.

Both draw the content's :class:`~desistkit.export.content.CategoryView` values; the blank deck draws
the same categories with nothing reflected, into boxes with the names a filled deck is read by.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from desistkit.core.model import Priority, Stance, Valence
from desistkit.export.content import CategoryView, FactorView
from desistkit.export.deck import layout
from desistkit.export.deck.layout import Cell, Grid, Page, Para, Region, Row, paginate, par
from desistkit.export.deck.slides import (
    PRIORITY_SYMBOLS,
    STANCE_SYMBOLS,
    VALENCE_FILL,
    VALENCE_SYMBOLS,
    note_paras,
    tint,
)
from desistkit.export.deck.writer import Deck, hex_rgb
from desistkit.formats import deck as contract
from desistkit.i18n.localizer import Localizer

__all__ = ["legend", "name_share", "overview_slides", "reflection_slide"]


def _stances(factor: FactorView) -> str:
    if not factor.stances:
        return STANCE_SYMBOLS[None]
    return "\u00a0".join(STANCE_SYMBOLS[s] for s in factor.stances)  # kept on one line


def _priority_mark(factor: FactorView) -> str:
    """★ when the client or the caseworker gives the factor high priority, ☆ for medium."""
    given = {mark.priority for mark in factor.priorities}
    for priority in (Priority.HIGH, Priority.MEDIUM):
        if priority in given:
            return PRIORITY_SYMBOLS[priority]
    return ""


def _overview_row(factor: FactorView, colour: layout.RGB) -> Row:
    light = tint(colour, 0.88)
    valence = factor.valence or Valence.UNCLEAR
    symbol = VALENCE_SYMBOLS[valence] if factor.reflected else ""
    return Row(
        (
            Cell((par(factor.name),), name=contract.overview_box(factor.factor_id), fill=light),
            Cell((par(_stances(factor), scale=0.8, centre=True),), fill=light),
            Cell(
                (par(symbol, "B", scale=0.9, centre=True),),
                fill=VALENCE_FILL[valence] if factor.reflected else light,
            ),
            Cell((par(_priority_mark(factor), scale=0.9, centre=True),), fill=light),
        )
    )


def overview_slides(deck: Deck, categories: Sequence[CategoryView]) -> None:
    loc = deck.loc
    title = loc.text("reflector.overview_title")
    key = legend(loc)
    columns: list[tuple[str, Grid]] = []
    for category in categories:
        colour = hex_rgb(category.colour)
        rows = [_overview_row(factor, colour) for factor in category.factors]
        band = Cell(
            (par(category.name, "B", colour=layout.WHITE),),
            name=contract.category_band(category.category_id),
            fill=colour,
        )
        columns.append((category.name, Grid((0.0, 15.0, 7.3, 7.3), tuple(rows), (((band, 0.0),),))))
    probe = deck.slide_region()
    legend_height = deck.m.cell_height(key, probe.width, 10.0) + layout.CELL_GAP
    area_h = probe.height - legend_height

    def continued(text: str) -> str:
        return loc.text("document.continued", title=text)

    def arrange(across: int, down: int, band_h: float = 0.0) -> tuple[float, float, list[tuple[Grid, Page]]]:
        """Categories as blocks, ``across`` x ``down`` per slide; a long category continues in the
        next block. Gives the block size and the blocks with their rows. ``band``: the height of
        every category band (mm), so that bands side by side are equally tall."""
        width = (probe.width - layout.CELL_GAP * 2 * (across - 1)) / across
        height = (area_h - layout.CELL_GAP * 2 * (down - 1)) / down
        chunks: list[tuple[Grid, Page]] = []
        for name, grid in columns:
            fixed = sum(grid.widths[1:])
            sized = attrs.evolve(
                grid, widths=(width - fixed, *grid.widths[1:]), headers=(((grid.headers[0][0][0], width),),)
            )
            band = attrs.evolve(sized.headers[0][0][0], min_height=band_h)
            sized = attrs.evolve(sized, headers=(((band, width),),))
            cont = attrs.evolve(band, paras=(par(continued(name), "B", colour=layout.WHITE),), name=None)
            later = attrs.evolve(sized, headers=(((cont, width),),))  # measured with the longer band
            for k, page in enumerate(paginate(later, deck.m, height, continued)):
                chunks.append((sized if k == 0 else later, page))
        return width, height, chunks

    # Four columns side by side, or two by two: whichever needs fewer slides, then the larger text.
    # A factor name broken inside a word is worse than another slide.
    options: list[tuple[Any, ...]] = []
    for across, down in ((min(4, len(columns)) or 1, 1), (2, 2)):
        width, height, chunks = arrange(across, down)
        slides = -(-len(chunks) // (across * down))
        size = min(p.size for _, p in chunks)
        broken = not all(grid.words_fit(deck.m, size, page.rows) for grid, page in chunks)
        options.append((broken, slides, -size, across, down, width, height, chunks))
    _, _, neg_size, across, down, width, height, chunks = min(options, key=lambda o: o[:3])
    # One band height for all: a category name on two lines (Greek, Finnish) makes the others as tall.
    band_h = max(grid.header_height(deck.m, -neg_size) - layout.CELL_GAP for grid, _ in chunks)
    width, height, chunks = arrange(across, down, band_h)
    neg_size = -min(p.size for _, p in chunks)
    per_slide = across * down
    for n in range(0, len(chunks), per_slide):
        heading = title if n == 0 else continued(title)
        slide, region = deck.slide(
            "content",
            heading,
            [loc.text("reflector.prompts.knowing"), loc.text("reflector.prompts.resources")],
        )
        for i, (grid, page) in enumerate(chunks[n : n + per_slide]):
            col, row = i % across, i // across
            area = Region(
                region.left + col * (width + 2 * layout.CELL_GAP),
                region.top + row * (height + 2 * layout.CELL_GAP),
                width,
                height,
            )
            deck.place(slide, grid, attrs.evolve(page, size=-neg_size), area)
        deck.box(
            slide,
            key,
            region.left,
            region.top + region.height - legend_height + layout.CELL_GAP,
            region.width,
            legend_height - layout.CELL_GAP,
            10.0,
        )


def name_share(deck: Deck, names: Sequence[str], total: float, low: float, high: float) -> float:
    """The share of ``total`` (mm) a name column needs so that its longest word fits at 10 pt bold,
    between ``low`` and ``high``: long compound words (German, Finnish, Hungarian) are never broken."""
    widest = max((deck.m.widest_word(par(n, "B"), 10.0) for n in names), default=0.0)
    needed = widest / 0.98 + 2 * layout.INSET + layout.CELL_GAP + 0.5
    return min(max(needed / total, low), high)


def legend(loc: Localizer) -> Cell:
    """The symbols of the grids (stances, valences, priority markers) explained in one line: the
    CaseReflector's overview and the conference deck's grid draw the same legend."""
    stances = "   ".join(f"{STANCE_SYMBOLS[s]} {loc.enum(s)}" for s in Stance)
    stances += f"   {STANCE_SYMBOLS[None]} {loc.text('stance.not_addressed.name')}"
    valences = "   ".join(f"{VALENCE_SYMBOLS[v]} {loc.enum(v)}" for v in Valence)
    marker = loc.text("reflector.priority_marker")
    priorities = f"★ {marker}: {loc.enum(Priority.HIGH)}   ☆ {marker}: {loc.enum(Priority.MEDIUM)}"
    text = f"{loc.text('document.legend')}:   {stances}   |   {valences}   |   {priorities}"
    return Cell((par(text, scale=0.8, colour=layout.MUTED),), name="legend")


def _reflection_header(loc: Localizer, colour: layout.RGB) -> tuple[Cell, ...]:
    def hint(s: Stance) -> tuple[Para, ...]:
        if s is Stance.KNOWN:
            return ()
        return (par(loc.text(f"stance.{s.value}.hint"), "I", scale=0.8, colour=layout.WHITE),)

    assessment = f"{loc.text('document.valence')} · {loc.text('document.rating')}"
    return (
        Cell((par(loc.text("document.factor"), "B", colour=layout.WHITE),), fill=colour),
        *(
            Cell(
                (par(loc.text(f"stance.{s.value}.heading"), "B", colour=layout.WHITE), *hint(s)),
                name=contract.stance_heading(s),
                fill=colour,
            )
            for s in Stance
        ),
        Cell((par(assessment, "B", scale=0.85, colour=layout.WHITE),), fill=colour),
    )


def _name_cell(loc: Localizer, factor: FactorView, colour: layout.RGB) -> Cell:
    """The factor's name; its priorities and its gender-lens and discrimination notes under it."""
    name = [par(factor.name, "B")]
    for mark in factor.priorities:
        text = f"{PRIORITY_SYMBOLS.get(mark.priority, '')} {mark.label}: {mark.word}".strip()
        name.append(par(text, scale=0.8, colour=layout.MUTED))
    extra = (
        (loc.text("document.gender_lens"), factor.gender_lens),
        (loc.text("document.discrimination"), factor.discrimination),
    )
    for label, notes in extra:
        texts = [n.text for n in notes.lines]
        if notes.withheld is not None:  # counted, as in the stance boxes and in every document
            texts.append(loc.plural("plural.notes_withheld", notes.withheld.count))
        if texts:
            name.append(par(f"{label}: " + "; ".join(texts), "I", scale=0.8, colour=layout.MUTED))
    box = contract.factor_box(factor.factor_id, contract.FACTOR_NAME)
    return Cell(tuple(name), name=box, fill=tint(colour, 0.88))


def _reflection_row(loc: Localizer, factor: FactorView, colour: layout.RGB, *, blank: bool) -> Row:
    cells = [_name_cell(loc, factor, colour)]
    for stance in Stance:
        cells.append(
            Cell(
                note_paras(loc, factor.notes_for(stance)),
                name=contract.factor_box(factor.factor_id, stance.value),
                border=layout.LINE,
                min_height=16.0 if blank else 0.0,
                autofit=blank,
            )
        )
    assessment: tuple[Para, ...] = ()
    fill: layout.RGB | None = None
    if factor.valence is not None:
        assessment = (par(factor.valence_word, "B"), par(factor.rating))
        fill = VALENCE_FILL[factor.valence]
    elif not blank:
        assessment = (par(factor.stance_words, "I", colour=layout.MUTED),)  # "not addressed"
    box = contract.factor_box(factor.factor_id, contract.ASSESSMENT)
    cells.append(Cell(assessment, name=box, fill=fill, border=layout.LINE, autofit=blank))
    return Row(tuple(cells))


def reflection_slide(
    deck: Deck, category: CategoryView, notes: Sequence[str], *, blank: bool = False
) -> None:
    loc = deck.loc
    colour = hex_rgb(category.colour)
    rows = tuple(_reflection_row(loc, factor, colour, blank=blank) for factor in category.factors)
    total = deck.slide_region().width
    names = [f.name for f in category.factors] + [loc.text("document.factor")]
    first = name_share(deck, names, total, 0.13, 0.22)
    each = (1.0 - first - 0.13) / 3
    widths = (first, each, each, each, 0.13)
    header = tuple(zip(_reflection_header(loc, colour), widths, strict=True))
    grid = Grid(widths, rows, (header,), stretch=blank)
    deck.grid(loc.text("reflector.reflection_title", category=category.name), grid, notes=notes)
