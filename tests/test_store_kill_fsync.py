"""SIGKILL with fsync on: SQLite's store really syncs (synchronous=FULL) on the connections the
ingest uses, and on a PostgreSQL cluster started here with fsync=on (the shared test server runs
fsync=off) an ingest killed at any moment, or the database server itself killed and restarted
through crash recovery, leaves all of each batch or none of it."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from perfeval.store.core import Store
from tests.test_store_kill import BATCH, REPO, _env, _files

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def test_sqlite_store_syncs_every_commit(tmp_path):
    store = Store(tmp_path / "s")
    with store.engine().connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: fsync each commit
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


# ---------------------------------------------------------------- a PostgreSQL with fsync on
def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _run(cmd: str) -> None:
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
    if os.geteuid() == 0:
        subprocess.run(["su", "postgres", "-s", "/bin/bash", "-c", cmd], **quiet)
    else:
        subprocess.run(["bash", "-c", cmd], **quiet)


class Cluster:
    """A throw-away cluster on a Unix socket in its own folder (no TCP port to collide on)."""

    def __init__(self, bindir: Path, folder: Path) -> None:
        self.bin, self.dir = bindir, folder
        self.url = f"postgresql+psycopg://postgres@/perfeval?host={folder}&port=5432"

    def start(self) -> None:
        opts = f"-k {self.dir} -p 5432 -c listen_addresses='' -c fsync=on -c synchronous_commit=on"
        _run(f"'{self.bin}/pg_ctl' -D '{self.dir}/data' -l '{self.dir}/log' -w -o \"{opts}\" start")

    def kill(self) -> None:
        """SIGKILL the postmaster and every backend: a crash, not a shutdown."""
        pid = int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        os.kill(pid, signal.SIGKILL)
        for child in children:  # its backends, each by its process id
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(child), signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)

    def stop(self) -> None:
        _run(f"'{self.bin}/pg_ctl' -D '{self.dir}/data' -m immediate stop || true")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    bindir = _bindir()
    if bindir is None or (os.geteuid() == 0 and shutil.which("su") is None):
        pytest.skip("no PostgreSQL binaries to start a cluster with fsync on")
    folder = Path(tempfile.mkdtemp(prefix="perfeval-pg-fsync-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    _run(
        f"'{bindir}/initdb' -D '{folder}/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null"
    )
    running = Cluster(bindir, folder)
    running.start()
    _run(f"'{bindir}/psql' -h '{folder}' -p 5432 -U postgres -qc 'CREATE DATABASE perfeval'")
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _ingest(paths: list[str], url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "perfeval", "ingest", *paths],
        cwd=REPO,
        env={**_env(), "PERFEVAL_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _landed(url: str, expected: dict[str, dict[str, str]]) -> dict[str, int]:
    """Each run's batch is all there or not at all; every stored original matches its hash."""
    store = Store(url=url)
    try:
        versions = store.versions()
        landed = {}
        for run, files in expected.items():
            mine = [v for v in versions if v.unit.startswith(f"测试单位{run}-")]
            assert len(mine) in (0, BATCH), (run, len(mine))
            landed[run] = len(mine)
            if mine:
                assert {v.sha256 for v in mine} == set(files.values())
        import hashlib

        for v in versions:
            assert hashlib.sha256(store.original(v.sha256)).hexdigest() == v.sha256
            assert store.load(v.unit, v.year, v.version).unit == v.unit
        return landed
    finally:
        store.close()


def test_postgres_ingest_killed_at_any_moment_is_all_or_nothing(cluster, tmp_path):
    Store(url=cluster.url).is_empty()  # the schema, before the kills start
    expected: dict[str, dict[str, str]] = {}
    outcomes = []
    for run, delay in enumerate([0.5, 1.5, 2.5, 3.5]):
        key = f"{run:02d}"
        files = _files(tmp_path / "in", run)
        expected[key] = files
        proc = _ingest(list(files), cluster.url)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=60)
        outcomes.append((delay, code, _landed(cluster.url, expected)[key]))
    print("\n(delay, exit code, versions landed):", outcomes)
    files = _files(tmp_path / "in", 99)
    expected["99"] = files
    assert _ingest(list(files), cluster.url).wait(timeout=120) == 0
    assert _landed(cluster.url, expected)["99"] == BATCH
    assert any(o[1] == -signal.SIGKILL and o[2] == 0 for o in outcomes), outcomes


def test_postgres_server_killed_during_ingest_recovers_all_or_nothing(cluster, tmp_path):
    Store(url=cluster.url).is_empty()
    expected: dict[str, dict[str, str]] = {}
    before = _files(tmp_path / "in", 50)
    expected["50"] = before
    assert _ingest(list(before), cluster.url).wait(timeout=120) == 0  # committed: must survive
    for run, delay in ((51, 1.0), (52, 2.5)):
        key = str(run)
        files = _files(tmp_path / "in", run)
        expected[key] = files
        proc = _ingest(list(files), cluster.url)
        time.sleep(delay)
        cluster.kill()  # the database crashes under the writer
        proc.wait(timeout=60)
        cluster.start()  # crash recovery replays the WAL that fsync put on disk
        landed = _landed(cluster.url, expected)
        assert landed["50"] == BATCH
        assert landed[key] in (0, BATCH)
