"""The Word case summary: what an audience may see, accessible, schema-valid, opens in LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import zipfile
from pathlib import Path

import docx
import docx.document
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


# --- typesetting: hyphens, columns, rows, pseudonyms, the embedded font ----------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TODAY = dt.date.today()


def _today(lang: str) -> bytes:
    """The demo case shared today, as Lena would export it for Friday's conference."""
    now = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.timezone.utc)
    shared = dk.share(dk.current_demo_case(TODAY), "case-conference", key=KEY, now=now, lang="en")
    return summary_docx(shared, dk.get_localizer(lang))


def _words(document: docx.document.Document) -> set[str]:
    """Every word of the document's paragraphs and cells, as a reader sees it (no soft hyphens)."""
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return {w for text in texts for w in re.findall(r"[^\W\d_]+", text)}


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["de", "el"])
def test_long_words_break_at_syllables_with_a_hyphen(soffice: str, tmp_path: Path, lang: str) -> None:
    """In the rendered PDF no line ends in a piece of a longer word of the document without a
    hyphen (Unterstützungsangebo|te), and long words do break with one where a column is narrow."""
    data = _today(lang)
    words = {w for w in _words(docx.Document(io.BytesIO(data))) if len(w) >= 8}
    source = tmp_path / "summary.docx"
    source.write_bytes(data)
    pdf = convert_to_pdf(soffice, source, tmp_path)
    hyphenated = []
    for line, following in _rendered_lines(pdf):
        end, start = re.search(r"([^\W\d_]+)([-\u2010\u00ad]?)$", line), re.match(r"[^\W\d_]+", following)
        if end is None or start is None:
            continue
        joined = end.group(1) + start.group()
        if joined in words and end.group(1) not in words:
            assert end.group(2), f"{line!r} / {following!r}: {joined} broken without a hyphen"
            hyphenated.append(joined)
    assert hyphenated, "no long word needed breaking: the test saw nothing"


def _rendered_lines(pdf: Path) -> list[tuple[str, str]]:
    """Each line of the PDF with the line after it in the same text block (a paragraph, a cell),
    as poppler sees them (``pdftotext -bbox-layout``: no joining of hyphenated words)."""
    from lxml import etree

    xhtml = subprocess_text(["pdftotext", "-bbox-layout", str(pdf), "-"])
    root = etree.fromstring(xhtml.encode("utf-8"), etree.XMLParser(recover=True))
    pairs = []
    for block in root.iter("{*}block"):
        lines = [" ".join(w.text or "" for w in line.iter("{*}word")) for line in block.iter("{*}line")]
        pairs += list(itertools.pairwise(lines))
    return pairs


def subprocess_text(command: list[str]) -> str:
    import subprocess

    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout


def test_columns_are_sized_by_their_content() -> None:
    """The goal's wording gets more room than its status or its review date; the overview's factor
    column more than its rating; every table fills the text width (17 cm on A4)."""
    loc = dk.get_localizer("de")
    document = docx.Document(io.BytesIO(_today("de")))
    grids = {
        t.rows[0].cells[0].text: [int(c.get(f"{W}w")) for c in t._tbl.tblGrid.iter(f"{W}gridCol")]
        for t in document.tables
    }
    goal, _linked, _agreement, status, review = grids[loc.text("document.goal")]
    assert goal > status and goal > review
    factor, _stance, _valence, rating, _priority = grids[loc.text("document.factor")]
    assert factor > 1.5 * rating
    for widths in grids.values():
        assert abs(sum(widths) - 17 * 567) < 30  # twips


def test_rows_stay_whole_and_headings_stay_with_their_table() -> None:
    """Every table row has cantSplit; every heading keeps with the next paragraph; a short table's
    rows keep with each other so it is not left alone on a page, nor split."""
    document = docx.Document(io.BytesIO(_today("fi")))
    rows = document.element.body.findall(f".//{W}tr")
    assert rows and all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    participants = document.tables[-1]
    assert len(participants.rows) <= 15
    assert all(
        p.paragraph_format.keep_with_next for r in participants.rows[:-1] for p in r.cells[0].paragraphs
    )


