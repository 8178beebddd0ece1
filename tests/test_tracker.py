"""The Excel tracker of one case: schema-valid, deterministic, localised, safe to open and to share."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from lxml import etree

import desistkit as dk
from conftest import EXAMPLES, convert_all_to_pdf, run_cli
from desistkit.export.tracker import tracker_xlsx
from desistkit.sharing import KnownIdentifiers
from ooxml_schema import require_schemas, validate_package

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 11, 30)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)  # the moment of disclosure
PRISON = EXAMPLES[1]
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _tracker(path: Path = PRISON, lang: str = "en", audience: str = "internal") -> bytes:
    shared = dk.share(dk.load_case(path), audience, key=KEY, on=ON, now=NOW, lang=lang)
    return tracker_xlsx(shared, dk.get_localizer(lang))


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _sheet_xml(data: bytes, title: str) -> etree._Element:
    """The worksheet part of the sheet with this title."""
    parts = _parts(data)
    workbook = etree.fromstring(parts["xl/workbook.xml"])
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for sheet in workbook.iter(f"{S}sheet"):
        if sheet.get("name") == title:
            return etree.fromstring(parts["xl/" + targets[sheet.get(r_id)].lstrip("/").removeprefix("xl/")])
    raise LookupError(title)


@pytest.mark.parametrize("lang", ["en", "fr", "el", "de"])
def test_tracker_is_valid_deterministic_and_neutral(lang: str) -> None:
    """Schema-valid in every part (charts and tables included); same bytes twice; no author or library."""
    require_schemas()
    data = _tracker(lang=lang)
    assert validate_package(data) == []
    assert data == _tracker(lang=lang)
    parts = _parts(data)
    core = parts["docProps/core.xml"].decode("utf-8")
    assert f"<dc:language>{dk.get_localizer(lang).tag}</dc:language>" in core
    assert "creator" not in core and "2000-01-01T00:00:00Z" in core
    assert b"<Application>desistkit</Application>" in parts["docProps/app.xml"]
    assert not [n for n in parts if "thumbnail" in n or "printerSettings" in n]
    assert {n for n in parts if n.startswith("xl/charts/")} == {
        "xl/charts/chart1.xml",
        "xl/charts/chart2.xml",
    }
    assert (
        len([n for n in parts if n.startswith("xl/tables/")]) == 7
    )  # team, sessions, goals, relationship, agencies, actions, factors


def test_sheets_tables_frozen_headers_in_the_language() -> None:
    """Greek sheet names and headers; every data sheet a filterable table with a frozen header row."""
    loc = dk.get_localizer("el")
    workbook = openpyxl.load_workbook(io.BytesIO(_tracker(lang="el")))
    expected = [loc.text(f"tracker.sheet.{k}") for k in ("overview", "sessions", "goals", "relationship",
                                                         "agencies", "catalogue", "charts")]  # fmt: skip
    assert workbook.sheetnames == [name[:31] for name in expected]
    sessions = workbook[expected[1]]
    header = [c.value for c in sessions[1]]
    keys = ["document.date", "document.kind", "document.factor"]
    assert header[:3] == [loc.text(k) for k in keys]
    assert header[-2:] == [loc.text("tracker.session_id"), loc.text("tracker.factor_id")]  # ids last
    assert loc.text("document.note") in header and loc.text("priority.caseworker") in header
    col = header.index(loc.text("tracker.stance")) + 1
    stances = {c.value for c in next(sessions.iter_cols(min_col=col, max_col=col, min_row=2)) if c.value}
    assert stances <= {loc.enum(s) for s in dk.Stance} | {loc.text("document.gender_lens"),
                                                          loc.text("document.discrimination")}  # fmt: skip
    assert loc.enum(dk.Stance.ASSUMED) in stances
    for title in expected[1:6]:
        sheet = workbook[title]
        assert sheet.freeze_panes == "A2", title
        tables = 2 if title == expected[4] else 1  # the Agencies sheet: the views, and the actions
        assert len(sheet.tables) == tables and all(t.autoFilter is not None for t in sheet.tables.values()), (
            title
        )


def test_every_dropdown_refers_to_a_range_of_the_right_words() -> None:
    """No inline list (Excel drops those over 255 characters): each points at the factors sheet, where
    the words of that list stand, in the tracker's language."""
    loc = dk.get_localizer("fr")
    workbook = openpyxl.load_workbook(io.BytesIO(_tracker(lang="fr")))
    factors_sheet = workbook[loc.text("tracker.sheet.catalogue")]
    sessions = workbook[loc.text("tracker.sheet.sessions")]
    lists = {}
    for validation in sessions.data_validations.dataValidation:
        if validation.type != "list" or validation.formula1 == '"✓"':
            continue
        sheet, cells = validation.formula1.rsplit("!", 1)
        assert sheet.strip("'") == factors_sheet.title
        words = [c.value for row in factors_sheet[cells.replace("$", "")] for c in row]
        lists[str(validation.sqref).split(":")[0]] = words
    assert lists["N2"] == list(dk.default_catalogue().ids)  # the factor ids: far over 255 characters
    assert lists["E2"] == [*(loc.enum(s) for s in dk.Stance), loc.text("document.gender_lens"),
                           loc.text("document.discrimination")]  # fmt: skip
    assert lists["I2"] == [loc.enum(v) for v in dk.Valence]
    assert lists["G2"] == [loc.enum(p) for p in dk.Perspective]
    assert len(",".join(lists["N2"])) > 255


