"""Sharing: audiences, consent, keyed pseudonyms, policies and the audit record."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import desistkit as dk
from conftest import EXAMPLES
from desistkit.sharing import (
    WITHHELD,
    KnownIdentifiers,
    PolicyError,
    PseudonymKeyError,
    parse_policy,
    pseudonym_mapping,
    require_shared,
)
from desistkit.sharing.redaction._fold import fold_word
from strategies import identified_cases

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 6, 30)
# The moment of disclosure, for tests: share() reads the real clock when it is not given.
NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.timezone.utc)
EXTERNAL = ["case-conference", "security", "research"]
PSEUDONYM = re.compile(r"^C-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def _all_text(shared: dk.SharedCase) -> str:
    return dk.dumps_case(shared.case) + shared.audit.to_json()


def _identifier_words(case: dk.Case) -> list[str]:
    known = KnownIdentifiers.from_identity(case.client)
    return [v for v in known.values if len(v) >= 3]


@pytest.mark.parametrize("audience", EXTERNAL)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_no_client_identifier_leaves_in_any_external_audience(path: object, audience: str) -> None:
    """Names, aliases, handles, birth date, inmate numbers, places: none in what goes out."""
    case = dk.load_case(path)  # type: ignore[arg-type]
    shared = dk.share(case, audience, key=KEY, on=ON, now=NOW, lang="de")
    text = _all_text(shared).casefold()
    assert shared.case.client is None
    for value in _identifier_words(case):
        assert not re.search(rf"(?<!\w){re.escape(value.casefold())}(?!\w)", text), value
    assert case.reference not in text
    assert PSEUDONYM.match(shared.case.reference)


def test_notes_not_marked_shareable_never_leave() -> None:
    """Every non-shareable note becomes a withheld marker; its words are nowhere in the output."""
    case = dk.demo_case()
    shared = dk.share(case, "case-conference", key=KEY, on=ON, now=NOW)
    text = _all_text(shared)
    for s in case.sessions:
        for r in s.reflections:
            for n in r.all_notes:
                if not n.shareable:
                    assert n.text not in text
    assert shared.audit.notes["withheld_not_shareable"] == sum(
        not n.shareable for s in case.sessions for r in s.reflections for n in r.all_notes
    )


def _case_with_consent(**consent: object) -> dk.Case:
    note = dk.Note("She found a job in a bakery.", dk.Perspective.CLIENT, shareable=True)
    session = dk.Session("s1", dt.date(2025, 3, 12), dk.SessionKind.COUNSELLING, reflections=[
        dk.FactorReflection("employment", known=[note], rating=3, valence=dk.Valence.RESOURCE),
        dk.FactorReflection("friends", known=[note], rating=2),
    ])  # fmt: skip
    base = {"audiences": ["case-conference"], "purposes": ["case-planning"], "given": dt.date(2025, 1, 1),
            "factors": ["employment"]}  # fmt: skip
    return dk.Case("X-1", dk.Setting.PROBATION, sessions=[session],
                   consents=[dk.Consent("c1", **{**base, **consent})])  # type: ignore[arg-type]  # fmt: skip


def _shared_texts(shared: dk.SharedCase, factor: str) -> list[str]:
    r = shared.case.sessions[0].reflection(factor)
    return [] if r is None else [n.text for n in r.known]


def test_consent_decides_per_factor_audience_purpose_and_date() -> None:
    """Notes go out for consented factors only, while the consent holds, for its audience and purpose."""
    case = _case_with_consent(expires=dt.date(2025, 12, 31))
    shared = dk.share(case, "case-conference", key=KEY, on=ON, now=NOW)
    assert _shared_texts(shared, "employment") == ["She found a job in a bakery."]
    assert _shared_texts(shared, "friends") == [WITHHELD]  # structure only: stance, rating
    assert shared.case.sessions[0].reflection("friends").rating == 2  # type: ignore[union-attr]
    assert shared.audit.consents_used == ("c1",)
    expired = dk.share(case, "case-conference", key=KEY, on=ON, now=dt.datetime(2026, 1, 1, 9, 0))
    assert _shared_texts(expired, "employment") == [WITHHELD]
    other_purpose = dk.share(case, "case-conference", key=KEY, on=ON, now=NOW, purpose="evaluation")
    assert _shared_texts(other_purpose, "employment") == [WITHHELD]
    withdrawn = dk.share(_case_with_consent(withdrawn=dt.date(2025, 6, 1)), "case-conference", key=KEY, on=ON,
                         now=NOW)  # fmt: skip
    assert _shared_texts(withdrawn, "employment") == [WITHHELD]
    assert withdrawn.audit.notes == {"withheld_consent_withdrawn": 1, "withheld_no_consent": 1}


def test_security_sees_only_what_was_consented_for_it() -> None:
    """Without consent for security actors, factors and goals are dropped entirely, not kept as structure."""
    shared = dk.share(_case_with_consent(), "security", key=KEY, on=ON, now=NOW)
    assert shared.case.sessions[0].reflections == ()
    assert shared.audit.factors == {"dropped_no_consent": 2}
    consented = dk.share(_case_with_consent(audiences=["security"], purposes=["risk-assessment"]), "security",
                         key=KEY, on=ON, now=NOW)  # fmt: skip
    assert [r.factor_id for r in consented.case.sessions[0].reflections] == ["employment"]


def test_dates_are_generalised_per_audience() -> None:
    """Case conference sees months; research sees programme weeks and no calendar date."""
    case = dk.demo_case()
    conference = dk.share(case, "case-conference", key=KEY, on=ON, now=NOW)
    assert {s.date.day for s in conference.case.sessions} == {1}
    loc = dk.get_localizer("en")
    assert conference.date_label(conference.case.sessions[0].date, loc) == "January 2025"
    research = dk.share(case, "research", key=KEY, on=ON, now=NOW)
    labels = [research.date_label(s.date, loc) for s in research.case.sessions]
    assert labels[0] == "Week 2 of the programme"
    assert labels == sorted(labels, key=lambda x: int(x.split()[1]))
    real_dates = {s.date.isoformat() for s in case.sessions}
    assert not any(d in dk.dumps_case(research.case) for d in real_dates)
    assert research.age_band == "30-34"


def test_internal_keeps_everything() -> None:
    """The explicit internal audience is the full case, sessions in date order, nothing withheld."""
    case = dk.demo_case()
    shared = dk.share(case, "internal", on=ON, now=NOW)
    assert shared.internal and shared.case.client == case.client
    assert shared.case == attrs.evolve(case, sessions=case.chronological)
    assert WITHHELD not in dk.dumps_case(shared.case)


def test_exporters_cannot_be_handed_a_raw_case() -> None:
    """A Case is refused where a SharedCase belongs; a SharedCase cannot be built by hand."""
    with pytest.raises(TypeError, match=r"call desistkit\.share"):
        require_shared(dk.demo_case())
    shared = dk.share(dk.demo_case(), "internal", on=ON, now=NOW)
    assert require_shared(shared) is shared
    with pytest.raises(TypeError, match=r"made by desistkit\.share"):
        dk.SharedCase(shared.case, "internal", "x", ON, True, "day", None, shared.audit, {}, token=object())


def test_pseudonyms_are_keyed_domain_separated_and_readable() -> None:
    """Same key and domain: same pseudonym. Another domain or key: unrelated. Never a plain hash."""
    a = KEY.domain("cc-2025-q3")("HH-2025-014")
    assert PSEUDONYM.match(a) and len(a.replace("-", "")) - 1 == 16  # 80 bits in base32
    assert a == KEY.domain("cc-2025-q3")("HH-2025-014")
    assert a != KEY.domain("cc-2025-q4")("HH-2025-014")
    assert a != dk.PseudonymKey(bytes(range(1, 33))).domain("cc-2025-q3")("HH-2025-014")
    plain = hashlib.sha256(b"HH-2025-014").hexdigest().upper()
    assert a.replace("-", "")[1:9] not in plain
    q3 = dk.share(dk.demo_case(), "case-conference", key=KEY, on=ON, now=NOW, domain="cc-2025-q3")
    q4 = dk.share(dk.demo_case(), "case-conference", key=KEY, on=ON, now=NOW, domain="cc-2025-q4")
    assert q3.case.reference != q4.case.reference
    assert pseudonym_mapping(["HH-2025-014"], KEY, "cc-2025-q3") == {q3.case.reference: "HH-2025-014"}


def test_the_key_never_shows() -> None:
    """repr, str, errors and pickling never reveal the key."""
    secret = bytes(range(32))
    key = dk.PseudonymKey(secret)
    for text in (repr(key), str(key), repr(key.domain("x"))):
        assert secret.hex() not in text
    with pytest.raises(TypeError):
        pickle.dumps(key)
    with pytest.raises(PseudonymKeyError) as info:
        dk.PseudonymKey.from_text("zz-not-a-key-" + secret.hex()[:10])
    assert secret.hex()[:10] not in str(info.value)
    with pytest.raises(PseudonymKeyError, match="at least 16"):
        dk.PseudonymKey(b"short")
    assert dk.PseudonymKey.from_text(secret.hex()).hex() == secret.hex()


def test_pseudonymising_audience_needs_a_key() -> None:
    """Without a key there is no pseudonym, and no fallback to a plain hash."""
    with pytest.raises(dk.SharingError, match="pass key="):
        dk.share(dk.demo_case(), "case-conference", on=ON, now=NOW)


def test_unknown_audience_lists_the_available() -> None:
    """A typo in the audience is a LookupError naming the audiences there are."""
    with pytest.raises(
        dk.UnknownAudienceError, match="available: internal, case-conference, security, research"
    ):
        dk.share(dk.demo_case(), "case-conferense", key=KEY, on=ON, now=NOW)


def test_policy_problems_are_reported_with_their_location() -> None:
    """Unknown fields and keys, disallowed actions, personal data kept for an external audience."""
    text = """
