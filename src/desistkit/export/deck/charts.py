"""The deck's charts: native, editable charts written as python-pptx writes them, without its cost.

python-pptx's ``add_chart`` writes the chart's XML with its ChartXmlWriter and parses it, writes the
embedded workbook with XlsxWriter (which stamps it with the time and an author), and walks the whole
package twice for free part names; the workbook then has to be scrubbed as a package of its own.
Here the chart part is python-pptx's own XML for the same kind and shape of chart, made once per
process with placeholders and filled with the data; the workbook is written as the scrubber leaves
XlsxWriter's (neutral properties, no author, no dates, deterministic zip), its parts that never
change made once per process by XlsxWriter itself. Both are checked against python-pptx and the
scrubber part by part (tests/test_deck_charts.py); data they do not cover exactly (text XlsxWriter
would treat as a formula or link, or escape; blank names; non-integer values) takes python-pptx's path.

Nothing of a case is kept between charts: the per-process templates hold placeholders only.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Sequence
from typing import Any

from desistkit.export._ooxml import _order_key, _zip_parts
from desistkit.export.content import Chart, ChartKind, Series
from desistkit.export.deck.layout import Region

__all__ = ["chart_workbook", "draw"]

_FILLED = (ChartKind.STACKED_COLUMN, ChartKind.CLUSTERED_BAR)
_CHART_NAME, _WORKBOOK_NAME = "/ppt/charts/chart%d.xml", "/ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx"


def draw(deck: Any, slide: Any, chart: Chart, area: Region, name: str) -> None:
    """The chart on the slide (see :func:`desistkit.export.deck.writer.draw_chart`)."""
    shape = _shape(chart)
    if shape is None or not _plain(chart, deck.tag) or _workbook_shell(shape[1], shape[2]) is None:
        _draw_pptx(deck, slide, chart, area, name)
        return
    from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI
    from pptx.oxml.shapes.graphfrm import CT_GraphicalObjectFrame

    package = slide.part.package
    names = _free_names(deck, package)
    chart_part = Part(
        PackURI(names.next(package, _CHART_NAME)),
        CONTENT_TYPE.DML_CHART,
        package,
        _chart_xml(chart, shape, deck.tag),
    )
    workbook = Part(
        PackURI(names.next(package, _WORKBOOK_NAME)), CONTENT_TYPE.SML_SHEET, package, chart_workbook(chart)
    )
    chart_part.relate_to(workbook, RELATIONSHIP_TYPE.PACKAGE)
    rid = slide.part.relate_to(chart_part, RELATIONSHIP_TYPE.CHART)
    shapes = slide.shapes
    shape_id = shapes._next_shape_id
    frame = CT_GraphicalObjectFrame.new_chart_graphicFrame(
        shape_id, f"Chart {shape_id - 1}", rid, *_box(deck, area)
    )
    shapes._spTree.append(frame)
    _describe(frame, chart, name)


def _draw_pptx(deck: Any, slide: Any, chart: Chart, area: Region, name: str) -> None:
    """The chart through python-pptx's ``add_chart``: for data the templates do not cover."""
    frame = slide.shapes.add_chart(_kind(chart.kind), *_box(deck, area), _chart_data(chart))
    _NAMES[slide.part.package] = _Names(default=False)  # python-pptx named its parts: looked up again
    _describe(frame._element, chart, name)
    _style(frame.chart, chart, deck.tag)


def _box(deck: Any, area: Region) -> tuple[Any, Any, Any, Any]:
    return deck.Mm(area.left), deck.Mm(area.top), deck.Mm(area.width), deck.Mm(area.height)


def _describe(frame: Any, chart: Chart, name: str) -> None:
    """The frame's name, alt text and title (what a screen reader says)."""
    props = frame.nvGraphicFramePr.cNvPr
    props.set("name", name)
    props.set("descr", chart.alt)
    props.set("title", chart.title)


def _kind(kind: ChartKind) -> Any:
    from pptx.enum.chart import XL_CHART_TYPE

    return {
        ChartKind.LINE: XL_CHART_TYPE.LINE_MARKERS,
        ChartKind.RADAR: XL_CHART_TYPE.RADAR_MARKERS,
        ChartKind.STACKED_COLUMN: XL_CHART_TYPE.COLUMN_STACKED,
        ChartKind.CLUSTERED_BAR: XL_CHART_TYPE.BAR_CLUSTERED,
    }[kind]


