"""All DesistCards (29 factors, 4 dividers, instruction card) in all 24 languages, one PDF each.

    python benchmarks/bench_cards.py

Baseline in the same run: bare fpdf2 writing the same number of pages with one line of text each,
with the same embedded font, so the figure shows what measuring and fitting the text costs.
"""

from __future__ import annotations

import time
import tracemalloc

from fpdf import FPDF

import desistkit as dk
from desistkit.export._fonts import font_path
from desistkit.export.cards import cards_pdf


def baseline(pages: int) -> bytes:
    pdf = FPDF(unit="mm", format=(117, 160))
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.set_font("DejaVu", size=12)
    for i in range(pages):
        pdf.add_page()
        pdf.text(20, 20, f"Card {i}")
    return bytes(pdf.output())


def main() -> None:
    languages = dk.EU_LANGUAGES
    start = time.perf_counter()
    for _ in languages:
        baseline(68)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    sizes = [len(cards_pdf(dk.get_localizer(lang))) for lang in languages]
    ours = time.perf_counter() - start
    tracemalloc.start()  # a second, traced pass: tracing slows Python down several times
    for lang in languages[:4]:
        cards_pdf(dk.get_localizer(lang))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{len(languages)} languages x 68 pages (34 cards, front and back), A6 single layout")
    print(f"bare fpdf2, one line per page   {bare:6.2f} s")
    print(f"desistkit cards_pdf             {ours:6.2f} s  ({ours / len(languages):.2f} s per language), "
          f"peak {peak / 2**20:.1f} MiB, {sum(sizes) / len(sizes) / 1024:.0f} KiB per PDF")  # fmt: skip


if __name__ == "__main__":
    main()
