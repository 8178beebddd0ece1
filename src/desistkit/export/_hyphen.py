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


@functools.lru_cache(maxsize=64)
def _language(tag: str) -> str | None:
    """pyphen's name for the patterns of a BCP 47 tag (``de``, ``pt-PT``), along the parent chain;
    None if it has none."""
    parts = tag.replace("-", "_").split("_")
    for candidate in ("_".join(parts[:n]) for n in range(len(parts), 0, -1)):
        found: str | None = pyphen.language_fallback(candidate)
        if found is not None:
            return found
    return None


# A language's patterns take 1-5 MiB once parsed (all 24: 60 MiB) and 0.1 s to parse: a few stay
# loaded, and each word's hyphenation is kept (_hyphenated), so that a process that has set the
# catalogue in every language neither holds every dictionary nor parses them again.
_LOADED = 4


@functools.lru_cache(maxsize=_LOADED)
def _dictionary(found: str) -> pyphen.Pyphen:
    dictionary = pyphen.Pyphen(lang=found, left=2, right=3)
    pyphen.hdcache.pop(pyphen.LANGUAGES[found], None)  # pyphen's own cache would keep every language
    return dictionary


def has_patterns(tag: str) -> bool:
    """Whether the language's long words are hyphenated (pyphen has patterns for it)."""
    return _language(tag) is not None


def hyphenate(text: str, tag: str) -> str:
    """The text with soft hyphens in its long words, in the language ``tag``; pseudonyms and words
    with digits untouched; unchanged for a language without patterns."""
    found = _language(tag)
    if found is None or SOFT_HYPHEN in text:
        return text
    return _WORD.sub(lambda m: _hyphenated(found, m.group()), text)


@functools.lru_cache(maxsize=1 << 16)
def _hyphenated(found: str, word: str) -> str:
    """A word with its soft hyphens; a name with a capital inside (DesistCards, CaseReflector) or an
    acronym stays whole: its parts are not syllables."""
    if any(c.isupper() for c in word[1:]):
        return word
    return str(_dictionary(found).inserted(word, hyphen=SOFT_HYPHEN))


def keep_codes_whole(text: str) -> str:
    """The text with every pseudonym's hyphens non-breaking."""
    return _CODE.sub(lambda m: m.group().replace("-", NO_BREAK_HYPHEN), text)
