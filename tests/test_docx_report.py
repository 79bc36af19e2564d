"""docx_report: the Word file opened with python-docx — 公文 styles and page, the tables' figures
against hand-known seed numbers, the pictures, and the report written without an exporter."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from perfeval.findings import evaluate
from perfeval.report import chart_pictures, word
from tests.builders import basic, project, workbook
from tests.e2e.server import unavailable
from tests.shared import SECTIONS, hostile_model

TITLE = "2024年度常宁市科技和工业信息化局\n整体支出绩效自评报告"
HEADINGS_1 = [s.removeprefix("## ") for s in SECTIONS] + ["附录：数据核查"]
CAPTIONS = [
    "图1　2024年支出构成",
    "图2　2024年项目支出排名",
    "图3　支出同比变化（6105.94万元 → 7174.02万元）",
    "图4　绩效指标完成率",
    "图5　自评得分构成（总分 99.48，优）",
]
MISSING = "本文件未附此图"


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def seed_doc(seed_history):
    """The seed report without pictures (no browser start): the structure tests' document."""
    return open_docx(word.build(evaluate(seed_history), pictures=False))


def styled(doc, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == style]


def east_asian_font(style) -> str | None:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_title_and_headings_are_word_heading_styles(seed_doc):
    assert styled(seed_doc, "Title") == [TITLE]
    assert styled(seed_doc, "Heading 1") == HEADINGS_1
    level2 = styled(seed_doc, "Heading 2")
    assert level2[:2] == ["（一）机构、人员构成", "（二）单位主要职能职责"]
    assert "（四）自评得分" in level2
    assert seed_doc.core_properties.title == TITLE.replace("\n", "")


@pytest.mark.parametrize(
    ("style", "east_asia", "size"),
    [
        ("Title", "方正小标宋简体", 22),
        ("Heading 1", "黑体", 16),
        ("Heading 2", "楷体_GB2312", 16),
        ("Body Text", "仿宋_GB2312", 16),
        ("First Paragraph", "仿宋_GB2312", 16),
        ("Compact", "仿宋_GB2312", 10.5),  # table cells
    ],
)
def test_fonts_are_set_on_the_styles(seed_doc, style, east_asia, size):
    s = seed_doc.styles[style]
    fonts = s.element.rPr.find(qn("w:rFonts"))
    assert east_asian_font(s) == east_asia
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None
    assert s.font.size.pt == size
    assert not s.font.bold


def test_body_is_fixed_28pt_with_two_character_indent_and_tables_single(seed_doc):
    for name in ("Body Text", "First Paragraph", "Heading 1", "Heading 2"):
        pf = seed_doc.styles[name].paragraph_format
        assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing.pt == 28
        assert pf.first_line_indent.pt == 32  # two 16 pt characters
        ind = seed_doc.styles[name].element.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200"
    cell = seed_doc.styles["Compact"].paragraph_format
    assert cell.line_spacing_rule == WD_LINE_SPACING.SINGLE and cell.first_line_indent.pt == 0
    title = seed_doc.styles["Title"].paragraph_format
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_a4_page_margins_and_page_numbers(seed_doc):
    (section,) = seed_doc.sections
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    footer = section.footer._element
    assert "PAGE" in "".join(t.text for t in footer.iter(qn("w:instrText")))
    assert footer.xpath("string(.)").startswith("— ")


def table_rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_project_table_figures_alignment_and_repeated_header(seed_doc):
    table = seed_doc.tables[0]
    rows = table_rows(table)
    assert rows[0][:4] == ["序号", "项目", "全年预算数（万元）", "全年执行数（万元）"]
    assert ["1", "先进制造业高地建设经费", "2300.00", "2192.56", "95.33%", "34.38%"] in rows
    # 合计: 6594.00 budget, 6377.44 spent → 96.72%
    assert rows[-1] == ["", "合计", "6594.00", "6377.44", "96.72%", "100.00%"]
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) in (None, "on", "true", "1")
    amount_cell = table.rows[1].cells[3].paragraphs[0]
    name_cell = table.rows[1].cells[1].paragraphs[0]
    assert amount_cell.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert name_cell.alignment != WD_ALIGN_PARAGRAPH.RIGHT
    assert all(r.font.bold for r in table.rows[0].cells[1].paragraphs[0].runs)
    assert round(sum(c.width.mm for c in table.columns)) == 156  # the whole text block


def test_text_and_other_tables_carry_the_model_figures(seed_doc):
    body = "\n".join(p.text for p in seed_doc.paragraphs)
    assert "一般公共预算收入、支出均为7174.02万元" in body
    assert "2024年项目支出为6377.44万元，与2023年相比增加1133.55万元，增长21.62%。" in body
    assert "自评得分99.48分，等级为“优”。" in body
    kpi = next(t for t in seed_doc.tables if t.rows[0].cells[2].text == "三级指标")
    assert table_rows(kpi)[1][2:6] == ["上云企业数", "≥560家", "588家", "105.00%"]
    score = next(t for t in seed_doc.tables if t.rows[0].cells[0].text == "评分部分")
    assert table_rows(score)[-1][:3] == ["合计", "60.00", "59.69"]


