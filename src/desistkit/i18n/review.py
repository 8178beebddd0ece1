"""Review of a translation by a native practitioner, in a spreadsheet, without developer tools.

The workflow (docs/translating.md, "Review by a partner organisation"):

1. :func:`write_review` makes a workbook (or CSV) with one row per message: its key, the English,
   the current translation, the translator comment saying where the text appears, hints from the
   language's term base, and an empty **Correction** column (and a **Remark** column for questions).
2. The practitioner fills in corrections where the translation should change, and nothing else.
3. :func:`apply_review` reads the file back into the catalog (``.po``) text: only non-empty
   corrections change a translation. A file whose keys or English do not match the catalog is
   refused with an error naming the row, so that an old or edited sheet cannot overwrite newer work.

Plural messages have one row per plural form, keyed ``plural.cases[0]``, ``plural.cases[1]`` ...
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import string
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Literal

import attrs
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from desistkit.core.errors import ReviewError

__all__ = ["ReviewError", "ReviewRow", "apply_review", "review_rows", "write_review"]

COLUMNS = ("Key", "English", "Translation", "Translator comment", "Term base", "Correction", "Remark")
_WIDTHS = (30, 45, 45, 50, 30, 45, 30)
_WIDTH = 100  # the width the catalogs are written with (tools/update_catalogs.py)
_CONTEXT = re.compile(r'^msgctxt "((?:[^"\\]|\\.)*)"\s*$', re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*\n")
_PLURAL_KEY = re.compile(r"^(?P<key>.+)\[(?P<index>\d+)\]$")


@attrs.frozen
class ReviewRow:
    """One message (or one plural form) to review."""

    key: str
    english: str
    translation: str
    comment: str = ""
    hints: str = ""
    correction: str = ""
    remark: str = ""

    def cells(self) -> tuple[str, ...]:
        return (
            self.key,
            self.english,
            self.translation,
            self.comment,
            self.hints,
            self.correction,
            self.remark,
        )


# --- reading a catalog --------------------------------------------------------------------------


def _source_locales() -> Path | None:
    """``locales/`` of the source tree this module runs from, if there is one (not in a wheel)."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "locales" / "desistkit.pot").is_file():
            return parent / "locales"
    return None


def _catalog(po_text: str) -> Catalog:
    return read_po(io.StringIO(po_text))


