"""The options several commands share, declared once: who a case is shared with, the catalogue, the
output (with --force and --audit) and an organisation's translations.

Each ``*_options`` function is a decorator that adds its options to a command; the command's
function receives them as keyword arguments and hands them back to the matching helper here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from desistkit.core.catalogue import Catalogue, default_catalogue, load_catalogue

F = TypeVar("F", bound=Callable[..., Any])


def _stack(*options: Callable[[F], F]) -> Callable[[F], F]:
    """One decorator from several, applied so that --help lists them in the order given."""

    def apply(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


# --- the catalogue and the translations ---------------------------------------------------------------

catalogue_option = click.option(
    "--catalogue",
    "catalogue_path",
    type=click.Path(exists=True, dir_okay=False),
    help="An organisation's catalogue file (TOML) instead of the built-in one.",
)


def catalogue_from(path: str | None) -> Catalogue:
    """The catalogue of --catalogue, or the built-in one."""
    return load_catalogue(path) if path else default_catalogue()


catalog_dir_option = click.option(
    "--catalog-dir",
    "catalog_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="An organisation's translations (<lang>/LC_MESSAGES/desistkit.po); may be repeated.",
)


# --- sharing ----------------------------------------------------------------------------------------


def sharing_options(*, required: bool = True) -> Callable[[F], F]:
    """--audience (required unless ``required=False``), --on, --key-file, --domain, --policy."""
    return _stack(
        click.option(
            "--audience",
            required=required,
            help="internal, case-conference, security, research, or one of your policy's.",
        ),
        click.option(
            "--on",
            "on",
            type=click.DateTime(["%Y-%m-%d"]),
            help="Export date for consent checks [default: today].",
        ),
        click.option(
            "--key-file",
            type=click.Path(exists=True, dir_okay=False),
            help="File with the pseudonym key (hex or base64); or set DESISTKIT_PSEUDONYM_KEY.",
        ),
        click.option("--domain", help="Pseudonym domain, e.g. one per conference [default: the audience]."),
        click.option(
            "--policy",
            "policy_path",
            type=click.Path(exists=True, dir_okay=False),
            help="An organisation's policy file.",
        ),
    )


def day_of(on: dt.datetime | None) -> dt.date:
    """The day of --on (or --date), today when not given."""
    return on.date() if on else dt.date.today()


def share_arguments(
    on: dt.datetime | None, key_file: str | None, domain: str | None, policy_path: str | None
) -> dict[str, Any]:
    """share()'s keyword arguments from the sharing options: export day, key, domain and policy."""
    from desistkit.cli.share import read_key
    from desistkit.sharing import default_policy, load_policy

    policy = load_policy(policy_path) if policy_path else default_policy()
    return {"on": day_of(on), "key": read_key(key_file), "domain": domain, "policy": policy}


# --- output -----------------------------------------------------------------------------------------

force_option = click.option("--force", is_flag=True, help="Replace the file if it exists.")


def out_option(what: str = "The file to write.") -> Callable[[F], F]:
    """-o/--out, required."""
    return click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help=what)


audit_option = click.option(
    "--audit",
    "audit_path",
    type=click.Path(dir_okay=False),
    help="Also write the export's audit record (JSON: what was shared and removed, never values).",
)


def check_extension(out: str, extensions: Sequence[str]) -> None:
    """Refuse an output file name that does not end as the document type's files do."""
    if Path(out).suffix.lower() not in {e.lower() for e in extensions}:
        names = " or ".join(extensions)
        raise click.BadParameter(f"expected a {names} file name, got {Path(out).name!r}", param_hint="'-o'")


_OUTPUT_PARAMETERS = frozenset({"out", "out_dir", "audit_path", "mapping_out"})


def command_inputs() -> list[str]:
    """Every file the running command was given to read (case files, templates, catalogues,
    policies, keys, documents to import): an output may never be one of them, not even with --force."""
    found: list[str] = []
    context = click.get_current_context(silent=True)
    while context is not None:
        for name, value in context.params.items():
            if name in _OUTPUT_PARAMETERS or value is None:
                continue
            values = value if isinstance(value, (list, tuple)) else [value]
            found += [str(v) for v in values if isinstance(v, (str, Path)) and Path(v).is_file()]
        context = context.parent
    return found


def refuse_existing(paths: Sequence[str | Path], force: bool) -> None:
    """Check every output before any is written: folders, inputs, names given twice, existing files."""
    from desistkit.casefile.files import check_outputs

    check_outputs(paths, force=force, inputs=command_inputs())


def write_output(out: str | Path, data: bytes, *, force: bool) -> None:
    """Write one file atomically (0600) and print its name."""
    write_outputs([(out, data)], force=force)


def write_outputs(items: Sequence[tuple[str | Path, bytes]], *, force: bool) -> None:
    """Write every file or none (all checked first, renamed into place together); print their names."""
    from desistkit.casefile.files import atomic_write_all

    atomic_write_all(items, force=force, inputs=command_inputs())
    for path, _ in items:
        click.echo(str(path))


def write_document(out: str, data: bytes, shared: Any, audit_path: str | None, force: bool) -> None:
    """The document, and with --audit its audit record: both written, or neither."""
    items: list[tuple[str | Path, bytes]] = [(out, data)]
    if audit_path:
        items.append((audit_path, shared.audit.to_json().encode("utf-8")))
    write_outputs(items, force=force)
