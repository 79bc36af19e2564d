"""The template contract reader (shared/spec/workbook.md): the six sheets into a Workbook.
基本信息, 支出, 收入, 绩效指标 and 文字说明, each checked row by row."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from typing import Any

import python_calamine

from perfeval import unitinfo
from perfeval.readers import safezip
from perfeval.readers.header import amount_factors, find_header
from perfeval.readers.indicators import read_indicators
from perfeval.readers.problems import Log
from perfeval.readers.rows import (
    Subtotal,
    add_subtotal,
    check_subtotals,
    data_rows,
    subtotal_marker,
)
from perfeval.readers.safezip import Entries, sheet_xml_paths
from perfeval.readers.sheets import (
    Sheet,
    hidden_sheets,
    load_sheet,
    percent_styles,
)
from perfeval.readers.values import (
    show,
    squash,
)
from perfeval.schema import (
    ACTUAL,
    BASIC_ITEMS,
    BUDGET,
    BUDGET_INITIAL,
    CAT_BASIC,
    CATEGORIES,
    CATEGORY,
    CODE_HIDDEN_SHEET,
    CODE_LONG_TEXT,
    CONTENT,
    DATA_SHEETS,
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
    NOTE,
    REQUIRED_SHEETS,
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
    TABLE_COLUMNS,
    Workbook,
    make_table,
)

YEAR_RANGE = (1900, 2100)
INFO_COLUMNS = (INFO_KEY, INFO_VALUE)
TEXT_COLUMNS = (SECTION, CONTENT)
KNOWN_SHEETS = (*DATA_SHEETS, SHEET_GUIDE)
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?(?:年度?)?$")


def read_book(
    book: python_calamine.CalamineWorkbook, archive: Entries | zipfile.ZipFile, log: Log
) -> Workbook | None:
    hidden = hidden_sheets(book)
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
    xml_paths = sheet_xml_paths(archive)
    sheets: dict[str, Sheet] = {}
    refused = False
    for name in DATA_SHEETS:
        if name not in by_name:
            continue
        if by_name[name] in hidden:
            log.note(
                CODE_HIDDEN_SHEET,
                f"工作表「{name}」是隐藏的，其数据仍已读取；如不应采用，请删除该工作表",
                sheet=name,
            )
        # a number typed as 98.8% is stored as 0.988 with a percentage format: only the
        # indicators' numbers are read with their format (an amount is 万元 whatever it shows)
        styles = percent_styles(archive) if name == SHEET_KPI else frozenset()
        sheet = load_sheet(book, archive, xml_paths, name, by_name[name], log, styles)
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
        indicators = read_indicators(sheets[SHEET_KPI], log)
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


# ================================================================ 基本信息
def _read_info(sheet: Sheet, log: Log) -> tuple[str, int, dict[str, str]] | None:
    if sheet.is_empty():
        log.error("no_data", "基本信息 表是空的，请填写单位名称和年度", sheet=sheet.name)
        return None
    header = find_header(sheet, INFO_COLUMNS, INFO_COLUMNS, log)
    if header is None:
        return None
    info: dict[str, str] = {}
    rows: dict[str, int] = {}
    year_raw: Any = None
    for line in data_rows(sheet, header, log):
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
        problem = unitinfo.info_problem(key, value)  # head counts, 单位类型
        if problem:
            line.error(INFO_VALUE, "bad_info", problem)
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
    if len(unit) > safezip.MAX_NAME_CHARS:
        log.error(
            CODE_LONG_TEXT,
            f"单位名称长达 {len(unit)} 个字（上限 {safezip.MAX_NAME_CHARS} 个字），"
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
            f"年度“{show(year_raw)}” 不是四位年份，{hint}",
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
        match = _YEAR.match(squash(value))
        year = int(match.group(1)) if match else None
    if year is None or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        return None
    return year


# ================================================================ 支出 and 收入
def _read_spending(sheet: Sheet, log: Log) -> list[dict[str, Any]]:
    if sheet.is_empty():
        log.error("no_data", "支出 表没有数据行，请至少填写一行支出", sheet=sheet.name)
        return []
    header = find_header(sheet, SPENDING_COLUMNS, SPENDING_REQUIRED, log)
    if header is None:
        return []
    factors = amount_factors(sheet, header, log)
    amounts = (BUDGET_INITIAL, BUDGET, ACTUAL)
    records: list[dict[str, Any]] = []
    subtotals: list[Subtotal] = []
    for line in data_rows(sheet, header, log):
        marker = subtotal_marker(line, (FUND, CATEGORY, ITEM))
        if marker:
            values = {name: line.amount(name, factors) for name in amounts}
            add_subtotal(subtotals, line, marker, values, len(records))
            continue
        fund = line.choice(FUND, FUNDS, "unknown_fund") or FUND_GENERAL
        category = line.choice(CATEGORY, CATEGORIES, "unknown_category")
        line.require(CATEGORY)
        item = line.name(ITEM)
        if category == CAT_BASIC and item is not None:
            if squash(item) in BASIC_ITEMS:
                item = squash(item)
            else:
                line.error(
                    ITEM,
                    "bad_item",
                    f"基本支出的明细只能是“人员经费”“公用经费”或留空，“{show(item)}” 不可用；"
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
    check_subtotals(sheet, subtotals, records, log)
    return records


def _read_income(sheet: Sheet, log: Log) -> list[dict[str, Any]]:
    header = find_header(sheet, INCOME_COLUMNS, INCOME_REQUIRED, log)
    if header is None:
        return []
    factors = amount_factors(sheet, header, log)
    records: list[dict[str, Any]] = []
    subtotals: list[Subtotal] = []
    for line in data_rows(sheet, header, log):
        marker = subtotal_marker(line, (FUND, INCOME_ITEM))
        if marker:
            add_subtotal(
                subtotals, line, marker, {INCOME: line.amount(INCOME, factors)}, len(records)
            )
            continue
        fund = line.choice(FUND, FUNDS, "unknown_fund") or FUND_GENERAL
        item = line.name(INCOME_ITEM)
        line.require(INCOME_ITEM)
        income = line.amount(INCOME, factors)
        line.require(INCOME)
        records.append({ROW: line.row, FUND: fund, INCOME_ITEM: item, INCOME: income})
    check_subtotals(sheet, subtotals, records, log)
    return records


# ================================================================ 文字说明
def _read_texts(sheet: Sheet, log: Log) -> dict[str, str]:
    header = find_header(sheet, TEXT_COLUMNS, TEXT_COLUMNS, log)
    if header is None:
        return {}
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for line in data_rows(sheet, header, log):
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
                    f"章节“{show(line.raw(SECTION, True))}” 无法识别，本行内容未采用；"
                    f"可用的章节：{'、'.join(SECTIONS)}",
                    sheet=sheet.name,
                    row=line.row,
                    column=SECTION,
                )
            continue
        if content is not None:
            parts.setdefault(section, []).append(content)
    return {name: "\n".join(parts[name]) for name in SECTIONS if name in parts}
