"""The ``desistkit`` command: parse arguments, call the library, print errors without tracebacks.

Exit codes: 0 success, 1 an error (message on stderr), 2 invalid input or usage (every problem
printed with its location), 70 an internal error, 130 interrupted.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from desistkit import __version__
from desistkit.core.catalogue import Catalogue, default_catalogue, load_catalogue
from desistkit.core.errors import DesistkitError, OutputExistsError, ValidationError
from desistkit.core.model import SessionKind, Setting

EXIT_ERROR = 1
CARD_SIZE_NAMES = ("a6", "poker")  # desistkit.export.cards.CARD_SIZES, without importing fpdf2
EXIT_INVALID = 2
EXIT_INTERNAL = 70


def _catalogue(path: str | None) -> Catalogue:
    return load_catalogue(path) if path else default_catalogue()


_catalogue_option = click.option(
    "--catalogue",
    "catalogue_path",
    type=click.Path(exists=True, dir_okay=False),
    help="An organisation's catalogue file (TOML) instead of the built-in one.",
)


def _sharing_options(command: Any, *, required: bool = True, default_audience: str | None = None) -> Any:
    """The options that say who a case is shared with, when, and under which key and policy.

    --audience is required unless ``required=False`` or a default is given."""
    options = [
        click.option(
            "--audience",
            required=required and default_audience is None,
            default=default_audience,
            show_default=default_audience is not None,
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
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _share_options(
    on: Any, key_file: str | None, domain: str | None, policy_path: str | None
) -> dict[str, Any]:
    """share()'s keyword arguments from the sharing options: export day, key, domain and policy."""
    import datetime as dt

    from desistkit.cli.share import read_key
    from desistkit.sharing import default_policy, load_policy

    policy = load_policy(policy_path) if policy_path else default_policy()
    return {"on": on.date() if on else dt.date.today(), "key": read_key(key_file), "domain": domain,
            "policy": policy}  # fmt: skip


def _shared_case(
    case_path: str, audience: str, catalogue: Catalogue, lang: str, options: dict[str, Any]
) -> Any:
    """The case file loaded and shared for the audience (a SharedCase)."""
    from desistkit.casefile import load_case
    from desistkit.sharing import share

    return share(load_case(case_path, catalogue=catalogue), audience, lang=lang, **options)


_audit_option = click.option(
    "--audit",
    "audit_path",
    type=click.Path(dir_okay=False),
    help="Also write the export's audit record (JSON: what was shared and removed, never values).",
)


def _write_document(out: str, data: bytes, shared: Any, audit_path: str | None, force: bool) -> None:
    """The document, and with --audit its audit record; both are checked before either is written."""
    from desistkit.casefile.files import atomic_write

    targets = [out, *([audit_path] if audit_path else [])]
    existing = [t for t in targets if Path(t).exists()]
    if existing and not force:
        raise OutputExistsError(existing[0])
    atomic_write(out, data, force=force)
    click.echo(out)
    if audit_path:
        atomic_write(audit_path, shared.audit.to_json().encode("utf-8"), force=force)
        click.echo(audit_path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="desistkit", message="%(prog)s %(version)s")
def main() -> None:
    """desistkit: the DesistKit method for caseworkers in exit work.

    Reflect on 29 distancing factors per session, keep case files, and produce the documents
    for supervision and case conferences.
    """


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="desistkit-demo",
    show_default=True,
    help="Directory to write into (created if missing).",
)
@click.option("--force", is_flag=True, help="Replace files that already exist.")
def demo(out_dir: str, force: bool) -> None:
    """Write everything desistkit can produce for the embedded, fictional demo case."""
    from desistkit.casefile.demo import demo_case, demo_case_text
    from desistkit.casefile.files import atomic_write
    from desistkit.export.text import text_summary

    target = Path(out_dir)
    case = demo_case()
    from desistkit.export.cards import cards_pdf
    from desistkit.export.reflector import blank_reflector_pptx, reflector_pptx
    from desistkit.i18n.localizer import get_localizer
    from desistkit.sharing import share
    from desistkit.sharing._pseudonym import demo_key

    # The demo case is fictional; its deck is made as for a case conference, with a demo-only key.
    conference = share(case, "case-conference", key=demo_key(), on=case.chronological[-1].date, lang="de")
    outputs = {
        "demo-case.json": demo_case_text().encode("utf-8"),
        "demo-summary.txt": text_summary(case, default_catalogue()).encode("utf-8"),
        "cards-de.pdf": cards_pdf(get_localizer("de")),
        "cards-fi-sv-a4-duplex.pdf": cards_pdf(
            get_localizer("fi"), second=get_localizer("sv"), layout="a4-duplex", size="poker"
        ),
        "reflector-de.pptx": reflector_pptx(conference, get_localizer("de")),
        "reflector-blank-fi.pptx": blank_reflector_pptx(get_localizer("fi")),
    }
    existing = [str(target / name) for name in outputs if (target / name).exists()]
    if existing and not force:
        # Check all first: a refused run leaves the directory exactly as it was.
        raise OutputExistsError(existing[0])
    target.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        atomic_write(target / name, data, force=force)
        click.echo(str(target / name))


