"""Shared fixtures: the seed department's workbooks read through the real reader."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfeval.readers import read_path
from perfeval.schema import Workbook

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
