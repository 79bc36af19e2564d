"""Readers: one entry point that opens an upload safely, recognises its layout and dispatches:
the template contract (contract.py) by its sheet names, else the registered forms (forms.py).
May import: schema, fmt, unitinfo, model.scoring/scorecard (a form's own score is recomputed)."""

from __future__ import annotations

import os
from typing import Any

from perfeval.readers import accounts_book, contract, forms, project_form, safezip, unit_form
from perfeval.readers.combine import KIND_FORM, KIND_TEMPLATE, Part
from perfeval.readers.forms import ASK_CODES
from perfeval.readers.problems import Log
from perfeval.readers.safezip import (
    CODE_READER_FAILED,
    CODE_UNREADABLE,
    FATAL,
    FILE_PROBLEM_CODES,
    LIMITS,
    MAX_UPLOAD_BYTES,
    too_large,
)
from perfeval.schema import SHEET_SPENDING, Problem, ReadResult

FAMILIES = (unit_form, project_form)  # importing a family registers its layouts
__all__ = [
    "ASK_CODES",
    "CODE_READER_FAILED",
    "CODE_UNREADABLE",
    "FILE_PROBLEM_CODES",
    "LIMITS",
    "MAX_UPLOAD_BYTES",
    "read_path",
    "read_path_with_bytes",
    "read_workbook",
]


# ================================================================ public API
def read_workbook(
    data: bytes, source: str = "", unit: str | None = None, year: int | None = None
) -> ReadResult:
    """Check one workbook. Never raises: anything unexpected becomes an error Problem.
    `unit` / `year` are given by the person when a form does not state them (ASK_CODES)."""
    try:
        return _read(data, source, unit, year)
    except FATAL:
        raise
    except BaseException as exc:  # the reader's promise: a problem, never a traceback
        message = f"无法读取该文件（{type(exc).__name__}），请在 Excel 中打开后另存为 .xlsx 再上传"
        return ReadResult(source, None, [Problem("error", message, code=CODE_READER_FAILED)])


def _read(data: Any, source: str, unit: str | None, year: int | None) -> ReadResult:
    """Open the archive safely, recognise what it is, read it by that layout."""
    log = Log()
    opened = safezip.open_book(data, source, log)
    if isinstance(opened, ReadResult):
        return opened
    names = {name.strip() for name in opened.book.sheet_names}
    if names & set(contract.KNOWN_SHEETS):
        workbook = contract.read_book(opened.book, opened.entries, log)
        seen = [f"perfeval 模板工作簿（{workbook.year}年度，{workbook.unit}）"] if workbook else []
        return _with_part(ReadResult(source, workbook, log.problems, seen), KIND_TEMPLATE)
    accounts = accounts_book.try_accounts(opened, source, log, unit, year)
    if accounts is not None:
        return accounts
    workbook, seen = forms.read_forms(opened.book, opened.entries, log, unit, year)
    return _with_part(ReadResult(source, workbook, log.problems, seen), KIND_FORM)


def _with_part(result: ReadResult, kind: str) -> ReadResult:
    """The file as one Part stating the sums of its lines, to combine it with other files of
    its unit-year (the 决算 tables state theirs cell by cell: readers/accounts_book.py)."""
    if result.workbook is not None:
        sheet = SHEET_SPENDING if kind == KIND_TEMPLATE else ""
        label = "、".join(result.recognised)
        result.parts = [Part(result.source, label, result.workbook, kind=kind, sheet=sheet)]
    return result


def read_path(
    path: str | os.PathLike, unit: str | None = None, year: int | None = None
) -> ReadResult:
    """Read a workbook file from disk; a missing or unreadable file is an error Problem."""
    return read_path_with_bytes(path, unit, year)[0]


def read_path_with_bytes(
    path: str | os.PathLike, unit: str | None = None, year: int | None = None
) -> tuple[ReadResult, bytes | None]:
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
        return ReadResult(source, None, [Problem("error", message, code=CODE_UNREADABLE)]), None
    return read_workbook(data, source, unit, year), data
