"""A griffe extension for the API reference: model fields show the ``doc=`` text they are declared with.

desistkit's model declares each field once, with a helper (``_bounded``, ``_text``, ``_ident``,
``_items``, ``_optional``, ``_required``) whose ``doc=`` also becomes the JSON Schema's description.
Without this extension the reference would show the helper call as the field's value and no text.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe

FIELD_HELPERS = {"_bounded", "_text", "_ident", "_items", "_optional", "_required"}


class FieldDocs(griffe.Extension):
    """Turn ``x: T = _helper(..., doc="...")`` into the attribute ``x: T`` with that docstring."""

    def on_attribute_instance(self, *, node: ast.AST | griffe.ObjectNode, attr: griffe.Attribute,
                              **kwargs: Any) -> None:  # fmt: skip
        value = getattr(node, "value", None)
        if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Name):
            return
        if value.func.id not in FIELD_HELPERS:
            return
        for keyword in value.keywords:
            if keyword.arg == "doc" and isinstance(keyword.value, ast.Constant):
                if attr.docstring is None:
                    attr.docstring = griffe.Docstring(str(keyword.value.value), parent=attr)
                attr.value = None  # the helper call says nothing to a reader of the reference
                return
