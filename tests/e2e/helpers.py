"""What the browser tests share: where screenshots go, how a page is opened and waited for."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
CHART = '[data-testid="stPlotlyChart"]'
CHART_DRAWN = f"{CHART} svg.main-svg"


def open_page(page: Page, server: str, path: str, **params: str) -> None:
    query = f"?{urlencode(params)}" if params else ""
    page.goto(f"{server}{path}{query}")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("预算绩效自评")


def wait_for_charts(page: Page, count: int) -> None:
    """Until `count` plotly charts have drawn their svg (not just their placeholders)."""
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length >= n",
        arg=[CHART_DRAWN, count],
        timeout=30_000,
    )


def wait_idle(page: Page) -> None:
    """Until Streamlit's "running" indicator is gone."""
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)


def full_page_screenshot(page: Page, path: Path) -> None:
    """The whole page at 1600 px wide. Streamlit scrolls inside its main section, not the document,
    so `full_page=True` alone would stop at the viewport: grow the viewport to the content first."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(800)  # relayout and plotly's redraw
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
