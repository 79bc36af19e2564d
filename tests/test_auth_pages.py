"""Logins and rights in the dashboard under AppTest (`at.user`, no browser): the login page, 无访问
权限, navigation per role, refused uploads of another unit, the admin page, password pauses."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from perfeval.store.access import Actor
from perfeval.store.core import RESULT_OK, RESULT_REFUSED, Store
from tests.apptest import DASHBOARD, TIMEOUT, XLSX_MIME, no_exception
from tests.two_units import FIGURES, UNIT_A, UNIT_B, save, workbook_bytes

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "perfeval",
    "client_secret": "secret",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}
ALICE = {
    "is_logged_in": True,
    "sub": "alice-sub",
    "name": "张三",
    "email": "alice@example.org",
    "email_verified": True,
}
BOB = {
    "is_logged_in": True,
    "sub": "bob-sub",
    "name": "李四",
    "email": "bob@example.org",
    "email_verified": True,
}
ROOT = {
    "is_logged_in": True,
    "sub": "root-sub",
    "name": "管理员",
    "email": "root@example.org",
    "email_verified": True,
}


@pytest.fixture
def store(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Both units in the store (written by the CLI's user); alice edits UNIT_A; root is admin."""
    monkeypatch.setenv("PERFEVAL_ADMINS", "root@example.org")
    s = Store(store_dir)
    for unit, year in FIGURES:
        save(s, unit, year)
    s.grant(
        Actor("root-sub", email="root@example.org", email_verified=True),
        "alice@example.org",
        "editor",
        UNIT_A,
    )
    return s


