"""The minutes of a multi-agency case conference (.docx): who took part, how each agency sees each
factor, what to resolve, whether views came closer, who does what by when, what was decided and
what the client was told.

Takes a [SharedCase][desistkit.SharedCase] like every exporter; what it says comes from
:mod:`desistkit.export.content.conference` (like the conference deck's and the tracker's
Agencies sheet), and it is drawn with the Word summary's helpers (page,
tables sized by content, hyphenation, the embedded font, the one scrubber for neutral metadata).
"""

from __future__ import annotations

from typing import Any

from desistkit.core.catalogue import Catalogue
from desistkit.export import _docx
from desistkit.export.content import Notes, Withheld
from desistkit.export.content.conference import ConferenceContent, conference_content
from desistkit.export.summary import _italic, _packaged_page, _set_language, _table, _typeset
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = ["minutes_docx"]


def minutes_docx(
    shared: SharedCase,
    localizer: Localizer,
    *,
    conference: str | None = None,
    catalogue: Catalogue | None = None,
) -> bytes:
    """The minutes of one conference as .docx bytes, in the localizer's language.

    Args:
        shared: What the audience may see, from [share][desistkit.share]; a raw case is refused.
        localizer: The language of the minutes.
        conference: The conference's id as the shared case has it; None for the latest of
            [Case.conference_history][desistkit.Case.conference_history].
        catalogue: The catalogue the case was written with; default the built-in one.

    Raises:
        UnknownConferenceError: No conference has the id ``conference``, or none was asked for
            and the shared case has no conference at all.
    """
    import docx

    shared = require_shared(shared).localized(localizer)
    loc = localizer
    content = conference_content(shared, loc, catalogue, conference)
    document = docx.Document()
    _packaged_page(document)
    _set_language(document, loc.tag)
    for draw in (_title, _participants, _comparison, _divergences, _convergence, _actions, _decisions):
        draw(document, loc, content)
    _typeset(document, loc.tag, content.free_text)
    return _docx.finish(document, title=loc.text("minutes.title"), language=loc.tag)


def _title(document: Any, loc: Localizer, content: ConferenceContent) -> None:
    title = content.title
    _docx.heading(document, f"{loc.text('minutes.title')}: {title.title}", 0)
    document.add_paragraph().add_run(title.marking).bold = True
    for fact in (content.occasion, content.date, title.setting, title.exported):
        _fact(document, fact.label, fact.value)
    for sentence in (title.pseudonym_notice, *title.withheld):
        if sentence is not None:
            document.add_paragraph(sentence.line)


def _participants(document: Any, loc: Localizer, content: ConferenceContent) -> None:
    _docx.heading(document, loc.text("document.participants"), 1)
    header = [loc.text("document.agency"), loc.text("minutes.contact_role")]
    rows = [[p.label or "", p.value] for p in content.participants]
    if not rows:
        document.add_paragraph(loc.text("document.none"))
        return
    _table(document, loc, header, rows, loc.text("minutes.participants_caption"), content.free_text)


def _comparison(document: Any, loc: Localizer, content: ConferenceContent) -> None:
    """One row per agency under each factor an agency addressed, the factor's divergences beside
    its name; then the one-line agreement and the factors nobody addressed."""
    _docx.heading(document, loc.text("minutes.comparison"), 1)
    document.add_paragraph().add_run(content.agreement_sentence).bold = True
    if content.addressed:
        header = [
            loc.text("document.agency"),
            loc.text("tracker.stance"),
            loc.text("document.valence"),
            loc.text("document.rating"),
            loc.text("priority.client"),
            loc.text("minutes.agency_priority"),
        ]
        rows: list[list[str] | str] = []
        for factor in content.addressed:
            marks = ", ".join(d.label or "" for d in factor.details)
            rows.append(f"{factor.name} ({marks})" if marks else factor.name)
            rows += [
                [a.agency, a.stance, a.valence, a.rating, a.client_priority, a.agency_priority]
                for a in factor.cells
            ]
        _table(document, loc, header, rows, loc.text("minutes.comparison_caption"), content.free_text)
        _italic(document, loc.text("document.rating_scale"))
    if content.not_addressed:
        document.add_paragraph(
            loc.text("minutes.not_addressed", items=loc.format_list(content.not_addressed))
        )


def _divergences(document: Any, loc: Localizer, content: ConferenceContent) -> None:
    _docx.heading(document, loc.text("minutes.divergences"), 1)
    if not content.divergent:
        document.add_paragraph(loc.text("minutes.no_divergences"))
    for factor in content.divergent:
        _docx.heading(document, factor.name, 2)
        for detail in factor.details:
            _fact(document, detail.label, detail.value, style="List Bullet")
    if content.also:
        _docx.heading(document, loc.text("minutes.also_discuss"), 2)
        for fact in content.also:
            _fact(document, fact.label, fact.value, style="List Bullet")


def _convergence(document: Any, loc: Localizer, content: ConferenceContent) -> None:
    _docx.heading(document, loc.text("minutes.convergence"), 1)
    moved = content.convergence
    if moved is None:
        document.add_paragraph(loc.text("minutes.first_conference"))
        return
    document.add_paragraph(loc.text("minutes.convergence_intro", date=moved.previous_date))
    lines = [
        loc.text(f"minutes.{t.value}", items=loc.format_list(names)) for t, names in moved.moved if names
    ]
    lines.append(loc.text("minutes.unchanged", number=loc.format_number(moved.unchanged)))
    for line in lines:
        _docx.paragraph(document, line, "List Bullet")


def _actions(document: Any, loc: Localizer, content: ConferenceContent) -> None:
    _docx.heading(document, loc.text("minutes.actions"), 1)
    if not content.actions:
        document.add_paragraph(loc.text("minutes.no_actions"))
        return
    header = [
        loc.text("minutes.action"),
        loc.text("minutes.owner"),
        loc.text("minutes.due"),
        loc.text("document.linked_factors"),
        loc.text("document.status"),
    ]
    rows = [[_wording(loc, a.what), a.owner, a.due, a.factors, a.status_word] for a in content.actions]
    _table(document, loc, header, rows, loc.text("minutes.actions_caption"), content.free_text)


def _decisions(document: Any, loc: Localizer, content: ConferenceContent) -> None:
    _docx.heading(document, loc.text("minutes.recommendations"), 1)
    _notes(document, loc, content.recommendations, "minutes.no_recommendations", bullets=True)
    _docx.heading(document, loc.text("minutes.client_informed"), 1)
    _notes(document, loc, content.client_informed, "minutes.not_recorded", bullets=False)
    _docx.heading(document, loc.text("minutes.next_date"), 1)
    document.add_paragraph(content.next_date or loc.text("minutes.no_next_date"))


def _notes(document: Any, loc: Localizer, notes: Notes, empty: str, *, bullets: bool) -> None:
    """The readable notes; how many are withheld, said once; a sentence when there are none."""
    for note in notes.lines:
        paragraph = _docx.paragraph(document, style="List Bullet" if bullets else None)
        paragraph.add_run(note.text)
        paragraph.add_run(f" ({note.perspective})").italic = True
    if notes.withheld is not None:
        _italic(document, loc.plural("plural.notes_withheld", notes.withheld.count))
    if not notes:
        document.add_paragraph(loc.text(empty))


def _fact(document: Any, label: str | None, value: str, style: str | None = None) -> None:
    paragraph = _docx.paragraph(document, style=style)
    if label:
        paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def _wording(loc: Localizer, wording: str | Withheld) -> str:
    return loc.text("withheld.wording") if isinstance(wording, Withheld) else wording
