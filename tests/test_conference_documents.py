"""What a caseworker notices in the documents for a case conference (issues #13 and #15): why texts
are withheld and since when, a withheld goal that does not read like a goal, a tracker in her
language with ids at the end, balanced continuation slides, a progress chart that reads, no empty
form boxes, and a generated deck that reads back with no extra option."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import attrs
import docx
import openpyxl
import pytest
from pptx import Presentation

import desistkit as dk
from conftest import EXAMPLES, convert_to_pdf, run_cli
from desistkit.export.content import ChartKind, case_content
from desistkit.export.deck.layout import Cell, Grid, Metrics, Row, paginate
from desistkit.export.reflector import blank_reflector_pptx, reflector_pptx
from desistkit.export.summary import summary_docx
from desistkit.export.text import plain_text
from desistkit.export.tracker import tracker_xlsx
from desistkit.formats import deck as contract
from desistkit.formats import tracker as layout
from desistkit.importing import read_deck, read_tracker
from desistkit.sharing import parse_policy, preview_lines
from ooxml_schema import require_schemas, validate_package

KEY = dk.PseudonymKey(bytes(range(32)))
EXPIRES, WITHDRAWN = dt.date(2026, 4, 7), dt.date(2026, 3, 15)
LATER = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.timezone.utc)  # after both
# The case conference with dates to the day: the reason then says the day, not the month.
DAY_POLICY = parse_policy(
    'format = "desistkit-policy/1"\nextends = "default"\n'
    '[audiences.case-conference]\npurpose = "case-planning"\nunconsented = "structure"\n'
    '[audiences.case-conference.fields]\nreference = "pseudonymise"\n"session.date" = "keep"\n'
    '"goal.dates" = "keep"\n"note.text" = "redact"\n"goal.wording" = "redact"\nratings = "keep"\n'
)


def _demo(**consent: object) -> dk.Case:
    """The demo case, its consents ending as given (expires / withdrawn)."""
    case = dk.demo_case()
    return attrs.evolve(case, consents=tuple(attrs.evolve(c, **consent) for c in case.consents))


def _shared(case: dk.Case, *, day: bool = False, audience: str = "case-conference") -> dk.SharedCase:
    policy = DAY_POLICY if day else None
    return dk.share(case, audience, key=KEY, on=LATER.date(), now=LATER, policy=policy)


def _deck_texts(data: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(data))
    return [
        p.text for s in prs.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs
    ]


def _workbook_texts(data: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value]


# --- why withheld, and since when (#13) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("consent", "english", "german"),
    [
        ({"expires": EXPIRES}, "Withheld: consent expired on April 7, 2026",
         "Zurückgehalten: Einwilligung am 7. April 2026 abgelaufen"),
        ({"withdrawn": WITHDRAWN}, "Withheld: consent withdrawn on March 15, 2026",
         "Zurückgehalten: Einwilligung am 15. März 2026 widerrufen"),
    ],
)  # fmt: skip
def test_preview_and_every_document_name_the_reason_and_the_day(
    consent: dict[str, object], english: str, german: str
) -> None:
    """Consent that expired or was withdrawn before the moment of disclosure: the preview and the
    deck, Word summary, tracker and text summary say so, with the day (the locale's long date; the
    "en" locale writes it the American way)."""
    shared = _shared(_demo(**consent), day=True)
    preview = preview_lines(shared, dk.get_localizer("en"))
    assert any(line.strip().startswith(f"{english} (") for line in preview), preview
    assert not any("Notes withheld" in line for line in preview)  # a goal: "(wording not released)"
    de = dk.get_localizer("de")
    assert german in _deck_texts(reflector_pptx(shared, de))
    assert german in [p.text for p in docx.Document(io.BytesIO(summary_docx(shared, de))).paragraphs]
    assert german in _workbook_texts(tracker_xlsx(shared, de))
    assert german in [line.strip() for line in plain_text(shared, de).splitlines()]
    generic = de.text("document.withheld")
    assert generic not in _deck_texts(reflector_pptx(shared, de))  # not only "no consent"


def test_a_month_audience_is_told_the_month() -> None:
    """Dates by month for the case conference: the reason says the month, never the day."""
    shared = _shared(_demo(expires=EXPIRES))
    texts = _deck_texts(reflector_pptx(shared, dk.get_localizer("de")))
    assert "Zurückgehalten: Einwilligung abgelaufen (April 2026)" in texts
    assert not any("7. April" in t for t in texts)
    preview = "\n".join(preview_lines(shared, dk.get_localizer("en")))
    assert "Withheld: consent expired in April 2026 (" in preview


def test_consent_that_holds_withholds_nothing_for_that_reason() -> None:
    """Consent still valid: no expired or withdrawn sentence anywhere."""
    shared = _shared(_demo(expires=dt.date(2027, 1, 31)))
    texts = _deck_texts(reflector_pptx(shared, dk.get_localizer("en")))
    assert not any("expired" in t or "withdrawn" in t for t in texts)


# --- a withheld goal (#15) -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "el"])
def test_a_withheld_goal_says_its_wording_is_not_released(lang: str) -> None:
    """In the goals table and under "goals reached": "(wording not released)", never "Notes withheld"."""
    loc = dk.get_localizer(lang)
    shared = _shared(_demo(expires=EXPIRES))
    marker = loc.text("withheld.wording")
    assert marker != dk.get_localizer("en").text("withheld.wording")
    prs = Presentation(io.BytesIO(reflector_pptx(shared, loc)))
    wordings = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.name.endswith(":wording")]
    assert wordings and set(wordings) == {marker}
    texts = _deck_texts(reflector_pptx(shared, loc))
    reached = [t for t in texts if t.startswith(loc.text("document.goals_reached"))]
    assert reached == [f"{loc.text('document.goals_reached')}: {marker}"]
    assert not any(t.startswith(loc.text("document.withheld")[:12]) for t in wordings + reached)
    goals = openpyxl.load_workbook(io.BytesIO(tracker_xlsx(shared, loc)))[loc.text("tracker.sheet.goals")]
    assert {row[0].value for row in goals.iter_rows(min_row=2) if row[0].value} == {marker}


# --- the tracker (#15) ---------------------------------------------------------------------------


def test_german_goals_sheet_has_no_english_words_and_ids_last() -> None:
    """Factors by their German names, owners as German roles, the goal id in the last column; the
    tracker still reads back to the same case."""
    case = dk.load_case(EXAMPLES[1])
    owners = ("client", "caseworker")
    goals = tuple(attrs.evolve(g, owner_role=owners[i % 2]) for i, g in enumerate(case.goals))
    case = attrs.evolve(case, goals=goals)
    de = dk.get_localizer("de")
    data = tracker_xlsx(dk.share(case, "internal", on=dt.date(2025, 11, 30)), de)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[de.text("tracker.sheet.goals")]
    header = [c.value for c in sheet[1]]
    assert header[-1] == de.text("tracker.goal_id")
    ids = set(dk.default_catalogue().ids) | set(owners)
    cells = [str(c.value) for row in sheet.iter_rows(min_row=2) for c in row[:-1] if c.value is not None]
    words = {w.strip(" ,") for cell in cells for w in cell.split()}
    assert not words & ids, words & ids
    owner = header.index(de.text("document.owner"))
    assert {row[owner].value for row in sheet.iter_rows(min_row=2)} == {"Klient*in", "Fachkraft"}
    factors = header.index(de.text("document.linked_factors"))
    names = {f.name for f in de.catalogue().factors}
    linked = [row[factors].value for row in sheet.iter_rows(min_row=2) if row[factors].value]
    assert linked and all(any(n in v for n in names) for v in linked)
    assert read_tracker(data, base=case) == case
    sessions = openpyxl.load_workbook(io.BytesIO(data))[de.text("tracker.sheet.sessions")]
    assert [c.value for c in sessions[1]][-2:] == [
        de.text("tracker.session_id"),
        de.text("tracker.factor_id"),
    ]


@pytest.mark.parametrize("lang", ["de", "el"])
def test_overview_labels_stand_on_the_row_of_their_values(lang: str) -> None:
    """Each case fact's label is in the row of its value, both aligned to the top of the row (a
    wrapped legend line beside them makes the row taller)."""
    loc = dk.get_localizer(lang)
    data = tracker_xlsx(_shared(dk.demo_case()), loc)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for column in layout.CASE_FACTS:
        (sheet, ref), *_ = workbook.defined_names[layout.CASE_TABLE.defined_name(column.key)].destinations
        value = workbook[sheet][ref.replace("$", "")]
        label = workbook[sheet].cell(row=value.row, column=1)
        assert label.value == loc.text(column.label)
        assert label.alignment.vertical == "top", column.key
        if value.value is not None:
            assert value.alignment.vertical == "top", column.key


def test_one_stance_palette_and_no_smoothed_lines() -> None:
    """The tracker's stance colours are light tints of the palette its and the deck's charts use;
    no chart line in either document is smoothed."""
    from desistkit.export.content import STANCE_COLOURS

    shared = _shared(dk.demo_case())
    loc = dk.get_localizer("de")
    for data in (tracker_xlsx(shared, loc), reflector_pptx(shared, loc)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            charts = [archive.read(n).decode() for n in archive.namelist() if "/charts/chart" in n]
        assert charts
        assert not any('<c:smooth val="1"/>' in c for c in charts)
        stacked = [c for c in charts if 'grouping val="stacked"' in c]
        assert len(stacked) == 1
        for colour in STANCE_COLOURS.values():
            assert colour.lstrip("#").upper() in stacked[0].upper()


# --- the deck (#15) ------------------------------------------------------------------------------


def test_rows_are_balanced_over_continuation_pages() -> None:
    """Eleven rows that need two pages go six and five, not ten and one."""
    from desistkit.export._fit import advances

    m = Metrics(advances())
    grid = Grid((80.0,), tuple(Row((Cell(min_height=10.0),)) for _ in range(11)))
    pages = paginate(grid, m, 10 * (10.0 + 0.8) + 1, lambda t: t)
    assert sorted(len(p.rows) for p in pages) == [5, 6]


@pytest.mark.parametrize("lang", ["de", "el"])
def test_no_continuation_slide_with_fewer_than_three_rows(lang: str) -> None:
    """Every reflection slide that continues a category holds at least three factors when the
    category has enough factors for three on each of its slides."""
    loc = dk.get_localizer(lang)
    prs = Presentation(io.BytesIO(reflector_pptx(_shared(dk.demo_case(), audience="internal"), loc)))
    per_title: dict[str, list[int]] = {}
    for slide in prs.slides:
        rows = [sh for sh in slide.shapes if sh.name.endswith(":assessment")]
        if rows:
            title = slide.shapes.title.text_frame.text
            base = title.replace(loc.text("document.continued", title=""), "").strip()
            per_title.setdefault(base, []).append(len(rows))
    continued = {t: n for t, n in per_title.items() if len(n) > 1}
    assert continued, "the demo case needs continuation slides for this test"
    for title, counts in continued.items():
        if sum(counts) >= 3 * len(counts):  # the total allows three on every slide
            assert min(counts) >= 3, (title, counts)


def test_progress_chart_is_bars_with_many_factors_and_a_radar_where_it_reads() -> None:
    """29 spokes with missing first values: bars, first and latest side by side per factor. Four
    factors rated in both sessions: a radar."""
    loc = dk.get_localizer("de")
    shared = _shared(dk.demo_case(), audience="internal")
    chart = case_content(shared, loc).ratings_chart
    assert chart.kind is ChartKind.CLUSTERED_BAR and chart.alt == loc.text("progress_chart.bars_alt")
    with zipfile.ZipFile(io.BytesIO(reflector_pptx(shared, loc))) as archive:
        xml = [archive.read(n).decode() for n in archive.namelist() if n.startswith("ppt/charts/chart")]
    assert any('<c:barDir val="bar"/>' in x and 'grouping val="clustered"' in x for x in xml)
    assert not any("<c:radarChart>" in x for x in xml)
    factors = ("employment", "friends", "identity", "family_of_origin")
    sessions = tuple(
        dk.Session(f"s{i}", dt.date(2025, i, 3), dk.SessionKind.COUNSELLING,
                   reflections=[dk.FactorReflection(f, rating=i) for f in factors])
        for i in (1, 2)
    )  # fmt: skip
    small = dk.Case("X-2", dk.Setting.PROBATION, sessions=sessions)
    radar = case_content(dk.share(small, "internal", on=dt.date(2025, 3, 1)), loc).ratings_chart
    assert radar.kind is ChartKind.RADAR and len(radar.categories) == 4


@pytest.mark.parametrize("lang", ["de", "el"])
def test_generated_deck_has_no_empty_form_boxes_and_equal_headers(lang: str) -> None:
    """No blank "Case"/"Date" boxes on the title slide and no empty text box on it; the blank deck
    keeps its boxes to write in. The overview's category bands are all as tall."""
    loc = dk.get_localizer(lang)
    prs = Presentation(io.BytesIO(reflector_pptx(_shared(dk.demo_case()), loc)))
    title = prs.slides[0]
    names = [sh.name for sh in title.shapes]
    assert not set(names) & set(contract.TITLE_FIELDS)
    assert all(sh.text_frame.text.strip() for sh in title.shapes if sh.has_text_frame)
    assert any(n.startswith(contract.FACTS_PREFIX) for n in names)
    blank = Presentation(io.BytesIO(blank_reflector_pptx(loc)))
    assert set(contract.TITLE_FIELDS) <= {sh.name for sh in blank.slides[0].shapes}
    bands = [sh for sh in prs.slides[1].shapes if sh.name.startswith("category:")]
    assert len(bands) == 4 and len({sh.height for sh in bands}) == 1


