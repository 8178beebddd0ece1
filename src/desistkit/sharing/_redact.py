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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

from desistkit.core.model import ClientIdentity
from desistkit.sharing._dates import find_date
from desistkit.sharing._fold import fold, fold_word

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
    place: int | None = None  # which of the case's places, for generalising it to its region

    @property
    def known(self) -> bool:
        return self.source == "known"


@runtime_checkable
class Detector(Protocol):
    """A pluggable finder, e.g. a named-entity recogniser (Presidio, spaCy) as an optional extra.

    ``detect`` returns findings for ``text`` written in ``lang`` (an ISO 639-1 code).
    """

    name: str

    def detect(self, text: str, lang: str) -> Iterable[Finding]:
        """The spans of ``text`` (written in ``lang``) to replace."""
        ...


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
        handles = [a for a in identity.aliases if looks_like_handle(a)]
        persons += [(1, a) for a in identity.aliases if not looks_like_handle(a)]
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


def looks_like_handle(alias: str) -> bool:
    """An alias that is a handle (``@name``, or with digits, ``_`` or ``.``), not a person's name."""
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


@functools.lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    """Compiled once per process: services redact notes of the same cases again and again."""
    return re.compile(pattern)


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
_ENDINGS = frozenset(
    [
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        "ie",
        "ou",
        "ui",
        "ai",
        "us",
        "em",
        "om",
        "ej",
        "ovi",
        "owi",
        "iem",
        "emu",
        "ille",
        "lle",
        "n",
        "sta",
        "ssa",
        "lla",
    ]
)


def _token_pattern(value: str) -> str | None:
    """An identifier matched with any separators between its characters: JVA-4471/23, jva 4471 23."""
    chars = re.sub(r"[^0-9a-z]", "", fold_word(value))
    if len(chars) < 3:
        return None
    return r"(?<![0-9a-z])" + r"(?:\W|_){0,2}".join(map(re.escape, chars)) + r"(?![0-9a-z])"


def _digit_core(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) >= 4 and digits != re.sub(r"[\W_]", "", value) else None


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
# Most notes have no street word at all; a substring test of each (in C) is far cheaper than one
# case-insensitive alternation of them, and lets the street patterns be skipped.
_STREET_HINTS = tuple(
    sorted({w.replace("\\", "") for w in _STREET_WORDS.split("|")} | {
        "straße", "strasse", "str.", "gasse", "weg", "platz", "allee", "ring", "damm", "ufer", "chaussee",
        "straat", "laan", "gracht", "plein", "kade", "singel", "steeg", "dreef", "pad", "hof", "baan",
        "markt", "boulevard", "gade", "vej", "gata", "väg", "katu", "tie", "kuja", "polku", "bulevardi",
        "raitti", "kaari", "rinne", "väylä", "tori", "aukio", "ranta", "tänav", "utca", "út", "gatvė",
        "street", "st.", "road", "rd.", "ave.", "lane", "drive", "way", "close", "court", "terrace",
    })
)  # fmt: skip


def _has_street_word(text: str) -> bool:
    low = text.casefold()
    return any(word in low for word in _STREET_HINTS)


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


# How many letters and digits each number has, written compactly: only those validators run.
_ID_LENGTHS = {
    "at.vnr": (10,), "be.nn": (11,), "bg.egn": (10,), "cz.rc": (9, 10), "de.idnr": (11,),
    "dk.cpr": (10,), "ee.ik": (11,), "es.dni": (9,), "es.nie": (9,), "fi.hetu": (10, 11), "fr.nir": (15,),
    "gr.amka": (11,), "hr.oib": (11,), "ie.pps": (8, 9), "it.codicefiscale": (16,), "lt.asmens": (11,),
    "lv.pvn": (11,), "nl.bsn": (8, 9), "pl.pesel": (11,), "pt.cc": (12,), "ro.cnp": (13,),
    "se.personnummer": (10, 12), "si.emso": (13,), "sk.rc": (9, 10),
}  # fmt: skip


@functools.cache
def _id_validators() -> dict[int, tuple[Callable[[str], bool], ...]]:
    import importlib

    by_length: dict[int, list[Callable[[str], bool]]] = {}
    for module in _ID_MODULES:
        is_valid = importlib.import_module(f"stdnum.{module}").is_valid
        for length in _ID_LENGTHS[module]:
            by_length.setdefault(length, []).append(is_valid)
    return {k: tuple(v) for k, v in by_length.items()}


def _is_national_id(candidate: str) -> bool:
    if _DATE_LIKE.fullmatch(candidate):
        return False
    compact = re.sub(r"[\s.]", "", candidate)
    validators = _id_validators().get(sum(c.isalnum() for c in compact), ())
    for is_valid in validators:
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


