"""Free-text redaction: find and replace personal data in caseworkers' notes, in any EU language.

Two kinds of finding:

* **known identifiers** of this case (from :class:`~desistkit.ClientIdentity`): names of the client
  and of named contacts, also inflected (Kowalski/Kowalskiego, Virtanen/Virtaselle), with diacritics
  dropped or expanded (Müller/Muller/Mueller) and across scripts (Γιώργος/Giorgos); aliases and
  handles; the birth date in every way the 24 languages write a date (Babel's patterns); inmate and
  other numbers with or without separators; identifying places. These must never leak.
* **structured identifiers** found by pattern and checksum: e-mail, phone numbers (phonenumbers),
  IBAN and national identity numbers of the EU states (python-stdnum), street addresses, URLs,
  social-media handles, vehicle plates.

Names of third parties the case does not know are not found by patterns; plug in a named-entity
recogniser through the :class:`Detector` protocol for that.

Replacements are typed, localised and numbered per person: ``[PERSON 1]`` is always the client,
``[PERSON 2]`` the first named contact, and so on.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

from desistkit._model import ClientIdentity

from ._fold import fold, fold_word

__all__ = [
    "Detector",
    "EntityType",
    "Finding",
    "KnownIdentifiers",
    "Redacted",
    "Redactor",
]


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


@attrs.frozen
class Finding:
    """A span of the text to replace. ``known`` when it came from the case's own identifiers."""

    start: int
    end: int
    type: EntityType
    source: str
    person: int | None = None

    @property
    def known(self) -> bool:
        return self.source == "known"


@runtime_checkable
class Detector(Protocol):
    """A pluggable finder, e.g. a named-entity recogniser (Presidio, spaCy) as an optional extra.

    ``detect`` returns findings for ``text`` written in ``lang`` (an ISO 639-1 code).
    """

    name: str

    def detect(self, text: str, lang: str) -> Iterable[Finding]: ...


@attrs.frozen
class KnownIdentifiers:
    """What the case knows about the client and named contacts, ready for matching."""

    persons: tuple[tuple[int, str], ...] = ()  # (person number, name or nickname)
    handles: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    inmate_numbers: tuple[str, ...] = ()
    other_ids: tuple[str, ...] = ()

    @classmethod
    def from_identity(cls, identity: ClientIdentity | None) -> KnownIdentifiers:
        """Client = person 1, named contacts 2, 3, ... in their order; handle-like aliases apart."""
        if identity is None:
            return cls()
        persons = [(1, n) for n in (*identity.given_names, *identity.family_names)]
        handles = [a for a in identity.aliases if _looks_like_handle(a)]
        persons += [(1, a) for a in identity.aliases if not _looks_like_handle(a)]
        for number, contact in enumerate(identity.contacts, 2):
            persons.extend((number, part) for part in _name_parts(contact.name))
        return cls(
            persons=tuple(persons),
            handles=tuple(handles),
            places=identity.places,
            birth_date=identity.birth_date,
            inmate_numbers=identity.inmate_numbers,
            other_ids=identity.other_identifiers,
        )

    @property
    def values(self) -> tuple[str, ...]:
        """Every identifying string (for leak checks); the birth date in ISO form."""
        out = [n for _, n in self.persons] + [*self.handles, *self.places, *self.inmate_numbers,
                                               *self.other_ids]  # fmt: skip
        if self.birth_date:
            out.append(self.birth_date.isoformat())
        return tuple(out)


def _looks_like_handle(alias: str) -> bool:
    return alias.startswith("@") or bool(re.search(r"[\d_.]", alias))


def _name_parts(name: str) -> list[str]:
    # Contacts are written as one string ("Marta Brenner"); honorifics and initials are not names.
    return [p for p in re.split(r"[\s,]+", name) if len(p.strip(".")) >= 2]


@attrs.frozen
class Redacted:
    """The redacted text and what was found (types and positions in the original, never values)."""

    text: str
    findings: tuple[Finding, ...]


# --- known identifiers ---------------------------------------------------------------------------

_VOWELS = "aeiouy"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_SUFFIX = r"[a-z]{0,6}"


