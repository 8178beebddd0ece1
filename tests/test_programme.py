"""The programme tracker: many cases in one workbook, small counts suppressed, streamed, neutral."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import desistkit as dk
from conftest import EXAMPLES, convert_to_pdf
from desistkit.casefile.files import atomic_output
from desistkit.cli.cases import shared_cases
from desistkit.export._suppress import Equation, Mark, suppress
from desistkit.export.programme import ProgrammeError, programme_xlsx
from desistkit.sharing import KnownIdentifiers
from ooxml_schema import require_schemas, validate_package
from strategies import cases as any_cases
from strategies import programme_cases

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 11, 30)
T = 5


def _shared(cases: Iterator[dk.Case] | list[dk.Case], audience: str = "research") -> Iterator[dk.SharedCase]:
    return (dk.share(c, audience, key=KEY, on=ON) for c in cases)


def _workbook(cases: Any, lang: str = "en", **options: Any) -> bytes:
    out = io.BytesIO()
    programme_xlsx(cases, dk.get_localizer(lang), out, **options)
    return out.getvalue()


def _sheet(data: bytes, index: int) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = [tuple(r) for r in workbook.worksheets[index].iter_rows(values_only=True)]
    workbook.close()
    return rows


def _table(rows: list[tuple[Any, ...]], first_label: str) -> tuple[list[Any], list[tuple[Any, ...]]]:
    """The header and body of the count table on an aggregate sheet (below the notes)."""
    start = next(i for i, r in enumerate(rows) if r[0] == first_label)
    return list(rows[start]), [r for r in rows[start + 1 :] if r[0] is not None]


# --- suppression: properties and a brute-force check -------------------------------------------------


def _grid(values: list[list[int]]) -> tuple[dict[Any, int], list[Equation[Any]]]:
    """Cells (r, c) with row totals (r, "T"), column totals ("T", c) and the grand total."""
    n_rows, n_cols = len(values), len(values[0])
    cells: dict[Any, int] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            cells[r, c] = values[r][c]
        cells[r, "T"] = sum(values[r])
    for c in [*range(n_cols), "T"]:
        cells["T", c] = sum(cells[r, c] for r in range(n_rows))
    equations = [Equation((r, "T"), tuple((r, c) for c in range(n_cols))) for r in [*range(n_rows), "T"]]
    equations += [Equation(("T", c), tuple((r, c) for r in range(n_rows))) for c in [*range(n_cols), "T"]]
    return cells, equations


small_counts = st.integers(0, 9).map(lambda v: v if v < 7 else v * 3)  # many small counts, some large
grids = st.integers(1, 5).flatmap(
    lambda cols: st.lists(st.lists(small_counts, min_size=cols, max_size=cols), min_size=1, max_size=6)
)


@settings(max_examples=300, deadline=None)
@given(grids)
def test_no_small_count_is_shown_and_no_line_has_one_hidden_cell(values: list[list[int]]) -> None:
    """Every count 1–4 is hidden; no row or column (total included) has exactly one hidden cell."""
    cells, equations = _grid(values)
    marks = suppress(cells, equations, T)
    withheld = set(marks.values()) == {Mark.HIDDEN}  # a table that cannot be protected otherwise
    for cell, value in cells.items():
        assert marks[cell] is not Mark.SHOWN or not 1 <= value < T, cell
        if not withheld:
            assert (marks[cell] is Mark.SMALL) == (1 <= value < T), cell
            # Zeros and small counts are never hidden "for another cell".
            assert marks[cell] is not Mark.HIDDEN or value >= T, cell
    for e in equations:
        hidden = [c for c in (*e.members, e.total) if marks[c] is not Mark.SHOWN]
        assert len(hidden) != 1, (e, hidden)
        if marks[e.total] is Mark.SHOWN:
            assert sum(marks[m] is not Mark.SHOWN for m in e.members) != 1


def _pinned(cells: dict[Any, int], marks: dict[Any, Mark], shape: tuple[int, int]) -> list[Any]:
    """The hidden cells that take the same value in every table agreeing with what a reader sees
    and knows: shown cells, "<5" cells between 1 and 4, other hidden cells at least 5, all sums.
    Brute force: for each hidden cell, tables are enumerated (nearest to the true one first) until
    one differs in that cell."""
    n_rows, n_cols = shape
    cap = max(cells.values()) + T + 2

    def fits(cell: Any, value: int) -> bool:
        if marks[cell] is Mark.SHOWN:
            return value == cells[cell]
        return 1 <= value < T if marks[cell] is Mark.SMALL else T <= value <= cap * n_cols * n_rows

    def domain(cell: Any) -> list[int]:
        if marks[cell] is Mark.SHOWN:
            return [cells[cell]]
        values = range(1, T) if marks[cell] is Mark.SMALL else range(T, cap + 1)
        return sorted(values, key=lambda v: abs(v - cells[cell]))

    def differs(target: Any, order: list[int], grid: dict[int, tuple[int, ...]]) -> bool:
        if len(grid) == n_rows:
            table = {(i, c): grid[i][c] for i in range(n_rows) for c in range(n_cols)}
            table.update({(i, "T"): sum(grid[i]) for i in range(n_rows)})
            table.update({("T", c): sum(g[c] for g in grid.values()) for c in range(n_cols)})
            table["T", "T"] = sum(sum(g) for g in grid.values())
            return all(fits(k, v) for k, v in table.items()) and table[target] != cells[target]
        r = order[len(grid)]
        for row in itertools.product(*(domain((r, c)) for c in range(n_cols))):
            if not fits((r, "T"), sum(row)):
                continue
            partial = [sum(g[c] for g in grid.values()) + row[c] for c in range(n_cols)]
            if any(marks["T", c] is Mark.SHOWN and partial[c] > cells["T", c] for c in range(n_cols)):
                continue
            if differs(target, order, {**grid, r: row}):
                return True
        return False

    def rows_for(target: Any) -> list[int]:  # the target's row last: it varies fastest
        return sorted(range(n_rows), key=lambda r: r == target[0])

    return [c for c in cells if marks[c] is not Mark.SHOWN and not differs(c, rows_for(c), {})]


small_grids = st.integers(1, 3).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 8), min_size=cols, max_size=cols), min_size=1, max_size=3)
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_grids)
def test_no_hidden_cell_can_be_worked_out_brute_force(values: list[list[int]]) -> None:
    """For small tables, every table consistent with what is shown is enumerated: each hidden cell
    (small counts and the cells hidden to protect them) can take at least two values."""
    cells, equations = _grid(values)
    marks = suppress(cells, equations, T)
    if any(marks[c] is not Mark.SHOWN and v == 0 for c, v in cells.items()):
        assert set(marks.values()) == {Mark.HIDDEN}  # the whole table withheld: nothing to work from
        return
    assert _pinned(cells, marks, (len(values), len(values[0]))) == [], marks


def test_the_brute_force_finds_what_small_count_marks_alone_give_away() -> None:
    """The checker itself: with only the small counts hidden, it finds them from the totals."""
    cells, _ = _grid([[3, 7], [8, 9]])
    marks = {c: Mark.SMALL if 1 <= v < T else Mark.SHOWN for c, v in cells.items()}
    assert _pinned(cells, marks, (2, 2)) == [(0, 0)]


def test_the_classic_two_by_two_trap_is_closed() -> None:
    """1 and 5 on one diagonal, 5 and 1 on the other, totals shown: the row-and-column rule alone
    hides all four, yet a reader who knows "<5" means 1–4 could still work them out."""
    cells, equations = _grid([[1, 5], [5, 1]])
    marks = suppress(cells, equations, T)
    assert _pinned(cells, marks, (2, 2)) == []
    assert sum(m is not Mark.SHOWN for m in marks.values()) > 4  # the rule alone hides just the four


# --- the workbook ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def programme() -> tuple[list[dk.Case], bytes]:
    """60 fictional cases (8 factors each session, 4 sessions), shared for research, in English."""
    cases = list(programme_cases(60, sessions=4, factors=8, seed=3))
    return cases, _workbook(_shared(cases))


def _latest(case: dk.Case) -> dict[str, dk.FactorReflection]:
    """Each factor's last reflection, walking the sessions by date (independent of desistkit's views)."""
    latest: dict[str, dk.FactorReflection] = {}
    for session in sorted(case.sessions, key=lambda s: s.date):
        for r in session.reflections:
            latest[r.factor_id] = r
    return latest


def _check_counts(header: list[Any], body: list[tuple[Any, ...]], expected: dict[tuple[str, str], int],
                  labels: int) -> int:  # fmt: skip
    """Shown cells equal the expected counts; "<5" cells hold 1–4; hidden cells at least 5."""
    checked = 0
    for row in body:
        key = row[labels - 1]
        for col, value in zip(header[labels:], row[labels:], strict=True):
            true = expected[key, col]
            if value == "<5":
                assert 1 <= true < T, (key, col)
            elif value == "hidden":
                assert true >= T, (key, col)
            else:
                assert value == true, (key, col)
                checked += 1
    return checked


def test_aggregates_agree_with_counts_made_in_the_test(programme: tuple[list[dk.Case], bytes]) -> None:
    """Resources and challenges, stances and goal attainment against counts made here from the cases."""
    cases, data = programme
    loc, cat = dk.get_localizer("en"), dk.default_catalogue()
    valence: Counter[tuple[str, str]] = Counter()
    stance: Counter[tuple[str, str]] = Counter()
    goals: Counter[tuple[str, str]] = Counter()
    for case in cases:
        latest = _latest(case)
        for factor in cat.factors:
            r = latest.get(factor.id)
            v = loc.enum(r.valence) if r else "Not addressed yet"
            s = next((loc.enum(x) for x in dk.Stance if r and r.notes(x)), "Not addressed yet")
            for counter, label in ((valence, v), (stance, s)):
                for row in (factor.name, f"{factor.category.name}/sub", "Grand"):
                    counter[row, label] += 1
                    counter[row, "Total"] += 1
        status, setting = loc.enum(case.goals[-1].status) if case.goals else "", loc.enum(case.setting)
        for goal in case.goals:
            status = loc.enum(goal.history[-1].status)
            for key in ((setting, status), (setting, "Total"), ("Total", status), ("Total", "Total")):
                goals[key] += 1
    checked = 0
    for index, counter in ((1, valence), (3, stance)):
        header, body = _table(_sheet(data, index), "Category")
        keys = [f"{r[0]}/sub" if r[1] == "Total" else r[1] or "Grand" for r in body]
        order = [[*(f.name for f in cat.factors_in(c.id)), f"{c.name}/sub"] for c in cat.categories]
        assert keys == [*itertools.chain.from_iterable(order), "Grand"]
        assert all(counter[f.name, "Total"] == len(cases) for f in cat.factors)
        checked += _check_counts(
            header[1:], [(k, *r[2:]) for k, r in zip(keys, body, strict=True)], counter, 1
        )
    header, body = _table(_sheet(data, 2), "Setting")
    assert [r[0] for r in body] == [*(loc.enum(s) for s in dk.Setting), "Total"]
    checked += _check_counts(header, body, goals, 1)
    assert checked > 100  # enough counts are large enough to be shown and compared


def test_cases_sheet_has_one_row_per_case_session(programme: tuple[list[dk.Case], bytes]) -> None:
    """One row per session, pseudonyms only, dates as programme weeks, ratings as numbers."""
    cases, data = programme
    header, body = _table(_sheet(data, 0), "Case reference")
    assert len(body) == sum(len(c.sessions) for c in cases)
    assert header[:6] == [
        "Case reference",
        "Setting",
        "Session",
        "Date",
        "Type of meeting",
        "Working relationship",
    ]
    assert len(header) == 6 + 3 * 29
    assert all(re.fullmatch(r"C-[0-9A-Z]{4}(-[0-9A-Z]{4})+", r[0]) for r in body)
    assert len({r[0] for r in body}) == 60
    assert all(re.fullmatch(r"Week \d+ of the programme", r[3]) for r in body)
    rating = header.index(f"{dk.default_catalogue().factors[0].name} – Rating")
    first = cases[0].chronological[0].reflections[0]
    row = next(r for r in body if r[2] == 1 and r[0] == body[0][0])
    assert row[rating] == first.rating


@pytest.mark.parametrize("audience", ["research", "case-conference"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_no_client_identifier_in_any_part(path: Path, audience: str) -> None:
    """Every part is searched for the client's names, numbers, birth date and the real reference."""
    case = dk.load_case(path)
    data = _workbook(_shared([case], audience))
    secrets = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8").casefold()
    for secret in [*secrets, case.reference]:
        assert not re.search(rf"(?<!\w){re.escape(secret.casefold())}(?!\w)", text), secret


