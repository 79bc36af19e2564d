"""用户与记录 (admins only: the page is in no one else's navigation): grants, granting and
revoking, and the activity trail with a download."""

import pandas as pd
import streamlit as st

from perfeval import fmt, markdown
from perfeval.store.access import ALL_UNITS_NAME, ROLE_NAMES, ROLES, Refused
from perfeval.store.db import ALL_UNITS
from perfeval.store.trail import ACTIVITY_HEADER, activity_cells, activity_csv
from perfeval.web import auth, caches

access = auth.current()
if not access.is_admin:  # defence in depth: dashboard.py does not list the page for others
    st.error("无权访问：只有管理员可以管理用户和查看活动记录。")
    st.stop()
store = caches.get_store()
st.title("用户与记录")
flash = st.session_state.pop("_admin_flash", None)
if flash:
    st.success(markdown.inline(flash))

st.subheader("授权")
grants = store.grants()
st.caption(
    "权限保存在本系统数据库中，每次点击都重新读取：撤销后立即生效。首批管理员由 PERFEVAL_ADMINS 指定。"
)
st.dataframe(
    pd.DataFrame(
        [
            {
                "被授权人": g.subject,
                "角色": ROLE_NAMES[g.role],
                "单位": ALL_UNITS_NAME if g.unit == ALL_UNITS else g.unit,
                "授权人": g.granted_by,
                "授权时间（北京时间）": fmt.beijing_time(g.granted_at),
            }
            for g in grants
        ],
        columns=["被授权人", "角色", "单位", "授权人", "授权时间（北京时间）"],
        dtype=object,
    ),
    hide_index=True,
)

units = [ALL_UNITS_NAME, *store.units()]
with st.form("grant_form", enter_to_submit=False):
    cols = st.columns(3)
    subject = cols[0].text_input("被授权人（OIDC subject 或电子邮箱）", key="grant_subject")
    role = cols[1].selectbox("角色", ROLES, format_func=ROLE_NAMES.get, key="grant_role")
    unit = cols[2].selectbox("单位", units, accept_new_options=True, key="grant_unit")
    if st.form_submit_button("授权", type="primary"):
        target = ALL_UNITS if unit in (None, ALL_UNITS_NAME) else unit
        try:
            g = store.grant(access.actor, subject, role, target)
        except (ValueError, Refused) as exc:
            st.error(markdown.inline(str(exc)))
        else:
            where = ALL_UNITS_NAME if g.unit == ALL_UNITS else f"「{g.unit}」"
            st.session_state["_admin_flash"] = (
                f"已授予 {g.subject} {where}的{ROLE_NAMES[g.role]}权限"
            )
            st.rerun()

if grants:
    labels = {
        f"{g.subject} · {ROLE_NAMES[g.role]} · {ALL_UNITS_NAME if g.unit == ALL_UNITS else g.unit}": g
        for g in grants
    }
    cols = st.columns([3, 1], vertical_alignment="bottom")
    label = cols[0].selectbox("撤销授权", list(labels), key="revoke_pick")
    if cols[1].button("撤销", key="revoke"):
        g = labels[label]
        try:
            store.revoke(access.actor, g.subject, g.unit)
        except Refused as exc:
            st.error(markdown.inline(str(exc)))
        else:
            st.session_state["_admin_flash"] = f"已撤销 {g.subject} 的授权"
            st.rerun()

st.subheader("活动记录")
st.caption(
    "每次上传、版本变更、删除、恢复、授权、撤销以及被拒绝的上传都记录在此（只能追加，不能修改）。"
)
cols = st.columns(2)
unit_filter = cols[0].selectbox("单位", ["全部", *store.units()], key="activity_unit")
year_text = cols[1].text_input("年度（留空为全部）", key="activity_year")
year = int(year_text) if year_text.strip().isdigit() else None
if year_text.strip() and year is None:
    st.warning("年度应为四位数字，例如 2024；已显示全部年度。")
rows = store.activity(unit=None if unit_filter == "全部" else unit_filter, year=year)
frame = pd.DataFrame([activity_cells(r) for r in rows], columns=list(ACTIVITY_HEADER), dtype=object)
st.dataframe(frame.iloc[::-1], hide_index=True)  # newest first on screen
st.download_button(
    "下载活动记录 (CSV)",
    data=activity_csv(rows),  # every text cell neutralised: never a formula
    file_name="perfeval-活动记录.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
)
