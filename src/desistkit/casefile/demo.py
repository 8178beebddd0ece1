"""The demo cases embedded in the package: a fictional prison case used by ``desistkit demo``, in
English and, written for the German documents, in German.

The shipped files carry fixed dates (tests and examples compare against them). The demo command
uses :func:`current_demo_case`: the same case moved in time so that its latest session was a few
days ago, so that its consents hold whenever the demo is run.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any

from desistkit.core.model import Case

__all__ = ["DEMO_LANGUAGES", "current_demo_case", "demo_case", "demo_case_text"]

DEMO_LANGUAGES = ("en", "de")
"""The languages the demo case is written in."""

DAYS_SINCE_LAST_SESSION = 3
"""How long ago the latest session of :func:`current_demo_case` was."""

# Every date field of a case file except the client's birth date: moving the birth date would
# leave the date of birth written in a note behind, and the client's age does not matter here.
# Conferences add the day each agency wrote its contribution, an action's due date and the next date.
_MOVED = frozenset(
    {"opened", "date", "review_date", "given", "withdrawn", "expires", "written", "due", "next_date"}
)


def demo_case_text(lang: str = "en") -> str:
    """The demo case file as shipped (canonical JSON), in English or German (``lang="de"``)."""
    name = "demo-case.json" if lang == "en" else f"demo-case-{_checked(lang)}.json"
    return resources.files(__package__).joinpath(f"data/{name}").read_text("utf-8")


def demo_case(lang: str = "en") -> Case:
    """The fictional demo case with its shipped dates. Every name and number in it is invented.

    ``lang="de"`` gives the German-language version, written for the German documents (the notes,
    goals, agencies and roles in German; the same sessions, factors and consents).
    """
    from desistkit.casefile import loads_case

    return loads_case(demo_case_text(lang), source="demo case")


def current_demo_case(today: dt.date, lang: str = "en") -> Case:
    """The demo case moved in time: its latest session :data:`DAYS_SINCE_LAST_SESSION` days before
    ``today``, every other session, goal, review and consent date by the same number of days.

    The case's consents then hold as they did when it was written (a consent that had already
    ended by the latest session has ended still), so a conference export shows what the client
    agreed to share. The client's birth date is not moved.
    """
    from desistkit.casefile import case_from_dict, case_to_dict

    case = demo_case(lang)
    latest = max(s.date for s in case.sessions)
    shift = (today - dt.timedelta(days=DAYS_SINCE_LAST_SESSION)) - latest
    data = _moved(case_to_dict(case), shift)
    return case_from_dict(data, source="demo case")


def _moved(value: Any, shift: dt.timedelta, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _moved(v, shift, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_moved(v, shift, key) for v in value]
    if key in _MOVED and isinstance(value, str):
        return (dt.date.fromisoformat(value) + shift).isoformat()
    return value


def _checked(lang: str) -> str:
    if lang not in DEMO_LANGUAGES:
        from desistkit.core.errors import UnknownLanguageError

        raise UnknownLanguageError(lang, DEMO_LANGUAGES)
    return lang
