"""Redaction against the classes of leak and over-redaction of issue #13, on an invented corpus.

The corpus (tests/redaction_cases.py) shares no name or value with any list a detector uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

import desistkit.sharing as sharing
from desistkit.sharing import EntityType, Finding, KnownIdentifiers, Redactor
from redaction_cases import (
    FORMATTING,
    IDENTITY,
    INFLECTED,
    LEFTOVERS,
    MEANING,
    PLACES,
    SCRIPTS,
    STRUCTURED,
    UNLABELLED,
    Case,
)

REDACTOR = Redactor(KnownIdentifiers.from_identity(IDENTITY))


def leaks(text: str, lang: str, secrets: Iterable[str]) -> list[str]:
    """The secrets, or 4+ character pieces of them, still in the redacted text."""
    out = REDACTOR.redact(text, lang).text
    found = []
    for secret in secrets:
        pieces = [p for p in re.split(r"[\W_]+", secret) if len(p) >= 4]
        if secret in out or any(re.search(rf"(?<![^\W_]){re.escape(p)}(?![^\W_])", out) for p in pieces):
            found.append(secret)
    return found


def ids(cases: list[Case]) -> list[str]:
    return [f"{lang}-{i}" for i, (lang, _, _) in enumerate(cases)]


# --- 1. detectors, one per family -----------------------------------------------------------------


def test_every_family_is_a_detector_an_organisation_can_replace() -> None:
    """The built-in finders are Detectors by family; one with the same name replaces the default."""
    from desistkit.sharing.redaction import default_detectors

    names = {d.name for d in default_detectors()}
    assert {"contact", "finance", "national_id", "address", "vehicle"} <= names
    assert all(isinstance(d, sharing.Detector) for d in default_detectors())

    class NoPlates:
        name = "vehicle"

        def detect(self, text: str, lang: str) -> list[Finding]:
            return []

    text = "Kennzeichen HH-KV 482 notiert."
    assert [f.type for f in Redactor().find(text, "de")] == [EntityType.VEHICLE_PLATE]
    assert Redactor(detectors=[NoPlates()]).find(text, "de") == ()


def test_known_identifiers_are_a_detector_too() -> None:
    """The case's own identifiers are found by a Detector built from KnownIdentifiers."""
    from desistkit.sharing.redaction import KnownDetector

    detector = KnownDetector(KnownIdentifiers.from_identity(IDENTITY))
    assert isinstance(detector, sharing.Detector)
    assert [f.person for f in detector.detect("Brenwald kam.", "de")] == [1]


def test_no_redaction_module_is_over_600_lines() -> None:
    """One module per family, each small enough to review."""
    import desistkit.sharing.redaction as package

    sizes = {
        p.name: len(p.read_text(encoding="utf-8").splitlines())
        for p in Path(package.__file__).parent.glob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 600} == {}


# --- 2 to 6: no leaks ------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "text", "secrets"), FORMATTING, ids=ids(FORMATTING))
def test_formatting_does_not_hide_a_name(lang: str, text: str, secrets: tuple[str, ...]) -> None:
    """Soft hyphens, zero-width characters, line breaks, letter spacing, case, dashes, spaces, scripts."""
    assert leaks(text, lang, secrets) == []


def test_a_finding_covers_the_whole_original_run() -> None:
    """The replacement removes the invisible characters and the line break inside a name too."""
    assert REDACTOR.redact("Herr Bren\u00adwald und B r e n w a l d.", "de").text == (
        "Herr [PERSON 1] und [PERSON 1]."
    )
    assert REDACTOR.redact("Herr Bren-\nwald kam.", "de").text == "Herr [PERSON 1] kam."


@pytest.mark.parametrize(("lang", "text", "secrets"), UNLABELLED, ids=ids(UNLABELLED))
def test_record_identifiers_without_their_label(lang: str, text: str, secrets: tuple[str, ...]) -> None:
    """A file number from the record is found wherever it stands, whatever its separators."""
    assert leaks(text, lang, secrets) == []


STRUCTURED_CASES = [(kind, *case) for kind, cases in STRUCTURED.items() for case in cases]


@pytest.mark.parametrize(
    ("kind", "lang", "text", "secrets"), STRUCTURED_CASES,
    ids=[f"{k}-{lang}-{i}" for i, (k, lang, _, _) in enumerate(STRUCTURED_CASES)],
)  # fmt: skip
def test_structured_identifiers_as_people_write_them(
    kind: str, lang: str, text: str, secrets: tuple[str, ...]
) -> None:
    """IBANs, links, e-mails, phones, national ids, plates and addresses in everyday spellings."""
    assert leaks(text, lang, secrets) == []


@pytest.mark.parametrize(("lang", "text", "secrets"), SCRIPTS, ids=ids(SCRIPTS))
def test_names_across_scripts_and_spellings(lang: str, text: str, secrets: tuple[str, ...]) -> None:
    """Transliterations both ways, national transcriptions and near spellings."""
    assert leaks(text, lang, secrets) == []


@pytest.mark.parametrize(("lang", "text", "secrets"), INFLECTED + PLACES, ids=ids(INFLECTED + PLACES))
def test_inflected_names_and_whole_places(lang: str, text: str, secrets: tuple[str, ...]) -> None:
    """Each language's case endings on names; a multi-word place as a whole."""
    assert leaks(text, lang, secrets) == []


@pytest.mark.parametrize(("lang", "text", "kept"), MEANING, ids=ids(MEANING))
def test_ordinary_words_survive(lang: str, text: str, kept: tuple[str, ...]) -> None:
    """A word that starts like a name, a part of a place, a city alone: not personal data."""
    out = REDACTOR.redact(text, lang).text
    assert [w for w in kept if not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", out)] == []
    if not kept:
        assert out == text


# --- 7. leftovers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "kinds"), LEFTOVERS, ids=[f"{x[0]}-{i}" for i, x in enumerate(LEFTOVERS)]
)
def test_leftovers_are_listed_by_kind_and_place(lang: str, text: str, kinds: tuple[str, ...]) -> None:
    """What still looks like an identifier after redaction, by kind and span, never by value."""
    from desistkit.sharing.redaction import Leftover, leftovers

    found = leftovers(text, lang)
    assert tuple(x.kind for x in found) == kinds
    assert all(isinstance(x, Leftover) and 0 <= x.start < x.end <= len(text) for x in found)
    assert all(text[x.start : x.end] not in repr(x) for x in found)


def test_german_nouns_are_not_leftovers() -> None:
    """German and Luxembourgish capitalise every noun; capitals say nothing there."""
    from desistkit.sharing.redaction import leftovers

    assert leftovers("Er hat mit der Bewährungshilfe über Arbeit und Wohnung gesprochen.", "de") == ()
