"""The web service example (examples/webservice/app.py), end to end through Flask's test client."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import logging
import re
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import docx
import pdfplumber
import pytest

import desistkit as dk
from conftest import BAD, EXAMPLES, ROOT, convert_to_pdf
from desistkit.export.cards import cards_pdf, next_factors
from desistkit.sharing import KnownIdentifiers

ON = "2025-11-30"


def _load_example() -> ModuleType:
    path = ROOT / "examples" / "webservice" / "app.py"
    spec = importlib.util.spec_from_file_location("example_webservice", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


service_module = _load_example()


@pytest.fixture
def key_hex() -> str:
    return dk.PseudonymKey.generate().hex()


@pytest.fixture
def client(tmp_path: Path, key_hex: str) -> Any:
    key_file = tmp_path / "pseudonym.key"
    key_file.write_text(key_hex, encoding="utf-8")
    app = service_module.create_app(
        {"DATABASE": str(tmp_path / "cases.sqlite3"), service_module.KEY_FILE_ENV: str(key_file)}
    )
    return app.test_client()


def _upload(client: Any, path: Path) -> dk.Case:
    response = client.post("/cases", data=path.read_bytes(), content_type="application/json")
    assert response.status_code == 201, response.get_json()
    return dk.load_case(path)


def _document(client: Any, reference: str, document: str, **query: str) -> Any:
    response = client.get(f"/cases/{reference}/documents/{document}", query_string={"on": ON, **query})
    assert response.status_code == 200, response.get_json()
    return response


def _identifiers(case: dk.Case) -> list[str]:
    values = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
    return [*values, case.reference]


def test_upload_validate_store_and_replace(client: Any) -> None:
    """A valid case validates, is stored once (201, then 409), is listed, and is replaced by PUT."""
    body = EXAMPLES[0].read_bytes()
    reference = dk.load_case(EXAMPLES[0]).reference
    assert client.post("/validate", data=body).get_json() == {"valid": True, "reference": reference}
    assert client.get("/cases").get_json()["cases"] == []  # validating stores nothing
    assert client.post("/cases", data=body).status_code == 201
    assert client.post("/cases", data=body).status_code == 409
    assert [c["reference"] for c in client.get("/cases").get_json()["cases"]] == [reference]
    assert client.put(f"/cases/{reference}", data=body).status_code == 200
    mismatch = client.put("/cases/OTHER-1", data=body)
    assert mismatch.status_code == 422
    assert mismatch.get_json()["errors"][0]["location"] == "reference"


@pytest.mark.parametrize("path", sorted(BAD.glob("*.json")), ids=lambda p: p.name)
def test_invalid_case_gets_422_with_every_problem_and_its_path(client: Any, path: Path) -> None:
    """The service returns exactly the problems desistkit finds, with their JSON paths, and stores nothing."""
    with pytest.raises(dk.CaseFileError) as expected:
        dk.load_case(path)
    response = client.post("/cases", data=path.read_bytes())
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors == [{"location": p.location, "message": p.message} for p in expected.value.problems]
    assert client.get("/cases").get_json()["cases"] == []


def test_malformed_json_is_422_with_line_and_column(client: Any) -> None:
    """A truncated upload is a 422 naming where the JSON breaks, not a server error."""
    response = client.post("/validate", data=b'{"format_version": 1, "reference": ')
    assert response.status_code == 422
    assert re.search(r"line \d+", json.dumps(response.get_json()))


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


def test_every_export_stores_its_audit_record(client: Any) -> None:
    """One audit record per download, equal to what share() reports, and without any client data."""
    case = _upload(client, EXAMPLES[1])
    _document(client, case.reference, "summary", audience="case-conference", lang="de")
    _document(client, case.reference, "cards", audience="security", lang="de")
    records = client.get(f"/cases/{case.reference}/exports").get_json()["exports"]
    assert [(r["document"], r["audience"], r["lang"]) for r in records] == [
        ("summary", "case-conference", "de"),
        ("cards", "security", "de"),
    ]
    expected = dk.share(case, "case-conference", key=dk.PseudonymKey.generate(),
                        on=dt.date.fromisoformat(ON), lang="de").audit.to_dict()  # fmt: skip
    for field in ("notes", "goals", "factors", "redactions", "consents_used", "fields", "audience"):
        assert records[0]["audit"][field] == expected[field], field
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
    """Unknown audience, language, date, domain or card option: 400 naming the query parameter."""
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
    """Without a key the service refuses to start; with one (here from the environment) it never shows it."""
    monkeypatch.delenv(service_module.KEY_ENV, raising=False)
    monkeypatch.delenv(service_module.KEY_FILE_ENV, raising=False)
    database = str(tmp_path / "cases.sqlite3")
    with pytest.raises(RuntimeError, match=service_module.KEY_FILE_ENV):
        service_module.create_app({"DATABASE": database})
    monkeypatch.setenv(service_module.KEY_ENV, key_hex)
    caplog.set_level(logging.DEBUG)
    app = service_module.create_app({"DATABASE": database})
    client = app.test_client()
    case = _upload(client, EXAMPLES[2])
    bodies = [
        _document(client, case.reference, "summary", audience="case-conference").data,
        client.get(f"/cases/{case.reference}/exports").data,
        client.get(f"/cases/{case.reference}/documents/summary", query_string={"audience": "x"}).data,
    ]
    assert key_hex not in caplog.text
    assert key_hex not in repr(app.config)
    assert not [body for body in bodies if key_hex.encode() in body]