@main.command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_catalogue_option
def validate(cases: Sequence[str], catalogue_path: str | None) -> None:
    """Check case files; print every problem with its JSON path.

    Exits 0 when all files are valid, 2 when any is not.
    """
    from desistkit.casefile import load_case

    catalogue = _catalogue(catalogue_path)
    invalid = 0
    for path in cases:
        try:
            load_case(path, catalogue=catalogue)
        except ValidationError as exc:
            invalid += 1
            click.echo(f"{path}: {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}")
            for problem in exc.problems:
                click.echo(f"  {problem}")
        except OSError as exc:
            invalid += 1
            click.echo(f"{path}: cannot be read ({exc.strerror or type(exc).__name__})")
        else:
            click.echo(f"{path}: valid")
    if invalid:
        raise SystemExit(EXIT_INVALID)


@main.command()
def schema() -> None:
    """Print the JSON Schema of case files."""
    from desistkit.casefile import case_schema

    click.echo(json.dumps(case_schema(), indent=2, ensure_ascii=False))


_catalog_dir_option = click.option(
    "--catalog-dir",
    "catalog_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="An organisation's translations (<lang>/LC_MESSAGES/desistkit.po); may be repeated.",
)


@main.command()
@click.option("--lang", default="en", show_default=True, help="Language or locale, e.g. fi, de-AT.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of factors.")
@_catalogue_option
@_catalog_dir_option
def catalogue(lang: str, as_json: bool, catalogue_path: str | None, catalog_dirs: Sequence[str]) -> None:
    """Show the categories and factors, with descriptions and card questions."""
    from desistkit.i18n.localizer import UnknownLanguageError, get_localizer

    try:
        localizer = get_localizer(lang, catalog_dirs=catalog_dirs)
    except UnknownLanguageError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    language = localizer.language
    cat = localizer.catalogue(_catalogue(catalogue_path))
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


@main.command()
@_catalog_dir_option
def locales(catalog_dirs: Sequence[str]) -> None:
    """Show each language and how complete its translation is."""
    from desistkit.i18n.localizer import available_languages, get_localizer
    from desistkit.i18n.texts import catalogue_messages, label_messages

    total = len(label_messages()) + len(list(catalogue_messages(default_catalogue())))
    click.echo(f"{'lang':<6}{'language':<22}{'translated':>12}{'complete':>10}")
    for code in available_languages(catalog_dirs):
        localizer = get_localizer(code, catalog_dirs=catalog_dirs)
        done = total - len(localizer.missing())
        name = localizer.locale.get_display_name("en") or code
        click.echo(f"{code:<6}{name:<22}{done:>6}/{total:<5}{done / total:>10.0%}")


@main.command()
@click.option(
    "--lang", default="en", show_default=True, help="Language of the text (dates, phone regions, labels)."
)
@click.option(
    "--known",
    "known",
    multiple=True,
    metavar="TEXT",
    help="A name, alias, handle or number the text must not reveal; may be repeated.",
)
@click.option("--birth-date", type=click.DateTime(["%Y-%m-%d"]), help="The birth date to find in any format.")
@click.option("--jsonl", is_flag=True, help="Read and write one JSON object per line (see docs/sharing.md).")
def redact(lang: str, known: Sequence[str], birth_date: Any, jsonl: bool) -> None:
    """Read text on stdin, write it with personal data replaced on stdout."""
    from desistkit.cli.share import known_identifiers, redact_jsonl
    from desistkit.i18n.localizer import get_localizer
    from desistkit.sharing import Redactor
    from desistkit.sharing._redact import words_in

    if jsonl:
        raise SystemExit(redact_jsonl(sys.stdin, sys.stdout))
    localizer = get_localizer(lang)
    redactor = Redactor(known_identifiers(known, birth_date.date() if birth_date else None))
    result = redactor.redact(sys.stdin.read(), localizer.language, words=words_in(localizer))
    sys.stdout.write(result.text)


