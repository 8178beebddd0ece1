"""The Word case summary: what an audience may see, accessible, schema-valid, opens in LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

import desistkit as dk
from conftest import EXAMPLES, convert_to_pdf, run_cli
from desistkit.export.summary import summary_docx
from desistkit.sharing import KnownIdentifiers
from ooxml_schema import require_schemas, validate_package

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 11, 30)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)  # the moment of disclosure


def _summary(path: Path, lang: str, audience: str = "case-conference") -> bytes:
    shared = dk.share(dk.load_case(path), audience, key=KEY, on=ON, now=NOW, lang=lang)
    return summary_docx(shared, dk.get_localizer(lang))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_no_client_identifier_in_any_part(path: Path) -> None:
    """Every part of the package is searched for the client's names, numbers and birth date."""
    data = _summary(path, "de")
    case = dk.load_case(path)
    secrets = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace").casefold()
    for secret in [*secrets, case.reference]:
        assert not re.search(rf"(?<!\w){re.escape(secret.casefold())}(?!\w)", text), secret


@pytest.mark.parametrize("lang", ["de", "fi", "el", "ga"])
def test_summary_is_valid_accessible_and_deterministic(lang: str) -> None:
    """Schema-valid; headings; header rows that repeat; captions; the language set; same bytes twice."""
    require_schemas()
    data = _summary(EXAMPLES[1], lang)
    assert validate_package(data) == []
    assert data == _summary(EXAMPLES[1], lang)
    document = docx.Document(io.BytesIO(data))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    xml = document.element.xml
    assert xml.count("<w:tblHeader/>") == len(document.tables)
    assert xml.count("<w:tblCaption ") == len(document.tables)
    styles_xml = document.styles.element.xml
    assert f'w:val="{dk.get_localizer(lang).tag}"' in styles_xml
    assert (
        document.core_properties.author == ""
        and document.core_properties.language == dk.get_localizer(lang).tag
    )


def test_only_shareable_consented_notes_appear() -> None:
    """Notes not marked shareable are absent; the summary says how many were withheld."""
    case = dk.load_case(EXAMPLES[1])
    data = _summary(EXAMPLES[1], "en")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    for s in case.sessions:
        for r in s.reflections:
            for n in r.all_notes:
                if not n.shareable:
                    assert n.text not in text
    assert re.search(r"\d+ notes? withheld", text)


def test_internal_summary_keeps_everything_for_the_team() -> None:
    """For the team itself, every note is in the summary."""
    case = dk.load_case(EXAMPLES[0])
    shared = dk.share(case, "internal", on=ON)
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(summary_docx(shared, dk.get_localizer("fr")))).paragraphs
    )
    assert all(n.text in text for s in case.sessions for r in s.reflections for n in r.known)


def test_a_raw_case_is_refused() -> None:
    """Only a SharedCase goes into a document."""
    with pytest.raises(TypeError, match=r"call desistkit\.share"):
        summary_docx(dk.demo_case(), dk.get_localizer("en"))  # type: ignore[arg-type]


@pytest.mark.libreoffice
def test_summary_opens_in_libreoffice(soffice: str, tmp_path: Path) -> None:
    """LibreOffice converts the summary to a PDF of several pages."""
    source = tmp_path / "summary.docx"
    source.write_bytes(_summary(EXAMPLES[1], "fi"))
    pdf = convert_to_pdf(soffice, source, tmp_path)
    assert pdf.stat().st_size > 10_000


def test_cli_summary(tmp_path: Path) -> None:
    """`desistkit summary CASE --lang L --audience A -o FILE.docx` with the key from a file."""
    key = tmp_path / "key.txt"
    key.write_text(bytes(range(32)).hex(), encoding="utf-8")
    out = tmp_path / "summary.docx"
    result = run_cli("summary", str(EXAMPLES[1]), "--lang", "pl", "--audience", "case-conference",
                     "--key-file", str(key), "--on", "2025-11-30", "-o", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert docx.Document(str(out)).paragraphs[0].text.startswith(dk.get_localizer("pl").text("summary.title"))


def test_template_without_the_styles_is_named(tmp_path: Path) -> None:
    """A letterhead lacking the styles the summary uses is refused, naming them; not a crash."""
    template = docx.Document()
    styles = template.styles.element
    for style in list(styles):
        if style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId") in (
            "ListBullet",
            "TableGrid",
        ):
            styles.remove(style)
    path = tmp_path / "letterhead.docx"
    template.save(str(path))
    shared = dk.share(dk.load_case(EXAMPLES[1]), "case-conference", key=KEY, on=ON, now=NOW)
    with pytest.raises(dk.TemplateError, match=r"the styles List Bullet, Table Grid are missing"):
        summary_docx(shared, dk.get_localizer("en"), template=path)
    result = run_cli("summary", str(EXAMPLES[1]), "--audience", "internal", "--template", str(path),
                     "-o", str(tmp_path / "s.docx"))  # fmt: skip
    assert result.returncode == 1 and "Table Grid" in result.stderr and "Traceback" not in result.stderr
