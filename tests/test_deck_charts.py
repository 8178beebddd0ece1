"""The deck's charts: written from templates exactly as python-pptx writes them, their workbooks
exactly as the scrubber leaves XlsxWriter's, and nothing personal in them or kept after them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

import desistkit as dk
from conftest import EXAMPLES
from desistkit.export import _ooxml
from desistkit.export._fonts import FIXED_DATE
from desistkit.export.content import Chart, ChartKind, Series, case_content
from desistkit.export.deck import charts
from desistkit.export.deck.writer import Deck, draw_chart
from desistkit.export.reflector import reflector_pptx

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 11, 30)
KINDS = list(ChartKind)
PALETTE = ("#2E7D8C", "#C0504D", "#9BBB59", "#8064A2")


def _content_charts(lang: str) -> Iterator[Chart]:
    """Every chart the deck draws for the example cases and the demo case, in one language."""
    loc = dk.get_localizer(lang)
    for case in [*(dk.load_case(p) for p in EXAMPLES), dk.demo_case()]:
        shared = dk.share(case, "internal", key=KEY, on=ON, lang=lang).localized(loc)
        content = case_content(shared, loc, None)
        for chart in (content.relationship_chart, content.ratings_chart, content.stances_chart):
            if chart is not None and chart.categories:
                yield chart


def _chart(kind: ChartKind, categories: list[str], series: list[tuple[str, list[int | float | None]]],
           title: str = "Progress", scale: tuple[int, int] | None = (0, 4)) -> Chart:  # fmt: skip
    return Chart(
        kind=kind,
        key="ratings_chart",
        title=title,
        alt="alt text",
        categories=tuple(categories),
        series=tuple(
            Series(name=n, values=tuple(v), colour=PALETTE[i % len(PALETTE)])
            for i, (n, v) in enumerate(series)
        ),
        minimum=None if scale is None else scale[0],
        maximum=None if scale is None else scale[1],
    )


# Data the templates write: duplicates (two sessions in one month), gaps, markup characters, every
# script of the EU languages, a character outside the BMP, many series (columns past Z), one category.
TEMPLATED = {
    "duplicates and gaps": (
        ["März 2025", "März 2025", "Mai"],
        [("März 2025", [1, None, 3]), ("B", [None, None, 0])],
    ),
    "markup": (["a & b <c> \"d\" 'e'", "x > y"], [("1 < 2 & 3", [2, 4])]),
    "scripts": (
        ["Σχέσεις", "Отношения", "Caidreamh 🙂", "Ħidma"],
        [("Ζ", [0, 1, 2, 3]), ("Я", [3, 2, 1, 0])],
    ),
    "many series": (["a", "b", "c"], [(f"s{j}", [j, -j, 10**14]) for j in range(30)]),
    "one category": (["Only"], [("One", [2])]),
    "many categories": ([f"Sitzung {i}" for i in range(40)], [("a", list(range(40))), ("b", [None] * 40)]),
    "colon and inner blank": (["Phase 1: start", "x  y"], [("a b", [1, 2])]),
}
# Data python-pptx's own path draws (XlsxWriter would treat it as a formula or link, escape or
# preserve it, or print the number otherwise): the same deck either way.
OTHERWISE = {
    "formula": (["=SUM(A1:A2)", "b"], [("s", [1, 2])]),
    "link": (["http://example.org", "b"], [("mailto:x", [1, 2])]),
    "control": (["a\tb", "c"], [("s", [1, 2])]),
    "escape-like": (["_x0041_", "c"], [("s", [1, 2])]),
    "blank at an end": ([" a", "b "], [("s", [1, 2])]),
    "empty": (["", "b"], [("", [1, 2])]),
    "float": (["a", "b"], [("s", [1.5, 2.0])]),
    "huge": (["a", "b"], [("s", [10**17, 2])]),
    "bool": (["a", "b"], [("s", [True, 2])]),
}


def _deck_with(chart: Chart, lang: str = "de", *, pptx_path: bool = False) -> bytes:
    """A deck of one slide with the chart, drawn by the templates or (``pptx_path``) by python-pptx."""
    deck = Deck(dk.get_localizer(lang), None, None, "Charts")
    slide, region = deck.slide("content", "Charts")
    if pptx_path:
        charts._draw_pptx(deck, slide, chart, region, "chart:test")
    else:
        draw_chart(deck, slide, chart, region, "chart:test")
    deck.box(slide, charts_cell(), region.left, region.top, 20, 10, 10)  # a shape after the chart
    return deck.save()


def _charts_deck(lang: str, template: object, drawn: Sequence[Chart], *, pptx_path: bool) -> bytes:
    """A deck with a slide per chart in ``drawn``, each drawn by the templates or by python-pptx."""
    made = Deck(dk.get_localizer(lang), template, None, "Charts")
    for chart in drawn:
        slide, region = made.slide("content", "Charts")
        if pptx_path:
            charts._draw_pptx(made, slide, chart, region, "chart:test")
        else:
            draw_chart(made, slide, chart, region, "chart:test")
    return made.save()


def charts_cell() -> object:
    from desistkit.export.deck.layout import Cell, par

    return Cell((par("after the chart"),), name="after")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("data", [*TEMPLATED, *OTHERWISE])
def test_a_chart_is_written_as_python_pptx_writes_it(kind: ChartKind, data: str) -> None:
    """Whatever the data, the deck is the one python-pptx's add_chart gives, byte for byte."""
    categories, series = {**TEMPLATED, **OTHERWISE}[data]
    chart = _chart(kind, categories, series, scale=None if kind is ChartKind.STACKED_COLUMN else (0, 4))
    assert charts._plain(chart, "de-DE") is (data in TEMPLATED)
    assert _deck_with(chart) == _deck_with(chart, pptx_path=True)