@main.command()
@click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
@_sharing_options
@click.option("--purpose", help="Purpose the consent must cover [default: the audience's].")
@click.option("--lang", default="en", show_default=True, help="Language of the replacement words.")
@click.option(
    "--preview", is_flag=True, help="Show what would go out and what would be removed; write nothing."
)
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), help="Write the shared case (JSON).")
@click.option(
    "--audit", "audit_path", type=click.Path(dir_okay=False), help="Audit record [default: OUT.audit.json]."
)
@click.option(
    "--mapping-out",
    type=click.Path(dir_okay=False),
    help="Also write pseudonym -> reference (for the controller only; keep it safe).",
)
@click.option("--force", is_flag=True, help="Replace files that exist.")
@_catalogue_option
def share(
    case_path: str,
    audience: str,
    on: Any,
    purpose: str | None,
    domain: str | None,
    lang: str,
    policy_path: str | None,
    key_file: str | None,
    preview: bool,
    out: str | None,
    audit_path: str | None,
    mapping_out: str | None,
    force: bool,
    catalogue_path: str | None,
) -> None:
    """Share a case with an audience: consent-filtered, pseudonymised, redacted, audited."""
    import datetime as dt

    from desistkit.casefile import load_case
    from desistkit.cli.share import read_key, run_share

    case = load_case(case_path, catalogue=_catalogue(catalogue_path))
    day = on.date() if on else dt.date.today()
    if not preview and not out:
        raise click.UsageError("give -o FILE to write the shared case, or --preview to look first")
    run_share(
        case,
        audience=audience,
        on=day,
        purpose=purpose,
        domain=domain,
        lang=lang,
        policy_path=policy_path,
        key=read_key(key_file),
        preview=preview,
        out=out,
        audit_path=audit_path,
        mapping_out=mapping_out,
        force=force,
    )


@main.command()
@click.option("--lang", default="en", show_default=True, help="Language of the cards.")
@click.option("--second-lang", help="A second language under the first, on both faces.")
@click.option(
    "--layout",
    type=click.Choice(["single", "a4-duplex"]),
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
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="The file to write.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@_catalog_dir_option
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
    catalog_dirs: Sequence[str],
) -> None:
    """Print-ready DesistCards: one card per factor, a divider per category, an instruction card."""
    from desistkit.casefile.files import atomic_write
    from desistkit.export.cards import cards_pdf, cards_pptx, next_factors
    from desistkit.i18n.localizer import UnknownLanguageError, get_localizer

    try:
        first = get_localizer(lang, catalog_dirs=catalog_dirs)
        second = get_localizer(second_lang, catalog_dirs=catalog_dirs) if second_lang else None
    except UnknownLanguageError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang / --second-lang") from None
    factors = None
    if case_path:
        from desistkit.casefile import load_case

        factors = next_factors(load_case(case_path), default_catalogue())
    if fmt == "pptx":
        data = cards_pptx(first, second=second, size=size, factors=factors, category=category)
    else:
        data = cards_pdf(first, second=second, layout=layout, size=size, factors=factors, category=category)
    atomic_write(out, data, force=force)
    click.echo(out)


@main.command()
@click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", default="en", show_default=True, help="Language of the summary.")
@_sharing_options
@click.option(
    "--template", type=click.Path(exists=True, dir_okay=False), help="An organisation's .docx template."
)
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="The .docx file to write."
)
@_audit_option
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@_catalogue_option
def summary(case_path: str, lang: str, audience: str, on: Any, key_file: str | None, domain: str | None,
            policy_path: str | None, template: str | None, out: str, audit_path: str | None, force: bool,
            catalogue_path: str | None) -> None:  # fmt: skip
    """The Word case summary for a case conference (or any audience)."""
    from desistkit.export.summary import summary_docx
    from desistkit.i18n.localizer import get_localizer

    catalogue_ = _catalogue(catalogue_path)
    localizer = get_localizer(lang)
    options = _share_options(on, key_file, domain, policy_path)
    shared = _shared_case(case_path, audience, catalogue_, localizer.language, options)
    data = summary_docx(shared, localizer, template=template, catalogue=catalogue_)
    _write_document(out, data, shared, audit_path, force)


