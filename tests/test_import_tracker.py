"""Reading a tracker back: lossless round trips, edits from Excel and LibreOffice, located errors,
and a workbook from outside treated as untrusted (zip bombs, DTDs, formulas)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tracemalloc
import zipfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

import desistkit as dk
from conftest import EXAMPLES, run_cli
from desistkit.export.tracker import tracker_xlsx
from desistkit.formats.package import MAX_ENTRIES, MAX_UNCOMPRESSED_BYTES
from desistkit.formats.tracker import GOALS, SESSIONS
from desistkit.importing import read_document, read_tracker
from strategies import cases

ON = dt.date(2025, 11, 30)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)  # the moment of disclosure
PRISON = EXAMPLES[1]


def _tracker(case: dk.Case, lang: str = "en", audience: str = "internal") -> bytes:
    shared = dk.share(case, audience, on=ON, now=NOW, key=dk.PseudonymKey(bytes(range(32))))
    return tracker_xlsx(shared, dk.get_localizer(lang))


def _problems(exc: pytest.ExceptionInfo[dk.DocumentError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


# --- round trips -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr", "el", "fi"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_round_trip_of_every_example(path: Path, lang: str) -> None:
    """case -> tracker -> case gives the case back; with the base, the client record and consents too."""
    case = dk.load_case(path)
    data = _tracker(case, lang)
    assert read_tracker(data, base=case) == case
    alone = read_tracker(data)
    assert alone == attrs.evolve(case, client=None, consents=(), conferences=())  # not in the tracker


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_round_trip_of_generated_cases(case: dk.Case) -> None:
    """Any valid case, with any Unicode in its notes (control characters, '=...', '_x0041_'), comes back."""
    shared = dk.share(case, "internal", on=ON)
    back = read_tracker(tracker_xlsx(shared, dk.get_localizer("de")), base=case)
    assert back == shared.case


def test_sessions_on_one_day_keep_their_order() -> None:
    """Two sessions on the same day, the first without reflections: they come back in their order."""
    day = dt.date(2025, 3, 3)
    reflection = dk.FactorReflection("friends", valence=dk.Valence.RESOURCE)
    case = dk.Case(
        reference="X-1",
        setting=dk.Setting.PRISON,
        sessions=(dk.Session("s0", day, dk.SessionKind.REMOTE), dk.Session("s1", day, dk.SessionKind.REMOTE,
                                                                            reflections=(reflection,))),
    )  # fmt: skip
    assert [s.id for s in read_tracker(_tracker(case)).sessions] == ["s0", "s1"]


@pytest.mark.libreoffice
def test_round_trip_through_libreoffice(soffice: str, tmp_path: Path) -> None:
    """Saved again by LibreOffice (as a caseworker's office would), the tracker still gives the case."""
    case = dk.load_case(PRISON)
    source = tmp_path / "tracker.xlsx"
    source.write_bytes(_tracker(case, "el"))
    out = tmp_path / "saved"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    saved = (out / "tracker.xlsx").read_bytes()
    assert saved != source.read_bytes()
    assert read_tracker(saved, base=case) == case


def test_defusedxml_guards_openpyxl() -> None:
    """openpyxl parses worksheets and shared strings with defusedxml when it is installed."""
    assert openpyxl.DEFUSEDXML is True


# --- edits ------------------------------------------------------------------------------------------


def _edit(data: bytes, change: object) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)  # type: ignore[operator]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


DAY = dt.datetime(2025, 12, 3)
QUESTION = "Who are his friends outside?"
LEISURE = "leisure_and_joyful_activities"


