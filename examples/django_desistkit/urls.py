from __future__ import annotations

from django.urls import path

from . import views

app_name = "desistkit"

urlpatterns = [
    path("validate", views.validate, name="validate"),
    path("cases", views.cases, name="cases"),
    path("cases/<str:reference>", views.case, name="case"),
    path("cases/<str:reference>/preview", views.preview, name="preview"),
    path("cases/<str:reference>/documents/<str:document>", views.document, name="document"),
]
