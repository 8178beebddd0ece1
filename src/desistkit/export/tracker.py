"""The Excel tracker for one case: sessions in long form, goals, working relationship, factors, charts.

Takes a :class:`~desistkit.sharing.SharedCase`; what the audience may not see is already gone or
withheld. Written with XlsxWriter: native charts, data validation, Excel tables, deterministic.

Sheets (names from the ``tracker.sheet`` labels):

- Overview: the case facts, the audience marking, the team (agencies and roles), a legend.
- Sessions: one row per note (session x factor x note); a factor addressed without a note has one
  row without stance and note. Session date and kind, valence, rating and priorities repeat on each
  row of their session or reflection, so that filters and pivot tables work on every row.
- Goals: one row per status change; the goal's wording, agreement, factors, owner, review date and
  shareable mark repeat on each of its rows.
- Working relationship: one row per session (rating empty when not rated).
- Agencies: each agency's view of each factor at each conference, and the actions agreed
  (:mod:`desistkit.export._tracker_agencies`; not read back).
- Factors: the catalogue, and the value lists the dropdowns refer to.
- Charts: ratings over time per category, stances per session, with the numbers beside them.

Every text goes in with ``write_string`` and the workbook has ``strings_to_formulas`` off: a note
beginning with ``=``, ``+``, ``-`` or ``@`` stays text. Machine-readable defined names (see
:mod:`desistkit.formats.tracker`) let :func:`desistkit.importing.read_tracker` read it back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from desistkit.core._gc import paused_gc
from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.model import RATING_MAX, RATING_MIN, Note, Stance
from desistkit.export._ooxml import PackageError, scrub
from desistkit.export._tracker_agencies import write_agencies
from desistkit.export.content import STANCE_COLOURS, CaseContent, case_content
from desistkit.formats import tracker as layout
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = ["MAX_CELL_TEXT", "tracker_xlsx"]

MAX_CELL_TEXT = 32_767
"""Excel's limit for the text in one cell; a longer note is refused rather than cut."""

SPARE_ROWS = 1_000
"""Rows below the data that still get dropdowns and colours, for the sessions a caseworker adds."""


def _light(colour: str, white: float = 0.75) -> str:
    """``colour`` mixed with ``white`` parts of white: a cell fill for black text."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)


# Fills for conditional formatting: light enough for black text (contrast >= 7:1), told apart by
# their words as well as their colour. The stances in the light tints of the one stance palette the
# charts of every document use (STANCE_COLOURS).
_GREEN, _AMBER, _BLUE, _RED, _GREY = "#CDE8D0", "#FCE4B8", "#D3E3F6", "#F6D0CC", "#E4E4E4"
_FILLS = {
    "stance": {s.value: _light(STANCE_COLOURS[s]) for s in Stance},
    "valence": {"resource": _GREEN, "challenge": _RED, "ambivalent": _AMBER, "unclear": _GREY},
    "status": {"achieved": _GREEN, "in_progress": _AMBER, "open": _BLUE, "dropped": _GREY},
}
_HEADER_FILL = "#E8EEF4"
_TABLE_STYLE = "Table Style Light 1"


def tracker_xlsx(shared: SharedCase, localizer: Localizer, *, catalogue: Catalogue | None = None) -> bytes:
    """The case tracker as .xlsx bytes, in the localizer's language, for the shared case's audience."""
    import xlsxwriter

    shared = require_shared(shared).localized(localizer)
    cat = localizer.catalogue(catalogue or default_catalogue())
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,  # a note "=cmd|..." is text, never a formula
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": _excel_date_format(localizer),
        },
    )
    # ~110,000 cell objects for 100 sessions and no reference cycle among them (core/_gc.py)
    with paused_gc():
        content = case_content(shared, localizer, catalogue)
        _Tracker(workbook, shared, localizer, cat, content, source=catalogue).write()
        workbook.close()
    title = localizer.text("document.case", reference=shared.case.reference)
    return scrub(buffer.getvalue(), title=title, language=localizer.tag)


def _excel_date_format(loc: Localizer) -> str:
    """The locale's short date pattern as an Excel number format, always with a four-digit year."""
    pattern = loc.locale.date_formats["short"].pattern
    out = []
    for token in re.findall(r"'[^']*'|y+|M+|d+|.", pattern):
        if token[0] == "y":
            out.append("yyyy")
        elif token[0] == "M":
            out.append("mm" if len(token) >= 2 else "m")
        elif token[0] == "d":
            out.append("dd" if len(token) >= 2 else "d")
        elif token.startswith("'"):
            literal = token.strip("'")
            out.append(f'"{literal}"' if literal else "")
        elif token == " ":
            out.append(" ")
        elif token.isalpha():
            return "yyyy-mm-dd"  # a pattern with month names or eras: ISO rather than a guess
        else:
            out.append("\\" + token)  # '/' and '.' as they are, not the system's date separator
    return "".join(out)


