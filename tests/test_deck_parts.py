"""Slides, notes pages and relationships written as text (export/deck/parts.py): the same bytes as
the python-pptx objects they stand for, python-pptx's objects when asked for, and the scrubber
leaving the relationships written that way as they are (so it need not parse them)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation

import desistkit as dk
from conference_fixtures import with_three_agency_conference
from conftest import EXAMPLES
from desistkit.export import _ooxml
from desistkit.export.conference import conference_pptx
from desistkit.export.deck import writer
from desistkit.export.deck.layout import Cell, par
from desistkit.export.deck.parts import TextSlidePart, Written
from desistkit.export.reflector import blank_reflector_pptx, reflector_pptx

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 11, 30)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)


def _forget() -> None:
    """A fresh process's state: no blank slide, notes page or opened template kept."""
    writer._BLANK_SLIDES.clear()
    writer._BLANK_NOTES.clear()
    writer._default_opened.cache_clear()


def _org_template(tmp_path: Path) -> Path:
    prs = Presentation()
    for layout in prs.slide_layouts:
        layout.name = {"Title Slide": "Org Cover", "Title Only": "Org Content"}.get(layout.name, layout.name)
    sample = prs.slides.add_slide(prs.slide_layouts[0])
    sample.shapes.title.text = "Sample slide of the organisation"
    sample.notes_slide.notes_text_frame.text = "Sample notes"
    path = tmp_path / "org.pptx"
    prs.save(str(path))
    return path


def _decks(tmp_path: Path) -> list[bytes]:
    case = dk.load_case(next(p for p in EXAMPLES if p.name == "prison-case.json"))
    org = _org_template(tmp_path)
    layouts = {"title": "Org Cover", "content": "Org Content"}
    made = []
    for lang in ("de", "el"):
        loc = dk.get_localizer(lang)
        shared = dk.share(case, "case-conference", key=KEY, on=ON, now=NOW, lang=lang)
        made.append(reflector_pptx(shared, loc))
        made.append(reflector_pptx(shared, loc, template=org, layouts=layouts))
        made.append(blank_reflector_pptx(loc, agency="Probation service"))
        three = dk.share(with_three_agency_conference(case), "internal", key=KEY, on=ON, now=NOW, lang=lang)
        made.append(conference_pptx(three, loc))
    return made


def test_a_process_s_later_decks_are_the_bytes_of_its_first(tmp_path: Path) -> None:
    """The first deck of a process makes its first slides and notes page with python-pptx; the
    later ones write every slide and notes page as text from them: the same decks, byte for byte
    (default and organisation template, reflector, blank and conference decks)."""
    _forget()
    first = _decks(tmp_path)
    assert any(writer._BLANK_SLIDES.values()) and writer._default_opened().notes is not None
    assert _decks(tmp_path) == first


def test_a_slide_written_as_text_becomes_python_pptx_s_with_the_same_bytes() -> None:
    """Asking for python-pptx's objects (as drawing a chart does) parses the slide once; its boxes
    (an empty run's text kept as ``""``) and title read and write back as they were written."""
    deck = writer.Deck(dk.get_localizer("ga"), None, None, "t")
    deck.slide("content", "warm-up")  # the first slide of a role may be python-pptx's own
    slide, _ = deck.slide("content", "Teideal & <tús>")
    deck.box(slide, Cell((par('Fáilte "abhaile" > 1'), par("")), name="a:b\tc"), 10, 40, 80, 20, 12)
    part = slide.part
    assert isinstance(part, TextSlidePart) and part.written
    text = part.blob
    assert slide.shapes[-1].name == "a:b\tc"  # python-pptx's objects, from the text
    assert not part.written and part.blob == text
    assert [sh.text_frame.text for sh in slide.shapes][-2:] == ["Teideal & <tús>", 'Fáilte "abhaile" > 1\n']


def test_a_box_name_lxml_refuses_is_refused_as_before() -> None:
    """A control character in a box's name is not written as text: parsing it raises, as it did."""
    deck = writer.Deck(dk.get_localizer("en"), None, None, "t")
    deck.slide("content", "one")
    slide, _ = deck.slide("content", "two")
    with pytest.raises(etree.XMLSyntaxError):
        deck.box(slide, Cell((par("x"),), name="bad\x01name"), 10, 40, 80, 20, 12)


def test_the_scrubber_gives_back_the_relationships_written_as_text_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What lets scrub_parts pass them through: every relationship part marked as written in the
    scrubber's own form, and naming no dropped part, thumbnail or custom properties (the package's
    own relationships name the template's thumbnail: scrubbed as before), comes out of the
    scrubber's treatment byte-identical."""
    seen: list[tuple[dict[str, bytes], set[str]]] = []
    real = writer.scrub_parts

    def spy(parts: dict[str, bytes], **kw: Any) -> bytes:
        seen.append((dict(parts), set(kw["clean"])))
        return real(parts, **kw)

    monkeypatch.setattr(writer, "scrub_parts", spy)
    _decks(tmp_path)
    assert seen
    for parts, clean in seen:
        assert clean and clean == {n for n, b in parts.items() if isinstance(b, Written)}
        dropped = {name for name in parts if _ooxml._DROP.match(name)}
        names = [n.rsplit("/", 1)[-1].encode() for n in dropped]
        passed = [name for name in clean if _ooxml._names_none(parts[name], names)]
        assert any(name.startswith("ppt/slides/_rels/") for name in passed)
        assert any(name.startswith("ppt/notesSlides/_rels/") for name in passed)
        for name in passed:
            assert name.endswith(".rels")
            assert _ooxml._scrub_part(name, parts[name], dropped) == parts[name], name


def test_making_decks_leaves_the_shared_template_parts_as_they_were(tmp_path: Path) -> None:
    """The copies of the opened default template share its masters, layouts and themes: decks
    only read them, so what is kept of them stays what python-pptx writes for them."""
    _decks(tmp_path)
    opened = writer._default_opened()
    for part, (blob, rels) in opened.shared.items():
        assert part.blob == blob, part.partname
        assert (part.rels.xml if part._rels else None) == rels, part.partname


def test_an_organisation_template_s_sample_notes_are_not_carried_over(tmp_path: Path) -> None:
    org = _org_template(tmp_path)
    layouts = {"title": "Org Cover", "content": "Org Content"}
    deck = blank_reflector_pptx(dk.get_localizer("fi"), template=org, layouts=layouts)
    prs = Presentation(io.BytesIO(deck))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    assert notes and not any("Sample notes" in n for n in notes)


def test_no_deck_outlives_its_making(tmp_path: Path) -> None:
    """What the process keeps for later decks (the opened template, its notes master, blank slides)
    keeps no deck alive: a case's slides are gone once its bytes are returned."""
    import gc

    from pptx.package import Package

    _forget()
    gc.collect()
    case = dk.load_case(next(p for p in EXAMPLES if p.name == "prison-case.json"))
    loc = dk.get_localizer("de")
    shared = dk.share(case, "internal", key=KEY, on=ON, now=NOW, lang="de")
    for _ in range(2):  # the first deck of a process makes what later ones copy
        reflector_pptx(shared, loc)
        reflector_pptx(
            shared,
            loc,
            template=_org_template(tmp_path),
            layouts={"title": "Org Cover", "content": "Org Content"},
        )
        blank_reflector_pptx(loc)
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, Package)]
    slides = [
        str(part.partname) for p in alive for part in p.iter_parts() if "/slides/" in str(part.partname)
    ]
    assert slides == []
