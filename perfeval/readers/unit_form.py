"""部门整体支出绩效自评表, one unit and one year: the 湖南 layout (年度预算申请, 按收入性质分 /
按支出性质分 with values in the label cells) and the 四川 layout (预算执行情况 rows by 支出性质)."""

from __future__ import annotations

from typing import Any

from perfeval.readers import formcheck
from perfeval.readers.form_tables import (
    NATIONAL_INDICATORS,
    SICHUAN_EXECUTION,
    SICHUAN_INDICATORS,
    national_funding,
)
from perfeval.readers.formparts import (
    AMOUNTS,
    Funding,
    FundingLine,
    read_funding,
    read_indicator_table,
    read_texts,
    strip_code,
)
from perfeval.readers.grid import Grid
from perfeval.readers.labels import Need, label
from perfeval.readers.layouts import FormRead, Layout, register
from perfeval.readers.problems import Log
from perfeval.schema import (
    ACTUAL,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    FUND,
    FUND_GENERAL,
    FUND_GOV,
    FUND_LINE,
    FUND_TOTAL,
    GOAL,
    INCOME,
    INCOME_ITEM,
    ITEM,
    NOTE,
    OUTCOME,
    PROJECT_ID,
    ROW,
    SEC_MEASURES,
    SEC_PROBLEMS,
)

FAMILY = "部门整体支出绩效自评表"
UNIT_ROW_ID = ""  # PROJECT_ID of the unit's own funding rows


def read(grid: Grid, layout: Layout, log: Log) -> FormRead:
    details = layout.details
    form = FormRead(layout, grid.name)
    unit = grid.field(details["unit"])
    if unit is not None:
        form.unit, form.unit_where = strip_code(unit[0])[0], unit[1]
    year = grid.year()
    if year is not None:
        form.year, form.year_where = year
    kpi_table = layout.tables[1]
    kpi_row = grid.find_header(kpi_table)
    kpis = read_indicator_table(grid, kpi_table, log)
    end = kpi_row.row if kpi_row else grid.last + 1
    funding = read_funding(grid, layout.tables[0], details["totals"], end)
    if funding is not None:
        spending, income = _classify(funding, details)
        formcheck.fund_parts(grid, funding, [spending, income, _other(funding, details)], log)
        form.spending = [_spending(funding, line, details) for line in spending]
        form.income = [_income(funding, line, details) for line in income]
        form.funding = _funding_rows(funding, spending + income)
    if kpis is not None:
        formcheck.recompute(grid, funding, kpis, log)
        form.indicators = kpis.records
    form.texts = read_texts(grid, details["texts"])
    return form


def _classify(funding: Funding, details: dict[str, Any]) -> tuple[list, list]:
    """The 其中 rows (or `其中：基本支出：796.58` cells) by 支出性质 and by 收入性质."""
    lines = list(funding.lines) + [
        FundingLine(int("".join(c for c in n.where if c.isdigit())), head, {ACTUAL: n})
        for head, n in funding.in_cell
    ]
    spending = [x for x in lines if label(x.label).text in details["spending"]]
    income = [x for x in lines if label(x.label).text in details["income"]]
    return spending, income


def _other(funding: Funding, details: dict[str, Any]) -> list[FundingLine]:
    known = {*details["spending"], *details["income"]}
    return [x for x in funding.lines if label(x.label).text not in known]


def _spending(funding: Funding, line: FundingLine, details: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {
        ROW: line.row,
        FUND: None,
        CATEGORY: details["spending"][label(line.label).text],
        ITEM: None,
        NOTE: None,
    }
    record.update({n: funding.amount(line, n) for n in AMOUNTS})
    return record


def _income(funding: Funding, line: FundingLine, details: dict[str, Any]) -> dict[str, Any]:
    return {
        ROW: line.row,
        FUND: details["income"][label(line.label).text],
        INCOME_ITEM: line.label,
        INCOME: funding.amount(line, ACTUAL),
    }


def _funding_rows(funding: Funding, lines: list[FundingLine]) -> list[dict[str, Any]]:
    rows = []
    pairs = [(funding.total, FUND_TOTAL)] + [(x, x.label) for x in funding.lines]
    pairs += [(x, x.label) for x in lines if x not in funding.lines]
    for line, written in pairs:
        if line is None:
            continue
        row: dict[str, Any] = {ROW: line.row, PROJECT_ID: UNIT_ROW_ID, FUND_LINE: written}
        row.update({n: funding.amount(line, n) for n in AMOUNTS})
        rows.append(row)
    return rows


_UNIT_FIELDS = ("部门(单位)名称", "单位名称", "部门名称", "部门", "编制单位", "预算单位", "单位")
_SPENDING = {"基本支出": CAT_BASIC, "项目支出": CAT_PROJECT}
_TEXTS = {
    GOAL: ("预期目标", "年度目标", "部门年度目标"),
    OUTCOME: ("实际完成情况", "年度目标完成情况"),
    "评价结论": ("评价结论",),
    SEC_PROBLEMS: ("存在问题", "存在的问题"),
    SEC_MEASURES: ("改进措施",),
}

HUNAN = register(
    Layout(
        key="unit.hunan",
        family=FAMILY,
        variant="湖南",
        titles=("部门整体支出绩效自评表",),
        needs=(Need("年度资金总额", ("年度资金总额",)),),
        absent=("项目名称",),
        tables=(national_funding("年度预算申请"), NATIONAL_INDICATORS),
        read=read,
        details={
            "unit": _UNIT_FIELDS,
            "totals": ("年度资金总额",),
            "spending": _SPENDING,
            "income": {
                "一般公共预算": FUND_GENERAL,
                "一般公共预算拨款": FUND_GENERAL,
                "政府性基金拨款": FUND_GOV,
                "政府性基金预算": FUND_GOV,
                "纳入专户管理的非税收入拨款": None,
                "其他资金": None,
            },
            "texts": _TEXTS,
        },
    )
)

SICHUAN = register(
    Layout(
        key="unit.sichuan",
        family=FAMILY,
        variant="四川",
        titles=("部门整体支出绩效自评表",),
        needs=(Need("总额", ("总额", "年度资金总额")),),
        absent=("项目名称",),
        tables=(SICHUAN_EXECUTION, SICHUAN_INDICATORS),
        read=read,
        details={
            "unit": _UNIT_FIELDS,
            "totals": ("总额", "年度资金总额"),
            "spending": _SPENDING,
            "income": {
                "财政拨款": FUND_GENERAL,
                "一般公共预算": FUND_GENERAL,
                "政府性基金": FUND_GOV,
                "财政专户管理资金": None,
                "单位资金": None,
                "其他资金": None,
            },
            "texts": _TEXTS,
        },
    )
)
