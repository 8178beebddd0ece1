"""Build hook: compile the translators' catalogs (locales/*.po) into the wheel as .mo files, and
write the tables of the TOML files every process reads as JSON beside them (labels.json, ...).

The sources stay where translators and their tools expect them (top-level locales/); the installed
package carries only the compiled catalogs, at desistkit/locales/<lang>/LC_MESSAGES/desistkit.mo.
Untranslated and fuzzy messages are left out, so that the Localizer warns about them at run time.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._tmp = Path(tempfile.mkdtemp(prefix="desistkit-mo-"))
        for po in sorted(Path(self.root, "locales").glob("*/LC_MESSAGES/desistkit.po")):
            lang = po.parts[-3]
            with po.open("rb") as f:
                catalog = read_po(f, locale=lang)
            # write_mo keeps plural messages with empty forms; gettext would then return "".
            for message in list(catalog):
                if message.id and isinstance(message.string, tuple) and not all(message.string):
                    catalog.delete(message.id, message.context)
            target = self._tmp / lang / "desistkit.mo"
            target.parent.mkdir(parents=True)
            with target.open("wb") as f:
                write_mo(f, catalog, use_fuzzy=False)
            build_data["force_include"][str(target)] = (
                f"desistkit/i18n/locales/{lang}/LC_MESSAGES/desistkit.mo"
            )

        # The shipped TOML files' tables as JSON beside them: read in a fraction of the time parsing
        # the TOML takes in every process; the package uses them only if made from the same text.
        for toml in _SHIPPED_TOML:
            tables = _tables_json(Path(self.root, "src", "desistkit", toml).read_text("utf-8"))
            if tables is not None:
                target = self._tmp / toml.replace("/", "-").removesuffix(".toml")
                target.write_text(tables, encoding="utf-8")
                build_data["force_include"][str(target)] = f"desistkit/{toml.removesuffix('.toml')}.json"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)


# Read by every process (desistkit.core._toml.shipped): the labels, the built-in catalogue and policy.
_SHIPPED_TOML = ("i18n/labels.toml", "core/factors/catalogue.toml", "sharing/policies.toml")


def _tables_json(text: str) -> str | None:
    """desistkit.core._toml.tables_json, which the build cannot import (tests/test_package.py
    compares); None without a TOML parser (Python 3.10 without tomli: the package parses the TOML)."""
    import hashlib
    import json

    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ImportError:
            return None
    return json.dumps(
        {"source": hashlib.sha256(text.encode("utf-8")).hexdigest(), "tables": tomllib.loads(text)}
    )
