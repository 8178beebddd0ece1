"""Many cases at once: `reflector`, `summary` and `tracker` with --out-dir DIR and --jobs N (#20).

Each test runs the installed command as a user would (a real process pool), with fictional cases:
copies of the examples under references of their own.
"""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import BAD, EXAMPLES, run_cli, temporaries

ON = ["--on", "2026-01-01"]


def _cases(folder: Path, count: int, prefix: str = "ref") -> list[Path]:
    """``count`` case files, copies of the examples in turn, each under its own reference."""
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        data = json.loads(EXAMPLES[i % len(EXAMPLES)].read_text("utf-8"))
        data["reference"] = f"{prefix}-{i:02d}"
        path = folder / f"client-file-{i}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def _key(tmp_path: Path) -> Path:
    key = tmp_path / "key.txt"
    key.write_text(bytes(range(32)).hex(), encoding="utf-8")
    return key


def _audit(path: Path) -> dict[str, object]:
    """An audit record without its moment of creation (each run has its own)."""
    record = json.loads(path.read_text("utf-8"))
    assert record.pop("created_at")
    return dict(record)


def _running(marker: str) -> list[int]:
    """Processes whose command line contains ``marker`` (a run's own output folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.parametrize(
    ("command", "audience", "suffix"),
    [
        ("reflector", "case-conference", ".pptx"),
        ("summary", "security", ".docx"),
        ("tracker", "internal", ".xlsx"),
    ],
)
def test_jobs_write_the_same_bytes_as_one_case_at_a_time(
    tmp_path: Path, command: str, audience: str, suffix: str
) -> None:
    """--jobs 2 --out-dir gives each case the document (and audit record) its own run with -o and
    --audit gives, named after the reference as shared: the pseudonym where the audience gets one,
    never the input file's name."""
    cases = _cases(tmp_path / "cases", 3)
    common = ["--audience", audience, "--key", str(_key(tmp_path)), "--lang", "de", *ON]
    batch = run_cli(command, *map(str, cases), *common, "--jobs", "2", "--out-dir",
                    str(tmp_path / "out"), "--audit-dir", str(tmp_path / "audit"))  # fmt: skip
    assert batch.returncode == 0, batch.stderr
    written = sorted((tmp_path / "out").iterdir())
    assert len(written) == 3 and all(p.suffix == suffix for p in written)
    assert sorted(batch.stdout.split()) == sorted(
        [str(p) for p in written] + [str(tmp_path / "audit" / f"{p.name}.audit.json") for p in written]
    )
    if audience == "internal":
        assert [p.stem for p in written] == ["ref-00", "ref-01", "ref-02"]
    else:
        assert all(p.stem.startswith("C-") and "ref-" not in p.stem for p in written)
    assert not any("client-file" in p.name for p in written)
    one_by_one = {}
    for i, case in enumerate(cases):
        out, audit = tmp_path / f"single-{i}{suffix}", tmp_path / f"single-{i}.json"
        single = run_cli(command, str(case), *common, "-o", str(out), "--audit", str(audit))
        assert single.returncode == 0, single.stderr
        one_by_one[out.read_bytes()] = _audit(audit)
    for path in written:
        assert path.read_bytes() in one_by_one, path.name
        assert _audit(tmp_path / "audit" / f"{path.name}.audit.json") == one_by_one[path.read_bytes()]


def test_a_bad_case_among_good_ones(tmp_path: Path) -> None:
    """A case file with problems is reported with its path and every problem's JSON path (never its
    content); the other cases are still written; the exit is 2, without a traceback."""
    good = _cases(tmp_path / "cases", 4)
    bad = tmp_path / "cases" / "broken.json"
    bad.write_bytes((BAD / "personal-data-not-echoed.json").read_bytes())
    out = tmp_path / "out"
    result = run_cli("reflector", *map(str, good[:2]), str(bad), *map(str, good[2:]), "--audience",
                     "internal", *ON, "--jobs", "2", "--out-dir", str(out))  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"ref-0{i}.pptx" for i in range(4)]
    assert f"desistkit: {bad}: 7 problems" in result.stderr
    assert "client.birth_date: expected an ISO 8601 date" in result.stderr
    assert "4 of 5 cases written, 1 not" in result.stderr
    assert "Traceback" not in result.stderr
    values = json.loads(bad.read_text("utf-8"))["client"]
    assert values["birth_date"] not in result.stderr
    assert temporaries(out) == []


