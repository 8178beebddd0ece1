"""The client's consent sheet says what share() does, and `consent record` turns its ticks into consents."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import attrs
import docx
import pdfplumber
import pytest
from click.testing import CliRunner

import desistkit as dk
from conftest import EXAMPLES, convert_to_pdf, run_cli, temporaries
from desistkit.cli import main
from desistkit.export import render
from desistkit.export.consent_sheet import BODY_PT, MARGIN
from desistkit.sharing import (
    WITHHELD,
    answers_schema,
    consent_sheet,
    consents_from_answers,
    default_policy,
    demo_key,
    parse_answers,
    parse_policy,
)
from ooxml_schema import require_schemas, validate_package

CASES = [*EXAMPLES, "demo"]
NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.timezone.utc)
MM = 72 / 25.4  # PDF points per millimetre
# An organisation's audience the built-in texts know nothing of: a funder that sees only structure.
FUNDER = parse_policy(
    """
format = "desistkit-policy/1"
extends = "default"
[audiences.funder]
purpose = "reporting"
unconsented = "drop"
[audiences.funder.fields]
reference = "pseudonymise"
"session.date" = "generalise:programme-week"
"goal.dates" = "generalise:programme-week"
ratings = "drop"
working_relationship = "keep"
"note.text" = "drop"
""",
    source="funder.toml",
)
AUDIENCE_SETS = [
    ((), None),
    (("security",), None),
    (("case-conference", "research"), None),
    (("handover", "funder", "security"), FUNDER),
]


def _case(which: Any) -> dk.Case:
    return dk.demo_case() if which == "demo" else dk.load_case(which)


def _internal(case: dk.Case) -> dk.SharedCase:
    return dk.share(case, "internal", now=NOW)


def _pdf_text(data: bytes) -> str:
    """The PDF's words in reading order, lines joined, hyphenation at line ends undone."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", text).split())


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join(" ".join(parts).split())


def _flat(text: str) -> str:
    return " ".join(text.split())


def _sections(text: str, loc: dk.Localizer, names: list[str]) -> dict[str, str]:
    """Each audience's part of the sheet, the sentences said for all of them added to each."""
    described = {"case-conference", "security", "research", "handover"}
    starts = []
    for name in names:
        key = f"consent.about.{name.replace('-', '_')}"
        about = loc.text(key) if name in described else loc.text("consent.about_other", name=name)
        starts.append(text.index(_flat(about)))
    end = text.index(_flat(loc.text("consent.never_heading")))
    bounds = [*starts, end]
    common = text[text.index(_flat(loc.text("consent.who_heading"))) : min(starts)]
    return {n: common + " " + text[bounds[i] : bounds[i + 1]] for i, n in enumerate(names)}


def _everything_ticked(case: dk.Case, names: list[str], policy: Any) -> dk.Case:
    """The case with the client's yes to every row of the sheet, for every audience on it."""
    sheet = consent_sheet(case, policy=policy, audiences=names)
    answers = {
        "format": "desistkit-consent-answers/1",
        "date": "2025-01-01",
        "answers": {
            a.name: {
                "categories": [r.category for r in sheet.rows if r.category],
                "topics": [r.topic for r in sheet.rows if r.topic and r.id in a.rows],
            }
            for a in sheet.audiences
        },
    }
    parsed = parse_answers(json.dumps(answers), policy=policy)
    made = consents_from_answers(case, parsed, today=NOW.date(), policy=policy)
    return attrs.evolve(case, consents=made)


