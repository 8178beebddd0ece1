"""Every benchmark of issue #20 beside its honest baseline, interleaved, in one command.

    python benchmarks/run.py                 # all, full sizes (the 2,000-case programme once)
    python benchmarks/run.py --quick         # smaller inputs, fewer runs (~3 minutes)
    python benchmarks/run.py --only deck     # one row (repeatable); replaces only its row in the docs
    python benchmarks/run.py --no-docs       # print only, leave docs/benchmarks.md alone

The baselines are in benchmarks/baselines/ (each states what it leaves out);
tests/test_benchmark_baselines.py checks they produce the same slides / sheets / pages.

How it measures. Each (row, side) run is its own fresh interpreter (``subprocess``): it builds its
input (not timed), calls the work once to warm caches as a long-running service would (not for
the programme tracker, whose single call is long), then times ``calls`` calls with
``time.perf_counter``; the process's ``ru_maxrss`` at the end is its peak memory, so one side's
allocations never count against the other. The interpreter, the libraries and the input are in
that peak too: compare the two sides, not the absolute numbers. Rows measuring whole processes
(``import``, ``cli-deck``, ``deck-jobs``) time child processes and report their ``RUSAGE_CHILDREN`` peak. The
sides alternate, A B A B, ``rounds`` times; the table shows the minimum and median of all timed
calls, and the ratio of the minima (the least disturbed run of each) and of the medians. The
machine load (``os.getloadavg``) is recorded before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN = "<!-- benchmarks/run.py: generated table begins; do not edit by hand -->"
END = "<!-- benchmarks/run.py: generated table ends -->"
ON = dt.date(2026, 1, 1)


# --- inputs ----------------------------------------------------------------------------------------


def largest_example() -> Any:
    import desistkit as dk

    cases = [dk.load_case(p) for p in sorted((ROOT / "examples").glob("*.json"))]
    return max(cases, key=lambda c: sum(len(r.all_notes) for s in c.sessions for r in s.reflections))


def shared_internal(case: Any) -> Any:
    import desistkit as dk

    return dk.share(case, "internal", on=ON)


def big_case(sessions: int) -> Any:
    sys.path.insert(0, str(HERE))
    from bench_casefile import big_case as make

    return make(sessions)


def programme_stream(n: int) -> Any:
    sys.path.insert(0, str(ROOT / "tests"))  # the fictional case generator lives with the tests
    import desistkit as dk
    from strategies import programme_cases

    key = dk.PseudonymKey(bytes(range(32)))
    for case in programme_cases(n, sessions=12, factors=29, seed=11):
        yield dk.share(case, "research", key=key, on=dt.date(2025, 11, 30))


def prepared(name: str, tmp: Path) -> Any:
    """The recipe a baseline writes from, made by a process of its own before the rounds."""
    return pickle.loads((tmp / f"{name}.recipe.pickle").read_bytes())


# --- the rows: setup(side, quick, tmp) -> the call to time ------------------------------------------


def deck(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
    from baselines import deck as base

    import desistkit as dk
    from desistkit.export.reflector import reflector_pptx

    if side == "prepare":
        return lambda: base.recipe(reflector_pptx(shared_internal(largest_example()), dk.get_localizer("de")))
    if side == "desistkit":
        shared, loc = shared_internal(largest_example()), dk.get_localizer("de")
        return lambda: reflector_pptx(shared, loc)
    recipe = prepared("deck", tmp)
    return lambda: base.write(recipe)


def deck_batch(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
    """One deck per example case and language in turn, case-conference audience, one process."""
    from baselines import deck as base

    import desistkit as dk
    from desistkit.export.reflector import reflector_pptx

    key = dk.PseudonymKey(bytes(range(32)))
    cases = [dk.load_case(p) for p in sorted((ROOT / "examples").glob("*.json"))]
    languages = dk.EU_LANGUAGES[:4] if quick else dk.EU_LANGUAGES
    work = [(dk.share(cases[i % len(cases)], "case-conference", key=key, on=ON, lang=lang),
             dk.get_localizer(lang)) for i, lang in enumerate(languages)]  # fmt: skip
    if side == "prepare":
        return lambda: [base.recipe(reflector_pptx(shared, loc)) for shared, loc in work]
    if side == "desistkit":
        return lambda: [reflector_pptx(shared, loc) for shared, loc in work]
    recipes = prepared("deck-batch", tmp)
    return lambda: [base.write(r) for r in recipes]


def summary(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
    from baselines import summary as base

    import desistkit as dk
    from desistkit.export.summary import summary_docx

    if side == "prepare":
        return lambda: base.recipe(summary_docx(shared_internal(largest_example()), dk.get_localizer("de")))
    if side == "desistkit":
        shared, loc = shared_internal(largest_example()), dk.get_localizer("de")
        return lambda: summary_docx(shared, loc)
    recipe = prepared("summary", tmp)
    return lambda: base.write(recipe)


def tracker(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
    from baselines import tracker as base

    import desistkit as dk
    from desistkit.export.tracker import tracker_xlsx

    if side == "prepare":
        return lambda: base.recipe(
            tracker_xlsx(shared_internal(big_case(20 if quick else 100)), dk.get_localizer("en"))
        )
    if side == "desistkit":
        shared, loc = shared_internal(big_case(20 if quick else 100)), dk.get_localizer("en")
        return lambda: tracker_xlsx(shared, loc)
    recipe = prepared("tracker", tmp)
    return lambda: base.write(recipe)


def _programme(n: int) -> Callable[[str, bool, Path], Callable[[], Any]]:
    def setup(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
        import io

        from baselines import programme as base

        import desistkit as dk
        from desistkit.export.programme import programme_xlsx

        loc, out = dk.get_localizer("en"), tmp / f"programme-{side}.xlsx"
        if side == "desistkit":
            return lambda: programme_xlsx(programme_stream(n), loc, out.open("wb"))
        if side == "cases only":
            return lambda: sum(1 for _ in programme_stream(n))
        if side == "prepare":
            first = io.BytesIO()
            programme_xlsx(programme_stream(1), loc, first)  # the fixed rows: the same for any n
            return lambda: base.recipe(first.getvalue())
        recipe = prepared(f"programme-{n}", tmp)
        return lambda: base.write(programme_stream(n), recipe, str(out))

    return setup


def cards(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
    from baselines import cards as base

    import desistkit as dk
    from desistkit.export.cards import cards_pdf

    languages = dk.EU_LANGUAGES[:2] if quick else dk.EU_LANGUAGES
    locs = [dk.get_localizer(lang) for lang in languages]
    if side == "prepare":
        return lambda: [base.recipe(loc) for loc in locs]
    if side == "desistkit":
        return lambda: [cards_pdf(loc) for loc in locs]
    recipes = prepared("cards", tmp)
    return lambda: [base.write(r) for r in recipes]


def load(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
    import json as json_module

    path = tmp / "case-50.json"
    if side == "prepare":
        import desistkit as dk

        return lambda: path.write_text(dk.dumps_case(big_case(50)), encoding="utf-8") and None
    if side == "desistkit":
        import desistkit as dk

        return lambda: dk.load_case(path)

    def plain() -> Any:
        with path.open(encoding="utf-8") as f:
            return json_module.load(f)

    return plain


CHILD_PEAK: list[float] = []  # MiB, of each child process a whole-process row ran


def _process(argv: list[str]) -> Callable[[], Any]:
    """Run a child process to its end; its own peak RSS (os.wait4) goes into CHILD_PEAK."""

    def run() -> None:
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise SystemExit(f"{argv[1]}: exit {child.returncode}: {child.stderr.read().decode()[-300:]}")
        CHILD_PEAK.append(usage.ru_maxrss / 1024)

    return run


def imports(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
    if side == "prepare":
        return lambda: None
    return _process([sys.executable, "-c", "import desistkit" if side == "desistkit" else "pass"])


def cli_deck(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
    case, recipe, out = tmp / "largest.json", tmp / "deck-recipe.pickle", tmp / f"cli-{side}.pptx"
    if side == "prepare":

        def prepare() -> None:
            import shutil

            from baselines import deck as base

            import desistkit as dk
            from desistkit.export.reflector import reflector_pptx

            example = largest_example()
            for path in sorted((ROOT / "examples").glob("*.json")):
                if dk.load_case(path).reference == example.reference:
                    shutil.copy(path, case)
            data = reflector_pptx(shared_internal(example), dk.get_localizer("de"))
            recipe.write_bytes(pickle.dumps(base.recipe(data)))

        return prepare
    if side == "desistkit":
        exe = str(Path(sys.executable).with_name("desistkit"))
        return _process([exe, "reflector", str(case), "--lang", "de", "--audience", "internal",
                         "--on", ON.isoformat(), "-o", str(out), "--force"])  # fmt: skip
    return _process([sys.executable, str(HERE / "baselines" / "deck_script.py"), str(recipe), str(out)])


def _jobs_count(quick: bool, name: str = "deck-jobs") -> int:
    if name == "deck-jobs-200":
        return 64 if quick else 200
    return 16 if quick else 48


def deck_jobs(side: str, quick: bool, tmp: Path, name: str = "deck-jobs") -> Callable[[], Any]:
    """N decks of N case files (copies of the examples under references of their own), de,
    case-conference, each side a whole process with 2 worker processes."""
    n = _jobs_count(quick, name)
    cases, recipes, key = tmp / f"{name}-cases", tmp / f"{name}-recipes", tmp / f"{name}-key.txt"
    out = tmp / f"{name}-{side}"
    if side == "prepare":

        def prepare() -> None:
            from baselines import deck as base

            import desistkit as dk
            from desistkit.export.reflector import reflector_pptx

            cases.mkdir()
            recipes.mkdir()
            key.write_text(bytes(range(32)).hex(), encoding="utf-8")
            examples = sorted((ROOT / "examples").glob("*.json"))
            loc, secret = dk.get_localizer("de"), dk.PseudonymKey(bytes(range(32)))
            for i in range(n):
                data = json.loads(examples[i % len(examples)].read_text("utf-8"))
                data["reference"] = f"{data['reference']}-{i:03d}"
                path = cases / f"case-{i:03d}.json"
                path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
                shared = dk.share(dk.load_case(path), "case-conference", key=secret, on=ON, lang="de")
                recipe = base.recipe(reflector_pptx(shared, loc))
                (recipes / f"deck-{i:03d}.pickle").write_bytes(pickle.dumps(recipe))

        return prepare
    if side == "desistkit":
        exe = str(Path(sys.executable).with_name("desistkit"))
        return _process([exe, "reflector", *map(str, sorted(cases.glob("*.json"))), "--lang", "de",
                         "--audience", "case-conference", "--key", str(key), "--on", ON.isoformat(),
                         "--jobs", "2", "--out-dir", str(out), "--force"])  # fmt: skip
    script = HERE / "baselines" / "deck_jobs.py"
    return _process([sys.executable, str(script), "--jobs", "2", str(recipes), str(out)])


def redact(side: str, quick: bool, tmp: Path) -> Callable[[], Any]:
    import warnings

    from bench_redaction import desistkit_run, presidio_engine, presidio_run
    from redaction_corpus import generate

    if side == "prepare":
        return lambda: None
    warnings.simplefilter("ignore")
    samples = generate(100 if quick else 1100, seed=7)  # 8 languages: 0.1 / 1 MB
    if side == "desistkit":
        desistkit_run(samples[:20])
        return lambda: desistkit_run(samples)
    engine = presidio_engine()
    if engine is None:
        raise SystemExit("presidio-analyzer is not installed (pip install presidio-analyzer)")
    return lambda: presidio_run(engine, samples)


# name: (what, desistkit side, baseline side, setup, quick and full sizes, warm-up)
ROWS: dict[str, tuple[str, str, str, Any, bool]] = {
    "deck": ("CaseReflector deck, largest example (de, internal)", "desistkit", "python-pptx", deck, True),
    "deck-batch": ("24 decks in one process, case-conference, a language each (quick: 4)", "desistkit",
                   "python-pptx", deck_batch, True),
    "summary": ("Word summary, largest example (de, internal)", "desistkit", "python-docx", summary, True),
    "tracker": ("per-case tracker, 100 sessions × 12 factors (quick: 20)", "desistkit", "XlsxWriter",
                tracker, True),
    "programme-40": ("programme tracker, 40 cases × 12 × 29", "desistkit", "XlsxWriter constant_memory",
                     _programme(40), False),
    "programme-2000": ("programme tracker, 2,000 cases × 12 × 29 (full run only)", "desistkit",
                       "XlsxWriter constant_memory", _programme(2000), False),
    "cards": ("DesistCards, 24 languages × 68 A6 pages (quick: 2)", "desistkit", "fpdf2", cards, True),
    "load": ("`load_case`, 50 sessions × 12 factors", "desistkit", "json.load", load, True),
    "import": ("`import desistkit`, whole process", "desistkit", "python -c pass", imports, False),
    "cli-deck": ("`desistkit reflector ... -o deck.pptx`, whole process", "desistkit",
                 "python-pptx script process", cli_deck, False),
    "deck-jobs": ("48 decks (quick: 16), `desistkit reflector CASE... --jobs 2 --out-dir DIR`, whole process",
                  "desistkit", "python-pptx, multiprocessing.Pool(2)", deck_jobs, False),
    "deck-jobs-200": ("200 decks (quick: 64), as deck-jobs: throughput once start-up is a small share",
                      "desistkit", "python-pptx, multiprocessing.Pool(2)",
                      lambda side, quick, tmp: deck_jobs(side, quick, tmp, "deck-jobs-200"), False),
    "redact": ("redaction, 8 languages (quick 0.1 MB, full 1 MB), a Redactor per note", "desistkit",
               "Presidio patterns", redact, True),
}  # fmt: skip


# --- measuring ---------------------------------------------------------------------------------------


def worker(name: str, side: str, quick: bool, calls: int, tmp: Path) -> None:
    sys.path.insert(0, str(HERE))
    _, _, _, setup, warm = ROWS[name]
    fn = setup(side, quick, tmp)
    if side == "prepare":
        made = fn()
        if made is not None:
            (tmp / f"{name}.recipe.pickle").write_bytes(pickle.dumps(made))
        print(json.dumps({"times": [], "rss_mib": 0}))
        return
    if name.startswith("programme") and side == "cases only":
        warm = False
    if warm:
        fn()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    peak = max(CHILD_PEAK) if CHILD_PEAK else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": times, "rss_mib": peak}))


def measure(name: str, side: str, quick: bool, calls: int, tmp: Path) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--worker", name, side, str(int(quick)), str(calls), str(tmp)]
    result = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        return {"error": (result.stderr.strip().splitlines() or ["failed"])[-1]}
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _ms(seconds: float) -> str:
    return (
        f"{seconds:.2f} s"
        if seconds >= 10
        else f"{seconds * 1000:,.0f} ms"
        if seconds >= 0.01
        else f"{seconds * 1000:.1f} ms"
    )


def stale_install() -> str | None:
    """The first file of src/desistkit that the installed desistkit lacks or holds otherwise.

    The workers import the INSTALLED package and the cli-deck row runs its ``desistkit`` script: a
    venv installed before the last change measures old code (a `load` row of 37x json.load was the
    loader of the day before, from such a venv). Compared without importing desistkit here."""
    import importlib.util

    spec = importlib.util.find_spec("desistkit")
    if spec is None or spec.origin is None:
        return "desistkit (not installed)"
    installed, source = Path(spec.origin).parent, ROOT / "src" / "desistkit"
    if installed == source:
        return None
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            target = installed / path.relative_to(source)
            if not target.is_file() or target.read_bytes() != path.read_bytes():
                return str(path.relative_to(ROOT))
    return None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small inputs, fewer runs (~3 minutes)")
    parser.add_argument("--only", action="append", choices=list(ROWS), help="only this row (repeatable)")
    parser.add_argument("--rounds", type=int, help="A B rounds [quick 2, full 3]")
    parser.add_argument("--calls", type=int, help="timed calls per process [quick 1, full 3]")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        name, side, quick, calls, tmp = args.worker
        worker(name, side, quick == "1", int(calls), Path(tmp))
        return
    stale = stale_install()
    if stale:
        raise SystemExit(f"run.py: the installed desistkit is not this source tree ({stale} differs); "
                         "run `pip install --no-deps .` first")  # fmt: skip
    rounds = args.rounds or (2 if args.quick else 3)
    calls = args.calls or (1 if args.quick else 3)
    names = args.only or [n for n in ROWS if not (args.quick and n == "programme-2000")]
    load_before = os.getloadavg()
    started = dt.datetime.now(dt.timezone.utc)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="desistkit-bench-") as scratch:
        tmp = Path(scratch)
        for name in names:
            _, ours, theirs, _, _ = ROWS[name]
            sides = [ours, theirs] + (["cases only"] if name.startswith("programme") else [])
            big = name == "programme-2000"
            collected: dict[str, dict[str, Any]] = {s: {"times": [], "rss_mib": 0.0} for s in sides}
            ready = measure(name, "prepare", args.quick, 0, tmp)
            if "error" in ready:
                print(f"{name}: preparing failed: {ready['error']}", flush=True)
            for _ in range(1 if big else rounds):
                for side in sides:  # A B A B: both see the same machine load
                    got = measure(name, side, args.quick, 1 if name.startswith("programme") else calls, tmp)
                    if "error" in got:
                        collected[side]["error"] = got["error"]
                        continue
                    collected[side]["times"] += got["times"]
                    collected[side]["rss_mib"] = max(collected[side]["rss_mib"], got["rss_mib"])
            results[name] = collected
            print(line(name, collected), flush=True)
    load_after = os.getloadavg()
    header = (f"{started:%Y-%m-%d %H:%M} UTC, `python benchmarks/run.py{' --quick' if args.quick else ''}`, "
              f"{rounds} rounds × {calls} timed calls per side (the programme rows: 1 call, the 2,000-case "
              f"one run), Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
              f"{load_before[0]:.1f} before and {load_after[0]:.1f} after (1 min)")  # fmt: skip
    table = render(results, header, args.quick)
    print()
    print(table)
    if not args.no_docs:
        write_docs(table, partial=bool(args.only))
        print(f"\nwrote {DOCS.relative_to(ROOT)}")


def line(name: str, collected: dict[str, dict[str, Any]]) -> str:
    parts = []
    for side, c in collected.items():
        if c.get("error"):
            parts.append(f"{side}: ERROR {c['error']}")
        else:
            parts.append(f"{side}: min {_ms(min(c['times']))} median {_ms(statistics.median(c['times']))} "
                         f"peak {c['rss_mib']:.0f} MiB")  # fmt: skip
    return f"{name:15} " + " | ".join(parts)


def render(results: dict[str, dict[str, dict[str, Any]]], header: str, quick: bool) -> str:
    rows = [header, "",
            "| row | work | desistkit min / median, peak RSS | baseline | baseline min / median, peak RSS "
            "| desistkit ÷ baseline (min / median) |",
            "|---|---|---|---|---|---|"]  # fmt: skip
    for name, collected in results.items():
        what, ours, theirs, _, _ = ROWS[name]
        a, b = collected[ours], collected[theirs]

        def cell(c: dict[str, Any]) -> str:
            if c.get("error") or not c["times"]:
                return f"failed: {c.get('error', 'no run')}"
            return f"{_ms(min(c['times']))} / {_ms(statistics.median(c['times']))}, {c['rss_mib']:.0f} MiB"

        ratio = "–"
        if a["times"] and b["times"]:
            ta, tb = min(a["times"]), min(b["times"])
            ma, mb = statistics.median(a["times"]), statistics.median(b["times"])
            if name in ("import",):
                ratio = f"+{_ms(ta - tb)} / +{_ms(ma - mb)} over bare Python"
            elif name.startswith("programme") and collected["cases only"]["times"]:
                make = min(collected["cases only"]["times"])
                ratio = (f"{ta / tb:.2f}× / {ma / mb:.2f}×; net of making the cases "
                         f"({_ms(make)}): {(ta - make) / (tb - make):.2f}×")  # fmt: skip
            elif name == "deck-batch":
                n = 4 if quick else 24
                ratio = (
                    f"{ta / tb:.2f}× / {ma / mb:.2f}×; desistkit {n / ta:.1f} decks/s, baseline {n / tb:.1f}"
                )
            elif name.startswith("deck-jobs"):
                n = _jobs_count(quick, name)
                ratio = (
                    f"{ta / tb:.2f}× / {ma / mb:.2f}×; desistkit {n / ta:.1f} decks/s, baseline {n / tb:.1f}"
                )
            elif name == "redact":
                ratio = f"{ta / tb:.2f}× / {ma / mb:.2f}× (desistkit at {tb / ta:.1f}× Presidio's speed)"
            else:
                ratio = f"{ta / tb:.2f}× / {ma / mb:.2f}×"
        rows.append(f"| {name} | {what} | {cell(a)} | {theirs} | {cell(b)} | {ratio} |")
    return "\n".join(rows)


def write_docs(table: str, partial: bool) -> None:
    """Put ``table`` between the markers; with ``--only``, replace just the rows measured."""
    text = DOCS.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{DOCS}: the markers of the generated table are missing")
    head, rest = text.split(BEGIN, 1)
    before, tail = rest.split(END, 1)
    if partial and "| row |" in before:
        old_rows = {line.split("|")[1].strip(): line for line in before.splitlines() if line.startswith("| ")}
        new_rows = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| ")}
        intro = before.strip().split("\n\n| row |")[0]
        rows = [new_rows.get(name) or old_rows.get(name) for name in ROWS]
        table = "\n".join(
            [intro, "", "Re-measured with `--only`: " + table.split("\n")[0], "",
             *[line for line in table.splitlines() if line.startswith(("| row |", "|---"))],
             *[row for row in rows if row]]
        )  # fmt: skip
    DOCS.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
