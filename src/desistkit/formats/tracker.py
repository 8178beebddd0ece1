"""The per-case tracker's layout, shared by the writer (export.tracker) and the reader (importing.tracker).

A tracker is read back by machine-readable names, not by position or by its (localised) header
texts: every column of every table has a workbook-level defined name pointing at its header cell,
``desistkit.<table>.<column>`` (``desistkit.sessions.rating`` -> ``Sitzungen!$L$1``), and every
case fact one pointing at its value cell (``desistkit.case.reference``). Excel and LibreOffice
move these names along when a caseworker inserts, moves or deletes columns and rows or renames a
sheet, so the reader finds the data wherever it went. Three constant names say what the workbook
is: ``desistkit.tracker`` (the layout version), ``desistkit.audience`` and ``desistkit.lang``.

Pure: no document library. Values that a column holds (stances, valences, ...) are words in the
tracker's language; :func:`vocabularies` gives them for a Localizer.
"""

from __future__ import annotations

import enum
from typing import Protocol

import attrs

from desistkit.core.conference import Divergence
from desistkit.core.model import (
    GoalAgreement,
    GoalStatus,
    Perspective,
    Priority,
    SessionKind,
    Setting,
    Stance,
    Valence,
)


class Words(Protocol):
    """What the layout needs of a :class:`~desistkit.Localizer`: a label, and a model value's word.

    A protocol rather than the Localizer itself: ``formats/`` sits below ``i18n/``, whose
    translators' review takes the workbooks it reads back through the package gate here."""

    def text(self, key: str) -> str: ...

    def enum(self, member: enum.Enum) -> str: ...


__all__ = [
    "ACTIONS",
    "ACTIONS_TABLE",
    "AGENCIES",
    "AGENCIES_TABLE",
    "AUDIENCE_NAME",
    "CASE_FACTS",
    "CASE_TABLE",
    "CATALOGUE",
    "FORMAT_VERSION",
    "GOALS",
    "GOALS_TABLE",
    "LANG_NAME",
    "LIST_HEADERS",
    "NOTE_KINDS",
    "OWNER_ROLES",
    "PROGRAMME_NAME",
    "READ_BACK_AUDIENCE",
    "RELATIONSHIP",
    "RELATIONSHIP_TABLE",
    "SESSIONS",
    "SESSIONS_TABLE",
    "SHAREABLE_MARK",
    "SHAREABLE_MARKS",
    "SHEETS",
    "TEAM",
    "TEAM_TABLE",
    "VERSION_NAME",
    "Column",
    "Table",
    "Words",
    "defined_name",
    "label",
    "sheet_label",
    "vocabularies",
]

FORMAT_VERSION = 1
"""The layout version in ``desistkit.tracker``; the reader refuses newer ones."""

PREFIX = "desistkit"
VERSION_NAME = f"{PREFIX}.tracker"
"""The constant name holding :data:`FORMAT_VERSION`: what makes a workbook a case tracker."""
AUDIENCE_NAME = f"{PREFIX}.audience"
"""The constant name holding the audience the tracker was shared for."""
LANG_NAME = f"{PREFIX}.lang"
"""The constant name holding the tracker's language (its words are read in it)."""
PROGRAMME_NAME = f"{PREFIX}.programme"
"""The constant name a programme tracker holds instead of :data:`VERSION_NAME` (it is not read back)."""
READ_BACK_AUDIENCE = "internal"
"""Only a tracker for this audience holds everything a case needs, so only it is read back."""

SHAREABLE_MARK = "✓"
"""What the shareable columns hold for a note or goal marked shareable (empty: not shareable)."""
SHAREABLE_MARKS = frozenset({SHAREABLE_MARK, "✔", "x", "X", "1"})
"""What the reader takes for the mark: the one written, and what a caseworker types for it."""

SHEETS = ("overview", "sessions", "goals", "relationship", "agencies", "catalogue", "charts")
"""The sheets' keys, in workbook order; their names are the labels :func:`sheet_label`."""

NOTE_KINDS = ("known", "assumed", "open", "gender_lens", "discrimination")
"""The values of the Sessions sheet's stance column: the three stances, then the two note lists a
reflection holds besides them (FactorReflection.gender_lens, .discrimination)."""


