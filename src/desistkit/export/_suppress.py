"""Small-count suppression for tables of counts with totals, so that no client can be singled out.

A table is a set of cells (counts) and *equations* ``total = member + member + ...``: row totals,
column totals, subtotals of a group of rows. Three steps, repeated until nothing changes:

1. Primary: every count from 1 to ``threshold - 1`` is hidden (shown as "<5").
2. Secondary: an equation with exactly one hidden cell gives that cell away (total minus the shown
   members), so the smallest non-zero shown member is hidden too (or, if every other member is
   zero, the total).
3. Audit: step 2 is not always enough. Hidden cells in a 2×2 block with all totals shown, say,
   can be pinned down when one of them is 1 (it cannot go lower) and another is exactly the
   threshold (it cannot go lower either). For each hidden cell we therefore look for another table
   that agrees with everything shown, with every total and with what the marks tell a reader who
   knows this rule (a "<5" cell is 1 to threshold-1; a cell hidden for step 2 or 3 is at least the
   threshold, since zeros and small counts are never chosen): a change of +1/−1 along hidden cells
   that keeps every equation. If none is found within a search budget, one more cell is hidden.

A hidden cell that the audit finds can be worked out anyway protects nothing: it is shown again
and never chosen again. A small count that cannot be protected at all (a tiny table whose totals
everyone knows) withholds the whole table, zeros included.

Zero is shown otherwise. The search is sound (a change it finds is a real second table) and errs
on the side of hiding: a cell it cannot prove safe is protected further.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import Generic, TypeVar

import attrs

__all__ = ["Equation", "Mark", "suppress"]

K = TypeVar("K", bound=Hashable)

_SEARCH_BUDGET = 20_000  # steps per hidden cell; beyond it the cell counts as not proven safe


class Mark(enum.Enum):
    """How a cell is shown."""

    SHOWN = "shown"
    SMALL = "small"  # a count from 1 to threshold-1: shown as "<5"
    HIDDEN = "hidden"  # hidden so that a small count cannot be worked out


@attrs.frozen
class Equation(Generic[K]):
    """``total`` is the sum of ``members``."""

    total: K
    members: tuple[K, ...]


def suppress(
    values: Mapping[K, int],
    equations: Sequence[Equation[K]],
    threshold: int = 5,
    *,
    public: Collection[K] = (),
) -> dict[K, Mark]:
    """The mark of every cell in ``values``; equations name cells by their keys in ``values``.

    ``public``: cells every reader knows anyway (a row total that is the number of cases in every
    row): never hidden to protect another cell, since hiding them would protect nothing.
    """
    if threshold < 2:
        raise ValueError(f"threshold must be at least 2, got {threshold}")
    for equation in equations:
        if values[equation.total] != sum(values[m] for m in equation.members):
            raise ValueError(f"cell {equation.total!r} is not the sum of its members")
    order = {key: i for i, key in enumerate(values)}
    marks = {k: Mark.SMALL if 1 <= v < threshold else Mark.SHOWN for k, v in values.items()}
    fixed = set(public)  # never hidden for another cell's sake
    by_cell: dict[K, list[Equation[K]]] = {k: [] for k in values}
    for equation in equations:
        for cell in (equation.total, *equation.members):
            by_cell[cell].append(equation)

    def candidates(cells: Iterable[K]) -> list[K]:
        found = {c for c in cells if marks[c] is Mark.SHOWN and values[c] > 0 and c not in fixed}
        return sorted(found, key=lambda c: (values[c], order[c]))

    def can_change(cell: K) -> bool:
        return _can_change(cell, values, marks, by_cell, threshold)

    while True:
        changed = True
        while changed:  # step 2 until stable
            changed = False
            for equation in equations:
                cells = (equation.total, *equation.members)
                if sum(marks[c] is not Mark.SHOWN for c in cells) == 1:
                    chosen = candidates(equation.members) or candidates([equation.total])
                    if chosen:
                        marks[chosen[0]] = Mark.HIDDEN
                        changed = True
        hidden = sorted((c for c in values if marks[c] is not Mark.SHOWN),
                        key=lambda c: (marks[c] is Mark.SMALL, order[c]))  # fmt: skip
        pinned = next((c for c in hidden if not can_change(c)), None)
        if pinned is None:
            return marks
        if marks[pinned] is Mark.HIDDEN:
            # It can be worked out, so hiding it protects nothing: show it, and protect its
            # neighbours some other way.
            marks[pinned] = Mark.SHOWN
            fixed.add(pinned)
            continue
        # A small count that can be worked out: hide a further cell that opens a way for it to
        # change, preferring its neighbours and small values.
        near = candidates(c for e in by_cell[pinned] for c in (*e.members, e.total))
        options = near + [c for c in candidates(values) if c not in near]
        if not options:
            # No way left to protect it (tiny tables, public totals): withhold the whole table,
            # zeros included, since even they would tell something.
            return dict.fromkeys(values, Mark.HIDDEN)
        for option in options:
            marks[option] = Mark.HIDDEN
            if can_change(pinned):
                break
            marks[option] = Mark.SHOWN
        else:
            marks[options[0]] = Mark.HIDDEN


def _can_change(
    cell: K,
    values: Mapping[K, int],
    marks: Mapping[K, Mark],
    by_cell: Mapping[K, Sequence[Equation[K]]],
    threshold: int,
) -> bool:
    """Whether another table with the same shown cells and totals differs in ``cell``."""

    def allowed(c: K, step: int) -> bool:
        v = values[c] + step
        if marks[c] is Mark.SMALL:
            return 1 <= v <= threshold - 1
        return v >= threshold  # a cell hidden for steps 2-3 is known to be at least the threshold

    budget = [_SEARCH_BUDGET]

    def imbalance(equation: Equation[K], change: Mapping[K, int]) -> int:
        return sum(change.get(m, 0) for m in equation.members) - change.get(equation.total, 0)

    def search(change: dict[K, int]) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        open_ = None
        for c in change:
            for equation in by_cell[c]:
                if imbalance(equation, change):
                    open_ = equation
                    break
            if open_ is not None:
                break
        if open_ is None:
            return True
        excess = imbalance(open_, change)
        for c in (*open_.members, open_.total):
            if c in change or marks[c] is Mark.SHOWN:
                continue
            step = -excess // abs(excess) if c != open_.total else excess // abs(excess)
            if allowed(c, step):
                change[c] = step
                if search(change):
                    return True
                del change[c]
        return False

    return any(allowed(cell, step) and search({cell: step}) for step in (1, -1))
