"""What `import desistkit` costs, against a bare interpreter start, measured in the same run.

    python benchmarks/bench_import.py [--runs 30]

Reports the median wall time of `python -c "import desistkit"` minus `python -c pass`, and the
cumulative import time python -X importtime reports for desistkit itself. Aim: under 80 ms extra.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time


def wall(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def importtime(module: str, runs: int) -> float:
    """Median cumulative microseconds python -X importtime reports for the top-level module."""
    values = []
    for _ in range(runs):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        for line in err.splitlines():
            m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S+)$", line.strip())
            if m and m.group(2) == module:
                values.append(int(m.group(1)))
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    # Interleave baseline and subject so machine noise hits both alike.
    baseline = wall("pass", runs)
    subject = wall("import desistkit", runs)
    baseline = min(baseline, wall("pass", runs))
    cumulative = importtime("desistkit", runs)
    print(f"python -c pass                median {baseline * 1000:7.1f} ms")
    print(f"python -c 'import desistkit'  median {subject * 1000:7.1f} ms")
    print(f"extra for import desistkit          {(subject - baseline) * 1000:7.1f} ms (aim < 80 ms)")
    print(f"-X importtime cumulative desistkit  {cumulative / 1000:7.1f} ms")


if __name__ == "__main__":
    main()
