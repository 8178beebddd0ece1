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


CHECKED = ("src", "tests", "benchmarks", "examples", "tools", "hatch_build.py")


def test_ruff_lint() -> None:
    """ruff finds nothing in src, tests, benchmarks, examples, tools and the build hook."""
    result = _run(_tool("ruff"), "check", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    """The code is formatted as ruff formats it."""
    result = _run(_tool("ruff"), "format", "--check", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    """mypy --strict passes on the package."""
    result = _run(sys.executable, "-m", "mypy", "--strict", "src/desistkit")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contract() -> None:
    """The pure domain imports no document library, CLI or file layer (import-linter)."""
    result = _run(_tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_uses_only_public_modules_of_other_layers() -> None:
    """The command line imports other layers through their public modules, never a `_private` one."""
    import ast

    private = []
    for path in sorted((ROOT / "src" / "desistkit" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("desistkit."):
                parts = node.module.split(".")
                if parts[1] != "cli" and any(p.startswith("_") for p in parts[2:]):
                    private.append(f"{path.name}: {node.module}")
    assert private == []


def test_no_module_is_over_600_lines() -> None:
    """Every module of the package stays readable in one sitting: the CLI and the registries too."""
    cli = sorted((ROOT / "src" / "desistkit" / "cli").glob("*.py"))
    registries = [ROOT / "src" / "desistkit" / m for m in ("export/registry.py", "importing/registry.py")]
    long = [p.name for p in [*cli, *registries] if len(p.read_text("utf-8").splitlines()) > 600]
    assert long == []
