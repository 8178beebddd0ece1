"""``desistkit import``: an edited document back into a case file, through the importer registry."""

from __future__ import annotations

import datetime as dt

import click

from desistkit.cli.options import catalogue_from, catalogue_option, check_extension, force_option, out_option
from desistkit.core.model import SessionKind, Setting

__all__ = ["import_"]


@click.command("import")
@click.argument("document", type=click.Path(exists=True, dir_okay=False))
@out_option("The case file (JSON) to write.")
@click.option(
    "--base",
    "base_path",
    type=click.Path(exists=True, dir_okay=False),
    help="The case file the document was made from: keeps the client record and the consents.",
)
@click.option(
    "--setting",
    type=click.Choice([s.value for s in Setting]),
    help="Decks without --base: where the client is, for a blank deck filled by hand (a deck "
    "desistkit generated says it).",
)
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Decks: the session's date; wins over the date the deck gives (a month alone is not a date).",
)
@click.option(
    "--kind",
    type=click.Choice([k.value for k in SessionKind]),
    help="Decks: the kind of meeting the reflection belongs to [default: other].",
)
@force_option
@catalogue_option
def import_(
    document: str,
    out: str,
    base_path: str | None,
    setting: str | None,
    day: dt.datetime | None,
    kind: str | None,
    force: bool,
    catalogue_path: str | None,
) -> None:
    """Read an edited tracker (.xlsx) or CaseReflector deck (.pptx) back into a case file.

    Every problem is printed with where it is: sheet and cell, or slide and shape. A deck becomes a
    new session (of the --base case, or of a new case; a blank deck filled by hand needs --setting)."""
    from desistkit.casefile import load_case, save_case
    from desistkit.importing import importer_for, importers, open_package

    check_extension(out, (".json",))
    catalogue = catalogue_from(catalogue_path)
    base = load_case(base_path, catalogue=catalogue) if base_path else None
    options = {
        "setting": Setting(setting) if setting else None,
        "date": day.date() if day else None,
        "kind": SessionKind(kind) if kind else None,
    }
    given = {k: v for k, v in options.items() if v is not None}
    package = open_package(document)
    found = importer_for(package)
    if not set(given) <= set(found.option_names):
        takers = [i.description for i in importers().values() if set(given) <= set(i.option_names)]
        raise click.UsageError(f"--{', --'.join(given)}: only for {'; '.join(takers) or 'no document'}")
    case = found.read(package, found.make_options(**given), catalogue, base)
    save_case(case, out, force=force)
    click.echo(out)
    if base is None:
        click.echo(
            "desistkit: the case has no client record and no consents (a tracker or deck does not hold "
            "them); give --base CASE.json to keep them from the case file",
            err=True,
        )
