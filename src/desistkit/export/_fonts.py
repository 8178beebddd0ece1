"""The one font family every exporter uses: DejaVu Sans (Latin Extended, Greek, Cyrillic).

Bundled with its licence (fonts/LICENSE-DejaVu.txt: free to redistribute), so a document looks the
same on every machine and PDF exporters can embed and subset it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import threading
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["FAMILY", "FIXED_DATE", "font_path", "parsed_fonts", "start_pdf"]

FAMILY = "DejaVu Sans"
_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def font_path(style: str = "") -> Path:
    """Path of the bundled font file for a style: "" regular, "B" bold, "I" oblique."""
    resource = resources.files(__package__).joinpath(f"fonts/{_FILES[style]}")
    return Path(str(resource))


FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
"""The moment every generated document says it was made: the same bytes for the same input, and
no trace of when (or, with the time zone, where) a caseworker made it."""


_parsed: dict[str, tuple[Any, bytes]] = {}
_parsing = threading.Lock()


def parsed_fonts() -> dict[str, Any]:
    """The bundled font's three styles as fpdf2 parsed them (``fpdf.fonts.TTFFont`` by style: its
    widths, glyph ids, descriptor), once per process. Read only: start_pdf gives each document its
    own copy, and fitting reads the widths."""
    with _parsing:
        if not _parsed:
            from fpdf import FPDF

            pdf = FPDF()
            for style in _FILES:
                pdf.add_font("DejaVu", style, str(font_path(style)))
            for style in _FILES:
                font: Any = pdf.fonts[f"dejavu{style}"]
                data = font_path(style).read_bytes()
                font.close()  # each document gets its own fontTools font (start_pdf): free this one
                font.ttfont = None
                _parsed[style] = (font, data)
    return {style: font for style, (font, _) in _parsed.items()}


def start_pdf(pdf: Any, *, title: str, lang: str) -> None:
    """Make an fpdf2 document one of ours: the bundled font in its three styles (embedded and
    subset by fpdf2) and neutral metadata (fixed date, desistkit as producer and creator, a title
    without personal data, the document language).

    fpdf2's add_font parses the whole font file (a third of what a card set costs); the parse is
    done once per process (parsed_fonts) and each document gets a copy with its own state, as fpdf2
    copies fonts itself (``TTFFont.__deepcopy__``: per-document widths, glyph ids and subset, shared
    cmap and descriptor; the widths are integers, so a flat copy is a deep one), and a fresh
    fontTools font from the file's bytes, because fpdf2 subsets that one in place when it writes the
    document. The bytes written are the same as with add_font (tests/test_pdfwrap.py)."""
    from fontTools import ttLib  # type: ignore[import-untyped]
    from fpdf.fonts import SubsetMap

    parsed_fonts()
    for style, (template, data) in _parsed.items():
        key = f"dejavu{style}"
        if key in pdf.fonts:  # as add_font does: the first one added stays
            pdf.add_font("DejaVu", style, str(font_path(style)))
            continue
        font = copy.copy(template)  # the per-document state fresh, as TTFFont.__init__ makes it:
        font.cw = copy.copy(template.cw)  # widths (fpdf2 adds a missing character's to them)
        font.glyph_ids = dict(template.glyph_ids)
        font.missing_glyphs = []
        font.subset = SubsetMap(font)  # the glyphs this document uses
        font.i = len(pdf.fonts) + 1
        font.ttfont = ttLib.TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
        pdf.fonts[key] = font
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("desistkit")
    pdf.set_creator("desistkit")
    pdf.set_title(title)
    pdf.set_lang(lang)


def close_fonts(pdf: Any) -> None:
    """Close the font files an fpdf2 document keeps open (it parses them lazily and never closes
    them), so that no file handle outlives the document."""
    for font in getattr(pdf, "fonts", {}).values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()
