"""/city in Chromium on the small city of tests/city_fixture.py: cards, 未报送, the four charts
drawn, the table, and a unit's link opening that unit's overview; plus a full-page screenshot."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from perfeval.store.core import Store
from tests import city_fixture as cf
from tests.e2e.helpers import SHOTS, full_page_screenshot, goto, settle, steady, wait_for_charts
from tests.e2e.server import dashboard

pytestmark = pytest.mark.e2e

ROW_HEIGHT = 35  # st.dataframe's default row (and header) height in px


@pytest.fixture(scope="module")
def city_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Its own `streamlit run` on its own store: the session's store stays as the other
    browser tests expect it (the samples, then their uploads)."""
    root = tmp_path_factory.mktemp("city")
    cf.fill(Store(root / "store"), cf.write_files(root / "files"))
    with dashboard(root / "store", root / "server.log") as running:
        yield running.url


def test_city_page_draws_and_links_to_a_unit(page: Page, city_server: str) -> None:
    goto(page, f"{city_server}/city?year=2024")  # the first build reads every stored workbook
    expect(page.get_by_role("heading", name="2024年度全市预算绩效自评汇总")).to_be_visible()
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link").first).to_contain_text("全市汇总")  # first: several units
    metrics = page.get_by_test_id("stMetric")
    expect(metrics.filter(has_text="报送单位")).to_contain_text("未报送1个")
    expect(page.get_by_test_id("stAlert").filter(has_text="未报送")).to_contain_text(cf.C)
    wait_for_charts(page, 4)
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        assert chart.locator("svg.main-svg path, svg.main-svg rect").count() > 0
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    full_page_screenshot(page, SHOTS / "city.png")

    # The largest unit (甲局, 490.75万元) is the first row; its name is a link to its overview.
    grid.scroll_into_view_if_needed()
    steady(grid)  # the grid is a canvas: point into it only where it stays
    box = grid.bounding_box()
    x, y = box["x"] + 40, box["y"] + ROW_HEIGHT + ROW_HEIGHT / 2
    page.mouse.move(x, y)
    with page.context.expect_page() as opened:
        page.mouse.click(x, y)
    unit_page = opened.value
    settle(unit_page)
    expect(unit_page).to_have_url(
        re.compile(r"\?unit=%E6%B5%8B%E8%AF%95%E5%B8%82%E7%94%B2.*year=2024")
    )
    expect(unit_page.get_by_role("heading", name=f"2024年度{cf.A}")).to_be_visible()
    expect(unit_page.get_by_test_id("stMetric").filter(has_text="支出合计")).to_contain_text(
        "490.75万元"
    )
