"""The share preview: what goes out, what is withheld and why, what was removed (counts only).

Pure: lines of text from a SharedCase. The command line prints them (``desistkit share
--preview``); a web application can show them before a download.
"""

from __future__ import annotations

from typing import Any

from desistkit.sharing._share import SharedCase, withheld_reasons
from desistkit.sharing._withheld import WithheldReason

__all__ = ["leftover_places", "preview_lines", "withheld_sentence", "withheld_sentences"]

_STANCES = ("known", "assumed", "open", "gender_lens", "discrimination")


def withheld_sentence(shared: SharedCase, reason: WithheldReason, localizer: Any) -> str:
    """Why texts were withheld, and since when, in the localizer's language: "Withheld: consent
    expired on 7 April 2026" (a day in the locale's long format), "... in April 2026" (a month or a
    programme week, as precise as the audience's session dates), "Withheld: no consent for this
    audience". The same sentence in the share preview and in every document."""
    if reason.since is None:
        return str(localizer.text(f"withheld.{reason.kind}"))
    if shared.date_precision() == "day":
        day = localizer.format_date(reason.since, "long")
        return str(localizer.text(f"withheld.{reason.kind}_on", date=day))
    return str(localizer.text(f"withheld.{reason.kind}_in", date=shared.date_label(reason.since, localizer)))


def withheld_sentences(shared: SharedCase, localizer: Any) -> list[str]:
    """:func:`withheld_sentence` for every reason texts were withheld from the audience, in the
    order of :func:`~desistkit.sharing.withheld_reasons` (one sentence per reason and day)."""
    found: list[str] = []
    for reason in withheld_reasons(shared):
        sentence = withheld_sentence(shared, reason, localizer)
        if sentence not in found:
            found.append(sentence)
    return found


def preview_lines(shared: SharedCase, localizer: Any) -> list[str]:
    """The preview of a shared case, line by line, with its texts in the localizer's language.

    Ids are the ones the audience gets (renumbered for external audiences); dates of withheld
    consent are as precise as the audience's session dates. The reasons for withheld texts are the
    sentences the documents carry (:func:`withheld_sentence`); the wording around them is English,
    like the rest of the command line.
    """
    shared = shared.localized(localizer)
    audit = shared.audit
    withheld = str(localizer.text("withheld.wording"))  # a goal's wording: "(wording not released)"
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
    for where, text in _conference_texts(shared):
        lines.append(f"  {where} {text}")
    for c in shared.case.conferences:
        for a in c.actions:
            what = withheld if shared.is_withheld(a.what) else a.what
            lines.append(f"  action {c.id} {a.id} ({a.owner}): {what} ({a.status.value})")
    reasons = withheld_reasons(shared)
    if reasons:
        lines += ["", "Withheld, and why:"]
        lines += [f"  {withheld_sentence(shared, r, localizer)} ({r.count})" for r in reasons]
    lines += ["", "What is removed (counts only):"]
    counts = (
        ("notes", audit.notes),
        ("goals", audit.goals),
        ("factors", audit.factors),
        ("sessions", audit.sessions),
        ("conferences", audit.conferences),
        ("conference notes", audit.conference_notes),
        ("agreed actions", audit.actions),
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
    from desistkit.sharing.redaction import leftovers  # the patterns: not for withheld_sentences

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
    for where, text in _conference_texts(shared):
        places += [(where, f.kind) for f in leftovers(text, language)]
    for c in shared.case.conferences:
        for a in c.actions:
            if not shared.is_withheld(a.what):
                places += [(f"action {c.id} {a.id}", f.kind) for f in leftovers(a.what, language)]
    return places


def _conference_texts(shared: SharedCase) -> list[tuple[str, str]]:
    """Each text of the shared conferences that goes out, with its place: the conference, the
    agency, the factor and list, and the note's number there (never a removed value)."""
    found: list[tuple[str, str]] = []
    for c in shared.case.conferences:
        for x in c.contributions:
            for r in x.reflections:
                for stance in _STANCES:
                    for n, note in enumerate(getattr(r, stance), 1):
                        where = f"{c.id} {x.agency} {r.factor_id} [{stance}] note {n}"
                        found.append((where, note.text))
        for n, note in enumerate(c.recommendations, 1):
            found.append((f"{c.id} recommendation {n}", note.text))
        if c.client_informed is not None:
            found.append((f"{c.id} client informed", c.client_informed.text))
    return [(where, text) for where, text in found if not shared.is_withheld(text)]
