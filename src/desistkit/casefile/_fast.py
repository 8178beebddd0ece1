"""The fast path of case file loading: one walk that checks a valid file and builds its Case.

Most files a service loads are valid. For them the three passes of :mod:`desistkit.casefile.codec`
(text, schema, semantic) and cattrs cost 30 times the JSON parse. This walk checks the same rules in
one go while it builds the objects, with builders made once per attrs class from the same field
declarations the schema is generated from, and returns ``None`` at the first doubt: then the three
passes run and report every problem with its path, worded as they always were. So a file is either
accepted by both (with equal Cases: a test compares them on generated and mutated cases) or
reported by the passes; this module never words a problem.

Objects are made with ``object.__new__`` and the slots set directly, because every rule their
attrs validators hold is checked here first: types, ranges, patterns, non-blank text, characters
no document can hold, unique keys, the fields' own item rules (their validator is called), the
class's ``__attrs_post_init__``, and the rules across the case (:func:`desistkit.core.checks.
case_problems`). Cases built in Python keep their validators.

Keys written twice in one object: ``json`` keeps only the last. Instead of a hook per object, the
count of ``:`` in the text must equal the keys plus the colons inside strings, with no colon written
as an escape; a repeated key makes the text one colon richer.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import json
import re
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from desistkit.casefile.schema import CASE_FORMAT_VERSION
from desistkit.core import checks
from desistkit.core import model as _model
from desistkit.core._gc import paused_gc
from desistkit.core.catalogue import Catalogue
from desistkit.core.model import Case

__all__ = ["fast_case"]


class _Doubt(Exception):
    """The walk cannot vouch for this value; the three passes decide."""


_MISSING = object()


# acc[0] counts the colons the parsed document accounts for: keys, and colons inside strings.
Acc = list[int]
Build = Callable[..., Any]  # (value, acc) -> model value; an object builder also takes the key

_UNWRITABLE = _model.UNWRITABLE
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


# Written in the text, these are the only ways a character no document can hold (UNWRITABLE) gets
# into a string: raw C0 controls are invalid JSON, raw surrogates cannot come out of UTF-8. A file
# with \u escapes (a colon could be one too) takes the three passes.
_ESCAPES = re.compile(r"\\[ubf]")
_RAW = ("\x7f", "\ufffe", "\uffff")


def fast_case(text: str, catalogue: Catalogue, *, from_utf8: bool = False) -> Case | None:
    """The Case of a valid case file text of the current format; ``None`` when anything is in doubt.

    ``from_utf8``: the text was decoded from UTF-8, so it holds no lone surrogate."""
    if ("\\" in text and _ESCAPES.search(text)) or any(raw in text for raw in _RAW):
        return None
    if not from_utf8 and not text.isascii() and _UNWRITABLE.search(text):
        return None
    # The parse and the walk allocate an object per value and build no cycle (core/_gc.py).
    with paused_gc():
        acc = [0]
        case = _parse_and_build(text, acc)
    if case is None or text.count(":") != acc[0] or checks.case_problems(case, catalogue):
        return None
    return typing.cast(Case, case)


def _parse_and_build(text: str, acc: Acc) -> Any:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if type(data) is not dict or data.get("format_version") != CASE_FORMAT_VERSION:
        return None
    if type(data["format_version"]) is not int:
        return None
    try:
        return _case_builder()(data, acc)
    except Exception:  # noqa: BLE001 - any doubt at all: the passes decide, and word it
        return None


@functools.cache
def _case_builder() -> Build:
    return _object_builder(Case, None, ("format_version",))


@functools.cache
def _object_builder(cls: type, keyed_by: str | None, extra: tuple[str, ...] = ()) -> Build:
    """A builder for one attrs class, generated once as Python source (as attrs and cattrs make
    their methods): a loop over the fields per object costs more than the work it does."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.name != keyed_by]
    names: dict[str, Any] = {
        "cls": cls,
        "new": object.__new__,
        "allowed": frozenset((*extra, *(f.name for f in fields))),
        "Doubt": _Doubt,
        "MISSING": _MISSING,
        "str": str,
        "type": type,
        "len": len,
        "dict": dict,
        "tuple": tuple,
        "map": map,
        "repeat": itertools.repeat,
    }
    # Neither the type of `value` nor the required keys are tested apart: only a dict has .get, and
    # a required key is read with value[...]; what is not a dict or lacks one raises, and the
    # caller takes any exception for doubt.
    lines = [
        "def build(value, acc, key=None):",
        "    if not allowed.issuperset(value):",
        "        raise Doubt",
        "    count = len(value)",  # added to acc[0] once, at the end: a local is cheaper
        "    obj = new(cls)",
    ]
    if keyed_by is not None:
        names["set_key"] = getattr(cls, keyed_by).__set__
        lines.append("    set_key(obj, key)")
    for i, f in enumerate(fields):
        meta = f.metadata
        names[f"set{i}"] = getattr(cls, f.name).__set__
        names[f"default{i}"] = f.default
        checks = _inline(hints[f.name], meta, str(i), names)
        if f.default is attrs.NOTHING:
            lines += [f"    v = value[{f.name!r}]", *(f"    {line}" for line in checks)]
        else:  # a sentinel, not the default: null is no value of an optional field
            lines += [
                f"    v = value.get({f.name!r}, MISSING)",
                "    if v is MISSING:",
                f"        v = default{i}",
                "    else:",
                *(f"        {line}" for line in checks),
            ]
        lines.append(f"    set{i}(obj, v)")
        # Field validators that hold more than the type (min items, unique items, item patterns,
        # order) are called, on a default too: an absent history still needs one entry.
        rules = (
            meta.get("minItems") or meta.get("unique_by") or "item_pattern" in meta or meta.get("free_text")
        )
        if rules and typing.get_origin(hints[f.name]) is tuple and not meta.get("keyed_by"):
            names[f"field{i}"] = f
            lines.append(f"    field{i}.validator(obj, field{i}, v)")
    if getattr(cls, "__attrs_post_init__", None) is not None:
        lines.append("    obj.__attrs_post_init__()")
    lines += ["    acc[0] += count", "    return obj"]
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<desistkit case file builder {cls.__name__}>", "exec"), names)
    return typing.cast(Build, names["build"])


