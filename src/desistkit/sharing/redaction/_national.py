"""National identity numbers of the EU member states, checksum-validated (python-stdnum)."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator

from desistkit.sharing.redaction._patterns import pattern_findings
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["NationalIdDetector"]

_DIGITS = re.compile(r"\d(?<![\w+].)(?:[ .\-/]?\d){6,14}(?![\w])")
# A letter or digit not after one, at least seven more before a word ends, a digit among the letters
# and digits it starts with: the length test first, which most words fail (the digit test scans
# the whole word). Both look ahead from the second character: the first one is already read.
# Letters in either case, written out: what [A-Z] takes with re.IGNORECASE (also İ ı ſ and the
# Kelvin sign), without the engine folding every character it reads.
_AZ09 = "A-Za-z0-9\u0130\u0131\u017f\u212a"
_ALNUM_ID = re.compile(
    rf"[{_AZ09}](?<![\w].)(?=[{_AZ09}\-]{{7}})(?:(?<=\d)|(?=[{_AZ09}]*\d))[{_AZ09}\-]{{6,18}}[{_AZ09}](?![\w])"
)
# Caseworkers paste a number grouped any way (in threes, fours, 3-3-3-2) with a space, a dot, a
# hyphen or a slash between any two characters: each pattern below allows one such separator
# wherever the number's characters may be parted; the checksum decides. The Finnish number: a
# date, the century sign (- + or a letter), three digits and a check character: 131052-308T.
_SEP = r"[ .\-/]?"
_HETU = re.compile(
    rf"\d(?<![\w].)(?:{_SEP}\d){{5}}{_SEP}[-+A-FU-Y]{_SEP}\d(?:{_SEP}\d){{2}}{_SEP}[0-9A-Y](?![\w])",
    re.IGNORECASE,
)
# Digits with a check letter: 48.213.907-L, 48213907 l, the Irish 1234567 TW (its second letter
# one of W A H T X; a letter that spoils the checksum is left out again: _national_id_length).
_DIGITS_LETTER = re.compile(
    rf"\d(?<![\w+].)(?:{_SEP}\d){{6,10}}{_SEP}[A-Za-z](?:{_SEP}[AWHTXawhtx])?(?![\w])"
)
# The Portuguese citizen card: nine digits, two letters or digits (the version) and a check digit.
_PT_CC = re.compile(rf"\d(?<![\w+].)(?:{_SEP}\d){{8}}(?:{_SEP}[A-Za-z0-9]){{2}}{_SEP}\d(?![\w])")
# Led by a letter: the Spanish NIE (X, Y or Z, seven digits, a check letter) and the Italian codice
# fiscale (six letters of the name, the birth date with its month letter, the place, a check
# letter; a digit may be replaced by one of L-V), either grouped any way. Both have a digit (the
# detector looks only at notes with one) and are told from words by their shape.
_OMO = r"[0-9LMNPQRSTUVlmnpqrstuv]"
_LETTER_LED = re.compile(
    rf"[A-Za-z](?<![\w].)(?:(?<=[XYZxyz]){_SEP}\d(?:{_SEP}\d){{6}}{_SEP}[A-Za-z]"
    rf"|(?:{_SEP}[A-Za-z]){{5}}(?:{_SEP}{_OMO}){{2}}{_SEP}[ABCDEHLMPRSTabcdehlmprst](?:{_SEP}{_OMO}){{2}}"
    rf"{_SEP}[A-Za-z](?:{_SEP}{_OMO}){{3}}{_SEP}[A-Za-z])(?![\w])"
)
# What either cannot do without (led by a digit or a rare letter, which the engine scans for
# quickly): the NIE's letter and first digit; the codice fiscale from its year's last digit to its
# place's first (a digit or, where more than four digits are replaced by letters, its letter). A
# codice fiscale starts at most 15 characters before it (six letters, a digit, seven separators).
_LETTER_LED_GATE = re.compile(
    rf"[0-9XYZxyz](?:(?<=[0-9]){_SEP}[ABCDEHLMPRSTabcdehlmprst]{_SEP}{_OMO}{_SEP}{_OMO}{_SEP}[A-Za-z]{_SEP}{_OMO}"
    rf"|(?<=[XYZxyz]){_SEP}\d)"
)


# Where a letter-led number can start: a letter no letter or digit precedes.
_LETTER_START = re.compile(r"[A-Za-z](?<![\w].)")


def _letter_led_starts(text: str) -> list[int]:
    """Every place a letter-led number can start, from 15 characters before the first place its
    gate finds (none if the gate finds nothing)."""
    gate = _LETTER_LED_GATE.search(text)
    if gate is None:
        return []
    return [m.start() for m in _LETTER_START.finditer(text, max(0, gate.start() - 15))]


_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_ID_MODULES = (
    "at.vnr", "be.nn", "bg.egn", "cz.rc", "de.idnr", "dk.cpr", "ee.ik", "es.dni", "es.nie",
    "fi.hetu", "fr.nir", "gr.amka", "hr.oib", "ie.pps", "it.codicefiscale", "lt.asmens", "lv.pvn",
    "nl.bsn", "pl.pesel", "pt.cc", "ro.cnp", "se.personnummer", "si.emso", "sk.rc",
)  # fmt: skip


# How many letters and digits each number has, written compactly: only those validators run.
_ID_LENGTHS = {
    "at.vnr": (10,), "be.nn": (11,), "bg.egn": (10,), "cz.rc": (9, 10), "de.idnr": (11,),
    "dk.cpr": (10,), "ee.ik": (11,), "es.dni": (9,), "es.nie": (9,), "fi.hetu": (10, 11), "fr.nir": (15,),
    "gr.amka": (11,), "hr.oib": (11,), "ie.pps": (8, 9), "it.codicefiscale": (16,), "lt.asmens": (11,),
    "lv.pvn": (11,), "nl.bsn": (8, 9), "pl.pesel": (11,), "pt.cc": (12,), "ro.cnp": (13,),
    "se.personnummer": (10, 12), "si.emso": (13,), "sk.rc": (9, 10),
}  # fmt: skip


@functools.cache
def _id_validators() -> dict[int, tuple[tuple[Form, Callable[[str], bool]], ...]]:
    import importlib

    by_length: dict[int, list[tuple[Form, Callable[[str], bool]]]] = {}
    for module in _ID_MODULES:
        is_valid = importlib.import_module(f"stdnum.{module}").is_valid
        for length in _ID_LENGTHS[module]:
            by_length.setdefault(length, []).append((_FORMS.get(module, _plain), is_valid))
    return {k: tuple(v) for k, v in by_length.items()}


_Need = Callable[[str, str], bool]
# What a validator is asked, given the number without separators and signs (``plain``) and with
# its signs (``compact``); None: nothing it could accept.
Form = Callable[[str, str], str | None]


def _plain(plain: str, _: str) -> str:
    """The number as python-stdnum's own ``compact`` would leave it, whatever separators it was
    written with: stdnum strips spaces and hyphens but not every format's slashes or dots."""
    return plain


