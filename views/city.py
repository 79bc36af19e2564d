"""全市汇总: every unit of one year side by side, ranked, filtered, with downloads for leadership."""

from decimal import Decimal

import streamlit as st

from perfeval import fmt, markdown
from perfeval.city import charts as city_charts
from perfeval.city import table as city_table
from perfeval.city.rows import City
from perfeval.report import bundle
from perfeval.schema import INFO_DEPARTMENT, INFO_UNIT_TYPE
from perfeval.web import caches, selection, widgets

LINK = "总览链接"
ALL, WITH, WITHOUT = "全部", "有发现问题的单位", "无发现问题的单位"

year = selection.city_year()
if year is None:
    st.title("全市汇总")
    st.info(
        "数据库中还没有单位的数据。请到“数据上传”页上传各单位的工作簿，或用命令行 ingest 入库。"
    )
    st.stop()
whole = caches.city_of(year)


def options(values) -> list[str]:
    return sorted({v for v in values if v})


st.sidebar.subheader("筛选")
departments = options(r.department for r in whole.rows)
types = options(r.unit_type for r in whole.rows)
chosen_departments = (
    st.sidebar.multiselect(INFO_DEPARTMENT, departments, placeholder="全部", key="_f_dep")
    if departments
    else []
)
chosen_types = (
    st.sidebar.multiselect(INFO_UNIT_TYPE, types, placeholder="全部", key="_f_type")
    if types
    else []
)
grades_present = [g for g, n in whole.grades.items() if n]
chosen_grades = st.sidebar.multiselect("等级", grades_present, placeholder="全部", key="_f_grade")
findings_choice = st.sidebar.radio("发现问题", (ALL, WITH, WITHOUT), key="_f_findings")


def kept(r) -> bool:
    return (
        (not chosen_departments or r.department in chosen_departments)
        and (not chosen_types or r.unit_type in chosen_types)
        and (not chosen_grades or r.grade in chosen_grades)
        and (findings_choice == ALL or (r.findings > 0) == (findings_choice == WITH))
    )


filtered = bool(chosen_departments or chosen_types or chosen_grades or findings_choice != ALL)
units = None
if filtered:
    keep_missing = not (chosen_grades or findings_choice != ALL)  # 未报送 have neither
    units = tuple(sorted({r.unit for r in whole.rows if kept(r)}))
    if keep_missing and not (chosen_departments or chosen_types):
        units += tuple(m.unit for m in whole.missing)
view: City = caches.city_view(year, units)

st.title(f"{year}年度全市预算绩效自评汇总")
scope = f"筛选后{len(view.rows)}个单位（全市{len(whole.rows)}个）" if filtered else "全市"
st.caption(f"{scope} · 金额单位：万元 · 点击单位名称打开该单位总览")

# ---------------------------------------------------------------- cards
cmp = view.comparable
money_row, other_row = st.columns(3), st.columns(4)
money_row[0].metric(
    "支出合计",
    fmt.money(view.total),
    f"{fmt.signed_money(cmp.delta)}（{fmt.signed_percent(cmp.ratio)}）"
    if cmp.previous is not None
    else None,
    delta_color="off",
    border=True,
)
for col, label, amount in (
    (money_row[1], "基本支出", view.basic),
    (money_row[2], "项目支出", view.project),
):
    share = fmt.percent(amount / view.total) if amount is not None and view.total else "—"
    col.metric(
        label, fmt.money(amount), f"占{share}", delta_color="off", delta_arrow="off", border=True
    )
other_row[0].metric(
    "报送单位",
    f"{len(view.rows)}个",
    f"未报送{len(view.missing)}个" if view.missing else "全部报送",
    delta_color="off",
    delta_arrow="off",
    border=True,
)
other_row[1].metric("预算执行率", fmt.percent(view.exec_rate), border=True)
grade_line = " ".join(f"{g}{n}个" for g, n in view.grades.items() if n)
other_row[2].metric(
    "平均得分",
    f"{fmt.amount(view.mean_score)}分" if view.mean_score is not None else "—",
    grade_line or None,
    delta_color="off",
    delta_arrow="off",
    border=True,
)
notes = []
if cmp.previous is not None and (view.comparable_units < len(view.rows) or view.missing):
    notes.append(
        f"同比按两年都报送的{view.comparable_units}个单位计算"
        f"（{year - 1}年{fmt.money(cmp.previous)} → {year}年{fmt.money(cmp.current)}）。"
    )
elif cmp.previous is None and view.rows:
    notes.append(f"没有{year - 1}年度数据，不计算同比。")
unquantified = view.unquantified_units
other_row[3].metric(
    "有未量化指标的单位",
    f"{len(unquantified)}个",
    f"占{fmt.percent(Decimal(len(unquantified)) / len(view.rows))}" if view.rows else None,
    delta_color="off",
    delta_arrow="off",
    border=True,
    help="年度指标值空白的指标不计分：这些单位的得分只建立在已量化的指标上。",
)
if notes:
    st.caption(" ".join(notes))

if view.missing:
    listed = "、".join(
        markdown.inline(m.unit)
        + (f"（最近报送{m.last_year}年度）" if m.last_year else f"（{m.first_year}年度起报送）")
        for m in view.missing
    )
    st.warning(
        f"**未报送 {len(view.missing)}个单位**：有其他年度的数据，但没有{year}年度的数据——{listed}",
        icon=":material/assignment_late:",
    )

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
