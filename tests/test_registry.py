"""The exporter and importer registries: every document type by name, typed options, entry points."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs
import pytest

import desistkit as dk
from conftest import EXAMPLES, run_cli
from desistkit.export import CardsOptions, DeckOptions, Exporter, Takes, exporters, register_exporter
from desistkit.export.registry import unregister_exporter
from desistkit.export.summary import summary_docx
from desistkit.export.tracker import tracker_xlsx
from desistkit.importing import DeckImportOptions, Importer, importers, read_document

ON = dt.date(2025, 11, 30)
KEY = dk.PseudonymKey(bytes(range(32)))


@pytest.fixture(scope="module")
def shared() -> dk.SharedCase:
    return dk.share(dk.load_case(EXAMPLES[0]), "case-conference", key=KEY, on=ON, lang="de")


@attrs.frozen(kw_only=True)
class LetterOptions:
    """An organisation's own document type's options."""

    greeting: str = "Dear colleagues"


def _letter(shared: dk.SharedCase, loc: dk.Localizer, o: LetterOptions, out: IO[bytes]) -> None:
    out.write(f"{o.greeting}, {shared.case.reference} ({loc.language})".encode())


LETTER = Exporter("letter", "A letter", (".txt",), "text/plain", Takes.CASE, LetterOptions, _letter)


def test_every_built_in_document_type_is_registered() -> None:
    """The built-in document types, each with its file name ending and media type."""
    found = {name: (e.suffix, e.takes) for name, e in exporters().items()}
    assert found == {
        "deck": (".pptx", Takes.CASE),
        "blank-deck": (".pptx", Takes.NOTHING),
        "summary": (".docx", Takes.CASE),
        "conference-minutes": (".docx", Takes.CASE),
        "tracker": (".xlsx", Takes.CASE),
        "programme": (".xlsx", Takes.CASES),
        "cards-pdf": (".pdf", Takes.NOTHING),
        "cards-pptx": (".pptx", Takes.NOTHING),
        "text": (".txt", Takes.CASE),
        "conference-deck": (".pptx", Takes.CASE),
        "guide-pdf": (".pdf", Takes.NOTHING),
        "guide-docx": (".docx", Takes.NOTHING),
        "consent-sheet-pdf": (".pdf", Takes.CASE),
        "consent-sheet-docx": (".docx", Takes.CASE),
    }
    assert exporters()["summary"].media_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert exporters()["deck"].options is DeckOptions


def test_render_is_the_exporter_function(shared: dk.SharedCase) -> None:
    """dk.render gives the same bytes as the document type's own function."""
    loc = dk.get_localizer("de")
    assert dk.render(shared, "summary", lang="de") == summary_docx(shared, loc)
    assert dk.render(shared, "tracker", lang=loc) == tracker_xlsx(shared, loc)


def test_options_as_a_class_or_as_keywords(shared: dk.SharedCase) -> None:
    """options=CardsOptions(...) and the same options as keyword arguments give the same document."""
    typed = dk.render(
        None, "cards-pdf", lang="fi", options=CardsOptions(category="practical_life", size="poker")
    )
    assert typed == dk.render(None, "cards-pdf", lang="fi", category="practical_life", size="poker")
    with pytest.raises(TypeError, match="not both"):
        dk.render(None, "cards-pdf", options=CardsOptions(), size="poker")


