"""Reading back a 100-session tracker, next to openpyxl's bare read-only load of the same file.

    python benchmarks/bench_tracker_import.py [--sessions 100] [--runs 5]

Builds a fictional case with N sessions (12 factors each, three notes per factor: ~3,600 rows on
the Sessions sheet), writes its internal tracker once, then times, in the same run:

- baseline: openpyxl.load_workbook(read_only=True) and iterating every cell of every sheet;
- desistkit.importing.read_tracker: the package checks (caps, defusedxml on every part's prolog),
  the same openpyxl load, reading the rows by defined names, checking every cell, building the case.

Peak memory is measured with tracemalloc (Python allocations) in a separate run of each. Also
reports the time to write the tracker, for scale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import openpyxl

import desistkit as dk
from desistkit.export.tracker import tracker_xlsx
from desistkit.importing import read_tracker

sys.path.insert(0, str(Path(__file__).parent))
from bench_casefile import big_case


def bare(data: bytes) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    workbook.close()
    return cells


def timed(function, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def peak(function) -> float:
    tracemalloc.start()
    function()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    case = big_case(args.sessions)
    shared = dk.share(case, "internal", on=dt.date(2026, 1, 1))
    loc = dk.get_localizer("de")
    start = time.perf_counter()
    data = tracker_xlsx(shared, loc)
    write = time.perf_counter() - start
    rows = sum(len(r.all_notes) or 1 for s in case.sessions for r in s.reflections)
    print(f"tracker: {args.sessions} sessions, {rows} rows on the sessions sheet, {len(data) / 1024:.0f} KiB")
    print(f"write (tracker_xlsx, once):       {write * 1000:7.0f} ms")
    assert read_tracker(data, base=case) == shared.case
    read_tracker(data)  # warm caches (localizers, catalogue) as a service would have them
    cells = bare(data)
    b_med, b_min = timed(lambda: bare(data), args.runs)
    r_med, r_min = timed(lambda: read_tracker(data, base=case), args.runs)
    b_peak, r_peak = peak(lambda: bare(data)), peak(lambda: read_tracker(data, base=case))
    print(f"openpyxl read-only, every cell:   {b_med * 1000:7.0f} ms median ({b_min * 1000:.0f} min), "
          f"peak {b_peak:5.1f} MiB, {cells} cells")  # fmt: skip
    print(f"read_tracker (checks + case):     {r_med * 1000:7.0f} ms median ({r_min * 1000:.0f} min), "
          f"peak {r_peak:5.1f} MiB")  # fmt: skip
    print(f"ratio: {r_med / b_med:.2f}x the bare read")


if __name__ == "__main__":
    main()