def _name_variants(name: str) -> set[str]:
    """Folded spellings and stems of a name; each is matched with an optional inflection ending."""
    base = {fold_word(name)}
    german = name.translate(_UMLAUTS)
    base.add(fold_word(german))
    for v in list(base):
        # Greek romanisations in common use: ου -> ou, υ -> i, initial γι -> yi.
        if "oy" in v or v.startswith("gi"):
            base |= {v.replace("oy", "ou"), v.replace("y", "i"), "y" + v[1:] if v.startswith("gi") else v}
    variants = set(base)
    for v in base:
        if len(v) >= 5 and v[-1] in _VOWELS:
            variants.add(v[:-1])  # Kowalska -> kowalsk(iej)
        if len(v) >= 6 and v[-1] == "s" and v[-2] in _VOWELS:
            variants.add(v[:-2])  # Giorgos -> giorg(o), Jonaitis -> jonait(is)
        if len(v) >= 6 and v.endswith("nen"):
            variants.add(v[:-3] + "se")  # Virtanen -> virtase(lle), Ahonen -> ahose(n)
        if 4 <= len(v) <= 5 and v[-1] == "s" and v[-2] in _VOWELS:
            variants.add(v[:-1])  # Λάλας -> lala (genitive Λάλα); Jonas -> jona (Jono, Jonui)
    return {v for v in variants if len(v) >= 2}


# Case endings a short name takes in the inflecting languages (folded: ą -> a, ę -> e).
_SHORT_ENDINGS = r"(?:a|e|i|o|u|y|ie|ou|ui|ai|us|em|om|ej|ovi|owi|iem|emu|ille|lle|n|sta|ssa|lla)"


def _name_pattern(variants: Iterable[str]) -> str:
    parts = []
    for v in sorted(variants, key=len, reverse=True):
        suffix = _SUFFIX if len(v) >= 4 else ""
        parts.append(re.escape(v) + suffix)
        if 4 <= len(v) <= 5 and v[-1] in _VOWELS:
            parts.append(re.escape(v[:-1]) + _SHORT_ENDINGS)  # Anna -> Annie, Annę; Jana -> Janou
        elif len(v) == 3 and v[-1] not in _VOWELS:
            parts.append(re.escape(v) + _SHORT_ENDINGS)  # Bas -> Basa, Łyś -> Łyśowi
    return r"(?<![\w@])(?:" + "|".join(parts) + r")(?![\w])"


def _token_pattern(value: str) -> str | None:
    """An identifier matched with any separators between its characters: JVA-4471/23, jva 4471 23."""
    chars = re.sub(r"[^0-9a-z]", "", fold_word(value))
    if len(chars) < 3:
        return None
    return r"(?<![0-9a-z])" + r"[\s./\-_–]{0,2}".join(map(re.escape, chars)) + r"(?![0-9a-z])"


def _digit_core(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) >= 4 and digits != re.sub(r"[\W_]", "", value) else None


@functools.cache
def _date_variants(day: dt.date) -> tuple[str, ...]:
    """Every way the 24 languages (and numeric conventions) write this date, folded."""
    from babel import dates as babel_dates

    from desistkit._i18n import EU_LANGUAGES

    out: set[str] = set()
    for lang in (*EU_LANGUAGES, "en_GB", "en_IE", "de_AT", "fr_BE", "nl_BE", "pt_PT"):
        for width in ("short", "medium", "long", "full"):
            out.add(babel_dates.format_date(day, format=width, locale=lang))
        for skeleton in ("yMMMd", "yMMMMd", "yMd"):
            out.add(babel_dates.format_skeleton(skeleton, day, locale=lang))
    d, m, y = day.day, day.month, day.year
    for sep in (".", "/", "-", " "):
        for dd in {f"{d}", f"{d:02d}"}:
            for mm in {f"{m}", f"{m:02d}"}:
                out.add(f"{dd}{sep}{mm}{sep}{y}")
                out.add(f"{dd}{sep}{mm}{sep}{y % 100:02d}")
                out.add(f"{mm}{sep}{dd}{sep}{y}")
    out.add(day.isoformat())
    out.add(day.strftime("%Y%m%d"))
    # Weekday names are often left out: drop a leading "Monday, " from full formats.
    out |= {re.sub(r"^[^\d,]+,\s*", "", v) for v in out}
    return tuple(sorted({fold_word(v) for v in out}, key=len, reverse=True))


