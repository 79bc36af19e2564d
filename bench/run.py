"""`python -m bench`: the figures of issue 5 on the synthetic city, as one Markdown table.

1. ingest: read-check-store throughput in process and by one CLI call, beside pandas+openpyxl and a
   bare python-calamine read of the same sheets;
2. summary: model + written report per unit-year (median, p95) and for the whole city;
3. dashboard: every page under `AppTest` — first run with cold caches, rerun after a year change;
4. peak RSS of a real `streamlit run` process driven through every unit (or AppTest, see --memory).

Every figure is the median of --repeats runs unless its row says otherwise. Progress goes to
stderr, the table to stdout (and to --output when given).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import city, generate
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, dashboard

REPO = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
PACKAGES = ("streamlit", "pandas", "python-calamine", "openpyxl", "plotly", "jinja2")


LOGIN_ONLY_PAGES = {"views/admin.py"}  # only admins see it, and only when logins are configured


def _page_files() -> tuple[str, ...]:
    """The page scripts `dashboard.py` registers with st.Page, in navigation order."""
    text = (REPO / "dashboard.py").read_text(encoding="utf-8")
    found = re.findall(r"""st\.Page\(\s*["']([^"']+\.py)["']""", text)
    return tuple(p for p in found if p not in LOGIN_ONLY_PAGES)


# e.g. views/overview.py … (found, so a rename of the folder is followed); the city page has no
# unit box to switch and is measured on its own in section 5 (bench/city.py).
PAGES = tuple(p for p in _page_files() if p != city.PAGE)
GOAL_OPENPYXL_RATIO = 4.0  # ours ≥ 4× faster than pandas+openpyxl
GOAL_CALAMINE_RATIO = 3.0  # ours within 3× of a bare calamine read
GOAL_SUMMARY_MS = 50.0
GOAL_RERUN_MS = 300.0
GOAL_RSS_MB = 500.0


def log(text: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {text}\n")
    sys.stderr.flush()


# ---------------------------------------------------------------- results
@dataclass
class Figure:
    section: str
    name: str
    value: str
    goal: str = ""
    met: bool | None = None
    runs: str = ""

    def cells(self) -> list[str]:
        met = "" if self.met is None else ("✅" if self.met else "❌")
        return [self.section, self.name, self.value, self.goal, met, self.runs]


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def add(self, *args: Any, **kwargs: Any) -> Figure:
        fig = Figure(*args, **kwargs)
        self.figures.append(fig)
        log(f"{fig.section} | {fig.name}: {fig.value} {fig.goal}")
        return fig


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


# ---------------------------------------------------------------- machine
def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "—"
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "os": platform.platform(),
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


# ---------------------------------------------------------------- 1. ingest
def _count_rows(results: list) -> int:
    """Data rows checked: 支出 + 收入 + 绩效指标 records of every workbook (the rows/s basis)."""
    return sum(
        len(r.workbook.spending) + len(r.workbook.income) + len(r.workbook.indicators)
        for r in results
    )


def ingest_ours(files: list[Path], store_dir: Path) -> tuple[float, float, float, int]:
    """read_workbook + Store.save_many over all files into a fresh store: (total, read, save, rows)."""
    from perfeval.readers import read_workbook
    from perfeval.store.core import Store

    shutil.rmtree(store_dir, ignore_errors=True)
    start = time.perf_counter()
    items, results = [], []
    for path in files:
        data = path.read_bytes()
        result = read_workbook(data, path.name)
        if not result.ok:
            raise RuntimeError(f"{path}: {[str(p) for p in result.errors]}")
        results.append(result)
        items.append((result.workbook, data, path.name))
    read_done = time.perf_counter()
    store = Store(store_dir)
    store.save_many(items)
    store.close()
    end = time.perf_counter()
    return end - start, read_done - start, end - read_done, _count_rows(results)


def ingest_cli(files: list[Path], store_dir: Path) -> float:
    shutil.rmtree(store_dir, ignore_errors=True)
    cmd = [sys.executable, "-m", "perfeval", "ingest", *map(str, files), "--store", str(store_dir)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"CLI ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed


def read_openpyxl(files: list[Path]) -> float:
    import pandas as pd

    start = time.perf_counter()
    for path in files:
        pd.read_excel(path, sheet_name=None, engine="openpyxl")
    return time.perf_counter() - start


def read_calamine(files: list[Path]) -> float:
    from python_calamine import CalamineWorkbook

    from perfeval.schema import DATA_SHEETS

    start = time.perf_counter()
    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for sheet in DATA_SHEETS:
            book.get_sheet_by_name(sheet).to_python()
    return time.perf_counter() - start


def bench_ingest(
    res: Results, files: list[Path], store_dir: Path, repeats: int, openpyxl_files: int
) -> None:
    n = len(files)
    runs = [ingest_ours(files, store_dir) for _ in range(repeats)]
    total = median([r[0] for r in runs])
    read = median([r[1] for r in runs])
    save = median([r[2] for r in runs])
    rows = runs[0][3]
    res.raw["ingest"] = {"runs": runs, "files": n, "rows": rows}
    res.add(
        "1 ingest",
        f"ours in process: read_workbook + save_many, {n} files",
        f"{n / total:.1f} wb/s · {rows / total:,.0f} rows/s ({total:.1f} s)",
        runs=f"{repeats}",
    )
    res.add(
        "1 ingest",
        "  of which read_workbook (read + check)",
        f"{_ms(read / n)}/wb ({read / total:.0%})",
        runs=f"{repeats}",
    )
    res.add(
        "1 ingest",
        "  of which Store.save_many (JSON + SQLite)",
        f"{_ms(save / n)}/wb ({save / total:.0%})",
        runs=f"{repeats}",
    )
    cli_dir = store_dir.with_name(store_dir.name + "-cli")
    cli = ingest_cli(files, cli_dir)
    shutil.rmtree(cli_dir, ignore_errors=True)
    res.add(
        "1 ingest",
        f"CLI `python -m perfeval ingest` over {n} files (incl. start-up; reads in a process pool)",
        f"{n / cli:.1f} wb/s ({cli:.1f} s)",
        runs="1",
    )

    step = max(1, n // max(1, openpyxl_files))
    subset = files[::step][:openpyxl_files]  # spread over every unit and year
    sub_dir = store_dir.with_name(store_dir.name + "-subset")
    sub_runs = [ingest_ours(subset, sub_dir) for _ in range(repeats)]
    shutil.rmtree(sub_dir, ignore_errors=True)
    sub_rows = sub_runs[0][3]
    ours_sub_per_file = median([r[0] for r in sub_runs]) / len(subset)
    op_runs = [read_openpyxl(subset) for _ in range(repeats)]
    op_per_file = median(op_runs) / len(subset)
    subset_note = f"every {step}th file ({len(subset)})" if step > 1 else f"{len(subset)} files"
    res.add(
        "1 ingest",
        f"(a) pandas.read_excel(sheet_name=None, engine=openpyxl), {subset_note}",
        f"{1 / op_per_file:.1f} wb/s · {sub_rows / len(subset) / op_per_file:,.0f} rows/s",
        runs=f"{repeats}",
    )
    ca_runs = [read_calamine(files) for _ in range(repeats)]
    ca = median(ca_runs)
    res.add(
        "1 ingest",
        f"(b) bare python_calamine, 5 data sheets .to_python(), {n} files",
        f"{n / ca:.1f} wb/s · {rows / ca:,.0f} rows/s ({ca:.1f} s)",
        runs=f"{repeats}",
    )
    speedup = op_per_file / ours_sub_per_file
    res.add(
        "1 ingest",
        f"speed-up of ours over (a) openpyxl, same {len(subset)} files "
        f"(ours {1 / ours_sub_per_file:.1f} wb/s there)",
        f"{speedup:.1f}×",
        goal=f"≥ {GOAL_OPENPYXL_RATIO:g}×",
        met=speedup >= GOAL_OPENPYXL_RATIO,
    )
    slowdown = total / ca
    res.add(
        "1 ingest",
        "ours ÷ (b) bare calamine (time)",
        f"{slowdown:.1f}×",
        goal=f"≤ {GOAL_CALAMINE_RATIO:g}×",
        met=slowdown <= GOAL_CALAMINE_RATIO,
    )
    read_ratio = read / ca
    res.add("1 ingest", "  read_workbook alone ÷ (b) bare calamine", f"{read_ratio:.1f}×")
    from perfeval.pipeline import read_workers

    workers = read_workers()
    cli_speedup = op_per_file / (cli / n)
    res.add(
        "1 ingest",
        f"CLI ingest (wall clock, {workers} worker processes) speed-up over (a) openpyxl per file",
        f"{cli_speedup:.1f}×",
        goal=f"≥ {GOAL_OPENPYXL_RATIO:g}×",
        met=cli_speedup >= GOAL_OPENPYXL_RATIO,
    )
    cli_slowdown = cli / ca
    res.add(
        "1 ingest",
        f"CLI ingest (wall clock, {workers} worker processes) ÷ (b) bare calamine (one process)",
        f"{cli_slowdown:.1f}×",
        goal=f"≤ {GOAL_CALAMINE_RATIO:g}×",
        met=cli_slowdown <= GOAL_CALAMINE_RATIO,
    )
    res.raw["ingest"].update(
        {
            "cli": cli,
            "openpyxl_runs": op_runs,
            "openpyxl_files": len(subset),
            "ours_subset_runs": sub_runs,
            "calamine": ca_runs,
        }
    )


# ---------------------------------------------------------------- 2. summary
def bench_summary(res: Results, store_dir: Path, repeats: int, sample: int, city_repeats: int):
    from perfeval.pipeline import model_for
    from perfeval.report.unit_report import render_report
    from perfeval.store.core import Store

    store = Store(store_dir)
    units = store.units()
    histories = {unit: store.history(unit) for unit in units}
    pairs = [(u, y) for u in units for y in histories[u]]
    chosen = random.Random(0).sample(pairs, min(sample, len(pairs)))
    per_pair: list[list[float]] = [[] for _ in chosen]
    for _ in range(repeats):
        for i, (unit, year) in enumerate(chosen):
            start = time.perf_counter()
            render_report(model_for(histories[unit], year))
            per_pair[i].append(time.perf_counter() - start)
    times = [median(t) for t in per_pair]
    med, p95 = median(times), percentile(times, 95)
    res.raw["summary"] = {"times": times}
    res.add(
        "2 summary",
        f"model_for + render_report per unit-year ({len(chosen)} unit-years): median",
        _ms(med),
        goal=f"< {GOAL_SUMMARY_MS:g} ms",
        met=med * 1000 < GOAL_SUMMARY_MS,
        runs=f"{repeats} per unit-year",
    )
    res.add(
        "2 summary",
        "  p95",
        _ms(p95),
        goal=f"< {GOAL_SUMMARY_MS:g} ms",
        met=p95 * 1000 < GOAL_SUMMARY_MS,
        runs=f"{repeats} per unit-year",
    )
    store.close()

    city_runs, load_runs = [], []
    for _ in range(city_repeats):
        start = time.perf_counter()
        store = Store(store_dir)
        loaded = {unit: store.history(unit) for unit in store.units()}
        store.close()
        loaded_at = time.perf_counter()
        count = 0
        for history in loaded.values():
            for year in history:
                render_report(model_for(history, year))
                count += 1
        city_runs.append(time.perf_counter() - start)
        load_runs.append(loaded_at - start)
        del loaded
    city, load = median(city_runs), median(load_runs)
    res.add(
        "2 summary",
        f"whole city: load every history from the store + {count} summaries",
        f"{city:.1f} s ({count / city:.0f} unit-years/s; store load {load:.1f} s)",
        runs=f"{city_repeats}",
    )
    res.raw["summary"].update({"city": city_runs, "load": load_runs})


# ---------------------------------------------------------------- 3. dashboard
def _biggest_unit(store_dir: Path) -> tuple[str, int]:
    """The unit whose latest year has the most spending lines, among those with the most years."""
    from perfeval.store.core import Store

    store = Store(store_dir)
    best: tuple[int, int, str] = (-1, -1, "")
    for v in store.versions(include_deleted=False):
        if not v.current:
            continue
        years = len(store.years(v.unit))
        best = max(best, (years, v.spending_rows, v.unit))
    unit = best[2]
    latest = max(store.years(unit))
    store.close()
    return unit, latest


def bench_dashboard(res: Results, store_dir: Path, repeats: int) -> None:
    os.environ["PERFEVAL_STORE"] = str(store_dir)
    os.environ.pop("PERFEVAL_EDITOR_PASSWORD", None)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    unit, year = _biggest_unit(store_dir)
    from perfeval.store.core import Store

    years = Store(store_dir).years(unit)
    other = max(y for y in years if y != year) if len(years) > 1 else year
    box = f"_year_box_{unit}"
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        timings: dict[str, dict[str, list[float]]] = {}
        for page in PAGES:
            t = timings[page] = {"first": [], "new": [], "cached": []}
            for _ in range(repeats):
                at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
                at.query_params.update({"unit": unit, "year": str(year)})
                at.run()  # registers the pages (AppTest needs one run before switch_page)
                st.cache_data.clear()
                st.cache_resource.clear()
                at.switch_page(page)
                t["first"].append(_timed_run(at))
                at.selectbox(key=box).set_value(other)
                t["new"].append(_timed_run(at))
                at.selectbox(key=box).set_value(year)
                t["cached"].append(_timed_run(at))
    finally:
        os.chdir(cwd)
    res.raw["dashboard"] = {"unit": unit, "year": year, "other": other, "timings": timings}
    for page in PAGES:
        t = timings[page]
        name = Path(page).stem
        res.add(
            "3 dashboard",
            f"{name}: first run, caches cleared",
            _ms(median(t["first"])),
            runs=str(repeats),
        )
        new = median(t["new"])
        res.add(
            "3 dashboard",
            f"{name}: rerun, year → {other} (history cached, model new)",
            _ms(new),
            goal=f"< {GOAL_RERUN_MS:g} ms",
            met=new * 1000 < GOAL_RERUN_MS,
            runs=str(repeats),
        )
        cached = median(t["cached"])
        res.add(
            "3 dashboard",
            f"{name}: rerun, year → {year} again (all from cache)",
            _ms(cached),
            goal=f"< {GOAL_RERUN_MS:g} ms",
            met=cached * 1000 < GOAL_RERUN_MS,
            runs=str(repeats),
        )


def _timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"app raised: {[e.value for e in at.exception]}")
    return elapsed


# ---------------------------------------------------------------- 4. memory
def _proc_status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM (peak RSS) of a live process, in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(rest.split()[0])
    return out


def memory_playwright(store_dir: Path, units: list[str], year: int) -> dict[str, Any]:
    """Peak RSS of `streamlit run dashboard.py` while Chromium opens every unit's overview."""
    from playwright.sync_api import sync_playwright

    logpath = Path(tempfile.mkdtemp(prefix="bench-streamlit-")) / "server.log"
    with dashboard(store_dir, logpath) as server:
        proc, url = server.process, server.url
        idle = _proc_status(proc.pid)
        samples = []
        start = time.perf_counter()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1600, "height": 1100}, locale="zh-CN")
            context.set_default_timeout(120_000)
            page = context.new_page()
            for i, unit in enumerate(units):
                page.goto(f"{url}/overview?unit={quote(unit)}&year={year}")
                page.get_by_role("heading", name=f"{year}年度{unit}").wait_for()
                page.get_by_text("自评摘要").wait_for()
                page.locator('[data-testid="stMarkdownContainer"]').last.wait_for()
                samples.append(_proc_status(proc.pid)["VmRSS"])
                if i % 20 == 19:
                    log(f"memory: {i + 1}/{len(units)} units, RSS {samples[-1] / 1024:.0f} MB")
            # every page of the last unit too, so each page's caches are in the peak
            for path in ("kpi", "report", "upload"):
                page.goto(f"{url}/{path}?unit={quote(units[-1])}&year={year}")
                page.wait_for_load_state("networkidle")
                time.sleep(1.0)
            browser.close()
        final = _proc_status(proc.pid)
        return {
            "method": "playwright",
            "idle_rss_mb": idle["VmRSS"] / 1024,
            "peak_rss_mb": final["VmHWM"] / 1024,
            "final_rss_mb": final["VmRSS"] / 1024,
            "units": len(units),
            "seconds": time.perf_counter() - start,
        }


