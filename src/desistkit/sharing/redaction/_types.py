"""What redaction finds, and the protocol every finder follows."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

import attrs

__all__ = ["Detector", "EntityType", "Finding", "NameDetector", "Redacted"]


class EntityType(enum.Enum):
    """What a finding is; the value names the label ``redaction.<value>`` that replaces it."""

    PERSON = "person"
    PLACE = "place"
    BIRTH_DATE = "birth_date"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    URL = "url"
    HANDLE = "handle"
    IBAN = "iban"
    ID_NUMBER = "id_number"
    INMATE_NUMBER = "inmate_number"
    VEHICLE_PLATE = "vehicle_plate"


@attrs.frozen(init=False)
class Finding:
    """A span of the text to replace. ``known`` when it came from the case's own identifiers."""

    start: int
    end: int
    type: EntityType
    source: str
    person: int | None = None
    place: int | None = None  # which of the case's places, for generalising it to its region

    def __init__(
        self,
        start: int,
        end: int,
        type: EntityType,
        source: str,
        person: int | None = None,
        place: int | None = None,
    ) -> None:
        # What attrs writes for a frozen class, without binding object.__setattr__ anew for every
        # finding: each slot's own setter, a third cheaper (a run of the redaction benchmark builds
        # some 57,000 findings). The same arguments and defaults, no validator either way.
        _set_start(self, start)
        _set_end(self, end)
        _set_type(self, type)
        _set_source(self, source)
        _set_person(self, person)
        _set_place(self, place)

    @property
    def known(self) -> bool:
        return self.source == "known"


# The setters of Finding's slots (attrs builds the slotted class after its body: looked up here).
_set_start, _set_end, _set_type, _set_source, _set_person, _set_place = (
    getattr(Finding, field.name).__set__ for field in attrs.fields(Finding)
)


@runtime_checkable
class Detector(Protocol):
    """A finder of one family of identifiers: built in (contact data, finance, ...) or an
    organisation's own, e.g. a named-entity recogniser (Presidio, spaCy) as an optional extra.

    ``detect`` returns findings for ``text`` written in ``lang`` (an ISO 639-1 code), with spans in
    ``text`` itself. A detector whose ``name`` is that of a built-in one replaces it.
    """

    name: str

    def detect(self, text: str, lang: str) -> Iterable[Finding]:
        """The spans of ``text`` (written in ``lang``) to replace."""
        ...


@runtime_checkable
class NameDetector(Detector, Protocol):
    """The seam for names of people the case record does not list (other inmates, a cousin, a
    recruiter). The built-in one is :class:`ThirdPartyNameDetector`; one named ``"names"`` replaces
    it (e.g. :class:`SpacyNameDetector` over an organisation's own pipelines)."""

    name: str


@attrs.frozen
class Redacted:
    """The redacted text and what was found (types and positions in the original, never values)."""

    text: str
    findings: tuple[Finding, ...]
