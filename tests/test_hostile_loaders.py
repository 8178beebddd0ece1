"""Hostile files given to the loaders of the Python API and to the command line's file options.

An integrating service calls ``load_policy``, ``load_catalogue``, ``load_case`` or the package gate
on whatever a user uploaded or named: a 2 GiB file, ``/dev/zero``, a named pipe nobody writes to,
a folder, a missing file, bytes that are not UTF-8, text behind a byte order mark, arrays nested
thousands deep. Each must end in the loader's typed error naming the file, holding nothing of the
file's content, without hanging or running out of memory; the command line names the option.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import desistkit as dk
from conftest import run_cli
from desistkit.casefile import MAX_CASE_FILE_BYTES
from desistkit.core.inputs import MAX_INPUT_BYTES
from desistkit.formats.package import MAX_PACKAGE_BYTES, open_package
from desistkit.handover import read_private_key, read_public_key
from desistkit.retention import parse_retention
from desistkit.sharing import load_policy, parse_answers, parse_policy

MARKER = "Kowalczyk-4471"  # fictional: stands for anything personal a file could hold
VALID_POLICY = 'format = "desistkit-policy/1"\nextends = "default"\n'
VALID_CATALOGUE = 'format = "desistkit-catalogue/1"\nextends = "default"\n'

# name -> (the loader, its error, the file size limit, valid text or None for a binary format)
LOADERS: dict[str, tuple[Callable[[Path], Any], type[Exception], int, str | None]] = {
    "load_policy": (load_policy, dk.PolicyError, MAX_INPUT_BYTES, VALID_POLICY),
    "load_catalogue": (dk.load_catalogue, dk.CatalogueError, MAX_INPUT_BYTES, VALID_CATALOGUE),
    "load_case": (dk.load_case, dk.CaseFileError, MAX_CASE_FILE_BYTES, None),
    "open_package": (open_package, dk.DocumentError, MAX_PACKAGE_BYTES, None),
}


def _refused(name: str, path: Path) -> str:
    load, error, _, _ = LOADERS[name]
    with pytest.raises(error) as caught:
        load(path)
    message = str(caught.value)
    assert path.name in message
    assert MARKER not in message
    return message


@pytest.mark.parametrize("name", LOADERS)
def test_a_device_is_refused_not_read(name: str) -> None:
    """/dev/zero used to be read until memory ran out (or 32-64 MiB of zeros were parsed)."""
    if not Path("/dev/zero").exists():  # pragma: no cover - not a Unix
        pytest.skip("no /dev/zero")
    assert "is not a regular file" in _refused(name, Path("/dev/zero"))


@pytest.mark.parametrize("name", LOADERS)
def test_a_folder_is_refused_by_name(name: str, tmp_path: Path) -> None:
    """A folder was an IsADirectoryError; now the loader's own error says what it is."""
    folder = tmp_path / "policies"
    folder.mkdir()
    assert "is a folder" in _refused(name, folder)


@pytest.mark.parametrize("name", LOADERS)
def test_a_missing_file_is_refused_by_name(name: str, tmp_path: Path) -> None:
    assert "does not exist" in _refused(name, tmp_path / "gone.toml")


@pytest.mark.parametrize("name", LOADERS)
def test_a_file_over_the_limit_is_refused_by_its_size(name: str, tmp_path: Path) -> None:
    """A (sparse) file one byte over the loader's limit is refused before it is read; the policy
    and the catalogue used to be read whole, however large."""
    limit = LOADERS[name][2]
    big = tmp_path / "upload.bin"
    with big.open("wb") as f:
        f.write(MARKER.encode())
        f.truncate(limit + 1)
    assert "is larger than" in _refused(name, big)


