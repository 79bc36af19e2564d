"""数据上传: template download, upload of workbooks and forms with checks and a preview, 保存 to the
store, versions. Everything here writes, so the editor gate comes before anything is drawn."""

import streamlit as st

from perfeval import app, markdown
from perfeval.readers import MAX_UPLOAD_BYTES

ACCEPTED = (
    "可以上传：**填报模板工作簿**；单位已有的 **部门整体支出绩效自评表**、**项目支出绩效自评表**"
    "（每个项目一张，可多张放在一个工作簿中）；从决算软件导出的 **部门决算表**：收入支出决算总表"
    "（公开01表）、支出决算表（公开03表）、一般公共预算财政拨款基本支出决算（明细）表、项目支出决算表。"
    "同一单位同一年度的多个文件会合并为一个版本，每个原始文件都会保留；同一数字在两个文件中"
    "必须一致（精确到分），明细更细的一方被采用。"
)

sel = app.selection()
st.title("数据上传")
if not app.require_editor():
    st.stop()

store = app.get_store()
flash = st.session_state.pop("_flash", None)
if flash:
    st.success(flash)

st.subheader("1. 下载模板")
st.markdown(
    "每个预算单位每个年度填写一个工作簿（.xlsx）。模板含“填写说明”和以常宁市科技和工业信息化局"
    "2024年数据填写的示例工作表；金额单位为万元，空白表示未填报（不等于0）。"
)
st.download_button(
    "下载填报模板 (.xlsx)",
    data=app.template_bytes(),
    file_name="预算绩效自评填报模板.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)

st.subheader("2. 上传工作簿或表格")
st.markdown(ACCEPTED)
uploader_key = f"uploader_{st.session_state.get('_uploads', 0)}"
files = st.file_uploader(
    f"选择一个或多个文件（可一次上传多个年度、多个单位，或同一单位年度的多张表格；单个文件不超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB）",
    type=["xlsx", "xlsm", "xls"],
    accept_multiple_files=True,
    key=uploader_key,
)

checked = [
    app.check_upload(f.getvalue(), f.name, *app.given_unit_year(f.name)) for f in files or []
]
groups = app.combine_uploads([item for item in checked if item.result.ok])
group_of = {name: g for g in groups for name, _ in g.files}
for item in checked:
    result = item.result
    wb = result.workbook
    icon = ":material/check_circle:" if result.ok else ":material/error:"
    # An expander label is Markdown: file and unit names are user text.
    title = f"{markdown.inline(item.filename)}（{'可以保存' if result.ok else '有错误，不能保存'}）"
    if wb is not None:
        title += f" — {markdown.inline(wb.unit)} {wb.year}年度"
    with st.expander(title, expanded=not result.ok or len(checked) == 1, icon=icon):
        labels = app.file_labels(item)
        if labels:
            st.markdown("识别为：" + "；".join(markdown.inline(label) for label in labels))
        group = group_of.get(item.filename)
        if group is not None and len(group.files) == 1:
            if group.ok:
                st.markdown(app.version_note(store, group.workbook))
                app.preview(group.workbook)
                if group.has_forms:
                    app.template_download(group, key=f"as_template_{item.filename}")
        elif group is not None:
            others = "、".join(markdown.inline(n) for n, _ in group.files if n != item.filename)
            st.markdown(f"与 {others} 合并为一个版本，见下方“合并”。")
        if not result.ok:
            st.error(f"有{len(result.errors)}个错误，此文件不会保存。请按下表修改后重新上传。")
        app.ask_unit_year(item)
        if result.problems:
            st.dataframe(app.problems_frame(result.problems), hide_index=True)

for n, group in enumerate(g for g in groups if len(g.files) > 1):
    icon = ":material/merge:" if group.ok else ":material/error:"
    state = "可以保存" if group.ok else "文件之间不一致，不能保存"
    title = (
        f"合并：{markdown.inline(group.unit)} {group.year}年度（{len(group.files)}个文件，{state}）"
    )
    with st.expander(title, expanded=True, icon=icon):
        st.markdown(
            "\n".join(
                f"- {markdown.inline(name)}：{markdown.inline(label)}"
                for name, label in group.labels()
            )
        )
        if group.ok:
            st.markdown(app.version_note(store, group.workbook))
            app.preview(group.workbook)
            app.template_download(group, key=f"as_template_group_{n}")
        else:
            st.error("下列数字在两个文件中不一致，这些文件不会保存。请核对后改正其中一处再上传。")
            st.dataframe(app.problems_frame(group.problems), hide_index=True)

valid = [g for g in groups if g.ok]
if checked:
    readable = sum(item.result.ok for item in checked)
    st.caption(
        f"共{len(checked)}个文件：{readable}个可以读取，{len(checked) - readable}个有错误；"
        f"合并为{len(groups)}个单位年度，{len(valid)}个可以保存。"
    )
if st.button("保存", type="primary", disabled=not valid, key="save"):
    versions = store.save_prepared([g.upload for g in valid])
    saved = "；".join(f"{markdown.inline(v.unit)} {v.year}年度 第{v.version}版" for v in versions)
    st.session_state["_flash"] = f"已保存{len(versions)}个工作簿：{saved}"
    st.session_state["_uploads"] = st.session_state.get("_uploads", 0) + 1
    if versions:
        st.session_state["unit"], st.session_state["year"] = versions[-1].unit, versions[-1].year
        st.query_params.update({"unit": versions[-1].unit, "year": str(versions[-1].year)})
    st.rerun()

st.subheader("3. 版本管理")
if sel is None or app.source() == app.SOURCE_SAMPLES:
    st.info("数据库中还没有数据；保存后可在此查看、恢复各个版本。")
    st.stop()
app.version_manager(store, sel)