def test_conditional_colours_on_stance_valence_and_rating() -> None:
    """Stances and valences are coloured by their words in the tracker's language; ratings by a scale."""
    loc = dk.get_localizer("de")
    sessions = openpyxl.load_workbook(io.BytesIO(_tracker(lang="de")))[loc.text("tracker.sheet.sessions")]
    rules = {str(r.sqref).split(":")[0]: r.rules for r in sessions.conditional_formatting}
    stance_words = [rule.formula[0] for rule in rules["E2"]]
    assert stance_words == [f'"{loc.enum(s)}"' for s in dk.Stance]
    assert [rule.formula[0] for rule in rules["I2"]] == [f'"{loc.enum(v)}"' for v in dk.Valence]
    assert rules["J2"][0].type == "colorScale"


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "@SUM(A1)", "+1+1", "-2+3", '=HYPERLINK("x")'])
def test_a_note_that_looks_like_a_formula_stays_text(text: str) -> None:
    """The cell holds a shared string, never <f>: opening the tracker runs nothing."""
    case = dk.load_case(PRISON)
    first = case.sessions[0]
    reflection = attrs.evolve(first.reflections[0], known=(dk.Note(text, dk.Perspective.CLIENT),))
    goal = attrs.evolve(case.goals[0], wording=text)
    case = attrs.evolve(case, sessions=(attrs.evolve(first, reflections=(reflection,)),), goals=(goal,))
    data = tracker_xlsx(dk.share(case, "internal", on=ON), dk.get_localizer("en"))
    for title in ("Sessions", "Goals"):
        sheet = _sheet_xml(data, title)
        assert sheet.find(f".//{S}f") is None
    strings = etree.fromstring(_parts(data)["xl/sharedStrings.xml"])
    index = [i for i, si in enumerate(strings) if "".join(si.itertext()) == text]
    assert index, "the text is a shared string"
    cells = [c for c in _sheet_xml(data, "Sessions").iter(f"{S}c") if c.get("t") == "s"
             and c.findtext(f"{S}v") == str(index[0])]  # fmt: skip
    assert cells and cells[0].get("r") == "F2"
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert (workbook["Sessions"]["F2"].value, workbook["Sessions"]["F2"].data_type) == (text, "s")


def test_dates_are_real_dates_for_the_team_and_months_for_a_case_conference() -> None:
    """Internal: date cells with a date format. Case conference: the month in words, never the day."""
    internal = openpyxl.load_workbook(io.BytesIO(_tracker(lang="fr")))
    loc = dk.get_localizer("fr")
    cell = internal[loc.text("tracker.sheet.sessions")]["A2"]
    assert cell.value == dt.datetime(2025, 1, 21) and cell.number_format == "dd\\/mm\\/yyyy"
    shared = openpyxl.load_workbook(io.BytesIO(_tracker(lang="fr", audience="case-conference")))
    sessions = shared[loc.text("tracker.sheet.sessions")]
    assert sessions["A2"].value == loc.format_month(dt.date(2025, 1, 1))
    for sheet in shared.worksheets:
        for row in sheet.iter_rows():
            assert not any(isinstance(c.value, dt.datetime) for c in row), sheet.title


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_no_client_identifier_in_any_part(path: Path) -> None:
    """Every part of a case-conference tracker is searched for the client's names, numbers, reference."""
    data = _tracker(path, "de", "case-conference")
    case = dk.load_case(path)
    secrets = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
    text = b"".join(_parts(data).values()).decode("utf-8", "replace").casefold()
    for secret in [*secrets, case.reference]:
        assert not re.search(rf"(?<!\w){re.escape(secret.casefold())}(?!\w)", text), secret


def test_notes_not_shareable_are_withheld_for_a_case_conference() -> None:
    """A note the caseworker did not mark shareable is not in the tracker; its row says it was withheld."""
    case = dk.load_case(PRISON)
    data = _tracker(lang="en", audience="case-conference")
    text = b"".join(_parts(data).values()).decode("utf-8")
    hidden = [n.text for s in case.sessions for r in s.reflections for n in r.all_notes if not n.shareable]
    assert hidden and not any(n.replace("'", "&apos;") in text or n in text for n in hidden)
    sessions = openpyxl.load_workbook(io.BytesIO(data))["Sessions"]
    loc = dk.get_localizer("en")
    cells = [c.value for c in sessions["F"] if isinstance(c.value, str)]
    # The one reason where there is one ("Withheld: not marked shareable"), else "(wording not released)".
    assert any(v == loc.text("withheld.wording") or v.startswith("Withheld: ") for v in cells)
    assert loc.text("document.withheld") not in cells


