"""The deck's writer: a python-pptx presentation, its template, and boxes and charts written into it.

Boxes are written as XML directly (a deck has hundreds, and python-pptx's property setters cost more
than the rest of the deck together); every run carries the language tag and the measured font. The
package goes through the common scrubber: neutral metadata, deterministic bytes, schema-valid.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import IO, Any

from desistkit.core.errors import TemplateError
from desistkit.export._embed import embed_in_pptx_parts
from desistkit.export._fit import GAP, advances
from desistkit.export._ooxml import scrub_parts
from desistkit.export.content import Chart
from desistkit.export.deck.layout import (
    CELL_GAP,
    INSET,
    RGB,
    SMALLEST,
    TITLE_LARGEST,
    TITLE_SMALLEST,
    Cell,
    Grid,
    Metrics,
    Page,
    Para,
    Region,
    largest_size,
    paginate,
    par,
    scaled_grid,
)
from desistkit.export.deck.parts import (
    NSDECLS,
    TEXT_ESCAPES,
    Blank,
    Opened,
    Slide,
    TextNotesPart,
    TextSlidePart,
    Written,
    blank_of,
    content_types_xml,
    escaped_note,
    notes_blank,
    rels_xml,
)
from desistkit.formats.package import PPTX, checked_template
from desistkit.i18n.localizer import Localizer

__all__ = [
    "DEFAULT_LAYOUTS",
    "FAMILY",
    "Deck",
    "Template",
    "clean",
    "draw_chart",
    "fit_into",
    "hex_rgb",
    "is_title",
    "subtitle_placeholder",
]

Template = str | PathLike[str] | IO[bytes] | None

#: Layouts the deck uses, by role, and their names in the packaged default (PowerPoint's own names).
DEFAULT_LAYOUTS: Mapping[str, str] = {"title": "Title Slide", "content": "Title Only"}
FAMILY = "DejaVu Sans"  # the bundled font the text is measured with


class Deck:
    """A python-pptx presentation with the helpers every slide needs (all positions in mm)."""

    def __init__(
        self, loc: Localizer, template: Template, layouts: Mapping[str, str] | None, title: str
    ) -> None:
        from pptx import Presentation
        from pptx.util import Mm

        self.loc, self.tag, self.doc_title = loc, loc.tag, title
        self.Mm = Mm
        self._default = template is None
        # An organisation's template is untrusted: python-pptx sees it only after the package gate.
        source = io.BytesIO(_default_template()) if template is None else checked_template(template, PPTX)
        # what is kept per process for a template (its blank slides and notes page) is kept by content
        self._key = hashlib.sha256(source.getvalue()).digest()
        self._opened = _default_opened() if template is None else None
        try:
            self.prs = Presentation(source) if self._opened is None else self._opened.copy()
        except Exception as exc:  # python-pptx raises several kinds for a file that is no deck
            raise TemplateError(
                f"template: not a readable PowerPoint (.pptx) file ({type(exc).__name__})"
            ) from exc
        if template is not None:
            self._drop_slides()
        names = {**DEFAULT_LAYOUTS, **(layouts or {})}
        available = [layout.name for layout in self.prs.slide_layouts]
        self.layouts = {}
        self._layout_names: dict[str, str] = {}
        for role, name in names.items():
            found: list[Any] = [layout for layout in self.prs.slide_layouts if layout.name == name]
            if not found:
                raise TemplateError(
                    f"template: the {role} layout {name!r} is missing (it has: {', '.join(available)})"
                )
            if not any(
                ph.placeholder_format.type is not None and is_title(ph) for ph in found[0].placeholders
            ):
                raise TemplateError(f"template: the layout {name!r} has no title placeholder")
            if role == "title" and subtitle_placeholder(found[0]) is None:
                raise TemplateError(
                    f"template: the title layout {name!r} has no subtitle placeholder "
                    "(the audience marking, period and export date go there)"
                )
            self.layouts[role] = found[0]
            self._layout_names[role] = name
        self.width = int(self.prs.slide_width or 0) / 36000
        self.height = int(self.prs.slide_height or 0) / 36000
        self.margin = max(self.width * 0.03, 6.0)
        self.m = Metrics(advances())
        self._blank_notes: tuple[bytes, Blank | None] | None = None  # see _notes_slide
        self._next_notes = 1
        self._slide_id: int | None = None  # the next slide id, once counted (see _blank_slide)

    def _drop_slides(self) -> None:
        """An organisation's template may come with sample slides: the deck starts empty."""
        ids = self.prs.slides._sldIdLst
        for sld_id in list(ids):
            self.prs.part.drop_rel(sld_id.rId)
            ids.remove(sld_id)

    # --- slides -----------------------------------------------------------------------------

    def slide(self, role: str, title: str, notes: Sequence[str] = ()) -> tuple[Any, Region]:
        """A new slide with its title set and fitted; the region below the title for content."""
        slide, title_shape, box, top = self._blank_slide(role)
        para = par(title, "B")
        size = largest_size(
            lambda s: (
                self.m.cell_height(Cell((para,)), box[0], s) - 2 * INSET <= box[1]
                and self.m.words_fit(Cell((para,)), box[0], s)
            ),
            TITLE_LARGEST,
            TITLE_SMALLEST,
        )
        if title_shape is None:  # a slide written as text: the title's paragraphs go in their place
            xml = self._paragraphs_xml((para,), size or TITLE_SMALLEST, family=self._is_default)
            # python-pptx parsed them: an empty run's text was absent (``<a:t/>``)
            slide.part.pieces[1] = xml.replace("<a:t></a:t>", "<a:t/>")
        else:
            self._fill_frame(title_shape.text_frame, (para,), size or TITLE_SMALLEST, family=self._is_default)
        if notes:
            self.notes(slide, notes)
        region = Region(self.margin, top, self.width - 2 * self.margin, self.height - top - self.margin * 0.8)
        return slide, region

    def _blank_slide(self, role: str) -> tuple[Slide, Any, tuple[float, float], float]:
        """A new slide of a role with its title box placed and its margins set, but no text; the
        title shape (None for a slide written as text), its size (mm) and the top of the region
        below it.

        python-pptx makes the first slide of each role in a process (cloning the layout's
        placeholders, then the title's geometry and margins, all through its property setters);
        the others are that first slide's text as it was before its title (see :mod:`.parts`),
        added to the package as python-pptx adds a slide."""
        from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from pptx.opc.oxml import serialize_part_xml
        from pptx.opc.packuri import PackURI
        from pptx.oxml import parse_xml
        from pptx.parts.slide import SlidePart

        key = (self._key, self._default, role, self._layout_names[role])
        found = _BLANK_SLIDES.get(key)
        if found is None:
            slide = self.prs.slides.add_slide(self.layouts[role])
            self._slide_id = None  # python-pptx numbered it
            title_shape = next(ph for ph in slide.placeholders if is_title(ph))
            if role == "content" and self._is_default:
                title_shape.left, title_shape.top = self.Mm(self.margin), self.Mm(7)
                title_shape.width, title_shape.height = self.Mm(self.width - 2 * self.margin), self.Mm(18)
            frame = title_shape.text_frame
            frame.word_wrap = True
            inset = self.Mm(INSET)
            frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = inset
            box = (title_shape.width / 36000, title_shape.height / 36000)
            top = (title_shape.top + title_shape.height) / 36000 + 3
            index = list(slide.shapes._spTree).index(title_shape._element)
            xml = serialize_part_xml(slide._element)
            _BLANK_SLIDES[key] = (xml, index, box, top, blank_of(xml, index))
            return Slide(slide.part), title_shape, box, top
        xml, index, box, top, blank = found
        presentation = self.prs.part
        ids = self.prs.slides._sldIdLst
        name = PackURI(f"/ppt/slides/slide{len(ids) + 1}.xml")  # python-pptx's next slide name
        if blank is not None:
            part: Any = TextSlidePart(name, presentation.package, blank)
        else:  # a slide that does not read back as written: copied as python-pptx objects
            part = SlidePart(name, CONTENT_TYPE.PML_SLIDE, presentation.package, parse_xml(xml))
        # A new part has no relationship to match: added as python-pptx's relate_to adds one, and
        # the slide id is python-pptx's (one more than the largest), counted rather than searched.
        part._rels._add_relationship(RELATIONSHIP_TYPE.SLIDE_LAYOUT, self.layouts[role].part)
        rel_id = presentation._rels._add_relationship(RELATIONSHIP_TYPE.SLIDE, part)
        if self._slide_id is None:
            self._slide_id = ids._next_id
        if self._slide_id > _MAX_SLIDE_ID:
            ids.add_sldId(rel_id)
        else:
            ids._add_sldId(id=self._slide_id, rId=rel_id)
            self._slide_id += 1
        if blank is not None:
            return Slide(part), None, box, top
        slide = part.slide
        element = slide.shapes._spTree[index]
        title_shape = next(ph for ph in slide.placeholders if ph._element is element)
        return Slide(part), title_shape, box, top

    @property
    def _is_default(self) -> bool:
        return self._default

    def notes(self, slide: Any, lines: Sequence[str]) -> None:
        """A new notes page for the slide with the lines, one paragraph each, in the deck's language."""
        written = [escaped_note(line, _attr(self.tag)) for line in lines]
        # a line lxml refuses goes through python-pptx, which raises as it always did
        notes = self._notes_slide(slide, None if None in written else "".join(written) or "<a:p/>")  # type: ignore[arg-type]
        if notes is None:
            return
        frame = notes.notes_text_frame
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font._rPr.set("lang", self.tag)

    def _notes_slide(self, slide: Any, lines: str | None) -> Any:
        """The slide's new notes page, for its text to be set, or None if it was written with its
        ``lines`` (paragraphs as markup). python-pptx makes the first of a deck from the notes
        master (cloning its placeholders, and making the master if the template has none); the
        others are the text of a process's first page as it was before its text (see
        :mod:`.parts`), or copies of it as python-pptx objects, related to the master and the
        slide as python-pptx relates them."""
        from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from pptx.opc.oxml import serialize_part_xml
        from pptx.opc.packuri import PackURI
        from pptx.oxml import parse_xml
        from pptx.parts.slide import NotesSlidePart

        part = slide.part
        kept = None if self._opened is None else self._opened.notes
        if self._blank_notes is None and kept is not None and lines is not None:
            # as python-pptx makes the first page: the master related, then the first free name
            master, xml, first = kept
            self.prs.part._rels._add_relationship(RELATIONSHIP_TYPE.NOTES_MASTER, master)
            name = part.package.next_partname("/ppt/notesSlides/notesSlide%d.xml")
            self._blank_notes = (xml, first)
            self._next_notes = int(_NUMBER.findall(str(name))[-1])
        elif self._blank_notes is None:
            notes = part.notes_slide
            xml = serialize_part_xml(notes._element)
            found = _BLANK_NOTES.get(self._key)
            if found is None or found[0] != xml:
                found = _BLANK_NOTES[self._key] = (xml, notes_blank(xml))
            self._blank_notes = found
            self._next_notes = int(_NUMBER.findall(str(notes.part.partname))[-1]) + 1
            cut = found[1]
            if self._opened is not None and self._opened.notes is None and cut is not None:
                self._opened.keep_notes(self.prs.part.notes_master_part, xml, cut)
            return notes
        package = part.package
        # python-pptx's next_partname walks the whole package for the first free number: the
        # notes pages are numbered in the order made, from the first one's number on
        name, self._next_notes = f"/ppt/notesSlides/notesSlide{self._next_notes}.xml", self._next_notes + 1
        xml, blank = self._blank_notes
        if blank is not None and lines is not None:
            notes_part: Any = TextNotesPart(PackURI(name), package, blank, lines)
        else:
            notes_part = NotesSlidePart(PackURI(name), CONTENT_TYPE.PML_NOTES_SLIDE, package, parse_xml(xml))
        # a new part: no relationship to match, added as python-pptx's relate_to adds one
        notes_part._rels._add_relationship(RELATIONSHIP_TYPE.NOTES_MASTER, self.prs.part.notes_master_part)
        notes_part._rels._add_relationship(RELATIONSHIP_TYPE.SLIDE, part)
        part._rels._add_relationship(RELATIONSHIP_TYPE.NOTES_SLIDE, notes_part)
        return None if isinstance(notes_part, TextNotesPart) else notes_part.notes_slide

    def box(
        self, slide: Any, cell: Cell, left: float, top: float, width: float, height: float, size: float
    ) -> None:
        """A text box, written as XML directly: a deck has hundreds, and python-pptx's property
        setters (each searching the tree) cost more than the rest of the deck together. On a slide
        written as text the box is text too; on one python-pptx holds, it is parsed and appended."""
        part = slide.part
        written = isinstance(part, TextSlidePart) and part.written
        shape_id = slide.next_id
        if shape_id is None:
            shape_id = part.first_id if written else slide.shapes._next_shape_id
        slide.next_id = shape_id + 1
        name = cell.name or f"TextBox {shape_id}"
        fill = "<a:noFill/>" if cell.fill is None else f"<a:solidFill>{_srgb(cell.fill)}</a:solidFill>"
        line = "" if cell.border is None else (
            f'<a:ln w="{_emu(0.25)}"><a:solidFill>{_srgb(cell.border)}</a:solidFill></a:ln>'
        )  # fmt: skip
        inset = _emu(INSET)
        autofit = "<a:normAutofit/>" if cell.autofit else "<a:noAutofit/>"
        xml = (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{_attr(name)}"/>'
            '<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
            f'<a:off x="{_emu(left)}" y="{_emu(top)}"/><a:ext cx="{_emu(width)}" cy="{_emu(height)}"/>'
            f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}{line}</p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" lIns="{inset}" tIns="{inset}" rIns="{inset}" '
            f'bIns="{inset}" anchor="t">{autofit}</a:bodyPr><a:lstStyle/>'
            f"{self._paragraphs_xml(cell.paras, size, family=True)}</p:txBody></p:sp>"
        )
        if written and not _NOT_XML.search(name):
            part.boxes.append(xml)
            return
        # a name lxml refuses raises here, as it always did
        slide.shapes._spTree.append(_parsed(f"<p:spTree {NSDECLS}>{xml}</p:spTree>")[0])

    def _paragraphs(self, paras: Sequence[Para], size: float, *, family: bool) -> list[Any]:
        """``a:p`` elements for the paragraphs: sizes, styles, colours and the language on every run."""
        from pptx.oxml import parse_xml

        return list(
            parse_xml(f"<a:txBody {NSDECLS}>{self._paragraphs_xml(paras, size, family=family)}</a:txBody>")
        )

    def _paragraphs_xml(self, paras: Sequence[Para], size: float, *, family: bool) -> str:
        tag = _attr(self.tag)
        if not paras:
            return f'<a:p><a:endParaRPr lang="{tag}" sz="{round(size * 100)}"/></a:p>'
        out = []
        latin = f'<a:latin typeface="{FAMILY}"/>' if family else ""
        for i, para in enumerate(paras):
            out.append(f'<a:p><a:pPr algn="{"ctr" if para.centre else "l"}"')
            if i < len(paras) - 1:
                out.append(f'><a:spcAft><a:spcPts val="{round(size * GAP * 100)}"/></a:spcAft></a:pPr>')
            else:
                out.append("/>")
            points = round(Metrics.points(para, size) * 100)
            colour = _srgb(para.colour)
            for text, style in para.runs:
                bold, italic = "1" if "B" in style else "0", "1" if "I" in style else "0"
                out.append(
                    f'<a:r><a:rPr lang="{tag}" sz="{points}" b="{bold}" i="{italic}">'
                    f"<a:solidFill>{colour}</a:solidFill>{latin}</a:rPr><a:t>{_text(clean(text))}</a:t></a:r>"
                )
            out.append("</a:p>")
        return "".join(out)

    def _fill_frame(self, frame: Any, paras: Sequence[Para], size: float, *, family: bool = True) -> None:
        body = frame._txBody
        for p in body.findall(f"{_ANS}p"):
            body.remove(p)
        for p in self._paragraphs(paras, size, family=family):
            body.append(p)

    def grid(
        self,
        title: str,
        grid: Grid,
        *,
        notes: Sequence[str] = (),
        region: Callable[[Region], Region] = lambda r: r,
        first: tuple[Any, Region] | None = None,
    ) -> list[Any]:
        """The grid on as many slides as it needs; continuation slides say so in their title."""
        probe = self.slide_region()
        area = region(probe)
        grid = scaled_grid(grid, area.width)
        pages = paginate(
            grid, self.m, area.height, lambda text: self.loc.text("document.continued", title=text)
        )
        slides = []
        for n, page in enumerate(pages):
            if n == 0 and first is not None:
                slide, full = first
            else:
                heading = title if n == 0 else self.loc.text("document.continued", title=title)
                slide, full = self.slide("content", heading, notes)
            self.place(slide, grid, page, region(full) if n == 0 else full)
            slides.append(slide)
        return slides

    def slide_region(self) -> Region:
        top = (7 + 18 + 3) if self._is_default else self._title_bottom() + 3
        return Region(self.margin, top, self.width - 2 * self.margin, self.height - top - self.margin * 0.8)

    def _title_bottom(self) -> float:
        layout: Any = self.layouts["content"]
        ph: Any = next(p for p in layout.placeholders if is_title(p))
        return float((ph.top + ph.height) / 36000)

    def place(self, slide: Any, grid: Grid, page: Page, area: Region) -> None:
        m, size = self.m, page.size
        y = area.top
        scale = area.width / sum(grid.widths)
        for header in grid.headers:
            h = max(m.cell_height(c, w, size) for c, w in header)
            x = area.left
            for cell, w in header:
                self.box(slide, cell, x, y, w * scale - CELL_GAP, h, size)
                x += w * scale
            y += h + CELL_GAP
        heights = [grid.row_height(m, row, size) for row in page.rows]
        if grid.stretch and heights:
            spare = area.top + area.height - y - sum(h + CELL_GAP for h in heights)
            heights = [h + max(spare, 0) / len(heights) for h in heights]
        for row, h in zip(page.rows, heights, strict=True):
            x = area.left
            for cell, w in zip(row.cells, grid.widths, strict=True):
                if cell.paras or cell.fill is not None or cell.border is not None or cell.name:
                    self.box(slide, cell, x, y, w * scale - CELL_GAP, h, size)
                x += w * scale
            y += h + CELL_GAP

    def save(self) -> bytes:
        """The package, zipped once: python-pptx's parts taken as they are (no zip written and read
        back), the font embedded and the whole scrubbed in place; what every deck shares (masters,
        layouts, theme, fonts) is scrubbed and compressed once per process."""
        parts = _package_parts(self.prs, {} if self._opened is None else self._opened.shared)
        if self._default:  # the font the boxes were fitted with travels with the deck
            embed_in_pptx_parts(parts)
        written = {name for name, body in parts.items() if isinstance(body, Written)}
        return scrub_parts(parts, title=self.doc_title, language=self.tag, reuse=_shared_part, clean=written)


