"""Every document type by name: the built-in ones, an organisation's own, and how to render each.

    render(shared, "deck", lang="de", layouts={"title": "Cover"})    # bytes
    exporters()["summary"].extensions                                 # ('.docx',)

An :class:`Exporter` says what a document type is (name, description, file extensions, media
type), what it is made from (:class:`Takes`: nothing, one shared case, or many), its options class
and the function that writes it into a binary stream. An organisation's package adds its own under
the entry-point group ``desistkit.exporters`` (see docs/exporters.md), or a service calls
:func:`register_exporter`.
"""

from __future__ import annotations

import enum
import functools
import io
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any, Generic, TypeVar

import attrs

from desistkit.core.errors import SharingError
from desistkit.core.plugins import Registry, make_options, option_names
from desistkit.export import options as opts
from desistkit.i18n.localizer import Localizer, get_localizer
from desistkit.sharing import SharedCase, require_shared

__all__ = ["ENTRY_POINT_GROUP", "Exporter", "Takes", "exporters", "register_exporter", "render"]

ENTRY_POINT_GROUP = "desistkit.exporters"

Opts = TypeVar("Opts")

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
TEXT = "text/plain; charset=utf-8"


class Takes(enum.Enum):
    """What a document is made from."""

    NOTHING = "nothing"  #: no case: the blank deck, the cards (``source`` is None)
    CASE = "case"  #: one SharedCase
    CASES = "cases"  #: an iterable of SharedCases, read once (shared for one audience on one day)


Writer = Callable[[Any, Localizer, Opts, IO[bytes]], object]
"""``write(source, localizer, options, out) -> summary or None``: the document into ``out``."""


@attrs.frozen
class Exporter(Generic[Opts]):
    """A document type: what it is, what it is made from, its options and its writer.

    ``extensions`` are the file name endings it is written under, the usual one first; ``internal``
    marks a document for the caseworker's own use that refuses a case shared for anyone else.
    """

    name: str
    description: str
    extensions: tuple[str, ...]
    media_type: str
    takes: Takes
    options: type[Opts]
    write: Writer[Opts] = attrs.field(repr=False)
    internal: bool = False

    @property
    def suffix(self) -> str:
        """The usual file name ending, e.g. ``.pptx``."""
        return self.extensions[0]

    @property
    def option_names(self) -> tuple[str, ...]:
        """The names of the options it takes."""
        return option_names(self.options)

    def make_options(self, options: Opts | None = None, **given: Any) -> Opts:
        """The options as given, or made from keyword arguments (:class:`~desistkit.OptionError`)."""
        return make_options(self.options, options, given)

    def render(self, source: Any, localizer: Localizer, options: Opts | None = None) -> bytes:
        """The document as bytes; ``source`` is None, a SharedCase or SharedCases (see ``takes``)."""
        out = io.BytesIO()
        self.write_to(source, localizer, options, out)
        return out.getvalue()

    def write_to(self, source: Any, localizer: Localizer, options: Opts | None, out: IO[bytes]) -> object:
        """The document into a binary stream, after checking ``source`` against ``takes``."""
        if self.takes is Takes.NOTHING and source is not None:
            raise TypeError(f"{self.name!r} is made from no case: pass None, not {type(source).__name__}")
        if self.takes is Takes.CASE:
            shared = require_shared(source)
            if self.internal and not shared.internal:
                raise SharingError(
                    f"{self.name!r} is for the caseworker's own use: share the case for 'internal', "
                    f"not {shared.audience!r}"
                )
        if self.takes is Takes.CASES and (source is None or isinstance(source, SharedCase)):
            raise TypeError(f"{self.name!r} is made from many shared cases: pass an iterable of SharedCase")
        return self.write(source, localizer, self.make_options(options), out)


# --- the built-in document types: thin adapters, each loading its document library on first use ---


def _deck(shared: SharedCase, loc: Localizer, o: opts.DeckOptions, out: IO[bytes]) -> None:
    from desistkit.export.reflector import reflector_pptx

    reflector_pptx(shared, loc, template=o.template, layouts=o.layouts, catalogue=o.catalogue, out=out)


def _blank_deck(_: None, loc: Localizer, o: opts.BlankDeckOptions, out: IO[bytes]) -> None:
    from desistkit.export.reflector import blank_reflector_pptx

    blank_reflector_pptx(
        loc,
        template=o.template,
        layouts=o.layouts,
        catalogue=o.catalogue,
        goals=o.goals,
        agency=o.agency,
        out=out,
    )


