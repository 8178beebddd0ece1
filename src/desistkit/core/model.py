"""The case: sessions of reflection on distancing factors, goals, consent and the client's identity.

Pure domain: frozen attrs classes, no I/O, no clock. Dates are passed in. Sequences are tuples so
that a case is a value; change one with :func:`attrs.evolve`.

Field constraints are declared once, with :func:`_bounded`, :func:`_text` and :func:`_ident`: they
become both the attrs validators and the JSON Schema (``desistkit schema``), so the two agree.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

import attrs

from desistkit.core.errors import (
    FieldError,
    FieldTypeError,
    UnknownConferenceError,
    UnknownGoalError,
    UnknownSessionError,
)

__all__ = [
    "ActionStatus",
    "ActionStatusChange",
    "AgreedAction",
    "Case",
    "ClientIdentity",
    "Closure",
    "ClosureReason",
    "Conference",
    "ConferenceOccasion",
    "Consent",
    "Contact",
    "Contribution",
    "FactorReflection",
    "Goal",
    "GoalAgreement",
    "GoalStatus",
    "Note",
    "Participant",
    "Perspective",
    "Priority",
    "Session",
    "SessionKind",
    "Setting",
    "Stance",
    "StatusChange",
    "TeamMember",
    "Valence",
    "WorkingRelationship",
]

RATING_MIN = 0
RATING_MAX = 4
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
AUDIENCE_PATTERN = r"^[a-z][a-z0-9-]{0,62}$"


class Setting(enum.Enum):
    """Where the client is on the continuum from detention to life outside."""

    PRE_TRIAL_DETENTION = "pre_trial_detention"
    PRISON = "prison"
    PROBATION = "probation"
    POST_RELEASE = "post_release"
    OPEN_SETTING = "open_setting"


class SessionKind(enum.Enum):
    """The occasion a reflection snapshot was taken."""

    COUNSELLING = "counselling"
    PRISON_VISIT = "prison_visit"
    CASE_CONFERENCE = "case_conference"
    HOME_VISIT = "home_visit"
    REMOTE = "remote"
    SUPERVISION = "supervision"
    OTHER = "other"


class Stance(enum.Enum):
    """The caseworker's epistemic stance towards a note."""

    KNOWN = "known"  # what I know
    ASSUMED = "assumed"  # what I suspect, or may be projecting
    OPEN = "open"  # what I don't know yet and would like to talk about


class Perspective(enum.Enum):
    """Whose view a note records."""

    CLIENT = "client"
    SURROUNDINGS = "surroundings"  # family, friends, other people around the client
    PROFESSIONAL = "professional"


class Valence(enum.Enum):
    """Whether a factor currently supports distancing."""

    RESOURCE = "resource"
    CHALLENGE = "challenge"
    AMBIVALENT = "ambivalent"
    UNCLEAR = "unclear"


class Priority(enum.Enum):
    """How much a factor matters now, for the client or for the caseworker."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class GoalAgreement(enum.Enum):
    """Whether a goal was agreed with the client or is only proposed."""

    AGREED = "agreed"
    PROPOSED = "proposed"


class ClosureReason(enum.Enum):
    """Why a case was closed. A word, never free text: retention and statistics read it."""

    COMPLETED = "completed"  # the work ended as agreed
    HANDED_OVER = "handed_over"  # another organisation or programme took the case on
    ENDED_BY_CLIENT = "ended_by_client"  # the client ended the work (it is voluntary)
    NO_CONTACT = "no_contact"  # the client could no longer be reached
    OTHER = "other"


class ConferenceOccasion(enum.Enum):
    """Why a multi-agency case conference was held: the milestones of a sentence, a review, a crisis."""

    AFTER_SENTENCING = "after_sentencing"
    AFTER_RISK_ASSESSMENT = "after_risk_assessment"  # after the risk and needs assessment
    BEFORE_TEMPORARY_RELEASE = "before_temporary_release"
    BEFORE_OPEN_CUSTODY = "before_open_custody"  # before a transfer to open custody
    BEFORE_RELEASE = "before_release"
    PAROLE_DECISION = "parole_decision"
    REGULAR_REVIEW = "regular_review"
    CRISIS = "crisis"
    OTHER = "other"


class ActionStatus(enum.Enum):
    """Where an action agreed at a case conference stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class GoalStatus(enum.Enum):
    """Where a goal stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


# --- field declarations: validators and schema metadata from one place --------------------------


def _bounded(lo: int, hi: int, *, optional: bool = False, doc: str = "") -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldTypeError(attribute.name, f"must be an integer from {lo} to {hi}, got {_shown(value)}")
        if not lo <= value <= hi:
            raise FieldError(attribute.name, f"must be from {lo} to {hi}, got {value!r}")

    meta = {"minimum": lo, "maximum": hi, "doc": doc}
    if optional:
        return attrs.field(default=None, validator=check, metadata=meta, kw_only=True)
    return attrs.field(validator=check, metadata=meta)


UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""Characters no document can hold: XML 1.0 forbids C0 controls but tab, line feed and carriage
return, lone surrogates and U+FFFE/U+FFFF (python-docx and lxml refuse them, Excel mangles them).
Text fields refuse them, so what a case holds every exporter can write."""


