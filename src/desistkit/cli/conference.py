"""``desistkit conference``: the documents of a multi-agency case conference, chosen by the output
file's suffix (:data:`CONFERENCE_DOCUMENTS`), made through the exporter registry like every
document command (:mod:`desistkit.cli.documents`: the same sharing, output, --audit and --force)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from desistkit.cli.documents import _case_argument, _export, _layouts, _split
from desistkit.cli.options import (
    audit_option,
    catalogue_option,
    force_option,
    lang_option,
    out_option,
    sharing_options,
    translations_option,
)

__all__ = ["CONFERENCE_DOCUMENTS", "conference"]

CONFERENCE_DOCUMENTS: dict[str, str] = {".pptx": "conference-deck", ".docx": "conference-minutes"}
"""The document type of each output suffix: ``-o minutes.docx`` chooses the minutes when a
``.docx`` document type is listed here."""


@click.command()
@_case_argument
@click.option(
    "--conference",
    "conference_id",
    metavar="ID",
    help="The conference's id (see the case file) [default: the latest].",
)
@lang_option("Language of the document.")
@sharing_options()
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False),
    help="An organisation's template for the document (.pptx for the deck).",
)
@click.option(
    "--layout",
    "layout_names",
    multiple=True,
    metavar="ROLE=NAME",
    help="The template's layout for a role: title=NAME or content=NAME (default: PowerPoint's names).",
)
@out_option(f"The file to write: {', '.join(CONFERENCE_DOCUMENTS)}.")
@audit_option
@force_option
@catalogue_option
@translations_option
def conference(
    case_path: str,
    conference_id: str | None,
    audience: str,
    template: str | None,
    layout_names: tuple[str, ...],
    **common: Any,
) -> None:
    """The documents of a multi-agency case conference: how the agencies see each factor, where
    their views differ, and the action plan (the conference deck for -o FILE.pptx)."""
    out = common["out"]
    document = CONFERENCE_DOCUMENTS.get(Path(out).suffix.lower())
    if document is None:
        names = " or ".join(CONFERENCE_DOCUMENTS)
        raise click.BadParameter(f"expected a {names} file name, got {Path(out).name!r}", param_hint="'-o'")
    options: dict[str, Any] = {"conference": conference_id}
    if template is not None:
        options["template"] = template
    if layout_names:
        options["layouts"] = _layouts(layout_names)
    _export(document, case_path, audience, _split(common), **options)
