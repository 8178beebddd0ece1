"""The case's own identifiers: names, aliases, handles, birth date, numbers and places."""

from __future__ import annotations

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
from desistkit.sharing.redaction._names import NameIndex
from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["KnownDetector", "KnownIdentifiers"]


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
    return alias.startswith("@") or _HANDLE_MARK.search(alias) is not None


_HANDLE_MARK = re.compile(r"[\d_.]")  # compiled once: re.search looks the pattern up on every call


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
        self._names.add_all((name, _PERSON, number) for number, name in known.persons)
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
            # Its letters and digits with any separators or none: @brunokr_88 is also written
            # brunokr88, brunokr.88 or brunokr 88.
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
                if kind is _PLACE:
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


# Read once: a member read from its enum class costs a look-up in EntityType (~0.1 us), per name.
_PERSON, _PLACE = EntityType.PERSON, EntityType.PLACE


def _same_span(start: int, end: int) -> tuple[int, int]:
    return start, end
