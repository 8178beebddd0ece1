"""Export a whole programme (a folder of case files) for one audience, with a progress bar and an audit log.

    export DESISTKIT_PSEUDONYM_KEY_FILE=/run/secrets/desistkit-key
    python examples/batch/export_programme.py cases/ --audience case-conference --lang de \\
        --domain cc-2025-q3 --on 2025-09-30 --out export-2025-q3/

Writes, for every valid case file, its documents into OUT/<reference>/ (the reference the audience
may see: a pseudonym for external audiences, so file names reveal nothing), and one line per case
into OUT/audit.jsonl: the audit record of the export (what was withheld and why, counts only).
A case file that cannot be read or shared is reported with its path and problems on stderr and in
the audit log, and the batch goes on. Exit status: 0 all exported, 2 some case files were invalid,
1 another error.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

import desistkit as dk
from desistkit.export.programme import programme_xlsx
from desistkit.export.reflector import reflector_pptx
from desistkit.export.summary import summary_docx

KEY_FILE_ENV = "DESISTKIT_PSEUDONYM_KEY_FILE"
KEY_ENV = "DESISTKIT_PSEUDONYM_KEY"


@dataclass(frozen=True)
class CaseDocument:
    """A document made for each case: its file name and how to render it from the shared case."""

    filename: str
    render: Callable[[dk.SharedCase, dk.Localizer, dk.Catalogue], bytes]


@dataclass(frozen=True)
class ProgrammeDocument:
    """A document made once for the whole programme, from every case shared."""

    filename: str
    render: Callable[[Sequence[dk.SharedCase], dk.Localizer, dk.Catalogue], bytes]


def _programme_tracker(cases: Sequence[dk.SharedCase], loc: dk.Localizer, cat: dk.Catalogue) -> bytes:
    """Counts with small numbers suppressed; the row-level Cases sheet only for the team's own
    research audience (a funder should get aggregates only: ``case_rows=False``)."""
    out = io.BytesIO()
    programme_xlsx(cases, loc, out, catalogue=cat)
    return out.getvalue()


# One entry per document type.
PER_CASE: list[CaseDocument] = [
    CaseDocument("reflector.pptx", lambda shared, loc, cat: reflector_pptx(shared, loc, catalogue=cat)),
    CaseDocument("summary.docx", lambda shared, loc, cat: summary_docx(shared, loc, catalogue=cat)),
]
PROGRAMME: list[ProgrammeDocument] = [ProgrammeDocument("programme.xlsx", _programme_tracker)]


def write_new(path: Path, data: bytes, *, force: bool) -> None:
    """Write atomically (temporary file, then rename), owner-only; never replace a file unless forced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists; use --force to replace it")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_key(key_file: str | None) -> dk.PseudonymKey | None:
    """The pseudonym key from --key-file, DESISTKIT_PSEUDONYM_KEY_FILE or DESISTKIT_PSEUDONYM_KEY."""
    path = key_file or os.environ.get(KEY_FILE_ENV)
    if path:
        return dk.PseudonymKey.from_text(Path(path).read_text("utf-8"))
    value = os.environ.get(KEY_ENV)
    return dk.PseudonymKey.from_text(value) if value else None


@dataclass(frozen=True)
class Outcome:
    """What happened to one case file: exported (with its audit line) or failed (with the reason)."""

    path: Path
    line: dict[str, Any]
    problems: Sequence[str] = ()

    @property
    def ok(self) -> bool:
        return self.line["status"] == "exported"


def export_case(
    path: Path,
    *,
    audience: str,
    on: dt.date,
    key: dk.PseudonymKey | None,
    domain: str | None,
    localizer: dk.Localizer,
    catalogue: dk.Catalogue,
    out: Path,
    force: bool,
    shared_cases: list[dk.SharedCase] | None,
) -> Outcome:
    """Load, share and render one case file; an invalid case becomes a failed Outcome, never an exception."""
    try:
        case = dk.load_case(path, catalogue=catalogue)
    except dk.ValidationError as exc:
        problems = [str(p) for p in exc.problems]
        line = {"status": "failed", "file": path.name, "error": type(exc).__name__, "problems": len(problems)}
        return Outcome(path, line, problems)
    except OSError as exc:
        reason = f"cannot be read ({exc.strerror or type(exc).__name__})"
        return Outcome(path, {"status": "failed", "file": path.name, "error": "OSError"}, [reason])
    at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        shared = dk.share(case, audience, on=on, key=key, domain=domain, lang=localizer.language, at=at)
        rendered = [(d.filename, d.render(shared, localizer, catalogue)) for d in PER_CASE]
    except dk.DesistkitError as exc:  # desistkit's messages hold no note text or client data
        return Outcome(path, {"status": "failed", "file": path.name, "error": type(exc).__name__}, [str(exc)])
    folder = out / shared.case.reference
    written = []
    for filename, data in rendered:
        write_new(folder / filename, data, force=force)
        written.append(filename)
    if shared_cases is not None:
        shared_cases.append(shared)
    # No file name here: for an external audience it would link the pseudonym to the case file.
    line = {"status": "exported", "reference": shared.case.reference, "documents": written,
            "audit": shared.audit.to_dict()}  # fmt: skip
    return Outcome(path, line)


