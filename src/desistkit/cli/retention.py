"""``desistkit retention``: what an organisation's retention policy says is due, and doing it.

A dry run by default: every case with what is due and since when. ``--apply`` rewrites the case
files (or deletes them when the whole file is due) and appends one audit line per case to
``--log``, all written together: the log and every rewritten case file are renamed into place at
once, and a file is deleted only after that. The work is done by :mod:`desistkit.retention`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import click

from desistkit.cli.options import catalogue_from, catalogue_option, day_of, text_input

__all__ = ["retention"]


@click.command("retention")
@click.argument("case_paths", metavar="CASE...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))  # fmt: skip
@click.option("--policy", "policy_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The organisation's retention.toml.")  # fmt: skip
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="The day to judge by [default: today].")
@click.option("--apply", "do_apply", is_flag=True, help="Drop what is due (default: only report it).")
@click.option(
    "--log",
    "log_path",
    type=click.Path(dir_okay=False),
    help="The log (JSON lines) that gets a line per treated case; needed with --apply.",
)
@catalogue_option
def retention(case_paths: Sequence[str], policy_path: str, on: dt.datetime | None, do_apply: bool,
              log_path: str | None, catalogue_path: str | None) -> None:  # fmt: skip
    """Report what the retention policy says is due for each CASE; with --apply, drop it."""
    from desistkit.casefile import dumps_case, load_case
    from desistkit.retention import apply, due, parse_retention, upcoming

    if do_apply and not log_path:
        raise click.UsageError("--apply needs --log FILE: every treated case leaves a line in it")
    text, name = text_input(policy_path, "'--policy'")
    policy = parse_retention(text, source=name)
    today = day_of(on)
    catalogue = catalogue_from(catalogue_path)
    writes: list[tuple[str | Path, bytes]] = []
    deletions: list[str] = []
    lines: list[str] = []
    for path in case_paths:
        case = load_case(path, catalogue=catalogue)
        items = due(case, policy, today)
        if case.closed is None:
            click.echo(f"{path}: open: nothing is due")
            continue
        if not items:
            later = [d for d in upcoming(case, policy) if d.since > today]
            nxt = f"; next: {later[0].item} on {later[0].since.isoformat()}" if later else ""
            click.echo(f"{path}: nothing is due{nxt}")
            continue
        listed = ", ".join(f"{d.item} (since {d.since.isoformat()})" for d in items)
        click.echo(f"{path}: {'dropping' if do_apply else 'due'}: {listed}")
        if do_apply:
            treated = apply(case, policy, today)
            lines.append(json.dumps(treated.line, sort_keys=True))
            if treated.case is None:
                deletions.append(path)
            else:
                writes.append((path, dumps_case(treated.case).encode("utf-8")))
    if not do_apply:
        click.echo("dry run: nothing was changed (use --apply)", err=True)
        return
    if not lines:
        click.echo("nothing was due: nothing was changed", err=True)
        return
    _commit(writes, deletions, lines, str(log_path), policy_path)


def _commit(writes: list[tuple[str | Path, bytes]], deletions: list[str], lines: list[str], log_path: str,
            policy_path: str) -> None:  # fmt: skip
    """The log and the rewritten case files together (atomic renames), then the deletions."""
    from desistkit.casefile.files import atomic_write_all

    log = Path(log_path)
    if str(log.resolve()) in {str(Path(p).resolve()) for p, _ in writes} | {
        str(Path(p).resolve()) for p in deletions
    }:
        raise click.BadParameter("the log cannot be one of the case files", param_hint="--log")
    before = log.read_bytes() if log.exists() else b""
    if before and not before.endswith(b"\n"):
        before += b"\n"
    items: list[tuple[str | Path, bytes]] = [
        *writes,
        (log, before + "".join(f"{x}\n" for x in lines).encode()),
    ]
    # The case files are rewritten in place on purpose: --force, and only the policy counts as input.
    atomic_write_all(items, force=True, inputs=[policy_path])
    for gone in deletions:
        Path(gone).unlink()
    for written, _ in writes:
        click.echo(str(written))
    for gone in deletions:
        click.echo(f"{gone} (deleted)")
    click.echo(str(log))
