"""The programme tracker: one workbook across many cases, for a programme's evaluation and its funder.

Sheets, in this order:

- **Cases** (optional): one row per case-session, pseudonymous, in wide form: the case reference,
  setting, session number, date (as precise as the audience may see it), kind of meeting, working
  relationship, then three columns per factor (stance, resource or challenge, rating). One row per
  session means a row count is a session count, and an evaluator filters "family as a challenge"
  in one column and still sees the rest of that session in the same row.
- **Resources and challenges**: per factor, how many cases had it as a resource, a challenge, ...
  at the latest session that addressed it; subtotals per category and a total.
- **Goal attainment**: goals by setting and current status.
- **Stances**: per factor, how many cases know, assume or have only open questions about it.

The three count sheets are protected by small-count suppression (:mod:`._suppress`): 1–4 shows as
"<5", and further cells are hidden where totals would give a small count away. The Cases sheet is
pseudonymous *row-level* data: anyone can recount from it, so a workbook for a funder is written
with ``case_rows=False``.

Streams: cases arrive one at a time (an iterator that loads and shares case files one by one, such
as the command line's :func:`desistkit.cli.cases.shared_cases`);
XlsxWriter in ``constant_memory`` mode writes each row to disk as it goes, the counts behind the
aggregate sheets depend on the catalogue and not on the number of cases, and the finished package
is made neutral and deterministic by :func:`._ooxml.scrub_stream`, which copies the large sheets in
chunks. Memory stays flat from 200 to 2,000 cases (``benchmarks/bench_programme.py``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from os import PathLike
from pathlib import Path
from typing import IO, Any

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.errors import ProgrammeError
from desistkit.core.model import GoalStatus, Setting, Stance, Valence
from desistkit.core.views import state_at
from desistkit.export._suppress import Equation, Mark, suppress
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = ["ProgrammeError", "ProgrammeSummary", "programme_xlsx"]
_TOTAL = "total"
_NOT_ADDRESSED = "not_addressed"


@attrs.frozen
class ProgrammeSummary:
    """What :func:`programme_xlsx` wrote: counts for a CLI to print, never case content."""

    cases: int
    sessions: int
    goals: int
    audience: str
    small: int  # count cells shown as "<5"
    hidden: int  # count cells hidden so that no small count can be worked out


def programme_xlsx(
    cases: Iterable[SharedCase],
    localizer: Localizer,
    out: IO[bytes],
    *,
    catalogue: Catalogue | None = None,
    threshold: int = 5,
    case_rows: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ProgrammeSummary:
    """Write the programme tracker for ``cases`` (shared for one audience on one day) into ``out``.

    ``out``: a binary stream. To write a file, give the stream of
    :func:`desistkit.casefile.files.atomic_output` (written whole or not at all).
    ``case_rows``: include the Cases sheet of row-level pseudonymous data; leave it out for a
    funder, who should see only the suppressed counts.
    ``threshold``: counts from 1 to ``threshold - 1`` are suppressed.
    ``progress``: called with the number of cases done after each case (for a progress bar).
    Raises :class:`ProgrammeError` for the ``internal`` audience, cases shared for different
    audiences or days, or no case at all.
    """
    if threshold < 2:
        raise ValueError(f"threshold must be at least 2, got {threshold}")
    if isinstance(out, (str, PathLike)):
        raise TypeError(
            "programme_xlsx writes into a binary stream; for a file, use "
            "`with desistkit.casefile.files.atomic_output(path) as out:`"
        )
    stream = iter(cases)
    first = next(stream, None)
    if first is None:
        raise ProgrammeError("no cases: the programme tracker needs at least one shared case")
    first = _checked(first, None, 1)
    with tempfile.TemporaryDirectory(prefix="desistkit-programme-") as scratch:
        workdir = Path(scratch)
        writer = _Writer(localizer, catalogue or default_catalogue(), first, workdir, threshold, case_rows)
        try:
            for number, shared in enumerate(itertools.chain([first], stream), 1):
                writer.add(_checked(shared, first, number))
                if progress is not None:
                    progress(number)
        except BaseException:
            writer.abandon()
            raise
        summary = writer.finish()
        from desistkit.export._ooxml import scrub_stream

        with (workdir / "programme.xlsx").open("rb") as package:
            scrub_stream(package, out, title=localizer.text("document.programme"), language=localizer.tag)
    return summary


def _checked(shared: SharedCase, first: SharedCase | None, number: int) -> SharedCase:
    shared = require_shared(shared)
    if shared.internal:
        raise ProgrammeError(
            f"case {number} is shared for the internal audience {shared.audience!r}: the programme "
            "tracker shows pseudonyms only; share the cases for 'research' or 'case-conference'"
        )
    if first is not None and (shared.audience, shared.on) != (first.audience, first.on):
        raise ProgrammeError(
            f"case {number} is shared for {shared.audience!r} on {shared.on.isoformat()}, the first case "
            f"for {first.audience!r} on {first.on.isoformat()}: share all cases for one audience on one day"
        )
    return shared


def _label(loc: Localizer, key: str, threshold: int = 5) -> str:
    """A label; the suppression labels say "<5" and "1 to 4": another threshold replaces those numbers."""
    text = loc.text(key)
    if threshold == 5 or key not in ("tracker.suppressed", "tracker.suppressed_note"):
        return text
    numbers = {"4": str(threshold - 1), "5": str(threshold)}
    return re.sub(r"(?<!\d)([45])(?!\d)", lambda m: numbers[m[1]], text)


def _sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name: at most 31 characters, none of : \\ / ? * [ ]."""
    name = re.sub(r"[:\\/?*\[\]]", " ", name).strip().strip("'")[:31] or "Sheet"
    candidate, n = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name[: 31 - len(str(n)) - 1]} {n}"
        n += 1
    taken.add(candidate.casefold())
    return candidate


