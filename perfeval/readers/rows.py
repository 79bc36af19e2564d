"""Data rows of a table: typed access to each cell (text, label, amount, choice) with problems
naming sheet, row and column; 合计/小计 rows are checked against the rows they sum."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfeval.readers import safezip
from perfeval.readers.header import Header, header_name
from perfeval.readers.problems import Log
from perfeval.readers.sheets import Sheet, column_letters
from perfeval.readers.values import (
    CONTROL,
    MEMO_CHARS,
    MEMO_SIZE,
    UNIT_ALIASES,
    UNIT_WAN,
    NotNumber,
    as_text,
    clean_text,
    parse_number,
    percent_of,
    plain_decimal,
    show,
    squash,
)
from perfeval.readers.vocab import FOOTER_FIRST_CHARS, is_footer
from perfeval.schema import (
    CATEGORY,
    CODE_CONTROL_CHARS,
    CODE_LONG_TEXT,
    CODE_REPEATED_HEADER,
    CODE_SUBTOTAL_MISMATCH,
    FUND,
    INFO_KEY,
    L1,
    L2,
    ROW,
    SECTION,
    SUBTOTAL_MARKERS,
)

# Columns whose merged cells (e.g. 支出类别 merged over its rows) apply to every row they cover.
FILL_MERGED = (FUND, CATEGORY, L1, L2, INFO_KEY, SECTION)
_SUBTOTAL = re.compile("^(" + "|".join(SUBTOTAL_MARKERS) + r")(?:[:(].*)?$")  # on NFKC text
SUBTOTAL_PART = "小计"  # sums its section; 合计/总计 sum everything since the previous 合计/总计


SUBTOTAL_TOLERANCE = Decimal("0.005")  # 万元; a typed subtotal may round its parts to the cent


# ================================================================ rows
_NO_FACTOR = (Decimal(1), UNIT_WAN)


class Row:
    """One data row of a table, with the checks that report problems against its cells."""

    __slots__ = ("cells", "cleaned", "cols", "flagged", "header", "log", "plain", "row", "sheet")

    def __init__(self, sheet: Sheet, header: Header, row: int, log: Log) -> None:
        self.sheet, self.header, self.row, self.log = sheet, header, row, log
        self.flagged: set[str] = set()  # cells already reported as formula / error values
        self.cleaned: set[str] = set()  # cells already reported for control characters
        i = row - sheet.first_row
        self.cells: list[Any] = sheet.rows[i] if 0 <= i < len(sheet.rows) else []
        self.cols = header.cols
        self.plain = not sheet.uncached and not sheet.errors  # no formula / error cell to flag

    def _at(self, col: int) -> Any:
        cells = self.cells
        if col >= len(cells):
            return None
        value = cells[col]
        if value is None or (value.__class__ is str and not value.strip()):
            return None
        return value

    def first_text(self) -> Any:
        """The first filled cell of the row, from the header's first column on."""
        cells = self.cells
        for col in range(self.header.first_col, len(cells)):
            value = cells[col]
            if value is not None and not (value.__class__ is str and not value.strip()):
                return value
        return None

    def raw(self, name: str, fill: bool = False) -> Any:
        col = self.cols.get(name)
        if col is None:
            return None
        cells = self.cells
        value = cells[col] if col < len(cells) else None
        if value is not None and value.__class__ is str and not value.strip():
            value = None
        if value is None and fill and name in FILL_MERGED and self.sheet.merged:
            origin = self.sheet.merged.get((self.row, col))
            if origin is not None:
                value = self.sheet.value(*origin)
        return value

    def is_blank(self) -> bool:
        sheet, cells, plain = self.sheet, self.cells, self.plain
        size = len(cells)
        for col in self.cols.values():
            if col < size:
                value = cells[col]
                if value is not None and not (value.__class__ is str and not value.strip()):
                    return False
            if not plain:
                key = (self.row, col)
                if key in sheet.uncached or key in sheet.errors:
                    return False
        return True

    def error(self, name: str, code: str, message: str) -> None:
        self.log.error(code, message, sheet=self.sheet.name, row=self.row, column=name)

    def percent(self, name: str) -> Decimal | None:
        """The cell's number × 100 when it is a number shown with a percentage format (98.8%
        typed into Excel is stored as 0.988): the number as typed, its unit %; else None."""
        if not self.sheet.percent:
            return None  # the usual sheet: no percentage format
        col = self.cols.get(name)
        if col is None or (self.row, col) not in self.sheet.percent:
            return None
        value = self.raw(name)
        if value.__class__ is int or (value.__class__ is float and math.isfinite(value)):
            return percent_of(value)
        return None  # text ("98.8%" typed as text is read as written), a date, a boolean

    def percent_hint(self, name: str) -> str:
        """For a unit conflict: say the % comes from the cell's format, not from its text."""
        col = self.cols.get(name)
        if col is None or self.percent(name) is None:
            return ""
        return (
            f"（单元格 {column_letters(col)}{self.row} 设置了百分比格式；如果不是百分比，"
            "请把单元格格式改为“常规”或“数值”后重新填写）"
        )

    def cell_ok(self, name: str) -> bool:
        """False (and an error) when the cell is a formula without value or an Excel error."""
        if not self.sheet.uncached and not self.sheet.errors:
            return True  # the usual case: nothing to look for
        col = self.header.cols.get(name)
        if col is None:
            return True
        if name in self.flagged:
            return False
        key = (self.row, col)
        if key not in self.sheet.uncached and key not in self.sheet.errors:
            return True
        self.flagged.add(name)
        ref = f"{column_letters(col)}{self.row}"
        if key in self.sheet.uncached:
            self.error(
                name,
                "formula_no_cache",
                f"单元格 {ref} 是公式但没有计算结果（文件未经 Excel 计算保存），"
                "请在 Excel 中打开并保存，或直接填写数值",
            )
            return False
        if key in self.sheet.errors:
            self.error(
                name,
                "excel_error",
                f"单元格 {ref} 是 Excel 错误值 {self.sheet.errors[key]}，请改正公式或填写数值",
            )
        return False

    def text(self, name: str, fill: bool = False) -> str | None:
        if not (self.plain or self.cell_ok(name)):
            return None
        value = self.raw(name, fill)
        if value is None:
            return None
        if value.__class__ is str:
            text, dirty = clean_text(value)
        else:
            text = as_text(value)
            dirty = text is not None and CONTROL.search(text) is not None
            if dirty:
                text = CONTROL.sub("", text).strip() or None  # type: ignore[arg-type]
        if dirty and name not in self.cleaned:
            self.cleaned.add(name)
            self.log.warning(
                CODE_CONTROL_CHARS,
                "单元格含有不可见的控制字符（常见于从网页或系统导出后粘贴），已删除；请核对内容",
                sheet=self.sheet.name,
                row=self.row,
                column=name,
            )
        return text

    def name(self, name: str) -> str | None:
        """A name (project, income item, indicator): text, flagged when implausibly long."""
        text = self.text(name)
        if text is not None and len(text) > safezip.MAX_NAME_CHARS:
            self.log.warning(
                CODE_LONG_TEXT,
                f"名称长达 {len(text)} 个字（超过 {safezip.MAX_NAME_CHARS} 个字），可能误粘贴了其他内容；"
                "已照原样读取，请核对，说明性文字请写在「备注」或「文字说明」中",
                sheet=self.sheet.name,
                row=self.row,
                column=name,
            )
        return text

    def label(self, name: str) -> str | None:
        """A cell compared with an enumeration: white space removed, full-width folded."""
        text = self.text(name, fill=True)
        if text is None:
            return None
        return squash(text) or None

    def require(self, name: str) -> None:
        """An error when a required cell is blank (formula cells are reported on their own)."""
        if self.raw(name, fill=True) is None and (self.plain or self.cell_ok(name)):
            self.error(name, "missing_value", f"「{name}」必须填写，不能留空")

    def amount(self, name: str, factors: dict[str, tuple[Decimal, str]]) -> Decimal | None:
        if not (self.plain or self.cell_ok(name)):
            return None
        value = self.raw(name)
        if value is None:
            return None
        factor, unit = factors.get(name, _NO_FACTOR)
        if value.__class__ is float and 0 <= value < math.inf:  # the usual cell: a plain number
            number = Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
            return number * factor if factor != 1 else number
        hint = f"请填写以{unit}为单位的数字"
        try:
            number, suffix = parse_number(value)
        except NotNumber as exc:
            self.error(name, "not_a_number", f"{exc}，{hint}")
            return None
        if suffix and UNIT_ALIASES.get(suffix, suffix) != unit:
            self.error(name, "bad_unit", f"“{show(value)}” 的单位与本列（{unit}）不一致，{hint}")
            return None
        if number < 0:
            how = "（会计格式的括号表示负数）" if str(value).strip()[:1] in "(（" else ""
            self.error(
                name, "negative_amount", f"“{show(value)}” 是负数{how}，金额不能为负，{hint}"
            )
            return None
        return number * factor if factor != 1 else number

    def choice(self, name: str, allowed: tuple[str, ...], code: str) -> str | None:
        value = self.label(name)
        if value is None:
            return None
        if value in allowed:
            return value
        if name in (L1, L2) and value + "指标" in allowed:
            return value + "指标"
        listed = "、".join(allowed)
        self.error(name, code, f"“{show(self.raw(name, True))}” 不是可选值，请填写：{listed}")
        return None