@pytest.mark.parametrize(
    ("document", "options", "message"),
    [
        ("cards-pdf", {"layout": "a3"}, "option 'layout': expected 'single' or 'a4-duplex', got 'a3'"),
        ("cards-pdf", {"colour": "red"}, "option 'colour': expected one of second_lang, layout, size"),
        ("cards-pdf", {"second_lang": "xx"}, "option 'second_lang': expected one of bg, cs, da"),
        ("deck", {"layouts": {"cover": "Title"}}, "option 'layouts': expected a mapping of 'title' or"),
        ("programme", {"threshold": 1}, "option 'threshold': expected a whole number of at least 2, got 1"),
        (
            "summary",
            {"options": DeckOptions()},
            "option 'options': expected a SummaryOptions, got DeckOptions",
        ),
    ],
)
def test_a_wrong_option_is_named_with_what_was_expected(
    shared: dk.SharedCase, document: str, options: dict[str, Any], message: str
) -> None:
    """An unknown option, or a value an option cannot take: OptionError naming both."""
    with pytest.raises(dk.OptionError) as caught:
        dk.render(shared if document != "cards-pdf" else None, document, **options)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_an_unknown_document_type_lists_the_available_ones(shared: dk.SharedCase) -> None:
    """UnknownDocumentTypeError is a DesistkitError and a LookupError naming every document type."""
    with pytest.raises(dk.UnknownDocumentTypeError) as caught:
        dk.render(shared, "brochure")
    assert isinstance(caught.value, LookupError) and isinstance(caught.value, dk.DesistkitError)
    assert str(caught.value) == (
        "unknown document type 'brochure'; available: blank-deck, cards-pdf, cards-pptx, conference-deck, "
        "conference-minutes, consent-sheet-docx, consent-sheet-pdf, deck, guide-docx, guide-pdf, programme, "
        "summary, text, tracker"
    )


def test_each_document_type_takes_what_it_is_made_from(shared: dk.SharedCase) -> None:
    """A raw Case is refused, a case for a document made from none too; the caseworker's own text
    overview refuses a case shared for anyone but the team."""
    with pytest.raises(TypeError, match="SharedCase"):
        dk.render(dk.load_case(EXAMPLES[0]), "summary")
    with pytest.raises(TypeError, match="made from no case"):
        dk.render(shared, "blank-deck")
    with pytest.raises(TypeError, match="many shared cases"):
        dk.render(shared, "programme")
    with pytest.raises(dk.SharingError, match="internal"):
        dk.render(shared, "text")
    internal = dk.share(dk.load_case(EXAMPLES[0]), "internal", on=ON)
    assert b"Blind spots" in dk.render(internal, "text")


def test_register_an_exporter_in_process(shared: dk.SharedCase) -> None:
    """register_exporter adds a document type for this process; a taken name needs replace=True."""
    register_exporter(LETTER)
    try:
        assert dk.render(shared, "letter", lang="fr", greeting="Bonjour") == (
            f"Bonjour, {shared.case.reference} (fr)".encode()
        )
        with pytest.raises(ValueError, match="exists already"):
            register_exporter(LETTER)
        with pytest.raises(dk.OptionError, match="expected one of greeting"):
            dk.render(shared, "letter", template="x.docx")
    finally:
        unregister_exporter("letter")
    assert "letter" not in exporters()


def _installed(monkeypatch: pytest.MonkeyPatch, where: Path, group: str, line: str) -> None:
    """A distribution installed in ``where`` (put first on sys.path) that declares the entry point
    ``line`` in ``group``, as pip leaves one in site-packages."""
    info = where / "orgplugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: orgplugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{group}]\n{line}\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(where), *[p for p in sys.path if "orgplugin" not in p]])
    importlib.invalidate_caches()


@pytest.fixture
def fresh_registries() -> Iterator[None]:
    dk.clear_caches()
    yield
    dk.clear_caches()


@pytest.mark.usefixtures("fresh_registries")
def test_an_installed_package_adds_a_document_type_by_entry_point(
    monkeypatch: pytest.MonkeyPatch, shared: dk.SharedCase, tmp_path: Path
) -> None:
    """An entry point in the group desistkit.exporters adds its document type to exporters() and
    render(); a broken entry point is named."""
    _installed(
        monkeypatch, tmp_path / "orgplugin-letter", "desistkit.exporters", "letter = test_registry:LETTER"
    )
    dk.clear_caches()
    assert list(exporters())[-1] == "letter"
    assert dk.render(shared, "letter").startswith(b"Dear colleagues, ")
    _installed(monkeypatch, tmp_path / "orgplugin-memo", "desistkit.exporters", "memo = test_registry:LETTER")
    dk.clear_caches()
    with pytest.raises(ValueError, match=r"entry point 'memo' .* called 'letter'"):
        exporters()
    _installed(
        monkeypatch, tmp_path / "orgplugin-deck", "desistkit.exporters", "deck = test_registry:deck_again"
    )
    dk.clear_caches()
    with pytest.raises(ValueError, match="document type 'deck' exists already"):
        exporters()


