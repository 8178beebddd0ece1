"""Case conferences through the audience rules (#16): an agency's notes reach the others only as the
policy and the client's consent allow, and the security audience sees ratings, not words."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

import desistkit as dk
from conftest import EXAMPLES, run_cli
from desistkit.core.conference import compare_conference
from desistkit.sharing import FIELDS, parse_policy, preview_lines, withheld_reasons

KEY = dk.PseudonymKey(bytes(range(32)))
NOW = dt.datetime(2025, 7, 1, 9, tzinfo=dt.timezone.utc)
PRISON = next(p for p in EXAMPLES if p.name == "prison-case.json")
EXTERNAL = ["case-conference", "security", "research", "handover"]
CATALOGUE = dk.default_catalogue()


def _case() -> dk.Case:
    return dk.load_case(PRISON)


def _notes(conference: dk.Conference, agency: str, factor_id: str) -> list[str]:
    contribution = conference.contribution(agency)
    assert contribution is not None
    reflection = contribution.reflection(factor_id)
    return [] if reflection is None else [n.text for n in reflection.all_notes]


def _security_consent(case: dk.Case) -> dk.Case:
    """The client agreed to share every factor and the conference with the security audience."""
    consent = dk.Consent("security-all", audiences=["security"], purposes=["risk-assessment"],
                         given=dt.date(2025, 6, 30), factors=sorted(CATALOGUE.known_ids),
                         topics=["conference"])  # fmt: skip
    return attrs.evolve(case, consents=(*case.consents, consent))


def test_an_agencys_notes_reach_the_conference_only_as_the_client_agreed() -> None:
    """Notes on a factor the client's consent covers go out redacted; on another factor only their
    place (stance, valence, rating) goes out, with the reason; a note the agency did not mark
    shareable stays in the team."""
    case = _case()
    last = case.conferences[-1]
    probation = last.contribution("Probation service")
    assert probation is not None
    home = probation.reflection("home_environment")
    assert home is not None
    kept = dk.Note("Only for the team: the housing provider's caseworker is a former colleague.",
                   dk.Perspective.PROFESSIONAL)  # fmt: skip
    home = attrs.evolve(home, known=(*home.known, kept))
    probation = attrs.evolve(probation, reflections=tuple(home if r.factor_id == "home_environment" else r
                                                          for r in probation.reflections))  # fmt: skip
    last = attrs.evolve(last, contributions=tuple(probation if x.agency == "Probation service" else x
                                                  for x in last.contributions))  # fmt: skip
    case = attrs.evolve(case, conferences=(*case.conferences[:-1], last))
    shared = dk.share(case, "case-conference", key=KEY, now=NOW)
    got = shared.case.conferences[-1]
    agency = {x.agency: y.agency for x, y in zip(last.contributions, got.contributions, strict=True)}
    home_out = _notes(got, agency["Probation service"], "home_environment")
    assert home_out[0] == home.known[0].text  # consented (home_environment) and shareable
    assert dk.SharedCase.is_withheld(home_out[1])  # not marked shareable
    scene = _notes(got, agency["Prison social service"], "contact_with_scene")  # not consented
    assert scene and all(dk.SharedCase.is_withheld(t) for t in scene)
    view = got.contribution(agency["Prison social service"])
    assert (
        view is not None and (view.reflection("contact_with_scene") or dk.FactorReflection("x")).rating == 1
    )
    assert shared.audit.conference_notes["withheld_not_shareable"] == 1
    assert shared.audit.conference_notes["withheld_no_consent"] == 6
    reasons = {r.kind: r.count for r in withheld_reasons(shared)}
    assert reasons["no_consent"] >= 6 and reasons["not_shareable"] >= 1


def test_security_sees_ratings_and_valence_not_words_by_default() -> None:
    """Even with the client's consent for every factor and the conference, the built-in security
    audience gets each agency's valence, rating, priorities and stances, never a word; so the
    comparison of agencies it can make is the team's."""
    case = _security_consent(_case())
    shared = dk.share(case, "security", key=KEY, now=NOW)
    for before, after in zip(case.conferences, shared.case.conferences, strict=True):
        texts = [n.text for x in after.contributions for r in x.reflections for n in r.all_notes]
        texts += [a.what for a in after.actions] + [n.text for n in after.recommendations]
        texts += [after.client_informed.text] if after.client_informed else []
        assert texts and all(dk.SharedCase.is_withheld(t) for t in texts)
        ours, theirs = compare_conference(before, CATALOGUE), compare_conference(after, CATALOGUE)
        assert [f.divergences for f in theirs.factors] == [f.divergences for f in ours.factors]
        assert (theirs.agreed, theirs.total) == (ours.agreed, ours.total)
    assert shared.audit.conference_notes == {"dropped_by_policy": 26}
    assert (
        shared.audit.fields["contribution.text"] == "drop"
        and shared.audit.fields["contribution.ratings"] == "keep"
    )


