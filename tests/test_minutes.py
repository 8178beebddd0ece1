"""The minutes of a multi-agency case conference (issue #16): what the agencies at the table need
to read in them (who came, where they agree and differ, who does what by when), in every language,
valid, neutral, and nothing an external audience may not read."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import attrs
import docx
import pytest

import desistkit as dk
from conference_fixtures import conference_case
from conftest import EXAMPLES, convert_all_to_pdf
from desistkit.core.conference import compare_conference, convergence
from desistkit.export.content import Withheld, conference_content
from ooxml_schema import require_schemas, validate_package
from test_summary import _rendered_lines as rendered_lines
from test_summary import _words as document_words

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 12, 5)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)
PRISON = EXAMPLES[1]


def _case() -> dk.Case:
    return dk.case_from_dict(conference_case())


def _minutes(case: dk.Case, lang: str = "en", audience: str = "internal", **options: object) -> bytes:
    shared = dk.share(case, audience, key=KEY, on=ON, now=NOW)
    return dk.render(shared, "conference-minutes", lang=lang, **options)


def _texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    return texts + [c.text for t in document.tables for r in t.rows for c in r.cells]


def _table(data: bytes, header: str) -> list[list[str]]:
    """The rows of the table whose first header cell is ``header``."""
    for table in docx.Document(io.BytesIO(data)).tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if rows[0][0] == header:
            return rows[1:]
    raise AssertionError(f"no table headed {header!r}")


def test_three_agency_minutes_say_who_came_where_they_differ_and_who_does_what() -> None:
    """Occasion, date, each agency with its point of contact, the agreement line that the
    comparison counts, each diverging factor, what moved since the first conference, every action
    with owner and due date, the recommendations, what the client was told, the next date."""
    case = _case()
    loc = dk.get_localizer("en")
    data = _minutes(case)
    texts = _texts(data)
    joined = "\n".join(texts)
    conference = case.conference("c2")
    comparison = compare_conference(conference, dk.default_catalogue())
    assert f"Agencies agree on {comparison.agreed} of {comparison.total} factors." in texts
    assert "Occasion: Before temporary release" in texts and "Date: Dec 1, 2025" in texts
    assert _table(data, "Agency") == [
        ["Prison social service", "social worker"],
        ["Probation service", "probation officer"],
        ["Exit counselling NGO", "exit counsellor"],
    ]
    headings = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == "Heading 2"]
    cat = loc.catalogue()
    diverging = [cat.factor(f.factor_id).name for f in comparison.divergent]
    assert diverging and all(name in headings for name in diverging)
    assert (
        "Resource for one, challenge for another: Prison social service: Resource; "
        "Probation service: Challenge; Exit counselling NGO: Ambivalent"
    ) in texts
    assert "Ratings far apart: Prison social service: 3 / 4; Probation service: 2 / 4; " in joined
    earlier = compare_conference(case.conference("c1"), dk.default_catalogue())
    closer = [cat.factor(f.factor_id).name for f in convergence(earlier, comparison).factors
              if f.trend is dk.ConvergenceTrend.CONVERGED]  # fmt: skip
    assert f"Views came closer: {loc.format_list(closer)}" in texts
    actions = _table(data, "Action")
    assert [row[0] for row in actions] == [a.what for a in conference.actions]
    for row, action in zip(actions, conference.actions, strict=True):
        assert action.due is not None
        assert row[1] == action.owner and row[2] == loc.format_date(action.due)
    assert actions[1][4] == "In progress"
    for note in (*conference.recommendations, conference.client_informed):
        assert note is not None and any(t.startswith(note.text) for t in texts)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert paragraphs[-2:] == ["Next conference", loc.format_date(dt.date(2026, 3, 2))]


def test_the_examples_case_conference_session_makes_minutes_of_one_agency() -> None:
    """A format-1 case conference session is a conference of the lead agency: its minutes list it
    with its role in the team, count its agreement like the comparison, and say it is the first
    (the example without its recorded conferences, so that the session is the only one)."""
    case = attrs.evolve(dk.load_case(PRISON), conferences=())
    session = next(s for s in case.sessions if s.kind is dk.SessionKind.CASE_CONFERENCE)
    data = _minutes(case, conference=session.id)
    assert data == _minutes(case)  # the latest (and only) conference is the default
    texts = _texts(data)
    lead = next(m for m in case.team if m.lead)
    assert _table(data, "Agency") == [[lead.agency, lead.role]]
    comparison = compare_conference(case.conference(session.id), dk.default_catalogue())
    assert f"Agencies agree on {comparison.agreed} of {comparison.total} factors." in texts
    assert "This is the first conference recorded for this case." in texts
    assert "No actions were agreed." in texts and "Not recorded." in texts


@pytest.mark.parametrize("lang", ["de", "el", "fi"])
def test_minutes_are_valid_deterministic_and_neutral(lang: str) -> None:
    """Schema-valid; the same bytes twice; headings and captioned tables with repeating headers;
    no person, no case reference and no library in the metadata; the language set."""
    require_schemas()
    data = _minutes(_case(), lang)
    assert validate_package(data) == []
    assert data == _minutes(_case(), lang)
    document = docx.Document(io.BytesIO(data))
    loc = dk.get_localizer(lang)
    assert {"Title", "Heading 1", "Heading 2"} <= {p.style.name for p in document.paragraphs}
    xml = document.element.xml
    assert xml.count("<w:tblHeader/>") == xml.count("<w:tblCaption ") == len(document.tables) == 3
    props = document.core_properties
    assert (props.author, props.last_modified_by, props.title) == ("", "", loc.text("minutes.title"))
    assert props.language == loc.tag
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        meta = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("docProps/"))
    assert b"HH-2025-014" not in meta and b"python-docx" not in meta


@pytest.mark.parametrize("lang", dk.EU_LANGUAGES)
def test_every_language_builds_with_the_agreement_counted(lang: str) -> None:
    """Every language: no English fallback (warnings are errors), and the agreement line holds the
    comparison's two numbers in the language's digits."""
    case = _case()
    loc = dk.get_localizer(lang)
    data = _minutes(case, lang)
    comparison = compare_conference(case.conference("c2"), dk.default_catalogue())
    expected = loc.text(
        "minutes.agreement",
        number=loc.format_number(comparison.agreed),
        total=loc.format_number(comparison.total),
    )
    assert expected in _texts(data)
    assert loc.text("conference.occasion.before_temporary_release") in "\n".join(_texts(data))


def _secret_texts(case: dk.Case) -> list[str]:
    notes = [
        n.text
        for c in case.conference_history
        for contribution in c.contributions
        for r in contribution.reflections
        for n in r.all_notes
    ]
    notes += [n.text for c in case.conferences for n in c.recommendations]
    notes += [c.client_informed.text for c in case.conferences if c.client_informed]
    notes += [a.what for c in case.conferences for a in c.actions if not a.shareable]
    return notes


@pytest.mark.parametrize("case", [_case(), dk.load_case(PRISON)], ids=["three-agencies", "example"])
def test_security_minutes_hold_no_note_text_and_no_identifier(case: dk.Case) -> None:
    """For the security audience: no note, recommendation, action wording or client statement in
    any part of the package, and neither the case reference nor the client's names."""
    data = _minutes(case, audience="security")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    for secret in [*_secret_texts(case), case.reference]:
        assert secret not in text
    assert case.client is not None
    for name in case.client.names:
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), name


