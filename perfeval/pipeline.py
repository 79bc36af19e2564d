"""The pipeline as the command line and the app both run it, without any UI:
files or the store → one unit's history → the model → the written summary."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from perfeval import project_report, report
from perfeval.checking import check_findings
from perfeval.model import UnitYear, build_model
from perfeval.readers import read_path, read_path_with_bytes
from perfeval.schema import Problem, ReadResult, Workbook
from perfeval.store import Store, Upload, prepare

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "samples"


class SelectionError(Exception):
    """The unit or year asked for is not in the data (message in Chinese, for the user)."""


# Reading is CPU-bound and every file independent: a backfill of many files is read across
# processes. Below this many files a pool's start-up costs more than it saves.
PARALLEL_MIN_FILES = 16
MAX_READ_WORKERS = 4


def read_file(path: str | os.PathLike) -> ReadResult:
    return read_path(path)


def read_workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_READ_WORKERS))


@dataclass(frozen=True)
class CheckedFile:
    """A file read and checked for ingest: its problems, and the upload ready to store (None
    when it has errors). Small to pickle, so it crosses back from a worker process cheaply."""

    source: str
    problems: list[Problem]
    upload: Upload | None

    @property
    def ok(self) -> bool:
        return self.upload is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "note"]


def check_for_ingest(path: str | os.PathLike) -> CheckedFile:
    """Read and check one file: the reader's problems and every finding the report will raise."""
    result, data = read_path_with_bytes(path)
    problems = check_findings(result)
    upload = None
    if result.ok and data is not None and not any(p.level == "error" for p in problems):
        upload = prepare(result.workbook, data, Path(path).name)
    return CheckedFile(result.source, problems, upload)


def check_files(
    paths: Sequence[str | os.PathLike], workers: int | None = None
) -> list[CheckedFile]:
    """Read, check and prepare many workbooks, in order; across processes for a large batch."""
    workers = read_workers() if workers is None else workers
    if workers <= 1 or len(paths) < PARALLEL_MIN_FILES:
        return [check_for_ingest(p) for p in paths]
    chunk = max(1, len(paths) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(check_for_ingest, paths, chunksize=chunk))


def _pick_unit(units: Iterable[str], unit: str | None) -> str:
    units = sorted(set(units))
    if not units:
        raise SelectionError("没有可用的数据：请先上传或入库工作簿。")
    if unit is not None:
        if unit not in units:
            raise SelectionError(f"没有单位“{unit}”的数据。现有单位：{'、'.join(units)}")
        return unit
    if len(units) > 1:
        raise SelectionError(f"数据中有多个单位，请用 --unit 指定：{'、'.join(units)}")
    return units[0]


def history_from_workbooks(
    workbooks: Iterable[Workbook], unit: str | None = None
) -> dict[int, Workbook]:
    """One unit's workbooks by year; the same unit-year twice is an error (which one is meant?)."""
    workbooks = list(workbooks)
    chosen = _pick_unit((w.unit for w in workbooks), unit)
    history: dict[int, Workbook] = {}
    for wb in workbooks:
        if wb.unit != chosen:
            continue
        if wb.year in history:
            raise SelectionError(f"{chosen} {wb.year}年度给了不止一个工作簿，请只保留一个。")
        history[wb.year] = wb
    return history


def history_from_results(
    results: Iterable[ReadResult], unit: str | None = None
) -> dict[int, Workbook]:
    return history_from_workbooks((r.workbook for r in results if r.ok), unit)


def history_from_store(store: Store, unit: str | None = None) -> dict[int, Workbook]:
    chosen = _pick_unit(store.units(), unit)
    return store.history(chosen)


def model_for(history: Mapping[int, Workbook], year: int | None = None) -> UnitYear:
    if year is not None and year not in history:
        years = "、".join(str(y) for y in sorted(history))
        raise SelectionError(f"没有{year}年度的数据。现有年度：{years}")
    return build_model(history, year)


def report_text(model: UnitYear) -> str:
    """The unit's report; for project forms alone (no spending), the 项目支出绩效自评 summary."""
    if model.projects and model.overall.empty:
        return project_report.render_project_summary(model)
    return report.render_report(model)


def sample_workbooks() -> list[Workbook]:
    """The bundled seed department's workbooks (shown when the store is empty)."""
    results = [read_path(p) for p in sorted(SAMPLES_DIR.glob("*.xlsx"))]
    return [r.workbook for r in results if r.ok]
