"""Where long words may break, and where a line must never break.

Long words get soft hyphens (U+00AD) at the syllable boundaries of the language's patterns (pyphen
carries LibreOffice's hyphenation dictionaries), so an office suite breaks "Unterstützungsangebote"
as "Unterstützungs-/angebote" with a visible hyphen instead of cutting it anywhere when a column is
narrow. The break is ours, not the reader's dictionary: the same on every machine, hyphenation
settings or not. Languages pyphen has no patterns for (Finnish, Irish, Maltese today) are left
unhyphenated: their words only break at spaces and hyphens.

Pseudonyms (``C-4K9Q-M2TX-B7RD-1ZHE``) are a unit a reader copies and compares: their hyphens
become non-breaking (U+2011), so a line never splits one.
"""

from __future__ import annotations

import functools
import re

import pyphen  # type: ignore[import-untyped]

__all__ = ["NO_BREAK_HYPHEN", "SOFT_HYPHEN", "has_patterns", "hyphenate", "keep_codes_whole"]

SOFT_HYPHEN = "\u00ad"
NO_BREAK_HYPHEN = "\u2011"
SHORTEST = 7  # letters: a shorter word always fits a column we lay out, breaking it only looks odd
_WORD = re.compile(rf"[^\W\d_]{{{SHORTEST},}}")
_CODE = re.compile(r"(?<![\w-])[A-Z]{1,3}(?:-[0-9A-Z]{4})+(?![\w-])")


@functools.lru_cache(maxsize=32)
def _dictionary(tag: str) -> pyphen.Pyphen | None:
    """The patterns for a BCP 47 tag (``de``, ``pt-PT``), along the parent chain; None if none."""
    parts = tag.replace("-", "_").split("_")
    for candidate in ("_".join(parts[:n]) for n in range(len(parts), 0, -1)):
        found = pyphen.language_fallback(candidate)
        if found is not None:
            return pyphen.Pyphen(lang=found, left=2, right=3)
    return None


def has_patterns(tag: str) -> bool:
    """Whether the language's long words are hyphenated (pyphen has patterns for it)."""
    return _dictionary(tag) is not None


def hyphenate(text: str, tag: str) -> str:
    """The text with soft hyphens in its long words, in the language ``tag``; pseudonyms and words
    with digits untouched; unchanged for a language without patterns."""
    dictionary = _dictionary(tag)
    if dictionary is None or SOFT_HYPHEN in text:
        return text
    return _WORD.sub(lambda m: _syllables(dictionary, m.group()), text)


def _syllables(dictionary: pyphen.Pyphen, word: str) -> str:
    """A word with its soft hyphens; a name with a capital inside (DesistCards, CaseReflector) or an
    acronym stays whole: its parts are not syllables."""
    if any(c.isupper() for c in word[1:]):
        return word
    return str(dictionary.inserted(word, hyphen=SOFT_HYPHEN))


def keep_codes_whole(text: str) -> str:
    """The text with every pseudonym's hyphens non-breaking."""
    return _CODE.sub(lambda m: m.group().replace("-", NO_BREAK_HYPHEN), text)
