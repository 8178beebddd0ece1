"""Leaks by class and language: every class of issue #13 planted in notes in all 24 languages.

    python benchmarks/privacy_corpus.py [--per-class 10] [--seed 13] [--third-party 24]

Each note is ordinary words of its language (from the project's own catalogs, msgstr texts) with
one identifier planted in a form of one class. Names are invented from syllables with a fixed seed
(never from a name list or real life); numbers are random with computed check digits. Reported per
class and language: planted, leaked whole (the planted text still there), leaked partially (a
piece of 4+ letters or digits of it still there as a word), and the share of the note's ordinary
words that survive (meaning words kept).

Third-party names (people the case record does not list) are measured apart, on casework sentences
written for each language (benchmarks/third_party_notes.py), declined where the language declines
names: once with invented names (syllables with a fixed seed, checked against the detector's lists,
so that the score is not the list's), once with real common names written by hand for the benchmark.
Reported per language: names planted, caught (neither whole nor a 4+ letter piece left), whole and
partial leaks, and the sentence words other than the names that survive.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po
from third_party_notes import REAL, TEMPLATES

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


# --- third-party names ----------------------------------------------------------------------------

_FINALS = "nlrkmdvt"
_HU_BACK = set("aáoóuú")


def _declined(lang: str, name: str) -> tuple[str, str]:
    """The two oblique forms the sentences of ``lang`` need ({go}/{so}, {go2}/{so2}), by a grammar
    of each language's regular endings (not by the detector's table)."""
    last = name[-1]
    consonant = last.lower() not in "aeiouyáéíóúýąęæøåäöüőű"
    if lang == "pl":
        if name.endswith(("ski", "cki", "dzki")):
            return name + "m", name[:-1] + "iego"
        if name.endswith("a"):
            return name[:-1] + "ą", name[:-1] + "y"
        return (name + "iem" if last in "kg" else name + "em"), name + "a"
    if lang in ("cs", "sk"):
        if name.endswith("ý"):
            return name + "m", name[:-1] + "ého"
        if name.endswith("a"):
            return name[:-1] + "ou", name[:-1] + "y"
        return name + ("em" if lang == "cs" else "om"), name + "a"
    if lang in ("sl", "hr"):
        if name.endswith("a"):
            return name[:-1] + ("o" if lang == "sl" else "om"), name[:-1] + "e"
        soft = last in "cčćšžjđ"
        return name + ("em" if soft else "om"), name + "a"
    if lang == "lt":
        for nom, ins, gen in (("as", "u", "o"), ("is", "iu", "io"), ("ys", "iu", "io"), ("us", "umi", "aus")):
            if name.endswith(nom):
                return name[: -len(nom)] + ins, name[: -len(nom)] + gen
        return name, name
    if lang == "lv":
        for nom, acc, gen in (("is", "i", "a"), ("š", "u", "a"), ("s", "u", "a")):
            if name.endswith(nom):
                return name[: -len(nom)] + acc, name[: -len(nom)] + gen
        return name, name
    if lang == "fi":
        stem = name[:-3] + "se" if name.endswith("nen") else name + "i" if consonant else name
        return stem + "n", stem + "lle"
    if lang == "et":
        return (name + "iga", name + "i") if consonant else (name + "ga", name)
    if lang == "hu":
        back = next((c in _HU_BACK for c in reversed(name.lower()) if c in "aáoóuúeéiíöőüű"), True)
        if last == "a":
            return name[:-1] + "át", name[:-1] + "ával"
        if last == "e":
            return name[:-1] + "ét", name[:-1] + "ével"
        if not consonant:
            return name + "t", name + ("val" if back else "vel")
        return name + ("ot" if back else "et"), name + last + ("al" if back else "el")
    if lang == "el":
        for nom, acc, gen in (("ος", "ο", "ου"), ("ης", "η", "η"), ("ας", "α", "α")):
            if name.endswith(nom):
                return name[: -len(nom)] + acc, name[: -len(nom)] + gen
        return name, name
    if lang == "de":
        return name, name + ("'" if last in "sxzß" else "s")
    return name, name


def _invented_pair(rng: random.Random, lang: str, taken: frozenset[str]) -> tuple[str, str]:
    """An invented given name and surname in the language's script and name shape, on no list."""
    from desistkit.sharing.redaction._fold import fold_word

    while True:
        stems = [invented(rng, rng.randint(3, 6)) + rng.choice(_FINALS) for _ in range(2)]
        given, surname = stems
        if lang == "el":
            greek = ["".join(_LATIN_TO_GREEK.get(c, c) for c in x.lower()).capitalize() for x in stems]
            given, surname = greek[0] + "ος", greek[1] + "ίδης"
        elif lang == "bg":
            given, surname = _cyrillic(given), _cyrillic(surname) + "ов"
        elif lang == "lt":
            given, surname = given + "as", surname + "auskas"
        elif lang == "lv":
            given, surname = given + "s", surname + "iņš"
        if not {fold_word(given), fold_word(surname)} & taken:
            return given, surname


