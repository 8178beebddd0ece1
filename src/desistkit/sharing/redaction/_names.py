"""Known names and places matched word by word, in every spelling and inflection."""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from desistkit.sharing.redaction._endings import ALL_ENDINGS, assimilated, endings
from desistkit.sharing.redaction._fold import fold_word
from desistkit.sharing.redaction._phonetic import bound, first_letters, key
from desistkit.sharing.redaction._types import EntityType

__all__ = ["NameIndex"]

_VOWELS = "aeiouy"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _name_variants(name: str) -> set[str]:
    """Folded spellings and stems of a name; each is matched with an optional inflection ending."""
    base = {fold_word(name)}
    if not name.isascii():  # an umlaut is not ASCII: an ASCII name is its own German spelling
        base.add(fold_word(name.translate(_UMLAUTS)))
    for v in list(base):
        # Greek romanisations in common use: ου -> ou, υ -> i, initial γι -> yi.
        if "oy" in v or v.startswith("gi"):
            base |= {v.replace("oy", "ou"), v.replace("y", "i"), "y" + v[1:] if v.startswith("gi") else v}
    variants = set(base)
    for v in base:
        n = len(v)
        if n < 4:
            continue  # too short for a stem
        last = v[-1]
        if n >= 5 and last in _VOWELS:
            variants.add(v[:-1])  # Kowalska -> kowalsk(iej)
        if last == "s" and v[-2] in _VOWELS:
            if n >= 6:
                variants.add(v[:-2])  # Giorgos -> giorg(o), Jonaitis -> jonait(is)
            else:
                variants.add(v[:-1])  # Λάλας -> lala (genitive Λάλα); Jonas -> jona (Jono, Jonui)
        if n >= 6 and v.endswith("nen"):
            variants.add(v[:-3] + "se")  # Virtanen -> virtase(lle), Ahonen -> ahose(n)
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
        self._by_prefix: dict[str, tuple[_Entry, ...]] = {}
        self._keys: dict[str, tuple[_KeyEntry, ...]] = {}
        self._first: frozenset[str] | None = None  # of the words worth keying: see find

    def add(self, name: str, kind: EntityType, person: int | None) -> None:
        self.add_all(((name, kind, person),))

    def add_all(self, names: Iterable[tuple[str, EntityType, int | None]]) -> None:
        """:meth:`add` each (name, kind, person) in turn."""
        by_prefix, by_key = self._by_prefix, self._keys
        self._first = None
        for name, kind, person in names:
            # Filed per name already (cached): a case merges a few short tuples.
            entries, keys = _index_entries(name, kind._value_, person)  # .value: a Python property
            for prefix, items in entries:
                there = by_prefix.get(prefix)
                by_prefix[prefix] = items if there is None else there + items
            for prefix, key_items in keys:
                there_keys = by_key.get(prefix)
                by_key[prefix] = key_items if there_keys is None else there_keys + key_items

    def __bool__(self) -> bool:
        return bool(self._by_prefix)

    def _first_letters(self) -> frozenset[str]:
        # first_letters of a set is the union of first_letters of each of its letters (a letter
        # is allowed by what it can become, one letter of the set at a time): those are cached.
        self._first = frozenset().union(*map(_can_start, {prefix[0] for prefix in self._keys}))
        return self._first

    def find(self, folded: str, lang: str) -> Iterator[tuple[int, int, EntityType, int | None]]:
        pieces = _pieces(folded)
        words = list(filter(None, pieces))
        by_prefix = self._by_prefix
        spoken = self._keys.keys()
        # The words a name could start at: one filed under their first letters, or (four letters
        # or more) one with a key that starts like a person's. Most notes have few or none.
        if spoken:
            # A word is keyed only if its first letter can start a person's key (most cannot).
            first = self._first if self._first is not None else self._first_letters()
            hits = [
                i
                for i, token in enumerate(words)
                if token[:3] in by_prefix
                or (len(token) >= 4 and token[0] in first and not spoken.isdisjoint(_key_prefixes(token)))
            ]
        else:
            hits = [i for i, token in enumerate(words) if token[:3] in by_prefix]
        broken = "\n" in folded
        if not hits and not broken:
            return
        starts = _starts(pieces)
        count = len(words)
        for i in hits:
            start, token = starts[i], words[i]
            if start and folded[start - 1] == "@":
                continue
            found = False
            for names, stem_only, kind, person in by_prefix.get(token[:3], ()):
                last = i + len(names) - 1
                if last >= count:
                    continue
                if last > i and any(words[i + j] != w for j, w in enumerate(names[:-1])):
                    continue
                matched = _inflects(words[last], names[-1], stem_only, lang)
                if matched is not None:
                    found = True
                    yield start, starts[last] + matched, kind, person
            if not found and len(token) >= 4 and spoken and not spoken.isdisjoint(_key_prefixes(token)):
                for kind, person in self._sounds_like(token, lang):
                    yield start, start + len(token), kind, person
                    break
        # A word broken across a line without a hyphen ("Bren\nwald"): the two halves, joined.
        for i in range(count - 1) if broken else ():
            end, begin = starts[i] + len(words[i]), starts[i + 1]
            gap = folded[end:begin]
            if "\n" not in gap or gap.strip():
                continue
            joined = words[i] + words[i + 1]
            for names, stem_only, kind, person in by_prefix.get(joined[:3], ()):
                if len(names) == 1 and _inflects(joined, names[0], stem_only, lang) == len(joined):
                    yield starts[i], begin + len(words[i + 1]), kind, person

    def _sounds_like(self, token: str, lang: str) -> Iterator[tuple[EntityType, int | None]]:
        """Persons whose key is within the bound of the token's, with or without an ending (a
        short name only with an ending of the note's language, as in :func:`_inflects`)."""
        for rest, k in _cut_keys(token):
            for name_key, kind, person in self._keys.get(k[:2], ()):
                if rest and rest not in endings(lang, len(name_key) >= 5):
                    continue
                limit = bound(len(name_key))
                near = abs(len(name_key) - len(k)) <= limit
                if near and _levenshtein()(k, name_key, score_cutoff=limit) <= limit:
                    yield kind, person


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=256)
def _can_start(letter: str) -> frozenset[str]:
    """:func:`.first_letters` of one letter (a key's first: few, and the same in every case)."""
    return first_letters({letter})


