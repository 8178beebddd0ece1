"""The handover letter (.docx): what the next caseworker needs to carry the work on.

The working relationship over time, open goals with who works on them and when they are reviewed,
open questions and blind spots, the agreed contacts and their roles, what the client agreed to pass
on, and the previous caseworker's note for the next (``Case.handover_note``, shared like a note).

Takes a [SharedCase][desistkit.SharedCase] like every exporter: under the ``handover`` audience the
letter says only what the client agreed to pass on; under ``internal`` (a successor in the same
organisation) everything, the client's contacts included. What it says comes from
``export/content`` where the Word summary says the same; it is drawn with the summary's helpers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.model import Consent, GoalStatus
from desistkit.export import _docx
from desistkit.export.content import CaseContent, case_content
from desistkit.export.summary import (
    _free_text,
    _italic,
    _packaged_page,
    _set_language,
    _table,
    _typeset,
)
from desistkit.formats.tracker import OWNER_ROLES
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = ["handover_letter_docx"]

_OPEN = (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)


def handover_letter_docx(
    shared: SharedCase,
    localizer: Localizer,
    *,
    agreed: Sequence[Consent] = (),
    catalogue: Catalogue | None = None,
) -> bytes:
    """The handover letter as .docx bytes, in the localizer's language.

    Args:
        shared: What the receiving caseworker may see, from [share][desistkit.share].
        localizer: The letter's language.
        agreed: The consent records under which the case is handed over (what the client agreed to
            pass on); empty for a handover within the organisation (audience ``internal``).
        catalogue: The catalogue the case was written with; default the built-in one.
    """
    import docx

    shared = require_shared(shared).localized(localizer)
    loc = localizer
    catalogue = catalogue or default_catalogue()
    document = docx.Document()
    _packaged_page(document)
    _set_language(document, loc.tag)
    content = case_content(shared, loc, catalogue)

    document.add_heading(f"{loc.text('handover.title')}: {content.title.title}", level=0)
    document.add_paragraph().add_run(content.title.marking).bold = True
    for fact in content.title.facts:
        document.add_paragraph(fact.line)
    document.add_paragraph(loc.text("handover.purpose"))
    _agreed(document, loc, shared, agreed, catalogue)
    _relationship(document, loc, content)
    _goals(document, loc, shared, content)
    _questions(document, loc, content, _covered(loc, shared, agreed, catalogue))
    _contacts(document, loc, shared, content)
    _note(document, loc, shared)
    # Like the summary: the document's own words hyphenated with its language's patterns, the
    # caseworker's words (notes, goals, contacts, the handover note) left as they were written.
    _typeset(document, loc.tag, _free_text(content) | _typed(shared))
    return _docx.finish(document, title=loc.text("handover.title"), language=loc.tag)


def _owner(loc: Localizer, role: str | None) -> str | None:
    """A known role in the letter's language (as the tracker writes it); any other as typed."""
    return loc.text(f"goal_owner.{role}") if role in OWNER_ROLES else role


def _typed(shared: SharedCase) -> frozenset[str]:
    """Texts of the letter that a person typed and the summary's content does not carry."""
    texts: list[str] = []
    note = shared.case.handover_note
    if note is not None and not SharedCase.is_withheld(note.text):
        texts += note.text.split("\n")
    client = shared.case.client
    if client is not None:
        texts += [t for c in client.contacts for t in (c.name, c.relation)]
    texts += [g.owner_role or "" for g in shared.case.goals]
    return frozenset(t.strip() for t in texts if t and t.strip())


def _agreed(
    document: Any, loc: Localizer, shared: SharedCase, agreed: Sequence[Consent], catalogue: Catalogue
) -> None:
    document.add_heading(loc.text("handover.agreed_heading"), level=1)
    if shared.internal:
        document.add_paragraph(loc.text("handover.agreed_internal"))
        return
    translated = loc.catalogue(catalogue)
    names = {f.id: f.name for f in (*translated.factors, *translated.hidden)}
    for consent in agreed:
        topics = [_topic(loc, t) for t in consent.topics]
        items = [names.get(f, f) for f in consent.factors] + topics
        line = loc.text(
            "handover.agreed_consent", given=loc.format_date(consent.given), items=loc.format_list(items)
        )
        if consent.expires is not None:
            line += " " + loc.text("handover.agreed_until", date=loc.format_date(consent.expires))
        document.add_paragraph(line, style="List Bullet")
    if not agreed:
        document.add_paragraph(loc.text("document.none"))


