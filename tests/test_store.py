"""Tests of perfeval.store: versions, current pointer, originals, atomicity, concurrency.
Every store lives under tmp_path; workbooks are built by hand with exact Decimals."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from perfeval.schema import (
    ACTUAL,
    BUDGET_INITIAL,
    INFO_UNIT,
    INFO_YEAR,
    Workbook,
)
from perfeval.store import core as store_mod
from perfeval.store.core import DEFAULT_STORE, Store, store_path
from tests.store_fixture import UNIT, make_workbook, xlsx

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(make_store) -> Store:
    """A fresh store on each backend (tests/conftest.py: SQLite, and PostgreSQL when available)."""
    return make_store()


def target(make_store) -> str:
    """How a child process opens the same store: the PostgreSQL URL or the SQLite folder."""
    return make_store.url or str(make_store.root)


def open_target(arg: str) -> Store:
    return Store(url=arg) if arg.startswith("postgresql") else Store(arg)


# ---------------------------------------------------------------- paths and creation
def test_store_path_explicit_env_default(monkeypatch, tmp_path):
    monkeypatch.delenv("PERFEVAL_STORE", raising=False)
    assert store_path() == DEFAULT_STORE
    assert DEFAULT_STORE == REPO / "data" / "store"
    monkeypatch.setenv("PERFEVAL_STORE", str(tmp_path / "env"))
    assert store_path() == tmp_path / "env"
    assert store_path(tmp_path / "x") == tmp_path / "x"
    s = Store()
    assert s.is_empty()
    assert (tmp_path / "env" / "perfeval.sqlite3").is_file()
    s.close()


def test_schema_pragmas_and_idempotent_open(tmp_path):
    root = tmp_path / "deep" / "store"
    a = Store(root)
    assert a.is_empty() and a.units() == [] and a.versions() == []
    a.save(make_workbook(), xlsx("a"), "a.xlsx")
    b = Store(root)  # a second opener neither fails nor resets anything
    assert b.units() == [UNIT]
    conn = sqlite3.connect(root / "perfeval.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store_mod.SCHEMA_VERSION
    conn.close()
    a.close()
    b.close()


# ---------------------------------------------------------------- save and load
def test_save_then_load_round_trips_decimals_exactly(store):
    wb = make_workbook()
    v = store.save(wb, xlsx("a"), "教育局2023.xlsx", note="首次上传")
    assert (v.unit, v.year, v.version, v.current, v.deleted) == (UNIT, 2023, 1, True, False)
    assert v.filename == "教育局2023.xlsx" and v.note == "首次上传"
    assert v.size == len(xlsx("a")) and v.sha256 == hashlib.sha256(xlsx("a")).hexdigest()
    assert (v.spending_rows, v.indicator_rows) == (2, 0)
    assert v.uploaded_at.endswith("+00:00")

    loaded = store.load(UNIT, 2023)
    assert loaded.to_dict() == wb.to_dict()
    actual = list(loaded.spending[ACTUAL])
    assert actual == [Decimal("1234.56"), Decimal("0.005")]
    assert all(type(x) is Decimal for x in actual)
    assert str(actual[1]) == "0.005"  # not 0.01, not a float
    assert loaded.spending[BUDGET_INITIAL].iloc[1] is None
    assert loaded.info == {INFO_UNIT: UNIT, INFO_YEAR: "2023"}


def test_second_save_is_version_2_and_current(store):
    store.save(make_workbook(actual="1.00"), xlsx("v1"), "v1.xlsx")
    v2 = store.save(make_workbook(actual="2.00"), xlsx("v2"), "v2.xlsx")
    assert v2.version == 2 and v2.current
    listed = store.versions(UNIT, 2023)
    assert [(v.version, v.current, v.filename) for v in listed] == [
        (1, False, "v1.xlsx"),
        (2, True, "v2.xlsx"),
    ]
    assert store.current(UNIT, 2023) == v2
    assert store.load(UNIT, 2023).spending[ACTUAL].iloc[0] == Decimal("2.00")
    assert store.load(UNIT, 2023, version=1).spending[ACTUAL].iloc[0] == Decimal("1.00")
    assert store.next_version(UNIT, 2023) == 3


def test_restore_makes_older_version_current_until_next_upload(store):
    store.save(make_workbook(actual="1.00"), xlsx("v1"), "v1.xlsx")
    store.save(make_workbook(actual="2.00"), xlsx("v2"), "v2.xlsx")
    r = store.restore(UNIT, 2023, 1)
    assert r.version == 1 and r.current
    assert store.current(UNIT, 2023).version == 1
    assert store.load(UNIT, 2023).spending[ACTUAL].iloc[0] == Decimal("1.00")
    assert [v.current for v in store.versions(UNIT, 2023)] == [True, False]
    v3 = store.save(make_workbook(actual="3.00"), xlsx("v3"), "v3.xlsx")
    assert v3.version == 3 and store.current(UNIT, 2023).version == 3


def test_delete_current_falls_back_to_previous(store):
    store.save(make_workbook(actual="1.00"), xlsx("v1"), "v1.xlsx")
    store.save(make_workbook(actual="2.00"), xlsx("v2"), "v2.xlsx")
    d = store.delete(UNIT, 2023, 2)
    assert d.deleted and not d.current
    assert store.current(UNIT, 2023).version == 1
    assert store.load(UNIT, 2023).spending[ACTUAL].iloc[0] == Decimal("1.00")
    assert [v.version for v in store.versions(UNIT, 2023, include_deleted=False)] == [1]
    assert [v.version for v in store.versions(UNIT, 2023)] == [1, 2]
    # the deleted version is kept and still readable
    assert store.load(UNIT, 2023, version=2).spending[ACTUAL].iloc[0] == Decimal("2.00")
    # a new upload never reuses a number
    assert store.save(make_workbook(), xlsx("v3"), "v3.xlsx").version == 3


def test_delete_non_current_keeps_current(store):
    store.save(make_workbook(), xlsx("v1"), "v1.xlsx")
    store.save(make_workbook(), xlsx("v2"), "v2.xlsx")
    store.delete(UNIT, 2023, 1)
    assert store.current(UNIT, 2023).version == 2


def test_delete_only_version_then_undelete(store):
    store.save(make_workbook(year=2022), xlsx("22"), "22.xlsx")
    store.save(make_workbook(year=2023), xlsx("23"), "23.xlsx")
    store.delete(UNIT, 2023, 1)
    assert store.years(UNIT) == [2022]
    assert store.current(UNIT, 2023) is None
    assert list(store.history(UNIT)) == [2022]
    with pytest.raises(KeyError, match="2023年度"):
        store.load(UNIT, 2023)
    assert not store.is_empty()  # nothing is lost

    store.delete(UNIT, 2022, 1)
    assert store.units() == [] and store.years(UNIT) == []
    assert store.next_version(UNIT, 2022) == 2  # a deleted version keeps its number

    u = store.undelete(UNIT, 2023, 1)
    assert u.current and not u.deleted
    assert store.units() == [UNIT] and store.years(UNIT) == [2023]
    assert store.load(UNIT, 2023).year == 2023


def test_undelete_newest_becomes_current_again_unless_pinned(store):
    for tag in ("v1", "v2", "v3"):
        store.save(make_workbook(), xlsx(tag), f"{tag}.xlsx")
    store.delete(UNIT, 2023, 3)
    assert store.current(UNIT, 2023).version == 2
    store.undelete(UNIT, 2023, 3)  # undo: the newest is current again
    assert store.current(UNIT, 2023).version == 3

    store.restore(UNIT, 2023, 1)  # an editor's choice is kept across an undelete
    store.delete(UNIT, 2023, 2)
    store.undelete(UNIT, 2023, 2)
    assert store.current(UNIT, 2023).version == 1


def test_restore_deleted_or_missing_version_is_refused(store):
    store.save(make_workbook(), xlsx("v1"), "v1.xlsx")
    store.save(make_workbook(), xlsx("v2"), "v2.xlsx")
    store.delete(UNIT, 2023, 2)
    gen = store.generation()
    with pytest.raises(ValueError, match="第2版已删除，请先恢复删除"):
        store.restore(UNIT, 2023, 2)
    with pytest.raises(KeyError, match="第9版"):
        store.restore(UNIT, 2023, 9)
    with pytest.raises(KeyError, match="第9版"):
        store.delete(UNIT, 2023, 9)
    with pytest.raises(KeyError, match="第9版"):
        store.load(UNIT, 2023, 9)
    assert store.generation() == gen  # refused writes roll back entirely
    assert store.current(UNIT, 2023).version == 1


def test_units_years_history_sorted(store):
    for unit, year in [("乙单位", 2021), ("甲单位", 2023), ("甲单位", 2021), ("甲单位", 2022)]:
        store.save(make_workbook(unit=unit, year=year), xlsx(unit + str(year)), f"{year}.xlsx")
    assert store.units() == sorted(["乙单位", "甲单位"])
    assert store.years("甲单位") == [2021, 2022, 2023]
    assert store.years("无此单位") == []
    hist = store.history("甲单位")
    assert list(hist) == [2021, 2022, 2023]
    assert all(wb.unit == "甲单位" and wb.year == y for y, wb in hist.items())
    current = [(u, y) for u in store.units() for y in store.years(u)]
    assert current == sorted(
        [("乙单位", 2021), ("甲单位", 2021), ("甲单位", 2022), ("甲单位", 2023)]
    )
    assert store.next_version("甲单位", 2021) == 2 and store.next_version("丙单位", 2021) == 1
    assert [v.unit for v in store.versions(year=2021)] == sorted(["乙单位", "甲单位"])


def test_invalid_workbook_is_refused_in_chinese(store):
    with pytest.raises(ValueError, match="单位名称"):
        store.save(make_workbook(unit="  "), xlsx("a"), "a.xlsx")
    assert store.is_empty()


# ---------------------------------------------------------------- originals
def test_originals_byte_for_byte_and_deduplicated(store, tmp_path):
    data = xlsx("same")
    a = store.save(make_workbook(year=2022), data, "a.xlsx")
    b = store.save(make_workbook(year=2023), data, "b.xlsx")
    assert a.sha256 == b.sha256 == hashlib.sha256(data).hexdigest()
    assert store.original(a.sha256) == data
    other = store.save(make_workbook(), xlsx("other"), "c.xlsx")
    assert store.original(other.sha256) == xlsx("other")
    assert store.count("originals") == 2
    with pytest.raises(KeyError, match="原始文件"):
        store.original("0" * 64)


# ---------------------------------------------------------------- atomicity and generation
def test_save_many_is_all_or_nothing(store, monkeypatch):
    store.save(make_workbook(year=2020), xlsx("pre"), "pre.xlsx")
    gen = store.generation()
    calls = {"n": 0}
    real_insert = Store._insert

    def failing_insert(self, conn, upload):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return real_insert(self, conn, upload)

    monkeypatch.setattr(Store, "_insert", failing_insert)
    items = [(make_workbook(year=y), xlsx(str(y)), f"{y}.xlsx") for y in (2021, 2022, 2023)]
    with pytest.raises(RuntimeError):
        store.save_many(items)
    assert calls["n"] == 2  # the first item had been written inside the transaction
    assert store.years(UNIT) == [2020]
    assert len(store.versions()) == 1
    assert store.generation() == gen
    with pytest.raises(KeyError):
        store.original(hashlib.sha256(xlsx("2021")).hexdigest())

    monkeypatch.setattr(Store, "_insert", real_insert)
    saved = store.save_many([*items, (make_workbook(year=2023), xlsx("again"), "again.xlsx")])
    assert [(v.year, v.version, v.current) for v in saved] == [
        (2021, 1, True),
        (2022, 1, True),
        (2023, 1, False),
        (2023, 2, True),
    ]
    assert store.years(UNIT) == [2020, 2021, 2022, 2023]
    assert store.generation() == gen + 1  # one transaction


def test_generation_changes_on_writes_not_reads(store, make_store):
    seen = [store.generation()]

    def bumped() -> None:
        seen.append(store.generation())
        assert seen[-1] != seen[-2]

    store.save(make_workbook(), xlsx("v1"), "v1.xlsx")
    bumped()
    store.save(make_workbook(), xlsx("v2"), "v2.xlsx")
    bumped()
    store.units(), store.years(UNIT), store.current(UNIT, 2023), store.versions()
    store.load(UNIT, 2023), store.history(UNIT), store.next_version(UNIT, 2023), store.is_empty()
    store.original(store.current(UNIT, 2023).sha256)
    assert store.generation() == seen[-1]
    store.restore(UNIT, 2023, 1)
    bumped()
    store.delete(UNIT, 2023, 2)
    bumped()
    store.undelete(UNIT, 2023, 2)
    bumped()
    # another process (here: another Store) sees the same counter
    other = make_store()
    assert other.generation() == seen[-1]


_KILL_SCRIPT = """
import os, sys
from decimal import Decimal
from perfeval.store.core import Store
from perfeval.schema import Workbook, make_table, TABLE_COLUMNS, ACTUAL, CATEGORY
def open_target(arg):
    return Store(url=arg) if arg.startswith("postgresql") else Store(arg)