_ECHOABLE = re.compile(r"[\w.:/+-]{1,40}\Z")
# A date as people type one: the year first in four digits, or last in two or four; day and month
# up to 31 (a typo like 2025-13-01 is still shown). Phone numbers in groups (0151/12/3456) are not.
_DATE_SHAPE = re.compile(
    r"(?:\d{4}[-./](?:[0-2]?\d|3[01])[-./](?:[0-2]?\d|3[01])|(?:[0-2]?\d|3[01])[-./](?:[0-2]?\d|3[01])[-./](?:\d\d|\d{4}))\Z"
)
_WORD = re.compile(r"[^\W\d_]{3}")


def echoable(value: str) -> bool:
    """Whether a wrong value may be repeated in an error: the one rule for every message of the
    library (model, checks, importers), because errors end up in logs and HTTP responses.

    Repeated: a short token with a digit that is not a word, a number or a date ("S1", "s-07",
    "2025-13-01", "31.12.2025"), which is what a typo in an id or a date looks like. Not repeated:
    anything with a space; three letters in a row (a name typed where an id goes, also hyphenated or
    dotted: "Anna-Lena", "jonas.brenwald", "JVA-1234/25"); five or more digits in a row or over four in
    all outside a date (a phone, an IBAN, a national or record number: "+491512345678",
    "A-1234/21", "0151/12/3456"). A birth date typed into another field is shown like any date.
    The location of the error still says where to look."""
    if not _ECHOABLE.match(value):
        return False
    if _DATE_SHAPE.match(value):
        return True
    digits = sum(c.isdigit() for c in value)
    return 0 < digits <= 4 and _WORD.search(value) is None


def _shown(value: object) -> str:
    """A wrong value for an error: a number, or a string if :func:`echoable`; else described."""
    if isinstance(value, (int, float)) or value is None:
        return repr(value)
    if isinstance(value, str):
        return repr(value) if echoable(value) else f"a string of {len(value)} characters"
    return f"a {type(value).__name__}"