def _order(chart: Chart) -> slice:
    # Bars are drawn from the bottom up: given in reverse, the first factor stands at the top (the
    # axis's own reverse order is ignored by LibreOffice).
    return slice(None, None, -1) if chart.kind is ChartKind.CLUSTERED_BAR else slice(None)


def _chart_data(chart: Chart) -> Any:
    from pptx.chart.data import CategoryChartData

    factory: Any = CategoryChartData
    data = factory(number_format="0")
    order = _order(chart)
    data.categories = list(chart.categories)[order]
    for series in chart.series:
        data.add_series(series.name, list(series.values)[order])
    return data


def _style(drawn: Any, chart: Chart, tag: str) -> None:
    """Title and alt text aside, what the deck sets on python-pptx's chart: the measured font and
    the language tag on its text, the value axis on the chart's range, the series in their colours."""
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Pt

    from desistkit.export.deck.writer import FAMILY, _rgb, hex_rgb

    filled = chart.kind in _FILLED
    drawn.has_title = True
    drawn.chart_title.text_frame.text = chart.title
    for paragraph in drawn.chart_title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(12)
            run.font.bold = True
            run.font._rPr.set("lang", tag)
    drawn.font.size = Pt(9)
    drawn.font.name = FAMILY
    drawn.font._rPr.set("lang", tag)
    drawn.has_legend = chart.kind is not ChartKind.LINE  # one line needs no legend
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM if filled else XL_LEGEND_POSITION.RIGHT
        drawn.legend.include_in_layout = False
    if chart.minimum is not None and chart.maximum is not None:
        axis = drawn.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = chart.minimum, chart.maximum, 1
    if chart.kind is ChartKind.CLUSTERED_BAR:
        drawn.plots[0].gap_width = 60
        drawn.plots[0].overlap = 0
    for plotted, series in zip(drawn.plots[0].series, chart.series, strict=True):
        if filled:
            plotted.format.fill.solid()
            plotted.format.fill.fore_color.rgb = _rgb(hex_rgb(series.colour))
        else:
            plotted.format.line.color.rgb = _rgb(hex_rgb(series.colour))
        if chart.kind is ChartKind.LINE:
            plotted.smooth = False


# --- what the templates cover ------------------------------------------------------------------

#: Characters python-pptx and XlsxWriter both write as they are (their XML escaping aside): no
#: control characters or non-characters (both write them as ``_xHHHH_``, so no ``_x`` either).
_SAFE = re.compile(r"[^\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]+")
_LINK = re.compile("(ftp|http)s?://|mailto:|(in|ex)ternal:|file://")  # XlsxWriter's test for a link
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_LONGEST = 32767  # XlsxWriter truncates longer strings
_LARGEST = 10**15  # integers that print alike with str() and XlsxWriter's "%.16G"


def _cell_text(text: str) -> bool:
    """Text XlsxWriter writes as a plain shared string: not blank, nothing to preserve at either
    end, nothing it takes for a formula or a link, nothing it escapes."""
    return (
        0 < len(text) <= _LONGEST
        and _SAFE.fullmatch(text) is not None
        and "_x" not in text
        and not text[0].isspace()
        and not text[-1].isspace()
        and not text.startswith(("=", "{"))
        and _LINK.match(text) is None
    )


def _plain(chart: Chart, tag: str) -> bool:
    """Whether the templates write exactly what python-pptx and XlsxWriter would."""
    return (
        all(map(_cell_text, chart.categories))
        and all(_cell_text(s.name) and _COLOUR.fullmatch(s.colour) for s in chart.series)
        and all(
            v is None or (type(v) is int and -_LARGEST < v < _LARGEST) for s in chart.series for v in s.values
        )
        and _SAFE.fullmatch(chart.title) is not None
        and "_x" not in chart.title
        and _SAFE.fullmatch(tag) is not None
    )


def _shape(chart: Chart) -> tuple[Any, ...] | None:
    """What the chart's XML depends on beyond its text and numbers (the key of its template), or
    None when the templates do not cover it."""
    count = len(chart.categories)
    if not count or not chart.series or any(len(s.values) != count for s in chart.series):
        return None
    order = _order(chart)
    blanks = tuple(tuple(v is None for v in s.values[order]) for s in chart.series)
    scale = (
        (chart.minimum, chart.maximum) if chart.minimum is not None and chart.maximum is not None else None
    )
    colours = tuple(s.colour.upper() for s in chart.series)
    return (chart.kind, count, blanks, scale, colours)


# --- the chart part ---------------------------------------------------------------------------