def _date_pattern(variants: Sequence[str]) -> str:
    parts = []
    for v in variants:
        pieces = [re.escape(p) for p in re.split(r"\s+", v.strip()) if p]
        parts.append(r"\s*".join(pieces))
    return r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])"


# --- structured identifiers ----------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"'()]+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,38}[A-Za-z0-9_])?")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
_DIGITS = re.compile(r"(?<![\w+])\d(?:[ .\-/]?\d){6,14}(?![\w])")
_ALNUM_ID = re.compile(r"(?<![\w])(?=[A-Z0-9]*\d)[A-Z0-9][A-Z0-9\-]{6,18}[A-Z0-9](?![\w])")
_HETU = re.compile(r"(?<![\w])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![\w])")
# Street names are capitalised in every EU language; the number is 1-4 digits (or a range or
# stair/flat like 62/45, 8-5), not a year, maybe followed by a flat and a postcode with the town.
_HOUSE_NUMBER = (
    r"\d{1,4}(?:\s?[/-]\s?\d{1,4})?(?!\d)(?:[a-zA-Z]|\s[A-Z])?(?![\w])"
    r"(?:,?\s*(?i:apt\.|apto\.|puerta|piso|piano|appartamento|interno|scala|lok\.|m\.|bus|boîte)\s*\d{1,4})?"
    r"(?:\s*,\s*\d{4,5}\s+[A-ZÀ-Ý][\w\-]+)?"
)
_NOT_A_YEAR = r"(?!(?:19|20)\d\d(?!\s?[/-]))"
_STREET_SUFFIX = re.compile(
    r"(?<![\w])[A-ZÀ-ÝĀ-ž][\w\-]*(?:\s(?=(?i:katu|tie|gatan|gata|vej|straße|strasse)))?"
    r"(?i:straße|strasse|str\.|gasse|weg|platz|allee|ring|damm|ufer|chaussee|straat|laan|gracht|"
    r"plein|kade|singel|steeg|dreef|pad|hof|baan|markt|boulevard|gade|vej|gatan|gata|vägen|väg|"
    r"katu|tie|kuja|polku|bulevardi|raitti|kaari|rinne|väylä|tori|aukio|ranta|tänav|utca|út|iela|"
    r"gatvė)\s*" + _NOT_A_YEAR + _HOUSE_NUMBER
)
_STREET_WORDS = (
    r"rue|avenue|boulevard|chemin|place|allée|impasse|quai|cours|via|viale|piazza|piazzale|corso|"
    r"largo|vicolo|borgo|contrada|strada|stretto|canale|incrocio|rotonda|traversa|salita|lungomare|"
    r"calle|c/|c\.|callejón|avenida|avda\.|paseo|plaza|pza\.|camino|carretera|cañada|acceso|vial|pasaje|"
    r"pasadizo|ronda|rambla|cuesta|subida|bajada|plazuela|senda|vereda|"
    r"glorieta|alameda|urbanización|travesía|rua|travessa|bulevardul|ul\.|ulica|al\.|aleja|pl\.|plac|"
    r"os\.|osiedle|ulice|náměstí|nám\.|οδός|οδό|οδού|οδ\.|πλατεία|πλ\.|λεωφόρος|λεωφ\.|ул\.|улица|"
    r"бул\.|булевард|iela|triq"
)
_CONNECTORS = r"(?:(?i:de|del|della|di|da|do|dos|des|du|la|le|l'|d')\s*)*"
_CAPITAL = r"[A-ZÀ-ÝĀ-žΑ-ΩΆ-ΏА-ЯŁŚŻŹĆŃ]"
_STREET_PREFIX = re.compile(
    r"(?<![\w])(?i:" + _STREET_WORDS + r")\s+" + _CONNECTORS + _CAPITAL + r"[\w.'\-]*(?:\s+[\w.'\-]+){0,4}?"
    r",?\s*(?:n[°o.]\s*)?" + _NOT_A_YEAR + _HOUSE_NUMBER
)
# Without a number: the keyword and the capitalised words of the name (rue Saint-Jacques).
_STREET_PREFIX_BARE = re.compile(
    r"(?<![\w])(?i:" + _STREET_WORDS + r")\s+" + _CONNECTORS + _CAPITAL + r"[\w.'\-]*"
    r"(?:\s+(?:" + _CONNECTORS + _CAPITAL + r"[\w.'\-]*))*"
)
# Nordic street names may be two words: Waseniuksen puistotie 10, Nils Westermarckin katu 33.
_STREET_NORDIC = re.compile(
    r"(?<![\w])(?:" + _CAPITAL + r"[\w\-]*\s){1,3}[a-zåäöæø\-]*"
    r"(?:katu|tie|polku|kuja|bulevardi|väylä|raitti|gatan|gata|vägen|väg|vej|gade)"
    r"\s*" + _NOT_A_YEAR + _HOUSE_NUMBER
)
_STREET_NUMBER_FIRST = re.compile(
    r"(?<![\w])\d{1,4}[a-z]?,?\s+(?i:rue|avenue|boulevard|chemin|place|allée|impasse|quai)\s+"
    r"(?:(?i:de|du|des|la|le|l'|d')\s*)*[A-ZÀ-Ý][\w'\-]*(?:\s+[A-ZÀ-Ý][\w'\-]*){0,3}"
)
# Greek street names are genitives: Ερμού 12, Πατησίων 45, Φυτείας 063.
_STREET_GREEK = re.compile(
    r"(?<![\w])[Α-ΩΆ-Ώ][α-ωά-ώ]+(?:ου|ού|ων|ών|ας|άς|ης|ής|ίας)\s" + _NOT_A_YEAR + _HOUSE_NUMBER
)
_STREET_EN = re.compile(
    r"(?<![\w])\d+\s+(?:[A-Z][\w']+\s){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Way|"
    r"Close|Court|Terrace)(?![\w])"
)
_PLATES = [
    re.compile(r"(?<![\w-])[A-ZÄÖÜ]{1,3}[\s-][A-Z]{1,2}[\s-]?\d{1,4}[EH]?(?![\w-])"),  # DE, AT
    re.compile(r"(?<![\w-])[A-Z]{2}-\d{3}-[A-Z]{2}(?![\w-])"),  # FR
    re.compile(r"(?<![\w-])[A-Z]{2}\s?\d{3}\s?[A-Z]{2}(?![\w-])"),  # IT
    re.compile(r"(?<![\w-])\d{4}[\s-]?[B-DF-HJ-NP-TV-Z]{3}(?![\w-])"),  # ES
    re.compile(r"(?<![\w-])[A-Z]{1,2}\s\d{4}\s[A-Z]{1,2}(?![\w-])"),  # ES, before 2000
    re.compile(r"(?<![\w-])[A-Z]{2,3}-\d{1,3}(?![\w-])"),  # FI, SE, DK
    # NL side codes: three groups, at least one digit and one letter
    re.compile(
        r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2}(?![\w-])"
    ),
    re.compile(r"(?<![\w-])[A-Z]{2,3}\s(?=[0-9A-Z]*\d)[0-9A-Z]{4,5}(?![\w-])"),  # PL, CZ, GR, SE
]
_ID_MODULES = (
    "at.vnr", "be.nn", "bg.egn", "cz.rc", "de.idnr", "dk.cpr", "ee.ik", "es.dni", "es.nie",
    "fi.hetu", "fr.nir", "gr.amka", "hr.oib", "ie.pps", "it.codicefiscale", "lt.asmens", "lv.pvn",
    "nl.bsn", "pl.pesel", "pt.cc", "ro.cnp", "se.personnummer", "si.emso", "sk.rc",
)  # fmt: skip


