"""``desistkit cards``: the DesistCards as PDF to print or PowerPoint to edit (document types
``cards-pdf`` and ``cards-pptx``)."""

from __future__ import annotations

from collections.abc import Sequence

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
from desistkit.export.options import CARD_LAYOUTS, CARD_SIZE_NAMES

__all__ = ["cards"]


@click.command()
@lang_option("Language of the cards.")
@click.option("--second-lang", help="A second language under the first, on both faces.")
@click.option(
    "--layout",
    type=click.Choice(CARD_LAYOUTS),
    default="single",
    show_default=True,
    help="single: one face per page with bleed and crop marks; a4-duplex: sheets to print double-sided.",
)
@click.option(
    "--size",
    type=click.Choice(sorted(CARD_SIZE_NAMES)),
    default="a6",
    show_default=True,
    help="Card size: a6 (105x148 mm) or poker (63x88 mm).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "pptx"]),
    default="pdf",
    show_default=True,
    help="pdf to print; pptx to edit (slide size = card size; --layout does not apply).",
)
@click.option("--category", help="Only the cards of one category (its id).")
@click.option(
    "--case",
    "case_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Only the cards a case needs next: open questions and priorities of its latest state.",
)
@out_option("The .pdf (or, with --format pptx, .pptx) file to write.")
@force_option
@catalogue_option
@translations_option
def cards(
    lang: str,
    second_lang: str | None,
    layout: str,
    size: str,
    fmt: str,
    category: str | None,
    case_path: str | None,
    out: str,
    force: bool,
    catalogue_path: str | None,
    translation_dirs: Sequence[str],
    _former_translation_dirs: Sequence[str],
) -> None:
    """Print-ready DesistCards: one card per factor, a divider per category, an instruction card."""
    from desistkit.export import exporter
    from desistkit.export.cards import next_factors
    from desistkit.i18n.localizer import UnknownLanguageError, get_localizer

    dirs = (*translation_dirs, *_former_translation_dirs)
    kind = exporter(f"cards-{fmt}")
    check_extension(out, kind.extensions)
    try:
        first = get_localizer(lang, catalog_dirs=dirs)
        second = get_localizer(second_lang, catalog_dirs=dirs) if second_lang else None
    except UnknownLanguageError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang / --second-lang") from None
    catalogue = catalogue_from(catalogue_path)
    factors = None
    if case_path:
        from desistkit.casefile import load_case

        factors = next_factors(load_case(case_path, catalogue=catalogue), catalogue)
    options = kind.make_options(
        second_lang=second, layout=layout, size=size, factors=factors, category=category, catalogue=catalogue
    )
    refuse_existing([out], force)
    write_output(out, kind.render(None, first, options), force=force)
