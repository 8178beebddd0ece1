"""The factor catalogue: categories and distancing factors, loaded from TOML data.

The built-in catalogue lives in ``factors/catalogue.toml`` inside the package. An organisation
can load its own file that either replaces the catalogue or ``extends`` the built-in one by adding,
hiding or renaming factors. Every problem in such a file is reported at once
(:class:`~desistkit.CatalogueError`).

Hidden factors stay known (old case files that mention them still load) but are left out of
:attr:`Catalogue.factors`, the list documents are made from.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from os import PathLike
from typing import Any

import attrs

# difflib, tomllib, importlib.resources and pathlib are imported where they are used: the catalogue
# is parsed on first use, and `import desistkit` should not pay for them (issue #20).
from desistkit.core.errors import CatalogueError, Problem, UnknownCategoryError, UnknownFactorError
from desistkit.core.inputs import MAX_INPUT_BYTES

__all__ = [
    "Catalogue",
    "Category",
    "Factor",
    "clear_caches",
    "default_catalogue",
    "load_catalogue",
    "parse_catalogue",
]

CATALOGUE_FORMAT = "desistkit-catalogue/1"
MIN_QUESTIONS = 3
MAX_QUESTIONS = 5
_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_SYMBOLS = ("linked-circles", "spiral", "house", "mountain", "circle", "square", "triangle", "star")
_CATEGORY_KEYS = {"id", "name", "description", "colour", "symbol"}
_FACTOR_KEYS = {"id", "category", "name", "description", "questions"}
_OVERRIDE_KEYS = {"name", "description", "questions", "colour", "symbol"}
_TOP_KEYS = {"format", "extends", "hide", "overrides", "categories", "factors"}


@attrs.frozen
class Category:
    """A group of factors with its colour and card symbol (English source text)."""

    id: str
    name: str
    description: str
    colour: str
    symbol: str


@attrs.frozen
class Factor:
    """One distancing factor: what it covers, and the reflection questions for its card."""

    id: str
    category: Category
    name: str
    description: str
    questions: tuple[str, ...]

    @property
    def colour(self) -> str:
        """The colour of the factor's category (``#RRGGBB``)."""
        return self.category.colour


@attrs.frozen
class Catalogue:
    """The categories and factors, in presentation order.

    ``factors`` holds the visible factors; [factor][desistkit.Catalogue.factor] also finds hidden ones.
    """

    categories: tuple[Category, ...]
    factors: tuple[Factor, ...]
    hidden: tuple[Factor, ...] = ()
    source: str = "built-in"
    _by_id: Mapping[str, Factor] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_id = {f.id: f for f in (*self.factors, *self.hidden)}
        object.__setattr__(self, "_by_id", by_id)

    def __iter__(self) -> Iterator[Factor]:
        return iter(self.factors)

    def __len__(self) -> int:
        return len(self.factors)

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids of the visible factors, in order."""
        return tuple(f.id for f in self.factors)

    @property
    def known_ids(self) -> frozenset[str]:
        """Ids a case file may use: visible and hidden factors."""
        return frozenset(self._by_id)

    def factor(self, factor_id: str) -> Factor:
        """The factor with this id.

        Raises [UnknownFactorError][desistkit.UnknownFactorError], with suggestions, for an unknown id.
        """
        try:
            return self._by_id[factor_id]
        except KeyError:
            raise UnknownFactorError(factor_id, self.suggest(factor_id)) from None

    def category(self, category_id: str) -> Category:
        """The category with this id ([UnknownCategoryError][desistkit.UnknownCategoryError] otherwise)."""
        for category in self.categories:
            if category.id == category_id:
                return category
        raise UnknownCategoryError(category_id, [c.id for c in self.categories])

    def factors_in(self, category_id: str) -> tuple[Factor, ...]:
        """The visible factors of one category, in order."""
        return tuple(f for f in self.factors if f.category.id == category_id)

    def suggest(self, factor_id: str, limit: int = 3) -> tuple[str, ...]:
        """The known factor ids closest to a misspelt or shortened one ('education' finds
        'educational_and_vocational_training')."""
        word = factor_id.lower()
        parts = [p for p in re.split(r"[_\W]+", word) if len(p) >= 4]
        partial = [fid for fid in self._by_id if word in fid or any(p in fid for p in parts)]
        close = [fid for fid in _closest(word, self._by_id, limit) if fid not in partial]
        return tuple([*close, *partial][:limit])


def _closest(word: str, candidates: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    import difflib

    return tuple(difflib.get_close_matches(word, list(candidates), n=limit, cutoff=0.7))


@functools.lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The built-in catalogue (4 categories, 29 factors), parsed once and cached."""
    from importlib import resources

    from desistkit.core import _toml

    # the tables the wheel's build wrote beside the TOML (hatch_build.py), if made from this text
    text, tables = _toml.shipped(resources.files(__package__), "factors/catalogue.toml")
    if tables is not None:
        return _Builder("built-in catalogue").build(tables)
    return parse_catalogue(text, source="built-in catalogue")


