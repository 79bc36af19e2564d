"""Browser tests' fixtures, shaped like Streamlit's own e2e tests: one `streamlit run` on a free
port with a fresh store for the session, polled on /_stcore/health, and one Chromium browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
REQUIRE_ENV = "PERFEVAL_REQUIRE_E2E"
STARTUP_TIMEOUT_S = 60
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    """Skip, or fail loudly where CI demands the browser tests (PERFEVAL_REQUIRE_E2E=1)."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}; {REQUIRE_ENV}=1 requires the browser tests to run", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"streamlit not healthy after {STARTUP_TIMEOUT_S}s at {url}:\n{log.read_text()}"
    )


@pytest.fixture(scope="session")
def store_dir() -> Iterator[Path]:
    """The session's store: empty at start, so the app shows the bundled samples."""
    path = Path(tempfile.mkdtemp(prefix="perfeval-e2e-store-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def server(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `streamlit run dashboard.py` on a free port, stopped at the end of the session."""
    port = _free_port()
    env = {**os.environ, "PERFEVAL_STORE": str(store_dir)}
    env.pop("PERFEVAL_EDITOR_PASSWORD", None)
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
