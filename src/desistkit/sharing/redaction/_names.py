"""Known names and places matched word by word, in every spelling and inflection."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator

from desistkit.sharing.redaction._endings import assimilated, endings
from desistkit.sharing.redaction._fold import fold_word
from desistkit.sharing.redaction._phonetic import bound, key
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


_Entry = tuple[tuple[str, ...], bool, EntityType, int | None]


class NameIndex:
    """Known names matched word by word, without a regular expression per case.

    Compiling patterns for every case cost more than redacting its notes; a dictionary from the
    first letters of each name variant to the variants is built in microseconds instead. A person's
    name is also found by its phonetic key (:mod:`._phonetic`) within an edit bound; a place only
    as a whole, word for word, so a city or an ordinary word in a place's name stays.
    """

    def __init__(self) -> None:
        self._by_prefix: dict[str, list[_Entry]] = {}
        self._keys: dict[str, list[tuple[str, EntityType, int | None]]] = {}

    def add(self, name: str, kind: EntityType, person: int | None) -> None:
        entries, keys = _index_entries(name, kind, person)
        for prefix, entry in entries:
            self._by_prefix.setdefault(prefix, []).append(entry)
        for prefix, key_entry in keys:
            self._keys.setdefault(prefix, []).append(key_entry)

    def __bool__(self) -> bool:
        return bool(self._by_prefix)

    def find(self, folded: str, lang: str) -> Iterator[tuple[int, int, EntityType, int | None]]:
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        by_prefix = self._by_prefix
        phonetic = bool(self._keys)
        for i, (start, end, token) in enumerate(tokens):
            entries = by_prefix.get(token[:3], ())
            sounds = phonetic and len(token) >= 4
            if not entries and not sounds:
                continue  # most words: no name starts like them, too short to sound like one
            if start and folded[start - 1] == "@":
                continue
            found = False
            for words, stem_only, kind, person in entries:
                last = i + len(words) - 1
                if last >= len(tokens):
                    continue
                same = all(tokens[i + j][2] == w for j, w in enumerate(words[:-1]))
                matched = _inflects(tokens[last][2], words[-1], stem_only, lang) if same else None
                if matched is not None:
                    found = True
                    yield start, tokens[last][0] + matched, kind, person
            if not found and sounds and not self._keys.keys().isdisjoint(_key_prefixes(token, lang)):
                for kind, person in self._sounds_like(token, lang):
                    yield start, end, kind, person
                    break
        # A word broken across a line without a hyphen ("Bren\nwald"): the two halves, joined.
        for (start, end, left), (begin, stop, right) in itertools.pairwise(tokens) if "\n" in folded else ():
            gap = folded[end:begin]
            if "\n" not in gap or gap.strip():
                continue
            joined = left + right
            for words, stem_only, kind, person in self._by_prefix.get(joined[:3], ()):
                if len(words) == 1 and _inflects(joined, words[0], stem_only, lang) == len(joined):
                    yield start, stop, kind, person

    def _sounds_like(self, token: str, lang: str) -> Iterator[tuple[EntityType, int | None]]:
        """Persons whose key is within the bound of the token's, with or without an ending (a
        short name only with an ending of the note's language, as in :func:`_inflects`)."""
        for rest, k in _cut_keys(token, lang):
            for name_key, kind, person in self._keys.get(k[:2], ()):
                if rest and rest not in endings(lang, len(name_key) >= 5):
                    continue
                limit = bound(len(name_key))
                near = abs(len(name_key) - len(k)) <= limit
                if near and _levenshtein()(k, name_key, score_cutoff=limit) <= limit:
                    yield kind, person


_WORD = re.compile(r"\w+")


@functools.cache
def _levenshtein() -> Callable[..., int]:
    """rapidfuzz's edit distance, imported on first use: a process that never matches a name by
    its sound (a deck for the internal audience) saves importing rapidfuzz (~20 ms)."""
    from rapidfuzz.distance import Levenshtein

    distance: Callable[..., int] = Levenshtein.distance
    return distance


@functools.lru_cache(maxsize=65536)
def _cut_keys(token: str, lang: str) -> tuple[tuple[str, str], ...]:
    """The token's key, and the key of its stem for each ending of ``lang`` it may carry: (ending,
    key) pairs. Cached: the same words come back in every note."""
    out = []
    for cut in range(min(5, len(token) - 4) + 1):
        rest = token[len(token) - cut :]
        if cut and rest not in endings(lang, True):
            continue
        out.append((rest, key(token[: len(token) - cut])))
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _key_prefixes(token: str, lang: str) -> frozenset[str]:
    """The first two letters of each key of :func:`_cut_keys`: the case's persons are filed by
    them, so a word none of whose keys starts like a person's is not compared at all."""
    return frozenset(k[:2] for _, k in _cut_keys(token, lang))


@functools.lru_cache(maxsize=4096)
def _index_entries(
    name: str, kind: EntityType, person: int | None
) -> tuple[tuple[tuple[str, _Entry], ...], tuple[tuple[str, tuple[str, EntityType, int | None]], ...]]:
    """What :meth:`NameIndex.add` files for one name, by prefix: its variants, and the phonetic keys
    of a person's words. Cached: the same names come back in case after case, and building the
    variants cost more than finding them in a note."""
    entries: list[tuple[str, _Entry]] = []
    keys: list[tuple[str, tuple[str, EntityType, int | None]]] = []
    for variant in _name_variants(name):
        words = tuple(_WORD.findall(variant))  # Karl-Dieter: two words, as the text is read
        if not words:
            continue
        entries.append((words[0][:3], (words, False, kind, person)))
        if kind is not EntityType.PERSON:
            continue
        if len(words) > 1:  # "Koch II", "El Mansouri": the long parts alone identify too
            for word in words:
                if len(word) >= 4:
                    entries.append((word[:3], ((word,), False, kind, person)))
        last = words[-1]
        if 4 <= len(last) <= 5 and last[-1] in _VOWELS:  # Anna -> Annie, Annę; Jana -> Janou
            stem = (*words[:-1], last[:-1])
            entries.append((stem[0][:3], (stem, True, kind, person)))
        for word in words:
            if len(word) >= 4:
                k = key(word)
                keys.append((k[:2], (k, kind, person)))
    return tuple(entries), tuple(keys)


def _inflects(token: str, word: str, stem_only: bool, lang: str) -> int | None:
    """How much of ``token`` is ``word`` or an inflected form of it (both folded), or None.

    The endings are the real case endings of the note's language (of every language for names of
    five or more letters): 'Rico' finds 'Ricon' in Finnish, never 'Ricotta' in Italian. A name of six
    or more letters glued to the next word ("Brenwaldtoday") is found up to its end.
    """
    if token == word:
        return len(token)
    if not token.startswith(word):
        return None
    rest = token[len(word) :]
    if rest in endings(lang, len(word) >= 5 and not stem_only) or rest in assimilated(lang, word):
        return len(token)
    if not stem_only and len(word) >= 6 and len(rest) >= 3:
        return len(word)
    return None