def _hetu_form(plain: str, compact: str) -> str | None:
    """A Finnish number with its century sign where it belongs, after the six digits of the date:
    a letter is one of its characters; a - or + must stand among the separators between the sixth
    and the seventh character (1310 52-308T). None if none does."""
    if len(plain) == 11:
        return plain
    places = [i for i, ch in enumerate(compact) if ch.isalnum()]
    between = compact[places[5] + 1 : places[6]] if len(places) > 6 else ""
    sign = "+" if "+" in between else "-" if "-" in between else None
    return None if sign is None else plain[:6] + sign + plain[6:]


_FORMS: dict[str, Form] = {"fi.hetu": _hetu_form}


@functools.cache
def _shaped_validators(letters: bool) -> dict[int, tuple[tuple[_Need, Form, Callable[[str], bool]], ...]]:
    """By length, each validator with what it needs of a number in ASCII letters and digits (with
    ``letters``) or digits only; a validator such a number can never satisfy is left out."""
    import importlib

    needs_of = _LETTERS_NEED if letters else _DIGITS_NEED
    by_length: dict[int, list[tuple[_Need, Form, Callable[[str], bool]]]] = {}
    for module in _ID_MODULES:
        if (needs := needs_of.get(module)) is None:
            continue
        is_valid = importlib.import_module(f"stdnum.{module}").is_valid
        for length in _ID_LENGTHS[module]:
            by_length.setdefault(length, []).append((needs, _FORMS.get(module, _plain), is_valid))
    return {k: tuple(v) for k, v in by_length.items()}


