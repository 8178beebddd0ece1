"""Vehicle registration plates of the EU states."""

from __future__ import annotations

import functools
import re

from desistkit.sharing.redaction._fold import fold_word
from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._patterns import any_of, pattern_findings
from desistkit.sharing.redaction._third_party import _catalog_words, _stopwords
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["VehicleDetector"]

# An amount is not a plate: EUR 2000, PLN 15000.
_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "PLN", "CZK", "HUF", "SEK", "DKK", "RON", "BGN", "NOK")
# The same test one character later, the code's first letter already read: (?<=E)UR\b, ...
_NOT_CURRENCY = "(?!" + "|".join(f"(?<={c[0]}){c[1:]}\\b" for c in _CURRENCIES) + ")"
# Each plate: its first character and the rest. A plate starts with that character, not after a
# letter, digit or dash (the look-behind is shifted by the one character read).
_PARTS = [
    ("[A-ZÄÖÜ]", r"[A-ZÄÖÜ]{0,2}[\s-][A-Z]{1,2}[\s-]?\d{1,4}[EH]?"),  # DE, AT
    ("[A-Z]", r"[A-Z]-\d{3}-[A-Z]{2}"),  # FR
    ("[A-Z]", r"[A-Z]\s?\d{3}\s?[A-Z]{2}"),  # IT
    (r"\d", r"\d{3}[\s-]?[B-DF-HJ-NP-TV-Z]{3}"),  # ES
    ("[A-Z]", r"[A-Z]?\s\d{4}\s[A-Z]{1,2}"),  # ES, before 2000
    ("[A-Z]", r"[A-Z]{1,2}-\d{1,3}"),  # FI, SE, DK
    ("[A-Z]", _NOT_CURRENCY + r"[A-Z]{2}[\s-]?(?!(?:19|20)\d\d)\d{4}"),  # GR; not an amount nor a year
    # NL side codes: three groups, at least one digit and one letter (the first character is one)
    (
        "[A-Z0-9]",
        r"(?:(?<=\d)|(?=[A-Z0-9-]*\d))(?:(?<=[A-Z])|(?=[A-Z0-9-]*[A-Z]))"
        r"[A-Z0-9]{0,2}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2}",
    ),  # NL
    ("[A-Z]", _NOT_CURRENCY + r"[A-Z]{1,2}\s(?=[0-9A-Z]*\d)[0-9A-Z]{4,5}"),  # PL, CZ, GR, SE
    (r"\d", r"-?[A-Z]{3}-?\d{3}"),  # BE: 1-ABC-123
    ("[A-Z]", r"[A-Z][\s-]\d{3,4}-[A-Z]{1,2}"),  # HR: ZG 1234-AB
    ("[A-Z]", r"[A-Z]?[\s-]\d{2,3}[\s-][A-Z]{3}"),  # RO: B 123 ABC, CJ 12 ABC
    ("[A-Z]", r"[A-Z][\s-]?\d{3}[A-Z]{2}"),  # SK: BA-123AB
    ("[A-Z]", r"[A-Z][\s-]\d{2}[\s-]\d{2,3}[A-Z]?"),  # SI: LJ 12-34A
    (r"\d", r"\d{0,2}-[A-Z]{1,2}-\d{1,6}|\d{0,2}\s[A-Z]{1,2}\s\d{3,6}"),  # IE: 12-D-12345
    (r"\d", r"[A-Z][A-Z0-9][\s-]?\d{4}"),  # CZ: 1A2 3456
    ("[A-Z]", r"[A-Z]?-\d{2,5}[\s-]?[A-Z]{1,3}|[A-Z]?\s\d{5}\s?[A-Z]{1,2}"),  # AT: W-12345A, GU-123 AB
    ("[A-Z]", r"[A-Z]\s?\d{2}\s\d{3}"),  # DK: AB 12 345
    (r"\d", r"\d{2}[\s-]?(?!(?:" + "|".join(_CURRENCIES) + r")\b)[A-Z]{3}"),  # EE: 123 ABC, not 450 EUR
    ("[A-Z]", r"[A-Z]-(?!(?:19|20)\d\d)\d{4}"),  # LV: AB-1234, not a year
    # SE, FI, LT, LV, HU, MT, CY: ABC 123, AAAA-123
    ("[A-Z]", _NOT_CURRENCY + r"[A-Z]{1,3}[\s-]?\d{2}[A-Z0-9]"),
]
_START = r"(?<![\w-].)"
_END = r"(?![\w-])"
_PLATES = [re.compile(first + _START + "(?:" + rest + ")" + _END) for first, rest in _PARTS]
# Where a plate starts: this pattern matches the first character of every plate of the formats (made
# of the same parts; every plate's second character is a capital, a digit, a space or a dash), and no
# other place. Most notes have none; a note with one tries the formats only there.
_PLATE_START = re.compile(
    r"[A-ZÄÖÜ\d]" + _START + r"(?=[A-ZÄÖÜ\d\s-])(?=(?:"
    + "|".join(f"(?<={first})(?:{rest}){_END}" for first, rest in _PARTS)
    + "))"
)  # fmt: skip


