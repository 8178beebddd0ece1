"""Case conferences through the audience rules: each agency's notes as session notes are shared.

An agency's contribution is a reflection like a session's, so each of its notes passes the same
per-note rules: marked shareable, covered by the client's consent for the factor, the audience and
the purpose, redacted under ``contribution.text``; valence, rating and priorities under
``contribution.ratings`` (the security audience sees those, not the words). Agreed actions,
recommendations and what the client was told are free text under the consent topic ``conference``.
Agency names and contact roles are typed names and follow the ``team`` rule; an agency not on the
organisation's list becomes a numbered neutral word ("[Agency] 2"), the same number for the same
agency at every conference of the case, so that the comparison of agencies still works.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from desistkit.core.model import (
    ActionStatusChange,
    AgreedAction,
    Case,
    Conference,
    Contribution,
    Note,
    Participant,
    SessionKind,
)
from desistkit.sharing._vocabulary import catalogued, generic
from desistkit.sharing._withheld import WITHHELD

if TYPE_CHECKING:
    from desistkit.sharing._share import _Sharer

__all__ = ["ConferenceSharer", "conference_ids"]

TOPIC = "conference"
"""The consent topic that covers agreed actions, recommendations and what the client was told."""

_WEEK_ANCHOR = dt.date(2000, 1, 3)  # as in _share: a dropped date becomes this Monday


def conference_ids(case: Case, session_ids: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """External ids of the recorded conferences: ``cc1``, ``cc2`` ... by date over the whole case. A
    conference recorded under the id of a ``case_conference`` session (which it replaces in
    [Case.conference_history][desistkit.Case.conference_history]) takes that session's new id, so the
    shared case's history holds the same conferences as the team's."""
    sessions = {s.id for s in case.sessions if s.kind is SessionKind.CASE_CONFERENCE}
    ids: dict[tuple[str, str], str] = {}
    n = 0
    for c in sorted(case.conferences, key=lambda c: c.date):
        if c.id in sessions and ("s", c.id) in session_ids:
            ids[("cc", c.id)] = session_ids[("s", c.id)]
        else:
            n += 1
            ids[("cc", c.id)] = f"cc{n}"
    return ids


def _agency_names(case: Case, allowed: tuple[str, ...], action: str) -> dict[str, str]:
    """Every agency named at a conference -> what the audience sees. Distinct agencies stay
    distinct: contributions and participants are one per agency."""
    typed = list(
        dict.fromkeys(
            name
            for c in sorted(case.conferences, key=lambda c: c.date)
            for name in (
                *(p.agency for p in c.participants),
                *(x.agency for x in c.contributions),
                *(a.owner for a in c.actions),
            )
        )
    )
    if action == "keep":
        return {name: name for name in typed}
    listed = {name: catalogued(name, allowed if action == "catalogue" else (), "agency") for name in typed}
    spelled = Counter(v for v in listed.values())
    names: dict[str, str] = {}
    unlisted = 0
    for name in typed:
        if listed[name] == generic("agency") or spelled[listed[name]] > 1:
            unlisted += 1
            names[name] = f"{generic('agency')} {unlisted}"
        else:
            names[name] = listed[name]
    return names


class ConferenceSharer:
    """The conference part of one share() run; it uses the run's consent, note and date rules."""

    def __init__(self, sharer: _Sharer) -> None:
        self.s = sharer
        rules = sharer.rules
        self.counts: Counter[str] = Counter()  # conferences shared and left out
        self.notes: Counter[str] = Counter()  # notes of contributions, recommendations, client told
        self.actions: Counter[str] = Counter()
        self.agencies = _agency_names(sharer.case, tuple(sharer.vocabularies.get("agencies", ())),
                                      rules.action("team"))  # fmt: skip

    def run(self) -> tuple[Conference, ...]:
        s = self.s
        shown = []
        for c in s.case.conferences:  # in the case file's order (numbered by date: conference_ids)
            if s.rules.internal or c.date <= s.on:
                self.counts["shared"] += 1
                shown.append(self._conference(c))
            else:
                self.counts["after_export_date"] += 1
        return tuple(shown)

    # --- pieces ----------------------------------------------------------------------------

    def _date(self, day: dt.date | None) -> dt.date | None:
        return None if day is None else self.s._date(day, self.s.rules.action("conference.date"))

    def _owners_from_team(self, c: Conference) -> tuple[Participant, ...]:
        """Under ``team = "drop"`` the team is not shared, so an action's owner from the team who did
        not take part is listed as a participant (numbered, no role): "who does what" keeps a who
        that the shared case names, and the shared case stays a valid case file."""
        if self.s.rules.action("team") != "drop":
            return ()
        at = {p.agency for p in c.participants} | set(c.agencies)
        extra = dict.fromkeys(a.owner for a in c.actions if a.owner not in at)
        return tuple(Participant(self.agencies[owner], generic("role")) for owner in extra)

    def _participants(self, participants: Iterable[Participant]) -> tuple[Participant, ...]:
        # Under "drop" the agencies stay as numbered neutral words (an action's owner names one)
        # and no contact role goes out.
        dropped = self.s.rules.action("team") == "drop"

        def role(value: str) -> str:
            return generic("role") if dropped else self.s._typed(value, "team", "roles", "role")

        shown = [Participant(self.agencies[p.agency], role(p.contact_role)) for p in participants]
        return tuple(shown)

    def _contribution(self, x: Contribution) -> Contribution:
        s = self.s
        reflections = (s._reflection(r, "contribution.text", "contribution.ratings", self.notes)
                       for r in x.reflections)  # fmt: skip
        self.counts["contributions"] += 1
        return Contribution(
            agency=self.agencies[x.agency],
            reflections=tuple(r for r in reflections if r is not None),
            written=self._date(x.written),
        )

    def _consent(self, shareable: bool) -> tuple[str, dt.date | None] | None:
        """Why a text under the topic ``conference`` may not go out; None when it may."""
        if self.s.rules.internal:
            return None
        if not shareable:
            return ("not_shareable", None)
        return None if self.s._consented(topic=TOPIC) else self.s._refusal(topic=TOPIC)

    def _note(self, note: Note, field: str) -> Note | None:
        """A recommendation or what the client was told: None when the audience is not told of it."""
        s = self.s
        refused = self._consent(note.shareable)
        if refused is not None and refused[0] != "not_shareable" and s.rules.unconsented == "drop":
            s._withhold(self.notes, refused, shown=False)
            return None
        return s._note(note, refused, field, self.notes)

    def _owner(self, owner: str, c: Conference) -> str:
        """An owner at the conference is named as there; one from the case team as the team is."""
        at = {p.agency for p in c.participants} | set(c.agencies)
        if owner in at or self.s.rules.action("team") == "drop":
            return self.agencies[owner]
        return self.s._typed(owner, "team", "agencies", "agency")

    def _action(self, a: AgreedAction, number: int, c: Conference) -> AgreedAction | None:
        s = self.s
        history = a.history
        if not s.rules.internal:  # an action as it stood on the export date, like a goal
            if a.history[0].date > s.on:
                self.actions["after_export_date"] += 1
                return None
            history = tuple(h for h in a.history if h.date <= s.on)
        refused = self._consent(a.shareable)
        if refused is not None and s.rules.unconsented == "drop":
            s._withhold(self.actions, refused, shown=False)
            return None
        what_action = s.rules.action("action.what")
        if refused is not None:
            what = WITHHELD
            s._withhold(self.actions, refused)
        elif what_action == "drop":
            what = WITHHELD
            self.actions["dropped_by_policy"] += 1
        else:
            what = s._text(a.what, what_action)
            self.actions["shared"] += 1
        dates = s.rules.action("action.dates")
        if dates == "drop":
            history = (ActionStatusChange(history[-1].status, _WEEK_ANCHOR),)
            due = None
        else:
            history = tuple(ActionStatusChange(h.status, s._date(h.date, dates)) for h in history)
            due = None if a.due is None else s._date(a.due, dates)
        return AgreedAction(
            id=a.id if s.rules.internal else f"a{number}",
            what=what,
            owner=self._owner(a.owner, c),
            due=due,
            factors=tuple(f for f in a.factors if s._known_factor(f)),
            history=history,
            shareable=a.shareable and refused is None,
        )

    def _conference(self, c: Conference) -> Conference:
        actions = (self._action(a, i, c) for i, a in enumerate(c.actions, 1))
        recommendations = (self._note(n, "conference.recommendations") for n in c.recommendations)
        informed = c.client_informed
        return Conference(
            id=self.s._id("cc", c.id),
            date=self.s._date(c.date, self.s.rules.action("conference.date")),
            occasion=c.occasion,
            participants=(*self._participants(c.participants), *self._owners_from_team(c)),
            contributions=tuple(map(self._contribution, c.contributions)),
            actions=tuple(a for a in actions if a is not None),
            recommendations=tuple(n for n in recommendations if n is not None),
            client_informed=None if informed is None else self._note(informed, "conference.client_informed"),
            next_date=self._date(c.next_date),
        )
