"""Helpers for the tests of the Flask example (examples/webservice): the app with fictional users,
and a test client that checks every JSON answer against the app's own OpenAPI document."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import jsonschema
from flask.testing import FlaskClient

import desistkit as dk
from conftest import ROOT

sys.path.insert(0, str(ROOT / "examples"))  # as `flask --app examples/webservice/app.py` does

import webservice.app as service_module
from webservice.auth import TokenStore, User

__all__ = ["USERS", "CheckedClient", "User", "client_as", "make_app", "openapi_document", "service_module"]

# Fictional users: two caseworkers, a coordinator, an auditor.
USERS = {
    "cw-0017": ("caseworker",),
    "cw-0023": ("caseworker",),
    "co-0005": ("coordinator",),
    "au-0002": ("auditor",),
}


def make_app(home: Path, key_hex: str | None = "new", **config: Any) -> tuple[Any, dict[str, str]]:
    """The service in ``home`` with a token for each of USERS; (app, user -> token). ``key_hex``:
    the pseudonym key, "new" for a fresh one, None to leave it to the environment."""
    tokens = TokenStore(home / "tokens.toml")
    issued = {user: tokens.add(User(user, frozenset(roles))) for user, roles in USERS.items()}
    settings = {service_module.HOME_ENV: str(home)}
    if key_hex is not None:
        settings[service_module.KEY_ENV] = dk.PseudonymKey.generate().hex() if key_hex == "new" else key_hex
    app = service_module.create_app({**settings, **config})
    app.test_client_class = CheckedClient
    return app, issued


def client_as(app: Any, token: str | None) -> CheckedClient:
    client: CheckedClient = app.test_client()
    if token:
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


class CheckedClient(FlaskClient):
    """Flask's test client, checking every API answer against /openapi.json: the status must be
    documented for the route and method, and a JSON body must validate against its schema."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = super().open(*args, **kwargs)
        request = response.request
        if not request.path.startswith("/app/") and request.path != "/openapi.json":
            check_against_openapi(self.application, request.method, request.path, response)
        return response


_DOCUMENT: dict[int, dict[str, Any]] = {}


def openapi_document(app: Any) -> dict[str, Any]:
    if id(app) not in _DOCUMENT:
        _DOCUMENT[id(app)] = app.test_client().get("/openapi.json").get_json()
    return _DOCUMENT[id(app)]


def _template(document: dict[str, Any], path: str) -> str | None:
    for template in document["paths"]:
        pattern = re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return str(template)
    return None


def check_against_openapi(app: Any, method: str, path: str, response: Any) -> None:
    document = openapi_document(app)
    template = _template(document, path)
    if template is None:  # an unknown URL: a JSON 404 all the same
        assert response.status_code == 404 and response.is_json, (path, response.status_code)
        jsonschema.validate(response.get_json(), document["components"]["schemas"]["Errors"])
        return
    operation = document["paths"][template].get(method.lower())
    if operation is None:
        assert response.status_code == 405 and response.is_json, (method, template)
        jsonschema.validate(response.get_json(), document["components"]["schemas"]["Errors"])
        return
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{method} {template}: {response.status_code} is not documented"
    schema = documented.get("content", {}).get("application/json", {}).get("schema")
    if schema is not None:
        assert response.is_json, f"{method} {template}: {response.status_code} is not JSON"
        root = {"components": document["components"], **schema}
        jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker()).validate(
            response.get_json()
        )