# Parts that are the same in every deck from one template: kept scrubbed and compressed per process.
_SHARED_PARTS = re.compile(
    r"ppt/(slideLayouts|slideMasters|notesMasters|theme|fonts)/|ppt/(presProps|viewProps|tableStyles)\.xml$"
)


def _shared_part(name: str) -> bool:
    return _SHARED_PARTS.match(name) is not None


def _package_parts(prs: Any, shared: Mapping[Any, tuple[bytes, bytes | None]]) -> dict[str, bytes]:
    """The parts python-pptx would zip on ``save``, by name, in its order: the content types, the
    package relationships, then each part and its relationships; those of the ``shared`` parts as
    kept (see :class:`.parts.Opened`)."""
    package = prs.part.package
    parts = tuple(package.iter_parts())
    found = {"[Content_Types].xml": content_types_xml(parts), "_rels/.rels": rels_xml(package._rels)}
    for part in parts:
        kept = shared.get(part)
        if kept is not None:
            found[part.partname[1:]], rels = kept
            if rels is not None:
                found[part.partname.rels_uri[1:]] = rels
            continue
        found[part.partname[1:]] = part.blob
        if part._rels:
            found[part.partname.rels_uri[1:]] = rels_xml(part._rels)
    return found


#: The packaged default template, shipped ready-made (tools/default_template.py writes it from
#: :func:`make_default_template`; tests/test_reflector.py checks they still agree).
DEFAULT_TEMPLATE = Path(__file__).with_name("default-template.pptx")


