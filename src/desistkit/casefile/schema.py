"""The JSON Schema of case files, generated from the attrs model.

Field constraints are declared once in :mod:`desistkit.core.model` (range, pattern, minimum items,
uniqueness, the factor-keyed reflections); this module turns them into JSON Schema 2020-12.
What the schema cannot say (factor ids known to a catalogue, unique ids, date order) is checked
by :mod:`desistkit.casefile`.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
import types
import typing
from typing import Any

import attrs

from desistkit.core import model as _model

__all__ = ["CASE_FORMAT_VERSION", "Issue", "case_schema", "schema_issues"]

CASE_FORMAT_VERSION = 2
"""The ``format_version`` this desistkit writes; older versions are migrated on load."""


@functools.lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    root = _object_schema(_model.Case, defs)
    root["properties"] = {
        "format_version": {
            "const": CASE_FORMAT_VERSION,
            "description": "Version of the case file format.",
        },
        **root["properties"],
    }
    root["required"] = ["format_version", *root["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:desistkit:case-file:{CASE_FORMAT_VERSION}",
        "title": "desistkit case file",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def case_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) every case file follows. A fresh copy on each call."""
    import copy

    return copy.deepcopy(_schema())


def _object_schema(cls: type, defs: dict[str, Any], *, leave_out: str | None = None) -> dict[str, Any]:
    hints = _hints(cls)
    properties: dict[str, Any] = {}
    required = []
    for field in attrs.fields(cls):
        if field.name == leave_out:
            continue
        schema = _type_schema(hints[field.name], field.metadata, defs)
        if field.metadata.get("doc"):
            schema = {**schema, "description": field.metadata["doc"]}
        properties[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return {
        "type": "object",
        "description": " ".join(doc.split()),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _ref(cls: type, defs: dict[str, Any], *, leave_out: str | None = None) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # reserve first: the model has no cycles, but keep recursion safe
        defs[name] = _object_schema(cls, defs, leave_out=leave_out)
    return {"$ref": f"#/$defs/{name}"}


def _type_schema(tp: Any, meta: typing.Mapping[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        # Optional fields are left out of the file when unset; null is not a value.
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _type_schema(inner, meta, defs)
    if origin is tuple:
        item_type = typing.get_args(tp)[0]
        keyed_by = meta.get("keyed_by")
        if keyed_by:
            return {
                "type": "object",
                "propertyNames": {"pattern": _model.ID_PATTERN},
                "additionalProperties": _ref(item_type, defs, leave_out=keyed_by),
            }
        item_meta: dict[str, Any] = {}
        if "item_pattern" in meta:
            item_meta["pattern"] = meta["item_pattern"]
        elif meta.get("free_text"):
            item_meta["minLength"] = 1
        array: dict[str, Any] = {"type": "array", "items": _type_schema(item_type, item_meta, defs)}
        if meta.get("minItems"):
            array["minItems"] = meta["minItems"]
        if meta.get("unique_by") == "self":
            array["uniqueItems"] = True
        return array
    if attrs.has(tp):
        return _ref(tp, defs)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        schema: dict[str, Any] = {"type": "integer"}
        for key in ("minimum", "maximum"):
            if key in meta:
                schema[key] = meta[key]
        return schema
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if tp is str:
        schema = {"type": "string"}
        for key in ("pattern", "minLength"):
            if key in meta:
                schema[key] = meta[key]
        return schema
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a model change needs a case here


# --- checking data against the same declarations ------------------------------------------------
#
# jsonschema would do this too, but it takes ~2 ms per session and its messages need rewriting
# anyway. This walker follows exactly the rules _type_schema writes into the schema; a test checks
# on every bad file and on generated mutations that both agree on what is valid.


@attrs.frozen
class Issue:
    """One schema violation: where, which rule, the offending value and the rule's parameter."""

    path: tuple[str | int, ...]
    rule: str  # a JSON Schema keyword: type, enum, minimum, required, additionalProperties, ...
    value: Any
    expected: Any = None


def schema_issues(data: Any) -> list[Issue]:
    """Every way ``data`` breaks the case file schema (format_version aside), in document order."""
    issues: list[Issue] = []
    _object_check(_model.Case, None, ("format_version",))(data, (), issues)
    return issues


Path = tuple[str | int, ...]
Check = typing.Callable[[Any, Path, list[Issue]], None]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


@functools.cache
def _object_check(cls: type, leave_out: str | None, extra_keys: tuple[str, ...] = ()) -> Check:
    """A checker for one attrs class, built once: the type inspection is not repeated per value."""
    hints = _hints(cls)
    fields = [f for f in attrs.fields(cls) if f.name != leave_out]
    names = [*extra_keys, *(f.name for f in fields)]
    allowed = frozenset(names)
    required = [f.name for f in fields if f.default is attrs.NOTHING]
    checks: list[tuple[str, Check]] = []

    def check(value: Any, path: Path, issues: list[Issue]) -> None:
        if not isinstance(value, dict):
            issues.append(Issue(path, "type", value, "object"))
            return
        missing = [name for name in required if name not in value]
        if missing:
            issues.append(Issue(path, "required", value, missing))
        if not allowed.issuperset(value):
            issues.append(Issue(path, "additionalProperties", value, names))
        for name, field_check in checks:
            if name in value:
                field_check(value[name], (*path, name), issues)

    # Filled after `check` exists so that a (future) recursive model cannot loop here.
    checks.extend((f.name, _check(hints[f.name], f.metadata)) for f in fields)
    return check


def _check(tp: Any, meta: typing.Mapping[str, Any]) -> Check:
    """The checker for one field, following the rules _type_schema writes into the schema."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _check(inner, meta)
    if origin is tuple:
        return _array_check(typing.get_args(tp)[0], meta)
    if attrs.has(tp):
        return _object_check(tp, None)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        allowed = [m.value for m in tp]

        def check_enum(value: Any, path: Path, issues: list[Issue]) -> None:
            if isinstance(value, bool) or value not in allowed:
                issues.append(Issue(path, "enum", value, allowed))

        return check_enum
    if tp is bool:

        def check_bool(value: Any, path: Path, issues: list[Issue]) -> None:
            if not isinstance(value, bool):
                issues.append(Issue(path, "type", value, "boolean"))

        return check_bool
    if tp is int:
        lo, hi = meta.get("minimum"), meta.get("maximum")

        def check_int(value: Any, path: Path, issues: list[Issue]) -> None:
            # As JSON Schema says: 2.0 is an integer, true is not.
            integral = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
            if isinstance(value, bool) or not integral:
                issues.append(Issue(path, "type", value, "integer"))
            elif lo is not None and value < lo:
                issues.append(Issue(path, "minimum", value, lo))
            elif hi is not None and value > hi:
                issues.append(Issue(path, "maximum", value, hi))

        return check_int
    if tp is dt.date:

        def check_date(value: Any, path: Path, issues: list[Issue]) -> None:
            if not isinstance(value, str):
                issues.append(Issue(path, "type", value, "string"))
            elif not _is_date(value):
                issues.append(Issue(path, "format", value, "date"))

        return check_date
    if tp is str:
        return _string_check(meta.get("minLength"), meta.get("pattern"))
    raise TypeError(f"no check for {tp!r}")  # pragma: no cover - a model change needs a case here


def _string_check(min_length: int | None, pattern: str | None) -> Check:
    regex = re.compile(pattern) if pattern else None

    def check_str(value: Any, path: Path, issues: list[Issue]) -> None:
        if not isinstance(value, str):
            issues.append(Issue(path, "type", value, "string"))
        elif min_length is not None and len(value) < min_length:
            issues.append(Issue(path, "minLength", value, min_length))
        elif regex is not None and pattern is not None and not regex.search(value):
            issues.append(Issue(path, "pattern", value, pattern))

    return check_str


def _array_check(item_type: Any, meta: typing.Mapping[str, Any]) -> Check:
    keyed_by = meta.get("keyed_by")
    if keyed_by:
        key_pattern = re.compile(_model.ID_PATTERN)
        item_check = _object_check(item_type, keyed_by)

        def check_keyed(value: Any, path: Path, issues: list[Issue]) -> None:
            if not isinstance(value, dict):
                issues.append(Issue(path, "type", value, "object"))
                return
            for key, item in value.items():
                if not key_pattern.search(key):
                    issues.append(Issue((*path, key), "propertyNames", key, _model.ID_PATTERN))
                item_check(item, (*path, key), issues)

        return check_keyed
    min_items = meta.get("minItems", 0)
    unique = meta.get("unique_by") == "self"
    if "item_pattern" in meta:
        each = _check(item_type, {"pattern": meta["item_pattern"]})
    else:
        each = _check(item_type, {"minLength": 1} if meta.get("free_text") else {})

    def check_array(value: Any, path: Path, issues: list[Issue]) -> None:
        if not isinstance(value, list):
            issues.append(Issue(path, "type", value, "array"))
            return
        if len(value) < min_items:
            issues.append(Issue(path, "minItems", value, min_items))
        if unique and len({json.dumps(v, sort_keys=True) for v in value}) < len(value):
            issues.append(Issue(path, "uniqueItems", value, True))
        for i, item in enumerate(value):
            each(item, (*path, i), issues)

    return check_array


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)
