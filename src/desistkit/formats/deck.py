"""The CaseReflector deck's contract: the names of the boxes that carry data.

The deck exporter names every box a reader needs (``<factor id>:known``, ``goal:<id>:status``,
``case:reference``, ...) with the functions here, and the deck importer recognises them with
:func:`parse`, so the two cannot drift apart. A box split over continuation slides keeps its name
with ``:2``, ``:3``, ... appended (:func:`continued`).

The names are what PowerPoint shows in its selection pane; they carry ids only, never a client's
data (ids are renumbered for external audiences before they get here).
"""

from __future__ import annotations

import re

import attrs

from desistkit.core.model import Stance

__all__ = [
    "AGENCY_EXPECTED",
    "AGENCY_MAX_LENGTH",
    "ASSESSMENT",
    "CASE_REFERENCE",
    "CONTRIBUTION_PREFIX",
    "FACTOR_FIELDS",
    "FACTOR_NAME",
    "FACTS_PREFIX",
    "GOAL_FIELDS",
    "SESSION_DATE",
    "TITLE_FIELDS",
    "ContributionFacts",
    "DeckFacts",
    "FactorBox",
    "GoalBox",
    "TitleBox",
    "agency_problem",
    "category_band",
    "continued",
    "contribution_name",
    "factor_box",
    "facts_name",
    "goal_box",
    "is_data_box",
    "new_goal_id",
    "overview_box",
    "parse",
    "relationship_box",
    "stance_heading",
]

ASSESSMENT = "assessment"
"""The box holding a factor's valence, rating and priorities."""

FACTOR_NAME = "factor"
"""The box holding a factor's name (not read back)."""

FACTOR_FIELDS: tuple[str, ...] = (*(s.value for s in Stance), ASSESSMENT)
"""The boxes of a factor's row that are read back: one per stance, and the assessment."""

GOAL_FIELDS = ("wording", "factors", "agreement", "status", "review")
"""The columns of a goal row, in the order the deck draws them."""

CASE_REFERENCE = "case:reference"
SESSION_DATE = "session:date"
TITLE_FIELDS = (CASE_REFERENCE, SESSION_DATE)
"""The two small boxes on the title slide: the case reference and the date of the reflection."""

FACTS_PREFIX = "desistkit:deck"
"""The start of the name of the shape (the title slide's subtitle) that says, in a deck desistkit
generated, what the importer needs: ``desistkit:deck reference=K-1;setting=prison;date=2025-06-01``.
Ids and machine values only; the reference is the one the deck's title shows."""

CONTRIBUTION_PREFIX = "desistkit:contribution agency="
"""The start of the name of the box on the title slide of a blank deck made for one agency
(``desistkit reflector --blank --for AGENCY``): ``desistkit:contribution agency=Probation service``.
The rest of the name is the agency, as given; the importer reads the deck as that agency's
contribution to a case conference and refuses it for another agency. An agency is an
organisation, never a person: the name carries no personal data."""

AGENCY_MAX_LENGTH = 120
"""The longest agency name a deck carries (a shape name PowerPoint shows in one line)."""

_NEW_GOAL = "_new"
_FACTOR = re.compile(
    r"^(?P<factor>[a-z][a-z0-9_]*):(?P<field>" + "|".join(FACTOR_FIELDS) + r")(?::(?P<part>\d+))?$"
)
_GOAL = re.compile(r"^goal:(?P<id>[A-Za-z0-9._-]+):(?P<field>" + "|".join(GOAL_FIELDS) + r")$")
_NEW_GOAL_ID = re.compile(rf"^{_NEW_GOAL}\d+$")


@attrs.frozen
class FactorBox:
    """A factor's box: ``field`` is a stance value or ``assessment``; ``part`` counts continuations."""

    factor: str
    field: str
    part: int = 1


@attrs.frozen
class GoalBox:
    """A goal's cell; ``new`` for the empty rows of a blank deck (``goal:_new3:wording``)."""

    goal: str
    field: str

    @property
    def new(self) -> bool:
        return _NEW_GOAL_ID.match(self.goal) is not None


@attrs.frozen
class DeckFacts:
    """What a generated deck says about itself (:data:`FACTS_PREFIX`); empty strings where unknown."""

    reference: str = ""
    setting: str = ""
    date: str = ""  # ISO 8601, as precise as the shared case's session dates


