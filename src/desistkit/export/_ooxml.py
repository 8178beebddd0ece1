"""One scrubber and one deterministic zip writer for every Office Open XML document desistkit writes.

Documents leak through what nobody looks at: the author and "last modified by" in the core
properties (python-pptx's template says "Steve Canny", python-docx's "python-docx"), the company in
the app properties, a thumbnail of the first page, comments and their authors, custom XML parts,
Word's revision ids, Excel's pivot caches (which keep deleted rows), printer settings. Every exporter
passes its package through :func:`scrub`, which removes all of it, writes neutral core properties
with a fixed date, refuses hidden slides and sheets, and zips the parts deterministically: the same
document gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import posixpath
import re
import shutil
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import IO, Any

from lxml import etree

from desistkit.core.errors import PackageError
from desistkit.export._fonts import FIXED_DATE

__all__ = [
    "FIXED_DATE",
    "PackageError",
    "deflated",
    "deterministic_zip",
    "remember_deflated",
    "scrub",
    "scrub_parts",
    "scrub_stream",
]

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)

# Parts that carry people, pictures of content, or history: never part of a shared document.
_DROP = re.compile(
    r"^(docProps/thumbnail\.\w+|docProps/custom\.xml|customXml/.*|word/comments\w*\.xml|word/people\.xml|"
    r"word/commentsExtended\.xml|word/commentsIds\.xml|ppt/comments/.*|ppt/commentAuthors\.xml|"
    r"ppt/authors\.xml|xl/comments.*|xl/threadedComments/.*|xl/persons/.*|xl/pivotCache/.*|"
    r"xl/pivotTables/.*|xl/revisions/.*|.*printerSettings/.*|xl/drawings/[^/]*\.vml)$",
    re.IGNORECASE,
)
# Word's revision ids, `` w:rsidR="00A1B2C3"``: found from the literal (a pattern starting with \s
# is tried at every blank of a 400 KB styles part), the blank before them checked by hand.
_RSID = re.compile(rb'w:rsid\w*="[0-9A-Fa-f]*"')
_BLANK = frozenset(b" \t\n\r\f\v")  # what \s matches in a bytes pattern
_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
}


def scrub(data: bytes, *, title: str | None = None, language: str | None = None) -> bytes:
    """The package without personal metadata, thumbnails, comments and history, zipped deterministically.

    ``title`` and ``language`` (a BCP 47 tag) go into the neutral core properties.
    Raises :class:`PackageError` for hidden slides or sheets (naming them).
    """
    return scrub_parts(_read(data), title=title, language=language)


def _without_rsids(body: bytes) -> bytes:
    """The part without revision ids and the blank before each: what
    ``re.sub(rb'\\s(?:w:rsid\\w*)="[0-9A-Fa-f]*"', b"", body)`` gives, in a fraction of its time."""
    pieces, start = [], 0
    for match in _RSID.finditer(body):
        blank = match.start() - 1
        if blank >= start and body[blank] in _BLANK:
            pieces.append(body[start:blank])
            start = match.end()
    if not pieces:
        return body
    pieces.append(body[start:])
    return b"".join(pieces)


_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _chart(body: bytes) -> bytes:
    """Chart parts made valid: python-pptx writes ``c:smooth`` into radar series and negative axis
    ids, which the schema (``xsd:unsignedInt``) does not allow. Ids keep their pairing."""
    root = _xml(body)
    c = f"{{{_CHART}}}"
    for smooth in root.iterfind(f".//{c}radarChart/{c}ser/{c}smooth"):
        parent = smooth.getparent()
        if parent is not None:
            parent.remove(smooth)
    for element in root.iter(f"{c}axId", f"{c}crossAx"):
        value = element.get("val")
        if value is not None and value.startswith("-"):
            element.set("val", str(int(value) & 0xFFFFFFFF))  # the same 32 bits, read unsigned
    return _bytes(root)


def scrub_stream(source: IO[bytes], target: IO[bytes], *, title: str | None = None,
                 language: str | None = None) -> None:  # fmt: skip
    """:func:`scrub` for a large package desistkit wrote itself, in constant memory.

    :func:`scrub` holds every part in memory; a programme workbook's sheets can be hundreds of MB.
    Here the small parts get exactly :func:`scrub`'s treatment, and the large ones (worksheets,
    which a package written by desistkit never needs to change) are copied in chunks into the same
    deterministic zip. A package with anything :func:`scrub` would remove or rewrite in a worksheet
    (comments, pivot caches, hidden sheets, ...) is refused rather than half-cleaned.
    """
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise PackageError("not an Office Open XML package (not a zip file)") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        large = {i.filename for i in infos if i.filename.startswith("xl/worksheets/sheet")}
        dropped = sorted(i.filename for i in infos if _DROP.match(i.filename))
        if dropped:
            raise PackageError(f"scrub_stream: the package has parts to remove ({', '.join(dropped)})")
        small = {i.filename: archive.read(i) for i in infos if i.filename not in large}
        scrubbed = _scrubbed(small, title=title, language=language)
        sizes = {i.filename: i.file_size for i in infos}
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
            for name in sorted([*scrubbed, *large], key=_order_key):
                info = _zip_info(name)
                if name in large:  # a worksheet's comments would be in a dropped part: refused above
                    with archive.open(name) as part:
                        if b"Ignorable" in part.read(4096):  # the root element's attributes
                            raise PackageError(f"scrub_stream: {name} needs markup-compatibility processing")
                    info.file_size = sizes[name]  # lets zipfile decide on ZIP64 up front
                    with archive.open(name) as part, out.open(info, "w") as copy:
                        shutil.copyfileobj(part, copy, 1 << 20)
                else:
                    out.writestr(info, scrubbed[name])


def scrub_parts(
    parts: Mapping[str, bytes],
    *,
    title: str | None = None,
    language: str | None = None,
    reuse: Callable[[str], bool] = lambda name: False,
    clean: Collection[str] = frozenset(),
) -> bytes:
    """:func:`scrub` for a package whose parts are at hand (name -> bytes, e.g. straight from the
    library that built it): the same treatment part by part and the same bytes as
    ``scrub(deterministic_zip(parts))``, without zipping, unzipping and zipping again.

    Parts named so that ``reuse(name)`` holds never change from one document to the next in a
    process (a template's masters, layouts and theme, an embedded font): their scrubbed and
    compressed form is kept, by content, and not made again. Relationship parts named in
    ``clean`` were written as this scrubber writes them (the caller's tests show it gives them
    back byte-identical): they are not parsed and written again unless their bytes may name a
    dropped part, a thumbnail or custom properties.
    """
    scrubbed = _scrubbed(parts, title=title, language=language, reuse=reuse, clean=clean)
    return _zip_parts(_ordered(scrubbed.items()), reuse)


def _scrubbed(
    parts: Mapping[str, bytes],
    *,
    title: str | None,
    language: str | None,
    reuse: Callable[[str], bool] = lambda name: False,
    clean: Collection[str] = frozenset(),
) -> dict[str, bytes]:
    """The parts :func:`scrub_parts` zips: each part treated by :func:`_scrub_part`, the dropped
    ones gone, neutral core properties."""
    dropped = {name for name in parts if _DROP.match(name)}
    names = [posixpath.basename(name).encode("utf-8") for name in dropped]
    _refuse_hidden_roots(parts)
    kept: dict[str, bytes] = {}
    frozen = frozenset(dropped)
    for name, body in parts.items():
        if name in dropped:
            continue
        if reuse(name):
            key = (name, body, frozen)
            found = _SCRUBBED.get(key)
            if found is None:
                found = _scrub_part(name, body, dropped)
                _SCRUBBED.put(key, found, 2 * len(body))
            kept[name] = found  # type: ignore[assignment]
        elif name in clean and name.endswith(".rels") and _names_none(body, names):
            kept[name] = body  # _without_relationships_to would remove nothing and write the same
        else:
            kept[name] = _scrub_part(name, body, dropped)
    kept["docProps/core.xml"] = _core_cached(title, language)
    if "docProps/app.xml" in kept:
        kept["docProps/app.xml"] = _app(kept["docProps/app.xml"])
    _ensure_core_registered(kept)
    return kept


def _names_none(body: bytes, names: Sequence[bytes]) -> bool:
    """No relationship in ``body`` can be to a dropped part (``names``: their file names), a
    thumbnail or custom properties."""
    return b"thumbnail" not in body and b"custom-properties" not in body and not any(n in body for n in names)


def _scrub_part(name: str, body: bytes, dropped: set[str]) -> bytes:
    """One part without what :func:`scrub` removes."""
    if name.endswith(".xml") and (b"Ignorable" in body or b"AlternateContent" in body):
        body = _resolved(body) if len(body) >= _LARGE else _markup_compatibility(body)
    if name.endswith(".rels"):
        return _without_relationships_to(body, name, dropped)
    if name == "[Content_Types].xml":
        return _without_overrides(body, dropped)
    if name.startswith("word/") and name.endswith(".xml"):
        body = _without_rsids(body)
        if name == "word/settings.xml":
            return _settings(body)
        if b"comment" in body:
            return _without_comment_marks(body)
        return body
    if name.startswith("xl/worksheets/") and name.endswith(".xml") and b"legacyDrawing" in body:
        return _strip_elements(body, ["{*}legacyDrawing"])  # the comments' drawing
    if "/charts/" in name and name.endswith(".xml"):
        return _chart(body)
    if "/embeddings/" in name and name.endswith(".xlsx"):
        return _embedded_workbook(body)  # a chart's workbook: its own metadata and zip dates
    return body


# The parts of an embedded workbook that hold its data: all the others (its shell: styles, theme,
# properties, relationships, ...) are the same in every chart's workbook desistkit writes.
_WORKBOOK_DATA = re.compile(r"xl/worksheets/sheet\d+\.xml$|xl/sharedStrings\.xml$")


def _embedded_workbook(body: bytes) -> bytes:
    """:func:`scrub` of a workbook embedded in a document (a chart's data), in a fraction of its
    time for one that is already clean: desistkit writes its charts' workbooks as scrub leaves
    them, so scrubbing them again would only parse, rewrite and re-zip every part to the same bytes.

    It is exactly ``scrub(body)``. What scrub does to the shell (every part but the sheets and
    shared strings: properties, relationships, styles, theme, the workbook with its sheets'
    states) depends on the shell and the parts' names alone; to a sheet or the shared strings, on
    that part alone (:func:`_scrub_part`). So a workbook whose shell, beside the same data parts,
    was left unchanged by scrub in this process, whose data parts :func:`_scrub_part` leaves
    unchanged, and whose bytes are the deterministic zip of its parts, is what scrub returns.
    Anything else (another zip layout, a shell not yet seen, a part to remove or rewrite) is
    scrubbed in full."""
    parts = _plain_zip_parts(body)
    if parts is None or any(_DROP.match(name) for name in parts):
        return scrub(body)
    data = sorted(name for name in parts if _WORKBOOK_DATA.match(name))
    digest = hashlib.sha256(repr(data).encode())
    for name in sorted(parts):
        if name not in data:
            digest.update(b"\0%d\0%s\0" % (len(parts[name]), name.encode()))
            digest.update(parts[name])
    key = digest.digest()
    if _CLEAN_SHELLS.get(key) is None:
        scrubbed = scrub(body)
        if scrubbed == body:  # all of it left as it is, so its shell in any workbook with these data parts
            _CLEAN_SHELLS.put(key, True, 1)
            return body  # the same bytes; the same object as when the shell is known
        return scrubbed
    if any(_scrub_part(name, parts[name], set()) != parts[name] for name in data):
        return scrub(body)
    again = _zip_parts(
        _ordered(parts.items()), lambda name: name not in data and not _NAMES_SHEETS.match(name)
    )
    return body if again == body else scrub(body)


# Shell parts that name the sheets: their compressed form is not kept (the others' is, by content).
_NAMES_SHEETS = re.compile(r"xl/workbook\.xml$|docProps/app\.xml$")
_LOCAL = struct.Struct("<4s2B4HL2L2H")


def _plain_zip_parts(body: bytes) -> dict[str, bytes] | None:
    """The parts of a zip laid out as :func:`_zip_parts` writes it (deflated entries, one after the
    other, no extra fields or data descriptors), read from its local headers; None for any other
    layout. Whoever uses them checks that zipping them again gives ``body``: the central
    directory is then :func:`_zip_parts`' own too."""
    parts: dict[str, bytes] = {}
    at = 0
    try:
        while body.startswith(b"PK\x03\x04", at):
            _, _, _, flags, method, _, _, crc, size, length, name_length, extra = _LOCAL.unpack_from(body, at)
            start = at + _LOCAL.size + name_length
            if flags & ~0x800 or method != zipfile.ZIP_DEFLATED or extra:
                return None
            name = body[at + _LOCAL.size : start].decode("utf-8" if flags else "ascii")
            inflater = zlib.decompressobj(-15)
            part = inflater.decompress(body[start : start + size], length + 1)
            if len(part) != length or zlib.crc32(part) != crc or name in parts or not inflater.eof:
                return None
            parts[name] = part
            at = start + size
    except (struct.error, UnicodeDecodeError, zlib.error):
        return None
    return parts if parts else None


def _refuse_hidden_roots(parts: Mapping[str, bytes]) -> None:
    """:func:`_refuse_hidden` without parsing every slide: a slide in an ASCII-compatible encoding
    (it starts with ``<`` and no NUL byte: UTF-8 as every writer of ours, Latin-1, ...) without the
    bytes ``show`` anywhere has no ``show`` attribute to hide it. UTF-16/32 slides, with or
    without a byte order mark, are parsed as before."""
    _refuse_hidden(
        {
            name: body
            for name, body in parts.items()
            if not _SLIDE.match(name) or b"show" in body or not body.startswith(b"<") or b"\0" in body[:4]
        }
    )


_SLIDE = re.compile(r"ppt/slides/slide\d+\.xml$")
_ZIP64_LIMIT = (1 << 31) - 1
_DOS_DATE = (_ZIP_TIME[0] - 1980) << 9 | _ZIP_TIME[1] << 5 | _ZIP_TIME[2]
_DOS_TIME = _ZIP_TIME[3] << 11 | _ZIP_TIME[4] << 5 | _ZIP_TIME[5] // 2


class _Recent:
    """The recently used values by key (parts' scrubbed or compressed forms by content), within a
    budget: the values' sizes added up (bytes, or 1 a value to keep a number of them)."""

    def __init__(self, budget: int) -> None:
        self.budget, self.used = budget, 0
        self.items: OrderedDict[object, tuple[object, int]] = OrderedDict()

    def get(self, key: object) -> object | None:
        found = self.items.get(key)
        if found is None:
            return None
        self.items.move_to_end(key)
        return found[0]

    def put(self, key: object, value: object, size: int) -> None:
        self.items[key] = (value, size)
        self.used += size
        while self.used > self.budget and len(self.items) > 1:
            _, (_, old) = self.items.popitem(last=False)
            self.used -= old


# A template's parts and three embedded fonts (about 1 MB) fit many times over.
_SCRUBBED, _COMPRESSED = _Recent(16 << 20), _Recent(16 << 20)
# Digests of embedded workbooks' shells found to be left unchanged by scrub (with the names of the
# data parts beside them), in this process: only digests, never the parts, and at most 64 of them.
_CLEAN_SHELLS = _Recent(64)


def deflated(body: bytes) -> tuple[int, bytes]:
    """A part's CRC-32 and its raw deflate stream, as :func:`_zip_parts` writes it (zipfile's level 6)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zlib.crc32(body), compressor.compress(body) + compressor.flush()


def remember_deflated(body: bytes, crc: int, stream: bytes) -> None:
    """Keep a part's deflated form made ahead (an embedded font's, shipped in the package) for the
    packages of this process to take instead of compressing the part again. ``crc`` and ``stream``
    must be :func:`deflated`'s for ``body``: tools/subset_fonts.py writes them, tests/test_embed.py
    compares."""
    _COMPRESSED.put(body, (crc, stream), 2 * len(body))


@functools.lru_cache(maxsize=64)
def _core_cached(title: str | None, language: str | None) -> bytes:
    return _core(title, language)


def _zip_parts(parts: Iterable[tuple[str, bytes]], reuse: Callable[[str], bool]) -> bytes:
    """The parts zipped as zipfile zips them at level 6 with :func:`_zip_info`'s fixed attributes
    (the same local headers, central directory and end record; tests/test_ooxml.py compares),
    the compressed form of the parts ``reuse`` names, and of embedded fonts, taken from earlier
    documents."""
    out = io.BytesIO()
    central = []
    for name, body in parts:
        shared = reuse(name) or "/fonts/" in name  # an embedded font: the same in every document
        found: tuple[int, bytes] | None = _COMPRESSED.get(body) if shared else None  # type: ignore[assignment]
        if found is None:
            found = deflated(body)
            if shared:
                _COMPRESSED.put(body, found, 2 * len(body))
        crc, data = found
        if len(body) * 1.05 > _ZIP64_LIMIT or out.tell() > _ZIP64_LIMIT:  # zipfile would write ZIP64
            raise PackageError(f"{name}: too large for a package written in one piece")
        try:
            filename, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            filename, flags = name.encode("utf-8"), 0x800
        common = (flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(data), len(body), len(filename))
        central.append((common, out.tell(), filename))
        out.write(_LOCAL.pack(b"PK\x03\x04", 20, 0, *common, 0))
        out.write(filename)
        out.write(data)
    start = out.tell()
    for common, offset, filename in central:
        out.write(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, *common, 0, 0, 0, 0,
                              0o600 << 16, offset))  # fmt: skip
        out.write(filename)
    size = out.tell() - start
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    info.create_system = 0
    return info


def deterministic_zip(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """Zip parts in the order given with fixed timestamps and attributes: same parts, same bytes
    (those zipfile writes at level 6, tests/test_ooxml.py compares). An embedded font's deflated
    stream is kept per process, as :func:`_zip_parts` keeps it for every package."""
    return _zip_parts(parts, lambda name: False)


def _read(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except zipfile.BadZipFile:
        raise PackageError("not an Office Open XML package (not a zip file)") from None


def _order_key(name: str) -> tuple[int, str]:
    # [Content_Types].xml first (some readers expect it), then the package relationships, then by name.
    return (0 if name == "[Content_Types].xml" else 1 if name == "_rels/.rels" else 2, name)


def _ordered(items: Iterable[tuple[str, bytes]]) -> Sequence[tuple[str, bytes]]:
    return sorted(items, key=lambda item: _order_key(item[0]))


def _xml(body: bytes) -> etree._Element:
    return etree.fromstring(body, _PARSER)


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _without_relationships_to(body: bytes, rels_name: str, dropped: set[str]) -> bytes:
    root = _xml(body)
    base = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/document.xml.rels -> word
    for rel in list(root):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        )
        if path in dropped or rel.get("Type", "").endswith(("/thumbnail", "/custom-properties")):
            root.remove(rel)
    return _bytes(root)


def _without_overrides(body: bytes, dropped: set[str]) -> bytes:
    root = _xml(body)
    for override in root.findall("ct:Override", _NS):
        if override.get("PartName", "").lstrip("/") in dropped:
            root.remove(override)
    return _bytes(root)


def _strip_elements(body: bytes, tags: Sequence[str]) -> bytes:
    root = _xml(body)
    for tag in tags:
        for element in root.findall(f".//{tag}"):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    return _bytes(root)


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


_LARGE = 1 << 16  # bytes: a part worth remembering


@functools.lru_cache(maxsize=8)
def _resolved(body: bytes) -> bytes:
    """:func:`_markup_compatibility` of a large part, remembered per process: python-docx's
    template brings the same 440 KB stylesWithEffects part (and, per language, the same styles
    part) to every Word document, ~20 ms of parsing, resolving and writing each time."""
    return _markup_compatibility(body)


def _markup_compatibility(body: bytes) -> bytes:
    """Resolve Office's markup-compatibility extensions the way a consumer that does not know them
    must (ECMA-376 part 3): drop what is in an ignorable namespace, keep the Fallback of an
    AlternateContent. What remains is plain ECMA-376 that strict readers and the schemas accept.

    The elements and attributes to change are found by libxml2 (a tag filter, one XPath of name tests), not by
    visiting every attribute in Python: a Word styles part has tens of thousands of them."""
    root = _xml(body)
    prefixes = (root.get(f"{{{_MC}}}Ignorable") or "").split()
    ignorable = sorted({root.nsmap[p] for p in prefixes if p in root.nsmap})
    # In document order, like a walk of the whole tree; what is inside a removed element is still
    # visited (and changed there, out of the document), as the walk would.
    for element in list(root.iter(f"{{{_MC}}}AlternateContent", *(f"{{{ns}}}*" for ns in ignorable))):
        parent = element.getparent()
        if parent is None:
            continue
        if element.tag == f"{{{_MC}}}AlternateContent":
            fallback = element.find(f"{{{_MC}}}Fallback")
            index = parent.index(element)
            parent.remove(element)
            for child in reversed(list(fallback) if fallback is not None else []):
                parent.insert(index, child)
        else:
            parent.remove(element)
    namespaces = {f"n{i}": ns for i, ns in enumerate((_MC, *ignorable))}
    found: Any = root.xpath(" | ".join(f"//@{n}:*" for n in namespaces), namespaces=namespaces)
    for attribute in found:  # attribute results: the value, its element and its name
        owner = attribute.getparent()
        if owner is not None:
            del owner.attrib[attribute.attrname]
    etree.cleanup_namespaces(root)
    return _bytes(root)


def _settings(body: bytes) -> bytes:
    """Word settings without revision ids or template path; a zoom that names its percentage."""
    root = _xml(_strip_elements(body, ["{*}rsids", "{*}attachedTemplate"]))
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for zoom in root.iter(f"{{{w}}}zoom"):
        if zoom.get(f"{{{w}}}percent") is None:
            zoom.set(f"{{{w}}}percent", "100")
    return _bytes(root)


def _without_comment_marks(body: bytes) -> bytes:
    """Word text without the anchors of removed comments (a dangling anchor breaks the document)."""
    root = _xml(body)
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for element in list(root.iter(f"{{*}}{tag}")):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    for reference in list(root.iter("{*}commentReference")):
        run = reference.getparent()
        paragraph = run.getparent() if run is not None else None
        if run is not None and paragraph is not None:
            paragraph.remove(run)
    return _bytes(root)


def _core(title: str | None, language: str | None) -> bytes:
    cp, dc, dcterms, xsi = _NS["cp"], _NS["dc"], _NS["dcterms"], _NS["xsi"]
    root = etree.Element(
        f"{{{cp}}}coreProperties", nsmap={"cp": cp, "dc": dc, "dcterms": dcterms, "xsi": xsi}
    )
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag, value in (("created", stamp), ("modified", stamp)):
        element = etree.SubElement(root, f"{{{dcterms}}}{tag}")
        element.set(f"{{{xsi}}}type", "dcterms:W3CDTF")
        element.text = value
    if language:
        etree.SubElement(root, f"{{{dc}}}language").text = language
    if title:
        etree.SubElement(root, f"{{{dc}}}title").text = title
    return _bytes(root)


def _app(body: bytes) -> bytes:
    root = _xml(body)
    for name in ("Company", "Manager", "HyperlinkBase", "Template", "TotalTime", "Application", "AppVersion"):
        for element in root.findall(f"ep:{name}", _NS):
            root.remove(element)
    etree.SubElement(root, f"{{{_NS['ep']}}}Application").text = "desistkit"
    return _bytes(root)


def _ensure_core_registered(parts: dict[str, bytes]) -> None:
    ct = _xml(parts["[Content_Types].xml"])
    if not any(o.get("PartName") == "/docProps/core.xml" for o in ct.findall("ct:Override", _NS)):
        override = etree.SubElement(ct, f"{{{_NS['ct']}}}Override")
        override.set("PartName", "/docProps/core.xml")
        override.set("ContentType", "application/vnd.openxmlformats-package.core-properties+xml")
        parts["[Content_Types].xml"] = _bytes(ct)
    rels = _xml(parts["_rels/.rels"])
    core_type = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    if not any(r.get("Type") == core_type for r in rels):
        ids = {r.get("Id") for r in rels}
        new_id = next(f"rIdCore{i}" for i in range(1, 1000) if f"rIdCore{i}" not in ids)
        rel = etree.SubElement(rels, f"{{{_NS['rel']}}}Relationship")
        rel.set("Id", new_id)
        rel.set("Type", core_type)
        rel.set("Target", "docProps/core.xml")
        parts["_rels/.rels"] = _bytes(rels)


def _refuse_hidden(parts: Mapping[str, bytes]) -> None:
    hidden = []
    for name, body in sorted(parts.items()):
        if _SLIDE.match(name) and _xml(body).get("show") == "0":
            hidden.append(name)
    if "xl/workbook.xml" in parts:
        for sheet in _xml(parts["xl/workbook.xml"]).iterfind(".//s:sheet", _NS):
            if sheet.get("state") in ("hidden", "veryHidden"):
                hidden.append(f"sheet {sheet.get('name')!r}")
    if hidden:
        raise PackageError(f"hidden content cannot be shared safely: {', '.join(hidden)}")
