"""A 部门决算说明 in the phrasing of the standard 决算公开 template (tests/fixtures/audit/
决算说明模板.txt: 收支总计, 本年收入/支出合计 with 其中 shares, 财政拨款 totals, 类/款/项 lines,
基本支出, “三公”经费, 机关运行经费, 政府采购) against a workbook of its own figures: no false alarm;
what the data holds says 一致 from the data, what it does not split by says 无法核对."""

from __future__ import annotations

from pathlib import Path

from perfeval import audit
from perfeval.model.figures import build_model
from perfeval.schema import FUND_GENERAL
from tests.builders import basic, project, workbook
from tests.test_audit_binding import _income

TEXT = (Path(__file__).resolve().parent / "fixtures" / "audit" / "决算说明模板.txt").read_text(
    "utf-8"
)


def _rows() -> list[audit.Row]:
    # 本年收入合计 1200.00 = 财政拨款收入 1150.00 + 其他收入 50.00; 上年结转 34.56 → 收入总计 1234.56;
    # 支出合计 1180.00 = 基本支出 900.00 (人员 700.00 + 公用 200.00) + 项目支出 280.00.
    book = workbook(
        "某县人大常委会办公室",
        2023,
        [
            basic("人员经费", "700.00"),
            basic("公用经费", "200.00"),
            project("人大代表活动经费", "280.00"),
        ],
    )
    book.income = _income(
        [
            (FUND_GENERAL, "财政拨款收入", "1150.00"),
            (FUND_GENERAL, "其他收入", "50.00"),
            (FUND_GENERAL, "上年结转", "34.56"),
        ]
    )
    facts = audit.facts_from_model(build_model({2023: book}, 2023))
    lines = [
        audit.Paragraph(f"第{i}行", t) for i, t in enumerate(TEXT.splitlines(), 1) if t.strip()
    ]
    return audit.audit(lines, facts)


def test_a_true_template_text_raises_no_alarm_and_binds_each_figure() -> None:
    rows = _rows()
    assert [r for r in rows if r.flagged] == []
    by_data = [r.figure for r in rows if r.basis.startswith("数据：")]
    assert by_data == [
        *("1,234.56万元", "1,234.56万元", "1,200.00万元", "1,150.00万元", "95.83%", "50.00万元"),
        *("4.17%", "1,180.00万元", "900.00万元", "76.27%", "280.00万元", "23.73%"),
    ]
    line_11 = [r for r in rows if r.location == "第11行"]  # 一般公共预算财政拨款支出, its 类
    assert all(r.verdict == "无法核对" for r in line_11)
    assert "数据不按此细分" in line_11[0].basis and "科目" in line_11[1].basis


def test_a_wrong_figure_in_the_template_text_is_found_with_its_expected_value() -> None:
    global TEXT
    original = TEXT
    try:
        TEXT = original.replace("项目支出280.00万元，占23.73%", "项目支出280.00万元，占32.73%")
        [row] = [r for r in _rows() if r.flagged]
        assert (row.figure, row.expected) == ("32.73%", "23.73%")
    finally:
        TEXT = original
