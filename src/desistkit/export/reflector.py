"""The CaseReflector deck: the case's reflection on the distancing factors as a PowerPoint deck.

Takes a :class:`~desistkit.sharing.SharedCase`: what the audience may not see is already gone or
withheld. Slides: title with the audience marking; all factors at a glance; one reflection slide per
category (continued where needed) with what is known, assumed and open; goals; working relationship;
progress charts; since the last case conference; blind spots and open questions. Speaker notes carry
the caseworker's reflection prompts. :func:`blank_reflector_pptx` writes the empty CaseReflector for
reflection by hand; :func:`desistkit.importing.read_deck` reads either back.

Every text is measured with the bundled font (:mod:`._fit`) and shrunk within a minimum size; what
still does not fit continues on a continuation slide, so nothing overflows in any language. Shapes
carry stable names (``<factor id>:known``, ``goal:<id>:status``, ...) so that reading a deck back
never depends on positions. Charts are native and editable. The package goes through the common
scrubber: neutral metadata, deterministic bytes (also inside the charts' workbooks), schema-valid.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from os import PathLike
from typing import IO, Any

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.errors import TemplateError
from desistkit.core.model import Case, FactorReflection, Note, Priority, Stance, Valence
from desistkit.core.views import (
    blind_spots,
    knowledge_map,
    open_questions,
    since_last_case_conference,
    state_at,
)
from desistkit.export._facts import case_facts
from desistkit.export._fit import GAP, LINE_HEIGHT, PT, Advances, Block, advances
from desistkit.export._ooxml import scrub
from desistkit.formats import deck as contract
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = [
    "DEFAULT_LAYOUTS",
    "STANCE_SYMBOLS",
    "VALENCE_SYMBOLS",
    "TemplateError",
    "blank_reflector_pptx",
    "reflector_pptx",
]

Template = str | PathLike[str] | IO[bytes] | None
RGB = tuple[int, int, int]

#: Layouts the deck uses, by role, and their names in the packaged default (PowerPoint's own names).
DEFAULT_LAYOUTS: Mapping[str, str] = {"title": "Title Slide", "content": "Title Only"}
FAMILY = "DejaVu Sans"  # the bundled font the text is measured with

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
_PRIORITY_SYMBOLS = {Priority.HIGH: "★", Priority.MEDIUM: "☆"}
_VALENCE_FILL: Mapping[Valence, RGB] = {
    Valence.RESOURCE: (214, 236, 218),
    Valence.CHALLENGE: (246, 220, 208),
    Valence.AMBIVALENT: (248, 236, 196),
    Valence.UNCLEAR: (232, 232, 232),
}
INK: RGB = (33, 33, 33)
MUTED: RGB = (95, 95, 95)
WHITE: RGB = (255, 255, 255)
LINE: RGB = (200, 200, 200)
_SERIES = ((150, 150, 150), (46, 125, 140), (214, 160, 50))  # first / latest / third series

LARGEST, SMALLEST = 12.0, 9.0  # body sizes in points: shrink no further than 9 pt on a slide
TITLE_LARGEST, TITLE_SMALLEST = 28.0, 12.0
INSET = 1.6  # mm inside each box
CELL_GAP = 0.8  # mm between boxes


# --- text and boxes ---------------------------------------------------------------------------


@attrs.frozen
class _Para:
    """A paragraph: runs of (text, style) with one size (relative to the body) and colour."""

    runs: tuple[tuple[str, str], ...]
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


def _p(text: str, style: str = "", *, scale: float = 1.0, colour: RGB = INK, centre: bool = False) -> _Para:
    return _Para(((text, style),), scale, colour, centre)


@attrs.frozen
class _Cell:
    """A box: paragraphs, a stable shape name, a fill (None: no box drawn), a minimum height (mm)."""

    paras: tuple[_Para, ...] = ()
    name: str | None = None
    fill: RGB | None = None
    border: RGB | None = None
    min_height: float = 0.0
    autofit: bool = False  # blank boxes: let PowerPoint shrink what the caseworker types


@attrs.frozen
class _Row:
    cells: tuple[_Cell, ...]


class _Metrics:
    """Heights of paragraphs at a size, cached: fitting asks the same questions many times."""

    def __init__(self, measure: Advances) -> None:
        self.measure = measure
        self._heights: dict[tuple[str, str, float, float], float] = {}
        self._words: dict[tuple[str, str, float], float] = {}

    @staticmethod
    def points(para: _Para, size: float) -> float:
        return max(size * para.scale, SMALLEST * min(para.scale, 1.0))

    def para_height(self, para: _Para, size: float, width: float) -> float:
        block = para.block
        if not block.text.strip():
            return self.points(para, size) * PT * LINE_HEIGHT
        key = (block.text, block.style, self.points(para, size), round(width, 3))
        found = self._heights.get(key)
        if found is None:
            found = self._heights[key] = self.measure.height(block, key[2], width)
        return found

    def widest_word(self, para: _Para, size: float) -> float:
        block = para.block
        key = (block.text, block.style, self.points(para, size))
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = self.measure.widest_word(block, key[2])
        return found

    @staticmethod
    def inner(width: float) -> float:
        """The width text may use in a box ``width`` wide (the grid's gap and insets removed, and 2 %
        kept free: renderers kern and round differently from the metrics measured here)."""
        return (width - CELL_GAP - 2 * INSET) * 0.98

    def cell_height(self, cell: _Cell, width: float, size: float) -> float:
        inner = self.inner(width)
        text = sum(self.para_height(p, size, inner) for p in cell.paras)
        text += size * GAP * PT * max(len(cell.paras) - 1, 0)
        return max(text + 2 * INSET, cell.min_height)

    def words_fit(self, cell: _Cell, width: float, size: float) -> bool:
        return all(self.widest_word(p, size) <= self.inner(width) for p in cell.paras)


def _largest(ok: Callable[[float], bool], largest: float, smallest: float) -> float | None:
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
class _Grid:
    """Rows of boxes in columns (widths in mm), with header rows whose boxes may span columns."""

    widths: tuple[float, ...]
    rows: tuple[_Row, ...]
    headers: tuple[tuple[tuple[_Cell, float], ...], ...] = ()
    stretch: bool = False  # spread the rows over the whole height (blank templates)

    def header_height(self, m: _Metrics, size: float) -> float:
        return sum(max(m.cell_height(c, w, size) for c, w in header) + CELL_GAP for header in self.headers)

    def row_height(self, m: _Metrics, row: _Row, size: float) -> float:
        return max(m.cell_height(c, w, size) for c, w in zip(row.cells, self.widths, strict=True))

    def height(self, m: _Metrics, size: float, rows: Sequence[_Row] | None = None) -> float:
        rows = self.rows if rows is None else rows
        body = sum(self.row_height(m, r, size) + CELL_GAP for r in rows)
        return self.header_height(m, size) + body

    def words_fit(self, m: _Metrics, size: float, rows: Sequence[_Row]) -> bool:
        cells = [(c, w) for r in rows for c, w in zip(r.cells, self.widths, strict=True)]
        cells += [cw for header in self.headers for cw in header]
        return all(m.words_fit(c, w, size) for c, w in cells)


@attrs.frozen
class _Page:
    rows: tuple[_Row, ...]
    size: float


def _paginate(grid: _Grid, m: _Metrics, available: float, continued: Callable[[str], str]) -> list[_Page]:
    """Split the rows over as few pages as the smallest size allows; one common size for all pages.

    A row too tall for a whole page is itself split (its paragraphs, and a paragraph at word
    boundaries, marked with an ellipsis), its first box naming what continues.
    """

    def fits(rows: Sequence[_Row]) -> Callable[[float], bool]:
        return lambda size: grid.height(m, size, rows) <= available

    whole = _largest(fits(grid.rows), LARGEST, SMALLEST)
    if whole is not None:
        pages = [list(grid.rows)]
    else:
        room = available - grid.header_height(m, SMALLEST)
        pages, used = [], 0.0
        current: list[_Row] = []
        for row in grid.rows:
            for piece in _split_row(grid, m, row, room - CELL_GAP, continued):
                h = grid.row_height(m, piece, SMALLEST) + CELL_GAP
                if current and used + h > room:
                    pages.append(current)
                    current, used = [], 0.0
                current.append(piece)
                used += h
        pages.append(current)
    size = min(_largest(fits(page), LARGEST, SMALLEST) or SMALLEST for page in pages)
    # Never break a word inside a box: shrink further for width if needed (down to the minimum).
    size = min(
        size, _largest(lambda s: all(grid.words_fit(m, s, p) for p in pages), size, SMALLEST) or SMALLEST
    )
    return [_Page(tuple(p), size) for p in pages]


def _split_row(
    grid: _Grid, m: _Metrics, row: _Row, room: float, continued: Callable[[str], str]
) -> list[_Row]:
    if grid.row_height(m, row, SMALLEST) <= room:
        return [row]
    columns: list[list[tuple[_Para, ...]]] = []
    for cell, width in zip(row.cells, grid.widths, strict=True):
        columns.append(_split_paras(m, cell.paras, width, room))
    count = max(len(c) for c in columns)
    pieces = []
    for k in range(count):
        cells = []
        for cell, chunks in zip(row.cells, columns, strict=True):
            if len(chunks) == 1 and k > 0 and cell is row.cells[0]:
                paras = tuple(
                    _Para(((continued(p.text), p.runs[0][1]),), p.scale, p.colour) if i == 0 else p
                    for i, p in enumerate(chunks[0])
                )
            else:
                paras = chunks[k] if k < len(chunks) else ()
            name = cell.name if k == 0 or cell.name is None else contract.continued(cell.name, k + 1)
            cells.append(attrs.evolve(cell, paras=paras, name=name))
        pieces.append(_Row(tuple(cells)))
    return pieces


def _split_paras(m: _Metrics, paras: Sequence[_Para], width: float, room: float) -> list[tuple[_Para, ...]]:
    """Paragraphs in chunks that each fit ``room`` at the smallest size; long ones split by words."""
    cell = _Cell(paras=tuple(paras))
    if m.cell_height(cell, width, SMALLEST) <= room:
        return [tuple(paras)]
    chunks: list[tuple[_Para, ...]] = []
    current: list[_Para] = []
    queue = list(paras)
    while queue:
        para = queue.pop(0)
        trial = _Cell(paras=(*current, para))
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


def _split_para(m: _Metrics, para: _Para, width: float, room: float) -> tuple[_Para, _Para]:
    """The longest head of a paragraph that fits and the rest: cut between words (marked " …" and
    "… "), or, when not even one word fits, between characters (marked "…" and "…" without spaces,
    so that reading the deck back joins the word again)."""
    text, style = para.text, para.runs[0][1]

    def fits(head: str) -> bool:
        return m.cell_height(_Cell(paras=(_Para(((head, style),), para.scale),)), width, SMALLEST) <= room

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
    return _Para(((head, style),), para.scale, para.colour), _Para(((tail, style),), para.scale, para.colour)


# --- the deck ---------------------------------------------------------------------------------


@attrs.frozen
class _Region:
    left: float
    top: float
    width: float
    height: float


class _Deck:
    """A python-pptx presentation with the helpers every slide needs (all positions in mm)."""

    def __init__(
        self, loc: Localizer, template: Template, layouts: Mapping[str, str] | None, title: str
    ) -> None:
        from pptx import Presentation
        from pptx.util import Mm

        self.loc, self.tag, self.doc_title = loc, loc.tag, title
        self.Mm = Mm
        self._default = template is None
        try:
            source = str(template) if isinstance(template, PathLike) else template
            self.prs = Presentation(io.BytesIO(_default_template()) if template is None else source)
        except Exception as exc:  # python-pptx raises several kinds for a file that is no deck
            raise TemplateError(
                f"template: not a readable PowerPoint (.pptx) file ({type(exc).__name__})"
            ) from exc
        if template is not None:
            self._drop_slides()
        names = {**DEFAULT_LAYOUTS, **(layouts or {})}
        available = [layout.name for layout in self.prs.slide_layouts]
        self.layouts = {}
        for role, name in names.items():
            found: list[Any] = [layout for layout in self.prs.slide_layouts if layout.name == name]
            if not found:
                raise TemplateError(
                    f"template: the {role} layout {name!r} is missing (it has: {', '.join(available)})"
                )
            if not any(
                ph.placeholder_format.type is not None and _is_title(ph) for ph in found[0].placeholders
            ):
                raise TemplateError(f"template: the layout {name!r} has no title placeholder")
            if role == "title" and _subtitle(found[0]) is None:
                raise TemplateError(
                    f"template: the title layout {name!r} has no subtitle placeholder "
                    "(the audience marking, period and export date go there)"
                )
            self.layouts[role] = found[0]
        self.width = int(self.prs.slide_width or 0) / 36000
        self.height = int(self.prs.slide_height or 0) / 36000
        self.margin = max(self.width * 0.03, 6.0)
        self.m = _Metrics(advances())
        self._ids: dict[str, int] = {}  # next free shape id, per slide part

    def _drop_slides(self) -> None:
        """An organisation's template may come with sample slides: the deck starts empty."""
        ids = self.prs.slides._sldIdLst
        for sld_id in list(ids):
            self.prs.part.drop_rel(sld_id.rId)
            ids.remove(sld_id)

    # --- slides -----------------------------------------------------------------------------

    def slide(self, role: str, title: str, notes: Sequence[str] = ()) -> tuple[Any, _Region]:
        """A new slide with its title set and fitted; the region below the title for content."""
        slide = self.prs.slides.add_slide(self.layouts[role])
        title_shape = next(ph for ph in slide.placeholders if _is_title(ph))
        if role == "content" and self._is_default:
            title_shape.left, title_shape.top = self.Mm(self.margin), self.Mm(7)
            title_shape.width, title_shape.height = self.Mm(self.width - 2 * self.margin), self.Mm(18)
        box = (title_shape.width / 36000, title_shape.height / 36000)
        para = _p(title, "B")
        size = _largest(
            lambda s: (
                self.m.cell_height(_Cell((para,)), box[0], s) - 2 * INSET <= box[1]
                and self.m.words_fit(_Cell((para,)), box[0], s)
            ),
            TITLE_LARGEST,
            TITLE_SMALLEST,
        )
        frame = title_shape.text_frame
        frame.word_wrap = True
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = self.Mm(INSET)
        self._fill_frame(frame, (para,), size or TITLE_SMALLEST, family=self._is_default)
        if notes:
            self.notes(slide, notes)
        top = (title_shape.top + title_shape.height) / 36000 + 3
        region = _Region(
            self.margin, top, self.width - 2 * self.margin, self.height - top - self.margin * 0.8
        )
        return slide, region

    @property
    def _is_default(self) -> bool:
        return self._default

    def notes(self, slide: Any, lines: Sequence[str]) -> None:
        frame = slide.notes_slide.notes_text_frame
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font._rPr.set("lang", self.tag)

    def box(
        self, slide: Any, cell: _Cell, left: float, top: float, width: float, height: float, size: float
    ) -> Any:
        """A text box, written as XML directly: a deck has hundreds, and python-pptx's property
        setters (each searching the tree) cost more than the rest of the deck together."""
        from lxml import etree

        tree = slide.shapes._spTree
        part = str(slide.part.partname)
        shape_id = self._ids.get(part)
        if shape_id is None:
            shape_id = slide.shapes._next_shape_id
        self._ids[part] = shape_id + 1
        sp = etree.SubElement(tree, f"{_PNS}sp")
        nv = etree.SubElement(sp, f"{_PNS}nvSpPr")
        etree.SubElement(nv, f"{_PNS}cNvPr", id=str(shape_id), name=cell.name or f"TextBox {shape_id}")
        etree.SubElement(nv, f"{_PNS}cNvSpPr", txBox="1")
        etree.SubElement(nv, f"{_PNS}nvPr")
        sp_pr = etree.SubElement(sp, f"{_PNS}spPr")
        xfrm = etree.SubElement(sp_pr, f"{_ANS}xfrm")
        etree.SubElement(xfrm, f"{_ANS}off", x=str(_emu(left)), y=str(_emu(top)))
        etree.SubElement(xfrm, f"{_ANS}ext", cx=str(_emu(width)), cy=str(_emu(height)))
        geometry = etree.SubElement(sp_pr, f"{_ANS}prstGeom", prst="rect")
        etree.SubElement(geometry, f"{_ANS}avLst")
        if cell.fill is not None:
            _solid(etree.SubElement(sp_pr, f"{_ANS}solidFill"), cell.fill)
        else:
            etree.SubElement(sp_pr, f"{_ANS}noFill")
        if cell.border is not None:
            line = etree.SubElement(sp_pr, f"{_ANS}ln", w=str(_emu(0.25)))
            _solid(etree.SubElement(line, f"{_ANS}solidFill"), cell.border)
        body = etree.SubElement(sp, f"{_PNS}txBody")
        inset = str(_emu(INSET))
        body_pr = etree.SubElement(
            body, f"{_ANS}bodyPr", wrap="square", lIns=inset, tIns=inset, rIns=inset, bIns=inset, anchor="t"
        )
        etree.SubElement(body_pr, f"{_ANS}normAutofit" if cell.autofit else f"{_ANS}noAutofit")
        etree.SubElement(body, f"{_ANS}lstStyle")
        for paragraph in self._paragraphs(cell.paras, size, family=True):
            body.append(paragraph)
        return sp

    def _paragraphs(self, paras: Sequence[_Para], size: float, *, family: bool) -> list[Any]:
        """``a:p`` elements for the paragraphs: sizes, styles, colours and the language on every run."""
        from lxml import etree

        if not paras:
            p = etree.Element(f"{_ANS}p")
            etree.SubElement(p, f"{_ANS}endParaRPr", lang=self.tag, sz=str(round(size * 100)))
            return [p]
        out = []
        for i, para in enumerate(paras):
            p = etree.Element(f"{_ANS}p")
            ppr = etree.SubElement(p, f"{_ANS}pPr", algn="ctr" if para.centre else "l")
            if i < len(paras) - 1:
                after = etree.SubElement(ppr, f"{_ANS}spcAft")
                etree.SubElement(after, f"{_ANS}spcPts", val=str(round(size * GAP * 100)))
            points = str(round(_Metrics.points(para, size) * 100))
            for text, style in para.runs:
                r = etree.SubElement(p, f"{_ANS}r")
                rpr = etree.SubElement(
                    r, f"{_ANS}rPr", lang=self.tag, sz=points, b="1" if "B" in style else "0",
                    i="1" if "I" in style else "0",
                )  # fmt: skip
                _solid(etree.SubElement(rpr, f"{_ANS}solidFill"), para.colour)
                if family:
                    etree.SubElement(rpr, f"{_ANS}latin", typeface=FAMILY)
                etree.SubElement(r, f"{_ANS}t").text = _clean(text)
            out.append(p)
        return out

    def _fill_frame(self, frame: Any, paras: Sequence[_Para], size: float, *, family: bool = True) -> None:
        body = frame._txBody
        for p in body.findall(f"{_ANS}p"):
            body.remove(p)
        for p in self._paragraphs(paras, size, family=family):
            body.append(p)

    def grid(
        self,
        title: str,
        grid: _Grid,
        *,
        notes: Sequence[str] = (),
        region: Callable[[_Region], _Region] = lambda r: r,
        first: tuple[Any, _Region] | None = None,
    ) -> list[Any]:
        """The grid on as many slides as it needs; continuation slides say so in their title."""
        probe = self.slide_region()
        area = region(probe)
        grid = _scale(grid, area.width)
        pages = _paginate(
            grid, self.m, area.height, lambda text: self.loc.text("document.continued", title=text)
        )
        slides = []
        for n, page in enumerate(pages):
            if n == 0 and first is not None:
                slide, full = first
            else:
                heading = title if n == 0 else self.loc.text("document.continued", title=title)
                slide, full = self.slide("content", heading, notes)
            self.place(slide, grid, page, region(full) if n == 0 else full)
            slides.append(slide)
        return slides

    def slide_region(self) -> _Region:
        top = (7 + 18 + 3) if self._is_default else self._title_bottom() + 3
        return _Region(self.margin, top, self.width - 2 * self.margin, self.height - top - self.margin * 0.8)

    def _title_bottom(self) -> float:
        layout: Any = self.layouts["content"]
        ph: Any = next(p for p in layout.placeholders if _is_title(p))
        return float((ph.top + ph.height) / 36000)

    def place(self, slide: Any, grid: _Grid, page: _Page, area: _Region) -> None:
        m, size = self.m, page.size
        y = area.top
        scale = area.width / sum(grid.widths)
        for header in grid.headers:
            h = max(m.cell_height(c, w, size) for c, w in header)
            x = area.left
            for cell, w in header:
                self.box(slide, cell, x, y, w * scale - CELL_GAP, h, size)
                x += w * scale
            y += h + CELL_GAP
        heights = [grid.row_height(m, row, size) for row in page.rows]
        if grid.stretch and heights:
            spare = area.top + area.height - y - sum(h + CELL_GAP for h in heights)
            heights = [h + max(spare, 0) / len(heights) for h in heights]
        for row, h in zip(page.rows, heights, strict=True):
            x = area.left
            for cell, w in zip(row.cells, grid.widths, strict=True):
                if cell.paras or cell.fill is not None or cell.border is not None or cell.name:
                    self.box(slide, cell, x, y, w * scale - CELL_GAP, h, size)
                x += w * scale
            y += h + CELL_GAP

    def save(self) -> bytes:
        out = io.BytesIO()
        self.prs.save(out)
        return scrub(out.getvalue(), title=self.doc_title, language=self.tag)


