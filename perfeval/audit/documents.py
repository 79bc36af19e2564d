"""A person's report as paragraphs: .docx (python-docx, tables included, after the same archive
checks as a workbook), .md and .txt; and a workbook's own 文字说明, section by section."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from perfeval.audit import limits
from perfeval.audit.limits import Deadline, LimitExceeded
from perfeval.audit.pdf import read_pdf
from perfeval.audit.reading import Paragraph
from perfeval.audit.tables import docx_table
from perfeval.readers import safezip
from perfeval.readers.engine import XmlRefused, count_elements
from perfeval.schema import CODE_MACROS, SECTIONS, SHEET_TEXT, Problem

SUFFIXES = (".docx", ".docm", ".md", ".txt", ".pdf")
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MD_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MD_INLINE = re.compile(r"(\*\*|__|`)")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_EXTERNAL = re.compile(
    rb'Type="[^"]*/(\w+)"[^>]*TargetMode="External"|TargetMode="External"[^>]*Type="[^"]*/(\w+)"'
)


@dataclass
class Document:
    """What was read: the paragraphs (None when the file could not be read) and the problems."""

    source: str
    paragraphs: list[Paragraph] | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.paragraphs is not None


def _error(source: str, code: str, message: str) -> Document:
    return Document(source, None, [Problem("error", message, code=code)])


def _text_lines(text: str, markdown: bool) -> list[Paragraph]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if markdown:
            if _MD_RULE.match(line):
                continue
            line = _MD_INLINE.sub("", _MD_MARKS.sub("", line))
            if line.strip().startswith("|"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                line = "，".join(c for c in cells if c)
        if line.strip():
            out.append(Paragraph(f"第{number}行", line.strip()))
    return out


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _for_word(problem: Problem) -> Problem:
    """The reader's refusal, told to someone who saves from Word, not Excel."""
    message = problem.message.replace("Excel", "Word").replace(".xlsx", ".docx")
    return Problem(problem.level, message, code=problem.code)


def _docx_refusal(data: bytes) -> Problem | None:
    """The workbook reader's archive checks: entry count, declared and real inflated sizes."""
    refusal = safezip._check_end_record(data)  # the same checks as for a workbook, not a copy
    if refusal is not None:
        return _for_word(refusal)
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return Problem(
            "error",
            "文件已损坏（不是完整的 .docx 压缩包），请在 Word 中另存为 .docx 后上传",
            code="corrupt",
        )
    refusal = safezip._check_archive(data, infos)
    return None if refusal is None else _for_word(refusal)


def _docx_size_refusal(archive: zipfile.ZipFile, deadline: Deadline) -> Problem | None:
    """What python-docx would parse, bounded before it builds its tree: every XML part (it
    parses each part the package lists, whatever its name), counted by a streaming parse."""
    xml_bytes = 0
    paragraphs = cells = elements = 0
    for info in archive.infolist():
        with archive.open(info) as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"<"):
            continue  # pictures and other binary parts: never parsed as XML
        xml_bytes += info.file_size
        if xml_bytes > limits.MAX_DOCX_XML_BYTES:
            return limits.docx_xml_problem(xml_bytes)
        try:
            counts = count_elements(archive.read(info), ("p", "tc"))
        except XmlRefused:
            return Problem(
                "error",
                f"文档内部文件 {info.filename[:60]} 的结构异常，可能是恶意构造的文件，未核查；"
                "请在 Word 中打开后另存为 .docx 再上传",
                code="corrupt",
            )
        elements += counts["*"]
        paragraphs += counts["p"]
        cells += counts["tc"]
        deadline.check()
    if elements > limits.MAX_DOCX_ELEMENTS:
        return limits.docx_elements_problem(elements)
    return limits.cells_problem(cells) or limits.paragraphs_problem(paragraphs)


def _docx_notes(archive: zipfile.ZipFile, source: str) -> list[Problem]:
    names = set(archive.namelist())
    notes = []
    if "word/vbaProject.bin" in names or source.lower().endswith(".docm"):
        notes.append(
            Problem(
                "warning",
                "这是含宏的文档（.docm）：宏不会被执行，只读取了其中的文字",
                code=CODE_MACROS,
            )
        )
    kinds = set()
    for name in names:
        if name.endswith(".rels") and archive.getinfo(name).file_size < 1_000_000:
            for match in _EXTERNAL.finditer(archive.read(name)):
                kind = (match.group(1) or match.group(2) or b"").decode("ascii", "replace")
                if kind != "hyperlink":
                    kinds.add(kind)
    if kinds:
        notes.append(
            Problem(
                "warning",
                f"文档引用了外部内容（{'、'.join(sorted(kinds))}）：未访问，只读取了文档本身的文字",
                code="external_links",
            )
        )
    return notes


