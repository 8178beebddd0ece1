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

from desistkit.sharing.redaction._addresses import AddressDetector
from desistkit.sharing.redaction._contact import ContactDetector
from desistkit.sharing.redaction._finance import FinanceDetector
from desistkit.sharing.redaction._known import KnownDetector, KnownIdentifiers, looks_like_handle
from desistkit.sharing.redaction._leftovers import Leftover, leftovers
from desistkit.sharing.redaction._national import NationalIdDetector
from desistkit.sharing.redaction._placeholders import (
    has_placeholder,
    placeholder,
    render_placeholders,
    words_in,
)
from desistkit.sharing.redaction._redactor import Redactor, default_detectors
from desistkit.sharing.redaction._spacy import SpacyNameDetector
from desistkit.sharing.redaction._third_party import ThirdPartyNameDetector
from desistkit.sharing.redaction._types import Detector, EntityType, Finding, NameDetector, Redacted
from desistkit.sharing.redaction._vehicles import VehicleDetector

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
