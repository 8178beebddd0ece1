"""An organisation's translation folder and the language option are untrusted input too."""

from __future__ import annotations

from pathlib import Path

import pytest

import desistkit as dk
from conftest import run_cli


def _org(tmp_path: Path, body: bytes, name: str = "desistkit.po") -> Path:
    folder = tmp_path / "org" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(body)
    return tmp_path / "org"


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b'msgctxt "document.goals"\nmsgid "Goals"\nmsgstr "Ziele\n', "line"),  # unterminated string
        (b'msgctxt "document.goals"\nmsgstr "Ziele"\n', "line"),  # msgstr without msgid
        (b'msgid "Goals"\nmsgstr "\xff\xfe"\n', ""),  # not UTF-8
    ],
)
def test_a_broken_po_file_is_a_located_catalogue_error(tmp_path: Path, body: bytes, where: str) -> None:
    """A .po file with a syntax error is refused, naming the file and the line, instead of being
    accepted silently with some of the organisation's wording missing."""
    dk.clear_caches()
    with pytest.raises(dk.CatalogueError, match=r"desistkit\.po") as caught:
        dk.get_localizer("de", catalog_dirs=[_org(tmp_path, body)]).text("document.goals")
    assert caught.value.problems[0].location.startswith(where)


def test_a_damaged_mo_file_is_a_catalogue_error(tmp_path: Path) -> None:
    """A compiled catalog that is not one says so."""
    dk.clear_caches()
    with pytest.raises(dk.CatalogueError, match="not a compiled gettext catalog"):
        dk.get_localizer("de", catalog_dirs=[_org(tmp_path, b"\x00" * 40, "desistkit.mo")])


@pytest.mark.parametrize("tag", ["EN ", " de", "d e", "fi\n", ""])
def test_a_language_with_spaces_is_refused_not_guessed(tag: str) -> None:
    """--lang "EN " is a slip to point out (the error lists the languages), not a tag to guess."""
    with pytest.raises(dk.UnknownLanguageError, match="available: bg, cs"):
        dk.get_localizer(tag)


def test_the_cli_refuses_a_broken_catalog_folder_without_a_traceback(tmp_path: Path) -> None:
    """The command line prints the file and line and exits non-zero."""
    org = _org(tmp_path, b'msgid "Goals"\nmsgstr "Ziele\n')
    result = run_cli("catalogue", "--lang", "de", "--catalog-dir", str(org))
    assert result.returncode != 0
    assert "desistkit.po" in result.stderr and "Traceback" not in result.stderr


def test_every_shipped_catalog_passes_the_strict_syntax_check(tmp_path: Path) -> None:
    """The catalogs organisations copy as a starting point load through the same strict check."""
    from conftest import ROOT

    for po in sorted((ROOT / "locales").glob("*/LC_MESSAGES/desistkit.po")):
        dk.clear_caches()
        org = tmp_path / po.parts[-3]
        (org / po.parts[-3] / "LC_MESSAGES").mkdir(parents=True)
        (org / po.parts[-3] / "LC_MESSAGES" / "desistkit.po").write_bytes(po.read_bytes())
        assert dk.get_localizer(po.parts[-3], catalog_dirs=[org]).text("document.goals")


def test_a_binary_policy_file_is_a_policy_error(tmp_path: Path) -> None:
    """A policy file that is not text (a key file given by mistake, a .docx) says so, located."""
    from desistkit.sharing import load_policy

    bad = tmp_path / "policy.toml"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(dk.PolicyError, match=r"policy\.toml: 1 problem\n  is not UTF-8 text"):
        load_policy(bad)