def data_rows(sheet: Sheet, header: Header, log: Log) -> Iterable[Row]:
    last = sheet.first_row + len(sheet.rows) - 1
    limit = sheet.first_row + safezip.MAX_SHEET_ROWS
    extra = [r for r, _ in sheet.uncached | set(sheet.errors) if r < limit]
    if extra:
        last = max(last, *extra)
    for row in range(header.row + 1, last + 1):
        line = Row(sheet, header, row, log)
        if line.is_blank():
            continue
        if _is_footer(line):
            log.note(
                "footer_skipped",
                f"本行是表格下方的签名或说明（“{show(line.first_text())}”），不是数据，已跳过",
                sheet=sheet.name,
                row=row,
            )
            continue
        if _repeats_header(line):
            log.note(
                CODE_REPEATED_HEADER,
                f"本行与表头（第{header.row}行）相同，已跳过；可能粘贴了两段表格，请删除多余的表头行",
                sheet=sheet.name,
                row=row,
            )
            continue
        yield line


# Signature and note lines under a table (填表人：张三 联系电话：…, 注：…): the one footer list.
_FOOTER_FIRST = FOOTER_FIRST_CHARS


def _is_footer(line: Row) -> bool:
    """Every filled cell of the row is text, and the first starts with a footer label."""
    first = line.first_text()
    if first.__class__ is not str or first.lstrip()[:1] not in _FOOTER_FIRST:
        return False  # the usual data row: one look at its first cell
    values = [line._at(col) for col in sorted(line.cols.values())]
    filled = [v for v in values if v is not None]
    if not filled or not all(isinstance(v, str) for v in filled):
        return False
    return is_footer(filled[0], colon=True)


