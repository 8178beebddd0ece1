"""All 24 official EU languages: complete catalogs, negotiation, fallback, plurals and formats."""

from __future__ import annotations

import datetime as dt
import json
import threading
import warnings
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import desistkit as dk
from conftest import ROOT, run_cli
from desistkit.i18n.texts import catalogue_messages, label_messages
from i18n_checks import TEMPLATE, check

TRANSLATED = [lang for lang in dk.EU_LANGUAGES if lang != "en"]
PO = {lang: ROOT / "locales" / lang / "LC_MESSAGES" / "desistkit.po" for lang in TRANSLATED}


def test_the_24_official_eu_languages_are_available() -> None:
    """English plus 23 translations ship in the installed package."""
    assert len(dk.EU_LANGUAGES) == 24
    assert dk.available_languages() == dk.EU_LANGUAGES


def test_template_holds_exactly_the_messages_desistkit_looks_up() -> None:
    """locales/desistkit.pot is current: run `pybabel extract` (docs/translating.md) if this fails."""
    with TEMPLATE.open("rb") as f:
        template = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(f) if m.id}
    wanted = {
        (m.key, m.text) for m in (*label_messages().values(), *catalogue_messages(dk.default_catalogue()))
    }
    assert template == wanted


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_complete_and_consistent(lang: str) -> None:
    """Every message translated; placeholders, plural forms, questions and header in order."""
    assert check(PO[lang]) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_installed_catalog_has_every_message(lang: str) -> None:
    """The compiled catalog in the wheel translates every label and every factor text."""
    assert dk.get_localizer(lang).missing() == ()


