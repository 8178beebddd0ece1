"""Moved to :mod:`desistkit.sharing.redaction`; this name stays for code that imports it."""

from desistkit.sharing.redaction import (
    Detector,
    EntityType,
    Finding,
    KnownIdentifiers,
    Redacted,
    Redactor,
    has_placeholder,
    placeholder,
    render_placeholders,
    words_in,
)
from desistkit.sharing.redaction._known import _looks_like_handle

__all__ = [
    "Detector",
    "EntityType",
    "Finding",
    "KnownIdentifiers",
    "Redacted",
    "Redactor",
    "_looks_like_handle",
    "has_placeholder",
    "placeholder",
    "render_placeholders",
    "words_in",
]