def _text(*, doc: str = "", free_text: bool = True) -> Any:
    """A required, non-empty string. ``free_text`` marks it as never echoed in errors."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise FieldError(attribute.name, "must be a non-empty string")
        bad = UNWRITABLE.search(value)
        if bad:
            raise FieldError(
                attribute.name, f"contains a character no document can hold (U+{ord(bad.group()):04X})"
            )

    return attrs.field(validator=check, metadata={"minLength": 1, "doc": doc, "free_text": free_text})


def _ident(pattern: str = ID_PATTERN, *, doc: str = "") -> Any:
    regex = re.compile(pattern)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not regex.match(value):
            raise FieldError(attribute.name, f"must match {pattern}, got {_shown(value)}")

    return attrs.field(validator=check, metadata={"pattern": pattern, "doc": doc})


Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _items(
    *,
    doc: str = "",
    min_items: int = 0,
    unique_by: str | None = None,
    also: Validator | None = None,
    **extra: Any,
) -> Any:
    """A tuple field (JSON array), converted from any iterable."""
    item_pattern = extra.get("item_pattern")
    item_regex = re.compile(item_pattern) if item_pattern else None

    def check(instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if len(value) < min_items:
            raise FieldError(attribute.name, f"needs at least {min_items} item(s)")
        if unique_by is not None:
            keys = [getattr(v, unique_by) if unique_by != "self" else v for v in value]
            # A Counter, not keys.count: a 100,000-session case must not take minutes to build.
            dupes = sorted(k for k, n in collections.Counter(keys).items() if n > 1)
            if dupes:
                raise FieldError(attribute.name, f"has duplicate {unique_by} {', '.join(dupes)}")
        if item_regex is not None:
            for item in value:
                if not isinstance(item, str) or not item_regex.match(item):
                    raise FieldError(attribute.name, f"must hold items that match {item_pattern}")
        if extra.get("free_text") and not all(isinstance(i, str) and i.strip() for i in value):
            raise FieldError(attribute.name, "must hold non-empty strings only")
        if extra.get("free_text") and any(UNWRITABLE.search(i) for i in value):
            raise FieldError(attribute.name, "contains a character no document can hold")
        if also is not None:
            also(instance, attribute, value)

    meta = {"doc": doc, "minItems": min_items, "unique_by": unique_by, **extra}
    return attrs.field(default=(), converter=_as_tuple, validator=check, metadata=meta, kw_only=True)


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    # Not `converter=tuple`: attrs reads each converter's signature, and a builtin's is parsed
    # from text with the tokenizer, 31 times at import (5 ms of `import desistkit`, issue #20).
    return tuple(value)


def _optional(default: Any = None, *, doc: str = "", of: type | None = None) -> Any:
    """An optional keyword field; ``of`` checks the type of a value that is given."""
    validator = attrs.validators.optional(attrs.validators.instance_of(of)) if of else None
    return attrs.field(default=default, validator=validator, metadata={"doc": doc}, kw_only=True)


def _required(of: type, *, doc: str = "", kw_only: bool = False) -> Any:
    """A required field of one type (an enum or a date)."""
    return attrs.field(validator=attrs.validators.instance_of(of), metadata={"doc": doc}, kw_only=kw_only)


# --- the model ----------------------------------------------------------------------------------


@attrs.frozen
class Note:
    """One thing the caseworker wrote down, from one perspective.

    Notes are not shareable outside the team unless the caseworker marked them so.
    """

    text: str = _text(doc="The note itself. Free text; may contain personal data.")
    perspective: Perspective = _required(Perspective, doc="Whose view the note records.")
    shareable: bool = _optional(False, doc="Marked by the caseworker as shareable outside the team.", of=bool)


@attrs.frozen
class FactorReflection:
    """What the caseworker reflected on one factor in one session."""

    factor_id: str = _ident(doc="The factor's id in the catalogue (the key in the case file).")
    known: tuple[Note, ...] = _items(doc="What I know.")
    assumed: tuple[Note, ...] = _items(doc="What I suspect or may be projecting.")
    open: tuple[Note, ...] = _items(doc="What I don't know yet and would like to talk about.")
    valence: Valence = _optional(
        Valence.UNCLEAR, doc="Resource, challenge, ambivalent or unclear.", of=Valence
    )
    rating: int | None = _bounded(
        RATING_MIN,
        RATING_MAX,
        optional=True,
        doc="How far the factor currently supports distancing: 0 not at all, 4 strongly.",
    )
    client_priority: Priority | None = _optional(
        doc="How much the factor matters to the client now.", of=Priority
    )
    caseworker_priority: Priority | None = _optional(
        doc="How much it matters to the caseworker.", of=Priority
    )
    gender_lens: tuple[Note, ...] = _items(doc="Notes on gender roles and expectations.")
    discrimination: tuple[Note, ...] = _items(doc="Notes on discrimination the client faces.")

    def notes(self, stance: Stance) -> tuple[Note, ...]:
        """The notes under one stance."""
        return {Stance.KNOWN: self.known, Stance.ASSUMED: self.assumed, Stance.OPEN: self.open}[stance]

    @property
    def stances(self) -> frozenset[Stance]:
        """The stances that have at least one note."""
        return frozenset(s for s in Stance if self.notes(s))

    @property
    def stance(self) -> Stance | None:
        """The strongest stance with a note: known over assumed over open; None when no note."""
        for s in (Stance.KNOWN, Stance.ASSUMED, Stance.OPEN):
            if self.notes(s):
                return s
        return None

    @property
    def all_notes(self) -> tuple[Note, ...]:
        """Every note, stance notes first, then gender lens and discrimination."""
        return (*self.known, *self.assumed, *self.open, *self.gender_lens, *self.discrimination)

    def map_notes(self, change: Callable[[tuple[Note, ...]], tuple[Note, ...]]) -> FactorReflection:
        """This reflection with ``change`` applied to each of its lists of notes (the three stances,
        the gender lens and discrimination), everything else as it is."""
        return attrs.evolve(
            self,
            known=change(self.known),
            assumed=change(self.assumed),
            open=change(self.open),
            gender_lens=change(self.gender_lens),
            discrimination=change(self.discrimination),
        )


def _reflection_on(reflections: tuple[FactorReflection, ...], factor_id: str) -> FactorReflection | None:
    """The reflection on ``factor_id`` among a session's or a contribution's, if any."""
    return next((r for r in reflections if r.factor_id == factor_id), None)


@attrs.frozen
class WorkingRelationship:
    """How the caseworker experienced the working relationship in a session."""

    rating: int = _bounded(RATING_MIN, RATING_MAX, doc="0 no working relationship, 4 strong and trusting.")
    note: Note | None = _optional(doc="What shaped the relationship this time.")


@attrs.frozen
class Session:
    """A dated reflection snapshot. It holds only the factors addressed that time."""

    id: str = _ident(doc="Stable id of the session within the case, e.g. 's3'.")
    date: dt.date = _required(dt.date, doc="The day of the session (ISO 8601).")
    kind: SessionKind = _required(SessionKind, doc="The occasion.")
    reflections: tuple[FactorReflection, ...] = _items(
        doc="Reflections keyed by factor id.", unique_by="factor_id", keyed_by="factor_id"
    )
    working_relationship: WorkingRelationship | None = _optional(doc="The working relationship.")

    def reflection(self, factor_id: str) -> FactorReflection | None:
        """This session's reflection on a factor, or None when it was not addressed."""
        return _reflection_on(self.reflections, factor_id)


