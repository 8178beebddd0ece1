"""The shortcuts of the structured-identifier detectors (plates, national ids, IBANs) against the
plain code they stand for.

A shortcut that skips a pattern or a validator must never skip one that would have found something:
a redaction that finds less leaks quietly. Each is compared here with the plain form on random
texts and numbers, and on numbers the validators accept.
"""

from __future__ import annotations

import functools
import importlib
import random
import re
import string
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desistkit.sharing.redaction import _finance, _national, _vehicles

SETTINGS = settings(
    max_examples=1000,
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
    # Added with the formats of BE, HR, RO, SK, SI, IE, CZ, AT, DK, EE, LV and the three-letter plates.
    r"(?<![\w-])\d-?[A-Z]{3}-?\d{3}(?![\w-])",
    r"(?<![\w-])[A-Z]{2}[\s-]\d{3,4}-[A-Z]{1,2}(?![\w-])",
    r"(?<![\w-])[A-Z]{1,2}[\s-]\d{2,3}[\s-][A-Z]{3}(?![\w-])",
    r"(?<![\w-])[A-Z]{2}[\s-]?\d{3}[A-Z]{2}(?![\w-])",
    r"(?<![\w-])[A-Z]{2}[\s-]\d{2}[\s-]\d{2,3}[A-Z]?(?![\w-])",
    r"(?<![\w-])(?:\d{1,3}-[A-Z]{1,2}-\d{1,6}|\d{1,3}\s[A-Z]{1,2}\s\d{3,6})(?![\w-])",
    r"(?<![\w-])\d[A-Z][A-Z0-9][\s-]?\d{4}(?![\w-])",
    r"(?<![\w-])(?:[A-Z]{1,2}-\d{2,5}[\s-]?[A-Z]{1,3}|[A-Z]{1,2}\s\d{5}\s?[A-Z]{1,2})(?![\w-])",
    r"(?<![\w-])[A-Z]{2}\s?\d{2}\s\d{3}(?![\w-])",
    r"(?<![\w-])\d{3}[\s-]?(?!" + _CURRENCY + r")[A-Z]{3}(?![\w-])",
    r"(?<![\w-])[A-Z]{2}-(?!(?:19|20)\d\d)\d{4}(?![\w-])",
    r"(?<![\w-])(?!" + _CURRENCY + r")[A-Z]{2,4}[\s-]?\d{2}[A-Z0-9](?![\w-])",
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
def test_plates_are_tried_where_one_can_start(text: str) -> None:
    """Each plate pattern is tried only where the start pattern matches: that is every place where
    one of the formats matches, and trying them there finds what their finditer finds."""
    starts = [m.start() for m in _vehicles._PLATE_START.finditer(text)]
    assert starts == sorted(
        {i for p in PLAIN_PLATES for i in range(len(text) + 1) if re.compile(p).match(text, i)}
    )
    found = []
    for regex in _vehicles._PLATES:
        end, spans = 0, []
        for place in starts:
            if place >= end and (m := regex.match(text, place)):
                end = m.end()
                spans.append(m.span())
        found.append(spans)
    assert found == [_spans(p, text) for p in PLAIN_PLATES]


# --- national identity numbers ---------------------------------------------------------------------


@functools.cache
def _validators(length: int) -> tuple[tuple[str, Callable[[str], bool]], ...]:
    return tuple(
        (m, importlib.import_module(f"stdnum.{m}").is_valid)
        for m in _national._ID_MODULES
        if length in _national._ID_LENGTHS[m]
    )


def _accepting(candidate: str) -> list[str]:
    """The modules whose validator accepts the candidate, asked as the detector asked them before
    it had shortcuts: every validator for the number's count of letters and digits, with the number
    written without separators (python-stdnum strips some, not a slash), the Finnish number with
    its century sign after the date if one stands there."""
    if _national._is_date(candidate):  # a date that can be one (a BSN's 0984.35.024 cannot)
        return []
    compact = re.sub(r"[\s.]", "", candidate).upper()
    plain = re.sub(r"[-/+]", "", compact)
    accepting = []
    for module, is_valid in _validators(sum(c.isalnum() for c in compact)):
        value = plain
        if module == "fi.hetu" and len(plain) == 10:
            sign = re.fullmatch(r"((?:\W*\w){6})(\W*)(.*)", compact)
            between = sign.group(2) if sign else ""
            value = plain[:6] + ("+" if "+" in between else "-" if "-" in between else "?") + plain[6:]
        try:
            if is_valid(value):
                accepting.append(module)
        except Exception:  # noqa: BLE001 - as the detector did
            continue
    return accepting


def _numbers(rng: random.Random, length: int) -> list[str]:
    """Numbers of ``length`` letters and digits shaped as the formats are (a date first, a century
    digit, a century sign, letters where formats have them), each with every last character: many
    of them valid for one validator or another."""
    digits = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    letters = lambda n: "".join(rng.choice(string.ascii_uppercase) for _ in range(n))  # noqa: E731
    day, month = f"{rng.randint(1, 31):02d}", f"{rng.randint(1, 12) + rng.choice([0, 0, 20, 40, 50]):02d}"
    year = f"{rng.randint(0, 99):02d}"
    heads = [
        "", day + month + year, year + month + day, rng.choice("123456789") + year + month + day,
        rng.choice(["19", "20"]) + year + month + day, day + month + year + rng.choice("-+A") + digits(3),
        f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{year}{rng.choice('-+ABCDEFUVWXY')}{digits(3)}",
        letters(6) + year + rng.choice("ABCDEHLMPRST") + day + letters(1) + digits(3),
        rng.choice(["X", "Y", "Z", "HR", "LV"]), rng.choice("XYZ") + digits(7), digits(7) + "W",
        digits(5) + rng.choice(["2A", "2B"]),
    ]  # fmt: skip
    head = rng.choice(heads)
    alnum = sum(c.isalnum() for c in head)
    body = head + digits(max(0, length - 1 - alnum))
    body = body[: len(body) - max(0, sum(c.isalnum() for c in body) - (length - 1))]
    return [body + last for last in string.digits + string.ascii_uppercase]


def _with_separators(rng: random.Random, number: str) -> list[str]:
    """The number as people write it: grouped by spaces, dots, dashes or slashes."""
    out = [number, number.lower()]
    for sep in " .-/":
        i = rng.randrange(1, len(number))
        out.append(number[:i] + sep + number[i:])
    return out


@pytest.mark.parametrize("length", sorted({n for lengths in _national._ID_LENGTHS.values() for n in lengths}))
def test_national_id_shortcuts_accept_every_number_the_validators_accept(length: int) -> None:
    """The detector hands a number to a validator only if it has what that validator checks first;
    on thousands of numbers of each length (a few hundred valid ones) it must say exactly what
    asking every validator says."""
    rng = random.Random(length)
    valid = 0
    for _ in range(100):
        for number in _numbers(rng, length):
            for candidate in _with_separators(rng, number):
                accepting = _accepting(candidate)
                valid += bool(accepting)
                assert _national._is_national_id(candidate) == bool(accepting), candidate
                compact = re.sub(r"[\s.]", "", candidate).upper()
                plain = re.sub(r"[-/+]", "", compact)
                needs = _national._LETTERS_NEED if re.search("[A-Z]", plain) else _national._DIGITS_NEED
                for module in accepting:  # each validator's own shortcut, not only the first to say yes
                    assert module in needs and needs[module](plain, compact), (module, candidate)
    assert valid >= 20  # the test saw valid numbers, not only invalid ones


PLAIN_ALNUM_ID = r"(?<![\w])(?=[A-Z0-9]*\d)[A-Z0-9][A-Z0-9\-]{6,18}[A-Z0-9](?![\w])"  # with re.IGNORECASE
ALNUM_TEXT = st.text(st.sampled_from(list("aZ09-_ .éıİſKkß١Σ")), max_size=40)


@SETTINGS
@given(ALNUM_TEXT)
@example("ab-cdefg1 X1234567 1abcdefgh ıabcdef1 ſſſſſſſ1 KKKKKKK1 _abcdefg1")
def test_alphanumeric_id_pattern_matches_what_the_plain_one_matches(text: str) -> None:
    assert _spans(_national._ALNUM_ID, text) == _spans(re.compile(PLAIN_ALNUM_ID, re.IGNORECASE), text)


def test_the_written_out_letters_are_those_ignorecase_takes() -> None:
    written = re.compile(f"[{_national._AZ09}]")
    folded = re.compile("[A-Z0-9]", re.IGNORECASE)
    assert [c for c in range(0x110000) if bool(written.match(chr(c))) != bool(folded.match(chr(c)))] == []


NUMBER_TEXT = st.lists(
    st.sampled_from(
        [*"0123456789 .-/+aA_é١", "131052-308T", "48.213.907-L", "12 345 678 90", "x1234567", "010203A123B"]
    ),
    max_size=12,
).map("".join)


@SETTINGS
@given(NUMBER_TEXT)
@example("131052A308T, +131052A308T, +1234567 8, 1 2 3 4 5 6 7, 1234567 a")
def test_number_patterns_are_tried_where_one_can_start(text: str) -> None:
    """The three number patterns tried only where six digits begin find what their finditer finds."""
    starts = _national._number_starts(text)
    for regex in _national._NUMBERS:
        end, spans = 0, []
        for place in starts:
            if place >= end and (m := regex.match(text, place)):
                end = m.end()
                spans.append(m.span())
        assert spans == _spans(regex, text)


# --- IBANs -------------------------------------------------------------------------------------------

IBAN_TEXT = st.lists(
    st.sampled_from([*"ab AB-.1234567890_é", "DE", "de", "GR", "12", "89", "370400440532013000", "0000"]),
    max_size=16,
).map("".join)


@SETTINGS
@given(IBAN_TEXT)
@example("x DE89 3704 0044 0532 0130 00, aDE89370400440532013000, de89370400440532013000 do")
def test_the_iban_gate_lists_every_place_an_iban_starts(text: str) -> None:
    """Every IBAN the pattern finds starts at a place the gate lists (none where it lists none), and
    matching at those places from the end of the last match finds what the scan of the note finds."""
    places = _finance._iban_starts(text)
    found = []
    end = 0
    for place in places:
        if place >= end and (m := _finance._IBAN.match(text, place)):
            end = m.end()
            found.append(m.span())
    assert found == _spans(_finance._IBAN, text, 0)
    assert all(p in places for p in range(len(text)) if _finance._IBAN.match(text, p))


def test_every_iban_stdnum_accepts_has_check_digits_that_hold() -> None:
    """The check-digit test in front of stdnum is the one stdnum makes: the IBANs of 30 locales
    pass it, and with other check digits none that stdnum accepts fails it."""
    from faker import Faker
    from stdnum import iban

    rng = random.Random(7)
    locales = [
        *("de_DE", "fr_FR", "pl_PL", "el_GR", "fi_FI", "it_IT", "nl_NL", "es_ES", "pt_PT", "en_GB"),
        *("bg_BG", "cs_CZ", "da_DK", "et_EE", "hr_HR", "hu_HU", "lt_LT", "lv_LV", "ro_RO", "sk_SK"),
        *("sl_SI", "sv_SE", "no_NO", "de_AT", "de_CH", "fr_BE", "ga_IE", "tr_TR", "uk_UA", "en_IE"),
    ]
    for locale in locales:
        fake = Faker(locale)
        fake.seed_instance(1)
        for _ in range(40):
            number = fake.iban().upper()
            assert iban.is_valid(number), number
            assert _finance._check_digits_hold(number), number
            other = number[:2] + f"{rng.randrange(100):02d}" + number[4:]
            assert _finance._check_digits_hold(other) or not iban.is_valid(other), other
            assert _finance._check_digits_hold(other) == (other[2:4] == number[2:4]), other
