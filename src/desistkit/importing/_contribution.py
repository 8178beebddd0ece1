"""One agency's contribution into a case's conference: created, added or replaced, never silently.

The deck importer reads the contribution; here it goes into the case. A conference the case does
not have yet is created (its date must be given: nothing here reads a clock); an existing one keeps
its date and occasion; a format 1 ``case_conference`` session (read as a conference by
:attr:`~desistkit.Case.conference_history`) becomes a recorded conference with its single
contribution kept, so that adding a second agency loses nothing. An agency's earlier contribution
is replaced only when asked; another agency's is never touched.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from desistkit.core.model import ID_PATTERN, Case, Conference, ConferenceOccasion, Contribution
from desistkit.importing.toolkit import Problems

__all__ = ["ContributionRequest", "add_contribution"]


@attrs.frozen
class ContributionRequest:
    """What the caller asked for: the conference's id, the agency (None: the one the deck names),
    the date and occasion of a new conference, and whether to replace the agency's contribution."""

    conference: str | None
    agency: str | None
    date: dt.date | None
    occasion: ConferenceOccasion | None
    replace: bool


def add_contribution(
    base: Case,
    conference_id: str,
    contribution: Contribution,
    request: ContributionRequest,
    problems: Problems,
) -> Case | None:
    """``base`` with the contribution in conference ``conference_id``; None after adding to
    ``problems`` what stands in the way."""
    if not re.match(ID_PATTERN, conference_id):
        problems.add("", f"conference id {conference_id!r}: expected lower-case letters, digits, '_' and '-'")
        return None
    existing = next((c for c in base.conference_history if c.id == conference_id), None)
    if existing is None:
        if request.date is None:
            problems.add("", f"the case has no conference {conference_id!r} yet: give its date (CLI: --date)")
            return None
        made = Conference(
            id=conference_id,
            date=request.date,
            occasion=request.occasion or ConferenceOccasion.OTHER,
            contributions=(contribution,),
        )
        return attrs.evolve(base, conferences=(*base.conferences, made))
    stale = False
    if request.date is not None and request.date != existing.date:
        problems.add(
            "",
            f"conference {conference_id!r} was held on {existing.date.isoformat()}, not on "
            f"{request.date.isoformat()}: leave the date out (CLI: --date), or give a new conference id",
        )
        stale = True
    if request.occasion is not None and request.occasion is not existing.occasion:
        problems.add(
            "",
            f"conference {conference_id!r} was held for {existing.occasion.value!r}, not "
            f"{request.occasion.value!r}: leave the occasion out (CLI: --occasion)",
        )
        stale = True
    earlier = existing.contribution(contribution.agency)
    if earlier is not None and not request.replace:
        when = f" (written {earlier.written.isoformat()})" if earlier.written else ""
        problems.add(
            "",
            f"conference {conference_id!r} already has the contribution of {contribution.agency!r}{when}: "
            "give replace (CLI: --replace) to replace it",
        )
        stale = True
    if stale:
        return None
    if earlier is None:
        contributions = (*existing.contributions, contribution)
    else:
        contributions = tuple(contribution if c is earlier else c for c in existing.contributions)
    updated = attrs.evolve(existing, contributions=contributions)
    if any(c.id == conference_id for c in base.conferences):
        conferences = tuple(updated if c.id == conference_id else c for c in base.conferences)
    else:  # a format 1 case_conference session: recorded from now on, its contribution kept
        conferences = (*base.conferences, updated)
    return attrs.evolve(base, conferences=conferences)