def test_the_progress_slide_title_has_one_colon() -> None:
    """ "Fortschritt" on the slide, the chart's own title in the chart: never two titles joined."""
    loc = dk.get_localizer("de")
    prs = Presentation(io.BytesIO(reflector_pptx(_shared(dk.demo_case()), loc)))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles.count(loc.text("reflector.progress_title")) == 2
    assert all(t.count(":") <= 1 for t in titles), titles


# --- import (#15) --------------------------------------------------------------------------------


def test_a_deck_desistkit_wrote_imports_with_no_options_and_with_date(tmp_path: Path) -> None:
    """`desistkit import deck.pptx -o case.json`: reference, setting and date from the deck itself;
    `--date` given wins over the deck's month."""
    case = dk.demo_case()
    shared = _shared(case)
    deck = tmp_path / "conference.pptx"
    deck.write_bytes(reflector_pptx(shared, dk.get_localizer("de")))
    out = tmp_path / "case.json"
    result = run_cli("import", str(deck), "-o", str(out))
    assert result.returncode == 0, result.stderr
    read = dk.load_case(out)
    latest = shared.case.chronological[-1].date
    assert (read.reference, read.setting) == (shared.case.reference, case.setting)
    assert read.sessions[0].date == latest
    dated = tmp_path / "dated.json"
    result = run_cli("import", str(deck), "--date", "2025-06-27", "-o", str(dated))
    assert result.returncode == 0, result.stderr
    assert dk.load_case(dated).sessions[0].date == dt.date(2025, 6, 27)


