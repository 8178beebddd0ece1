"""Every rule of every validated model field holds when the value comes through the loader.

The loader's fast path (``desistkit.casefile._fast``) builds objects without their attrs
validators, because it checks what they check first. These tests generate, from the attrs fields
themselves, values each field's validator refuses (out of range, wrong JSON type, blank, not
matching the pattern, repeated, empty where an entry is needed, out of order, null), put each into
a valid example where an object of that class is, and check that the file is refused with exactly
the problems the three passes (the loader without its fast path) word, with their JSON paths. And
that cases load to exactly what desistkit builds in Python: the examples and the benchmark's
generated files, each object of its own model class.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import json
import pickle
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import desistkit as dk
from conftest import EXAMPLES
from desistkit.casefile import codec
from desistkit.casefile._fast import fast_case
from desistkit.core import model
from desistkit.core.errors import FieldError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_casefile import big_case  # noqa: E402

CATALOGUE = dk.default_catalogue()


def _unwrap(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        (tp,) = [a for a in typing.get_args(tp) if a is not type(None)]
    return tp


def _children(cls: type, data: dict[str, Any]) -> Iterator[tuple[type, dict[str, Any]]]:
    """Each JSON object of an attrs class inside ``data`` (an object of ``cls``), with its class."""
    hints = typing.get_type_hints(cls)
    for f in attrs.fields(cls):
        if f.name not in data:
            continue
        tp = _unwrap(hints[f.name])
        if typing.get_origin(tp) is tuple and attrs.has(typing.get_args(tp)[0]):
            value = data[f.name]
            for child in value.values() if f.metadata.get("keyed_by") else value:
                yield typing.get_args(tp)[0], child
        elif attrs.has(tp):
            yield tp, data[f.name]


def _objects(cls: type, data: dict[str, Any]) -> Iterator[tuple[type, dict[str, Any]]]:
    yield cls, data
    for child_cls, child in _children(cls, data):
        yield from _objects(child_cls, child)


def _documents() -> list[dict[str, Any]]:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    closed = copy.deepcopy(docs[0])  # no example is closed
    closed["closed"] = {"date": "2099-01-01", "reason": "completed"}
    return [*docs, closed]


DOCS = _documents()


def _classes() -> list[type]:
    """Every attrs class a case file can hold, from Case down."""
    found: dict[type, None] = {}
    todo = [model.Case]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found[cls] = None
        for f in attrs.fields(cls):
            tp = _unwrap(typing.get_type_hints(cls)[f.name])
            inner = typing.get_args(tp)[0] if typing.get_origin(tp) is tuple else tp
            if attrs.has(inner):
                todo.append(inner)
    return list(found)


def _bad_values(cls: type, field: attrs.Attribute[Any], current: Any) -> list[Any]:
    """JSON values the field's rules refuse, made from its type and its declared constraints."""
    tp, meta = _unwrap(typing.get_type_hints(cls)[field.name]), field.metadata
    nulls = [None]  # an optional field is left out when unset; null is no value of any field
    if tp is int:
        return [meta["minimum"] - 1, meta["maximum"] + 1, True, 1.5, "1", *nulls]
    if tp is bool:
        return [1, "true", *nulls]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return ["no-such-word", 1, [next(iter(tp)).value], *nulls]
    if tp is dt.date:
        return ["2025-02-30", "2025-1-1", 20250101, *nulls]
    if tp is str and "pattern" in meta:
        return ["Not an id", "", 5, ["s1"], *nulls]
    if tp is str:
        return ["", "   ", 5, ["text"], *nulls]
    if attrs.has(tp):
        return ["x", 5, [], {"no_such_field": 1}, *nulls]
    assert typing.get_origin(tp) is tuple, tp
    item = typing.get_args(tp)[0]
    if meta.get("keyed_by"):
        return [[], "x", {"Not an id": {}}, {"known_nowhere_in_any_catalogue": {}}, *nulls]
    bad: list[Any] = ["x", {}, 5, *nulls]
    if meta.get("minItems"):
        bad.append([])
    if meta.get("unique_by") and current:
        bad.append([*current, current[0]])
    if "item_pattern" in meta:
        bad += [["Not an id"], [5]]
    if meta.get("free_text"):
        bad += [[""], ["  "], [5]]
    if attrs.has(item):
        bad += [[5], ["x"], [{"no_such_field": 1}]]
    if len(current or ()) >= 2 and "history" in field.name:
        bad.append(list(reversed(current)))  # dates out of order
    return bad


