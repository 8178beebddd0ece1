"""``desistkit consent-sheet`` and ``desistkit consent record``: the conversation about consent.

The sheet (document types ``consent-sheet-pdf`` and ``consent-sheet-docx``) tells the client who
might receive something and what exactly they would see, read off the sharing policy; ``consent
record`` turns the client's ticks (an answers file, or questions at the prompt) into consent records
in the case file. See docs/consent.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from desistkit.cli.options import (
    catalogue_from,
    catalogue_option,
    check_extension,
    force_option,
    lang_option,
    out_option,
    policy_from,
    read_input,
    refuse_existing,
    text_input,
    translations_option,
    write_output,
)

__all__ = ["consent", "consent_sheet"]

_case_argument = click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
_policy_option = click.option(
    "--policy",
    "policy_path",
    type=click.Path(exists=True, dir_okay=False),
    help="An organisation's policy file [default: the built-in policy].",
)
_audience_option = click.option(
    "--audience",
    "audiences",
    multiple=True,
    help="A group to ask the client about; may be repeated [default: every external audience].",
)


def _legal_text(path: str | None) -> str | None:
    return text_input(path, "'--legal-text'")[0] if path else None


@click.command("consent-sheet")
@_case_argument
@lang_option("Language of the sheet.")
@click.option("--second-lang", help="A second language: each sentence also in it, in italics.")
@_audience_option
@_policy_option
@click.option(
    "--legal-text",
    "legal_path",
    type=click.Path(exists=True, dir_okay=False),
    help="What your organisation must pass on by law, in its own words (UTF-8 text; blank lines "
    "separate paragraphs). Without it the sheet asks the client to ask the caseworker.",
)
@click.option(
    "--expires",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The last day the consent would hold [default: a line].",
)
@out_option("The .pdf or .docx file to write.")
@force_option
@catalogue_option
@translations_option
def consent_sheet(
    case_path: str,
    lang: str,
    second_lang: str | None,
    audiences: Sequence[str],
    policy_path: str | None,
    legal_path: str | None,
    expires: dt.datetime | None,
    out: str,
    force: bool,
    catalogue_path: str | None,
    translation_dirs: Sequence[str],
    _former_translation_dirs: Sequence[str],
) -> None:
    """The client's consent sheet: who might receive what from the case, with tick boxes to sign."""
    from desistkit.casefile import load_case
    from desistkit.export import exporter
    from desistkit.i18n.localizer import UnknownLanguageError, get_localizer
    from desistkit.sharing import share

    check_extension(out, (".pdf", ".docx"))
    kind = exporter(f"consent-sheet-{Path(out).suffix.lower().lstrip('.')}")
    dirs = (*translation_dirs, *_former_translation_dirs)
    try:
        first = get_localizer(lang, catalog_dirs=dirs)
        second = get_localizer(second_lang, catalog_dirs=dirs) if second_lang else None
    except UnknownLanguageError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang / --second-lang") from None
    catalogue = catalogue_from(catalogue_path)
    case = load_case(case_path, catalogue=catalogue)
    # The internal audience: the sheet reads only the case's reference and the factors addressed.
    shared = share(case, "internal", catalogue=catalogue)
    options = kind.make_options(
        second_lang=second,
        audiences=tuple(audiences),
        policy=policy_from(policy_path),
        legal_text=_legal_text(legal_path),
        expires=expires.date() if expires else None,
        catalogue=catalogue,
    )
    refuse_existing([out], force)
    write_output(out, kind.render(shared, first, options), force=force)


@click.group()
def consent() -> None:
    """The client's consent: record the answers from the consent sheet."""