@functools.cache
def _default_template() -> bytes:
    """The packaged default template's bytes, once per process: read from the package (making it
    with python-pptx costs a fresh process about a tenth of a second), made if it is missing."""
    if DEFAULT_TEMPLATE.is_file():
        return DEFAULT_TEMPLATE.read_bytes()
    return make_default_template()


@functools.cache
def _default_opened() -> Opened:
    """The packaged default template as python-pptx opens it, once per process (each deck copies it)."""
    from pptx import Presentation

    return Opened(Presentation(io.BytesIO(_default_template())))


def make_default_template() -> bytes:
    """python-pptx's default is 4:3; the packaged default is 16:9, its master and layouts widened."""
    from pptx import Presentation
    from pptx.util import Mm

    prs = Presentation()
    old = prs.slide_width or 1
    prs.slide_width, prs.slide_height = Mm(338.667), Mm(190.5)
    factor = prs.slide_width / old
    for holder in (prs.slide_master, *prs.slide_layouts):
        for shape in holder.shapes:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = int(shape.left * factor), int(shape.width * factor)
    out = io.BytesIO()
    prs.save(out)
    # python-pptx stamps each zip entry with the time of saving: the parts rezipped as they are,
    # in its order, with a fixed time, so the same code and python-pptx make the same bytes.
    stable = io.BytesIO()
    with zipfile.ZipFile(out) as made, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in made.infolist():
            entry = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, made.read(info))
    return stable.getvalue()


