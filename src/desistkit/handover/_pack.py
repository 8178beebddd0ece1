"""pack() and open(): a case handed over as one encrypted, signed bundle. Bytes in, bytes out.

A bundle holds what the audience may receive (the shared case as a case file), the audit record of
that sharing and the handover letter, encrypted with age to every recipient and signed with the
sender's Ed25519 key (the envelope: :mod:`desistkit.handover._bundle`). Within the organisation the
audience is ``internal`` (the whole case); to another organisation it is ``handover`` (or an audience
of the organisation's policy), and the client's consent decides: without a consent for the audience
and its purpose that holds today, nothing is packed.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from desistkit.casefile import case_from_dict, case_to_dict, dumps_case
from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import HandoverError, KeyFileError, ValidationError
from desistkit.core.model import Case, Conference, Consent, Contribution, FactorReflection, Note, Session
from desistkit.export.letter import handover_letter_docx
from desistkit.handover._bundle import BUNDLE_FORMAT, open_envelope, seal
from desistkit.handover.keys import PrivateKey, PublicKey, _check_name
from desistkit.i18n.localizer import get_localizer
from desistkit.sharing import Policy, PseudonymKey, SharedCase, default_policy, share

__all__ = [
    "PAYLOAD_FORMAT",
    "Handover",
    "agreed_consents",
    "handover_letter",
    "open",
    "pack",
    "pack_with_audit",
]

PAYLOAD_FORMAT = "desistkit-handover-payload/1"


@attrs.frozen
class Handover:
    """An opened bundle: the case and what came with it, and who sent it when."""

    case: Case
    case_file: bytes = attrs.field(repr=False)  # the case file (JSON), to save as it is
    letter: bytes = attrs.field(repr=False)  # the handover letter (.docx)
    letter_lang: str
    audit: str = attrs.field(repr=False)  # the audit record of the sharing (JSON)
    sender: PublicKey
    sender_verified: bool  # True when checked against a key the recipient already had
    created_at: dt.datetime
    audience: str
    purpose: str
    consents: tuple[Consent, ...]  # the consent the case was handed over under (none: internal)


def agreed_consents(case: Case, audience: str, purpose: str, today: dt.date) -> tuple[Consent, ...]:
    """The consent records that let the case go to ``audience`` for ``purpose`` today.

    Raises:
        HandoverError: none does; the message says why (none given, withdrawn, expired, not yet).
    """
    named = [c for c in case.consents if audience in c.audiences and purpose in c.purposes]
    valid = tuple(c for c in named if c.is_valid_on(today))
    if valid:
        return valid
    refused = f"the client has not agreed to a handover to {audience!r} for {purpose!r}"
    withdrawn = sorted(c.withdrawn for c in named if c.withdrawn is not None and c.withdrawn <= today)
    expired = sorted(c.expires for c in named if c.expires is not None and c.expires < today)
    later = sorted(c.given for c in named if c.given > today)
    if withdrawn:
        reason = f"consent was withdrawn on {withdrawn[-1].isoformat()}"
    elif expired:
        reason = f"consent expired on {expired[-1].isoformat()}"
    elif later:
        reason = f"consent holds only from {later[0].isoformat()}"
    else:
        reason = f"no consent record names the audience {audience!r} with the purpose {purpose!r}"
    raise HandoverError(f"{refused}: {reason}")


def _shared(
    case: Case,
    audience: str,
    *,
    now: dt.datetime,
    key: PseudonymKey | None,
    policy: Policy | None,
    domain: str | None,
    lang: str,
    catalogue: Catalogue | None,
    on: dt.date | None,
) -> tuple[SharedCase, tuple[Consent, ...]]:
    rules = (policy or default_policy()).audience(audience)
    agreed = () if rules.internal else agreed_consents(case, audience, rules.purpose, now.date())
    shared = share(case, audience, now=now, on=on, key=key, policy=policy, domain=domain, lang=lang,
                   catalogue=catalogue)  # fmt: skip
    return shared, agreed


def handover_letter(
    case: Case,
    audience: str,
    *,
    lang: str = "en",
    now: dt.datetime | None = None,
    key: PseudonymKey | None = None,
    policy: Policy | None = None,
    domain: str | None = None,
    catalogue: Catalogue | None = None,
    on: dt.date | None = None,
) -> bytes:
    """The handover letter alone (.docx bytes), under the same consent rule as :func:`pack`."""
    moment = now or dt.datetime.now().astimezone()
    shared, agreed = _shared(case, audience, now=moment, key=key, policy=policy, domain=domain, lang=lang,
                             catalogue=catalogue, on=on)  # fmt: skip
    return handover_letter_docx(shared, get_localizer(lang), agreed=agreed, catalogue=catalogue)


def pack(
    case: Case,
    *,
    to: Sequence[PublicKey],
    audience: str,
    sign: PrivateKey,
    lang: str = "en",
    now: dt.datetime | None = None,
    key: PseudonymKey | None = None,
    policy: Policy | None = None,
    domain: str | None = None,
    catalogue: Catalogue | None = None,
    on: dt.date | None = None,
) -> bytes:
    """The handover bundle (.dkh bytes): [pack_with_audit][desistkit.handover.pack_with_audit]
    without the sender's audit record."""
    bundle, _ = pack_with_audit(case, to=to, audience=audience, sign=sign, lang=lang, now=now, key=key,
                                policy=policy, domain=domain, catalogue=catalogue, on=on)  # fmt: skip
    return bundle


