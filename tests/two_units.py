"""Two test units with two years each, as contract workbooks: the page tests' and the login
tests' data (figures by hand; budgets are actual + 5 per row)."""

from __future__ import annotations

from decimal import Decimal

from perfeval.readers import read_workbook
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    FUND,
    FUND_GENERAL,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
)
from perfeval.store.core import Store
from tests.builders import contract_workbook

UNIT_A = "测试市一局"
UNIT_B = "测试市二局"

# (unit, year) → (人员经费, 公用经费, [project actuals]) in 万元; budgets are actual + 5 per row.
FIGURES: dict[tuple[str, int], tuple[str, str, list[str]]] = {
    (UNIT_A, 2023): ("110", "20", ["220"]),  # 支出合计 350.00
    (UNIT_A, 2024): ("100", "20.5", ["180", "120"]),  # 支出合计 420.50, +70.50 (+20.14%)
    (UNIT_B, 2023): ("800", "100", ["500"]),  # 支出合计 1400.00
    (UNIT_B, 2024): ("900", "134.56", ["200"]),  # 支出合计 1234.56, -165.44 (-11.82%)
}


# ---------------------------------------------------------------- workbooks and stores


def workbook_bytes(unit: str, year: int, personnel: str, public: str, projects: list[str]) -> bytes:
    """A filled contract workbook: basic spending in two lines, one line per project, 2 KPIs."""

    def line(category: str, item: str, actual: str) -> dict:
        amount = Decimal(actual)
        return {
            FUND: FUND_GENERAL,
            CATEGORY: category,
            ITEM: item,
            BUDGET: amount + 5,
            ACTUAL: amount,
        }

    spending = [line(CAT_BASIC, ITEM_PERSONNEL, personnel), line(CAT_BASIC, ITEM_PUBLIC, public)]
    spending += [line(CAT_PROJECT, f"测试项目{i + 1}", a) for i, a in enumerate(projects)]
    return contract_workbook(unit, year, spending)


def save(store: Store, unit: str, year: int) -> None:
    data = workbook_bytes(unit, year, *FIGURES[unit, year])
    name = f"{unit}-{year}.xlsx"
    result = read_workbook(data, name)
    assert result.ok, result.problems
    store.save(result.workbook, data, name)