def test_internal_audience_is_refused() -> None:
    """The team's own view carries names: it never goes into a programme tracker."""
    with pytest.raises(ProgrammeError, match=r"internal audience .* pseudonyms only"):
        _workbook(dk.share(c, "internal", on=ON) for c in programme_cases(2, sessions=1, factors=2))


def test_mixed_audiences_and_no_cases_are_refused() -> None:
    """One tracker is for one audience and one export day; an empty one is an error, not a file."""
    cases = list(programme_cases(2, sessions=1, factors=2))
    mixed = [
        dk.share(cases[0], "research", key=KEY, on=ON),
        dk.share(cases[1], "case-conference", key=KEY, on=ON),
    ]
    with pytest.raises(ProgrammeError, match="case 2 is shared for 'case-conference'"):
        _workbook(mixed)
    with pytest.raises(ProgrammeError, match="no cases"):
        _workbook([])
    with pytest.raises(TypeError, match=r"call desistkit\.share"):
        _workbook(cases)


def test_valid_deterministic_and_neutral(programme: tuple[list[dk.Case], bytes]) -> None:
    """Schema-valid; same bytes for the same cases; the checks the scrubber's own tests make."""
    require_schemas()
    cases, data = programme
    assert validate_package(data) == []
    time.sleep(1.1)  # a different clock for XlsxWriter's temporary files
    assert _workbook(_shared(cases)) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())
    core = parts["docProps/core.xml"].decode("utf-8")
    assert "2000-01-01T00:00:00Z" in core and "<dc:language>en-US</dc:language>" in core
    assert "creator" not in core and "lastModifiedBy" not in core
    assert b"<Application>desistkit</Application>" in parts["docProps/app.xml"]
    for body in parts.values():
        for name in (b"XlsxWriter", b"Microsoft Excel", b"xlsxwriter", b"openpyxl"):
            assert name not in body
    assert not [n for n in parts if "pivot" in n.lower() or "comment" in n.lower() or "thumbnail" in n]


