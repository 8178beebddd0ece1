"""DesistCards: one card per factor, a divider per category and an instruction card, as a print PDF.

Layouts:

* ``single`` - one card face per page at card size with 3 mm bleed and crop marks, front then back,
  for print shops;
* ``a4-duplex`` - as many cards as fit on an A4 sheet, fronts on one page and the backs on the next,
  mirrored for long-edge flipping so that they line up, with cut marks.

Text is measured with the bundled font's real metrics (fpdf2) and shrunk down to a minimum size to
stay inside the card's safe area; a card that cannot fit even then is an error, never cut off.
Cards carry no case data: a case only chooses which factors' cards to print (:func:`next_factors`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from desistkit._catalogue import Catalogue, Category, Factor
from desistkit._errors import DesistkitError
from desistkit._i18n import Localizer

from ._fonts import font_path

__all__ = ["CARD_SIZES", "CardFitError", "CardSize", "cards_pdf", "next_factors"]

FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
BLEED = 3.0  # mm of background beyond the trim line
MARKS = 7.0  # mm around the bleed for crop marks (single layout)
A4 = (210.0, 297.0)


@attrs.frozen
class CardSize:
    """A card format in millimetres, with the margin inside the trim that text must keep."""

    name: str
    width: float
    height: float
    safe: float


CARD_SIZES = {
    "a6": CardSize("a6", 105.0, 148.0, 6.0),
    "poker": CardSize("poker", 63.0, 88.0, 4.0),
}
_TEXT_SIZES = {"a6": (13.0, 7.0), "poker": (9.0, 5.5)}  # largest and smallest body text, pt


class CardFitError(DesistkitError, ValueError):
    """A card's text does not fit its safe area even at the smallest size allowed."""


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
    from desistkit._views import state_at

    real = getattr(case, "case", case)
    state = state_at(real)
    wanted = {
        fid
        for fid, s in state.items()
        if s.reflection.open or s.reflection.client_priority or s.reflection.caseworker_priority
    }
    return tuple(fid for fid in catalogue.ids if fid in wanted)


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
    """The card set as PDF bytes: all cards, one category's, or the given factors' (with their dividers)."""
    if layout not in ("single", "a4-duplex"):
        raise ValueError(f"layout must be 'single' or 'a4-duplex', got {layout!r}")
    if size not in CARD_SIZES:
        raise ValueError(f"size must be one of {', '.join(CARD_SIZES)}, got {size!r}")
    card_size = CARD_SIZES[size]
    cards = _select(localizer, second, catalogue, factors, category)
    writer = _Writer(localizer, second, card_size, len([c for c in cards if c.kind == "factor"]))
    if layout == "single":
        writer.single(cards)
    else:
        writer.duplex(cards)
    return writer.output()


