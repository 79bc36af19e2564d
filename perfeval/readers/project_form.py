"""项目支出绩效自评表, one project evaluation per form: the central layout (财预〔2020〕10号) and the
四川 layout (部门预算项目支出绩效自评表); one or several forms per sheet, several sheets per file."""

from __future__ import annotations

from typing import Any

from perfeval.readers import formcheck
from perfeval.readers.form_tables import (
    NATIONAL_INDICATORS,
    SICHUAN_EXECUTION,
    SICHUAN_INDICATORS,
    national_funding,
)
from perfeval.readers.formparts import (
    AMOUNTS,
    read_funding,
    read_indicator_table,
    read_texts,
    strip_code,
)
from perfeval.readers.grid import Grid
from perfeval.readers.labels import Need, title_text
from perfeval.readers.layouts import FormRead, Layout, register
from perfeval.readers.problems import Log
from perfeval.schema import (
    EXEC_WEIGHT,
    FUND_LINE,
    FUND_TOTAL,
    GOAL,
    OUTCOME,
    PROJECT,
    PROJECT_CODE,
    PROJECT_DEPT,
    PROJECT_ID,
    PROJECT_UNIT,
    ROW,
    SEC_MEASURES,
    SEC_PROBLEMS,
    SOURCE_SHEET,
)

FAMILY = "项目支出绩效自评表"
CONCLUSION = "评价结论"


def read(grid: Grid, layout: Layout, log: Log) -> FormRead:
    """Every form of the sheet, one after the other (each starts at a title row)."""
    form = FormRead(layout, grid.name)
    starts = [
        row
        for row in grid.rows()
        if any(title_text(t).endswith(layout.titles) for _, t in grid.row_texts(row))
    ] or [grid.first]
    ends = [s - 1 for s in starts[1:]] + [grid.last]
    for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
        _read_one(grid.view(start, end), layout, log, form, number)
    return form


def _read_one(grid: Grid, layout: Layout, log: Log, form: FormRead, number: int) -> None:
    details = layout.details
    pid = f"{grid.name}#{number}"
    name = grid.field(details["project"])
    if name is None:
        log.warning("no_project_name", "未找到「项目名称」，该表已跳过", grid.name, grid.first)
        return
    project, code = strip_code(name[0])
    unit = grid.field(details["unit"])
    dept = grid.field(details["dept"])
    unit_name = strip_code(unit[0])[0] if unit else None
    if unit_name and form.unit is None:
        form.unit, form.unit_where = unit_name, unit[1]  # type: ignore[index]
    year = grid.year()
    if year and form.year is None:
        form.year, form.year_where = year
    kpi_table = layout.tables[1]
    kpis = read_indicator_table(grid, kpi_table, log)
    end = kpis.end if kpis else grid.last
    kpi_row = grid.find_header(kpi_table)
    funding = read_funding(
        grid, layout.tables[0], details["totals"], kpi_row.row if kpi_row else end
    )
    if funding is not None:
        formcheck.fund_parts(grid, funding, [funding.lines], log)
    if kpis is not None:
        formcheck.recompute(grid, funding, kpis, log)
        for record in kpis.records:
            form.project_indicators.append({**record, PROJECT_ID: pid})
    texts = read_texts(grid, details["texts"])
    form.projects.append(
        {
            ROW: grid.first,
            PROJECT_ID: pid,
            SOURCE_SHEET: grid.name,
            PROJECT: project,
            PROJECT_CODE: code,
            PROJECT_DEPT: dept[0] if dept else None,
            PROJECT_UNIT: unit_name,
            EXEC_WEIGHT: funding.weight.value if funding and funding.weight else None,
            GOAL: texts.get(GOAL),
            OUTCOME: texts.get(OUTCOME),
        }
    )
    if funding is None:
        return
    for line, written in [(funding.total, FUND_TOTAL)] + [(x, x.label) for x in funding.lines]:
        if line is None:
            continue
        row: dict[str, Any] = {ROW: line.row, PROJECT_ID: pid, FUND_LINE: written}
        row.update({n: funding.amount(line, n) for n in AMOUNTS})
        form.funding.append(row)


_TEXTS = {
    GOAL: ("预期目标", "项目年度目标", "年度目标"),
    OUTCOME: ("实际完成情况", "年度目标完成情况"),
    CONCLUSION: ("评价结论",),
    SEC_PROBLEMS: ("存在问题", "存在的问题"),
    SEC_MEASURES: ("改进措施",),
}
_FIELDS = {
    "project": ("项目名称",),
    "unit": ("实施单位", "项目实施单位"),
    "dept": ("主管部门", "项目主管部门"),
    "texts": _TEXTS,
}

CENTRAL = register(
    Layout(
        key="project.central",
        family=FAMILY,
        variant="财预〔2020〕10号",
        titles=("项目支出绩效自评表",),
        needs=(Need("项目名称", ("项目名称",)),),
        tables=(national_funding("项目资金"), NATIONAL_INDICATORS),
        read=read,
        details={**_FIELDS, "totals": ("年度资金总额",)},
    )
)

SICHUAN = register(
    Layout(
        key="project.sichuan",
        family=FAMILY,
        variant="四川",
        titles=("部门预算项目支出绩效自评表",),
        needs=(Need("项目名称", ("项目名称",)),),
        tables=(SICHUAN_EXECUTION, SICHUAN_INDICATORS),
        read=read,
        details={**_FIELDS, "totals": ("总额", "年度资金总额")},
    )
)
