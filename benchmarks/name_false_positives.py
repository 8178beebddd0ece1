"""How many ordinary words a known name would wrongly match, per language and name length.

    python benchmarks/name_false_positives.py [--names 6]

The words are those of the project's own catalogs (msgstr texts of locales/*/LC_MESSAGES/
desistkit.po): thousands of real words per language, none of them a name. For each name length
4..10, ``--names`` invented names (syllables drawn with a fixed seed, checked against the words)
are each made the client's name, and every distinct word of the language is redacted once. Reported:
the mean number of words a name matches, with the phonetic key on and off (exact spellings and
endings only), so the cost of the phonetic match is visible.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
from pathlib import Path

from babel.messages.pofile import read_po

import desistkit as dk
from desistkit.sharing import KnownIdentifiers, Redactor

ROOT = Path(__file__).resolve().parents[1]
LANGS = sorted(
    [p.name for p in (ROOT / "locales").iterdir() if (p / "LC_MESSAGES" / "desistkit.po").exists()] + ["en"]
)
_ONSETS = ["b", "br", "d", "dr", "f", "g", "gr", "k", "kl", "l", "m", "n", "p", "pr", "r", "s", "st",
           "t", "tr", "v", "z", "sk", "j"]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "y"]


def words(lang: str) -> list[str]:
    """The distinct words (3+ letters) of a language's catalog (English: the source texts, msgid)."""
    source = "de" if lang == "en" else lang
    with (ROOT / "locales" / source / "LC_MESSAGES" / "desistkit.po").open("rb") as f:
        catalog = read_po(f, locale=source)
    found: set[str] = set()
    for message in catalog:
        texts = message.id if lang == "en" else message.string
        strings = texts if isinstance(texts, tuple) else (texts,)
        for text in strings:
            found.update(w for w in re.findall(r"[^\W\d_]{3,}", text or ""))
    return sorted(found)


def invented(length: int, count: int, rng: random.Random, vocabulary: set[str]) -> list[str]:
    """Names of exactly ``length`` letters that are not words of any catalog."""
    out: list[str] = []
    while len(out) < count:
        name = ""
        while len(name) < length:
            name += rng.choice(_ONSETS) + rng.choice(_VOWELS)
        name = name[:length].capitalize()
        if name.casefold() not in vocabulary:
            out.append(name)
    return out


def matches(name: str, lang: str, text: str, phonetic: bool) -> int:
    redactor = Redactor(KnownIdentifiers.from_identity(dk.ClientIdentity(family_names=(name,))))
    if not phonetic:
        redactor.detectors[0]._names._keys.clear()  # type: ignore[attr-defined]
    return sum(1 for f in redactor.find(text, lang) if f.type.value == "person")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=6)
    args = parser.parse_args()
    per_lang = {lang: words(lang) for lang in LANGS}
    vocabulary = {w.casefold() for ws in per_lang.values() for w in ws}
    rng = random.Random(13)
    names = {length: invented(length, args.names, rng, vocabulary) for length in range(4, 11)}
    print("Mean ordinary words matched by one known name (phonetic on / exact and endings only)\n")
    print("| lang | words | " + " | ".join(f"{n} letters" for n in names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    totals = {n: [0.0, 0.0] for n in names}
    for lang, ws in per_lang.items():
        text = " . ".join(ws)
        cells = []
        for length, group in names.items():
            on = statistics.mean(matches(n, lang, text, True) for n in group)
            off = statistics.mean(matches(n, lang, text, False) for n in group)
            totals[length][0] += on
            totals[length][1] += off
            cells.append(f"{on:.2f} / {off:.2f}")
        print(f"| {lang} | {len(ws)} | " + " | ".join(cells) + " |")
    print("| **all 24** | | " + " | ".join(f"{a / len(per_lang):.2f} / {b / len(per_lang):.2f}"
                                       for a, b in totals.values()) + " |")  # fmt: skip


if __name__ == "__main__":
    main()
