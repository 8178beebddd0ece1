"""One document per case for many cases (``--out-dir DIR``), rendered by ``--jobs N`` processes.

Cases are independent, so each one is loaded, shared and rendered on its own: by a pool of worker
processes, or in this process with ``--jobs 1``. A worker gets only the case file's *path* and
sends back the document's bytes (and its audit record), or a one-line message for a case that
failed; it never writes a file, logs nothing, and never sends an exception's text that was not
written to be shown (an unexpected error is named by its type only). This process writes every
document in the order the cases were given, each atomically with its audit record
(:func:`~desistkit.cli.options.write_outputs`), so Ctrl+C or ``kill`` leaves complete files and no
temporary ones, and the case given first wins a name clash, whatever the pool's timing.

File names come from the shared case's reference (the pseudonym for an audience that
pseudonymises), never from the input file's name, which may be a client's. The pattern is
spawn-safe: the worker function and the initialiser are at module level, the settings they need are
a small frozen value, and the initialiser loads the localizer, catalogue, policy and key once per
worker. On Linux the pool forks, after this process has loaded them and made the first document
(imports and caches filled), so a worker starts warm in milliseconds instead of doing it again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Collection, Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from desistkit.casefile.files import resolved_inputs
from desistkit.cli.app import check_interrupted, exists_message, internal_error_message
from desistkit.cli.options import catalogue_from, command_inputs, share_arguments, write_outputs
from desistkit.core.errors import (
    DesistkitError,
    OutputError,
    OutputExistsError,
    ValidationError,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["Job", "write_each"]

_IN_FLIGHT = 4  # cases queued per process: keeps every process busy, bounds the bytes held back
_YOUNG = 10_000  # a worker's collector runs after this many new objects (Python's default: 700)


@attrs.frozen
class Job:
    """What every case of a run is rendered with: plain values, so that a spawned worker gets them."""

    document: str  #: the exporter's name: "deck", "summary", "tracker"
    audience: str
    lang: str
    sharing: dict[str, Any]  #: the sharing options as given, --on resolved to one day for all
    catalogue_path: str | None
    translation_dirs: tuple[str, ...]
    options: dict[str, Any]  #: the document type's options (template path, layouts)
    audit: bool  #: also send back the audit record


@attrs.frozen
class _Ready:
    job: Job
    kind: Any
    localizer: Any
    catalogue: Any
    arguments: dict[str, Any]
    options: Any


@attrs.frozen
class _Done:
    reference: str
    data: bytes
    audit: bytes | None


@attrs.frozen
class _Failed:
    message: str
    invalid: bool  #: the case file itself is not valid (exit 2 when every failure is one)


_READY: _Ready | None = None


def _prepare(job: Job) -> _Ready:
    """Everything that is the same for every case, loaded once per process."""
    from desistkit.export import exporter
    from desistkit.i18n.localizer import get_localizer

    kind = exporter(job.document)
    localizer = get_localizer(job.lang, catalog_dirs=job.translation_dirs)
    catalogue = catalogue_from(job.catalogue_path)
    options = kind.make_options(catalogue=catalogue, **job.options)
    return _Ready(job, kind, localizer, catalogue, share_arguments(**job.sharing), options)


def _start_worker(job: Job) -> None:
    """A pool worker's initialiser: Ctrl+C is the main process's to handle (it stops the pool), and
    a worker whose main process is gone (``kill -9``) ends itself instead of waiting forever."""
    global _READY
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's: a worker has nothing to clean
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()
    # A deck makes thousands of short-lived objects, most freed by reference counting: collecting
    # after every 700 (the default) costs a worker about 5 % of its time; after 10,000, 2 %.
    gc.set_threshold(_YOUNG, *gc.get_threshold()[1:])
    if _READY is None or _READY.job != job:  # forked: already loaded by the main process
        _READY = _prepare(job)


def _end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _render(path: str) -> _Done | _Failed:
    """One case file to its document; every error becomes the message the command prints."""
    from desistkit.cli.cases import shared_case

    ready = _READY
    assert ready is not None, "_start_worker() was not called"
    job = ready.job
    try:
        shared = shared_case(
            path, job.audience, catalogue=ready.catalogue, lang=ready.localizer.language, **ready.arguments
        )
        data = ready.kind.render(shared, ready.localizer, ready.options)
        audit = shared.audit.to_json().encode("utf-8") if job.audit else None
        return _Done(shared.case.reference, data, audit)
    except ValidationError as exc:
        # The loader names the file by its base name; here several files may share one.
        return _Failed(str(type(exc)(path, exc.problems)), invalid=True)
    except DesistkitError as exc:  # messages never quote case content (core/errors.py)
        return _Failed(f"{path}: {exc}", invalid=False)
    except OSError as exc:
        return _Failed(f"{path}: cannot read it: {exc.strerror or type(exc).__name__}", invalid=False)
    except Exception as exc:  # noqa: BLE001 - one case's bug must not stop the others
        # The message may quote case data; name only the type (as the command line's run() does).
        if os.environ.get("DESISTKIT_DEBUG"):
            return _Failed(f"{path}: internal error\n{traceback.format_exc()}", invalid=False)
        return _Failed(f"{path}: {internal_error_message(exc)}", invalid=False)


def resolved_sharing(sharing: dict[str, Any]) -> dict[str, Any]:
    """The sharing options with --on fixed to today when not given: every worker shares on the same
    day, even across midnight."""
    return {**sharing, "on": sharing["on"] or dt.datetime.combine(dt.date.today(), dt.time())}


def _context() -> Any:
    """fork where the platform has it (a worker inherits what is loaded); else the default, spawn."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else None)


