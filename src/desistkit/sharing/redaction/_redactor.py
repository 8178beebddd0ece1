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
    named after the longest of them. Adjacent parts of one person's name merge too."""
    clusters: list[list[Finding]] = []
    cluster_end = 0
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if clusters and f.start < cluster_end:
            clusters[-1].append(f)
            cluster_end = max(cluster_end, f.end)
        else:
            clusters.append([f])
            cluster_end = f.end
    merged: list[Finding] = []
    for cluster in clusters:
        if len(cluster) == 1:
            f = cluster[0]  # alone: it stands as found
        else:
            best = min(cluster, key=lambda f: (-(f.end - f.start), not f.known, _RANK[f.type]))
            people = [f for f in cluster if f.known and f.type is EntityType.PERSON]
            if people and all(f.type is EntityType.PERSON for f in cluster):
                # A third-party name that covers a known one ("Jonas Brenti" around the client's
                # Jonas): the number says who, so the known person names the replacement.
                best = min(people, key=lambda f: -(f.end - f.start))
            source = "known" if any(f.known for f in cluster) else best.source
            f = _with(best, cluster[0].start, max(c.end for c in cluster), source)
        prev = merged[-1] if merged else None
        same_person = prev is not None and (
            (f.person is not None and prev.person == f.person)
            or (f.place is not None and prev.place == f.place)
        )
        if prev is not None and same_person and not text[prev.end : f.start].strip():
            merged[-1] = _with(prev, prev.start, f.end, prev.source)
        else:
            merged.append(f)
    return tuple(merged)


def _with(f: Finding, start: int, end: int, source: str) -> Finding:
    """``attrs.evolve(f, start=..., end=..., source=...)``, built directly for a plain Finding
    (evolve inspects the class on every call: a fifth of the time spent resolving overlaps)."""
    if type(f) is not Finding:
        return attrs.evolve(f, start=start, end=end, source=source)
    return Finding(start, end, f.type, source, f.person, f.place)
