"""The case's own detector as it stood before the reverse look-ups (desistkit d542978): the
plain reference tests/test_redaction_known_oracle.py compares the installed detector with.

A verbatim copy of ``_names.py`` and ``_known.py`` of that commit (docstrings kept), importing only
the helpers it did not change from the installed package. Do not "fix" it: it is the oracle. The one
exception is a change of what is found, made in _known.py after the copy (a handle with any separators
or none, in KnownDetector.__init__), copied here so the two find the same.
"""
# ruff: noqa
# mypy: ignore-errors

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
        self._first = first_letters({prefix[0] for prefix in self._keys})
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
_HAS_UMLAUT = re.compile("[äöüÄÖÜ]")


@functools.lru_cache(maxsize=4096)
def _index_entries(name: str, kind_value: str, person: int | None) -> tuple[_Filed, _KeyFiled]:
    """What :meth:`NameIndex.add` files for one name, by prefix: its variants, and the phonetic keys
    of a person's words. Cached: the same names come back in case after case, and building the
    variants cost more than finding them in a note. (By the kind's value: an enum member hashes
    in Python.)"""
    kind = _KINDS[kind_value]
    is_person = kind is EntityType.PERSON
    if is_person and (name.isascii() or not _HAS_UMLAUT.search(name)):
        plain = fold_word(name)  # the only base spelling: no umlaut to write as ae, oe, ue
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
    keys: list[tuple[str, _KeyEntry]] = []
    for variant in variants:  # all differ: by length, or by their end
        entries.append(((variant,), False, kind, person))
        if len(variant) >= 4:
            if len(variant) <= 5 and variant[-1] in _VOWELS:
                entries.append(((variant[:-1],), True, kind, person))
            k = key(variant)
            keys.append((k[:2], (k, kind, person)))
    return ((plain[:3], tuple(entries)),), _grouped(keys)


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


import datetime as dt
import functools
import itertools
import re
import string
from collections.abc import Iterable, Iterator

import attrs

from desistkit.core.model import ClientIdentity
from desistkit.sharing.redaction._dates import find_date
from desistkit.sharing.redaction._fold import fold, fold_word
from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._types import EntityType, Finding


@attrs.frozen
class KnownIdentifiers:
    """What the case knows about the client and named contacts, ready for matching."""

    persons: tuple[tuple[int, str], ...] = ()  # (person number, name or nickname)
    handles: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    inmate_numbers: tuple[str, ...] = ()
    other_ids: tuple[str, ...] = ()

    @classmethod
    def from_identity(cls, identity: ClientIdentity | None) -> KnownIdentifiers:
        """Client = person 1, named contacts 2, 3, ... in their order; handle-like aliases apart."""
        if identity is None:
            return cls()
        persons = [(1, n) for n in (*identity.given_names, *identity.family_names)]
        handles = [a for a in identity.aliases if looks_like_handle(a)]
        if len(handles) < len(identity.aliases):
            persons += [(1, a) for a in identity.aliases if not looks_like_handle(a)]
        for number, contact in enumerate(identity.contacts, 2):
            persons += [(number, part) for part in _name_parts(contact.name)]
        return cls(
            persons=tuple(persons),
            handles=tuple(handles),
            places=identity.places,
            birth_date=identity.birth_date,
            inmate_numbers=identity.inmate_numbers,
            other_ids=identity.other_identifiers,
        )

    @property
    def values(self) -> tuple[str, ...]:
        """Every identifying string (for leak checks); the birth date in ISO form."""
        out = [n for _, n in self.persons] + [*self.handles, *self.places, *self.inmate_numbers,
                                               *self.other_ids]  # fmt: skip
        if self.birth_date:
            out.append(self.birth_date.isoformat())
        return tuple(out)


def looks_like_handle(alias: str) -> bool:
    return alias.startswith("@") or bool(re.search(r"[\d_.]", alias))


def _name_parts(name: str) -> list[str]:
    # Contacts are written as one string ("Marta Brenner"); honorifics and initials are not names.
    return [p for p in _SPACES.split(name) if len(p.strip(".")) >= 2]


_SPACES = re.compile(r"[\s,]+")


@functools.lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    """Compiled once per process: services redact notes of the same cases again and again."""
    return re.compile(pattern)


