"""The CaseReflector deck: the case's reflection on the distancing factors as a PowerPoint deck.

Takes a :class:`~desistkit.sharing.SharedCase`: what the audience may not see is already gone or
withheld. Slides: title with the audience marking; all factors at a glance; one reflection slide per
category (continued where needed) with what is known, assumed and open; goals; working relationship;
progress charts; since the last case conference; blind spots and open questions. Speaker notes carry
the caseworker's reflection prompts. :func:`blank_reflector_pptx` writes the empty CaseReflector for
reflection by hand; :func:`desistkit.importing.read_deck` reads either back.

What the deck says comes from :func:`desistkit.export.content.case_content`, as for the Word and
the plain-text summary; how it draws it is in :mod:`desistkit.export.deck`. Every text is measured
with the bundled font and shrunk within a minimum size; what still does not fit continues on a
continuation slide, so nothing overflows in any language. Shapes carry stable names
(``<factor id>:known``, ``goal:<id>:status``, ...) so that reading a deck back never depends on
positions. Charts are native and editable. The package goes through the common scrubber: neutral
metadata, deterministic bytes (also inside the charts' workbooks), schema-valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import OptionError, TemplateError
from desistkit.export.content import blank_categories, case_content
from desistkit.export.deck.slides import (
    STANCE_SYMBOLS,
    VALENCE_SYMBOLS,
    blank_goals_slide,
    blank_title_slide,
    goals_slide,
    priorities_hint,
    prompts,
    questions_slide,
    since_slide,
    title_slide,
)
from desistkit.export.deck.slides_charts import progress_slides, relationship_slide
from desistkit.export.deck.slides_factors import overview_slides, reflection_slide
from desistkit.export.deck.writer import DEFAULT_LAYOUTS, Deck, Template
from desistkit.formats import deck as contract
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = [
    "DEFAULT_LAYOUTS",
    "STANCE_SYMBOLS",
    "VALENCE_SYMBOLS",
    "TemplateError",
    "blank_reflector_pptx",
    "reflector_pptx",
]


def reflector_pptx(
    shared: SharedCase,
    localizer: Localizer,
    *,
    template: Template = None,
    layouts: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
    out: IO[bytes] | None = None,
) -> bytes:
    """The CaseReflector deck of a shared case as .pptx bytes (also written to ``out`` if given).

    ``template`` is an organisation's .pptx (path or binary stream); its sample slides are dropped
    and the layouts named in ``layouts`` (roles ``title`` and ``content``, defaults
    :data:`DEFAULT_LAYOUTS`) are used. A missing layout raises :class:`TemplateError` naming it.
    """
    shared = require_shared(shared).localized(localizer)
    loc = localizer
    content = case_content(shared, loc, catalogue)
    deck = Deck(loc, template, layouts, loc.text("product.case_reflector"))
    notes = prompts(loc)
    title_slide(deck, content.title)
    overview_slides(deck, content.categories)
    for category in content.categories:
        reflection_slide(deck, category, notes)
    goals_slide(deck, content.goals)
    relationship_slide(deck, content)
    progress_slides(deck, content)
    since_slide(deck, content)
    questions_slide(deck, content, [loc.text("reflector.prompts.next_time"), *notes[:1]])
    data = deck.save()
    if out is not None:
        out.write(data)
    return data


def blank_reflector_pptx(
    localizer: Localizer,
    *,
    template: Template = None,
    layouts: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
    goals: int = 5,
    agency: str | None = None,
    out: IO[bytes] | None = None,
) -> bytes:
    """An empty CaseReflector for reflection by hand: the factor table and stance columns ready to fill.

    Boxes carry the same names as in a generated deck, so a filled deck can be read back with
    :func:`desistkit.importing.read_deck`. With ``agency``, the deck is that agency's contribution
    to a case conference: the title slide says so (and a box name says it to the importer), and
    there is no goals slide (goals are agreed with the client, not brought by one agency).
    A wrong agency name raises :class:`~desistkit.OptionError`.
    """
    loc = localizer
    if agency is not None:
        given = contract.agency_problem(agency) if isinstance(agency, str) else type(agency).__name__
        if given is not None:
            raise OptionError("agency", contract.AGENCY_EXPECTED, given)
    deck = Deck(loc, template, layouts, loc.text("product.case_reflector"))
    notes = [*prompts(loc), priorities_hint(loc)]
    blank_title_slide(deck, notes, agency)
    for category in blank_categories(loc, catalogue):
        reflection_slide(deck, category, notes, blank=True)
    if agency is None:
        blank_goals_slide(deck, goals, notes)
    data = deck.save()
    if out is not None:
        out.write(data)
    return data
