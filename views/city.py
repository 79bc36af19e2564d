"""全市汇总: every unit of one year side by side, ranked, filtered, with downloads for leadership."""

import streamlit as st

from perfeval import fmt
from perfeval.city import charts as city_charts
from perfeval.city import table as city_table
from perfeval.city.rows import City
from perfeval.report import bundle
from perfeval.schema import INFO_DEPARTMENT, INFO_UNIT_TYPE
from perfeval.web import caches, city_view, selection, widgets

LINK = "总览链接"

year = selection.city_year()
if year is None:
    st.title("全市汇总")
    st.info(
        "数据库中还没有单位的数据。请到“数据上传”页上传各单位的工作簿，或用命令行 ingest 入库。"
    )
    st.stop()
whole = caches.city_of(year)

st.sidebar.subheader("筛选")
departments = city_view.options(r.department for r in whole.rows)
types = city_view.options(r.unit_type for r in whole.rows)
grades_present = [g for g, n in whole.grades.items() if n]
chosen = city_view.CityFilter(
    departments=tuple(
        st.sidebar.multiselect(INFO_DEPARTMENT, departments, placeholder="全部", key="_f_dep")
        if departments
        else ()
    ),
    types=tuple(
        st.sidebar.multiselect(INFO_UNIT_TYPE, types, placeholder="全部", key="_f_type")
        if types
        else ()
    ),
    grades=tuple(
        st.sidebar.multiselect("等级", grades_present, placeholder="全部", key="_f_grade")
    ),
    findings=st.sidebar.radio("发现问题", city_view.FINDINGS_CHOICES, key="_f_findings"),
)
units = chosen.units(whole)
view: City = caches.city_view(year, units)

st.title(f"{year}年度全市预算绩效自评汇总")
st.caption(city_view.scope_caption(view, whole, chosen.active))

# ---------------------------------------------------------------- cards
money_row, other_row = st.columns(3), st.columns(4)
money_row[0].metric(
    "支出合计",
    fmt.money(view.total),
    city_view.total_delta(view),
    delta_color="off",
    border=True,
)
for col, label, amount in (
    (money_row[1], "基本支出", view.basic),
    (money_row[2], "项目支出", view.project),
):
    col.metric(
        label,
        fmt.money(amount),
        city_view.share_delta(view, amount),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
other_row[0].metric(
    "报送单位",
    f"{len(view.rows)}个",
    city_view.reported_delta(view),
    delta_color="off",
    delta_arrow="off",
    border=True,
)
other_row[1].metric("预算执行率", fmt.percent(view.exec_rate), border=True)
other_row[2].metric(
    "平均得分",
    city_view.mean_score_text(view),
    city_view.grades_line(view),
    delta_color="off",
    delta_arrow="off",
    border=True,
)
other_row[3].metric(
    "有未量化指标的单位",
    f"{len(view.unquantified_units)}个",
    city_view.unquantified_delta(view),
    delta_color="off",
    delta_arrow="off",
    border=True,
    help="年度指标值空白的指标不计分：这些单位的得分只建立在已量化的指标上。",
)
note = city_view.notes(view, year)
if note:
    st.caption(note)

missing = city_view.missing_warning(view, year)
if missing:
    st.warning(missing, icon=":material/assignment_late:")

if not view.rows:
    st.info("筛选条件下没有单位。")
    st.stop()

# ---------------------------------------------------------------- charts
left, right = st.columns(2, gap="large")
with left:
    widgets.city_chart(city_charts.ranked, year, units, key="city_ranked")
with right:
    widgets.city_chart(city_charts.exec_vs_score, year, units, key="city_scatter")
    st.caption("右上方红色、橙色的点：得分高，但量化指标少，得分依据不足，应重点关注。")
left, right = st.columns([2, 3], gap="large")
with left:
    widgets.city_chart(city_charts.grades, year, units, key="city_grades")
with right:
    widgets.city_chart(city_charts.by_year, year, units, key="city_by_year")

# ---------------------------------------------------------------- table and downloads
st.subheader("各单位明细")
xlsx, reports = caches.city_downloads(year, units)
buttons = st.columns([1, 1, 3])
buttons[0].download_button(
    "下载汇总表 (Excel)",
    data=xlsx,
    file_name=city_table.xlsx_filename(year),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    key="city_xlsx",
    type="primary",
)
buttons[1].download_button(
    f"下载{len(view.rows)}个单位的报告 (.zip)",
    data=reports,
    file_name=bundle.zip_filename(year),
    mime="application/zip",
    icon=":material/folder_zip:",
    key="city_zip",
)
frame = city_table.frame(view, link=LINK)
frame = frame.drop(columns=[city_table.UNIT])
hidden = [c for c in (INFO_DEPARTMENT, INFO_UNIT_TYPE) if (frame[c] == "—").all()]
frame = frame.drop(columns=hidden)
top_total = float(max((r.total.current or 0) for r in view.rows)) or 1.0
money = "%.2f"
config = {
    LINK: st.column_config.LinkColumn(
        "单位", display_text=r"unit=([^&]*)", width="medium", pinned=True,
        help="点击打开该单位的总览",
    ),
    "支出合计": st.column_config.ProgressColumn(
        "支出合计（万元）", format=money, min_value=0, max_value=top_total, width="medium"
    ),
    "同比": st.column_config.NumberColumn("同比", format="%+.2f%%"),
    "基本支出": st.column_config.NumberColumn("基本支出（万元）", format=money),
    "项目支出": st.column_config.NumberColumn("项目支出（万元）", format=money),
    "执行率": st.column_config.ProgressColumn(
        "执行率", format="%.2f%%", min_value=0, max_value=100
    ),
    "得分": st.column_config.NumberColumn("得分", format="%.2f"),
    "量化指标占比": st.column_config.ProgressColumn(
        "量化指标占比", format="%.2f%%", min_value=0, max_value=100
    ),
    "发现问题": st.column_config.NumberColumn("发现问题（条）", format="%d"),
    "在职人数": st.column_config.NumberColumn("在职人数", format="%d"),
    "人均人员经费": st.column_config.NumberColumn("人均人员经费（万元）", format=money),
    "人均公用经费": st.column_config.NumberColumn("人均公用经费（万元）", format=money),
}  # fmt: skip
st.dataframe(
    frame, hide_index=True, column_config=config, height=min(38 * (len(frame) + 1) + 4, 720)
)
