"""Retention: an organisation's rules for forgetting on time, applied to closed cases.

An organisation writes its rules once, in a ``retention.toml``::

    format = "desistkit-retention/1"

    # Counted from the day the case was closed (the case file's closed.date).
    [drop]
    client = "12 months"   # the client record: names, birth date, numbers, contacts, places
                           # (its texts are then no longer shareable: redaction needs the record)
    notes = "5 years"      # every free text: notes, relationship notes, the handover note, goal wordings,
                           # and the conferences' notes, agreed actions, recommendations and what the
                           # client was told
    case = "never"         # the whole file; "never" keeps the pseudonymous structure for statistics

:func:`due` says what is due for a case on a day, :func:`apply` does it and returns the smaller case
(or None when the whole file goes) with an audit line that holds no personal data. Pure: text and
cases in, cases and lines out; ``desistkit retention`` reads and writes the files, and a service
calls ``apply`` from its nightly job. A case that is still open is never due.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from desistkit.core import _toml as tomllib
from desistkit.core.errors import Problem, RetentionPolicyError
from desistkit.core.model import (
    AgreedAction,
    Case,
    Conference,
    Contribution,
    FactorReflection,
    Goal,
    Note,
    Session,
)

__all__ = [
    "ERASED",
    "ITEMS",
    "RETENTION_FORMAT",
    "Due",
    "Period",
    "RetentionPolicy",
    "Treated",
    "apply",
    "due",
    "parse_retention",
    "upcoming",
]

RETENTION_FORMAT = "desistkit-retention/1"
ITEMS = ("client", "notes", "case")
"""What a policy can drop, smallest first: the client record, every free text, the whole case file."""
ERASED = "–"
"""The wording a goal (and what an agreed action) keeps once its words were dropped (neither can be
empty; the status history stays for the programme statistics)."""
_PERIOD = re.compile(r"^\s*([0-9]{1,3})\s+(day|week|month|year)s?\s*$")


@attrs.frozen
class Period:
    """A length of time: a number of days, weeks, months or years."""

    count: int
    unit: str  # "day", "week", "month" or "year"

    def after(self, day: dt.date) -> dt.date:
        """The day this period after ``day`` (the 31st plus a month is the end of the next month)."""
        if self.unit == "day":
            return day + dt.timedelta(days=self.count)
        if self.unit == "week":
            return day + dt.timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "year" else 1)
        year, month = divmod(day.month - 1 + months, 12)
        year += day.year
        month += 1
        for last in (31, 30, 29, 28):
            try:
                return dt.date(year, month, min(day.day, last))
            except ValueError:
                continue
        raise AssertionError("unreachable")  # pragma: no cover - February has 28 days

    def __str__(self) -> str:
        return f"{self.count} {self.unit}{'' if self.count == 1 else 's'}"


@attrs.frozen
class RetentionPolicy:
    """What is dropped how long after a case was closed; an item absent or "never" is kept."""

    periods: Mapping[str, Period]
    source: str = "retention policy"


@attrs.frozen
class Due:
    """One item of a case due to be dropped: since ``since`` (on or before the day asked)."""

    item: str  # one of ITEMS
    since: dt.date


@attrs.frozen
class Treated:
    """What :func:`apply` did to one case."""

    case: Case | None  # None: the whole case file is to be deleted
    dropped: tuple[Due, ...]
    line: Mapping[str, Any]  # the audit line (JSON-ready): no personal data, no reference in clear


def parse_retention(text: str, *, source: str = "retention policy") -> RetentionPolicy:
    """A retention policy from its TOML text.

    Raises:
        RetentionPolicyError: every problem at once, each with its location (``drop.notes``).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RetentionPolicyError(source, [Problem("", f"not valid TOML: {exc}")]) from None
    problems: list[Problem] = []
    fmt = data.get("format")
    if fmt != RETENTION_FORMAT:
        what = "is required" if fmt is None else f"must be {RETENTION_FORMAT!r}"
        problems.append(Problem("format", f"{what} (this desistkit reads {RETENTION_FORMAT!r})"))
    problems += [
        Problem(key, "unknown key; expected format or drop") for key in data if key not in ("format", "drop")
    ]
    drop = data.get("drop", {})
    periods: dict[str, Period] = {}
    if not isinstance(drop, dict):
        problems.append(Problem("drop", "must be a table: [drop] with client, notes and case"))
        drop = {}
    for item, value in drop.items():
        where = f"drop.{item}"
        if item not in ITEMS:
            problems.append(Problem(where, f"unknown item; expected one of {', '.join(ITEMS)}"))
            continue
        if value == "never":
            continue
        match = _PERIOD.match(value) if isinstance(value, str) else None
        if match is None or int(match.group(1)) == 0:
            shown = repr(value) if isinstance(value, str) and len(value) <= 40 else type(value).__name__
            problems.append(
                Problem(where, f"expected a period such as '5 years', '12 months' or 'never', got {shown}")
            )
            continue
        periods[item] = Period(int(match.group(1)), match.group(2))
    if problems:
        raise RetentionPolicyError(source, problems)
    return RetentionPolicy(periods, source)