@attrs.frozen
class Column:
    """One column of a table: its key (in the defined name), header label key, width, kind of value.

    ``kind``: ``id`` (an id of the case), ``date``, ``text`` (free text, never echoed in errors),
    ``rating`` (``RATING_MIN`` to ``RATING_MAX``), ``mark`` (shareable), ``factors`` (factor names
    or ids), ``owner`` (a role: the words of :data:`OWNER_ROLES`, or free text),
    ``info`` (written for reading, ignored on import), or the name of a vocabulary (``stance``,
    ``valence``, ...).
    ``group``: the value belongs to the row's group (session, reflection, goal) and repeats on each
    of its rows; on import the non-empty cells of a group must agree.
    """

    key: str
    label: str
    width: float
    kind: str
    group: str | None = None


SESSIONS = (
    Column("date", "document.date", 13, "date", group="session"),
    Column("kind", "document.kind", 20, "kind", group="session"),
    Column("factor", "document.factor", 30, "info"),
    Column("category", "document.category", 24, "info"),
    Column("stance", "tracker.stance", 16, "stance"),
    Column("note", "document.note", 60, "text"),
    Column("perspective", "document.perspective", 20, "perspective"),
    Column("shareable", "tracker.shareable", 13, "mark"),
    Column("valence", "document.valence", 18, "valence", group="reflection"),
    Column("rating", "document.rating", 9, "rating", group="reflection"),
    Column("client_priority", "priority.client", 14, "priority", group="reflection"),
    Column("caseworker_priority", "priority.caseworker", 14, "priority", group="reflection"),
    Column("session_id", "tracker.session_id", 11, "id"),
    Column("factor_id", "tracker.factor_id", 34, "factor_id"),
)
"""The Sessions sheet's columns: what a reader reads first, the ids that tie rows together last."""

RELATIONSHIP = (
    Column("date", "document.date", 13, "date", group="session"),
    Column("kind", "document.kind", 20, "kind", group="session"),
    Column("rating", "document.rating", 9, "rating"),
    Column("note", "document.note", 60, "text"),
    Column("perspective", "document.perspective", 20, "perspective"),
    Column("shareable", "tracker.shareable", 13, "mark"),
    Column("session_id", "tracker.session_id", 11, "id"),
)

GOALS = (
    Column("goal", "document.goal", 46, "text", group="goal"),
    Column("agreement", "document.agreement", 14, "agreement", group="goal"),
    Column("status", "document.status", 14, "status"),
    Column("date", "document.date", 13, "date"),
    Column("factors", "document.linked_factors", 34, "factors", group="goal"),
    Column("owner", "document.owner", 20, "owner", group="goal"),
    Column("review_date", "document.review_date", 13, "date", group="goal"),
    Column("shareable", "tracker.shareable", 13, "mark", group="goal"),
    Column("goal_id", "tracker.goal_id", 10, "id"),
)
"""The Goals sheet's columns. ``factors``: the factors' names in the tracker's language (ids are read
too); ``owner``: a role, the words of :data:`OWNER_ROLES` for the roles desistkit knows."""

OWNER_ROLES = ("client", "caseworker")
"""The goal owners with a word in every language (``goal_owner.<role>``); any other role is free text."""

AGENCIES = (
    Column("date", "document.date", 13, "info", group="conference"),
    Column("occasion", "minutes.occasion", 24, "info", group="conference"),
    Column("factor", "document.factor", 28, "info"),
    Column("category", "document.category", 22, "info"),
    Column("agency", "document.agency", 26, "info"),
    Column("stance", "tracker.stance", 16, "stance"),
    Column("valence", "document.valence", 18, "valence"),
    Column("rating", "document.rating", 9, "rating"),
    Column("client_priority", "priority.client", 14, "priority"),
    Column("agency_priority", "minutes.agency_priority", 14, "priority"),
    Column("agree", "tracker.agencies.agree", 12, "mark", group="factor"),
    *(Column(d.value, f"minutes.divergence.{d.value}", 14, "mark", group="factor") for d in Divergence),
    Column("conference_id", "tracker.agencies.conference_id", 12, "id"),
    Column("factor_id", "tracker.factor_id", 30, "info"),
)
"""The Agencies sheet: one row per conference x factor (that an agency addressed) x contributing
agency; the factor's agreement and divergence marks repeat on each of its agencies' rows. Written
for reading (filters, pivot tables), not read back: conferences live in the case file."""

