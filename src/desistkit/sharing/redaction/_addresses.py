"""Street addresses in the ways the EU languages write them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["AddressDetector"]

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


class AddressDetector:
    """Streets with a number (and the postcode and town after them), or a street word and a name."""

    name = "address"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        v = view(text)
        norm = v.text
        if not any(c.isdigit() for c in norm):
            # Without a digit only the bare "rue Saint-Jacques" form of an address can occur.
            regexes: tuple[re.Pattern[str], ...] = (_STREET_PREFIX_BARE,)
        elif _has_street_word(norm):
            regexes = (_STREET_SUFFIX, _STREET_PREFIX, _STREET_PREFIX_BARE, _STREET_NORDIC,
                       _STREET_NUMBER_FIRST, _STREET_EN, _STREET_GREEK)  # fmt: skip
        else:
            regexes = (_STREET_GREEK,)
        for regex in regexes:
            for m in regex.finditer(norm):
                yield Finding(*v.span(m.start(), m.end()), EntityType.ADDRESS, "pattern")
