"""Tests of the workbook reader: one test per rule of shared/spec/workbook.md.
Figures are asserted exactly (Decimal) and problems by sheet, row, column, code and message."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval import pipeline
from perfeval.readers import (
    CODE_READER_FAILED,
    MAX_UPLOAD_BYTES,
    contract,
    read_path,
    read_workbook,
    safezip,
    sheets,
    values,
)
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    CONTENT,
    DIR_EQ,
    DIR_GE,
    DIR_LE,
    DIR_QUAL,
    DIRECTION,
    FUND,
    FUND_GENERAL,
    FUND_GOV,
    INCOME,
    INCOME_ITEM,
    INFO_KEY,
    INFO_UNIT,
    INFO_VALUE,
    INFO_YEAR,
    ITEM,
    KPI_NAME,
    KPI_SHEET_COLUMNS,
    KPI_UNIT,
    L1,
    L1_OUTPUT,
    L2,
    PREV_RESULT,
    QUAL_MET,
    QUAL_MISSED,
    QUAL_PARTIAL,
    RESULT,
    RESULT_LEVEL,
    RESULT_TEXT,
    ROW,
    SCORE,
    SEC_FUNCTIONS,
    SEC_PROBLEMS,
    SECTION,
    SHEET_GUIDE,
    SHEET_INCOME,
    SHEET_INFO,
    SHEET_KPI,
    SHEET_SPENDING,
    SHEET_TEXT,
    STATUS,
    STATUS_MET,
    TABLE_COLUMNS,
    TARGET,
    TARGET_TEXT,
    WEIGHT,
    Problem,
    ReadResult,
)
from tests.xlsx_factory import (
    SEED_UNIT,
    SPENDING_HEADER,
    Text,
    build_xlsx,
    patch_part,
    patch_sheet_xml,
    seed_like_sheets,
    set_cached_values,
)

D = Decimal


# ---------------------------------------------------------------- helpers
def read(sheets: dict) -> ReadResult:
    return read_workbook(build_xlsx(sheets), "test.xlsx")


def one(result: ReadResult, code: str) -> Problem:
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, [str(p) for p in result.problems]
    return found[0]


def codes(result: ReadResult) -> list[str]:
    return [p.code for p in result.problems]


def spending_rows(*rows: list) -> dict:
    sheets = seed_like_sheets()
    sheets[SHEET_SPENDING] = [SPENDING_HEADER, *rows]
    return sheets


def spend(category=CAT_PROJECT, item="项目A", initial=None, budget=None, actual=1, fund=None):
    return [fund, category, item, initial, budget, actual, None]


def actual_of(cell) -> tuple[ReadResult, object]:
    result = read(spending_rows(spend(actual=cell)))
    frame = result.workbook.spending
    return result, frame[ACTUAL].iloc[0] if len(frame) else None


def kpi_rows(*rows: dict) -> dict:
    """绩效指标 rows given as {column: value}; 一级指标/三级指标/实际完成值 have defaults."""
    sheets = seed_like_sheets()
    lines = [list(KPI_SHEET_COLUMNS)]
    for row in rows:
        full = {L1: L1_OUTPUT, KPI_NAME: "上云企业数", RESULT: 588, **row}
        lines.append([full.get(col) for col in KPI_SHEET_COLUMNS])
    sheets[SHEET_KPI] = lines
    return sheets


def kpi(**row) -> tuple[ReadResult, dict]:
    result = read(kpi_rows({_KPI_ARGS[k]: v for k, v in row.items()}))
    frame = result.workbook.indicators
    return result, frame.to_dict("records")[0]


_KPI_ARGS = {
    "l1": L1,
    "l2": L2,
    "unit": KPI_UNIT,
    "direction": DIRECTION,
    "target": TARGET,
    "result": RESULT,
    "prev": PREV_RESULT,
    "weight": WEIGHT,
}


# ---------------------------------------------------------------- the seed-like workbook
def test_seed_like_workbook_reads_exactly():
    result = read(seed_like_sheets())
    assert result.ok and result.problems == []
    book = result.workbook
    assert (book.unit, book.year) == (SEED_UNIT, 2024)
    assert book.info == {INFO_UNIT: SEED_UNIT, INFO_YEAR: "2024"}
    spending = book.spending
    assert list(spending.columns) == list(TABLE_COLUMNS["spending"])
    assert spending[ROW].tolist() == [2, 3, 4]
    assert spending[ACTUAL].tolist() == [D("318.2"), D("52.75"), D("258.6")]
    assert all(type(v) is Decimal for v in spending[ACTUAL])
    assert spending[BUDGET].tolist() == [D("320.5"), D(55), D(260)]
    assert spending[FUND].tolist() == [FUND_GENERAL] * 3
    kpis = book.indicators.to_dict("records")
    assert kpis[0][TARGET] == D(560) and kpis[0][RESULT] == D(588)
    assert kpis[0][PREV_RESULT] == D(520) and kpis[0][DIRECTION] == DIR_GE
    assert kpis[1][DIRECTION] == DIR_QUAL and kpis[1][RESULT_LEVEL] == QUAL_MET
    assert kpis[1][RESULT] is None and kpis[1][TARGET_TEXT] == "达成年度指标"
    assert book.texts == {SEC_FUNCTIONS: "负责全市科技和工业经济的日常运行调节。"}
    assert book.income.empty and list(book.income.columns) == list(TABLE_COLUMNS["income"])


def test_blank_is_none_never_nan():
    book = read(seed_like_sheets()).workbook
    assert book.spending[NOTE_COL].tolist() == [None, None, "专项资金"]
    assert book.indicators[WEIGHT].tolist() == [None, None]
    for frame in (book.spending, book.indicators):
        assert all(frame[c].dtype == object for c in frame.columns)
        assert not any(isinstance(v, float) and math.isnan(v) for v in frame.to_numpy().ravel())


NOTE_COL = SPENDING_HEADER[-1]


# ---------------------------------------------------------------- sheets
def test_unknown_sheet_is_a_note_and_guide_sheet_is_known():
    sheets = seed_like_sheets()
    sheets["草稿"] = [["x"]]
    sheets[SHEET_GUIDE] = [["请按说明填写"]]
    result = read(sheets)
    note = one(result, "unknown_sheet")
    assert (note.level, note.sheet) == ("note", "草稿")
    assert result.ok
    assert note in result.workbook.problems


def test_sheet_names_are_trimmed():
    sheets = seed_like_sheets()
    sheets[f" {SHEET_SPENDING} "] = sheets.pop(SHEET_SPENDING)
    result = read(sheets)
    assert result.ok and len(result.workbook.spending) == 3


@pytest.mark.parametrize("missing", [SHEET_SPENDING, SHEET_INFO])
def test_missing_required_sheet(missing):
    sheets = seed_like_sheets()
    del sheets[missing]
    result = read(sheets)
    problem = one(result, "missing_sheet")
    assert (problem.level, problem.sheet) == ("error", missing)
    assert f"缺少工作表「{missing}」" in problem.message
    assert result.workbook is None and not result.ok


def test_missing_kpi_sheet_is_a_note():
    sheets = seed_like_sheets()
    del sheets[SHEET_KPI]
    result = read(sheets)
    note = one(result, "no_indicators")
    assert note.level == "note" and "没有绩效指标，无法计算指标完成情况" in note.message
    assert result.ok and result.workbook.indicators.empty


def test_missing_optional_sheets_say_nothing():
    sheets = seed_like_sheets()
    del sheets[SHEET_TEXT]
    result = read(sheets)
    assert result.problems == [] and result.workbook.texts == {}


# ---------------------------------------------------------------- header
def test_header_below_title_rows():
    sheets = spending_rows()
    sheets[SHEET_SPENDING] = [
        ["2024年支出明细表"],
        ["单位：万元"],
        SPENDING_HEADER,
        spend(item="甲", actual=10),
        spend(item="乙", actual=20),
    ]
    result = read(sheets)
    assert result.ok
    assert result.workbook.spending[ROW].tolist() == [4, 5]
    assert result.workbook.spending[ACTUAL].tolist() == [D(10), D(20)]


@pytest.mark.parametrize(
    "title",
    [
        "全年执行数（万元）",
        "全年执行数(万元)",
        " 全年 执行数 ",
        "全年\u3000执行数",
        "全年执行数 （ 万元 ）",
    ],
)
def test_header_spellings(title):
    sheets = spending_rows(spend(actual=12.5))
    sheets[SHEET_SPENDING][0] = [*SPENDING_HEADER[:5], title, SPENDING_HEADER[6]]
    result = read(sheets)
    assert result.ok, [str(p) for p in result.problems]
    assert result.workbook.spending[ACTUAL].tolist() == [D("12.5")]


def test_sheet_not_starting_at_a1_keeps_excel_rows_and_columns():
    sheets = seed_like_sheets()
    pad = [None, None]
    sheets[SHEET_SPENDING] = [
        [],
        [],
        [*pad, *SPENDING_HEADER],
        [*pad, *spend(item="甲", actual=10)],
        [*pad, *spend(item="乙", actual="一百万")],
    ]
    result = read(sheets)
    assert result.workbook.spending[ROW].tolist() == [4, 5]
    problem = one(result, "not_a_number")
    assert (problem.sheet, problem.row, problem.column) == (SHEET_SPENDING, 5, ACTUAL)


def test_missing_column_names_sheet_and_header_row():
    sheets = seed_like_sheets()
    sheets[SHEET_SPENDING] = [["标题"], [FUND, CATEGORY, ITEM, BUDGET], spend()[:5]]
    result = read(sheets)
    problem = one(result, "missing_column")
    assert (problem.level, problem.sheet, problem.row, problem.column) == (
        "error",
        SHEET_SPENDING,
        2,
        ACTUAL,
    )
    assert "第2行" in problem.message and "缺少必填列「全年执行数」" in problem.message
    assert not result.ok and result.workbook is not None


def test_no_header_at_all():
    sheets = seed_like_sheets()
    sheets[SHEET_SPENDING] = [["随便写的"], [1, 2, 3]]
    result = read(sheets)
    problem = one(result, "missing_column")
    assert (problem.sheet, problem.row) == (SHEET_SPENDING, None)
    assert "找不到表头行" in problem.message


def test_duplicate_column_is_an_error():
    sheets = spending_rows([*spend(actual=1), 2])
    sheets[SHEET_SPENDING][0] = [*SPENDING_HEADER, "全年执行数（万元）"]
    problem = one(read(sheets), "duplicate_column")
    assert (problem.level, problem.row, problem.column) == ("error", 1, ACTUAL)
    assert "F列和H列" in problem.message


def test_unknown_column_is_a_note():
    sheets = spending_rows(["x", *spend()])
    sheets[SHEET_SPENDING][0] = ["序号", *SPENDING_HEADER]
    result = read(sheets)
    note = one(result, "unknown_column")
    assert (note.level, note.row) == ("note", 1) and "序号" in note.message
    assert result.ok


# ---------------------------------------------------------------- units
def _with_actual_header(title: str, *values) -> ReadResult:
    sheets = spending_rows(*(spend(item=f"项目{i}", actual=v) for i, v in enumerate(values)))
    sheets[SHEET_SPENDING][0] = [*SPENDING_HEADER[:5], title, SPENDING_HEADER[6]]
    return read(sheets)


def test_yuan_column_is_converted_exactly():
    result = _with_actual_header("全年执行数（元）", 1234567.89, "1,234,567.89", 100)
    assert result.ok
    assert result.workbook.spending[ACTUAL].tolist() == [
        D("123.456789"),
        D("123.456789"),
        D("0.01"),
    ]


def test_yi_yuan_column_is_converted():
    result = _with_actual_header("全年执行数(亿元)", 1.5, "0.0001")
    assert result.workbook.spending[ACTUAL].tolist() == [D(15000), D(1)]


def test_other_unit_on_amount_column_is_an_error():
    result = _with_actual_header("全年执行数（千元）", 5)
    problem = one(result, "bad_unit")
    assert (problem.level, problem.sheet, problem.row, problem.column) == (
        "error",
        SHEET_SPENDING,
        1,
        ACTUAL,
    )
    assert "千元" in problem.message


def test_unit_text_in_cell_must_match_the_column():
    result = _with_actual_header("全年执行数（万元）", "258.6万元", "100元")
    assert result.workbook.spending[ACTUAL].tolist() == [D("258.6"), None]
    problem = one(result, "bad_unit")
    assert (problem.row, problem.column) == (3, ACTUAL)


# ---------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,114.00", D("1114.00")),
        (" 258.6 ", D("258.6")),
        ("１２３．５", D("123.5")),
        ("１，１１４", D(1114)),
        (258.6, D("258.6")),
        (0.1, D("0.1")),
        (1114, D(1114)),
        (0, D(0)),
    ],
)
def test_numbers_as_numbers_or_text(cell, expected):
    result, value = actual_of(cell)
    assert result.ok
    assert value == expected and type(value) is Decimal
    assert str(value) == str(expected)


def test_not_a_number_message():
    result, value = actual_of("一百万")
    assert value is None and not result.ok
    problem = one(result, "not_a_number")
    assert str(problem) == "支出 第2行「全年执行数」：“一百万” 不是数字，请填写以万元为单位的数字"


@pytest.mark.parametrize(
    ("cell", "words"),
    [(True, "逻辑值"), (dt.datetime(2024, 1, 2), "日期"), (dt.date(2024, 5, 1), "日期")],
)
def test_booleans_and_dates_are_not_numbers(cell, words):
    result, _ = actual_of(cell)
    problem = one(result, "not_a_number")
    assert (problem.row, problem.column) == (2, ACTUAL) and words in problem.message


def test_blank_is_not_zero():
    result = read(spending_rows(spend(budget=None, actual=5), spend(budget=0, actual=5)))
    assert result.workbook.spending[BUDGET].tolist() == [None, D(0)]


def test_negative_amount_names_the_cell():
    result = read(spending_rows(spend(actual=5), spend(budget=-3, actual=5)))
    problem = one(result, "negative_amount")
    assert (problem.level, problem.sheet, problem.row, problem.column) == (
        "error",
        SHEET_SPENDING,
        3,
        BUDGET,
    )
    assert "-3" in problem.message


def test_blank_rows_are_skipped_and_rows_keep_excel_numbers():
    result = read(spending_rows(spend(actual=1), [], [None] * 7, spend(actual=2), ["", " "]))
    assert result.ok
    assert result.workbook.spending[ROW].tolist() == [2, 5]
    # white space alone, full-width included, is blank too
    result = read(spending_rows(spend(actual=1), [None, "\u3000", None, None, " \u3000 "]))
    assert result.ok and result.workbook.spending[ROW].tolist() == [2]


# ---------------------------------------------------------------- subtotals
def test_subtotal_row_is_not_data_and_matches():
    result = read(
        spending_rows(
            spend(CAT_BASIC, "人员经费", actual=10.1),
            spend(CAT_BASIC, "公用经费", actual=5.2),
            ["合计", None, None, None, None, 15.3, None],
        )
    )
    assert result.ok and result.problems == []
    assert result.workbook.spending[ROW].tolist() == [2, 3]


def test_subtotal_mismatch_is_a_warning_with_both_figures():
    result = read(
        spending_rows(
            spend(CAT_BASIC, "人员经费", actual=10.1),
            spend(CAT_BASIC, "公用经费", actual=5.2),
            [None, "小计", None, None, None, 15.4, None],
            spend(actual=7),
            ["合 计", None, None, None, None, 22.3, None],
        )
    )
    problem = one(result, "subtotal_mismatch")
    assert (problem.level, problem.row, problem.column) == ("warning", 4, ACTUAL)
    assert "15.4" in problem.message and "15.3" in problem.message
    assert result.ok and problem in result.workbook.problems
    assert result.workbook.spending[ROW].tolist() == [2, 3, 5]


def test_grand_total_after_subtotals_and_total_on_top():
    after = read(
        spending_rows(
            spend(actual=1),
            ["小计", None, None, None, None, 1, None],
            spend(actual=2),
            ["小计", None, None, None, None, 2, None],
            ["总计", None, None, None, None, 3, None],
        )
    )
    assert "subtotal_mismatch" not in codes(after)
    on_top = read(
        spending_rows(["合计", None, None, None, None, 4, None], spend(actual=1), spend(actual=2))
    )
    problem = one(on_top, "subtotal_mismatch")
    assert problem.row == 2 and "3" in problem.message and "4" in problem.message


# ---------------------------------------------------------------- formulas
def test_formula_with_cached_value_is_read():
    sheets = spending_rows(spend(actual="=1+1"))
    data = set_cached_values(build_xlsx(sheets), 2, {"F2": "258.6"})
    result = read_workbook(data)
    assert result.ok, [str(p) for p in result.problems]
    assert result.workbook.spending[ACTUAL].tolist() == [D("258.6")]


def test_formula_without_cached_value_is_an_error_naming_the_cell():
    result = read(spending_rows(spend(actual=1), spend(budget="=D3*2", actual=2)))
    problem = one(result, "formula_no_cache")
    assert (problem.level, problem.sheet, problem.row, problem.column) == (
        "error",
        SHEET_SPENDING,
        3,
        BUDGET,
    )
    assert "E3" in problem.message
    assert result.workbook.spending[BUDGET].tolist() == [None, None]


def test_row_of_only_an_uncached_formula_is_not_skipped():
    result = read(spending_rows(spend(actual=1), [None, None, None, None, None, "=F2"]))
    problem = one(result, "formula_no_cache")
    assert (problem.row, problem.column) == (3, ACTUAL)


def test_excel_error_value_is_an_error():
    data = set_cached_values(
        build_xlsx(spending_rows(spend(actual="=1/0"))), 2, {"F2": "#DIV/0!"}, error=True
    )
    problem = one(read_workbook(data), "excel_error")
    assert (problem.row, problem.column) == (2, ACTUAL) and "#DIV/0!" in problem.message


def test_formula_in_other_sheet_columns_not_read_is_ignored():
    sheets = seed_like_sheets()
    sheets["计算"] = [["=1+1"]]
    assert read(sheets).ok


# ---------------------------------------------------------------- 支出 values
def test_unknown_category():
    result = read(spending_rows(spend(category="其他支出")))
    problem = one(result, "unknown_category")
    assert (problem.row, problem.column) == (2, CATEGORY)
    assert "基本支出" in problem.message and "项目支出" in problem.message


def test_blank_category_and_actual_are_required():
    result = read(spending_rows(spend(category=None, actual=None)))
    found = {(p.code, p.column) for p in result.problems}
    assert found == {("missing_value", CATEGORY), ("missing_value", ACTUAL)}


def test_basic_spending_item_must_be_personnel_public_or_blank():
    result = read(
        spending_rows(
            spend(CAT_BASIC, "人员经费"), spend(CAT_BASIC, None), spend(CAT_BASIC, "办公楼维修")
        )
    )
    problem = one(result, "bad_item")
    assert (problem.row, problem.column) == (4, ITEM) and "办公楼维修" in problem.message
    assert result.workbook.spending[ITEM].tolist()[:2] == ["人员经费", None]


def test_fund_default_and_unknown_fund():
    result = read(spending_rows(spend(fund=None), spend(fund=FUND_GOV), spend(fund="自有资金")))
    assert result.workbook.spending[FUND].tolist()[:2] == [FUND_GENERAL, FUND_GOV]
    assert one(result, "unknown_fund").row == 4


def test_merged_category_cells_apply_to_every_row():
    sheets = spending_rows(spend(CAT_BASIC, "人员经费"), spend(None, "公用经费"))
    data = patch_sheet_xml(
        build_xlsx(sheets),
        2,
        lambda xml: xml.replace(
            "</sheetData>",
            '</sheetData><mergeCells count="1"><mergeCell ref="B2:B3"/></mergeCells>',
        ),
    )
    result = read_workbook(data)
    assert result.ok, [str(p) for p in result.problems]
    assert result.workbook.spending[CATEGORY].tolist() == [CAT_BASIC, CAT_BASIC]


def test_no_data_rows_in_spending():
    sheets = spending_rows()
    result = read(sheets)
    problem = one(result, "no_data")
    assert (problem.level, problem.sheet) == ("error", SHEET_SPENDING)
    assert problem.message.startswith("支出 表没有数据行")
    sheets[SHEET_SPENDING] = []
    assert one(read(sheets), "no_data").sheet == SHEET_SPENDING


def test_income_sheet():
    sheets = seed_like_sheets()
    sheets[SHEET_INCOME] = [
        [FUND, INCOME_ITEM, "全年收入数（元）"],
        [None, "财政拨款收入", 6_000_000],
        [None, "上年结转", "12,345"],
        ["合计", None, 6_012_345],
    ]
    result = read(sheets)
    assert result.ok
    income = result.workbook.income
    assert income[INCOME].tolist() == [D(600), D("1.2345")]
    assert income[FUND].tolist() == [FUND_GENERAL] * 2


# ---------------------------------------------------------------- 基本信息
@pytest.mark.parametrize("cell", [2024, 2024.0, "2024", "2024年", " ２０２４ ", "2024年度"])
def test_year_forms(cell):
    sheets = seed_like_sheets()
    sheets[SHEET_INFO][2][1] = cell
    result = read(sheets)
    assert result.ok and result.workbook.year == 2024


@pytest.mark.parametrize("cell", ["二〇二四", 24, "2024-01", 2024.5, True, "明年"])
def test_bad_year_names_the_cell(cell):
    sheets = seed_like_sheets()
    sheets[SHEET_INFO][2][1] = cell
    result = read(sheets)
    problem = one(result, "bad_year")
    assert (problem.sheet, problem.row, problem.column) == (SHEET_INFO, 3, INFO_VALUE)
    assert result.workbook is None


def test_missing_unit_name():
    sheets = seed_like_sheets()
    sheets[SHEET_INFO][1][1] = None
    result = read(sheets)
    problem = one(result, "missing_info")
    assert problem.sheet == SHEET_INFO and INFO_UNIT in problem.message
    assert result.workbook is None


def test_info_keeps_all_keys_stripped():
    sheets = seed_like_sheets()
    sheets[SHEET_INFO] = [
        ["填报单位基本情况"],
        [INFO_KEY, INFO_VALUE],
        [" 单位名称 ", f"  {SEED_UNIT} "],
        ["年度", 2024],
        ["编制数", 45],
        ["联系人", "张三"],
    ]
    book = read(sheets).workbook
    assert book.unit == SEED_UNIT
    assert book.info == {INFO_UNIT: SEED_UNIT, INFO_YEAR: "2024", "编制数": "45", "联系人": "张三"}


# ---------------------------------------------------------------- 绩效指标
@pytest.mark.parametrize(
    ("target", "direction", "number", "unit"),
    [
        ("≥560家", DIR_GE, D(560), "家"),
        (">=560", DIR_GE, D(560), None),
        ("＞560", DIR_GE, D(560), None),
        ("≤3%", DIR_LE, D(3), "%"),
        ("<=3％", DIR_LE, D(3), "%"),
        (Text("=100%"), DIR_EQ, D(100), "%"),
        ("＝100%", DIR_EQ, D(100), "%"),
        ("100%", DIR_GE, D(100), "%"),
        (560, DIR_GE, D(560), None),
        (" ≥ 1,200 万元", DIR_GE, D(1200), "万元"),
    ],
)
def test_target_forms(target, direction, number, unit):
    result, rec = kpi(target=target, result=600)
    assert result.ok, [str(p) for p in result.problems]
    assert (rec[DIRECTION], rec[TARGET], rec[KPI_UNIT]) == (direction, number, unit)
    assert rec[TARGET_TEXT] == str(target).strip()


def test_target_direction_conflict_names_the_cell():
    result, rec = kpi(target="≥560家", direction="≤")
    problem = one(result, "direction_conflict")
    assert (problem.sheet, problem.row, problem.column) == (SHEET_KPI, 2, TARGET)
    assert rec[DIRECTION] == DIR_LE


def test_target_unit_conflict_names_the_cell():
    result, _ = kpi(target="≥560家", unit="个")
    problem = one(result, "unit_conflict")
    assert (problem.level, problem.row, problem.column) == ("error", 2, TARGET)
    assert "家" in problem.message and "个" in problem.message


def test_agreeing_direction_and_unit_are_fine():
    result, rec = kpi(target="≥560家", direction=">=", unit="家")
    assert result.ok and rec[DIRECTION] == DIR_GE


@pytest.mark.parametrize(
    ("cell", "number", "unit"), [("588家", D(588), "家"), ("98.8%", D("98.8"), "%")]
)
def test_result_may_carry_the_unit(cell, number, unit):
    result, rec = kpi(target=f"≥90{unit}", result=cell)
    assert result.ok and (rec[RESULT], rec[KPI_UNIT], rec[RESULT_TEXT]) == (number, unit, cell)


def test_result_unit_conflict():
    result, _ = kpi(unit="家", result="588个")
    assert one(result, "unit_conflict").column == RESULT


def test_quantitative_result_must_be_a_number():
    result, rec = kpi(target="≥560", result="很多")
    problem = one(result, "not_a_number")
    assert (problem.row, problem.column) == (2, RESULT) and rec[RESULT] is None


def test_blank_result_is_an_error_and_blank_target_is_fine():
    result, _ = kpi(result=None)
    assert (one(result, "missing_value").column) == RESULT
    result, rec = kpi(target=None)
    assert result.ok and rec[TARGET] is None and rec[DIRECTION] == DIR_GE


@pytest.mark.parametrize(
    ("cell", "level"),
    [
        ("达成年度指标", QUAL_MET),
        ("部分达成年度指标并具有一定效果", QUAL_PARTIAL),
        ("未达成年度指标且效果较差", QUAL_MISSED),
        ("达成", QUAL_MET),
        (" 部分达成 ", QUAL_PARTIAL),
        ("未达成", QUAL_MISSED),
    ],
)
def test_qualitative_levels(cell, level):
    result, rec = kpi(direction=DIR_QUAL, target="达成年度指标", result=cell)
    assert result.ok
    assert (rec[RESULT_LEVEL], rec[RESULT], rec[TARGET]) == (level, None, None)
    assert rec[TARGET_TEXT] == "达成年度指标"


def test_qualitative_bad_level():
    result, rec = kpi(direction=DIR_QUAL, result="基本完成")
    problem = one(result, "bad_level")
    assert (problem.row, problem.column) == (2, RESULT) and rec[RESULT_LEVEL] is None


def test_qualitative_inferred_from_result_when_direction_blank():
    result, rec = kpi(target="有效提升", result="达成")
    assert result.ok and rec[DIRECTION] == DIR_QUAL and rec[RESULT_LEVEL] == QUAL_MET


@pytest.mark.parametrize(
    ("field", "cell", "code"),
    [("l1", "产出效果", "unknown_l1"), ("l2", "数量", None), ("l2", "效率指标", "unknown_l2")],
)
def test_indicator_levels_must_be_in_the_lists(field, cell, code):
    result, _ = kpi(**{field: cell})
    if code is None:
        assert result.ok  # a short form (数量 → 数量指标) is accepted
    else:
        problem = one(result, code)
        assert (problem.row, problem.column) == (2, _KPI_ARGS[field])


def test_unknown_direction():
    result, _ = kpi(direction="越大越好")
    assert one(result, "unknown_direction").column == DIRECTION


def test_weight():
    result, rec = kpi(weight="10分")
    assert result.ok and rec[WEIGHT] == D(10)
    result, _ = kpi(weight=-1)
    assert one(result, "negative_weight").column == WEIGHT


# ---------------------------------------------------------------- 文字说明
def test_texts_join_rows_and_warn_unknown_sections():
    sheets = seed_like_sheets()
    sheets[SHEET_TEXT] = [
        [SECTION, CONTENT],
        [SEC_PROBLEMS, "第一条"],
        [None, "第二条"],
        ["工作亮点", "不认识"],
        [SEC_PROBLEMS, "第三条"],
    ]
    result = read(sheets)
    assert result.workbook.texts == {SEC_PROBLEMS: "第一条\n第二条\n第三条"}
    problem = one(result, "unknown_section")
    assert (problem.level, problem.row, problem.column) == ("warning", 4, SECTION)
    assert result.ok and problem in result.workbook.problems


# ---------------------------------------------------------------- bad files
def _xlsx() -> bytes:
    return build_xlsx(seed_like_sheets())


def _zip_of(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "not_xlsx", "空的"),
        (b"hello world, not a workbook", "not_xlsx", "文本"),
        ("项目,内容\n单位名称,X局\n".encode(), "not_xlsx", "CSV"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not_xlsx", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not_xlsx", "旧版 .xls"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
            "not_xlsx",
            "密码",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02", "not_xlsx", ".xlsx"),
        (_xlsx()[:2000], "corrupt", "损坏"),
        (_zip_of({"word/document.xml": b"<w/>"}), "not_xlsx", "不是 Excel"),
    ],
    ids=["empty", "text", "csv", "pdf", "xls", "encrypted", "png", "truncated", "docx-like"],
)
def test_bad_files_are_refused_with_a_reason(data, code, words):
    result = read_workbook(data, "upload.xlsx")
    assert result.workbook is None and not result.ok
    problem = one(result, code)
    assert problem.level == "error" and words in problem.message
    assert result.source == "upload.xlsx"


def test_too_large_is_refused(monkeypatch):
    assert MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    data = _xlsx()
    monkeypatch.setattr(safezip, "MAX_UPLOAD_BYTES", len(data) - 1)
    problem = one(read_workbook(data), "too_large")
    assert "文件太大" in problem.message


def test_unexpected_failure_becomes_a_problem(monkeypatch):
    def boom(*args):
        raise RuntimeError("bug")

    monkeypatch.setattr(contract, "read_book", boom)
    result = read_workbook(_xlsx())
    assert result.workbook is None and one(result, CODE_READER_FAILED).level == "error"


def test_reader_panic_becomes_a_problem(monkeypatch):
    class PanicLike(BaseException):  # what a pyo3 panic in the Rust reader looks like
        pass

    def panic(*args):
        raise PanicLike("boom")

    monkeypatch.setattr(contract, "read_book", panic)
    assert one(read_workbook(_xlsx()), CODE_READER_FAILED).level == "error"


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(safezip, "MAX_SHEET_ROWS", 3)
    result = read(spending_rows(spend(item="甲"), spend(item="乙"), spend(item="丙")))
    problem = one(result, "too_many_rows")
    assert (problem.level, problem.sheet) == ("error", SHEET_SPENDING)
    assert result.workbook.spending[ROW].tolist() == [2, 3]


def test_read_path(tmp_path):
    path = tmp_path / "单位.xlsx"
    path.write_bytes(_xlsx())
    result = read_path(path)
    assert result.ok and result.source == str(path)
    missing = read_path(tmp_path / "无.xlsx")
    assert missing.workbook is None and one(missing, "file_not_found").level == "error"
    directory = read_path(tmp_path)
    assert directory.workbook is None and directory.errors


# ---------------------------------------------------------------- never raises
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data):
    result = read_workbook(data)
    assert result.workbook is None and result.errors
    assert not _reader_failed(result)


def _reader_failed(result: ReadResult) -> list[str]:
    """The reader's catch-all problem: the reader did raise, and only its promise hid it."""
    return [p.message for p in result.problems if p.code == CODE_READER_FAILED]


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
        st.integers(min_value=-(10**12), max_value=10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
    )
)
def test_any_amount_cell_is_a_decimal_or_an_error(cell):
    result, value = actual_of(cell)
    assert value is None or (type(value) is Decimal and value >= 0)
    assert not _reader_failed(result)
    if value is None:
        assert result.errors


