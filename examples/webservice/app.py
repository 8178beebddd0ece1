"""A small case service that embeds desistkit, as an organisation's case-management system would.

It stores case files in SQLite, validates uploads with desistkit's own checks (every problem with its
JSON path, HTTP 422), and serves documents for a case and an audience, each made through
``desistkit.share()`` with an audit record stored per export.

Configuration (never in code, never logged):

- ``DESISTKIT_PSEUDONYM_KEY_FILE``: a file holding the organisation's pseudonym key (hex or base64),
  e.g. a mounted secret; or ``DESISTKIT_PSEUDONYM_KEY``: the key itself, from a secret store.
- ``CASESERVICE_DATABASE``: the SQLite file [cases.sqlite3].

Run it:  ``flask --app examples/webservice/app.py run``  (see README.md beside this file).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request

import desistkit as dk
from desistkit.casefile import MAX_CASE_FILE_BYTES
from desistkit.export import Exporter, Takes, exporters
from desistkit.export.cards import next_factors
from desistkit.sharing import PseudonymKeyError

KEY_FILE_ENV = "DESISTKIT_PSEUDONYM_KEY_FILE"
KEY_ENV = "DESISTKIT_PSEUDONYM_KEY"
DATABASE_ENV = "CASESERVICE_DATABASE"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The service's URLs for two document types predate the registry's names; clients link to them.
URL_NAMES = {"deck": "reflector", "cards-pdf": "cards"}
# The options a client may set in the query: plain words. Templates and catalogues are the
# service's own (a template path from a query would read any file on the server).
QUERY_OPTIONS = ("second_lang", "layout", "size", "category")


def documents() -> dict[str, Exporter[Any]]:
    """The document types a client can ask for about one case, from desistkit's registry (an
    organisation's own included): those made from one shared case (not those for the caseworker's
    own use), and those that can be narrowed to the factors the case needs next (the cards)."""
    found = {}
    for name, kind in exporters().items():
        of_the_case = kind.takes is Takes.CASE and not kind.internal
        for_the_case = kind.takes is Takes.NOTHING and "factors" in kind.option_names
        if of_the_case or for_the_case:
            found[URL_NAMES.get(name, name)] = kind
    return found


DOCUMENTS = documents()


def _options(kind: Exporter[Any], shared: dk.SharedCase, query: Mapping[str, str]) -> Any:
    """The document's options: the service's catalogue, the query's words, and for the cards the
    factors the case needs next (or all with ?selection=all)."""
    catalogue = current_app.extensions["desistkit_catalogue"]
    given: dict[str, Any] = {name: query[name] for name in QUERY_OPTIONS if name in query}
    if "catalogue" in kind.option_names:
        given["catalogue"] = catalogue
    if "factors" in kind.option_names:
        selection = query.get("selection", "next")
        if selection not in ("next", "all"):
            raise QueryError("selection", "expected 'next' or 'all'")
        given["factors"] = (next_factors(shared, catalogue) or None) if selection == "next" else None
    try:
        return kind.make_options(**{k: v for k, v in given.items() if k in kind.option_names})
    except dk.OptionError as exc:
        raise QueryError(exc.option, f"expected {exc.expected}") from None


class QueryError(Exception):
    """A query parameter is missing or has a value the service cannot use."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.location, self.message = f"query.{name}", message


def read_key(config: Mapping[str, Any]) -> dk.PseudonymKey:
    """The pseudonym key from the configured file or environment; the service refuses to start without."""
    key_file = config.get(KEY_FILE_ENV) or os.environ.get(KEY_FILE_ENV)
    if key_file:
        return dk.PseudonymKey.from_text(Path(key_file).read_text("utf-8"))
    value = config.get(KEY_ENV) or os.environ.get(KEY_ENV)
    if value:
        return dk.PseudonymKey.from_text(value)
    raise RuntimeError(f"no pseudonym key configured: set {KEY_FILE_ENV} (a file) or {KEY_ENV}")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The service. ``config`` may name the database and the key file; the key itself never goes in code."""
    app = Flask(__name__)
    settings = dict(config or {})
    app.config["DATABASE"] = settings.get("DATABASE") or os.environ.get(DATABASE_ENV, "cases.sqlite3")
    app.config["MAX_CONTENT_LENGTH"] = MAX_CASE_FILE_BYTES  # larger uploads get 413 before parsing
    # Kept on the app object, not in app.config: Flask's config is easy to dump into logs or templates.
    app.extensions["desistkit_key"] = read_key(settings)
    app.extensions["desistkit_catalogue"] = dk.default_catalogue()
    app.extensions["desistkit_documents"] = documents()  # including those registered before
    _init_db(app.config["DATABASE"])
    app.teardown_appcontext(_close_db)
    app.register_error_handler(dk.ValidationError, _validation_error)
    app.register_error_handler(dk.DesistkitError, _desistkit_error)
    app.register_error_handler(QueryError, _query_error)
    _routes(app)
    return app


# --- storage --------------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    reference TEXT PRIMARY KEY,
    case_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL REFERENCES cases(reference),
    document TEXT NOT NULL,
    audience TEXT NOT NULL,
    lang TEXT NOT NULL,
    created_at TEXT NOT NULL,
    audit_json TEXT NOT NULL
);
"""


def _init_db(path: str) -> None:
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)


