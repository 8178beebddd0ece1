"""`desistkit demo`: every promised file, current whenever it runs, German documents in German.

The demo runs twice per module (expensive: a dozen documents each): once as on a fixed day far
from the case's own dates, once on the real clock.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from docx import Document
from pptx import Presentation

import desistkit as dk
from conftest import convert_all_to_pdf, run_cli
from desistkit.casefile.demo import DAYS_SINCE_LAST_SESSION, current_demo_case
from desistkit.sharing import demo_key

FROZEN = dt.date(2031, 2, 14)
PROMISED = {
    "README.txt",
    "demo-case.json",
    "demo-case-de.json",
    "demo-summary.txt",
    "reflector-de.pptx",
    "summary-de.docx",
    "summary-en.docx",
    "case-conference-de.audit.json",
    "tracker-de.xlsx",
    "reflector-blank-fi.pptx",
    "cards-de.pdf",
    "cards-de-a4-duplex.pdf",
    "cards-fi-sv-a4-duplex.pdf",
}


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo as on FROZEN, into a folder that already held an edited file: refused first (the
    folder left as it was), then written with --force."""
    out = tmp_path_factory.mktemp("frozen")
    (out / "demo-summary.txt").write_text("edited", encoding="utf-8")
    refused = run_cli("demo", "-o", str(out), "--today", FROZEN.isoformat())
    assert refused.returncode == 1
    assert refused.stderr.endswith(
        f"desistkit: {out / 'demo-summary.txt'} exists; use --force to replace it\n"
    )
    assert [p.name for p in out.iterdir()] == ["demo-summary.txt"]
    assert (out / "demo-summary.txt").read_text(encoding="utf-8") == "edited"
    result = run_cli("demo", "-o", str(out), "--today", FROZEN.isoformat(), "--force")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dt.date, str]:
    """The demo on the real clock: its folder, the day and what it printed on stderr."""
    out = tmp_path_factory.mktemp("current") / "demo"
    before = dt.date.today()
    result = run_cli("demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert dt.date.today() == before, "the day changed during the test; run it again"
    return out, before, result.stderr


def _norm(text: str) -> str:
    """Text as a reader sees it: without soft hyphens, with one kind of space and hyphen."""
    text = text.replace("\u00ad", "").replace("\u2011", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def _shared_notes(lang: str, day: dt.date, *, latest: bool = False) -> list[str]:
    """The note texts the demo's conference documents may show for the case in ``lang`` on
    ``day``: of every session, or (``latest``) of each factor's latest reflection."""
    now = dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc)
    shared = dk.share(current_demo_case(day, lang), "case-conference", key=demo_key(), lang=lang, now=now)
    case = shared.localized(dk.get_localizer(lang)).case
    if latest:
        reflections = [state.reflection for state in dk.state_at(case).values()]
    else:
        reflections = [r for session in case.sessions for r in session.reflections]
    return [
        note.text
        for reflection in reflections
        for note in (*reflection.known, *reflection.assumed, *reflection.open)
        if not dk.SharedCase.is_withheld(note.text)
    ]


def _deck_text(path: Path) -> str:
    slides = Presentation(str(path)).slides
    parts = [p.text for s in slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]
    parts += [
        c.text for s in slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells
    ]
    return _norm(" ".join(parts))


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return _norm(" ".join([p.text for p in document.paragraphs] + cells))


def test_the_demo_writes_every_promised_file(frozen: Path, current: tuple[Path, dt.date, str]) -> None:
    """Both runs write exactly the promised files, each named in the folder's README.txt; the run
    prints one progress line per file and says that the case was moved to today."""
    out, day, stderr = current
    for folder in (frozen, out):
        assert {p.name for p in folder.iterdir()} == PROMISED
        readme = (folder / "README.txt").read_text("utf-8")
        assert all(name in readme for name in PROMISED - {"README.txt"})
    assert f"the demo case is moved to today ({day.isoformat()})" in stderr
    assert [f"[{n}/{len(PROMISED)}]" in stderr for n in range(1, len(PROMISED) + 1)] == [True] * len(PROMISED)
    assert "moved in time each time the demo runs" in (out / "README.txt").read_text("utf-8")


@pytest.mark.parametrize("run", ["frozen", "current"])
def test_the_demo_case_is_current_and_its_consent_holds(
    run: str, frozen: Path, current: tuple[Path, dt.date, str]
) -> None:
    """The latest session was a few days before the run, the conference consent holds, and the
    conference documents withhold exactly what they withheld when the case was written: today
    nothing is "withheld: no consent" for want of a current consent."""
    folder, day = (frozen, FROZEN) if run == "frozen" else current[:2]
    for name, lang in (("demo-case.json", "en"), ("demo-case-de.json", "de")):
        case = dk.load_case(folder / name)
        assert max(s.date for s in case.sessions) == day - dt.timedelta(days=DAYS_SINCE_LAST_SESSION)
        conference = [c for c in case.consents if "case-conference" in c.audiences]
        assert conference and all(c.expires is None or c.expires > day for c in conference)
        assert case.client == dk.demo_case(lang).client  # the birth date is not moved
    audit = json.loads((folder / "case-conference-de.audit.json").read_text("utf-8"))
    assert audit["consent_checked_on"] == day.isoformat()
    # As written: shared on the day of its latest session, when its consents held.
    shipped = dk.demo_case("de")
    written = max(s.date for s in shipped.sessions)
    moment = dt.datetime.combine(written, dt.time(12), tzinfo=dt.timezone.utc)
    then = dk.share(shipped, "case-conference", key=demo_key(), lang="de", now=moment).audit.to_dict()
    assert (audit["notes"], audit["goals"]) == (then["notes"], then["goals"])
    assert audit["notes"]["shared"] >= 15 and audit["goals"]["shared"] >= 2
    # The shipped dates today would withhold everything: what the moving is for.
    today = dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc)
    stale = dk.share(shipped, "case-conference", key=demo_key(), lang="de", now=today).audit.to_dict()
    assert "shared" not in stale["notes"] and "shared" not in stale["goals"]


