"""Baseline for the per-case tracker: raw XlsxWriter writing the same cells, formats and charts.

Same sheets in the same order, the same cell values with the same types (strings, numbers, dates,
formulas), the same cell formats (bold, italic, font colour, fill, wrap, alignment, number format),
column widths and row heights as desistkit set them, frozen panes, the same Excel tables (range,
name, style, headers) and the same charts (type, series, categories, position).

Left out, on purpose: estimating row heights (desistkit dry-runs the text layout of wrapped cells;
the baseline takes the heights from the recipe), sizing columns, localisation and working out the
content, data validation lists, conditional formats, print setup, and the scrubber (metadata,
fixed dates, neutral package).
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import xlsxwriter

CHART_TYPES = {"LineChart": ("line", None), "BarChart": ("column", None), "PieChart": ("pie", None),
               "ScatterChart": ("scatter", None), "AreaChart": ("area", None)}  # fmt: skip


def _colour(colour: Any) -> str | None:
    rgb = getattr(colour, "rgb", None)
    return "#" + rgb[-6:] if isinstance(rgb, str) and len(rgb) >= 6 and rgb != "00000000" else None


def _format(cell: Any) -> tuple[Any, ...]:
    font, fill, align = cell.font, cell.fill, cell.alignment
    return (
        bool(font.b), bool(font.i), _colour(font.color),
        _colour(fill.fgColor) if fill.fill_type == "solid" else None,
        bool(align.wrap_text), align.horizontal, align.vertical,
        cell.number_format if cell.number_format != "General" else None,
    )  # fmt: skip


def recipe(data: bytes) -> list[dict[str, Any]]:
    """Every sheet's cells (value, type, format), sizes, panes, tables and charts as plain values."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = []
    for ws in book.worksheets:
        cells = []
        for row in ws.iter_rows():
            for cell in row:
                key = _format(cell)
                if cell.value is None and key == _format(ws["ZZ1000"]):
                    continue
                value = cell.value
                kind = {"f": "formula", "d": "date", "n": "number", "b": "boolean"}.get(
                    cell.data_type, "string"
                )
                if value is None:
                    kind = "blank"
                cells.append((cell.row - 1, cell.column - 1, kind, value, key))
        widths = {openpyxl.utils.column_index_from_string(k) - 1: d.width
                  for k, d in ws.column_dimensions.items() if d.customWidth}  # fmt: skip
        heights = {k - 1: d.height for k, d in ws.row_dimensions.items() if d.height is not None}
        tables = [(t.ref, t.name, t.tableStyleInfo.name if t.tableStyleInfo else None,
                   [c.name for c in t.tableColumns]) for t in ws.tables.values()]  # fmt: skip
        charts = []
        for chart in ws._charts:
            kind = CHART_TYPES[type(chart).__name__][0]
            if kind == "column" and getattr(chart, "type", "col") == "bar":
                kind = "bar"
            series = []
            for s in chart.series:
                cats = s.cat.numRef or s.cat.strRef if s.cat else None
                name = s.tx.strRef.f if s.tx and s.tx.strRef else (s.tx.v if s.tx else None)
                series.append({"values": "=" + s.val.numRef.f, "categories": "=" + cats.f if cats else None,
                               "name": "=" + name if s.tx and s.tx.strRef else name})  # fmt: skip
            anchor = chart.anchor._from
            charts.append({"type": kind, "series": series, "at": (anchor.row, anchor.col),
                           "title": _title(chart)})  # fmt: skip
        sheets.append({"name": ws.title, "cells": cells, "widths": widths, "heights": heights,
                       "freeze": ws.freeze_panes, "tables": tables, "charts": charts})  # fmt: skip
    return sheets


def _title(chart: Any) -> str | None:
    try:
        return "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    except AttributeError:
        return None


def write(recipe: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})  # fmt: skip
    formats: dict[tuple[Any, ...], Any] = {}

    def fmt(key: tuple[Any, ...]) -> Any:
        if key not in formats:
            bold, italic, colour, fill, wrap, horizontal, vertical, number = key
            props: dict[str, Any] = {"bold": bold, "italic": italic, "text_wrap": wrap}
            if colour:
                props["font_color"] = colour
            if fill:
                props["bg_color"] = fill
            if horizontal:
                props["align"] = horizontal
            if vertical:
                props["valign"] = {"center": "vcenter"}.get(vertical, vertical)
            if number:
                props["num_format"] = number
            formats[key] = book.add_format(props)
        return formats[key]

    for item in recipe:
        ws = book.add_worksheet(item["name"])
        for col, width in item["widths"].items():
            ws.set_column(col, col, width)
        for row, height in item["heights"].items():
            ws.set_row(row, height)
        for row, col, kind, value, key in item["cells"]:
            f = fmt(key)
            if kind == "string":
                ws.write_string(row, col, value, f)
            elif kind == "number":
                ws.write_number(row, col, value, f)
            elif kind == "date":
                ws.write_datetime(row, col, value, f)
            elif kind == "formula":
                ws.write_formula(row, col, value, f)
            elif kind == "boolean":
                ws.write_boolean(row, col, value, f)
            else:
                ws.write_blank(row, col, None, f)
        if item["freeze"]:
            ws.freeze_panes(item["freeze"])
        for ref, name, style, headers in item["tables"]:
            options: dict[str, Any] = {"name": name, "columns": [{"header": h} for h in headers]}
            if style:
                options["style"] = style
            ws.add_table(ref, options)
        for chart in item["charts"]:
            c = book.add_chart({"type": chart["type"]})
            for s in chart["series"]:
                c.add_series({k: v for k, v in s.items() if v is not None})
            if chart["title"]:
                c.set_title({"name": chart["title"]})
            ws.insert_chart(*chart["at"], c)
    book.close()
    return buffer.getvalue()


def sheets(data: bytes, main: str) -> tuple[list[str], list[list[Any]]]:
    """Sheet names and every cell value of the main sheet: for the equality test."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    values = [list(row) for row in book[main].iter_rows(values_only=True)]
    while values and all(v is None for v in values[-1]):
        values.pop()
    return book.sheetnames, values
