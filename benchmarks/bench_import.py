"""What `import desistkit` costs, against a bare interpreter start, measured in the same run.

    python benchmarks/bench_import.py [--runs 30] [--before SRC]

Runs `python -c pass` and `python -c "import desistkit"` interleaved (A B A B, so that machine
noise hits both alike) and reports the median and minimum wall and CPU time of each, the extra for
the import, and the cumulative import time python -X importtime reports for desistkit itself.
``--before SRC`` adds a third interpreter importing desistkit from another source tree (e.g.
``git archive <commit> src | tar -x -C /tmp/old`` then ``--before /tmp/old/src``). Aim (issue #20):
at most 60 ms over bare Python.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time


def run(code: str, pythonpath: str | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one interpreter running ``code``."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def importtime(module: str, runs: int, pythonpath: str | None = None) -> float:
    """Median cumulative microseconds python -X importtime reports for the top-level module."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    values = []
    for _ in range(runs):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stderr
        for line in err.splitlines():
            m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S+)$", line.strip())
            if m and m.group(2) == module:
                values.append(int(m.group(1)))
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--before", help="a source tree (its src/) to import desistkit from too")
    args = parser.parse_args()
    subjects = [("python -c pass", "pass", None), ("import desistkit", "import desistkit", None)]
    if args.before:
        subjects.append(("import desistkit (before)", "import desistkit", args.before))
    times: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in subjects}
    for _ in range(args.runs):
        for label, code, path in subjects:
            times[label].append(run(code, path))
    base_wall = statistics.median(w for w, _ in times["python -c pass"])
    base_cpu = statistics.median(c for _, c in times["python -c pass"])
    for label, _, path in subjects:
        walls = [w for w, _ in times[label]]
        cpus = [c for _, c in times[label]]
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        extra = (
            ""
            if label == "python -c pass"
            else (f"  extra {(wall - base_wall) * 1000:6.1f} ms wall, {(cpu - base_cpu) * 1000:6.1f} ms CPU")
        )
        print(
            f"{label:27} median {wall * 1000:6.1f} ms wall (min {min(walls) * 1000:6.1f}),"
            f" {cpu * 1000:6.1f} ms CPU (min {min(cpus) * 1000:6.1f}){extra}"
        )
        if path is not None or label == "import desistkit":
            print(f"{'':27} -X importtime cumulative {importtime('desistkit', 9, path) / 1000:6.1f} ms")


if __name__ == "__main__":
    main()