def test_the_german_documents_carry_the_german_notes(frozen: Path) -> None:
    """Every note the German conference deck and summary may show is there, in German; no English
    note is; the German tracker holds the German case's notes."""
    german, english = _shared_notes("de", FROZEN), _shared_notes("en", FROZEN)
    assert len(german) == len(english) >= 15
    # Deck and summary show each factor's latest state (earlier notes count as progress).
    latest = _shared_notes("de", FROZEN, latest=True)
    assert len(latest) >= 8
    for name, shown, text in (
        ("reflector-de.pptx", latest, _deck_text(frozen / "reflector-de.pptx")),
        ("summary-de.docx", latest, _docx_text(frozen / "summary-de.docx")),
    ):
        missing = [note for note in shown if _norm(note) not in text]
        assert missing == [], name
        assert [note for note in english if _norm(note)[:40] in text] == [], name
    summary_en = _docx_text(frozen / "summary-en.docx")
    assert all(_norm(note) in summary_en for note in _shared_notes("en", FROZEN, latest=True))
    workbook = openpyxl.load_workbook(frozen / "tracker-de.xlsx", read_only=True)
    cells = {str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row if v}
    workbook.close()
    case = dk.demo_case("de")
    notes = [n.text for s in case.sessions for r in s.reflections for n in (*r.known, *r.assumed)]
    assert [n for n in notes if n not in cells] == []


@pytest.mark.libreoffice
def test_the_demo_documents_open_in_libreoffice(frozen: Path, soffice: str, tmp_path: Path) -> None:
    """The Office documents open in LibreOffice (one run converts them all); the PDFs have the
    pages their layouts promise: A4 duplex sheets in pairs of A4 pages."""
    names = [
        "reflector-de.pptx",
        "summary-de.docx",
        "summary-en.docx",
        "tracker-de.xlsx",
        "reflector-blank-fi.pptx",
    ]
    for name in names:  # a copy, so the demo folder stays as the demo wrote it
        (tmp_path / name).write_bytes((frozen / name).read_bytes())
    pdfs = convert_all_to_pdf(soffice, [tmp_path / name for name in names], tmp_path)
    pages = {}
    for name, pdf in zip(names, pdfs, strict=True):
        with pdfplumber.open(pdf) as document:
            pages[name] = len(document.pages)
    assert pages["reflector-de.pptx"] >= 10 and pages["summary-de.docx"] >= 3, pages
    assert min(pages.values()) >= 1, pages
    with pdfplumber.open(tmp_path / "reflector-de.pdf") as deck:
        assert "Schweiß" in _norm(" ".join(page.extract_text() or "" for page in deck.pages))
    for name in ("cards-de-a4-duplex.pdf", "cards-fi-sv-a4-duplex.pdf", "cards-de.pdf"):
        with pdfplumber.open(frozen / name) as cards:
            sizes = {(round(p.width), round(p.height)) for p in cards.pages}
            assert len(cards.pages) >= 2, name
            if "a4-duplex" in name:
                assert sizes == {(595, 842)} and len(cards.pages) % 2 == 0, (name, sizes)
    with zipfile.ZipFile(io.BytesIO((frozen / "reflector-de.pptx").read_bytes())) as package:
        assert package.testzip() is None
