"""The Word case summary for case conferences: what is known, assumed and open, goals, progress.

Takes a [SharedCase][desistkit.SharedCase] (never a raw case): what the audience may not see is
already gone or withheld. Accessible: real heading styles, table header rows that repeat
(``w:tblHeader``), table captions and descriptions, the document language in the style defaults.
An organisation's own .docx (letterhead, styles) can serve as template. The package goes through the
common scrubber: neutral metadata, deterministic bytes, schema-valid.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from os import PathLike
from typing import IO, Any

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.errors import TemplateError
from desistkit.core.model import Note, Stance
from desistkit.core.views import blind_spots, open_questions, since_last_case_conference, state_at
from desistkit.export._facts import case_facts
from desistkit.export._ooxml import scrub
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = ["summary_docx"]

Template = str | PathLike[str] | IO[bytes] | None
_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid")


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
    loc, case = localizer, shared.case
    cat = loc.catalogue(catalogue or default_catalogue())
    try:
        document = docx.Document(str(template) if isinstance(template, PathLike) else template)
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
    if template is None:  # the packaged default: A4 with 2 cm margins, as European offices print
        from docx.shared import Cm, Pt

        for section in document.sections:
            section.page_width, section.page_height = Cm(21.0), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.0)
            section.top_margin = section.bottom_margin = Cm(2.0)
        document.styles["Normal"].font.size = Pt(10)
    _set_language(document, loc.tag)
    sessions = case.chronological

    reference = loc.text("document.case", reference=case.reference)
    document.add_heading(f"{loc.text('summary.title')}: {reference}", level=0)
    marking = document.add_paragraph()
    marking.add_run(loc.audience(shared.audience, marking=True)).bold = True
    for fact in case_facts(shared, loc):
        document.add_paragraph(fact)

    document.add_heading(loc.text("summary.purpose_heading"), level=1)
    document.add_paragraph(loc.text("summary.purpose"))

    state = state_at(case)
    document.add_heading(loc.text("document.overview"), level=1)
    stance_names = " / ".join(loc.enum(st) for st in Stance)
    header = [
        loc.text("document.factor"),
        stance_names,
        loc.text("document.valence"),
        loc.text("document.rating"),
        loc.text("document.priorities"),
    ]
    rows: list[list[str] | str] = []
    not_addressed = loc.text("stance.not_addressed.name")
    for category in cat.categories:
        rows.append(category.name)  # a row across the table that names the category
        for factor in cat.factors_in(category.id):
            s = state.get(factor.id)
            if s is None:
                rows.append([factor.name, not_addressed, "", "", ""])
                continue
            r = s.reflection
            stances = ", ".join(loc.enum(st) for st in Stance if r.notes(st)) or not_addressed
            rating = (
                f"{loc.format_number(r.rating)} / 4"
                if r.rating is not None
                else loc.text("document.not_rated")
            )
            priorities = " / ".join(
                loc.enum(p) if p else "–" for p in (r.client_priority, r.caseworker_priority)
            )
            rows.append([factor.name, stances, loc.enum(r.valence), rating, priorities])
    caption = loc.text("summary.overview_caption")
    _table(document, header, rows, caption, widths=(4.6, 3.6, 3.2, 1.9, 3.1))
    _italic(document, loc.text("document.rating_scale"))

    withheld_count = 0
    for category in cat.categories:
        shown = []
        for factor in cat.factors_in(category.id):
            if factor.id not in state:
                continue
            notes = state[factor.id].reflection.all_notes
            visible = [n for n in notes if not shared.is_withheld(n.text)]
            withheld_count += len(notes) - len(visible)
            if visible:
                shown.append(factor)
        if not shown:
            continue
        document.add_heading(category.name, level=1)
        for factor in shown:
            r = state[factor.id].reflection
            document.add_heading(factor.name, level=2)
            for stance in Stance:
                _notes(document, shared, loc, r.notes(stance), f"stance.{stance.value}.heading")
            _notes(document, shared, loc, r.gender_lens, "document.gender_lens")
            _notes(document, shared, loc, r.discrimination, "document.discrimination")
    if withheld_count:
        _italic(document, loc.plural("plural.notes_withheld", withheld_count))

    document.add_heading(loc.text("document.goals"), level=1)
    goal_rows = []
    for goal in case.goals:
        wording = loc.text("document.withheld") if shared.is_withheld(goal.wording) else goal.wording
        linked = ", ".join(cat.factor(f).name for f in goal.factors if f in cat) or "–"
        review = shared.date_label(goal.review_date, loc, "goal.dates") if goal.review_date else "–"
        goal_rows.append([wording, linked, loc.enum(goal.agreement), loc.enum(goal.status), review])
    if goal_rows:
        _table(
            document,
            [
                loc.text("document.goal"),
                loc.text("document.linked_factors"),
                loc.text("document.agreement"),
                loc.text("document.status"),
                loc.text("document.review_date"),
            ],
            goal_rows,
            loc.text("summary.goals_caption"),
        )
    else:
        document.add_paragraph(loc.text("document.none"))

    document.add_heading(loc.text("document.since_last_conference"), level=1)
    moved = since_last_case_conference(case, cat)
    if moved is None:
        document.add_paragraph(loc.text("document.no_earlier_conference"))
    else:
        start, end = case.session(moved.from_session).date, case.session(moved.to_session).date
        document.add_paragraph(
            loc.text(
                "summary.progress_sentence",
                start=shared.date_label(start, loc),
                end=shared.date_label(end, loc),
                goals_achieved=loc.plural("plural.goals_achieved", len(moved.goals_achieved)),
                new_resources=loc.plural("plural.new_resources", len(moved.new_resources)),
            )
        )
        moves = (
            ("document.now_known", moved.now_known),
            ("document.new_resources", moved.new_resources),
            ("document.lost_resources", moved.lost_resources),
        )
        for key, ids in moves:
            if ids:
                document.add_paragraph(
                    f"{loc.text(key)}: " + loc.format_list([cat.factor(i).name for i in ids])
                )
        changes = [
            f"{cat.factor(c.factor_id).name} {c.before} → {c.after}"
            for c in moved.rating_changes
            if c.before is not None and c.after is not None
        ]
        if changes:
            document.add_paragraph(f"{loc.text('document.rating_changes')}: " + loc.format_list(changes))

    document.add_heading(loc.text("document.working_relationship"), level=1)
    for session in sessions:
        wr = session.working_relationship
        if wr is None:
            continue
        line = f"{shared.date_label(session.date, loc)} ({loc.enum(session.kind)}): {wr.rating} / 4"
        if wr.note is not None and not shared.is_withheld(wr.note.text):
            line += f" – {wr.note.text}"
        document.add_paragraph(line, style="List Bullet")
    _italic(document, loc.text("document.working_relationship_scale"))

    document.add_heading(loc.text("document.open_questions"), level=1)
    questions = [q for q in open_questions(case, cat) if not shared.is_withheld(q.note.text)]
    for q in questions:
        document.add_paragraph(f"{cat.factor(q.factor_id).name}: {q.note.text}", style="List Bullet")
    if not questions:
        document.add_paragraph(loc.text("document.none"))
    spots = blind_spots(case, cat)
    if spots:
        document.add_heading(loc.text("document.blind_spots"), level=2)
        for spot in spots:
            reason = loc.text(f"document.{spot.reason.value}")
            document.add_paragraph(f"{cat.factor(spot.factor_id).name} ({reason})", style="List Bullet")

    if case.team:
        document.add_heading(loc.text("document.participants"), level=1)
        team_rows = [
            [m.agency, m.role + (f" ({loc.text('document.lead_agency')})" if m.lead else "")]
            for m in case.team
        ]
        _table(
            document,
            [loc.text("document.agency"), loc.text("document.role")],
            team_rows,
            loc.text("summary.participants_caption"),
        )

    out = io.BytesIO()
    document.save(out)
    return scrub(out.getvalue(), title=loc.text("summary.title"), language=loc.tag)


def _italic(document: Any, text: str) -> None:
    document.add_paragraph().add_run(text).italic = True


def _notes(document: Any, shared: SharedCase, loc: Localizer, notes: Sequence[Note], heading: str) -> None:
    """The visible notes under their heading; no heading when every note is withheld."""
    visible = [n for n in notes if not shared.is_withheld(n.text)]
    if visible:
        document.add_heading(loc.text(heading), level=3)
    for note in visible:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(note.text)
        paragraph.add_run(f" ({loc.enum(note.perspective)})").italic = True


def _table(
    document: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    caption: str,
    widths: Sequence[float] | None = None,
) -> None:
    """A table with a repeating header row, a caption and, if given, column widths in cm."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = widths is None
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    tr_pr.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        if isinstance(values, str):
            merged = cells[0].merge(cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(values).bold = True
            continue
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    if widths is not None:
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice follows
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    tbl_pr = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        tbl_pr.append(element)


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
