"""Keyed pseudonyms: HMAC-SHA-256 with the organisation's key, one derived key per domain.

A pseudonym is 80 bits of HMAC output written in Crockford's base32 in groups of four, after a
prefix: ``C-4K9Q-M2TX-B7RD-1ZHE``. The same value and key give the same pseudonym within a domain;
two domains (two case conferences, a conference and a research export) give unrelated pseudonyms,
so their data cannot be linked. A plain hash is never used: without the key nobody can test a guess.
The key is never shown in any output, log or error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re

from desistkit.core.errors import PseudonymKeyError

__all__ = ["PseudonymKey", "PseudonymKeyError", "Pseudonymizer"]

MIN_KEY_BYTES = 16
PSEUDONYM_BITS = 80
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DOMAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


class PseudonymKey:
    """The organisation's secret. Its repr and str never show it."""

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        if not isinstance(secret, bytes) or len(secret) < MIN_KEY_BYTES:
            raise PseudonymKeyError(f"a pseudonym key needs at least {MIN_KEY_BYTES} random bytes")
        self._secret = secret

    @classmethod
    def from_text(cls, text: str) -> PseudonymKey:
        """A key written as hex or base64 (as stored in a secret store or a key file)."""
        value = text.strip()
        for decode in (bytes.fromhex, base64.b64decode):
            try:
                return cls(decode(value))
            except (ValueError, binascii.Error, PseudonymKeyError):
                continue
        raise PseudonymKeyError(
            f"the pseudonym key must be hex or base64 for at least {MIN_KEY_BYTES} bytes "
            "(make one with: python -c 'import secrets; print(secrets.token_hex(32))')"
        )

    @classmethod
    def generate(cls) -> PseudonymKey:
        """A fresh random key (32 bytes)."""
        return cls(os.urandom(32))

    def hex(self) -> str:
        """The key as hex, to store it; the only way to read it back out."""
        return self._secret.hex()

    def domain(self, name: str) -> Pseudonymizer:
        """The pseudonymiser for one domain, with its own derived key."""
        if not _DOMAIN.match(name):
            raise PseudonymKeyError(
                "a pseudonym domain is 1-64 letters, digits and . _ : - (e.g. 'case-conference-2025-q3')"
            )
        derived = hmac.new(self._secret, b"desistkit/pseudonym-domain/v1/" + name.encode(), hashlib.sha256)
        return Pseudonymizer(name, derived.digest())

    def __repr__(self) -> str:
        return "<PseudonymKey (hidden)>"

    __str__ = __repr__

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a PseudonymKey is not pickled: keep the key in the secret store")


class Pseudonymizer:
    """Turns values into pseudonyms within one domain."""

    __slots__ = ("_key", "domain")

    def __init__(self, domain: str, derived_key: bytes) -> None:
        self.domain = domain
        self._key = derived_key

    def __call__(self, value: str, *, prefix: str = "C") -> str:
        digest = hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).digest()
        number = int.from_bytes(digest[: PSEUDONYM_BITS // 8], "big")
        chars = "".join(_CROCKFORD[(number >> shift) & 31] for shift in range(PSEUDONYM_BITS - 5, -1, -5))
        groups = "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))
        return f"{prefix}-{groups}"

    def __repr__(self) -> str:
        return f"<Pseudonymizer domain={self.domain!r}>"


def demo_key() -> PseudonymKey:
    """A fixed, public key for the fictional demo case only. Never use it for real cases: anyone
    can recompute its pseudonyms."""
    import hashlib

    return PseudonymKey(hashlib.sha256(b"desistkit demo key - fictional cases only").digest())
