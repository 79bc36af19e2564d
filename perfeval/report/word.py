"""The report as a Word document: the same Markdown as the download (one source of words),
with the charts as pictures in their sections, converted by pandoc onto the 公文 reference style."""

from __future__ import annotations

import io
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go
import pypandoc
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm

from perfeval import charts, markdown
from perfeval.model.figures import UnitYear
from perfeval.report import chart_pictures, unit_report, word_style

# The charts the report carries, by the slot name the template places them at.
REPORT_FIGURES: dict[str, Callable[[UnitYear], go.Figure]] = {
    "composition": charts.composition,
    "projects_ranked": charts.projects_ranked,
    "yoy_waterfall": charts.yoy_waterfall,
    "kpi_progress": charts.kpi_progress,
    "score_parts": charts.score_parts,
}
# GitHub Markdown as the report is escaped for, with a lone image as a captioned figure, and
# nothing that could turn escaped workbook text into something else.
PANDOC_FROM = "gfm+implicit_figures-autolink_bare_uris-raw_html-emoji-alerts-yaml_metadata_block"
PANDOC_TIMEOUT_S = 120
NO_PICTURES = "未导出图表（按要求只生成文字）"
TEXT_WIDTH_MM = 156  # A4 210 mm less the 28 and 26 mm side margins
PICTURE_MM = {"composition": 90}  # printed width where less than the text block
UNIT_MM = 1.852  # a half-width character at 10.5 pt (5.25 pt)
LATIN_UNITS = 1.3
MIN_COLUMN_UNITS = 4
MAX_COLUMN_UNITS = 40  # longer text wraps within this width (before scaling)
KEEP_TOGETHER_ROWS = 10
TITLE_SUFFIX = "整体支出绩效自评报告"
BRIEF_TITLE_SUFFIX = "整体支出绩效自评摘要"
HEADER_LINES = 2  # a header cell may take two lines before its column widens
CELL_PADDING_UNITS = 1.2  # the cell's left and right margins (1 mm each), in half-widths
SHORT_COLUMN_UNITS = 8  # text this short (产出指标, 未量化) is not wrapped while others can


def figures(model: UnitYear) -> dict[str, go.Figure]:
    """The report's charts that have something to show (a chart saying 'no data' is left out)."""
    built = {name: make(model) for name, make in REPORT_FIGURES.items()}
    return {name: fig for name, fig in built.items() if len(fig.data)}


def _caption(fig: go.Figure) -> str:
    """The chart's title, its subtitle in brackets (a page has the width a column lacks)."""
    title = str(fig.layout.title.text or "")
    subtitle = fig.layout.title.subtitle.text
    return f"{title}（{subtitle}）" if subtitle else title


def figure_hook(
    figs: dict[str, go.Figure], pictures: chart_pictures.Pictures, folder: Path, placed: list[str]
) -> Callable[[str], str]:
    """Writes each picture into `folder` and returns the Markdown that shows it, numbered 图1…;
    where there is no picture, a paragraph that says which chart is missing and why. The names
    of the charts placed as pictures are appended to `placed`, in document order."""
    count = 0

    def hook(name: str) -> str:
        nonlocal count
        fig = figs.get(name)
        if fig is None:
            return ""
        count += 1
        caption = markdown.inline(f"图{count}　{_caption(fig)}")
        png = pictures.images.get(name)
        if png is None:
            reason = markdown.inline(pictures.missing or "图表导出失败")
            return f"（{caption}：{reason}，本文件未附此图，请在网页上查看。）"
        path = folder / f"figure{count}.png"
        path.write_bytes(png)
        placed.append(name)
        return f"![{caption}]({path.name})"

    return hook


def _pandoc(text: str, folder: Path, brief: bool = False) -> bytes:
    reference = folder / "reference.docx"
    reference.write_bytes(word_style.reference_docx(brief))
    output = folder / "report.docx"
    command = [
        pypandoc.get_pandoc_path(),
        f"--from={PANDOC_FROM}",
        "--to=docx",
        f"--reference-doc={reference}",
        f"--resource-path={folder}",
        "--shift-heading-level-by=-1",  # the one `#` title becomes the document's Title
        "--metadata=lang:zh-CN",
        f"--output={output}",
    ]
    subprocess.run(
        command,
        input=text.encode("utf-8"),
        check=True,
        capture_output=True,
        timeout=PANDOC_TIMEOUT_S,
        cwd=folder,
    )
    return output.read_bytes()


def _full_width(table) -> None:
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")


def _units(text: str) -> float:
    """Width in half-width characters: CJK and full-width count two; Latin letters and digits
    a little more than one (a fallback font's digits are wider than Times New Roman's)."""
    return sum(2 if ord(ch) >= 0x1100 else LATIN_UNITS for ch in text)


def _right_aligned(column) -> bool:
    """pandoc right-aligns the cells of a column the Markdown marks `---:` (the figures)."""
    cells = column.cells[1:] or column.cells
    return all(c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for c in cells)


