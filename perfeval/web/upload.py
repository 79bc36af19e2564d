"""The upload page's pieces: each file read and checked (cached), the unit/year a form lacks asked for,
uploads combined by unit-year, refusals for other units and the preview (texts: upload_texts)."""

from __future__ import annotations

import hashlib

import streamlit as st

from perfeval import checking, fmt, pipeline
from perfeval.readers import forms, read_workbook
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CATEGORY,
    FUND,
    ITEM,
    Problem,
    ReadResult,
    Workbook,
)
from perfeval.store import access
from perfeval.store.core import Store, prepare
from perfeval.web import auth, tables, upload_texts
from perfeval.web.caches import generation, get_store
from perfeval.web.upload_texts import CheckedUpload
from perfeval.web.widgets import score_text, text_table


@st.cache_data(show_spinner="正在检查工作簿…", max_entries=64)
def _check(data: bytes, filename: str, unit: str | None, year: int | None) -> ReadResult:
    return read_workbook(data, filename, unit, year)


@st.cache_data(show_spinner="正在核查数字…", max_entries=64)
def _findings(
    data: bytes, filename: str, unit: str | None, year: int | None, gen: int
) -> list[Problem]:
    result = _check(data, filename, unit, year)
    wb = result.workbook
    stored = get_store().history(wb.unit) if wb is not None and result.ok else {}
    return checking.check_findings(result, stored)


def check_upload(
    data: bytes, filename: str, unit: str | None = None, year: int | None = None
) -> CheckedUpload:
    """One uploaded file read and checked (cached); `unit`/`year` fill what its title rows lack."""
    filename = fmt.printable(filename) or "未命名.xlsx"  # a name never moves or hides text
    result = _check(data, filename, unit, year)
    return CheckedUpload(
        filename, data, result, _findings(data, filename, unit, year, generation())
    )


UNIT_MISSING_CODES = frozenset({forms.CODE_NO_UNIT})  # every reader asks with these codes


YEAR_MISSING_CODES = frozenset({forms.CODE_NO_YEAR})


def given_unit_year(filename: str) -> tuple[str | None, int | None]:
    """What the person typed for a file whose title rows lack its unit or year."""
    unit = st.session_state.get(f"_unit_for_{filename}") or None
    year = st.session_state.get(f"_year_for_{filename}")
    return (unit.strip() or None) if unit else None, int(year) if year else None


def ask_unit_year(item: CheckedUpload) -> None:
    """Fields for the unit and year a form does not state (never guessed); shown while needed
    or filled in, so that what was typed stays."""
    codes = {p.code for p in item.result.problems}
    unit, year = given_unit_year(item.filename)
    if codes & UNIT_MISSING_CODES or unit:
        st.text_input("单位名称（表格标题行中没有写明，请填写）", key=f"_unit_for_{item.filename}")
    if codes & YEAR_MISSING_CODES or year:
        st.number_input(
            "年度（表格标题行中没有写明，请填写）",
            min_value=1990,
            max_value=2100,
            value=None,
            step=1,
            key=f"_year_for_{item.filename}",
        )


def file_labels(item: CheckedUpload) -> list[str]:
    """What was recognised in an uploaded file, e.g. 支出决算表（公开03表，金额单位：元）."""
    return list(item.result.recognised)


def template_download(group: pipeline.UnitYearFiles, key: str) -> None:
    """The template round trip: what was read, as a workbook the clerk can check and correct."""
    st.download_button(
        "下载为填报模板格式 (.xlsx)",
        data=pipeline.workbook_bytes(group.workbook),
        file_name=f"{group.unit}-{group.year}-读取结果.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
    )


def combine_uploads(items: list[CheckedUpload]) -> list[pipeline.UnitYearFiles]:
    """The readable uploads combined by unit-year, exactly as the CLI combines files."""
    files = [(i.filename, i.data, pipeline.parts_of(i.result), None) for i in items if i.ok]
    return pipeline.combine_files([f for f in files if f[2]])


def plan_save(store: Store, groups: list[pipeline.UnitYearFiles]) -> checking.SavePlan:
    """What 保存 would do with the combined unit-years: saves, unchanged ones, conflicts."""
    return checking.plan_save(pipeline.uploads_of(groups), store)