@functools.cache
def _id_validators() -> tuple[Callable[[str], bool], ...]:
    import importlib

    return tuple(importlib.import_module(f"stdnum.{m}").is_valid for m in _ID_MODULES)


def _is_national_id(candidate: str) -> bool:
    if _DATE_LIKE.fullmatch(candidate):
        return False
    compact = re.sub(r"[\s.]", "", candidate)
    for is_valid in _id_validators():
        try:
            if is_valid(compact):
                return True
        except Exception:  # noqa: BLE001 - a validator that cannot parse the value says no
            continue
    return False


# Where each language is written in the EU: phone numbers are read with each of these regions.
_REGIONS = {
    "de": ("DE", "AT", "BE", "LU"), "fr": ("FR", "BE", "LU"), "nl": ("NL", "BE"), "en": ("IE", "MT"),
    "sv": ("SE", "FI"), "el": ("GR", "CY"), "it": ("IT",), "es": ("ES",), "pt": ("PT",), "pl": ("PL",),
    "cs": ("CZ",), "sk": ("SK",), "sl": ("SI",), "hr": ("HR",), "hu": ("HU",), "ro": ("RO",),
    "bg": ("BG",), "da": ("DK",), "fi": ("FI",), "et": ("EE",), "lv": ("LV",), "lt": ("LT",),
    "mt": ("MT",), "ga": ("IE",),
}  # fmt: skip


