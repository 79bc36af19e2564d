"""PDF reports made the way people make them (scripts/make_pdf_fixtures.py): printed from Chromium
and exported from Word by LibreOffice, with Chinese text in Noto CJK; a scan refused; tables read
with the unit of their column header, in PDFs and in .docx files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from perfeval import audit
from perfeval.audit.textfix import look_alikes
from tests.shared import docx_bytes
from tests.test_audit_binding import facts  # noqa: F401  (the fixture: the unit's figures)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "audit"


def _read(name: str) -> audit.Document:
    return audit.read_document((FIXTURES / name).read_bytes(), name)


def _by_figure(rows):
    out: dict[str, list[audit.Row]] = {}
    for row in rows:
        out.setdefault(row.figure, []).append(row)
    return out


def test_look_alike_radicals_are_the_characters_they_draw() -> None:
    assert look_alikes("增⻓⽂化惠⺠，部⻔") == "增长文化惠民，部门"  # U+2ED3 U+2F42 U+2EA0 U+2ED4
    assert len(look_alikes("⼀⼆⽀出")) == 4 and look_alikes("⼀⼆⽀出") == "一二支出"


def test_a_pdf_printed_from_a_browser_is_read_clause_by_clause() -> None:
    document = _read("browser.pdf")
    assert document.ok and document.problems == []
    text = "\n".join(p.text for p in document.paragraphs)
    # Chromium's text layer draws 长, 门, 文 with radicals; none is left.
    assert not [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF]
    # "支出总\n计510.00万元" in the text layer: the clause is one again.
    assert "2024年度收入总计510.00万元、支出总计510.00万元。" in text
    locations = [p.location for p in document.paragraphs]
    assert locations[:3] == ["第1页第1行", "第1页第2行", "第1页第5行"]


def test_a_browser_pdf_is_audited_against_the_data(facts) -> None:  # noqa: F811
    document = _read("browser.pdf")
    rows = audit.audit(document.paragraphs, facts)
    flagged = [(r.location, r.figure, r.verdict, r.expected) for r in rows if r.flagged]
    # 40.00 ÷ (500.00 − 40.00) = 8.696 %: the planted 9.7 % is the one error, at its own line.
    assert flagged == [("第1页第5行", "9.7%", "不一致", "8.7%")]
    figures = _by_figure(rows)
    for figure in ("490.00万元", "480.00万元", "97.96%", "2.04%", "450.00万元", "350.00万元"):
        assert figures[figure][0].verdict == "一致", figure
    assert [r.verdict for r in figures["510.00万元"]] == ["一致", "一致"]  # 收入总计, 支出总计
    assert figures["50.00万元"][0].basis == "数据：政府性基金预算支出合计50.00万元"
    assert figures["430.00万元"][0].verdict == "无法核对"  # 财政拨款 spending: not split by


def test_a_pdf_exported_from_word_reads_its_table_with_the_header_unit(facts) -> None:  # noqa: F811
    document = _read("word.pdf")
    assert document.ok
    rows = audit.audit(document.paragraphs, facts)
    flagged = [(r.location, r.figure, r.verdict, r.expected) for r in rows if r.flagged]
    assert flagged == [("第1页第9行第3列", "160.00", "不一致", "150.00万元")]
    cells = {r.location: r for r in rows if "列" in r.location}
    assert cells["第1页第8行第2列"].basis == "数据：基本支出上年340.00万元"
    assert cells["第1页第8行第3列"].verdict == "一致"
    prose = {r.figure: r.verdict for r in rows if "列" not in r.location}
    expected = ["500.00 万元", "350.00 万元", "70%", "150.00 万元", "30%", "10.00 万元", "2.94%"]
    assert prose == dict.fromkeys([*expected, "30.00 万元", "25%"], "一致")


def test_a_scanned_pdf_is_refused_saying_so() -> None:
    document = _read("scanned.pdf")
    assert not document.ok
    [problem] = document.problems
    assert problem.code == "scanned" and "没有文字层" in problem.message


def test_damaged_encrypted_and_false_pdfs_are_refused_with_a_reason() -> None:
    assert audit.read_document(b"%PDF-1.7\n garbage", "a.pdf").problems[0].code == "corrupt"
    assert audit.read_document(b"PK\x03\x04", "a.pdf").problems[0].code == "not_pdf"
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "word.pdf"))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    refused = audit.read_document(out.getvalue(), "locked.pdf")
    assert refused.problems[0].code == "encrypted" and "密码" in refused.problems[0].message


def test_too_many_pages_are_refused_before_they_are_read() -> None:
    from perfeval.audit.pdf import read_pdf

    paragraphs, problems = read_pdf((FIXTURES / "word.pdf").read_bytes(), max_pages=0)
    assert paragraphs is None and problems[0].code == "too_many_pages"


@pytest.mark.parametrize(
    ("header", "caption", "cell", "verdict"),
    [
        ("决算数（万元）", "", "350.00", "一致"),
        ("决算数（元）", "", "3500000", "一致"),
        ("决算数", "单位：万元", "350.00", "一致"),
        ("决算数", "", "350.00", "无法核对"),  # no unit anywhere: never judged
        ("决算数（万元）", "", "360.00", "不一致"),
    ],
)
def test_a_docx_tables_numbers_take_the_unit_of_their_header(
    facts,  # noqa: F811
    header,
    caption,
    cell,
    verdict,
) -> None:
    data = docx_bytes([caption] if caption else ["表1"], [["项目", header], ["基本支出", cell]])
    document = audit.read_document(data, "r.docx")
    [row] = [r for r in audit.audit(document.paragraphs, facts) if r.location == "表1第2行第2列"]
    assert row.verdict == verdict, row.basis
    if verdict == "不一致":
        assert row.expected == "350.00万元"
