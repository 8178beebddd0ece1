"""The reusable Django app (examples/django_desistkit): models, admin, views and migrations, in a
project configured here (in-memory SQLite) and driven through Django's test client."""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator
from typing import Any

import docx
import pytest

import desistkit as dk
from conftest import BAD, EXAMPLES, ROOT
from desistkit.sharing import KnownIdentifiers

sys.path.insert(0, str(ROOT / "examples"))
KEY = dk.PseudonymKey.generate().hex()
JSON = "application/json"


def _settings() -> dict[str, Any]:
    return {
        "DEBUG": False,
        "SECRET_KEY": "tests-only-not-secret",
        "ALLOWED_HOSTS": ["testserver"],
        "ROOT_URLCONF": "django_project",
        "DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        "INSTALLED_APPS": [
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django_desistkit",
        ],
        "MIDDLEWARE": [
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        "USE_TZ": True,
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],  # fast; tests only
        "DESISTKIT_PSEUDONYM_KEY": KEY,
    }


@pytest.fixture(scope="module")
def django_db() -> None:
    """Django configured once per process (settings are global), the database migrated."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    if not settings.configured:
        settings.configure(**_settings())
        django.setup()
    call_command("migrate", verbosity=0)


@pytest.fixture
def users(django_db: None) -> Iterator[dict[str, Any]]:
    """Fictional users: two caseworkers who may add cases, a coordinator who may view every case,
    a superuser for the admin. Everything is removed afterwards."""
    from django.contrib.auth.models import Permission, User
    from django_desistkit.models import CaseRecord

    add = Permission.objects.get(codename="add_caserecord")
    view = Permission.objects.get(codename="view_caserecord")
    made = {
        "cw1": User.objects.create_user("cw-0017", password="x"),
        "cw2": User.objects.create_user("cw-0023", password="x"),
        "coordinator": User.objects.create_user("co-0005", password="x"),
        "admin": User.objects.create_superuser("ad-0001", password="x"),
    }
    made["cw1"].user_permissions.add(add)
    made["cw2"].user_permissions.add(add)
    made["coordinator"].user_permissions.add(view)
    yield made
    CaseRecord.objects.all().delete()
    User.objects.all().delete()


def _client(user: Any = None) -> Any:
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _store(client: Any, path: Any) -> Any:
    return client.post("/desistkit/cases", data=path.read_bytes(), content_type=JSON)


def test_migrations_match_the_models(django_db: None) -> None:
    """The shipped migration is what the models say: makemigrations --check finds nothing to do."""
    from django.core.management import call_command

    call_command("makemigrations", "django_desistkit", "--check", "--dry-run", verbosity=0)


def test_store_a_case_and_find_it(users: dict[str, Any]) -> None:
    """POST a case file: 201 with Location, the creator assigned; listed for the creator and a
    coordinator, not for another caseworker; 409 the second time; the JSON stored canonical."""
    from django_desistkit.models import CaseRecord

    client = _client(users["cw1"])
    created = _store(client, EXAMPLES[0])
    reference = dk.load_case(EXAMPLES[0]).reference
    assert created.status_code == 201
    assert created["Location"] == f"/desistkit/cases/{reference}"
    assert client.get(created["Location"]).json()["caseworkers"] == [str(users["cw1"].pk)]
    assert _store(client, EXAMPLES[0]).status_code == 409
    listed = {name: _client(users[name]).get("/desistkit/cases").json()["cases"] for name in users}
    assert [c["reference"] for c in listed["cw1"]] == [reference]
    assert [c["reference"] for c in listed["coordinator"]] == [reference]
    assert listed["cw2"] == []
    stored = CaseRecord.objects.get(reference=reference)
    assert json.dumps(stored.case_json, ensure_ascii=False) == json.dumps(
        json.loads(dk.dumps_case(dk.load_case(EXAMPLES[0]))), ensure_ascii=False
    )


@pytest.mark.parametrize("path", sorted(BAD.glob("*.json"))[:4], ids=lambda p: p.name)
def test_invalid_case_files_are_422_with_their_json_paths(users: dict[str, Any], path: Any) -> None:
    """validate and store answer 422 with exactly desistkit's problems; nothing is stored."""
    with pytest.raises(dk.CaseFileError) as expected:
        dk.load_case(path)
    want = [{"location": p.location, "message": p.message} for p in expected.value.problems]
    client = _client(users["cw1"])
    for url in ("/desistkit/validate", "/desistkit/cases"):
        response = client.post(url, data=path.read_bytes(), content_type=JSON)
        assert response.status_code == 422
        assert response.json()["errors"] == want
    assert client.get("/desistkit/cases").json()["cases"] == []


