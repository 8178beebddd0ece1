"""What the Word summary's typesetting costs: hyphenation and the embedded font.

    python benchmarks/bench_summary.py

The demo case shared for the case conference, rendered in German, Greek and Finnish: the whole
summary as shipped; the same without hyphenation (pyphen) and without embedding the font; the
first summary in a process (pyphen parses the language's patterns once) and the
embedding of the CaseReflector deck; the run-time subsetting a document with characters beyond
the shipped blocks pays. Baseline: python-docx writing a document of the same
paragraphs and table cells with no typesetting at all.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from collections.abc import Callable
from unittest import mock

import docx

import desistkit as dk
from desistkit.export import _embed, summary
from desistkit.export.reflector import blank_reflector_pptx

LANGUAGES = ("de", "el", "fi")
ROUNDS = 9


def _shared() -> dk.SharedCase:
    now = dt.datetime.combine(dt.date.today(), dt.time(12), tzinfo=dt.timezone.utc)
    return dk.share(
        dk.demo_case(), "case-conference", key=dk.PseudonymKey(bytes(range(32))), now=now, lang="en"
    )


def _timed(make: Callable[[], object]) -> float:
    """The median CPU time of a call (CPU, not wall time: the machine may be shared)."""
    times = []
    for _ in range(ROUNDS):
        start = time.process_time()
        make()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _bare(data: bytes) -> Callable[[], bytes]:
    """python-docx writing the summary's texts again, untypeset."""
    source = docx.Document(io.BytesIO(data))
    texts = [p.text for p in source.paragraphs]
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in source.tables]

    def make() -> bytes:
        document = docx.Document()
        for text in texts:
            document.add_paragraph(text)
        for rows in tables:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    return make


def main() -> None:
    shared = _shared()
    start = time.perf_counter()
    summary.summary_docx(shared, dk.get_localizer("de"))
    cold = time.perf_counter() - start
    print(f"first summary in a process (loads pyphen's German patterns)  {cold * 1000:7.0f} ms")
    head = f"{'':4}{'bare python-docx':>18}{'shipped':>10}{'no hyphens':>12}{'no font':>10}"
    print(head + f"{'size':>10}{'no font':>10}")
    for lang in LANGUAGES:
        loc = dk.get_localizer(lang)
        data = summary.summary_docx(shared, loc)
        shipped = _timed(lambda loc=loc: summary.summary_docx(shared, loc))
        with mock.patch.object(summary, "hyphenate", lambda text, tag: text):
            plain = _timed(lambda loc=loc: summary.summary_docx(shared, loc))
        with mock.patch.object(summary, "embed_in_docx", lambda data: data):
            fontless = _timed(lambda loc=loc: summary.summary_docx(shared, loc))
            small = len(summary.summary_docx(shared, loc))
        bare = _timed(_bare(data))
        print(f"{lang:4}{bare * 1000:15.0f} ms{shipped * 1000:7.0f} ms{plain * 1000:9.0f} ms"
              f"{fontless * 1000:7.0f} ms{len(data) / 1024:7.0f} KiB{small / 1024:7.0f} KiB")  # fmt: skip
    loc = dk.get_localizer("fi")
    deck = _timed(lambda: blank_reflector_pptx(loc))
    with mock.patch("desistkit.export.deck.writer.embed_in_pptx", lambda data: data):
        fontless = _timed(lambda: blank_reflector_pptx(loc))
    print(f"blank CaseReflector (fi): {deck * 1000:.0f} ms with the font, {fontless * 1000:.0f} ms without")
    start = time.perf_counter()
    _embed.make_subset("", frozenset("\u0531"))  # an Armenian letter: beyond the shipped blocks
    print(f"subsetting one style at run time (a character beyond the shipped blocks): "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