class _SpacedOut(dict[int, str]):
    """str.translate table: a character of a word (``\\w``: what str.isalnum calls a letter or
    digit, and _) stays, any other becomes a space; filled on first sight (translate runs in C)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = out = char if char.isalnum() or char == "_" else " "
        return out


_SPACED_OUT = _SpacedOut()


def _pieces(folded: str) -> list[str]:
    """The text split at every character that is not part of a word (``\\w``): its words, in
    order, are the pieces that are not empty (``_WORD.findall``, without a match object each)."""
    return folded.translate(_SPACED_OUT).split(" ")


def _starts(pieces: list[str]) -> list[int]:
    """Where each word of :func:`_pieces` starts in the text: each piece stood after the ones
    before it and one character each between them (summed in C)."""
    ends = itertools.accumulate(map(len, pieces), initial=0)
    return list(itertools.compress(map(operator.add, ends, itertools.count()), pieces))


@functools.cache
def _levenshtein() -> Callable[..., int]:
    """rapidfuzz's edit distance, imported on first use: a process that never matches a name by
    its sound (a deck for the internal audience) saves importing rapidfuzz (~20 ms)."""
    from rapidfuzz.distance import Levenshtein

    distance: Callable[..., int] = Levenshtein.distance
    return distance


@functools.lru_cache(maxsize=65536)
def _cut_keys(token: str) -> tuple[tuple[str, str], ...]:
    """The token's key, and the key of its stem for each ending it may carry (of any language:
    :func:`_sounds_like` checks the note's): (ending, key) pairs. Cached: the same words come back
    in every note."""
    out = []
    for cut in range(min(5, len(token) - 4) + 1):
        rest = token[len(token) - cut :]
        if cut and rest not in ALL_ENDINGS:
            continue
        out.append((rest, key(token[: len(token) - cut])))
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _key_prefixes(token: str) -> frozenset[str]:
    """The first two letters of each key of :func:`_cut_keys`: the case's persons are filed by
    them, so a word none of whose keys starts like a person's is not compared at all."""
    return frozenset(k[:2] for _, k in _cut_keys(token))


_Filed = tuple[tuple[str, tuple[_Entry, ...]], ...]
_KeyEntry = tuple[str, EntityType, int | None]
_KeyFiled = tuple[tuple[str, tuple[_KeyEntry, ...]], ...]
_T = TypeVar("_T")


_KINDS = {kind.value: kind for kind in EntityType}
_PERSON = EntityType.PERSON  # an enum member read from its class costs a look-up in EntityType
_HAS_UMLAUT = re.compile("[äöüÄÖÜ]")


