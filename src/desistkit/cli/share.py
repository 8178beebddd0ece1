"""``desistkit share`` and ``desistkit redact``, and the command-line side of sharing: keys from files
or the environment, the preview, JSONL redaction."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import click

from desistkit.casefile import dumps_case, load_case
from desistkit.cli.options import (
    catalogue_from,
    catalogue_option,
    day_of,
    refuse_existing,
    sharing_options,
    write_output,
)
from desistkit.i18n.localizer import get_localizer
from desistkit.sharing import (
    WITHHELD,
    KnownIdentifiers,
    PseudonymKey,
    Redactor,
    default_policy,
    load_policy,
    looks_like_handle,
    pseudonym_mapping,
    share,
    words_in,
)

KEY_ENV = "DESISTKIT_PSEUDONYM_KEY"
_EXPECTED = 'expected {"text": "...", "lang": "de", "known": {"names": [], "birth_date": "", "ids": []}}'


def read_key(key_file: str | None) -> PseudonymKey | None:
    """The pseudonym key from --key-file or DESISTKIT_PSEUDONYM_KEY; None when neither is set."""
    if key_file:
        return PseudonymKey.from_text(Path(key_file).read_text("utf-8"))
    value = os.environ.get(KEY_ENV)
    return PseudonymKey.from_text(value) if value else None


def known_identifiers(
    values: Sequence[str], birth_date: dt.date | None, ids: Sequence[str] = ()
) -> KnownIdentifiers:
    """--known values: handles (@name, or with _ . digits and letters) as handles, pure numbers as
    identifiers, everything else as a person's name: persons 1, 2, ... in the order given."""
    persons: list[tuple[int, str]] = []
    handles: list[str] = []
    numbers = list(ids)
    for value in values:
        has_letters = any(c.isalpha() for c in value)
        if value.startswith("@") or (has_letters and looks_like_handle(value)):
            handles.append(value)
        elif not has_letters:
            numbers.append(value)
        else:
            number = len({p for p, _ in persons}) + 1
            persons.extend((number, part) for part in value.split())
    return KnownIdentifiers(
        persons=tuple(persons), handles=tuple(handles), birth_date=birth_date, other_ids=tuple(numbers)
    )


def redact_jsonl(stdin: IO[str], stdout: IO[str]) -> int:
    """One JSON object per line in, one out; a bad line gets {"error": ...} and exit status 2."""
    status = 0
    for number, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text, lang, known = item["text"], item.get("lang", "en"), item.get("known", {})
            if not isinstance(text, str) or not isinstance(known, dict):
                raise TypeError
            birth = known.get("birth_date")
            identifiers = known_identifiers(
                list(known.get("names", [])),
                dt.date.fromisoformat(birth) if birth else None,
                known.get("ids", []),
            )
            localizer = get_localizer(lang)
        except (ValueError, KeyError, TypeError, LookupError) as exc:
            reason = (
                "not JSON"
                if isinstance(exc, json.JSONDecodeError)
                else 'expected {"text": ..., "lang": ..., "known": {...}}'
            )
            if isinstance(exc, LookupError) and not isinstance(exc, KeyError):
                reason = str(exc)
            stdout.write(json.dumps({"error": f"line {number}: {reason}"}) + "\n")
            status = 2
            continue
        result = Redactor(identifiers).redact(text, localizer.language, words=words_in(localizer))
        found = Counter(f.type.value for f in result.findings)
        redacted = {"text": result.text, "findings": dict(sorted(found.items()))}
        stdout.write(json.dumps(redacted, ensure_ascii=False) + "\n")
        stdout.flush()
    return status


@click.command("share")
@click.argument("case_path", metavar="CASE", type=click.Path(exists=True, dir_okay=False))
@sharing_options()
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
@catalogue_option
def share_command(
    case_path: str,
    audience: str,
    on: dt.datetime | None,
    key_file: str | None,
    domain: str | None,
    policy_path: str | None,
    purpose: str | None,
    lang: str,
    preview: bool,
    out: str | None,
    audit_path: str | None,
    mapping_out: str | None,
    force: bool,
    catalogue_path: str | None,
) -> None:
    """Share a case with an audience: consent-filtered, pseudonymised, redacted, audited."""
    case = load_case(case_path, catalogue=catalogue_from(catalogue_path))
    if not preview and not out:
        raise click.UsageError("give -o FILE to write the shared case, or --preview to look first")
    key = read_key(key_file)
    policy = load_policy(policy_path) if policy_path else default_policy()
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    shared = share(
        case,
        audience,
        on=day_of(on),
        key=key,
        policy=policy,
        purpose=purpose,
        domain=domain,
        lang=lang,
        now=now,
    )
    loc = get_localizer(lang)
    withheld = loc.text("document.withheld")
    shared = shared.localized(loc)
    if preview:
        _preview(shared, withheld)
        return
    assert out is not None
    text = dumps_case(shared.case).replace(json.dumps(WITHHELD)[1:-1], withheld)
    audit = audit_path or f"{out}.audit.json"
    refuse_existing([out, audit, *([mapping_out] if mapping_out else [])], force)
    write_output(out, text.encode("utf-8"), force=force)
    write_output(audit, shared.audit.to_json().encode("utf-8"), force=force)
    if mapping_out:
        if key is None or shared.audit.pseudonym_domain is None:
            raise click.UsageError(f"audience {audience!r} does not pseudonymise: there is no mapping")
        mapping = pseudonym_mapping([case.reference], key, shared.audit.pseudonym_domain)
        write_output(mapping_out, (json.dumps(mapping, indent=2) + "\n").encode("utf-8"), force=force)


@click.command()
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
def redact(lang: str, known: Sequence[str], birth_date: dt.datetime | None, jsonl: bool) -> None:
    """Read text on stdin, write it with personal data replaced on stdout."""
    if jsonl:
        raise SystemExit(redact_jsonl(sys.stdin, sys.stdout))
    localizer = get_localizer(lang)
    redactor = Redactor(known_identifiers(known, birth_date.date() if birth_date else None))
    result = redactor.redact(sys.stdin.read(), localizer.language, words=words_in(localizer))
    sys.stdout.write(result.text)


def _preview(shared: Any, withheld: str) -> None:
    audit = shared.audit
    click.echo(f"audience {shared.audience} (purpose {shared.purpose}), export date {shared.on.isoformat()}")
    click.echo(f"case {shared.case.reference}; dates shown as: {shared.dates}")
    click.echo("")
    click.echo("What goes out:")
    for s in shared.case.chronological:
        for r in s.reflections:
            for stance in ("known", "assumed", "open", "gender_lens", "discrimination"):
                for note in getattr(r, stance):
                    if not shared.is_withheld(note.text):
                        click.echo(f"  {s.id} {r.factor_id} [{stance}] {note.text}")
    for g in shared.case.goals:
        click.echo(
            f"  goal {g.id}: {withheld if shared.is_withheld(g.wording) else g.wording} ({g.status.value})"
        )
    click.echo("")
    click.echo("What is removed (counts only):")
    removed = {
        "notes": audit.notes,
        "goals": audit.goals,
        "factors": audit.factors,
        "replaced in text": audit.redactions,
    }
    for title, counts in removed.items():
        shown = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
        click.echo(f"  {title}: {shown}")
    click.echo(f"  consents used: {', '.join(audit.consents_used) or 'none'}")
    if sys.stdout.isatty():
        click.echo("\nNothing was written. Use -o FILE to write the shared case.")
