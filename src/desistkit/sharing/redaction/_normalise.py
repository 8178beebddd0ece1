"""The text every built-in detector reads, with a map back to the original."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = ["View", "view"]


@attrs.frozen
class View:
    """``text`` as detectors read it; ``origin[i]`` is the original index of ``text[i]``."""

    text: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``."""
        return self.origin[start], self.origin[end - 1] + 1


def view(text: str) -> View:
    """The normalised view of ``text``."""
    return View(text, range(len(text)))
