"""The baselines of benchmarks/run.py make the same documents as desistkit (issue #20).

A baseline that silently wrote less (fewer slides, a sheet missing, shorter texts) would make
desistkit look slow for the wrong reason, or fast for the wrong reason. Each test builds a small
document with desistkit, lets the baseline write it again from its recipe, and compares what a
reader would see: the slides and their texts, the sheets and their cells, the pages and their texts.
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import desistkit as dk
from desistkit.export.cards import cards_pdf
from desistkit.export.programme import programme_xlsx
from desistkit.export.reflector import reflector_pptx
from desistkit.export.summary import summary_docx
from desistkit.export.tracker import tracker_xlsx
from strategies import programme_cases

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from baselines import cards, deck, programme, summary, tracker  # noqa: E402
from bench_casefile import big_case  # noqa: E402


@pytest.fixture(scope="module")
def shared() -> dk.SharedCase:
    return dk.share(dk.load_case(ROOT / "examples" / "prison-case.json"), "internal", on=dt.date(2026, 1, 1))


def test_deck_baseline_makes_the_same_slides_with_real_tables(shared: dk.SharedCase) -> None:
    ours = reflector_pptx(shared, dk.get_localizer("en"))
    theirs = deck.write(deck.recipe(ours))
    expected, got = deck.texts(ours), deck.texts(theirs)
    assert [title for title, _ in got] == [title for title, _ in expected]
    assert got == expected
    from pptx import Presentation

    tables = sum(s.has_table for slide in Presentation(io.BytesIO(theirs)).slides for s in slide.shapes)
    assert tables >= 3  # the overview, the factor slides and the goals are tables, not boxes


def test_deck_script_process_writes_the_same_deck(shared: dk.SharedCase, tmp_path: Path) -> None:
    ours = reflector_pptx(shared, dk.get_localizer("de"))
    recipe, out = tmp_path / "recipe.pickle", tmp_path / "deck.pptx"
    recipe.write_bytes(pickle.dumps(deck.recipe(ours)))
    script = ROOT / "benchmarks" / "baselines" / "deck_script.py"
    subprocess.run([sys.executable, str(script), str(recipe), str(out)], check=True)
    assert deck.texts(out.read_bytes()) == deck.texts(ours)


def test_deck_jobs_baseline_writes_every_deck_of_its_folder(shared: dk.SharedCase, tmp_path: Path) -> None:
    """The 2-process baseline of the deck-jobs row writes one deck per recipe, each the same."""
    recipes, out = tmp_path / "recipes", tmp_path / "out"
    recipes.mkdir()
    decks = {
        name: reflector_pptx(shared, dk.get_localizer(lang)) for name, lang in [("a", "de"), ("b", "en")]
    }
    for name, data in decks.items():
        (recipes / f"{name}.pickle").write_bytes(pickle.dumps(deck.recipe(data)))
    script = ROOT / "benchmarks" / "baselines" / "deck_jobs.py"
    subprocess.run([sys.executable, str(script), "--jobs", "2", str(recipes), str(out)], check=True)
    assert sorted(p.name for p in out.iterdir()) == ["a.pptx", "b.pptx"]
    for name, data in decks.items():
        assert deck.texts((out / f"{name}.pptx").read_bytes()) == deck.texts(data)


def test_summary_baseline_writes_the_same_paragraphs_and_tables(shared: dk.SharedCase) -> None:
    ours = summary_docx(shared, dk.get_localizer("fr"))
    theirs = summary.write(summary.recipe(ours))
    expected = summary.texts(ours)
    assert summary.texts(theirs) == expected
    assert sum(1 for style, _ in expected if style == "table") >= 2


def test_tracker_baseline_writes_the_same_sheets_cells_and_charts() -> None:
    ours = tracker_xlsx(dk.share(big_case(3), "internal", on=dt.date(2026, 1, 1)), dk.get_localizer("en"))
    theirs = tracker.write(tracker.recipe(ours))
    names = openpyxl.load_workbook(io.BytesIO(ours), read_only=True).sheetnames
    for name in names:  # every sheet, not only the main one
        assert tracker.sheets(theirs, name) == tracker.sheets(ours, name), name
    charts = [len(ws._charts) for ws in openpyxl.load_workbook(io.BytesIO(theirs)).worksheets]
    assert charts == [len(ws._charts) for ws in openpyxl.load_workbook(io.BytesIO(ours)).worksheets]
    assert sum(charts) >= 1


def test_programme_baseline_writes_the_same_cases_sheet() -> None:
    key = dk.PseudonymKey(bytes(range(32)))

    def stream() -> list[dk.SharedCase]:
        return [dk.share(c, "research", key=key, on=dt.date(2025, 11, 30))
                for c in programme_cases(6, sessions=3, factors=29, seed=11)]  # fmt: skip

    loc = dk.get_localizer("en")
    ours, first, theirs = io.BytesIO(), io.BytesIO(), io.BytesIO()
    programme_xlsx(stream(), loc, ours)
    programme_xlsx(stream()[:1], loc, first)  # the recipe comes from one case: fixed rows only
    programme.write(stream(), programme.recipe(first.getvalue()), theirs)
    names, expected = tracker.sheets(ours.getvalue(), "Cases")
    got_names, got = tracker.sheets(theirs.getvalue(), "Cases")
    assert got_names == names
    assert got == expected
    assert len(expected) > 6 * 3  # the legend, the header and a row per session


def test_cards_baseline_writes_the_same_pages_and_texts() -> None:
    loc = dk.get_localizer("pl")
    ours = cards_pdf(loc)
    theirs = cards.write(cards.recipe(loc))
    expected = cards.pages(ours)
    assert len(expected) == 68
    assert cards.pages(theirs) == expected
