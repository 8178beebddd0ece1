"""One normalised view of a note that every built-in detector reads, with a map back to the original.

Text pasted from Word and web pages hides names from a matcher: a soft hyphen or a zero-width
character inside a word, hyphenation across a line break, a dash or space that is not the ASCII one,
full-width, letter-spaced or dotted letters (K.o.w.a.l.s.k.i.), a Latin name glued to a Greek or
Cyrillic word. ``view(text)`` undoes all of them once per note; ``View.span`` maps a match back to
the whole original run, so the replacement also removes the invisible characters and the line break
inside it.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence

import attrs

__all__ = ["View", "view"]

# Removed: soft hyphen, zero-width space / non-joiner / joiner, word joiner, byte-order mark.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_SLASHES = "\u2215\u2044\uff0f"


@functools.lru_cache(maxsize=8192)
def _char(ch: str) -> str:
    if ch in _INVISIBLE:
        return ""
    if ch in _DASHES:
        return "-"
    if ch in _SLASHES:
        return "/"
    if ch != "\n" and ch != "\t" and unicodedata.category(ch) in ("Zs", "Zl", "Zp"):
        return "\n" if ch in "\u2028\u2029" else " "
    return unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch


class _Table(dict[int, str]):
    """A str.translate table filled on first sight of each character (translate runs in C)."""

    def __missing__(self, code: int) -> str:
        self[code] = out = _char(chr(code))
        if len(out) != 1:
            _NOT_ONE.add(chr(code))
        return out


_TABLE = _Table()
# The characters seen so far that become none or several (every character of a text is in the
# table once it has been translated).
_NOT_ONE: set[str] = set()


@functools.lru_cache(maxsize=8)
def _not_one(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def expanded_origins(text: str, table: dict[int, str], not_one: set[str]) -> list[int]:
    """For each character of ``text.translate(table)``, the index of the character it came from,
    given ``not_one``: the characters of ``text`` the table maps to none or several characters.
    Built from ranges between those few, not character by character."""
    origin: list[int] = []
    last = 0
    for m in _not_one(frozenset(not_one)).finditer(text):
        i = m.start()
        origin.extend(range(last, i))
        origin.extend([i] * len(table[ord(m.group())]))
        last = i + 1
    origin.extend(range(last, len(text)))
    return origin


_LETTER = r"[^\W\d_]"
# "Kowal-\nski": a hyphen at a line end between letters is hyphenation, not part of the word.
_HYPHENATION = re.compile(rf"(?<={_LETTER})-[ \t]*\r?\n[ \t]*(?={_LETTER})")
# "K o w a l s k i": four or more single letters, each followed by one space.
_SPACED = re.compile(rf"(?<!\w)(?:{_LETTER} ){{3,}}{_LETTER}(?!\w)")
# What letter spacing cannot do without: a letter between two spaces (led by a literal space,
# which the engine scans for quickly).
_SPACED_LETTER = re.compile(rf" {_LETTER} ")
# "K.o.w.a.l.s.k.i.", "K. o. w. a. l. s. k. i.", "K-o-w-a-l-s-k-i": four or more single letters,
# each followed by a dot (and maybe a space) or each by a hyphen. "z.B." or "i.d.R." are shorter.
_DOTTED = re.compile(
    rf"(?<![\w.\-])(?:(?:{_LETTER}\.){{3,}}{_LETTER}\.?|(?:{_LETTER}\. ){{3,}}{_LETTER}\.?"
    rf"|(?:{_LETTER}-){{3,}}{_LETTER})(?![\w\-])"
)
_UNDOTTED = re.compile(r"[. \-]")


def _is_dot(char: str) -> bool:
    return char in ". -"


# What dotting cannot do without: a letter between two dots or two hyphens.
_DOTTED_LETTER = re.compile(rf"\.{_LETTER}\.|\. {_LETTER}\.|-{_LETTER}-")
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_CYRILLIC = "\u0400-\u052f"
# A boundary between two runs of two or more letters of different scripts ("Brenwaldкойто"); a
# single look-alike letter inside a word ("Вrenwald") is not a boundary.
_SCRIPT_BOUNDARY = re.compile(
    "|".join(
        f"(?<=[{a}][{a}])(?=[{b}][{b}])" for a, b in itertools.permutations((_LATIN, _GREEK, _CYRILLIC), 2)
    )
)


# Greek or Cyrillic: without a letter of either there is no boundary between scripts to find.
_NOT_LATIN = re.compile(f"[{_GREEK}{_CYRILLIC}]")
_DECIMAL = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    """``any(c.isdigit() for c in text)``, with the common answers from one regular expression."""
    if _DECIMAL.search(text):
        return True
    return not text.isascii() and any(map(str.isdigit, text))


@attrs.frozen
class View:
    """``text`` as detectors read it; ``origin[i]`` is the original index of ``text[i]``.

    ``has_digit``: whether ``text`` has a digit (the pattern detectors look for numbers only then).
    """

    text: str
    origin: Sequence[int]
    has_digit: bool

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``: from its first to its last character."""
        return self.origin[start], self.origin[end - 1] + 1


def _rewrite(
    text: str,
    origin: Sequence[int],
    regex: re.Pattern[str],
    replace: Callable[[re.Match[str]], str],
    removed: Callable[[str], bool] = str.isspace,
) -> tuple[str, Sequence[int]]:
    """Replace each match; kept characters keep their origin, new ones take the next kept one's.
    ``removed``: the characters a replacement drops (the rest of the match is kept, in order)."""
    if regex.search(text) is None:
        return text, origin  # the usual case: nothing to rewrite, nothing to copy
    parts: list[str] = []
    where: list[int] = []
    last = 0
    for m in regex.finditer(text):
        parts.append(text[last : m.start()])
        where.extend(origin[last : m.start()])
        new = replace(m)
        if new:
            # Characters the replacement keeps are the match's own characters minus the removed
            # ones; map each to an original character at or after the match start.
            kept = [i for i in range(m.start(), m.end()) if not removed(text[i])] or [m.start()]
            anchor = origin[m.end()] if m.end() < len(origin) else origin[m.end() - 1]
            if new == "".join(text[i] for i in kept):
                where.extend(origin[i] for i in kept)
            else:
                where.extend([anchor] * len(new))
            parts.append(new)
        last = m.end()
    parts.append(text[last:])
    where.extend(origin[last:])
    return "".join(parts), where


@functools.lru_cache(maxsize=64)
def view(text: str) -> View:
    """The normalised view of ``text`` (cached: every detector of a Redactor asks for it)."""
    # Every ASCII character stands for itself (translate looks each character up: a tenth of a
    # note's time).
    out = text if text.isascii() else text.translate(_TABLE)
    # One character for one (a dash or a space replaced, or none), else ranges between the
    # characters that became none or several (a soft hyphen, a ligature).
    origin: Sequence[int] = (
        range(len(text)) if len(out) == len(text) else expanded_origins(text, _TABLE, _NOT_ONE)
    )
    if "\n" in out:
        out, origin = _rewrite(out, origin, _HYPHENATION, lambda m: "")
    if _SPACED_LETTER.search(out):
        out, origin = _rewrite(out, origin, _SPACED, lambda m: m.group().replace(" ", ""))
    if _DOTTED_LETTER.search(out):
        out, origin = _rewrite(out, origin, _DOTTED, lambda m: _UNDOTTED.sub("", m.group()), _is_dot)
    if not out.isascii() and _NOT_LATIN.search(out):
        out, origin = _rewrite(out, origin, _SCRIPT_BOUNDARY, lambda m: " ")
    return View(out, origin, _has_digit(out))
