"""Every family registers its layouts here, in one place and one type (readers/layouts.py): the
perfeval template (by its sheet names), the 部门决算 tables (by their titles), the 自评表 of every
province (by the roles of their columns: readers/selfeval.py), and the shapes refused as what they
are. A layout a clerk confirmed is registered per read (readers/mapping.py)."""

from __future__ import annotations

from typing import Any

from perfeval.readers import accounts_layouts, contract, mapping, selfeval, selfeval_read
from perfeval.readers.grid import Grid
from perfeval.readers.layouts import BOOK, Fit, FormRead, Layout, register
from perfeval.readers.problems import Log
from perfeval.readers.selfeval import Analysis, role_list

ACCOUNTS = "部门决算表"
TEMPLATE_FAMILY = "perfeval 填报模板"


# ---------------------------------------------------------------- the template
def _template_fit(layout: Layout, names: set[str]) -> Fit:
    known = names & set(contract.KNOWN_SHEETS)
    return Fit(layout, bool(known), "" if known else "缺少工作表「基本信息」「支出」")


TEMPLATE = register(Layout("template", TEMPLATE_FAMILY, "", _template_fit, scope=BOOK))


# ---------------------------------------------------------------- the 决算 tables
def _accounts_fit(layout: Layout, grid: Grid) -> Fit:
    table = layout.details["table"]
    found = grid.__dict__.get("_accounts", False)
    if found is False:
        found = grid.__dict__["_accounts"] = accounts_layouts.recognise(grid.sheet)
    if found is not None and found[0] is table:
        return Fit(layout, True, detail=found)
    return Fit(layout, False, f"未找到标题「{table.titles[0]}」")


ACCOUNTS_LAYOUTS = tuple(
    register(
        Layout(
            f"accounts.{table.kind}",
            ACCOUNTS,
            table.name,
            _accounts_fit,
            details={"table": table},
        )
    )
    for table in accounts_layouts.LAYOUTS
)


# ---------------------------------------------------------------- the 自评表
def _selfeval_fit(layout: Layout, grid: Grid) -> Fit:
    found = selfeval.cached(grid)
    kind = layout.details["kind"]
    if found.kind != kind:
        return Fit(layout, False, f"不像{kind}", detail=found)
    if layout.refuses:
        return Fit(layout, True, _refusal(found), detail=found)
    if found.missing():
        return Fit(layout, False, selfeval.describe(found), looks=True, detail=found)
    return Fit(layout, True, detail=found)


def _refusal(found: Analysis) -> str:
    missing = found.shown_missing()
    lacks = role_list(missing)
    if found.kind == selfeval.KIND_QUESTIONNAIRE:
        shown = "/".join(found.questions[:2])
        return (
            f"像是{found.looks}（{shown}），不是按年度指标值和实际完成值评分的自评表，缺少{lacks}；"
            "无法计算自评得分，请上传该项目的绩效自评表"
        )
    if found.kind == selfeval.KIND_RUBRIC:
        return (
            f"像是{found.looks}（只有分值和评分标准，没有金额、实际完成值和自评得分），不是自评结果，"
            "不能评分；请上传填好的自评表"
        )
    names = "、".join(selfeval.role_name(r) for r in missing)
    return (
        f"像是{found.looks}（只有指标值，没有{names}），不是自评表；缺少{lacks}。"
        "请上传年度结束后填有实际完成值的绩效自评表"
    )


def _selfeval_read(grid: Grid, layout: Layout, log: Log, found: Analysis | None) -> FormRead | None:
    found = found or selfeval.cached(grid)
    if found.unsure():
        mapping.ask(grid, layout, found, log)
        return None
    return selfeval_read.read(grid, layout, log, found)


SELFEVAL_LAYOUTS = tuple(
    register(
        Layout(
            f"selfeval.{key}",
            family,
            "按列的含义识别",
            _selfeval_fit,
            _selfeval_read,
            details={"kind": family},
        )
    )
    for key, family in (("project", selfeval.FAMILY_PROJECT), ("unit", selfeval.FAMILY_UNIT))
)
REFUSED_LAYOUTS = tuple(
    register(
        Layout(f"refused.{key}", kind, "", _selfeval_fit, refuses=True, details={"kind": kind})
    )
    for key, kind in (
        ("targets", selfeval.KIND_TARGETS),
        ("questionnaire", selfeval.KIND_QUESTIONNAIRE),
        ("rubric", selfeval.KIND_RUBRIC),
    )
)


def read_selfeval(grid: Grid, layout: Layout, log: Log, found: Any) -> FormRead | None:
    return _selfeval_read(grid, layout, log, found)
