"""What the consent sheet tells the client, derived from the sharing policy so that it is always true.

The sheet is for the conversation in which a client decides what may be shared and with whom. Each
audience's sentences ("they would see the month of our meetings, not the day") are read off its
rules in the policy, the same rules :func:`~desistkit.share` applies; nothing here is written by
hand per audience except a plain-language description of who the built-in audiences are. Pure:
label keys and their fields, which an exporter turns into sentences in one or two languages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.errors import SharingError
from desistkit.core.model import Case
from desistkit.sharing._policy import AudienceRules, Policy, default_policy

__all__ = ["SHEET_TOPICS", "AudienceSheet", "ConsentSheet", "Line", "SheetRow", "consent_sheet"]

SHEET_TOPICS = ("goals", "working_relationship", "handover_note")
"""The topics besides the factors a client can tick (``Consent.topics``): the ones share() checks."""

# Built-in audiences with a client-facing description (consent.about.<name>) and purposes with
# a plain-language sentence (consent.purpose.<purpose>); others get a neutral sentence.
_DESCRIBED = ("case-conference", "security", "research", "handover")
_PURPOSES = ("case-planning", "risk-assessment", "research", "continuity")


@attrs.frozen
class Line:
    """One sentence: a label key under ``consent.`` and its fields (already plain strings)."""

    key: str
    fields: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class AudienceSheet:
    """One audience as the client reads it: who, what for, what they would and would not see."""

    name: str
    purpose: str
    described: bool  # a built-in description exists (consent.about.<name>)
    purpose_described: bool
    sees: tuple[Line, ...]
    not_sees: tuple[Line, ...]
    unticked: Line
    rows: frozenset[str]  # the row ids this audience can be asked about (the others: nothing to share)


@attrs.frozen
class SheetRow:
    """A row of tick boxes: a category of factors (``category:<id>``) or a topic (``topic:<name>``)."""

    id: str
    category: str | None
    topic: str | None
    factors: tuple[str, ...]  # the category's factor ids, all of them: a tick covers the whole area
    addressed: tuple[str, ...]  # the factors of the category the case has addressed so far


@attrs.frozen
class ConsentSheet:
    """Everything the consent sheet says, before it is put into words."""

    reference: str
    audiences: tuple[AudienceSheet, ...]
    rows: tuple[SheetRow, ...]
    never: tuple[Line, ...]

    @property
    def common(self) -> tuple[Line, ...]:
        """What every audience on the sheet would see (or not see), said once for all of them."""
        lines = [(*a.sees, a.unticked, *a.not_sees) for a in self.audiences]
        return tuple(x for x in lines[0] if all(x in other for other in lines[1:]))

    def specific(self, audience: AudienceSheet) -> tuple[tuple[Line, ...], tuple[Line, ...]]:
        """What only some audiences would see, for one of them: (sees, does not see)."""
        common = self.common
        sees = tuple(x for x in (*audience.sees, audience.unticked) if x not in common)
        return sees, tuple(x for x in audience.not_sees if x not in common)


def consent_sheet(
    case: Case,
    *,
    policy: Policy | None = None,
    audiences: Sequence[str] = (),
    catalogue: Catalogue | None = None,
) -> ConsentSheet:
    """The consent sheet's content for a case: ``audiences`` (default every external audience of the
    policy), what each would see under the policy, and the rows to tick.

    Raises:
        UnknownAudienceError: The policy does not define an audience asked for.
        SharingError: An internal audience was asked for (the team needs no consent to read its own
            case file) or the policy has no external audience.
    """
    chosen = policy or default_policy()
    names = list(dict.fromkeys(audiences)) or [n for n, r in chosen.audiences.items() if not r.internal]
    rules = [chosen.audience(n) for n in names]
    internal = [r.name for r in rules if r.internal]
    if internal:
        raise SharingError(
            f"audience {internal[0]!r} is the organisation's own team: it needs no consent sheet; "
            "choose external audiences"
        )
    if not rules:
        raise SharingError("the policy has no external audience to ask the client about")
    cat = catalogue or default_catalogue()
    addressed = {r.factor_id for s in case.sessions for r in s.reflections}
    rows = [
        SheetRow(
            f"category:{c.id}",
            c.id,
            None,
            tuple(f.id for f in cat.factors_in(c.id)),
            tuple(f.id for f in cat.factors_in(c.id) if f.id in addressed),
        )
        for c in cat.categories
    ]
    rows += [SheetRow(f"topic:{t}", None, t, (), ()) for t in SHEET_TOPICS]
    return ConsentSheet(
        reference=case.reference,
        audiences=tuple(_audience(r, rows) for r in rules),
        rows=tuple(rows),
        never=_NEVER,
    )


def _audience(rules: AudienceRules, rows: Sequence[SheetRow]) -> AudienceSheet:
    a = rules.action
    sees: list[Line] = [Line("sees_code")]  # `keep` is for internal audiences, which need no consent
    if a("client") == "generalise:age-band":
        sees.append(Line("sees_age_band"))
    not_sees: list[Line] = []
    if a("ratings") == "keep":
        sees.append(Line("sees_ratings"))
    else:
        not_sees.append(Line("not_ratings"))
    if a("note.text") == "drop":
        not_sees.append(Line("not_notes"))
    else:
        sees.append(Line("sees_notes"))
    if a("goal.wording") == "drop":
        sees.append(Line("sees_goal_status"))
    else:
        sees.append(Line("sees_goals"))
    if a("working_relationship") == "drop":
        not_sees.append(Line("not_relationship"))
    elif a("working_relationship.note") == "drop":
        sees.append(Line("sees_relationship"))
    else:
        sees.append(Line("sees_relationship_note"))
    sees.append(Line(f"dates_{_precision(a('session.date'))}"))
    goal_dates = a("goal.dates")
    if goal_dates != "drop" and _precision(goal_dates) != _precision(a("session.date")):
        sees.append(Line(f"goal_dates_{_precision(goal_dates)}"))
    if a("team") != "drop":  # agencies and roles, by type (catalogue): never a person's name
        sees.append(Line("sees_services"))
    topics = {"goals", "handover_note"} if a("note.text") != "drop" else {"goals"}
    if a("working_relationship") != "drop":
        topics.add("working_relationship")
    if a("ratings") == "drop":
        unticked = Line("unticked_drop") if rules.unconsented == "drop" else Line("unticked_structure_bare")
    else:
        unticked = Line("unticked_drop") if rules.unconsented == "drop" else Line("unticked_structure")
    return AudienceSheet(
        name=rules.name,
        purpose=rules.purpose,
        described=rules.name in _DESCRIBED,
        purpose_described=rules.purpose in _PURPOSES,
        sees=tuple(sees),
        not_sees=tuple(not_sees),
        unticked=unticked,
        rows=frozenset(r.id for r in rows if r.topic is None or r.topic in topics),
    )


def _precision(action: str) -> str:
    return {"keep": "day", "generalise:month": "month"}.get(action, "week")


# What no external audience gets, whatever the client ticks: share() never lets the identity record,
# notes not marked shareable or the consent records themselves leave the team (the policy format
# refuses `keep` for them outside an internal audience).
_NEVER = (Line("never_identity"), Line("never_unmarked"), Line("never_consents"))
