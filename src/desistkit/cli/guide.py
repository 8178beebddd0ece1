"""``desistkit guide``: the printed DesistKit guide for caseworkers, as PDF to print or Word to edit
(document types ``guide-pdf`` and ``guide-docx``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from desistkit.cli.options import (
    catalogue_from,
    catalogue_option,
    check_extension,
    force_option,
    lang_option,
    out_option,
    refuse_existing,
    translations_option,
    write_output,
)
from desistkit.export.options import GUIDE_SIZE_NAMES

__all__ = ["guide"]


@click.command()
@lang_option("Language of the guide.")
@click.option(
    "--size",
    type=click.Choice(GUIDE_SIZE_NAMES),
    default="a4",
    show_default=True,
    help="a4: A4 pages; a5: an A5 booklet (pages in reading order, their number a multiple of 4).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "docx"]),
    default=None,
    help="pdf to print, docx to edit [default: from the -o file name, else pdf].",
)
@out_option("The .pdf (or .docx) file to write.")
@force_option
@catalogue_option
@translations_option
def guide(
    lang: str,
    size: str,
    fmt: str | None,
    out: str,
    force: bool,
    catalogue_path: str | None,
    translation_dirs: Sequence[str],
    _former_translation_dirs: Sequence[str],
) -> None:
    """The DesistKit guide for caseworkers: the method, and every factor of the catalogue with its
    card questions, in one language. Contains no case data."""
    from desistkit.export import exporter
    from desistkit.i18n.localizer import UnknownLanguageError, get_localizer

    if fmt is None:
        fmt = "docx" if Path(out).suffix.lower() == ".docx" else "pdf"
    kind = exporter(f"guide-{fmt}")
    check_extension(out, kind.extensions)
    try:
        localizer = get_localizer(lang, catalog_dirs=(*translation_dirs, *_former_translation_dirs))
    except UnknownLanguageError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    options = kind.make_options(size=size, catalogue=catalogue_from(catalogue_path))
    refuse_existing([out], force)
    write_output(out, kind.render(None, localizer, options), force=force)
