"""share(): from a case to what one audience may see, with an audit record of what was removed.

Exporters take a :class:`SharedCase`, never a :class:`~desistkit.Case`: the only way to one is
:func:`share`, and a full internal export is the explicit audience ``internal``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.errors import MissingKeyError, NotSharedError, SharingError
from desistkit.core.model import (
    Case,
    Closure,
    Consent,
    FactorReflection,
    Goal,
    Note,
    Session,
    StatusChange,
    TeamMember,
    Valence,
    WorkingRelationship,
)
from desistkit.sharing._audit import AuditRecord
from desistkit.sharing._conferences import ConferenceSharer, conference_ids
from desistkit.sharing._policy import AudienceRules, Policy, default_policy
from desistkit.sharing._pseudonym import Pseudonymizer, PseudonymKey
from desistkit.sharing._vocabulary import catalogued, has_generic, render_generic
from desistkit.sharing._withheld import REASONS, WITHHELD, WithheldReason, refusal

# The placeholders only: the detectors (and their patterns) load when an audience's policy redacts.
from desistkit.sharing.redaction._placeholders import has_placeholder, render_placeholders, words_in

if TYPE_CHECKING:
    from desistkit.sharing.redaction import Detector, Redactor

__all__ = [
    "WITHHELD",
    "AuditRecord",
    "SharedCase",
    "SharingError",
    "WithheldReason",
    "pseudonym_mapping",
    "require_shared",
    "share",
    "withheld_reasons",
]

_WEEK_ANCHOR = dt.date(2000, 1, 3)  # a Monday; programme weeks are counted from here
_PRECISION = {"keep": "day", "generalise:month": "month"}  # other actions: programme weeks
_TOKEN = object()


def _check_token(instance: object, attribute: object, value: object) -> None:
    if value is not _TOKEN:
        raise NotSharedError("a SharedCase is made by desistkit.share(case, audience, ...), not directly")


@attrs.frozen
class SharedCase:
    """What one audience may see of a case. Made only by [share][desistkit.share].

    ``case`` is a filtered copy: for external audiences without the client record, with a
    pseudonymous reference, redacted or withheld notes and generalised dates.
    """

    case: Case
    audience: str
    purpose: str
    on: dt.date
    internal: bool
    dates: str  # "day", "month" or "programme-week": how precise the session dates in `case` are
    age_band: str | None
    audit: AuditRecord
    #: The same for every date field of the policy: "session.date", "goal.dates", "opened",
    #: "conference.date", "action.dates".
    precision: Mapping[str, str]
    #: What was withheld and why (see [withheld_reasons][desistkit.sharing.withheld_reasons]).
    withheld: tuple[WithheldReason, ...] = attrs.field(default=(), kw_only=True)
    _token: object = attrs.field(alias="token", validator=_check_token, repr=False, eq=False)
    # True once localized() made this SharedCase: its texts hold no placeholder left (rendering them
    # again in any language changes nothing). Set by localized() alone: not an argument, so neither
    # made nor carried by attrs.evolve (a case changed by evolve is rendered again).
    _rendered: bool = attrs.field(default=False, init=False, repr=False, eq=False)

    @staticmethod
    def is_withheld(text: str) -> bool:
        """True for a note or goal whose words were withheld (only its stance or status is shared)."""
        return text == WITHHELD

    def localized(self, localizer: Any) -> SharedCase:
        """The same shared case with its redaction placeholders in the localizer's language.

        A SharedCase holds language-neutral placeholders where data was removed, so that one
        shared case can be rendered in any language; every exporter calls this with its localizer
        before it reads a text. Withheld texts stay :data:`WITHHELD` (see :meth:`is_withheld`).
        """
        if self._rendered:
            return self  # nothing left to render: an exporter's content localises it a second time
        words = words_in(localizer)

        def render(text: str) -> str:
            return render_generic(render_placeholders(text, words), localizer)

        case = _map_texts(self.case, render)
        localized = attrs.evolve(self, case=case)
        object.__setattr__(localized, "_rendered", True)  # frozen: set once, as it is made
        return localized

    def date_precision(self, field: str = "session.date") -> str:
        """How precise a date field is for this audience: "day", "month" or "programme-week"."""
        return self.precision.get(field, self.dates)

    def date_label(self, day: dt.date, localizer: Any, field: str = "session.date") -> str:
        """A date of ``field`` as this audience may see it: the day, the month, or the programme week.

        Each date field has its own rule in the policy: a goal's review date may be shown by month
        while session dates are shown by programme week, and the other way round.
        """
        precision = self.date_precision(field)
        if precision == "day":
            return str(localizer.format_date(day))
        if precision == "month":
            return str(localizer.format_month(day))
        week = (day - _WEEK_ANCHOR).days // 7 + 1
        return str(localizer.text("document.programme_week", n=localizer.format_number(week)))


def _map_texts(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with ``change`` applied to every string in it that holds a placeholder; the parts
    without one are returned as they are (no copy)."""
    cls = type(value)
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = _kind(cls)
    if kind is _TEXT:
        return change(value) if has_placeholder(value) or has_generic(value) else value
    if kind is _TUPLE:
        items = [_map_texts(v, change) for v in value]
        for a, b in zip(items, value, strict=True):
            if a is not b:
                return tuple(items)
        return value
    if kind is _OTHER:
        return value
    changes = {}
    for name, alias in kind:
        old = getattr(value, name)
        new = _map_texts(old, change)
        if new is not old:
            changes[alias] = new
    return attrs.evolve(value, **changes) if changes else value


