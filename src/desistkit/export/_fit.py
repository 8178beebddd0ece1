"""The one text-fitting routine of every exporter: real font metrics, shrink to fit, never cut.

Text is measured with fpdf2 and the bundled font (the same font the documents use), so a size that
fits here fits in the PDF and, with the same font, in PowerPoint. Blocks shrink together; each has a
scale relative to the body size and none goes below the smallest readable size. Words are never
broken between characters: the longest word of each block must fit the width too. The one exception
is a soft hyphen (U+00AD), which fpdf2 honours in the PDF cards: a word may break there, with a
visible hyphen, so its widest piece must fit. Pseudonyms have non-breaking hyphens (U+2011) and are
one word. The .pptx outputs get no soft hyphens (LibreOffice breaks at them without drawing the
hyphen), so :class:`Advances`, which measures them, needs no soft-hyphen breaks.
"""

from __future__ import annotations

import struct
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import attrs

from desistkit.export._fonts import close_fonts, font_path
from desistkit.export._hyphen import SOFT_HYPHEN

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = ["LINE_HEIGHT", "PT", "Block", "Fitted", "Measure", "Measurer", "fit"]

PT = 0.3528  # mm per point
LINE_HEIGHT = 1.25  # line height as a multiple of the font size
GAP = 0.35  # space between blocks, in body sizes


@attrs.frozen
class Block:
    """A paragraph to fit: its text, style ("", "B", "I"), size relative to the body, colour; and a
    hanging indent (in ems of its own size) with the bullet drawn in it, so that wrapped lines start
    under the first line's text, not under the bullet."""

    text: str
    style: str = ""
    scale: float = 1.0
    colour: tuple[int, int, int] = (30, 30, 30)
    indent: float = 0.0
    bullet: str = ""

    def hang(self, points: float) -> float:
        """The hanging indent in mm at ``points``."""
        return self.indent * points * PT


@attrs.frozen
class Fitted:
    """The body size chosen and the height the blocks take at it (mm)."""

    size: float
    height: float
    smallest: float

    def points(self, block: Block) -> float:
        """The size of one block, in points."""
        return max(self.size * block.scale, self.smallest)

    def gap(self) -> float:
        return self.size * GAP * PT


class Measurer:
    """Measures text with the bundled font (an fpdf2 document used only for its metrics)."""

    def __init__(self, pdf: FPDF | None = None) -> None:
        # fpdf2 is imported here, not with the module: the deck measures with Advances only, and
        # fpdf2 brings numpy, fontTools' variable-font code and cryptography (~0.3 s of a CLI run).
        from fpdf import FPDF

        if pdf is None:
            pdf = FPDF(unit="mm")
            for style in ("", "B", "I"):
                pdf.add_font("DejaVu", style, str(font_path(style)))
            pdf.add_page()  # fpdf2 measures on a page
            weakref.finalize(self, close_fonts, pdf)  # our own document: close its font files with it
        self.pdf = pdf
        self.pdf.c_margin = 0

    def height(self, block: Block, points: float, width: float) -> float:
        from fpdf.enums import MethodReturnValue

        self.pdf.set_font("DejaVu", block.style, points)
        height = self.pdf.multi_cell(
            width - block.hang(points),
            points * PT * LINE_HEIGHT,
            block.text,
            dry_run=True,
            output=MethodReturnValue.HEIGHT,
        )
        if isinstance(height, bool) or not isinstance(height, (int, float)):
            raise TypeError("fpdf2 returned no height")  # pragma: no cover - asked for HEIGHT only
        return float(height)

    def widest_word(self, block: Block, points: float) -> float:
        """The widest word and the indent it sits after, in mm. A word with soft hyphens (the PDF
        cards' long words) may break at them, as fpdf2 does: its widest piece counts, with the
        hyphen printed after every piece but the last."""
        self.pdf.set_font("DejaVu", block.style, points)
        hyphen = self.pdf.get_string_width("-")
        widest = 0.0
        for word in block.text.split():
            pieces = word.split(SOFT_HYPHEN)
            widths = [self.pdf.get_string_width(p) + hyphen for p in pieces[:-1]]
            widest = max(widest, *widths, self.pdf.get_string_width(pieces[-1]))
        return widest + block.hang(points)


class Measure(Protocol):
    """What fit asks of a measurer (:class:`Measurer`, or the PDF cards' faster equal one)."""

    def height(self, block: Block, points: float, width: float) -> float: ...
    def widest_word(self, block: Block, points: float) -> float: ...


def fit(
    blocks: Sequence[Block], width: float, available: float, *, largest: float, smallest: float,
    measure: Measure,
) -> Fitted | None:  # fmt: skip
    """The largest body size (in quarter points) at which the blocks fit; None if none does."""

    def attempt(size: float) -> Fitted | None:
        fitted = Fitted(size, 0.0, smallest)
        height = sum(measure.height(b, fitted.points(b), width) for b in blocks)
        height += fitted.gap() * (len(blocks) - 1)
        widest = max(measure.widest_word(b, fitted.points(b)) for b in blocks)
        return Fitted(size, height, smallest) if height <= available and widest <= width else None

    first = attempt(largest)
    if first is not None:
        return first
    # Below smallest / largest scale every block is at the smallest size: no point going further.
    steps = round((largest - smallest / max(b.scale for b in blocks)) / 0.25)
    if attempt(largest - 0.25 * steps) is None:
        return None
    lo, hi = 0, steps  # attempt(lo) fails, attempt(hi) fits: bisect
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if attempt(largest - 0.25 * mid) is not None:
            hi = mid
        else:
            lo = mid
    return attempt(largest - 0.25 * hi)


