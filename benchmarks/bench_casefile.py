"""Load + validate time of a large case file, against bare json.load of the same file.

    python benchmarks/bench_casefile.py [--sessions 50] [--runs 20]

Builds a fictional case with N sessions (each reflecting 12 factors with notes), writes it as
canonical JSON to a file, then times desistkit.load_case (read, checks, Case) against json.load of
the same file, interleaved (A B A B) in the same run, by wall and by CPU time (the machines are
shared: CPU time is the steadier of the two); loads_case and dumps_case of the text too. Also
reports the peak memory (tracemalloc) of one load_case and of one json.load, and how long
check_case and the validators of a built Case take.

    python benchmarks/bench_casefile.py --scaling [--sizes 1000,10000,100000] [--factors 1]

Linear time: load_case of files of growing size (sessions of ``--factors`` reflections each; the
file limit raised with ``max_bytes``), CPU time per session beside json.load's, which should stay
flat from the smallest to the largest file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import attrs

import desistkit as dk
from desistkit.casefile import codec


def big_case(n_sessions: int, factors_per_session: int = 12) -> dk.Case:
    catalogue = dk.default_catalogue()
    ids = catalogue.ids
    sessions = []
    for i in range(n_sessions):
        factors = [ids[(i * 5 + k) % len(ids)] for k in range(factors_per_session)]
        reflections = [
            dk.FactorReflection(
                fid,
                known=[dk.Note(f"Session {i}: what he told me about {fid}.", dk.Perspective.CLIENT)],
                assumed=[
                    dk.Note(
                        "I assume this matters more than he says.",
                        dk.Perspective.PROFESSIONAL,
                        shareable=True,
                    )
                ],
                open=[dk.Note("What would help him here?", dk.Perspective.PROFESSIONAL)],
                valence=list(dk.Valence)[i % 4],
                rating=(i + len(fid)) % 5,
                client_priority=dk.Priority.HIGH,
            )
            for fid in factors
        ]
        sessions.append(
            dk.Session(
                f"s{i}",
                dt.date(2024, 1, 1) + dt.timedelta(days=14 * i),
                dk.SessionKind.PRISON_VISIT,
                reflections=reflections,
                working_relationship=dk.WorkingRelationship(i % 5),
            )
        )
    goals = [
        dk.Goal(
            f"g{i}",
            "Start vocational training",
            dk.GoalAgreement.AGREED,
            history=[dk.StatusChange(dk.GoalStatus.OPEN, dt.date(2024, 1, 1))],
            factors=["employment"],
        )
        for i in range(10)
    ]
    return dk.Case("BENCH-1", dk.Setting.PRISON, sessions=sessions, goals=goals)


def median_time(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(fns, runs: int):  # type: ignore[no-untyped-def]
    """Median wall and CPU seconds of each function, run A B A B so that load hits all alike."""
    wall: list[list[float]] = [[] for _ in fns]
    cpu: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            w, c = time.perf_counter(), time.process_time()
            fn()
            cpu[i].append(time.process_time() - c)
            wall[i].append(time.perf_counter() - w)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(wall, cpu, strict=True)]


def peak(fn) -> float:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 2**20


def best_cpu(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    """The least CPU seconds of ``runs`` calls (the least disturbed on a shared machine)."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def scaling(sizes: list[int], factors: int) -> None:
    """load_case and json.load per session over growing files: flat per-session cost is linear time."""
    heads = ("sessions", "file MiB", "json.load", "load_case", "per session", "ratio")
    print(" ".join(f"{h:>{w}}" for h, w in zip(heads, (9, 9, 11, 11, 12, 6), strict=True)))
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"case-{n}.json"
            path.write_text(dk.dumps_case(big_case(n, factors)), encoding="utf-8")
            size = path.stat().st_size
            runs = max(2, min(20, 2_000 // n))

            def json_load(path: Path = path) -> object:
                with path.open(encoding="utf-8") as f:
                    return json.load(f)

            loaded = dk.load_case(path, max_bytes=size)  # warm, and a check that it is the whole case
            assert len(loaded.sessions) == n
            del loaded
            plain = best_cpu(json_load, runs)
            ours = best_cpu(lambda path=path, size=size: dk.load_case(path, max_bytes=size), runs)
            print(
                f"{n:9,} {size / 2**20:9.1f} {plain * 1000:8.1f} ms {ours * 1000:8.1f} ms "
                f"{ours / n * 1e6:9.1f} µs {ours / plain:5.2f}x"
            )
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scaling", action="store_true", help="load_case over growing files")
    parser.add_argument("--sizes", default="1000,10000,100000", help="with --scaling: session counts")
    parser.add_argument("--factors", type=int, default=1, help="with --scaling: reflections per session")
    args = parser.parse_args()
    if args.scaling:
        scaling([int(n) for n in args.sizes.split(",")], args.factors)
        return
    case = big_case(args.sessions)
    text = dk.dumps_case(case)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.json"
        path.write_text(text, encoding="utf-8")

        def json_load() -> object:
            with path.open(encoding="utf-8") as f:
                return json.load(f)

        def passes() -> dk.Case:
            """The loader before its fast path (issue #20): read(limit + 1), three passes, cattrs."""
            with path.open("rb") as f:
                data = f.read(codec.MAX_CASE_FILE_BYTES + 1)
            parsed = json.loads(data.decode("utf-8-sig"), object_pairs_hook=codec._Object.from_pairs)
            return dk.case_from_dict(parsed)

        dk.load_case(path)  # warm the caches (builders, catalogue, converter), as a service would
        passes()
        (jl_wall, jl_cpu), (lc_wall, lc_cpu), (ls_wall, _), (old_wall, old_cpu) = interleaved(
            [json_load, lambda: dk.load_case(path), lambda: dk.loads_case(text), passes], args.runs
        )
        dump = median_time(lambda: dk.dumps_case(case), args.runs)
        check = median_time(lambda: dk.check_case(case), args.runs)
        start = time.perf_counter()
        attrs.evolve(case)  # runs every validator of the case again, the unique ids among them
        rebuild = time.perf_counter() - start
        peak_load = peak(lambda: dk.load_case(path))
        peak_json = peak(json_load)
        peak_old = peak(passes)

    print(f"case: {args.sessions} sessions, {len(text) / 1024:.0f} KiB of JSON")
    print(f"json.load (baseline)       median {jl_wall * 1000:8.1f} ms wall {jl_cpu * 1000:8.1f} ms CPU")
    print(
        f"desistkit.load_case        median {lc_wall * 1000:8.1f} ms wall {lc_cpu * 1000:8.1f} ms CPU"
        f"  ({lc_wall / jl_wall:.1f}x / {lc_cpu / jl_cpu:.1f}x baseline)"
    )
    print(f"  per session                       {lc_wall / args.sessions * 1e6:8.1f} us wall")
    print(f"desistkit.loads_case       median {ls_wall * 1000:8.1f} ms wall")
    print(
        f"three passes (before #20)  median {old_wall * 1000:8.1f} ms wall {old_cpu * 1000:8.1f} ms CPU"
        f"  ({old_wall / jl_wall:.1f}x / {old_cpu / jl_cpu:.1f}x baseline)"
    )
    print(f"desistkit.dumps_case       median {dump * 1000:8.1f} ms")
    print(f"desistkit.check_case       median {check * 1000:8.1f} ms")
    print(f"Case validators (evolve)   once   {rebuild * 1000:8.1f} ms")
    print(
        f"peak memory of one load_case      {peak_load:8.1f} MiB"
        f" (json.load: {peak_json:.1f} MiB; three passes: {peak_old:.1f} MiB)"
    )


if __name__ == "__main__":
    main()