@attrs.frozen
class ContributionFacts:
    """The agency a blank deck was made for (:data:`CONTRIBUTION_PREFIX`)."""

    agency: str


@attrs.frozen
class TitleBox:
    """One of :data:`TITLE_FIELDS`."""

    name: str


def factor_box(factor_id: str, field: str) -> str:
    """The name of a factor's box: a stance value, ``assessment`` or ``factor`` (the name cell)."""
    return f"{factor_id}:{field}"


def goal_box(goal_id: str, field: str) -> str:
    """The name of a goal's cell, ``field`` one of :data:`GOAL_FIELDS`."""
    return f"goal:{goal_id}:{field}"


def new_goal_id(number: int) -> str:
    """The id of the ``number``-th empty goal row of a blank deck (from 1)."""
    return f"{_NEW_GOAL}{number}"


def overview_box(factor_id: str) -> str:
    """The name of a factor's cell on the overview slide (not read back)."""
    return f"{factor_id}:overview"


def category_band(category_id: str) -> str:
    """The name of a category's coloured band (not read back)."""
    return f"category:{category_id}"


def stance_heading(stance: Stance) -> str:
    """The name of a stance's column heading on a reflection slide (not read back)."""
    return f"stance-heading:{stance.value}"


def relationship_box(session_id: str) -> str:
    """The name of a session's box on the working-relationship slide (not read back)."""
    return f"relationship:{session_id}"


def facts_name(reference: str, setting: str, date: str | None) -> str:
    """The name of the shape that carries :class:`DeckFacts` (a reference holds no ``;`` or ``=``)."""
    values = {"reference": reference, "setting": setting, "date": date or ""}
    return f"{FACTS_PREFIX} " + ";".join(f"{k}={v}" for k, v in values.items() if v)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


AGENCY_EXPECTED = (
    f"an agency name of one line, with a letter or digit, at most {AGENCY_MAX_LENGTH} characters"
)
"""What an agency name for a deck must be: what messages say was expected."""


def agency_problem(agency: str) -> str | None:
    """What is wrong with an agency name for a deck, as what was given ("a name with a line
    break"), or None: see :data:`AGENCY_EXPECTED` (a shape name is one line). Never the name."""
    if not any(c.isalnum() for c in agency):
        return "a name without a letter or digit"
    if _CONTROL.search(agency):
        return "a name with a line break or control character"
    if len(agency.strip()) > AGENCY_MAX_LENGTH:
        return f"a name of {len(agency.strip())} characters"
    return None


def contribution_name(agency: str) -> str:
    """The name of the box that says which agency's contribution a blank deck holds."""
    problem = agency_problem(agency)
    if problem is not None:
        raise ValueError(f"expected {AGENCY_EXPECTED}, got {problem}")
    return CONTRIBUTION_PREFIX + agency.strip()


def continued(name: str, part: int) -> str:
    """The name of a box's ``part``-th piece (from 2) on a continuation slide."""
    return f"{name}:{part}"


def parse(name: str) -> FactorBox | GoalBox | TitleBox | DeckFacts | ContributionFacts | None:
    """What a box name means, or None for a box that carries no data to read back."""
    if name in TITLE_FIELDS:
        return TitleBox(name)
    if name.startswith(CONTRIBUTION_PREFIX) and name[len(CONTRIBUTION_PREFIX) :].strip():
        return ContributionFacts(name[len(CONTRIBUTION_PREFIX) :].strip())
    if name.startswith(FACTS_PREFIX + " "):
        pairs = (item.partition("=") for item in name[len(FACTS_PREFIX) + 1 :].split(";"))
        known = {k.strip(): v.strip() for k, _, v in pairs if k.strip() in ("reference", "setting", "date")}
        return DeckFacts(**known)
    found = _FACTOR.match(name)
    if found:
        return FactorBox(found["factor"], found["field"], int(found["part"] or 1))
    found = _GOAL.match(name)
    if found:
        return GoalBox(found["id"], found["field"])
    return None


def is_data_box(name: str) -> bool:
    """Whether a box with this name is one the importer reads."""
    return parse(name) is not None
