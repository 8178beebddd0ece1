"""The options of each built-in document type: typed, with defaults, checked when made.

``DeckOptions(layouts={"title": "Cover"})`` or ``render(shared, "deck", layouts={...})``: a wrong
value raises :class:`~desistkit.OptionError` naming the option, what it takes and what was given.
The catalogue is an option of every document type (an organisation's own; default the built-in one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from os import PathLike
from types import MappingProxyType
from typing import IO, Any

import attrs

from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import OptionError
from desistkit.core.plugins import instance_of, one_of
from desistkit.i18n.localizer import Localizer
from desistkit.sharing import Policy

__all__ = [
    "BlankDeckOptions",
    "CardsOptions",
    "ConferenceDeckOptions",
    "ConsentSheetOptions",
    "DeckOptions",
    "GuideOptions",
    "MinutesOptions",
    "ProgrammeOptions",
    "SummaryOptions",
    "TextOptions",
    "TrackerOptions",
]

Template = str | PathLike[str] | IO[bytes] | None
CARD_SIZE_NAMES = ("a6", "poker")  # export.cards.CARD_SIZES, without importing fpdf2
CARD_LAYOUTS = ("single", "a4-duplex")
GUIDE_SIZE_NAMES = ("a4", "a5")  # export.guide.GUIDE_SIZES, without importing fpdf2
LAYOUT_ROLES = ("title", "content")

_catalogue = instance_of(Catalogue, "a Catalogue or None", optional=True)


def _template(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, (str, PathLike)) and not hasattr(value, "read"):
        raise OptionError(attribute.name, "a path, a binary stream or None", type(value).__name__)


def _layouts(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


def _check_layouts(_: object, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    for role, name in value.items():
        if role not in LAYOUT_ROLES or not isinstance(name, str) or not name:
            expected = "a mapping of 'title' or 'content' to a layout name"
            raise OptionError(attribute.name, expected, f"{role!r}: {type(name).__name__}")


@attrs.frozen(kw_only=True)
class TrackerOptions:
    """The Excel tracker of one case."""

    catalogue: Catalogue | None = attrs.field(default=None, validator=_catalogue)


@attrs.frozen(kw_only=True)
class SummaryOptions:
    """The Word case summary: ``template`` is an organisation's .docx (path or binary stream)."""

    template: Template = attrs.field(default=None, validator=_template)
    catalogue: Catalogue | None = attrs.field(default=None, validator=_catalogue)


@attrs.frozen(kw_only=True)
class MinutesOptions:
    """The minutes of a case conference: ``conference`` is its id as the shared case has it (None:
    the latest of ``Case.conference_history``)."""

    conference: str | None = attrs.field(
        default=None, validator=instance_of(str, "a conference id or None", optional=True)
    )
    catalogue: Catalogue | None = attrs.field(default=None, validator=_catalogue)


@attrs.frozen(kw_only=True)
class DeckOptions:
    """The CaseReflector deck: an organisation's .pptx ``template`` and the names of its
    ``layouts`` by role (``title``, ``content``; default PowerPoint's own names)."""

    template: Template = attrs.field(default=None, validator=_template)
    layouts: Mapping[str, str] = attrs.field(factory=dict, converter=_layouts, validator=_check_layouts)
    catalogue: Catalogue | None = attrs.field(default=None, validator=_catalogue)


