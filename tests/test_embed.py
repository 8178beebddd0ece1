"""The bundled font travels inside the Office documents: obfuscated in Word, EOT in PowerPoint."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

import desistkit as dk
from desistkit.export._embed import font_key, obfuscate
from desistkit.export.reflector import blank_reflector_pptx
from ooxml_schema import require_schemas, validate_package


def test_obfuscation_follows_ecma_376_and_undoes_itself() -> None:
    """§17.8.1: the first 32 bytes XOR the key's bytes taken from the GUID's end; the rest as is."""
    program = bytes(range(64))
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    hidden = obfuscate(program, key)
    assert hidden[0] == 0x00 ^ 0xFF and hidden[1] == 0x01 ^ 0xEE and hidden[15] == 0x0F ^ 0x00
    assert hidden[16] == 0x10 ^ 0xFF and hidden[32:] == program[32:]
    assert obfuscate(hidden, key) == program
    assert font_key(program) == font_key(program) != font_key(program[::-1])


@pytest.mark.parametrize("lang", ["fi", "el"])
def test_the_blank_deck_carries_dejavu_sans(lang: str) -> None:
    """The packaged deck lists DejaVu Sans in p:embeddedFontLst with three font parts; still
    schema-valid and byte-identical from run to run."""
    require_schemas()
    data = blank_reflector_pptx(dk.get_localizer(lang))
    assert validate_package(data) == []
    assert data == blank_reflector_pptx(dk.get_localizer(lang))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert '<p:font typeface="DejaVu Sans"' in archive.read("ppt/presentation.xml").decode()
        fonts = sorted(n for n in archive.namelist() if n.startswith("ppt/fonts/"))
        assert fonts == [f"ppt/fonts/font{n}.fntdata" for n in (1, 2, 3)]
        styles = set()
        for name in fonts:
            eot = archive.read(name)
            size = int.from_bytes(eot[4:8], "little")
            font = TTFont(io.BytesIO(eot[-size:]))
            styles.add(font["name"].getDebugName(2))
        assert styles == {"Book", "Bold", "Oblique"}


@pytest.mark.parametrize("style", ["", "B", "I"])
def test_the_shipped_subsets_are_the_ones_the_code_makes(style: str) -> None:
    """fonts/embed/ holds what tools/subset_fonts.py makes from the bundled font today: the same
    characters and glyph outlines (rerun the tool after changing the fonts or the blocks)."""
    from desistkit.export._embed import _BASE, base_subset, make_subset

    shipped, made = TTFont(io.BytesIO(base_subset(style))), TTFont(io.BytesIO(make_subset(style)))
    assert shipped.getBestCmap() == made.getBestCmap()
    assert set(shipped.getBestCmap()) >= {ord(c) for c in "AzÄöŠșΩωЖяß€→•–\u00a0"}
    assert shipped.getGlyphOrder() == made.getGlyphOrder()
    assert shipped["hmtx"].metrics == made["hmtx"].metrics
    assert len({ord(c) for c in _BASE} - set(made.getBestCmap())) < len(_BASE)  # the font lacks a few


@pytest.mark.parametrize("style", ["", "B", "I"])
def test_the_shipped_coverage_and_eot_headers_are_the_ones_the_code_makes(style: str) -> None:
    """fonts/embed/ also holds, per style, the characters the whole font covers and the EOT header
    the deck puts before the subset (read there instead of parsing the fonts with fontTools):
    both what tools/subset_fonts.py makes from the installed package's fonts today."""
    from desistkit.export._embed import (
        _covered,
        _eot,
        _eot_of,
        _shipped,
        base_subset,
        coverage_ranges,
        covered_in_font,
        eot_header,
    )

    assert _shipped(style, ".covered.txt").is_file() and _shipped(style, ".eot-header").is_file()
    assert _covered(style) == covered_in_font(style)
    assert _shipped(style, ".covered.txt").read_text(encoding="ascii") == coverage_ranges(_covered(style))
    assert {"A", "ß", "Ω", "Ж", "\u2605"} <= _covered(style) and "\u4e00" not in _covered(style)
    program = base_subset(style)
    assert _shipped(style, ".eot-header").read_bytes() == eot_header(program)
    assert _eot_of(style, frozenset()) == _eot(program)
    assert int.from_bytes(_eot(program)[:4], "little") == len(_eot(program))


