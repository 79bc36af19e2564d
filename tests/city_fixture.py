"""A small city written as contract workbooks, with figures worked out by hand (see FIGURES):
four units, 2023–2024; 丙局 did not report 2024 (未报送), 丁站 reported only 2024."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from perfeval.readers import read_workbook
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
    INFO_DEPARTMENT,
    INFO_STAFF,
    INFO_STAFF_QUOTA,
    INFO_UNIT,
    INFO_UNIT_TYPE,
    INFO_YEAR,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    KPI_NAME,
    L1,
    L1_OUTPUT,
    RESULT,
    TARGET,
)
from perfeval.store.core import Store
from perfeval.template import write_workbook
from tests.builders import SHEET_INDICATORS

A, B, C, D = "测试市甲局", "测试市乙中心", "测试市丙局", "测试市丁站"
GOV = "测试市人民政府"

# (unit, year) → spending lines (category, item, actual, budget or None)
FIGURES: dict[tuple[str, int], list[tuple[str, str, str, str | None]]] = {
    (A, 2023): [
        (CAT_BASIC, ITEM_PERSONNEL, "100", None),
        (CAT_BASIC, ITEM_PUBLIC, "20", None),
        (CAT_PROJECT, "甲项目", "200", "250"),
    ],  # 320.00
    (A, 2024): [
        (CAT_BASIC, ITEM_PERSONNEL, "110", "110"),
        (CAT_BASIC, ITEM_PUBLIC, "30.5", "35"),
        (CAT_PROJECT, "甲项目", "300", "400"),
        (CAT_PROJECT, "乙项目", "50.25", "50"),
    ],  # 490.75 = 140.50 + 350.25; budget 595
    (B, 2023): [
        (CAT_BASIC, ITEM_PERSONNEL, "50", None),
        (CAT_BASIC, ITEM_PUBLIC, "10", None),
        (CAT_PROJECT, "丙项目", "40", None),
    ],  # 100.00
    (B, 2024): [
        (CAT_BASIC, ITEM_PERSONNEL, "60", "60"),
        (CAT_BASIC, ITEM_PUBLIC, "12", "12"),
        (CAT_PROJECT, "丙项目", "28", "40"),
    ],  # 100.00 = 72 + 28; budget 112
    (C, 2023): [(CAT_BASIC, ITEM_PERSONNEL, "30", None), (CAT_PROJECT, "丁项目", "70", None)],
    (D, 2024): [(CAT_BASIC, ITEM_PERSONNEL, "5", None), (CAT_PROJECT, "戊项目", "15", None)],
}
INFO: dict[str, dict[str, Any]] = {
    A: {INFO_DEPARTMENT: GOV, INFO_UNIT_TYPE: "行政", INFO_STAFF_QUOTA: 10, INFO_STAFF: 12},
    B: {INFO_DEPARTMENT: A, INFO_UNIT_TYPE: "事业单位", INFO_STAFF_QUOTA: 20, INFO_STAFF: "35人"},
    C: {INFO_DEPARTMENT: GOV, INFO_UNIT_TYPE: "行政"},
    D: {},
}
# 甲局 2024 has one indicator without a target (未量化) beside the two quantified ones.
UNQUANTIFIED = {L1: L1_OUTPUT, KPI_NAME: "宣传覆盖面", DIRECTION: DIR_GE, TARGET: None, RESULT: 80}


def workbook_bytes(unit: str, year: int) -> bytes:
    spending = [
        {
            FUND: FUND_GENERAL,
            CATEGORY: cat,
            ITEM: item,
            ACTUAL: Decimal(actual),
            BUDGET: Decimal(budget) if budget else None,
        }
        for cat, item, actual, budget in FIGURES[unit, year]
    ]
    indicators = [dict(r) for r in SHEET_INDICATORS] if unit in (A, B) else []
    if (unit, year) == (A, 2024):
        indicators.append(dict(UNQUANTIFIED))
    info = {INFO_UNIT: unit, INFO_YEAR: year, **INFO[unit]}
    return write_workbook(info, spending, indicators=indicators)


def write_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for unit, year in FIGURES:
        path = folder / f"{unit}-{year}.xlsx"
        path.write_bytes(workbook_bytes(unit, year))
        paths.append(path)
    return paths


def fill(store: Store, paths: list[Path]) -> None:
    """Through the real reader, as an upload would."""
    items = []
    for path in paths:
        data = path.read_bytes()
        result = read_workbook(data, path.name)
        assert result.ok, [str(p) for p in result.problems]
        items.append((result.workbook, data, path.name))
    store.save_many(items)
