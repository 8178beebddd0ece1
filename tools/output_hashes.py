"""The sha256 of every document desistkit makes from the example cases, for refactoring safely.

    python tools/output_hashes.py > /tmp/hashes-before.json     # with the code as it is
    ... change the code, reinstall ...
    python tools/output_hashes.py > /tmp/hashes-after.json
    python tools/output_hashes.py --compare /tmp/hashes-before.json /tmp/hashes-after.json

Every example case (``examples/*.json``) x audience (internal, case-conference, security, research,
where the case's consents allow it) x language (en, de, el, fi): the deck, the Word summary and the
tracker; per case and audience the plain-text summary; per language the blank deck. The export date,
the audit time and the pseudonym key are fixed (the public demo key), so the documents are
byte-deterministic and any changed hash is a changed document. For packages (.pptx, .docx, .xlsx) the
hash of each part is kept too, so a comparison says which parts changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AUDIENCES = ("internal", "case-conference", "security", "research")
LANGUAGES = ("en", "de", "el", "fi")
ON = dt.date(2025, 11, 3)
AT = dt.datetime(2025, 11, 3, 9, 30, tzinfo=dt.timezone.utc)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: _digest(package.read(name)) for name in sorted(package.namelist())}


def render_all() -> dict[str, object]:
    """Every output's hash, and for packages every part's."""
    import desistkit as dk
    from desistkit.core.catalogue import default_catalogue
    from desistkit.export.reflector import blank_reflector_pptx, reflector_pptx
    from desistkit.export.summary import summary_docx
    from desistkit.export.text import text_summary
    from desistkit.export.tracker import tracker_xlsx
    from desistkit.sharing import share
    from desistkit.sharing._pseudonym import demo_key

    outputs: dict[str, str] = {}
    parts: dict[str, dict[str, str]] = {}
    refused: dict[str, str] = {}

    def keep(name: str, data: bytes) -> None:
        outputs[name] = _digest(data)
        if data[:2] == b"PK":
            parts[name] = _parts(data)
        print(name, file=sys.stderr)

    catalogue = default_catalogue()
    for lang in LANGUAGES:
        loc = dk.get_localizer(lang)
        keep(f"blank/{lang}.pptx", blank_reflector_pptx(loc))
    for path in sorted((ROOT / "examples").glob("*.json")):
        case = dk.load_case(path)
        for audience in AUDIENCES:
            base = f"{path.stem}/{audience}"
            try:
                shared = share(case, audience, key=demo_key(), on=ON, at=AT)
            except dk.DesistkitError as exc:  # e.g. no consent for research: nothing to render
                refused[base] = type(exc).__name__
                continue
            keep(f"{base}/summary.txt", text_summary(shared.case, catalogue, on=ON).encode())
            for lang in LANGUAGES:
                loc = dk.get_localizer(lang)
                shared_lang = share(case, audience, key=demo_key(), on=ON, at=AT, lang=lang)
                keep(f"{base}/{lang}/deck.pptx", reflector_pptx(shared_lang, loc))
                keep(f"{base}/{lang}/summary.docx", summary_docx(shared_lang, loc))
                keep(f"{base}/{lang}/tracker.xlsx", tracker_xlsx(shared_lang, loc))
    return {"on": ON.isoformat(), "outputs": outputs, "parts": parts, "refused": refused}


def compare(before: dict[str, object], after: dict[str, object]) -> int:
    """Print which outputs (and parts) differ; 0 when every hash is the same."""
    old, new = before["outputs"], after["outputs"]
    assert isinstance(old, dict) and isinstance(new, dict)
    same = sorted(k for k in old if new.get(k) == old[k])
    changed = sorted(k for k in old if k in new and new[k] != old[k])
    print(f"identical: {len(same)} of {len(old)}")
    for name in sorted(set(old) ^ set(new)):
        print(f"only in {'before' if name in old else 'after'}: {name}")
    old_parts, new_parts = before["parts"], after["parts"]
    assert isinstance(old_parts, dict) and isinstance(new_parts, dict)
    for name in changed:
        diff = [
            p
            for p in sorted(set(old_parts.get(name, {})) | set(new_parts.get(name, {})))
            if old_parts.get(name, {}).get(p) != new_parts.get(name, {}).get(p)
        ]
        print(f"changed: {name}" + (f"  parts: {', '.join(diff)}" if diff else ""))
    return 0 if not changed and set(old) == set(new) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), type=Path)
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        return compare(before, after)
    json.dump(render_all(), sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