def _conference_deck(
    shared: SharedCase, loc: Localizer, o: opts.ConferenceDeckOptions, out: IO[bytes]
) -> None:
    from desistkit.export.conference import conference_pptx

    conference_pptx(
        shared,
        loc,
        conference=o.conference,
        template=o.template,
        layouts=o.layouts,
        catalogue=o.catalogue,
        out=out,
    )


def _summary(shared: SharedCase, loc: Localizer, o: opts.SummaryOptions, out: IO[bytes]) -> None:
    from desistkit.export.summary import summary_docx

    out.write(summary_docx(shared, loc, template=o.template, catalogue=o.catalogue))


def _minutes(shared: SharedCase, loc: Localizer, o: opts.MinutesOptions, out: IO[bytes]) -> None:
    from desistkit.export.minutes import minutes_docx

    out.write(minutes_docx(shared, loc, conference=o.conference, catalogue=o.catalogue))


def _tracker(shared: SharedCase, loc: Localizer, o: opts.TrackerOptions, out: IO[bytes]) -> None:
    from desistkit.export.tracker import tracker_xlsx

    out.write(tracker_xlsx(shared, loc, catalogue=o.catalogue))


def _programme(
    cases: Iterable[SharedCase], loc: Localizer, o: opts.ProgrammeOptions, out: IO[bytes]
) -> object:
    from desistkit.export.programme import programme_xlsx

    return programme_xlsx(
        cases,
        loc,
        out,
        catalogue=o.catalogue,
        threshold=o.threshold,
        case_rows=o.case_rows,
        progress=o.progress,
    )


def _cards(fmt: str) -> Writer[opts.CardsOptions]:
    def write(_: None, loc: Localizer, o: opts.CardsOptions, out: IO[bytes]) -> None:
        from desistkit.export.cards import cards_pdf, cards_pptx

        second = get_localizer(o.second_lang) if isinstance(o.second_lang, str) else o.second_lang
        make: Callable[..., bytes] = (
            functools.partial(cards_pdf, layout=o.layout) if fmt == "pdf" else cards_pptx
        )
        options = {"size": o.size, "factors": o.factors, "category": o.category, "catalogue": o.catalogue}
        out.write(make(loc, second=second, **options))

    return write


def _guide(fmt: str) -> Writer[opts.GuideOptions]:
    def write(_: None, loc: Localizer, o: opts.GuideOptions, out: IO[bytes]) -> None:
        from desistkit.export.guide import guide_docx, guide_pdf

        make = guide_pdf if fmt == "pdf" else guide_docx
        out.write(make(loc, size=o.size, catalogue=o.catalogue))

    return write


def _consent_sheet(fmt: str) -> Writer[opts.ConsentSheetOptions]:
    def write(shared: SharedCase, loc: Localizer, o: opts.ConsentSheetOptions, out: IO[bytes]) -> None:
        from desistkit.export import consent_sheet as sheet

        second = get_localizer(o.second_lang) if isinstance(o.second_lang, str) else o.second_lang
        given = {"audiences": o.audiences, "policy": o.policy, "legal_text": o.legal_text}
        blocks = sheet.sheet_blocks(
            shared, loc, second=second, expires=o.expires, catalogue=o.catalogue, **given
        )
        make = sheet.consent_sheet_pdf if fmt == "pdf" else sheet.consent_sheet_docx
        out.write(make(blocks, loc))

    return write


def _text(shared: SharedCase, loc: Localizer, o: opts.TextOptions, out: IO[bytes]) -> None:
    from desistkit.core.catalogue import default_catalogue
    from desistkit.export.text import text_summary

    catalogue = loc.catalogue(o.catalogue or default_catalogue())
    out.write(text_summary(shared.case, catalogue, on=o.on).encode("utf-8"))


_ABOUT = {
    "deck": "The CaseReflector deck of a case for an audience",
    "blank-deck": "An empty CaseReflector to fill by hand",
    "summary": "The Word case summary for an audience",
    "conference-minutes": "The Word minutes of a multi-agency case conference",
    "tracker": "The Excel tracker of a case: sessions, goals, relationship, charts",
    "programme": "The programme tracker: many cases, small counts suppressed",
    "cards-pdf": "Print-ready DesistCards",
    "cards-pptx": "The DesistCards as an editable deck",
    "conference-deck": "The deck for a multi-agency case conference: agencies' views, divergences, actions",
    "text": "A plain-text overview of a case's views, for the caseworker",
    "guide-pdf": "The printed DesistKit guide for caseworkers (A4, or an A5 booklet)",
    "guide-docx": "The DesistKit guide for caseworkers as an editable Word document",
    "consent-sheet-pdf": "The client's consent sheet: who might receive what, with tick boxes (PDF)",
    "consent-sheet-docx": "The client's consent sheet: who might receive what, with tick boxes (Word)",
}


