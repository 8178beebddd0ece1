"""The one font family every exporter uses: DejaVu Sans (Latin Extended, Greek, Cyrillic).

Bundled with its licence (fonts/LICENSE-DejaVu.txt: free to redistribute), so a document looks the
same on every machine and PDF exporters can embed and subset it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["FAMILY", "font_path"]

FAMILY = "DejaVu Sans"
_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def font_path(style: str = "") -> Path:
    """Path of the bundled font file for a style: "" regular, "B" bold, "I" oblique."""
    resource = resources.files(__package__).joinpath(f"fonts/{_FILES[style]}")
    return Path(str(resource))


def close_fonts(pdf: Any) -> None:
    """Close the font files an fpdf2 document keeps open (it parses them lazily and never closes
    them), so that no file handle outlives the document."""
    for font in getattr(pdf, "fonts", {}).values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()
