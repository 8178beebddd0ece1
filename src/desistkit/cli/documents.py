"""``desistkit summary``, ``reflector`` and ``tracker``: documents of shared cases, made through the
exporter registry (document types ``summary``, ``deck``, ``blank-deck``, ``tracker``, ``programme``).

Each command loads and shares the case files (:mod:`desistkit.cli.cases`), lets the document type
render them, and writes the result (with --audit, the export's audit record beside it). With
--out-dir, one document per case, made by --jobs processes (:mod:`desistkit.cli._batch`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import attrs
import click

from desistkit.cli.cases import shared_case, shared_cases
from desistkit.cli.options import (
    audit_option,
    catalogue_from,
    catalogue_option,
    check_extension,
    command_inputs,
    force_option,
    lang_option,
    many_options,
    out_option,
    refuse_existing,
    share_arguments,
    sharing_options,
    translations_option,
    write_document,
    write_output,
)
from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import MissingKeyError

__all__ = ["reflector", "summary", "tracker"]

_case_argument = click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
_case_arguments = click.argument(
    "case_paths", metavar="CASE...", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False)
)
_template_help = "An organisation's {} template."


_SHARING = ("on", "key_file", "domain", "policy_path", "_former_key_file")


@attrs.frozen
class _Common:
    """The options every document command has: language, sharing, output, catalogue."""

    lang: str
    sharing: dict[str, Any]
    out: str | None
    audit_path: str | None
    force: bool
    catalogue_path: str | None
    translation_dirs: tuple[str, ...]
    out_dir: str | None = None
    audit_dir: str | None = None
    jobs: int | None = None


def _split(common: dict[str, Any]) -> _Common:
    """A command's keyword arguments, the sharing options and the translation folders gathered."""
    dirs = (*common.pop("translation_dirs"), *common.pop("_former_translation_dirs"))
    return _Common(sharing={k: common.pop(k) for k in _SHARING}, translation_dirs=dirs, **common)


def _document_type(name: str, common: _Common) -> tuple[Any, Catalogue, Any]:
    """The document type (refusing an output name of another type), the catalogue and the localizer."""
    from desistkit.export import exporter
    from desistkit.i18n.localizer import UnknownLanguageError, get_localizer

    kind = exporter(name)
    if common.out:
        check_extension(common.out, kind.extensions)
    if common.audit_path:
        check_extension(common.audit_path, (".json",), "--audit")
    try:
        localizer = get_localizer(common.lang, catalog_dirs=common.translation_dirs)
    except UnknownLanguageError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    return kind, catalogue_from(common.catalogue_path), localizer


def _export(name: str, case_path: str, audience: str, common: _Common, **options: Any) -> None:
    """Load and share one case file, render the document type ``name`` of it, and write it."""
    assert common.out is not None
    kind, catalogue, localizer = _document_type(name, common)
    arguments = share_arguments(**common.sharing)
    shared = shared_case(case_path, audience, catalogue=catalogue, lang=localizer.language, **arguments)
    data = kind.render(shared, localizer, kind.make_options(catalogue=catalogue, **options))
    write_document(common.out, data, shared, common.audit_path, common.force)


def _documents(name: str, case_paths: Sequence[str], audience: str, common: _Common, **options: Any) -> None:
    """One case to -o FILE, or one document per case into --out-dir DIR, in --jobs processes."""
    if common.out_dir is None:
        if common.audit_dir:
            raise click.UsageError("--audit-dir is for --out-dir; with -o FILE, use --audit FILE")
        if len(case_paths) > 1:
            raise click.UsageError("several CASE files: give --out-dir DIR for one document per case")
        if not common.out:
            raise click.UsageError("Missing option '-o' / '--out' (or --out-dir DIR: one document per case)")
        _export(name, case_paths[0], audience, common, **options)
        return
    if common.out:
        raise click.UsageError(
            "give -o FILE for one case or --out-dir DIR for one document per case, not both"
        )
    if common.audit_path:
        raise click.UsageError("with --out-dir, --audit-dir DIR keeps each case's audit record")
    from desistkit.cli._batch import Job, resolved_sharing, write_each  # a pool: only for many

    kind, _, _ = _document_type(name, common)
    _refuse_without_key(share_arguments(**common.sharing), audience)
    job = Job(name, audience, common.lang, resolved_sharing(common.sharing), common.catalogue_path,
              common.translation_dirs, options, audit=common.audit_dir is not None)  # fmt: skip
    write_each(job, case_paths, out_dir=common.out_dir, suffix=kind.suffix, audit_dir=common.audit_dir,
               jobs=common.jobs or 1, force=common.force)  # fmt: skip


