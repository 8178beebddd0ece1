"""The handover bundle's envelope: a readable, signed header and an age-encrypted payload.

::

    offset  size  what
    0       8     magic  89 'D' 'K' 'H' 0D 0A 1A 0A  (as PNG's: catches text-mode transfers)
    8       1     format version (1)
    9       4     header length H, big-endian
    13      H     header: UTF-8 JSON (sender, recipients, created_at, audience; no personal data)
    13+H    8     payload length P, big-endian
    21+H    P     payload: an age file (age-encryption.org/v1, X25519) to every recipient
    21+H+P  64    Ed25519 signature of the sender over SIGNED_CONTEXT + bytes 0 .. 21+H+P

The signature covers everything before it and is checked before anything is decrypted; nothing may
follow it. The payload repeats the sender's fingerprint, so that a bundle re-signed by someone else
is refused after decryption too (encrypt-then-sign alone would let a third party claim it).
"""

from __future__ import annotations

import json
import struct
from typing import Any

import attrs

from desistkit.core.errors import HandoverError
from desistkit.handover.keys import PrivateKey, PublicKey

__all__ = ["BUNDLE_FORMAT", "Envelope", "open_envelope", "seal"]

BUNDLE_FORMAT = "desistkit-handover/1"
MAGIC = b"\x89DKH\r\n\x1a\n"
VERSION = 1
SIGNED_CONTEXT = b"desistkit-handover/1 signature\x00"
_SIGNATURE = 64
_MAX_HEADER = 1 << 20


@attrs.frozen
class Envelope:
    """A bundle whose signature was verified: its header and its still-encrypted payload."""

    header: dict[str, Any]
    sender: PublicKey
    payload: bytes = attrs.field(repr=False)


def seal(header: dict[str, Any], payload: bytes, signer: PrivateKey) -> bytes:
    """The bundle: magic, version, header, payload (already encrypted) and the signature."""
    head = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    body = b"".join(
        (
            MAGIC,
            bytes([VERSION]),
            struct.pack(">I", len(head)),
            head,
            struct.pack(">Q", len(payload)),
            payload,
        )
    )
    return body + signer.sign(SIGNED_CONTEXT + body)


def open_envelope(data: bytes, sender: PublicKey | None) -> Envelope:
    """Check the framing and the signature (with ``sender``, or the key the header names), nothing else.

    Raises:
        HandoverError: not a bundle, another version, truncated, extra bytes, a damaged header, or a
            signature that does not verify (the file was changed, or it is not from ``sender``).
    """
    if not isinstance(data, (bytes, bytearray)):
        raise HandoverError("a handover bundle is bytes")
    if len(data) < len(MAGIC) + 1 and data and MAGIC.startswith(bytes(data[: len(MAGIC)])):
        raise HandoverError("the handover file is truncated: ask the sender to send it again")
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 1:
        raise HandoverError("not a desistkit handover file (.dkh)")
    if data[len(MAGIC)] != VERSION:
        raise HandoverError(
            f"handover file format version {data[len(MAGIC)]}: this desistkit reads version {VERSION}"
        )
    at = len(MAGIC) + 1
    header_length = _number(data, at, ">I")
    at += 4
    if header_length > _MAX_HEADER:
        raise HandoverError("the handover file is damaged (its header length is impossible)")
    header_bytes = data[at : at + header_length]
    at += header_length
    payload_length = _number(data, at, ">Q")
    at += 8
    end = at + payload_length
    if len(data) < end + _SIGNATURE:
        raise HandoverError("the handover file is truncated: ask the sender to send it again")
    if len(data) > end + _SIGNATURE:
        raise HandoverError("the handover file was changed: it has bytes after its signature")
    body, signature = bytes(data[:end]), bytes(data[end:])
    claimed = sender or _claimed_sender(header_bytes)
    if not _verifies(claimed, signature, SIGNED_CONTEXT + body):
        if sender is not None:
            raise HandoverError(
                f"the signature does not match {sender.name!r} ({sender.fingerprint}): the file was "
                "changed on the way, or it is not from this sender"
            )
        raise HandoverError("the handover file was changed on the way: its signature does not match")
    header = _header(header_bytes)  # signed: now safe to read
    named = PublicKey.from_dict(header.get("sender"), "handover header: sender")
    if named != claimed:
        raise HandoverError("the handover file names another sender than the key that signed it")
    return Envelope(header, named, bytes(data[at:end]))


def _number(data: bytes, at: int, fmt: str) -> int:
    size = struct.calcsize(fmt)
    if len(data) < at + size:
        raise HandoverError("the handover file is truncated: ask the sender to send it again")
    value: int = struct.unpack_from(fmt, data, at)[0]
    return value


def _header(raw: bytes) -> dict[str, Any]:
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # read unsigned when no sender is given
        raise HandoverError("the handover file is damaged (its header is not readable)") from None
    if not isinstance(header, dict) or header.get("format") != BUNDLE_FORMAT:
        raise HandoverError(f"the handover file's header is not {BUNDLE_FORMAT!r}")
    return header


def _claimed_sender(raw: bytes) -> PublicKey:
    """The key the (not yet verified) header names: only used to check the signature with."""
    from desistkit.core.errors import KeyFileError

    header = _header(raw)
    try:
        return PublicKey.from_dict(header.get("sender"), "handover header: sender")
    except KeyFileError:
        raise HandoverError("the handover file is damaged (its sender's key is not readable)") from None


def _verifies(key: PublicKey, signature: bytes, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(key.verifying).verify(signature, message)
    except InvalidSignature:
        return False
    return True
