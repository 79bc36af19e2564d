"""The activity trail as people read it: one row's cells for the CLI table, the admin page and
the CSV download (every text cell through perfeval/exports.py, never a live formula)."""

from __future__ import annotations

from collections.abc import Sequence

from perfeval import exports, fmt
from perfeval.store.records import ACTION_NAMES, RESULT_NAMES, Activity

ACTIVITY_HEADER = (
    "时间（北京时间）",
    "操作人",
    "操作",
    "单位",
    "年度",
    "版本",
    "文件名",
    "SHA-256",
    "结果",
    "说明",
)


def who_text(row: Activity) -> str:
    return f"{row.subject}（{row.name}）" if row.name else row.subject


def activity_cells(row: Activity) -> tuple[str, ...]:
    """One trail row as shown (CLI table, admin page, download)."""
    return (
        fmt.beijing_time(row.at),
        who_text(row),
        ACTION_NAMES.get(row.action, row.action),
        row.unit,
        "" if row.year is None else str(row.year),
        "" if row.version is None else f"第{row.version}版",
        row.filename,
        row.sha256[:12],
        RESULT_NAMES.get(row.result, row.result),
        row.detail
        + (f"（同一分钟内另有{row.folded}次被拒绝，已合并为此行）" if row.folded else ""),
    )


def activity_csv(rows: Sequence[Activity]) -> bytes:
    """The trail as the admin downloads it: a unit or file named =HYPERLINK(…) arrives as text."""
    return exports.csv_bytes(ACTIVITY_HEADER, (activity_cells(row) for row in rows))
