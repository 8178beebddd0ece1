"""What every importer needs to turn a caseworker's writing back into values, in one place.

- :class:`Problems`: every problem found, each with its place (``slide 3, shape faith:known``,
  ``Sitzungen!L7``), reported at once; optionally capped.
- :func:`vocabulary`: a word of a list (a valence, a status, ...) back to its value, in the
  document's language, English or any EU language, ignoring case and spacing.
- :func:`factor_names` and :func:`factor_list`: a list of factors as a caseworker writes it
  ("Pareja, hijos e hijas; Amistades") back to factor ids; a name that holds the separator itself
  is matched whole, longest known name first.
- :func:`parse_date`: the dates a caseworker types, never guessed.
- :func:`whole_number` and :func:`is_rating`: ratings, in the model's range.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic, TypeVar

import attrs

from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import DocumentError, Problem
from desistkit.core.model import RATING_MAX, RATING_MIN
from desistkit.i18n.localizer import EU_LANGUAGES, Localizer, get_localizer

__all__ = [
    "RATING_RANGE",
    "FactorList",
    "Problems",
    "TooManyProblems",
    "Vocabulary",
    "enum_vocabulary",
    "factor_list",
    "factor_names",
    "fold",
    "is_rating",
    "languages",
    "parse_date",
    "vocabulary",
    "whole_number",
]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

RATING_RANGE = f"from {RATING_MIN} to {RATING_MAX}"
"""How messages name the range of a rating."""


# --- problems -------------------------------------------------------------------------------------


class TooManyProblems(Exception):
    """Raised by :meth:`Problems.add` at the limit: stop reading and report what was found."""


class Problems:
    """The problems found in a document, in the order found; at most ``limit`` of them."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self.items: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        """Note a problem; raises :class:`TooManyProblems` when it is the limit's."""
        self.items.append(Problem(where, message))
        if self.limit is not None and len(self.items) >= self.limit:
            raise TooManyProblems

    def stopped(self) -> None:
        """Say that reading stopped at the limit (after :class:`TooManyProblems`)."""
        self.items.append(Problem("", f"stopped after {self.limit} problems"))

    def error(self, source: str) -> DocumentError:
        """The error listing them all."""
        return DocumentError(source, list(self.items))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)


# --- words of a list ------------------------------------------------------------------------------


def fold(text: str) -> str:
    """A word as compared: case folded, spacing collapsed."""
    return " ".join(text.split()).casefold()


def languages(loc: Localizer) -> tuple[Localizer, ...]:
    """Where a word is looked up: the document's language first, then English, then every EU one."""
    codes = dict.fromkeys((loc.language, "en", *EU_LANGUAGES))
    return tuple(loc if code == loc.language else get_localizer(code) for code in codes)


@attrs.frozen
class Vocabulary(Generic[T]):
    """The words of one list (stances, valences, ...) and the value each stands for."""

    words: Mapping[str, T]
    expected: tuple[str, ...]
    """The list in the document's language, in its order: what a message offers."""

    def get(self, text: str) -> T | None:
        """The value of a word written in any accepted form; None for a word not in the list."""
        return self.words.get(fold(text))


def vocabulary(
    loc: Localizer,
    words: Callable[[Localizer], Iterable[tuple[T, str]]],
    machine: Iterable[tuple[T, str]] = (),
) -> Vocabulary[T]:
    """The list ``words(localizer)`` gives as (value, word) pairs, read in every language of
    :func:`languages` (an earlier language wins a word two languages share), and in ``machine``
    form (the case file's ``in_progress``, also written ``in progress``)."""
    table: dict[str, T] = {}
    for other in languages(loc):
        for value, word in words(other):
            table.setdefault(fold(word), value)
    for value, word in machine:
        table.setdefault(fold(word), value)
        table.setdefault(fold(word.replace("_", " ")), value)
    return Vocabulary(table, tuple(word for _, word in words(loc)))


def enum_vocabulary(loc: Localizer, enum_type: type[E]) -> Vocabulary[E]:
    """The members of an enum by their localised label or their case file value."""
    return vocabulary(
        loc, lambda other: [(m, other.enum(m)) for m in enum_type], [(m, m.value) for m in enum_type]
    )


# --- factors --------------------------------------------------------------------------------------


def factor_names(loc: Localizer, catalogue: Catalogue) -> dict[str, str]:
    """Folded factor name (in the document's language, then English) or id -> factor id;
    hidden factors included."""
    names: dict[str, str] = {}
    for language in dict.fromkeys((loc.language, "en")):
        other = loc if language == loc.language else get_localizer(language)
        localized = other.catalogue(catalogue)
        for factor in (*localized.factors, *localized.hidden):
            names.setdefault(fold(factor.name), factor.id)
    for factor in (*catalogue.factors, *catalogue.hidden):
        names.setdefault(factor.id, factor.id)
    return names


@attrs.frozen
class FactorList:
    """What :func:`factor_list` read: the factor ids (each once, in order) and the items it could not."""

    ids: tuple[str, ...]
    unknown: tuple[str, ...]


_SEPARATOR = re.compile(r"([,;\n])")


def factor_list(text: str, names: Mapping[str, str]) -> FactorList:
    """Factor ids from names (or ids) separated by commas, semicolons or line breaks.

    A name may hold a separator itself ("Pareja, hijos e hijas"), so the list is not simply split:
    at each item the longest run of items that is a known name is taken, then the next item.
    ``names`` is :func:`factor_names`.
    """
    pieces = _SEPARATOR.split(text)
    items, separators = pieces[0::2], pieces[1::2]
    widest = max((len(_SEPARATOR.findall(name)) for name in names), default=0)
    found: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(items):
        if not items[i].strip():
            i += 1
            continue
        for j in range(min(len(items) - 1, i + widest), i - 1, -1):
            run = "".join(items[k] + (separators[k] if k < j else "") for k in range(i, j + 1))
            factor_id = names.get(fold(run))
            if factor_id is not None:
                found.append(factor_id)
                i = j + 1
                break
        else:
            unknown.append(items[i].strip())
            i += 1
    return FactorList(tuple(dict.fromkeys(found)), tuple(unknown))


# --- dates and ratings ----------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})\.?")  # 14.03.2026, 14/03/2026
_YEAR_FIRST = re.compile(r"(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\.?")  # 2026-03-14, 2026. 03. 14.


def parse_date(text: str) -> dt.date | None:
    """A date as a caseworker types it, never guessed: year first (ISO, Hungarian, Lithuanian) or
    day first (every other EU language), with ``.``, ``/`` or ``-``, always with a four-digit year
    from 1900 on; else None. Month-first (US) forms are not read: 03/04/2026 is day first."""
    value = text.strip()
    found = _YEAR_FIRST.fullmatch(value)
    if found:
        year, month, day = (int(g) for g in found.groups())
    else:
        found = _DAY_FIRST.fullmatch(value)
        if found is None:
            return None
        day, month, year = (int(g) for g in found.groups())
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        return None
    return parsed if parsed.year >= 1900 else None


_WHOLE = re.compile(rf"(\d+)\s*(?:/\s*{RATING_MAX})?")  # 3, or 3/4 as the deck shows a rating


def whole_number(value: object) -> int | None:
    """A whole number given as a number or a text ("3", "3/4"); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        found = _WHOLE.fullmatch(value.strip())
        return int(found.group(1)) if found else None
    return None


def is_rating(number: int) -> bool:
    """Whether a whole number is in the model's rating range."""
    return RATING_MIN <= number <= RATING_MAX
