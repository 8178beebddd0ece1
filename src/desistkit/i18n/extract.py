"""Babel extractor for desistkit's TOML texts, so one ``pybabel extract`` covers everything.

Registered as the ``desistkit_toml`` extraction method (entry point ``babel.extractors``); see
``babel.cfg`` and docs/translating.md. Each message is yielded as ``pgettext``/``npgettext`` with its
key as the context, e.g. msgctxt ``factor.family_of_origin.name``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from desistkit.core.catalogue import parse_catalogue
from desistkit.i18n.texts import Message, catalogue_messages, parse_labels

__all__ = ["extract_toml"]

Extracted = tuple[int, str, tuple[str, ...], list[str]]


def extract_toml(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield ``(lineno, funcname, messages, comments)`` for a labels or catalogue TOML file."""
    text = fileobj.read().decode("utf-8")
    if "desistkit-catalogue/" in text:
        messages = list(catalogue_messages(parse_catalogue(text, source=getattr(fileobj, "name", "?"))))
    else:
        messages = list(parse_labels(text).values())
    lines = text.splitlines()
    for message in messages:
        comments = [message.note] if message.note else []
        lineno = _line_of(lines, message)
        if message.plural is None:
            yield lineno, "pgettext", (message.key, message.text), comments
        else:
            yield lineno, "npgettext", (message.key, message.text, message.plural), comments


def _line_of(lines: list[str], message: Message) -> int:
    """The first line that holds the message's English text (1-based), for translators' tools."""
    needle = message.text.replace("\\", "\\\\").replace('"', '\\"')
    for number, line in enumerate(lines, 1):
        if needle in line:
            return number
    return 1
