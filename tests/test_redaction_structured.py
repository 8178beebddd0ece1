"""The shortcuts of the structured-identifier detectors (plates, national ids, IBANs) against the
plain code they stand for.

A shortcut that skips a pattern or a validator must never skip one that would have found something:
a redaction that finds less leaks quietly. Each is compared here with the plain form on random
texts and numbers, and on numbers the validators accept.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desistkit.sharing.redaction import _vehicles

SETTINGS = settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# The plate patterns as they were written before they were built from parts (each first character
# and the rest), with the currency test at the start.
_CURRENCY = r"(?:EUR|USD|GBP|CHF|PLN|CZK|HUF|SEK|DKK|RON|BGN|NOK)\b"
PLAIN_PLATES = [
    r"[A-ZÄÖÜ](?<![\w-].)[A-ZÄÖÜ]{0,2}[\s-][A-Z]{1,2}[\s-]?\d{1,4}[EH]?(?![\w-])",
    r"[A-Z](?<![\w-].)[A-Z]-\d{3}-[A-Z]{2}(?![\w-])",
    r"[A-Z](?<![\w-].)[A-Z]\s?\d{3}\s?[A-Z]{2}(?![\w-])",
    r"\d(?<![\w-].)\d{3}[\s-]?[B-DF-HJ-NP-TV-Z]{3}(?![\w-])",
    r"[A-Z](?<![\w-].)[A-Z]?\s\d{4}\s[A-Z]{1,2}(?![\w-])",
    r"[A-Z](?<![\w-].)[A-Z]{1,2}-\d{1,3}(?![\w-])",
    r"(?<![\w-])(?!" + _CURRENCY + r")[A-Z]{3}[\s-]?(?!(?:19|20)\d\d)\d{4}(?![\w-])",
    r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2}(?![\w-])",
    r"(?<![\w-])(?!" + _CURRENCY + r")[A-Z]{2,3}\s(?=[0-9A-Z]*\d)[0-9A-Z]{4,5}(?![\w-])",
]
# Capitals and digits that make plates, currency codes, years, separators, a lower-case letter, an
# umlaut and a digit of another script, in pieces that make whole plates often.
PLATE_TEXT = st.lists(
    st.sampled_from(
        [
            *"ABCEHKLXRUSDNOZ0129 -.\nxäÄÖ١",
            "EUR",
            "SEK",
            "NOK",
            "EU",
            "1999",
            "2024",
            "1000",
            "123",
            "AB",
            "EUR 1000",
            "NOK 12345",
            "AB-12-C",
            "1-AB-23",
        ]
    ),
    max_size=14,
).map("".join)


def _spans(pattern: re.Pattern[str] | str, text: str, pos: int = 0) -> list[tuple[int, int]]:
    return [m.span() for m in re.compile(pattern).finditer(text, pos)]


@SETTINGS
@given(PLATE_TEXT)
@example(
    "EUR 1000, SEK-1234, SEKA 1234, xAB-12-CD, 12-AB-34, A1-BC-DE, AB-CD-EF, 1A-23-45, 1A-BC-DE, A1-23-45"
)
def test_plate_patterns_match_what_the_plain_ones_match(text: str) -> None:
    assert [_spans(p, text) for p in _vehicles._PLATES] == [_spans(p, text) for p in PLAIN_PLATES]


@SETTINGS
@given(PLATE_TEXT)
def test_the_plate_gate_finds_the_first_plate_or_says_there_is_none(text: str) -> None:
    """The plates are searched for only from where the gate's first match starts: it must start at
    the first plate of any pattern, and be absent only where no pattern matches."""
    firsts = [m.start() for p in PLAIN_PLATES if (m := re.search(p, text))]
    gate = _vehicles._ANY_PLATE.search(text)
    assert (gate.start() if gate else None) == (min(firsts) if firsts else None)
    if gate:  # scanning from there finds what scanning the whole text finds
        assert [_spans(p, text, gate.start()) for p in PLAIN_PLATES] == [
            _spans(p, text) for p in PLAIN_PLATES
        ]