@functools.cache
def _default_template() -> bytes:
    """python-pptx's default is 4:3; the packaged default is 16:9, its master and layouts widened.
    Made once per process: opening it is cheaper than widening every layout for every deck."""
    from pptx import Presentation
    from pptx.util import Mm

    prs = Presentation()
    old = prs.slide_width or 1
    prs.slide_width, prs.slide_height = Mm(338.667), Mm(190.5)
    factor = prs.slide_width / old
    for holder in (prs.slide_master, *prs.slide_layouts):
        for shape in holder.shapes:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = int(shape.left * factor), int(shape.width * factor)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _scale(grid: _Grid, width: float) -> _Grid:
    """The grid with its column widths (relative) turned into millimetres for a region's width."""
    factor = width / sum(grid.widths)
    return attrs.evolve(
        grid,
        widths=tuple(w * factor for w in grid.widths),
        headers=tuple(tuple((c, w * factor) for c, w in header) for header in grid.headers),
    )


def _is_title(placeholder: Any) -> bool:
    from pptx.enum.shapes import PP_PLACEHOLDER

    return placeholder.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


_PNS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_ANS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = dict.fromkeys([*range(9), *range(10, 32), 0x7F, 0xFFFE, 0xFFFF], " ")


def _emu(mm: float) -> int:
    return round(mm * 36000)


