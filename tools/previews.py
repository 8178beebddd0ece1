"""Render the preview pictures in docs/previews/ from the demo case (never hand-edited).

    python tools/previews.py                  # all; needs LibreOffice (soffice) and poppler (pdftoppm)
    python tools/previews.py --only summary-en --out /tmp/previews

Every document type is one entry in ``PREVIEWS``. The gallery page (docs/previews.md) is generated
from the same list at build time (tools/mkdocs_hooks.py), and tests/test_docs.py checks that the PNG
files in docs/previews/ are exactly the ones this list names. To add a document type, add an entry
and run this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "docs" / "previews"

# The demo case is fictional; this fixed key only makes the previews reproducible. Never use a
# constant key for real cases: see docs/sharing.md.
DEMO_KEY_HEX = bytes(range(32)).hex()
EXPORT_DATE = dt.date(2025, 7, 1)
NOW = dt.datetime.combine(EXPORT_DATE, dt.time(12), tzinfo=dt.timezone.utc)  # the fictional disclosure


@dataclass(frozen=True)
class Preview:
    """One document type (in one language) to show: how to make it, and which pages to render."""

    name: str  # the files are docs/previews/<name>-<page>.png
    title: str  # the caption in the gallery
    doc: str  # the docs page about this document type (relative to docs/)
    make: Callable[[], tuple[bytes, str]]  # the document's bytes and its file suffix
    pages: tuple[int, ...]
    dpi: int = 60

    def files(self) -> list[str]:
        return [f"{self.name}-{page}.png" for page in self.pages]


def _shared(audience: str, lang: str) -> Any:
    import desistkit as dk

    key = dk.PseudonymKey.from_text(DEMO_KEY_HEX)
    # German documents from the German-language demo case: a German deck carries German notes.
    case, notes = (dk.demo_case("de"), "de") if lang == "de" else (dk.demo_case(), "en")
    return dk.share(case, audience, key=key, on=EXPORT_DATE, now=NOW, domain="cc-2025-q3", lang=notes)


def _for_case(module: str, function: str, lang: str, suffix: str) -> Callable[[], tuple[bytes, str]]:
    """An exporter ``function(shared, localizer) -> bytes`` applied to the demo case shared with the
    case conference, e.g. ``_for_case("desistkit.export.summary", "summary_docx", "de", ".docx")``."""

    def make() -> tuple[bytes, str]:
        import desistkit as dk

        render = getattr(importlib.import_module(module), function)
        return render(_shared("case-conference", lang), dk.get_localizer(lang)), suffix

    return make


def _cards(lang: str, second: str | None = None, **options: str) -> Callable[[], tuple[bytes, str]]:
    def make() -> tuple[bytes, str]:
        import desistkit as dk
        from desistkit.export.cards import cards_pdf

        other = dk.get_localizer(second) if second else None
        return cards_pdf(dk.get_localizer(lang), second=other, **options), ".pdf"

    return make


def _guide(lang: str, size: str) -> Callable[[], tuple[bytes, str]]:
    def make() -> tuple[bytes, str]:
        import desistkit as dk
        from desistkit.export.guide import guide_pdf

        return guide_pdf(dk.get_localizer(lang), size=size), ".pdf"

    return make


def _blank(lang: str) -> Callable[[], tuple[bytes, str]]:
    def make() -> tuple[bytes, str]:
        import desistkit as dk
        from desistkit.export.reflector import blank_reflector_pptx

        return blank_reflector_pptx(dk.get_localizer(lang)), ".pptx"

    return make


def _programme(lang: str, count: int) -> Callable[[], tuple[bytes, str]]:
    """The programme tracker of ``count`` fictional cases from the tests' seeded generator, shared
    for research."""

    def make() -> tuple[bytes, str]:
        import io
        import sys

        import desistkit as dk
        from desistkit.export.programme import programme_xlsx

        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from strategies import programme_cases

        key = dk.PseudonymKey.from_text(DEMO_KEY_HEX)
        cases = programme_cases(count, sessions=6, seed=11)
        shared = (dk.share(c, "research", key=key, on=EXPORT_DATE, now=NOW) for c in cases)
        out = io.BytesIO()
        programme_xlsx(shared, dk.get_localizer(lang), out, case_rows=False)
        return out.getvalue(), ".xlsx"

    return make


def _minutes(lang: str) -> Callable[[], tuple[bytes, str]]:
    """The minutes of the tests' fictional three-agency conference (tests/conference_fixtures.py)."""

    def make() -> tuple[bytes, str]:
        import sys

        import desistkit as dk
        from desistkit.export.minutes import minutes_docx

        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from conference_fixtures import conference_case

        shared = dk.share(dk.case_from_dict(conference_case()), "internal", on=dt.date(2025, 12, 5))
        return minutes_docx(shared, dk.get_localizer(lang)), ".docx"

    return make


