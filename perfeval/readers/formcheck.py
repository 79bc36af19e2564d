"""The form's own arithmetic, wherever it states it: 执行率 and its 得分, each row's 得分 (at its own
分值), the 总分 row and a 自评总分 in the header, 分值 that should add up to 100 with the 执行率 points
included, 年度资金总额 against its 其中 rows, 执行 above 预算. Each difference is a warning naming the
cell and both values; the recomputed figure (scoring.md) is the one shown everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from perfeval.model import scorecard, scoring
from perfeval.readers.formparts import Number, read_cell_number, read_number
from perfeval.readers.funding import AMOUNTS, Funding, FundingLine
from perfeval.readers.grid import Grid
from perfeval.readers.kpis import Indicators, points_of
from perfeval.readers.labels import split_label_value
from perfeval.readers.problems import Log
from perfeval.readers.roles import FUNDING_ROLES, LOOSE, best_role, header_key
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    DIR_QUAL,
    DIRECTION,
    KPI_NAME,
    L1,
    PART_EXECUTION,
    REASON,
    RESULT,
    RESULT_LEVEL,
    ROW,
    SCORE,
    TABLE_COLUMNS,
    TARGET,
    WEIGHT,
    make_table,
)

if TYPE_CHECKING:
    from perfeval.readers.selfeval import Analysis

CODE_CLAIM = "form_claim_differs"
CODE_FUND_PARTS = "fund_parts_differ"
CODE_POINTS = "points_not_100"
CODE_DEDUCTION = "unexplained_deduction"
CODE_NO_AMOUNTS = "no_amounts"
CODE_OVER_BUDGET = "form_over_budget"
HUNDRED = Decimal(100)
MAX_PLACES = 6  # a float's 17 digits (0.30000000000000004) say nothing about written precision
HEADER_TOTALS = ("自评总分", "自评得分", "总得分", "综合得分")


def _at(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _two(value: Decimal) -> str:
    return format(_at(value, 2), "f")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def agrees(claimed: Number, computed: Decimal) -> bool:
    """Compared at the precision the form writes (forms.md): 95.20 agrees with 95.2036…, 95 with
    94.6, a 得分 of 9 with 8.62."""
    places = min(claimed.places, MAX_PLACES)
    return _at(computed, places) == _at(claimed.value, places)


def _row_of(where: str) -> int:
    return int("".join(ch for ch in where if ch.isdigit()))


def _differs(log: Log, grid: Grid, what: str, claimed: Number, computed: Decimal, pct: str) -> None:
    log.warning(
        CODE_CLAIM,
        f"{what}（{claimed.where}）：表中{_two(claimed.value)}{pct}，复算{_two(computed)}{pct}；"
        "以复算结果为准，请核对表中数字",
        sheet=grid.name,
        row=_row_of(claimed.where),
        column=what,
    )


def fund_parts(grid: Grid, funding: Funding, groups: list[list[FundingLine]], log: Log) -> None:
    """年度资金总额 against each group of its 其中 rows, per amount column. A total left at 0 (or
    blank) while its parts are filled takes the parts' sum (a finding says so)."""
    total = funding.total
    if total is None:
        return
    for lines in groups:
        if not lines:
            continue
        for name in AMOUNTS:
            parts = [line.amounts[name] for line in lines if line.amounts.get(name) is not None]
            if not parts:
                continue
            summed = sum((p.value for p in parts), Decimal(0))  # type: ignore[union-attr]
            given = total.amounts.get(name)
            if given is not None and given.value == summed:
                continue
            if (given is None or given.value == 0) and summed != 0:
                message = (
                    f"年度资金总额（第{total.row}行）「{name}」：表中为"
                    f"{'空' if given is None else '0'}，其中各项合计{format(summed, 'f')}，"
                    "已按其中各项计算"
                )
                total.amounts[name] = Number(summed, 2, grid.ref(total.row, 0))
            else:
                message = (
                    f"年度资金总额（{given.where}）「{name}」：表中{format(given.value, 'f')}，"  # type: ignore[union-attr]
                    f"其中各项（第{lines[0].row}–{lines[-1].row}行）合计{format(summed, 'f')}，"
                    "请核对"
                )
            log.warning(CODE_FUND_PARTS, message, sheet=grid.name, row=total.row, column=name)


# ---------------------------------------------------------------- the points of 预算执行率
@dataclass(frozen=True)
class Weight:
    """The points the form gives 预算执行率, and where it says so."""

    value: Decimal
    where: str
    why: str = ""


