"""The fast measuring the deck uses agrees with fpdf2's own line breaking, and never under-estimates."""

from __future__ import annotations

import json

from babel.messages.pofile import read_po

from conftest import EXAMPLES, ROOT
from desistkit.export._fit import Advances, Block, Measurer


def _texts() -> list[str]:
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("text", "wording") and isinstance(item, str):
                    texts.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in EXAMPLES:
        walk(json.loads(path.read_text("utf-8")))
    for lang in ("de", "el", "fi", "hu", "bg", "ga", "mt"):
        with (ROOT / "locales" / lang / "LC_MESSAGES" / "desistkit.po").open("rb") as handle:
            texts += [m.string for m in read_po(handle) if m.id and isinstance(m.string, str) and m.string][
                :80
            ]
    return texts


def test_advances_agree_with_fpdf2_and_never_under_estimate() -> None:
    """Notes and labels in 7 scripts/languages, 3 styles, 3 sizes, 3 widths: never fewer lines than
    fpdf2 counts (that would overflow), and the same count in at least 98 % of cases."""
    fast, reference = Advances(), Measurer()
    cases = same = 0
    for text in _texts():
        for style in ("", "B", "I"):
            for size in (9.0, 12.0):
                for width in (30.0, 80.0):
                    block = Block(text, style)
                    ours, theirs = fast.height(block, size, width), reference.height(block, size, width)
                    assert ours >= theirs - 0.01, (text[:40], style, size, width)
                    cases += 1
                    same += abs(ours - theirs) < 0.01
    assert cases > 3000 and same / cases >= 0.98


def test_the_shipped_advance_widths_are_what_the_bundled_fonts_say() -> None:
    """The deck measures with a table of advance widths shipped beside the fonts (read in a
    millisecond, not parsed from three TrueType files at every start): it must be the table the
    fonts give, in every style, or a replaced font would be measured with stale widths."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    from desistkit.export._fit import ADVANCES_FILE, STYLES, advances_from_fonts
    from desistkit.export._fonts import font_path

    assert ADVANCES_FILE.read_bytes() == advances_from_fonts(), "run python tools/font_advances.py"
    table = Advances()
    for style in STYLES:
        with TTFont(str(font_path(style))) as font:
            per_em, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
            for code, glyph in font.getBestCmap().items():
                assert table.em(chr(code), style) == metrics[glyph][0] / per_em
            missing = chr(0x10FFFD)  # a private-use character no font has
            assert table.em(missing, style) == metrics[".notdef"][0] / per_em
