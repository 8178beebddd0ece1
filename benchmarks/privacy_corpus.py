"""Leaks by class and language: every class of issue #13 planted in notes in all 24 languages.

    python benchmarks/privacy_corpus.py [--per-class 10] [--seed 13] [--markdown]

Each note is ordinary words of its language (from the project's own catalogs, msgstr texts) with
one identifier planted in a form of one class. Names are invented from syllables with a fixed seed
(never from a name list or real life); numbers are random with computed check digits. Reported per
class and language: planted, leaked whole (the planted text still there), leaked partially (a
piece of 4+ letters or digits of it still there as a word), and the share of the note's ordinary
words that survive (meaning words kept).
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

import desistkit as dk
from desistkit.sharing import KnownIdentifiers, Redactor

ROOT = Path(__file__).resolve().parents[1]
LANGS = ["bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
         "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"]  # fmt: skip
_ONSETS = ["b", "br", "d", "dr", "g", "gr", "k", "kl", "l", "m", "n", "p", "pr", "r", "s", "st", "t",
           "tr", "v", "z", "sk"]  # fmt: skip
_VOWELS = "aeiou"
# One real case ending per inflecting language, written by a grammar, not by the detector's table.
ENDING = {"pl": "em", "cs": "ovi", "sk": "om", "sl": "om", "hr": "om", "lt": "ui", "lv": "am", "fi": "lle",
          "et": "ga", "hu": "nak", "el": "", "bg": "", "de": "s", "ro": "", "ga": ""}  # fmt: skip
# National transcriptions of Cyrillic letters (English, German, Polish, French), for the scripts class.
_TRANSCRIPTIONS = {
    "en": {"ч": "ch", "ш": "sh", "ж": "zh", "х": "kh", "ц": "ts", "в": "v", "у": "u", "й": "y", "ю": "yu"},
    "de": {"ч": "tsch", "ш": "sch", "ж": "sch", "х": "ch", "ц": "z", "в": "w", "у": "u", "й": "j", "ю": "ju"},
    "pl": {"ч": "cz", "ш": "sz", "ж": "ż", "х": "ch", "ц": "c", "в": "w", "у": "u", "й": "j", "ю": "ju"},
    "fr": {"ч": "tch", "ш": "ch", "ж": "j", "х": "kh", "ц": "ts", "в": "v", "у": "ou", "й": "ï", "ю": "iou"},
}  # fmt: skip
_LATIN_TO_CYRILLIC = dict(zip("abdegiklmnoprstuvz", "абдегиклмнопрстувз", strict=True))
_LATIN_TO_GREEK = {
    "a": "α",
    "b": "μπ",
    "d": "ντ",
    "e": "ε",
    "g": "γκ",
    "i": "ι",
    "k": "κ",
    "l": "λ",
    "m": "μ",
    "n": "ν",
    "o": "ο",
    "p": "π",
    "r": "ρ",
    "s": "σ",
    "t": "τ",
    "u": "ου",
    "v": "β",
    "z": "ζ",
}


def words(lang: str) -> list[str]:
    """Lower-case words of 4+ letters of a catalog (English: the source texts, msgid)."""
    with (ROOT / "locales" / ("de" if lang == "en" else lang) / "LC_MESSAGES" / "desistkit.po").open(
        "rb"
    ) as f:
        catalog = read_po(f, locale="de" if lang == "en" else lang)
    found: set[str] = set()
    for message in catalog:
        texts = message.id if lang == "en" else message.string
        for text in texts if isinstance(texts, tuple) else (texts,):
            found.update(w for w in re.findall(r"[^\W\d_]{4,}", text or "") if w.islower())
    return sorted(found)


def invented(rng: random.Random, length: int) -> str:
    name = ""
    while len(name) < length:
        name += rng.choice(_ONSETS) + rng.choice(_VOWELS)
    return name[:length].capitalize()


def _iban(rng: random.Random) -> str:
    bban = "".join(str(rng.randint(0, 9)) for _ in range(18))
    digits = "".join(str(int(c, 36)) for c in bban + "DE00")
    return f"DE{98 - int(digits) % 97:02d}{bban}"


def _pesel(rng: random.Random) -> str:
    from stdnum.pl import pesel

    base = f"{rng.randint(50, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 9999):04d}"
    return base + pesel.calc_check_digit(base)


def _cyrillic(name: str) -> str:
    return "".join(_LATIN_TO_CYRILLIC.get(c, c) for c in name.lower()).capitalize()


def _chuk(rng: random.Random) -> str:
    """An invented Ukrainian-style surname in Cyrillic: stem + -чук / -шин / -вич."""
    return _cyrillic(invented(rng, rng.randint(4, 6))) + rng.choice(["чук", "шин", "вич", "енко"])


def _transcribe(cyrillic: str, system: str) -> str:
    table = _TRANSCRIPTIONS[system]
    out = "".join(
        table.get(c, {v: k for k, v in _LATIN_TO_CYRILLIC.items()}.get(c, c)) for c in cyrillic.lower()
    )
    return out.capitalize()


# Each class: a function (rng, lang, client) -> (planted text, identity fields to add).
Planter = Callable[[random.Random, str, dict[str, str]], tuple[str, dict[str, object]]]


def _formatting(rng: random.Random, lang: str, c: dict[str, str]) -> tuple[str, dict[str, object]]:
    name = c["family"]
    cut = len(name) // 2
    head, tail = name[:cut], name[cut:]
    return rng.choice([
        head + "\u00ad" + tail, head + "\u200b" + tail, head + "-\n" + tail, head + "\u2060" + tail,
        " ".join(name), name.upper(), f"{c['given']}\u00a0{name}",
    ]), {}  # fmt: skip


def _unlabelled(rng: random.Random, lang: str, c: dict[str, str]) -> tuple[str, dict[str, object]]:
    a, b, y = rng.randint(1, 30), rng.randint(100, 9999), rng.randint(10, 25)
    letters = rng.choice(["KLs", "Js", "Ds", "VR", "AR"])
    record = f"Az. {a} {letters} {b}/{y}"
    sep = rng.choice([" ", ".", "-", "/", ""])
    written = sep.join([str(a), letters, str(b), str(y)]) if sep else f"{a}{letters}{b}/{y}"
    return written, {"other_identifiers": (record,)}


def _structured(rng: random.Random, lang: str, c: dict[str, str]) -> tuple[str, dict[str, object]]:
    user = invented(rng, 6).lower()
    iban = _iban(rng)
    phone = f"0{rng.randint(150, 179)}–{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    return rng.choice([
        " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)).lower(),
        "-".join(iban[i : i + 4] for i in range(0, len(iban), 4)),
        f"t.me/{user}", f"instagram.com/{user}.{rng.randint(1, 99)}", f"vk.com/id{rng.randint(10**6, 10**8)}",
        f"{user} [at] {invented(rng, 5).lower()} [dot] eu", f"{user}(at){invented(rng, 5).lower()}.eu",
        phone, phone.replace("–", "/").replace(" ", ""), _pesel(rng), f"tiktok.com/@{user}",
    ]), {}  # fmt: skip


def _scripts(rng: random.Random, lang: str, c: dict[str, str]) -> tuple[str, dict[str, object]]:
    surname = _chuk(rng)
    system = rng.choice(sorted(_TRANSCRIPTIONS))
    return _transcribe(surname, system), {"contacts": (dk.Contact(surname, "mother"),)}


def _script_written(rng: random.Random, lang: str, c: dict[str, str]) -> tuple[str, dict[str, object]]:
    """The record has the Latin name; the note writes it in Greek or Cyrillic letters."""
    table = _LATIN_TO_GREEK if lang == "el" or rng.random() < 0.5 else _LATIN_TO_CYRILLIC
    return "".join(table.get(ch, ch) for ch in c["family"].lower()).capitalize(), {}


def _inflected(rng: random.Random, lang: str, c: dict[str, str]) -> tuple[str, dict[str, object]]:
    return c["family"] + ENDING.get(lang, ""), {}


CLASSES: dict[str, Planter] = {
    "formatting": _formatting, "unlabelled": _unlabelled, "structured": _structured,
    "transcription": _scripts, "script": _script_written, "inflected": _inflected,
}  # fmt: skip


def generate(per_class: int, seed: int) -> list[tuple[str, str, str, list[str], dk.ClientIdentity, str]]:
    """(class, lang, note, its ordinary words, identity, planted text) for every class and language."""
    rng = random.Random(seed)
    out = []
    for lang in LANGS:
        vocabulary = words(lang)
        for cls, plant in CLASSES.items():
            for _ in range(per_class):
                client = {
                    "given": invented(rng, rng.randint(4, 7)),
                    "family": invented(rng, rng.randint(5, 9)),
                }
                planted, extra = plant(rng, lang, client)
                filler = rng.sample(vocabulary, 12)
                note = " ".join(filler[:6]) + f" {planted} " + " ".join(filler[6:]) + "."
                fields: dict[str, object] = {
                    "given_names": (client["given"],),
                    "family_names": (client["family"],),
                }
                fields.update(extra)
                out.append((cls, lang, note, filler, dk.ClientIdentity(**fields), planted))  # type: ignore[arg-type]
    return out


def evaluate(per_class: int, seed: int) -> dict[tuple[str, str], list[int]]:
    """(class, lang) -> [planted, leaked whole, leaked partially, words, words kept]."""
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for cls, lang, note, filler, identity, planted in generate(per_class, seed):
        out = Redactor(KnownIdentifiers.from_identity(identity)).redact(note, lang).text
        row = table[(cls, lang)]
        row[0] += 1
        pieces = [p for p in re.split(r"[\W_]+", planted) if len(p) >= 4]
        if planted in out:
            row[1] += 1
        elif any(re.search(rf"(?<![^\W_]){re.escape(p)}(?![^\W_])", out) for p in pieces):
            row[2] += 1
        row[3] += len(filler)
        row[4] += sum(bool(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", out)) for w in filler)
    return table


def report(table: dict[tuple[str, str], list[int]]) -> str:
    classes = list(CLASSES)
    lines = [
        "| lang | " + " | ".join(classes) + " | meaning words kept |",
        "|---|" + "---|" * (len(classes) + 1),
    ]
    for lang in LANGS:
        cells = []
        words_total = kept = 0
        for cls in classes:
            planted, whole, partial, n, k = table[(cls, lang)]
            cells.append(f"{planted} / {whole} / {partial}")
            words_total += n
            kept += k
        lines.append(f"| {lang} | " + " | ".join(cells) + f" | {kept / words_total:.1%} |")
    totals = [[sum(table[(cls, lang)][i] for lang in LANGS) for i in range(5)] for cls in classes]
    kept_all = sum(t[4] for t in totals) / sum(t[3] for t in totals)
    lines.append("| **all** | " + " | ".join(f"**{t[0]} / {t[1]} / {t[2]}**" for t in totals)
                 + f" | **{kept_all:.1%}** |")  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    import warnings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=10)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print("Cells: planted / leaked whole / leaked partially\n")
    print(report(evaluate(args.per_class, args.seed)))
