"""desistkit: the DesistKit method for caseworkers in exit work, as a library.

Model a case (sessions of reflection on 29 distancing factors, goals, consent), derive views of it
(progress, knowledge map, blind spots, priorities), and read and write case files.

``import desistkit`` stays light: document libraries and the case file machinery load on first use.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

from ._catalogue import (
    Catalogue,
    Category,
    Factor,
    default_catalogue,
    load_catalogue,
    parse_catalogue,
)
from ._errors import (
    CaseFileError,
    CatalogueError,
    DesistkitError,
    DocumentError,
    OutputExistsError,
    Problem,
    TemplateError,
    UnknownFactorError,
    UnknownSessionError,
    ValidationError,
)
from ._model import (
    Case,
    ClientIdentity,
    Consent,
    Contact,
    FactorReflection,
    Goal,
    GoalAgreement,
    GoalStatus,
    Note,
    Perspective,
    Priority,
    Session,
    SessionKind,
    Setting,
    Stance,
    StatusChange,
    TeamMember,
    Valence,
    WorkingRelationship,
)
from ._version import __version__
from ._views import (
    BlindSpot,
    BlindSpotReason,
    CategoryKnowledge,
    FactorState,
    GoalSummary,
    OpenQuestion,
    PriorityAgreement,
    Progress,
    RatingChange,
    StanceMove,
    blind_spots,
    goal_summary,
    knowledge_map,
    open_questions,
    priority_agreement,
    progress,
    since_last_case_conference,
    state_at,
)

if TYPE_CHECKING:
    from ._demo import demo_case
    from ._i18n import (
        EU_LANGUAGES,
        Localizer,
        MissingTranslationWarning,
        UnknownLanguageError,
        available_languages,
        get_localizer,
    )
    from .casefile import (
        case_from_dict,
        case_schema,
        case_to_dict,
        check_case,
        dumps_case,
        load_case,
        loads_case,
        save_case,
    )
    from .sharing import (
        AuditRecord,
        PseudonymKey,
        SharedCase,
        SharingError,
        UnknownAudienceError,
        share,
    )

# Loaded on first use, so that `import desistkit` does not pay for cattrs and Babel.
_LAZY = {
    "AuditRecord": "sharing",
    "PseudonymKey": "sharing",
    "SharedCase": "sharing",
    "SharingError": "sharing",
    "UnknownAudienceError": "sharing",
    "share": "sharing",
    "EU_LANGUAGES": "_i18n",
    "Localizer": "_i18n",
    "MissingTranslationWarning": "_i18n",
    "UnknownLanguageError": "_i18n",
    "available_languages": "_i18n",
    "get_localizer": "_i18n",
    "case_from_dict": "casefile",
    "case_schema": "casefile",
    "case_to_dict": "casefile",
    "check_case": "casefile",
    "demo_case": "_demo",
    "dumps_case": "casefile",
    "load_case": "casefile",
    "loads_case": "casefile",
    "save_case": "casefile",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'desistkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def clear_caches() -> None:
    """Forget every cache: the built-in catalogue, labels, catalogs and localizers.

    For tests, and for long-running services after changing an organisation's files.
    """
    from . import _catalogue

    _catalogue.clear_caches()
    if "desistkit._i18n" in sys.modules:
        sys.modules["desistkit._i18n"].clear_caches()


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "EU_LANGUAGES",
    "AuditRecord",
    "BlindSpot",
    "BlindSpotReason",
    "Case",
    "CaseFileError",
    "Catalogue",
    "CatalogueError",
    "Category",
    "CategoryKnowledge",
    "ClientIdentity",
    "Consent",
    "Contact",
    "DesistkitError",
    "DocumentError",
    "Factor",
    "FactorReflection",
    "FactorState",
    "Goal",
    "GoalAgreement",
    "GoalStatus",
    "GoalSummary",
    "Localizer",
    "MissingTranslationWarning",
    "Note",
    "OpenQuestion",
    "OutputExistsError",
    "Perspective",
    "Priority",
    "PriorityAgreement",
    "Problem",
    "Progress",
    "PseudonymKey",
    "RatingChange",
    "Session",
    "SessionKind",
    "Setting",
    "SharedCase",
    "SharingError",
    "Stance",
    "StanceMove",
    "StatusChange",
    "TeamMember",
    "TemplateError",
    "UnknownAudienceError",
    "UnknownFactorError",
    "UnknownLanguageError",
    "UnknownSessionError",
    "Valence",
    "ValidationError",
    "WorkingRelationship",
    "__version__",
    "available_languages",
    "blind_spots",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "check_case",
    "clear_caches",
    "default_catalogue",
    "demo_case",
    "dumps_case",
    "get_localizer",
    "goal_summary",
    "knowledge_map",
    "load_case",
    "load_catalogue",
    "loads_case",
    "open_questions",
    "parse_catalogue",
    "priority_agreement",
    "progress",
    "save_case",
    "share",
    "since_last_case_conference",
    "state_at",
]
