"""The Word case summary for case conferences: what is known, assumed and open, goals, progress.

Takes a [SharedCase][desistkit.SharedCase] (never a raw case): what the audience may not see is
already gone or withheld. Accessible: real heading styles, table header rows that repeat
(``w:tblHeader``), table captions and descriptions, the document language in the style defaults.
An organisation's own .docx (letterhead, styles) can serve as template. The package goes through the
common scrubber: neutral metadata, deterministic bytes, schema-valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from os import PathLike
from typing import IO, Any

from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import TemplateError
from desistkit.core.model import Stance
from desistkit.export import _docx
from desistkit.export._columns import column_widths
from desistkit.export._fonts import FAMILY
from desistkit.export._hyphen import NO_BREAK_HYPHEN, SOFT_HYPHEN, hyphenate, keep_codes_whole
from desistkit.export.content import CaseContent, Notes, Sections, Withheld, case_content
from desistkit.formats.package import DOCX, checked_template
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = ["summary_docx"]

Template = str | PathLike[str] | IO[bytes] | None
BODY_POINTS = 10.0
CELL_MARGIN = 68  # twips (1.2 mm) left and right in a cell: Word's 1.9 mm leaves Finnish headers no room
CELL_PADDING = 2 * CELL_MARGIN / 56.7 + 0.6  # mm: both margins, and a little air for the grid lines
KEEP_WHOLE = 15  # rows: a table this short is kept on one page, with its heading
_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid")

# No progress charts in the Word summary; it draws the blind spots under the open questions.
_SECTIONS: Sections[Callable[[Any, Localizer, CaseContent], None]] = Sections()


def summary_docx(
    shared: SharedCase,
    localizer: Localizer,
    *,
    template: Template = None,
    catalogue: Catalogue | None = None,
) -> bytes:
    """The case summary as .docx bytes, in the localizer's language, for the shared case's audience.

    Args:
        shared: What the audience may see, from [share][desistkit.share]; a raw case is refused.
        localizer: The language of the summary ([get_localizer][desistkit.get_localizer]).
        template: An organisation's .docx (path or binary stream) whose styles, page setup and
            letterhead the summary uses; None for the packaged A4 default.
        catalogue: The catalogue the case was written with; default the built-in one.

    Raises:
        TypeError: ``shared`` is not a SharedCase.
    """
    import docx

    shared = require_shared(shared).localized(localizer)
    loc = localizer
    # An organisation's template is untrusted: python-docx sees it only after the package gate.
    source = None if template is None else checked_template(template, DOCX)
    try:
        document = docx.Document(source)
    except Exception as exc:  # python-docx raises several kinds for a file that is no .docx
        raise TemplateError(f"template: not a readable Word (.docx) file ({type(exc).__name__})") from exc
    if template is not None:
        names = {style.name for style in document.styles}
        missing = [name for name in _STYLES if name not in names]
        if missing:
            raise TemplateError(
                f"template: the styles {', '.join(missing)} are missing; the summary uses Word's built-in "
                f"{', '.join(_STYLES)} (add them once in Word or LibreOffice, see docs/templates.md)"
            )
    if template is None:
        _packaged_page(document)
    _set_language(document, loc.tag)
    content = case_content(shared, loc, catalogue)
    for draw in _SECTIONS.in_order():
        draw(document, loc, content)
    _typeset(document, loc.tag, _free_text(content))
    # An organisation's template brings its own fonts; ours we measured with.
    return _docx.finish(document, title=loc.text("summary.title"), language=loc.tag, embed=template is None)


@_SECTIONS.draws("title")
def _title(document: Any, loc: Localizer, content: CaseContent) -> None:
    _docx.heading(document, f"{loc.text('summary.title')}: {content.title.title}", 0)
    marking = document.add_paragraph()
    marking.add_run(content.title.marking).bold = True
    for fact in content.title.facts:
        document.add_paragraph(fact.line)
    _docx.heading(document, loc.text("summary.purpose_heading"), 1)
    document.add_paragraph(loc.text("summary.purpose"))


@_SECTIONS.draws("overview")
def _overview(document: Any, loc: Localizer, content: CaseContent) -> None:
    _docx.heading(document, loc.text("document.overview"), 1)
    header = [
        loc.text("document.factor"),
        " / ".join(loc.enum(st) for st in Stance),
        loc.text("document.valence"),
        loc.text("document.rating"),
        loc.text("document.priorities"),
    ]
    rows: list[list[str] | str] = []
    for category in content.categories:
        rows.append(category.name)  # a row across the table that names the category
        rows += [
            [f.name, f.stance_words, f.valence_word, f.rating, f.priority_words] for f in category.factors
        ]
    caption = loc.text("summary.overview_caption")
    _table(document, loc, header, rows, caption)
    _italic(document, loc.text("document.rating_scale"))


@_SECTIONS.draws("reflections")
def _reflections(document: Any, loc: Localizer, content: CaseContent) -> None:
    """Per category, the factors with notes the audience may read; how many were withheld, once."""
    for category in content.categories:
        shown = [
            f for f in category.factors if any(n.lines for n in (*f.notes, f.gender_lens, f.discrimination))
        ]
        if not shown:
            continue
        _docx.heading(document, category.name, 1)
        for factor in shown:
            _docx.heading(document, factor.name, 2)
            for stance, notes in zip(Stance, factor.notes, strict=True):
                _notes(document, loc, notes, f"stance.{stance.value}.heading")
            _notes(document, loc, factor.gender_lens, "document.gender_lens")
            _notes(document, loc, factor.discrimination, "document.discrimination")
    if content.withheld_notes:
        _italic(document, loc.plural("plural.notes_withheld", content.withheld_notes))


@_SECTIONS.draws("goals")
def _goals(document: Any, loc: Localizer, content: CaseContent) -> None:
    _docx.heading(document, loc.text("document.goals"), 1)
    if not content.goals:
        document.add_paragraph(loc.text("document.none"))
        return
    header = [
        loc.text("document.goal"),
        loc.text("document.linked_factors"),
        loc.text("document.agreement"),
        loc.text("document.status"),
        loc.text("document.review_date"),
    ]
    rows = [[_wording(loc, g.wording), g.linked, g.agreement, g.status_word, g.review] for g in content.goals]
    _table(document, loc, header, rows, loc.text("summary.goals_caption"), _free_text(content))


@_SECTIONS.draws("since")
def _since(document: Any, loc: Localizer, content: CaseContent) -> None:
    _docx.heading(document, loc.text("document.since_last_conference"), 1)
    document.add_paragraph(content.since.sentence)
    for listing in content.since.listings:
        paragraph = document.add_paragraph(f"{listing.label}: " + loc.format_list(listing.items))
        if listing.withheld is not None:  # a marker after the names, never a name itself
            space = " " if listing.items else ""
            paragraph.add_run(f"{space}{loc.text('withheld.wording')}").italic = True


@_SECTIONS.draws("relationship")
def _relationship(document: Any, loc: Localizer, content: CaseContent) -> None:
    _docx.heading(document, loc.text("document.working_relationship"), 1)
    for entry in content.relationship:
        note = "".join(f" – {n.text}" for n in entry.note.lines)
        _docx.paragraph(document, entry.line + note, "List Bullet")
    _italic(document, loc.text("document.working_relationship_scale"))


@_SECTIONS.draws("questions")
def _questions(document: Any, loc: Localizer, content: CaseContent) -> None:
    _docx.heading(document, loc.text("document.open_questions"), 1)
    for question in content.questions:
        _docx.paragraph(document, question.line, "List Bullet")
    if not content.questions:
        document.add_paragraph(loc.text("document.none"))
    if content.blind_spots:
        _docx.heading(document, loc.text("document.blind_spots"), 2)
        for spot in content.blind_spots:
            _docx.paragraph(document, f"{spot.label} ({spot.value})", "List Bullet")


@_SECTIONS.draws("participants")
def _participants(document: Any, loc: Localizer, content: CaseContent) -> None:
    table = content.participants
    if table is not None:
        _docx.heading(document, loc.text("document.participants"), 1)
        _table(document, loc, table.header, table.rows, table.caption)


def _wording(loc: Localizer, wording: str | Withheld) -> str:
    return loc.text("withheld.wording") if isinstance(wording, Withheld) else wording


def _italic(document: Any, text: str) -> None:
    document.add_paragraph().add_run(text).italic = True


def _notes(document: Any, loc: Localizer, notes: Notes, heading: str) -> None:
    """The readable notes under their heading; no heading when every note is withheld."""
    if notes.lines:
        _docx.heading(document, loc.text(heading), 3)
    for note in notes.lines:
        paragraph = _docx.paragraph(document, style="List Bullet")
        paragraph.add_run(note.text)
        paragraph.add_run(f" ({note.perspective})").italic = True


def _table(
    document: Any,
    loc: Localizer,
    header: Sequence[str],
    rows: Sequence[Sequence[str] | str],
    caption: str,
    free: frozenset[str] = frozenset(),
) -> None:
    """A table with a repeating header row, a caption, columns sized by their content, rows that
    never split across pages and, when short, kept whole on one page with its heading."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(header))
    table._tbl.tblStyle_val = _docx.style_id(document, "Table Grid", WD_STYLE_TYPE.TABLE)
    table.autofit = False  # the widths below, not the office suite's guess
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on every page
    for values in rows:
        cells = table.add_row().cells
        if isinstance(values, str):  # a row across the table that names a group
            merged = cells[0].merge(cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(values).bold = True
            continue
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    section = document.sections[-1]
    available = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    measured = [[_typeset_text(t, loc.tag, free) for t in r] for r in rows if not isinstance(r, str)]
    widths = column_widths(
        [_typeset_text(h, loc.tag, free) for h in header], measured, available, BODY_POINTS, CELL_PADDING
    )
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice follows
    count = len(table.rows)  # python-docx counts them anew on each len()
    for index, row in enumerate(table.rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
            if count <= KEEP_WHOLE and index < count - 1:
                for paragraph in cell.paragraphs:  # Word's and LibreOffice's "keep table together"
                    paragraph.paragraph_format.keep_with_next = True
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(CELL_MARGIN))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:  # tblCellMar comes before tblLook in CT_TblPr
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        tbl_pr.append(element)


def _free_text(content: CaseContent) -> frozenset[str]:
    """What the caseworker wrote (notes, goals, open questions): its language is the notes' one,
    which the summary does not know, so it is not hyphenated with the document's patterns."""
    notes = [
        *(
            n
            for c in content.categories
            for f in c.factors
            for n in (*f.notes, f.gender_lens, f.discrimination)
        ),
        *(e.note for e in content.relationship),
    ]
    texts = {line.text for n in notes for line in n.lines}
    texts |= {g.wording for g in content.goals if isinstance(g.wording, str)}
    texts |= {q.value for q in content.questions}
    return frozenset(t for t in texts if t)


def _typeset_text(text: str, tag: str, free: frozenset[str]) -> str:
    """The text with soft hyphens in its long words (not in what the caseworker wrote) and
    pseudonyms that never break."""
    if any(f in text for f in free):
        return keep_codes_whole(text)
    return keep_codes_whole(hyphenate(text, tag))


def _typeset(document: Any, tag: str, free: frozenset[str]) -> None:
    """Headings stay with what follows them; every text gets its soft hyphens (``w:softHyphen``)
    and its pseudonyms non-breaking hyphens (``w:noBreakHyphen``), as Word writes them."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for paragraph in document.paragraphs:
        name = _docx.style_name(document, paragraph)
        if name == "Title" or name.startswith("Heading"):
            paragraph.paragraph_format.keep_with_next = True
    body = document.element.body
    for t in list(body.iter(qn("w:t"))):
        text = _typeset_text(t.text or "", tag, free)
        if SOFT_HYPHEN not in text and NO_BREAK_HYPHEN not in text:
            continue
        run, position = t.getparent(), t.getparent().index(t)
        run.remove(t)
        piece = ""
        elements = []
        for character in text + "\0":
            if character in (SOFT_HYPHEN, NO_BREAK_HYPHEN, "\0"):
                if piece:
                    element = OxmlElement("w:t")
                    element.text = piece
                    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    elements.append(element)
                    piece = ""
                if character == SOFT_HYPHEN:
                    elements.append(OxmlElement("w:softHyphen"))
                elif character == NO_BREAK_HYPHEN:
                    elements.append(OxmlElement("w:noBreakHyphen"))
            else:
                piece += character
        for offset, element in enumerate(elements):
            run.insert(position + offset, element)


def _packaged_page(document: Any) -> None:
    """The packaged default: A4 with 2 cm margins, as European offices print, in the bundled font."""
    from docx.shared import Cm, Pt

    _docx.packaged(document)  # python-docx's template: its style ids are known from the last one
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
    document.styles["Normal"].font.size = Pt(BODY_POINTS)
    _use_bundled_font(document)


def _use_bundled_font(document: Any) -> None:
    """Every style in DejaVu Sans, the font the columns are measured with and that is embedded:
    the theme's fonts (Calibri, Cambria) are not on every machine and have other widths."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attribute in list(fonts.attrib):
            if attribute.endswith("Theme"):
                del fonts.attrib[attribute]
    document.styles["Normal"].font.name = FAMILY
    for fonts in styles.iter(qn("w:rFonts")):  # the defaults and every style that names a font
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FAMILY)


def _set_language(document: Any, tag: str) -> None:
    """The document language in the style defaults, so spellcheck and screen readers use it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), tag)