def test_charts_drawn_either_way_in_one_deck_take_python_pptx_names() -> None:
    """Charts by the templates and by python-pptx in one deck, in turn: the names python-pptx gives."""
    plain = _chart(ChartKind.RADAR, *TEMPLATED["scripts"])
    other = _chart(ChartKind.LINE, *OTHERWISE["formula"])

    drawn = (plain, other, plain, other, plain)
    assert _charts_deck("ga", None, drawn, pptx_path=False) == _charts_deck("ga", None, drawn, pptx_path=True)


@pytest.mark.parametrize("lang", ["de", "el", "bg", "ga", "mt", "hu"])
def test_content_charts_are_drawn_as_python_pptx_draws_them(lang: str) -> None:
    """The charts of the example cases, in languages of every script: the same deck either way."""
    for chart in _content_charts(lang):
        assert charts._plain(chart, dk.get_localizer(lang).tag)
        assert _deck_with(chart, lang) == _deck_with(chart, lang, pptx_path=True)


@pytest.mark.parametrize("lang", dk.EU_LANGUAGES)
def test_chart_workbooks_need_no_scrubbing(lang: str) -> None:
    """The workbook written for a chart is what the scrubber makes of XlsxWriter's, and the scrubber
    leaves it unchanged, byte for byte: charts of every kind, in every language."""
    made = [*_content_charts(lang)]
    made += [_chart(kind, *TEMPLATED[name]) for kind in KINDS for name in TEMPLATED]
    assert {c.kind for c in made} == set(KINDS)
    for chart in made:
        shape = charts._shape(chart)
        assert shape is not None and charts._workbook_shell(shape[1], shape[2]) is not None
        written = charts.chart_workbook(chart)
        assert written == _ooxml.scrub(charts._chart_data(chart).xlsx_blob)
        assert _ooxml.scrub(written) == written
        assert _ooxml._embedded_workbook(written) is written


def _workbooks(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("ppt/embeddings/")}


@pytest.mark.parametrize("lang", ["en", "el"])
def test_chart_workbooks_in_a_deck_carry_no_metadata_and_the_chart_data(lang: str) -> None:
    """Each chart's workbook: no author, company, application version or time; dates of 1980 in its
    zip; no hidden sheet, comment, thumbnail or custom part; the chart's data in its cells."""
    shared = dk.share(dk.demo_case(), "case-conference", key=KEY, on=ON, lang=lang)
    loc = dk.get_localizer(lang)
    content = case_content(shared.localized(loc), loc, None)
    workbooks = _workbooks(reflector_pptx(shared, loc))
    assert len(workbooks) == 3
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, data in workbooks.items():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}, name
            parts = {n: archive.read(n) for n in archive.namelist()}
        assert not [n for n in parts if "thumbnail" in n or "custom" in n or "comment" in n.lower()]
        core = etree.fromstring(parts["docProps/core.xml"])
        assert [etree.QName(e).localname for e in core] == ["created", "modified"]
        assert {e.text for e in core} == {stamp}
        app = parts["docProps/app.xml"]
        assert b"<Application>desistkit</Application>" in app
        for secret in (b"Company", b"Manager", b"AppVersion", b"Microsoft", b"XlsxWriter", b"TotalTime"):
            assert secret not in app, (name, secret)
        assert b"hidden" not in parts["xl/workbook.xml"].lower()
        assert _ooxml.scrub(data) == data
    charted = [content.relationship_chart, content.ratings_chart, content.stances_chart]
    for chart, data in zip(charted, [workbooks[n] for n in sorted(workbooks)], strict=True):
        assert chart is not None
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        rows = list(sheet.iter_rows(values_only=True))
        order = -1 if chart.kind is ChartKind.CLUSTERED_BAR else 1
        assert [r[0] for r in rows[1:]] == list(chart.categories)[::order]
        assert list(rows[0][1:]) == [s.name for s in chart.series]
        for j, series in enumerate(chart.series):
            assert [r[1 + j] for r in rows[1:]] == list(series.values)[::order]