@attrs.frozen
class StatusChange:
    """A goal entered a status on a date."""

    status: GoalStatus = _required(GoalStatus, doc="The new status.")
    date: dt.date = _required(dt.date, doc="When (ISO 8601).")


def _history_in_order(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[StatusChange, ...]
) -> None:
    if any(b.date < a.date for a, b in itertools.pairwise(value)):
        raise FieldError(attribute.name, "must be in date order")


_Status = TypeVar("_Status", GoalStatus, ActionStatus, covariant=True)


class _Change(Protocol[_Status]):
    @property
    def status(self) -> _Status: ...
    @property
    def date(self) -> dt.date: ...


def _status_on(history: Sequence[_Change[_Status]], day: dt.date) -> _Status | None:
    """The status of the last change on or before ``day`` in a history in date order."""
    current = None
    for change in history:
        if change.date > day:
            break
        current = change.status
    return current


@attrs.frozen
class Goal:
    """An approach goal ("start vocational training", not "stop ..."), with its status history."""

    id: str = _ident(doc="Stable id of the goal within the case.")
    wording: str = _text(doc="The goal, worded as something to reach.")
    agreement: GoalAgreement = _required(GoalAgreement, doc="Agreed with the client, or proposed.")
    history: tuple[StatusChange, ...] = _items(
        doc="Status changes in date order; the last is the current status.",
        min_items=1,
        also=_history_in_order,
    )
    factors: tuple[str, ...] = _items(
        doc="Ids of the factors the goal works on.", unique_by="self", item_pattern=ID_PATTERN
    )
    owner_role: str | None = _optional(doc="Who mainly works on it, by role (client, caseworker, ...).")
    review_date: dt.date | None = _optional(doc="When the goal is next reviewed (ISO 8601).", of=dt.date)
    shareable: bool = _optional(False, doc="Marked by the caseworker as shareable outside the team.", of=bool)

    @property
    def status(self) -> GoalStatus:
        """The current status: the last entry of the history."""
        return self.history[-1].status

    def status_on(self, day: dt.date) -> GoalStatus | None:
        """The status on a given day; None before the goal was set."""
        return _status_on(self.history, day)


