"""Content built once, rendered many times: what a document about a shared case says.

:func:`case_content` turns a SharedCase and a Localizer into a :class:`CaseContent` (title facts,
factors by category with their notes, goals, working relationship, charts, what moved since the
last case conference, open questions, blind spots, participants). The deck, the Word summary, the
plain-text summary and the tracker's overview draw it; none of them computes a view or decides what
a withheld text reads as. A new format is a renderer of these values, nothing more.
"""

from desistkit.export.content.build import (
    STANCE_COLOURS,
    blank_categories,
    case_content,
    categories,
    rating_text,
    title_facts,
    without_notes,
)
from desistkit.export.content.model import (
    CaseContent,
    CategoryView,
    Chart,
    ChartKind,
    Fact,
    FactorView,
    GoalView,
    Listing,
    NoteLine,
    Notes,
    PriorityMark,
    RelationshipEntry,
    Series,
    Since,
    Table,
    TitleFacts,
    Withheld,
)

__all__ = [
    "STANCE_COLOURS",
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
    "blank_categories",
    "case_content",
    "categories",
    "rating_text",
    "title_facts",
    "without_notes",
]
