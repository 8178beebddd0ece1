"""Slides and notes pages written as text: the deck's parts without python-pptx's object model.

python-pptx makes a slide by cloning the layout's placeholders and a box by building elements one
property at a time, parsing a fragment for nearly every one (a deck cost about 600 parses and 300
XPath searches). Here the first slide of each role and the first notes page, made by python-pptx,
are kept per process as text cut where the title, the boxes and the notes' lines go; every later
slide and notes page is that text with its own pieces put in, related in the package as
python-pptx relates them, and serialised by joining the pieces. A part is parsed only if
python-pptx's objects are asked for (a chart drawn on it, a placeholder changed): from then on it
is python-pptx's, as if it had been made there, with the same bytes.
"""

from __future__ import annotations

import functools
import posixpath
import re
from typing import Any

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part
from pptx.oxml import parse_xml
from pptx.parts.slide import NotesSlidePart, SlidePart

__all__ = ["Blank", "Slide", "TextNotesPart", "TextSlidePart", "blank_of", "escaped_note", "notes_blank"]

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_MARK = "desistkit-piece"
NSDECLS = (  # the deck's two namespaces, declared on a fragment's root
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
# Characters lxml refuses in text (it raises): such a note is written through python-pptx.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")
TEXT_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
)  # text as lxml writes it


class Blank:
    """A part's serialisation cut at the comments :func:`_cut` put in: the text between them."""

    __slots__ = ("chunks", "next_id")

    def __init__(self, chunks: tuple[str, ...], next_id: int) -> None:
        self.chunks, self.next_id = chunks, next_id


def _cut(root: Any) -> tuple[str, ...]:
    """The part's serialisation cut at its marker comments."""
    return tuple(serialize_part_xml(root).decode("utf-8").split(f"<!--{_MARK}-->"))


def _same_after_parsing(xml: bytes) -> bool:
    return serialize_part_xml(parse_xml(xml)) == xml


def blank_of(xml: bytes, index: int) -> Blank | None:
    """A blank slide (python-pptx's serialisation, its title shape the ``index``-th child of the
    shape tree) cut where the title's paragraphs go and where the boxes go; None if the slide does
    not read back as it was written."""
    if not _same_after_parsing(xml):
        return None
    root = parse_xml(xml)
    tree = root.find(f"{_P}cSld/{_P}spTree")
    body = tree[index].find(f"{_P}txBody")
    if body is None:
        return None
    for p in body.findall(f"{_A}p"):
        body.remove(p)
    from lxml import etree

    body.append(etree.Comment(_MARK))
    tree.append(etree.Comment(_MARK))
    ids = [int(i) for i in root.xpath("//@id") if i.isdigit()]
    chunks = _cut(root)
    return None if len(chunks) != 3 else Blank(chunks, max(ids, default=0) + 1)


def notes_blank(xml: bytes) -> Blank | None:
    """A blank notes page cut where its lines go: its notes placeholder's one empty paragraph,
    the last of its text body (as python-pptx clones it); None for any other shape of page."""
    if not _same_after_parsing(xml):
        return None
    root = parse_xml(xml)
    tree = root.find(f"{_P}cSld/{_P}spTree")
    from lxml import etree

    for sp in tree.iterfind(f"{_P}sp"):
        ph = sp.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
        if ph is None or ph.get("type") != "body":
            continue
        body = sp.find(f"{_P}txBody")
        paras = [] if body is None else body.findall(f"{_A}p")
        if body is None or len(paras) != 1 or len(paras[0]) or paras[0].attrib or body[-1] is not paras[0]:
            return None
        body.replace(paras[0], etree.Comment(_MARK))
        chunks = _cut(root)
        return None if len(chunks) != 2 else Blank(chunks, 0)
    return None


def escaped_note(line: str, tag: str) -> str | None:
    """A notes line as python-pptx writes it (a paragraph, a run with the language, control
    characters as ``_xHHHH_``); None for a line lxml would refuse (written through python-pptx)."""
    if _NOT_XML.search(line):
        return None
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", line).translate(TEXT_ESCAPES)
    return f'<a:p><a:r><a:rPr lang="{tag}"/><a:t>{text}</a:t></a:r></a:p>'


