"""Baseline for the CaseReflector deck: plain python-pptx writing the same slides.

Same slides, in the same order, with the same layouts, titles, texts (runs with their size, bold,
italic and colour), cell fills and the same charts (``add_chart`` with the same categories and
series). Where desistkit draws a grid of text boxes (the overview, the factor slides, the goals),
the baseline uses one real table per grid (``add_table``), a cell per box, spanning boxes merged.

Left out, on purpose (what desistkit does and this does not): measuring text and fitting it
(sizes, row heights, continuation slides are taken as desistkit decided them), localisation (texts
come ready from the recipe), the scrubber (metadata, fixed dates, neutral package), embedding the
font, the organisation's template and layouts, alt texts and shape names.
"""

from __future__ import annotations

import io
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

GAP = Emu(63500)  # 5 pt: boxes closer than this side by side belong to one grid


def recipe(data: bytes) -> list[dict[str, Any]]:
    """What is on each slide of a deck, as plain values a script could have written down."""
    slides = []
    for slide in Presentation(io.BytesIO(data)).slides:
        boxes, charts = [], []
        for shape in slide.shapes:
            if shape.is_placeholder:
                continue
            if shape.has_chart:
                plot = shape.chart.plots[0]
                charts.append(
                    {
                        "type": shape.chart.chart_type,
                        "geometry": (shape.left, shape.top, shape.width, shape.height),
                        "categories": [str(c) for c in plot.categories],
                        "series": [(s.name, list(s.values)) for s in plot.series],
                        "title": shape.chart.chart_title.text_frame.text if shape.chart.has_title else "",
                    }
                )
                continue
            fill = tuple(shape.fill.fore_color.rgb) if shape.fill.type == 1 else None
            paragraphs = [
                [
                    (
                        r.text,
                        None if r.font.size is None else int(r.font.size),
                        r.font.bold,
                        r.font.italic,
                        _rgb(r.font),
                    )
                    for r in p.runs
                ]
                for p in shape.text_frame.paragraphs
            ]
            boxes.append({"geometry": (shape.left, shape.top, shape.width, shape.height),
                          "fill": fill, "paragraphs": paragraphs})  # fmt: skip
        slides.append(
            {
                "layout": slide.slide_layout.name,
                "title": slide.shapes.title.text_frame.text,
                "grids": _grids(boxes),
                "charts": charts,
            }
        )
    return slides


def _rgb(font: Any) -> Any:
    try:
        return None if font.color.rgb is None else tuple(font.color.rgb)
    except AttributeError:  # no colour set, or a theme colour
        return None


def _grids(boxes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Boxes grouped into grids: side by side within GAP; a lone box stays a text box."""
    if not boxes:
        return []
    span = max(b["geometry"][0] + b["geometry"][2] for b in boxes) - min(b["geometry"][0] for b in boxes)
    wide = [b for b in boxes if b["geometry"][2] >= 0.8 * span]  # a paragraph across the slide
    grids: list[dict[str, Any]] = [{"cols": [], "rows": [], "cells": [b]} for b in wide]
    groups: list[list[dict[str, Any]]] = []
    for box in sorted((b for b in boxes if b not in wide), key=lambda b: b["geometry"][0]):
        left = box["geometry"][0]
        for group in groups:
            if any(left <= g["geometry"][0] + g["geometry"][2] + GAP for g in group):
                group.append(box)
                break
        else:
            groups.append([box])
    for group in groups:
        lefts = sorted({b["geometry"][0] for b in group})
        tops = sorted({b["geometry"][1] for b in group})
        if len(lefts) < 2 or len(tops) < 2:  # a column of paragraphs: text boxes, one per box
            grids.extend({"cols": [], "rows": [], "cells": [b]} for b in group)
            continue
        right = max(b["geometry"][0] + b["geometry"][2] for b in group)
        bottom = max(b["geometry"][1] + b["geometry"][3] for b in group)
        cols = [nxt - cur for cur, nxt in zip(lefts, [*lefts[1:], right], strict=True)]
        rows = [nxt - cur for cur, nxt in zip(tops, [*tops[1:], bottom], strict=True)]
        cells = []
        for b in group:
            left, top, width, _ = b["geometry"]
            c = lefts.index(left)
            span = sum(1 for x in lefts[c:] if x < left + width)
            cells.append({**b, "at": (tops.index(top), c, span)})
        grids.append({"origin": (lefts[0], tops[0]), "cols": cols, "rows": rows, "cells": cells})
    return grids


def write(recipe: list[dict[str, Any]]) -> bytes:
    """The same slides with plain python-pptx calls: tables for grids, charts, text boxes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for item in recipe:
        slide = prs.slides.add_slide(layouts[item["layout"]])
        slide.shapes.title.text = item["title"]
        for grid in item["grids"]:
            if not grid["cols"]:
                box = grid["cells"][0]
                shape = slide.shapes.add_textbox(*box["geometry"])
                shape.text_frame.word_wrap = True
                _fill(shape, box["fill"])
                _paragraphs(shape.text_frame, box["paragraphs"])
                continue
            left, top = grid["origin"]
            frame = slide.shapes.add_table(len(grid["rows"]), len(grid["cols"]), left, top,
                                           Emu(sum(grid["cols"])), Emu(sum(grid["rows"])))  # fmt: skip
            table = frame.table
            table.first_row = False
            table.horz_banding = False
            for i, width in enumerate(grid["cols"]):
                table.columns[i].width = Emu(width)
            for i, height in enumerate(grid["rows"]):
                table.rows[i].height = Emu(height)
            for box in grid["cells"]:
                r, c, span = box["at"]
                cell = table.cell(r, c)
                if span > 1:
                    cell.merge(table.cell(r, c + span - 1))
                _fill(cell, box["fill"])
                _paragraphs(cell.text_frame, box["paragraphs"])
        for chart in item["charts"]:
            data = CategoryChartData()
            data.categories = chart["categories"]
            for name, values in chart["series"]:
                data.add_series(name, values)
            frame = slide.shapes.add_chart(chart["type"], *chart["geometry"], data)
            if chart["title"]:
                frame.chart.has_title = True
                frame.chart.chart_title.text_frame.text = chart["title"]
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _fill(shape: Any, colour: Any) -> None:
    if colour is not None:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(*colour)


def _paragraphs(frame: Any, paragraphs: list[list[tuple[Any, ...]]]) -> None:
    for i, runs in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        for text, size, bold, italic, colour in runs:
            run = paragraph.add_run()
            run.text = text
            run.font.size, run.font.bold, run.font.italic = Emu(size) if size else Pt(10), bold, italic
            if colour is not None:
                run.font.color.rgb = RGBColor(*colour)


def texts(data: bytes) -> list[tuple[str, list[str]]]:
    """Each slide's title and the texts on it (boxes, table cells), sorted: for the equality test."""
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        found = []
        for shape in slide.shapes:
            if shape.is_placeholder:
                continue
            if shape.has_table:
                found += [c.text_frame.text for row in shape.table.rows for c in row.cells
                          if not c.is_spanned]  # fmt: skip
            elif shape.has_text_frame:
                found.append(shape.text_frame.text)
            elif shape.has_chart:
                found.append("chart:" + str(shape.chart.chart_type))
        out.append((slide.shapes.title.text_frame.text, sorted(t for t in found if t)))
    return out