def test_nothing_becomes_a_formula() -> None:
    """Texts are written as text: a label or pseudonym starting with '=' would stay a string."""
    data = _workbook(_shared(programme_cases(3, sessions=1, factors=2)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(
            b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")
        )


def test_aggregates_only_workbook_for_a_funder() -> None:
    """Without case rows, the first sheet is the suppressed counts, with the legend on top."""
    data = _workbook(_shared(programme_cases(12, sessions=2, factors=4)), case_rows=False)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Resources and challenges", "Goal attainment", "Knowledge status"]
    first = [r[0] for r in workbook.worksheets[0].iter_rows(max_row=6, values_only=True)]
    assert dk.get_localizer("en").text("tracker.suppressed_note") in first
    assert not any(
        isinstance(v, str) and v.startswith("C-")
        for ws in workbook.worksheets
        for r in ws.iter_rows(values_only=True)
        for v in r
    )


def test_progress_is_reported_per_case() -> None:
    """A CLI's progress bar gets 1, 2, 3, ... as cases are written."""
    seen: list[int] = []
    _workbook(_shared(programme_cases(5, sessions=1, factors=2)), progress=seen.append)
    assert seen == [1, 2, 3, 4, 5]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_cases(), min_size=1, max_size=8))
def test_every_written_table_is_suppressed(cases: list[dk.Case]) -> None:
    """For any cases: no shown count between 1 and 4 on a count sheet, and no row with a shown
    total and exactly one hidden cell."""
    data = _workbook(_shared(cases))
    for index, first in ((1, "Category"), (2, "Setting"), (3, "Category")):
        _, body = _table(_sheet(data, index), first)
        labels = 2 if first == "Category" else 1
        for row in body:
            counts = row[labels:]
            assert not any(isinstance(v, int) and 1 <= v < T for v in counts)
            if isinstance(counts[-1], int):
                assert sum(isinstance(v, str) for v in counts[:-1]) != 1, row


