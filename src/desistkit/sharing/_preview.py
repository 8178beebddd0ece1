"""The share preview: what goes out, what is withheld and why, what was removed (counts only).

Pure: lines of text from a SharedCase. The command line prints them (``desistkit share
--preview``); a web application can show them before a download.
"""

from __future__ import annotations

from typing import Any

from desistkit.sharing._share import SharedCase, withheld_reasons
from desistkit.sharing._withheld import WithheldReason
from desistkit.sharing.redaction import leftovers

__all__ = ["leftover_places", "preview_lines"]

_STANCES = ("known", "assumed", "open", "gender_lens", "discrimination")
_WHY = {
    "consent_withdrawn": "consent withdrawn",
    "consent_expired": "consent expired",
    "no_consent": "no consent for this audience",
    "not_shareable": "not marked shareable",
}


def _reason(shared: SharedCase, reason: WithheldReason, localizer: Any) -> str:
    text = f"  withheld: {_WHY[reason.kind]}"
    if reason.since is not None:
        day = shared.date_precision() == "day"
        text += f" {'on' if day else 'in'} {shared.date_label(reason.since, localizer)}"
    return f"{text} ({reason.count})"


def preview_lines(shared: SharedCase, localizer: Any) -> list[str]:
    """The preview of a shared case, line by line, with its texts in the localizer's language.

    Ids are the ones the audience gets (renumbered for external audiences); dates of withheld
    consent are as precise as the audience's session dates. The wording around them is English,
    like the rest of the command line.
    """
    shared = shared.localized(localizer)
    audit = shared.audit
    withheld = str(localizer.text("document.withheld"))
    checked = f", consent checked on {audit.created_at.date().isoformat()}"
    audience = f"audience {shared.audience} (purpose {shared.purpose})"
    lines = [
        f"{audience}, export date {shared.on.isoformat()}{checked}",
        f"case {shared.case.reference}; dates shown as: {shared.dates}",
        "",
        "What goes out:",
    ]
    for s in shared.case.chronological:
        for r in s.reflections:
            for stance in _STANCES:
                for note in getattr(r, stance):
                    if not shared.is_withheld(note.text):
                        lines.append(f"  {s.id} {r.factor_id} [{stance}] {note.text}")
    for g in shared.case.goals:
        wording = withheld if shared.is_withheld(g.wording) else g.wording
        lines.append(f"  goal {g.id}: {wording} ({g.status.value})")
    reasons = withheld_reasons(shared)
    if reasons:
        lines += ["", "Withheld, and why:", *(_reason(shared, r, localizer) for r in reasons)]
    lines += ["", "What is removed (counts only):"]
    counts = (
        ("notes", audit.notes),
        ("goals", audit.goals),
        ("factors", audit.factors),
        ("sessions", audit.sessions),
        ("replaced in text", audit.redactions),
    )
    for title, values in counts:
        shown = ", ".join(f"{k} {v}" for k, v in values.items()) or "none"
        lines.append(f"  {title}: {shown}")
    lines.append(f"  consents used: {', '.join(audit.consents_used) or 'none'}")
    found = leftover_places(shared, str(localizer.language))
    if found:
        lines += ["", "Still looks like an identifier (check, then redact by hand; --strict refuses):"]
        lines += [f"  {where}: {kind}" for where, kind in found]
    return lines


def leftover_places(shared: SharedCase, lang: str = "en") -> list[tuple[str, str]]:
    """Where the texts that go out still hold something that looks like an identifier: the place
    (session, factor, stance; goal) and the kind, never the value. ``lang``: the notes' language."""
    language = lang
    places: list[tuple[str, str]] = []
    for s in shared.case.chronological:
        for r in s.reflections:
            for stance in _STANCES:
                for n, note in enumerate(getattr(r, stance)):
                    if not shared.is_withheld(note.text):
                        where = f"{s.id} {r.factor_id} [{stance}] note {n + 1}"
                        places += [(where, f.kind) for f in leftovers(note.text, language)]
    for g in shared.case.goals:
        if not shared.is_withheld(g.wording):
            places += [(f"goal {g.id}", f.kind) for f in leftovers(g.wording, language)]
    return places
