"""The score of one indicator sheet and its 预算执行率: weights split by part (the sheet's 分值 or the
default part weights), every row scored, parts, the total rescaled to 100, the sheet's findings. The
rules and the decisions where the spec is silent are in scoring.py."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import pandas as pd

from perfeval.fmt import CENT, money, percent, round2
from perfeval.fmt import number as fmt_number
from perfeval.model.scoring import (
    ALL_PARTS,
    CODE_MISSING_REASON,
    CODE_PARTIAL_WEIGHTS,
    CODE_TARGET_LOW,
    CODE_UNQUANTIFIED,
    DEFAULT_PART_WEIGHTS,
    EXPLANATION,
    HUNDRED,
    INCLUDED,
    INDICATOR_PARTS,
    PART_OTHER,
    PART_WEIGHT,
    PARTS_COLUMNS,
    PRECISION,
    TARGET_LOW_FACTOR,
    direction_or_ge,
    grade,
    indicator_score,
    is_met,
    is_unit_slip,
    part_of,
)
from perfeval.schema import (
    ASSIGNED_WEIGHT,
    CODE_UNIT_SLIP,
    COMPLETION,
    DIR_GE,
    DIR_QUAL,
    DIRECTION,
    KPI_NAME,
    KPI_UNIT,
    L1,
    PART,
    PART_EXECUTION,
    PREV_RESULT,
    QUAL_LEVELS,
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
    TARGET,
    TARGET_TEXT,
    WEIGHT,
    Problem,
    records,
)


def _apportion(total: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Split `total` (rounded to cents) in whole cents in proportion to `shares` (equally when they
    are all 0), by largest remainder, ties to the earlier share. The parts add up to the total."""
    if not shares:
        return []
    cents = int(round2(total) / CENT)
    fr = [Fraction(s) for s in shares]
    if sum(fr) <= 0:
        fr = [Fraction(1)] * len(shares)
    whole = sum(fr)
    quotas = [cents * s / whole for s in fr]
    floors = [math.floor(q) for q in quotas]
    left = cents - sum(floors)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(c) * CENT for c in floors]


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _value(value: Any) -> Any:
    return None if _is_blank(value) else value


def _show(rec: dict[str, Any], column: str) -> str:
    """A target or result as people read it, with its unit."""
    if column == TARGET and not _is_blank(rec.get(TARGET_TEXT)):
        return str(rec[TARGET_TEXT]).strip()
    value = _value(rec.get(column))
    unit = _value(rec.get(KPI_UNIT)) or ""
    return f"{fmt_number(value)}{unit}" if value is not None else "—"


def _names(names: list[str]) -> str:
    return "、".join(f"「{n}」" for n in names)


# ---------------------------------------------------------------- the result
@dataclass
class ScoreResult:
    indicators: pd.DataFrame  # input rows + PART, ASSIGNED_WEIGHT, COMPLETION, SCORE, STATUS
    parts: pd.DataFrame  # PARTS_COLUMNS, one row per part in PARTS order
    execution_rate: Decimal | None
    execution_score: Decimal | None
    raw_total: Decimal  # Σ rounded 得分 of what was scored
    rests_on: Decimal  # Σ 分值 of what was scored
    total: Decimal | None  # None when nothing could be scored
    grade: str
    weights_from_sheet: bool
    unquantified: list[str] = field(default_factory=list)
    findings: list[Problem] = field(default_factory=list)


def _warning(message: str, row: Any, column: str | None, code: str) -> Problem:
    return Problem(
        level="warning",
        message=message,
        sheet=SHEET_KPI,
        row=None if _is_blank(row) else int(row),
        column=column,
        code=code,
    )


@dataclass(frozen=True)
class _Rows:
    """What each indicator row is, read once: its part, direction, 分值 given, scorability."""

    recs: list[dict[str, Any]]
    parts_of: list[str]
    directions: list[str]
    given: list[Any]
    scorable: list[bool]

    @property
    def n_given(self) -> int:
        return sum(g is not None for g in self.given)

    @property
    def from_sheet(self) -> bool:
        """Every row gives its 分值: the indicator parts carry the sheet's weights."""
        return len(self.recs) > 0 and self.n_given == len(self.recs)

    @property
    def mixed(self) -> bool:
        """Some rows give 分值 and some do not."""
        return 0 < self.n_given < len(self.recs)

    def name(self, i: int) -> str:
        return str(self.recs[i][KPI_NAME])

    def of_part(self, part: str) -> list[int]:
        return [i for i, p in enumerate(self.parts_of) if p == part]


