"""数据上传: template download, upload with checks and a preview, 保存 to the store, versions.
Everything here writes, so the editor gate comes before anything is drawn."""

import streamlit as st

from perfeval import app, markdown
from perfeval.readers import MAX_UPLOAD_BYTES

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

st.subheader("2. 上传工作簿")
uploader_key = f"uploader_{st.session_state.get('_uploads', 0)}"
files = st.file_uploader(
    f"选择一个或多个工作簿（可一次上传多个年度或多个单位；单个文件不超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB）",
    type=["xlsx", "xlsm", "xls"],
    accept_multiple_files=True,
    key=uploader_key,
)

checked = [app.check_upload(f.getvalue(), f.name) for f in files or []]
for item in checked:
    result = item.result
    wb = result.workbook
    icon = ":material/check_circle:" if result.ok else ":material/error:"
    # An expander label is Markdown: file and unit names are user text.
    title = f"{markdown.inline(item.filename)}（{'可以保存' if result.ok else '有错误，不能保存'}）"
    if wb is not None:
        title += f" — {markdown.inline(wb.unit)} {wb.year}年度"
    with st.expander(title, expanded=not result.ok or len(checked) == 1, icon=icon):
        if result.ok:
            st.markdown(app.version_note(store, wb))
            app.preview(wb)
        else:
            st.error(f"有{len(result.errors)}个错误，此文件不会保存。请按下表修改后重新上传。")
        if result.problems:
            st.dataframe(app.problems_frame(result.problems), hide_index=True)

valid = [item for item in checked if item.result.ok]
if checked:
    st.caption(
        f"共{len(checked)}个文件：{len(valid)}个可以保存，{len(checked) - len(valid)}个有错误。"
    )
if st.button("保存", type="primary", disabled=not valid, key="save"):
    versions = store.save_many([(i.result.workbook, i.data, i.filename) for i in valid])
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