class _Skeleton(dict[int, str | None]):
    """str.translate table that keeps a-z and 0-9 and drops any other character (filled on first
    sight; translate runs in C, quicker than a substitution of every run of other characters)."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        self[code] = out = char if "0" <= char <= "9" or "a" <= char <= "z" else None
        return out


_SKELETON = _Skeleton()


def _find_skeleton(folded: str, forms: Iterable[str]) -> Iterator[tuple[int, int, str]]:
    """Each form written with up to two separators between its characters (JVA-4471/23,
    jva 4471 23), not inside a longer run of letters and digits.

    Plain substring search over the text's letters and digits: one regular expression per case
    and form cost more to compile than the notes took to redact.
    """
    skeleton = folded.translate(_SKELETON)
    for form in forms:
        if form in skeleton:
            break
    else:
        return  # the usual case: no need to map the skeleton back to the text
    # The text's index of each skeleton character: its runs of letters and digits, in a row.
    where = list(itertools.chain.from_iterable(range(*m.span()) for m in _GROUP.finditer(folded)))
    for form in forms:
        pos = skeleton.find(form)
        while pos >= 0:
            first, last = where[pos], where[pos + len(form) - 1]
            gaps_ok = all(where[k + 1] - where[k] <= 3 for k in range(pos, pos + len(form) - 1))
            alone = (pos == 0 or where[pos - 1] < first - 1) and (
                pos + len(form) == len(where) or where[pos + len(form)] > last + 1
            )
            if gaps_ok and alone:
                yield first, last + 1, form
            pos = skeleton.find(form, pos + 1)


_GROUP = re.compile(r"[0-9a-z]+")


@functools.lru_cache(maxsize=4096)
def _id_forms(value: str) -> frozenset[str]:
    """The forms a record's number is written in without its label: "Az. 4 KLs 318/24" is also
    "4 KLs 318/24", "KLs 318-24" and "318/24"; "Dossier 2024/DX-77193" also "DX-77193" and "77193".

    Every tail of its groups with five or more characters, three of them digits, and all its digits.
    """
    groups = _GROUP.findall(fold_word(value))
    whole = "".join(groups)
    forms = {whole}
    for i in range(1, len(groups)):
        tail = "".join(groups[i:])
        # Groups hold only a-z and 0-9: the digits are what is left without the letters.
        if len(tail) >= 5 and len(tail.translate(_NO_LETTERS)) >= 3:
            forms.add(tail)
    digits = whole.translate(_NO_LETTERS)
    if len(digits) >= 5:
        forms.add(digits)
    return frozenset(forms)


_NO_LETTERS = str.maketrans("", "", string.ascii_lowercase)


class KnownDetector:
    """Finds what the case knows. These must never leak, so they win every overlap."""

    name = "known"

    def __init__(self, known: KnownIdentifiers) -> None:
        self.known = known
        self._names = NameIndex()
        self._names.add_all((name, EntityType.PERSON, number) for number, name in known.persons)
        if known.places:
            self._names.add_all((place, EntityType.PLACE, index) for index, place in enumerate(known.places))
        self._patterns: list[tuple[re.Pattern[str], EntityType]] = []
        for handle in known.handles:
            bare = fold_word(handle.lstrip("@"))
            self._patterns.append(
                (_compile(r"(?<![\w.])@?" + re.escape(bare) + r"(?![\w])"), EntityType.HANDLE)
            )
        self._ids: dict[str, EntityType] = {}
        for handle in known.handles:
            # (leak fix after the copy was made: a handle's letters and digits with any separators)
            form = "".join(_GROUP.findall(fold_word(handle)))
            if len(form) >= 5:
                self._ids.setdefault(form, EntityType.HANDLE)
        for values, kind in ((known.inmate_numbers, EntityType.INMATE_NUMBER),
                             (known.other_ids, EntityType.ID_NUMBER)):  # fmt: skip
            for value in values:
                for form in _id_forms(value):
                    if len(form) >= 3:
                        self._ids.setdefault(form, kind)

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        v = view(text)
        folded, folded_origin = fold(v.text)
        origin = v.origin
        if isinstance(origin, range) and isinstance(folded_origin, range):
            span = _same_span  # one character for one, twice (the usual case): the spans stand
        else:

            def span(start: int, end: int) -> tuple[int, int]:
                return origin[folded_origin[start]], origin[folded_origin[end - 1]] + 1

        if self._names:
            for start, end, kind, number in self._names.find(folded, lang):
                if kind is EntityType.PLACE:
                    yield Finding(*span(start, end), kind, "known", place=number)
                else:
                    yield Finding(*span(start, end), kind, "known", number)
        for pattern, kind in self._patterns:
            for m in pattern.finditer(folded):
                if m.end() > m.start():
                    yield Finding(*span(m.start(), m.end()), kind, "known")
        if self._ids:
            for start, end, form in _find_skeleton(folded, self._ids):
                yield Finding(*span(start, end), self._ids[form], "known")
        if self.known.birth_date is not None:
            for start, end in find_date(folded, self.known.birth_date):
                yield Finding(*span(start, end), EntityType.BIRTH_DATE, "known")


def _same_span(start: int, end: int) -> tuple[int, int]:
    return start, end
