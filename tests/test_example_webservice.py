"""The web service example (examples/webservice), end to end through Flask's test client.

Every API answer in these tests is checked against the service's own OpenAPI document
(``caseservice.CheckedClient``)."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pdfplumber
import pytest
from openapi_spec_validator import validate as validate_openapi

import desistkit as dk
from caseservice import USERS, User, client_as, make_app, openapi_document, service_module
from conftest import BAD, EXAMPLES, convert_to_pdf
from desistkit.export.cards import cards_pdf, next_factors
from desistkit.sharing import KnownIdentifiers

ON = "2025-11-30"
JSON = "application/json"
PPTX = service_module.PPTX


@pytest.fixture
def key_hex() -> str:
    return dk.PseudonymKey.generate().hex()


@pytest.fixture
def service(tmp_path: Path, key_hex: str) -> tuple[Any, dict[str, str]]:
    return make_app(tmp_path / "home", key_hex)


@pytest.fixture
def client(service: tuple[Any, dict[str, str]]) -> Any:
    """Signed in as cw-0017, a caseworker."""
    app, tokens = service
    return client_as(app, tokens["cw-0017"])


def _as(service: tuple[Any, dict[str, str]], user: str) -> Any:
    app, tokens = service
    return client_as(app, tokens[user])


def _upload(client: Any, path: Path) -> dk.Case:
    response = client.post("/cases", data=path.read_bytes(), content_type=JSON)
    assert response.status_code == 201, response.get_json()
    return dk.load_case(path)


def _document(client: Any, reference: str, document: str, **query: str) -> Any:
    response = client.get(f"/cases/{reference}/documents/{document}", query_string={"on": ON, **query})
    assert response.status_code == 200, response.get_json()
    return response


def _identifiers(case: dk.Case) -> list[str]:
    values = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
    return [*values, case.reference]


# --- cases in and out -------------------------------------------------------------------------------


def test_upload_validate_store_and_replace(client: Any) -> None:
    """A valid case validates, is stored once (201 with its Location, then 409), is listed with its
    caseworker, and is replaced by PUT."""
    body = EXAMPLES[0].read_bytes()
    reference = dk.load_case(EXAMPLES[0]).reference
    validated = client.post("/validate", data=body, content_type=JSON)
    assert validated.get_json() == {"valid": True, "reference": reference}
    assert client.get("/cases").get_json()["cases"] == []  # validating stores nothing
    created = client.post("/cases", data=body, content_type=JSON)
    assert created.status_code == 201
    assert created.headers["Location"] == f"/cases/{reference}"
    assert client.get(created.headers["Location"]).get_json()["caseworkers"] == ["cw-0017"]
    assert client.post("/cases", data=body, content_type=JSON).status_code == 409
    listed = client.get("/cases").get_json()["cases"]
    assert [(c["reference"], c["caseworkers"]) for c in listed] == [(reference, ["cw-0017"])]
    assert client.put(f"/cases/{reference}", data=body, content_type=JSON).status_code == 200
    mismatch = client.put("/cases/OTHER-1", data=body, content_type=JSON)
    assert mismatch.status_code == 422
    assert mismatch.get_json()["errors"][0]["location"] == "reference"


@pytest.mark.parametrize("path", sorted(BAD.glob("*.json")), ids=lambda p: p.name)
def test_invalid_case_gets_422_with_every_problem_and_its_path(client: Any, path: Path) -> None:
    """The service returns exactly the problems desistkit finds, with their JSON paths, and stores nothing."""
    with pytest.raises(dk.CaseFileError) as expected:
        dk.load_case(path)
    response = client.post("/cases", data=path.read_bytes(), content_type=JSON)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors == [{"location": p.location, "message": p.message} for p in expected.value.problems]
    assert client.get("/cases").get_json()["cases"] == []


def test_malformed_json_is_422_with_line_and_column(client: Any) -> None:
    """A truncated upload is a 422 naming where the JSON breaks, not a server error."""
    response = client.post("/validate", data=b'{"format_version": 1, "reference": ', content_type=JSON)
    assert response.status_code == 422
    assert re.search(r"line \d+", json.dumps(response.get_json()))


def test_a_filled_deck_becomes_a_new_session_and_is_kept(client: Any, tmp_path: Path) -> None:
    """POST a CaseReflector deck (.pptx) to a case: a new session (201, Location), the deck kept
    beside the case; a deck without a date needs ?date=, named as the parameter."""
    case = _upload(client, EXAMPLES[0])
    deck = dk.render(dk.share(case, "internal", on=dt.date(2026, 3, 1)), "deck", lang="fr")
    url = f"/cases/{case.reference}/sessions"
    bad_date = client.post(url, data=deck, content_type=PPTX, query_string={"date": "5.1.2026"})
    assert bad_date.status_code == 400
    assert bad_date.get_json()["errors"][0]["location"] == "query.date"
    added = client.post(url, data=deck, content_type=PPTX, query_string={"date": "2026-01-05"})
    assert added.status_code == 201, added.get_json()
    assert added.headers["Location"] == f"/cases/{case.reference}"
    assert added.get_json()["sessions"] == len(case.sessions) + 1
    kept = list((tmp_path / "home" / "files").glob("*/*.pptx"))
    assert [p.read_bytes() for p in kept] == [deck]
    not_a_deck = client.post(url, data=b"PK\x03\x04 broken", content_type=PPTX)
    assert not_a_deck.status_code == 422
    assert client.get(f"/cases/{case.reference}").get_json()["sessions"] == len(case.sessions) + 1


# --- documents --------------------------------------------------------------------------------------


def _all_text(data: bytes) -> str:
    """Every part of an Office package, or the text of a PDF, case-folded."""
    if data[:4] == b"%PDF":
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages).casefold()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace").casefold()


@pytest.mark.parametrize("document", sorted(service_module.DOCUMENTS))
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_case_conference_documents_hold_no_client_identifier(client: Any, path: Path, document: str) -> None:
    """Every part of every document type the service serves, and its file name, are free of the
    client's identifiers."""
    case = _upload(client, path)
    if document.startswith("conference-") and not case.conference_history:
        # A conference document of a case without one: refused with desistkit's message (#16).
        query = {"on": ON, "audience": "case-conference", "lang": "de"}
        refused = client.get(f"/cases/{case.reference}/documents/{document}", query_string=query)
        assert refused.status_code == 422
        assert "conference" in refused.get_json()["errors"][0]["message"]
        return
    response = _document(client, case.reference, document, audience="case-conference", lang="de")
    assert response.mimetype == service_module.DOCUMENTS[document].media_type
    text = _all_text(response.data)
    disposition = response.headers["Content-Disposition"].casefold()
    for secret in _identifiers(case):
        assert not re.search(rf"(?<!\w){re.escape(secret.casefold())}(?!\w)", text), secret
        assert secret.casefold() not in disposition


