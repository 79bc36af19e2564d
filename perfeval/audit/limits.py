"""Limits on a written report read for /audit and `audit` (.docx, .md, .txt and PDF), in one place:
each refusal is an error Problem whose Chinese message names the limit and the value found."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from perfeval.audit.numbers import extract
from perfeval.readers.safezip import MAX_UPLOAD_BYTES
from perfeval.schema import Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from perfeval.audit.reading import Paragraph

# Bytes of the file as uploaded: a Word or PDF report may carry pictures; a text report has none
# (a 19 MB .md of figures took 95 s and 1.5 GB before this limit).
MAX_REPORT_BYTES: int = MAX_UPLOAD_BYTES  # .docx, .docm, .pdf: the upload limit, 20 MiB
MAX_TEXT_BYTES: int = 2 * 1024 * 1024  # .md, .txt
# What word/document.xml of a .docx inflates to, and its paragraphs and table cells counted
# before python-docx builds its tree (a 375 KB .docx of 957 833 paragraphs took 4.9 GB).
MAX_DOCX_XML_BYTES: int = 20 * 1024 * 1024
MAX_DOCX_ELEMENTS: int = 1_000_000  # XML elements of all its parts (a 100-page report: ~100 000)
MAX_PARAGRAPHS: int = 20_000  # paragraphs and table cells read as paragraphs, together
MAX_TABLE_CELLS: int = 50_000  # cells of the report's tables (merged cells counted once each)
# One paragraph's characters: figures within one sentence are checked against each other, so a
# paragraph of thousands of figures costs seconds (4 000 in one sentence: 2.4 s).
MAX_PARAGRAPH_CHARS: int = 10_000
MAX_FIGURES: int = 20_000  # figures found in the whole report (20 000 check in about 1 s)
MAX_PAGES: int = 500  # pages of a PDF report
MAX_AUDIT_SECONDS: float = 10.0  # reading and checking one report, whatever it holds
LIMITS = {
    "MAX_REPORT_BYTES": MAX_REPORT_BYTES,
    "MAX_TEXT_BYTES": MAX_TEXT_BYTES,
    "MAX_DOCX_XML_BYTES": MAX_DOCX_XML_BYTES,
    "MAX_DOCX_ELEMENTS": MAX_DOCX_ELEMENTS,
    "MAX_PARAGRAPHS": MAX_PARAGRAPHS,
    "MAX_TABLE_CELLS": MAX_TABLE_CELLS,
    "MAX_PARAGRAPH_CHARS": MAX_PARAGRAPH_CHARS,
    "MAX_FIGURES": MAX_FIGURES,
    "MAX_PAGES": MAX_PAGES,
    "MAX_AUDIT_SECONDS": MAX_AUDIT_SECONDS,
}
TEXT_SUFFIXES = (".md", ".txt")

CODE_TOO_LARGE = "too_large"
CODE_TOO_MANY_PARAGRAPHS = "too_many_paragraphs"
CODE_TOO_MANY_CELLS = "too_many_cells"
CODE_PARAGRAPH_TOO_LONG = "paragraph_too_long"
CODE_TOO_MANY_FIGURES = "too_many_figures"
CODE_TOO_MANY_PAGES = "too_many_pages"
CODE_TOO_SLOW = "too_slow"
_SPLIT = "请只上传自评报告正文，或拆分后分别核对"


def max_bytes(source: str) -> int:
    """The byte limit of a report named `source`, by its suffix."""
    return MAX_TEXT_BYTES if PurePath(source).suffix.lower() in TEXT_SUFFIXES else MAX_REPORT_BYTES


def size_problem(size: int, source: str) -> Problem | None:
    """Refusal of a file of `size` bytes named `source`: checked before the file is read."""
    limit = max_bytes(source)
    if size <= limit:
        return None
    kind = "文本（.md、.txt）" if limit == MAX_TEXT_BYTES else "Word、PDF"
    message = (
        f"文件太大（{_mb(size)} MB），{kind}报告的上限为 {_mb(limit)} MB，未核查；"
        "请删除与报告无关的内容（图片、附表、数据清单）后再上传"
    )
    return Problem("error", message, code=CODE_TOO_LARGE)


def docx_xml_problem(size: int) -> Problem:
    return Problem(
        "error",
        f"文档正文解压后有 {_mb(size)} MB，超过上限 {_mb(MAX_DOCX_XML_BYTES)} MB，未核查；{_SPLIT}",
        code=CODE_TOO_LARGE,
    )


def docx_elements_problem(count: int) -> Problem:
    return Problem(
        "error",
        f"文档有 {count} 个内部元素，超过上限 {MAX_DOCX_ELEMENTS} 个，未核查；{_SPLIT}",
        code=CODE_TOO_LARGE,
    )


def paragraphs_problem(count: int) -> Problem | None:
    if count <= MAX_PARAGRAPHS:
        return None
    message = f"报告有 {count} 段（含表格单元格），超过上限 {MAX_PARAGRAPHS} 段，未核查；{_SPLIT}"
    return Problem("error", message, code=CODE_TOO_MANY_PARAGRAPHS)


def cells_problem(count: int) -> Problem | None:
    if count <= MAX_TABLE_CELLS:
        return None
    message = (
        f"报告的表格共有 {count} 个单元格，超过上限 {MAX_TABLE_CELLS} 个，未核查；"
        "请删除与报告无关的大表格后再上传"
    )
    return Problem("error", message, code=CODE_TOO_MANY_CELLS)


def paragraph_chars_problem(location: str, chars: int) -> Problem | None:
    if chars <= MAX_PARAGRAPH_CHARS:
        return None
    message = f"{location}有 {chars} 个字，超过一段的上限 {MAX_PARAGRAPH_CHARS} 字，未核查；请分段后再上传"
    return Problem("error", message, code=CODE_PARAGRAPH_TOO_LONG)


def figures_problem(count: int) -> Problem | None:
    if count <= MAX_FIGURES:
        return None
    message = f"报告中有 {count} 个数字，超过上限 {MAX_FIGURES} 个，未核查；{_SPLIT}"
    return Problem("error", message, code=CODE_TOO_MANY_FIGURES)


def pages_problem(count: int) -> Problem | None:
    if count <= MAX_PAGES:
        return None
    message = f"PDF 报告有 {count} 页，超过上限 {MAX_PAGES} 页，未核查；{_SPLIT}"
    return Problem("error", message, code=CODE_TOO_MANY_PAGES)


def slow_problem(seconds: float = MAX_AUDIT_SECONDS) -> Problem:
    message = f"读取和核对这份报告超过了 {seconds:g} 秒的上限，已停止，未给出结果；{_SPLIT}"
    return Problem("error", message, code=CODE_TOO_SLOW)


class LimitExceeded(Exception):
    """A limit was passed while reading or checking a report; `problem` says which."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Deadline:
    """The time one report may take, from its reading to its last check: `check()` raises
    LimitExceeded once `seconds` have passed (the loops over paragraphs and figures call it)."""

    seconds: float = MAX_AUDIT_SECONDS
    start: float = 0.0

    def __post_init__(self) -> None:
        self.start = self.start or time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.start > self.seconds:
            raise LimitExceeded(slow_problem(self.seconds))


def paragraphs_within_limits(
    paragraphs: Sequence[Paragraph], deadline: Deadline | None = None
) -> Problem | None:
    """The refusal of a report read as `paragraphs`, or None: their count, each one's length, the
    figures of all (found as the audit finds them), within the deadline; any reader calls it."""
    problem = paragraphs_problem(len(paragraphs))
    if problem is not None:
        return problem
    figures = 0
    for number, paragraph in enumerate(paragraphs):
        problem = paragraph_chars_problem(paragraph.location, len(paragraph.text))
        if problem is not None:
            return problem
        figures += len(extract(paragraph.text))
        if deadline is not None and number % 64 == 0:
            deadline.check()
    return figures_problem(figures)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")