class _TextPart:
    """What a slide and a notes page written as text share: the pieces, joined when the part is
    saved; parsed only if python-pptx's objects are asked for."""

    pieces: list[str] | None
    boxes: list[str]
    first_id: int  # a slide's first free shape id while it is text
    _tree: Any

    def _parse(self) -> Any:
        assert self.pieces is not None
        root = parse_xml("".join(self.pieces).encode("utf-8"))
        if self.boxes:
            # Parsed apart, as each box was: an empty run's text is "" (``<a:t></a:t>``), not absent
            shapes = parse_xml(f"<p:spTree {NSDECLS}>{''.join(self.boxes)}</p:spTree>")
            for t in shapes.iter(f"{_A}t"):
                if t.text is None:
                    t.text = ""
            tree = root.find(f"{_P}cSld/{_P}spTree")
            for sp in list(shapes):
                tree.append(sp)
        self.pieces, self.boxes = None, []
        return root

    @property
    def _element(self) -> Any:
        if self._tree is None:
            self._tree = self._parse()
        return self._tree

    @_element.setter
    def _element(self, value: Any) -> None:
        self._tree = value

    @property
    def written(self) -> bool:
        """Still text (not python-pptx's)."""
        return self.pieces is not None

    @property
    def blob(self) -> bytes:
        if self.pieces is not None:
            if not self.boxes:
                return "".join(self.pieces).encode("utf-8")
            *head, tail = self.pieces
            return "".join((*head, *self.boxes, tail)).encode("utf-8")
        return serialize_part_xml(self._element)


class TextSlidePart(_TextPart, SlidePart):  # type: ignore[override]
    """A slide written as text: the blank's chunks around its title's paragraphs (``pieces[1]``,
    empty until the title is set); boxes go before the last chunk (the end of the shape tree)."""

    def __init__(self, partname: Any, package: Any, blank: Blank) -> None:
        Part.__init__(self, partname, CT.PML_SLIDE, package)
        head, *rest = blank.chunks
        self.pieces, self.boxes, self._tree, self.first_id = [head, "", *rest], [], None, blank.next_id


class TextNotesPart(_TextPart, NotesSlidePart):  # type: ignore[override]
    """A notes page written as text: the blank's chunks around its lines."""

    def __init__(self, partname: Any, package: Any, blank: Blank, lines: str) -> None:
        Part.__init__(self, partname, CT.PML_NOTES_SLIDE, package)
        head, tail = blank.chunks
        self.pieces, self.boxes, self._tree = [head, lines, tail], [], None


class Slide:
    """A slide of the deck as the slide builders hold it: its part, and python-pptx's slide for
    everything else (asking for it turns a slide written as text into python-pptx's)."""

    __slots__ = ("next_id", "part")

    def __init__(self, part: Any) -> None:
        self.part = part
        self.next_id: int | None = None  # the next box's shape id, once a box is placed

    def __getattr__(self, name: str) -> Any:
        return getattr(self.part.slide, name)


