"""The pandas model: one unit-year and its stored history in, every figure the app shows out.
Charts, metric cards and report sentences all read these objects; nothing downstream recomputes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

import pandas as pd

from perfeval import fmt, unitinfo
from perfeval.model import scorecard
from perfeval.model.bridge import Bridge, Pair
from perfeval.model.bridge import build as build_bridge
from perfeval.model.projects import ProjectEval, evaluate_projects, projects_table
from perfeval.model.tallies import (
    IndicatorCounts,
    ProjectLine,
    count_indicators,
    dsum,
    income_by_fund,
    income_gap,
    retirees,
    sentence_lines,
)
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    CHANGE_RATE,
    DELTA,
    EXEC_RATE,
    FUND,
    FUND_LINE,
    FUND_TOTAL,
    FUNDS,
    INCOME,
    INCOME_ITEM,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    PREV_ACTUAL,
    PROJECT_ID,
    SHARE,
    Problem,
    Workbook,
    records,
)

YEAR = "年度"
TOTAL = "支出合计"


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class Change:
    """A figure this year beside the same figure last year."""

    current: Decimal | None
    previous: Decimal | None = None

    @property
    def delta(self) -> Decimal | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def ratio(self) -> Decimal | None:
        delta = self.delta
        return None if delta is None else ratio(delta, self.previous)

    @property
    def phrase(self) -> str:
        """`增加1133.55万元，增长21.62%` (empty when there is no previous figure)."""
        return fmt.change_phrase(self.delta, self.ratio)


@dataclass
class Breakdown:
    """Spending of one year (one fund, or all funds) split as the report splits it."""

    fund: str | None
    total: Change
    basic: Change
    personnel: Change
    public: Change
    project: Change
    basic_itemised: bool
    projects_itemised: bool
    projects: (
        pd.DataFrame
    )  # ITEM, ACTUAL, SHARE, BUDGET, EXEC_RATE, PREV_ACTUAL, DELTA, CHANGE_RATE

    project_budget: Decimal | None = None  # Σ 全年预算数 of the projects; None if one lacks it
    bridge: Bridge | None = None  # last year's total → this year's, in steps that add up

    @property
    def empty(self) -> bool:
        return self.total.current is None

    @property
    def project_exec_rate(self) -> Decimal | None:
        """项目支出 执行率: Σ执行数 / Σ全年预算数 of the project lines."""
        return ratio(self.project.current, self.project_budget)

    def share(self, amount: Decimal | None) -> Decimal | None:
        """`amount` as a share of this year's 支出合计."""
        return ratio(amount, self.total.current)

    def project_lines(self) -> list[ProjectLine]:
        """The sentence 项目支出主要为…: largest first, 其他… last."""
        return sentence_lines(self.projects)


CHECK_PASSED = "通过"
CHECK_FAILED = "未通过"
CHECK_SKIPPED = "未核对"


@dataclass(frozen=True)
class Check:
    """One arithmetic or consistency check, listed in the report's appendix. `passed` is None
    when the check could not be made (e.g. no previous year): never shown as 通过."""

    name: str
    passed: bool | None
    detail: str

    @property
    def outcome(self) -> str:
        if self.passed is None:
            return CHECK_SKIPPED
        return CHECK_PASSED if self.passed else CHECK_FAILED


@dataclass(frozen=True)
class Execution:
    """预算执行率 over the spending rows that give both 全年预算数 and 全年执行数."""

    budget: Decimal | None
    actual: Decimal | None
    rows: int
    rows_total: int

    @property
    def rate(self) -> Decimal | None:
        return ratio(self.actual, self.budget)


