"""The text's own logic (audit.md, "Binding"): stated sums with rounded parts, stated differences
and their direction, a completion rate against the run over the budget, and paired lists. No data:
every verdict below is the text's own arithmetic, worked out by hand in the comments."""

from __future__ import annotations

import pytest

from perfeval import audit


def _rows(text: str) -> dict[str, audit.Row]:
    rows = audit.audit([audit.Paragraph("第1段", text)], audit.text_facts("某县某局"))
    return {r.figure: r for r in rows}


def _verdict(text: str, figure: str) -> tuple[str, str]:
    row = _rows(text)[figure]
    return row.verdict, row.expected


@pytest.mark.parametrize(
    ("text", "figure", "verdict", "expected"),
    [
        ("人员经费300.00万元，公用经费50.00万元，合计350.00万元。", "350.00万元", "一致", ""),
        (
            "人员经费300.00万元，公用经费50.00万元，合计360.00万元。",
            "360.00万元",
            "不一致",
            "350.00万元",
        ),
        # three parts in 0.01: each may be 0.005 off, the total too: 3.03 against 3.02 agrees
        ("甲1.01万元，乙1.01万元，丙1.01万元，合计3.02万元。", "3.02万元", "一致", ""),
        ("甲1.01万元，乙1.01万元，丙1.01万元，合计3.06万元。", "3.06万元", "不一致", "3.03万元"),
        ("甲10万元、乙20万元等，共计50万元。", "50万元", "一致", ""),  # 等: at most the total
    ],
)
def test_a_stated_sum(text, figure, verdict, expected) -> None:
    assert _verdict(text, figure) == (verdict, expected)


def test_a_stated_sum_after_a_qizhong_list_sums_the_parts_only() -> None:
    rows = _rows("支出合计500.00万元，其中基本支出350.00万元，项目支出150.00万元，合计500.00万元。")
    assert not [r for r in rows.values() if r.flagged]


def test_a_completion_rate_against_the_run_over_the_budget() -> None:
    # 632.40 over the budget by 12.40: the budget is 620.00, completed 632.40 ÷ 620.00 = 102.0 %
    text = "支出决算为632.40万元，完成预算的{}，决算数比预算数多12.40万元。"
    assert _verdict(text.format("102%"), "102%") == ("一致", "")
    assert _verdict(text.format("98%"), "98%") == ("不一致", "102%")
    rows = _rows("完成预算的98%，决算数比预算数多12.40万元。")  # nothing says which is wrong
    assert [(rows[f].verdict, rows[f].expected) for f in ("98%", "12.40万元")] == [
        ("不一致", "")
    ] * 2
    assert "不能同时成立" in rows["98%"].basis
    assert not _rows("完成预算的96.5%，决算数小于预算数的主要原因是项目未完工。")["96.5%"].flagged


def test_a_budget_and_actual_before_a_completion_rate() -> None:
    text = "年初预算为500.00万元，支出决算为450.00万元，完成年初预算的{}。"  # 450 ÷ 500 = 90 %
    assert _verdict(text.format("90%"), "90%") == ("一致", "")
    assert _verdict(text.format("95%"), "95%") == ("不一致", "90%")


def test_paired_lists_pair_by_position() -> None:
    # 1267.86 ÷ (4125.49 + 1267.86) = 23.508 %; 2570.97 ÷ (4143.91 + 2570.97) = 38.288 %
    text = (
        "2022年度收入总计4125.49万元、支出总计4143.91万元。"
        "与上年相比，收、支总计各减少1267.86、2570.97万元，各下降23.51%、{}。"
    )
    rows = _rows(text.format("38.29%"))
    assert rows["23.51%"].verdict == rows["38.29%"].verdict == "一致"
    assert "2570.97" in rows["38.29%"].basis
    assert _verdict(text.format("38.28%"), "38.28%") == ("不一致", "38.29%")


@pytest.mark.parametrize(
    ("text", "figure", "verdict", "expected"),
    [
        (
            "本年支出500.00万元，上年支出460.00万元，增加40.00万元，增长8.7%。",
            "40.00万元",
            "一致",
            "",
        ),
        ("本年支出500.00万元，上年支出460.00万元，增加40.00万元，增长8.7%。", "8.7%", "一致", ""),
        (
            "本年支出500.00万元，上年支出460.00万元，减少40.00万元。",
            "40.00万元",
            "不一致",
            "增加40.00万元",
        ),
        ("支出由460.00万元增加到500.00万元，增加45.00万元。", "45.00万元", "不一致", "40.00万元"),
        # 减少 40 with a 增长 rate: 40 ÷ (500 + 40) = 7.4 %, and it is a fall
        ("支出合计500万元，比上年减少40万元，增长7%。", "7%", "不一致", "下降7%"),
    ],
)
def test_a_stated_difference_and_its_direction(text, figure, verdict, expected) -> None:
    assert _verdict(text, figure) == (verdict, expected)


def test_the_docs_list_every_doubt_rule_with_its_reason() -> None:
    from pathlib import Path

    from perfeval.audit.words import DOUBT_RULES

    docs = (Path(__file__).resolve().parents[1] / "docs" / "audit.md").read_text(encoding="utf-8")
    for rule in DOUBT_RULES:
        assert f"| {rule.name} | {rule.when} | {rule.why} |" in docs
