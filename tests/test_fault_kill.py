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

import desistkit as dk
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
    tracker.write_bytes(dk.render(dk.share(dk.load_case(case), "internal"), "tracker"))
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
    """Three random moments per command (seeded, so a failure can be replayed).

    The commands of one round run side by side, each stopped at its own moment after its own
    start: the same moments per command as one after the other, in a third of the time."""
    rng = random.Random(20261202 + sig)
    env = {**os.environ, **KEY}
    commands = _commands(tmp_path)
    before = {name: _digest(inputs) for name, _, inputs, _ in commands}
    for _ in range(3):
        for *_, outputs in commands:
            for output in outputs:
                output.unlink(missing_ok=True)
        moments = [rng.uniform(0.05, 2.5) for _ in commands]
        running = []
        for moment, (_, arguments, _, _) in zip(moments, commands, strict=True):
            process = subprocess.Popen(
                [sys.executable, "-m", "desistkit", *arguments, "--force"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
            )  # fmt: skip
            running.append((time.monotonic() + moment, process))
        for due, process in sorted(running, key=lambda item: item[0]):
            time.sleep(max(0.0, due - time.monotonic()))
            process.send_signal(sig)
        for _, process in running:
            process.communicate(timeout=120)
        for name, _, inputs, outputs in commands:
            for output in outputs:
                assert not output.exists() or _complete(output), (name, output.name)
            written = [o.exists() for o in outputs]
            assert all(written) or not any(written), (name, "some outputs written, not all")
            assert _digest(inputs) == before[name], name
        if sig == signal.SIGTERM:
            assert temporaries(tmp_path) == []
    if sig == signal.SIGKILL:
        # A killed process cannot clean up; the next run of the same command does.
        reruns = [
            (name, outputs, subprocess.Popen(
                [sys.executable, "-m", "desistkit", *arguments, "--force"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
            ))
            for name, arguments, _, outputs in commands
        ]  # fmt: skip
        for name, outputs, process in reruns:
            _, stderr = process.communicate(timeout=300)
            assert process.returncode == 0, (name, stderr)
            assert all(_complete(o) for o in outputs), name
        assert temporaries(tmp_path) == []
