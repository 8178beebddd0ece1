"""Reading a per-case tracker back into a case, after a caseworker edited it in Excel or LibreOffice.

The tracker is found by its defined names (:mod:`desistkit.formats.tracker`), never by sheet
position or header text, so it reads the same in every language and after columns were moved.
Rows are tied together by their ids: a row belongs to the session in its session id column, to
the factor in its factor id column, to the goal in its goal id column. Values that belong to a
session (date, kind), a reflection (valence, rating, priorities) or a goal (wording, agreement,
...) repeat on each of their rows; an empty cell takes the value of the group's other rows, and
two different values in one group are a problem.

Every problem is collected and reported at once, each with its sheet and cell. A message never
repeats a note, a goal or any other free text, and repeats a short value only when it looks like a
mistyped word of the list (``"Asumed"``), not like something a caseworker wrote.

Formulas are never evaluated: a formula in a cell the tracker reads is a problem at that cell.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.errors import DocumentError, Problem
from desistkit.core.model import (
    ID_PATTERN,
    RATING_MAX,
    RATING_MIN,
    REFERENCE_PATTERN,
    Case,
    ClientIdentity,
    Consent,
    FactorReflection,
    Goal,
    GoalAgreement,
    GoalStatus,
    Note,
    Perspective,
    Priority,
    Session,
    SessionKind,
    Setting,
    StatusChange,
    TeamMember,
    Valence,
    WorkingRelationship,
)
from desistkit.formats import tracker as layout
from desistkit.formats.package import Package, Source, open_package

if TYPE_CHECKING:
    from desistkit.i18n.localizer import Localizer

__all__ = ["MAX_PROBLEMS", "XLSX", "read_tracker", "read_tracker_package"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAX_PROBLEMS = 200
"""Problems reported at most; a column filled wrongly throughout would otherwise give thousands."""

_ID = re.compile(ID_PATTERN)
_REFERENCE = re.compile(REFERENCE_PATTERN)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SPLIT = re.compile(r"[,;\n]")
_MARKS_TRUE = {layout.SHAREABLE_MARK, "✔", "x", "X", "1"}
_TOKENISH = re.compile(r"[\d_./:-]")
_ENUMS: Mapping[str, type[Any]] = {
    "stance": str,
    "perspective": Perspective,
    "valence": Valence,
    "priority": Priority,
    "kind": SessionKind,
    "status": GoalStatus,
    "agreement": GoalAgreement,
    "setting": Setting,
}


def read_tracker(source: Source, *, catalogue: Catalogue | None = None, base: Case | None = None) -> Case:
    """The case in a tracker workbook (a path, bytes or a binary stream).

    ``base``: the case file the tracker was made from. The tracker does not hold the client's
    identity or the consent records; with ``base`` they are kept from it (and the tracker must be
    for the same case reference). Without it, the case has neither.

    Raises :class:`~desistkit.DocumentError` with every problem, each naming its sheet and cell.
    """
    package = open_package(source)
    if package.content_type != XLSX:
        raise DocumentError(package.source, [Problem("", "is not an Excel workbook (.xlsx)")])
    return read_tracker_package(package, catalogue=catalogue, base=base)


def read_tracker_package(
    package: Package, *, catalogue: Catalogue | None = None, base: Case | None = None
) -> Case:
    """:func:`read_tracker` for a package that :func:`~desistkit.formats.package.open_package` checked."""
    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about workbook features it does not read (e.g. LibreOffice's extensions);
        # the tracker needs none of them.
        warnings.simplefilter("ignore", UserWarning)
        workbook = openpyxl.load_workbook(io.BytesIO(package.data), read_only=True, data_only=False)
        try:
            return _Reader(package.source, workbook, catalogue or default_catalogue(), base).read()
        finally:
            workbook.close()


# --- cells -----------------------------------------------------------------------------------------


def _where(sheet: str, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    quoted = sheet if re.fullmatch(r"[^\W\d]\w*", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{get_column_letter(col)}{row}"


def _unescape(text: str) -> str:
    """OOXML keeps characters XML cannot hold as _xHHHH_ (and a literal '_x' as _x005F_x)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


class _Stop(Exception):
    """Too many problems: stop reading and report the first ones."""


