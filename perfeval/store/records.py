"""What the store keeps and returns: versions, their files, uploads made ready for saving,
activity rows. Pure data and hashing, so uploads can be prepared in worker processes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from perfeval.fmt import printable
from perfeval.schema import Workbook
from perfeval.store.review import ACTION_NAMES as REVIEW_ACTION_NAMES
from perfeval.store.review import TRAIL_ACTIONS

# Activity actions and results as stored (English codes; shown through their Chinese names).
ACT_UPLOAD, ACT_RESTORE, ACT_DELETE, ACT_UNDELETE = "upload", "restore", "delete", "undelete"
ACT_GRANT, ACT_REVOKE = "grant", "revoke"
RESULT_OK, RESULT_REFUSED = "ok", "refused"
ACTION_NAMES = {
    ACT_UPLOAD: "上传",
    ACT_RESTORE: "设为当前版本",
    ACT_DELETE: "删除版本",
    ACT_UNDELETE: "恢复删除",
    ACT_GRANT: "授权",
    ACT_REVOKE: "撤销授权",
    **{TRAIL_ACTIONS[a]: name for a, name in REVIEW_ACTION_NAMES.items()},
}
RESULT_NAMES = {RESULT_OK: "成功", RESULT_REFUSED: "拒绝"}


@dataclass(frozen=True)
class Version:
    """One stored upload of a unit-year (without its workbook or original bytes)."""

    id: int
    unit: str
    year: int
    version: int  # 1, 2, 3 … per unit-year
    sha256: str
    filename: str
    size: int
    uploaded_at: str  # ISO 8601 UTC
    current: bool
    deleted: bool
    note: str
    spending_rows: int
    indicator_rows: int

    @classmethod
    def _from_row(cls, row) -> Version:
        (vid, unit, year, number, sha, filename, size, at, cur, deleted, note, sp, ind) = row
        return cls(
            id=vid,
            unit=unit,
            year=year,
            version=number,
            sha256=sha,
            filename=filename,
            size=size,
            uploaded_at=at,
            current=bool(cur),
            deleted=bool(deleted),
            note=note,
            spending_rows=sp,
            indicator_rows=ind,
        )


@dataclass(frozen=True)
class StoredFile:
    """One original file of a version (a version made from several forms keeps each)."""

    sha256: str
    filename: str
    size: int


@dataclass(frozen=True)
class Upload:
    """An upload made ready outside the write lock: serialised, hashed, counted."""

    unit: str
    year: int
    json: str
    original: bytes
    sha256: str
    filename: str
    note: str
    spending_rows: int
    indicator_rows: int
    # Originals beyond `original` when the version is made of several files: (sha256, name, bytes).
    more: tuple[tuple[str, str, bytes], ...] = ()


@dataclass(frozen=True)
class Activity:
    """One row of the activity trail."""

    id: int
    at: str  # ISO 8601 UTC
    subject: str
    name: str
    action: str
    unit: str
    year: int | None
    version: int | None
    filename: str
    sha256: str
    result: str
    detail: str
    folded: int = 0  # further refusals of this person within the row's minute, not written


def prepare(workbook: Workbook, original: bytes, filename: str, note: str = "") -> Upload:
    """Serialise, hash and count an upload; pure, so it can run in a worker process."""
    unit = workbook.unit if isinstance(workbook.unit, str) else ""
    if not unit.strip():
        raise ValueError("工作簿缺少单位名称，无法保存：请在「基本信息」中填写单位名称")
    if isinstance(workbook.year, bool) or not isinstance(workbook.year, int):
        raise ValueError(f"「{unit}」的年度「{workbook.year}」不是整数，无法保存")
    if not isinstance(original, bytes | bytearray | memoryview):
        raise TypeError("原始文件必须是字节串（bytes）")
    data = bytes(original)
    return Upload(
        unit=unit,
        year=workbook.year,
        json=workbook.to_json(),
        original=data,
        sha256=hashlib.sha256(data).hexdigest(),
        filename=str(filename),
        note=str(note or ""),
        spending_rows=len(workbook.spending),
        indicator_rows=len(workbook.indicators),
    )


def prepare_files(workbook: Workbook, files: list[tuple[str, bytes]], note: str = "") -> Upload:
    """`prepare` for a workbook combined from several files: every original is kept."""
    (first_name, first), *rest = files
    upload = prepare(workbook, first, first_name, note)
    more = tuple((hashlib.sha256(data).hexdigest(), str(name), bytes(data)) for name, data in rest)
    return replace(upload, more=more)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def no_version(unit: str, year: int, version: int | None = None) -> KeyError:
    if version is None:
        return KeyError(f"没有「{unit}」{year}年度的数据：请先上传该单位该年度的工作簿")
    return KeyError(f"没有「{unit}」{year}年度的第{version}版")


def shown_filename(up: Upload) -> str:
    """The file name kept in versions and the trail: without control or bidi characters."""
    name = printable(up.filename)
    return f"{name} 等{len(up.more) + 1}个文件" if up.more else name
