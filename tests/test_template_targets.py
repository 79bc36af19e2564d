"""The template's target columns are text, so what the 填写说明 tells a clerk to type (=100%,
≥560家) stays as typed in Excel/WPS and reads as meant (issue #9)."""

from __future__ import annotations

import io
from decimal import Decimal as D

import openpyxl

from perfeval.readers import read_workbook
from perfeval.schema import DIR_EQ, DIR_GE, KPI_SHEET_COLUMNS, SHEET_KPI, TARGET
from perfeval.template import write_template


def _column(name: str) -> str:
    return openpyxl.utils.get_column_letter(KPI_SHEET_COLUMNS.index(name) + 1)


def test_target_columns_are_text_formatted():
    book = openpyxl.load_workbook(io.BytesIO(write_template(example=False)))
    sheet = book[SHEET_KPI]
    for name in ("年度指标值", "实际完成值", "上年完成值"):
        assert sheet[f"{_column(name)}3"].number_format == "@", name
        assert sheet[f"{_column(name)}40"].number_format == "@", name  # the pre-formatted rows
    assert sheet[f"{_column('分值')}3"].number_format != "@"


def test_guide_examples_typed_into_the_template_read_as_meant():
    """Typing into a text-formatted cell stores the text: =100% and ≥560家 as written."""
    book = openpyxl.load_workbook(io.BytesIO(write_template(example=False)))
    info = book["基本信息"]
    for row in range(3, 20):
        key = info.cell(row=row, column=1).value
        if key == "单位名称":
            info.cell(row=row, column=2).value = "测试局"
        if key == "年度":
            info.cell(row=row, column=2).value = 2024
    book["支出"].append(["一般公共预算", "基本支出", "人员经费", 10, 10, 9])
    kpis = book[SHEET_KPI]
    for row, (target, result) in enumerate([("=100%", "98%"), ("≥560家", "588家")], start=3):
        for name, value in ((TARGET, target), ("实际完成值", result)):
            cell = kpis[f"{_column(name)}{row}"]
            cell.value, cell.data_type = value, "s"  # what Excel stores for text typed into "@"
        kpis[f"{_column('一级指标')}{row}"] = "产出指标"
        kpis[f"{_column('三级指标')}{row}"] = f"指标{row}"
    out = io.BytesIO()
    book.save(out)
    result = read_workbook(out.getvalue(), "t.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    frame = result.workbook.indicators
    assert frame[TARGET].tolist() == [D(100), D(560)]
    assert frame["指标方向"].tolist() == [DIR_EQ, DIR_GE]
    assert frame["计量单位"].tolist() == ["%", "家"]


def test_footer_lines_under_a_template_table_are_skipped():
    from tests.xlsx_factory import build_xlsx, seed_like_sheets

    sheets = seed_like_sheets()
    sheets["支出"].append([])
    sheets["支出"].append(["填表人：张三", None, "联系电话：0734-7221234"])
    sheets["绩效指标"].append(["注：定性指标填写达成情况"])
    result = read_workbook(build_xlsx(sheets), "t.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert len(result.workbook.spending) == 3 and len(result.workbook.indicators) == 2
    notes = [p for p in result.problems if p.code == "footer_skipped"]
    assert [(p.sheet, p.row) for p in notes] == [("支出", 6), ("绩效指标", 4)]