def _caption_points(grid: Grid, header: Any) -> tuple[Decimal, str] | None:
    """Points in a block's caption (`预算执行情况(10分)`, `预算执行\\n情况(万元)\\n(20分)`)."""
    for row in header.rows:
        for col, text in grid.row_texts(row):
            _name, points = points_of(text)
            role = best_role(FUNDING_ROLES, text)
            if points is not None and (role is None or role[1] == LOOSE):
                return points, grid.ref(*grid.origin(row, col))
    return None


def top_points(
    grid: Grid, found: Analysis, rows: Indicators | None
) -> list[tuple[str, Decimal, str]]:
    """The first-level points the form states above its indicators: a rubric's parts
    (`项目决策 2分`, `项目管理 13分`) and the indicator table's caption (`项目绩效 85分`)."""
    out: list[tuple[str, Decimal, str]] = []
    seen: set[str] = set()
    if rows is not None:
        for record in rows.rubric:
            if record.get("_points") is not None and record[L1] not in seen:
                seen.add(record[L1])
                out.append((record[L1], record["_points"], record["_caption"] or ""))
    return out + caption_points(grid, found, rows)


def caption_points(
    grid: Grid, found: Analysis, rows: Indicators | None
) -> list[tuple[str, Decimal, str]]:
    """Points in the indicator table's caption column, left of its 一级指标 (`年度绩效目标(80分)`,
    `绩效指标(90分)`, `项目绩效85分`)."""
    kpi = found.indicators
    if kpi is None:
        return []
    out = []
    left = min((c.first for c in kpi.chosen.values()), default=0)
    end = rows.end if rows else grid.last
    origins: set[tuple[int, int]] = set()
    for row in grid.rows(kpi.row, end):
        for col, text in grid.row_texts(row):
            origin = grid.origin(row, col)
            if col >= left or origin in origins:
                continue
            origins.add(origin)
            name, points = points_of(text)
            if points is not None:
                out.append((name, points, grid.ref(*origin)))
    return out


def exec_weight(
    grid: Grid, found: Analysis, funding: Funding | None, rows: Indicators | None
) -> Weight | None:
    """The 分值 of 预算执行率: the funding block's 分值, else its caption's points, else 0 when
    the form's first-level points already make 100 without it (广水: 决策 2 + 管理 13 + 绩效 85);
    None: scoring.md's default."""
    if funding is not None and funding.weight is not None:
        return Weight(funding.weight.value, funding.weight.where)
    if found.funding is not None:
        caption = _caption_points(grid, found.funding)
        if caption is not None:
            return Weight(caption[0], caption[1])
    stated = top_points(grid, found, rows)
    if stated and sum((p for _, p, _ in stated), Decimal(0)) == HUNDRED:
        return Weight(Decimal(0), "", "本表各部分分值已合计100分，预算执行率不另计分")
    if rows is not None and _execution_as_indicator(rows):
        return Weight(Decimal(0), "", "预算执行率作为指标行计分")
    return None


def _execution_as_indicator(rows: Indicators) -> bool:
    """预算执行率 given as an indicator row, the rows' 分值 making 100: it is not scored twice."""
    records = rows.rubric + rows.records
    if not records or any(r.get(WEIGHT) is None for r in records):
        return False
    named = any("执行率" in str(r[KPI_NAME]) or "执行进度" in str(r[KPI_NAME]) for r in records)
    return named and sum((r[WEIGHT] for r in records), Decimal(0)) == HUNDRED


# ---------------------------------------------------------------- the score
def recompute(
    grid: Grid,
    funding: Funding | None,
    kpis: Indicators,
    log: Log,
    weight: Weight | None = None,
    found: Analysis | None = None,
) -> scorecard.ScoreResult:
    """Score the form by scoring.md and warn where its 执行率, 得分 or 总分 say otherwise."""
    budget = funding.amount(funding.total, BUDGET) if funding else None
    actual = funding.amount(funding.total, ACTUAL) if funding else None
    weights = dict(scoring.DEFAULT_PART_WEIGHTS)
    if weight is not None:
        weights[PART_EXECUTION] = weight.value
    rubric = [{k: v for k, v in r.items() if not k.startswith("_")} for r in kpis.rubric]
    plain = [{k: v for k, v in r.items() if not k.startswith("_")} for r in kpis.records]
    frame = make_table(rubric + plain, TABLE_COLUMNS["indicators"])
    result = scorecard.score(frame, budget, actual, weights)
    if funding is not None:
        _check_execution(grid, funding, result, log, weight)
    _check_rows(grid, kpis, log)
    total = result.total
    if kpis.total_score is not None and total is not None and not agrees(kpis.total_score, total):
        _differs(log, grid, "总分", kpis.total_score, total, "")
    if found is not None:
        _header_total(grid, found, result, log)
        _points_total(grid, found, kpis, result, weight, log)
    return result


