"""Case files: every example loads, every bad file reports every problem, writes are atomic."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import attrs
import jsonschema
import pytest

import desistkit as dk
from conftest import BAD, EXAMPLES
from desistkit.core.checks import case_problems

BAD_FILES = sorted(BAD.glob("*.json"))


def test_there_are_at_least_three_examples() -> None:
    """The examples cover prison, probation and pre-trial detention."""
    settings = {dk.load_case(p).setting for p in EXAMPLES}
    assert {dk.Setting.PRISON, dk.Setting.PROBATION, dk.Setting.PRE_TRIAL_DETENTION} <= settings


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_follows_the_schema_and_is_canonical(path: Path) -> None:
    """Each example validates against the published schema and is stored in canonical form."""
    text = path.read_text(encoding="utf-8")
    validator = jsonschema.Draft202012Validator(
        dk.case_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(json.loads(text))] == []
    assert dk.dumps_case(dk.loads_case(text)) == text


def test_examples_together_exercise_every_feature() -> None:
    """All stances, perspectives and valences, every goal status, expired consent, shareable and not."""
    cases = [dk.load_case(p) for p in EXAMPLES]
    reflections = [r for c in cases for s in c.sessions for r in s.reflections]
    notes = [n for r in reflections for n in r.all_notes]
    assert {s for r in reflections for s in r.stances} == set(dk.Stance)
    assert {n.perspective for n in notes} == set(dk.Perspective)
    assert {r.valence for r in reflections} == set(dk.Valence)
    assert {h.status for c in cases for g in c.goals for h in g.history} == set(dk.GoalStatus)
    assert {g.agreement for c in cases for g in c.goals} == set(dk.GoalAgreement)
    assert {n.shareable for n in notes} == {True, False}
    assert any(r.gender_lens for r in reflections) and any(r.discrimination for r in reflections)
    consents = [(c, k) for c in cases for k in c.consents]
    assert any(k.expires and c.latest and k.expires < c.latest.date for c, k in consents)
    assert any(k.withdrawn for _, k in consents)
    assert all(
        c.client
        and c.client.birth_date
        and c.client.inmate_numbers
        and c.client.contacts
        and c.client.aliases
        for c in cases
    )
    assert any(
        len(c.sessions) >= 4 and any(s.kind is dk.SessionKind.CASE_CONFERENCE for s in c.sessions)
        for c in cases
    )


def test_embedded_demo_case_is_the_prison_example() -> None:
    """The demo case in the package is the prison example, so both stay in step."""
    prison = next(p for p in EXAMPLES if p.name == "prison-case.json")
    assert dk.demo_case() == dk.load_case(prison)


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_bad_file_reports_every_problem_with_its_path(path: Path) -> None:
    """The error lists exactly the expected problems (tests/data/bad/*.expected), in path order."""
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(dk.CaseFileError) as info:
        dk.load_case(path)
    assert [f"  {p}" for p in info.value.problems] == expected
    assert isinstance(info.value, ValueError)


def test_errors_never_repeat_client_data_or_free_text() -> None:
    """Names typed into the wrong field, the birth date and note text stay out of messages."""
    with pytest.raises(dk.CaseFileError) as info:
        dk.load_case(BAD / "personal-data-not-echoed.json")
    message = str(info.value)
    for secret in ("Jonas", "Brenner", "07.03.1994", "1994", "grauwolf95"):
        assert secret not in message


def _objects(value: object) -> list[dict[str, object]]:
    """Every JSON object inside ``value``, ``value`` included."""
    if isinstance(value, dict):
        return [value, *(o for v in value.values() for o in _objects(v))]
    if isinstance(value, list):
        return [o for v in value for o in _objects(v)]
    return []


@pytest.mark.parametrize("key", ["Sabine Brückner", "sabine.brueckner@example.org", "Brückner"])
def test_a_name_typed_as_a_key_anywhere_stays_out_of_the_paths(key: str) -> None:
    """A hand-edited file puts a name where a key goes (``"contacts": [{"Sabine Brückner": "mother"}]``):
    in every object of the example (client record, sessions, reflections, goals, conferences) the
    key is reported as unknown or not an id, by its length, and the name is in no location or
    message; a key twice in one object likewise. Ids and field names are still shown."""
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    objects = _objects(data)
    for obj in objects:
        obj[key] = {}
    text = json.dumps(data, ensure_ascii=False)
    text = text[: text.rindex("}")] + f', "{key}": 1, "{key}": 2}}'  # and a key twice
    with pytest.raises(dk.CaseFileError) as info:
        dk.loads_case(text)
    hidden = f"<key of {len(key)} characters>"
    located = [p.location for p in info.value.problems if p.location.endswith(hidden)]
    assert len(set(located)) >= len(objects)
    assert key not in str(info.value)


def test_ids_and_field_names_in_paths_are_still_shown() -> None:
    """Hiding keys hides the file's own words, not the words a caseworker needs to find the place:
    field names, and keys written as ids outside the client record (a mistyped factor id)."""
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    data["sessions"][0]["reflections"]["famly_of_origin"] = {}
    data["goals"][0]["review"] = "2024-01-01"
    data["client"]["contacts"][0].pop("name")
    with pytest.raises(dk.CaseFileError) as info:
        dk.loads_case(json.dumps(data))
    assert [p.location for p in info.value.problems] == [
        "client.contacts[0].name",
        "goals[0].review",
        "sessions[0].reflections.famly_of_origin",
    ]


@pytest.mark.parametrize(("value", "shown"), [(5, "5"), (2.5, "2.5"), ("ab", "a string of 2 characters")])
def test_factors_that_are_not_a_list_are_reported_once_not_crashed_on(value: object, shown: str) -> None:
    """A goal's, consent's or action's factors written as a number or a string: one problem with
    its path (a number used to crash the loader, a string to be read as one-letter factor ids)."""
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    data["goals"][0]["factors"] = value
    data["consents"][0]["factors"] = value
    with pytest.raises(dk.CaseFileError) as info:
        dk.loads_case(json.dumps(data))
    assert [str(p) for p in info.value.problems] == [
        f"consents[0].factors: expected an array, got {shown}",
        f"goals[0].factors: expected an array, got {shown}",
    ]


def test_typos_in_enum_words_are_shown_with_a_suggestion() -> None:
    """A near miss like 'prisonn' is echoed, with the word that was probably meant."""
    data = {"format_version": 1, "reference": "X-1", "setting": "prisonn"}
    with pytest.raises(dk.CaseFileError) as info:
        dk.case_from_dict(data)
    assert [str(p) for p in info.value.problems] == [
        "setting: expected one of pre_trial_detention, prison, probation, post_release, "
        "open_setting; got 'prisonn'; did you mean 'prison'?"
    ]


def test_organisation_catalogue_decides_which_factor_ids_are_known() -> None:
    """A factor added by an organisation is valid in its case files, and only there."""
    org = dk.parse_catalogue(
        'format = "desistkit-catalogue/1"\nextends = "default"\n[[factors]]\nid = "faith"\n'
        'category = "relationship_belonging"\nname = "Faith"\ndescription = "Faith community."\n'
        'questions = ["What gives you strength?", "Where do you pray?", "Who do you trust?"]\n'
    )
    data = {
        "format_version": 1,
        "reference": "X-1",
        "setting": "prison",
        "sessions": [
            {
                "id": "s1",
                "date": "2025-01-01",
                "kind": "counselling",
                "reflections": {"faith": {"rating": 3}},
            }
        ],
    }
    assert dk.case_from_dict(data, catalogue=org).sessions[0].reflections[0].factor_id == "faith"
    with pytest.raises(dk.CaseFileError, match=r"reflections\.faith: unknown factor id"):
        dk.case_from_dict(data)


def test_check_case_finds_unknown_factors_in_a_case_built_in_python() -> None:
    """Integrators who build cases in code get the same checks as a file load."""
    case = dk.Case(
        "X-1",
        dk.Setting.PRISON,
        sessions=[
            dk.Session(
                "s1",
                dk.demo_case().sessions[0].date,
                dk.SessionKind.COUNSELLING,
                reflections=[dk.FactorReflection("famliy_of_origin")],
            )
        ],
    )
    assert [str(p) for p in dk.check_case(case)] == [
        "sessions[0].reflections.famliy_of_origin: unknown factor id 'famliy_of_origin'; "
        "did you mean 'family_of_origin'?"
    ]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    """A file above the size cap is refused without reading it whole."""
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2048)
    with pytest.raises(dk.CaseFileError, match="larger than 1 KiB"):
        dk.load_case(path, max_bytes=1024)


def test_load_from_a_binary_stream() -> None:
    """A case can come from a stream (e.g. a database or an upload), not only a path."""
    with open(EXAMPLES[0], "rb") as stream:
        assert dk.load_case(stream) == dk.load_case(EXAMPLES[0])


def test_save_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    """An existing file is kept unless force=True; then it is replaced whole."""
    case = dk.demo_case()
    path = tmp_path / "case.json"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(dk.OutputExistsError):
        dk.save_case(case, path)
    assert path.read_text(encoding="utf-8") == "precious"
    dk.save_case(case, path, force=True)
    assert dk.load_case(path) == case
    assert os.listdir(tmp_path) == ["case.json"]  # no temporary files left behind
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_failed_write_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the disk fails mid-write, the previous case file is still there, unchanged."""
    path = tmp_path / "case.json"
    dk.save_case(dk.demo_case(), path)
    before = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    smaller = dk.Case("X-1", dk.Setting.PRISON)
    with pytest.raises(OSError, match=r"case\.json cannot be written: the disk is full"):
        dk.save_case(smaller, path, force=True)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["case.json"]


def test_canonical_json_is_stable_and_readable() -> None:
    """format_version first, model field order, non-ASCII kept, defaults left out."""
    text = dk.dumps_case(dk.Case("X-1", dk.Setting.PROBATION, programme="Ausstieg Süd"))
    assert text == (
        '{\n  "format_version": 2,\n  "reference": "X-1",\n  "setting": "probation",\n'
        '  "programme": "Ausstieg Süd"\n}\n'
    )


def test_schema_is_a_valid_json_schema_that_forbids_unknown_keys() -> None:
    """The published schema is valid 2020-12 and closed: no object accepts unknown keys."""
    schema = dk.case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    objects = [schema, *schema["$defs"].values()]
    assert all(o["additionalProperties"] is False for o in objects)
    assert schema["properties"]["format_version"] == {
        "const": 2,
        "description": "Version of the case file format.",
    }


# --- the checks are linear ---------------------------------------------------------------------------


class _CountedId(str):
    """An id that counts how often it is compared for equality."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _CountedId.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def _sessions(n: int, ident: type[str] = str) -> list[dk.Session]:
    day = dt.date(2024, 1, 1)
    return [dk.Session(ident(f"s{i}"), day, dk.SessionKind.REMOTE) for i in range(n)]


def test_unique_ids_are_checked_without_comparing_every_pair() -> None:
    """Building a case and check_case compare ids a number of times linear in the sessions: the
    model counted with list.count, n² comparisons (a 100,000-session case took minutes to load)."""
    n = 2_000
    sessions = _sessions(n, _CountedId)
    _CountedId.compared = 0
    case = dk.Case("X-1", dk.Setting.PRISON, sessions=sessions)
    assert dk.check_case(case) == ()
    assert _CountedId.compared < 10 * n  # list.count made n * n = 4,000,000


def test_twenty_thousand_sessions_are_checked_and_a_repeat_is_found() -> None:
    """A 20,000-session case passes; the same with the last id repeated (validators off, as a
    case built around the model would be) has exactly that problem, named as a file load names it."""
    sessions = _sessions(20_000)
    assert dk.check_case(dk.Case("X-1", dk.Setting.PRISON, sessions=sessions)) == ()
    repeated = [*sessions, attrs.evolve(sessions[7], kind=dk.SessionKind.HOME_VISIT)]
    with attrs.validators.disabled():
        case = dk.Case("X-1", dk.Setting.PRISON, sessions=repeated)
    assert [str(p) for p in case_problems(case, dk.default_catalogue())] == [
        "sessions[20000].id: duplicate session id 's7' (also sessions[7])"
    ]