@attrs.frozen
class Consent:
    """What the client agreed to share: factors or topics, with which audiences, for which purposes."""

    id: str = _ident(doc="Stable id of the consent record.")
    audiences: tuple[str, ...] = _items(
        doc="Audiences the client agreed to share with, e.g. case-conference.",
        min_items=1,
        item_pattern=AUDIENCE_PATTERN,
    )
    purposes: tuple[str, ...] = _items(
        doc="Purposes agreed, e.g. case-planning.", min_items=1, item_pattern=AUDIENCE_PATTERN
    )
    given: dt.date = _required(dt.date, doc="When consent was given (ISO 8601).", kw_only=True)
    factors: tuple[str, ...] = _items(
        doc="Ids of the factors covered.", unique_by="self", item_pattern=ID_PATTERN
    )
    topics: tuple[str, ...] = _items(
        doc="Topics covered besides factors: goals, working_relationship, progress.",
        unique_by="self",
        item_pattern=ID_PATTERN,
    )
    expires: dt.date | None = _optional(doc="Last day the consent holds (ISO 8601).", of=dt.date)
    withdrawn: dt.date | None = _optional(doc="Day the client withdrew it (ISO 8601).", of=dt.date)

    def __attrs_post_init__(self) -> None:
        if not self.factors and not self.topics:
            raise FieldError("consent", "must cover at least one factor or topic")

    def is_valid_on(self, day: dt.date) -> bool:
        """Given on or before ``day``, not expired and not withdrawn by then."""
        if day < self.given:
            return False
        if self.expires is not None and day > self.expires:
            return False
        return self.withdrawn is None or day < self.withdrawn

    def covers(
        self,
        *,
        audience: str,
        purpose: str,
        on: dt.date,
        factor_id: str | None = None,
        topic: str | None = None,
    ) -> bool:
        """Whether this consent lets a factor's notes (or a topic) reach an audience for a purpose."""
        if audience not in self.audiences or purpose not in self.purposes or not self.is_valid_on(on):
            return False
        if factor_id is not None:
            return factor_id in self.factors
        return topic is not None and topic in self.topics


@attrs.frozen
class TeamMember:
    """An agency in the multi-agency team, and its role. No professional's name is stored."""

    agency: str = _text(doc="The agency, e.g. 'Prison social service'.", free_text=False)
    role: str = _text(doc="Its role in the case, e.g. 'probation officer'.", free_text=False)
    lead: bool = _optional(False, doc="Whether this agency leads the case.")


@attrs.frozen
class Contact:
    """A relative or other contact of the client, named in the internal case file only."""

    name: str = _text(doc="The contact's name.")
    relation: str = _text(doc="Relation to the client, e.g. 'mother'.", free_text=False)


@attrs.frozen
class ClientIdentity:
    """Everything that identifies the client. Kept in the internal case file only.

    The sharing rules use it as the list of what must never leave the team.
    """

    given_names: tuple[str, ...] = _items(doc="Given names.", free_text=True)
    family_names: tuple[str, ...] = _items(doc="Family names.", free_text=True)
    aliases: tuple[str, ...] = _items(doc="Aliases, nicknames and online handles.", free_text=True)
    birth_date: dt.date | None = _optional(doc="Birth date (ISO 8601).", of=dt.date)
    inmate_numbers: tuple[str, ...] = _items(doc="Prison or inmate numbers.", free_text=True)
    contacts: tuple[Contact, ...] = _items(doc="Relatives and other named contacts.")
    places: tuple[str, ...] = _items(doc="Places that identify the client.", free_text=True)
    other_identifiers: tuple[str, ...] = _items(
        doc="Other identifiers: file numbers, ID card numbers, ...", free_text=True
    )

    @property
    def names(self) -> tuple[str, ...]:
        """Every name of the client and their contacts, aliases included."""
        return (
            *self.given_names,
            *self.family_names,
            *self.aliases,
            *(c.name for c in self.contacts),
        )


