"""Issue #16: before a case conference each agency fills its own blank CaseReflector, in its own
language; the decks are read back into one conference of the case and compared.

Three agencies (German, Greek, Finnish) type into their decks as a caseworker does in PowerPoint;
the divergences planted in what they type are the ones the comparison finds, and the case with the
conference is saved and loads back valid. Also: a deck is refused for another agency, a second
import for the same agency does not overwrite the first, and the CLI says what went wrong in one
line. Agencies and notes are fictional.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
import jsonschema
import pytest
from pptx import Presentation

import desistkit as dk
from conftest import EXAMPLES, convert_all_to_pdf, convert_to_pdf, run_cli
from desistkit.export.reflector import blank_reflector_pptx
from desistkit.formats import deck as contract
from desistkit.importing import read_deck
from ooxml_schema import require_schemas, validate_package

PRISON = next(p for p in EXAMPLES if p.name == "prison-case.json")
DAY = dt.date(2026, 2, 10)
PROBATION, PRISON_SERVICE, EXIT_NGO = "Bewährungshilfe Nord", "Υπηρεσία Φυλακών Κορυδαλλού", "Exit-työ ry"
AGENCIES = {PROBATION: "de", PRISON_SERVICE: "el", EXIT_NGO: "fi"}


def _prison() -> dk.Case:
    """The prison example without its recorded conferences: its format-1 case conference session
    (s4) stays, and conference "c1" is free for the three decks."""
    return attrs.evolve(dk.load_case(PRISON), conferences=())


def _blank(agency: str, lang: str) -> bytes:
    return blank_reflector_pptx(dk.get_localizer(lang), agency=agency)


def _type_into(deck: bytes, lang: str, boxes: Mapping[str, Sequence[str]]) -> bytes:
    """What a caseworker does in PowerPoint: click into a box by its place on the slide (found here
    by its name) and type, one paragraph per line, the runs tagged with the keyboard's language."""
    prs = Presentation(io.BytesIO(deck))
    tag = dk.get_localizer(lang).tag
    left = dict(boxes)
    for slide in prs.slides:
        for shape in slide.shapes:
            lines = left.pop(shape.name, None)
            if lines is None:
                continue
            frame = shape.text_frame
            for i, line in enumerate(lines):
                paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                run = paragraph.add_run()
                run.text = line
                run.font._rPr.set("lang", tag)
    assert not left, f"no such boxes in the deck: {sorted(left)}"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _assessment(
    lang: str, valence: dk.Valence, rating: int, *priorities: tuple[str, dk.Priority]
) -> list[str]:
    """The last box of a factor's row as a caseworker writes it: valence, rating, priorities."""
    loc = dk.get_localizer(lang)
    return [
        loc.enum(valence),
        str(rating),
        *(f"{loc.text(f'priority.{who}')}: {loc.enum(level)}" for who, level in priorities),
    ]


def _filled(agency: str) -> bytes:
    """Each agency's deck as its caseworker fills it. Planted across the three:
    family_of_origin: resource vs challenge, 3 vs 1 (valence and rating spread);
    friends: one agency knows, another only assumes; community: ratings 4 vs 2, same valence;
    support_services: all agree, the client's priority differs from the probation service's own;
    identity: all agree (known, resource, 3 or 2)."""
    lang = AGENCIES[agency]
    loc = dk.get_localizer(lang)
    client = loc.enum(dk.Perspective.CLIENT)
    R, C = dk.Valence.RESOURCE, dk.Valence.CHALLENGE
    notes = {
        PROBATION: {
            "case:reference": ["HH-2025-014"],
            "session:date": ["2026-02-03"],
            "family_of_origin:known": [f"Regelmäßige Besuche der Schwester ({client})"],
            "family_of_origin:assessment": _assessment(lang, R, 3),
            "friends:known": ["Trifft zwei Freunde aus dem Sportverein"],
            "friends:assessment": _assessment(lang, R, 2),
            "community:known": ["Engagiert sich in der Kirchengemeinde"],
            "community:assessment": _assessment(lang, R, 4),
            "support_services:known": ["Nimmt Termine bei der Schuldnerberatung wahr"],
            "support_services:assessment": _assessment(
                lang, R, 3, ("client", dk.Priority.HIGH), ("caseworker", dk.Priority.LOW)
            ),
            "identity:known": ["Spricht über sich als Vater"],
            "identity:open": ["Welche Rolle spielt die Arbeit für ihn?"],
            "identity:assessment": _assessment(lang, R, 3),
        },
        PRISON_SERVICE: {
            "session:date": ["05.02.2026"],
            "family_of_origin:known": [
                "Ο πατέρας δεν τον επισκέπτεται",
                f"Θέλει επαφή με τη μητέρα ({client})",
            ],
            "family_of_origin:assessment": _assessment(lang, C, 1),
            "friends:assumed": ["Πιθανόν επαφές με παλιούς φίλους"],
            "friends:assessment": _assessment(lang, R, 2),
            "identity:known": ["Συμμετέχει στο εργαστήριο ξυλουργικής"],
            "identity:assessment": _assessment(lang, R, 2),
            "support_services:known": ["Πηγαίνει στην κοινωνική υπηρεσία"],
            "support_services:assessment": _assessment(lang, R, 3),
        },
        EXIT_NGO: {
            "community:known": ["Käy seurakunnan nuorteniltoja"],
            "community:assessment": _assessment(lang, R, 2),
            "identity:known": ["Kuvaa itseään isäksi"],
            "identity:assessment": _assessment(lang, R, 3),
            "support_services:known": ["Tapaa velkaneuvojaa"],
            "support_services:assessment": _assessment(lang, R, 3),
        },
    }[agency]
    return _type_into(_blank(agency, lang), lang, notes)


