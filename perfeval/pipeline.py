"""The pipeline as the command line and the app both run it, without any UI:
files or the store → one unit's history → the model → the written summary."""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from perfeval.checking import check_findings
from perfeval.findings import evaluate
from perfeval.model.figures import UnitYear
from perfeval.readers import read_path, read_path_with_bytes
from perfeval.readers.combine import KIND_TEMPLATE, Combined, Part, combine
from perfeval.schema import (
    INFO_UNIT,
    INFO_YEAR,
    SHEET_SPENDING,
    Problem,
    ReadResult,
    Workbook,
    records,
)
from perfeval.store.core import Store, Upload, prepare, prepare_files

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "samples"


class SelectionError(Exception):
    """The unit or year asked for is not in the data (message in Chinese, for the user)."""


# Reading is CPU-bound and every file independent: a backfill of many files is read across
# processes. Below this many files a pool's start-up costs more than it saves.
PARALLEL_MIN_FILES = 16
MAX_READ_WORKERS = 4


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
    parts: tuple[Part, ...] = ()  # the recognised forms (ReadResult.parts); () for the template

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


def check_for_ingest(
    path: str | os.PathLike, unit: str | None = None, year: int | None = None
) -> CheckedFile:
    """Read and check one file: the reader's problems and every finding the report will raise."""
    result, data = read_path_with_bytes(path, unit, year)
    problems = check_findings(result)
    upload = None
    if result.ok and data is not None and not any(p.level == "error" for p in problems):
        upload = prepare(result.workbook, data, Path(path).name)
    # Template workbooks travel as their upload alone (cheap to send back from a worker process)
    forms = tuple(p for p in result.parts if p.kind != KIND_TEMPLATE)
    return CheckedFile(result.source, problems, upload, forms)