def pack_with_audit(
    case: Case,
    *,
    to: Sequence[PublicKey],
    audience: str,
    sign: PrivateKey,
    lang: str = "en",
    now: dt.datetime | None = None,
    key: PseudonymKey | None = None,
    policy: Policy | None = None,
    domain: str | None = None,
    catalogue: Catalogue | None = None,
    on: dt.date | None = None,
) -> tuple[bytes, str]:
    """The handover bundle (.dkh bytes) of ``case`` for the recipients ``to``, signed with ``sign``,
    and the audit record (JSON) the sender keeps: what left, under which rules, never the values.

    Args:
        case: The full case.
        to: The recipients' public keys (a successor, the receiving organisation; yourself too if you
            want to open it again).
        audience: ``internal`` within the organisation, ``handover`` to another (or your policy's).
        sign: Your private key.
        lang: The language of the letter and of the notes (for redaction).
        now: The moment of the handover (default: the clock); consent must hold on its day.
        key: The pseudonym key, as for [share][desistkit.share]: ``handover`` pseudonymises the reference.
        policy: An organisation's sharing policy (default: the built-in one).
        domain: The pseudonym domain (default: the audience).
        on: Limits the sessions that go out, as for [share][desistkit.share]; consent is checked on
            the day of ``now``.
        catalogue: The catalogue the case was written with.

    Raises:
        HandoverError: no recipient, or the client has not agreed to this handover (the reason).
    """
    recipients = list(to)
    if not recipients or not all(isinstance(r, PublicKey) for r in recipients):
        raise HandoverError("a handover needs at least one recipient's public key")
    if not isinstance(sign, PrivateKey):
        raise HandoverError("a handover is signed with the sender's private key (PrivateKey)")
    moment = now or dt.datetime.now().astimezone()
    shared, agreed = _shared(case, audience, now=moment, key=key, policy=policy, domain=domain, lang=lang,
                             catalogue=catalogue, on=on)  # fmt: skip
    localizer = get_localizer(lang)
    letter = handover_letter_docx(shared, localizer, agreed=agreed, catalogue=catalogue)
    handed = _without_withheld(shared.localized(localizer).case)
    created = moment.isoformat(timespec="seconds")
    sender = sign.public
    payload = {
        "format": PAYLOAD_FORMAT,
        "sender": sender.fingerprint,
        "created_at": created,
        "audience": shared.audience,
        "purpose": shared.purpose,
        # Renumbered as share() renumbers them: a typed consent id may say more than "c1".
        "consents": [_consent_dict(attrs.evolve(c, id=f"c{i}")) for i, c in enumerate(agreed, 1)],
        "case": case_to_dict(handed),
        "audit": json.loads(shared.audit.to_json()),
        "letter": {"lang": localizer.language, "docx": base64.b64encode(letter).decode("ascii")},
    }
    import pyrage
    from pyrage import x25519

    plaintext = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    encrypted = pyrage.encrypt(plaintext, [x25519.Recipient.from_str(r.encryption) for r in recipients])
    header = {
        "format": BUNDLE_FORMAT,
        "sender": sender.as_dict(),
        "recipients": [{"name": r.name, "fingerprint": r.fingerprint} for r in recipients],
        "created_at": created,
        "audience": shared.audience,
    }
    return seal(header, encrypted, sign), shared.audit.to_json()


