"""The self-evaluation score, against hand-computed figures (scoring.md)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.fmt import percent
from perfeval.model.scorecard import score
from perfeval.model.scoring import (
    CODE_MISSING_REASON,
    CODE_PARTIAL_WEIGHTS,
    CODE_TARGET_LOW,
    CODE_UNQUANTIFIED,
    DEFAULT_PART_WEIGHTS,
    EXPLANATION,
    GRADE_NONE,
    INCLUDED,
    PART_OTHER,
    PART_WEIGHT,
    PARTS,
    grade,
    indicator_score,
    is_unit_slip,
    part_of,
)
from perfeval.schema import (
    ASSIGNED_WEIGHT,
    CODE_UNIT_SLIP,
    COMPLETION,
    DIR_EQ,
    DIR_GE,
    DIR_LE,
    DIR_QUAL,
    DIRECTION,
    KPI_NAME,
    L1,
    L1_COST,
    L1_OUTCOME,
    L1_OUTPUT,
    L1_SATISFACTION,
    PART,
    PART_EXECUTION,
    PREV_RESULT,
    QUAL_MET,
    QUAL_MISSED,
    QUAL_PARTIAL,
    REASON,
    RESULT,
    RESULT_LEVEL,
    ROW,
    SCORE,
    SHEET_KPI,
    STATUS,
    STATUS_MET,
    STATUS_MISSED,
    STATUS_QUAL,
    STATUS_UNQUANTIFIED,
    TABLE_COLUMNS,
    TARGET,
    WEIGHT,
    make_table,
)

_row_counter = iter(range(2, 10_000))


def kpi(
    name: str,
    l1: str = L1_OUTPUT,
    direction: str = DIR_GE,
    target: str | None = "100",
    result: str | None = "100",
    *,
    level: str | None = None,
    weight: str | None = None,
    reason: str | None = None,
    prev: str | None = None,
    row: int | None = None,
) -> dict:
    """One 绩效指标 record as the reader gives it."""
    if direction == DIR_QUAL:
        target = result = None
    return {
        ROW: row if row is not None else next(_row_counter),
        L1: l1,
        KPI_NAME: name,
        DIRECTION: direction,
        TARGET: None if target is None else D(target),
        RESULT: None if result is None else D(result),
        RESULT_LEVEL: level,
        WEIGHT: None if weight is None else D(weight),
        REASON: reason,
        PREV_RESULT: None if prev is None else D(prev),
    }


def table(*records: dict):
    return make_table(list(records), TABLE_COLUMNS["indicators"])


def by_name(result, name: str) -> dict:
    frame = result.indicators
    return frame[frame[KPI_NAME] == name].iloc[0].to_dict()


def part(result, name: str) -> dict:
    frame = result.parts
    return frame[frame[PART] == name].iloc[0].to_dict()


def codes(result) -> list[tuple[str, int | None]]:
    return [(p.code, p.row) for p in result.findings]


# ---------------------------------------------------------------- the worked example
def test_worked_example_cloud_enterprises():
    completion, got = indicator_score(DIR_GE, D(560), D(588), None, D(25))
    assert completion == D("1.05")
    assert percent(completion) == "105.00%"
    assert got == D("25.00")


def test_worked_example_platform_enterprises_full_marks_and_target_low():
    completion, got = indicator_score(DIR_GE, D(120), D(293), None, D(25))
    assert percent(completion) == "244.17%"
    assert got == D("25.00")
    result = score(
        table(
            kpi("上云企业数", target="560", result="588", row=5),
            kpi("上平台企业数", target="120", result="293", row=6),
        ),
        D(1000),
        D(1000),
    )
    assert by_name(result, "上云企业数")[SCORE] == D("25.00")
    assert by_name(result, "上平台企业数")[SCORE] == D("25.00")
    assert by_name(result, "上云企业数")[COMPLETION] == D("1.05")
    assert codes(result) == [(CODE_TARGET_LOW, 6)]
    low = result.findings[0]
    assert low.level == "warning" and low.sheet == SHEET_KPI and low.column == TARGET
    assert "上平台企业数" in low.message and "目标值可能偏低" in low.message
    assert "244.17%" in low.message


def test_rounding_half_up_in_decimal():
    # 15 × 39.32 / 40 = 14.745 exactly → 14.75 (a binary float would give 14.74)
    assert indicator_score(DIR_GE, D(40), D("39.32"), None, D(15)) == (D("0.983"), D("14.75"))


# ---------------------------------------------------------------- one indicator, each direction
@pytest.mark.parametrize(
    ("target", "result", "expected"),
    [
        ("100", "100", "10.00"),
        ("100", "150", "10.00"),
        ("100", "85", "8.50"),
        ("3", "1", "3.33"),  # 10 × 1/3
        ("100", "-5", "0.00"),
        ("0", "0", "10.00"),  # A = 0: w if B ≥ 0
        ("0", "7", "10.00"),
        ("0", "-1", "0.00"),
    ],
)
def test_ge(target, result, expected):
    assert indicator_score(DIR_GE, D(target), D(result), None, D(10))[1] == D(expected)


def test_ge_completion_none_when_target_zero():
    assert indicator_score(DIR_GE, D(0), D(5), None, D(10)) == (None, D("10.00"))


@pytest.mark.parametrize(
    ("target", "result", "expected_score", "expected_completion"),
    [
        ("3", "2", "10.00", "1.5"),  # B < A: full; 完成率 A/B
        ("3", "3", "10.00", "1"),  # B = A
        ("3", "4.5", "5.00", None),  # B = 1.5A: 10 × (1 − 0.5)
        ("3", "3.5", "8.33", None),  # 10 × (1 − 0.5/3) = 8.333…
        ("3", "5.99", "0.03", None),  # just under 2A
        ("3", "6", "0.00", None),  # B = 2A
        ("3", "9", "0.00", None),  # beyond 2A
        ("0", "0", "10.00", None),  # A = 0: w if B ≤ 0
        ("0", "-1", "10.00", None),
        ("0", "0.01", "0.00", None),  # A = 0, B > 0: 0
    ],
)
def test_le(target, result, expected_score, expected_completion):
    completion, got = indicator_score(DIR_LE, D(target), D(result), None, D(10))
    assert got == D(expected_score)
    if expected_completion is not None:
        assert completion == D(expected_completion)


def test_le_completion_is_a_over_b():
    completion, _ = indicator_score(DIR_LE, D(3), D("4.5"), None, D(10))
    assert percent(completion) == "66.67%"
    assert indicator_score(DIR_LE, D(0), D(0), None, D(10))[0] is None


@pytest.mark.parametrize(
    ("target", "result", "expected"),
    [
        ("100", "100", "10.00"),
        ("100", "110", "9.00"),  # over by 10%
        ("100", "80", "8.00"),  # under by 20%
        ("100", "250", "0.00"),  # never below 0
        ("100", "0", "0.00"),
        ("0", "0", "10.00"),  # A = 0: w if B = 0
        ("0", "1", "0.00"),
        ("-10", "-12", "8.00"),  # abs(A) in the denominator
    ],
)
def test_eq(target, result, expected):
    assert indicator_score(DIR_EQ, D(target), D(result), None, D(10))[1] == D(expected)


def test_eq_completion():
    assert indicator_score(DIR_EQ, D(100), D(110), None, D(10))[0] == D("1.1")
    assert indicator_score(DIR_EQ, D(0), D(0), None, D(10))[0] is None


@pytest.mark.parametrize(
    ("level", "weight", "expected"),
    [
        (QUAL_MET, "10", "10.00"),
        (QUAL_PARTIAL, "10", "7.00"),
        (QUAL_MISSED, "10", "3.00"),
        (QUAL_PARTIAL, "16.67", "11.67"),  # 11.669
        (QUAL_MISSED, "16.67", "5.00"),  # 5.001
        (QUAL_PARTIAL, "0.05", "0.04"),  # 0.035 half-up
    ],
)
def test_qualitative(level, weight, expected):
    assert indicator_score(DIR_QUAL, None, None, level, D(weight)) == (None, D(expected))


def test_unquantified_or_unweighted_gives_no_score():
    assert indicator_score(DIR_GE, None, D(5), None, D(10)) == (None, None)
    assert indicator_score(DIR_GE, D(4), D(5), None, None) == (D("1.25"), None)
    assert indicator_score(None, D(4), D(5), None, D(10)) == (D("1.25"), D("10.00"))  # default ≥


# ---------------------------------------------------------------- small helpers
@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_boundaries(total, expected):
    assert grade(D(total)) == expected


def test_grade_none():
    assert grade(None) == GRADE_NONE


def test_part_of():
    assert part_of(L1_COST) == L1_OUTPUT
    assert part_of(L1_OUTPUT) == L1_OUTPUT
    assert part_of(L1_OUTCOME) == L1_OUTCOME
    assert part_of(L1_SATISFACTION) == L1_SATISFACTION
    # a framework's first levels (决策 / 过程管理): one more part, weighted by the form alone
    assert part_of("项目决策") == part_of("过程管理") == part_of(PART_OTHER) == PART_OTHER
    with pytest.raises(ValueError):
        part_of("社会指标")


@pytest.mark.parametrize(
    ("value", "reference", "expected"),
    [
        ("50000", "5", True),  # 10 000×
        ("0.0005", "5", True),  # 1/10 000
        ("3000", "1", True),
        ("30000", "1", True),
        ("2999", "1", False),
        ("30001", "1", False),
        ("1", "3000", True),
        ("1", "2999", False),
        ("-50000", "5", True),
        ("100", "100", False),
        ("0", "5", False),
        ("5", "0", False),
        (None, "5", False),
        ("5", None, False),
    ],
)
def test_is_unit_slip(value, reference, expected):
    value = None if value is None else D(value)
    reference = None if reference is None else D(reference)
    assert is_unit_slip(value, reference) is expected


# ---------------------------------------------------------------- the whole score
def full_sheet():
    return table(
        kpi("A", target="560", result="588", row=2),  # 16.67 full
        kpi("B", l1=L1_COST, direction=DIR_LE, target="100", result="110", row=3, reason="涨价"),
        kpi("C", direction=DIR_EQ, target="100", result="100", row=4),  # 16.66 full
        kpi("D", l1=L1_OUTCOME, target="40", result="39.32", row=5, reason="疫情"),
        kpi("E", l1=L1_OUTCOME, target="10", result="12", row=6),
        kpi("F", l1=L1_SATISFACTION, direction=DIR_QUAL, level=QUAL_PARTIAL, row=7),
    )


def test_default_weights_nothing_rescaled():
    result = score(full_sheet(), D("1000"), D("950"))
    # 预算执行率: 10 × 0.95
    assert result.execution_rate == D("0.95")
    assert result.execution_score == D("9.50")
    # 产出 50 over A, B (成本), C: 16.67, 16.67, 16.66
    assert [by_name(result, n)[ASSIGNED_WEIGHT] for n in "ABC"] == [
        D("16.67"),
        D("16.67"),
        D("16.66"),
    ]
    # B: ≤, 110 vs 100 → 16.67 × 0.9 = 15.003 → 15.00
    assert by_name(result, "B")[SCORE] == D("15.00")
    assert by_name(result, "B")[PART] == L1_OUTPUT
    # 效益 30 over D, E: D = 15 × 39.32/40 = 14.745 → 14.75; E full 15
    assert by_name(result, "D")[SCORE] == D("14.75")
    assert by_name(result, "E")[SCORE] == D("15.00")
    # 满意度 10, 部分达成 → 7
    assert by_name(result, "F")[SCORE] == D("7.00")
    assert [by_name(result, n)[STATUS] for n in "ABCDEF"] == [
        STATUS_MET,
        STATUS_MISSED,
        STATUS_MET,
        STATUS_MISSED,
        STATUS_MET,
        STATUS_QUAL,
    ]
    assert result.parts[PART].tolist() == list(PARTS)
    assert result.parts[PART_WEIGHT].tolist() == [D(10), D(50), D(30), D(10)]
    assert result.parts[SCORE].tolist() == [D("9.50"), D("48.33"), D("29.75"), D("7.00")]
    assert result.parts[INCLUDED].tolist() == [True, True, True, True]
    assert result.rests_on == D(100)
    # 9.50 + 48.33 + 29.75 + 7.00
    assert result.raw_total == D("94.58")
    assert result.total == D("94.58")
    assert result.grade == "优"
    assert result.weights_from_sheet is False
    assert result.unquantified == []
    # the table of rounded 得分 adds up to the printed total
    assert sum(s for s in result.indicators[SCORE]) + result.execution_score == result.total
    assert sum(result.parts[SCORE]) == result.total
    # E is 1.2 × target (below 1.3): no target_low; F 部分达成 without reason
    assert codes(result) == [(CODE_MISSING_REASON, 7)]


def test_output_keeps_rows_and_columns():
    sheet = full_sheet()
    result = score(sheet, D(1), D(1))
    assert result.indicators[KPI_NAME].tolist() == list("ABCDEF")
    new = [PART, ASSIGNED_WEIGHT, COMPLETION, SCORE, STATUS]
    assert list(result.indicators.columns) == [*sheet.columns, *new]
    assert all(result.indicators[c].dtype == object for c in new)
    assert PART not in sheet.columns  # input untouched


def test_unquantified_share_goes_to_part_others():
    result = score(
        table(
            kpi("A", target="10", result="10", row=2),
            kpi("B", target=None, result="8", row=3),
            kpi("C", target="10", result="5", row=4, reason="延期"),
            kpi("D", l1=L1_OUTCOME, row=5),
            kpi("E", l1=L1_SATISFACTION, row=6),
        ),
        D(100),
        D(100),
    )
    assert by_name(result, "A")[ASSIGNED_WEIGHT] == D("25.00")
    assert by_name(result, "C")[ASSIGNED_WEIGHT] == D("25.00")
    assert by_name(result, "C")[SCORE] == D("12.50")
    b = by_name(result, "B")
    assert b[ASSIGNED_WEIGHT] is None and b[SCORE] is None and b[COMPLETION] is None
    assert b[STATUS] == STATUS_UNQUANTIFIED
    assert result.unquantified == ["B"]
    assert part(result, L1_OUTPUT)[PART_WEIGHT] == D(50)
    assert "未量化" in part(result, L1_OUTPUT)[EXPLANATION]
    assert result.total == D("87.50")  # 10 + 25 + 12.5 + 30 + 10
    assert result.grade == "良"
    unq = [p for p in result.findings if p.code == CODE_UNQUANTIFIED]
    assert len(unq) == 1
    assert "1项" in unq[0].message and "「B」" in unq[0].message
    assert unq[0].sheet == SHEET_KPI


def test_parts_left_out_total_rescaled_to_100():
    # only 预算执行率 and 产出 can be scored: rests on 60
    result = score(
        table(
            kpi("A", target="10", result="10"),
            kpi("B", target="10", result="8", reason="x"),
            kpi("C", l1=L1_OUTCOME, target=None, result="3"),
        ),
        D(200),
        D(190),
    )
    assert result.execution_score == D("9.50")
    assert result.rests_on == D(60)
    assert result.raw_total == D("54.50")  # 9.50 + 25 + 20
    assert result.total == D("90.83")  # 100 × 54.50 / 60 = 90.833…
    assert result.grade == "优"
    out = part(result, L1_OUTCOME)
    assert out[INCLUDED] is False and out[PART_WEIGHT] == 0 and out[SCORE] == 0
    # one indicator: "「C」未量化", not "均未量化" ("均" needs several)
    assert "本部分指标「C」未量化，未纳入评分（默认30分）" in out[EXPLANATION]
    sat = part(result, L1_SATISFACTION)
    assert sat[INCLUDED] is False and "无本部分指标" in sat[EXPLANATION]
    assert sum(result.parts[PART_WEIGHT]) == result.rests_on
    assert sum(result.parts[SCORE]) == result.raw_total


@pytest.mark.parametrize(("budget", "actual"), [(None, D(5)), (D(0), D(5)), (D(5), None)])
def test_no_budget_leaves_execution_out(budget, actual):
    result = score(full_sheet(), budget, actual)
    assert result.execution_rate is None and result.execution_score is None
    ex = part(result, PART_EXECUTION)
    assert ex[INCLUDED] is False and "未纳入评分" in ex[EXPLANATION]
    assert result.rests_on == D(90)
    assert result.raw_total == D("85.08")
    assert result.total == D("94.53")  # 100 × 85.08 / 90 = 94.533…


def test_execution_capped_at_full_marks():
    result = score(table(), D(100), D(120))
    assert result.execution_rate == D("1.2")
    assert result.execution_score == D("10.00")
    assert result.rests_on == D(10)
    assert result.total == D("100.00")


def test_nothing_scorable():
    result = score(table(kpi("A", target=None, result="3")), None, None)
    assert result.total is None
    assert result.grade == GRADE_NONE
    assert result.raw_total == 0 and result.rests_on == 0
    assert result.parts[INCLUDED].tolist() == [False] * 4
    assert result.unquantified == ["A"]


def test_empty_sheet_weights_not_from_sheet():
    result = score(table(), None, None)
    assert result.weights_from_sheet is False
    assert result.total is None and result.findings == []


def test_all_weights_from_sheet_used_as_given():
    result = score(
        table(
            kpi("A", target="40", result="39.32", weight="15", reason="r"),
            kpi("B", l1=L1_COST, weight="25"),
            kpi("C", l1=L1_OUTCOME, weight="20"),
            kpi("D", l1=L1_SATISFACTION, direction=DIR_QUAL, level=QUAL_MET, weight="20"),
        ),
        D(100),
        D(100),
    )
    assert result.weights_from_sheet is True
    assert [by_name(result, n)[ASSIGNED_WEIGHT] for n in "ABCD"] == [D(15), D(25), D(20), D(20)]
    assert result.parts[PART_WEIGHT].tolist() == [D(10), D(40), D(20), D(20)]
    assert result.rests_on == D(90)  # 10 (预算执行率 keeps its default) + 80 from the sheet
    assert result.raw_total == D("89.75")  # 10 + 14.75 + 25 + 20 + 20
    assert result.total == D("99.72")  # 100 × 89.75 / 90 = 99.722…
    assert "表内分值" in part(result, PART_EXECUTION)[EXPLANATION]
    assert not [p for p in result.findings if p.code == CODE_PARTIAL_WEIGHTS]


def test_sheet_weights_summing_to_90_give_plain_total():
    result = score(
        table(
            kpi("A", weight="30"),
            kpi("B", weight="30", target="10", result="9", reason="r"),
            kpi("C", l1=L1_OUTCOME, weight="20"),
            kpi("D", l1=L1_SATISFACTION, weight="10"),
        ),
        D(100),
        D(90),
    )
    assert result.rests_on == D(100)
    assert result.total == result.raw_total == D("96.00")  # 9 + 30 + 27 + 20 + 10


def test_sheet_weights_unquantified_shared_in_proportion():
    result = score(
        table(
            kpi("A", weight="20", target=None),
            kpi("B", weight="10"),
            kpi("C", weight="30"),
            kpi("D", l1=L1_OUTCOME, weight="30"),
        ),
        None,
        None,
    )
    # 产出 keeps its 60, shared 1 : 3 by B and C
    assert by_name(result, "B")[ASSIGNED_WEIGHT] == D("15.00")
    assert by_name(result, "C")[ASSIGNED_WEIGHT] == D("45.00")
    assert part(result, L1_OUTPUT)[PART_WEIGHT] == D(60)
    assert result.rests_on == D(90)
    assert result.total == D("100.00")


def test_mixed_weights_blank_rows_share_the_rest():
    result = score(
        table(
            kpi("A", weight="30", row=2),
            kpi("B", row=3),
            kpi("C", target="10", result="5", row=4, reason="r"),
            kpi("D", l1=L1_OUTCOME, row=5),
            kpi("E", l1=L1_OUTCOME, row=6),
            kpi("F", l1=L1_SATISFACTION, weight="4", row=7),
        ),
        None,
        None,
    )
    assert result.weights_from_sheet is False
    # 产出: A keeps 30, B and C share 50 − 30
    assert [by_name(result, n)[ASSIGNED_WEIGHT] for n in "ABC"] == [D(30), D(10), D(10)]
    assert by_name(result, "C")[SCORE] == D("5.00")
    # 效益: nothing given → default 30 split; 满意度: F keeps 4, no blank rows → part is 4
    assert by_name(result, "D")[ASSIGNED_WEIGHT] == D(15)
    assert part(result, L1_SATISFACTION)[PART_WEIGHT] == D(4)
    assert result.rests_on == D(84)
    assert result.raw_total == D("79.00")
    assert result.total == D("94.05")  # 100 × 79 / 84 = 94.047…
    mixed = [p for p in result.findings if p.code == CODE_PARTIAL_WEIGHTS]
    assert len(mixed) == 1 and mixed[0].column == WEIGHT
    assert "剩余20分" in part(result, L1_OUTPUT)[EXPLANATION]


def test_mixed_weights_never_negative():
    result = score(table(kpi("A", weight="60"), kpi("B")), None, None)
    assert by_name(result, "A")[ASSIGNED_WEIGHT] == D(60)
    assert by_name(result, "B")[ASSIGNED_WEIGHT] == D(0)
    assert by_name(result, "B")[SCORE] == D("0.00")
    assert result.rests_on == D(60)
    assert result.total == D("100.00")


# ---------------------------------------------------------------- findings
def test_missing_reason_only_when_short_and_unexplained():
    result = score(
        table(
            kpi("短缺无说明", target="10", result="9", row=11),
            kpi("短缺有说明", target="10", result="9", row=12, reason="资金未到位"),
            kpi("空白说明", target="10", result="9", row=13, reason="  "),
            kpi("超支", direction=DIR_LE, target="10", result="11", row=14),
            kpi("达标", direction=DIR_LE, target="10", result="9", row=15),
            kpi("定性未达成", l1=L1_SATISFACTION, direction=DIR_QUAL, level=QUAL_MISSED, row=16),
            kpi("定性达成", l1=L1_SATISFACTION, direction=DIR_QUAL, level=QUAL_MET, row=17),
        ),
        None,
        None,
    )
    assert codes(result) == [
        (CODE_MISSING_REASON, 11),
        (CODE_MISSING_REASON, 13),
        (CODE_MISSING_REASON, 14),
        (CODE_MISSING_REASON, 16),
    ]
    first = result.findings[0]
    assert first.column == REASON and first.sheet == SHEET_KPI and first.level == "warning"
    assert "短缺无说明" in first.message and "未说明偏差原因" in first.message


def test_target_low_threshold():
    result = score(
        table(
            kpi("1.29倍", target="100", result="129", row=2),
            kpi("1.3倍", target="100", result="130", row=3),
            kpi("≤不算", direction=DIR_LE, target="100", result="20", row=4),
        ),
        None,
        None,
    )
    assert codes(result) == [(CODE_TARGET_LOW, 3)]


def test_unit_slip_against_target_and_last_year():
    result = score(
        table(
            kpi("对目标", target="5", result="50000", row=2),
            kpi("对上年", target="100", result="100", prev="0.01", row=3),
            kpi("正常", target="100", result="100", prev="90", row=4),
        ),
        None,
        None,
    )
    slips = [p for p in result.findings if p.code == CODE_UNIT_SLIP]
    assert [(p.row, p.column) for p in slips] == [(2, RESULT), (3, RESULT)]
    assert "单位可能有误" in slips[0].message and "对目标" in slips[0].message
    assert "上年完成值" in slips[1].message
    # a 10 000× result against its target is a unit slip, not a low target
    assert CODE_TARGET_LOW not in [p.code for p in result.findings]


def test_part_notes():
    result = score(
        table(kpi("A"), kpi("B"), kpi("C"), kpi("D", l1=L1_SATISFACTION)), D(100), D(100)
    )
    assert part(result, L1_OUTPUT)[EXPLANATION] == "50分由3项指标平均分配（每项16.67或16.66分）"
    assert part(result, L1_SATISFACTION)[EXPLANATION] == "10分由该项指标承担"
    assert part(result, PART_EXECUTION)[EXPLANATION].startswith(
        "执行率 = 全年执行数100.00万元 / 全年预算数100.00万元 = 100.00%"
    )


# ---------------------------------------------------------------- properties
decimals = st.decimals(
    min_value=-1000, max_value=100_000, places=2, allow_nan=False, allow_infinity=False
)
weights = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(
    direction=st.sampled_from([DIR_GE, DIR_LE, DIR_EQ]),
    target=decimals,
    result=decimals,
    weight=weights,
)
def test_indicator_score_between_zero_and_weight(direction, target, result, weight):
    _, got = indicator_score(direction, target, result, None, weight)
    assert got is not None
    assert D(0) <= got <= weight
    assert got == got.quantize(D("0.01"))


@st.composite
def indicator_rows(draw):
    n = draw(st.integers(min_value=0, max_value=8))
    with_weights = draw(st.sampled_from(["all", "none", "some"]))
    records = []
    for i in range(n):
        direction = draw(st.sampled_from([DIR_GE, DIR_LE, DIR_EQ, DIR_QUAL]))
        weight = None
        if with_weights == "all" or (with_weights == "some" and draw(st.booleans())):
            weight = str(draw(weights))
        records.append(
            kpi(
                f"指标{i}",
                l1=draw(st.sampled_from([L1_OUTPUT, L1_OUTCOME, L1_SATISFACTION, L1_COST])),
                direction=direction,
                target=draw(st.none() | decimals.map(str)),
                result=str(draw(decimals)),
                level=draw(st.sampled_from([QUAL_MET, QUAL_PARTIAL, QUAL_MISSED])),
                weight=weight,
                row=i + 2,
            )
        )
    return table(*records)


@settings(max_examples=200)
@given(
    sheet=indicator_rows(),
    budget=st.none() | st.decimals(min_value=0, max_value=10_000, places=2),
    actual=st.decimals(min_value=0, max_value=20_000, places=2),
)
def test_score_properties(sheet, budget, actual):
    result = score(sheet, budget, actual)
    frame = result.indicators
    for w, s in zip(frame[ASSIGNED_WEIGHT], frame[SCORE], strict=True):
        assert (w is None) == (s is None)
        if s is not None:
            assert D(0) <= s <= w
    assert sum(result.parts[SCORE]) == result.raw_total
    assert sum(result.parts[PART_WEIGHT]) == result.rests_on
    assert result.raw_total <= result.rests_on
    if result.total is None:
        assert result.rests_on == 0 and result.grade == GRADE_NONE
    else:
        assert D(0) <= result.total <= D(100)
        assert result.grade == grade(result.total)
        if result.rests_on == 100:
            assert result.total == result.raw_total
    if not result.weights_from_sheet and not any(v is not None for v in sheet[WEIGHT]):
        for p in (L1_OUTPUT, L1_OUTCOME, L1_SATISFACTION):
            row = result.parts[result.parts[PART] == p].iloc[0]
            if row[INCLUDED]:
                assert row[PART_WEIGHT] == DEFAULT_PART_WEIGHTS[p]
    assert len(result.unquantified) == (frame[STATUS] == STATUS_UNQUANTIFIED).sum()
