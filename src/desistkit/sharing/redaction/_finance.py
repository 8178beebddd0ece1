"""Finance: IBANs, checksum-validated."""

from __future__ import annotations

import re
from collections.abc import Iterator

from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["FinanceDetector"]

# Any case, grouped by spaces, dots or dashes; the exact end is found by the check digits.
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ .-]?[A-Za-z0-9]){11,30}(?![\w])")


class FinanceDetector:
    """IBANs (python-stdnum checks the check digits)."""

    name = "finance"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        v = view(text)
        if not any(c.isdigit() for c in v.text):
            return
        from stdnum import iban

        for m in _IBAN.finditer(v.text):
            # The pattern may run into the next word ("... 874 do"): the longest valid prefix wins.
            candidate = m.group()
            for end in range(len(candidate), 14, -1):
                if candidate[end - 1].isalnum() and iban.is_valid(
                    re.sub(r"[ .-]", "", candidate[:end]).upper()
                ):
                    yield Finding(*v.span(m.start(), m.start() + end), EntityType.IBAN, "pattern")
                    break
