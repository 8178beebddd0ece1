"""The conference deck: how the agencies at a multi-agency case conference see the client, where
their views differ, whether they came closer since the previous conference, and the action plan.

Takes a :class:`~desistkit.sharing.SharedCase`: the comparison is made from what the audience may
see, and withheld texts show as withheld. Slides: title (case, occasion, date, agencies with their
point-of-contact roles); the factor x agency grid per category with the CaseReflector's symbols,
differing factors marked, the agreement summary and the legend; one slide per category where views
differ, saying what differs in words and each agency's stance, valence, rating and priorities (the
factor's card questions and the chair's prompts in the speaker notes); convergence since the
previous conference when there was one; the action plan; recommendations and the next date.

What the deck says comes from :func:`desistkit.export.content.conference_content`; it is drawn with
the CaseReflector's writer, layout and fitting (:mod:`desistkit.export.deck`), so nothing overflows
in any language and the package is scrubbed, deterministic and schema-valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from desistkit.core.catalogue import Catalogue
from desistkit.export.content import conference_content
from desistkit.export.deck.slides_conference import (
    actions_slide,
    conference_title_slide,
    convergence_slide,
    divergence_slides,
    grid_slides,
    recommendations_slide,
)
from desistkit.export.deck.writer import Deck, Template
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = ["conference_pptx"]


def conference_pptx(
    shared: SharedCase,
    localizer: Localizer,
    *,
    conference: str | None = None,
    template: Template = None,
    layouts: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
    out: IO[bytes] | None = None,
) -> bytes:
    """The conference deck of ``conference`` (an id of ``case.conference_history``; default the
    latest) as .pptx bytes (also written to ``out`` if given).

    ``template`` and ``layouts`` as for the CaseReflector deck. Raises
    [UnknownConferenceError][desistkit.UnknownConferenceError] naming the case's conferences.
    """
    shared = require_shared(shared).localized(localizer)
    loc = localizer
    content = conference_content(shared, loc, catalogue, conference)
    deck = Deck(loc, template, layouts, loc.text("conference.title"))
    conference_title_slide(deck, content)
    grid_slides(deck, content)
    divergence_slides(deck, content)
    convergence_slide(deck, content)
    actions_slide(deck, content)
    recommendations_slide(deck, content)
    data = deck.save()
    if out is not None:
        out.write(data)
    return data
