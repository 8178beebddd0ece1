"""The CaseReflector deck: fits in every language, valid for strict readers, deterministic, accessible."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from pathlib import Path

import attrs
import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

import desistkit as dk
from conftest import EXAMPLES, convert_all_to_pdf, run_cli
from desistkit.export._fit import GAP, Block, Measurer
from desistkit.export.reflector import blank_reflector_pptx, reflector_pptx
from desistkit.sharing import KnownIdentifiers
from ooxml_schema import require_schemas, validate_package

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 11, 30)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)  # the moment of disclosure
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MM = 36000


@functools.cache
def measurer() -> Measurer:
    """The fpdf2 measurer of these checks, made (the fonts parsed) once for the module."""
    return Measurer()


def _deck(case: dk.Case | Path, lang: str, audience: str = "case-conference", **kw: object) -> bytes:
    if isinstance(case, Path):
        case = dk.load_case(case)
    shared = dk.share(case, audience, key=KEY, on=ON, now=NOW, lang=lang)
    return reflector_pptx(shared, dk.get_localizer(lang), **kw)  # type: ignore[arg-type]


def _long_notes_case() -> dk.Case:
    """The demo case with one factor full of long notes: 14 known and 5 open ones, one of 1,400 words."""
    case = dk.demo_case()
    latest = case.chronological[-1]
    first = latest.reflections[0]
    words = ["Lebensbewältigungsstrategien", "and", "the", "client's", "own", "words", "about", "workshop"]
    client = dk.Perspective.CLIENT
    notes = [
        dk.Note(
            text=" ".join(words[j % len(words)] for j in range(40 + 25 * i)),
            perspective=client,
            shareable=True,
        )
        for i in range(14)
    ]
    notes.append(dk.Note(text=" ".join(words * 140), perspective=dk.Perspective.PROFESSIONAL, shareable=True))
    busy = attrs.evolve(first, known=tuple(notes), open=tuple(notes[:5]))
    session = attrs.evolve(latest, reflections=(busy, *latest.reflections[1:]))
    return attrs.evolve(case, sessions=tuple(session if s.id == latest.id else s for s in case.sessions))


def _overflows(data: bytes) -> list[str]:
    """Every text box whose text, measured with the font it names at its sizes, is taller than the box."""
    m = measurer()
    problems = []
    prs = Presentation(io.BytesIO(data))
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.width is None or shape.height is None:
                continue
            frame = shape.text_frame
            if not frame.text.strip():
                continue
            body = shape._element.txBody.find(f"{A}bodyPr")
            insets = [
                int(body.get(k, d))
                for k, d in (("lIns", 91440), ("rIns", 91440), ("tIns", 45720), ("bIns", 45720))
            ]
            width = (shape.width - insets[0] - insets[1]) / MM
            height = (shape.height - insets[2] - insets[3]) / MM
            used = 0.0
            for i, paragraph in enumerate(frame.paragraphs):
                sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None]
                if not sizes:
                    continue
                style = "B" if paragraph.runs[0].font.bold else "I" if paragraph.runs[0].font.italic else ""
                used += m.height(Block(paragraph.text, style), max(sizes), width)
                if i:
                    used += max(sizes) * GAP * 0.3528
            if used > height + 0.05:
                problems.append(f"slide {number} {shape.name}: {used:.1f} mm of text in {height:.1f} mm")
    return problems


def _broken_words(data: bytes) -> list[str]:
    """Boxes with a word wider than the box: a renderer would break it inside the word."""
    m = measurer()
    found = []
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, 1):
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.is_placeholder or not shape.text_frame.text.strip():
                continue
            body = shape._element.txBody.find(f"{A}bodyPr")
            width = (shape.width - int(body.get("lIns", 91440)) - int(body.get("rIns", 91440))) / MM
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    style = "B" if run.font.bold else "I" if run.font.italic else ""
                    if run.font.size and m.widest_word(Block(run.text, style), run.font.size.pt) > width:
                        found.append(f"slide {number} {shape.name}: a word of {run.text[:30]!r}")
    return found


@pytest.mark.parametrize("lang", ["de", "nl", "el", "hu"])
def test_factor_names_are_never_broken_inside_a_word(lang: str) -> None:
    """The longest compound words (Persoonlijkheidskenmerken, 44 mm at 9 pt) fit their boxes."""
    assert _broken_words(_deck(dk.demo_case(), lang, audience="internal")) == []
    assert _broken_words(blank_reflector_pptx(dk.get_localizer(lang))) == []


@pytest.mark.parametrize("lang", ["de", "fi", "el", "fr", "hu", "ga"])
def test_nothing_overflows_in_long_languages(lang: str) -> None:
    """Every box holds its text at the size written, for the demo case and one full of long notes."""
    for case in (dk.demo_case(), _long_notes_case()):
        data = _deck(case, lang, audience="internal")
        assert _overflows(data) == []


def test_the_overflow_check_sees_overflow() -> None:
    """The measuring check itself: text added to a fitted box is reported."""
    prs = Presentation(io.BytesIO(_deck(dk.demo_case(), "en", audience="internal")))
    box = next(sh for s in prs.slides for sh in s.shapes if sh.name.endswith(":known") and sh.text_frame.text)
    box.text_frame.paragraphs[0].runs[0].text += " and more words" * 40
    out = io.BytesIO()
    prs.save(out)
    assert [p for p in _overflows(out.getvalue()) if box.name in p]


def test_long_notes_continue_on_continuation_slides() -> None:
    """A factor with more notes than a slide holds continues, with every word kept, split by name."""
    case = _long_notes_case()
    data = _deck(case, "de", audience="internal")
    prs = Presentation(io.BytesIO(data))
    busy = case.chronological[-1].reflections[0]
    category = dk.default_catalogue().factor(busy.factor_id).category
    title = dk.get_localizer("de").text(
        "reflector.reflection_title", category=dk.get_localizer("de").catalogue().category(category.id).name
    )
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles.count(dk.get_localizer("de").text("document.continued", title=title)) >= 2
    boxes = [
        sh for s in prs.slides for sh in s.shapes if re.fullmatch(rf"{busy.factor_id}:known(:\d+)?", sh.name)
    ]
    assert len(boxes) >= 3 and boxes[0].name == f"{busy.factor_id}:known"
    written = " ".join(sh.text_frame.text for sh in boxes).replace("…", " ")
    for note in busy.known:
        for word in set(note.text.split()):
            assert word in written


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_no_client_identifier_in_any_part(path: Path) -> None:
    """Every part, charts and their workbooks included, is searched for the client's identifiers."""
    data = _deck(path, "de")
    case = dk.load_case(path)
    secrets = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            body = archive.read(name)
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(body)) as inner:
                    body = b"".join(inner.read(n) for n in inner.namelist())
            texts.append(body)
    text = b"".join(texts).decode("utf-8", "replace").casefold()
    for secret in [*secrets, case.reference]:
        assert not re.search(rf"(?<!\w){re.escape(secret.casefold())}(?!\w)", text), secret


