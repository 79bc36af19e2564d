"""The 部门决算 tables: figures read from the corpus of tests/accounts_corpus.py (worked out by
hand there), the checks of class and 合计 rows, and the refusals with their messages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval.readers import read_workbook
from perfeval.readers.combine import FIG_INCOME, FIG_TOTAL
from perfeval.schema import (
    ACTUAL,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    FUND,
    FUND_GENERAL,
    INCOME,
    INCOME_ITEM,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    ROW,
    ReadResult,
    records,
)
from tests import accounts_corpus as ac
from tests.xlsx_factory import build_xlsx

D = Decimal


def read(*sheets, **kwargs) -> ReadResult:
    overrides = {k: kwargs.pop(k) for k in ("unit", "year") if k in kwargs}
    return read_workbook(ac.book_bytes(*sheets, **kwargs), "决算.xlsx", **overrides)


def lines(result: ReadResult) -> list[tuple]:
    return [(r[CATEGORY], r[ITEM], r[ACTUAL], r[ROW]) for r in records(result.workbook.spending)]


def claims(result: ReadResult) -> dict[str, tuple[Decimal, str]]:
    return {c.figure: (c.value, c.where) for p in result.parts for c in p.claims}


def only(result: ReadResult, code: str):
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, [f"{p.code}: {p}" for p in result.problems]
    return found[0]


# ---------------------------------------------------------------- 支出决算表
def test_single_code_column_total_first_counts_leaves_only():
    result = read(ac.expenditure_single_code())
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    wb = result.workbook
    assert (wb.unit, wb.year) == ("常宁市科技和工业信息化局", 2024)
    # 基本支出: leaves 2080501 1 000 000 + 2080505 600 000 + 2150501 5 865 800 + 2210201 500 000
    # = 7 965 800 元 = 796.58 万元, on the 合计 row 7; never class 215 and its leaves both.
    assert lines(result) == [
        (CAT_BASIC, None, D("796.58"), 7),
        (CAT_PROJECT, "科技成果转化与扩散", D("577.2"), 10),
        (CAT_PROJECT, "其他科学技术支出", D("519.74"), 12),
        (CAT_PROJECT, "其他工业和信息产业监管支出", D("4350.71"), 20),
        (CAT_PROJECT, "中小企业发展专项", D("120"), 22),
        (CAT_PROJECT, "其他支持中小企业发展和管理支出", D("809.79"), 23),
    ]
    assert claims(result) == {
        CAT_BASIC: (D("796.58"), "支出决算表 D7"),
        CAT_PROJECT: (D("6377.44"), "支出决算表 E7"),
        FIG_TOTAL: (D("7174.02"), "支出决算表 C7"),
    }
    assert [p.label for p in result.parts] == ["支出决算表（公开03表，金额单位：元）"]


def test_three_code_columns_text_amounts_total_last():
    result = read(ac.expenditure_three_codes())
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    assert (result.workbook.unit, result.workbook.year) == ("南漳县招商服务中心", 2019)
    # 2 815 402.17 + 312 480.00 + 98 765.43 + 187 500.00 = 3 414 147.60 元; 招商引资 1 416 611.39
    assert lines(result) == [
        (CAT_BASIC, None, ac.NANZHANG_BASIC, 20),
        (CAT_PROJECT, "招商引资", ac.NANZHANG_PROJECT, 10),
    ]
    assert claims(result)[FIG_TOTAL] == (D("483.0758990000"), "Sheet1 E20")


def test_class_not_repeated_carries_over_from_the_row_above():
    bare = [
        (c if k is None else None, k if x is None else None, x, n, b, p)
        for c, k, x, n, b, p in ac.NANZHANG_EXPENDITURE
    ]
    assert bare[2][:3] == (None, None, "01")  # 项 row shows only its 项
    result = read(ac.expenditure_three_codes(bare))
    assert result.ok, [str(p) for p in result.problems]
    assert lines(result) == [
        (CAT_BASIC, None, ac.NANZHANG_BASIC, 20),
        (CAT_PROJECT, "招商引资", ac.NANZHANG_PROJECT, 10),
    ]


def test_class_row_differing_from_its_leaves_is_a_warning_and_leaves_count():
    changed = list(ac.NANZHANG_EXPENDITURE)
    changed[1] = ("201", "13", None, "商贸事务", "2815402.18", "1416611.39")  # 款 row 1 分 more
    result = read(ac.expenditure_three_codes(changed))
    assert result.ok
    found = {p.column: p for p in result.problems if p.code == "class_sum"}
    assert sorted(found) == ["基本支出", "本年支出合计"]  # the row's own total is 1 分 more too
    warning = found["基本支出"]
    assert (warning.level, warning.sheet, warning.row, warning.column) == (
        "warning",
        "Sheet1",
        8,
        "基本支出",
    )
    assert (
        "20113 商贸事务为2,815,402.18元，其下各项合计2,815,402.17元，相差0.01元" in warning.message
    )
    assert lines(result)[0][2] == ac.NANZHANG_BASIC


def test_other_spending_columns_are_named_not_counted():
    name, rows, merges = ac.expenditure_single_code()
    for row in (7, 17, 18, 19):  # 合计, class 215, 款 21505, leaf 2150501: 经营支出 in column G
        rows[row - 1][6] = 12_345.67
    result = read((name, rows, merges))
    assert result.ok
    warning = only(result, "other_spending")
    assert warning.level == "warning" and warning.column == "经营支出"
    assert warning.message.startswith("「经营支出」共12,345.67元，不属于基本支出或项目支出，未计入")
    assert sum(r[2] for r in lines(result)) == D("7174.02")


def test_shifted_table_reads_the_same_figures():
    plain = read(ac.expenditure_single_code())
    shifted = read(ac.expenditure_single_code(), top=4, left=3)
    assert shifted.ok, [str(p) for p in shifted.problems]
    assert [(c, i, a) for c, i, a, _ in lines(shifted)] == [
        (c, i, a) for c, i, a, _ in lines(plain)
    ]
    assert claims(shifted)[CAT_BASIC] == (D("796.58"), "支出决算表 F10")


# ---------------------------------------------------------------- 基本支出决算明细表
def test_basic_table_three_groups_one_list():
    result = read(ac.basic_three_groups())
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    # 人员经费 301 5 998 100 + 303 900 000 = 6 898 100 元; 公用经费: 302 leaves in groups 2 and 3
    # (997 700) + 31002 70 000 = 1 067 700 元
    assert lines(result) == [
        (CAT_BASIC, ITEM_PERSONNEL, D("689.81"), 16),
        (CAT_BASIC, ITEM_PUBLIC, D("106.77"), 16),
    ]
    assert claims(result) == {
        ITEM_PERSONNEL: (D("689.81"), "基本支出决算明细表 C16"),
        ITEM_PUBLIC: (D("106.77"), "基本支出决算明细表 I16"),
        CAT_BASIC: (D("796.58"), "基本支出决算明细表 C16+I16"),
    }
    assert (
        result.parts[0].label == "一般公共预算财政拨款基本支出决算明细表（公开06表，金额单位：元）"
    )


def test_basic_table_total_cell_differing_is_a_warning():
    result = read(ac.basic_three_groups(totals=(6_898_100, 1_067_800)))
    warning = only(result, "class_sum")
    assert (warning.row, warning.column) == (16, "公用经费合计")
    assert "公用经费合计（I16）为1,067,800.00元，各科目合计1,067,700.00元，相差100.00元" in (
        warning.message
    )
    assert lines(result)[1][2] == D("106.77")


def test_basic_class_row_differing_from_items_continuing_in_next_group():
    public = list(ac.SEED_PUBLIC)
    public[0] = ("302", "商品和服务支出", 997_600)  # its items run on into group 3
    result = read(ac.basic_three_groups(public=public, totals=(6_898_100, 1_067_700)))
    warning = only(result, "class_sum")
    assert warning.row == 6 and "302 商品和服务支出为997,600.00元，其下各项合计997,700.00元" in (
        warning.message
    )


def test_basic_table_by_function_class_columns():
    """The variant with 人员经费 | 公用经费 as columns over 功能分类 rows: leaves summed per column."""
    result = read(ac.basic_by_function())
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    assert lines(result) == [
        (CAT_BASIC, ITEM_PERSONNEL, D("689.81"), 5),
        (CAT_BASIC, ITEM_PUBLIC, D("106.77"), 5),
    ]
    assert claims(result)[CAT_BASIC] == (D("796.58"), "基本支出决算表 D5+E5")


def test_groups_of_function_codes_are_refused_not_misread():
    """科目编码 groups holding 功能分类 codes cannot be split into 人员/公用经费: refused."""
    functions = [(c, n, b) for c, n, b, _ in ac.SEED_EXPENDITURE if len(c) == 7]
    result = read(
        ac.basic_three_groups(personnel=functions[:2], public=functions[2:], totals=(1, 1))
    )
    error = only(result, "not_economic_codes")
    assert not result.ok and error.row == 6 and "不是支出经济分类科目编码" in error.message


# ---------------------------------------------------------------- 收入支出决算总表
def test_summary_income_lines_not_carry_over():
    result = read(ac.summary_table())
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    income = [(r[FUND], r[INCOME_ITEM], r[INCOME], r[ROW]) for r in records(result.workbook.income)]
    assert income == [
        (FUND_GENERAL, "一般公共预算财政拨款收入", D("440.55"), 7),
        (None, "上级补助收入", D("10.00"), 9),
        (None, "其他收入", D("32.53"), 13),
    ]  # zero lines left out; 年初结转和结余 (5.12) is not 收入
    assert claims(result) == {
        FIG_TOTAL: (D("483.08"), "收入支出决算总表 F14"),
        FIG_INCOME: (D("483.08"), "收入支出决算总表 C14"),
    }
    assert len(result.workbook.spending) == 0


def test_summary_income_total_differing_is_a_warning():
    result = read(ac.summary_table(income_total="483.18"))
    warning = only(result, "total_mismatch")
    assert warning.row == 14 and "本年收入合计为483.18万元，各收入项目合计483.08万元" in (
        warning.message
    )


# ---------------------------------------------------------------- 项目支出决算表
def test_projects_table_strips_codes_and_sums():
    result = read(ac.projects_table())
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    rows = lines(result)
    assert rows[0] == (CAT_PROJECT, "高新技术企业奖励资金", D("258.6"), 6)
    assert sum(r[2] for r in rows) == D("6377.44") and len(rows) == 10
    assert records(result.workbook.spending)[0]["备注"] == "项目编码 43048221R000000000101"


# ---------------------------------------------------------------- several tables, one book
def test_one_book_two_tables_detail_wins():
    result = read(ac.expenditure_single_code(), ac.basic_three_groups())
    assert result.ok, [str(p) for p in result.problems]
    assert lines(result)[:2] == [
        (CAT_BASIC, ITEM_PERSONNEL, D("689.81"), 16),
        (CAT_BASIC, ITEM_PUBLIC, D("106.77"), 16),
    ]
    assert sum(r[2] for r in lines(result)) == D("7174.02")
    assert len(result.parts) == 2


def test_one_book_two_tables_disagreeing_by_a_cent_is_an_error():
    personnel = list(ac.SEED_PERSONNEL)
    personnel[0] = ("301", "工资福利支出", 5_998_100.01)
    personnel[1] = ("30101", "基本工资", 2_101_200.01)
    result = read(ac.expenditure_single_code(), ac.basic_three_groups(personnel=personnel))
    assert not result.ok
    error = only(result, "sources_disagree")
    assert error.message.startswith(
        "「基本支出」两处不一致：决算.xlsx（支出决算表 D7）为7,965,800.00元，"
        "决算.xlsx（基本支出决算明细表 C16+I16）为7,965,800.01元，相差0.01元"
    ), error.message


# ---------------------------------------------------------------- refusals
def test_no_money_unit_is_refused():
    result = read(ac.expenditure_single_code(money_unit=None))
    error = only(result, "no_money_unit")
    assert not result.ok and result.workbook is None
    assert error.sheet == "支出决算表" and "金额单位：元" in error.message
    assert "不能猜测" in error.message


def test_no_unit_asks_for_it_and_takes_it_when_given():
    result = read(ac.expenditure_single_code(unit=None))
    error = only(result, "no_unit")
    assert not result.ok and "请在上传页填写单位名称" in error.message and "--unit" in error.message
    given = read(ac.expenditure_single_code(unit=None), unit="常宁市科技和工业信息化局")
    assert given.ok and given.workbook.unit == "常宁市科技和工业信息化局"


def test_no_year_never_taken_from_the_signature_date():
    result = read(ac.summary_table(year=None))  # the note and signature say 2025年3月
    error = only(result, "no_year")
    assert "--year" in error.message and result.workbook is None
    assert read(ac.summary_table(year=None), year=2019).workbook.year == 2019


def test_header_missing_says_what_was_looked_for():
    name, rows, merges = ac.expenditure_single_code()
    rows[3] = ["项目", None, "本年支出合计", "基本", "项目"]
    result = read((name, rows, merges))
    error = only(result, "header_not_found")
    assert "识别为「支出决算表」，但未找到「基本支出」「项目支出」表头" in error.message


def test_other_decision_tables_are_not_read_as_these():
    """`财政拨款收入支出决算总表` is not the 收入支出决算总表: nothing is read from it."""
    name, rows, merges = ac.summary_table()
    rows[1] = ["财政拨款收入支出决算总表"]
    result = read((name, rows, merges))
    assert result.workbook is None and not result.parts


def test_two_sheets_of_different_units_are_an_error():
    other = ac.basic_three_groups(unit="常宁市发展和改革局")
    result = read(ac.expenditure_single_code(), other)
    error = only(result, "单位_conflict")
    assert "常宁市科技和工业信息化局" in error.message and "常宁市发展和改革局" in error.message


@pytest.mark.parametrize("value", ["一百万", "12.3万"], ids=["words", "wan-in-a-yuan-table"])
def test_bad_amounts_name_the_cell(value):
    name, rows, merges = ac.expenditure_single_code()
    rows[7][3] = value  # D8: 206 科学技术支出 基本支出
    result = read((name, rows, merges))
    error = next(p for p in result.problems if p.level == "error")
    assert error.row == 8 and error.column == "基本支出" and error.message.startswith("D8：")


def test_template_workbook_is_still_read_by_the_contract():
    from tests.xlsx_factory import seed_like_sheets

    result = read_workbook(build_xlsx(seed_like_sheets()), "模板.xlsx")
    assert result.ok and [p.kind for p in result.parts] == ["template"]


@pytest.mark.parametrize(
    "caption", ["表1 收入支出决算总表", "附表1：收入支出决算总表", "表一、收入支出决算总表"]
)
def test_a_numbered_caption_before_the_title_is_the_same_table(caption):
    name, rows, merges = ac.summary_table()
    rows[1][0] = caption
    result = read((name, rows, merges))
    assert result.ok, [str(p) for p in result.problems]
    assert claims(result)[FIG_TOTAL][0] == D("483.08")