def _agency(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    from desistkit.formats.deck import AGENCY_EXPECTED, agency_problem

    if value is None:
        return
    given = agency_problem(value) if isinstance(value, str) else type(value).__name__
    if given is not None:
        raise OptionError(attribute.name, AGENCY_EXPECTED, given)


@attrs.frozen(kw_only=True)
class BlankDeckOptions(DeckOptions):
    """The blank CaseReflector: the deck's options and how many empty ``goals`` rows; with
    ``agency``, the deck is that agency's contribution to a case conference (named on the title
    slide and in a box name the importer reads; no goals slide)."""

    goals: int = attrs.field(default=5, validator=instance_of(int, "a whole number of goal rows"))
    agency: str | None = attrs.field(default=None, validator=_agency)


@attrs.frozen(kw_only=True)
class ConferenceDeckOptions(DeckOptions):
    """The conference deck: the deck's options and which ``conference`` (an id of
    ``case.conference_history``; default: the latest)."""

    conference: str | None = attrs.field(
        default=None, validator=instance_of(str, "a conference id", optional=True)
    )


def _second_lang(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None or isinstance(value, Localizer):
        return
    if not isinstance(value, str):
        raise OptionError(attribute.name, "a language code, a Localizer or None", type(value).__name__)
    from desistkit.i18n.localizer import available_languages, negotiate

    try:
        negotiate(value)
    except LookupError:
        raise OptionError(attribute.name, f"one of {', '.join(available_languages())}", repr(value)) from None


def _factors(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen(kw_only=True)
class CardsOptions:
    """The DesistCards, as PDF or PowerPoint.

    ``second_lang`` prints a second language under the first; ``layout`` (PDF only) is ``single``
    (bleed and crop marks) or ``a4-duplex``; ``size`` is ``a6`` or ``poker``; ``category`` keeps one
    category's cards, ``factors`` only those factors' (e.g. ``export.cards.next_factors(case)``).
    """

    second_lang: str | Localizer | None = attrs.field(default=None, validator=_second_lang)
    layout: str = attrs.field(default="single", validator=one_of(*CARD_LAYOUTS))
    size: str = attrs.field(default="a6", validator=one_of(*CARD_SIZE_NAMES))
    category: str | None = attrs.field(
        default=None, validator=instance_of(str, "a category id", optional=True)
    )
    factors: tuple[str, ...] | None = attrs.field(default=None, converter=_factors)
    catalogue: Catalogue | None = attrs.field(default=None, validator=_catalogue)


@attrs.frozen(kw_only=True)
class GuideOptions:
    """The printed caseworker guide, as PDF or Word: ``size`` ``a4``, or ``a5`` (for the PDF an A5
    booklet, its page count a multiple of 4); the factor pages come from ``catalogue``."""

    size: str = attrs.field(default="a4", validator=one_of(*GUIDE_SIZE_NAMES))
    catalogue: Catalogue | None = attrs.field(default=None, validator=_catalogue)


def _threshold(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 2:
        raise OptionError(attribute.name, "a whole number of at least 2", repr(value))


@attrs.frozen(kw_only=True)
class ProgrammeOptions:
    """The programme tracker: counts below ``threshold`` suppressed; ``case_rows`` adds the
    row-level Cases sheet (leave it out for a funder); ``progress`` is called with the number of
    cases done."""

    catalogue: Catalogue | None = attrs.field(default=None, validator=_catalogue)
    threshold: int = attrs.field(default=5, validator=_threshold)
    case_rows: bool = attrs.field(default=True, validator=instance_of(bool, "True or False"))
    progress: Callable[[int], None] | None = attrs.field(default=None, eq=False)


@attrs.frozen(kw_only=True)
class TextOptions:
    """The plain-text overview: ``on`` is the reference day (default: the latest session)."""

    catalogue: Catalogue | None = attrs.field(default=None, validator=_catalogue)
    on: dt.date | None = attrs.field(default=None, validator=instance_of(dt.date, "a date", optional=True))


def _audiences(value: Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(kw_only=True)
class ConsentSheetOptions:
    """The client's consent sheet (PDF or Word).

    ``audiences``: the groups the client is asked about (default: every external audience of the
    policy); ``policy``: the organisation's sharing policy the sheet is read from (default built-in);
    ``legal_text``: what the organisation must pass on by law, in its own words (the sheet never
    states the law: without it, it asks the client to ask the caseworker); ``expires``: the last day
    the consent would hold (default: a line to write it on).
    """

    second_lang: str | Localizer | None = attrs.field(default=None, validator=_second_lang)
    audiences: tuple[str, ...] = attrs.field(default=(), converter=_audiences)
    policy: Any = attrs.field(default=None, validator=instance_of(Policy, "a Policy or None", optional=True))
    legal_text: str | None = attrs.field(
        default=None, validator=instance_of(str, "the organisation's text or None", optional=True)
    )
    expires: dt.date | None = attrs.field(
        default=None, validator=instance_of(dt.date, "a date or None", optional=True)
    )
    catalogue: Catalogue | None = attrs.field(default=None, validator=_catalogue)