@functools.lru_cache(maxsize=4096)
def _index_entries(name: str, kind_value: str, person: int | None) -> tuple[_Filed, _KeyFiled]:
    """What :meth:`NameIndex.add` files for one name, by prefix: its variants, and the phonetic keys
    of a person's words. Cached: the same names come back in case after case, and building the
    variants cost more than finding them in a note. (By the kind's value: an enum member hashes
    in Python.)"""
    kind = _KINDS[kind_value]
    is_person = kind is _PERSON
    if is_person and (name.isascii() or not _HAS_UMLAUT.search(name)):
        # The only base spelling: no umlaut to write as ae, oe, ue. (An ASCII name folds to lower case.)
        plain = name.lower() if name.isascii() else fold_word(name)
        if plain.isalnum() and len(plain) >= 3 and "oy" not in plain and not plain.startswith("gi"):
            return _one_word(plain, kind, person)
    entries: list[tuple[str, _Entry]] = []
    keys: list[tuple[str, _KeyEntry]] = []
    for variant in _name_variants(name):
        if variant.isalnum():  # one word (\w is what str.isalnum calls a letter or digit): most names
            entries.append((variant[:3], ((variant,), False, kind, person)))
            if is_person and len(variant) >= 4:
                if len(variant) <= 5 and variant[-1] in _VOWELS:  # Anna -> Annie, Annę; Jana -> Janou
                    entries.append((variant[:3], ((variant[:-1],), True, kind, person)))
                k = key(variant)
                keys.append((k[:2], (k, kind, person)))
            continue
        words = tuple(_WORD.findall(variant))  # Karl-Dieter: two words, as the text is read
        if not words:
            continue
        entries.append((words[0][:3], (words, False, kind, person)))
        if not is_person:
            continue
        if len(words) > 1:  # "Koch II", "El Mansouri": the long parts alone identify too
            for word in words:
                if len(word) >= 4:
                    entries.append((word[:3], ((word,), False, kind, person)))
        last = words[-1]
        if 4 <= len(last) <= 5 and last[-1] in _VOWELS:
            stem = (*words[:-1], last[:-1])
            entries.append((stem[0][:3], (stem, True, kind, person)))
        for word in words:
            if len(word) >= 4:
                k = key(word)
                keys.append((k[:2], (k, kind, person)))
    return _grouped(entries), _grouped(keys)


def _one_word(plain: str, kind: EntityType, person: int | None) -> tuple[_Filed, _KeyFiled]:
    """:func:`_index_entries` of a person's name that folds to one word of three or more letters
    and has one base spelling (most names): the variants of :func:`_name_variants` without the
    sets, all filed under its first three letters (every stem keeps them)."""
    n, last = len(plain), plain[-1]
    variants = [plain]
    if n >= 4:
        if n >= 5 and last in _VOWELS:
            variants.append(plain[:-1])
        if last == "s" and plain[-2] in _VOWELS:
            variants.append(plain[:-2] if n >= 6 else plain[:-1])
        if n >= 6 and plain.endswith("nen"):
            variants.append(plain[:-3] + "se")
    entries: list[_Entry] = []
    keys: dict[str, list[_KeyEntry]] = {}  # by prefix, as _grouped files them: in their order
    for variant in variants:  # all differ: by length, or by their end
        entries.append(((variant,), False, kind, person))
        if len(variant) >= 4:
            if len(variant) <= 5 and variant[-1] in _VOWELS:
                entries.append(((variant[:-1],), True, kind, person))
            k = key(variant)
            there = keys.get(k[:2])
            if there is None:
                keys[k[:2]] = [(k, kind, person)]
            else:
                there.append((k, kind, person))
    return ((plain[:3], tuple(entries)),), tuple([(prefix, tuple(items)) for prefix, items in keys.items()])


def _grouped(filed: list[tuple[str, _T]]) -> tuple[tuple[str, tuple[_T, ...]], ...]:
    """(prefix, item) pairs as (prefix, items), each prefix once, the items in their order."""
    if len({prefix for prefix, _ in filed}) == 1:
        return ((filed[0][0], tuple(item for _, item in filed)),)  # one word's variants: usually
    groups: dict[str, list[_T]] = {}
    for prefix, item in filed:
        groups.setdefault(prefix, []).append(item)
    return tuple((prefix, tuple(items)) for prefix, items in groups.items())


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
