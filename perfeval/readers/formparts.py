"""The cells every 自评表 shares: a number as written (its places, its cell, whether it is a
percentage), the money unit the title rows or a header state, the texts under their labels."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from perfeval.readers import targets
from perfeval.readers.grid import Grid, HeaderHit
from perfeval.readers.labels import label, norm, split_label_value
from perfeval.readers.values import NotNumber, float_decimal, parse_number
from perfeval.readers.vocab import MONEY_UNITS as AMOUNT_UNITS
from perfeval.readers.vocab import split_unit_code
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    BUDGET_INITIAL,
)

AMOUNTS = (BUDGET_INITIAL, BUDGET, ACTUAL)
TOTAL_LABELS = ("总分", "合计", "总计")
strip_code = split_unit_code  # the one splitter (readers/vocab.py)
_INDICATOR_NO = re.compile(r"^指标\s*\d+\s*[:：]\s*")


def money_factor(grid: Grid, hit: HeaderHit | None) -> Decimal:
    """万元 unless the title rows or the header say 元 / 亿元 (`金额单位：元`, `（元）`)."""
    rows = list(grid.title_rows()) + ([hit.row] if hit else [])
    for row in rows:
        for _, text in grid.row_texts(row):
            split = split_label_value(text)
            if split and label(split[0]).text in ("金额单位", "单位"):
                unit = norm(split[1])
                if unit in AMOUNT_UNITS:
                    return AMOUNT_UNITS[unit]
            found = re.search(r"\((万元|元|亿元)\)", norm(text))
            if found:
                return AMOUNT_UNITS[found.group(1)]
    return Decimal(1)


@dataclass(frozen=True)
class Number:
    """A number read from a cell with how it was written: value, decimal places, cell."""

    value: Decimal
    places: int
    where: str
    percent: bool = False  # written as a percentage (95.20% → value 95.20)


def read_number(grid: Grid, row: int, col: int | None) -> Number | None:
    """A plain number cell (text with thousands separators, 95.20%, a %-formatted number)."""
    if col is None:
        return None
    where = grid.ref(row, col)
    shown = grid.percent(row, col)
    if shown is not None:
        return (
            Number(shown, _places(shown), where, percent=True) if targets.plausible(shown) else None
        )
    value = grid.raw(row, col)
    if value is None or (isinstance(value, str) and grid.text(row, col) is None):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        number, suffix = parse_number(value)
    except NotNumber:
        return None
    suffix = suffix.strip()
    if suffix not in ("", "%", "分", "万元", "元"):
        return None
    if isinstance(value, float):
        number = float_decimal(value)
    if not targets.plausible(number):
        return None
    return Number(number, _places(number), where, percent=suffix == "%")


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def read_cell_number(text: str) -> Decimal | None:
    try:
        number, suffix = parse_number(text)
    except NotNumber:
        return None
    plain = suffix.strip() in ("", "万元", "元")
    return number if plain and targets.plausible(number) else None


# ---------------------------------------------------------------- fields and texts
def read_texts(grid: Grid, sections: dict[str, tuple[str, ...]], start: int = 0) -> dict[str, str]:
    """Each section's text: right of its label, or below it when the label heads a column."""
    all_aliases = {a for aliases in sections.values() for a in aliases}
    texts: dict[str, str] = {}
    for section, aliases in sections.items():
        for row, col in grid.find(aliases, start or None):
            found = grid.right_of(row, col)
            if found is not None and label(found[0]).text not in all_aliases:
                texts[section] = found[0]
                break
            below = row + 1
            while below <= grid.last and grid.origin(below, col) == grid.origin(row, col):
                below += 1
            text = grid.text(below, col) if below <= grid.last else None
            if text is not None and label(text).text not in all_aliases:
                texts[section] = text
                break
    return texts