format = "desistkit-policy/1"
extends = "default"
[audiences.funder]
purpose = "reporting"
unconsented = "hide"
colour = "red"
[audiences.funder.fields]
client = "keep"
"note.text" = "summarise"
"session.dte" = "keep"
"""
    with pytest.raises(PolicyError) as info:
        parse_policy(text, source="org-policy.toml")
    assert [str(p) for p in info.value.problems] == [
        "audiences.funder.colour: unknown key; expected one of fields, internal, purpose, unconsented",
        "audiences.funder.unconsented: must be 'structure' or 'drop'",
        "audiences.funder.fields.client: 'keep' keeps personal data: only an internal audience may",
        "audiences.funder.fields.\"note.text\": 'summarise' is not allowed here; "
        "expected one of drop, redact, keep",
        "audiences.funder.fields.\"session.dte\": unknown field; did you mean 'session.date'?",
    ]


def test_an_organisation_policy_adds_an_audience_with_safe_defaults() -> None:
    """Fields a policy leaves out get the safest action."""
    policy = parse_policy('format = "desistkit-policy/1"\nextends = "default"\n'
                          '[audiences.funder]\npurpose = "reporting"\n')  # fmt: skip
    rules = policy.audience("funder")
    assert rules.action("note.text") == "drop" and rules.action("client") == "drop"
    assert rules.action("session.date") == "generalise:programme-week"
    assert set(policy.audiences) == {
        "internal",
        "case-conference",
        "security",
        "research",
        "handover",
        "funder",
    }
    shared = dk.share(dk.demo_case(), "funder", key=KEY, on=ON, now=NOW, policy=policy)
    assert shared.case.team == () and shared.case.programme is None


def test_audit_record_counts_and_never_holds_values() -> None:
    """The audit says what was removed and under which rules, with no note, name or date of the case."""
    case = dk.demo_case()
    shared = dk.share(case, "case-conference", key=KEY, on=ON, now=dt.datetime(2025, 6, 30, 9, 0))
    record = json.loads(shared.audit.to_json())
    assert record["audience"] == "case-conference" and record["purpose"] == "case-planning"
    assert record["pseudonym_domain"] == "case-conference" and record["desistkit"] == dk.__version__
    assert record["fields"]["reference"] == "pseudonymise"
    assert sum(record["notes"].values()) == sum(
        len(r.all_notes) for s in case.sessions for r in s.reflections
    )
    flat = json.dumps(record)
    for value in [*_identifier_words(case), case.reference, KEY.hex()]:
        assert value not in flat
    for s in case.sessions:
        for r in s.reflections:
            for n in r.all_notes:
                assert n.text not in flat


@settings(max_examples=60, deadline=None)
@given(identified_cases(), st.sampled_from(EXTERNAL), st.sampled_from(["en", "de", "fr", "pl", "el"]))
def test_property_no_client_identifier_in_any_external_share(
    drawn: tuple[dk.Case, list[str]], audience: str, lang: str
) -> None:
    """For random cases whose notes name the client in many ways, nothing identifying goes out."""
    case, secrets = drawn
    shared = dk.share(case, audience, key=KEY, on=ON, now=NOW, lang=lang)
    out = fold_word(_all_text(shared))
    for secret in secrets:
        assert not re.search(rf"(?<!\w){re.escape(fold_word(secret))}(?!\w)", out), secret


def test_places_can_be_generalised_to_a_region() -> None:
    """With generalise:region, the case's places become the region the policy names; else [PLACE]."""
    client = dk.ClientIdentity(given_names=("Jonas",), places=("Sandelbeck",))
    note = dk.Note("He wants to move back to Sandelbeck.", dk.Perspective.CLIENT, shareable=True)
    session = dk.Session("s1", dt.date(2025, 3, 1), dk.SessionKind.COUNSELLING,
                         reflections=[dk.FactorReflection("home_environment", known=[note])])  # fmt: skip
    consent = dk.Consent("c1", audiences=["case-conference"], purposes=["case-planning"],
                         given=dt.date(2025, 1, 1), factors=["home_environment"])  # fmt: skip
    case = dk.Case("X-1", dk.Setting.PRISON, sessions=[session], consents=[consent], client=client)
    policy = parse_policy(
        'format = "desistkit-policy/1"\nextends = "default"\n[regions]\nSandelbeck = "Lower Saxony"\n'
        '[audiences.case-conference]\npurpose = "case-planning"\nunconsented = "structure"\n'
        '[audiences.case-conference.fields]\n"note.text" = "redact"\n"note.places" = "generalise:region"\n'
    )
    en = dk.get_localizer("en")
    shared = [dk.share(case, "case-conference", key=KEY, on=ON, now=NOW, policy=p) for p in (policy, None)]
    texts = [s.localized(en).case.sessions[0].reflections[0].known[0].text for s in shared]
    assert texts == ["He wants to move back to Lower Saxony.", "He wants to move back to [PLACE]."]


