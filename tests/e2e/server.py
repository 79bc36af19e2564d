"""`streamlit run dashboard.py` on a free port, polled on /_stcore/health until it serves, and
stopped afterwards; plus how this machine's Chromium is launched. Used by the browser tests and
by the benchmark's memory walk (`bench/run.py`), so both start the app the same way."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# As root in a closed network: no sandbox, and none of Chromium's background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 60
REQUIRE_ENV = "PERFEVAL_REQUIRE_E2E"


def required() -> bool:
    """Under CI (PERFEVAL_REQUIRE_E2E=1 or CI=true) a test that needs the browser must run."""
    return os.environ.get(REQUIRE_ENV) == "1" or os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    """Skip for lack of Chromium or Playwright, or fail loudly where CI requires them."""
    import pytest

    if required():
        pytest.fail(f"{reason}; {REQUIRE_ENV}=1 / CI=true requires it to run", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def free_port() -> int:
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


@contextmanager
def dashboard(
    store_dir: Path,
    log: Path,
    *,
    port: int | None = None,
    env_extra: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """The dashboard on the given store with no editor password, until the block ends
    (`args`: more `streamlit run` options, e.g. `--secrets.files` for a login test)."""
    port = port or free_port()
    env = {**os.environ, "PERFEVAL_STORE": str(store_dir)}
    env.pop("PERFEVAL_EDITOR_PASSWORD", None)
    env.pop("PERFEVAL_DATABASE_URL", None)
    env.update(env_extra or {})
    cmd = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false", *args,
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield Server(url, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
