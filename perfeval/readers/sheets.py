"""Cell access: one sheet's cells with merged ranges, formula and percent-format scans from the XML.
Bounded by the limits of safezip before a sheet is held in memory."""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import python_calamine

from perfeval.readers import safezip
from perfeval.readers.problems import Log
from perfeval.readers.safezip import Entries, local_name, sheet_xml
from perfeval.readers.sandbox import EngineBook, EngineSheet

# sheet XML scanning (formula cells without cached value, Excel error values)
_X_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
X_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_X_TYPE = re.compile(rb'\bt="(\w+)"')
_X_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_X_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)
_X_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f\b[^>]*>(.*?)</(?:\w+:)?f>", re.S)
_FORMULA_CHARS = 200  # longer formulas are never a typed target such as =100%
_X_HINT = re.compile(rb'<(?:\w+:)?f[\s>/]|t="e"')
# number formats: the start tag of every cell with a style (its attributes, its style index);
# styles.xml may hold a percentage format when it names one of the built-in ids 9 and 10
_X_STYLED_CELL = re.compile(rb'<(?:\w+:)?c\s([^<>]*?\bs="([0-9]{1,9})"[^<>]*)>')
_X_PERCENT_ID = re.compile(rb"""numFmtId\s*=\s*["']\s*(?:9|10)\s*["']""")
STYLES_PART = "xl/styles.xml"  # where Excel (and calamine) keep the cell formats
PERCENT_BUILTIN_FORMATS = frozenset({9, 10})  # 0% and 0.00%
# what a format code shows literally: "text", \x, _x (a space as wide as x), *x (fill), [Red]
_FMT_LITERAL = re.compile(r'"[^"]*"?|\\.|[_*].|\[[^\]]*\]?', re.S)


# ================================================================ sheets as rows
@dataclass
class Sheet:
    """One sheet's cells: rows[i][j] is Excel row first_row + i, column j (0 = A)."""

    name: str
    rows: list[list[Any]]
    first_row: int
    merged: dict[tuple[int, int], tuple[int, int]]  # (row, col) → top-left (row, col), Excel rows
    uncached: set[tuple[int, int]]  # formula cells without a cached value
    errors: dict[tuple[int, int], str]  # Excel error values (#DIV/0! …)
    # cells whose number format is a percentage (read for 绩效指标 only; empty elsewhere)
    percent: set[tuple[int, int]] = field(default_factory=set)
    # formula text of formula cells (`100%` for a cell typed as =100%), for the targets' sake
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    def value(self, row: int, col: int) -> Any:
        """The cell at Excel row `row`, column index `col`; None when blank."""
        i = row - self.first_row
        if i < 0 or i >= len(self.rows):
            return None
        cells = self.rows[i]
        if col >= len(cells):
            return None
        value = cells[col]
        if value is None or (isinstance(value, str) and not value.strip()):
            return None  # white space alone (incl. full-width) is blank
        return value

    def is_empty(self) -> bool:
        return not any(
            v is not None and not (isinstance(v, str) and not v.strip())
            for cells in self.rows
            for v in cells
        )


def hidden_sheets(book: EngineBook) -> set[str]:
    try:
        visible = python_calamine.SheetVisibleEnum.Visible
        return {m.name for m in book.sheets_metadata if m.visible != visible}
    except Exception:  # visibility only adds a note
        return set()


