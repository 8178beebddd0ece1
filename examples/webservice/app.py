"""A case service that embeds desistkit, as an organisation's case-management system would.

It stores case files in SQLite, validates uploads with desistkit's own checks (every problem with its
JSON path, HTTP 422), and serves documents for a case and an audience, each made through
``desistkit.share()`` with an audit record naming the user who asked. Every request is signed in
(``auth.py``: API tokens, or the host's single sign-on through one function); caseworkers have pages
of their own under ``/app/`` (``pages.py``); ``/openapi.json`` describes the API (``openapi.py``).

Configuration (environment variables, or the same names in ``create_app(config)``); every path has a
default inside one folder, so ``flask run`` works on a developer's machine as it is:

- ``CASESERVICE_HOME``: the service's folder [``instance/`` beside this file];
- ``CASESERVICE_DATABASE`` [HOME/cases.sqlite3], ``CASESERVICE_FILES`` [HOME/files],
  ``CASESERVICE_TOKENS`` [HOME/tokens.toml: hashed API tokens, see ``flask add-token``];
- ``DESISTKIT_PSEUDONYM_KEY_FILE`` (a file holding the pseudonym key, e.g. a mounted secret) or
  ``DESISTKIT_PSEUDONYM_KEY`` (the key itself, from a secret store) [HOME/pseudonym.key if it exists];
- ``CASESERVICE_RETENTION``: the organisation's retention policy [HOME/retention.toml], applied
  nightly by ``flask retention --apply``;
- ``CASESERVICE_SESSION_KEY_FILE``: signs the pages' session cookie [HOME/session.key, made once].

Run it:  ``flask --app examples/webservice/app.py run``  (see README.md beside this file).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for
from flask.cli import with_appcontext
from werkzeug.exceptions import HTTPException

import desistkit as dk
from desistkit.casefile import MAX_CASE_FILE_BYTES

from . import openapi, pages
from .auth import ROLES, Authenticate, TokenStore, User
from .service import INTERNAL, QueryError, Request, current_user, day, documents, make_document, service
from .store import CaseRow, Store

KEY_FILE_ENV = "DESISTKIT_PSEUDONYM_KEY_FILE"
KEY_ENV = "DESISTKIT_PSEUDONYM_KEY"
HOME_ENV = "CASESERVICE_HOME"
RETENTION_ENV = "CASESERVICE_RETENTION"
DATABASE_ENV = "CASESERVICE_DATABASE"
FILES_ENV = "CASESERVICE_FILES"
TOKENS_ENV = "CASESERVICE_TOKENS"
SESSION_KEY_ENV = "CASESERVICE_SESSION_KEY_FILE"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

DOCUMENTS = documents()


def _setting(settings: Mapping[str, Any], name: str, default: Path) -> Path:
    value = settings.get(name) or os.environ.get(name)
    return Path(value) if value else default


def read_key(settings: Mapping[str, Any], home: Path) -> dk.PseudonymKey:
    """The pseudonym key from the configured file or environment; the service refuses to start without."""
    key_file = settings.get(KEY_FILE_ENV) or os.environ.get(KEY_FILE_ENV)
    if key_file:
        return dk.PseudonymKey.from_text(Path(key_file).read_text("utf-8"))
    value = settings.get(KEY_ENV) or os.environ.get(KEY_ENV)
    if value:
        return dk.PseudonymKey.from_text(value)
    if (home / "pseudonym.key").is_file():
        return dk.PseudonymKey.from_text((home / "pseudonym.key").read_text("utf-8"))
    raise RuntimeError(
        f"no pseudonym key configured: set {KEY_FILE_ENV} (a file) or {KEY_ENV}, or put one in "
        f"{home / 'pseudonym.key'}: python -c 'import secrets; print(secrets.token_hex(32))'"
    )


def _session_key(path: Path) -> bytes:
    """The key that signs the pages' session cookie: made once, readable by the service only."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text("ascii").strip())


_CASE_IN_PATH = re.compile(r"(/cases/)[^/?\s\"]+")