@dataclass(frozen=True)
class UnitYear:
    """Every figure of one unit-year. Built once by `build_model`, given its findings by
    `perfeval.findings`, then read by charts, pages and the report."""

    unit: str
    year: int
    info: dict[str, str]
    texts: dict[str, str]
    previous_year: int | None
    overall: Breakdown
    funds: dict[str, Breakdown]
    income: pd.DataFrame  # FUND, INCOME_ITEM, INCOME
    income_total: Decimal | None
    lines: pd.DataFrame  # every spending row with EXEC_RATE
    execution: Execution
    score: scorecard.ScoreResult
    history: (
        pd.DataFrame
    )  # YEAR, TOTAL, CAT_BASIC, CAT_PROJECT, ITEM_PERSONNEL, ITEM_PUBLIC per stored year
    # The findings step (perfeval/findings.py) fills these from the figures; None on a model
    # that has not been through it, so that a report of figures alone fails loudly.
    findings: list[Problem] | None = None
    checks: list[Check] | None = None
    stored_years: list[int] = field(default_factory=list)  # every year of the unit, later ones too
    projects: list[ProjectEval] = field(default_factory=list)  # 项目支出绩效自评表, recomputed
    kpi: IndicatorCounts = field(default_factory=lambda: IndicatorCounts(0, 0, 0, 0, 0))
    income_by_fund: dict[str, Decimal | None] = field(default_factory=dict)
    retirees: int | None = None  # 离休 + 退休 人数 from 基本信息

    @property
    def indicators(self) -> pd.DataFrame:
        return self.score.indicators

    @property
    def project_table(self) -> pd.DataFrame:
        """Every project's 预算, 执行, 执行率, 得分 and 等级 (empty without project forms)."""
        return projects_table(self.projects)

    @property
    def staff(self) -> unitinfo.Staff:
        return unitinfo.Staff.of(self.info)

    @property
    def per_head_personnel(self) -> Decimal | None:
        """人均人员经费 (万元 per 在职 person)."""
        return self.staff.per_head(self.overall.personnel.current)

    @property
    def per_head_public(self) -> Decimal | None:
        """人均公用经费 (万元 per 在职 person)."""
        return self.staff.per_head(self.overall.public.current)

    def income_matches(self, fund: str | None = None) -> bool:
        """收入 equals 支出 (of one fund, or of all): both given and equal to the cent, the
        rule the 收入合计与支出合计 check and the income finding apply."""
        spending = self.overall if fund is None else self.funds.get(fund)
        income = self.income_total if fund is None else self.income_by_fund.get(fund)
        if spending is None or income is None or spending.total.current is None:
            return False
        return income_gap(income, spending.total.current) is None


# ---------------------------------------------------------------- breakdowns


def _category_rows(spending: pd.DataFrame, category: str) -> pd.DataFrame:
    return spending[spending[CATEGORY] == category]


def _sum(frame: pd.DataFrame, column: str) -> Decimal | None:
    return dsum(frame[column].tolist()) if len(frame) else None


def _year_figures(spending: pd.DataFrame) -> dict[str, object]:
    """The category figures of one year's spending rows (one fund or all), in one pass."""
    return spending_figures(
        spending[CATEGORY].tolist(), spending[ITEM].tolist(), spending[ACTUAL].tolist()
    )


def spending_figures(
    categories: Sequence[str | None],
    items: Sequence[str | None],
    actuals: Sequence[Decimal | None],
) -> dict[str, object]:
    """支出合计, 基本支出, 项目支出, 人员经费 and 公用经费 of spending lines given column by
    column: the one computation of these sums, for a model's year and a stored version alike."""
    sums: dict[str, Decimal | None] = dict.fromkeys(
        ("total", "basic", "project", ITEM_PERSONNEL, ITEM_PUBLIC)
    )
    n_basic = n_project = 0
    basic_itemised = project_itemised = True
    for category, item, actual in zip(categories, items, actuals, strict=True):
        sums["total"] = dsum((sums["total"], actual))
        if category == CAT_BASIC:
            n_basic += 1
            sums["basic"] = dsum((sums["basic"], actual))
            if item in (ITEM_PERSONNEL, ITEM_PUBLIC):
                sums[item] = dsum((sums[item], actual))
            else:
                basic_itemised = False
        elif category == CAT_PROJECT:
            n_project += 1
            sums["project"] = dsum((sums["project"], actual))
            project_itemised = project_itemised and bool(item)
    basic_itemised = basic_itemised and n_basic > 0
    return {
        "total": sums["total"],
        "basic": sums["basic"],
        "project": sums["project"],
        "personnel": sums[ITEM_PERSONNEL] if basic_itemised else None,
        "public": sums[ITEM_PUBLIC] if basic_itemised else None,
        "basic_itemised": basic_itemised,
        "project_itemised": project_itemised and n_project > 0,
    }