_SLOT = re.compile("\ue000([a-z0-9_]+)\ue001")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _slot(name: str) -> str:
    return f"\ue000{name}\ue001"


@functools.lru_cache(maxsize=64)
def _chart_template(shape: tuple[Any, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """python-pptx's chart XML for charts of this shape, as the deck styles it, split at its slots
    (the literal text between them, and the slots' names): made once per process and shape."""
    from pptx.chart.chart import Chart as PptxChart
    from pptx.chart.data import CategoryChartData
    from pptx.opc.oxml import serialize_part_xml
    from pptx.oxml import parse_xml

    kind, count, blanks, scale, colours = shape
    factory: Any = CategoryChartData
    data = factory(number_format="0")
    data.categories = [_slot(f"c{i}") for i in range(count)]
    for j, missing in enumerate(blanks):
        values = [None if blank else _slot(f"v{j}_{i}") for i, blank in enumerate(missing)]
        data.add_series(_slot(f"s{j}"), values)
    space = parse_xml(data.xml_bytes(_kind(kind)))
    space.get_or_add_externalData().rId = "rId1"  # the workbook's, as python-pptx relates it
    model = Chart(
        kind=kind,
        key="",
        title=_slot("t"),
        alt="",
        categories=(),
        series=tuple(Series(name="", values=(), colour=c) for c in colours),
        minimum=None if scale is None else scale[0],
        maximum=None if scale is None else scale[1],
    )
    proxy: Any = PptxChart
    _style(proxy(space, None), model, _slot("l"))
    pieces = _SLOT.split(serialize_part_xml(space).decode("utf-8"))
    return tuple(pieces[0::2]), tuple(pieces[1::2])


def _chart_xml(chart: Chart, shape: tuple[Any, ...], tag: str) -> bytes:
    texts, slots = _chart_template(shape)
    order = _order(chart)
    values: dict[str, str] = {"t": chart.title.translate(_TEXT), "l": tag.translate(_ATTR)}
    for i, category in enumerate(chart.categories[order]):
        values[f"c{i}"] = category.translate(_TEXT)
    for j, series in enumerate(chart.series):
        values[f"s{j}"] = series.name.translate(_TEXT)
        for i, value in enumerate(series.values[order]):
            values[f"v{j}_{i}"] = str(value)
    out = [texts[0]]
    for slot, text in zip(slots, texts[1:], strict=True):
        out.append(values[slot])
        out.append(text)
    return "".join(out).encode("utf-8")


# --- the embedded workbook --------------------------------------------------------------------

_SHEET, _STRINGS = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"


def chart_workbook(chart: Chart) -> bytes:
    """The chart's workbook as the scrubber leaves the one python-pptx writes with XlsxWriter
    (``scrub`` returns these bytes unchanged): the categories in column A, a series per column."""
    order = _order(chart)
    categories = list(chart.categories[order])
    series = [(s.name, s.values[order]) for s in chart.series]
    blanks = tuple(tuple(v is None for v in values) for _, values in series)
    made = _workbook_shell(len(categories), blanks)
    if made is None:  # an XlsxWriter that writes otherwise: its workbook, scrubbed
        from desistkit.export._ooxml import scrub

        return scrub(_chart_data(chart).xlsx_blob)
    shell, head, tail, strings_head = made
    sheet, strings = _sheet_and_strings(categories, series, head, tail, strings_head)
    parts = {**shell, _SHEET: sheet, _STRINGS: strings}
    # the shell is the same in every chart's workbook: its compressed form is kept (by content)
    return _zip_parts(sorted(parts.items(), key=lambda item: _order_key(item[0])), shell.__contains__)


def _sheet_and_strings(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | float | None]]],
    head: str,
    tail: str,
    strings_head: str,
) -> tuple[bytes, bytes]:
    """The worksheet and its shared strings as XlsxWriter writes them for python-pptx's layout: a
    string's index is its first appearance (categories down column A, then the series names)."""
    index: dict[str, int] = {}
    total = 0

    def ref(text: str) -> int:
        nonlocal total
        total += 1
        return index.setdefault(text, len(index))

    columns = [_column(2 + j) for j in range(len(series))]
    span = f"1:{len(series) + 1}"
    category_refs = [ref(c) for c in categories]
    rows = [f'<row r="1" spans="{span}">']
    rows.extend(
        f'<c r="{col}1" t="s"><v>{ref(name)}</v></c>' for col, (name, _) in zip(columns, series, strict=True)
    )
    rows.append("</row>")
    for i, category in enumerate(category_refs):
        r = i + 2
        rows.append(f'<row r="{r}" spans="{span}"><c r="A{r}" s="1" t="s"><v>{category}</v></c>')
        for col, (_, values) in zip(columns, series, strict=True):
            value = values[i]
            rows.append(
                f'<c r="{col}{r}" s="2"/>' if value is None else f'<c r="{col}{r}" s="2"><v>{value}</v></c>'
            )
        rows.append("</row>")
    sheet = head.format(last=f"{columns[-1]}{len(categories) + 1}") + "".join(rows) + tail
    items = "".join(f"<si><t>{text.translate(_TEXT)}</t></si>" for text in index)
    strings = strings_head.format(count=total, unique=len(index)) + items + "</sst>"
    return sheet.encode("utf-8"), strings.encode("utf-8")


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@functools.lru_cache(maxsize=64)
def _workbook_shell(
    count: int, blanks: tuple[tuple[bool, ...], ...]
) -> tuple[dict[str, bytes], str, str, str] | None:
    """The workbook's parts other than the sheet and its strings, and the sheet's and the strings'
    text around their data: XlsxWriter's workbook for a chart of this shape (written by python-pptx's
    own writer, neutral sample text) as ``scrub`` leaves it, once per process and shape. Checked
    here: the sheet and strings written for the sample must be XlsxWriter's, byte for byte (None
    if not: an XlsxWriter that writes its sheets otherwise, whose workbooks are then its own)."""
    import io
    import zipfile

    from pptx.chart.data import CategoryChartData

    from desistkit.export._ooxml import scrub

    factory: Any = CategoryChartData
    data = factory(number_format="0")
    categories = [f"c{i}" for i in range(count)]
    data.categories = categories
    series = []
    for j, missing in enumerate(blanks):
        values: list[int | None] = [None if blank else i + 1 for i, blank in enumerate(missing)]
        data.add_series(f"s{j}", values)
        series.append((f"s{j}", values))
    with zipfile.ZipFile(io.BytesIO(scrub(data.xlsx_blob))) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet, strings = parts.pop(_SHEET).decode("utf-8"), parts.pop(_STRINGS).decode("utf-8")
    head, rest = sheet.split("<sheetData>", 1)
    head = re.sub(
        r'<dimension ref="A1:[A-Z]+\d+"/>',
        '<dimension ref="A1:{last}"/>',
        head.replace("{", "{{").replace("}", "}}"),
    )
    head += "<sheetData>"
    tail = "</sheetData>" + rest.split("</sheetData>", 1)[1]
    strings_head = re.sub(
        r'count="\d+" uniqueCount="\d+"',
        'count="{count}" uniqueCount="{unique}"',
        strings.split("<si>", 1)[0].replace("{", "{{").replace("}", "}}"),
    )
    if _sheet_and_strings(categories, series, head, tail, strings_head) != (sheet.encode(), strings.encode()):
        return None
    return parts, head, tail, strings_head