@pytest.mark.parametrize("name", [n for n, v in LOADERS.items() if v[3] is not None] + ["load_case"])
def test_a_file_that_is_not_utf8_is_refused_naming_the_byte(name: str, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(f"# {MARKER} Ärzte\n".encode("latin-1"))
    assert "is not UTF-8 text (byte" in _refused(name, path)


@pytest.mark.parametrize("name", ["load_policy", "load_catalogue", "load_case"])
def test_a_file_behind_a_byte_order_mark_loads(name: str, tmp_path: Path) -> None:
    """Notepad writes a BOM before UTF-8; the catalogue loader used to fail on it as bad TOML."""
    load, _, _, text = LOADERS[name]
    path = tmp_path / "with-bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + (text or dk.dumps_case(dk.demo_case())).encode("utf-8"))
    load(path)


@pytest.mark.parametrize("name", LOADERS)
def test_deep_nesting_is_a_typed_error(name: str, tmp_path: Path) -> None:
    """Arrays nested 100,000 deep exhausted tomllib's recursion: every TOML loader (policy,
    catalogue, retention, keys) ended in a RecursionError, an internal error at the command line."""
    path = tmp_path / "deep.txt"
    path.write_text(f"# {MARKER}\na = " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    if name == "load_case":
        path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    _refused(name, path)


@pytest.mark.parametrize(
    ("parse", "error"),
    [
        (lambda t: parse_policy(t, source="policy.toml"), dk.PolicyError),
        (lambda t: dk.parse_catalogue(t, source="catalogue.toml"), dk.CatalogueError),
        (lambda t: parse_retention(t, source="retention.toml"), dk.RetentionPolicyError),
        (lambda t: read_public_key(t, source="them.pub"), dk.KeyFileError),
        (lambda t: read_private_key(t, source="me.key"), dk.KeyFileError),
        (lambda t: parse_answers(t.split("a = ")[1], source="answers.json"), dk.ConsentAnswersError),
    ],
    ids=["policy", "catalogue", "retention", "public-key", "private-key", "answers"],
)
def test_every_text_parser_turns_deep_nesting_into_its_error(parse: Any, error: type[Exception]) -> None:
    deep = f"# {MARKER}\na = " + "[" * 50_000 + "]" * 50_000 + "\n"
    with pytest.raises(error) as caught:
        parse(deep)
    assert "nested too deeply" in str(caught.value)
    assert MARKER not in str(caught.value)


def test_a_fifo_nobody_writes_to_does_not_hang_any_loader(tmp_path: Path) -> None:
    """Opening a named pipe for reading waits for a writer: every loader hung on it for good. They
    now open without blocking; a pipe with no writer reads as empty and is refused as such. Run in
    a child process with a timeout, so that a regression fails instead of hanging the suite."""
    if not hasattr(os, "mkfifo"):  # pragma: no cover - not a Unix
        pytest.skip("no named pipes")
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    script = textwrap.dedent(
        f"""
        import desistkit as dk
        from desistkit.formats.package import open_package
        from desistkit.sharing import load_policy
        for load in (load_policy, dk.load_catalogue, dk.load_case, open_package):
            try:
                load({str(fifo)!r})
            except dk.DesistkitError as exc:
                assert "pipe.toml" in str(exc), exc
                print(type(exc).__name__)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["PolicyError", "CatalogueError", "CaseFileError", "DocumentError"]


# --- the command line: the option is named, each file is read once --------------------------------

_OPTIONS = [
    (["share", "{case}", "--audience", "internal", "--policy", "{bad}", "-o", "{out}.json"], "'--policy'"),
    (["validate", "--catalogue", "{bad}", "{case}"], "'--catalogue'"),
    (["retention", "{case}", "--policy", "{bad}"], "'--policy'"),
    (["consent", "record", "{case}", "--from", "{bad}", "-o", "{out}.json"], "'--from'"),
    (["consent-sheet", "{case}", "--policy", "{bad}", "-o", "{out}.docx"], "'--policy'"),
    (["keys", "show", "{bad}"], "'KEY'"),
    (["share", "{case}", "--audience", "case-conference", "--key", "{bad}", "-o", "{out}.json"], "'--key'"),
]


def _case(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(dk.dumps_case(dk.demo_case()), "utf-8")
    return path


@pytest.mark.parametrize(("args", "option"), _OPTIONS, ids=lambda v: v[0] if isinstance(v, list) else v)
def test_the_cli_refuses_a_device_naming_the_option(tmp_path: Path, args: list[str], option: str) -> None:
    values = {"case": str(_case(tmp_path)), "bad": "/dev/zero", "out": str(tmp_path / "out")}
    result = run_cli(*(a.format(**values) for a in args))
    assert result.returncode == 2, result.stderr
    assert f"Invalid value for {option}: zero is not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json"]


@pytest.mark.parametrize(("args", "option"), _OPTIONS[:2], ids=["policy", "catalogue"])
def test_the_cli_names_the_option_for_a_policy_or_catalogue_that_is_not_utf8(
    tmp_path: Path, args: list[str], option: str
) -> None:
    """--policy and --catalogue were size-checked by the command, then read again by the loader,
    whose PolicyError/CatalogueError did not name the option; now the file is read once, and the
    refusal says which option it came from."""
    bad = tmp_path / "org.toml"
    bad.write_bytes(f'# {MARKER} Ärzte\nformat = "x"\n'.encode("latin-1"))
    values = {"case": str(_case(tmp_path)), "bad": str(bad), "out": str(tmp_path / "out")}
    result = run_cli(*(a.format(**values) for a in args))
    assert result.returncode == 2, result.stderr
    assert f"Invalid value for {option}: org.toml is not UTF-8 text (byte 17)" in result.stderr
    assert MARKER not in result.stderr


def test_the_cli_reads_a_catalogue_behind_a_byte_order_mark(tmp_path: Path) -> None:
    catalogue = tmp_path / "org.toml"
    catalogue.write_bytes(b"\xef\xbb\xbf" + VALID_CATALOGUE.encode())
    result = run_cli("validate", "--catalogue", str(catalogue), str(_case(tmp_path)))
    assert result.returncode == 0, result.stderr


def test_the_cli_turns_deep_nesting_into_a_refusal_not_an_internal_error(tmp_path: Path) -> None:
    policy = tmp_path / "retention.toml"
    policy.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    result = run_cli("retention", str(_case(tmp_path)), "--policy", str(policy))
    assert result.returncode == 2, result.stderr
    assert "nested too deeply" in result.stderr and "Traceback" not in result.stderr


def test_the_cli_does_not_wait_on_a_fifo(tmp_path: Path) -> None:
    """`--policy pipe` where nothing writes to the pipe: refused (an empty policy), not a hang."""
    fifo = tmp_path / "policy.toml"
    os.mkfifo(fifo)
    result = run_cli(
        "share", str(_case(tmp_path)), "--audience", "internal", "--policy", str(fifo), "--preview"
    )
    assert result.returncode != 0
    assert "policy.toml" in result.stderr and "Traceback" not in result.stderr
