"""The deck's chart slides: the working relationship beside its notes, and progress (ratings in the
first and latest session; the knowledge state per session). The charts' data, colours and ranges
come from the content; this module only places them."""

from __future__ import annotations

from desistkit.export.content import CaseContent
from desistkit.export.deck.layout import LARGEST, MUTED, Cell, Grid, Region, Row, par
from desistkit.export.deck.slides import note_paras
from desistkit.export.deck.writer import Deck, draw_chart
from desistkit.formats import deck as contract

__all__ = ["progress_slides", "relationship_slide"]


def relationship_slide(deck: Deck, content: CaseContent) -> None:
    loc = deck.loc
    title = loc.text("reflector.relationship_title")
    rows = [
        Row(
            (
                (
                    Cell(
                        (par(e.line, "B"), *note_paras(loc, e.note)),
                        name=contract.relationship_box(e.session_id),
                    )
                ),
            )
        )
        for e in content.relationship
    ]
    scale = loc.text("document.working_relationship_scale")
    rows.append(Row((Cell((par(scale, "I", scale=0.85, colour=MUTED),)),)))
    first = deck.slide("content", title)
    slide, region = first
    chart_width = region.width * 0.55
    if content.relationship_chart is not None:
        area = Region(region.left, region.top, chart_width, region.height)
        draw_chart(deck, slide, content.relationship_chart, area, "chart:relationship")
    deck.grid(
        title,
        Grid((1.0,), tuple(rows)),
        region=lambda r: Region(r.left + chart_width + 4, r.top, r.width - chart_width - 4, r.height),
        first=first,
    )


def progress_slides(deck: Deck, content: CaseContent) -> None:
    """Two slides; none for a case without sessions. The ratings as bars, first and latest session
    side by side per factor, unless a radar reads (see the content's ``RADAR_SPOKES``)."""
    loc = deck.loc
    if not content.stances_chart.categories:
        return
    ratings = content.ratings_chart
    # The slide says "Progress", the chart its own title: joined, two titles made "Progress: Ratings:
    # first and latest session" (two colons).
    slide, region = deck.slide("content", loc.text("reflector.progress_title"))
    if 0 < len(ratings.categories) < 3:  # too few axes for a radar (and its alt text): the numbers as text
        first, latest = (s.name for s in ratings.series)
        lines = [par(f"{first} → {latest}", "B")]
        for name, *values in zip(ratings.categories, *(s.values for s in ratings.series), strict=True):
            before, after = ("–" if v is None else v for v in values)
            lines.append(par(f"{name}: {before} → {after}"))
        cell = Cell(tuple(lines), name="ratings")
        deck.box(slide, cell, region.left, region.top, region.width, 30, LARGEST)
    elif ratings.categories:
        draw_chart(deck, slide, ratings, region, "chart:ratings")
    else:
        cell = Cell((par(loc.text("document.not_rated"), "I"),))
        deck.box(slide, cell, region.left, region.top, region.width, 12, LARGEST)
    stances = content.stances_chart
    slide, region = deck.slide("content", loc.text("reflector.progress_title"))
    draw_chart(deck, slide, stances, region, "chart:stances")
