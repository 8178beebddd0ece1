"""An organisation's --translations folder, attacked: its words end in shared documents.

The folder is semi-trusted (an organisation's own wording, edited by hand, copied around), so a
.po or .mo file in it may be huge, binary, in the wrong charset, carry a Plural-Forms rule that is
code or divides by zero, or translations whose {placeholders} differ from the English: each must be
a CatalogueError naming the file, never a traceback, a hang, or text the English did not allow.
"""

from __future__ import annotations

import os
import struct
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import desistkit as dk
from conftest import run_cli
from desistkit.i18n.texts import label_messages

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n"Plural-Forms: {plural}\\n"\n\n'
)
PLURAL_KEY = "plural.sessions"  # English: "{n} session" / "{n} sessions"
TEXT_KEY = "document.case"  # English: "Case {reference}"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    dk.clear_caches()
    yield
    dk.clear_caches()


def _po(*entries: str, charset: str = "UTF-8", plural: str = "nplurals=2; plural=(n != 1);") -> bytes:
    return (HEADER.format(charset=charset, plural=plural) + "\n".join(entries)).encode("utf-8")


def _text(msgstr: str, key: str = TEXT_KEY) -> str:
    english = label_messages()[key].text
    return f'msgctxt "{key}"\nmsgid "{english}"\nmsgstr "{msgstr}"\n'


def _plural(one: str, other: str) -> str:
    message = label_messages()[PLURAL_KEY]
    return (
        f'msgctxt "{PLURAL_KEY}"\nmsgid "{message.text}"\nmsgid_plural "{message.plural}"\n'
        f'msgstr[0] "{one}"\nmsgstr[1] "{other}"\n'
    )


def _mo(messages: dict[str, str], headers: str) -> bytes:
    """A compiled catalog made by hand, as any tool (or an attacker) could write it."""
    items = sorted({"": headers, **messages}.items(), key=lambda kv: kv[0].encode())
    keys = [k.encode() for k, _ in items]
    values = [v.encode() for _, v in items]
    start = 7 * 4 + 16 * len(items)
    ids = b"".join(k + b"\0" for k in keys)
    table_k, table_v, at_k, at_v = [], [], start, start + len(ids)
    for k, v in zip(keys, values, strict=True):
        table_k += [len(k), at_k]
        table_v += [len(v), at_v]
        at_k += len(k) + 1
        at_v += len(v) + 1
    head = struct.pack("<7I", 0x950412DE, 0, len(items), 28, 28 + 8 * len(items), 0, 0)
    body = struct.pack(f"<{len(table_k)}I", *table_k) + struct.pack(f"<{len(table_v)}I", *table_v)
    return head + body + ids + b"".join(v + b"\0" for v in values)


def _org(tmp_path: Path, data: bytes, name: str = "desistkit.po") -> Path:
    folder = tmp_path / "org" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return tmp_path / "org"


def _refused(org: Path, said: str) -> dk.CatalogueError:
    with pytest.raises(dk.CatalogueError, match=said) as caught:
        loc = dk.get_localizer("de", catalog_dirs=[org])
        loc.text(TEXT_KEY, reference="R-1")
        loc.plural(PLURAL_KEY, 1)
    assert "desistkit." in str(caught.value)
    return caught.value


# --- placeholders ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "shown"),
    [
        (_text("Fall {0.__class__}"), "{0.__class__}"),  # was an IndexError at render time
        (_text("Fall {reference.__class__.__mro__}"), "{reference.__class__.__mro__}"),  # printed internals
        (_plural("{n:>999999999} Termin", "{n} Termine"), "{n:>999999999}"),  # a gigabyte of spaces
        (_plural("{n!r} Termin", "{n} Termine"), "{n!r}"),
        (_text("Fall {0}"), "{0}"),  # positional
        (_text("Fall {reference} von {name}"), "{name}"),  # a field the English does not have
        (_plural("{n} Termin", "{reference} Termine"), "{reference}"),
        (_text("Fall {reference"), "{unbalanced braces}"),  # a ValueError at render time
    ],
    ids=[
        "index-attr",
        "attr-chain",
        "huge-width",
        "conversion",
        "positional",
        "other-field",
        "plural-other",
        "unbalanced",
    ],
)
def test_a_translation_with_placeholders_the_english_has_not_is_refused(
    tmp_path: Path, entry: str, shown: str
) -> None:
    """Localizer.text/plural fill a translation with str.format: whatever braces the organisation
    wrote would be evaluated against the document's values. Only the English text's {fields}, as
    written there, may appear; anything else is refused when the folder is loaded, naming the entry."""
    error = _refused(_org(tmp_path, _po(entry)), "placeholder")
    assert shown in str(error) and "msgctxt" in str(error)