def clear_caches() -> None:
    """Forget the cached built-in catalogue (for tests and long-running services)."""
    default_catalogue.cache_clear()


def load_catalogue(path: str | PathLike[str], *, max_bytes: int = MAX_INPUT_BYTES) -> Catalogue:
    """Read an organisation's catalogue file (TOML), at most ``max_bytes`` (1 MiB).

    A file with ``extends = "default"`` adds to, hides or renames factors of the built-in
    catalogue; otherwise it is a complete catalogue of its own. A missing file, a folder, a device,
    a file over the limit or one that is not UTF-8 is a [CatalogueError][desistkit.CatalogueError]
    naming the file, as a problem in it is.
    """
    from pathlib import Path

    from desistkit.core.inputs import decode_utf8, read_bounded

    name = Path(path).name

    def refuse(message: str) -> CatalogueError:
        return CatalogueError(name, [Problem("", message)])

    return parse_catalogue(decode_utf8(read_bounded(path, max_bytes, refuse), refuse), source=name)


def parse_catalogue(text: str, *, source: str = "catalogue") -> Catalogue:
    """Parse catalogue TOML text; raises [CatalogueError][desistkit.CatalogueError] listing every problem."""
    from desistkit.core import _toml as tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(source, [Problem("", f"is not valid TOML: {exc}")]) from None
    return _Builder(source).build(data)


