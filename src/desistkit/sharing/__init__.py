"""Sharing a case without personal data: audiences, policies, consent, pseudonyms, redaction, audit.

```python
shared = share(case, "case-conference", key=key, on=date(2025, 9, 30))
shared.case      # the filtered case the audience may see
shared.audit     # what was removed and why, never the removed values
```
"""

from desistkit.core.errors import ConsentAnswersError, MissingKeyError
from desistkit.sharing._consent_answers import (
    ANSWERS_FORMAT,
    answers_schema,
    consents_from_answers,
    parse_answers,
)
from desistkit.sharing._consent_sheet import (
    SHEET_TOPICS,
    AudienceSheet,
    ConsentSheet,
    Line,
    SheetRow,
    consent_sheet,
)
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
from desistkit.sharing.redaction import (
    Detector,
    EntityType,
    Finding,
    KnownIdentifiers,
    Redacted,
    Redactor,
    has_placeholder,
    looks_like_handle,
    placeholder,
    render_placeholders,
    words_in,
)

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
