"""The printed DesistKit guide for caseworkers: a PDF to print (A4, or an A5 booklet) and a Word
document an organisation can edit.

What the guide says is decided once in :mod:`desistkit.export.guide_content`; this module draws it.

* PDF (fpdf2): the bundled font embedded and subset; every heading is a PDF bookmark (outline) and
  a structure element; the document's title and language are set, nothing else (no author, fixed
  dates); a printed table of contents with page numbers. ``a4``: A4 pages. ``a5``: an A5 booklet,
  A5 pages in reading order whose number is padded with ruled notes pages to a multiple of 4, so that
  a printer's booklet function (or a print shop) can put four pages on each folded A4 sheet.
* DOCX (python-docx): real Title and Heading 1-3 styles (Word's navigation pane and a table of
  contents read them), list styles, the document language in the style defaults, soft hyphens,
  the font embedded; A4 or A5 page size (Word paginates it itself, so no padding).

Running text gets soft hyphens by the language's patterns; headings and factor names never break
inside a word.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, PageMode, XPos, YPos
from fpdf.fonts import TextStyle

from desistkit.core.catalogue import Catalogue
from desistkit.export._fonts import close_fonts, start_pdf
from desistkit.export._hyphen import hyphenate
from desistkit.export.guide_content import (
    Bullets,
    FactorPage,
    GuideContent,
    Para,
    Section,
    Subheading,
    guide_content,
)
from desistkit.i18n.localizer import Localizer

__all__ = ["GUIDE_SIZES", "GuideSize", "guide_docx", "guide_pdf"]

BULLET = "•"
INK = (35, 35, 35)
GREY = (95, 95, 95)
LINE_HEIGHT = 1.4  # of the font size, for running text
PT = 25.4 / 72  # mm per point
HEADINGS = (19.0, 15.0, 12.0)  # pt on A4, by outline level
ROOM = 0.4  # of the text height: a factor that does not fit in less room left starts a new page
KEEP = 4  # lines: a paragraph or list item this short is never split across two pages


@attrs.frozen
class GuideSize:
    """A page size of the guide in millimetres: the text area is inside ``side``, ``top`` and
    ``bottom``; the page number sits in the bottom margin, ``footer`` above the page's edge."""

    name: str
    width: float
    height: float
    side: float
    top: float
    bottom: float
    footer: float
    body: float  # running text, pt
    booklet: bool  # pad the page count to a multiple of 4

    @property
    def scale(self) -> float:
        """Heading sizes relative to A4."""
        return self.body / 10.5


GUIDE_SIZES = {
    "a4": GuideSize(
        "a4", 210.0, 297.0, side=22.0, top=20.0, bottom=22.0, footer=11.0, body=10.5, booklet=False
    ),
    "a5": GuideSize("a5", 148.0, 210.0, side=15.0, top=15.0, bottom=17.0, footer=8.0, body=9.5, booklet=True),
}
"""The guide's page sizes by name: ``a4`` (single pages) and ``a5`` (a booklet)."""


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


# --- PDF -----------------------------------------------------------------------------------------


def guide_pdf(localizer: Localizer, *, size: str = "a4", catalogue: Catalogue | None = None) -> bytes:
    """The guide as a print-ready PDF in the localizer's language.

    Args:
        localizer: The guide's language.
        size: ``a4`` or ``a5`` (an A5 booklet: the page count a multiple of 4).
        catalogue: An organisation's catalogue, whose factors the guide describes; default the
            built-in one.
    """
    if size not in GUIDE_SIZES:
        raise ValueError(f"size must be one of {', '.join(GUIDE_SIZES)}, got {size!r}")
    writer = _PdfGuide(guide_content(localizer, catalogue), GUIDE_SIZES[size])
    try:
        writer.draw()
        return bytes(writer.pdf.output())
    finally:
        close_fonts(writer.pdf)


class _Pages(FPDF):
    """fpdf2's document, with the page number in the bottom margin of every page but the cover."""

    def __init__(self, size: GuideSize) -> None:
        super().__init__(unit="mm", format=(size.width, size.height))
        self.guide_size = size
        self.numbered = False

    def footer(self) -> None:
        if not self.numbered:
            return
        s = self.guide_size
        points = s.body * 0.85
        self.set_font("DejaVu", "", points)
        self.set_text_color(*GREY)
        self.set_y(s.height - s.footer - points * PT * LINE_HEIGHT)
        self.cell(self.epw, points * PT * LINE_HEIGHT, str(self.page_no()), align=Align.C)