def third_party_samples(per_language: int, seed: int, real: bool) -> list[tuple[str, str, list[str]]]:
    """(lang, sentence, names as written in it) for every language: invented names, or real ones."""
    from desistkit.sharing.redaction._third_party import _name_lists

    taken = frozenset(n for names in _name_lists().values() for n in names)
    rng = random.Random(seed + (1 if real else 0))
    out = []
    for lang in LANGS:
        templates = TEMPLATES[lang]
        for i in range(per_language):
            if real:
                given, surname = rng.choice(REAL[lang][0]), rng.choice(REAL[lang][1])
            else:
                given, surname = _invented_pair(rng, lang, taken)
            (go, go2), (so, so2) = _declined(lang, given), _declined(lang, surname)
            template = templates[i % len(templates)]
            forms = {"g": given, "s": surname, "go": go, "go2": go2, "so": so, "so2": so2}
            sentence = template.format(**forms)
            used = [forms[k] for k in re.findall(r"\{(\w+)\}", template)]
            out.append((lang, sentence, used))
    return out


def evaluate_third_party(per_language: int, seed: int, real: bool) -> dict[str, list[int]]:
    """lang -> [names planted, leaked whole, leaked partially, other words, other words kept]."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    redactor = Redactor()
    for lang, sentence, names in third_party_samples(per_language, seed, real):
        out = redactor.redact(sentence, lang).text
        row = table[lang]
        name_words = {w for n in names for w in re.findall(r"[^\W\d_]+", n)}
        for name in names:
            row[0] += 1
            if re.search(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])", out):
                row[1] += 1
            elif any(re.search(rf"(?<![^\W\d_]){re.escape(p)}(?![^\W\d_])", out)
                     for p in re.findall(r"[^\W\d_]{4,}", name)):  # fmt: skip
                row[2] += 1
        meaning = [w for w in re.findall(r"[^\W\d_]{3,}", sentence) if w not in name_words]
        row[3] += len(meaning)
        row[4] += sum(bool(re.search(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", out)) for w in meaning)
    return dict(table)


def report_third_party(per_language: int, seed: int) -> str:
    lines = [
        "| lang | invented: caught | whole / partial leaks | words kept | real: caught | "
        "whole / partial leaks | words kept |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    tables = [evaluate_third_party(per_language, seed, real) for real in (False, True)]
    sums = [[0] * 5, [0] * 5]
    for lang in LANGS:
        cells = []
        for k, table in enumerate(tables):
            planted, whole, partial, n, kept = table[lang]
            sums[k] = [a + b for a, b in zip(sums[k], table[lang], strict=True)]
            cells += [f"{(planted - whole - partial) / planted:.0%} of {planted}", f"{whole} / {partial}",
                      f"{kept / n:.1%}"]  # fmt: skip
        lines.append(f"| {lang} | " + " | ".join(cells) + " |")
    cells = []
    for planted, whole, partial, n, kept in sums:
        cells += [f"**{(planted - whole - partial) / planted:.1%} of {planted}**", f"**{whole} / {partial}**",
                  f"**{kept / n:.1%}**"]  # fmt: skip
    lines.append("| **all** | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    import warnings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=10)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--third-party", type=int, default=24, help="sentences per language")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print("Cells: planted / leaked whole / leaked partially\n")
    print(report(evaluate(args.per_class, args.seed)))
    print("\nThird-party names (people the record does not list), per language:\n")
    print(report_third_party(args.third_party, args.seed))
