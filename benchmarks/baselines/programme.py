"""Baseline for the programme tracker: raw XlsxWriter in ``constant_memory`` mode, same cells.

The Cases sheet: the same legend and header rows and one row per session with the same cells (same
strings and numbers, typed as desistkit types them), streamed case by case. The three count sheets
(resources and challenges, goal attainment, knowledge status) with the same names, headings and
rows, counted with a ``Counter`` (each case once per factor, at the latest session that addressed
it; each goal once with its current status).

Left out, on purpose: the small-count suppression (counts 1-4 shown as <5 and the search for the
other cells to hide so no client can be singled out), checking that all cases were shared for the
same audience and day, cell formats and column widths, localisation of the fixed rows (they come
ready from the recipe), and the streaming scrubber (metadata, fixed dates, neutral package).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from typing import Any

import openpyxl
import xlsxwriter

import desistkit as dk


def recipe(data: bytes) -> dict[str, Any]:
    """The fixed rows of each sheet (legend, headings, header row), read off a programme tracker."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheets = []
    for ws in book.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        header = next(i for i, r in enumerate(rows) if sum(v is not None for v in r) > 3)
        sheets.append((ws.title, [[v for v in r if v is not None] or [] for r in rows[: header + 1]]))
    return {"sheets": sheets}


def write(cases: Iterable[Any], recipe: dict[str, Any], out: Any, lang: str = "en") -> None:
    """Stream the shared cases into ``out`` (a path or binary stream)."""
    loc = dk.get_localizer(lang)
    factors = dk.default_catalogue().factors
    stance = {s: loc.enum(s) for s in dk.Stance}
    valence = {v: loc.enum(v) for v in dk.Valence}
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})  # fmt: skip
    (name, fixed), *counted = recipe["sheets"]
    sheet = book.add_worksheet(name)
    others = [(book.add_worksheet(n), rows) for n, rows in counted]
    for row, values in enumerate(fixed):
        for col, value in enumerate(values):
            sheet.write(row, col, value)
    row = len(fixed) - 1
    valences: Counter[tuple[str, str]] = Counter()
    stances: Counter[tuple[str, str]] = Counter()
    goals: Counter[tuple[str, str]] = Counter()
    for item in cases:
        case = item.case
        setting = loc.enum(case.setting)
        latest: dict[str, Any] = {}
        for number, session in enumerate(case.chronological, 1):
            row += 1
            sheet.write_string(row, 0, case.reference)
            sheet.write_string(row, 1, setting)
            sheet.write_number(row, 2, number)
            sheet.write_string(row, 3, item.date_label(session.date, loc))
            sheet.write_string(row, 4, loc.enum(session.kind))
            if session.working_relationship is not None:
                sheet.write_number(row, 5, session.working_relationship.rating)
            reflections = {r.factor_id: r for r in session.reflections}
            latest.update(reflections)
            for i, factor in enumerate(factors):
                r = reflections.get(factor.id)
                if r is None:
                    continue
                if r.stance is not None:
                    sheet.write_string(row, 6 + 3 * i, stance[r.stance])
                sheet.write_string(row, 7 + 3 * i, valence[r.valence])
                if r.rating is not None:
                    sheet.write_number(row, 8 + 3 * i, r.rating)
        for factor in factors:
            r = latest.get(factor.id)
            valences[factor.id, valence[r.valence] if r else ""] += 1
            stances[factor.id, stance[r.stance] if r and r.stance is not None else ""] += 1
        for goal in case.goals:
            goals[setting, loc.enum(goal.status)] += 1
    for (ws, fixed_rows), counter in zip(others, (valences, goals, stances), strict=True):
        for r, values in enumerate(fixed_rows):
            for c, value in enumerate(values):
                ws.write(r, c, value)
        header = fixed_rows[-1]
        keys = sorted({k for k, _ in counter})
        for r, key in enumerate(keys, len(fixed_rows)):
            ws.write_string(r, 0, key)
            for c, column in enumerate(header[1:-1], 1):
                ws.write_number(r, c, counter[key, column])
            ws.write_number(r, len(header) - 1, sum(n for (k, _), n in counter.items() if k == key))
    book.close()
