"""Retention: a policy file with located errors, what is due when, and applying it to case files."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest

import desistkit as dk
from conftest import EXAMPLES, run_cli, temporaries
from desistkit.cli.cases import shared_cases
from desistkit.export.programme import programme_xlsx
from desistkit.retention import ERASED, Due, Period, apply, due, parse_retention
from desistkit.sharing import KnownIdentifiers

POLICY = """\
format = "desistkit-retention/1"
[drop]
client = "12 months"
notes = "5 years"
case = "never"
"""
CLOSED = dt.date(2026, 1, 31)
KEY = dk.PseudonymKey(bytes(range(32)))


def _closed(case: dk.Case, day: dt.date = CLOSED) -> dk.Case:
    return attrs.evolve(case, closed=dk.Closure(day, dk.ClosureReason.COMPLETED))


def test_periods_count_from_the_closing_day() -> None:
    """Months end at the month's end (31 Jan + 1 month = 28 Feb); years and weeks as expected."""
    assert Period(1, "month").after(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert Period(12, "month").after(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert Period(5, "year").after(dt.date(2026, 1, 31)) == dt.date(2031, 1, 31)
    assert Period(2, "week").after(dt.date(2026, 1, 31)) == dt.date(2026, 2, 14)


def test_bad_policy_names_every_problem_with_its_place() -> None:
    """Wrong format, unknown keys and items, words that are not periods: all at once, located."""
    text = (
        'format = "desistkit-retention/2"\nkeep = 1\n[drop]\nclient = "twelve months"\n'
        'contacts = "1 year"\nnotes = 5\n'
    )
    with pytest.raises(dk.RetentionPolicyError) as info:
        parse_retention(text, source="retention.toml")
    assert [(p.location, p.message) for p in info.value.problems] == [
        ("format", "must be 'desistkit-retention/1' (this desistkit reads 'desistkit-retention/1')"),
        ("keep", "unknown key; expected format or drop"),
        ("drop.client", "expected a period such as '5 years', '12 months' or 'never', got 'twelve months'"),
        ("drop.contacts", "unknown item; expected one of client, notes, case"),
        ("drop.notes", "expected a period such as '5 years', '12 months' or 'never', got int"),
    ]
    with pytest.raises(dk.RetentionPolicyError, match="not valid TOML"):
        parse_retention("format = ", source="retention.toml")


def test_nothing_is_due_for_an_open_case_or_before_its_time() -> None:
    """An open case is never due; a closed one becomes due item by item."""
    policy = parse_retention(POLICY)
    case = dk.load_case(EXAMPLES[1])
    assert due(case, policy, dt.date(2099, 1, 1)) == ()
    closed = _closed(case)
    assert due(closed, policy, dt.date(2027, 1, 30)) == ()
    assert due(closed, policy, dt.date(2027, 1, 31)) == (Due("client", dt.date(2027, 1, 31)),)
    assert [d.item for d in due(closed, policy, dt.date(2031, 2, 1))] == ["client", "notes"]
    everything = parse_retention(POLICY.replace('case = "never"', 'case = "10 years"'))
    assert due(closed, everything, dt.date(2036, 1, 31)) == (Due("case", dt.date(2036, 1, 31)),)


def test_apply_drops_what_is_due_and_the_line_names_no_one() -> None:
    """The client record goes (and no text is shareable without it); later every free text goes."""
    policy = parse_retention(POLICY)
    case = _closed(dk.load_case(EXAMPLES[1]))
    assert case.client is not None
    first = apply(case, policy, dt.date(2027, 2, 1))
    assert first.case is not None and first.case.client is None
    assert first.case.sessions[0].date == case.sessions[0].date  # the structure stays
    assert not any(n.shareable for s in first.case.sessions for r in s.reflections for n in r.all_notes)
    assert not any(g.shareable for g in first.case.goals)
    line = json.dumps(first.line)
    secrets = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
    assert all(s not in line for s in [*secrets, case.reference])
    assert first.line["dropped"] == ["client"] and str(first.line["case"]).startswith("sha256:")
    assert apply(first.case, policy, dt.date(2027, 2, 1)).dropped == ()  # done is done
    second = apply(first.case, policy, dt.date(2031, 2, 1))
    assert second.case is not None
    assert not any(r.all_notes for s in second.case.sessions for r in s.reflections)
    assert all(g.wording == ERASED for g in second.case.goals)
    assert [g.status for g in second.case.goals] == [g.status for g in case.goals]
    assert second.line["counts"] == {"notes": _texts(case)}
    assert dk.check_case(second.case) == ()


def _texts(case: dk.Case) -> int:
    notes = sum(len(r.all_notes) for s in case.sessions for r in s.reflections)
    notes += sum(1 for s in case.sessions if s.working_relationship and s.working_relationship.note)
    for c in case.conferences:
        notes += sum(len(r.all_notes) for x in c.contributions for r in x.reflections)
        notes += len(c.actions) + len(c.recommendations) + (c.client_informed is not None)
    return notes + len(case.goals) + (case.handover_note is not None)


def test_conference_notes_go_as_session_notes_do() -> None:
    """The agencies' notes, the agreed actions, the recommendations and what the client was told
    stop being shareable with the client record, and go with every other free text; who took part,
    the agencies' ratings and the actions' status stay for the statistics."""
    policy = parse_retention(POLICY)
    case = _closed(dk.load_case(next(p for p in EXAMPLES if p.name == "prison-case.json")))
    assert case.conferences and any(n.shareable for c in case.conferences for n in c.recommendations)
    first = apply(case, policy, dt.date(2027, 2, 1)).case
    assert first is not None
    for c in first.conferences:
        notes = [n for x in c.contributions for r in x.reflections for n in r.all_notes]
        notes += [*c.recommendations, *([c.client_informed] if c.client_informed else [])]
        assert notes and not any(n.shareable for n in notes)
        assert not any(a.shareable for a in c.actions)
    # Not shareable any more means no external audience gets a word of them.
    shared = dk.share(
        first, "case-conference", key=KEY, now=dt.datetime(2025, 7, 1, 9, tzinfo=dt.timezone.utc)
    )
    assert shared.audit.conference_notes.get("shared", 0) == 0 and "shared" not in shared.audit.actions
    second = apply(first, policy, dt.date(2031, 2, 1)).case
    assert second is not None and dk.check_case(second) == ()
    for before, after in zip(case.conferences, second.conferences, strict=True):
        assert not [n for x in after.contributions for r in x.reflections for n in r.all_notes]
        assert (after.recommendations, after.client_informed) == ((), None)
        assert all(a.what == ERASED for a in after.actions)
        assert [a.status for a in after.actions] == [a.status for a in before.actions]
        assert after.participants == before.participants
        ratings = [[(r.factor_id, r.valence, r.rating) for r in x.reflections] for x in after.contributions]
        assert ratings == [
            [(r.factor_id, r.valence, r.rating) for r in x.reflections] for x in before.contributions
        ]
    assert dk.loads_case(dk.dumps_case(second)) == second


def _closed_copies(folder: Path) -> list[Path]:
    paths = []
    for example in EXAMPLES:
        data = json.loads(example.read_text("utf-8"))
        data["closed"] = {"date": CLOSED.isoformat(), "reason": "handed_over"}
        path = folder / example.name
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def test_cli_dry_run_changes_nothing_and_apply_does_it_all(tmp_path: Path) -> None:
    """Dry run: what is due, files untouched. --apply: client records gone, one log line per case,
    and the programme tracker still counts every case."""
    cases = _closed_copies(tmp_path)
    policy = tmp_path / "retention.toml"
    policy.write_text(POLICY, encoding="utf-8")
    before = [p.read_bytes() for p in cases]
    result = run_cli("retention", *map(str, cases), "--policy", str(policy), "--on", "2027-02-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("due: client (since 2027-01-31)") == len(cases)
    assert [p.read_bytes() for p in cases] == before
    refused = run_cli("retention", *map(str, cases), "--policy", str(policy), "--apply")
    assert refused.returncode == 2 and "--apply needs --log FILE" in refused.stderr
    log = tmp_path / "retention.log"
    result = run_cli("retention", *map(str, cases), "--policy", str(policy), "--on", "2027-02-01",
                     "--apply", "--log", str(log))  # fmt: skip
    assert result.returncode == 0, result.stderr
    loaded = [dk.load_case(p) for p in cases]
    assert all(c.client is None for c in loaded)
    lines = [json.loads(x) for x in log.read_text("utf-8").splitlines()]
    assert [x["dropped"] for x in lines] == [["client"]] * len(cases)
    originals = [dk.load_case(p) for p in EXAMPLES]
    text = log.read_text("utf-8")
    for case in originals:
        assert case.client is not None and case.reference not in text
        assert all(v not in text for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3)
    assert temporaries(tmp_path) == []
    out = io.BytesIO()
    summary = programme_xlsx(shared_cases(cases, "research", on=CLOSED, key=KEY), dk.get_localizer("en"), out)
    assert summary.cases == len(cases)
    assert summary.sessions == sum(len(c.sessions) for c in originals)
    again = run_cli("retention", *map(str, cases), "--policy", str(policy), "--on", "2031-02-01",
                    "--apply", "--log", str(log))  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert len(log.read_text("utf-8").splitlines()) == 2 * len(cases)
    assert all(not any(r.all_notes for s in dk.load_case(p).sessions for r in s.reflections) for p in cases)
    out = io.BytesIO()
    summary = programme_xlsx(shared_cases(cases, "research", on=CLOSED, key=KEY), dk.get_localizer("en"), out)
    assert (summary.cases, summary.goals) == (len(cases), sum(len(c.goals) for c in originals))


def test_cli_deletes_a_case_whose_time_is_up(tmp_path: Path) -> None:
    """`case = "10 years"`: the whole file goes, after the log line is written."""
    cases = _closed_copies(tmp_path)[:1]
    policy = tmp_path / "retention.toml"
    policy.write_text(POLICY.replace('case = "never"', 'case = "10 years"'), encoding="utf-8")
    log = tmp_path / "retention.log"
    result = run_cli("retention", str(cases[0]), "--policy", str(policy), "--on", "2036-02-01", "--apply",
                     "--log", str(log))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not cases[0].exists() and "(deleted)" in result.stdout
    assert json.loads(log.read_text("utf-8"))["dropped"] == ["case"]


def test_cli_bad_policy_is_one_message_per_problem(tmp_path: Path) -> None:
    """A bad retention.toml: exit 2, every problem with its place, nothing changed."""
    cases = _closed_copies(tmp_path)[:1]
    policy = tmp_path / "retention.toml"
    policy.write_text('format = "desistkit-retention/1"\n[drop]\nclient = "soon"\n', encoding="utf-8")
    before = cases[0].read_bytes()
    result = run_cli(
        "retention", str(cases[0]), "--policy", str(policy), "--apply", "--log", str(tmp_path / "l")
    )
    assert result.returncode == 2
    assert "drop.client: expected a period" in result.stderr and "Traceback" not in result.stderr
    assert cases[0].read_bytes() == before and not (tmp_path / "l").exists()


def test_closed_is_validated_with_its_path() -> None:
    """A case closed before it was opened, or with an unknown reason, is refused with the JSON path."""
    data = json.loads(EXAMPLES[1].read_text("utf-8"))
    data["closed"] = {"date": "2000-01-01", "reason": "done"}
    with pytest.raises(dk.CaseFileError) as info:
        dk.case_from_dict(data)
    where = {p.location for p in info.value.problems}
    assert "closed.reason" in where
    data["closed"]["reason"] = "completed"
    with pytest.raises(dk.CaseFileError) as info:
        dk.case_from_dict(data)
    assert [(p.location, p.message) for p in info.value.problems] == [
        ("closed.date", "is earlier than the day the case was opened")
    ]
    schema = dk.case_schema()
    assert schema["properties"]["closed"] == {
        "$ref": "#/$defs/Closure",
        "description": schema["properties"]["closed"]["description"],
    }
    assert schema["$defs"]["Closure"]["properties"]["reason"]["enum"] == [r.value for r in dk.ClosureReason]


def test_closed_and_handover_note_round_trip_through_the_case_file(tmp_path: Path) -> None:
    """Both new fields are saved in canonical form and read back equal; the schema accepts them."""
    import jsonschema

    case = attrs.evolve(
        _closed(dk.load_case(EXAMPLES[0])),
        handover_note=dk.Note("Mornings work best.", dk.Perspective.PROFESSIONAL, shareable=True),
    )
    path = tmp_path / "case.json"
    dk.save_case(case, path)
    data = json.loads(path.read_text("utf-8"))
    assert data["closed"] == {"date": "2026-01-31", "reason": "completed"}
    assert data["handover_note"] == {
        "text": "Mornings work best.",
        "perspective": "professional",
        "shareable": True,
    }
    jsonschema.validate(data, dk.case_schema())
    assert dk.load_case(path) == case
    later = dk.check_case(case)
    assert later == ()


def test_the_closing_day_is_shared_as_precisely_as_the_opening_day() -> None:
    """Internal: the day; case conference: the month; research (no opening day): not at all."""
    case = _closed(dk.load_case(EXAMPLES[1]), dt.date(2026, 1, 31))
    now = dt.datetime(2026, 2, 2, tzinfo=dt.timezone.utc)
    internal = dk.share(case, "internal", now=now).case.closed
    conference = dk.share(case, "case-conference", key=KEY, now=now).case.closed
    assert internal is not None and internal.date == dt.date(2026, 1, 31)
    assert conference is not None and conference.date == dt.date(2026, 1, 1)
    assert conference.reason is dk.ClosureReason.COMPLETED
    assert dk.share(case, "research", key=KEY, now=now).case.closed is None
