"""The documentation site builds strictly, lists every page, shows generated previews and runnable code."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import os
import re
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import docx
import pytest
import yaml

import desistkit as dk
from conftest import ROOT
from desistkit.export.summary import summary_docx

DOCS = ROOT / "docs"
PREVIEWS = DOCS / "previews"


def _previews_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("desistkit_tools_previews", ROOT / "tools" / "previews.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _nav_pages(items: object) -> list[str]:
    if isinstance(items, str):
        return [items]
    if isinstance(items, list):
        return [page for item in items for page in _nav_pages(item)]
    if isinstance(items, dict):
        return [page for value in items.values() for page in _nav_pages(value)]
    return []


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    """`mkdocs build --strict` succeeds: no broken link or picture, every API cross-reference resolves."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    schema_page = (tmp_path / "site" / "schema" / "index.html").read_text("utf-8")
    assert "desistkit:case-schema" not in schema_page
    assert "format_version" in schema_page and "$schema" in schema_page
    reference = (tmp_path / "site" / "api" / "desistkit" / "index.html").read_text("utf-8")
    assert "desistkit.share" in reference and "What <code>audience</code> may see" in reference
    assert "0 no working relationship, 4 strong and trusting." in reference  # tools/griffe_field_docs.py
    assert "_bounded(" not in reference


def test_every_page_is_in_the_nav() -> None:
    """A page left out of mkdocs.yml's nav is unreachable from the site's menu."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    in_nav = set(_nav_pages(config["nav"]))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert pages - in_nav == set()
    assert in_nav - pages == set()


def test_preview_files_are_exactly_the_scripts_outputs() -> None:
    """docs/previews holds the PNGs tools/previews.py lists, no more, no fewer; each preview points
    at an existing docs page."""
    script = _previews_script()
    assert sorted(p.name for p in PREVIEWS.iterdir()) == sorted(script.expected_files())
    for name in script.expected_files():
        width, height = _png_size(PREVIEWS / name)
        assert width > 100 and height > 100, name
    assert [p.doc for p in script.PREVIEWS if not (DOCS / p.doc).is_file()] == []


@pytest.mark.libreoffice
def test_previews_script_renders_the_committed_pictures(soffice: str, tmp_path: Path) -> None:
    """Running the script renders every listed file at the size of the committed one (a stale or
    hand-made picture would differ)."""
    env = {**os.environ, "PATH": f"{Path(soffice).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "previews.py"), "--out", str(tmp_path)],
                            capture_output=True, text=True, env=env, check=False, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr
    fresh = sorted(p.name for p in tmp_path.glob("*.png"))
    assert fresh == sorted(p.name for p in PREVIEWS.glob("*.png"))
    assert {n: _png_size(tmp_path / n) for n in fresh} == {n: _png_size(PREVIEWS / n) for n in fresh}


def _run_python_blocks(page: Path, tmp_path: Path, check: str = "") -> None:
    """Run the Python blocks of a page as one script, in an empty folder, with a key set."""
    text = page.read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    script = tmp_path / "page.py"
    script.write_text("\n".join(blocks) + check)
    env = {**os.environ, "DESISTKIT_PSEUDONYM_KEY": dk.PseudonymKey.generate().hex()}
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples")
    result = subprocess.run([sys.executable, str(script)], cwd=work, capture_output=True, text=True, env=env,
                            check=False, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_quickstart_python_runs(tmp_path: Path) -> None:
    """The Python in docs/quickstart.md runs as written, with a key set: load, share, render, import."""
    check = "\nassert docx_bytes[:2] == b'PK' and pdf_bytes[:4] == b'%PDF' and next_case.sessions\n"
    _run_python_blocks(DOCS / "quickstart.md", tmp_path, check)


def test_readme_python_runs(tmp_path: Path) -> None:
    """The README's Python section runs as written (load, share, render a deck, summary, tracker)."""
    _run_python_blocks(
        ROOT / "README.md", tmp_path, "\nassert deck[:2] == summary[:2] == tracker[:2] == b'PK'\n"
    )


@pytest.mark.parametrize("page", ["README.md", "docs/quickstart.md"])
def test_code_fits_an_88_column_page(page: str) -> None:
    """Code in the README and the quick start can be printed and read without wrapped lines."""
    text = (ROOT / page).read_text("utf-8")
    blocks = re.findall(r"```\w*\n(.*?)```", text, flags=re.S)
    assert [line for block in blocks for line in block.splitlines() if len(line) > 88] == []


def test_template_recipe_in_the_docs_works(tmp_path: Path) -> None:
    """docs/templates.md: a template started from python-docx's default, with a letterhead and a
    restyled heading, gives a summary that keeps both."""
    template = docx.Document()  # the recipe's `python -c 'import docx; docx.Document().save(...)'`
    template.sections[0].header.paragraphs[0].text = "Example NGO · Exit counselling"
    template.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0x8B, 0x00, 0x00)
    path = tmp_path / "org-letterhead.docx"
    template.save(str(path))
    shared = dk.share(
        dk.demo_case(), "case-conference", key=dk.PseudonymKey.generate(), on=dt.date(2025, 7, 1)
    )
    summary = docx.Document(io.BytesIO(summary_docx(shared, dk.get_localizer("de"), template=path)))
    assert summary.sections[0].header.paragraphs[0].text == "Example NGO · Exit counselling"
    assert summary.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0x8B, 0x00, 0x00)
    assert any(p.style.name == "Heading 1" for p in summary.paragraphs)


def test_errors_page_is_generated_from_the_error_module() -> None:
    """docs/errors.md is what tools/errors_doc.py writes from desistkit.core.errors: every class,
    its text and a real example message; the page cannot drift from the code."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "errors_doc.py"), "--check"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
