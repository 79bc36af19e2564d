"""总览: metric cards, spending charts and the auto-written summary beside them."""

import streamlit as st

from perfeval import charts, fmt, markdown
from perfeval.web import caches, selection, tables, widgets

sel = selection.selection_or_stop()
m = caches.model(sel.unit, sel.year)
b = m.overall

st.title(f"{m.year}年度{markdown.inline(m.unit)}")  # unit names are workbook text
st.caption("整体支出绩效自评 · 金额单位：万元")


def show_projects() -> None:
    st.subheader("项目支出绩效自评")
    st.caption("按各项目的项目支出绩效自评表复算执行率和得分；指标明细见“绩效指标”页。")
    st.dataframe(tables.projects_frame(m), hide_index=True)


if m.projects and b.empty:  # project forms only: no spending to chart
    st.info(
        f"本年度只有{len(m.projects)}个项目的项目支出绩效自评表，没有整体支出数据，"
        "因此不显示支出图表和整体得分。"
    )
    show_projects()
    st.stop()


def change_text(change) -> str | None:
    if change.previous is None:
        return None
    return f"{fmt.signed_money(change.delta)}（{fmt.signed_percent(change.ratio)}）"


cards = st.columns([1.6, 1.5, 1.6, 1.3, 1.8])  # the score card names its basis
cards[0].metric(
    "支出合计", fmt.money(b.total.current), change_text(b.total), delta_color="off", border=True
)
cards[1].metric(
    "基本支出", fmt.money(b.basic.current), change_text(b.basic), delta_color="off", border=True
)
cards[2].metric(
    "项目支出", fmt.money(b.project.current), change_text(b.project), delta_color="off", border=True
)
cards[3].metric("预算执行率", fmt.percent(m.execution.rate), border=True)
widgets.score_metric(cards[4], m)
if m.previous_year is None:
    st.caption(f"没有{m.year - 1}年度数据，卡片不显示同比变化。")
staff = m.staff
if staff.active:
    quota = f"（编制{staff.quota}人）" if staff.quota is not None else ""
    st.caption(
        f"在职{staff.active}人{quota} · 人均人员经费 {fmt.money(m.per_head_personnel)}"
        f" · 人均公用经费 {fmt.money(m.per_head_public)}"
    )

left, right = st.columns([3, 2], gap="large")
with left:
    top = st.columns(2)
    with top[0]:
        widgets.chart(charts.composition, sel, key="composition")
    with top[1]:
        widgets.chart(charts.yoy_waterfall, sel, key="waterfall")
    widgets.chart(charts.projects_ranked, sel, key="projects")
    bottom = st.columns(2)
    with bottom[0]:
        widgets.chart(charts.execution, sel, key="execution")
    with bottom[1]:
        widgets.chart(charts.trend, sel, key="trend")
with right:
    st.subheader("自评摘要")
    with st.container(border=True):
        st.markdown(caches.brief_text(sel.unit, sel.year))
    widgets.download_summary_button(sel, key="download_overview")

if m.projects:
    show_projects()