_ZIP = _xlsx()


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=30, max_value=len(_ZIP) - 1), st.integers(0, 255))
def test_corrupted_bytes_never_raise(position, byte):
    data = bytearray(_ZIP)
    data[position] = byte
    result = read_workbook(bytes(data))
    assert isinstance(result, ReadResult) and not _reader_failed(result)


# ---- fast paths of the reader (issue 5): each must agree with the plain way it replaces
_XML_PIECES = (
    b'<c r="A1">',
    b'<c r="XFD1048576"/>',
    b'<c r="B2" t="s"><v>1</v></c>',
    b"<c>",
    b"<c/>",
    b"</c>",
    b"<c ",
    b'<x:c r="C3">',
    b'<row r="5">',
    b"</row>",
    b"<row>",
    b"<",
    b">",
    b"/",
    b' r="AA12345678"',
    b'<col r="A1">',
    b'<c s="1">',
    b'<c r="D4" x="<">',
    b'<c\tr="E5"/>',
    b'<c r="F6" r="G7">',
    b'<c r="H8" / >',
    b"<f>",
    b"f ",
    b't="e"',
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from((*_XML_PIECES, b"f" * 600)), max_size=14))
def test_formula_hint_agrees_with_plain_searches(pieces):
    xml = b"".join(pieces)
    plain = any(part in xml for part in (b"f>", b"f ", b"f/", b't="e"'))
    assert sheets._maybe_formulas(xml) == plain


