"""``desistkit validate``, ``schema``, ``catalogue`` and ``locales``: case files, factors, languages."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from desistkit.cli.app import EXIT_INVALID
from desistkit.cli.options import catalogue_from, catalogue_option, lang_option, translations_option
from desistkit.core.catalogue import default_catalogue
from desistkit.core.errors import ValidationError

__all__ = ["catalogue", "locales", "schema", "validate"]


@click.command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=False))
@catalogue_option
def validate(cases: Sequence[str], catalogue_path: str | None) -> None:
    """Check case files; print every problem with its JSON path.

    Exits 0 when all files are valid, 2 when any is not.
    """
    import datetime as dt

    from desistkit.casefile import load_case
    from desistkit.core.checks import future_dates

    catalogue = catalogue_from(catalogue_path)
    invalid = 0
    for path in cases:
        try:
            case = load_case(path, catalogue=catalogue)
        except ValidationError as exc:
            invalid += 1
            click.echo(f"{path}: {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}")
            for problem in exc.problems:
                click.echo(f"  {problem}")
        else:
            click.echo(f"{path}: valid")
            for problem in future_dates(case, dt.date.today()):
                click.echo(f"desistkit: warning: {path}: {problem}", err=True)
    if invalid:
        raise SystemExit(EXIT_INVALID)


@click.command()
def schema() -> None:
    """Print the JSON Schema of case files."""
    from desistkit.casefile import case_schema

    click.echo(json.dumps(case_schema(), indent=2, ensure_ascii=False))


@click.command()
@lang_option("Language or locale, e.g. fi, de-AT.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of factors.")
@catalogue_option
@translations_option
def catalogue(
    lang: str,
    as_json: bool,
    catalogue_path: str | None,
    translation_dirs: Sequence[str],
    _former_translation_dirs: Sequence[str],
) -> None:
    """Show the categories and factors, with descriptions and card questions."""
    from desistkit.i18n.localizer import UnknownLanguageError, get_localizer

    catalog_dirs = (*translation_dirs, *_former_translation_dirs)
    try:
        localizer = get_localizer(lang, catalog_dirs=catalog_dirs)
    except UnknownLanguageError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    language = localizer.language
    cat = localizer.catalogue(catalogue_from(catalogue_path))
    if as_json:
        rows: list[dict[str, Any]] = [
            {
                "id": f.id,
                "category": f.category.id,
                "category_name": f.category.name,
                "colour": f.colour,
                "name": f.name,
                "description": f.description,
                "questions": list(f.questions),
                "lang": language,
            }
            for f in cat.factors
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for category in cat.categories:
        click.echo(f"{category.name} ({category.id})")
        for factor in cat.factors_in(category.id):
            click.echo(f"  {factor.id:<38} {factor.name}")
        click.echo()


@click.command()
@translations_option
@click.option(
    "--review",
    "review_lang",
    metavar="LANG",
    help="Write LANG's texts for a native practitioner's review (-o FILE.xlsx or .csv).",
)
@click.option(
    "--apply",
    "apply_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Read a filled review file back into the .po given with --po (prints the diff).",
)
@click.option(
    "--po",
    "po_file",
    type=click.Path(exists=True, dir_okay=False),
    help="The catalog to review or correct (default for --review: the packaged one).",
)
@click.option(
    "-o", "--out", "out", type=click.Path(dir_okay=False), help="The review file, or the corrected .po."
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def locales(
    translation_dirs: Sequence[str],
    _former_translation_dirs: Sequence[str],
    review_lang: str | None,
    apply_file: str | None,
    po_file: str | None,
    out: str | None,
    force: bool,
) -> None:
    """Show each language and how complete its translation is; or, with --review and --apply, the
    review round trip for a native practitioner (docs/translating.md)."""
    if review_lang or apply_file:
        _review(review_lang, apply_file, po_file, out, force)
        return
    from desistkit.i18n.localizer import available_languages, get_localizer
    from desistkit.i18n.texts import catalogue_messages, label_messages

    catalog_dirs = (*translation_dirs, *_former_translation_dirs)
    total = len(label_messages()) + len(list(catalogue_messages(default_catalogue())))
    click.echo(f"{'lang':<6}{'language':<22}{'translated':>12}{'complete':>10}")
    for code in available_languages(catalog_dirs):
        localizer = get_localizer(code, catalog_dirs=catalog_dirs)
        done = total - len(localizer.missing())
        name = localizer.locale.get_display_name("en") or code
        click.echo(f"{code:<6}{name:<22}{done:>6}/{total:<5}{done / total:>10.0%}")


def _review(
    lang: str | None, apply_file: str | None, po_file: str | None, out: str | None, force: bool
) -> None:
    from desistkit.cli.options import check_extension, read_input, text_input, write_output
    from desistkit.core.inputs import MAX_INPUT_BYTES
    from desistkit.i18n.review import apply_review, write_review

    if not out:
        raise click.UsageError("give -o FILE: the review file (--review) or the corrected .po (--apply)")
    if lang and apply_file:
        raise click.UsageError("--review writes a review file and --apply reads one: give one of them")
    limit = 16 * MAX_INPUT_BYTES  # a catalog is ~300 KiB, a review workbook ~100 KiB
    po_text = text_input(po_file, "'--po'", limit=limit)[0] if po_file else None
    if lang:
        check_extension(out, (".xlsx", ".csv"))
        data = write_review(lang, "csv" if out.lower().endswith(".csv") else "xlsx", po_text=po_text)
        write_output(out, data, force=force)
        return
    if po_text is None:
        raise click.UsageError("--apply needs --po FILE: the catalog the corrections go into")
    assert apply_file is not None
    check_extension(out, (".po",))
    review = read_input(apply_file, "'--apply'", limit=limit)
    new_text, diff = apply_review(po_text, review)  # a workbook goes through the package gate there
    click.echo(diff, nl=False, err=True)
    write_output(out, new_text.encode("utf-8"), force=force)