_Fields = tuple[tuple[str, str], ...]
_TEXT: _Fields = (("", "text"),)  # the three kinds that are not an attrs class, told apart by identity
_TUPLE: _Fields = (("", "tuple"),)
_OTHER: _Fields = (("", "other"),)
_KINDS: dict[type, _Fields] = {}
"""What :func:`_map_texts` does with a value of each type: a text, a tuple, something without
text, or an attrs class's fields (name, alias) to walk. A case has a few hundred values of a dozen
types; finding out once per type what ``isinstance`` and ``attrs.fields`` would tell each time
halves the walk."""


def _kind(cls: type) -> _Fields:
    if issubclass(cls, str):
        return _TEXT
    if issubclass(cls, tuple):
        return _TUPLE
    if attrs.has(cls):
        return tuple((f.name, f.alias or f.name) for f in attrs.fields(cls))
    return _OTHER


def withheld_reasons(shared: SharedCase) -> list[WithheldReason]:
    """Why notes and goal wordings were withheld from the audience, and since when: one entry per
    reason and day, consent withdrawn first, then expired (latest first), no consent, not shareable.

    For a preview and for documents ("withheld: consent expired in April 2026"). Audiences whose
    policy drops what consent does not cover (``unconsented = "drop"``) get no entry for it: they are
    not told it existed. Format ``since`` with [SharedCase.date_label][desistkit.SharedCase.date_label].
    """
    return sorted(
        shared.withheld, key=lambda r: (REASONS.index(r.kind), -(r.since or dt.date.min).toordinal())
    )


def require_shared(obj: object) -> SharedCase:
    """For exporters: refuse anything but a SharedCase, with a message that says what to do."""
    if not isinstance(obj, SharedCase):
        raise NotSharedError(
            f"exporters take a SharedCase, not {type(obj).__name__}: "
            "call desistkit.share(case, audience, key=..., on=...) first (audience 'internal' for the team)"
        )
    return obj