def test_a_caseworkers_edits_come_back() -> None:
    """A new session (rows typed below the table, factor picked by its name), a rating changed on all
    rows of its factor, a goal reached (a new status row), an edited note, a moved column."""
    case = dk.load_case(PRISON)
    loc = dk.get_localizer("de")
    first = case.chronological[0]
    reflection = first.reflections[0]

    col = {c.key: i for i, c in enumerate(SESSIONS)}

    def row_of(**values: object) -> list[object]:
        return [values.get(c.key) for c in SESSIONS]

    def edit(workbook: openpyxl.Workbook) -> None:
        sessions = workbook[loc.text("tracker.sheet.sessions")]
        for row in sessions.iter_rows(min_row=2):
            if (
                row[col["session_id"]].value == first.id
                and row[col["factor_id"]].value == reflection.factor_id
            ):
                row[col["rating"]].value = 4
                if row[col["note"]].value == reflection.known[0].text:
                    row[col["note"]].value = "Edited: the sentence is now accepted."
        friends = loc.catalogue().factor("friends").name  # picked by its name, the id left empty
        open_, client = loc.enum(dk.Stance.OPEN), loc.enum(dk.Perspective.CLIENT)
        home, resource = loc.enum(dk.SessionKind.HOME_VISIT), loc.enum(dk.Valence.RESOURCE)
        sessions.append(row_of(session_id="s9", date=DAY, kind=home, factor=friends, stance=open_,
                               note=QUESTION, perspective=client, valence=resource, rating=3))  # fmt: skip
        sessions.append(
            row_of(session_id="s9", factor_id=LEISURE, client_priority=loc.enum(dk.Priority.HIGH))
        )
        goals = workbook[loc.text("tracker.sheet.goals")]
        status = {"goal_id": case.goals[0].id, "status": loc.enum(dk.GoalStatus.ACHIEVED), "date": DAY}
        goals.append([status.get(c.key) for c in GOALS])

    edited = read_tracker(_edit(_tracker(case, "de"), edit), base=case)
    changed = edited.session(first.id).reflection(reflection.factor_id)
    assert changed is not None and changed.rating == 4
    assert changed.known[0].text == "Edited: the sentence is now accepted."
    new = edited.session("s9")
    assert (new.date, new.kind) == (dt.date(2025, 12, 3), dk.SessionKind.HOME_VISIT)
    friends, leisure = new.reflections
    assert (friends.factor_id, friends.valence, friends.rating) == ("friends", dk.Valence.RESOURCE, 3)
    assert friends.open == (dk.Note(QUESTION, dk.Perspective.CLIENT),)
    assert (leisure.factor_id, leisure.client_priority, leisure.all_notes) == (LEISURE, dk.Priority.HIGH, ())
    assert edited.goal(case.goals[0].id).status is dk.GoalStatus.ACHIEVED
    assert edited.latest is new
    untouched = [s for s in case.sessions if s.id != first.id]
    assert all(edited.session(s.id) == s for s in untouched)


def test_a_factor_name_holding_the_list_separator_is_not_split() -> None:
    """A Spanish tracker with a goal linked to partnership_and_children ("Pareja, hijos e hijas"):
    it comes back, also after the caseworker wrote the factor names instead of the ids."""
    case = dk.load_case(PRISON)
    goal = attrs.evolve(case.goals[0], factors=("partnership_and_children", "friends"))
    case = attrs.evolve(case, goals=(goal, *case.goals[1:]))
    loc = dk.get_localizer("es")
    names = ", ".join(loc.catalogue().factor(f).name for f in goal.factors)
    assert names.count(",") == 2  # the name holds the separator: what this test is about
    data = _tracker(case, "es")
    assert read_tracker(data, base=case) == case

    def by_name(workbook: openpyxl.Workbook) -> None:
        goals = workbook[loc.text("tracker.sheet.goals")]
        factors = [c.key for c in GOALS].index("factors")
        ids = [c.key for c in GOALS].index("goal_id")
        for row in goals.iter_rows(min_row=2):
            if row[ids].value == goal.id:
                row[factors].value = names

    assert read_tracker(_edit(data, by_name), base=case) == case


def test_columns_are_found_by_name_after_they_moved() -> None:
    """A column moved elsewhere on the sheet (defined names follow it) still reads right."""
    case = dk.load_case(EXAMPLES[0])

    def move(workbook: openpyxl.Workbook) -> None:
        sessions = workbook["Sessions"]
        sessions.insert_cols(1)  # openpyxl does not move names or tables: do what Excel would
        sessions.move_range("B1:N2000", cols=-1)
        sessions.move_range("J1:J2000", cols=5)  # rating to column O
        workbook.defined_names["desistkit.sessions.rating"].attr_text = "Sessions!$O$1"
        sessions.tables.clear()

    assert read_tracker(_edit(_tracker(case), move), base=case) == case


# --- problems, with sheet and cell ------------------------------------------------------------------