def _read_rows(indicators: pd.DataFrame) -> _Rows:
    recs: list[dict[str, Any]] = records(indicators)
    directions = [direction_or_ge(_value(rec.get(DIRECTION))) for rec in recs]
    scorable = [
        _value(rec.get(RESULT_LEVEL)) in QUAL_LEVELS
        if direction == DIR_QUAL
        else _value(rec.get(TARGET)) is not None and _value(rec.get(RESULT)) is not None
        for rec, direction in zip(recs, directions, strict=True)
    ]
    return _Rows(
        recs=recs,
        parts_of=[part_of(str(rec[L1]).strip()) for rec in recs],
        directions=directions,
        given=[_value(rec.get(WEIGHT)) for rec in recs],
        scorable=scorable,
    )


# ---------------------------------------------------------------- weighting
@dataclass(frozen=True)
class _PartWeighting:
    """The weights of one indicator part's scored rows (in row order) and the part's 说明."""

    weights: list[Decimal]
    note: str


def _unscored_part(rows: list[int], skipped: list[str], default: Decimal) -> _PartWeighting:
    all_of = "均" if len(skipped) > 1 else ""  # "均" only where there are several
    why = f"本部分指标{_names(skipped)}{all_of}未量化" if rows else "表内无本部分指标"
    note = f"{why}，未纳入评分（默认{fmt_number(default)}分），总分按已评分部分折算为百分制"
    return _PartWeighting([], note)


def _sheet_weighting(
    rows: list[int], scored: list[int], skipped: list[str], given: list[Any]
) -> _PartWeighting:
    """Every row gives 分值: the part carries their sum, shared by its scored rows."""
    whole = round2(sum((Decimal(given[i]) for i in rows), Decimal(0)))
    weights = _apportion(whole, [Decimal(given[i]) for i in scored])
    note = f"按表内分值评分，本部分合计{fmt_number(whole)}分"
    if skipped:
        note += f"；未量化指标{_names(skipped)}不评分，其分值由本部分其他指标按分值比例分担"
    return _PartWeighting(weights, note)


def _mixed_weighting(
    scored: list[int], skipped: list[str], given: list[Any], default: Decimal
) -> _PartWeighting:
    """Some rows give 分值: those keep it, the blank ones share what is left of the default."""
    fixed = [i for i in scored if given[i] is not None]
    blanks = [i for i in scored if given[i] is None]
    fixed_sum = sum((Decimal(given[i]) for i in fixed), Decimal(0))
    fixed_weights = _apportion(round2(fixed_sum), [Decimal(given[i]) for i in fixed])
    rest = max(Decimal(0), default - round2(fixed_sum))
    blank_weights = _apportion(rest, [Decimal(0)] * len(blanks))
    by_row = dict(zip(fixed, fixed_weights, strict=True))
    by_row.update(zip(blanks, blank_weights, strict=True))
    note = f"已填分值的{len(fixed)}项指标按所填分值（合计{fmt_number(round2(fixed_sum))}分）"
    if blanks:
        note += (
            f"；未填分值的{len(blanks)}项指标平分本部分默认{fmt_number(default)}分"
            f"的剩余{fmt_number(rest)}分"
        )
    if skipped:
        note += f"；未量化指标{_names(skipped)}不评分"
    return _PartWeighting([by_row[i] for i in scored], note)


def _default_weighting(
    scored: list[int], skipped: list[str], default: Decimal, mixed: bool
) -> _PartWeighting:
    """No 分值 in this part: the default part weight split equally over its scored rows."""
    weights = _apportion(default, [Decimal(0)] * len(scored))
    each_text = "或".join(fmt_number(w) for w in sorted(set(weights), reverse=True))
    if len(scored) == 1:
        note = f"{fmt_number(default)}分由该项指标承担"
    else:
        note = f"{fmt_number(default)}分由{len(scored)}项指标平均分配（每项{each_text}分）"
    if skipped:
        note += f"；未量化指标{_names(skipped)}不评分，其分值由本部分其他指标分担"
    if mixed:
        note = "本部分指标均未填分值：" + note
    return _PartWeighting(weights, note)


