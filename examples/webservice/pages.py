"""Pages for caseworkers: sign in, upload a case or a filled deck, preview what goes out, download.

Server-rendered HTML (Jinja templates in ``templates/``), no JavaScript: every action is a plain form.
Every form post carries a CSRF token bound to the session. The pages sign in with the same API token
(kept in the signed session cookie as its hash), or through the host's ``authenticate`` function
when single sign-on is wired in. The JSON API never accepts the session cookie.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from babel import Locale
from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

import desistkit as dk
from desistkit.sharing import default_policy

from .auth import User
from .service import INTERNAL, QueryError, Request, current_user, day, make_document, preview, service
from .store import Store

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

blueprint = Blueprint("pages", __name__, template_folder="templates")


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


@blueprint.app_context_processor
def _template_values() -> dict[str, Any]:
    return {"csrf_token": _csrf_token}


@blueprint.before_request
def _check_csrf() -> None:
    if request.method == "POST":
        sent = request.form.get("csrf_token", "")
        if not sent or not hmac.compare_digest(sent, str(session.get("csrf", ""))):
            abort(400, "the form has expired or did not come from this site; reload the page and try again")


def _user() -> User | None:
    user = current_user()
    if user is None and "token_sha256" in session:
        user = service()["tokens"].find_digest(str(session["token_sha256"]))
    return user  # type: ignore[no-any-return]


def _signed_in() -> User:
    user = _user()
    if user is None:
        abort(redirect(url_for("pages.login", next=request.path)))
    return user


def error_page(exc: HTTPException | QueryError) -> tuple[str, int]:
    if isinstance(exc, QueryError):
        return render_template("error.html", status=400, message=f"{exc.location}: {exc.message}"), 400
    if isinstance(exc.response, Response):  # a redirect to the sign-in page
        return exc.response  # type: ignore[return-value]
    return render_template("error.html", status=exc.code, message=exc.description), exc.code or 500


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error = None
    if request.method == "POST":
        token = request.form.get("token", "").strip()
        user = service()["tokens"].find(token) if token else None
        if user is not None:
            from .auth import hash_token

            session.clear()
            session["token_sha256"] = hash_token(token)
            target = request.args.get("next", "")
            # Only a path of this site: an open redirect would let a link send people elsewhere.
            safe = target.startswith("/app/") and not target.startswith("//")
            return redirect(target if safe else url_for("pages.index"))
        error = "That token is not valid. Ask your administrator for a new one."
    return render_template("login.html", error=error), 401 if error else 200


@blueprint.post("/logout")
def logout() -> Any:
    session.clear()
    return redirect(url_for("pages.login"))


@blueprint.get("/")
def index() -> Any:
    user = _signed_in()
    store: Store = service()["store"]
    with store.connect() as db:
        cases = store.cases(db)
    mine = [c for c in cases if user.id in c["caseworkers"]]
    return render_template("index.html", user=user, cases=cases, mine=mine, problems=None)


@blueprint.post("/upload")
def upload() -> Any:
    """A case file (JSON) becomes a new case; a filled deck (.pptx) a new session of a chosen case."""
    user = _signed_in()
    sent = request.files.get("document")
    data = sent.read() if sent else b""
    if not data:
        return _upload_problems(user, [("document", "choose a case file (.json) or a filled deck (.pptx)")])
    store: Store = service()["store"]
    catalogue = service()["catalogue"]
    with store.connect() as db:
        try:
            if data[:2] == b"PK":  # an Office package; desistkit's gate checks what it really is
                reference = request.form.get("case", "")
                row = store.case(db, reference)
                if row is None:
                    return _upload_problems(user, [("case", "choose the case this deck belongs to")])
                if user.id not in store.caseworkers(db, row.id):
                    abort(403, "adding a session is for the caseworkers assigned to this case")
                from desistkit.importing import read_document

                given = day(request.form, "date", "form")
                options = {"date": given} if given else {}
                base = dk.loads_case(row.case_json, catalogue=catalogue, source="stored case")
                case = read_document(data, catalogue=catalogue, base=base, **options)
                store.add_file(db, row.id, data, ".pptx", PPTX, user.id)
            else:
                if "caseworker" not in user.roles:
                    abort(403, "creating a case needs the role 'caseworker'")
                # Not the file's name as source: people name files after their clients.
                case = dk.loads_case(data, catalogue=catalogue, source="upload")
                if store.case(db, case.reference):
                    return _upload_problems(user, [("reference", "a case with this reference exists")], 409)
        except dk.ValidationError as exc:
            return _upload_problems(user, [(p.location, p.message) for p in exc.problems])
        except dk.DesistkitError as exc:
            return _upload_problems(user, [("", str(exc))])
        except QueryError as exc:
            return _upload_problems(user, [(exc.location, exc.message)])
        store.put(db, case.reference, dk.dumps_case(case), user.id)
    return redirect(url_for("pages.case", reference=case.reference), 303)


def _upload_problems(user: User, problems: list[tuple[str, str]], status: int = 422) -> Any:
    store: Store = service()["store"]
    with store.connect() as db:
        cases = store.cases(db)
    mine = [c for c in cases if user.id in c["caseworkers"]]
    page = render_template("index.html", user=user, cases=cases, mine=mine, problems=problems)
    return page, status


def _languages() -> list[tuple[str, str]]:
    return [(code, Locale.parse(code).get_display_name(code) or code) for code in dk.EU_LANGUAGES]


@blueprint.get("/cases/<reference>")
def case(reference: str) -> Any:
    """The case's page: choose audience and language, see the share preview, download documents."""
    user = _signed_in()
    store: Store = service()["store"]
    with store.connect() as db:
        row = store.case(db, reference) or abort(404, "no such case")
        assigned = user.id in store.caseworkers(db, row.id)
    audiences = [a for a in default_policy().audiences if assigned or a != INTERNAL]
    lines = None
    asked = None
    if request.args.get("audience"):
        asked = Request.parse(request.args, "form")
        if asked.audience == INTERNAL and not assigned:
            abort(403, "the internal audience is for the caseworkers assigned to this case")
        loaded = dk.loads_case(row.case_json, catalogue=service()["catalogue"], source="stored case")
        lines = preview(loaded, asked, service()["key"], where="form")
    return render_template("case.html", user=user, reference=reference, audiences=audiences,
                           languages=_languages(), asked=asked, preview=_sections(lines or []),
                           documents=sorted(service()["documents"]), assigned=assigned)  # fmt: skip


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The preview's lines as (heading, items): a line ending in ':' starts a section."""
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line.strip():
            continue
        if not line.startswith(" ") and line.endswith(":"):
            sections.append((line[:-1], []))
        elif sections and line.startswith(" "):
            sections[-1][1].append(line.strip())
        else:
            sections.append(("", [line]))
    return sections


@blueprint.post("/cases/<reference>/documents/<document>")
def download(reference: str, document: str) -> Any:
    """One document, for the audience and language chosen on the case's page (a form post: a
    download is a disclosure, recorded with the user, and must not be triggered by another site)."""
    user = _signed_in()
    kind = service()["documents"].get(document) or abort(404, "no such document type")
    store: Store = service()["store"]
    with store.connect() as db:
        row = store.case(db, reference) or abort(404, "no such case")
        asked = Request.parse(request.form, "form")
        if asked.audience == INTERNAL and user.id not in store.caseworkers(db, row.id):
            abort(403, "the internal audience is for the caseworkers assigned to this case")
        loaded = dk.loads_case(row.case_json, catalogue=service()["catalogue"], source="stored case")
        made = make_document(loaded, document, kind, asked, {}, key=service()["key"],
                             catalogue=service()["catalogue"])  # fmt: skip
        store.record_export(db, row.id, user.id, document=document, audience=asked.audience,
                            lang=asked.lang.language, created_at=made.created_at,
                            audit_json=made.audit_json)  # fmt: skip
    disposition = {"Content-Disposition": f'attachment; filename="{made.filename}"'}
    return Response(made.data, mimetype=made.media_type, headers=disposition)
