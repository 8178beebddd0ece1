"""Continuity: a case handed over, encrypted and signed, to a successor or another organisation.

::

    import desistkit.handover as handover

    mine = handover.read_private_key(open("lena.key").read())
    them = handover.read_public_key(open("probation-hamburg.pub").read())
    bundle = handover.pack(case, to=[them], audience="handover", sign=mine, key=pseudonym_key, lang="de")
    opened = handover.open(bundle, key=their_key, sender=mine.public)   # opened.case, .letter, ...

Keys (:mod:`desistkit.handover.keys`): age (X25519) for encryption, Ed25519 for signatures. The file
formats are in ``docs/data-protection.md``; caseworkers read ``docs/handover.md``. Pure: bytes in,
bytes out; the command line (``desistkit keys``, ``desistkit handover``) reads and writes the files.
"""

from __future__ import annotations

from desistkit.handover._bundle import BUNDLE_FORMAT
from desistkit.handover._pack import (
    PAYLOAD_FORMAT,
    Handover,
    agreed_consents,
    handover_letter,
    open,
    pack,
    pack_with_audit,
)
from desistkit.handover.keys import (
    PRIVATE_KEY_FORMAT,
    PUBLIC_KEY_FORMAT,
    PrivateKey,
    PublicKey,
    generate_key_pair,
    read_private_key,
    read_public_key,
)

__all__ = [
    "BUNDLE_FORMAT",
    "PAYLOAD_FORMAT",
    "PRIVATE_KEY_FORMAT",
    "PUBLIC_KEY_FORMAT",
    "Handover",
    "PrivateKey",
    "PublicKey",
    "agreed_consents",
    "generate_key_pair",
    "handover_letter",
    "open",
    "pack",
    "pack_with_audit",
    "read_private_key",
    "read_public_key",
]
