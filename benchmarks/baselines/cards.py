"""Baseline for DesistCards: bare fpdf2 writing the same pages and texts.

Same pages (one face per page, A6 plus bleed and crop-mark margin, front and back of every card),
the same coloured band, and every text block at the same position, in the same style, size,
colour and width, through ``multi_cell`` with the same embedded DejaVu Sans (regular, bold,
italic), as desistkit laid them out.

Left out, on purpose: fitting (choosing each block's size so it fits its box), hyphenating,
choosing and translating the cards (the layout comes ready from desistkit, read before the
clock starts), the category symbols and crop marks (a few lines each), and the fixed metadata.
"""

from __future__ import annotations

from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from desistkit.export._fit import LINE_HEIGHT, PT  # two constants: 1 pt in mm, line spacing
from desistkit.export._fonts import font_path  # the same DejaVu Sans files


def recipe(loc: Any) -> dict[str, Any]:
    """Every page's band and text blocks as plain values, from desistkit's own layout."""
    from desistkit.export import cards as _cards

    size, faces = _cards._layout(loc, None, "a6", None, None, None, hyphens=True)
    off = _cards.MARKS + _cards.BLEED
    pages = []
    for pair in faces:
        for face in pair:
            blocks = []
            for text in face.texts:
                top = text.y + ((text.height - text.fitted.height) / 2 if text.align == "C" else 0)
                items = []
                for block in text.blocks:
                    points = text.fitted.points(block)
                    items.append(
                        (block.style, points, block.colour, block.bullet, block.hang(points), block.text)
                    )
                blocks.append((text.x, top, text.width, text.align, text.fitted.gap(), items))
            pages.append((face.colour, face.band, blocks))
    return {"page": (size.width + 2 * off, size.height + 2 * off), "off": off, "bleed": _cards.BLEED,
            "width": size.width, "pages": pages}  # fmt: skip


def write(recipe: dict[str, Any]) -> bytes:
    pdf = FPDF(unit="mm", format=recipe["page"])
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.c_margin = 0
    for style in ("", "B", "I"):
        pdf.add_font("DejaVu", style, str(font_path(style)))
    off, bleed, width = recipe["off"], recipe["bleed"], recipe["width"]
    for colour, band, blocks in recipe["pages"]:
        pdf.add_page()
        pdf.set_fill_color(*colour)
        pdf.rect(off - bleed, off - bleed, width + 2 * bleed, band + bleed, style="F")
        for x, top, box_width, align, gap, items in blocks:
            y = off + top
            for style, points, rgb, bullet, hang, text in items:
                pdf.set_text_color(*rgb)
                pdf.set_font("DejaVu", style, points)
                if bullet:
                    pdf.set_xy(off + x, y)
                    pdf.cell(hang, points * PT * LINE_HEIGHT, bullet)
                pdf.set_xy(off + x + hang, y)
                pdf.multi_cell(box_width - hang, points * PT * LINE_HEIGHT, text, align=align,
                               new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
                y = pdf.get_y() + gap
    return bytes(pdf.output())


def pages(data: bytes) -> list[str]:
    """The text of each page, whitespace normalised: for the equality test."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
