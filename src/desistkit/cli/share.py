"""``desistkit share`` and ``desistkit redact``, and the command-line side of sharing: keys from files
or the environment, the preview, JSONL redaction."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import click

from desistkit.casefile import dumps_case, load_case
from desistkit.cli.options import (
    catalogue_from,
    catalogue_option,
    check_extension,
    day_of,
    lang_option,
    policy_from,
    read_key,
    sharing_options,
    write_outputs,
)
from desistkit.i18n.localizer import get_localizer
from desistkit.sharing import (
    WITHHELD,
    KnownIdentifiers,
    Redactor,
    leftover_places,
    looks_like_handle,
    preview_lines,
    pseudonym_mapping,
    share,
    withheld_sentences,
    words_in,
)

_EXPECTED = 'expected {"text": "...", "lang": "de", "known": {"names": [], "birth_date": "", "ids": []}}'


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
@lang_option("Language the notes are written in, and of the replacement words.")
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
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse to write while anything in the shared text still looks like an identifier.",
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
    _former_key_file: str | None,
    purpose: str | None,
    lang: str,
    preview: bool,
    out: str | None,
    audit_path: str | None,
    mapping_out: str | None,
    strict: bool,
    force: bool,
    catalogue_path: str | None,
) -> None:
    """Share a case with an audience: consent-filtered, pseudonymised, redacted, audited."""
    case = load_case(case_path, catalogue=catalogue_from(catalogue_path))
    if not preview and not out:
        raise click.UsageError("give -o FILE to write the shared case, or --preview to look first")
    for path, option in ((out, "-o"), (audit_path, "--audit"), (mapping_out, "--mapping-out")):
        if path:
            check_extension(path, (".json",), option)
    key = read_key(key_file or _former_key_file)
    policy = policy_from(policy_path)
    now = dt.datetime.now().astimezone().replace(microsecond=0)  # consent is checked on the local day
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
    # A withheld text says why where there is one reason ("Withheld: consent expired on ..."),
    # else only that its words are not released; the reasons are all in the audit record.
    reasons = withheld_sentences(shared, loc)
    withheld = reasons[0] if len(reasons) == 1 else loc.text("withheld.wording")
    if preview:
        for line in preview_lines(shared, loc):
            click.echo(line)
        return
    assert out is not None
    left = leftover_places(shared, loc.language) if strict else []
    if left:
        places = "; ".join(f"{where}: {kind}" for where, kind in left[:5])
        more = f" and {len(left) - 5} more" if len(left) > 5 else ""
        raise click.ClickException(
            f"--strict: {len(left)} place(s) still look like an identifier ({places}{more}); "
            "see --preview, edit the case, and share again"
        )
    shared = shared.localized(loc)
    # The marker as the JSON holds it, raw or escaped, becomes the words (escaped for JSON).
    words = json.dumps(withheld, ensure_ascii=False)[1:-1]
    text = dumps_case(shared.case).replace(WITHHELD, words).replace(json.dumps(WITHHELD)[1:-1], words)
    audit = audit_path or f"{out}.audit.json"
    items: list[tuple[str | Path, bytes]] = [
        (out, text.encode("utf-8")),
        (audit, shared.audit.to_json().encode("utf-8")),
    ]
    if mapping_out:
        if key is None or shared.audit.pseudonym_domain is None:
            raise click.UsageError(f"audience {audience!r} does not pseudonymise: there is no mapping")
        mapping = pseudonym_mapping([case.reference], key, shared.audit.pseudonym_domain)
        items.append((mapping_out, (json.dumps(mapping, indent=2) + "\n").encode("utf-8")))
    write_outputs(items, force=force)


@click.command()
@lang_option("Language of the text (dates, phone regions, labels).")
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
    result = redactor.redact(read_stdin_text(), localizer.language, words=words_in(localizer))
    sys.stdout.write(result.text)


MAX_STDIN_BYTES = 16 * 1024 * 1024
"""What `desistkit redact` reads from stdin at most (the notes of a whole programme fit; use
--jsonl to stream more, one note per line)."""


def read_stdin_text() -> str:
    """All of stdin as text, refused when larger than :data:`MAX_STDIN_BYTES` or not UTF-8."""
    data = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        raise click.ClickException(
            f"stdin is larger than {MAX_STDIN_BYTES // (1024 * 1024)} MiB; split it, or use --jsonl "
            "for one note per line"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"stdin is not UTF-8 text (byte {exc.start})") from None
