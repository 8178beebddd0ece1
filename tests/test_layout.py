"""The deck's measuring and pagination (export/deck/layout.py) against the straightforward code.

The layout caches measurements per deck by object identity and by text, reuses a paragraph's text
and widest word, a row's height per size, and finds sizes by bisection. Each of these must choose
exactly what the plain search would: the same sizes, page breaks and splits, so the same deck.
The reference below is that plain code: every height measured afresh through :class:`Block`, each
size tried from the largest down, one quarter point at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desistkit.export._fit import GAP, PT, advances
from desistkit.export.deck.layout import (
    CELL_GAP,
    INSET,
    LARGEST,
    SMALLEST,
    Cell,
    Grid,
    Metrics,
    Para,
    Row,
    largest_size,
    paginate,
)

WORDS = ["Lebensbewältigungsstrategien", "the", "client's", "own", "words", "about", "a", "workshop"]
WORDS += ["συνάντηση", "Ωραία", "обучение", "—", "", "x" * 60, "ab-12-cd"]


Heights = dict[tuple[str, str, float, float], float]


def _ref_para_height(para: Para, size: float, width: float, heights: Heights) -> float:
    """Metrics.para_height as first written: a Block, Advances.height, keyed by the width to 1/1000 mm."""
    block = para.block
    points = max(size * para.scale, SMALLEST * min(para.scale, 1.0))
    if not block.text.strip():
        return points * PT * 1.25
    key = (block.text, block.style, points, round(width, 3))
    if key not in heights:
        heights[key] = advances().height(block, points, width)
    return heights[key]


class _Ref:
    """The plain measuring: nothing cached but the text heights (whose first width stands)."""

    def __init__(self) -> None:
        self.heights: Heights = {}

    def cell(self, cell: Cell, width: float, size: float) -> float:
        inner = (width - CELL_GAP - 2 * INSET) * 0.98
        text = sum(_ref_para_height(p, size, inner, self.heights) for p in cell.paras)
        text += size * GAP * PT * max(len(cell.paras) - 1, 0)
        return max(text + 2 * INSET, cell.min_height)

    def words(self, cell: Cell, width: float, size: float) -> bool:
        inner = (width - CELL_GAP - 2 * INSET) * 0.98
        return all(
            advances().widest_word(p.block, max(size * p.scale, SMALLEST * min(p.scale, 1.0))) <= inner
            for p in cell.paras
        )

    def grid_height(self, grid: Grid, size: float, rows: Sequence[Row]) -> float:
        head = sum(max(self.cell(c, w, size) for c, w in h) + CELL_GAP for h in grid.headers)
        body = sum(
            max(self.cell(c, w, size) for c, w in zip(r.cells, grid.widths, strict=True)) + CELL_GAP
            for r in rows
        )
        return head + body

    def grid_words(self, grid: Grid, size: float, rows: Sequence[Row]) -> bool:
        cells = [(c, w) for r in rows for c, w in zip(r.cells, grid.widths, strict=True)] + [
            cw for h in grid.headers for cw in h
        ]
        return all(self.words(c, w, size) for c, w in cells)


def _linear(ok: Callable[[float], bool], largest: float, smallest: float) -> float | None:
    """The largest quarter-point size for which ``ok`` holds, trying each from the largest down."""
    for step in range(round((largest - smallest) / 0.25) + 1):
        if ok(largest - 0.25 * step):
            return largest - 0.25 * step
    return None


paras = st.builds(
    lambda words, style, scale: Para(((" ".join(words), style),), scale),
    st.lists(st.sampled_from(WORDS), max_size=60),
    st.sampled_from(["", "B", "I"]),
    st.sampled_from([1.0, 0.8, 0.85, 0.9, 1.2]),
)
cells = st.builds(
    lambda ps, low: Cell(tuple(ps), min_height=low),
    st.lists(paras, max_size=4),
    st.sampled_from([0.0, 0.0, 10.0, 16.0]),
)


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    widths = tuple(draw(st.lists(st.floats(12.0, 120.0), min_size=1, max_size=5)))
    rows = draw(st.lists(st.lists(cells, min_size=len(widths), max_size=len(widths)), max_size=9))
    header = tuple(
        (c, w)
        for c, w in zip(draw(st.lists(cells, min_size=1, max_size=2)), (sum(widths), 40.0), strict=False)
    )
    return Grid(widths, tuple(Row(tuple(r)) for r in rows), (header,) if draw(st.booleans()) else ())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids(), st.floats(20.0, 190.0), st.sampled_from(list(range(4))))
def test_sizes_and_heights_are_the_plain_searchs(grid: Grid, available: float, skip: int) -> None:
    """The size bisection finds what trying each size finds (heights grow with the size), and a
    grid's height at every size is the plain sum, however often and in whatever order it is asked."""
    ref, m = _Ref(), Metrics(advances())
    sizes = [LARGEST - 0.25 * k for k in range(13)]
    for size in sizes[skip:] + sizes[:skip]:  # the caches filled in another order than bisection's
        assert grid.height(m, size) == ref.grid_height(grid, size, grid.rows)
        assert grid.words_fit(m, size, grid.rows) == ref.grid_words(grid, size, grid.rows)
    ok = lambda s: ref.grid_height(grid, s, grid.rows) <= available  # noqa: E731
    assert largest_size(ok, LARGEST, SMALLEST) == _linear(ok, LARGEST, SMALLEST)
    words = lambda s: ref.grid_words(grid, s, grid.rows)  # noqa: E731
    assert largest_size(words, LARGEST, SMALLEST) == _linear(words, LARGEST, SMALLEST)