@pytest.mark.parametrize("lang", ["de", "el"])
def test_valid_accessible_and_deterministic(lang: str) -> None:
    """XSD-valid (charts and their workbooks too), same bytes twice, titles, alt text, language tags,
    unique shape ids, no dangling relationships, neutral metadata."""
    require_schemas()
    prison = next(p for p in EXAMPLES if p.name == "prison-case.json")  # rated enough for the radar
    data = _deck(prison, lang)
    assert validate_package(data) == []
    assert data == _deck(prison, lang)
    tag = dk.get_localizer(lang).tag
    prs = Presentation(io.BytesIO(data))
    assert prs.core_properties.author == "" and prs.core_properties.last_modified_by == ""
    charts = 0
    for slide in prs.slides:
        assert slide.shapes.title is not None and slide.shapes.title.text_frame.text.strip()
        ids = [int(e.get("id")) for e in slide.shapes._spTree.iter() if e.tag.endswith("}cNvPr")]
        assert len(ids) == len(set(ids))
        for run in slide.shapes._spTree.iter(f"{A}r"):
            assert run.find(f"{A}rPr").get("lang") == tag
        for shape in slide.shapes:
            if shape.has_chart:
                charts += 1
                assert shape._element.nvGraphicFramePr.cNvPr.get("descr")
        for run in slide.notes_slide.notes_text_frame._txBody.iter(f"{A}r") if slide.has_notes_slide else ():
            assert run.find(f"{A}rPr").get("lang") == tag
    assert charts == 3
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        assert not any("thumbnail" in n for n in names)
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        for name in names:
            if name.endswith(".rels"):
                base = name.replace("_rels/", "").removesuffix(".rels")
                folder = base.rsplit("/", 1)[0] if "/" in base else ""
                for rel in etree.fromstring(archive.read(name)):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = rel.get("Target")
                    resolved = target.lstrip("/") if target.startswith("/") else _join(folder, target)
                    assert resolved in names, f"{name} -> {target}"
        blob = b"".join(archive.read(n) for n in names)
        assert b"Steve Canny" not in blob and b"python-pptx" not in blob


