"""The messages desistkit translates: labels (texts/labels.toml) and the factor catalogue.

Every message has a key, used as gettext's message context (msgctxt), and its English source text
(msgid). The Babel extractor (:mod:`desistkit.i18n.extract`) and the :class:`~desistkit.Localizer` both
take their messages from here, so that what is extracted is exactly what is looked up.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

import attrs

from desistkit.core import _toml as tomllib
from desistkit.core.catalogue import Catalogue

__all__ = ["Message", "catalogue_messages", "label_messages", "parse_labels"]


@attrs.frozen
class Message:
    """One translatable text: its key (msgctxt), English text, and English plural if it has one."""

    key: str
    text: str
    plural: str | None = None
    note: str | None = None  # a comment for translators


def parse_labels(text: str) -> dict[str, Message]:
    """Parse labels TOML into messages keyed by dotted key."""
    return _messages(tomllib.loads(text))


def _messages(data: Mapping[str, Any]) -> dict[str, Message]:
    """The messages of the labels' tables (parsed TOML)."""
    out: dict[str, Message] = {}

    def walk(table: Mapping[str, Any], prefix: str, note: str | None) -> None:
        note = table.get("_note", note)
        if set(table) - {"_note"} == {"one", "other"}:
            key = prefix
            out[key] = Message(key, table["one"], table["other"], note)
            return
        for name, value in table.items():
            if name == "_note":
                continue
            key = f"{prefix}.{name}" if prefix else name
            if isinstance(value, dict):
                walk(value, key, note)
            elif isinstance(value, str):
                out[key] = Message(key, value, None, note)
            else:  # pragma: no cover - guarded by the test of the shipped file
                raise TypeError(f"{key}: a label must be a string or a table")

    walk(data, "", None)
    return out


@functools.cache
def label_messages() -> Mapping[str, Message]:
    """The shipped labels, parsed once: from the tables the wheel's build wrote beside labels.toml
    (``labels.json``, hatch_build.py) when they were made from this labels.toml; else (a source
    checkout, an edited file) from the TOML, 5 ms of every process."""
    text, tables = tomllib.shipped(resources.files(__package__), "labels.toml")
    return _messages(tables) if tables is not None else parse_labels(text)


def catalogue_messages(catalogue: Catalogue) -> Iterator[Message]:
    """The messages of a catalogue: names, descriptions and questions, hidden factors too."""
    for c in catalogue.categories:
        yield Message(f"category.{c.id}.name", c.name)
        yield Message(f"category.{c.id}.description", c.description)
    for f in (*catalogue.factors, *catalogue.hidden):
        yield Message(f"factor.{f.id}.name", f.name, note=f"Name of a distancing factor ({f.category.name}).")
        yield Message(f"factor.{f.id}.description", f.description, note="For caseworkers.")
        for n, question in enumerate(f.questions, 1):
            yield Message(
                f"factor.{f.id}.question.{n}",
                question,
                note="Card question, addressed to the client: open, resource-oriented, non-judgmental.",
            )
