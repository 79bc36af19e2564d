"""model: every figure of a unit-year, checked against numbers computed by hand."""

from decimal import Decimal as D

import pytest

from perfeval import fmt
from perfeval.findings import evaluate
from perfeval.model.figures import build_model
from perfeval.schema import (
    ACTUAL,
    CHANGE_RATE,
    DELTA,
    FUND,
    FUND_GENERAL,
    FUND_GOV,
    INCOME,
    INCOME_ITEM,
    ITEM,
    ITEM_PERSONNEL,
    PREV_ACTUAL,
    SHARE,
    TABLE_COLUMNS,
    make_table,
)
from tests.builders import basic, line, project, workbook
from tests.shared import SEED_PROJECTS


def test_seed_breakdown_and_changes(seed_history):
    m = evaluate(seed_history)
    b = m.overall
    assert (m.year, m.previous_year) == (2024, 2023)
    assert b.total.current == D("7174.02")
    assert (b.basic.current, b.personnel.current, b.public.current) == (
        D("796.58"),
        D("689.81"),
        D("106.77"),
    )
    assert b.basic.previous == D("862.05") and b.basic.delta == D("-65.47")
    assert fmt.percent(b.basic.ratio) == "-7.59%"
    assert b.project.current == D("6377.44") and b.project.delta == D("1133.55")
    # The seed report printed 17.74%; its own figures give 1133.55 / 5243.89 = 21.6166…%.
    assert fmt.percent(b.project.ratio) == "21.62%"
    assert b.personnel.previous is None  # 2023 is un-itemised: no 人员/公用 comparison


def test_seed_projects_sorted_with_shares(seed_history):
    projects = evaluate(seed_history).overall.projects
    assert dict(zip(projects[ITEM], projects[ACTUAL], strict=True)) == {
        k: D(v) for k, v in SEED_PROJECTS.items()
    }
    amounts = projects[ACTUAL].tolist()
    assert amounts == sorted(amounts, reverse=True)
    assert projects.iloc[0][ITEM] == "先进制造业高地建设经费"
    assert fmt.percent(projects.iloc[0][SHARE]) == "34.38%"  # 2192.56 / 6377.44
    assert sum(projects[SHARE]) == 1
    assert projects[PREV_ACTUAL].isna().all()  # last year had no project lines


def test_line_level_yoy_when_both_years_itemised():
    prev = workbook(
        "局",
        2023,
        [
            basic("人员经费", "100"),
            basic("公用经费", "50"),
            project("甲", "200"),
            project("乙", "100"),
        ],
    )
    cur = workbook(
        "局",
        2024,
        [
            basic("人员经费", "110"),
            basic("公用经费", "40"),
            project("甲", "150"),
            project("丙", "80"),
        ],
    )
    m = evaluate({2023: prev, 2024: cur})
    rows = {r[ITEM]: r for r in m.overall.projects.to_dict("records")}
    assert rows["甲"][PREV_ACTUAL] == D("200") and rows["甲"][DELTA] == D("-50")
    assert rows["甲"][CHANGE_RATE] == D("-0.25")
    assert rows["丙"][PREV_ACTUAL] is None  # new project: no comparison invented
    assert m.overall.personnel.delta == D("10") and m.overall.public.delta == D("-10")
    assert m.overall.project.delta == D("-70")


def test_execution_over_rows_giving_both():
    wb = workbook(
        "局", 2024, [basic("人员经费", "90", "100"), project("甲", "45", "50"), project("乙", "30")]
    )
    m = evaluate({2024: wb})
    assert (m.execution.budget, m.execution.actual, m.execution.rows, m.execution.rows_total) == (
        D("150"),
        D("135"),
        2,
        3,
    )
    assert m.execution.rate == D("0.9")
    assert m.score.execution_score == D("9.00")


def test_over_budget_and_unit_slip_findings():
    prev = workbook("局", 2023, [basic(None, "800"), project(None, "5000")])
    cur = workbook("局", 2024, [basic(None, "8000000"), project("甲", "60", "50")])
    m = evaluate({2023: prev, 2024: cur})
    codes = {f.code for f in m.findings}
    assert "over_budget" in codes and "unit_slip" in codes
    over = next(f for f in m.findings if f.code == "over_budget")
    assert over.row == 4 and "120.00%" in over.message


def test_funds_are_separate_and_summed_overall():
    wb = workbook(
        "局",
        2024,
        [
            basic("人员经费", "10"),
            basic("公用经费", "5"),
            line("项目支出", "基金项目", "7", fund=FUND_GOV),
        ],
    )
    m = evaluate({2024: wb})
    assert m.funds["一般公共预算"].total.current == D("15")
    assert m.funds[FUND_GOV].project.current == D("7")
    assert m.overall.total.current == D("22")