def share(
    case: Case,
    audience: str,
    *,
    on: dt.date | None = None,
    now: dt.datetime | None = None,
    key: PseudonymKey | None = None,
    policy: Policy | None = None,
    purpose: str | None = None,
    domain: str | None = None,
    lang: str = "en",
    at: dt.datetime | None = None,
    detectors: Sequence[Detector] = (),
    catalogue: Catalogue | None = None,
) -> SharedCase:
    """What ``audience`` may see of ``case`` now, as it stood on day ``on``.

    Consent is checked at the moment of disclosure, ``now``: a consent that has expired or been
    withdrawn since the export date is not revived by it. This is the one place desistkit reads the
    clock, and only when neither ``now`` nor ``at`` is given; pass ``now`` to decide the moment
    yourself (tests, a server that takes the time from its request).

    Args:
        case: The full case, as loaded from the case file.
        audience: ``internal``, ``case-conference``, ``security``, ``research`` or one the policy defines.
        on: The export date (default: the day of ``now``). External audiences get only the sessions
            up to this day, and goal histories up to it; the internal audience gets everything.
        now: The moment of disclosure: consent must hold on its day. Default: the computer's clock,
            in its local time zone. Recorded in the audit record as ``created_at``.
        key: The organisation's pseudonym key, required by audiences that pseudonymise.
        policy: An organisation's policy ([load_policy][desistkit.sharing.load_policy]); default built-in.
        purpose: Overrides the audience's purpose; consent must cover it.
        domain: The pseudonym domain (default: the audience name); give each case conference its
            own, e.g. ``"cc-2025-q3"``, so that two conferences cannot link their data.
        lang: The language the case's notes are written in, for finding what to remove (phone
            numbering plans, an organisation's detectors). Removed data is replaced by neutral
            placeholders that each document renders in its own language
            ([SharedCase.localized][desistkit.SharedCase.localized]).
        at: The former name of ``now`` (kept for existing callers); give one of the two.
        detectors: Extra finders for free-text redaction, e.g. a named-entity recogniser.
        catalogue: The factor catalogue the case uses (default: the built-in one). An external
            audience gets only reflections and goal links on factors it knows: a factor id is a
            string a program could have filled with anything.

    Returns:
        What the audience may see, with its audit record; the only input exporters accept.

    Raises:
        UnknownAudienceError: The policy does not define the audience.
        SharingError: The case cannot be shared as asked, e.g. a pseudonymising audience without a key.
    """
    if not isinstance(case, Case):
        raise NotSharedError(f"share() takes a Case, not {type(case).__name__}")
    if now is not None and at is not None and now != at:
        raise SharingError("share() got two moments of disclosure: pass now= only (at= is its former name)")
    moment = now or at or dt.datetime.now().astimezone()  # the only clock read: see the docstring
    on = moment.date() if on is None else on
    rules = (policy or default_policy()).audience(audience)
    purpose = purpose or rules.purpose
    pseudonym = _pseudonymizer(rules, key, domain or audience)
    chosen = policy or default_policy()
    regions = chosen.regions if rules.action("note.places") == "generalise:region" else {}
    factor_ids = (catalogue or default_catalogue()).known_ids
    sharer = _Sharer(case, rules, pseudonym, purpose, on, lang, detectors, regions, chosen.vocabularies,
                     factor_ids, moment.date())  # fmt: skip
    return sharer.run(chosen.source, moment)


def _pseudonymizer(rules: AudienceRules, key: PseudonymKey | None, domain: str) -> Pseudonymizer | None:
    if rules.action("reference") != "pseudonymise":
        return None
    if not isinstance(key, PseudonymKey):
        raise MissingKeyError(
            f"audience {rules.name!r} pseudonymises: pass key=PseudonymKey.from_text(...) to share(), "
            "with the organisation's key from your secret store"
        )
    return key.domain(domain)


def pseudonym_mapping(references: Iterable[str], key: PseudonymKey, domain: str) -> dict[str, str]:
    """Pseudonym -> case reference, for the controller only (a separate, explicitly requested file)."""
    pseudonymize = key.domain(domain)
    return {pseudonymize(r): r for r in references}


