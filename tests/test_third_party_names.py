"""Names of people the case record does not list: found offline in the 24 languages, not invented.

The corpus is benchmarks/privacy_corpus.py's (casework sentences of benchmarks/third_party_notes.py):
invented names that are on none of the detector's lists, and real common names written apart from
them. A name counts as caught when neither it nor a 4+ letter piece of it is left.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import desistkit as dk
from conftest import ROOT, run_cli
from desistkit.sharing import KnownIdentifiers, Redactor, default_policy
from desistkit.sharing.redaction import EntityType, Finding, SpacyNameDetector, ThirdPartyNameDetector
from test_sharing_fields import EXTERNAL, KEY, NOW, ON, base_case

sys.path.insert(0, str(ROOT / "benchmarks"))
from privacy_corpus import LANGS, evaluate_third_party

PER_LANGUAGE = 16  # two sentences of each kind per language
INVENTED = evaluate_third_party(PER_LANGUAGE, seed=5, real=False)
REAL = evaluate_third_party(PER_LANGUAGE, seed=5, real=True)


def _caught(row: list[int]) -> float:
    planted, whole, partial, _, _ = row
    return (planted - whole - partial) / planted


@pytest.mark.parametrize("lang", LANGS)
def test_third_party_names_are_caught_and_meaning_kept_per_language(lang: str) -> None:
    """Per language: invented names caught (a name at a sentence start with no cue and on no list
    is the known gap), real common names caught, and the other words of the sentences kept."""
    assert _caught(INVENTED[lang]) >= 0.85
    assert _caught(REAL[lang]) >= 0.9
    for table in (INVENTED, REAL):
        assert table[lang][4] / table[lang][3] >= 0.95


def test_nine_in_ten_invented_names_are_caught_over_all_languages() -> None:
    """The aim of issue #13: at least 90% of third-party names, with 95% of meaning words kept."""
    sums = [sum(row[i] for row in INVENTED.values()) for i in range(5)]
    assert _caught(sums) >= 0.9
    assert sums[4] / sums[3] >= 0.95


