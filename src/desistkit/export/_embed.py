"""The bundled font, embedded in the Word and PowerPoint packages, so every machine renders what we
measured: a reader without DejaVu Sans would otherwise see another font's widths, other line breaks,
text out of its box.

The embedded copy is a subset of the bundled font: every letter of the Latin, Greek and Cyrillic
blocks (all 24 EU languages, so a reader can still correct a word), the symbols the documents
draw themselves (the deck's priority stars) and any other character the document uses. The subset
of the base blocks ships ready-made (``fonts/embed/``, written by tools/subset_fonts.py); only a
document with characters beyond them pays for subsetting (about 0.5 s per style, once per process
and set of characters). Each style is near 90 kB in the package
instead of 380 kB for the whole font (compressed).

* Word (ECMA-376 Part 1, §17.8.1): ``word/fonts/fontN.odttf``, the TrueType file with its first 32
  bytes XOR-ed with the font key (a GUID, from the font's own hash so the bytes stay deterministic),
  declared in ``fontTable.xml`` (``w:embedRegular``/``w:embedBold``/``w:embedItalic`` with
  ``w:fontKey``) and switched on by ``w:embedTrueTypeFonts`` in the settings.
* PowerPoint (§19.2.1.9, ``p:embeddedFontLst``): ``ppt/fonts/fontN.fntdata``, the TrueType file in an
  uncompressed Embedded OpenType container, which is what PowerPoint writes and reads there.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import struct
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from desistkit.export._fonts import FAMILY, font_path
from desistkit.export._ooxml import deflated, remember_deflated

__all__ = [
    "base_subset",
    "coverage_ranges",
    "covered_in_font",
    "deflated_file",
    "embed_in_docx",
    "embed_in_docx_parts",
    "embed_in_pptx",
    "embed_in_pptx_parts",
    "eot_header",
    "font_key",
    "make_subset",
    "obfuscate",
]

# The blocks every subset has (the shipped ones): a text within them needs no subsetting.
_BASE_RANGES = (
    (0x20, 0x24F),  # Basic Latin to Latin Extended-B (Romanian ș ț)
    (0x370, 0x3FF),  # Greek
    (0x400, 0x4FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # punctuation: dashes, quotes, bullets, no-break and soft hyphens' kin
    (0x20A0, 0x20BF),  # currency
    (0x2190, 0x22FF),  # arrows (3 → 4) and operators
    (0x25A0, 0x25FF),  # geometric shapes
    (0x2605, 0x2606),  # ★ ☆: the deck's priority marks, on every factor slide's legend
)
_BASE = frozenset(chr(c) for first, last in _BASE_RANGES for c in range(first, last + 1)) | {
    "\u00a0",
    "\u00ad",
}
_STYLES = {"": "Regular", "B": "Bold", "I": "Italic"}
_REL_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # our own parts, read safely anyway


@functools.lru_cache(maxsize=16)
def _subset(style: str, extra: frozenset[str]) -> bytes:
    return make_subset(style, extra)


def make_subset(style: str, extra: frozenset[str] = frozenset()) -> bytes:
    """The bundled font of a style subset to the base blocks and ``extra`` (deterministic bytes)."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamps: nobody reads them
    options.recalc_timestamp = False  # the same bytes every time
    with TTFont(str(font_path(style)), recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in _BASE | extra))
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def _covered(style: str) -> frozenset[str]:
    """The characters the bundled font has glyphs for: shipped as ranges beside the subsets
    (tools/subset_fonts.py writes them; parsing the three fonts' cmaps with fontTools cost a fresh
    process a sixth of a second), read from the font otherwise."""
    shipped = _shipped(style, ".covered.txt")
    if shipped.is_file():
        found: set[str] = set()
        for line in shipped.read_text(encoding="ascii").split():
            first, _, last = line.partition("-")
            found.update(map(chr, range(int(first, 16), int(last or first, 16) + 1)))
        return frozenset(found)
    return covered_in_font(style)


def covered_in_font(style: str) -> frozenset[str]:
    """The characters the bundled font of a style has glyphs for, read from its cmap."""
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path(style)), lazy=True) as font:
        return frozenset(chr(code) for code in font.getBestCmap())


def coverage_ranges(characters: Iterable[str]) -> str:
    """Characters as the shipped coverage file writes them: one hex range (or code) a line."""
    codes = sorted(map(ord, characters))
    lines, start = [], 0
    for i in range(1, len(codes) + 1):
        if i == len(codes) or codes[i] != codes[i - 1] + 1:
            first, last = codes[start], codes[i - 1]
            lines.append(f"{first:04X}" if first == last else f"{first:04X}-{last:04X}")
            start = i
    return "".join(f"{line}\n" for line in lines)