def _solid(fill: Any, colour: RGB) -> None:
    from lxml import etree

    etree.SubElement(fill, f"{_ANS}srgbClr", val="{:02X}{:02X}{:02X}".format(*colour))


def _clean(text: str) -> str:
    """Text as a box can hold it: line breaks and control characters (not allowed in XML) as spaces,
    lone surrogates (not text at all) as the replacement character."""
    return _SURROGATE.sub("\ufffd", text.translate(_CONTROL))


def _rgb(colour: RGB) -> Any:
    from pptx.dml.color import RGBColor

    factory: Any = RGBColor
    return factory(*colour)


def _chart_data() -> Any:
    from pptx.chart.data import CategoryChartData

    factory: Any = CategoryChartData
    return factory(number_format="0")


def _hex(colour: str) -> RGB:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _tint(colour: RGB, amount: float) -> RGB:
    r, g, b = (round(c + (255 - c) * amount) for c in colour)
    return (r, g, b)


# --- the slides -------------------------------------------------------------------------------


def reflector_pptx(
    shared: SharedCase,
    localizer: Localizer,
    *,
    template: Template = None,
    layouts: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
    out: IO[bytes] | None = None,
) -> bytes:
    """The CaseReflector deck of a shared case as .pptx bytes (also written to ``out`` if given).

    ``template`` is an organisation's .pptx (path or binary stream); its sample slides are dropped
    and the layouts named in ``layouts`` (roles ``title`` and ``content``, defaults
    :data:`DEFAULT_LAYOUTS`) are used. A missing layout raises :class:`TemplateError` naming it.
    """
    shared = require_shared(shared).localized(localizer)
    loc, case = localizer, shared.case
    cat = loc.catalogue(catalogue or default_catalogue())
    deck = _Deck(loc, template, layouts, loc.text("product.case_reflector"))
    prompts = _prompts(loc)
    state = state_at(case)

    _title_slide(deck, shared, case)
    _overview(deck, cat, state, prompts)
    for category in cat.categories:
        _reflection(deck, cat, category.id, state, shared, prompts)
    _goals(deck, shared, cat)
    _relationship(deck, shared)
    _progress(deck, shared, cat)
    _since(deck, shared, cat)
    _blind_spots(deck, shared, cat, prompts)
    data = deck.save()
    if out is not None:
        out.write(data)
    return data


