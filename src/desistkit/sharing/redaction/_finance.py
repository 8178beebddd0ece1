"""Finance: IBANs, checksum-validated."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from types import ModuleType

from desistkit.sharing.redaction._patterns import pattern_findings
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["FinanceDetector"]

# Any case, grouped by spaces, dots or dashes; the exact end is found by the check digits.
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ .-]?[A-Za-z0-9]){11,30}(?![\w])")
# How every IBAN starts: two letters at the start of a word, then two digits. Found from the second
# digit (digits are fewer than letters, and most notes have no such place). Two such places are at
# least four apart (the second's letters would be the first's digits), so finditer finds them all.
_COUNTRY_AND_CHECK = re.compile(r"\d(?<=(?<![\w])[A-Za-z]{2}\d)\d")


class FinanceDetector:
    """IBANs (python-stdnum checks the check digits)."""

    name = "finance"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        return pattern_findings(
            text, (_IBAN,), EntityType.IBAN, valid_length=_valid_iban_length, starts=_iban_starts
        )


def _iban_starts(text: str) -> list[int]:
    """Every place an IBAN can start: two places before each country and check digits."""
    return [hit.start() - 2 for hit in _COUNTRY_AND_CHECK.finditer(text)]


_SEPARATOR = re.compile(r"[ .-]")


def _valid_iban_length(candidate: str) -> int:
    # The pattern may run into the next word ("... 874 do"): the longest valid prefix wins.
    for end in range(len(candidate), 14, -1):
        if candidate[end - 1].isalnum():
            compact = _SEPARATOR.sub("", candidate[:end]).upper()
            if _check_digits_hold(compact) and _is_valid_iban(compact):
                return end
    return 0


def _is_valid_iban(compact: str) -> bool:
    """``stdnum.iban.is_valid(compact)`` for a compact number whose check digits hold, without
    stdnum's cleaning, check-digit and registry look-up of every call (most of this detector's
    time): an ASCII number is judged by its country's BBAN structure and country module, read once
    from the same registry and compared as stdnum's ``validate`` does. Anything else is stdnum's."""
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    if not compact.isascii() or not _registry_by_country():
        return iban.is_valid(compact)
    country = _country(compact[:2])
    if country is None:
        return False  # not in the registry: stdnum's InvalidComponent
    structure, module = country
    if not structure.match(compact[4:]):
        return False
    if module is not None:
        try:
            module.validate(compact)
        except ValidationError:
            return False
    return True


@functools.cache
def _registry_by_country() -> bool:
    """Whether stdnum's IBAN registry is keyed by two-letter codes only, one entry each, as
    stdnum 2.x ships it: then a number's entry is its first two letters' (numdb.info takes the
    shortest match). Otherwise every number goes to stdnum itself."""
    from stdnum import numdb

    prefixes = getattr(numdb.get("iban"), "prefixes", None)
    if not isinstance(prefixes, list):
        return False
    return all(
        isinstance(p, tuple) and len(p) == 5 and p[0] == 2 and p[1] == p[2] and not p[4] for p in prefixes
    )


_STRUCTURE_PART = re.compile(r"([1-9][0-9]*)!([nac])")
_STRUCTURE_CLASS = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]"}


# Keyed by two ASCII capitals (a number's country): at most 676 entries, none personal.
@functools.cache
def _country(code: str) -> tuple[re.Pattern[str], ModuleType | None] | None:
    """The BBAN structure of country ``code`` as stdnum's iban module writes it as a pattern, and
    its country module (None: none); None if the registry has no such country."""
    from stdnum import numdb
    from stdnum.util import get_cc_module

    properties = numdb.get("iban").info(code)[0][1]
    if not properties:
        return None
    structure = _STRUCTURE_PART.sub(
        lambda m: f"{_STRUCTURE_CLASS[m.group(2)]}{{{m.group(1)}}}", properties.get("bban", "")
    )
    module = get_cc_module(code, "iban")
    return re.compile(f"^{structure}$"), module  # type: ignore[return-value]


# Letters count as 10-35 in the check (ISO 7064 mod 97-10, as python-stdnum computes it).
_AS_NUMBER = str.maketrans({c: str(int(c, 36)) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})


def _check_digits_hold(compact: str) -> bool:
    """What stdnum's iban.is_valid checks first: the country and check digits moved to the end, the
    whole as a number is 1 modulo 97. Digits of other scripts are left to stdnum."""
    if not compact.isascii():
        return True
    return int((compact[4:] + compact[:4]).translate(_AS_NUMBER)) % 97 == 1