def test_summary_is_the_word_summary_in_the_language_asked(client: Any) -> None:
    """The summary endpoint returns a Word document whose title is in the asked language."""
    case = _upload(client, EXAMPLES[1])
    response = _document(client, case.reference, "summary", audience="case-conference", lang="de")
    assert response.mimetype == service_module.DOCX
    title = docx.Document(io.BytesIO(response.data)).paragraphs[0].text
    assert title.startswith(dk.get_localizer("de").text("summary.title"))


OFFICE = sorted(name for name, kind in service_module.DOCUMENTS.items() if kind.suffix != ".pdf")


@pytest.mark.libreoffice
@pytest.mark.parametrize("document", OFFICE)
def test_returned_office_documents_open_in_libreoffice(
    client: Any, soffice: str, tmp_path: Path, document: str
) -> None:
    """Every Office document the service returns converts to a PDF with pages in LibreOffice."""
    case = _upload(client, EXAMPLES[1])
    response = _document(client, case.reference, document, audience="case-conference", lang="fi")
    source = tmp_path / f"{document}{service_module.DOCUMENTS[document].suffix}"
    source.write_bytes(response.data)
    with pdfplumber.open(convert_to_pdf(soffice, source, tmp_path)) as pdf:
        assert len(pdf.pages) >= 1
        if document == "summary":
            assert len(pdf.pages) >= 2
            assert dk.get_localizer("fi").text("summary.title") in pdf.pages[0].extract_text()


