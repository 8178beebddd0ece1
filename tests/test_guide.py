"""The printed DesistKit guide: every language, an organisation's own catalogue, A4 and the A5
booklet, text inside its box, bookmarks and contents, the Word version, the command line."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest

import desistkit as dk
from conftest import convert_to_pdf, run_cli, temporaries
from desistkit.export.guide import GUIDE_SIZES, guide_docx, guide_pdf
from desistkit.export.guide_content import Subheading, guide_content
from desistkit.i18n.localizer import MissingTranslationWarning
from ooxml_schema import require_schemas, validate_package

MM = 72 / 25.4  # points per millimetre
PAGES = {"a4": range(10, 31), "a5": range(14, 45)}  # a sane range for 29 factors in any language

OWN_CATALOGUE = """
format = "desistkit-catalogue/1"

[[categories]]
id = "belonging"
name = "Belonging and Faith"
description = "Where the client feels at home, and who welcomes them."
colour = "#225588"
symbol = "linked-circles"

[[categories]]
id = "daily_life"
name = "Daily Structure"
description = "What gives the client's days a shape."
colour = "#887722"
symbol = "house"

[[factors]]
id = "faith_community"
category = "belonging"
name = "Faith community"
description = "A mosque, church or other faith community that welcomes the client."
questions = ["What does your faith give you?", "Where do you practise it?", "Who there do you trust?"]

[[factors]]
id = "sports_club"
category = "daily_life"
name = "Sports club"
description = "Training, a team and a coach: a place to belong without the old group."
questions = ["Which sport have you enjoyed?", "Who would you like to train with?", "What would a good week look like?"]

[[factors]]
id = "apprenticeship"
category = "daily_life"
name = "Apprenticeship"
description = "Learning a trade on the job, with a mentor and a wage."
questions = ["What would you like to learn with your hands?", "Who could show you?", "What would help you to start?"]
"""  # noqa: E501 - the questions read best on one line each


def _quiet(lang: str, size: str = "a5", catalogue: dk.Catalogue | None = None) -> bytes:
    """The guide, without the warnings for its texts not yet translated in this language."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTranslationWarning)
        return guide_pdf(dk.get_localizer(lang), size=size, catalogue=catalogue)


