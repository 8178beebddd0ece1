"""Prove that a change to the redactor finds exactly what it found before, note for note.

    python tools/redaction_replay.py record DIR      # with the code as it is (installed)
    ... change the redactor, pip install --no-deps . ...
    python tools/redaction_replay.py replay DIR      # exit 1 and the first differences if any

``record`` runs the corpus scripts of ``benchmarks/`` (privacy_corpus.py, redaction_corpus.py,
third_party_notes.py, name_false_positives.py, bench_redaction.py: about 11,000 notes in the 24
languages, every identifier class, the name false-positive lists) with the INSTALLED desistkit and
saves every call of ``Redactor.find``: the case's known identifiers, the regions, the organisation's
own detectors (by class: they are rebuilt without arguments), whether the known-name index had its
phonetic keys, the note, its language and the findings. ``replay`` makes the same calls with the
installed desistkit, compares the findings (span, type, source, person, place) and prints the CPU time
the calls took. ``record FILE.pkl.gz -- script.py [args]`` records one other script.

The recordings are generated (tens of MB of fictional notes), never committed: keep them outside the
repository or in ``.redaction-recordings/`` (ignored by git). docs/benchmarks.md explains when to use
this ("never faster by finding less").
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import pickle
import runpy
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
# Each corpus script and its arguments (sizes as the benchmark row and the privacy issue use them).
SCRIPTS = {
    "privacy": ["privacy_corpus.py", "--per-class", "10"],
    "corpus": ["redaction_corpus.py"],
    "third_party": ["third_party_notes.py"],
    "name_false_positives": ["name_false_positives.py"],
    "bench": ["bench_redaction.py", "--per-language", "200", "--repeat", "1"],
}
FORMAT = 2  # the layout of a recording; replay refuses another


def _finding(f: Any) -> tuple[Any, ...]:
    return (f.start, f.end, f.type.value, f.source, f.person, f.place)


def _module(name: str, script: Path) -> str:
    """The module a detector class is imported from on replay: the script's own by its file name."""
    return script.stem if name == "__main__" else name


def _detector(module: str, name: str, where: str) -> Any:
    """An organisation's detector as recorded: its class, from the recorded script's folder."""
    if not Path(where).is_dir():
        where = str(BENCHMARKS)  # recorded in a checkout that is gone: the scripts are this one's
    if where not in sys.path:
        sys.path.append(where)
    return getattr(importlib.import_module(module), name)()


def record_script(out: Path, argv: list[str]) -> int:
    """Run ``argv`` (a Python script and its arguments) in this process with ``Redactor.find``
    recorded; write the recording to ``out``. Returns how many calls were recorded."""
    import attrs

    from desistkit.sharing.redaction import _known, _redactor

    calls: list[tuple[Any, ...]] = []
    original = _redactor.Redactor.find

    def find(self: Any, text: str, lang: str = "en") -> Any:
        out_ = original(self, text, lang)
        builtin = _redactor.default_detectors()
        own = [d for d in self.detectors[1:] if not any(type(d) is type(b) for b in builtin)]
        known_detector = self.detectors[0]
        phonetic = not isinstance(known_detector, _known.KnownDetector) or bool(known_detector._names._keys)
        calls.append((
            {field.name: getattr(self.known, field.name) for field in attrs.fields(type(self.known))},
            {place: region for place, region in zip(self.known.places, self._regions, strict=True) if region},
            [(_module(type(d).__module__, script), type(d).__qualname__, str(script.parent)) for d in own],
            phonetic,
            text,
            lang,
            [_finding(f) for f in out_],
        ))  # fmt: skip
        return out_

    _redactor.Redactor.find = find  # type: ignore[method-assign]
    script = Path(argv[0]).resolve()
    sys.path.insert(0, str(script.parent))
    saved_argv = sys.argv
    sys.argv = list(argv)
    try:
        runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as stop:
        if stop.code not in (None, 0):
            raise
    finally:
        sys.argv = saved_argv
        _redactor.Redactor.find = original  # type: ignore[method-assign]
        with gzip.open(out, "wb") as f:
            pickle.dump((FORMAT, calls), f, protocol=pickle.HIGHEST_PROTOCOL)
    return len(calls)


def replay(paths: list[Path], show: int = 10) -> tuple[int, int, float]:
    """Make every recorded call again with the installed desistkit. Returns (calls, calls whose
    findings differ, CPU seconds spent in ``find``); prints the first ``show`` differences."""
    from desistkit.sharing import KnownIdentifiers, Redactor

    total = differ = 0
    cpu = 0.0
    for path in paths:
        with gzip.open(path, "rb") as f:
            version, calls = pickle.load(f)
        if version != FORMAT:
            raise SystemExit(f"{path}: recorded in format {version}, this tool reads {FORMAT}: record again")
        for known_fields, regions, own, phonetic, text, lang, old in calls:
            known = KnownIdentifiers(**known_fields)
            detectors = [_detector(*detector) for detector in own]
            redactor = Redactor(known, detectors=detectors, regions=regions)
            if not phonetic:
                redactor.detectors[0]._names._keys.clear()  # type: ignore[attr-defined]
            start = time.process_time()
            new = [_finding(f) for f in redactor.find(text, lang)]
            cpu += time.process_time() - start
            total += 1
            if new != old:
                differ += 1
                if differ <= show:
                    print(f"DIFF {path.name} [{lang}] {text[:100]!r}")
                    print(f"  recorded {old}")
                    print(f"  now      {new}")
    return total, differ, cpu


def _record_all(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, argv in SCRIPTS.items():
        out = directory / f"{name}.pkl.gz"
        started = time.perf_counter()
        # A fresh interpreter per script: each starts with the caches a user's process starts with.
        done = subprocess.run(
            [sys.executable, __file__, "record", str(out), "--", str(BENCHMARKS / argv[0]), *argv[1:]],
            cwd=BENCHMARKS,
            stdout=subprocess.DEVNULL,
        )
        if done.returncode != 0:
            raise SystemExit(f"{argv[0]} failed (exit {done.returncode})")
        print(f"{name}: recorded in {time.perf_counter() - started:.0f} s -> {out}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="record the corpus scripts into DIR, or one script into FILE")
    rec.add_argument("target", type=Path, help="a directory, or FILE.pkl.gz with a script after --")
    rec.add_argument("script", nargs=argparse.REMAINDER, help="-- script.py [args]: record this script")
    rep = sub.add_parser("replay", help="replay recordings (a directory or files) with the installed code")
    rep.add_argument("paths", type=Path, nargs="+")
    rep.add_argument("--show", type=int, default=10, help="how many differences to print (default 10)")
    args = parser.parse_args(argv)
    if args.command == "record":
        script = args.script[1:] if args.script[:1] == ["--"] else args.script
        if script:
            n = record_script(args.target, script)
            print(f"recorded {n} calls -> {args.target}", file=sys.stderr)
        else:
            _record_all(args.target)
        return 0
    files = [f for p in args.paths for f in (sorted(p.glob("*.pkl.gz")) if p.is_dir() else [p])]
    if not files:
        raise SystemExit("no recordings (*.pkl.gz) found: run `record` first")
    total, differ, cpu = replay(files, args.show)
    print(f"{total} notes replayed from {len(files)} recordings, {differ} differ; find CPU {cpu:.2f} s")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