def _cases() -> Iterator[Any]:
    """(class, field, document texts with a refused value) for every field with a rule."""
    for cls in _classes():
        places = [(d, obj) for d in DOCS for c, obj in _objects(model.Case, d) if c is cls]
        assert places, f"no example holds a {cls.__name__}"
        doc, obj = places[-1]
        index = next(i for i, (_, o) in enumerate(_objects(model.Case, doc)) if o is obj)
        for field in attrs.fields(cls):
            nested = attrs.has(_unwrap(typing.get_type_hints(cls)[field.name]))
            if field.validator is None and not nested:
                continue  # no rule (a free word such as a goal's owner role)
            if cls is model.FactorReflection and field.name == "factor_id":
                continue  # the key of the reflection: tested with the session's reflections
            texts = []
            for bad in _bad_values(cls, field, obj.get(field.name)):
                changed = copy.deepcopy(doc)
                [o for _, o in _objects(model.Case, changed)][index][field.name] = bad
                texts.append(json.dumps(changed, ensure_ascii=False, indent=2))
            if field.default is attrs.NOTHING:  # a required field left out
                changed = copy.deepcopy(doc)
                del [o for _, o in _objects(model.Case, changed)][index][field.name]
                texts.append(json.dumps(changed, ensure_ascii=False, indent=2))
            yield pytest.param(cls, field.name, texts, id=f"{cls.__name__}.{field.name}")
    # A class rule (__attrs_post_init__): a consent must cover a factor or a topic.
    doc = copy.deepcopy(DOCS[0])
    doc["consents"][0].pop("factors", None)
    doc["consents"][0].pop("topics", None)
    yield pytest.param(model.Consent, "factors", [json.dumps(doc)], id="Consent.post_init")


def _passes(text: str) -> list[str]:
    """The problems the three passes (the loader before its fast path) find in the text."""
    data = json.loads(text, object_pairs_hook=codec._Object.from_pairs, parse_int=codec._parse_int)
    with pytest.raises(dk.CaseFileError) as info:
        codec.case_from_dict(data)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(("cls", "name", "texts"), list(_cases()))
def test_a_value_a_field_refuses_is_refused_by_the_loader_as_the_passes_word_it(
    cls: type, name: str, texts: list[str]
) -> None:
    assert texts
    for text in texts:
        assert fast_case(text, CATALOGUE) is None
        with pytest.raises(dk.CaseFileError) as info:
            dk.loads_case(text)
        problems = [str(p) for p in info.value.problems]
        assert problems
        assert problems == _passes(text)


def _python_objects(value: Any) -> Iterator[Any]:
    if attrs.has(type(value)):
        yield value
        for f in attrs.fields(type(value)):
            yield from _python_objects(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _python_objects(item)


SCALARS = [
    (cls, field)
    for cls in _classes()
    for field in attrs.fields(cls)
    if field.validator is not None
    and typing.get_origin(_unwrap(typing.get_type_hints(cls)[field.name])) is not tuple
]


@pytest.mark.parametrize(
    ("cls", "field"), SCALARS, ids=lambda v: getattr(v, "__name__", getattr(v, "name", ""))
)
def test_the_values_the_loader_refuses_are_the_ones_the_validators_refuse(cls: type, field: Any) -> None:
    """The bad values above are bad for the attrs validator too: the loader refuses what a Case
    built in Python may not hold (null aside: an unset optional field is None in Python)."""
    obj = next(
        o for c in map(dk.loads_case, map(json.dumps, DOCS)) for o in _python_objects(c) if type(o) is cls
    )
    for bad in _bad_values(cls, field, getattr(obj, field.name)):
        if bad is None and field.default is not attrs.NOTHING:
            continue
        with pytest.raises((FieldError, TypeError, ValueError)):
            attrs.evolve(obj, **{field.alias: bad})


@pytest.mark.parametrize(("sessions", "factors"), [(50, 12), (400, 1)], ids=["run.py load row", "scaling"])
def test_the_benchmark_files_load_to_the_case_built_in_python(sessions: int, factors: int) -> None:
    """The benchmark's case, built with every validator, saved, loaded: equal, saved again byte
    for byte the same, equal to what the passes build, and every object of its model class."""
    case = big_case(sessions, factors)
    text = dk.dumps_case(case)
    loaded = dk.loads_case(text.encode("utf-8"))
    assert loaded == case
    assert dk.dumps_case(loaded) == text
    passes = codec.case_from_dict(json.loads(text, object_pairs_hook=codec._Object.from_pairs))
    assert loaded == passes
    assert all(type(o).__module__ == model.__name__ for o in _python_objects(loaded))


def test_every_loaded_object_is_of_its_model_class() -> None:
    """No object of a loaded case keeps the loader's building class: each is exactly the model's
    class (equality, pickling and isinstance checks of other code rely on it), every class seen."""
    loaded = [dk.loads_case(json.dumps(d)) for d in DOCS] + [dk.load_case(p) for p in EXAMPLES]
    seen = {type(o) for case in loaded for o in _python_objects(case)}
    assert seen == set(_classes())
    note = loaded[0].sessions[0].reflections[0].all_notes[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        note.text = "changed"  # type: ignore[misc]  # frozen, as a Note built in Python
    assert pickle.loads(pickle.dumps(loaded[0])) == loaded[0]