def test_a_name_clash_is_refused_and_the_first_case_kept(tmp_path: Path) -> None:
    """Two cases that would give one file name (the same reference, or references that differ only
    in case: one file on Windows and macOS): the first given is written, the second refused with
    both paths named; exit 1."""
    first, second, third = _cases(tmp_path / "cases", 3)
    data = json.loads(second.read_text("utf-8"))
    data["reference"] = "REF-00"  # ref-00 is the first case's
    second.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("summary", str(first), str(second), str(third), "--audience", "internal", *ON,
                     "--jobs", "2", "--out-dir", str(out))  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["ref-00.docx", "ref-02.docx"]
    assert (
        f"{second}: not written: its reference gives the file name REF-00.docx, as {first}" in result.stderr
    )
    alone = run_cli("summary", str(first), "--audience", "internal", *ON, "-o", str(tmp_path / "a.docx"))
    assert alone.returncode == 0 and (tmp_path / "a.docx").read_bytes() == (out / "ref-00.docx").read_bytes()
    again = run_cli("summary", str(third), "--audience", "internal", *ON, "--out-dir", str(out))
    assert again.returncode == 1 and "ref-02.docx exists; use --force" in again.stderr


def test_the_progress_bar_is_on_stderr(tmp_path: Path) -> None:
    """At a terminal, stderr shows a bar that counts the cases; stdout lists the files."""
    cases = _cases(tmp_path / "cases", 3)
    controller, terminal = pty.openpty()
    argv = [sys.executable, "-m", "desistkit", "tracker", *map(str, cases), *ON, "--jobs", "2",
            "--out-dir", str(tmp_path / "out")]  # fmt: skip
    env = {**os.environ, "COLUMNS": "100"}
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=terminal, env=env) as process:
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the command closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        os.close(controller)
        listed = process.stdout.read().split()  # type: ignore[union-attr]
    assert process.returncode == 0
    text = shown.decode("utf-8", "replace")
    assert "cases" in text and "3/3" in text and "[" in text
    assert len(listed) == 3


