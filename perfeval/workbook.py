"""The workbook contract (shared/spec/workbook.md): .xlsx bytes in, checked tables and problems out.
Reads with python-calamine in plain Python; every problem names sheet, Excel row and column."""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import os
import posixpath
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

import python_calamine

from perfeval.schema import (
    ACTUAL,
    BASIC_ITEMS,
    BUDGET,
    BUDGET_INITIAL,
    CAT_BASIC,
    CATEGORIES,
    CATEGORY,
    CONTENT,
    DATA_SHEETS,
    DIR_EQ,
    DIR_GE,
    DIR_LE,
    DIR_QUAL,
    DIRECTION,
    DIRECTIONS,
    FUND,
    FUND_GENERAL,
    FUNDS,
    INCOME,
    INCOME_COLUMNS,
    INCOME_ITEM,
    INCOME_REQUIRED,
    INFO_KEY,
    INFO_REQUIRED,
    INFO_UNIT,
    INFO_VALUE,
    INFO_YEAR,
    ITEM,
    KPI_NAME,
    KPI_REQUIRED,
    KPI_SHEET_COLUMNS,
    KPI_UNIT,
    L1,
    L1_VALUES,
    L2,
    L2_VALUES,
    NOTE,
    PREV_RESULT,
    QUAL_LEVELS,
    QUAL_LONG_FORMS,
    REASON,
    REQUIRED_SHEETS,
    RESULT,
    RESULT_LEVEL,
    RESULT_TEXT,
    ROW,
    SECTION,
    SECTIONS,
    SHEET_GUIDE,
    SHEET_INCOME,
    SHEET_INFO,
    SHEET_KPI,
    SHEET_SPENDING,
    SHEET_TEXT,
    SPENDING_COLUMNS,
    SPENDING_REQUIRED,
    SUBTOTAL_MARKERS,
    TABLE_COLUMNS,
    TARGET,
    TARGET_TEXT,
    WEIGHT,
    Problem,
    ReadResult,
    Workbook,
    make_table,
)

# ---- limits: every size check of the reader uses these, and docs/security.md lists them.
# The upload limit; .streamlit/config.toml sets server.maxUploadSize to the same 20 MB.
MAX_UPLOAD_BYTES: int = 20 * 1024 * 1024
# What the archive may unpack to, summed over its entries, as declared and as really inflated
# (checked before anything parses it: a 1 MiB "zip bomb" declaring 1 GiB is refused unread).
MAX_UNPACKED_BYTES: int = 100 * 1024 * 1024
MAX_ZIP_ENTRIES: int = 2_000  # an .xlsx has a few dozen; each entry costs memory to list
MAX_SHEET_ROWS: int = 100_000  # rows read from one sheet (a stray cell at row 1 048 576 …)
# Cells of one sheet's used range (rows × columns): the reader holds the whole rectangle in
# memory, so a far stray cell (XFD1048576) must be refused before the sheet is read.
MAX_SHEET_CELLS: int = 2_000_000
MAX_SHARED_STRINGS: int = 1_000_000  # distinct texts of a workbook (xl/sharedStrings.xml)
MAX_NAME_CHARS: int = 200  # a longer unit, project, income or indicator name is flagged
LIMITS = {
    "MAX_UPLOAD_BYTES": MAX_UPLOAD_BYTES,
    "MAX_UNPACKED_BYTES": MAX_UNPACKED_BYTES,
    "MAX_ZIP_ENTRIES": MAX_ZIP_ENTRIES,
    "MAX_SHEET_ROWS": MAX_SHEET_ROWS,
    "MAX_SHEET_CELLS": MAX_SHEET_CELLS,
    "MAX_SHARED_STRINGS": MAX_SHARED_STRINGS,
    "MAX_NAME_CHARS": MAX_NAME_CHARS,
}
# Problems about the file as a whole carry no sheet; every other error names its sheet.
FILE_PROBLEM_CODES = frozenset(
    {"not_xlsx", "corrupt", "too_large", "zip_bomb", "unreadable", "file_not_found", "macros"}
)
# Exceptions of the Rust reader (pyo3 panics) derive from BaseException, not Exception.
_FATAL = (KeyboardInterrupt, SystemExit, GeneratorExit)

# Units an amount column may carry in its header, and how each converts to 万元.
UNIT_WAN = "万元"
AMOUNT_UNITS = {UNIT_WAN: Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
AMOUNT_COLUMNS = (BUDGET_INITIAL, BUDGET, ACTUAL, INCOME)
SUBTOTAL_TOLERANCE = Decimal("0.005")  # 万元; a typed subtotal may round its parts to the cent
YEAR_RANGE = (1900, 2100)
INFO_COLUMNS = (INFO_KEY, INFO_VALUE)
TEXT_COLUMNS = (SECTION, CONTENT)
KNOWN_SHEETS = (*DATA_SHEETS, SHEET_GUIDE)
# Columns whose merged cells (e.g. 支出类别 merged over its rows) apply to every row they cover.
FILL_MERGED = (FUND, CATEGORY, L1, L2, INFO_KEY, SECTION)

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_WS = re.compile(r"\s+")
# Invisible characters that only hide or reorder text (C0/C1 controls but tab and line breaks,
# zero-width and bidirectional marks, BOM); the zero-width joiner of emoji stays.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_PARENTHESISED = re.compile(r"^\(([^()]+)\)(.*)$")  # (12.3): the accounting form of -12.3
_UNIT_ALIASES = {"万": UNIT_WAN, "亿": "亿元"}  # 12.3万 in a 万元 column is 12.3
_HEADER_UNIT = re.compile(r"^(.+?)\(([^()]*)\)$")
_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$")
_COMPARATOR = re.compile(r"^(>=|<=|==|≥|≤|≧|≦|>|<|=)")
_COMPARATORS = {
    ">=": DIR_GE,
    "≥": DIR_GE,
    "≧": DIR_GE,
    ">": DIR_GE,
    "<=": DIR_LE,
    "≤": DIR_LE,
    "≦": DIR_LE,
    "<": DIR_LE,
    "=": DIR_EQ,
    "==": DIR_EQ,
}
_SUBTOTAL = re.compile("^(" + "|".join(SUBTOTAL_MARKERS) + r")(?:[:(].*)?$")  # on NFKC text
SUBTOTAL_PART = "小计"  # sums its section; 合计/总计 sum everything since the previous 合计/总计
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?(?:年度?)?$")

# sheet XML scanning (formula cells without cached value, Excel error values)
_X_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_X_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_X_TYPE = re.compile(rb'\bt="(\w+)"')
_X_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_X_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)
_X_HINT = re.compile(rb'<(?:\w+:)?f[\s>/]|t="e"')
_X_SHARED = re.compile(rb"<(?:\w+:)?si[\s>/]")
# used range of a sheet, before it is read: cell references, row numbers, cells without a ref
_X_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
_X_ROW_NUM = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,7})"')
_X_ANY_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_X_ANY_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
# every cell start tag: (letters, digits, "/" when empty) for a whole tag with a reference,
# empty letters for any other cell (no reference, or a "<" before its ">")
_X_CELL_TAG = re.compile(
    rb'<(?:\w++:)?c(?:\s[^<>]*?\br="([A-Z]{1,3})([0-9]{1,7})"(?:[^<>/]++|/(?!>))*+(/?)>'
    rb"|(?=[\s>/]))"
)
# number formats: the start tag of every cell with a style (its attributes, its style index);
# styles.xml may hold a percentage format when it names one of the built-in ids 9 and 10
_X_STYLED_CELL = re.compile(rb'<(?:\w+:)?c\s([^<>]*?\bs="([0-9]{1,9})"[^<>]*)>')
_X_PERCENT_ID = re.compile(rb"""numFmtId\s*=\s*["']\s*(?:9|10)\s*["']""")
STYLES_PART = "xl/styles.xml"  # where Excel (and calamine) keep the cell formats
PERCENT_BUILTIN_FORMATS = frozenset({9, 10})  # 0% and 0.00%
# what a format code shows literally: "text", \x, _x (a space as wide as x), *x (fill), [Red]
_FMT_LITERAL = re.compile(r'"[^"]*"?|\\.|[_*].|\[[^\]]*\]?', re.S)


