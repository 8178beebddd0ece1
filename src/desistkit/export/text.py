"""The case summary as plain text: the same content as the deck and the Word summary, drawn as lines.

:func:`plain_text` draws the content (:mod:`desistkit.export.content`) of a shared case in any
language; :func:`text_summary` is the caseworker's own overview of a case (the internal audience,
English), as ``desistkit demo`` writes it. This module is also the smallest renderer of the content:
a new format (Markdown, HTML) is a module of this shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from desistkit.core.catalogue import Catalogue
from desistkit.core.model import Case, Stance
from desistkit.export.content import (
    CaseContent,
    Chart,
    Notes,
    Sections,
    Withheld,
    case_content,
    without_notes,
)
from desistkit.i18n.localizer import Localizer, get_localizer
from desistkit.sharing import SharedCase, require_shared, share

__all__ = ["plain_text", "text_summary"]

_INDENT = "  "

_SECTIONS: Sections[Callable[[Localizer, CaseContent], list[str]]] = Sections()


def text_summary(case: Case, catalogue: Catalogue, *, on: dt.date | None = None) -> str:
    """The plain-text summary of a case for the team itself (internal audience), in English, without
    the notes on factors and on the working relationship: it is printed and lies beside the case
    file, and the notes are where a client's names stand. ``on`` is the export date (default: the
    latest session's)."""
    latest = case.latest
    day = on or (latest.date if latest else case.opened) or dt.date.min
    shared = share(case, "internal", on=day)
    return plain_text(shared, get_localizer("en"), catalogue=catalogue, notes=False)


def plain_text(
    shared: SharedCase, localizer: Localizer, *, catalogue: Catalogue | None = None, notes: bool = True
) -> str:
    """The case summary of a shared case as plain text in the localizer's language; ``notes`` False
    leaves out the notes on factors and on the working relationship."""
    content = case_content(require_shared(shared), localizer, catalogue)
    if not notes:
        content = without_notes(content)
    sections = [draw(localizer, content) for draw in _SECTIONS.in_order()]
    return "\n\n".join("\n".join(lines) for lines in sections if lines) + "\n"


def _heading(text: str) -> list[str]:
    return [text, "-" * len(text)]


def _items(lines: Iterable[str]) -> list[str]:
    return [f"{_INDENT}- {line}" for line in lines]


@_SECTIONS.draws("title")
def _title(loc: Localizer, content: CaseContent) -> list[str]:
    title = f"{loc.text('summary.title')}: {content.title.title}"
    return [
        "=" * len(title),
        title,
        "=" * len(title),
        content.title.marking,
        *(f.line for f in content.title.facts),
    ]


@_SECTIONS.draws("overview")
def _overview(loc: Localizer, content: CaseContent) -> list[str]:
    lines = _heading(loc.text("document.overview"))
    for category in content.categories:
        lines.append(f"{_INDENT}{category.name}")
        for f in category.factors:
            assessment = " · ".join(v for v in (f.valence_word, f.rating, f.priority_words) if v)
            lines.append(
                f"{_INDENT * 2}{f.name}: {f.stance_words}" + (f" ({assessment})" if assessment else "")
            )
    return [*lines, f"{_INDENT}{loc.text('document.rating_scale')}"]


def _notes(loc: Localizer, heading: str, notes: Notes) -> list[str]:
    if not notes.lines:
        return []
    lines = [f"{_INDENT * 2}{loc.text(heading)}"]
    return lines + [f"{_INDENT * 3}- {n.text} ({n.perspective})" for n in notes.lines]


@_SECTIONS.draws("reflections")
def _reflections(loc: Localizer, content: CaseContent) -> list[str]:
    lines = _heading(loc.text("document.notes"))
    for category in content.categories:
        for f in category.factors:
            groups = [
                *(_notes(loc, f"stance.{s.value}.heading", n) for s, n in zip(Stance, f.notes, strict=True)),
                _notes(loc, "document.gender_lens", f.gender_lens),
                _notes(loc, "document.discrimination", f.discrimination),
            ]
            if any(groups):
                lines.append(f"{_INDENT}{category.name}: {f.name}")
                lines += [line for group in groups for line in group]
    if content.withheld_notes:
        lines.append(f"{_INDENT}({loc.plural('plural.notes_withheld', content.withheld_notes)})")
    return lines


@_SECTIONS.draws("goals")
def _goals(loc: Localizer, content: CaseContent) -> list[str]:
    lines = _heading(loc.text("document.goals"))
    for g in content.goals:
        wording = loc.text("withheld.wording") if isinstance(g.wording, Withheld) else g.wording
        facts = (
            (loc.text("document.linked_factors"), g.linked),
            (loc.text("document.agreement"), g.agreement),
            (loc.text("document.status"), g.status_word),
            (loc.text("document.review_date"), g.review),
        )
        lines += [f"{_INDENT}- {wording}", *(f"{_INDENT * 2}{label}: {value}" for label, value in facts)]
    return lines if content.goals else [*lines, f"{_INDENT}{loc.text('document.none')}"]


@_SECTIONS.draws("since")
def _since(loc: Localizer, content: CaseContent) -> list[str]:
    lines = [*_heading(loc.text("document.since_last_conference")), f"{_INDENT}{content.since.sentence}"]
    for listing in content.since.listings:
        marker = loc.text("withheld.wording") if listing.withheld is not None else ""
        names = " ".join(part for part in (loc.format_list(listing.items), marker) if part)
        lines.append(f"{_INDENT}{listing.label}: {names}")
    return lines


@_SECTIONS.draws("relationship")
def _relationship(loc: Localizer, content: CaseContent) -> list[str]:
    entries = [
        f"{_INDENT}- {entry.line}" + "".join(f" – {n.text}" for n in entry.note.lines)
        for entry in content.relationship
    ]
    scale = f"{_INDENT}{loc.text('document.working_relationship_scale')}"
    return [*_heading(loc.text("document.working_relationship")), *entries, scale]


def _chart(chart: Chart) -> list[str]:
    """A chart as the table of its numbers: one line per category."""
    lines = [f"{_INDENT}{chart.title}"]
    for i, category in enumerate(chart.categories):
        values = ", ".join(f"{s.name} {'–' if s.values[i] is None else s.values[i]}" for s in chart.series)
        lines.append(f"{_INDENT * 2}{category}: {values}")
    return lines


@_SECTIONS.draws("progress")
def _progress(loc: Localizer, content: CaseContent) -> list[str]:
    charts = (content.ratings_chart, content.stances_chart)
    return _heading(loc.text("document.progress")) + [
        line for c in charts if c.categories for line in _chart(c)
    ]


@_SECTIONS.draws("questions")
def _questions(loc: Localizer, content: CaseContent) -> list[str]:
    lines = _heading(loc.text("document.open_questions"))
    return lines + (_items(q.line for q in content.questions) or [f"{_INDENT}{loc.text('document.none')}"])


@_SECTIONS.draws("blind_spots")
def _blind_spots(loc: Localizer, content: CaseContent) -> list[str]:
    lines = _heading(loc.text("document.blind_spots"))
    spots = _items(f"{s.label} ({s.value})" for s in content.blind_spots)
    return lines + (spots or [f"{_INDENT}{loc.text('document.none')}"])


@_SECTIONS.draws("participants")
def _participants(loc: Localizer, content: CaseContent) -> list[str]:
    table = content.participants
    if table is None:
        return []
    return _heading(loc.text("document.participants")) + _items(": ".join(row) for row in table.rows)