wb = Workbook(unit="市教育局", year=2024, info={},
              spending=make_table([{CATEGORY: "基本支出", ACTUAL: Decimal("1")}],
                                  TABLE_COLUMNS["spending"]))
real = Store._insert
def dying(self, conn, up):
    real(self, conn, up)
    os._exit(9)  # killed in the middle of the transaction, after the rows were written
Store._insert = dying
open_target(sys.argv[1]).save(wb, b"bytes of 2024", "2024.xlsx")
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_process_killed_mid_write_leaves_store_as_before(store, make_store):
    store.save(make_workbook(), xlsx("v1"), "v1.xlsx")
    gen = store.generation()
    proc = subprocess.run(
        [sys.executable, "-c", _KILL_SCRIPT, target(make_store)],
        env=_env(),
        cwd=REPO,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 9, proc.stderr.decode()
    assert store.units() == [UNIT] and store.years(UNIT) == [2023]
    assert len(store.versions()) == 1 and store.generation() == gen
    assert store.save(make_workbook(year=2024), xlsx("ok"), "ok.xlsx").version == 1


# ---------------------------------------------------------------- concurrency
def test_two_threads_one_store_same_unit_year(store):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def work(tag: str) -> None:
        try:
            barrier.wait()
            results.append(store.save(make_workbook(), xlsx(tag), f"{tag}.xlsx"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(v.version for v in results) == [1, 2]
    assert [v.version for v in store.versions(UNIT, 2023)] == [1, 2]
    assert store.current(UNIT, 2023).version == 2


def test_many_threads_separate_stores_reads_and_writes(make_store):
    make_store().is_empty()
    errors = []

    def work(i: int) -> None:
        s = make_store()
        try:
            for j in range(5):
                s.save(make_workbook(), xlsx(f"{i}-{j}"), f"{i}-{j}.xlsx")
                s.history(UNIT)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            s.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    s = make_store()
    assert [v.version for v in s.versions(UNIT, 2023)] == list(range(1, 21))


_SAVE_SCRIPT = """
import os, sys, time
from decimal import Decimal
from perfeval.store.core import Store
from perfeval.schema import Workbook, make_table, TABLE_COLUMNS, ACTUAL, CATEGORY
arg, tag, go, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
wb = Workbook(unit="市教育局", year=2023, info={},
              spending=make_table([{CATEGORY: "基本支出", ACTUAL: Decimal("1")}],
                                  TABLE_COLUMNS["spending"]))
store = Store(url=arg) if arg.startswith("postgresql") else Store(arg)
store.is_empty()  # open the connection (and migrate) before the start signal
open(go + "." + tag, "w").close()  # ready
while not os.path.exists(go):
    time.sleep(0.001)
for i in range(count):
    store.save(wb, f"{tag}-{i}".encode() * 1000, f"{tag}-{i}.xlsx")
"""
PROCESSES, SAVES = 4, 5


def test_processes_saving_one_unit_year_at_once_get_1_to_n(make_store, tmp_path):
    """Several processes write the same unit-year at once: versions 1..N exactly, no gap, no
    duplicate, every original intact (BEGIN IMMEDIATE on SQLite, row locks on PostgreSQL)."""
    make_store().is_empty()  # create the schema once, as a server's start-up would
    go = tmp_path / "go"
    tags = [f"p{n}" for n in range(PROCESSES)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _SAVE_SCRIPT, target(make_store), tag, str(go), str(SAVES)],
            env=_env(),
            cwd=REPO,
            stderr=subprocess.PIPE,
        )
        for tag in tags
    ]
    deadline = time.monotonic() + 120
    while not all(Path(f"{go}.{tag}").exists() for tag in tags):  # every process is ready
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
        time.sleep(0.01)
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    s = make_store()
    versions = s.versions(UNIT, 2023)
    total = PROCESSES * SAVES
    assert [v.version for v in versions] == list(range(1, total + 1))
    assert sorted(v.filename for v in versions) == sorted(
        f"{tag}-{i}.xlsx" for tag in tags for i in range(SAVES)
    )
    assert s.current(UNIT, 2023).version == total
    for v in versions:
        assert s.original(v.sha256) == v.filename.removesuffix(".xlsx").encode() * 1000
    assert len(s.activity(UNIT, 2023)) == total
    print(
        f"[{'postgresql' if make_store.url else 'sqlite'}] {PROCESSES} processes x {SAVES} saves:"
        f" versions 1..{versions[-1].version}, {len(versions)} rows, originals intact"
    )


# ---------------------------------------------------------------- scale
def test_history_of_one_unit_among_1000_unit_years_uses_the_index(tmp_path):
    """SQLite only: the query plan check reads SQLite's EXPLAIN."""
    s = Store(tmp_path / "store")
    wb = make_workbook()
    items = []
    for u in range(100):
        for y in range(2015, 2025):
            w = Workbook(unit=f"单位{u:03d}", year=y, info=wb.info, spending=wb.spending)
            items.append((w, xlsx(f"{u}-{y}"), f"{u}-{y}.xlsx"))
    s.save_many(items)
    assert len(s.units()) == 100
    hist = s.history("单位042")
    assert list(hist) == list(range(2015, 2025))
    assert [v.year for v in s.versions("单位042")] == list(range(2015, 2025))
    # How fast is the benchmark's business (bench/, section 2 loads every history); here: no
    # full scan of the tables, whatever their size.
    plan = s._query(
        "EXPLAIN QUERY PLAN SELECT c.year, w.json FROM current c"
        " JOIN workbooks w ON w.version_id = c.version_id WHERE c.unit = ?",
        ("单位042",),
    )
    assert not any("SCAN" in row[-1] for row in plan), plan
    s.close()
