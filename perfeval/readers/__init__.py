"""Readers: one entry point that opens an upload safely, recognises its layout and dispatches.
For now the only layout is the template contract (perfeval/readers/contract.py)."""

from __future__ import annotations

import os
from typing import Any

from perfeval.readers import contract, safezip
from perfeval.readers.problems import Log
from perfeval.readers.safezip import (
    FATAL,
    FILE_PROBLEM_CODES,
    LIMITS,
    MAX_UPLOAD_BYTES,
    too_large,
)
from perfeval.schema import Problem, ReadResult

__all__ = [
    "FILE_PROBLEM_CODES",
    "LIMITS",
    "MAX_UPLOAD_BYTES",
    "read_path",
    "read_path_with_bytes",
    "read_workbook",
]


# ================================================================ public API
def read_workbook(data: bytes, source: str = "") -> ReadResult:
    """Check one workbook. Never raises: anything unexpected becomes an error Problem."""
    try:
        return _read(data, source)
    except FATAL:
        raise
    except BaseException as exc:  # the reader's promise: a problem, never a traceback
        message = f"无法读取该文件（{type(exc).__name__}），请在 Excel 中打开后另存为 .xlsx 再上传"
        return ReadResult(source, None, [Problem("error", message, code="unreadable")])


def _read(data: Any, source: str) -> ReadResult:
    """Open the archive safely, then read it by the one layout it has (the template contract)."""
    log = Log()
    opened = safezip.open_book(data, source, log)
    if isinstance(opened, ReadResult):
        return opened
    workbook = contract.read_book(opened.book, opened.entries, log)
    return ReadResult(source, workbook, log.problems)


def read_path(path: str | os.PathLike) -> ReadResult:
    """Read a workbook file from disk; a missing or unreadable file is an error Problem."""
    return read_path_with_bytes(path)[0]


def read_path_with_bytes(path: str | os.PathLike) -> tuple[ReadResult, bytes | None]:
    """`read_path`, also returning the exact bytes that were checked (None when none were read),
    so that what the store keeps as the original is byte for byte what passed the checks."""
    source = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > safezip.MAX_UPLOAD_BYTES:
            return ReadResult(source, None, [too_large(size)]), None
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        problem = Problem("error", f"找不到文件 {source}，请检查路径", code="file_not_found")
        return ReadResult(source, None, [problem]), None
    except (OSError, ValueError, TypeError) as exc:
        message = f"无法打开文件 {source}（{type(exc).__name__}），请检查文件是否存在且可读"
        return ReadResult(source, None, [Problem("error", message, code="unreadable")]), None
    return read_workbook(data, source), data