def _layouts(values: Sequence[str]) -> dict[str, str]:
    layouts = {}
    for value in values:
        role, sep, name = value.partition("=")
        if not sep or role not in ("title", "content") or not name:
            raise click.BadParameter(
                f"expected title=NAME or content=NAME, got {value!r}", param_hint="--layout"
            )
        layouts[role] = name
    return layouts


@main.command()
@click.argument("case_path", metavar="[CASE]", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--blank", is_flag=True, help="An empty CaseReflector to fill by hand (no CASE).")
@click.option("--lang", default="en", show_default=True, help="Language of the deck.")
@functools.partial(_sharing_options, required=False)
@click.option(
    "--template", type=click.Path(exists=True, dir_okay=False), help="An organisation's .pptx template."
)
@click.option(
    "--layout",
    "layout_names",
    multiple=True,
    metavar="ROLE=NAME",
    help="The template's layout for a role: title=NAME or content=NAME (default: PowerPoint's names).",
)
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="The .pptx file to write."
)
@_audit_option
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@_catalogue_option
def reflector(case_path: str | None, blank: bool, lang: str, audience: str | None, on: Any,
              key_file: str | None, domain: str | None, policy_path: str | None, template: str | None,
              layout_names: Sequence[str], out: str, audit_path: str | None, force: bool,
              catalogue_path: str | None) -> None:  # fmt: skip
    """The CaseReflector deck of a case for an audience, or a blank one (--blank) to fill by hand."""

    from desistkit.casefile.files import atomic_write
    from desistkit.export.reflector import blank_reflector_pptx, reflector_pptx
    from desistkit.i18n.localizer import get_localizer

    catalogue_ = _catalogue(catalogue_path)
    localizer = get_localizer(lang)
    layouts = _layouts(layout_names)
    if blank:
        if case_path or audit_path:
            raise click.UsageError("--blank writes an empty deck: give no CASE (and no --audit)")
        atomic_write(out, blank_reflector_pptx(localizer, template=template, layouts=layouts,
                                               catalogue=catalogue_), force=force)  # fmt: skip
        click.echo(out)
        return
    if not case_path:
        raise click.UsageError("give a CASE file, or --blank for an empty deck")
    if not audience:
        raise click.UsageError("Missing option '--audience' (who the deck is for)")
    options = _share_options(on, key_file, domain, policy_path)
    shared = _shared_case(case_path, audience, catalogue_, localizer.language, options)
    data = reflector_pptx(shared, localizer, template=template, layouts=layouts, catalogue=catalogue_)
    _write_document(out, data, shared, audit_path, force)


@main.command()
@click.argument("case_paths", metavar="CASE...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))  # fmt: skip
@click.option("--lang", default="en", show_default=True, help="Language of the tracker.")
@functools.partial(_sharing_options, required=False)
@click.option(
    "--programme",
    is_flag=True,
    help="One programme tracker across the cases (implied by several CASE files).",
)
@click.option(
    "--aggregates-only",
    is_flag=True,
    help="Programme tracker: only the count sheets, without the row-level Cases sheet.",
)
@click.option("--threshold", type=click.IntRange(2, 100), default=5, show_default=True,
              help="Programme tracker: counts below this are shown as '<N'.")  # fmt: skip
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="The .xlsx file to write."
)
@_audit_option
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@_catalogue_option
def tracker(case_paths: Sequence[str], lang: str, audience: str | None, on: Any, key_file: str | None,
            domain: str | None, policy_path: str | None, programme: bool, aggregates_only: bool,
            threshold: int, out: str, audit_path: str | None, force: bool,
            catalogue_path: str | None) -> None:  # fmt: skip
    """The Excel tracker of a case, or the programme tracker of many cases.

    One CASE: sessions, goals, working relationship and charts; the internal tracker (the default
    audience) can be edited and read back with `desistkit import`. Several CASE files (or
    --programme): one row per case-session, pseudonyms only, and counts with small numbers
    suppressed; for the research audience unless --audience says otherwise.
    """

    from desistkit.i18n.localizer import get_localizer

    catalogue_ = _catalogue(catalogue_path)
    localizer = get_localizer(lang)
    options = _share_options(on, key_file, domain, policy_path)
    if programme or len(case_paths) > 1:
        from desistkit.export.programme import programme_xlsx, shared_cases

        if audit_path:
            raise click.UsageError("--audit is for one case; the programme tracker prints its counts")
        if not force and Path(out).exists():
            raise OutputExistsError(out)
        cases = shared_cases(
            case_paths, audience or "research", lang=localizer.language, catalogue=catalogue_, **options
        )
        with click.progressbar(length=len(case_paths), label="cases", file=sys.stderr) as bar:
            summary = programme_xlsx(cases, localizer, out, catalogue=catalogue_, threshold=threshold,
                                     case_rows=not aggregates_only, force=force,
                                     progress=lambda n: bar.update(n - bar.pos))  # fmt: skip
        click.echo(out)
        click.echo(
            f"desistkit: {summary.cases} cases, {summary.sessions} sessions, {summary.goals} goals for "
            f"{summary.audience}; {summary.small} small counts shown as <{threshold}, {summary.hidden} more "
            "cells hidden so that they cannot be worked out",
            err=True,
        )
        return
    if aggregates_only:
        raise click.UsageError("--aggregates-only is for the programme tracker (several CASE files)")
    from desistkit.export.tracker import tracker_xlsx

    shared = _shared_case(case_paths[0], audience or "internal", catalogue_, localizer.language, options)
    _write_document(out, tracker_xlsx(shared, localizer, catalogue=catalogue_), shared, audit_path, force)