def test_memoised_text_functions_match_their_plain_form():
    for text in ("  一般公共预算 ", "ｔｏｔａｌ（元）", "合 计", "a\u200bb", " \x00 ", "x" * 100):
        assert values.squash(text) == values.WS.sub("", values.nfkc(text))
        assert values.clean_text(text) == values._clean(text)


# ---------------------------------------------------------------- percentage number formats
# 98.8% typed into Excel is stored as 0.988 with a percentage format: in 年度指标值, 实际完成值
# and 上年完成值 such a number is read as typed (98.8, unit %); 绩效指标 row 2 is the first row.
def kpi_pct(formats: dict[str, str], sheets: dict | None = None, **row) -> tuple[ReadResult, dict]:
    sheets = sheets or kpi_rows({_KPI_ARGS[k]: v for k, v in row.items()})
    result = read_workbook(build_xlsx(sheets, {SHEET_KPI: formats}), "pct.xlsx")
    frame = result.workbook.indicators
    return result, frame.to_dict("records")[0]


def test_percent_formatted_result_is_read_as_typed():
    result, rec = kpi_pct({"G2": "0.0%"}, target="≥90%", result=0.988)
    assert result.problems == []
    assert (rec[RESULT], rec[KPI_UNIT], rec[RESULT_TEXT]) == (D("98.8"), "%", "98.8%")
    assert str(rec[RESULT]) == "98.8"  # exactly as typed, not 98.800 or 98.80000000000001


