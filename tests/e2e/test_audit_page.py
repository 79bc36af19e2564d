"""报告核对 in Chromium: drop the seed report as .txt, see 17.74% marked 不一致 (tooltip: 应为
21.62%) and 96877亿元 marked 存疑, and a full-page screenshot of the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from perfeval import pipeline
from perfeval.readers import read_workbook
from perfeval.samples import SEED_UNIT
from perfeval.store.core import Store
from tests.e2e.helpers import SHOTS, full_page_screenshot, open_page, rerun

pytestmark = pytest.mark.e2e

REPORT = (
    "二、一般公共预算支出情况\n"
    "2024年基本支出为796.58万元，其中人员经费689.81万元，公用经费106.77万元，比2023年减少65.47万元，减少7.59%。\n"
    "2024年项目支出为6377.44万元，与2023年相比增加1133.55万元，增长17.74%，变化的主要原因：项目经费增加。\n"
    "全年工业总产值403.3亿元，同比增速5.92%。工业上缴税收合计96877亿元，工业用电量27.9亿千瓦时。\n"
    "<script>alert(1)</script>文中的标记不会被执行，另有5万元。\n"
)


def _seed_available(store_dir: Path) -> None:
    """The samples are shown while the store is empty; once other tests stored data, store them."""
    store = Store(store_dir)
    if store.is_empty() or SEED_UNIT in store.units():
        return
    for path in sorted(pipeline.SAMPLES_DIR.glob("*.xlsx")):
        data = path.read_bytes()
        store.save(read_workbook(data, path.name).workbook, data, path.name)


def test_drop_a_report_and_see_its_figures_marked(page: Page, server: str, store_dir: Path) -> None:
    _seed_available(store_dir)
    open_page(page, server, "/audit", unit=SEED_UNIT, year="2024")
    expect(page.get_by_role("heading", name="报告核对")).to_be_visible()
    uploader = page.get_by_test_id("stFileUploader")
    with page.expect_file_chooser() as chooser:
        uploader.get_by_test_id("stFileUploaderDropzone").locator("button").click()
    with rerun(page):
        chooser.value.set_files(
            files=[{"name": "自评报告.txt", "mimeType": "text/plain", "buffer": REPORT.encode()}]
        )
    wrong = page.locator('mark[data-verdict="不一致"]')
    expect(wrong).to_have_count(1)
    expect(wrong).to_have_text("17.74%")
    assert "应为：21.62%" in wrong.get_attribute("title")
    doubt = page.locator('mark[data-verdict="存疑"]')
    expect(doubt).to_have_text("96877亿元")
    assert "1万亿元" in doubt.get_attribute("title")
    expect(page.locator('mark[data-verdict="一致"]')).to_have_count(
        8
    )  # 5 in the basic sentence, 6377.44, 1133.55, 403.3亿元
    # The writer's markup is shown as text, never run.
    expect(
        page.locator("p", has_text="<script>alert(1)</script>文中的标记不会被执行")
    ).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="不一致")).to_contain_text("1个")
    full_page_screenshot(page, SHOTS / "audit.png")
    assert (SHOTS / "audit.png").stat().st_size > 10_000