def _ref_paginate(grid: Grid, available: float) -> list[tuple[float, list[list[str]]]]:
    """The pages the plain code makes of a grid that fits on one page: (size, boxes' texts)."""
    ref = _Ref()
    size = _linear(lambda s: ref.grid_height(grid, s, grid.rows) <= available, LARGEST, SMALLEST)
    assert size is not None
    size = min(size, _linear(lambda s: ref.grid_words(grid, s, grid.rows), size, SMALLEST) or SMALLEST)
    return [(size, [[p.text for c in r.cells for p in c.paras] for r in grid.rows])]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids(), st.floats(20.0, 190.0))
def test_pages_are_the_plain_codes(grid: Grid, available: float) -> None:
    """The pages, their size, and every split row are what measuring afresh decides: the size
    of each page, and every piece of a split row fits the page at that size."""
    m = Metrics(advances())
    pages = paginate(grid, m, available, lambda t: f"{t} (cont.)")
    ref = _Ref()
    if ref.grid_height(grid, SMALLEST, grid.rows) <= available:
        assert [(p.size, [[q.text for c in r.cells for q in c.paras] for r in p.rows]) for p in pages] == (
            _ref_paginate(grid, available)
        )
    size = pages[0].size
    assert {p.size for p in pages} == {size}
    for page in pages:
        rows = page.rows
        best = _linear(lambda s: ref.grid_height(grid, s, rows) <= available, LARGEST, SMALLEST)  # noqa: B023
        assert size <= (best or SMALLEST)
        assert ref.grid_words(grid, size, page.rows) or size == SMALLEST
        for row in page.rows:  # heights of the pieces as the plain code measures them
            assert grid.row_height(m, row, size) == max(
                ref.cell(c, w, size) for c, w in zip(row.cells, grid.widths, strict=True)
            )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), max_size=40), min_size=1, max_size=30), st.floats(15.0, 90.0)
)
def test_identity_caches_never_answer_for_another_paragraph(texts: list[list[str]], width: float) -> None:
    """Paragraphs and boxes made and dropped one after another (CPython gives a freed object's id
    to the next): each is measured as itself, as the plain code measures it."""
    m, ref = Metrics(advances()), _Ref()
    for words in texts:  # each cache on its own: another one keeping the box would hide a stale id
        cell = Cell((Para(((" ".join(words), ""),)),))
        assert m.cell_height(cell, width, 10.0) == ref.cell(cell, width, 10.0)
        del cell
    for words in texts:
        cell = Cell((Para(((" ".join(words), ""),)),))
        assert m.words_fit(cell, width, 10.0) == ref.words(cell, width, 10.0)
        del cell
    for words in texts:
        para = Para(((" ".join(words), ""),))
        assert m.para_height(para, 9.5, width) == _ref_para_height(para, 9.5, width, ref.heights)
        row = Row((Cell((para,)),))
        assert m.row_height(row, (width,), 10.0) == ref.cell(row.cells[0], width, 10.0)
        assert m.row_height(row, (width / 2,), 10.0) == ref.cell(row.cells[0], width / 2, 10.0)
        del row, para


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=80),
    st.sampled_from(["", "B", "I"]),
    st.integers(24, 56),
    st.integers(24, 56),
    st.floats(5.0, 150.0),
)
def test_lines_grow_with_the_size(words: list[str], style: str, a: int, b: int, width: float) -> None:
    """Greedy wrapping at spaces (and between characters for a word wider than the column) never
    needs fewer lines at a larger size in the same width: what bisecting over sizes relies on."""
    small, large = sorted((a / 4, b / 4))
    text = " ".join(words)
    assert advances().lines(text, style, small, width) <= advances().lines(text, style, large, width)


def test_a_grid_too_tall_for_a_page_is_split_into_pieces_that_fit() -> None:
    """A row of 1,400 words: every piece at the common size fits the page, and no text is lost."""
    long = " ".join(WORDS[:8] * 175)
    grid = Grid((60.0, 40.0), (Row((Cell((Para(((long, ""),)),)), Cell((Para((("short", "B"),)),)))),))
    m = Metrics(advances())
    pages = paginate(grid, m, 120.0, lambda t: f"{t} (cont.)")
    assert len(pages) > 3
    assert all(grid.height(m, p.size, p.rows) <= 120.0 for p in pages)
    text = " ".join(q.text for p in pages for r in p.rows for q in r.cells[0].paras)
    assert text.replace(" … … ", " ").split() == long.split()