def test_charts_have_titles_and_alt_text_in_the_language() -> None:
    """Two native charts, titled in French, with a description for screen readers."""
    loc = dk.get_localizer("fr")
    parts = _parts(_tracker(lang="fr"))
    charts = parts["xl/charts/chart1.xml"].decode() + parts["xl/charts/chart2.xml"].decode()
    assert loc.text("tracker.ratings_chart") in charts and loc.text("tracker.stances_chart") in charts
    assert "<c:lineChart>" in charts and "<c:barChart>" in charts
    drawing = parts["xl/drawings/drawing1.xml"].decode()
    assert f'descr="{loc.text("reflector.chart_stances_alt")}"' in drawing


def test_a_raw_case_is_refused() -> None:
    """Only a SharedCase goes into a document."""
    with pytest.raises(TypeError, match=r"call desistkit\.share"):
        tracker_xlsx(dk.demo_case(), dk.get_localizer("en"))  # type: ignore[arg-type]


def test_a_case_without_sessions_or_goals() -> None:
    """An empty case still gives a valid tracker (empty tables, no charts)."""
    require_schemas()
    case = dk.Case(reference="X-1", setting=dk.Setting.PROBATION)
    data = tracker_xlsx(dk.share(case, "internal", on=ON), dk.get_localizer("en"))
    assert validate_package(data) == []
    assert not [n for n in _parts(data) if n.startswith("xl/charts/")]


@pytest.mark.libreoffice
def test_tracker_opens_in_libreoffice(soffice: str, tmp_path: Path) -> None:
    """LibreOffice converts the tracker (Greek and French, in one run) to a PDF: one A4 landscape
    page per sheet at least."""
    import pdfplumber

    langs = ["el", "fr"]
    for lang in langs:
        (tmp_path / f"tracker-{lang}.xlsx").write_bytes(_tracker(lang=lang))
    pdfs = convert_all_to_pdf(soffice, [tmp_path / f"tracker-{lang}.xlsx" for lang in langs], tmp_path)
    for lang, pdf in zip(langs, pdfs, strict=True):
        with pdfplumber.open(pdf) as document:
            assert len(document.pages) >= 6, lang
            assert all(page.width > page.height for page in document.pages), lang  # landscape
            text = document.pages[0].extract_text()
        assert dk.get_localizer(lang).text("tracker.case_reference") in text


def test_cli_tracker(tmp_path: Path) -> None:
    """`desistkit tracker CASE --lang L -o FILE.xlsx`: internal by default; refuses to overwrite."""
    out = tmp_path / "tracker.xlsx"
    result = run_cli("tracker", str(PRISON), "--lang", "pl", "--on", "2025-11-30", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(out).sheetnames[0] == dk.get_localizer("pl").text("tracker.sheet.overview")
    again = run_cli("tracker", str(PRISON), "-o", str(out))
    assert again.returncode == 1 and "exists; use --force" in again.stderr
    key = tmp_path / "key.txt"
    key.write_text(bytes(range(32)).hex(), encoding="utf-8")
    shared = run_cli("tracker", str(PRISON), "--audience", "case-conference", "--key-file", str(key),
                     "--on", "2025-11-30", "-o", str(tmp_path / "cc.xlsx"))  # fmt: skip
    assert shared.returncode == 0, shared.stderr
    assert "HH-2025-014" not in str(openpyxl.load_workbook(tmp_path / "cc.xlsx").worksheets[0]["A1"].value)


def test_a_note_longer_than_an_excel_cell_is_named_by_its_json_path() -> None:
    """A 40,000-character note cannot go into a cell; the error says which note, by JSON path."""
    import attrs

    case = dk.load_case(EXAMPLES[0])
    i, session = next((i, s) for i, s in enumerate(case.sessions) if any(r.known for r in s.reflections))
    r = next(r for r in session.reflections if r.known)
    long_note = attrs.evolve(r.known[0], text="x" * 40_000)
    reflection = attrs.evolve(r, known=(long_note, *r.known[1:]))
    session = attrs.evolve(
        session, reflections=tuple(reflection if x is r else x for x in session.reflections)
    )
    case = attrs.evolve(case, sessions=tuple(session if k == i else s for k, s in enumerate(case.sessions)))
    shared = dk.share(case, "internal", on=ON)
    with pytest.raises(
        dk.PackageError, match=rf"the note at sessions\[{i}\]\.reflections\.{r.factor_id}\.known\[0\]\.text"
    ):
        tracker_xlsx(shared, dk.get_localizer("en"))
