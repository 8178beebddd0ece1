"""The quality gates, run from the test suite so that one command checks everything.

They read the source tree (static checks); the behaviour tests use the installed package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: pip install '.[test]'")
    return path


def test_ruff_lint() -> None:
    """ruff finds nothing in src, tests, benchmarks, examples and tools."""
    result = _run(_tool("ruff"), "check", "src", "tests", "benchmarks", "examples", "tools")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    """The code is formatted as ruff formats it."""
    result = _run(_tool("ruff"), "format", "--check", "src", "tests", "benchmarks", "examples", "tools")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    """mypy --strict passes on the package."""
    result = _run(sys.executable, "-m", "mypy", "--strict", "src/desistkit")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contract() -> None:
    """The pure domain imports no document library, CLI or file layer (import-linter)."""
    result = _run(_tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
