"""The ``desistkit`` command line: thin commands over the library's registries."""

from __future__ import annotations

from desistkit.cli.main import main, run

__all__ = ["main", "run"]