def _results(job: Job, paths: Sequence[str], processes: int) -> Generator[_Done | _Failed, None, None]:
    """Each case's result, in the order given."""
    global _READY
    _READY = _prepare(job)
    context = _context() if processes > 1 else None
    forked = context is not None and context.get_start_method() == "fork"
    done = 0
    if context is None or forked:
        # Alone: every case here. Before a fork: until the first document is made, so that every
        # worker inherits the caches that making it filled (fonts, templates, layouts) instead of
        # filling them again itself; its import is then a worker's too.
        for path in paths:
            result = _render(path)
            done += 1
            yield result
            if forked and isinstance(result, _Done):
                break
    rest = paths[done:]
    if not rest:
        return
    if len(rest) == 1 or context is None:
        yield from map(_render, rest)
        return
    if forked:
        gc.freeze()  # the workers' collector leaves the inherited objects (and their pages) alone
    yield from _pooled(job, rest, min(processes, len(rest)), context)


def _pooled(job: Job, paths: Sequence[str], processes: int, context: Any) -> Iterator[_Done | _Failed]:
    """The results of a pool of ``processes`` workers, in order; at most a few cases queued ahead."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(processes, context, initializer=_start_worker, initargs=(job,))
    pending: deque[Future[_Done | _Failed]] = deque()
    queued = iter(paths)
    try:
        for path in queued:
            pending.append(pool.submit(_render, path))
            if len(pending) >= processes * _IN_FLIGHT:
                break
        while pending:
            result = pending.popleft().result()
            for path in queued:
                pending.append(pool.submit(_render, path))
                break
            yield result
    except BrokenProcessPool:
        raise DesistkitError(
            "a worker process ended unexpectedly (out of memory, or killed); the documents listed "
            "were written, run again with --jobs 1 for the rest"
        ) from None
    finally:
        _stop(pool, pending)


def _stop(pool: ProcessPoolExecutor, pending: deque[Future[Any]]) -> None:
    """Stop the workers now (on an error or Ctrl+C too): they hold nothing that must be saved."""
    if pending:  # stopped early: the cases still queued or running are not wanted any more
        for future in pending:
            future.cancel()
        workers: dict[int, Any] = getattr(pool, "_processes", None) or {}  # no public API before 3.14
        try:
            for worker in list(workers.values()):
                worker.terminate()
            for worker in list(workers.values()):
                worker.join(5)
                if worker.is_alive():  # not yet past its start, or stuck in C: SIGTERM is not enough
                    worker.kill()
                    worker.join()
        finally:  # also after a second Ctrl+C
            # A worker stopped while it was sending a document leaves the pool's reader waiting for
            # the rest of the message, and shutdown() (or the exit) waiting for the reader: the
            # command hung on Ctrl+C about once in fifteen. Closing this process's copy of the
            # writing end lets the reader see the end of the pipe once the workers are gone: the
            # pool counts as broken and shuts down.
            writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
            if writer is not None:
                writer.close()
    pool.shutdown(wait=True, cancel_futures=True)


def _write(items: Sequence[tuple[str | Path, bytes]], force: bool, inputs: Collection[Path]) -> str | None:
    """A case's files, together or not at all; what stopped them, else None."""
    try:
        write_outputs(items, force=force, echo=False, inputs=inputs)
    except OutputExistsError as exc:
        return exists_message(exc)
    except DesistkitError as exc:
        return str(exc)
    return None