def test_the_same_attack_in_a_compiled_catalog_is_refused(tmp_path: Path) -> None:
    english = label_messages()[TEXT_KEY].text
    data = _mo({f"{TEXT_KEY}\x04{english}": "Fall {reference.__init__.__globals__}"}, "charset=UTF-8\n")
    _refused(_org(tmp_path, data, "desistkit.mo"), r"\{reference.__init__.__globals__\}")


def test_placeholders_as_the_english_has_them_and_percent_signs_are_fine(tmp_path: Path) -> None:
    """The ordinary case still works; a %(x)s in the wording is text, never interpolated."""
    org = _org(tmp_path, _po(_text("Fall {reference} (%(x)s)"), _plural("{n} Termin", "{n} Termine")))
    loc = dk.get_localizer("de", catalog_dirs=[org])
    assert loc.text(TEXT_KEY, reference="R-1") == "Fall R-1 (%(x)s)"
    assert loc.plural(PLURAL_KEY, 1) == "1 Termin"


# --- Plural-Forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plural", "said"),
    [
        ("nplurals=2; plural=__import__('os').system('echo PWNED');", "not a rule gettext can use"),
        ("nplurals=2; plural=n/0;", "no form of the 2 for n = 0"),  # ZeroDivisionError at render
        ("nplurals=2; plural=(n<5 || n>5) ? 0 : 1/(n-5);", "no form of the 2 for n = 5"),
        ("nplurals=2; plural=n+5;", "no form of the 2 for n = 0"),  # a form the catalog has not
        ("nplurals=2; plural=" + "(" * 40 + "n" + ")" * 40 + ";", "not a rule gettext can use"),
        ("nplurals=abc; plural=n!=1;", "is not 'nplurals=N; plural=EXPRESSION;'"),
        ("nplurals=2; plural=" + "n+" * 600 + "0;", "not a rule gettext can use"),  # over 1000 chars
    ],
    ids=["code", "div-zero", "div-zero-at-5", "out-of-range", "deep", "nplurals", "long"],
)
def test_a_plural_forms_rule_that_is_code_or_fails_is_refused(tmp_path: Path, plural: str, said: str) -> None:
    """gettext compiles the rule into Python (it allows C operators only, and raised a bare
    ValueError, a traceback); a rule that divides by zero crashed every document at its first
    count, and one that picks a missing form silently fell back to English."""
    _refused(_org(tmp_path, _po(_plural("{n} Termin", "{n} Termine"), plural=plural)), said)


def test_a_compiled_catalog_with_a_failing_rule_is_refused(tmp_path: Path) -> None:
    message = label_messages()[PLURAL_KEY]
    data = _mo(
        {f"{PLURAL_KEY}\x04{message.text}": "{n} Termin\0{n} Termine"},
        "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=n%0;\n",
    )
    _refused(_org(tmp_path, data, "desistkit.mo"), "no form of the 2 for n = 0")


# --- bytes, charsets, size -------------------------------------------------------------------------


def test_a_po_that_declares_another_charset_is_refused_not_garbled(tmp_path: Path) -> None:
    """UTF-8 bytes under a Latin-1 header came out as 'ZielÃ¤' in documents; a name Latin-1 cannot
    hold crashed the compile. The file is read as UTF-8; the header must say so."""
    _refused(_org(tmp_path, _po(_text("Fall ä {reference}"), charset="ISO-8859-1")), "charset=UTF-8")