_SPACE_OR_DOT = re.compile(r"[\s.]")
_SIGNS = re.compile(r"[-/+]")


def _is_date(candidate: str) -> bool:
    """Written like a date that can be one: day and month of a calendar, a year of two or four
    digits. A number that only has a date's separators is not one: a Dutch BSN is written
    0984.35.024, a month 35 and a three-digit year, and went out as a "date"."""
    if not _DATE_LIKE.fullmatch(candidate):
        return False
    a, b, c = _DATE_PARTS.split(candidate)
    if len(a) == 4 and len(c) <= 2:  # 2024-03-07
        return 0 < int(b) < 13 and 0 < int(c) < 32
    if len(a) <= 2 and len(c) in (2, 4):  # 07.03.2024, 03/07/24
        return (0 < int(b) < 13 and 0 < int(a) < 32) or (0 < int(a) < 13 and 0 < int(b) < 32)
    return False


_DATE_PARTS = re.compile(r"[./-]")


def _is_national_id(candidate: str) -> bool:
    if _is_date(candidate):
        return False
    compact = _SPACE_OR_DOT.sub("", candidate).upper()
    plain = _SIGNS.sub("", compact)
    if compact.isascii() and plain.isalnum():
        # Nearly every candidate: a validator runs only if the number has what it checks first
        # (digits where it wants digits, a date, a check digit computed as python-stdnum does).
        validators = _shaped_validators(not plain.isdigit()).get(len(plain), ())
        return any(
            needs(plain, compact) and _accepts(is_valid, form(plain, compact))
            for needs, form, is_valid in validators
        )
    validators_ = _id_validators().get(sum(c.isalnum() for c in compact), ())
    return any(_accepts(is_valid, form(plain, compact)) for form, is_valid in validators_)


def _accepts(is_valid: Callable[[str], bool], value: str | None) -> bool:
    if value is None:
        return False
    try:
        return is_valid(value)
    except Exception:  # noqa: BLE001 - a validator that cannot parse the value says no
        return False


# What each validator of python-stdnum needs of a number: conditions it checks, computed the same
# way, so that a number that fails one is not handed to it. ``plain`` is the number without
# separators and signs (- / +), ``compact`` with them; a validator that accepts a number removes
# every separator of it, so it checks ``plain`` (except fi.hetu: its century sign is a separator).
# tests/test_redaction_structured.py checks that every number the validators accept meets them.


def _day_month(c: str, day: int, month: int) -> bool:
    """A day 1-31 and a month 1-12 at those positions: what any real date has."""
    return 0 < int(c[day : day + 2]) < 32 and 0 < int(c[month : month + 2]) < 13


def _weighted(c: str, weights: tuple[int, ...]) -> int:
    return sum(w * int(n) for w, n in zip(weights, c, strict=False))


def _mod_11_10(c: str) -> bool:
    check = 5
    for n in c:
        check = (((check or 10) * 2) % 11 + int(n)) % 10
    return check == 1


