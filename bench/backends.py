"""`python -m bench --only backends` (section 6): the store on SQLite and on PostgreSQL for the benchmark city — one
save (a version of one unit-year, its own transaction) and one summary read (the unit's history
from the store + model + report), each timed per unit-year; and the whole city's batch save."""

from __future__ import annotations

import random
import shutil
import statistics
import time
from pathlib import Path

DATABASE_URL_ARGS = ("PERFEVAL_BENCH_DATABASE_URL", "PERFEVAL_TEST_DATABASE_URL")


def _prepared(files: list[Path]) -> list:
    from perfeval.readers import read_workbook
    from perfeval.store.core import prepare

    uploads = []
    for path in files:
        data = path.read_bytes()
        result = read_workbook(data, path.name)
        if not result.ok:
            raise RuntimeError(f"{path}: {[str(p) for p in result.errors]}")
        uploads.append(prepare(result.workbook, data, path.name))
    return uploads


def _fresh(backend: str, folder: Path, url: str | None):
    """An empty store of `backend`: a new SQLite folder, or the PostgreSQL tables emptied."""
    from sqlalchemy import text

    from perfeval.store import db
    from perfeval.store.core import Store

    if backend == "sqlite":
        shutil.rmtree(folder, ignore_errors=True)
        return Store(folder)
    store = Store(url=url)
    engine = store.engine()
    with engine.begin() as conn:  # the activity trail refuses DELETE: drop everything instead
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(text(f'DROP TABLE IF EXISTS "{table.name}" CASCADE'))
    store.close()
    return Store(url=url)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1))]


def bench_backends(res, files: list[Path], out: Path, url: str | None, sample: int, log) -> None:
    from perfeval.pipeline import model_for
    from perfeval.report.unit_report import render_report

    log(f"6 backends: preparing {len(files)} workbooks")
    uploads = _prepared(files)
    backends = ["sqlite"] + (["postgresql"] if url else [])
    if not url:
        log("6 backends: no PostgreSQL URL (--database-url or $PERFEVAL_TEST_DATABASE_URL)")
    chosen = random.Random(0).sample(range(len(uploads)), min(sample, len(uploads)))
    for backend in backends:
        store = _fresh(backend, out / "store-backends", url)
        start = time.perf_counter()
        store.save_prepared(uploads)
        batch = time.perf_counter() - start
        saves = []
        for i in chosen:  # a new version of a stored unit-year: what a clerk's 保存 does
            start = time.perf_counter()
            store.save_prepared([uploads[i]])
            saves.append(time.perf_counter() - start)
        reads = []
        for i in chosen:
            start = time.perf_counter()
            history = store.history(uploads[i].unit)
            render_report(model_for(history, uploads[i].year))
            reads.append(time.perf_counter() - start)
        gen_start = time.perf_counter()
        for _ in range(100):
            store.generation()
        generation = (time.perf_counter() - gen_start) / 100
        store.close()
        res.add(
            "6 backends",
            f"{backend}: batch save of the city ({len(uploads)} workbooks, one transaction)",
            f"{batch:.1f} s",
        )
        for name, times in (
            ("save one version", saves),
            ("summary (history + model + report)", reads),
        ):
            res.add(
                "6 backends",
                f"{backend}: {name}, median / p95",
                f"{statistics.median(times) * 1000:.1f} / {_p95(times) * 1000:.1f} ms",
                runs=f"{len(times)} unit-years",
            )
        res.add(
            "6 backends",
            f"{backend}: generation() (every page run's cache key)",
            f"{generation * 1000:.2f} ms",
            runs="100",
        )
