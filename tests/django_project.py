"""The URLs of a Django project around examples/django_desistkit, for its tests (ROOT_URLCONF);
imported by Django once the test has configured settings."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("desistkit/", include("django_desistkit.urls")),
]
