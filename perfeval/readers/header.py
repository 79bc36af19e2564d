"""Header rows: find the row naming a table's columns, map column names (with units) to indices.
Unknown columns are noted, missing required ones are errors naming the row."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perfeval.readers.problems import Log
from perfeval.readers.sheets import Sheet, column_letters
from perfeval.readers.values import HEADER_UNIT, MEMO_CHARS, MEMO_SIZE, UNIT_WAN, show, squash
from perfeval.readers.vocab import MONEY_UNITS
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    BUDGET_INITIAL,
    CODE_UNKNOWN_COLUMN,
    INCOME,
)

# Units an amount column may carry in its header, and how each converts to 万元 (the one table).
AMOUNT_UNITS = MONEY_UNITS
AMOUNT_COLUMNS = (BUDGET_INITIAL, BUDGET, ACTUAL, INCOME)


# ================================================================ headers
@dataclass
class Header:
    row: int
    cols: dict[str, int]  # canonical column → column index
    units: dict[str, str]  # canonical column → unit written in brackets
    first_col: int
    marker_cols: dict[tuple[str, ...], tuple[int, ...]] = field(default_factory=dict)


def header_name(value: Any) -> tuple[str, str | None] | None:
    if not isinstance(value, str):
        return None
    if len(value) <= MEMO_CHARS and value.__class__ is str:
        return _header_name_memo(value)
    return _parse_header_name(value)


def _parse_header_name(value: str) -> tuple[str, str | None] | None:
    name = squash(value)
    if not name:
        return None
    match = HEADER_UNIT.match(name)
    if match:
        return match.group(1), match.group(2)
    return name, None


_header_name_memo = functools.lru_cache(maxsize=MEMO_SIZE)(_parse_header_name)


def find_header(
    sheet: Sheet, known: Iterable[str], required: Iterable[str], log: Log
) -> Header | None:
    known, required = tuple(known), tuple(required)
    best: tuple[int, int] | None = None  # (matches, Excel row)
    for i in range(len(sheet.rows)):
        cells = _header_cells(sheet, sheet.first_row + i)
        names = {}
        for value in cells:
            parsed = header_name(value)
            if parsed and parsed[0] in known:
                names[parsed[0]] = True
        if all(name in names for name in required):
            return _make_header(sheet, sheet.first_row + i, known, log)
        if names and (best is None or len(names) > best[0]):
            best = (len(names), sheet.first_row + i)
    wanted = "」「".join(required)
    if best is None:
        log.error(
            "missing_column",
            f"找不到表头行：需要一行写有「{wanted}」等列名，请按模板填写表头",
            sheet=sheet.name,
        )
        return None
    header = _make_header(sheet, best[1], known, log, quiet=True)
    for name in required:
        if name not in header.cols:
            log.error(
                "missing_column",
                f"表头（第{best[1]}行）缺少必填列「{name}」，请按模板补上该列",
                sheet=sheet.name,
                row=best[1],
                column=name,
            )
    return None


def _make_header(
    sheet: Sheet, row: int, known: tuple[str, ...], log: Log, quiet: bool = False
) -> Header:
    cols: dict[str, int] = {}
    units: dict[str, str] = {}
    first_col: int | None = None
    cells = _header_cells(sheet, row)
    unknown: list[str] = []
    for col, value in enumerate(cells):
        parsed = header_name(value)
        if parsed is None:
            continue
        if first_col is None:
            first_col = col
        name, unit = parsed
        if name not in known:
            unknown.append(show(value))
            continue
        if name in cols:
            if not quiet:
                log.error(
                    "duplicate_column",
                    f"表头中「{name}」出现了两次（{column_letters(cols[name])}列和"
                    f"{column_letters(col)}列），请删除多余的一列",
                    sheet=sheet.name,
                    row=row,
                    column=name,
                )
            continue
        cols[name] = col
        if unit is not None:
            units[name] = unit
    if unknown and not quiet:
        _note_unknown_columns(sheet, row, unknown, log)
    return Header(row, cols, units, first_col or 0)


def _header_cells(sheet: Sheet, row: int) -> list[Any]:
    """The cells of a header candidate; a blank cell under a header cell merged down from a row
    above (支出类别 merged over two header rows) takes that cell's name."""
    i = row - sheet.first_row
    cells = sheet.rows[i] if 0 <= i < len(sheet.rows) else []
    if not sheet.merged:
        return cells
    filled = list(cells)
    for col, value in enumerate(filled):
        if value is None or (isinstance(value, str) and not value.strip()):
            origin = sheet.merged.get((row, col))
            if origin is not None and origin[1] == col and origin[0] < row:
                filled[col] = sheet.value(*origin)
    return filled


_UNKNOWN_LISTED = 5  # unknown columns named one by one; more are summed up in one note


def _note_unknown_columns(sheet: Sheet, row: int, unknown: list[str], log: Log) -> None:
    if len(unknown) <= _UNKNOWN_LISTED:
        for shown in unknown:
            log.note(
                CODE_UNKNOWN_COLUMN,
                f"列「{shown}」不是模板中的列，已忽略",
                sheet=sheet.name,
                row=row,
            )
        return
    listed = "」「".join(unknown[:_UNKNOWN_LISTED])
    log.note(
        CODE_UNKNOWN_COLUMN,
        f"表头中有 {len(unknown)} 列不是模板中的列（「{listed}」等），已忽略",
        sheet=sheet.name,
        row=row,
    )


def amount_factors(sheet: Sheet, header: Header, log: Log) -> dict[str, tuple[Decimal, str]]:
    """Amount column → (factor to 万元, unit as written)."""
    factors = {}
    for name in AMOUNT_COLUMNS:
        if name not in header.cols:
            continue
        unit = header.units.get(name, UNIT_WAN)
        if unit not in AMOUNT_UNITS:
            log.error(
                "bad_unit",
                f"金额列的单位“{unit}”无法识别，请改为（万元）、（元）或（亿元）",
                sheet=sheet.name,
                row=header.row,
                column=name,
            )
            factors[name] = (Decimal(1), unit)
        else:
            factors[name] = (AMOUNT_UNITS[unit], unit)
    return factors
