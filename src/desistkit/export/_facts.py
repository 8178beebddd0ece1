"""What every document says about a shared case under its title: setting, programme, period, export
date, and the pseudonym notice for external audiences. One list, so the documents agree."""

from __future__ import annotations

from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase

__all__ = ["case_facts"]


def case_facts(shared: SharedCase, loc: Localizer) -> list[str]:
    """The facts as lines in the localizer's language, dates as precise as the audience may see."""
    case, sessions = shared.case, shared.case.chronological
    facts = [f"{loc.text('document.setting')}: {loc.enum(case.setting)}"]
    if case.programme:
        facts.append(f"{loc.text('document.programme')}: {case.programme}")
    if sessions:
        start, end = shared.date_label(sessions[0].date, loc), shared.date_label(sessions[-1].date, loc)
        facts.append(loc.text("document.period", start=start, end=end))
    facts.append(loc.text("document.exported_on", date=loc.format_date(shared.on)))
    if not shared.internal:
        facts.append(loc.text("document.pseudonym_notice"))
    return facts
