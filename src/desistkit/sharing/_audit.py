"""The audit record of an export: what was shared and removed, and why; counts, never values."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import attrs

from desistkit._version import __version__

__all__ = ["AuditRecord"]


@attrs.frozen
class AuditRecord:
    """What an export removed and why: counts and rules, never a removed value.

    Store it next to every document that leaves the team (``to_json()``): it answers "what did we
    share with whom, under which rules and consent" without holding any personal data itself.
    """

    audience: str
    """The audience the export was made for."""
    purpose: str
    """The purpose the consent had to cover."""
    policy: str
    """Which policy applied: ``built-in`` or the organisation's policy file name."""
    pseudonym_domain: str | None
    """The pseudonym domain, or None where the audience keeps the real reference."""
    export_date: dt.date
    """The export date: sessions after it are not shared (``share(on=...)``)."""
    created_at: dt.datetime = attrs.field(validator=attrs.validators.instance_of(dt.datetime))
    """The moment of disclosure (``share(now=...)``, else the clock): consent was checked on its day.
    Always set: an audit record says when its export was made."""
    fields: Mapping[str, str]
    """The policy's action for each field (``keep``, ``pseudonymise``, ``generalise:month`` ...)."""
    notes: Mapping[str, int]
    """Notes shared and withheld, by reason (``shared``, ``withheld_no_consent``, ...)."""
    goals: Mapping[str, int]
    """Goals shared and withheld."""
    factors: Mapping[str, int]
    """Factors shared as structure only or dropped, by what happened to them."""
    redactions: Mapping[str, int]
    """Replacements in free text by type (``person``, ``phone``, ...): counts, never the values."""
    consents_used: tuple[str, ...]
    """Ids of the consent records that allowed something to be shared."""
    library_version: str = __version__
    """The desistkit version that made the export."""
    sessions: Mapping[str, int] = attrs.field(factory=dict)
    """Sessions ``shared`` and left out as ``after_export_date``."""
    leftovers: Mapping[str, int] = attrs.field(factory=dict)
    """What still looks like an identifier in the redacted text, by kind (``digits``, ``link``,
    ``at_sign``, ``capitalised``, ``mixed``): counts, never the values. ``share --strict`` refuses
    an export while any remain."""
    conferences: Mapping[str, int] = attrs.field(factory=dict)
    """Case conferences ``shared`` and left out as ``after_export_date``; ``contributions``: how
    many agencies' contributions went out with them."""
    conference_notes: Mapping[str, int] = attrs.field(factory=dict)
    """The notes of the conferences (each agency's notes, recommendations, what the client was
    told), shared and withheld by reason, like ``notes``."""
    actions: Mapping[str, int] = attrs.field(factory=dict)
    """Agreed actions shared and withheld, like ``goals``."""

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data (keys as in ``to_json()``)."""
        return {
            "desistkit": self.library_version,
            "audience": self.audience,
            "purpose": self.purpose,
            "policy": self.policy,
            "pseudonym_domain": self.pseudonym_domain,
            "export_date": self.export_date.isoformat(),
            "created_at": self.created_at.isoformat(),
            "consent_checked_on": self.created_at.date().isoformat(),
            "fields": dict(self.fields),
            "sessions": dict(self.sessions),
            "notes": dict(self.notes),
            "goals": dict(self.goals),
            "conferences": dict(self.conferences),
            "conference_notes": dict(self.conference_notes),
            "actions": dict(self.actions),
            "factors": dict(self.factors),
            "redactions": dict(sorted(self.redactions.items())),
            "leftovers": dict(sorted(self.leftovers.items())),
            "consents_used": list(self.consents_used),
        }

    def to_json(self) -> str:
        """The record as indented JSON with a final newline, to store beside the document."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
