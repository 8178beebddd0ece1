"""Checks for one translation catalog (.po), shared by the tests and by translators.

    python tests/i18n_checks.py locales/de/LC_MESSAGES/desistkit.po [more.po ...]

Prints every problem and exits 1 if there is any. Checks: every message of the template is there and
translated (not fuzzy, not empty); placeholders match the English; plural forms match the language's
rule; no text is left in English unless listed in tests/data/same-as-english/<lang>.txt; card
questions end like questions; Excel sheet names fit; the header records the form of address, a
glossary and the strings that most need review by a native practitioner.
"""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "locales" / "desistkit.pot"
SAME = ROOT / "tests" / "data" / "same-as-english"
# Texts that are the same in every language: product names and fixed symbols.
ALWAYS_SAME = {
    "product.case_reflector",
    "product.desist_cards",
    "guide.title",  # the product name "DesistKit" on the guide's cover
    "reflector.title",
    "tracker.suppressed",
}
HEADER_SECTIONS = ("Form of address:", "Glossary:", "Needs review by a native practitioner:")
_SHEET_FORBIDDEN = re.compile(r"[:\\/?*\[\]]")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def load(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def allowed_same(lang: str) -> set[str]:
    path = SAME / f"{lang}.txt"
    if not path.exists():
        return set(ALWAYS_SAME)
    keys = {line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()}
    return ALWAYS_SAME | {k for k in keys if k}


def check(path: Path) -> list[str]:
    template = load(TEMPLATE)
    catalog = load(path)
    lang = str(catalog.locale.language) if catalog.locale else path.parts[-3]
    problems: list[str] = []
    same_ok = allowed_same(lang)
    nplurals = catalog.num_plurals
    expected = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in template if m.id}
    present = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    for key in sorted(set(expected) - set(present), key=str):
        problems.append(f"{key[0]}: missing (run python tools/update_catalogs.py)")
    for key in sorted(set(present) - set(expected), key=str):
        problems.append(f"{key[0]}: not in the template any more (obsolete)")
    for key, message in present.items():
        ctx = key[0] or "?"
        if key not in expected:
            continue
        if message.fuzzy:
            problems.append(f"{ctx}: marked fuzzy")
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple) and len(strings) != nplurals:
            problems.append(f"{ctx}: {len(strings)} plural forms, the language has {nplurals}")
        wanted = set().union(*(placeholders(s) for s in source))
        for i, text in enumerate(strings):
            where = f"{ctx}[{i}]" if len(strings) > 1 else ctx
            if not text or not text.strip():
                problems.append(f"{where}: empty")
                continue
            if placeholders(text) != wanted:
                problems.append(
                    f"{where}: placeholders {sorted(placeholders(text))}, expected {sorted(wanted)}"
                )
            if text.strip() != text:
                problems.append(f"{where}: leading or trailing spaces")
        if strings and strings[0] == source[0] and ctx not in same_ok:
            problems.append(f"{ctx}: same as the English; translate it or list it in {SAME.name}/{lang}.txt")
        if ctx.startswith("factor.") and ".question." in ctx and strings[0]:
            end = ("?", ";", "\u037e") if lang == "el" else ("?",)
            if not strings[0].rstrip().endswith(end):
                problems.append(f"{ctx}: a card question should end with a question mark")
        sheet = ctx.startswith("tracker.sheet.") and strings[0]
        if sheet and (len(strings[0]) > 31 or _SHEET_FORBIDDEN.search(strings[0])):
            problems.append(f"{ctx}: an Excel sheet name has at most 31 characters, none of :\\/?*[]")
    header = "\n".join(catalog.header_comment.splitlines())
    for section in HEADER_SECTIONS:
        if section not in header:
            problems.append(f"header: the comment at the top needs a line starting '# {section}'")
    if HEADER_SECTIONS[2] in header:
        review = header.split(HEADER_SECTIONS[2], 1)[1]
        keys = set(re.findall(r"[a-z_]+(?:\.[a-z0-9_]+)+", review))
        known = {k[0] for k in expected}
        if len(keys & known) < 3:
            problems.append("header: list at least three message keys (msgctxt) that most need review")
        for unknown in sorted(keys - known):
            if unknown.count(".") >= 1 and not unknown.endswith((".po", ".txt")):
                problems.append(f"header: review list names {unknown}, which is not a message key")
    return problems


def main(paths: list[str]) -> int:
    failed = 0
    for p in paths:
        problems = check(Path(p))
        print(f"{p}: {'OK' if not problems else f'{len(problems)} problems'}")
        for problem in problems:
            print(f"  {problem}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
