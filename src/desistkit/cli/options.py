"""The options several commands share, declared once: who a case is shared with, the catalogue, the
output (with --force and --audit) and an organisation's translations.

Each ``*_options`` function is a decorator that adds its options to a command; the command's
function receives them as keyword arguments and hands them back to the matching helper here.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from desistkit.core.catalogue import Catalogue, default_catalogue, parse_catalogue
from desistkit.core.inputs import MAX_INPUT_BYTES, decode_utf8, read_bounded

if TYPE_CHECKING:
    from desistkit.sharing import PseudonymKey

F = TypeVar("F", bound=Callable[..., Any])


def _stack(*options: Callable[[F], F]) -> Callable[[F], F]:
    """One decorator from several, applied so that --help lists them in the order given."""

    def apply(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


# --- small input files ------------------------------------------------------------------------------


def read_input(path: str | Path, option: str, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of an input file given with ``option``, read once and at most ``limit`` of them
    (desistkit.core.inputs): a file picked in a hurry (a video, a disk image, /dev/zero, a FIFO) is
    refused naming the option, not read into memory whole or waited on."""
    name = Path(path).name

    def refuse(message: str) -> click.BadParameter:
        return click.BadParameter(f"{name} {message}", param_hint=option)

    return read_bounded(path, limit, refuse)


def decoded(data: bytes, path: str | Path, option: str) -> str:
    """UTF-8 text (a byte order mark allowed) of a file given with ``option``."""
    name = Path(path).name
    return decode_utf8(data, lambda message: click.BadParameter(f"{name} {message}", param_hint=option))


def text_input(path: str | Path, option: str, *, limit: int = MAX_INPUT_BYTES) -> tuple[str, str]:
    """The UTF-8 text of an input file given with ``option`` and the file's name (for the parser's
    messages): read once, bounded, decoded, each refusal naming the option."""
    return decoded(read_input(path, option, limit=limit), path, option), Path(path).name


# --- the catalogue and the translations ---------------------------------------------------------------

catalogue_option = click.option(
    "--catalogue",
    "catalogue_path",
    type=click.Path(exists=True, dir_okay=False),
    help="An organisation's catalogue file (TOML) instead of the built-in one.",
)


def catalogue_from(path: str | None) -> Catalogue:
    """The catalogue of --catalogue, or the built-in one."""
    if not path:
        return default_catalogue()
    text, name = text_input(path, "'--catalogue'")
    return parse_catalogue(text, source=name)