def load_sheet(
    book: EngineBook,
    archive: Entries | zipfile.ZipFile,
    xml_paths: dict[str, str],
    name: str,
    actual: str,
    log: Log,
    percent_styles: frozenset[int] = frozenset(),
) -> Sheet | None:
    """One sheet's cells as the engine read them, or None (and an error) when it could not or
    must not read them (too large, structure refused: readers/engine.py).
    `percent_styles`: the style indices whose number format is a percentage (see
    `percent_styles`); the sheet's cells with one of them are listed in `Sheet.percent`."""
    refusal = book.refusal(actual)
    if refusal is not None:
        _refuse(refusal, name, log)
        return None
    xml = sheet_xml(archive, xml_paths.get(actual))
    if xml is None:
        _refuse({"status": "missing"}, name, log)
        return None
    raw = book.get_sheet_by_name(actual)
    start = raw.start
    if start is None:
        return Sheet(name, [], 1, {}, set(), {})
    first_row, first_col = start[0] + 1, start[1]
    if raw.height > safezip.MAX_SHEET_ROWS:
        log.error(
            "too_many_rows",
            f"工作表有 {raw.height} 行，超过上限 {safezip.MAX_SHEET_ROWS} 行；只读取了前面的部分，"
            "请删除表格下方多余的内容",
            sheet=name,
        )
    rows = raw.to_python(skip_empty_area=True, nrows=safezip.MAX_SHEET_ROWS)
    if first_col:
        pad = [None] * first_col
        rows = [pad + list(cells) for cells in rows]
    merged = _merged_cells(raw, first_row + len(rows) - 1, first_col + raw.width - 1)
    if merged is None:
        log.error(
            "corrupt",
            "工作表的合并单元格互相重叠或超出范围，无法读取；请在 Excel 中取消合并后另存为 .xlsx",
            sheet=name,
        )
        return None
    formulas: dict[tuple[int, int], str] = {}
    uncached, errors = _scan_formulas(xml, formulas)
    percent = _scan_percent_cells(xml, percent_styles) if percent_styles else set()
    return Sheet(name, rows, first_row, merged, uncached, errors, percent, formulas)


def _merged_cells(
    raw: EngineSheet, last_row: int, last_col: int
) -> dict[tuple[int, int], tuple[int, int]] | None:
    """(Excel row, column) covered by a merge → its top-left cell, clipped to the used range;
    None when the merges cover more cells than a sheet may hold (they overlap: not from Excel)."""
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    budget = safezip.MAX_SHEET_CELLS
    for (r0, c0), (r1, c1) in raw.merged_cell_ranges or ():
        r1, c1 = min(r1, last_row - 1), min(c1, last_col)
        if r1 < r0 or c1 < c0:
            continue
        budget -= (r1 - r0 + 1) * (c1 - c0 + 1)
        if budget < 0:
            return None
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    merged[(r + 1, c)] = (r0 + 1, c0)
    return merged


def _refuse(read: dict[str, Any], name: str, log: Log) -> None:
    """The error for a sheet the engine did not read (readers/engine.py says why)."""
    status = read["status"]
    if status in ("too_large", "book_too_large"):
        height, width = read["range"]
        if status == "too_large":
            limit = f"超过上限 {safezip.MAX_SHEET_CELLS} 个单元格"
        else:
            limit = f"加上前面各工作表，超过整个工作簿的上限 {safezip.MAX_BOOK_CELLS} 个单元格"
        log.error(
            "sheet_too_large",
            f"工作表的已用区域有 {height} 行 × {width} 列，{limit}，"
            "未读取；请删除表格下方和右侧多余的内容（含远处的零星单元格）后再上传",
            sheet=name,
        )
    elif status == "refused":
        log.error("corrupt", safezip.structure_message(read["reason"]), sheet=name)
    else:
        log.error(
            "corrupt",
            f"找不到工作表「{name}」的数据（文件结构不完整），未读取；请在 Excel 中打开后另存为 .xlsx",
            sheet=name,
        )


