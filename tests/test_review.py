"""Review by a native practitioner: a spreadsheet out, corrections back into the catalog."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, zip_with
from desistkit.i18n.review import ReviewError, apply_review, review_rows, write_review

PO = """\
# desistkit: Polish translation.
# Form of address: Pan/Pani.
msgid ""
msgstr ""
"Project-Id-Version: desistkit 0.1.0\\n"
"Language: pl\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

#. Printed on the card the client holds.
#. Threats against the client for leaving.
msgctxt "factor.retaliation.name"
msgid "Threats and retaliation"
msgstr "Odwet"

#. A tracker cell.
msgctxt "stance.known.name"
msgid "Known"
msgstr   "Znane"

#. Counts.
#, python-brace-format
msgctxt "plural.cases"
msgid "{n} case"
msgid_plural "{n} cases"
msgstr[0] "{n} przypadek"
msgstr[1] "{n} przypadki"
msgstr[2] "{n} przypadków"
"""


def _xlsx_with(data: bytes, corrections: dict[str, str]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    key_col, fix_col = header.index("Key") + 1, header.index("Correction") + 1
    for row in range(2, sheet.max_row + 1):
        key = sheet.cell(row, key_col).value
        if key in corrections:
            sheet.cell(row, fix_col).value = corrections[key]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_rows_carry_english_translation_comment_and_one_row_per_plural_form() -> None:
    rows = {r.key: r for r in review_rows("pl", PO)}
    assert list(rows) == [
        "factor.retaliation.name",
        "stance.known.name",
        *(f"plural.cases[{i}]" for i in range(3)),
    ]
    row = rows["factor.retaliation.name"]
    assert (row.english, row.translation, row.correction) == ("Threats and retaliation", "Odwet", "")
    assert row.comment == "Printed on the card the client holds. Threats against the client for leaving."
    assert rows["plural.cases[2]"].english == "{n} cases"
    assert rows["plural.cases[2]"].translation == "{n} przypadków"


def test_xlsx_round_trip_changes_only_the_corrected_msgstr() -> None:
    data = write_review("pl", "xlsx", po_text=PO)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.freeze_panes == "C2"
    assert [c.value for c in sheet[1]][:3] == ["Key", "English", "Translation"]
    filled = _xlsx_with(data, {"factor.retaliation.name": "Groźby i odwet", "plural.cases[1]": "{n} sprawy"})
    new, diff = apply_review(PO, filled)
    old_lines, new_lines = PO.splitlines(), new.splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed == [
        ('msgstr "Odwet"', 'msgstr "Groźby i odwet"'),
        ('msgstr[1] "{n} przypadki"', 'msgstr[1] "{n} sprawy"'),
    ]
    assert '-msgstr "Odwet"' in diff and '+msgstr "Groźby i odwet"' in diff
    assert 'msgstr   "Znane"' in new  # untouched entries stay byte for byte


def test_csv_round_trip_and_an_empty_review_changes_nothing() -> None:
    data = write_review("pl", "csv", po_text=PO)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel shows the Polish letters
    assert apply_review(PO, data) == (PO, "")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    rows[2][5] = "Wiadomo"  # stance.known.name, Correction column
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)  # as Excel saves it in a Polish locale
    new, _ = apply_review(PO, out.getvalue().encode("utf-8-sig"))
    assert 'msgstr "Wiadomo"' in new
    assert new.replace('msgstr "Wiadomo"', 'msgstr   "Znane"') == PO


def test_a_file_for_another_version_is_refused_naming_the_row() -> None:
    data = write_review("pl", "csv", po_text=PO)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    rows[1][1] = "Retaliation"
    rows[1][5] = "Odwet"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with pytest.raises(ReviewError, match=r"row 2: factor\.retaliation\.name: the English is 'Retaliation'"):
        apply_review(PO, out.getvalue().encode())
    rows[1][0] = "factor.revenge.name"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with pytest.raises(ReviewError, match=r"row 2: 'factor\.revenge\.name' is not a message"):
        apply_review(PO, out.getvalue().encode())


def test_a_correction_must_keep_the_placeholders() -> None:
    filled = _xlsx_with(write_review("pl", po_text=PO), {"plural.cases[0]": "jeden przypadek"})
    with pytest.raises(ReviewError, match=r"row 4: plural\.cases\[0\]: the correction must keep"):
        apply_review(PO, filled)


def test_a_shipped_catalog_gives_a_row_per_message_with_term_hints() -> None:
    rows = review_rows("de", locales=ROOT / "locales")
    keys = {r.key.split("[")[0] for r in rows}
    template = (ROOT / "locales" / "desistkit.pot").read_text(encoding="utf-8")
    assert len(keys) == template.count("\nmsgctxt ")
    assert all(r.comment for r in rows if r.key.startswith("factor."))
    if (ROOT / "locales" / "terms" / "de.tsv").exists():
        assert any(r.hints.startswith("caseworker = ") for r in rows if r.key == "priority.caseworker")


def test_without_source_files_the_installed_package_is_reviewed(tmp_path: Path) -> None:
    """From a wheel: English and comments from the packaged texts, translations from the .mo files."""
    rows = review_rows("pl", locales=tmp_path)
    template = (ROOT / "locales" / "desistkit.pot").read_text(encoding="utf-8")
    assert len({r.key.split("[")[0] for r in rows}) == template.count("\nmsgctxt ")
    assert all(r.comment for r in rows)
    assert [r.key for r in rows if r.key.startswith("plural.cases")] == [
        f"plural.cases[{i}]" for i in range(3)
    ]
    known = next(r for r in rows if r.key == "stance.known.name")
    assert known.translation and known.translation != "Known"


def test_the_review_round_trip_on_the_command_line(tmp_path: Path) -> None:
    """desistkit locales --review de -o de.csv, a correction typed in, --apply writes the corrected
    catalog and prints the diff; the original .po is not touched."""
    import csv

    from conftest import run_cli

    po = ROOT / "locales" / "de" / "LC_MESSAGES" / "desistkit.po"
    review = tmp_path / "de.csv"
    result = run_cli("locales", "--review", "de", "--po", str(po), "-o", str(review))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(review.read_text("utf-8-sig").splitlines()))
    header, first = rows[0], rows[1]
    first[header.index("Correction")] = first[header.index("Translation")] + " (geprüft)"
    with review.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([header, first])
    out = tmp_path / "desistkit.po"
    result = run_cli("locales", "--apply", str(review), "--po", str(po), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "(geprüft)" in out.read_text("utf-8") and "(geprüft)" in result.stderr
    assert "(geprüft)" not in po.read_text("utf-8")


def _zip_without_a_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("Key;English;Korrektur Ä\n".encode("latin-1"), "neither an .xlsx workbook nor UTF-8 CSV (byte 22)"),
        (b"\x00\xff" * 100, "neither an .xlsx workbook nor UTF-8 CSV (byte 1)"),
        (_zip_without_a_workbook(), "the review file is refused: is not an Office document"),
        (b'Key,English,Correction\n"' + b"x" * 200_000 + b'"\n', "not CSV as --review writes it"),
    ],
    ids=["latin-1 csv", "binary", "zip of another kind", "a cell over the csv limit"],
)
def test_a_review_file_of_another_kind_is_a_review_error(data: bytes, said: str) -> None:
    """The file a reviewer sends back may be saved in Latin-1, be another zip, or hold a giant cell:
    each is a ReviewError saying what the file should be (they were UnicodeDecodeError, KeyError and
    csv.Error: `locales --apply` ended as an internal error, exit 70)."""
    with pytest.raises(ReviewError, match=re.escape(said)):
        apply_review(PO, data)


# --- hostile workbooks: apply_review takes them through the package gate itself ------------------

DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'


def _review_with(extra: list[tuple[str, bytes]], replace: dict[str, bytes] | None = None) -> bytes:
    data = _xlsx_with(write_review("pl", "xlsx", po_text=PO), {"stance.known.name": "Znany"})
    return zip_with(data, extra, replace=replace)


def _bomb_parts() -> list[tuple[str, bytes]]:
    from desistkit.formats.package import RATIO_FLOOR, TOTAL_RATIO_FLOOR

    count = TOTAL_RATIO_FLOOR // (RATIO_FLOOR - 1) + 2
    return [(f"xl/media/pad{i}.bin", bytes(RATIO_FLOOR - 1)) for i in range(count)]


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ([("xl/extra.xml", DTD)], "part xl/extra.xml declares a document type or entities"),
        ([("customXml/item1", DTD)], "part customXml/item1 declares a document type or entities"),
        (_bomb_parts(), "refused as a possible zip bomb"),
        ([("xl/media/image1.png", b"<x>not closed")], "part xl/media/image1.png is not well-formed XML"),
    ],
    ids=["dtd", "dtd in a part without extension", "many small parts", "broken markup"],
)
def test_apply_review_takes_a_workbook_through_the_package_gate_itself(
    extra: list[tuple[str, bytes]], said: str
) -> None:
    """A review workbook is a document from outside. Only `desistkit locales --apply` used to run
    the package gate; a service calling apply_review() handed openpyxl whatever it was sent."""
    with pytest.raises(ReviewError, match=r"^the review file is refused: .*" + re.escape(said)):
        apply_review(PO, _review_with(extra))


def test_apply_review_still_applies_a_clean_workbook_after_the_gate() -> None:
    new, _ = apply_review(PO, _review_with([]))
    assert 'msgstr "Znany"' in new


def test_a_word_document_is_not_a_review_workbook() -> None:
    """A Word document passes the gate (it is a clean package) but is no review file."""
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    with pytest.raises(ReviewError, match=r"not an Excel workbook"):
        apply_review(PO, out.getvalue())


def test_a_sheet_that_claims_a_cell_at_xfd1048576_is_refused_not_expanded(tmp_path: Path) -> None:
    """openpyxl fills every row and column up to the last cell a sheet has: one cell at XFD1048576
    made apply_review build 17 billion empty cells (it never finished). The rows read are capped;
    run in a child process with a timeout, so that a regression fails instead of hanging."""
    import subprocess
    import sys

    data = _review_with([])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', sheet)
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = sheet.replace("</sheetData>", far + "</sheetData>")
    path = tmp_path / "review.xlsx"
    path.write_bytes(_review_with([], {"xl/worksheets/sheet1.xml": sheet.encode("utf-8")}))
    (tmp_path / "pl.po").write_text(PO, "utf-8")
    script = (
        "import pathlib, sys\n"
        "from desistkit.i18n.review import ReviewError, apply_review\n"
        "folder = pathlib.Path(sys.argv[1])\n"
        "try:\n"
        "    apply_review((folder / 'pl.po').read_text('utf-8'), (folder / 'review.xlsx').read_bytes())\n"
        "except ReviewError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=90, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "the review file has more than 20000 rows" in done.stdout
