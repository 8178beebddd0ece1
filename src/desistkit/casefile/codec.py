"""Case files: canonical JSON in, [Case][desistkit.Case] out, and back.

A case file is UTF-8 JSON with a ``format_version``. Loading checks it in three passes and reports
every problem of all passes at once, each with its JSON path:

1. JSON syntax (and keys that appear twice in one object);
2. the rules of the JSON Schema generated from the model (types, ranges, unknown keys, ISO 8601
   dates), checked by `desistkit.casefile.schema.schema_issues` from the same declarations;
3. what a schema cannot say: factor ids the catalogue knows (with the closest ids suggested),
   unique session, goal and consent ids, dates in order.

Only a file without problems is turned into a [Case][desistkit.Case]. A valid file of the current
format is checked and built in one walk (:mod:`desistkit.casefile._fast`, the same rules); at its
first doubt the three passes run and report (and cattrs builds what they accept).

Error messages never repeat free text or the client's identifying data; values are shown only
when they are short tokens (numbers, enum words, ids) outside the ``client`` record.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from desistkit.casefile._fast import fast_case
from desistkit.casefile.files import atomic_write
from desistkit.casefile.schema import CASE_FORMAT_VERSION, Issue, case_schema, schema_issues
from desistkit.core import checks
from desistkit.core import model as _model
from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.errors import CaseFileError, Problem
from desistkit.core.inputs import read_bounded, read_stream_bounded, too_large
from desistkit.core.model import Case, FactorReflection

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "CASE_FORMAT_VERSION",
    "MAX_CASE_FILE_BYTES",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "check_case",
    "dumps_case",
    "load_case",
    "loads_case",
    "save_case",
]

MAX_CASE_FILE_BYTES = 32 * 1024 * 1024
"""Case files larger than this are refused before parsing (a case with 500 sessions is ~2 MiB)."""

# Migrations from an older format version to the next: MIGRATIONS[n] turns version n into n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    # Format 2 added `conferences`. A format 1 file has none; its case-conference sessions stay
    # sessions and are read as single-contribution conferences (Case.conference_history).
    1: dict,
}

_PATTERNS = {
    _model.ID_PATTERN: "an id of lower-case letters, digits, '_' and '-'",
    _model.REFERENCE_PATTERN: "a case reference of letters, digits, '.', '_' and '-', without spaces",
    _model.AUDIENCE_PATTERN: "a lower-case word or words joined by '-'",
}


# --- public API ---------------------------------------------------------------------------------


def load_case(
    file: str | PathLike[str] | IO[bytes],
    *,
    catalogue: Catalogue | None = None,
    max_bytes: int = MAX_CASE_FILE_BYTES,
) -> Case:
    """Read a case file from a path or a binary stream.

    Raises [CaseFileError][desistkit.CaseFileError] listing every problem with its JSON path.
    """
    if isinstance(file, (str, PathLike)):
        source = Path(file).name

        def refuse(message: str) -> CaseFileError:
            return CaseFileError(source, [Problem("", message)])

        # a missing file, a folder, a device, a FIFO nobody writes to: refused, never a hang
        data: bytes | None = read_bounded(file, max_bytes, refuse)
    else:
        source = getattr(file, "name", None) or "case file"
        source = Path(str(source)).name
        data = read_stream_bounded(file, max_bytes)
    if data is None:
        raise CaseFileError(source, [Problem("", too_large(max_bytes))])
    return loads_case(data, catalogue=catalogue, source=source)


def loads_case(text: str | bytes, *, catalogue: Catalogue | None = None, source: str = "case file") -> Case:
    """Parse case file JSON text (``str`` or UTF-8 ``bytes``)."""
    from_utf8 = isinstance(text, bytes)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problem = Problem("", f"is not UTF-8 text (byte {exc.start})")
            raise CaseFileError(source, [problem]) from None
    case = fast_case(text, catalogue or default_catalogue(), from_utf8=from_utf8)
    if case is not None:  # a valid file: checked and built in one walk
        return case
    try:
        data = json.loads(text, object_pairs_hook=_Object.from_pairs, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        problem = Problem("", f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        raise CaseFileError(source, [problem]) from None
    except RecursionError:
        raise CaseFileError(source, [Problem("", "is nested too deeply")]) from None
    return case_from_dict(data, catalogue=catalogue, source=source)


def case_from_dict(data: Any, *, catalogue: Catalogue | None = None, source: str = "case file") -> Case:
    """Turn parsed case file JSON (dicts and lists) into a [Case][desistkit.Case], checking everything."""
    if not isinstance(data, dict):
        raise CaseFileError(source, [Problem("", "must be a JSON object")])
    problems = list(_text_problems(data))
    if problems:
        raise CaseFileError(source, _dedupe(problems))
    data, problems = _migrate(data)
    if not problems:
        problems = [
            *_schema_problems(data),
            *_semantic_problems(data, catalogue or default_catalogue()),
        ]
    if problems:
        raise CaseFileError(source, _dedupe(problems))
    body = {k: v for k, v in data.items() if k != "format_version"}
    try:
        return _converter().structure(body, Case)
    except Exception as exc:  # noqa: BLE001 - a model check the passes above missed still gets a path
        raise CaseFileError(source, _cattrs_problems(exc)) from None


def case_to_dict(case: Case) -> dict[str, Any]:
    """The canonical JSON-ready form of a case: ``format_version`` first, defaults left out."""
    return {"format_version": CASE_FORMAT_VERSION, **_converter().unstructure(case, Case)}


def dumps_case(case: Case) -> str:
    """Canonical case file text: UTF-8 JSON, 2-space indent, field order of the model, final newline."""
    return json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n"


def save_case(case: Case, path: str | PathLike[str], *, force: bool = False) -> None:
    """Write a case file atomically; an existing file is replaced only with ``force=True``."""
    atomic_write(path, dumps_case(case).encode("utf-8"), force=force)


def check_case(case: Case, catalogue: Catalogue | None = None) -> tuple[Problem, ...]:
    """The problems of a case built in Python (factor ids, ids, dates), as a file load would find them.

    The same as :func:`desistkit.core.checks.case_problems`, with the default catalogue."""
    return checks.case_problems(case, catalogue or default_catalogue())


# --- pass 1: JSON syntax ------------------------------------------------------------------------


class _Object(dict[str, Any]):
    """A JSON object that remembers keys written twice (json keeps only the last silently)."""

    duplicates: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = cls(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            repeated = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            obj.duplicates = tuple(repeated)
        return obj


MAX_INT_DIGITS = 18
"""Integers in a case file are ratings, versions and counts; a longer digit run is refused with its
path (Python would raise on 4,300 digits, and no document can show it)."""


class _HugeNumber:
    """An integer literal too long to be a value of a case file; the text check reports its path."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _parse_int(literal: str) -> int | _HugeNumber:
    digits = len(literal.lstrip("-"))
    return _HugeNumber(digits) if digits > MAX_INT_DIGITS else int(literal)


