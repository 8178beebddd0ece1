"""Where lines break in the deck and the cards: never inside a pseudonym; long words of the PDF cards
at their syllables with a visible hyphen; and what a reader extracts is still the words."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from pptx import Presentation

import desistkit as dk
from conftest import convert_all_to_pdf
from desistkit.export.cards import CARD_SIZES, cards_pdf, cards_pptx
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


def _card_words(lang: str) -> set[str]:
    """Every word the cards print, from the .pptx cards (which carry no soft hyphens)."""
    prs = Presentation(io.BytesIO(cards_pptx(dk.get_localizer(lang), size="poker")))
    texts = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame]
    return {w for text in texts for w in re.findall(r"[^\W\d_]+", text)}


def _pdf_lines(data: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """Each line of the PDF with the line after it in the same text block, as poppler lays them out
    (``-bbox-layout`` joins no hyphenated words)."""
    path = tmp_path / "cards.pdf"
    path.write_bytes(data)
    xhtml = _poppler(["-bbox-layout", str(path), "-"])
    root = etree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", xhtml))
    pairs = []
    for block in root.iter("{*}block"):
        lines = [" ".join(w.text or "" for w in line.iter("{*}word")) for line in block.iter("{*}line")]
        pairs += list(itertools.pairwise(lines))
    return pairs


def _poppler(arguments: list[str]) -> bytes:
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    return subprocess.run(["pdftotext", *arguments], check=True, capture_output=True, timeout=60).stdout


@pytest.mark.parametrize("lang", ["de", "el"])
def test_pdf_cards_break_long_words_at_syllables_with_a_hyphen(lang: str, tmp_path: Path) -> None:
    """On the small German and Greek cards a long word that reaches the edge of its box breaks at a
    syllable with a visible hyphen, never between two letters without one, and no text shrinks
    below the card's smallest size."""
    data = cards_pdf(dk.get_localizer(lang), size="poker")
    words = {w for w in _card_words(lang) if len(w) >= 7}
    hyphenated = []
    for line, following in _pdf_lines(data, tmp_path):
        end, start = re.search(r"([^\W\d_]+)(-?)$", line), re.match(r"[^\W\d_]+", following)
        if end is None or start is None:
            continue
        joined = end.group(1) + start.group()
        if joined in words and end.group(1) not in words:
            assert end.group(2), f"{line!r} / {following!r}: {joined} broken without a hyphen"
            hyphenated.append(joined)
    assert len(hyphenated) >= 10, hyphenated  # the words that used to leave a ragged gap
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        sizes = [c["size"] for page in pdf.pages for c in page.chars]
    assert min(sizes) >= CARD_SIZES["poker"].smallest - 0.01


@pytest.mark.parametrize("lang", ["de", "el"])
def test_pdf_cards_keep_names_whole_and_still_fit(lang: str) -> None:
    """The built-in names (Herkunftsfamilie) shrink a little rather than break: each is printed whole
    on its front and its back; DesistCards (a capital inside) is no word to hyphenate; every card
    still fits its safe area with its hyphens."""
    from test_cards import _outside_safe_area

    loc = dk.get_localizer(lang)
    data = cards_pdf(loc, size="poker")
    assert _outside_safe_area(data, CARD_SIZES["poker"]) == []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    assert "DesistCards" in pages[0]
    for factor in loc.catalogue().factors:
        assert sum(factor.name in page for page in pages) >= 2, factor.name


ORGANISATION = """
format = "desistkit-catalogue/1"
extends = "default"

[[factors]]
id = "exit_agreements"
category = "relationship_belonging"
name = "Ausstiegsbegleitungsvereinbarungen"
description = "Was mit der Ausstiegsbegleitung vereinbart ist."
questions = ["Welche Ausstiegsbegleitungsvereinbarungen tragen Sie heute mit?", "Was hilft Ihnen dabei?",
             "Wer begleitet Sie?"]
"""


@pytest.mark.filterwarnings("ignore::desistkit.i18n.localizer.MissingTranslationWarning")
def test_a_long_compound_on_a_small_card_breaks_with_a_hyphen(tmp_path: Path) -> None:
    """An organisation's 34-letter German factor name on the 63 mm card: whole it would be set at
    the smallest sizes (as in the .pptx cards); the PDF breaks it at syllables with a visible hyphen
    at a larger size, and the question that names it breaks the same way."""
    catalogue = dk.parse_catalogue(ORGANISATION, source="org.toml")
    loc = dk.get_localizer("de")
    name = "Ausstiegsbegleitungsvereinbarungen"
    data = cards_pdf(loc, size="poker", factors=["exit_agreements"], catalogue=catalogue)
    broken = [
        (line, following)
        for line, following in _pdf_lines(data, tmp_path)
        if line.endswith("-") and following and following[0].islower()
    ]
    pieces = [line.rsplit(" ", 1)[-1] for line, _ in broken]
    assert any(p.startswith("Ausstiegs") for p in pieces) and len(broken) >= 3, broken
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        front = pdf.pages[4]
        big = max(c["size"] for c in front.chars)
        assert "".join((front.extract_text() or "").split()).replace("-", "").count(name) == 1
    pptx = Presentation(io.BytesIO(cards_pptx(loc, size="poker", factors=["exit_agreements"],
                                              catalogue=catalogue)))  # fmt: skip
    whole = next(
        r.font.size.pt
        for slide in pptx.slides
        for shape in slide.shapes
        if shape.name == "exit_agreements:front:name"
        for p in shape.text_frame.paragraphs
        for r in p.runs
    )
    assert big > whole * 1.25, (big, whole)


@pytest.mark.parametrize("lang", ["de", "el", "fi"])
def test_extracted_text_has_the_words_and_no_soft_hyphens(lang: str, tmp_path: Path) -> None:
    """What a reader copies or searches: no soft hyphen anywhere (PDF cards, .pptx cards, deck),
    and poppler's plain text joins the PDF's hyphenated words again."""
    loc = dk.get_localizer(lang)
    data = cards_pdf(loc, size="poker")
    path = tmp_path / "cards.pdf"
    path.write_bytes(data)
    plain = _poppler([str(path), "-"]).decode("utf-8")
    assert "\u00ad" not in plain
    joined = set(re.findall(r"[^\W\d_]+", plain))
    assert {w for w in _card_words(lang) if len(w) >= 7} <= joined
    deck = reflector_pptx(_shared(DOMAINS[0], lang), loc)
    for pptx in (deck, cards_pptx(loc, size="poker")):
        prs = Presentation(io.BytesIO(pptx))
        texts = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame]
        assert not any("\u00ad" in text for text in texts)
