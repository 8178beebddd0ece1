"""Handover keys: one key pair per organisation or caseworker, in two small text files.

A key pair holds two keys from two well-kept libraries, each doing the one job it is made for:

- **encryption**: an X25519 key of the `age <https://age-encryption.org/v1>`_ format (``pyrage``,
  Rust's ``rage`` behind a Python binding). age encrypts a file to several recipients at once and has
  a published specification and independent implementations;
- **signatures**: an Ed25519 key (``cryptography``, the Python Cryptographic Authority's library).

The public key file is short enough to paste into an e-mail; its fingerprint (six groups of five
digits) is what two people compare over the phone before they trust it. File formats, with their
version fields, are in ``docs/data-protection.md``. Pure: text in, text out; the CLI writes files.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from typing import Any

import attrs

from desistkit.core import _toml as tomllib
from desistkit.core.errors import KeyFileError
from desistkit.core.model import UNWRITABLE

__all__ = [
    "PRIVATE_KEY_FORMAT",
    "PUBLIC_KEY_FORMAT",
    "PrivateKey",
    "PublicKey",
    "generate_key_pair",
    "read_private_key",
    "read_public_key",
]

PUBLIC_KEY_FORMAT = "desistkit-public-key/1"
PRIVATE_KEY_FORMAT = "desistkit-private-key/1"
_ED25519 = "ed25519:"
_NAME_MAX = 200


# A name is printed to terminals (handover open shows sender and recipients): no control character
# of C0 or C1 (CSI U+009B starts an escape on 8-bit terminals) and no bidirectional override or
# isolate, which can make "exe.txt" read as "txt.exe".
_TERMINAL_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _check_name(name: object, where: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise KeyFileError(f"{where}: name must be a non-empty text")
    if len(name) > _NAME_MAX or UNWRITABLE.search(name) or _TERMINAL_CONTROL.search(name):
        raise KeyFileError(
            f"{where}: name must be one line of at most {_NAME_MAX} characters, without control characters"
        )
    return name.strip()


@attrs.frozen
class PublicKey:
    """Someone's public key: the name they gave it, the age recipient, the Ed25519 verifying key."""

    name: str
    encryption: str  # "age1..."
    verifying: bytes = attrs.field(repr=False)  # 32 bytes

    @property
    def fingerprint(self) -> str:
        """Six groups of five digits, for reading out over the phone; the name is part of it."""
        digest = hashlib.sha256(
            b"\0".join(
                (PUBLIC_KEY_FORMAT.encode(), self.name.encode(), self.encryption.encode(), self.verifying)
            )
        ).digest()
        # As Signal's safety numbers: five bytes to five decimal digits, six times (~100 bits).
        groups = (int.from_bytes(digest[i : i + 5], "big") % 100_000 for i in range(0, 30, 5))
        return " ".join(f"{g:05d}" for g in groups)

    def to_text(self) -> str:
        """The public key file: TOML, safe to send by e-mail."""
        return (
            "# desistkit public key: safe to send by e-mail or to publish.\n"
            "# Before you trust it, compare the fingerprint with its owner by phone.\n"
            f'format = "{PUBLIC_KEY_FORMAT}"\n'
            f"name = {json.dumps(self.name, ensure_ascii=False)}\n"
            f'encryption = "{self.encryption}"\n'
            f'signing = "{_ED25519}{base64.b64encode(self.verifying).decode()}"\n'
            f'fingerprint = "{self.fingerprint}"\n'
        )

    def as_dict(self) -> dict[str, str]:
        """The key as it appears in a bundle's header."""
        return {
            "name": self.name,
            "encryption": self.encryption,
            "signing": _ED25519 + base64.b64encode(self.verifying).decode(),
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str) -> PublicKey:
        """A public key from a key file's or a bundle header's fields (``where`` names them in errors)."""
        if not isinstance(data, dict):
            raise KeyFileError(f"{where}: expected a table of key fields")
        _require(data, ("name", "encryption", "signing"), where)
        name = _check_name(data.get("name"), where)
        encryption = data.get("encryption")
        if not isinstance(encryption, str) or not encryption.startswith("age1"):
            raise KeyFileError(f"{where}: encryption must be an age public key (age1...)")
        import pyrage
        from pyrage import x25519

        try:
            x25519.Recipient.from_str(encryption)
        except pyrage.RecipientError:
            raise KeyFileError(f"{where}: encryption is not a valid age public key (damaged?)") from None
        verifying = _ed25519_bytes(data.get("signing"), where, "signing")
        key = cls(name, encryption, verifying)
        given = data.get("fingerprint")
        if given is not None and given != key.fingerprint:
            raise KeyFileError(f"{where}: the fingerprint does not match the keys: the file was changed")
        return key