def _part_weighting(rows: _Rows, part: str, default: Decimal) -> _PartWeighting:
    """How one indicator part is weighted: from the sheet, mixed, or by default."""
    in_part = rows.of_part(part)
    scored = [i for i in in_part if rows.scorable[i]]
    skipped = [rows.name(i) for i in in_part if not rows.scorable[i]]
    if not scored:
        return _unscored_part(in_part, skipped, default)
    if rows.from_sheet:
        return _sheet_weighting(in_part, scored, skipped, rows.given)
    if rows.mixed and any(rows.given[i] is not None for i in in_part):
        return _mixed_weighting(scored, skipped, rows.given, default)
    return _default_weighting(scored, skipped, default, rows.mixed)


def _other_note(rows: _Rows, weighting: _PartWeighting) -> _PartWeighting:
    """PART_OTHER's 说明: scoring.md has no rule for these first-level rows."""
    names = list(dict.fromkeys(str(rows.recs[i][L1]) for i in rows.of_part(PART_OTHER)))
    if not names:
        return weighting
    note = (
        f"评分规则中没有{_names(names)}这类一级指标：按表内分值和表中自评分计分；{weighting.note}"
    )
    return _PartWeighting(weighting.weights, note)


@dataclass(frozen=True)
class _Weighting:
    assigned: list[Decimal | None]  # the weight each row carries; None when not scored
    part_weight: dict[str, Decimal]
    part_note: dict[str, str]


def _weighting(rows: _Rows, defaults: dict[str, Decimal]) -> _Weighting:
    """The weight each scored row carries, and each indicator part's 分值 and 说明."""
    assigned: list[Decimal | None] = [None] * len(rows.recs)
    part_weight: dict[str, Decimal] = {}
    part_note: dict[str, str] = {}
    for part in (*INDICATOR_PARTS, PART_OTHER):
        weighting = _part_weighting(rows, part, defaults[part])
        if part == PART_OTHER:
            weighting = _other_note(rows, weighting)
        scored = [i for i in rows.of_part(part) if rows.scorable[i]]
        for i, w in zip(scored, weighting.weights, strict=True):
            assigned[i] = w
        part_weight[part] = sum(weighting.weights, round2(Decimal(0)))
        part_note[part] = weighting.note
    return _Weighting(assigned, part_weight, part_note)


# ---------------------------------------------------------------- row scoring
@dataclass(frozen=True)
class _RowScores:
    completions: list[Decimal | None]
    scores: list[Decimal | None]
    statuses: list[str]
    unquantified: list[str]
    findings: list[Problem]


def _score_rows(rows: _Rows, assigned: list[Decimal | None]) -> _RowScores:
    """Every row's 完成率, 得分, status and findings."""
    out = _RowScores([], [], [], [], [])
    for i, rec in enumerate(rows.recs):
        direction = rows.directions[i]
        target, result = _value(rec.get(TARGET)), _value(rec.get(RESULT))
        level = _value(rec.get(RESULT_LEVEL))
        if direction == DIR_QUAL:
            completion, got = indicator_score(direction, None, None, level, assigned[i])
        else:
            completion, got = indicator_score(direction, target, result, None, assigned[i])
        out.completions.append(completion)
        out.scores.append(got if rows.scorable[i] else None)
        if not rows.scorable[i]:
            out.statuses.append(STATUS_UNQUANTIFIED)
            out.unquantified.append(rows.name(i))
            continue
        met = is_met(direction, target, result, level)
        out.statuses.append(
            STATUS_QUAL if direction == DIR_QUAL else STATUS_MET if met else STATUS_MISSED
        )
        out.findings.extend(_row_findings(rec, direction, target, result, level, met))
    return out