# --- free part names ---------------------------------------------------------------------------


class _Names:
    """The package's part names under the chart and workbook prefixes: python-pptx's
    ``next_partname`` without walking the whole package for each chart."""

    def __init__(self, default: bool) -> None:
        self.used: dict[str, set[str]] = {}
        self.default = default  # (not the package: it is this one's key, held weakly)

    def next(self, package: Any, template: str) -> str:
        prefix = template[: template.index("%d")]
        used = self.used.get(prefix)
        if used is None:
            # A deck from the packaged template has, before its first chart, the template's parts
            # and slides and notes of text: the same names under these prefixes in every such deck
            # (none), looked up in the first one. A deck from another template: looked up in it.
            known = _IN_DEFAULT.get(prefix) if self.default else None
            if known is None:
                known = frozenset(
                    str(p.partname) for p in package.iter_parts() if p.partname.startswith(prefix)
                )
                if self.default:
                    _IN_DEFAULT[prefix] = known
            used = self.used[prefix] = set(known)
        for n in range(len(used) + 1, 0, -1):  # python-pptx's order of search
            name = template % n
            if name not in used:
                used.add(name)
                return name
        raise AssertionError("no free part name")  # pragma: no cover


_NAMES: weakref.WeakKeyDictionary[Any, _Names] = weakref.WeakKeyDictionary()
_IN_DEFAULT: dict[str, frozenset[str]] = {}


def _free_names(deck: Any, package: Any) -> _Names:
    found = _NAMES.get(package)
    if found is None:
        found = _NAMES[package] = _Names(deck._is_default)
    return found