def test_percent_formatted_result_is_met_end_to_end():
    sheets = kpi_rows({TARGET: "≥90%", RESULT: 0.988, WEIGHT: 10})
    data = build_xlsx(sheets, {SHEET_KPI: {"G2": "0.0%"}})
    history = pipeline.history_from_results([read_workbook(data, "pct.xlsx")])
    row = pipeline.model_for(history).indicators.iloc[0]
    assert (row[STATUS], row[SCORE]) == (STATUS_MET, D("10.00"))
    assert "98.8%" in pipeline.report_text(pipeline.model_for(history))


@pytest.mark.parametrize(
    ("number_format", "builtin", "cell", "number"),
    [("0%", 9, 0.95, D(95)), ("0.00%", 10, 0.9876, D("98.76")), ("0%", 9, 1, D(100))],
)
def test_builtin_percent_formats(number_format, builtin, cell, number):
    data = build_xlsx(kpi_rows({TARGET: "≥90%", RESULT: cell}), {SHEET_KPI: {"G2": number_format}})
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml")
    assert f'numFmtId="{builtin}"'.encode() in styles and b"formatCode" not in styles
    result = read_workbook(data)
    rec = result.workbook.indicators.to_dict("records")[0]
    assert result.problems == [] and (rec[RESULT], rec[KPI_UNIT]) == (number, "%")
    assert rec[RESULT_TEXT] == f"{number}%"  # 100%, never 1E+2%


