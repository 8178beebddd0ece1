"""The client's consent sheet: who might receive something, what they would see, and tick boxes.

What the sheet says comes from [consent_sheet][desistkit.sharing.consent_sheet], which reads it off
the sharing policy that :func:`~desistkit.share` applies, so the sheet cannot promise what a later
export does not keep. Here it is put into sentences, in one language or two (each sentence in the
first language, then in the second in italics, as on the DesistCards), and drawn as a PDF (fpdf2:
large type, bundled font embedded, bookmarks for the headings, document language set) or a Word
document (python-docx: real headings, a table with a header row).

The sheet carries no personal data: the case appears only under its reference (the pseudonymous case
code); the document's metadata names neither the case nor a library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.export._fonts import close_fonts, start_pdf
from desistkit.export._hyphen import hyphenate
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import Line, Policy, SharedCase, consent_sheet, require_shared

__all__ = ["BODY_PT", "BOX", "consent_sheet_docx", "consent_sheet_pdf", "sheet_blocks"]

BODY_PT = 12.0  # large type for a reader with little reading practice (the brief: at least 12 pt)
BOX = "☐"  # a tick box: a glyph of the bundled font, so that it prints, copies and reads as text
DASH = "–"
COLUMNS = 4  # audiences per table: more would leave a column header too narrow at body size
CELL = 27.0  # mm: the width of a column of tick boxes
GREY = (85, 85, 85)

Text = tuple[tuple[str, str], ...]
"""One sentence in each language: (text, language tag), the first language first."""


@attrs.frozen
class Block:
    """A piece of the sheet: ``kind`` is title, heading, subheading, paragraph, bullet, legal,
    table, lines (signature lines) or page (a page break); ``text`` its sentence in each language; a table has
    ``header`` and ``rows`` (cells of sentences)."""

    kind: str
    text: Text = ()
    header: tuple[Text, ...] = ()
    rows: tuple[tuple[Text, ...], ...] = ()


def sheet_blocks(
    shared: SharedCase,
    localizer: Localizer,
    *,
    second: Localizer | None = None,
    audiences: Sequence[str] = (),
    policy: Policy | None = None,
    legal_text: str | None = None,
    expires: dt.date | None = None,
    catalogue: Catalogue | None = None,
) -> list[Block]:
    """The sheet in words, document-neutral: the PDF and the Word document draw the same blocks."""
    shared = require_shared(shared)
    cat = catalogue or default_catalogue()
    sheet = consent_sheet(shared.case, policy=policy, audiences=audiences, catalogue=cat)
    langs = [localizer, *([second] if second else [])]
    names = {id(loc): loc.catalogue(cat) for loc in langs}

    def say(key: str, per: Callable[[Localizer], dict[str, str]] | None = None, **fixed: Any) -> Text:
        """A label in each language; ``fixed`` fields are the same in every language, ``per``
        gives those that are not (dates, factor names)."""
        return tuple((loc.text(key, **fixed, **(per(loc) if per else {})), loc.tag) for loc in langs)

    def line(item: Line) -> Text:
        return say(f"consent.{item.key}", None, **item.fields)

    blocks = [
        Block("title", say("consent.title")),
        Block("paragraph", say("consent.case", reference=sheet.reference)),
        Block("paragraph", say("consent.intro")),
        Block("heading", say("consent.who_heading")),
    ]
    if sheet.common:
        blocks.append(
            Block("paragraph", say("consent.all_groups" if len(sheet.audiences) > 1 else "consent.would_see"))
        )
        blocks += [Block("bullet", line(s)) for s in sheet.common]
    for a in sheet.audiences:
        key = a.name.replace("-", "_")
        about = say(f"consent.about.{key}") if a.described else say("consent.about_other", name=a.name)
        blocks.append(Block("subheading", about))
        if a.purpose_described:
            blocks.append(Block("paragraph", say(f"consent.purpose.{a.purpose.replace('-', '_')}")))
        else:
            blocks.append(Block("paragraph", say("consent.purpose_other", purpose=a.purpose)))
        sees, not_sees = sheet.specific(a)
        if sees:
            blocks.append(Block("paragraph", say("consent.would_see")))
            blocks += [Block("bullet", line(s)) for s in sees]
        if not_sees:
            blocks.append(Block("paragraph", say("consent.would_not_see")))
            blocks += [Block("bullet", line(s)) for s in not_sees]
    blocks.append(Block("heading", say("consent.never_heading")))
    blocks += [Block("bullet", line(s)) for s in sheet.never]
    blocks.append(Block("heading", say("consent.legal_heading")))
    if legal_text and legal_text.strip():
        blocks.append(Block("paragraph", say("consent.legal_given")))
        for part in (p.strip() for p in legal_text.replace("\r\n", "\n").split("\n\n")):
            if part:  # the organisation's own words, in the sheet's first language
                blocks.append(Block("legal", ((" ".join(part.split()), localizer.tag),)))
        if second:
            blocks.append(Block("paragraph", ((second.text("consent.legal_other_language"), second.tag),)))
    else:
        blocks.append(Block("paragraph", say("consent.legal_ask")))
    blocks.append(Block("heading", say("consent.duration_heading")))
    if expires is not None:
        blocks.append(
            Block(
                "paragraph",
                say("consent.duration_until", lambda loc: {"date": loc.format_date(expires, "long")}),
            )
        )
    else:
        blocks.append(Block("paragraph", say("consent.duration_open")))
    blocks += [Block("paragraph", say("consent.withdraw")), Block("paragraph", say("consent.choice"))]
    # The choices start a page of their own: two pages to read together, one to tick and sign.
    blocks += [Block("page"), Block("heading", say("consent.choices_heading"))]
    blocks.append(Block("paragraph", say("consent.choices_intro")))
    # What each area of life holds, at full width above the table (in a column it would take a page).
    blocks += [
        Block("bullet", _area(row.category, row.addressed, langs, names))
        for row in sheet.rows
        if row.category
    ]
    for start in range(0, len(sheet.audiences), COLUMNS):
        group = sheet.audiences[start : start + COLUMNS]
        header = (say("consent.row_header"), *(_short(a.name, langs) for a in group))
        rows = []
        for row in sheet.rows:
            label = _row_label(row.category, row.topic, langs, names)
            rows.append((label, *(((BOX if row.id in a.rows else DASH, langs[0].tag),) for a in group)))
        blocks.append(Block("table", say("consent.table_caption"), header=header, rows=tuple(rows)))
    if any(row.id not in a.rows for a in sheet.audiences for row in sheet.rows):
        blocks.append(Block("paragraph", say("consent.dash")))
    # Lines to write on, two to a row: the date beside each signature.
    fields = [*([] if expires else [("consent.valid_until",)]), ("consent.date", "consent.signature_client"),
              ("consent.date", "consent.signature_caseworker")]  # fmt: skip
    blocks.append(Block("lines", rows=tuple(tuple(say(f) for f in row) for row in fields)))
    return blocks


def _short(name: str, langs: Sequence[Localizer]) -> Text:
    key = f"consent.short.{name.replace('-', '_')}"
    if name in ("case-conference", "security", "research", "handover"):
        return tuple((loc.text(key), loc.tag) for loc in langs)
    return tuple((name, loc.tag) for loc in langs[:1])


def _row_label(
    category: str | None, topic: str | None, langs: Sequence[Localizer], names: dict[int, Catalogue]
) -> Text:
    """A row's name in each language: an area of life (a category) or a topic."""
    return tuple(
        (names[id(loc)].category(category).name if category else loc.text(f"consent.row.{topic}"), loc.tag)
        for loc in langs
    )


