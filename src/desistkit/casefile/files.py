"""Writing files so that an existing file is never half-overwritten, and nothing is lost.

Every file desistkit writes goes through this module. The bytes go to a hidden temporary file in the
target's folder, named ``.<target name>.<process id>.<random>.desistkit-tmp``, are flushed to disk,
and only then take the target's place, so a crash or a full disk leaves either the old file or the
new one. A command that writes several files (a document and its audit record) checks every path
before it writes any and renames them only when all are written (:func:`atomic_outputs`).

Before writing, every path is checked: its folder exists and can be written, it is not one of the
command's inputs (not even with ``force``), it is not named twice, and it does not exist unless
``force``. A temporary file left by a process that no longer runs (killed with ``kill -9``) is
removed the next time the same target is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Collection, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import IO

from desistkit.core.errors import OutputError, OutputExistsError

__all__ = [
    "TEMP_SUFFIX",
    "ResolvedInputs",
    "atomic_output",
    "atomic_outputs",
    "atomic_write",
    "atomic_write_all",
    "check_outputs",
    "resolved_inputs",
]

TEMP_SUFFIX = ".desistkit-tmp"
"""The ending of every temporary file desistkit writes (hidden, beside the target)."""

PathArg = str | PathLike[str]


def atomic_write(
    path: PathArg, data: bytes, *, force: bool = False, inputs: Collection[PathArg] = ()
) -> None:
    """Write ``data`` to ``path`` atomically; refuse to replace an existing file unless ``force``,
    and an input of the same command always."""
    atomic_write_all([(path, data)], force=force, inputs=inputs)


def atomic_write_all(
    items: Sequence[tuple[PathArg, bytes]], *, force: bool = False, inputs: Collection[PathArg] = ()
) -> None:
    """Write every ``(path, data)`` or none: all paths are checked first, all files written to
    temporary files, and only then renamed into place."""
    with atomic_outputs([path for path, _ in items], force=force, inputs=inputs) as streams:
        for stream, (_, data) in zip(streams, items, strict=True):
            stream.write(data)


@contextlib.contextmanager
def atomic_output(
    path: PathArg, *, force: bool = False, inputs: Collection[PathArg] = ()
) -> Iterator[IO[bytes]]:
    """:func:`atomic_write` for output too large to hold in memory: write into the stream given.

    The file takes the target's place only when the block ends without an error.
    """
    with atomic_outputs([path], force=force, inputs=inputs) as streams:
        yield streams[0]


class ResolvedInputs(frozenset[Path]):
    """A command's inputs as :func:`resolved_inputs` found them: what each points to."""


def resolved_inputs(inputs: Collection[PathArg]) -> ResolvedInputs:
    """What the inputs point to, found once for a command that writes many outputs (one document per
    case): given as ``inputs``, every write checks against them without resolving each input again."""
    return ResolvedInputs(_identity(Path(p)) for p in inputs)


def check_outputs(paths: Sequence[PathArg], *, force: bool = False, inputs: Collection[PathArg] = ()) -> None:
    """Refuse, before anything is written, every output that cannot or must not be written.

    Raises:
        OutputError: A folder is missing or read-only, a path is given twice, or an output is one
            of the inputs (a workbook written over the case file it was made from).
        OutputExistsError: A file exists and ``force`` was not given.
    """
    seen: dict[Path, str] = {}
    sources = inputs if isinstance(inputs, ResolvedInputs) else resolved_inputs(inputs)
    for path in paths:
        target = Path(path)
        key = _identity(target)
        if key in seen:
            raise OutputError(str(path), "is named for two outputs; give each its own file name")
        seen[key] = str(path)
        if key in sources:
            raise OutputError(str(path), "is also an input of this command; write to another file")
        if target.is_dir():
            raise OutputError(str(path), "is a folder; give a file name")
        folder = target.parent
        if not folder.is_dir():
            raise OutputError(str(path), f"cannot be written: the folder {folder} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(str(path), f"cannot be written: the folder {folder} is read-only for you")
        if not force and target.exists():
            raise OutputExistsError(str(path))


@contextlib.contextmanager
def atomic_outputs(
    paths: Sequence[PathArg], *, force: bool = False, inputs: Collection[PathArg] = ()
) -> Iterator[list[IO[bytes]]]:
    """One stream per path; the files take their places together when the block ends without an
    error, and no temporary file remains either way."""
    check_outputs(paths, force=force, inputs=inputs)
    targets = [Path(p) for p in paths]
    temps: list[Path] = []
    streams: list[IO[bytes]] = []
    try:
        for path, target in zip(paths, targets, strict=True):
            _remove_stale(target)
            tmp = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
            # Listed before it exists: a Ctrl+C or SIGTERM that lands just after the open (the
            # moment a watcher sees the file) still finds it to remove. The name holds our pid and
            # a random part, so it can only be ours.
            temps.append(tmp)
            with _named(path):
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            streams.append(os.fdopen(fd, "w+b"))
        yield streams
        for path, stream in zip(paths, streams, strict=True):
            with _named(path):
                stream.flush()
                os.fsync(stream.fileno())
                stream.close()
        for path, target, tmp in zip(paths, targets, temps, strict=True):
            with _named(path):
                if force:
                    tmp.replace(target)
                else:
                    _link_without_replacing(tmp, target, str(path))
    finally:
        for stream in streams:
            stream.close()
        for tmp in temps:
            tmp.unlink(missing_ok=True)


_REASONS = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied; choose a folder you may write to",
    errno.EPERM: "permission denied; choose a folder you may write to",
}


@contextlib.contextmanager
def _named(path: PathArg) -> Iterator[None]:
    """OS errors about our hidden temporary file, told as what they mean for the user's file."""
    try:
        yield
    except (OutputError, OutputExistsError):
        raise
    except OSError as exc:
        reason = _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
        raise OutputError(str(path), f"cannot be written: {reason}") from None


def _identity(path: Path) -> Path:
    """What a path points to: the same file under two names (a link, ../) is one file."""
    try:
        return path.resolve(strict=False)
    except OSError:
        return path.absolute()


def _remove_stale(target: Path) -> None:
    """Temporary files for ``target`` left by processes that no longer run (killed with -9): the
    folder's ``.<target name>.*.desistkit-tmp`` (as ``Path.glob`` would match them, without
    compiling a pattern for every target of a batch)."""
    head, tail = os.path.normcase(f".{target.name}."), os.path.normcase(TEMP_SUFFIX)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return  # as glob: an unreadable folder has nothing to clean (the write then says why)
    for entry in entries:
        name = os.path.normcase(entry.name)
        if len(name) < len(head) + len(tail) or not (name.startswith(head) and name.endswith(tail)):
            continue
        pid = entry.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            Path(entry.path).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True


def _link_without_replacing(tmp: Path, target: Path, shown: str) -> None:
    # A hard link fails if the target appeared meanwhile: no race between check and write.
    try:
        target.hardlink_to(tmp)
    except FileExistsError:
        raise OutputExistsError(shown) from None
    except OSError:
        # File systems without hard links (some network and FAT volumes): best effort.
        if target.exists():
            raise OutputExistsError(shown) from None
        tmp.replace(target)