def _claims(shared: dk.SharedCase, untouched: dk.SharedCase, case: dk.Case) -> dict[str, bool]:
    """What the audience actually got: with every consent (``shared``) and with none (``untouched``)."""
    reflections = [r for s in shared.case.sessions for r in s.reflections]
    notes = [n for r in reflections for n in r.all_notes]
    relationships = [s.working_relationship for s in shared.case.sessions if s.working_relationship]
    had_relationship = any(s.working_relationship for s in case.sessions)
    return {
        "sees_code": shared.case.reference != case.reference,
        "sees_ratings": any(r.rating is not None for r in reflections),
        "sees_notes": any(n.text != WITHHELD for n in notes),
        "sees_goals": any(g.wording != WITHHELD for g in shared.case.goals),
        # consented and marked shareable, yet without words: the policy drops the wording
        "goal_status_only": any(g.shareable and g.wording == WITHHELD for g in shared.case.goals),
        "sees_relationship_any": bool(relationships),
        "not_relationship": had_relationship and not relationships,
        "sees_relationship_note": any(wr.note is not None for wr in relationships),
        f"dates_{ {'day': 'day', 'month': 'month'}.get(shared.dates, 'week') }": True,
        "sees_age_band": shared.age_band is not None,
        "unticked_drop": not any(s.reflections for s in untouched.case.sessions),
        # without consent, never a word of what was said (structure at most)
        "unticked_words": any(
            n.text != WITHHELD for s in untouched.case.sessions for r in s.reflections for n in r.all_notes
        ),
        "sees_services": bool(shared.case.team),
        "goal_precision": shared.date_precision("goal.dates"),
        "never_identity": shared.case.client is None,
        "never_consents": shared.case.consents == (),
    }


@pytest.mark.parametrize("which", CASES, ids=lambda c: c if c == "demo" else Path(c).stem)
@pytest.mark.parametrize(
    ("audiences", "policy"), AUDIENCE_SETS, ids=["all", "security", "cc+research", "custom"]
)
def test_the_sheet_says_what_share_sends(which: Any, audiences: tuple[str, ...], policy: Any) -> None:
    """For each example case and audience set, every statement of the PDF sheet about an audience
    matches what share() gives that audience with the client's consent to everything, and what it
    gives without any consent: ratings, notes, goals, working relationship, date precision, age
    band, the case code, and what happens to what the client does not tick."""
    case = _case(which)
    loc = dk.get_localizer("en")
    chosen = policy or default_policy()
    names = list(audiences) or [n for n, r in chosen.audiences.items() if not r.internal]
    data = render(_internal(case), "consent-sheet-pdf", lang=loc, audiences=audiences, policy=policy)
    text = _pdf_text(data)
    sections = _sections(text, loc, names)
    consented = _everything_ticked(case, names, policy)
    refused = attrs.evolve(case, consents=())
    for name in names:
        kwargs = {"key": demo_key(), "now": NOW, "on": NOW.date(), "policy": policy}
        got = _claims(dk.share(consented, name, **kwargs), dk.share(refused, name, **kwargs), case)
        says = sections[name]

        def stated(key: str) -> bool:
            return _flat(loc.text(f"consent.{key}")) in says  # noqa: B023

        for key in ("sees_code", "sees_age_band", "sees_relationship_note", "not_relationship"):
            if got[key]:
                assert stated(key), (name, key)
        assert stated("sees_ratings") == got["sees_ratings"] or not any(
            r.rating is not None for s in case.sessions for r in s.reflections
        ), name
        assert stated("not_ratings") != stated("sees_ratings"), name
        if got["sees_notes"]:
            assert stated("sees_notes") and not stated("not_notes"), name
        if got["sees_goals"]:
            assert stated("sees_goals") and not stated("sees_goal_status"), name
        if got["goal_status_only"]:
            assert stated("sees_goal_status") and not stated("sees_goals"), name
        if not got["sees_relationship_any"]:
            assert not stated("sees_relationship") and not stated("sees_relationship_note"), name
        goal_key = {"day": "goal_dates_day", "month": "goal_dates_month"}.get(
            got["goal_precision"], "goal_dates_week"
        )
        if goal_key[len("goal_") :] not in got:  # goals' dates more or less precise than the meetings'
            assert stated(goal_key), (name, goal_key)
        else:
            assert not any(stated(f"goal_dates_{p}") for p in ("day", "month", "week")), name
        date_keys = [k for k in got if k.startswith("dates_")]
        assert [k for k in ("dates_day", "dates_month", "dates_week") if stated(k)] == date_keys, name
        assert stated("unticked_drop") == got["unticked_drop"], name
        assert not got["unticked_words"], name
        assert stated("sees_services") == got["sees_services"] or not case.team, name
        assert not got["sees_age_band"] or stated("sees_age_band"), name
        assert not stated("sees_age_band") or got["sees_age_band"] or case.client is None, name
        for key in ("never_identity", "never_consents"):
            assert got[key] and _flat(loc.text(f"consent.{key}")) in text, key


