"""Reading documents that come back from outside into a case: untrusted input, checked first.

    case = read_document("tracker.xlsx", base=load_case("case.json"))

:func:`read_document` looks at what the file is (the content type of its main part, not its name)
and hands it to the importer for that kind; :func:`importers` lists them by name. Every package is
checked by :func:`open_package` before any XML is parsed (size caps, zip bomb ratio, no DTDs).
"""

from __future__ import annotations

from desistkit.formats.package import Package, Source, open_package
from desistkit.importing.deck import read_deck
from desistkit.importing.registry import (
    ENTRY_POINT_GROUP,
    DeckImportOptions,
    Importer,
    TrackerImportOptions,
    importer_for,
    importers,
    read_document,
    register_importer,
)
from desistkit.importing.tracker import read_tracker

__all__ = [
    "ENTRY_POINT_GROUP",
    "DeckImportOptions",
    "Importer",
    "Package",
    "Source",
    "TrackerImportOptions",
    "importer_for",
    "importers",
    "open_package",
    "read_deck",
    "read_document",
    "read_tracker",
    "register_importer",
]