def _docx(data: bytes, source: str, deadline: Deadline) -> Document:
    refusal = _docx_refusal(data)
    if refusal is not None:
        return Document(source, None, [refusal])
    from docx import Document as open_docx
    from docx.table import Table

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "word/document.xml" not in archive.namelist():
            return _error(
                source, "not_docx", "这不是 Word 文档（.docx）：请上传 .docx、.md 或 .txt 文件"
            )
        refusal = _docx_size_refusal(archive, deadline)
        if refusal is not None:
            return Document(source, None, [refusal])
        notes = _docx_notes(archive, source)
        document = open_docx(io.BytesIO(data))
    except LimitExceeded:
        raise
    except Exception:  # python-docx raises many kinds on a damaged package
        return _error(
            source, "corrupt", "文件已损坏，无法作为 .docx 读取，请在 Word 中打开后另存为 .docx"
        )
    paragraphs: list[Paragraph] = []
    number = tables = 0
    for block in document.iter_inner_content():
        deadline.check()
        if isinstance(block, Table):
            tables += 1
            caption = paragraphs[-1].text if paragraphs and len(paragraphs[-1].text) <= 40 else ""
            paragraphs += docx_table(block, tables, caption)
            continue
        if block.text.strip():
            number += 1
            paragraphs.append(Paragraph(f"第{number}段", block.text.strip()))
    return Document(source, paragraphs, notes)


def read_document(data: bytes, source: str, deadline: Deadline | None = None) -> Document:
    """A .docx/.docm, .md or .txt report as located paragraphs, or the reason it cannot be read:
    within the limits of perfeval/audit/limits.py (bytes, paragraphs, table cells, one
    paragraph's length, figures) and the `deadline` (a new one of MAX_AUDIT_SECONDS if None)."""
    deadline = deadline or Deadline()
    refusal = limits.size_problem(len(data), source)
    if refusal is not None:
        return Document(source, None, [refusal])
    try:
        document = _read(data, source, deadline)
        if document.paragraphs is not None:
            refusal = limits.paragraphs_within_limits(document.paragraphs, deadline)
            if refusal is not None:
                return Document(source, None, [*document.problems, refusal])
        return document
    except LimitExceeded as exc:
        return Document(source, None, [exc.problem])


def _read(data: bytes, source: str, deadline: Deadline) -> Document:
    suffix = Path(source).suffix.lower()
    if suffix in (".docx", ".docm"):
        if data.startswith(_OLE):
            return _error(
                source,
                "not_docx",
                "文件是旧版 .doc 或设置了打开密码，无法读取：请在 Word 中另存为 .docx（不加密）",
            )
        if not data.startswith(_ZIP):
            return _error(source, "not_docx", "这不是 .docx 文件：请在 Word 中另存为 .docx 后上传")
        return _docx(data, source, deadline)
    if suffix == ".pdf":
        paragraphs, problems = read_pdf(data, limits.MAX_PAGES, deadline.check)
        return Document(source, paragraphs, problems)
    if suffix in (".md", ".txt"):
        text = _decode(data)
        if text is None or "\x00" in text:
            return _error(
                source, "not_text", "文件不是文本（UTF-8 或 GBK 编码）：请另存为 .txt 或 .md"
            )
        return Document(source, _text_lines(text, suffix == ".md"))
    return _error(
        source,
        "unsupported",
        f"不支持的文件类型“{suffix or source}”：请上传 .docx、.md 或 .txt 文件",
    )


def workbook_paragraphs(texts: dict[str, str]) -> list[Paragraph]:
    """A workbook's 文字说明, located by section and paragraph: 文字说明「主要工作完成情况」第2段."""
    out = []
    for section in SECTIONS:
        lines = [line.strip() for line in (texts.get(section) or "").splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            out.append(Paragraph(f"{SHEET_TEXT}「{section}」第{number}段", line))
    return out
