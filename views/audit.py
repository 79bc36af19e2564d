"""报告核对: drop a written report (.docx/.pdf/.md/.txt) and see every figure checked against the
selected unit-year's data and its own arithmetic, marked by verdict; several: a summary per unit."""

import hashlib

import pandas as pd
import streamlit as st

from perfeval import audit, markdown
from perfeval.audit import batch, limits
from perfeval.audit.marking import marked_html
from perfeval.web import caches, selection


@st.cache_data(show_spinner=False, max_entries=16)
def _audit_texts(unit: str, year: int, gen: int, src: str) -> tuple:
    """(document, rows) of the unit-year's own 文字说明; `gen` and `src` key the cache to the
    store's state (workbook text is bounded by the workbook's limits: cached across sessions)."""
    m = caches.model(unit, year)
    paragraphs = audit.workbook_paragraphs(m.texts)
    return audit.Document("文字说明", paragraphs), audit.audit_model_texts(m)


def _audit(data: bytes | None, name: str, unit: str, year: int, gen: int, src: str) -> tuple:
    """(document read, rows) of a dropped report, or of the 文字说明 (data None). A report is
    read within perfeval/audit/limits.py and its result kept for this session only (the last
    one, replaced by the next): never in the page cache, so it leaves with the session."""
    if data is None:
        return _audit_texts(unit, year, gen, src)
    key = (hashlib.sha256(data).hexdigest(), name, unit, year, gen, src)
    kept = st.session_state.get("_audit_report")
    if kept is not None and kept[0] == key:
        return kept[1]
    st.session_state.pop("_audit_report", None)  # the previous report's rows go first
    with st.spinner("正在核对报告…"):
        result = _read_and_audit(data, name, unit, year)
    st.session_state["_audit_report"] = (key, result)
    return result


def _read_and_audit(data: bytes, name: str, unit: str, year: int) -> tuple:
    deadline = limits.Deadline()
    document = audit.read_document(data, name, deadline)
    if not document.ok:
        return document, []
    try:
        rows = audit.audit(
            document.paragraphs, audit.facts_from_model(caches.model(unit, year)), deadline
        )
    except limits.LimitExceeded as exc:
        return audit.Document(name, None, [exc.problem]), []
    return document, rows


def _batch(files: list, year: int, gen: int, src: str) -> list:
    """Several reports at once: each matched to its stored unit (name in its text or file name)
    and audited against that unit's year (its latest, where it has not this one)."""
    key = (tuple(hashlib.sha256(f.getvalue()).hexdigest() for f in files), year, gen, src)
    kept = st.session_state.get("_audit_batch")
    if kept is not None and kept[0] == key:
        return kept[1]
    st.session_state.pop("_audit_batch", None)
    catalog = caches.catalog()
    results = []
    with st.spinner("正在逐份核对报告…"):
        for f in files:
            deadline = limits.Deadline()
            document = audit.read_document(f.getvalue(), f.name, deadline)
            if not document.ok:
                problem = "；".join(p.message for p in document.problems)
                results.append(batch.Audited(f.name, None, problem=problem))
                continue
            unit, why = batch.match_unit(document.paragraphs, f.name, list(catalog))
            if unit is None:
                results.append(batch.Audited(f.name, None, problem=why))
                continue
            years = catalog[unit]
            unit_year = year if year in years else max(years)
            try:
                facts = audit.facts_from_model(caches.model(unit, unit_year))
                rows = audit.audit(document.paragraphs, facts, deadline)
            except limits.LimitExceeded as exc:
                results.append(batch.Audited(f.name, unit, problem=exc.problem.message))
                continue
            results.append(batch.Audited(f.name, unit, rows))
    st.session_state["_audit_batch"] = (key, results)
    return results


