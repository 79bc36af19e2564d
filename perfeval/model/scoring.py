"""The self-evaluation score (自评得分), exactly as /work/shared/spec/scoring.md states it.

Arithmetic is exact: Decimal for every figure, `fractions.Fraction` where a weight is split, one
division per 得分 (numerator exact, working precision 50), and `fmt.round2` (half-up) for every
rounding. Each 得分 is rounded; part scores and the raw total are sums of rounded 得分; the total is
`round2(100 × raw_total / rests_on)`, so the printed table adds up to the printed total.

Decisions where the spec is silent (each is also stated in the part 说明 shown to users):

* **Weights from the sheet.** When every indicator row has 分值, the indicator parts carry the sum
  of their rows' 分值 and the part weights are ignored; 预算执行率 keeps its part weight (10 by
  default), so a sheet whose 分值 sum to 90 gives the usual 100. Whatever they sum to, the total is
  rescaled to 100 over what was scored.
* **未量化 with sheet weights.** The row's 分值 stays in its part and is shared by the part's scored
  indicators in proportion to their own 分值 (equally if those are all 0).
* **Mixed 分值** (some rows given, some blank — flagged as ``partial_weights``): rows with 分值 keep
  it; a part's blank scored rows share what is left of the default part weight after the 分值 of its
  scored rows, never less than 0. A 未量化 row's 分值 is thereby freed for the blank rows; if the part
  has no blank scored rows, the part rests on the 分值 of its scored rows only.
* **Cents.** Every weight an indicator carries (ASSIGNED_WEIGHT) is apportioned in whole cents by
  largest remainder (ties to the earlier row), so 50 over 3 indicators is 16.67 + 16.67 + 16.66 and
  a part's weights add up to the part's 分值. Hence 0 ≤ 得分 ≤ its weight and 0 ≤ total ≤ 100.
* **Nothing scorable** (no budget figure, no scorable indicator, or everything weighs 0): `total`
  is None and `grade` is GRADE_NONE ("无法评分"); raw_total and rests_on are 0.
* A left-out part appears in `parts` with 分值 0, 得分 0 and 纳入评分 False, so the 分值 and 得分 columns
  sum to rests_on and raw_total; its default weight is named in 说明.
* Beyond the table in the spec: ≥ and ≤ with a negative target A are scored by the shortfall
  relative to |A| (`w × max(0, 1 − shortfall/|A|)`), which equals the spec's formulas for A > 0;
  a ≥ result below 0 against A > 0 scores 0. COMPLETION is None where the ratio has no meaning
  (A ≤ 0 for ≥, A = 0 for =, A ≤ 0 or B ≤ 0 for ≤, 定性, 未量化). A blank 指标方向 means ≥.
* STATUS: 达标 when the result meets the target in its direction (full marks), else 未达标; 定性 rows
  get 定性, rows not scored get 未量化.
* Findings: 未说明偏差原因 is raised for quantitative rows not met and for 定性 rows 部分达成/未达成;
  目标值可能偏低 needs A ≥ 0 (B ≥ 1.3 × A is meaningless for a negative target, and a "≥ 0" target
  is flagged) and is not raised where the result is a unit slip against the target; 单位可能有误 compares a result with its target and with 上年完成值 (ratio within
  3 000–30 000 either way).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from perfeval.fmt import round2
from perfeval.schema import (
    DIR_EQ,
    DIR_GE,
    DIR_LE,
    DIR_QUAL,
    L1_COST,
    L1_OUTCOME,
    L1_OUTPUT,
    L1_SATISFACTION,
    PART,
    PART_EXECUTION,
    QUAL_MET,
    QUAL_MISSED,
    QUAL_PARTIAL,
    SCORE,
    WEIGHT,
)

# ---------------------------------------------------------------- constants of this module
# First-level rows of other frameworks (项目决策, 过程管理, 预算执行 …) have no rule in scoring.md:
# they are one more part, weighted by the form's own 分值 only (default 0), and its 说明 says so.
PART_OTHER = "其他指标"
FRAMEWORK_WORDS = ("决策", "过程", "管理", "执行")
PARTS = (PART_EXECUTION, L1_OUTPUT, L1_OUTCOME, L1_SATISFACTION)  # order of ScoreResult.parts
INDICATOR_PARTS = (L1_OUTPUT, L1_OUTCOME, L1_SATISFACTION)
ALL_PARTS = (*PARTS, PART_OTHER)  # PART_OTHER follows, where a form has such rows
DEFAULT_PART_WEIGHTS: dict[str, Decimal] = {
    PART_EXECUTION: Decimal(10),
    L1_OUTPUT: Decimal(50),
    L1_OUTCOME: Decimal(30),
    L1_SATISFACTION: Decimal(10),
}
PART_WEIGHT = WEIGHT  # "分值" column of ScoreResult.parts: the weight the part carried
INCLUDED = "纳入评分"  # bool column of ScoreResult.parts
EXPLANATION = "说明"  # text column of ScoreResult.parts
PARTS_COLUMNS = (PART, PART_WEIGHT, SCORE, INCLUDED, EXPLANATION)

GRADE_EXCELLENT = "优"
GRADE_GOOD = "良"
GRADE_FAIR = "中"
GRADE_POOR = "差"
GRADE_NONE = "无法评分"
GRADES: tuple[tuple[Decimal, str], ...] = (  # (lowest total of the grade, grade), best first
    (Decimal(90), GRADE_EXCELLENT),
    (Decimal(80), GRADE_GOOD),
    (Decimal(60), GRADE_FAIR),
    (Decimal("-Infinity"), GRADE_POOR),
)
QUAL_FACTORS = {QUAL_MET: Decimal(1), QUAL_PARTIAL: Decimal("0.7"), QUAL_MISSED: Decimal("0.3")}
TARGET_LOW_FACTOR = Decimal("1.3")
UNIT_SLIP_LOW = Decimal(3000)
UNIT_SLIP_HIGH = Decimal(30000)
HUNDRED = Decimal(100)

CODE_MISSING_REASON = "missing_reason"
CODE_TARGET_LOW = "target_low"
CODE_UNQUANTIFIED = "unquantified"
CODE_PARTIAL_WEIGHTS = "partial_weights"

PRECISION = 50


# ---------------------------------------------------------------- small pieces
def grade(total: Decimal | None) -> str:
    """优 ≥ 90 · 良 80 to under 90 · 中 60 to under 80 · 差 under 60; None → 无法评分."""
    if total is None:
        return GRADE_NONE
    for lowest, name in GRADES:
        if total >= lowest:
            return name
    return GRADE_POOR


def part_of(l1: str) -> str:
    """The scoring part an 一级指标 belongs to: 成本指标 counts in 产出指标; a framework's first
    level (项目决策, 项目管理 …) in PART_OTHER."""
    if l1 == L1_COST:
        return L1_OUTPUT
    if l1 in INDICATOR_PARTS or l1 == PART_OTHER:
        return l1
    if any(word in l1 for word in FRAMEWORK_WORDS):
        return PART_OTHER
    raise ValueError(f"未知的一级指标：{l1!r}")


def is_unit_slip(value: Decimal | None, reference: Decimal | None) -> bool:
    """True when value / reference is near 10 000 or 1/10 000 (a 万元 / 亿元 or 元 / 万元 slip):
    the ratio, in absolute value, within 3 000–30 000 or 1/30 000–1/3 000."""
    if value is None or reference is None or value == 0 or reference == 0:
        return False
    with localcontext() as ctx:
        ctx.prec = PRECISION
        ratio = abs(Decimal(value) / Decimal(reference))
        if ratio < 1:
            ratio = 1 / ratio
    return UNIT_SLIP_LOW <= ratio <= UNIT_SLIP_HIGH


def direction_or_ge(direction: str | None) -> str:
    return DIR_GE if direction is None or direction == "" else direction


def _completion(direction: str, target: Decimal, result: Decimal) -> Decimal | None:
    """The ratio shown as 完成率: B/A for ≥ and =, A/B for ≤; None where it means nothing."""
    if direction == DIR_GE:
        return result / target if target > 0 else None
    if direction == DIR_EQ:
        return result / target if target != 0 else None
    if direction == DIR_LE:
        return target / result if target > 0 and result > 0 else None
    return None


def is_met(
    direction: str, target: Decimal | None, result: Decimal | None, level: str | None
) -> bool:
    """Whether a scorable indicator reached its target (full marks)."""
    direction = direction_or_ge(direction)
    if direction == DIR_QUAL:
        return level == QUAL_MET
    assert target is not None and result is not None
    if direction == DIR_GE:
        return result >= target
    if direction == DIR_LE:
        return result <= target
    return result == target


def indicator_score(
    direction: str | None,
    target: Decimal | None,
    result: Decimal | None,
    level: str | None,
    weight: Decimal | None,
) -> tuple[Decimal | None, Decimal | None]:
    """(完成率 shown, 得分 rounded half-up to 2 decimals) for one indicator, per scoring.md.

    The score is None when the indicator cannot be scored (未量化, no result, no 定性 level) or
    when no weight is given; the completion ratio is given whenever it has a meaning."""
    direction = direction_or_ge(direction)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        if direction == DIR_QUAL:
            if level not in QUAL_FACTORS or weight is None:
                return None, None
            return None, round2(weight * QUAL_FACTORS[level])
        if direction not in (DIR_GE, DIR_LE, DIR_EQ):
            raise ValueError(f"未知的指标方向：{direction!r}")
        if target is None or result is None:
            return None, None
        a, b = Decimal(target), Decimal(result)
        completion = _completion(direction, a, b)
        if weight is None:
            return completion, None
        w = Decimal(weight)
        if direction == DIR_GE:
            if b >= a:
                raw = w
            elif a > 0:
                raw = w * max(b, Decimal(0)) / a  # w × min(B/A, 1), never below 0
            elif a == 0:
                raw = Decimal(0)  # A = 0: w if B ≥ 0, else 0
            else:
                raw = w * max(Decimal(0), abs(a) - (a - b)) / abs(a)
        elif direction == DIR_LE:
            if b <= a:
                raw = w
            elif a == 0:
                raw = Decimal(0)  # A = 0: w if B ≤ 0, else 0
            else:
                # w × (1 − (B−A)/A) for A < B < 2A, 0 from 2A on (|A| generalises to A < 0)
                raw = w * max(Decimal(0), abs(a) - (b - a)) / abs(a)
        else:  # DIR_EQ
            if b == a:
                raw = w
            elif a == 0:
                raw = Decimal(0)
            else:
                raw = w * max(Decimal(0), abs(a) - abs(b - a)) / abs(a)
        return completion, round2(raw)