def _rezipped(parts: dict[str, bytes], level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, body in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED, level)
    return out.getvalue()


def test_the_scrubber_treats_any_other_embedded_workbook_in_full() -> None:
    """The scrubber's quick way with a clean chart workbook gives scrub's bytes for every other one:
    XlsxWriter's own, one with a company or a comment added, another compression, bytes appended."""
    chart = _chart(ChartKind.LINE, *TEMPLATED["scripts"])
    clean = charts.chart_workbook(chart)
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    company = {**parts}
    company["docProps/app.xml"] = parts["docProps/app.xml"].replace(
        b"<Application>", b"<Company>Contoso Exit Work</Company><Application>"
    )
    comment = {**parts, "xl/comments1.xml": b"<comments>Anna M\xc3\xbcller</comments>"}
    tricky = {
        **parts,
        "xl/sharedStrings.xml": parts["xl/sharedStrings.xml"].replace(b"<sst ", b"<sst Ignorable='x' "),
    }
    others = {
        "xlsxwriter": charts._chart_data(chart).xlsx_blob,
        "company": _rezipped(company),
        "comment": _rezipped(comment),
        "level 9": _rezipped(parts, 9),
        "appended": clean + b"Anna",
        "markup compatibility text": _rezipped(tricky),
    }
    for name, data in others.items():
        assert _ooxml._embedded_workbook(data) == _ooxml.scrub(data), name
        assert _ooxml._embedded_workbook(data) != data, name
    assert b"Contoso" not in _ooxml._embedded_workbook(others["company"])
    with pytest.raises(_ooxml.PackageError):
        _ooxml._embedded_workbook(b"not a zip")


def test_nothing_of_a_chart_is_kept_after_the_deck() -> None:
    """The per-process templates and caches hold placeholders and the workbooks' shells only: the
    names and title of a case's chart are in none of them once its deck is made, and the deck's
    own bookkeeping (its free part names) goes with the deck."""
    import gc

    secret = "Zeugnis Quarz Vogel"
    chart = _chart(ChartKind.CLUSTERED_BAR, [secret, "b", "c"], [(secret + " 2", [3, None, 2])], title=secret)
    with zipfile.ZipFile(io.BytesIO(_deck_with(chart))) as archive:
        assert secret.encode() in archive.read("ppt/charts/chart1.xml")  # the deck has it
    shape = charts._shape(chart)
    assert shape is not None
    kept = [
        charts._chart_template(shape),
        charts._workbook_shell(3, shape[2]),  # (not None: checked against XlsxWriter)
        list(_ooxml._COMPRESSED.items),
        list(_ooxml._SCRUBBED.items),
        list(_ooxml._CLEAN_SHELLS.items),
        charts._IN_DEFAULT,
    ]
    assert secret not in repr(kept)
    gc.collect()
    assert len(charts._NAMES) == 0


def test_part_names_follow_python_pptx_with_a_template_that_has_charts(tmp_path: Path) -> None:
    """A template whose layout already has a chart: the deck's charts take the free names python-pptx
    would give them (its search for a free name walks the package; here it is walked once)."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE

    base = Presentation()
    layout = base.slide_layouts[5]  # "Title Only", the deck's content layout
    slide = base.slides.add_slide(layout)
    chart = _chart(ChartKind.LINE, ["a", "b"], [("s", [1, 2])])
    frame = slide.shapes.add_chart(charts._kind(chart.kind), 0, 0, 100, 100, charts._chart_data(chart))
    element = frame._element  # moved onto the layout, the chart's part related to it there
    element.graphic.graphicData.chart.rId = layout.part.relate_to(frame.chart.part, RELATIONSHIP_TYPE.CHART)
    layout.shapes._spTree.append(element)
    path = tmp_path / "with-chart.pptx"
    base.save(str(path))

    made = _charts_deck("fi", path, [chart] * 3, pptx_path=False)
    assert made == _charts_deck("fi", path, [chart] * 3, pptx_path=True)
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        names = archive.namelist()
    assert sum(n.startswith("ppt/charts/chart") for n in names) == 4  # the layout's and the deck's


def test_an_xlsxwriter_that_writes_its_sheets_otherwise_gets_python_pptx_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should the check against XlsxWriter fail (another version writes its sheets otherwise), the
    chart is python-pptx's and its workbook XlsxWriter's, scrubbed: the same deck, no error."""
    chart = _chart(ChartKind.STACKED_COLUMN, *TEMPLATED["duplicates and gaps"])
    monkeypatch.setattr(charts, "_workbook_shell", lambda count, blanks: None)
    assert charts.chart_workbook(chart) == _ooxml.scrub(charts._chart_data(chart).xlsx_blob)
    assert _deck_with(chart) == _deck_with(chart, pptx_path=True)
