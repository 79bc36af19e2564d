"""Section 5 of `python -m bench` (`--only city`): the 全市汇总 page and the city CLI commands on
the benchmark city. The page runs under AppTest on a copy of the store, since it writes to it."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECTION = "5 city"
PAGE = "views/city.py"
GOAL_CACHED_MS = 300.0
GOAL_AFTER_WRITE_MS = 2000.0
GOAL_ROLLUP_S = 5.0


def _copy(store_dir: Path) -> Path:
    target = Path(tempfile.mkdtemp(prefix="bench-city-")) / "store"
    shutil.copytree(store_dir, target)
    return target


def _timed(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"/city raised: {[e.value for e in at.exception]}")
    return elapsed


def page_timings(store_dir: Path, year: int, repeats: int, repo: Path) -> dict[str, list[float]]:
    """First run (cold caches), cached rerun, and rerun after one unit's workbook is saved again."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from perfeval.store.core import Store

    os.environ["PERFEVAL_STORE"] = str(store_dir)
    os.environ.pop("PERFEVAL_EDITOR_PASSWORD", None)
    store = Store(store_dir)
    units = [u for u in store.units() if year in store.years(u)]
    out: dict[str, list[float]] = {"first": [], "cached": [], "write": []}
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        for i in range(repeats):
            at = AppTest.from_file(str(repo / "dashboard.py"), default_timeout=300)
            at.run()
            st.cache_data.clear()
            st.cache_resource.clear()
            at.switch_page(PAGE)
            at.query_params["year"] = str(year)
            out["first"].append(_timed(at))
            out["cached"].append(_timed(at))
            unit = units[i % len(units)]
            version = store.current(unit, year)
            store.save(store.load(unit, year), store.original(version.sha256), version.filename)
            out["write"].append(_timed(at))
            if len(at.get("plotly_chart")) != 4 or not at.dataframe:
                raise RuntimeError("/city did not draw its four charts and table")
    finally:
        os.chdir(cwd)
        store.close()
    return out


def cli_seconds(args: list[str], repo: Path) -> tuple[float, float]:
    """(wall clock, CPU user + system) of one `python -m perfeval …` run, start-up included.
    On a shared machine the wall clock waits for the CPU; the CPU time says what the work costs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "perfeval", *args], cwd=repo, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"perfeval {args[0]} failed: {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def bench_city(res, store_dir: Path, repeats: int, repo: Path) -> None:
    """Adds the section's rows to `res` (a bench.run.Results)."""
    from bench.run import _ms, median
    from perfeval.store.core import Store

    store = Store(store_dir)
    year = max(y for u in store.units() for y in store.years(u))
    units = sum(year in store.years(u) for u in store.units())
    store.close()
    work = _copy(store_dir)
    try:
        t = page_timings(work, year, repeats, repo)
        out = work.parent / "rollup.xlsx"
        rollup = [
            cli_seconds(["rollup", "--year", str(year), "--store", str(work), "-o", str(out)], repo)
            for _ in range(repeats)
        ]
        reports = cli_seconds(
            ["summary", "--all", "--year", str(year), "--store", str(work), "-o", str(out.parent)],
            repo,
        )
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)
    res.raw["city"] = {"year": year, "units": units, **t, "rollup": rollup, "summary_all": reports}
    res.add(
        SECTION,
        f"/city {year} ({units} units): first run, caches cleared",
        _ms(median(t["first"])),
        runs=str(repeats),
    )
    cached = median(t["cached"])
    res.add(
        SECTION,
        "/city: rerun, nothing changed (all from cache)",
        _ms(cached),
        goal=f"< {GOAL_CACHED_MS:g} ms",
        met=cached * 1000 < GOAL_CACHED_MS,
        runs=str(repeats),
    )
    write = median(t["write"])
    res.add(
        SECTION,
        "/city: rerun after one unit's workbook was saved again (a write)",
        _ms(write),
        goal=f"< {GOAL_AFTER_WRITE_MS / 1000:g} s",
        met=write * 1000 < GOAL_AFTER_WRITE_MS,
        runs=str(repeats),
    )
    med = median([wall for wall, _ in rollup])
    cpu = median([c for _, c in rollup])
    res.add(
        SECTION,
        f"CLI `rollup --year {year}` → .xlsx (incl. start-up), wall clock",
        f"{med:.1f} s (CPU {cpu:.1f} s)",
        goal=f"< {GOAL_ROLLUP_S:g} s",
        met=med < GOAL_ROLLUP_S,
        runs=str(repeats),
    )
    res.add(
        SECTION, f"CLI `summary --all --year {year}` ({2 * units} files, incl. start-up)",
        f"{reports[0]:.1f} s (CPU {reports[1]:.1f} s)", runs="1",
    )  # fmt: skip
