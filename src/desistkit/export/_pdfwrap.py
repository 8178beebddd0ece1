"""fpdf2's word wrapping, replayed over the bundled font's own integer widths: the same answers as
an fpdf2 ``multi_cell`` dry run, float for float, at a small fraction of its cost.

The PDF cards fit every text by trying sizes, and each try used to lay the text out with fpdf2
(``multi_cell(dry_run=True)``), which re-sums the width of the whole line for every character. Here
the same rules run over the widths fpdf2 itself uses (``TTFFont.cw``: thousandths of an em, integers),
with fpdf2's arithmetic in fpdf2's order, so every comparison against the column width comes out as
in fpdf2 and the cards get the same sizes, hence the same bytes. The rules, from fpdf2's
``line_break.MultiLineBreak`` (one fragment: one font, no markdown, no text shaping, no character
spacing; tests/test_pdfwrap.py compares every answer with fpdf2's own):

* a line breaks at its last space, or at its last soft hyphen (U+00AD, printed as "-") if that comes
  later; the space where it breaks is dropped; "\\n" and form feeds always break;
* a character is too wide when line width + its width exceeds the column by more than 1e-9;
* a word wider than the column is cut before the character that does not fit;
* a last line of zero width (nothing printable) is no line.

A text with ``{nb}`` (fpdf2's page-count alias, which it measures differently) is left to fpdf2.
"""

from __future__ import annotations

import bisect
import functools
import re

from fpdf.errors import FPDFException
from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, FORM_FEED, HYPHEN, NBSP, NEWLINE, SOFT_HYPHEN
from fpdf.util import FloatTolerance, get_scale_factor

from desistkit.export._fit import LINE_HEIGHT, PT, Block, Measurer
from desistkit.export._fonts import parsed_fonts

__all__ = ["Wrapper"]

_TOLERANCE = FloatTolerance.TOLERANCE
_K = get_scale_factor("mm")  # fpdf2's points per user unit, as FPDF(unit="mm") has it
_SPECIAL = re.compile(f"[{re.escape(BREAKING_SPACE_SYMBOLS_STR + NBSP + SOFT_HYPHEN + NEWLINE + FORM_FEED)}]")
_ALIAS = "{nb}"


@functools.cache
def _widths() -> dict[str, tuple[dict[str, int], int]]:
    """fpdf2's widths of the bundled font by style, by character, and the width of a character it
    lacks; read only."""
    found = {}
    for style, font in parsed_fonts().items():
        table = {chr(code): int(units) for code, units in font.cw.items()}
        found[style] = (table, int(font.cw.default_factory()))
    return found


class Wrapper:
    """Measures text as fpdf2 would set it in the PDF cards (the :class:`Measurer` interface). One
    per layout: it remembers each word's widths and each (text, style, size, width)'s height."""

    def __init__(self) -> None:
        self._widths = _widths()
        self._words: dict[tuple[str, str], tuple[int, int, int]] = {}
        self._heights: dict[tuple[str, str, float, float], float] = {}
        self._reference: Measurer | None = None

    def _fallback(self) -> Measurer:
        if self._reference is None:
            self._reference = Measurer()
        return self._reference

    def height(self, block: Block, points: float, width: float) -> float:
        if _ALIAS in block.text:
            return self._fallback().height(block, points, width)
        key = (block.text, block.style, points, width - block.hang(points))
        found = self._heights.get(key)
        if found is None:
            lines = self.lines(block.text, block.style, points, key[3])
            line = points * PT * LINE_HEIGHT
            found = 0.0
            for _ in range(max(lines, 1)):  # fpdf2 adds the line height once per line
                found += line
            self._heights[key] = found
        return found

    def widest_word(self, block: Block, points: float) -> float:
        """As :meth:`Measurer.widest_word`: a word may break at its soft hyphens, where a hyphen is
        printed."""
        if _ALIAS in block.text:
            return self._fallback().widest_word(block, points)
        widths, missing = self._widths[block.style]

        def width(piece: str) -> float:  # FPDF.get_string_width: 0 for nothing, else one fragment
            return sum(widths.get(c, missing) for c in piece) * points * 0.001 / _K if piece else 0

        hyphen = width(HYPHEN)
        widest = 0.0
        for word in block.text.split():
            pieces = word.split(SOFT_HYPHEN)
            widest = max(widest, *[width(p) + hyphen for p in pieces[:-1]], width(pieces[-1]))
        return widest + block.hang(points)

    def _word(self, run: str, style: str) -> tuple[int, int, int]:
        """A run of ordinary characters: its width, its width without its last character, and its
        widest character (thousandths of an em)."""
        key = (run, style)
        found = self._words.get(key)
        if found is None:
            widths, missing = self._widths[style]
            each = [widths.get(c, missing) for c in run]
            total = sum(each)
            found = self._words[key] = (total, total - each[-1], max(each))
        return found

    def lines(self, text: str, style: str, points: float, column: float) -> int:
        """How many lines fpdf2's multi_cell breaks the text into in a column ``column`` mm wide."""
        widths, missing = self._widths[style]
        text = text.replace("\r", "")

        def mm(units: int) -> float:  # fpdf2: sum of widths * size * 0.001 / k, in this order
            return units * points * 0.001 / _K

        specials = [m.start() for m in _SPECIAL.finditer(text)]
        specials.append(len(text))
        count, i, end, forced = 0, 0, len(text), -1
        while i < end:
            last_forced, forced = forced, -1
            used = 0  # the line's width so far, thousandths of an em
            space: tuple[int, float] | None = None  # where the line may break: (index, width there)
            hyphen: tuple[int, float] | None = None
            overflow = False  # text[i] does not fit on the line
            while i < end:
                stop = specials[bisect.bisect_left(specials, i)]
                if i < stop:  # a run of ordinary characters
                    total, but_last, widest = self._word(text[i:stop], style)
                    # Widths only grow along a run and IEEE arithmetic is monotonic: if its widest
                    # character fits after all but its last, each character fits where it comes.
                    if mm(used + but_last) + mm(widest) - column <= _TOLERANCE:
                        used += total
                        i = stop
                        continue
                    while i < stop:
                        units = widths.get(text[i], missing)
                        if mm(used) + mm(units) - column > _TOLERANCE:
                            overflow = True
                            break
                        used += units
                        i += 1
                    if overflow:
                        break
                    continue
                character = text[i]
                if character in (NEWLINE, FORM_FEED):
                    i += 1
                    break
                units = widths.get(HYPHEN if character == SOFT_HYPHEN else character, missing)
                if mm(used) + mm(units) - column > _TOLERANCE:
                    if character in BREAKING_SPACE_SYMBOLS_STR:  # the space is dropped
                        i += 1
                    else:
                        overflow = True
                    break
                if character in BREAKING_SPACE_SYMBOLS_STR:
                    space = (i, mm(used))
                    used += units
                elif character == SOFT_HYPHEN:
                    hyphen = (i, mm(used))
                else:  # a no-break space is set as a space
                    used += widths.get(" ", missing)
                i += 1
            else:
                count += 1 if used else 0  # fpdf2 drops a last line of no width
                break
            count += 1
            if not overflow:
                continue
            if hyphen is not None and (space is None or hyphen[1] > space[1]):
                i = hyphen[0] + 1  # broken after the syllable, with a hyphen
            elif space is not None:
                i = space[0] + 1
            elif last_forced == i:
                raise FPDFException("Not enough horizontal space to render a single character")
            else:
                forced = i  # a word wider than the column is cut before text[i]
        return count
