"""总览: metric cards, spending charts and the auto-written summary beside them."""

import streamlit as st

from perfeval import app, fmt, markdown

sel = app.selection_or_stop()
m = app.model(sel.unit, sel.year)
b = m.overall

st.title(f"{m.year}年度{markdown.inline(m.unit)}")  # unit names are workbook text
st.caption("整体支出绩效自评 · 金额单位：万元")


def change_text(change) -> str | None:
    if change.previous is None:
        return None
    return f"{fmt.signed_money(change.delta)}（{fmt.signed_percent(change.ratio)}）"


cards = st.columns([1.3, 1.2, 1.3, 1, 1])
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
score = m.score
cards[4].metric(
    "自评得分",
    f"{fmt.amount(score.total)}分" if score.total is not None else "—",
    f"等级：{score.grade}",
    delta_color="off",
    delta_arrow="off",
    border=True,
)
if m.previous_year is None:
    st.caption(f"没有{m.year - 1}年度数据，卡片不显示同比变化。")

left, right = st.columns([3, 2], gap="large")
with left:
    top = st.columns(2)
    top[0].plotly_chart(app.figure("composition", sel.unit, sel.year), key="composition")
    top[1].plotly_chart(app.figure("yoy_waterfall", sel.unit, sel.year), key="waterfall")
    st.plotly_chart(app.figure("projects_ranked", sel.unit, sel.year), key="projects")
    bottom = st.columns(2)
    bottom[0].plotly_chart(app.figure("execution", sel.unit, sel.year), key="execution")
    bottom[1].plotly_chart(app.figure("trend", sel.unit, sel.year), key="trend")
with right:
    st.subheader("自评摘要")
    with st.container(border=True):
        st.markdown(app.brief_text(sel.unit, sel.year))
    app.download_report_button(sel, key="download_overview")
