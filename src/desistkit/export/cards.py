"""DesistCards: one card per factor, a divider per category and an instruction card.

The cards are laid out once (boxes in millimetres, text fitted with real font
metrics) and then written as a print PDF (fpdf2) or an editable PowerPoint deck (python-pptx):

* PDF ``single`` - one card face per page at card size with 3 mm bleed and crop marks, front then
  back, for print shops;
* PDF ``a4-duplex`` - as many cards as fit on an A4 sheet, fronts on one page and the backs on the
  next, mirrored for long-edge flipping so that they line up, with cut marks;
* PPTX - slide size = card size, front and back slides alternating, shapes named after the card.

Text shrinks down to a minimum size to stay inside the card's safe area; a card that cannot fit even
then is an error ([CardFitError][desistkit.export.cards.CardFitError]), never cut off. Cards carry
no case data: a case only chooses which factors' cards to print
([next_factors][desistkit.export.cards.next_factors]).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from desistkit.core.catalogue import Catalogue, Category, Factor
from desistkit.core.errors import CardFitError
from desistkit.export._fit import GAP, LINE_HEIGHT, PT, Block, Fitted, advances, fit
from desistkit.export._fonts import FAMILY, close_fonts, start_pdf
from desistkit.export._hyphen import hyphenate
from desistkit.export._pdfwrap import Wrapper
from desistkit.i18n.localizer import Localizer

__all__ = ["CARD_SIZES", "CardFitError", "CardSize", "cards_pdf", "cards_pptx", "next_factors"]

BLEED = 3.0  # mm of background beyond the trim line
MARKS = 7.0  # mm around the bleed for crop marks (single layout)
A4 = (210.0, 297.0)
WHITE = (255, 255, 255)
BULLET = "•"
RUNNING = 4  # words: a shorter block is a heading or name, not running text to hyphenate
SHRINK = 0.8  # a name is hyphenated only where whole it would be set below 80 % of the size


@attrs.frozen
class CardSize:
    """A card format in millimetres, the margin inside the trim that text keeps, and text sizes."""

    name: str
    width: float
    height: float
    safe: float
    largest: float  # body text, pt
    smallest: float


CARD_SIZES = {
    "a6": CardSize("a6", 105.0, 148.0, 6.0, 13.0, 7.0),
    "poker": CardSize("poker", 63.0, 88.0, 4.0, 9.0, 5.5),
}
"""The card sizes by name: ``a6`` (105×148 mm) and ``poker`` (63×88 mm)."""


# --- the layout: what each face holds, in millimetres from the card's top-left corner -----------


@attrs.frozen
class _Text:
    name: str
    x: float
    y: float
    width: float
    height: float
    blocks: tuple[Block, ...]
    fitted: Fitted
    align: str  # "L" or "C"
    lang: tuple[str, ...]  # language tag of each block


@attrs.frozen
class _Face:
    name: str  # e.g. "family_of_origin:front"
    band: float  # height of the colour band from the top (full bleed)
    colour: tuple[int, int, int]
    symbol: tuple[str, float, float, float] | None  # kind, cx, cy, r
    texts: tuple[_Text, ...]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@attrs.frozen
class _Card:
    kind: str  # "instruction", "divider" or "factor"
    category: Category | None
    factor: Factor | None
    second_category: Category | None
    second_factor: Factor | None
    number: int


def next_factors(case: Any, catalogue: Catalogue) -> tuple[str, ...]:
    """The factors for the next conversation: those with open questions or a priority in the
    latest state of the case (a Case or a SharedCase), in catalogue order."""
    from desistkit.core.views import state_at

    state = state_at(getattr(case, "case", case))
    wanted = {
        fid
        for fid, s in state.items()
        if s.reflection.open or s.reflection.client_priority or s.reflection.caseworker_priority
    }
    return tuple(fid for fid in catalogue.ids if fid in wanted)


def _select(
    first_cat: Catalogue,
    second_cat: Catalogue | None,
    factors: Sequence[str] | None,
    category: str | None,
) -> list[_Card]:
    """The cards to print, from the catalogue already translated (and its second language)."""
    if category is not None:
        first_cat.category(category)  # LookupError naming the unknown category
    wanted = set(factors) if factors is not None else None
    for fid in wanted or ():
        first_cat.factor(fid)  # UnknownFactorError with suggestions
    cards = [_Card("instruction", None, None, None, None, 0)]
    for cat in first_cat.categories:
        if category is not None and cat.id != category:
            continue
        chosen = [f for f in first_cat.factors_in(cat.id) if wanted is None or f.id in wanted]
        if not chosen:
            continue
        second_category = second_cat.category(cat.id) if second_cat else None
        cards.append(_Card("divider", cat, None, second_category, None, 0))
        for f in chosen:
            second_factor = second_cat.factor(f.id) if second_cat else None
            cards.append(
                _Card("factor", cat, f, second_category, second_factor, first_cat.ids.index(f.id) + 1)
            )
    return cards


class _Layout:
    """The cards' boxes and fitted text. With ``hyphens`` (the PDF: fpdf2 breaks at soft hyphens
    and prints the hyphen) long words get soft hyphens by their block's language; the .pptx gets
    none (LibreOffice 7.4 breaks at them without drawing the hyphen; docs/cards.md)."""

    def __init__(
        self, loc: Localizer, second: Localizer | None, size: CardSize, catalogue: Catalogue | None,
        *, hyphens: bool = False,
    ) -> None:  # fmt: skip
        self.loc, self.second, self.size, self.hyphens = loc, second, size, hyphens
        self._source = catalogue
        self._names: frozenset[str] | None = None  # the catalogues' names, in both languages
        self.catalogue = loc.catalogue(catalogue)
        self.measure = Wrapper()  # fpdf2's line breaking, without an fpdf2 dry run per try

    def text(
        self,
        name: str,
        x: float,
        y: float,
        w: float,
        h: float,
        blocks: list[tuple[Block, str]],
        card: _Card,
        align: str = "L",
    ) -> _Text:
        fitted: Fitted | None = None
        for option in self._hyphenations(blocks):
            if fitted is not None and fitted.size >= self.size.largest * SHRINK:
                break  # no later option could be set enough larger to be preferred
            found = fit(
                [b for b, _ in option],
                w,
                h,
                largest=self.size.largest,
                smallest=self.size.smallest,
                measure=self.measure,
            )
            if found is not None and (fitted is None or found.size * SHRINK > fitted.size):
                fitted, blocks = found, option
        if fitted is None:
            what = card.factor.id if card.factor else card.kind
            raise CardFitError(
                f"the {self.loc.language} card {what!r} does not fit {self.size.name} even at "
                f"{self.size.smallest} pt; choose the a6 size"
            )
        return _Text(
            name, x, y, w, h, tuple(b for b, _ in blocks), fitted, align, tuple(t for _, t in blocks)
        )

    def _hyphenations(self, blocks: list[tuple[Block, str]]) -> Iterator[list[tuple[Block, str]]]:
        """The ways to set the blocks, the preferred first; the text takes the first that fits
        unless a later one fits at a size more than 1/SHRINK larger. Every card text is the
        catalogue's, in its block's language. Running text (questions, introductions) gets soft
        hyphens, as print does; a name (Herkunftsfamilie, a list of names) or a short heading rather
        shrinks a little than breaks, and is hyphenated only where whole it would shrink a lot."""
        if not self.hyphens:
            yield blocks
            return
        running = [
            (attrs.evolve(b, text=hyphenate(b.text, tag)), tag) if self._running(b.text) else (b, tag)
            for b, tag in blocks
        ]
        yield running
        everything = [(attrs.evolve(b, text=hyphenate(b.text, tag)), tag) for b, tag in blocks]
        if everything != running:
            yield everything

    def _running(self, text: str) -> bool:
        if self._names is None:
            catalogues = [self.catalogue, *([self.second.catalogue(self._source)] if self.second else [])]
            self._names = frozenset(
                name
                for c in catalogues
                for name in (*(k.name for k in c.categories), *(f.name for f in (*c.factors, *c.hidden)))
            )
        return len(text.split()) >= RUNNING and not all(line in self._names for line in text.split("\n"))

    def faces(self, card: _Card) -> tuple[_Face, _Face]:
        return self.front(card), self.back(card)

    def front(self, card: _Card) -> _Face:
        s, loc, tag = self.size, self.loc, self.loc.tag
        tag2 = self.second.tag if self.second else tag
        inner_w, bottom = s.width - 2 * s.safe, s.height - s.safe
        colour = _rgb(card.category.colour) if card.category else (70, 70, 70)
        if card.kind == "instruction":
            band = s.height * 0.30
            blocks = [
                (Block(loc.text("cards.instruction_title"), "B", 1.25, (40, 40, 40)), tag),
                (Block(loc.text("cards.instruction_text"), "", 1.0, (40, 40, 40)), tag),
            ]
            if self.second:
                blocks += [
                    (Block(self.second.text("cards.instruction_title"), "B", 1.1, (90, 90, 90)), tag2),
                    (Block(self.second.text("cards.instruction_text"), "I", 0.95, (90, 90, 90)), tag2),
                ]
            top = band + s.safe * 0.6
            text = self.text("instruction:front:text", s.safe, top, inner_w, bottom - top, blocks, card)
            return _Face("instruction:front", band, colour, None, (text,))
        assert card.category is not None
        if card.kind == "divider":
            band, r = s.height, min(s.height * 0.3 * 0.28, s.width * 0.12)
            cy = s.height * 0.3 * 0.45
            blocks = [(Block(card.category.name, "B", 1.5, WHITE), tag)]
            if card.second_category:
                blocks.append((Block(card.second_category.name, "I", 1.2, (240, 240, 240)), tag2))
            blocks.append((Block(loc.text("cards.category_intro"), "", 0.9, WHITE), tag))
            listed = "\n".join(f.name for f in self.catalogue.factors_in(card.category.id))
            blocks.append((Block(listed, "", 0.9, WHITE), tag))
            top = cy + r + s.safe * 0.5
            text = self.text(
                f"{card.category.id}:front:text", s.safe, top, inner_w, bottom - top, blocks, card
            )
            return _Face(
                f"{card.category.id}:front", band, colour, (card.category.symbol, s.width / 2, cy, r), (text,)
            )
        assert card.factor is not None
        band = s.height * 0.30
        r = min(band * 0.28, s.width * 0.12)
        label_h = s.smallest * PT * LINE_HEIGHT
        label = self.text(
            f"{card.factor.id}:front:category",
            s.safe,
            s.safe,
            inner_w,
            label_h + 0.2,
            [(Block(card.category.name, "", s.smallest / s.largest, WHITE), tag)],
            card,
        )
        names = [(Block(card.factor.name, "B", 1.9, (30, 30, 30)), tag)]
        if card.second_factor:
            names.append((Block(card.second_factor.name, "I", 1.4, (90, 90, 90)), tag2))
        number_top = bottom - label_h
        top = band + s.safe
        title = self.text(
            f"{card.factor.id}:front:name", s.safe, top, inner_w, number_top - top, names, card, "C"
        )
        number_text = loc.text(
            "cards.card_number",
            number=loc.format_number(card.number),
            total=loc.format_number(len(self.catalogue)),
        )
        number = self.text(
            f"{card.factor.id}:front:number",
            s.safe,
            number_top,
            inner_w,
            label_h + 0.2,
            [(Block(number_text, "", s.smallest / s.largest, (90, 90, 90)), tag)],
            card,
            "C",
        )
        symbol = (card.category.symbol, s.width / 2, band * 0.5, r)
        return _Face(f"{card.factor.id}:front", band, colour, symbol, (label, title, number))

    def back(self, card: _Card) -> _Face:
        s, loc, tag = self.size, self.loc, self.loc.tag
        tag2 = self.second.tag if self.second else tag
        colour = _rgb(card.category.colour) if card.category else (70, 70, 70)
        ident = card.factor.id if card.factor else (card.category.id if card.category else "instruction")
        if card.category is None:
            return _Face(f"{ident}:back", s.height * 0.12, colour, None, ())
        band, name = self.back_name(card, ident)
        if card.kind != "factor" or card.factor is None:
            return _Face(f"{ident}:back", band, colour, None, (name,))
        # The bullet hangs: wrapped lines (and the second language's line) start under the text.
        indent = advances().em(f"{BULLET} ", "")
        blocks = [(Block(loc.text("cards.questions"), "B", 1.05, (40, 40, 40)), tag)]
        for i, question in enumerate(card.factor.questions):
            blocks.append((Block(question, "", 1.0, (30, 30, 30), indent=indent, bullet=BULLET), tag))
            if card.second_factor:
                second = card.second_factor.questions[i]
                blocks.append((Block(second, "I", 0.92, (95, 95, 95), indent=indent / 0.92), tag2))
        top = band + s.safe * 0.6
        text = self.text(
            f"{ident}:back:questions",
            s.safe,
            top,
            s.width - 2 * s.safe,
            s.height - s.safe - top,
            blocks,
            card,
        )
        return _Face(f"{ident}:back", band, colour, None, (name, text))

    def back_name(self, card: _Card, ident: str) -> tuple[float, _Text]:
        """The colour band of a back and, in it, the name of the card's factor (or category), so a
        back separated from its front still says what it is about; the band grows for a long name."""
        s, tag = self.size, self.loc.tag
        first = card.factor or card.category
        second = card.second_factor or card.second_category
        assert first is not None
        blocks = [(Block(first.name, "B", 0.8, WHITE), tag)]
        if second is not None:
            blocks.append(
                (Block(second.name, "I", 0.7, (240, 240, 240)), self.second.tag if self.second else tag)
            )
        width = s.width - 2 * s.safe
        band = s.height * 0.12
        while True:  # fit's smallest body size is on a quarter-point grid: grow until it fits
            fitted = fit([b for b, _ in blocks], width, band - s.safe * 1.4, largest=s.largest,
                         smallest=s.smallest, measure=self.measure)  # fmt: skip
            if fitted is not None or band > s.height * 0.3:
                break
            band += 0.5
        name = self.text(f"{ident}:back:name", s.safe, s.safe, width, band - s.safe * 1.4, blocks, card)
        return band, name


def _layout(
    loc: Localizer,
    second: Localizer | None,
    size: str,
    factors: Sequence[str] | None,
    category: str | None,
    catalogue: Catalogue | None,
    *,
    hyphens: bool = False,
) -> tuple[CardSize, list[tuple[_Face, _Face]]]:
    if size not in CARD_SIZES:
        raise ValueError(f"size must be one of {', '.join(CARD_SIZES)}, got {size!r}")
    card_size = CARD_SIZES[size]
    layout = _Layout(loc, second, card_size, catalogue, hyphens=hyphens)
    second_cat = second.catalogue(catalogue) if second else None
    cards = _select(layout.catalogue, second_cat, factors, category)
    return card_size, [layout.faces(c) for c in cards]


# --- PDF -----------------------------------------------------------------------------------------


def cards_pdf(
    localizer: Localizer,
    *,
    second: Localizer | None = None,
    layout: str = "single",
    size: str = "a6",
    factors: Sequence[str] | None = None,
    category: str | None = None,
    catalogue: Catalogue | None = None,
) -> bytes:
    """The card set as PDF: all cards, one category's, or the given factors' (with their dividers).

    Args:
        localizer: The language of the cards.
        second: A second language printed under the first, on both faces.
        layout: ``single`` (one face per page, 3 mm bleed, crop marks: for print shops) or
            ``a4-duplex`` (A4 sheets, backs mirrored for long-edge flipping: for office printers).
        size: A name in ``CARD_SIZES``: ``a6`` or ``poker``.
        factors: Only these factor ids (e.g. [next_factors][desistkit.export.cards.next_factors]).
        category: Only the cards of this category id.
        catalogue: An organisation's catalogue; default the built-in one.

    Raises:
        CardFitError: A card's text would need a size below the card size's minimum.
    """
    if layout not in ("single", "a4-duplex"):
        raise ValueError(f"layout must be 'single' or 'a4-duplex', got {layout!r}")
    card_size, faces = _layout(localizer, second, size, factors, category, catalogue, hyphens=True)
    writer = _PdfWriter(localizer, card_size)
    if layout == "single":
        writer.single(faces)
    else:
        writer.duplex(faces)
    try:
        return bytes(writer.pdf.output())
    finally:
        close_fonts(writer.pdf)


class _PdfWriter:
    def __init__(self, loc: Localizer, size: CardSize) -> None:
        self.size = size
        self.pdf = FPDF(unit="mm", format=A4)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        self.pdf.c_margin = 0
        start_pdf(self.pdf, title=loc.text("product.desist_cards"), lang=loc.tag)

    def single(self, faces: Sequence[tuple[_Face, _Face]]) -> None:
        s, off = self.size, MARKS + BLEED
        for pair in faces:
            for face in pair:
                self.pdf.add_page(format=(s.width + 2 * off, s.height + 2 * off))
                self.face(face, off, off, BLEED)
                self.crop_marks(off, off)

    def duplex(self, faces: Sequence[tuple[_Face, _Face]]) -> None:
        s = self.size
        cols, rows = int(A4[0] // s.width), int(A4[1] // s.height)
        x0, y0 = (A4[0] - cols * s.width) / 2, (A4[1] - rows * s.height) / 2
        for start in range(0, len(faces), cols * rows):
            sheet = faces[start : start + cols * rows]
            for side in (0, 1):
                self.pdf.add_page(format=A4)
                for i, pair in enumerate(sheet):
                    x = x0 + (i % cols) * s.width
                    if side == 1:  # long-edge flip: the back of a card is mirrored left-right
                        x = A4[0] - x - s.width
                    self.face(pair[side], x, y0 + (i // cols) * s.height, 0.0)
                self.cut_marks(x0, y0, cols, rows)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.pdf.set_draw_color(0, 0, 0)
        self.pdf.set_line_width(0.2)
        self.pdf.line(x1, y1, x2, y2)

    def crop_marks(self, x: float, y: float) -> None:
        w, h, gap, far = self.size.width, self.size.height, BLEED + 1, 2 * MARKS + BLEED
        for cx in (x, x + w):
            self.line(cx, 0, cx, y - gap)
            self.line(cx, y + h + gap, cx, y + h + far)
        for cy in (y, y + h):
            self.line(0, cy, x - gap, cy)
            self.line(x + w + gap, cy, x + w + far, cy)

    def cut_marks(self, x0: float, y0: float, cols: int, rows: int) -> None:
        w, h = self.size.width, self.size.height
        top, bottom, left, right = y0, y0 + rows * h, x0, x0 + cols * w
        for c in range(cols + 1):
            x = x0 + c * w
            self.line(x, max(top - 5, 0), x, max(top - 1, 0))
            self.line(x, min(bottom + 1, A4[1]), x, min(bottom + 5, A4[1]))
        for r in range(rows + 1):
            y = y0 + r * h
            self.line(max(left - 5, 0), y, max(left - 1, 0), y)
            self.line(min(right + 1, A4[0]), y, min(right + 5, A4[0]), y)

    def face(self, face: _Face, x: float, y: float, bleed: float) -> None:
        pdf, s = self.pdf, self.size
        pdf.set_fill_color(*face.colour)
        pdf.rect(x - bleed, y - bleed, s.width + 2 * bleed, face.band + bleed, style="F")
        if face.symbol:
            self.symbol(face.symbol[0], x + face.symbol[1], y + face.symbol[2], face.symbol[3])
        for text in face.texts:
            ty = y + text.y + ((text.height - text.fitted.height) / 2 if text.align == "C" else 0)
            for block in text.blocks:
                points = text.fitted.points(block)
                pdf.set_text_color(*block.colour)
                pdf.set_font("DejaVu", block.style, points)
                hang = block.hang(points)
                if block.bullet:
                    pdf.set_xy(x + text.x, ty)
                    pdf.cell(hang, points * PT * LINE_HEIGHT, block.bullet)
                pdf.set_xy(x + text.x + hang, ty)
                pdf.multi_cell(
                    text.width - hang,
                    points * PT * LINE_HEIGHT,
                    block.text,
                    align=text.align,
                    new_x=XPos.LMARGIN,
                    new_y=YPos.NEXT,
                )
                ty = pdf.get_y() + text.fitted.gap()

    def symbol(self, kind: str, cx: float, cy: float, r: float) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*WHITE)
        pdf.set_line_width(max(r * 0.12, 0.4))
        for shape, points in _symbol_paths(kind, cx, cy, r):
            if shape == "circle":
                pdf.circle(points[0][0], points[0][1], points[1][0], style="D")
            elif shape == "polygon":
                pdf.polygon(points, style="D")
            else:
                pdf.polyline(points)


def _symbol_paths(kind: str, cx: float, cy: float, r: float) -> list[tuple[str, list[tuple[float, float]]]]:
    """The category symbol as simple drawn shapes: (shape, points); a circle is (centre, (radius, 0))."""
    if kind == "linked-circles":
        return [
            ("circle", [(cx - r * 0.35, cy), (r * 0.55, 0)]),
            ("circle", [(cx + r * 0.35, cy), (r * 0.55, 0)]),
        ]
    if kind == "spiral":
        turn = [i * 0.2 for i in range(60)]
        return [("line", [(cx + r * t / 12 * math.cos(t), cy + r * t / 12 * math.sin(t)) for t in turn])]
    if kind == "house":
        return [
            (
                "polygon",
                [
                    (cx - r, cy + r * 0.8),
                    (cx - r, cy - r * 0.1),
                    (cx, cy - r),
                    (cx + r, cy - r * 0.1),
                    (cx + r, cy + r * 0.8),
                ],
            )
        ]
    if kind == "mountain":
        return [
            (
                "polygon",
                [
                    (cx - r, cy + r * 0.7),
                    (cx - r * 0.25, cy - r * 0.8),
                    (cx + r * 0.2, cy),
                    (cx + r * 0.5, cy - r * 0.4),
                    (cx + r, cy + r * 0.7),
                ],
            )
        ]
    return [("circle", [(cx, cy), (r * 0.7, 0)])]


# --- PPTX ----------------------------------------------------------------------------------------


def _colour(rgb_color: Any, r: int, g: int, b: int) -> Any:
    return rgb_color(r, g, b)


def _hanging(paragraph: Any, indent: int, bullet: str) -> None:
    """A hanging indent of ``indent`` EMU, with PowerPoint's own bullet in it (or none), so that
    wrapped lines start where the text does, also after the reader edits it."""
    from pptx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", str(indent))
    ppr.set("indent", str(-indent if bullet else 0))
    if bullet:
        ppr.append(ppr.makeelement(qn("a:buFont"), {"typeface": FAMILY}))
        ppr.append(ppr.makeelement(qn("a:buChar"), {"char": bullet}))
    else:
        ppr.append(ppr.makeelement(qn("a:buNone"), {}))


def cards_pptx(
    localizer: Localizer,
    *,
    second: Localizer | None = None,
    size: str = "a6",
    factors: Sequence[str] | None = None,
    category: str | None = None,
    catalogue: Catalogue | None = None,
) -> bytes:
    """The cards as an editable PowerPoint deck: slide size = card size, front and back alternating.

    Shapes are named ``<factor id>:front:name``, ``<factor id>:back:questions``, ... so that an
    edited deck can be read by position-independent code. Text uses the bundled DejaVu Sans at the
    sizes fitted here; every run carries its language tag.
    """
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Mm, Pt

    from desistkit.export._embed import embed_in_pptx
    from desistkit.export._ooxml import scrub

    card_size, faces = _layout(localizer, second, size, factors, category, catalogue)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Mm(card_size.width), Mm(card_size.height)
    blank = deck.slide_layouts[6]
    for pair in faces:
        for face in pair:
            slide = deck.slides.add_slide(blank)
            band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Mm(card_size.width), Mm(face.band))
            band.name = f"{face.name}:band"
            band.fill.solid()
            band.fill.fore_color.rgb = _colour(RGBColor, *face.colour)
            band.line.fill.background()
            if face.symbol:
                kind, cx, cy, r = face.symbol
                for i, (shape, points) in enumerate(_symbol_paths(kind, cx, cy, r)):
                    if shape == "circle":
                        (x, y), (radius, _) = points
                        sym = slide.shapes.add_shape(
                            MSO_SHAPE.OVAL, Mm(x - radius), Mm(y - radius), Mm(2 * radius), Mm(2 * radius)
                        )
                    else:
                        builder = slide.shapes.build_freeform(Mm(points[0][0]), Mm(points[0][1]), scale=1.0)
                        builder.add_line_segments(
                            [(Mm(px), Mm(py)) for px, py in points[1:]], close=shape == "polygon"
                        )
                        sym = builder.convert_to_shape()
                    sym.name = f"{face.name}:symbol:{i}"
                    sym.fill.background()
                    sym.line.color.rgb = _colour(RGBColor, *WHITE)
                    sym.line.width = Mm(max(r * 0.12, 0.4))
            for text in face.texts:
                box = slide.shapes.add_textbox(Mm(text.x), Mm(text.y), Mm(text.width), Mm(text.height))
                box.name = text.name
                frame = box.text_frame
                frame.word_wrap = True
                frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
                frame.vertical_anchor = MSO_ANCHOR.MIDDLE if text.align == "C" else MSO_ANCHOR.TOP
                for i, (block, tag) in enumerate(zip(text.blocks, text.lang, strict=True)):
                    paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                    paragraph.alignment = PP_ALIGN.CENTER if text.align == "C" else PP_ALIGN.LEFT
                    paragraph.space_after = Pt(text.fitted.size * GAP)
                    hang = block.hang(text.fitted.points(block))
                    if hang:
                        _hanging(paragraph, Mm(hang), block.bullet)
                    for j, line in enumerate(block.text.split("\n")):
                        if j:
                            paragraph.add_line_break()
                        run = paragraph.add_run()
                        run.text = line
                        font = run.font
                        font.name = FAMILY
                        font.size = Pt(text.fitted.points(block))
                        font.bold = "B" in block.style
                        font.italic = "I" in block.style
                        font.color.rgb = _colour(RGBColor, *block.colour)
                        font._rPr.set("lang", tag)
    out = io.BytesIO()
    deck.save(out)
    data = embed_in_pptx(out.getvalue())  # the font the cards were fitted with travels with them
    return scrub(data, title=localizer.text("product.desist_cards"), language=localizer.tag)