def write_each(
    job: Job,
    paths: Sequence[str],
    *,
    out_dir: str,
    suffix: str,
    audit_dir: str | None,
    jobs: int,
    force: bool,
) -> None:
    """Render every case and write its document (and audit record) into ``out_dir``.

    A case that fails is reported with its path (and for an invalid file every problem with its
    JSON path); the others are still written; the command then exits 1 (2 when every failure was an
    invalid case file). Names that differ only in case count as a clash (one file on Windows and
    macOS).
    """
    folders = [Path(out_dir)] + ([Path(audit_dir)] if audit_dir else [])
    for folder, option in zip(folders, ("--out-dir", "--audit-dir"), strict=False):
        if folder.exists() and not folder.is_dir():
            raise click.BadParameter(f"{folder} is a file; give a folder", param_hint=f"'{option}'")
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new folder: the owner's only
        except OSError as exc:
            raise OutputError(str(folder), f"cannot be made: {exc.strerror}") from None
    written: list[str] = []
    failures: list[_Failed] = []
    taken: dict[str, str] = {}  # file name, case-folded -> the case file that took it
    # Every output is checked against every input; resolved once, not once per case (n x n look-ups).
    inputs = resolved_inputs(command_inputs())
    bar = click.progressbar(length=len(paths), label="cases", file=sys.stderr, show_pos=True)
    # closing(): on Ctrl+C the pool stops at once, not when the traceback is let go.
    results = contextlib.closing(_results(job, paths, min(jobs, len(paths))))
    try:
        with bar, results as each:
            for path, result in zip(paths, each, strict=True):
                check_interrupted()
                bar.update(1)
                if isinstance(result, _Failed):
                    failures.append(result)
                    continue
                name = f"{result.reference}{suffix}"
                first = taken.setdefault(name.casefold(), path)
                if first != path:
                    message = f"not written: its reference gives the file name {name}, as {first} does"
                    failures.append(_Failed(f"{path}: {message} (the same case twice?)", invalid=False))
                    continue
                items: list[tuple[str | Path, bytes]] = [(Path(out_dir) / name, result.data)]
                if audit_dir and result.audit is not None:
                    items.append((Path(audit_dir) / f"{name}.audit.json", result.audit))
                problem = _write(items, force, inputs)
                if problem:
                    failures.append(_Failed(f"{path}: {problem}", invalid=False))
                else:
                    written += [str(item) for item, _ in items]
    finally:
        for item in written:
            click.echo(item)
        for failure in failures:
            click.echo(f"desistkit: {failure.message}", err=True)
    if failures:
        click.echo(
            f"desistkit: {len(paths) - len(failures)} of {len(paths)} cases written, "
            f"{len(failures)} not (listed above)",
            err=True,
        )
        raise click.exceptions.Exit(2 if all(f.invalid for f in failures) else 1)
