"""Baseline for the Word summary: plain python-docx writing the same document.

Same paragraphs in the same order with the same styles (Title, Heading 1/2, List Bullet, Normal),
the same runs (bold, italic), and the same tables (``add_table`` with the "Table Grid" style,
the same cells, the header row bold).

Left out, on purpose: localisation and working out the content (texts come ready from the recipe),
hyphenation (pyphen), column sizing and "keep with next"/row flags, the packaged A4 page setup and
language tags, embedding the font (DejaVu Sans, ~300 KiB), and the scrubber (metadata, fixed
dates, neutral package).
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def recipe(data: bytes) -> list[tuple[Any, ...]]:
    """The body of a .docx as plain values: ("p", style, runs) and ("t", style, rows)."""
    document = docx.Document(io.BytesIO(data))
    out: list[tuple[Any, ...]] = []
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            p = Paragraph(element, document)
            out.append(("p", p.style.name if p.style else "Normal",
                        [(r.text, r.bold, r.italic) for r in p.runs]))  # fmt: skip
        elif element.tag == W + "tbl":
            table = Table(element, document)
            out.append(("t", table.style.name if table.style else None,
                        [[c.text for c in row.cells] for row in table.rows]))  # fmt: skip
    return out


def write(recipe: list[tuple[Any, ...]]) -> bytes:
    document = docx.Document()
    for item in recipe:
        if item[0] == "p":
            _, style, runs = item
            paragraph = document.add_paragraph(style=style)
            for text, bold, italic in runs:
                run = paragraph.add_run(text)
                run.bold, run.italic = bold, italic
        else:
            _, style, rows = item
            table = document.add_table(rows=len(rows), cols=len(rows[0]), style=style)
            for i, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
                    if i == 0 and value:  # the header row
                        cell.paragraphs[0].runs[0].bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def texts(data: bytes) -> list[tuple[str, str]]:
    """(style or "table", text) of each body element in order: for the equality test."""
    out = []
    for kind, style, body in recipe(data):
        if kind == "p":
            out.append((style, "".join(t for t, _, _ in body)))
        else:
            out.append(("table", "|".join("/".join(row) for row in body)))
    return out
