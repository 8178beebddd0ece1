"""A case file, held as desistkit's JSON, with the users assigned to it; and the audit record of
every export, with the user who asked."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models

import desistkit as dk


class CaseRecord(models.Model):
    """One case file. ``case_json`` is what ``desistkit.dumps_case`` writes (canonical, validated on
    the way in); ``reference`` is copied out of it so the database can index it."""

    reference = models.CharField(max_length=100, unique=True)
    case_json = models.JSONField()
    caseworkers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="desistkit_cases", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("reference",)
        verbose_name = "case file"

    def __str__(self) -> str:
        return self.reference

    def case(self) -> dk.Case:
        """The stored case, checked again by desistkit (a row may have been edited by hand)."""
        return dk.loads_case(json.dumps(self.case_json), source=f"case record {self.pk}")

    @classmethod
    def from_bytes(cls, data: bytes | str, source: str = "request body") -> tuple[dk.Case, Any]:
        """A case file checked by desistkit (``CaseFileError`` names every problem), and its JSON."""
        case = dk.loads_case(data, source=source)
        return case, json.loads(dk.dumps_case(case))


class ExportRecord(models.Model):
    """One document that left the service: for whom, in which language, who asked, and desistkit's
    audit record (what was removed, never the values)."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="exports")
    document = models.CharField(max_length=50)
    audience = models.CharField(max_length=50)
    lang = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    audit = models.JSONField()

    class Meta:
        ordering = ("id",)