def test_percent_formatted_target_and_previous_result():
    formats = {"F2": "0%", "G2": "0.0%", "H2": "0.0%"}
    result, rec = kpi_pct(formats, direction="≥", target=0.9, result=0.988, prev=0.93)
    assert result.problems == []
    assert (rec[TARGET], rec[RESULT], rec[PREV_RESULT]) == (D(90), D("98.8"), D(93))
    assert (rec[DIRECTION], rec[KPI_UNIT], rec[TARGET_TEXT]) == (DIR_GE, "%", "90%")


def test_percent_formatted_cell_against_another_unit_is_a_unit_conflict():
    result, _ = kpi_pct({"G2": "0.0%"}, unit="家", target="≥560", result=0.988)
    problem = one(result, "unit_conflict")
    assert (problem.level, problem.sheet, problem.row, problem.column) == (
        "error",
        SHEET_KPI,
        2,
        RESULT,
    )
    assert (
        "98.8%" in problem.message and "G2" in problem.message and "百分比格式" in problem.message
    )
    result, _ = kpi_pct({"F2": "0%"}, unit="家", target=5.6, result=588)
    problem = one(result, "unit_conflict")
    assert (problem.row, problem.column) == (2, TARGET) and "F2" in problem.message


@pytest.mark.parametrize("number_format", ["0.00", "General", '0.0"%"', "0.0\\%", "#,##0_%"])
def test_number_without_a_percentage_format_stays_as_is(number_format):
    result, rec = kpi_pct({"G2": number_format}, target="≥0.9", result=0.988)
    assert result.problems == [] and (rec[RESULT], rec[KPI_UNIT]) == (D("0.988"), None)


