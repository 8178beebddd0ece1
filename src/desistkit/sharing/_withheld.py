"""Why a note or goal was withheld, and since when: the reasons a preview and a document can show.

"No consent" is not the whole story a caseworker or a reader needs: consent that ran out last month
asks for a conversation about renewing it; consent the client withdrew asks for something else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from desistkit.core.model import Consent

__all__ = ["REASONS", "WITHHELD", "WithheldReason", "refusal"]

WITHHELD = "\ue000withheld\ue000"
"""The text of a note or goal kept only as structure (its stance or status), without its words.
Exporters show the localised label ``document.withheld`` instead; see
[SharedCase.is_withheld][desistkit.SharedCase.is_withheld]."""

REASONS = ("consent_withdrawn", "consent_expired", "no_consent", "not_shareable")
"""The reasons, in the order they are shown; the audit counts each as ``withheld_<reason>``."""


@attrs.frozen
class WithheldReason:
    """Notes and goal wordings withheld for one reason, since one day.

    ``since`` is the day the consent ended (its withdrawal, or the last day it held), as precise as
    the audience's session dates (the first of the month for ``generalise:month``); None for
    consent never given and for notes not marked shareable.
    """

    kind: str
    """One of :data:`REASONS`."""
    since: dt.date | None
    """The day the consent ended, generalised like the audience's session dates; or None."""
    count: int
    """How many notes and goal wordings were withheld for it."""


def refusal(
    consents: Iterable[Consent],
    *,
    audience: str,
    purpose: str,
    today: dt.date,
    factor_id: str | None = None,
    topic: str | None = None,
) -> tuple[str, dt.date | None]:
    """Why no consent covers a factor (or topic) today: the consent that covered it and ended most
    recently, withdrawn or expired, with the day it ended; else ``("no_consent", None)``.

    The latest ending decides: consent withdrawn and later renewed until it expired is "expired".
    """
    ended: list[tuple[dt.date, int, str]] = []
    for c in consents:
        if audience not in c.audiences or purpose not in c.purposes or c.given > today:
            continue
        if (factor_id not in c.factors) if factor_id is not None else (topic not in c.topics):
            continue
        if c.withdrawn is not None and c.withdrawn <= today:
            ended.append((c.withdrawn, 1, "consent_withdrawn"))
        elif c.expires is not None and c.expires < today:
            ended.append((c.expires, 0, "consent_expired"))
    if not ended:
        return "no_consent", None
    since, _, kind = max(ended)
    return kind, since
