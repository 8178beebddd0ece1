"""Contact data: e-mail addresses, links, social-media handles and phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["ContactDetector"]

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"'()]+", re.IGNORECASE)
# A link without a scheme: any domain.tld/path (t.me/..., instagram.com/..., wa.me/...).
_BARE_LINK = re.compile(
    r"(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}/[^\s<>\"'()]*", re.IGNORECASE
)
# An address written to fool harvesters: name [at] provider [dot] eu, name(at)provider.eu,
# name at provider dot eu.
_AT = r"(?:\s*[\[({<]\s*(?:at|ät|arobase|małpa)\s*[\])}>]\s*|\s+(?:at|ät|arobase)\s+)"
_DOT_WORD = r"(?:dot|punkt|point|punto|kropka)"
_DOT = r"(?:\s*[\[({<]\s*" + _DOT_WORD + r"\s*[\])}>]\s*|\s+" + _DOT_WORD + r"\s+|\.)"
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+" + _AT + r"[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT + r"[a-z]{2,12}(?![\w])",
    re.IGNORECASE,
)
# What each of the two patterns above cannot do without (a literal or a small class first, which
# the regular expression engine scans for quickly): a dot, a top-level domain and a slash; an "at"
# word with a space or a bracket on each side. Most notes have neither.
_DOT_TLD_SLASH = re.compile(r"\.[a-z]{2,24}/", re.IGNORECASE)
_AT_WORD = re.compile(r"[\s\[({<](?:at|ät|arobase|małpa)[\s\])}>]", re.IGNORECASE)
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


class ContactDetector:
    """E-mail addresses, URLs, handles and phone numbers (read with the regions of the language)."""

    name = "contact"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        v = view(text)
        norm = v.text
        if "@" in norm:
            for m in _EMAIL.finditer(norm):
                yield Finding(*v.span(m.start(), m.end()), EntityType.EMAIL, "pattern")
        links = [*_URL.finditer(norm)] if ("://" in norm or "www." in norm.lower()) else []
        if "/" in norm and _DOT_TLD_SLASH.search(norm):
            links += _BARE_LINK.finditer(norm)
        for m in links:
            end = m.end()
            while end > m.start() and norm[end - 1] in ".,;:!?":
                end -= 1
            yield Finding(*v.span(m.start(), end), EntityType.URL, "pattern")
        for m in _OBFUSCATED_EMAIL.finditer(norm) if _AT_WORD.search(norm) else ():
            yield Finding(*v.span(m.start(), m.end()), EntityType.EMAIL, "pattern")
        if "@" in norm:
            for m in _HANDLE.finditer(norm):
                yield Finding(*v.span(m.start(), m.end()), EntityType.HANDLE, "pattern")
        if v.has_digit:
            for start, end in _phones(norm, lang):
                yield Finding(*v.span(start, end), EntityType.PHONE, "pattern")