def test_a_withheld_action_reads_as_not_released() -> None:
    """Where the audience may not read an action's wording, its row stays (owner, due date,
    status) and the cell says the wording is not released, like a withheld goal."""
    case = _case()
    conference = case.conference("c2")
    hidden = attrs.evolve(conference.actions[1], what=dk.sharing.WITHHELD)
    conference = attrs.evolve(conference, actions=(conference.actions[0], hidden, *conference.actions[2:]))
    shared = dk.share(case, "internal", on=ON)
    shared = attrs.evolve(
        shared, case=attrs.evolve(shared.case, conferences=(case.conferences[0], conference))
    )
    content = conference_content(shared, dk.get_localizer("en"))
    assert isinstance(content.actions[1].what, Withheld)
    data = dk.render(shared, "conference-minutes", lang="en")
    assert _table(data, "Action")[1][:3] == ["(wording not released)", "Probation service", "Feb 27, 2026"]
    assert dk.sharing.WITHHELD not in "".join(_texts(data))


def test_an_unknown_conference_or_none_at_all_is_a_clear_error() -> None:
    """An id the case does not have lists those it has; a case without any conference says so,
    with the same error as the conference deck (one way to pick the conference); an id of the
    wrong type names the option."""
    with pytest.raises(dk.UnknownConferenceError, match=r"'c9'; the case has s4, c1, c2"):
        _minutes(_case(), conference="c9")
    bare = dk.Case("X-1", dk.Setting.PRISON)
    with pytest.raises(dk.UnknownConferenceError, match=r"^the case has no case conference \("):
        _minutes(bare)
    with pytest.raises(dk.OptionError, match=r"option 'conference'"):
        _minutes(_case(), conference=3)


@pytest.mark.libreoffice
def test_minutes_open_in_libreoffice_and_no_text_leaves_its_box(soffice: str, tmp_path: Path) -> None:
    """LibreOffice lays the de, el and fi minutes out on A4: every word inside the 17 cm text
    width, and no word broken inside a cell without a hyphen (no column too narrow for a word)."""
    sources = []
    for lang in ("de", "el", "fi"):
        source = tmp_path / f"minutes-{lang}.docx"
        source.write_bytes(_minutes(_case(), lang))
        sources.append(source)
    for source, pdf in zip(sources, convert_all_to_pdf(soffice, sources, tmp_path), strict=True):
        pages = _words(pdf)
        assert 2 <= len(pages) <= 4, pdf.name
        for width, words in pages:
            left, right = 56.7 - 1, width - 56.7 + 1  # 2 cm margins, 1 pt for rounding
            outside = [w for w, x0, x1 in words if x0 < left or x1 > right]
            assert outside == [], (pdf.name, outside)
        # A word broken inside a cell without a hyphen did not fit its column.
        long_words = {w for w in document_words(docx.Document(source)) if len(w) >= 8}
        broken = []
        for line, following in rendered_lines(pdf):
            end, start = re.search(r"([^\W\d_]+)([-\u2010\u00ad]?)$", line), re.match(r"[^\W\d_]+", following)
            if (
                end
                and start
                and end.group(1) + start.group() in long_words
                and end.group(1) not in long_words
            ):
                broken += [] if end.group(2) else [f"{line} / {following}"]
        assert broken == [], (pdf.name, broken)


def _words(pdf: Path) -> list[tuple[float, list[tuple[str, float, float]]]]:
    """Per page: its width and each word with its left and right edge, in points."""
    from lxml import etree

    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    root = etree.fromstring(xhtml.encode("utf-8"), etree.XMLParser(recover=True))
    pages = []
    for page in root.iter("{*}page"):
        words = [(w.text or "", float(w.get("xMin")), float(w.get("xMax"))) for w in page.iter("{*}word")]
        pages.append((float(page.get("width")), words))
    return pages
