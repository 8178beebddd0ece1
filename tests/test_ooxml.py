"""The one scrubber every exporter's package goes through: no people, no thumbnails, same bytes."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pptx
import pytest

from conftest import convert_all_to_pdf
from desistkit.export._ooxml import PackageError, scrub, scrub_parts
from ooxml_schema import require_schemas, validate_package

SECRETS = ["Anna Müller", "Müller", "python-docx", "Steve Canny", "openpyxl", "Contoso"]


def _docx() -> bytes:
    document = docx.Document()
    document.core_properties.author = "Anna Müller"
    document.core_properties.comments = "Anna Müller's case"
    paragraph = document.add_paragraph("Working relationship: stable.")
    document.add_comment(paragraph.runs, text="ask Anna Müller", author="Anna Müller", initials="AM")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pptx() -> bytes:
    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "CaseReflector"
    presentation.core_properties.author = "Anna Müller"
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def _xlsx(hidden: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.properties.creator = "Anna Müller"
    workbook.active["A1"] = "Sessions"
    from openpyxl.comments import Comment

    workbook.active["A1"].comment = Comment("from Anna Müller", "Anna Müller")
    if hidden:
        workbook.create_sheet("Notes").sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsxwriter() -> bytes:
    """XlsxWriter's package (the trackers'): a table, a chart, a defined name and an author."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    workbook.set_properties({"author": "Anna Müller", "company": "Contoso", "comments": "Anna Müller"})
    sheet = workbook.add_worksheet("Sessions")
    sheet.add_table(
        0, 0, 2, 1, {"name": "Sessions", "columns": [{"header": "Session"}, {"header": "Rating"}]}
    )
    sheet.write_column(1, 0, ["s1", "s2"])
    sheet.write_column(1, 1, [2, 3])
    chart = workbook.add_chart({"type": "line"})
    chart.add_series({"categories": "=Sessions!$A$2:$A$3", "values": "=Sessions!$B$2:$B$3"})
    sheet.insert_chart("D2", chart)
    workbook.define_name("desistkit.tracker", "=1")
    workbook.close()
    return out.getvalue()


BUILDERS = {"docx": _docx, "pptx": _pptx, "xlsx": _xlsx, "xlsxwriter": _xlsxwriter}


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("kind", BUILDERS)
def test_no_person_library_or_thumbnail_survives(kind: str) -> None:
    """Every part is searched: no author, no library name, no comment, no thumbnail, no custom XML."""
    scrubbed = scrub(BUILDERS[kind](), title="CaseReflector", language="de-DE")
    parts = _parts(scrubbed)
    for name, body in parts.items():
        for secret in SECRETS:
            assert secret.encode("utf-8") not in body, (name, secret)
    assert not [n for n in parts if "thumbnail" in n or n.startswith("customXml/") or "comment" in n.lower()]
    core = parts["docProps/core.xml"].decode("utf-8")
    assert "<dc:title>CaseReflector</dc:title>" in core and "<dc:language>de-DE</dc:language>" in core
    assert "2000-01-01T00:00:00Z" in core
    assert b"<Application>desistkit</Application>" in parts["docProps/app.xml"]


@pytest.mark.parametrize("kind", BUILDERS)
def test_same_document_gives_the_same_bytes(kind: str) -> None:
    """Two builds a second apart (different zip timestamps) scrub to identical bytes."""
    first = scrub(BUILDERS[kind]())
    time.sleep(1.1)
    second = scrub(BUILDERS[kind]())
    assert first == second
    assert all(
        info.date_time == (1980, 1, 1, 0, 0, 0) for info in zipfile.ZipFile(io.BytesIO(first)).infolist()
    )


def test_scrubbed_documents_reopen_in_their_libraries() -> None:
    """python-docx, python-pptx and openpyxl read the scrubbed packages back."""
    assert docx.Document(io.BytesIO(scrub(_docx()))).paragraphs[0].text == "Working relationship: stable."
    assert pptx.Presentation(io.BytesIO(scrub(_pptx()))).slides[0].shapes.title.text == "CaseReflector"
    assert openpyxl.load_workbook(io.BytesIO(scrub(_xlsx()))).active["A1"].value == "Sessions"
    assert openpyxl.load_workbook(io.BytesIO(scrub(_xlsxwriter()))).active["A2"].value == "s1"


@pytest.mark.libreoffice
def test_scrubbed_documents_open_in_libreoffice(soffice: str, tmp_path: Path) -> None:
    """LibreOffice converts each scrubbed package to a PDF (all in one LibreOffice run)."""
    sources = []
    for kind, build in BUILDERS.items():
        source = tmp_path / f"scrubbed-{kind}.{kind.replace('xlsxwriter', 'xlsx')}"
        source.write_bytes(scrub(build()))
        sources.append(source)
    sizes = {pdf.name: pdf.stat().st_size for pdf in convert_all_to_pdf(soffice, sources, tmp_path)}
    assert [name for name, size in sizes.items() if size <= 1000] == []
    assert len(sizes) == len(BUILDERS)


def test_hidden_sheets_are_refused_by_name() -> None:
    """A template with hidden content is not shared silently."""
    with pytest.raises(PackageError, match="hidden content cannot be shared safely: sheet 'Notes'"):
        scrub(_xlsx(hidden=True))


def test_not_a_package() -> None:
    """Garbage is a clear error, not a zipfile traceback."""
    with pytest.raises(PackageError, match="not a zip file"):
        scrub(b"not a zip")