_APPTEST_CHILD = r"""
import json, os, resource, sys, time
from streamlit.testing.v1 import AppTest
units, year, pages = json.loads(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
start = time.perf_counter()
at = AppTest.from_file("dashboard.py", default_timeout=300)
at.query_params.update({"unit": units[0], "year": str(year)})
at.run()
for unit in units:
    at.selectbox(key="_unit_box").set_value(unit)
    at.run()
    if at.exception:
        raise SystemExit(str([e.value for e in at.exception]))
for page in pages:
    at.switch_page(page)
    at.run()
print(json.dumps({"peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "seconds": time.perf_counter() - start}))
"""


def memory_apptest(store_dir: Path, units: list[str], year: int) -> dict[str, Any]:
    """Peak RSS (ru_maxrss) of a fresh process running the app under AppTest through every unit."""
    env = {**os.environ, "PERFEVAL_STORE": str(store_dir)}
    env.pop("PERFEVAL_EDITOR_PASSWORD", None)
    cmd = [
        sys.executable, "-c", _APPTEST_CHILD,
        json.dumps(units, ensure_ascii=False), str(year), json.dumps(list(PAGES)),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"AppTest memory run failed: {proc.stderr[-2000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "method": "apptest",
        "peak_rss_mb": data["peak_kb"] / 1024,
        "units": len(units),
        "seconds": data["seconds"],
    }