class _Writer:
    """Streams case-session rows into the Cases sheet and counts for the aggregate sheets."""

    def __init__(self, loc: Localizer, catalogue: Catalogue, first: SharedCase, workdir: Path,
                 threshold: int, case_rows: bool) -> None:  # fmt: skip
        import xlsxwriter

        self.loc, self.first, self.threshold = loc, first, threshold
        self.cat = loc.catalogue(catalogue)
        self.factors = self.cat.factors
        self.workbook = xlsxwriter.Workbook(
            str(workdir / "programme.xlsx"),
            {
                "constant_memory": True,  # each row goes to disk when the next begins
                "tmpdir": str(workdir),
                # Every cell is written with a typed method; these make sure no text ever
                # becomes a formula, a number or a link.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.workbook.set_properties({"created": dt.datetime(2000, 1, 1)})  # replaced by the scrubber
        self.formats = _formats(self.workbook)
        taken: set[str] = set()
        names = ["cases"] if case_rows else []
        names += ["factor_counts", "goal_attainment", "stance_distribution"]
        self.sheets = {n: self.workbook.add_worksheet(_sheet_name(loc.text(f"tracker.sheet.{n}"), taken))
                       for n in names}  # fmt: skip
        self.valences: Counter[tuple[str, str]] = Counter()
        self.stances: Counter[tuple[str, str]] = Counter()
        self.goals: Counter[tuple[str, str]] = Counter()
        self.n_cases = self.n_sessions = self.n_goals = 0
        self.row = 0
        self.rows_sheet = self.sheets.get("cases")
        if self.rows_sheet is not None:
            self._start_rows()

    # --- the Cases sheet ---------------------------------------------------------------------------

    def _legend(self, sheet: Any, *, counts: bool) -> int:
        loc, f = self.loc, self.formats
        lines = [
            (loc.audience(self.first.audience, marking=True), f["title"]),
            (loc.text("document.pseudonym_notice"), f["note"]),
            (loc.text("document.exported_on", date=loc.format_date(self.first.on)), f["note"]),
        ]
        if counts:
            lines.append((_label(loc, "tracker.suppressed_note", self.threshold), f["note"]))
        else:
            lines += [
                (f"{loc.text('document.rating')}: {loc.text('document.rating_scale')}", f["note"]),
                (f"{loc.text('document.working_relationship')}: "
                 f"{loc.text('document.working_relationship_scale')}", f["note"]),
            ]  # fmt: skip
        for row, (text, fmt) in enumerate(lines):
            sheet.write_string(row, 0, text, fmt)
        return len(lines) + 1

    def _start_rows(self) -> None:
        loc, sheet, f = self.loc, self.rows_sheet, self.formats
        assert sheet is not None
        header_row = self._legend(sheet, counts=False)
        stances = " / ".join(loc.enum(s) for s in Stance)
        header = [
            loc.text("tracker.case_reference"),
            loc.text("document.setting"),
            loc.text("document.session"),
            loc.text("document.date"),
            loc.text("document.kind"),
            loc.text("document.working_relationship"),
        ]
        for factor in self.factors:
            header += [f"{factor.name} – {stances}", f"{factor.name} – {loc.text('document.valence')}",
                       f"{factor.name} – {loc.text('document.rating')}"]  # fmt: skip
        sheet.set_row(header_row, 62)
        for col, text in enumerate(header):
            sheet.write_string(header_row, col, text, f["header"])
        for col, width in enumerate((22, 22, 10, 30, 28, 16)):
            sheet.set_column(col, col, width)
        sheet.set_column(6, len(header) - 1, 13)
        sheet.freeze_panes(header_row + 1, 1)
        sheet.autofilter(header_row, 0, header_row, len(header) - 1)  # widened in finish()
        sheet.repeat_rows(header_row)
        sheet.repeat_columns(0)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        self.header_row = self.row = header_row
        self.width = len(header)
        self.stance_text = {s: loc.enum(s) for s in Stance}
        self.valence_text = {v: loc.enum(v) for v in Valence}

    def add(self, shared: SharedCase) -> None:
        case, loc = shared.case, self.loc
        self.n_cases += 1
        self.n_sessions += len(case.sessions)
        state = state_at(case)
        for factor in self.factors:
            s = state.get(factor.id)
            r = s.reflection if s is not None else None
            self.valences[factor.id, r.valence.value if r is not None else _NOT_ADDRESSED] += 1
            stance = r.stance if r is not None else None
            self.stances[factor.id, stance.value if stance is not None else _NOT_ADDRESSED] += 1
        for goal in case.goals:
            self.n_goals += 1
            self.goals[case.setting.value, goal.status.value] += 1
        sheet = self.rows_sheet
        if sheet is None:
            return
        setting = loc.enum(case.setting)
        write_string, write_number = sheet.write_string, sheet.write_number
        for number, session in enumerate(case.chronological, 1):
            self.row += 1
            row = self.row
            write_string(row, 0, case.reference)
            write_string(row, 1, setting)
            write_number(row, 2, number)
            write_string(row, 3, shared.date_label(session.date, loc))
            write_string(row, 4, loc.enum(session.kind))
            if session.working_relationship is not None:
                write_number(row, 5, session.working_relationship.rating)
            reflections = {r.factor_id: r for r in session.reflections}
            for i, factor in enumerate(self.factors):
                r = reflections.get(factor.id)
                if r is None:
                    continue
                col = 6 + 3 * i
                stance = r.stance  # worked out from the notes: once
                if stance is not None:
                    write_string(row, col, self.stance_text[stance])
                write_string(row, col + 1, self.valence_text[r.valence])
                if r.rating is not None:
                    write_number(row, col + 2, r.rating)

    def abandon(self) -> None:
        """Close the half-written workbook's row files, so that nothing stays open on an error."""
        with contextlib.suppress(Exception):  # the error that got us here is the one to report
            self.workbook.close()

    # --- the count sheets ----------------------------------------------------------------------------

    def finish(self) -> ProgrammeSummary:
        loc = self.loc
        if self.rows_sheet is not None:
            self.rows_sheet.autofilter(self.header_row, 0, max(self.row, self.header_row), self.width - 1)
        not_addressed = loc.text("stance.not_addressed.name")
        total = loc.text("tracker.total")
        per_case = _label(loc, "tracker.per_case_note")
        tables = [
            ("factor_counts", _factor_table(self.cat, self.valences, [v.value for v in Valence], total),
             [loc.text("document.category"), loc.text("document.factor"),
              *(loc.enum(v) for v in Valence), not_addressed], per_case),
            ("goal_attainment", _goal_table(loc, self.goals, total),
             [loc.text("document.setting"), *(loc.enum(g) for g in GoalStatus)],
             _label(loc, "tracker.per_goal_note")),
            ("stance_distribution", _factor_table(self.cat, self.stances, [s.value for s in Stance], total),
             [loc.text("document.category"), loc.text("document.factor"),
              *(loc.enum(s) for s in Stance), not_addressed], per_case),
        ]  # fmt: skip
        small = hidden = 0
        for name, table, header, unit in tables:
            if table.public and self.n_cases < self.threshold:
                # Every row adds up to the number of cases, so with so few cases even the zeros
                # would tell what the one or two clients have in common: hide the whole table.
                marks = dict.fromkeys(table.values, Mark.HIDDEN)
            else:
                marks = suppress(table.values, table.equations, self.threshold, public=table.public)
            small += sum(m is Mark.SMALL for m in marks.values())
            hidden += sum(m is Mark.HIDDEN for m in marks.values())
            legend = self.rows_sheet is None and name == "factor_counts"
            self._write_table(self.sheets[name], table, marks, [*header, total], unit, legend=legend)
        self.workbook.close()
        return ProgrammeSummary(
            self.n_cases, self.n_sessions, self.n_goals, self.first.audience, small, hidden
        )

    def _write_table(self, sheet: Any, table: _Table, marks: dict[tuple[str, str], Mark],
                     header: Sequence[str], unit: str, *, legend: bool) -> None:  # fmt: skip
        loc, f = self.loc, self.formats
        if legend:  # the first sheet of a workbook without the Cases sheet
            row = self._legend(sheet, counts=True)
            sheet.write_string(row - 1, 0, unit, f["note"])
            row += 1
        else:
            sheet.write_string(0, 0, sheet.name, f["title"])
            sheet.write_string(1, 0, _label(loc, "tracker.suppressed_note", self.threshold), f["note"])
            sheet.write_string(2, 0, unit, f["note"])
            row = 4
        labels = len(table.rows[0].labels)
        sheet.set_row(row, 32)
        for col, text in enumerate(header):
            sheet.write_string(row, col, text, f["header"] if col < labels else f["header_count"])
        sheet.freeze_panes(row + 1, labels)
        sheet.repeat_rows(row)
        sheet.autofilter(row, 0, row + len(table.rows), len(header) - 1)
        sheet.set_column(0, 0, 30)
        if labels == 2:
            sheet.set_column(1, 1, 44)
        sheet.set_column(labels, len(header) - 1, 14)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        small, hidden = _label(loc, "tracker.suppressed", self.threshold), _label(loc, "tracker.hidden")
        for line in table.rows:
            row += 1
            text_format = f[line.style]
            for col, text in enumerate(line.labels):
                sheet.write_string(row, col, text, text_format)
            for col, key in enumerate(table.cols, labels):
                cell = (line.key, key)
                mark = marks[cell]
                if mark is Mark.SHOWN:
                    sheet.write_number(row, col, table.values[cell], f[f"{line.style}_count"])
                else:
                    sheet.write_string(row, col, small if mark is Mark.SMALL else hidden,
                                       f[f"{line.style}_hidden"])  # fmt: skip


@attrs.frozen
class _Line:
    key: str
    labels: tuple[str, ...]
    style: str  # "body", "subtotal" or "total"


@attrs.frozen
class _Table:
    """Rows of counts with their totals, and the equations between them, for :func:`suppress`."""

    rows: tuple[_Line, ...]
    cols: tuple[str, ...]  # the last is the row total
    values: dict[tuple[str, str], int]
    equations: tuple[Equation[tuple[str, str]], ...]
    public: frozenset[tuple[str, str]] = frozenset()  # known to every reader anyway


def _table(rows: Sequence[_Line], cols: Sequence[str], counter: Counter[tuple[str, str]],
           groups: Sequence[tuple[str, Sequence[str]]]) -> _Table:  # fmt: skip
    """Body rows' counts from ``counter``; each group (total row key, member row keys) sums up,
    and every row's last column is the sum of the others."""
    values: dict[tuple[str, str], int] = {}
    totals = dict(groups)
    for line in rows:  # groups come after their members, so their sums are ready
        for col in cols:
            if line.key in totals:
                values[line.key, col] = sum(values[m, col] for m in totals[line.key])
            else:
                values[line.key, col] = counter[line.key, col]
        values[line.key, _TOTAL] = sum(values[line.key, c] for c in cols)
    all_cols = (*cols, _TOTAL)
    equations = [Equation((line.key, _TOTAL), tuple((line.key, c) for c in cols)) for line in rows]
    equations += [Equation((g, c), tuple((m, c) for m in members)) for g, members in groups for c in all_cols]
    ordered = {key: values[key] for line in rows for key in ((line.key, c) for c in all_cols)}
    return _Table(tuple(rows), all_cols, ordered, tuple(equations))


def _factor_table(
    cat: Catalogue, counter: Counter[tuple[str, str]], cols: Sequence[str], total: str
) -> _Table:
    """Factors by category, a subtotal row per category, a total row; ``cols`` and "not addressed"."""
    rows: list[_Line] = []
    groups: list[tuple[str, Sequence[str]]] = []
    for category in cat.categories:
        members = [f.id for f in cat.factors_in(category.id)]
        rows += [_Line(f.id, (category.name, f.name), "body") for f in cat.factors_in(category.id)]
        rows.append(_Line(f"category:{category.id}", (category.name, total), "subtotal"))
        groups.append((f"category:{category.id}", members))
    rows.append(_Line(_TOTAL, (total, ""), "total"))
    groups.append((_TOTAL, [g for g, _ in groups]))
    table = _table(rows, [*cols, _NOT_ADDRESSED], counter, groups)
    # Every case is in every factor row (as "not addressed" if nothing else), so each row total is
    # the number of cases: equal to one another and known to every reader.
    totals = [(f.id, _TOTAL) for f in cat.factors]
    same = tuple(Equation(t, (totals[0],)) for t in totals[1:])
    return attrs.evolve(
        table,
        equations=table.equations + same,
        public=frozenset((line.key, _TOTAL) for line in rows),
    )


def _goal_table(loc: Localizer, counter: Counter[tuple[str, str]], total: str) -> _Table:
    """Goals by setting (rows) and current status (columns), with totals."""
    rows = [_Line(s.value, (loc.enum(s),), "body") for s in Setting]
    rows.append(_Line(_TOTAL, (total,), "total"))
    return _table(rows, [g.value for g in GoalStatus], counter, [(_TOTAL, [s.value for s in Setting])])


def _formats(workbook: Any) -> dict[str, Any]:
    grey, line = "#595959", "#BFBFBF"
    base: dict[str, Any] = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
    count: dict[str, Any] = {"align": "right", "num_format": "#,##0"}
    formats: dict[str, dict[str, Any]] = {
        "title": {"bold": True, "font_size": 12},
        "note": {"italic": True, "font_color": grey},
        "header": {"bold": True, "text_wrap": True, "bg_color": "#E7E6E6", "bottom": 1},
        "header_count": {
            "bold": True,
            "text_wrap": True,
            "bg_color": "#E7E6E6",
            "bottom": 1,
            "align": "right",
        },
        "body": {},
        "body_count": count,
        "body_hidden": {"align": "right", "font_color": grey},
        "subtotal": {"bold": True, "top": 1, "top_color": line},
        "subtotal_count": {**count, "bold": True, "top": 1, "top_color": line},
        "subtotal_hidden": {"align": "right", "bold": True, "font_color": grey, "top": 1, "top_color": line},
        "total": {"bold": True, "top": 2},
        "total_count": {**count, "bold": True, "top": 2},
        "total_hidden": {"align": "right", "bold": True, "font_color": grey, "top": 2},
    }
    return {name: workbook.add_format({**base, **spec}) for name, spec in formats.items()}
