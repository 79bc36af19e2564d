"""The 自评表 sheets of a workbook, each recognised by the dispatcher (readers/dispatch.py) and read
by its layout, assembled into one Workbook of one unit and one year (or refused)."""

from __future__ import annotations

from typing import Any

from perfeval.readers import layouts
from perfeval.readers.grid import Grid
from perfeval.readers.labels import norm
from perfeval.readers.layouts import Fit, FormRead
from perfeval.readers.problems import Log
from perfeval.schema import (
    INFO_UNIT,
    INFO_YEAR,
    TABLE_COLUMNS,
    Workbook,
    make_table,
)

CODE_NOT_RECOGNISED = "not_recognised"
CODE_TWO_LAYOUTS = "two_layouts"
CODE_NO_UNIT = "no_unit"  # the upload page / CLI ask for the unit (--unit)
CODE_NO_YEAR = "no_year"  # … and for the year (--year)
CODE_UNITS_DIFFER = "units_differ"
ASK_CODES = frozenset({CODE_NO_UNIT, CODE_NO_YEAR})
YEAR_RANGE = (1900, 2100)


def read_recognised(
    found: list[tuple[Grid, Fit]], log: Log, unit: str | None = None, year: int | None = None
) -> tuple[Workbook | None, list[str]]:
    """(the workbook, what was recognised) of the 自评表 sheets the dispatcher recognised; (None,
    …) with errors in `log` when a sheet needs its columns confirmed, or unit/year are missing
    and not given."""
    reads = [read for grid, fit in found if (read := layouts.read_as(fit, grid, log)) is not None]
    if not reads:
        return None, []
    found_unit, found_year = _unit_and_year(reads, log, unit, year)
    labels = [r.label(found_unit, found_year) for r in reads]
    if found_unit is None or found_year is None or log.proposals:
        return None, labels
    return _assemble(reads, found_unit, found_year, log), labels


def _unit_and_year(
    reads: list[FormRead], log: Log, unit: str | None, year: int | None
) -> tuple[str | None, int | None]:
    """One unit and one year for the file: from the forms (the 整体 form's unit first), or from
    the overrides; two different ones are an error, none (and no override) asks for them."""
    units = [(r.unit, r) for r in reads if r.unit]
    units.sort(key=lambda pair: pair[1].layout.family != "部门整体支出绩效自评表")
    found_unit = units[0][0] if units else None
    families = {r.layout.family for r in reads}
    for other, form in units[1:]:
        same_family = form.layout.family == units[0][1].layout.family or len(families) == 1
        if norm(other) != norm(found_unit) and same_family:
            log.error(
                CODE_UNITS_DIFFER,
                f"工作表「{units[0][1].sheet}」（{units[0][1].unit_where}）的单位是“{found_unit}”，"
                f"工作表「{form.sheet}」（{form.unit_where}）是“{other}”：一个文件只能是一个单位"
                "的数据，请分成两个文件上传",
                sheet=form.sheet,
            )
            return None, None
    years = {r.year for r in reads if r.year}
    if len(years) > 1:
        listed = "、".join(f"「{r.sheet}」{r.year}年度" for r in reads if r.year)
        log.error(
            CODE_UNITS_DIFFER,
            f"各工作表的年度不同（{listed}）：一个文件只能是一个年度的数据，请分开上传",
        )
        return None, None
    found_year = next(iter(years), None)
    if unit:
        found_unit = unit.strip()
    if year:
        found_year = year
    first = reads[0]
    if found_unit is None:
        log.error(
            CODE_NO_UNIT,
            f"「{first.layout.family}」中未找到单位名称（如「部门（单位）名称」「实施单位」）："
            "请在上传页面填写单位名称，或在命令行加 --unit 单位名称",
            sheet=first.sheet,
        )
    if found_year is None or not YEAR_RANGE[0] <= found_year <= YEAR_RANGE[1]:
        log.error(
            CODE_NO_YEAR,
            f"「{first.layout.family}」的标题行中未找到年度（如“（2024年度）”）："
            "请在上传页面填写年度，或在命令行加 --year 2024",
            sheet=first.sheet,
        )
        found_year = None
    return found_unit, found_year


def _assemble(reads: list[FormRead], unit: str, year: int, log: Log) -> Workbook:
    """The forms of one file into one Workbook: each table the concatenation of its parts."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_COLUMNS}
    texts: dict[str, str] = {}
    info: dict[str, str] = {}
    for form in reads:
        for name in TABLE_COLUMNS:
            tables[name].extend(getattr(form, name))
        for key, value in form.texts.items():
            texts.setdefault(key, value)
        info.update(form.info)
    info.update({INFO_UNIT: unit, INFO_YEAR: str(year)})
    return Workbook(
        unit=unit,
        year=year,
        info=info,
        texts=texts,
        problems=[p for p in log.problems if p.level != "error"],
        **{name: make_table(rows, TABLE_COLUMNS[name]) for name, rows in tables.items()},
    )