def _text(data: bytes) -> list[str]:
    """Each page's text, lines joined with spaces (a heading may wrap) and soft breaks undone."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    return [re.sub(r"\s+", " ", re.sub(r"(\w)-\n(\w)", r"\1\2", p)) for p in pages]


def _fonts(data: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdffonts") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils (pdffonts) is required under CI")
        pytest.skip("poppler-utils is not installed")
    path = tmp_path / "guide.pdf"
    path.write_bytes(data)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return rows.splitlines()[2:]


# --- every language -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", dk.EU_LANGUAGES)
def test_guide_builds_in_every_language(lang: str, tmp_path: Path) -> None:
    """An A5 booklet of a sane length (a multiple of 4), the bundled font embedded and subset, and
    every factor under its name in this language."""
    data = _quiet(lang)
    pages = _text(data)
    assert len(pages) in PAGES["a5"] and len(pages) % 4 == 0, len(pages)
    fonts = _fonts(data, tmp_path)
    assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts), fonts
    assert all("DejaVuSans" in line for line in fonts), fonts
    text = " ".join(pages)
    missing = [f.name for f in dk.get_localizer(lang).catalogue() if f.name not in text]
    assert missing == []


@pytest.mark.xfail(strict=False, reason="translations pending merge")
@pytest.mark.parametrize("lang", [lang for lang in dk.EU_LANGUAGES if lang != "en"])
def test_guide_is_translated(lang: str) -> None:
    """Every text of the guide in the language (no English fallback, so no warning), its headings
    on the contents page differing from the English ones."""
    loc = dk.get_localizer(lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslationWarning)
        content = guide_content(loc)
        guide_pdf(loc, size="a4")
    english = guide_content(dk.get_localizer("en"))
    same = [
        ours.heading for ours, theirs in zip(content.sections, english.sections, strict=True)
        if ours.heading == theirs.heading and ours.level == 0
    ]  # fmt: skip
    assert same == []


# --- the page: text in its box, booklet, contents, bookmarks, metadata --------------------------


@pytest.mark.parametrize("size", sorted(GUIDE_SIZES))
@pytest.mark.parametrize("lang", ["en", "de", "el", "fi", "ga"])
def test_no_text_outside_its_box(lang: str, size: str) -> None:
    """Every glyph inside the side and top margins and above the footer line; below the text area
    only the page number."""
    page_size = GUIDE_SIZES[size]
    data = _quiet(lang, size)
    outside: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            assert (round(page.width / MM), round(page.height / MM)) == (page_size.width, page_size.height)
            left, right = page_size.side * MM - 0.5, (page_size.width - page_size.side) * MM + 0.5
            top, foot = page_size.top * MM - 0.5, (page_size.height - page_size.footer) * MM + 0.5
            body_end = (page_size.height - page_size.bottom) * MM + 0.5
            for char in page.chars:
                if not char["text"].strip():
                    continue
                inside = left <= char["x0"] and char["x1"] <= right and top <= char["top"]
                inside = inside and char["bottom"] <= foot
                if not inside or (char["bottom"] > body_end and not char["text"].isdigit()):
                    outside.append(f"p{number} {char['text']!r} at {char['x0']:.0f},{char['top']:.0f}")
    assert outside == []


def test_a5_booklet_is_padded_with_notes_pages() -> None:
    """A short guide (three factors) is padded to a multiple of 4 with pages for notes, at the end."""
    catalogue = dk.parse_catalogue(OWN_CATALOGUE, source="org.toml")
    a4 = _text(_quiet("en", "a4", catalogue))
    a5 = _text(_quiet("en", "a5", catalogue))
    assert len(a5) % 4 == 0

    def notes(page: str) -> bool:
        return re.fullmatch(r"Notes \d+", page.strip()) is not None

    padded = sum(1 for p in a5 if notes(p))
    assert padded > 0 and all(notes(p) for p in a5[len(a5) - padded :])  # at the end, together
    assert not any(notes(p) for p in a4)  # A4 is not padded


def test_contents_page_numbers_point_at_the_headings() -> None:
    """The contents page lists each section and category with the page its heading is on."""
    content = guide_content(dk.get_localizer("en"))
    pages = _text(guide_pdf(dk.get_localizer("en"), size="a5"))
    contents = pages[1]
    assert contents.startswith("Contents")
    for section in content.sections:
        found = re.search(re.escape(section.heading) + r" (\d+)", contents)
        assert found, section.heading
        page = int(found.group(1))
        assert pages[page - 1].startswith(section.heading) or f" {section.heading} " in pages[page - 1]
        assert re.search(rf" {page}$", pages[page - 1]), "the page number is printed in the footer"


def test_bookmarks_language_title_and_tags() -> None:
    """Every heading is a bookmark at its level (sections, categories, factors); the title and
    language are set, no author, fixed dates, a structure tree; the same bytes every time."""
    loc = dk.get_localizer("en")
    data = guide_pdf(loc)
    assert data == guide_pdf(loc)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        outline = [(level, title) for level, title, *_ in pdf.doc.get_outlines()]
        meta = pdf.metadata
    content = guide_content(loc)
    titles = [title for _, title in outline]
    assert [s.heading for s in content.sections if s.level == 0] == [t for lvl, t in outline if lvl == 1]
    assert set(content.factor_names) <= set(titles)
    assert "Reflecting with known, assumed and open" in titles and len(titles) == len(set(titles))
    assert meta["Title"] == "DesistKit: A practical guide for caseworkers in exit work"
    assert "Author" not in meta and meta["CreationDate"].startswith("D:20000101")
    assert b"/Lang (en-GB)" in data or b"/Lang (en" in data
    assert b"/StructTreeRoot" in data and b"/MarkInfo" in data
    assert b"/PageMode /UseOutlines" in data


# --- an organisation's catalogue ----------------------------------------------------------------


def test_own_catalogue_gives_its_own_guide(tmp_path: Path) -> None:
    """`--catalogue FILE`: the organisation's categories, factors and questions, none of the
    built-in ones."""
    path = tmp_path / "org.toml"
    path.write_text(OWN_CATALOGUE, encoding="utf-8")
    out = tmp_path / "guide.pdf"
    result = run_cli("guide", "--lang", "en", "--catalogue", str(path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = " ".join(_text(out.read_bytes()))
    for name in ("Belonging and Faith", "Daily Structure", "Faith community", "Sports club", "Apprenticeship",
                 "Who would you like to train with?"):  # fmt: skip
        assert name in text
    built_in = [f.name for f in dk.default_catalogue()] + [c.name for c in dk.default_catalogue().categories]
    assert [name for name in built_in if name in text] == []


# --- the Word version ---------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "size"), [("en", "a4"), ("el", "a5")])
def test_docx_has_real_headings_and_is_valid(lang: str, size: str) -> None:
    """Title, Heading 1 per section, Heading 2 per category, Heading 3 per factor; the language in
    the style defaults; the page size; valid against the OOXML schemas; the font embedded."""
    require_schemas()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTranslationWarning)
        loc = dk.get_localizer(lang)
        data = guide_docx(loc, size=size)
        content = guide_content(loc)
    assert validate_package(data) == []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTranslationWarning)
        assert data == guide_docx(loc, size=size)  # the same bytes every time
    document = docx.Document(io.BytesIO(data))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text.replace("\u00ad", ""))
    assert by_style["Title"] == [content.title]
    assert by_style["Heading 1"] == [s.heading for s in content.sections if s.level == 0]
    second = [
        b.text if isinstance(b, Subheading) else s.heading
        for s in content.sections
        for b in (s.blocks if s.level == 0 else s.blocks[:1])
        if s.level == 1 or isinstance(b, Subheading)
    ]
    assert by_style["Heading 2"] == second  # the categories, and subheadings of sections
    assert by_style["Heading 3"] == list(content.factor_names)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (
        GUIDE_SIZES[size].width,
        GUIDE_SIZES[size].height,
    )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("word/styles.xml").decode()
        assert f'w:val="{loc.tag}"' in styles
        assert any(name.startswith("word/fonts/") for name in package.namelist())
        core = package.read("docProps/core.xml").decode()
    assert "DesistKit" in core and "creator>" not in core.replace("<dc:creator/>", "")


@pytest.mark.libreoffice
def test_docx_opens_in_libreoffice(soffice: str, tmp_path: Path) -> None:
    """LibreOffice converts the Word guide: several pages, every factor name in the text."""
    path = tmp_path / "guide.docx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTranslationWarning)
        path.write_bytes(guide_docx(dk.get_localizer("fi")))
    pages = _text(convert_to_pdf(soffice, path, tmp_path).read_bytes())
    assert len(pages) in PAGES["a4"], len(pages)
    text = " ".join(pages)
    assert [f.name for f in dk.get_localizer("fi").catalogue() if f.name not in text] == []


# --- the command line ---------------------------------------------------------------------------


def test_cli_guide(tmp_path: Path) -> None:
    """PDF or Word by the file name (or --format); A5 booklet; no overwrite without --force; a wrong
    ending, language or size is one line and exit 2."""
    pdf = tmp_path / "guide.pdf"
    result = run_cli("guide", "--lang", "en", "--size", "a5", "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(pdf)
    with pdfplumber.open(pdf) as opened:
        assert len(opened.pages) % 4 == 0 and round(opened.pages[0].width / MM) == 148
    word = tmp_path / "guide.docx"
    assert run_cli("guide", "--lang", "en", "-o", str(word)).returncode == 0
    assert docx.Document(str(word)).paragraphs[0].text == "DesistKit"
    again = run_cli("guide", "--lang", "en", "-o", str(pdf))
    assert again.returncode == 1 and "exists; use --force" in again.stderr
    wrong = run_cli("guide", "--format", "docx", "-o", str(tmp_path / "g.pdf"))
    assert wrong.returncode == 2 and "expected a .docx file name" in wrong.stderr
    bad = run_cli("guide", "--lang", "xx", "-o", str(tmp_path / "x.pdf"))
    assert bad.returncode == 2 and "available: bg, cs" in bad.stderr
    size = run_cli("guide", "--size", "a3", "-o", str(tmp_path / "y.pdf"))
    assert size.returncode == 2 and "a3" in size.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()
    assert "guide-pdf" in dk.exporters() and dk.exporters()["guide-docx"].suffix == ".docx"
    helped = run_cli("guide", "--help")
    assert helped.returncode == 0 and "Usage: desistkit guide" in helped.stdout and "booklet" in helped.stdout


def test_cli_guide_bad_catalogue_writes_nothing(tmp_path: Path) -> None:
    """A catalogue with a problem is one line naming the file, and no file is written."""
    path = tmp_path / "org.toml"
    path.write_text(OWN_CATALOGUE.replace('name = "Sports club"\n', ""), encoding="utf-8")
    out = tmp_path / "guide.pdf"
    result = run_cli("guide", "--catalogue", str(path), "-o", str(out))
    assert result.returncode == 2 and "org.toml" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and temporaries(tmp_path) == []


def test_cli_guide_write_is_atomic(tmp_path: Path) -> None:
    """Stopped at several moments while replacing an existing guide, the file is the old one or the
    whole new one, never a part, and no temporary file is left behind."""
    out = tmp_path / "guide.pdf"
    out.write_bytes(b"%PDF-old\n%%EOF\n")
    for moment in (0.2, 0.6, 1.0, 1.5, 2.5):
        process = subprocess.Popen(
            [sys.executable, "-m", "desistkit", "guide", "--lang", "en", "--force", "-o", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(moment)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
        data = out.read_bytes()
        assert data == b"%PDF-old\n%%EOF\n" or (
            data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
        )
        assert temporaries(tmp_path) == []


def test_hidden_factors_are_left_out() -> None:
    """A catalogue that extends the built-in one and hides a factor: the guide has the renamed
    and added factors, and not the hidden one (as on the cards)."""
    text = """
