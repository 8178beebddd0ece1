"""The case files in Django's admin: the JSON is checked by desistkit on save, every problem shown
with its JSON path; export records are read-only."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin

import desistkit as dk

from .models import CaseRecord, ExportRecord


class CaseRecordForm(forms.ModelForm):
    class Meta:
        model = CaseRecord
        fields = ("case_json", "caseworkers")

    def clean_case_json(self) -> Any:
        value = self.cleaned_data["case_json"]
        try:
            case, canonical = CaseRecord.from_bytes(json.dumps(value), source="case_json")
        except dk.CaseFileError as exc:
            raise forms.ValidationError([f"{p.location}: {p.message}" for p in exc.problems]) from None
        self.instance.reference = case.reference
        return canonical


@admin.register(CaseRecord)
class CaseRecordAdmin(admin.ModelAdmin):
    form = CaseRecordForm
    list_display = ("reference", "updated_at")
    search_fields = ("reference",)
    filter_horizontal = ("caseworkers",)


@admin.register(ExportRecord)
class ExportRecordAdmin(admin.ModelAdmin):
    list_display = ("case", "document", "audience", "lang", "actor", "created_at")
    list_filter = ("audience", "document")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
