"""Writing files so that an existing file is never half-overwritten.

Every file desistkit writes goes through :func:`atomic_write`: the bytes go to a temporary file in
the same directory, are flushed to disk, and only then take the target's place, so a crash or a full
disk leaves either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import IO

from desistkit.core.errors import OutputExistsError

__all__ = ["atomic_output", "atomic_write"]


def atomic_write(path: str | PathLike[str], data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; refuse to replace an existing file unless ``force``."""
    with atomic_output(path, force=force) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_output(path: str | PathLike[str], *, force: bool = False) -> Iterator[IO[bytes]]:
    """:func:`atomic_write` for output too large to hold in memory: write into the stream given.

    The file takes the target's place only when the block ends without an error.
    """
    target = Path(path)
    if not force and target.exists():
        raise OutputExistsError(str(path))
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w+b") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        tmp.chmod(0o600)
        if force:
            tmp.replace(target)
        else:
            _link_without_replacing(tmp, target, str(path))
    finally:
        tmp.unlink(missing_ok=True)


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