def test_printed_parts_check_explains_rounding():
    # Three parts of 0.005 万元 each print as 0.01 but the exact total 0.015 prints as 0.02.
    wb = workbook(
        "局", 2024, [project("甲", "0.005"), project("乙", "0.005"), project("丙", "0.005")]
    )
    check = next(c for c in evaluate({2024: wb}).checks if c.name == "项目支出 = 各项目之和")
    assert not check.passed and "舍入" in check.detail


def test_history_and_year_selection(seed_history):
    m = evaluate(seed_history, 2023)
    assert m.previous_year is None and m.overall.total.previous is None
    assert len(m.history) == 1
    assert evaluate(seed_history).history["支出合计"].tolist() == [D("6105.94"), D("7174.02")]
    with pytest.raises(KeyError):
        evaluate(seed_history, 2020)


def test_finding_checks_in_the_appendix(seed_history):
    checks = {c.name: c for c in evaluate(seed_history).checks}
    assert checks["绩效指标设定了量化目标"].detail == "11项指标未量化，见“存在的问题”"
    assert not checks["绩效指标设定了量化目标"].passed
    assert not checks["目标值不明显偏低"].passed  # 上平台 293 ≥ 1.3 × 120
    assert checks["执行数未超过全年预算数"].passed and checks["小计、合计与明细一致"].passed
    over = workbook("局", 2024, [project("甲", "60", "50")])
    assert not {c.name: c for c in evaluate({2024: over}).checks}["执行数未超过全年预算数"].passed


# ---------------------------------------------------------------- figures the pages only format
def test_indicator_counts_income_by_fund_and_project_budget(seed_history):
    m = evaluate(seed_history)
    # the seed's 13 indicators: two with targets, both met (588 ≥ 560家, 293 ≥ 120家), 11 without
    k = m.kpi
    assert (k.total, k.met, k.missed, k.qualitative, k.unquantified) == (13, 2, 0, 0, 11)
    assert m.income_by_fund["一般公共预算"] == m.income_total  # one fund, all of the income
    assert m.income_by_fund["政府性基金预算"] is None
    # the projects' budgets: 20 + 10 → execution 24 / 30 = 80 %
    wb = workbook("局", 2024, [project("甲", "20", "20"), project("乙", "4", "10")])
    b = evaluate({2024: wb}).overall
    assert (b.project_budget, b.project_exec_rate) == (D(30), D("0.8"))
    assert b.share(D(6)) == D("0.25")  # of 支出合计 24
    one_without = workbook("局", 2024, [project("甲", "20", "20"), project("乙", "4")])
    assert evaluate({2024: one_without}).overall.project_budget is None


@pytest.mark.parametrize(
    ("early", "retired", "total"),
    [
        ("2", "129", 131),
        ("0", "129.0", 129),  # as a cell of Excel may come back
        ("", "7", 7),
        ("2", "十二", None),  # not a number: no total, the words stay as written
        ("2", "12.5", None),  # no whole number of people
        ("inf", "3", None),  # int(float("inf")) used to raise here
    ],
)
def test_retiree_total(early, retired, total):
    info = {"离休人数": early, "退休人数": retired}
    m = evaluate({2024: workbook("局", 2024, [basic(None, "1")], info=info)})
    assert m.retirees == total


def _with_income(spending: list[dict], income: list[tuple[str, str]]):
    wb = workbook("某局", 2024, spending)
    rows = [{FUND: fund, INCOME_ITEM: "财政拨款收入", INCOME: D(v)} for fund, v in income]
    wb.income = make_table(rows, TABLE_COLUMNS["income"])
    return build_model({2024: wb})


def test_income_matches_spending_is_decided_on_the_cent_by_the_model():
    # 100.004 and 100.001 are both 100.00万元 as shown: equal, as the income check says
    m = _with_income([basic(ITEM_PERSONNEL, "100.001")], [(FUND_GENERAL, "100.004")])
    assert m.income_matches() and m.income_matches(FUND_GENERAL)
    # 100.005 is 100.01 half-up: a cent apart
    m = _with_income([basic(ITEM_PERSONNEL, "100.001")], [(FUND_GENERAL, "100.005")])
    assert not m.income_matches() and not m.income_matches(FUND_GENERAL)
    # no income given, or none for a fund: never "equal"
    assert not _with_income([basic(ITEM_PERSONNEL, "5")], []).income_matches()
    m = _with_income([basic(ITEM_PERSONNEL, "5")], [(FUND_GOV, "5")])
    assert not m.income_matches(FUND_GENERAL) and m.income_matches()