@main.command("import")
@click.argument("document", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False),
    help="The case file (JSON) to write.",
)
@click.option(
    "--base",
    "base_path",
    type=click.Path(exists=True, dir_okay=False),
    help="The case file the document was made from: keeps the client record and the consents.",
)
@click.option(
    "--setting",
    type=click.Choice([s.value for s in Setting]),
    help="Decks without --base: where the client is (a deck does not say).",
)
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Decks: the session's date, if the deck's title slide does not give one.",
)
@click.option(
    "--kind",
    type=click.Choice([k.value for k in SessionKind]),
    help="Decks: the kind of meeting the reflection belongs to [default: other].",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@_catalogue_option
def import_(document: str, out: str, base_path: str | None, setting: str | None, day: Any, kind: str | None,
            force: bool, catalogue_path: str | None) -> None:  # fmt: skip
    """Read an edited tracker (.xlsx) or CaseReflector deck (.pptx) back into a case file.

    Every problem is printed with where it is: sheet and cell, or slide and shape. A deck becomes a
    new session (of the --base case, or of a new case with --setting)."""
    from desistkit.casefile import load_case, save_case
    from desistkit.formats.package import open_package
    from desistkit.importing import read_document
    from desistkit.importing.deck import PPTX

    catalogue_ = _catalogue(catalogue_path)
    base = load_case(base_path, catalogue=catalogue_) if base_path else None
    deck_options = {
        "setting": Setting(setting) if setting else None,
        "date": day.date() if day else None,
        "kind": SessionKind(kind) if kind else None,
    }
    given = {k: v for k, v in deck_options.items() if v is not None}
    package = open_package(document)
    if given and package.content_type != PPTX:
        raise click.UsageError(f"--{', --'.join(given)}: only for CaseReflector decks (.pptx)")
    case = read_document(document, catalogue=catalogue_, base=base, **given)
    save_case(case, out, force=force)
    click.echo(out)
    if base is None:
        click.echo(
            "desistkit: the case has no client record and no consents (a tracker or deck does not hold "
            "them); give --base CASE.json to keep them from the case file",
            err=True,
        )


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point: run the CLI and turn every error into a message and an exit code."""
    try:
        code = main.main(
            args=list(argv) if argv is not None else None,
            prog_name="desistkit",
            standalone_mode=False,
        )
    except click.exceptions.Abort:
        _fail("interrupted", 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INVALID if isinstance(exc, click.UsageError) else exc.exit_code)
    except ValidationError as exc:
        _fail(str(exc), EXIT_INVALID)
    except OutputExistsError as exc:
        _fail(f"{exc.path} exists; use --force to replace it", EXIT_ERROR)
    except DesistkitError as exc:
        _fail(str(exc), EXIT_ERROR)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        _fail(f"cannot access{where}: {exc.strerror or type(exc).__name__}", EXIT_ERROR)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("DESISTKIT_DEBUG"):
            raise
        # The message may quote case data; name only the type.
        _fail(
            f"internal error ({type(exc).__name__}); rerun with DESISTKIT_DEBUG=1 to see the "
            "details, and report it without case data",
            EXIT_INTERNAL,
        )
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"desistkit: {message}", err=True)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