def run_as(user: dict, page: str | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.user = dict(user)
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


def open_url(at: AppTest, url_path: str) -> None:
    """What typing /<url_path> does: AppTest.switch_page only takes page files, and the stand-in
    at a barred page's URL is a function, so its registered hash is looked up by URL path."""
    (found,) = [h for h, i in at._registered_pages.items() if i.get("url_pathname") == url_path]
    at._page_hash = found
    at.run()


def page_scripts(at: AppTest) -> list[str]:
    """The page scripts this run registered (stand-ins at barred URLs are functions, not files)."""
    return [
        Path(str(i["script_path"])).name
        for i in at._registered_pages.values()
        if i.get("script_path")
    ]


def test_visitor_sees_only_the_login(store: Store) -> None:
    at = run_as({"is_logged_in": False})
    no_exception(at)
    assert [b.label for b in at.sidebar.button] == ["登录"]
    assert any("请先登录" in i.value for i in at.info)
    assert not at.selectbox  # no unit, no data
    assert not at.metric
    assert page_scripts(at) == []  # every URL leads to the login


def test_person_without_a_grant_sees_no_access_and_nothing_else(store: Store) -> None:
    at = run_as(BOB)
    no_exception(at)
    assert at.title[0].value == "无访问权限"
    assert "无访问权限" in at.error[0].value
    assert not at.selectbox and not at.metric
    assert page_scripts(at) == []
    assert [b.label for b in at.sidebar.button] == ["退出"]
    assert any("李四" in m.value for m in at.sidebar.markdown)


def test_editor_of_one_unit_sees_that_unit_and_uploads_only_for_it(store: Store) -> None:
    at = run_as(ALICE)
    no_exception(at)
    assert at.selectbox(key="_unit_box").options == [UNIT_A]  # UNIT_B is not hers to see
    at.switch_page("views/upload.py").run()
    no_exception(at)
    assert any("「测试市一局」" in c.value for c in at.caption)
    data = workbook_bytes(UNIT_B, 2025, "1", "1", ["1"])
    at.get("file_uploader")[0].set_value(("二局2025.xlsx", data, XLSX_MIME))
    at.run()
    no_exception(at)
    assert any(f"无权上传「{UNIT_B}」的数据" in e.value for e in at.error)
    assert at.button(key="save").disabled
    assert store.years(UNIT_B) == [2023, 2024]
    refused = [r for r in store.activity() if r.result == RESULT_REFUSED]
    assert [(r.subject, r.name, r.unit, r.year) for r in refused] == [
        ("alice-sub", "张三", UNIT_B, 2025)
    ]
    at.run()  # a rerun does not log the same refusal again
    assert len([r for r in store.activity() if r.result == RESULT_REFUSED]) == 1

    own = workbook_bytes(UNIT_A, 2025, "1", "1", ["1"])
    at.get("file_uploader")[0].set_value(("一局2025.xlsx", own, XLSX_MIME))
    at.run()
    at.button(key="save").click().run()
    no_exception(at)
    assert store.years(UNIT_A) == [2023, 2024, 2025]
    last = store.activity()[-1]
    assert (last.subject, last.action, last.unit, last.version, last.result) == (
        "alice-sub",
        "upload",
        UNIT_A,
        1,
        RESULT_OK,
    )


def test_pages_outside_ones_rights_are_not_reachable(store: Store) -> None:
    """Not in the navigation; their URL shows a refusal in Chinese instead of the page."""
    at = run_as(ALICE)
    assert page_scripts(at) == [
        "overview.py",
        "kpi.py",
        "report_view.py",
        "audit.py",
        "upload.py",
    ]
    open_url(at, "admin")
    no_exception(at)
    assert at.title[0].value == "无权访问此页面"
    assert not at.dataframe and not at.text_input
    open_url(at, "city")  # the city view shows every unit: not for an editor of one
    assert at.title[0].value == "无权访问此页面" and not at.dataframe
    store.grant(
        Actor("root-sub", email="root@example.org", email_verified=True), "bob-sub", "viewer"
    )
    at = run_as(BOB)
    no_exception(at)
    assert at.selectbox(key="_unit_box").options == [UNIT_A, UNIT_B]
    assert "upload.py" not in page_scripts(at) and "overview.py" in page_scripts(at)
    open_url(at, "upload")
    assert at.title[0].value == "无权访问此页面"
    assert not at.get("file_uploader")
    at = run_as({"is_logged_in": False})
    open_url(at, "upload")
    assert any("请先登录" in i.value for i in at.info) and not at.get("file_uploader")


def test_revoked_right_stops_at_the_next_run(store: Store) -> None:
    at = run_as(ALICE)
    assert at.selectbox(key="_unit_box").options == [UNIT_A]
    store.revoke(
        Actor("root-sub", email="root@example.org", email_verified=True),
        "alice@example.org",
        UNIT_A,
    )
    at.run()
    no_exception(at)
    assert at.title[0].value == "无访问权限"


def test_admin_grants_revokes_and_reads_the_trail(store: Store) -> None:
    at = run_as(ROOT, "views/admin.py")
    no_exception(at)
    assert page_scripts(at)[-2:] == ["upload.py", "admin.py"]
    at.text_input(key="grant_subject").input("bob-sub")
    at.selectbox(key="grant_role").set_value("viewer")
    at.selectbox(key="grant_unit").set_value(UNIT_B)
    at.button[0].click().run()  # the form's 授权
    no_exception(at)
    assert store.rights(Actor("bob-sub")).role_for(UNIT_B) == "viewer"
    assert any("已授予 bob-sub" in s.value for s in at.success)
    trail = at.dataframe[-1].value
    assert (trail["操作"].iloc[0], trail["操作人"].iloc[0]) == ("授权", "root-sub（管理员）")
    assert [b.label for b in at.get("download_button")] == ["下载活动记录 (CSV)"]


def test_password_mode_pauses_after_repeated_wrong_guesses(
    monkeypatch: pytest.MonkeyPatch,
    store_dir: Path,
) -> None:
    monkeypatch.setenv("PERFEVAL_EDITOR_PASSWORD", "s3cret")
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/upload.py").run()
    said = []
    for _ in range(6):
        at.text_input[0].input("wrong")
        at.button[0].click().run()
        said.append(at.error[0].value)
    assert said[:4] == ["密码不正确。"] * 4
    assert said[4].startswith("密码不正确。错误次数过多，请") and "秒后再试" in said[4]
    at.text_input[0].input("s3cret")  # even the right password waits out the pause
    at.button[0].click().run()
    assert "秒后再试" in at.error[0].value
    assert not at.get("file_uploader")


def test_dashboard_on_postgresql_follows_another_servers_write(
    store_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PERFEVAL_DATABASE_URL puts the dashboard on PostgreSQL; a write by another server (another
    Store on the same database) shows at the next run: the cache key is read from the database."""
    from tests.conftest import fresh_postgres_url

    url = fresh_postgres_url()
    monkeypatch.setenv("PERFEVAL_DATABASE_URL", url)
    save(Store(url=url), UNIT_A, 2024)
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    no_exception(at)
    assert at.selectbox(key="_unit_box").options == [UNIT_A]
    other_server = Store(url=url)
    save(other_server, UNIT_B, 2024)
    at.run()
    no_exception(at)
    assert at.selectbox(key="_unit_box").options == [UNIT_A, UNIT_B]
    assert Store(store_dir).is_empty()  # nothing went to the SQLite folder
