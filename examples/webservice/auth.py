"""Who is asking, and what they may do.

The service asks ONE function who sent a request: ``authenticate(request) -> User | None``. Out of the
box that is :class:`TokenStore` (API tokens, ``Authorization: Bearer <token>``); a host with single
sign-on passes its own function to ``create_app(authenticate=...)`` instead, e.g. one that trusts the
user id its reverse proxy puts in a header, or that checks an OIDC access token. Nothing else in the
service knows how people sign in.

Tokens are random (``secrets.token_urlsafe(32)``, 256 bits), so a plain SHA-256 is the right way to
store them: a slow password hash protects guessable secrets, and these are not guessable. Only the
hash is kept (in a TOML file, one ``[[token]]`` table per token); a presented token is hashed and
compared with every stored hash in constant time, so neither the comparison nor the loop tells an
attacker how close a guess came.

Anyone signed in sees the list of cases and may export any case for the external audiences (a
``coordinator`` does just that). Roles add: ``caseworker`` creates cases (and is assigned to the cases
they create); ``auditor`` reads the service's audit log. Whatever reveals a case in full (the
``internal`` audience, replacing, erasing, adding a session, changing who is assigned) is for the
caseworkers assigned to that case, whatever their role.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - desistkit depends on tomli there
    import tomli as tomllib

from flask import Request

ROLES = ("caseworker", "coordinator", "auditor")
# A user id goes into every audit record, so it must be an id (an employee number, an SSO subject),
# not a name; this shape keeps names with spaces out and keeps log lines parseable.
USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}")


@dataclass(frozen=True)
class User:
    """The person behind a request: an opaque id and their roles."""

    id: str
    roles: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not USER_ID.fullmatch(self.id):
            raise ValueError("a user id is 1-64 letters, digits and . _ @ : - (an id, not a name)")
        unknown = sorted(set(self.roles) - set(ROLES))
        if unknown:
            raise ValueError(f"unknown role {unknown[0]!r}; expected one of {', '.join(ROLES)}")


Authenticate = Callable[[Request], "User | None"]


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Entry:
    digest: str
    user: User


class TokenStore:
    """API tokens from a TOML file of hashes; the default ``authenticate`` function.

    The file is read again when it changes, so adding or revoking a token needs no restart.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._entries: tuple[_Entry, ...] = ()

    def __call__(self, request: Request) -> User | None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.find(token.strip())

    def find(self, token: str) -> User | None:
        """The user whose token this is, or None; every stored hash is compared, in constant time."""
        return self.find_digest(hash_token(token))

    def find_digest(self, digest: str) -> User | None:
        """The user whose token has this hash (the pages keep the hash in their signed session, so a
        revoked token signs them out too)."""
        found = None
        for entry in self._load():
            if hmac.compare_digest(entry.digest, digest):
                found = entry.user
        return found

    def _load(self) -> tuple[_Entry, ...]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return ()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            self._entries = tuple(_parse(self.path.read_text("utf-8"), self.path))
            self._stamp = stamp
        return self._entries

    def add(self, user: User) -> str:
        """A new token for ``user``: its hash is appended to the file, the token itself is returned
        (show it once; it cannot be recovered)."""
        token = secrets.token_urlsafe(32)
        roles = ", ".join(f'"{r}"' for r in sorted(user.roles))
        entry = f'\n[[token]]\nuser = "{user.id}"\nroles = [{roles}]\nsha256 = "{hash_token(token)}"\n'
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(entry)
        return token


def _parse(text: str, path: Path) -> Iterable[_Entry]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuntimeError(f"{path}: not TOML ({exc})") from None
    for n, item in enumerate(data.get("token", [])):
        digest = str(item.get("sha256", ""))
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise RuntimeError(f"{path}: token[{n}].sha256: expected 64 lowercase hex digits")
        try:
            user = User(str(item.get("user", "")), frozenset(item.get("roles", [])))
        except ValueError as exc:
            raise RuntimeError(f"{path}: token[{n}]: {exc}") from None
        yield _Entry(digest, user)
