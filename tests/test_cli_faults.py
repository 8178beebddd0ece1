"""The command line under bad input and faults: nothing half-written, nothing overwritten that was
read, a message naming the user's file, never a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, copied_examples, run_cli, temporaries


def _case(tmp_path: Path) -> Path:
    case = tmp_path / "case.json"
    case.write_bytes(EXAMPLES[0].read_bytes())
    return case


def _no_temporaries(folder: Path) -> None:
    assert temporaries(folder) == []


def test_an_output_that_is_an_input_is_refused_even_with_force(tmp_path: Path) -> None:
    """tracker case.json -o case.json --force: the case file stays a case file."""
    case = _case(tmp_path)
    before = case.read_bytes()
    result = run_cli("tracker", str(case), "-o", str(tmp_path / "case.xlsx"), "--force")
    assert result.returncode == 0, result.stderr
    for args in (
        [
            "summary",
            str(case),
            "--audience",
            "internal",
            "-o",
            str(tmp_path / "s.docx"),
            "--audit",
            str(case),
        ],
        ["share", str(case), "--audience", "internal", "-o", str(case), "--force"],
    ):
        result = run_cli(*args, "--force")
        assert result.returncode != 0 and "is also an input of this command" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert case.read_bytes() == before


def test_audit_into_a_missing_folder_writes_neither_file(tmp_path: Path) -> None:
    """-o deck and --audit into a folder that does not exist: the deck is not written either."""
    case = _case(tmp_path)
    deck = tmp_path / "deck.pptx"
    result = run_cli(
        "reflector",
        str(case),
        "--audience",
        "internal",
        "-o",
        str(deck),
        "--audit",
        str(tmp_path / "no" / "a.json"),
    )
    assert result.returncode != 0 and "does not exist" in result.stderr
    assert not deck.exists()
    _no_temporaries(tmp_path)


def test_redact_refuses_binary_and_oversized_stdin() -> None:
    """stdin that is not UTF-8 text is refused by name; too much stdin is refused before it fills
    memory (the cap is documented)."""
    result = subprocess.run(
        [sys.executable, "-m", "desistkit", "redact"],
        input=b"\xff\xfe\x00garbage",
        capture_output=True,
        timeout=60,
    )
    assert result.returncode != 0 and b"stdin is not UTF-8 text" in result.stderr
    big = b"a" * (16 * 1024 * 1024 + 10)
    result = subprocess.run(
        [sys.executable, "-m", "desistkit", "redact"], input=big, capture_output=True, timeout=60
    )
    assert result.returncode != 0 and b"stdin is larger than 16 MiB" in result.stderr


def test_a_binary_key_file_is_named(tmp_path: Path) -> None:
    """A key file that is not text says what a key file is and how to make one."""
    key = tmp_path / "key.bin"
    key.write_bytes(b"\x89PNG\xff\xfe\x00\x01")
    result = run_cli(
        "share", str(EXAMPLES[0]), "--audience", "case-conference", "--key-file", str(key), "--preview"
    )
    assert result.returncode != 0 and "key.bin: not a key file" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_warns_about_dates_after_today(tmp_path: Path) -> None:
    """A session dated after today is valid, with a warning naming its JSON path on stderr."""
    data = json.loads(EXAMPLES[0].read_text("utf-8"))
    data["sessions"][-1]["date"] = "2999-01-01"
    case = tmp_path / "future.json"
    case.write_text(json.dumps(data), "utf-8")
    result = run_cli("validate", str(case))
    assert result.returncode == 0
    assert f"sessions[{len(data['sessions']) - 1}].date: is after today" in result.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_programme_tracker_leaves_no_temporary_file(tmp_path: Path, sig: int) -> None:
    """SIGTERM or Ctrl+C while the programme tracker streams: the output is absent, no temporary
    file is left, the inputs are untouched, and the exit says 'interrupted'."""
    cases = copied_examples(tmp_path, 60)
    out = tmp_path / "programme.xlsx"
    env = {**os.environ, "DESISTKIT_PSEUDONYM_KEY": "00" * 32}
    process = subprocess.Popen(
        [sys.executable, "-m", "desistkit", "tracker", *map(str, cases), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not temporaries(tmp_path):
        if process.poll() is not None:
            break
        time.sleep(0.02)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the tracker finished before the signal arrived")
    assert process.returncode == 130, err
    assert not out.exists()
    _no_temporaries(tmp_path)
    assert cases[0].read_bytes() == EXAMPLES[0].read_bytes()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (
            ["share", "{case}", "--audience", "case-conference", "--key", "{big}", "-o", "{out}.json"],
            "'--key'",
        ),
        (
            ["share", "{case}", "--audience", "internal", "--policy", "{big}", "-o", "{out}.json"],
            "'--policy'",
        ),
        (["validate", "--catalogue", "{big}", "{case}"], "'--catalogue'"),
        (["retention", "{case}", "--policy", "{big}"], "'--policy'"),
        (["consent", "record", "{case}", "--from", "{big}", "-o", "{out}.json"], "'--from'"),
        (["consent-sheet", "{case}", "--legal-text", "{big}", "-o", "{out}.docx"], "'--legal-text'"),
        (["keys", "show", "{big}"], "'KEY'"),
        (
            [
                "handover",
                "pack",
                "{case}",
                "--to",
                "{big}",
                "--sign",
                "{big}",
                "--audience",
                "internal",
                "-o",
                "{out}.dkh",
            ],
            "'--to'/'--from'",
        ),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else v,
)
def test_a_huge_file_given_for_a_small_input_is_refused_by_its_size(
    tmp_path: Path, args: list[str], option: str
) -> None:
    """A 2 GiB file picked in a hurry for a key, a policy, a catalogue, the client's answers or the
    legal text is refused at 1 MiB, naming the option: it used to be read whole into memory first
    (with /dev/zero the command was killed for want of memory)."""
    big = tmp_path / "video.mp4"
    with big.open("wb") as f:
        f.truncate(2 * 1024**3)  # sparse: costs no disk
    values = {"case": str(_case(tmp_path)), "big": str(big), "out": str(tmp_path / "out")}
    result = run_cli(*(a.format(**values) for a in args))
    assert result.returncode == 2, result.stderr
    assert f"Invalid value for {option}: video.mp4 is larger than 1024 KiB" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json", "video.mp4"]


def test_a_retention_policy_that_is_not_utf8_is_named_not_an_internal_error(tmp_path: Path) -> None:
    """A retention.toml saved as Latin-1 (Ä in a comment): exit 2, the option and the byte; it used
    to end as an internal UnicodeDecodeError (exit 70)."""
    policy = tmp_path / "retention.toml"
    policy.write_bytes('# Aufbewahrung Ärzte\nformat = "desistkit-retention/1"\n'.encode("latin-1"))
    result = run_cli("retention", str(_case(tmp_path)), "--policy", str(policy))
    assert result.returncode == 2, result.stderr
    assert "Invalid value for '--policy': retention.toml is not UTF-8 text (byte 15)" in result.stderr