@pytest.mark.usefixtures("fresh_registries")
def test_entry_points_are_read_only_when_a_distribution_may_declare_the_group(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without a distribution naming the group, the registries do not read every distribution's
    entry points (nor load importlib.metadata for it); a zip on sys.path, whose contents are not
    looked into, counts as one that may."""
    from desistkit.core.plugins import _may_declare

    assert not _may_declare("desistkit.exporters")
    read: list[str] = []
    real = importlib.metadata.entry_points
    monkeypatch.setattr(
        importlib.metadata, "entry_points", lambda **kw: read.append(kw["group"]) or real(**kw)
    )
    assert "deck" in exporters() and read == []
    _installed(monkeypatch, tmp_path / "site", "desistkit.exporters", "letter = test_registry:LETTER")
    assert _may_declare("desistkit.exporters") and not _may_declare("desistkit.importers")
    dk.clear_caches()
    assert "letter" in exporters() and read == ["desistkit.exporters"]
    (tmp_path / "plugins.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    monkeypatch.setattr(sys, "path", [str(tmp_path / "plugins.zip"), *sys.path])
    assert _may_declare("desistkit.importers")


def deck_again() -> Exporter[Any]:
    """An entry point may name a function that returns the exporter."""
    return attrs.evolve(LETTER, name="deck")


def test_importers_by_name_with_typed_options() -> None:
    """The deck and tracker importers; read_document checks options against the importer's class."""
    assert {name: i.extensions for name, i in importers().items()} == {
        "deck": (".pptx",),
        "tracker": (".xlsx",),
    }
    assert importers()["deck"].options is DeckImportOptions
    case = dk.load_case(EXAMPLES[0])
    workbook = tracker_xlsx(dk.share(case, "internal", on=ON), dk.get_localizer("en"))
    assert read_document(workbook, base=case).reference == case.reference
    with pytest.raises(dk.OptionError, match="option 'setting': expected no options"):
        read_document(workbook, setting=dk.Setting.PRISON)
    with pytest.raises(dk.OptionError, match="option 'kind': expected a SessionKind, got str"):
        DeckImportOptions(kind="supervision")  # type: ignore[arg-type]


@pytest.mark.usefixtures("fresh_registries")
def test_an_installed_package_adds_an_importer_by_entry_point(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An entry point in desistkit.importers is asked first for the content types it names."""
    _installed(monkeypatch, tmp_path, "desistkit.importers", "csv-tracker = test_registry:CSV")
    dk.clear_caches()
    assert list(importers()) == ["deck", "tracker", "csv-tracker"]
    assert importers()["csv-tracker"].description == "an organisation's trackers"


CSV = Importer(
    "csv-tracker",
    "an organisation's trackers",
    ("application/x-org-tracker",),
    (".xlsx",),
    LetterOptions,
    lambda package, options, catalogue, base: dk.demo_case(),
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["reflector", "--blank", "-o", "x.ppt"], "expected a .pptx file name, got 'x.ppt'"),
        (
            ["summary", str(EXAMPLES[0]), "--audience", "internal", "-o", "x.doc"],
            "expected a .docx file name",
        ),
        (["tracker", str(EXAMPLES[0]), "-o", "tracker"], "expected a .xlsx file name, got 'tracker'"),
        (["tracker", *map(str, EXAMPLES), "-o", "p.csv"], "expected a .xlsx file name, got 'p.csv'"),
        (["cards", "--format", "pptx", "-o", "cards.pdf"], "expected a .pptx file name, got 'cards.pdf'"),
        (["cards", "-o", "cards.PPTX"], "expected a .pdf file name, got 'cards.PPTX'"),
    ],
)
def test_cli_refuses_an_output_name_of_another_document_type(
    tmp_path: Any, args: list[str], expected: str
) -> None:
    """-o must end as the document type's files do; a usage error (exit 2) names the right ending,
    and nothing is written."""
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_accepts_the_ending_in_capitals(tmp_path: Any) -> None:
    """A file name in capitals (DECK.PPTX) is the same document type."""
    result = run_cli("reflector", "--blank", "-o", "DECK.PPTX", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["DECK.PPTX"]
    assert io.BytesIO((tmp_path / "DECK.PPTX").read_bytes()).read(2) == b"PK"
