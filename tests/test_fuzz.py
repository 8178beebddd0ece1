"""Fuzzing the inputs: case files and Office packages from outside.

Case files: "a CaseFileError with a path, or a case every exporter writes". Office packages (for the
importers and as organisation templates): "a DocumentError or TemplateError with a location, or a
result", never another exception, within the gate's caps.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import desistkit as dk
from conftest import EXAMPLES
from desistkit.export.reflector import blank_reflector_pptx, reflector_pptx
from desistkit.export.summary import summary_docx
from desistkit.export.tracker import tracker_xlsx
from desistkit.importing import read_document

SMALLEST = min(EXAMPLES, key=lambda p: p.stat().st_size)
RAW = json.loads(SMALLEST.read_text("utf-8"))
EN = dk.get_localizer("en")
# Derandomised: CI runs the same examples every time (a fuzz finding is fixed, then kept as a case);
# set derandomize=False locally to explore further.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Every kind of JSON value, with the characters and sizes that break writers: surrogates, controls,
# private-use, huge integers, floats, deep nesting, long strings.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec=None, categories=None), max_size=30)
    | st.text(
        st.sampled_from(["\ud800", "\x00", "\x1b", "\ufffe", "\ue000", "a", "\u00ad", "\u200b"]), max_size=5
    )
    | st.just("x" * 5000)
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out += _paths(child, (*path, i))
    return out


PATHS = _paths(RAW)


def _replaced(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = list(data) if isinstance(data, list) else dict(data)
    copy[head] = _replaced(data[head], rest, new)
    return copy


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=True, allow_nan=False)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=3))
def test_a_mutated_case_file_is_refused_with_paths_or_written_by_every_exporter(
    mutations: list[tuple[tuple[Any, ...], Any]],
) -> None:
    """Whatever a case file holds, loading it either names each problem's place, or gives a case
    that the deck, the Word summary and the tracker all write (internal and case-conference)."""
    data: Any = RAW
    for path, new in mutations:
        try:
            data = _replaced(data, path, new)
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # an earlier mutation removed or replaced the place
    try:
        case = dk.loads_case(_json(data))
    except dk.CaseFileError as exc:
        assert exc.problems
        whole_document = [p for p in exc.problems if not p.location]
        assert all(p.message for p in exc.problems)
        assert len(whole_document) <= 1
        return
    on = max((s.date for s in case.sessions), default=case.opened) or dk.demo_case().sessions[-1].date
    for audience in ("internal", "case-conference"):
        key = dk.PseudonymKey(bytes(range(32))) if audience != "internal" else None
        shared = dk.share(case, audience, on=on, key=key)
        for exporter in (reflector_pptx, summary_docx, tracker_xlsx):
            assert exporter(shared, EN)[:2] == b"PK"


def _package(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def _documents() -> dict[str, bytes]:
    case = dk.load_case(SMALLEST)
    shared = dk.share(case, "internal", on=case.sessions[-1].date)
    return {
        "tracker": tracker_xlsx(shared, EN),
        "deck": reflector_pptx(shared, EN),
        "blank": blank_reflector_pptx(EN),
    }


DOCUMENTS = _documents()
damage = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**7), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 10**7), st.just(0)),
    st.tuples(st.just("drop"), st.integers(0, 200), st.just(0)),
    st.tuples(st.just("garble"), st.integers(0, 200), st.integers(0, 3)),
)
GARBAGE = [
    b"",
    b"\x00\xff" * 50,
    b"<x>&undefined;</x>",
    b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>',
]


def _damaged(data: bytes, how: tuple[str, int, int]) -> bytes:
    kind, where, what = how
    if not data:
        return data
    if kind == "flip":
        buf = bytearray(data)
        buf[where % len(buf)] ^= what
        return bytes(buf)
    if kind == "truncate":
        return data[: where % len(data)]
    try:
        parts = _package(data)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        return data  # already damaged past reading part by part: the byte damage stands
    if not parts:
        return data
    name = sorted(parts)[where % len(parts)]
    if kind == "drop":
        del parts[name]
    else:
        parts[name] = GARBAGE[what]
    return _zip(parts)


def _damaged_all(data: bytes, damages: list[tuple[str, int, int]]) -> bytes:
    for how in damages:
        data = _damaged(data, how)
    return data


@FUZZ
@given(st.sampled_from(sorted(DOCUMENTS)), st.lists(damage, min_size=1, max_size=3))
def test_a_damaged_document_is_refused_with_a_location_or_read(which: str, damages: list[Any]) -> None:
    """A flipped byte, a truncated file, a missing or garbled part: reading it back gives a case or
    a DocumentError, never another exception."""
    data = _damaged_all(DOCUMENTS[which], damages)
    try:
        case = read_document(data, base=dk.load_case(SMALLEST))
    except dk.DocumentError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    assert isinstance(case, dk.Case)


@pytest.mark.parametrize(
    "part", ["[Content_Types].xml", "ppt/presentation.xml", "ppt/slideLayouts/slideLayout1.xml"]
)
def test_a_template_with_a_dtd_is_refused_before_python_pptx_sees_it(part: str) -> None:
    """An organisation's template goes through the same gate as an imported deck."""
    parts = _package(DOCUMENTS["blank"])
    parts[part] = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + parts[part].split(b"?>", 1)[-1]
    )
    with pytest.raises(dk.TemplateError, match="document type"):
        blank_reflector_pptx(EN, template=io.BytesIO(_zip(parts)))


@FUZZ
@given(st.sampled_from(["deck", "blank"]), st.lists(damage, min_size=1, max_size=3))
def test_a_damaged_template_is_a_template_error_or_works(which: str, damages: list[Any]) -> None:
    """An organisation's template damaged in any of the same ways: the deck is written, or a
    TemplateError names what is wrong; python-pptx never sees a package the gate refused."""
    data = _damaged_all(DOCUMENTS[which], damages)
    try:
        deck = blank_reflector_pptx(EN, template=io.BytesIO(data))
    except dk.TemplateError as exc:
        assert str(exc).startswith("template")
        return
    assert deck[:2] == b"PK"
