"""A 自评表 read by the roles its analysis found (readers/selfeval.py): a project form's funding rows,
indicators and own claims (one form or several per sheet), a unit form's spending and income by
支出性质 / 收入性质; each checked against its own arithmetic (readers/formcheck.py)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from perfeval.readers import formcheck, funding, kpis, selfeval
from perfeval.readers.formparts import read_texts
from perfeval.readers.funding import AMOUNTS, Funding, FundingLine
from perfeval.readers.grid import Grid
from perfeval.readers.labels import label, split_label_value
from perfeval.readers.layouts import FormRead, Layout
from perfeval.readers.problems import Log
from perfeval.readers.roles import header_key
from perfeval.readers.selfeval import Analysis
from perfeval.readers.vocab import split_unit_code
from perfeval.schema import (
    ACTUAL,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    EXEC_WEIGHT,
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
    PROJECT,
    PROJECT_CODE,
    PROJECT_DEPT,
    PROJECT_ID,
    PROJECT_UNIT,
    ROW,
    SEC_MEASURES,
    SEC_PROBLEMS,
    SOURCE_SHEET,
)

CONCLUSION = "评价结论"
UNIT_ROW_ID = ""  # PROJECT_ID of the unit's own funding rows
TEXTS = {
    GOAL: ("预期目标", "项目年度目标", "年度目标", "部门年度目标", "年初设定目标", "年度预期目标"),
    OUTCOME: (
        "实际完成情况",
        "年度目标完成情况",
        "年度总体目标完成情况综述",
        "具体完成情况",
        "完成情况",
    ),
    CONCLUSION: ("评价结论",),
    SEC_PROBLEMS: ("存在问题", "存在的问题"),
    SEC_MEASURES: ("改进措施",),
}
# who filled the form in: the first of these a form names (a project form's 实施单位 before the
# 单位名称 of its title rows; its 主管部门 only when it names no other)
PROJECT_UNIT_FIELDS = ("实施单位", "项目实施单位", "单位名称", "部门(单位)名称", "部门", "编制单位")
UNIT_FIELDS = ("部门(单位)名称", "单位名称", "部门名称", "部门", "编制单位", "预算单位", "单位")
DEPT_FIELDS = ("主管部门", "项目主管部门", "项目主管单位", "主管单位", "主管部门及代码")
SPENDING = {"基本支出": CAT_BASIC, "项目支出": CAT_PROJECT}
INCOME_KINDS = {
    "一般公共预算": FUND_GENERAL,
    "一般公共预算拨款": FUND_GENERAL,
    "财政拨款": FUND_GENERAL,
    "政府性基金拨款": FUND_GOV,
    "政府性基金预算": FUND_GOV,
    "政府性基金": FUND_GOV,
    "纳入专户管理的非税收入拨款": None,
    "财政专户管理资金": None,
    "单位资金": None,
    "其他资金": None,
}


def field(grid: Grid, aliases: tuple[str, ...]) -> tuple[str, str] | None:
    """(value, cell) of the first field named by one of `aliases`, in their order: the value
    after the label's colon in the same cell (`实施单位:XX`), else the first text right of it."""
    for alias in aliases:
        for row in grid.rows():
            for col, text in grid.row_texts(row):
                split = split_label_value(text)
                if split and header_key(split[0]) == alias:
                    return split[1], grid.ref(row, col)
                if header_key(text) != alias:
                    continue
                found = grid.right_of(row, col)
                if found is not None and header_key(found[0]) not in aliases:
                    return found[0], grid.ref(row, found[1])
    return None


def read(
    grid: Grid,
    layout: Layout,
    log: Log,
    analysis: Analysis | None = None,
    prepare: Callable[[Grid, Analysis], Analysis] | None = None,
) -> FormRead:
    """Every form of the sheet (a project form per title row; one unit form). `prepare` adjusts
    the analysis of each form before it is read (a confirmed mapping puts its columns in)."""
    form = FormRead(layout, grid.name)
    if layout.family == selfeval.FAMILY_UNIT:
        _read_unit(grid, analysis or selfeval.cached(grid), log, form)
        return form
    starts = selfeval.form_starts(grid)
    ends = [s - 1 for s in starts[1:]] + [grid.last]
    for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
        view = grid.view(start, end)
        found = analysis if (analysis is not None and len(starts) == 1) else selfeval.analyse(view)
        if prepare is not None and found is not analysis:
            found = prepare(view, found)
        _read_project(view, found, log, form, number)
    return form


# ---------------------------------------------------------------- the shared parts
def _funding(grid: Grid, found: Analysis) -> Funding | None:
    if found.funding is None:
        return None
    if found.funding_shape == "cells":
        return funding.read_cells(grid, found.funding)
    end = min((h.row for h in (found.indicators, found.rubric) if h is not None), default=grid.last)
    return funding.read_table(grid, found.funding, end - 1)


def _indicators(grid: Grid, found: Analysis, log: Log) -> tuple[kpis.Indicators | None, list]:
    rubric: list[dict[str, Any]] = []
    if found.rubric is not None:
        end = found.indicators.row - 1 if found.indicators else grid.last
        rubric = kpis.read_rubric(grid, found.rubric, log, end)
    rows = kpis.read_rows(grid, found.indicators, log) if found.indicators else None
    if rows is not None:
        rows.rubric = rubric
    return rows, rubric


