"""Finance: IBANs, checksum-validated."""

from __future__ import annotations

import re
from collections.abc import Iterator

from desistkit.sharing.redaction._patterns import pattern_findings
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["FinanceDetector"]

# Any case, grouped by spaces, dots or dashes; the exact end is found by the check digits.
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ .-]?[A-Za-z0-9]){11,30}(?![\w])")


class FinanceDetector:
    """IBANs (python-stdnum checks the check digits)."""

    name = "finance"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        return pattern_findings(text, (_IBAN,), EntityType.IBAN, valid_length=_valid_iban_length)


_SEPARATOR = re.compile(r"[ .-]")


def _valid_iban_length(candidate: str) -> int:
    from stdnum import iban

    # The pattern may run into the next word ("... 874 do"): the longest valid prefix wins.
    for end in range(len(candidate), 14, -1):
        if candidate[end - 1].isalnum() and iban.is_valid(_SEPARATOR.sub("", candidate[:end]).upper()):
            return end
    return 0
