"""Free-text redaction: the case's own identifiers in every spelling, structured identifiers by pattern."""

from __future__ import annotations

import datetime as dt
import json
import sys

import pytest

import desistkit as dk
from conftest import ROOT, run_cli
from desistkit.sharing import EntityType, KnownIdentifiers, Redactor

CLIENT = dk.ClientIdentity(
    given_names=("Γιώργος",), family_names=("Müller",), aliases=("Schorsch", "@nordwind_88"),
    birth_date=dt.date(1994, 3, 7), inmate_numbers=("JVA-4471/23",),
    contacts=(dk.Contact("Anna Kowalska", "sister"), dk.Contact("Jari Virtanen", "friend")),
    places=("Sandelbeck",),
)  # fmt: skip
REDACTOR = Redactor(KnownIdentifiers.from_identity(CLIENT))


def red(text: str, lang: str = "en") -> str:
    return REDACTOR.redact(text, lang).text


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Herr Müller kam pünktlich.", "Herr [PERSON 1] kam pünktlich."),
        ("de", "Herr Mueller kam pünktlich.", "Herr [PERSON 1] kam pünktlich."),
        ("de", "HERR MULLER kam.", "HERR [PERSON 1] kam."),
        ("de", "Müllers Schwester", "[PERSON 1] Schwester"),
        ("el", "Ο Γιώργος μίλησε.", "Ο [PERSON 1] μίλησε."),
        ("en", "Giorgos said it, and Yiorgos too.", "[PERSON 1] said it, and [PERSON 1] too."),
        ("el", "Ο πατέρας του Γιώργου ήρθε.", "Ο πατέρας του [PERSON 1] ήρθε."),
        ("en", "They call him Schorsch.", "They call him [PERSON 1]."),
        ("pl", "Rozmawiałem z Kowalską i o Annie Kowalskiej.", "Rozmawiałem z [PERSON 2] i o [PERSON 2]."),
        ("fi", "Hän tapasi Virtasen ja puhui Virtaselle.", "Hän tapasi [PERSON 3] ja puhui [PERSON 3]."),
        ("en", "He wrote as @nordwind_88 and nordwind_88.", "He wrote as [HANDLE] and [HANDLE]."),
        ("en", "He grew up in Sandelbeck.", "He grew up in [PLACE]."),
    ],
)  # fmt: skip
def test_names_in_every_spelling(lang: str, text: str, expected: str) -> None:
    """Inflected, transliterated and diacritic variants of known names; one number per person.

    A short name takes the endings of the note's language only, so each note says its language."""
    assert red(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("geboren am 7. März 1994 in", "de"), ("geb. 07.03.1994", "de"), ("born 1994-03-07", "en"),
        ("né le 7 mars 1994", "fr"), ("ur. 7 marca 1994", "pl"), ("born 7 March 1994", "en"),
        ("born on March 7, 1994", "en"), ("γεννήθηκε 7 Μαρτίου 1994", "el"), ("s. 7.3.1994", "fi"),
        ("nato il 07/03/1994", "it"), ("roden 7. března 1994", "cs"), ("born 3/7/1994", "en"),
        ("geb. 7.3.94", "de"), ("syntynyt 7. maaliskuuta 1994", "fi"),
    ],
)  # fmt: skip
def test_birth_date_in_every_way_languages_write_it(text: str, lang: str) -> None:
    """The birth date is found in the formats of all 24 languages and the common numeric ones."""
    result = REDACTOR.redact(text, lang)
    assert [f.type for f in result.findings] == [EntityType.BIRTH_DATE], result.text
    assert "1994" not in result.text and "94" not in result.text.split()[-1]


@pytest.mark.parametrize("text", ["JVA-4471/23", "JVA 4471 23", "jva447123", "Buch-Nr. 4471/23"])
def test_inmate_numbers_with_or_without_separators(text: str) -> None:
    """The inmate number, however it is written, down to its digits."""
    assert "4471" not in red(f"Akte {text}, bitte")


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("mail an jana.b@example.org bitte", "de", EntityType.EMAIL),
        ("ruf an: +49 170 5550142", "de", EntityType.PHONE),
        ("Tel. 0170 5550142", "de", EntityType.PHONE),
        ("son numéro 0478 55 21 90", "fr", EntityType.PHONE),
        ("IBAN DE89 3704 0044 0532 0130 00", "de", EntityType.IBAN),
        ("PESEL 44051401359", "pl", EntityType.ID_NUMBER),
        ("henkilötunnus 131052-308T", "fi", EntityType.ID_NUMBER),
        ("BSN 111222333", "nl", EntityType.ID_NUMBER),
        ("codice fiscale RSSMRA85T10A562S", "it", EntityType.ID_NUMBER),
        ("siehe https://example.org/profil?id=3.", "de", EntityType.URL),
        ("postete als @wolfsgrund_1", "de", EntityType.HANDLE),
        ("wohnt Lindenstraße 12a, 20359 Hamburg", "de", EntityType.ADDRESS),
        ("habite 12, rue de la Paix", "fr", EntityType.ADDRESS),
        ("mieszka przy ul. Długa 5/3", "pl", EntityType.ADDRESS),
        ("asuu Mannerheimintie 12 B", "fi", EntityType.ADDRESS),
        ("Kennzeichen HH-AB 1234", "de", EntityType.VEHICLE_PLATE),
        ("immatriculée AB-123-CD", "fr", EntityType.VEHICLE_PLATE),
    ],
)  # fmt: skip
def test_structured_identifiers(text: str, lang: str, kind: EntityType) -> None:
    """E-mail, phone, IBAN, national ID numbers (checksums), URL, handle, address, plate."""
    found = Redactor().find(text, lang)
    assert [f.type for f in found] == [kind], text


