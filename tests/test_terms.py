"""Term bases: each language uses its chosen word for the method's key terms, and never the rejected ones.

locales/terms/terms.tsv lists the required terms (id, English, default anchors); locales/terms/<lang>.tsv
gives a language's translation (a lower-case stem), forbidden alternatives and extra anchors. See
locales/terms/README.md. English (en.tsv) is checked against the msgids of the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT

TERMS = ROOT / "locales" / "terms"
HEADER = ["term", "english", "translation", "forbidden", "anchors"]
LANGUAGES = sorted(p.parts[-3] for p in (ROOT / "locales").glob("*/LC_MESSAGES/desistkit.po"))


@dataclass(frozen=True)
class Term:
    term: str
    english: str
    translation: str
    forbidden: tuple[str, ...]
    anchors: tuple[str, ...]


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split("|") if part.strip())


def _rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows (with line numbers) of a tab-separated file; '#' lines skipped."""
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if not header:
            header = fields
        else:
            rows.append((number, fields))
    return header, rows


def required() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Term id -> (English, default anchors), from terms.tsv."""
    header, rows = _rows(TERMS / "terms.tsv")
    assert header == ["term", "english", "anchors"], f"terms.tsv: header {header}"
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for number, fields in rows:
        fields += [""] * (3 - len(fields))
        assert fields[0] not in out, f"terms.tsv line {number}: {fields[0]} twice"
        out[fields[0]] = (fields[1], _split(fields[2]))
    return out


def load(lang: str) -> tuple[list[Term], list[str]]:
    """A language's terms, and the problems with the file's form."""
    path = TERMS / f"{lang}.tsv"
    header, rows = _rows(path)
    problems: list[str] = []
    if header != HEADER:
        problems.append(f"{lang}.tsv: the header must be {' | '.join(HEADER)} (tab-separated), not {header}")
        return [], problems
    terms: list[Term] = []
    for number, fields in rows:
        if len(fields) > len(HEADER):
            problems.append(f"{lang}.tsv line {number}: {len(fields)} columns, expected {len(HEADER)}")
            continue
        fields += [""] * (len(HEADER) - len(fields))
        term, english, translation, forbidden, anchors = fields
        if not translation:
            problems.append(f"{lang}.tsv line {number}: {term}: no translation")
        terms.append(Term(term, english, translation, _split(forbidden), _split(anchors)))
    return terms, problems


def texts(lang: str) -> dict[str, str]:
    """msgctxt -> the language's text (all plural forms joined); for en the template's English."""
    if lang == "en":
        path = ROOT / "locales" / "desistkit.pot"
    else:
        path = ROOT / "locales" / lang / "LC_MESSAGES" / "desistkit.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    out: dict[str, str] = {}
    for m in catalog:
        if not m.id or not m.context:
            continue
        value = m.id if lang == "en" else m.string
        out[m.context] = "\n".join(value) if isinstance(value, (tuple, list)) else (value or "")
    return out


def problems(lang: str) -> list[str]:
    """Everything wrong with a language's term base, each naming language, term and msgctxt."""
    path = TERMS / f"{lang}.tsv"
    if not path.exists():
        return [f"{lang}: locales/terms/{lang}.tsv is missing (see locales/terms/README.md)"]
    terms, out = load(lang)
    want = required()
    ids = [t.term for t in terms]
    for term in sorted(set(want) - set(ids)):
        out.append(f"{lang}: {term}: missing (every term of terms.tsv is required)")
    for term in sorted(set(ids) - set(want)):
        out.append(f"{lang}: {term}: not in terms.tsv (add it there first)")
    for term in sorted({i for i in ids if ids.count(i) > 1}):
        out.append(f"{lang}: {term}: listed twice")
    strings = texts(lang)
    for t in terms:
        if t.term not in want:
            continue
        english, defaults = want[t.term]
        if t.english.casefold() != english.casefold():
            out.append(f"{lang}: {t.term}: english is {t.english!r}, terms.tsv says {english!r}")
        stem = t.translation.casefold()
        for key in dict.fromkeys((*defaults, *t.anchors)):
            if key not in strings:
                out.append(f"{lang}: {t.term}: anchor {key} is not a message key")
            elif stem and stem not in strings[key].casefold():
                out.append(f"{lang}: {t.term}: {key} does not contain {t.translation!r}: {strings[key]!r}")
        for word in t.forbidden:
            pattern = re.compile(r"(?<!\w)" + re.escape(word.casefold()))
            for key, text in strings.items():
                if pattern.search(text.casefold()):
                    out.append(f"{lang}: {t.term}: {key} uses the forbidden {word!r}: {text!r}")
    return out


def test_terms_tsv_names_real_message_keys() -> None:
    keys = set(texts("en"))
    bad = [
        f"{term}: {key}" for term, (_, anchors) in required().items() for key in anchors if key not in keys
    ]
    assert not bad, "terms.tsv anchors that are not message keys: " + ", ".join(bad)
    assert len(required()) >= 40


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_term_base(lang: str) -> None:
    """The language's term base lists exactly the required terms; anchors hold them, no forbidden word."""
    found = problems(lang)
    assert not found, f"{len(found)} term base problems:\n" + "\n".join(found)


def test_a_forbidden_word_and_a_missing_anchor_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check itself: the messages name language, term and msgctxt."""
    monkeypatch.setattr(
        "test_terms.texts",
        lambda lang: {"stance.known.name": "Gewusst", "document.withheld": "keine Einwilligung"},
    )
    rows = ["\t".join(HEADER)]
    for term, (english, _anchors) in required().items():
        translation = {"stance.known": "bekannt", "consent": "einwilligung"}.get(term, "x")
        forbidden = "gewusst" if term == "stance.known" else ""
        rows.append("\t".join([term, english, translation, forbidden, ""]))
    (tmp_path / "terms.tsv").write_text((TERMS / "terms.tsv").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr("test_terms.TERMS", tmp_path)
    (tmp_path / "xx.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = problems("xx")
    assert "xx: stance.known: stance.known.name does not contain 'bekannt': 'Gewusst'" in found
    assert "xx: stance.known: stance.known.name uses the forbidden 'gewusst': 'Gewusst'" in found
    assert not any(p.startswith("xx: consent: document.withheld") for p in found)
