"""What the API and the caseworkers' pages both do with desistkit: which documents are served, how a
request's words become a document's options, and making one document for a case and an audience."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, request

import desistkit as dk
from desistkit.export import Exporter, Takes, exporters
from desistkit.export.cards import next_factors
from desistkit.sharing import PseudonymKeyError, preview_lines

# The service's URLs for two document types predate the registry's names; clients link to them.
URL_NAMES = {"deck": "reflector", "cards-pdf": "cards"}
# The options a client may set in the query: plain words. Templates and catalogues are the
# service's own (a template path from a query would read any file on the server).
QUERY_OPTIONS = ("second_lang", "layout", "size", "category")
INTERNAL = "internal"  # the audience that sees the case in full: only for its assigned caseworkers


def service() -> dict[str, Any]:
    """The service's parts: key, catalogue, documents, store, tokens and the authenticate function."""
    return current_app.extensions["caseservice"]  # type: ignore[no-any-return]


def current_user() -> Any:
    """The signed-in user (an ``auth.User``) or None: the ``authenticate`` function's answer, asked
    once per request; on the pages, else the user who signed in there with a token."""
    if "user" not in g:
        g.user = service()["authenticate"](request)
    return g.user


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


class QueryError(Exception):
    """A request parameter is missing or has a value the service cannot use."""

    def __init__(self, name: str, message: str, *, where: str = "query") -> None:
        super().__init__(message)
        self.location, self.message = f"{where}.{name}", message


def localizer(lang: str, name: str = "lang", where: str = "query") -> dk.Localizer:
    try:
        return dk.get_localizer(lang)
    except dk.UnknownLanguageError as exc:
        raise QueryError(name, str(exc), where=where) from None


def _options(
    kind: Exporter[Any], shared: dk.SharedCase, query: Mapping[str, str], catalogue: dk.Catalogue
) -> Any:
    """The document's options: the service's catalogue, the query's words, and for the cards the
    factors the case needs next (or all with ?selection=all)."""
    given: dict[str, Any] = {name: query[name] for name in QUERY_OPTIONS if query.get(name)}
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


def day(values: Mapping[str, str], name: str, where: str = "query") -> dt.date | None:
    """A date parameter, if given."""
    try:
        return dt.date.fromisoformat(values[name]) if values.get(name) else None
    except ValueError:
        raise QueryError(name, "expected a date as YYYY-MM-DD", where=where) from None


@dataclass(frozen=True)
class Request:
    """What a caller asked for: an audience, a language, the day of the export, a pseudonym domain."""

    audience: str
    lang: dk.Localizer
    on: dt.date
    domain: str | None

    @classmethod
    def parse(cls, values: Mapping[str, str], where: str = "query") -> Request:
        audience = values.get("audience")
        if not audience:
            raise QueryError("audience", "expected an audience, e.g. case-conference", where=where)
        on = day(values, "on", where) or dt.date.today()
        lang = localizer(values.get("lang") or "en", where=where)
        return cls(audience, lang, on, values.get("domain") or None)


def share(case: dk.Case, asked: Request, key: dk.PseudonymKey, where: str = "query") -> dk.SharedCase:
    """The case as the audience may see it, consent checked now."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        return dk.share(case, asked.audience, on=asked.on, key=key, domain=asked.domain, now=now,
                        lang=asked.lang.language)  # fmt: skip
    except dk.UnknownAudienceError as exc:
        raise QueryError("audience", str(exc), where=where) from None
    except PseudonymKeyError as exc:  # an unusable domain; the message never holds the key
        raise QueryError("domain", str(exc), where=where) from None


@dataclass(frozen=True)
class Document:
    data: bytes
    media_type: str
    filename: str
    audit_json: str
    created_at: str


def make_document(
    case: dk.Case,
    name: str,
    kind: Exporter[Any],
    asked: Request,
    query: Mapping[str, str],
    *,
    key: dk.PseudonymKey,
    catalogue: dk.Catalogue,
) -> Document:
    """One document for one audience, with the audit record of its export."""
    shared = share(case, asked, key)
    options = _options(kind, shared, query, catalogue)
    data = kind.render(shared if kind.takes is Takes.CASE else None, asked.lang, options)
    # The file name carries what the audience may see: the pseudonym, never the real reference.
    filename = f"{name}-{shared.case.reference}-{asked.lang.language}{kind.suffix}"
    created = shared.audit.created_at
    stamp = created.isoformat() if created else dt.datetime.now(dt.timezone.utc).isoformat()
    return Document(data, kind.media_type, filename, shared.audit.to_json(), stamp)


def preview(case: dk.Case, asked: Request, key: dk.PseudonymKey, where: str = "query") -> list[str]:
    """desistkit's share preview: what goes out, what is withheld and why, what is removed."""
    return preview_lines(share(case, asked, key, where=where), asked.lang)