def test_list_items_are_body_text_not_table_cells(seed_doc):
    finding = next(p for p in seed_doc.paragraphs if "目标值可能偏低" in p.text)
    assert finding.style.name == "Body Text"


def placeholders(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if MISSING in p.text]


def test_without_pictures_each_chart_place_says_so(seed_doc):
    assert len(seed_doc.inline_shapes) == 0
    texts = placeholders(seed_doc)
    assert [t.split("：")[0].lstrip("（") for t in texts] == CAPTIONS
    assert all(word.NO_PICTURES in t for t in texts)


def test_no_browser_still_writes_the_report_and_says_why(seed_history, monkeypatch):
    monkeypatch.setenv(chart_pictures.BROWSER_ENV, "/nonexistent/chromium")
    doc = open_docx(word.build(evaluate(seed_history)))
    assert len(doc.inline_shapes) == 0
    texts = placeholders(doc)
    assert len(texts) == 5
    assert all("未找到 Chromium 浏览器（/nonexistent/chromium）" in t for t in texts)


def test_no_kaleido_or_a_failing_export_still_writes_the_report(seed_history, monkeypatch):
    model = evaluate(seed_history)
    monkeypatch.setitem(sys.modules, "kaleido", None)  # import kaleido → ImportError
    doc = open_docx(word.build(model))
    assert all("未安装图表导出组件 kaleido" in t for t in placeholders(doc))
    monkeypatch.delitem(sys.modules, "kaleido")

    async def broken(figures, path):
        raise RuntimeError("browser crashed")

    monkeypatch.setattr(chart_pictures, "browser_path", lambda: "/bin/true")
    monkeypatch.setattr(chart_pictures, "_render", broken)
    doc = open_docx(word.build(model))
    assert len(placeholders(doc)) == 5
    assert all("图表导出失败（RuntimeError）" in t for t in placeholders(doc))


def test_charts_without_data_are_left_out_and_numbering_follows():
    spending = [
        basic("人员经费", "8", "8"),
        basic("公用经费", "2", "2"),
        project("甲项目", "5", "10"),
    ]
    wb = workbook("某局", 2024, spending)
    model = evaluate({2024: wb})
    doc = open_docx(word.build(model, pictures=False))
    # no previous year (no waterfall), no indicators (no KPI chart); 执行率 alone is scored
    names = list(word.figures(model))
    assert names == ["composition", "projects_ranked", "score_parts"]
    numbers = [re.match(r"（(图\d)", t).group(1) for t in placeholders(doc)]
    assert numbers == ["图1", "图2", "图3"]


def test_workbook_text_stays_text_in_word():
    doc = open_docx(word.build(hostile_model(), pictures=False))
    (title,) = styled(doc, "Title")
    assert "[点我](http://evil.example) <img src=x onerror=alert(1)>" in title
    assert not doc.element.body.findall(".//" + qn("w:hyperlink"))
    headings = styled(doc, "Heading 1") + styled(doc, "Heading 2")
    assert not any("注入" in h for h in headings)
    assert any("# 注入标题" in p.text for p in doc.paragraphs)  # shown as the text it was


def test_column_widths_hand_computed():
    # all fit: scaled up to fill 60 → 20 + 40
    assert word.column_widths([10, 20], [True, False], 60) == [20, 40]
    # overflow: the figure column keeps its 12, the short text column its 9.2, the long text
    # column gets the rest: 40 − 12 − 9.2 = 18.8
    widths = word.column_widths([12, 40, 9.2], [True, False, False], 40)
    assert [round(w, 6) for w in widths] == [12, 18.8, 9.2]


def chromium_or_skip() -> None:
    if chart_pictures.browser_path() is None:
        unavailable("no Chromium: the chart pictures cannot be exported here")


def test_five_charts_as_pictures_in_their_sections(seed_history):
    chromium_or_skip()
    doc = open_docx(word.build(evaluate(seed_history)))
    assert len(doc.inline_shapes) == 5
    assert placeholders(doc) == []
    assert styled(doc, "Image Caption") == CAPTIONS
    widths = [round(s.width.mm) for s in doc.inline_shapes]
    assert widths == [90, 156, 156, 156, 156]
    # each picture sits in its section: 构成 before （一）基本支出情况, 得分 after the score table
    order = [p.text or p.style.name for p in doc.paragraphs]
    assert order.index("图1　2024年支出构成") < order.index("（一）基本支出情况")
    assert order.index("（四）自评得分") < order.index(CAPTIONS[4]) < order.index(HEADINGS_1[6])
    pngs = [p for p in doc.part.package.parts if Path(str(p.partname)).suffix == ".png"]
    assert len(pngs) == 5 and all(p.blob.startswith(b"\x89PNG") for p in pngs)