def _area(category: str | None, addressed: Sequence[str], langs: Sequence[Localizer],
          names: dict[int, Catalogue]) -> Text:  # fmt: skip
    """An area of life and what the case has addressed in it so far, in each language."""
    out: list[tuple[str, str]] = []
    for loc in langs:
        cat = names[id(loc)]
        if addressed:
            detail = loc.text(
                "consent.talked_about", areas=loc.format_list([cat.factor(f).name for f in addressed])
            )
        else:
            detail = loc.text("consent.talked_none")
        out.append((f"{cat.category(str(category)).name}: {detail}", loc.tag))
    return tuple(out)


# --- PDF -----------------------------------------------------------------------------------------

MARGIN = 15.0  # mm
A4 = (210.0, 297.0)
_SIZES = {"title": 18.0, "heading": 15.0, "subheading": BODY_PT}
LEADING = 1.2


def consent_sheet_pdf(blocks: Sequence[Block], localizer: Localizer) -> bytes:
    """The sheet as a PDF: A4, 15 mm margins, 12 pt body, the bundled font embedded and subset."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos
    from fpdf.fonts import FontFace, TextStyle

    pdf = FPDF(unit="mm", format=A4)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    pdf.c_margin = 0
    start_pdf(pdf, title=localizer.text("consent.title"), lang=localizer.tag)
    pdf.set_display_mode("fullwidth")
    pdf.set_section_title_styles(
        TextStyle("DejaVu", "B", _SIZES["title"], t_margin=0, b_margin=3),
        TextStyle("DejaVu", "B", _SIZES["heading"], t_margin=5, b_margin=2),
    )
    pdf.add_page()
    pdf.set_font("DejaVu", "", BODY_PT)
    pt = 0.3528  # mm per point

    def write(text: str, tag: str, style: str, size: float, indent: float = 0.0) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_x(MARGIN + indent)
        pdf.multi_cell(pdf.epw - indent, size * pt * LEADING, hyphenate(text, tag), new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)  # fmt: skip

    def sentence(text: Text, style: str = "", size: float = BODY_PT, indent: float = 0.0) -> None:
        for i, (words, tag) in enumerate(text):
            pdf.set_text_color(*((20, 20, 20) if i == 0 else GREY))
            write(words, tag, style if i == 0 else "I", size, indent)

    for block in blocks:
        if block.kind in ("title", "heading"):
            level = 0 if block.kind == "title" else 1
            pdf.set_text_color(20, 20, 20)
            pdf.start_section(block.text[0][0], level=level)
            for words, tag in block.text[1:]:
                pdf.set_text_color(*GREY)
                write(words, tag, "I", _SIZES[block.kind] * 0.8)
            pdf.ln(1)
        elif block.kind == "page":
            if pdf.get_y() > A4[1] / 2:
                pdf.add_page()  # the choices start a page of their own unless this one has room
        elif block.kind == "subheading":
            pdf.ln(2)
            sentence(block.text, "B")
        elif block.kind == "bullet":
            if pdf.will_page_break(BODY_PT * pt * LEADING):
                pdf.add_page()  # the bullet and its first line on the same page
            y = pdf.get_y()
            pdf.set_font("DejaVu", "", BODY_PT)
            pdf.set_text_color(20, 20, 20)
            pdf.set_xy(MARGIN + 2, y)
            pdf.cell(4, BODY_PT * pt * LEADING, "•")
            pdf.set_y(y)
            sentence(block.text, indent=7)
        elif block.kind == "legal":
            sentence(block.text, indent=5)
        elif block.kind == "paragraph":
            pdf.ln(1)
            sentence(block.text)
        elif block.kind == "table":
            pdf.ln(2)
            _pdf_table(pdf, block, FontFace)
            pdf.ln(2)
        elif block.kind == "lines":
            _pdf_lines(pdf, block)
    try:
        return bytes(pdf.output())
    finally:
        close_fonts(pdf)


def _pdf_lines(pdf: Any, block: Block) -> None:
    """Labelled lines to write on, the fields of a row side by side (date | signature); they stay
    together on one page."""
    from fpdf.enums import XPos, YPos

    line = BODY_PT * 0.3528 * LEADING
    if pdf.will_page_break(len(block.rows) * (2 * line + 9.0) + 4):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("DejaVu", "", BODY_PT)
    pdf.set_text_color(20, 20, 20)
    pdf.set_draw_color(60, 60, 60)
    for row in block.rows:
        gap = 8.0
        width = (pdf.epw - gap * (len(row) - 1)) / len(row)
        top, bottom = pdf.get_y(), pdf.get_y()
        for i, text in enumerate(row):
            label = " / ".join(t for t, _ in text) + ":"
            pdf.set_xy(MARGIN + i * (width + gap), top)
            pdf.multi_cell(width, line, label, new_x=XPos.LEFT, new_y=YPos.NEXT)
            bottom = max(bottom, pdf.get_y())
        y = bottom + 7.0
        for i in range(len(row)):
            x = MARGIN + i * (width + gap)
            pdf.line(x, y, x + width, y)
        pdf.set_xy(MARGIN, y + 3.0)


def _pdf_table(pdf: Any, block: Block, font_face: Any) -> None:
    columns = len(block.header)
    first = pdf.epw - (columns - 1) * CELL if columns > 1 else pdf.epw
    widths = (first, *([CELL] * (columns - 1)))

    def cell_text(text: Text) -> str:
        return "\n".join(hyphenate(t, tag) for t, tag in text)

    pdf.set_font("DejaVu", "", BODY_PT)
    pdf.set_text_color(20, 20, 20)
    pdf.set_draw_color(120, 120, 120)
    heading = font_face(family="DejaVu", emphasis="BOLD", size_pt=BODY_PT)
    with pdf.table(
        col_widths=widths,
        text_align=("LEFT", *(["CENTER"] * (columns - 1))),
        headings_style=heading,
        line_height=BODY_PT * 0.3528 * LEADING,
        padding=1.5,
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        header = table.row()
        for text in block.header:
            header.cell(cell_text(text))
        for row in block.rows:
            cells = table.row()
            for i, text in enumerate(row):
                cells.cell(cell_text(text), style=font_face(size_pt=20.0) if i else None)


# --- Word ------------------------------------------------------------------------------------------


def consent_sheet_docx(blocks: Sequence[Block], localizer: Localizer) -> bytes:
    """The sheet as a Word document: 12 pt body in the bundled font (embedded),
    real headings, the tick boxes in a table with a header row that repeats on every page (A4, the
    packaged 2 cm margins)."""
    import docx
    from docx.shared import Pt, RGBColor

    from desistkit.export import _docx
    from desistkit.export.summary import _packaged_page, _set_language

    document = docx.Document()
    _packaged_page(document)
    _set_language(document, localizer.tag)
    document.styles["Normal"].font.size = Pt(BODY_PT)

    def runs(paragraph: Any, text: Text, bold: bool = False) -> None:
        for i, (words, tag) in enumerate(text):
            if i:
                paragraph.add_run().add_break()
            run = paragraph.add_run(words)
            run.bold = bold and i == 0
            run.italic = i > 0
            if i:
                run.font.color.rgb = RGBColor(*GREY)
            _lang(run, tag)

    for block in blocks:
        if block.kind in ("title", "heading"):
            paragraph = _docx.heading(document, "", 0 if block.kind == "title" else 1)
            runs(paragraph, block.text)
        elif block.kind == "subheading":
            runs(_docx.heading(document, "", 2), block.text)
        elif block.kind == "bullet":
            runs(_docx.paragraph(document, style="List Bullet"), block.text)
        elif block.kind in ("paragraph", "legal"):
            runs(document.add_paragraph(), block.text)
        elif block.kind == "page":
            pass  # Word flows the choices on: the table is kept whole, and the reader's office paginates
        elif block.kind == "table":
            _docx_table(document, block, runs)
        elif block.kind == "lines":
            for row in block.rows:
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.space_before = Pt(14)
                for i, text in enumerate(row):
                    blank = "_" * (34 // len(row) + (6 if len(row) == 1 else 0))
                    run = paragraph.add_run(
                        ("   " if i else "") + " / ".join(t for t, _ in text) + ": " + blank
                    )
                    _lang(run, text[0][1])
    for paragraph in document.paragraphs:
        style = _docx.style_name(document, paragraph)
        if style.startswith("Heading") or style == "Title":
            paragraph.paragraph_format.keep_with_next = True
            for run in paragraph.runs:
                run.font.size = Pt(BODY_PT + (6 if style == "Title" else 2))
    return _docx.finish(document, title=localizer.text("consent.title"), language=localizer.tag)


def _lang(run: Any, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = run._r.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    rpr.append(lang)


def _soft_hyphens(element: Any) -> None:
    """Soft hyphens (U+00AD) in the text as Word writes them: ``w:softHyphen`` between text pieces."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for t in list(element.iter(qn("w:t"))):
        if "\u00ad" not in (t.text or ""):
            continue
        run, position = t.getparent(), t.getparent().index(t)
        run.remove(t)
        pieces = (t.text or "").split("\u00ad")
        made = []
        for i, piece in enumerate(pieces):
            if i:
                made.append(OxmlElement("w:softHyphen"))
            if piece:
                text = OxmlElement("w:t")
                text.text = piece
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                made.append(text)
        for offset, item in enumerate(made):
            run.insert(position + offset, item)


def _docx_table(document: Any, block: Block, runs: Callable[..., None]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    columns = len(block.header)
    table = document.add_table(rows=1, cols=columns)
    table.style = "Table Grid"
    table.autofit = False
    widths = [170.0 - CELL * (columns - 1), *([CELL] * (columns - 1))]
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        # Narrow columns: the names break at syllables (soft hyphens), each in its own language.
        runs(cell.paragraphs[0], tuple((hyphenate(t, tag), tag) for t, tag in text), bold=True)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row in block.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            runs(cell.paragraphs[0], text)
            if i:
                cell.paragraphs[0].alignment = 1  # centred
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(20)
    for index, r in enumerate(table.rows):
        r._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(r.cells, widths, strict=True):
            cell.width = Mm(width)
            if index < len(table.rows) - 1:  # the table kept whole on one page
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    _soft_hyphens(table._tbl)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    caption = block.text[0][0]
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        table._tbl.tblPr.append(element)