def test_the_dash_marks_what_an_audience_never_gets() -> None:
    """The tick-box table offers the working relationship only to audiences the policy lets see it:
    security drops it, so its cell is a dash, and share() indeed sends security none."""
    case = dk.demo_case()
    data = render(_internal(case), "consent-sheet-docx", lang="en", audiences=("case-conference", "security"))
    table = docx.Document(io.BytesIO(data)).tables[0]
    row = next(r for r in table.rows if r.cells[0].text == "How our work together is going")
    assert [c.text for c in row.cells[1:]] == ["☐", "–"]
    full = _everything_ticked(case, ["security"], None)
    shared = dk.share(full, "security", key=demo_key(), now=NOW)
    assert all(s.working_relationship is None for s in shared.case.sessions)


def test_organisation_audience_gets_a_neutral_sentence_with_its_name() -> None:
    """An audience of the organisation's own policy is introduced with its name and purpose, not
    with words desistkit would have to invent."""
    data = render(
        _internal(dk.demo_case()), "consent-sheet-pdf", lang="de", audiences=("funder",), policy=FUNDER
    )
    loc = dk.get_localizer("de")
    text = _pdf_text(data)
    assert _flat(loc.text("consent.about_other", name="funder")) in text
    assert _flat(loc.text("consent.purpose_other", purpose="reporting")) in text


def test_legal_text_is_the_organisations_own_and_never_invented() -> None:
    """Without the organisation's text the sheet tells the client to ask; with it, the text is
    printed as given (and, in a second language, the caseworker explains it)."""
    shared = _internal(dk.demo_case())
    loc = dk.get_localizer("en")
    without = _pdf_text(render(shared, "consent-sheet-pdf", lang="en"))
    assert _flat(loc.text("consent.legal_ask")) in without
    legal = "We must tell the court about a new offence.\n\nWe must act when a life is in danger."
    given = _pdf_text(render(shared, "consent-sheet-pdf", lang="en", second_lang="de", legal_text=legal))
    assert "We must tell the court about a new offence." in given
    assert "We must act when a life is in danger." in given
    assert _flat(loc.text("consent.legal_ask")) not in given
    assert _flat(dk.get_localizer("de").text("consent.legal_other_language")) in given


def test_bilingual_sheet_has_each_sentence_in_both_languages() -> None:
    """With a second language every sentence is there in both, the first language first."""
    data = render(_internal(dk.demo_case()), "consent-sheet-docx", lang="fi", second_lang="sv")
    text = _docx_text(data)
    for key in ("consent.intro", "consent.withdraw", "consent.never_unmarked"):
        first, second = dk.get_localizer("fi").text(key), dk.get_localizer("sv").text(key)
        assert _flat(first) in text and _flat(second) in text
        assert text.index(_flat(first)) < text.index(_flat(second))


def _pdffonts(path: Path) -> list[str]:
    if shutil.which("pdffonts") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils (pdffonts) is required under CI")
        pytest.skip("poppler-utils is not installed")
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return rows.splitlines()[2:]


@pytest.mark.parametrize("lang", dk.EU_LANGUAGES)
def test_every_language_fits_the_page_in_large_type(lang: str, tmp_path: Path) -> None:
    """In each of the 24 languages the PDF sheet builds with every glyph inside the page margins,
    body text at 12 pt or more, fonts embedded and subset, the document language set, no case
    reference or library name in the metadata, and at most three pages to read and sign."""
    case = dk.demo_case()  # the most factors addressed: the longest lists of areas
    data = render(_internal(case), "consent-sheet-pdf", lang=lang)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) <= 3, len(pdf.pages)  # two pages to read, one to tick and sign
        for page in pdf.pages:
            outside = [
                c["text"]
                for c in page.chars
                if c["x0"] < MARGIN * MM - 0.5 or c["x1"] > (210 - MARGIN) * MM + 0.5
                or c["top"] < MARGIN * MM - 1 or c["bottom"] > (297 - MARGIN) * MM + 1
            ]  # fmt: skip
            assert outside == [], (page.page_number, "".join(outside)[:40])
            sizes = {round(c["size"], 1) for c in page.chars if c["text"].strip()}
            assert min(sizes) >= BODY_PT >= 12.0, sizes
        metadata = " ".join(str(v) for v in pdf.metadata.values())
    assert case.reference not in metadata and "fpdf" not in metadata.lower()
    tag = dk.get_localizer(lang).tag
    assert f"/Lang ({tag})".encode() in data
    assert b"/Outlines" in data  # the headings are bookmarks
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    fonts = _pdffonts(path)
    assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts), fonts