class _NoCaseReferences(logging.Filter):
    """Access-log lines (werkzeug's, or a server's that logs the request line) name the case by
    ``<case>``: a reference in a URL is an identifier, and logs are kept and read more widely."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _CASE_IN_PATH.sub(r"\1<case>", a) if isinstance(a, str) else a for a in record.args
            )
        record.msg = _CASE_IN_PATH.sub(r"\1<case>", str(record.msg))
        return True


def create_app(config: Mapping[str, Any] | None = None, *, authenticate: Authenticate | None = None) -> Flask:
    """The service.

    ``config`` may set any of the names in the module docstring (the key itself never goes in code),
    and ``MAX_CONTENT_LENGTH``. ``authenticate(request) -> User | None`` says who sent a request;
    by default the API tokens of ``CASESERVICE_TOKENS``. Pass your single sign-on's instead.
    """
    settings = dict(config or {})
    home = _setting(settings, HOME_ENV, Path(__file__).resolve().parent / "instance")
    app = Flask(__name__)
    tokens = TokenStore(_setting(settings, TOKENS_ENV, home / "tokens.toml"))
    app.extensions["caseservice"] = {
        # Kept on the app object, not in app.config: Flask's config is easy to dump into logs or templates.
        "key": read_key(settings, home),
        "catalogue": dk.default_catalogue(),
        "documents": documents(),  # including those registered before
        "store": Store(
            _setting(settings, DATABASE_ENV, home / "cases.sqlite3"),
            _setting(settings, FILES_ENV, home / "files"),
        ),
        "tokens": tokens,
        "retention": _setting(settings, RETENTION_ENV, home / "retention.toml"),
        "authenticate": authenticate or tokens,
    }
    app.config["MAX_CONTENT_LENGTH"] = settings.get("MAX_CONTENT_LENGTH", MAX_CASE_FILE_BYTES)
    app.secret_key = _session_key(_setting(settings, SESSION_KEY_ENV, home / "session.key"))
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.register_blueprint(api)
    app.register_blueprint(pages.blueprint, url_prefix="/app")
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(dk.ValidationError, _validation_error)
    app.register_error_handler(dk.DesistkitError, _desistkit_error)
    app.register_error_handler(QueryError, _query_error)
    app.cli.add_command(add_token)
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _NoCaseReferences) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(_NoCaseReferences())
    app.cli.add_command(retention_command)
    return app


# --- errors: JSON for every one of them (the pages render their own) ---------------------------------


def problems(items: list[tuple[str, str]], status: int, **headers: str) -> Response:
    response = jsonify({"errors": [{"location": loc, "message": msg} for loc, msg in items]})
    response.status_code = status
    response.headers.update(headers)
    return response


def _is_page() -> bool:
    return request.blueprint == pages.blueprint.name or request.path.startswith("/app/")


def _http_error(exc: HTTPException) -> Any:
    if _is_page():
        return pages.error_page(exc)
    ours = {
        404: "no such resource",
        405: f"method not allowed here; allowed: {', '.join(getattr(exc, 'valid_methods', None) or [])}",
        413: f"the request body is larger than {current_app.config['MAX_CONTENT_LENGTH']} bytes",
        500: "the service failed; nothing was changed (the service's log has the details)",
    }
    # Werkzeug's own descriptions are HTML-minded prose; ours say what to do. A Refused has its own.
    message = exc.description if isinstance(exc, Refused) else ours.get(exc.code or 500, exc.name)
    headers = dict(exc.get_headers())
    headers.pop("Content-Type", None)
    return problems([("", message or exc.name)], exc.code or 500, **headers)


def _validation_error(exc: dk.ValidationError) -> Any:
    # desistkit's messages never repeat free text or the client's data: safe to return and to log.
    return problems([(p.location, p.message) for p in exc.problems], 422)


def _desistkit_error(exc: dk.DesistkitError) -> Any:
    """Any other error desistkit raises on purpose (e.g. a case that cannot be shared as asked)."""
    return problems([("", str(exc))], 422)


def _query_error(exc: QueryError) -> Any:
    if _is_page():
        return pages.error_page(exc)
    return problems([(exc.location, exc.message)], 400)


class Refused(HTTPException):
    """401/403/404/409/415 with a message naming what was expected; rendered by ``_http_error``."""

    def __init__(self, code: int, message: str, **headers: str) -> None:
        super().__init__(message)
        self.code, self._headers = code, headers

    def get_headers(self, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
        return list(self._headers.items())


# --- who asks, and may they ------------------------------------------------------------------------


def _signed_in() -> User:
    user: User | None = current_user()
    if user is None:
        raise Refused(401, "sign in: send Authorization: Bearer <token>", **{
            "WWW-Authenticate": 'Bearer realm="caseservice"'})  # fmt: skip
    return user


def _require_role(user: User, role: str) -> None:
    if role not in user.roles:
        raise Refused(403, f"needs the role {role!r}")


def _require_assigned(store: Store, db: Any, case: CaseRow, user: User, what: str) -> None:
    if user.id not in store.caseworkers(db, case.id):
        raise Refused(403, f"{what} is for the caseworkers assigned to this case")


def _case_or_404(store: Store, db: Any, reference: str) -> CaseRow:
    case = store.case(db, reference)
    if case is None:
        raise Refused(404, "no such case")
    return case


def _require_body(*media_types: str) -> bytes:
    """The request body, if it has one of these content types; else 415 saying what to send."""
    if request.mimetype in media_types:
        return request.get_data(cache=False)
    expected = " or ".join(media_types)
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        message = (f"a form upload is not taken here: send the file itself as the request body with "
                   f"Content-Type: {expected}, or use the caseworkers' page at /app/")  # fmt: skip
    else:
        message = f"expected Content-Type: {expected}, got {request.mimetype or 'none'}"
    raise Refused(415, message, Accept=", ".join(media_types))


# --- the API ----------------------------------------------------------------------------------------

api = Blueprint("api", __name__)


@api.before_request
def _sign_in() -> None:
    if request.endpoint != "api.openapi_document":
        _signed_in()


def _parse_case(data: bytes) -> dk.Case:
    """A case file, checked completely (CaseFileError -> 422 with every problem)."""
    return dk.loads_case(data, catalogue=service()["catalogue"], source="request body")


def _summary(store: Store, db: Any, case: CaseRow) -> dict[str, Any]:
    loaded = dk.loads_case(case.case_json, catalogue=service()["catalogue"], source="stored case")
    return {
        "reference": case.reference,
        "updated_at": case.updated_at,
        "sessions": len(loaded.sessions),
        "caseworkers": store.caseworkers(db, case.id),
    }


def _created(store: Store, db: Any, reference: str, status: int) -> Response:
    response = jsonify(_summary(store, db, _case_or_404(store, db, reference)))
    response.status_code = status
    if status == 201:
        response.headers["Location"] = url_for("api.get_case", reference=reference)
    return response


@api.get("/openapi.json")
def openapi_document() -> Any:
    """This API, described for client generators and for the test that keeps it honest."""
    return openapi.document(sorted(service()["documents"]))


@api.post("/validate")
def validate() -> Any:
    """Check a case file without storing it: 200 when valid, 422 with every problem otherwise."""
    case = _parse_case(_require_body("application/json"))
    return {"valid": True, "reference": case.reference}


@api.get("/cases")
def list_cases() -> Any:
    store: Store = service()["store"]
    with store.connect() as db:
        cases = [{k: c[k] for k in ("reference", "updated_at", "caseworkers")} for c in store.cases(db)]
    return {"cases": cases}


@api.post("/cases")
def create_case() -> Any:
    """Store a new case (201, Location); 409 when the reference exists. The creator is assigned."""
    user = _signed_in()
    _require_role(user, "caseworker")
    case = _parse_case(_require_body("application/json"))
    store: Store = service()["store"]
    with store.connect() as db:
        if store.case(db, case.reference):
            raise Refused(409, "a case with this reference exists; PUT /cases/<reference> replaces it")
        store.put(db, case.reference, dk.dumps_case(case), user.id)
        return _created(store, db, case.reference, 201)


@api.get("/cases/<reference>")
def get_case(reference: str) -> Any:
    """What the service holds about a case (not its content: that is the internal audience's)."""
    store: Store = service()["store"]
    with store.connect() as db:
        return _summary(store, db, _case_or_404(store, db, reference))


@api.put("/cases/<reference>")
def put_case(reference: str) -> Any:
    """Replace a case (its assigned caseworkers), or store a new one under this reference (201)."""
    user = _signed_in()
    case = _parse_case(_require_body("application/json"))
    if case.reference != reference:
        return problems([("reference", "the case file's reference differs from the URL")], 422)
    store: Store = service()["store"]
    with store.connect() as db:
        existing = store.case(db, reference)
        if existing:
            _require_assigned(store, db, existing, user, "replacing a case")
        else:
            _require_role(user, "caseworker")
        store.put(db, reference, dk.dumps_case(case), user.id)
        return _created(store, db, reference, 200 if existing else 201)


@api.delete("/cases/<reference>")
def delete_case(reference: str) -> Any:
    """Erase a case with everything stored about it, all or nothing; the audit log keeps one line."""
    user = _signed_in()
    store: Store = service()["store"]
    with store.connect() as db:
        case = _case_or_404(store, db, reference)
        _require_assigned(store, db, case, user, "erasing a case")
        counts = store.erase(db, case, user.id, reason="request")
    return {"erased": True, **counts}


@api.put("/cases/<reference>/caseworkers")
def assign(reference: str) -> Any:
    """Who is assigned to the case: ``{"caseworkers": ["cw-0017", ...]}`` replaces the list."""
    user = _signed_in()
    body = _require_body("application/json")
    data = _json(body)
    users = data.get("caseworkers") if isinstance(data, dict) else None
    if not isinstance(users, list) or not users or not all(isinstance(u, str) for u in users):
        return problems([("caseworkers", "expected a non-empty list of user ids")], 422)
    for n, user_id in enumerate(users):
        try:
            User(user_id)
        except ValueError as exc:
            return problems([(f"caseworkers[{n}]", str(exc))], 422)
    store: Store = service()["store"]
    with store.connect() as db:
        case = _case_or_404(store, db, reference)
        _require_assigned(store, db, case, user, "assigning caseworkers")
        store.assign(db, case.id, sorted(set(users)), user.id)
        return _summary(store, db, case)


def _json(body: bytes) -> Any:
    import json

    try:
        return json.loads(body)
    except ValueError as exc:
        raise Refused(422, f"not JSON: {exc}") from None


@api.post("/cases/<reference>/sessions")
def add_session(reference: str) -> Any:
    """A filled CaseReflector deck (.pptx) as a new session of the case (?date=YYYY-MM-DD if the deck
    does not say); the deck is kept beside the case as it came."""
    from desistkit.importing import read_document

    user = _signed_in()
    data = _require_body(PPTX)
    store: Store = service()["store"]
    with store.connect() as db:
        row = _case_or_404(store, db, reference)
        _require_assigned(store, db, row, user, "adding a session")
        given = day(request.args, "date")
        options = {"date": given} if given else {}
        base = dk.loads_case(row.case_json, catalogue=service()["catalogue"], source="stored case")
        case = read_document(data, catalogue=service()["catalogue"], base=base, **options)
        store.add_file(db, row.id, data, ".pptx", PPTX, user.id)
        store.put(db, reference, dk.dumps_case(case), user.id)
        return _created(store, db, reference, 201)


@api.get("/documents")
def list_documents() -> Any:
    served = service()["documents"]
    return {"documents": {name: kind.media_type for name, kind in served.items()}}


@api.get("/cases/<reference>/documents/<document>")
def document(reference: str, document: str) -> Any:
    """A document for a case and an audience: ?audience=case-conference&lang=de[&on=&domain=]."""
    user = _signed_in()
    kind = service()["documents"].get(document)
    if kind is None:
        raise Refused(404, "no such document type; GET /documents lists them")
    store: Store = service()["store"]
    with store.connect() as db:
        row = _case_or_404(store, db, reference)
        asked = Request.parse(request.args)
        if asked.audience == INTERNAL:
            _require_assigned(store, db, row, user, "the internal audience")
        case = dk.loads_case(row.case_json, catalogue=service()["catalogue"], source="stored case")
        made = make_document(case, document, kind, asked, request.args, key=service()["key"],
                             catalogue=service()["catalogue"])  # fmt: skip
        store.record_export(db, row.id, user.id, document=document, audience=asked.audience,
                            lang=asked.lang.language, created_at=made.created_at,
                            audit_json=made.audit_json)  # fmt: skip
    disposition = {"Content-Disposition": f'attachment; filename="{made.filename}"'}
    return Response(made.data, mimetype=made.media_type, headers=disposition)


@api.get("/cases/<reference>/exports")
def exports(reference: str) -> Any:
    """The audit records of every export of a case: who asked, what went to whom, never the values."""
    store: Store = service()["store"]
    with store.connect() as db:
        return {"exports": store.exports(db, _case_or_404(store, db, reference).id)}


@api.get("/audit")
def audit_log() -> Any:
    """The service's audit log (cases created, replaced, assigned, erased): for the role auditor."""
    _require_role(_signed_in(), "auditor")
    store: Store = service()["store"]
    with store.connect() as db:
        return {"events": store.audit_log(db)}


# --- the nightly retention job ---------------------------------------------------------------------
# Run by cron or a systemd timer once a night, not by a request:  flask retention --apply
# The organisation's policy (retention.toml, see desistkit's docs/data-protection.md) is read from
# CASESERVICE_RETENTION [HOME/retention.toml]. Each stored case is treated by
# desistkit.retention.apply: a case whose whole file is due is erased like DELETE /cases/<reference>
# (all or nothing, logged); otherwise what is due (the client record, the notes) is dropped from the
# stored case and the audit log gets desistkit's line, which names no person.


@click.command("retention")
@with_appcontext
@click.option("--apply", "apply_", is_flag=True, help="Drop what is due; without it, only report.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="The day to apply (default: today).")
def retention_command(apply_: bool, today: dt.datetime | None) -> None:
    """Report (or with --apply, drop) what the retention policy says is due, case by case."""
    from desistkit import retention

    settings = current_app.extensions["caseservice"]
    path: Path = settings["retention"]
    try:
        policy = retention.parse_retention(path.read_text("utf-8"), source=str(path))
    except FileNotFoundError:
        raise click.ClickException(f"no retention policy at {path} (set {RETENTION_ENV})") from None
    except dk.DesistkitError as exc:
        raise click.ClickException(str(exc)) from None
    on_day = today.date() if today else dt.date.today()
    store: Store = settings["store"]
    with store.connect() as db:
        for listed in store.cases(db):
            row = store.case(db, listed["reference"])
            if row is None:
                continue
            case = dk.loads_case(row.case_json, catalogue=settings["catalogue"], source="stored case")
            due = retention.due(case, policy, on_day)
            if not due:
                continue
            items = ", ".join(f"{d.item} (due since {d.since.isoformat()})" for d in due)
            click.echo(f"case #{row.id}: {items}" + ("" if apply_ else " [dry run]"))
            if not apply_:
                continue
            treated = retention.apply(case, policy, on_day)
            if treated.case is None:
                store.erase(db, row, actor="retention", reason="retention")
            else:
                store.replace(db, row, dk.dumps_case(treated.case), actor="retention", line=treated.line)


@click.command("add-token")
@with_appcontext
@click.option("--user", "user_id", required=True, help="The user's id (an id, not a name).")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), help="Repeat for several.")
def add_token(user_id: str, roles: tuple[str, ...]) -> None:
    """Make an API token for a user; only its hash is stored. Prints the token once."""
    try:
        user = User(user_id, frozenset(roles))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--user/--role") from None
    tokens: TokenStore = current_app.extensions["caseservice"]["tokens"]
    click.echo(tokens.add(user))
    click.echo(f"(its hash is in {tokens.path}; the token itself is not kept anywhere)", err=True)