# A run of digits with the separators phone numbers are written with, maybe after "+" or "(".
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|\(\+?)?\d[\d\s()./-]{4,22}\d(?![\w])")
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def _phones(text: str, lang: str) -> Iterable[tuple[int, int]]:
    """Phone numbers: candidates by pattern, each parsed by phonenumbers for the regions of the
    language (a number noted down wrongly, or from another plan, is still personal data)."""
    import phonenumbers

    regions = _REGIONS.get(lang, ("DE", "FR"))
    for m in _PHONE_CANDIDATE.finditer(text):
        candidate = m.group()
        digits = sum(c.isdigit() for c in candidate)
        if digits < 6 or _DATE_LIKE.fullmatch(candidate):
            continue
        # An opening bracket belongs to the number only if the number closes it: "(0170) 555".
        start = m.start() + (1 if candidate.startswith("(") and ")" not in candidate else 0)
        if candidate.lstrip("(").startswith(("+", "0")) and digits >= 7:
            # Written like a phone number (trunk or international prefix), whatever the plan says.
            yield start, m.end()
            continue
        for region in regions:
            try:
                number = phonenumbers.parse(candidate, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_possible_number(number):
                yield start, m.end()
                break


# --- the redactor --------------------------------------------------------------------------------


class _NameIndex:
    """Known names matched word by word, without a regular expression per case.

    Compiling patterns for every case cost more than redacting its notes; a dictionary from the
    first letters of each name variant to the variants is built in microseconds instead.
    """

    def __init__(self) -> None:
        self._by_prefix: dict[str, list[tuple[tuple[str, ...], bool, EntityType, int | None]]] = {}

    def add(self, name: str, kind: EntityType, person: int | None) -> None:
        for variant in _name_variants(name):
            words = tuple(_WORD.findall(variant))  # Karl-Dieter: two words, as the text is read
            if not words:
                continue
            self._by_prefix.setdefault(words[0][:3], []).append((words, False, kind, person))
            if len(words) > 1:  # "Koch II", "El Mansouri": the long parts alone identify too
                for word in words:
                    if len(word) >= 4:
                        self._by_prefix.setdefault(word[:3], []).append(((word,), False, kind, person))
            last = words[-1]
            if 4 <= len(last) <= 5 and last[-1] in _VOWELS:  # Anna -> Annie, Annę; Jana -> Janou
                stem = (*words[:-1], last[:-1])
                self._by_prefix.setdefault(stem[0][:3], []).append((stem, True, kind, person))

    def __bool__(self) -> bool:
        return bool(self._by_prefix)

    def find(self, folded: str) -> Iterator[tuple[int, int, EntityType, int | None]]:
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        for i, (start, _, token) in enumerate(tokens):
            if start and folded[start - 1] == "@":
                continue
            for words, stem_only, kind, person in self._by_prefix.get(token[:3], ()):
                last = i + len(words) - 1
                if last >= len(tokens):
                    continue
                same = all(tokens[i + j][2] == w for j, w in enumerate(words[:-1]))
                if same and _inflects(tokens[last][2], words[-1], stem_only):
                    yield start, tokens[last][1], kind, person


_WORD = re.compile(r"\w+")


def _inflects(token: str, word: str, stem_only: bool) -> bool:
    """Whether ``token`` is ``word`` or an inflected form of it (both folded).

    Long names take any ending of up to six letters (Kowalsk-iego, Virtase-lle); short ones only the
    case endings of the inflecting languages (Bas-a, Ann-ie), so that 'Anna' does not find 'annual'.
    """
    if stem_only:
        return token.startswith(word) and token[len(word) :] in _ENDINGS
    if token == word:
        return True
    if len(word) >= 4:
        return token.startswith(word) and len(token) - len(word) <= 6
    if len(word) == 3 and word[-1] not in _VOWELS:
        return token.startswith(word) and token[3:] in _ENDINGS
    return False


class Redactor:
    """Finds and replaces personal data in free text. Build once per case; thread-safe to use."""

    def __init__(
        self,
        known: KnownIdentifiers | None = None,
        *,
        detectors: Sequence[Detector] = (),
        regions: Mapping[str, str] | None = None,
    ) -> None:
        """``regions`` maps the case's places to a region to write instead of ``[PLACE]``."""
        self.known = known or KnownIdentifiers()
        self.detectors = tuple(detectors)
        self._regions = [(regions or {}).get(place) for place in self.known.places]
        self._names = _NameIndex()
        for number, name in self.known.persons:
            self._names.add(name, EntityType.PERSON, number)
        for index, place in enumerate(self.known.places):
            self._names.add(place, EntityType.PLACE, index)
        self._known_patterns: list[tuple[re.Pattern[str], EntityType, int | None]] = []
        for handle in self.known.handles:
            bare = fold_word(handle.lstrip("@"))
            self._add(r"(?<![\w.])@?" + re.escape(bare) + r"(?![\w])", EntityType.HANDLE, None)
        for values, kind in ((self.known.inmate_numbers, EntityType.INMATE_NUMBER),
                             (self.known.other_ids, EntityType.ID_NUMBER)):  # fmt: skip
            for value in values:
                for form in filter(None, (_token_pattern(value), _token_pattern(_digit_core(value) or ""))):
                    self._add(form, kind, None)

    def _add(self, pattern: str, kind: EntityType, person: int | None) -> None:
        self._known_patterns.append((_compile(pattern), kind, person))

    def find(self, text: str, lang: str = "en") -> tuple[Finding, ...]:
        """Every finding in ``text``, overlaps resolved (known identifiers first, then the longest)."""
        found: list[Finding] = []
        folded, origin = fold(text)
        for start, end, kind, number in self._names.find(folded) if self._names else ():
            begin, stop = origin[start], origin[end - 1] + 1
            if kind is EntityType.PLACE:
                found.append(Finding(begin, stop, kind, "known", place=number))
            else:
                found.append(Finding(begin, stop, kind, "known", number))
        for pattern, kind, person in self._known_patterns:
            for m in pattern.finditer(folded):
                if m.end() > m.start():
                    start, end = origin[m.start()], origin[m.end() - 1] + 1
                    found.append(Finding(start, end, kind, "known", person))
        if self.known.birth_date is not None:
            for start, end in find_date(folded, self.known.birth_date):
                found.append(Finding(origin[start], origin[end - 1] + 1, EntityType.BIRTH_DATE, "known"))
        found.extend(self._structured(text, lang))
        for detector in self.detectors:
            found.extend(detector.detect(text, lang))
        return _resolve(found, text)

    def _structured(self, text: str, lang: str) -> Iterable[Finding]:
        def spans(regex: re.Pattern[str], kind: EntityType, check: Callable[[str], bool] | None = None):  # type: ignore[no-untyped-def]
            for m in regex.finditer(text):
                if check is None or check(m.group()):
                    yield Finding(m.start(), m.end(), kind, "pattern")

        has_at = "@" in text
        has_digit = any(c.isdigit() for c in text)
        if has_at:
            yield from spans(_EMAIL, EntityType.EMAIL)
        for m in _URL.finditer(text) if ("://" in text or "www." in text.lower()) else ():
            end = m.end()
            while end > m.start() and text[end - 1] in ".,;:!?":
                end -= 1
            yield Finding(m.start(), end, EntityType.URL, "pattern")
        if has_at:
            yield from spans(_HANDLE, EntityType.HANDLE)
        yield from self._streets_and_plates(text, spans)
        if not has_digit:  # every remaining kind has digits
            return
        from stdnum import iban

        yield from spans(_IBAN, EntityType.IBAN, iban.is_valid)
        for regex in (_HETU, _DIGITS, _ALNUM_ID):
            yield from spans(regex, EntityType.ID_NUMBER, _is_national_id)
        for start, end in _phones(text, lang):
            yield Finding(start, end, EntityType.PHONE, "pattern")

    @staticmethod
    def _streets_and_plates(text: str, spans: Any) -> Iterable[Finding]:
        # Without a digit only the bare "rue Saint-Jacques" form of an address can occur.
        if not any(c.isdigit() for c in text):
            yield from spans(_STREET_PREFIX_BARE, EntityType.ADDRESS)
            return
        if _has_street_word(text):
            streets = (_STREET_SUFFIX, _STREET_PREFIX, _STREET_PREFIX_BARE, _STREET_NORDIC,
                       _STREET_NUMBER_FIRST, _STREET_EN)  # fmt: skip
            for regex in streets:
                yield from spans(regex, EntityType.ADDRESS)
        yield from spans(_STREET_GREEK, EntityType.ADDRESS)
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
            region = self._regions[f.place] if f.place is not None else None
            if region:
                out.append(region)
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
        same_person = prev is not None and (
            (f.person is not None and prev.person == f.person)
            or (f.place is not None and prev.place == f.place)
        )
        if prev is not None and same_person and not text[prev.end : f.start].strip():
            merged[-1] = attrs.evolve(prev, end=f.end)
        else:
            merged.append(f)
    return tuple(merged)