def test_each_date_field_keeps_its_own_precision() -> None:
    """A policy may show goal review dates by month and session dates by programme week (or the other
    way round): each is labelled by its own rule, never by the other's."""
    from desistkit.sharing import parse_policy

    policy = parse_policy(
        'format = "desistkit-policy/1"\nextends = "default"\n'
        '[audiences.board]\npurpose = "reporting"\nunconsented = "structure"\n'
        '[audiences.board.fields]\n"session.date" = "generalise:programme-week"\n'
        '"goal.dates" = "generalise:month"\n'
    )
    shared = dk.share(
        dk.demo_case(), "board", key=dk.PseudonymKey(bytes(range(32))), on=ON, now=NOW, policy=policy
    )
    loc = dk.get_localizer("en")
    goal = next(g for g in shared.case.goals if g.review_date)
    assert shared.date_precision("goal.dates") == "month" and shared.date_precision() == "programme-week"
    assert shared.date_label(goal.review_date, loc, "goal.dates") == loc.format_month(goal.review_date)
    assert "Week" in shared.date_label(shared.case.sessions[0].date, loc)


def test_a_shared_case_carries_neutral_placeholders_each_document_renders_in_its_language() -> None:
    """share() does not localise: one SharedCase renders [PERSON 1] in English, [PERSONNE 1] in
    French, ... so a German document can never show the words of the language it was shared in."""
    case = next(
        c
        for c in map(dk.load_case, EXAMPLES)
        if any("case-conference" in x.audiences and x.factors for x in c.consents)
    )
    client = case.client.given_names[0] if case.client and case.client.given_names else None
    assert client is not None
    note = dk.Note(f"{client} talked about his week.", dk.Perspective.PROFESSIONAL, shareable=True)
    consent = next(c for c in case.consents if "case-conference" in c.audiences and c.factors)
    day = consent.given
    session = attrs.evolve(
        case.sessions[0], date=day, reflections=(dk.FactorReflection(consent.factors[0], known=(note,)),)
    )
    case = attrs.evolve(case, sessions=(session,), goals=())
    now = dt.datetime.combine(day, dt.time(12, 0))
    shared = dk.share(
        case, "case-conference", key=KEY, on=day, now=now, purpose=consent.purposes[0], lang="en"
    )
    raw = shared.case.sessions[0].reflections[0].known[0].text
    assert "[" not in raw and client not in raw
    rendered = {
        lang: shared.localized(dk.get_localizer(lang)).case.sessions[0].reflections[0].known[0].text
        for lang in ("en", "fr", "de")
    }
    words = {lang: dk.get_localizer(lang).text("redaction.person") for lang in rendered}
    assert rendered == {lang: f"[{words[lang]} 1] talked about his week." for lang in rendered}
    assert shared.localized(dk.get_localizer("fr")).audit == shared.audit
    # Rendered once: a localized shared case (a pickled copy too) has nothing left to render in any
    # language, and is equal to any other rendering; one given another case is rendered anew.
    once = shared.localized(dk.get_localizer("fr"))
    copy = pickle.loads(pickle.dumps(once))
    assert once.localized(dk.get_localizer("de")) is once and copy.localized(dk.get_localizer("de")) is copy
    assert once == copy == shared.localized(dk.get_localizer("fr")) and repr(once) == repr(copy)
    # attrs.asdict of an integrator's audit log holds the shared case once, not a second reference
    assert [k for k, v in attrs.asdict(once, recurse=False).items() if v is once.case] == ["case"]
    other = attrs.evolve(once, case=shared.case).localized(dk.get_localizer("de"))
    assert other.case.sessions[0].reflections[0].known[0].text == rendered["de"]