def open(  # the API's name for it (dk.handover.open), as in pack/open
    data: bytes,
    *,
    key: PrivateKey,
    sender: PublicKey | None = None,
    catalogue: Catalogue | None = None,
) -> Handover:
    """Verify, then decrypt, a handover bundle.

    The signature is checked first (against ``sender`` when given, else against the key the bundle
    names, which proves only that nothing was changed: compare its fingerprint with the sender by
    phone); then that the bundle is addressed to ``key``; only then is anything decrypted.

    Raises:
        HandoverError: tampered, truncated, not from ``sender``, not addressed to ``key``, or damaged.
        CaseFileError: the case inside is not a valid case file for ``catalogue``.
    """
    if not isinstance(key, PrivateKey):
        raise HandoverError("a handover is opened with the recipient's private key (PrivateKey)")
    envelope = open_envelope(data, sender)
    header = envelope.header
    mine = key.public
    recipients = header.get("recipients")
    if not isinstance(recipients, list) or not all(isinstance(r, dict) for r in recipients):
        raise HandoverError("the handover file's header has no readable list of recipients")
    if mine.fingerprint not in [r.get("fingerprint") for r in recipients]:
        names = _names(r.get("name") for r in recipients)
        raise HandoverError(
            f"the handover file is not addressed to your key ({mine.name}, {mine.fingerprint}); "
            f"it is for: {names}"
        )
    import pyrage
    from pyrage import x25519

    try:
        plaintext = pyrage.decrypt(envelope.payload, [x25519.Identity.from_str(key.decryption)])
    except pyrage.DecryptError:
        raise HandoverError("the handover file cannot be decrypted with your key") from None
    payload = _payload(plaintext)
    for field in ("created_at", "audience"):
        if payload.get(field) != header.get(field):
            raise HandoverError(
                f"the handover file is inconsistent: its header and content differ in {field}"
            )
    if payload.get("sender") != envelope.sender.fingerprint:
        raise HandoverError("the handover file was signed by someone other than its author: refused")
    try:
        created = dt.datetime.fromisoformat(payload["created_at"])
        letter = payload["letter"]
        letter_bytes = base64.b64decode(letter["docx"], validate=True)
        consents = tuple(Consent(**_consent_fields(c)) for c in payload["consents"])
        audit = json.dumps(payload["audit"], ensure_ascii=False, indent=2)
        audience, purpose, lang = str(payload["audience"]), str(payload["purpose"]), str(letter["lang"])
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise HandoverError(f"the handover file's content is damaged ({type(exc).__name__})") from None
    _check_letter(letter_bytes)
    case = case_from_dict(payload.get("case"), catalogue=catalogue, source="handover file: case")
    return Handover(case=case, case_file=dumps_case(case).encode("utf-8"), letter=letter_bytes,
                    letter_lang=lang, audit=audit, sender=envelope.sender, sender_verified=sender is not None,
                    created_at=created, audience=audience, purpose=purpose, consents=consents)  # fmt: skip


def _check_letter(data: bytes) -> None:
    """The letter goes to the recipient's Word: through the package gate like any document from
    outside, even from a verified sender (whose computer may not be clean)."""
    from desistkit.core.errors import DocumentError
    from desistkit.formats.package import DOCX, open_package

    try:
        package = open_package(data)
    except DocumentError as exc:
        said = "; ".join(p.message for p in exc.problems)
        raise HandoverError(f"the handover letter in the file is refused: {said}") from None
    if package.content_type != DOCX:
        raise HandoverError("the handover letter in the file is not a Word document")


def _names(names: Iterable[object]) -> str:
    """The recipients a bundle names, for the refusal: signed, but by anyone when no sender is
    given, so only names a key file could hold (one line, no control characters: no escape
    sequence reaches the terminal, no second line fakes a message), and at most five."""
    shown = []
    for name in names:
        try:
            shown.append(_check_name(name, "recipient"))
        except KeyFileError:
            shown.append("(a name that is not one line of text)")
    more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
    return ", ".join(shown[:5]) + more


def _payload(plaintext: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HandoverError("the handover file's content is damaged (not readable)") from None
    if not isinstance(payload, dict) or payload.get("format") != PAYLOAD_FORMAT:
        raise HandoverError(f"the handover file's content is not {PAYLOAD_FORMAT!r}")
    return payload


def _consent_dict(consent: Consent) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": consent.id,
        "audiences": list(consent.audiences),
        "purposes": list(consent.purposes),
        "given": consent.given.isoformat(),
        "factors": list(consent.factors),
        "topics": list(consent.topics),
    }
    if consent.expires is not None:
        data["expires"] = consent.expires.isoformat()
    return data


def _consent_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    fields["given"] = dt.date.fromisoformat(fields["given"])
    if "expires" in fields:
        fields["expires"] = dt.date.fromisoformat(fields["expires"])
    return fields


def _without_withheld(case: Case) -> Case:
    """The case the receiver gets as a file: notes and goals whose words stayed behind are left
    out (a case file has no "withheld" marker; the letter and the audit record count them)."""

    def keep(notes: tuple[Note, ...]) -> tuple[Note, ...]:
        return tuple(n for n in notes if not SharedCase.is_withheld(n.text))

    def reflection(r: FactorReflection) -> FactorReflection:
        return r.map_notes(keep)

    def session(s: Session) -> Session:
        return attrs.evolve(s, reflections=tuple(map(reflection, s.reflections)))

    def contribution(c: Contribution) -> Contribution:
        return attrs.evolve(c, reflections=tuple(map(reflection, c.reflections)))

    def conference(c: Conference) -> Conference:
        informed = c.client_informed
        return attrs.evolve(
            c,
            contributions=tuple(map(contribution, c.contributions)),
            actions=tuple(a for a in c.actions if not SharedCase.is_withheld(a.what)),
            recommendations=keep(c.recommendations),
            client_informed=None if informed is None or SharedCase.is_withheld(informed.text) else informed,
        )

    goals = tuple(g for g in case.goals if not SharedCase.is_withheld(g.wording))
    return attrs.evolve(case, sessions=tuple(map(session, case.sessions)), goals=goals,
                        conferences=tuple(map(conference, case.conferences)))  # fmt: skip
