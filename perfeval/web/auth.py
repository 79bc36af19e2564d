"""Logins and rights in the dashboard: st.login (OIDC) when `[auth]` is configured, the person's
grants read from the store on every run, the pages they may open; the password mode otherwise."""

from __future__ import annotations

import hmac
import os
import uuid
from dataclasses import dataclass

import streamlit as st

from perfeval import markdown
from perfeval.store.access import (
    ADMIN,
    EDITOR,
    EDITOR_ACTOR,
    VIEWER,
    Actor,
    GuessLimiter,
    Rights,
)

RIGHTS_KEY = "_perfeval_rights"
ACTOR_KEY = "_perfeval_actor"
NO_ACCESS = "无访问权限"


def auth_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section: every page needs a login."""
    try:
        return bool(st.secrets.get("auth"))
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning None
        return False


def logged_in() -> bool:
    return bool(st.user.get("is_logged_in"))


def person() -> Actor | None:
    """The logged-in person from the identity provider's claims (None before login)."""
    if not logged_in():
        return None
    claims = st.user.to_dict()
    email = str(claims.get("email") or "")
    subject = str(claims.get("sub") or "")
    # Only the provider's own yes counts (a boolean, or the string some providers send).
    verified = claims.get("email_verified") in (True, "true", "True")
    name = str(claims.get("name") or claims.get("preferred_username") or email or subject)
    return Actor(subject=subject, name=name, email=email, email_verified=verified)


@dataclass(frozen=True)
class Access:
    """Who is using this run and what they may do."""

    actor: Actor | None  # None: auth configured, nobody logged in
    rights: Rights

    @property
    def may_view(self) -> bool:
        return self.actor is not None and self.rights.any_access

    @property
    def may_upload(self) -> bool:
        r = self.rights
        return r.trusted or any(g.role in (EDITOR, ADMIN) for g in r.grants)

    @property
    def is_admin(self) -> bool:
        return auth_configured() and self.rights.is_admin


def resolve(store) -> Access:
    """Read the person's rights (every run: a revoke counts at the next click) and keep them
    for the page scripts of this run."""
    if not auth_configured():
        access = Access(EDITOR_ACTOR, Rights(trusted=True))
    else:
        actor = person()
        access = Access(actor, store.rights(actor) if actor else Rights())
    st.session_state[RIGHTS_KEY] = access
    return access


def current() -> Access:
    """This run's access (set by dashboard.py before the page runs)."""
    found = st.session_state.get(RIGHTS_KEY)
    if isinstance(found, Access):
        return found
    return (
        Access(EDITOR_ACTOR, Rights(trusted=True))
        if not auth_configured()
        else Access(None, Rights())
    )


def may_view_unit(unit: str) -> bool:
    return current().rights.may(VIEWER, unit)


def may_edit_unit(unit: str) -> bool:
    return current().rights.may(EDITOR, unit)


def account_sidebar(access: Access) -> None:
    """登录 for a visitor; the person's name and 退出 after login (only with `[auth]`)."""
    if not auth_configured():
        return
    if access.actor is None:
        st.sidebar.button("登录", on_click=st.login, key="login", type="primary")
        return
    with st.sidebar.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f":material/person: {markdown.inline(access.actor.name)}")
        st.button("退出", on_click=st.logout, key="logout")


def login_page() -> None:
    st.title("预算绩效自评")
    st.info("请先登录：点击左侧的“登录”，使用单位统一身份认证账号。")
    st.button("登录", on_click=st.login, key="login_main", type="primary")


def no_access_page() -> None:
    st.title(NO_ACCESS)
    access = current()
    who = markdown.inline((access.actor.subject or access.actor.email) if access.actor else "")
    st.error(f"{NO_ACCESS}：账号 {who} 还没有被授予任何单位的权限。请联系管理员授权后再刷新本页。")


FORBIDDEN = "无权访问此页面"


def forbidden_page() -> None:
    st.title(FORBIDDEN)
    st.error(f"{FORBIDDEN}：你的账号没有使用本页的权限。如需上传数据或管理用户，请联系管理员授权。")


# ---------------------------------------------------------------- password mode


TRUST_PROXY_ENV = "PERFEVAL_TRUST_PROXY"  # "1": the proxy's X-Forwarded-For names the client


@st.cache_resource(show_spinner=False)
def guess_limiter() -> GuessLimiter:
    """The wrong-password counters of this server process (per session and address inside)."""
    return GuessLimiter()


def guess_keys() -> list[str]:
    """What wrong guesses are counted against: this browser session, and the client's address
    when PERFEVAL_TRUST_PROXY says the proxy in front sets X-Forwarded-For (its last entry is
    the address the proxy saw; without a trusted proxy every client may share one address)."""
    session = st.session_state.setdefault("_guess_session", uuid.uuid4().hex)
    keys = [f"session:{session}"]
    if os.environ.get(TRUST_PROXY_ENV, "").strip().lower() in ("1", "true", "yes"):
        try:
            headers = st.context.headers
            forwarded = headers.get("X-Forwarded-For") or headers.get("X-Real-Ip") or ""
        except Exception:  # no request context (tests, bare runs)
            forwarded = ""
        address = forwarded.split(",")[-1].strip()
        if address:
            keys.append(f"address:{address}")
    return keys


def check_password(given: str, password: str) -> str | None:
    """None when `given` is right; otherwise what to tell (also while this session's pause runs).
    A session's wrong guesses pause that session (and its address), not the real editor's."""
    limiter, keys = guess_limiter(), guess_keys()
    wait = limiter.wait_seconds(keys)
    if wait > 0:
        return f"密码错误次数过多，请{int(wait) + 1}秒后再试。"
    limiter.take_turn(keys)  # under a server-wide flood of guesses: wait in line, never refused
    if hmac.compare_digest(given.encode("utf-8"), password.encode("utf-8")):
        limiter.succeeded(keys)
        return None
    limiter.failed(keys)
    wait = limiter.wait_seconds(keys)
    if wait > 0:
        return f"密码不正确。错误次数过多，请{int(wait) + 1}秒后再试。"
    return "密码不正确。"