def is_title(placeholder: Any) -> bool:
    from pptx.enum.shapes import PP_PLACEHOLDER

    return placeholder.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


# Per process, by template content (and role, layout, default or not): a blank slide as serialised,
# its title's index in the shape tree, the title's size and the top of the region below it (mm),
# and its text cut for slides written as text (None if it does not read back as written).
_BLANK_SLIDES: dict[
    tuple[bytes, bool, str, str], tuple[bytes, int, tuple[float, float], float, Blank | None]
] = {}
_BLANK_NOTES: dict[bytes, tuple[bytes, Blank | None]] = {}  # a first notes page before its text
# What lxml refuses in an attribute written by _attr: such a box is parsed, raising as before
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ANS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_NUMBER = re.compile(r"\d+")
_MAX_SLIDE_ID = 2147483647  # python-pptx searches for a free id past it
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = dict.fromkeys([*range(9), *range(10, 32), 0x7F, 0xFFFE, 0xFFFF], " ")


def _emu(mm: float) -> int:
    return round(mm * 36000)


_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;",
                       "\r": "&#13;"})  # fmt: skip


def _parsed(xml: str) -> Any:
    """The markup as python-pptx's elements; an empty run's text is "" (written ``<a:t></a:t>``,
    as setting it does), not absent."""
    from pptx.oxml import parse_xml

    root = parse_xml(xml)
    if "<a:t></a:t>" in xml:
        for t in root.iter(f"{_ANS}t"):
            if t.text is None:
                t.text = ""
    return root


