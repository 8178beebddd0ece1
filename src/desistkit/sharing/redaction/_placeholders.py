"""Language-neutral placeholders: a SharedCase carries them, each document renders them in its words."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from desistkit.sharing.redaction._types import EntityType

__all__ = ["has_placeholder", "placeholder", "render_placeholders", "words_in"]

_OPEN, _CLOSE = "\ue001", "\ue002"
_PLACEHOLDER = re.compile(f"{_OPEN}([a-z_]+)(?: ([0-9]+))?{_CLOSE}")


def placeholder(kind: EntityType, person: int | None = None) -> str:
    """The language-neutral stand-in for removed data that a SharedCase carries (private-use
    characters around the type and the person's number); :func:`render_placeholders` turns it into
    ``[PERSON 1]``, ``[PERSONNE 1]``, ... in the document's language."""
    return f"{_OPEN}{kind.value}{'' if person is None else f' {person}'}{_CLOSE}"


def has_placeholder(text: str) -> bool:
    """Whether ``text`` holds a neutral placeholder still to be rendered."""
    return _OPEN in text


def render_placeholders(text: str, words: Callable[[EntityType], str]) -> str:
    """Neutral placeholders as ``[WORD]`` / ``[WORD n]`` in the words of one language."""
    if _OPEN not in text:
        return text

    def one(found: re.Match[str]) -> str:
        word = words(EntityType(found[1]))
        return f"[{word} {found[2]}]" if found[2] else f"[{word}]"

    return _PLACEHOLDER.sub(one, text)


def words_in(localizer: Any) -> Callable[[EntityType], str]:
    """The replacement words of a :class:`~desistkit.Localizer`: ``PERSON``, ``PERSONNE``, ..."""
    return lambda kind: str(localizer.text(f"redaction.{kind.value}"))