def due(case: Case, policy: RetentionPolicy, today: dt.date) -> tuple[Due, ...]:
    """What is due to be dropped from ``case`` on ``today`` and is still there, smallest item first.

    Nothing is due for a case that is still open (no ``closed``).
    """
    if case.closed is None:
        return ()
    found = []
    for item in ITEMS:
        period = policy.periods.get(item)
        if period is None:
            continue
        since = period.after(case.closed.date)
        if since <= today and _present(case, item):
            found.append(Due(item, since))
    if any(d.item == "case" for d in found):  # the whole file goes: the rest is part of it
        found = [d for d in found if d.item == "case"]
    return tuple(found)


def upcoming(case: Case, policy: RetentionPolicy) -> tuple[Due, ...]:
    """Every item the policy will drop from ``case`` and when (closed cases only), due or not."""
    if case.closed is None:
        return ()
    closed = case.closed.date
    return tuple(Due(i, policy.periods[i].after(closed)) for i in ITEMS if i in policy.periods)


def apply(case: Case, policy: RetentionPolicy, today: dt.date) -> Treated:
    """Drop what is due on ``today``; the audit line says what, never from whom.

    The line names the case by a digest (``sha256:`` and 16 hex digits of its reference), so that a
    data protection officer can check that a given case was treated without the log listing cases.
    """
    todo = due(case, policy, today)
    items = {d.item for d in todo}
    counts: dict[str, int] = {}
    result: Case | None = case
    if "case" in items:
        result = None
    else:
        if "notes" in items:
            counts["notes"] = _free_texts(case)
            result = _without_free_text(case)
        if "client" in items and result is not None:
            # Redaction finds the client's names through the client record: without it, no text of
            # the case may leave the team any more. Every note and goal becomes not shareable.
            result = _unshared(attrs.evolve(result, client=None))
    line = {
        "event": "retention",
        "case": "sha256:" + hashlib.sha256(case.reference.encode("utf-8")).hexdigest()[:16],
        "on": today.isoformat(),
        "policy": RETENTION_FORMAT,
        "dropped": [d.item for d in todo],
        "counts": counts,
    }
    return Treated(result, todo, line)


def _present(case: Case, item: str) -> bool:
    if item == "client":
        return case.client is not None
    if item == "notes":
        return _free_texts(case) > 0
    return True


def _free_texts(case: Case) -> int:
    notes = sum(len(r.all_notes) for s in case.sessions for r in s.reflections)
    relationship = sum(1 for s in case.sessions if s.working_relationship and s.working_relationship.note)
    goals = sum(1 for g in case.goals if g.wording != ERASED)
    conferences = sum(
        sum(len(r.all_notes) for x in c.contributions for r in x.reflections)
        + sum(1 for a in c.actions if a.what != ERASED)
        + len(c.recommendations)
        + (c.client_informed is not None)
        for c in case.conferences
    )
    return notes + relationship + goals + conferences + (case.handover_note is not None)


def _unshared(case: Case) -> Case:
    def notes(items: tuple[Note, ...]) -> tuple[Note, ...]:
        return tuple(attrs.evolve(n, shareable=False) for n in items)

    def reflection(r: FactorReflection) -> FactorReflection:
        return r.map_notes(notes)

    def session(s: Session) -> Session:
        wr = s.working_relationship
        if wr is not None and wr.note is not None:
            wr = attrs.evolve(wr, note=attrs.evolve(wr.note, shareable=False))
        return attrs.evolve(s, reflections=tuple(map(reflection, s.reflections)), working_relationship=wr)

    def conference(c: Conference) -> Conference:
        informed = c.client_informed
        return attrs.evolve(
            c,
            contributions=tuple(_with_reflections(x, reflection) for x in c.contributions),
            actions=tuple(attrs.evolve(a, shareable=False) for a in c.actions),
            recommendations=notes(c.recommendations),
            client_informed=None if informed is None else attrs.evolve(informed, shareable=False),
        )

    note = case.handover_note
    return attrs.evolve(
        case,
        sessions=tuple(map(session, case.sessions)),
        goals=tuple(attrs.evolve(g, shareable=False) for g in case.goals),
        conferences=tuple(map(conference, case.conferences)),
        handover_note=None if note is None else attrs.evolve(note, shareable=False),
    )


def _with_reflections(
    contribution: Contribution, change: Callable[[FactorReflection], FactorReflection]
) -> Contribution:
    return attrs.evolve(contribution, reflections=tuple(map(change, contribution.reflections)))


def _without_free_text(case: Case) -> Case:
    def reflection(r: FactorReflection) -> FactorReflection:
        return r.map_notes(lambda notes: ())

    def session(s: Session) -> Session:
        wr = s.working_relationship
        return attrs.evolve(
            s,
            reflections=tuple(map(reflection, s.reflections)),
            working_relationship=None if wr is None else attrs.evolve(wr, note=None),
        )

    def goal(g: Goal) -> Goal:
        return attrs.evolve(g, wording=ERASED)

    def action(a: AgreedAction) -> AgreedAction:
        return attrs.evolve(a, what=ERASED)

    def conference(c: Conference) -> Conference:
        # Who took part, the agencies' ratings and the actions' status stay, like a session's.
        return attrs.evolve(
            c,
            contributions=tuple(_with_reflections(x, reflection) for x in c.contributions),
            actions=tuple(map(action, c.actions)),
            recommendations=(),
            client_informed=None,
        )

    return attrs.evolve(
        case,
        sessions=tuple(map(session, case.sessions)),
        goals=tuple(map(goal, case.goals)),
        conferences=tuple(map(conference, case.conferences)),
        handover_note=None,
    )
