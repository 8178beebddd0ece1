"""The one gate for Office packages from outside, before any XML or Office library sees them.

A workbook a caseworker edited, a deck filled by hand and an organisation's .pptx or .docx template
are all untrusted input; importers and template loaders open them only through :func:`open_package`.
Before a part is parsed, the zip's central directory is checked against the caps below: how many
entries, how large all of them are once inflated, and how much each one inflates. The declared sizes
are what count: Python's zipfile stops reading an entry at its declared size (and then fails its
CRC), so an entry that lies about its size cannot inflate further; the whole package is also held to
a ratio, so that many parts each just under the per-part floor cannot add up to a bomb. Then every
part that is XML -- judged by its content and its declared content type, not by its name -- is
parsed whole by defusedxml (it must be well-formed, and every relationship it refers to must exist),
which refuses document type declarations: Office Open XML has none, and entity expansion ("billion
laughs") and external entities need one. Only then does openpyxl (which itself parses worksheets
with defusedxml when it is installed) read the package.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from os import PathLike
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

import attrs

from desistkit.core.errors import DocumentError, Problem, TemplateError
from desistkit.core.inputs import read_bounded, read_stream_bounded, too_large

__all__ = [
    "DOCX",
    "MAX_ENTRIES",
    "MAX_ENTRY_RATIO",
    "MAX_PACKAGE_BYTES",
    "MAX_TOTAL_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "PPTX",
    "RATIO_FLOOR",
    "TOTAL_RATIO_FLOOR",
    "XLSX",
    "Package",
    "Source",
    "checked_template",
    "open_package",
]

MAX_PACKAGE_BYTES = 64 * 1024 * 1024
"""The file itself. A tracker of 500 sessions is under 2 MiB."""
MAX_ENTRIES = 2_000
"""Parts in the package. A tracker has about 30; Excel adds a few for themes and styles."""
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
"""All parts together once inflated. A 500-session tracker inflates to about 15 MiB; LibreOffice,
which writes an empty styled cell for every row a dropdown covers, to a little more."""
MAX_ENTRY_RATIO = 200
"""How much one part may inflate. Worksheet XML compresses 10-40 times, LibreOffice's runs of empty
cells up to about 100 times; a zip bomb about 1,000 times."""
RATIO_FLOOR = 1024 * 1024
"""Parts smaller than this once inflated are not held to the ratio: they cannot do harm alone."""
MAX_TOTAL_RATIO = 100
"""How much the whole package may inflate. Real packages inflate 5-40 times in all."""
TOTAL_RATIO_FLOOR = 32 * 1024 * 1024
"""Packages smaller than this once inflated are not held to the total ratio."""

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
"""The main part's content type of a PowerPoint presentation."""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
"""The main part's content type of a Word document."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
"""The main part's content type of an Excel workbook."""

_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

Source = str | PathLike[str] | bytes | IO[bytes]

_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file signature


@attrs.frozen
class Package:
    """A package that passed the checks: its bytes, a name for messages, its main part's content type."""

    data: bytes
    source: str
    content_type: str


def open_package(source: Source, *, template: bool = False) -> Package:
    """Read and check a package; :class:`DocumentError` says what is wrong with it, as a whole.

    ``template=True`` for an organisation's template: the same checks, refused with
    :class:`TemplateError`.
    """
    try:
        return _open(source)
    except DocumentError as exc:
        if not template:
            raise
        said = "; ".join(f"{p.location + ': ' if p.location else ''}{p.message}" for p in exc.problems)
        raise TemplateError(f"template {exc.source}: {said}") from None


def checked_template(source: Source, expected: str) -> io.BytesIO:
    """An organisation's template, through the gate, as a stream for python-pptx or python-docx.

    ``expected`` is the main part's content type the exporter needs (a presentation, a Word
    document); anything else, or anything the gate refuses, is a :class:`TemplateError`.
    """
    package = open_package(source, template=True)
    if package.content_type != expected:
        kind = "PowerPoint (.pptx)" if "presentation" in expected else "Word (.docx)"
        raise TemplateError(
            f"template: not a {kind} file (its main part is {package.content_type or 'missing'})"
        )
    return io.BytesIO(package.data)