def case_files(folder: Path) -> list[Path]:
    """The case files of a programme folder, in name order (subfolders are not searched)."""
    return sorted(p for p in folder.iterdir() if p.suffix == ".json" and p.is_file())


def _progress(paths: Sequence[Path], quiet: bool) -> Iterator[Path]:
    if quiet:
        yield from paths
        return
    # The label never names a case file: progress output ends up in terminal logs.
    with click.progressbar(paths, label="Exporting cases", file=sys.stderr, show_pos=True) as bar:
        yield from bar


@click.command(help=__doc__.split("\n\n")[0] if __doc__ else None)
@click.argument("cases_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--audience", required=True, help="internal, case-conference, security, research, ...")
@click.option("--lang", default="en", show_default=True, help="Language of the documents.")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="Export date for consent [today].")
@click.option("--domain", help="Pseudonym domain, e.g. one per case conference [the audience].")
@click.option("--key-file", type=click.Path(exists=True, dir_okay=False), help="The pseudonym key file.")
@click.option("--catalogue", "catalogue_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace documents that exist.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def main(
    cases_dir: Path,
    audience: str,
    lang: str,
    on: dt.datetime | None,
    domain: str | None,
    key_file: str | None,
    catalogue_path: str | None,
    out: Path,
    force: bool,
    quiet: bool,
) -> None:
    try:
        localizer = dk.get_localizer(lang)
        catalogue = dk.load_catalogue(catalogue_path) if catalogue_path else dk.default_catalogue()
        key = read_key(key_file)
        day = on.date() if on else dt.date.today()
        # Fail before touching any file when the audience, key or domain cannot work: sharing the
        # (fictional) demo case raises the same error every real case would.
        dk.share(dk.demo_case(), audience, on=day, key=key, domain=domain)
    except (dk.DesistkitError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    paths = case_files(cases_dir)
    out.mkdir(parents=True, exist_ok=True)
    log_path = out / "audit.jsonl"
    if log_path.exists() and not force:
        raise click.ClickException(f"{log_path} exists; use --force to replace it")
    shared_cases: list[dk.SharedCase] | None = [] if PROGRAMME else None
    outcomes = []
    with log_path.open("w", encoding="utf-8") as log:
        for path in _progress(paths, quiet):
            try:
                outcome = export_case(path, audience=audience, on=day, key=key, domain=domain,
                                      localizer=localizer, catalogue=catalogue, out=out, force=force,
                                      shared_cases=shared_cases)  # fmt: skip
            except FileExistsError as exc:
                raise click.ClickException(str(exc)) from None
            _log(log, outcome.line)
            outcomes.append(outcome)
        if shared_cases is not None:
            for document in PROGRAMME:
                try:  # e.g. the programme tracker refuses the internal audience and an empty programme
                    data = document.render(shared_cases, localizer, catalogue)
                except dk.DesistkitError as exc:
                    click.echo(f"{document.filename}: not written: {exc}", err=True)
                    _log(log, {"status": "skipped", "programme": document.filename, "reason": str(exc)})
                    continue
                write_new(out / document.filename, data, force=force)
                _log(log, {"status": "exported", "programme": document.filename, "cases": len(shared_cases)})
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        click.echo(f"{outcome.path}: {len(outcome.problems)} problem(s)", err=True)
        for problem in outcome.problems:
            click.echo(f"  {problem}", err=True)
    click.echo(
        f"exported {len(outcomes) - len(failed)} of {len(outcomes)} cases to {out}; audit log {log_path}"
    )
    if failed:
        sys.exit(2)


def _log(log: IO[str], line: dict[str, Any]) -> None:
    log.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    log.flush()  # a batch that stops half-way leaves a log of what was exported until then


if __name__ == "__main__":
    main()