def test_a_month_in_the_date_box_asks_for_the_day_and_date_is_honoured() -> None:
    """A deck whose date box says "Juni 2025" (as older desistkit decks did): refused with a message
    that names --date; read with the date given."""
    prs = Presentation(io.BytesIO(blank_reflector_pptx(dk.get_localizer("de"))))
    values = {"case:reference": "PB-2026-007", "session:date": "Juni 2025", "identity:assessment": "3"}
    for shape in prs.slides[0].shapes:
        if shape.name in values:
            shape.text_frame.text = values[shape.name]
    for shape in (sh for s in prs.slides for sh in s.shapes if sh.name == "identity:assessment"):
        shape.text_frame.text = "3"
    buffer = io.BytesIO()
    prs.save(buffer)
    with pytest.raises(dk.DocumentError) as exc:
        read_deck(buffer.getvalue(), setting=dk.Setting.PROBATION)
    assert "--date" in str(exc.value) and "shape session:date" in str(exc.value)
    case = read_deck(buffer.getvalue(), setting=dk.Setting.PROBATION, date=dt.date(2025, 6, 27))
    assert case.sessions[0].date == dt.date(2025, 6, 27)


# --- valid and opened -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "el"])
def test_deck_and_tracker_are_schema_valid(lang: str) -> None:
    require_schemas()
    loc = dk.get_localizer(lang)
    shared = _shared(_demo(expires=EXPIRES), day=True)
    assert validate_package(reflector_pptx(shared, loc)) == []
    assert validate_package(tracker_xlsx(shared, loc)) == []