def execution_only(grid: Grid, funding: Funding, log: Log, weight: Weight | None) -> None:
    """A form with a funding block and no indicator table: its 执行率 checked alone."""
    recompute(grid, funding, Indicators(), log, weight)


def _own_score(record: dict[str, Any]) -> Decimal | None:
    """The row's 得分 at its own 分值 (the claim is about that, not about a share redistributed
    from rows that could not be scored)."""
    if record.get(WEIGHT) is None:
        return None
    direction = scoring.direction_or_ge(record.get(DIRECTION))
    if direction == DIR_QUAL:
        if record.get(RESULT_LEVEL) is None:
            return None
        return scoring.indicator_score(direction, None, None, record[RESULT_LEVEL], record[WEIGHT])[
            1
        ]
    if record.get(TARGET) is None or record.get(RESULT) is None:
        return None
    got = scoring.indicator_score(direction, record[TARGET], record[RESULT], None, record[WEIGHT])
    return got[1]


def _check_rows(grid: Grid, kpis: Indicators, log: Log) -> None:
    for claim, record in zip(kpis.claimed, kpis.records, strict=True):
        got = _own_score(record)
        if claim.score is None or got is None or agrees(claim.score, got):
            continue
        full = got == record[WEIGHT] and claim.score.value < got
        if full and not record.get(REASON):
            log.warning(
                CODE_DEDUCTION,
                f"得分（{claim.score.where}，{record[KPI_NAME]}）：完成100%，表中"
                f"{_plain(claim.score.value)}，复算{_plain(got)}；扣分无说明（无偏差原因），"
                "请说明扣分原因或改正得分",
                sheet=grid.name,
                row=claim.row,
                column=SCORE,
            )
            continue
        _differs(log, grid, "得分", claim.score, got, "")


def _check_execution(
    grid: Grid, funding: Funding, result: scorecard.ScoreResult, log: Log, weight: Weight | None
) -> None:
    total = funding.total
    if funding.blank or total is None:
        log.warning(
            CODE_NO_AMOUNTS,
            f"资金表（第{funding.hit.row}行起）未填全年预算数和全年执行数：预算执行率无法复算，"
            "只按指标评分；请补填资金后重新上传",
            sheet=grid.name,
            row=funding.hit.row,
            column=BUDGET,
        )
        return
    rate = result.execution_rate
    claimed = funding.claimed_rate
    if rate is not None and claimed is not None:
        shown = claimed if claimed.percent or claimed.value > 2 else None
        if shown is None:  # written as a ratio (0.952) or 0: compared as a ratio, shown in %
            if not agrees(claimed, rate):
                as_pct = Number(claimed.value * HUNDRED, max(claimed.places - 2, 0), claimed.where)
                log.warning(
                    CODE_CLAIM,
                    f"执行率（{claimed.where}）：表中{_plain(as_pct.value)}%，复算{_two(rate * HUNDRED)}%；"
                    "以复算结果为准，请核对表中数字",
                    sheet=grid.name,
                    row=_row_of(claimed.where),
                    column="执行率",
                )
        elif not agrees(shown, rate * HUNDRED):
            _differs(log, grid, "执行率", shown, rate * HUNDRED, "%")
    score = funding.claimed_score
    got = result.execution_score
    if score is not None and got is not None and not agrees(score, got):
        _differs(log, grid, "执行率得分", score, got, "")
    score_col = funding.hit.col(SCORE)
    if score is None and got is not None and score_col is not None and funding.weight is not None:
        where = grid.ref(total.row, score_col)
        log.warning(
            CODE_CLAIM,
            f"执行率得分（{where}）：表中空白，复算{_two(got)}；以复算结果为准，请补填",
            sheet=grid.name,
            row=total.row,
            column="执行率得分",
        )
    budget, actual = funding.amount(total, BUDGET), funding.amount(total, ACTUAL)
    if budget and actual is not None and actual > budget and rate is not None:
        points = (
            weight.value if weight is not None else scoring.DEFAULT_PART_WEIGHTS[PART_EXECUTION]
        )
        log.warning(
            CODE_OVER_BUDGET,
            f"年度资金总额（第{total.row}行）：全年执行数{_plain(actual)}超过全年预算数"
            f"{_plain(budget)}，执行率{_two(rate * HUNDRED)}%，执行率得分按{_plain(points)}分封顶",
            sheet=grid.name,
            row=total.row,
            column=ACTUAL,
        )