def test_the_pseudonym_never_breaks_and_long_words_carry_soft_hyphens() -> None:
    """The title's pseudonym is written with Word's non-breaking hyphens; long German words carry
    w:softHyphen; the text a reader copies has neither."""
    data = _today("de")
    document = docx.Document(io.BytesIO(data))
    title = document.paragraphs[0]
    code = re.search(r"[A-Z]-[0-9A-Z]{4}(?:-[0-9A-Z]{4})+", title.text)
    assert code is not None and title.text.endswith(code.group())
    assert len(title._p.findall(f".//{W}noBreakHyphen")) == code.group().count("-")
    assert all("-" not in (t.text or "") for t in title._p.iter(f"{W}t"))
    assert document.element.body.find(f".//{W}softHyphen") is not None
    assert "\u00ad" not in document.element.xml


def test_finnish_has_no_patterns_and_stays_unhyphenated() -> None:
    """pyphen has no Finnish patterns: Finnish text is left alone, German gets its syllables."""
    from desistkit.export._hyphen import has_patterns, hyphenate, keep_codes_whole

    assert (
        hyphenate("Unterstützungsangebote", "de")
        == "Un\u00adter\u00adstüt\u00adzungs\u00adan\u00adge\u00adbote"
    )
    assert not has_patterns("fi") and hyphenate("Tukipalvelut", "fi") == "Tukipalvelut"
    assert has_patterns("pt-PT") and has_patterns("el")
    assert keep_codes_whole("Fall C-4K9Q-M2TX, Alkohol-") == "Fall C\u20114K9Q\u2011M2TX, Alkohol-"


def test_the_font_is_embedded_obfuscated_as_ecma_376_says() -> None:
    """Three odttf parts named in the font table with their keys: undone with the key, each is
    DejaVu Sans (regular, bold, oblique) with every glyph the document's text needs."""
    from fontTools.ttLib import TTFont

    from desistkit.export._embed import obfuscate

    data = _today("el")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        table = archive.read("word/fontTable.xml").decode()
        rels = archive.read("word/_rels/fontTable.xml.rels").decode()
        settings = archive.read("word/settings.xml").decode()
        document_text = "".join(docx.Document(io.BytesIO(data)).element.body.itertext())
        embeds = re.findall(r'<w:embed(\w+) r:id="(\w+)" w:fontKey="(\{[0-9A-F-]+\})"', table)
        assert [e[0] for e in embeds] == ["Regular", "Bold", "Italic"]
        assert "<w:embedTrueTypeFonts/>" in settings
        for _style, rid, key in embeds:
            target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
            assert target is not None
            part = archive.read("word/" + (target.group(1) or target.group(2)))
            assert part[:4] != b"\x00\x01\x00\x00"  # really obfuscated
            font = TTFont(io.BytesIO(obfuscate(part, key)))
            assert font["name"].getDebugName(1) == "DejaVu Sans"
            cmap = font.getBestCmap()
            assert all(ord(c) in cmap for c in set(document_text) if c.isprintable())


@pytest.mark.libreoffice
def test_libreoffice_uses_the_embedded_font_where_dejavu_is_unknown(soffice: str, tmp_path: Path) -> None:
    """With a font configuration that has every installed font except DejaVu, LibreOffice still
    renders the summary in DejaVu Sans: the copy embedded in the .docx."""
    import shutil
    import subprocess

    if shutil.which("fc-list") is None or shutil.which("pdffonts") is None:
        pytest.skip("fontconfig and poppler-utils are needed")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True)
    for n, path in enumerate(sorted(set(listed.stdout.split()))):
        if "dejavu" not in path.lower():
            (fonts / f"{n}-{Path(path).name}").symlink_to(path)
    config = tmp_path / "fonts.conf"
    cache = tmp_path / "cache"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>',
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    found = subprocess.run(["fc-match", "DejaVu Sans"], env=env, capture_output=True, text=True, check=True)
    assert "DejaVu" not in found.stdout  # the machine the reader has
    source = tmp_path / "summary.docx"
    source.write_bytes(_today("de"))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=180)
    used = subprocess.run(
        ["pdffonts", str(tmp_path / "summary.pdf")], capture_output=True, text=True, check=True
    )
    names = [line.split()[0] for line in used.stdout.splitlines()[2:]]
    assert any(n.endswith("+DejaVuSans") for n in names), used.stdout
    assert any(n.endswith("+DejaVuSans-Bold") for n in names), used.stdout
