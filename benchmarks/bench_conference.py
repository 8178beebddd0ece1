"""The conference deck: time per deck next to a hand-written python-pptx script.

    python benchmarks/bench_conference.py            # de, el, fi

The prison example with the tests' fictional three-agency conference (tests/conference_fixtures.py),
shared for the internal audience. The baseline is the CaseReflector's honest one
(benchmarks/baselines/deck.py): the same slides written with plain python-pptx, each grid a real
table, from a recipe read off our own deck, with no comparison, no measuring, no continuation logic
and no scrubbing. Both alternate in one process;
medians of the repeats; the peak memory of one deck with tracemalloc.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import desistkit as dk
from desistkit.export.conference import conference_pptx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from baselines.deck import recipe as _recipe  # noqa: E402
from baselines.deck import write as _by_hand  # noqa: E402

from conference_fixtures import with_three_agency_conference  # noqa: E402

REPEATS = 7


def _median(make: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        make()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    case = with_three_agency_conference(dk.load_case(ROOT / "examples" / "prison-case.json"))
    shared = dk.share(case, "internal", on=dt.date(2026, 1, 1))
    for lang in ("de", "el", "fi"):
        loc = dk.get_localizer(lang)
        ours = conference_pptx(shared, loc)
        recipe = _recipe(ours)
        _by_hand(recipe)
        t_ours = t_hand = 0.0
        for _ in range(2):  # alternate, so both see the same machine load
            t_ours = _median(lambda loc=loc: conference_pptx(shared, loc), REPEATS)
            t_hand = _median(lambda recipe=recipe: _by_hand(recipe), REPEATS)
        tracemalloc.start()
        conference_pptx(shared, loc)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(
            f"{lang}: {len(recipe)} slides, {len(ours) / 1024:.0f} KiB; "
            f"conference_pptx {t_ours * 1000:.0f} ms (peak {peak:.1f} MiB), "
            f"hand-written python-pptx {t_hand * 1000:.0f} ms, ratio {t_ours / t_hand:.2f}x"
        )


if __name__ == "__main__":
    main()
