"""The deck's layout, pure: paragraphs and boxes, their measured heights, grids of boxes, pages.

Every text is measured with the bundled font (:mod:`desistkit.export._fit`) and shrunk within a
minimum size; what still does not fit is split (rows, then paragraphs, then words, then characters)
over as few pages as possible. Nothing here knows python-pptx: positions and sizes are millimetres
and points, and the writer (:mod:`.writer`) turns the pages into shapes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from desistkit.export._fit import GAP, LINE_HEIGHT, PT, Advances, Block
from desistkit.export._hyphen import keep_codes_whole
from desistkit.formats import deck as contract

__all__ = [
    "CELL_GAP",
    "INK",
    "INSET",
    "LARGEST",
    "LINE",
    "MUTED",
    "RGB",
    "SMALLEST",
    "TITLE_LARGEST",
    "TITLE_SMALLEST",
    "WHITE",
    "Cell",
    "Grid",
    "Metrics",
    "Page",
    "Para",
    "Region",
    "Row",
    "fits_box",
    "largest_size",
    "paginate",
    "par",
    "scaled_grid",
]

RGB = tuple[int, int, int]
INK: RGB = (33, 33, 33)
MUTED: RGB = (95, 95, 95)
WHITE: RGB = (255, 255, 255)
LINE: RGB = (200, 200, 200)

LARGEST, SMALLEST = 12.0, 9.0  # body sizes in points: shrink no further than 9 pt on a slide
TITLE_LARGEST, TITLE_SMALLEST = 28.0, 12.0
INSET = 1.6  # mm inside each box
CELL_GAP = 0.8  # mm between boxes


def _whole_codes(runs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((keep_codes_whole(text), style) for text, style in runs)


@attrs.frozen
class Para:
    """A paragraph: runs of (text, style) with one size (relative to the body) and colour.
    Pseudonyms in it get non-breaking hyphens, so the text measured is the text written, and no
    line splits a pseudonym (the measuring wraps only at spaces)."""

    runs: tuple[tuple[str, str], ...] = attrs.field(converter=_whole_codes)
    scale: float = 1.0
    colour: RGB = INK
    centre: bool = False

    @property
    def block(self) -> Block:
        text = "".join(t for t, _ in self.runs)
        return Block(text, self.runs[0][1] if self.runs else "", self.scale, self.colour)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


def par(text: str, style: str = "", *, scale: float = 1.0, colour: RGB = INK, centre: bool = False) -> Para:
    return Para(((text, style),), scale, colour, centre)


@attrs.frozen
class Cell:
    """A box: paragraphs, a stable shape name, a fill (None: no box drawn), a minimum height (mm)."""

    paras: tuple[Para, ...] = ()
    name: str | None = None
    fill: RGB | None = None
    border: RGB | None = None
    min_height: float = 0.0
    autofit: bool = False  # blank boxes: let PowerPoint shrink what the caseworker types


@attrs.frozen
class Row:
    cells: tuple[Cell, ...]


_Text = tuple["Para", str, str, float, float, bool, float]
"""A paragraph as measured: itself (keeping its id its own), text, style, scale, the smallest size
it may take (points), whether it is blank, its widest word in ems."""


class Metrics:
    """Heights of paragraphs, boxes and rows at a size, cached for one deck: fitting asks the same
    questions many times. Text measurements are cached by text; a paragraph's text, a box's height,
    a row's height and whether a box's words fit also by the object itself (its identity: hashing a
    frozen box hashes all its text, each time). Each identity-keyed entry keeps its object, so that
    its id is not given to another object while the entry lives."""

    def __init__(self, measure: Advances) -> None:
        self.measure = measure
        self._heights: dict[tuple[str, str, float, float], float] = {}
        self._widest: dict[tuple[str, str], float] = {}  # the widest word, in ems
        self._texts: dict[int, _Text] = {}
        self._cells: dict[tuple[int, float, float], tuple[Cell, float]] = {}
        self._fit: dict[tuple[int, float, float], tuple[Cell, bool]] = {}
        self._rows: dict[tuple[int, tuple[float, ...], float], tuple[Row, float]] = {}

    @staticmethod
    def points(para: Para, size: float) -> float:
        return max(size * para.scale, SMALLEST * min(para.scale, 1.0))

    def _text(self, para: Para) -> _Text:
        """What measuring needs of a paragraph (its :attr:`Para.block`'s text and style), once."""
        found = self._texts.get(id(para))
        if found is None or found[0] is not para:
            runs, scale = para.runs, para.scale
            text = "".join([t for t, _ in runs])
            style = runs[0][1] if runs else ""
            widest = self._widest.get((text, style))
            if widest is None:
                widest = self._widest[(text, style)] = self.measure.widest_em(text, style)
            found = (para, text, style, scale, SMALLEST * min(scale, 1.0), not text.strip(), widest)
            self._texts[id(para)] = found
        return found

    def para_height(self, para: Para, size: float, width: float) -> float:
        """A paragraph's height (mm) at ``size`` in a column ``width`` wide: as :meth:`cell_height`
        measures each of a box's paragraphs (it does so inline)."""
        t = self._text(para)
        points = max(size * t[3], t[4])
        if t[5]:
            return points * PT * LINE_HEIGHT
        # Keyed by the width to 1/1000 mm: the first width measured stands for the others.
        key = (t[1], t[2], points, round(width, 3))
        height = self._heights.get(key)
        if height is None:
            # Advances.height without a Block: a paragraph has no hanging indent.
            lines = self.measure.lines(t[1], t[2], points, width)
            height = self._heights[key] = lines * points * PT * LINE_HEIGHT
        return height

    def widest_word(self, para: Para, size: float) -> float:
        found = self._texts.get(id(para))
        if found is None or found[0] is not para:
            found = self._text(para)
        return found[6] * max(size * found[3], found[4]) * PT  # Advances.widest_word's arithmetic

    @staticmethod
    def inner(width: float) -> float:
        """The width text may use in a box ``width`` wide (the grid's gap and insets removed, and 2 %
        kept free: renderers kern and round differently from the metrics measured here)."""
        return (width - CELL_GAP - 2 * INSET) * 0.98

    def cell_height(self, cell: Cell, width: float, size: float) -> float:
        key = (id(cell), width, size)
        found = self._cells.get(key)
        if found is not None and found[0] is cell:
            return found[1]
        height = self._measure(cell, width, size)
        self._cells[key] = (cell, height)
        return height

    def _measure(self, cell: Cell, width: float, size: float) -> float:
        """A box's height, its paragraphs measured (para_height inlined: the innermost loop)."""
        inner = (width - CELL_GAP - 2 * INSET) * 0.98
        paras = cell.paras
        texts, heights, measured = self._texts, self._heights, round(inner, 3)
        each = []
        for p in paras:
            t = texts.get(id(p))
            if t is None or t[0] is not p:
                t = self._text(p)
            points = size * t[3]
            if t[4] > points:  # max(size * scale, least), without the call
                points = t[4]
            if t[5]:
                each.append(points * PT * LINE_HEIGHT)
                continue
            text_key = (t[1], t[2], points, measured)
            height = heights.get(text_key)
            if height is None:
                lines = self.measure.lines(t[1], t[2], points, inner)
                height = heights[text_key] = lines * points * PT * LINE_HEIGHT
            each.append(height)
        text = sum(each)
        text += size * GAP * PT * max(len(paras) - 1, 0)
        return max(text + 2 * INSET, cell.min_height)

    def row_height(self, row: Row, widths: tuple[float, ...], size: float) -> float:
        """The tallest of a row's boxes in columns ``widths`` wide, cached by the row and the widths
        (its boxes measured without their own cache: they are asked for with their row)."""
        key = (id(row), widths, size)
        found = self._rows.get(key)
        if found is not None and found[0] is row:
            return found[1]
        measure = self._measure
        height = max([measure(c, w, size) for c, w in zip(row.cells, widths, strict=True)])
        self._rows[key] = (row, height)
        return height

    def words_fit(self, cell: Cell, width: float, size: float) -> bool:
        key = (id(cell), width, size)
        found = self._fit.get(key)
        if found is not None and found[0] is cell:
            return found[1]
        inner = (width - CELL_GAP - 2 * INSET) * 0.98
        texts = self._texts
        fit = True
        for p in cell.paras:
            t = texts.get(id(p))
            if t is None or t[0] is not p:
                t = self._text(p)
            points = size * t[3]
            if t[4] > points:  # max(size * scale, least), without the call
                points = t[4]
            if t[6] * points * PT > inner:  # widest_word(p, size) > inner
                fit = False
                break
        self._fit[key] = (cell, fit)
        return fit


def largest_size(ok: Callable[[float], bool], largest: float, smallest: float) -> float | None:
    """The largest size in quarter points between the bounds for which ``ok`` holds (monotone)."""
    if ok(largest):
        return largest
    steps = round((largest - smallest) / 0.25)
    if not ok(largest - 0.25 * steps):
        return None
    lo, hi = 0, steps
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(largest - 0.25 * mid):
            hi = mid
        else:
            lo = mid
    return largest - 0.25 * hi


@attrs.frozen
class Grid:
    """Rows of boxes in columns (widths in mm), with header rows whose boxes may span columns."""

    widths: tuple[float, ...]
    rows: tuple[Row, ...]
    headers: tuple[tuple[tuple[Cell, float], ...], ...] = ()
    stretch: bool = False  # spread the rows over the whole height (blank templates)

    def header_height(self, m: Metrics, size: float) -> float:
        cell_height = m.cell_height
        return sum([max([cell_height(c, w, size) for c, w in header]) + CELL_GAP for header in self.headers])

    def row_height(self, m: Metrics, row: Row, size: float) -> float:
        return m.row_height(row, self.widths, size)

    def height(self, m: Metrics, size: float, rows: Sequence[Row] | None = None) -> float:
        rows = self.rows if rows is None else rows
        row_height, widths = m.row_height, self.widths
        body = sum([row_height(r, widths, size) + CELL_GAP for r in rows])
        return self.header_height(m, size) + body

    def words_fit(self, m: Metrics, size: float, rows: Sequence[Row]) -> bool:
        words_fit, widths = m.words_fit, self.widths
        for r in rows:
            for c, w in zip(r.cells, widths, strict=True):
                if not words_fit(c, w, size):
                    return False
        for header in self.headers:
            for c, w in header:
                if not words_fit(c, w, size):
                    return False
        return True


@attrs.frozen
class Page:
    rows: tuple[Row, ...]
    size: float


def paginate(grid: Grid, m: Metrics, available: float, continued: Callable[[str], str]) -> list[Page]:
    """Split the rows over as few pages as the smallest size allows; one common size for all pages.

    A row too tall for a whole page is itself split (its paragraphs, and a paragraph at word
    boundaries, marked with an ellipsis), its first box naming what continues.
    """

    def fits(rows: Sequence[Row]) -> Callable[[float], bool]:
        return lambda size: grid.height(m, size, rows) <= available

    whole = largest_size(fits(grid.rows), LARGEST, SMALLEST)
    if whole is not None:  # one page, all rows: its size is the one just found
        pages = [list(grid.rows)]
        size = whole
    else:
        room = available - grid.header_height(m, SMALLEST)
        pieces = [
            piece for row in grid.rows for piece in _split_row(grid, m, row, room - CELL_GAP, continued)
        ]
        heights = [grid.row_height(m, piece, SMALLEST) + CELL_GAP for piece in pieces]
        pages = _fill(pieces, heights, room)
        pages = _balanced(pieces, heights, room, len(pages))
        size = min(largest_size(fits(page), LARGEST, SMALLEST) or SMALLEST for page in pages)
    # Never break a word inside a box: shrink further for width if needed (down to the minimum).
    size = min(
        size, largest_size(lambda s: all(grid.words_fit(m, s, p) for p in pages), size, SMALLEST) or SMALLEST
    )
    return [Page(tuple(p), size) for p in pages]


def _fill(pieces: Sequence[Row], heights: Sequence[float], room: float) -> list[list[Row]]:
    """Rows on pages in order, each page filled up to ``room`` (a row taller than that alone)."""
    pages: list[list[Row]] = []
    current: list[Row] = []
    used = 0.0
    for piece, h in zip(pieces, heights, strict=True):
        if current and used + h > room:
            pages.append(current)
            current, used = [], 0.0
        current.append(piece)
        used += h
    pages.append(current)
    return pages


def _balanced(pieces: Sequence[Row], heights: Sequence[float], room: float, count: int) -> list[list[Row]]:
    """The same number of pages, with the rows spread evenly: the smallest page height with which
    filling in order still needs no more than ``count`` pages. A continuation slide with one or two
    rows after a full one is harder to follow than two half-full slides."""
    low, high = max(heights, default=0.0), room
    if count <= 1 or low >= high:
        return _fill(pieces, heights, room)
    for _ in range(30):
        mid = (low + high) / 2
        if len(_fill(pieces, heights, mid)) <= count:
            high = mid
        else:
            low = mid
    return _fill(pieces, heights, high)


def _split_row(grid: Grid, m: Metrics, row: Row, room: float, continued: Callable[[str], str]) -> list[Row]:
    if grid.row_height(m, row, SMALLEST) <= room:
        return [row]
    columns: list[list[tuple[Para, ...]]] = []
    for cell, width in zip(row.cells, grid.widths, strict=True):
        columns.append(_split_paras(m, cell.paras, width, room))
    count = max(len(c) for c in columns)
    pieces = []
    for k in range(count):
        cells = []
        for cell, chunks in zip(row.cells, columns, strict=True):
            if len(chunks) == 1 and k > 0 and cell is row.cells[0]:
                paras = tuple(
                    Para(((continued(p.text), p.runs[0][1]),), p.scale, p.colour) if i == 0 else p
                    for i, p in enumerate(chunks[0])
                )
            else:
                paras = chunks[k] if k < len(chunks) else ()
            name = cell.name if k == 0 or cell.name is None else contract.continued(cell.name, k + 1)
            cells.append(attrs.evolve(cell, paras=paras, name=name))
        pieces.append(Row(tuple(cells)))
    return pieces


def _split_paras(m: Metrics, paras: Sequence[Para], width: float, room: float) -> list[tuple[Para, ...]]:
    """Paragraphs in chunks that each fit ``room`` at the smallest size; long ones split by words."""
    cell = Cell(paras=tuple(paras))
    if m.cell_height(cell, width, SMALLEST) <= room:
        return [tuple(paras)]
    chunks: list[tuple[Para, ...]] = []
    current: list[Para] = []
    queue = list(paras)
    while queue:
        para = queue.pop(0)
        trial = Cell(paras=(*current, para))
        if m.cell_height(trial, width, SMALLEST) <= room:
            current.append(para)
            continue
        if current:
            chunks.append(tuple(current))
            current = []
            queue.insert(0, para)
            continue
        head, tail = _split_para(m, para, width, room)
        if tail.text == para.text:  # not even one character fits (a room below one line): no cutting
            chunks.append((para,))
            continue
        chunks.append((head,))
        queue.insert(0, tail)
    if current:
        chunks.append(tuple(current))
    return chunks


def _split_para(m: Metrics, para: Para, width: float, room: float) -> tuple[Para, Para]:
    """The longest head of a paragraph that fits and the rest: cut between words (marked " …" and
    "… "), or, when not even one word fits, between characters (marked "…" and "…" without spaces,
    so that reading the deck back joins the word again)."""
    text, style = para.text, para.runs[0][1]

    def fits(head: str) -> bool:
        return m.cell_height(Cell(paras=(Para(((head, style),), para.scale),)), width, SMALLEST) <= room

    marker = "… " if text.startswith("… ") else ""  # this paragraph is itself a cut's rest
    words = text[len(marker) :].split(" ")
    words[0] = marker + words[0]
    lo, hi = 0, len(words) - 1  # whole words in the head
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(" ".join(words[:mid]) + " …"):
            lo = mid
        else:
            hi = mid - 1
    if lo:
        head, tail = " ".join(words[:lo]) + " …", "… " + " ".join(words[lo:])
    else:
        first = len(marker) + 1  # characters in the head: at least one of the text, so it always ends
        lo, hi = first, max(len(text) - 1, first)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(text[:mid] + "…"):
                lo = mid
            else:
                hi = mid - 1
        head, tail = text[:lo] + "…", "…" + text[lo:]
    return Para(((head, style),), para.scale, para.colour), Para(((tail, style),), para.scale, para.colour)


@attrs.frozen
class Region:
    left: float
    top: float
    width: float
    height: float


def scaled_grid(grid: Grid, width: float) -> Grid:
    """The grid with its column widths (relative) turned into millimetres for a region's width."""
    factor = width / sum(grid.widths)
    return attrs.evolve(
        grid,
        widths=tuple(w * factor for w in grid.widths),
        headers=tuple(tuple((c, w * factor) for c, w in header) for header in grid.headers),
    )


def fits_box(m: Metrics, cell: Cell, width: float, height: float, size: float) -> bool:
    return m.cell_height(cell, width, size) <= height and m.words_fit(cell, width, size)
