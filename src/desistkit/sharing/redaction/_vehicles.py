"""Vehicle registration plates of the EU states."""

from __future__ import annotations

import re
from collections.abc import Iterator

from desistkit.sharing.redaction._patterns import any_of, pattern_findings
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


class VehicleDetector:
    """Registration plates in the national formats."""

    name = "vehicle"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        return pattern_findings(
            text, _PLATES, EntityType.VEHICLE_PLATE, readings=_plate_readings, starts=_plate_starts
        )


def _plate_starts(reading: str) -> list[int]:
    return [m.start() for m in _PLATE_START.finditer(reading)]


def _plate_readings(text: str) -> list[str]:
    if _ANY_PLATE_WORD.search(text.casefold()):
        return [text, text.translate(_LOOK_ALIKE)]  # same length: the spans hold
    return [text]
