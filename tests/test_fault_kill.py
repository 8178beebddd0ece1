"""Every writing command stopped at random points: the target is absent or complete, no temporary
file remains (after SIGTERM at once, after kill -9 once the command runs again), the inputs are
untouched."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, copied_examples, temporaries

KEY = {"DESISTKIT_PSEUDONYM_KEY": "11" * 32}


def _complete(path: Path) -> bool:
    """A file a user can open: a whole zip package, whole JSON, a whole PDF."""
    data = path.read_bytes()
    if path.suffix in {".docx", ".pptx", ".xlsx"}:
        try:
            with zipfile.ZipFile(path) as archive:
                return archive.testzip() is None
        except zipfile.BadZipFile:
            return False
    if path.suffix == ".json":
        try:
            json.loads(data)
        except ValueError:
            return False
        return True
    if path.suffix == ".pdf":
        return data.rstrip().endswith(b"%%EOF")
    return True


def _digest(paths: list[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _commands(tmp: Path) -> list[tuple[str, list[str], list[Path], list[Path]]]:
    """(name, arguments, inputs, outputs) for every command that writes."""
    case = tmp / "case.json"
    case.write_bytes(EXAMPLES[0].read_bytes())
    cases = copied_examples(tmp, 12, "p")
    tracker = tmp / "in.xlsx"
    made = subprocess.run(
        [sys.executable, "-m", "desistkit", "tracker", str(case), "-o", str(tracker)],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return [
        ("summary", ["summary", str(case), "--audience", "internal", "-o", str(tmp / "s.docx"),
                     "--audit", str(tmp / "s.json")], [case], [tmp / "s.docx", tmp / "s.json"]),
        ("reflector", ["reflector", str(case), "--audience", "internal", "-o", str(tmp / "d.pptx")],
         [case], [tmp / "d.pptx"]),
        ("tracker", ["tracker", str(case), "-o", str(tmp / "t.xlsx")], [case], [tmp / "t.xlsx"]),
        ("programme", ["tracker", *map(str, cases), "-o", str(tmp / "prog.xlsx")], cases,
         [tmp / "prog.xlsx"]),
        ("share", ["share", str(case), "--audience", "internal", "-o", str(tmp / "sh.json")], [case],
         [tmp / "sh.json", tmp / "sh.json.audit.json"]),
        ("cards", ["cards", "--lang", "de", "-o", str(tmp / "c.pdf")], [], [tmp / "c.pdf"]),
        ("import", ["import", str(tracker), "-o", str(tmp / "back.json")], [tracker], [tmp / "back.json"]),
    ]  # fmt: skip


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_every_writing_command_stopped_at_random_points(tmp_path: Path, sig: int) -> None:
    """Three random moments per command (seeded, so a failure can be replayed)."""
    rng = random.Random(20261202 + sig)
    env = {**os.environ, **KEY}
    for name, arguments, inputs, outputs in _commands(tmp_path):
        before = _digest(inputs)
        for _ in range(3):
            for output in outputs:
                output.unlink(missing_ok=True)
            process = subprocess.Popen(
                [sys.executable, "-m", "desistkit", *arguments, "--force"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
            )  # fmt: skip
            time.sleep(rng.uniform(0.05, 2.5))
            process.send_signal(sig)
            process.communicate(timeout=120)
            for output in outputs:
                assert not output.exists() or _complete(output), (name, output.name)
            written = [o.exists() for o in outputs]
            assert all(written) or not any(written), (name, "some outputs written, not all")
            assert _digest(inputs) == before, name
            if sig == signal.SIGTERM:
                assert temporaries(tmp_path) == [], name
        if sig == signal.SIGKILL:
            # A killed process cannot clean up; the next run of the same command does.
            done = subprocess.run(
                [sys.executable, "-m", "desistkit", *arguments, "--force"],
                capture_output=True, env=env, timeout=300, check=False,
            )  # fmt: skip
            assert done.returncode == 0, (name, done.stderr)
            assert temporaries(tmp_path) == [], name
            assert all(_complete(o) for o in outputs), name
