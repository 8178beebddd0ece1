from __future__ import annotations

from django.apps import AppConfig


class DesistkitConfig(AppConfig):
    name = "django_desistkit"
    verbose_name = "desistkit case files"
    default_auto_field = "django.db.models.BigAutoField"