def _refuse_without_key(arguments: dict[str, Any], audience: str) -> None:
    """Before any case is read: else every case would fail alike (or the first file be blamed)."""
    if (
        arguments["key"] is None
        and arguments["policy"].audience(audience).action("reference") == "pseudonymise"
    ):
        raise MissingKeyError(f"audience {audience!r} pseudonymises")


@click.command()
@_case_arguments
@lang_option("Language of the summary.")
@sharing_options()
@click.option("--template", type=click.Path(exists=True, dir_okay=False), help=_template_help.format(".docx"))
@out_option("The .docx file to write (one CASE).", required=False)
@audit_option
@many_options("summary")
@force_option
@catalogue_option
@translations_option
def summary(case_paths: Sequence[str], audience: str, template: str | None, **common: Any) -> None:
    """The Word case summary for a case conference (or any audience); of many cases with --out-dir."""
    _documents("summary", case_paths, audience, _split(common), template=template)


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


@click.command()
@click.argument(
    "case_paths", metavar="[CASE...]", nargs=-1, required=False, type=click.Path(exists=True, dir_okay=False)
)
@click.option("--blank", is_flag=True, help="An empty CaseReflector to fill by hand (no CASE).")
@click.option(
    "--for",
    "agency",
    metavar="AGENCY",
    help="With --blank: the agency that fills it in, as its contribution to a case conference "
    "(named on the title slide; read back with `desistkit import --conference ID --for AGENCY`).",
)
@lang_option("Language of the deck.")
@sharing_options(required=False)
@click.option("--template", type=click.Path(exists=True, dir_okay=False), help=_template_help.format(".pptx"))
@click.option(
    "--layout",
    "layout_names",
    multiple=True,
    metavar="ROLE=NAME",
    help="The template's layout for a role: title=NAME or content=NAME (default: PowerPoint's names).",
)
@out_option("The .pptx file to write (one CASE, or --blank).", required=False)
@audit_option
@many_options("deck")
@force_option
@catalogue_option
@translations_option
def reflector(
    case_paths: Sequence[str],
    blank: bool,
    agency: str | None,
    audience: str | None,
    template: str | None,
    layout_names: Sequence[str],
    **common: Any,
) -> None:
    """The CaseReflector deck of a case for an audience (of many cases with --out-dir), or a blank
    one (--blank) to fill by hand, for one agency's contribution to a case conference with --for
    AGENCY."""
    layouts = _layouts(layout_names)
    if blank:
        if case_paths or common["audit_path"] or common["out_dir"] or common["audit_dir"]:
            raise click.UsageError(
                "--blank writes an empty deck: give no CASE (and no --audit, no --out-dir)"
            )
        if not common["out"]:
            raise click.UsageError("Missing option '-o' / '--out' (the .pptx file to write)")
        if agency is not None:
            from desistkit.formats.deck import AGENCY_EXPECTED, agency_problem

            given = agency_problem(agency)
            if given is not None:
                raise click.BadParameter(f"expected {AGENCY_EXPECTED}, got {given}", param_hint="--for")
        _blank_deck(_split(common), template=template, layouts=layouts, agency=agency)
        return
    if agency is not None:
        raise click.UsageError("--for AGENCY is for a blank deck (--blank): an agency's contribution")
    if not case_paths:
        raise click.UsageError("give a CASE file, or --blank for an empty deck")
    if not audience:
        raise click.UsageError("Missing option '--audience' (who the deck is for)")
    _documents("deck", case_paths, audience, _split(common), template=template, layouts=layouts)