@pytest.mark.libreoffice
def test_deck_and_tracker_open_in_libreoffice(soffice: str, tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    shared = _shared(_demo(withdrawn=WITHDRAWN))
    loc = dk.get_localizer("el")
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(reflector_pptx(shared, loc))
    with pdfplumber.open(convert_to_pdf(soffice, deck, tmp_path)) as document:
        assert len(document.pages) == len(Presentation(str(deck)).slides)
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(tracker_xlsx(shared, loc))
    with pdfplumber.open(convert_to_pdf(soffice, tracker, tmp_path)) as document:
        assert len(document.pages) >= 6


@pytest.mark.libreoffice
def test_a_deck_saved_again_by_libreoffice_still_imports_with_no_options(
    soffice: str, tmp_path: Path
) -> None:
    """LibreOffice renames placeholders but keeps the facts box's name: still no option needed."""
    import subprocess

    shared = _shared(dk.demo_case())
    source = tmp_path / "in" / "deck.pptx"
    source.parent.mkdir()
    source.write_bytes(reflector_pptx(shared, dk.get_localizer("de")))
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "pptx", "--outdir", str(tmp_path), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    read = read_deck((tmp_path / "deck.pptx").read_bytes())
    assert (read.reference, read.setting) == (shared.case.reference, shared.case.setting)
    assert read.sessions[0].date == shared.case.chronological[-1].date


def test_the_shared_case_file_says_why_its_texts_are_withheld(tmp_path: Path) -> None:
    """`desistkit share -o`: a withheld note in the shared JSON reads as the one reason there is
    ("Withheld: consent withdrawn in March 2026"), or "(wording not released)" where there are
    several (all are in the audit record) - never the general "no consent" when that is not why."""
    case = dk.demo_case()
    withdrawn = [attrs.evolve(c, withdrawn=WITHDRAWN) for c in case.consents]
    # Only the withdrawal is a reason: every note shareable, the consent covering every factor.
    everything = sorted(dk.default_catalogue().known_ids)
    consents = tuple(attrs.evolve(c, factors=everything) for c in withdrawn)
    notes_shareable = attrs.evolve(case, consents=consents)
    (tmp_path / "case.json").write_text(dk.dumps_case(notes_shareable), encoding="utf-8")
    (tmp_path / "key").write_text(KEY.hex() + "\n", encoding="utf-8")
    result = run_cli("share", "case.json", "--audience", "case-conference", "--key", "key", "--lang", "de",
                     "--on", "2026-05-04", "-o", "shared.json", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "shared.json").read_text("utf-8")
    de = dk.get_localizer("de")
    assert "\ue000" not in text, "the internal marker never reaches a reader"
    assert de.text("document.withheld") not in text
    assert (
        "Zurückgehalten: Einwilligung widerrufen (März 2026)" in text or de.text("withheld.wording") in text
    )
