"""The loader's one-walk fast path and its three passes agree: same Case, or the passes report.

``loads_case`` first tries ``desistkit.casefile._fast.fast_case``; when it is in any doubt the three
passes run and word every problem. A file the fast path accepts must be one the passes accept,
giving an equal Case; checked on the examples, every bad file and mutated generated cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import desistkit as dk
from conftest import BAD, EXAMPLES
from desistkit.casefile._fast import fast_case
from strategies import cases

CATALOGUE = dk.default_catalogue()


def _passes(text: str) -> dk.Case | None:
    """What the three passes (the loader before the fast path) make of the text."""
    from desistkit.casefile import codec

    try:
        data = json.loads(text, object_pairs_hook=codec._Object.from_pairs, parse_int=codec._parse_int)
        return codec.case_from_dict(data)
    except (dk.CaseFileError, ValueError, RecursionError):
        return None


def _agree(text: str) -> bool:
    """Asserts the fast path never accepts what the passes refuse; True when it took the text."""
    fast = fast_case(text, CATALOGUE)
    if fast is not None:
        assert fast == _passes(text)
    return fast is not None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_takes_the_fast_path_to_the_same_case(path: Path) -> None:
    """The examples are valid: the fast path builds them, equal to what the passes build."""
    assert _agree(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(BAD.glob("*.json")), ids=lambda p: p.name)
def test_every_bad_file_is_left_to_the_passes(path: Path) -> None:
    """A bad file never passes the fast path: its problems are reported by the passes."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert fast_case(text, CATALOGUE) is None


def _example() -> dict[str, Any]:
    return dict(json.loads(EXAMPLES[0].read_text(encoding="utf-8")))


def test_a_key_written_twice_is_reported_not_silently_dropped() -> None:
    """JSON keeps the last of two equal keys; the fast path must not accept such a file."""
    text = EXAMPLES[0].read_text(encoding="utf-8").replace('"setting":', '"setting": "prison", "setting":', 1)
    with pytest.raises(dk.CaseFileError) as info:
        dk.loads_case(text)
    assert [str(p) for p in info.value.problems] == ["setting: appears more than once in the same object"]


def test_blank_text_and_escaped_controls_are_worded_as_before() -> None:
    """Text the schema lets through but the model refuses (blank) and a control character written
    as an escape still get their messages and paths."""
    data = _example()
    data["sessions"][0]["reflections"][next(iter(data["sessions"][0]["reflections"]))]["known"] = [
        {"text": "   ", "perspective": "client"}
    ]
    with pytest.raises(dk.CaseFileError) as info:
        dk.loads_case(json.dumps(data))
    assert info.value.problems
    data = _example()
    data["programme"] = "Exit\u0007programme"
    with pytest.raises(dk.CaseFileError) as info:
        dk.loads_case(json.dumps(data))
    assert [str(p) for p in info.value.problems] == [
        "programme: contains a character no document can hold (U+0007)"
    ]


@pytest.mark.parametrize("programme", [r"C:\files\unit", r"a\b", r"x\f", r"\u00e9"])
def test_a_backslash_in_text_takes_the_fast_path(programme: str) -> None:
    """A backslash typed in a text (a Windows path; two in the file) followed by u, b or f
    is no escape: the file takes the fast path to the same case (a hypothesis example found it
    sent to the passes)."""
    data = _example()
    data["programme"] = programme
    text = json.dumps(data, ensure_ascii=False)
    assert "\\\\" in text
    case = fast_case(text, CATALOGUE)
    assert case is not None and case == dk.loads_case(text)
    assert case.programme == programme


def test_null_in_an_optional_field_is_refused_as_before() -> None:
    """An optional field is left out when unset; null is no value of it (nor of a list)."""
    data = _example()
    reflection = next(iter(data["sessions"][0]["reflections"].values()))
    reflection["rating"] = None
    data["sessions"][0]["working_relationship"] = None
    with pytest.raises(dk.CaseFileError) as info:
        dk.loads_case(json.dumps(data))
    where = sorted(p.location for p in info.value.problems)
    assert len(where) == 2
    assert where[0].startswith("sessions[0].reflections.")
    assert where[0].endswith(".rating")
    assert where[1] == "sessions[0].working_relationship"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 9)
    | st.floats(-3, 9, allow_nan=False)
    | st.sampled_from(["", " ", "x", "known", "prison", "2025-01-01", "2025-02-30", "a:b", "S 1", "\x7f"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "x", "text"]), inner, max_size=2)
    ),
    max_leaves=4,
)


def _containers(node: Any, trail: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [trail]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _containers(v, (*trail, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _containers(v, (*trail, i))
    return found


@settings(max_examples=60, deadline=None)
@given(cases(), st.data())
def test_agree_on_generated_and_mutated_cases(case: dk.Case, data: st.DataObject) -> None:
    """A generated case takes the fast path to an equal Case; a value replaced, added or deleted
    anywhere, or a key repeated, is either still valid for both or left to the passes."""
    original = dk.dumps_case(case)
    assert fast_case(original, CATALOGUE) == case
    for _ in range(4):
        doc = json.loads(original)
        trails = _containers(doc)[1:]
        trail = data.draw(st.sampled_from(trails))
        parent = doc
        for step in trail[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "delete", "add", "repeat"]))
        if action == "replace":
            parent[trail[-1]] = data.draw(json_values)
        elif action == "delete":
            del parent[trail[-1]]
        elif action == "add" and isinstance(parent, dict):
            key = data.draw(st.sampled_from(["extra", "id", "rating", "text", "known", "format_version"]))
            parent[key] = data.draw(json_values)
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        if action == "repeat" and isinstance(parent, dict):
            key = json.dumps(trail[-1])
            text = text.replace(f"{key}: ", f"{key}: 1, {key}: ", 1)
        _agree(text)