def test_cards_are_the_ones_the_case_needs_next(client: Any) -> None:
    """The cards endpoint returns exactly desistkit's PDF for the case's next factors (or all of them)."""
    case = _upload(client, EXAMPLES[1])
    response = _document(client, case.reference, "cards", audience="case-conference", lang="pl")
    assert response.mimetype == "application/pdf"
    catalogue = dk.default_catalogue()
    wanted = next_factors(case, catalogue)
    assert wanted, "the example case has open questions"
    assert response.data == cards_pdf(dk.get_localizer("pl"), factors=wanted)
    everything = _document(client, case.reference, "cards", audience="internal", lang="pl", selection="all")
    pages = []
    for data in (everything.data, response.data):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages.append(len(pdf.pages))
    assert pages[0] > pages[1] > 0
    duplex = _document(client, case.reference, "cards", audience="internal", layout="a4-duplex", size="poker",
                       second_lang="sv")  # fmt: skip
    assert duplex.data == cards_pdf(dk.get_localizer("en"), second=dk.get_localizer("sv"), layout="a4-duplex",
                                    size="poker", factors=wanted)  # fmt: skip


def test_every_export_stores_its_audit_record_with_the_user(service: Any) -> None:
    """One audit record per download, naming the user who asked (by id), equal to what share()
    reports, and without any client data."""
    client = _as(service, "cw-0017")
    case = _upload(client, EXAMPLES[1])
    _document(client, case.reference, "summary", audience="case-conference", lang="de")
    _document(_as(service, "co-0005"), case.reference, "cards", audience="security", lang="de")
    records = client.get(f"/cases/{case.reference}/exports").get_json()["exports"]
    assert [(r["document"], r["audience"], r["lang"], r["actor"]) for r in records] == [
        ("summary", "case-conference", "de", "cw-0017"),
        ("cards", "security", "de", "co-0005"),
    ]
    expected = dk.share(case, "case-conference", key=dk.PseudonymKey.generate(),
                        on=dt.date.fromisoformat(ON), lang="de").audit.to_dict()  # fmt: skip
    for field in ("notes", "goals", "factors", "redactions", "consents_used", "fields", "audience"):
        assert records[0]["audit"][field] == expected[field], field
    assert records[0]["audit"]["created_at"]  # consent was checked at a moment the record names
    stored = json.dumps(records).casefold()
    notes = [n.text for s in case.sessions for r in s.reflections for n in r.all_notes]
    assert not [value for value in [*_identifiers(case), *notes] if value.casefold() in stored]


def test_pseudonyms_follow_the_configured_key_and_the_domain(client: Any, key_hex: str) -> None:
    """The file name carries the pseudonym made with the configured key; a new domain gives a new one."""
    case = _upload(client, EXAMPLES[0])
    key = dk.PseudonymKey.from_text(key_hex)
    on = dt.date.fromisoformat(ON)

    def pseudonym(domain: str) -> str:
        return dk.share(case, "case-conference", key=key, on=on, domain=domain).case.reference

    for domain in ("cc-2025-q3", "cc-2025-q4"):
        response = _document(client, case.reference, "summary", audience="case-conference", domain=domain)
        assert pseudonym(domain) in response.headers["Content-Disposition"]
    assert pseudonym("cc-2025-q3") != pseudonym("cc-2025-q4")


