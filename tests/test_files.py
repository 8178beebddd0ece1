"""Outputs: every path checked before anything is written, both files or neither, the user's path
in every message, no temporary file left behind, never an input overwritten."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import desistkit as dk
from desistkit.casefile.files import (
    TEMP_SUFFIX,
    atomic_output,
    atomic_write,
    atomic_write_all,
    resolved_inputs,
)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_a_missing_folder_is_named_before_anything_is_written(tmp_path: Path) -> None:
    """Writing a deck and its audit record into a folder that does not exist for the second one
    writes neither, and the message names the folder, not a hidden temporary file."""
    deck, audit = tmp_path / "deck.pptx", tmp_path / "missing" / "a.json"
    with pytest.raises(
        dk.OutputError, match=rf"{audit} cannot be written: the folder .*missing does not exist"
    ):
        atomic_write_all([(deck, b"deck"), (audit, b"{}")])
    assert not deck.exists() and _leftovers(tmp_path) == []


def test_the_same_path_for_two_outputs_is_refused(tmp_path: Path) -> None:
    """--audit equal to -o (also spelled differently) writes neither."""
    out = tmp_path / "deck.pptx"
    other = tmp_path / "sub" / ".." / "deck.pptx"
    (tmp_path / "sub").mkdir()
    with pytest.raises(dk.OutputError, match="is named for two outputs"):
        atomic_write_all([(out, b"deck"), (other, b"{}")])
    assert not out.exists()


@pytest.mark.parametrize("resolved", [False, True], ids=["paths", "resolved once"])
def test_an_output_that_is_an_input_is_refused_even_with_force(tmp_path: Path, resolved: bool) -> None:
    """tracker case.json -o case.json --force must not replace the case file with a workbook; the
    same with the inputs resolved once for a batch (resolved_inputs), under another name too."""
    case = tmp_path / "case.json"
    case.write_bytes(b'{"format_version": 1}')
    link = tmp_path / "link.json"
    link.symlink_to(case)
    inputs = resolved_inputs([tmp_path / "." / "case.json"]) if resolved else [case]
    for target in (case, link):
        with pytest.raises(dk.OutputError, match="is also an input of this command"):
            atomic_write(target, b"PK...", force=True, inputs=inputs)
    assert case.read_bytes() == b'{"format_version": 1}'


def test_a_full_disk_names_the_users_file_and_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC while flushing: the message says the disk is full and names deck.pptx; the existing
    file is untouched and no temporary file remains."""
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(
        dk.OutputError, match=r"deck\.pptx cannot be written: the disk is full; free some space"
    ):
        atomic_write(out, b"new", force=True)
    assert out.read_bytes() == b"old" and _leftovers(tmp_path) == []


def test_a_read_only_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder the user may not write to is named with what to do (os.access, so root is simulated)."""
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(dk.OutputError, match=r"the folder .* is read-only for you"):
        atomic_write(tmp_path / "deck.pptx", b"x")


def test_an_error_while_writing_leaves_neither_file_nor_temporary(tmp_path: Path) -> None:
    """An exception inside the block (the exporter failed halfway) leaves nothing behind."""
    out = tmp_path / "tracker.xlsx"
    with pytest.raises(RuntimeError), atomic_output(out) as stream:
        stream.write(b"half")
        raise RuntimeError("exporter failed")
    assert not out.exists() and _leftovers(tmp_path) == []


def test_a_stale_temporary_file_of_a_killed_process_is_cleaned_up(tmp_path: Path) -> None:
    """kill -9 leaves a hidden temporary file; the next write of the same target removes it, and
    leaves another running process's temporary file alone."""
    dead = tmp_path / f".deck.pptx.999999999.abcd{TEMP_SUFFIX}"
    alive = tmp_path / f".deck.pptx.{os.getppid()}.abcd{TEMP_SUFFIX}"
    dead.write_bytes(b"stale")
    alive.write_bytes(b"in progress")
    atomic_write(tmp_path / "deck.pptx", b"new")
    assert _leftovers(tmp_path) == [alive.name]
    assert (tmp_path / "deck.pptx").read_bytes() == b"new"


def test_only_the_targets_own_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    """A name with glob characters matches itself only; another target's leftover stays until that
    target is written."""
    mine = tmp_path / f".deck[1]*.pptx.999999999.abcd{TEMP_SUFFIX}"
    other = tmp_path / f".deck1x.pptx.999999999.abcd{TEMP_SUFFIX}"
    longer = tmp_path / f".deck[1]*.pptx.x.999999999.abcd{TEMP_SUFFIX}"  # deck[1]*.pptx.x's, not a pid
    for leftover in (mine, other, longer):
        leftover.write_bytes(b"stale")
    atomic_write(tmp_path / "deck[1]*.pptx", b"new")
    assert _leftovers(tmp_path) == sorted([longer.name, other.name])