def test_options_that_do_not_fit_are_refused(tmp_path: Path) -> None:
    """Several cases need --out-dir (the tracker's -o stays the programme tracker); --jobs takes a
    number or auto; -o and --out-dir do not go together."""
    cases = list(map(str, _cases(tmp_path / "cases", 2)))
    out = str(tmp_path / "x.pptx")
    several = run_cli("reflector", *cases, "--audience", "internal", "-o", out)
    assert several.returncode == 2 and "--out-dir DIR" in several.stderr
    both = run_cli("summary", cases[0], "--audience", "internal", "-o", out, "--out-dir", str(tmp_path))
    assert both.returncode == 2 and "not both" in both.stderr
    jobs = run_cli("summary", *cases, "--audience", "internal", "--out-dir", str(tmp_path), "--jobs", "two")
    assert jobs.returncode == 2 and "expected a number of processes" in jobs.stderr
    programme = run_cli("tracker", *cases, "--jobs", "2", "-o", str(tmp_path / "p.xlsx"))
    assert programme.returncode == 2 and "programme tracker" in programme.stderr
    auto = run_cli("tracker", *cases, "--jobs", "auto", "--out-dir", str(tmp_path / "t"), *ON)
    assert auto.returncode == 0, auto.stderr
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["ref-00.xlsx", "ref-01.xlsx"]
    no_key = run_cli("reflector", *cases, "--audience", "research", "--out-dir", str(tmp_path / "r"))
    assert no_key.returncode == 1 and "no pseudonym key" in no_key.stderr
    assert not (tmp_path / "r").exists() or list((tmp_path / "r").iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_stopped_mid_run(tmp_path: Path, sig: int) -> None:
    """Stopped once the pool works: every file there is complete, no temporary file remains (after
    SIGTERM; after kill -9 the next run removes them), and no worker process stays behind."""
    # Enough cases that the batch is still running well after its first file (about 45 decks/s now).
    cases = _cases(tmp_path / "cases", 100)
    out = tmp_path / "out-stopped"
    argv = [sys.executable, "-m", "desistkit", "reflector", *map(str, cases), "--audience", "internal",
            *ON, "--jobs", "2", "--out-dir", str(out)]  # fmt: skip
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (out.is_dir() and any(out.glob("*.pptx"))) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    assert len(_running(str(out))) == 3  # the command and its two workers
    process.send_signal(sig)
    assert process.wait(timeout=60) == (130 if sig == signal.SIGTERM else -signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _running(str(out)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _running(str(out)) == []
    for path in out.glob("*.pptx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path.name
    if sig == signal.SIGTERM:
        assert temporaries(out) == []
    else:
        rerun = subprocess.run([*argv, "--force"], capture_output=True, text=True, timeout=300, check=False)
        assert rerun.returncode == 0, rerun.stderr
        assert temporaries(out) == [] and len(list(out.glob("*.pptx"))) == len(cases)


def test_workers_are_spawn_safe(tmp_path: Path) -> None:
    """Where the pool spawns (macOS, Windows), a worker gets the plain settings and a path, loads
    the rest itself, and makes the same documents, in order, as this process alone."""
    import datetime as dt
    import multiprocessing

    from desistkit.cli import _batch

    paths = [str(p) for p in _cases(tmp_path / "cases", 3)]
    sharing = {"on": dt.datetime(2026, 1, 1), "key_file": None, "domain": None, "policy_path": None,
               "_former_key_file": None}  # fmt: skip
    job = _batch.Job("summary", "internal", "de", sharing, None, (), {}, audit=True)
    spawned = list(_batch._pooled(job, paths, 2, multiprocessing.get_context("spawn")))
    alone = list(_batch._results(job, paths, 1))
    assert [r.reference for r in spawned] == ["ref-00", "ref-01", "ref-02"]  # type: ignore[union-attr]
    assert [r.data for r in spawned] == [r.data for r in alone]  # type: ignore[union-attr]


_POOL: list[object] = []  # the pool under test, for the forked worker to find its result pipe


def _half_sent() -> None:
    """In a worker: the start of a long result on the pool's result pipe, and no more."""
    import struct

    writer = _POOL[0]._result_queue._writer  # type: ignore[attr-defined]
    os.write(writer.fileno(), struct.pack("!i", 10_000_000) + b"x" * 1000)
    time.sleep(120)


@pytest.mark.skipif(sys.platform != "linux", reason="the pool forks on Linux only")
def test_stopping_a_worker_in_the_middle_of_its_result_does_not_hang() -> None:
    """Ctrl+C while a worker is sending a document: the command stops instead of waiting forever
    for the rest of the message (it hung about once in fifteen interrupts)."""
    import multiprocessing
    import threading
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from desistkit.cli import _batch

    pool = ProcessPoolExecutor(1, multiprocessing.get_context("fork"))
    _POOL[:] = [pool]
    future = pool.submit(_half_sent)
    time.sleep(1.0)  # the pool's reader is now inside the half-sent message
    stopper = threading.Thread(target=_batch._stop, args=(pool, deque([future])), daemon=True)
    stopper.start()
    stopper.join(timeout=30)
    hung = stopper.is_alive()
    if hung:  # unblock the reader, so this test process can still end
        pool._result_queue._writer.close()  # type: ignore[attr-defined]
        stopper.join(timeout=30)
    assert not hung