def test_bad_queries_name_the_parameter(client: Any) -> None:
    """Unknown audience, language, date, domain or card option: 400 naming the query parameter;
    an unknown document type or case: 404."""
    case = _upload(client, EXAMPLES[0])
    url = f"/cases/{case.reference}/documents"
    cases = {
        "query.audience": client.get(f"{url}/summary", query_string={"audience": "funder"}),
        "query.lang": client.get(f"{url}/summary", query_string={"audience": "internal", "lang": "xx"}),
        "query.on": client.get(f"{url}/summary", query_string={"audience": "internal", "on": "30.11.2025"}),
        "query.domain": client.get(
            f"{url}/summary", query_string={"audience": "case-conference", "domain": "no spaces"}
        ),
        "query.layout": client.get(f"{url}/cards", query_string={"audience": "internal", "layout": "a3"}),
    }
    for location, response in cases.items():
        assert response.status_code == 400, location
        assert response.get_json()["errors"][0]["location"] == location
    missing = client.get(f"{url}/summary")
    assert missing.status_code == 400 and missing.get_json()["errors"][0]["location"] == "query.audience"
    assert client.get(f"{url}/deck", query_string={"audience": "internal"}).status_code == 404
    unknown = client.get("/cases/NOPE-1/documents/summary", query_string={"audience": "internal"})
    assert unknown.status_code == 404


