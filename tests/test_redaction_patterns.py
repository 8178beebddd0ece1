"""The trie-shaped regular expressions of redaction/_patterns.py against the plain ones they replace.

The cue patterns of the names detector and the street and plate-word hints are written as tries for
speed; a redaction that finds less because a trie matched differently would leak quietly, so each
builder is compared with the flat alternation on random word lists and texts.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desistkit.sharing.redaction._patterns import alternation, any_of

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Few letters, so that words share prefixes and occur in the texts; regex metacharacters, spaces,
# accents, Greek and Cyrillic as in the cue lists.
ALPHABET = st.sampled_from(list("abAB. -'ä(ÄßσΣςд+*\\sSſkKKiIıİµμ"))
WORDS = st.lists(st.text(ALPHABET, min_size=1, max_size=5), min_size=1, max_size=12)
TEXT = st.text(ALPHABET, max_size=40)


def _flat(words: list[str]) -> str:
    """The alternation as written by hand: every word, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def _spans(pattern: str, text: str, flags: int = 0) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text, flags)]


# The contexts the detectors put an alternation in: alone, between word boundaries, and followed by
# something that forces backtracking into it (a longer word tried first must give way).
CONTEXTS = ["{}", r"(?<!\w)(?:{})(?!\w)", r"(?:{})[ \t]+b", r"(?:{})a?(?![\w])", r"x?(?:{}) ?(?:{})"]


@SETTINGS
@given(WORDS, TEXT, st.sampled_from(CONTEXTS))
def test_alternation_matches_what_the_flat_alternation_matches(
    words: list[str], text: str, context: str
) -> None:
    trie, flat = "(?:" + alternation(words) + ")", _flat(words)
    assert _spans(context.format(trie, trie), text) == _spans(context.format(flat, flat), text)


@SETTINGS
@given(WORDS, TEXT, st.sampled_from(CONTEXTS))
def test_alternation_ignoring_case_matches_what_the_flat_alternation_matches(
    words: list[str], text: str, context: str
) -> None:
    trie, flat = "(?:" + alternation(words, ignorecase=True) + ")", _flat(words)
    assert _spans(context.format(trie, trie), text, re.IGNORECASE) == _spans(
        context.format(flat, flat), text, re.IGNORECASE
    )


@SETTINGS
@given(WORDS, TEXT)
def test_any_of_finds_whether_any_word_occurs(words: list[str], text: str) -> None:
    assert (any_of(words).search(text) is not None) == any(w in text for w in words)


def test_the_builders_on_words_of_the_cue_lists() -> None:
    """A worked example a reader can check: shared prefixes, a word that is a prefix of another."""
    words = ["Herr", "Herrn", "Frau", "Dr.", "Dr"]
    pattern = re.compile(r"(?<!\w)(?:" + alternation(words, ignorecase=True) + r")(?=[ .])", re.IGNORECASE)
    assert [m.group() for m in pattern.finditer("HERRN Koch, frau Lenz und Dr. Abt")] == [
        "HERRN",
        "frau",
        "Dr.",
    ]
    # Letters re.IGNORECASE takes for one another share a branch: the longer word still wins.
    for words, text in ((["ς", "σa"], "σa"), (["sa", "ſab"], "SAB"), (["k", "Kb"], "kb")):
        assert re.match(alternation(words, ignorecase=True), text, re.IGNORECASE).end() == len(text)  # type: ignore[union-attr]
    assert alternation([]) == "(?!)"  # no word: matches nothing
    assert re.search(alternation([]), "any text") is None