@pytest.mark.parametrize("lang", dk.EU_LANGUAGES)
def test_every_label_and_enum_renders_without_warnings(lang: str) -> None:
    """Smoke test over every language: labels format, enums have words, the catalogue translates."""
    loc = dk.get_localizer(lang)
    fields = dict.fromkeys(
        ["reference", "start", "end", "date", "title", "number", "total", "category", "n",
         "goals_achieved", "new_resources", "given", "items", "agency", "example", "name", "purpose",
         "areas", "priority", "agreed", "low", "high"], "X",
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for key, message in label_messages().items():
            plural_fields = {k: v for k, v in fields.items() if k != "n"}
            text = loc.plural(key, 3, **plural_fields) if message.plural else loc.text(key, **fields)
            assert text.strip(), key
        for enum_type in (dk.Stance, dk.Perspective, dk.Valence, dk.Priority, dk.GoalStatus,
                          dk.GoalAgreement, dk.Setting, dk.SessionKind, dk.ConferenceOccasion,
                          dk.ActionStatus):  # fmt: skip
            for member in enum_type:
                assert loc.enum(member)
        cat = loc.catalogue()
    assert cat.ids == dk.default_catalogue().ids
    if lang != "en":
        english = dk.default_catalogue()
        assert [f.name for f in cat] != [f.name for f in english]
        assert all(len(f.questions) == len(e.questions) for f, e in zip(cat, english, strict=True))


@pytest.mark.parametrize(
    ("asked", "language", "tag"),
    [("de_AT", "de", "de-AT"), ("de-AT", "de", "de-AT"), ("pt_BR", "pt", "pt-BR"), ("fi", "fi", "fi-FI"),
     ("EN-gb", "en", "en-GB"), ("ga", "ga", "ga-IE"), ("el", "el", "el-GR")],
)  # fmt: skip
def test_locale_negotiation(asked: str, language: str, tag: str) -> None:
    """A regional locale uses its language's texts and its own formats and language tag."""
    loc = dk.get_localizer(asked)
    assert (loc.language, loc.tag) == (language, tag)


@pytest.mark.parametrize("asked", ["xx", "tlh", "../../etc/passwd", "", "de_AT/../../x"])
def test_unknown_language_is_a_clear_error(asked: str) -> None:
    """Unknown or malformed tags raise UnknownLanguageError listing what is available."""
    with pytest.raises(dk.UnknownLanguageError) as info:
        dk.get_localizer(asked)
    assert "available: bg, cs, da, de, el, en" in str(info.value)
    assert isinstance(info.value, LookupError)


def _org_dir(tmp_path: Path, lang: str, entries: dict[str, str]) -> Path:
    body = "".join(
        f'msgctxt "{key}"\nmsgid "{label_messages()[key].text}"\nmsgstr "{text}"\n\n'
        for key, text in entries.items()
    )
    po = tmp_path / "org" / lang / "LC_MESSAGES" / "desistkit.po"
    po.parent.mkdir(parents=True)
    header = f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    po.write_text(header + body, encoding="utf-8")
    return tmp_path / "org"


def test_organisation_overrides_wording(tmp_path: Path) -> None:
    """An organisation's catalog wins over the packaged one; everything else stays translated."""
    org = _org_dir(tmp_path, "pl", {"document.goals": "Cele ustalone z podopiecznym"})
    loc = dk.get_localizer("pl", catalog_dirs=[org])
    assert loc.text("document.goals") == "Cele ustalone z podopiecznym"
    assert loc.text("document.overview") == dk.get_localizer("pl").text("document.overview")
    assert loc.missing() == ()


def test_organisation_adds_a_language_and_missing_texts_warn(tmp_path: Path) -> None:
    """A new language from an organisation works; what it lacks falls back to English, with a warning."""
    org = _org_dir(tmp_path, "uk", {"document.goals": "Цілі"})
    assert "uk" in dk.available_languages([org])
    loc = dk.get_localizer("uk", catalog_dirs=[org])
    assert loc.text("document.goals") == "Цілі"
    with pytest.warns(dk.MissingTranslationWarning, match="no 'uk' translation for 'document.overview'"):
        assert loc.text("document.overview") == "Overview"
    with pytest.warns(dk.MissingTranslationWarning):
        assert loc.plural("plural.sessions", 2) == "2 sessions"
    assert (
        len(loc.missing())
        == len(label_messages()) + 29 * 2 + 8 + sum(len(f.questions) for f in dk.default_catalogue()) - 1
    )


def test_english_never_warns() -> None:
    """English is the source: no catalog, no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dk.get_localizer("en").plural("plural.goals_achieved", 1) == "1 goal achieved"


@pytest.mark.parametrize("lang", ["pl", "lt", "ga", "sl", "mt", "cs", "ro", "lv"])
def test_plural_forms_follow_the_language_rule(lang: str) -> None:
    """'N goals achieved' picks the form the language's plural rule gives for each N."""
    with PO[lang].open("rb") as f:
        catalog = read_po(f)
    forms = next(m for m in catalog if m.context == "plural.goals_achieved").string
    loc = dk.get_localizer(lang)
    for n in [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 19, 20, 21, 22, 25, 100, 101, 102, 111]:
        expected = forms[catalog.plural_expr and _plural_index(catalog, n)].format(n=loc.format_number(n))
        assert loc.plural("plural.goals_achieved", n) == expected, n


def _plural_index(catalog: object, n: int) -> int:
    import gettext

    return int(gettext.c2py(catalog.plural_expr)(n))  # type: ignore[attr-defined]


def test_numbers_and_dates_follow_the_locale() -> None:
    """French groups with narrow no-break spaces; German and Finnish write dates their way."""
    assert dk.get_localizer("fr").format_number(1234567) == "1\u202f234\u202f567"
    assert dk.get_localizer("de").format_date(dt.date(1994, 3, 7)) == "07.03.1994"
    assert dk.get_localizer("de").format_date(dt.date(1994, 3, 7), "long") == "7. März 1994"
    assert dk.get_localizer("fi").format_date(dt.date(1994, 3, 7), "long") == "7. maaliskuuta 1994"
    assert dk.get_localizer("de").format_percent(0.25) == "25\xa0%"
    assert dk.get_localizer("en").format_list(["a", "b", "c"]) == "a, b, and c"
    assert dk.get_localizer("de").format_list(["a", "b", "c"]) == "a, b und c"


def test_unknown_label_suggests_the_closest() -> None:
    """A typo in a label key is a LookupError naming the key meant."""
    with pytest.raises(LookupError, match=r"did you mean 'document\.goals'"):
        dk.get_localizer("de").text("document.goal_s")


def test_localizers_are_safe_to_share_between_threads() -> None:
    """Rendering catalogues in many threads at once gives the same texts as one by one."""
    serial = {lang: [f.name for f in dk.get_localizer(lang).catalogue()] for lang in dk.EU_LANGUAGES}
    results: dict[str, list[str]] = {}

    def work(lang: str) -> None:
        for _ in range(20):
            results[lang] = [f.name for f in dk.get_localizer(lang).catalogue()]

    threads = [threading.Thread(target=work, args=(lang,)) for lang in dk.EU_LANGUAGES]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == serial


def test_cli_catalogue_in_finnish() -> None:
    """`desistkit catalogue --lang fi --json` prints the factors and questions in Finnish."""
    result = run_cli("catalogue", "--lang", "fi", "--json")
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr
    factors = json.loads(result.stdout)
    finnish = dk.get_localizer("fi").catalogue()
    assert [f["name"] for f in factors] == [f.name for f in finnish]
    assert factors[0]["questions"] == list(finnish.factors[0].questions)
    assert {f["lang"] for f in factors} == {"fi"}
    assert factors[0]["name"] != "Family of origin"


def test_cli_locales_reports_every_language_complete() -> None:
    """`desistkit locales` lists the 24 languages, each 100 % complete."""
    result = run_cli("locales")
    assert result.returncode == 0
    rows = result.stdout.splitlines()[1:]
    assert [r.split()[0] for r in rows] == list(dk.EU_LANGUAGES)
    assert all(r.rstrip().endswith("100%") for r in rows)


def test_length_report_in_docs_is_current() -> None:
    """docs/i18n-lengths.md matches the catalogs: run `python tools/i18n_report.py` if not."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from i18n_report import OUT, report

    assert OUT.read_text(encoding="utf-8") == report()
