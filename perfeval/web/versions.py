"""The version manager of one unit-year: the versions table, restore/delete/undelete with confirmation
dialogs, the originals' downloads."""

from __future__ import annotations

import streamlit as st

from perfeval import checking, markdown
from perfeval.store.core import Store
from perfeval.web import auth, tables
from perfeval.web.selection import Selection
from perfeval.web.widgets import text_table


def version_manager(store: Store, sel: Selection) -> None:
    if not auth.may_edit_unit(sel.unit):
        st.info(f"你没有「{markdown.inline(sel.unit)}」的编辑权限：只能查看，不能管理其版本。")
        return
    versions = store.versions(sel.unit, sel.year)
    if not versions:
        st.info("所选单位和年度还没有保存的版本（当前显示的是示例数据）。")
        return
    st.markdown(f"**{markdown.inline(sel.unit)} {sel.year}年度** 共{len(versions)}个版本：")
    text_table(tables.versions_frame(versions))
    by_label = {f"第{v.version}版（{v.filename}）": v for v in versions}
    label = st.selectbox("选择版本", list(by_label), key="version_pick")
    chosen = by_label[label]
    cols = st.columns(4)
    if cols[0].button("设为当前版本", disabled=chosen.current or chosen.deleted, key="v_restore"):
        st.session_state[PENDING] = ("restore", sel.unit, sel.year, chosen.version)
    if cols[1].button("删除此版本", disabled=chosen.deleted, key="v_delete"):
        st.session_state[PENDING] = ("delete", sel.unit, sel.year, chosen.version)
    if cols[2].button("恢复已删除", disabled=not chosen.deleted, key="v_undelete"):
        store.undelete(sel.unit, sel.year, chosen.version, actor=auth.current().actor)
        now = store.current(sel.unit, sel.year)
        st.session_state["_flash"] = (
            f"第{chosen.version}版已恢复；当前版本是第{now.version}版" if now else "已恢复"
        )
        st.rerun()
    files = store.files(chosen)
    for i, stored in enumerate(files):
        label = "下载原始文件" if len(files) == 1 else f"下载原始文件：{stored.filename}"
        target = cols[3] if len(files) == 1 else st
        target.download_button(
            label,
            data=store.original(stored.sha256),
            file_name=stored.filename,
            key=f"v_original_{i}",
        )
    pending = st.session_state.get(PENDING)
    if pending and pending[1:3] == (sel.unit, sel.year):
        confirm = _confirm_delete if pending[0] == "delete" else _confirm_restore
        confirm(store, sel, versions, pending[3])


# A delete or restore waiting for confirmation: (action, unit, year, version). Kept in the
# session, not only in the click, so the dialog survives its own reruns.
PENDING = "_pending_version_action"


def _clear_pending() -> None:
    st.session_state.pop(PENDING, None)


def _confirm_buttons(action: str) -> bool | None:
    """确认 / 取消 side by side: True, False (dialog closed), or None while undecided."""
    left, right = st.columns(2)
    if left.button(action, type="primary", key="dialog_ok", width="stretch"):
        return True
    if right.button("取消", key="dialog_cancel", width="stretch"):
        return False
    return None


@st.dialog("确认删除版本", on_dismiss=_clear_pending)
def _confirm_delete(store: Store, sel: Selection, versions: list, number: int) -> None:
    st.markdown(markdown.inline(checking.delete_text(versions, number)))
    st.caption("删除后原始文件仍保留，可随时“恢复已删除”。")
    answer = _confirm_buttons("确认删除")
    if answer is not None:
        _clear_pending()
    if answer:
        store.delete(sel.unit, sel.year, number, actor=auth.current().actor)
        now = store.current(sel.unit, sel.year)
        after = f"当前版本是第{now.version}版" if now else "该年度已没有当前版本"
        st.session_state["_flash"] = f"第{number}版已删除（可恢复）；{after}"
    if answer is not None:
        st.rerun()


@st.dialog("确认更换当前版本", on_dismiss=_clear_pending)
def _confirm_restore(store: Store, sel: Selection, versions: list, number: int) -> None:
    st.markdown(markdown.inline(checking.restore_text(versions, number)))
    answer = _confirm_buttons("设为当前版本")
    if answer is not None:
        _clear_pending()
    if answer:
        store.restore(sel.unit, sel.year, number, actor=auth.current().actor)
        st.session_state["_flash"] = f"第{number}版已设为当前版本"
    if answer is not None:
        st.rerun()
