"""Shared fixtures. The tests import the installed desistkit, never the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import desistkit as dk

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
BAD = ROOT / "tests" / "data" / "bad"


@pytest.fixture(scope="session")
def catalogue() -> dk.Catalogue:
    return dk.default_catalogue()


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice's soffice; skips where missing, but fails under CI."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) is required under CI; .ci/run installs it")
    pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-impress")


def run_cli(
    *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed command line as a user would, capturing both streams."""
    return subprocess.run(
        [sys.executable, "-m", "desistkit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
        timeout=120,
    )


def convert_to_pdf(soffice: str, source: Path, workdir: Path) -> Path:
    """Open a document in LibreOffice (headless) and convert it to PDF, as a user's office would."""
    profile = f"-env:UserInstallation=file://{workdir / 'lo-profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(workdir), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return workdir / f"{source.stem}.pdf"