def test_text_percent_in_a_percent_formatted_cell_is_read_as_written():
    result, rec = kpi_pct({"G2": "0.0%"}, target="≥90%", result="98.8%")
    assert result.problems == [] and (rec[RESULT], rec[KPI_UNIT]) == (D("98.8"), "%")


def test_percent_format_on_other_columns_and_sheets_is_ignored():
    # 分值 is a number of points; an amount is 万元 whatever its cell shows: both read as stored
    sheets = kpi_rows({TARGET: "≥560家", RESULT: 588, WEIGHT: 0.5})
    sheets[SHEET_SPENDING][1][5] = 0.5  # 全年执行数 (F2) of 人员经费
    formats = {SHEET_KPI: {"I2": "0%"}, SHEET_SPENDING: {"F2": "0%"}}
    result = read_workbook(build_xlsx(sheets, formats))
    assert result.ok and result.problems == []
    assert result.workbook.indicators.iloc[0][WEIGHT] == D("0.5")
    assert result.workbook.spending.iloc[0][ACTUAL] == D("0.5")


def test_percent_format_follows_the_header_when_the_sheet_does_not_start_at_a1():
    sheets = seed_like_sheets()
    header = [None, *KPI_SHEET_COLUMNS]
    row = [None, L1_OUTPUT, None, "满意率", None, None, "≥90%", 0.988]
    sheets[SHEET_KPI] = [[], header, row]  # header on row 2 from column B: 实际完成值 is H3
    result, rec = kpi_pct({"H3": "0.0%"}, sheets)
    assert result.problems == [] and (rec[ROW], rec[RESULT], rec[KPI_UNIT]) == (3, D("98.8"), "%")


