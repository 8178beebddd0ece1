"""The case tracker's Agencies sheet: how each agency at each conference sees each factor, and the
actions agreed, as two Excel tables, one below the other.

One row per conference x factor that an agency addressed x contributing agency, so that a filter
on a factor shows every agency's view and a filter on an agency its views over the conferences; the
factor's agreement and divergence marks repeat on each of its rows. The actions stand in their own
table below (a conference has few), with their current status. What it says comes from
:mod:`desistkit.export.content.conference`, like the minutes and the
conference deck; nothing on it is read back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desistkit.core.conference import Divergence
from desistkit.export.content.conference import ACTION_DATES, CONFERENCE_DATES, conference_content
from desistkit.export.content.model import Withheld
from desistkit.formats import tracker as layout

if TYPE_CHECKING:
    from desistkit.export.tracker import _Tracker

__all__ = ["write_agencies"]


def write_agencies(tracker: _Tracker, ws: Any) -> None:
    """The Agencies and Actions tables of every conference the shared case holds, by date."""
    loc, shared = tracker.loc, tracker.shared
    rows: list[list[Any]] = []
    actions: list[list[Any]] = []
    history = shared.case.conference_history
    for conference in history:
        content = conference_content(shared, loc, tracker.source, conference.id)
        head = [conference.date, content.occasion.value]
        for factor in content.addressed:
            marks = [factor.agree, *(d in factor.divergences for d in Divergence)]
            for agency in factor.cells:
                view = agency.view
                rows.append([
                    *head, factor.name, factor.category, agency.agency,
                    agency.stance if view.addressed and view.stance else None,
                    agency.valence if view.addressed else None,
                    view.rating,
                    agency.client_priority if view.client_priority else None,
                    agency.agency_priority if view.priority else None,
                    *marks, conference.id, factor.factor_id,
                ])  # fmt: skip
        for action in content.actions:
            actions.append([
                conference.date, action.what, action.owner, action.due_day,
                None if action.factors == "–" else action.factors,
                action.status_word, conference.id, action.action_id,
            ])  # fmt: skip
    ids = [c.id for c in history]
    tracker._table(ws, layout.AGENCIES_TABLE, 0, len(rows), spare=False, ids=ids)
    for r, values in enumerate(rows, start=1):
        for c, (column, value) in enumerate(zip(layout.AGENCIES, values, strict=True)):
            tracker._value(ws, r, c, column, value, CONFERENCE_DATES)
    # Below, not beside: a filter on the views hides whole rows of the sheet, and would hide
    # actions standing beside them. The sheet is not edited, so the views cannot grow into it.
    top = max(len(rows), 1) + 3
    tracker._text(ws, top - 1, 0, loc.text("minutes.actions"), tracker.fmt["bold"])
    wanted = {c: tracker.widths[(id(ws), c)] for c in range(len(layout.ACTIONS))}
    tracker._table(ws, layout.ACTIONS_TABLE, top, len(actions), spare=False, ids=ids)
    for col, width in wanted.items():  # each column as wide as the wider of its two tables wants
        tracker._column(ws, col, max(width, tracker.widths[(id(ws), col)]))
    withheld = loc.text("withheld.wording")
    for r, values in enumerate(actions, start=top + 1):
        for c, (column, value) in enumerate(zip(layout.ACTIONS, values, strict=True)):
            if isinstance(value, Withheld):
                tracker._text(ws, r, c, withheld, tracker.withheld)
            else:
                field = ACTION_DATES if column.key == "due" else CONFERENCE_DATES
                tracker._value(ws, r, c, column, value, field)
    ws.freeze_panes(1, 0)
