"""Reading a CaseReflector deck back: by shape names, in any language, untrusted input handled safely."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from pptx import Presentation

import desistkit as dk
from conftest import EXAMPLES
from desistkit.export.reflector import blank_reflector_pptx, reflector_pptx
from desistkit.importing import read_deck, read_document
from strategies import cases

ON = dt.date(2026, 3, 1)


def _internal_deck(case: dk.Case, lang: str) -> bytes:
    return reflector_pptx(dk.share(case, "internal", on=ON), dk.get_localizer(lang))


def _same_reflection(case: dk.Case, read: dk.Case) -> None:
    state = dk.state_at(case)
    got = {r.factor_id: r for r in read.sessions[-1].reflections}
    assert set(got) == set(state)
    for factor_id, s in state.items():
        original, back = s.reflection, got[factor_id]
        for stance in dk.Stance:
            assert [(n.text, n.perspective) for n in back.notes(stance)] == [
                (n.text, n.perspective) for n in original.notes(stance)
            ], (factor_id, stance)
        assert (back.valence, back.rating) == (original.valence, original.rating), factor_id


@pytest.mark.parametrize("lang", ["en", "de", "el", "fi"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_generated_deck_reads_back(path: Path, lang: str) -> None:
    """Notes with their stance and perspective, valence, rating and goals come back as written."""
    case = dk.load_case(path)
    read = read_deck(_internal_deck(case, lang), setting=case.setting)
    assert read.reference == case.reference
    assert read.sessions[0].date == case.chronological[-1].date
    _same_reflection(case, read)
    for goal in read.goals:
        original = next(g for g in case.goals if g.id == goal.id)
        assert (goal.wording, goal.status, goal.agreement, goal.factors, goal.review_date) == (
            original.wording,
            original.status,
            original.agreement,
            original.factors,
            original.review_date,
        )


def test_notes_split_over_continuation_slides_join_again() -> None:
    """A note too long for one slide is cut at a word with an ellipsis and read back whole."""
    from test_reflector import _long_notes_case

    case = _long_notes_case()
    _same_reflection(case, read_deck(_internal_deck(case, "de"), setting=case.setting))


def test_base_case_gets_a_new_session() -> None:
    """With a base case, the deck becomes its next session; consent and identity stay."""
    case = dk.load_case(EXAMPLES[0])
    read = read_deck(_internal_deck(case, "fr"), base=case, date=dt.date(2026, 1, 5))
    assert [s.id for s in read.sessions[:-1]] == [s.id for s in case.sessions]
    assert read.sessions[-1].id not in {s.id for s in case.sessions}
    assert read.client == case.client and read.consents == case.consents


def _fill_blank(lang: str, values: dict[str, list[str]]) -> bytes:
    """A blank deck filled by hand: text typed into boxes found by their names."""
    prs = Presentation(io.BytesIO(blank_reflector_pptx(dk.get_localizer(lang))))
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.name in values:
                frame = shape.text_frame
                frame.text = values[shape.name][0]
                for extra in values[shape.name][1:]:
                    frame.add_paragraph().text = extra
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def test_blank_deck_filled_by_hand() -> None:
    """What a caseworker types: notes (perspective in brackets or not), valence and rating, a goal."""
    loc = dk.get_localizer("de")
    client = loc.enum(dk.Perspective.CLIENT)
    data = _fill_blank(
        "de",
        {
            "case:reference": ["PB-2026-007"],
            "session:date": ["2026-02-12"],
            "family_of_origin:known": [
                f"Besucht seine Schwester jeden Monat ({client})",
                "Mutter schreibt Briefe",
            ],
            "family_of_origin:open": ["Wie geht es dem Vater?"],
            "family_of_origin:assessment": [loc.enum(dk.Valence.RESOURCE), "3"],
            "goal:_new1:wording": ["Kontakt zur Schwester halten"],
            "goal:_new1:status": [loc.enum(dk.GoalStatus.IN_PROGRESS)],
            "goal:_new1:agreement": [loc.enum(dk.GoalAgreement.AGREED)],
        },
    )
    case = read_deck(data, setting=dk.Setting.PROBATION)
    assert case.reference == "PB-2026-007" and case.sessions[0].date == dt.date(2026, 2, 12)
    (r,) = case.sessions[0].reflections
    assert [(n.text, n.perspective) for n in r.known] == [
        ("Besucht seine Schwester jeden Monat", dk.Perspective.CLIENT),
        ("Mutter schreibt Briefe", dk.Perspective.PROFESSIONAL),
    ]
    assert [n.text for n in r.open] == ["Wie geht es dem Vater?"]
    assert (r.valence, r.rating) == (dk.Valence.RESOURCE, 3)
    (goal,) = case.goals
    assert (goal.id, goal.status, goal.agreement) == (
        "g1",
        dk.GoalStatus.IN_PROGRESS,
        dk.GoalAgreement.AGREED,
    )
    assert not any(n.shareable for n in r.all_notes)  # nothing leaves the team unless marked later


def test_what_cannot_be_read_is_reported_by_slide_and_shape() -> None:
    """Every problem at once, each naming slide and shape; the notes themselves are never echoed."""
    data = _fill_blank(
        "en",
        {
            "case:reference": ["no spaces allowed here"],
            "session:date": ["next Tuesday"],
            "identity:assessment": ["maybe", "7"],
            "goal:_new2:status": ["Achieved"],
        },
    )
    with pytest.raises(dk.DocumentError) as caught:
        read_deck(data)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("slide 1, shape case:reference: not a case reference") for m in messages)
    assert (
        "slide 1, shape session:date: not a date (write it as 2026-03-14 or 14.03.2026; a month alone "
        "does not say the day), or give the date (CLI: --date)" in messages
    )
    assessment = [m for m in messages if "identity:assessment" in m]
    assert len(assessment) == 2 and all(m.startswith("slide ") for m in assessment)
    assert any("expected a valence (Resource, Challenge, Ambivalent, Not yet clear)" in m for m in assessment)
    assert any("goal:_new2:wording: a goal needs its wording" in m for m in messages)
    assert any("setting" in m for m in messages)
    assert "maybe" not in str(caught.value) and "next Tuesday" not in str(caught.value)


def test_untrusted_files_are_refused_before_parsing(tmp_path: Path) -> None:
    """Not a zip, a workbook instead of a deck, and a zip bomb (1 GiB in 1 MB) are refused quickly."""
    with pytest.raises(dk.DocumentError, match="it is not a zip package"):
        read_deck(b"this is text")
    from desistkit.export.tracker import tracker_xlsx

    workbook = tracker_xlsx(dk.share(dk.demo_case(), "internal", on=ON), dk.get_localizer("en"))
    with pytest.raises(dk.DocumentError, match=r"is not a PowerPoint deck \(\.pptx\)"):
        read_deck(workbook)
    bomb = tmp_path / "bomb.pptx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("ppt/slides/slide1.xml", "w", force_zip64=True) as member,
    ):
        chunk = b"\0" * 2**24
        for _ in range(64):  # 1 GiB of zeros, about 1 MB compressed
            member.write(chunk)
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(dk.DocumentError, match=r"bomb\.pptx"):
        read_deck(bomb)


def test_read_document_knows_decks() -> None:
    """The one entry point for imports recognises a deck by its content type, not its name."""
    case = dk.load_case(EXAMPLES[0])
    read = read_document(_internal_deck(case, "pl"), base=case, date=dt.date(2026, 2, 2))
    assert (
        read.sessions[-1].date == dt.date(2026, 2, 2) or read.sessions[-1].date == case.chronological[-1].date
    )
    _same_reflection(case, read)


@pytest.mark.libreoffice
def test_deck_saved_by_libreoffice_reads_back(soffice: str, tmp_path: Path) -> None:
    """A deck opened and saved again by LibreOffice Impress keeps its shape names and reads back."""
    import subprocess

    case = dk.load_case(EXAMPLES[1])
    source = tmp_path / "in" / "deck.pptx"
    source.parent.mkdir()
    source.write_bytes(_internal_deck(case, "it"))
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "pptx", "--outdir", str(tmp_path), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    saved = (tmp_path / "deck.pptx").read_bytes()
    assert saved != source.read_bytes()
    _same_reflection(case, read_deck(saved, setting=case.setting))


def test_cli_import_deck(tmp_path: Path) -> None:
    """`desistkit import deck.pptx` with --setting or --base; problems by slide and shape, exit 2."""
    import json

    from conftest import run_cli

    case = dk.load_case(EXAMPLES[0])
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(_internal_deck(case, "es"))
    out = tmp_path / "new.json"
    result = run_cli("import", str(deck), "--setting", "prison", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text("utf-8"))["reference"] == case.reference
    with_base = tmp_path / "next.json"
    result = run_cli("import", str(deck), "--base", str(EXAMPLES[0]), "-o", str(with_base))
    assert result.returncode == 0, result.stderr
    assert len(dk.load_case(with_base).sessions) == len(case.sessions) + 1
    filled = tmp_path / "filled.pptx"
    filled.write_bytes(_fill_blank("en", {"identity:assessment": ["perhaps"]}))
    bad = run_cli("import", str(filled), "--setting", "prison", "-o", str(tmp_path / "x.json"))
    assert bad.returncode == 2 and "filled.pptx" in bad.stderr and "shape identity:assessment" in bad.stderr
    assert "Traceback" not in bad.stderr and "perhaps" not in bad.stderr
    from desistkit.export.tracker import tracker_xlsx

    workbook = tmp_path / "t.xlsx"
    workbook.write_bytes(tracker_xlsx(dk.share(case, "internal", on=ON), dk.get_localizer("en")))
    wrong = run_cli("import", str(workbook), "--setting", "prison", "-o", str(tmp_path / "y.json"))
    assert wrong.returncode == 2 and "only for CaseReflector decks" in wrong.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_any_case_makes_a_deck_that_fits_and_reads_back(case: dk.Case) -> None:
    """Generated cases (any Unicode a caseworker might type): the deck is valid, fits, and gives
    back each note as written (control characters become spaces; a note's own trailing bracket that
    reads like a perspective is the one thing that can be taken for one)."""
    from test_reflector import _overflows

    data = _internal_deck(case, "en")
    assert _overflows(data) == []
    if not case.sessions:
        return
    assume(all(_as_written(g.wording) for g in case.goals))  # a goal of control characters only is unreadable
    read = read_deck(data, setting=case.setting)
    got = {r.factor_id: r for r in read.sessions[-1].reflections}
    for factor_id, state in dk.state_at(case).items():
        for stance in dk.Stance:
            expected = [(_as_written(n.text), n.perspective) for n in state.reflection.notes(stance)]
            expected = [(t, p) for t, p in expected if t]
            back = [(n.text, n.perspective) for n in got[factor_id].notes(stance)] if factor_id in got else []
            assert len(back) == len(expected), (factor_id, stance)
            for (text, perspective), (want, wanted) in zip(back, expected, strict=True):
                if (text, perspective) != (want, wanted):  # only a trailing "(...)" may be read differently
                    assert want.endswith(")") and want.startswith(text), (factor_id, stance)


def _as_written(text: str) -> str:
    """A note as the importer gives it back: control characters as spaces, and the two characters
    that only shape lines (soft hyphen, non-breaking hyphen) read as nothing and as '-'."""
    from desistkit.export.deck.writer import clean

    return clean(text).replace("\u2011", "-").replace("\u00ad", "").strip()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-03-12", dt.date(2026, 3, 12)),
        ("12.03.2026", dt.date(2026, 3, 12)),
        ("12/03/2026", dt.date(2026, 3, 12)),
        ("2026. 03. 12.", dt.date(2026, 3, 12)),
        ("3/4/5", None),
        ("1.2.3", None),
        ("12.03.26", None),
        ("Mar 12, 2026", None),
        ("31.02.2026", None),
    ],
)
def test_dates_are_read_by_a_rule_never_guessed(written: str, expected: dt.date | None) -> None:
    """Year first or day first with a four-digit year; anything else is a located problem."""
    data = _fill_blank("en", {"case:reference": ["R-1"], "session:date": [written]})
    if expected is None:
        with pytest.raises(dk.DocumentError, match="session:date: not a date"):
            read_deck(data, setting=dk.Setting.PRISON)
    else:
        assert read_deck(data, setting=dk.Setting.PRISON).sessions[0].date == expected


def test_what_editing_in_powerpoint_does_is_read_right() -> None:
    """A manual line break is a space; goal factor names that contain commas (es) are matched whole;
    a real goal id starting with "new" keeps its id; a copied box is reported with both slides."""
    case = dk.load_case(EXAMPLES[0])
    case = attrs.evolve(case, goals=(attrs.evolve(case.goals[0], id="newspaper-route"), *case.goals[1:]))
    prs = Presentation(io.BytesIO(_internal_deck(case, "es")))
    box = next(
        sh
        for s in prs.slides
        for sh in s.shapes
        if re.fullmatch(r"[a-z_]+:known", sh.name) and sh.text_frame.text
    )
    paragraph = box.text_frame.paragraphs[0]
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = "Visits his sister"
    paragraph.add_line_break()
    paragraph.add_run().text = "every month"
    out = io.BytesIO()
    prs.save(out)
    read = read_deck(out.getvalue(), base=case)
    factor = box.name.split(":")[0]
    notes = next(r for r in read.sessions[-1].reflections if r.factor_id == factor).known
    assert notes[0].text == "Visits his sister every month"
    assert [g.id for g in read.goals] == [g.id for g in case.goals]
    assert read.goals[0].factors == case.goals[0].factors
    copied = prs.slides[2].shapes[-1]
    prs.slides[3].shapes._spTree.append(copy.deepcopy(copied._element))
    out = io.BytesIO()
    prs.save(out)
    with pytest.raises(dk.DocumentError, match=rf"slides 3, 4, shape {copied.name}: the name is used more"):
        read_deck(out.getvalue(), base=case)


def test_a_renamed_goal_box_with_an_invalid_id_is_reported() -> None:
    data = _fill_blank("en", {"case:reference": ["R-1"], "session:date": ["2026-01-02"]})
    prs = Presentation(io.BytesIO(data))
    for shape in (sh for s in prs.slides for sh in s.shapes if sh.name.startswith("goal:_new1:")):
        shape.name = shape.name.replace("_new1", "Extra.Goal")
        if shape.name.endswith(":wording"):
            shape.text_frame.text = "Find a flat"
    out = io.BytesIO()
    prs.save(out)
    with pytest.raises(dk.DocumentError, match=r"goal:Extra\.Goal:wording: the shape's goal id is not an id"):
        read_deck(out.getvalue(), setting=dk.Setting.PRISON)


@pytest.mark.parametrize(
    ("setting", "said"), [("Sabine Brückner", "a string of 15 characters"), ("prisonn", "'prisonn'")]
)
def test_a_hand_edited_setting_in_the_deck_marker_is_shown_only_as_a_near_miss(
    setting: str, said: str
) -> None:
    """The deck's hidden marker (reference=...;setting=...) edited by hand to hold a name: the
    error describes it by its length (it repeated it whole); a typo of a setting is still shown."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_internal_deck(dk.load_case(EXAMPLES[1]), "en"))) as deck,
        zipfile.ZipFile(out, "w") as edited,
    ):
        for info in deck.infolist():
            data = deck.read(info)
            if info.filename == "ppt/slides/slide1.xml":
                data = re.sub(rb"setting=\w+", b"setting=" + setting.encode(), data)
            edited.writestr(info, data)
    with pytest.raises(dk.DocumentError) as exc:
        read_deck(out.getvalue())
    assert f"the deck names a setting desistkit does not know ({said})" in str(exc.value)
    assert "Sabine" not in str(exc.value)