def _attr(value: str) -> str:
    """An attribute value as markup (the parser reads back exactly ``value``)."""
    return value.translate(_ATTR)


def _text(value: str) -> str:
    return value.translate(TEXT_ESCAPES)


def _srgb(colour: RGB) -> str:
    return '<a:srgbClr val="{:02X}{:02X}{:02X}"/>'.format(*colour)


def clean(text: str) -> str:
    """Text as a box can hold it: line breaks and control characters (not allowed in XML) as spaces,
    lone surrogates (not text at all) as the replacement character."""
    return _SURROGATE.sub("\ufffd", text.translate(_CONTROL))


def _rgb(colour: RGB) -> Any:
    from pptx.dml.color import RGBColor

    factory: Any = RGBColor
    return factory(*colour)


def subtitle_placeholder(slide: Any) -> Any:
    from pptx.enum.shapes import PP_PLACEHOLDER

    for ph in slide.placeholders:
        if ph.placeholder_format.type in (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY):
            return ph
    return None


def fit_into(deck: Deck, shape: Any, paras: Sequence[Para]) -> None:
    if shape is None:
        return
    width, height = shape.width / 36000, shape.height / 36000
    cell = Cell(tuple(paras))
    size = largest_size(
        lambda s: deck.m.cell_height(cell, width, s) <= height and deck.m.words_fit(cell, width, s),
        20.0,
        SMALLEST,
    )
    frame = shape.text_frame
    frame.word_wrap = True
    inset = deck.Mm(INSET)
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = inset
    deck._fill_frame(frame, paras, size or SMALLEST)


def hex_rgb(colour: str) -> RGB:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def draw_chart(deck: Deck, slide: Any, chart: Chart, area: Region, name: str) -> None:
    """A content chart as a native, editable chart: its title and alt text, the measured font and
    the language tag on its text, the value axis on the chart's range, the series in their colours
    (written by :mod:`desistkit.export.deck.charts`)."""
    from desistkit.export.deck.charts import draw

    draw(deck, slide, chart, area, name)