# Greek plates use the Greek letters that look like Latin ones; lower case is how people type.
_LOOK_ALIKE = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβεζηικμνορτυχ",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZABEZHIKMNOPTYXABEZHIKMNOPTYX",
)
# Lower-case and Greek-letter plates are read only where the note speaks of a plate: "da 100 al"
# would otherwise be an Italian plate.
_PLATE_WORDS = (
    "kennzeichen", "nummernschild", "plaque", "immatricul", "targa", "matrícula", "matricula",
    "rejestracyj", "tablic", "spz", "poznávac", "evidenčn", "kenteken", "nummerplade", "registrerings",
    "rekisteri", "rendszám", "înmatricul", "inmatricul", "πινακίδ", "регистрационен", "номер",
    "plate", "numurzīm", "registreerimis", "valstybinis", "registrsk", "registarsk", "pinakid",
)  # fmt: skip


_ANY_PLATE_WORD = any_of(_PLATE_WORDS)


# A word and a number that match a plate format but are something else: a car make and its model
# (BMW 320, VW 1600), an institution or a law and its number (JVA 123, StGB 129), a room (Raum 123),
# a common word of the note's language in capitals (DER 123). The formats cannot tell them apart: a
# Lithuanian, Maltese, Finnish or Hungarian plate may read BMW 320. What tells them apart is the
# sentence: a plate is written where the note speaks of a plate (Kennzeichen, plate, rekisteri...),
# a model or a paragraph is not. So such a word and number are a plate only with a plate word in
# their sentence; a real plate spelling one of these words, written without one, is the price.
_MAKES = (
    "bmw", "vw", "vag", "audi", "opel", "ford", "fiat", "seat", "saab", "mini", "jeep", "lada", "alfa",
    "kia", "man", "daf", "byd", "gmc", "mg", "ds", "amg", "nio", "tata", "gaz", "uaz", "vaz", "zaz",
    "tvr", "ram", "dkw", "nsu", "mz", "ktm", "bsa", "ifa",
)  # fmt: skip
_INSTITUTIONS = (
    # German and Austrian prisons, agencies, courts and codes
    "jva", "jsa", "jgh", "bamf", "bka", "lka", "bfv", "lfv", "bnd", "sgb", "bgb", "stgb", "stpo", "jgg",
    "gg", "owig", "zpo", "kjhg", "btmg", "abh", "ams", "ag", "lg", "olg", "bgh", "lsg",
    "bsg", "vg", "ovg", "stvo", "stvg", "bzrg", "ssg", "ja", "asd", "bwh",
    # the EU and other languages' codes, courts and prisons
    "egmr", "eugh", "emrk", "gdpr", "echr", "cedh", "rgpd", "spip", "cpip", "qpr", "qer", "dji",
    "wvs", "wvsv", "kk", "kkw", "kpk", "zk", "brb", "sfs", "rl", "ncp", "cpp", "art", "nr", "sec", "ss",
    # rooms and buildings
    "raum", "room", "haus", "bau", "sala", "aula", "cell", "hall", "flur", "gang",
)  # fmt: skip
# Up to four letters: no format reads a longer word.
_NOT_PLATES = frozenset((*_MAKES, *_INSTITUTIONS))
# The word and the number as these are written: the letters, a space or dash, digits (a model's
# letter before or after them: BMW X5, 320D).
_WORD_AND_NUMBER = re.compile(r"([^\W\d_]+)[\s-]?[A-Z]?\d{1,5}[A-Z]?")