@attrs.define
class _Cell:
    value: Any
    where: str
    bad: bool = False  # a problem was reported for it: not "empty" for the checks that follow


@attrs.define
class _Slot:
    """A value of a group (a session's date, a reflection's rating) and the first cell that gave it."""

    value: Any = None
    where: str | None = None


@attrs.define
class _ReflectionRows:
    where: str
    slots: dict[str, _Slot] = attrs.Factory(dict)
    notes: dict[str, list[Note]] = attrs.Factory(lambda: {k: [] for k in layout.NOTE_KINDS})


@attrs.define
class _SessionRows:
    where: str
    order: int
    slots: dict[str, _Slot] = attrs.Factory(dict)
    reflections: dict[str, _ReflectionRows] = attrs.Factory(dict)
    relationship: WorkingRelationship | None = None
    relationship_where: str | None = None
    relationship_order: int | None = None  # the row's place on the working relationship sheet


@attrs.define
class _GoalRows:
    where: str
    slots: dict[str, _Slot] = attrs.Factory(dict)
    history: list[tuple[dt.date, int, GoalStatus]] = attrs.Factory(list)


class _Reader:
    def __init__(self, source: str, workbook: Any, catalogue: Catalogue, base: Case | None) -> None:
        self.source, self.wb, self.base = source, workbook, base
        self.source_catalogue = catalogue
        self.problems: list[Problem] = []
        self.names = self._defined_names()

    # --- problems --------------------------------------------------------------------------------

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Stop

    def bad(self, cell: _Cell, message: str) -> None:
        cell.bad = True
        self.problem(cell.where, message)

    def fail(self, message: str) -> DocumentError:
        return DocumentError(self.source, [Problem("", message)])

    # --- the workbook ----------------------------------------------------------------------------

    def _defined_names(self) -> dict[str, Any]:
        return dict(self.wb.defined_names.items())

    def constant(self, key: str) -> str | None:
        definition = self.names.get(f"{layout.PREFIX}.{key}")
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

    def read(self) -> Case:
        version = self.constant("tracker")
        if version is None:
            if self.constant("programme") is not None:
                raise self.fail("is a programme tracker; only a tracker for one case can be read back")
            raise self.fail(
                "is not a desistkit case tracker (made by `desistkit tracker`): its defined name "
                f"{layout.PREFIX}.tracker is missing"
            )
        if not version.isdigit() or int(version) > layout.FORMAT_VERSION:
            raise self.fail("was made by a newer desistkit; update desistkit to read it")
        audience = self.constant("audience") or ""
        if audience != "internal":
            shown = repr(audience) if re.fullmatch(r"[a-z][a-z0-9-]{0,62}", audience) else "another audience"
            raise self.fail(
                f"was made for the audience {shown}: only an internal tracker holds everything a case "
                "needs, so only internal trackers are read back"
            )
        self.loc = self._localizer(self.constant("lang") or "en")
        self.catalogue = self.loc.catalogue(self.source_catalogue)
        self._vocabularies()
        try:
            case = self._case()
        except _Done:
            case = None
        except _Stop:
            case = None
            self.problems.append(Problem("", f"stopped after {MAX_PROBLEMS} problems"))
        if self.problems or case is None:
            raise DocumentError(self.source, self.problems)
        return case

    def _localizer(self, lang: str) -> Localizer:
        from desistkit.i18n.localizer import UnknownLanguageError, get_localizer

        try:
            return get_localizer(lang)
        except UnknownLanguageError:
            raise self.fail("names a language desistkit does not have") from None

    def _vocabularies(self) -> None:
        """Words each list column accepts: the tracker's language first, then English and the
        values of the case file format (``in_progress``)."""
        from desistkit.i18n.localizer import get_localizer

        own = layout.vocabularies(self.loc)
        english = layout.vocabularies(get_localizer("en"))
        self.expected = {kind: [w for _, w in pairs] for kind, pairs in own.items()}
        self.accept: dict[str, dict[str, str]] = {}
        for kind, pairs in own.items():
            words: dict[str, str] = {}
            for value, word in (*pairs, *english[kind], *((v, v) for v, _ in pairs)):
                words.setdefault(_fold(word), value)
                words.setdefault(_fold(value.replace("_", " ")), value)
            self.accept[kind] = words
        self.factor_names = {_fold(f.name): f.id for f in (*self.catalogue.factors, *self.catalogue.hidden)}

    # --- tables ----------------------------------------------------------------------------------

    def rows(self, table: str, columns: Sequence[layout.Column], *, until_blank: bool = False,
             ) -> Iterator[tuple[int, dict[str, _Cell]]]:  # fmt: skip
        """The table's data rows below its header, as column key -> cell; empty rows skipped (or,
        with ``until_blank``, the end of the table)."""
        places = {c.key: self.place(table, c.key) for c in columns}
        missing = [c for c in columns if places[c.key] is None]
        if missing:
            for column in missing:
                self.problem(
                    "",
                    f"the column {layout.label(self.loc, column.label)!r} "
                    f"({layout.defined_name(table, column.key)}) is missing: was it deleted?",
                )
            return
        sheets = {p[0] for p in places.values() if p}
        header_rows = {p[1] for p in places.values() if p}
        if len(sheets) != 1 or len(header_rows) != 1:
            self.problem("", f"the columns of the {table} table must stay on one sheet, in one header row")
            return
        sheet, header_row = sheets.pop(), header_rows.pop()
        cols = {key: p[2] for key, p in places.items() if p}
        last_col = max(cols.values())
        ws = self.wb[sheet]
        prefixes = {key: _where(sheet, 1, col)[:-1] for key, col in cols.items()}  # "Sessions!L"
        for row_number, row in enumerate(
            ws.iter_rows(min_row=header_row + 1, min_col=1, max_col=last_col), start=header_row + 1
        ):
            cells: dict[str, _Cell] = {}
            number = str(row_number)
            for key, col in cols.items():
                cell = row[col - 1] if col - 1 < len(row) else None
                cells[key] = self._value(cell, prefixes[key] + number)
            if all(c.value is None for c in cells.values()):
                if until_blank:
                    return
                continue
            yield row_number, cells

    def _value(self, cell: Any, where: str) -> _Cell:
        value = getattr(cell, "value", None)
        data_type = getattr(cell, "data_type", None)
        if value is None:
            return _Cell(None, where)
        if data_type in ("f", "e"):
            cell_ = _Cell(None, where, bad=True)
            what = (
                "is a formula; the tracker never calculates" if data_type == "f" else "holds an error value"
            )
            self.problem(where, f"{what}: type the value itself")
            return cell_
        if isinstance(value, str):
            value = _unescape(value)
            if not value.strip():
                return _Cell(None, where)
        return _Cell(value, where)

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
        expected = self.expected.get(kind, [])
        looks_like_word = re.fullmatch(r"[\w.:/+ -]{1,40}", text) is not None
        near = difflib.get_close_matches(_fold(text), [_fold(w) for w in expected], n=1, cutoff=0.75)
        if looks_like_word and (near or _TOKENISH.search(text)):
            return f'"{text}"'
        return f"a text of {len(text)} characters"

    def id_(self, cell: _Cell, what: str, pattern: re.Pattern[str] = _ID) -> str | None:
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

    def date(self, cell: _Cell) -> dt.date | None:
        value = cell.value
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.bad(cell, f"{value!r} is a number, not a date: format the cell as a date")
            return None
        self.bad(cell, f"{self.shown(value, 'date')} is not a date (a date cell, or 2025-03-14)")
        return None

    def word(self, cell: _Cell, kind: str) -> str | None:
        """The case file value of a list column (``assumed``) from its word in any accepted form."""
        value = cell.value
        if value is None:
            return None
        found = self.accept[kind].get(_fold(str(value)))
        if found is None:
            self.bad(cell, f"{self.shown(value, kind)} is not one of {', '.join(self.expected[kind])}")
        return found

    def rating(self, cell: _Cell) -> int | None:
        value = cell.value
        if value is None:
            return None
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        if number is None or not RATING_MIN <= number <= RATING_MAX:
            self.bad(cell, f"{self.shown(value, 'rating')} is not a rating from {RATING_MIN} to {RATING_MAX}")
            return None
        return number

    def mark(self, cell: _Cell) -> bool | None:
        """True for the shareable mark, False for FALSE or 0, None for an empty cell."""
        value = cell.value
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip() in _MARKS_TRUE:
            return True
        self.bad(cell, f"{self.shown(value, 'mark')} is not {layout.SHAREABLE_MARK} (shareable) or empty")
        return None

    @staticmethod
    def text(cell: _Cell) -> str | None:
        value = cell.value
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def factor(self, id_cell: _Cell, name_cell: _Cell | None) -> str | None:
        """A factor by its id, or by its name in the tracker's language when the id cell is empty."""
        if id_cell.value is None:
            if name_cell is not None and name_cell.value is not None:
                found = self.factor_names.get(_fold(str(name_cell.value)))
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
            named = self.factor_names.get(_fold(str(name_cell.value)))
            if named is not None and named != factor_id:
                self.problem(
                    name_cell.where,
                    f"names another factor than {factor_id!r} in {id_cell.where}; "
                    "change the factor id, or clear this cell",
                )
        return factor_id

    def agree(self, slots: dict[str, _Slot], key: str, value: Any, cell: _Cell, group: str) -> None:
        """A group's value: the first non-empty cell gives it; the others must say the same."""
        if value is None:
            return
        slot = slots.setdefault(key, _Slot())
        if slot.where is None:
            slot.value, slot.where = value, cell.where
        elif slot.value != value:
            self.problem(
                cell.where,
                f"differs from {slot.where} for the same {group}; make them the same, or leave "
                "all but one empty",
            )

    # --- the case --------------------------------------------------------------------------------

    def _case(self) -> Case:
        facts = self._facts()
        team = self._team()
        sessions = self._sessions()
        goals = self._goals()
        if self.problems:
            raise _Done
        reference, setting, programme, opened = facts
        assert reference is not None and setting is not None  # missing ones are problems
        client: ClientIdentity | None = None
        consents: tuple[Consent, ...] = ()
        if self.base is not None:
            if self.base.reference != reference:
                where = self.place("case", "reference")
                self.problem(
                    _where(*where) if where else "",
                    "is another case than the base case file's; give the case file the tracker was made from",
                )
                raise _Done
            client, consents = self.base.client, self.base.consents
        return Case(
            reference=reference,
            setting=Setting(setting),
            programme=programme,
            opened=opened,
            team=tuple(team),
            sessions=tuple(sessions),
            goals=tuple(goals),
            consents=consents,
            client=client,
        )

    def _fact(self, column: layout.Column) -> _Cell:
        place = self.place("case", column.key)
        if place is None:
            self.problem(
                "", f"the case fact {layout.defined_name('case', column.key)} is missing: was it deleted?"
            )
            return _Cell(None, "")
        sheet, row, col = place
        ws = self.wb[sheet]
        cells = next(ws.iter_rows(min_row=row, max_row=row, min_col=col, max_col=col), ())
        return self._value(cells[0] if cells else None, _where(sheet, row, col))

    def _facts(self) -> tuple[str | None, str | None, str | None, dt.date | None]:
        reference_cell, setting_cell, programme_cell, opened_cell = (self._fact(c) for c in layout.CASE_FACTS)
        reference = self.id_(reference_cell, "a case reference", _REFERENCE)
        if reference_cell.value is None:
            self.problem(reference_cell.where, "the case reference is needed")
        setting = self.word(setting_cell, "setting")
        if setting_cell.value is None:
            self.problem(
                setting_cell.where, f"the setting is needed: one of {', '.join(self.expected['setting'])}"
            )
        return reference, setting, self.text(programme_cell), self.date(opened_cell)

    def _team(self) -> list[TeamMember]:
        team = []
        for _, cells in self.rows("team", layout.TEAM, until_blank=True):
            agency, role = self.text(cells["agency"]), self.text(cells["role"])
            lead = self.mark(cells["lead"])
            for key, value in (("agency", agency), ("role", role)):
                if value is None:
                    self.problem(cells[key].where, "is empty; every agency needs its name and its role")
            if agency and role:
                team.append(TeamMember(agency, role, lead=bool(lead)))
        return team

    def _session(self, sessions: dict[str, _SessionRows], cells: Mapping[str, _Cell]) -> _SessionRows | None:
        id_cell = cells["session_id"]
        if id_cell.value is None:
            self.problem(id_cell.where, "a session id is needed (e.g. s7) to tie the row to its session")
            return None
        session_id = self.id_(id_cell, "a session id")
        if session_id is None:
            return None
        rows = sessions.setdefault(session_id, _SessionRows(id_cell.where, len(sessions)))
        self.agree(rows.slots, "date", self.date(cells["date"]), cells["date"], "session")
        self.agree(rows.slots, "kind", self.word(cells["kind"], "kind"), cells["kind"], "session")
        return rows

    def _note(self, cells: Mapping[str, _Cell], stance_key: str = "stance") -> tuple[str | None, Note | None]:
        """The note of a row and its kind (known, ..., discrimination); (None, None) for a row without."""
        note_cell, perspective_cell = cells["note"], cells["perspective"]
        stance = self.word(cells[stance_key], "stance") if stance_key in cells else None
        perspective = self.word(perspective_cell, "perspective")
        shareable = self.mark(cells["shareable"])
        text = self.text(note_cell)
        if text is None:
            if note_cell.bad:
                return None, None
            given = [
                c for c in (cells.get(stance_key), perspective_cell) if c is not None and c.value is not None
            ]
            if given or shareable:
                self.problem(
                    note_cell.where, "the note is empty, but the row gives its stance or perspective"
                )
            return None, None
        if stance_key in cells and cells[stance_key].value is None:
            choices = ", ".join(self.expected["stance"])
            self.problem(cells[stance_key].where, f"the note needs its stance: one of {choices}")
        if perspective_cell.value is None:
            choices = ", ".join(self.expected["perspective"])
            self.problem(perspective_cell.where, f"the note needs its perspective: one of {choices}")
        if perspective is None or (stance_key in cells and stance is None):
            return None, None
        return stance, Note(text, Perspective(perspective), shareable=bool(shareable))

    def _sessions(self) -> list[Session]:
        sessions: dict[str, _SessionRows] = {}
        for _, cells in self.rows("sessions", layout.SESSIONS):
            rows = self._session(sessions, cells)
            factor_id = self.factor(cells["factor_id"], cells["factor"])
            if (
                cells["factor_id"].value is None
                and cells["factor"].value is None
                and not cells["factor_id"].bad
            ):
                self.problem(cells["factor_id"].where, "a factor id is needed to tie the row to its factor")
            kind, note = self._note(cells)
            if rows is None or factor_id is None:
                continue
            reflection = rows.reflections.setdefault(factor_id, _ReflectionRows(cells["factor_id"].where))
            for key, read in (
                ("valence", lambda c: self.word(c, "valence")),
                ("rating", self.rating),
                ("client_priority", lambda c: self.word(c, "priority")),
                ("caseworker_priority", lambda c: self.word(c, "priority")),
            ):
                self.agree(reflection.slots, key, read(cells[key]), cells[key], "session and factor")
            if kind is not None and note is not None:
                reflection.notes[kind].append(note)
        for row_number, cells in self.rows("relationship", layout.RELATIONSHIP):
            rows = self._session(sessions, cells)
            rating = self.rating(cells["rating"])
            _, note = self._note(cells, stance_key="")
            if rows is None:
                continue
            if rows.relationship_where is not None:
                self.problem(
                    cells["session_id"].where,
                    f"the session has a row in {rows.relationship_where} already; one row per session",
                )
                continue
            rows.relationship_where = cells["session_id"].where
            rows.relationship_order = row_number
            if rating is None and note is not None and not cells["rating"].bad:
                self.problem(cells["rating"].where, "a working relationship note needs a rating from 0 to 4")
            elif rating is not None:
                rows.relationship = WorkingRelationship(rating, note=note)
        return self._build_sessions(sessions)

    def _build_sessions(self, sessions: Mapping[str, _SessionRows]) -> list[Session]:
        built = []
        for session_id, rows in sessions.items():
            date, kind = rows.slots.get("date", _Slot()).value, rows.slots.get("kind", _Slot()).value
            if date is None:
                self.problem(rows.where, f"session {session_id!r} has no date in any of its rows")
            if kind is None:
                self.problem(rows.where, f"session {session_id!r} has no kind of meeting in any of its rows")
            if date is None or kind is None:
                continue
            reflections = []
            for factor_id, r in rows.reflections.items():
                value = {key: slot.value for key, slot in r.slots.items()}
                reflections.append(
                    FactorReflection(
                        factor_id,
                        known=tuple(r.notes["known"]),
                        assumed=tuple(r.notes["assumed"]),
                        open=tuple(r.notes["open"]),
                        gender_lens=tuple(r.notes["gender_lens"]),
                        discrimination=tuple(r.notes["discrimination"]),
                        valence=Valence(value.get("valence") or Valence.UNCLEAR.value),
                        rating=value.get("rating"),
                        client_priority=_optional(Priority, value.get("client_priority")),
                        caseworker_priority=_optional(Priority, value.get("caseworker_priority")),
                    )
                )
            # Sessions on one day keep their order: the working relationship sheet lists every session
            # the tracker was made with; sessions added only on the sessions sheet come after them.
            order = (rows.relationship_order or 10**9, rows.order)
            built.append(
                (
                    date,
                    order,
                    Session(
                        id=session_id,
                        date=date,
                        kind=SessionKind(kind),
                        reflections=tuple(reflections),
                        working_relationship=rows.relationship,
                    ),
                )
            )
        return [session for _, _, session in sorted(built, key=lambda item: (item[0], item[1]))]

    def _goals(self) -> list[Goal]:
        goals: dict[str, _GoalRows] = {}
        for row_number, cells in self.rows("goals", layout.GOALS):
            id_cell = cells["goal_id"]
            if id_cell.value is None:
                self.problem(id_cell.where, "a goal id is needed (e.g. g4) to tie the row to its goal")
                continue
            goal_id = self.id_(id_cell, "a goal id")
            if goal_id is None:
                continue
            rows = goals.setdefault(goal_id, _GoalRows(id_cell.where))
            reads: dict[str, Callable[[_Cell], Any]] = {
                "goal": self.text,
                "agreement": lambda c: self.word(c, "agreement"),
                "factors": self._factor_list,
                "owner": self.text,
                "review_date": self.date,
                "shareable": self.mark,
            }
            for key, read in reads.items():
                self.agree(rows.slots, key, read(cells[key]), cells[key], "goal")
            status, date = self.word(cells["status"], "status"), self.date(cells["date"])
            if cells["status"].value is None:
                self.problem(
                    cells["status"].where,
                    f"the status is needed: one of {', '.join(self.expected['status'])}",
                )
            if cells["date"].value is None:
                self.problem(cells["date"].where, "the date of this status is needed")
            if status is not None and date is not None:
                rows.history.append((date, row_number, GoalStatus(status)))
        built = []
        for goal_id, rows in goals.items():
            value = {key: slot.value for key, slot in rows.slots.items()}
            if value.get("goal") is None:
                self.problem(rows.where, f"goal {goal_id!r} has no wording in any of its rows")
            if value.get("agreement") is None:
                self.problem(rows.where, f"goal {goal_id!r} has no agreement in any of its rows")
            if value.get("goal") is None or value.get("agreement") is None or not rows.history:
                continue
            ordered = sorted(rows.history, key=lambda h: h[:2])  # by date, then row
            history = tuple(StatusChange(status, date) for date, _, status in ordered)
            built.append(
                Goal(
                    id=goal_id,
                    wording=value["goal"],
                    agreement=GoalAgreement(value["agreement"]),
                    history=history,
                    factors=value.get("factors") or (),
                    owner_role=value.get("owner"),
                    review_date=value.get("review_date"),
                    shareable=bool(value.get("shareable")),
                )
            )
        return built

    def _factor_list(self, cell: _Cell) -> tuple[str, ...] | None:
        text = self.text(cell)
        if text is None:
            return None
        found: list[str] = []
        for part in _SPLIT.split(text):
            item = part.strip()
            if not item:
                continue
            factor_id = item if item in self.catalogue else self.factor_names.get(_fold(item))
            if factor_id is None:
                shown = f'"{item}"' if _ID.match(item) else f"a text of {len(item)} characters"
                self.bad(cell, f"{shown} is not a factor id or a factor's name")
            elif factor_id not in found:
                found.append(factor_id)
        return tuple(found)


class _Done(_Stop):
    """Problems found: report them (not a stop for too many)."""


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _optional(enum_type: type[Any], value: str | None) -> Any:
    return enum_type(value) if value is not None else None
