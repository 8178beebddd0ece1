"""What a document about a shared case says, independent of how it is drawn.

Frozen values, built once by :mod:`.build` from a SharedCase and a Localizer: every word is already
in the document's language and every withheld text is a :class:`Withheld` marker, never the marker
string of the sharing layer and never a sentence standing where a name belongs. A renderer (deck,
Word summary, plain text, and whatever format comes next) decides only how to draw these values.
Enums are kept beside their words where a renderer draws them as symbols or colours.
"""

from __future__ import annotations

import enum

import attrs

from desistkit.core.model import GoalStatus, Priority, Stance, Valence

__all__ = [
    "CaseContent",
    "CategoryView",
    "Chart",
    "ChartKind",
    "Fact",
    "FactorView",
    "GoalView",
    "Listing",
    "NoteLine",
    "Notes",
    "PriorityMark",
    "RelationshipEntry",
    "Series",
    "Since",
    "Table",
    "TitleFacts",
    "Withheld",
]


@attrs.frozen
class Withheld:
    """``count`` texts the audience may not read: drawn as a marker, never listed as a name."""

    count: int


@attrs.frozen
class Fact:
    """A fact under the title: ``label: value``, or a whole sentence when there is no label."""

    label: str | None
    value: str

    @property
    def line(self) -> str:
        return f"{self.label}: {self.value}" if self.label else self.value


@attrs.frozen
class TitleFacts:
    """What every document says under its title, in this order (:attr:`facts`)."""

    title: str  # "Case <reference>"
    reference: str
    marking: str  # the audience marking
    setting: Fact
    programme: Fact | None
    period: Fact | None
    exported: Fact
    pseudonym_notice: Fact | None
    latest_session: str  # the latest session's date as the audience may see it ("" without sessions)
    latest_session_iso: str | None  # the same as ISO 8601 where the audience may see the day
    withheld: tuple[Fact, ...] = ()
    """Why notes or goal wordings are withheld, and since when ("Withheld: consent expired on
    7 April 2026"), one sentence per reason: the documents say it under the title."""
    setting_id: str = (
        ""  # the setting's machine value (``prison``), for what a document writes to be read back
    )
    session_date_iso: str | None = None  # the latest session's date as the shared case holds it

    @property
    def facts(self) -> tuple[Fact, ...]:
        found = (self.setting, self.programme, self.period, self.exported, self.pseudonym_notice)
        return (*(f for f in found if f is not None), *self.withheld)


@attrs.frozen
class NoteLine:
    """A note the audience may read, and whose view it is."""

    text: str
    perspective: str


@attrs.frozen
class Notes:
    """The notes under one heading: those the audience may read, and a marker for the others."""

    lines: tuple[NoteLine, ...] = ()
    withheld: Withheld | None = None

    def __bool__(self) -> bool:
        return bool(self.lines) or self.withheld is not None


@attrs.frozen
class PriorityMark:
    """A priority one side gave a factor: who (``client``/``caseworker``), their label, the word."""

    who: str
    label: str
    priority: Priority
    word: str


@attrs.frozen
class FactorView:
    """What the case says about one factor at its latest reflection."""

    factor_id: str
    name: str
    reflected: bool
    stances: tuple[Stance, ...]  # the stances with notes, in stance order
    stance_words: str  # those stances as words, or "not addressed"
    valence: Valence | None
    valence_word: str
    rating: str  # "3 / 4" or "not rated"; "" when not reflected
    priorities: tuple[PriorityMark, ...]
    priority_words: str  # "high / –"; "" when not reflected
    notes: tuple[Notes, ...]  # one per Stance, in stance order
    gender_lens: Notes
    discrimination: Notes

    def notes_for(self, stance: Stance) -> Notes:
        return self.notes[list(Stance).index(stance)]

    @property
    def withheld(self) -> int:
        """How many of this factor's notes the audience may not read."""
        groups = (*self.notes, self.gender_lens, self.discrimination)
        return sum(n.withheld.count for n in groups if n.withheld is not None)


@attrs.frozen
class CategoryView:
    category_id: str
    name: str
    colour: str  # "#RRGGBB"
    factors: tuple[FactorView, ...]


@attrs.frozen
class GoalView:
    goal_id: str
    wording: str | Withheld  # a Withheld goal is drawn as "(wording not released)", never as a name
    linked: str  # the linked factors' names, or "–"
    agreement: str
    status: GoalStatus
    status_word: str
    review: str  # as the audience may see it, or "–"
    review_iso: str | None  # ISO 8601 where the audience may see the day


@attrs.frozen
class RelationshipEntry:
    session_id: str
    line: str  # "<date> (<kind>): 3 / 4"
    rating: int
    note: Notes


class ChartKind(enum.Enum):
    LINE = "line"
    RADAR = "radar"
    CLUSTERED_BAR = "clustered_bar"  # horizontal bars side by side: a category per row
    STACKED_COLUMN = "stacked_column"


@attrs.frozen
class Series:
    name: str
    values: tuple[int | float | None, ...]
    colour: str  # "#RRGGBB": one palette for every document


@attrs.frozen
class Chart:
    """A chart's data; ``key`` names its title and alt text (``reflector.<key>``, ``..._alt``)."""

    kind: ChartKind
    key: str
    title: str
    alt: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    minimum: int | None = None
    maximum: int | None = None


@attrs.frozen
class Listing:
    """A labelled list of names; withheld ones as a marker after them."""

    label: str
    items: tuple[str, ...]
    withheld: Withheld | None = None


@attrs.frozen
class Since:
    """What moved since the last case conference; ``compared`` False: there was none to compare."""

    compared: bool
    sentence: str
    listings: tuple[Listing, ...]


@attrs.frozen
class Table:
    """A table of plain texts under a header row."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@attrs.frozen
class CaseContent:
    """Everything a document about a shared case says, built once."""

    title: TitleFacts
    categories: tuple[CategoryView, ...]
    goals: tuple[GoalView, ...]
    relationship: tuple[RelationshipEntry, ...]
    relationship_chart: Chart | None
    ratings_chart: Chart  # first and latest rating of every factor rated in either
    stances_chart: Chart  # the knowledge state per session
    since: Since
    questions: tuple[Fact, ...]  # factor name: the open question
    questions_withheld: Withheld | None
    blind_spots: tuple[Fact, ...]  # factor name: the reason
    participants: Table | None

    @property
    def withheld_notes(self) -> int:
        """How many notes on factors the audience may not read."""
        return sum(f.withheld for c in self.categories for f in c.factors)