def test_shared_cases_names_the_file_that_failed(tmp_path: Path) -> None:
    """A bad file among many: the error names its path and the JSON path, never its content."""
    bad = tmp_path / "nested" / "case-7.json"
    bad.parent.mkdir()
    bad.write_text('{"format_version": 1, "reference": "Jonas Brenner", "setting": "jail"}', encoding="utf-8")
    with pytest.raises(dk.CaseFileError) as caught:
        list(shared_cases([EXAMPLES[0], bad], "research", on=ON, key=KEY))
    assert str(bad) in str(caught.value) and "setting" in str(caught.value)
    assert "Jonas" not in str(caught.value)
    with pytest.raises(ProgrammeError, match=re.escape(str(EXAMPLES[0]))):
        list(shared_cases([EXAMPLES[0]], "research", on=ON))  # no key


def test_written_atomically_through_atomic_output(tmp_path: Path) -> None:
    """The exporter writes into a stream only; through atomic_output a file is written whole or not
    at all, an existing file is kept unless forced, and a failed export leaves nothing behind."""
    out = tmp_path / "programme.xlsx"
    loc = dk.get_localizer("en")
    with pytest.raises(TypeError, match="atomic_output"):
        programme_xlsx(_shared(programme_cases(1, sessions=1, factors=3)), loc, out)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
    with atomic_output(out) as stream:
        summary = programme_xlsx(_shared(programme_cases(6, sessions=2, factors=3)), loc, stream)
    assert (summary.cases, summary.sessions) == (6, 12)
    before = out.read_bytes()
    with pytest.raises(dk.OutputExistsError), atomic_output(out) as stream:
        programme_xlsx(_shared(programme_cases(1, sessions=1, factors=3)), loc, stream)
    assert out.read_bytes() == before
    with pytest.raises(ProgrammeError), atomic_output(out, force=True) as stream:
        programme_xlsx(_shared(programme_cases(1, sessions=1, factors=3), "internal"), loc, stream)
    assert out.read_bytes() == before
    with atomic_output(out, force=True) as stream:
        programme_xlsx(_shared(programme_cases(1, sessions=1, factors=3)), loc, stream)
    assert out.read_bytes() != before
    assert [p.name for p in tmp_path.iterdir()] == ["programme.xlsx"]


