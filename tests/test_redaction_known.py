"""The case's own identifiers, found by faster code: the same findings as the plain code they replace.

Each test keeps the straightforward version (as it stood before the fast one) and compares the two
on generated names and notes, so a shortcut that finds less, or more, fails here.
"""

from __future__ import annotations

import itertools
import re
import string
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desistkit.sharing.redaction import _dates, _names
from desistkit.sharing.redaction._endings import _TABLE, ALL_ENDINGS, assimilated, endings
from desistkit.sharing.redaction._fold import fold_word
from desistkit.sharing.redaction._phonetic import bound, key
from desistkit.sharing.redaction._types import EntityType

_VOWELS = "aeiouy"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_WORD = re.compile(r"\w+")


def plain_variants(name: str) -> set[str]:
    base = {fold_word(name)}
    base.add(fold_word(name.translate(_UMLAUTS)))
    for v in list(base):
        if "oy" in v or v.startswith("gi"):
            base |= {v.replace("oy", "ou"), v.replace("y", "i"), "y" + v[1:] if v.startswith("gi") else v}
    variants = set(base)
    for v in base:
        if len(v) >= 5 and v[-1] in _VOWELS:
            variants.add(v[:-1])
        if len(v) >= 6 and v[-1] == "s" and v[-2] in _VOWELS:
            variants.add(v[:-2])
        if len(v) >= 6 and v.endswith("nen"):
            variants.add(v[:-3] + "se")
        if 4 <= len(v) <= 5 and v[-1] == "s" and v[-2] in _VOWELS:
            variants.add(v[:-1])
    return {v for v in variants if len(v) >= 2}


class PlainIndex:
    """The name index as it was: every variant filed one by one, every word of the note looked at."""

    def __init__(self) -> None:
        self.by_prefix: dict[str, list[tuple[tuple[str, ...], bool, EntityType, int | None]]] = {}
        self.keys: dict[str, list[tuple[str, EntityType, int | None]]] = {}

    def add(self, name: str, kind: EntityType, person: int | None) -> None:
        for variant in plain_variants(name):
            words = tuple(_WORD.findall(variant))
            if not words:
                continue
            self.by_prefix.setdefault(words[0][:3], []).append((words, False, kind, person))
            if kind is not EntityType.PERSON:
                continue
            if len(words) > 1:
                for word in words:
                    if len(word) >= 4:
                        self.by_prefix.setdefault(word[:3], []).append(((word,), False, kind, person))
            last = words[-1]
            if 4 <= len(last) <= 5 and last[-1] in _VOWELS:
                stem = (*words[:-1], last[:-1])
                self.by_prefix.setdefault(stem[0][:3], []).append((stem, True, kind, person))
            for word in words:
                if len(word) >= 4:
                    k = key(word)
                    self.keys.setdefault(k[:2], []).append((k, kind, person))

    def cut_keys(self, token: str, lang: str) -> list[tuple[str, str]]:
        out = []
        for cut in range(min(5, len(token) - 4) + 1):
            rest = token[len(token) - cut :]
            if cut and rest not in endings(lang, True):
                continue
            out.append((rest, key(token[: len(token) - cut])))
        return out

    def sounds_like(self, token: str, lang: str) -> list[tuple[EntityType, int | None]]:
        from rapidfuzz.distance import Levenshtein

        out = []
        for rest, k in self.cut_keys(token, lang):
            for name_key, kind, person in self.keys.get(k[:2], ()):
                if rest and rest not in endings(lang, len(name_key) >= 5):
                    continue
                limit = bound(len(name_key))
                if abs(len(name_key) - len(k)) <= limit and Levenshtein.distance(k, name_key) <= limit:
                    out.append((kind, person))
        return out

    def find(self, folded: str, lang: str) -> list[tuple[int, int, EntityType, int | None]]:
        out = []
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        phonetic = bool(self.keys)
        for i, (start, end, token) in enumerate(tokens):
            entries = self.by_prefix.get(token[:3], [])
            sounds = phonetic and len(token) >= 4
            if (not entries and not sounds) or (start and folded[start - 1] == "@"):
                continue
            found = False
            for words, stem_only, kind, person in entries:
                last = i + len(words) - 1
                if last >= len(tokens) or any(tokens[i + j][2] != w for j, w in enumerate(words[:-1])):
                    continue
                matched = _names._inflects(tokens[last][2], words[-1], stem_only, lang)
                if matched is not None:
                    found = True
                    out.append((start, tokens[last][0] + matched, kind, person))
            prefixes = {k[:2] for _, k in self.cut_keys(token, lang)}
            if not found and sounds and prefixes & set(self.keys):
                out.extend((start, end, kind, person) for kind, person in self.sounds_like(token, lang)[:1])
        for (start, end, left), (begin, stop, right) in itertools.pairwise(tokens):
            gap = folded[end:begin]
            if "\n" not in gap or gap.strip():
                continue
            joined = left + right
            for words, stem_only, kind, person in self.by_prefix.get(joined[:3], ()):
                if len(words) == 1 and _names._inflects(joined, words[0], stem_only, lang) == len(joined):
                    out.append((start, stop, kind, person))
        return out