def test_every_bad_cell_is_reported_with_its_place() -> None:
    """All problems at once, each as Sheet!Cell: what is wrong and what was expected."""
    case = dk.load_case(PRISON)
    secret = "Dennis lives at Sandelbeck 4"

    def spoil(workbook: openpyxl.Workbook) -> None:
        s = workbook["Sessions"]
        s["E2"] = "maybe"
        s["E3"] = "Asumed"
        s["J4"] = 7
        s["N5"] = "education"
        s["F6"] = "=1+2"
        s["I3"] = "Resource"  # differs from the rest of its reflection (Ambivalent)
        s["G8"] = None  # a note without its perspective
        s["F8"] = secret
        s["M9"] = "S 1"  # words with a number between them are not a token: an address is too
        s["A10"] = "next week"
        goals = workbook["Goals"]
        goals["C2"] = "finished"
        workbook["Working relationship"]["C3"] = 5

    with pytest.raises(dk.DocumentError) as exc:
        read_tracker(_edit(_tracker(case), spoil))
    problems = _problems(exc)
    stances = "Known, Assumed, Open, Gender lens, Discrimination experienced"
    assert problems == [
        f"Sessions!E2: a text of 5 characters is not one of {stances}",
        f'Sessions!E3: "Asumed" is not one of {stances}',
        "Sessions!I3: differs from Sessions!I2 for the same session and factor; make them the same, or leave "
        "all but one empty",
        "Sessions!J4: 7 is not a rating from 0 to 4",
        "Sessions!N5: 'education' is not a factor id of the catalogue; did you mean "
        "educational_and_vocational_training?",
        "Sessions!F6: is a formula; the tracker never calculates: type the value itself",
        "Sessions!G8: the note needs its perspective: one of Client's view, Family and social environment, "
        "Professional view",
        "Sessions!M9: a text of 3 characters is not a session id: lower-case letters, digits, '_' and '-'",
        "Sessions!A10: a text of 9 characters is not a date (a date cell, or 2025-03-14)",
        "'Working relationship'!C3: 5 is not a rating from 0 to 4",
        "Goals!C2: a text of 8 characters is not one of Open, In progress, Achieved, Dropped",
    ]
    assert secret not in str(exc.value) and "Dennis" not in str(exc.value)


def test_a_value_with_words_and_numbers_is_not_repeated_in_any_cell() -> None:
    """An address or a name with a date typed into a date, rating, vocabulary or id cell of either
    sheet ("Lindenweg 12 Sandelbeck") is described by its length, never repeated: it used to be
    shown whole because it holds a digit, as tokens like "S-1" are."""
    case = dk.load_case(PRISON)
    secret = "Lindenweg 12 Sandelbeck"
    data = _tracker(case)
    for sheet, name in [*(("Sessions", c) for c in ["A2", "E2", "I2", "J2", "K2", "M2", "N2"]),
                        *(("Goals", c) for c in ["B2", "C2", "D2", "H2", "I2"])]:  # fmt: skip

        def spoil(workbook: openpyxl.Workbook, sheet: str = sheet, name: str = name) -> None:
            workbook[sheet][name] = secret

        with pytest.raises(dk.DocumentError) as exc:
            read_tracker(_edit(data, spoil))
        assert [p.location for p in exc.value.problems if "a text of 23 characters" in p.message] == [
            f"{sheet}!{name}"
        ]
        assert "Lindenweg" not in str(exc.value)


def test_an_identifier_pasted_into_an_id_or_date_cell_is_not_repeated() -> None:
    """A hyphenated or dotted name, a handle, a phone or a record number pasted into a session id,
    date or factor cell: no space, a digit or a '-' made it a "token" and the error repeated it."""
    case = dk.load_case(PRISON)
    data = _tracker(case)
    for secret in [
        "Anna-Lena",
        "jonas.brenwald",
        "BRENWALD_J",
        "+491512345678",
        "JVA-1234/25",
        "j.brenwald92",
    ]:

        def spoil(workbook: openpyxl.Workbook, secret: str = secret) -> None:
            for cell in ["M2", "N2", "A10"]:
                workbook["Sessions"][cell] = secret

        with pytest.raises(dk.DocumentError) as exc:
            read_tracker(_edit(data, spoil))
        assert len(exc.value.problems) == 3 and secret.lower() not in str(exc.value).lower(), str(exc.value)


def test_cli_import(tmp_path: Path) -> None:
    """`desistkit import FILE.xlsx -o case.json --base CASE`: exit 0 and the case; bad input exit 2."""
    case = dk.load_case(PRISON)
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(_tracker(case, "it"))
    out = tmp_path / "case.json"
    result = run_cli("import", str(tracker), "-o", str(out), "--base", str(PRISON))
    assert result.returncode == 0, result.stderr
    assert dk.load_case(out) == case
    alone = run_cli("import", str(tracker), "-o", str(tmp_path / "alone.json"))
    assert alone.returncode == 0 and "--base" in alone.stderr
    spoiled = tmp_path / "spoiled.xlsx"

    def spoil(workbook: openpyxl.Workbook) -> None:
        workbook.worksheets[1]["J2"] = "high"

    spoiled.write_bytes(_edit(tracker.read_bytes(), spoil))
    bad = run_cli("import", str(spoiled), "-o", str(tmp_path / "bad.json"))
    assert bad.returncode == 2
    sheet = dk.get_localizer("it").text("tracker.sheet.sessions")
    assert f"{sheet}!J2: a text of 4 characters is not a rating from 0 to 4" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "bad.json").exists()
    json_in = run_cli("import", str(PRISON), "-o", str(tmp_path / "x.json"))
    assert json_in.returncode == 2 and "is not an Office document (.xlsx, .pptx)" in json_in.stderr


