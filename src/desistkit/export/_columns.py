"""Table columns sized by their content, measured with the bundled font's advance widths.

The rule office suites use for automatic tables, made deterministic: each column gets at least the
width of its widest unbreakable piece (a syllable up to a soft hyphen, plus the hyphen drawn there)
and, when the table is too narrow for every cell on one line, the rest of the width goes to the
columns: first, every column whose longest line fits an equal share gets exactly that; then the
others share the rest in proportion to how much wider than their minimum their longest line is. A
goal's wording gets room; a status or a date gets what it needs and does not wrap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desistkit.export._fit import PT, advances
from desistkit.export._hyphen import NO_BREAK_HYPHEN, SOFT_HYPHEN

__all__ = ["column_widths"]

_PIECES = re.compile(rf"[^\s{SOFT_HYPHEN}-]+(?:[{SOFT_HYPHEN}-]|$)")


def _extent(text: str, style: str) -> tuple[float, float]:
    """(widest unbreakable piece, longest line) of a cell's text, in ems."""
    measure = advances()
    visible = text.replace(SOFT_HYPHEN, "").replace(NO_BREAK_HYPHEN, "-")
    longest = max((measure.em(line, style) for line in visible.split("\n")), default=0.0)
    widest = 0.0
    for word in text.replace(NO_BREAK_HYPHEN, "\u2060").split():
        for piece in _PIECES.findall(word):
            drawn = piece.replace(SOFT_HYPHEN, "-").replace("\u2060", "-")
            widest = max(widest, measure.em(drawn, style))
    return widest, longest


def column_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], available: float, points: float, padding: float
) -> list[float]:
    """Widths in mm of columns that together fill ``available`` mm, for text at ``points`` with
    ``padding`` mm of cell margin per column; the header is bold."""
    em = points * PT
    least = [0.0] * len(header)
    most = [0.0] * len(header)
    for style, cells in (("B", [header]), ("", rows)):
        for row in cells:
            for i, text in enumerate(row):
                widest, longest = _extent(text, style)
                least[i] = max(least[i], widest * em + padding)
                if style == "":  # a header may wrap: the rows say how wide a column wants to be
                    most[i] = max(most[i], longest * em + padding)
    most = [max(m, lo) for m, lo in zip(most, least, strict=True)]
    if sum(least) >= available:  # too many columns for the page: share it out by need
        return [available * w / sum(least) for w in least]
    if sum(most) <= available:  # everything on one line: spread the rest evenly by width
        return [available * w / sum(most) for w in most]
    # Max-min fairness: a column whose longest line fits in an equal share of what is left gets
    # just that (a status, a date never wrap); the others share the rest by how much more than
    # their minimum they want.
    widths: dict[int, float] = {}
    while True:
        open_ = [i for i in range(len(header)) if i not in widths]
        left = available - sum(widths.values())
        modest = [i for i in open_ if most[i] <= left / len(open_)]
        rest = sum(least[i] for i in open_ if i not in modest)
        if modest and len(modest) < len(open_) and left - sum(most[i] for i in modest) >= rest:
            widths.update({i: most[i] for i in modest})
            continue
        room = left - sum(least[i] for i in open_)
        wish = sum(most[i] - least[i] for i in open_)
        for i in open_:
            widths[i] = least[i] + (room * (most[i] - least[i]) / wish if wish else room / len(open_))
        return [widths[i] for i in range(len(header))]
