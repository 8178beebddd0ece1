"""The API described as OpenAPI 3.1, served at ``/openapi.json``.

Written by hand, next to the routes, and kept honest by a test: every route is here, everything here
is a route, and every JSON response the tests see validates against the schema given here.
"""

from __future__ import annotations

from typing import Any

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


def _created(description: str) -> dict[str, Any]:
    location = {"schema": {"type": "string"}, "description": "the case's URL"}
    return {**_json("CaseSummary", description), "headers": {"Location": location}}


def _errors(*codes: int) -> dict[str, Any]:
    why = {
        400: "a query parameter is missing or wrong (location: query.<name>)",
        401: "not signed in (WWW-Authenticate: Bearer)",
        403: "signed in, but not allowed (role, or not assigned to the case)",
        404: "no such case, document type or resource",
        405: "method not allowed",
        409: "a case with this reference exists",
        413: "the request body is too large",
        415: "wrong Content-Type (a browser form upload included)",
        422: "the body is not valid: every problem with its JSON path",
        500: "the service failed; nothing was changed, and the log has the details",
    }
    return {str(code): _json("Errors", why[code]) for code in (*codes, 500)}


def _signed_in(*codes: int) -> dict[str, Any]:
    return _errors(401, *codes)


REFERENCE = {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}
CASE_BODY = {
    "required": True,
    "description": "A desistkit case file (its JSON Schema: `desistkit schema`).",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _query(name: str, description: str, *, required: bool = False, **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": {"type": "string", **schema}}  # fmt: skip


SCHEMAS: dict[str, Any] = {
    "Errors": {
        "type": "object",
        "required": ["errors"],
        "additionalProperties": False,
        "properties": {
            "errors": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["location", "message"],
                    "additionalProperties": False,
                    "properties": {
                        "location": {"type": "string", "description": "JSON path, query.<name>, or ''"},
                        "message": {"type": "string"},
                    },
                },
            }
        },
    },
    "Validated": {
        "type": "object",
        "required": ["valid", "reference"],
        "additionalProperties": False,
        "properties": {"valid": {"const": True}, "reference": {"type": "string"}},
    },
    "CaseSummary": {
        "type": "object",
        "required": ["reference", "updated_at", "sessions", "caseworkers"],
        "additionalProperties": False,
        "properties": {
            "reference": {"type": "string"},
            "updated_at": {"type": "string", "format": "date-time"},
            "sessions": {"type": "integer", "minimum": 0},
            "caseworkers": {"type": "array", "items": {"type": "string"}},
        },
    },
    "CaseList": {
        "type": "object",
        "required": ["cases"],
        "additionalProperties": False,
        "properties": {
            "cases": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["reference", "updated_at", "caseworkers"],
                    "additionalProperties": False,
                    "properties": {
                        "reference": {"type": "string"},
                        "updated_at": {"type": "string"},
                        "caseworkers": {"type": "array", "items": {"type": "string"}},
                    },
                },
            }
        },
    },
    "Caseworkers": {
        "type": "object",
        "required": ["caseworkers"],
        "properties": {"caseworkers": {"type": "array", "minItems": 1, "items": {"type": "string"}}},
    },
    "Erased": {
        "type": "object",
        "required": ["erased", "exports", "files", "assignments"],
        "additionalProperties": False,
        "properties": {
            "erased": {"const": True},
            "exports": {"type": "integer"},
            "files": {"type": "integer"},
            "assignments": {"type": "integer"},
        },
    },
    "Documents": {
        "type": "object",
        "required": ["documents"],
        "additionalProperties": False,
        "properties": {
            "documents": {
                "type": "object",
                "description": "document type -> media type",
                "additionalProperties": {"type": "string"},
            }
        },
    },
    "Exports": {
        "type": "object",
        "required": ["exports"],
        "additionalProperties": False,
        "properties": {
            "exports": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "document", "audience", "lang", "actor", "created_at", "audit"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "integer"},
                        "document": {"type": "string"},
                        "audience": {"type": "string"},
                        "lang": {"type": "string"},
                        "actor": {"type": "string", "description": "the user id who asked"},
                        "created_at": {"type": "string"},
                        "audit": {"type": "object", "description": "desistkit's audit record"},
                    },
                },
            }
        },
    },
    "AuditLog": {
        "type": "object",
        "required": ["events"],
        "additionalProperties": False,
        "properties": {
            "events": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "at", "actor", "action", "case_id", "detail"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "integer"},
                        "at": {"type": "string"},
                        "actor": {"type": "string"},
                        "action": {"enum": ["case.created", "case.replaced", "case.assigned", "case.erased"]},
                        "case_id": {"type": ["integer", "null"]},
                        "detail": {"type": "object"},
                    },
                },
            }
        },
    },
}


