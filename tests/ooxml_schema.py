"""Validating Office Open XML packages against the ECMA-376 (transitional) schemas in tests/data.

Each part is validated with the schema of its root element's namespace. The core properties part is
not: its schema imports the Dublin Core schemas by URL, and the tests run without network; the
scrubber writes that part itself, with a fixed shape.
"""

from __future__ import annotations

import functools
import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

# Vendored in the repository (tests/data/ooxml-xsd, see its NOTICE.md); DESISTKIT_OOXML_XSD overrides.
XSD = Path(os.environ.get("DESISTKIT_OOXML_XSD") or Path(__file__).resolve().parent / "data" / "ooxml-xsd")
SCHEMAS = {
    "http://schemas.openxmlformats.org/presentationml/2006/main": "pml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "wml.xsd",
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "sml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "dml-chart.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": "dml-spreadsheetDrawing.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": "opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "shared-documentPropertiesExtended.xsd",
}  # fmt: skip
SKIPPED = {"http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}


def require_schemas() -> Path:
    if not (XSD / "pml.xsd").is_file():  # vendored: missing means a broken checkout, never a skip
        pytest.fail(f"the ECMA-376 schemas are missing from {XSD}")
    return XSD


@functools.cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / name)))


def validate_package(data: bytes) -> list[str]:
    """Every schema error of every XML part, as 'part: line: message'."""
    errors = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xlsx", ".docx", ".pptx")):  # an embedded package, e.g. a chart's data
                errors.extend(f"{name}/{e}" for e in validate_package(archive.read(name)))
                continue
            if not (name.endswith((".xml", ".rels"))):
                continue
            root = etree.fromstring(archive.read(name))
            namespace = etree.QName(root).namespace
            if namespace in SKIPPED:
                continue
            if namespace not in SCHEMAS:
                errors.append(f"{name}: no schema for namespace {namespace}")
                continue
            schema = _schema(SCHEMAS[namespace])
            if not schema.validate(root):
                errors.extend(f"{name}: {e.line}: {e.message}" for e in schema.error_log)
    return errors