class _Builder:
    """Collects every problem while building a catalogue, then raises them together."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, location: str, message: str) -> None:
        self.problems.append(Problem(location, message))

    def build(self, data: dict[str, Any]) -> Catalogue:
        for key in sorted(set(data) - _TOP_KEYS):
            self.problem(key, f"unknown key; expected one of {', '.join(sorted(_TOP_KEYS))}")
        if data.get("format") != CATALOGUE_FORMAT:
            self.problem("format", f"must be {CATALOGUE_FORMAT!r}")
        extends = data.get("extends")
        if extends is None:
            base = None
        elif extends == "default":
            base = default_catalogue()
        else:
            base = None
            self.problem("extends", "the only catalogue that can be extended is 'default'")

        if base is None:
            for key in ("hide", "overrides"):
                if key in data and extends is None:
                    self.problem(key, 'only allowed together with extends = "default"')
        categories = list(base.categories) if base else []
        factors = [*base.factors, *base.hidden] if base else []
        hidden_ids = {f.id for f in base.hidden} if base else set()

        categories += self._categories(data.get("categories", []), categories)
        by_category = {c.id: c for c in categories}
        factors += self._factors(data.get("factors", []), by_category, factors)
        if base:
            categories, factors = self._overrides(data.get("overrides", {}), categories, factors)
            hidden_ids |= self._hide(data.get("hide", []), factors)
        if not self.problems:
            if not factors:
                self.problem("factors", "the catalogue has no factors")
            for index, category in enumerate(categories):
                if not any(f.category.id == category.id for f in factors):
                    self.problem(f"categories[{index}]", f"category {category.id!r} has no factors")
        if self.problems:
            raise CatalogueError(self.source, self.problems)

        # Factors follow their category's order; within a category, the order of the file.
        order = {c.id: i for i, c in enumerate(categories)}
        factors.sort(key=lambda f: order[f.category.id])
        return Catalogue(
            categories=tuple(categories),
            factors=tuple(f for f in factors if f.id not in hidden_ids),
            hidden=tuple(f for f in factors if f.id in hidden_ids),
            source=self.source,
        )

    def _table_list(self, value: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
        if not isinstance(value, list):
            self.problem(where, "must be an array of tables ([[...]])")
            return []
        items = []
        for index, item in enumerate(value):
            loc = f"{where}[{index}]"
            if isinstance(item, dict):
                items.append((loc, item))
            else:
                self.problem(loc, "must be a table")
        return items

    def _text(self, table: Mapping[str, Any], key: str, loc: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{loc}.{key}", "missing text: a non-empty string is required")
            return ""
        return value.strip()

    def _id(self, table: Mapping[str, Any], loc: str, taken: set[str]) -> str:
        value = table.get("id")
        if not isinstance(value, str) or not _ID.match(value):
            self.problem(f"{loc}.id", "must be a snake_case id (a-z, 0-9, _), starting with a letter")
            return ""
        if value in taken:
            self.problem(f"{loc}.id", f"duplicate id {value!r}")
        taken.add(value)
        return value

    def _unknown_keys(self, table: Mapping[str, Any], allowed: set[str], loc: str) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(f"{loc}.{key}", f"unknown key; expected one of {', '.join(sorted(allowed))}")

    def _colour(self, value: Any, loc: str) -> str:
        if not isinstance(value, str) or not _COLOUR.match(value):
            self.problem(loc, "must be a colour written #RRGGBB")
            return "#000000"
        return value.upper()

    def _symbol(self, value: Any, loc: str) -> str:
        if value not in _SYMBOLS:
            self.problem(loc, f"must be one of {', '.join(_SYMBOLS)}")
            return "circle"
        return str(value)

    def _questions(self, value: Any, loc: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(q, str) and q.strip() for q in value):
            self.problem(loc, "missing text: an array of non-empty strings is required")
            return ()
        if not MIN_QUESTIONS <= len(value) <= MAX_QUESTIONS:
            self.problem(loc, f"has {len(value)} questions; a card holds {MIN_QUESTIONS} to {MAX_QUESTIONS}")
        return tuple(q.strip() for q in value)

    def _categories(self, value: Any, existing: Sequence[Category]) -> list[Category]:
        taken = {c.id for c in existing}
        result = []
        for loc, table in self._table_list(value, "categories"):
            self._unknown_keys(table, _CATEGORY_KEYS, loc)
            result.append(
                Category(
                    id=self._id(table, loc, taken),
                    name=self._text(table, "name", loc),
                    description=self._text(table, "description", loc),
                    colour=self._colour(table.get("colour"), f"{loc}.colour"),
                    symbol=self._symbol(table.get("symbol", "circle"), f"{loc}.symbol"),
                )
            )
        return result

    def _factors(
        self, value: Any, categories: Mapping[str, Category], existing: Sequence[Factor]
    ) -> list[Factor]:
        taken = {f.id for f in existing}
        result = []
        for loc, table in self._table_list(value, "factors"):
            self._unknown_keys(table, _FACTOR_KEYS, loc)
            factor_id = self._id(table, loc, taken)
            category_id = table.get("category")
            category = categories.get(category_id) if isinstance(category_id, str) else None
            if category is None:
                hint = _closest(str(category_id), list(categories), 1)
                also = f"; did you mean {hint[0]!r}?" if hint else ""
                self.problem(
                    f"{loc}.category",
                    f"unknown category {category_id!r}; expected one of {', '.join(categories)}{also}",
                )
                continue
            result.append(
                Factor(
                    id=factor_id,
                    category=category,
                    name=self._text(table, "name", loc),
                    description=self._text(table, "description", loc),
                    questions=self._questions(table.get("questions"), f"{loc}.questions"),
                )
            )
        return result

    def _overrides(
        self, value: Any, categories: list[Category], factors: list[Factor]
    ) -> tuple[list[Category], list[Factor]]:
        if not isinstance(value, dict):
            self.problem("overrides", "must be a table of tables keyed by factor or category id")
            return categories, factors
        factor_ids = {f.id: i for i, f in enumerate(factors)}
        category_ids = {c.id: i for i, c in enumerate(categories)}
        for key, table in value.items():
            loc = f"overrides.{key}"
            if not isinstance(table, dict):
                self.problem(loc, "must be a table")
                continue
            if key in category_ids:
                allowed = {"name", "description", "colour", "symbol"}
            elif key in factor_ids:
                allowed = {"name", "description", "questions"}
            else:
                hint = _closest(key, [*factor_ids, *category_ids], 1)
                also = f"; did you mean {hint[0]!r}?" if hint else ""
                self.problem(loc, f"no factor or category has this id{also}")
                continue
            self._unknown_keys(table, allowed, loc)
            changes: dict[str, Any] = {}
            for field in sorted(set(table) & allowed & _OVERRIDE_KEYS):
                if field == "colour":
                    changes[field] = self._colour(table[field], f"{loc}.colour")
                elif field == "symbol":
                    changes[field] = self._symbol(table[field], f"{loc}.symbol")
                elif field == "questions":
                    changes[field] = self._questions(table[field], f"{loc}.questions")
                else:
                    changes[field] = self._text(table, field, loc)
            if key in category_ids:
                index = category_ids[key]
                new = attrs.evolve(categories[index], **changes)
                categories[index] = new
                factors = [attrs.evolve(f, category=new) if f.category.id == key else f for f in factors]
            else:
                factors[factor_ids[key]] = attrs.evolve(factors[factor_ids[key]], **changes)
        return categories, factors

    def _hide(self, value: Any, factors: Sequence[Factor]) -> set[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem("hide", "must be an array of factor ids")
            return set()
        known = [f.id for f in factors]
        for index, factor_id in enumerate(value):
            if factor_id not in known:
                hint = _closest(factor_id, known, 1)
                also = f"; did you mean {hint[0]!r}?" if hint else ""
                self.problem(f"hide[{index}]", f"unknown factor id {factor_id!r}{also}")
        return set(value) & set(known)
