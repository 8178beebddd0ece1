"""CPU time of whole processes: the CLI deck and `import desistkit`, beside their baselines.

    python benchmarks/bench_cli.py [--rounds 5] [--before VENV]

run.py's `import` and `cli-deck` rows time these processes by the wall clock, which a loaded machine
stretches by 2-3x; this script reports the CPU time (user + system) each child process used,
``RUSAGE_CHILDREN``, min and median over the rounds, the sides alternating. The deck: `desistkit
reflector` of the largest example (de, internal) against baselines/deck_script.py writing the same
deck from its recipe. ``--before VENV`` adds the same two processes from another venv's desistkit
(e.g. one with main installed), run alternately with this one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ON = dt.date(2026, 1, 1)


def cpu(argv: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", help="another venv whose desistkit to run alternately")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from baselines import deck as base
    from run import largest_example, shared_internal

    import desistkit as dk
    from desistkit.export.reflector import reflector_pptx

    with tempfile.TemporaryDirectory(prefix="desistkit-cli-") as scratch:
        tmp = Path(scratch)
        example = largest_example()
        case = tmp / "case.json"
        for path in sorted((HERE.parent / "examples").glob("*.json")):
            if dk.load_case(path).reference == example.reference:
                shutil.copy(path, case)
        recipe = tmp / "recipe.pickle"
        recipe.write_bytes(
            pickle.dumps(base.recipe(reflector_pptx(shared_internal(example), dk.get_localizer("de"))))
        )
        deck = [
            "reflector",
            str(case),
            "--lang",
            "de",
            "--audience",
            "internal",
            "--on",
            ON.isoformat(),
            "--force",
        ]
        venvs = {
            "after": Path(sys.executable).parent,
            **({"before": Path(args.before) / "bin"} if args.before else {}),
        }
        sides: dict[str, list[str]] = {}
        for name, bin_dir in venvs.items():
            sides[f"desistkit reflector ({name})"] = [
                str(bin_dir / "desistkit"),
                *deck,
                "-o",
                str(tmp / f"{name}.pptx"),
            ]
        sides["python-pptx script process"] = [sys.executable, str(HERE / "baselines" / "deck_script.py"),
                                               str(recipe), str(tmp / "script.pptx")]  # fmt: skip
        for name, bin_dir in venvs.items():
            sides[f"import desistkit ({name})"] = [str(bin_dir / "python"), "-c", "import desistkit"]
        sides["python -c pass"] = [sys.executable, "-c", "pass"]
        times: dict[str, list[float]] = {name: [] for name in sides}
        load = os.getloadavg()[0]
        for _ in range(args.rounds):
            for name, argv in sides.items():
                times[name].append(cpu(argv))
    print(
        f"CPU time, {args.rounds} rounds, load average {load:.1f} before and {os.getloadavg()[0]:.1f} after"
    )
    for name, values in times.items():
        print(
            f"{name:40} min {min(values) * 1000:7,.0f} ms  median {statistics.median(values) * 1000:7,.0f} ms"
        )


if __name__ == "__main__":
    main()