@consent.command("record")
@_case_argument
@click.option(
    "--from",
    "answers_path",
    type=click.Path(exists=True, dir_okay=False),
    help="The client's answers (JSON, desistkit-consent-answers/1; docs/consent.md).",
)
@click.option("--interactive", is_flag=True, help="Ask the questions of the sheet here, one by one.")
@click.option(
    "--date",
    "date",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day the client gave consent [default: the date in the answers, else today].",
)
@click.option("--expires", type=click.DateTime(["%Y-%m-%d"]), help="The last day the consent holds.")
@_audience_option
@_policy_option
@out_option("The case file to write (the case file itself, with --force, to update it).")
@force_option
@catalogue_option
def record(
    case_path: str,
    answers_path: str | None,
    interactive: bool,
    date: dt.datetime | None,
    expires: dt.datetime | None,
    audiences: Sequence[str],
    policy_path: str | None,
    out: str,
    force: bool,
    catalogue_path: str | None,
) -> None:
    """Turn the client's ticks into consent records, with new ids, in the case file."""
    import attrs

    from desistkit.casefile import dumps_case, load_case
    from desistkit.casefile.files import atomic_write_all
    from desistkit.sharing import consents_from_answers, parse_answers

    if bool(answers_path) == interactive:
        raise click.UsageError("give either --from ANSWERS.json or --interactive")
    policy = policy_from(policy_path)
    catalogue = catalogue_from(catalogue_path)
    case = load_case(case_path, catalogue=catalogue)
    if answers_path:
        source = Path(answers_path).name
        answers = dict(parse_answers(read_input(answers_path, "'--from'"), source=source, policy=policy,
                                     catalogue=catalogue))  # fmt: skip
    else:
        source = "answers"
        answers = _ask(case, policy, catalogue, audiences)
    if date is not None:
        answers["date"] = date.date()
    if expires is not None:
        answers["expires"] = expires.date()
    today = dt.date.today()
    made = consents_from_answers(
        case, answers, today=today, policy=policy, catalogue=catalogue, source=source
    )
    if not made:
        raise click.ClickException("no box is ticked: nothing to record (the case file is unchanged)")
    updated = attrs.evolve(case, consents=(*case.consents, *made))
    # The case file itself may be the output (updated in place, with --force, atomically): then
    # only the answers and the policy count as inputs that must not be overwritten.
    inputs = [p for p in (answers_path, policy_path) if p]
    if Path(out).resolve() != Path(case_path).resolve():
        inputs.append(case_path)
    atomic_write_all([(out, dumps_case(updated).encode("utf-8"))], force=force, inputs=inputs)
    click.echo(out)
    for c in made:
        covered = len(c.factors) + len(c.topics)
        click.echo(f"  recorded {c.id}: {', '.join(c.audiences)} ({', '.join(c.purposes)}), "
                   f"{covered} factor(s) and topic(s)", err=True)  # fmt: skip


def _ask(case: Any, policy: Any, catalogue: Any, audiences: Sequence[str]) -> dict[str, Any]:
    """The sheet's questions at the prompt: per audience, per row, yes or no (default no)."""
    from desistkit.i18n.localizer import get_localizer
    from desistkit.sharing import consent_sheet

    sheet = consent_sheet(case, policy=policy, audiences=audiences, catalogue=catalogue)
    loc = get_localizer("en")
    names = loc.catalogue(catalogue)
    answers: dict[str, dict[str, tuple[str, ...]]] = {}
    for a in sheet.audiences:
        click.echo(f"\n{loc.audience(a.name)} ({a.name}, purpose {a.purpose})")
        categories: list[str] = []
        topics: list[str] = []
        for row in sheet.rows:
            if row.id not in a.rows:
                continue
            what = names.category(row.category).name if row.category else loc.text(f"consent.row.{row.topic}")
            if click.confirm(f"  {what}?", default=False):
                (categories if row.category else topics).append(row.category or str(row.topic))
        answers[a.name] = {
            "categories": tuple(categories),
            "factors": (),
            "topics": tuple(topics),
            "purposes": (),
        }
    return {"case": case.reference, "date": None, "expires": None, "answers": answers}