def _shipped(style: str, suffix: str) -> Path:
    """A file made ahead for a style's base subset, in ``fonts/embed/`` (tools/subset_fonts.py)."""
    return font_path(style).parent / "embed" / (font_path(style).stem + suffix)


def base_subset(style: str) -> bytes:
    """The subset of the base blocks alone: shipped ready-made in the package (tools/subset_fonts.py
    writes it), since parsing the whole font takes half a second per style; made here otherwise."""
    shipped = font_path(style).parent / "embed" / font_path(style).name
    if shipped.is_file():
        return shipped.read_bytes()
    return _subset(style, frozenset())


def _program(style: str, text: str) -> bytes:
    """The font file for a style, subset to the base blocks and the characters of ``text``."""
    extra = _extra(style, text)
    return _subset(style, extra) if extra else base_subset(style)


def font_key(program: bytes) -> str:
    """The font key (``{XXXXXXXX-...}``) for an embedded font: derived from its bytes."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(program).digest()[:16])).upper() + "}"


def obfuscate(program: bytes, key: str) -> bytes:
    """ECMA-376 Part 1 §17.8.1: the first 32 bytes XOR-ed with the key's 16 bytes, read from the
    GUID's last hex digit pair to its first (the same operation reverses it)."""
    digits = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ digits[i % 16] for i, b in enumerate(program[:32]))
    return head + program[32:]


# Any character outside the base blocks (tab and line breaks aside: DejaVu Sans has no glyph for them).
_NOT_BASE = re.compile(
    "[^\t\n\r"
    + "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in _BASE_RANGES)
    + "]"
)
_TAG = re.compile(rb"<[^>]*>")


def _text_beyond_base(parts: dict[str, bytes], names: Iterable[str]) -> str:
    """What of the parts' text the font subset depends on: the characters beyond the base blocks
    that the font has, in the parts' text nodes (what the font has to draw).

    A part in ASCII that the base subset draws is passed over (a Word styles part is large); the
    others are searched for such characters, and where there are any, they are looked for in the
    text between the tags (the same characters as the text nodes': a tag's attributes escape "<"
    and ">"). A part with character references, comments, CDATA, processing instructions, or in
    another encoding than UTF-8 is parsed instead."""
    covered = _covered_any()
    found: set[str] = set()
    for name in names:
        body = parts.get(name)
        if body is None:
            continue
        if b"&#" not in body:  # else a character reference may stand for any character: parsed
            if body.isascii() and not body.translate(None, _ignorable()):
                continue  # all of it in the base blocks or without a glyph in the font
            try:
                decoded = body.decode("utf-8")
            except UnicodeDecodeError:  # another encoding (UTF-16): parsed
                decoded = None
            if decoded is not None:
                candidates = {c for c in _NOT_BASE.findall(decoded) if c in covered}
                if not candidates:
                    continue
                if b"<!" not in body and body.find(b"<?", 1) < 0:  # no comment, CDATA or PI
                    between = _TAG.sub(b"", body).decode("utf-8")
                    found |= {c for c in candidates if c in between}
                    continue
        text = "".join(str(t) for t in etree.fromstring(body, _PARSER).itertext())
        found |= {c for c in set(text) if c in covered and c not in _BASE}
    return "".join(sorted(found))


@functools.cache
def _ignorable() -> bytes:
    """The ASCII bytes that never ask for more than the base subset: the base blocks' and the
    control characters' (markup's line breaks) that no style of the font has a glyph for."""
    return bytes(c for c in range(0x80) if chr(c) in _BASE or chr(c) not in _covered_any())


def _rels(body: bytes | None, new: Sequence[tuple[str, str]]) -> tuple[bytes, list[str]]:
    """A relationships part with font relationships added; their ids."""
    if body:
        root = etree.fromstring(body, _PARSER)
    else:
        root = etree.Element(f"{{{_PR}}}Relationships", nsmap={None: _PR})  # type: ignore[dict-item]
    taken = {r.get("Id") for r in root}
    ids = []
    for target, kind in new:
        n = 1
        while f"rIdFont{n}" in taken:
            n += 1
        rid = f"rIdFont{n}"
        taken.add(rid)
        etree.SubElement(root, f"{{{_PR}}}Relationship", Id=rid, Type=kind, Target=target)
        ids.append(rid)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), ids