def _sheet_findings(rows: _Rows, unquantified: list[str]) -> list[Problem]:
    """The findings about the sheet as a whole: 未量化 indicators, 分值 given for some rows only."""
    findings = []
    if unquantified:
        findings.append(
            _warning(
                f"{len(unquantified)}项指标未设定量化的年度指标值，未纳入评分：{_names(unquantified)}；"
                "量化目标少的自评说服力有限",
                None,
                TARGET,
                CODE_UNQUANTIFIED,
            )
        )
    if rows.mixed:
        n = len(rows.recs)
        blank_names = [rows.name(i) for i in range(n) if rows.given[i] is None]
        findings.append(
            _warning(
                f"{rows.n_given}项指标填写了分值，{n - rows.n_given}项未填写（{_names(blank_names)}）："
                "已填的按所填分值，未填的平分所在部分剩余的默认分值",
                None,
                WEIGHT,
                CODE_PARTIAL_WEIGHTS,
            )
        )
    return findings


# ---------------------------------------------------------------- execution
@dataclass(frozen=True)
class _ExecutionScore:
    rate: Decimal | None
    score: Decimal | None  # None when not scored
    note: str


def _execution_score(
    budget: Decimal | None, actual: Decimal | None, weight: Decimal, from_sheet: bool
) -> _ExecutionScore:
    """预算执行率 = Σ全年执行数 / Σ全年预算数, scored weight × min(rate, 1)."""
    if budget is None or actual is None or budget == 0:
        why = "未提供全年预算数" if budget is None or actual is None else "全年预算数为0"
        note = f"{why}，预算执行率未纳入评分（默认{fmt_number(weight)}分），总分按已评分部分折算为百分制"
        return _ExecutionScore(None, None, note)
    if weight == 0:  # the form's own points make 100 without it
        rate = Decimal(actual) / Decimal(budget)
        note = f"执行率{percent(rate)}；表中未给预算执行率分值（各部分分值已合计100分），只列示、不计分"
        return _ExecutionScore(rate, None, note)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        b, a = Decimal(budget), Decimal(actual)
        got = round2(weight if a >= b else weight * a / b)
    rate = Decimal(actual) / Decimal(budget)
    note = (
        f"执行率 = 全年执行数{money(actual)} / 全年预算数{money(budget)}"
        f" = {percent(rate)}，"
        f"得分 = {fmt_number(weight)} × min(执行率, 1)"
    )
    if a > b:
        note += f"；执行率超过100%，按100%计分（封顶{fmt_number(weight)}分）"
    if from_sheet:
        note += "；指标按表内分值评分，预算执行率保持默认分值"
    return _ExecutionScore(rate, got, note)


# ---------------------------------------------------------------- parts and total
def _part_rows(
    rows: _Rows,
    weighting: _Weighting,
    row_scores: _RowScores,
    execution: _ExecutionScore,
    exec_weight: Decimal,
) -> list[dict[str, Any]]:
    """One row per part in PARTS order: 分值, 得分 (sum of rounded 得分), 纳入评分, 说明."""
    part_rows = []
    for part in ALL_PARTS:
        if part == PART_OTHER and not rows.of_part(part):
            continue  # shown only where a form has such rows
        if part == PART_EXECUTION:
            included = execution.score is not None
            weight = exec_weight if included else round2(Decimal(0))
            got = execution.score if included else Decimal(0)
            note = execution.note
        else:
            in_part = rows.of_part(part)
            included = any(weighting.assigned[i] is not None for i in in_part)
            weight = weighting.part_weight[part]
            got = sum(
                (row_scores.scores[i] for i in in_part if row_scores.scores[i] is not None),
                Decimal(0),
            )
            note = weighting.part_note[part]
        part_rows.append(
            {
                PART: part,
                PART_WEIGHT: weight,
                SCORE: round2(got),
                INCLUDED: included,
                EXPLANATION: note,
            }
        )
    return part_rows


def _total(raw_total: Decimal, rests_on: Decimal) -> Decimal | None:
    """100 × raw_total / rests_on, rounded half-up; None when nothing was scored."""
    if rests_on <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return round2(HUNDRED * raw_total / rests_on)