def _checked(grid: Grid, found: Analysis, log: Log, groups) -> tuple[Funding | None, Any]:
    money = _funding(grid, found)
    if money is not None:
        formcheck.fund_parts(grid, money, groups(money), log)
    rows, _rubric = _indicators(grid, found, log)
    weight = formcheck.exec_weight(grid, found, money, rows)
    if rows is not None:
        formcheck.recompute(grid, money, rows, log, weight, found)
    elif money is not None:
        formcheck.execution_only(grid, money, log, weight)
    return money, (rows, weight)


# ---------------------------------------------------------------- one project form
def _read_project(grid: Grid, found: Analysis, log: Log, form: FormRead, number: int) -> None:
    pid = f"{grid.name}#{number}"
    name = field(grid, selfeval.PROJECT_FIELDS)
    if name is None:
        log.warning("no_project_name", "未找到「项目名称」，该表已跳过", grid.name, grid.first)
        return
    project, code = split_unit_code(name[0])
    unit = field(grid, PROJECT_UNIT_FIELDS) or field(grid, DEPT_FIELDS)
    dept = field(grid, DEPT_FIELDS)
    unit_name = split_unit_code(unit[0])[0] if unit else None
    if unit_name and form.unit is None:
        form.unit, form.unit_where = unit_name, unit[1]  # type: ignore[index]
    year = grid.year()
    if year and form.year is None:
        form.year, form.year_where = year
    money, (rows, weight) = _checked(grid, found, log, lambda m: [m.lines])
    if rows is not None:
        for record in rows.rubric + rows.records:
            form.project_indicators.append({**kpis.public(record), PROJECT_ID: pid})
    texts = read_texts(grid, TEXTS)
    form.projects.append(
        {
            ROW: grid.first,
            PROJECT_ID: pid,
            SOURCE_SHEET: grid.name,
            PROJECT: project,
            PROJECT_CODE: code,
            PROJECT_DEPT: split_unit_code(dept[0])[0] if dept else None,
            PROJECT_UNIT: unit_name,
            EXEC_WEIGHT: weight.value if weight else None,
            GOAL: texts.get(GOAL),
            OUTCOME: texts.get(OUTCOME),
        }
    )
    if money is None:
        return
    for line, written in [(money.total, FUND_TOTAL)] + [(x, x.label) for x in money.lines]:
        if line is None:
            continue
        row: dict[str, Any] = {ROW: line.row, PROJECT_ID: pid, FUND_LINE: written}
        row.update({n: money.amount(line, n) for n in AMOUNTS})
        form.funding.append(row)


# ---------------------------------------------------------------- the unit form
def _read_unit(grid: Grid, found: Analysis, log: Log, form: FormRead) -> None:
    unit = field(grid, UNIT_FIELDS)
    if unit is not None:
        form.unit, form.unit_where = split_unit_code(unit[0])[0], unit[1]
    year = grid.year()
    if year is not None:
        form.year, form.year_where = year

    def groups(money: Funding) -> list[list[FundingLine]]:
        spending, income = _classify(money)
        return [spending, income, _other(money)]

    money, (rows, _) = _checked(grid, found, log, groups)
    if money is not None:
        spending, income = _classify(money)
        form.spending = [_spending(money, line) for line in spending]
        form.income = [_income(money, line) for line in income]
        form.funding = _funding_rows(money, spending + income)
    if rows is not None:
        form.indicators = [kpis.public(r) for r in rows.rubric + rows.records]
    form.texts = read_texts(grid, TEXTS)


def _classify(money: Funding) -> tuple[list[FundingLine], list[FundingLine]]:
    """The 其中 rows (or `其中：基本支出：796.58` cells) by 支出性质 and by 收入性质."""
    lines = list(money.lines) + [
        FundingLine(int("".join(c for c in n.where if c.isdigit())), head, {ACTUAL: n})
        for head, n in money.in_cell
    ]
    spending = [x for x in lines if label(x.label).text in SPENDING]
    income = [x for x in lines if label(x.label).text in INCOME_KINDS]
    return spending, income


def _other(money: Funding) -> list[FundingLine]:
    known = {*SPENDING, *INCOME_KINDS}
    return [x for x in money.lines if label(x.label).text not in known]


def _spending(money: Funding, line: FundingLine) -> dict[str, Any]:
    record: dict[str, Any] = {
        ROW: line.row,
        FUND: None,
        CATEGORY: SPENDING[label(line.label).text],
        ITEM: None,
        NOTE: None,
    }
    record.update({n: money.amount(line, n) for n in AMOUNTS})
    return record


def _income(money: Funding, line: FundingLine) -> dict[str, Any]:
    return {
        ROW: line.row,
        FUND: INCOME_KINDS[label(line.label).text],
        INCOME_ITEM: line.label,
        INCOME: money.amount(line, ACTUAL),
    }


def _funding_rows(money: Funding, lines: list[FundingLine]) -> list[dict[str, Any]]:
    rows = []
    pairs = [(money.total, FUND_TOTAL)] + [(x, x.label) for x in money.lines]
    pairs += [(x, x.label) for x in lines if x not in money.lines]
    for line, written in pairs:
        if line is None:
            continue
        row: dict[str, Any] = {ROW: line.row, PROJECT_ID: UNIT_ROW_ID, FUND_LINE: written}
        row.update({n: money.amount(line, n) for n in AMOUNTS})
        rows.append(row)
    return rows


ZERO = Decimal(0)
