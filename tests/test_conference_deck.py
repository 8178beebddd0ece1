"""The conference deck (issue #16): the agencies' views side by side with the CaseReflector's
symbols, the agreement summary the comparison counts, what differs in words, the card questions in
the speaker notes, the action plan; valid, fitted and rendered in every language; and the
`desistkit conference` command."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import attrs
import pytest
from pptx import Presentation

import desistkit as dk
from conference_fixtures import AGENCIES, ROLES, SECRET_ACTION, with_three_agency_conference
from conftest import EXAMPLES, convert_all_to_pdf, run_cli
from desistkit.core.conference import ConvergenceTrend, compare_conference, convergence
from desistkit.export.conference import conference_pptx
from desistkit.export.deck.slides import STANCE_SYMBOLS, VALENCE_SYMBOLS
from desistkit.i18n.localizer import available_languages
from desistkit.sharing import WITHHELD
from ooxml_schema import require_schemas, validate_package
from test_reflector import _broken_words, _outside, _overflows

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 11, 30)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)
PRISON = next(p for p in EXAMPLES if p.name == "prison-case.json")


def three_agency_case() -> dk.Case:
    """The prison example with a recorded three-agency conference after its format-1 case
    conference session (s4)."""
    return with_three_agency_conference(dk.load_case(PRISON))


def _shared(case: dk.Case, audience: str = "internal", lang: str = "en") -> dk.SharedCase:
    return dk.share(case, audience, key=KEY, on=ON, now=NOW, lang=lang)


def _deck(case: dk.Case, lang: str = "en", audience: str = "internal", **kw: object) -> bytes:
    return conference_pptx(_shared(case, audience, lang), dk.get_localizer(lang), **kw)  # type: ignore[arg-type]


def _shapes(data: bytes) -> dict[str, str]:
    """Every named shape's text, by shape name."""
    prs = Presentation(io.BytesIO(data))
    return {sh.name: sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame}


def _texts(data: bytes) -> str:
    """All the slides' texts, one box a line."""
    prs = Presentation(io.BytesIO(data))
    return "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)


def _titles(data: bytes) -> list[str]:
    return [s.shapes.title.text_frame.text for s in Presentation(io.BytesIO(data)).slides]


def _notes(data: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(data))
    return [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in prs.slides]


# --- what the deck says ----------------------------------------------------------------------


def test_the_grid_shows_each_agencys_symbols_and_marks_what_differs() -> None:
    """Each cell of the grid is the agency's stance, valence and rating as the CaseReflector writes
    them (● + 3); a factor the agencies disagree on is marked ≠, one they agree on is not."""
    case = three_agency_case()
    data = _deck(case)
    shapes = _shapes(data)
    compared = compare_conference(case.conference("c1"), dk.default_catalogue())
    for factor in compared.factors:
        for n, view in enumerate(factor.views, 1):
            cell = shapes[f"overview:{factor.factor_id}:{n}"]
            if not view.addressed:
                assert cell == STANCE_SYMBOLS[None]
                continue
            assert cell.startswith(STANCE_SYMBOLS[view.stance])
            if view.valence is not None:
                assert VALENCE_SYMBOLS[view.valence] in cell
            if view.rating is not None:
                assert cell.endswith(str(view.rating))
        assert shapes[f"overview:{factor.factor_id}:differs"] == ("" if factor.agree else "≠")
    assert any(not f.agree for f in compared.factors) and any(f.agree for f in compared.factors)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_agreement_summary_is_the_comparisons_count(lang: str) -> None:
    """ "Agencies agree on N of 29 factors": N is compare_conference(...).agreed, on every grid slide."""
    case = three_agency_case()
    data = _deck(case, lang)
    compared = compare_conference(case.conference("c1"), dk.get_localizer(lang).catalogue())
    loc = dk.get_localizer(lang)
    expected = loc.plural("conference.agreement", compared.total, agreed=str(compared.agreed))
    prs = Presentation(io.BytesIO(data))
    found = [
        sh.text_frame.paragraphs[0].text
        for s in prs.slides
        for sh in s.shapes
        if sh.name == "conference:agreement"
    ]
    assert found and set(found) == {expected}
    assert str(compared.agreed) in expected and str(compared.total) in expected
    if lang == "en":
        assert expected == f"Agencies agree on {compared.agreed} of 29 factors"