def _blank_deck(common: _Common, **options: Any) -> None:
    assert common.out is not None
    kind, catalogue, localizer = _document_type("blank-deck", common)
    made = kind.make_options(catalogue=catalogue, **options)
    refuse_existing([common.out], common.force)
    write_output(common.out, kind.render(None, localizer, made), force=common.force)


@click.command()
@click.argument(
    "case_paths", metavar="CASE...", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False)
)
@lang_option("Language of the tracker.")
@sharing_options(required=False)
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
@click.option(
    "--threshold",
    type=click.IntRange(2, 100),
    default=5,
    show_default=True,
    help="Programme tracker: counts below this are shown as '<N'.",
)
@out_option("The .xlsx file to write: one case's tracker, or the programme tracker.", required=False)
@audit_option
@many_options("tracker")
@force_option
@catalogue_option
@translations_option
def tracker(
    case_paths: Sequence[str],
    audience: str | None,
    programme: bool,
    aggregates_only: bool,
    threshold: int,
    **common: Any,
) -> None:
    """The Excel tracker of a case, or the programme tracker of many cases.

    One CASE: sessions, goals, working relationship and charts; the internal tracker (the default
    audience) can be edited and read back with `desistkit import`. Several CASE files (or
    --programme) with -o FILE: one row per case-session, pseudonyms only, and counts with small
    numbers suppressed; for the research audience unless --audience says otherwise. Several CASE
    files with --out-dir DIR: each case's own tracker (internal by default).
    """
    if common["out_dir"] is None and (programme or len(case_paths) > 1):
        if common["jobs"] is not None or common["audit_dir"]:
            raise click.UsageError(
                "--jobs and --audit-dir are for one tracker per case (--out-dir DIR); the programme "
                "tracker streams every case into one file"
            )
        if not common["out"]:
            raise click.UsageError("Missing option '-o' / '--out' (the programme tracker's .xlsx file)")
        _programme(case_paths, audience or "research", threshold, not aggregates_only, _split(common))
        return
    if programme:
        raise click.UsageError("--programme writes one file (-o FILE); --out-dir is for one tracker per case")
    if aggregates_only:
        raise click.UsageError("--aggregates-only is for the programme tracker (several CASE files)")
    _documents("tracker", case_paths, audience or "internal", _split(common))


def _programme(
    case_paths: Sequence[str], audience: str, threshold: int, case_rows: bool, common: _Common
) -> None:
    """The programme tracker, streamed case by case into the output file, with a progress bar."""
    from desistkit.casefile.files import atomic_output
    from desistkit.export.programme import ProgrammeSummary

    kind, catalogue, localizer = _document_type("programme", common)
    arguments = share_arguments(**common.sharing)
    out, force = common.out, common.force
    assert out is not None
    if common.audit_path:
        raise click.UsageError("--audit is for one case; the programme tracker prints its counts")
    _refuse_without_key(arguments, audience)
    refuse_existing([out], force)
    cases = shared_cases(case_paths, audience, lang=localizer.language, catalogue=catalogue, **arguments)
    with (
        click.progressbar(length=len(case_paths), label="cases", file=sys.stderr) as bar,
        atomic_output(out, force=force, inputs=command_inputs()) as stream,
    ):
        options = kind.make_options(
            catalogue=catalogue,
            threshold=threshold,
            case_rows=case_rows,
            progress=lambda n: bar.update(n - bar.pos),
        )
        summary = kind.write_to(cases, localizer, options, stream)
    assert isinstance(summary, ProgrammeSummary)
    click.echo(out)
    click.echo(
        f"desistkit: {summary.cases} cases, {summary.sessions} sessions, {summary.goals} goals for "
        f"{summary.audience}; {summary.small} small counts shown as <{threshold}, {summary.hidden} more "
        "cells hidden so that they cannot be worked out",
        err=True,
    )