def _builtins() -> list[Exporter[Any]]:
    one, none, many = Takes.CASE, Takes.NOTHING, Takes.CASES
    return [
        Exporter("deck", _ABOUT["deck"], (".pptx",), PPTX, one, opts.DeckOptions, _deck),
        Exporter(
            "blank-deck", _ABOUT["blank-deck"], (".pptx",), PPTX, none, opts.BlankDeckOptions, _blank_deck
        ),
        Exporter(
            "conference-deck",
            _ABOUT["conference-deck"],
            (".pptx",),
            PPTX,
            one,
            opts.ConferenceDeckOptions,
            _conference_deck,
        ),
        Exporter("summary", _ABOUT["summary"], (".docx",), DOCX, one, opts.SummaryOptions, _summary),
        Exporter(
            "conference-minutes",
            _ABOUT["conference-minutes"],
            (".docx",),
            DOCX,
            one,
            opts.MinutesOptions,
            _minutes,
        ),
        Exporter("tracker", _ABOUT["tracker"], (".xlsx",), XLSX, one, opts.TrackerOptions, _tracker),
        Exporter("programme", _ABOUT["programme"], (".xlsx",), XLSX, many, opts.ProgrammeOptions, _programme),
        Exporter("cards-pdf", _ABOUT["cards-pdf"], (".pdf",), PDF, none, opts.CardsOptions, _cards("pdf")),
        Exporter(
            "cards-pptx", _ABOUT["cards-pptx"], (".pptx",), PPTX, none, opts.CardsOptions, _cards("pptx")
        ),
        Exporter("text", _ABOUT["text"], (".txt",), TEXT, one, opts.TextOptions, _text, internal=True),
        Exporter("guide-pdf", _ABOUT["guide-pdf"], (".pdf",), PDF, none, opts.GuideOptions, _guide("pdf")),
        Exporter(
            "guide-docx", _ABOUT["guide-docx"], (".docx",), DOCX, none, opts.GuideOptions, _guide("docx")
        ),
        *_consent_sheets(),
    ]


def _consent_sheets() -> list[Exporter[Any]]:
    """Made from the internal case (its reference and the factors addressed), for the client."""
    return [
        Exporter(
            f"consent-sheet-{fmt}",
            _ABOUT[f"consent-sheet-{fmt}"],
            (f".{fmt}",),
            media,
            Takes.CASE,
            opts.ConsentSheetOptions,
            _consent_sheet(fmt),
            internal=True,
        )
        for fmt, media in (("pdf", PDF), ("docx", DOCX))
    ]


_REGISTRY: Registry[Exporter[Any]] = Registry(ENTRY_POINT_GROUP, Exporter, "document type", _builtins)


def exporters() -> Mapping[str, Exporter[Any]]:
    """Every document type by name: the built-in ones, then those of installed packages (entry-point
    group ``desistkit.exporters``), then those registered with :func:`register_exporter`."""
    return _REGISTRY.all()


def exporter(name: str) -> Exporter[Any]:
    """The document type called ``name``; :class:`~desistkit.UnknownDocumentTypeError` names the others."""
    return _REGISTRY.get(name)


def register_exporter(exporter: Exporter[Any], *, replace: bool = False) -> Exporter[Any]:
    """Add a document type for this process (a service's own); an existing name only with ``replace``."""
    return _REGISTRY.register(exporter, replace=replace)


def unregister_exporter(name: str) -> None:
    """Remove a document type added with :func:`register_exporter` (for tests)."""
    _REGISTRY.unregister(name)


def clear_caches() -> None:
    """Read the entry points again on next use."""
    _REGISTRY.clear()


def render(
    shared: Any, document: str, *, lang: str | Localizer = "en", options: Any = None, **given: Any
) -> bytes:
    """The document type ``document`` of ``shared`` as bytes, in the language ``lang``.

    ``shared`` is a SharedCase, an iterable of them (``programme``) or None (``blank-deck``,
    ``cards-pdf``, ``cards-pptx``). Options as an instance of the type's options class
    (``options=DeckOptions(...)``) or as keyword arguments, checked against it.

    Raises:
        UnknownDocumentTypeError: No document type is called ``document`` (the message lists them).
        OptionError: An option is unknown or has a value it cannot take.
        TypeError: ``shared`` is not what the document type is made from.
    """
    kind = exporter(document)
    made = kind.make_options(options, **given)
    localizer = lang if isinstance(lang, Localizer) else get_localizer(lang)
    return kind.render(shared, localizer, made)
