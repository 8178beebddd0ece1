"""Babel extractor for desistkit's TOML texts, so one ``pybabel extract`` covers everything.

Registered as the ``desistkit_toml`` extraction method (entry point ``babel.extractors``); see
``babel.cfg`` and docs/translating.md. Each message is yielded as ``pgettext``/``npgettext`` with its
key as the context, e.g. msgctxt ``factor.family_of_origin.name``.

Translator comments (``#.`` in the .po files) come from ``#.`` comment lines in the TOML file, written
directly above what they describe: above a key for that message, above a table header (``[setting]``)
for every message in the table, and in a catalogue above ``[[factors]]`` for the whole entry, above
``name``, ``description`` or ``questions`` for that field, or above one question inside the list.
Consecutive ``#.`` lines are one comment. A labels table's ``_note`` still works; catalogue messages
also get a comment saying where the field is printed and who reads it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from desistkit.core.catalogue import parse_catalogue
from desistkit.i18n.texts import Message, catalogue_messages, parse_labels

__all__ = ["extract_toml"]

Extracted = tuple[int, str, tuple[str, ...], list[str]]

# Where each catalogue field appears and who reads it; these hold for an organisation's catalogue too.
_ROLE = {
    "category.name": (
        "Name of a category of distancing factors. Printed on the category card and on every card of "
        "the category, which the client holds; also a heading in the caseworker's slides, Word summary "
        "and Excel tracker. A card title: short, plain words."
    ),
    "category.description": (
        "Description of a category, for caseworkers (the catalogue listing); not printed on the cards."
    ),
    "factor.name": (
        "Name of a distancing factor (category: {category}). Printed large on the front of the card the "
        "client holds: plain, non-labelling words a client understands, no brackets or slashes. Also a "
        "row label in slides, the Excel tracker and the Word summary read by caseworkers and other "
        "agencies. A card title: keep it short (about 35 characters at most)."
    ),
    "factor.description": (
        "For caseworkers: explains the factor in the tracker's Factors sheet and the catalogue listing. "
        "Not printed on the cards."
    ),
    "factor.question": (
        "Card question, printed on the back of the card the client holds and addressed to the client in "
        "the form of address your header records: open, resource-oriented, non-judgemental, one idea, "
        "ending with a question mark."
    ),
}

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\s]+?)\s*\]\s*(?:#.*)?$")
_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")
_ID = re.compile(r"""^\s*id\s*=\s*["']([^"']+)["']""")
_QUESTION = re.compile(r"""^\s*["']""")


def extract_toml(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield ``(lineno, funcname, messages, comments)`` for a labels or catalogue TOML file."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    if "desistkit-catalogue/" in text:
        catalogue = parse_catalogue(text, source=getattr(fileobj, "name", "?"))
        messages = list(catalogue_messages(catalogue))
        notes = _catalogue_notes(lines)
        category_of = {f.id: f.category.name for f in (*catalogue.factors, *catalogue.hidden)}
    else:
        messages = list(parse_labels(text).values())
        notes = _label_notes(lines)
        category_of = {}
    for message in messages:
        comments = _comments(message, notes, category_of)
        lineno = _line_of(lines, message)
        if message.plural is None:
            yield lineno, "pgettext", (message.key, message.text), comments
        else:
            yield lineno, "npgettext", (message.key, message.text, message.plural), comments


def _comments(message: Message, notes: Mapping[str, list[str]], category_of: Mapping[str, str]) -> list[str]:
    """A message's comments: its role (catalogue), then from the widest ``#.`` scope to the narrowest."""
    parts = message.key.split(".")
    out: list[str] = []
    if parts[0] in ("category", "factor") and len(parts) >= 3:
        role = _ROLE.get(f"{parts[0]}.{parts[2]}")
        if role:
            out.append(role.format(category=category_of.get(parts[1], "")))
    elif message.note:
        out.append(message.note)
    for i in range(1, len(parts) + 1):
        out.extend(notes.get(".".join(parts[:i]), []))
    return out


def _blocks(lines: list[str]) -> Iterator[tuple[str, str | None]]:
    """Each line that is not a ``#.`` comment, with the ``#.`` block directly above it (joined)."""
    pending: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#."):
            pending.append(stripped[2:].strip())
            continue
        yield line, " ".join(p for p in pending if p) or None
        pending = []


def _label_notes(lines: list[str]) -> dict[str, list[str]]:
    """``#.`` comments of a labels file, by the dotted key or table they stand above."""
    notes: dict[str, list[str]] = {}
    table = ""
    for line, note in _blocks(lines):
        if match := _TABLE.match(line):
            table = ".".join(part.strip() for part in match.group(1).split("."))
            key = table
        elif match := _KEY.match(line):
            key = f"{table}.{match.group(1)}" if table else match.group(1)
        else:
            continue
        if note:
            notes.setdefault(key, []).append(note)
    return notes


def _catalogue_notes(lines: list[str]) -> dict[str, list[str]]:
    """``#.`` comments of a catalogue file, by message key (``factor.<id>.name``) or entry prefix."""
    notes: dict[str, list[str]] = {}
    kind = ""  # "category" or "factor"
    entry_id: str | None = None
    waiting: list[tuple[str, str]] = []  # (suffix, note) seen before the entry's id line
    question: int | None = None  # inside `questions = [`: the number of the last question

    def add(suffix: str, note: str) -> None:
        if entry_id is None:
            waiting.append((suffix, note))
        else:
            notes.setdefault(f"{kind}.{entry_id}{suffix}", []).append(note)

    for line, note in _blocks(lines):
        if match := _ARRAY_TABLE.match(line):
            kind = {"categories": "category", "factors": "factor"}.get(match.group(1), "")
            entry_id, waiting, question = None, [], None
            if note:
                waiting.append(("", note))
            continue
        if question is not None:
            if line.strip().startswith("]"):
                question = None
            elif _QUESTION.match(line):
                question += 1
                if note:
                    add(f".question.{question}", note)
            continue
        if match := _ID.match(line):
            entry_id = match.group(1)
            for suffix, early in waiting:
                add(suffix, early)
            waiting = []
            continue
        if (match := _KEY.match(line)) and kind:
            field = match.group(1)
            if field == "questions":
                question = 0 if line.rstrip().endswith("[") else None
                if note:
                    add(".question", note)
            elif note:
                add(f".{field}", note)
    return notes


def _line_of(lines: list[str], message: Message) -> int:
    """The first line that holds the message's English text (1-based), for translators' tools."""
    needle = message.text.replace("\\", "\\\\").replace('"', '\\"')
    for number, line in enumerate(lines, 1):
        if needle in line:
            return number
    return 1
