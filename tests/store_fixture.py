"""Hand-built workbooks and stand-in file bytes for the store's tests (both backends)."""

from __future__ import annotations

from decimal import Decimal

from perfeval.schema import (
    ACTUAL,
    BUDGET,
    BUDGET_INITIAL,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    FUND,
    FUND_GENERAL,
    INFO_UNIT,
    INFO_YEAR,
    ITEM,
    ITEM_PERSONNEL,
    ROW,
    TABLE_COLUMNS,
    Workbook,
    make_table,
)

UNIT = "市教育局"


def make_workbook(unit: str = UNIT, year: int = 2023, actual: str = "1234.56") -> Workbook:
    spending = make_table(
        [
            {
                ROW: 2,
                FUND: FUND_GENERAL,
                CATEGORY: CAT_BASIC,
                ITEM: ITEM_PERSONNEL,
                BUDGET_INITIAL: Decimal("1000.00"),
                BUDGET: Decimal("1300.10"),
                ACTUAL: Decimal(actual),
            },
            {
                ROW: 3,
                FUND: FUND_GENERAL,
                CATEGORY: CAT_PROJECT,
                ITEM: "校舍维修",
                BUDGET_INITIAL: None,
                BUDGET: Decimal("0.01"),
                ACTUAL: Decimal("0.005"),
            },
        ],
        TABLE_COLUMNS["spending"],
    )
    return Workbook(
        unit=unit, year=year, info={INFO_UNIT: unit, INFO_YEAR: str(year)}, spending=spending
    )


def xlsx(tag: str) -> bytes:
    """Stand-in file bytes (the store never parses them), including bytes that are not UTF-8."""
    return b"PK\x03\x04\x00\xff\xfe" + tag.encode() + bytes(range(256))