def test_consent_is_checked_at_the_moment_of_disclosure() -> None:
    """A past export date does not bring back consent that has since run out or been withdrawn:
    consent must hold now, when the case is disclosed. The export date only limits the sessions."""
    case = _case_with_consent(expires=dt.date(2025, 12, 31))
    before = dk.share(case, "case-conference", key=KEY, on=ON, now=dt.datetime(2025, 12, 31, 23, 0))
    after = dk.share(case, "case-conference", key=KEY, on=ON, now=dt.datetime(2026, 1, 1, 0, 30))
    assert _shared_texts(before, "employment") == ["She found a job in a bakery."]
    assert _shared_texts(after, "employment") == [WITHHELD]
    assert after.audit.export_date == ON and after.audit.created_at == dt.datetime(2026, 1, 1, 0, 30)
    withdrawn = _case_with_consent(withdrawn=dt.date(2025, 6, 1))
    revived = dk.share(withdrawn, "case-conference", key=KEY, on=dt.date(2025, 5, 1), now=NOW)
    assert _shared_texts(revived, "employment") == [WITHHELD]
    not_yet = dk.share(
        _case_with_consent(given=dt.date(2025, 7, 1)), "case-conference", key=KEY, on=ON, now=NOW
    )
    assert _shared_texts(not_yet, "employment") == [WITHHELD]