@pytest.mark.parametrize("charset", ["x-unknown", "rot13"])
def test_a_charset_python_has_not_is_refused(tmp_path: Path, charset: str) -> None:
    _refused(_org(tmp_path, _po(_text("Fall {reference}"), charset=charset)), "charset=UTF-8")
    dk.clear_caches()
    data = _mo({"document.goals\x04Goals": "Ziele"}, f"Content-Type: text/plain; charset={charset}\n")
    _refused(_org(tmp_path / "mo", data, "desistkit.mo"), "charset")


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 64, b"\x00" * 4096, 'msgid ""\nmsgstr "Ä"\n'.encode("latin-1")],
    ids=["binary", "zeros", "latin-1"],
)
def test_binary_and_non_utf8_po_files_are_refused(tmp_path: Path, data: bytes) -> None:
    _refused(_org(tmp_path, data), "UTF-8|syntax")


def test_a_huge_po_file_is_refused_by_its_size(tmp_path: Path) -> None:
    """A 4 GiB (sparse) desistkit.po was read whole, twice."""
    org = _org(tmp_path, b"")
    with (org / "de" / "LC_MESSAGES" / "desistkit.po").open("wb") as f:
        f.truncate(4 * 1024**3)
    _refused(org, r"larger than \d+ MiB")


def test_a_fifo_or_device_in_place_of_a_catalog_neither_hangs_nor_is_skipped(tmp_path: Path) -> None:
    """A FIFO named desistkit.mo was skipped silently (is_file is False), and the wording with it;
    a link to /dev/zero likewise. Both are now read as what they are and refused, without waiting."""
    folder = tmp_path / "org" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    os.symlink("/dev/zero", folder / "desistkit.po")
    _refused(tmp_path / "org", "not a regular file|outside the translations folder")


# --- links and many files --------------------------------------------------------------------------


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    """desistkit.po as a link to a file elsewhere (another team's folder, a case file): its words
    would go into documents as the organisation's. Links inside the folder are fine."""
    elsewhere = tmp_path / "elsewhere.po"
    elsewhere.write_bytes(_po(_text("Fall {reference}")))
    folder = tmp_path / "org" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    os.symlink(elsewhere, folder / "desistkit.po")
    _refused(tmp_path / "org", "outside the translations folder")

    dk.clear_caches()
    inside = tmp_path / "org2" / "shared.po"
    (tmp_path / "org2" / "de" / "LC_MESSAGES").mkdir(parents=True)
    inside.write_bytes(_po(_text("Fall {reference}")))
    os.symlink(inside, tmp_path / "org2" / "de" / "LC_MESSAGES" / "desistkit.po")
    assert dk.get_localizer("de", catalog_dirs=[tmp_path / "org2"]).text(TEXT_KEY, reference="R") == "Fall R"


def test_thousands_of_files_and_folders_load_quickly(tmp_path: Path) -> None:
    """Holds already (kept so): 3,000 folders that are no language and 3,000 stray files beside
    the catalog cost a glob, not a load each."""
    org = _org(tmp_path, _po(_text("Fall {reference}")))
    for i in range(3000):
        (org / f"junk-{i}").mkdir()
        (org / "de" / "LC_MESSAGES" / f"stray-{i}.po").write_bytes(b"\xff")
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loc = dk.get_localizer("de", catalog_dirs=[org])
    assert loc.text(TEXT_KEY, reference="R") == "Fall R"
    assert time.perf_counter() - started < 10
    assert dk.available_languages([org]).count("de") == 1


def test_the_cli_refuses_a_hostile_folder_without_a_traceback(tmp_path: Path) -> None:
    org = _org(tmp_path, _po(_plural("{n} Termin", "{n} Termine"), plural="nplurals=2; plural=n/0;"))
    result = run_cli("catalogue", "--lang", "de", "--translations", str(org))
    assert result.returncode != 0
    assert "Plural-Forms" in result.stderr and "Traceback" not in result.stderr