def test_divergence_slides_say_what_differs_and_carry_the_card_questions() -> None:
    """One slide per category with a diverging factor; each diverging factor says in words what
    differs; the speaker notes carry that factor's card questions and the prompts on stances."""
    case = three_agency_case()
    data = _deck(case)
    loc = dk.get_localizer("en")
    cat = loc.catalogue()
    compared = compare_conference(case.conference("c1"), cat)
    titles, notes, shapes = _titles(data), _notes(data), _shapes(data)
    for category in cat.categories:
        diverging = [
            f
            for f in compared.factors
            if f.divergences and f.addressed and cat.factor(f.factor_id).category.id == category.id
        ]
        title = loc.text("conference.divergence_title", category=category.name)
        assert (title in titles) == bool(diverging)
        if not diverging:
            continue
        slide_notes = notes[titles.index(title)]
        assert loc.text("conference.prompts.stances") in slide_notes
        assert loc.text("conference.prompts.projection") in slide_notes
        first = cat.factor(diverging[0].factor_id)
        assert all(q in slide_notes for q in first.questions)
    spread = next(f for f in compared.factors if dk.Divergence.RATING_SPREAD in f.divergences)
    ratings = [v.rating for v in spread.views if v.rating is not None]
    assert f"≠ Ratings from {min(ratings)} to {max(ratings)}" in shapes[f"differs:{spread.factor_id}"]
    assumed = next(f for f in compared.factors if dk.Divergence.KNOWN_VS_ASSUMED in f.divergences)
    assert "One agency knows what another only assumes" in shapes[f"differs:{assumed.factor_id}"]
    # each agency's words: stance, valence, rating and the probation service's own priority
    probation = shapes[f"differs:{assumed.factor_id}:3"]
    assert "Assumed" in probation and "Agency's priority: High" in probation


def test_title_action_plan_recommendations_and_next_date() -> None:
    """The title names the case, the occasion, the date and each agency with its contact's role;
    the action plan lists what, who, by when, on which factors and the status."""
    data = _deck(three_agency_case())
    shapes = _shapes(data)
    facts = shapes["conference:facts"]
    for agency, role in zip(AGENCIES, ROLES, strict=True):
        assert f"{agency} – {role}" in facts
    texts = _texts(data)
    assert "Occasion: Before release · Jul 1, 2025" in texts
    assert shapes["action:a1:what"] == SECRET_ACTION
    assert shapes["action:a1:owner"] == AGENCIES[1]
    cat = dk.default_catalogue()
    names = f"{cat.factor('home_environment').name}, {cat.factor('family_of_origin').name}"
    assert shapes["action:a1:factors"] == names
    assert shapes["action:a2:status"] == "In progress"
    assert "Next conference: Oct 7, 2025" in texts
    assert "Keep the counselling going during the first months after release" in texts


def test_convergence_since_the_previous_conference() -> None:
    """The three-agency conference (c1) is compared with the two-agency review before it (c0), not
    with the format-1 case conference (s4), where one agency cannot disagree with another; c0 has
    no earlier conference of two agencies, so its deck has no such slide."""
    case = three_agency_case()
    assert [c.id for c in case.conference_history] == ["s4", "c0", "c1"]
    data = _deck(case)
    loc = dk.get_localizer("en")
    cat = loc.catalogue()
    before = compare_conference(case.conference("c0"), cat)
    after = compare_conference(case.conference("c1"), cat)
    texts = _texts(data)
    assert "Since the previous conference" in _titles(data)
    assert f"Factors the agencies agree on: Previous conference (May 6, 2025)\n{before.agreed} / 29" in texts
    assert f"Factors the agencies agree on: This conference (Jul 1, 2025)\n{after.agreed} / 29" in texts
    moved = convergence(before, after)
    apart = [cat.factor(f.factor_id).name for f in moved.factors if f.trend is ConvergenceTrend.DIVERGED]
    assert apart and f"Views moved apart\n{loc.format_list(apart)}" in texts
    for earlier in ("c0", "s4"):
        assert "Since the previous conference" not in _titles(_deck(case, conference=earlier))