def test_without_now_the_real_clock_decides() -> None:
    """share() reads the clock only when no moment is passed: consent that ran out yesterday is not
    revived by an export date long ago, and the audit records when the export was made."""
    today = dt.date.today()
    case = _case_with_consent(given=dt.date(2025, 1, 1), expires=today - dt.timedelta(days=1))
    before = dt.datetime.now(dt.timezone.utc)
    shared = dk.share(case, "case-conference", key=KEY, on=dt.date(2025, 3, 31))
    after = dt.datetime.now(dt.timezone.utc)
    assert _shared_texts(shared, "employment") == [WITHHELD]
    assert shared.audit.created_at is not None and before <= shared.audit.created_at <= after
    assert shared.audit.created_at.tzinfo is not None


@pytest.mark.parametrize("audience", ["internal", "case-conference", "security", "research"])
def test_the_audit_always_says_when(audience: str) -> None:
    """Without now= or at=, every audience's audit record has its moment of disclosure and the
    day consent was checked (never null), taken from the clock in its time zone."""
    before = dt.datetime.now().astimezone()
    record = dk.share(dk.demo_case(), audience, key=KEY).audit
    after = dt.datetime.now().astimezone()
    written = json.loads(record.to_json())
    assert before <= dt.datetime.fromisoformat(written["created_at"]) <= after
    assert written["consent_checked_on"] in {before.date().isoformat(), after.date().isoformat()}