# --- what is refused ---------------------------------------------------------------------------------


def test_a_tracker_for_another_audience_is_refused() -> None:
    """Only the internal tracker holds the whole case: reading a shared one back would lose notes."""
    with pytest.raises(dk.DocumentError, match="made for the audience 'case-conference'"):
        read_tracker(_tracker(dk.load_case(PRISON), audience="case-conference"))


def test_another_cases_base_is_refused() -> None:
    """--base of another case: the tracker's reference cell says so."""
    with pytest.raises(dk.DocumentError, match=r"Overview!B4: is another case than the base"):
        read_tracker(_tracker(dk.load_case(PRISON)), base=dk.load_case(EXAMPLES[0]))


def test_other_documents_name_what_can_be_imported() -> None:
    """A plain workbook, a deck, garbage: each a one-line reason, never a traceback."""
    plain = io.BytesIO()
    openpyxl.Workbook().save(plain)
    with pytest.raises(dk.DocumentError, match="is not a desistkit case tracker"):
        read_document(plain.getvalue())
    import pptx

    deck = io.BytesIO()
    pptx.Presentation().save(deck)
    expected = r"is a PowerPoint deck, but not a CaseReflector"
    with pytest.raises(dk.DocumentError, match=expected):
        read_document(deck.getvalue())
    with pytest.raises(dk.DocumentError, match="not a zip package"):
        read_document(b"PK\x03\x04 not really")


def _zip(entries: list[tuple[str, bytes]], level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, body in entries:
            archive.writestr(name, body)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_inflates() -> None:
    """128 KB that would inflate to 128 MB: refused from the zip directory, with little memory."""
    zeros = b"\0" * (128 * 1024 * 1024)
    bomb = _zip([("[Content_Types].xml", b"<Types/>"), ("xl/worksheets/sheet1.xml", zeros)])
    del zeros
    assert len(bomb) < 140 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(dk.DocumentError, match=r"inflates \d+ times .*zip bomb"):
            read_tracker(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


def test_sizes_a_zip_declares_are_held_to_the_caps() -> None:
    """An entry that claims more than the total cap, and a package of too many parts."""
    small = _zip([("[Content_Types].xml", b"<Types/>")])
    liar = bytearray(small)
    central = liar.rindex(b"PK\x01\x02")
    size = (MAX_UNCOMPRESSED_BYTES + 1).to_bytes(4, "little")
    liar[central + 24 : central + 28] = size  # the uncompressed size in the central directory
    with pytest.raises(dk.DocumentError, match="would inflate to more than 256 MiB"):
        read_tracker(bytes(liar))
    many = _zip([(f"part{i}.bin", b"") for i in range(MAX_ENTRIES + 1)], level=1)
    with pytest.raises(dk.DocumentError, match=f"has {MAX_ENTRIES + 1} parts; the limit is {MAX_ENTRIES}"):
        read_tracker(many)


def test_a_part_with_a_document_type_is_refused() -> None:
    """Entity expansion needs a DTD; Office XML never has one."""
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
              b"<Types>&lol2;</Types>")  # fmt: skip
    with pytest.raises(dk.DocumentError, match=r"part \[Content_Types\].xml declares a document type"):
        read_tracker(_zip([("[Content_Types].xml", laughs), ("_rels/.rels", b"<Relationships/>")]))


def test_rows_below_the_declared_dimension_are_read(tmp_path: Path) -> None:
    """A sheet whose <dimension> claims fewer rows than it holds (an editor that did not update it)
    loses no session: every row that holds data is read."""
    import re as _re

    case = dk.load_case(EXAMPLES[-1])
    data = tracker_xlsx(dk.share(case, "internal", on=ON), dk.get_localizer("en"))
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = _re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:B2"/>', parts[name], count=1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    back = read_tracker(out.getvalue())
    assert len(back.sessions) == len(case.sessions)
    assert len(back.goals) == len(case.goals)
