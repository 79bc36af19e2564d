"""The model's own rules: findings raised by the figures (lines over budget, 元/万元 slips, income
≠ spending, no budget) and the appendix's checks (printed sums, YoY, income). May import: figures."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from perfeval import fmt, unitinfo
from perfeval.model import scoring
from perfeval.model.figures import TOTAL, Breakdown, Check, Execution
from perfeval.model.tallies import income_gap
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    CODE_CONTROL_CHARS,
    CODE_HIDDEN_SHEET,
    CODE_LONG_TEXT,
    CODE_MACROS,
    CODE_NO_BUDGET,
    CODE_REPEATED_HEADER,
    CODE_SUBTOTAL_MISMATCH,
    CODE_TEXT_DOUBT,
    CODE_TEXT_MISMATCH,
    CODE_TEXT_UNIT,
    CODE_UNIT_SLIP,
    CODE_UNKNOWN_COLUMN,
    EXEC_RATE,
    INCOME,
    ITEM,
    ROW,
    SHEET_INCOME,
    SHEET_SPENDING,
    Problem,
)

EXEC_OVER = Decimal("1")
CODE_INCOME_GAP = "income_gap"
CODE_OVER_BUDGET = "over_budget"


def _printed_sum_check(name: str, total: Decimal | None, parts: list[Decimal | None]) -> Check:
    """A printed total must equal the sum of its printed parts (each rounded half-up)."""
    if total is None or any(p is None for p in parts):
        return Check(name, None, "未核对（部分数字未填报）")
    printed_parts = sum((fmt.round2(p) for p in parts), Decimal(0))
    printed_total = fmt.round2(total)
    if printed_parts == printed_total:
        return Check(name, True, f"{fmt.money(total)} = 各分项之和 {fmt.money(printed_parts)}")
    return Check(
        name,
        False,
        f"合计 {fmt.money(total)} 与各分项四舍五入后之和 {fmt.money(printed_parts)} "
        f"相差 {fmt.money(printed_total - printed_parts)}（分项精确到分以下，舍入所致）",
    )


def checks(overall: Breakdown, income_total: Decimal | None) -> list[Check]:
    checks = [
        _printed_sum_check(
            "支出合计 = 基本支出 + 项目支出",
            overall.total.current,
            [overall.basic.current or Decimal(0), overall.project.current or Decimal(0)],
        )
    ]
    if overall.basic_itemised:
        checks.append(
            _printed_sum_check(
                "基本支出 = 人员经费 + 公用经费",
                overall.basic.current,
                [overall.personnel.current, overall.public.current],
            )
        )
    if len(overall.projects):
        checks.append(
            _printed_sum_check(
                "项目支出 = 各项目之和",
                overall.project.current,
                overall.projects[ACTUAL].tolist(),
            )
        )
    for label, change in (
        ("支出合计", overall.total),
        ("基本支出", overall.basic),
        ("项目支出", overall.project),
    ):
        if change.previous is None:
            checks.append(Check(f"{label}同比", None, "无上年数据，未计算同比"))
            continue
        shown_delta = fmt.round2(change.current or 0) - fmt.round2(change.previous)
        ok = shown_delta == fmt.round2(change.delta or 0)
        checks.append(
            Check(
                f"{label}同比",
                ok,
                f"{fmt.money(change.current)} − {fmt.money(change.previous)} = "
                f"{fmt.signed_money(change.delta)}（{fmt.signed_percent(change.ratio)}）",
            )
        )
    gap = income_gap(income_total, overall.total.current)
    if income_total is None or overall.total.current is None:
        checks.append(Check(INCOME_CHECK, None, "未核对（未填报收入表）"))
    elif gap is None:
        checks.append(Check(INCOME_CHECK, True, f"收入、支出均为{fmt.money(income_total)}"))
    else:
        checks.append(Check(INCOME_CHECK, False, _income_gap_text(income_total, overall)))
    return checks


INCOME_CHECK = "收入合计与支出合计"


def _income_gap_text(income_total: Decimal, overall: Breakdown) -> str:
    spending = overall.total.current
    gap = abs(fmt.round2(income_total) - fmt.round2(spending))
    return f"收入合计{fmt.money(income_total)}，支出合计{fmt.money(spending)}，相差{fmt.money(gap)}"


def income_findings(income_total: Decimal | None, overall: Breakdown) -> list[Problem]:
    if income_gap(income_total, overall.total.current) is None:
        return []
    text = _income_gap_text(income_total, overall)
    return [
        Problem(
            "warning",
            f"{text}：请核实收入表和支出表（如有上年结转、结余，请在收入表中列出）",
            sheet=SHEET_INCOME,
            column=INCOME,
            code=CODE_INCOME_GAP,
        )
    ]


def spending_findings(overall: Breakdown, lines: pd.DataFrame, exec_: Execution) -> list[Problem]:
    findings: list[Problem] = []
    for change, label in (
        (overall.basic, CAT_BASIC),
        (overall.project, CAT_PROJECT),
        (overall.total, TOTAL),
    ):
        if scoring.is_unit_slip(change.current, change.previous):
            findings.append(
                Problem(
                    "warning",
                    f"{label} {fmt.money(change.current)} 与上年 {fmt.money(change.previous)} "
                    "相差约一万倍，单位可能有误（元/万元/亿元）",
                    sheet=SHEET_SPENDING,
                    column=ACTUAL,
                    code=CODE_UNIT_SLIP,
                )
            )
    for row, item, cat, actual, budget, rate in zip(
        lines[ROW].tolist(),
        lines[ITEM].tolist(),
        lines[CATEGORY].tolist(),
        lines[ACTUAL].tolist(),
        lines[BUDGET].tolist(),
        lines[EXEC_RATE].tolist(),
        strict=True,
    ):
        name = item or cat
        if rate is not None and rate > EXEC_OVER:
            findings.append(
                Problem(
                    "warning",
                    f"{name} 执行数 {fmt.money(actual)} 超过全年预算数 {fmt.money(budget)}"
                    f"（执行率 {fmt.percent(rate)}），请核实是否超预算支出",
                    sheet=SHEET_SPENDING,
                    row=row,
                    column=ACTUAL,
                    code=CODE_OVER_BUDGET,
                )
            )
        elif scoring.is_unit_slip(actual, budget):
            findings.append(
                Problem(
                    "warning",
                    f"{name} 执行数 {fmt.money(actual)} 与全年预算数 {fmt.money(budget)} "
                    "相差约一万倍，单位可能有误",
                    sheet=SHEET_SPENDING,
                    row=row,
                    column=ACTUAL,
                    code=CODE_UNIT_SLIP,
                )
            )
    if exec_.rate is not None and exec_.rate > EXEC_OVER:
        findings.append(
            Problem(
                "warning",
                f"全年执行数合计 {fmt.money(exec_.actual)} 超过全年预算数合计 "
                f"{fmt.money(exec_.budget)}（预算执行率 {fmt.percent(exec_.rate)}），"
                "预算执行率得分按100%封顶；请核实是否超预算支出或金额单位有误",
                sheet=SHEET_SPENDING,
                column=ACTUAL,
                code=CODE_OVER_BUDGET,
            )
        )
    if exec_.rows_total and exec_.rows == 0:
        findings.append(
            Problem(
                "note",
                "支出表未填报全年预算数，无法计算预算执行率，该部分不计分",
                sheet=SHEET_SPENDING,
                column=BUDGET,
                code=CODE_NO_BUDGET,
            )
        )
    return findings


# Checks whose outcome is a kind of finding: passed when no finding of those codes was raised.
FINDING_CHECKS = (
    (
        "工作簿格式（表头、数字、单位、隐藏内容）",
        (
            CODE_REPEATED_HEADER,
            CODE_HIDDEN_SHEET,
            CODE_CONTROL_CHARS,
            CODE_LONG_TEXT,
            CODE_UNKNOWN_COLUMN,
            CODE_MACROS,
        ),
    ),
    ("小计、合计与明细一致", (CODE_SUBTOTAL_MISMATCH,)),
    ("执行数未超过全年预算数", (CODE_OVER_BUDGET,)),
    ("金额和指标的单位（元/万元/亿元）", (CODE_UNIT_SLIP, CODE_TEXT_UNIT)),
    ("文字说明中的数字与数据、自身算术一致", (CODE_TEXT_MISMATCH, CODE_TEXT_DOUBT, CODE_TEXT_UNIT)),
    ("绩效指标设定了量化目标", (scoring.CODE_UNQUANTIFIED,)),
    ("未达标指标说明了偏差原因", (scoring.CODE_MISSING_REASON,)),
    ("目标值不明显偏低", (scoring.CODE_TARGET_LOW,)),
    ("人数与编制相符", (unitinfo.CODE_STAFF_OVER, unitinfo.CODE_RETIRED_SUM)),
)


def finding_checks(findings: list[Problem], unquantified: int) -> list[Check]:
    checks = []
    for name, codes in FINDING_CHECKS:
        hits = [f for f in findings if f.code in codes]
        if not hits:
            detail = "未发现问题"
        elif scoring.CODE_UNQUANTIFIED in codes:  # one summarising finding names them all
            detail = f"{unquantified}项指标未量化，见“存在的问题”"
        else:
            detail = f"发现{len(hits)}处，见“存在的问题”"
        checks.append(Check(name, not hits, detail))
    return checks
