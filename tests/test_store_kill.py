"""The store under SIGKILL and under concurrent writers, with real processes:
`python -m perfeval ingest` killed at many moments leaves all of its batch or none of it."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from perfeval.store.core import DB_NAME, Store
from tests.xlsx_factory import build_xlsx, patch_entries, seed_like_sheets

REPO = Path(__file__).resolve().parent.parent
BATCH = 4  # files per ingest run: one save_many, one transaction
PAD = 2 * 1024 * 1024  # incompressible bytes in each file: a transaction that takes a while

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _files(folder: Path, run: int) -> dict[str, str]:
    """BATCH valid workbooks of units named after the run; path → sha256 of the bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for i in range(BATCH):
        sheets = seed_like_sheets()
        sheets["基本信息"][1][1] = f"测试单位{run:02d}-{i}"
        data = patch_entries(build_xlsx(sheets), {}, add={"xl/media/pad.bin": os.urandom(PAD)})
        path = folder / f"run{run}-{i}.xlsx"
        path.write_bytes(data)
        files[str(path)] = hashlib.sha256(data).hexdigest()
    return files


def _ingest(paths: list[str], store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "perfeval", "ingest", *paths, "--store", str(store)],
        cwd=REPO,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when_wal_grows(proc: subprocess.Popen, wal: Path, timeout: float = 30) -> None:
    """SIGKILL the moment the write-ahead log grows: the transaction is being written."""
    start_size = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size:
            break
        time.sleep(0.0005)
    proc.send_signal(signal.SIGKILL)


def _check(store_dir: Path, expected: dict[str, dict[str, str]]) -> dict[str, int]:
    """The store opens, is intact, holds all or none of each run, and every original matches."""
    with sqlite3.connect(store_dir / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store = Store(store_dir)
    try:
        versions = store.versions()
        landed = {}
        for run, files in expected.items():
            mine = [v for v in versions if v.unit.startswith(f"测试单位{run}-")]
            assert len(mine) in (0, BATCH), (run, len(mine))
            landed[run] = len(mine)
            if mine:
                assert {v.sha256 for v in mine} == set(files.values())
        for v in versions:
            assert store.load(v.unit, v.year, v.version).unit == v.unit
            assert hashlib.sha256(store.original(v.sha256)).hexdigest() == v.sha256
            assert v.current
        return landed
    finally:
        store.close()


def test_ingest_killed_at_any_moment_is_all_or_nothing(tmp_path):
    store_dir = tmp_path / "store"
    wal = store_dir / (DB_NAME + "-wal")
    expected: dict[str, dict[str, str]] = {}
    outcomes = []
    # kills at fixed delays (before, during and after the read and the write) …
    plans: list[float | str] = [0.05, 0.5, 1.0, 1.5, 2.5]
    # … and at the moment the transaction starts writing, several times
    plans += ["wal"] * 3
    for run, plan in enumerate(plans):
        key = f"{run:02d}"
        files = _files(tmp_path / "in", run)
        expected[key] = files
        if not store_dir.exists():  # the first run creates the database before the kills start
            Store(store_dir).is_empty()
        proc = _ingest(list(files), store_dir)
        if plan == "wal":
            _kill_when_wal_grows(proc, wal)
        else:
            time.sleep(plan)
            proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=60)
        landed = _check(store_dir, expected)
        outcomes.append((plan, code, landed[key]))
    print("\n(plan, exit code, versions landed):", outcomes)
    # an ingest left alone afterwards still works, and lands as new versions
    files = _files(tmp_path / "in", 99)
    expected["99"] = files
    assert _ingest(list(files), store_dir).wait(timeout=60) == 0
    assert _check(store_dir, expected)["99"] == BATCH
    killed_early = [o for o in outcomes if o[1] == -signal.SIGKILL and o[2] == 0]
    assert killed_early, outcomes  # at least one kill really interrupted an ingest


_SAVE = """
import sys
from perfeval.store.core import Store
from perfeval.readers import read_path
result = read_path(sys.argv[2])
assert result.ok
Store(sys.argv[1]).save(result.workbook, open(sys.argv[2], "rb").read(), "from-app.xlsx")
"""


def test_cli_and_app_writing_at_once_both_land(tmp_path):
    store_dir = tmp_path / "store"
    Store(store_dir).is_empty()
    sources = []
    for i in range(4):
        data = patch_entries(build_xlsx(seed_like_sheets()), {}, add={"pad.bin": os.urandom(PAD)})
        path = tmp_path / f"same-{i}.xlsx"
        path.write_bytes(data)
        sources.append((path, hashlib.sha256(data).hexdigest()))
    procs = []
    for i, (path, _) in enumerate(sources):  # two CLI ingests, two "app" saves, all at once
        if i % 2:
            cmd = [sys.executable, "-c", _SAVE, str(store_dir), str(path)]
            procs.append(subprocess.Popen(cmd, cwd=REPO, env=_env()))
        else:
            procs.append(_ingest([str(path)], store_dir))
    assert [p.wait(timeout=120) for p in procs] == [0] * 4
    store = Store(store_dir)
    versions = store.versions()
    assert sorted(v.version for v in versions) == [1, 2, 3, 4]
    assert {(v.unit, v.year) for v in versions} == {("常宁市科技和工业信息化局", 2024)}
    assert {v.sha256 for v in versions} == {sha for _, sha in sources}
    assert [v.version for v in versions if v.current] == [4]
    for v in versions:
        assert hashlib.sha256(store.original(v.sha256)).hexdigest() == v.sha256