def _topic(loc: Localizer, topic: str) -> str:
    from desistkit.i18n.texts import label_messages

    key = f"handover.topic.{topic}"
    return loc.text(key) if key in label_messages() else topic


def _relationship(document: Any, loc: Localizer, content: CaseContent) -> None:
    document.add_heading(loc.text("handover.relationship_heading"), level=1)
    for entry in content.relationship:
        note = "".join(f" – {n.text}" for n in entry.note.lines)
        document.add_paragraph(entry.line + note, style="List Bullet")
    if not content.relationship:
        document.add_paragraph(loc.text("document.none"))
    _italic(document, loc.text("document.working_relationship_scale"))


def _goals(document: Any, loc: Localizer, shared: SharedCase, content: CaseContent) -> None:
    document.add_heading(loc.text("handover.open_goals"), level=1)
    owners = {g.id: _owner(loc, g.owner_role) for g in shared.case.goals}
    rows = [
        [
            loc.text("withheld.wording") if not isinstance(g.wording, str) else g.wording,
            owners.get(g.goal_id) or "–",
            g.review,
            g.status_word,
        ]
        for g in content.goals
        if g.status in _OPEN
    ]
    if not rows:
        document.add_paragraph(loc.text("document.none"))
        return
    header = [
        loc.text("document.goal"),
        loc.text("document.owner"),
        loc.text("document.review_date"),
        loc.text("document.status"),
    ]
    _table(document, loc, header, rows, loc.text("handover.open_goals_caption"), _free_text(content))


def _covered(
    loc: Localizer, shared: SharedCase, agreed: Sequence[Consent], catalogue: Catalogue
) -> frozenset[str] | None:
    """The names of the factors the handover covers; None within the organisation (all of them).

    A factor the client did not agree to pass on is left out of the handover altogether; it must not
    look like a blind spot ("never addressed") to the next caseworker."""
    if shared.internal:
        return None
    ids = {f for c in agreed for f in c.factors}
    translated = loc.catalogue(catalogue)
    return frozenset(f.name for f in (*translated.factors, *translated.hidden) if f.id in ids)


def _questions(document: Any, loc: Localizer, content: CaseContent, covered: frozenset[str] | None) -> None:
    document.add_heading(loc.text("document.open_questions"), level=1)
    for question in content.questions:
        document.add_paragraph(question.line, style="List Bullet")
    if not content.questions:
        document.add_paragraph(loc.text("document.none"))
    document.add_heading(loc.text("document.blind_spots"), level=1)
    spots = [s for s in content.blind_spots if covered is None or s.label in covered]
    for spot in spots:
        document.add_paragraph(f"{spot.label} ({spot.value})", style="List Bullet")
    if not spots:
        document.add_paragraph(loc.text("document.none"))


def _contacts(document: Any, loc: Localizer, shared: SharedCase, content: CaseContent) -> None:
    document.add_heading(loc.text("handover.contacts_heading"), level=1)
    table = content.participants
    if table is not None:
        _table(document, loc, table.header, table.rows, table.caption)
    client = shared.case.client  # only a handover within the organisation keeps it
    if client is not None and client.contacts:
        document.add_paragraph()
        rows = [[c.name, c.relation] for c in client.contacts]
        header = [loc.text("handover.name"), loc.text("handover.relation")]
        _table(document, loc, header, rows, loc.text("handover.contacts_caption"), _typed(shared))
    if table is None and (client is None or not client.contacts):
        document.add_paragraph(loc.text("document.none"))


def _note(document: Any, loc: Localizer, shared: SharedCase) -> None:
    document.add_heading(loc.text("handover.note_heading"), level=1)
    note = shared.case.handover_note
    if note is None or SharedCase.is_withheld(note.text):
        _italic(document, loc.text("handover.no_note"))
        return
    for paragraph in note.text.split("\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph)