def test_key_comes_from_configuration_and_is_never_logged_or_returned(
    tmp_path: Path, key_hex: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Without a key the service refuses to start, saying how to make one; with one (here from the
    environment) it never shows it."""
    monkeypatch.delenv(service_module.KEY_ENV, raising=False)
    monkeypatch.delenv(service_module.KEY_FILE_ENV, raising=False)
    home = {service_module.HOME_ENV: str(tmp_path)}
    with pytest.raises(RuntimeError, match=service_module.KEY_FILE_ENV):
        service_module.create_app(home)
    monkeypatch.setenv(service_module.KEY_ENV, key_hex)
    caplog.set_level(logging.DEBUG)
    app, tokens = make_app(tmp_path, key_hex=None)  # the environment's key: the config names none
    client = client_as(app, tokens["cw-0017"])
    case = _upload(client, EXAMPLES[2])
    bodies = [
        _document(client, case.reference, "summary", audience="case-conference").data,
        client.get(f"/cases/{case.reference}/exports").data,
        client.get(f"/cases/{case.reference}/documents/summary", query_string={"audience": "x"}).data,
    ]
    assert key_hex not in caplog.text
    assert key_hex not in repr(app.config)
    assert not [body for body in bodies if key_hex.encode() in body]


def test_paths_default_to_one_folder_and_follow_the_environment(
    tmp_path: Path, key_hex: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With only CASESERVICE_HOME set, the database, files, tokens and session key all live there;
    each can be moved by its own variable; a key file in the folder is found without configuration."""
    monkeypatch.delenv(service_module.KEY_ENV, raising=False)
    monkeypatch.delenv(service_module.KEY_FILE_ENV, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    (home / "pseudonym.key").write_text(key_hex, encoding="utf-8")
    monkeypatch.setenv(service_module.HOME_ENV, str(home))
    monkeypatch.setenv(service_module.DATABASE_ENV, str(tmp_path / "elsewhere" / "db.sqlite3"))
    service_module.create_app()
    assert sorted(p.name for p in home.iterdir()) == ["files", "pseudonym.key", "session.key"]
    assert (tmp_path / "elsewhere" / "db.sqlite3").is_file()
    assert (home / "session.key").stat().st_mode & 0o077 == 0


# --- sign-in, roles, the acting user ----------------------------------------------------------------


def test_every_api_route_but_the_description_needs_a_token(service: Any) -> None:
    """Without a token, or with a wrong one, every API route answers 401 with WWW-Authenticate."""
    app, _ = service
    anonymous = client_as(app, None)
    stranger = client_as(app, "not-a-token")
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]
    assert len(rules) >= 10
    for rule in rules:
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: {"document": "summary"}.get(m[1], "X-1"), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for client in (anonymous, stranger):
                response = client.open(url, method=method)
                if rule.endpoint == "api.openapi_document":
                    assert response.status_code == 200
                    continue
                assert response.status_code == 401, (method, url)
                assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_tokens_are_stored_hashed_and_revoked_by_editing_the_file(service: Any, tmp_path: Path) -> None:
    """The tokens file holds no token, only hashes; removing a user's entry signs them out at once."""
    app, tokens = service
    stored = (tmp_path / "home" / "tokens.toml").read_text("utf-8")
    assert not [t for t in tokens.values() if t in stored]
    client = client_as(app, tokens["cw-0023"])
    assert client.get("/cases").status_code == 200
    kept = [block for block in stored.split("\n[[token]]") if 'user = "cw-0023"' not in block]
    (tmp_path / "home" / "tokens.toml").write_text("\n[[token]]".join(kept), encoding="utf-8")
    assert client.get("/cases").status_code == 401


def test_flask_add_token_prints_a_token_that_works(service: Any) -> None:
    """`flask add-token --user ID --role R` prints a new token once; it signs in as that user."""
    app, _ = service
    result = app.test_cli_runner().invoke(args=["add-token", "--user", "cw-0099", "--role", "caseworker"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    created = client_as(app, token).post("/cases", data=EXAMPLES[0].read_bytes(), content_type=JSON)
    assert created.get_json()["caseworkers"] == ["cw-0099"]
    named = app.test_cli_runner().invoke(args=["add-token", "--user", "Anna Beispiel"])
    assert named.exit_code != 0 and "not a name" in named.output


def test_single_sign_on_replaces_tokens_through_one_function(tmp_path: Path, key_hex: str) -> None:
    """A host's authenticate function (here: the user id a reverse proxy puts in a header) is the
    only sign-in; its user is the one recorded in the audit."""

    def from_proxy(request: Any) -> User | None:
        subject = request.headers.get("X-Remote-User")
        return User(subject, frozenset({"caseworker"})) if subject else None

    settings = {service_module.HOME_ENV: str(tmp_path), service_module.KEY_ENV: key_hex}
    app = service_module.create_app(settings, authenticate=from_proxy)
    client = app.test_client()
    assert client.get("/cases").status_code == 401
    headers = {"X-Remote-User": "sso-4711"}
    created = client.post("/cases", data=EXAMPLES[0].read_bytes(), content_type=JSON, headers=headers)
    reference = dk.load_case(EXAMPLES[0]).reference
    assert created.get_json()["caseworkers"] == ["sso-4711"]
    client.get(f"/cases/{reference}/documents/cards", query_string={"audience": "internal"}, headers=headers)
    exports = client.get(f"/cases/{reference}/exports", headers=headers).get_json()["exports"]
    assert [e["actor"] for e in exports] == ["sso-4711"]


def test_only_assigned_caseworkers_reach_the_whole_case(service: Any) -> None:
    """The internal audience, replacing, erasing and assigning are for the case's caseworkers: a
    colleague or coordinator gets 403 (and may still export for external audiences); once assigned,
    the colleague may. A coordinator cannot create cases."""
    owner, colleague, coordinator = (_as(service, u) for u in ("cw-0017", "cw-0023", "co-0005"))
    case = _upload(owner, EXAMPLES[1])
    url = f"/cases/{case.reference}"
    internal = {"audience": "internal", "on": ON}
    body = EXAMPLES[1].read_bytes()
    for client in (colleague, coordinator):
        assert client.get(f"{url}/documents/summary", query_string=internal).status_code == 403
        assert client.put(url, data=body, content_type=JSON).status_code == 403
        assert client.delete(url).status_code == 403
        put = client.put(f"{url}/caseworkers", json={"caseworkers": ["cw-0023"]})
        assert put.status_code == 403
        external = client.get(f"{url}/documents/summary", query_string={"audience": "case-conference"})
        assert external.status_code == 200
    assert coordinator.post("/cases", data=EXAMPLES[0].read_bytes(), content_type=JSON).status_code == 403
    refused = colleague.get(f"{url}/documents/summary", query_string=internal).get_json()
    assert "assigned" in refused["errors"][0]["message"]
    assigned = owner.put(f"{url}/caseworkers", json={"caseworkers": ["cw-0017", "cw-0023"]})
    assert assigned.get_json()["caseworkers"] == ["cw-0017", "cw-0023"]
    assert colleague.get(f"{url}/documents/summary", query_string=internal).status_code == 200
    bad = owner.put(f"{url}/caseworkers", json={"caseworkers": ["cw-0017", "Anna Beispiel"]})
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["location"] == "caseworkers[1]"


def test_the_audit_log_is_for_auditors_and_names_users_not_clients(service: Any) -> None:
    """Created, assigned and erased: each a line with the acting user; only auditors read it; no
    line names the case's reference or client after the case is erased."""
    owner = _as(service, "cw-0017")
    case = _upload(owner, EXAMPLES[0])
    owner.put(f"/cases/{case.reference}/caseworkers", json={"caseworkers": ["cw-0017", "cw-0023"]})
    _as(service, "cw-0023").delete(f"/cases/{case.reference}")
    assert owner.get("/audit").status_code == 403
    events = _as(service, "au-0002").get("/audit").get_json()["events"]
    assert [(e["action"], e["actor"]) for e in events] == [
        ("case.created", "cw-0017"),
        ("case.assigned", "cw-0017"),
        ("case.erased", "cw-0023"),
    ]
    text = json.dumps(events).casefold()
    assert not [v for v in _identifiers(case) if v.casefold() in text]


# --- erasure -----------------------------------------------------------------------------------------


def test_delete_erases_the_case_its_exports_and_its_files(client: Any, tmp_path: Path) -> None:
    """DELETE removes the case, its export records and its stored deck; the answer counts them; a
    second DELETE and the case's exports are 404."""
    case = _upload(client, EXAMPLES[0])
    deck = dk.render(dk.share(case, "internal", on=dt.date(2026, 3, 1)), "deck", lang="de")
    client.post(f"/cases/{case.reference}/sessions?date=2026-01-05", data=deck, content_type=PPTX)
    _document(client, case.reference, "summary", audience="case-conference")
    files = tmp_path / "home" / "files"
    assert list(files.glob("*/*.pptx"))
    erased = client.delete(f"/cases/{case.reference}")
    assert erased.get_json() == {"erased": True, "exports": 1, "files": 1, "assignments": 1}
    assert list(files.iterdir()) == []
    assert client.get("/cases").get_json()["cases"] == []
    assert client.delete(f"/cases/{case.reference}").status_code == 404
    assert client.get(f"/cases/{case.reference}/exports").status_code == 404


def test_erasure_is_all_or_nothing(service: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the database step fails, the case and its files are all still there; a folder left
    half-way by a crash is put back (case still stored) or removed (case gone) at the next start."""
    app, tokens = service
    client = client_as(app, tokens["cw-0017"])
    case = _upload(client, EXAMPLES[0])
    deck = dk.render(dk.share(case, "internal", on=dt.date(2026, 3, 1)), "deck", lang="de")
    client.post(f"/cases/{case.reference}/sessions?date=2026-01-05", data=deck, content_type=PPTX)
    store = app.extensions["caseservice"]["store"]
    files = tmp_path / "home" / "files"
    before = sorted(p.relative_to(files) for p in files.rglob("*"))

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "log", fail)
    failed = client.delete(f"/cases/{case.reference}")
    assert failed.status_code == 500 and "nothing was changed" in failed.get_json()["errors"][0]["message"]
    monkeypatch.undo()
    assert sorted(p.relative_to(files) for p in files.rglob("*")) == before
    assert client.get(f"/cases/{case.reference}").status_code == 200
    folder = next(files.iterdir())
    folder.rename(files / f".erasing-{folder.name}")  # as if the process died right after the rename
    make_app(tmp_path / "home")
    assert sorted(p.relative_to(files) for p in files.rglob("*")) == before
    (files / ".erasing-999").mkdir()  # left by an erasure whose transaction went through
    make_app(tmp_path / "home")
    assert sorted(p.relative_to(files) for p in files.rglob("*")) == before


# --- errors: JSON, always -----------------------------------------------------------------------------


def test_errors_are_json_for_unknown_urls_methods_and_sizes(service: Any, tmp_path: Path) -> None:
    """404 for an unknown URL or case, 405 naming the allowed methods, 413 for a body over the limit:
    all JSON with a message."""
    client = _as(service, "cw-0017")
    nothing = client.get("/nothing-here")
    assert nothing.status_code == 404 and nothing.get_json()["errors"][0]["message"] == "no such resource"
    assert client.get("/cases/NOPE-1/exports").status_code == 404
    unknown = client.get("/cases/NOPE-1")
    assert unknown.status_code == 404 and unknown.get_json()["errors"][0]["message"] == "no such case"
    wrong = client.patch("/cases")
    assert wrong.status_code == 405
    assert "GET" in wrong.get_json()["errors"][0]["message"]
    app, tokens = make_app(tmp_path / "small", MAX_CONTENT_LENGTH=1024)
    large = client_as(app, tokens["cw-0017"]).post("/validate", data=b" " * 2048, content_type=JSON)
    assert large.status_code == 413
    assert "1024 bytes" in large.get_json()["errors"][0]["message"]


def test_a_browser_form_upload_is_told_what_to_send(client: Any) -> None:
    """A multipart form upload (what a browser sends) or a wrong type gets 415 saying what to send
    and where the caseworkers' page is."""
    form = client.post("/cases", data={"file": (io.BytesIO(EXAMPLES[0].read_bytes()), "case.json")})
    assert form.status_code == 415
    message = form.get_json()["errors"][0]["message"]
    assert "Content-Type: application/json" in message and "/app/" in message
    text = client.post("/validate", data=EXAMPLES[0].read_bytes(), content_type="text/plain")
    assert text.status_code == 415 and "got text/plain" in text.get_json()["errors"][0]["message"]
    case = _upload(client, EXAMPLES[0])
    json_deck = client.post(f"/cases/{case.reference}/sessions", data=b"{}", content_type=JSON)
    assert json_deck.status_code == 415 and json_deck.headers["Accept"] == PPTX


# --- the OpenAPI document -------------------------------------------------------------------------------


def test_openapi_document_is_valid_and_matches_the_routes(service: Any) -> None:
    """/openapi.json is a valid OpenAPI 3.1 document; every API route is in it with its methods,
    and everything in it is a route. Every other route is a page or a static file."""
    app, _ = service
    document = openapi_document(app)
    validate_openapi(document)
    assert document["openapi"].startswith("3.1")
    routes, documented = set(), set()
    for rule in app.url_map.iter_rules():
        assert rule.endpoint.split(".")[0] in ("api", "pages", "static"), rule.rule
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    for path, item in document["paths"].items():
        documented |= {(path, m) for m in item if m in ("get", "put", "post", "delete", "patch")}
    assert routes == documented
    served = document["paths"]["/cases/{reference}/documents/{document}"]["parameters"][1]["schema"]
    assert served["enum"] == sorted(service_module.DOCUMENTS)


def test_every_user_in_the_fixtures_is_fictional_and_an_id() -> None:
    """User ids are ids (no spaces, no names): the audit records them as they are."""
    assert all(re.fullmatch(r"[a-z]{2}-\d{4}", user) for user in USERS)


def _stored_closed_case(service: Any, closed: str) -> tuple[Any, str]:
    """An example case, closed on ``closed``, stored by a caseworker; (the app, its reference)."""
    app, tokens = service
    data = json.loads(EXAMPLES[0].read_text("utf-8"))
    data["closed"] = {"date": closed, "reason": "completed"}
    created = client_as(app, tokens["cw-0017"]).post("/cases", data=json.dumps(data), content_type=JSON)
    assert created.status_code == 201, created.get_json()
    return app, data["reference"]


def test_nightly_retention_reports_then_drops_what_is_due(service: Any, tmp_path: Path) -> None:
    """`flask retention` reports what the policy makes due (dry run); `--apply` drops the client record
    from the stored case, erases a case whose whole file is due, and logs both without the reference."""
    app, reference = _stored_closed_case(service, "2025-12-15")
    policy = tmp_path / "home" / "retention.toml"
    policy.write_text('format = "desistkit-retention/1"\n[drop]\nclient = "12 months"\n', encoding="utf-8")
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["retention", "--today", "2027-01-10"])
    assert dry.exit_code == 0, dry.output
    assert "client (due since 2026-12-15) [dry run]" in dry.output and reference not in dry.output
    store = app.extensions["caseservice"]["store"]
    with store.connect() as db:
        assert json.loads(store.case(db, reference).case_json).get("client")

    applied = runner.invoke(args=["retention", "--apply", "--today", "2027-01-10"])
    assert applied.exit_code == 0, applied.output
    with store.connect() as db:
        kept = json.loads(store.case(db, reference).case_json)
        log = store.audit_log(db)
    assert "client" not in kept and kept["sessions"], "the record goes, the reflection stays"
    entry = [e for e in log if e["action"] == "case.retention"][-1]
    assert entry["actor"] == "retention" and reference not in json.dumps(log)
    assert runner.invoke(args=["retention", "--today", "2027-01-10"]).output == "", "nothing due twice"

    policy.write_text('format = "desistkit-retention/1"\n[drop]\ncase = "12 months"\n', encoding="utf-8")
    assert runner.invoke(args=["retention", "--apply", "--today", "2027-01-10"]).exit_code == 0
    with store.connect() as db:
        assert store.case(db, reference) is None
        assert store.audit_log(db)[-1]["action"] == "case.erased"


def test_nightly_retention_names_a_bad_policy(service: Any, tmp_path: Path) -> None:
    """A missing or malformed policy is a one-line error naming the file and the key, no traceback."""
    app, _ = service
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["retention"])
    assert missing.exit_code != 0 and "CASESERVICE_RETENTION" in missing.output
    (tmp_path / "home" / "retention.toml").write_text(
        'format = "desistkit-retention/1"\n[drop]\nclient = "soon"\n', encoding="utf-8"
    )
    bad = runner.invoke(args=["retention"])
    assert bad.exit_code != 0 and "drop.client" in bad.output and "Traceback" not in bad.output


def test_access_log_lines_do_not_name_the_case(service: Any, caplog: pytest.LogCaptureFixture) -> None:
    """The request line werkzeug logs for every request shows `/cases/<case>`, never the reference."""
    caplog.set_level(logging.INFO, logger="werkzeug")
    line = '"GET /cases/PR-2025-0117/documents/summary?audience=case-conference HTTP/1.1" 200 -'
    logging.getLogger("werkzeug").info("%s - - [%s] %s", "127.0.0.1", "03/Dec/2026 08:00:00", line)
    logging.getLogger("werkzeug").info("GET /app/cases/PR-2025-0117 HTTP/1.1")
    assert "PR-2025-0117" not in caplog.text
    assert caplog.text.count("/cases/<case>") == 2