def blank_reflector_pptx(
    localizer: Localizer,
    *,
    template: Template = None,
    layouts: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
    goals: int = 5,
    out: IO[bytes] | None = None,
) -> bytes:
    """An empty CaseReflector for reflection by hand: the factor table and stance columns ready to fill.

    Boxes carry the same names as in a generated deck, so a filled deck can be read back with
    :func:`desistkit.importing.read_deck`.
    """
    loc = localizer
    cat = loc.catalogue(catalogue or default_catalogue())
    deck = _Deck(loc, template, layouts, loc.text("product.case_reflector"))
    prompts = _prompts(loc)
    slide, _ = deck.slide("title", loc.text("reflector.title"), prompts)
    subtitle = _subtitle(slide)
    lines = [_p(loc.text("reflector.blank_subtitle"), "B")]
    _fit_into(deck, subtitle, lines)
    _title_fields(deck, slide, "", "")
    for category in cat.categories:
        _reflection(deck, cat, category.id, {}, None, prompts, blank=True)
    header, widths = _goal_header(loc)
    rows = tuple(
        _Row(
            tuple(
                _Cell(
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
    deck.grid(loc.text("reflector.goals_title"), _Grid(widths, rows, (header,), stretch=True), notes=prompts)
    data = deck.save()
    if out is not None:
        out.write(data)
    return data


def _prompts(loc: Localizer) -> list[str]:
    """The caseworker's reflection prompts, for the speaker notes."""
    return [
        loc.text(f"reflector.prompts.{k}")
        for k in ("knowing", "projecting", "client_view", "resources", "next_time")
    ]


def _subtitle(slide: Any) -> Any:
    from pptx.enum.shapes import PP_PLACEHOLDER

    for ph in slide.placeholders:
        if ph.placeholder_format.type in (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY):
            return ph
    return None


def _fit_into(deck: _Deck, shape: Any, paras: Sequence[_Para]) -> None:
    if shape is None:
        return
    width, height = shape.width / 36000, shape.height / 36000
    cell = _Cell(tuple(paras))
    size = _largest(
        lambda s: deck.m.cell_height(cell, width, s) <= height and deck.m.words_fit(cell, width, s),
        20.0,
        SMALLEST,
    )
    frame = shape.text_frame
    frame.word_wrap = True
    inset = deck.Mm(INSET)
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = inset
    deck._fill_frame(frame, paras, size or SMALLEST)


def _fits(m: _Metrics, cell: _Cell, width: float, height: float, size: float) -> bool:
    return m.cell_height(cell, width, size) <= height and m.words_fit(cell, width, size)


def _title_fields(deck: _Deck, slide: Any, reference: str, date: str) -> None:
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
            (_Cell((_p(label, "B", colour=MUTED),)), x, width * 0.75),
            (_Cell((_p(value),), name=name, border=LINE, autofit=not value), x + width * 0.75, width),
        ):
            size = _largest(partial(_fits, deck.m, cell, box_width, 10.0), 10.0, 6.0)
            deck.box(slide, cell, left, y, box_width, 10, size or 6.0)


def _title_slide(deck: _Deck, shared: SharedCase, case: Case) -> None:
    loc = deck.loc
    slide, _ = deck.slide(
        "title", f"{loc.text('reflector.title')}: {loc.text('document.case', reference=case.reference)}"
    )
    sessions = case.chronological
    lines = [_p(loc.text("reflector.subtitle")), _p(loc.audience(shared.audience, marking=True), "B")]
    lines += [_p(f, scale=0.85, colour=MUTED) for f in case_facts(shared, loc)]
    _fit_into(deck, _subtitle(slide), lines)
    latest = shared.date_label(sessions[-1].date, loc) if sessions else ""
    if shared.dates == "day" and sessions:
        latest = sessions[-1].date.isoformat()
    _title_fields(deck, slide, case.reference, latest)


def _stances(r: FactorReflection | None) -> str:
    if r is None or not r.stances:
        return STANCE_SYMBOLS[None]
    return "\u00a0".join(STANCE_SYMBOLS[s] for s in Stance if s in r.stances)  # kept on one line


def _overview(deck: _Deck, cat: Catalogue, state: Mapping[str, Any], prompts: Sequence[str]) -> None:
    loc = deck.loc
    title = loc.text("reflector.overview_title")
    legend = _legend(loc)
    columns: list[tuple[str, _Grid]] = []
    for category in cat.categories:
        colour = _hex(category.colour)
        rows = []
        for factor in cat.factors_in(category.id):
            r = state[factor.id].reflection if factor.id in state else None
            valence = r.valence if r is not None else Valence.UNCLEAR
            marks = _priority_mark(r)
            rows.append(
                _Row(
                    (
                        _Cell(
                            (_p(factor.name),),
                            name=contract.overview_box(factor.id),
                            fill=_tint(colour, 0.88),
                        ),
                        _Cell((_p(_stances(r), scale=0.8, centre=True),), fill=_tint(colour, 0.88)),
                        _Cell(
                            (
                                _p(
                                    VALENCE_SYMBOLS[valence] if r is not None else "",
                                    "B",
                                    scale=0.9,
                                    centre=True,
                                ),
                            ),
                            fill=_VALENCE_FILL[valence] if r is not None else _tint(colour, 0.88),
                        ),
                        _Cell((_p(marks, scale=0.9, centre=True),), fill=_tint(colour, 0.88)),
                    )
                )
            )
        band = _Cell(
            (_p(category.name, "B", colour=WHITE),), name=contract.category_band(category.id), fill=colour
        )
        columns.append((category.name, _Grid((0.0, 15.0, 7.3, 7.3), tuple(rows), (((band, 0.0),),))))
    probe = deck.slide_region()
    legend_height = deck.m.cell_height(legend, probe.width, 10.0) + CELL_GAP
    area_h = probe.height - legend_height

    def continued(text: str) -> str:
        return loc.text("document.continued", title=text)

    def arrange(across: int, down: int) -> tuple[float, float, list[tuple[_Grid, _Page]]]:
        """Categories as blocks, ``across`` x ``down`` per slide; a long category continues in the
        next block. Gives the block size and the blocks with their rows."""
        width = (probe.width - CELL_GAP * 2 * (across - 1)) / across
        height = (area_h - CELL_GAP * 2 * (down - 1)) / down
        chunks: list[tuple[_Grid, _Page]] = []
        for name, grid in columns:
            fixed = sum(grid.widths[1:])
            sized = attrs.evolve(
                grid, widths=(width - fixed, *grid.widths[1:]), headers=(((grid.headers[0][0][0], width),),)
            )
            band = sized.headers[0][0][0]
            cont = attrs.evolve(band, paras=(_p(continued(name), "B", colour=WHITE),), name=None)
            later = attrs.evolve(sized, headers=(((cont, width),),))  # measured with the longer band
            for k, page in enumerate(_paginate(later, deck.m, height, continued)):
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
            area = _Region(
                region.left + col * (width + 2 * CELL_GAP),
                region.top + row * (height + 2 * CELL_GAP),
                width,
                height,
            )
            deck.place(slide, grid, attrs.evolve(page, size=-neg_size), area)
        deck.box(
            slide,
            legend,
            region.left,
            region.top + region.height - legend_height + CELL_GAP,
            region.width,
            legend_height - CELL_GAP,
            10.0,
        )


def _priority_mark(r: FactorReflection | None) -> str:
    """★ when the client or the caseworker gives the factor high priority, ☆ for medium."""
    given = {r.client_priority, r.caseworker_priority} if r is not None else set()
    for priority in (Priority.HIGH, Priority.MEDIUM):
        if priority in given:
            return _PRIORITY_SYMBOLS[priority]
    return ""


def _name_share(deck: _Deck, names: Sequence[str], total: float, low: float, high: float) -> float:
    """The share of ``total`` (mm) a name column needs so that its longest word fits at 10 pt bold,
    between ``low`` and ``high``: long compound words (German, Finnish, Hungarian) are never broken."""
    widest = max((deck.m.widest_word(_p(n, "B"), 10.0) for n in names), default=0.0)
    needed = widest / 0.98 + 2 * INSET + CELL_GAP + 0.5
    return min(max(needed / total, low), high)


def _legend(loc: Localizer) -> _Cell:
    stances = "   ".join(f"{STANCE_SYMBOLS[s]} {loc.enum(s)}" for s in Stance)
    stances += f"   {STANCE_SYMBOLS[None]} {loc.text('stance.not_addressed.name')}"
    valences = "   ".join(f"{VALENCE_SYMBOLS[v]} {loc.enum(v)}" for v in Valence)
    marker = loc.text("reflector.priority_marker")
    priorities = f"★ {marker}: {loc.enum(Priority.HIGH)}   ☆ {marker}: {loc.enum(Priority.MEDIUM)}"
    text = f"{loc.text('document.legend')}:   {stances}   |   {valences}   |   {priorities}"
    return _Cell((_p(text, scale=0.8, colour=MUTED),), name="legend")


def _note_paras(loc: Localizer, shared: SharedCase | None, notes: Sequence[Note]) -> tuple[_Para, ...]:
    """One paragraph per visible note with its perspective; withheld notes as one count at the end."""
    paras = []
    withheld = 0
    for note in notes:
        if shared is not None and shared.is_withheld(note.text):
            withheld += 1
            continue
        paras.append(_Para(((note.text, ""), (f" ({loc.enum(note.perspective)})", "I")), colour=INK))
    if withheld:
        paras.append(_p(loc.plural("plural.notes_withheld", withheld), "I", scale=0.85, colour=MUTED))
    return tuple(paras)


def _reflection(
    deck: _Deck,
    cat: Catalogue,
    category_id: str,
    state: Mapping[str, Any],
    shared: SharedCase | None,
    prompts: Sequence[str],
    *,
    blank: bool = False,
) -> None:
    loc = deck.loc
    category = cat.category(category_id)
    colour = _hex(category.colour)
    header = (
        (_Cell((_p(loc.text("document.factor"), "B", colour=WHITE),), fill=colour), 15.0),
        *(
            (
                _Cell(
                    (
                        _p(loc.text(f"stance.{s.value}.heading"), "B", colour=WHITE),
                        *(
                            (_p(loc.text(f"stance.{s.value}.hint"), "I", scale=0.8, colour=WHITE),)
                            if s is not Stance.KNOWN
                            else ()
                        ),
                    ),
                    name=contract.stance_heading(s),
                    fill=colour,
                ),
                24.0,
            )
            for s in Stance
        ),
        (
            _Cell(
                (
                    _p(
                        f"{loc.text('document.valence')} · {loc.text('document.rating')}",
                        "B",
                        scale=0.85,
                        colour=WHITE,
                    ),
                ),
                fill=colour,
            ),
            13.0,
        ),
    )
    rows = []
    factors = cat.factors_in(category_id)
    for factor in factors:
        r = state[factor.id].reflection if factor.id in state else None
        name = [_p(factor.name, "B")]
        if r is not None:
            marks = [
                f"{_PRIORITY_SYMBOLS.get(p, '')} {loc.text(f'priority.{who}')}: {loc.enum(p)}".strip()
                for who, p in (("client", r.client_priority), ("caseworker", r.caseworker_priority))
                if p is not None
            ]
            name += [_p(mark, scale=0.8, colour=MUTED) for mark in marks]
            extra = [
                (loc.text("document.gender_lens"), r.gender_lens),
                (loc.text("document.discrimination"), r.discrimination),
            ]
            for label, notes in extra:
                visible = [n for n in notes if shared is None or not shared.is_withheld(n.text)]
                if visible:
                    name.append(
                        _p(f"{label}: " + "; ".join(n.text for n in visible), "I", scale=0.8, colour=MUTED)
                    )
        fill = _tint(colour, 0.88)
        cells = [_Cell(tuple(name), name=contract.factor_box(factor.id, contract.FACTOR_NAME), fill=fill)]
        for stance in Stance:
            paras = _note_paras(loc, shared, r.notes(stance)) if r is not None else ()
            cells.append(
                _Cell(
                    paras,
                    name=contract.factor_box(factor.id, stance.value),
                    border=LINE,
                    min_height=16.0 if blank else 0.0,
                    autofit=blank,
                )
            )
        if r is not None:
            rating = (
                f"{loc.format_number(r.rating)} / 4"
                if r.rating is not None
                else loc.text("document.not_rated")
            )
            assessment: tuple[_Para, ...] = (_p(loc.enum(r.valence), "B"), _p(rating))
            afill: RGB | None = _VALENCE_FILL[r.valence]
        else:
            assessment, afill = (
                ((_p(loc.text("stance.not_addressed.name"), "I", colour=MUTED),) if not blank else ()),
                None,
            )
        cells.append(
            _Cell(
                assessment,
                name=contract.factor_box(factor.id, contract.ASSESSMENT),
                fill=afill,
                border=LINE,
                autofit=blank,
            )
        )
        rows.append(_Row(tuple(cells)))
    total = deck.slide_region().width
    first = _name_share(deck, [f.name for f in factors] + [loc.text("document.factor")], total, 0.13, 0.22)
    each = (1.0 - first - 0.13) / 3
    widths = (first, each, each, each, 0.13)
    header = tuple((cell, w) for (cell, _), w in zip(header, widths, strict=True))
    grid = _Grid(widths, tuple(rows), (header,), stretch=blank)
    deck.grid(loc.text("reflector.reflection_title", category=category.name), grid, notes=prompts)


def _goal_header(loc: Localizer) -> tuple[tuple[tuple[_Cell, float], ...], tuple[float, ...]]:
    widths = (38.0, 22.0, 13.0, 13.0, 14.0)
    keys = (
        "document.goal",
        "document.linked_factors",
        "document.agreement",
        "document.status",
        "document.review_date",
    )
    header = tuple(
        (_Cell((_p(loc.text(k), "B", colour=WHITE),), fill=(46, 125, 140)), w)
        for k, w in zip(keys, widths, strict=True)
    )
    return header, widths


def _goals(deck: _Deck, shared: SharedCase, cat: Catalogue) -> None:
    loc, case = deck.loc, shared.case
    header, widths = _goal_header(loc)
    rows = []
    for goal in case.goals:
        wording = loc.text("document.withheld") if shared.is_withheld(goal.wording) else goal.wording
        linked = ", ".join(cat.factor(f).name for f in goal.factors if f in cat) or "–"
        review = "–"
        if goal.review_date is not None:  # a full date as ISO 8601: unambiguous, and read back on import
            review = (
                goal.review_date.isoformat()
                if shared.date_precision("goal.dates") == "day"
                else shared.date_label(goal.review_date, loc, "goal.dates")
            )
        values = (
            ("wording", wording),
            ("factors", linked),
            ("agreement", loc.enum(goal.agreement)),
            ("status", loc.enum(goal.status)),
            ("review", review),
        )
        rows.append(
            _Row(tuple(_Cell((_p(v),), name=contract.goal_box(goal.id, k), border=LINE) for k, v in values))
        )
    if not rows:
        rows.append(_Row((_Cell((_p(loc.text("document.none"), "I"),)), *(_Cell() for _ in widths[1:]))))
    deck.grid(loc.text("reflector.goals_title"), _Grid(widths, tuple(rows), (header,)))


def _relationship(deck: _Deck, shared: SharedCase) -> None:
    from pptx.enum.chart import XL_CHART_TYPE

    loc, case = deck.loc, shared.case
    title = loc.text("reflector.relationship_title")
    sessions = [s for s in case.chronological if s.working_relationship is not None]
    rows = []
    for s in sessions:
        wr = s.working_relationship
        assert wr is not None
        paras = [_p(f"{shared.date_label(s.date, loc)} ({loc.enum(s.kind)}): {wr.rating} / 4", "B")]
        if wr.note is not None:
            paras += _note_paras(loc, shared, [wr.note])
        rows.append(_Row((_Cell(tuple(paras), name=contract.relationship_box(s.id)),)))
    rows.append(
        _Row((_Cell((_p(loc.text("document.working_relationship_scale"), "I", scale=0.85, colour=MUTED),)),))
    )
    first = deck.slide("content", title)
    slide, region = first
    chart_width = region.width * 0.55
    if sessions:
        data = _chart_data()
        data.categories = [shared.date_label(s.date, loc) for s in sessions]
        data.add_series(
            loc.text("document.working_relationship"),
            [s.working_relationship.rating for s in sessions if s.working_relationship],
        )
        chart = _add_chart(
            deck,
            slide,
            XL_CHART_TYPE.LINE_MARKERS,
            _Region(region.left, region.top, chart_width, region.height),
            data,
            "chart_relationship",
            "chart:relationship",
        )
        chart.has_legend = False
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 4, 1
        chart.plots[0].series[0].format.line.color.rgb = _rgb(_SERIES[1])
        chart.plots[0].series[0].smooth = False
    deck.grid(
        title,
        _Grid((1.0,), tuple(rows)),
        region=lambda r: _Region(r.left + chart_width + 4, r.top, r.width - chart_width - 4, r.height),
        first=first,
    )


def _add_chart(deck: _Deck, slide: Any, kind: Any, area: _Region, data: Any, key: str, name: str) -> Any:
    """A native chart with its title (label ``reflector.<key>``), alt text (``reflector.<key>_alt``),
    the measured font and the language tag on its text."""
    from pptx.util import Pt

    loc = deck.loc
    frame = slide.shapes.add_chart(
        kind, deck.Mm(area.left), deck.Mm(area.top), deck.Mm(area.width), deck.Mm(area.height), data
    )
    chart = frame.chart
    frame.name = name
    title = loc.text(f"reflector.{key}")
    frame._element.nvGraphicFramePr.cNvPr.set("descr", loc.text(f"reflector.{key}_alt"))
    frame._element.nvGraphicFramePr.cNvPr.set("title", title)
    chart.has_title = True
    chart.chart_title.text_frame.text = title
    for paragraph in chart.chart_title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(12)
            run.font.bold = True
            run.font._rPr.set("lang", deck.tag)
    chart.font.size = Pt(9)
    chart.font.name = FAMILY
    chart.font._rPr.set("lang", deck.tag)
    return chart


def _progress(deck: _Deck, shared: SharedCase, cat: Catalogue) -> None:
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION

    loc, case = deck.loc, shared.case
    sessions = case.chronological
    if not sessions:
        return
    first_state = state_at(case, sessions[0].id)
    last_state = state_at(case)
    rated = [
        f
        for f in cat.factors
        if any(f.id in st and st[f.id].reflection.rating is not None for st in (first_state, last_state))
    ]
    slide, region = deck.slide(
        "content", f"{loc.text('reflector.progress_title')}: {loc.text('reflector.chart_ratings')}"
    )
    if 0 < len(rated) < 3:  # too few axes for a radar (and its alt text): the numbers as text
        header = f"{loc.text('reflector.first_session')} → {loc.text('reflector.latest_session')}"
        lines = [_p(header, "B")]
        for f in rated:
            before, after = (
                st[f.id].reflection.rating if f.id in st and st[f.id].reflection.rating is not None else "–"
                for st in (first_state, last_state)
            )
            lines.append(_p(f"{f.name}: {before} → {after}"))
        deck.box(
            slide, _Cell(tuple(lines), name="ratings"), region.left, region.top, region.width, 30, LARGEST
        )
    elif rated:
        data = _chart_data()
        data.categories = [f.name for f in rated]
        for key, st in (("reflector.first_session", first_state), ("reflector.latest_session", last_state)):
            data.add_series(
                loc.text(key), [st[f.id].reflection.rating if f.id in st else None for f in rated]
            )
        chart = _add_chart(
            deck,
            slide,
            XL_CHART_TYPE.RADAR_MARKERS,
            region,
            data,
            "chart_ratings",
            "chart:ratings",
        )
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 4, 1
        for series, colour in zip(chart.plots[0].series, _SERIES[:2], strict=True):
            series.format.line.color.rgb = _rgb(colour)
    else:
        deck.box(
            slide,
            _Cell((_p(loc.text("document.not_rated"), "I"),)),
            region.left,
            region.top,
            region.width,
            12,
            LARGEST,
        )

    slide, region = deck.slide(
        "content", f"{loc.text('reflector.progress_title')}: {loc.text('reflector.chart_stances')}"
    )
    data = _chart_data()
    data.categories = [shared.date_label(s.date, loc) for s in sessions]
    maps = [knowledge_map(case, cat, s.id) for s in sessions]
    for stance in Stance:
        data.add_series(loc.enum(stance), [sum(getattr(k, stance.value) for k in km) for km in maps])
    chart = _add_chart(
        deck,
        slide,
        XL_CHART_TYPE.COLUMN_STACKED,
        region,
        data,
        "chart_stances",
        "chart:stances",
    )
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for series, colour in zip(
        chart.plots[0].series, ((46, 125, 140), (214, 160, 50), (170, 190, 200)), strict=True
    ):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)


def _since(deck: _Deck, shared: SharedCase, cat: Catalogue) -> None:
    loc, case = deck.loc, shared.case
    moved = since_last_case_conference(case, cat)
    rows: list[_Para] = []
    if moved is None:
        rows.append(_p(loc.text("document.no_earlier_conference")))
    else:
        start, end = case.session(moved.from_session).date, case.session(moved.to_session).date
        rows.append(
            _p(
                loc.text(
                    "summary.progress_sentence",
                    start=shared.date_label(start, loc),
                    end=shared.date_label(end, loc),
                    goals_achieved=loc.plural("plural.goals_achieved", len(moved.goals_achieved)),
                    new_resources=loc.plural("plural.new_resources", len(moved.new_resources)),
                ),
                "B",
            )
        )
        lists = (
            ("document.now_known", [cat.factor(i).name for i in moved.now_known if i in cat]),
            ("document.new_resources", [cat.factor(i).name for i in moved.new_resources if i in cat]),
            ("document.lost_resources", [cat.factor(i).name for i in moved.lost_resources if i in cat]),
            (
                "document.rating_changes",
                [
                    f"{cat.factor(c.factor_id).name} {c.before} → {c.after}"
                    for c in moved.rating_changes
                    if c.before is not None and c.after is not None and c.factor_id in cat
                ],
            ),
            (
                "document.goals_reached",
                [
                    loc.text("document.withheld") if shared.is_withheld(g.wording) else g.wording
                    for g in case.goals
                    if g.id in moved.goals_achieved
                ],
            ),
        )
        for key, items in lists:
            if items:
                rows.append(_Para(((f"{loc.text(key)}: ", "B"), (loc.format_list(items), ""))))
    grid = _Grid((1.0,), tuple(_Row((_Cell((p,)),)) for p in rows))
    deck.grid(loc.text("reflector.since_title"), grid)


def _blind_spots(deck: _Deck, shared: SharedCase, cat: Catalogue, prompts: Sequence[str]) -> None:
    loc, case = deck.loc, shared.case
    paras: list[_Para] = [_p(loc.text("document.open_questions"), "B", scale=1.1)]
    questions = [
        q for q in open_questions(case, cat) if not shared.is_withheld(q.note.text) and q.factor_id in cat
    ]
    for q in questions:
        paras.append(_Para(((f"{cat.factor(q.factor_id).name}: ", "B"), (q.note.text, ""))))
    if not questions:
        paras.append(_p(loc.text("document.none"), "I"))
    spots = blind_spots(case, cat)
    if spots:
        paras.append(_p(loc.text("document.blind_spots"), "B", scale=1.1))
        for spot in spots:
            reason = loc.text(f"document.{spot.reason.value}")
            paras.append(_p(f"{cat.factor(spot.factor_id).name} ({reason})"))
    grid = _Grid((1.0,), tuple(_Row((_Cell((p,)),)) for p in paras))
    deck.grid(
        loc.text("reflector.blind_spots_title"),
        grid,
        notes=[loc.text("reflector.prompts.next_time"), *prompts[:1]],
    )
