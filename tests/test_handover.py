"""Handover: keys, the encrypted and signed bundle, the consent it needs, and the handover letter."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import stat
import struct
import zipfile
from pathlib import Path

import attrs
import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import desistkit as dk
import desistkit.handover as ho
from conftest import EXAMPLES, convert_to_pdf, run_cli, temporaries
from desistkit.handover._bundle import MAGIC, seal
from desistkit.sharing import KnownIdentifiers
from ooxml_schema import require_schemas, validate_package

PRISON = next(p for p in EXAMPLES if p.name == "prison-case.json")
KEY = dk.PseudonymKey(bytes(range(32)))
NOW = dt.datetime(2026, 2, 2, 9, 30, tzinfo=dt.timezone.utc)
HANDOVER_CONSENT = dk.Consent(
    "handover-to-probation",
    audiences=["handover"],
    purposes=["continuity"],
    given=dt.date(2026, 1, 20),
    factors=["employment", "family_of_origin", "motivation_to_leave"],
    topics=["goals", "working_relationship", "handover_note"],
    expires=dt.date(2026, 7, 31),
)


@pytest.fixture(scope="module")
def alice() -> ho.PrivateKey:
    return ho.generate_key_pair("Exit Hamburg e.V.")


@pytest.fixture(scope="module")
def bob() -> ho.PrivateKey:
    return ho.generate_key_pair("Bewährungshilfe Hamburg")


@pytest.fixture(scope="module")
def mallory() -> ho.PrivateKey:
    return ho.generate_key_pair("Someone else")


def _case(consent: dk.Consent | None = HANDOVER_CONSENT) -> dk.Case:
    """The prison example with the client's agreement to the handover and a note for the successor
    that names the client and a contact (to be redacted for another organisation)."""
    case = dk.load_case(PRISON)
    assert case.client is not None
    given, family = case.client.given_names[0], case.client.family_names[0]
    contact = case.client.contacts[0].name
    note = dk.Note(
        f"{given} {family} opens up in the mornings. Before any family meeting speak with {contact}; "
        "he wants to keep the welding course going after release.",
        dk.Perspective.PROFESSIONAL,
        shareable=True,
    )
    consents = (*case.consents, consent) if consent else case.consents
    return attrs.evolve(case, consents=consents, handover_note=note)


def _secrets(case: dk.Case) -> list[str]:
    """Every identifier of the client record, every note text, the handover note and the reference."""
    assert case.client is not None
    values = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 4]
    notes = [n.text for s in case.sessions for r in s.reflections for n in r.all_notes]
    notes += [s.working_relationship.note.text for s in case.sessions if s.working_relationship and
              s.working_relationship.note]  # fmt: skip
    notes += [g.wording for g in case.goals]
    for c in case.conferences:
        notes += [n.text for x in c.contributions for r in x.reflections for n in r.all_notes]
        notes += [a.what for a in c.actions] + [n.text for n in c.recommendations]
        notes += [c.client_informed.text] if c.client_informed else []
    assert case.handover_note is not None
    return [*values, *notes, case.handover_note.text, case.reference]


@pytest.mark.parametrize("audience", ["internal", "handover"])
def test_no_plaintext_of_any_note_or_identifier_in_the_bundle(
    audience: str, alice: ho.PrivateKey, bob: ho.PrivateKey
) -> None:
    """Not a name, a number, a note (nor 24 characters of one) or the reference appears in the bytes."""
    case = _case()
    bundle = ho.pack(case, to=[bob.public], audience=audience, sign=alice, key=KEY, lang="de", now=NOW)
    secrets = _secrets(case)
    assert len(secrets) > 60
    for secret in secrets:
        for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
            assert encoded[:48] not in bundle, secret[:10]
    assert b"sender" in bundle and "Bewährungshilfe Hamburg".encode() in bundle  # the header is readable


def test_internal_round_trip_gives_back_the_whole_case(alice: ho.PrivateKey, bob: ho.PrivateKey) -> None:
    """A successor in the same organisation gets the case exactly, with who sent it and when."""
    assert dk.handover.pack is ho.pack and dk.retention.apply is not None  # dk.handover, as documented
    case = _case()
    bundle = ho.pack(case, to=[bob.public, alice.public], audience="internal", sign=alice, lang="fi", now=NOW)
    opened = ho.open(bundle, key=bob, sender=alice.public)
    assert opened.case == case
    assert dk.loads_case(opened.case_file) == case
    assert (opened.sender, opened.sender_verified, opened.created_at) == (alice.public, True, NOW)
    assert (opened.audience, opened.consents, opened.letter_lang) == ("internal", (), "fi")
    assert ho.open(bundle, key=alice).case == case  # every recipient can open it
    assert not ho.open(bundle, key=alice).sender_verified
    letter = docx.Document(io.BytesIO(opened.letter))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert case.handover_note is not None and case.handover_note.text in text
    contacts = "\n".join(c.text for t in letter.tables for row in t.rows for c in row.cells)
    assert case.client is not None and all(c.name in contacts for c in case.client.contacts)


def test_handover_round_trip_gives_what_the_client_agreed_to(
    alice: ho.PrivateKey, bob: ho.PrivateKey
) -> None:
    """Another organisation gets the consented factors and topics, redacted, under a pseudonym."""
    case = _case()
    bundle = ho.pack(case, to=[bob.public], audience="handover", sign=alice, key=KEY, lang="en", now=NOW)
    opened = ho.open(bundle, key=bob, sender=alice.public)
    got = opened.case
    assert got.client is None
    assert got.reference != case.reference and re.fullmatch(r"C-[0-9A-Z-]+", got.reference)
    reflected = {r.factor_id for s in got.sessions for r in s.reflections}
    assert reflected and reflected <= set(HANDOVER_CONSENT.factors)
    for secret in _secrets(case)[:20]:  # the client record's values
        assert secret not in opened.case_file.decode("utf-8")
    assert got.handover_note is not None and "[PERSON" in got.handover_note.text
    assert "welding course" in got.handover_note.text
    assert all(n.shareable for s in got.sessions for r in s.reflections for n in r.all_notes)
    assert {g.id for g in got.goals} <= {f"g{i}" for i in range(1, 10)}
    assert [(c.given, c.expires, c.factors) for c in opened.consents] == [
        (HANDOVER_CONSENT.given, HANDOVER_CONSENT.expires, HANDOVER_CONSENT.factors)
    ]
    assert opened.consents[0].id == "c1"  # renumbered like every id an external audience sees
    audit = json.loads(opened.audit)
    assert audit["audience"] == "handover" and audit["purpose"] == "continuity"


def test_the_conferences_go_over_as_the_client_agreed(alice: ho.PrivateKey, bob: ho.PrivateKey) -> None:
    """An agency's notes reach the next organisation only for the factors the client agreed to hand
    over, redacted; actions, recommendations and what he was told only with the topic
    ``conference``; nothing withheld is in the case file (the audit record counts it)."""
    case = _case(attrs.evolve(HANDOVER_CONSENT, topics=[*HANDOVER_CONSENT.topics, "conference"]))
    assert case.client is not None
    name = case.client.contacts[1].name  # the sister, named in a contribution the way people write
    first = case.conferences[-1].contributions[0]
    family = first.reflection("family_of_origin")
    assert family is not None
    planted = dk.Note(f"{name} offered to come to the next conference.", dk.Perspective.SURROUNDINGS,
                      shareable=True)  # fmt: skip
    family = attrs.evolve(family, known=(*family.known, planted))
    first = attrs.evolve(first, reflections=tuple(family if r.factor_id == "family_of_origin" else r
                                                  for r in first.reflections))  # fmt: skip
    conference = attrs.evolve(
        case.conferences[-1], contributions=(first, *case.conferences[-1].contributions[1:])
    )
    case = attrs.evolve(case, conferences=(*case.conferences[:-1], conference))
    bundle = ho.pack(case, to=[bob.public], audience="handover", sign=alice, key=KEY, lang="en", now=NOW)
    opened = ho.open(bundle, key=bob, sender=alice.public)
    text = opened.case_file.decode("utf-8")
    assert name not in text and "\\ue000" not in text and "withheld" not in text
    got = opened.case.conferences
    assert [c.id for c in got] == ["cc1", "cc2"]
    factors = {r.factor_id for c in got for x in c.contributions for r in x.reflections}
    assert factors and factors <= set(HANDOVER_CONSENT.factors)
    notes = [n.text for c in got for x in c.contributions for r in x.reflections for n in r.all_notes]
    assert "[PERSON 1] offered to come to the next conference." in notes
    assert [a.what for a in got[-1].actions] == [a.what for a in case.conferences[-1].actions if a.shareable]
    assert got[-1].recommendations and got[-1].client_informed is not None
    without = ho.open(ho.pack(_case(), to=[bob.public], audience="handover", sign=alice, key=KEY, now=NOW),
                      key=bob).case.conferences  # fmt: skip
    assert all(not c.actions and not c.recommendations and c.client_informed is None for c in without)
    audit = json.loads(ho.open(bundle, key=bob).audit)
    assert audit["actions"] == {"shared": 4, "withheld_not_shareable": 1}
    assert audit["conferences"]["shared"] == 2


@pytest.mark.parametrize(
    ("consent", "reason"),
    [
        (None, "no consent record names the audience 'handover' with the purpose 'continuity'"),
        (
            attrs.evolve(HANDOVER_CONSENT, withdrawn=dt.date(2026, 2, 1)),
            "consent was withdrawn on 2026-02-01",
        ),
        (attrs.evolve(HANDOVER_CONSENT, expires=dt.date(2026, 1, 31)), "consent expired on 2026-01-31"),
        (attrs.evolve(HANDOVER_CONSENT, purposes=["case-planning"]), "no consent record names"),
    ],
)
def test_without_the_clients_agreement_nothing_is_packed(
    consent: dk.Consent | None, reason: str, alice: ho.PrivateKey, bob: ho.PrivateKey
) -> None:
    """The refusal says why: no consent for the audience and purpose, withdrawn, or expired."""
    with pytest.raises(dk.HandoverError, match="the client has not agreed to a handover") as info:
        ho.pack(_case(consent), to=[bob.public], audience="handover", sign=alice, key=KEY, now=NOW)
    assert reason in str(info.value)
    with pytest.raises(dk.HandoverError, match=reason):
        ho.handover_letter(_case(consent), "handover", key=KEY, now=NOW)


@pytest.fixture(scope="module")
def bundle(alice: ho.PrivateKey, bob: ho.PrivateKey) -> bytes:
    return ho.pack(_case(), to=[bob.public], audience="handover", sign=alice, key=KEY, now=NOW)


def _positions(data: bytes) -> dict[str, int]:
    header_length = struct.unpack_from(">I", data, 9)[0]
    payload_at = 13 + header_length + 8
    return {
        "magic": 1,
        "version": 8,
        "header length": 12,
        "header": 13 + header_length // 2,
        "payload length": 13 + header_length + 7,
        "age header": payload_at + 30,
        "ciphertext": payload_at + (len(data) - 64 - payload_at) // 2,
        "last ciphertext byte": len(data) - 65,
        "signature": len(data) - 40,
        "last byte": len(data) - 1,
    }


@pytest.mark.parametrize(
    "where",
    ["magic", "version", "header length", "header", "payload length", "age header", "ciphertext",
     "last ciphertext byte", "signature", "last byte"],
)  # fmt: skip
def test_a_flipped_byte_anywhere_is_refused(
    where: str, bundle: bytes, alice: ho.PrivateKey, bob: ho.PrivateKey
) -> None:
    """Header, lengths, ciphertext, signature: any change is refused, with or without --from."""
    at = _positions(bundle)[where]
    damaged = bytearray(bundle)
    damaged[at] ^= 0x01
    for sender in (alice.public, None):
        with pytest.raises(dk.HandoverError) as info:
            ho.open(bytes(damaged), key=bob, sender=sender)
        assert "\n" not in str(info.value)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_byte_is_refused(data: st.DataObject, bundle: bytes, bob: ho.PrivateKey) -> None:
    """Any one byte changed to any other value: refused, whoever the reader takes as the sender."""
    at = data.draw(st.integers(0, len(bundle) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda v: v != bundle[at]))
    with pytest.raises(dk.HandoverError):
        ho.open(bundle[:at] + bytes([value]) + bundle[at + 1 :], key=bob)


@pytest.mark.parametrize("length", [0, 5, 9, 12, 100, -65, -64, -1])
def test_a_truncated_file_is_refused(length: int, bundle: bytes, bob: ho.PrivateKey) -> None:
    """Cut anywhere: the message says it is truncated (or no handover file at all when nearly empty)."""
    with pytest.raises(dk.HandoverError, match=r"truncated|not a desistkit handover file"):
        ho.open(bundle[:length], key=bob)
    with pytest.raises(dk.HandoverError, match="bytes after its signature"):
        ho.open(bundle + b"\0", key=bob)


def test_wrong_recipient_and_wrong_sender_are_refused(
    bundle: bytes, alice: ho.PrivateKey, bob: ho.PrivateKey, mallory: ho.PrivateKey
) -> None:
    """Someone it is not addressed to cannot open it; a bundle checked against another sender is refused."""
    with pytest.raises(
        dk.HandoverError, match=r"not addressed to your key .*it is for: Bewährungshilfe Hamburg"
    ):
        ho.open(bundle, key=mallory)
    with pytest.raises(dk.HandoverError, match="signature does not match 'Someone else'"):
        ho.open(bundle, key=bob, sender=mallory.public)


def test_a_bundle_re_signed_by_someone_else_is_refused(
    bundle: bytes, alice: ho.PrivateKey, bob: ho.PrivateKey, mallory: ho.PrivateKey
) -> None:
    """Stripping the signature and signing as someone else is caught inside: the author is repeated."""
    header_length = struct.unpack_from(">I", bundle, 9)[0]
    header = json.loads(bundle[13 : 13 + header_length])
    header["sender"] = mallory.public.as_dict()
    payload = bundle[13 + header_length + 8 : -64]
    forged = seal(header, payload, mallory)
    with pytest.raises(dk.HandoverError, match="signed by someone other than its author"):
        ho.open(forged, key=bob)
    with pytest.raises(dk.HandoverError, match="signature does not match"):
        ho.open(forged, key=bob, sender=alice.public)


def test_another_format_version_is_named(bundle: bytes, bob: ho.PrivateKey) -> None:
    """A bundle of a later format says which version it is."""
    later = bundle[:8] + b"\x02" + bundle[9:]
    with pytest.raises(dk.HandoverError, match="format version 2: this desistkit reads version 1"):
        ho.open(later, key=bob)
    assert bundle.startswith(MAGIC)


# --- key files ---------------------------------------------------------------------------------


def test_key_files_round_trip_with_a_fingerprint_to_read_out(alice: ho.PrivateKey) -> None:
    """Both files read back to the same keys; the fingerprint is six groups of five digits."""
    assert ho.read_private_key(alice.to_text()) == alice
    assert ho.read_public_key(alice.public.to_text()) == alice.public
    assert re.fullmatch(r"(\d{5} ){5}\d{5}", alice.public.fingerprint)
    assert len(alice.public.to_text()) < 500  # short enough to paste into an e-mail
    assert "AGE-SECRET-KEY" not in alice.public.to_text() and "AGE-SECRET-KEY" not in repr(alice)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("desistkit-public-key/1", "desistkit-public-key/2"),
         "format 'desistkit-public-key/2' is not one this desistkit reads"),
        (lambda t: t.replace('format = "desistkit-public-key/1"\n', ""),
         "format must be 'desistkit-public-key/1'"),
        (lambda t: t.replace("Exit Hamburg", "Exit Hamburq"), "the fingerprint does not match the keys"),
        (lambda t: re.sub(r'(encryption = "age1)(.)', lambda m: m[1] + ("q" if m[2] != "q" else "p"), t),
         "not a valid age public key|fingerprint does not match"),
        (lambda t: re.sub(r'signing = "ed25519:[^"]{4}', 'signing = "ed25519:', t),
         "signing is not a valid Ed25519"),
        (lambda t: t[: len(t) // 2], "is missing: the file is incomplete|not a desistkit key file"),
        (lambda t: "\x00\xff", "not a desistkit key file"),
    ],
)  # fmt: skip
def test_a_damaged_public_key_file_is_named(change: object, message: str, alice: ho.PrivateKey) -> None:
    """Another version, no format, a changed name or key, half a file, binary junk: one clear line."""
    text = change(alice.public.to_text())  # type: ignore[operator]
    with pytest.raises(dk.KeyFileError, match=message) as info:
        ho.read_public_key(text, source="alice.pub")
    assert str(info.value).startswith("alice.pub: ") and "\n" not in str(info.value)


def test_private_and_public_key_files_are_not_mixed_up(alice: ho.PrivateKey) -> None:
    """Giving the private key where the public key belongs (or the other way round) is named."""
    with pytest.raises(dk.KeyFileError, match=r"this is a private key: give its \.pub file"):
        ho.read_public_key(alice.to_text())
    with pytest.raises(dk.KeyFileError, match=r"this is a public key: give your \.key file"):
        ho.read_private_key(alice.public.to_text())
    with pytest.raises(dk.KeyFileError, match="format 'desistkit-private-key/9' is not one"):
        ho.read_private_key(alice.to_text().replace("private-key/1", "private-key/9"))


# --- the handover letter -----------------------------------------------------------------------


def _letter(lang: str, audience: str = "handover") -> bytes:
    return ho.handover_letter(_case(), audience, lang=lang, key=KEY, now=NOW)


@pytest.mark.parametrize("audience", ["handover", "internal"])
def test_letter_is_valid_accessible_and_says_what_was_agreed(audience: str) -> None:
    """Schema-valid, headings and table captions, deterministic; the consent and the open goals."""
    require_schemas()
    data = _letter("en", audience)
    assert validate_package(data) == []
    assert data == _letter("en", audience)
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "What the client agreed to pass on",
        "The working relationship over time",
        "Open goals",
        "Open questions for the next session",
        "Blind spots",
        "Agreed contacts and their roles",
        "From the previous caseworker",
    ]
    xml = document.element.xml
    assert xml.count("<w:tblCaption ") == len(document.tables) >= 2
    text = "\n".join(p.text for p in document.paragraphs)
    if audience == "handover":
        assert "Consent given on Jan 20, 2026: Employment, Family of origin" in text
        assert "Valid until Jul 31, 2026." in text
        case = _case()
        assert case.client is not None and case.client.family_names[0] not in xml
    else:
        assert "the complete case file, including personal data" in text
    goals = document.tables[0]
    assert [c.text for c in goals.rows[0].cells] == ["Goal", "Lead person", "Review date", "Status"]
    assert len(goals.rows) > 1


def test_letter_speaks_every_language() -> None:
    """Every EU language: the headings are that language's (no English left), the file is valid."""
    require_schemas()
    english = docx.Document(io.BytesIO(_letter("en"))).paragraphs[0].text
    for lang in dk.EU_LANGUAGES:
        if lang == "en":
            continue
        document = docx.Document(io.BytesIO(_letter(lang)))
        loc = dk.get_localizer(lang)
        assert document.paragraphs[0].text.startswith(loc.text("handover.title")), lang
        assert document.paragraphs[0].text != english
        headings = {p.text for p in document.paragraphs if p.style.name == "Heading 1"}
        assert loc.text("handover.agreed_heading") in headings and "Open goals" not in headings, lang


