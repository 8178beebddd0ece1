"""The programme tracker for 2,000 cases × 12 sessions × 29 factors, next to raw XlsxWriter.

    python benchmarks/bench_programme.py                       # 200, 1000 and 2000 cases (~5 min)
    python benchmarks/bench_programme.py --sizes 50,200 --sessions 4   # a quick run

Each measurement runs in its own interpreter, so its peak resident memory (ru_maxrss) is its own.
The cases are fictional (tests/strategies.py: programme_cases, fixed seed), made and shared for
the research audience one at a time in every run; "making the cases" alone is measured too, so the
writers can be compared without it:

- raw: the same Cases-sheet cells (same strings and numbers) written with XlsxWriter in
  constant_memory mode, nothing else: the baseline;
- programme: desistkit's programme_xlsx (Cases sheet, suppressed count sheets, neutral package);
- scrub: the raw file passed through export._ooxml.scrub(), which holds the whole package in memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the fictional case generator lives with the tests

ON = dt.date(2025, 11, 30)


def shared(n: int, sessions: int, factors: int) -> Iterator[object]:
    import desistkit as dk
    from strategies import programme_cases

    key = dk.PseudonymKey(bytes(range(32)))
    for case in programme_cases(n, sessions=sessions, factors=factors, seed=11):
        yield dk.share(case, "research", key=key, on=ON)


def write_raw(cases: Iterator[object], path: str) -> None:
    """The Cases sheet's cells, typed as programme_xlsx types them, and nothing more."""
    import xlsxwriter

    import desistkit as dk

    loc = dk.get_localizer("en")
    factors = dk.default_catalogue().factors
    stance = {s: loc.enum(s) for s in dk.Stance}
    valence = {v: loc.enum(v) for v in dk.Valence}
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_numbers": False, "strings_to_urls": False})  # fmt: skip
    sheet = workbook.add_worksheet("Cases")
    row = 0
    for item in cases:
        case = item.case  # type: ignore[attr-defined]
        setting = loc.enum(case.setting)
        for number, session in enumerate(case.chronological, 1):
            row += 1
            sheet.write_string(row, 0, case.reference)
            sheet.write_string(row, 1, setting)
            sheet.write_number(row, 2, number)
            sheet.write_string(row, 3, item.date_label(session.date, loc))  # type: ignore[attr-defined]
            sheet.write_string(row, 4, loc.enum(session.kind))
            if session.working_relationship is not None:
                sheet.write_number(row, 5, session.working_relationship.rating)
            reflections = {r.factor_id: r for r in session.reflections}
            for i, factor in enumerate(factors):
                r = reflections.get(factor.id)
                if r is None:
                    continue
                if r.stance is not None:
                    sheet.write_string(row, 6 + 3 * i, stance[r.stance])
                sheet.write_string(row, 7 + 3 * i, valence[r.valence])
                if r.rating is not None:
                    sheet.write_number(row, 8 + 3 * i, r.rating)
    workbook.close()


def worker(mode: str, n: int, sessions: int, factors: int, out: str) -> None:
    import desistkit as dk
    from desistkit.export.programme import programme_xlsx

    start = time.perf_counter()
    cases = shared(n, sessions, factors)
    if mode == "generate":
        for _ in cases:
            pass
    elif mode == "raw":
        write_raw(cases, out)
    elif mode == "programme":
        from desistkit.casefile.files import atomic_output

        with atomic_output(out, force=True) as stream:
            programme_xlsx(cases, dk.get_localizer("en"), stream)
    elif mode == "scrub":
        from desistkit.export._ooxml import scrub

        write_raw(cases, out)
        Path(out).write_bytes(scrub(Path(out).read_bytes()))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    size = Path(out).stat().st_size if mode != "generate" else 0
    print(json.dumps({"seconds": seconds, "rss_mib": peak, "bytes": size}))


def measure(mode: str, n: int, sessions: int, factors: int, tmp: Path) -> dict[str, float]:
    out = tmp / f"bench-{mode}-{n}.xlsx"
    result = subprocess.run(
        [sys.executable, __file__, "--worker", mode, str(n), str(sessions), str(factors), str(out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out.unlink(missing_ok=True)
    return dict(json.loads(result.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="200,1000,2000", help="numbers of cases, comma-separated")
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--factors", type=int, default=29)
    parser.add_argument("--no-scrub", action="store_true", help="skip the scrub() memory measurement")
    parser.add_argument("--tmp", default="/tmp", help="where the workbooks are written (and removed)")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        mode, n, sessions, factors, out = args.worker
        worker(mode, int(n), int(sessions), int(factors), out)
        return
    modes = ["generate", "raw", "programme", *([] if args.no_scrub else ["scrub"])]
    print(f"cases × {args.sessions} sessions × {args.factors} factors, research audience; "
          f"times include making and sharing the cases, 'net' leaves that out")  # fmt: skip
    head = (f"{'cases':>6} {'rows':>7} {'make':>7} {'raw':>7} {'ours':>7} {'net ratio':>9} "
            f"{'RSS raw':>8} {'RSS ours':>9} {'RSS scrub':>10} {'MiB file':>8}")  # fmt: skip
    print(head)
    for n in (int(s) for s in args.sizes.split(",")):
        m = {mode: measure(mode, n, args.sessions, args.factors, Path(args.tmp)) for mode in modes}
        make, raw, ours = (m[k]["seconds"] for k in ("generate", "raw", "programme"))
        scrub_rss = f"{m['scrub']['rss_mib']:8.0f} M" if "scrub" in m else f"{'-':>10}"
        ratio = (ours - make) / (raw - make)
        rss_raw, rss_ours = m["raw"]["rss_mib"], m["programme"]["rss_mib"]
        print(f"{n:>6} {n * args.sessions:>7} {make:6.1f}s {raw:6.1f}s {ours:6.1f}s {ratio:8.2f}x "
              f"{rss_raw:6.0f} M {rss_ours:7.0f} M {scrub_rss} {m['programme']['bytes'] / 2**20:8.1f}",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
