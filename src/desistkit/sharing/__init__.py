"""Sharing a case without personal data: audiences, policies, consent, pseudonyms, redaction, audit.

```python
shared = share(case, "case-conference", key=key, on=date(2025, 9, 30))
shared.case      # the filtered case the audience may see
shared.audit     # what was removed and why, never the removed values
```
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from desistkit.core.errors import ConsentAnswersError, MissingKeyError
from desistkit.sharing._policy import (
    FIELDS,
    AudienceRules,
    Policy,
    PolicyError,
    UnknownAudienceError,
    default_policy,
    load_policy,
    parse_policy,
)
from desistkit.sharing._preview import leftover_places, preview_lines, withheld_sentence, withheld_sentences
from desistkit.sharing._pseudonym import Pseudonymizer, PseudonymKey, PseudonymKeyError, demo_key
from desistkit.sharing._share import (
    WITHHELD,
    AuditRecord,
    SharedCase,
    SharingError,
    WithheldReason,
    pseudonym_mapping,
    require_shared,
    share,
    withheld_reasons,
)

if TYPE_CHECKING:  # what __getattr__ loads, for type checkers
    from desistkit.sharing._consent_answers import ANSWERS_FORMAT as ANSWERS_FORMAT
    from desistkit.sharing._consent_answers import answers_schema as answers_schema
    from desistkit.sharing._consent_answers import consents_from_answers as consents_from_answers
    from desistkit.sharing._consent_answers import parse_answers as parse_answers
    from desistkit.sharing._consent_sheet import SHEET_TOPICS as SHEET_TOPICS
    from desistkit.sharing._consent_sheet import AudienceSheet as AudienceSheet
    from desistkit.sharing._consent_sheet import ConsentSheet as ConsentSheet
    from desistkit.sharing._consent_sheet import Line as Line
    from desistkit.sharing._consent_sheet import SheetRow as SheetRow
    from desistkit.sharing._consent_sheet import consent_sheet as consent_sheet
    from desistkit.sharing.redaction import Detector as Detector
    from desistkit.sharing.redaction import EntityType as EntityType
    from desistkit.sharing.redaction import Finding as Finding
    from desistkit.sharing.redaction import KnownIdentifiers as KnownIdentifiers
    from desistkit.sharing.redaction import Redacted as Redacted
    from desistkit.sharing.redaction import Redactor as Redactor
    from desistkit.sharing.redaction import has_placeholder as has_placeholder
    from desistkit.sharing.redaction import looks_like_handle as looks_like_handle
    from desistkit.sharing.redaction import placeholder as placeholder
    from desistkit.sharing.redaction import render_placeholders as render_placeholders
    from desistkit.sharing.redaction import words_in as words_in

# Loaded on first use: sharing a case needs neither the consent sheet and answers nor, for an
# audience that keeps its notes (internal), the redaction's detectors and patterns.
_LAZY = {
    "ANSWERS_FORMAT": "desistkit.sharing._consent_answers",
    "answers_schema": "desistkit.sharing._consent_answers",
    "consents_from_answers": "desistkit.sharing._consent_answers",
    "parse_answers": "desistkit.sharing._consent_answers",
    "SHEET_TOPICS": "desistkit.sharing._consent_sheet",
    "AudienceSheet": "desistkit.sharing._consent_sheet",
    "ConsentSheet": "desistkit.sharing._consent_sheet",
    "Line": "desistkit.sharing._consent_sheet",
    "SheetRow": "desistkit.sharing._consent_sheet",
    "consent_sheet": "desistkit.sharing._consent_sheet",
    "Detector": "desistkit.sharing.redaction",
    "EntityType": "desistkit.sharing.redaction",
    "Finding": "desistkit.sharing.redaction",
    "KnownIdentifiers": "desistkit.sharing.redaction",
    "Redacted": "desistkit.sharing.redaction",
    "Redactor": "desistkit.sharing.redaction",
    "has_placeholder": "desistkit.sharing.redaction",
    "looks_like_handle": "desistkit.sharing.redaction",
    "placeholder": "desistkit.sharing.redaction",
    "render_placeholders": "desistkit.sharing.redaction",
    "words_in": "desistkit.sharing.redaction",
}

__all__ = [
    "ANSWERS_FORMAT",
    "FIELDS",
    "SHEET_TOPICS",
    "WITHHELD",
    "AudienceRules",
    "AudienceSheet",
    "AuditRecord",
    "ConsentAnswersError",
    "ConsentSheet",
    "Detector",
    "EntityType",
    "Finding",
    "KnownIdentifiers",
    "Line",
    "MissingKeyError",
    "Policy",
    "PolicyError",
    "PseudonymKey",
    "PseudonymKeyError",
    "Pseudonymizer",
    "Redacted",
    "Redactor",
    "SharedCase",
    "SharingError",
    "SheetRow",
    "UnknownAudienceError",
    "WithheldReason",
    "answers_schema",
    "consent_sheet",
    "consents_from_answers",
    "default_policy",
    "demo_key",
    "has_placeholder",
    "leftover_places",
    "load_policy",
    "looks_like_handle",
    "parse_answers",
    "parse_policy",
    "placeholder",
    "preview_lines",
    "pseudonym_mapping",
    "render_placeholders",
    "require_shared",
    "share",
    "withheld_reasons",
    "withheld_sentence",
    "withheld_sentences",
    "words_in",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
