"""Browser tests' fixtures, shaped like Streamlit's own e2e tests: one `streamlit run` on a free
port with a fresh store for the session, polled on /_stcore/health, and one Chromium browser."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, dashboard

REQUIRE_ENV = "PERFEVAL_REQUIRE_E2E"


def _unavailable(reason: str) -> None:
    """Skip, or fail loudly where CI demands the browser tests (PERFEVAL_REQUIRE_E2E=1)."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}; {REQUIRE_ENV}=1 requires the browser tests to run", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def store_dir() -> Iterator[Path]:
    """The session's store: empty at start, so the app shows the bundled samples."""
    path = Path(tempfile.mkdtemp(prefix="perfeval-e2e-store-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def server(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `streamlit run dashboard.py` on a free port, stopped at the end of the session."""
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with dashboard(store_dir, log) as running:
        yield running.url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


_pages_opened = 0


@pytest.fixture
def first_visit(page) -> bool:
    """True for the session's first test page: the server has served no session before it."""
    return _pages_opened == 1


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    """A fresh 1600×1100 page (Chinese locale) per test; downloads allowed."""
    context = browser.new_context(
        viewport={"width": 1600, "height": 1100},
        locale="zh-CN",
        accept_downloads=True,
        base_url=server,
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    global _pages_opened
    _pages_opened += 1
    yield page
    context.close()