# Whatever the numbering plan: a number that starts like a phone number (+, 00, 0, or a bracket)
# and has 7 to 15 digits with the usual separators.
_PHONE_LIKE = re.compile(r"(?<![\w+])(?:\+|\(\+?|0)\d[\d\s()./-]{5,22}\d(?![\w])")
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def _phones(text: str, lang: str) -> Iterable[tuple[int, int]]:
    import phonenumbers

    if not any(c.isdigit() for c in text):
        return
    for region in _REGIONS.get(lang, ("DE", "FR")):
        yield from _phones_in(text, region, phonenumbers)


def _phones_in(text: str, region: str, phonenumbers: Any) -> Iterable[tuple[int, int]]:
    # POSSIBLE, not VALID: a number written down wrongly or from another plan is still personal data.
    matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        start, end = match.start, match.end
        # The matcher may take an opening bracket of the sentence along; keep digits and "+" at the ends.
        while start < end and not (text[start].isdigit() or text[start] == "+"):
            start += 1
        while end > start and not text[end - 1].isdigit():
            end -= 1
        number = text[start:end]
        # Short numbers (Luxembourg allows 4 digits) are years and counts far more often than phones.
        if sum(c.isdigit() for c in number) >= 6 and not _DATE_LIKE.fullmatch(number):
            yield start, end


# --- the redactor --------------------------------------------------------------------------------