def _luhn(c: str) -> bool:
    total = 0
    for i, n in enumerate(reversed(c)):
        d = int(n) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _ee_check(c: str) -> bool:
    """The check digit of Estonian and Lithuanian personal codes."""
    check = sum((i % 9 + 1) * int(n) for i, n in enumerate(c[:-1])) % 11
    if check == 10:
        check = sum(((i + 2) % 9 + 1) * int(n) for i, n in enumerate(c[:-1])) % 11
    return str(check % 10) == c[-1]


def _at_vnr(c: str, _: str) -> bool:
    return len(c) == 10 and c[0] != "0" and str(_weighted(c, (3, 7, 9, 0, 5, 8, 4, 2, 1, 6)) % 11) == c[3]


def _be_nn(c: str, _: str) -> bool:
    rest = int(c[9:])
    return (
        len(c) == 11
        and int(c[2:4]) <= 12
        and (97 - int(c[:9]) % 97 == rest or 97 - int("2" + c[:9]) % 97 == rest)
    )


def _bg_egn(c: str, _: str) -> bool:
    month = int(c[2:4])
    return (len(c) == 10 and 0 < month % 20 < 13 and month < 60 and 0 < int(c[4:6]) < 32
            and str(_weighted(c, (2, 4, 8, 5, 10, 9, 7, 3, 6)) % 11 % 10) == c[9])  # fmt: skip


def _rc(c: str, _: str) -> bool:
    """Czech and Slovak birth numbers."""
    return (len(c) in (9, 10) and 0 < int(c[2:4]) % 50 % 20 < 13 and 0 < int(c[4:6]) < 32
            and (len(c) == 9 or int(c[:9]) % 11 % 10 == int(c[9])))  # fmt: skip


def _ee_ik(c: str, _: str) -> bool:
    return len(c) == 11 and c[0] in "12345678" and _day_month(c, 5, 3) and _ee_check(c)


def _lt_asmens(c: str, _: str) -> bool:
    return len(c) == 11 and (c[0] == "9" or (c[0] in "12345678" and _day_month(c, 5, 3))) and _ee_check(c)


def _fi_hetu(c: str, _: str) -> bool:
    """Ten digits around a - or + (the century): a date and the check character."""
    return len(c) == 10 and _day_month(c, 0, 2) and "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(c[:9]) % 31] == c[9]


def _nl_bsn(c: str, _: str) -> bool:
    c = c.zfill(9)
    return len(c) == 9 and (sum((9 - i) * int(n) for i, n in enumerate(c[:-1])) - int(c[-1])) % 11 == 0


def _pl_pesel(c: str, _: str) -> bool:
    month = int(c[2:4])
    return (len(c) == 11 and 0 < month % 20 < 13 and 0 < int(c[4:6]) < 32
            and str((10 - _weighted(c, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3))) % 10) == c[10])  # fmt: skip


def _lv_pvn(c: str, _: str) -> bool:
    """A company's checksum, or a person's birth date (but for 32...) and check digit."""
    if c[0] > "3":
        return _weighted(c, (9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1)) % 11 == 3
    person = str((1 + _weighted(c, (10, 5, 8, 4, 2, 1, 6, 3, 7, 9))) % 11 % 10) == c[10:]
    return person and (c[:2] == "32" or _day_month(c, 0, 2))


def _se_personnummer(c: str, _: str) -> bool:
    year = len(c) - 10  # YYMMDD or YYYYMMDD, then four digits
    return len(c) in (10, 12) and _day_month(c, year + 4, year + 2) and _luhn(c[-10:])


