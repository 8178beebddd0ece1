"""The one gate for untrusted Office packages: every part judged by its content, the whole package
held to a ratio, and templates refused like imported documents (with TemplateError)."""

from __future__ import annotations

import pytest

import desistkit as dk
from conftest import EXAMPLES, zip_with
from desistkit.export.tracker import tracker_xlsx
from desistkit.formats.package import MAX_TOTAL_RATIO, RATIO_FLOOR, TOTAL_RATIO_FLOOR, open_package

DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'


def _tracker() -> bytes:
    shared = dk.share(dk.load_case(EXAMPLES[0]), "internal", on=dk.load_case(EXAMPLES[0]).sessions[-1].date)
    return tracker_xlsx(shared, dk.get_localizer("en"))


@pytest.mark.parametrize(
    "part",
    [
        "xl/sharedStrings.XML",  # upper-case extension
        "xl/worksheets/_rels/sheet1.xml.RELS",
        "customXml/item1",  # no extension at all
        "xl/media/image1.png",  # a name that lies about its content
        "docProps/custom.dat",
    ],
)
def test_a_dtd_in_any_part_is_refused_whatever_the_part_is_called(part: str) -> None:
    """A document type declaration is refused in every part that is markup, judged by its bytes,
    not by its name; the message names the part and says why."""
    data = zip_with(_tracker(), [(part, DTD)])
    with pytest.raises(dk.DocumentError, match=r"declares a document type or entities") as caught:
        open_package(data)
    assert part.split("/")[-1] in str(caught.value)


def test_a_dtd_behind_a_byte_order_mark_or_in_utf16_is_refused() -> None:
    """Encodings do not hide markup: a UTF-8 BOM or UTF-16 text is still read as XML."""
    for body in (b"\xef\xbb\xbf" + DTD, "\ufeff".encode("utf-16-le") + DTD.decode().encode("utf-16-le")):
        with pytest.raises(dk.DocumentError, match="document type"):
            open_package(zip_with(_tracker(), [("xl/extra.bin", body)]))


def test_many_small_parts_cannot_add_up_to_a_bomb() -> None:
    """Parts each just under the per-part floor, adding up past the total floor at a bomb's ratio,
    are refused as a whole before anything is inflated."""
    count = TOTAL_RATIO_FLOOR // (RATIO_FLOOR - 1) + 2
    parts = [(f"xl/media/pad{i}.bin", bytes(RATIO_FLOOR - 1)) for i in range(count)]
    with pytest.raises(dk.DocumentError, match=rf"times in all \(the limit is {MAX_TOTAL_RATIO}\)"):
        open_package(zip_with(_tracker(), parts))


def test_a_real_package_passes_and_names_its_main_part() -> None:
    """What desistkit writes passes the gate unchanged."""
    package = open_package(_tracker())
    assert package.content_type.endswith("sheet.main+xml")


def test_a_template_is_refused_with_template_error() -> None:
    """An organisation's template goes through the same gate; what is wrong is a TemplateError
    (also a ValueError) naming the template, the part and the reason, on one line."""
    with pytest.raises(
        dk.TemplateError, match=r"^template document: part xl/extra\.xml declares a document type"
    ):
        open_package(zip_with(_tracker(), [("xl/extra.xml", DTD)]), template=True)


def test_a_password_protected_or_old_format_file_says_so() -> None:
    """Office saves a file with a password (and the old .xls/.ppt) as a compound file, not a zip:
    the caseworker is told to save it without a password, not that it "is not a zip package"."""
    compound = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)
    with pytest.raises(dk.DocumentError) as info:
        open_package(compound)
    assert "password-protected or in the old Office format" in str(info.value)
    assert "save it without a password as .xlsx, .pptx or .docx" in str(info.value)


@pytest.mark.parametrize(
    "part", ["../../.bashrc", "/etc/cron.d/job", "xl\\..\\..\\evil", "C:/evil", "xl/a\x01b"]
)
def test_a_part_named_outside_the_package_is_refused(part: str) -> None:
    """A zip slip: no Office program writes such a name, and a tool that unpacks what desistkit
    passes on (a handover letter, a kept import) would write outside its folder."""
    with pytest.raises(dk.DocumentError, match="outside the package"):
        open_package(zip_with(_tracker(), [(part, b"echo owned\n")]))
