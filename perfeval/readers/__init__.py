"""Readers: one entry point that opens an upload safely and hands it to the one dispatcher
(dispatch.py), which asks every registered layout (families.py) whether it fits: the template by
its sheet names, the 决算 tables by their titles, the 自评表 of every province by what their
columns mean (selfeval.py, roles.py, columns.py), layouts a clerk confirmed (mapping.py).
May import: schema, fmt, unitinfo, model.scoring/scorecard (a form's own score is recomputed)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from perfeval.readers import dispatch, families, mapping, safezip
from perfeval.readers.dispatch import _grids
from perfeval.readers.forms import ASK_CODES
from perfeval.readers.mapping import (
    CODE_NEEDS_MAPPING,
    ConfirmedMapping,
    MappingProposal,
    from_toml,
    to_toml,
)
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
from perfeval.schema import Problem, ReadResult

FAMILIES = families  # importing it registers every family's layouts
__all__ = [
    "ASK_CODES",
    "CODE_NEEDS_MAPPING",
    "CODE_READER_FAILED",
    "CODE_UNREADABLE",
    "FILE_PROBLEM_CODES",
    "LIMITS",
    "MAX_UPLOAD_BYTES",
    "ConfirmedMapping",
    "MappingProposal",
    "from_toml",
    "propose",
    "read_path",
    "read_path_with_bytes",
    "read_workbook",
    "to_toml",
]


# ================================================================ public API
def read_workbook(
    data: bytes,
    source: str = "",
    unit: str | None = None,
    year: int | None = None,
    mappings: Sequence[ConfirmedMapping] = (),
) -> ReadResult:
    """Check one workbook. Never raises: anything unexpected becomes an error Problem.
    `unit` / `year` are given by the person when a form does not state them (ASK_CODES);
    `mappings`: layouts a clerk confirmed (readers/mapping.py), used for sheets of their shape."""
    try:
        return _read(data, source, unit, year, mappings)
    except FATAL:
        raise
    except BaseException as exc:  # the reader's promise: a problem, never a traceback
        message = f"无法读取该文件（{type(exc).__name__}），请在 Excel 中打开后另存为 .xlsx 再上传"
        return ReadResult(source, None, [Problem("error", message, code=CODE_READER_FAILED)])


def _read(
    data: Any,
    source: str,
    unit: str | None,
    year: int | None,
    mappings: Sequence[ConfirmedMapping] = (),
) -> ReadResult:
    """Open the archive safely, recognise what it is, read it by that layout."""
    log = Log()
    opened = safezip.open_book(data, source, log)
    if isinstance(opened, ReadResult):
        return opened
    return dispatch.read_book(opened, source, log, unit, year, mappings)


def propose(data: bytes, source: str = "") -> list[MappingProposal]:
    """A mapping proposal for every 自评表 sheet of the file, sure or not (`check --mapping-out`);
    [] when the file cannot be opened or holds no 自评表."""
    log = Log()
    opened = safezip.open_book(data, source, log)
    if isinstance(opened, ReadResult):
        return []
    grids = _grids(opened, log)
    return mapping.proposals_for(grids or [], source)


def read_path(
    path: str | os.PathLike,
    unit: str | None = None,
    year: int | None = None,
    mappings: Sequence[ConfirmedMapping] = (),
) -> ReadResult:
    """Read a workbook file from disk; a missing or unreadable file is an error Problem."""
    return read_path_with_bytes(path, unit, year, mappings)[0]


def read_path_with_bytes(
    path: str | os.PathLike,
    unit: str | None = None,
    year: int | None = None,
    mappings: Sequence[ConfirmedMapping] = (),
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
    return read_workbook(data, source, unit, year, mappings), data
