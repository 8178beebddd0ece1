"""The loader's own schema checks and the published JSON Schema agree on what is valid.

desistkit checks case files with a fast walker over the model's declarations instead of running a
JSON Schema validator; integrators validate with the published schema. Both must accept and refuse
the same documents: checked on every example, every bad file and on mutated generated cases.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import desistkit as dk
from conftest import BAD, EXAMPLES
from desistkit.casefile.schema import CASE_FORMAT_VERSION, schema_issues
from strategies import cases

VALIDATOR = jsonschema.Draft202012Validator(
    dk.case_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 9)
    | st.floats(-3, 9, allow_nan=False)
    | st.sampled_from(["", "x", "known", "prison", "2025-01-01", "2025-02-30", "friends", "S 1"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "x", "text"]), inner, max_size=2)
    ),
    max_leaves=4,
)


def _agree(data: Any) -> None:
    ours = bool(schema_issues(data))
    theirs = not VALIDATOR.is_valid(data)
    assert ours == theirs, (schema_issues(data), [e.message for e in VALIDATOR.iter_errors(data)])


def _schema_checked(path: Any) -> bool:
    """Files that reach the schema pass: JSON objects of the current format version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and data.get("format_version") == CASE_FORMAT_VERSION


FILES = [p for p in [*EXAMPLES, *sorted(BAD.glob("*.json"))] if _schema_checked(p)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_agree_on_the_repository_files(path: Any) -> None:
    """Examples are valid for both; each bad file is judged alike by both."""
    _agree(json.loads(path.read_text(encoding="utf-8")))


def _containers(node: Any, trail: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [trail]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _containers(v, (*trail, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _containers(v, (*trail, i))
    return found


MUTATIONS_PER_CASE = 4  # generating a case costs twenty times checking one: mutate each several times


@settings(max_examples=75, deadline=None)
@given(cases(), st.data())
def test_agree_on_mutated_cases(case: dk.Case, data: st.DataObject) -> None:
    """Replace, add or delete one value anywhere in a valid case: both judge the result alike.

    Four independent mutations of each generated case (300 mutated documents in all)."""
    original = dk.dumps_case(case)
    for _ in range(MUTATIONS_PER_CASE):
        doc = json.loads(original)
        # format_version is checked before the schema (migrations); leave it alone here.
        trails = [t for t in _containers(doc)[1:] if t != ("format_version",)]
        if not trails:
            return
        trail = data.draw(st.sampled_from(trails))
        parent = doc
        for step in trail[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[trail[-1]] = data.draw(json_values)
        elif action == "delete":
            del parent[trail[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["extra", "id", "rating", "text", "known"]))] = data.draw(
                json_values
            )
        _agree(doc)
