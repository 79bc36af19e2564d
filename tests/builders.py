"""Workbook objects built in memory (no Excel) for model, report and store tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    DIR_GE,
    DIRECTION,
    FUND,
    FUND_GENERAL,
    INFO_UNIT,
    INFO_YEAR,
    ITEM,
    KPI_NAME,
    KPI_UNIT,
    L1,
    L1_OUTPUT,
    L1_SATISFACTION,
    L2,
    RESULT,
    ROW,
    TABLE_COLUMNS,
    TARGET,
    Workbook,
    make_table,
)
from perfeval.template import write_workbook


def line(
    category: str,
    item: str | None,
    actual: str,
    budget: str | None = None,
    fund: str = FUND_GENERAL,
) -> dict[str, Any]:
    return {
        FUND: fund,
        CATEGORY: category,
        ITEM: item,
        ACTUAL: Decimal(actual),
        BUDGET: Decimal(budget) if budget is not None else None,
    }


def basic(item: str | None, actual: str, budget: str | None = None) -> dict[str, Any]:
    return line(CAT_BASIC, item, actual, budget)


def project(item: str | None, actual: str, budget: str | None = None) -> dict[str, Any]:
    return line(CAT_PROJECT, item, actual, budget)


def indicator(
    name: str,
    target: str | None,
    result: str,
    l1: str = L1_OUTPUT,
    direction: str = DIR_GE,
    **extra: Any,
) -> dict[str, Any]:
    return {
        L1: l1,
        KPI_NAME: name,
        DIRECTION: direction,
        TARGET: Decimal(target) if target is not None else None,
        RESULT: Decimal(result),
        **extra,
    }


def workbook(
    unit: str,
    year: int,
    spending: list[dict[str, Any]],
    indicators: list[dict[str, Any]] = (),
    texts: dict[str, str] | None = None,
    info: dict[str, str] | None = None,
) -> Workbook:
    rows = [{ROW: i + 3, **r} for i, r in enumerate(spending)]
    kpis = [{ROW: i + 3, **r} for i, r in enumerate(indicators)]
    return Workbook(
        unit=unit,
        year=year,
        info={"单位名称": unit, "年度": str(year), **(info or {})},
        spending=make_table(rows, TABLE_COLUMNS["spending"]),
        indicators=make_table(kpis, TABLE_COLUMNS["indicators"]),
        texts=dict(texts or {}),
    )


# Two indicators as a finance clerk writes them in the sheet (targets in the 绩效自评表 form).
SHEET_INDICATORS = (
    {
        L1: L1_OUTPUT,
        L2: "数量指标",
        KPI_NAME: "培训人次",
        KPI_UNIT: "人次",
        DIRECTION: DIR_GE,
        TARGET: "≥100人次",
        RESULT: 120,
    },
    {
        L1: L1_SATISFACTION,
        L2: "服务对象满意度指标",
        KPI_NAME: "服务对象满意度",
        KPI_UNIT: "%",
        DIRECTION: DIR_GE,
        TARGET: "≥90%",
        RESULT: 95,
    },
)


def contract_workbook(unit: str, year: int, spending: list[dict[str, Any]]) -> bytes:
    """.xlsx bytes in the contract format: the given spending rows and SHEET_INDICATORS."""
    indicators = [dict(row) for row in SHEET_INDICATORS]
    return write_workbook({INFO_UNIT: unit, INFO_YEAR: year}, spending, indicators=indicators)
