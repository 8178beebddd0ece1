"""Update the translation catalogs from the template, keyed by msgctxt, keeping every translation.

    python tools/update_catalogs.py                 # all locales/*/LC_MESSAGES/desistkit.po
    python tools/update_catalogs.py --check         # only report; exit 1 if a catalog is out of date
    python tools/update_catalogs.py path/to/xx.po   # only these files
    python tools/update_catalogs.py --fuzzy         # also mark entries whose English changed as fuzzy

Every message's msgctxt is its key (``factor.retaliation.name``), so a message whose English (msgid)
changed is still the same message. ``pybabel update --no-fuzzy-matching`` would throw its translation
away; this tool keeps it. Per catalog and key:

* the msgid and the extracted comments (``#.``) come from the template;
* the msgstr, the translator's own comments (``# ...``) and the file header (the comment at the top
  with the form of address, glossary and review list) are kept;
* a message whose English changed is listed, old and new English, so that translators check it;
  the translation stays as it is (and is not marked fuzzy unless ``--fuzzy``, because a fuzzy
  message is left out of the build and the English would show instead);
* a key that is new gets an empty msgstr (tests/i18n_checks.py reports it); a key that is no longer
  in the template is dropped.

Formatting is kept stable: an entry that does not change is copied byte for byte, so a catalog that
is already current is not rewritten at all; a changed or new entry is written the way Babel writes
these files (``write_po`` at width 100). Entries follow the template's order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "locales" / "desistkit.pot"
WIDTH = 100  # the width the catalogs are written with
_CONTEXT = re.compile(r'^msgctxt "((?:[^"\\]|\\.)*)"\s*$', re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*\n")


@dataclass
class Update:
    """What updating one catalog did."""

    text: str  # the new file content
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # key, old English, new English
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # keys whose extracted comments changed

    @property
    def modified(self) -> bool:
        return bool(self.changed or self.added or self.dropped or self.comments)


def _english(message: Message) -> str:
    return " | ".join(message.id) if isinstance(message.id, (tuple, list)) else str(message.id)


def _comment_text(comments: Sequence[str]) -> str:
    """Extracted comments compared without their line wrapping."""
    return " ".join(" ".join(comments).split())


def _render(message: Message, catalog: Catalog) -> str:
    """One entry as Babel writes it in these files."""
    one = Catalog(locale=catalog.locale, fuzzy=False)
    one.mime_headers = catalog.mime_headers  # the file's own Plural-Forms decides the msgstr[n]
    one[message.id] = message
    out = io.BytesIO()
    write_po(out, one, width=WIDTH, omit_header=True)
    return out.getvalue().decode("utf-8").strip("\n")


def _split(text: str) -> tuple[str, list[str], str]:
    """The header (comments and metadata entry), the other entries' blocks, and the file's ending."""
    body = text.rstrip("\n")
    ending = text[len(body) :] or "\n"
    blocks = [b for b in _BLANK.split(body) if b.strip()]
    for i, block in enumerate(blocks):
        lines = block.splitlines()
        if any(line.startswith('msgid ""') for line in lines) and not _CONTEXT.search(block):
            return "\n\n".join(blocks[: i + 1]), blocks[i + 1 :], ending
    return "", blocks, ending


def update_text(po_text: str, template: Catalog, *, fuzzy: bool = False) -> Update:
    """The catalog ``po_text`` brought up to date with ``template``, keyed by msgctxt."""
    catalog = read_po(io.StringIO(po_text))
    header, blocks, ending = _split(po_text)
    raw: dict[str, str] = {}
    for block in blocks:
        keys = _CONTEXT.findall(block)
        if len(keys) == 1 and not block.lstrip().startswith("#~"):
            raw[keys[0]] = block
    old = {m.context: m for m in catalog if m.id and m.context}
    result = Update(text="")
    out: list[str] = []
    wanted = [m for m in template if m.id]
    for new in wanted:
        key = new.context or ""
        was = old.get(key)
        if was is None:
            empty = tuple("" for _ in range(catalog.num_plurals)) if isinstance(new.id, tuple) else ""
            message = Message(new.id, empty, context=key, auto_comments=list(new.auto_comments))
            result.added.append(key)
            out.append(_render(message, catalog))
            continue
        same_english = was.id == new.id
        same_comments = _comment_text(was.auto_comments) == _comment_text(new.auto_comments)
        if same_english and same_comments and key in raw:
            out.append(raw[key])
            continue
        string = was.string
        if isinstance(new.id, tuple) != isinstance(was.id, tuple):  # singular became plural or back
            string = tuple("" for _ in range(catalog.num_plurals)) if isinstance(new.id, tuple) else ""
        flags = set(was.flags)
        if not same_english:
            result.changed.append((key, _english(was), _english(new)))
            if fuzzy:
                flags.add("fuzzy")
        elif not same_comments:
            result.comments.append(key)
        message = Message(
            new.id,
            string,
            context=key,
            auto_comments=list(new.auto_comments),
            user_comments=list(was.user_comments),
            flags=flags,
        )
        out.append(_render(message, catalog))
    known = {m.context for m in wanted}
    result.dropped = sorted(k for k in old if k not in known)
    if result.modified and isinstance(template.creation_date, dt.datetime):
        stamp = template.creation_date.strftime("%Y-%m-%d %H:%M%z")
        header = re.sub(r'^"POT-Creation-Date: [^"\\]*\\n"$', f'"POT-Creation-Date: {stamp}\\\\n"', header,
                        count=1, flags=re.MULTILINE)  # fmt: skip
    result.text = "\n\n".join([header, *out]) + ending if header else "\n\n".join(out) + ending
    if not result.modified:
        result.text = po_text  # untouched, byte for byte
    return result


def load_template(path: Path = TEMPLATE) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("po", nargs="*", type=Path, help="catalogs to update (default: all in locales/)")
    parser.add_argument("--template", type=Path, default=TEMPLATE, help="the .pot file")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    parser.add_argument("--fuzzy", action="store_true", help="mark entries whose English changed fuzzy")
    args = parser.parse_args(argv)
    template = load_template(args.template)
    paths = args.po or sorted((ROOT / "locales").glob("*/LC_MESSAGES/desistkit.po"))
    outdated = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        result = update_text(text, template, fuzzy=args.fuzzy)
        if not result.modified:
            print(f"{path}: up to date")
            continue
        outdated += 1
        verb = "would change" if args.check else "updated"
        print(
            f"{path}: {verb}: {len(result.changed)} English changed, {len(result.added)} new, "
            f"{len(result.dropped)} dropped, {len(result.comments)} comments changed"
        )
        for key, before, after in result.changed:
            print(f"  CHECK {key}: {before!r} -> {after!r}")
        for key in result.added:
            print(f"  NEW   {key}")
        for key in result.dropped:
            print(f"  DROP  {key}")
        if not args.check:
            path.write_text(result.text, encoding="utf-8")
    return 1 if args.check and outdated else 0


if __name__ == "__main__":
    sys.exit(main())