def test_sheet_carries_no_personal_data_and_is_deterministic() -> None:
    """Only the pseudonymous case code: none of the client's names, numbers or places appears in
    the PDF or in any part of the Word document; the same input gives the same bytes."""
    case = dk.load_case(EXAMPLES[0])
    assert case.client is not None
    identifiers = [*case.client.names, *case.client.inmate_numbers, *case.client.places]
    shared = _internal(case)
    pdf = render(shared, "consent-sheet-pdf", lang="en")
    word = render(shared, "consent-sheet-docx", lang="en")
    assert pdf == render(shared, "consent-sheet-pdf", lang="en")
    assert word == render(shared, "consent-sheet-docx", lang="en")
    text = _pdf_text(pdf)
    assert case.reference in text
    import zipfile

    parts = " ".join(
        zipfile.ZipFile(io.BytesIO(word)).read(n).decode("utf-8", "replace")
        for n in zipfile.ZipFile(io.BytesIO(word)).namelist()
        if n.endswith(".xml")
    )
    for identifier in identifiers:
        assert identifier not in text and identifier not in parts


def test_sheet_refuses_a_case_shared_for_anyone_else() -> None:
    """The sheet is made from the team's own case; an external share cannot be made into one."""
    shared = dk.share(dk.demo_case(), "case-conference", key=demo_key(), now=NOW)
    with pytest.raises(dk.SharingError):
        render(shared, "consent-sheet-pdf", lang="en")
    with pytest.raises(dk.SharingError, match="needs no consent"):
        render(_internal(dk.demo_case()), "consent-sheet-pdf", lang="en", audiences=("internal",))


@pytest.mark.parametrize("lang", ["en", "el", "hu"])
def test_word_sheet_is_valid_ooxml_with_headings_and_a_table_header(lang: str) -> None:
    """The Word sheet validates against the ECMA-376 schemas, has real headings, a repeating header
    row and a caption on its table, the document language, and the bundled font embedded."""
    require_schemas()
    data = render(_internal(dk.demo_case()), "consent-sheet-docx", lang=lang)
    assert validate_package(data) == []
    document = docx.Document(io.BytesIO(data))
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet"} <= styles
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert b"w:tblCaption" in _part(data, "word/document.xml")
    assert f'w:val="{dk.get_localizer(lang).tag}"'.encode() in _part(data, "word/styles.xml")
    assert any(n.startswith("word/fonts/") for n in _names(data))


def _names(data: bytes) -> list[str]:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def _part(data: bytes, name: str) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read(name)


@pytest.mark.libreoffice
def test_word_sheet_opens_in_libreoffice(soffice: str, tmp_path: Path) -> None:
    """LibreOffice converts the bilingual Word sheet to a PDF with the tick boxes and the lines to sign."""
    source = tmp_path / "sheet.docx"
    source.write_bytes(render(_internal(dk.demo_case()), "consent-sheet-docx", lang="de", second_lang="en"))
    pdf = convert_to_pdf(soffice, source, tmp_path)
    text = _pdf_text(pdf.read_bytes())
    assert "☐" in text and dk.get_localizer("de").text("consent.signature_client") in text


# --- reading the answers back ----------------------------------------------------------------------


def _answers(tmp_path: Path, body: dict[str, Any], name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"format": "desistkit-consent-answers/1", **body}), encoding="utf-8")
    return path


