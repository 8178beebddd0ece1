"""Where lines break in the deck and the cards: never inside a pseudonym; long words of the PDF cards
at their syllables with a visible hyphen; and what a reader extracts is still the words."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

import desistkit as dk
from conftest import convert_all_to_pdf
from desistkit.export.reflector import blank_reflector_pptx, reflector_pptx
from desistkit.importing import read_deck

KEY = dk.PseudonymKey.from_text(bytes(range(32)).hex())
ON = dt.date(2026, 3, 1)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)
DOMAINS = ("cc-2026-q1", "cc-2026-q2", "cc-2026-q3", "cc-2026-q4")


def _shared(domain: str, lang: str, audience: str = "case-conference") -> dk.SharedCase:
    return dk.share(dk.demo_case(), audience, key=KEY, on=ON, now=NOW, domain=domain, lang="en")


def _title_lines(pdf: Path) -> list[str]:
    """The lines of the first page's first block (the slide title), as pdftotext lays them out."""
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(pdf), "-"],
        check=True, capture_output=True, timeout=60,
    ).stdout  # fmt: skip
    root = etree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))
    block = next(root.iter("{*}block"))
    return [" ".join(w.text or "" for w in line.iter("{*}word")) for line in block.iter("{*}line")]


@pytest.mark.libreoffice
def test_the_deck_title_never_splits_a_pseudonym(soffice: str, tmp_path: Path) -> None:
    """German and Greek title slides for several pseudonyms, rendered by LibreOffice: every
    pseudonym is on one line, also where the title takes two lines (it would split one there)."""
    if not __import__("shutil").which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    decks = {}
    for lang in ("de", "el"):
        for domain in DOMAINS:
            shared = _shared(domain, lang)
            path = tmp_path / f"deck-{lang}-{domain}.pptx"
            path.write_bytes(reflector_pptx(shared, dk.get_localizer(lang)))
            decks[path] = shared.case.reference
    pdfs = convert_all_to_pdf(soffice, list(decks), tmp_path)
    wrapped = 0
    for pdf, reference in zip(pdfs, decks.values(), strict=True):
        lines = [line.replace("\u2011", "-") for line in _title_lines(pdf)]
        assert any(reference in line for line in lines), (pdf.name, reference, lines)
        wrapped += len(lines) > 1
    assert wrapped  # some titles wrap: the pseudonym was at risk there


def test_the_deck_writes_pseudonyms_with_non_breaking_hyphens() -> None:
    """In the pptx itself: the title's pseudonym has U+2011, the shape name the importer reads keeps
    the plain reference."""
    shared = _shared(DOMAINS[0], "de")
    data = reflector_pptx(shared, dk.get_localizer("de"))
    title = Presentation(io.BytesIO(data)).slides[0].shapes.title.text_frame.text
    assert shared.case.reference.replace("-", "\u2011") in title
    assert shared.case.reference not in title


@pytest.mark.parametrize("lang", ["de", "el", "fi"])
def test_a_pseudonymised_deck_reads_back_its_pseudonym(lang: str) -> None:
    """A handover deck (pseudonym, full dates) reads back as its pseudonym, not a look-alike."""
    shared = _shared(DOMAINS[1], lang, "handover")
    data = reflector_pptx(shared, dk.get_localizer(lang))
    read = read_deck(data, setting=dk.Setting.PRISON)
    assert read.reference == shared.case.reference


def test_a_pseudonym_copied_from_a_deck_into_a_blank_deck_reads_as_typed() -> None:
    """Copying the pseudonym from a deck's title copies its non-breaking hyphens (and a soft hyphen
    may come along from elsewhere): the importer reads plain hyphens."""
    shared = _shared(DOMAINS[2], "de")
    copied = shared.case.reference.replace("-", "\u2011")
    prs = Presentation(io.BytesIO(blank_reflector_pptx(dk.get_localizer("de"))))
    boxes = {"case:reference": copied, "session:date": "2026-02-12"}
    boxes["family_of_origin:known"] = "Besucht die Schwes\u00adter"
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.name in boxes:
                shape.text_frame.text = boxes[shape.name]
    out = io.BytesIO()
    prs.save(out)
    case = read_deck(out.getvalue(), setting=dk.Setting.PROBATION)
    assert case.reference == shared.case.reference
    (reflection,) = case.sessions[0].reflections
    assert [n.text for n in reflection.known] == ["Besucht die Schwester"]
