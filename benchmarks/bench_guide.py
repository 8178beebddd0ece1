"""The printed caseworker guide in all 24 languages: the A5 booklet PDF and the Word version.

    python benchmarks/bench_guide.py

Baseline in the same run: bare fpdf2 writing the same number of pages with the same embedded font,
every page filled with wrapped lines (multi_cell), so the figure shows what the guide's layout costs
on top (measuring paragraphs before placing them, soft hyphens, bookmarks, the contents page).
Texts not yet translated fall back to English; the timings hardly depend on the language. Times are
CPU time of this process (time.process_time), so that other work on the machine does not count.
"""

from __future__ import annotations

import time
import tracemalloc
import warnings

from fpdf import FPDF
from fpdf.enums import XPos, YPos

import desistkit as dk
from desistkit.export._fonts import font_path
from desistkit.export.guide import guide_docx, guide_pdf

LINE = "Parents, siblings and the wider family the client grew up with: contact, closeness. " * 6


def baseline(pages: int) -> bytes:
    pdf = FPDF(unit="mm", format="A5")
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.set_font("DejaVu", size=9.5)
    for _ in range(pages):
        pdf.add_page()
        for _ in range(4):  # about a full A5 text area, no automatic page break
            pdf.multi_cell(0, 4.6, LINE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def main() -> None:
    warnings.simplefilter("ignore")  # missing translations warn once per text
    languages = dk.EU_LANGUAGES
    start = time.process_time()
    pdfs = [guide_pdf(dk.get_localizer(lang), size="a5") for lang in languages]
    ours = time.process_time() - start
    pages = sum(pdf.count(b"/Type /Page\n") for pdf in pdfs) // len(pdfs)  # not /Type /Pages
    start = time.process_time()
    for _ in languages:
        baseline(pages)
    bare = time.process_time() - start
    start = time.process_time()
    docs = [guide_docx(dk.get_localizer(lang)) for lang in languages]
    word = time.process_time() - start
    tracemalloc.start()  # a second, traced pass: tracing slows Python down several times
    for lang in languages[:3]:
        guide_pdf(dk.get_localizer(lang), size="a5")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    n = len(languages)
    print(f"{n} languages, the A5 booklet (about {pages} pages each) and the Word version")
    print(f"bare fpdf2, {pages} full pages        {bare:6.2f} s")
    print(f"desistkit guide_pdf (a5)          {ours:6.2f} s  ({ours / n:.2f} s per language), "
          f"peak {peak / 2**20:.1f} MiB, {sum(map(len, pdfs)) / n / 1024:.0f} KiB per PDF")  # fmt: skip
    print(f"desistkit guide_docx              {word:6.2f} s  ({word / n:.2f} s per language), "
          f"{sum(map(len, docs)) / n / 1024:.0f} KiB per .docx")  # fmt: skip


if __name__ == "__main__":
    main()
