"""The command-line side of sharing: keys from files or the environment, preview, JSONL redaction."""

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

from desistkit.casefile import dumps_case
from desistkit.casefile.files import atomic_write
from desistkit.core.model import Case
from desistkit.i18n.localizer import get_localizer
from desistkit.sharing._policy import default_policy, load_policy
from desistkit.sharing._pseudonym import PseudonymKey
from desistkit.sharing._redact import KnownIdentifiers, Redactor, _looks_like_handle, words_in
from desistkit.sharing._share import WITHHELD, pseudonym_mapping, share

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
        if value.startswith("@") or (has_letters and _looks_like_handle(value)):
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
        stdout.write(json.dumps({"text": result.text, "findings": dict(sorted(found.items()))},
                                ensure_ascii=False) + "\n")  # fmt: skip
        stdout.flush()
    return status


def run_share(case: Case, *, audience: str, on: dt.date, purpose: str | None, domain: str | None, lang: str,
              policy_path: str | None, key: PseudonymKey | None, preview: bool, out: str | None,
              audit_path: str | None, mapping_out: str | None, force: bool) -> None:  # fmt: skip
    policy = load_policy(policy_path) if policy_path else default_policy()
    shared = share(case, audience, on=on, key=key, policy=policy, purpose=purpose, domain=domain, lang=lang,
                   at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0))  # fmt: skip
    loc = get_localizer(lang)
    withheld = loc.text("document.withheld")
    shared = shared.localized(loc)
    if preview:
        _preview(shared, withheld)
        return
    assert out is not None
    text = dumps_case(shared.case).replace(json.dumps(WITHHELD)[1:-1], withheld)
    targets = [Path(out), Path(audit_path or f"{out}.audit.json")]
    if mapping_out:
        targets.append(Path(mapping_out))
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        from desistkit.core.errors import OutputExistsError

        raise OutputExistsError(existing[0])
    atomic_write(targets[0], text.encode("utf-8"), force=force)
    atomic_write(targets[1], shared.audit.to_json().encode("utf-8"), force=force)
    click.echo(str(targets[0]))
    click.echo(str(targets[1]))
    if mapping_out:
        if key is None or shared.audit.pseudonym_domain is None:
            raise click.UsageError(f"audience {audience!r} does not pseudonymise: there is no mapping")
        mapping = pseudonym_mapping([case.reference], key, shared.audit.pseudonym_domain)
        atomic_write(targets[2], (json.dumps(mapping, indent=2) + "\n").encode("utf-8"), force=force)
        click.echo(str(targets[2]))


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
    for title, counts in (("notes", audit.notes), ("goals", audit.goals), ("factors", audit.factors),
                          ("replaced in text", audit.redactions)):  # fmt: skip
        shown = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
        click.echo(f"  {title}: {shown}")
    click.echo(f"  consents used: {', '.join(audit.consents_used) or 'none'}")
    if sys.stdout.isatty():
        click.echo("\nNothing was written. Use -o FILE to write the shared case.")
