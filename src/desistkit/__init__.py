"""desistkit: the DesistKit method for caseworkers in exit work, as a library.

Model a case (sessions of reflection on 29 distancing factors, goals, consent), derive views of it
(progress, knowledge map, blind spots, priorities), and read and write case files.

``import desistkit`` stays light: every name loads on first use (PEP 562), the core's model and
views (attrs classes) as well as the document libraries and the case file machinery.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

from desistkit._version import __version__

if TYPE_CHECKING:  # the core, which __getattr__ loads on first use
    from desistkit.core import conference as _conference
    from desistkit.core import errors as _errors
    from desistkit.core import model as _model
    from desistkit.core import views as _views
    from desistkit.core.catalogue import (
        Catalogue,
        Category,
        Factor,
        default_catalogue,
        load_catalogue,
        parse_catalogue,
    )

    # Every public name of the core's errors, model, views and conference comparison, listed once
    # in each module's __all__.
    from desistkit.core.conference import *  # noqa: F403
    from desistkit.core.errors import *  # noqa: F403
    from desistkit.core.model import *  # noqa: F403
    from desistkit.core.views import *  # noqa: F403

if TYPE_CHECKING:  # what _LAZY loads, for type checkers
    from desistkit import handover as handover
    from desistkit import retention as retention
    from desistkit.casefile import case_from_dict as case_from_dict
    from desistkit.casefile import case_schema as case_schema
    from desistkit.casefile import case_to_dict as case_to_dict
    from desistkit.casefile import check_case as check_case
    from desistkit.casefile import dumps_case as dumps_case
    from desistkit.casefile import load_case as load_case
    from desistkit.casefile import loads_case as loads_case
    from desistkit.casefile import save_case as save_case
    from desistkit.casefile.demo import current_demo_case as current_demo_case
    from desistkit.casefile.demo import demo_case as demo_case
    from desistkit.export import exporters as exporters
    from desistkit.export import render as render
    from desistkit.i18n.localizer import EU_LANGUAGES as EU_LANGUAGES
    from desistkit.i18n.localizer import Localizer as Localizer
    from desistkit.i18n.localizer import available_languages as available_languages
    from desistkit.i18n.localizer import get_localizer as get_localizer
    from desistkit.sharing import AuditRecord as AuditRecord
    from desistkit.sharing import PseudonymKey as PseudonymKey
    from desistkit.sharing import SharedCase as SharedCase
    from desistkit.sharing import share as share

# Loaded on first use, so that `import desistkit` does not pay for attrs, cattrs and Babel.
_LAZY = {
    "Catalogue": "core.catalogue",
    "Category": "core.catalogue",
    "Factor": "core.catalogue",
    "default_catalogue": "core.catalogue",
    "load_catalogue": "core.catalogue",
    "parse_catalogue": "core.catalogue",
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
    "current_demo_case": "casefile.demo",
    "demo_case": "casefile.demo",
    "dumps_case": "casefile",
    "load_case": "casefile",
    "loads_case": "casefile",
    "save_case": "casefile",
    "exporters": "export",
    "render": "export",
}


# Packages reached as attributes on first use (`dk.handover.pack(...)`), so that `import desistkit`
# does not load the crypto libraries.
_SUBPACKAGES = frozenset({"handover", "retention"})


# The core's modules whose whole __all__ is the package's, in the order __getattr__ looks into them
# (the errors need no model).
_CORE = ("core.errors", "core.model", "core.views", "core.conference")
_OWN: tuple[str, ...]  # the names spelled out in __all__ below, without the core's


def __getattr__(name: str) -> Any:
    if name == "__all__":
        return _public_names()
    if name in _SUBPACKAGES:
        return importlib.import_module(f".{name}", __name__)
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
    elif name[0] != "_" and (found := _core_module(name)) is not None:
        value = getattr(found, name)
    else:
        raise AttributeError(f"module 'desistkit' has no attribute {name!r}")
    globals()[name] = value
    return value


def _core_module(name: str) -> Any:
    for module in _CORE:
        loaded = importlib.import_module(f".{module}", __name__)
        if name in loaded.__all__:
            return loaded
    return None


def _public_names() -> list[str]:
    names = [*_OWN]
    for module in _CORE:
        names += importlib.import_module(f".{module}", __name__).__all__
    names.sort(key=_public_order)
    globals()["__all__"] = names
    return names


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
    return sorted(_public_names())


def _public_order(name: str) -> tuple[int, str]:
    # How ruff (RUF022) sorts __all__: constants, then classes, then functions.
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


# Spelled out (not `+= _LAZY`) so that mkdocstrings can resolve the lazy names too.
__all__ = [
    "EU_LANGUAGES",
    "AuditRecord",
    "Catalogue",
    "Category",
    "Factor",
    "Localizer",
    "PseudonymKey",
    "SharedCase",
    "__version__",
    "available_languages",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "check_case",
    "clear_caches",
    "current_demo_case",
    "default_catalogue",
    "demo_case",
    "dumps_case",
    "exporters",
    "get_localizer",
    "load_case",
    "load_catalogue",
    "loads_case",
    "parse_catalogue",
    "render",
    "save_case",
    "share",
]
if TYPE_CHECKING:
    __all__ += _errors.__all__
    __all__ += _model.__all__
    __all__ += _views.__all__
    __all__ += _conference.__all__
    __all__.sort(key=_public_order)
else:  # the core's names join on first use of __all__ (reading them loads the core)
    _OWN = tuple(__all__)
    del __all__
