"""A spelling-independent key for names, and the bound on how far two keys may differ.

The national transcriptions write one Cyrillic or Greek name in many Latin spellings: Ч is ch
(English), tsch (German), cz (Polish), tch (French), č (ISO 9); Ш is sh, sch, sz, ch, š; В is v or
w; У is u or ou; Й and Я are y, j, i. Greek μπ is b, ντ is d at a word's start and nd inside it, ου
(folded oy) is u, θ is th, δ is d or dh. The key writes each of these sounds once, so the folded
text of every spelling has the same key; a bounded edit distance between keys covers the rest
(Brennwald, Ilvy).
"""

from __future__ import annotations

import functools
import re

__all__ = ["bound", "first_letters", "key"]

# Longest first: each group is replaced before its parts are seen.
_RULES = [
    ("schtsch", "sc"), ("shch", "sc"), ("szcz", "sc"), ("sht", "sc"),
    ("tsch", "c"), ("tch", "c"), ("sch", "s"), ("sz", "s"), ("sh", "s"), ("cz", "c"), ("ch", "c"),
    ("zh", "z"), ("kh", "c"), ("ts", "c"), ("tz", "c"), ("dh", "d"), ("th", "t"), ("ph", "f"),
    ("gh", "g"), ("gk", "g"), ("mp", "b"), ("qu", "kv"), ("ck", "k"), ("q", "k"), ("oy", "u"),
    ("ou", "u"), ("nt", "nd"),
    ("ca", "ka"), ("co", "ko"), ("cu", "ku"),
    ("w", "v"), ("ie", "i"), ("ee", "i"), ("y", "i"), ("j", "i"), ("x", "ks"),
]  # fmt: skip
_RULE = re.compile("|".join(re.escape(a) for a, _ in _RULES))
_TO = dict(_RULES)
_DOUBLE = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=65536)
def key(folded: str) -> str:
    """The key of a folded word: Marovchuk, Marowczuk, Marowtschuk, Marovtchouk -> marovcuk."""
    # Greek at the start of a word: ντ is d, γι before a vowel is y.
    if folded.startswith("nt"):
        folded = "d" + folded[2:]
    elif folded.startswith("gi") and folded[2:3] in ("a", "o", "e", "u"):
        folded = "y" + folded[2:]
    out = _RULE.sub(lambda m: _TO[m.group()], folded)
    # A function, not the template r"\1": Python expands a template match by match in Python code,
    # at twice the cost (a key is computed for every new word of a note).
    return _DOUBLE.sub(_first_of_run, out) if _DOUBLE.search(out) else out


def _first_of_run(m: re.Match[str]) -> str:
    return m.group(1)


def bound(length: int) -> int:
    """Edits allowed between two keys: none up to 4 letters, one up to 7, two from 8."""
    return 0 if length <= 4 else 1 if length <= 7 else 2


# What the first letter of a word can become as the key's first letter: itself, what a rule that
# starts with it writes first (tsch -> c), ντ -> d at the start, γι -> y -> i at the start.
_FIRST: dict[str, set[str]] = {}
for _a, _b in [*_RULES, ("nt", "d"), ("gi", "i")]:
    _FIRST.setdefault(_a[0], {_a[0]}).add(_b[0])


def first_letters(starts: set[str]) -> frozenset[str]:
    """The first letters of the words whose key can start with one of ``starts`` (a word's first
    letter stays, or a rule starting with it writes the key's first): a word starting otherwise
    is not worth keying. Only the key's first letter depends on the word's first letter this way;
    doubled letters collapse after the first."""
    return frozenset(starts | {letter for letter, became in _FIRST.items() if became & starts})