@attrs.frozen
class Participant:
    """An agency at a case conference and the role of its point of contact for the case.

    No professional's name is stored: the role says whom to ask ("probation officer")."""

    agency: str = _text(doc="The agency, e.g. 'Probation service'.", free_text=False)
    contact_role: str = _text(
        doc="The role of the agency's point of contact for this case, e.g. 'probation officer'.",
        free_text=False,
    )


@attrs.frozen
class Contribution:
    """One agency's reflection on the client before or at a conference, written by that agency.

    The same structure as a session's: notes under known / assumed / open with their perspective,
    valence, rating and priorities, keyed by factor id."""

    agency: str = _text(doc="The agency that wrote the contribution.", free_text=False)
    reflections: tuple[FactorReflection, ...] = _items(
        doc="Reflections keyed by factor id.", unique_by="factor_id", keyed_by="factor_id"
    )
    written: dt.date | None = _optional(doc="When the agency wrote it (ISO 8601).", of=dt.date)

    def reflection(self, factor_id: str) -> FactorReflection | None:
        """This agency's reflection on a factor, or None when it did not address it."""
        return _reflection_on(self.reflections, factor_id)


@attrs.frozen
class ActionStatusChange:
    """An agreed action entered a status on a date."""

    status: ActionStatus = _required(ActionStatus, doc="The new status.")
    date: dt.date = _required(dt.date, doc="When (ISO 8601).")


@attrs.frozen
class AgreedAction:
    """Who does what by when, as agreed at a case conference."""

    id: str = _ident(doc="Stable id of the action within the conference.")
    what: str = _text(doc="What will be done. Free text; may contain personal data.")
    owner: str = _text(doc="The agency that does it (an agency of the conference).", free_text=False)
    due: dt.date | None = _optional(doc="When it should be done (ISO 8601).", of=dt.date)
    factors: tuple[str, ...] = _items(
        doc="Ids of the factors the action works on.", unique_by="self", item_pattern=ID_PATTERN
    )
    history: tuple[ActionStatusChange, ...] = _items(
        doc="Status changes in date order; the last is the current status.",
        min_items=1,
        also=_history_in_order,
    )
    shareable: bool = _optional(False, doc="Marked by the caseworker as shareable outside the team.", of=bool)

    @property
    def status(self) -> ActionStatus:
        """The current status: the last entry of the history."""
        return self.history[-1].status

    def status_on(self, day: dt.date) -> ActionStatus | None:
        """The status on a given day; None before the action was agreed."""
        return _status_on(self.history, day)


@attrs.frozen
class Conference:
    """A multi-agency case conference: each agency's view, and who does what by when.

    A conference with a single contribution is what a ``case_conference`` session records; see
    [Case.conference_history][desistkit.Case.conference_history]."""

    id: str = _ident(doc="Stable id of the conference within the case, e.g. 'c1'.")
    date: dt.date = _required(dt.date, doc="The day of the conference (ISO 8601).")
    occasion: ConferenceOccasion = _required(ConferenceOccasion, doc="Why it was held.")
    participants: tuple[Participant, ...] = _items(
        doc="The agencies taking part, each with its point of contact's role.", unique_by="agency"
    )
    contributions: tuple[Contribution, ...] = _items(
        doc="One reflection per agency, written by that agency.", unique_by="agency"
    )
    actions: tuple[AgreedAction, ...] = _items(doc="Actions agreed: what, who, by when.", unique_by="id")
    recommendations: tuple[Note, ...] = _items(doc="Recommendations and decisions of the conference.")
    client_informed: Note | None = _optional(
        doc="What the client was told about the conference, or agreed to.", of=Note
    )
    next_date: dt.date | None = _optional(doc="When the next conference is planned (ISO 8601).", of=dt.date)

    @property
    def agencies(self) -> tuple[str, ...]:
        """The agencies that contributed, in the order of their contributions."""
        return tuple(c.agency for c in self.contributions)

    def contribution(self, agency: str) -> Contribution | None:
        """The agency's contribution, or None when it has not contributed."""
        for c in self.contributions:
            if c.agency == agency:
                return c
        return None


