"""Hypothesis strategies for desistkit's domain: every generated case is valid."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

import desistkit as dk

FACTOR_IDS = dk.default_catalogue().ids

# Any Unicode a caseworker might type (UTF-8 encodable: no lone surrogates), never blank.
# Every character a document can hold (not C0 controls but tab/LF/CR, not U+FFFE/U+FFFF).
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"], include_characters="\t\n\r").filter(
        lambda c: c not in "\ufffe\uffff"
    ),
    min_size=1,
    max_size=40,
).filter(str.strip)
tokens = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)
audiences = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
topic_ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
ratings = st.none() | st.integers(0, 4)

notes = st.builds(dk.Note, text=texts, perspective=st.sampled_from(dk.Perspective), shareable=st.booleans())
note_lists = st.lists(notes, max_size=2)


@st.composite
def reflections(draw: Any, factor_id: str) -> dk.FactorReflection:
    return dk.FactorReflection(
        factor_id=factor_id,
        known=draw(note_lists),
        assumed=draw(note_lists),
        open=draw(note_lists),
        valence=draw(st.sampled_from(dk.Valence)),
        rating=draw(ratings),
        client_priority=draw(st.none() | st.sampled_from(dk.Priority)),
        caseworker_priority=draw(st.none() | st.sampled_from(dk.Priority)),
        gender_lens=draw(st.lists(notes, max_size=1)),
        discrimination=draw(st.lists(notes, max_size=1)),
    )


@st.composite
def sessions(draw: Any, session_id: str) -> dk.Session:
    factor_ids = draw(st.lists(st.sampled_from(FACTOR_IDS), unique=True, max_size=4))
    relationship = draw(
        st.none() | st.builds(dk.WorkingRelationship, rating=st.integers(0, 4), note=st.none() | notes)
    )
    return dk.Session(
        id=session_id,
        date=draw(dates),
        kind=draw(st.sampled_from(dk.SessionKind)),
        reflections=[draw(reflections(f)) for f in factor_ids],
        working_relationship=relationship,
    )


@st.composite
def goals(draw: Any, goal_id: str) -> dk.Goal:
    days = sorted(draw(st.lists(dates, min_size=1, max_size=3)))
    history = [dk.StatusChange(draw(st.sampled_from(dk.GoalStatus)), d) for d in days]
    return dk.Goal(
        id=goal_id,
        wording=draw(texts),
        agreement=draw(st.sampled_from(dk.GoalAgreement)),
        history=history,
        factors=draw(st.lists(st.sampled_from(FACTOR_IDS), unique=True, max_size=3)),
        owner_role=draw(st.none() | texts),
        review_date=draw(st.none() | dates),
        shareable=draw(st.booleans()),
    )


@st.composite
def consents(draw: Any, consent_id: str) -> dk.Consent:
    given = draw(dates)
    factors = draw(st.lists(st.sampled_from(FACTOR_IDS), unique=True, max_size=3))
    topics = draw(st.lists(topic_ids, unique=True, min_size=0 if factors else 1, max_size=2))
    later = st.none() | st.dates(min_value=given, max_value=dt.date(2041, 1, 1))
    return dk.Consent(
        id=consent_id,
        audiences=draw(st.lists(audiences, min_size=1, max_size=2)),
        purposes=draw(st.lists(audiences, min_size=1, max_size=2)),
        given=given,
        factors=factors,
        topics=topics,
        expires=draw(later),
        withdrawn=draw(later),
    )


# Agencies are typed names: any text, so sharing and the comparison meet the odd one too.
agencies = texts


@st.composite
def contributions(draw: Any, agency: str) -> dk.Contribution:
    factor_ids = draw(st.lists(st.sampled_from(FACTOR_IDS), unique=True, max_size=4))
    return dk.Contribution(
        agency=agency, reflections=[draw(reflections(f)) for f in factor_ids], written=draw(st.none() | dates)
    )


@st.composite
def agreed_actions(draw: Any, action_id: str, owners: list[str]) -> dk.AgreedAction:
    days = sorted(draw(st.lists(dates, min_size=1, max_size=3)))
    return dk.AgreedAction(
        id=action_id,
        what=draw(texts),
        owner=draw(st.sampled_from(owners)),
        due=draw(st.none() | dates),
        factors=draw(st.lists(st.sampled_from(FACTOR_IDS), unique=True, max_size=3)),
        history=[dk.ActionStatusChange(draw(st.sampled_from(dk.ActionStatus)), d) for d in days],
        shareable=draw(st.booleans()),
    )


@st.composite
def conferences(draw: Any, conference_id: str) -> dk.Conference:
    """A valid conference: one contribution and one participant per agency, each action owned by an
    agency of the conference."""
    names = draw(st.lists(agencies, unique=True, min_size=1, max_size=4))
    contributing = names[: draw(st.integers(0, len(names)))]
    present = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    owners = [a for a in names if a in contributing or a in present]
    return dk.Conference(
        id=conference_id,
        date=draw(dates),
        occasion=draw(st.sampled_from(dk.ConferenceOccasion)),
        participants=[dk.Participant(a, draw(texts)) for a in present],
        contributions=[draw(contributions(a)) for a in contributing],
        actions=[
            draw(agreed_actions(f"a{i}", owners)) for i in range(draw(st.integers(0, 2 if owners else 0)))
        ],
        recommendations=draw(st.lists(notes, max_size=2)),
        client_informed=draw(st.none() | notes),
        next_date=draw(st.none() | dates),
    )


clients = st.builds(
    dk.ClientIdentity,
    given_names=st.lists(texts, max_size=2),
    family_names=st.lists(texts, max_size=2),
    aliases=st.lists(texts, max_size=2),
    birth_date=st.none() | dates,
    inmate_numbers=st.lists(texts, max_size=1),
    contacts=st.lists(st.builds(dk.Contact, name=texts, relation=texts), max_size=2),
    places=st.lists(texts, max_size=1),
    other_identifiers=st.lists(texts, max_size=1),
)


@st.composite
def cases(draw: Any) -> dk.Case:
    """A valid case: unique ids, known factor ids, histories in date order."""
    n_sessions = draw(st.integers(0, 4))
    opened = draw(st.none() | dates)
    earliest = opened or dt.date(2000, 1, 1)
    closed = st.builds(dk.Closure, date=st.dates(min_value=earliest, max_value=dt.date(2041, 1, 1)),
                       reason=st.sampled_from(dk.ClosureReason))  # fmt: skip
    return dk.Case(
        reference=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)),
        setting=draw(st.sampled_from(dk.Setting)),
        programme=draw(st.none() | texts),
        opened=opened,
        closed=draw(st.none() | closed),
        handover_note=draw(st.none() | notes),
        conferences=[draw(conferences(f"cc{i}")) for i in range(draw(st.integers(0, 2)))],
        team=draw(
            st.lists(st.builds(dk.TeamMember, agency=texts, role=texts, lead=st.booleans()), max_size=3)
        ),
        sessions=[draw(sessions(f"s{i}")) for i in range(n_sessions)],
        goals=[draw(goals(f"g{i}")) for i in range(draw(st.integers(0, 3)))],
        consents=[draw(consents(f"c{i}")) for i in range(draw(st.integers(0, 2)))],
        client=draw(st.none() | clients),
    )


# --- cases whose notes mention the client: for the no-leak property of sharing ------------------

GIVEN = ["Jonas", "Łukasz", "Γιώργος", "Youssef", "Leonie", "Aoife", "Jüri", "Mihai", "Ştefan", "Zoé",
         "Björn", "Dragan", "Петър", "Tomáš", "Ilona", "Kristaps", "Niamh", "Matteo"]  # fmt: skip
FAMILY = [
    "Brenner",
    "Kowalski",
    "Παπαδόπουλος",
    "El Mansouri",
    "Yılmaz",
    "Ó Súilleabháin",
    "Tamm",
    "Popescu",
    "Müller",
    "Virtanen",
    "Иванов",
    "Novák",
    "Horváth",
    "Bērziņš",
    "Rossi",
    "De Smet",
]
HANDLES = ["@grauwolf95", "nordlicht_88", "@ukhti.nur01", "sad.eagle_7", "@iron-river"]
PLACES = ["Sandelbeck", "Haldenau", "Marlenhof", "Kalmberg"]


@st.composite
def identified_cases(draw: Any) -> tuple[dk.Case, list[str]]:
    """A case whose notes name the client and contacts, and the identifiers that must never leak."""
    given, family = draw(st.sampled_from(GIVEN)), draw(st.sampled_from(FAMILY))
    contact = f"{draw(st.sampled_from(GIVEN))} {draw(st.sampled_from(FAMILY))}"
    handle, place = draw(st.sampled_from(HANDLES)), draw(st.sampled_from(PLACES))
    birth = draw(st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2007, 12, 31)))
    inmate = f"JVA-{draw(st.integers(100, 9999))}/{draw(st.integers(10, 25))}"
    identity = dk.ClientIdentity(
        given_names=(given,), family_names=(family,), aliases=(handle,), birth_date=birth,
        inmate_numbers=(inmate,), contacts=(dk.Contact(contact, "sister"),), places=(place,),
    )  # fmt: skip
    mentions = [
        given,
        family,
        f"{given} {family}",
        contact,
        handle,
        place,
        inmate,
        birth.isoformat(),
        f"{birth.day:02d}.{birth.month:02d}.{birth.year}",
        f"{birth.day}/{birth.month}/{birth.year}",
    ]
    fillers = ["said", "visited", "called", "wrote about", "met"]

    def note() -> dk.Note:
        words = draw(st.lists(st.sampled_from(mentions), min_size=1, max_size=3))
        text = f" {draw(st.sampled_from(fillers))} ".join(words) + "."
        return dk.Note(text, draw(st.sampled_from(dk.Perspective)), shareable=draw(st.booleans()))

    factors = draw(st.lists(st.sampled_from(FACTOR_IDS), unique=True, min_size=1, max_size=4))
    session = dk.Session(
        "s1",
        dt.date(2025, 3, 1),
        dk.SessionKind.COUNSELLING,
        reflections=[
            dk.FactorReflection(f, known=[note()], assumed=[note()], open=[note()]) for f in factors
        ],
    )
    goal = dk.Goal("g1", note().text, dk.GoalAgreement.AGREED, shareable=True,
                   history=[dk.StatusChange(dk.GoalStatus.OPEN, dt.date(2025, 3, 1))])  # fmt: skip
    consent = dk.Consent("c1", audiences=["case-conference", "security", "research"],
                         purposes=["case-planning", "risk-assessment", "research"], given=dt.date(2025, 1, 1),
                         factors=FACTOR_IDS, topics=["goals", "working_relationship"])  # fmt: skip
    case = dk.Case("HH-1", dk.Setting.PRISON, sessions=[session], goals=[goal], consents=[consent],
                   client=identity)  # fmt: skip
    parts = [p for p in contact.split() if len(p) >= 3]  # "Ó" or "De" alone identifies no one
    secrets = [given, family, contact, *parts, handle.lstrip("@"), place, inmate, birth.isoformat()]
    return case, secrets


# --- a fictional programme: many cases from a seed, for the programme tracker and its benchmark ---


def programme_cases(
    n: int, *, sessions: int = 12, factors: int | None = None, seed: int = 7, start: int = 0
) -> Iterator[dk.Case]:
    """``n`` fictional cases, one at a time (deterministic for a seed): each with ``sessions``
    sessions reflecting on ``factors`` factors (all 29 by default), goals, consent for research and
    case conferences, and a client record whose names must never reach a programme tracker."""
    ids = FACTOR_IDS if factors is None else FACTOR_IDS[:factors]
    consent_topics = ["goals", "working_relationship"]
    for number in range(start, start + n):
        rng = random.Random(seed * 1_000_003 + number)
        opened = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))
        setting = rng.choice(list(dk.Setting))
        case_sessions = []
        for s in range(sessions):
            day = opened + dt.timedelta(days=14 * s + rng.randrange(7))
            reflections = []
            for index, factor in enumerate(ids):
                # Factors lean one way or another, so that a programme has both large and small counts.
                lean = (index * 7 + s) % 10 / 10
                valence = dk.Valence.RESOURCE if rng.random() < lean else rng.choice(list(dk.Valence))
                note = dk.Note(
                    f"Fictional note {s}-{index}.", dk.Perspective.CLIENT, shareable=rng.random() < 0.5
                )
                stance = rng.choice(["known", "assumed", "open", None])
                reflections.append(dk.FactorReflection(
                    factor, **({stance: (note,)} if stance else {}), valence=valence,
                    rating=rng.choice([None, 0, 1, 2, 3, 4]),
                ))  # fmt: skip
            case_sessions.append(dk.Session(
                f"s{s + 1}", day, rng.choice(list(dk.SessionKind)), reflections=reflections,
                working_relationship=dk.WorkingRelationship(rng.randrange(5)),
            ))  # fmt: skip
        goals = [
            dk.Goal(f"g{g}", "Fictional goal.", dk.GoalAgreement.AGREED, shareable=rng.random() < 0.7,
                    history=[dk.StatusChange(rng.choice(list(dk.GoalStatus)), opened)])
            for g in range(rng.randrange(4))
        ]  # fmt: skip
        consent = dk.Consent("c1", audiences=["research", "case-conference"],
                             purposes=["research", "case-planning"], given=opened, factors=list(ids),
                             topics=consent_topics)  # fmt: skip
        client = dk.ClientIdentity(
            given_names=(GIVEN[number % len(GIVEN)],), family_names=(FAMILY[number % len(FAMILY)],),
            birth_date=dt.date(1990, 1, 1) + dt.timedelta(days=number % 5000),
            inmate_numbers=(f"JVA-{number + 1000}/25",),
        )  # fmt: skip
        yield dk.Case(f"PRG-{number:05d}", setting, opened=opened, sessions=case_sessions, goals=goals,
                      consents=[consent], client=client)  # fmt: skip
