"""Free-text redaction: find and replace personal data in caseworkers' notes, in any EU language.

One :class:`Detector` per family of identifier, composed by the :class:`Redactor`:

* ``known`` (:class:`KnownDetector`): what the case knows (:class:`~desistkit.ClientIdentity`):
  names of the client and named contacts in every spelling, script and inflection; aliases and
  handles; the birth date however written; inmate, file and other numbers with any separators;
  identifying places. These must never leak.
* ``contact``: e-mail addresses, links, handles, phone numbers (phonenumbers).
* ``finance``: IBANs; ``national_id``: the national identity numbers of the EU states
  (python-stdnum checksums); ``address``: street addresses; ``vehicle``: registration plates.
* ``names`` (:class:`ThirdPartyNameDetector`): people the record does not list (other inmates, a
  cousin, a recruiter), offline in the 24 EU languages: name lists, context cues and capitals. An
  organisation with its own spaCy pipelines replaces it by :class:`SpacyNameDetector` (or any
  :class:`NameDetector` named ``names``).

An organisation replaces a family by passing a detector with its name, or adds its own
(``Redactor(known, detectors=[...])``). :func:`leftovers` lists what still looks like an
identifier after redaction (kind and place, never the value). Replacements are typed and numbered per person:
``[PERSON 1]`` is always the client, ``[PERSON 2]`` the first named contact, and so on.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what __getattr__ loads, for type checkers
    from desistkit.sharing.redaction._addresses import AddressDetector as AddressDetector
    from desistkit.sharing.redaction._contact import ContactDetector as ContactDetector
    from desistkit.sharing.redaction._finance import FinanceDetector as FinanceDetector
    from desistkit.sharing.redaction._known import KnownDetector as KnownDetector
    from desistkit.sharing.redaction._known import KnownIdentifiers as KnownIdentifiers
    from desistkit.sharing.redaction._known import looks_like_handle as looks_like_handle
    from desistkit.sharing.redaction._leftovers import Leftover as Leftover
    from desistkit.sharing.redaction._leftovers import leftovers as leftovers
    from desistkit.sharing.redaction._national import NationalIdDetector as NationalIdDetector
    from desistkit.sharing.redaction._placeholders import has_placeholder as has_placeholder
    from desistkit.sharing.redaction._placeholders import placeholder as placeholder
    from desistkit.sharing.redaction._placeholders import render_placeholders as render_placeholders
    from desistkit.sharing.redaction._placeholders import words_in as words_in
    from desistkit.sharing.redaction._redactor import Redactor as Redactor
    from desistkit.sharing.redaction._redactor import default_detectors as default_detectors
    from desistkit.sharing.redaction._spacy import SpacyNameDetector as SpacyNameDetector
    from desistkit.sharing.redaction._third_party import ThirdPartyNameDetector as ThirdPartyNameDetector
    from desistkit.sharing.redaction._types import Detector as Detector
    from desistkit.sharing.redaction._types import EntityType as EntityType
    from desistkit.sharing.redaction._types import Finding as Finding
    from desistkit.sharing.redaction._types import NameDetector as NameDetector
    from desistkit.sharing.redaction._types import Redacted as Redacted
    from desistkit.sharing.redaction._vehicles import VehicleDetector as VehicleDetector

# Each name and its module, loaded on first use: sharing a case for an audience that keeps its
# notes (internal) needs the placeholders only, not the detectors and their patterns.
_LAZY = {
    "AddressDetector": "_addresses",
    "ContactDetector": "_contact",
    "FinanceDetector": "_finance",
    "KnownDetector": "_known",
    "KnownIdentifiers": "_known",
    "looks_like_handle": "_known",
    "Leftover": "_leftovers",
    "leftovers": "_leftovers",
    "NationalIdDetector": "_national",
    "has_placeholder": "_placeholders",
    "placeholder": "_placeholders",
    "render_placeholders": "_placeholders",
    "words_in": "_placeholders",
    "Redactor": "_redactor",
    "default_detectors": "_redactor",
    "SpacyNameDetector": "_spacy",
    "ThirdPartyNameDetector": "_third_party",
    "Detector": "_types",
    "EntityType": "_types",
    "Finding": "_types",
    "NameDetector": "_types",
    "Redacted": "_types",
    "VehicleDetector": "_vehicles",
}

__all__ = [
    "AddressDetector",
    "ContactDetector",
    "Detector",
    "EntityType",
    "FinanceDetector",
    "Finding",
    "KnownDetector",
    "KnownIdentifiers",
    "Leftover",
    "NameDetector",
    "NationalIdDetector",
    "Redacted",
    "Redactor",
    "SpacyNameDetector",
    "ThirdPartyNameDetector",
    "VehicleDetector",
    "default_detectors",
    "has_placeholder",
    "leftovers",
    "looks_like_handle",
    "placeholder",
    "render_placeholders",
    "words_in",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
