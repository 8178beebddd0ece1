"""The caseworkers' pages of the web example (examples/webservice/pages.py), through Flask's test
client: sign-in, CSRF, uploads, the preview, downloads and who may see the internal audience.
The same pages in a real browser: tests/test_example_webservice_browser.py."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest

import desistkit as dk
from caseservice import client_as, make_app
from conftest import BAD, EXAMPLES
from desistkit.sharing import KnownIdentifiers


class _Form(HTMLParser):
    """The CSRF token and the labels of a page (every input must have one)."""

    def __init__(self) -> None:
        super().__init__()
        self.csrf = ""
        self.labelled: set[str] = set()
        self.fields: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrf_token":
            self.csrf = a.get("value") or ""
        elif tag == "label" and a.get("for"):
            self.labelled.add(str(a["for"]))
        elif tag in ("input", "select") and a.get("type") not in ("hidden", "submit"):
            self.fields.append(str(a.get("id")))


def _parse(html: bytes) -> _Form:
    form = _Form()
    form.feed(html.decode("utf-8"))
    return form


@pytest.fixture
def service(tmp_path: Path) -> tuple[Any, dict[str, str]]:
    return make_app(tmp_path / "home")


def _signed_in(service: tuple[Any, dict[str, str]], user: str) -> tuple[Any, str]:
    """A browser-like client signed in on the pages (no Authorization header), and its CSRF token."""
    app, tokens = service
    client = client_as(app, None)
    csrf = _parse(client.get("/app/login").data).csrf
    response = client.post("/app/login", data={"token": tokens[user], "csrf_token": csrf})
    assert response.status_code == 302
    return client, _parse(client.get("/app/").data).csrf


def _upload(client: Any, csrf: str, data: bytes, name: str, **form: str) -> Any:
    fields = {"document": (io.BytesIO(data), name), "csrf_token": csrf, **form}
    return client.post("/app/upload", data=fields, content_type="multipart/form-data")


def test_pages_ask_for_sign_in_and_refuse_a_wrong_token(service: Any) -> None:
    """Every page redirects to sign-in until a valid token is given; a wrong one is 401 with a
    message; signing out ends the session."""
    app, _ = service
    client = client_as(app, None)
    assert client.get("/app/").headers["Location"].startswith("/app/login")
    csrf = _parse(client.get("/app/login").data).csrf
    wrong = client.post("/app/login", data={"token": "guess", "csrf_token": csrf})
    assert wrong.status_code == 401 and b"not valid" in wrong.data
    client, csrf = _signed_in(service, "cw-0017")
    assert b"cw-0017" in client.get("/app/").data
    client.post("/app/logout", data={"csrf_token": csrf})
    assert client.get("/app/").status_code == 302


def test_the_api_does_not_take_the_pages_session(service: Any) -> None:
    """A browser signed in on the pages is not signed in on the API: a cross-site request that
    carries the cookie gets 401 there."""
    client, _ = _signed_in(service, "cw-0017")
    assert client.get("/cases").status_code == 401


def test_every_form_post_needs_the_csrf_token(service: Any) -> None:
    """A post without the session's CSRF token (or with another's) is refused and changes nothing."""
    client, csrf = _signed_in(service, "cw-0017")
    body = EXAMPLES[0].read_bytes()
    for token in ("", "forged"):
        refused = _upload(client, token, body, "case.json")
        assert refused.status_code == 400 and b"reload the page" in refused.data
    assert dk.load_case(EXAMPLES[0]).reference.encode() not in client.get("/app/").data
    assert _upload(client, csrf, body, "case.json").status_code == 303


def test_upload_preview_and_download(service: Any) -> None:
    """A case file uploaded on the page leads to its page; the preview for an audience shows what
    goes out and none of the client's identifiers; the download is the document in that language,
    recorded with the user."""
    client, csrf = _signed_in(service, "cw-0017")
    case = dk.load_case(EXAMPLES[1])
    uploaded = _upload(client, csrf, EXAMPLES[1].read_bytes(), "case.json")
    assert uploaded.headers["Location"] == f"/app/cases/{case.reference}"
    page = client.get(
        uploaded.headers["Location"], query_string={"audience": "case-conference", "lang": "de"}
    )
    assert page.status_code == 200
    text = page.data.decode("utf-8")
    assert "What goes out" in text and "What is removed" in text
    preview = text.split('id="preview"')[1].split("</section>")[0].casefold()
    for secret in [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]:
        assert secret.casefold() not in preview
    form = {"csrf_token": csrf, "audience": "case-conference", "lang": "de"}
    download = client.post(f"/app/cases/{case.reference}/documents/summary", data=form)
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    title = docx.Document(io.BytesIO(download.data)).paragraphs[0].text
    assert title.startswith(dk.get_localizer("de").text("summary.title"))
    app, tokens = service
    exports = client_as(app, tokens["cw-0017"]).get(f"/cases/{case.reference}/exports").get_json()
    assert [(e["document"], e["actor"]) for e in exports["exports"]] == [("summary", "cw-0017")]


def test_a_bad_case_file_is_shown_with_every_problem_and_its_path(service: Any) -> None:
    """An invalid upload stays on the page with each problem and its JSON path, as an alert."""
    client, csrf = _signed_in(service, "cw-0017")
    path = sorted(BAD.glob("*.json"))[0]
    with pytest.raises(dk.CaseFileError) as expected:
        dk.load_case(path)
    response = _upload(client, csrf, path.read_bytes(), path.name)
    assert response.status_code == 422
    text = response.data.decode("utf-8")
    assert 'role="alert"' in text
    for problem in expected.value.problems:
        assert problem.location in text


def test_a_filled_deck_is_added_to_the_chosen_case(service: Any) -> None:
    """A .pptx uploaded with a case chosen becomes that case's next session; without a case chosen
    the page says to choose one."""
    client, csrf = _signed_in(service, "cw-0017")
    case = dk.load_case(EXAMPLES[0])
    _upload(client, csrf, EXAMPLES[0].read_bytes(), "case.json")
    deck = dk.render(dk.share(case, "internal", on=dt.date(2026, 3, 1)), "deck", lang="de")
    unchosen = _upload(client, csrf, deck, "deck.pptx")
    assert unchosen.status_code == 422 and b"choose the case" in unchosen.data
    added = _upload(client, csrf, deck, "deck.pptx", case=case.reference, date="2026-01-05")
    assert added.status_code == 303
    app, tokens = service
    summary = client_as(app, tokens["cw-0017"]).get(f"/cases/{case.reference}").get_json()
    assert summary["sessions"] == len(case.sessions) + 1


def test_the_internal_audience_is_neither_offered_nor_served_to_others(service: Any) -> None:
    """A caseworker not assigned to the case does not see 'internal' among the audiences, and a
    hand-made request for it is a 403 page."""
    owner, csrf = _signed_in(service, "cw-0017")
    reference = dk.load_case(EXAMPLES[0]).reference
    _upload(owner, csrf, EXAMPLES[0].read_bytes(), "case.json")
    assert b'value="internal"' in owner.get(f"/app/cases/{reference}").data
    other, other_csrf = _signed_in(service, "cw-0023")
    assert b'value="internal"' not in other.get(f"/app/cases/{reference}").data
    assert other.get(f"/app/cases/{reference}", query_string={"audience": "internal"}).status_code == 403
    form = {"csrf_token": other_csrf, "audience": "internal", "lang": "en"}
    refused = other.post(f"/app/cases/{reference}/documents/summary", data=form)
    assert refused.status_code == 403 and b"assigned" in refused.data
    assert other.get("/app/cases/NOPE-1").status_code == 404


def test_every_field_has_a_label_and_pages_are_html_with_a_language(service: Any) -> None:
    """Accessibility basics on every page: html lang, one h1, a label for every field."""
    client, csrf = _signed_in(service, "cw-0017")
    reference = dk.load_case(EXAMPLES[0]).reference
    _upload(client, csrf, EXAMPLES[0].read_bytes(), "case.json")
    urls = ["/app/", f"/app/cases/{reference}", f"/app/cases/{reference}?audience=research&lang=fr"]
    for url in urls:
        html = client.get(url).data
        assert html.startswith(b'<!doctype html>\n<html lang="en">'), url
        assert len(re.findall(rb"<h1[ >]", html)) == 1, url
        form = _parse(html)
        assert [f for f in form.fields if f not in form.labelled] == [], url
