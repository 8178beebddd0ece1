"""tools/redaction_replay.py: the proof that a faster redactor finds the same must fail when it does not."""

from __future__ import annotations

import gzip
import pickle
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "redaction_replay.py"

# A script that redacts as a service would: a case's known identifiers, a region, a note per call;
# once with the name index's phonetic keys cleared, as benchmarks/name_false_positives.py does.
SCRIPT = """
import datetime as dt
import desistkit as dk
from desistkit.sharing import KnownIdentifiers, Redactor

identity = dk.ClientIdentity(given_names=("Tervo",), family_names=("Quallin",), places=("Ostermark",),
                             birth_date=dt.date(1990, 4, 2), inmate_numbers=("JVA-5521/19",))
known = KnownIdentifiers.from_identity(identity)
notes = [
    ("de", "Tervo Quallin (geb. 02.04.1990) zieht nach Ostermark; Buchnummer JVA 5521/19."),
    ("fr", "M. Quallin a appelé le 06 12 34 56 78, courriel tervo.q@example.org."),
]
for lang, note in notes:
    Redactor(known, regions={"Ostermark": "Nordregion"}).redact(note, lang)
silent = Redactor(known)
silent.detectors[0]._names._keys.clear()
silent.find("Kwallin kam heute nicht.", "de")


class NoNames:
    name = "names"

    def detect(self, text, lang):
        return ()


if __name__ == "__main__":
    Redactor(known, detectors=[NoNames()]).find("Tervo sprach mit Herrn Abendroth.", "de")
"""


def _tool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True)


def test_replay_reports_identical_findings_and_fails_on_a_changed_one(tmp_path: Path) -> None:
    script = tmp_path / "notes.py"
    script.write_text(SCRIPT, encoding="utf-8")
    recording = tmp_path / "recorded" / "notes.pkl.gz"
    recording.parent.mkdir()
    done = _tool("record", recording, "--", script)
    assert done.returncode == 0, done.stderr
    with gzip.open(recording, "rb") as f:
        version, calls = pickle.load(f)
    assert len(calls) == 4
    assert all(call[-1] for call in calls[:2]), "the notes have findings to compare"
    assert [call[3] for call in calls] == [True, True, False, True]  # the phonetic keys, as they were
    assert calls[3][2] == [("notes", "NoNames", str(tmp_path))]  # imported from the script on replay

    same = _tool("replay", recording.parent)
    assert same.returncode == 0, same.stdout + same.stderr
    assert "4 notes replayed from 1 recordings, 0 differ" in same.stdout

    # A redactor that finds one character less of one finding: the replay must say so and fail.
    start, end, *rest = calls[1][-1][0]
    calls[1][-1][0] = (start, end - 1, *rest)
    with gzip.open(recording, "wb") as f:
        pickle.dump((version, calls), f)
    changed = _tool("replay", recording)
    assert changed.returncode == 1
    assert "4 notes replayed from 1 recordings, 1 differ" in changed.stdout
    assert "DIFF notes.pkl.gz [fr]" in changed.stdout


def test_replay_without_recordings_says_what_to_do(tmp_path: Path) -> None:
    done = _tool("replay", tmp_path)
    assert done.returncode != 0
    assert "run `record` first" in done.stderr
