"""What a case must satisfy beyond its fields' own rules: unique ids, known factors, dates in order.

Pure functions that return :class:`~desistkit.core.errors.Problem` s, located by the case file's
JSON path (``sessions[2].reflections.faith``), whoever built the case:

- :func:`case_problems` checks a :class:`~desistkit.core.model.Case` built in Python or read from a
  document (the importers call it on the case they built);
- the rules themselves (:func:`duplicate_ids`, :func:`unknown_factor`, :func:`history_in_order`,
  :func:`consent_problems`) also serve the case file loader, which applies them to the JSON before
  any ``Case`` exists. One wording, one rule, two walks.

Every check is linear in the size of the case: a 100,000-session case is checked in well under a
second (``benchmarks/bench_casefile.py``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import Problem
from desistkit.core.model import ID_PATTERN, Case, echoable

__all__ = [
    "case_problems",
    "closure_problems",
    "consent_problems",
    "duplicate_agencies",
    "duplicate_ids",
    "future_dates",
    "history_in_order",
    "path_key",
    "shown",
    "unknown_factor",
    "unknown_owner",
]

_SHOWABLE = re.compile(r"[\w.:/+-]{1,40}\Z")
_ID_KEY = re.compile(ID_PATTERN)  # a key written as an id


def shown(value: object, expected: Sequence[str] = ()) -> str:
    """A value for a message, if it is safe to repeat; a description of it otherwise.

    A string is repeated only when :func:`desistkit.core.model.echoable` (a short token with a digit
    that is not a word, a phone or a record number) or a near miss of an expected word: a typo like
    'prisonn' or 's1 ' is shown, a name typed into the wrong field is not. (Callers never pass
    values of the client record.)
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if value is None:
        return "null"
    if isinstance(value, str):
        if echoable(value) or (_SHOWABLE.match(value) and close_match(value, expected)):
            return repr(value)
        return f"a string of {len(value)} characters"
    return "an array" if isinstance(value, list) else "an object"


def path_key(key: str) -> str:
    """A key of an input file for a location: the key if it is written as an id, else its length.

    Hand-edited files put names where keys go (``{"Sabine Brückner": "mother"}``), and locations end
    up in logs and HTTP responses as surely as messages do."""
    return key if _ID_KEY.match(key) else f"<key of {len(key)} characters>"


