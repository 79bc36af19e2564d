"""Browser tests' fixtures, shaped like Streamlit's own e2e tests: one `streamlit run` on a free
port with a fresh store for the session, polled on /_stcore/health, and one Chromium browser."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import new_context
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, dashboard, unavailable

# Playwright's `expect` waits 5 s by default. A first page on a cold server on a loaded 2-core
# machine takes longer (seen: the sidebar after 6–20 s while other suites ran), and the test then
# failed at random. Waiting is not asserting a speed: give every expectation 30 s, as the page
# actions already have (context.set_default_timeout below).
EXPECT_TIMEOUT_MS = 30_000


def pytest_configure(config: pytest.Config) -> None:
    try:
        from playwright.sync_api import expect
    except ImportError:  # the `browser` fixture says so (skip, or fail under CI)
        return
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


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
def samples_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second dashboard whose store stays empty (no test writes to it), so it always shows the
    bundled samples, whatever the other tests stored in the session's store before."""
    root = tmp_path_factory.mktemp("samples")
    with dashboard(root / "store", root / "server.log") as running:
        yield running.url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    """A fresh 1600×1100 page (Chinese locale) per test, counting its runs; downloads allowed."""
    context = new_context(browser, accept_downloads=True, base_url=server)
    page = context.new_page()
    yield page
    context.close()