def _scan_formulas(
    xml: bytes, formulas: dict[tuple[int, int], str] | None = None
) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
    """Cells (Excel row, column index) holding a formula with no cached value, and error values;
    when `formulas` is a dict, each formula cell's formula text (short ones) is put into it."""
    uncached: set[tuple[int, int]] = set()
    errors: dict[tuple[int, int], str] = {}
    if not _maybe_formulas(xml):
        return uncached, errors  # cheap test first: no formula element, no error value
    if not _X_HINT.search(xml):
        return uncached, errors
    for match in _X_CELL.finditer(xml):
        attrs, inner = match.group(1), match.group(2) or b""
        type_match = _X_TYPE.search(attrs)
        kind = type_match.group(1) if type_match else b"n"
        has_formula = bool(_X_FORMULA.search(inner))
        if kind != b"e" and not has_formula:
            continue
        ref = X_REF.search(attrs)
        if not ref:
            continue
        key = (int(ref.group(2)), column_index(ref.group(1).decode()))
        value = _X_VALUE.search(inner)
        cached = value.group(1) if value else None
        if formulas is not None and has_formula:
            text = _X_FORMULA_TEXT.search(inner)
            if text and len(text.group(1)) <= _FORMULA_CHARS:
                formulas[key] = _unescape(text.group(1).decode("utf-8", "replace"))
        if kind == b"e":
            errors[key] = (cached or b"#N/A").decode("utf-8", "replace")
        elif not cached and kind != b"str":
            uncached.add(key)
    return uncached, errors


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def percent_styles(archive: Entries | zipfile.ZipFile) -> frozenset[int]:
    """Indices into styles.xml's <cellXfs> (a cell's s="…") whose number format shows the number
    as a percentage: built-in 9 (0%) and 10 (0.00%), or a custom <numFmt> whose code has a % that
    is not literal text. Empty when styles.xml is absent, unreadable, has a DOCTYPE, or holds no
    percentage format at all (the usual file: then nothing else is scanned)."""
    try:
        xml = archive.read(STYLES_PART)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, ValueError):
        return frozenset()
    if b"%" not in xml and not _X_PERCENT_ID.search(xml):
        return frozenset()  # cheap test first: no percentage format can be defined
    if b"<!DOCTYPE" in xml:
        return frozenset()  # no Excel file has one; entity tricks stop here
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, ValueError):
        return frozenset()
    percent_ids = set(PERCENT_BUILTIN_FORMATS)
    for element in root.iter():
        if local_name(element.tag) != "numFmt":
            continue
        number = _int_attr(element, "numFmtId")
        if number is None:
            continue
        if _is_percent_format(element.get("formatCode", "")):
            percent_ids.add(number)
        else:
            percent_ids.discard(number)  # a file may redefine a built-in id
    styles: set[int] = set()
    for element in root:
        if local_name(element.tag) != "cellXfs":
            continue
        formats = (xf for xf in element if local_name(xf.tag) == "xf")
        for index, xf in enumerate(formats):
            if (_int_attr(xf, "numFmtId") or 0) in percent_ids:
                styles.add(index)
        break  # the first <cellXfs> is the one cells refer to
    return frozenset(styles)


def _int_attr(element: ElementTree.Element, name: str) -> int | None:
    text = (element.get(name) or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _is_percent_format(code: str) -> bool:
    """Whether a number format code scales by 100: a % outside quoted text and escapes."""
    return "%" in _FMT_LITERAL.sub("", code)


def _scan_percent_cells(xml: bytes, styles: frozenset[int]) -> set[tuple[int, int]]:
    """Cells (Excel row, column index) of the sheet XML whose style is one of `styles`: one
    pass over the styled cells' start tags (a cell placed without a reference is skipped)."""
    cells: set[tuple[int, int]] = set()
    for match in _X_STYLED_CELL.finditer(xml):
        if int(match.group(2)) not in styles:
            continue
        ref = X_REF.search(match.group(1))
        if ref:
            cells.add((int(ref.group(2)), column_index(ref.group(1).decode())))
    return cells


def _maybe_formulas(xml: bytes) -> bool:
    """Whether the XML holds "f>", "f " or "f/" (a formula element) or t="e" (an error value).
    Visits each "f" (a few dozen in a sheet: faster than three full searches); many is a search."""
    if xml.count(b"f") > 1000:
        return b"f>" in xml or b"f " in xml or b"f/" in xml or b't="e"' in xml
    find = xml.find
    at = find(b"f")
    while at >= 0:
        if xml[at + 1 : at + 2] in (b">", b" ", b"/"):
            return True
        at = find(b"f", at + 1)
    return b't="e"' in xml


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
