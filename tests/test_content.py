"""Content built once: the deck, the Word summary and the plain text say the same things.

Each document is rendered for the same SharedCase and read back with the library a reader would use
(python-pptx, python-docx, plain lines); the facts each one shows are compared with the others'.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from pptx import Presentation

import desistkit as dk
from desistkit.export.content import Withheld, case_content
from desistkit.export.reflector import reflector_pptx
from desistkit.export.summary import summary_docx
from desistkit.export.text import plain_text
from desistkit.sharing._pseudonym import demo_key

ROOT = Path(__file__).resolve().parents[1]
ON = dt.date(2025, 11, 3)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)  # the moment of disclosure
WITHHELD = re.compile(r"^\(?(\d+) notes? withheld\)?$")
COUNTED = re.compile(r"\b(\d+) notes? withheld\b")  # in the deck, also after "Gender lens: "


def _shared(name: str, audience: str) -> dk.SharedCase:
    case = dk.load_case(ROOT / "examples" / f"{name}.json")
    return dk.share(case, audience, key=demo_key(), on=ON, now=NOW)


def _deck_slides(data: bytes) -> Iterator[tuple[str, list[str], dict[str, str]]]:
    """Per slide: its title, the paragraphs of its other boxes (in order) and the named boxes' texts."""
    for slide in Presentation(io.BytesIO(data)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        paras, named = [], {}
        for shape in slide.shapes:
            if not shape.has_text_frame or shape == slide.shapes.title:
                continue
            paras += [p.text for p in shape.text_frame.paragraphs if p.text]
            named[shape.name] = shape.text_frame.text
        yield title, paras, named


def _subtitle(data: bytes) -> list[str]:
    """The subtitle and the audience marking, then the facts (in the box below them)."""
    first = Presentation(io.BytesIO(data)).slides[0]
    holder = next(p for p in first.placeholders if p.placeholder_format.idx == 1)
    facts = next(s for s in first.shapes if s.name.startswith("desistkit:deck"))
    return [p.text for shape in (holder, facts) for p in shape.text_frame.paragraphs]


def _deck_facts(data: bytes, loc: dk.Localizer) -> dict[str, Any]:
    slides = list(_deck_slides(data))
    since_title = loc.text("reflector.since_title")
    questions_title = loc.text("reflector.blind_spots_title")
    since = [p for title, paras, _ in slides if title.startswith(since_title) for p in paras]
    lists = [p for title, paras, _ in slides if title.startswith(questions_title) for p in paras]
    spots_at = (
        lists.index(loc.text("document.blind_spots")) if loc.text("document.blind_spots") in lists else None
    )
    questions = lists[1:spots_at]
    goals = {}
    for _, _, named in slides:
        for name, text in named.items():
            if name.startswith("goal:"):
                _, goal_id, field = name.split(":")
                goals.setdefault(goal_id, {})[field] = text
    reflection = loc.text("reflector.reflection_title", category="")
    withheld = sum(
        int(m.group(1))
        for title, paras, _ in slides
        if title.startswith(reflection)
        for p in paras
        for m in COUNTED.finditer(p)
    )
    return {
        "title": _subtitle(data)[2:],  # after the subtitle and the audience marking
        "since": since,
        "questions": [] if questions == [loc.text("document.none")] else questions,
        "blind_spots": lists[spots_at + 1 :] if spots_at is not None else [],
        "goals": sorted((g["wording"], g["status"]) for g in goals.values()),
        "withheld": withheld,
    }


def _docx_facts(data: bytes, loc: dk.Localizer) -> dict[str, Any]:
    document = docx.Document(io.BytesIO(data))
    sections: dict[str, list[str]] = {}
    current = ""
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith(("Heading", "Title")):
            current = paragraph.text
            sections[current] = []
        elif paragraph.text:
            sections[current].append(paragraph.text)
    title = next(iter(sections.values()))
    goals_table = next(t for t in document.tables if t.rows[0].cells[0].text == loc.text("document.goal"))
    goals = [(row.cells[0].text, row.cells[3].text) for row in goals_table.rows[1:]]
    withheld = [int(m.group(1)) for ps in sections.values() for p in ps if (m := WITHHELD.match(p))]
    questions = sections[loc.text("document.open_questions")]
    return {
        "title": title[1:],  # after the audience marking
        "since": [
            loc.text("document.since_last_conference"),
            *sections[loc.text("document.since_last_conference")],
        ],
        "questions": [] if questions == [loc.text("document.none")] else questions,
        "blind_spots": sections.get(loc.text("document.blind_spots"), []),
        "goals": sorted(goals),
        "withheld": sum(withheld),
    }


def _text_facts(text: str, loc: dk.Localizer) -> dict[str, Any]:
    sections: dict[str, list[str]] = {}
    for block in text.strip("\n").split("\n\n"):
        lines = block.split("\n")
        if lines[0].startswith("="):  # the title block
            sections["title"] = lines[4:]
        else:
            sections[lines[0]] = [line.strip() for line in lines[2:]]
    goals, wording = [], ""
    for line in sections[loc.text("document.goals")]:
        if line.startswith("- "):
            wording = line[2:].strip("()")
        elif line.startswith(f"{loc.text('document.status')}: "):
            goals.append((wording, line.split(": ", 1)[1]))
    items = [line.removeprefix("- ") for line in sections[loc.text("document.open_questions")]]
    spots = [line.removeprefix("- ") for line in sections[loc.text("document.blind_spots")]]
    withheld = [
        int(m.group(1)) for line in sections[loc.text("document.notes")] if (m := WITHHELD.match(line))
    ]
    none = [loc.text("document.none")]
    return {
        "title": sections["title"],
        "since": [
            loc.text("document.since_last_conference"),
            *sections[loc.text("document.since_last_conference")],
        ],
        "questions": [] if items == none else items,
        "blind_spots": [] if spots == none else spots,
        "goals": sorted(goals),
        "withheld": sum(withheld),
    }


@pytest.mark.parametrize(
    ("name", "audience"),
    [("prison-case", "case-conference"), ("prison-case", "internal"), ("probation-case", "research")],
)
def test_deck_summary_and_text_say_the_same(name: str, audience: str) -> None:
    """Title facts, since the last case conference, open questions, blind spots, goals and their
    status, and the number of withheld notes are the same in all three documents."""
    shared, loc = _shared(name, audience), dk.get_localizer("en")
    deck = _deck_facts(reflector_pptx(shared, loc), loc)
    summary = _docx_facts(summary_docx(shared, loc), loc)
    text = _text_facts(plain_text(shared, loc), loc)
    deck["since"] = [loc.text("document.since_last_conference"), *deck["since"]]
    deck["goals"] = sorted((w.strip("()"), s) for w, s in deck["goals"])
    summary["goals"] = sorted((w.strip("()"), s) for w, s in summary["goals"])
    for key in deck:
        assert deck[key] == summary[key] == text[key], key
    content = case_content(shared, loc)
    assert deck["withheld"] == content.withheld_notes
    assert deck["title"] == [f.line for f in content.title.facts]


def test_a_withheld_goal_reached_is_a_marker_not_a_name() -> None:
    """The prison case reaches a goal the case conference may not read: every document says that a
    goal was reached, and none lists the withheld marker's sentence as the goal's name."""
    shared, loc = _shared("prison-case", "case-conference"), dk.get_localizer("en")
    listing = next(
        item
        for item in case_content(shared, loc).since.listings
        if item.label == loc.text("document.goals_reached")
    )
    assert listing.items == () and listing.withheld == Withheld(1)
    reached = f"{loc.text('document.goals_reached')}: "
    lines = [p for _, paras, _ in _deck_slides(reflector_pptx(shared, loc)) for p in paras]
    lines += [p.text for p in docx.Document(io.BytesIO(summary_docx(shared, loc))).paragraphs]
    lines += [line.strip() for line in plain_text(shared, loc).splitlines()]
    drawn = [line for line in lines if line.startswith(reached)]
    assert drawn == [f"{reached}{loc.text('withheld.wording')}"] * 3  # "(wording not released)"


def test_knowledge_per_session_is_one_count_in_deck_and_tracker() -> None:
    """The deck's and the tracker's stances charts show the same numbers: factors per stance in the
    knowledge state at each session."""
    import openpyxl

    from desistkit.export.tracker import tracker_xlsx

    shared, loc = _shared("prison-case", "internal"), dk.get_localizer("en")
    chart = case_content(shared, loc).stances_chart
    book = openpyxl.load_workbook(io.BytesIO(tracker_xlsx(shared, loc)))
    sheet = book[loc.text("tracker.sheet.charts")]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    top = next(i for i, row in enumerate(rows) if row[1] == chart.series[0].name)
    table = [tuple(row[1:4]) for row in rows[top + 1 : top + 1 + len(chart.categories)]]
    assert table == list(zip(*(s.values for s in chart.series), strict=True))
    deck = Presentation(io.BytesIO(reflector_pptx(shared, loc)))
    plotted = next(
        shape.chart for slide in deck.slides for shape in slide.shapes if shape.name == "chart:stances"
    )
    assert [tuple(s.values) for s in plotted.plots[0].series] == [tuple(s.values) for s in chart.series]
