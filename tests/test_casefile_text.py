"""validate and load_case reject exactly what no document can hold, with the JSON path:
lone surrogates, control characters, numbers too long to be values, keys that are not strings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import desistkit as dk
from conftest import EXAMPLES, run_cli

SMALLEST = min(EXAMPLES, key=lambda p: p.stat().st_size)


def _string_paths(value: Any, path: str = "") -> Iterator[str]:
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _string_paths(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _string_paths(child, f"{path}[{i}]")


def _set(data: Any, path: str, change: Any) -> Any:
    """``data`` with the string at ``path`` passed through ``change``."""
    if not path:
        return change(data)
    if isinstance(data, list):
        index, rest = path[1:].split("]", 1)
        out = list(data)
        out[int(index)] = _set(data[int(index)], rest.lstrip("."), change)
        return out
    head, _, rest = path.partition(".")
    if "[" in head:
        head, bracket = head.split("[", 1)
        rest = f"[{bracket}" + (f".{rest}" if rest else "")
    out = dict(data)
    out[head] = _set(data[head], rest, change)
    return out


RAW = json.loads(SMALLEST.read_text("utf-8"))
PATHS = [p for p in _string_paths(RAW) if p != "format_version"]


@pytest.mark.parametrize("char", ["\ud800", "\udfff", "\x00", "\x07", "\x1b", "\x7f", "\ufffe"])
def test_every_string_field_refuses_a_character_no_document_can_hold(char: str) -> None:
    """In every string of a real case file, a lone surrogate, NUL or other control character is a
    CaseFileError naming that field's JSON path and the code point, never the text around it."""
    for path in PATHS:
        text = json.dumps(_set(RAW, path, lambda s: f"{s[:3]}{char}{s[3:]}"))
        with pytest.raises(dk.CaseFileError) as caught:
            dk.loads_case(text)
        locations = [p.location for p in caught.value.problems]
        assert locations == [path], (path, locations)
        assert f"U+{ord(char):04X}" in str(caught.value)


def test_tab_newline_and_every_script_are_kept() -> None:
    """Ordinary text is not refused: line breaks, tabs, Greek, Cyrillic, Irish, emoji."""
    path = next(p for p in PATHS if ".text" in p)
    text = json.dumps(_set(RAW, path, lambda s: "Λόγια\tслова\r\nfocail — 😀"))
    assert dk.loads_case(text)


def test_a_key_with_a_surrogate_and_a_non_string_key_are_located() -> None:
    """Keys are checked too; case_from_dict with a non-string key is a CaseFileError, not a TypeError."""
    bad_key = dict(RAW, **{"\ud800x": 1})
    with pytest.raises(dk.CaseFileError, match=r"is a key with a character no document can hold \(U\+D800\)"):
        dk.case_from_dict(bad_key)
    with pytest.raises(dk.CaseFileError, match=r"has a key that is not a string \(int\)"):
        dk.case_from_dict({**RAW, 7: "x"})


@pytest.mark.parametrize("digits", [19, 5000, 100_000])
def test_a_number_too_long_to_be_a_value_is_located(digits: int) -> None:
    """A 5,000-digit rating is a located CaseFileError, not Python's ValueError about int digits."""
    text = SMALLEST.read_text("utf-8").replace('"format_version": 2', '"format_version": ' + "9" * digits, 1)
    with pytest.raises(dk.CaseFileError, match=rf"format_version: is a number of {digits} digits"):
        dk.loads_case(text)


def test_validate_reports_the_path_without_a_traceback(tmp_path: Path) -> None:
    """The CLI prints the located problem and exits 2."""
    path = next(p for p in PATHS if ".text" in p)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_set(RAW, path, lambda s: s + "\x00")), "utf-8")
    result = run_cli("validate", str(bad))
    assert result.returncode == 2
    assert f"{path}: contains a character no document can hold (U+0000)" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_dates_after_today_are_listed_with_their_paths() -> None:
    """Sessions, goal statuses, consents and the opening dated after today are listed by path (the CLI
    warns with them); review dates and expiry, which lie ahead by design, are not."""
    import datetime as dt

    from desistkit.core.checks import future_dates

    case = dk.load_case(SMALLEST)
    last = max(s.date for s in case.sessions)
    assert future_dates(case, last) == ()
    found = future_dates(case, last - dt.timedelta(days=1))
    assert [p.location for p in found if p.location.startswith("sessions")] == [
        f"sessions[{i}].date" for i, s in enumerate(case.sessions) if s.date == last
    ]
    assert all(p.message.startswith("is after today (") for p in found)
    assert not any("review" in p.location or "expires" in p.location for p in future_dates(case, dt.date.min))
