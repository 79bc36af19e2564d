"""Shared fixtures: the seed department's workbooks read through the real reader."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy.pool import NullPool

from perfeval.readers import read_path
from perfeval.schema import Workbook

# No timing assertions in unit tests: Hypothesis' default 200 ms deadline is one, and it fails
# at random on a loaded machine. Slowness is the benchmark's business (bench/).
settings.register_profile("perfeval", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("perfeval")

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
D = Decimal


@pytest.fixture(scope="session")
def seed_history() -> dict[int, Workbook]:
    history = {}
    for path in sorted(SAMPLES.glob("*.xlsx")):
        result = read_path(path)
        assert result.ok, [str(p) for p in result.problems]
        history[result.workbook.year] = result.workbook
    assert sorted(history) == [2023, 2024]
    return history


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path_factory, monkeypatch):
    """No test ever touches data/store: PERFEVAL_STORE points at a fresh folder per test."""
    monkeypatch.setenv("PERFEVAL_STORE", str(tmp_path_factory.mktemp("store")))
    monkeypatch.delenv("PERFEVAL_EDITOR_PASSWORD", raising=False)
    monkeypatch.delenv("PERFEVAL_DATABASE_URL", raising=False)
    monkeypatch.delenv("PERFEVAL_ADMINS", raising=False)


# ---------------------------------------------------------------- store backends
# PostgreSQL tests run when PERFEVAL_TEST_DATABASE_URL names a server (CI starts one and sets
# PERFEVAL_REQUIRE_POSTGRES=1, which turns a missing server into a failure instead of a skip).
PG_URL_ENV = "PERFEVAL_TEST_DATABASE_URL"
PG_REQUIRED_ENV = "PERFEVAL_REQUIRE_POSTGRES"
BACKENDS = ["sqlite", "postgresql"]


def postgres_url_or_skip() -> str:
    url = os.environ.get(PG_URL_ENV, "").strip()
    if not url:
        if os.environ.get(PG_REQUIRED_ENV) == "1":
            pytest.fail(f"{PG_REQUIRED_ENV}=1 but {PG_URL_ENV} is not set")
        pytest.skip(f"no PostgreSQL: set {PG_URL_ENV}")
    return url


def fresh_postgres_url() -> str:
    """A new, empty schema on the test server; the URL's search_path points into it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = postgres_url_or_skip()
    name = f"t_{uuid.uuid4().hex[:16]}"
    engine = create_engine(base, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    engine.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={name}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def make_store(backend, tmp_path):
    """Open stores of this test's backend; every store made in one test shares one database."""
    from perfeval.store.core import Store

    opened = []
    url = fresh_postgres_url() if backend == "postgresql" else None
    root = tmp_path / "store"

    def make() -> Store:
        s = Store(url=url) if url else Store(root)
        opened.append(s)
        return s

    make.url = url
    make.root = root
    yield make
    for s in opened:
        s.close()


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """For the page tests: a fresh, empty store, no editor password, and cold Streamlit caches."""
    from tests.apptest import clear_caches

    root = tmp_path / "store"
    monkeypatch.setenv("PERFEVAL_STORE", str(root))
    monkeypatch.delenv("PERFEVAL_EDITOR_PASSWORD", raising=False)
    clear_caches()
    yield root
    clear_caches()


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    """The AppTest media storages of a test, to read its downloads back (tests.apptest.download)."""
    from tests.apptest import RecordingStorage

    RecordingStorage.instances = []
    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", RecordingStorage)
    return RecordingStorage.instances
