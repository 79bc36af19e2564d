"""绩效指标: every indicator's target, result, 完成率 and 得分, the score by part, the warnings."""

import streamlit as st

from perfeval import charts, fmt, markdown
from perfeval.report import project_report
from perfeval.schema import SHEET_KPI
from perfeval.web import caches, selection, tables, widgets

sel = selection.selection_or_stop()
m = caches.model(sel.unit, sel.year)

st.title(f"{m.year}年度绩效指标完成情况")
st.caption(markdown.inline(m.unit))

kpi = m.kpi
cards = st.columns(4)
cards[0].metric("指标总数", f"{kpi.total}个", border=True)
cards[1].metric("量化指标达标", f"{kpi.met}/{kpi.quantified}个", border=True)
cards[2].metric("未量化指标", f"{kpi.unquantified}个", border=True)
widgets.score_metric(cards[3], m)


def show_projects() -> None:
    """One project form's indicators at a time, chosen by name (when there are project forms)."""
    if not m.projects:
        return
    st.subheader("项目支出绩效自评表的指标")
    names = [f"{i}. {p.name}" for i, p in enumerate(m.projects, start=1)]
    chosen = st.selectbox("选择项目", range(len(names)), format_func=lambda i: names[i])
    project = m.projects[chosen]
    st.caption(
        f"{project_report.execution_line(project)}；自评得分（复算）"
        f"{fmt.amount(project.total)}分，等级：{project.score.grade}"
    )
    st.dataframe(tables.project_kpi_frame(project), hide_index=True)


if kpi.total == 0:
    st.info("本年度工作簿没有“绩效指标”工作表或没有指标行，无法评价指标完成情况。")
    show_projects()
    st.stop()

left, right = st.columns([3, 2], gap="large")
with left:
    widgets.chart(charts.kpi_progress, sel, key="kpi_progress")
with right:
    widgets.chart(charts.score_parts, sel, key="score_parts")

st.subheader("指标明细")
widgets.text_table(tables.kpi_frame(m))

st.subheader("得分构成")
widgets.text_table(tables.score_frame(m))

st.subheader("需要关注")
widgets.show_problems([f for f in m.findings if f.sheet == SHEET_KPI], empty="指标数据未发现问题。")

show_projects()