def test_every_error_is_json(users: dict[str, Any]) -> None:
    """401 signed out, 405 with Allow, 415 for a form upload, 404 for an unknown case or document
    type, 400 naming the query parameter."""
    assert _client().get("/desistkit/cases").status_code == 401
    client = _client(users["cw1"])
    wrong = client.put("/desistkit/cases")
    assert wrong.status_code == 405 and wrong["Allow"] == "GET, POST"
    form = client.post("/desistkit/cases", data={"file": io.BytesIO(b"{}")})
    assert form.status_code == 415 and "application/json" in form.json()["errors"][0]["message"]
    assert client.get("/desistkit/cases/NOPE-1").status_code == 404
    _store(client, EXAMPLES[0])
    reference = dk.load_case(EXAMPLES[0]).reference
    missing = client.get(f"/desistkit/cases/{reference}/preview")
    assert missing.status_code == 400 and missing.json()["errors"][0]["location"] == "query.audience"
    unknown = client.get(f"/desistkit/cases/{reference}/documents/nope", {"audience": "research"})
    assert unknown.status_code == 404
    for response in (wrong, form, missing, unknown):
        assert response["Content-Type"] == JSON and response.json()["errors"]


def test_preview_and_document_for_an_audience(users: dict[str, Any]) -> None:
    """The preview is desistkit's share preview; the summary is the Word document in the language
    asked, with no client identifier in it or its name; the export is recorded with the user."""
    from django_desistkit.models import ExportRecord

    client = _client(users["cw1"])
    _store(client, EXAMPLES[1])
    case = dk.load_case(EXAMPLES[1])
    query = {"audience": "case-conference", "lang": "de", "on": "2025-11-30"}
    lines = client.get(f"/desistkit/cases/{case.reference}/preview", query).json()["lines"]
    assert lines[0].startswith("audience case-conference") and "What goes out:" in lines
    response = client.get(f"/desistkit/cases/{case.reference}/documents/summary", query)
    assert response.status_code == 200
    title = docx.Document(io.BytesIO(response.content)).paragraphs[0].text
    assert title.startswith(dk.get_localizer("de").text("summary.title"))
    identifiers = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
    text = "\n".join([*lines, *(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)])
    for secret in [*identifiers, case.reference]:
        assert not re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", text), secret
        assert secret not in response["Content-Disposition"]
    record = ExportRecord.objects.get()
    assert (record.document, record.audience, record.lang, record.actor) == (
        "summary",
        "case-conference",
        "de",
        users["cw1"],
    )
    assert record.audit["audience"] == "case-conference"


def test_only_assigned_caseworkers_get_the_internal_audience_or_erase(users: dict[str, Any]) -> None:
    """A coordinator may export external audiences but gets 403 for internal; another caseworker
    gets 403 for everything about the case; the assigned caseworker erases it with its exports."""
    from django_desistkit.models import ExportRecord

    owner = _client(users["cw1"])
    _store(owner, EXAMPLES[0])
    reference = dk.load_case(EXAMPLES[0]).reference
    url = f"/desistkit/cases/{reference}/documents/summary"
    coordinator, other = _client(users["coordinator"]), _client(users["cw2"])
    assert coordinator.get(url, {"audience": "research"}).status_code == 200
    refused = coordinator.get(url, {"audience": "internal"})
    assert refused.status_code == 403 and refused.json()["errors"][0]["location"] == "query.audience"
    assert other.get(url, {"audience": "research"}).status_code == 403
    assert owner.get(url, {"audience": "internal"}).status_code == 200
    assert coordinator.delete(f"/desistkit/cases/{reference}").status_code == 403
    erased = owner.delete(f"/desistkit/cases/{reference}")
    assert erased.json() == {"erased": True, "exports": 2}
    assert owner.get(f"/desistkit/cases/{reference}").status_code == 404
    assert ExportRecord.objects.count() == 0


def test_post_keeps_django_csrf_protection(users: dict[str, Any]) -> None:
    """A signed-in browser session cannot be made to store a case by another site: without the
    CSRF token the POST is refused."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["cw1"])
    assert _store(client, EXAMPLES[0]).status_code == 403
    assert client.get("/desistkit/cases").json()["cases"] == []


def test_the_admin_lists_cases_and_checks_the_json_on_save(users: dict[str, Any]) -> None:
    """The admin lists the case files; saving JSON that is not a valid case shows desistkit's
    problems with their JSON paths and stores nothing; a valid one is stored under its reference."""
    from django_desistkit.models import CaseRecord

    admin = _client(users["admin"])
    assert admin.get("/admin/django_desistkit/caserecord/").status_code == 200
    bad = sorted(BAD.glob("*.json"))[0]
    with pytest.raises(dk.CaseFileError) as expected:
        dk.load_case(bad)
    refused = admin.post("/admin/django_desistkit/caserecord/add/", {"case_json": bad.read_text("utf-8")})
    assert refused.status_code == 200  # the form again, with the errors
    page = refused.content.decode("utf-8")
    assert expected.value.problems[0].location in page
    assert CaseRecord.objects.count() == 0
    saved = admin.post(
        "/admin/django_desistkit/caserecord/add/", {"case_json": EXAMPLES[2].read_text("utf-8")}
    )
    assert saved.status_code == 302
    assert CaseRecord.objects.get().reference == dk.load_case(EXAMPLES[2]).reference
    assert admin.get("/admin/django_desistkit/exportrecord/add/").status_code == 403
