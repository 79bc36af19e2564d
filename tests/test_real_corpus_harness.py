"""The corpus harness (tests/real_corpus.py) on one real passage with a workbook of its own
figures: https://dyrmt.com/article-133619-2.html (2022 决算, tests/audit_corpus.py passage 1).
Its data, from the passage: 本年收入合计 4125.49 = 一般公共预算财政拨款收入 3859.16 + 其他收入
266.33; 本年支出合计 4143.91 = 基本支出 1140.27 + 项目支出 3003.64 (万元, all 一般公共预算)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perfeval.schema import FUND, FUND_GENERAL, INCOME, INCOME_ITEM, ROW, TABLE_COLUMNS, make_table
from tests.audit_corpus import PASSAGES
from tests.builders import basic, project, workbook
from tests.real_corpus import TRUE, UNCHECKED, WRONG, count


@dataclass(frozen=True)
class Figure:
    figure: str
    label: str
    expected: str = ""
    occurrence: int = 0


@dataclass(frozen=True)
class Passage:
    text: str
    unit: str
    year: int
    figures: tuple[Figure, ...]

    def workbook(self):
        book = workbook(self.unit, self.year, [basic(None, "1140.27"), project(None, "3003.64")])
        rows = [("财政拨款收入", "3859.16"), ("其他收入", "266.33")]
        book.income = make_table(
            [
                {ROW: i + 3, FUND: FUND_GENERAL, INCOME_ITEM: k, INCOME: Decimal(v)}
                for i, (k, v) in enumerate(rows)
            ],
            TABLE_COLUMNS["income"],
        )
        return book


@dataclass(frozen=True)
class Plant:
    passage: int
    old: str
    new: str
    figure: str
    expected: str


TRUE_FIGURES = ("4125.49万元", "3859.16万元", "93.54%", "266.33万元", "6.46%", "4143.91万元")
PASSAGE = Passage(
    PASSAGES[1].text,
    "某县某单位",
    2022,
    (
        *(Figure(f, TRUE) for f in (*TRUE_FIGURES, "1140.27万元", "27.52%", "72.48%")),
        Figure("0万元", UNCHECKED),  # 政府性基金预算财政拨款收入: the data has no such fund
    ),
)
PLANTS = (
    Plant(0, "基本支出1140.27万元", "基本支出1410.27万元", "1410.27万元", "1140.27万元"),
    Plant(0, "其他收入266.33万元", "其他收入266.83万元", "266.83万元", "266.33万元"),
)


def test_a_real_passage_against_its_own_figures_meets_every_label() -> None:
    counts = count([PASSAGE], PLANTS)
    assert counts.disagreements == []
    assert (len(counts.plants_found), len(counts.expected_right)) == (2, 2)
    assert counts.false_alarms == [] and counts.true_figures == 9


def test_the_harness_reports_a_label_the_audit_does_not_meet() -> None:
    wrong_label = Passage(PASSAGE.text, PASSAGE.unit, 2022, (Figure("93.54%", WRONG, "93.55%"),))
    bad_plant = Plant(0, "基本支出1140.27万元", "基本支出1410.27万元", "1410.27万元", "1410.27万元")
    counts = count([wrong_label], [bad_plant])
    assert counts.disagreements == [
        "passage 0 93.54%: wrong, audit says 一致",
        "plant 0 基本支出1140.27万元 → 基本支出1410.27万元: 应为 '1140.27万元', labelled '1410.27万元'",
    ]
