"""``desistkit keys``: the organisation's keys, made on the command line.

``keys pseudonym -o FILE`` writes a new pseudonym key (32 random bytes as hex, one line), the
secret every external document's pseudonyms are derived from. The file is written atomically and
readable by its owner only (0600), and an existing key is never replaced without --force: a new
key gives every client a new pseudonym, so documents made before and after cannot be matched.
"""

from __future__ import annotations

import click

from desistkit.cli.options import force_option, out_option, write_output
from desistkit.sharing import PseudonymKey

__all__ = ["keys"]


@click.group()
def keys() -> None:
    """Make the organisation's keys (kept secret, backed up, never sent with a document)."""


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