@pytest.mark.libreoffice
def test_letter_opens_in_libreoffice(soffice: str, tmp_path: Path) -> None:
    """LibreOffice converts the letter (German, the longest words) to a PDF of two or more pages."""
    source = tmp_path / "letter.docx"
    source.write_bytes(_letter("de"))
    pdf = convert_to_pdf(soffice, source, tmp_path)
    assert pdf.stat().st_size > 10_000


# --- the command line --------------------------------------------------------------------------


OPEN_ENDED = attrs.evolve(HANDOVER_CONSENT, expires=None)  # the command line reads the real clock


def _keys(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    for name in ("Exit Hamburg e.V.", "Bewährungshilfe Hamburg"):
        result = run_cli("keys", "pair", "--name", name, "-o", str(tmp_path / "keys"))
        assert result.returncode == 0, result.stderr
    folder = tmp_path / "keys"
    return (folder / "exit-hamburg-e-v.key", folder / "exit-hamburg-e-v.pub",
            folder / "bewahrungshilfe-hamburg.key", folder / "bewahrungshilfe-hamburg.pub")  # fmt: skip


def test_cli_keys_pack_open(tmp_path: Path) -> None:
    """keys pair (private key 0600), handover pack, open with --from: the case, letter and audit."""
    a_key, a_pub, b_key, b_pub = _keys(tmp_path)
    assert stat.S_IMODE(a_key.stat().st_mode) == 0o600
    shown = run_cli("keys", "show", str(a_pub))
    assert shown.stdout.startswith("name: Exit Hamburg e.V.\nfingerprint: ")
    case = tmp_path / "case.json"
    dk.save_case(_case(OPEN_ENDED), case)
    key = tmp_path / "pseudonym.key"
    key.write_text(bytes(range(32)).hex(), encoding="utf-8")
    bundle = tmp_path / "case.dkh"
    result = run_cli("handover", "pack", str(case), "--to", str(b_pub), "--audience", "handover", "--sign",
                     str(a_key), "--key-file", str(key), "--lang", "de", "-o", str(bundle),
                     "--audit", str(tmp_path / "sent.json"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    sent = json.loads((tmp_path / "sent.json").read_text("utf-8"))  # the sender's record of what left
    assert (sent["audience"], sent["purpose"]) == ("handover", "continuity") and sent["notes"]["shared"] > 0
    out = tmp_path / "received"
    out.mkdir()
    result = run_cli("handover", "open", str(bundle), "--key", str(b_key), "--from", str(a_pub),
                     "-o", str(out / "case.json"), "--letter", str(out / "letter.docx"),
                     "--audit", str(out / "audit.json"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "from: Exit Hamburg e.V. (fingerprint " in result.stderr and "checked against" in result.stderr
    assert "consent: given 2026-01-20; covers employment, family_of_origin" in result.stderr
    assert dk.load_case(out / "case.json").client is None
    assert sorted(p.name for p in out.iterdir()) == ["audit.json", "case.json", "letter.docx"]


def test_cli_refuses_before_writing_anything(tmp_path: Path) -> None:
    """Tampered, truncated, wrongly addressed, wrong sender, no consent: one line, exit 1, no file."""
    a_key, _, b_key, b_pub = _keys(tmp_path)
    case = tmp_path / "case.json"
    dk.save_case(_case(), case)
    bundle = tmp_path / "case.dkh"
    assert run_cli("handover", "pack", str(case), "--to", str(b_pub), "--audience", "internal",
                   "--sign", str(a_key), "-o", str(bundle)).returncode == 0  # fmt: skip
    data = bundle.read_bytes()
    flipped, truncated = tmp_path / "flipped.dkh", tmp_path / "truncated.dkh"
    flipped.write_bytes(data[:-300] + bytes([data[-300] ^ 0x80]) + data[-299:])
    truncated.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    out.mkdir()
    attempts = [
        ([str(flipped), "--key", str(b_key)], "was changed on the way"),
        ([str(truncated), "--key", str(b_key)], "truncated"),
        ([str(bundle), "--key", str(a_key)], "not addressed to your key"),
        ([str(bundle), "--key", str(b_key), "--from", str(b_pub)], "signature does not match"),
    ]
    for arguments, message in attempts:
        result = run_cli("handover", "open", *arguments, "-o", str(out / "case.json"), "--letter",
                         str(out / "letter.docx"))  # fmt: skip
        assert result.returncode == 1, arguments
        assert result.stderr.count("\n") == 1 and message in result.stderr
        assert "Traceback" not in result.stderr
        assert list(out.iterdir()) == [] and temporaries(out) == []
    broken = tmp_path / "broken.pub"
    broken.write_text(
        b_pub.read_text("utf-8").replace("desistkit-public-key/1", "desistkit-public-key/7"), "utf-8"
    )
    result = run_cli("handover", "pack", str(case), "--to", str(broken), "--audience", "internal",
                     "--sign", str(a_key), "-o", str(out / "x.dkh"))  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "desistkit: broken.pub: format 'desistkit-public-key/7' is not one this desistkit reads "
        "(it reads 'desistkit-public-key/1')\n"
    )
    dk.save_case(_case(None), case, force=True)
    result = run_cli("handover", "pack", str(case), "--to", str(b_pub), "--audience", "handover",
                     "--sign", str(a_key), "-o", str(out / "x.dkh"))  # fmt: skip
    assert result.returncode == 1
    assert "the client has not agreed to a handover to 'handover'" in result.stderr
    assert list(out.iterdir()) == []


def test_cli_letter(tmp_path: Path) -> None:
    """`desistkit handover letter CASE --lang L --audience internal -o FILE.docx`."""
    case = tmp_path / "case.json"
    dk.save_case(_case(), case)
    out = tmp_path / "letter.docx"
    result = run_cli(
        "handover", "letter", str(case), "--lang", "sv", "--audience", "internal", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert docx.Document(str(out)).paragraphs[0].text.startswith("Överlämningsbrev")


def test_a_letter_that_is_no_clean_word_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, alice: ho.PrivateKey, bob: ho.PrivateKey
) -> None:
    """Even from a verified sender, the letter passes the package gate before it reaches Word."""
    from desistkit.handover import _pack

    monkeypatch.setattr(_pack, "handover_letter_docx", lambda *args, **kwargs: b"PK\x03\x04 not a package")
    bundle = ho.pack(_case(), to=[bob.public], audience="internal", sign=alice, now=NOW)
    with pytest.raises(dk.HandoverError, match="the handover letter in the file is refused: "):
        ho.open(bundle, key=bob, sender=alice.public)


# --- tampered bundles: forged by someone who knows the recipient's public key ----------------------


def _split(data: bytes) -> tuple[dict[str, object], bytes]:
    header_length = struct.unpack_from(">I", data, 9)[0]
    return json.loads(data[13 : 13 + header_length]), data[13 + header_length + 8 : -64]


def _forged(
    bundle: bytes, bob: ho.PrivateKey, mallory: ho.PrivateKey, change: object = None, *,
    raw_header: bytes | None = None, raw_payload: bytes | None = None,
) -> bytes:  # fmt: skip
    """The bundle re-made by Mallory: decrypted (as bob could), changed, encrypted to bob, signed by
    Mallory. Opened without --from, everything in it is whatever Mallory wrote."""
    import pyrage
    from pyrage import x25519

    from desistkit.handover._bundle import MAGIC, SIGNED_CONTEXT

    header, encrypted = _split(bundle)
    payload = json.loads(pyrage.decrypt(encrypted, [x25519.Identity.from_str(bob.decryption)]))
    header["sender"] = mallory.public.as_dict()
    payload["sender"] = mallory.public.fingerprint
    if callable(change):
        change(header, payload)
    plaintext = raw_payload if raw_payload is not None else json.dumps(payload).encode("utf-8")
    encrypted = pyrage.encrypt(plaintext, [x25519.Recipient.from_str(bob.public.encryption)])
    if raw_header is None:
        return seal(header, encrypted, mallory)
    body = MAGIC + b"\x01" + struct.pack(">I", len(raw_header)) + raw_header
    body += struct.pack(">Q", len(encrypted)) + encrypted
    return body + mallory.sign(SIGNED_CONTEXT + body)


def test_a_forged_bundle_from_someone_else_still_opens_without_from(
    bundle: bytes, bob: ho.PrivateKey, mallory: ho.PrivateKey
) -> None:
    """The helper makes what an attacker can: a bundle that opens (as Mallory's) when not checked."""
    assert ho.open(_forged(bundle, bob, mallory), key=bob).sender == mallory.public


@pytest.mark.parametrize("part", ["header", "payload"])
def test_deep_nesting_in_header_or_payload_is_refused_not_a_traceback(
    part: str, bundle: bytes, bob: ho.PrivateKey, mallory: ho.PrivateKey
) -> None:
    """The header is read before the signature is checked when no --from is given, so anyone on the
    way can replace it: JSON nested 100,000 deep was a RecursionError (exit 70, a traceback in
    logs); the payload likewise, from anyone who knows the recipient's public key."""
    deep = b"[" * 100_000 + b"]" * 100_000
    forged = _forged(bundle, bob, mallory, **{f"raw_{part}": deep})
    with pytest.raises(dk.HandoverError, match="damaged"):
        ho.open(forged, key=bob)


def test_recipient_names_cannot_write_to_the_terminal(
    bundle: bytes, bob: ho.PrivateKey, mallory: ho.PrivateKey
) -> None:
    """'not addressed to your key; it is for: <names>' printed whatever the header said: escape
    sequences that clear the screen, a second line that fakes a message. Only names a key file
    could hold are shown, at most five."""

    def readdress(header: dict[str, object], payload: dict[str, object]) -> None:
        fake = "\x1b[2J\x1b[32mdesistkit: opened, all checks passed\nfrom: Court"
        header["recipients"] = [{"name": fake, "fingerprint": "0"}] + [
            {"name": f"Team {i}", "fingerprint": str(i)} for i in range(8)
        ]

    with pytest.raises(dk.HandoverError, match="not addressed to your key") as info:
        ho.open(_forged(bundle, bob, mallory, readdress), key=bob)
    message = str(info.value)
    assert "\x1b" not in message and "\n" not in message and "all checks passed" not in message
    assert message.endswith("it is for: (a name that is not one line of text), Team 0, Team 1, Team 2, "
                            "Team 3 and 4 more")  # fmt: skip


def test_a_letter_with_zip_slip_names_is_refused(
    bundle: bytes, bob: ho.PrivateKey, mallory: ho.PrivateKey
) -> None:
    """The letter is written as the recipient's .docx: a part named ../../.bashrc (harmless to
    desistkit, not to a tool that unpacks the file) passed the package gate; no Office writes one."""
    import base64

    for slip in ("../../.bashrc", "/etc/cron.d/x", "word\\..\\..\\x", "C:/x"):

        def add(header: dict[str, object], payload: dict[str, object], slip: str = slip) -> None:
            letter = payload["letter"]
            assert isinstance(letter, dict)
            out = io.BytesIO()
            with zipfile.ZipFile(io.BytesIO(base64.b64decode(letter["docx"]))) as src, \
                    zipfile.ZipFile(out, "w") as dst:  # fmt: skip
                for info in src.infolist():
                    dst.writestr(info, src.read(info))
                dst.writestr(slip, b"echo owned\n")
            letter["docx"] = base64.b64encode(out.getvalue()).decode("ascii")

        with pytest.raises(dk.HandoverError, match=r"letter in the file is refused: .*zip slip"):
            ho.open(_forged(bundle, bob, mallory, add), key=bob)


def test_parts_swapped_duplicated_or_added_are_refused(
    bundle: bytes, alice: ho.PrivateKey, bob: ho.PrivateKey
) -> None:
    """Kept so (it held): the header of one bundle with the payload of another, a bundle twice,
    the header twice, a payload length of 2**63 or a header length of 4 GiB."""
    other = ho.pack(_case(), to=[bob.public], audience="internal", sign=alice, key=KEY, now=NOW)
    header_length = struct.unpack_from(">I", bundle, 9)[0]
    head = bundle[: 13 + header_length]
    swapped = head + other[13 + struct.unpack_from(">I", other, 9)[0] :]
    header_twice = bundle[:9] + struct.pack(">I", 2 * header_length) + bundle[13 : 13 + header_length] * 2
    header_twice += bundle[13 + header_length :]
    huge_payload = head + struct.pack(">Q", 2**63) + bundle[13 + header_length + 8 :]
    huge_header = bundle[:9] + struct.pack(">I", 2**32 - 1) + bundle[13:]
    cases = {
        "swapped": (swapped, "changed on the way|signature does not match"),
        "twice": (bundle + bundle, "bytes after its signature"),
        "header twice": (header_twice, "damaged|changed on the way|signature does not match"),
        "huge payload length": (huge_payload, "truncated"),
        "huge header length": (huge_header, "header length is impossible"),
    }
    for name, (data, said) in cases.items():
        for sender in (alice.public, None):
            with pytest.raises(dk.HandoverError, match=said):
                ho.open(data, key=bob, sender=sender)
            assert name


def test_cli_open_leaves_the_output_folder_as_it_was_whatever_the_bundle(
    tmp_path: Path, bob: ho.PrivateKey, mallory: ho.PrivateKey, bundle: bytes
) -> None:
    """With --force over files already there: a refused bundle (flipped, truncated, deep header,
    zip-slip letter, wrong key) changes nothing in the folder, and says why on one line."""
    (tmp_path / "bob.key").write_text(bob.to_text(), "utf-8")
    (tmp_path / "mallory.key").write_text(mallory.to_text(), "utf-8")
    deep = _forged(bundle, bob, mallory, raw_header=b"[" * 100_000 + b"]" * 100_000)
    out = tmp_path / "out"
    out.mkdir()
    before = {"case.json": b"{}\n", "letter.docx": b"earlier letter", "audit.json": b"[]"}
    for name, data in before.items():
        (out / name).write_bytes(data)
    tampered = {
        "flipped.dkh": bundle[:200] + bytes([bundle[200] ^ 1]) + bundle[201:],
        "truncated.dkh": bundle[: len(bundle) // 3],
        "deep.dkh": deep,
        "twice.dkh": bundle + bundle,
    }
    for name, data in tampered.items():
        (tmp_path / name).write_bytes(data)
    runs = [(name, "bob.key") for name in tampered] + [("flipped.dkh", "mallory.key")]
    for name, key in runs:
        result = run_cli("handover", "open", str(tmp_path / name), "--key", str(tmp_path / key), "--force",
                         "-o", str(out / "case.json"), "--letter", str(out / "letter.docx"),
                         "--audit", str(out / "audit.json"))  # fmt: skip
        assert result.returncode == 1, (name, result.stderr)
        assert result.stderr.startswith("desistkit: the handover file") and result.stderr.count("\n") == 1
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
        assert temporaries(out) == []
    # and the genuine bundle replaces them: --letter FILE with --force was refused as "also an input
    # of this command" (the letter was not known as an output), so the folder test proved nothing
    (tmp_path / "genuine.dkh").write_bytes(bundle)
    genuine = ["handover", "open", str(tmp_path / "genuine.dkh"), "--key", str(tmp_path / "bob.key")]
    result = run_cli(*genuine, "--force", "-o", str(out / "case.json"), "--letter", str(out / "letter.docx"))
    assert result.returncode == 0, result.stderr
    assert (out / "letter.docx").read_bytes() == ho.open(bundle, key=bob).letter


@pytest.mark.parametrize(
    "name",
    [
        "Exit\x1b[2JHamburg",
        "Exit\x9b2JHamburg",
        "Exit\u202egnp.exe",
        "Exit\u2066Hamburg",
        "Exit\x7f",
        "Exit\tHamburg",
    ],
)
def test_a_key_name_with_terminal_controls_is_refused(name: str) -> None:
    """A key's name is printed when a handover is opened: C0 and C1 controls (ESC, CSI U+009B) and
    bidirectional overrides (which make "exe.txt" read backwards) are refused, in a new key and in
    a public key file someone sends."""
    with pytest.raises(dk.KeyFileError, match="without control characters"):
        ho.generate_key_pair(name)
    text = ho.generate_key_pair("Exit Hamburg e.V.").public.to_text()
    escaped = "".join(f"\\u{ord(c):04x}" if not c.isprintable() or ord(c) > 126 else c for c in name)
    sent = text.replace('name = "Exit Hamburg e.V."', f'name = "{escaped}"')
    assert sent != text
    with pytest.raises(dk.KeyFileError, match="without control characters"):
        ho.read_public_key(sent)