class VehicleDetector:
    """Registration plates in the national formats."""

    name = "vehicle"

    def detect(self, text: str, lang: str) -> list[Finding]:
        v = view(text)
        if not v.has_digit:
            return []  # every plate has one (most notes have none)
        found = list(pattern_findings(text, _PLATES, EntityType.VEHICLE_PLATE, starts=_plate_starts))
        if _ANY_PLATE_WORD.search(v.text.casefold()):
            # A note that speaks of a plate anywhere keeps every reading: where its sentences end
            # is no safe guide ("Kennzeichen Nr. JVA 123", "Kennzeichen:" and the plate on the next
            # line), and a word taken for a plate there costs less than a plate let through.
            return found + _lower_case_plates(text, found)
        return [f for f in found if not _is_a_word(text, f, lang)]


def _lower_case_plates(text: str, upper: list[Finding]) -> list[Finding]:
    """Plates typed in lower case or in Greek letters, read where the note speaks of a plate.

    In that reading a word of the sentence may read as part of a plate: "ist 123 ABC" as "IST 123"
    beside the plate "123 ABC", "is 123 ABC" as a Romanian "IS 123 ABC", "ABC 123 ist" likewise. A
    plate written in capitals was found as it stands; where a reading of this kind overlaps one, a
    word in lower case at its start or end, set off by a space, is the sentence around the plate,
    not a part of it (a plate is typed in one case), and is left out of the span."""
    out = []
    for f in pattern_findings(
        text, _PLATES, EntityType.VEHICLE_PLATE, readings=_look_alike, starts=_plate_starts
    ):
        if any(f.start < g.end and g.start < f.end for g in upper):
            words = [(m.start(), m.end()) for m in _WORD.finditer(text, f.start, f.end)]
            while words and _in_lower_case(text, *words[0]):
                words.pop(0)
            while words and _in_lower_case(text, *words[-1]):
                words.pop()
            if not words or not any(c.isupper() for c in text[words[0][0] : words[-1][1]]):
                continue  # nothing but the words around the plate found
            f = Finding(words[0][0], words[-1][1], f.type, f.source)
        out.append(f)
    return out


_WORD = re.compile(r"\S+")


def _in_lower_case(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    return word.isalpha() and word.islower()


def _is_a_word(text: str, f: Finding, lang: str) -> bool:
    """Whether a plate finding is a car make, an institution or a law, or a common word of the
    note's language (three letters or more), with its number (asked only of a note that has no
    plate word)."""
    m = _WORD_AND_NUMBER.fullmatch(text, f.start, f.end)
    if m is None:
        return False
    word = fold_word(m.group(1))
    return word in _NOT_PLATES or (len(word) >= 3 and word in _common_words(lang))


@functools.cache
def _common_words(lang: str) -> frozenset[str]:
    """The stop words and the catalog's words of ``lang``, folded: a word of these in capitals
    with a number is the language, not a plate."""
    return _stopwords().get(lang, frozenset()) | _catalog_words(lang)


def _plate_starts(reading: str) -> list[int]:
    return [m.start() for m in _PLATE_START.finditer(reading)]


def _look_alike(text: str) -> list[str]:
    return [text.translate(_LOOK_ALIKE)]  # same length: the spans hold
