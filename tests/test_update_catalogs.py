"""tools/update_catalogs.py: catalogs follow the template by msgctxt and keep their translations."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("update_catalogs", ROOT / "tools" / "update_catalogs.py")
assert _spec and _spec.loader
update_catalogs = importlib.util.module_from_spec(_spec)
sys.modules["update_catalogs"] = update_catalogs
_spec.loader.exec_module(update_catalogs)

TEMPLATE = """\
msgid ""
msgstr ""
"Project-Id-Version: desistkit 0.1.0\\n"
"POT-Creation-Date: 2026-12-02 10:00+0000\\n"
"Content-Type: text/plain; charset=utf-8\\n"

#. Printed on the card the client holds.
#. Threats against the client for leaving.
msgctxt "factor.retaliation.name"
msgid "Threats and retaliation"
msgstr ""

#. A tracker cell.
msgctxt "stance.known.name"
msgid "Known"
msgstr ""

#. Counts.
msgctxt "plural.cases"
msgid "{n} case"
msgid_plural "{n} cases"
msgstr[0] ""
msgstr[1] ""

#. New in this version.
msgctxt "document.new"
msgid "New text"
msgstr ""
"""

CATALOG = """\
# desistkit: German translation.
# Form of address: formal ("Sie").
# Glossary:
#   known = bekannt
# Needs review by a native practitioner:
#   factor.retaliation.name - check it.
msgid ""
msgstr ""
"Project-Id-Version: desistkit 0.1.0\\n"
"POT-Creation-Date: 2026-11-27 22:56+0000\\n"
"Language: de\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

#. Printed on the card the client holds.
msgctxt "factor.retaliation.name"
msgid "Retaliation"
msgstr "Bedrohung & Vergeltung"

#. A tracker cell.
msgctxt "stance.known.name"
msgid "Known"
msgstr   "Bekannt"

# translator: checked with the team in Graz
#. Counts.
msgctxt "plural.cases"
msgid "{n} case"
msgid_plural "{n} cases"
msgstr[0] "{n} Fall"
msgstr[1] "{n} Fälle"

#. Gone from the template.
msgctxt "document.gone"
msgid "Old text"
msgstr "Alter Text"
"""


def _template(text: str = TEMPLATE) -> Catalog:
    return read_po(io.StringIO(text))


def test_keeps_translations_and_header_takes_english_and_comments_from_the_template() -> None:
    result = update_catalogs.update_text(CATALOG, _template())
    new = {m.context: m for m in read_po(io.StringIO(result.text)) if m.id}
    assert result.changed == [("factor.retaliation.name", "Retaliation", "Threats and retaliation")]
    assert result.added == ["document.new"]
    assert result.dropped == ["document.gone"]
    assert new["factor.retaliation.name"].id == "Threats and retaliation"
    assert new["factor.retaliation.name"].string == "Bedrohung & Vergeltung"  # kept, to be checked
    assert not new["factor.retaliation.name"].fuzzy
    assert new["factor.retaliation.name"].auto_comments == [
        "Printed on the card the client holds.",
        "Threats against the client for leaving.",
    ]
    assert new["plural.cases"].string == ("{n} Fall", "{n} Fälle")
    assert new["document.new"].string == ""
    assert "document.gone" not in new
    head = result.text.split('msgid ""')[0]
    assert head == CATALOG.split('msgid ""')[0]  # the translator's header, byte for byte
    assert '"POT-Creation-Date: 2026-12-02 10:00+0000\\n"' in result.text
    # unchanged entries are copied as they were, odd spacing and translator comments included
    assert 'msgstr   "Bekannt"' in result.text
    assert "# translator: checked with the team in Graz\n#. Counts." in result.text
    # the template's order
    keys = [m.context for m in read_po(io.StringIO(result.text)) if m.id]
    assert keys == ["factor.retaliation.name", "stance.known.name", "plural.cases", "document.new"]


def test_a_current_catalog_is_not_rewritten() -> None:
    once = update_catalogs.update_text(CATALOG, _template()).text
    again = update_catalogs.update_text(once, _template())
    assert not again.modified
    assert again.text == once


def test_fuzzy_option_marks_changed_english() -> None:
    result = update_catalogs.update_text(CATALOG, _template(), fuzzy=True)
    new = {m.context: m for m in read_po(io.StringIO(result.text)) if m.id}
    assert new["factor.retaliation.name"].fuzzy
    assert not new["stance.known.name"].fuzzy


@pytest.mark.parametrize("lang", ["de", "pl"])
def test_the_shipped_catalogs_round_trip_against_their_own_messages(lang: str, tmp_path: Path) -> None:
    """A template made from a shipped catalog's own msgids and comments changes nothing."""
    path = ROOT / "locales" / lang / "LC_MESSAGES" / "desistkit.po"
    text = path.read_text(encoding="utf-8")
    template = read_po(io.StringIO(text))
    for message in template:
        message.string = ("", "") if isinstance(message.id, tuple) else ""
    result = update_catalogs.update_text(text, template)
    assert not result.modified
    assert result.text == text


def test_command_line_updates_only_the_files_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pot = tmp_path / "desistkit.pot"
    pot.write_text(TEMPLATE, encoding="utf-8")
    po = tmp_path / "de.po"
    po.write_text(CATALOG, encoding="utf-8")
    assert update_catalogs.main(["--check", "--template", str(pot), str(po)]) == 1
    assert po.read_text(encoding="utf-8") == CATALOG
    assert update_catalogs.main(["--template", str(pot), str(po)]) == 0
    out = capsys.readouterr().out
    assert "CHECK factor.retaliation.name: 'Retaliation' -> 'Threats and retaliation'" in out
    assert update_catalogs.main(["--check", "--template", str(pot), str(po)]) == 0