def deprecated_alias(old: str, new: str, dest: str, **kwargs: Any) -> Callable[[F], F]:
    """A hidden option under a former name: it still works, and warns (once per use) on stderr.

    Its value arrives as ``_former_<dest>``; the command takes it where the current option is not
    given (click before 8.3 cannot point two options at one name).
    """

    def warn(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value not in (None, (), False):
            click.echo(f"desistkit: warning: {old} is deprecated; use {new}", err=True)
        return value

    return click.option(old, f"_former_{dest}", hidden=True, expose_value=True, callback=warn, **kwargs)


_translations_kwargs: dict[str, Any] = {
    "multiple": True,
    "type": click.Path(exists=True, file_okay=False),
}


def translations_option(command: F) -> F:
    """--translations DIR (repeatable), and the former --catalog-dir as a warning alias."""
    command = deprecated_alias("--catalog-dir", "--translations", "translation_dirs", **_translations_kwargs)(
        command
    )
    return click.option(
        "--translations",
        "translation_dirs",
        metavar="DIR",
        help="An organisation's own wording (<lang>/LC_MESSAGES/desistkit.po); may be repeated.",
        **_translations_kwargs,
    )(command)


def lang_option(what: str) -> Callable[[F], F]:
    """--lang, defaulting to the language `desistkit setup` stored, else English."""

    def default(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
        if value:
            return value
        from desistkit.cli.config import load_settings

        return load_settings().lang or "en"

    return click.option(
        "--lang", callback=default, help=f"{what} [default: your `desistkit setup` language, else en]."
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
            "--key",
            "key_file",
            metavar="FILE",
            type=click.Path(exists=True, dir_okay=False),
            help="The pseudonym key file [default: DESISTKIT_PSEUDONYM_KEY, else the key of "
            "`desistkit setup`].",
        ),
        deprecated_alias(
            "--key-file", "--key FILE", "key_file", type=click.Path(exists=True, dir_okay=False)
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
    on: dt.datetime | None,
    key_file: str | None,
    domain: str | None,
    policy_path: str | None,
    _former_key_file: str | None = None,
) -> dict[str, Any]:
    """share()'s keyword arguments from the sharing options: export day, key, domain and policy."""
    key_file = key_file or _former_key_file
    return {"on": day_of(on), "key": read_key(key_file), "domain": domain, "policy": policy_from(policy_path)}


def policy_from(path: str | None) -> Any:
    """The sharing policy of --policy (read once, bounded, refusals naming the option), or the
    built-in one."""
    from desistkit.sharing import default_policy, parse_policy

    if not path:
        return default_policy()
    text, name = text_input(path, "'--policy'")
    return parse_policy(text, source=name)


KEY_ENV = "DESISTKIT_PSEUDONYM_KEY"  # the pseudonym key's variable (for --key's default)


def read_key(key_file: str | None) -> PseudonymKey | None:
    """The pseudonym key: --key FILE, else DESISTKIT_PSEUDONYM_KEY, else the key `desistkit setup`
    stored; None when there is none (an audience that pseudonymises then refuses)."""
    if key_file:
        return _key_from_file(Path(key_file), Path(key_file).name)
    value = os.environ.get(KEY_ENV)
    if value:
        from desistkit.sharing import PseudonymKey

        return PseudonymKey.from_text(value)
    from desistkit.cli.config import config_path, load_settings

    stored = load_settings().pseudonym_key
    if stored is None:
        return None
    if not stored.is_file():
        raise click.ClickException(
            f"the pseudonym key named in {config_path()} is missing ({stored}); restore it from your "
            "backup, or run `desistkit setup --force` for a new one (new pseudonyms)"
        )
    return _key_from_file(stored, str(stored))


def _key_from_file(path: Path, shown: str) -> PseudonymKey:
    from desistkit.sharing import PseudonymKey, PseudonymKeyError

    try:
        text = read_input(path, "'--key'").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PseudonymKeyError(
            f"{shown}: not a key file (a key file is one line of hex or base64 text; "
            "make one with `desistkit keys pseudonym -o FILE`)"
        ) from None
    try:
        return PseudonymKey.from_text(text)
    except PseudonymKeyError:
        raise PseudonymKeyError(
            f"{shown}: not a pseudonym key (expected one line of hex or base64 for at least 16 bytes; "
            "make one with `desistkit keys pseudonym -o FILE`)"
        ) from None


# --- output -----------------------------------------------------------------------------------------

force_option = click.option("--force", is_flag=True, help="Replace the file if it exists.")


def out_option(what: str = "The file to write.", *, required: bool = True) -> Callable[[F], F]:
    """-o/--out, required unless ``required=False`` (a command that also takes --out-dir)."""
    return click.option("-o", "--out", "out", required=required, type=click.Path(dir_okay=False), help=what)


def _jobs(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """--jobs: a number of processes (1, 2, ...); 0 or "auto" for one per CPU; None when not given."""
    if value is None:
        return None
    text = value.strip().lower()
    if text != "auto" and not text.isdigit():
        raise click.BadParameter(
            f"expected a number of processes (1, 2, ...), or 0 or auto for one per CPU, got {value!r}"
        )
    return int(text) if text != "auto" and int(text) else os.cpu_count() or 1


def many_options(what: str) -> Callable[[F], F]:
    """--out-dir DIR, --audit-dir DIR and --jobs N: one document per case, for many cases."""
    return _stack(
        click.option(
            "--out-dir",
            "out_dir",
            metavar="DIR",
            type=click.Path(file_okay=False),
            help=f"One {what} per CASE into this folder (made if missing), named after the case's "
            "reference as shared (the pseudonym where the audience gets one).",
        ),
        click.option(
            "--audit-dir",
            "audit_dir",
            metavar="DIR",
            type=click.Path(file_okay=False),
            help="With --out-dir: each case's audit record, as DIR/<file name>.audit.json.",
        ),
        click.option(
            "--jobs",
            "-j",
            "jobs",
            metavar="N",
            callback=_jobs,
            help="With --out-dir: render the cases in N processes (0 or auto: one per CPU) [default: 1].",
        ),
    )


audit_option = click.option(
    "--audit",
    "audit_path",
    type=click.Path(dir_okay=False),
    help="Also write the export's audit record (JSON: what was shared and removed, never values).",
)


def check_extension(out: str, extensions: Sequence[str], option: str = "-o") -> None:
    """Refuse an output file name that does not end as the document type's files do."""
    if Path(out).suffix.lower() not in {e.lower() for e in extensions}:
        names = " or ".join(extensions)
        raise click.BadParameter(
            f"expected a {names} file name, got {Path(out).name!r}", param_hint=f"'{option}'"
        )


_OUTPUT_PARAMETERS = frozenset({"out", "out_dir", "audit_path", "audit_dir", "mapping_out", "letter_path"})


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


def write_outputs(
    items: Sequence[tuple[str | Path, bytes]],
    *,
    force: bool,
    echo: bool = True,
    inputs: Collection[str | Path] | None = None,
) -> None:
    """Write every file or none (all checked first, renamed into place together); print their names
    (unless ``echo=False``: a caller with a progress bar prints them when it is done). ``inputs``: the
    command's inputs, for a caller that writes many times (default: :func:`command_inputs`)."""
    from desistkit.casefile.files import atomic_write_all

    atomic_write_all(items, force=force, inputs=command_inputs() if inputs is None else inputs)
    for path, _ in items if echo else ():
        click.echo(str(path))


def write_document(out: str, data: bytes, shared: Any, audit_path: str | None, force: bool) -> None:
    """The document, and with --audit its audit record: both written, or neither."""
    items: list[tuple[str | Path, bytes]] = [(out, data)]
    if audit_path:
        items.append((audit_path, shared.audit.to_json().encode("utf-8")))
    write_outputs(items, force=force)