def close_match(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate ``word`` is most likely a typo of, if any."""
    import difflib  # only for a mistake: not loaded for every case file

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return close[0] if close else None


# --- the rules --------------------------------------------------------------------------------------


def _repeats(values: Iterable[tuple[int, object]]) -> Iterator[tuple[int, str, int]]:
    """Each string that repeats among ``(index, value)`` pairs: ``(index, value, first index)``
    (linear: a dict). Values that are not strings are left to the schema."""
    first: dict[str, int] = {}
    for i, value in values:
        if isinstance(value, str):
            earlier = first.setdefault(value, i)
            if earlier != i:
                yield i, value, earlier


def duplicate_ids(ids: Iterable[tuple[int, object]], where: str, what: str) -> Iterator[Problem]:
    """Each repeat of an id among ``(index, id)`` pairs, naming the first use."""
    for i, ident, earlier in _repeats(ids):
        yield Problem(f"{where}[{i}].id", f"duplicate {what} id {shown(ident)} (also {where}[{earlier}])")


def duplicate_agencies(agencies: Iterable[tuple[int, object]], where: str) -> Iterator[Problem]:
    """Each agency that appears twice among ``(index, agency)`` pairs: one contribution, one
    participant entry per agency."""
    for i, _, earlier in _repeats(agencies):
        yield Problem(f"{where}[{i}].agency", f"the agency is already listed at {where}[{earlier}]")


def unknown_owner(where: str, owner: object, agencies: Sequence[str]) -> Iterator[Problem]:
    """An agreed action's owner must be an agency of the conference or the case team (when any
    is listed): "who does what" needs a who the others can reach."""
    if isinstance(owner, str) and agencies and owner not in agencies:
        close = close_match(owner, agencies)
        hint = f"; did you mean {close!r}?" if close else ""
        yield Problem(where, f"is not an agency of the conference or the case team{hint}")


def unknown_factor(where: str, factor_id: object, catalogue: Catalogue) -> Iterator[Problem]:
    """A problem when ``factor_id`` is not in the catalogue (hidden factors count as known)."""
    if isinstance(factor_id, str) and factor_id not in catalogue:  # not known_ids: a new set per call
        close = catalogue.suggest(factor_id)
        hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
        text = shown(factor_id, close)
        named = f" {text}" if not text.startswith("a string") else ""
        yield Problem(where, f"unknown factor id{named}{hint}")


def history_in_order(dates: Iterable[tuple[int, dt.date | None]], where: str) -> Iterator[Problem]:
    """Each status change dated before the one before it, among ``(index, date)`` pairs (a date
    ``None`` is not known and not compared)."""
    for (_, a), (j, b) in itertools.pairwise(dates):
        if a and b and b < a:
            yield Problem(f"{where}[{j}].date", "is earlier than the entry before it")


def consent_problems(
    where: str,
    *,
    covers_something: bool,
    given: dt.date | None,
    expires: dt.date | None,
    withdrawn: dt.date | None,
) -> Iterator[Problem]:
    """A consent must cover a factor or a topic, and cannot end before it was given."""
    if not covers_something:
        yield Problem(where, "must cover at least one factor or topic")
    for key, end in (("expires", expires), ("withdrawn", withdrawn)):
        if given and end and end < given:
            yield Problem(f"{where}.{key}", "is earlier than the date consent was given")


def closure_problems(opened: dt.date | None, closed: dt.date | None) -> Iterator[Problem]:
    """A case cannot be closed before it was opened (retention counts from the closing day)."""
    if opened and closed and closed < opened:
        yield Problem("closed.date", "is earlier than the day the case was opened")


# --- over a Case ------------------------------------------------------------------------------------


def case_problems(case: Case, catalogue: Catalogue) -> tuple[Problem, ...]:
    """Every problem of a case, as loading it from a case file would report it."""
    return tuple(_case_problems(case, catalogue))


def _case_problems(case: Case, catalogue: Catalogue) -> Iterator[Problem]:
    yield from duplicate_ids(enumerate(s.id for s in case.sessions), "sessions", "session")
    for i, session in enumerate(case.sessions):
        for reflection in session.reflections:
            # Tested first: a path and a generator per known factor cost more than the test.
            if reflection.factor_id not in catalogue:
                where = f"sessions[{i}].reflections.{reflection.factor_id}"
                yield from unknown_factor(where, reflection.factor_id, catalogue)
    yield from duplicate_ids(enumerate(g.id for g in case.goals), "goals", "goal")
    for i, goal in enumerate(case.goals):
        for j, factor_id in enumerate(goal.factors):
            yield from unknown_factor(f"goals[{i}].factors[{j}]", factor_id, catalogue)
        yield from history_in_order(enumerate(h.date for h in goal.history), f"goals[{i}].history")
    yield from duplicate_ids(enumerate(c.id for c in case.consents), "consents", "consent")
    for i, consent in enumerate(case.consents):
        for j, factor_id in enumerate(consent.factors):
            yield from unknown_factor(f"consents[{i}].factors[{j}]", factor_id, catalogue)
        yield from consent_problems(
            f"consents[{i}]",
            covers_something=bool(consent.factors or consent.topics),
            given=consent.given,
            expires=consent.expires,
            withdrawn=consent.withdrawn,
        )
    yield from closure_problems(case.opened, case.closed.date if case.closed else None)
    yield from duplicate_ids(enumerate(c.id for c in case.conferences), "conferences", "conference")
    team = [m.agency for m in case.team]
    for i, conference in enumerate(case.conferences):
        where = f"conferences[{i}]"
        yield from duplicate_agencies(
            enumerate(p.agency for p in conference.participants), f"{where}.participants"
        )
        yield from duplicate_agencies(
            enumerate(c.agency for c in conference.contributions), f"{where}.contributions"
        )
        for j, contribution in enumerate(conference.contributions):
            for reflection in contribution.reflections:
                if reflection.factor_id not in catalogue:
                    here = f"{where}.contributions[{j}].reflections.{reflection.factor_id}"
                    yield from unknown_factor(here, reflection.factor_id, catalogue)
        yield from duplicate_ids(enumerate(a.id for a in conference.actions), f"{where}.actions", "action")
        agencies = [*(p.agency for p in conference.participants), *conference.agencies, *team]
        for j, action in enumerate(conference.actions):
            yield from unknown_owner(f"{where}.actions[{j}].owner", action.owner, agencies)
            for k, factor_id in enumerate(action.factors):
                yield from unknown_factor(f"{where}.actions[{j}].factors[{k}]", factor_id, catalogue)
            yield from history_in_order(
                enumerate(h.date for h in action.history), f"{where}.actions[{j}].history"
            )


def future_dates(case: Case, today: dt.date) -> tuple[Problem, ...]:
    """Dates after ``today`` that record something as already done: a session held, a goal's status
    reached, consent given, the case opened or closed. Not errors -- a case may be typed ahead, or a clock may
    be wrong -- but worth a warning that names the path (the CLI prints them). Review dates and
    consent expiry lie in the future by design and are not listed. Sessions out of date order are
    fine: every view reads them in date order (``Case.chronological``).

    ``today`` is passed in: the core reads no clock.
    """
    later = f"is after today ({today.isoformat()}); check the date"
    found = [Problem(f"sessions[{i}].date", later) for i, s in enumerate(case.sessions) if s.date > today]
    for i, goal in enumerate(case.goals):
        found += [
            Problem(f"goals[{i}].history[{j}].date", later)
            for j, h in enumerate(goal.history)
            if h.date > today
        ]
    found += [Problem(f"consents[{i}].given", later) for i, c in enumerate(case.consents) if c.given > today]
    if case.opened is not None and case.opened > today:
        found.append(Problem("opened", later))
    if case.closed is not None and case.closed.date > today:
        found.append(Problem("closed.date", later))
    return tuple(found)
