"""Redaction against the classes of leak and over-redaction of issue #13, on an invented corpus.

The corpus (tests/redaction_cases.py) shares no name or value with any list a detector uses.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

import desistkit as dk
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


# --- the corpus in every free-text field of a case conference (#16) ------------------------------


def _conference_case(texts: list[str]) -> dk.Case:
    """A case of the corpus client whose every conference text is one of ``texts``: each agency's
    notes in all five lists, what an action is, the recommendations and what the client was told;
    all marked shareable and consented, so that only redaction stands between them and an audience."""
    note = itertools.cycle(texts)

    def notes(n: int) -> tuple[dk.Note, ...]:
        return tuple(dk.Note(next(note), dk.Perspective.PROFESSIONAL, shareable=True) for _ in range(n))

    def reflection(factor_id: str) -> dk.FactorReflection:
        return dk.FactorReflection(factor_id, known=notes(1), assumed=notes(1), open=notes(1),
                                   gender_lens=notes(1), discrimination=notes(1), rating=2)  # fmt: skip

    per = max(1, -(-len(texts) // 10))  # every text at least once over two agencies' five lists
    factors = sorted(dk.default_catalogue().known_ids)[:per]
    day = dt.date(2025, 3, 4)
    conference = dk.Conference(
        id="c1", date=day, occasion=dk.ConferenceOccasion.CRISIS,
        participants=(dk.Participant("Probation service", "probation officer"),),
        contributions=tuple(dk.Contribution(agency, reflections=tuple(map(reflection, factors)))
                            for agency in ("Probation service", "Prison social service")),
        actions=tuple(dk.AgreedAction(f"a{i}", text, "Probation service", shareable=True,
                                      history=(dk.ActionStatusChange(dk.ActionStatus.OPEN, day),))
                      for i, text in enumerate(texts)),
        recommendations=tuple(dk.Note(t, dk.Perspective.PROFESSIONAL, shareable=True) for t in texts),
        client_informed=dk.Note(" ".join(texts), dk.Perspective.CLIENT, shareable=True),
    )  # fmt: skip
    consent = dk.Consent("all", audiences=["case-conference", "handover"],
                         purposes=["case-planning", "continuity"], given=day,
                         factors=factors, topics=["conference"])  # fmt: skip
    return dk.Case("X-1", dk.Setting.PRISON, client=IDENTITY, consents=(consent,), conferences=(conference,))


def _by_language() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    from redaction_cases import all_leak_cases

    grouped: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for cases in all_leak_cases().values():
        for lang, text, secrets in cases:
            grouped.setdefault(lang, []).append((text, secrets))
    return grouped


@pytest.mark.parametrize("lang", sorted(_by_language()))
def test_the_corpus_leaks_from_no_conference_field(lang: str) -> None:
    """Every leak case of the corpus, written into every free-text field of a conference, is
    redacted for the case conference and the handover: no secret, nor a 4+ character piece of
    one, in the shared case, its rendering, the audit record or the preview."""
    from desistkit.sharing import preview_lines

    cases = _by_language()[lang]
    case = _conference_case([text for text, _ in cases])
    now = dt.datetime(2025, 3, 5, 9, tzinfo=dt.timezone.utc)
    en = dk.get_localizer("en")
    for audience in ("case-conference", "handover"):
        shared = dk.share(case, audience, key=dk.PseudonymKey(bytes(range(32))), now=now, lang=lang)
        assert shared.audit.conference_notes.get("shared", 0) >= len(cases), audience
        out = "\n".join([dk.dumps_case(shared.case), dk.dumps_case(shared.localized(en).case),
                         shared.audit.to_json(), *preview_lines(shared, en)])  # fmt: skip
        found = []
        for secret in {s for _, secrets in cases for s in secrets}:
            pieces = [p for p in re.split(r"[\W_]+", secret) if len(p) >= 4]
            if secret in out or any(re.search(rf"(?<![^\W_]){re.escape(p)}(?![^\W_])", out) for p in pieces):
                found.append(secret)
        assert found == [], f"{audience}: {found}"