def bench_memory(res: Results, store_dir: Path, method: str) -> None:
    from perfeval.store.core import Store

    store = Store(store_dir)
    units = store.units()
    year = max(max(store.years(u)) for u in units)
    units = [u for u in units if year in store.years(u)]
    store.close()
    if method == "playwright" and not Path(CHROMIUM).exists():
        log(f"{CHROMIUM} missing: measuring memory with AppTest instead")
        method = "apptest"
    result = (memory_playwright if method == "playwright" else memory_apptest)(
        store_dir, units, year
    )
    res.raw["memory"] = result
    how = (
        f"`streamlit run` + Chromium (Playwright) opening 总览 of all {len(units)} units, "
        "then the other pages; VmHWM of the server"
        if result["method"] == "playwright"
        else f"AppTest in a fresh process selecting all {len(units)} units, then every page; "
        "ru_maxrss"
    )
    peak = result["peak_rss_mb"]
    res.add(
        "4 memory",
        f"peak RSS, {how}",
        f"{peak:.0f} MB"
        + (f" (idle {result['idle_rss_mb']:.0f} MB)" if "idle_rss_mb" in result else ""),
        goal=f"< {GOAL_RSS_MB:g} MB",
        met=peak < GOAL_RSS_MB,
        runs=f"1 ({result['seconds']:.0f} s)",
    )


