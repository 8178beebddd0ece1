"""TOML reading: the standard library's tomllib, or its backport tomli on Python 3.10, imported on
first use; and the shipped TOML files' tables as the wheel's build wrote them (JSON, read ~10 times
faster than the TOML is parsed: a process that reads only shipped files needs no TOML parser)."""

from __future__ import annotations

import hashlib
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.abc import Traversable

    if sys.version_info >= (3, 11):
        from tomllib import TOMLDecodeError as TOMLDecodeError
    else:  # pragma: no cover - Python 3.10
        from tomli import TOMLDecodeError as TOMLDecodeError

__all__ = ["TOMLDecodeError", "loads", "shipped", "tables_json"]


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text (tomllib.loads). Arrays or inline tables nested a few hundred deep (no policy,
    catalogue or key needs more than three) exhaust tomllib's recursion: that is a TOMLDecodeError
    here like any other broken file, not a RecursionError that ends a command as an internal error."""
    parser = _parser()
    try:
        parsed: dict[str, Any] = parser.loads(text)
    except RecursionError:
        message = "arrays or inline tables nested too deeply"
        if sys.version_info >= (3, 14):  # pragma: no cover - the newer TOMLDecodeError(msg, doc, pos)
            raise parser.TOMLDecodeError(message, text, 0) from None
        raise parser.TOMLDecodeError(message) from None
    return parsed


def __getattr__(name: str) -> Any:
    if name == "TOMLDecodeError":  # for `except tomllib.TOMLDecodeError`, looked up on an error only
        return _parser().TOMLDecodeError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _parser() -> Any:
    """The parser's module, imported here on first use: tomllib, or tomli on Python 3.10."""
    if sys.version_info >= (3, 11):
        import tomllib as parser
    else:  # pragma: no cover - Python 3.10
        import tomli as parser
    return parser


def tables_json(text: str) -> str:
    """What the build writes beside a shipped TOML file (``labels.toml`` -> ``labels.json``): its
    tables, and the SHA-256 of the text they were parsed from (hatch_build.py does the same)."""
    return json.dumps({"source": _digest(text), "tables": loads(text)})


def shipped(files: Traversable, name: str) -> tuple[str, dict[str, Any] | None]:
    """A shipped TOML file's text (``name`` in the package ``files``), and its tables from the JSON
    beside it if that was written from exactly this text (else None: parse the text)."""
    text = files.joinpath(name).read_text("utf-8")
    try:
        written = json.loads(files.joinpath(name.removesuffix(".toml") + ".json").read_text("utf-8"))
    except (OSError, ValueError):
        return text, None
    if not isinstance(written, dict) or written.get("source") != _digest(text):
        return text, None
    tables: dict[str, Any] = written["tables"]
    return text, tables


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
