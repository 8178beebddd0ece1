"""The loop the pattern detectors share: find a regular expression's matches in the normalised note,
keep those a validator accepts, and map them back to the original text."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["alternation", "any_of", "led_by_class", "pattern_findings"]


def _as_is(text: str) -> Sequence[str]:
    return (text,)


def pattern_findings(
    text: str,
    patterns: Iterable[re.Pattern[str]],
    entity: EntityType,
    *,
    valid_length: Callable[[str], int] = len,
    readings: Callable[[str], Sequence[str]] = _as_is,
    starts: Callable[[str], Sequence[int]] | None = None,
) -> Iterator[Finding]:
    """Findings of `entity` for the matches of `patterns`, in that order.

    Every pattern detector looks for numbers, so a note without a digit is skipped. `valid_length`
    gets a match and returns how much of it is valid (0: none of it; a checksum may accept only a
    prefix). `readings` gives other readings of the normalised text, each of the same length so that
    the spans still hold. `starts`, if given, lists in order every place of a reading where a match
    of any of `patterns` can start: each pattern is tried only there, as its finditer would find
    them (the next match at or after the end of the last).
    """
    v = view(text)
    if not v.has_digit:
        return
    for reading in readings(v.text):
        if starts is None:
            for regex in patterns:
                for found in regex.finditer(reading):
                    if length := valid_length(found.group()):
                        yield Finding(*v.span(found.start(), found.start() + length), entity, "pattern")
            continue
        places = starts(reading)
        for regex in patterns if places else ():
            end = 0
            for place in places:
                if place >= end and (m := regex.match(reading, place)):
                    end = m.end()
                    if length := valid_length(m.group()):
                        yield Finding(*v.span(place, place + length), entity, "pattern")


def any_of(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern whose ``search`` finds whether any of ``words`` occurs in a text, as a substring:
    ``any(w in text for w in words)`` in one pass. The words share their prefixes (a trie), so each
    position of the text tries one branch per letter instead of every word."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, Any]) -> str:
        if "" in node:
            return ""  # a shorter word is already a hit: what follows does not matter
        alternatives = [re.escape(ch) + branch(child) for ch, child in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return re.compile(branch(trie))


@functools.lru_cache(maxsize=1024)
def _same_ignoring_case(ch: str) -> str:
    """One letter for all the letters re.IGNORECASE takes for ``ch``: σ, ς and Σ are one branch, and
    so are s, S and ſ (as two branches the trie would try the one sorted first, not the longer word,
    where the flat alternation finds the longer word). A letter whose lower case is two letters
    (İ) stays itself."""
    for folded in (ch.upper().lower(), ch.lower()):
        if len(folded) == 1 and re.fullmatch(re.escape(folded), ch, re.IGNORECASE):
            return folded
    return ch


def alternation(words: Iterable[str], *, ignorecase: bool = False) -> str:
    """``(?:w1|w2|...)`` for `words` (literal text), longest first, written as a trie: the same
    matches, but each position of a text tries one branch per letter instead of every word (a
    flat alternation of a hundred words is tried word by word at every position).

    At each position the words that can match form a chain of prefixes (lengths differ); the trie
    tries them longest first, as the flat alternation sorted by length does, so a pattern built
    around it matches exactly what the flat one matched. With ``ignorecase`` (the pattern is
    compiled with re.IGNORECASE) letters that differ only in case share a branch.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(_same_ignoring_case(ch) if ignorecase else ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, Any]) -> str:
        # Longer words first: the end of a word is the last alternative.
        alternatives = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""  # a leaf: the word ends here
        if "" in node:
            alternatives.append("")
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return branch(trie) if trie else "(?!)"


# Characters IGNORECASE takes for a letter beyond its upper and lower case (tests check every
# character of Unicode for the letters the street words and the name cues begin with).
_ALSO = {"s": "ſ", "k": "\u212a", "i": "İı", "å": "\u212b", "ω": "\u2126", "θ": "ϑϴ", "ε": "ϵ", "κ": "ϰ",
         "π": "ϖ", "ρ": "ϱ", "σ": "ς", "φ": "ϕ", "β": "ϐ", "μ": "µ", "в": "ᲀ", "д": "ᲁ", "о": "ᲂ", "с": "ᲃ",
         "т": "ᲄᲅ", "ъ": "ᲆ", "ѣ": "ᲇ"}  # fmt: skip


def led_by_class(words: Iterable[str]) -> str:
    r"""``(?<![\w])(?i:WORDS)`` (``WORDS``: the trie :func:`alternation` makes of ``words``), led by
    the class of every character their first letters match ignoring case, the look-behind after
    it: the engine skips to such a character instead of trying the look-behind and the words at
    every position. After the first letter (checked again by a look-behind, ignoring case) each
    branch is the trie below that letter, so the matches are the same (tests compare them and check
    the class against every character of Unicode)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(_same_ignoring_case(word[0]), []).append(word[1:])
    lead = {c for x in groups for c in (x, x.lower(), x.upper(), *_ALSO.get(x.lower(), "")) if len(c) == 1}
    body = "|".join(
        f"(?<={re.escape(x)})" + alternation(rests, ignorecase=True) for x, rests in sorted(groups.items())
    )
    return "[" + "".join(re.escape(c) for c in sorted(lead)) + "](?<![\\w].)(?i:" + body + ")"
