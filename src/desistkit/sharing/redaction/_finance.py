"""Finance: IBANs, checksum-validated."""

from __future__ import annotations

import re
from collections.abc import Iterator

from desistkit.sharing.redaction._patterns import pattern_findings
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["FinanceDetector"]

# Any case, grouped by spaces, dots or dashes; the exact end is found by the check digits.
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ .-]?[A-Za-z0-9]){11,30}(?![\w])")
# How every IBAN starts: two letters at the start of a word, then two digits. Found from the second
# digit (digits are fewer than letters, and most notes have no such place), two places after the
# start of the first IBAN the pattern could find.
_COUNTRY_AND_CHECK = re.compile(r"\d(?<=(?<![\w])[A-Za-z]{2}\d)\d")


class FinanceDetector:
    """IBANs (python-stdnum checks the check digits)."""

    name = "finance"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        return pattern_findings(
            text, (_IBAN,), EntityType.IBAN, valid_length=_valid_iban_length, first=_first_iban
        )


def _first_iban(text: str) -> int | None:
    return None if (hit := _COUNTRY_AND_CHECK.search(text)) is None else hit.start() - 2


_SEPARATOR = re.compile(r"[ .-]")


def _valid_iban_length(candidate: str) -> int:
    from stdnum import iban

    # The pattern may run into the next word ("... 874 do"): the longest valid prefix wins.
    for end in range(len(candidate), 14, -1):
        if candidate[end - 1].isalnum():
            compact = _SEPARATOR.sub("", candidate[:end]).upper()
            if _check_digits_hold(compact) and iban.is_valid(compact):
                return end
    return 0


# Letters count as 10-35 in the check (ISO 7064 mod 97-10, as python-stdnum computes it).
_AS_NUMBER = str.maketrans({c: str(int(c, 36)) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})


def _check_digits_hold(compact: str) -> bool:
    """What stdnum's iban.is_valid checks first: the country and check digits moved to the end, the
    whole as a number is 1 modulo 97. Digits of other scripts are left to stdnum."""
    if not compact.isascii():
        return True
    return int((compact[4:] + compact[:4]).translate(_AS_NUMBER)) % 97 == 1