ORDINARY = [
    ("de", "Die Mutter sagte, der Termin beim Jobcenter sei am Montag. Im Herbst beginnt die Ausbildung "
           "in Leipzig; die Bewährungshilfe und das Jugendamt wissen davon. Seine Schwester kam mit."),
    ("de", "Gestern sagte er, die Gruppe treffe sich in der Moschee. Laut Akte war er in der JVA."),
    ("en", "Yesterday the probation service met in Manchester. Europol and Interpol were not involved. "
           "Monday is the next session; he felt more German than the others."),
    ("fr", "Hier, la Gendarmerie de Lyon a appelé le SPIP. Ensuite, il a parlé de son travail à Paris."),
    ("pl", "Wczoraj spotkanie w Krakowie z kuratorem. Potem rozmowa o pracy w Warszawie i o Facebooku."),
    ("it", "Ieri ha parlato della Questura di Milano. Secondo lui, il gruppo usa Telegram."),
    ("el", "Χθες μίλησε για την Αθήνα και τη Θεσσαλονίκη. Σύμφωνα με τον ίδιο, η ομάδα "
           "χρησιμοποιεί Telegram."),
    ("nl", "Gisteren belde hij met de reclassering in Utrecht. Volgens hem gebruikt de groep WhatsApp."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text"), ORDINARY, ids=[f"{x[0]}-{i}" for i, x in enumerate(ORDINARY)])
def test_ordinary_capitalised_words_are_not_names(lang: str, text: str) -> None:
    """German nouns, sentence starts, places, agencies, platforms and months stay."""
    assert [text[f.start : f.end] for f in ThirdPartyNameDetector().detect(text, lang)] == []


@pytest.mark.parametrize("lang", LANGS)
def test_factor_names_of_the_catalogue_survive_inside_a_sentence(lang: str) -> None:
    """The catalogue's factor names, written with a capital inside a sentence, are not names."""
    names = [f.name for f in dk.get_localizer(lang).catalogue().factors]
    text = " ".join(f"2, {name}, 3." for name in names)
    found = [text[f.start : f.end] for f in ThirdPartyNameDetector().detect(text, lang)]
    assert found == []


def test_a_name_covering_the_clients_is_replaced_as_the_client() -> None:
    """ "Jonas Drestebek" around the client's Jonas: one [PERSON 1], the surname with it."""
    redactor = Redactor(KnownIdentifiers(persons=((1, "Jonas"),)))
    assert redactor.redact("Jonas Drestebek called. Mr Plizzart said hello.", "en").text == (
        "[PERSON 1] called. Mr [PERSON] said hello."
    )


def test_declined_and_multi_part_names_go_whole() -> None:
    """A declined surname after a preposition, a title and a given name with its surname."""
    redactor = Redactor()
    out = redactor.redact("Rozmawiał z Kowalskim i z panem Drestebekiem o Ahmedzie Nowaku.", "pl").text
    assert out == "Rozmawiał z [PERSON] i z panem [PERSON] o [PERSON]."
    out = redactor.redact("Er traf Herrn Koch und Kolvarin Drestebek am Bahnhof.", "de").text
    assert out == "Er traf Herrn [PERSON] und [PERSON] am Bahnhof."


THIRD = ("Kolvarin", "Drestebek", "Plizzart", "Ahmed", "Nowakowski")


def _planted_case() -> dk.Case:
    """The prison example, every note shareable and consented, with third parties in its notes."""
    case = base_case()
    addition = (" His cousin Kolvarin Drestebek visited; Mr Plizzart said the group still meets. "
                "Ahmed Nowakowski called him twice.")  # fmt: skip

    def planted(note: Any) -> Any:
        return attrs.evolve(note, text=note.text + addition)

    def reflection(r: Any) -> Any:
        return attrs.evolve(r, known=tuple(planted(n) for n in r.known))

    sessions = tuple(attrs.evolve(s, reflections=tuple(reflection(r) for r in s.reflections))
                     for s in case.sessions)  # fmt: skip
    assert any(r.known for s in sessions for r in s.reflections)
    return attrs.evolve(case, sessions=sessions)


def _texts(shared: dk.SharedCase) -> str:
    return dk.dumps_case(shared.case) + shared.audit.to_json()


@pytest.mark.parametrize("audience", EXTERNAL)
def test_no_third_party_name_leaves_in_an_external_export(audience: str) -> None:
    """The shared JSON and the audit record of an external audience hold none of the names."""
    shared = dk.share(_planted_case(), audience, key=KEY, on=ON, now=NOW, lang="en")
    text = _texts(shared)
    assert [name for name in THIRD if re.search(name, text, re.IGNORECASE)] == []
    if default_policy().audience(audience).action("note.text") == "redact":  # research drops notes
        assert shared.audit.redactions.get("person", 0) > 0


def test_the_internal_audience_keeps_third_party_names() -> None:
    """Internally, notes are the caseworker's own words: nothing is replaced."""
    shared = dk.share(_planted_case(), "internal", on=ON, now=NOW, lang="en")
    assert all(name in _texts(shared) for name in THIRD)


def test_desistkit_redact_removes_third_party_names() -> None:
    """The command line for systems that need only the scrubber uses the same detector."""
    result = run_cli("redact", "--lang", "de", stdin="Sein Cousin Kolvarin Drestebek hat angerufen.\n")
    assert result.returncode == 0, result.stderr
    person = dk.get_localizer("de").text("redaction.person")
    assert result.stdout == f"Sein Cousin [{person}] hat angerufen.\n"


# --- spaCy -----------------------------------------------------------------------------------------


@attrs.frozen
class _Entity:
    label_: str
    start_char: int
    end_char: int


@attrs.frozen
class _Doc:
    ents: tuple[_Entity, ...]


def _fake_nlp(text: str) -> _Doc:
    """A pipeline in the shape of spaCy's: every 'Zorbel' is a PER, 'Velmstadt' a LOC."""
    ents = [_Entity("PER", m.start(), m.end()) for m in re.finditer("Zorbel", text)]
    ents += [_Entity("LOC", m.start(), m.end()) for m in re.finditer("Velmstadt", text)]
    return _Doc(tuple(ents))


def test_a_spacy_shaped_pipeline_replaces_the_built_in_names_detector() -> None:
    """Named ``names``, it takes the built-in detector's place; only person labels count."""
    redactor = Redactor(detectors=[SpacyNameDetector(_fake_nlp)])
    assert not any(isinstance(d, ThirdPartyNameDetector) for d in redactor.detectors)
    out = redactor.redact("Yesterday Zorbel came from Velmstadt with Kolvarin.", "en").text
    assert out == "Yesterday [PERSON] came from Velmstadt with Kolvarin."


def test_pipelines_per_language_and_both_detectors_together() -> None:
    """A mapping per language: a note in a language without a pipeline is left to the others."""
    per_language = SpacyNameDetector({"de": _fake_nlp}, name="spacy")
    assert list(per_language.detect("Zorbel kam.", "fr")) == []
    assert list(per_language.detect("Zorbel kam.", "de")) == [Finding(0, 6, EntityType.PERSON, "spacy")]
    redactor = Redactor(detectors=[per_language])
    out = redactor.redact("Zorbel sagte, er treffe Kolvarin Drestebek.", "de").text
    assert out == "[PERSON] sagte, er treffe [PERSON]."


def test_a_spacy_detector_refuses_what_is_not_a_pipeline() -> None:
    """A wrong argument says what was expected."""
    with pytest.raises(TypeError, match="spaCy pipeline"):
        SpacyNameDetector("de_core_news_sm")  # type: ignore[arg-type]


def _spacy_blank(lang: str, patterns: list[dict[str, Any]]) -> Any:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank(lang)
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(patterns)
    return nlp


def test_a_real_spacy_pipeline_with_an_entity_ruler() -> None:
    """spaCy itself (a blank German pipeline, no model download) through the adapter."""
    nlp = _spacy_blank("de", [{"label": "PER", "pattern": "Zorbel Quent"},
                              {"label": "LOC", "pattern": "Velmstadt"}])  # fmt: skip
    redactor = Redactor(detectors=[SpacyNameDetector(nlp)])
    out = redactor.redact("Gestern kam Zorbel Quent aus Velmstadt.", "de").text
    assert out == "Gestern kam [PERSON] aus Velmstadt."


def _all(found: Iterator[Finding]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in found]


def test_the_detector_is_a_name_detector_of_the_protocol() -> None:
    """The built-in and the adapter both satisfy the NameDetector protocol."""
    from desistkit.sharing.redaction import NameDetector

    assert isinstance(ThirdPartyNameDetector(), NameDetector)
    assert isinstance(SpacyNameDetector(_fake_nlp), NameDetector)
    assert _all(ThirdPartyNameDetector().detect("", "en")) == []