REFUSALS_LOGGED = "_refusals_logged"


def refused_uploads(store: Store, checked: list[CheckedUpload]) -> dict[str, str]:
    """filename → "无权上传「XX局」的数据…" for workbooks of units this person may not edit.
    Each refusal goes into the activity trail once per browser session."""
    refused: dict[str, str] = {}
    logged = st.session_state.setdefault(REFUSALS_LOGGED, set())
    for item in checked:
        wb = item.result.workbook
        if wb is None or not isinstance(wb.unit, str) or not wb.unit.strip():
            continue
        if auth.may_edit_unit(wb.unit):
            continue
        refused[item.filename] = access.refusal_text(wb.unit)
        key = (hashlib.sha256(item.data).hexdigest(), wb.unit)
        if key not in logged and isinstance(wb.year, int):
            store.record_refused(auth.current().actor, [prepare(wb, item.data, item.filename)])
            logged.add(key)
    return refused


def log_refusals(
    store: Store,
    checked: list[CheckedUpload],
    groups: list[pipeline.UnitYearFiles],
    plan: checking.SavePlan,
) -> None:
    """Files that cannot be saved, in the trail with the reason (errors, files that disagree, two
    files of one unit-year), once per browser session each; refusals for rights are logged by
    `refused_uploads`. The store folds a person's repeated refusals into one row a minute."""
    logged = st.session_state.setdefault(REFUSALS_LOGGED, set())
    actor = auth.current().actor
    why: dict[str, tuple[str, str, int | None]] = {}  # file → (reason, unit, year)
    for item in checked:
        if not item.ok:
            errors = [p for p in item.problems if p.level == "error"]
            first = errors[0].message if errors else ""
            wb = item.result.workbook
            unit = wb.unit if wb is not None and isinstance(wb.unit, str) else ""
            year = wb.year if wb is not None and isinstance(wb.year, int) else None
            why[item.filename] = (f"文件有{len(errors)}个错误，未保存：{first}", unit, year)
    for group in groups:
        if not group.ok:
            first = group.problems[0].message if group.problems else ""
            reason = f"与同一单位年度的其他文件不一致，未保存：{first}"
            for name, _ in group.files:
                why.setdefault(name, (reason, group.unit, group.year))
    for conflict in plan.conflicts:
        for name in conflict.filenames:
            why.setdefault(name, (conflict.message, conflict.unit, conflict.year))
    by_name = {item.filename: item for item in checked}
    for name, (reason, unit, year) in why.items():
        item = by_name.get(name)
        if item is None:
            continue
        sha = hashlib.sha256(item.data).hexdigest()
        if (sha, "refused") in logged:
            continue
        store.record_refusal(actor, reason, filename=name, sha256=sha, unit=unit, year=year)
        logged.add((sha, "refused"))


def version_note(store: Store, wb: Workbook, plan: checking.SavePlan, filename: str) -> str:
    """Which stored unit-year the upload would become a new version of (escaped for Markdown)."""
    current = store.current(wb.unit, wb.year)
    return upload_texts.version_note(
        wb, plan, filename, current, store.next_version(wb.unit, wb.year)
    )


def preview(wb: Workbook) -> None:
    """What would be stored: the figures the model computes from this workbook alone, the
    spending lines and the indicators as the 绩效指标 page will show them."""
    m = pipeline.model_for({wb.year: wb}, wb.year)
    cols = st.columns(5)
    cols[0].metric("支出合计", fmt.money(m.overall.total.current))
    cols[1].metric("基本支出", fmt.money(m.overall.basic.current))
    cols[2].metric("项目支出", fmt.money(m.overall.project.current))
    cols[3].metric("绩效指标", f"{len(wb.indicators)}个")
    cols[4].metric("自评得分", score_text(m))
    lines = wb.spending[[FUND, CATEGORY, ITEM, BUDGET, ACTUAL]].copy()
    for column in (BUDGET, ACTUAL):
        lines[column] = [fmt.amount(v) for v in lines[column]]
    st.markdown("**支出**")
    text_table(lines)
    if len(wb.indicators):
        st.markdown("**绩效指标**")
        text_table(tables.kpi_frame(m))