def _open(source: Source) -> Package:
    data, name = _read(source)
    if len(data) > MAX_PACKAGE_BYTES:
        raise _refused(name, f"is larger than the limit of {MAX_PACKAGE_BYTES // (1024 * 1024)} MiB")
    if data.startswith(_COMPOUND_FILE):
        # What Office writes for a file saved with a password, and for the old .xls/.ppt/.doc.
        raise _refused(
            name,
            "is password-protected or in the old Office format (.xls, .ppt, .doc); "
            "save it without a password as .xlsx, .pptx or .docx",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise _refused(name, "is not an Office document (.xlsx, .pptx): it is not a zip package") from None
    with archive:
        infos = archive.infolist()
        _check_sizes(infos, name)
        _check_names(infos, name)
        try:
            xml_parts = _declared_xml(archive, name)
            referenced: dict[str, set[str]] = {}
            for info in infos:
                if info.is_dir():
                    continue
                # One pass per part: XML is parsed whole (well-formed, no DTD), the rest inflated;
                # either way a wrong CRC or a broken deflate stream shows here, as damage.
                if info.filename in xml_parts or _looks_like_xml(archive, info):
                    referenced[info.filename] = _check_xml(archive, info, name)
                else:
                    _check_crc(archive, info)
            content_type = _main_content_type(archive, name)
            _check_relationships(archive, name, referenced)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
            # a damaged entry, a wrong CRC, an unsupported compression or an encrypted part
            raise _refused(name, "is damaged: a part of the zip package cannot be read") from None
        except ElementTree.ParseError:
            raise _refused(
                name, "is damaged: its [Content_Types].xml or _rels/.rels is not well-formed XML"
            ) from None
    return Package(data, name, content_type)


def _read(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, "document"
    if isinstance(source, (str, PathLike)):
        shown = Path(source).name
        # a missing file, a folder, a device, a FIFO nobody writes to: refused as a DocumentError
        return read_bounded(source, MAX_PACKAGE_BYTES, lambda message: _refused(shown, message)), shown
    name = getattr(source, "name", None)
    shown = Path(str(name)).name if name else "document"
    data = read_stream_bounded(source, MAX_PACKAGE_BYTES)
    if data is None:
        raise _refused(shown, too_large(MAX_PACKAGE_BYTES))
    return data, shown


def _refused(name: str, message: str) -> DocumentError:
    return DocumentError(name, [Problem("", message)])


def _check_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _refused(name, f"has {len(infos)} parts; the limit is {MAX_ENTRIES}")
    inflated = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise _refused(
            name,
            f"would inflate to more than {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MiB; "
            "refused as a possible zip bomb",
        )
    if inflated > TOTAL_RATIO_FLOOR and inflated > MAX_TOTAL_RATIO * max(packed, 1):
        raise _refused(
            name,
            f"inflates {inflated // max(packed, 1)} times in all (the limit is {MAX_TOTAL_RATIO}); "
            "refused as a possible zip bomb",
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_ENTRY_RATIO * max(info.compress_size, 1):
            raise _refused(
                name,
                f"has a part that inflates {info.file_size // max(info.compress_size, 1)} times "
                f"(the limit is {MAX_ENTRY_RATIO}); refused as a possible zip bomb",
            )


def _check_names(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Part names as Office writes them: relative, forward slashes, no ``..`` and no control
    characters. A name such as ``../../.bashrc`` or ``/etc/x`` (a "zip slip") is harmless to
    desistkit, which extracts nothing, but not to a tool that unpacks the file it passes on (a
    handover letter, an imported deck kept beside the case); and no Office program writes one."""
    for info in infos:
        filename = info.filename
        parts = filename.split("/")
        if (
            filename.startswith("/")
            or "\\" in filename
            or ".." in parts
            or re.search(r"[\x00-\x1f\x7f]", filename)
            or re.match(r"^[A-Za-z]:", filename)
        ):
            raise _refused(
                name, f"has a part named {_part(filename)!r}, outside the package (a zip slip); refused"
            )


def _declared_xml(archive: zipfile.ZipFile, name: str) -> set[str]:
    """The parts [Content_Types].xml declares as XML (by override, or by extension in any case)."""
    from defusedxml.ElementTree import fromstring

    names = {n for n in archive.namelist() if not n.endswith("/")}
    found = {n for n in names if n.lower().endswith((".xml", ".rels"))}
    if "[Content_Types].xml" not in names:
        return found
    _check_xml(archive, archive.getinfo("[Content_Types].xml"), name)
    types = fromstring(archive.read("[Content_Types].xml"), forbid_dtd=True)
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"

    def is_xml(content_type: str) -> bool:
        return content_type.endswith(("+xml", "/xml"))

    xml_extensions = {
        d.get("Extension", "").lower() for d in types.iter(f"{ns}Default") if is_xml(d.get("ContentType", ""))
    }
    found |= {n for n in names if n.rsplit(".", 1)[-1].lower() in xml_extensions}
    found |= {
        o.get("PartName", "").lstrip("/")
        for o in types.iter(f"{ns}Override")
        if is_xml(o.get("ContentType", ""))
    }
    return found & names


def _looks_like_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A part whose first bytes are markup (after a byte order mark and white space), whatever its
    name says: a library may parse it as XML."""
    with archive.open(info) as stream:
        head = stream.read(64)
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(bom)
    head = head.replace(b"\x00", b"").lstrip()
    return head.startswith(b"<")


def _check_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> set[str]:
    """The whole part, parsed with defusedxml: well-formed, no DTD, no entities. An Office library
    parses it again later; a part it would choke on is refused here, by name."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    with archive.open(info) as stream:
        try:
            ids: set[str] = set()
            for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
                ids.update(v for k, v in element.attrib.items() if k.startswith(_R))
                element.clear()  # memory stays small however large the part
        except DefusedXmlException:
            raise _refused(
                name,
                f"part {_part(info.filename)} declares a document type or entities, which Office documents "
                "never do; refused",
            ) from None
        except ParseError:
            raise _refused(name, f"part {_part(info.filename)} is not well-formed XML") from None
    return ids


def _check_relationships(archive: zipfile.ZipFile, name: str, referenced: dict[str, set[str]]) -> None:
    """Every part a relationship names inside the package is there, and every relationship id a
    part refers to (``r:id``, ``r:embed``, ...) is in that part's .rels: an Office library would
    otherwise fail on the missing piece with an internal error."""
    from defusedxml.ElementTree import fromstring

    names = {n for n in archive.namelist() if not n.endswith("/")}
    declared: dict[str, set[str]] = {}
    for rels in sorted(n for n in names if n.lower().endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(rels))  # xl/_rels/workbook.xml.rels -> xl
        source = posixpath.join(folder, posixpath.basename(rels)[: -len(".rels")])
        relationships = list(fromstring(archive.read(rels), forbid_dtd=True))
        declared[source] = {rel.get("Id", "") for rel in relationships}
        for rel in relationships:
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target or "://" in target:
                continue
            if target.startswith("/"):
                path = posixpath.normpath(target.lstrip("/"))
            else:
                path = posixpath.normpath(posixpath.join(folder, target))
            if path not in names:
                raise _refused(name, f"is damaged: part {_part(rels)} names a part that is missing")
    for part, ids in sorted(referenced.items()):
        if ids - declared.get(part, set()):
            raise _refused(name, f"is damaged: part {_part(part)} refers to a relationship it does not have")


def _check_crc(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate a part that is not XML (within the caps checked above) so that a damaged stream or a
    wrong CRC is found here, as damage, and not later inside an Office library."""
    with archive.open(info) as stream:
        while stream.read(1 << 20):
            pass


def _part(filename: str) -> str:
    """A part name for a message: the name comes from the file, so only plain characters of it."""
    return re.sub(r"[^\w./\[\]-]", "?", filename)[:80]


def _main_content_type(archive: zipfile.ZipFile, name: str) -> str:
    """The content type of the part the package relationships call the office document."""
    from defusedxml.ElementTree import fromstring

    names = set(archive.namelist())
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise _refused(name, "is not an Office document: [Content_Types].xml or _rels/.rels is missing")
    target = None
    for rel in fromstring(archive.read("_rels/.rels"), forbid_dtd=True):
        if rel.get("Type") == _OFFICE_DOCUMENT:
            target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
            break
    if target is None:
        raise _refused(name, "is not an Office document: it names no main part")
    if target not in names:
        raise _refused(name, "is damaged: the main part it names is missing")
    types = fromstring(archive.read("[Content_Types].xml"), forbid_dtd=True)
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    for override in types.iter(f"{ns}Override"):
        if override.get("PartName", "").lstrip("/") == target:
            return str(override.get("ContentType", ""))
    extension = target.rsplit(".", 1)[-1].lower()
    for default in types.iter(f"{ns}Default"):
        if default.get("Extension", "").lower() == extension:
            return str(default.get("ContentType", ""))
    return ""