# ---------------------------------------------------------------- the table
SECTIONS = ("1 ingest", "2 summary", "3 dashboard", "4 memory", city.SECTION)


def table(res: Results) -> str:
    lines = [
        "| # | Figure | Value | Goal | Met | Runs (median of) |",
        "|---|---|---|---|---|---|",
    ]
    for fig in res.figures:
        cells = [c.replace("|", "\\|") for c in fig.cells()]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown(res: Results, args: argparse.Namespace, manifest: dict, elapsed: float) -> str:
    m = machine()
    command = "python -m bench " + " ".join(shlex.quote(a) for a in args.argv)
    return "\n".join(
        [
            f"## perfeval benchmark — {time.strftime('%Y-%m-%d %H:%M')}",
            "",
            f"Reproduce: `{command.strip()}`",
            "",
            f"City: seed {manifest['seed']}, {manifest['units']} units × {len(manifest['years'])} "
            f"years ({manifest['years'][0]}–{manifest['years'][-1]}) = {len(manifest['files'])} "
            f"workbooks, {manifest['spending_lines']:,} spending lines, "
            f"{manifest['indicators']:,} indicators, {manifest['bytes'] / 1e6:.1f} MB.",
            "",
            f"Machine: nproc {m['nproc']}, {m['cpu']}, {m['memory']} RAM, Python {m['python']}, "
            f"{m['os']}.",
            f"Packages: {m['packages']}.",
            "",
            table(res),
            "",
            f"Bench wall time: {elapsed:.0f} s (excluding generation of the city).",
            "",
        ]
    )


