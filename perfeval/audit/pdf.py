"""A PDF report's text layer (pypdf) as located paragraphs, 第N页第M行: look-alike radicals undone,
lines broken inside a clause joined, tables read with their header units; a scan is refused."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from perfeval.audit.reading import Paragraph
from perfeval.audit.tables import bare, table_paragraphs
from perfeval.audit.textfix import look_alikes
from perfeval.schema import Problem

MAX_PAGES = 500  # the same bound as audit/limits.py's MAX_PAGES (passed in by documents.py)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$"
)
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}(?:、|[.．](?!\d))|第[一二三四五六七八九十]+[章节部分])"
)
_ENDS = ("。", "！", "？", "!", "?")
_SENTENCE_MARKS = re.compile(r"[。；;，,]")
_ALNUM = re.compile(r"[0-9A-Za-z.%]")


@dataclass(frozen=True)
class Line:
    page: int
    number: int
    text: str


def _refusal(code: str, message: str) -> tuple[None, list[Problem]]:
    return None, [Problem("error", message, code=code)]


def _kind(line: str) -> str:
    """'row' of a table (cells apart, one a number), 'cells' (apart, no number) or 'text'."""
    tokens = line.split()
    if len(tokens) < 2 or _SENTENCE_MARKS.search(line):
        return "text"
    return "row" if any(bare(t) for t in tokens[1:]) else "cells"


def _join(left: str, right: str) -> str:
    """Two pieces of one clause broken by the page width: no space unless both sides are Latin."""
    if left and right and _ALNUM.match(left[-1]) and _ALNUM.match(right[0]):
        return f"{left} {right}"
    return left + right


def _paragraphs(lines: list[Line]) -> list[Paragraph]:
    out: list[Paragraph] = []
    widths: dict[int, int] = {}
    for line in lines:
        widths[line.page] = max(widths.get(line.page, 0), len(line.text))
    kinds = [_kind(line.text) for line in lines]
    current: Line | None = None
    text = ""
    i = 0
    while i < len(lines):
        line, kind = lines[i], kinds[i]
        table_starts = kind == "row" or (
            kind == "cells" and i + 1 < len(kinds) and kinds[i + 1] == "row"
        )
        if table_starts:
            if current is not None:
                out.append(Paragraph(f"第{current.page}页第{current.number}行", text))
                current = None
            j = i
            while j < len(lines) and (kinds[j] == "row" or (j == i and kinds[j] == "cells")):
                j += 1
            caption = out[-1].text if out and len(out[-1].text) <= 40 else ""
            out += _table(lines[i:j], caption)
            i = j
            continue
        starts = current is None or _HEADING.match(line.text)
        if current is not None and not starts and text.endswith(_ENDS):
            previous = lines[i - 1]
            starts = len(previous.text) < 0.8 * widths[previous.page]  # a paragraph's last line
        if starts:
            if current is not None:
                out.append(Paragraph(f"第{current.page}页第{current.number}行", text))
            current, text = line, line.text.strip()
        else:
            text = _join(text, line.text.strip())
        i += 1
    if current is not None:
        out.append(Paragraph(f"第{current.page}页第{current.number}行", text))
    return out


def _table(lines: list[Line], caption: str) -> list[Paragraph]:
    """Rows split at their gaps; a row with more pieces than the header joins its first ones."""
    width = len(lines[0].text.split())
    rows = []
    for line in lines:
        cells = line.text.split()
        if len(cells) > width >= 2:
            cells = ["".join(cells[: len(cells) - width + 1]), *cells[len(cells) - width + 1 :]]
        rows.append(cells)

    def where(r: int, c: int) -> str:
        line = lines[r - 1]
        return f"第{line.page}页第{line.number}行第{c}列"

    return table_paragraphs(rows, caption, where)


def read_pdf(
    data: bytes, max_pages: int = MAX_PAGES, check: Callable[[], None] = lambda: None
) -> tuple[list[Paragraph] | None, list[Problem]]:
    """(paragraphs, problems) of a PDF; paragraphs None when it cannot be read. `check` is called
    between pages (the audit's deadline raises from it)."""
    if not data.startswith(b"%PDF-"):
        return _refusal(
            "not_pdf", "这不是 PDF 文件：请上传由 Word、WPS 或浏览器导出的 .pdf，或 .docx 文件"
        )
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged streams
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return _refusal(
                "encrypted", "PDF 设置了打开密码，无法读取：请导出不加密的 PDF 或上传 .docx 文件"
            )
        count = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError):
        return _refusal("corrupt", "PDF 文件已损坏，无法读取：请重新导出 PDF，或上传 .docx 文件")
    if count > max_pages:
        return _refusal(
            "too_many_pages",
            f"PDF 报告有 {count} 页，超过上限 {max_pages} 页，未核查；请只上传自评报告正文，或拆分后分别核对",
        )
    lines: list[Line] = []
    empty = 0
    for page_number in range(1, count + 1):
        check()
        try:
            text = reader.pages[page_number - 1].extract_text() or ""
        except Exception:  # pypdf raises many kinds on one damaged page: that page is skipped
            text = ""
        page_lines = [look_alikes(t).strip() for t in text.splitlines()]
        page_lines = [t for t in page_lines if t and not _PAGE_NUMBER.match(t)]
        empty += not page_lines
        lines += [Line(page_number, n, t) for n, t in enumerate(page_lines, start=1)]
    if not lines:
        return _refusal(
            "scanned",
            "这份 PDF 没有文字层（可能是扫描件或图片），无法核对其中的数字：请上传由 Word、WPS "
            "导出的 PDF 或 .docx 文件",
        )
    problems = []
    if empty:
        problems.append(
            Problem(
                "warning",
                f"PDF 有 {empty} 页没有文字层（可能是扫描页），这些页中的数字未核对",
                code="scanned_pages",
            )
        )
    return _paragraphs(lines), problems
