"""Shared fixtures: the seed department's workbooks read through the real reader."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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