def _inline(
    tp: Any, meta: typing.Mapping[str, Any], i: str, names: dict[str, Any], v: str = "v"
) -> list[str]:
    """Source lines that check ``v`` in place (and replace it by its model value) for one field;
    ``i`` makes the names this field puts into the builder's namespace unique."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        (tp,) = [a for a in typing.get_args(tp) if a is not type(None)]
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        names[f"members{i}"] = members = {m.value: m for m in tp}
        _no_colons(members)
        # No type test: the words are strings, anything else misses (KeyError) or is unhashable.
        return [f"{v} = members{i}[{v}]"]
    if tp is int:
        names[f"lo{i}"], names[f"hi{i}"] = meta["minimum"], meta["maximum"]  # every int is bounded
        return [f"if type({v}) is not int or not lo{i} <= {v} <= hi{i}:", "    raise Doubt"]
    if tp is bool:
        return [f"if type({v}) is not bool:", "    raise Doubt"]
    if tp is str and meta.get("pattern") is None:
        # Blank text is refused by the model's validators (minLength only by the schema).
        return [f"if type({v}) is not str or not {v}.strip():", "    raise Doubt", f"count += {v}.count(':')"]
    if origin is tuple and not meta.get("keyed_by"):
        item_type = typing.get_args(tp)[0]
        item = meta.get("item_pattern")
        if not item and v == "v" and _is_leaf(item_type):
            return _leaf_loop(item_type, i, names)
        # In place, mapped in C: a call and a comprehension per list cost more than their notes.
        names[f"each{i}"] = _string_builder(item) if item else _builder(item_type, {})
        return [
            f"if type({v}) is not list:",
            "    raise Doubt",
            f"{v} = tuple(map(each{i}, {v}, repeat(acc)))",
        ]
    names[f"convert{i}"] = _builder(tp, meta)
    return [f"{v} = convert{i}({v}, acc)"]


def _is_leaf(cls: Any) -> bool:
    """An attrs class of scalar fields only (text, enum words, bounded integers, booleans): its
    objects can be built inline in the loop over a list of them (a note), without a call each."""
    if not attrs.has(cls) or getattr(cls, "__attrs_post_init__", None) is not None:
        return False
    hints = typing.get_type_hints(cls)
    for f in attrs.fields(cls):
        tp = hints[f.name]
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            (tp,) = [a for a in typing.get_args(tp) if a is not type(None)]
        scalar = tp in (int, bool) or (isinstance(tp, type) and issubclass(tp, enum.Enum))
        if not (scalar or (tp is str and f.metadata.get("pattern") is None)):
            return False
    return True


def _leaf_loop(cls: type, i: str, names: dict[str, Any]) -> list[str]:
    """Source lines that build the list ``v`` of objects of a leaf class into a tuple, each object
    checked and built inline (what its own builder would do, without the call)."""
    hints = typing.get_type_hints(cls)
    names[f"cls{i}"], names[f"allowed{i}"] = cls, frozenset(f.name for f in attrs.fields(cls))
    lines = [
        "if type(v) is not list:",
        "    raise Doubt",
        "items = []",
        "for item in v:",
        f"    if not allowed{i}.issuperset(item):",
        "        raise Doubt",
        "    count += len(item)",
        f"    o = new(cls{i})",
    ]
    for j, f in enumerate(attrs.fields(cls)):
        key = f"{i}_{j}"
        names[f"set{key}"], names[f"default{key}"] = getattr(cls, f.name).__set__, f.default
        checks = _inline(hints[f.name], f.metadata, key, names, "x")
        if f.default is attrs.NOTHING:
            lines += [f"    x = item[{f.name!r}]", *(f"    {line}" for line in checks)]
        else:
            lines += [
                f"    x = item.get({f.name!r}, MISSING)",
                "    if x is MISSING:",
                f"        x = default{key}",
                "    else:",
                *(f"        {line}" for line in checks),
            ]
        lines.append(f"    set{key}(o, x)")
    return [*lines, "    items.append(o)", "v = tuple(items)"]


def _no_colons(members: typing.Mapping[Any, Any]) -> None:
    # Colons inside enum words would go uncounted (and could hide a repeated key): there are none.
    if any(":" in str(v) for v in members):  # pragma: no cover - a model change needs counting here
        raise TypeError("an enum word with ':' needs counting in the case file fast path")


def _builder(tp: Any, meta: typing.Mapping[str, Any]) -> Build:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _builder(inner, meta)
    if origin is tuple:
        return _tuple_builder(typing.get_args(tp)[0], meta)
    if attrs.has(tp):
        return _object_builder(tp, None)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = {m.value: m for m in tp}
        _no_colons(members)

        def build_enum(value: Any, acc: Acc) -> Any:
            if type(value) is not str:
                raise _Doubt
            return members[value]

        return build_enum
    if tp is bool:

        def build_bool(value: Any, acc: Acc) -> bool:
            if type(value) is not bool:
                raise _Doubt
            return value

        return build_bool
    if tp is int:
        lo, hi = meta["minimum"], meta["maximum"]  # every integer of the model is bounded

        def build_int(value: Any, acc: Acc) -> int:
            if type(value) is not int or not lo <= value <= hi:
                raise _Doubt
            return value

        return build_int
    if tp is dt.date:

        def build_date(value: Any, acc: Acc) -> dt.date:
            if type(value) is not str or not _DATE.match(value):
                raise _Doubt
            return dt.date.fromisoformat(value)

        return build_date
    if tp is str:
        return _string_builder(meta.get("pattern"))
    raise TypeError(f"no builder for {tp!r}")  # pragma: no cover - a model change needs a case here


def _string_builder(pattern: str | None) -> Build:
    if pattern is not None:
        regex = re.compile(pattern)

        def build_token(value: Any, acc: Acc) -> str:
            if type(value) is not str or not regex.search(value):
                raise _Doubt
            acc[0] += value.count(":")
            return value

        return build_token

    def build_text(value: Any, acc: Acc) -> str:
        # Blank text is refused by the model's validators (minLength only by the schema).
        if type(value) is not str or not value.strip():
            raise _Doubt
        acc[0] += value.count(":")
        return value

    return build_text


def _tuple_builder(item_type: Any, meta: typing.Mapping[str, Any]) -> Build:
    keyed_by = meta.get("keyed_by")
    if keyed_by:
        key_pattern = re.compile(_model.ID_PATTERN)
        build_item = _object_builder(item_type, keyed_by)

        def build_keyed(value: Any, acc: Acc) -> tuple[Any, ...]:
            if type(value) is not dict:
                raise _Doubt
            acc[0] += len(value)
            for key in value:
                if not key_pattern.search(key):
                    raise _Doubt
                acc[0] += key.count(":")
            return tuple([build_item(item, acc, key) for key, item in value.items()])

        return build_keyed
    each = _string_builder(meta["item_pattern"]) if "item_pattern" in meta else _builder(item_type, {})

    def build_array(value: Any, acc: Acc) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _Doubt
        return tuple([each(item, acc) for item in value])

    return build_array