def _consent(lang: str, second: str | None = None) -> Callable[[], tuple[bytes, str]]:
    """The client's consent sheet for the demo case, every external audience of the built-in policy."""

    def make() -> tuple[bytes, str]:
        import desistkit as dk

        case = dk.demo_case("de") if lang == "de" else dk.demo_case()
        shared = dk.share(case, "internal", on=EXPORT_DATE, now=NOW)
        return dk.render(shared, "consent-sheet-pdf", lang=lang, second_lang=second), ".pdf"

    return make


def _conference(lang: str) -> Callable[[], tuple[bytes, str]]:
    """The conference deck of the demo case with the tests' fictional three-agency conference."""

    def make() -> tuple[bytes, str]:
        import sys

        import desistkit as dk
        from desistkit.export.conference import conference_pptx

        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from conference_fixtures import with_three_agency_conference

        key = dk.PseudonymKey.from_text(DEMO_KEY_HEX)
        case, notes = (dk.demo_case("de"), "de") if lang == "de" else (dk.demo_case(), "en")
        case = with_three_agency_conference(case)
        shared = dk.share(case, "internal", key=key, on=EXPORT_DATE, now=NOW, lang=notes)
        return conference_pptx(shared, dk.get_localizer(lang)), ".pptx"

    return make


# One entry per document type and language shown (`make` returns the bytes and the file suffix).
PREVIEWS: list[Preview] = [
    Preview("reflector-de", "CaseReflector deck, case conference (German): title, overview, a category",
            "reflector.md", _for_case("desistkit.export.reflector", "reflector_pptx", "de", ".pptx"),
            pages=(1, 2, 3)),
    Preview("reflector-de-progress", "CaseReflector deck (German): goals, working relationship, progress",
            "reflector.md", _for_case("desistkit.export.reflector", "reflector_pptx", "de", ".pptx"),
            pages=(9, 10, 11, 13)),
    Preview("reflector-el", "CaseReflector deck (Greek)", "reflector.md",
            _for_case("desistkit.export.reflector", "reflector_pptx", "el", ".pptx"), pages=(2, 8)),
    Preview("reflector-fi", "CaseReflector deck (Finnish)", "reflector.md",
            _for_case("desistkit.export.reflector", "reflector_pptx", "fi", ".pptx"), pages=(6, 11)),
    Preview("reflector-blank-fi", "Blank CaseReflector to fill by hand (Finnish)", "reflector.md",
            _blank("fi"), pages=(1, 2)),
    Preview("conference-de", "Conference deck (German): title, the agencies' views, where they differ",
            "conferences.md", _conference("de"), pages=(1, 4, 7)),
    Preview("conference-el", "Conference deck (Greek): where views differ, action plan", "conferences.md",
            _conference("el"), pages=(8, 12)),
    Preview("conference-fi", "Conference deck (Finnish): the agencies' views, since the previous conference",
            "conferences.md", _conference("fi"), pages=(5, 11)),
    Preview("tracker-fr", "Excel tracker of one case (French)", "tracker.md",
            _for_case("desistkit.export.tracker", "tracker_xlsx", "fr", ".xlsx"), pages=(1, 2)),
    Preview("programme-de", "Programme tracker of 40 fictional cases (German): counts, small ones suppressed",
            "programme.md", _programme("de", 40), pages=(1, 2, 3)),
    Preview("summary-en", "Word case summary, for the case conference (English)", "summary.md",
            _for_case("desistkit.export.summary", "summary_docx", "en", ".docx"), pages=(1, 2)),
    Preview("summary-de", "Word case summary, for the case conference (German)", "summary.md",
            _for_case("desistkit.export.summary", "summary_docx", "de", ".docx"), pages=(1, 2)),
    Preview("minutes-de", "Case conference minutes, three agencies (German)", "conferences.md",
            _minutes("de"), pages=(1, 2)),
    Preview("minutes-el", "Case conference minutes (Greek)", "conferences.md", _minutes("el"),
            pages=(1, 2)),
    Preview("minutes-fi", "Case conference minutes (Finnish)", "conferences.md", _minutes("fi"),
            pages=(1, 2)),
    Preview("cards-de", "DesistCards, A6, German: front and back", "cards.md", _cards("de"), pages=(5, 6)),
    Preview("cards-el", "DesistCards, A6, Greek", "cards.md", _cards("el"), pages=(5, 6)),
    Preview("cards-bg", "DesistCards, A6, Bulgarian", "cards.md", _cards("bg"), pages=(5, 6)),
    Preview("cards-fi", "DesistCards, A6, Finnish", "cards.md", _cards("fi"), pages=(5, 6)),
    Preview("cards-fi-sv-a4-duplex", "DesistCards, Finnish with Swedish, poker size on A4 duplex sheets",
            "cards.md", _cards("fi", second="sv", layout="a4-duplex", size="poker"), pages=(1, 2), dpi=40),
    Preview("guide-de", "Caseworker guide, A5 booklet (German): cover, contents, the method, a category",
            "guide.md", _guide("de", "a5"), pages=(1, 2, 3, 10)),
    Preview("guide-el", "Caseworker guide, A4 (Greek): the method, factors", "guide.md", _guide("el", "a4"),
            pages=(3, 8)),
    Preview("guide-fi", "Caseworker guide, A5 booklet (Finnish): factors", "guide.md", _guide("fi", "a5"),
            pages=(12, 13)),
    Preview("consent-de", "Consent sheet for the client (German): who might receive what; tick boxes",
            "consent.md", _consent("de"), pages=(1, 2, 3)),
    Preview("consent-el", "Consent sheet for the client (Greek)", "consent.md", _consent("el"),
            pages=(1, 3)),
    Preview("consent-fi", "Consent sheet for the client (Finnish)", "consent.md", _consent("fi"),
            pages=(1, 3)),
]  # fmt: skip