LANGS = [*_TABLE, "xx"]
# Names as case files hold them: mostly one word, sometimes Greek, German, Cyrillic, two words, short.
_LETTERS = string.ascii_letters + "äöüÄÖÜßłøéèçšžčőΓιώργοςουσαЛеонид"
names = st.one_of(
    st.sampled_from(["Gotthard", "Müller", "Γιώργος", "Kowalska", "Virtanen", "Jonas", "Anna", "Λάλας",
                     "Heide-Marie", "El Mansouri", "Koch II", "Øystein", "Łukasz", "Леонид", "Al", "d'Arco",
                     "Schtschukin", "Nthali", "Gioia", "Brenwald", "Yiannis", "Ахмед", "Ilvy"]),
    st.text(_LETTERS, min_size=1, max_size=12),
    st.text(_LETTERS + " -'.", min_size=1, max_size=16),
)  # fmt: skip


def _note(draw: st.DrawFn, given: list[str]) -> str:
    """A note of ordinary words, the names in varied spellings and endings, line breaks."""
    pieces = []
    for _ in range(draw(st.integers(1, 14))):
        choice = draw(st.integers(0, 6))
        if choice <= 1 and given:
            name = fold_word(draw(st.sampled_from(given)))
            cut = draw(st.integers(0, min(3, len(name))))
            ending = draw(st.sampled_from(["", "a", "ie", "owi", "n", "s", "lle", "ou"]))
            pieces.append(name[: len(name) - cut] + ending)
        elif choice == 2 and given:
            name = fold_word(draw(st.sampled_from(given)))
            pieces.append(name.replace("k", "c").replace("v", "w").replace("ch", "sch") + "x")
        elif choice == 3 and given:  # broken across a line: "bren\nwald"
            name = fold_word(draw(st.sampled_from(given)))
            cut = draw(st.integers(0, len(name)))
            pieces.append(name[:cut] + draw(st.sampled_from(["\n", " \n ", "\n\n"])) + name[cut:])
        else:
            word = draw(st.text(string.ascii_lowercase + "äé_²٣·\u00a0\u200b", min_size=1, max_size=9))
            pieces.append(word)
        pieces.append(draw(st.sampled_from([" ", " ", ", ", "\n", "@", " (", "-"])))
    return "".join(pieces)


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[tuple[str, EntityType, int]], str, str]:
    given = draw(st.lists(names, min_size=1, max_size=5))
    filed = [(name, EntityType.PERSON if i < 4 else EntityType.PLACE, i % 3) for i, name in enumerate(given)]
    return filed, _note(draw, given), draw(st.sampled_from(LANGS))


@settings(max_examples=400, deadline=None)
@given(cases(), st.booleans())
def test_the_name_index_finds_what_the_plain_one_does(case: tuple[list[Any], str, str], sound: bool) -> None:
    """Same spans, kinds and persons; for one word, the persons in the same order (the first
    named wins an overlap)."""
    filed, folded, lang = case
    fast, plain = _names.NameIndex(), PlainIndex()
    fast.add_all(filed)
    for name, kind, person in filed:
        plain.add(name, kind, person)
    if not sound:
        fast._keys.clear()
        plain.keys.clear()
    got, want = list(fast.find(folded, lang)), plain.find(folded, lang)
    assert sorted(set(got), key=str) == sorted(set(want), key=str)
    first = [(s, k, p) for s, _, k, p in dict.fromkeys(got)]
    assert list(dict.fromkeys(first)) == list(dict.fromkeys((s, k, p) for s, _, k, p in dict.fromkeys(want)))


@settings(max_examples=300, deadline=None)
@given(names)
def test_variants_are_the_plain_ones(name: str) -> None:
    assert _names._name_variants(name) == plain_variants(name)


def test_a_words_keys_do_not_depend_on_the_language() -> None:
    """The keys of a word's stems are cut at the endings of every language whatever the note's:
    endings(lang, True) is every ending, so the cache needs no language."""
    for lang in LANGS:
        assert endings(lang, True) == ALL_ENDINGS
    assert assimilated("hu", "brenwald") == {"dal", "del", "da", "de"}


def plain_id_forms(value: str) -> frozenset[str]:
    groups = re.findall(r"[0-9a-z]+", fold_word(value))
    forms = {"".join(groups)}
    for i in range(1, len(groups)):
        tail = "".join(groups[i:])
        if len(tail) >= 5 and sum(c.isdigit() for c in tail) >= 3:
            forms.add(tail)
    digits = "".join(c for g in groups for c in g if c.isdigit())
    if len(digits) >= 5:
        forms.add(digits)
    return frozenset(forms)