def test_the_export_date_limits_the_sessions_of_external_audiences() -> None:
    """Sessions after the export date are not shared (and numbered as in the full case); the
    internal audience keeps every session."""
    case = dk.demo_case()
    on = dt.date(2025, 3, 31)
    shared = dk.share(case, "case-conference", key=KEY, on=on, now=NOW)
    assert [s.id for s in shared.case.sessions] == ["s1", "s2", "s3"]
    assert shared.audit.sessions == {"after_export_date": 3, "shared": 3}
    assert all(h.date <= on for g in shared.case.goals for h in g.history)
    internal = dk.share(case, "internal", on=on, now=NOW)
    assert internal.case == attrs.evolve(case, sessions=case.chronological)


def test_now_and_at_are_one_moment() -> None:
    """at= is the former name of now=: both set the moment of disclosure; two different ones are an error."""
    case = _case_with_consent(expires=dt.date(2025, 12, 31))
    late = dt.datetime(2026, 2, 1, 9, 0)
    assert _shared_texts(dk.share(case, "case-conference", key=KEY, on=ON, at=late), "employment") == [
        WITHHELD
    ]
    with pytest.raises(dk.SharingError, match="now="):
        dk.share(case, "case-conference", key=KEY, on=ON, now=NOW, at=late)


# --- withheld: why, and since when ----------------------------------------------------------------


def _with_goal(case: dk.Case) -> dk.Case:
    goal = dk.Goal("g1", "Find a flat.", dk.GoalAgreement.AGREED, shareable=True,
                   history=[dk.StatusChange(dk.GoalStatus.OPEN, dt.date(2025, 3, 12))])  # fmt: skip
    consent = attrs.evolve(case.consents[0], topics=("goals",))
    return attrs.evolve(case, goals=(goal,), consents=(consent,))