# ================================================================ public API
def read_workbook(data: bytes, source: str = "") -> ReadResult:
    """Check one workbook. Never raises: anything unexpected becomes an error Problem."""
    try:
        return _read(data, source)
    except _FATAL:
        raise
    except BaseException as exc:  # the reader's promise: a problem, never a traceback
        message = f"无法读取该文件（{type(exc).__name__}），请在 Excel 中打开后另存为 .xlsx 再上传"
        return ReadResult(source, None, [Problem("error", message, code="unreadable")])


def read_path(path: str | os.PathLike) -> ReadResult:
    """Read a workbook file from disk; a missing or unreadable file is an error Problem."""
    return read_path_with_bytes(path)[0]


def read_path_with_bytes(path: str | os.PathLike) -> tuple[ReadResult, bytes | None]:
    """`read_path`, also returning the exact bytes that were checked (None when none were read),
    so that what the store keeps as the original is byte for byte what passed the checks."""
    source = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_UPLOAD_BYTES:
            return ReadResult(source, None, [_too_large(size)]), None
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        problem = Problem("error", f"找不到文件 {source}，请检查路径", code="file_not_found")
        return ReadResult(source, None, [problem]), None
    except (OSError, ValueError, TypeError) as exc:
        message = f"无法打开文件 {source}（{type(exc).__name__}），请检查文件是否存在且可读"
        return ReadResult(source, None, [Problem("error", message, code="unreadable")]), None
    return read_workbook(data, source), data


# ================================================================ problems
@dataclass
class _Log:
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        level: str,
        code: str,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.problems.append(Problem(level, message, sheet, row, column, code))  # type: ignore[arg-type]

    def error(self, code: str, message: str, sheet=None, row=None, column=None) -> None:
        self.add("error", code, message, sheet, row, column)

    def warning(self, code: str, message: str, sheet=None, row=None, column=None) -> None:
        self.add("warning", code, message, sheet, row, column)

    def note(self, code: str, message: str, sheet=None, row=None, column=None) -> None:
        self.add("note", code, message, sheet, row, column)


def _too_large(size: int) -> Problem:
    limit = MAX_UPLOAD_BYTES // (1024 * 1024)
    message = (
        f"文件太大（{size / 1024 / 1024:.1f} MB），上限为 {limit} MB；"
        "请删除与模板无关的工作表、图片后再上传"
    )
    return Problem("error", message, code="too_large")


# ================================================================ the container
def _read(data: Any, source: str) -> ReadResult:
    log = _Log()
    if not isinstance(data, bytes | bytearray | memoryview):
        log.error("not_xlsx", "没有收到文件内容，请上传 .xlsx 文件")
        return ReadResult(source, None, log.problems)
    data = bytes(data)
    if len(data) > MAX_UPLOAD_BYTES:
        return ReadResult(source, None, [_too_large(len(data))])
    if not data.startswith(_ZIP_SIGNATURES):
        log.error("not_xlsx", _not_zip_message(data))
        return ReadResult(source, None, log.problems)
    # The archive is checked before anything inflates or parses it: entry count and directory
    # size from the end record, then declared sizes, then every entry really inflated (bounded).
    refusal = _check_end_record(data)
    if refusal is not None:
        return ReadResult(source, None, [refusal])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        log.error("corrupt", _CORRUPT_ZIP)
        return ReadResult(source, None, log.problems)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        log.error("not_xlsx", _zip_not_excel_message(archive, names))
        return ReadResult(source, None, log.problems)
    unpacked: dict[str, bytes] = {}
    refusal = _check_archive(data, infos, unpacked)
    if refusal is not None:
        return ReadResult(source, None, [refusal])
    entries = _Entries(archive, unpacked)
    refusal = _check_shared_strings(entries, names)
    if refusal is not None:
        return ReadResult(source, None, [refusal])
    if _has_macros(entries, names, source):
        log.warning(
            "macros",
            "这是含宏的工作簿（.xlsm）：宏不会被执行，只读取了其中的数据；"
            "如不需要宏，请在 Excel 中另存为 .xlsx",
        )
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except _FATAL:
        raise
    except BaseException as exc:
        if type(exc).__name__ == "PasswordError":
            log.error("not_xlsx", _ENCRYPTED)
        else:
            log.error("corrupt", "文件已损坏，无法作为 .xlsx 读取，请在 Excel 中打开后另存为 .xlsx")
        return ReadResult(source, None, log.problems)
    workbook = _read_book(book, entries, log)
    return ReadResult(source, workbook, log.problems)


class _Entries:
    """The archive's entries by name: those _check_archive kept inflated, else read by zipfile."""

    def __init__(self, archive: zipfile.ZipFile, unpacked: dict[str, bytes]) -> None:
        self.archive, self.unpacked = archive, unpacked

    def read(self, name: str) -> bytes:
        data = self.unpacked.get(name)
        return self.archive.read(name) if data is None else data


_CORRUPT_ZIP = "文件已损坏（不是完整的 .xlsx 压缩包），请重新从 Excel 保存后上传"
_ENCRYPTED = "文件设置了打开密码（已加密），无法读取；请在 Excel 中取消密码后另存为 .xlsx 再上传"
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # zip64 end of central directory record
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_DIR_ENTRY_MAX = 320  # bytes of a central directory entry with a long name: bounds its size


def _zip_bomb(what: str) -> Problem:
    limit = MAX_UNPACKED_BYTES // (1024 * 1024)
    message = (
        f"文件{what}，超过上限（解压后 {limit} MB、{MAX_ZIP_ENTRIES} 个内部文件），"
        "可能已损坏或是恶意构造的文件，未读取；请在 Excel 中打开，删除多余内容后另存为 .xlsx 再上传"
    )
    return Problem("error", message, code="zip_bomb")


