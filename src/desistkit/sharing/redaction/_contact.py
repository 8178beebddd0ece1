"""Contact data: e-mail addresses, links, social-media handles and phone numbers."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources

from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._patterns import alternation
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["ContactDetector"]

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"'()]+", re.IGNORECASE)
# A link without a scheme: any domain.tld/path (t.me/..., instagram.com/..., wa.me/...).
_BARE_LINK = re.compile(
    r"(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}/[^\s<>\"'()]*", re.IGNORECASE
)
# An address written to fool harvesters: name [at] provider [dot] eu, name(at)provider.eu,
# name at provider dot eu, name @ provider . eu, name[@]provider[.]eu (not "name @provider": that is
# how a handle is written after a word, "account @name.surname"), and the words the EU languages
# read "@" and "." aloud with (arroba, chiocciola, kukac, małpa, zavináč, snabel-a, ...; punto,
# kropka, tečka, pont, piste, ...), the local part maybe obfuscated too (name dot surname at ...).
_AT_WORDS = (
    r"at|ät|arobase|arroba|chiocciola|kukac|małpa|malpa|zavináč|zavinac|snabel-a|snabela|"
    r"apenstaartje|klammeraffe"
)
_AT = r"(?:\s*[\[({<]\s*(?:" + _AT_WORDS + r"|@)\s*[\])}>]\s*|\s+(?:" + _AT_WORDS + r")\s+|\s*@\s+)"
_DOT_WORD = r"(?:dot|punkt|point|punto|punt|pont|ponto|kropka|tečka|tecka|bodka|piste|taškas|punkts|pika)"
# A dot in words, brackets or spaces; a plain "." only in the domain (the local part's own run holds it).
_WORD_DOT = r"(?:\s*[\[({<]\s*(?:" + _DOT_WORD + r"|\.)\s*[\])}>]\s*|\s+" + _DOT_WORD + r"\s+)"
_SPACED_DOT = r"(?:" + _WORD_DOT + r"|\s+\.\s+)"
_DOT = r"(?:" + _SPACED_DOT + r"|\.)"
# At most three dotted words before the "@" (a bound: the engine tries this at every word).
_LOCAL = r"(?<![\w.+-])(?:[\w.+-]+" + _SPACED_DOT + r"){0,3}[\w.+-]+"
_OBFUSCATED_EMAIL = re.compile(
    _LOCAL + _AT + r"[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT + r"[a-z]{2,12}(?![\w])", re.IGNORECASE
)
# What each of the two patterns above cannot do without (a literal or a small class first, which
# the regular expression engine scans for quickly): a dot, a top-level domain and a slash; an "at"
# word with a space or a bracket on each side, an "@" with a space or bracket after it or a bracket
# before. Most notes have neither.
_DOT_TLD_SLASH = re.compile(r"\.[a-z]{2,24}/", re.IGNORECASE)
_AT_WORD = re.compile(r"[\s\[({<](?:" + _AT_WORDS + r")[\s\])}>]|@[\s\])}>]|[\[({<]@", re.IGNORECASE)


@functools.cache
def _tlds() -> tuple[frozenset[str], frozenset[str]]:
    """The top-level domains a bare domain may end with (every country code and the generic ones
    people's sites are under) and, among them, the endings of file names (``_data/tlds.txt``, built
    by tools/build_tld_list.py from the Public Suffix List)."""
    text = resources.files(__package__).joinpath("_data").joinpath("tlds.txt").read_text("utf-8")
    rows = dict(line.split(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return frozenset([*rows["country"].split(), *rows["generic"].split()]), frozenset(rows["file"].split())


# A bare domain: a person's own site, blog or forum is an identifier (zorvektam.eu,
# forum.zorvektam.example.org, zorvektam.eu/profil), and so is one defanged as threat reports write
# them (zorvektam[.]eu, zorvektam(.)eu, zorvektam[dot]eu). Read by _is_domain: a plain dot needs a
# top-level domain of the list written in lower case (or the whole domain in capitals), so "z.B.",
# "e.g.", "bericht.docx", "2.1" and "kam.Es" (a full stop without its space) are no domains.
# Spaced dots ("zorvektam . eu") are not read: prose has " . es", " . de", " . it" too.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_BRACKET_DOT = r"[ ]?[\[({][ ]?(?:" + _DOT_WORD + r"|\.)[ ]?[\])}][ ]?"


@functools.cache
def _domain() -> re.Pattern[str]:
    tlds = alternation(sorted(_tlds()[0]), ignorecase=True)
    return re.compile(
        # At most 16 labels: a "]" or a space before a label lets every label start a match, and an
        # unbounded run made each of them read to the note's end ("a[.]" * 25,000: minutes).
        rf"(?<![\w@./\-])(?:{_LABEL}(?:\.|{_BRACKET_DOT})){{1,16}}{tlds}(?![\w@\-])(?:/[^\s<>\"'()]*)?",
        re.IGNORECASE,
    )


# What a domain cannot do without: a dot with two letters after it (each tried where it starts:
# from the run of label characters before it), or a dot in brackets (then the whole note is read).
_DOT_LETTERS = re.compile(r"\.[A-Za-z]{2}")
_BRACKET_GATE = re.compile(r"[\[({][ ]?(?:\.|(?i:" + _DOT_WORD[3:-1] + r"))[ ]?[\])}]")


def _domains(text: str) -> Iterable[re.Match[str]]:
    """The matches of _domain() in ``text`` that _is_domain takes: those its finditer finds. A
    domain with plain dots has no space, so each is inside a word that has a dot with two letters
    after it; only those words are read (a dot in brackets may have spaces: the whole note)."""
    domain = _domain()
    if _BRACKET_GATE.search(text):
        yield from (m for m in domain.finditer(text) if _is_domain(m.group()))
        return
    end = 0
    for dot in _DOT_LETTERS.finditer(text):
        if dot.start() < end:
            continue  # in the word just read
        # From the space before (or the last word read: a carriage return is no such space) to the next.
        start = max(end, *(text.rfind(space, 0, dot.start()) + 1 for space in " \n\t"))
        found = _SPACE.search(text, dot.end())
        end = found.start() if found else len(text)
        yield from (m for m in domain.finditer(text, start, end) if _is_domain(m.group()))


_SPACE = re.compile(r"\s")


def _is_domain(written: str) -> bool:
    """Whether a match of _domain() is one (see above). A domain that is also a file name's
    ending (notes.md, script.py) needs a subdomain or a path; one label before the top-level
    domain needs two characters and a letter among the labels ("2.de", "a.de" are not)."""
    host, _, path = written.partition("/")
    if "[" in host or "(" in host or "{" in host:
        return True  # a dot in brackets: written so on purpose
    labels = host.split(".")
    tld = labels[-1]
    if not (tld.islower() or host.isupper()):
        return False
    if not any(c.isalpha() for c in "".join(labels[:-1])):
        return False
    return len(labels) > 2 or bool(path) or (len(labels[0]) > 1 and tld.lower() not in _tlds()[1])


# A link defanged as threat reports and forwarded warnings write it: hxxps://, h**p://, http[:]//,
# https[://]; the rest of it up to a space (its dots may be defanged too: zorvektam[.]eu).
_DEFANGED_URL = re.compile(
    r"[hH](?<![\w].)(?:(?:xx|\*\*)ps?(?::|\[:\]|\(:\))//|(?:xx|\*\*|tt)ps?(?:\[:\]//|\[://\]|\(:\)//))"
    r"[^\s<>\"']+",
    re.IGNORECASE,
)
# Each form has "://", "[:" or "(:".
_DEFANGED_MARKS = ("://", "[:", "(:")

# An address with spaces where the harvester-proof forms above have none: "vrelko.tamsin @kavrono.eu",
# "vrelko.tamsin@kavrono . eu", "vrelko . tamsin@kavrono.post . eu": any of its dots and its "@"
# with a space on either side or both, a top-level domain of the list at the end. Read by
# _is_spaced_email.
_SP = r"[ ]?"
# A dot with a space after it but none before is a sentence's end unless a lower-case letter, a
# digit or "_" follows ("vrelko. tamsin@", "kavrono. eu"; not "Ende. Vrelko").
_SPACED_DOT = r"(?:[ ]?\.|\.[ ](?=(?-i:[a-z0-9_]))| \. )"


@functools.cache
def _spaced_email() -> re.Pattern[str]:
    tlds = alternation(sorted(_tlds()[0]), ignorecase=True)
    return re.compile(
        rf"(?<![\w.+-])[\w+-]+(?:{_SPACED_DOT}[\w+-]+){{0,3}}{_SP}@{_SP}[\w-]+(?:{_SPACED_DOT}[\w-]+){{0,2}}"
        rf"{_SPACED_DOT}{tlds}(?![\w@\-])",
        re.IGNORECASE,
    )


# What a spaced address cannot do without (it has a space, _is_spaced_email): a space after the
# "@" or before a dot, a dot with a space and a lower-case letter, digit or "_" after it, or a space
# before the "@" after a word with what local parts have and prose words do not ("vrelko.tamsin @";
# not the handle after a word: "Account @vrelko"). Most notes with an "@" have none.
_DOT_SPACE_LOWER = re.compile(r"\. [a-z0-9_]")
_LOCAL_NOT_PROSE = re.compile(r"[._+\d-]")


def _may_have_spaced_email(text: str) -> bool:
    if "@ " in text or " ." in text or _DOT_SPACE_LOWER.search(text):
        return True
    before = text.find(" @")
    while before >= 0:
        word = max(text.rfind(" ", 0, before), text.rfind("\n", 0, before), text.rfind("\t", 0, before)) + 1
        if _LOCAL_NOT_PROSE.search(text, word, before):
            return True
        before = text.find(" @", before + 2)
    return False


def _is_spaced_email(written: str) -> bool:
    """Whether a match of _spaced_email() is one: it has a space (else _EMAIL reads it); a
    top-level domain after a spaced dot is in lower case (" . Es" begins a sentence). "word @x.eu"
    with nothing else spaced is how a handle is written after a word ("Account @name.bsky.social"):
    an address only if the word has what local parts have and prose words do not (. _ + - or a
    digit)."""
    if " " not in written:
        return False
    local, _, domain = written.partition("@")
    dot = domain.rfind(".")
    if domain[dot + 1 : dot + 2] == " " and not (domain[dot + 2 :].islower() or written.isupper()):
        return False
    if local.endswith(" ") and not domain.startswith(" ") and " " not in domain and " " not in local.rstrip():
        return bool(_LOCAL_NOT_PROSE.search(local))
    return True


_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,38}[A-Za-z0-9_])?")

# Where each language is written in the EU: phone numbers are read with each of these regions.
_REGIONS = {
    "de": ("DE", "AT", "BE", "LU"), "fr": ("FR", "BE", "LU"), "nl": ("NL", "BE"), "en": ("IE", "MT"),
    "sv": ("SE", "FI"), "el": ("GR", "CY"), "it": ("IT",), "es": ("ES",), "pt": ("PT",), "pl": ("PL",),
    "cs": ("CZ",), "sk": ("SK",), "sl": ("SI",), "hr": ("HR",), "hu": ("HU",), "ro": ("RO",),
    "bg": ("BG",), "da": ("DK",), "fi": ("FI",), "et": ("EE",), "lv": ("LV",), "lt": ("LT",),
    "mt": ("MT",), "ga": ("IE",),
}  # fmt: skip


# A run of digits with the separators phone numbers are written with, maybe after "+" or "(".
# Written as "(?<![\w+])(?:\+|\(\+?)?\d[\d\s()./-]{4,22}\d(?![\w])" (the same matches,
# tests/test_redaction_fast_paths.py), but starting with the class of its first character and
# checking what stands before after it: the engine then skips to the next digit, "+" or "(" instead
# of trying the look-behind at every position (a note's scan 5x faster).
_PHONE_CANDIDATE = re.compile(
    r"[+(\d](?<![\w+].)(?:(?<=\+)\d|(?<=\()\+?\d|(?<=\d))[\d\s()./-]{4,22}\d(?![\w])"
)
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_DIGIT = re.compile(r"\d")


@functools.cache
def _plan(region: str) -> tuple[re.Pattern[str], str, int | None, tuple[int, ...]] | None:
    """What phonenumbers reads of ``region`` for a number written without "+": its international
    prefix, its country code, how many digits its parsing can strip at most (the country code and
    twice the national prefix; None: no bound), and the lengths its numbers can have. None for a
    plan that may rewrite the number (a transform rule): such a region is always asked."""
    import phonenumbers
    from phonenumbers import PhoneMetadata

    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.national_prefix_transform_rule or metadata.international_prefix is None:
        return None
    code = metadata.country_code
    if code is None:
        return None
    judged = PhoneMetadata.metadata_for_region_or_calling_code(
        code, phonenumbers.region_code_for_country_code(code)
    )
    general = judged.general_desc if judged is not None else None
    if general is None or not general.possible_length:
        return None
    lengths = tuple(sorted({*general.possible_length, *(general.possible_length_local_only or ())}))
    prefix = metadata.national_prefix_for_parsing
    width: int | None
    if not prefix:
        width = 0
    elif prefix.isdigit():
        width = len(prefix)
    elif re.fullmatch(r"\[[\d-]+\]", prefix):
        width = 1
    else:
        width = None
    strip = None if width is None else len(str(code)) + 2 * width
    return re.compile(metadata.international_prefix), str(code), strip, lengths


def _may_be_possible(digits: str, region: str) -> bool:
    """A necessary condition of ``is_possible_number(parse(candidate, region))`` for a candidate
    without "+" whose digits are ``digits``: unless an international prefix begins it (then any
    country's plan may judge it), the number's country is the region's and its national part is
    ``digits`` less at most the country code and the national prefix, so one of the region's
    lengths must lie between the two. phonenumbers stays the judge of every candidate that passes."""
    plan = _plan(region)
    if plan is None:
        return True
    idd, code, strip, lengths = plan
    if idd.match(digits):
        return True
    most = len(digits)
    if strip is None:
        return lengths[0] <= most
    least = most - strip if digits.startswith(code) else most - (strip - len(code))
    return any(least <= n <= most for n in lengths)


def _phones(text: str, lang: str) -> Iterable[tuple[int, int]]:
    """Phone numbers: candidates by pattern, each parsed by phonenumbers for the regions of the
    language (a number noted down wrongly, or from another plan, is still personal data)."""
    regions = _REGIONS.get(lang, ("DE", "FR"))
    for m in _PHONE_CANDIDATE.finditer(text):
        candidate = m.group()
        found = _DIGIT.findall(candidate)
        if len(found) < 6 or _DATE_LIKE.fullmatch(candidate):
            continue
        # An opening bracket belongs to the number only if the number closes it: "(0170) 555".
        start = m.start() + (1 if candidate.startswith("(") and ")" not in candidate else 0)
        written = candidate.lstrip("(")
        if written.startswith(("+", "0")) and len(found) >= 7:
            # Written like a phone number (trunk or international prefix), whatever the plan says.
            yield start, m.end()
            continue
        if written.startswith("+"):
            asked = regions
        else:
            digits = "".join(found)
            if not digits.isascii():
                digits = "".join(str(int(c)) for c in digits)
            asked = tuple(r for r in regions if _may_be_possible(digits, r))
        if asked and _possible(candidate, asked):
            yield start, m.end()


def _possible(candidate: str, regions: Iterable[str]) -> bool:
    """Whether phonenumbers reads ``candidate`` as a possible number in one of ``regions``."""
    import phonenumbers

    for region in regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return True
    return False


class ContactDetector:
    """E-mail addresses, URLs, handles and phone numbers (read with the regions of the language)."""

    name = "contact"

    def detect(self, text: str, lang: str) -> list[Finding]:
        v = view(text)
        norm = v.text
        span = v.span
        out: list[Finding] = []
        at = norm.find("@")
        if at >= 0:
            # No address starts before the word of the first "@" (its part before "@" is the whole
            # run of name characters there, and a space ends such a run).
            word = norm.rfind(" ", 0, at) + 1
            for m in _EMAIL.finditer(norm, word):
                out.append(Finding(*span(m.start(), m.end()), EntityType.EMAIL, "pattern"))
        links = [*_URL.finditer(norm)] if ("://" in norm or "www." in norm.lower()) else []
        if "/" in norm and _DOT_TLD_SLASH.search(norm):
            links += _BARE_LINK.finditer(norm)
        if ":" in norm and any(mark in norm for mark in _DEFANGED_MARKS):
            links += _DEFANGED_URL.finditer(norm)
        links += _domains(norm)
        for m in links:
            end = m.end()
            while end > m.start() and norm[end - 1] in ".,;:!?":
                end -= 1
            if norm[end - 1] == ")" and norm.count("(", m.start(), end) < norm.count(")", m.start(), end):
                end -= 1  # the bracket the link was written in
            out.append(Finding(*span(m.start(), end), EntityType.URL, "pattern"))
        if _AT_WORD.search(norm):
            for m in _OBFUSCATED_EMAIL.finditer(norm):
                out.append(Finding(*span(m.start(), m.end()), EntityType.EMAIL, "pattern"))
        if at >= 0:
            for m in _spaced_email().finditer(norm) if _may_have_spaced_email(norm) else ():
                if _is_spaced_email(m.group()):
                    out.append(Finding(*span(m.start(), m.end()), EntityType.EMAIL, "pattern"))
            for m in _HANDLE.finditer(norm, at):  # a handle starts with its "@"
                out.append(Finding(*span(m.start(), m.end()), EntityType.HANDLE, "pattern"))
        if v.has_digit:
            for start, end in _phones(norm, lang):
                out.append(Finding(*span(start, end), EntityType.PHONE, "pattern"))
        return out