def _import_all(case: dk.Case) -> dk.Case:
    for agency in AGENCIES:
        case = read_deck(
            _filled(agency),
            base=case,
            conference="c1",
            agency=agency,
            date=DAY,
            occasion=dk.ConferenceOccasion.BEFORE_RELEASE,
        )
    return case


def test_three_agencies_three_languages_one_conference(tmp_path: Path) -> None:
    """Three decks filled in German, Greek and Finnish become one conference with three
    contributions; the comparison finds the divergences planted and no other; the case saves and
    loads back valid against the published schema."""
    base = _prison()
    case = _import_all(base)
    conference = case.conference("c1")
    assert (conference.date, conference.occasion) == (DAY, dk.ConferenceOccasion.BEFORE_RELEASE)
    assert conference.agencies == (PROBATION, PRISON_SERVICE, EXIT_NGO)
    assert case.sessions == base.sessions and case.goals == base.goals and case.client == base.client
    probation = conference.contribution(PROBATION)
    assert probation is not None and probation.written == dt.date(2026, 2, 3)
    prison = conference.contribution(PRISON_SERVICE)
    assert prison is not None and prison.written == dt.date(2026, 2, 5)
    family = prison.reflection("family_of_origin")
    assert family is not None
    assert [(n.text, n.perspective) for n in family.known] == [
        ("Ο πατέρας δεν τον επισκέπτεται", dk.Perspective.PROFESSIONAL),
        ("Θέλει επαφή με τη μητέρα", dk.Perspective.CLIENT),
    ]
    support = probation.reflection("support_services")
    assert support is not None
    assert (support.client_priority, support.caseworker_priority) == (dk.Priority.HIGH, dk.Priority.LOW)
    identity = probation.reflection("identity")
    assert identity is not None and [n.text for n in identity.open] == [
        "Welche Rolle spielt die Arbeit für ihn?"
    ]

    comparison = dk.compare_conference(conference, dk.default_catalogue())
    D = dk.Divergence
    found = {kind: {f.factor_id for f in comparison.with_divergence(kind)} for kind in D}
    assert found[D.VALENCE] == {"family_of_origin"}
    assert found[D.RATING_SPREAD] == {"family_of_origin", "community"}
    assert found[D.KNOWN_VS_ASSUMED] == {"friends"}
    assert found[D.CLIENT_PRIORITY] == {"support_services"}
    assert {f.factor_id for f in comparison.divergent} == {"family_of_origin", "community", "friends"}
    assert comparison.total == len(list(dk.default_catalogue())) == 29
    assert comparison.agreed == 26
    addressed = {"family_of_origin", "friends", "community", "support_services", "identity"}
    assert found[D.NOBODY_KNOWS] == {f.id for f in dk.default_catalogue()} - addressed

    path = tmp_path / "case.json"
    dk.save_case(case, path)
    assert dk.load_case(path) == case
    data = json.loads(path.read_text("utf-8"))
    jsonschema.Draft202012Validator(
        dk.case_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    assert [c["agency"] for c in data["conferences"][0]["contributions"]] == list(AGENCIES)


def test_deck_for_one_agency_is_refused_for_another() -> None:
    """The probation service's deck imported for the prison service: refused, naming both and
    the box that says whose it is."""
    with pytest.raises(dk.DocumentError) as caught:
        read_deck(_filled(PROBATION), base=_prison(), conference="c1", agency=PRISON_SERVICE, date=DAY)
    (problem,) = caught.value.problems
    assert problem.location == f"slide 1, shape {contract.contribution_name(PROBATION)}"
    assert repr(PROBATION) in problem.message and repr(PRISON_SERVICE) in problem.message


def test_second_import_for_an_agency_needs_replace() -> None:
    """Importing an agency's deck again does not overwrite its contribution; with replace it
    does, and the other agencies' contributions stay as they were."""
    case = _import_all(_prison())
    loc = dk.get_localizer("de")
    again = _type_into(
        _blank(PROBATION, "de"),
        "de",
        {
            "friends:assumed": ["Kontakt zu alten Bekannten unklar"],
            "friends:assessment": [loc.enum(dk.Valence.UNCLEAR)],
        },
    )
    with pytest.raises(dk.DocumentError) as caught:
        read_deck(again, base=case, conference="c1")
    assert "already has the contribution of 'Bewährungshilfe Nord' (written 2026-02-03)" in str(caught.value)
    assert "replace" in str(caught.value)
    replaced = read_deck(again, base=case, conference="c1", replace=True)
    after, before = replaced.conference("c1"), case.conference("c1")
    assert after.agencies == before.agencies
    new = after.contribution(PROBATION)
    assert new is not None and [r.factor_id for r in new.reflections] == ["friends"]
    assert new.written is None  # the date box was left empty this time
    for agency in (PRISON_SERVICE, EXIT_NGO):
        assert after.contribution(agency) == before.contribution(agency)


def test_existing_conference_keeps_its_date_and_a_format_1_conference_keeps_its_contribution() -> None:
    """A contribution to the case conference a format 1 file recorded as a session (s4) makes it a
    recorded conference with the lead agency's reflection kept; a different date is refused."""
    base = _prison()
    derived = base.conference("s4")
    case = read_deck(_filled(EXIT_NGO), base=base, conference="s4")
    recorded = case.conference("s4")
    assert [c.id for c in case.conferences] == ["s4"]
    assert recorded.date == derived.date and recorded.agencies == (*derived.agencies, EXIT_NGO)
    assert recorded.contributions[0] == derived.contributions[0]
    with pytest.raises(dk.DocumentError, match="was held on 2025-04-15, not on 2026-02-10"):
        read_deck(_filled(PRISON_SERVICE), base=case, conference="s4", date=DAY)


def test_filled_goal_row_is_not_dropped_silently() -> None:
    """A blank deck without --for has goal rows; imported as a contribution, a filled goal is
    named as a problem rather than lost."""
    deck = _type_into(
        blank_reflector_pptx(dk.get_localizer("en")),
        "en",
        {"goal:_new1:wording": ["Keep in touch with his sister"], "friends:known": ["Plays football"]},
    )
    with pytest.raises(dk.DocumentError) as caught:
        read_deck(deck, base=_prison(), conference="c1", agency="Probation service", date=DAY)
    assert [p.location.split(", shape ")[1] for p in caught.value.problems] == ["goal:_new1:wording"]


def test_contribution_deck_without_conference_is_not_read_as_a_session() -> None:
    """An agency's deck imported without a conference would put its view among the caseworker's
    sessions: refused, saying what to give."""
    with pytest.raises(dk.DocumentError, match=r"contribution of 'Exit-työ ry'.*--conference"):
        read_deck(_filled(EXIT_NGO), base=_prison(), date=DAY)


def test_blank_deck_for_an_agency() -> None:
    """The title slide says whose contribution the deck is in the deck's language, a box name
    says it to the importer, and there is no goals slide; an unusable agency name is refused."""
    data = _blank(PRISON_SERVICE, "el")
    prs = Presentation(io.BytesIO(data))
    title = {sh.name: sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame}
    assert title[contract.contribution_name(PRISON_SERVICE)] == f"Συμβολή του φορέα: {PRISON_SERVICE}"
    names = {sh.name for s in prs.slides for sh in s.shapes}
    assert not any(n.startswith("goal:") for n in names)
    assert any(
        n.startswith("goal:")
        for s in Presentation(io.BytesIO(blank_reflector_pptx(dk.get_localizer("el")))).slides
        for n in (sh.name for sh in s.shapes)
    )
    with pytest.raises(dk.OptionError, match="agency"):
        blank_reflector_pptx(dk.get_localizer("el"), agency="Probation\nservice")
    require_schemas()
    assert validate_package(data) == []


def test_cli_round_trip_and_errors(tmp_path: Path) -> None:
    """The CLI: a blank deck per agency, imported into the case file (written over with --force);
    a deck for the wrong agency, a second import and an unknown occasion each print one line and
    exit non-zero, leaving the case file as it was."""
    case = tmp_path / "case.json"
    case.write_bytes(PRISON.read_bytes())
    blank = tmp_path / "ngo.pptx"
    made = run_cli("reflector", "--blank", "--lang", "fi", "--for", EXIT_NGO, "-o", str(blank))
    assert made.returncode == 0, made.stderr
    filled = tmp_path / "ngo-filled.pptx"
    filled.write_bytes(_type_into(blank.read_bytes(), "fi", {"identity:known": ["Kuvaa itseään isäksi"]}))
    common = ("import", str(filled), "--base", str(case), "--conference", "c1", "-o", str(case), "--force")
    done = run_cli(*common, "--for", EXIT_NGO, "--occasion", "crisis")
    assert done.returncode == 0, done.stderr
    saved = dk.load_case(case)
    conference = saved.conference("c1")
    assert (conference.date, conference.occasion, conference.agencies) == (
        dt.date.today(),
        dk.ConferenceOccasion.CRISIS,
        (EXIT_NGO,),
    )
    before = case.read_bytes()
    for extra, expected in (
        (("--for", PROBATION), f"the deck is the contribution of {EXIT_NGO!r}, not of {PROBATION!r}"),
        ((), f"conference 'c1' already has the contribution of {EXIT_NGO!r}"),
    ):
        refused = run_cli(*common, *extra)
        assert refused.returncode == 2  # invalid input, as for every document problem
        assert expected in refused.stderr and "Traceback" not in refused.stderr
        # The house format of a document's problems: "<file>: 1 problem", then the problem, one line.
        head, *lines = refused.stderr.strip().splitlines()
        assert head == f"desistkit: {filled.name}: 1 problem" and len(lines) == 1, refused.stderr
    assert case.read_bytes() == before
    wrong = run_cli(
        "import",
        str(filled),
        "--base",
        str(case),
        "--conference",
        "c2",
        "--occasion",
        "party",
        "-o",
        str(tmp_path / "x.json"),
    )
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    for value in dk.ConferenceOccasion:
        assert value.value in wrong.stderr
    again = run_cli(*common, "--replace")
    assert again.returncode == 0, again.stderr


@pytest.mark.libreoffice
def test_blank_agency_deck_opens_in_libreoffice(soffice: str, tmp_path: Path) -> None:
    """The Finnish deck for one agency converts to PDF, one page per slide, and the title page
    shows the agency."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        pytest.skip("poppler's pdftotext is not installed")
    source = tmp_path / "fi.pptx"
    source.write_bytes(_blank(EXIT_NGO, "fi"))
    pdf = convert_to_pdf(soffice, source, tmp_path)
    info = subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == len(Presentation(str(source)).slides)
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "Toimijan näkemys: Exit-työ ry" in " ".join(first.split())


@pytest.mark.libreoffice
def test_agency_deck_saved_again_by_libreoffice_still_names_its_agency(soffice: str, tmp_path: Path) -> None:
    """A Greek agency deck filled and saved again by LibreOffice Impress (which renames
    placeholders) still says whose contribution it is, and reads back with its notes."""
    import subprocess

    source = tmp_path / "in" / "deck.pptx"
    source.parent.mkdir()
    source.write_bytes(_filled(PRISON_SERVICE))
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "pptx", "--outdir", str(tmp_path), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    saved = (tmp_path / "deck.pptx").read_bytes()
    with pytest.raises(dk.DocumentError, match="not of 'Exit-työ ry'"):
        read_deck(saved, base=_prison(), conference="c1", agency=EXIT_NGO, date=DAY)
    case = read_deck(saved, base=_prison(), conference="c1", date=DAY)
    original = read_deck(_filled(PRISON_SERVICE), base=_prison(), conference="c1", date=DAY)
    assert case.conference("c1") == original.conference("c1")
    assert case.conference("c1").agencies == (PRISON_SERVICE,)


def test_python_options_name_what_is_wrong() -> None:
    """Through read_document: an occasion by its case file value works, an unknown one lists the
    allowed values; an agency without a conference, or a conference without a base, is refused."""
    from desistkit.importing import read_document

    deck = _filled(EXIT_NGO)
    case = read_document(deck, base=_prison(), conference="c9", date=DAY, occasion="crisis")
    assert case.conference("c9").occasion is dk.ConferenceOccasion.CRISIS
    with pytest.raises(dk.OptionError) as caught:
        read_document(deck, base=_prison(), conference="c9", date=DAY, occasion="party")
    assert all(o.value in str(caught.value) for o in dk.ConferenceOccasion)
    with pytest.raises(dk.DocumentError, match="give the conference too"):
        read_document(deck, base=_prison(), agency=EXIT_NGO, date=DAY)
    with pytest.raises(dk.DocumentError, match=r"give base \(CLI: --base\)"):
        read_document(deck, conference="c9", date=DAY)
    with pytest.raises(dk.DocumentError, match=r"conference id 'C 9'"):
        read_document(deck, base=_prison(), conference="C 9", date=DAY)
    with pytest.raises(dk.DocumentError, match=r"no conference 'c9' yet: give its date"):
        read_document(deck, base=_prison(), conference="c9")
    with pytest.raises(dk.DocumentError, match="the deck was not filled in"):
        read_document(_blank(EXIT_NGO, "fi"), base=_prison(), conference="c9", date=DAY)


@pytest.mark.parametrize("lang", dk.EU_LANGUAGES)
def test_agency_title_fits_in_every_language(lang: str) -> None:
    """The title slide of an agency's deck holds "Contribution of: <agency>" for the longest agency
    name allowed, in every language, measured with the font at the size written."""
    from test_reflector import _broken_words, _overflows

    longest = ("Landesamt für Bewährungshilfe und Übergangsmanagement " * 3)[: contract.AGENCY_MAX_LENGTH]
    data = blank_reflector_pptx(dk.get_localizer(lang), agency=longest)
    assert _overflows(data) == []
    assert [p for p in _broken_words(data) if p.startswith("slide 1 ")] == []
    title = next(
        sh
        for sh in Presentation(io.BytesIO(data)).slides[0].shapes
        if sh.name.startswith(contract.CONTRIBUTION_PREFIX)
    )
    assert longest.strip() in title.text_frame.text


@pytest.mark.libreoffice
def test_the_conference_of_three_decks_becomes_its_deck_and_minutes(soffice: str, tmp_path: Path) -> None:
    """The end of the round trip (#16): the conference read from the three agencies' decks is
    written as the conference deck and the minutes, for the team and for the case conference;
    both are schema-valid, and LibreOffice draws every word inside its slide box or page margins."""
    pdfplumber = pytest.importorskip("pdfplumber")
    require_schemas()
    case = _import_all(_prison())
    sources = []
    for audience, lang in (("internal", "de"), ("case-conference", "el"), ("internal", "fi")):
        key = dk.PseudonymKey.from_text("00" * 32) if audience != "internal" else None
        shared = dk.share(case, audience, on=DAY, key=key)
        for document, suffix in (("conference-deck", ".pptx"), ("conference-minutes", ".docx")):
            data = dk.render(shared, document, lang=lang, conference=shared.case.conferences[-1].id)
            assert validate_package(data) == [], (document, lang)
            source = tmp_path / f"{document}-{audience}-{lang}{suffix}"
            source.write_bytes(data)
            sources.append(source)
    for source, pdf in zip(sources, convert_all_to_pdf(soffice, sources, tmp_path), strict=True):
        with pdfplumber.open(pdf) as document:
            assert document.pages, source.name
            if source.suffix == ".docx":
                for page in document.pages:
                    outside = [
                        w["text"]
                        for w in page.extract_words()
                        if w["x0"] < 55.7 or w["x1"] > page.width - 55.7
                    ]
                    assert outside == [], (source.name, outside)
                continue
            prs = Presentation(source)
            assert len(document.pages) == len(prs.slides), source.name
            for number, (page, slide) in enumerate(zip(document.pages, prs.slides, strict=True), 1):
                boxes = [
                    (
                        sh.left / 12700,
                        sh.top / 12700,
                        (sh.left + sh.width) / 12700,
                        (sh.top + sh.height) / 12700,
                    )
                    for sh in slide.shapes
                    if sh.has_text_frame and sh.text_frame.text.strip()
                ]
                for word in page.extract_words():
                    inside = any(
                        left - 1 <= word["x0"] and word["x1"] <= right + 1 and top - 1 <= word["top"]
                        and word["bottom"] <= bottom + 1
                        for left, top, right, bottom in boxes
                    )  # fmt: skip
                    assert inside, f"{source.name} slide {number}: {word['text']!r} outside every box"