format = "desistkit-catalogue/1"
extends = "default"
hide = ["appearance"]

[overrides.gender_lens]
name = "Gender roles"

[[factors]]
id = "faith_community"
category = "relationship_belonging"
name = "Faith community"
description = "A mosque, church or other faith community that welcomes the client."
questions = ["What does your faith give you?", "Where do you practise it?", "Who there do you trust?"]
"""
    catalogue = dk.parse_catalogue(text, source="org.toml")
    body = " ".join(_text(_quiet("en", "a4", catalogue)))
    assert "Faith community" in body and "Gender roles" in body
    assert "Appearance" not in body and "Gender lens" not in body  # the prose says "the gender lens"


def test_contents_grows_to_more_pages_for_a_large_catalogue() -> None:
    """A catalogue of 36 categories with long names: the contents run over several pages, each
    entry wrapped under its own number, and every number still points at its heading."""
    parts = ['format = "desistkit-catalogue/1"']
    for i in range(36):
        parts.append(
            f'[[categories]]\nid = "c{i}"\nname = "Category {i} with a rather long name that has to wrap '
            f'onto a second line of the contents page"\ndescription = "About {i}."\ncolour = "#336699"\n'
            f'symbol = "house"\n\n[[factors]]\nid = "f{i}"\ncategory = "c{i}"\nname = "Factor {i}"\n'
            f'description = "Factor {i}."\nquestions = ["What about {i}?", "Who?", "When?"]\n'
        )
    catalogue = dk.parse_catalogue("\n".join(parts), source="big.toml")
    pages = _text(_quiet("en", "a5", catalogue))
    contents = [p for p in pages[1:6] if not p.startswith("What the DesistKit is for")]
    contents = contents[: next(i for i, p in enumerate(contents) if "Category 35" in p) + 1]
    assert len(contents) >= 2
    listed = " ".join(contents)
    for i in (0, 17, 35):
        heading = (
            f"Category {i} with a rather long name that has to wrap onto a second line of the contents page"
        )
        found = re.search(re.escape(heading) + r" (\d+)", listed)
        assert found, heading
        assert pages[int(found.group(1)) - 1].startswith(heading)


def _stretched(tmp_path: Path, lang: str) -> dk.Localizer:
    """A localizer whose guide texts are a pseudo-translation half as long again as the English,
    with long compound words, as the longest languages are: an organisation's catalog folder."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from desistkit.i18n.texts import label_messages

    catalog = Catalog(locale=lang)
    for key, message in label_messages().items():
        if key.startswith("guide."):
            words = message.text.split()
            catalog.add(message.text, " ".join(w + w[: len(w) // 2].lower() for w in words), context=key)
    folder = tmp_path / lang / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "desistkit.po").open("wb") as out:
        write_po(out, catalog)
    return dk.get_localizer(lang, catalog_dirs=[tmp_path])


@pytest.mark.parametrize("size", sorted(GUIDE_SIZES))
def test_longer_translations_stay_inside_the_page(tmp_path: Path, size: str) -> None:
    """Texts 1.5 times as long as the English, in words up to 1.5 times as long: still inside the
    margins, the booklet still a multiple of 4, every factor and every section in the contents."""
    loc = _stretched(tmp_path, "de")
    content = guide_content(loc)
    data = guide_pdf(loc, size=size)
    page_size = GUIDE_SIZES[size]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        count = len(pdf.pages)
        right = (page_size.width - page_size.side) * MM + 0.5
        foot = (page_size.height - page_size.footer) * MM + 0.5
        outside = [(p.page_number, c["text"]) for p in pdf.pages for c in p.chars
                   if c["text"].strip() and (c["x1"] > right or c["bottom"] > foot
                                             or c["x0"] < page_size.side * MM - 0.5)]  # fmt: skip
    assert outside == []
    assert count % 4 == 0 if page_size.booklet else count in PAGES[size]
    text = " ".join(_text(data))
    assert [s.heading for s in content.sections if s.heading not in text] == []
    assert [name for name in content.factor_names if name not in text] == []
