"""In Chromium: the upload page and the charts' toolbars show no English, the findings appear
before saving, and deleting or replacing the current version asks first in a dialog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from perfeval.readers import read_workbook
from perfeval.store.core import Store
from tests.e2e.helpers import CHART_DRAWN, full_page_screenshot, open_page, rerun
from tests.shared import trial_file

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DIALOG_UNIT = "测试市对话局"
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED_LATIN = {"PNG", "XLSX", "XLSM", "XLS", "xlsx", "MB"}
SETTING_NAME = re.compile(r"PERFEVAL_[A-Z_]+")  # an environment variable is named as it is
CHECKSUM = re.compile(r"\b[0-9a-f]{12,}\b")  # a file's 校验码 is hexadecimal


def after_text(page: Page, selector: str) -> list[str]:
    """The ::after content of every element matching `selector` (quotes stripped)."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].map(
            e => getComputedStyle(e, '::after').content.replace(/^"|"$/g, ''))""",
        selector,
    )


def english(text: str) -> list[str]:
    text = CHECKSUM.sub("", SETTING_NAME.sub("", text))
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_LATIN]


def test_upload_page_speaks_only_chinese(page: Page, server: str) -> None:
    open_page(page, server, "/upload")
    dropzone = page.get_by_test_id("stFileUploaderDropzone")
    expect(dropzone).to_be_visible()
    # Streamlit's own words are drawn at size 0 and replaced by Chinese ::after labels.
    button_text = dropzone.locator("button [data-testid=stMarkdownContainer] p")
    assert button_text.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    assert after_text(page, "[data-testid=stFileUploaderDropzone] button p") == ["选择文件"]
    (hint,) = after_text(page, "[data-testid=stFileUploaderDropzoneInstructions] span")
    assert "每个文件不超过20MB" in hint and not english(hint)
    hint_span = page.get_by_test_id("stFileUploaderDropzoneInstructions").locator("span").first
    assert hint_span.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    expect(page.get_by_test_id("stMainMenu")).to_have_count(0)  # no English ⋮ menu
    # Everything else on the page a person can read is Chinese.
    visible = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] *')]
            .filter(e => e.children.length === 0 && e.offsetParent !== null
                    && parseFloat(getComputedStyle(e).fontSize) > 0
                    && !e.closest('[data-testid=stIconMaterial]'))
            .map(e => e.textContent).join(' ')"""
    )
    assert not english(visible), english(visible)


def test_findings_before_saving_in_the_browser(page: Page, server: str, store_dir: Path) -> None:
    open_page(page, server, "/upload")
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").locator("button").click()
    with rerun(page):
        chooser.value.set_files(
            files=[{"name": "trial.xlsx", "mimeType": XLSX_MIME, "buffer": trial_file()}]
        )
    expect(page.get_by_text("trial.xlsx（可以保存；警告4个）")).to_be_visible()
    table = page.get_by_test_id("stTable").filter(has_text="级别")
    expect(table).to_contain_text("相差1357.20万元")
    expect(table).to_contain_text("1000.00%")
    expect(page.get_by_test_id("stTable").filter(has_text="三级指标")).to_contain_text("培训人次")
    full_page_screenshot(page, SHOTS / "upload-findings.png")
    assert Store(store_dir).versions("测试市核查局", 2024) == []


def test_chart_toolbar_tooltips_are_chinese(page: Page, server: str) -> None:
    open_page(page, server, "/kpi")
    page.wait_for_selector(CHART_DRAWN)
    page.locator(CHART_DRAWN).first.hover()
    titles = page.evaluate(
        "() => [...document.querySelectorAll('.modebar-btn')].map(b => b.dataset.title)"
    )
    tooltips = after_text(page, ".modebar-btn")
    assert titles and len(tooltips) == len(titles)
    assert all(t and not english(t) for t in tooltips), tooltips
    assert {"下载为PNG图片", "全屏"} <= set(tooltips)


def save_two_versions(store_dir: Path) -> Store:
    store = Store(store_dir)
    if not store.versions(DIALOG_UNIT, 2024):
        for name, reason in (("第一版.xlsx", "一"), ("第二版.xlsx", "二")):
            data = trial_file(reason=reason, unit=DIALOG_UNIT)
            store.save(read_workbook(data, name).workbook, data, name)
    return store


def pick_version(page: Page, label: str) -> None:
    """Pick another version (the page must be settled: a rerun redraws the box)."""
    page.get_by_test_id("stSelectbox").filter(has_text="选择版本").click()
    with rerun(page):
        page.get_by_role("option", name=label).click()


def test_delete_and_restore_ask_for_confirmation(page: Page, server: str, store_dir: Path) -> None:
    store = save_two_versions(store_dir)
    open_page(page, server, "/upload", unit=DIALOG_UNIT, year="2024")
    pick_version(page, "第2版（第二版.xlsx）")
    with rerun(page):
        page.get_by_role("button", name="删除此版本").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("确认删除版本")
    expect(dialog).to_contain_text("删除后第1版（第一版.xlsx）成为当前版本")
    full_page_screenshot(page, SHOTS / "upload-delete-dialog.png")
    assert store.current(DIALOG_UNIT, 2024).version == 2  # nothing happened yet
    with rerun(page):
        dialog.get_by_role("button", name="取消").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert store.current(DIALOG_UNIT, 2024).version == 2

    with rerun(page):
        page.get_by_role("button", name="删除此版本").click()
    with rerun(page):
        page.get_by_role("dialog").get_by_role("button", name="确认删除").click()
    expect(page.get_by_text("第2版已删除（可恢复）；当前版本是第1版")).to_be_visible()
    assert store.current(DIALOG_UNIT, 2024).version == 1

    with rerun(page):
        page.get_by_role("button", name="恢复已删除").click()  # 第2版 is still picked
    expect(page.get_by_text("第2版已恢复；当前版本是第2版")).to_be_visible()
    pick_version(page, "第1版（第一版.xlsx）")
    with rerun(page):
        page.get_by_role("button", name="设为当前版本").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("第1版将成为当前版本，当前的第2版保留为历史版本")
    with rerun(page):
        dialog.get_by_role("button", name="设为当前版本").click()
    expect(page.get_by_text("第1版已设为当前版本")).to_be_visible()
    assert store.current(DIALOG_UNIT, 2024).version == 1


def test_a_refused_file_says_why_in_chinese(page: Page, server: str) -> None:
    open_page(page, server, "/upload")
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").locator("button").click()
    too_large = b"\0" * (21 * 1024 * 1024)  # refused by the browser side of the uploader
    chooser.value.set_files(files=[{"name": "大.xlsx", "mimeType": XLSX_MIME, "buffer": too_large}])
    chip = page.locator('[data-testid="stFileChip"][aria-invalid="true"]')
    expect(chip).to_have_count(1)
    assert after_text(page, '[data-testid="stFileChip"][aria-invalid="true"]') == [
        "未上传：超过20MB或文件类型不符"
    ]
