"""Folding text for matching: one comparable form for every way a name or date is written.

``fold("Müller")`` and ``fold("MULLER")`` are both ``muller``; ``fold("Γιώργος")`` is ``giorgos``;
``fold("Георги")`` is ``georgi``. Folding keeps a map from each folded character back to the
original text, so a match in the folded text can be replaced in the original.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

from anyascii import anyascii

from desistkit.sharing.redaction._normalise import expanded_origins

__all__ = ["fold", "fold_word"]

_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ы": "y", "ь": "y", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye",
    "ґ": "g", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz",
}  # fmt: skip
# Letters without a Unicode decomposition to a base letter.
_LATIN = {
    "ł": "l",
    "đ": "d",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ŀ": "l",
}


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    lowered = ch.casefold()
    out = []
    for c in unicodedata.normalize("NFKD", lowered):
        if unicodedata.combining(c):
            continue
        mapped = _GREEK.get(c) or _CYRILLIC.get(c) or _LATIN.get(c)
        if mapped is None and not c.isascii() and c.isalpha():
            # Other scripts (Arabic, Armenian, Georgian, ...): anyascii's romanisation.
            mapped = anyascii(c).lower() or c
        out.append(mapped or c)
    return "".join(out)


class _Table(dict[int, str]):
    """str.translate table that folds any character on first sight (translate runs in C)."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        if len(folded) != 1:
            _NOT_ONE.add(chr(code))
        return folded


_TABLE = _Table()
# The characters seen so far that fold to more or fewer than one (θ -> th, ß -> ss, a combining
# accent -> nothing): only where they stand does the map back to the original need more than a range.
_NOT_ONE: set[str] = set()


def fold(text: str) -> tuple[str, Sequence[int]]:
    """The folded text, and for each folded character the index of its original character."""
    # ASCII folds to lower case (casefold, and nothing to decompose), which str.lower does in one go.
    folded = text.lower() if text.isascii() else text.translate(_TABLE)
    if len(folded) == len(text):
        # One folded character per original one (the usual case): the map is the identity.
        return folded, range(len(text))
    # Every character of the text is in the table now: ranges between those that do not fold to one.
    return folded, expanded_origins(text, _TABLE, _NOT_ONE)


def fold_word(text: str) -> str:
    """Only the folded text."""
    return fold(text)[0]