def test_the_format_1_case_conference_of_the_example() -> None:
    """examples/prison-case.json has a case_conference session; without its recorded conferences
    the deck is that session read as a one-agency conference; an unknown id names the known ones."""
    case = attrs.evolve(dk.load_case(PRISON), conferences=())
    assert [c.id for c in case.conference_history] == ["s4"]
    data = _deck(case)
    assert _titles(data)[0] == f"Case conference: Case {case.reference}"
    compared = compare_conference(case.conference("s4"), dk.default_catalogue())
    assert compared.agencies == ("Exit counselling NGO",)
    with pytest.raises(dk.UnknownConferenceError, match=r"'c9'; the case has s4"):
        _deck(case, conference="c9")
    without = dk.load_case(next(p for p in EXAMPLES if p.name == "probation-case.json"))
    assert without.conference_history == ()
    with pytest.raises(dk.UnknownConferenceError, match=r"^the case has no case conference \("):
        _deck(without)


def test_external_audience_pseudonymised_and_withheld() -> None:
    """For the security audience: the case reference is a pseudonym, no note or action wording the
    audience may not read appears anywhere in the package, and the dates are as precise as the
    audience may see them. (Until conferences are shared beyond the team, the recorded conference
    is not there; the format-1 one is.)"""
    case = three_agency_case()
    shared = _shared(case, "security")
    data = conference_pptx(shared, dk.get_localizer("en"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        blob = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    assert case.reference not in blob
    assert SECRET_ACTION not in blob  # not marked shareable
    assert "Keep the counselling going" not in blob  # a recommendation not marked shareable
    for note in (n for s in case.sessions for r in s.reflections for n in (*r.known, *r.assumed, *r.open)):
        assert note.text not in blob
    title = _titles(data)[0].replace("\u2011", "-")  # a pseudonym is kept on one line
    assert title == f"Case conference: Case {shared.case.reference}"


def test_withheld_action_shows_as_withheld() -> None:
    """An action whose wording the audience may not read reads "(wording not released)"; a withheld
    recommendation is counted ("1 note withheld"), never printed as the marker."""
    case = three_agency_case()
    shared = _shared(case)
    earlier, conference = shared.case.conferences
    hidden = attrs.evolve(conference.actions[0], what=WITHHELD)
    note = attrs.evolve(conference.recommendations[0], text=WITHHELD)
    changed = attrs.evolve(conference, actions=(hidden, *conference.actions[1:]), recommendations=(note,))
    shared = attrs.evolve(shared, case=attrs.evolve(shared.case, conferences=(earlier, changed)))
    de = dk.get_localizer("de")
    data = conference_pptx(shared, de)
    assert _shapes(data)["action:a1:what"] == de.text("withheld.wording")
    assert de.plural("plural.notes_withheld", 1) in _texts(data)
    assert WITHHELD not in _texts(data)


# --- valid, fitted, rendered ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "el"])
def test_valid_and_deterministic(lang: str) -> None:
    """XSD-valid; the same bytes twice; every slide has a title; language tags on every run."""
    require_schemas()
    case = three_agency_case()
    data = _deck(case, lang)
    assert validate_package(data) == []
    assert data == _deck(case, lang)
    tag = dk.get_localizer(lang).tag
    prs = Presentation(io.BytesIO(data))
    for slide in prs.slides:
        assert slide.shapes.title.text_frame.text.strip()
        for run in slide.shapes._spTree.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}r"):
            assert run.find("{http://schemas.openxmlformats.org/drawingml/2006/main}rPr").get("lang") == tag


@pytest.mark.parametrize("lang", available_languages())
def test_every_language_builds_and_fits(lang: str) -> None:
    """Every language: the deck builds, no English left in its own words, no text taller than its
    box, no word wider than its box, nothing beyond the slide."""
    data = _deck(three_agency_case(), lang)
    assert _overflows(data) == []
    assert _broken_words(data) == []
    assert _outside(data) == []
    if lang != "en":
        english = dk.get_localizer("en")
        titles = _titles(data)
        for key in ("conference.overview_title", "conference.actions_title"):
            assert english.text(key) not in titles, key


@pytest.mark.parametrize("lang", ["de", "nl"])
def test_six_agencies_with_long_names_fit(lang: str) -> None:
    """Six agencies whose names hold long compound words: the factor column gives way (down to its
    own longest word), so no agency's name breaks inside a word and nothing overflows."""
    case = three_agency_case()
    c1 = case.conference("c1")
    names = (
        "Jugendgerichtshilfe Landkreis", "Bewährungshilfe Landgerichtsbezirk",
        "Polizeiliches Staatsschutzdezernat", "Justizvollzugsanstalt Sozialdienst",
        "Ausstiegsberatung Beratungsnetzwerk", "Psychologischer Dienst",
    )  # fmt: skip
    contributions = tuple(attrs.evolve(c1.contributions[i % 3], agency=n) for i, n in enumerate(names))
    six = attrs.evolve(
        c1,
        contributions=contributions,
        participants=tuple(dk.Participant(agency=n, contact_role="Ansprechperson") for n in names),
        actions=tuple(attrs.evolve(a, owner=names[i]) for i, a in enumerate(c1.actions)),
    )
    data = _deck(attrs.evolve(case, conferences=(case.conference("c0"), six)), lang)
    assert len(Presentation(io.BytesIO(data)).slides[1].shapes) > 6 * 8  # the six columns are there
    assert _overflows(data) == [] and _broken_words(data) == [] and _outside(data) == []


@pytest.mark.libreoffice
def test_libreoffice_renders_every_slide_inside_its_boxes(soffice: str, tmp_path: Path) -> None:
    """LibreOffice opens the decks (German, Greek, Finnish) and draws one page per slide; every
    word it draws lies inside the slide, below the title area's top and above its bottom."""
    pdfplumber = pytest.importorskip("pdfplumber")
    decks = {lang: _deck(three_agency_case(), lang) for lang in ("de", "el", "fi")}
    for lang, data in decks.items():
        (tmp_path / f"conf-{lang}.pptx").write_bytes(data)
    pdfs = convert_all_to_pdf(soffice, [tmp_path / f"conf-{lang}.pptx" for lang in decks], tmp_path)
    for (lang, data), pdf in zip(decks.items(), pdfs, strict=True):
        prs = Presentation(io.BytesIO(data))
        boxes = [
            [
                (sh.left / 12700, sh.top / 12700, (sh.left + sh.width) / 12700, (sh.top + sh.height) / 12700)
                for sh in slide.shapes
                if sh.has_text_frame and sh.text_frame.text.strip()
            ]
            for slide in prs.slides
        ]
        with pdfplumber.open(pdf) as document:
            assert len(document.pages) == len(prs.slides), lang
            for number, (page, shapes) in enumerate(zip(document.pages, boxes, strict=True), 1):
                for word in page.extract_words():
                    inside = any(
                        left - 1 <= word["x0"]
                        and word["x1"] <= right + 1
                        and top - 1 <= word["top"]
                        and word["bottom"] <= bottom + 1
                        for left, top, right, bottom in shapes
                    )
                    assert inside, f"{lang} slide {number}: {word['text']!r} outside every box"


# --- the command ---------------------------------------------------------------------------------


def test_cli_conference(tmp_path: Path) -> None:
    """`desistkit conference CASE --lang L --audience A -o FILE.pptx`; the document is chosen by the
    suffix; an unknown conference id or suffix is one line naming what there is."""
    from desistkit.cli.conference import CONFERENCE_DOCUMENTS

    assert CONFERENCE_DOCUMENTS[".pptx"] == "conference-deck"
    case_path = tmp_path / "case.json"
    dk.save_case(three_agency_case(), case_path)
    out = tmp_path / "conference.pptx"
    result = run_cli("conference", str(case_path), "--lang", "de", "--audience", "internal", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert _titles(out.read_bytes())[0].startswith("Fallkonferenz")
    earlier = tmp_path / "earlier.pptx"
    audit = tmp_path / "audit.json"
    result = run_cli("conference", str(case_path), "--conference", "s4", "--audience", "internal",
                     "-o", str(earlier), "--audit", str(audit))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert audit.exists() and "Since the previous conference" not in _titles(earlier.read_bytes())
    unknown = run_cli("conference", str(case_path), "--conference", "c9", "--audience", "internal",
                      "-o", str(tmp_path / "x.pptx"))  # fmt: skip
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines() == [
        "desistkit: unknown conference id 'c9'; the case has s4, c0, c1"
    ]
    assert not (tmp_path / "x.pptx").exists()
    wrong = run_cli("conference", str(case_path), "--audience", "internal", "-o", str(tmp_path / "x.xlsx"))
    assert wrong.returncode == 2 and ".pptx" in wrong.stderr and "Traceback" not in wrong.stderr
    again = run_cli("conference", str(case_path), "--audience", "internal", "-o", str(out))
    assert again.returncode != 0 and "exists" in again.stderr
