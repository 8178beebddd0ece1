"""mkdocs hooks: generated sections of the documentation, filled at build time.

- ``<!-- desistkit:case-schema -->``: the case file JSON Schema, from the installed desistkit
  (``desistkit.case_schema()``), so the published schema cannot drift from the loader.
- ``<!-- desistkit:previews -->``: the gallery of document previews, from the list of document
  types in tools/previews.py (the script that renders the pictures).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

SCHEMA_MARKER = "<!-- desistkit:case-schema -->"
PREVIEWS_MARKER = "<!-- desistkit:previews -->"


def _previews_module() -> ModuleType:
    path = Path(__file__).with_name("previews.py")
    spec = importlib.util.spec_from_file_location("desistkit_tools_previews", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Fill the generated sections of a page."""
    if SCHEMA_MARKER in markdown:
        import desistkit

        schema = json.dumps(desistkit.case_schema(), indent=2, ensure_ascii=False)
        markdown = markdown.replace(SCHEMA_MARKER, f"```json\n{schema}\n```")
    if PREVIEWS_MARKER in markdown:
        markdown = markdown.replace(PREVIEWS_MARKER, _previews_module().gallery_markdown())
    return markdown