def _too_long(where: str) -> PackageError:
    return PackageError(f"{where} is longer than the {MAX_CELL_TEXT} characters an Excel cell holds")


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _cell(row: int, col: int, *, absolute: bool = True) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return str(xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute))


def _sheet_names(loc: Localizer) -> dict[str, str]:
    """The sheet names: Excel allows 31 characters, none of : \\ / ? * [ ], unique ignoring case."""
    names: dict[str, str] = {}
    for key in layout.SHEETS:
        name = re.sub(r"[:\\/?*\[\]]", " ", loc.text(layout.sheet_label(key))).strip().strip("'")[:31]
        name = name or key
        taken = {n.casefold() for n in names.values()}
        n = 2
        while name.casefold() in taken:
            name = f"{name[: 31 - len(str(n)) - 1]} {n}"
            n += 1
        names[key] = name
    return names


class _Tracker:
    def __init__(
        self,
        workbook: Any,
        shared: SharedCase,
        loc: Localizer,
        cat: Catalogue,
        content: CaseContent,
        *,
        source: Catalogue | None = None,
    ) -> None:
        self.wb, self.shared, self.loc, self.cat, self.content = workbook, shared, loc, cat, content
        self.source = source  # the catalogue as given (``cat`` is it in the tracker's language)
        self.case = shared.case
        self.sessions = self.case.chronological
        self.names = _sheet_names(loc)
        self.vocab = layout.vocabularies(loc)
        self.words = {kind: dict(pairs) for kind, pairs in self.vocab.items()}
        self.lists: dict[str, str] = {}  # vocabulary kind -> absolute range on the factors sheet
        self.day = shared.dates == "day"
        self.widths: dict[tuple[int, int], float] = {}  # (sheet, column) -> width in characters
        # id(note) -> (session index, factor id, note kind, index): where it stands in the case file,
        # spelt out only for the message about a note too long for a cell
        self.note_paths: dict[int, tuple[Any, str, str, int]] = {}
        self.heights: dict[tuple[int, int], float] = {}  # (sheet, row) -> height in points
        # (column width, text) -> the height in points the text needs: list words, factor and
        # category names repeat on every row of the long sheets and are measured once
        self.fits: dict[tuple[float, str], float] = {}
        f = workbook.add_format
        self.fmt = {
            "header": f({"bold": True, "text_wrap": True, "valign": "top", "bg_color": _HEADER_FILL,
                         "bottom": 1}),
            "title": f({"bold": True, "font_size": 14}),
            "bold": f({"bold": True}),
            "label": f({"bold": True, "valign": "top"}),  # beside a value that may wrap
            "wrap": f({"text_wrap": True, "valign": "top"}),
            "top": f({"valign": "top"}),
            "date": f({"num_format": _excel_date_format(loc), "valign": "top", "align": "left"}),
            "withheld": f({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"}),
            "rating": f({"valign": "top", "align": "center"}),
            "mark": f({"valign": "top", "align": "center"}),
            "number": f({"num_format": "0.0"}),
        }  # fmt: skip
        # the formats most cells take, looked up once; the rows of wrap and withheld cells grow
        self.wrap, self.withheld, self.top = self.fmt["wrap"], self.fmt["withheld"], self.fmt["top"]

    # --- the workbook ----------------------------------------------------------------------------

    def write(self) -> None:
        wb, loc = self.wb, self.loc
        sheets = {key: wb.add_worksheet(name) for key, name in self.names.items()}
        self._lists_layout()
        self._overview(sheets["overview"])
        self._sessions(sheets["sessions"])
        self._goals(sheets["goals"])
        self._relationship(sheets["relationship"])
        write_agencies(self, sheets["agencies"])
        self._factors(sheets["catalogue"])
        self._charts(sheets["charts"])
        for key, ws in sheets.items():
            _print_setup(ws, repeat_header=key not in ("overview", "charts"))
        wb.define_name(layout.VERSION_NAME, f"={layout.FORMAT_VERSION}")
        wb.define_name(layout.AUDIENCE_NAME, f'="{self.shared.audience}"')
        wb.define_name(layout.LANG_NAME, f'="{loc.language}"')
        sheets["overview"].activate()

    def _name(self, table: str, column: str, sheet: str, row: int, col: int) -> None:
        self.wb.define_name(layout.defined_name(table, column), f"={_quote(sheet)}!{_cell(row, col)}")

    def _text(self, ws: Any, row: int, col: int, text: str, fmt: Any = None, *, where: str = "") -> None:
        if len(text) > MAX_CELL_TEXT:
            raise _too_long(where or "a text")
        if fmt is None:
            fmt = self.wrap
        ws.write_string(row, col, text, fmt)
        if fmt is self.wrap or fmt is self.withheld:
            self._grow(ws, row, col, text)

    def _column(self, ws: Any, col: int, width: float) -> None:
        ws.set_column(col, col, width)
        self.widths[(id(ws), col)] = width

    def _grow(self, ws: Any, row: int, col: int, text: str) -> None:
        """Make the row tall enough for wrapped text: LibreOffice keeps the stored row height, and a
        note that spills over the next row cannot be read. Measured with the bundled font, which
        is a little wider than Calibri, so the estimate errs on the generous side."""
        width = self.widths.get((id(ws), col), 8.43)
        if len(text) < width * 0.9 and "\n" not in text:
            return  # fits on one line
        points = self.fits.get((width, text))
        if points is None:
            from desistkit.export._fit import PT, Block, advances

            width_mm = width * 7 * 25.4 / 96  # a column `width` characters wide, Calibri 11 at 96 dpi
            # The font's advance widths (tests/test_fit.py: line for line what fpdf2's layout gives,
            # at a hundredth of the time); spaces at a line's end take no room, as in fpdf2 and Excel.
            lines = "\n".join(line.rstrip(" ") for line in text.split("\n"))
            points = self.fits[width, text] = advances().height(Block(lines), 11, width_mm) / PT + 4
        key = (id(ws), row)
        if points > self.heights.get(key, 15):
            self.heights[key] = points
            ws.set_row(row, min(points, 409))  # Excel's largest row height

    def _date(self, ws: Any, row: int, col: int, day: dt.date | None, field: str = "session.date") -> None:
        """A real date where the audience may see the day; otherwise the month or programme week, as words.
        ``field``: the policy's date field the date belongs to (each has its own precision)."""
        if day is None:
            return
        if self.shared.date_precision(field) == "day":
            ws.write_datetime(row, col, dt.datetime(day.year, day.month, day.day), self.fmt["date"])
        else:
            ws.write_string(row, col, self.shared.date_label(day, self.loc, field), self.top)

    def _note_text(self, ws: Any, row: int, col: int, note: Note) -> None:
        text = note.text
        if self.shared.is_withheld(text):
            # The reason where there is only one (consent expired in April 2026); else the general words.
            reasons = self.content.title.withheld
            why = reasons[0].value if len(reasons) == 1 else self.loc.text("withheld.wording")
            self._text(ws, row, col, why, self.withheld)
        else:
            found = self.note_paths.get(id(note)) if len(text) > MAX_CELL_TEXT else None
            where = "a note"
            if found is not None:  # where it stands, spelt out only for the message about its length
                session, factor, kind, n = found
                where = f"the note at sessions[{session}].reflections.{factor}.{kind}[{n}].text"
            self._text(ws, row, col, text, self.wrap, where=where)

    def _mark(self, ws: Any, row: int, col: int, value: bool) -> None:
        if value:
            ws.write_string(row, col, layout.SHAREABLE_MARK, self.fmt["mark"])

    def _table(
        self,
        ws: Any,
        table: layout.Table,
        first_row: int,
        rows: int,
        first_col: int = 0,
        *,
        spare: bool = True,
        ids: Sequence[str] = (),
    ) -> None:
        """An Excel table with a filter, localised unique headers, defined names on the headers,
        column widths, and dropdowns and colours on the data rows (and spare rows below)."""
        columns = table.columns
        headers: list[str] = []
        for column in columns:
            header = layout.label(self.loc, column.label)
            while header.casefold() in {h.casefold() for h in headers}:
                header += " "  # a table needs unique headers; a translation might repeat one
            headers.append(header)
        last_row = first_row + max(rows, 1)
        ws.add_table(
            first_row, first_col, last_row, first_col + len(columns) - 1,
            {
                "name": table.excel_name,
                "style": _TABLE_STYLE,
                "columns": [{"header": h, "header_format": self.fmt["header"]} for h in headers],
            },
        )  # fmt: skip
        sheet = self.names[table.sheet]
        end = last_row + (SPARE_ROWS if spare else 0)
        for i, column in enumerate(columns):
            col = first_col + i
            width = column.width
            if column.kind in self.vocab:  # as wide as the longest word in this language, within reason
                width = max(width, min(30, max(len(w) for _, w in self.vocab[column.kind]) + 3))
            elif column.kind == "id" and ids:
                width = max(width, min(30, max(len(i) for i in ids) + 2))
            longest = max((len(word) for word in headers[i].split()), default=0)
            width = max(width, longest * 1.15 + 2)  # a header word is never broken (bold is wider)
            self._column(ws, col, width)
            self._grow(ws, first_row, col, headers[i] + " ")  # bold: a little wider
            self._name(table.name, column.key, sheet, first_row, col)
            self._validate(ws, column, first_row + 1, col, end)

    def _validate(self, ws: Any, column: layout.Column, first: int, col: int, last: int) -> None:
        kind = column.kind
        if kind in self.lists:
            ws.data_validation(first, col, last, col, {"validate": "list", "source": self.lists[kind]})
            for value, fill in _FILLS.get(kind, {}).items():
                word = self.words[kind][value].replace('"', '""')
                rule = {"type": "cell", "criteria": "==", "value": f'"{word}"',
                        "format": self.wb.add_format({"bg_color": fill})}  # fmt: skip
                ws.conditional_format(first, col, last, col, rule)
        elif kind == "rating":
            rule = {
                "validate": "integer",
                "criteria": "between",
                "minimum": RATING_MIN,
                "maximum": RATING_MAX,
            }
            ws.data_validation(first, col, last, col, rule)
            ws.conditional_format(first, col, last, col, {
                "type": "3_color_scale",
                "min_type": "num", "min_value": RATING_MIN, "min_color": "#F6D0CC",
                "mid_type": "num", "mid_value": (RATING_MIN + RATING_MAX) // 2, "mid_color": "#FCF3C8",
                "max_type": "num", "max_value": RATING_MAX, "max_color": "#CDE8D0",
            })  # fmt: skip
        elif kind == "mark":
            ws.data_validation(first, col, last, col, {"validate": "list", "source": [layout.SHAREABLE_MARK]})
        elif kind == "factor_id":
            ws.data_validation(first, col, last, col, {"validate": "list", "source": self.lists["factor_id"]})
        elif kind == "date" and self.day:
            ws.data_validation(first, col, last, col, {
                "validate": "date", "criteria": "between",
                "minimum": dt.date(1990, 1, 1), "maximum": dt.date(2100, 12, 31),
            })  # fmt: skip

    # --- the value lists -------------------------------------------------------------------------

    def _lists_layout(self) -> None:
        """Where each dropdown's values go on the factors sheet: beside the factor table, one per column.

        Excel drops an inline list longer than 255 characters, and translated lists easily are, so
        every dropdown refers to a range."""
        sheet = _quote(self.names["catalogue"])
        n = len(self.cat.factors)
        self.lists["factor_id"] = f"={sheet}!{_cell(1, 0)}:{_cell(n, 0)}"
        self.list_col = 5  # after the factor table (A-D) and one empty column
        for i, (kind, pairs) in enumerate(self.vocab.items()):
            col = self.list_col + i
            self.lists[kind] = f"={sheet}!{_cell(1, col)}:{_cell(len(pairs), col)}"

    # --- the sheets ------------------------------------------------------------------------------

    def _overview(self, ws: Any) -> None:
        loc, case, shared, sheet = self.loc, self.case, self.shared, self.names["overview"]
        for col, width in ((0, 30), (1, 46), (2, 14), (4, 26), (5, 60)):
            self._column(ws, col, width)
        title = self.content.title
        self._text(ws, 0, 0, title.title, self.fmt["title"])
        self._text(ws, 1, 0, title.marking, self.fmt["bold"])
        row = 3
        facts: list[tuple[layout.Column, Any]] = [
            (layout.CASE_FACTS[0], case.reference),
            (layout.CASE_FACTS[1], self.words["setting"][case.setting.value]),
            (layout.CASE_FACTS[2], case.programme),
            (layout.CASE_FACTS[3], case.opened),
        ]
        for column, value in facts:
            self._text(ws, row, 0, layout.label(loc, column.label), self.fmt["label"])
            if isinstance(value, dt.date):
                self._date(ws, row, 1, value, "opened")
            elif value is not None:
                self._text(ws, row, 1, value)
            self._name(layout.CASE_TABLE.name, column.key, sheet, row, 1)
            row += 1
        ws.data_validation(4, 1, 4, 1, {"validate": "list", "source": self.lists["setting"]})
        if shared.age_band:
            self._text(ws, row, 0, loc.text("document.age_band"), self.fmt["label"])
            self._text(ws, row, 1, shared.age_band)
            row += 1
        # The sentences under the title, as every document says them (setting and programme are
        # above, in the cells the import reads).
        for fact in (title.period, title.exported, title.pseudonym_notice, *title.withheld):
            if fact is not None:
                self._text(ws, row, 0, fact.line, self.top)
                row += 1
        row += 1
        self._text(ws, row, 0, loc.text("document.participants"), self.fmt["bold"])
        row += 1
        self._table(ws, layout.TEAM_TABLE, row, len(case.team), spare=False)
        for i, member in enumerate(case.team, start=row + 1):
            self._text(ws, i, 0, member.agency)
            self._text(ws, i, 1, member.role)
            self._mark(ws, i, 2, member.lead)
        self._legend(ws)
        ws.freeze_panes(1, 0)

    def _legend(self, ws: Any) -> None:
        """Right of the facts, so that the team table can grow downwards."""
        loc, col = self.loc, 4
        self._text(ws, 3, col, loc.text("document.legend"), self.fmt["label"])
        self._text(ws, 4, col, loc.text("document.rating"), self.top)
        self._text(ws, 4, col + 1, loc.text("document.rating_scale"))
        self._text(ws, 5, col, loc.text("document.working_relationship"), self.top)
        self._text(ws, 5, col + 1, loc.text("document.working_relationship_scale"))
        row = 7
        for kind, fills in _FILLS.items():
            for value, fill in fills.items():
                fmt = self.wb.add_format({"bg_color": fill, "border": 1, "border_color": "#BFBFBF"})
                self._text(ws, row, col, self.words[kind][value], fmt)
                row += 1
            row += 1

    def _sessions(self, ws: Any) -> None:
        rows = list(self._session_rows())
        ids = [s.id for s in self.sessions]
        self._table(ws, layout.SESSIONS_TABLE, 0, len(rows), ids=ids)
        for r, values in enumerate(rows, start=1):
            for c, (column, value) in enumerate(zip(layout.SESSIONS, values, strict=True)):
                self._value(ws, r, c, column, value)
        ws.freeze_panes(1, 0)

    def _session_rows(self) -> Any:
        cat, words = self.cat, self.words
        index = {id(s): i for i, s in enumerate(self.case.sessions)}  # the case file's order, for paths
        for session in self.sessions:
            head = [session.date, words["kind"][session.kind.value]]
            for r in session.reflections:
                factor = cat.factor(r.factor_id) if r.factor_id in cat else None
                info = [factor.name if factor else "", factor.category.name if factor else ""]
                tail = [
                    words["valence"][r.valence.value],
                    r.rating,
                    words["priority"][r.client_priority.value] if r.client_priority else None,
                    words["priority"][r.caseworker_priority.value] if r.caseworker_priority else None,
                    session.id,
                    r.factor_id,
                ]
                lists = (r.known, r.assumed, r.open, r.gender_lens, r.discrimination)
                noted = False
                for kind, notes in zip(layout.NOTE_KINDS, lists, strict=True):
                    for n, note in enumerate(notes):
                        noted = True
                        place = (index.get(id(session), "?"), r.factor_id, kind, n)
                        self.note_paths[id(note)] = place
                        perspective = words["perspective"][note.perspective.value]
                        yield [*head, *info, words["stance"][kind], note, perspective, note.shareable, *tail]
                if not noted:
                    yield [*head, *info, None, None, None, False, *tail]

    def _value(
        self, ws: Any, row: int, col: int, column: layout.Column, value: Any, field: str = "session.date"
    ) -> None:
        if value is None:
            return
        kind = column.kind
        if type(value) is str and kind != "mark" and kind != "rating":  # most cells: words and ids
            if len(value) > MAX_CELL_TEXT:
                raise _too_long("a text")
            if kind == "id" or kind == "factor_id":  # ids do not wrap
                ws.write_string(row, col, value, self.top)
            else:  # words wrap (and the row grows): translated list words can be long
                ws.write_string(row, col, value, self.wrap)
                self._grow(ws, row, col, value)
        elif isinstance(value, Note):
            self._note_text(ws, row, col, value)
        elif column.kind == "mark":
            self._mark(ws, row, col, bool(value))
        elif column.kind == "rating":
            ws.write_number(row, col, value, self.fmt["rating"])
        elif isinstance(value, dt.date):
            self._date(ws, row, col, value, field)
        else:  # words wrap (and the row grows): translated list words can be long; ids do not
            wrap = column.kind not in ("id", "factor_id")
            self._text(ws, row, col, str(value), self.wrap if wrap else self.top)

    def _relationship(self, ws: Any) -> None:
        words = self.words
        ids = [s.id for s in self.sessions]
        self._table(ws, layout.RELATIONSHIP_TABLE, 0, len(self.sessions), ids=ids)
        for r, session in enumerate(self.sessions, start=1):
            wr = session.working_relationship
            note = wr.note if wr else None
            values = [
                session.date,
                words["kind"][session.kind.value],
                wr.rating if wr else None,
                note,
                words["perspective"][note.perspective.value] if note else None,
                note.shareable if note else False,
                session.id,
            ]
            for c, (column, value) in enumerate(zip(layout.RELATIONSHIP, values, strict=True)):
                self._value(ws, r, c, column, value)
        ws.freeze_panes(1, 0)

    def _goals(self, ws: Any) -> None:
        words, shared, loc, cat = self.words, self.shared, self.loc, self.cat
        not_released = loc.text("withheld.wording")
        rows = []
        for goal in self.case.goals:
            wording = not_released if shared.is_withheld(goal.wording) else goal.wording
            # Factors by name and known roles in words: the sheet is read by people; the import
            # reads names as well as ids, and the role words in every language.
            factors = ", ".join(cat.factor(f).name if f in cat else f for f in goal.factors)
            owner = goal.owner_role
            if owner in layout.OWNER_ROLES:
                owner = loc.text(f"goal_owner.{owner}")
            for change in goal.history:
                rows.append([
                    wording, words["agreement"][goal.agreement.value],
                    words["status"][change.status.value], change.date, factors if goal.factors else None,
                    owner, goal.review_date, goal.shareable, goal.id,
                ])  # fmt: skip
        self._table(ws, layout.GOALS_TABLE, 0, len(rows), ids=[g.id for g in self.case.goals])
        for r, values in enumerate(rows, start=1):
            for c, (column, value) in enumerate(zip(layout.GOALS, values, strict=True)):
                if column.key == "goal" and value == not_released:
                    self._text(ws, r, c, value, self.withheld)
                else:
                    self._value(ws, r, c, column, value, "goal.dates")
        ws.freeze_panes(1, 0)

    def _factors(self, ws: Any) -> None:
        """The catalogue as a table (id, name, category in its colour, description), and the value
        lists of the dropdowns beside it."""
        cat, loc = self.cat, self.loc
        columns = layout.CATALOGUE
        ws.add_table(0, 0, len(cat.factors), len(columns) - 1, {
            "name": "Factors", "style": _TABLE_STYLE,
            "columns": [{"header": layout.label(loc, c.label), "header_format": self.fmt["header"]}
                        for c in columns],
        })  # fmt: skip
        for i, column in enumerate(columns):
            self._column(ws, i, column.width)
        fills: dict[str, Any] = {}
        for r, factor in enumerate(cat.factors, start=1):
            fill = fills.setdefault(
                factor.category.id,
                self.wb.add_format({"bg_color": factor.colour, "font_color": "#FFFFFF", "bold": True,
                                    "valign": "top", "text_wrap": True}),
            )  # fmt: skip
            ws.write_string(r, 0, factor.id, self.top)
            self._text(ws, r, 1, factor.name)
            ws.write_string(r, 2, factor.category.name, fill)
            self._text(ws, r, 3, factor.description)
        headers = {kind: layout.label(loc, key) for kind, key in layout.LIST_HEADERS.items()}
        for i, (kind, pairs) in enumerate(self.vocab.items()):
            col = self.list_col + i
            ws.write_string(0, col, headers[kind], self.fmt["header"])
            ws.set_column(col, col, max(12, min(28, max(len(w) for _, w in pairs) + 2)))
            for r, (_, word) in enumerate(pairs, start=1):
                ws.write_string(r, col, word)
        ws.freeze_panes(1, 0)

    def _charts(self, ws: Any) -> None:
        loc, cat, sheet = self.loc, self.cat, self.names["charts"]
        sessions = self.sessions
        labels = [self.shared.date_label(s.date, loc) for s in sessions]
        # Ratings over time: per category, the mean of each factor's latest rating up to that session.
        latest: dict[str, int] = {}
        means: list[list[float | None]] = []
        for session in sessions:
            for r in session.reflections:
                if r.rating is not None:
                    latest[r.factor_id] = r.rating
            row: list[float | None] = []
            for category in cat.categories:
                values = [latest[f.id] for f in cat.factors_in(category.id) if f.id in latest]
                row.append(round(sum(values) / len(values), 2) if values else None)
            means.append(row)
        header = [loc.text("document.session"), *(c.name for c in cat.categories)]
        self._column(ws, 0, 22)
        for c in range(1, len(header)):
            self._column(ws, c, 16)
        for c, text in enumerate(header):
            self._text(ws, 0, c, text, self.fmt["header"])
            self._grow(ws, 0, c, text + " ")
        for i, (label, row) in enumerate(zip(labels, means, strict=True), start=1):
            ws.write_string(i, 0, label)
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.write_number(i, c, value, self.fmt["number"])
        # The knowledge state per session, as in every document (see the content's stances chart).
        top = len(sessions) + 3
        knowledge = self.content.stances_chart
        stance_header = [loc.text("document.session"), *(s.name for s in knowledge.series)]
        for c, text in enumerate(stance_header):
            ws.write_string(top, c, text, self.fmt["header"])
        for i, label in enumerate(knowledge.categories):
            ws.write_string(top + 1 + i, 0, label)
            for c, series in enumerate(knowledge.series, start=1):
                ws.write_number(top + 1 + i, c, series.values[i] or 0)
        if not sessions:
            return
        n = len(sessions)
        col = len(header) + 1
        ratings = self.wb.add_chart({"type": "line"})
        for c, category in enumerate(cat.categories, start=1):
            ratings.add_series({
                "name": [sheet, 0, c],
                "categories": [sheet, 1, 0, n, 0],
                "values": [sheet, 1, c, n, c],
                "line": {"color": category.colour, "width": 2.25},
                "smooth": False,
                "marker": {"type": "circle", "size": 5, "fill": {"color": category.colour},
                           "border": {"color": category.colour}},
            })  # fmt: skip
        ratings.set_title({"name": loc.text("tracker.ratings_chart")})
        ratings.set_y_axis(
            {"min": RATING_MIN, "max": RATING_MAX, "major_unit": 1, "name": loc.text("document.rating")}
        )
        ratings.set_legend({"position": "bottom"})
        ratings.show_blanks_as("span")
        ws.insert_chart(0, col, ratings, {"x_scale": 1.6, "y_scale": 1.3,
                                          "description": loc.text("tracker.ratings_chart_alt")})  # fmt: skip
        stances = self.wb.add_chart({"type": "column", "subtype": "stacked"})
        for c, series in enumerate(knowledge.series, start=1):
            stances.add_series({
                "name": [sheet, top, c],
                "categories": [sheet, top + 1, 0, top + n, 0],
                "values": [sheet, top + 1, c, top + n, c],
                "fill": {"color": series.colour},
            })  # fmt: skip
        stances.set_title({"name": loc.text("tracker.stances_chart")})
        stances.set_y_axis({"name": loc.text("document.factor"), "major_gridlines": {"visible": True}})
        stances.set_legend({"position": "bottom"})
        alt = knowledge.alt
        ws.insert_chart(21, col, stances, {"x_scale": 1.6, "y_scale": 1.3, "description": alt})
        ws.freeze_panes(1, 0)


def _print_setup(ws: Any, *, repeat_header: bool) -> None:
    """A4 landscape, as wide as the page, the header row on every page."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if repeat_header:
        ws.repeat_rows(0)