def _forms(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return [""]
    return [value] if isinstance(value, str) else [v or "" for v in value]


def _entries(catalog: Catalog) -> Iterator[tuple[str, str, str, str]]:
    """``(row key, English, translation, comment)`` per message and plural form, in catalog order."""
    for m in catalog:
        if not m.id or not m.context:
            continue
        comment = " ".join(" ".join(m.auto_comments).split())
        if isinstance(m.id, str):
            yield m.context, m.id, _forms(m.string)[0], comment
            continue
        strings = _forms(m.string)
        count = max(catalog.num_plurals, len(strings))
        for i in range(count):
            english = m.id[0] if i == 0 else m.id[-1]
            note = f"Plural form {i + 1} of {count} (see the Plural-Forms rule of your language). {comment}"
            yield f"{m.context}[{i}]", english, strings[i] if i < len(strings) else "", note.strip()


def _packaged_entries(lang: str) -> Iterator[tuple[str, str, str, str]]:
    """The same from the installed package: English and comments from the TOML texts, translations
    from the compiled catalogs (an empty translation where English would be the fallback)."""
    from desistkit.i18n.extract import extract_toml
    from desistkit.i18n.localizer import get_localizer

    loc = get_localizer(lang)
    layer = loc._translations  # the compiled catalog chain, with its English fallback
    plural = getattr(layer, "plural", None) or (lambda n: int(n != 1))
    first_n: dict[int, int] = {}  # plural form index -> the smallest number that takes it
    for n in range(200):
        first_n.setdefault(int(plural(n)), n)
    for source in ("core/factors/catalogue.toml", "i18n/labels.toml"):
        data = resources.files("desistkit").joinpath(source).read_bytes()
        for _, func, args, comments in extract_toml(io.BytesIO(data), (), (), {}):
            comment = " ".join(" ".join(comments).split())
            if func == "pgettext":
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    text = layer.pgettext(args[0], args[1])
                yield args[0], args[1], "" if caught else text, comment
                continue
            for index, n in sorted(first_n.items()):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    text = layer.npgettext(args[0], args[1], args[2], n)
                english = args[1] if index == 0 else args[2]
                note = f"Plural form {index + 1} of {len(first_n)}, e.g. for {n}. {comment}"
                yield f"{args[0]}[{index}]", english, "" if caught else text, note


def _terms(lang: str, locales: Path | None) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """``(english, translation, forbidden, anchors)`` from locales/terms/<lang>.tsv, if present."""
    path = locales / "terms" / f"{lang}.tsv" if locales else None
    if path is None or not path.is_file():
        return []
    out = []
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        row = dict(zip(header, (f.strip() for f in fields), strict=False))
        split = [p.strip() for p in row.get("forbidden", "").split("|") if p.strip()]
        anchors = [p.strip() for p in row.get("anchors", "").split("|") if p.strip()]
        out.append((row.get("english", ""), row.get("translation", ""), tuple(split), tuple(anchors)))
    return out


def _hints(key: str, english: str, terms: Sequence[tuple[str, str, tuple[str, ...], tuple[str, ...]]]) -> str:
    base = key.split("[")[0]
    hits = []
    for term_english, translation, forbidden, anchors in terms:
        if base in anchors or (term_english and term_english.casefold() in english.casefold()):
            hint = f"{term_english} = {translation}"
            if forbidden:
                hint += f" (not: {', '.join(forbidden)})"
            hits.append(hint)
    return "; ".join(dict.fromkeys(hits))


def review_rows(lang: str, po_text: str | None = None, *, locales: Path | None = None) -> list[ReviewRow]:
    """The rows to review for ``lang``: from ``po_text`` if given, else from
    ``<locales>/<lang>/LC_MESSAGES/desistkit.po``, else from the installed package's compiled
    catalogs. ``locales`` defaults to the source tree's ``locales/`` when there is one; its
    ``terms/<lang>.tsv`` gives the term-base hints."""
    locales = locales if locales is not None else _source_locales()
    if po_text is None:
        path = locales / lang / "LC_MESSAGES" / "desistkit.po" if locales else None
        if path is not None and path.is_file():
            po_text = path.read_text(encoding="utf-8")
    entries = _entries(_catalog(po_text)) if po_text is not None else _packaged_entries(lang)
    terms = _terms(lang, locales)
    return [ReviewRow(k, e, t, c, _hints(k, e, terms)) for k, e, t, c in entries]


# --- writing the review file --------------------------------------------------------------------


def write_review(
    lang: str,
    fmt: Literal["xlsx", "csv"] = "xlsx",
    *,
    po_text: str | None = None,
    locales: Path | None = None,
) -> bytes:
    """A review file for ``lang``: an Excel workbook, or CSV (UTF-8 with BOM, so Excel reads it).
    ``po_text`` and ``locales`` as for :func:`review_rows`."""
    rows = review_rows(lang, po_text, locales=locales)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(r.cells() for r in rows)
        return out.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValueError(f"fmt must be 'xlsx' or 'csv', not {fmt!r}")
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    head = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    grey = workbook.add_format({"text_wrap": True, "valign": "top", "font_color": "#595959"})
    edit = workbook.add_format({"text_wrap": True, "valign": "top", "bg_color": "#FFF2CC"})
    sheet = workbook.add_worksheet(f"Review {lang}"[:31])
    for col, (title, width) in enumerate(zip(COLUMNS, _WIDTHS, strict=True)):
        fmt_col = edit if title in ("Correction", "Remark") else grey if col in (0, 3, 4) else wrap
        sheet.set_column(col, col, width, fmt_col)
        sheet.write_string(0, col, title, head)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row.cells()):
            if value:
                sheet.write_string(r, col, value)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(rows), len(COLUMNS) - 1)
    notes = workbook.add_worksheet("How to review")
    notes.set_column(0, 0, 110, wrap)
    for r, line in enumerate(_INSTRUCTIONS):
        notes.write_string(r, 0, line, head if r == 0 else wrap)
    workbook.close()
    return buffer.getvalue()


