"""The Redactor: the case's own detector, the built-in families and an organisation's, composed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from desistkit.sharing.redaction._addresses import AddressDetector
from desistkit.sharing.redaction._contact import ContactDetector
from desistkit.sharing.redaction._finance import FinanceDetector
from desistkit.sharing.redaction._known import KnownDetector, KnownIdentifiers
from desistkit.sharing.redaction._national import NationalIdDetector
from desistkit.sharing.redaction._placeholders import placeholder
from desistkit.sharing.redaction._third_party import ThirdPartyNameDetector
from desistkit.sharing.redaction._types import Detector, EntityType, Finding, Redacted
from desistkit.sharing.redaction._vehicles import VehicleDetector

__all__ = ["Redactor", "default_detectors"]


def default_detectors() -> tuple[Detector, ...]:
    """The built-in families of structured identifiers and third-party names, in a new tuple (they
    hold no state)."""
    return (ContactDetector(), FinanceDetector(), NationalIdDetector(), AddressDetector(), VehicleDetector(),
            ThirdPartyNameDetector())  # fmt: skip


class Redactor:
    """Finds and replaces personal data in free text. Build once per case; thread-safe to use.

    The case's own identifiers (:class:`KnownDetector`) and :func:`default_detectors` run first;
    each of ``detectors`` replaces the built-in one of the same ``name`` or joins them.
    """

    def __init__(
        self,
        known: KnownIdentifiers | None = None,
        *,
        detectors: Sequence[Detector] = (),
        regions: Mapping[str, str] | None = None,
    ) -> None:
        """``regions`` maps the case's places to a region to write instead of ``[PLACE]``."""
        self.known = known or KnownIdentifiers()
        self._regions = [(regions or {}).get(place) for place in self.known.places]
        if not detectors:  # the usual case: the built-in ones as they are
            self.detectors: tuple[Detector, ...] = (KnownDetector(self.known), *default_detectors())
            return
        own = {d.name: d for d in detectors}
        builtin: list[Detector] = [KnownDetector(self.known), *default_detectors()]
        self.detectors = tuple(
            [own.pop(d.name, d) for d in builtin] + [d for d in detectors if d.name in own]
        )

    def find(self, text: str, lang: str = "en") -> tuple[Finding, ...]:
        """Every finding in ``text``, overlaps resolved (known identifiers first, then the longest)."""
        found: list[Finding] = []
        for detector in self.detectors:
            found.extend(detector.detect(text, lang))
        return _resolve(found, text)

    def redact(
        self,
        text: str,
        lang: str = "en",
        *,
        words: Callable[[EntityType], str] | None = None,
        neutral: bool = False,
    ) -> Redacted:
        """Replace every finding by ``[TYPE]`` (persons: ``[PERSON n]``), in the words given.

        ``lang`` is the language the text is written in (phone numbering plan, detectors). ``words``
        gives the localised word for a type, e.g. ``lambda t: loc.text(f"redaction.{t.value}")``;
        the default is the English upper-case type name. ``neutral`` writes language-neutral
        placeholders instead (:func:`placeholder`), for a SharedCase that is rendered in any language.
        """
        word = words or (lambda t: t.value.replace("_", " ").upper())
        findings = self.find(text, lang)
        out = []
        last = 0
        for f in findings:
            out.append(text[last : f.start])
            region = self._regions[f.place] if f.place is not None else None
            if region:
                out.append(region)
            elif neutral:
                out.append(placeholder(f.type, f.person))
            elif f.person is not None:
                out.append(f"[{word(f.type)} {f.person}]")
            else:
                out.append(f"[{word(f.type)}]")
            last = f.end
        out.append(text[last:])
        return Redacted("".join(out), findings)


# When findings of the same length overlap, the more specific type names the replacement.
_RANK = {t: i for i, t in enumerate([
    EntityType.EMAIL, EntityType.URL, EntityType.IBAN, EntityType.ID_NUMBER, EntityType.PHONE,
    EntityType.ADDRESS, EntityType.BIRTH_DATE, EntityType.INMATE_NUMBER, EntityType.PERSON,
    EntityType.HANDLE, EntityType.PLACE, EntityType.VEHICLE_PLATE,
])}  # fmt: skip


def _resolve(found: list[Finding], text: str) -> tuple[Finding, ...]:
    """Non-overlapping findings. Overlapping findings become one covering their union, so no part
    of any finding survives (an e-mail address that contains the client's name goes whole); it is
    named after the longest of them. Adjacent parts of one person's name merge too.

    Written for the common note (a handful of findings, few overlaps): one pass over the sorted
    findings, and the ranking of a cluster only where findings overlap (the same result as taking
    ``min`` over every cluster, tests/test_redaction_fast_paths.py)."""
    n = len(found)
    if n < 2:
        return tuple(found)
    ordered = sorted(found, key=_order)
    merged: list[Finding] = []
    i = 0
    while i < n:
        f = ordered[i]
        end = f.end
        j = i + 1
        while j < n and ordered[j].start < end:
            if ordered[j].end > end:
                end = ordered[j].end
            j += 1
        if j - i > 1:
            f = _cluster(ordered[i:j], end)
        i = j
        if merged:
            prev = merged[-1]
            person = f.person
            place = f.place
            if (
                (person is not None and prev.person == person) or (place is not None and prev.place == place)
            ) and not text[prev.end : f.start].strip():
                merged[-1] = _with(prev, prev.start, f.end, prev.source)
                continue
        merged.append(f)
    return tuple(merged)


def _order(f: Finding) -> tuple[int, int]:
    return f.start, -f.end


def _cluster(cluster: list[Finding], end: int) -> Finding:
    """One finding for overlapping ones, named after the first longest, a known one before another,
    then the more specific type (``min`` by ``(-length, not known, rank)``), in one pass."""
    best = first = cluster[0]
    best_length = best.end - best.start
    known = best.source == "known"
    people = best.type is _PERSON
    person = best if known and people else None  # the first longest known person
    person_length = best_length
    for f in cluster[1:]:
        length = f.end - f.start
        if length > best_length or (length == best_length and _before(f, best)):
            best, best_length = f, length
        if f.type is _PERSON:
            if f.source == "known":
                known = True
                if person is None or length > person_length:
                    person, person_length = f, length
        else:
            people = False
            known = known or f.source == "known"
    if people and person is not None:
        # A third-party name that covers a known one ("Jonas Brenti" around the client's
        # Jonas): the number says who, so the known person names the replacement.
        best = person
    return _with(best, first.start, end, "known" if known else best.source)


_PERSON = EntityType.PERSON


def _before(f: Finding, other: Finding) -> bool:
    """Whether ``f`` names a cluster before ``other`` of the same length."""
    f_known = f.source == "known"
    if f_known != (other.source == "known"):
        return f_known
    return _RANK[f.type] < _RANK[other.type]


def _with(f: Finding, start: int, end: int, source: str) -> Finding:
    """``attrs.evolve(f, start=..., end=..., source=...)``, built directly for a plain Finding
    (evolve inspects the class on every call: a fifth of the time spent resolving overlaps)."""
    if type(f) is not Finding:
        return attrs.evolve(f, start=start, end=end, source=source)
    return Finding(start, end, f.type, source, f.person, f.place)