def column_widths(wants: list[float], figures: list[bool], total: float) -> list[float]:
    """Share `total` among columns wanting `wants` (same unit). All fit: each gets its want,
    scaled up to fill. Else every column first gets a floor (a figure column its whole want, so
    numbers never wrap; a text column up to SHORT_COLUMN_UNITS), the rest goes to the text
    columns by what they still lack; floors that do not fit are scaled down together."""
    if sum(wants) <= total:
        return [w * total / sum(wants) for w in wants]
    short = SHORT_COLUMN_UNITS + CELL_PADDING_UNITS
    floors = [w if f else min(w, short) for w, f in zip(wants, figures, strict=True)]
    if sum(floors) >= total:
        return [f * total / sum(floors) for f in floors]
    lacking = [w - f for w, f in zip(wants, floors, strict=True)]
    spare = total - sum(floors)
    return [f + spare * lack / sum(lacking) for f, lack in zip(floors, lacking, strict=True)]


def _fit_columns(table) -> None:
    """Column widths by content (pandoc makes them equal), headers allowed two lines; fixed
    layout, so Word keeps them."""
    wants, figures = [], []
    for column in table.columns:
        header, *body = [cell.text for cell in column.cells]
        want = max([_units(t) for t in body] + [_units(header) / HEADER_LINES, MIN_COLUMN_UNITS])
        wants.append(min(want, MAX_COLUMN_UNITS) + CELL_PADDING_UNITS)
        figures.append(_right_aligned(column))
    table.autofit = False
    widths = column_widths(wants, figures, TEXT_WIDTH_MM / UNIT_MM)
    for column, units in zip(table.columns, widths, strict=True):
        width = Mm(units * UNIT_MM)
        column.width = width
        for cell in column.cells:
            cell.width = width


def _keep_small_table_together(table) -> None:
    """A short table is not split across pages: every row keeps with the next."""
    if len(table.rows) > KEEP_TOGETHER_ROWS:
        return
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _title_lines(doc, title_suffix: str) -> None:
    """公文 titles break between meaningful parts: the unit on one line, the kind of report below."""
    for paragraph in doc.paragraphs:
        if paragraph.style.name == word_style.TITLE and paragraph.text.endswith(title_suffix):
            head = paragraph.text[: -len(title_suffix)]
            for run in paragraph.runs[1:]:
                run._r.getparent().remove(run._r)
            first = paragraph.runs[0]
            first.text = head
            first.add_break()
            paragraph.add_run(title_suffix)
            return


def _size_pictures(doc, placed: list[str]) -> None:
    for shape, name in zip(doc.inline_shapes, placed, strict=True):
        width = Mm(PICTURE_MM.get(name, TEXT_WIDTH_MM))
        shape.height = Emu(int(shape.height * width / shape.width))
        shape.width = width


def _finish(data: bytes, title: str, placed: list[str], title_suffix: str = TITLE_SUFFIX) -> bytes:
    """What pandoc leaves to do: tables across the text block with widths by content and a bold
    header row, pictures at their print width, list items in the body style (pandoc gives tight
    lists the table-cell style), the document's title property."""
    doc = Document(io.BytesIO(data))
    for table in doc.tables:
        _full_width(table)
        _fit_columns(table)
        _keep_small_table_together(table)
        for cell in table.rows[0].cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.bold = True
    _size_pictures(doc, placed)
    _title_lines(doc, title_suffix)
    body_text = doc.styles["Body Text"]
    for paragraph in doc.paragraphs:  # body paragraphs only: table cells are not among them
        if paragraph.style.name == word_style.TABLE_CELL:
            paragraph.style = body_text
    doc.core_properties.title = title
    doc.core_properties.language = "zh-CN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build(
    model: UnitYear, *, pictures: bool = True, images: chart_pictures.Pictures | None = None
) -> bytes:
    """The whole report as .docx bytes. Never fails for want of pictures: without an exporter
    (or with `pictures=False`) every chart's place says why it is missing. `images`: the
    pictures exported already (build_many exports a city's in one go)."""
    figs = figures(model)
    if images is None:
        images = (
            chart_pictures.export(figs)
            if pictures
            else chart_pictures.Pictures(missing=NO_PICTURES)
        )
    placed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="perfeval-docx-") as tmp:
        folder = Path(tmp)
        text = unit_report.render_report(model, figure=figure_hook(figs, images, folder, placed))
        data = _pandoc(text, folder)
    return _finish(data, f"{model.year}年度{model.unit}{TITLE_SUFFIX}", placed)


def build_brief(model: UnitYear) -> bytes:
    """The one-page 摘要 as .docx bytes: the same Markdown as its download, in the 摘要's
    smaller 公文 look (word_style.brief_looks), to print on one A4 page."""
    with tempfile.TemporaryDirectory(prefix="perfeval-docx-") as tmp:
        data = _pandoc(unit_report.render_summary(model), Path(tmp), brief=True)
    title = f"{model.year}年度{model.unit}{BRIEF_TITLE_SUFFIX}"
    return _finish(data, title, [], title_suffix=BRIEF_TITLE_SUFFIX)


def build_many(models: list[UnitYear], *, pictures: bool = True) -> list[bytes]:
    """Several reports as .docx bytes, their charts exported with one browser start."""
    if not pictures:
        return [build(m, pictures=False) for m in models]
    batches = chart_pictures.export_batches([figures(m) for m in models])
    return [build(m, images=images) for m, images in zip(models, batches, strict=True)]