@pytest.mark.parametrize("kind", BUILDERS)
def test_scrubbed_packages_follow_the_ecma_schemas(kind: str) -> None:
    """Markup-compatibility extensions resolved, Word's zoom completed: every part schema-valid."""
    require_schemas()
    assert validate_package(scrub(BUILDERS[kind]())) == []
    # Before scrubbing, python-docx's template does not pass (mc:Ignorable, w14 elements).
    if kind == "docx":
        assert validate_package(_docx()) != []


def test_markup_compatibility_is_resolved_as_a_consumer_must() -> None:
    """ECMA-376 part 3: elements and attributes of ignorable namespaces go (wherever their prefix
    is declared), an AlternateContent becomes its Fallback's content (nested ones too), the
    mc attributes and the unused declarations go; everything else stays as it was."""
    from desistkit.export._ooxml import _markup_compatibility

    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    body = (
        f'<r xmlns="urn:r" xmlns:mc="{mc}" xmlns:x="urn:x" xmlns:y="urn:y" mc:Ignorable="x y" '
        'x:a="1" b="2"><p y:c="3"><mc:AlternateContent><mc:Choice Requires="x"><x:q>new</x:q>'
        '</mc:Choice><mc:Fallback><f1 x:z="1"/><x:g/><mc:AlternateContent><mc:Fallback><f2/>'
        "</mc:Fallback></mc:AlternateContent></mc:Fallback></mc:AlternateContent><x:e><k/></x:e>"
        '<!-- c --><n mc:MustUnderstand="y" xmlns:x2="urn:x">t<x2:h x2:i="1"/></n></p></r>'
    ).encode()
    assert _markup_compatibility(body).decode() == (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<r xmlns="urn:r" b="2"><p><f1/><f2/><!-- c --><n>t</n></p></r>'
    )


def test_a_word_document_reaches_the_scrubber_as_it_would_be_saved() -> None:
    """The Word exporters hand python-docx's parts to the embedder and the scrubber unzipped:
    the same parts, byte for byte, as ``Document.save`` writes into its zip."""
    from desistkit.export._docx import heading, package_parts

    document = docx.Document()
    heading(document, "Fallkonferenz", 1)
    document.add_paragraph("Arbeitsbeziehung: stabil.")
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        saved = {name: archive.read(name) for name in archive.namelist()}
    assert package_parts(document) == saved


def test_the_zip_is_the_same_whether_a_font_was_deflated_before_or_not() -> None:
    """Embedded fonts are deflated once per process and the stream reused: the zip is byte for
    byte what zipfile writes deflating every part itself, the first time and every time after."""
    import random

    from desistkit.export._ooxml import _zip_info, deterministic_zip

    noise = random.Random(20).randbytes(150_000)
    parts = [
        ("[Content_Types].xml", b"<Types/>"),
        ("word/fonts/font1.odttf", noise[:70_000] * 2),
        ("word/document.xml", b"<w:document/>" * 500),
        ("word/fonts/font2.odttf", noise),
        ("word/fonts/empty.odttf", b""),
    ]
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts:
            archive.writestr(_zip_info(name), body, compresslevel=6)
    assert deterministic_zip(parts) == plain.getvalue() == deterministic_zip(parts)
    with zipfile.ZipFile(io.BytesIO(deterministic_zip(parts))) as archive:
        assert archive.testzip() is None
        assert [archive.read(name) for name, _ in parts] == [body for _, body in parts]


@pytest.mark.parametrize("kind", BUILDERS)
@pytest.mark.parametrize("reuse", [False, True])
def test_scrubbing_parts_at_hand_gives_the_same_bytes(kind: str, reuse: bool) -> None:
    """The deck's path (parts never zipped before scrubbing, shared parts kept per process) writes
    exactly what scrubbing the zipped package writes; twice, so that the kept parts are used."""
    data = BUILDERS[kind]()
    expected = scrub(data, title="CaseReflector", language="de-DE")
    for _ in range(2):
        got = scrub_parts(_parts(data), title="CaseReflector", language="de-DE", reuse=lambda _: reuse)
        assert got == expected
    # The zip written by hand is the one zipfile writes for the same parts in the same order.
    from desistkit.export._ooxml import deterministic_zip

    with zipfile.ZipFile(io.BytesIO(expected)) as archive:
        assert deterministic_zip((n, archive.read(n)) for n in archive.namelist()) == expected


def test_scrubbing_parts_at_hand_refuses_hidden_slides() -> None:
    """A hidden slide is found without parsing every slide, and named, as by scrub."""
    parts = _parts(_pptx())
    parts["ppt/slides/slide1.xml"] = parts["ppt/slides/slide1.xml"].replace(
        b"<p:sld ", b'<p:sld show="0" ', 1
    )
    with pytest.raises(PackageError, match=r"hidden content cannot be shared safely: ppt/slides/slide1\.xml"):
        scrub_parts(parts)
    with pytest.raises(PackageError, match="hidden content cannot be shared safely: sheet 'Notes'"):
        scrub_parts(_parts(_xlsx(hidden=True)))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_hidden_slide_in_a_wide_encoding_is_refused_too(encoding: str) -> None:
    """The quick test for ``show`` reads bytes: a slide written in UTF-16 or UTF-32 (with or
    without a byte order mark) is parsed, so hiding it in a hostile template does not work."""
    parts = _parts(_pptx())
    text = parts["ppt/slides/slide1.xml"].decode("utf-8").replace("<p:sld ", '<p:sld show="0" ', 1)
    text = text.replace("encoding='UTF-8'", f"encoding='{encoding.upper()}'")
    text = text.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    parts["ppt/slides/slide1.xml"] = text.encode(encoding)
    with pytest.raises(PackageError, match=r"ppt/slides/slide1\.xml"):
        scrub_parts(parts)
