"""Finance: IBANs, checksum-validated."""

from __future__ import annotations

import re
from collections.abc import Iterator

from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["FinanceDetector"]

_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")


class FinanceDetector:
    """IBANs (python-stdnum checks the check digits)."""

    name = "finance"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        v = view(text)
        if not any(c.isdigit() for c in v.text):
            return
        from stdnum import iban

        for m in _IBAN.finditer(v.text):
            if iban.is_valid(m.group()):
                yield Finding(*v.span(m.start(), m.end()), EntityType.IBAN, "pattern")