def _by_item(lines: pd.DataFrame) -> dict[str, Decimal]:
    """Amounts of named lines summed by name (lines without a name left out)."""
    out: dict[str, Decimal] = {}
    for item, amount in zip(lines[ITEM].tolist(), lines[ACTUAL].tolist(), strict=True):
        if item:
            out[item] = out.get(item, Decimal(0)) + amount
    return out


def _project_table(
    current: pd.DataFrame, previous: pd.DataFrame | None, project_total: Decimal | None
) -> pd.DataFrame:
    """Project lines grouped by name, largest first, with shares, execution and YoY by line."""
    prev_by_item = _by_item(previous) if previous is not None else {}
    records: dict[str, dict[str, object]] = {}
    for item, actual, budget in zip(
        current[ITEM].tolist(), current[ACTUAL].tolist(), current[BUDGET].tolist(), strict=True
    ):
        name = item or "未细化的项目支出"
        rec = records.setdefault(name, {ITEM: name, ACTUAL: Decimal(0), BUDGET: None})
        rec[ACTUAL] += actual
        if budget is not None:
            rec[BUDGET] = budget if rec[BUDGET] is None else rec[BUDGET] + budget
    rows = []
    for rec in records.values():
        prev = prev_by_item.get(rec[ITEM]) if prev_by_item else None
        change = Change(rec[ACTUAL], prev)
        rows.append(
            {
                **rec,
                SHARE: ratio(rec[ACTUAL], project_total),
                EXEC_RATE: ratio(rec[ACTUAL], rec[BUDGET]),
                PREV_ACTUAL: prev,
                DELTA: change.delta,
                CHANGE_RATE: change.ratio,
            }
        )
    columns = [ITEM, ACTUAL, SHARE, BUDGET, EXEC_RATE, PREV_ACTUAL, DELTA, CHANGE_RATE]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    if len(frame):
        order = sorted(range(len(rows)), key=lambda i: (-rows[i][ACTUAL], rows[i][ITEM]))
        frame = frame.iloc[order].reset_index(drop=True)
    return frame


def breakdown(
    spending: pd.DataFrame, previous: pd.DataFrame | None, fund: str | None = None
) -> Breakdown:
    """Spending of this year against last year's (None when no previous year is stored)."""
    if fund is not None:
        spending = spending[spending[FUND] == fund]
        previous = previous[previous[FUND] == fund] if previous is not None else None
    cur = _year_figures(spending)
    prev = _year_figures(previous) if previous is not None else None

    def change(key: str) -> Change:
        return Change(cur[key], prev[key] if prev is not None else None)

    lines_comparable = prev is not None and cur["project_itemised"] and prev["project_itemised"]
    prev_projects = _category_rows(previous, CAT_PROJECT) if lines_comparable else None
    projects = _project_table(_category_rows(spending, CAT_PROJECT), prev_projects, cur["project"])
    return Breakdown(
        fund=fund,
        total=change("total"),
        basic=change("basic"),
        personnel=change("personnel"),
        public=change("public"),
        project=change("project"),
        basic_itemised=bool(cur["basic_itemised"]),
        projects_itemised=bool(cur["project_itemised"]),
        projects=projects,
        project_budget=_all_given_sum(projects[BUDGET].tolist()),
        bridge=_bridge(cur, prev, projects, prev_projects),
    )


def _bridge(
    cur: dict[str, object],
    prev: dict[str, object] | None,
    projects: pd.DataFrame,
    prev_projects: pd.DataFrame | None,
) -> Bridge | None:
    """The 同比 bridge: by 人员经费/公用经费 and by project where both years itemise them."""
    if prev is None:
        return None

    def pair(key: str) -> Pair:
        return cast("Decimal | None", cur[key]), cast("Decimal | None", prev[key])

    basic_lines = None
    if cur["basic_itemised"] and prev["basic_itemised"]:
        basic_lines = {ITEM_PERSONNEL: pair("personnel"), ITEM_PUBLIC: pair("public")}
    project_lines = None
    if prev_projects is not None:
        now = dict(zip(projects[ITEM].tolist(), projects[ACTUAL].tolist(), strict=True))
        before = _by_item(prev_projects)
        project_lines = {name: (now.get(name), before.get(name)) for name in now | before}
    return build_bridge(pair("total"), pair("basic"), pair("project"), basic_lines, project_lines)