# Digits only. Not here: es.dni, es.nie, ie.pps, it.codicefiscale (they need a letter).
_DIGITS_NEED: dict[str, _Need] = {
    "at.vnr": _at_vnr, "be.nn": _be_nn, "bg.egn": _bg_egn, "cz.rc": _rc, "sk.rc": _rc,
    "de.idnr": lambda c, _: len(c) == 11 and c[0] != "0" and _mod_11_10(c),
    "dk.cpr": lambda c, _: len(c) == 10 and _day_month(c, 0, 2),
    "ee.ik": _ee_ik, "lt.asmens": _lt_asmens, "fi.hetu": _fi_hetu,
    "fr.nir": lambda c, _: len(c) == 15 and 97 - int(c[:13]) % 97 == int(c[13:]),
    "gr.amka": lambda c, _: len(c) == 11 and _day_month(c, 0, 2) and _luhn(c),
    "hr.oib": lambda c, _: len(c) == 11 and _mod_11_10(c),
    "lv.pvn": lambda c, _: len(c) == 11 and _lv_pvn(c, _), "pt.cc": lambda c, _: len(c) == 12 and _luhn(c),
    "nl.bsn": _nl_bsn, "pl.pesel": _pl_pesel,
    "ro.cnp": lambda c, _: len(c) == 13 and c[0] != "0" and _day_month(c, 5, 3),
    "se.personnummer": _se_personnummer,
    "si.emso": lambda c, _: len(c) == 13 and _day_month(c, 0, 2),
}  # fmt: skip
# With a letter: where each format has its letters. The others take digits only.
_LETTERS_NEED: dict[str, _Need] = {
    "es.dni": lambda c, _: c[:-1].isdigit(),  # a check letter at the end
    "es.nie": lambda c, _: c[:1] in ("X", "Y", "Z") and c[1:-1].isdigit(),
    "fi.hetu": lambda c, _: c[:6].isdigit(),  # the date, then a century letter
    "ie.pps": lambda c, _: c[:7].isdigit(),
    "it.codicefiscale": lambda c, _: c[:6].isalpha(),  # the name's consonants
    "pt.cc": lambda c, _: c[-1:].isdigit() and (c[:-3].isdigit() or len(c) <= 3),
    "fr.nir": lambda c, _: c[:5].isdigit() and c[7:].isdigit(),  # Corsica: 2A, 2B
    "hr.oib": lambda c, _: c[:2] == "HR" and c[2:].isdigit(),
    "lv.pvn": lambda c, _: c[:2] == "LV" and c[2:].isdigit(),
}  # fmt: skip


class NationalIdDetector:
    """Personal identity numbers of 23 member states in their usual forms, valid checksums only."""

    name = "national_id"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        # The four patterns find many of the same numbers (a quarter of the candidates): each
        # distinct one is checked once per note.
        checked: dict[str, int] = {}

        def valid_length(candidate: str) -> int:
            length = checked.get(candidate)
            if length is None:
                checked[candidate] = length = _national_id_length(candidate)
            return length

        entity = EntityType.ID_NUMBER
        # The three number patterns are tried only where six digits begin (most notes: nowhere).
        numbers = pattern_findings(text, _NUMBERS, entity, valid_length=valid_length, starts=_number_starts)
        return itertools.chain(
            numbers,
            pattern_findings(text, (_ALNUM_ID,), entity, valid_length=valid_length),
            pattern_findings(
                text, (_LETTER_LED,), entity, valid_length=valid_length, starts=_letter_led_starts
            ),
        )


_NUMBERS = (_HETU, _DIGITS, _DIGITS_LETTER, _PT_CC)
# Where each of them can start: a digit not after a letter or digit, six digits with at most one
# separator between two (the Finnish number has six together).
_NUMBER_START = re.compile(r"\d(?<![\w].)(?=(?:[ .\-/]?\d){5})")


def _number_starts(text: str) -> list[int]:
    return [m.start() for m in _NUMBER_START.finditer(text)]


# Two letters at the end, maybe parted: the second may be the next word's, not the number's.
_TWO_LETTERS = re.compile(r"[A-Za-z]([ .\-/]?[A-Za-z])$")


def _national_id_length(candidate: str) -> int:
    if _is_national_id(candidate):
        return len(candidate)
    # An Irish number's second letter is optional: a letter after the check letter may be the
    # next word's ("1234567T a"), so the number is tried without it.
    if (m := _TWO_LETTERS.search(candidate)) and _is_national_id(candidate[: m.start(1)]):
        return m.start(1)
    return 0
