"""The dashboard in Chromium: the overview's figures and charts, an upload saved to the store, the
Markdown download equal to the CLI's summary, and full-page screenshots of every page."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from perfeval.cli.main import main as cli_main
from perfeval.readers import read_workbook
from perfeval.samples import SEED_UNIT
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    FUND,
    FUND_GENERAL,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
)
from perfeval.store.core import Store
from tests.builders import contract_workbook
from tests.e2e.helpers import (
    CHART,
    CHART_DRAWN,
    SHOTS,
    full_page_screenshot,
    goto,
    open_page,
    rerun,
    wait_for_charts,
)
from tests.e2e.server import dashboard

pytestmark = pytest.mark.e2e

NEW_UNIT = "测试市示例局"
NEW_YEAR = 2024
NEW_FILE = f"{NEW_UNIT}-{NEW_YEAR}.xlsx"
# The upload test saves a unit of its own: the report tests store NEW_UNIT directly, so whichever
# runs first, the upload is that unit's 第1版.
UPLOAD_UNIT = "测试市上传局"
UPLOAD_FILE = f"{UPLOAD_UNIT}-{NEW_YEAR}.xlsx"
# 人员经费 50 + 公用经费 10.25 = 基本支出 60.25; projects 30 + 9.75 = 项目支出 39.75; total 100.00.
NEW_ROWS = [
    (CAT_BASIC, ITEM_PERSONNEL, "52", "50"),
    (CAT_BASIC, ITEM_PUBLIC, "12", "10.25"),
    (CAT_PROJECT, "测试项目一", "30", "30"),
    (CAT_PROJECT, "测试项目二", "11", "9.75"),
]
NEW_TOTAL = "100.00万元"


def new_unit_workbook(unit: str = NEW_UNIT) -> bytes:
    spending = [
        {FUND: FUND_GENERAL, CATEGORY: c, ITEM: i, BUDGET: Decimal(b), ACTUAL: Decimal(a)}
        for c, i, b, a in NEW_ROWS
    ]
    return contract_workbook(unit, NEW_YEAR, spending)


def cli_summary(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(["summary", *args]) == 0
    return out.getvalue()


# ---------------------------------------------------------------- first visit is a deep link

NAV_TITLES = [
    "总览",
    "绩效指标",
    "报告",
    "报告核对",
    "数据上传",
    "全市汇总",
]  # 全市汇总 last: one unit


def test_first_visit_by_deep_link_gets_the_dashboards_navigation(
    page: Page, tmp_path: Path
) -> None:
    """On a server of its own: the first page it ever serves is a deep link (not the home page)."""
    with dashboard(tmp_path / "store", tmp_path / "server.log") as fresh:
        goto(page, f"{fresh.url}/kpi")
        expect(page.get_by_role("heading", name="2024年度绩效指标完成情况")).to_be_visible()
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav.get_by_role("link")).to_have_count(len(NAV_TITLES))
        for title in NAV_TITLES:
            expect(nav).to_contain_text(title)


# ---------------------------------------------------------------- screenshots (samples shown)

SCREENS = {
    "overview": ("/", 5, "7174.02万元"),
    "kpi": ("/kpi", 2, "2024年度绩效指标完成情况"),
    "report": ("/report", 0, "下载摘要 (Markdown)"),
    "upload": ("/upload", 0, "下载填报模板 (.xlsx)"),
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screenshot(page: Page, samples_server: str, name: str) -> None:
    path, charts, marker = SCREENS[name]
    open_page(page, samples_server, path)
    expect(page.get_by_text(marker).first).to_be_visible()
    if charts:
        wait_for_charts(page, charts)
    full_page_screenshot(page, SHOTS / f"{name}.png")
    shot = SHOTS / f"{name}.png"
    assert shot.stat().st_size > 10_000


# ---------------------------------------------------------------- overview


def test_overview_shows_seed_figures_and_charts(page: Page, samples_server: str) -> None:
    open_page(page, samples_server, "/")
    expect(page.get_by_role("heading", name=f"2024年度{SEED_UNIT}")).to_be_visible()
    metrics = page.get_by_test_id("stMetric")
    expect(metrics.filter(has_text="支出合计")).to_contain_text("7174.02万元")
    expect(metrics.filter(has_text="项目支出")).to_contain_text("+21.62%")
    expect(metrics.filter(has_text="自评得分")).to_contain_text("99.48分")
    wait_for_charts(page, 4)
    assert page.locator(CHART_DRAWN).count() >= 4
    # Each drawn chart has marks in it, not just empty axes.
    for chart in page.locator(CHART).all():
        assert chart.locator("svg.main-svg path, svg.main-svg rect").count() > 0
    expect(page).to_have_url(re.compile(r"\?unit=.+&year=2024$"))


def test_sidebar_year_follows_to_other_pages(page: Page, samples_server: str) -> None:
    open_page(page, samples_server, "/")
    year_box = (
        page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="年度")
    )
    year_box.click()
    with rerun(page):
        page.get_by_role("option", name="2023").click()
    expect(page.get_by_role("heading", name=f"2023年度{SEED_UNIT}")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?unit=.+&year=2023$"))
    expect(page.get_by_test_id("stMetric").filter(has_text="支出合计")).to_contain_text(
        "6105.94万元"
    )
    with rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_text("绩效指标").click()
    expect(page.get_by_role("heading", name="2023年度绩效指标完成情况")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/kpi\?unit=.+&year=2023$"))


# ---------------------------------------------------------------- upload → save → download


def test_upload_and_save_a_new_unit(page: Page, server: str, store_dir: Path) -> None:
    open_page(page, server, "/upload")
    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader).to_be_visible()
    save_button = page.get_by_role("button", name="保存", exact=True)
    expect(save_button).to_be_disabled()

    with page.expect_file_chooser() as chooser:
        uploader.get_by_test_id("stFileUploaderDropzone").locator("button").click()
    with rerun(page):
        chooser.value.set_files(
            files=[
                {
                    "name": UPLOAD_FILE,
                    "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "buffer": new_unit_workbook(UPLOAD_UNIT),
                }
            ]
        )
    expect(
        page.get_by_text(f"{UPLOAD_FILE}（可以保存） — {UPLOAD_UNIT} {NEW_YEAR}年度")
    ).to_be_visible()
    expect(page.get_by_text(f"{UPLOAD_UNIT} {NEW_YEAR}年度 的第1版")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="支出合计")).to_contain_text(NEW_TOTAL)
    assert Store(store_dir).versions(UPLOAD_UNIT, NEW_YEAR) == []  # nothing stored before 保存

    expect(save_button).to_be_enabled()
    with rerun(page):
        save_button.click()
    expect(page.get_by_text(f"已保存1个工作簿：{UPLOAD_UNIT} {NEW_YEAR}年度 第1版")).to_be_visible()
    versions = Store(store_dir).versions(UPLOAD_UNIT, NEW_YEAR)
    assert [(v.version, v.filename, v.current) for v in versions] == [(1, UPLOAD_FILE, True)]
    expect(page).to_have_url(re.compile(r"unit=.+&year=2024"))


def store_new_unit(store_dir: Path) -> None:
    store = Store(store_dir)
    if not store.versions(NEW_UNIT, NEW_YEAR):  # run on its own: store the workbook directly
        data = new_unit_workbook()
        store.save(read_workbook(data, NEW_FILE).workbook, data, NEW_FILE)


def download_from(page: Page, label: str, timeout: float = 30_000) -> tuple[str, Path]:
    button = page.get_by_role("button", name=label)
    expect(button).to_be_visible()
    with page.expect_download(timeout=timeout) as info:
        button.click()
    return info.value.suggested_filename, Path(info.value.path())


def test_report_download_equals_cli_summary(page: Page, server: str, store_dir: Path) -> None:
    store_new_unit(store_dir)
    open_page(page, server, "/report", unit=NEW_UNIT, year=str(NEW_YEAR))
    name, path = download_from(page, "下载报告 (Markdown)")
    assert name == f"{NEW_UNIT}-{NEW_YEAR}-绩效自评报告.md"
    text = path.read_text(encoding="utf-8")
    expected = cli_summary("--store", str(store_dir), "--unit", NEW_UNIT, "--year", str(NEW_YEAR))
    assert text == expected
    assert NEW_TOTAL in text  # 50 + 10.25 + 30 + 9.75, by hand
    assert "60.25万元" in text and "39.75万元" in text
    # The page shows the report it offers.
    expect(page.get_by_role("heading", name=re.compile(NEW_UNIT)).first).to_be_visible()


def test_report_page_downloads_the_summary_and_the_word_report(
    page: Page, server: str, store_dir: Path
) -> None:
    from docx import Document

    store_new_unit(store_dir)
    open_page(page, server, "/report", unit=NEW_UNIT, year=str(NEW_YEAR))
    name, path = download_from(page, "下载摘要 (Markdown)")
    assert name == f"{NEW_UNIT}-{NEW_YEAR}-绩效自评摘要.md"
    summary = path.read_text(encoding="utf-8")
    args = ("--store", str(store_dir), "--unit", NEW_UNIT, "--year", str(NEW_YEAR))
    assert summary == cli_summary(*args, "--brief")
    assert f"| 支出合计 | {NEW_TOTAL} | — |" in summary  # first year: no 同比
    # The 摘要 in Word, to print: the same headline table as the Markdown, built on the click.
    name, path = download_from(page, "下载摘要 (Word)", timeout=90_000)
    assert name == f"{NEW_UNIT}-{NEW_YEAR}-绩效自评摘要.docx"
    brief = Document(str(path))
    assert brief.paragraphs[0].text == f"{NEW_YEAR}年度{NEW_UNIT}\n整体支出绩效自评摘要"
    assert [c.text for c in brief.tables[0].rows[1].cells] == ["支出合计", NEW_TOTAL, "—"]
    # The Word file is built on the click (pandoc, and Chromium for the pictures).
    name, path = download_from(page, "下载报告 (Word)", timeout=90_000)
    assert name == f"{NEW_UNIT}-{NEW_YEAR}-绩效自评报告.docx"
    doc = Document(str(path))
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.paragraphs[0].text == f"{NEW_YEAR}年度{NEW_UNIT}\n整体支出绩效自评报告"
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert ["1", "测试项目一", "30.00", "30.00", "100.00%", "75.47%"] in rows  # 30 / 39.75
    # a first year: every chart but the year-over-year waterfall is drawn
    assert len(doc.inline_shapes) == 4
