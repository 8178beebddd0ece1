"""Shared fixtures. The tests import the installed desistkit, never the source tree."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import desistkit as dk

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
BAD = ROOT / "tests" / "data" / "bad"


@pytest.fixture(scope="session", autouse=True)
def _no_user_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the developer's own `desistkit setup` settings or key (an empty settings
    folder; tests of the settings point DESISTKIT_CONFIG_DIR at their own)."""
    os.environ["DESISTKIT_CONFIG_DIR"] = str(tmp_path_factory.mktemp("no-settings"))
    os.environ.pop("DESISTKIT_PSEUDONYM_KEY", None)


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


def convert_all_to_pdf(soffice: str, sources: list[Path], workdir: Path) -> list[Path]:
    """Open several documents in one LibreOffice run and convert each to PDF: one start of soffice
    (seconds on a small machine) instead of one per document. Returns the PDFs in order."""
    profile = f"-env:UserInstallation=file://{workdir / 'lo-profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(workdir)]
    subprocess.run([*command, *map(str, sources)], check=True, capture_output=True, timeout=300)
    return [workdir / f"{source.stem}.pdf" for source in sources]


def copied_examples(folder: Path, count: int, prefix: str = "case") -> list[Path]:
    """``count`` case files in ``folder``, copies of the examples in turn (inputs a test may watch)."""
    paths = []
    for i in range(count):
        path = folder / f"{prefix}{i}.json"
        path.write_bytes(EXAMPLES[i % len(EXAMPLES)].read_bytes())
        paths.append(path)
    return paths


def temporaries(folder: Path) -> list[str]:
    """desistkit's temporary files left in ``folder`` (casefile.files.TEMP_SUFFIX)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".desistkit-tmp"))


def zip_with(
    data: bytes, extra: list[tuple[str, bytes]], *, replace: dict[str, bytes] | None = None
) -> bytes:
    """The zip package ``data`` with parts replaced (``replace``: name -> bytes) and ``extra`` added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, body in extra:
            dst.writestr(name, body)
    return out.getvalue()
