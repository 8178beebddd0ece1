"""The client's answers on the consent sheet, read back into :class:`~desistkit.Consent` records.

The answers file (JSON, ``desistkit-consent-answers/1``; docs/consent.md)::

    {"format": "desistkit-consent-answers/1",
     "case": "HH-2025-014",              # optional: must be the case's reference when given
     "date": "2025-10-01",               # optional: the date on the sheet (given)
     "expires": "2026-09-30",            # optional: the last day the consent holds
     "answers": {"case-conference": {"categories": ["social_relations"], "topics": ["goals"]},
                 "security": {}}}

Per audience: ``categories`` (every factor of the category: what a tick on the sheet covers),
``factors`` (single factor ids), ``topics`` (goals, working_relationship, handover_note) and
``purposes`` (default: the audience's purpose in the policy). Every problem is reported with its
JSON path (:class:`~desistkit.ConsentAnswersError`). Pure: the command line reads and writes files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.checks import path_key
from desistkit.core.errors import ConsentAnswersError, Problem
from desistkit.core.model import AUDIENCE_PATTERN, Case, Consent
from desistkit.sharing._consent_sheet import SHEET_TOPICS
from desistkit.sharing._policy import Policy, default_policy

__all__ = ["ANSWERS_FORMAT", "Answers", "answers_schema", "consents_from_answers", "parse_answers"]

ANSWERS_FORMAT = "desistkit-consent-answers/1"
_KEYS = {"format", "case", "date", "expires", "answers"}
_AUDIENCE_KEYS = ("categories", "factors", "topics", "purposes")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AUDIENCE = re.compile(AUDIENCE_PATTERN)

Answers = Mapping[str, Any]
"""Parsed answers: ``date`` and ``expires`` (dates or None), ``case`` (str or None), ``answers``
(audience -> {categories, factors, topics, purposes: tuple of str})."""


def answers_schema() -> dict[str, Any]:
    """The JSON Schema of the answers file (draft 2020-12); :func:`parse_answers` checks the same and
    more (known audiences, categories, factors) with the JSON path of each problem."""
    words = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
    date = {"type": "string", "pattern": _DATE.pattern, "format": "date"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "desistkit consent sheet answers",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "answers"],
        "properties": {
            "format": {"const": ANSWERS_FORMAT},
            "case": {"type": "string", "minLength": 1},
            "date": date,
            "expires": date,
            "answers": {
                "type": "object",
                "propertyNames": {"pattern": AUDIENCE_PATTERN},
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "categories": words,
                        "factors": words,
                        "topics": {**words, "items": {"enum": list(SHEET_TOPICS)}},
                        "purposes": {**words, "items": {"type": "string", "pattern": AUDIENCE_PATTERN}},
                    },
                },
            },
        },
    }


def parse_answers(
    text: str | bytes,
    *,
    source: str = "answers",
    policy: Policy | None = None,
    catalogue: Catalogue | None = None,
) -> Answers:
    """The answers file, checked against the policy's audiences and the catalogue.

    Raises:
        ConsentAnswersError: Every problem, each with its JSON path (``answers.security.topics[1]``).
    """
    problems: list[Problem] = []
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConsentAnswersError(source, [Problem("", f"is not valid JSON ({_short(exc)})")]) from None
    except RecursionError:
        raise ConsentAnswersError(source, [Problem("", "is nested too deeply")]) from None
    if not isinstance(data, dict):
        raise ConsentAnswersError(source, [Problem("", "must be a JSON object")])
    chosen = policy or default_policy()
    cat = catalogue or default_catalogue()
    for key in sorted(set(data) - _KEYS):
        problems.append(Problem(path_key(key), f"unknown key; expected one of {', '.join(sorted(_KEYS))}"))
    if data.get("format") != ANSWERS_FORMAT:
        problems.append(Problem("format", f"must be {ANSWERS_FORMAT!r}"))
    case = data.get("case")
    if case is not None and (not isinstance(case, str) or not case.strip()):
        problems.append(Problem("case", "must be the case reference (a string)"))
    dates = {name: _date(data.get(name), name, problems) for name in ("date", "expires")}
    if dates["date"] and dates["expires"] and dates["expires"] < dates["date"]:
        problems.append(Problem("expires", "must not be before date"))
    answers: dict[str, dict[str, tuple[str, ...]]] = {}
    given = data.get("answers")
    if not isinstance(given, dict):
        problems.append(Problem("answers", "is required: an object of audience -> ticks"))
        given = {}
    for audience, ticks in given.items():
        where = f"answers.{path_key(audience)}"
        if not isinstance(audience, str) or not _AUDIENCE.match(audience):
            problems.append(Problem(where, "an audience name is lower-case letters, digits and '-'"))
            continue
        if audience not in chosen.audiences:
            problems.append(
                Problem(where, f"unknown audience; expected one of {', '.join(chosen.audiences)}")
            )
            continue
        if chosen.audiences[audience].internal:
            problems.append(Problem(where, "is the organisation's own team: it needs no consent"))
            continue
        if not isinstance(ticks, dict):
            problems.append(Problem(where, "must be an object with categories, factors, topics, purposes"))
            continue
        for key in sorted(set(ticks) - set(_AUDIENCE_KEYS)):
            expected = ", ".join(_AUDIENCE_KEYS)
            problems.append(Problem(f"{where}.{path_key(key)}", f"unknown key; expected one of {expected}"))
        allowed = {
            "categories": tuple(c.id for c in cat.categories),
            "factors": cat.ids,
            "topics": SHEET_TOPICS,
            "purposes": None,
        }
        answers[audience] = {
            key: _words(ticks.get(key, []), f"{where}.{key}", allowed[key], problems)
            for key in _AUDIENCE_KEYS
        }
    if problems:
        raise ConsentAnswersError(source, problems)
    return {"case": case, "date": dates["date"], "expires": dates["expires"], "answers": answers}


def consents_from_answers(
    case: Case,
    answers: Answers,
    *,
    today: dt.date,
    policy: Policy | None = None,
    catalogue: Catalogue | None = None,
    source: str = "answers",
) -> tuple[Consent, ...]:
    """One new consent record per audience with at least one tick, given on the sheet's date (else
    ``today``), with an id no consent of the case has yet (``consent-2025-10-01-security``).

    Raises:
        ConsentAnswersError: The answers name another case, or date the consent after ``today``.
    """
    chosen = policy or default_policy()
    cat = catalogue or default_catalogue()
    if answers.get("case") not in (None, case.reference):
        raise ConsentAnswersError(source, [Problem("case", "names another case than the one given")])
    given: dt.date = answers.get("date") or today
    if given > today:
        raise ConsentAnswersError(
            source, [Problem("date", "is after today: a consent is recorded once given")]
        )
    taken = {c.id for c in case.consents}
    made: list[Consent] = []
    for audience, ticks in answers["answers"].items():
        factors = [f.id for c in ticks["categories"] for f in cat.factors_in(c)]
        factors = list(dict.fromkeys([*factors, *ticks["factors"]]))
        topics = list(ticks["topics"])
        if not factors and not topics:
            continue
        purposes = ticks["purposes"] or (chosen.audience(audience).purpose,)
        ident = _free_id(f"consent-{given.isoformat()}-{audience}", taken)
        taken.add(ident)
        expires: dt.date | None = answers.get("expires")
        made.append(
            Consent(
                ident,
                audiences=(audience,),
                purposes=purposes,
                given=given,
                factors=tuple(factors),
                topics=tuple(topics),
                expires=expires,
            )
        )
    return tuple(made)


def _free_id(base: str, taken: set[str]) -> str:
    base = base[:56]
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def _date(value: Any, where: str, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(Problem(where, "must be a date like 2025-10-01"))
    return None


def _words(value: Any, where: str, allowed: Sequence[str] | None, problems: list[Problem]) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.append(Problem(where, "must be a list of strings"))
        return ()
    seen: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            problems.append(Problem(f"{where}[{i}]", "must be a string"))
        elif allowed is not None and item not in allowed:
            problems.append(Problem(f"{where}[{i}]", f"unknown value; expected one of {', '.join(allowed)}"))
        elif allowed is None and not _AUDIENCE.match(item):
            problems.append(Problem(f"{where}[{i}]", "a purpose is lower-case letters, digits and '-'"))
        elif item in seen:
            problems.append(Problem(f"{where}[{i}]", "is given twice"))
        else:
            seen.append(item)
    return tuple(seen)


def _short(exc: BaseException) -> str:
    """A JSON error without the text around it (it may quote the file)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    return type(exc).__name__