class _PdfGuide:
    """Draws the guide's content on fpdf2 pages, top to bottom."""

    def __init__(self, content: GuideContent, size: GuideSize) -> None:
        self.content, self.size = content, size
        self.pdf = pdf = _Pages(size)
        pdf.set_margins(size.side, size.top, size.side)
        pdf.set_auto_page_break(True, margin=size.bottom)
        pdf.c_margin = 0
        start_pdf(pdf, title=f"{content.title}: {content.subtitle}", lang=content.tag)
        pdf.page_mode = PageMode.USE_OUTLINES
        k = size.scale
        pdf.set_section_title_styles(  # headings are drawn by start_section: bookmark + structure
            TextStyle("DejaVu", "B", HEADINGS[0] * k, INK, t_margin=0, l_margin=0, b_margin=4 * k),
            TextStyle("DejaVu", "B", HEADINGS[1] * k, INK, t_margin=2 * k, l_margin=0, b_margin=3 * k),
            TextStyle("DejaVu", "B", HEADINGS[2] * k, INK, t_margin=1.5 * k, l_margin=0, b_margin=1.5 * k),
        )

    def draw(self) -> None:
        pdf, s = self.pdf, self.size
        self.cover()
        pdf.numbered = True
        pdf.add_page()
        entries = [(s.level, s.heading) for s in self.content.sections if s.level <= 1]
        entries += [(1, b.text) for s in self.content.sections if s.level == 0 for b in s.blocks
                    if isinstance(b, Subheading)]  # fmt: skip
        height = sum(self.toc_entry_height(level, text) for level, text in entries)
        pages = math.ceil((height + self.toc_title_height()) / pdf.eph)
        pdf.insert_toc_placeholder(self.toc, pages=pages, reset_page_indices=False)
        for section in self.content.sections:
            self.section(section)
        if s.booklet:
            while pdf.page % 4:
                self.notes_page()

    # -- text --

    def font(self, style: str = "", points: float | None = None, colour: tuple[int, int, int] = INK) -> None:
        self.pdf.set_font("DejaVu", style, points or self.size.body)
        self.pdf.set_text_color(*colour)

    def line(self, points: float | None = None) -> float:
        return (points or self.pdf.font_size_pt) * PT * LINE_HEIGHT

    def gap(self) -> float:
        return self.size.body * PT * 0.6

    def hang(self) -> float:
        return self.size.body * PT * 1.4

    def hyphenated(self, text: str) -> str:
        return hyphenate(text, self.content.tag)

    def height(self, text: str, width: float) -> float:
        """The height of a paragraph in the current font, as :meth:`paragraph` sets it."""
        found = self.pdf.multi_cell(
            width, self.line(), text, align=Align.L, dry_run=True, output=MethodReturnValue.HEIGHT
        )
        assert isinstance(found, float | int)
        return float(found)

    def fits(self, height: float) -> bool:
        return self.pdf.y + height <= self.pdf.page_break_trigger

    def paragraph(self, text: str, *, indent: float = 0.0) -> None:
        """Running text, ragged right; a paragraph of up to ``KEEP`` lines is not split."""
        pdf = self.pdf
        width = pdf.epw - indent
        height = self.height(text, width)
        if not self.fits(height) and height <= KEEP * self.line() + 0.01:
            pdf.add_page()
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width, self.line(), text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str, level: int) -> None:
        """A heading that is a bookmark and a structure element, kept with a few lines after it."""
        self.font("B", HEADINGS[level] * self.size.scale)
        if not self.fits(self.height(text, self.pdf.epw) + 4 * self.line(self.size.body)):
            self.pdf.add_page()
        self.pdf.start_section(text, level=level, strict=False)

    def bullets(self, items: Sequence[str]) -> None:
        pdf = self.pdf
        self.font()
        for item in items:
            text = self.hyphenated(item)
            height = self.height(text, pdf.epw - self.hang())
            if not self.fits(height) and height <= KEEP * self.line() + 0.01:
                pdf.add_page()  # the bullet goes with its item
            pdf.set_x(pdf.l_margin)
            pdf.cell(self.hang(), self.line(), BULLET)
            self.paragraph(text, indent=self.hang())
            pdf.ln(self.gap() / 2)
        pdf.ln(self.gap() / 2)

    def blocks(self, blocks: Sequence[Para | Subheading | Bullets], *, level: int, style: str = "") -> None:
        for block in blocks:
            if isinstance(block, Subheading):
                self.heading(block.text, level + 1)
            elif isinstance(block, Bullets):
                self.bullets(block.items)
            else:
                if block.lead:
                    self.font("B")
                    if not self.fits(3 * self.line()):
                        self.pdf.add_page()
                    self.paragraph(block.lead)
                self.font(style)
                self.paragraph(self.hyphenated(block.text))
                self.pdf.ln(self.gap())

    # -- pages --

    def cover(self) -> None:
        pdf, s, content = self.pdf, self.size, self.content
        pdf.add_page()
        top = s.height * 0.36
        band = top / max(len(content.colours), 1)
        for i, colour in enumerate(content.colours):  # one strip per category, edge to edge
            pdf.set_fill_color(*_rgb(colour))
            pdf.rect(0, i * band, s.width, band, style="F")
        pdf.set_y(top + 18 * s.scale)
        self.font("B", 34 * s.scale)
        pdf.multi_cell(pdf.epw, self.line() * 0.85, content.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4 * s.scale)
        self.font("", 16 * s.scale, GREY)
        pdf.multi_cell(
            pdf.epw, self.line(), content.subtitle, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        note = self.hyphenated(content.cover_note)
        self.font("", s.body * 0.9, GREY)
        pdf.set_auto_page_break(False)  # the note ends on the text area's last line, not past it
        pdf.set_y(s.height - s.bottom - self.height(note, pdf.epw))
        self.paragraph(note)
        pdf.set_auto_page_break(True, margin=s.bottom)

    def toc_title_height(self) -> float:
        self.font("B", HEADINGS[0] * self.size.scale)
        return self.height(self.content.contents, self.pdf.epw) + 4 * self.size.scale

    def toc_entry_height(self, level: int, text: str) -> float:
        """An entry's height on the contents page: its lines, wrapped before the page number."""
        self.font("B" if level == 0 else "")
        return self.height(text, self.toc_width(level)) + self.toc_gap()

    def toc_width(self, level: int) -> float:
        return self.pdf.epw - 6 * self.size.scale * level - 12 * self.size.scale

    def toc_gap(self) -> float:
        return self.size.body * PT * 0.55

    def toc(self, pdf: Any, outline: Sequence[Any]) -> None:
        """The table of contents (fpdf2 calls it at the end, when the page numbers are known):
        the sections and categories, each linked to its page, the number on its last line."""
        s = self.size
        pdf.set_xy(s.side, s.top)
        self.font("B", HEADINGS[0] * s.scale)
        pdf.multi_cell(pdf.epw, self.line(), self.content.contents, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4 * s.scale)
        for entry in outline:
            if entry.level > 1:
                continue
            if not self.fits(self.toc_entry_height(entry.level, entry.name)):
                pdf.add_page()
            link = pdf.add_link(page=entry.page_number)
            pdf.set_x(s.side + 6 * s.scale * entry.level)
            pdf.multi_cell(
                self.toc_width(entry.level), self.line(), entry.name, align=Align.L, link=link,
                new_x=XPos.LMARGIN, new_y=YPos.NEXT,
            )  # fmt: skip
            number_w = 12 * s.scale
            pdf.set_xy(s.side + pdf.epw - number_w, pdf.y - self.line())
            pdf.cell(
                number_w, self.line(), str(entry.page_number), align=Align.R, link=link,
                new_x=XPos.LMARGIN, new_y=YPos.NEXT,
            )  # fmt: skip
            pdf.ln(self.toc_gap())

    def section(self, section: Section) -> None:
        pdf, k = self.pdf, self.size.scale
        if section.key == "factors" or section.colour is not None:
            pdf.add_page()  # the factor pages, and each category, start on a page of their own
        if section.colour is not None:
            pdf.set_fill_color(*_rgb(section.colour))
            pdf.rect(pdf.l_margin, pdf.y, pdf.epw, 2.5 * k, style="F")
            pdf.ln(5 * k)
        self.heading(section.heading, section.level)
        self.blocks(section.blocks, level=section.level, style="I" if section.colour else "")
        for factor in section.factors:
            self.factor(factor, section.colour)
        if section.level == 0 and section.key != "factors":
            pdf.ln(self.gap() * 2)

    def factor(self, factor: FactorPage, colour: str | None) -> None:
        """One factor: name, description and card questions. It starts on the next page where it
        would not fit and less than ``ROOM`` of the page is left; with more room left it flows on
        (in a booklet the next page faces this one), its label kept with the first question."""
        pdf, label = self.pdf, self.content.questions_label
        description = self.hyphenated(factor.description)
        questions = [self.hyphenated(q) for q in factor.questions]
        self.font("B", HEADINGS[2] * self.size.scale)
        needed = self.height(factor.name, pdf.epw) + 3 * self.gap()
        self.font()
        needed += self.height(description, pdf.epw) + self.line() + 2 * self.gap()
        needed += sum(self.height(q, pdf.epw - self.hang()) + self.gap() / 2 for q in questions)
        if not self.fits(needed) and needed < pdf.eph and pdf.page_break_trigger - pdf.y < ROOM * pdf.eph:
            pdf.add_page()
        self.heading(factor.name, 2)
        self.font()
        self.paragraph(description)
        pdf.ln(self.gap())
        self.font()
        first = self.height(questions[0], pdf.epw - self.hang()) if questions else 0.0
        if not self.fits(self.line() * 0.85 + self.gap() / 2 + first):
            pdf.add_page()
        self.font("B", self.size.body * 0.85, _rgb(colour) if colour else GREY)
        self.paragraph(label)
        pdf.ln(self.gap() / 2)
        self.bullets(factor.questions)
        pdf.ln(self.gap())

    def notes_page(self) -> None:
        """A ruled page for the reader's notes (an A5 booklet's pages are a multiple of 4)."""
        pdf, k = self.pdf, self.size.scale
        pdf.add_page()
        self.font("B", HEADINGS[2] * k, GREY)
        pdf.multi_cell(pdf.epw, self.line(), self.content.notes_label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(190, 190, 190)
        pdf.set_line_width(0.2)
        y = pdf.y + 8 * k
        while y < pdf.page_break_trigger:
            pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
            y += 8 * k


# --- DOCX ----------------------------------------------------------------------------------------


def guide_docx(localizer: Localizer, *, size: str = "a4", catalogue: Catalogue | None = None) -> bytes:
    """The guide as an editable Word document in the localizer's language.

    Args:
        localizer: The guide's language.
        size: ``a4`` or ``a5``: the page size (Word paginates; there is no padding).
        catalogue: An organisation's catalogue, whose factors the guide describes; default the
            built-in one.
    """
    import docx
    from docx.shared import Mm, Pt

    from desistkit.export import _docx
    from desistkit.export.summary import _packaged_page, _set_language, _typeset

    if size not in GUIDE_SIZES:
        raise ValueError(f"size must be one of {', '.join(GUIDE_SIZES)}, got {size!r}")
    page = GUIDE_SIZES[size]
    content = guide_content(localizer, catalogue)
    document: Any = docx.Document()
    _packaged_page(document)
    for section in document.sections:
        section.page_width, section.page_height = Mm(page.width), Mm(page.height)
        section.left_margin = section.right_margin = Mm(page.side)
        section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    document.styles["Normal"].font.size = Pt(page.body)
    _set_language(document, content.tag)
    _docx.heading(document, content.title, 0)
    _docx.paragraph(document, content.subtitle, "Subtitle")
    document.add_paragraph(content.cover_note)
    document.add_page_break()  # the cover is a page of its own, as in the PDF
    for part in content.sections:
        if part.key == "factors" or part.colour is not None:
            document.add_page_break()
        _docx.heading(document, part.heading, part.level + 1)
        for block in part.blocks:
            _docx_block(document, block, part.level + 2, italic=part.colour is not None)
        for factor in part.factors:
            _docx.heading(document, factor.name, 3)
            document.add_paragraph(factor.description)
            label = document.add_paragraph()
            label.add_run(content.questions_label).bold = True
            label.paragraph_format.keep_with_next = True
            for question in factor.questions:
                _docx.paragraph(document, question, "List Bullet")
    _typeset(document, content.tag, frozenset())
    return _docx.finish(document, title=f"{content.title}: {content.subtitle}", language=content.tag)


def _docx_block(document: Any, block: Para | Subheading | Bullets, level: int, *, italic: bool) -> None:
    from desistkit.export import _docx

    if isinstance(block, Subheading):
        _docx.heading(document, block.text, level)
    elif isinstance(block, Bullets):
        for item in block.items:
            _docx.paragraph(document, item, "List Bullet")
    else:
        if block.lead:
            lead = document.add_paragraph()
            lead.add_run(block.lead).bold = True
            lead.paragraph_format.keep_with_next = True
        paragraph = document.add_paragraph()
        paragraph.add_run(block.text).italic = italic