class Opened:
    """A template as python-pptx opened it, once per process, for decks to copy: everything but
    the presentation part (masters, layouts, themes, properties) is shared by the copies, which
    only read it, with its serialisation and relationships kept."""

    def __init__(self, prs: Any) -> None:
        self.prs = prs
        self.shared: dict[Any, tuple[bytes, bytes | None]] = {
            part: (part.blob, part.rels.xml if part._rels else None)
            for part in prs.part.package.iter_parts()
            if part is not prs.part
        }

    #: The notes master python-pptx made for the first deck (the template has none), shared by
    #: the later decks, and the first notes page as made from it, serialised and cut.
    notes: tuple[Any, bytes, Blank] | None = None

    def keep_notes(self, master: Any, xml: bytes, blank: Blank) -> None:
        """Keep a notes master python-pptx made in a copy (and its theme) for later copies."""
        if master in self.shared:  # the template's own: every copy has it already
            return
        for part in (master, *(rel.target_part for rel in master.rels.values())):
            self.shared[part] = (part.blob, rels_xml(part._rels) if part._rels else None)
            # made in the first deck's package: kept pointing there, they would keep that deck
            # (its slides, a client's words) alive for the rest of the process
            part._package = self.prs.part.package
        self.notes = (master, xml, blank)

    def copy(self) -> Any:
        """A new presentation of the template: a new package and presentation part (a copy of its
        element and relationships), the other parts shared."""
        import copy

        from pptx.opc.package import _Relationship
        from pptx.package import Package
        from pptx.parts.presentation import PresentationPart

        old = self.prs.part
        package = Package(None)  # type: ignore[arg-type]
        part = PresentationPart(old.partname, old.content_type, package, copy.deepcopy(old._element))
        for source, target in ((old.package._rels, package._rels), (old.rels, part._rels)):
            for rel_id, rel in source.items():
                to = part if rel._target is old else rel._target
                target._rels[rel_id] = _Relationship(rel._base_uri, rel_id, rel.reltype, rel._target_mode, to)
        return part.presentation


_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
# What needs no escaping in an attribute: anything else is written by python-pptx
_PLAIN = re.compile(r"[A-Za-z0-9._/:#%=?+-]*\Z")


class Written(bytes):
    """A part written as text in the form lxml writes it: the scrubber, parsing and writing it
    again, gives back the same bytes (tests/test_deck_parts.py shows it)."""


@functools.lru_cache(maxsize=4096)
def _relative(partname: str, base: str) -> str:
    """python-pptx's ``PackURI.relative_ref``, remembered: a deck's parts have the same few names."""
    return partname[1:] if base == "/" else posixpath.relpath(partname, base)


def rels_xml(rels: Any) -> bytes:
    """python-pptx's ``rels.xml`` (the relationships in rId order, as a .rels part), written as
    text rather than built element by element (:class:`Written`); python-pptx's for anything
    unusual."""
    if not rels:
        return bytes(rels.xml)
    ordered = sorted((int(r[3:]) if r.startswith("rId") and r[3:].isdigit() else 0, r) for r in rels)
    out = [
        _DECLARATION,
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">',
    ]
    for _, rel_id in ordered:
        rel = rels[rel_id]
        target = rel.target_ref if rel.is_external else _relative(rel._target.partname, rel._base_uri)
        if not (_PLAIN.match(rel_id) and _PLAIN.match(rel.reltype) and _PLAIN.match(target)):
            return bytes(rels.xml)
        mode = ' TargetMode="External"' if rel.is_external else ""
        out.append(f'<Relationship Id="{rel_id}" Type="{rel.reltype}" Target="{target}"{mode}/>')
    out.append("</Relationships>")
    return Written("".join(out).encode("utf-8"))


def content_types_xml(parts: Any) -> bytes:
    """python-pptx's ``[Content_Types].xml`` for the parts (defaults by extension, then overrides
    by part name, each sorted), written as text; python-pptx's for anything unusual."""
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.serialized import _ContentTypesItem
    from pptx.opc.spec import default_content_types

    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides = {}
    for part in parts:
        name, kind = part.partname, part.content_type
        ext = name.ext.lower()
        if (ext, kind) in default_content_types:
            defaults[ext] = kind
        else:
            overrides[name] = kind
    out = [_DECLARATION, '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">']
    out += [f'<Default Extension="{e}" ContentType="{k}"/>' for e, k in sorted(defaults.items())]
    out += [f'<Override PartName="{n}" ContentType="{k}"/>' for n, k in sorted(overrides.items())]
    out.append("</Types>")
    if not all(_PLAIN.match(s) for pair in (*defaults.items(), *overrides.items()) for s in pair):
        return bytes(serialize_part_xml(_ContentTypesItem.xml_for(parts)))
    return "".join(out).encode("utf-8")
