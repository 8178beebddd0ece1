"""``desistkit import``: an edited document back into a case file, through the importer registry."""

from __future__ import annotations

import datetime as dt

import click

from desistkit.cli.options import catalogue_from, catalogue_option, check_extension, force_option, out_option
from desistkit.core.model import ConferenceOccasion, SessionKind, Setting

__all__ = ["import_"]

_FLAGS = {"agency": "--for"}  # an option whose flag is not its name


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
    help="Decks: the session's date; wins over the date the deck gives (a month alone is not a date). "
    "With --conference: the date of a conference the case does not have yet [default: today].",
)
@click.option(
    "--kind",
    type=click.Choice([k.value for k in SessionKind]),
    help="Decks: the kind of meeting the reflection belongs to [default: other].",
)
@click.option(
    "--conference",
    "conference",
    metavar="ID",
    help="Decks: read the deck as one agency's contribution to this case conference of the --base "
    "case (created when the case does not have it yet).",
)
@click.option(
    "--for",
    "agency",
    metavar="AGENCY",
    help="With --conference: the agency that wrote the deck; must be the one a deck made with "
    "`desistkit reflector --blank --for` names.",
)
@click.option(
    "--occasion",
    type=click.Choice([o.value for o in ConferenceOccasion]),
    help="With --conference: why a new conference is held [default: other].",
)
@click.option(
    "--replace",
    is_flag=True,
    help="With --conference: replace the agency's earlier contribution (never another agency's).",
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
    conference: str | None,
    agency: str | None,
    occasion: str | None,
    replace: bool,
    force: bool,
    catalogue_path: str | None,
) -> None:
    """Read an edited tracker (.xlsx) or CaseReflector deck (.pptx) back into a case file.

    Every problem is printed with where it is: sheet and cell, or slide and shape. A deck becomes a
    new session (of the --base case, or of a new case; a blank deck filled by hand needs --setting),
    or with --conference one agency's contribution to a case conference of the --base case."""
    from desistkit.casefile import load_case, save_case
    from desistkit.importing import importer_for, importers, open_package

    check_extension(out, (".json",))
    _check_conference_options(conference, agency, occasion, replace, base_path, setting, kind)
    catalogue = catalogue_from(catalogue_path)
    base = load_case(base_path, catalogue=catalogue) if base_path else None
    options = {
        "setting": Setting(setting) if setting else None,
        "date": day.date() if day else None,
        "kind": SessionKind(kind) if kind else None,
        "conference": conference,
        "agency": agency,
        "occasion": ConferenceOccasion(occasion) if occasion else None,
        "replace": True if replace else None,
    }
    given = {k: v for k, v in options.items() if v is not None}
    package = open_package(document)
    found = importer_for(package)
    if not set(given) <= set(found.option_names):
        takers = [i.description for i in importers().values() if set(given) <= set(i.option_names)]
        flags = ", ".join(_FLAGS.get(name, f"--{name}") for name in given)
        raise click.UsageError(f"{flags}: only for {'; '.join(takers) or 'no document'}")
    held = {c.id for c in base.conference_history} if base is not None else set()
    if conference is not None and "date" not in given and conference not in held:
        given["date"] = dt.date.today()  # a new conference is held today unless --date says
    case = found.read(package, found.make_options(**given), catalogue, base)
    save_case(case, out, force=force)
    click.echo(out)
    if base is None:
        click.echo(
            "desistkit: the case has no client record and no consents (a tracker or deck does not hold "
            "them); give --base CASE.json to keep them from the case file",
            err=True,
        )


def _check_conference_options(
    conference: str | None,
    agency: str | None,
    occasion: str | None,
    replace: bool,
    base_path: str | None,
    setting: str | None,
    kind: str | None,
) -> None:
    """The contribution options go together: --for, --occasion and --replace only with
    --conference, which needs --base and takes neither --setting nor --kind (no session is made)."""
    if conference is None:
        given = [
            name
            for name, value in (("--for", agency), ("--occasion", occasion), ("--replace", replace))
            if value
        ]
        if given:
            raise click.UsageError(
                f"{', '.join(given)}: only with --conference ID (an agency's contribution)"
            )
        return
    if base_path is None:
        raise click.UsageError("--conference: give --base CASE, the case the conference belongs to")
    extra = [name for name, value in (("--setting", setting), ("--kind", kind)) if value]
    if extra:
        raise click.UsageError(f"{', '.join(extra)}: not with --conference (a contribution is not a session)")
