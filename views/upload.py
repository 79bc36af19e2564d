"""数据上传: template download, upload of workbooks and forms with checks and a preview, 保存 to the
store, versions. Everything here writes, so the editor gate comes before anything is drawn."""

import streamlit as st

from perfeval import checking, markdown
from perfeval.readers import MAX_UPLOAD_BYTES
from perfeval.web import (
    auth,
    caches,
    gate,
    selection,
    tables,
    upload,
    upload_texts,
    versions,
    widgets,
)

ACCEPTED = (
    "可以上传：**填报模板工作簿**；单位已有的 **部门整体支出绩效自评表**、**项目支出绩效自评表**"
    "（每个项目一张，可多张放在一个工作簿中）；从决算软件导出的 **部门决算表**：收入支出决算总表"
    "（公开01表）、支出决算表（公开03表）、一般公共预算财政拨款基本支出决算（明细）表、项目支出决算表。"
    "同一单位同一年度的多个文件会合并为一个版本，每个原始文件都会保留；同一数字在两个文件中"
    "必须一致（精确到分），明细更细的一方被采用。"
)

sel = selection.selection()
st.title("数据上传")
if not gate.require_editor():
    st.stop()

store = caches.get_store()
access = auth.current()
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
    data=caches.template_bytes(),
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

if auth.auth_configured() and not access.rights.all_units(auth.EDITOR):
    mine = access.rights.named_units(auth.EDITOR)
    st.caption(
        "你可以上传以下单位的文件："
        + "、".join(f"「{markdown.inline(u)}」" for u in mine)
        + "。其他单位的文件不会保存。"
    )

checked = [
    upload.check_upload(f.getvalue(), f.name, *upload.given_unit_year(f.name)) for f in files or []
]
refused = upload.refused_uploads(store, checked)
valid = [item for item in checked if item.ok and item.filename not in refused]
groups = upload.combine_uploads(valid)
group_of = {name: g for g in groups for name, _ in g.files}
plan = upload.plan_save(store, groups)
upload.log_refusals(store, checked, groups, plan)
for item in checked:
    if item.filename in refused:
        st.error(
            markdown.inline(f"{item.filename}：{refused[item.filename]}"), icon=":material/block:"
        )
        continue
    group = group_of.get(item.filename)
    merged = group is not None and len(group.files) > 1
    heading = upload_texts.file_heading(item, group, plan)
    expanded = not item.ok or heading.conflicted or len(checked) == 1
    with st.expander(heading.title, expanded=expanded, icon=heading.icon):
        labels = upload.file_labels(item)
        if labels:
            st.markdown("识别为：" + "；".join(markdown.inline(label) for label in labels))
        if item.ok and not merged and group is not None:
            st.markdown(upload.version_note(store, group.workbook, plan, item.filename))
            upload.preview(group.workbook)
            if group.has_forms:
                upload.template_download(group, key=f"as_template_{item.filename}")
        elif merged:
            others = "、".join(markdown.inline(n) for n, _ in group.files if n != item.filename)
            st.markdown(f"与 {others} 合并为一个版本，见下方“合并”。")
        else:
            st.error(f"有{item.errors}个错误，此文件不会保存。请按下表修改后重新上传。")
        upload.ask_unit_year(item)
        if item.problems:
            st.markdown(f"**检查结果**（{checking.counts_text(item.problems)}；错误在前）")
            widgets.text_table(tables.problems_frame(item.problems))
        else:
            st.success("未发现问题。")

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
            note_for = group.upload.filename if group.upload else ""
            st.markdown(upload.version_note(store, group.workbook, plan, note_for))
            upload.preview(group.workbook)
            upload.template_download(group, key=f"as_template_group_{n}")
        else:
            st.error("下列数字在两个文件中不一致，这些文件不会保存。请核对后改正其中一处再上传。")
            widgets.text_table(tables.problems_frame(group.problems))

for conflict in plan.conflicts:
    st.error(markdown.inline(conflict.message), icon=":material/error:")
if checked:
    st.caption(upload_texts.counts_caption(len(checked), len(valid), len(refused), groups, plan))
if st.button("保存", type="primary", disabled=not plan.save, key="save"):
    first_save = caches.source() == caches.SOURCE_SAMPLES
    versions = store.save_prepared(plan.save, actor=access.actor)
    flash = upload_texts.saved_message(versions, plan, first_save)
    st.session_state["_flash"] = flash
    st.session_state["_uploads"] = st.session_state.get("_uploads", 0) + 1
    if versions:
        st.session_state["unit"], st.session_state["year"] = versions[-1].unit, versions[-1].year
        st.query_params.update({"unit": versions[-1].unit, "year": str(versions[-1].year)})
    st.rerun()

st.subheader("3. 版本管理")
if sel is None or caches.source() == caches.SOURCE_SAMPLES:
    st.info("数据库中还没有数据；保存后可在此查看、恢复各个版本。")
    st.stop()
versions.version_manager(store, sel)
