"""The limits on a written report (perfeval/audit/limits.py): each refused with a Chinese message
naming the limit, before the expensive step it protects; through read_document and `audit`."""

from __future__ import annotations

import importlib.util
import io
import pathlib
import zipfile
from pathlib import Path

import pytest

from perfeval import audit
from perfeval.audit import limits
from perfeval.audit.reading import Paragraph
from perfeval.cli.main import main
from tests.shared import docx_bytes

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("hostile", REPO / "scripts" / "hostile.py")
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)


def refused(data: bytes, name: str, code: str, *words: str):
    document = audit.read_document(data, name)
    assert not document.ok and document.paragraphs is None
    problem = document.problems[-1]
    assert (problem.level, problem.code) == ("error", code), problem
    for word in words:
        assert word in problem.message, problem.message
    return problem


def test_text_report_over_its_byte_limit():
    data = b"x" * (limits.MAX_TEXT_BYTES + 1)
    refused(data, "a.md", "too_large", "上限为 2 MB")
    refused(data, "a.txt", "too_large", "上限为 2 MB")
    lines = (b"x" * 199 + b"\n") * (limits.MAX_TEXT_BYTES // 200)  # within every limit
    assert audit.read_document(lines, "a.txt").ok


def test_word_report_over_its_byte_limit():
    refused(b"PK\x03\x04" + b"\0" * limits.MAX_REPORT_BYTES, "a.docx", "too_large", "上限为 20 MB")


def test_tiny_paragraphs_are_counted_before_python_docx_reads_them():
    refused(
        hostile.tiny_paragraphs(25_000), "a.docx", "too_many_paragraphs", "25000 段", "20000 段"
    )
    document = audit.read_document(hostile.tiny_paragraphs(limits.MAX_PARAGRAPHS), "a.docx")
    assert document.ok and len(document.paragraphs) == limits.MAX_PARAGRAPHS


def test_the_issues_957833_paragraphs_are_refused_by_their_size():
    refused(hostile.tiny_paragraphs(957_833), "a.docx", "too_large", "解压后", "上限 20 MB")


def test_table_cells():
    refused(hostile.table_cells(60_000), "a.docx", "too_many_cells", "60000 个单元格", "50000 个")


def test_elements_of_a_docx():
    body = "<w:p>" + "<w:r/>" * 1_100_000 + "</w:p>"
    refused(hostile.docx_with_body(body), "a.docx", "too_large", "内部元素", "1000000 个")


def test_a_dtd_in_a_docx_part_is_refused():
    data = hostile.docx_with_body("<w:p/>")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = b'<!DOCTYPE d [<!ENTITY e "x">]>' + content.split(b"?>", 1)[1]
            target.writestr(info, content)
    refused(out.getvalue(), "a.docx", "corrupt", "结构异常")


def test_one_paragraph_too_long():
    text = "甲" * 20 + "\n" + "资金1万元，" * 1700  # line 2 has 10 200 characters
    refused(text.encode(), "a.md", "paragraph_too_long", "第2行", "10200 个字", "10000 字")


def test_figures_counted_as_the_audit_finds_them():
    line = "项目资金100.5万元，较上年增长12.5%。\n"  # two figures a line
    data = (line * (limits.MAX_FIGURES // 2 + 1)).encode()
    refused(data, "a.txt", "too_many_figures", "20002 个数字", "上限 20000 个")
    assert audit.read_document((line * (limits.MAX_FIGURES // 2)).encode(), "a.txt").ok


def test_deadline_stops_reading_and_checking():
    gone = limits.Deadline(seconds=0.0, start=1.0)  # long past
    document = audit.read_document(docx_bytes(["资金1万元。"]), "a.docx", gone)
    assert document.problems[-1].code == "too_slow" and "秒的上限" in document.problems[-1].message
    with pytest.raises(limits.LimitExceeded) as caught:
        audit.audit([Paragraph("第1段", "资金1万元。")], audit.text_facts(), gone)
    assert caught.value.problem.code == "too_slow"
    assert audit.audit([Paragraph("第1段", "资金1万元。")], audit.text_facts(), limits.Deadline())


def test_cli_checks_the_size_before_reading(tmp_path, capsys, monkeypatch):
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:  # sparse: 3 MiB never written
        handle.truncate(3 * 1024 * 1024)
    read = pathlib.Path.read_bytes

    def guard(self: pathlib.Path) -> bytes:
        assert self != path, "the CLI read the file before checking its size"
        return read(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", guard)
    assert main(["audit", str(path)]) == 2
    err = capsys.readouterr().err
    assert "文件太大（3 MB）" in err and "上限为 2 MB" in err and "Traceback" not in err


def test_cli_refuses_a_report_over_a_limit(tmp_path, capsys):
    path = tmp_path / "many.docx"
    path.write_bytes(hostile.tiny_paragraphs(25_000))
    assert main(["audit", str(path)]) == 2
    assert "超过上限 20000 段" in capsys.readouterr().err


def test_limits_in_docs_match_the_code():
    doc = (REPO / "docs" / "security.md").read_text()
    for name, value in limits.LIMITS.items():
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        assert name in doc and shown in doc, name
