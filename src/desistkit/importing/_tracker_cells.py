"""The tracker's cells: tables found by their defined names, and each cell's value read and checked.

:class:`Sheets` is the lower half of the tracker reader (:mod:`desistkit.importing.tracker` builds
the case from what it reads). It finds a table by the defined names of
:mod:`desistkit.formats.tracker`, walks its rows, and turns each cell into a value of its column's
kind (an id, a date, a word of a list, a rating, the shareable mark, factors), reporting every cell
it cannot read at its place (``Sitzungen!L7``). A message never repeats free text, and repeats a
short value only when it looks like a mistyped word of the list (``"Asumed"``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import DocumentError, Problem
from desistkit.core.model import ID_PATTERN, echoable
from desistkit.formats import tracker as layout
from desistkit.i18n.localizer import Localizer, UnknownLanguageError, get_localizer
from desistkit.importing.toolkit import (
    RATING_RANGE,
    Problems,
    Vocabulary,
    factor_list,
    factor_names,
    fold,
    is_rating,
    languages,
    parse_date,
    vocabulary,
    whole_number,
)

__all__ = ["Cell", "Sheets", "Slot", "cell_ref"]

_ID = re.compile(ID_PATTERN)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def cell_ref(sheet: str, row: int, col: int) -> str:
    """A cell's place as Excel writes it: ``Sessions!L7``, ``'Sitzungen 2025'!L7``."""
    from openpyxl.utils import get_column_letter

    quoted = sheet if re.fullmatch(r"[^\W\d]\w*", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{get_column_letter(col)}{row}"


def _unescape(text: str) -> str:
    """OOXML keeps characters XML cannot hold as _xHHHH_ (and a literal '_x' as _x005F_x)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


@attrs.define
class Cell:
    """A cell's value (None: empty) and its place."""

    value: Any
    where: str
    bad: bool = False  # a problem was reported for it: not "empty" for the checks that follow


@attrs.define
class Slot:
    """A value of a group (a session's date, a reflection's rating) and the first cell that gave it."""

    value: Any = None
    where: str | None = None


class Sheets:
    """Reads the cells of a tracker workbook (openpyxl, read-only), collecting problems."""

    def __init__(self, source: str, workbook: Any, catalogue: Catalogue, problems: Problems) -> None:
        self.source, self.wb, self.problems = source, workbook, problems
        self.source_catalogue = catalogue
        self.names: dict[str, Any] = dict(workbook.defined_names.items())

    # --- problems --------------------------------------------------------------------------------

    def problem(self, where: str, message: str) -> None:
        self.problems.add(where, message)

    def bad(self, cell: Cell, message: str) -> None:
        cell.bad = True
        self.problem(cell.where, message)

    def fail(self, message: str) -> DocumentError:
        return DocumentError(self.source, [Problem("", message)])

    # --- the workbook ----------------------------------------------------------------------------

    def constant(self, name: str) -> str | None:
        """The text of a constant defined name (``desistkit.lang`` -> ``de``); None when missing."""
        definition = self.names.get(name)
        if definition is None:
            return None
        return str(definition.attr_text).strip().strip('"').lstrip("=").strip('"')

    def place(self, table: str, column: str) -> tuple[str, int, int] | None:
        """The sheet, row and column a defined name points at; None when it is gone or broken."""
        from openpyxl.utils.cell import coordinate_to_tuple

        definition = self.names.get(layout.defined_name(table, column))
        if definition is None:
            return None
        try:
            destinations = list(definition.destinations)
        except (ValueError, TypeError, AttributeError):
            return None
        if len(destinations) != 1:
            return None
        sheet, coordinate = destinations[0]
        if sheet not in self.wb.sheetnames:
            return None
        try:
            row, col = coordinate_to_tuple(coordinate.replace("$", "").split(":")[0])
        except (ValueError, TypeError):
            return None
        return sheet, row, col

    def use_language(self, lang: str) -> None:
        """Read the words of the list columns and the factor names in this language (and the others
        :func:`~desistkit.importing.toolkit.languages` accepts); refuse a language not known."""
        try:
            self.loc: Localizer = get_localizer(lang)
        except UnknownLanguageError:
            raise self.fail("names a language desistkit does not have") from None
        self.catalogue = self.loc.catalogue(self.source_catalogue)
        by_language = {other.language: layout.vocabularies(other) for other in languages(self.loc)}

        def words(kind: str) -> Callable[[Localizer], list[tuple[str, str]]]:
            return lambda other: by_language[other.language][kind]

        own = by_language[self.loc.language]
        self.vocab: dict[str, Vocabulary[str]] = {
            kind: vocabulary(self.loc, words(kind), [(value, value) for value, _ in pairs])
            for kind, pairs in own.items()
        }
        self.factor_names = factor_names(self.loc, self.source_catalogue)
        roles = layout.OWNER_ROLES
        self.owners: Vocabulary[str] = vocabulary(
            self.loc,
            lambda other: [(r, other.text(f"goal_owner.{r}")) for r in roles],
            [(r, r) for r in roles],
        )

    # --- tables ----------------------------------------------------------------------------------

    def rows(
        self, table: layout.Table, *, until_blank: bool = False
    ) -> Iterator[tuple[int, dict[str, Cell]]]:
        """The table's data rows below its header, as column key -> cell; empty rows skipped (or,
        with ``until_blank``, the end of the table)."""
        columns = table.columns
        places = {c.key: self.place(table.name, c.key) for c in columns}
        missing = [c for c in columns if places[c.key] is None]
        if missing:
            for column in missing:
                self.problem(
                    "",
                    f"the column {layout.label(self.loc, column.label)!r} "
                    f"({table.defined_name(column.key)}) is missing: was it deleted?",
                )
            return
        sheets = {p[0] for p in places.values() if p}
        header_rows = {p[1] for p in places.values() if p}
        if len(sheets) != 1 or len(header_rows) != 1:
            self.problem(
                "", f"the columns of the {table.name} table must stay on one sheet, in one header row"
            )
            return
        sheet, header_row = sheets.pop(), header_rows.pop()
        cols = {key: p[2] for key, p in places.items() if p}
        last_col = max(cols.values())
        ws = self.wb[sheet]
        if hasattr(ws, "reset_dimensions"):
            # The read-only reader stops at the sheet's declared <dimension>; a row below it (an
            # editor that did not update it) would be dropped without a word. Read every row.
            ws.reset_dimensions()
        prefixes = {key: cell_ref(sheet, 1, col)[:-1] for key, col in cols.items()}  # "Sessions!L"
        for row_number, row in enumerate(
            ws.iter_rows(min_row=header_row + 1, min_col=1, max_col=last_col), start=header_row + 1
        ):
            cells: dict[str, Cell] = {}
            number = str(row_number)
            for key, col in cols.items():
                cell = row[col - 1] if col - 1 < len(row) else None
                cells[key] = self._value(cell, prefixes[key] + number)
            if all(c.value is None for c in cells.values()):
                if until_blank:
                    return
                continue
            yield row_number, cells

    def _value(self, cell: Any, where: str) -> Cell:
        value = getattr(cell, "value", None)
        data_type = getattr(cell, "data_type", None)
        if value is None:
            return Cell(None, where)
        if data_type in ("f", "e"):
            cell_ = Cell(None, where, bad=True)
            what = (
                "is a formula; the tracker never calculates" if data_type == "f" else "holds an error value"
            )
            self.problem(where, f"{what}: type the value itself")
            return cell_
        if isinstance(value, str):
            value = _unescape(value)
            if not value.strip():
                return Cell(None, where)
        return Cell(value, where)

    # --- values ----------------------------------------------------------------------------------

    def shown(self, value: Any, kind: str) -> str:
        """A value for a message, if it is safe to repeat; a description of it otherwise."""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (int, float)):
            return repr(value)
        if isinstance(value, (dt.date, dt.datetime)):
            return "a date"
        text = str(value)
        expected = self.vocab[kind].expected if kind in self.vocab else ()
        looks_like_word = re.fullmatch(r"[\w.:/+ -]{1,40}", text) is not None
        near = difflib.get_close_matches(fold(text), [fold(w) for w in expected], n=1, cutoff=0.75)
        # A token has no space: words with a number between them are an address or a name with a
        # date ("Lindenweg 12", "Besuch Sabine 3.5."), shown only as near misses of the vocabulary.
        if looks_like_word and (near or echoable(text)):
            return f'"{text}"'
        return f"a text of {len(text)} characters"

    def id_(self, cell: Cell, what: str, pattern: re.Pattern[str] = _ID) -> str | None:
        value = cell.value
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text is None or not pattern.match(text):
            hint = (
                "lower-case letters, digits, '_' and '-'"
                if pattern is _ID
                else "letters, digits, '.', '_' and '-', without spaces"
            )
            self.bad(cell, f"{self.shown(value, 'id')} is not {what}: {hint}")
            return None
        return text

    def date(self, cell: Cell) -> dt.date | None:
        value = cell.value
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            parsed = parse_date(value)
            if parsed is not None:
                return parsed
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.bad(cell, f"{value!r} is a number, not a date: format the cell as a date")
            return None
        self.bad(cell, f"{self.shown(value, 'date')} is not a date (a date cell, or 2025-03-14)")
        return None

    def word(self, cell: Cell, kind: str) -> str | None:
        """The case file value of a list column (``assumed``) from its word in any accepted form."""
        value = cell.value
        if value is None:
            return None
        found = self.vocab[kind].get(str(value))
        if found is None:
            self.bad(cell, f"{self.shown(value, kind)} is not one of {', '.join(self.vocab[kind].expected)}")
        return found

    def rating(self, cell: Cell) -> int | None:
        value = cell.value
        if value is None:
            return None
        number = whole_number(value)
        if number is None or not is_rating(number):
            self.bad(cell, f"{self.shown(value, 'rating')} is not a rating {RATING_RANGE}")
            return None
        return number

    def mark(self, cell: Cell) -> bool | None:
        """True for the shareable mark, False for FALSE or 0, None for an empty cell."""
        value = cell.value
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip() in layout.SHAREABLE_MARKS:
            return True
        self.bad(cell, f"{self.shown(value, 'mark')} is not {layout.SHAREABLE_MARK} (shareable) or empty")
        return None

    @staticmethod
    def text(cell: Cell) -> str | None:
        value = cell.value
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def factor(self, id_cell: Cell, name_cell: Cell | None) -> str | None:
        """A factor by its id, or by its name in the tracker's language when the id cell is empty."""
        if id_cell.value is None:
            if name_cell is not None and name_cell.value is not None:
                found = self.factor_names.get(fold(str(name_cell.value)))
                if found is None:
                    self.problem(
                        name_cell.where,
                        f"{self.shown(name_cell.value, 'factor')} is not the name of a factor; "
                        "choose the factor id in the column beside it",
                    )
                return found
            return None
        factor_id = self.id_(id_cell, "a factor id")
        if factor_id is None:
            return None
        if factor_id not in self.catalogue:
            suggestions = self.catalogue.suggest(factor_id)
            hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
            self.bad(id_cell, f"{factor_id!r} is not a factor id of the catalogue{hint}")
            return None
        if name_cell is not None and name_cell.value is not None:
            named = self.factor_names.get(fold(str(name_cell.value)))
            if named is not None and named != factor_id:
                self.problem(
                    name_cell.where,
                    f"names another factor than {factor_id!r} in {id_cell.where}; "
                    "change the factor id, or clear this cell",
                )
        return factor_id

    def agree(self, slots: dict[str, Slot], key: str, value: Any, cell: Cell, group: str) -> None:
        """A group's value: the first non-empty cell gives it; the others must say the same."""
        if value is None:
            return
        slot = slots.setdefault(key, Slot())
        if slot.where is None:
            slot.value, slot.where = value, cell.where
        elif slot.value != value:
            self.problem(
                cell.where,
                f"differs from {slot.where} for the same {group}; make them the same, or leave "
                "all but one empty",
            )

    def owner(self, cell: Cell) -> str | None:
        """Who leads a goal: a role desistkit has a word for (``client``) from that word in any
        language, any other role as it is written."""
        text = self.text(cell)
        if text is None:
            return None
        return self.owners.get(text) or text

    def factor_list(self, cell: Cell) -> tuple[str, ...] | None:
        """The factors of a goal, by id or name; each item that is neither is reported."""
        text = self.text(cell)
        if text is None:
            return None
        found = factor_list(text, self.factor_names)
        for item in found.unknown:
            shown = f'"{item}"' if _ID.match(item) else f"a text of {len(item)} characters"
            self.bad(cell, f"{shown} is not a factor id or a factor's name")
        return found.ids
