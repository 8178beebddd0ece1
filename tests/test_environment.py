"""The tools that check generated documents are there: LibreOffice and poppler.

Exporter tests rely on them; under CI (CI=true) their absence fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import convert_to_pdf


@pytest.mark.libreoffice
def test_libreoffice_converts_a_document_to_pdf(soffice: str, tmp_path: Path) -> None:
    """soffice turns a document into a one-page PDF whose text poppler reads back."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils (pdftotext) is required under CI")
        pytest.skip("poppler-utils is not installed: apt-get install poppler-utils")
    source = tmp_path / "check.txt"
    source.write_text("Distanzierungsfaktoren – Παράγοντες – Фактори\n", encoding="utf-8")
    convert_to_pdf(soffice, source, tmp_path)
    pdf = tmp_path / "check.pdf"
    text = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Distanzierungsfaktoren" in text
    assert "Παράγοντες" in text and "Фактори" in text