_INSTRUCTIONS = (
    "How to review this translation",
    "Each row is one text desistkit prints: on the cards the client holds, on slides, in the Word "
    "summary or in the Excel trackers. 'Translator comment' says where it appears and who reads it.",
    "Where the translation should change, write the whole new text in 'Correction'. Leave 'Correction' "
    "empty where the translation is right. Use 'Remark' for questions; remarks are not applied.",
    "Do not change 'Key' or 'English', do not add or delete rows, keep words in {braces} exactly "
    "as they are, and keep the file's format (save as .xlsx, or CSV UTF-8 for a .csv file).",
    "'Term base' shows the agreed word for a key term; if you think it is wrong, say so in 'Remark' "
    "rather than correcting just one row.",
)


# --- reading it back ----------------------------------------------------------------------------


_MAX_ROWS = 20_000
"""Rows a review file may have: a catalog has about 700 messages and plural forms."""
_MAX_COLUMNS = 64
"""Columns read of each row: a review file has seven, a reviewer may add a few of their own."""


def _read_table(data: bytes) -> list[list[str]]:
    """The review file's cells, as text, first row the header."""
    if data[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(data)):
        return _read_workbook(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReviewError(
            f"the review file is neither an .xlsx workbook nor UTF-8 CSV (byte {exc.start})"
        ) from None
    # Only the delimiter varies (Excel writes ';' where the decimal comma is used); quoting is
    # always Excel's. csv.Sniffer guessed the quoting from the header and broke quoted quotes.
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    try:
        return [
            list(row) for row in csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ReviewError(f"the review file is not CSV as --review writes it ({exc})") from None


def _read_workbook(data: bytes) -> list[list[str]]:
    """The first sheet's cells of a review workbook from outside: through the package gate first
    (desistkit.formats.package: zip bombs, document type declarations, damaged parts), as every
    Office file desistkit reads, whoever calls :func:`apply_review`; then at most ``_MAX_ROWS`` rows
    of ``_MAX_COLUMNS`` cells, because openpyxl fills every row and column up to a cell a sheet
    declares (one cell at XFD1048576 would be 17 billion); a sheet that says it reaches further is
    refused. External links are not loaded."""
    from desistkit.core.errors import DocumentError
    from desistkit.formats.package import XLSX, open_package

    try:
        package = open_package(data)
    except DocumentError as exc:
        said = "; ".join(f"{p.location + ': ' if p.location else ''}{p.message}" for p in exc.problems)
        raise ReviewError(f"the review file is refused: {said}") from None
    if package.content_type != XLSX:
        raise ReviewError("the review file is not an Excel workbook (.xlsx); use the file --review wrote")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            sheet = workbook.worksheets[0]
            claimed = sheet.max_row or 0  # the sheet's <dimension>: where its last cell is, it says
            rows = sheet.iter_rows(max_row=_MAX_ROWS + 1, max_col=_MAX_COLUMNS, values_only=True)
            table = [["" if v is None else str(v) for v in row] for row in rows]
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001 - openpyxl has no error of its own: KeyError, lxml's, zip's...
        raise ReviewError(
            "the review file is not a workbook openpyxl can read; use the file --review wrote"
        ) from None
    while table and not any(table[-1]):
        table.pop()
    if len(table) > _MAX_ROWS or claimed > _MAX_ROWS:
        raise ReviewError(f"the review file has more than {_MAX_ROWS} rows; use the file --review wrote")
    return table


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def _render(message: Message, catalog: Catalog) -> str:
    one = Catalog(locale=catalog.locale, fuzzy=False)
    one.mime_headers = catalog.mime_headers
    one[message.id] = message
    out = io.BytesIO()
    write_po(out, one, width=_WIDTH, omit_header=True)
    return out.getvalue().decode("utf-8").strip("\n")


def apply_review(po_text: str, review_bytes: bytes) -> tuple[str, str]:
    """Apply the non-empty corrections of a review file to a catalog's text.

    Returns the new catalog text and a unified diff. Raises :class:`ReviewError` if a row's key is
    not in the catalog, its English differs from the catalog's, a correction changes the
    ``{placeholders}``, or the columns are not those of :func:`write_review`. Entries that are not
    corrected stay byte for byte as they were; a corrected entry loses a ``fuzzy`` mark.
    """
    table = _read_table(review_bytes)
    if not table:
        raise ReviewError("the review file is empty")
    header = [_normal(h) for h in table[0]]
    missing = [c for c in ("Key", "English", "Correction") if c not in header]
    if missing:
        raise ReviewError(
            f"row 1: the header lacks the column(s) {', '.join(missing)}; use the file as written"
        )
    col = {name: header.index(name) for name in ("Key", "English", "Correction")}
    catalog = _catalog(po_text)
    entries = {k: (e, t) for k, e, t, _ in _entries(catalog)}
    corrections: dict[str, dict[int, str]] = {}
    seen: set[str] = set()
    for number, cells in enumerate(table[1:], 2):
        cells = [*cells, *[""] * (len(header) - len(cells))]
        key, english, correction = (_normal(cells[col[n]]) for n in ("Key", "English", "Correction"))
        if not key and not english and not correction:
            continue
        if key not in entries:
            raise ReviewError(f"row {number}: {key!r} is not a message of this catalog")
        if key in seen:
            raise ReviewError(f"row {number}: {key!r} appears twice")
        seen.add(key)
        if english != _normal(entries[key][0]):
            raise ReviewError(
                f"row {number}: {key}: the English is {english!r} in the file but {entries[key][0]!r} in "
                "the catalog; the file is for another version; make a new review file"
            )
        if not correction or correction == _normal(entries[key][1]):
            continue
        if _placeholders(correction) != _placeholders(english):
            raise ReviewError(
                f"row {number}: {key}: the correction must keep the placeholders "
                f"{sorted(_placeholders(english))}, it has {sorted(_placeholders(correction))}"
            )
        match = _PLURAL_KEY.match(key)
        base, index = (match["key"], int(match["index"])) if match else (key, 0)
        corrections.setdefault(base, {})[index] = correction
    new_text = _splice(po_text, catalog, corrections)
    diff = "".join(
        difflib.unified_diff(
            po_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            "a/desistkit.po",
            "b/desistkit.po",
        )
    )
    return new_text, diff


def _splice(po_text: str, catalog: Catalog, corrections: dict[str, dict[int, str]]) -> str:
    """The catalog text with the corrected entries re-written and every other byte kept."""
    if not corrections:
        return po_text
    messages = {m.context: m for m in catalog if m.id and m.context}
    body = po_text.rstrip("\n")
    ending = po_text[len(body) :]
    blocks = _BLANK.split(body)
    done: set[str] = set()
    for i, block in enumerate(blocks):
        keys = _CONTEXT.findall(block)
        if len(keys) != 1 or keys[0] not in corrections or block.lstrip().startswith("#~"):
            continue
        key = keys[0]
        message = messages[key]
        if isinstance(message.id, str):
            message.string = corrections[key][0]
        else:
            forms = _forms(message.string)
            forms += [""] * (max(catalog.num_plurals, len(forms)) - len(forms))
            for index, text in corrections[key].items():
                forms[index] = text
            message.string = tuple(forms)
        message.flags.discard("fuzzy")
        blocks[i] = _render(message, catalog)
        done.add(key)
    left = sorted(set(corrections) - done)
    if left:  # pragma: no cover - an entry sharing its block with another (no blank line between)
        raise ReviewError(f"could not find the entries {', '.join(left)} on their own in the catalog text")
    separators = _BLANK.findall(body)
    out = blocks[0]
    for separator, block in zip(separators, blocks[1:], strict=True):
        out += separator + block
    return out + ending
