"""In Chromium, through a local OIDC provider (oidc-provider-mock): an editor of one unit logs in
with st.login, saves that unit's workbook, is refused another unit's with "无权", a person with
no grant sees "无访问权限", and `python -m perfeval activity` lists what the editor did."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from perfeval.store.access import Actor
from perfeval.store.core import Store
from tests.apptest import XLSX_MIME
from tests.e2e.helpers import full_page_screenshot, goto, new_context, rerun, settle
from tests.e2e.server import REPO, dashboard, free_port
from tests.two_units import FIGURES, UNIT_A, UNIT_B, save, workbook_bytes

pytestmark = pytest.mark.e2e

SHOTS = REPO / "artifacts" / "screenshots"
PEOPLE = {
    "alice-sub": {"name": "张三", "email": "alice@example.org", "email_verified": True},
    "bob-sub": {"name": "李四", "email": "bob@example.org", "email_verified": True},
    "root-sub": {"name": "王五", "email": "root@example.org", "email_verified": True},
}


@pytest.fixture(scope="module")
def login_server() -> Iterator[tuple[str, Path]]:
    """A local OIDC provider, a store where alice edits UNIT_A, and the dashboard with `[auth]`."""
    try:
        from oidc_provider_mock import User, run_server_in_thread
    except ImportError:
        pytest.skip("oidc-provider-mock is not installed")
    work = Path(tempfile.mkdtemp(prefix="perfeval-login-"))
    store_dir = work / "store"
    store = Store(store_dir)
    for unit, year in FIGURES:
        save(store, unit, year)
    store.grant(Actor("cli:test", kind="cli"), "alice@example.org", "editor", UNIT_A)
    store.close()
    users = [User(sub=sub, claims=claims) for sub, claims in PEOPLE.items()]
    with run_server_in_thread(port=0, user_claims=users) as provider:
        port = free_port()
        secrets = work / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a-test-cookie-secret-of-some-length"\n'
            'client_id = "perfeval"\n'
            'client_secret = "perfeval-secret"\n'
            "server_metadata_url = "
            f'"http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        with dashboard(
            store_dir,
            work / "server.log",
            port=port,
            env_extra={
                "AUTHLIB_INSECURE_TRANSPORT": "1",  # the test provider speaks plain HTTP
                "PERFEVAL_ADMINS": "root@example.org",
            },
            args=("--secrets.files", str(secrets)),
        ) as running:
            yield running.url, store_dir


def login(page: Page, url: str, subject: str) -> None:
    goto(page, url)
    page.get_by_role("button", name="登录").first.click()
    page.locator("input[name=sub]").fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    settle(page)  # back on the dashboard: a new document and its first run


def upload(page: Page, name: str, data: bytes) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").locator("button").click()
    with rerun(page):
        chooser.value.set_files(files=[{"name": name, "mimeType": XLSX_MIME, "buffer": data}])


def test_editor_logs_in_saves_own_unit_is_refused_another(
    browser, login_server: tuple[str, Path]
) -> None:
    url, store_dir = login_server
    context = new_context(browser)
    page = context.new_page()
    login(page, url, "alice-sub")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("张三")
    expect(sidebar.get_by_role("button", name="退出")).to_be_visible()
    expect(sidebar.get_by_role("link", name="用户与记录")).to_have_count(0)

    goto(page, f"{url}/upload")
    upload(page, "一局2025.xlsx", workbook_bytes(UNIT_A, 2025, "1", "2", ["3"]))
    expect(page.get_by_text("一局2025.xlsx（可以保存")).to_be_visible()
    with rerun(page):
        page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(f"{UNIT_A} 2025年度 第1版")).to_be_visible()

    goto(page, f"{url}/upload")
    upload(page, "二局2025.xlsx", workbook_bytes(UNIT_B, 2025, "1", "2", ["3"]))
    expect(page.get_by_text(f"无权上传「{UNIT_B}」的数据")).to_be_visible()
    expect(page.get_by_role("button", name="保存")).to_be_disabled()
    full_page_screenshot(page, SHOTS / "login-refused-upload.png")
    context.close()

    store = Store(store_dir)
    assert store.years(UNIT_A) == [2023, 2024, 2025] and store.years(UNIT_B) == [2023, 2024]
    store.close()
    out = subprocess.run(
        [sys.executable, "-m", "perfeval", "activity", "--store", str(store_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    mine = [line.split("\t") for line in out.splitlines() if "alice-sub" in line]
    assert [(r[1], r[2], r[3], r[4], r[8]) for r in mine] == [
        ("alice-sub（张三）", "上传", UNIT_A, "2025", "成功"),
        ("alice-sub（张三）", "上传", UNIT_B, "2025", "拒绝"),
    ]


def test_person_without_grant_sees_no_access(browser, login_server: tuple[str, Path]) -> None:
    url, _ = login_server
    context = new_context(browser)
    page = context.new_page()
    login(page, url, "bob-sub")
    expect(page.get_by_role("heading", name="无访问权限")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("李四")
    goto(page, f"{url}/upload")  # not reachable by URL either
    expect(page.get_by_role("heading", name="无访问权限")).to_be_visible()
    expect(page.get_by_test_id("stFileUploaderDropzone")).to_have_count(0)
    full_page_screenshot(page, SHOTS / "login-no-access.png")
    context.close()


def test_admin_sees_grants_and_the_trail(browser, login_server: tuple[str, Path]) -> None:
    url, _ = login_server
    context = new_context(browser)
    page = context.new_page()
    login(page, url, "root-sub")
    with rerun(page):
        page.get_by_test_id("stSidebar").get_by_role("link", name="用户与记录").click()
    expect(page.get_by_role("heading", name="活动记录")).to_be_visible()
    expect(page.get_by_role("button", name="下载活动记录 (CSV)")).to_be_visible()
    full_page_screenshot(page, SHOTS / "login-admin.png")
    context.close()