def _show_batch(results: list, year: int) -> None:
    st.subheader(f"{len(results)}份报告（{year}年度）")
    summary = pd.DataFrame(batch.summary(results), columns=list(batch.SUMMARY_COLUMNS))
    st.dataframe(summary, hide_index=True, key="audit_summary")
    for result in results:
        if result.problem:
            st.error(markdown.inline(f"{result.source}：{result.problem}"))
            continue
        flagged = sum(r.flagged for r in result.rows)
        title = (
            f"{result.unit}（{result.source}）：{len(result.rows)}个数字，{flagged}个不一致或存疑"
        )
        with st.expander(markdown.inline(title), expanded=False):
            frame = pd.DataFrame(
                [
                    [r.location, r.clause, r.figure, r.verdict, r.basis, r.expected]
                    for r in audit.flagged_first(result.rows)
                ],
                columns=list(audit.COLUMNS),
            )
            st.dataframe(frame, hide_index=True)


sel = selection.selection_or_stop()
m = caches.model(sel.unit, sel.year)

st.title("报告核对")
st.caption(
    f"{markdown.inline(m.unit)} · {m.year}年度 · 核对报告中每个数字：与本年度数据是否一致、"
    "文字自身的增减率和合计是否算得对、金额单位（万元/亿元）是否写错"
)
files = st.file_uploader(
    "上传要核对的报告（.docx、.pdf、.md 或 .txt）；不上传时核对本年度工作簿中的“文字说明”；"
    "一次上传多份时，按报告中的单位名称（或文件名）逐份对应各单位的数据",
    type=["docx", "docm", "pdf", "md", "txt"],
    accept_multiple_files=True,
    key="audit_file",
)
if len(files or []) > 1:
    _show_batch(_batch(files, sel.year, caches.generation(), caches.source()), sel.year)
    st.stop()
uploaded = files[0] if files else None
data = uploaded.getvalue() if uploaded is not None else None
name = uploaded.name if uploaded is not None else ""
document, rows = _audit(data, name, sel.unit, sel.year, caches.generation(), caches.source())

for problem in document.problems:
    (st.error if problem.level == "error" else st.warning)(markdown.inline(problem.message))
if not document.ok:
    st.stop()
if uploaded is None:
    st.info("当前核对的是工作簿“文字说明”中的文字。上传报告文件即可核对整篇报告。")

counts = audit.verdict_counts(rows)
cards = st.columns(5)
cards[0].metric("核对的数字", f"{len(rows)}个", border=True)
for column, verdict in zip(cards[1:], audit.VERDICTS, strict=True):
    column.metric(verdict, f"{counts[verdict]}个", border=True)

if not rows:
    st.info("文中没有找到可核对的金额、比率或指标数字。")
    st.stop()

ordered = audit.flagged_first(rows)
frame = pd.DataFrame(
    [[r.location, r.clause, r.figure, r.verdict, r.basis, r.expected] for r in ordered],
    columns=list(audit.COLUMNS),
)
st.subheader("核对结果（不一致、存疑在前）")
st.dataframe(
    frame,
    hide_index=True,
    height=min(38 * (len(frame) + 1) + 4, 420),
    column_config={
        "位置": st.column_config.TextColumn("位置", width="small"),
        "原文": st.column_config.TextColumn("原文", width="large"),
        "数字": st.column_config.TextColumn("数字", width="small"),
        "结果": st.column_config.TextColumn("结果", width="small"),
        "依据": st.column_config.TextColumn("依据", width="large"),
        "应为": st.column_config.TextColumn("应为", width="small"),
    },
    key="audit_table",
)
unit_file = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in m.unit)
stem = f"{unit_file}-{m.year}-报告核对"
buttons = st.columns([1, 1, 3])
buttons[0].download_button(
    "下载核对表 (Markdown)",
    data=audit.markdown_table(ordered).encode("utf-8"),
    file_name=f"{stem}.md",
    mime="text/markdown",
    icon=":material/download:",
    key="audit_md",
)
buttons[1].download_button(
    "下载核对表 (Excel)",
    data=audit.excel_bytes(ordered),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="audit_xlsx",
)

st.subheader("标注后的原文")
only_marked = st.toggle("只显示含数字的段落", value=True, key="audit_only_marked")
st.caption("每个核对过的数字按结果着色；鼠标停在数字上可查看依据和应为的数字。")
shown = len({r.paragraph for r in rows}) if only_marked else len(document.paragraphs)
with st.container(height=560 if shown > 12 else "content", border=True):
    st.html(marked_html(document.paragraphs, rows, only_marked))
