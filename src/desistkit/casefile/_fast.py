"""The fast path of case file loading: one walk that checks a valid file and builds its Case.

Most files a service loads are valid. For them the three passes of :mod:`desistkit.casefile.codec`
(text, schema, semantic) and cattrs cost 30 times the JSON parse. This walk checks the same rules in
one go while it builds the objects, with builders made once per attrs class from the same field
declarations the schema is generated from, and returns ``None`` at the first doubt: then the three
passes run and report every problem with its path, worded as they always were. So a file is either
accepted by both (with equal Cases: a test compares them on generated and mutated cases) or
reported by the passes; this module never words a problem.

Objects are made without their attrs ``__init__`` and its validators, because every rule those
validators hold is checked here first: types, ranges, patterns, non-blank text, characters no
document can hold, unique keys, the fields' own item rules (their validator is called), the
class's ``__attrs_post_init__``, and the rules across the case (:func:`desistkit.core.checks.
case_problems`). Each object starts as a "shadow" (a subclass with plain attribute stores, see
:func:`_shadow`), gets its fields with ``obj.name = value`` and then its own class, before any
rule, ``__attrs_post_init__`` or caller sees it. Cases built in Python keep their validators.

Keys written twice in one object (``json`` keeps only the last) and keys no field has: instead of a
hook and a key-set test per object, the count of ``:`` in the text must equal the keys the builders
took (the field names they know, the factor ids) plus the colons inside the strings they took, with
no colon written as an escape. Every key written has its colon and every colon is a key's or inside
a string, so a key written twice or not taken (with its value, never read) makes the text richer.
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


# acc[0] counts the colons the parsed document accounts for: keys, and colons inside strings;
# acc[1] holds the factor ids (keys of reflections) already matched against the id pattern.
Acc = list[Any]
Build = Callable[..., Any]  # (value, acc) -> model value; an object builder also takes the key

_UNWRITABLE = _model.UNWRITABLE
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


# Written in the text, these are the only ways a character no document can hold (UNWRITABLE) gets
# into a string: raw C0 controls are invalid JSON, raw surrogates cannot come out of UTF-8. A file
# with \u escapes (a colon could be one too) takes the three passes. An escaped backslash before
# the letter (``\\u``: a backslash and a "u" in the text) is no escape: only an odd run counts.
_ESCAPES = re.compile(r"(?<!\\)(?:\\\\)*\\[ubf]")
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
        acc = [0, set()]  # colons accounted for, factor ids seen
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
def _shadow(cls: type) -> type:
    """A subclass of the frozen attrs class ``cls`` that adds nothing but plain attribute stores.

    A builder makes each object as a shadow, sets its fields with ``obj.name = value`` and then
    makes it an object of ``cls`` (``obj.__class__ = cls``: same slots, same layout). An attribute
    store on a class with ``object``'s ``__setattr__`` and ``__delattr__`` is the interpreter's own
    slot store; a frozen class's slots can otherwise only be set through a descriptor call, which
    costs more than all the checks of the field. Nothing outside this module sees a shadow: the
    object has its class before the field rules, ``__attrs_post_init__`` and the caller see it."""
    namespace = {
        "__slots__": (),
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__init__": object.__init__,  # shadow() is cheaper than object.__new__(shadow)
        "__module__": __name__,
        "__qualname__": f"_shadow.<{cls.__name__}>",
    }
    return type(cls.__name__, (cls,), namespace)


@functools.cache
def _object_builder(cls: type, keyed_by: str | None, extra: tuple[str, ...] = ()) -> Build:
    """A builder for one attrs class, generated once as Python source (as attrs and cattrs make
    their methods): a loop over the fields per object costs more than the work it does.

    ``extra``: keys the object may (the root: must) have that are no field (``format_version``,
    checked before). A builder of a class keyed by one field (a reflection, keyed by factor id in
    its session) takes the key as its third argument."""
    names: dict[str, Any] = {"cls": cls, "shadow": _shadow(cls), **_GLOBALS}
    fields = [f for f in attrs.fields(cls) if f.name != keyed_by]
    lines = ["def build(value, acc, key=None):"]
    if not any(f.default is attrs.NOTHING for f in fields):
        # Without a required key nothing below fails for a list or a string (`"known" in "..."`).
        lines += ["    if type(value) is not dict:", "        raise Doubt"]
    lines += [f"    count = {len(extra)}", "    obj = shadow()"]
    if keyed_by is not None:
        lines.append(f"    obj.{keyed_by} = key")
    body, rules = _fields(cls, fields, "obj", "value", "", names, inline_lists=True)
    lines += [f"    {line}" for line in body]
    lines += [
        "    obj.__class__ = cls",
        *(f"    {line}" for line in rules),
    ]
    if getattr(cls, "__attrs_post_init__", None) is not None:
        lines.append("    obj.__attrs_post_init__()")
    lines += ["    acc[0] += count", "    return obj"]
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<desistkit case file builder {cls.__name__}>", "exec"), names)
    return typing.cast(Build, names["build"])


_GLOBALS: dict[str, Any] = {
    "Doubt": _Doubt,
    "type": type,
    "len": len,
    "dict": dict,
    "list": list,
    "str": str,
    "int": int,
    "bool": bool,
    "tuple": tuple,
    "map": map,
    "repeat": itertools.repeat,
    "date_match": _DATE.match,
    "from_iso": dt.date.fromisoformat,
}


def _fields(
    cls: type,
    fields: list[attrs.Attribute[Any]],
    obj: str,
    value: str,
    i: str,
    names: dict[str, Any],
    *,
    inline_lists: bool,
) -> tuple[list[str], list[str]]:
    """Source lines that read, check and store every field of ``fields`` from the dict ``value``
    into the shadow ``obj``, adding the keys they take to ``count``; and the lines that apply the
    field rules a type does not hold, once ``obj`` is of its class. ``i`` makes the names this
    class puts into the builder's namespace unique."""
    hints = _hints(cls)
    required = sum(f.default is attrs.NOTHING for f in fields)
    lines: list[str] = [f"count += {required}"] if required else []
    rules: list[str] = []
    var = "v" if inline_lists else "x"
    for j, f in enumerate(fields):
        key = f"{i}_{j}" if i else str(j)
        # The values are stored as they are: a list field's converter makes the tuple the builder
        # makes; any other converter, or a default made per object, needs a case here.
        if f.converter is not None and typing.get_origin(hints[f.name]) is not tuple:  # pragma: no cover
            raise TypeError(f"{cls.__name__}.{f.name}: a converter needs a case in the fast path")
        if isinstance(f.default, attrs.Factory):  # type: ignore[arg-type]  # pragma: no cover
            raise TypeError(f"{cls.__name__}.{f.name}: a default factory needs a case in the fast path")
        check = _inline(hints[f.name], f.metadata, key, names, var, inline_lists=inline_lists)
        if f.default is attrs.NOTHING:
            lines += [f"{var} = {value}[{f.name!r}]", *check]
        else:  # an absent key is the default; null is no value of an optional field
            names[f"default{key}"] = f.default
            lines += [
                f"if {f.name!r} in {value}:",
                f"    {var} = {value}[{f.name!r}]",
                "    count += 1",
                *(f"    {line}" for line in check),
                "else:",
                f"    {var} = default{key}",
            ]
        lines.append(f"{obj}.{f.name} = {var}")
        # Field validators that hold more than the type (min items, unique items, item patterns,
        # order) are called, on a default too: an absent history still needs one entry.
        meta = f.metadata
        held = (
            meta.get("minItems") or meta.get("unique_by") or "item_pattern" in meta or meta.get("free_text")
        )
        if held and typing.get_origin(hints[f.name]) is tuple and not meta.get("keyed_by"):
            names[f"field{key}"] = f
            rules.append(f"field{key}.validator({obj}, field{key}, {obj}.{f.name})")
    return lines, rules


