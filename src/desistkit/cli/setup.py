"""``desistkit setup``: the organisation, the default language and a pseudonym key, asked once.

The answers go to the settings file (:mod:`desistkit.cli.config`); every command that needs a key
finds it there when --key is not given, and --lang defaults to the language chosen here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from desistkit.cli.config import Settings, config_path, default_key_path, settings_text
from desistkit.cli.keys import key_file_text
from desistkit.cli.options import write_outputs

__all__ = ["setup"]


@click.command()
@click.option("--organisation", help="Your organisation's name.")
@click.option("--lang", help="The language you work in (e.g. de, fi, fr-BE) [default: en].")
@click.option(
    "--key",
    "key_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Use this existing pseudonym key file instead of making a new one.",
)
@click.option("--force", is_flag=True, help="Replace existing settings (an existing key is kept).")
def setup(organisation: str | None, lang: str | None, key_path: str | None, force: bool) -> None:
    """Store your organisation, your language and a pseudonym key for the other commands.

    Asks for what the options do not give when run in a terminal. A new key is made in the
    settings folder unless one is there already or --key names one; a key is never replaced
    (documents made with another key get other pseudonyms). DESISTKIT_CONFIG_DIR moves the folder.
    """
    from desistkit.cli.options import read_key
    from desistkit.i18n.localizer import UnknownLanguageError, get_localizer
    from desistkit.sharing import PseudonymKey

    asking = sys.stdin.isatty()
    if organisation is None and asking:
        organisation = click.prompt("Organisation name", default="", show_default=False).strip()
    if lang is None and asking:
        lang = click.prompt("Language you work in (e.g. de, fi, fr)", default="en").strip()
    if organisation and not organisation.isprintable():
        raise click.BadParameter("expected a name without control characters", param_hint="--organisation")
    try:
        language = get_localizer(lang or "en").language
    except UnknownLanguageError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    settings_file = config_path()
    items: list[tuple[str | Path, bytes]] = []
    if key_path:
        read_key(key_path)  # a file that is not a key is refused before anything is written
        key = Path(key_path).resolve()
    else:
        key = default_key_path()
        if not key.exists():
            items.append((key, key_file_text(PseudonymKey.generate())))
    # A key in the settings folder is named relative to it, so the folder can be moved whole.
    stored = Path(key.name) if key.parent == settings_file.parent else key
    settings = Settings(organisation=organisation or None, lang=language, pseudonym_key=stored)
    items.insert(0, (settings_file, settings_text(settings).encode("utf-8")))
    settings_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_outputs(items, force=force)
    made = "a new pseudonym key" if len(items) > 1 else "the pseudonym key"
    click.echo(
        f"desistkit: settings saved; {made} in {key} (keep it secret and back it up: another key "
        "gives other pseudonyms)",
        err=True,
    )