_UNWRITABLE = _model.UNWRITABLE


def _text_problems(value: Any, path: str = "") -> Iterator[Problem]:
    """Every key and string a document could not hold, every non-string key, every number too long
    to be a value: with the JSON path, never the text itself (it may be personal)."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:  # iterative: a deeply nested file must not exhaust the stack here
        where, item = stack.pop()
        if isinstance(item, str):
            bad = _UNWRITABLE.search(item)
            if bad:
                yield Problem(where, f"contains a character no document can hold ({_codepoint(bad.group())})")
        elif isinstance(item, _HugeNumber):
            yield Problem(where, f"is a number of {item.digits} digits; expected at most {MAX_INT_DIGITS}")
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if not isinstance(key, str):
                    yield Problem(where, f"has a key that is not a string ({type(key).__name__})")
                    continue
                bad = _UNWRITABLE.search(key)
                if bad:
                    yield Problem(
                        _join(where, key),
                        f"is a key with a character no document can hold ({_codepoint(bad.group())})",
                    )
                    continue
                stack.append((_join(where, key), child))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{where}[{i}]", child) for i, child in reversed(list(enumerate(item))))


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def _migrate(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    version = data.get("format_version")
    if version is None:
        return data, [Problem("format_version", f"is required (this desistkit writes {CASE_FORMAT_VERSION})")]
    if isinstance(version, bool) or not isinstance(version, int):
        return data, [Problem("format_version", "must be an integer")]
    if version > CASE_FORMAT_VERSION:
        return data, [
            Problem(
                "format_version",
                f"{version} was written by a newer desistkit; this one reads up to "
                f"{CASE_FORMAT_VERSION}: please upgrade",
            )
        ]
    while version < CASE_FORMAT_VERSION:
        if version not in MIGRATIONS:
            return data, [Problem("format_version", f"{version} is not a known case file format")]
        data = MIGRATIONS[version](data)
        version += 1
        data["format_version"] = version
    return data, []


# --- pass 2: JSON Schema ------------------------------------------------------------------------


def _schema_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    for issue in schema_issues(data):
        yield from _describe(issue)


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out = f"{out}[{part}]" if isinstance(part, int) else _join(out, str(part))
    return out


def _join(path: str, key: str) -> str:
    """``path.key``, where the key is the file's own: a key that is not a field name of the schema
    nor, outside the client record, an id is shown by its length only. A hand-edited file puts
    names in keys too (``"contacts": [{"Sabine Brückner": "mother"}]``), and a location ends up in
    logs and HTTP responses as surely as a message does."""
    if key not in _field_names():
        key = f"<key of {len(key)} characters>" if path.startswith("client") else checks.path_key(key)
    return f"{path}.{key}" if path else key


@functools.cache
def _field_names() -> frozenset[str]:
    names: set[str] = set()
    stack: list[Any] = [case_schema()]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            names.update(item.get("properties", {}) if isinstance(item.get("properties"), dict) else ())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return frozenset(names)


def _shown(path: str, value: Any, expected: Sequence[str] = ()) -> str:
    """:func:`desistkit.core.checks.shown`, and never a string of the client record."""
    if isinstance(value, str) and path.startswith("client"):
        return f"a string of {len(value)} characters"
    return checks.shown(value, expected)


_close = checks.close_match

_JSON_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "boolean": "true or false",
    "object": "an object",
    "array": "an array",
    "number": "a number",
    "null": "null",
}


def _describe(issue: Issue) -> Iterator[Problem]:
    path = _path(issue.path)
    kind, value, spec = issue.rule, issue.value, issue.expected
    expected = [str(v) for v in spec] if kind == "enum" else []
    shown = _shown(path, value, expected)
    if kind == "maximum":
        yield Problem(path, f"{shown} is above the maximum {spec}")
    elif kind == "minimum":
        yield Problem(path, f"{shown} is below the minimum {spec}")
    elif kind == "required":
        for key in spec:
            yield Problem(_join(path, key), "is required but missing")
    elif kind == "additionalProperties":
        for key in value:
            if key not in spec:
                yield Problem(_join(path, key), f"unknown key{_suggest(key, spec)}")
    elif kind == "type":
        yield Problem(path, f"expected {_JSON_TYPES[spec]}, got {shown}")
    elif kind == "enum":
        near = _close(value, expected) if isinstance(value, str) else None
        hint = f"; did you mean {near!r}?" if near and not path.startswith("client") else ""
        yield Problem(path, f"expected one of {', '.join(expected)}; got {shown}{hint}")
    elif kind == "format":
        yield Problem(path, f"expected an ISO 8601 date (YYYY-MM-DD), got {shown}")
    elif kind == "minLength":
        yield Problem(path, "must not be empty")
    elif kind == "minItems":
        yield Problem(path, f"needs at least {spec} item{'s' if spec != 1 else ''}")
    elif kind == "uniqueItems":
        yield Problem(path, "lists the same item more than once")
    elif kind == "pattern":
        yield Problem(path, f"expected {_PATTERNS.get(spec, 'a value matching ' + spec)}, got {shown}")
    elif kind == "propertyNames":
        yield Problem(path, "this key is not a valid id (a-z, 0-9, _ and -)")
    else:  # pragma: no cover - schema_issues reports only the rules above
        yield Problem(path, f"does not satisfy {kind!r}")


def _suggest(word: str, candidates: list[str]) -> str:
    close = _close(word, candidates)
    return f"; did you mean {close!r}?" if close else f"; expected one of {', '.join(candidates)}"


# --- pass 3: what the schema cannot say ---------------------------------------------------------


def _semantic_problems(data: Mapping[str, Any], catalogue: Catalogue) -> Iterator[Problem]:
    """The rules of :mod:`desistkit.core.checks`, applied to the JSON before a Case exists."""
    yield from _duplicate_keys(data, "")
    sessions = _list(data.get("sessions"))
    yield from checks.duplicate_ids(((i, s.get("id")) for i, s in sessions), "sessions", "session")
    for i, session in sessions:
        reflections = session.get("reflections")
        if isinstance(reflections, dict):
            for key in reflections:
                yield from checks.unknown_factor(_join(f"sessions[{i}].reflections", key), key, catalogue)
    goals = _list(data.get("goals"))
    yield from checks.duplicate_ids(((i, g.get("id")) for i, g in goals), "goals", "goal")
    for i, goal in goals:
        for j, fid in enumerate(_array(goal.get("factors"))):
            yield from checks.unknown_factor(f"goals[{i}].factors[{j}]", fid, catalogue)
        history = ((j, _date(h.get("date"))) for j, h in _list(goal.get("history")))
        yield from checks.history_in_order(history, f"goals[{i}].history")
    consents = _list(data.get("consents"))
    yield from checks.duplicate_ids(((i, c.get("id")) for i, c in consents), "consents", "consent")
    for i, consent in consents:
        for j, fid in enumerate(_array(consent.get("factors"))):
            yield from checks.unknown_factor(f"consents[{i}].factors[{j}]", fid, catalogue)
        yield from checks.consent_problems(
            f"consents[{i}]",
            covers_something=bool(consent.get("factors") or consent.get("topics")),
            given=_date(consent.get("given")),
            expires=_date(consent.get("expires")),
            withdrawn=_date(consent.get("withdrawn")),
        )
    closed = data.get("closed")
    closed_on = _date(closed.get("date")) if isinstance(closed, dict) else None
    yield from checks.closure_problems(_date(data.get("opened")), closed_on)
    yield from _conference_problems(data, catalogue)


def _conference_problems(data: Mapping[str, Any], catalogue: Catalogue) -> Iterator[Problem]:
    conferences = _list(data.get("conferences"))
    yield from checks.duplicate_ids(((i, c.get("id")) for i, c in conferences), "conferences", "conference")
    team = [m.get("agency") for _, m in _list(data.get("team"))]
    for i, conference in conferences:
        where = f"conferences[{i}]"
        participants = _list(conference.get("participants"))
        contributions = _list(conference.get("contributions"))
        yield from checks.duplicate_agencies(
            ((j, p.get("agency")) for j, p in participants), f"{where}.participants"
        )
        yield from checks.duplicate_agencies(
            ((j, c.get("agency")) for j, c in contributions), f"{where}.contributions"
        )
        for j, contribution in contributions:
            reflections = contribution.get("reflections")
            if isinstance(reflections, dict):
                for key in reflections:
                    here = _join(f"{where}.contributions[{j}].reflections", key)
                    yield from checks.unknown_factor(here, key, catalogue)
        actions = _list(conference.get("actions"))
        yield from checks.duplicate_ids(((j, a.get("id")) for j, a in actions), f"{where}.actions", "action")
        agencies = [
            a
            for a in (
                *(p.get("agency") for _, p in participants),
                *(c.get("agency") for _, c in contributions),
                *team,
            )
            if isinstance(a, str)
        ]
        for j, action in actions:
            yield from checks.unknown_owner(f"{where}.actions[{j}].owner", action.get("owner"), agencies)
            for k, fid in enumerate(_array(action.get("factors"))):
                yield from checks.unknown_factor(f"{where}.actions[{j}].factors[{k}]", fid, catalogue)
            history = ((k, _date(h.get("date"))) for k, h in _list(action.get("history")))
            yield from checks.history_in_order(history, f"{where}.actions[{j}].history")


def _array(value: Any) -> list[Any]:
    """The items of a JSON array; nothing for any other value (the schema pass reports its type:
    a number there must not crash this pass, nor a string be read as a list of one-letter ids)."""
    return value if isinstance(value, list) else []


def _list(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _duplicate_keys(value: Any, path: str) -> Iterator[Problem]:
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            yield Problem(_join(path, key), "appears more than once in the same object")
        for key, item in value.items():
            yield from _duplicate_keys(item, _join(path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _duplicate_keys(item, f"{path}[{i}]")


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """Problems without repeats, in path order (``sessions[2]`` before ``sessions[10]``)."""
    unique = dict.fromkeys(problems)
    return sorted(
        unique,
        key=lambda p: [
            (0, int(t), "") if t.isascii() and t.isdigit() else (1, 0, t)
            for t in re.findall(r"[0-9]+|[^0-9\[\].]+", p.location)
        ],
    )


def _cattrs_problems(exc: BaseException) -> list[Problem]:
    import cattrs

    if isinstance(exc, cattrs.BaseValidationError):
        messages = cattrs.transform_error(exc, path="")
        problems = []
        for message in messages:
            text, _, where = message.rpartition(" @ ")
            problems.append(Problem(where.lstrip("."), _scrub(text)))
        return problems
    return [Problem("", _scrub(str(exc)))]


def _scrub(message: str) -> str:
    # attrs validator messages may quote the value; never let a quoted value through.
    return re.sub(r"got .*$", "got a value that is not allowed", message)


# --- cattrs converter ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _converter() -> cattrs.Converter:
    import cattrs

    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())

    reflections = tuple[FactorReflection, ...]

    def structure_reflections(value: Mapping[str, Any], _: Any) -> tuple[FactorReflection, ...]:
        return tuple(
            conv.structure({"factor_id": key, **body}, FactorReflection) for key, body in value.items()
        )

    def unstructure_reflections(value: tuple[FactorReflection, ...]) -> dict[str, Any]:
        out = {}
        for r in value:
            body = conv.unstructure(r, FactorReflection)
            del body["factor_id"]
            out[r.factor_id] = body
        return out

    # Registered by predicate: singledispatch cannot dispatch on a parametrised tuple type.
    conv.register_structure_hook_func(lambda t: t == reflections, structure_reflections)
    conv.register_unstructure_hook_func(lambda t: t == reflections, unstructure_reflections)
    return conv