def test_recorded_answers_are_valid_consents_that_later_exports_name(tmp_path: Path) -> None:
    """`consent record --from` adds one consent per audience with ticks, dated as on the sheet,
    with new unique ids; the case file loads again, and an export for that audience names the
    recorded consent in its audit record (consents_used) and shares what it covers."""
    case_path = tmp_path / "case.json"
    case_path.write_bytes(Path(EXAMPLES[0]).read_bytes())
    before = dk.load_case(case_path)
    answers = _answers(
        tmp_path,
        {"date": "2026-05-02", "expires": "2027-05-01",
         "answers": {"security": {"categories": ["practical_life"], "topics": ["goals"]}, "research": {}}},
    )  # fmt: skip
    result = run_cli(
        "consent", "record", str(case_path), "--from", str(answers), "-o", str(case_path), "--force"
    )
    assert result.returncode == 0, result.stderr
    after = dk.load_case(case_path)
    new = [c for c in after.consents if c not in before.consents]
    assert len(new) == 1 and len(after.consents) == len(before.consents) + 1
    consent = new[0]
    assert consent.audiences == ("security",) and consent.purposes == ("risk-assessment",)
    assert consent.given == dt.date(2026, 5, 2) and consent.expires == dt.date(2027, 5, 1)
    assert set(consent.factors) == {f.id for f in dk.default_catalogue().factors_in("practical_life")}
    assert consent.topics == ("goals",)
    assert len({c.id for c in after.consents}) == len(after.consents)
    shared = dk.share(after, "security", key=demo_key(), now=NOW)
    number = f"c{after.consents.index(consent) + 1}"  # external audiences see consents renumbered
    assert number in shared.audit.consents_used
    unshared = dk.share(before, "security", key=demo_key(), now=NOW)
    assert number not in unshared.audit.consents_used
    again = run_cli(
        "consent", "record", str(case_path), "--from", str(answers), "-o", str(case_path), "--force"
    )
    assert again.returncode == 0, again.stderr
    ids = [c.id for c in dk.load_case(case_path).consents]
    assert len(ids) == len(set(ids)) == len(after.consents) + 1  # the second record got its own id


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"answers": {"security": {"topics": ["goals", "politics"]}}}, "answers.security.topics[1]"),
        ({"answers": {"police": {}}}, "answers.police"),
        ({"answers": {"internal": {"topics": ["goals"]}}}, "answers.internal"),
        ({"answers": {"security": {"categories": "challenges"}}}, "answers.security.categories"),
        ({"date": "01.05.2026", "answers": {}}, "date"),
        ({"answers": {"security": {"factor": ["employment"]}}}, "answers.security.factor"),
        ({"case": "OTHER-1", "answers": {"security": {"topics": ["goals"]}}}, "case"),
    ],
)
def test_bad_answers_give_one_line_with_the_json_path(
    tmp_path: Path, body: dict[str, Any], where: str
) -> None:
    """A wrong answers file is refused with one line naming the JSON path and what was expected;
    the case file is not touched and no temporary file is left."""
    case_path = tmp_path / "case.json"
    case_path.write_bytes(Path(EXAMPLES[0]).read_bytes())
    before = case_path.read_bytes()
    answers = _answers(tmp_path, body)
    result = run_cli(
        "consent", "record", str(case_path), "--from", str(answers), "-o", str(case_path), "--force"
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{where}:" in lines[0] and "Traceback" not in result.stderr, result.stderr
    assert case_path.read_bytes() == before and temporaries(tmp_path) == []


def test_not_json_is_one_line_too(tmp_path: Path) -> None:
    """A file that is not JSON says where it broke, not what it holds."""
    case_path = tmp_path / "case.json"
    case_path.write_bytes(Path(EXAMPLES[0]).read_bytes())
    answers = tmp_path / "answers.json"
    answers.write_text('{"format": "desistkit-consent-answers/1", "answers": {', encoding="utf-8")
    result = run_cli(
        "consent", "record", str(case_path), "--from", str(answers), "-o", str(tmp_path / "o.json")
    )
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "line 1" in result.stderr and not (tmp_path / "o.json").exists()


def test_answers_schema_agrees_with_the_parser() -> None:
    """The published JSON Schema accepts a good answers file and refuses the shapes the parser
    refuses (unknown keys, wrong topic, wrong date)."""
    import jsonschema

    schema = answers_schema()
    good = {"format": "desistkit-consent-answers/1", "date": "2026-05-02",
            "answers": {"security": {"categories": ["challenges"], "topics": ["goals"]}}}  # fmt: skip
    jsonschema.validate(good, schema)
    parse_answers(json.dumps(good))
    for bad in (
        {**good, "extra": 1},
        {**good, "answers": {"security": {"topics": ["politics"]}}},
        {**good, "date": "2 May"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
        with pytest.raises(dk.ConsentAnswersError):
            parse_answers(json.dumps(bad))


def test_interactive_record_asks_audience_by_row(tmp_path: Path) -> None:
    """`--interactive` asks each audience's rows in turn (default no); the yes answers become the
    consent, given today unless --date says otherwise."""
    case_path = tmp_path / "case.json"
    case_path.write_bytes(Path(EXAMPLES[1]).read_bytes())
    out = tmp_path / "out.json"
    # security: 4 categories, goals, handover note (its working relationship is never shared)
    answers = "y\nn\nn\nn\ny\nn\n"
    result = CliRunner().invoke(
        main,
        ["consent", "record", str(case_path), "--interactive", "--audience", "security",
         "--date", "2026-05-03", "-o", str(out)],
        input=answers,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.count("[y/N]") == 6
    recorded = dk.load_case(out).consents[-1]
    assert recorded.audiences == ("security",) and recorded.given == dt.date(2026, 5, 3)
    assert set(recorded.factors) == {
        f.id for f in dk.default_catalogue().factors_in("relationship_belonging")
    }
    assert recorded.topics == ("goals",)


def test_cli_consent_sheet_writes_pdf_and_docx(tmp_path: Path) -> None:
    """`desistkit consent-sheet CASE --lang L [--second-lang] [--audience A ...] [--legal-text]
    -o FILE.pdf|.docx`; a wrong extension and an internal audience are refused in one line."""
    legal = tmp_path / "legal.txt"
    legal.write_text("We must report a danger to life.", encoding="utf-8")
    pdf = tmp_path / "sheet.pdf"
    options = [
        "--second-lang",
        "en",
        "--audience",
        "security",
        "--legal-text",
        str(legal),
        "--expires",
        "2027-01-31",
    ]
    result = run_cli("consent-sheet", str(EXAMPLES[0]), "--lang", "el", *options, "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    text = _pdf_text(pdf.read_bytes())
    assert "We must report a danger to life." in text
    assert dk.get_localizer("el").format_date(dt.date(2027, 1, 31), "long") in text
    word = tmp_path / "sheet.docx"
    assert run_cli("consent-sheet", str(EXAMPLES[0]), "--lang", "de", "-o", str(word)).returncode == 0
    assert word.read_bytes()[:2] == b"PK"
    wrong = run_cli("consent-sheet", str(EXAMPLES[0]), "-o", str(tmp_path / "sheet.txt"))
    assert wrong.returncode == 2 and "expected a .pdf or .docx" in wrong.stderr
    internal = run_cli(
        "consent-sheet", str(EXAMPLES[0]), "--audience", "internal", "-o", str(tmp_path / "x.pdf")
    )
    assert internal.returncode == 1 and len(internal.stderr.strip().splitlines()) == 1


def test_answers_with_names_for_keys_or_nested_deeply_are_refused_without_repeating_them() -> None:
    """A hand-written answers file with a name where a key goes (at the top, as an audience, among
    an audience's ticks) is refused by location with the key's length, never the name; one nested
    ten thousand deep is a ConsentAnswersError too (it used to end the command as an internal
    RecursionError)."""
    name = "Sabine Brückner"
    answers = {
        "format": "desistkit-consent-answers/1",
        name: 1,
        "answers": {name: {}, "security": {name: ["goals"], "topics": ["goals"]}},
    }
    with pytest.raises(dk.ConsentAnswersError) as info:
        parse_answers(json.dumps(answers))
    hidden = f"<key of {len(name)} characters>"
    assert {p.location for p in info.value.problems} == {
        hidden,
        f"answers.{hidden}",
        f"answers.security.{hidden}",
    }
    assert name not in str(info.value)
    with pytest.raises(dk.ConsentAnswersError) as info:
        parse_answers("[" * 10_000 + "]" * 10_000)
    assert str(info.value.problems[0]) == "is nested too deeply"