# ---------------------------------------------------------------- main
def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--units", type=int, default=generate.DEFAULT_UNITS)
    parser.add_argument("--years", type=int, default=generate.DEFAULT_YEARS)
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (median)")
    parser.add_argument(
        "--openpyxl-files", type=int, default=100, help="files in the openpyxl baseline"
    )
    parser.add_argument("--summary-sample", type=int, default=200, help="unit-years timed")
    parser.add_argument(
        "--city-repeats", type=int, default=1, help="runs of the whole-city summary"
    )
    parser.add_argument("--memory", choices=("playwright", "apptest", "none"), default="playwright")
    parser.add_argument(
        "--only",
        default="1,2,3,4,5",
        help="sections to run, e.g. 1,3 or city (= 5); 2–5 need a store: run 1, or it is made "
        "once; 6 (= backends, not in the default): SQLite vs PostgreSQL",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL for section 6 (default $PERFEVAL_BENCH_DATABASE_URL or "
        "$PERFEVAL_TEST_DATABASE_URL; its perfeval tables are dropped first)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where the city and store live")
    parser.add_argument("--output", type=Path, help="also write the Markdown here")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    return args


def run(args: argparse.Namespace) -> tuple[Results, str]:
    folder, manifest = generate.generate(
        args.seed, args.units, args.years, root=args.out / "city", log=log
    )
    files = [folder / name for name in manifest["files"]]
    store_dir = args.out / "store" / folder.name
    only = {s.strip() for s in args.only.split(",")}
    if "city" in only:
        only.add("5")
    if "backends" in only:
        only.add("6")
    res = Results()
    start = time.perf_counter()
    if "1" in only:
        log(f"1 ingest: {len(files)} files × {args.repeats} runs")
        bench_ingest(res, files, store_dir, args.repeats, args.openpyxl_files)
    elif only & {"2", "3", "4", "5"} and not (store_dir / "perfeval.sqlite3").exists():
        log("no store yet: ingesting once")
        ingest_ours(files, store_dir)
    if "2" in only:
        log("2 summary")
        bench_summary(res, store_dir, args.repeats, args.summary_sample, args.city_repeats)
    if "3" in only:
        log("3 dashboard")
        bench_dashboard(res, store_dir, args.repeats)
    if "4" in only and args.memory != "none":
        log(f"4 memory ({args.memory})")
        bench_memory(res, store_dir, args.memory)
    if "5" in only:
        log("5 city")
        city.bench_city(res, store_dir, args.repeats, REPO)
    if "6" in only:
        from bench.backends import DATABASE_URL_ARGS, bench_backends

        url = args.database_url or next(
            (os.environ[k] for k in DATABASE_URL_ARGS if os.environ.get(k)), None
        )
        bench_backends(res, files, args.out, url, args.summary_sample, log)
    elapsed = time.perf_counter() - start
    text = markdown(res, args, manifest, elapsed)
    res.raw["elapsed"] = elapsed
    res.raw["self_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return res, text


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    res, text = run(args)
    sys.stdout.write(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    raw = args.out / "last-run.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(res.raw, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0
