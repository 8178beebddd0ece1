"""Leaks found by looking where the other privacy tests do not: each test generates a whole class
(every way of writing it the class names), not one example, and fails without its fix.

All names, addresses and numbers are invented.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest

from desistkit.sharing import KnownIdentifiers, Redactor

REDACTOR = Redactor(KnownIdentifiers())


def _skeleton(text: str) -> str:
    """Case-folded, NFKC, diacritics removed, every separator removed: how a reader (or grep) still
    finds a value in a text however it is spaced or accented."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return re.sub(r"[\W_]+", "", "".join(c for c in text if not unicodedata.combining(c)))


# --- e-mail addresses written to fool harvesters ------------------------------------------------

# How "@" and "." are written out: spaced, in brackets, and read aloud in the EU languages.
_AT_FORMS = ["@ ", " @ ", "[@]", " (@) ", " [at] ", "(at)", " at ", " AT ", " ät ", " arobase ",
             " arroba ", " chiocciola ", " kukac ", " małpa ", " (małpa) ", " zavináč ", " snabel-a ",
             " apenstaartje ", " klammeraffe "]  # fmt: skip
_DOT_FORMS = [".", " . ", "[.]", " (.) ", " [dot] ", " dot ", " DOT ", " punkt ", " point ", " punto ",
              " punt ", " pont ", " kropka ", " tečka ", " bodka ", " piste ", " ponto "]  # fmt: skip
_LOCALS = ["vrelko.tamsin", "vrelko{dot}tamsin", "vrelko_tamsin"]
_SENTENCES = ["Erreichbar unter {}.", "{}", "Mail an {} geschickt, keine Antwort."]


def _obfuscated_addresses() -> list[str]:
    out = []
    for at, dot in itertools.product(_AT_FORMS, _DOT_FORMS):
        for local in _LOCALS:
            if "{dot}" in local and dot == ".":
                continue  # that is the plain local part
            out.append(local.format(dot=dot) + at + "kavrono-post" + dot + "eu")
    return out


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "it", "pl", "cs", "hu", "sv", "nl"])
def test_an_e_mail_address_in_every_obfuscation_is_redacted(lang: str) -> None:
    """Every "@" form times every "." form (about 1,000 addresses per language), in a sentence:
    neither the local part nor the domain is left (found before the fix: "name @ provider . eu",
    "name[@]provider[.]eu", "name@ provider.eu", and the at- and dot-words of Spanish, Italian,
    Hungarian, Polish, Czech, Swedish and Dutch). Not "name @provider.eu": a handle after a word
    ("account @name.surname") is written so, see the next test."""
    leaked = []
    for address in _obfuscated_addresses():
        for sentence in _SENTENCES:
            out = _skeleton(REDACTOR.redact(sentence.format(address), lang).text)
            if "vrelko" in out or "tamsin" in out or "kavrono" in out:
                leaked.append(address)
                break
    assert leaked == [], f"{len(leaked)} leak(s), e.g. {leaked[:5]}"


def test_a_handle_after_a_word_stays_a_handle() -> None:
    """ "account @name.surname" is a handle: the word before it is not taken for an address's local part."""
    found = REDACTOR.find("Sie nutzt den Account @vrelko.tamsin seit Mai.", "de")
    assert [(f.type.value, f.start) for f in found if f.type.value in ("handle", "email")] == [("handle", 22)]


@pytest.mark.parametrize(
    "text",
    ["He was at home. It was late.", "We met @ the office . Then we went home.", "She sat at the table dot com",
     "Mail me @ home. ok", "We meet at 5 @ the station."],
)  # fmt: skip
def test_at_and_dot_in_prose_are_not_an_address(text: str) -> None:
    """The spaced forms need a word, an at-form, a domain and a dot-form before a top-level domain:
    a sentence that merely has "at" and a full stop keeps its words."""
    assert REDACTOR.redact(text, "en").text == text