@pytest.mark.parametrize(
    "edit",
    [
        lambda xml: None,  # no styles.xml at all
        lambda xml: xml[: len(xml) // 2],  # cut short: malformed XML
        lambda xml: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + xml.split("?>", 1)[-1],
        lambda xml: xml.replace('numFmtId="9"', 'numFmtId="x"'),
    ],
)
def test_unreadable_styles_never_raise(edit):
    data = build_xlsx(kpi_rows({TARGET: "≥0.9", RESULT: 0.988}), {SHEET_KPI: {"G2": "0%"}})
    result = read_workbook(patch_part(data, "xl/styles.xml", edit))
    if result.ok:  # the values are then read as stored
        assert result.workbook.indicators.iloc[0][RESULT] == D("0.988")
    else:
        assert {p.code for p in result.problems} <= {"corrupt"}


@pytest.mark.parametrize(
    ("code", "percent"),
    [
        ("0%", True),
        ("0.0%;-0.0%", True),
        ("[Red]0.00%", True),
        ('"增长"0.0%', True),
        ('0.0"%"', False),
        ("0.0\\%", False),
        ("0.0_%", False),
        ("0*%", False),
        ("[$%-804]0.00", False),
        ("0.00", False),
    ],
)
def test_percent_format_codes(code, percent):
    assert sheets._is_percent_format(code) is percent


def test_styled_cells_are_found_in_either_attribute_order():
    xml = b'<c r="G2" s="3" t="n"><v>1</v></c><c s="3" r="H2"/><c r="F2" s="4"/><c s="3">'
    assert sheets._scan_percent_cells(xml, frozenset({3})) == {(2, 6), (2, 7)}


class _Parts(dict):
    def read(self, name: str) -> bytes:
        return self[name]


@pytest.mark.parametrize(
    ("styles", "expected"),
    [
        (None, set()),  # no styles.xml
        (b'<styleSheet><cellXfs><xf numFmtId="9"/>', set()),  # malformed
        (b'<!DOCTYPE s><styleSheet><cellXfs><xf numFmtId="9"/></cellXfs></styleSheet>', set()),
        (b'<styleSheet><cellXfs><xf numFmtId="0"/><xf/></cellXfs></styleSheet>', set()),
        (
            b'<s:styleSheet xmlns:s="urn:x"><s:numFmts><s:numFmt numFmtId="164" formatCode="0.0%"/>'
            b'<s:numFmt numFmtId="9" formatCode="0.0"/></s:numFmts><s:cellXfs><s:xf numFmtId="9"/>'
            b'<s:xf numFmtId="164"/><s:xf numFmtId="10"/><s:xf numFmtId=" x"/></s:cellXfs>'
            b"</s:styleSheet>",
            {1, 2},  # a custom 0.0%, a redefined id 9 that is no percentage, built-in 10
        ),
    ],
)
def test_percent_styles_from_styles_xml(styles, expected):
    parts = _Parts() if styles is None else _Parts({"xl/styles.xml": styles})
    assert sheets.percent_styles(parts) == expected