def expected_files(previews: Sequence[Preview] = PREVIEWS) -> list[str]:
    """Every PNG the script writes, in gallery order."""
    return [name for preview in previews for name in preview.files()]


def gallery_markdown(previews: Sequence[Preview] = PREVIEWS, prefix: str = "previews/") -> str:
    """The gallery for docs/previews.md: a section per preview, its pages side by side."""
    parts = []
    for preview in previews:
        images = " ".join(f"![{preview.title}, page {p}]({prefix}{f})" for p, f in
                          zip(preview.pages, preview.files(), strict=True))  # fmt: skip
        parts.append(f"### {preview.title}\n\n{images}\n\nMore: [{preview.doc}]({preview.doc})\n")
    return "\n".join(parts)


def _soffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to render office documents")
    return soffice


def render_all(previews: Sequence[Preview], out: Path) -> list[Path]:
    """Make every document, convert the office ones to PDF in one LibreOffice run (each start of
    soffice costs seconds), and write the chosen pages as PNG."""
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        office = []
        for preview in previews:
            data, suffix = preview.make()
            source = work / f"{preview.name}{suffix}"
            source.write_bytes(data)
            if suffix != ".pdf":
                office.append(source)
        if office:
            profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
            subprocess.run([_soffice(), profile, "--headless", "--convert-to", "pdf", "--outdir", str(work),
                            *map(str, office)], check=True, capture_output=True, timeout=600)  # fmt: skip
        for preview in previews:
            pdf = work / f"{preview.name}.pdf"
            for page in preview.pages:
                target = out / f"{preview.name}-{page}"
                subprocess.run(["pdftoppm", "-png", "-r", str(preview.dpi), "-f", str(page), "-l", str(page),
                                "-singlefile", str(pdf), str(target)], check=True)  # fmt: skip
                written.append(target.with_suffix(".png"))
    return written


def render(preview: Preview, out: Path) -> list[Path]:
    """One preview's pages as PNG (see :func:`render_all`)."""
    return render_all([preview], out)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT, help="directory to write into [docs/previews]")
    parser.add_argument("--only", action="append", metavar="NAME", help="only this preview (repeatable)")
    args = parser.parse_args(argv)
    chosen = [p for p in PREVIEWS if not args.only or p.name in args.only]
    unknown = set(args.only or ()) - {p.name for p in PREVIEWS}
    if unknown:
        parser.error(f"unknown preview(s): {', '.join(sorted(unknown))}")
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.only:  # a full run also removes pictures of document types no longer listed
        for stale in args.out.glob("*.png"):
            if stale.name not in expected_files():
                stale.unlink()
    for path in render_all(chosen, args.out):
        print(path)


if __name__ == "__main__":
    main()