def _db() -> sqlite3.Connection:
    if "db" not in g:  # one connection per request: sqlite3 connections are not shared across threads
        g.db = sqlite3.connect(current_app.config["DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db  # type: ignore[no-any-return]


def _close_db(_: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def _load(reference: str) -> dk.Case | None:
    row = _db().execute("SELECT case_json FROM cases WHERE reference = ?", (reference,)).fetchone()
    catalogue = current_app.extensions["desistkit_catalogue"]
    return dk.loads_case(row["case_json"], catalogue=catalogue, source=reference) if row else None


# --- errors as JSON -------------------------------------------------------------------------------


def _problems(items: list[tuple[str, str]], status: int) -> tuple[Response, int]:
    return jsonify({"errors": [{"location": loc, "message": msg} for loc, msg in items]}), status


def _validation_error(exc: dk.ValidationError) -> tuple[Response, int]:
    # desistkit's messages never repeat free text or the client's data: safe to return and to log.
    return _problems([(p.location, p.message) for p in exc.problems], 422)


def _desistkit_error(exc: dk.DesistkitError) -> tuple[Response, int]:
    """Any other error desistkit raises on purpose (e.g. a case that cannot be shared as asked)."""
    return _problems([("", str(exc))], 422)


def _query_error(exc: QueryError) -> tuple[Response, int]:
    return _problems([(exc.location, exc.message)], 400)


def _not_found(what: str) -> tuple[Response, int]:
    return _problems([("", f"no such {what}")], 404)


def _localizer(lang: str, name: str = "lang") -> dk.Localizer:
    try:
        return dk.get_localizer(lang)
    except dk.UnknownLanguageError as exc:
        raise QueryError(name, str(exc)) from None


# --- routes ---------------------------------------------------------------------------------------


def _parse_upload() -> dk.Case:
    """The request body as a case, checked completely (CaseFileError -> 422 with every problem)."""
    catalogue = current_app.extensions["desistkit_catalogue"]
    return dk.loads_case(request.get_data(cache=False), catalogue=catalogue, source="request body")


def _store(case: dk.Case, *, replace: bool) -> tuple[Response, int]:
    db = _db()
    exists = db.execute("SELECT 1 FROM cases WHERE reference = ?", (case.reference,)).fetchone()
    if exists and not replace:
        return _problems([("reference", "a case with this reference exists; PUT /cases/<reference>")], 409)
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with db:
        db.execute(
            "INSERT INTO cases (reference, case_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(reference) "
            "DO UPDATE SET case_json = excluded.case_json, updated_at = excluded.updated_at",
            (case.reference, dk.dumps_case(case), now),
        )
    return jsonify({"reference": case.reference, "sessions": len(case.sessions)}), 200 if exists else 201


def _routes(app: Flask) -> None:
    @app.post("/validate")
    def validate() -> Any:
        """Check a case file without storing it: 200 when valid, 422 with every problem otherwise."""
        case = _parse_upload()
        return {"valid": True, "reference": case.reference}

    @app.post("/cases")
    def create_case() -> Any:
        """Store a new case (201); 409 when the reference exists."""
        return _store(_parse_upload(), replace=False)

    @app.put("/cases/<reference>")
    def put_case(reference: str) -> Any:
        """Store or replace the case with this reference."""
        case = _parse_upload()
        if case.reference != reference:
            return _problems([("reference", "the case file's reference differs from the URL")], 422)
        return _store(case, replace=True)

    @app.get("/cases")
    def list_cases() -> Any:
        rows = _db().execute("SELECT reference, updated_at FROM cases ORDER BY reference").fetchall()
        return {"cases": [dict(row) for row in rows]}

    @app.get("/documents")
    def list_documents() -> Any:
        served = current_app.extensions["desistkit_documents"]
        return {"documents": {name: kind.media_type for name, kind in served.items()}}

    @app.get("/cases/<reference>/documents/<document>")
    def document(reference: str, document: str) -> Any:
        """A document for a case and an audience: ?audience=case-conference&lang=de[&on=&domain=]."""
        kind = current_app.extensions["desistkit_documents"].get(document)
        if kind is None:
            return _not_found("document type")
        case = _load(reference)
        if case is None:
            return _not_found("case")
        audience = request.args.get("audience")
        if not audience:
            raise QueryError("audience", "expected an audience, e.g. case-conference")
        localizer = _localizer(request.args.get("lang", "en"))
        try:
            on = dt.date.fromisoformat(request.args["on"]) if "on" in request.args else dt.date.today()
        except ValueError:
            raise QueryError("on", "expected a date as YYYY-MM-DD") from None
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        try:
            shared = dk.share(case, audience, on=on, key=current_app.extensions["desistkit_key"],
                              domain=request.args.get("domain"), now=now)  # fmt: skip
        except dk.UnknownAudienceError as exc:
            raise QueryError("audience", str(exc)) from None
        except PseudonymKeyError as exc:  # an unusable domain; the message never holds the key
            raise QueryError("domain", str(exc)) from None
        options = _options(kind, shared, request.args)
        data = kind.render(shared if kind.takes is Takes.CASE else None, localizer, options)
        audit = shared.audit.to_json()
        with _db() as db:
            db.execute(
                "INSERT INTO exports (reference, document, audience, lang, created_at, audit_json) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (case.reference, document, audience, localizer.language, now.isoformat(), audit),
            )
        # The file name carries what the audience may see: the pseudonym, never the real reference.
        filename = f"{document}-{shared.case.reference}-{localizer.language}{kind.suffix}"
        disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return Response(data, mimetype=kind.media_type, headers=disposition)

    @app.get("/cases/<reference>/exports")
    def exports(reference: str) -> Any:
        """The audit records of every export of a case: what went to whom, never the values."""
        columns = ("id", "document", "audience", "lang", "created_at")
        query = f"SELECT {', '.join(columns)}, audit_json FROM exports WHERE reference = ? ORDER BY id"
        rows = _db().execute(query, (reference,)).fetchall()
        records = [{**{c: r[c] for c in columns}, "audit": json.loads(r["audit_json"])} for r in rows]
        return {"exports": records}