def _join(folder: str, target: str) -> str:
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


def test_notes_follow_the_audience() -> None:
    """The conference deck shows shareable notes only and counts the rest; the team's deck shows all."""
    case = dk.load_case(EXAMPLES[0])
    conference = _slide_text(_deck(case, "en"))
    team = _slide_text(_deck(case, "en", audience="internal"))
    all_notes = [n for s in case.sessions for r in s.reflections for n in r.all_notes]
    latest = dk.state_at(case)
    for state in latest.values():
        for note in state.reflection.known:
            assert note.text in team
            if not note.shareable:
                assert note.text not in conference
    assert any(not n.shareable for n in all_notes)
    assert re.search(r"\d+ notes? withheld", conference)


def _slide_text(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    return "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)


def test_names_are_stable_for_every_factor_and_stance() -> None:
    """Blank and generated decks name a box for every visible factor and stance; the blank deck has
    the boxes to write the case and date in, the generated one says them in its facts box's name."""
    catalogue = dk.default_catalogue()
    for data in (blank_reflector_pptx(dk.get_localizer("sk")), _deck(EXAMPLES[0], "sk")):
        names = {sh.name for s in Presentation(io.BytesIO(data)).slides for sh in s.shapes}
        for factor in catalogue.factors:
            assert {f"{factor.id}:{st.value}" for st in dk.Stance} <= names
        blank = data == blank_reflector_pptx(dk.get_localizer("sk"))
        assert (
            {"case:reference", "session:date"} <= names
            if blank
            else any(n.startswith("desistkit:deck reference=") for n in names)
        )


@pytest.mark.parametrize("lang", dk.EU_LANGUAGES)
def test_blank_deck_in_every_language(lang: str) -> None:
    """The empty CaseReflector exists in all 24 languages, fits, and is in that language."""
    data = blank_reflector_pptx(dk.get_localizer(lang))
    assert _overflows(data) == []
    prs = Presentation(io.BytesIO(data))
    loc = dk.get_localizer(lang)
    assert prs.slides[0].shapes.title.text_frame.text == loc.text("reflector.title")
    texts = _slide_text(data)
    assert loc.text("stance.assumed.heading") in texts and loc.catalogue().factors[0].name in texts


def _template(tmp_path: Path, rename: dict[str, str]) -> Path:
    """An organisation's template: renamed layouts, 4:3, and a sample slide that must not survive."""
    prs = Presentation()
    for layout in prs.slide_layouts:
        layout.name = rename.get(layout.name, layout.name)
    sample = prs.slides.add_slide(prs.slide_layouts[0])
    sample.shapes.title.text = "Sample slide of the organisation"
    path = tmp_path / "org.pptx"
    prs.save(str(path))
    return path


def test_organisation_template_with_named_layouts(tmp_path: Path) -> None:
    """Layouts chosen by name; the template's slide size and sample slides are not carried over."""
    path = _template(tmp_path, {"Title Slide": "Org Cover", "Title Only": "Org Content"})
    data = _deck(EXAMPLES[0], "nl", template=path, layouts={"title": "Org Cover", "content": "Org Content"})
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width == Emu(9144000)  # the template's 4:3
    assert "Sample slide" not in _slide_text(data)
    assert prs.slides[0].slide_layout.name == "Org Cover" and prs.slides[1].slide_layout.name == "Org Content"
    assert _overflows(data) == []


def test_the_shipped_default_template_is_the_one_the_code_makes() -> None:
    """The installed package carries the default template ready-made (decks open it rather than
    build it in every process), and it is byte for byte what python-pptx and the code make today:
    a python-pptx upgrade that changes it fails here (then run tools/default_template.py)."""
    from desistkit.export.deck.writer import DEFAULT_TEMPLATE, _default_template, make_default_template

    assert DEFAULT_TEMPLATE.is_file(), "default-template.pptx is missing from the installed package"
    assert DEFAULT_TEMPLATE.read_bytes() == make_default_template() == _default_template()
    prs = Presentation(io.BytesIO(DEFAULT_TEMPLATE.read_bytes()))
    assert (prs.slide_width, prs.slide_height) == (Emu(12192011), Emu(6858000))  # 16:9 (338.667 x 190.5 mm)
    assert [layout.name for layout in prs.slide_layouts][:6] == [
        "Title Slide", "Title and Content", "Section Header", "Two Content", "Comparison", "Title Only"
    ]  # fmt: skip


def test_template_missing_a_layout_is_named(tmp_path: Path) -> None:
    path = _template(tmp_path, {"Title Only": "Org Content"})
    with pytest.raises(
        dk.TemplateError, match=r"the content layout 'Title Only' is missing \(it has: .*Org Content"
    ):
        _deck(EXAMPLES[0], "en", template=path)
    bad = tmp_path / "not-a-deck.pptx"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(dk.TemplateError, match=r"template not-a-deck\.pptx: is not an Office document"):
        _deck(EXAMPLES[0], "en", template=bad)


def test_a_raw_case_is_refused() -> None:
    with pytest.raises(TypeError, match=r"call desistkit\.share"):
        reflector_pptx(dk.demo_case(), dk.get_localizer("en"))  # type: ignore[arg-type]


@pytest.mark.libreoffice
def test_opens_in_libreoffice_one_page_per_slide(soffice: str, tmp_path: Path) -> None:
    """LibreOffice converts the decks (charts included; German, and Greek full of long notes) to
    PDFs with one page per slide, in one LibreOffice run."""
    pdfplumber = pytest.importorskip("pdfplumber")
    decks = {"de": _deck(EXAMPLES[0], "de"), "el": _deck(_long_notes_case(), "el", audience="internal")}
    for lang, data in decks.items():
        (tmp_path / f"deck-{lang}.pptx").write_bytes(data)
    pdfs = convert_all_to_pdf(soffice, [tmp_path / f"deck-{lang}.pptx" for lang in decks], tmp_path)
    pages = {}
    for lang, pdf in zip(decks, pdfs, strict=True):
        with pdfplumber.open(pdf) as document:
            pages[lang] = len(document.pages)
    assert pages == {lang: len(Presentation(io.BytesIO(data)).slides) for lang, data in decks.items()}


def test_cli_reflector_and_blank(tmp_path: Path) -> None:
    """`desistkit reflector CASE --audience A --lang L -o FILE`, and `--blank`; usage errors exit 2."""
    key = tmp_path / "key.txt"
    key.write_text(bytes(range(32)).hex(), encoding="utf-8")
    out = tmp_path / "deck.pptx"
    result = run_cli("reflector", str(EXAMPLES[1]), "--lang", "de", "--audience", "case-conference",
                     "--key-file", str(key), "--on", "2025-11-30", "-o", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Presentation(str(out)).slides[0].shapes.title.text_frame.text.startswith("CaseReflector")
    blank = tmp_path / "blank.pptx"
    assert run_cli("reflector", "--blank", "--lang", "lt", "-o", str(blank)).returncode == 0
    missing = run_cli("reflector", str(EXAMPLES[1]), "-o", str(tmp_path / "x.pptx"))
    assert missing.returncode == 2 and "--audience" in missing.stderr and "Traceback" not in missing.stderr
    layout = run_cli("reflector", "--blank", "--layout", "cover", "-o", str(tmp_path / "y.pptx"))
    assert layout.returncode == 2 and "title=NAME" in layout.stderr
    again = run_cli("reflector", "--blank", "-o", str(blank))
    assert again.returncode != 0 and "exists" in again.stderr


def _outside(data: bytes) -> list[str]:
    """Shapes that reach beyond the slide."""
    prs = Presentation(io.BytesIO(data))
    width, height = prs.slide_width, prs.slide_height
    return [
        f"slide {n} {shape.name}"
        for n, slide in enumerate(prs.slides, 1)
        for shape in slide.shapes
        if shape.top is not None and (shape.top + shape.height > height or shape.left + shape.width > width)
    ]


def _with_known_note(text: str) -> dk.Case:
    case = dk.demo_case()
    latest = case.chronological[-1]
    first = latest.reflections[0]
    note = dk.Note(text=text, perspective=dk.Perspective.CLIENT, shareable=True)
    session = attrs.evolve(latest, reflections=(attrs.evolve(first, known=(note,)), *latest.reflections[1:]))
    return attrs.evolve(case, sessions=tuple(session if s.id == latest.id else s for s in case.sessions))


@pytest.mark.parametrize(
    "text",
    ["see " + "x" * 2000, "y" * 8000, "a word " + "z" * 30000 + " and the end"],
    ids=["long-token-after-a-word", "one-8000-character-word", "30000-characters-between-words"],
)
def test_words_longer_than_a_slide_are_cut_and_read_back_whole(text: str) -> None:
    """A token too long for a whole slide (a pasted link or hash) is cut between characters: the deck
    ends, every box stays on its slide and fits, and the note reads back exactly."""
    from desistkit.importing import read_deck

    case = _with_known_note(text)
    data = _deck(case, "de", audience="internal")
    assert _outside(data) == [] and _overflows(data) == []
    factor = case.chronological[-1].reflections[0].factor_id
    back = read_deck(data, setting=case.setting)
    assert next(r for r in back.sessions[0].reflections if r.factor_id == factor).known[0].text == text


def test_a_small_template_still_ends_and_keeps_boxes_on_the_slide(tmp_path: Path) -> None:
    """A 120 x 90 mm template: little room per slide, more continuation slides, nothing outside."""
    from pptx.util import Mm

    prs = Presentation()
    prs.slide_width, prs.slide_height = Mm(120), Mm(90)
    for holder in (prs.slide_master, *prs.slide_layouts):
        for shape in holder.shapes:
            if shape.left is not None:
                shape.left, shape.top = int(shape.left * 0.47), int(shape.top * 0.47)
                shape.width, shape.height = int(shape.width * 0.47), int(shape.height * 0.47)
    path = tmp_path / "small.pptx"
    prs.save(str(path))
    data = _deck(dk.demo_case(), "fi", audience="internal", template=path)
    assert _outside(data) == []
    assert len(Presentation(io.BytesIO(data)).slides) > 20


def test_an_organisations_own_audience_makes_every_document() -> None:
    """The `funder` audience of docs/sharing.md: the deck, summary and tracker are made; the marking
    is the audience's id until the organisation's catalog names it (a warning says so)."""
    from desistkit.export.summary import summary_docx
    from desistkit.export.tracker import tracker_xlsx
    from desistkit.sharing import parse_policy

    policy = parse_policy(
        'format = "desistkit-policy/1"\nextends = "default"\n[audiences.funder]\npurpose = "reporting"\n'
        'unconsented = "structure"\n[audiences.funder.fields]\n"session.date" = "generalise:programme-week"\n'
    )
    shared = dk.share(dk.load_case(EXAMPLES[0]), "funder", key=KEY, on=ON, now=NOW, policy=policy)
    deck = reflector_pptx(shared, dk.get_localizer("en"))
    assert "funder" in _slide_text(deck)
    assert summary_docx(shared, dk.get_localizer("en")) and tracker_xlsx(shared, dk.get_localizer("en"))
    with pytest.warns(dk.MissingTranslationWarning, match="audience.funder.marking"):
        reflector_pptx(shared, dk.get_localizer("de"))


def test_title_layout_without_a_subtitle_is_named(tmp_path: Path) -> None:
    """The audience marking would have nowhere to go: refused, naming the layout."""
    prs = Presentation()
    layout = prs.slide_layouts[0]
    for placeholder in list(layout.placeholders):
        if placeholder.placeholder_format.idx == 1:
            placeholder._element.getparent().remove(placeholder._element)
    path = tmp_path / "no-subtitle.pptx"
    prs.save(str(path))
    with pytest.raises(dk.TemplateError, match="the title layout 'Title Slide' has no subtitle placeholder"):
        _deck(EXAMPLES[0], "en", template=path)