def _content_type(body: bytes, extension: str, kind: str) -> bytes:
    root = etree.fromstring(body, _PARSER)
    if not any(d.get("Extension", "").lower() == extension for d in root.iter(f"{{{_CT}}}Default")):
        root.insert(0, etree.Element(f"{{{_CT}}}Default", Extension=extension, ContentType=kind))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def embed_in_docx(data: bytes) -> bytes:
    """The .docx with DejaVu Sans regular, bold and oblique embedded (obfuscated) in its font table."""
    parts = _read(data)
    embed_in_docx_parts(parts)
    return _write(parts)


def embed_in_docx_parts(parts: dict[str, bytes]) -> None:
    """:func:`embed_in_docx` on a package's parts (name -> bytes), changed in place."""
    text = _text_beyond_base(parts, [n for n in parts if n.startswith("word/") and n.endswith(".xml")])
    programs = {style: _program(style, text) for style in _STYLES}
    rels_name = "word/_rels/fontTable.xml.rels"
    targets = [(f"fonts/font{i + 1}.odttf", _REL_FONT) for i in range(len(programs))]
    parts[rels_name], ids = _rels(parts.get(rels_name), targets)
    table = etree.fromstring(parts["word/fontTable.xml"], _PARSER)
    for old in table.findall(f"{{{_W}}}font"):
        if old.get(f"{{{_W}}}name") == FAMILY:
            table.remove(old)
    font = etree.SubElement(table, f"{{{_W}}}font", {f"{{{_W}}}name": FAMILY})
    etree.SubElement(font, f"{{{_W}}}charset", {f"{{{_W}}}val": "00"})
    etree.SubElement(font, f"{{{_W}}}family", {f"{{{_W}}}val": "swiss"})
    etree.SubElement(font, f"{{{_W}}}pitch", {f"{{{_W}}}val": "variable"})
    for (style, program), rid, (target, _) in zip(programs.items(), ids, targets, strict=True):
        key = font_key(program)
        parts[f"word/{target}"] = obfuscate(program, key)
        # Not marked w:subsetted: Word would then refuse editing in the font; every letter of the
        # 24 languages is in the subset, so the reader may correct a word.
        attributes = {f"{{{_R}}}id": rid, f"{{{_W}}}fontKey": key}
        etree.SubElement(font, f"{{{_W}}}embed{_STYLES[style]}", attributes)
    parts["word/fontTable.xml"] = etree.tostring(
        table, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    content_types = parts["[Content_Types].xml"]
    parts["[Content_Types].xml"] = _content_type(
        content_types, "odttf", "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    )
    parts["word/settings.xml"] = _embed_setting(parts["word/settings.xml"])


_BEFORE_EMBED = {
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData",
}  # fmt: skip


def _embed_setting(body: bytes) -> bytes:
    """``w:embedTrueTypeFonts`` at its place in the settings sequence (no ``w:saveSubsetFonts``:
    Word, saving the document again, would otherwise cut the font down to the characters used)."""
    root = etree.fromstring(body, _PARSER)
    for tag in ("embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts"):
        for old in root.findall(f"{{{_W}}}{tag}"):
            root.remove(old)
    index = 0
    for index, child in enumerate(root):  # noqa: B007 - the position after the loop is the answer
        if etree.QName(child).localname not in _BEFORE_EMBED:
            break
    else:
        index = len(root)
    root.insert(index, etree.Element(f"{{{_W}}}embedTrueTypeFonts"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def embed_in_pptx(data: bytes) -> bytes:
    """The .pptx with DejaVu Sans regular, bold and oblique in ``p:embeddedFontLst``."""
    parts = _read(data)
    embed_in_pptx_parts(parts)
    return _write(parts)


def embed_in_pptx_parts(parts: dict[str, bytes]) -> None:
    """:func:`embed_in_pptx` on a package's parts at hand (changed in place)."""
    text = _text_beyond_base(parts, [n for n in parts if n.startswith("ppt/") and n.endswith(".xml")])
    targets = [(f"fonts/font{i + 1}.fntdata", _REL_FONT) for i in range(len(_STYLES))]
    rels_name = "ppt/_rels/presentation.xml.rels"
    parts[rels_name], ids = _rels(parts[rels_name], targets)
    for style, (target, _) in zip(_STYLES, targets, strict=True):
        parts[f"ppt/{target}"] = _eot_of(style, _extra(style, text))
    presentation = etree.fromstring(parts["ppt/presentation.xml"], _PARSER)
    for old in presentation.findall(f"{{{_P}}}embeddedFontLst"):
        presentation.remove(old)
    listing = etree.Element(f"{{{_P}}}embeddedFontLst")
    embedded = etree.SubElement(listing, f"{{{_P}}}embeddedFont")
    etree.SubElement(embedded, f"{{{_P}}}font", typeface=FAMILY, pitchFamily="34", charset="0")
    for style, rid in zip(_STYLES.values(), ids, strict=True):
        etree.SubElement(embedded, f"{{{_P}}}{style.lower()}", {f"{{{_R}}}id": rid})
    # its place in CT_Presentation: after sldSz/notesSz/smartTags, before custShowLst and the rest
    after = [f"{{{_P}}}{t}" for t in ("sldMasterIdLst", "notesMasterIdLst", "handoutMasterIdLst",
                                       "sldIdLst", "sldSz", "notesSz", "smartTags")]  # fmt: skip
    index = max((i + 1 for i, child in enumerate(presentation) if child.tag in after), default=0)
    presentation.insert(index, listing)
    presentation.set("embedTrueTypeFonts", "1")
    parts["ppt/presentation.xml"] = etree.tostring(
        presentation, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    parts["[Content_Types].xml"] = _content_type(
        parts["[Content_Types].xml"], "fntdata", "application/x-fontdata"
    )


def _extra(style: str, text: str) -> frozenset[str]:
    """The characters beyond the base blocks that the font has and the text uses."""
    return frozenset(c for c in set(text) if c not in _BASE and c in _covered(style))


@functools.lru_cache(maxsize=16)
def _eot_of(style: str, extra: frozenset[str]) -> bytes:
    """The embedded font of a style and set of extra characters, made once per process."""
    if extra:
        return _eot(_subset(style, extra))
    program = base_subset(style)
    shipped = _shipped(style, ".eot-header")
    if shipped.is_file():  # made with the subset: fontTools need not read the subset again
        head = shipped.read_bytes()
        if int.from_bytes(head[4:8], "little") == len(program):
            eot = head + program
            _remember_shipped_deflated(style, eot)
            return eot
    return _eot(program)


def _remember_shipped_deflated(style: str, eot: bytes) -> None:
    """Hand the zip writer the embedded font's deflate stream shipped beside the subset
    (``.eot-deflated``: CRC-32 and length of the font as the deck embeds it, then the stream that
    tools/subset_fonts.py made), so that no package of the process compresses the font (20 ms for
    three). A stream of another font (not made again after a change) is not used."""
    shipped = _shipped(style, ".eot-deflated")
    if not shipped.is_file():
        return
    data = shipped.read_bytes()
    crc, size = struct.unpack_from("<2L", data)
    if size == len(eot) and crc == zlib.crc32(eot):
        remember_deflated(eot, crc, data[8:])


def deflated_file(eot: bytes) -> bytes:
    """What ``fonts/embed/<font>.eot-deflated`` holds for an embedded font (tools/subset_fonts.py)."""
    crc, stream = deflated(eot)
    return struct.pack("<2L", crc, len(eot)) + stream


@functools.cache
def _covered_any() -> frozenset[str]:
    return frozenset().union(*(_covered(style) for style in _STYLES))


def _eot(program: bytes) -> bytes:
    """The TrueType program in an Embedded OpenType container (version 0x00020001, uncompressed,
    not XOR-ed), as PowerPoint stores embedded fonts."""
    return eot_header(program) + program


def eot_header(program: bytes) -> bytes:
    """What precedes the TrueType program in its Embedded OpenType container (see :func:`_eot`)."""
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(program)) as font:
        os2, head, names = font["OS/2"], font["head"], font["name"]

        def name(number: int) -> bytes:
            found = names.getDebugName(number) or ""
            return found.encode("utf-16-le")

        panose = os2.panose
        panose_bytes = bytes(
            getattr(panose, field)
            for field in ("bFamilyType", "bSerifStyle", "bWeight", "bProportion", "bContrast",
                          "bStrokeVariation", "bArmStyle", "bLetterForm", "bMidline", "bXHeight")
        )  # fmt: skip
        fixed = struct.pack(
            "<IIII10sBBIHH11I",
            0,  # EOTSize, filled below
            len(program),
            0x00020001,
            0,  # flags: not subset by the reader, not compressed, not XOR-ed
            panose_bytes,
            1,  # DEFAULT_CHARSET
            1 if head.macStyle & 2 else 0,
            os2.usWeightClass,
            os2.fsType,
            0x504C,
            os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3, os2.ulUnicodeRange4,
            os2.ulCodePageRange1, os2.ulCodePageRange2,
            head.checkSumAdjustment,
            0, 0, 0, 0,
        )  # fmt: skip
        strings = b""
        for value in (name(1), name(2), name(5), name(4), b""):
            strings += struct.pack("<HH", 0, len(value)) + value
    head = fixed + strings
    return struct.pack("<I", len(head) + len(program)) + head[4:]