def _header_total(grid: Grid, found: Analysis, result: scorecard.ScoreResult, log: Log) -> None:
    """A total stated above the tables (`自评总分: 95`) against the recomputed total."""
    if result.total is None:
        return
    first = min((h.row for h in found.headers.values()), default=grid.last)
    for row in grid.rows(grid.first, first - 1):
        for col, text in grid.row_texts(row):
            split = split_label_value(text)
            if split and header_key(split[0]) in HEADER_TOTALS:
                claimed = _number_text(split[1], grid.ref(row, col))
            elif header_key(text) in HEADER_TOTALS:
                right = grid.right_of(row, col)
                claimed = read_number(grid, row, right[1]) if right else None
            else:
                continue
            if claimed is not None and not agrees(claimed, result.total):
                what = header_key(split[0] if split else text)
                _differs(log, grid, what, claimed, result.total, "")
            return


def _weights_source(found: Analysis, kpis: Indicators) -> str:
    """Where the indicators' 分值 came from: their column, or the points of their labels."""
    header = found.indicators
    if header is not None and WEIGHT in header.chosen:
        return header.chosen[WEIGHT].where
    named = [
        f"{key.split(':', 1)[1]}{_plain(kpis.l1_points[key][0])}分（{kpis.l1_points[key][1]}）"
        for key in kpis.applied
    ]
    return "按" + "、".join(named) + "所标分值" if named else "按默认分值"


def _number_text(text: str, where: str) -> Number | None:
    value = read_cell_number(text)
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return Number(value, places, where)


def _points_total(
    grid: Grid,
    found: Analysis,
    kpis: Indicators,
    result: scorecard.ScoreResult,
    weight: Weight | None,
    log: Log,
) -> None:
    """分值 that should add up to 100 with the 执行率 points included: when they do not, the total
    is rescaled to 100 (scoring.md) and a warning names their sum and where each came from."""
    rows = kpis.rubric + kpis.records
    if not rows or any(r.get(WEIGHT) is None for r in rows) or result.total is None:
        return
    indicators = sum((r[WEIGHT] for r in kpis.records), Decimal(0))
    rubric = sum((r[WEIGHT] for r in kpis.rubric), Decimal(0))
    executed = result.execution_score is not None or (weight is not None and weight.value == 0)
    if weight is not None:
        exec_points = weight.value
    else:
        exec_points = scoring.DEFAULT_PART_WEIGHTS[PART_EXECUTION] if executed else Decimal(0)
    used = indicators + rubric + exec_points
    if used == HUNDRED:
        return
    parts = [f"决策、管理等评分{_plain(rubric)}分"] if rubric else []
    parts.append(f"指标分值{_plain(indicators)}分（{_weights_source(found, kpis)}）")
    where = f"（{weight.where}）" if weight is not None and weight.where else ""
    parts.append(f"执行率分值{_plain(exec_points)}分{where}")
    message = f"分值合计：{'加'.join(parts)}，合计{_plain(used)}分，不是100"
    if kpis.total_weight is not None:
        message += f"（总分行{kpis.total_weight.where}写{_plain(kpis.total_weight.value)}）"
    children = sum((p for k, (p, _) in kpis.l1_points.items() if k.startswith(L1)), Decimal(0))
    for name, points, cell in caption_points(grid, found, kpis):
        if children and points != children:
            message += f"；{name}写{_plain(points)}分（{cell}）"
    absent = [
        p for p in ("产出指标", "效益指标", "满意度指标") if p not in {r[L1] for r in kpis.records}
    ]
    if absent and kpis.records:
        message += f"（未见{'、'.join(absent)}）"
    message += (
        f"：总分按100×{_plain(result.raw_total)}/{_plain(result.rests_on)}"
        f"折算为{_two(result.total)}"
    )
    log.warning(CODE_POINTS, message, sheet=grid.name, row=rows[0][ROW], column=WEIGHT)
