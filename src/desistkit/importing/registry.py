"""Every kind of document desistkit reads back, by name: the built-in ones and an organisation's own.

An :class:`Importer` names the kind, says which packages it reads (the content type of the main
part, never the file name), its options class and its reader. :func:`read_document` picks the
importer by what the file is. An organisation's package adds its own under the entry-point group
``desistkit.importers``, or a service calls :func:`register_importer`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import DocumentError, OptionError, Problem
from desistkit.core.model import Case, ConferenceOccasion, SessionKind, Setting
from desistkit.core.plugins import Registry, instance_of, make_options, option_names
from desistkit.formats.package import Package, Source, open_package
from desistkit.importing.deck import PPTX, read_deck_package
from desistkit.importing.tracker import XLSX, read_tracker_package

__all__ = [
    "ENTRY_POINT_GROUP",
    "DeckImportOptions",
    "Importer",
    "TrackerImportOptions",
    "importer_for",
    "importers",
    "read_document",
    "register_importer",
]

ENTRY_POINT_GROUP = "desistkit.importers"

Opts = TypeVar("Opts")

Reader = Callable[[Package, Opts, Catalogue | None, Case | None], Case]
"""``read(package, options, catalogue, base) -> Case``"""


def _occasion(value: object) -> object:
    """An occasion by its case file value (``before_release``) as well as the enum member."""
    if isinstance(value, str):
        try:
            return ConferenceOccasion(value)
        except ValueError:
            allowed = ", ".join(o.value for o in ConferenceOccasion)
            raise OptionError("occasion", f"one of {allowed}", repr(value)) from None
    return value


@attrs.frozen(kw_only=True)
class DeckImportOptions:
    """A deck says nothing of where the client is (``setting``, needed without a base case), may
    lack the session's ``date``, and never says what ``kind`` of meeting it was.

    With ``conference`` (an id) the deck is one agency's contribution to that case conference of
    the base case instead of a session: ``agency`` (needed when the deck does not name one, and
    then the same), the ``date`` and ``occasion`` of a conference the case does not have yet, and
    ``replace`` to replace the agency's earlier contribution."""

    setting: Setting | None = attrs.field(
        default=None, validator=instance_of(Setting, "a Setting", optional=True)
    )
    date: dt.date | None = attrs.field(default=None, validator=instance_of(dt.date, "a date", optional=True))
    kind: SessionKind = attrs.field(
        default=SessionKind.OTHER, validator=instance_of(SessionKind, "a SessionKind")
    )
    conference: str | None = attrs.field(
        default=None, validator=instance_of(str, "a conference id", optional=True)
    )
    agency: str | None = attrs.field(default=None, validator=instance_of(str, "an agency", optional=True))
    occasion: ConferenceOccasion | None = attrs.field(
        default=None,
        converter=_occasion,
        validator=instance_of(ConferenceOccasion, "a ConferenceOccasion", optional=True),
    )
    replace: bool = attrs.field(default=False, validator=instance_of(bool, "True or False"))


@attrs.frozen(kw_only=True)
class TrackerImportOptions:
    """A tracker holds everything it needs: no options."""


@attrs.frozen
class Importer(Generic[Opts]):
    """A kind of document to read back: what it is (for messages), the content types of the
    packages it reads, its usual file name endings, its options class and its reader."""

    name: str
    description: str
    content_types: tuple[str, ...]
    extensions: tuple[str, ...]
    options: type[Opts]
    read: Reader[Opts] = attrs.field(repr=False)

    @property
    def option_names(self) -> tuple[str, ...]:
        """The names of the options it takes."""
        return option_names(self.options)

    def make_options(self, options: Opts | None = None, **given: Any) -> Opts:
        """The options as given, or made from keyword arguments (:class:`~desistkit.OptionError`)."""
        return make_options(self.options, options, given)


def _deck(package: Package, o: DeckImportOptions, catalogue: Catalogue | None, base: Case | None) -> Case:
    return read_deck_package(
        package,
        base=base,
        setting=o.setting,
        date=o.date,
        kind=o.kind,
        catalogue=catalogue,
        conference=o.conference,
        agency=o.agency,
        occasion=o.occasion,
        replace=o.replace,
    )


def _tracker(
    package: Package, _: TrackerImportOptions, catalogue: Catalogue | None, base: Case | None
) -> Case:
    return read_tracker_package(package, catalogue=catalogue, base=base)


_DECKS = "CaseReflector decks (.pptx, made by `desistkit reflector`)"
_TRACKERS = "case trackers (.xlsx, made by `desistkit tracker`)"


def _builtins() -> list[Importer[Any]]:
    return [
        Importer("deck", _DECKS, (PPTX,), (".pptx",), DeckImportOptions, _deck),
        Importer("tracker", _TRACKERS, (XLSX,), (".xlsx",), TrackerImportOptions, _tracker),
    ]


_REGISTRY: Registry[Importer[Any]] = Registry(ENTRY_POINT_GROUP, Importer, "importer", _builtins)

_KNOWN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "a Word document",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "a macro-enabled workbook (.xlsm)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "an Excel template",
}


def importers() -> Mapping[str, Importer[Any]]:
    """Every importer by name: built-in, then from installed packages, then registered in-process."""
    return _REGISTRY.all()


def register_importer(importer: Importer[Any], *, replace: bool = False) -> Importer[Any]:
    """Add an importer for this process; an existing name only with ``replace``."""
    return _REGISTRY.register(importer, replace=replace)


def clear_caches() -> None:
    """Read the entry points again on next use."""
    _REGISTRY.clear()


def importer_for(package: Package) -> Importer[Any]:
    """The importer for a checked package, by its main part's content type; a
    :class:`~desistkit.DocumentError` says what the file is and what desistkit can import."""
    for candidate in importers().values():
        if package.content_type in candidate.content_types:
            return candidate
    what = _KNOWN.get(package.content_type, "an Office document of a kind desistkit does not read")
    kinds = "; ".join(i.description for i in importers().values())
    raise DocumentError(package.source, [Problem("", f"is {what}; desistkit can import {kinds}")])


def read_document(
    source: Source,
    *,
    catalogue: Catalogue | None = None,
    base: Case | None = None,
    options: Any = None,
    **given: Any,
) -> Case:
    """The case in a document desistkit made and a caseworker edited, read by the importer for
    what the file is (:func:`importer_for`).

    Options go to that importer, as its options class (``options=DeckImportOptions(...)``) or as
    keyword arguments: a deck takes ``setting``, ``date`` and ``kind`` (a session), or
    ``conference``, ``agency``, ``date``, ``occasion`` and ``replace`` (an agency's contribution to a
    case conference); a tracker none. An option
    the importer does not take raises :class:`~desistkit.OptionError`."""
    package = open_package(source)
    found = importer_for(package)
    return found.read(package, found.make_options(options, **given), catalogue, base)