@attrs.frozen
class PrivateKey:
    """Your private key: decrypts what was sent to you and signs what you send. Never share it."""

    name: str
    decryption: str = attrs.field(repr=False)  # "AGE-SECRET-KEY-1..."
    signing_seed: bytes = attrs.field(repr=False)  # 32 bytes

    @property
    def public(self) -> PublicKey:
        """The matching public key."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
        from pyrage import x25519

        recipient = str(x25519.Identity.from_str(self.decryption).to_public())
        verifying = (
            Ed25519PrivateKey.from_private_bytes(self.signing_seed)
            .public_key()
            .public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        return PublicKey(self.name, recipient, verifying)

    def sign(self, message: bytes) -> bytes:
        """An Ed25519 signature (64 bytes)."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(self.signing_seed).sign(message)

    def to_text(self) -> str:
        """The private key file: TOML. Keep it on the caseworker's computer, readable by them only."""
        return (
            "# desistkit PRIVATE key: never send it to anyone. Whoever has this file can read what\n"
            "# was handed over to you and sign in your name. Keep a backup where only you can reach it.\n"
            f'format = "{PRIVATE_KEY_FORMAT}"\n'
            f"name = {json.dumps(self.name, ensure_ascii=False)}\n"
            f'decryption = "{self.decryption}"\n'
            f'signing = "{_ED25519}{base64.b64encode(self.signing_seed).decode()}"\n'
            f'fingerprint = "{self.public.fingerprint}"\n'
        )


def generate_key_pair(name: str) -> PrivateKey:
    """A new key pair for an organisation or a person (``name``: how others will see it)."""
    import os

    from pyrage import x25519

    name = _check_name(name, "name")
    return PrivateKey(name, str(x25519.Identity.generate()), os.urandom(32))


def read_public_key(text: str | bytes, *, source: str = "public key") -> PublicKey:
    """A public key from its file's text; [KeyFileError][desistkit.KeyFileError] names what is wrong."""
    data = _parse(text, source, PUBLIC_KEY_FORMAT, PRIVATE_KEY_FORMAT, "a private key: give its .pub file")
    return PublicKey.from_dict(data, source)


def read_private_key(text: str | bytes, *, source: str = "private key") -> PrivateKey:
    """A private key from its file's text; [KeyFileError][desistkit.KeyFileError] names what is wrong."""
    data = _parse(text, source, PRIVATE_KEY_FORMAT, PUBLIC_KEY_FORMAT, "a public key: give your .key file")
    _require(data, ("name", "decryption", "signing"), source)
    name = _check_name(data.get("name"), source)
    decryption = data.get("decryption")
    if not isinstance(decryption, str) or not decryption.startswith("AGE-SECRET-KEY-1"):
        raise KeyFileError(f"{source}: decryption must be an age secret key (AGE-SECRET-KEY-1...)")
    import pyrage
    from pyrage import x25519

    try:
        x25519.Identity.from_str(decryption)
    except pyrage.IdentityError:
        raise KeyFileError(f"{source}: decryption is not a valid age secret key (damaged?)") from None
    key = PrivateKey(name, decryption, _ed25519_bytes(data.get("signing"), source, "signing"))
    given = data.get("fingerprint")
    if given is not None and given != key.public.fingerprint:
        raise KeyFileError(f"{source}: the fingerprint does not match the keys: the file was changed")
    return key


def _parse(text: str | bytes, source: str, expected: str, other: str, hint: str) -> dict[str, Any]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise KeyFileError(f"{source}: not a desistkit key file (not UTF-8 text)") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KeyFileError(f"{source}: not a desistkit key file ({exc})") from None
    version = data.get("format")
    if version == other:
        raise KeyFileError(f"{source}: this is {hint}")
    if not isinstance(version, str) or not version.startswith(expected.rsplit("/", 1)[0] + "/"):
        raise KeyFileError(f"{source}: format must be {expected!r}: not a desistkit key file")
    if version != expected:
        shown = version if len(version) < 40 else "another version"
        raise KeyFileError(
            f"{source}: format {shown!r} is not one this desistkit reads (it reads {expected!r})"
        )
    unknown = sorted(set(data) - {"format", "name", "encryption", "decryption", "signing", "fingerprint"})
    if unknown:
        raise KeyFileError(f"{source}: unknown field {unknown[0]!r}")
    return data


def _require(data: dict[str, Any], fields: tuple[str, ...], where: str) -> None:
    missing = [f for f in fields if f not in data]
    if missing:
        raise KeyFileError(f"{where}: {missing[0]} is missing: the file is incomplete")


def _ed25519_bytes(value: object, where: str, field: str) -> bytes:
    if not isinstance(value, str) or not value.startswith(_ED25519):
        raise KeyFileError(f"{where}: {field} must be an Ed25519 key ({_ED25519}...)")
    try:
        raw = base64.b64decode(value[len(_ED25519) :], validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise KeyFileError(f"{where}: {field} is not a valid Ed25519 key (damaged?)")
    return raw