class Redactor:
    """Finds and replaces personal data in free text. Build once per case; thread-safe to use."""

    def __init__(self, known: KnownIdentifiers | None = None, *, detectors: Sequence[Detector] = ()) -> None:
        self.known = known or KnownIdentifiers()
        self.detectors = tuple(detectors)
        self._known_patterns: list[tuple[re.Pattern[str], EntityType, int | None]] = []
        persons: dict[int, set[str]] = {}
        for number, name in self.known.persons:
            persons.setdefault(number, set()).update(_name_variants(name))
        for number, variants in sorted(persons.items()):
            self._add(_name_pattern(variants), EntityType.PERSON, number)
        for handle in self.known.handles:
            bare = fold_word(handle.lstrip("@"))
            self._add(r"(?<![\w.])@?" + re.escape(bare) + r"(?![\w])", EntityType.HANDLE, None)
        for place in self.known.places:
            self._add(_name_pattern(_name_variants(place)), EntityType.PLACE, None)
        if self.known.birth_date is not None:
            self._add(_date_pattern(_date_variants(self.known.birth_date)), EntityType.BIRTH_DATE, None)
        for values, kind in ((self.known.inmate_numbers, EntityType.INMATE_NUMBER),
                             (self.known.other_ids, EntityType.ID_NUMBER)):  # fmt: skip
            for value in values:
                for form in filter(None, (_token_pattern(value), _token_pattern(_digit_core(value) or ""))):
                    self._add(form, kind, None)

    def _add(self, pattern: str, kind: EntityType, person: int | None) -> None:
        self._known_patterns.append((re.compile(pattern), kind, person))

    def find(self, text: str, lang: str = "en") -> tuple[Finding, ...]:
        """Every finding in ``text``, overlaps resolved (known identifiers first, then the longest)."""
        found: list[Finding] = []
        folded, origin = fold(text)
        for pattern, kind, person in self._known_patterns:
            for m in pattern.finditer(folded):
                if m.end() > m.start():
                    start, end = origin[m.start()], origin[m.end() - 1] + 1
                    found.append(Finding(start, end, kind, "known", person))
        found.extend(self._structured(text, lang))
        for detector in self.detectors:
            found.extend(detector.detect(text, lang))
        return _resolve(found, text)

    def _structured(self, text: str, lang: str) -> Iterable[Finding]:
        def spans(regex: re.Pattern[str], kind: EntityType, check: Callable[[str], bool] | None = None):  # type: ignore[no-untyped-def]
            for m in regex.finditer(text):
                if check is None or check(m.group()):
                    yield Finding(m.start(), m.end(), kind, "pattern")

        yield from spans(_EMAIL, EntityType.EMAIL)
        for m in _URL.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in ".,;:!?":
                end -= 1
            yield Finding(m.start(), end, EntityType.URL, "pattern")
        yield from spans(_HANDLE, EntityType.HANDLE)
        from stdnum import iban

        yield from spans(_IBAN, EntityType.IBAN, iban.is_valid)
        for regex in (_HETU, _DIGITS, _ALNUM_ID):
            yield from spans(regex, EntityType.ID_NUMBER, _is_national_id)
        for start, end in _phones(text, lang):
            yield Finding(start, end, EntityType.PHONE, "pattern")
        for m in _PHONE_LIKE.finditer(text):
            if sum(c.isdigit() for c in m.group()) >= 7 and not _DATE_LIKE.fullmatch(m.group()):
                yield Finding(m.start(), m.end(), EntityType.PHONE, "pattern")
        streets = (_STREET_SUFFIX, _STREET_PREFIX, _STREET_PREFIX_BARE, _STREET_NORDIC, _STREET_NUMBER_FIRST,
                   _STREET_GREEK, _STREET_EN)  # fmt: skip
        for regex in streets:
            yield from spans(regex, EntityType.ADDRESS)
        for regex in _PLATES:
            yield from spans(regex, EntityType.VEHICLE_PLATE)

    def redact(
        self, text: str, lang: str = "en", *, words: Callable[[EntityType], str] | None = None
    ) -> Redacted:
        """Replace every finding by ``[TYPE]`` (persons: ``[PERSON n]``), in the words given.

        ``words`` gives the localised word for a type, e.g. ``lambda t: loc.text(f"redaction.{t.value}")``;
        the default is the English upper-case type name.
        """
        word = words or (lambda t: t.value.replace("_", " ").upper())
        findings = self.find(text, lang)
        out = []
        last = 0
        for f in findings:
            out.append(text[last : f.start])
            label = word(f.type)
            out.append(f"[{label} {f.person}]" if f.person is not None else f"[{label}]")
            last = f.end
        out.append(text[last:])
        return Redacted("".join(out), findings)


# When findings of the same length overlap, the more specific type names the replacement.
_RANK = {t: i for i, t in enumerate([
    EntityType.EMAIL, EntityType.URL, EntityType.IBAN, EntityType.ID_NUMBER, EntityType.PHONE,
    EntityType.ADDRESS, EntityType.BIRTH_DATE, EntityType.INMATE_NUMBER, EntityType.PERSON,
    EntityType.HANDLE, EntityType.PLACE, EntityType.VEHICLE_PLATE,
])}  # fmt: skip


def words_in(localizer: Any) -> Callable[[EntityType], str]:
    """The replacement words of a :class:`~desistkit.Localizer`: ``PERSON``, ``PERSONNE``, ..."""
    return lambda kind: str(localizer.text(f"redaction.{kind.value}"))


def _resolve(found: list[Finding], text: str) -> tuple[Finding, ...]:
    """Non-overlapping findings. Overlapping findings become one covering their union, so no part
    of any finding survives (an e-mail address that contains the client's name goes whole); it is
    named after the longest of them. Adjacent parts of one person's name merge too."""
    clusters: list[list[Finding]] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if clusters and f.start < max(c.end for c in clusters[-1]):
            clusters[-1].append(f)
        else:
            clusters.append([f])
    merged: list[Finding] = []
    for cluster in clusters:
        best = min(cluster, key=lambda f: (-(f.end - f.start), not f.known, _RANK[f.type]))
        source = "known" if any(f.known for f in cluster) else best.source
        f = attrs.evolve(best, start=cluster[0].start, end=max(c.end for c in cluster), source=source)
        prev = merged[-1] if merged else None
        same_person = prev is not None and f.person is not None and prev.person == f.person
        if prev is not None and same_person and not text[prev.end : f.start].strip():
            merged[-1] = attrs.evolve(prev, end=f.end)
        else:
            merged.append(f)
    return tuple(merged)