def test_without_consent_security_gets_no_factor_of_a_conference() -> None:
    """The security audience drops what consent does not cover: no agency's view of a factor the
    client did not agree to share with it, and no agreed action."""
    shared = dk.share(_case(), "security", key=KEY, now=NOW)
    assert all(not x.reflections for c in shared.case.conferences for x in c.contributions)
    assert all(not c.actions and not c.recommendations for c in shared.case.conferences)
    assert "shared" not in shared.audit.conference_notes


def test_a_policy_written_before_conferences_still_loads_with_safe_defaults() -> None:
    """An organisation's own policy that lacks the conference fields loads: an external audience gets
    the safest action for each (no words, dates as programme weeks), an internal audience the action
    of the field each follows (its session dates, its ratings)."""
    old = """
format = "desistkit-policy/1"
[audiences.team]
internal = true
purpose = "case-work"
[audiences.team.fields]
reference = "keep"
"session.date" = "generalise:month"
"goal.dates" = "keep"
ratings = "keep"
"note.text" = "keep"
[audiences.partners]
purpose = "case-planning"
unconsented = "structure"
[audiences.partners.fields]
"note.text" = "redact"
ratings = "keep"
"session.date" = "keep"
"""
    policy = parse_policy(old)
    partners, team = policy.audience("partners"), policy.audience("team")
    new = [f for f in FIELDS if f.startswith(("conference", "contribution", "action"))]
    assert {f: partners.action(f) for f in new} == {
        "conference.date": "generalise:programme-week", "contribution.text": "drop",
        "contribution.ratings": "drop", "action.what": "drop", "action.dates": "drop",
        "conference.recommendations": "drop", "conference.client_informed": "drop",
    }  # fmt: skip
    assert (team.action("conference.date"), team.action("contribution.ratings")) == (
        "generalise:month",
        "keep",
    )
    assert (team.action("action.dates"), team.action("contribution.text")) == ("keep", "keep")
    case = attrs.evolve(_case(), consents=(*_case().consents, dk.Consent(
        "all", audiences=["partners"], purposes=["case-planning"], given=dt.date(2025, 1, 1),
        factors=sorted(CATALOGUE.known_ids), topics=["conference"])))  # fmt: skip
    shared = dk.share(case, "partners", key=KEY, now=NOW, policy=policy)
    views = [r for c in shared.case.conferences for x in c.contributions for r in x.reflections]
    assert views and all(r.rating is None and r.valence is dk.Valence.UNCLEAR for r in views)
    assert all(dk.SharedCase.is_withheld(n.text) for r in views for n in r.all_notes)
    assert shared.date_precision("conference.date") == "programme-week"
    inside = dk.share(case, "team", now=NOW, policy=policy)
    assert inside.case.conferences[0].date == dt.date(2025, 2, 1)
    assert [x.reflections for x in inside.case.conferences[0].contributions] == [
        x.reflections for x in case.conferences[0].contributions
    ]


ORG = """
format = "desistkit-policy/1"
extends = "default"
[agencies]
allowed = ["Probation service", "Prison social service"]
[roles]
allowed = ["probation officer"]
"""