def _all_given_sum(values: list[Decimal | None]) -> Decimal | None:
    """The sum when every value is given; None when one is missing (or there is none)."""
    return dsum(values) if values and all(v is not None for v in values) else None


def history_table(workbooks: Mapping[int, Workbook], up_to: int) -> pd.DataFrame:
    """One row per stored year up to `up_to`: the category figures for the trend chart."""
    rows = []
    for year in sorted(y for y in workbooks if y <= up_to):
        fig = _year_figures(workbooks[year].spending)
        rows.append(
            {
                YEAR: year,
                TOTAL: fig["total"],
                CAT_BASIC: fig["basic"],
                CAT_PROJECT: fig["project"],
                ITEM_PERSONNEL: fig["personnel"],
                ITEM_PUBLIC: fig["public"],
            }
        )
    columns = [YEAR, TOTAL, CAT_BASIC, CAT_PROJECT, ITEM_PERSONNEL, ITEM_PUBLIC]
    return pd.DataFrame(rows, columns=columns, dtype=object)


# ---------------------------------------------------------------- execution


def execution(spending: pd.DataFrame) -> tuple[Execution, pd.DataFrame]:
    both = spending[spending[BUDGET].notna() & spending[ACTUAL].notna()]
    result = Execution(
        budget=_sum(both, BUDGET),
        actual=_sum(both, ACTUAL),
        rows=len(both),
        rows_total=len(spending),
    )
    lines = spending.copy()
    lines[EXEC_RATE] = [
        ratio(a, b) for a, b in zip(lines[ACTUAL].tolist(), lines[BUDGET].tolist(), strict=True)
    ]
    return result, lines


def _funding_base(workbook: Workbook, exec_: Execution) -> Execution:
    """The 整体自评表's 年度资金总额 (全年预算数, 全年执行数) is the unit-year's budget base for
    执行率 when the spending lines give no budget of their own (forms.md §1)."""
    if exec_.rows:
        return exec_
    for rec in records(workbook.funding):
        unit_total = rec[PROJECT_ID] == "" and rec[FUND_LINE] == FUND_TOTAL
        if unit_total and rec[BUDGET] is not None and rec[ACTUAL] is not None:
            return Execution(rec[BUDGET], rec[ACTUAL], 1, 1)
    return exec_


# ---------------------------------------------------------------- the model


def build_model(workbooks: Mapping[int, Workbook], year: int | None = None) -> UnitYear:
    """The model of `year` (default: the latest) of one unit, from that unit's stored workbooks."""
    if not workbooks:
        raise ValueError("没有可用的年度数据")
    year = max(workbooks) if year is None else year
    if year not in workbooks:
        raise KeyError(f"没有{year}年度的数据")
    workbook = workbooks[year]
    prev_wb = workbooks.get(year - 1)
    prev_spending = prev_wb.spending if prev_wb is not None else None

    overall = breakdown(workbook.spending, prev_spending)
    present = set(workbook.spending[FUND].tolist())
    if prev_spending is not None:
        present |= set(prev_spending[FUND].tolist())
    funds = {
        fund: breakdown(workbook.spending, prev_spending, fund) for fund in FUNDS if fund in present
    }

    exec_, lines = execution(workbook.spending)
    exec_ = _funding_base(workbook, exec_)
    result = scorecard.score(workbook.indicators, exec_.budget, exec_.actual)
    income = workbook.income[[FUND, INCOME_ITEM, INCOME]].reset_index(drop=True)
    income_total = _sum(income, INCOME)

    return UnitYear(
        unit=workbook.unit,
        year=year,
        info=dict(workbook.info),
        texts=dict(workbook.texts),
        previous_year=year - 1 if prev_wb is not None else None,
        overall=overall,
        funds=funds,
        income=income,
        income_total=income_total,
        lines=lines,
        execution=exec_,
        score=result,
        history=history_table(workbooks, year),
        stored_years=sorted(workbooks),
        projects=evaluate_projects(workbook),
        kpi=count_indicators(result.indicators),
        income_by_fund=income_by_fund(income),
        retirees=retirees(workbook.info),
    )
