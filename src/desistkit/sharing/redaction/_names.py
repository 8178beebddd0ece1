"""Known names and places matched word by word, in every spelling and inflection."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from desistkit.sharing.redaction._fold import fold_word
from desistkit.sharing.redaction._types import EntityType

__all__ = ["NameIndex"]

_VOWELS = "aeiouy"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _name_variants(name: str) -> set[str]:
    """Folded spellings and stems of a name; each is matched with an optional inflection ending."""
    base = {fold_word(name)}
    german = name.translate(_UMLAUTS)
    base.add(fold_word(german))
    for v in list(base):
        # Greek romanisations in common use: ου -> ou, υ -> i, initial γι -> yi.
        if "oy" in v or v.startswith("gi"):
            base |= {v.replace("oy", "ou"), v.replace("y", "i"), "y" + v[1:] if v.startswith("gi") else v}
    variants = set(base)
    for v in base:
        if len(v) >= 5 and v[-1] in _VOWELS:
            variants.add(v[:-1])  # Kowalska -> kowalsk(iej)
        if len(v) >= 6 and v[-1] == "s" and v[-2] in _VOWELS:
            variants.add(v[:-2])  # Giorgos -> giorg(o), Jonaitis -> jonait(is)
        if len(v) >= 6 and v.endswith("nen"):
            variants.add(v[:-3] + "se")  # Virtanen -> virtase(lle), Ahonen -> ahose(n)
        if 4 <= len(v) <= 5 and v[-1] == "s" and v[-2] in _VOWELS:
            variants.add(v[:-1])  # Λάλας -> lala (genitive Λάλα); Jonas -> jona (Jono, Jonui)
    return {v for v in variants if len(v) >= 2}


# Case endings a short name takes in the inflecting languages (folded: ą -> a, ę -> e).
_ENDINGS = frozenset(
    [
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        "ie",
        "ou",
        "ui",
        "ai",
        "us",
        "em",
        "om",
        "ej",
        "ovi",
        "owi",
        "iem",
        "emu",
        "ille",
        "lle",
        "n",
        "sta",
        "ssa",
        "lla",
    ]
)


class NameIndex:
    """Known names matched word by word, without a regular expression per case.

    Compiling patterns for every case cost more than redacting its notes; a dictionary from the
    first letters of each name variant to the variants is built in microseconds instead.
    """

    def __init__(self) -> None:
        self._by_prefix: dict[str, list[tuple[tuple[str, ...], bool, EntityType, int | None]]] = {}

    def add(self, name: str, kind: EntityType, person: int | None) -> None:
        for variant in _name_variants(name):
            words = tuple(_WORD.findall(variant))  # Karl-Dieter: two words, as the text is read
            if not words:
                continue
            self._by_prefix.setdefault(words[0][:3], []).append((words, False, kind, person))
            if len(words) > 1:  # "Koch II", "El Mansouri": the long parts alone identify too
                for word in words:
                    if len(word) >= 4:
                        self._by_prefix.setdefault(word[:3], []).append(((word,), False, kind, person))
            last = words[-1]
            if 4 <= len(last) <= 5 and last[-1] in _VOWELS:  # Anna -> Annie, Annę; Jana -> Janou
                stem = (*words[:-1], last[:-1])
                self._by_prefix.setdefault(stem[0][:3], []).append((stem, True, kind, person))

    def __bool__(self) -> bool:
        return bool(self._by_prefix)

    def find(self, folded: str) -> Iterator[tuple[int, int, EntityType, int | None]]:
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        for i, (start, _, token) in enumerate(tokens):
            if start and folded[start - 1] == "@":
                continue
            for words, stem_only, kind, person in self._by_prefix.get(token[:3], ()):
                last = i + len(words) - 1
                if last >= len(tokens):
                    continue
                same = all(tokens[i + j][2] == w for j, w in enumerate(words[:-1]))
                if same and _inflects(tokens[last][2], words[-1], stem_only):
                    yield start, tokens[last][1], kind, person
        # A word broken across a line without a hyphen ("Bren\nwald"): the two halves, joined.
        for (start, end, left), (begin, stop, right) in itertools.pairwise(tokens):
            gap = folded[end:begin]
            if "\n" not in gap or gap.strip():
                continue
            joined = left + right
            for words, stem_only, kind, person in self._by_prefix.get(joined[:3], ()):
                if len(words) == 1 and _inflects(joined, words[0], stem_only):
                    yield start, stop, kind, person


_WORD = re.compile(r"\w+")


def _inflects(token: str, word: str, stem_only: bool) -> bool:
    """Whether ``token`` is ``word`` or an inflected form of it (both folded).

    Long names take any ending of up to six letters (Kowalsk-iego, Virtase-lle); short ones only the
    case endings of the inflecting languages (Bas-a, Ann-ie), so that 'Anna' does not find 'annual'.
    """
    if stem_only:
        return token.startswith(word) and token[len(word) :] in _ENDINGS
    if token == word:
        return True
    if len(word) >= 4:
        return token.startswith(word) and len(token) - len(word) <= 6
    if len(word) == 3 and word[-1] not in _VOWELS:
        return token.startswith(word) and token[3:] in _ENDINGS
    return False
