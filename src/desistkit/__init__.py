"""desistkit: the DesistKit method for caseworkers in exit work, as a library.

Model a case (sessions of reflection on 29 distancing factors, goals, consent), derive views of it
(progress, knowledge map, blind spots, priorities), and read and write case files.

``import desistkit`` stays light: document libraries and the case file machinery load on first use.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

from desistkit._version import __version__
from desistkit.core.catalogue import (
    Catalogue,
    Category,
    Factor,
    default_catalogue,
    load_catalogue,
    parse_catalogue,
)
from desistkit.core.errors import (
    CardFitError,
    CaseFileError,
    CatalogueError,
    DesistkitError,
    DocumentError,
    FieldError,
    FieldTypeError,
    MissingTranslationWarning,
    NotSharedError,
    OptionError,
    OutputError,
    OutputExistsError,
    PackageError,
    PolicyError,
    Problem,
    ProgrammeError,
    PseudonymKeyError,
    ReviewError,
    SharingError,
    TemplateError,
    UnknownAudienceError,
    UnknownCategoryError,
    UnknownDocumentTypeError,
    UnknownFactorError,
    UnknownGoalError,
    UnknownLabelError,
    UnknownLanguageError,
    UnknownSessionError,
    ValidationError,
)
from desistkit.core.model import (
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
from desistkit.core.views import (
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
    from desistkit.casefile import (
        case_from_dict,
        case_schema,
        case_to_dict,
        check_case,
        dumps_case,
        load_case,
        loads_case,
        save_case,
    )
    from desistkit.casefile.demo import demo_case
    from desistkit.export import exporters, render
    from desistkit.i18n.localizer import (
        EU_LANGUAGES,
        Localizer,
        available_languages,
        get_localizer,
    )
    from desistkit.sharing import (
        AuditRecord,
        PseudonymKey,
        SharedCase,
        share,
    )

# Loaded on first use, so that `import desistkit` does not pay for cattrs and Babel.
_LAZY = {
    "AuditRecord": "sharing",
    "PseudonymKey": "sharing",
    "SharedCase": "sharing",
    "share": "sharing",
    "EU_LANGUAGES": "i18n.localizer",
    "Localizer": "i18n.localizer",
    "available_languages": "i18n.localizer",
    "get_localizer": "i18n.localizer",
    "case_from_dict": "casefile",
    "case_schema": "casefile",
    "case_to_dict": "casefile",
    "check_case": "casefile",
    "demo_case": "casefile.demo",
    "dumps_case": "casefile",
    "load_case": "casefile",
    "loads_case": "casefile",
    "save_case": "casefile",
    "exporters": "export",
    "render": "export",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'desistkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def clear_caches() -> None:
    """Forget every cache: the built-in catalogue, labels, catalogs, localizers and the entry points
    of the exporter and importer registries.

    For tests, and for long-running services after changing an organisation's files.
    """
    from desistkit.core import catalogue as _catalogue

    _catalogue.clear_caches()
    if "desistkit.i18n.localizer" in sys.modules:
        sys.modules["desistkit.i18n.localizer"].clear_caches()
    for registry in ("desistkit.export.registry", "desistkit.importing.registry"):
        if registry in sys.modules:  # entry points are read again on next use
            sys.modules[registry].clear_caches()


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "EU_LANGUAGES",
    "AuditRecord",
    "BlindSpot",
    "BlindSpotReason",
    "CardFitError",
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
    "FieldError",
    "FieldTypeError",
    "Goal",
    "GoalAgreement",
    "GoalStatus",
    "GoalSummary",
    "Localizer",
    "MissingTranslationWarning",
    "NotSharedError",
    "Note",
    "OpenQuestion",
    "OptionError",
    "OutputError",
    "OutputExistsError",
    "PackageError",
    "Perspective",
    "PolicyError",
    "Priority",
    "PriorityAgreement",
    "Problem",
    "ProgrammeError",
    "Progress",
    "PseudonymKey",
    "PseudonymKeyError",
    "RatingChange",
    "ReviewError",
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
    "UnknownCategoryError",
    "UnknownDocumentTypeError",
    "UnknownFactorError",
    "UnknownGoalError",
    "UnknownLabelError",
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
    "exporters",
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
    "render",
    "save_case",
    "share",
    "since_last_case_conference",
    "state_at",
]