def _repeats_header(line: Row) -> bool:
    """Every column the header found is named again in this row (a second header pasted below)."""
    for name, col in line.header.cols.items():
        parsed = header_name(line._at(col))
        if parsed is None or parsed[0] != name:
            return False
    return True


def subtotal_marker(line: Row, labels: tuple[str, ...]) -> str | None:
    """合计/总计/小计 when the row's first cell (or one of its label cells) says so."""
    header = line.header
    cols = header.marker_cols.get(labels)
    if cols is None:
        found = {header.first_col, *(header.cols[n] for n in labels if n in header.cols)}
        cols = header.marker_cols[labels] = tuple(sorted(found))
    cells = line.cells
    size = len(cells)
    for col in cols:
        if col < size:
            value = cells[col]
            if isinstance(value, str):  # white space alone squashes to "", which is no marker
                marker = _subtotal_of(value)
                if marker:
                    return marker
    return None


def _subtotal_of(value: str) -> str | None:
    if len(value) <= MEMO_CHARS and value.__class__ is str:
        return _subtotal_memo(value)
    return _parse_subtotal(value)


def _parse_subtotal(value: str) -> str | None:
    match = _SUBTOTAL.match(squash(value))
    return match.group(1) if match else None


_subtotal_memo = functools.lru_cache(maxsize=MEMO_SIZE)(_parse_subtotal)


@dataclass
class Subtotal:
    row: int
    marker: str
    values: dict[str, Decimal | None]
    start: int  # index of the first data record it sums
    end: int  # index after the last


def add_subtotal(
    subtotals: list[Subtotal], line: Row, marker: str, values: dict, count: int
) -> None:
    """A 小计 sums the rows since the previous subtotal; a 合计/总计 those since the previous
    合计/总计, so a grand total below 小计 rows sums them all."""
    start = 0
    for sub in reversed(subtotals):
        if marker == SUBTOTAL_PART or sub.marker != SUBTOTAL_PART:
            start = sub.end
            break
    subtotals.append(Subtotal(line.row, marker, values, start, count))


def check_subtotals(
    sheet: Sheet, subtotals: list[Subtotal], records: list[dict[str, Any]], log: Log
) -> None:
    for sub in subtotals:
        if sub.start < sub.end:
            part = records[sub.start : sub.end]
        elif sub.end > 0:
            part = records[: sub.end]  # a total right below another sums everything above
        else:
            part = records  # a total above the data sums everything below
        for name, given in sub.values.items():
            if given is None:
                continue
            total = sum((r[name] for r in part if r.get(name) is not None), Decimal(0))
            if abs(total - given) > SUBTOTAL_TOLERANCE:
                log.warning(
                    CODE_SUBTOTAL_MISMATCH,
                    f"{sub.marker}行填写的是 {plain_decimal(given)}，但它所合计的 {len(part)} 行"
                    f"（第{part[0][ROW]}–{part[-1][ROW]}行）相加为 {plain_decimal(total)}，请核对"
                    if part
                    else f"{sub.marker}行填写的是 {plain_decimal(given)}，但上面没有可合计的数据行，请核对",
                    sheet=sheet.name,
                    row=sub.row,
                    column=name,
                )
