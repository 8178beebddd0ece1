"""What still looks like an identifier after redaction: reported by kind and place, never by value.

``leftovers(redacted_text, lang)`` lets the sharing layer show them in ``share --preview`` and
refuse the export with ``--strict``. The checks are deliberately wider than the detectors: a
leftover is a question for the caseworker, not a finding.
"""

from __future__ import annotations

import functools
import re

import attrs

from desistkit.sharing.redaction._fold import fold_word

__all__ = ["Leftover", "leftovers"]


@attrs.frozen
class Leftover:
    """A span of the redacted text that still looks like an identifier.

    ``kind``: ``digits`` (a run of 5+ digits), ``at_sign``, ``link`` (a URL or a domain),
    ``capitalised`` (a capitalised word inside a sentence, in a language that does not capitalise
    nouns), ``mixed`` (a token of letters and digits). The value itself is never held.
    """

    kind: str
    start: int
    end: int


_DIGITS = re.compile(r"(?<!\d)\d{5,}(?!\d)")
_AT = re.compile(r"@|＠")
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|(?<![\w@.])(?:[\w-]{2,63}\.)+[a-z]{2,24}/\S*"
    r"|(?<![\w@.])(?:[\w-]{2,63}\.)+(?:com|org|net|info|io|me|eu|app|dev|ly|gg|tv|co|"
    r"at|be|bg|cy|cz|de|dk|ee|es|fi|fr|gr|hr|hu|ie|it|lt|lu|lv|mt|nl|pl|pt|ro|se|si|sk|uk)(?![\w])",
    re.IGNORECASE,
)
_MIXED = re.compile(r"(?<![\w])(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]{3,}(?![\w])")
# Ordinals, times and units are not identifiers: 1st, 2e, 3ème, 10h30, 20km.
_NOT_MIXED = re.compile(
    r"\d+(?:st|nd|rd|th|er|re|e|ème|eme|º|ª|h|h\d\d|min|km|kg|cm|mm|m|x|mg|ml|am|pm)", re.I
)
_TITLE = re.compile(r"(?<![\w])[^\W\d_][^\W\d_A-ZÀ-ÞΑ-ΩА-Я]+(?![\w])")
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]|\ue001[^\ue002]*\ue002")
# Languages that capitalise every noun: a capital there says nothing about a name.
_NOUN_CAPITALS = frozenset({"de", "lb"})
_SENTENCE_END = ".!?:…;\n"
_OPENERS = "\"'«»„“”‚‘’([{¡¿-–—•*"


@functools.cache
def _calendar_words(lang: str) -> frozenset[str]:
    """Month and day names, which some languages capitalise (English: March, Monday): the full
    names, as a date writes them and standing alone (Polish stycznia and styczeń), never
    abbreviated (Jan, Mar and Mai as an abbreviation are names too)."""
    from babel import Locale

    try:
        locale = Locale.parse(lang)
    except Exception:  # noqa: BLE001 - an unknown language simply has no calendar words to skip
        return frozenset()
    names = [
        n for part in (locale.months, locale.days) for c in part.values() for n in c.get("wide", {}).values()
    ]
    return frozenset(w for w in map(fold_word, names) if re.fullmatch(r"[^\W\d_]{2,}", w))


def _at_sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i] in " \t" or text[i] in _OPENERS):
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def leftovers(text: str, lang: str) -> tuple[Leftover, ...]:
    """Spans of redacted ``text`` (written in ``lang``) that still look like identifiers."""
    masked = _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)  # placeholders are not leftovers
    found = [Leftover("digits", m.start(), m.end()) for m in _DIGITS.finditer(masked)]
    found += [Leftover("at_sign", m.start(), m.end()) for m in _AT.finditer(masked)]
    found += [Leftover("link", m.start(), m.end()) for m in _LINK.finditer(masked)]
    found += [
        Leftover("mixed", m.start(), m.end())
        for m in _MIXED.finditer(masked)
        if not _NOT_MIXED.fullmatch(m.group()) and not m.group().isdigit()
    ]
    if lang not in _NOUN_CAPITALS:
        calendar = _calendar_words(lang)
        for m in _TITLE.finditer(masked):
            inside = m.group()[0].isupper() and not _at_sentence_start(masked, m.start())
            if inside and fold_word(m.group()) not in calendar:
                found.append(Leftover("capitalised", m.start(), m.end()))
    # One report per place: a link's digits or a mixed token inside a link count once, as the link.
    found.sort(key=lambda x: (x.start, -x.end))
    out: list[Leftover] = []
    for item in found:
        if out and item.start < out[-1].end:
            continue
        out.append(item)
    return tuple(out)
