"""A plain-text overview of a case's views, for the caseworker's own use (internal audience).

English only for now: the localisation work moves these labels into the gettext catalogs.
It prints no identifying data of the client and no note text except the open questions.
"""

from __future__ import annotations

import datetime as dt

from desistkit.core.catalogue import Catalogue
from desistkit.core.model import Case, GoalStatus
from desistkit.core.views import (
    blind_spots,
    goal_summary,
    knowledge_map,
    open_questions,
    priority_agreement,
    since_last_case_conference,
)

__all__ = ["text_summary"]


def _words(value: str) -> str:
    return value.replace("_", " ")


def text_summary(case: Case, catalogue: Catalogue, *, on: dt.date | None = None) -> str:
    """The views of a case as plain text. ``on`` is the reference day (default: latest session)."""
    latest = case.latest
    day = on or (latest.date if latest else case.opened) or dt.date.min
    name = {f.id: f.name for f in (*catalogue.factors, *catalogue.hidden)}
    lines = [f"Case {case.reference} — {_words(case.setting.value)}"]
    if case.programme:
        lines.append(f"Programme: {case.programme}")
    lines += ["", f"Sessions ({len(case.sessions)})"]
    for s in case.chronological:
        wr = f", working relationship {s.working_relationship.rating}/4" if s.working_relationship else ""
        lines.append(
            f"  {s.date.isoformat()}  {_words(s.kind.value):<16} {len(s.reflections):>2} factors{wr}"
        )

    lines += [
        "",
        "Knowledge map (factors with notes under each stance)",
        f"  {'':<28}known assumed  open  not addressed",
    ]
    for row in knowledge_map(case, catalogue):
        title = catalogue.category(row.category_id).name
        lines.append(
            f"  {title:<28}{row.known:>5} {row.assumed:>7} {row.open:>5} {row.not_addressed:>14}"
            f"  of {row.factors}"
        )

    spots = blind_spots(case, catalogue)
    lines += ["", f"Blind spots ({len(spots)})"]
    lines += [f"  {name[b.factor_id]} — {_words(b.reason.value)}" for b in spots]

    agreement = priority_agreement(case, catalogue)
    lines += ["", "Priorities (client / caseworker)"]
    for p in agreement:
        mark = {True: "agree", False: "differ", None: "one side only"}[p.agree]
        client = p.client.value if p.client else "-"
        worker = p.caseworker.value if p.caseworker else "-"
        lines.append(f"  {name[p.factor_id]:<36} {client:>6} / {worker:<6}  {mark}")

    goals = goal_summary(case, day)
    lines += ["", f"Goals on {day.isoformat()} ({goals.total})"]
    lines += [f"  {_words(status.value):<12}{goals.by_status[status]:>3}" for status in GoalStatus]
    lines.append(f"  agreed {goals.agreed}, proposed {goals.proposed}")
    if goals.due_for_review:
        lines.append(f"  due for review: {', '.join(goals.due_for_review)}")

    moved = since_last_case_conference(case, catalogue)
    lines += ["", "Since the last case conference"]
    if moved is None:
        lines.append("  no earlier case conference in this case")
    else:
        lines.append(f"  assumed or open -> known: {_names(moved.now_known, name)}")
        lines.append(f"  new resources: {_names(moved.new_resources, name)}")
        changes = [f"{name[c.factor_id]} {c.before}->{c.after}" for c in moved.rating_changes if c.delta]
        lines.append(f"  rating changes: {', '.join(changes) or 'none'}")
        lines.append(f"  goals achieved: {', '.join(moved.goals_achieved) or 'none'}")

    questions = open_questions(case, catalogue)
    lines += ["", f"Open questions for the next session ({len(questions)})"]
    lines += [f"  {name[q.factor_id]}: {q.note.text}" for q in questions]
    return "\n".join(lines) + "\n"


def _names(ids: tuple[str, ...], name: dict[str, str]) -> str:
    return ", ".join(name[i] for i in ids) or "none"