def test_withheld_notes_and_goals_say_why_and_since_when() -> None:
    """Expired and withdrawn consent are told apart from consent never given, with the day it ended
    (as precise as the audience's dates: a month for the case conference)."""
    from desistkit.sharing import WithheldReason, withheld_reasons

    case = _with_goal(_case_with_consent(expires=dt.date(2025, 12, 31)))
    later = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)
    shared = dk.share(case, "case-conference", key=KEY, on=ON, now=later)
    assert shared.audit.notes == {"withheld_consent_expired": 1, "withheld_no_consent": 1}
    assert shared.audit.goals == {"withheld_consent_expired": 1}
    assert withheld_reasons(shared) == [
        WithheldReason("consent_expired", dt.date(2025, 12, 1), 2),
        WithheldReason("no_consent", None, 1),
    ]
    withdrawn = _with_goal(_case_with_consent(withdrawn=dt.date(2025, 6, 1)))
    reasons = withheld_reasons(dk.share(withdrawn, "case-conference", key=KEY, on=ON, now=NOW))
    assert reasons[0] == WithheldReason("consent_withdrawn", dt.date(2025, 6, 1), 2)


def test_the_latest_ended_consent_names_the_reason() -> None:
    """A consent withdrawn and replaced by one that later expired: the notes are withheld because the
    later one expired, not because of the old withdrawal."""
    from desistkit.sharing import withheld_reasons

    case = _case_with_consent(withdrawn=dt.date(2025, 2, 1))
    renewed = attrs.evolve(case.consents[0], id="c2", withdrawn=None, given=dt.date(2025, 2, 2),
                           expires=dt.date(2025, 5, 31))  # fmt: skip
    case = attrs.evolve(case, consents=(*case.consents, renewed))
    shared = dk.share(case, "case-conference", key=KEY, on=ON, now=NOW)
    assert [(r.kind, r.since) for r in withheld_reasons(shared)] == [
        ("consent_expired", dt.date(2025, 5, 1)), ("no_consent", None)]  # fmt: skip


def test_audiences_that_drop_what_is_unconsented_are_not_told_it_existed() -> None:
    """For security (unconsented = drop) nothing says that notes were left out; the audit counts them."""
    from desistkit.sharing import withheld_reasons

    later = dt.datetime(2026, 1, 5, 9, 0)
    case = _case_with_consent(
        audiences=["security"], purposes=["risk-assessment"], expires=dt.date(2025, 12, 31)
    )
    shared = dk.share(case, "security", key=KEY, on=ON, now=later)
    assert withheld_reasons(shared) == []
    assert shared.audit.notes == {"withheld_consent_expired": 1, "withheld_no_consent": 1}


def test_preview_lines_show_what_goes_out_and_why_the_rest_does_not() -> None:
    """The share preview: shared notes in the localizer's language, withheld by reason and since
    when, removal counts, and only renumbered ids."""
    from desistkit.sharing import preview_lines

    case = _with_goal(_case_with_consent(expires=dt.date(2025, 12, 31)))
    case = attrs.evolve(case, sessions=[attrs.evolve(case.sessions[0], id="s1-visit-jorinde")])
    lines = preview_lines(dk.share(case, "case-conference", key=KEY, on=ON, now=dt.datetime(2026, 1, 5)),
                          dk.get_localizer("en"))  # fmt: skip
    text = "\n".join(lines)
    assert "Withheld: consent expired in December 2025 (2)" in lines[lines.index("Withheld, and why:") + 1]
    assert "Withheld: no consent for this audience (1)" in text
    assert "What is removed (counts only):" in text and "withheld_consent_expired 1" in text
    assert "jorinde" not in text
    shown = preview_lines(dk.share(case, "case-conference", key=KEY, on=ON, now=NOW), dk.get_localizer("en"))
    assert "  s1 employment [known] She found a job in a bakery." in shown
    assert "  goal g1: Find a flat. (open)" in shown
