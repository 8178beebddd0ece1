"""Render the preview pictures in docs/previews/ from the demo outputs (never hand-edited).

    python tools/previews.py      # needs poppler-utils (pdftoppm)
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import desistkit as dk
from desistkit.export.cards import cards_pdf

OUT = Path(__file__).resolve().parents[1] / "docs" / "previews"


def render(pdf: bytes, name: str, pages: tuple[int, int], dpi: int = 60) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(pages[0]), "-l", str(pages[1]),
                        str(source), str(OUT / name)], check=True)  # fmt: skip


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("de", "el", "bg", "fi"):
        render(cards_pdf(dk.get_localizer(lang)), f"cards-{lang}", (5, 6))
    duplex = cards_pdf(dk.get_localizer("fi"), second=dk.get_localizer("sv"), layout="a4-duplex", size="poker")
    render(duplex, "cards-fi-sv-a4-duplex", (1, 2), dpi=40)


if __name__ == "__main__":
    main()
