"""The one font family every exporter uses: DejaVu Sans (Latin Extended, Greek, Cyrillic).

Bundled with its licence (fonts/LICENSE-DejaVu.txt: free to redistribute), so a document looks the
same on every machine and PDF exporters can embed and subset it.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["FAMILY", "FIXED_DATE", "font_path", "start_pdf"]

FAMILY = "DejaVu Sans"
_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def font_path(style: str = "") -> Path:
    """Path of the bundled font file for a style: "" regular, "B" bold, "I" oblique."""
    resource = resources.files(__package__).joinpath(f"fonts/{_FILES[style]}")
    return Path(str(resource))


FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
"""The moment every generated document says it was made: the same bytes for the same input, and
no trace of when (or, with the time zone, where) a caseworker made it."""


def start_pdf(pdf: Any, *, title: str, lang: str) -> None:
    """Make an fpdf2 document one of ours: the bundled font in its three styles (embedded and
    subset by fpdf2) and neutral metadata (fixed date, desistkit as producer and creator, a title
    without personal data, the document language)."""
    for style in ("", "B", "I"):
        pdf.add_font("DejaVu", style, str(font_path(style)))
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
