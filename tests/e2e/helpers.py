"""What the browser tests share: a page's context, how a page is opened, and how a test waits for
Streamlit's own run state (never a timer); where screenshots go.

Why: Streamlit redraws a page on every run. Until a run has finished, the page holds elements of
the previous run marked `data-stale="true"` beside the new ones (two 「设为当前版本」 buttons, one
of them about to vanish), and a widget clicked meanwhile may be detached. The old wait, "the
running indicator is gone", raced: that indicator only shows after a delay, so it was absent
both before a run had started and during a short run. These helpers wait on the app's own
`data-test-script-state` attribute instead, and count finished runs so that "after this click"
means a run that started after it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
CHART = '[data-testid="stPlotlyChart"]'
CHART_DRAWN = f"{CHART} svg.main-svg"
RUN_TIMEOUT_MS = 60_000

# Every document of the context counts the runs it saw finish: a change of stApp's
# data-test-script-state from anything else to notRunning. A run of this app takes far longer
# than one frame, so its "running" state is always drawn before its "notRunning".
RUN_COUNTER = """(() => {
  window.__perfevalRuns = 0;
  new MutationObserver(records => {
    for (const r of records)
      if (r.oldValue !== 'notRunning'
          && r.target.getAttribute('data-test-script-state') === 'notRunning')
        window.__perfevalRuns += 1;
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
})();"""

# Connected, no run going on, and nothing left over from a previous run.
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testConnectionState === 'CONNECTED'
      && app.dataset.testScriptState === 'notRunning'
      && !document.querySelector('[data-stale="true"]');
}"""


def new_context(browser: Browser, **options: object) -> BrowserContext:
    """A browser context (Chinese locale, 1600×1100 unless told) whose pages count their runs."""
    options = {"viewport": {"width": 1600, "height": 1100}, "locale": "zh-CN", **options}
    context = browser.new_context(**options)
    context.set_default_timeout(30_000)
    context.add_init_script(RUN_COUNTER)
    return context


def runs(page: Page) -> int:
    return page.evaluate("() => window.__perfevalRuns")


def settle(page: Page, after: int = 0) -> None:
    """Until more than `after` runs have finished in this document and the page is settled."""
    try:
        page.wait_for_function(
            f"n => window.__perfevalRuns > n && ({SETTLED})()", arg=after, timeout=RUN_TIMEOUT_MS
        )
    except PlaywrightTimeout as exc:
        raise AssertionError(
            f"the page did not settle after run {after}: {run_state(page)}"
        ) from exc


def run_state(page: Page) -> dict:
    """What the wait saw: runs counted, stApp's states, the elements still stale."""
    return page.evaluate(
        """() => {
          const app = document.querySelector('[data-testid="stApp"]');
          return {runs: window.__perfevalRuns, url: location.href,
                  script: app && app.dataset.testScriptState,
                  connection: app && app.dataset.testConnectionState,
                  stale: [...document.querySelectorAll('[data-stale="true"]')]
                           .map(e => e.textContent.slice(0, 60))};
        }"""
    )


@contextmanager
def rerun(page: Page) -> Iterator[None]:
    """Around an action that makes Streamlit run the page again (a click, a pick, an upload):
    on leaving, that run has finished and every element on the page is from it."""
    before = runs(page)
    yield
    settle(page, before)


def open_page(page: Page, server: str, path: str, **params: str) -> None:
    """Go to `path` and wait until the page's first run has finished."""
    query = f"?{urlencode(params)}" if params else ""
    goto(page, f"{server}{path}{query}")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("预算绩效自评")


def goto(page: Page, url: str) -> None:
    """Load `url` (a new document, so its run count starts at 0) and wait for its first run."""
    page.goto(url)
    settle(page)


def wait_for_charts(page: Page, count: int) -> None:
    """Until `count` plotly charts have drawn their svg (not just their placeholders)."""
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length >= n",
        arg=[CHART_DRAWN, count],
        timeout=RUN_TIMEOUT_MS,
    )


def next_frames(page: Page) -> None:
    """Until the browser has drawn two more frames (layout after a resize is done)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def full_page_screenshot(page: Page, path: Path) -> None:
    """The whole page at its current width. Streamlit scrolls inside its main section, not the
    document, so `full_page=True` alone would stop at the viewport: grow the viewport to the
    content first, and wait until plotly has laid its charts out again at that size."""
    page.wait_for_function(SETTLED, timeout=RUN_TIMEOUT_MS)
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    next_frames(page)
    page.wait_for_function(CHARTS_FIT, timeout=RUN_TIMEOUT_MS)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    next_frames(page)


# Every drawn plotly chart as wide as its box (plotly redraws on a resize, asynchronously).
CHARTS_FIT = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => {
  const svg = c.querySelector('svg.main-svg');
  return !svg || Math.abs(svg.getBoundingClientRect().width - c.getBoundingClientRect().width) < 2;
})"""


def steady(locator: Locator) -> None:
    """Until the element's box is the same in two frames in a row (scrolled, laid out)."""
    locator.evaluate(
        """el => new Promise(resolve => {
          let last = '';
          const step = () => {
            const r = el.getBoundingClientRect();
            const now = [r.x, r.y, r.width, r.height].join();
            if (now === last) resolve(true); else { last = now; requestAnimationFrame(step); }
          };
          step();
        })"""
    )
