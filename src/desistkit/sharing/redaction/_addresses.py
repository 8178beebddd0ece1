"""Street addresses in the ways the EU languages write them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._patterns import alternation, led_by_class
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["AddressDetector"]

# The street patterns are kept as their sources and compiled on first use (_pattern).
# Street names are capitalised in every EU language; the number is 1-4 digits (or a range or
# stair/flat like 62/45, 8-5), not a year, maybe followed by a flat and a postcode with the town.
_HOUSE_NUMBER = (
    r"\d{1,4}(?:\s?[/-]\s?\d{1,4})?(?!\d)(?:[a-zA-Z]|\s[A-Z])?(?![\w])"
    r"(?:,?\s*(?i:apt\.|apto\.|puerta|piso|piano|appartamento|interno|scala|lok\.|m\.|bus|boîte)\s*\d{1,4})?"
    r"(?:\s*,\s*\d{4,5}\s+[A-ZÀ-Ý][\w\-]+)?"
)
_NOT_A_YEAR = r"(?!(?:19|20)\d\d(?!\s?[/-]))"


def _words(alternatives: str) -> str:
    """The words of a flat alternation ("rue|c\\.|..."), as a trie (:func:`alternation`): every
    word below is followed by a space or a number, which no longer word can continue with, so
    the trie matches exactly what the flat alternation did, three times faster."""
    return alternation([w.replace("\\", "") for w in alternatives.split("|")], ignorecase=True)


def _led(alternatives: str) -> str:
    """:func:`led_by_class` for the words of a flat alternation ("rue|c\\.|...")."""
    return led_by_class([w.replace("\\", "") for w in alternatives.split("|")])


# The words each street pattern cannot match without (the street word it is built around).
_SUFFIX_WORDS = (
    r"straße|strasse|str\.|str|gasse|weg|platz|allee|ring|damm|ufer|chaussee|pfad|stieg|kamp|"
    r"straat|laan|gracht|plein|kade|singel|steeg|dreef|pad|hof|baan|markt|boulevard|gade|vej|gatan|gata|vägen|väg|"
    r"katu|tie|kuja|polku|bulevardi|raitti|kaari|rinne|väylä|tori|aukio|ranta|tänav|utca|út|iela|"
    r"gatvė"
)
_NORDIC_WORDS = r"katu|tie|polku|kuja|bulevardi|väylä|raitti|gatan|gata|vägen|väg|vej|gade"
_LOWER_WORDS = (
    r"ul\.|ulica|ulice|al\.|aleja|os\.|osiedle|rue|avenue|strada|calle|avda\.|avenida|rua|"
    r"odos|leoforos|οδός|οδού|λεωφόρος|улица|ул\."
)
_SUFFIX_LOWER_WORDS = (
    r"straße|strasse|str\.|gasse|weg|allee|straat|laan|gracht|gatan|vägen|gade|vej|katu|utca|iela|gatvė|tänav"
)
_EN_LOWER_WORDS = r"street|road|avenue|lane|drive|st\.|rd\."
_FRENCH_WORDS = r"rue|avenue|av\.|boulevard|bd|bd\.|bld|chemin|place|allée|impasse|quai"
_EN_WORDS = r"Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Way|Close|Court|Terrace"
_STREET_SUFFIX = (
    r"[A-ZÀ-ÝĀ-ž](?<![\w].)[\w\-]*(?:\s(?=(?i:katu|tie|gatan|gata|vej|straße|strasse)))?"
    r"(?i:" + _words(_SUFFIX_WORDS) + r")\s*" + _NOT_A_YEAR + _HOUSE_NUMBER
)
_STREET_WORDS = (
    r"rue|avenue|boulevard|chemin|place|allée|impasse|quai|cours|via|viale|piazza|piazzale|corso|"
    r"largo|vicolo|borgo|contrada|strada|stretto|canale|incrocio|rotonda|traversa|salita|lungomare|"
    r"calle|c/|c\.|callejón|avenida|avda\.|paseo|plaza|pza\.|camino|carretera|cañada|acceso|vial|pasaje|"
    r"pasadizo|ronda|rambla|cuesta|subida|bajada|plazuela|senda|vereda|"
    r"glorieta|alameda|urbanización|travesía|rua|travessa|bulevardul|ul\.|ulica|al\.|aleja|pl\.|plac|"
    r"os\.|osiedle|ulice|náměstí|nám\.|οδός|οδό|οδού|οδ\.|πλατεία|πλ\.|λεωφόρος|λεωφ\.|ул\.|улица|"
    r"бул\.|булевард|iela|triq|odos|odou|leoforos|leof\.|plateia|str\.|bd\.|b-dul|bdul\.|calea|șos\.|"
    r"sos\.|bul\.|av\.|p\.za|p\.zza|v\.le"
)
# Maltese joins the article to the name ("Triq il-Kbira", "Triq ix-Xatt", "Triq tal-Ħriereb").
_CONNECTORS = r"(?:(?i:de|del|della|di|da|do|dos|des|du|la|le|l'|d'|i[lrstxżnċdz]-|l-|ta'|tal-)\s*)*"
_CAPITAL = r"[A-ZÀ-ÝĀ-žΑ-ΩΆ-ΏА-ЯŁŚŻŹĆŃ]"
_STREET_PREFIX = (
    _led(_STREET_WORDS) + r"\s+" + _CONNECTORS + _CAPITAL + r"[\w.'\-]*(?:\s+[\w.'\-]+){0,4}?"
    r",?\s*(?:n[°o.]\s*|nr\.?\s*)?" + _NOT_A_YEAR + _HOUSE_NUMBER
)
# Without a number: the keyword and the capitalised words of the name (rue Saint-Jacques).
_STREET_PREFIX_BARE = (
    _led(_STREET_WORDS) + r"\s+" + _CONNECTORS + _CAPITAL + r"[\w.'\-]*"
    r"(?:\s+(?:" + _CONNECTORS + _CAPITAL + r"[\w.'\-]*))*"
)
# Nordic street names may be two words: Waseniuksen puistotie 10, Nils Westermarckin katu 33.
_STREET_NORDIC = (
    r"" + _CAPITAL + r"(?<![\w].)[\w\-]*\s(?:" + _CAPITAL + r"[\w\-]*\s){0,2}[a-zåäöæø\-]*"
    r"(?:" + _NORDIC_WORDS + r")\s*" + _NOT_A_YEAR + _HOUSE_NUMBER
)
# Lower case after an unambiguous street word ("ul. sosnowiecka 12"); "via" or "place" also
# begin ordinary phrases, so they keep the capital.
_STREET_LOWER = (
    _led(_LOWER_WORDS) + r"\s+[^\W\d_][\w.'\-]*(?:\s+[^\W\d_][\w.'\-]*){0,2}?"
    r",?\s*" + _NOT_A_YEAR + _HOUSE_NUMBER
)
# A lower-case compound street name: brunnweberstraße 14.
_STREET_SUFFIX_LOWER = (
    r"(?<![\w])[^\W\d_]{3,}(?:" + _SUFFIX_LOWER_WORDS + r")\s*" + _NOT_A_YEAR + _HOUSE_NUMBER
)
# Czech and Slovak: a capitalised street and the two house numbers, Hvězdoletá 1527/68b.
_STREET_CZ = _CAPITAL + r"(?<![\w].)[\w\-]*(?:\s+[\w\-]+){0,2}\s+\d{1,5}/\d{1,4}[a-zA-Z]?(?![\w/])"
# English, lower case: one word between the number and the street word (14 brunvale road).
_STREET_EN_LOWER = r"\d(?<![\w].)\d{0,3}\s+[^\W\d_]{3,}\s(?:" + _EN_LOWER_WORDS + r")(?![\w])"
# Hungarian, Baltic, Slovene, Croatian, Czech and Slovak addresses write the street word after the
# name, as a word of its own: Andrássy út 14, Brīvības iela 14, Vilniaus gatvė 14, Pärnu maantee 14,
# Slovenska cesta 14. Abbreviations that are also words elsewhere (u., g., tn) only in their language.
_AFTER_WORDS = r"utca|út|körút|iela|gatvė|gatve|tänav|maantee|puiestee|cesta|ulica|ulice|trieda|nábrežie|trg"
_AFTER_ABBREVIATIONS = {
    "hu": r"u\.|krt\.|tér|köz|sor", "lv": r"bulv\.|bulvāris|laukums|gatve",
    "lt": r"g\.|pr\.|prospektas|al\.|alėja", "et": r"tn\.|tn|mnt\.|mnt|pst\.|pst|tee",
    "sl": r"ul\.|c\.", "hr": r"ul\.", "cs": r"ul\.|nám\.", "sk": r"ul\.|nám\.",
}  # fmt: skip


def _street_after(words: str) -> str:
    """A capitalised name of up to three words, then one of ``words`` and the house number."""
    name = _CAPITAL + r"(?<![\w].)[\w\-]*(?:\s+[\w\-]+){0,2}?"
    return name + r"\s+(?i:" + _words(words) + r")\s*" + _NOT_A_YEAR + _HOUSE_NUMBER


# What may follow a street: a postcode of any EU form and the town (dropped with the street).
_POSTCODE = r"(?:\d{2}-\d{3}|\d{3}\s\d{2}|\d{4}\s?[A-Z]{2}|[A-Z]-?\d{4,5}|\d{4,5}|[A-Z]\d{2}\s?[A-Z0-9]{4})"
_TOWN = r"[A-ZÀ-ÝĀ-žΑ-ΩΆ-ΏА-Я][\w\-]+(?:[ \-][A-ZÀ-ÝĀ-žΑ-ΩΆ-ΏА-Я][\w\-]+)?"
_AFTER_STREET = re.compile(r"\s*,?\s*(?:" + _POSTCODE + r"\s+)?" + _TOWN)
_ENDS_IN_POSTCODE = re.compile(_POSTCODE + r"$")
_STREET_NUMBER_FIRST = (
    r"\d(?<![\w].)\d{0,3}[a-z]?,?\s+(?i:" + _FRENCH_WORDS + r")\s+"
    r"(?:(?i:de|du|des|la|le|l'|d')\s*)*[A-ZÀ-Ý][\w'\-]*(?:\s+[A-ZÀ-Ý][\w'\-]*){0,3}"
)


@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    """A street pattern compiled on first use: most processes (a deck for the internal audience)
    import the detectors but never redact an address, and compiling them all cost every process
    about 10 ms at import."""
    return re.compile(source)


# Greek street names are genitives: Ερμού 12, Πατησίων 45, Φυτείας 063.
_STREET_GREEK = r"[Α-ΩΆ-Ώ](?<![\w].)[α-ωά-ώ]+(?:ου|ού|ων|ών|ας|άς|ης|ής|ίας)\s" + _NOT_A_YEAR + _HOUSE_NUMBER
_GREEK_CAPITAL = re.compile(r"[Α-ΩΆ-Ώ]")  # what _STREET_GREEK starts with
_STREET_EN = r"\d(?<![\w].)\d*\s+(?:[A-Z][\w']+\s){1,3}(?:" + _EN_WORDS + r")(?![\w])"


# Each pattern tried on a note with a street word and a digit, in this order, with the words it is
# built around (None: no such words). A pattern none of whose words is in the case-folded note
# cannot match: every character IGNORECASE takes for a letter of these words folds to that letter's
# case fold (tests check all of Unicode), except İ and ı, which it takes for "i".
_STREETS = (
    (_STREET_SUFFIX, _SUFFIX_WORDS), (_STREET_PREFIX, _STREET_WORDS), (_STREET_PREFIX_BARE, _STREET_WORDS),
    (_STREET_NORDIC, _NORDIC_WORDS), (_STREET_NUMBER_FIRST, _FRENCH_WORDS), (_STREET_EN, _EN_WORDS),
    (_STREET_GREEK, None), (_STREET_LOWER, _LOWER_WORDS), (_STREET_SUFFIX_LOWER, _SUFFIX_LOWER_WORDS),
    (_STREET_EN_LOWER, _EN_LOWER_WORDS),
)  # fmt: skip


_STREET_GROUPS = frozenset(words for _, words in _STREETS if words is not None)


def _sources(norm: str, has_digit: bool, lang: str) -> tuple[str, ...]:
    """The street patterns to try on ``norm``, in order: every one that can match it. Without a
    digit only the bare "rue Saint-Jacques" form of an address can occur; with one, the patterns
    whose words occur in it (:func:`_words_in`; the Greek genitive has none: it is tried when any
    street word is there or a Greek capital), the Czech one if a "/" is there."""
    if not has_digit:
        sources: tuple[str, ...] = (_STREET_PREFIX_BARE,)
        groups: frozenset[str] = frozenset()
    else:
        groups = _words_in(norm, lang)
        if groups.isdisjoint(_STREET_GROUPS):
            sources = (_STREET_GREEK,) if _GREEK_CAPITAL.search(norm) else ()
        else:
            sources = tuple(source for source, words in _STREETS if words is None or words in groups)
    if lang in ("cs", "sk") and "/" in norm:
        sources += (_STREET_CZ,)
    if has_digit:
        if _AFTER_WORDS in groups:
            sources += (_street_after(_AFTER_WORDS),)
        abbreviations = _AFTER_ABBREVIATIONS.get(lang)
        if abbreviations and abbreviations in groups:
            sources += (_street_after(abbreviations),)
    return sources


def _words_in(norm: str, lang: str) -> frozenset[str]:
    """The word groups (of :data:`_STREETS`, the street-word-after words and ``lang``'s
    abbreviations) one of whose case-folded words occurs in the case-folded ``norm``: what a search
    for each would say, from one scan. The scan finds, from each place a word begins, the longest
    one there (the trie tries longer words first); every other one beginning there is a prefix of
    it, so its groups hold theirs."""
    words, groups_of, every_group = _word_scan(lang if lang in _AFTER_ABBREVIATIONS else "")
    if "İ" in norm or "ı" in norm:
        # Typed with Turkish casing ("VİA ROMA 12"): IGNORECASE takes İ and ı for "i", the case fold
        # does not, so no word can rule a pattern out; all are tried.
        return every_group
    folded = norm.casefold()
    groups: frozenset[str] = frozenset()
    at = 0
    while (m := words.search(folded, at)) is not None:
        groups |= groups_of[m.group()]
        at = m.start() + 1
    return groups


# Keyed by a language with street abbreviations of its own, or "": at most nine entries.
@functools.cache
def _word_scan(lang: str) -> tuple[re.Pattern[str], dict[str, frozenset[str]], frozenset[str]]:
    """One pattern of every case-folded word of the word groups a note in ``lang`` can need
    (:data:`_STREETS`', the street-word-after words, ``lang``'s abbreviations); for each such word
    the groups of it and of its prefixes among them; and every group."""
    every_group = [*_STREET_GROUPS, _AFTER_WORDS]
    if lang:
        every_group.append(_AFTER_ABBREVIATIONS[lang])
    group_of: dict[str, set[str]] = {}
    for group in every_group:
        for w in group.split("|"):
            group_of.setdefault(w.replace("\\", "").casefold(), set()).add(group)
    groups_of = {
        word: frozenset(g for n in range(1, len(word) + 1) for g in group_of.get(word[:n], ()))
        for word in group_of
    }
    return re.compile(alternation(group_of)), groups_of, frozenset(every_group)


class AddressDetector:
    """Streets with a number (and the postcode and town after them), or a street word and a name."""

    name = "address"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        v = view(text)
        norm = v.text
        for source in _sources(norm, v.has_digit, lang):
            for m in _pattern(source).finditer(norm):
                yield Finding(*v.span(m.start(), _town_end(norm, m.end())), EntityType.ADDRESS, "pattern")


_DIGIT = re.compile(r"\d")


def _town_end(norm: str, end: int) -> int:
    """Where the postcode and town after a street end: taken only if a postcode is there."""
    after = _AFTER_STREET.match(norm, end)
    if after is None:
        return end
    if _DIGIT.search(after.group()) or _ENDS_IN_POSTCODE.search(norm, 0, end):
        return after.end()
    return end
