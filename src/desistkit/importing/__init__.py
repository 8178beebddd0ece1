"""Reading documents that come back from outside into a case: untrusted input, checked first.

    case = read_document("tracker.xlsx", base=load_case("case.json"))

:func:`read_document` looks at what the file is (the content type of its main part, not its name)
and hands it to the reader for that kind; :data:`READERS` is the table. Every package is checked
before any XML is parsed (:mod:`desistkit.formats.package`: size caps, zip bomb ratio, no DTDs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import DocumentError, Problem
from desistkit.core.model import Case
from desistkit.formats.package import Package, Source, open_package
from desistkit.importing.deck import PPTX, read_deck, read_deck_package
from desistkit.importing.tracker import XLSX, read_tracker, read_tracker_package

__all__ = ["READERS", "Reader", "read_deck", "read_document", "read_tracker"]

Reader = Callable[..., Case]
"""``reader(package, *, catalogue=..., base=...) -> Case``"""

READERS: Mapping[str, tuple[str, Reader]] = {
    XLSX: ("a case tracker (.xlsx, made by `desistkit tracker`)", read_tracker_package),
    PPTX: ("a CaseReflector deck (.pptx, made by `desistkit reflector`)", read_deck_package),
}
"""Content type of the main part -> (what it is, for messages; its reader)."""

_KNOWN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "a Word document",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "a macro-enabled workbook (.xlsm)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "an Excel template",
}


def read_document(
    source: Source, *, catalogue: Catalogue | None = None, base: Case | None = None, **options: Any
) -> Case:
    """The case in a document desistkit made and a caseworker edited; see :data:`READERS`.

    ``options`` go to the reader of that kind: a deck takes ``setting``, ``date`` and ``kind``
    (see :func:`read_deck`); a tracker takes none."""
    package: Package = open_package(source)
    entry = READERS.get(package.content_type)
    if entry is None:
        what = _KNOWN.get(package.content_type, "an Office document of a kind desistkit does not read")
        kinds = "; ".join(description for description, _ in READERS.values())
        raise DocumentError(package.source, [Problem("", f"is {what}; desistkit can import {kinds}")])
    return entry[1](package, catalogue=catalogue, base=base, **options)