@settings(max_examples=300, deadline=None)
@given(st.text(string.ascii_letters + string.digits + " -/.ÄØ٣²", max_size=20))
def test_id_forms_are_the_plain_ones(value: str) -> None:
    from desistkit.sharing.redaction._known import _id_forms

    assert _id_forms.__wrapped__(value) == plain_id_forms(value)


_MONTHS = sorted(_dates._months(), key=len, reverse=True)


@st.composite
def date_phrases(draw: st.DrawFn) -> str:
    """Text full of month names (whole, cut short, run together), numbers and separators."""
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        month = draw(st.sampled_from(_MONTHS))
        parts.append(draw(st.sampled_from([month, month[:-1], month + "s", month[:3]])))
        parts.append(draw(st.sampled_from([" ", ". ", ", ", "", " de ", " of ", "-"])))
        parts.append(str(draw(st.integers(0, 2100))))
        parts.append(draw(st.sampled_from([" ", ".", "/", "-", ", ", "st ", " m. ", " gada "])))
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(date_phrases())
def test_the_grouped_month_names_match_as_the_flat_list(text: str) -> None:
    """The month names written once per shared first letters find what the flat alternation finds,
    with the same groups (the same name wins)."""
    grouped = _dates._pattern()
    flat = re.compile(
        grouped.pattern.replace(_dates._alternatives(_MONTHS, 2), "|".join(map(re.escape, _MONTHS)))
    )
    assert flat.pattern != grouped.pattern
    assert [(m.span(), m.groupdict()) for m in grouped.finditer(text)] == [
        (m.span(), m.groupdict()) for m in flat.finditer(text)
    ]


@settings(max_examples=1000, deadline=None)
@given(st.text("abcdeghijkmnopqrstuwxyz" + "ntschgiou" * 3 + "é1_", min_size=4, max_size=14))
def test_a_word_is_keyed_only_if_its_first_letter_can_start_the_key(word: str) -> None:
    """The index skips a word whose first letter cannot start a person's key: a necessary
    condition, so every key of the word (and of its stems) starts with a letter it allows."""
    from desistkit.sharing.redaction._phonetic import first_letters

    for _, k in _names._cut_keys.__wrapped__(word):
        assert word[0] in first_letters({k[0]}), (word, k)


def plain_skeleton(folded: str, forms: list[str]) -> list[tuple[int, int, str]]:
    skeleton = re.sub(r"[^0-9a-z]+", "", folded)
    where = [i for i, c in enumerate(folded) if "0" <= c <= "9" or "a" <= c <= "z"]
    out = []
    for form in forms:
        pos = skeleton.find(form)
        while pos >= 0:
            first, last = where[pos], where[pos + len(form) - 1]
            gaps_ok = all(where[k + 1] - where[k] <= 3 for k in range(pos, pos + len(form) - 1))
            alone = (pos == 0 or where[pos - 1] < first - 1) and (
                pos + len(form) == len(where) or where[pos + len(form)] > last + 1
            )
            if gaps_ok and alone:
                out.append((first, last + 1, form))
            pos = skeleton.find(form, pos + 1)
    return out


@settings(max_examples=400, deadline=None)
@given(
    st.text("ajv4471/23 -.é٣", max_size=40), st.lists(st.sampled_from(["jva447123", "447123", "4471", "23"]))
)
def test_record_numbers_are_found_as_by_the_plain_search(folded: str, forms: list[str]) -> None:
    from desistkit.sharing.redaction._known import _find_skeleton

    assert list(_find_skeleton(folded, forms)) == plain_skeleton(folded, forms)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_the_words_of_a_note_are_the_regular_expressions(text: str) -> None:
    """The index reads a note's words from a split, not from a match object per word: the same
    words at the same places as ``\\w+``, in any script."""
    pieces = _names._pieces(text)
    words = [p for p in pieces if p]
    found = [(m.start(), m.group()) for m in re.finditer(r"\w+", text)]
    assert found == list(zip(_names._starts(pieces), words, strict=True))


@given(names, st.sampled_from([EntityType.PERSON, EntityType.PLACE]), st.sampled_from([None, 1, 2]))
def test_a_name_is_filed_as_the_plain_index_files_it(name: str, kind: EntityType, person: int | None) -> None:
    """What one name files (its variants by prefix, its words' phonetic keys), on the one-word
    shortcut most names take as on the general path: the same entries as the plain index, each
    under the same prefix (order aside: findings are sorted before use)."""
    from collections import Counter

    plain = PlainIndex()
    plain.add(name, kind, person)
    filed, keys = _names._index_entries(name, kind.value, person)
    assert {p: Counter(items) for p, items in filed} == {p: Counter(v) for p, v in plain.by_prefix.items()}
    assert {p: Counter(items) for p, items in keys} == {p: Counter(v) for p, v in plain.keys.items()}
