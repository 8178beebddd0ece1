"""The ``desistkit`` command line: thin commands over the library's registries.

:mod:`.app` holds the group and :func:`run` (errors to exit codes), :mod:`.options` the options
several commands share; each other module is one family of commands, imported by the group when one
of its commands runs (``app.COMMANDS`` names them all).
"""

from __future__ import annotations

from desistkit.cli.app import main, program, run

__all__ = ["main", "program", "run"]