def test_agencies_go_out_by_the_team_rule_and_stay_distinct() -> None:
    """A listed agency goes out as the list spells it; any other becomes a numbered neutral word,
    the same number at every conference of the case (so "[Agency] 1" at the first conference is
    "[Agency] 1" at the second), and the owner of an action is the agency's name there. Contact
    roles follow the [roles] list. Every shared case is a valid case."""
    case = _case()
    shared = dk.share(case, "case-conference", key=KEY, now=NOW, policy=parse_policy(ORG))
    en = shared.localized(dk.get_localizer("en")).case
    first, last = en.conferences
    assert last.agencies == ("[Agency] 1", "Prison social service", "Probation service")
    assert first.agencies == ("[Agency] 1", "Prison social service")
    assert [p.contact_role for p in last.participants] == ["[Role]", "[Role]", "probation officer", "[Role]"]
    assert [a.owner for a in last.actions] == ["Probation service", "[Agency] 1", "Prison social service",
                                               "[Agency] 2"]  # fmt: skip
    for audience in EXTERNAL:
        out = dk.share(case, audience, key=KEY, now=NOW)
        assert dk.check_case(out.case) == (), audience
        assert dk.check_case(out.localized(dk.get_localizer("de")).case) == (), audience
    # An owner from the team who did not take part: named as the team is, or (research, no team)
    # listed as a numbered participant, so that every shared case is still a valid case.
    psychology = attrs.evolve(case.conferences[-1].actions[0], owner="Prison psychological service")
    last = attrs.evolve(case.conferences[-1], actions=(psychology, *case.conferences[-1].actions[1:]))
    other = attrs.evolve(case, conferences=(case.conferences[0], last))
    assert dk.check_case(other) == ()
    for audience in EXTERNAL:
        assert dk.check_case(dk.share(other, audience, key=KEY, now=NOW).case) == (), audience
    owner = dk.share(other, "research", key=KEY, now=NOW).localized(dk.get_localizer("en")).case
    assert (
        owner.conferences[-1].actions[0].owner
        == "[Agency] 5"
        == owner.conferences[-1].participants[-1].agency
    )
    research = dk.share(case, "research", key=KEY, now=NOW).localized(dk.get_localizer("en")).case
    assert research.team == () and research.conferences[-1].agencies == (
        "[Agency] 1",
        "[Agency] 2",
        "[Agency] 4",
    )
    assert {p.contact_role for p in research.conferences[-1].participants} == {"[Role]"}


def test_ids_dates_and_the_export_date_as_for_sessions() -> None:
    """Conferences are cc1, cc2 ... by date and actions a1 ... in each conference (the internal
    audience keeps the typed ids); their dates are as precise as the policy says; a conference
    after the export date is left out and counted."""
    case = _case()
    shared = dk.share(case, "case-conference", key=KEY, now=NOW)
    assert [c.id for c in shared.case.conferences] == ["cc1", "cc2"]
    assert [a.id for a in shared.case.conferences[-1].actions] == ["a1", "a2", "a3", "a4"]
    last = shared.case.conferences[-1]
    assert (last.date, last.next_date) == (dt.date(2025, 6, 1), dt.date(2025, 9, 1))
    assert [a.due for a in last.actions] == [dt.date(2025, 7, 1), dt.date(2025, 7, 1), dt.date(2025, 6, 1),
                                             dt.date(2025, 7, 1)]  # fmt: skip
    assert {x.written for x in last.contributions} == {dt.date(2025, 6, 1)}
    assert shared.date_precision("conference.date") == "month" == shared.date_precision("action.dates")
    research = dk.share(case, "research", key=KEY, now=NOW)
    assert research.date_precision("conference.date") == "programme-week"
    assert all(c.date.weekday() == 0 for c in research.case.conferences)
    inside = dk.share(case, "internal", now=NOW)
    assert inside.case.conferences == case.conferences
    early = dk.share(case, "case-conference", key=KEY, now=NOW, on=dt.date(2025, 5, 1))
    assert [c.id for c in early.case.conferences] == ["cc1"]
    assert early.audit.conferences == {"after_export_date": 1, "contributions": 2, "shared": 1}


