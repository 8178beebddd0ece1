"""The client's consent sheet of the demo case (every external audience) in all 24 languages, as PDF
and as Word.

    python benchmarks/bench_consent_sheet.py

Baseline in the same run: bare fpdf2 writing three A4 pages of the same number of 12 pt lines with
the same embedded font, so the figure shows what reading the policy, wording and laying out cost.
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc

from fpdf import FPDF
from fpdf.enums import XPos, YPos

import desistkit as dk
from desistkit.export._fonts import font_path

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def baseline(lines: int) -> bytes:
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for i in range(lines):
        text = f"Line {i} of the sheet, about as long as a line of the consent sheet is."
        pdf.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def main() -> None:
    languages = dk.EU_LANGUAGES
    shared = dk.share(dk.demo_case(), "internal", now=NOW)
    start = time.perf_counter()
    for _ in languages:
        baseline(140)
    bare = time.perf_counter() - start
    results = {}
    for kind in ("consent-sheet-pdf", "consent-sheet-docx"):
        start = time.perf_counter()
        sizes = [len(dk.render(shared, kind, lang=lang)) for lang in languages]
        results[kind] = (time.perf_counter() - start, sum(sizes) / len(sizes))
    tracemalloc.start()  # a second, traced pass: tracing slows Python down several times
    for lang in languages[:4]:
        dk.render(shared, "consent-sheet-pdf", lang=lang)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{len(languages)} languages, demo case, 4 audiences, 3 A4 pages each")
    print(f"bare fpdf2, 140 lines           {bare:6.2f} s")
    for kind, (took, size) in results.items():
        print(
            f"{kind:<31} {took:6.2f} s  ({took / len(languages):.2f} s per language), {size / 1024:.0f} KiB"
        )
    print(f"peak (PDF)                      {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