@pytest.mark.parametrize("lang", ["fr", "el"])
def test_headers_and_sheet_names_are_localised(lang: str) -> None:
    """Sheet names, headers and enum labels in the language asked for."""
    loc = dk.get_localizer(lang)
    data = _workbook(_shared(programme_cases(6, sessions=2, factors=3)), lang)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [
        loc.text(f"tracker.sheet.{n}")[:31]
        for n in ("cases", "factor_counts", "goal_attainment", "stance_distribution")
    ]
    values = {
        v
        for ws in workbook.worksheets
        for r in ws.iter_rows(values_only=True)
        for v in r
        if isinstance(v, str)
    }
    assert {loc.text("tracker.case_reference"), loc.text("tracker.total"), loc.enum(dk.Valence.RESOURCE),
            loc.enum(dk.GoalStatus.ACHIEVED), loc.text("tracker.suppressed_note")} <= values  # fmt: skip


@pytest.mark.libreoffice
def test_opens_in_libreoffice(soffice: str, tmp_path: Path, programme: tuple[list[dk.Case], bytes]) -> None:
    """LibreOffice converts the workbook (in Greek, a long language) to a PDF."""
    source = tmp_path / "programme.xlsx"
    source.write_bytes(_workbook(_shared(programme[0][:20]), "el"))
    pdf = convert_to_pdf(soffice, source, tmp_path)
    assert pdf.stat().st_size > 10_000


def test_cli_programme_tracker(tmp_path: Path) -> None:
    """`desistkit tracker cases/*.json -o programme.xlsx`: research audience by default, a progress
    bar and counts (never case content) on stderr; --aggregates-only drops the Cases sheet."""
    from conftest import run_cli

    key = tmp_path / "key.txt"
    key.write_text(bytes(range(32)).hex(), encoding="utf-8")
    out = tmp_path / "programme.xlsx"
    args = ["tracker", *map(str, EXAMPLES), "--key-file", str(key), "--on", "2025-11-30", "--lang", "de"]
    result = run_cli(*args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{len(EXAMPLES)} cases" in result.stderr and "for research" in result.stderr
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert dk.get_localizer("de").text("tracker.sheet.cases") in names
    again = run_cli(*args, "-o", str(out))
    assert again.returncode == 1 and "exists" in again.stderr
    funder = tmp_path / "funder.xlsx"
    assert run_cli(*args, "--aggregates-only", "-o", str(funder)).returncode == 0
    assert dk.get_localizer("de").text("tracker.sheet.cases") not in openpyxl.load_workbook(funder).sheetnames
    internal = run_cli(*args, "--audience", "internal", "-o", str(tmp_path / "no.xlsx"))
    assert internal.returncode == 1 and "internal" in internal.stderr and "Traceback" not in internal.stderr
    single = run_cli("tracker", str(EXAMPLES[0]), "--aggregates-only", "-o", str(tmp_path / "one.xlsx"))
    assert single.returncode == 2 and "programme tracker" in single.stderr


def test_another_threshold_says_so() -> None:
    """With threshold 10 the cells say "<10" and the note "1 to 9", in the tracker's language."""
    cases = list(programme_cases(12, sessions=2, seed=3))
    data = _workbook(_shared(cases), "de", threshold=10)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    texts = {str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    assert "<10" in texts and "<5" not in texts
    assert any("9" in t and "10" in t for t in texts if len(t) > 40)
