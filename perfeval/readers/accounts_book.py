"""A workbook of 部门决算 tables (one or several sheets): each recognised table becomes a Part of
one unit-year; unit and year come from the title rows, or from the person when none says them."""

from __future__ import annotations

from typing import Any

from perfeval.readers import forms
from perfeval.readers.accounts import AccountsTable, read_table
from perfeval.readers.accounts_layouts import LAYOUTS
from perfeval.readers.combine import Part, combine
from perfeval.readers.forms import CODE_NO_UNIT, CODE_NO_YEAR
from perfeval.readers.grid import Grid
from perfeval.readers.layouts import Fit
from perfeval.readers.problems import Log
from perfeval.schema import (
    INFO_UNIT,
    INFO_YEAR,
    TABLE_COLUMNS,
    ReadResult,
    Workbook,
    make_table,
)

CODE_UNIT_MISSING = CODE_NO_UNIT  # the page asks for the unit, the CLI takes --unit
CODE_YEAR_MISSING = CODE_NO_YEAR  # the page asks for the year, the CLI takes --year
TRIED = "、".join(layout.name for layout in LAYOUTS)


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


def _tables(accounts: list[tuple[Grid, Fit]], log: Log) -> list[AccountsTable]:
    tables = []
    for grid, fit in accounts:
        layout, row, alias = fit.detail
        table = read_table(grid.sheet, layout, row, alias, log=log)
        if table is not None:
            tables.append(table)
    return tables


def _form_part(
    others: list[tuple[Grid, Fit]], source: str, log: Log, unit: str | None, year: int | None
) -> Part | None:
    """The 自评表 sheets of a book that also holds 决算 tables, as one Part; None (and nothing
    said) when they cannot be read on their own (their unit or year missing, say)."""
    if not others:
        return None
    scratch = Log()
    workbook, seen = forms.read_recognised(others, scratch, unit, year)
    if scratch.proposals:
        log.proposals.extend(scratch.proposals)
        log.problems.extend(scratch.problems)
        return None
    if workbook is None:
        for grid, _ in others:
            log.note("unknown_sheet", f"工作表「{grid.name}」未能读取，已忽略", sheet=grid.name)
        return None
    log.problems.extend(scratch.problems)
    return Part(source, "、".join(seen), workbook)


def read_recognised(
    accounts: list[tuple[Grid, Fit]],
    others: list[tuple[Grid, Fit]],
    source: str,
    log: Log,
    tried: dict[str, Any],
    unit: str | None = None,
    year: int | None = None,
) -> ReadResult:
    """A book with 决算 tables (and perhaps 自评表 sheets): every table a Part of one unit-year.
    The tables combine by the rule for several files (a figure stated twice must agree); the
    parts travel with the result to combine with other files."""
    form = _form_part(others, source, log, unit, year)
    for name in tried:
        log.note(
            "unknown_sheet",
            f"工作表「{name}」不是可识别的决算表（已尝试：{TRIED}），已忽略",
            sheet=name,
        )
    if log.proposals:
        result = ReadResult(source, None, log.problems)
        result.proposals = list(log.proposals)
        return result
    tables = _tables(accounts, log)
    if not tables or any(p.level == "error" for p in log.problems):
        return ReadResult(source, None, log.problems)
    resolved = _resolve(tables, unit, year, log)
    if resolved is None:
        return ReadResult(source, None, log.problems)
    parts = [_part(source, t, *resolved) for t in tables]
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
