"""The PDF cards measure text with fpdf2's own line breaking replayed over the font's widths
(export/_pdfwrap.py): every answer must be fpdf2's, to the last bit, or a card's size (and bytes) would
change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT
from desistkit.export._fit import Block, Measurer
from desistkit.export._fonts import FIXED_DATE, close_fonts, font_path, start_pdf
from desistkit.export._hyphen import SOFT_HYPHEN, hyphenate
from desistkit.export._pdfwrap import Wrapper

EDGES = [
    "",
    "\n",
    "one\n",
    "\n\ntwo lines after two breaks",
    "a  double  space and a trailing space ",
    "no\u00a0break\u00a0spaces\u00a0between\u00a0these\u00a0words",
    "tab\tseparated\twords\tin\ta\tline",
    "Unterstützungs\u00adangebote\u00adverzeichnis und Hilfe\u00adsysteme",
    "\u00adstarts with a soft hyphen and ends with one\u00ad",
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt",
    "line one\r\nline two\fform feed",
    "C\u20114K9Q\u2011M2TX pseudonym and a dash – and an ellipsis…",
]


def _texts() -> list[tuple[str, str]]:
    """Card texts (the catalogue's words are in the catalogues) in seven languages and scripts,
    as they are and with the soft hyphens the PDF cards give them; and the edge cases."""
    texts = [(t, "en") for t in EDGES]
    for lang in ("de", "el", "fi", "hu", "bg", "ga", "mt"):
        with (ROOT / "locales" / lang / "LC_MESSAGES" / "desistkit.po").open("rb") as handle:
            found = [m.string for m in read_po(handle) if m.id and isinstance(m.string, str) and m.string]
        texts += [(t, lang) for t in found if "{" not in t][:12]
    return [*texts, *((hyphenate(t, lang), lang) for t, lang in texts)]


@pytest.mark.parametrize("style", ["", "B", "I"])
def test_wrapper_measures_exactly_as_fpdf2(style: str) -> None:
    """Heights and widest words equal fpdf2's multi_cell dry runs float for float: sizes on the
    cards' quarter-point grid, columns from a poker card's to an A6 card's and one so narrow that
    long words are cut, hanging indents, soft hyphens."""
    ours, theirs = Wrapper(), Measurer()
    cases = hyphenated = 0
    for text, _ in _texts():
        for points, width, indent in (
            (5.5, 55.0, 0.0),
            (9.25, 14.0, 0.0),
            (12.75, 93.0, 1.2),
            (13.0, 31.5, 0.0),
        ):
            block = Block(text, style, indent=indent)
            assert ours.height(block, points, width) == theirs.height(block, points, width), (text, points)
            assert ours.widest_word(block, points) == theirs.widest_word(block, points), (text, points)
            cases += 1
            hyphenated += SOFT_HYPHEN in text
    assert cases > 350 and hyphenated > 80


def _document(start: Callable[[Any], None], text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="mm")
    start(pdf)
    pdf.add_page()
    for style in ("", "B", "I"):
        pdf.set_font("DejaVu", style, 11)
        pdf.multi_cell(80, 5, text)
    data = bytes(pdf.output())
    close_fonts(pdf)
    return data


def test_a_pdf_with_the_parsed_font_is_the_pdf_add_font_makes() -> None:
    """start_pdf copies a font parsed once per process instead of fpdf2's add_font parsing the file:
    the documents are byte for byte those add_font gives, also one after another (each subsets only
    its own characters)."""

    def parsed(pdf: Any) -> None:
        start_pdf(pdf, title="Karten", lang="de")

    def added(pdf: Any) -> None:
        for style in ("", "B", "I"):
            pdf.add_font("DejaVu", style, str(font_path(style)))
        pdf.set_creation_date(FIXED_DATE)
        for name in ("producer", "creator"):
            getattr(pdf, f"set_{name}")("desistkit")
        pdf.set_title("Karten")
        pdf.set_lang("de")

    for text in (
        "Herkunfts\u00adfamilie und Wohnumfeld",
        "Οικογένεια προέλευσης · Семейство",
        "Ħajja ta' kuljum",
    ):
        assert _document(parsed, text) == _document(added, text)