def check_files(
    paths: Sequence[str | os.PathLike],
    workers: int | None = None,
    unit: str | None = None,
    year: int | None = None,
) -> list[CheckedFile]:
    """Read, check and prepare many workbooks, in order; across processes for a large batch."""
    workers = read_workers() if workers is None else workers
    if workers <= 1 or len(paths) < PARALLEL_MIN_FILES:
        return [check_for_ingest(p, unit, year) for p in paths]
    chunk = max(1, len(paths) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        units, years = [unit] * len(paths), [year] * len(paths)
        return list(pool.map(check_for_ingest, paths, units, years, chunksize=chunk))


# ---------------------------------------------------------------- several files, one unit-year
@dataclass
class UnitYearFiles:
    """The files of one unit-year given together, combined into one workbook (forms.md
    "Several files, one unit-year"); `upload` keeps every original, None when they disagree.
    A template workbook alone is combined only when asked (a backfill of many never is)."""

    unit: str
    year: int
    files: list[tuple[str, bytes]]  # (file name, original bytes), in the order given
    upload: Upload | None
    _combined: Combined | None = None
    _later: Callable[[], Combined] | None = None

    @property
    def combined(self) -> Combined:
        if self._combined is None:
            assert self._later is not None
            self._combined = self._later()
        return self._combined

    @property
    def ok(self) -> bool:
        return self.upload is not None

    @property
    def workbook(self) -> Workbook:
        return self.combined.workbook

    @property
    def problems(self) -> list[Problem]:
        """Disagreements between the files (errors): each file's own problems are its own."""
        return [] if self._combined is None else self.combined.problems

    @property
    def has_forms(self) -> bool:
        """True when a file is a form rather than perfeval's own template workbook."""
        return self._combined is not None and any(
            p.kind != KIND_TEMPLATE for p in self.combined.parts
        )

    def labels(self) -> list[tuple[str, str]]:
        """(file name, what was recognised in it), e.g. 支出决算表（公开03表，金额单位：元）."""
        if self._combined is None:
            return [(name, _template_label(self.unit, self.year)) for name, _ in self.files]
        return [(Path(p.source).name, p.label) for p in self.combined.parts]


def _template_label(unit: str, year: int) -> str:
    return f"perfeval 模板工作簿（{year}年度，{unit}）"


def parts_of(result: ReadResult) -> list[Part]:
    """A read file as the forms it holds (each stating its figures); [] when it has errors."""
    return list(result.parts) if result.ok else []


def _file_parts(checked: CheckedFile) -> list[Part]:
    if checked.parts:
        return list(checked.parts)
    assert checked.upload is not None  # a template workbook: rebuilt from what will be stored
    workbook = Workbook.from_json(checked.upload.json)
    label = _template_label(workbook.unit, workbook.year)
    return [Part(checked.source, label, workbook, kind=KIND_TEMPLATE, sheet=SHEET_SPENDING)]


def _template_clash(keys: Sequence[tuple[tuple[str, int], bool]]) -> set[tuple[str, int]]:
    """Unit-years for which several perfeval template workbooks were given: those are not
    combined (the clerk chooses one: checking.plan_save says so), each file stays itself."""
    templates = Counter(key for key, is_template in keys if is_template)
    return {key for key, n in templates.items() if n > 1}


def combine_files(
    files: Sequence[tuple[str, bytes, list[Part], Upload | None]],
) -> list[UnitYearFiles]:
    """THE way files given together become unit-years (CLI check/ingest/summary/convert and the
    upload page): grouped by unit and year, figures stated twice checked, most detail kept.
    `files`: (name, bytes, parts, the file's own upload) of each readable file. Two template
    workbooks of one unit-year are two versions to choose from, not parts: each stays apart."""
    by_source = {name: (data, upload) for name, data, _, upload in files}
    keys = [
        ((parts[0].workbook.unit, parts[0].workbook.year), parts[0].kind == KIND_TEMPLATE)
        for _, _, parts, _ in files
    ]
    clash = _template_clash(keys)
    batches: list[list[Part]] = [
        [
            p
            for _, _, parts, _ in files
            for p in parts
            if (p.workbook.unit, p.workbook.year) not in clash
        ]
    ]
    batches += [
        parts for (_, _, parts, _), (key, _) in zip(files, keys, strict=True) if key in clash
    ]
    out: list[UnitYearFiles] = []
    for combined in (c for batch in batches for c in combine(batch)):
        names = combined.sources
        originals = [(Path(n).name, by_source[n][0]) for n in names]
        upload = None
        if not combined.problems:
            own = by_source[names[0]][1]
            if len(names) == 1 and own is not None:
                upload = own  # one file: stored exactly as checked on its own
            else:
                upload = prepare_files(combined.workbook, originals)
        out.append(UnitYearFiles(combined.unit, combined.year, originals, upload, combined))
    return out


def workbook_bytes(workbook: Workbook) -> bytes:
    """What was read, as a workbook in the template's contract (the convert command and the
    upload preview's download); reading it back gives the same figures."""
    from perfeval.template import write_workbook

    info = {INFO_UNIT: workbook.unit, INFO_YEAR: workbook.year, **workbook.info}
    return write_workbook(
        info,
        records(workbook.spending),
        records(workbook.income),
        records(workbook.indicators),
        workbook.texts,
    )


def combine_checked(checked: Sequence[CheckedFile]) -> list[UnitYearFiles]:
    """`combine_files` for files checked by `check_files` (the readable ones), in the order
    given. A template workbook alone in its unit-year is taken as checked, not read back."""
    ok = [c for c in checked if c.upload is not None]
    keys = [((c.upload.unit, c.upload.year), not c.parts) for c in ok]  # type: ignore[union-attr]
    count = Counter(key for key, _ in keys)
    clash = _template_clash(keys)
    alone = [template and (count[key] == 1 or key in clash) for key, template in keys]
    together = [c for c, a in zip(ok, alone, strict=True) if not a]
    groups = combine_files(
        [(c.source, c.upload.original, _file_parts(c), c.upload) for c in together]  # type: ignore[union-attr]
    )
    by_key: dict[tuple[str, int], list[UnitYearFiles]] = {}
    for group in groups:
        by_key.setdefault((group.unit, group.year), []).append(group)
    out: list[UnitYearFiles] = []
    for c, single in zip(ok, alone, strict=True):
        up = c.upload
        assert up is not None
        if single:
            files = [(Path(c.source).name, up.original)]
            later = functools.partial(_combine_one, c)
            out.append(UnitYearFiles(up.unit, up.year, files, up, None, later))
        else:
            out.extend(by_key.pop((up.unit, up.year), []))
    return out


def combine_results(results: Sequence[ReadResult]) -> list[UnitYearFiles]:
    """`combine_files` for files read without their bytes (summary): nothing is stored."""
    return combine_files([(r.source, b"", parts_of(r), None) for r in results if r.ok])


def uploads_of(groups: Sequence[UnitYearFiles]) -> list[Upload]:
    """What a save stores: one upload per unit-year (checking.plan_save then drops those
    identical to their current version and names unit-years given twice)."""
    return [g.upload for g in groups if g.upload is not None]


def _combine_one(checked: CheckedFile) -> Combined:
    assert checked.upload is not None
    file = (checked.source, checked.upload.original, _file_parts(checked), checked.upload)
    return combine_files([file])[0].combined


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
    return evaluate(history, year)


def city_models(store: Store, units: Iterable[str], year: int) -> list[UnitYear]:
    """Each unit's model of `year` from its whole stored history (as `summary` builds it)."""
    return [model_for(store.history(unit), year) for unit in units]


def report_text(model: UnitYear) -> str:
    """The unit's report; for project forms alone (no spending), the 项目支出绩效自评 summary."""
    from perfeval.report import (
        project_report,  # jinja2 loads only when a report is written
        unit_report,
    )

    if model.projects and model.overall.empty:
        return project_report.render_project_summary(model)
    return unit_report.render_report(model)


def sample_workbooks() -> list[Workbook]:
    """The bundled seed department's workbooks (shown when the store is empty)."""
    results = [read_path(p) for p in sorted(SAMPLES_DIR.glob("*.xlsx"))]
    return [r.workbook for r in results if r.ok]
