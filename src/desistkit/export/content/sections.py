"""The order of a case document's sections, one list for every renderer that draws them in turn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["SECTIONS", "Sections"]

SECTIONS = (
    "title",
    "overview",
    "reflections",
    "goals",
    "since",
    "relationship",
    "progress",
    "questions",
    "blind_spots",
    "participants",
)
"""Every section of a case document, in the order the summaries draw them."""

_Draw = TypeVar("_Draw", bound=Callable[..., object])


class Sections(Generic[_Draw]):
    """A renderer's drawing functions by section, handed back in :data:`SECTIONS` order.

    A renderer need not draw every section (the Word summary has no progress charts); it cannot
    name one that is not in the list, so the order is decided here and nowhere else.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, _Draw] = {}

    def draws(self, key: str) -> Callable[[_Draw], _Draw]:
        """A decorator: the function draws section `key`."""
        if key not in SECTIONS:
            raise ValueError(f"section {key!r} is not one of {', '.join(SECTIONS)}")

        def register(draw: _Draw) -> _Draw:
            self._by_key[key] = draw
            return draw

        return register

    def in_order(self) -> tuple[_Draw, ...]:
        """The registered functions in section order."""
        return tuple(self._by_key[key] for key in SECTIONS if key in self._by_key)