def _scored_indicators(
    indicators: pd.DataFrame, rows: _Rows, weighting: _Weighting, row_scores: _RowScores
) -> pd.DataFrame:
    """The input rows with PART, ASSIGNED_WEIGHT, COMPLETION, SCORE and STATUS added."""
    out = indicators.copy()
    for column, values in (
        (PART, rows.parts_of),
        (ASSIGNED_WEIGHT, weighting.assigned),
        (COMPLETION, row_scores.completions),
        (SCORE, row_scores.scores),
        (STATUS, row_scores.statuses),
    ):
        out[column] = pd.Series(values, index=out.index, dtype=object)
    return out


def score(
    indicators: pd.DataFrame,
    budget: Decimal | None,
    actual: Decimal | None,
    part_weights: dict[str, Decimal] = DEFAULT_PART_WEIGHTS,
) -> ScoreResult:
    """Score one workbook: 预算执行率 from Σ全年预算数 / Σ全年执行数, and every 绩效指标 row."""
    defaults = {p: round2(Decimal(part_weights.get(p, 0))) for p in ALL_PARTS}
    rows = _read_rows(indicators)
    weighting = _weighting(rows, defaults)
    row_scores = _score_rows(rows, weighting.assigned)
    execution = _execution_score(budget, actual, defaults[PART_EXECUTION], rows.from_sheet)
    part_rows = _part_rows(rows, weighting, row_scores, execution, defaults[PART_EXECUTION])
    included = [r for r in part_rows if r[INCLUDED]]
    raw_total = round2(sum((r[SCORE] for r in included), Decimal(0)))
    rests_on = sum((r[PART_WEIGHT] for r in included), Decimal(0))
    total = _total(raw_total, rests_on)
    return ScoreResult(
        indicators=_scored_indicators(indicators, rows, weighting, row_scores),
        parts=pd.DataFrame(part_rows, columns=list(PARTS_COLUMNS)).astype(object),
        execution_rate=execution.rate,
        execution_score=execution.score,
        raw_total=raw_total,
        rests_on=rests_on,
        total=total,
        grade=grade(total),
        weights_from_sheet=rows.from_sheet,
        unquantified=row_scores.unquantified,
        findings=row_scores.findings + _sheet_findings(rows, row_scores.unquantified),
    )


def _row_findings(
    rec: dict[str, Any],
    direction: str,
    target: Decimal | None,
    result: Decimal | None,
    level: str | None,
    met: bool,
) -> list[Problem]:
    """未说明偏差原因, 目标值可能偏低 and 单位可能有误 for one scored row."""
    name = str(rec[KPI_NAME])
    row = rec.get(ROW)
    found: list[Problem] = []
    if not met and _is_blank(rec.get(REASON)):
        if direction == DIR_QUAL:
            shortfall = f"定性结果为{level}"
        else:
            shortfall = f"年度指标值{_show(rec, TARGET)}，实际完成值{_show(rec, RESULT)}"
        found.append(
            _warning(
                f"「{name}」未完成年度指标（{shortfall}），未说明偏差原因",
                row,
                REASON,
                CODE_MISSING_REASON,
            )
        )
    if direction == DIR_QUAL:
        return found
    assert target is not None and result is not None
    slip = is_unit_slip(result, target)
    if (
        direction == DIR_GE
        and not slip  # a 10 000× result is a unit slip, not a low target
        and target >= 0
        and result >= TARGET_LOW_FACTOR * target
    ):
        ratio = f"为年度指标值的{percent(result / target)}" if target > 0 else "，年度指标值为0"
        found.append(
            _warning(
                f"「{name}」实际完成值{_show(rec, RESULT)}{ratio}，目标值可能偏低",
                row,
                TARGET,
                CODE_TARGET_LOW,
            )
        )
    if slip:
        found.append(
            _warning(
                f"「{name}」实际完成值{_show(rec, RESULT)}与年度指标值{_show(rec, TARGET)}"
                "相差约1万倍，单位可能有误",
                row,
                RESULT,
                CODE_UNIT_SLIP,
            )
        )
    prev = _value(rec.get(PREV_RESULT))
    if is_unit_slip(result, prev):
        found.append(
            _warning(
                f"「{name}」实际完成值{_show(rec, RESULT)}与上年完成值{_show(rec, PREV_RESULT)}"
                "相差约1万倍，单位可能有误",
                row,
                RESULT,
                CODE_UNIT_SLIP,
            )
        )
    return found