ACTIONS = (
    Column("date", "document.date", 13, "info", group="conference"),
    Column("action", "minutes.action", 40, "text"),
    Column("owner", "minutes.owner", 24, "info"),
    Column("due", "minutes.due", 13, "info"),
    Column("factors", "document.linked_factors", 28, "info"),
    Column("status", "document.status", 14, "info"),
    Column("conference_id", "tracker.agencies.conference_id", 12, "id"),
    Column("action_id", "tracker.agencies.action_id", 10, "id"),
)
"""Below the Agencies table: one row per action agreed at a conference, with its current status."""

TEAM = (
    Column("agency", "document.agency", 30, "text"),
    Column("role", "document.role", 46, "text"),
    Column("lead", "document.lead_agency", 14, "mark"),
)

CASE_FACTS = (
    Column("reference", "tracker.case_reference", 0, "reference"),
    Column("setting", "document.setting", 0, "setting"),
    Column("programme", "document.programme", 0, "text"),
    Column("opened", "tracker.opened", 0, "date"),
)

CATALOGUE = (
    Column("factor_id", "tracker.factor_id", 30, "info"),
    Column("factor", "document.factor", 32, "info"),
    Column("category", "document.category", 26, "info"),
    Column("description", "tracker.description", 70, "info"),
)
"""The factors sheet's table: written for reading and for the dropdowns, not read back."""

LIST_HEADERS = {
    "stance": "tracker.stance",
    "perspective": "document.perspective",
    "valence": "document.valence",
    "priority": "document.priorities",
    "kind": "document.kind",
    "status": "document.status",
    "agreement": "document.agreement",
    "setting": "document.setting",
}
"""The header label of each dropdown's list of words on the factors sheet (see :func:`vocabularies`)."""


@attrs.frozen
class Table:
    """A table the reader finds by its defined names: ``desistkit.<name>.<column key>``."""

    name: str
    sheet: str
    """The key (in :data:`SHEETS`) of the sheet the exporter puts it on."""
    columns: tuple[Column, ...]

    def defined_name(self, column: str) -> str:
        """The name of one column's header cell (of a case fact's value cell)."""
        return defined_name(self.name, column)

    @property
    def excel_name(self) -> str:
        """The Excel table's own name (shown in Excel's name box; not read back)."""
        return "WorkingRelationship" if self.name == "relationship" else self.name.capitalize()


SESSIONS_TABLE = Table("sessions", "sessions", SESSIONS)
RELATIONSHIP_TABLE = Table("relationship", "relationship", RELATIONSHIP)
GOALS_TABLE = Table("goals", "goals", GOALS)
TEAM_TABLE = Table("team", "overview", TEAM)
AGENCIES_TABLE = Table("agencies", "agencies", AGENCIES)
ACTIONS_TABLE = Table("actions", "agencies", ACTIONS)
CASE_TABLE = Table("case", "overview", CASE_FACTS)
"""The case facts: each defined name points at the fact's value cell, not at a header."""


def label(loc: Words, key: str) -> str:
    """A column's label in the tracker's language."""
    return loc.text(key)


def sheet_label(key: str) -> str:
    """The label key of a sheet's name (``tracker.sheet.sessions``)."""
    return f"tracker.sheet.{key}"


def defined_name(table: str, column: str) -> str:
    """The workbook-level name of a column's header cell (or of a case fact's value cell)."""
    return f"{PREFIX}.{table}.{column}"


def vocabularies(loc: Words) -> dict[str, list[tuple[str, str]]]:
    """For each vocabulary column kind: (machine value, word in this language), in list order."""

    def members(enum_type: type[enum.Enum]) -> list[tuple[str, str]]:
        return [(m.value, loc.enum(m)) for m in enum_type]

    stance = [(s.value, loc.enum(s)) for s in Stance]
    stance += [("gender_lens", loc.text("document.gender_lens"))]
    stance += [("discrimination", loc.text("document.discrimination"))]
    return {
        "stance": stance,
        "perspective": members(Perspective),
        "valence": members(Valence),
        "priority": members(Priority),
        "kind": members(SessionKind),
        "status": members(GoalStatus),
        "agreement": members(GoalAgreement),
        "setting": members(Setting),
    }