@attrs.frozen
class Closure:
    """When and why the case was closed; retention periods are counted from this day."""

    date: dt.date = _required(dt.date, doc="The day the case was closed (ISO 8601).")
    reason: ClosureReason = _required(ClosureReason, doc="Why the case was closed.")


def _sort_key(session: Session) -> dt.date:
    return session.date


def _conference_date(conference: Conference) -> dt.date:
    return conference.date


@attrs.frozen
class Case:
    """A client's case, under a pseudonymous reference.

    ``client`` holds identifying data and is present only in the internal case file.
    """

    reference: str = _ident(REFERENCE_PATTERN, doc="Pseudonymous case reference, e.g. 'HH-2025-014'.")
    setting: Setting = _required(Setting, doc="Where the client is on the prison-exit continuum.")
    programme: str | None = _optional(doc="The programme the case belongs to.")
    opened: dt.date | None = _optional(doc="When the case was opened (ISO 8601).", of=dt.date)
    closed: Closure | None = _optional(
        doc="When and why the case was closed; absent while it is open.", of=Closure
    )
    team: tuple[TeamMember, ...] = _items(doc="Agencies and roles in the multi-agency team.")
    sessions: tuple[Session, ...] = _items(doc="Reflection snapshots.", unique_by="id")
    goals: tuple[Goal, ...] = _items(doc="Goals set with the client.", unique_by="id")
    consents: tuple[Consent, ...] = _items(doc="Consent records.", unique_by="id")
    conferences: tuple[Conference, ...] = _items(
        doc="Multi-agency case conferences, with each agency's contribution.", unique_by="id"
    )
    client: ClientIdentity | None = _optional(doc="Identifying data: internal case file only.")
    handover_note: Note | None = _optional(
        doc="What the caseworker would want the next caseworker to know (the handover letter); "
        "shared like a note: only when shareable and the client's consent covers the topic handover_note.",
        of=Note,
    )

    @property
    def chronological(self) -> tuple[Session, ...]:
        """The sessions by date (stable for sessions on the same day)."""
        return tuple(sorted(self.sessions, key=_sort_key))

    @property
    def latest(self) -> Session | None:
        """The most recent session, or None for a case without sessions."""
        ordered = self.chronological
        return ordered[-1] if ordered else None

    def session(self, session_id: str) -> Session:
        """The session with this id ([UnknownSessionError][desistkit.UnknownSessionError] otherwise)."""
        for s in self.sessions:
            if s.id == session_id:
                return s
        raise UnknownSessionError(session_id, [s.id for s in self.sessions])

    def conference(self, conference_id: str) -> Conference:
        """The conference with this id, among :attr:`conference_history`
        ([UnknownConferenceError][desistkit.UnknownConferenceError] otherwise)."""
        history = self.conference_history
        for c in history:
            if c.id == conference_id:
                return c
        raise UnknownConferenceError(conference_id, [c.id for c in history])

    @property
    def conference_history(self) -> tuple[Conference, ...]:
        """Every conference by date: the recorded ones, and each ``case_conference`` session that no
        recorded conference has the id of, read as a conference with a single contribution.

        Case files written before conferences existed (format 1) recorded a case conference as a
        session of kind ``case_conference``: the caseworker's own reflection at the conference. It
        stays a session (progress over time still shows it) and is also a conference, contributed
        by the case's lead agency (the first team member when none leads; ``"caseworker"`` when
        the case has no team), with occasion ``other``."""
        recorded = {c.id for c in self.conferences}
        agency = next((m.agency for m in self.team if m.lead), self.team[0].agency if self.team else None)
        derived = tuple(
            Conference(
                id=s.id,
                date=s.date,
                occasion=ConferenceOccasion.OTHER,
                contributions=(Contribution(agency=agency or "caseworker", reflections=s.reflections),),
            )
            for s in self.sessions
            if s.kind is SessionKind.CASE_CONFERENCE and s.id not in recorded
        )
        return tuple(sorted((*self.conferences, *derived), key=_conference_date))

    def goal(self, goal_id: str) -> Goal:
        """The goal with this id ([UnknownGoalError][desistkit.UnknownGoalError] otherwise)."""
        for g in self.goals:
            if g.id == goal_id:
                return g
        raise UnknownGoalError(goal_id, [g.id for g in self.goals])