def test_a_case_conference_session_stays_one_conference_in_every_export() -> None:
    """A format-1 conference (a case_conference session) comes out as the shared session does, under
    its new id; a recorded conference that replaces such a session takes the session's new id, so
    the audience's conference history holds the same conferences as the team's."""
    case = _case()
    session = next(s for s in case.sessions if s.kind is dk.SessionKind.CASE_CONFERENCE)
    for audience in EXTERNAL:
        shared = dk.share(case, audience, key=KEY, now=NOW).case
        history = shared.conference_history
        assert len(history) == len(case.conference_history)
        new_id = next(s.id for s in shared.sessions if s.kind is dk.SessionKind.CASE_CONFERENCE)
        derived = shared.conference(new_id)
        assert derived.contributions[0].reflections == shared.session(new_id).reflections
    replacing = attrs.evolve(case.conferences[0], id=session.id, date=session.date)
    case = attrs.evolve(case, conferences=(replacing, case.conferences[1]))
    assert [c.id for c in case.conference_history] == [session.id, "cc-before-escorted-leave"]
    shared = dk.share(case, "case-conference", key=KEY, now=NOW).case
    new_id = next(s.id for s in shared.sessions if s.kind is dk.SessionKind.CASE_CONFERENCE)
    assert [c.id for c in shared.conference_history] == [new_id, "cc1"]
    assert len(shared.conference(new_id).contributions) == 2  # the recorded one, not the session


def test_the_preview_lists_each_agencys_texts_and_counts_them() -> None:
    """What goes out of a conference is in the preview with its place (conference, agency, factor,
    list); the counts say how many conference notes and actions were withheld and why."""
    shared = dk.share(_case(), "case-conference", key=KEY, now=NOW)
    lines = preview_lines(shared, dk.get_localizer("en"))
    assert ("  cc2 [Agency] 4 home_environment [known] note 1 Supported housing in another district is the "
            "realistic option; the application is pending and waiting lists are long.") in lines  # fmt: skip
    assert any(line.startswith("  cc2 recommendation 2 Nobody knows first-hand") for line in lines)
    assert "  action cc2 a4 ([Agency] 3): (wording not released) (open)" in lines
    assert "  conference notes: shared 20, withheld_no_consent 6" in lines
    assert "  agreed actions: shared 4, withheld_not_shareable 1" in lines
    assert not any("Check whether further messages" in line for line in lines)


@pytest.mark.parametrize("audience", EXTERNAL)
def test_what_the_client_was_told_goes_out_only_with_the_topic_conference(audience: str) -> None:
    """Recommendations, what the client was told and the actions are the conference's own texts:
    without the consent topic ``conference`` for the audience no word of them goes out."""
    case = _case()
    consents = tuple(attrs.evolve(c, topics=tuple(t for t in c.topics if t != "conference"))
                     for c in case.consents if c.topics != ("conference",))  # fmt: skip
    shared = dk.share(attrs.evolve(case, consents=consents), audience, key=KEY, now=NOW)
    for c in shared.case.conferences:
        texts = [a.what for a in c.actions] + [n.text for n in c.recommendations]
        texts += [c.client_informed.text] if c.client_informed else []
        assert all(dk.SharedCase.is_withheld(t) for t in texts)


def test_share_on_the_command_line_lists_and_writes_the_conferences(tmp_path: Path) -> None:
    """``desistkit share --preview`` shows each conference's actions and the counts; ``-o`` writes
    the conferences with numbered agencies, renumbered ids and no typed name of an unlisted agency.
    (The real clock decides consent: the example's conference consent ended on 2026-04-07.)"""
    key = tmp_path / "key.txt"
    key.write_text(bytes(range(32)).hex() + "\n", encoding="utf-8")
    args = ["share", str(PRISON), "--audience", "case-conference", "--on", "2025-11-30", "--key", str(key)]
    preview = run_cli(*args, "--preview", cwd=tmp_path)
    assert preview.returncode == 0, preview.stderr
    lines = preview.stdout.splitlines()
    assert "  action cc2 a1 ([Agency] 4): (wording not released) (in_progress)" in lines
    assert "  conferences: contributions 5, shared 2" in lines
    assert any(
        line.startswith("  conference notes: ") and "withheld_consent_expired" in line for line in lines
    )
    out = tmp_path / "shared.json"
    written = run_cli(*args, "-o", str(out), cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    text = out.read_text("utf-8")
    data = json.loads(text)
    assert [c["id"] for c in data["conferences"]] == ["cc1", "cc2"]
    assert [x["agency"] for x in data["conferences"][1]["contributions"]] == [
        "[Agency] 1", "[Agency] 2", "[Agency] 4"]  # fmt: skip
    assert "Exit counselling NGO" not in text and "cc-before-escorted-leave" not in text
