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
import io
import re
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.checks import case_problems
from desistkit.core.errors import DocumentError, Problem
from desistkit.core.model import (
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
from desistkit.formats.package import XLSX, Package, Source, open_package
from desistkit.importing._tracker_cells import Cell, Sheets, Slot, cell_ref
from desistkit.importing.toolkit import RATING_RANGE, Problems, TooManyProblems

__all__ = ["MAX_PROBLEMS", "XLSX", "read_tracker", "read_tracker_package"]


MAX_PROBLEMS = 200
"""Problems reported at most; a column filled wrongly throughout would otherwise give thousands."""

_REFERENCE = re.compile(REFERENCE_PATTERN)


def read_tracker(source: Source, *, catalogue: Catalogue | None = None, base: Case | None = None) -> Case:
    """The case in a tracker workbook (a path, bytes or a binary stream).

    ``base``: the case file the tracker was made from. The tracker does not hold the client's
    identity, the consent records, the closure, the handover note or the case conferences (its
    Agencies sheet is for reading, not read back); with ``base`` they are kept from it (and the
    tracker must be for the same case reference). Without it, the case has none of them.

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
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(package.data), read_only=True, data_only=False)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a part it expects and misses
            problem = Problem("", "cannot be read as a workbook: a part Excel needs is missing or damaged")
            raise DocumentError(package.source, [problem]) from None
        try:
            return _Reader(package.source, workbook, catalogue or default_catalogue(), base).read()
        finally:
            workbook.close()


class _Done(Exception):
    """Problems found: report them."""


@attrs.define
class _ReflectionRows:
    where: str
    slots: dict[str, Slot] = attrs.Factory(dict)
    notes: dict[str, list[Note]] = attrs.Factory(lambda: {k: [] for k in layout.NOTE_KINDS})


@attrs.define
class _SessionRows:
    where: str
    order: int
    slots: dict[str, Slot] = attrs.Factory(dict)
    reflections: dict[str, _ReflectionRows] = attrs.Factory(dict)
    relationship: WorkingRelationship | None = None
    relationship_where: str | None = None
    relationship_order: int | None = None  # the row's place on the working relationship sheet


@attrs.define
class _GoalRows:
    where: str
    slots: dict[str, Slot] = attrs.Factory(dict)
    history: list[tuple[dt.date, int, GoalStatus]] = attrs.Factory(list)


class _Reader(Sheets):
    """Builds the case from the rows :class:`~desistkit.importing._tracker_cells.Sheets` reads."""

    def __init__(self, source: str, workbook: Any, catalogue: Catalogue, base: Case | None) -> None:
        super().__init__(source, workbook, catalogue, Problems(limit=MAX_PROBLEMS))
        self.base = base

    def read(self) -> Case:
        version = self.constant(layout.VERSION_NAME)
        if version is None:
            if self.constant(layout.PROGRAMME_NAME) is not None:
                raise self.fail("is a programme tracker; only a tracker for one case can be read back")
            raise self.fail(
                "is not a desistkit case tracker (made by `desistkit tracker`): its defined name "
                f"{layout.VERSION_NAME} is missing"
            )
        if not version.isdigit() or int(version) > layout.FORMAT_VERSION:
            raise self.fail("was made by a newer desistkit; update desistkit to read it")
        audience = self.constant(layout.AUDIENCE_NAME) or ""
        if audience != layout.READ_BACK_AUDIENCE:
            shown = repr(audience) if re.fullmatch(r"[a-z][a-z0-9-]{0,62}", audience) else "another audience"
            raise self.fail(
                f"was made for the audience {shown}: only an internal tracker holds everything a case "
                "needs, so only internal trackers are read back"
            )
        self.use_language(self.constant(layout.LANG_NAME) or "en")
        try:
            case = self._case()
            self.problems.items.extend(case_problems(case, self.source_catalogue))
        except _Done:
            case = None
        except TooManyProblems:
            case = None
            self.problems.stopped()
        if self.problems or case is None:
            raise self.problems.error(self.source)
        return case

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
        kept: dict[str, Any] = {}  # what the tracker does not hold, from the base case file
        if self.base is not None:
            if self.base.reference != reference:
                where = self.place(layout.CASE_TABLE.name, "reference")
                self.problem(
                    cell_ref(*where) if where else "",
                    "is another case than the base case file's; give the case file the tracker was made from",
                )
                raise _Done
            client, consents = self.base.client, self.base.consents
            kept = {"closed": self.base.closed, "handover_note": self.base.handover_note,
                    "conferences": self.base.conferences}  # fmt: skip
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
            **kept,
        )

    def _fact(self, column: layout.Column) -> Cell:
        place = self.place(layout.CASE_TABLE.name, column.key)
        if place is None:
            self.problem(
                "", f"the case fact {layout.CASE_TABLE.defined_name(column.key)} is missing: was it deleted?"
            )
            return Cell(None, "")
        sheet, row, col = place
        ws = self.wb[sheet]
        cells = next(ws.iter_rows(min_row=row, max_row=row, min_col=col, max_col=col), ())
        return self._value(cells[0] if cells else None, cell_ref(sheet, row, col))

    def _facts(self) -> tuple[str | None, str | None, str | None, dt.date | None]:
        reference_cell, setting_cell, programme_cell, opened_cell = (self._fact(c) for c in layout.CASE_FACTS)
        reference = self.id_(reference_cell, "a case reference", _REFERENCE)
        if reference_cell.value is None:
            self.problem(reference_cell.where, "the case reference is needed")
        setting = self.word(setting_cell, "setting")
        if setting_cell.value is None:
            self.problem(
                setting_cell.where,
                f"the setting is needed: one of {', '.join(self.vocab['setting'].expected)}",
            )
        return reference, setting, self.text(programme_cell), self.date(opened_cell)

    def _team(self) -> list[TeamMember]:
        team = []
        for _, cells in self.rows(layout.TEAM_TABLE, until_blank=True):
            agency, role = self.text(cells["agency"]), self.text(cells["role"])
            lead = self.mark(cells["lead"])
            for key, value in (("agency", agency), ("role", role)):
                if value is None:
                    self.problem(cells[key].where, "is empty; every agency needs its name and its role")
            if agency and role:
                team.append(TeamMember(agency, role, lead=bool(lead)))
        return team

    def _session(self, sessions: dict[str, _SessionRows], cells: Mapping[str, Cell]) -> _SessionRows | None:
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

    def _note(self, cells: Mapping[str, Cell], stance_key: str = "stance") -> tuple[str | None, Note | None]:
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
            choices = ", ".join(self.vocab["stance"].expected)
            self.problem(cells[stance_key].where, f"the note needs its stance: one of {choices}")
        if perspective_cell.value is None:
            choices = ", ".join(self.vocab["perspective"].expected)
            self.problem(perspective_cell.where, f"the note needs its perspective: one of {choices}")
        if perspective is None or (stance_key in cells and stance is None):
            return None, None
        return stance, Note(text, Perspective(perspective), shareable=bool(shareable))

    def _sessions(self) -> list[Session]:
        sessions: dict[str, _SessionRows] = {}
        for _, cells in self.rows(layout.SESSIONS_TABLE):
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
        for row_number, cells in self.rows(layout.RELATIONSHIP_TABLE):
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
                self.problem(
                    cells["rating"].where, f"a working relationship note needs a rating {RATING_RANGE}"
                )
            elif rating is not None:
                rows.relationship = WorkingRelationship(rating, note=note)
        return self._build_sessions(sessions)

    def _build_sessions(self, sessions: Mapping[str, _SessionRows]) -> list[Session]:
        built = []
        for session_id, rows in sessions.items():
            date, kind = rows.slots.get("date", Slot()).value, rows.slots.get("kind", Slot()).value
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
        for row_number, cells in self.rows(layout.GOALS_TABLE):
            id_cell = cells["goal_id"]
            if id_cell.value is None:
                self.problem(id_cell.where, "a goal id is needed (e.g. g4) to tie the row to its goal")
                continue
            goal_id = self.id_(id_cell, "a goal id")
            if goal_id is None:
                continue
            rows = goals.setdefault(goal_id, _GoalRows(id_cell.where))
            reads: dict[str, Callable[[Cell], Any]] = {
                "goal": self.text,
                "agreement": lambda c: self.word(c, "agreement"),
                "factors": self.factor_list,
                "owner": self.owner,
                "review_date": self.date,
                "shareable": self.mark,
            }
            for key, read in reads.items():
                self.agree(rows.slots, key, read(cells[key]), cells[key], "goal")
            status, date = self.word(cells["status"], "status"), self.date(cells["date"])
            if cells["status"].value is None:
                self.problem(
                    cells["status"].where,
                    f"the status is needed: one of {', '.join(self.vocab['status'].expected)}",
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


def _optional(enum_type: type[Any], value: str | None) -> Any:
    return enum_type(value) if value is not None else None
