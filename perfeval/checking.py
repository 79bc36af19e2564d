"""What a file is told before it is saved: the reader's problems plus every finding the model
will raise in the report, errors first; and which checked files of one upload may be saved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from perfeval.findings import evaluate
from perfeval.schema import EXAMPLE_PREFIX, LEVELS, Problem, ReadResult, Workbook
from perfeval.store.core import Store, Upload, Version

LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
CODE_UNKNOWN_SHEET = "unknown_sheet"
CODE_MODEL_FAILED = "model_failed"


def is_example_note(problem: Problem) -> bool:
    """The note the reader gives each 示例-… sheet of the downloaded template: not news to anyone."""
    return (
        problem.code == CODE_UNKNOWN_SHEET
        and problem.sheet is not None
        and problem.sheet.startswith(EXAMPLE_PREFIX)
    )


def by_severity(problems: Sequence[Problem]) -> list[Problem]:
    """Errors, then warnings, then notes; the order within a level kept; exact repeats dropped."""
    seen: set[Problem] = set()
    unique = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return sorted(unique, key=lambda p: LEVEL_RANK.get(p.level, len(LEVEL_RANK)))


def model_findings(
    workbook: Workbook, history: Mapping[int, Workbook] | None = None
) -> list[Problem]:
    """The findings the report will show for this workbook, with the stored other years (if any)
    so that comparisons with last year are made before saving too."""
    years = {y: wb for y, wb in (history or {}).items() if wb.unit == workbook.unit}
    years[workbook.year] = workbook
    try:
        return evaluate(years, workbook.year).findings
    except Exception as exc:  # any failure here would also break every page
        return [
            Problem(
                "error",
                f"无法根据此工作簿计算报告数字（{exc}）：请核对各表的数字和指标设置后重新上传",
                code=CODE_MODEL_FAILED,
            )
        ]


def check_findings(
    result: ReadResult, history: Mapping[int, Workbook] | None = None
) -> list[Problem]:
    """Everything to show when a file is checked: the reader's errors, and for a readable file
    the model's findings (which include the reader's warnings and notes), errors first."""
    if result.workbook is None or result.errors:
        found = list(result.problems)
    else:
        found = [p for p in result.problems if p.level == "error"]
        found += model_findings(result.workbook, history)
    return by_severity([p for p in found if not is_example_note(p)])


def counts_text(problems: Sequence[Problem]) -> str:
    """`错误0个，警告2个，提示1个`."""
    levels = [p.level for p in problems]
    return (
        f"错误{levels.count('error')}个，警告{levels.count('warning')}个，"
        f"提示{levels.count('note')}个"
    )


# ---------------------------------------------------------------- one unit-year, one version


@dataclass(frozen=True)
class Conflict:
    """Several files of one upload for the same unit-year: the clerk must choose one."""

    unit: str
    year: int
    filenames: tuple[str, ...]

    @property
    def message(self) -> str:
        names = "、".join(f"「{n}」" for n in self.filenames)
        return (
            f"{names}都是{self.unit} {self.year}年度的工作簿，一次只能保存其中一个："
            "请去掉多余的文件后重新上传（或分开上传，后上传的成为当前版本）"
        )


def conflicts(keys: Sequence[tuple[str, int, str]]) -> list[Conflict]:
    """Unit-years that several files claim, from (unit, year, filename) of each valid file."""
    names: dict[tuple[str, int], list[str]] = {}
    for unit, year, filename in keys:
        names.setdefault((unit, year), []).append(filename)
    return [Conflict(u, y, tuple(fs)) for (u, y), fs in names.items() if len(fs) > 1]


def same_as_text(version: int) -> str:
    return f"与第{version}版相同，未保存"


@dataclass(frozen=True)
class SavePlan:
    """What one save does: the uploads to store, those identical to their current version
    (not stored again), and the unit-years several files claim (none of those is stored)."""

    save: list[Upload]
    unchanged: list[tuple[Upload, Version]]
    conflicts: list[Conflict]


def plan_save(uploads: Sequence[Upload], store: Store) -> SavePlan:
    """Decide, per unit-year, what one upload batch saves. The same bytes twice count once."""
    seen: set[tuple[str, int, str]] = set()
    distinct = []
    for upload in uploads:
        key = (upload.unit, upload.year, upload.sha256)
        if key not in seen:
            seen.add(key)
            distinct.append(upload)
    uploads = distinct
    found = conflicts([(u.unit, u.year, u.filename) for u in uploads])
    claimed = {(c.unit, c.year) for c in found}
    save, unchanged = [], []
    for upload in uploads:
        if (upload.unit, upload.year) in claimed:
            continue
        current = store.current(upload.unit, upload.year)
        if current is not None and _same_files(store, current, upload):
            unchanged.append((upload, current))
        else:
            save.append(upload)
    return SavePlan(save, unchanged, found)


def _same_files(store: Store, current: Version, upload: Upload) -> bool:
    """The same original file(s) as the current version (a version may hold several)."""
    if current.sha256 != upload.sha256:
        return False
    stored = [f.sha256 for f in store.files(current)]
    return stored == [upload.sha256, *(sha for sha, _, _ in upload.more)]


def current_after_delete(versions: Sequence[Version], number: int) -> Version | None:
    """The version that is current once version `number` is deleted (as Store.delete decides):
    unchanged if it was not current, else the newest other live version, or None."""
    chosen = next(v for v in versions if v.version == number)
    if not chosen.current:
        return next((v for v in versions if v.current), None)
    live = [v for v in versions if not v.deleted and v.version != number]
    return max(live, key=lambda v: v.version) if live else None


def delete_text(versions: Sequence[Version], number: int) -> str:
    """What deleting version `number` does, in a sentence for the confirmation dialog."""
    chosen = next(v for v in versions if v.version == number)
    after = current_after_delete(versions, number)
    if not chosen.current:
        return f"删除第{number}版（历史版本）后，当前版本仍是第{after.version}版。" if after else ""
    if after is None:
        return (
            f"第{number}版是当前版本，也是该年度唯一未删除的版本：删除后该单位该年度没有数据，"
            "各页面不再显示该年度（可在此恢复）。"
        )
    return f"第{number}版是当前版本：删除后第{after.version}版（{after.filename}）成为当前版本。"


def restore_text(versions: Sequence[Version], number: int) -> str:
    current = next((v for v in versions if v.current), None)
    was = f"，当前的第{current.version}版保留为历史版本" if current else ""
    return f"第{number}版将成为当前版本{was}；以后再上传新版本时，新版本成为当前版本。"
