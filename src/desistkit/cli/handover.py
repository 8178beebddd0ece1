"""``desistkit handover``: a case handed over to a successor or another organisation, and opened.

``pack`` writes one encrypted, signed bundle (.dkh); ``open`` verifies it before decrypting anything
and writes the case file (and, when asked, the letter and the audit record), all or nothing;
``letter`` writes the handover letter alone. The work is done by :mod:`desistkit.handover`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from desistkit.cli.options import (
    audit_option,
    catalogue_from,
    catalogue_option,
    check_extension,
    force_option,
    out_option,
    read_input,
    refuse_existing,
    share_arguments,
    sharing_options,
    write_output,
    write_outputs,
)

__all__ = ["handover"]

MAX_BUNDLE_BYTES = 128 * 1024 * 1024
"""A handover file: a case file (at most 32 MiB), its letter and audit record, encrypted."""

_case_argument = click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))


@click.group()
def handover() -> None:
    """Hand a case over, encrypted and signed, and open a handover you received."""


def _public_keys(paths: Sequence[str]) -> list[Any]:
    from desistkit.handover import read_public_key

    return [read_public_key(read_input(p, "'--to'/'--from'"), source=Path(p).name) for p in paths]


def _private_key(path: str) -> Any:
    from desistkit.handover import read_private_key

    return read_private_key(read_input(path, "'--key'/'--sign'"), source=Path(path).name)


def _sharing(sharing: dict[str, Any]) -> dict[str, Any]:
    arguments = share_arguments(**sharing)
    if sharing["on"] is None:  # --on limits the sessions; without it, everything up to now goes
        arguments["on"] = None
    return arguments


@handover.command("pack")
@_case_argument
@click.option(
    "--to",
    "to_paths",
    required=True,
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A recipient's public key (.pub); repeat for several.",
)
@click.option("--sign", "sign_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Your private key (.key).")  # fmt: skip
@click.option(
    "--lang", default="en", show_default=True, help="Language of the handover letter and the notes."
)
@sharing_options()
@out_option("The handover file to write (.dkh).")
@audit_option
@force_option
@catalogue_option
def pack(case_path: str, to_paths: Sequence[str], sign_path: str, lang: str, audience: str, out: str,
         audit_path: str | None, force: bool, catalogue_path: str | None,
         **sharing: Any) -> None:  # fmt: skip
    """One encrypted, signed file with what AUDIENCE may receive of CASE, its audit record and the
    handover letter. --audience internal for a successor in your organisation, handover for another
    (the client must have agreed to it)."""
    from desistkit.casefile import load_case
    from desistkit.handover import pack_with_audit
    from desistkit.i18n.localizer import get_localizer

    check_extension(out, (".dkh",))
    refuse_existing([p for p in (out, audit_path) if p], force)
    catalogue = catalogue_from(catalogue_path)
    case = load_case(case_path, catalogue=catalogue)
    lang = get_localizer(lang).language
    data, audit = pack_with_audit(case, to=_public_keys(to_paths), audience=audience,
                                  sign=_private_key(sign_path), lang=lang, catalogue=catalogue,
                                  **_sharing(sharing))  # fmt: skip
    items: list[tuple[str | Path, bytes]] = [(out, data)]
    if audit_path:  # the sender's record of what left: kept with the case, never sent
        items.append((audit_path, audit.encode("utf-8")))
    write_outputs(items, force=force)


@handover.command("open")
@click.argument("bundle_path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Your private key (.key).")  # fmt: skip
@click.option("--from", "from_path", type=click.Path(exists=True, dir_okay=False),
              help="The sender's public key (.pub), to check who sent it.")  # fmt: skip
@out_option("The case file to write (.json).")
@click.option(
    "--letter", "letter_path", type=click.Path(dir_okay=False), help="Also write the handover letter (.docx)."
)
@click.option(
    "--audit", "audit_path", type=click.Path(dir_okay=False), help="Also write the audit record (.json)."
)
@force_option
@catalogue_option
def open_(bundle_path: str, key_path: str, from_path: str | None, out: str, letter_path: str | None,
          audit_path: str | None, force: bool, catalogue_path: str | None) -> None:  # fmt: skip
    """Verify a handover file (signature first), decrypt it with your key and write the case file."""
    from desistkit.handover import open as open_bundle

    check_extension(out, (".json",))
    if letter_path:
        check_extension(letter_path, (".docx",))
    outputs = [p for p in (out, letter_path, audit_path) if p]
    refuse_existing(outputs, force)
    sender = _public_keys([from_path])[0] if from_path else None
    bundle = read_input(bundle_path, "'FILE'", limit=MAX_BUNDLE_BYTES)
    opened = open_bundle(bundle, key=_private_key(key_path), sender=sender,
                         catalogue=catalogue_from(catalogue_path))  # fmt: skip
    checked = "checked against " + Path(from_path).name if from_path else "NOT checked: compare it by phone"
    click.echo(f"from: {opened.sender.name} (fingerprint {opened.sender.fingerprint}; {checked})", err=True)
    click.echo(f"sent: {opened.created_at.isoformat()}", err=True)
    click.echo(f"audience: {opened.audience} (purpose {opened.purpose})", err=True)
    for consent in opened.consents:
        until = f", until {consent.expires.isoformat()}" if consent.expires else ""
        covers = ", ".join((*consent.factors, *consent.topics))
        click.echo(f"consent: given {consent.given.isoformat()}{until}; covers {covers}", err=True)
    if not opened.consents:
        click.echo("consent: none needed (a handover within the organisation)", err=True)
    items: list[tuple[str | Path, bytes]] = [(out, opened.case_file)]
    if letter_path:
        items.append((letter_path, opened.letter))
    if audit_path:
        items.append((audit_path, opened.audit.encode("utf-8")))
    write_outputs(items, force=force)


@handover.command("letter")
@_case_argument
@click.option("--lang", default="en", show_default=True, help="Language of the letter.")
@sharing_options()
@out_option("The .docx file to write.")
@force_option
@catalogue_option
def letter(case_path: str, lang: str, audience: str, out: str, force: bool, catalogue_path: str | None,
           **sharing: Any) -> None:  # fmt: skip
    """The handover letter of CASE alone, for AUDIENCE (internal or handover), in any EU language."""
    from desistkit.casefile import load_case
    from desistkit.handover import handover_letter
    from desistkit.i18n.localizer import get_localizer

    check_extension(out, (".docx",))
    refuse_existing([out], force)
    catalogue = catalogue_from(catalogue_path)
    case = load_case(case_path, catalogue=catalogue)
    lang = get_localizer(lang).language
    data = handover_letter(case, audience, lang=lang, catalogue=catalogue, now=_now(), **_sharing(sharing))
    write_output(out, data, force=force)


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()