_TURKISH_UPPER = str.maketrans({"i": "İ", "ı": "I"})


@pytest.mark.parametrize(
    ("text", "lang"),
    [("wohnt Lindenstraße 12a, 20359 Hamburg", "de"), ("abita in via Roma 12", "it"),
     ("wohnt Kirchgasse 3", "de"), ("habite 12, rue de la Paix", "fr"), ("mieszka przy ul. Długa 5/3", "pl"),
     ("asuu Mannerheimintie 12 B", "fi")],
)  # fmt: skip
@pytest.mark.parametrize("casing", ["turkish upper", "dotless i"])
def test_an_address_typed_with_turkish_casing_is_still_found(text: str, lang: str, casing: str) -> None:
    """A keyboard or autocorrect set to Turkish writes İ for i in capitals ("VİA ROMA 12"), or ı:
    the street words stay street words."""
    typed = text.translate(_TURKISH_UPPER).upper() if casing == "turkish upper" else text.replace("i", "ı")
    found = Redactor().find(typed, lang)
    assert [f.type for f in found] == [EntityType.ADDRESS], typed


@pytest.mark.parametrize(
    "text",
    [
        "the parole report is due in spring 2026.", "during 12 weeks", "12 sessions in 2024",
        "Termin am 12.03.2025 um 10 Uhr", "Case conference on 12 May, 3 agencies present.",
        "He turned 31 in 2025; rating 3 of 4.", "sent via 2 letters", "Schulden EUR 2000, PLN 15000",
    ],
)  # fmt: skip
def test_ordinary_numbers_and_words_stay(text: str) -> None:
    """Years, counts, times, dates of meetings and invalid numbers are not personal data."""
    assert Redactor().find(text, "de") == ()


def test_an_email_that_contains_a_name_goes_whole() -> None:
    """Overlapping findings become one: no piece of the address survives."""
    assert red("schreib an georgios.mueller94@example.org") == "schreib an [EMAIL]"


def test_replacement_words_are_localised() -> None:
    """The words in brackets follow the language of the document."""
    loc = dk.get_localizer("fr")
    from desistkit.sharing.redaction import words_in

    text = REDACTOR.redact("Müller, 0170 5550142", "de", words=words_in(loc)).text
    assert text == f"[{loc.text('redaction.person')} 1], [{loc.text('redaction.phone')}]"
    assert loc.text("redaction.person") != "PERSON" or loc.language == "en"


def test_a_detector_can_be_plugged_in() -> None:
    """An NER engine joins through the Detector protocol; its findings are merged with the rest."""

    class Names:
        name = "test-ner"

        def detect(self, text: str, lang: str) -> list[dk.sharing.Finding]:  # type: ignore[name-defined]
            start = text.find("Kevin")
            return [dk.sharing.Finding(start, start + 5, EntityType.PERSON, self.name)] if start >= 0 else []

    import desistkit.sharing

    assert isinstance(Names(), desistkit.sharing.Detector)
    redactor = Redactor(detectors=[Names()])
    assert redactor.redact("Kevin called.").text == "[PERSON] called."


def test_corpus_never_leaks_known_or_structured_identifiers() -> None:
    """On a seeded synthetic corpus in 8 languages: no known or structured identifier leaks."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from redaction_corpus import evaluate, generate

    scores, precision = evaluate(generate(per_language=30, seed=11))
    leaks = {key: (s.exact_leaks, s.partial_leaks) for key, s in scores.items()
             if key[1] != "third_party" and (s.exact_leaks or s.partial_leaks)}  # fmt: skip
    assert leaks == {}
    for lang, (found, good) in precision.items():
        assert good / found >= 0.9, lang


def test_cli_redact_reads_stdin_and_writes_stdout() -> None:
    """`desistkit redact` for systems that need only the scrubber."""
    text = "Jonas Brenners Geburtstag: 7. März 1994, Handle @grauwolf95, Tel. 0170 5550142\n"
    args = ["--known", "Jonas Brenner", "--known", "@grauwolf95", "--birth-date", "1994-03-07"]
    result = run_cli("redact", "--lang", "de", *args, stdin=text)
    assert result.returncode == 0, result.stderr
    loc = dk.get_localizer("de")
    words = {t: loc.text(f"redaction.{t}") for t in ("person", "birth_date", "handle", "phone")}
    assert result.stdout == (
        f"[{words['person']} 1] Geburtstag: [{words['birth_date']}], Handle [{words['handle']}], "
        f"Tel. [{words['phone']}]\n"
    )


def test_cli_redact_jsonl_reports_findings_but_never_values() -> None:
    """--jsonl: a line in, a line out, with counts by type; a bad line gets an error line and exit 2."""
    lines = [
        {"lang": "fr", "text": "Youssef est né le 7 mars 2006.",
         "known": {"names": ["Youssef"], "birth_date": "2006-03-07"}},
        {"lang": "de", "text": "Kein Name hier."},
        "not json",
    ]  # fmt: skip
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    result = run_cli("redact", "--jsonl", stdin=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 2
    assert "Youssef" not in out[0]["text"] and "2006" not in out[0]["text"]
    assert out[0]["findings"] == {"birth_date": 1, "person": 1}
    assert out[1] == {"text": "Kein Name hier.", "findings": {}}
    assert out[2] == {"error": "line 3: not JSON"}
