"""Write the ready-made subsets of DejaVu Sans that the Office documents embed.

    python tools/subset_fonts.py

The Word summary, the deck and the editable cards embed DejaVu Sans subset to every Latin, Greek
and Cyrillic letter (desistkit/export/_embed.py). Parsing the whole font takes about half a second
per style, so the subsets ship in the package (src/desistkit/export/fonts/embed/), with the
Embedded OpenType header the deck wraps each in, that font's deflate stream (so a deck need not
compress it) and the characters each whole font covers (so a deck needs no fontTools at all); run
this after changing the bundled fonts or the blocks in _embed.py (tests/test_embed.py checks they
agree).
"""

from __future__ import annotations

from pathlib import Path

from desistkit.export._embed import coverage_ranges, covered_in_font, deflated_file, eot_header, make_subset
from desistkit.export._fonts import font_path

TARGET = Path(__file__).resolve().parents[1] / "src" / "desistkit" / "export" / "fonts" / "embed"


def main() -> None:
    TARGET.mkdir(exist_ok=True)
    for style in ("", "B", "I"):
        target = TARGET / font_path(style).name
        subset = make_subset(style)
        target.write_bytes(subset)
        # the deck's EOT container of the subset, and the characters the whole font covers
        (TARGET / f"{target.stem}.eot-header").write_bytes(eot_header(subset))
        # the deck's font as the zip writer deflates it, so that no deck compresses it again
        (TARGET / f"{target.stem}.eot-deflated").write_bytes(deflated_file(eot_header(subset) + subset))
        (TARGET / f"{target.stem}.covered.txt").write_text(
            coverage_ranges(covered_in_font(style)), encoding="ascii", newline="\n"
        )
        print(target, target.stat().st_size)


if __name__ == "__main__":
    main()
