"""The city table once, for the page, the Excel download and `python -m perfeval rollup` (every
unit's written reports as files: perfeval/report/bundle.py)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook as XlsxBook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from perfeval import fmt
from perfeval.city.rows import City, UnitRow
from perfeval.exports import put
from perfeval.model.figures import TOTAL
from perfeval.schema import CAT_BASIC, CAT_PROJECT, EXEC_RATE, INFO_DEPARTMENT, INFO_UNIT_TYPE
from perfeval.schema import INFO_STAFF as STAFF
from perfeval.schema import SCORE as SCORE_COL

UNIT = "单位"
YOY = "同比"
GRADE = "等级"
QUANT_SHARE = "量化指标占比"
FINDINGS = "发现问题"
PER_HEAD_PERSONNEL = "人均人员经费"
PER_HEAD_PUBLIC = "人均公用经费"
MISSING_SHEET = "未报送"

TEXT, MONEY, RATE, SCORE, COUNT = "text", "money", "rate", "score", "count"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    value: Callable[[UnitRow], object]


COLUMNS: tuple[Column, ...] = (
    Column(UNIT, TEXT, lambda r: r.unit),
    Column(INFO_DEPARTMENT, TEXT, lambda r: r.department),
    Column(INFO_UNIT_TYPE, TEXT, lambda r: r.unit_type),
    Column(TOTAL, MONEY, lambda r: r.total.current),
    Column(YOY, RATE, lambda r: r.total.ratio),
    Column(CAT_BASIC, MONEY, lambda r: r.basic),
    Column(CAT_PROJECT, MONEY, lambda r: r.project),
    Column(EXEC_RATE, RATE, lambda r: r.exec_rate),
    Column(SCORE_COL, SCORE, lambda r: r.score),
    Column(GRADE, TEXT, lambda r: r.grade),
    Column(QUANT_SHARE, RATE, lambda r: r.quantified_share),
    Column(FINDINGS, COUNT, lambda r: r.findings),
    Column(STAFF, COUNT, lambda r: r.staff.active),
    Column(PER_HEAD_PERSONNEL, MONEY, lambda r: r.per_head_personnel),
    Column(PER_HEAD_PUBLIC, MONEY, lambda r: r.per_head_public),
)
EXCEL_FORMATS = {MONEY: '#,##0.00"万元"', RATE: "0.00%", SCORE: "0.00", COUNT: "0"}


def shown(kind: str, value: object) -> object:
    """A cell as shown: money and scores rounded half-up to cents, rates as such (ratio)."""
    if value is None or kind in (TEXT, COUNT):
        return value
    if kind == RATE:
        return fmt.round2(Decimal(value) * 100) / 100  # 21.62% exactly as the page prints it
    return fmt.round2(Decimal(value))


def rows(city: City) -> Iterator[dict[str, object]]:
    """One dict per unit, in the city's order: column name → the shown value (Decimal or text)."""
    for r in city.rows:
        yield {c.name: shown(c.kind, c.value(r)) for c in COLUMNS}


def frame(city: City, link: str) -> pd.DataFrame:
    """The table for st.dataframe: numbers as floats of the shown values (rates in %), text as
    text, and `link` holding each unit's 总览 address, first."""
    out = []
    for r, record in zip(city.rows, rows(city), strict=True):
        cells: dict[str, object] = {link: r.link}
        for c in COLUMNS:
            value = record[c.name]
            if c.kind == TEXT:
                value = value or "—"  # a number column keeps its blank: it must sort
            elif value is not None and c.kind != COUNT:
                value = float(value * 100) if c.kind == RATE else float(value)
            cells[c.name] = value
        out.append(cells)
    return pd.DataFrame(out, columns=[link, *(c.name for c in COLUMNS)])


# ---------------------------------------------------------------- Excel
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_CENTER = Alignment(horizontal="center", vertical="center")


def _header(ws, headers: list[str]) -> None:
    for col, name in enumerate(headers, start=1):
        cell = put(ws, 1, col, name)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _CENTER
    ws.freeze_panes = "B2"


def to_xlsx(city: City) -> bytes:
    """Sheet 1: the table (header row, numbers as numbers with 万元/% formats, text never a
    formula); sheet 未报送: units with other years but not this one."""
    book = XlsxBook()
    ws = book.active
    ws.title = f"{city.year}年全市汇总"
    _header(ws, [c.name for c in COLUMNS])
    widths = [max(8, 2 * len(c.name) + 2) for c in COLUMNS]
    for r, record in enumerate(rows(city), start=2):
        for col, column in enumerate(COLUMNS, start=1):
            value = record[column.name]
            cell = put(ws, r, col, float(value) if isinstance(value, Decimal) else value)
            if cell is not None and column.kind in EXCEL_FORMATS:
                cell.number_format = EXCEL_FORMATS[column.kind]
            if column.kind == TEXT and value:
                widths[col - 1] = max(widths[col - 1], min(2 * len(str(value)) + 2, 40))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    missing = book.create_sheet(MISSING_SHEET)
    _header(missing, [UNIT, "最近报送年度", "首次报送年度"])
    for r, m in enumerate(city.missing, start=2):
        put(missing, r, 1, m.unit)
        put(missing, r, 2, m.last_year)
        put(missing, r, 3, m.first_year)
    missing.column_dimensions["A"].width = 40
    missing.column_dimensions["B"].width = missing.column_dimensions["C"].width = 14
    buffer = io.BytesIO()
    book.properties.creator = "perfeval"
    book.save(buffer)
    return buffer.getvalue()


def xlsx_filename(year: int) -> str:
    return f"{year}年全市预算绩效自评汇总.xlsx"
