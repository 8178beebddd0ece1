"""JSON views over desistkit: validate a case file, store one, preview what an audience would get,
and make a document for it.

Who may do what (Django's own users, groups and permissions; no second user model):

- signed in, or 401;
- ``django_desistkit.add_caserecord`` stores a new case, and its creator is assigned to it;
- the caseworkers assigned to a case (``CaseRecord.caseworkers``) see it, preview and export it for
  every audience, and erase it; users with ``django_desistkit.view_caserecord`` (a coordinator) see
  every case and may preview and export it for the external audiences, never ``internal``.

Every error is JSON: ``{"errors": [{"location": ..., "message": ...}]}``. Form posts keep Django's
CSRF protection; an API client that signs in with its own token middleware exempts itself there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

import desistkit as dk
from desistkit.export import Takes, exporters
from desistkit.sharing import preview_lines

from .models import CaseRecord, ExportRecord

INTERNAL = "internal"


def _errors(status: int, *items: tuple[str, str], **headers: str) -> JsonResponse:
    body = {"errors": [{"location": loc, "message": msg} for loc, msg in items]}
    return JsonResponse(body, status=status, headers=headers)


def _key() -> dk.PseudonymKey:
    value = getattr(settings, "DESISTKIT_PSEUDONYM_KEY", None)
    if not value:
        raise ImproperlyConfigured("set DESISTKIT_PSEUDONYM_KEY (hex or base64) from your secret store")
    return dk.PseudonymKey.from_text(value)


def _documents() -> dict[str, Any]:
    """The registry's documents made from one shared case (an organisation's own included)."""
    return {n: e for n, e in exporters().items() if e.takes is Takes.CASE and not e.internal}


class _Refused(Exception):
    def __init__(self, status: int, location: str, message: str) -> None:
        super().__init__(message)
        self.response = _errors(status, (location, message))


def _view(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed in, one of these methods, and every error as JSON."""

    def wrap(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def run(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                message = f"method not allowed here; allowed: {', '.join(methods)}"
                return _errors(405, ("", message), Allow=", ".join(methods))
            if not request.user.is_authenticated:
                return _errors(401, ("", "sign in first"))
            try:
                return view(request, **kwargs)
            except _Refused as refused:
                return refused.response
            except dk.ValidationError as exc:  # messages never hold the client's data
                return _errors(422, *((p.location, p.message) for p in exc.problems))
            except (
                dk.UnknownAudienceError,
                dk.UnknownLanguageError,
                dk.PseudonymKeyError,
                dk.OptionError,
            ) as exc:
                return _errors(400, ("query", str(exc)))
            except dk.DesistkitError as exc:  # e.g. a case that cannot be shared as asked
                return _errors(422, ("", str(exc)))

        run.__name__ = view.__name__
        run.__doc__ = view.__doc__
        return run

    return wrap


def _body(request: HttpRequest) -> bytes:
    if request.content_type != "application/json":
        raise _Refused(
            415, "", f"expected Content-Type: application/json, got {request.content_type or 'none'}"
        )
    return request.body


def _record(request: HttpRequest, reference: str) -> CaseRecord:
    try:
        return CaseRecord.objects.get(reference=reference)
    except CaseRecord.DoesNotExist:
        raise _Refused(404, "", "no such case") from None


def _assigned(request: HttpRequest, record: CaseRecord) -> bool:
    return record.caseworkers.filter(pk=request.user.pk).exists()


def _may_see(request: HttpRequest, record: CaseRecord, audience: str | None = None) -> None:
    if _assigned(request, record):
        return
    if audience == INTERNAL:
        raise _Refused(403, "query.audience", "the internal audience is for the case's assigned caseworkers")
    if not request.user.has_perm("django_desistkit.view_caserecord"):
        raise _Refused(403, "", "for the case's assigned caseworkers")


def _summary(record: CaseRecord) -> dict[str, Any]:
    return {
        "reference": record.reference,
        "updated_at": record.updated_at.isoformat(),
        "caseworkers": sorted(str(u.pk) for u in record.caseworkers.all()),
    }


@_view("POST")
def validate(request: HttpRequest) -> HttpResponse:
    """A case file checked by desistkit: 200, or 422 with every problem and its JSON path."""
    case, _ = CaseRecord.from_bytes(_body(request))
    return JsonResponse({"valid": True, "reference": case.reference})


@_view("GET", "POST")
def cases(request: HttpRequest) -> HttpResponse:
    """GET: the cases the user may see. POST: store a new case (201 with Location)."""
    if request.method == "GET":
        every = request.user.has_perm("django_desistkit.view_caserecord")
        records = CaseRecord.objects.all() if every else CaseRecord.objects.filter(caseworkers=request.user)
        return JsonResponse({"cases": [_summary(r) for r in records]})
    if not request.user.has_perm("django_desistkit.add_caserecord"):
        raise _Refused(403, "", "storing a case needs the permission django_desistkit.add_caserecord")
    case, canonical = CaseRecord.from_bytes(_body(request))
    with transaction.atomic():
        if CaseRecord.objects.filter(reference=case.reference).exists():
            raise _Refused(409, "reference", "a case with this reference exists")
        record = CaseRecord.objects.create(reference=case.reference, case_json=canonical)
        record.caseworkers.add(request.user)
    location = reverse("desistkit:case", kwargs={"reference": record.reference})
    return JsonResponse(_summary(record), status=201, headers={"Location": location})


@_view("GET", "DELETE")
def case(request: HttpRequest, reference: str) -> HttpResponse:
    """GET: what is held about a case. DELETE: erase it with its export records (one transaction)."""
    record = _record(request, reference)
    if request.method == "GET":
        _may_see(request, record)
        return JsonResponse(_summary(record))
    if not _assigned(request, record):
        raise _Refused(403, "", "erasing a case is for its assigned caseworkers")
    with transaction.atomic():
        exports = record.exports.count()
        record.delete()
    return JsonResponse({"erased": True, "exports": exports})


def _shared(request: HttpRequest, record: CaseRecord) -> tuple[dk.SharedCase, dk.Localizer]:
    audience = request.GET.get("audience", "")
    if not audience:
        raise _Refused(400, "query.audience", "expected an audience, e.g. case-conference")
    _may_see(request, record, audience)
    localizer = dk.get_localizer(request.GET.get("lang", "en"))
    try:
        on = dt.date.fromisoformat(request.GET["on"]) if request.GET.get("on") else dt.date.today()
    except ValueError:
        raise _Refused(400, "query.on", "expected a date as YYYY-MM-DD") from None
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    shared = dk.share(record.case(), audience, on=on, now=now, key=_key(), domain=request.GET.get("domain"),
                      lang=localizer.language)  # fmt: skip
    return shared, localizer


@_view("GET")
def preview(request: HttpRequest, reference: str) -> HttpResponse:
    """desistkit's share preview: what goes out to the audience, what is withheld and why."""
    shared, localizer = _shared(request, _record(request, reference))
    return JsonResponse({"audience": shared.audience, "lines": preview_lines(shared, localizer)})


@_view("GET")
def document(request: HttpRequest, reference: str, document: str) -> HttpResponse:
    """A document of the case for an audience, through desistkit.share(); its audit record is kept."""
    kind = _documents().get(document)
    if kind is None:
        raise _Refused(404, "", f"no such document type; expected one of {', '.join(sorted(_documents()))}")
    record = _record(request, reference)
    shared, localizer = _shared(request, record)
    data = dk.render(shared, document, lang=localizer.language)
    ExportRecord.objects.create(case=record, document=document, audience=shared.audience,
                                lang=localizer.language, actor=request.user,
                                audit=shared.audit.to_dict())  # fmt: skip
    response = HttpResponse(data, content_type=kind.media_type)
    # The file name carries the pseudonym, never the case's reference.
    filename = f"{document}-{shared.case.reference}-{localizer.language}{kind.suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
