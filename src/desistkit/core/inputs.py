"""Reading a file from outside, bounded: the one reader every loader and the command line share.

A policy, a catalogue, a case file, a key or an Office document named by a caller can be anything:
a 2 GiB upload, ``/dev/zero``, a terminal, a named pipe nobody writes to, a folder. Each loader used
to read its file whole (``/dev/zero`` ran the process out of memory; a FIFO or ``/dev/tty`` hung
it) and the command line read every file twice, once to check its size. Here a file is opened
without blocking, refused unless it is a regular file or a pipe, and read at most ``limit`` bytes
(plus one, to know it was more), never by setting ``limit`` bytes aside first.

The reader does not know which error its caller raises: ``refuse`` turns a message such as "is
larger than 1024 KiB" into the caller's typed error (a loader's :class:`PolicyError` naming the
file, the command line's usage error naming the option). Messages never hold the file's content.

It lives in ``core`` although the core reads no files of its own accord: ``load_catalogue`` (here)
and every layer above need it, and no layer below core exists.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from os import PathLike
from typing import IO

__all__ = ["MAX_INPUT_BYTES", "Refuse", "decode_utf8", "read_bounded", "read_stream_bounded", "too_large"]

MAX_INPUT_BYTES = 1024 * 1024
"""Policies, catalogues, keys, the client's answers, legal text, retention policies: a few KiB each
(the built-in catalogue is 17 KiB)."""

Refuse = Callable[[str], Exception]
"""Makes the caller's error of a message that says what is wrong (the caller names the file)."""

_CHUNK = 1 << 16
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # not on Windows, which has no FIFOs to wait on either


def too_large(limit: int) -> str:
    """The message for a file over ``limit`` bytes: in KiB up to 1 MiB, in MiB above, else bytes."""
    if limit % (1024 * 1024) == 0 and limit > 1024 * 1024:
        amount = f"{limit // (1024 * 1024)} MiB"
    elif limit % 1024 == 0 and limit >= 1024:
        amount = f"{limit // 1024} KiB"
    else:
        amount = f"{limit} bytes"
    return f"is larger than {amount}; is it the right file?"


def read_bounded(path: str | PathLike[str], limit: int, refuse: Refuse) -> bytes:
    """The bytes of the file at ``path``, at most ``limit`` of them; ``refuse(message)`` is raised
    for a missing file, a folder, a device or socket, an unreadable file, or one over the limit."""
    try:
        # O_NONBLOCK: opening a FIFO that no one writes to (or a terminal) returns at once.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise refuse(_why(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise refuse("is a folder, not a file")
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise refuse("is not a regular file (a device or a socket)")
        if _NONBLOCK:
            os.set_blocking(fd, True)  # a pipe being written to is read to its end, bounded
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb", buffering=0) as stream:
        try:
            data = read_stream_bounded(stream, limit)
        except OSError as exc:
            raise refuse(_why(exc)) from None
    if data is None:
        raise refuse(too_large(limit))
    return data


def read_stream_bounded(stream: IO[bytes], limit: int) -> bytes | None:
    """The whole stream, or ``None`` when it holds more than ``limit`` bytes; without setting aside
    ``limit`` bytes of memory first as ``read(limit + 1)`` does: a file larger than the limit is
    refused by its size, the size it says it has is read at once, and what a pipe (or a file that
    grew, or ``/dev/zero``) holds beyond that in chunks."""
    try:
        size = os.fstat(stream.fileno()).st_size - stream.tell()
    except (AttributeError, OSError, ValueError):  # io.BytesIO, pipes, sockets, wrapped streams
        size = 0
    if size > limit:
        return None
    parts = [_read(stream, max(size, 0) + 1)]
    total = len(parts[0])
    while parts[-1] and total <= limit:
        parts.append(_read(stream, min(_CHUNK, limit + 1 - total)))
        total += len(parts[-1])
    if total > limit:
        return None
    return parts[0] if len(parts) <= 2 and not parts[-1] else b"".join(parts)


def _read(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    return data if data is not None else b""  # an unbuffered non-blocking stream with nothing yet


def decode_utf8(data: bytes, refuse: Refuse, *, what: str = "") -> str:
    """UTF-8 text (a byte order mark allowed), or ``refuse`` naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(f"is not UTF-8 text (byte {exc.start}){what}") from None


def _why(exc: OSError) -> str:
    """What an OSError means for an input, without the path (the caller names the file)."""
    if exc.errno == errno.ENOENT:
        return "does not exist"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    return f"cannot be read ({exc.strerror or type(exc).__name__})"
