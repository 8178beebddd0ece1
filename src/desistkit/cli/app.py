"""The ``desistkit`` command group, and :func:`run`: every error becomes a message and an exit code.

Exit codes: 0 success, 1 an error (message on stderr), 2 invalid input or usage (every problem
printed with its location), 70 an internal error, 130 interrupted. The commands live in one module
per family; the group imports a family's module only when one of its commands runs (or ``--help``
lists them all), so that ``desistkit reflector`` does not load the PDF, Excel and crypto libraries of
the other commands.
"""

from __future__ import annotations

import atexit
import importlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import NoReturn

import click

from desistkit import __version__
from desistkit.core.errors import DesistkitError, MissingKeyError, OutputExistsError, ValidationError

__all__ = [
    "COMMANDS",
    "EXIT_ERROR",
    "EXIT_INTERNAL",
    "EXIT_INVALID",
    "check_interrupted",
    "exists_message",
    "internal_error_message",
    "main",
    "program",
    "run",
]

EXIT_ERROR = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


# Every command: its name and the module of desistkit.cli and attribute that define it.
COMMANDS = {
    "setup": ("setup", "setup"),
    "keys": ("keys", "keys"),
    "demo": ("demo", "demo"),
    "validate": ("info", "validate"),
    "schema": ("info", "schema"),
    "catalogue": ("info", "catalogue"),
    "locales": ("info", "locales"),
    "redact": ("share", "redact"),
    "share": ("share", "share_command"),
    "cards": ("cards", "cards"),
    "summary": ("documents", "summary"),
    "reflector": ("documents", "reflector"),
    "tracker": ("documents", "tracker"),
    "import": ("imports", "import_"),
    "handover": ("handover", "handover"),  # continuity (#17)
    "retention": ("retention", "retention"),
    "conference": ("conference", "conference"),  # multi-agency case conferences (#16)
    "guide": ("guide", "guide"),  # the printed caseworker guide (#18)
    "consent-sheet": ("consent", "consent_sheet"),  # the client's consent (#18)
    "consent": ("consent", "consent"),
}


class _LazyGroup(click.Group):
    """A group that imports a command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(f"desistkit.cli.{module}"), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and args[0] not in COMMANDS:
            # A mistyped name: with every command loaded, click suggests the closest one.
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="desistkit", message="%(prog)s %(version)s")
def main() -> None:
    """desistkit: the DesistKit method for caseworkers in exit work.

    Reflect on 29 distancing factors per session, keep case files, and produce the documents
    for supervision and case conferences.
    """


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point: run the CLI and turn every error into a message and an exit code."""
    # SIGTERM (a service manager, a closed terminal, kill) stops us like Ctrl+C does, so that the
    # writers remove their temporary files on the way out.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        code = main.main(
            args=list(argv) if argv is not None else None,
            prog_name="desistkit",
            standalone_mode=False,
        )
    except click.exceptions.Abort:
        _fail("interrupted", EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INVALID if isinstance(exc, click.UsageError) else exc.exit_code)
    except ValidationError as exc:
        _fail(str(exc), EXIT_INVALID)
    except MissingKeyError:
        # The library's message names share()'s parameter; here the user needs the command's way.
        _fail("no pseudonym key: run `desistkit setup` or pass --key FILE", EXIT_ERROR)
    except OutputExistsError as exc:
        _fail(exists_message(exc), EXIT_ERROR)
    except DesistkitError as exc:
        _fail(str(exc), EXIT_ERROR)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        _fail(f"cannot access{where}: {exc.strerror or type(exc).__name__}", EXIT_ERROR)
    except KeyboardInterrupt:
        _fail("interrupted", EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("DESISTKIT_DEBUG"):
            raise
        _fail(internal_error_message(exc), EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


def program() -> NoReturn:
    """The ``desistkit`` program (the console script, ``python -m desistkit``): :func:`run`, then the
    process ends without tearing the interpreter down.

    Freeing every module and object one by one costs a document command 50-100 ms on top of its
    work (python-pptx, lxml, the caches) and changes nothing: every file was written, flushed to
    disk and renamed into place by then. What must still happen does: the exit handlers run
    (``atexit``: multiprocessing, logging, temporary folders) and stdout and stderr are flushed.
    Where that is not certain (another thread still runs, an exit code that is not a number, a
    stream that cannot be flushed, e.g. a closed pipe) Python ends the usual way.
    """
    try:
        run()
    except SystemExit as exc:
        code = exc.code
        if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise exc from None
        atexit._run_exitfuncs()
        os._exit(code or 0)


def exists_message(exc: OutputExistsError) -> str:
    """What the command line says when an output exists and --force was not given."""
    return f"{exc.path} exists; use --force to replace it"


def internal_error_message(exc: BaseException) -> str:
    """What the command line says of an unexpected error: its type only, as its message may
    quote case data (the batch workers say the same of one case)."""
    return (
        f"internal error ({type(exc).__name__}); rerun with DESISTKIT_DEBUG=1 to see the "
        "details, and report it without case data"
    )


_SIGNALLED: list[int] = []


def _interrupt(signum: int, frame: object) -> None:
    _SIGNALLED.append(signum)  # remembered: a KeyboardInterrupt raised inside a finaliser is lost
    raise KeyboardInterrupt


def check_interrupted() -> None:
    """Raise KeyboardInterrupt if SIGTERM came (for loops over many cases: the exception the
    signal raised may have been swallowed where Python ignores exceptions, e.g. in a ``__del__``)."""
    if _SIGNALLED:
        raise KeyboardInterrupt


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"desistkit: {message}", err=True)
    sys.exit(code)
