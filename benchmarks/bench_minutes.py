"""What the case conference minutes and the tracker's Agencies sheet cost.

    python benchmarks/bench_minutes.py

The tests' fictional case with two three-agency conferences (tests/conference_fixtures.py), shared
for the team: the minutes in German, Greek and Finnish against python-docx writing the same
paragraphs and table cells untypeset (the bench_summary baseline); and the case tracker with the
conferences against the same tracker of the case without them (what the Agencies sheet adds).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import attrs

import desistkit as dk
from desistkit.export.minutes import minutes_docx
from desistkit.export.tracker import tracker_xlsx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_summary import _bare, _timed  # the same baseline, timed the same way

from conference_fixtures import conference_case

LANGUAGES = ("de", "el", "fi")
ON = dt.date(2025, 12, 5)


def main() -> None:
    case = dk.case_from_dict(conference_case())
    shared = dk.share(case, "internal", on=ON)
    without = dk.share(attrs.evolve(case, conferences=()), "internal", on=ON)
    print(f"{'':4}{'bare python-docx':>18}{'minutes':>10}{'size':>10}{'tracker':>10}{'no conferences':>16}")
    for lang in LANGUAGES:
        loc = dk.get_localizer(lang)
        minutes_docx(shared, loc)  # pyphen's patterns, once per process
        data = minutes_docx(shared, loc)
        minutes = _timed(lambda loc=loc: minutes_docx(shared, loc))
        bare = _timed(_bare(data))
        tracker = _timed(lambda loc=loc: tracker_xlsx(shared, loc))
        plain = _timed(lambda loc=loc: tracker_xlsx(without, loc))
        print(f"{lang:4}{bare * 1000:15.0f} ms{minutes * 1000:7.0f} ms{len(data) / 1024:6.0f} KiB"
              f"{tracker * 1000:7.0f} ms{plain * 1000:13.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