def document(document_types: list[str]) -> dict[str, Any]:
    """The OpenAPI document; ``document_types``: the names this service serves today."""
    paths: dict[str, Any] = {
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
            }
        },
        "/validate": {
            "post": {
                "summary": "Check a case file without storing it",
                "requestBody": CASE_BODY,
                "responses": {"200": _json("Validated", "valid"), **_signed_in(413, 415, 422)},
            }
        },
        "/cases": {
            "get": {
                "summary": "The stored cases and who is assigned to each",
                "responses": {"200": _json("CaseList", "the cases"), **_signed_in()},
            },
            "post": {
                "summary": "Store a new case (role caseworker; the creator is assigned)",
                "requestBody": CASE_BODY,
                "responses": {
                    "201": _created("stored"),
                    **_signed_in(403, 409, 413, 415, 422),
                },
            },
        },
        "/cases/{reference}": {
            "parameters": [REFERENCE],
            "get": {
                "summary": "What the service holds about a case (not its content)",
                "responses": {"200": _json("CaseSummary", "the case"), **_signed_in(404)},
            },
            "put": {
                "summary": "Replace a case (assigned caseworkers), or store a new one (role caseworker)",
                "requestBody": CASE_BODY,
                "responses": {
                    "200": _json("CaseSummary", "replaced"),
                    "201": _created("stored"),
                    **_signed_in(403, 413, 415, 422),
                },
            },
            "delete": {
                "summary": "Erase the case and all stored about it, all or nothing (assigned caseworkers)",
                "responses": {
                    "200": _json("Erased", "erased; one line in the audit log"),
                    **_signed_in(403, 404),
                },
            },
        },
        "/cases/{reference}/caseworkers": {
            "parameters": [REFERENCE],
            "put": {
                "summary": "Who is assigned to the case (assigned caseworkers)",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("Caseworkers")}},
                },
                "responses": {"200": _json("CaseSummary", "assigned"), **_signed_in(403, 404, 415, 422)},
            },
        },
        "/cases/{reference}/sessions": {
            "parameters": [
                REFERENCE,
                _query("date", "the session's date, if the deck does not say", format="date"),
            ],
            "post": {
                "summary": "A filled CaseReflector deck as a new session (assigned caseworkers)",
                "requestBody": {
                    "required": True,
                    "content": {PPTX: {"schema": {"type": "string", "format": "binary"}}},
                },
                "responses": {
                    "201": _created("the session is added; the deck is kept beside the case"),
                    **_signed_in(400, 403, 404, 413, 415, 422),
                },
            },
        },
        "/documents": {
            "get": {
                "summary": "The document types this service serves",
                "responses": {"200": _json("Documents", "name -> media type"), **_signed_in()},
            }
        },
        "/cases/{reference}/documents/{document}": {
            "parameters": [
                REFERENCE,
                {"name": "document", "in": "path", "required": True, "schema": {"enum": document_types}},
                _query("audience", "who gets it; internal: assigned caseworkers only", required=True),
                _query("lang", "an EU language code [en]"),
                _query("on", "the export's day [today]", format="date"),
                _query("domain", "the pseudonym domain (one per conference)"),
                _query("selection", "cards: next | all", enum=["next", "all"]),
                _query("layout", "cards: single | a4-duplex"),
                _query("size", "cards: a6 | poker"),
                _query("second_lang", "cards: a second language"),
                _query("category", "cards: one category"),
            ],
            "get": {
                "summary": "A document for the case and an audience, through desistkit.share()",
                "responses": {
                    "200": {
                        "description": "the document, as an attachment named with the pseudonym",
                        "content": {"application/octet-stream": {}},
                    },
                    **_signed_in(400, 403, 404, 422),
                },
            },
        },
        "/cases/{reference}/exports": {
            "parameters": [REFERENCE],
            "get": {
                "summary": "The audit record of every export of the case, with who asked",
                "responses": {"200": _json("Exports", "the exports"), **_signed_in(404)},
            },
        },
        "/audit": {
            "get": {
                "summary": "The service's audit log (role auditor)",
                "responses": {"200": _json("AuditLog", "every event"), **_signed_in(403)},
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "desistkit case service (example)", "version": "1"},
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"token": []}],
        "paths": paths,
    }