class Advances:
    """Fast measuring for layouts that ask many questions (the deck): word widths from the bundled
    font's advance widths, cached per word in ems, and greedy wrapping at spaces, as fpdf2 and
    office suites do (they may also break after hyphens, which only ever needs fewer lines; a
    pseudonym's non-breaking hyphens are no break, as here). No soft hyphens: see the module doc.
    Agrees with :class:`Measurer` line for line (see tests/test_fit.py); about 100x faster."""

    def __init__(self) -> None:
        self._advances: dict[str, tuple[dict[str, float], float]] = {}
        data = memoryview(ADVANCES_FILE.read_bytes())
        offset = 0
        for style in STYLES:
            per_em, notdef, count = struct.unpack_from("<HHI", data, offset)
            offset += 8
            codes = struct.unpack_from(f"<{count}I", data, offset)
            offset += 4 * count
            widths = struct.unpack_from(f"<{count}H", data, offset)
            offset += 2 * count
            table = {chr(code): width / per_em for code, width in zip(codes, widths, strict=True)}
            self._advances[style] = (table, notdef / per_em)
        self._words: dict[tuple[str, str], float] = {}
        self._texts: dict[tuple[str, str], tuple[tuple[tuple[str, float], ...], ...]] = {}

    def em(self, word: str, style: str) -> float:
        """A word's width in ems (multiply by the size in mm)."""
        key = (word, style)
        found = self._words.get(key)
        if found is None:
            table, missing = self._advances[style if style in self._advances else ""]
            found = self._words[key] = sum(table.get(c, missing) for c in word)
        return found

    def lines(self, text: str, style: str, points: float, width: float) -> int:
        """How many lines the text takes at ``points`` in a column ``width`` mm wide."""
        em = points * PT
        key = (text, style)
        found = self._texts.get(key)
        if found is None:  # a text is measured at many sizes and widths: split and look up once
            if len(self._texts) > 50_000:  # a long-running process: keep the memory bounded
                self._texts.clear()
            found = self._texts[key] = tuple(
                tuple((word, self.em(word, style)) for word in paragraph.split(" "))
                for paragraph in text.split("\n")
            )
        space = self.em(" ", style) * em
        limit = width * 0.9995  # fpdf2 breaks a line that fills exactly
        count = 0
        for paragraph in found:
            count += 1
            x = 0.0
            for word, width_em in paragraph:
                w = width_em * em
                if x > 0.0 and x + space + w < limit:
                    x += space + w
                    continue
                if x > 0.0:
                    count += 1
                if w <= width:
                    x = w
                    continue
                x = 0.0  # a word wider than the column is broken between characters
                table, missing = self._advances[style if style in self._advances else ""]
                for character in word:
                    c = table.get(character, missing) * em
                    if x > 0.0 and x + c > width:
                        count += 1
                        x = 0.0
                    x += c
        return count

    def height(self, block: Block, points: float, width: float) -> float:
        lines = self.lines(block.text, block.style, points, width - block.hang(points))
        return lines * points * PT * LINE_HEIGHT

    def widest_em(self, text: str, style: str) -> float:
        """The widest word of a text, in ems (multiply by the size in mm)."""
        return max((self.em(w, style) for w in text.split()), default=0.0)

    def widest_word(self, block: Block, points: float) -> float:
        return self.widest_em(block.text, block.style) * points * PT + block.hang(points)


def advances() -> Advances:
    """The process's Advances (read-only after loading, so threads may share it)."""
    found: Advances | None = getattr(advances, "_instance", None)
    if found is None:
        found = Advances()
        advances._instance = found  # type: ignore[attr-defined]
    return found


STYLES = ("", "B", "I")
ADVANCES_FILE = font_path("").with_name("advances.bin")
"""The bundled font's advance widths, read in a millisecond instead of parsing three TrueType
files with fontTools on every process start (~0.1 s of a CLI deck). Made by
:func:`advances_from_fonts` (``python tools/font_advances.py``); tests/test_fit.py checks that it
is what the fonts say."""


def advances_from_fonts() -> bytes:
    """The contents of :data:`ADVANCES_FILE`, from the bundled fonts: per style (regular, bold,
    oblique) units per em, the advance of .notdef and the number of characters (``<HHI``), then
    the characters' code points (``uint32``) and their advances (``uint16``), little-endian."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    out = bytearray()
    for style in STYLES:
        with TTFont(str(font_path(style))) as font:
            metrics = font["hmtx"].metrics
            pairs = sorted((code, metrics[glyph][0]) for code, glyph in font.getBestCmap().items())
            out += struct.pack("<HHI", font["head"].unitsPerEm, metrics[".notdef"][0], len(pairs))
            out += struct.pack(f"<{len(pairs)}I", *(code for code, _ in pairs))
            out += struct.pack(f"<{len(pairs)}H", *(width for _, width in pairs))
    return bytes(out)
