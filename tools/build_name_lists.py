"""Build the name lists of the third-party name detector (src/desistkit/sharing/redaction/_data/names.txt).

    python tools/build_name_lists.py

Given names and surnames per EU language come from Faker's person providers (MIT licence; each
provider cites its public source: national statistics offices, name-day calendars, Wiktionary and
Wikipedia lists). Faker has no Maltese provider and writes Arabic names in Arabic letters only, so
Maltese names and the Latin spellings of Arabic, Turkish, Chechen, Albanian, Bosnian and Ukrainian
names frequent in exit work come from tools/names_supplement.toml, compiled by hand from published
name statistics (see src/desistkit/sharing/redaction/_data/NOTICE.md). Nothing here comes from leaked
personal data. The output is folded like the text the detector reads (lower case, no diacritics,
Greek and Cyrillic romanised), one line per language and kind, names sorted.

The ordinary words every sentence is made of (articles, pronouns, conjunctions, adverbs) come from
spaCy's stop-word lists (MIT licence), folded the same way, into stopwords.txt; spaCy has none for
Maltese and a short one for Estonian, which tools/names_supplement.toml completes. Both spaCy and
Faker are needed only to rebuild the files, never at run time.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from desistkit.core import _toml as tomllib  # noqa: E402 - after the path to the source tree
from desistkit.sharing.redaction._fold import fold_word  # noqa: E402

DATA = ROOT / "src" / "desistkit" / "sharing" / "redaction" / "_data"
OUT = DATA / "names.txt"
STOPWORDS = DATA / "stopwords.txt"
SUPPLEMENT = ROOT / "tools" / "names_supplement.toml"
# The Faker providers of each EU language; "xx" are names of any language (migration, diaspora).
LOCALES = {
    "bg": ["bg_BG"], "cs": ["cs_CZ"], "da": ["da_DK"], "de": ["de_DE", "de_AT", "de_CH"],
    "el": ["el_GR"], "en": ["en_GB", "en_IE", "en_US"], "es": ["es_ES"], "et": ["et_EE"],
    "fi": ["fi_FI"], "fr": ["fr_FR", "fr_BE"], "ga": ["ga_IE"], "hr": ["hr_HR"], "hu": ["hu_HU"],
    "it": ["it_IT"], "lt": ["lt_LT"], "lv": ["lv_LV"], "mt": [], "nl": ["nl_NL", "nl_BE"],
    "pl": ["pl_PL"], "pt": ["pt_PT"], "ro": ["ro_RO"], "sk": ["sk_SK"], "sl": ["sl_SI"],
    "sv": ["sv_SE"], "xx": ["tr_TR", "uk_UA", "ru_RU"],
}  # fmt: skip
_NAME = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def _faker(locale: str) -> dict[str, set[str]]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    out: dict[str, set[str]] = {"given": set(), "surname": set()}
    for attr in dir(provider):
        value = getattr(provider, attr)
        if callable(value) or not isinstance(value, (tuple, list, dict)):
            continue
        kind = "given" if "first_name" in attr else "surname" if "last_name" in attr else None
        if kind is None or attr.endswith("_formats"):
            continue
        for name in value:
            if isinstance(name, str):
                out[kind].update(_parts(name))
    return out


def _parts(name: str) -> set[str]:
    """Folded parts of a name of two or more letters ("Jean-Pierre" -> jean-pierre, jean, pierre)."""
    folded = fold_word(name.strip())
    parts = {p for p in re.split(r"[\s]+", folded) if _NAME.match(p)}
    return parts | {q for p in parts for q in p.split("-") if _NAME.match(q)}


def main() -> None:
    supplement = tomllib.loads(SUPPLEMENT.read_text("utf-8"))
    lines = []
    for lang, locales in LOCALES.items():
        names: dict[str, set[str]] = {"given": set(), "surname": set()}
        for locale in locales:
            for kind, found in _faker(locale).items():
                names[kind] |= found
        for kind in names:
            for entry in supplement.get(lang, {}).get(kind, []):
                names[kind] |= _parts(entry)
        for kind in ("given", "surname"):
            lines.append(f"{lang} {kind} " + " ".join(sorted(n for n in names[kind] if len(n) >= 2)))
    OUT.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{OUT.relative_to(ROOT)}: {sum(len(line.split()) - 2 for line in lines)} names")
    stop_lines = []
    for lang in LOCALES:
        if lang == "xx":
            continue
        try:
            words = set(importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)
        except ModuleNotFoundError:
            words = set()
        words |= set(supplement.get(lang, {}).get("stopwords", []))
        words |= set(supplement.get("adverbs", {}).get(lang, []))
        folded = {w for word in words for w in re.findall(r"[^\W\d_]+", fold_word(word))}
        stop_lines.append(f"{lang} " + " ".join(sorted(folded)))
    STOPWORDS.write_text("\n".join(stop_lines) + "\n", "utf-8")
    print(f"{STOPWORDS.relative_to(ROOT)}: {sum(len(line.split()) - 1 for line in stop_lines)} words")


if __name__ == "__main__":
    main()