@pytest.mark.parametrize("style", ["", "B", "I"])
def test_the_shipped_deflate_streams_are_the_ones_the_zip_writer_makes(style: str) -> None:
    """fonts/embed/ also holds each deck font's deflate stream (tools/subset_fonts.py), which every
    deck takes instead of compressing the font: it must be the stream the zip writer makes of the
    font today, so a deck is the same with or without it, and it must inflate to the font."""
    import zlib

    from desistkit.export._embed import _eot_of, _shipped, deflated_file
    from desistkit.export._ooxml import _COMPRESSED, deflated

    _eot_of.cache_clear()
    eot = _eot_of(style, frozenset())
    shipped = _shipped(style, ".eot-deflated").read_bytes()
    assert shipped == deflated_file(eot)
    assert zlib.decompress(shipped[8:], -15) == eot
    assert _COMPRESSED.get(eot) == deflated(eot)  # handed to the zip writer when the font was made


def test_a_stale_shipped_deflate_stream_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream that is not the font's (the font changed, the tool was not run again) is ignored:
    the zip writer compresses the font itself."""
    from desistkit.export import _embed
    from desistkit.export._ooxml import _COMPRESSED

    eot = b"not the shipped font" * 100
    stale = _embed._shipped("", ".eot-deflated").read_bytes()
    monkeypatch.setattr(_embed, "_shipped", lambda style, suffix: tmp_path / f"font{suffix}")
    (tmp_path / "font.eot-deflated").write_bytes(stale)
    _embed._remember_shipped_deflated("", eot)
    assert _COMPRESSED.get(eot) is None


def test_coverage_ranges_round_trip() -> None:
    from desistkit.export._embed import coverage_ranges

    assert coverage_ranges("abcxz\u0100") == "0061-0063\n0078\n007A\n0100\n"
    assert coverage_ranges("") == ""


@pytest.mark.parametrize(
    "body",
    [
        "<w:t>Haken \u2713 gesetzt</w:t>",  # a character beyond the base blocks, written as is
        "<w:t>Haken &#x2713; gesetzt</w:t>",  # ... and as a character reference
    ],
)
def test_a_character_beyond_the_base_blocks_is_in_the_embedded_font(body: str) -> None:
    """A Word document using a character outside the base blocks (a tick mark) gets a font that
    draws it, however the part writes it: parts are only skipped when certainly within them."""
    import docx

    from desistkit.export._embed import embed_in_docx

    document = docx.Document()
    document.add_paragraph("Ohne Sonderzeichen: Übersicht, ΑΒΓ, ЖЯ.")
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts["word/footnotes.xml"] = f'<w:r xmlns:w="{w}">{body}</w:r>'.encode()
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    for text, expected in (("", False), (body, True)):
        source = plain.getvalue() if text else out.getvalue()
        with zipfile.ZipFile(io.BytesIO(embed_in_docx(source))) as archive:
            key = archive.read("word/fontTable.xml").decode().split('w:fontKey="')[1].split('"')[0]
            font = TTFont(io.BytesIO(obfuscate(archive.read("word/fonts/font1.odttf"), key)))
            assert (0x2713 in font.getBestCmap()) is expected


def _deck_with(text: str, name: str) -> bytes:
    import pptx

    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    box = slide.shapes.add_textbox(0, 0, 914400, 914400)
    box.name, box.text_frame.text = name, text
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def _cmap(data: bytes) -> set[int]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        eot = archive.read("ppt/fonts/font1.fntdata")
    size = int.from_bytes(eot[4:8], "little")
    return set(TTFont(io.BytesIO(eot[-size:])).getBestCmap())


def test_the_deck_font_has_the_texts_characters_beyond_the_base_blocks() -> None:
    """A tick mark (beyond the base blocks) in the text is in the embedded subset; one only in a
    shape's name (an attribute), or written as a character reference in the text, is found as the
    XML parser finds it."""
    from desistkit.export._embed import embed_in_pptx

    assert ord("\u2713") in _cmap(embed_in_pptx(_deck_with("Stance \u2713", "box")))
    assert ord("\u2713") not in _cmap(embed_in_pptx(_deck_with("Stance", "box \u2713")))
    with zipfile.ZipFile(io.BytesIO(_deck_with("Stance \u2713", "box"))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    slide = parts["ppt/slides/slide1.xml"]
    assert "\u2713".encode() in slide
    parts["ppt/slides/slide1.xml"] = slide.replace("\u2713".encode(), b"&#10003;")
    referenced = io.BytesIO()
    with zipfile.ZipFile(referenced, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    assert ord("\u2713") in _cmap(embed_in_pptx(referenced.getvalue()))
