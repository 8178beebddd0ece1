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

    audit = _Audit(values, by_cell)

    def can_change(cell: K) -> bool:
        return audit.can_change(cell, marks, threshold)

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


class _Audit(Generic[K]):
    """The audit's search (step 3), with the equations numbered once per table.

    A depth-first search for a change of +1/-1 along hidden cells that keeps every equation: take
    the first equation out of balance (the changed cells in the order they were changed, each
    cell's equations in their order), and try to balance it with each of its hidden cells in turn.
    How far each equation is out of balance is kept up to date as cells are changed and changed
    back, instead of being summed again over its members at every step: the same search, step for
    step (and so the same budget and the same answer), without the work that grew with the size of
    the equations.

    The search reads the marks of the cells of the equations it opens, and nothing else changes
    within one table: its answer for a cell is kept with those marks, and given again while they
    are all the same (the audit asks about every hidden cell each time step 3 hides or shows one,
    and most searches never come near that cell)."""

    def __init__(self, values: Mapping[K, int], by_cell: Mapping[K, Sequence[Equation[K]]]) -> None:
        self.values = values
        numbers: dict[int, int] = {}  # id(equation) -> its number
        # each equation's cells in the order they are tried, with whether each is its total
        self.cells: list[tuple[tuple[K, bool], ...]] = []
        # cell -> [(equation number, how many times the cell counts in it: +1 a member, -1 the
        # total)], each equation once, in the order of by_cell[cell]
        self.weights: dict[K, list[tuple[int, int]]] = {}
        self.order: dict[K, list[int]] = {}
        self.known: dict[tuple[K, int], tuple[bool, tuple[tuple[K, Mark], ...]]] = {}
        for cell, equations in by_cell.items():
            weights: dict[int, int] = {}
            for equation in equations:
                number = numbers.get(id(equation))
                if number is None:
                    number = numbers[id(equation)] = len(self.cells)
                    total = equation.total
                    self.cells.append(tuple((c, c == total) for c in (*equation.members, total)))
                if number not in weights:
                    weights[number] = sum(m == cell for m in equation.members) - (equation.total == cell)
            self.weights[cell] = [(n, w) for n, w in weights.items() if w]
            self.order[cell] = list(weights)  # every equation of the cell, for the open one

    def can_change(self, cell: K, marks: Mapping[K, Mark], threshold: int) -> bool:
        """Whether another table with the same shown cells and totals differs in ``cell``."""
        found = self.known.get((cell, threshold))
        if found is not None and all(marks[c] is m for c, m in found[1]):
            return found[0]
        opened: set[int] = set()
        answer = self._search(cell, marks, threshold, opened)
        read = {cell, *(c for n in opened for c, _ in self.cells[n])}
        self.known[cell, threshold] = (answer, tuple((c, marks[c]) for c in read))
        return answer

    def _search(self, cell: K, marks: Mapping[K, Mark], threshold: int, opened: set[int]) -> bool:
        values, cells, weights, order = self.values, self.cells, self.weights, self.order
        shown = Mark.SHOWN
        small = Mark.SMALL
        top = threshold - 1

        def allowed(c: K, step: int) -> bool:
            v = values[c] + step
            if marks[c] is small:
                return 1 <= v <= top
            return v >= threshold  # a cell hidden for steps 2-3 is known to be at least the threshold

        budget = _SEARCH_BUDGET
        change: dict[K, int] = {}
        imbalance = [0] * len(cells)  # members' changes minus the total's, per equation

        def put(c: K, step: int) -> None:
            change[c] = step
            for n, w in weights[c]:
                imbalance[n] += w * step

        def take(c: K) -> None:
            step = change.pop(c)
            for n, w in weights[c]:
                imbalance[n] -= w * step

        def search() -> bool:
            nonlocal budget
            budget -= 1
            if budget < 0:
                return False
            open_ = -1
            for c in change:
                for n in order[c]:
                    if imbalance[n]:
                        open_ = n
                        break
                if open_ >= 0:
                    break
            if open_ < 0:
                return True
            opened.add(open_)
            sign = 1 if imbalance[open_] > 0 else -1
            for c, is_total in cells[open_]:
                if c in change or marks[c] is shown:
                    continue
                step = sign if is_total else -sign  # the total moves with the excess, a member against it
                if attempt(c, step):
                    return True
            return False

        def attempt(c: K, step: int) -> bool:
            """Change ``c`` by ``step`` if allowed and search on; undone if nothing was found."""
            if allowed(c, step):
                put(c, step)
                if search():
                    return True
                take(c)
            return False

        return attempt(cell, 1) or attempt(cell, -1)