def _select(
    loc: Localizer,
    second: Localizer | None,
    catalogue: Catalogue | None,
    factors: Sequence[str] | None,
    category: str | None,
) -> list[_Card]:
    first_cat = loc.catalogue(catalogue)
    second_cat = second.catalogue(catalogue) if second else None
    if category is not None:
        first_cat.category(category)  # LookupError naming the unknown category
    wanted = set(factors) if factors is not None else None
    if wanted is not None:
        for fid in wanted:
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
            number = first_cat.ids.index(f.id) + 1
            second_factor = second_cat.factor(f.id) if second_cat else None
            cards.append(_Card("factor", cat, f, second_category, second_factor, number))
    return cards


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Writer:
    def __init__(self, loc: Localizer, second: Localizer | None, size: CardSize, total: int) -> None:
        self.loc, self.second, self.size, self.total = loc, second, size, len(loc.catalogue())
        self.pdf = FPDF(unit="mm", format=A4)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        self.pdf.c_margin = 0  # text starts exactly at the safe area; widths are measured without padding
        for style in ("", "B", "I"):
            self.pdf.add_font("DejaVu", style, str(font_path(style)))
        self.pdf.set_creation_date(FIXED_DATE)
        self.pdf.set_producer("desistkit")
        self.pdf.set_creator("desistkit")
        self.pdf.set_title(loc.text("product.desist_cards"))
        self.pdf.set_lang(loc.tag)
        self.big, self.small = _TEXT_SIZES[size.name]

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    # --- layouts -------------------------------------------------------------------------------

    def single(self, cards: Iterable[_Card]) -> None:
        s, off = self.size, MARKS + BLEED
        page = (s.width + 2 * off, s.height + 2 * off)
        for card in cards:
            for face in ("front", "back"):
                self.pdf.add_page(format=page)
                self._face(card, face, off, off, bleed=BLEED)
                self._crop_marks(off, off)

    def duplex(self, cards: Sequence[_Card]) -> None:
        s = self.size
        cols, rows = int(A4[0] // s.width), int(A4[1] // s.height)
        x0, y0 = (A4[0] - cols * s.width) / 2, (A4[1] - rows * s.height) / 2
        per_sheet = cols * rows
        for start in range(0, len(cards), per_sheet):
            sheet = cards[start : start + per_sheet]
            for face in ("front", "back"):
                self.pdf.add_page(format=A4)
                for i, card in enumerate(sheet):
                    col, row = i % cols, i // cols
                    x = x0 + col * s.width
                    if face == "back":  # long-edge flip: the back of a card is mirrored left-right
                        x = A4[0] - x - s.width
                    self._face(card, face, x, y0 + row * s.height, bleed=0.0)
                self._cut_marks(x0, y0, cols, rows)

    # --- marks ---------------------------------------------------------------------------------

    def _line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.pdf.set_draw_color(0, 0, 0)
        self.pdf.set_line_width(0.2)
        self.pdf.line(x1, y1, x2, y2)

    def _crop_marks(self, x: float, y: float) -> None:
        w, h, gap = self.size.width, self.size.height, BLEED + 1
        for cx in (x, x + w):
            self._line(cx, 0, cx, y - gap)
            self._line(cx, y + h + gap, cx, y + h + 2 * MARKS + BLEED)
        for cy in (y, y + h):
            self._line(0, cy, x - gap, cy)
            self._line(x + w + gap, cy, x + w + 2 * MARKS + BLEED, cy)

    def _cut_marks(self, x0: float, y0: float, cols: int, rows: int) -> None:
        w, h = self.size.width, self.size.height
        top, bottom = y0, y0 + rows * h
        left, right = x0, x0 + cols * w
        for c in range(cols + 1):
            x = x0 + c * w
            self._line(x, max(top - 5, 0), x, max(top - 1, 0))
            self._line(x, min(bottom + 1, A4[1]), x, min(bottom + 5, A4[1]))
        for r in range(rows + 1):
            y = y0 + r * h
            self._line(max(left - 5, 0), y, max(left - 1, 0), y)
            self._line(min(right + 1, A4[0]), y, min(right + 5, A4[0]), y)

    # --- faces ---------------------------------------------------------------------------------

    def _face(self, card: _Card, face: str, x: float, y: float, *, bleed: float) -> None:
        pdf, s = self.pdf, self.size
        colour = _rgb(card.category.colour) if card.category else (70, 70, 70)
        band = s.height * (0.30 if face == "front" else 0.12)
        if card.kind == "divider" and face == "front":
            band = s.height
        pdf.set_fill_color(*colour)
        pdf.rect(x - bleed, y - bleed, s.width + 2 * bleed, band + bleed, style="F")
        inner_x, inner_w = x + s.safe, s.width - 2 * s.safe
        if face == "front":
            self._front(card, x, y, band, inner_x, inner_w)
        else:
            self._back(card, x, y, band, inner_x, inner_w)

    def _symbol(self, symbol: str, cx: float, cy: float, r: float) -> None:
        pdf = self.pdf
        pdf.set_draw_color(255, 255, 255)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_line_width(max(r * 0.12, 0.4))
        if symbol == "linked-circles":
            pdf.circle(cx - r * 0.35, cy, r * 0.55, style="D")
            pdf.circle(cx + r * 0.35, cy, r * 0.55, style="D")
        elif symbol == "spiral":
            points = [
                (cx + r * t / 12 * math.cos(t), cy + r * t / 12 * math.sin(t))
                for t in [i * 0.2 for i in range(60)]
            ]
            pdf.polyline(points)
        elif symbol == "house":
            pdf.polygon(
                [
                    (cx - r, cy + r * 0.8),
                    (cx - r, cy - r * 0.1),
                    (cx, cy - r),
                    (cx + r, cy - r * 0.1),
                    (cx + r, cy + r * 0.8),
                ],
                style="D",
            )
        elif symbol == "mountain":
            pdf.polygon(
                [
                    (cx - r, cy + r * 0.7),
                    (cx - r * 0.25, cy - r * 0.8),
                    (cx + r * 0.2, cy),
                    (cx + r * 0.5, cy - r * 0.4),
                    (cx + r, cy + r * 0.7),
                ],
                style="D",
            )
        else:
            pdf.circle(cx, cy, r * 0.7, style="D")

    def _front(self, card: _Card, x: float, y: float, band: float, ix: float, iw: float) -> None:
        pdf, s, loc = self.pdf, self.size, self.loc
        if card.kind == "instruction":
            blocks = [
                (loc.text("cards.instruction_title"), "B", 1.25, (40, 40, 40)),
                (loc.text("cards.instruction_text"), "", 1.0, (40, 40, 40)),
            ]
            if self.second:
                blocks.append((self.second.text("cards.instruction_title"), "BI", 1.1, (90, 90, 90)))
                blocks.append((self.second.text("cards.instruction_text"), "I", 0.95, (90, 90, 90)))
            self._text_block(blocks, ix, y + band + s.safe * 0.6, iw, y + s.height - s.safe, card)
            return
        assert card.category is not None
        r = min(band * 0.28, s.width * 0.12)
        self._symbol(card.category.symbol, x + s.width / 2, y + band * 0.45, r)
        if card.kind == "divider":
            blocks = [(card.category.name, "B", 1.5, (255, 255, 255))]
            if card.second_category:
                blocks.append((card.second_category.name, "I", 1.2, (240, 240, 240)))
            blocks.append((loc.text("cards.category_intro"), "", 0.9, (255, 255, 255)))
            cat_factors = self.loc.catalogue().factors_in(card.category.id)
            blocks.append(("\n".join(f.name for f in cat_factors), "", 0.9, (255, 255, 255)))
            self._text_block(blocks, ix, y + band * 0.45 + r + s.safe * 0.5, iw, y + s.height - s.safe, card)
            return
        assert card.factor is not None
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("DejaVu", "", self.small)
        pdf.set_xy(ix, y + s.safe)
        pdf.cell(iw, self.small * 0.5, card.category.name, align="L")
        blocks = [(card.factor.name, "B", 1.9, (30, 30, 30))]
        if card.second_factor:
            blocks.append((card.second_factor.name, "I", 1.4, (90, 90, 90)))
        bottom = y + s.height - s.safe - self.small * 0.6
        self._text_block(blocks, ix, y + band + s.safe, iw, bottom, card, center=True)
        pdf.set_text_color(90, 90, 90)
        pdf.set_font("DejaVu", "", self.small)
        pdf.set_xy(ix, bottom)
        label = loc.text(
            "cards.card_number", number=loc.format_number(card.number), total=loc.format_number(self.total)
        )
        pdf.cell(iw, self.small * 0.5, label, align="C")

    def _back(self, card: _Card, x: float, y: float, band: float, ix: float, iw: float) -> None:
        s, loc = self.size, self.loc
        top, bottom = y + band + s.safe * 0.6, y + s.height - s.safe
        if card.kind != "factor" or card.factor is None:
            return  # instruction and divider backs carry only the colour band
        blocks: list[tuple[str, str, float, tuple[int, int, int]]] = [
            (loc.text("cards.questions"), "B", 1.05, (40, 40, 40))
        ]
        for i, question in enumerate(card.factor.questions):
            blocks.append((f"• {question}", "", 1.0, (30, 30, 30)))
            if card.second_factor:
                blocks.append((f"  {card.second_factor.questions[i]}", "I", 0.92, (95, 95, 95)))
        self._text_block(blocks, ix, top, iw, bottom, card)

    def _text_block(
        self,
        blocks: list[tuple[str, str, float, tuple[int, int, int]]],
        x: float,
        top: float,
        width: float,
        bottom: float,
        card: _Card,
        *,
        center: bool = False,
    ) -> None:
        pdf = self.pdf

        def points(scale: float, size: float) -> float:
            # Headings shrink with the body, but no block goes below the smallest readable size.
            return max(size * scale, self.small)

        def fits(size: float) -> tuple[bool, float]:
            height = sum(
                self._height(text, style, points(scale, size), width) for text, style, scale, _ in blocks
            )
            height += size * 0.35 * 0.3528 * (len(blocks) - 1)
            # Words are never broken: the longest word of each block must fit the width too.
            widest = max(
                self._widest_word(text, style, points(scale, size)) for text, style, scale, _ in blocks
            )
            return top + height <= bottom and widest <= width, height

        # The largest size (in quarter points) that fits, by bisection: text only grows with size.
        steps = round((self.big - self.small / max(scale for *_, scale, _ in blocks)) / 0.25)
        lo, hi = 0, max(steps, 0)
        if fits(self.big)[0]:
            hi = 0
        elif not fits(self.big - 0.25 * hi)[0]:
            what = card.factor.id if card.factor else card.kind
            raise CardFitError(
                f"the {self.loc.language} card {what!r} does not fit {self.size.name} even at "
                f"{self.small} pt; choose the a6 size"
            )
        else:
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if fits(self.big - 0.25 * mid)[0]:
                    hi = mid
                else:
                    lo = mid
        size = self.big - 0.25 * hi
        height = fits(size)[1]
        y = top + ((bottom - top - height) / 2 if center else 0)
        for text, style, scale, colour in blocks:
            pdf.set_text_color(*colour)
            pdf.set_font("DejaVu", style.replace("BI", "B"), points(scale, size))
            pdf.set_xy(x, y)
            pdf.multi_cell(
                width,
                points(scale, size) * 0.3528 * 1.25,
                text,
                align="C" if center else "L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            y = pdf.get_y() + size * 0.35 * 0.3528

    def _widest_word(self, text: str, style: str, points: float) -> float:
        self.pdf.set_font("DejaVu", style.replace("BI", "B"), points)
        return max((self.pdf.get_string_width(word) for word in text.split()), default=0.0)

    def _height(self, text: str, style: str, points: float, width: float) -> float:
        self.pdf.set_font("DejaVu", style.replace("BI", "B"), points)
        height = self.pdf.multi_cell(
            width, points * 0.3528 * 1.25, text, dry_run=True, output=MethodReturnValue.HEIGHT
        )
        if isinstance(height, bool) or not isinstance(height, (int, float)):
            raise TypeError("fpdf2 returned no height")  # pragma: no cover - asked for HEIGHT only
        return float(height)
