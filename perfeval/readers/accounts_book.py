"""A workbook of 部门决算 tables (one or several sheets): each recognised table becomes a Part of
one unit-year; unit and year come from the title rows, or from the person when none says them."""

from __future__ import annotations

from perfeval.readers import forms
from perfeval.readers.accounts import AccountsTable, read_table
from perfeval.readers.accounts_layouts import LAYOUTS, recognise
from perfeval.readers.combine import Part, combine
from perfeval.readers.forms import CODE_NO_UNIT, CODE_NO_YEAR
from perfeval.readers.problems import Log
from perfeval.readers.safezip import OpenBook, sheet_xml_paths
from perfeval.readers.sheets import Sheet, load_sheet
from perfeval.schema import (
    INFO_UNIT,
    INFO_YEAR,
    REQUIRED_SHEETS,
    TABLE_COLUMNS,
    ReadResult,
    Workbook,
    make_table,
)

CODE_UNIT_MISSING = CODE_NO_UNIT  # the page asks for the unit, the CLI takes --unit
CODE_YEAR_MISSING = CODE_NO_YEAR  # the page asks for the year, the CLI takes --year
TRIED = "、".join(layout.name for layout in LAYOUTS)


def _sheets(opened: OpenBook, log: Log) -> list[Sheet]:
    paths = sheet_xml_paths(opened.entries)
    out = []
    for actual in opened.book.sheet_names:
        sheet = load_sheet(opened.book, opened.entries, paths, actual.strip(), actual, log)
        if sheet is not None:
            out.append(sheet)
    return out


def _one(values: dict[str, object], what: str, log: Log) -> object | None:
    distinct = set(values.values())
    if len(distinct) > 1:
        listed = "、".join(f"「{sheet}」为{value}" for sheet, value in values.items())
        log.error(
            f"{what}_conflict",
            f"同一工作簿中各表的{what}不一致（{listed}）；一个文件只能是一个单位一个年度，请分开上传",
        )
        return None
    return next(iter(distinct), None)


def _resolve(
    tables: list[AccountsTable], unit: str | None, year: int | None, log: Log
) -> tuple[str, int] | None:
    """The one unit and year of the book's tables; a sheet without its own takes the others'."""
    units = {t.sheet: t.title.unit for t in tables if t.title.unit}
    years = {t.sheet: t.title.year for t in tables if t.title.year}
    found_unit = _one(units, "单位", log) or (unit.strip() if unit and unit.strip() else None)
    found_year = _one(years, "年度", log) or year
    if len(set(units.values())) > 1 or len(set(years.values())) > 1:
        return None
    names = "、".join(f"「{t.sheet}」" for t in tables)
    if found_unit is None:
        log.error(
            CODE_UNIT_MISSING,
            f"决算表{names}的标题行中没有单位名称（应有“部门：XX”或“编制单位：XX”）：请在上传页填写单位名称，"
            "或在命令行加 --unit 单位名称",
            sheet=tables[0].sheet,
        )
    if found_year is None:
        log.error(
            CODE_YEAR_MISSING,
            f"决算表{names}的标题行中没有年度（应有“2024年度”）：请在上传页填写年度，或在命令行加 --year 2024",
            sheet=tables[0].sheet,
        )
    if found_unit is None or found_year is None:
        return None
    return str(found_unit), int(found_year)  # type: ignore[arg-type]


def _part(source: str, table: AccountsTable, unit: str, year: int) -> Part:
    workbook = Workbook(
        unit=unit,
        year=year,
        info={INFO_UNIT: unit, INFO_YEAR: str(year)},
        spending=make_table(table.spending, TABLE_COLUMNS["spending"]),
        income=make_table(table.income, TABLE_COLUMNS["income"]),
    )
    return Part(source, table.label(), workbook, table.claims, table.ranks)


def read_accounts(
    sheets: list[Sheet], source: str, log: Log, unit: str | None = None, year: int | None = None
) -> list[Part]:
    """Every recognised 决算 table of the book as a Part; [] (and errors) when none can be used.
    Sheets that are not 决算 tables are named in a note and left out."""
    tables: list[AccountsTable] = []
    for sheet in sheets:
        found = recognise(sheet)
        if found is None:
            if not sheet.is_empty():
                log.note(
                    "unknown_sheet",
                    f"工作表「{sheet.name}」不是可识别的决算表（已尝试：{TRIED}），已忽略",
                    sheet=sheet.name,
                )
            continue
        table = read_table(sheet, *found, log=log)
        if table is not None:
            tables.append(table)
    if not tables or any(p.level == "error" for p in log.problems):
        return []
    resolved = _resolve(tables, unit, year, log)
    if resolved is None:
        return []
    return [_part(source, t, *resolved) for t in tables]


def _other_forms(
    opened: OpenBook,
    source: str,
    log: Log,
    accounts: set[str],
    unit: str | None,
    year: int | None,
) -> Part | None:
    """The 自评表 sheets of a book that also holds 决算 tables, read by the forms' reader as
    one Part; None (and nothing said) when the other sheets are no known form."""
    scratch = Log()
    workbook, seen = forms.read_forms(opened.book, opened.entries, scratch, unit, year)
    if workbook is None:
        return None
    log.problems.extend(
        p for p in scratch.problems if not (p.code == "unknown_sheet" and p.sheet in accounts)
    )
    return Part(source, "、".join(seen), workbook)


def try_accounts(
    opened: OpenBook, source: str, log: Log, unit: str | None = None, year: int | None = None
) -> ReadResult | None:
    """The book read as 决算 tables, or None when no sheet has a 决算 title (a book with the
    template's sheets is never one). The tables combine by the rule for several files (a figure
    stated twice must agree); the parts travel with the result to combine with other files."""
    names = {name.strip() for name in opened.book.sheet_names}
    if set(REQUIRED_SHEETS) <= names:
        return None
    scratch = Log()
    sheets = _sheets(opened, scratch)
    if not any(recognise(sheet) for sheet in sheets):
        refusals = [p for p in scratch.problems if p.level == "error"]
        return ReadResult(source, None, refusals) if refusals else None
    log.problems.extend(scratch.problems)
    accounts = {sheet.name for sheet in sheets if recognise(sheet)}
    others = [s for s in sheets if s.name not in accounts and not s.is_empty()]
    form = _other_forms(opened, source, log, accounts, unit, year) if others else None
    unread = sheets if form is None else [s for s in sheets if s.name in accounts]
    parts = read_accounts(unread, source, log, unit, year)  # notes the sheets nobody read
    if not parts:
        return ReadResult(source, None, log.problems)
    if form is not None:
        key = (parts[0].workbook.unit, parts[0].workbook.year)
        if (form.workbook.unit, form.workbook.year) != key:
            log.error(
                "units_differ",
                f"同一工作簿中，决算表是{key[0]} {key[1]}年度，「{form.label}」是"
                f"{form.workbook.unit} {form.workbook.year}年度：一个文件只能是一个单位一个年度，"
                "请分开上传",
            )
            return ReadResult(source, None, log.problems)
        parts.append(form)
    (combined,) = combine(parts)  # one book holds one unit-year (checked above)
    problems = log.problems + combined.problems
    workbook = combined.workbook
    workbook.problems = [p for p in problems if p.level != "error"]
    return ReadResult(source, workbook, problems, [p.label for p in parts], parts)
