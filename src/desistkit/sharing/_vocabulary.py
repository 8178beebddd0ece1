"""Typed names that go out only as a value of the organisation's own list (``catalogue``).

A programme, an agency or a role is typed by a caseworker, so it is free text: one day it holds a
colleague's name or a phone number. For an external audience it goes out only when it is on the
policy's list (``[roles] allowed = [...]``), spelled as the list spells it; otherwise it becomes a
neutral word that each document renders in its own language, like the redaction placeholders.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

__all__ = ["GENERIC_KINDS", "catalogued", "generic", "has_generic", "render_generic"]

GENERIC_KINDS = ("programme", "agency", "role")
"""The neutral words a typed name can become; each is rendered as the document's label of that name."""

# Private-use characters other than the redaction placeholders', so the two never meet.
_OPEN, _CLOSE = "\ue003", "\ue004"
_GENERIC = re.compile(f"{_OPEN}({'|'.join(GENERIC_KINDS)}){_CLOSE}")


def generic(kind: str) -> str:
    """The language-neutral stand-in for a typed name not on the policy's list."""
    if kind not in GENERIC_KINDS:
        raise ValueError(f"kind must be one of {', '.join(GENERIC_KINDS)}, got {kind!r}")
    return f"{_OPEN}{kind}{_CLOSE}"


def _key(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def catalogued(value: str, allowed: Iterable[str], kind: str) -> str:
    """``value`` as the list spells it when it is on the list (case and spacing aside), else the
    neutral word for ``kind``. A value that merely contains a listed one is not on the list."""
    wanted = _key(value)
    for item in allowed:
        if _key(item) == wanted:
            return item
    return generic(kind)


def has_generic(text: str) -> bool:
    """Whether ``text`` holds a neutral word still to be rendered."""
    return _OPEN in text


def render_generic(text: str, localizer: Any) -> str:
    """Neutral words as ``[Agency]``, ``[Rolle]``, ... in the localizer's language (the labels the
    documents use for these names: ``document.agency``, ``document.role``, ``document.programme``)."""
    if _OPEN not in text:
        return text
    return _GENERIC.sub(lambda m: f"[{localizer.text(f'document.{m[1]}')}]", text)
