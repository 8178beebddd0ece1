"""Paragraphs and headings for the Word exporters, without python-docx's slowest path.

python-docx turns a style name into a style id on every ``add_paragraph(style=...)`` and
``add_heading``, and reads a paragraph's style name back the same way: each time it walks every
style of the document twice (the named one, then the default of its type, to leave the default
unnamed). With ~160 styles in the default template and ~500 paragraphs in a summary, that was a
quarter of the summary's time. Here the answer is remembered per document (keyed by its root
element, which lives as long as the document): the same question python-docx asks, asked once per
name, so the XML is the same, the default style still unnamed. A document made from python-docx's
own template (:func:`packaged`) shares the answers of every other one in the process.

And the finished document goes to the font embedder and the scrubber as its parts, unzipped
(:func:`finish`): zipping it three times (python-docx, the embedder, the scrubber) and reading it
back twice cost more than writing it.
"""

from __future__ import annotations

import weakref
from typing import Any, cast

__all__ = ["finish", "heading", "package_parts", "packaged", "paragraph", "style_id", "style_name"]

# document root element -> {(kind, name or id): answer}
_CACHE: weakref.WeakKeyDictionary[Any, dict[tuple[str, str | None], str | None]] = weakref.WeakKeyDictionary()
# The answers for documents made from python-docx's own template: the same styles every time.
_PACKAGED: dict[tuple[str, str | None], str | None] = {}


def packaged(document: Any) -> None:
    """Mark a document made by ``docx.Document()`` (python-docx's template, whose styles never
    change): its style questions share one set of answers per process."""
    _CACHE[document.element] = _PACKAGED


def style_id(document: Any, name: str, kind: int | None = None) -> str | None:
    """The id python-docx gives the style ``name`` of ``kind`` (paragraph by default); None for the
    default style of that kind, which stays unnamed in the XML."""
    from docx.enum.style import WD_STYLE_TYPE

    kind = WD_STYLE_TYPE.PARAGRAPH if kind is None else kind
    known = _CACHE.setdefault(document.element, {})
    key = (f"id{int(kind)}", name)
    if key not in known:
        known[key] = document.part.get_style_id(name, kind)
    return known[key]


def style_name(document: Any, paragraph: Any) -> str:
    """The name of a paragraph's style, as ``paragraph.style.name`` says (the default style's for
    a paragraph without one, or with an unknown id)."""
    from docx.enum.style import WD_STYLE_TYPE

    known = _CACHE.setdefault(document.element, {})
    ppr = paragraph._p.pPr
    sid = ppr.style if ppr is not None else None
    key = ("name", sid)
    if key not in known:
        style = document.part.get_style(sid, WD_STYLE_TYPE.PARAGRAPH)
        known[key] = style.name if style is not None else None
    return known[key] or ""


def paragraph(document: Any, text: str = "", style: str | None = None) -> Any:
    """``document.add_paragraph(text, style)``: the same XML, the style id looked up once."""
    added = document.add_paragraph(text)
    if style is not None:
        added._p.style = style_id(document, style)
    return added


def heading(document: Any, text: str, level: int) -> Any:
    """``document.add_heading(text, level)``: Title for level 0, else Heading 1 to 9."""
    return paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def package_parts(document: Any) -> dict[str, bytes]:
    """The parts of the document's package (zip member name -> bytes) exactly as
    ``document.save`` would write them into its zip."""
    from docx.opc.pkgwriter import PackageWriter

    parts: dict[str, bytes] = {}

    class Collector:  # what PackageWriter writes to: PhysPkgWriter's one method
        @staticmethod
        def write(uri: Any, blob: bytes) -> None:
            parts[uri.membername] = blob

    package, writer = document.part.package, cast(Any, PackageWriter)
    for part in package.parts:  # what OpcPackage.save does, with the collector for the zip
        part.before_marshal()
    writer._write_content_types_stream(Collector, package.parts)
    writer._write_pkg_rels(Collector, package.rels)
    writer._write_parts(Collector, package.parts)
    return parts


def finish(document: Any, *, title: str, language: str, embed: bool = True) -> bytes:
    """The document as .docx bytes: the bundled font embedded (unless ``embed`` is False), through
    the scrubber (neutral metadata, deterministic zip)."""
    from desistkit.export._embed import embed_in_docx_parts
    from desistkit.export._ooxml import scrub_parts

    parts = package_parts(document)
    if embed:
        embed_in_docx_parts(parts)
    return scrub_parts(parts, title=title, language=language)
