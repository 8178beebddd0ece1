"""``desistkit keys``: the keys a caseworker or an organisation needs, made on the command line.

``keys pseudonym -o FILE`` writes a new pseudonym key (32 random bytes as hex, one line), the
secret every external document's pseudonyms are derived from. The file is written atomically and
readable by its owner only (0600), and an existing key is never replaced without --force: a new
key gives every client a new pseudonym, so documents made before and after cannot be matched.

``keys pair`` makes a handover key pair (``NAME.pub`` to send, ``NAME.key`` to keep); ``keys show``
prints a key file's name and fingerprint, to compare over the phone.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from desistkit.cli.options import force_option, out_option, read_input, write_output, write_outputs
from desistkit.sharing import PseudonymKey

__all__ = ["keys"]


@click.group()
def keys() -> None:
    """Make and inspect keys: the pseudonym key and handover key pairs (keep private keys secret)."""


def _file_stem(name: str) -> str:
    """A file name from a person's or organisation's name: ASCII letters, digits and hyphens."""
    from anyascii import anyascii

    stem = re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-")[:48].strip("-")
    return stem or "desistkit"


@keys.command("pair")
@click.option(
    "--name", required=True, help='Who the key belongs to, as others will see it: "Exit Hamburg e.V.".'
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder to write into.",
)
@force_option
def pair(name: str, out_dir: str, force: bool) -> None:
    """A handover key pair: NAME.pub (send it to those who hand cases over to you) and NAME.key
    (keep it: only you may read it; written with permissions 0600)."""
    from desistkit.handover import generate_key_pair

    private = generate_key_pair(name)
    Path(out_dir).mkdir(mode=0o700, parents=True, exist_ok=True)  # a new folder: the owner's only
    stem = Path(out_dir) / _file_stem(private.name)
    public_path, private_path = stem.with_suffix(".pub"), stem.with_suffix(".key")
    write_outputs(
        [
            (public_path, private.public.to_text().encode("utf-8")),
            (private_path, private.to_text().encode("utf-8")),
        ],
        force=force,
    )
    click.echo(f"fingerprint: {private.public.fingerprint}", err=True)


@keys.command("show")
@click.argument("key_path", metavar="KEY", type=click.Path(exists=True, dir_okay=False))
def show(key_path: str) -> None:
    """The name and fingerprint of a key file (.pub or .key), to compare over the phone."""
    from desistkit.handover import read_private_key, read_public_key

    text = read_input(key_path, "'KEY'")
    shown = Path(key_path).name
    public = (
        read_private_key(text, source=shown).public
        if b'"desistkit-private-key/' in text
        else read_public_key(text, source=shown)
    )
    click.echo(f"name: {public.name}")
    click.echo(f"fingerprint: {public.fingerprint}")


@keys.command("pseudonym")
@out_option("The key file to write (readable by you only).")
@force_option
def pseudonym(out: str, force: bool) -> None:
    """A new pseudonym key: one line of hex, for --key FILE, DESISTKIT_PSEUDONYM_KEY or a secret store.

    Keep it as safe as the case files and back it up: the same key gives the same pseudonyms, so
    that documents for one case conference stay comparable; without it nobody can link a
    pseudonym to a client. `desistkit setup` makes one in your settings folder.
    """
    write_output(out, key_file_text(PseudonymKey.generate()), force=force)


def key_file_text(key: PseudonymKey) -> bytes:
    """A key file's contents: the key as hex on one line (what ``PseudonymKey.from_text`` reads)."""
    return (key.hex() + "\n").encode("ascii")