def _check_end_record(data: bytes) -> Problem | None:
    """Entry count and central directory size, from the zip's end record, before listing it."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + _EOCD.size > len(data):
        return Problem("error", _CORRUPT_ZIP, code="corrupt")
    _, _, _, _, entries, dir_size, _, _ = _EOCD.unpack_from(data, at)
    if entries == 0xFFFF or dir_size == 0xFFFFFFFF:  # zip64: the real numbers are elsewhere
        loc = at - _EOCD64_LOCATOR.size
        if loc < 0 or data[loc : loc + 4] != b"PK\x06\x07":
            return Problem("error", _CORRUPT_ZIP, code="corrupt")
        offset = _EOCD64_LOCATOR.unpack_from(data, loc)[2]
        if offset + _EOCD64.size > len(data) or data[offset : offset + 4] != b"PK\x06\x06":
            return Problem("error", _CORRUPT_ZIP, code="corrupt")
        fields = _EOCD64.unpack_from(data, offset)
        entries, dir_size = fields[6], fields[7]
    if entries > MAX_ZIP_ENTRIES or dir_size > MAX_ZIP_ENTRIES * _DIR_ENTRY_MAX:
        return _zip_bomb(f"内部包含 {entries} 个文件")
    return None


def _check_archive(
    data: bytes, infos: list[zipfile.ZipInfo], unpacked: dict[str, bytes] | None = None
) -> Problem | None:
    """Declared sizes first (cheap), then each entry inflated in bounded chunks: a header that
    declares less than its data inflates to is caught here, not by the reader behind.
    Small entries that inflate exactly as declared are kept in `unpacked` (name → bytes), so the
    parts perfeval reads itself (workbook.xml, the sheets' XML) are not inflated a second time."""
    if len(infos) > MAX_ZIP_ENTRIES:
        return _zip_bomb(f"内部包含 {len(infos)} 个文件")
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNPACKED_BYTES:
        return _zip_bomb(f"解压后有 {declared / 1024 / 1024:.0f} MB")
    total = kept = 0
    for info in infos:
        budget = MAX_UNPACKED_BYTES - total
        keep = (
            unpacked is not None
            and info.file_size <= _KEEP_ENTRY_BYTES
            and kept + info.file_size <= _KEEP_BYTES
        )
        parts: list[bytes] | None = [] if keep else None
        size = _inflated_size(data, info, budget, parts)
        if size is not None and size > budget:
            return _zip_bomb(f"内部文件 {info.filename[:60]} 的实际大小超过其声明的大小")
        if size is None or size != info.file_size:
            return Problem("error", _CORRUPT_ZIP, code="corrupt")
        total += size
        if unpacked is not None:
            if parts is not None and _same_as_zipfile(data, info):
                unpacked[info.filename] = parts[0] if len(parts) == 1 else b"".join(parts)
                kept += size
            else:  # zipfile reads it (the last entry of a repeated name wins, as in zipfile)
                unpacked.pop(info.filename, None)
    return None


_KEEP_ENTRY_BYTES = 2 * 1024 * 1024  # entries kept inflated by _check_archive: each at most …
_KEEP_BYTES = 8 * 1024 * 1024  # … and all together at most this; larger ones are read again


def _same_as_zipfile(data: bytes, info: zipfile.ZipInfo) -> bool:
    """zipfile.ZipFile.read would return the bytes _inflated_size saw: it refuses flag bits 5
    and 6 and a local file name other than the central directory's (the caller then lets
    zipfile read the entry, and fail, as it always did)."""
    if info.flag_bits & 0x61:
        return False
    head = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    start = info.header_offset + _LOCAL_HEADER.size
    raw = data[start : start + head[9]]
    try:
        name = raw.decode("utf-8") if head[2] & 0x800 else raw.decode("cp437")
    except UnicodeDecodeError:
        return False
    return name == info.orig_filename


def _inflated_size(
    data: bytes, info: zipfile.ZipInfo, budget: int, parts: list[bytes] | None = None
) -> int | None:
    """Bytes the entry really inflates to, counting at most budget + 1 (what the whole archive
    may still unpack to); None when it cannot be inflated (unknown method, cut short, bad CRC).
    A size other than the declared one is a damaged file, or a bomb when it passes the budget.
    When `parts` is a list, the inflated bytes are appended to it while they stay within the
    declared size (past it the list is emptied and the entry only counted)."""
    if info.flag_bits & 0x1:
        return None  # zip-level encryption: never used by Excel
    at = info.header_offset
    if at + _LOCAL_HEADER.size > len(data):
        return None
    head = _LOCAL_HEADER.unpack_from(data, at)
    if head[0] != b"PK\x03\x04":
        return None
    start = at + _LOCAL_HEADER.size + head[9] + head[10]
    raw = memoryview(data)[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        return None
    cap = budget + 1
    if info.compress_type == zipfile.ZIP_STORED:
        size, crc = len(raw), zlib.crc32(raw)
        if parts is not None and size <= info.file_size:
            parts.append(bytes(raw))
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        size, crc, step = 0, 0, 1 << 20
        try:
            for pos in range(0, len(raw), step):
                chunk = raw[pos : pos + step]
                while chunk:
                    out = inflater.decompress(chunk, 1 << 20)
                    size += len(out)
                    if size >= cap:
                        return size
                    crc = zlib.crc32(out, crc)
                    if parts is not None:
                        parts = _keep(parts, out, size, info.file_size)
                    chunk = inflater.unconsumed_tail
            out = inflater.flush()
        except zlib.error:
            return None
        size += len(out)
        crc = zlib.crc32(out, crc)
        if parts is not None:
            _keep(parts, out, size, info.file_size)
        if not inflater.eof:
            return None
    else:
        return None
    if size >= cap:
        return size
    return size if crc == info.CRC else None


def _keep(parts: list[bytes], out: bytes, size: int, declared: int) -> list[bytes] | None:
    """Append `out` to the kept parts while the entry stays within its declared size."""
    if size > declared:
        parts.clear()  # a liar: never hold more than the declared size; it will be refused
        return None
    if out:
        parts.append(out)
    return parts


def _check_shared_strings(archive: _Entries | zipfile.ZipFile, names: set[str]) -> Problem | None:
    """The reader loads every distinct text at once: count them before it does."""
    for name in names:
        if name.lower().endswith("sharedstrings.xml"):
            count = len(_X_SHARED.findall(archive.read(name)))
            if count > MAX_SHARED_STRINGS:
                return _zip_bomb(f"包含 {count} 个不同的文本（上限 {MAX_SHARED_STRINGS} 个）")
    return None


def _zip_not_excel_message(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.bin" in names:
        return "这是 .xlsb 二进制工作簿，请在 Excel 中另存为 .xlsx"
    if "mimetype" in names:
        try:
            kind = archive.read("mimetype")[:100]
        except Exception:  # only a better message is at stake
            kind = b""
        if b"opendocument.spreadsheet" in kind:
            return "这是 OpenDocument 表格（.ods），请在 WPS 或 Excel 中另存为 .xlsx"
    return "这是一个压缩包，但不是 Excel 工作簿（.xlsx），请在 Excel 中另存为 .xlsx"


def _has_macros(archive: _Entries | zipfile.ZipFile, names: set[str], source: str) -> bool:
    if "xl/vbaProject.bin" in names or source.lower().endswith((".xlsm", ".xltm")):
        return True
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        return False
    return b"macroEnabled" in types


def _not_zip_message(data: bytes) -> str:
    if not data:
        return "文件是空的（0 字节），请上传填好的 .xlsx 工作簿"
    if data.startswith(_OLE_SIGNATURE):
        if "EncryptionInfo".encode("utf-16-le") in data:
            return _ENCRYPTED
        return "这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx"
    if data.startswith(b"%PDF"):
        return "这是 PDF 文件，不是 Excel 工作簿；请上传按模板填写的 .xlsx 文件"
    if _looks_like_text(data):
        return "这是文本（如 CSV）文件，不是 Excel 工作簿；请在 Excel 中打开后另存为 .xlsx"
    return "不是 .xlsx 文件，请上传按模板填写的 Excel 工作簿（.xlsx）"


def _looks_like_text(data: bytes) -> bool:
    head = data[:2048]
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
        if controls == 0:
            return True
    return False


# ================================================================ sheets as rows
@dataclass
class _Sheet:
    """One sheet's cells: rows[i][j] is Excel row first_row + i, column j (0 = A)."""

    name: str
    rows: list[list[Any]]
    first_row: int
    merged: dict[tuple[int, int], tuple[int, int]]  # (row, col) → top-left (row, col), Excel rows
    uncached: set[tuple[int, int]]  # formula cells without a cached value
    errors: dict[tuple[int, int], str]  # Excel error values (#DIV/0! …)
    # cells whose number format is a percentage (read for 绩效指标 only; empty elsewhere)
    percent: set[tuple[int, int]] = field(default_factory=set)

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


def _read_book(
    book: python_calamine.CalamineWorkbook, archive: _Entries | zipfile.ZipFile, log: _Log
) -> Workbook | None:
    hidden = _hidden_sheets(book)
    by_name: dict[str, str] = {}
    for actual in book.sheet_names:
        key = actual.strip()
        if key in by_name:
            keep = by_name[key]
            if keep in hidden and actual not in hidden:
                by_name[key], keep = actual, actual  # the sheet a person can see wins
            which = "可见的那个" if keep not in hidden else "第一个"
            log.warning("duplicate_sheet", f"有两个名为「{key}」的工作表，只读取{which}", sheet=key)
            continue
        by_name[key] = actual
        if key not in KNOWN_SHEETS:
            log.note("unknown_sheet", f"工作表「{key}」不在模板中，已忽略", sheet=key)
    missing = [name for name in REQUIRED_SHEETS if name not in by_name]
    for name in missing:
        log.error("missing_sheet", f"缺少工作表「{name}」，请按模板添加该工作表", sheet=name)
    if missing:
        return None
    xml_paths = _sheet_xml_paths(archive)
    sheets: dict[str, _Sheet] = {}
    refused = False
    for name in DATA_SHEETS:
        if name not in by_name:
            continue
        if by_name[name] in hidden:
            log.note(
                "hidden_sheet",
                f"工作表「{name}」是隐藏的，其数据仍已读取；如不应采用，请删除该工作表",
                sheet=name,
            )
        # a number typed as 98.8% is stored as 0.988 with a percentage format: only the
        # indicators' numbers are read with their format (an amount is 万元 whatever it shows)
        styles = _percent_styles(archive) if name == SHEET_KPI else frozenset()
        sheet = _load_sheet(book, archive, xml_paths, name, by_name[name], log, styles)
        if sheet is None:
            refused = True
            continue
        if sheet.is_empty() and name not in REQUIRED_SHEETS:
            continue  # an empty optional sheet is the same as no sheet
        sheets[name] = sheet
    if refused:
        return None  # the errors say which sheet could not be read and why

    head = _read_info(sheets[SHEET_INFO], log)
    spending = _read_spending(sheets[SHEET_SPENDING], log)
    income = _read_income(sheets[SHEET_INCOME], log) if SHEET_INCOME in sheets else []
    if SHEET_KPI in sheets:
        indicators = _read_indicators(sheets[SHEET_KPI], log)
    else:
        indicators = []
        log.note("no_indicators", "没有绩效指标，无法计算指标完成情况", sheet=SHEET_KPI)
    texts = _read_texts(sheets[SHEET_TEXT], log) if SHEET_TEXT in sheets else {}
    if head is None:
        return None
    unit, year, info = head
    return Workbook(
        unit=unit,
        year=year,
        info=info,
        spending=make_table(spending, TABLE_COLUMNS["spending"]),
        income=make_table(income, TABLE_COLUMNS["income"]),
        indicators=make_table(indicators, TABLE_COLUMNS["indicators"]),
        texts=texts,
        problems=[p for p in log.problems if p.level != "error"],
    )


def _hidden_sheets(book: python_calamine.CalamineWorkbook) -> set[str]:
    try:
        visible = python_calamine.SheetVisibleEnum.Visible
        return {m.name for m in book.sheets_metadata if m.visible != visible}
    except Exception:  # visibility only adds a note
        return set()


def _load_sheet(
    book: python_calamine.CalamineWorkbook,
    archive: _Entries | zipfile.ZipFile,
    xml_paths: dict[str, str],
    name: str,
    actual: str,
    log: _Log,
    percent_styles: frozenset[int] = frozenset(),
) -> _Sheet | None:
    """One sheet's cells, or None (and an error) when it cannot or must not be read.
    `percent_styles`: the style indices whose number format is a percentage (see
    `_percent_styles`); the sheet's cells with one of them are listed in `_Sheet.percent`."""
    path = xml_paths.get(actual)
    xml = _sheet_xml(archive, path)
    if xml is None:
        log.error(
            "corrupt",
            f"找不到工作表「{name}」的数据（文件结构不完整），未读取；请在 Excel 中打开后另存为 .xlsx",
            sheet=name,
        )
        return None
    height, width = _used_range(xml)
    if height * width > MAX_SHEET_CELLS:
        log.error(
            "sheet_too_large",
            f"工作表的已用区域有 {height} 行 × {width} 列，超过上限 {MAX_SHEET_CELLS} 个单元格，"
            "未读取；请删除表格下方和右侧多余的内容（含远处的零星单元格）后再上传",
            sheet=name,
        )
        return None
    raw = book.get_sheet_by_name(actual)
    start = raw.start
    if start is None:
        return _Sheet(name, [], 1, {}, set(), {})
    first_row, first_col = start[0] + 1, start[1]
    if raw.height > MAX_SHEET_ROWS:
        log.error(
            "too_many_rows",
            f"工作表有 {raw.height} 行，超过上限 {MAX_SHEET_ROWS} 行；只读取了前面的部分，"
            "请删除表格下方多余的内容",
            sheet=name,
        )
    rows = raw.to_python(skip_empty_area=True, nrows=MAX_SHEET_ROWS)
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
    uncached, errors = _scan_formulas(xml)
    percent = _scan_percent_cells(xml, percent_styles) if percent_styles else set()
    return _Sheet(name, rows, first_row, merged, uncached, errors, percent)


def _merged_cells(
    raw: python_calamine.CalamineSheet, last_row: int, last_col: int
) -> dict[tuple[int, int], tuple[int, int]] | None:
    """(Excel row, column) covered by a merge → its top-left cell, clipped to the used range;
    None when the merges cover more cells than a sheet may hold (they overlap: not from Excel)."""
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    budget = MAX_SHEET_CELLS
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


def _sheet_xml_paths(archive: _Entries | zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML inside the zip, from xl/workbook.xml and its relationships.
    Namespaces are ignored (transitional and strict OOXML alike); a DTD is never parsed."""
    try:
        book_xml = archive.read("xl/workbook.xml")
        rels_xml = archive.read("xl/_rels/workbook.xml.rels")
        if b"<!DOCTYPE" in book_xml or b"<!DOCTYPE" in rels_xml:
            return {}  # no Excel file has one; entity tricks stop here
        book = ElementTree.fromstring(book_xml)
        rels = ElementTree.fromstring(rels_xml)
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error):
        return {}
    targets = {}
    for rel in rels.iter():
        if _local(rel.tag) != "Relationship":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id")] = posixpath.normpath(path)
    paths = {}
    for sheet in book.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
        if rid in targets:
            paths[sheet.get("name", "")] = targets[rid]
    return paths


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _used_range(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of the rectangle the reader will hold for this sheet XML, an upper bound
    found without parsing it: from cell references, row numbers, and cells without either."""
    # One pass over the usual sheet, where every cell's start tag has its reference and no "<"
    # before its ">": then the three patterns of _used_range_slow find exactly these cells.
    found = _X_CELL_TAG.findall(xml)
    if not found:
        return 0, 0
    letters, numbers, empty = zip(*found, strict=True)
    if b"" in letters:
        return _used_range_slow(xml)  # a cell placed by position, or an odd tag
    if b"/" in empty:  # <c r="…"/>: a blank cell, not part of the range
        refs = [(col, row) for col, row, slash in found if not slash]
        if not refs:
            return 0, 0
        letters, numbers = zip(*refs, strict=True)
    rows = [int(number) for number in set(numbers)]
    cols = [_column_index(col.decode()) for col in set(letters)]
    return max(rows) - min(rows) + 1, max(cols) - min(cols) + 1


def _used_range_slow(xml: bytes) -> tuple[int, int]:
    found = _X_CELL_REF.findall(xml)
    refs = [(letters, number) for letters, number, empty in found if not empty]  # <c …/>: blank
    rows = [int(number) for _, number in refs]
    cols = [_column_index(letters.decode()) for letters, _ in refs]
    height = max(rows) - min(rows) + 1 if rows else 0
    width = max(cols) - min(cols) + 1 if cols else 0
    cells = len(_X_ANY_CELL.findall(xml))
    if cells > len(found):  # cells placed by position: their row's number, or the row count
        numbered = [int(m.group(1)) for m in _X_ROW_NUM.finditer(xml)]
        height = max(height, len(_X_ANY_ROW.findall(xml)), max(numbered, default=0))
        width = max(width, cells)
    return height, width


def _sheet_xml(archive: _Entries | zipfile.ZipFile, path: str | None) -> bytes | None:
    if not path:
        return None
    try:
        return archive.read(path)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, ValueError):
        return None


def _scan_formulas(xml: bytes) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
    """Cells (Excel row, column index) holding a formula with no cached value, and error values."""
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
        ref = _X_REF.search(attrs)
        if not ref:
            continue
        key = (int(ref.group(2)), _column_index(ref.group(1).decode()))
        value = _X_VALUE.search(inner)
        cached = value.group(1) if value else None
        if kind == b"e":
            errors[key] = (cached or b"#N/A").decode("utf-8", "replace")
        elif not cached and kind != b"str":
            uncached.add(key)
    return uncached, errors


def _percent_styles(archive: _Entries | zipfile.ZipFile) -> frozenset[int]:
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
        if _local(element.tag) != "numFmt":
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
        if _local(element.tag) != "cellXfs":
            continue
        formats = (xf for xf in element if _local(xf.tag) == "xf")
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
        ref = _X_REF.search(match.group(1))
        if ref:
            cells.add((int(ref.group(2)), _column_index(ref.group(1).decode())))
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


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ================================================================ values
# Labels, names and headers repeat on every row and in every workbook: the pure string functions
# below remember short inputs (a bounded cache; long texts are computed each time, never kept).
_MEMO_CHARS = 64
_MEMO_SIZE = 8192


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=_MEMO_SIZE)
def _squash_memo(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def _squash(text: str) -> str:
    """Full-width folded, all white space removed: how names and labels are compared."""
    if len(text) <= _MEMO_CHARS:
        return _squash_memo(text)
    return _WS.sub("", _nfkc(text))


def _clean_text(value: str) -> tuple[str | None, bool]:
    """A text cell → (stripped text without control characters or None, had control chars)."""
    if len(value) <= _MEMO_CHARS:
        return _clean_memo(value)
    return _clean(value)


def _clean(value: str) -> tuple[str | None, bool]:
    text = value.strip()
    if not text:
        return None, False
    if _CONTROL.search(text) is None:
        return text, False
    return _CONTROL.sub("", text).strip() or None, True


_clean_memo = functools.lru_cache(maxsize=_MEMO_SIZE)(_clean)


def _text(value: Any) -> str | None:
    """A cell as stripped text; None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = _plain(_float_decimal(value)) if math.isfinite(value) else repr(value)
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text or None


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text


def _float_decimal(value: float) -> Decimal:
    if value.is_integer():
        return Decimal(int(value))
    return Decimal(repr(value))


def _percent_of(value: int | float) -> Decimal:
    """A number shown with a percentage format, as typed: 0.988 → 98.8 (exactly, from the
    float's shortest repr), 1 → 100, 0.5 → 50."""
    number = _float_decimal(value) if isinstance(value, float) else Decimal(value)
    number = number.scaleb(2)
    return Decimal(int(number)) if number.as_tuple().exponent > 0 else number


def _show(value: Any) -> str:
    text = _CONTROL.sub("", _text(value) or "")
    return text if len(text) <= 30 else text[:29] + "…"


class _NotNumber(ValueError):
    """A cell that should hold a number but does not; the message says why."""


def _number(value: Any) -> tuple[Decimal, str]:
    """A number cell → (exact Decimal, trailing unit text as written, "" when none)."""
    if isinstance(value, bool):
        raise _NotNumber(f"“{_show(value)}” 是逻辑值，不是数字")
    if isinstance(value, int):
        return Decimal(value), ""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _NotNumber(f"“{_show(value)}” 不是数字")
        return _float_decimal(value), ""
    if isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        raise _NotNumber(
            f"“{_show(value)}” 是日期或时间，不是数字（单元格可能设成了日期格式："
            "请把格式改为“常规”或“数值”后重新输入）"
        )
    text = _nfkc(str(value)).replace("−", "-").strip()
    compact = _WS.sub("", text).replace(",", "")
    negative = _PARENTHESISED.match(compact)
    if negative and _NUMBER.match(negative.group(1)) and negative.group(1)[0] not in "+-":
        inner, rest = _number(negative.group(1))
        if not rest:
            return -inner, negative.group(2)
    match = _NUMBER.match(compact)
    if not match:
        raise _NotNumber(f"“{_show(value)}” 不是数字")
    try:
        number = Decimal(match.group(1))
    except InvalidOperation as exc:  # pragma: no cover - the pattern only admits plain numbers
        raise _NotNumber(f"“{_show(value)}” 不是数字") from exc
    return number, match.group(2)


# ================================================================ headers
@dataclass
class _Header:
    row: int
    cols: dict[str, int]  # canonical column → column index
    units: dict[str, str]  # canonical column → unit written in brackets
    first_col: int
    marker_cols: dict[tuple[str, ...], tuple[int, ...]] = field(default_factory=dict)


def _header_name(value: Any) -> tuple[str, str | None] | None:
    if not isinstance(value, str):
        return None
    if len(value) <= _MEMO_CHARS and value.__class__ is str:
        return _header_name_memo(value)
    return _parse_header_name(value)


def _parse_header_name(value: str) -> tuple[str, str | None] | None:
    name = _squash(value)
    if not name:
        return None
    match = _HEADER_UNIT.match(name)
    if match:
        return match.group(1), match.group(2)
    return name, None


_header_name_memo = functools.lru_cache(maxsize=_MEMO_SIZE)(_parse_header_name)


def _find_header(
    sheet: _Sheet, known: Iterable[str], required: Iterable[str], log: _Log
) -> _Header | None:
    known, required = tuple(known), tuple(required)
    best: tuple[int, int] | None = None  # (matches, Excel row)
    for i in range(len(sheet.rows)):
        cells = _header_cells(sheet, sheet.first_row + i)
        names = {}
        for value in cells:
            parsed = _header_name(value)
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
    sheet: _Sheet, row: int, known: tuple[str, ...], log: _Log, quiet: bool = False
) -> _Header:
    cols: dict[str, int] = {}
    units: dict[str, str] = {}
    first_col: int | None = None
    cells = _header_cells(sheet, row)
    unknown: list[str] = []
    for col, value in enumerate(cells):
        parsed = _header_name(value)
        if parsed is None:
            continue
        if first_col is None:
            first_col = col
        name, unit = parsed
        if name not in known:
            unknown.append(_show(value))
            continue
        if name in cols:
            if not quiet:
                log.error(
                    "duplicate_column",
                    f"表头中「{name}」出现了两次（{_column_letters(cols[name])}列和"
                    f"{_column_letters(col)}列），请删除多余的一列",
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
    return _Header(row, cols, units, first_col or 0)


def _header_cells(sheet: _Sheet, row: int) -> list[Any]:
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


def _note_unknown_columns(sheet: _Sheet, row: int, unknown: list[str], log: _Log) -> None:
    if len(unknown) <= _UNKNOWN_LISTED:
        for shown in unknown:
            log.note(
                "unknown_column",
                f"列「{shown}」不是模板中的列，已忽略",
                sheet=sheet.name,
                row=row,
            )
        return
    listed = "」「".join(unknown[:_UNKNOWN_LISTED])
    log.note(
        "unknown_column",
        f"表头中有 {len(unknown)} 列不是模板中的列（「{listed}」等），已忽略",
        sheet=sheet.name,
        row=row,
    )


def _amount_factors(sheet: _Sheet, header: _Header, log: _Log) -> dict[str, tuple[Decimal, str]]:
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


# ================================================================ rows
_NO_FACTOR = (Decimal(1), UNIT_WAN)


class _Row:
    """One data row of a table, with the checks that report problems against its cells."""

    __slots__ = ("cells", "cleaned", "cols", "flagged", "header", "log", "plain", "row", "sheet")

    def __init__(self, sheet: _Sheet, header: _Header, row: int, log: _Log) -> None:
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
            return _percent_of(value)
        return None  # text ("98.8%" typed as text is read as written), a date, a boolean

    def percent_hint(self, name: str) -> str:
        """For a unit conflict: say the % comes from the cell's format, not from its text."""
        col = self.cols.get(name)
        if col is None or self.percent(name) is None:
            return ""
        return (
            f"（单元格 {_column_letters(col)}{self.row} 设置了百分比格式；如果不是百分比，"
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
        ref = f"{_column_letters(col)}{self.row}"
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
            text, dirty = _clean_text(value)
        else:
            text = _text(value)
            dirty = text is not None and _CONTROL.search(text) is not None
            if dirty:
                text = _CONTROL.sub("", text).strip() or None  # type: ignore[arg-type]
        if dirty and name not in self.cleaned:
            self.cleaned.add(name)
            self.log.warning(
                "control_chars",
                "单元格含有不可见的控制字符（常见于从网页或系统导出后粘贴），已删除；请核对内容",
                sheet=self.sheet.name,
                row=self.row,
                column=name,
            )
        return text

    def name(self, name: str) -> str | None:
        """A name (project, income item, indicator): text, flagged when implausibly long."""
        text = self.text(name)
        if text is not None and len(text) > MAX_NAME_CHARS:
            self.log.warning(
                "long_text",
                f"名称长达 {len(text)} 个字（超过 {MAX_NAME_CHARS} 个字），可能误粘贴了其他内容；"
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
        return _squash(text) or None

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
            number, suffix = _number(value)
        except _NotNumber as exc:
            self.error(name, "not_a_number", f"{exc}，{hint}")
            return None
        if suffix and _UNIT_ALIASES.get(suffix, suffix) != unit:
            self.error(name, "bad_unit", f"“{_show(value)}” 的单位与本列（{unit}）不一致，{hint}")
            return None
        if number < 0:
            how = "（会计格式的括号表示负数）" if str(value).strip()[:1] in "(（" else ""
            self.error(
                name, "negative_amount", f"“{_show(value)}” 是负数{how}，金额不能为负，{hint}"
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
        self.error(name, code, f"“{_show(self.raw(name, True))}” 不是可选值，请填写：{listed}")
        return None


def _data_rows(sheet: _Sheet, header: _Header, log: _Log) -> Iterable[_Row]:
    last = sheet.first_row + len(sheet.rows) - 1
    limit = sheet.first_row + MAX_SHEET_ROWS
    extra = [r for r, _ in sheet.uncached | set(sheet.errors) if r < limit]
    if extra:
        last = max(last, *extra)
    for row in range(header.row + 1, last + 1):
        line = _Row(sheet, header, row, log)
        if line.is_blank():
            continue
        if _repeats_header(line):
            log.note(
                "repeated_header",
                f"本行与表头（第{header.row}行）相同，已跳过；可能粘贴了两段表格，请删除多余的表头行",
                sheet=sheet.name,
                row=row,
            )
            continue
        yield line


def _repeats_header(line: _Row) -> bool:
    """Every column the header found is named again in this row (a second header pasted below)."""
    for name, col in line.header.cols.items():
        parsed = _header_name(line._at(col))
        if parsed is None or parsed[0] != name:
            return False
    return True


def _subtotal_marker(line: _Row, labels: tuple[str, ...]) -> str | None:
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
    if len(value) <= _MEMO_CHARS and value.__class__ is str:
        return _subtotal_memo(value)
    return _parse_subtotal(value)


def _parse_subtotal(value: str) -> str | None:
    match = _SUBTOTAL.match(_squash(value))
    return match.group(1) if match else None


_subtotal_memo = functools.lru_cache(maxsize=_MEMO_SIZE)(_parse_subtotal)


@dataclass
class _Subtotal:
    row: int
    marker: str
    values: dict[str, Decimal | None]
    start: int  # index of the first data record it sums
    end: int  # index after the last


def _add_subtotal(
    subtotals: list[_Subtotal], line: _Row, marker: str, values: dict, count: int
) -> None:
    """A 小计 sums the rows since the previous subtotal; a 合计/总计 those since the previous
    合计/总计, so a grand total below 小计 rows sums them all."""
    start = 0
    for sub in reversed(subtotals):
        if marker == SUBTOTAL_PART or sub.marker != SUBTOTAL_PART:
            start = sub.end
            break
    subtotals.append(_Subtotal(line.row, marker, values, start, count))


def _check_subtotals(
    sheet: _Sheet, subtotals: list[_Subtotal], records: list[dict[str, Any]], log: _Log
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
                    "subtotal_mismatch",
                    f"{sub.marker}行填写的是 {_plain(given)}，但它所合计的 {len(part)} 行"
                    f"（第{part[0][ROW]}–{part[-1][ROW]}行）相加为 {_plain(total)}，请核对"
                    if part
                    else f"{sub.marker}行填写的是 {_plain(given)}，但上面没有可合计的数据行，请核对",
                    sheet=sheet.name,
                    row=sub.row,
                    column=name,
                )


# ================================================================ 基本信息
def _read_info(sheet: _Sheet, log: _Log) -> tuple[str, int, dict[str, str]] | None:
    if sheet.is_empty():
        log.error("no_data", "基本信息 表是空的，请填写单位名称和年度", sheet=sheet.name)
        return None
    header = _find_header(sheet, INFO_COLUMNS, INFO_COLUMNS, log)
    if header is None:
        return None
    info: dict[str, str] = {}
    rows: dict[str, int] = {}
    year_raw: Any = None
    for line in _data_rows(sheet, header, log):
        key = line.label(INFO_KEY)
        value = line.text(INFO_VALUE)
        if key is None or value is None:
            continue
        if key in info and info[key] != value:
            line.error(
                INFO_VALUE,
                "duplicate_key",
                f"「{key}」填写了两次（第{rows[key]}行和本行），且内容不同，请只保留一行",
            )
            continue
        info[key], rows[key] = value, line.row
        if key == INFO_YEAR:
            year_raw = line.raw(INFO_VALUE)
    for key in INFO_REQUIRED:
        if key not in info:
            log.error(
                "missing_info",
                f"缺少「{key}」：请在「{INFO_KEY}」列写“{key}”，在「{INFO_VALUE}」列填写内容",
                sheet=sheet.name,
                column=INFO_VALUE,
            )
    if any(key not in info for key in INFO_REQUIRED):
        return None
    unit = info[INFO_UNIT]
    if len(unit) > MAX_NAME_CHARS:
        log.error(
            "long_text",
            f"单位名称长达 {len(unit)} 个字（上限 {MAX_NAME_CHARS} 个字），"
            "请只填写单位全称，如 常宁市科技和工业信息化局",
            sheet=sheet.name,
            row=rows[INFO_UNIT],
            column=INFO_VALUE,
        )
        return None
    year = _parse_year(year_raw)
    if year is None:
        hint = "请填写如 2024"
        if isinstance(year_raw, dt.date | dt.datetime | dt.time | dt.timedelta):
            hint = "该单元格是日期格式，请把格式改为“常规”或“文本”后重新填写四位年份，如 2024"
        log.error(
            "bad_year",
            f"年度“{_show(year_raw)}” 不是四位年份，{hint}",
            sheet=sheet.name,
            row=rows[INFO_YEAR],
            column=INFO_VALUE,
        )
        return None
    return info[INFO_UNIT], year, info


def _parse_year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    year: int | None = None
    if isinstance(value, int):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str):
        match = _YEAR.match(_squash(value))
        year = int(match.group(1)) if match else None
    if year is None or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        return None
    return year


# ================================================================ 支出 and 收入
def _read_spending(sheet: _Sheet, log: _Log) -> list[dict[str, Any]]:
    if sheet.is_empty():
        log.error("no_data", "支出 表没有数据行，请至少填写一行支出", sheet=sheet.name)
        return []
    header = _find_header(sheet, SPENDING_COLUMNS, SPENDING_REQUIRED, log)
    if header is None:
        return []
    factors = _amount_factors(sheet, header, log)
    amounts = (BUDGET_INITIAL, BUDGET, ACTUAL)
    records: list[dict[str, Any]] = []
    subtotals: list[_Subtotal] = []
    for line in _data_rows(sheet, header, log):
        marker = _subtotal_marker(line, (FUND, CATEGORY, ITEM))
        if marker:
            values = {name: line.amount(name, factors) for name in amounts}
            _add_subtotal(subtotals, line, marker, values, len(records))
            continue
        fund = line.choice(FUND, FUNDS, "unknown_fund") or FUND_GENERAL
        category = line.choice(CATEGORY, CATEGORIES, "unknown_category")
        line.require(CATEGORY)
        item = line.name(ITEM)
        if category == CAT_BASIC and item is not None:
            if _squash(item) in BASIC_ITEMS:
                item = _squash(item)
            else:
                line.error(
                    ITEM,
                    "bad_item",
                    f"基本支出的明细只能是“人员经费”“公用经费”或留空，“{_show(item)}” 不可用；"
                    "项目名称请填在「支出类别」为“项目支出”的行",
                )
        actual = line.amount(ACTUAL, factors)
        line.require(ACTUAL)
        records.append(
            {
                ROW: line.row,
                FUND: fund,
                CATEGORY: category,
                ITEM: item,
                BUDGET_INITIAL: line.amount(BUDGET_INITIAL, factors),
                BUDGET: line.amount(BUDGET, factors),
                ACTUAL: actual,
                NOTE: line.text(NOTE),
            }
        )
    if not records:
        log.error(
            "no_data",
            f"支出 表没有数据行：表头（第{header.row}行）下面至少要填写一行支出",
            sheet=sheet.name,
        )
    _check_subtotals(sheet, subtotals, records, log)
    return records


def _read_income(sheet: _Sheet, log: _Log) -> list[dict[str, Any]]:
    header = _find_header(sheet, INCOME_COLUMNS, INCOME_REQUIRED, log)
    if header is None:
        return []
    factors = _amount_factors(sheet, header, log)
    records: list[dict[str, Any]] = []
    subtotals: list[_Subtotal] = []
    for line in _data_rows(sheet, header, log):
        marker = _subtotal_marker(line, (FUND, INCOME_ITEM))
        if marker:
            _add_subtotal(
                subtotals, line, marker, {INCOME: line.amount(INCOME, factors)}, len(records)
            )
            continue
        fund = line.choice(FUND, FUNDS, "unknown_fund") or FUND_GENERAL
        item = line.name(INCOME_ITEM)
        line.require(INCOME_ITEM)
        income = line.amount(INCOME, factors)
        line.require(INCOME)
        records.append({ROW: line.row, FUND: fund, INCOME_ITEM: item, INCOME: income})
    _check_subtotals(sheet, subtotals, records, log)
    return records


# ================================================================ 绩效指标
def _direction(text: str | None) -> str | None:
    if text is None:
        return None
    squashed = _squash(text)
    if squashed == DIR_QUAL:
        return DIR_QUAL
    return _COMPARATORS.get(squashed)


def _qual_level(text: str | None) -> str | None:
    if text is None:
        return None
    squashed = _squash(text)
    if squashed in QUAL_LEVELS:
        return squashed
    return QUAL_LONG_FORMS.get(squashed)


def _same_unit(a: str, b: str) -> bool:
    return _squash(a) == _squash(b)


def _read_indicators(sheet: _Sheet, log: _Log) -> list[dict[str, Any]]:
    header = _find_header(sheet, KPI_SHEET_COLUMNS, KPI_REQUIRED, log)
    if header is None:
        return []
    records = []
    for line in _data_rows(sheet, header, log):
        records.append(_read_indicator(line))
    if not records:
        log.note("no_indicators", "绩效指标 表没有数据行，无法计算指标完成情况", sheet=sheet.name)
    return records


def _read_indicator(line: _Row) -> dict[str, Any]:
    l1 = line.choice(L1, L1_VALUES, "unknown_l1")
    line.require(L1)
    name = line.name(KPI_NAME)
    line.require(KPI_NAME)
    unit = line.text(KPI_UNIT)
    direction_text = line.text(DIRECTION)
    direction = _direction(direction_text)
    if direction_text is not None and direction is None:
        line.error(
            DIRECTION,
            "unknown_direction",
            f"“{_show(direction_text)}” 不是可选值，请填写：{'、'.join(DIRECTIONS)}",
        )
    target_text = _percent_text(line, TARGET) or line.text(TARGET)
    result_text = _percent_text(line, RESULT) or line.text(RESULT)
    line.require(RESULT)
    if direction is None and direction_text is None and _qual_level(result_text):
        direction = DIR_QUAL  # a result written as 达成/部分达成/未达成 is a 定性 indicator
    rec: dict[str, Any] = {
        ROW: line.row,
        L1: l1,
        L2: line.choice(L2, L2_VALUES, "unknown_l2"),
        KPI_NAME: name,
        REASON: line.text(REASON),
        TARGET_TEXT: target_text,
        RESULT_TEXT: result_text,
        WEIGHT: _kpi_weight(line),
    }
    if direction == DIR_QUAL:
        level = _qual_level(result_text)
        if result_text is not None and level is None:
            forms = "、".join((*QUAL_LONG_FORMS, *QUAL_LEVELS))
            line.error(
                RESULT,
                "bad_level",
                f"定性指标的完成值“{_show(result_text)}” 无法识别，请填写：{forms}",
            )
        rec.update({KPI_UNIT: unit, DIRECTION: DIR_QUAL, RESULT_LEVEL: level})
        rec.update({TARGET: None, RESULT: None, PREV_RESULT: None})
        return rec
    target, t_dir, t_unit = _kpi_target(line)
    if t_dir is not None:
        if direction is None:
            direction = t_dir
        elif direction != t_dir:
            line.error(
                TARGET,
                "direction_conflict",
                f"年度指标值“{_show(target_text)}” 的比较符号（{t_dir}）与「{DIRECTION}」"
                f"（{direction}）不一致，请改正其中一个",
            )
    if t_unit:
        if unit is None:
            unit = t_unit
        elif not _same_unit(unit, t_unit):
            line.error(
                TARGET,
                "unit_conflict",
                f"年度指标值“{_show(target_text)}” 的单位（{t_unit}）与「{KPI_UNIT}」"
                f"（{unit}）不一致，请改正其中一个{line.percent_hint(TARGET)}",
            )
    result, unit = _kpi_number(line, RESULT, unit)
    prev, unit = _kpi_number(line, PREV_RESULT, unit)
    rec.update(
        {
            KPI_UNIT: unit,
            DIRECTION: direction or DIR_GE,
            TARGET: target,
            RESULT: result,
            PREV_RESULT: prev,
            RESULT_LEVEL: None,
        }
    )
    return rec


def _percent_text(line: _Row, name: str) -> str | None:
    """A number with a percentage format as Excel shows it and as it would be typed: 98.8%."""
    if not (line.plain or line.cell_ok(name)):
        return None
    number = line.percent(name)
    return None if number is None else f"{_plain(number)}%"


def _kpi_target(line: _Row) -> tuple[Decimal | None, str | None, str | None]:
    """年度指标值 → (number, direction from a leading comparison, trailing unit)."""
    value = line.raw(TARGET)
    if value is None or not line.cell_ok(TARGET):
        return None, None, None
    percent = line.percent(TARGET)
    if percent is not None:
        return percent, None, "%"
    direction = None
    if isinstance(value, str):
        text = _squash(value)
        match = _COMPARATOR.match(text)
        if match:
            direction = _COMPARATORS[match.group(1)]
            value = text[match.end() :]
    try:
        number, suffix = _number(value)
    except _NotNumber as exc:
        line.error(
            TARGET,
            "not_a_number",
            f"{exc}；定量指标的年度指标值请写成如 ≥560家、≤3%、100%，"
            f"定性指标请在「{DIRECTION}」填写“{DIR_QUAL}”",
        )
        return None, direction, None
    return number, direction, suffix.strip() or None


def _kpi_number(line: _Row, name: str, unit: str | None) -> tuple[Decimal | None, str | None]:
    """实际完成值 / 上年完成值 of a quantitative indicator, optionally with its unit."""
    value = line.raw(name)
    if value is None or not line.cell_ok(name):
        return None, unit
    percent = line.percent(name)
    if percent is not None:
        number, suffix, value = percent, "%", f"{_plain(percent)}%"  # as if typed so
    else:
        try:
            number, suffix = _number(value)
        except _NotNumber as exc:
            line.error(
                name,
                "not_a_number",
                f"{exc}；定量指标请填写数字（可带单位，如 588家、98.8%），"
                f"定性指标请在「{DIRECTION}」填写“{DIR_QUAL}”",
            )
            return None, unit
    suffix = suffix.strip()
    if suffix:
        if unit is None:
            unit = suffix
        elif not _same_unit(unit, suffix):
            line.error(
                name,
                "unit_conflict",
                f"“{_show(value)}” 的单位（{suffix}）与「{KPI_UNIT}」（{unit}）不一致，"
                f"请改正{line.percent_hint(name)}",
            )
            return None, unit
    return number, unit


def _kpi_weight(line: _Row) -> Decimal | None:
    value = line.raw(WEIGHT)
    if value is None or not line.cell_ok(WEIGHT):
        return None
    try:
        number, suffix = _number(value)
    except _NotNumber as exc:
        line.error(WEIGHT, "not_a_number", f"{exc}，请填写分值（数字）")
        return None
    if suffix.strip() not in ("", "分"):
        line.error(WEIGHT, "not_a_number", f"“{_show(value)}” 不是分值，请填写数字")
        return None
    if number < 0:
        line.error(WEIGHT, "negative_weight", f"“{_show(value)}” 是负数，分值不能为负")
        return None
    return number


# ================================================================ 文字说明
def _read_texts(sheet: _Sheet, log: _Log) -> dict[str, str]:
    header = _find_header(sheet, TEXT_COLUMNS, TEXT_COLUMNS, log)
    if header is None:
        return {}
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for line in _data_rows(sheet, header, log):
        given = line.label(SECTION)
        section = given or current  # a 章节 cell left blank continues the one above
        content = line.text(CONTENT)
        if section is None:
            if content is not None:
                line.error(
                    SECTION,
                    "missing_value",
                    f"内容没有对应的章节，请在「{SECTION}」填写：{'、'.join(SECTIONS)}",
                )
            continue
        current = section
        if section not in SECTIONS:
            if given is not None:
                log.warning(
                    "unknown_section",
                    f"章节“{_show(line.raw(SECTION, True))}” 无法识别，本行内容未采用；"
                    f"可用的章节：{'、'.join(SECTIONS)}",
                    sheet=sheet.name,
                    row=line.row,
                    column=SECTION,
                )
            continue
        if content is not None:
            parts.setdefault(section, []).append(content)
    return {name: "\n".join(parts[name]) for name in SECTIONS if name in parts}
