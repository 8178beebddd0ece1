"""Vehicle registration plates of the EU states."""

from __future__ import annotations

import re
from collections.abc import Iterator

from desistkit.sharing.redaction._patterns import any_of, pattern_findings
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["VehicleDetector"]

# An amount is not a plate: EUR 2000, PLN 15000.
_CURRENCY = r"(?:EUR|USD|GBP|CHF|PLN|CZK|HUF|SEK|DKK|RON|BGN|NOK)\b"
_PLATES = [
    re.compile(r"[A-ZÄÖÜ](?<![\w-].)[A-ZÄÖÜ]{0,2}[\s-][A-Z]{1,2}[\s-]?\d{1,4}[EH]?(?![\w-])"),  # DE, AT
    re.compile(r"[A-Z](?<![\w-].)[A-Z]-\d{3}-[A-Z]{2}(?![\w-])"),  # FR
    re.compile(r"[A-Z](?<![\w-].)[A-Z]\s?\d{3}\s?[A-Z]{2}(?![\w-])"),  # IT
    re.compile(r"\d(?<![\w-].)\d{3}[\s-]?[B-DF-HJ-NP-TV-Z]{3}(?![\w-])"),  # ES
    re.compile(r"[A-Z](?<![\w-].)[A-Z]?\s\d{4}\s[A-Z]{1,2}(?![\w-])"),  # ES, before 2000
    re.compile(r"[A-Z](?<![\w-].)[A-Z]{1,2}-\d{1,3}(?![\w-])"),  # FI, SE, DK
    # GR; not an amount (EUR 2000) nor a year
    re.compile(r"(?<![\w-])(?!" + _CURRENCY + r")[A-Z]{3}[\s-]?(?!(?:19|20)\d\d)\d{4}(?![\w-])"),
    # NL side codes: three groups, at least one digit and one letter
    re.compile(
        r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2}(?![\w-])"
    ),
    re.compile(
        r"(?<![\w-])(?!" + _CURRENCY + r")[A-Z]{2,3}\s(?=[0-9A-Z]*\d)[0-9A-Z]{4,5}(?![\w-])"
    ),  # PL, CZ, GR, SE
]


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
        return pattern_findings(text, _PLATES, EntityType.VEHICLE_PLATE, readings=_plate_readings)


# Every plate above has a capital next to a digit, or one separator between them (AB 123, 12-AB,
# CD12): a reading without one has no plate, and the nine patterns need not run over it.
_CAPITAL_BY_DIGIT = re.compile(r"[A-Z][\s-]?\d|\d[\s-]?[A-Z]")


def _plate_readings(text: str) -> list[str]:
    readings = [text]
    if _ANY_PLATE_WORD.search(text.casefold()):
        readings.append(text.translate(_LOOK_ALIKE))  # same length: the spans hold
    return [r for r in readings if _CAPITAL_BY_DIGIT.search(r)]
