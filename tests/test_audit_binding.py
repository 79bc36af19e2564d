"""Binding (audit.md, "Binding"): a figure is compared only with the quantity its words name,
every qualifier counted; a share has its own numerator; each figure's verdict stands alone.

The unit below, worked out by hand (万元):
  2024 spending  一般公共预算: 人员经费 300.00, 公用经费 50.00, 文化惠民工程 100.00 → 450.00
                 政府性基金预算: 文旅设施建设 50.00 → 50.00;   支出合计 500.00, 基本 350.00, 项目 150.00
  2023 spending  人员经费 280.00, 公用经费 60.00, 文化惠民工程 90.00, 文旅设施建设 30.00 → 460.00
  2024 income    一般公共预算 财政拨款收入 430.00, 事业收入 10.00, 上年财政拨款结转 20.00;
                 政府性基金预算 财政拨款收入 50.00 → 收入总计 510.00, 本年收入合计 490.00,
                 财政拨款收入 480.00, 财政拨款收入总计 (with its 结转) 500.00
  indicator      举办文化活动场次: 120场 (上年完成值 100场, 年度指标值 110场); 群众满意度 96% (上年 93%)
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval import audit
from perfeval.model.figures import build_model
from perfeval.schema import (
    FUND,
    FUND_GENERAL,
    FUND_GOV,
    INCOME,
    INCOME_ITEM,
    KPI_UNIT,
    PREV_RESULT,
    ROW,
    TABLE_COLUMNS,
    make_table,
)
from tests.builders import basic, indicator, line, project, workbook

UNIT = "某市文化和旅游局"


def _income(rows: list[tuple[str, str, str]]):
    records = [
        {ROW: i + 3, FUND: f, INCOME_ITEM: item, INCOME: Decimal(v)}
        for i, (f, item, v) in enumerate(rows)
    ]
    return make_table(records, TABLE_COLUMNS["income"])


@pytest.fixture(scope="module")
def facts() -> audit.Facts:
    this_year = workbook(
        UNIT,
        2024,
        [
            basic("人员经费", "300.00", "310"),
            basic("公用经费", "50.00", "55"),
            project("文化惠民工程", "100.00", "120"),
            line("项目支出", "文旅设施建设", "50.00", "50", fund=FUND_GOV),
        ],
        [
            indicator(
                "举办文化活动场次", "110", "120", **{KPI_UNIT: "场", PREV_RESULT: Decimal(100)}
            ),
            indicator("群众满意度", "90", "96", **{KPI_UNIT: "%", PREV_RESULT: Decimal(93)}),
        ],
    )
    this_year.income = _income(
        [
            (FUND_GENERAL, "财政拨款收入", "430.00"),
            (FUND_GENERAL, "事业收入", "10.00"),
            (FUND_GENERAL, "上年财政拨款结转", "20.00"),
            (FUND_GOV, "财政拨款收入", "50.00"),
        ]
    )
    last_year = workbook(
        UNIT,
        2023,
        [
            basic("人员经费", "280.00"),
            basic("公用经费", "60.00"),
            project("文化惠民工程", "90.00"),
            line("项目支出", "文旅设施建设", "30.00", fund=FUND_GOV),
        ],
    )
    return audit.facts_from_model(build_model({2023: last_year, 2024: this_year}, 2024))


def _rows(text: str, facts: audit.Facts) -> dict[str, audit.Row]:
    return {r.figure: r for r in audit.audit([audit.Paragraph("第1段", text)], facts)}


def _verdict(text: str, facts: audit.Facts, figure: str) -> tuple[str, str]:
    row = _rows(text, facts)[figure]
    return row.verdict, row.expected


# ---------------------------------------------------------------- every qualifier counts


def test_a_qualified_total_is_its_own_quantity(facts) -> None:
    assert _verdict("财政拨款收入总计500.00万元。", facts, "500.00万元") == ("一致", "")
    assert _verdict("财政拨款收入总计510.00万元。", facts, "510.00万元") == ("不一致", "500.00万元")
    assert _verdict("财政拨款收入480.00万元。", facts, "480.00万元") == ("一致", "")
    assert _verdict("一般公共预算支出450.00万元。", facts, "450.00万元") == ("一致", "")
    assert _verdict("政府性基金预算支出50.00万元。", facts, "50.00万元") == ("一致", "")
    assert _verdict("一般公共预算支出500.00万元。", facts, "500.00万元") == ("不一致", "450.00万元")
    assert _verdict("本年收入合计490.00万元。", facts, "490.00万元") == ("一致", "")
    assert _verdict("本年收入500.00万元。", facts, "500.00万元") == ("不一致", "490.00万元")


@pytest.mark.parametrize(
    "text",
    [
        "一般公共预算财政拨款支出460.00万元。",  # the data does not split spending by its source
        "财政拨款支出总计460.00万元。",
        "文化旅游体育与传媒支出决算为460.00万元。",  # one class, not the total
        "文化和旅游（款）文化活动（项）支出460.00万元。",
        "2070109群众文化支出460.00万元。",
        "“三公”经费支出合计4.60万元。",
    ],
)
def test_a_quantity_the_data_does_not_split_by_is_not_checkable(facts, text) -> None:
    [row] = _rows(text, facts).values()
    assert row.verdict == "无法核对", (row.basis, row.expected)
    assert row.basis  # says what it lacked


def test_words_that_may_mean_two_totals_agree_with_either_and_alarm_with_neither(facts) -> None:
    # 收入合计: 510.00 with the 上年结转, 490.00 without; 支出总计: 500.00, or 收入总计 510.00.
    for text, figure in (
        ("收入合计510.00万元。", "510.00万元"),
        ("收入合计490.00万元。", "490.00万元"),
    ):
        assert _verdict(text, facts, figure) == ("一致", "")
    assert _verdict("收入合计600.00万元。", facts, "600.00万元") == ("无法核对", "")
    assert _verdict("支出总计510.00万元。", facts, "510.00万元") == ("一致", "")
    assert _verdict("支出总计500.00万元。", facts, "500.00万元") == ("一致", "")


# ---------------------------------------------------------------- a share's numerator and base


def test_a_share_is_its_subjects_part_of_the_base_it_names(facts) -> None:
    text = "项目支出150.00万元，占支出合计的{}。"
    assert _verdict(text.format("30.0%"), facts, "30.0%") == ("一致", "")  # 150 ÷ 500
    assert _verdict(text.format("40.0%"), facts, "40.0%") == ("不一致", "30.0%")
    assert _verdict("基本支出占支出合计的70%。", facts, "70%") == ("一致", "")
    row = _rows("基本支出占支出合计的80%。", facts)["80%"]
    assert (row.verdict, row.expected) == ("不一致", "70%")
    assert "基本支出350.00万元 ÷ 支出合计500.00万元" in row.basis


def test_a_share_of_a_base_written_in_the_text_uses_the_text(facts) -> None:
    text = "一般公共预算财政拨款支出400.00万元，其中：基本支出300.00万元，占75%；项目支出100.00万元，占{}。"
    assert _verdict(text.format("25%"), facts, "25%") == ("一致", "")
    assert _verdict(text.format("35%"), facts, "35%") == ("不一致", "25%")


# ---------------------------------------------------------------- each claim on its own


def test_a_wrong_amount_does_not_hide_a_wrong_rate_after_it(facts) -> None:
    rows = _rows("支出合计520.00万元，比上年增加40.00万元，增长9.5%。", facts)
    assert (rows["520.00万元"].verdict, rows["520.00万元"].expected) == ("不一致", "500.00万元")
    assert rows["40.00万元"].verdict == "一致"  # 500.00 − 460.00
    assert (rows["9.5%"].verdict, rows["9.5%"].expected) == ("不一致", "8.7%")  # 40 ÷ 460


def test_an_unbound_amount_leaves_the_texts_own_arithmetic(facts) -> None:
    text = "一般公共预算财政拨款支出500.00万元，比上年增加40.00万元，增长{}。"
    rows = _rows(text.format("8.7%"), facts)  # 40 ÷ (500 − 40) = 8.696 %
    assert [rows[f].verdict for f in ("500.00万元", "40.00万元", "8.7%")] == ["一致"] * 3
    assert all(rows[f].basis.startswith("文中") for f in rows)  # never 支出合计's data
    assert _verdict(text.format("9.7%"), facts, "9.7%") == ("不一致", "8.7%")


# ---------------------------------------------------------------- indicators: 上年完成值


def test_an_indicators_change_uses_its_previous_result(facts) -> None:
    text = "全年举办文化活动场次120场，比上年增加20场，增长{}。"
    rows = _rows(text.format("20%"), facts)  # (120 − 100) ÷ 100
    assert rows["120场"].verdict == "一致" and rows["20%"].verdict == "一致"
    assert _verdict(text.format("25%"), facts, "25%") == ("不一致", "20%")
    text = "群众满意度96%，比上年提高{}个百分点。"
    assert _verdict(text.format(3), facts, "3个百分点") == ("一致", "")
    assert _verdict(text.format(5), facts, "5个百分点") == ("不一致", "3个百分点")


def test_coordinated_names_share_their_qualifiers(facts) -> None:
    # 财政拨款收入、支出总计: the 财政拨款 支出总计, which the data does not hold (not 510.00 / 500.00)
    [spending] = _rows("财政拨款收入、支出总计600.00万元。", facts).values()
    assert spending.verdict == "无法核对" and "财政拨款" in spending.basis


def test_a_bare_name_in_a_paragraph_about_one_class_is_that_class(facts) -> None:
    text = "2024年文化旅游体育与传媒（类）文化和旅游（款）群众文化（项）。年初预算为60.00万元，支出决算为80.00万元。"
    row = _rows(text, facts)["80.00万元"]
    assert row.verdict == "无法核对" and "科目" in row.basis
