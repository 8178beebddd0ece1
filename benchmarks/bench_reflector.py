"""The CaseReflector deck: time per deck next to a hand-written python-pptx script, and a batch.

    python benchmarks/bench_reflector.py                 # per-deck comparison + 1,000 decks
    python benchmarks/bench_reflector.py --batch 100     # a quicker batch

The hand-written baseline makes the same slides (same boxes, texts, sizes, colours and charts) with
plain python-pptx calls, from a recipe read off our own deck: what a developer would write by hand
knowing the layout in advance, with no measuring, no continuation logic and no scrubbing. Both run
in the same process, alternating, and report the median of the repeats.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import click
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Pt

import desistkit as dk
from desistkit.export.reflector import reflector_pptx

ROOT = Path(__file__).resolve().parents[1]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _largest_case() -> dk.Case:
    cases = [dk.load_case(p) for p in sorted((ROOT / "examples").glob("*.json"))]
    return max(cases, key=lambda c: sum(len(r.all_notes) for s in c.sessions for r in s.reflections))


def _recipe(data: bytes) -> list[dict[str, Any]]:
    """What is on each slide of a deck, as plain values a script could have written down."""
    slides = []
    prs = Presentation(io.BytesIO(data))
    for slide in prs.slides:
        item: dict[str, Any] = {
            "layout": slide.slide_layout.name,
            "title": slide.shapes.title.text_frame.text,
        }
        boxes, charts = [], []
        for shape in slide.shapes:
            if shape.is_placeholder:
                continue
            if shape.has_chart:
                chart = shape.chart
                plot = chart.plots[0]
                charts.append(
                    {
                        "type": chart.chart_type,
                        "geometry": (shape.left, shape.top, shape.width, shape.height),
                        "categories": [str(c) for c in plot.categories],
                        "series": [(s.name, list(s.values)) for s in plot.series],
                        "title": chart.chart_title.text_frame.text,
                    }
                )
                continue
            fill = shape.fill.fore_color.rgb if shape.fill.type == 1 else None
            paragraphs = [
                [(r.text, r.font.size, r.font.bold, r.font.italic, r.font.color.rgb) for r in p.runs]
                for p in shape.text_frame.paragraphs
            ]
            boxes.append(
                {"geometry": (shape.left, shape.top, shape.width, shape.height), "name": shape.name,
                 "fill": fill, "paragraphs": paragraphs}
            )  # fmt: skip
        item["boxes"], item["charts"] = boxes, charts
        slides.append(item)
    return slides


def _by_hand(recipe: list[dict[str, Any]]) -> bytes:
    """The same slides with plain python-pptx calls: a hand-written script."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for item in recipe:
        slide = prs.slides.add_slide(layouts[item["layout"]])
        slide.shapes.title.text = item["title"]
        for box in item["boxes"]:
            shape = slide.shapes.add_textbox(*box["geometry"])
            shape.name = box["name"]
            if box["fill"] is not None:
                shape.fill.solid()
                shape.fill.fore_color.rgb = box["fill"]
            frame = shape.text_frame
            frame.word_wrap = True
            frame.vertical_anchor = MSO_ANCHOR.TOP
            for i, runs in enumerate(box["paragraphs"]):
                paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                for text, size, bold, italic, colour in runs:
                    run = paragraph.add_run()
                    run.text = text
                    run.font.size, run.font.bold, run.font.italic = size or Pt(10), bold, italic
                    run.font.name = "DejaVu Sans"
                    if colour is not None:
                        run.font.color.rgb = RGBColor(*colour)
        for chart in item["charts"]:
            data = CategoryChartData()
            data.categories = chart["categories"]
            for name, values in chart["series"]:
                data.add_series(name, values)
            frame = slide.shapes.add_chart(chart["type"], *chart["geometry"], data)
            frame.chart.has_title = True
            frame.chart.chart_title.text_frame.text = chart["title"]
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _median(fn: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--lang", default="de")
    args = parser.parse_args()

    case = _largest_case()
    loc = dk.get_localizer(args.lang)
    shared = dk.share(case, "internal", on=dt.date(2026, 1, 1))
    ours = reflector_pptx(shared, loc)
    recipe = _recipe(ours)
    _by_hand(recipe)  # warm both
    boxes = sum(len(s["boxes"]) for s in recipe)
    print(
        f"case {case.reference}: {len(case.sessions)} sessions, deck of {len(recipe)} slides, {boxes} boxes"
    )
    t_ours = t_hand = 0.0
    for _ in range(2):  # alternate, so both see the same machine load
        t_ours = _median(lambda: reflector_pptx(shared, loc), args.repeats)
        t_hand = _median(lambda: _by_hand(recipe), args.repeats)
    print(f"desistkit reflector_pptx : {t_ours * 1000:7.0f} ms per deck (measuring, continuation, scrub)")
    print(f"hand-written python-pptx : {t_hand * 1000:7.0f} ms per deck (same slides, nothing measured)")
    print(f"ratio                    : {t_ours / t_hand:.2f}x")

    if args.batch:
        key = dk.PseudonymKey(bytes(range(32)))
        cases = [dk.load_case(p) for p in sorted((ROOT / "examples").glob("*.json"))]
        languages = dk.EU_LANGUAGES
        start = time.perf_counter()
        total = 0
        checkpoints = {max(args.batch // 10, 1): 0.0, max(args.batch // 2, 1): 0.0, args.batch: 0.0}
        with click.progressbar(range(args.batch), label="decks", file=sys.stderr) as bar:
            for i in bar:
                lang = languages[i % len(languages)]
                one = dk.share(
                    cases[i % len(cases)], "case-conference", key=key, on=dt.date(2026, 1, 1), lang=lang
                )
                total += len(reflector_pptx(one, dk.get_localizer(lang)))
                if i + 1 in checkpoints:
                    checkpoints[i + 1] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"batch: {args.batch} decks in {elapsed:.1f} s = {args.batch / elapsed:.2f} decks/s, "
            f"{total / args.batch / 1024:.0f} KiB per deck, peak RSS {peak:.0f} MiB"
        )
        print("peak RSS after " + ", ".join(f"{n} decks: {mib:.0f} MiB" for n, mib in checkpoints.items()))


if __name__ == "__main__":
    main()
