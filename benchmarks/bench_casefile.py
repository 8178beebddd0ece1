"""Load + validate time of a large case file, against bare json.loads of the same text.

    python benchmarks/bench_casefile.py [--sessions 50] [--runs 20]

Builds a fictional case with N sessions (each reflecting 12 factors with notes), writes it as
canonical JSON, then times desistkit.loads_case (parse, schema check, semantic checks, cattrs)
and dumps_case against the json module alone, in the same run. Also reports peak memory, and how
long building the Case and check_case take (both linear: ``--sessions 100000`` runs in seconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
import tracemalloc

import attrs

import desistkit as dk


def big_case(n_sessions: int) -> dk.Case:
    catalogue = dk.default_catalogue()
    ids = catalogue.ids
    sessions = []
    for i in range(n_sessions):
        factors = [ids[(i * 5 + k) % len(ids)] for k in range(12)]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    case = big_case(args.sessions)
    text = dk.dumps_case(case)
    dk.loads_case(text)  # warm the caches (schema validator, converter), as a service would

    baseline = median_time(lambda: json.loads(text), args.runs)
    load = median_time(lambda: dk.loads_case(text), args.runs)
    dump = median_time(lambda: dk.dumps_case(case), args.runs)
    check = median_time(lambda: dk.check_case(case), args.runs)
    start = time.perf_counter()
    attrs.evolve(case)  # runs every validator of the case again, the unique ids among them
    rebuild = time.perf_counter() - start
    tracemalloc.start()
    dk.loads_case(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"case: {args.sessions} sessions, {len(text) / 1024:.0f} KiB of JSON")
    print(f"json.loads (baseline)      median {baseline * 1000:8.1f} ms")
    print(f"desistkit.loads_case       median {load * 1000:8.1f} ms  ({load / baseline:.0f}x baseline)")
    print(f"desistkit.dumps_case       median {dump * 1000:8.1f} ms")
    print(f"desistkit.check_case       median {check * 1000:8.1f} ms")
    print(f"Case validators (evolve)   once   {rebuild * 1000:8.1f} ms")
    print(f"peak memory of one load           {peak / 2**20:8.1f} MiB")


if __name__ == "__main__":
    main()