def _inline(
    tp: Any,
    meta: typing.Mapping[str, Any],
    i: str,
    names: dict[str, Any],
    v: str,
    *,
    inline_lists: bool,
) -> list[str]:
    """Source lines that check ``v`` in place and replace it by its model value, for one field."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        (tp,) = [a for a in typing.get_args(tp) if a is not type(None)]
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        names[f"members{i}"] = members = {m.value: m for m in tp}
        _no_colons(members)
        # No type test: the words are strings, anything else misses (KeyError) or is unhashable.
        return [f"{v} = members{i}[{v}]"]
    if tp is int:  # every integer of the model is bounded; bool is an int, float is not
        lo, hi = int(meta["minimum"]), int(meta["maximum"])
        return [f"if type({v}) is not int or not {lo} <= {v} <= {hi}:", "    raise Doubt"]
    if tp is bool:
        return [f"if type({v}) is not bool:", "    raise Doubt"]
    if tp is dt.date:
        # fromisoformat raises on a day that does not exist (2025-02-30): doubt, like any error.
        return [f"if type({v}) is not str or not date_match({v}):", "    raise Doubt", f"{v} = from_iso({v})"]
    if tp is str and meta.get("pattern") is None:
        # Only a string has .strip: anything else raises (doubt). Blank text is refused by the
        # model's validators (minLength only by the schema).
        # `in` is several times cheaper than str.count, which parses its arguments.
        return [f"if not {v}.strip():", "    raise Doubt", f"if ':' in {v}:", f"    count += {v}.count(':')"]
    if tp is str:
        names[f"search{i}"] = re.compile(meta["pattern"]).search
        return [
            f"if type({v}) is not str or not search{i}({v}):",
            "    raise Doubt",
            f"count += {v}.count(':')",
        ]
    if origin is tuple and meta.get("keyed_by"):
        # A dict keyed by id (a session's reflections by factor id). The same few factor ids recur
        # in every session: each is matched against the id pattern once per file (acc[1]); an id
        # cannot hold a colon, one that does is left to the passes.
        names[f"key_search{i}"] = re.compile(_model.ID_PATTERN).search
        names[f"each{i}"] = _object_builder(typing.get_args(tp)[0], meta["keyed_by"])
        return [
            f"if type({v}) is not dict:",
            "    raise Doubt",
            f"count += len({v})",
            "seen = acc[1]",
            "items = []",
            f"for k, item in {v}.items():",
            "    if k not in seen:",
            f"        if not key_search{i}(k) or ':' in k:",
            "            raise Doubt",
            "        seen.add(k)",
            f"    items.append(each{i}(item, acc, k))",
            f"{v} = tuple(items)",
        ]
    if origin is tuple:
        item_type = typing.get_args(tp)[0]
        item = meta.get("item_pattern")
        if not item and inline_lists and _is_leaf(item_type):
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
    hints = _hints(cls)
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
    fields = list(attrs.fields(cls))
    names[f"cls{i}"], names[f"shadow{i}"] = cls, _shadow(cls)
    body, rules = _fields(cls, fields, "o", "item", i, names, inline_lists=False)
    assert not rules  # a leaf has no list
    lines = ["if type(v) is not list:", "    raise Doubt", "items = []", "for item in v:"]
    if not any(f.default is attrs.NOTHING for f in fields):
        lines += ["    if type(item) is not dict:", "        raise Doubt"]
    lines += [
        f"    o = shadow{i}()",
        *(f"    {line}" for line in body),
        f"    o.__class__ = cls{i}",
        "    items.append(o)",
        "v = tuple(items)",
    ]
    return lines


def _no_colons(members: typing.Mapping[Any, Any]) -> None:
    # Colons inside enum words would go uncounted (and could hide a repeated key): there are none.
    if any(":" in str(v) for v in members):  # pragma: no cover - a model change needs counting here
        raise TypeError("an enum word with ':' needs counting in the case file fast path")


def _builder(tp: Any, meta: typing.Mapping[str, Any]) -> Build:
    """A builder called per value: of an object field, or of each item of a list (a session)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        (tp,) = [a for a in typing.get_args(tp) if a is not type(None)]
    if attrs.has(tp):
        return _object_builder(tp, None)
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


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)