class _Sharer:
    def __init__(
        self,
        case: Case,
        rules: AudienceRules,
        pseudonym: Pseudonymizer | None,
        purpose: str,
        on: dt.date,
        lang: str,
        detectors: Sequence[Detector],
        regions: Mapping[str, str],
        vocabularies: Mapping[str, tuple[str, ...]],
        factor_ids: frozenset[str],
        today: dt.date,
    ) -> None:
        self.case, self.rules, self.pseudonym = case, rules, pseudonym
        self.purpose, self.on, self.lang = purpose, on, lang
        self.today = today  # the day of disclosure: consent must hold on it
        self.sessions: Counter[str] = Counter()
        self.reasons: Counter[tuple[str, dt.date | None]] = Counter()
        self.notes: Counter[str] = Counter()
        self.goals: Counter[str] = Counter()
        self.factors: Counter[str] = Counter()
        self.redactions: Counter[str] = Counter()
        self.leftovers: Counter[str] = Counter()
        self.used: set[str] = set()
        # Made when a text is first redacted (an internal audience keeps every text: it never is), so
        # that sharing without redacting does not load the detectors; at once with an organisation's
        # own detectors, so that a wrong one fails here as before.
        self.needs_redaction = any(a == "redact" for a in rules.fields.values())
        self.detectors, self.regions = detectors, regions
        self._redactor: Redactor | None = None
        if self.needs_redaction and detectors:
            self._redactor = self._make_redactor()
        self.start = case.opened or min((s.date for s in case.sessions), default=on)
        self.vocabularies, self.factor_ids = vocabularies, factor_ids
        # Ids are typed by caseworkers ("s1-visit-jonas"): an external audience gets s1, s2 ... by date,
        # g1 ... and c1 ... in the order of the case file, numbered over the whole case so that s3 is
        # the same session in every export and audit record of the case.
        self.ids: dict[tuple[str, str], str] = {}
        if not rules.internal:
            typed: tuple[tuple[str, Sequence[Session | Goal | Consent]], ...] = (
                ("s", case.chronological), ("g", case.goals), ("c", case.consents))  # fmt: skip
            for prefix, items in typed:
                self.ids.update({(prefix, x.id): f"{prefix}{i}" for i, x in enumerate(items, 1)})
            self.ids.update(conference_ids(case, self.ids))

    def _make_redactor(self) -> Redactor:
        from desistkit.sharing.redaction import KnownIdentifiers, Redactor

        known = KnownIdentifiers.from_identity(self.case.client)
        return Redactor(known, detectors=self.detectors, regions=self.regions)

    def _id(self, prefix: str, value: str) -> str:
        return self.ids.get((prefix, value), value)

    # --- consent ---------------------------------------------------------------------------

    def _consents(self, *, factor_id: str | None = None, topic: str | None = None) -> list[Consent]:
        return [
            c for c in self.case.consents
            if c.covers(audience=self.rules.name, purpose=self.purpose, on=self.today, factor_id=factor_id,
                        topic=topic)
        ]  # fmt: skip

    def _refusal(
        self, *, factor_id: str | None = None, topic: str | None = None
    ) -> tuple[str, dt.date | None]:
        kind, since = refusal(self.case.consents, audience=self.rules.name, purpose=self.purpose,
                              today=self.today, factor_id=factor_id, topic=topic)  # fmt: skip
        return kind, None if since is None else self._date(since, self.rules.action("session.date"))

    def _withhold(
        self, counts: Counter[str], why: tuple[str, dt.date | None], n: int = 1, shown: bool = True
    ) -> None:
        """Count ``n`` items withheld for a reason; ``shown``: the audience sees their place (structure)."""
        counts[f"withheld_{why[0]}"] += n
        if shown and n:
            self.reasons[why] += n

    def _consented(self, *, factor_id: str | None = None, topic: str | None = None) -> bool:
        if self.rules.internal:
            return True
        found = self._consents(factor_id=factor_id, topic=topic)
        self.used.update(self._id("c", c.id) for c in found)
        return bool(found)

    # --- pieces ----------------------------------------------------------------------------

    def _text(self, text: str, action: str) -> str:
        if action == "keep":
            return text
        if action == "drop" or not self.needs_redaction:
            return WITHHELD
        from desistkit.sharing.redaction import leftovers  # loaded with the redactor

        if self._redactor is None:
            self._redactor = self._make_redactor()
        redacted = self._redactor.redact(text, self.lang, neutral=True)
        self.redactions.update(f.type.value for f in redacted.findings)
        self.leftovers.update(found.kind for found in leftovers(redacted.text, self.lang))
        return redacted.text

    def _note(
        self,
        note: Note,
        refused: tuple[str, dt.date | None] | None,
        field: str = "note.text",
        counts: Counter[str] | None = None,
    ) -> Note:
        """``refused``: why consent does not cover the note's factor; None when it does. ``field``:
        the policy field for its words; ``counts``: where the audit counts it (default: notes)."""
        counts = self.notes if counts is None else counts
        if self.rules.internal:
            counts["shared"] += 1
            return note
        action = self.rules.action(field)
        if not note.shareable:
            self._withhold(counts, ("not_shareable", None))
            return Note(WITHHELD, note.perspective)
        if refused is not None:
            self._withhold(counts, refused)
            return Note(WITHHELD, note.perspective)
        if action == "drop":
            counts["dropped_by_policy"] += 1
            return Note(WITHHELD, note.perspective)
        counts["shared"] += 1
        return Note(self._text(note.text, action), note.perspective, shareable=True)

    def _date(self, day: dt.date, action: str) -> dt.date:
        if action == "keep":
            return day
        if action == "generalise:month":
            return day.replace(day=1)
        week = max((day - self.start).days // 7, 0)
        return _WEEK_ANCHOR + dt.timedelta(weeks=week)

    def _typed(self, value: str, field: str, vocabulary: str, kind: str) -> str:
        """A typed name under the field's action (``keep`` is for internal audiences only)."""
        if self.rules.action(field) == "keep":
            return value
        return catalogued(value, self.vocabularies.get(vocabulary, ()), kind)

    def _team(self) -> tuple[TeamMember, ...]:
        if self.rules.action("team") == "drop":
            return ()
        return tuple(
            attrs.evolve(m, agency=self._typed(m.agency, "team", "agencies", "agency"),
                         role=self._typed(m.role, "team", "roles", "role"))
            for m in self.case.team
        )  # fmt: skip

    def _programme(self) -> str | None:
        if self.case.programme is None or self.rules.action("programme") == "drop":
            return None
        return self._typed(self.case.programme, "programme", "programmes", "programme")

    def _known_factor(self, factor_id: str) -> bool:
        return self.rules.internal or factor_id in self.factor_ids

    def _reflection(
        self,
        r: FactorReflection,
        text: str = "note.text",
        ratings: str = "ratings",
        counts: Counter[str] | None = None,
    ) -> FactorReflection | None:
        """A session's reflection, or an agency's in a conference contribution (``text`` and
        ``ratings``: the policy fields; ``counts``: where the audit counts its notes)."""
        counts = self.notes if counts is None else counts
        if not self._known_factor(r.factor_id):
            self.factors["dropped_unknown_factor"] += 1
            counts["dropped_unknown_factor"] += len(r.all_notes)
            return None
        consented = self._consented(factor_id=r.factor_id)
        refused = None if consented else self._refusal(factor_id=r.factor_id)
        if refused is not None and self.rules.unconsented == "drop":
            self.factors["dropped_no_consent"] += 1
            self._withhold(counts, refused, len(r.all_notes), shown=False)
            return None

        def notes(items: tuple[Note, ...]) -> tuple[Note, ...]:
            return tuple(self._note(n, refused, text, counts) for n in items)

        shared = r.map_notes(notes)
        if self.rules.action(ratings) == "drop":
            shared = attrs.evolve(
                shared, rating=None, valence=Valence.UNCLEAR, client_priority=None, caseworker_priority=None
            )
        return shared

    def _relationship(self, wr: WorkingRelationship | None) -> WorkingRelationship | None:
        if wr is None or self.rules.action("working_relationship") == "drop":
            return None
        consented = self._consented(topic="working_relationship")
        if not consented and self.rules.unconsented == "drop":
            return None
        note = None
        action = self.rules.action("working_relationship.note")
        if wr.note is not None:
            if self.rules.internal:
                note = wr.note
            elif wr.note.shareable and consented and action != "drop":
                note = Note(self._text(wr.note.text, action), wr.note.perspective, shareable=True)
        return WorkingRelationship(wr.rating, note=note)

    def _handover_note(self) -> Note | None:
        """The note for the next caseworker goes where a note would: shareable, consented (topic
        ``handover_note``), redacted by the policy's rule for note texts."""
        note = self.case.handover_note
        if note is None or self.rules.internal:
            return note
        refused = None if self._consented(topic="handover_note") else self._refusal(topic="handover_note")
        if not note.shareable or refused is not None:
            self._withhold(self.notes, refused or ("not_shareable", None), shown=False)
            return None
        if self.rules.action("note.text") == "drop":
            self.notes["dropped_by_policy"] += 1
            return None
        self.notes["shared"] += 1
        return Note(self._text(note.text, self.rules.action("note.text")), note.perspective, shareable=True)

    def _closed(self) -> Closure | None:
        """The closing day is as precise as the opening day may be (``opened`` rules both)."""
        closed, action = self.case.closed, self.rules.action("opened")
        if closed is None or action == "drop":
            return None
        return attrs.evolve(closed, date=self._date(closed.date, action))

    def _session(self, s: Session) -> Session:
        reflections = tuple(r for r in map(self._reflection, s.reflections) if r is not None)
        return Session(
            id=self._id("s", s.id),
            date=self._date(s.date, self.rules.action("session.date")),
            kind=s.kind,
            reflections=reflections,
            working_relationship=self._relationship(s.working_relationship),
        )

    def _goal(self, g: Goal) -> Goal | None:
        if not self.rules.internal:  # a goal as it stood on the export date
            if g.history[0].date > self.on:
                self.goals["after_export_date"] += 1
                return None
            g = attrs.evolve(g, history=tuple(h for h in g.history if h.date <= self.on))
        date_action = self.rules.action("goal.dates")
        refused: tuple[str, dt.date | None] | None = None
        if not self.rules.internal and not g.shareable:
            refused = ("not_shareable", None)
        elif not self.rules.internal and not self._consented(topic="goals"):
            refused = self._refusal(topic="goals")
        allowed = refused is None
        if refused is not None and self.rules.unconsented == "drop":
            self.goals["dropped"] += 1
            return None
        wording_action = self.rules.action("goal.wording")
        if refused is not None:
            wording = WITHHELD
            self._withhold(self.goals, refused)
        elif wording_action != "drop":
            wording = self._text(g.wording, wording_action)
            self.goals["shared"] += 1
        else:
            wording = WITHHELD
            self.goals["dropped_by_policy"] += 1
        if date_action == "drop":
            history = tuple(StatusChange(h.status, _WEEK_ANCHOR) for h in g.history[-1:])
            review = None
        else:
            history = tuple(StatusChange(h.status, self._date(h.date, date_action)) for h in g.history)
            review = self._date(g.review_date, date_action) if g.review_date else None
        owner = g.owner_role
        if owner is not None:
            owner = None if self.rules.action("goal.owner_role") == "drop" else (
                self._typed(owner, "goal.owner_role", "roles", "role"))  # fmt: skip
        factors = tuple(f for f in g.factors if self._known_factor(f))
        return attrs.evolve(g, id=self._id("g", g.id), wording=wording, history=history, review_date=review,
                            owner_role=owner, factors=factors, shareable=g.shareable and allowed)  # fmt: skip

    def _age_band(self) -> str | None:
        birth = self.case.client.birth_date if self.case.client else None
        if self.rules.action("client") != "generalise:age-band" or birth is None:
            return None
        age = self.on.year - birth.year - ((self.on.month, self.on.day) < (birth.month, birth.day))
        if age < 18:
            return "<18"
        if age >= 55:
            return "55+"
        bands = [(18, 20), (21, 24), (25, 29), (30, 34), (35, 44), (45, 54)]
        lo, hi = next(b for b in bands if b[0] <= age <= b[1])
        return f"{lo}-{hi}"

    def _in_export(self, s: Session) -> bool:
        shown = self.rules.internal or s.date <= self.on
        self.sessions["shared" if shown else "after_export_date"] += 1
        return shown

    def run(self, policy_source: str, at: dt.datetime) -> SharedCase:
        case, rules = self.case, self.rules
        sessions = tuple(self._session(s) for s in case.chronological if self._in_export(s))
        conferences = ConferenceSharer(self)
        shared_conferences = conferences.run()
        goals = tuple(g for g in map(self._goal, case.goals) if g is not None)
        reference = self.pseudonym(case.reference) if self.pseudonym else case.reference
        opened_action = rules.action("opened")
        shared = Case(
            reference=reference,
            setting=case.setting,
            programme=self._programme(),
            opened=None
            if opened_action == "drop" or case.opened is None
            else self._date(case.opened, opened_action),
            team=self._team(),
            sessions=sessions,
            goals=goals,
            consents=tuple(attrs.evolve(c, id=self._id("c", c.id)) for c in case.consents)
            if rules.action("consents") == "keep"
            else (),
            client=case.client if rules.action("client") == "keep" else None,
            closed=self._closed(),
            handover_note=self._handover_note(),
            conferences=shared_conferences,
        )
        date_action = rules.action("session.date")
        audit = AuditRecord(
            audience=rules.name,
            purpose=self.purpose,
            policy=policy_source,
            pseudonym_domain=self.pseudonym.domain if self.pseudonym else None,
            export_date=self.on,
            created_at=at,
            fields=dict(rules.fields),
            notes=dict(sorted(self.notes.items())),
            goals=dict(sorted(self.goals.items())),
            factors=dict(sorted(self.factors.items())),
            redactions=dict(self.redactions),
            leftovers=dict(sorted(self.leftovers.items())),
            consents_used=tuple(sorted(self.used, key=lambda c: (len(c), c))),
            sessions=dict(sorted(self.sessions.items())),
            conferences=dict(sorted(conferences.counts.items())),
            conference_notes=dict(sorted(conferences.notes.items())),
            actions=dict(sorted(conferences.actions.items())),
        )
        return SharedCase(
            case=shared,
            audience=rules.name,
            purpose=self.purpose,
            on=self.on,
            internal=rules.internal,
            dates=_PRECISION.get(date_action, "programme-week"),
            age_band=self._age_band(),
            audit=audit,
            precision={
                field: _PRECISION.get(rules.action(field), "programme-week")
                for field in ("session.date", "goal.dates", "opened", "conference.date", "action.dates")
            },
            withheld=tuple(WithheldReason(kind, since, n) for (kind, since), n in self.reasons.items()),
            token=_TOKEN,
        )
