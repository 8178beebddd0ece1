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
