"""The editor gate without logins: the optional editor password (PERFEVAL_EDITOR_PASSWORD or
secrets), asked once per browser session; with logins the person's grants decide."""

from __future__ import annotations

import os

import streamlit as st

from perfeval.web import auth

PASSWORD_ENV = "PERFEVAL_EDITOR_PASSWORD"


def editor_password() -> str | None:
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    try:
        value = st.secrets.get("editor_password")
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning None
        return None
    return str(value) if value else None


def require_editor() -> bool:
    """Show the password form until the editor role is granted; False means: draw nothing else.
    With logins configured the person's grants decide instead (the page is only in the
    navigation of editors)."""
    if auth.auth_configured():
        return auth.current().may_upload
    password = editor_password()
    if password is None:
        st.info(
            "未设置编辑密码（PERFEVAL_EDITOR_PASSWORD），本机单用户运行：任何打开本页的人都可以上传和修改数据。"
        )
        return True
    if st.session_state.get("_editor"):
        return True
    st.warning("上传和修改数据需要编辑权限，请输入编辑密码。")
    with st.form("editor_login", enter_to_submit=False):
        given = st.text_input("编辑密码", type="password")
        submitted = st.form_submit_button("进入")
    if submitted:
        refusal = auth.check_password(given, password)
        if refusal is None:
            st.session_state["_editor"] = True
            st.rerun()
        st.error(refusal)
    return False
